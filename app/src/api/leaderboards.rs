//! Leaderboards and tournaments (API.md "Leaderboards and tournaments"):
//! thin adapters over `engine.leaderboards()`.
//!
//! Rules:
//! - Boards, their standings and their past winners are public; the
//!   caller's own place (rank, the rows around it) is only ever the
//!   signed-in player's, taken from the session on the server, and
//!   visitors and staff simply have none.
//! - Joining an opt-in board and choosing a nickname need a signed-in
//!   player.
//! - Creating boards, listing every board, closing a period and reading
//!   periods with their payouts need the marketing role (admins hold it
//!   implicitly).
//! - Players appear only under their public display name (a nickname or a
//!   masked one); player ids stay in the back office and e-mails never
//!   leave the engine.
//! - Expected refusals (validation, a full board, a period already closed)
//!   come back as data the page explains; authorization failures as coded
//!   errors.
//! - Prize values are summed in minor units ([`domain::money::Money`]),
//!   never in floats.

use std::collections::BTreeMap;

use domain::api::leaderboard::{
    LeaderboardSpec, LeaderboardSummary, LeaderboardView, MyRank, Period, PeriodStatus, RankRow,
    Standings,
};
use domain::reward::RewardSpec;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::model::Refusal;
use crate::model::{FormOutcome, refusable};

/// Rows of the top table on a board page.
pub const TOP_ROWS: u64 = 50;
/// Rows above and below the player in "around me".
pub const AROUND_ROWS: u64 = 3;
/// Past periods shown to players.
pub const PAST_PERIODS: usize = 5;

/// The boards players can see, with the clock to count down from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardsListing {
    /// Live boards first, then scheduled ones.
    pub items: Vec<LeaderboardSummary>,
    /// The currency of money scores and prizes.
    pub currency: String,
    /// The server's time when this was read, RFC 3339.
    pub now: String,
}

/// One paid rank of a closed period, as players see it (no player id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastWinner {
    /// 1-based.
    pub rank: u64,
    /// Public display name.
    pub player: String,
    /// The frozen score.
    pub score: String,
    /// The prize of the rank.
    pub reward: RewardSpec,
}

/// A closed period and its winners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastPeriod {
    /// The period.
    pub period: Period,
    /// Best rank first.
    pub winners: Vec<PastWinner>,
}

/// Everything a board page shows at load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardPage {
    /// The board: status, period, prizes, terms.
    pub board: LeaderboardView,
    /// The top of the current period.
    pub standings: Standings,
    /// The rows around the signed-in player, once ranked.
    pub around: Vec<RankRow>,
    /// The latest closed periods, newest first.
    pub past: Vec<PastPeriod>,
    /// The server's time when this was read, RFC 3339.
    pub now: String,
    /// The signed-in player (`None` for visitors and staff).
    pub player_id: Option<String>,
}

/// The signed-in player's place on a board.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPlace {
    /// Rank and score, once ranked.
    pub me: Option<MyRank>,
    /// The rows around the player, the player's own included.
    pub around: Vec<RankRow>,
}

/// The answer of a player's or a marketer's action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardReport {
    /// True when it was done.
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// The API error code on failure (`leaderboard_full`, `already_closed`).
    pub code: Option<String>,
}

/// What a period's prizes are worth and how much of it was paid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    /// Ranks with a prize.
    pub prizes: u64,
    /// Of those, paid.
    pub paid: u64,
    /// Face value of the paid prizes (money rewards), in `currency`.
    pub paid_value: String,
    /// Face value of every prize.
    pub total_value: String,
}

/// One winner as the back office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WinnerRow {
    /// 1-based.
    pub rank: u64,
    /// The player's id (for the player pages of the back office).
    pub player_id: String,
    /// Public display name.
    pub player: String,
    /// The frozen score.
    pub score: String,
    /// The prize.
    pub reward: RewardSpec,
    /// False when refused (e.g. the player was excluded meanwhile).
    pub paid: bool,
}

/// One period in the back office, with its payout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodReport {
    /// The period.
    pub period: Period,
    /// Open, closing or closed.
    pub status: PeriodStatus,
    /// Players ranked.
    pub participants: i64,
    /// Best rank first.
    pub winners: Vec<WinnerRow>,
    /// The prizes' value and how much was paid.
    pub payout: Payout,
    /// SHA-256 of the frozen standings, once closed.
    pub standings_hash: Option<String>,
}

/// A board with its standings and periods, for the back office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminBoard {
    /// The board.
    pub board: LeaderboardView,
    /// The top of the current period.
    pub standings: Standings,
    /// Newest first.
    pub periods: Vec<PeriodReport>,
    /// The server's time when this was read, RFC 3339.
    pub now: String,
}

/// Every board, for the back office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminListing {
    /// Newest first.
    pub items: Vec<LeaderboardView>,
    /// The currency amounts are entered in (the reporting currency).
    pub currency: String,
}

/// The answer of the create form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateReport {
    /// True when the board was created.
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// Validation problems by field path (`prizes[0].reward.amount`).
    pub field_errors: BTreeMap<String, String>,
    /// The new board.
    pub board: Option<LeaderboardView>,
}

/// The server's check of a board being written: its problems, or the
/// period it would open with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Validation problems by field path.
    pub field_errors: BTreeMap<String, String>,
    /// The first period, when the body is valid.
    pub first_period: Option<Period>,
    /// The first period has started: the board goes live at once.
    pub starts_now: bool,
}

/// The answer of a close.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseReport {
    /// True when the period was closed (now or by an earlier attempt).
    pub ok: bool,
    /// What happened, for people.
    pub message: String,
    /// The API error code on failure.
    pub code: Option<String>,
    /// The payout of the period closed.
    pub payout: Option<Payout>,
}

refusable!(BoardReport, CloseReport);

#[cfg(feature = "ssr")]
mod convert {

    use domain::api::leaderboard::{PeriodSummary, Winner};
    use domain::money::{Currency, Money};
    use domain::reward::Reward;
    use engine::leaderboards::LeaderboardError;
    use leptos::prelude::ServerFnError;

    use super::{Payout, PeriodReport, WinnerRow};
    use crate::api::server;
    use crate::model::codes;

    pub use crate::api::server::fields;

    /// An unexpected failure, keeping `not_found`.
    pub fn error(what: &str, e: LeaderboardError) -> ServerFnError {
        match e {
            LeaderboardError::NotFound => server::coded(codes::NOT_FOUND),
            e => server::internal(what, e),
        }
    }

    /// The face value of a prize; `None` for a reward that does not parse
    /// (it was validated at create, so only a changed currency does that).
    fn face(reward: &domain::reward::RewardSpec, currency: Currency) -> Option<Money> {
        Reward::parse(reward, currency, "reward")
            .ok()?
            .face_value(None)
            .ok()
    }

    /// What a period's winners were promised and paid.
    pub fn payout(winners: &[Winner], currency: Currency) -> Payout {
        let mut paid_value = Money::zero(currency);
        let mut total_value = Money::zero(currency);
        for w in winners {
            let Some(value) = face(&w.reward, currency) else {
                continue;
            };
            total_value = total_value.checked_add(value).unwrap_or(total_value);
            if w.paid {
                paid_value = paid_value.checked_add(value).unwrap_or(paid_value);
            }
        }
        Payout {
            prizes: winners.len() as u64,
            paid: winners.iter().filter(|w| w.paid).count() as u64,
            paid_value: paid_value.format_amount(),
            total_value: total_value.format_amount(),
        }
    }

    /// A winner for the back office.
    pub fn winner_row(w: Winner) -> WinnerRow {
        WinnerRow {
            rank: w.rank,
            player_id: w.player_id.to_string(),
            player: w.player,
            score: w.score,
            reward: w.reward,
            paid: w.paid,
        }
    }

    /// A period for the back office.
    pub fn period_report(p: PeriodSummary, currency: Currency) -> PeriodReport {
        let payout = payout(&p.winners, currency);
        PeriodReport {
            period: p.period,
            status: p.status,
            participants: p.participants,
            winners: p.winners.into_iter().map(winner_row).collect(),
            payout,
            standings_hash: p.standings_hash,
        }
    }
}

/// Parses a board id from the URL; `None` when it is not one.
#[cfg(feature = "ssr")]
fn board_id(id: &str) -> Option<uuid::Uuid> {
    uuid::Uuid::parse_str(id.trim()).ok()
}

/// The signed-in player, if the caller is one (staff and visitors: `None`).
#[cfg(feature = "ssr")]
async fn signed_in_player(engine: &engine::Engine) -> Result<Option<uuid::Uuid>, ServerFnError> {
    Ok(super::server::principal(engine)
        .await?
        .filter(|p| !p.is_backoffice())
        .map(|p| p.user_id))
}

/// The live and scheduled boards. Anyone.
#[server(prefix = "/rpc", endpoint = "leaderboards_list")]
pub async fn leaderboards_list() -> Result<BoardsListing, ServerFnError> {
    let engine = super::server::engine()?;
    let list = engine
        .leaderboards()
        .list()
        .await
        .map_err(|e| super::server::internal("listing leaderboards", e))?;
    Ok(BoardsListing {
        items: list.items,
        currency: engine.config().reporting_currency.code().to_owned(),
        now: engine.now().to_rfc3339(),
    })
}

/// A board with its top table and past winners; `None` when there is no
/// such board. Anyone; a signed-in player's own row is marked.
#[server(prefix = "/rpc", endpoint = "leaderboard_page")]
pub async fn leaderboard_page(leaderboard_id: String) -> Result<Option<BoardPage>, ServerFnError> {
    use engine::leaderboards::LeaderboardError;

    let engine = super::server::engine()?;
    let Some(id) = board_id(&leaderboard_id) else {
        return Ok(None);
    };
    let player = signed_in_player(&engine).await?;
    let boards = engine.leaderboards();
    let board = match boards.get(id).await {
        Ok(board) => board,
        Err(LeaderboardError::NotFound) => return Ok(None),
        Err(e) => return Err(convert::error("loading a leaderboard", e)),
    };
    let standings = boards
        .standings(id, TOP_ROWS, player)
        .await
        .map_err(|e| convert::error("loading standings", e))?;
    let periods = boards
        .periods(id)
        .await
        .map_err(|e| convert::error("loading past periods", e))?;
    let past = periods
        .items
        .into_iter()
        .filter(|p| p.status == PeriodStatus::Closed && !p.winners.is_empty())
        .take(PAST_PERIODS)
        .map(|p| PastPeriod {
            period: p.period,
            winners: p
                .winners
                .into_iter()
                .map(|w| PastWinner {
                    rank: w.rank,
                    player: w.player,
                    score: w.score,
                    reward: w.reward,
                })
                .collect(),
        })
        .collect();
    let around = match (player, &standings.me) {
        (Some(player), Some(_)) => match boards.around(id, player, AROUND_ROWS).await {
            Ok(a) => a.items,
            Err(LeaderboardError::NotFound) => Vec::new(),
            Err(e) => return Err(convert::error("loading the rows around a player", e)),
        },
        _ => Vec::new(),
    };
    Ok(Some(BoardPage {
        board,
        standings,
        around,
        past,
        now: engine.now().to_rfc3339(),
        player_id: player.map(|p| p.to_string()),
    }))
}

/// The current top of a board (the caller's own row marked); `None` when
/// there is no such board. Anyone.
#[server(prefix = "/rpc", endpoint = "leaderboard_standings")]
pub async fn leaderboard_standings(
    leaderboard_id: String,
) -> Result<Option<Standings>, ServerFnError> {
    use engine::leaderboards::LeaderboardError;

    let engine = super::server::engine()?;
    let Some(id) = board_id(&leaderboard_id) else {
        return Ok(None);
    };
    let player = signed_in_player(&engine).await?;
    match engine.leaderboards().standings(id, TOP_ROWS, player).await {
        Ok(s) => Ok(Some(s)),
        Err(LeaderboardError::NotFound) => Ok(None),
        Err(e) => Err(convert::error("loading standings", e)),
    }
}

/// The signed-in player's rank on a board and the rows around it; an
/// empty place for visitors, staff and players not ranked yet.
#[server(prefix = "/rpc", endpoint = "leaderboard_my_place")]
pub async fn leaderboard_my_place(leaderboard_id: String) -> Result<MyPlace, ServerFnError> {
    use engine::leaderboards::LeaderboardError;

    let engine = super::server::engine()?;
    let (Some(id), Some(player)) = (board_id(&leaderboard_id), signed_in_player(&engine).await?)
    else {
        return Ok(MyPlace::default());
    };
    let boards = engine.leaderboards();
    let me = match boards.standings(id, 1, Some(player)).await {
        Ok(s) => s.me,
        Err(LeaderboardError::NotFound) => return Ok(MyPlace::default()),
        Err(e) => return Err(convert::error("loading a rank", e)),
    };
    if me.is_none() {
        return Ok(MyPlace::default());
    }
    let around = match boards.around(id, player, AROUND_ROWS).await {
        Ok(a) => a.items,
        Err(LeaderboardError::NotFound) => Vec::new(),
        Err(e) => return Err(convert::error("loading the rows around a player", e)),
    };
    Ok(MyPlace { me, around })
}

/// Joins the signed-in player to an opt-in board (joining twice does
/// nothing more).
#[server(prefix = "/rpc", endpoint = "leaderboard_join")]
pub async fn leaderboard_join(leaderboard_id: String) -> Result<BoardReport, ServerFnError> {
    use engine::leaderboards::LeaderboardError;

    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    let refused = |code: &str, message: &str| Refusal::new(code, message).answer();
    let Some(id) = board_id(&leaderboard_id) else {
        return refused("not_found", "This leaderboard no longer exists.");
    };
    match engine.leaderboards().join(id, player.user_id).await {
        Ok(_) => {
            engine.events().wake();
            Ok(BoardReport {
                ok: true,
                message: "You are in: your play from now on scores on this board.".into(),
                code: None,
            })
        }
        Err(LeaderboardError::NotFound) => {
            refused("not_found", "This leaderboard no longer exists.")
        }
        Err(LeaderboardError::Full) => refused(
            "leaderboard_full",
            "This leaderboard is full for this period. Try the next one.",
        ),
        Err(LeaderboardError::NotOpen | LeaderboardError::AlreadyClosed) => refused(
            "invalid_state",
            "This leaderboard is not open for joining right now.",
        ),
        Err(LeaderboardError::Excluded) => refused(
            "self_excluded",
            "You cannot take part while a break or self-exclusion is running.",
        ),
        Err(e) => Err(super::server::internal("joining a leaderboard", e)),
    }
}

/// The signed-in player's nickname (None without one, or for visitors and
/// staff, who have none).
#[server(prefix = "/rpc", endpoint = "my_nickname")]
pub async fn my_nickname() -> Result<Option<String>, ServerFnError> {
    let engine = super::server::engine()?;
    let Some(caller) = super::server::principal(&engine).await? else {
        return Ok(None);
    };
    if !caller.has(engine::Role::Player) {
        return Ok(None);
    }
    engine
        .leaderboards()
        .nickname(caller.user_id)
        .await
        .map_err(|e| super::server::internal("reading a nickname", e))
}

/// Sets the signed-in player's public nickname (3–20 letters, digits, `_`
/// or `-`, unique), shown on leaderboards instead of a masked name.
#[server(prefix = "/rpc", endpoint = "set_nickname")]
pub async fn set_nickname(nickname: String) -> Result<FormOutcome, ServerFnError> {
    use engine::leaderboards::LeaderboardError;

    let engine = super::server::engine()?;
    let player = super::server::require(&engine, &[engine::Role::Player]).await?;
    let nickname = nickname.trim().to_owned();
    match engine
        .leaderboards()
        .set_nickname(player.user_id, &nickname)
        .await
    {
        Ok(()) => Ok(FormOutcome::success()),
        Err(LeaderboardError::Validation(errors)) => {
            let mut outcome = FormOutcome::default();
            for f in errors {
                // The only field is the nickname.
                outcome
                    .field_errors
                    .entry("nickname".into())
                    .or_insert(f.message);
            }
            Ok(outcome)
        }
        Err(LeaderboardError::NicknameTaken) => Ok(FormOutcome::default().with_field(
            "nickname",
            "Another player has this nickname. Pick another.",
        )),
        Err(e) => Err(super::server::internal("setting a nickname", e)),
    }
}

/// Every board, newest first. Marketing only.
#[server(prefix = "/rpc", endpoint = "leaderboards_admin")]
pub async fn leaderboards_admin() -> Result<AdminListing, ServerFnError> {
    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Marketing]).await?;
    let list = engine
        .leaderboards()
        .list_admin()
        .await
        .map_err(|e| super::server::internal("listing leaderboards", e))?;
    Ok(AdminListing {
        items: list.items,
        currency: engine.config().reporting_currency.code().to_owned(),
    })
}

/// Creates a board: live at once when its first period has started,
/// scheduled otherwise. Marketing only.
#[server(prefix = "/rpc", endpoint = "leaderboard_create", input = Json)]
pub async fn leaderboard_create(spec: LeaderboardSpec) -> Result<CreateReport, ServerFnError> {
    use engine::leaderboards::LeaderboardError;

    let mut spec = spec;
    engine::leaderboards::spec::in_board_time(&mut spec);
    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Marketing]).await?;
    match engine.leaderboards().create(&spec, actor.user_id).await {
        Ok(board) => Ok(CreateReport {
            ok: true,
            message: format!("“{}” created.", board.name),
            board: Some(board),
            ..CreateReport::default()
        }),
        Err(LeaderboardError::Validation(errors)) => Ok(CreateReport {
            message: "Some fields need attention; they are marked.".into(),
            field_errors: convert::fields(errors),
            ..CreateReport::default()
        }),
        Err(e) => Err(super::server::internal("creating a leaderboard", e)),
    }
}

/// Checks a board being written, changing nothing: its validation
/// problems, or the first period it would run. Marketing only.
#[server(prefix = "/rpc", endpoint = "leaderboard_check", input = Json)]
pub async fn leaderboard_check(spec: LeaderboardSpec) -> Result<CheckReport, ServerFnError> {
    use engine::leaderboards::LeaderboardError;

    let mut spec = spec;
    engine::leaderboards::spec::in_board_time(&mut spec);
    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Marketing]).await?;
    match engine.leaderboards().validate(&spec) {
        Ok(def) => {
            let now = engine.now();
            let period = def.first_period(now);
            if period.ends_at <= now {
                return Ok(CheckReport {
                    field_errors: BTreeMap::from([(
                        "ends_at".to_owned(),
                        "must be in the future".to_owned(),
                    )]),
                    ..CheckReport::default()
                });
            }
            Ok(CheckReport {
                field_errors: BTreeMap::new(),
                first_period: Some(period),
                starts_now: period.starts_at <= now,
            })
        }
        Err(LeaderboardError::Validation(errors)) => Ok(CheckReport {
            field_errors: convert::fields(errors),
            ..CheckReport::default()
        }),
        Err(e) => Err(super::server::internal("checking a leaderboard", e)),
    }
}

/// A board with its standings and every period's payout; `None` when there
/// is no such board. Marketing only.
#[server(prefix = "/rpc", endpoint = "leaderboard_admin")]
pub async fn leaderboard_admin(
    leaderboard_id: String,
) -> Result<Option<AdminBoard>, ServerFnError> {
    use engine::leaderboards::LeaderboardError;

    let engine = super::server::engine()?;
    super::server::require(&engine, &[engine::Role::Marketing]).await?;
    let Some(id) = board_id(&leaderboard_id) else {
        return Ok(None);
    };
    let boards = engine.leaderboards();
    let board = match boards.get(id).await {
        Ok(board) => board,
        Err(LeaderboardError::NotFound) => return Ok(None),
        Err(e) => return Err(convert::error("loading a leaderboard", e)),
    };
    let standings = boards
        .standings(id, TOP_ROWS, None)
        .await
        .map_err(|e| convert::error("loading standings", e))?;
    let currency = engine.config().reporting_currency;
    let periods = boards
        .periods(id)
        .await
        .map_err(|e| convert::error("loading periods", e))?
        .items
        .into_iter()
        .map(|p| convert::period_report(p, currency))
        .collect();
    Ok(Some(AdminBoard {
        board,
        standings,
        periods,
        now: engine.now().to_rfc3339(),
    }))
}

/// Closes a board's current period: freezes the standings and pays each
/// prize once (a recurring board opens its next period). Marketing only.
#[server(prefix = "/rpc", endpoint = "leaderboard_close")]
pub async fn leaderboard_close(leaderboard_id: String) -> Result<CloseReport, ServerFnError> {
    use engine::leaderboards::LeaderboardError;

    let engine = super::server::engine()?;
    let actor = super::server::require(&engine, &[engine::Role::Marketing]).await?;
    let refused = |code: &str, message: &str| Refusal::new(code, message).answer();
    let Some(id) = board_id(&leaderboard_id) else {
        return refused("not_found", "This leaderboard no longer exists.");
    };
    match engine.leaderboards().close(id, Some(actor.user_id)).await {
        Ok(closed) => {
            engine.events().wake();
            let currency = engine.config().reporting_currency;
            let payout = convert::payout(&closed.winners, currency);
            let message = format!(
                "Period closed: {} of {} prizes paid.",
                payout.paid, payout.prizes
            );
            Ok(CloseReport {
                ok: true,
                message,
                code: None,
                payout: Some(payout),
            })
        }
        Err(LeaderboardError::NotFound) => {
            refused("not_found", "This leaderboard no longer exists.")
        }
        Err(LeaderboardError::AlreadyClosed) => refused(
            "already_closed",
            "This period is closed already; its prizes were paid once. Reload to see the results.",
        ),
        Err(LeaderboardError::NotOpen) => refused(
            "invalid_state",
            "This board has no open period to close yet.",
        ),
        Err(e) => Err(super::server::internal("closing a leaderboard", e)),
    }
}
