//! Loyalty: the points and coins ledgers (and, as the programme grows,
//! earning rules, tiers and the store).

pub mod ledger;
