//! Leaderboards and tournaments: boards a marketer defines, scored from the
//! outbox events, ranked in memory, closed once per period with prizes
//! paid through the one award path.
//!
//! Rules (API.md "Leaderboards and tournaments"):
//! - A board is created from a [`LeaderboardSpec`] the engine validates
//!   (422 naming the field: unknown metric, inverted or overlapping prize
//!   ranges, a timezone that does not exist, ...). Amounts are in the
//!   reporting currency.
//! - Periods follow the board's IANA timezone: a daily period is one local
//!   calendar day (23 or 25 hours across a DST change), a weekly one starts
//!   Monday 00:00 local, a monthly one on the 1st.
//! - Scores come from outbox events, each counted once per board
//!   (idempotent per event); equal scores rank by who reached the score
//!   first.
//! - Every open period has an in-memory [`RankBoard`], rebuilt from the
//!   database at start and checkable against it.
//! - A close is claimed once by a guarded update of the period's status;
//!   each prize is paid through [`crate::rewards::grant`] under an award
//!   key naming the period and rank, so a retried, concurrent or
//!   interrupted close never pays twice.
//! - Excluded and timed-out players leave every board at once and are
//!   never paid.

pub mod close;
pub mod live;
pub mod score;
pub mod spec;
pub mod views;

use chrono::{DateTime, Utc};
use domain::api::leaderboard::{
    AroundMe, Joined, LeaderboardList, LeaderboardSpec, LeaderboardStatus, LeaderboardView,
    LeaderboardViewList, MyRank, PeriodClosedBoard, PeriodList, PeriodStatus, Standings,
};
use domain::validation::FieldError;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr};
use uuid::Uuid;

use crate::Engine;
use entity::{leaderboard_entries, leaderboard_periods, leaderboards, player_nicknames};

pub use live::Boards;
pub use spec::Definition;

/// Rows pushed on `leaderboard:{id}`.
pub const PUSH_TOP: usize = 10;
/// Most rows of `GET /leaderboards/{id}`.
pub const MAX_LIMIT: u64 = 100;
/// Most rows either side of the caller in around-me.
pub const MAX_AROUND: u64 = 50;
/// Shortest and longest nickname.
pub const NICKNAME_CHARS: std::ops::RangeInclusive<usize> = 3..=20;

/// Failures of leaderboard commands, mapped to API codes at the edge.
#[derive(Debug, thiserror::Error)]
pub enum LeaderboardError {
    /// The body failed validation; one entry per field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// No such board (or player).
    #[error("not found")]
    NotFound,
    /// The period has its maximum number of participants.
    #[error("the leaderboard is full")]
    Full,
    /// The period was already closed (or the board has ended).
    #[error("the period is already closed")]
    AlreadyClosed,
    /// The board has no open period to join (it has ended).
    #[error("the leaderboard is not open")]
    NotOpen,
    /// The player may not take part (self-excluded or timed out).
    #[error("the player is excluded")]
    Excluded,
    /// Another player has this nickname.
    #[error("the nickname is taken")]
    NicknameTaken,
    /// Anything else.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for LeaderboardError {
    fn from(e: sea_orm::DbErr) -> Self {
        LeaderboardError::Unexpected(e.into())
    }
}

/// Leaderboard commands for one engine.
pub struct Leaderboards<'a> {
    engine: &'a Engine,
}

impl Engine {
    /// Leaderboards and tournaments.
    pub fn leaderboards(&self) -> Leaderboards<'_> {
        Leaderboards { engine: self }
    }
}

/// Open (and interrupted, `closing`) periods with their boards.
pub(crate) async fn open_periods(
    engine: &Engine,
) -> Result<Vec<(leaderboards::Model, leaderboard_periods::Model)>, sea_orm::DbErr> {
    let periods = leaderboard_periods::Entity::find()
        .filter(leaderboard_periods::Column::Status.eq(PeriodStatus::Open.code()))
        .all(engine.db())
        .await?;
    if periods.is_empty() {
        return Ok(Vec::new());
    }
    let boards = leaderboards::Entity::find()
        .filter(leaderboards::Column::Id.is_in(periods.iter().map(|p| p.leaderboard_id)))
        .all(engine.db())
        .await?;
    Ok(periods
        .into_iter()
        .filter_map(|p| {
            let board = boards.iter().find(|b| b.id == p.leaderboard_id)?.clone();
            Some((board, p))
        })
        .collect())
}

/// The board's latest period.
pub(crate) async fn current_period(
    engine: &Engine,
    board: Uuid,
) -> Result<Option<leaderboard_periods::Model>, sea_orm::DbErr> {
    leaderboard_periods::Entity::find()
        .filter(leaderboard_periods::Column::LeaderboardId.eq(board))
        .order_by_desc(leaderboard_periods::Column::Seq)
        .one(engine.db())
        .await
}

/// A nickname's problem, if any (3–20 letters, digits, `_` or `-`).
pub fn nickname_problem(nickname: &str) -> Option<&'static str> {
    let n = nickname.chars().count();
    if !NICKNAME_CHARS.contains(&n) {
        return Some("must be 3 to 20 characters");
    }
    if !nickname
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Some("may contain only letters, digits, _ and -");
    }
    None
}

impl<'a> Leaderboards<'a> {
    async fn board(&self, id: Uuid) -> Result<leaderboards::Model, LeaderboardError> {
        leaderboards::Entity::find_by_id(id)
            .one(self.engine.db())
            .await?
            .ok_or(LeaderboardError::NotFound)
    }

    /// Validates a body (money in the reporting currency).
    pub fn validate(&self, spec: &LeaderboardSpec) -> Result<Definition, LeaderboardError> {
        Definition::parse(spec, self.engine.config().reporting_currency)
            .map_err(LeaderboardError::Validation)
    }

    /// Creates a board and its first period (live when it has started).
    pub async fn create(
        &self,
        spec: &LeaderboardSpec,
        by: Uuid,
    ) -> Result<LeaderboardView, LeaderboardError> {
        self.create_with(spec, Some(by), false).await
    }

    /// [`Leaderboards::create`], also for seeded demo boards (`by` none).
    pub async fn create_with(
        &self,
        spec: &LeaderboardSpec,
        by: Option<Uuid>,
        demo: bool,
    ) -> Result<LeaderboardView, LeaderboardError> {
        let def = self.validate(spec)?;
        let now = self.engine.now();
        let period = def.first_period(now);
        if period.ends_at <= now {
            return Err(LeaderboardError::Validation(vec![FieldError::new(
                "ends_at",
                "must be in the future",
            )]));
        }
        let currency = self.engine.config().reporting_currency;
        let board = leaderboards::Model {
            id: Uuid::now_v7(),
            name: def.name.clone(),
            metric: def.metric.code().to_owned(),
            recurrence: def.recurrence.code().to_owned(),
            timezone: spec.timezone.clone(),
            spec: serde_json::to_string(&def.to_spec()).map_err(anyhow::Error::from)?,
            currency: currency.code().to_owned(),
            verticals: def.verticals.join(" "),
            opt_in: def.opt_in,
            max_participants: def.max_participants,
            min_stake_minor: def.min_stake.map(domain::money::Money::minor),
            status: LeaderboardStatus::Live.code().to_owned(),
            demo,
            starts_at: period.starts_at,
            ends_at: def.ends_at,
            created_by: by,
            created_at: now,
            updated_at: now,
        };
        let first = leaderboard_periods::Model {
            id: Uuid::now_v7(),
            leaderboard_id: board.id,
            seq: 1,
            starts_at: period.starts_at,
            ends_at: period.ends_at,
            status: PeriodStatus::Open.code().to_owned(),
            participants: 0,
            standings: None,
            standings_hash: None,
            closed_at: None,
            closed_by: None,
            created_at: now,
        };
        let txn = crate::db::begin_write(self.engine.db()).await?;
        leaderboards::ActiveModel::from(board.clone())
            .reset_all()
            .insert(&txn)
            .await?;
        leaderboard_periods::ActiveModel::from(first.clone())
            .reset_all()
            .insert(&txn)
            .await?;
        crate::audit::record(
            &txn,
            now,
            by,
            "leaderboard.created",
            &format!("leaderboard:{}", board.id),
            serde_json::json!({ "name": board.name, "metric": board.metric }),
        )
        .await?;
        txn.commit().await?;
        views::view(&board, Some(&first), now)
    }

    /// Live and scheduled boards, for anyone (live first, newest first).
    pub async fn list(&self) -> Result<LeaderboardList, LeaderboardError> {
        let now = self.engine.now();
        let mut items = Vec::new();
        for (board, period) in open_periods(self.engine).await? {
            if board.status == LeaderboardStatus::Closed.code() {
                continue;
            }
            items.push(views::summary(&board, Some(&period), now)?);
        }
        items.sort_by(|a, b| {
            (a.status != LeaderboardStatus::Live)
                .cmp(&(b.status != LeaderboardStatus::Live))
                .then(b.leaderboard_id.cmp(&a.leaderboard_id))
        });
        Ok(LeaderboardList { items })
    }

    /// Every board, newest first, for the back office.
    pub async fn list_admin(&self) -> Result<LeaderboardViewList, LeaderboardError> {
        let now = self.engine.now();
        let boards = leaderboards::Entity::find()
            .order_by_desc(leaderboards::Column::CreatedAt)
            .order_by_desc(leaderboards::Column::Id)
            .all(self.engine.db())
            .await?;
        let mut items = Vec::with_capacity(boards.len());
        for board in &boards {
            let period = current_period(self.engine, board.id).await?;
            items.push(views::view(board, period.as_ref(), now)?);
        }
        Ok(LeaderboardViewList { items })
    }

    /// One board, for the back office.
    pub async fn get(&self, id: Uuid) -> Result<LeaderboardView, LeaderboardError> {
        let board = self.board(id).await?;
        let period = current_period(self.engine, id).await?;
        views::view(&board, period.as_ref(), self.engine.now())
    }

    /// The board's open period and its ranking in memory.
    async fn live_period(
        &self,
        id: Uuid,
    ) -> Result<(leaderboards::Model, Option<leaderboard_periods::Model>), LeaderboardError> {
        let board = self.board(id).await?;
        let period = current_period(self.engine, id).await?;
        if let Some(p) = &period
            && p.status == PeriodStatus::Open.code()
        {
            live::ensure(self.engine, id, p.id).await?;
        }
        Ok((board, period))
    }

    /// The top `limit` (at most [`MAX_LIMIT`]) of the current period and
    /// the caller's place; a closed period shows its frozen standings.
    pub async fn standings(
        &self,
        id: Uuid,
        limit: u64,
        me: Option<Uuid>,
    ) -> Result<Standings, LeaderboardError> {
        let (board, period) = self.live_period(id).await?;
        let limit = limit.clamp(1, MAX_LIMIT) as usize;
        let metric = views::metric_of(&board)?;
        let currency = views::currency_of(&board)?;
        let (top, mine) = match &period {
            Some(p) if p.status == PeriodStatus::Open.code() => self
                .engine
                .leaderboard_boards()
                .read(id, p.id, |live| {
                    let mine = me.and_then(|m| {
                        let rank = live.board.rank(m)?;
                        Some((rank, live.board.entry(m)?.score))
                    });
                    (live.board.top(limit), mine)
                })
                .unwrap_or_default(),
            Some(p) => close::frozen_top(p, limit, me),
            None => Default::default(),
        };
        Ok(Standings {
            leaderboard_id: id,
            name: board.name.clone(),
            metric,
            period: period.as_ref().map(views::period_of),
            items: views::rows(self.engine, &board, &top, me).await?,
            me: mine.map(|(rank, score)| MyRank {
                rank,
                score: views::score_text(metric, currency, score),
            }),
        })
    }

    /// Up to `n` (at most [`MAX_AROUND`]) rows above the player, the
    /// player, up to `n` below; empty when the player is not ranked.
    pub async fn around(
        &self,
        id: Uuid,
        player: Uuid,
        n: u64,
    ) -> Result<AroundMe, LeaderboardError> {
        let (board, period) = self.live_period(id).await?;
        let n = n.min(MAX_AROUND) as usize;
        let ranked = match &period {
            Some(p) if p.status == PeriodStatus::Open.code() => self
                .engine
                .leaderboard_boards()
                .read(id, p.id, |live| live.board.around(player, n))
                .unwrap_or_default(),
            Some(p) => close::frozen_around(p, player, n),
            None => Vec::new(),
        };
        Ok(AroundMe {
            items: views::rows(self.engine, &board, &ranked, Some(player)).await?,
        })
    }

    /// Joins the open period (idempotent): 409 `leaderboard_full` at the
    /// maximum, refused while excluded.
    pub async fn join(&self, id: Uuid, player: Uuid) -> Result<Joined, LeaderboardError> {
        let board = self.board(id).await?;
        let period = current_period(self.engine, id)
            .await?
            .filter(|p| p.status == PeriodStatus::Open.code())
            .ok_or(LeaderboardError::NotOpen)?;
        if self.engine.compliance().is_excluded(player).await {
            return Err(LeaderboardError::Excluded);
        }
        let now = self.engine.now();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let entered = score::enter(&txn, &board, &period, player, now, 0).await?;
        match entered {
            score::Entered::Already => {
                txn.rollback().await?;
            }
            score::Entered::Full => {
                txn.rollback().await?;
                return Err(LeaderboardError::Full);
            }
            score::Entered::New(row) => {
                txn.commit().await?;
                live::ensure(self.engine, id, period.id).await?;
                self.engine.leaderboard_boards().apply(&row);
            }
        }
        Ok(Joined {
            leaderboard_id: id,
            joined: true,
        })
    }

    /// Closes the current period: freezes, hashes, pays once, opens the
    /// next (see [`close`]).
    pub async fn close(
        &self,
        id: Uuid,
        by: Option<Uuid>,
    ) -> Result<PeriodClosedBoard, LeaderboardError> {
        close::close(self.engine, id, by).await
    }

    /// The board's periods with their winners, newest first.
    pub async fn periods(&self, id: Uuid) -> Result<PeriodList, LeaderboardError> {
        let board = self.board(id).await?;
        close::periods(self.engine, &board).await
    }

    /// Compares the in-memory ranking of the board's open period with the
    /// database (replacing it when they differ); true when equal.
    pub async fn check(&self, id: Uuid) -> Result<bool, LeaderboardError> {
        let period = current_period(self.engine, id)
            .await?
            .filter(|p| p.status == PeriodStatus::Open.code())
            .ok_or(LeaderboardError::AlreadyClosed)?;
        live::ensure(self.engine, id, period.id).await?;
        Ok(live::check(self.engine, id, period.id).await?)
    }

    /// The player's public nickname, if they chose one.
    pub async fn nickname(&self, player: Uuid) -> Result<Option<String>, LeaderboardError> {
        Ok(player_nicknames::Entity::find_by_id(player)
            .one(self.engine.db())
            .await?
            .map(|row| row.nickname))
    }

    /// Sets the player's public nickname (unique regardless of case).
    pub async fn set_nickname(&self, player: Uuid, nickname: &str) -> Result<(), LeaderboardError> {
        if let Some(problem) = nickname_problem(nickname) {
            return Err(LeaderboardError::Validation(vec![FieldError::new(
                "nickname", problem,
            )]));
        }
        let exists = entity::users::Entity::find_by_id(player)
            .one(self.engine.db())
            .await?;
        if exists.is_none() {
            return Err(LeaderboardError::NotFound);
        }
        let now = self.engine.now();
        let key = nickname.to_ascii_lowercase();
        let txn = crate::db::begin_write(self.engine.db()).await?;
        player_nicknames::Entity::delete_by_id(player)
            .exec(&txn)
            .await?;
        let row = player_nicknames::ActiveModel {
            player_id: Set(player),
            nickname: Set(nickname.to_owned()),
            nickname_key: Set(key),
            updated_at: Set(now),
        };
        match player_nicknames::Entity::insert(row).exec(&txn).await {
            Ok(_) => {}
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                txn.rollback().await?;
                return Err(LeaderboardError::NicknameTaken);
            }
            Err(e) => return Err(e.into()),
        }
        txn.commit().await?;
        Ok(())
    }

    /// Removes the player from every open period (a time-out or
    /// self-exclusion began); answers how many entries went.
    pub async fn remove_player(&self, player: Uuid) -> Result<u64, LeaderboardError> {
        let open: Vec<Uuid> = open_periods(self.engine)
            .await?
            .into_iter()
            .map(|(_, p)| p.id)
            .collect();
        if open.is_empty() {
            return Ok(0);
        }
        let txn = crate::db::begin_write(self.engine.db()).await?;
        let gone = leaderboard_entries::Entity::delete_many()
            .filter(leaderboard_entries::Column::PlayerId.eq(player))
            .filter(leaderboard_entries::Column::PeriodId.is_in(open.clone()))
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        self.engine.leaderboard_boards().remove_player(player);
        Ok(gone)
    }
}

/// Microseconds since the epoch (the tie-break order of entries).
pub(crate) fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}
