//! `users`: players and back-office staff. Roles are stored space-separated.

use sea_orm::entity::prelude::*;

/// One user row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// UUID v7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Lower-cased e-mail address, unique.
    #[sea_orm(unique)]
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Space-separated role codes.
    pub roles: String,
    /// Date of birth (players; staff may have none).
    pub date_of_birth: Option<Date>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// ISO 4217 wallet currency.
    pub currency: String,
    /// `unverified`, `pending`, `verified` or `rejected`.
    pub kyc_status: String,
    /// When the account was created.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
    /// True when the account may not log in (staff disabled by an admin).
    pub disabled: bool,
}

/// Relations of `users`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
