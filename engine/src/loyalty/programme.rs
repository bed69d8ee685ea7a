//! The programme: one current definition, replaced whole by a VIP manager
//! or an admin.
//!
//! Rules:
//! - `PUT` validates strictly ([`domain::loyalty::Programme::parse`]: 422
//!   naming every bad field) and stores the normalized body as JSON with
//!   its author and time; the change is audited.
//! - Money in the programme is in the reporting currency.
//! - Players keep their tier state across a change; a tier that no longer
//!   exists is replaced by the computed tier at the next recompute.
//! - The hot paths (earning, `GET /loyalty`, the chores) read the parsed
//!   programme from a per-engine cache ([`current`]): replaced at once by
//!   `PUT` on this replica, read again from the database when older than
//!   [`CACHE_REFRESH`] (a change made on another replica).

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use domain::api::loyalty::{ProgrammeSpec, ProgrammeView};
use domain::money::Currency;
use sea_orm::{ConnectionTrait, EntityTrait, Set, sea_query::OnConflict};
use uuid::Uuid;

use super::{Loyalty, LoyaltyError};
use crate::Engine;
use entity::loyalty_programme;

pub use domain::loyalty::Programme;

/// The id of the one programme row.
const ROW: i32 = 1;

/// The current programme and its row, if one is set.
pub(crate) async fn load<C: ConnectionTrait>(
    conn: &C,
) -> Result<Option<(Programme, loyalty_programme::Model)>, LoyaltyError> {
    let Some(row) = loyalty_programme::Entity::find_by_id(ROW).one(conn).await? else {
        return Ok(None);
    };
    let spec: ProgrammeSpec = serde_json::from_str(&row.spec)
        .map_err(|e| anyhow::anyhow!("stored loyalty programme: {e}"))?;
    let currency: Currency = row
        .currency
        .parse()
        .map_err(|e| anyhow::anyhow!("stored loyalty programme currency: {e}"))?;
    let programme = Programme::parse(&spec, currency)
        .map_err(|e| anyhow::anyhow!("stored loyalty programme is invalid: {e:?}"))?;
    Ok(Some((programme, row)))
}

/// How long the cached programme is trusted before it is read again.
pub const CACHE_REFRESH: Duration = Duration::from_secs(5);

/// What the cache holds: the programme (none set: `None`), when it was
/// read, and a generation bumped by every replacement.
#[derive(Default)]
struct Slot {
    programme: Option<Arc<Programme>>,
    read_at: Option<Instant>,
    generation: u64,
}

/// The parsed programme, shared by every handle of one engine.
#[derive(Default)]
pub struct ProgrammeCache {
    slot: RwLock<Slot>,
}

impl ProgrammeCache {
    /// The cached programme while fresh (`Err` with the generation to
    /// store a fresh read under when not).
    fn fresh(&self) -> Result<Option<Arc<Programme>>, u64> {
        let slot = self.slot.read().unwrap_or_else(|e| e.into_inner());
        match slot.read_at {
            Some(at) if at.elapsed() < CACHE_REFRESH => Ok(slot.programme.clone()),
            _ => Err(slot.generation),
        }
    }

    /// Stores a read made at `generation`, unless a replacement came
    /// since (a stale read never overwrites a newer programme).
    fn store_read(&self, programme: Option<Arc<Programme>>, generation: u64) {
        let mut slot = self.slot.write().unwrap_or_else(|e| e.into_inner());
        if slot.generation == generation {
            slot.programme = programme;
            slot.read_at = Some(Instant::now());
        }
    }

    /// Replaces the programme (after `PUT`).
    fn replace(&self, programme: Arc<Programme>) {
        let mut slot = self.slot.write().unwrap_or_else(|e| e.into_inner());
        slot.generation = slot.generation.wrapping_add(1);
        slot.programme = Some(programme);
        slot.read_at = Some(Instant::now());
    }
}

/// The current programme, parsed, from the engine's cache (read again
/// when older than [`CACHE_REFRESH`]).
pub(crate) async fn current(engine: &Engine) -> Result<Option<Arc<Programme>>, LoyaltyError> {
    let cache = engine.loyalty_cache();
    match cache.fresh() {
        Ok(programme) => Ok(programme),
        Err(generation) => {
            let programme = load(engine.db()).await?.map(|(p, _)| Arc::new(p));
            cache.store_read(programme.clone(), generation);
            Ok(programme)
        }
    }
}

fn view(programme: &Programme, row: &loyalty_programme::Model) -> ProgrammeView {
    ProgrammeView {
        spec: programme.to_spec(),
        demo: row.demo,
        updated_by: row.updated_by,
        updated_at: row.updated_at,
    }
}

impl Loyalty<'_> {
    /// The current programme, if one is set.
    pub async fn programme(&self) -> Result<Option<Programme>, LoyaltyError> {
        Ok(current(self.engine()).await?.map(|p| Programme::clone(&p)))
    }

    /// The current programme as `GET /admin/loyalty/programme` answers it.
    pub async fn programme_view(&self) -> Result<Option<ProgrammeView>, LoyaltyError> {
        Ok(load(self.engine().db())
            .await?
            .map(|(p, row)| view(&p, &row)))
    }

    /// Replaces the programme with `spec` (422 naming each bad field).
    pub async fn set_programme(
        &self,
        spec: &ProgrammeSpec,
        author: Uuid,
    ) -> Result<ProgrammeView, LoyaltyError> {
        self.store_programme(spec, Some(author), false).await
    }

    /// [`Loyalty::set_programme`], marking the row as demo content when
    /// `demo` (the demo seed, which has no author).
    pub async fn store_programme(
        &self,
        spec: &ProgrammeSpec,
        author: Option<Uuid>,
        demo: bool,
    ) -> Result<ProgrammeView, LoyaltyError> {
        let engine = self.engine();
        let currency = engine.config().reporting_currency;
        let programme = Programme::parse(spec, currency).map_err(LoyaltyError::Validation)?;
        let normalized = programme.to_spec();
        let json = serde_json::to_string(&normalized).map_err(anyhow::Error::from)?;
        let at = engine.now();
        let row = loyalty_programme::ActiveModel {
            id: Set(ROW),
            spec: Set(json),
            currency: Set(currency.code().to_owned()),
            demo: Set(demo),
            updated_by: Set(author),
            updated_at: Set(at),
        };
        let txn = crate::db::begin_write(engine.db()).await?;
        loyalty_programme::Entity::insert(row)
            .on_conflict(
                OnConflict::column(loyalty_programme::Column::Id)
                    .update_columns([
                        loyalty_programme::Column::Spec,
                        loyalty_programme::Column::Currency,
                        loyalty_programme::Column::Demo,
                        loyalty_programme::Column::UpdatedBy,
                        loyalty_programme::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
        crate::audit::record(
            &txn,
            at,
            author,
            "loyalty.programme_set",
            "loyalty_programme",
            serde_json::to_value(&normalized).map_err(anyhow::Error::from)?,
        )
        .await?;
        txn.commit().await?;
        engine.loyalty_cache().replace(Arc::new(programme.clone()));
        let stored = loyalty_programme::Entity::find_by_id(ROW)
            .one(engine.db())
            .await?
            .ok_or_else(|| anyhow::anyhow!("the programme row vanished"))?;
        Ok(view(&programme, &stored))
    }

    /// True when the current programme was set by the demo seed.
    pub async fn programme_is_demo(&self) -> Result<bool, LoyaltyError> {
        Ok(loyalty_programme::Entity::find_by_id(ROW)
            .one(self.engine().db())
            .await?
            .is_some_and(|r| r.demo))
    }
}
