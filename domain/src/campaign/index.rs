//! The live-campaign index: campaigns bucketed by trigger event, country
//! and vertical, so an event touches only the campaigns that can match it.

use std::collections::{BTreeSet, HashMap};

use super::{Campaign, TriggerEvent, Vertical};

/// Campaigns of one event and country bucket, split by vertical.
#[derive(Debug, Clone)]
struct VerticalBuckets<K> {
    /// No vertical condition.
    any: Vec<K>,
    /// With a vertical condition, under each vertical named.
    by_vertical: HashMap<Vertical, Vec<K>>,
}

impl<K> Default for VerticalBuckets<K> {
    fn default() -> Self {
        VerticalBuckets {
            any: Vec::new(),
            by_vertical: HashMap::new(),
        }
    }
}

impl<K> VerticalBuckets<K> {
    fn matching(&self, vertical: Option<Vertical>) -> impl Iterator<Item = &K> {
        let specific = vertical.and_then(|v| self.by_vertical.get(&v));
        self.any.iter().chain(specific.into_iter().flatten())
    }
}

/// Campaigns of one event, split by country.
#[derive(Debug, Clone)]
struct EventBuckets<K> {
    any_country: VerticalBuckets<K>,
    by_country: HashMap<String, VerticalBuckets<K>>,
}

impl<K> Default for EventBuckets<K> {
    fn default() -> Self {
        EventBuckets {
            any_country: VerticalBuckets::default(),
            by_country: HashMap::new(),
        }
    }
}

/// Live campaigns bucketed by trigger event, country and vertical, so an
/// event is evaluated against the few campaigns that can match it rather
/// than every live one. Rebuilt whenever a campaign changes.
///
/// A campaign without a country (or vertical) condition sits in the "any"
/// bucket of that dimension; one with several countries or verticals sits
/// in each of their buckets, at most once per lookup.
#[derive(Debug, Clone)]
pub struct CampaignIndex<K: Clone> {
    events: HashMap<TriggerEvent, EventBuckets<K>>,
    len: usize,
}

impl<K: Clone> Default for CampaignIndex<K> {
    fn default() -> Self {
        CampaignIndex {
            events: HashMap::new(),
            len: 0,
        }
    }
}

impl<K: Clone> CampaignIndex<K> {
    /// Indexes the campaigns, each under its key (typically its id).
    pub fn new<'a>(campaigns: impl IntoIterator<Item = (K, &'a Campaign)>) -> Self {
        let mut index = CampaignIndex::default();
        for (key, campaign) in campaigns {
            index.insert(key, campaign);
        }
        index
    }

    /// Adds one campaign.
    pub fn insert(&mut self, key: K, campaign: &Campaign) {
        let conditions = &campaign.trigger.conditions;
        let event = self.events.entry(campaign.trigger.event).or_default();
        let verticals = conditions.verticals.as_deref();
        match &conditions.countries {
            None => Self::add_by_vertical(&mut event.any_country, &key, verticals),
            Some(countries) => {
                let unique: BTreeSet<String> =
                    countries.iter().map(|c| c.to_ascii_uppercase()).collect();
                for country in unique {
                    let bucket = event.by_country.entry(country).or_default();
                    Self::add_by_vertical(bucket, &key, verticals);
                }
            }
        }
        self.len += 1;
    }

    fn add_by_vertical(bucket: &mut VerticalBuckets<K>, key: &K, verticals: Option<&[Vertical]>) {
        match verticals {
            None => bucket.any.push(key.clone()),
            Some(verticals) => {
                let unique: BTreeSet<Vertical> = verticals.iter().copied().collect();
                for vertical in unique {
                    bucket
                        .by_vertical
                        .entry(vertical)
                        .or_default()
                        .push(key.clone());
                }
            }
        }
    }

    /// The campaigns an `event` of a player in `country` (in `vertical`,
    /// when the event has one) can match: those of the event whose country
    /// and vertical conditions admit it or are absent. Each at most once;
    /// the other conditions are left to [`Campaign::check_conditions`].
    pub fn candidates<'a>(
        &'a self,
        event: TriggerEvent,
        country: &str,
        vertical: Option<Vertical>,
    ) -> impl Iterator<Item = &'a K> + use<'a, K> {
        let buckets = self.events.get(&event);
        let by_country =
            buckets.and_then(|b| b.by_country.get(country.to_ascii_uppercase().as_str()));
        let any_country = buckets.map(|b| &b.any_country);
        by_country
            .into_iter()
            .chain(any_country)
            .flat_map(move |b| b.matching(vertical))
    }

    /// Number of campaigns indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// No campaign indexed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}
