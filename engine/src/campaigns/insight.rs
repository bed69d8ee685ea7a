//! What marketing and players read about campaigns: live numbers per
//! variant, `explain` for one player, `preview` of the eligible count, the
//! player's promotions, and the close of a `period_end` campaign's period.
//!
//! Rules:
//! - Conversion is the share of a group's players who played (a bet or a
//!   casino round) after their assignment; the p-value compares each
//!   variant with the first one by the mSPRT (`domain::stats`), which stays
//!   valid however often marketing looks. The engine keeps its running
//!   minimum per variant while it runs (the always-valid p-value never
//!   rises).
//! - `preview` counts players who would qualify today: players of the
//!   targeted countries whose jurisdiction allows at least one variant,
//!   not excluded, and (with `first_only`) without an earlier event of the
//!   trigger's kind. Conditions on the event itself (amount, odds, game)
//!   are judged per event and do not narrow the count.
//! - A period's cashback is `percent` of the player's net loss over the
//!   period (stakes of bets settled and casino rounds played in it, minus
//!   what they returned; stakes the house paid, of free bets and free
//!   spins, are left out), paid once per player and period through the award
//!   key; the period then advances with a guarded update, so a retried or
//!   concurrent close pays nobody twice.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use domain::api::engagement::{
    CampaignStats, CampaignStatus, ExplainCheck, Explanation, PeriodClosed, Preview, Promotion,
    PromotionList, VariantStats,
};
use domain::campaign::{Assignment, Campaign, CampaignSpec, TriggerEvent};
use domain::money::{Currency, Money};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::trigger::{CampaignGuard, player_country, standing};
use super::{CampaignError, Campaigns, definition, status_of};
use crate::Engine;
use crate::rewards::{self, Grant, Granted, Source};
use entity::{awards, campaign_players, campaigns, rg_exclusions, users};

/// The mixing variance of the sequential test: tuned to differences of
/// about two percentage points in conversion.
pub const TAU_SQUARED: f64 = 0.0004;
/// Most players one period close pays.
pub const MAX_PERIOD_PLAYERS: usize = 100_000;

fn money(minor: i64, currency: Currency) -> String {
    Money::new(minor, currency).format_amount()
}

/// Per group (variant index, `None` for the holdout): players, converted,
/// turnover.
async fn groups(
    engine: &Engine,
    id: Uuid,
) -> Result<HashMap<Option<i32>, (i64, i64, i64)>, CampaignError> {
    let rows: Vec<(Option<i32>, i64, i64, i64)> = campaign_players::Entity::find()
        .select_only()
        .column(campaign_players::Column::Variant)
        .column_as(Expr::cust("COUNT(*)"), "players")
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(CASE WHEN converted THEN 1 ELSE 0 END), 0) AS BIGINT)"),
            "converted",
        )
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(turnover_minor), 0) AS BIGINT)"),
            "turnover",
        )
        .filter(campaign_players::Column::CampaignId.eq(id))
        .group_by(campaign_players::Column::Variant)
        .into_tuple()
        .all(engine.db())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(v, players, converted, turnover)| (v, (players, converted, turnover)))
        .collect())
}

/// Awards and their cost per variant name (`None`: single-reward awards).
async fn awards_by_variant(
    engine: &Engine,
    id: Uuid,
) -> Result<HashMap<Option<String>, (i64, i64)>, CampaignError> {
    let rows: Vec<(Option<String>, i64, i64)> = awards::Entity::find()
        .select_only()
        .column(awards::Column::Variant)
        .column_as(Expr::cust("COUNT(*)"), "awards")
        .column_as(
            Expr::cust("CAST(COALESCE(SUM(face_minor), 0) AS BIGINT)"),
            "cost",
        )
        .filter(awards::Column::SourceId.eq(id))
        .filter(awards::Column::Source.eq("campaign"))
        .group_by(awards::Column::Variant)
        .into_tuple()
        .all(engine.db())
        .await?;
    Ok(rows.into_iter().map(|(v, n, c)| (v, (n, c))).collect())
}

fn rate(converted: i64, players: i64) -> f64 {
    if players <= 0 {
        0.0
    } else {
        converted as f64 / players as f64
    }
}

/// The campaign's live numbers.
pub async fn stats(engine: &Engine, id: Uuid) -> Result<CampaignStats, CampaignError> {
    let row = Campaigns::new(engine).row(id).await?;
    let campaign = definition(&row)?;
    let currency = campaign.currency;
    let groups = groups(engine, id).await?;
    let by_variant = awards_by_variant(engine, id).await?;
    let control = groups.get(&Some(0)).copied().unwrap_or_default();
    let mut variants = Vec::with_capacity(campaign.variants.len());
    for (i, variant) in campaign.variants.iter().enumerate() {
        let (players, converted, turnover) = groups
            .get(&Some(i32::try_from(i).unwrap_or(i32::MAX)))
            .copied()
            .unwrap_or_default();
        let key = (!campaign.single_reward).then(|| variant.name.clone());
        let (n_awards, cost) = by_variant.get(&key).copied().unwrap_or_default();
        let p_value = (i > 0 && players > 0 && control.0 > 0).then(|| {
            let now = domain::stats::always_valid_p_value(
                control.1.max(0) as u64,
                control.0.max(0) as u64,
                converted.max(0) as u64,
                players.max(0) as u64,
                TAU_SQUARED,
            );
            engine.campaign_p_values().running_min((id, i), now)
        });
        variants.push(VariantStats {
            name: variant.name.clone(),
            players,
            awards: n_awards,
            cost: money(cost, currency),
            turnover: money(turnover, currency),
            conversion: rate(converted, players),
            p_value,
        });
    }
    let holdout = groups.get(&None).copied().unwrap_or_default();
    let awards_made: i64 = by_variant.values().map(|(n, _)| n).sum();
    let spent: i64 = by_variant.values().map(|(_, c)| c).sum();
    let participants = awards::Entity::find()
        .select_only()
        .column(awards::Column::PlayerId)
        .distinct()
        .filter(awards::Column::SourceId.eq(id))
        .filter(awards::Column::Source.eq("campaign"))
        .count(engine.db())
        .await? as i64;
    Ok(CampaignStats {
        campaign_id: id,
        status: status_of(&row),
        awards: awards_made,
        cost: money(spent, currency),
        budget_left: row
            .budget_minor
            .map(|b| money((b - spent).max(0), currency)),
        currency: currency.code().to_owned(),
        participants,
        holdout_players: holdout.0,
        holdout_conversion: rate(holdout.1, holdout.0),
        variants,
    })
}

/// The running minimum of each variant's p-value (see the module rules).
#[derive(Default)]
pub struct PValues {
    seen: std::sync::Mutex<HashMap<(Uuid, usize), f64>>,
}

impl PValues {
    /// Folds `now` into the running minimum of `key` and answers it.
    pub fn running_min(&self, key: (Uuid, usize), now: f64) -> f64 {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let min = seen.get(&key).map_or(now, |m| m.min(now));
        seen.insert(key, min);
        min
    }
}

fn check(check: &str, passed: bool, detail: impl Into<String>) -> ExplainCheck {
    ExplainCheck {
        check: check.to_owned(),
        passed,
        detail: detail.into(),
    }
}

/// Whether the player already had an event of the trigger's kind.
async fn had_event_before(
    engine: &Engine,
    player: Uuid,
    event: TriggerEvent,
) -> Result<bool, CampaignError> {
    let db = engine.db();
    let n = match event {
        TriggerEvent::Deposit => {
            entity::payments::Entity::find()
                .filter(entity::payments::Column::PlayerId.eq(player))
                .filter(entity::payments::Column::Direction.eq("deposit"))
                .filter(entity::payments::Column::CompletedAt.is_not_null())
                .count(db)
                .await?
        }
        TriggerEvent::BetPlaced | TriggerEvent::BetSettled => {
            entity::sportsbook_bets::Entity::find()
                .filter(entity::sportsbook_bets::Column::PlayerId.eq(player))
                .count(db)
                .await?
        }
        TriggerEvent::CasinoRound => {
            entity::casino_rounds::Entity::find()
                .filter(entity::casino_rounds::Column::PlayerId.eq(player))
                .count(db)
                .await?
        }
        TriggerEvent::Login => {
            entity::sessions::Entity::find()
                .filter(entity::sessions::Column::UserId.eq(player))
                .count(db)
                .await?
        }
        TriggerEvent::Registration | TriggerEvent::OptIn | TriggerEvent::PeriodEnd => 0,
    };
    Ok(n > 0)
}

/// Why `player` would or would not be awarded by campaign `id` now: every
/// check in order (state, dates, opt-in, conditions, limits, budget,
/// responsible gaming, jurisdiction, variant).
pub async fn explain(
    engine: &Engine,
    id: Uuid,
    player: Uuid,
) -> Result<Explanation, CampaignError> {
    let row = Campaigns::new(engine).row(id).await?;
    let campaign = definition(&row)?;
    let country = player_country(engine.db(), player)
        .await?
        .ok_or(CampaignError::NotFound)?;
    let at = engine.now();
    let mut reasons = Vec::new();
    let status = status_of(&row);
    reasons.push(check(
        "state",
        status == CampaignStatus::Live,
        format!("the campaign is {status}"),
    ));
    reasons.push(check(
        "dates",
        Campaigns::in_dates(&campaign, at),
        match (campaign.starts_at, campaign.ends_at) {
            (Some(s), _) if at < s => format!("starts at {}", s.to_rfc3339()),
            (_, Some(e)) if at >= e => format!("ended at {}", e.to_rfc3339()),
            _ => "within the campaign's dates".to_owned(),
        },
    ));
    let standing_row = campaign_players::Entity::find_by_id((id, player))
        .one(engine.db())
        .await?;
    if campaign.opt_in {
        let opted = standing_row.as_ref().is_some_and(|p| p.opted_in);
        reasons.push(check(
            "opt_in",
            opted,
            if opted {
                "the player opted in"
            } else {
                "the player has not opted in"
            },
        ));
    }
    explain_conditions(engine, &campaign, player, &country, &mut reasons).await?;
    let awards_so_far = standing_row.as_ref().map_or(0, |p| p.awards);
    let per_player = i32::try_from(campaign.limits.per_player).unwrap_or(i32::MAX);
    reasons.push(check(
        "per_player",
        awards_so_far < per_player,
        format!("{awards_so_far} of {per_player} awards made to this player"),
    ));
    let budget_ok = row.budget_minor.is_none_or(|b| row.spent_minor < b);
    reasons.push(check(
        "budget",
        budget_ok,
        match row.budget_minor {
            None => "no budget limit".to_owned(),
            Some(b) => format!(
                "{} of {} spent",
                money(row.spent_minor, campaign.currency),
                money(b, campaign.currency)
            ),
        },
    ));
    let excluded = engine.compliance().is_excluded(player).await;
    reasons.push(check(
        "responsible_gaming",
        !excluded,
        if excluded {
            "a time-out or self-exclusion is in force"
        } else {
            "no exclusion in force"
        },
    ));
    let assignment =
        domain::campaign::assign(id, player, &campaign.weights(), campaign.holdout_percent);
    let assignment = match standing_row.as_ref().map(|p| p.variant) {
        Some(None) => Assignment::Holdout,
        Some(Some(i)) => Assignment::Variant(usize::try_from(i).unwrap_or(0)),
        None => assignment,
    };
    explain_variant(&campaign, assignment, &country, &mut reasons);
    Ok(Explanation {
        eligible: reasons.iter().all(|r| r.passed),
        reasons,
    })
}

/// The trigger's conditions as far as they can be judged without an event.
async fn explain_conditions(
    engine: &Engine,
    campaign: &Campaign,
    player: Uuid,
    country: &str,
    reasons: &mut Vec<ExplainCheck>,
) -> Result<(), CampaignError> {
    let c = &campaign.trigger.conditions;
    let event = campaign.trigger.event;
    if c.first_only {
        let had = had_event_before(engine, player, event).await?;
        reasons.push(check(
            "first_only",
            !had,
            if had {
                format!("the player already had a {event}")
            } else {
                format!("the player's next {event} would be the first")
            },
        ));
    }
    if let Some(min) = c.min_amount {
        reasons.push(check(
            "min_amount",
            true,
            format!("judged on each {event}: at least {min}"),
        ));
    }
    if let Some(min) = c.min_odds {
        reasons.push(check(
            "min_odds",
            true,
            format!("judged on each {event}: odds of {min} or more"),
        ));
    }
    if let Some(countries) = &c.countries {
        let ok = countries.iter().any(|x| x.eq_ignore_ascii_case(country));
        reasons.push(check(
            "countries",
            ok,
            format!(
                "the player's country is {country}; targeted: {}",
                countries.join(", ")
            ),
        ));
    }
    if let Some(verticals) = &c.verticals {
        let names: Vec<&str> = verticals.iter().map(|v| v.code()).collect();
        reasons.push(check(
            "verticals",
            true,
            format!("judged on each {event}: {}", names.join(", ")),
        ));
    }
    if let Some(codes) = &c.game_codes {
        reasons.push(check(
            "game_codes",
            true,
            format!("judged on each {event}: {}", codes.join(", ")),
        ));
    }
    if let Some(tier) = &c.min_tier {
        reasons.push(check(
            "min_tier",
            false,
            format!("needs tier {tier}; the player holds no loyalty tier"),
        ));
    }
    Ok(())
}

/// The variant (or holdout) check and the jurisdiction check of its reward.
fn explain_variant(
    campaign: &Campaign,
    assignment: Assignment,
    country: &str,
    reasons: &mut Vec<ExplainCheck>,
) {
    let trigger_vertical = campaign
        .trigger
        .conditions
        .verticals
        .as_ref()
        .and_then(|v| v.first().copied());
    match assignment {
        Assignment::Holdout => {
            reasons.push(check(
                "jurisdiction",
                true,
                format!("no reward is given in the holdout group ({country})"),
            ));
            reasons.push(check(
                "variant",
                false,
                "the player is in the holdout group",
            ));
        }
        Assignment::Variant(i) => {
            let Some(variant) = campaign.variants.get(i) else {
                reasons.push(check("variant", false, "no such variant"));
                return;
            };
            let broken = domain::campaign::rule_violations(
                &variant.reward,
                campaign.trigger.event,
                trigger_vertical,
                country,
            );
            reasons.push(check(
                "jurisdiction",
                broken.is_empty(),
                if broken.is_empty() {
                    format!("the reward is allowed in {country}")
                } else {
                    format!(
                        "the reward breaks {} in {country}",
                        broken
                            .iter()
                            .map(|r| r.code())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
            ));
            reasons.push(check(
                "variant",
                true,
                format!("assigned to variant {}", variant.name),
            ));
        }
    }
}

/// How many players would qualify today for the campaign `spec` describes.
pub async fn preview(engine: &Engine, spec: &CampaignSpec) -> Result<Preview, CampaignError> {
    let campaigns = Campaigns::new(engine);
    let campaign = campaigns.validate(spec)?;
    if campaign.trigger.conditions.min_tier.is_some() {
        return Ok(Preview {
            eligible_players: 0,
        });
    }
    let now = engine.now();
    let excluded = Query::select()
        .column(rg_exclusions::Column::PlayerId)
        .from(rg_exclusions::Entity)
        .cond_where(
            sea_orm::Condition::any()
                .add(rg_exclusions::Column::Until.is_null())
                .add(rg_exclusions::Column::Until.gt(now)),
        )
        .to_owned();
    let mut query = users::Entity::find()
        .select_only()
        .column(users::Column::Country)
        .column_as(Expr::cust("COUNT(*)"), "players")
        .filter(users::Column::Roles.contains("player"))
        .filter(users::Column::Id.not_in_subquery(excluded))
        .group_by(users::Column::Country);
    if campaign.trigger.conditions.first_only
        && let Some(history) = history_subquery(campaign.trigger.event)
    {
        query = query.filter(users::Column::Id.not_in_subquery(history));
    }
    let by_country: Vec<(String, i64)> = query.into_tuple().all(engine.db()).await?;
    let trigger_vertical = campaign
        .trigger
        .conditions
        .verticals
        .as_ref()
        .and_then(|v| v.first().copied());
    let mut eligible = 0;
    for (country, n) in by_country {
        if let Some(countries) = &campaign.trigger.conditions.countries
            && !countries.iter().any(|c| c.eq_ignore_ascii_case(&country))
        {
            continue;
        }
        let allowed = campaign.variants.iter().any(|v| {
            domain::campaign::rule_violations(
                &v.reward,
                campaign.trigger.event,
                trigger_vertical,
                &country,
            )
            .is_empty()
        });
        if allowed {
            eligible += n;
        }
    }
    let holdout = i64::from(campaign.holdout_percent);
    Ok(Preview {
        eligible_players: eligible - eligible * holdout / 100,
    })
}

/// Players with an earlier event of the trigger's kind, as a subquery.
fn history_subquery(event: TriggerEvent) -> Option<sea_orm::sea_query::SelectStatement> {
    Some(match event {
        TriggerEvent::Deposit => Query::select()
            .column(entity::payments::Column::PlayerId)
            .from(entity::payments::Entity)
            .and_where(entity::payments::Column::Direction.eq("deposit"))
            .and_where(entity::payments::Column::CompletedAt.is_not_null())
            .to_owned(),
        TriggerEvent::BetPlaced | TriggerEvent::BetSettled => Query::select()
            .column(entity::sportsbook_bets::Column::PlayerId)
            .from(entity::sportsbook_bets::Entity)
            .to_owned(),
        TriggerEvent::CasinoRound => Query::select()
            .column(entity::casino_rounds::Column::PlayerId)
            .from(entity::casino_rounds::Entity)
            .to_owned(),
        TriggerEvent::Login => Query::select()
            .column(entity::sessions::Column::UserId)
            .from(entity::sessions::Entity)
            .to_owned(),
        TriggerEvent::Registration | TriggerEvent::OptIn | TriggerEvent::PeriodEnd => return None,
    })
}

/// Live campaigns the player may qualify for (none while excluded: an
/// excluded player is never messaged).
pub async fn promotions(engine: &Engine, player: Uuid) -> Result<PromotionList, CampaignError> {
    let Some(country) = player_country(engine.db(), player).await? else {
        return Ok(PromotionList { items: Vec::new() });
    };
    if engine.compliance().is_excluded(player).await {
        return Ok(PromotionList { items: Vec::new() });
    }
    let set = Campaigns::new(engine).live().await?;
    let at = engine.now();
    let opted: HashMap<Uuid, bool> = campaign_players::Entity::find()
        .filter(campaign_players::Column::PlayerId.eq(player))
        .all(engine.db())
        .await?
        .into_iter()
        .map(|p| (p.campaign_id, p.opted_in))
        .collect();
    let mut live: Vec<_> = set
        .campaigns
        .iter()
        .filter(|l| Campaigns::in_dates(&l.campaign, at))
        .filter(|l| {
            l.campaign
                .trigger
                .conditions
                .countries
                .as_ref()
                .is_none_or(|cs| cs.iter().any(|c| c.eq_ignore_ascii_case(&country)))
        })
        .collect();
    live.sort_by_key(|l| std::cmp::Reverse(l.campaign.priority));
    let items = live
        .into_iter()
        .map(|l| {
            let assignment = domain::campaign::assign(
                l.id,
                player,
                &l.campaign.weights(),
                l.campaign.holdout_percent,
            );
            let index = match assignment {
                Assignment::Variant(i) => i,
                Assignment::Holdout => 0,
            };
            let terms = l
                .campaign
                .variants
                .get(index)
                .map(|v| {
                    let spec = serde_json::to_value(v.reward.to_spec()).unwrap_or_default();
                    crate::bonuses::describe(&spec)
                })
                .unwrap_or_default();
            Promotion {
                campaign_id: l.id,
                name: l.campaign.name.clone(),
                description: l.campaign.description.clone().unwrap_or_default(),
                opt_in: l.campaign.opt_in,
                opted_in: opted.get(&l.id).copied().unwrap_or(false),
                terms,
                currency: l.campaign.currency.code().to_owned(),
                ends_at: l.campaign.ends_at,
            }
        })
        .collect();
    Ok(PromotionList { items })
}

/// Net loss per player over `[from, to)`, in minor units of each player's
/// currency: stakes of bets settled and casino rounds played, minus their
/// returns (free bets and free spins: only their returns). Also the
/// measure of loyalty tier cashback.
pub(crate) async fn net_losses(
    engine: &Engine,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<BTreeMap<(Uuid, String), i64>, CampaignError> {
    let db = engine.db();
    let mut losses: BTreeMap<(Uuid, String), i64> = BTreeMap::new();
    let bets = entity::sportsbook_bets::Entity::find()
        .filter(entity::sportsbook_bets::Column::SettledAt.gte(from))
        .filter(entity::sportsbook_bets::Column::SettledAt.lt(to))
        .all(db)
        .await?;
    for bet in bets {
        let loss = crate::bonuses::free_play::bet_net_loss(&bet);
        *losses.entry((bet.player_id, bet.currency)).or_default() += loss;
    }
    let rounds = entity::casino_rounds::Entity::find()
        .filter(entity::casino_rounds::Column::CreatedAt.gte(from))
        .filter(entity::casino_rounds::Column::CreatedAt.lt(to))
        .all(db)
        .await?;
    // Free spins: the house paid the stake.
    let house_paid = crate::bonuses::free_play::house_paid_rounds(db, from, to).await?;
    for round in rounds {
        let stake = if house_paid.contains(&round.bet_transaction_id) {
            0
        } else {
            round.stake
        };
        *losses.entry((round.player_id, round.currency)).or_default() += stake - round.win;
    }
    let moves = entity::casino_transactions::Entity::find()
        .filter(entity::casino_transactions::Column::CreatedAt.gte(from))
        .filter(entity::casino_transactions::Column::CreatedAt.lt(to))
        .filter(entity::casino_transactions::Column::RolledBack.eq(false))
        .all(db)
        .await?;
    for m in moves {
        let signed = match m.kind.as_str() {
            "bet" => m.amount,
            "win" => -m.amount,
            _ => 0,
        };
        *losses.entry((m.player_id, m.currency)).or_default() += signed;
    }
    Ok(losses)
}

/// Closes the running period of a live `period_end` campaign: pays each
/// player's reward for it once and starts the next period.
/// `until`: the period's end (the schedule's boundary); `None`: now.
pub async fn close_period(
    engine: &Engine,
    id: Uuid,
    until: Option<DateTime<Utc>>,
) -> Result<PeriodClosed, CampaignError> {
    let row = Campaigns::new(engine).row(id).await?;
    let campaign = definition(&row)?;
    if status_of(&row) != CampaignStatus::Live || campaign.trigger.event != TriggerEvent::PeriodEnd
    {
        return Err(CampaignError::InvalidState(status_of(&row)));
    }
    let from = row
        .period_started_at
        .or(row.launched_at)
        .unwrap_or(row.created_at);
    let to = until.unwrap_or_else(|| engine.now());
    let mut awards = 0i64;
    let mut cost = 0i64;
    let losses = net_losses(engine, from, to).await?;
    for ((player, currency), loss) in losses.into_iter().take(MAX_PERIOD_PLAYERS) {
        if loss <= 0 {
            continue;
        }
        let Ok(currency) = currency.parse::<Currency>() else {
            continue;
        };
        if let Some(face) = pay_period(
            engine,
            &row,
            &campaign,
            player,
            Money::new(loss, currency),
            from,
        )
        .await?
        {
            awards += 1;
            cost += face.minor();
        }
    }
    campaigns::Entity::update_many()
        .col_expr(campaigns::Column::PeriodStartedAt, Expr::value(to))
        .filter(campaigns::Column::Id.eq(id))
        .filter(campaigns::Column::PeriodStartedAt.eq(from))
        .exec(engine.db())
        .await?;
    Ok(PeriodClosed {
        campaign_id: id,
        awards,
        cost: money(cost, campaign.currency),
    })
}

/// Pays one player's period reward (checks as for any trigger); answers
/// the face value paid now.
async fn pay_period(
    engine: &Engine,
    row: &campaigns::Model,
    campaign: &Campaign,
    player: Uuid,
    loss: Money,
    from: DateTime<Utc>,
) -> Result<Option<Money>, CampaignError> {
    let Some(country) = player_country(engine.db(), player).await? else {
        return Ok(None);
    };
    if let Some(countries) = &campaign.trigger.conditions.countries
        && !countries.iter().any(|c| c.eq_ignore_ascii_case(&country))
    {
        return Ok(None);
    }
    if engine.compliance().is_excluded(player).await {
        return Ok(None);
    }
    let (assignment, opted_in) = standing(engine, row.id, campaign, player, false).await?;
    if campaign.opt_in && !opted_in {
        return Ok(None);
    }
    let Assignment::Variant(i) = assignment else {
        return Ok(None);
    };
    let Some(variant) = campaign.variants.get(i) else {
        return Ok(None);
    };
    if !domain::campaign::rule_violations(&variant.reward, TriggerEvent::PeriodEnd, None, &country)
        .is_empty()
    {
        return Ok(None);
    }
    let Some(basis) = rewards::in_currency(engine, loss, campaign.currency, engine.now())
        .await
        .map_err(|e| CampaignError::Unexpected(anyhow::anyhow!("{e}")))?
    else {
        return Ok(None);
    };
    let grant = Grant {
        award_key: format!(
            "campaign:{}:{}:period:{}",
            row.id,
            player,
            from.timestamp_micros()
        ),
        source: Source::Campaign(row.id),
        variant: (!campaign.single_reward).then(|| variant.name.clone()),
        player_id: player,
        reward: &variant.reward,
        currency: campaign.currency,
        basis: Some(basis),
        reason: format!("Campaign: {}", campaign.name),
    };
    let guard = CampaignGuard {
        campaign_id: row.id,
        per_player: i32::MAX,
        budgeted: campaign.limits.budget.is_some(),
    };
    match rewards::grant(engine, &grant, &guard)
        .await
        .map_err(|e| CampaignError::Unexpected(anyhow::anyhow!("{e}")))?
    {
        Granted::New { face, .. } => Ok(Some(face)),
        Granted::Already | Granted::Refused(_) => Ok(None),
    }
}

/// Closes the periods of live `period_end` campaigns that the schedule says
/// are over: `day` periods at 00:00 UTC, `week` periods on Monday 00:00 UTC
/// (the reward's cashback period; `day` for other rewards).
pub async fn close_due_periods(engine: &Engine) -> Result<usize, CampaignError> {
    let rows = campaigns::Entity::find()
        .filter(campaigns::Column::Status.eq(CampaignStatus::Live.code()))
        .filter(campaigns::Column::TriggerEvent.eq(TriggerEvent::PeriodEnd.code()))
        .all(engine.db())
        .await?;
    let now = engine.now();
    let mut closed = 0;
    for row in rows {
        let campaign = definition(&row)?;
        let period = campaign
            .variants
            .iter()
            .find_map(|v| match &v.reward {
                domain::reward::Reward::Cashback { period, .. } => Some(*period),
                _ => None,
            })
            .unwrap_or(domain::reward::CashbackPeriod::Day);
        let started = row
            .period_started_at
            .or(row.launched_at)
            .unwrap_or(row.created_at);
        let (_, end) = domain::bonus::cashback_period_bounds(period, started);
        if now >= end {
            close_period(engine, row.id, Some(end)).await?;
            closed += 1;
        }
    }
    Ok(closed)
}
