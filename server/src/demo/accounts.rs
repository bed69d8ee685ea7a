//! The demo accounts: one player (with an opening balance paid in through a
//! real sandbox deposit) and one staff member per back-office role, all on
//! the `demo.croupier.dev` domain with a shared password.

use engine::auth::RegisterInput;
use engine::{Engine, Role};

/// The shared password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-pass-2026";

/// A demo login, for printing at start.
pub struct DemoLogin {
    /// E-mail.
    pub email: &'static str,
    /// Role.
    pub role: &'static str,
}

/// The demo accounts: one player and one staff member per back-office role.
pub const DEMO_LOGINS: [DemoLogin; 6] = [
    DemoLogin {
        email: "player@demo.croupier.dev",
        role: "player",
    },
    DemoLogin {
        email: "admin@demo.croupier.dev",
        role: "admin",
    },
    DemoLogin {
        email: "trader@demo.croupier.dev",
        role: "trader",
    },
    DemoLogin {
        email: "marketing@demo.croupier.dev",
        role: "marketing",
    },
    DemoLogin {
        email: "vip@demo.croupier.dev",
        role: "vip_manager",
    },
    DemoLogin {
        email: "compliance@demo.croupier.dev",
        role: "compliance",
    },
];

/// The demo player's opening balance (EUR minor units), paid in through a
/// real sandbox deposit.
pub const DEMO_OPENING_BALANCE_MINOR: i64 = 10_000;
/// The idempotency key that labels the demo deposit in the ledger.
pub const DEMO_DEPOSIT_KEY: &str = "demo-opening-balance";

/// Gives the demo player an opening balance through a real sandbox deposit,
/// labelled by its idempotency key (and so made at most once).
async fn opening_balance(engine: &Engine, player_id: uuid::Uuid) -> anyhow::Result<()> {
    let amount =
        domain::money::Money::new(DEMO_OPENING_BALANCE_MINOR, domain::money::Currency::EUR);
    let label = serde_json::json!({"demo": "opening balance", "amount": amount.format_amount()});
    let key = engine::wallet::Idempotency::new(player_id, DEMO_DEPOSIT_KEY, &label, 201)
        .map_err(|e| anyhow::anyhow!("demo deposit key: {e}"))?;
    engine
        .wallet()
        .deposit(player_id, amount, "sandbox", Some(&key))
        .await
        .map_err(|e| anyhow::anyhow!("seeding the demo opening balance: {e}"))?;
    Ok(())
}

/// Seeds the demo accounts (idempotent: existing ones are left alone).
pub(super) async fn seed_accounts(engine: &Engine) -> anyhow::Result<()> {
    for login in &DEMO_LOGINS {
        if login.role == "player" {
            let input = RegisterInput {
                email: login.email.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                date_of_birth: "1990-05-17".to_owned(),
                country: "MT".to_owned(),
                currency: "EUR".to_owned(),
            };
            match engine
                .auth()
                .register(input, engine.now().date_naive())
                .await
            {
                Ok(registered) => opening_balance(engine, registered.player_id).await?,
                Err(engine::AuthError::EmailTaken) => {}
                Err(e) => return Err(anyhow::anyhow!("seeding the demo player: {e}")),
            }
        } else {
            let role: Role = login
                .role
                .parse()
                .map_err(|()| anyhow::anyhow!("unknown demo role {}", login.role))?;
            engine
                .auth()
                .ensure_staff(login.email, DEMO_PASSWORD, &[role])
                .await
                .map_err(|e| anyhow::anyhow!("seeding {}: {e}", login.email))?;
        }
    }
    Ok(())
}
