//! Venue play and redemptions: what physical casinos post against a
//! player's loyalty card (the venue API authenticates them; see
//! `crate::venues`).
//!
//! Rules:
//! - Play earns like online play: `slot` counts as the casino category
//!   `slots`, `table` as `table`; the amount is converted into the
//!   reporting currency; the tier multiplier applies.
//! - The caller's `reference` (which the venue API makes unique per venue)
//!   is the ledger entry's reference, unique per player: a repeat has no
//!   second effect and answers what the first did (points awarded, and
//!   the balance right after it).
//! - A redemption spends points through the guarded ledger update (422
//!   `insufficient_points`, never below zero), once per reference.

use domain::api::loyalty::VenuePlayKind;
use domain::campaign::Vertical;
use domain::events::Topic;
use domain::money::Money;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::earn::{self, Earned, Play};
use super::ledger::{self, Change, LedgerChangeError, Unit};
use super::{Loyalty, LoyaltyError};
use crate::events::Pending;
use entity::loyalty_entries;

/// Longest venue reference.
pub const MAX_REFERENCE_CHARS: usize = 200;

fn check_reference(reference: &str) -> Result<&str, LoyaltyError> {
    let r = reference.trim();
    if r.is_empty() || r.chars().count() > MAX_REFERENCE_CHARS {
        return Err(LoyaltyError::field(
            "reference",
            "give a reference of 1 to 200 characters",
        ));
    }
    Ok(r)
}

/// The entry posted under `reference` for `player`, if any.
async fn entry(
    engine: &crate::Engine,
    player: Uuid,
    reference: &str,
) -> Result<Option<loyalty_entries::Model>, sea_orm::DbErr> {
    loyalty_entries::Entity::find()
        .filter(loyalty_entries::Column::PlayerId.eq(player))
        .filter(loyalty_entries::Column::Unit.eq(Unit::Points.code()))
        .filter(loyalty_entries::Column::Reference.eq(reference))
        .one(engine.db())
        .await
}

impl Loyalty<'_> {
    /// Earns points for venue play of `amount`; answers the points awarded
    /// and the points after (see the module rules).
    pub async fn venue_play(
        &self,
        player: Uuid,
        kind: VenuePlayKind,
        amount: Money,
        reference: &str,
    ) -> Result<(i64, i64), LoyaltyError> {
        let engine = self.engine();
        let reference = check_reference(reference)?;
        if !amount.is_positive() {
            return Err(LoyaltyError::field("amount", "must be above zero"));
        }
        let reference = format!("venue-play:{reference}");
        if let Some(done) = entry(engine, player, &reference).await? {
            return Ok((done.delta, done.balance_after));
        }
        let play = Play {
            player,
            vertical: Vertical::Casino,
            category: Some(kind.category().to_owned()),
            stake: amount,
            odds: None,
            reason: format!("venue play ({})", kind.category()),
            reference: reference.clone(),
        };
        match earn::earn(engine, &play, None).await? {
            Earned::New(points, after) => Ok((points, after.points)),
            Earned::Nothing(now) => Ok((0, now.points)),
            Earned::Already => {
                let done = entry(engine, player, &reference)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("venue play entry missing"))?;
                Ok((done.delta, done.balance_after))
            }
        }
    }

    /// Spends `points` at a venue; answers the points after (422
    /// `insufficient_points`; once per reference).
    pub async fn venue_redeem(
        &self,
        player: Uuid,
        points: i64,
        reference: &str,
    ) -> Result<i64, LoyaltyError> {
        let engine = self.engine();
        let reference = check_reference(reference)?;
        if !(1..=ledger::MAX_DELTA).contains(&points) {
            return Err(LoyaltyError::field(
                "points",
                "must be a whole number from 1 to 1000000000",
            ));
        }
        let reference = format!("venue-redeem:{reference}");
        if let Some(done) = entry(engine, player, &reference).await? {
            return Ok(done.balance_after);
        }
        let now = engine.now();
        let reason = "venue redemption";
        let txn = crate::db::begin_write(engine.db()).await?;
        let change = Change {
            player_id: player,
            unit: Unit::Points,
            delta: -points,
            reason,
            reference: Some(&reference),
            author: None,
        };
        let after = match ledger::post(&txn, &change, now).await {
            Ok(after) => after,
            // A concurrent repeat of this reference may have spent the
            // points first (its entry then exists): answer it.
            Err(LedgerChangeError::Insufficient(_)) => {
                drop(txn);
                return match entry(engine, player, &reference).await? {
                    Some(done) => Ok(done.balance_after),
                    None => Err(LoyaltyError::InsufficientPoints),
                };
            }
            Err(LedgerChangeError::Duplicate) => {
                drop(txn);
                let done = entry(engine, player, &reference)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("venue redemption entry missing"))?;
                return Ok(done.balance_after);
            }
            Err(LedgerChangeError::Db(e)) => return Err(e.into()),
            Err(e) => return Err(anyhow::anyhow!("{e}").into()),
        };
        let mut events = Pending::new(now);
        events.push(
            Topic::Player(player),
            super::tiers::changed_event(player, after, -points, 0, reason, None),
        );
        events.flush(&txn).await?;
        txn.commit().await?;
        engine.events().wake();
        Ok(after.points)
    }
}

impl Loyalty<'_> {
    /// Credits `points` to the player for `reason`, once per `reference`
    /// (a system credit: demo opening points, migrations); answers the
    /// points after. The tier is recomputed and `loyalty.changed` sent.
    pub async fn credit_points(
        &self,
        player: Uuid,
        points: i64,
        reason: &str,
        reference: &str,
    ) -> Result<i64, LoyaltyError> {
        let engine = self.engine();
        let play = Play {
            player,
            vertical: Vertical::Casino,
            category: None,
            stake: Money::zero(engine.config().reporting_currency),
            odds: None,
            reference: reference.to_owned(),
            reason: reason.to_owned(),
        };
        if !(1..=ledger::MAX_DELTA).contains(&points) {
            return Err(LoyaltyError::field(
                "points",
                "must be from 1 to 1000000000",
            ));
        }
        let now = engine.now();
        let programme = super::programme::current(engine).await?;
        let txn = crate::db::begin_write(engine.db()).await?;
        let outcome = earn::post_earned(&txn, programme.as_deref(), &play, points, now).await?;
        txn.commit().await?;
        match outcome {
            Earned::New(_, after) => {
                engine.events().wake();
                Ok(after.points)
            }
            _ => Ok(ledger::balances(engine.db(), player).await?.points),
        }
    }
}

impl Loyalty<'_> {
    /// The player registered with `email` (exact, lower case), for the
    /// demo seed's opening points.
    pub async fn player_by_email(&self, email: &str) -> Result<Option<Uuid>, LoyaltyError> {
        Ok(entity::users::Entity::find()
            .filter(entity::users::Column::Email.eq(email.trim().to_lowercase()))
            .one(self.engine().db())
            .await?
            .map(|u| u.id))
    }
}
