//! Identity verification (KYC): the [`KycProvider`] trait, the sandbox
//! provider, submissions, the provider's asynchronous decision by signed
//! webhook, and the compliance review queue.
//!
//! A player submits document metadata (type, issuing country, number, name;
//! only the number's last four characters are kept) and becomes `pending`.
//! The provider answers later by webhook, HMAC-SHA256 over the raw body in
//! `X-Sandbox-Signature: sha256=<hex>`: `clear` verifies the player,
//! `rejected` rejects them, `consider` leaves them `pending` for a person to
//! decide in the review queue (`POST /admin/players/{id}/kyc`). A webhook
//! acts at most once per submission; late or repeated ones change nothing.
//!
//! The sandbox decides by the document number: one ending in `0` is
//! referred to manual review (no webhook is sent, compliance decides or a
//! test posts the webhook); any other is cleared by a webhook it sends
//! itself a moment later, through the same verification path as an HTTP
//! webhook.
//!
//! Which provider the engine uses is configuration
//! ([`crate::EngineConfig::kyc_provider`], the server's
//! `CROUPIER_KYC_PROVIDER`). Adding a real provider is one implementation
//! of [`KycProvider`], one [`KycProviderKind`] variant and one arm in
//! `KycProviders::new`; the UI labels itself with the provider's
//! [`KycProvider::display_name`].

use domain::events::{EventData, Topic};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use hmac::{Hmac, Mac};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use super::{Compliance, ComplianceError, MAX_HISTORY_ROWS, load_player};
use crate::Engine;
use crate::auth::{KycStatus, Principal, Role};
use crate::paging::{self, Cursor, Page};
use entity::{kyc_submissions, users};

type HmacSha256 = Hmac<Sha256>;

/// The sandbox's signature header (lower case).
pub const SIGNATURE_HEADER: &str = "x-sandbox-signature";

/// Accepted document types.
pub const DOCUMENT_TYPES: [&str; 3] = ["passport", "id_card", "driving_licence"];

/// Submissions `GET /kyc/submissions` lists when not told how many.
pub const DEFAULT_OWN_SUBMISSIONS: u64 = 20;

/// How long the sandbox takes to decide.
const SANDBOX_DELAY: Duration = Duration::from_millis(1500);

/// Document metadata a player submits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KycDocument {
    /// `passport`, `id_card` or `driving_licence`.
    pub document_type: String,
    /// Issuing country, ISO 3166-1 alpha-2.
    pub document_country: String,
    /// The document number, 4 to 32 letters and digits.
    pub document_number: String,
    /// The name as on the document, 1 to 200 characters.
    pub full_name: String,
}

impl KycDocument {
    fn validate(&self) -> Result<(), ComplianceError> {
        if !DOCUMENT_TYPES.contains(&self.document_type.as_str()) {
            return Err(ComplianceError::validation(
                "document_type",
                "passport, id_card or driving_licence",
            ));
        }
        let country = self.document_country.trim();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(ComplianceError::validation(
                "document_country",
                "a two-letter country code, e.g. MT",
            ));
        }
        let number = self.document_number.trim();
        if !(4..=32).contains(&number.chars().count())
            || !number.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(ComplianceError::validation(
                "document_number",
                "4 to 32 letters and digits",
            ));
        }
        let name_len = self.full_name.trim().chars().count();
        if !(1..=200).contains(&name_len) || self.full_name.chars().any(char::is_control) {
            return Err(ComplianceError::validation(
                "full_name",
                "1 to 200 characters",
            ));
        }
        Ok(())
    }
}

/// The provider's outcome for a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KycOutcome {
    /// Identity confirmed.
    Clear,
    /// Needs a person to look.
    Consider,
    /// Refused.
    Rejected,
}

impl KycOutcome {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Clear => "clear",
            Self::Consider => "consider",
            Self::Rejected => "rejected",
        }
    }
}

/// A verified webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KycNotice {
    /// The provider's reference of the submission.
    pub reference: String,
    /// The decision.
    pub outcome: KycOutcome,
}

/// An identity verification provider.
pub trait KycProvider: Send + Sync {
    /// The provider code (`sandbox`), stored with each submission.
    fn code(&self) -> &'static str;

    /// What players are told checks their documents, e.g. on the
    /// Responsible gaming page. A test provider says so here.
    fn display_name(&self) -> &'static str;

    /// True for a test provider that checks nobody's identity.
    fn is_sandbox(&self) -> bool;

    /// Hands a submission to the provider; answers its reference. The
    /// decision comes later by webhook.
    fn submit<'a>(
        &'a self,
        engine: &'a Engine,
        document: &'a KycDocument,
    ) -> BoxFuture<'a, anyhow::Result<String>>;

    /// Verifies a webhook's signature over the raw body and parses it.
    /// `headers` are lower-case names with their values.
    fn verify_webhook(
        &self,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<KycNotice, ComplianceError>;
}

/// The sandbox provider: signs with a secret derived from the engine's
/// token secret.
pub struct SandboxKyc {
    secret: Vec<u8>,
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    match HmacSha256::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

impl SandboxKyc {
    /// A sandbox whose webhook secret is derived from `engine_secret`.
    pub fn new(engine_secret: &[u8]) -> Self {
        Self {
            secret: hmac_sha256(engine_secret, b"croupier.sandbox.kyc.v1"),
        }
    }

    /// The signature header value for `body`: `sha256=<hex>`.
    pub fn sign(&self, body: &[u8]) -> String {
        format!("sha256={}", hex::encode(hmac_sha256(&self.secret, body)))
    }
}

impl KycProvider for SandboxKyc {
    fn code(&self) -> &'static str {
        KycProviderKind::Sandbox.code()
    }

    fn display_name(&self) -> &'static str {
        "Sandbox identity check (test provider: clears any document number not ending in 0; numbers ending in 0 go to manual review)"
    }

    fn is_sandbox(&self) -> bool {
        true
    }

    fn submit<'a>(
        &'a self,
        engine: &'a Engine,
        document: &'a KycDocument,
    ) -> BoxFuture<'a, anyhow::Result<String>> {
        Box::pin(async move {
            let reference = format!("sbx_kyc_{}", Uuid::now_v7().simple());
            if !document.document_number.trim().ends_with('0') {
                let body = serde_json::to_vec(&KycNotice {
                    reference: reference.clone(),
                    outcome: KycOutcome::Clear,
                })?;
                let headers = vec![(SIGNATURE_HEADER.to_owned(), self.sign(&body))];
                let engine = engine.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(SANDBOX_DELAY).await;
                    if let Err(e) = engine.compliance().kyc_webhook(&headers, &body).await {
                        tracing::warn!(error = %e, "sandbox KYC webhook failed");
                    }
                });
            }
            Ok(reference)
        })
    }

    fn verify_webhook(
        &self,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<KycNotice, ComplianceError> {
        let given = headers
            .iter()
            .find(|(name, _)| name == SIGNATURE_HEADER)
            .and_then(|(_, v)| v.strip_prefix("sha256="))
            .and_then(|h| hex::decode(h.trim()).ok())
            .ok_or(ComplianceError::InvalidSignature)?;
        let mut mac = HmacSha256::new_from_slice(&self.secret)
            .map_err(|_| ComplianceError::InvalidSignature)?;
        mac.update(body);
        mac.verify_slice(&given)
            .map_err(|_| ComplianceError::InvalidSignature)?;
        serde_json::from_slice(body)
            .map_err(|e| ComplianceError::validation("body", format!("not a KYC notice: {e}")))
    }
}

/// Which identity verification provider the engine uses, chosen by
/// configuration ([`crate::EngineConfig::kyc_provider`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KycProviderKind {
    /// [`SandboxKyc`], the built-in test provider (the default).
    #[default]
    Sandbox,
}

impl KycProviderKind {
    /// Every provider this build knows.
    pub const ALL: [Self; 1] = [Self::Sandbox];

    /// The code configuration names it by (`sandbox`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
        }
    }
}

/// A provider code this build does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown KYC provider {given:?} (known: {known})")]
pub struct UnknownKycProvider {
    /// What was given.
    pub given: String,
    /// The known codes, comma-separated.
    pub known: String,
}

impl FromStr for KycProviderKind {
    type Err = UnknownKycProvider;

    /// Parses a code, ignoring case and surrounding blanks.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownKycProvider {
                given: s.to_owned(),
                known: Self::ALL.map(Self::code).join(", "),
            })
    }
}

/// The engine's KYC providers: the one configuration selected, which every
/// submission and webhook goes through, and the sandbox, kept for tests
/// and demo content to sign sandbox webhooks with (like
/// [`crate::payments::Payments::sandbox`]).
pub(crate) struct KycProviders {
    selected: Arc<dyn KycProvider>,
    sandbox: Arc<SandboxKyc>,
}

impl KycProviders {
    /// The provider `config` selects.
    pub(crate) fn new(config: &crate::EngineConfig) -> Self {
        let sandbox = Arc::new(SandboxKyc::new(&config.jwt_secret));
        let selected: Arc<dyn KycProvider> = match config.kyc_provider {
            KycProviderKind::Sandbox => sandbox.clone(),
        };
        Self { selected, sandbox }
    }

    /// The selected provider.
    pub(crate) fn selected(&self) -> &dyn KycProvider {
        self.selected.as_ref()
    }

    /// The sandbox, selected or not.
    pub(crate) fn sandbox(&self) -> &SandboxKyc {
        &self.sandbox
    }
}

/// A submission as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KycSubmissionView {
    /// Submission id.
    pub id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// The player's e-mail address.
    pub email: String,
    /// Provider code.
    pub provider: String,
    /// The provider's reference.
    pub reference: String,
    /// Document type.
    pub document_type: String,
    /// Issuing country.
    pub document_country: String,
    /// Last four characters of the number.
    pub document_number_last4: String,
    /// Name on the document.
    pub full_name: String,
    /// `pending`, `verified` or `rejected`.
    pub status: String,
    /// The provider's outcome, empty until it answers.
    pub provider_outcome: String,
    /// The reviewer's note.
    pub decision_note: Option<String>,
    /// Submitted.
    pub created_at: DateTime<Utc>,
    /// Decided.
    pub decided_at: Option<DateTime<Utc>>,
}

fn submission_view(row: kyc_submissions::Model, email: String) -> KycSubmissionView {
    KycSubmissionView {
        id: row.id,
        player_id: row.player_id,
        email,
        provider: row.provider,
        reference: row.provider_reference,
        document_type: row.document_type,
        document_country: row.document_country,
        document_number_last4: row.document_number_last4,
        full_name: row.full_name,
        status: row.status,
        provider_outcome: row.provider_outcome,
        decision_note: row.decision_note,
        created_at: row.created_at,
        decided_at: row.decided_at,
    }
}

impl Compliance<'_> {
    /// The KYC provider configuration selected: its name and whether it is
    /// a test provider are what the UI labels the identity check with.
    pub fn kyc_provider(&self) -> &dyn KycProvider {
        self.engine().kyc_providers().selected()
    }

    /// The sandbox KYC provider, to sign sandbox webhooks in tests and
    /// demos. Its signatures verify only while it is the selected provider
    /// ([`KycProviderKind::Sandbox`], the default).
    pub fn kyc_sandbox(&self) -> &SandboxKyc {
        self.engine().kyc_providers().sandbox()
    }

    /// The player submits identity documents; they become `pending` until
    /// the provider or compliance decides.
    pub async fn submit_kyc(
        &self,
        actor: &Principal,
        document: KycDocument,
        now: DateTime<Utc>,
    ) -> Result<KycSubmissionView, ComplianceError> {
        let player = actor.user_id;
        document.validate()?;
        let user = load_player(self.engine().db(), player).await?;
        if user.kyc_status == KycStatus::Verified.code()
            || user.kyc_status == KycStatus::Pending.code()
        {
            return Err(ComplianceError::validation(
                "status",
                format!("identity is already {}", user.kyc_status),
            ));
        }
        let provider = self.kyc_provider();
        let reference = provider
            .submit(self.engine(), &document)
            .await
            .map_err(|e| ComplianceError::Unexpected(e.context("submitting KYC documents")))?;
        let number = document.document_number.trim();
        let last4: String = number
            .chars()
            .skip(number.chars().count().saturating_sub(4))
            .collect();
        let txn = self.engine().db().begin().await?;
        super::lock_player(&txn, player).await?;
        let row = kyc_submissions::ActiveModel {
            id: Set(Uuid::now_v7()),
            player_id: Set(player),
            provider: Set(provider.code().to_owned()),
            provider_reference: Set(reference),
            document_type: Set(document.document_type.clone()),
            document_country: Set(document.document_country.trim().to_uppercase()),
            document_number_last4: Set(last4),
            full_name: Set(document.full_name.trim().to_owned()),
            status: Set(KycStatus::Pending.code().to_owned()),
            provider_outcome: Set(String::new()),
            decision_note: Set(None),
            decided_by: Set(None),
            created_at: Set(now),
            decided_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let mut active: users::ActiveModel = user.clone().into();
        active.kyc_status = Set(KycStatus::Pending.code().to_owned());
        active.updated_at = Set(now);
        active.update(&txn).await?;
        crate::audit::record(
            &txn,
            now,
            Some(player),
            "player.kyc_submitted",
            &format!("user:{player}"),
            serde_json::json!({ "submission_id": row.id, "document_type": row.document_type }),
        )
        .await?;
        crate::events::enqueue(
            &txn,
            now,
            Topic::Player(player),
            EventData::KycStatusChanged(domain::events::KycStatusChanged {
                player_id: player,
                kyc_status: KycStatus::Pending.code().to_owned(),
            }),
        )
        .await?;
        txn.commit().await?;
        self.engine().events().wake();
        Ok(submission_view(row, user.email))
    }

    /// Handles a webhook of the selected provider: verifies it, then applies
    /// the outcome to a pending submission at most once. Unknown references,
    /// and submissions another provider took, are `NotFound`.
    pub async fn kyc_webhook(
        &self,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<KycSubmissionView, ComplianceError> {
        let provider = self.kyc_provider();
        let notice = provider.verify_webhook(headers, body)?;
        let now = self.engine.now();
        let txn = self.engine().db().begin().await?;
        // Write first (a no-op) so the transaction holds the write lock
        // before it reads; see `lock_player`.
        kyc_submissions::Entity::update_many()
            .col_expr(
                kyc_submissions::Column::ProviderOutcome,
                sea_orm::sea_query::Expr::col(kyc_submissions::Column::ProviderOutcome),
            )
            .filter(kyc_submissions::Column::ProviderReference.eq(notice.reference.as_str()))
            .exec(&txn)
            .await?;
        let row = kyc_submissions::Entity::find()
            .filter(kyc_submissions::Column::ProviderReference.eq(notice.reference.as_str()))
            .one(&txn)
            .await?
            .filter(|row| row.provider == provider.code())
            .ok_or(ComplianceError::NotFound)?;
        let user = load_player(&txn, row.player_id).await?;
        if row.status != KycStatus::Pending.code() || !row.provider_outcome.is_empty() {
            return Ok(submission_view(row, user.email));
        }
        let player = row.player_id;
        let status = match notice.outcome {
            KycOutcome::Clear => Some(KycStatus::Verified),
            KycOutcome::Rejected => Some(KycStatus::Rejected),
            KycOutcome::Consider => None,
        };
        let mut active: kyc_submissions::ActiveModel = row.into();
        active.provider_outcome = Set(notice.outcome.code().to_owned());
        if let Some(status) = status {
            active.status = Set(status.code().to_owned());
            active.decided_at = Set(Some(now));
        }
        let row = active.update(&txn).await?;
        if let Some(status) = status {
            let old = user.kyc_status.clone();
            let mut u: users::ActiveModel = user.clone().into();
            u.kyc_status = Set(status.code().to_owned());
            u.updated_at = Set(now);
            u.update(&txn).await?;
            crate::audit::record(
                &txn,
                now,
                None,
                "player.kyc_status_changed",
                &format!("user:{player}"),
                serde_json::json!({ "from": old, "to": status.code(), "provider": row.provider,
                                    "outcome": notice.outcome.code() }),
            )
            .await?;
            crate::events::enqueue(
                &txn,
                now,
                Topic::Player(player),
                EventData::KycStatusChanged(domain::events::KycStatusChanged {
                    player_id: player,
                    kyc_status: status.code().to_owned(),
                }),
            )
            .await?;
        }
        txn.commit().await?;
        self.engine().events().wake();
        Ok(submission_view(row, user.email))
    }

    /// A compliance decision on a player's identity: sets the status (via
    /// `auth().set_kyc_status`, audited) and closes their pending
    /// submissions with the note.
    pub async fn review_kyc(
        &self,
        actor: &Principal,
        player: Uuid,
        status: KycStatus,
        note: Option<String>,
    ) -> Result<KycStatus, ComplianceError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| ComplianceError::Forbidden)?;
        let status = self
            .engine()
            .auth()
            .set_kyc_status(actor, player, status, note.clone())
            .await?;
        kyc_submissions::Entity::update_many()
            .col_expr(
                kyc_submissions::Column::Status,
                sea_orm::sea_query::Expr::value(status.code()),
            )
            .col_expr(
                kyc_submissions::Column::DecisionNote,
                sea_orm::sea_query::Expr::value(note),
            )
            .col_expr(
                kyc_submissions::Column::DecidedBy,
                sea_orm::sea_query::Expr::value(Some(actor.user_id)),
            )
            .col_expr(
                kyc_submissions::Column::DecidedAt,
                sea_orm::sea_query::Expr::value(Some(self.engine.now())),
            )
            .filter(kyc_submissions::Column::PlayerId.eq(player))
            .filter(kyc_submissions::Column::Status.eq(KycStatus::Pending.code()))
            .exec(self.engine().db())
            .await?;
        Ok(status)
    }

    /// Submissions waiting for a decision, oldest first (compliance): at
    /// most [`MAX_HISTORY_ROWS`], the first page of
    /// [`Compliance::kyc_queue_page`].
    pub async fn kyc_queue(
        &self,
        actor: &Principal,
    ) -> Result<Vec<KycSubmissionView>, ComplianceError> {
        let page = self.kyc_queue_page(actor, MAX_HISTORY_ROWS, None);
        Ok(page.await?.items)
    }

    /// One page of the submissions waiting for a decision, oldest first (the
    /// order they are worked): at most `limit` (1 to [`MAX_HISTORY_ROWS`])
    /// newer than `cursor` (a `next_cursor` of an earlier page; a malformed
    /// one is a validation failure on `cursor`). Compliance.
    pub async fn kyc_queue_page(
        &self,
        actor: &Principal,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<KycSubmissionView>, ComplianceError> {
        actor
            .require(&[Role::Compliance])
            .map_err(|_| ComplianceError::Forbidden)?;
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_HISTORY_ROWS);
        let db = self.engine().db();
        let rows = paging::oldest_first(
            kyc_submissions::Entity::find()
                .filter(kyc_submissions::Column::Status.eq(KycStatus::Pending.code())),
            kyc_submissions::Column::CreatedAt,
            kyc_submissions::Column::Id,
            after,
            limit,
        )
        .all(db)
        .await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.player_id).collect();
        let emails: std::collections::HashMap<Uuid, String> = users::Entity::find()
            .filter(users::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.email))
            .collect();
        Ok(Page::of(
            rows,
            limit,
            |r| Cursor::new(r.created_at, r.id),
            |r| {
                let email = emails.get(&r.player_id).cloned().unwrap_or_default();
                submission_view(r, email)
            },
        ))
    }

    /// The caller's own submissions, newest first (at most
    /// [`DEFAULT_OWN_SUBMISSIONS`]: the first page of
    /// [`Compliance::my_kyc_page`]).
    pub async fn my_kyc(
        &self,
        actor: &Principal,
    ) -> Result<Vec<KycSubmissionView>, ComplianceError> {
        let page = self.my_kyc_page(actor, DEFAULT_OWN_SUBMISSIONS, None);
        Ok(page.await?.items)
    }

    /// One page of the caller's own submissions, newest first: at most
    /// `limit` (1 to [`MAX_HISTORY_ROWS`]) older than `cursor` (a
    /// `next_cursor` of an earlier page; a malformed one is a validation
    /// failure on `cursor`).
    pub async fn my_kyc_page(
        &self,
        actor: &Principal,
        limit: u64,
        cursor: Option<&str>,
    ) -> Result<Page<KycSubmissionView>, ComplianceError> {
        let after = Cursor::decode_opt(cursor)?;
        let limit = paging::clamp_limit(limit, MAX_HISTORY_ROWS);
        let user = load_player(self.engine().db(), actor.user_id).await?;
        let rows = paging::newest_first(
            kyc_submissions::Entity::find()
                .filter(kyc_submissions::Column::PlayerId.eq(actor.user_id)),
            kyc_submissions::Column::CreatedAt,
            kyc_submissions::Column::Id,
            after,
            limit,
        )
        .all(self.engine().db())
        .await?;
        Ok(Page::of(
            rows,
            limit,
            |r| Cursor::new(r.created_at, r.id),
            |r| submission_view(r, user.email.clone()),
        ))
    }
}
