//! The VIP console's player list: filters (tier, vip, manager), sorting by
//! points, 30-day deposits, 30-day GGR or last activity (highest or newest
//! first, ties by player id), and cursor paging.
//!
//! Rules:
//! - The figures are computed for every candidate player (all players, or
//!   the manager's when `manager_id` is given) in bulk queries, then
//!   filtered, sorted and cut into a page; the cursor names the sort, the
//!   last row's sort key and its id, so a page never repeats or skips a row
//!   that kept its key.
//! - `tier` asks the loyalty programme for each remaining candidate.
//! - A cursor of another sort, or malformed → 422 on `cursor`.

use std::collections::HashMap;

use domain::api::vip::{SORTS, VipListQuery, VipPlayerList, VipPlayerRow};
use domain::loyalty::VipRules;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::figures::{Figures, figures};
use super::{DEFAULT_LIMIT, MAX_LIMIT, Vip, VipError, port};
use crate::Role;
use entity::{users, vip_profiles};

/// A parsed list query.
struct Parsed {
    tier: Option<String>,
    vip: Option<bool>,
    manager: Option<Uuid>,
    sort: &'static str,
    after: Option<(i64, Uuid)>,
    limit: u64,
}

fn parse(q: &VipListQuery) -> Result<Parsed, VipError> {
    let sort = match q.sort.as_deref().map(str::trim) {
        None | Some("") => SORTS[0],
        Some(s) => SORTS.into_iter().find(|k| *k == s).ok_or_else(|| {
            VipError::field(
                "sort",
                "Use points, deposits_30d, ggr_30d or last_active_at.",
            )
        })?,
    };
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(VipError::field("limit", format!("From 1 to {MAX_LIMIT}.")));
    }
    let manager = match q.manager_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(
            Uuid::parse_str(raw).map_err(|_| VipError::field("manager_id", "Not a user id."))?,
        ),
    };
    let after = match q.cursor.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(decode_cursor(sort, raw)?),
    };
    let tier = q
        .tier
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    Ok(Parsed {
        tier,
        vip: q.vip,
        manager,
        sort,
        after,
        limit,
    })
}

/// `{sort}.{key}.{id}`.
fn encode_cursor(sort: &str, key: i64, id: Uuid) -> String {
    format!("{sort}.{key}.{id}")
}

fn decode_cursor(sort: &str, raw: &str) -> Result<(i64, Uuid), VipError> {
    let bad = || VipError::field("cursor", "Not a cursor of this list and sort.");
    let mut parts = raw.splitn(3, '.');
    let (Some(s), Some(key), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    if s != sort {
        return Err(bad());
    }
    Ok((
        key.parse().map_err(|_| bad())?,
        Uuid::parse_str(id).map_err(|_| bad())?,
    ))
}

/// True when the figures meet every rule given (none given: false).
pub(crate) fn meets_rules(rules: Option<&VipRules>, f: &Figures) -> bool {
    let Some(rules) = rules else { return false };
    if rules.min_deposits_30d.is_none() && rules.min_ggr_30d.is_none() {
        return false;
    }
    let deposits_ok = rules
        .min_deposits_30d
        .is_none_or(|min| f.deposits.minor() >= min.minor());
    let ggr_ok = rules
        .min_ggr_30d
        .is_none_or(|min| f.ggr.minor() >= min.minor());
    deposits_ok && ggr_ok
}

/// One candidate before paging.
struct Candidate {
    id: Uuid,
    email: String,
    profile: Option<vip_profiles::Model>,
    figures: Figures,
    points: i64,
    vip: bool,
    tier: Option<Option<String>>,
}

impl Candidate {
    fn key(&self, sort: &str) -> i64 {
        match sort {
            "deposits_30d" => self.figures.deposits.minor(),
            "ggr_30d" => self.figures.ggr.minor(),
            "last_active_at" => self
                .figures
                .last_active_at
                .map_or(i64::MIN, |t| t.timestamp_micros()),
            _ => self.points,
        }
    }
}

/// Players (id, e-mail), all or only `only`.
async fn players(vip: &Vip<'_>, only: Option<Vec<Uuid>>) -> Result<Vec<(Uuid, String)>, VipError> {
    let mut q = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::Email)
        .filter(users::Column::Roles.like(format!("%{}%", Role::Player.code())));
    if let Some(ids) = only {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        q = q.filter(users::Column::Id.is_in(ids));
    }
    Ok(q.into_tuple().all(vip.engine.db()).await?)
}

impl Vip<'_> {
    /// The players who pass the filters of `q`, unsorted.
    async fn candidates(&self, q: &Parsed) -> Result<Vec<Candidate>, VipError> {
        let engine = self.engine;
        let now = engine.now();
        let profiles: HashMap<Uuid, vip_profiles::Model> = {
            let mut find = vip_profiles::Entity::find();
            if let Some(m) = q.manager {
                find = find.filter(vip_profiles::Column::ManagerId.eq(m));
            }
            find.all(engine.db())
                .await?
                .into_iter()
                .map(|p| (p.player_id, p))
                .collect()
        };
        let only = q.manager.map(|_| profiles.keys().copied().collect());
        let found = players(self, only).await?;
        let ids: Vec<Uuid> = found.iter().map(|(id, _)| *id).collect();
        let mut figures = figures(engine, &ids, now).await?;
        let points = port::points_of(engine, &ids).await?;
        let rules = port::vip_rules(engine).await?;
        let mut candidates: Vec<Candidate> = Vec::with_capacity(found.len());
        for (id, email) in found {
            let profile = profiles.get(&id).cloned();
            let f = figures.remove(&id).unwrap_or(Figures {
                deposits: domain::money::Money::new(0, engine.config().reporting_currency),
                ggr: domain::money::Money::new(0, engine.config().reporting_currency),
                last_active_at: None,
            });
            let marked = profile.as_ref().is_some_and(|p| p.marked);
            let vip = marked || meets_rules(rules.as_ref(), &f);
            if q.vip.is_some_and(|want| want != vip) {
                continue;
            }
            candidates.push(Candidate {
                id,
                email,
                profile,
                figures: f,
                points: points.get(&id).copied().unwrap_or(0),
                vip,
                tier: None,
            });
        }
        if let Some(tier) = &q.tier {
            let mut kept = Vec::new();
            for mut c in candidates {
                let held = port::status(engine, c.id).await?.tier;
                if held.as_deref() == Some(tier.as_str()) {
                    c.tier = Some(held);
                    kept.push(c);
                }
            }
            candidates = kept;
        }
        Ok(candidates)
    }

    /// The players who are VIP now (by rule or marked).
    pub(crate) async fn vip_ids(&self) -> Result<Vec<Uuid>, VipError> {
        let q = Parsed {
            tier: None,
            vip: Some(true),
            manager: None,
            sort: SORTS[0],
            after: None,
            limit: MAX_LIMIT,
        };
        Ok(self
            .candidates(&q)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect())
    }

    /// `GET /admin/vip/players`.
    pub async fn players(&self, query: &VipListQuery) -> Result<VipPlayerList, VipError> {
        self.authorize()?;
        let q = parse(query)?;
        let mut candidates = self.candidates(&q).await?;
        let sort = q.sort;
        candidates.sort_by_key(|c| std::cmp::Reverse((c.key(sort), c.id)));
        if let Some(after) = q.after {
            candidates.retain(|c| (c.key(sort), c.id) < after);
        }
        let more = candidates.len() as u64 > q.limit;
        candidates.truncate(q.limit as usize);
        let next_cursor = if more {
            candidates
                .last()
                .map(|c| encode_cursor(sort, c.key(sort), c.id))
        } else {
            None
        };
        let mut items = Vec::with_capacity(candidates.len());
        for c in candidates {
            items.push(self.row(c).await?);
        }
        Ok(VipPlayerList { items, next_cursor })
    }

    async fn row(&self, c: Candidate) -> Result<VipPlayerRow, VipError> {
        let engine = self.engine;
        let tier = match c.tier {
            Some(t) => t,
            None => port::status(engine, c.id).await?.tier,
        };
        let self_excluded = engine
            .compliance()
            .active_exclusion(c.id, engine.now())
            .await?
            .is_some();
        Ok(VipPlayerRow {
            player_id: c.id,
            email: c.email,
            tier,
            points: c.points,
            vip: c.vip,
            marked: c.profile.as_ref().is_some_and(|p| p.marked),
            manager_id: c.profile.and_then(|p| p.manager_id),
            deposits_30d: c.figures.deposits.format_amount(),
            ggr_30d: c.figures.ggr.format_amount(),
            reporting_currency: engine.config().reporting_currency.code().to_owned(),
            last_active_at: c.figures.last_active_at,
            self_excluded,
        })
    }
}
