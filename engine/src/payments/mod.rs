//! Payment providers: the [`PaymentProvider`] trait (start a deposit, start
//! a payout, verify and parse a webhook), the registry of providers by
//! method code, and webhook handling that settles a payment at most once.
//!
//! Adding a real provider is one module: implement [`PaymentProvider`] and
//! register it in [`PaymentRegistry::new`]. The wallet does the ledger
//! work; a provider only talks to the outside world.

pub mod sandbox;

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use domain::money::Money;
use futures::future::BoxFuture;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Engine;
use crate::wallet::WalletError;

/// What we ask a provider to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentRequest {
    /// Our payment id (the provider echoes it in webhooks).
    pub payment_id: Uuid,
    /// The player.
    pub player_id: Uuid,
    /// The amount (positive).
    pub amount: Money,
}

/// A provider's status for a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderStatus {
    /// Not decided yet; a webhook follows.
    Pending,
    /// Money moved.
    Completed,
    /// Refused.
    Declined,
}

/// A provider's immediate answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderAnswer {
    /// The provider's reference for the payment.
    pub reference: String,
    /// Where it stands.
    pub status: ProviderStatus,
}

/// A verified webhook: which payment reached which status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookNotice {
    /// Our payment id.
    pub payment_id: Uuid,
    /// The provider's reference.
    pub reference: String,
    /// The final status.
    pub status: ProviderStatus,
}

/// Why a webhook was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WebhookError {
    /// Missing or wrong signature.
    #[error("invalid signature")]
    InvalidSignature,
    /// Signed, but not a notice we understand.
    #[error("malformed webhook: {0}")]
    Malformed(String),
}

/// A payment service provider.
pub trait PaymentProvider: Send + Sync {
    /// The method code clients name (`sandbox`).
    fn code(&self) -> &'static str;

    /// Starts a deposit.
    fn start_deposit<'a>(
        &'a self,
        request: &'a PaymentRequest,
    ) -> BoxFuture<'a, anyhow::Result<ProviderAnswer>>;

    /// Starts a payout (withdrawal); the money is already held.
    fn start_payout<'a>(
        &'a self,
        request: &'a PaymentRequest,
    ) -> BoxFuture<'a, anyhow::Result<ProviderAnswer>>;

    /// Verifies a webhook's signature over the raw body and parses it.
    /// `headers` are lower-case names with their values.
    fn verify_webhook(
        &self,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<WebhookNotice, WebhookError>;
}

/// Our status of a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Waiting for the provider.
    Pending,
    /// Done.
    Completed,
    /// Refused; a withdrawal's hold went back to cash.
    Declined,
}

impl PaymentStatus {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Completed => "completed",
            PaymentStatus::Declined => "declined",
        }
    }
}

/// A payment status code this build does not know (a stored row it cannot
/// read).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown payment status `{0}`")]
pub struct UnknownPaymentStatus(pub String);

impl FromStr for PaymentStatus {
    type Err = UnknownPaymentStatus;

    fn from_str(s: &str) -> Result<Self, UnknownPaymentStatus> {
        match s {
            "pending" => Ok(PaymentStatus::Pending),
            "completed" => Ok(PaymentStatus::Completed),
            "declined" => Ok(PaymentStatus::Declined),
            other => Err(UnknownPaymentStatus(other.to_owned())),
        }
    }
}

/// A payment method no provider of this build answers to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown payment method")]
pub struct UnknownMethod;

impl From<ProviderStatus> for PaymentStatus {
    fn from(status: ProviderStatus) -> Self {
        match status {
            ProviderStatus::Pending => PaymentStatus::Pending,
            ProviderStatus::Completed => PaymentStatus::Completed,
            ProviderStatus::Declined => PaymentStatus::Declined,
        }
    }
}

/// The providers, by method code.
pub struct PaymentRegistry {
    providers: HashMap<&'static str, Arc<dyn PaymentProvider>>,
    sandbox: Arc<sandbox::SandboxProvider>,
}

impl PaymentRegistry {
    /// Every provider this build knows, configured from the engine's
    /// configuration.
    pub fn new(config: &crate::EngineConfig) -> Self {
        let sandbox = Arc::new(sandbox::SandboxProvider::new(&config.jwt_secret));
        let mut providers: HashMap<&'static str, Arc<dyn PaymentProvider>> = HashMap::new();
        providers.insert(sandbox.code(), sandbox.clone());
        Self { providers, sandbox }
    }
}

/// Payments bound to an engine.
pub struct Payments<'a> {
    engine: &'a Engine,
    registry: &'a PaymentRegistry,
}

impl<'a> Payments<'a> {
    pub(crate) fn new(engine: &'a Engine, registry: &'a PaymentRegistry) -> Self {
        Self { engine, registry }
    }

    /// The provider for `method`.
    pub fn provider(&self, method: &str) -> Result<Arc<dyn PaymentProvider>, UnknownMethod> {
        self.registry
            .providers
            .get(method)
            .cloned()
            .ok_or(UnknownMethod)
    }

    /// The sandbox provider, to switch its mode (tests, demos).
    pub fn sandbox(&self) -> &sandbox::SandboxProvider {
        &self.registry.sandbox
    }

    /// Records the provider's reference of a pending payment.
    pub async fn set_reference(
        &self,
        payment_id: Uuid,
        reference: &str,
    ) -> Result<(), sea_orm::DbErr> {
        entity::payments::Entity::update_many()
            .col_expr(
                entity::payments::Column::ProviderReference,
                Expr::value(reference.to_owned()),
            )
            .filter(entity::payments::Column::Id.eq(payment_id))
            .exec(self.engine.db())
            .await?;
        Ok(())
    }

    /// Handles a webhook of provider `method`: verifies it, then settles the
    /// payment (at most once). Returns the payment and its status after.
    pub async fn handle_webhook(
        &self,
        method: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<(Uuid, PaymentStatus), WebhookFailure> {
        let provider = self
            .provider(method)
            .map_err(|_| WebhookFailure::UnknownProvider)?;
        let notice = provider
            .verify_webhook(headers, body)
            .map_err(WebhookFailure::Rejected)?;
        let payment = entity::payments::Entity::find_by_id(notice.payment_id)
            .one(self.engine.db())
            .await
            .map_err(|e| WebhookFailure::Wallet(e.into()))?
            .filter(|p| p.provider == provider.code())
            .ok_or(WebhookFailure::Wallet(WalletError::NotFound))?;
        let status = self
            .engine
            .wallet()
            .settle_payment(
                payment.id,
                Some(&notice.reference),
                notice.status.into(),
                None,
            )
            .await
            .map_err(WebhookFailure::Wallet)?;
        Ok((payment.id, status))
    }
}

/// Why a webhook was not handled.
#[derive(Debug, thiserror::Error)]
pub enum WebhookFailure {
    /// No such provider.
    #[error("unknown provider")]
    UnknownProvider,
    /// Signature or body refused.
    #[error(transparent)]
    Rejected(WebhookError),
    /// The wallet failed (unknown payment, database).
    #[error(transparent)]
    Wallet(WalletError),
}
