//! The player 360 of the VIP console: wallet, bonuses, recent bets and
//! rounds, the responsible-gaming state, loyalty, notes, tasks, checks and
//! the 30-day figures, read through the services that own each part.

use chrono::Duration;
use domain::api::vip::{
    RecentBet, TierOverride, VipCheck, VipDesignation, VipLimit, VipLoyalty, VipNote, VipPlayer,
    VipRgState, VipTask, VipWallet,
};
use domain::money::{Currency, Money};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::figures::figures;
use super::list::meets_rules;
use super::{CHECK_VALID_DAYS, RECENT_BETS, Vip, VipError, emails, port};
use entity::{casino_rounds, sportsbook_bets, vip_checks, vip_notes, vip_profiles, vip_tasks};

fn money(minor: i64, code: &str) -> String {
    code.parse::<Currency>()
        .map(|c| Money::new(minor, c).format_amount())
        .unwrap_or_else(|_| minor.to_string())
}

impl Vip<'_> {
    /// `GET /admin/vip/players/{id}`.
    pub async fn player(&self, player: Uuid) -> Result<VipPlayer, VipError> {
        self.authorize()?;
        let engine = self.engine;
        let user = self.player_row(player).await?;
        let now = engine.now();
        let profile = vip_profiles::Entity::find_by_id(player)
            .one(engine.db())
            .await?;
        let figures = figures(engine, &[player], now)
            .await?
            .remove(&player)
            .ok_or(VipError::NotFound)?;
        let status = port::status(engine, player).await?;
        let rules = port::vip_rules(engine).await?;
        let marked = profile.as_ref().is_some_and(|p| p.marked);
        let balances = engine
            .wallet()
            .balances(player)
            .await
            .map_err(|e| VipError::Unexpected(anyhow::anyhow!("{e}")))?;
        let bonuses = engine
            .bonuses()
            .list(player)
            .await
            .map_err(|e| VipError::Unexpected(anyhow::anyhow!("{e}")))?
            .items;
        let rg = self.rg_state(player, &user.kyc_status).await?;
        let tier_override = status.tier_override_until.and_then(|until| {
            status.tier.clone().map(|tier| TierOverride {
                tier,
                until: Some(until),
            })
        });
        Ok(VipPlayer {
            player_id: player,
            email: user.email,
            country: user.country,
            tier: status.tier.clone(),
            tier_override,
            points: status.points,
            vip: marked || meets_rules(rules.as_ref(), &figures),
            designation: VipDesignation {
                marked,
                by: profile.as_ref().and_then(|p| p.marked_by),
                at: profile.as_ref().and_then(|p| p.marked_at),
                reason: profile.as_ref().and_then(|p| p.mark_reason.clone()),
            },
            manager_id: profile.as_ref().and_then(|p| p.manager_id),
            wallet: VipWallet {
                currency: balances.currency.code().to_owned(),
                cash: balances.cash.format_amount(),
                bonus: balances.bonus.format_amount(),
                reserved: balances.reserved.format_amount(),
            },
            bonuses,
            recent_bets: self.recent_bets(player).await?,
            self_excluded: rg.self_excluded,
            responsible_gaming: rg,
            notes: self.notes(player).await?,
            tasks: self.tasks(player).await?,
            checks: self.checks(player).await?,
            deposits_30d: figures.deposits.format_amount(),
            ggr_30d: figures.ggr.format_amount(),
            reporting_currency: engine.config().reporting_currency.code().to_owned(),
            loyalty: VipLoyalty {
                points: status.points,
                coins: status.coins,
                tier: status.tier,
                qualifying_points: status.qualifying_points,
                next_tier: status.next_tier,
                card_number: status.card_number,
            },
            last_active_at: figures.last_active_at,
        })
    }

    async fn rg_state(&self, player: Uuid, kyc_status: &str) -> Result<VipRgState, VipError> {
        let engine = self.engine;
        let now = engine.now();
        let compliance = engine.compliance();
        let exclusion = compliance.active_exclusion(player, now).await?;
        let currency = engine
            .wallet()
            .currency(player)
            .await
            .map_err(|e| VipError::Unexpected(anyhow::anyhow!("{e}")))?;
        let limits = compliance
            .limits(player, now)
            .await?
            .into_iter()
            .map(|l| VipLimit {
                kind: l.kind,
                period: l.period,
                amount: l.amount,
                used: l.used,
                currency: currency.code().to_owned(),
            })
            .collect();
        Ok(VipRgState {
            self_excluded: exclusion.is_some(),
            exclusion_kind: exclusion.map(|e| e.kind.code().to_owned()),
            excluded_until: exclusion.and_then(|e| e.until),
            limits,
            kyc_status: kyc_status.to_owned(),
        })
    }

    /// The latest sportsbook bets and casino rounds, newest first.
    async fn recent_bets(&self, player: Uuid) -> Result<Vec<RecentBet>, VipError> {
        let db = self.engine.db();
        let bets = sportsbook_bets::Entity::find()
            .filter(sportsbook_bets::Column::PlayerId.eq(player))
            .order_by_desc(sportsbook_bets::Column::PlacedAt)
            .limit(RECENT_BETS)
            .all(db)
            .await?;
        let rounds = casino_rounds::Entity::find()
            .filter(casino_rounds::Column::PlayerId.eq(player))
            .order_by_desc(casino_rounds::Column::CreatedAt)
            .limit(RECENT_BETS)
            .all(db)
            .await?;
        let mut all: Vec<RecentBet> = bets
            .into_iter()
            .map(|b| RecentBet {
                id: b.id,
                vertical: "sportsbook".to_owned(),
                description: b.kind.clone(),
                stake: money(b.total_stake, &b.currency),
                returned: b.return_amount.map(|r| money(r, &b.currency)),
                currency: b.currency,
                status: b.status,
                placed_at: b.placed_at,
            })
            .chain(rounds.into_iter().map(|r| RecentBet {
                id: r.id,
                vertical: "casino".to_owned(),
                description: r.game_code,
                stake: money(r.stake, &r.currency),
                returned: Some(money(r.win, &r.currency)),
                currency: r.currency,
                status: "played".to_owned(),
                placed_at: r.created_at,
            }))
            .collect();
        all.sort_by_key(|b| std::cmp::Reverse(b.placed_at));
        all.truncate(RECENT_BETS as usize);
        Ok(all)
    }

    /// Notes, newest first.
    pub(crate) async fn notes(&self, player: Uuid) -> Result<Vec<VipNote>, VipError> {
        let rows = vip_notes::Entity::find()
            .filter(vip_notes::Column::PlayerId.eq(player))
            .order_by_desc(vip_notes::Column::CreatedAt)
            .order_by_desc(vip_notes::Column::Id)
            .limit(200)
            .all(self.engine.db())
            .await?;
        let names = emails(self.engine, rows.iter().map(|r| r.author_id)).await?;
        Ok(rows.into_iter().map(|r| note_view(r, &names)).collect())
    }

    /// Tasks, open first, then newest.
    pub(crate) async fn tasks(&self, player: Uuid) -> Result<Vec<VipTask>, VipError> {
        let rows = vip_tasks::Entity::find()
            .filter(vip_tasks::Column::PlayerId.eq(player))
            .order_by_asc(vip_tasks::Column::Done)
            .order_by_desc(vip_tasks::Column::CreatedAt)
            .limit(200)
            .all(self.engine.db())
            .await?;
        let names = emails(self.engine, rows.iter().map(|r| r.author_id)).await?;
        Ok(rows.into_iter().map(|r| task_view(r, &names)).collect())
    }

    /// Checks, newest first.
    pub(crate) async fn checks(&self, player: Uuid) -> Result<Vec<VipCheck>, VipError> {
        let rows = vip_checks::Entity::find()
            .filter(vip_checks::Column::PlayerId.eq(player))
            .order_by_desc(vip_checks::Column::CreatedAt)
            .limit(100)
            .all(self.engine.db())
            .await?;
        let names = emails(self.engine, rows.iter().map(|r| r.author_id)).await?;
        let now = self.engine.now();
        Ok(rows
            .into_iter()
            .map(|r| check_view(r, &names, now))
            .collect())
    }
}

/// A note as the API shows it.
pub(crate) fn note_view(
    r: vip_notes::Model,
    names: &std::collections::HashMap<Uuid, String>,
) -> VipNote {
    VipNote {
        note_id: r.id,
        text: r.body,
        author: names.get(&r.author_id).cloned().unwrap_or_default(),
        author_id: r.author_id,
        created_at: r.created_at,
    }
}

/// A task as the API shows it.
pub(crate) fn task_view(
    r: vip_tasks::Model,
    names: &std::collections::HashMap<Uuid, String>,
) -> VipTask {
    VipTask {
        task_id: r.id,
        player_id: r.player_id,
        title: r.title,
        due_at: r.due_at,
        done: r.done,
        done_at: r.done_at,
        assignee_id: r.assignee_id,
        author: names.get(&r.author_id).cloned().unwrap_or_default(),
        created_at: r.created_at,
    }
}

/// True when the check passed and is recent enough for a designation.
pub(crate) fn allows_designation(
    r: &vip_checks::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    r.outcome == "pass"
        && r.affordability_reviewed
        && r.source_of_funds_verified
        && r.harm_markers_reviewed
        && r.rg_state_reviewed
        && r.created_at > now - Duration::days(CHECK_VALID_DAYS)
}

/// A check as the API shows it.
pub(crate) fn check_view(
    r: vip_checks::Model,
    names: &std::collections::HashMap<Uuid, String>,
    now: chrono::DateTime<chrono::Utc>,
) -> VipCheck {
    VipCheck {
        check_id: r.id,
        allows_designation: allows_designation(&r, now),
        affordability_reviewed: r.affordability_reviewed,
        source_of_funds_verified: r.source_of_funds_verified,
        harm_markers_reviewed: r.harm_markers_reviewed,
        rg_state_reviewed: r.rg_state_reviewed,
        outcome: r.outcome,
        evidence: r.evidence,
        author: names.get(&r.author_id).cloned().unwrap_or_default(),
        created_at: r.created_at,
    }
}
