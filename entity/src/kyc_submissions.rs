//! `kyc_submissions`: identity documents submitted to a KYC provider, with
//! the provider's outcome and the compliance decision.

use sea_orm::entity::prelude::*;

/// One `kyc_submissions` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kyc_submissions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// Provider code, e.g. `sandbox`.
    pub provider: String,
    /// The provider's reference (unique).
    pub provider_reference: String,
    /// `passport`, `id_card` or `driving_licence`.
    pub document_type: String,
    /// Issuing country.
    pub document_country: String,
    /// Last four characters of the document number (no more is kept).
    pub document_number_last4: String,
    /// Name on the document.
    pub full_name: String,
    /// `pending`, `verified` or `rejected`.
    pub status: String,
    /// The provider's outcome (`clear`, `consider`), empty until it answers.
    pub provider_outcome: String,
    /// The reviewer's note.
    pub decision_note: Option<String>,
    /// The reviewer.
    pub decided_by: Option<Uuid>,
    /// Submitted.
    pub created_at: DateTimeUtc,
    /// Decided.
    pub decided_at: Option<DateTimeUtc>,
}

/// Relations of `kyc_submissions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
