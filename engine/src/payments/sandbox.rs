//! The sandbox payment provider: no real money. By default it completes
//! every deposit and payout at once. In its asynchronous mode it answers
//! `pending` and calls our webhook later (an HTTP POST to
//! `/api/v1/payments/sandbox/webhook` at the configured address), signed
//! with HMAC-SHA256 over the raw body in the `X-Sandbox-Signature` header
//! (`sha256=<hex>`). It can be told to decline.
//!
//! The signing secret is derived from the engine's token secret
//! (HMAC-SHA256 of a fixed label), so it is stable across restarts without
//! another setting, and is never the token secret itself.

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use futures::FutureExt;
use futures::future::BoxFuture;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

use super::{
    PaymentProvider, PaymentRequest, ProviderAnswer, ProviderStatus, WebhookError, WebhookNotice,
};

/// The signature header (lower case, as headers are compared).
pub const SIGNATURE_HEADER: &str = "x-sandbox-signature";
/// Path of our webhook, as the sandbox calls it.
pub const WEBHOOK_PATH: &str = "/api/v1/payments/sandbox/webhook";
/// Delivery attempts of one asynchronous webhook.
const DELIVERY_ATTEMPTS: u32 = 5;

type HmacSha256 = Hmac<Sha256>;

/// How the sandbox behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SandboxMode {
    /// When set, answer `pending` and deliver the outcome by webhook to
    /// this address after `delay_ms`.
    pub webhook_to: Option<SocketAddr>,
    /// Delay before the webhook.
    pub delay_ms: u64,
    /// Decline instead of completing.
    pub decline: bool,
}

/// The body of a sandbox webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SandboxWebhook {
    /// Unique per notice.
    pub event_id: Uuid,
    /// Our payment id.
    pub payment_id: Uuid,
    /// The sandbox's reference.
    pub reference: String,
    /// `completed` or `declined`.
    pub status: ProviderStatus,
}

/// The sandbox provider.
pub struct SandboxProvider {
    secret: Vec<u8>,
    mode: Mutex<SandboxMode>,
}

impl SandboxProvider {
    /// A sandbox in its default mode (complete at once), signing with a key
    /// derived from `engine_secret`.
    pub fn new(engine_secret: &[u8]) -> Self {
        let secret = hmac_sha256(engine_secret, b"croupier.sandbox.webhook.v1");
        Self {
            secret,
            mode: Mutex::new(SandboxMode::default()),
        }
    }

    /// The current mode.
    pub fn mode(&self) -> SandboxMode {
        self.mode.lock().map(|m| *m).unwrap_or_default()
    }

    /// Switches the mode.
    pub fn set_mode(&self, mode: SandboxMode) {
        if let Ok(mut current) = self.mode.lock() {
            *current = mode;
        }
    }

    /// The signature header value for `body`: `sha256=<hex>`.
    pub fn sign(&self, body: &[u8]) -> String {
        format!("sha256={}", hex::encode(hmac_sha256(&self.secret, body)))
    }

    fn answer(&self, request: &PaymentRequest) -> ProviderAnswer {
        let mode = self.mode();
        let reference = format!("sbx_{}", Uuid::now_v7().simple());
        let outcome = if mode.decline {
            ProviderStatus::Declined
        } else {
            ProviderStatus::Completed
        };
        match mode.webhook_to {
            None => ProviderAnswer {
                reference,
                status: outcome,
            },
            Some(addr) => {
                let body = SandboxWebhook {
                    event_id: Uuid::now_v7(),
                    payment_id: request.payment_id,
                    reference: reference.clone(),
                    status: outcome,
                };
                let body = serde_json::to_vec(&body).unwrap_or_default();
                let signature = self.sign(&body);
                tokio::spawn(deliver(addr, mode.delay_ms, body, signature));
                ProviderAnswer {
                    reference,
                    status: ProviderStatus::Pending,
                }
            }
        }
    }
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length; this cannot fail.
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return Vec::new();
    };
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// POSTs a signed webhook to our own endpoint until it is accepted (2xx),
/// a few times, as payment providers do. The notice can arrive before the
/// deposit that started it has committed its payment row: the endpoint then
/// answers 404 and a later attempt finds it.
async fn deliver(addr: SocketAddr, delay_ms: u64, body: Vec<u8>, signature: String) {
    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    let client = match webhook_client() {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "sandbox webhook client unavailable; not delivered");
            return;
        }
    };
    let url = format!("http://{addr}{WEBHOOK_PATH}");
    for attempt in 1..=DELIVERY_ATTEMPTS {
        let sent = client
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, &signature)
            .body(body.clone())
            .send()
            .await;
        match sent {
            Ok(answer) if answer.status().is_success() => return,
            Ok(answer) => {
                let status = answer.status().as_u16();
                tracing::warn!(status, attempt, "sandbox webhook refused; retrying");
            }
            Err(e) => tracing::warn!(error = %e, attempt, "sandbox webhook failed; retrying"),
        }
        tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await;
    }
}

/// The HTTP client of one webhook's deliveries: straight to the address
/// (no proxy from the environment, no redirects followed: a 3xx is not an
/// acceptance), a new connection per attempt, 5 s to connect and 15 s for
/// the whole exchange.
fn webhook_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .build()
}

impl PaymentProvider for SandboxProvider {
    fn code(&self) -> &'static str {
        "sandbox"
    }

    fn start_deposit<'a>(
        &'a self,
        request: &'a PaymentRequest,
    ) -> BoxFuture<'a, anyhow::Result<ProviderAnswer>> {
        async move { Ok(self.answer(request)) }.boxed()
    }

    fn start_payout<'a>(
        &'a self,
        request: &'a PaymentRequest,
    ) -> BoxFuture<'a, anyhow::Result<ProviderAnswer>> {
        async move { Ok(self.answer(request)) }.boxed()
    }

    fn verify_webhook(
        &self,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<WebhookNotice, WebhookError> {
        let given = headers
            .iter()
            .find(|(name, _)| name == SIGNATURE_HEADER)
            .map(|(_, value)| value.trim())
            .and_then(|v| v.strip_prefix("sha256="))
            .and_then(|v| hex::decode(v).ok())
            .ok_or(WebhookError::InvalidSignature)?;
        let Ok(mut mac) = HmacSha256::new_from_slice(&self.secret) else {
            return Err(WebhookError::InvalidSignature);
        };
        mac.update(body);
        // Constant-time comparison.
        mac.verify_slice(&given)
            .map_err(|_| WebhookError::InvalidSignature)?;
        let notice: SandboxWebhook =
            serde_json::from_slice(body).map_err(|e| WebhookError::Malformed(e.to_string()))?;
        if notice.status == ProviderStatus::Pending {
            return Err(WebhookError::Malformed(
                "a webhook must carry a final status".to_owned(),
            ));
        }
        Ok(WebhookNotice {
            payment_id: notice.payment_id,
            reference: notice.reference,
            status: notice.status,
        })
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// An endpoint answering each connection with the next of `statuses`,
    /// counting the requests.
    async fn endpoint(
        statuses: Vec<u16>,
    ) -> (SocketAddr, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = count.clone();
        tokio::spawn(async move {
            for status in statuses {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                // The whole request (its body is `{}`), so closing never
                // resets the connection under unread bytes.
                let mut request = Vec::new();
                let mut chunk = [0u8; 1024];
                while !request.ends_with(b"{}") {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&chunk[..n]),
                    }
                }
                seen.fetch_add(1, Ordering::SeqCst);
                let answer = format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\n\r\n");
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        (addr, count)
    }

    #[tokio::test]
    async fn a_webhook_is_delivered_again_until_it_is_accepted() {
        use std::sync::atomic::Ordering;
        // 404: the payment row was not committed yet; 500: a failure.
        let (addr, count) = endpoint(vec![404, 500, 200, 200]).await;
        deliver(addr, 0, b"{}".to_vec(), "sig".to_owned()).await;
        assert_eq!(count.load(Ordering::SeqCst), 3);
        // Accepted at once: one request.
        let (addr, count) = endpoint(vec![200, 200]).await;
        deliver(addr, 0, b"{}".to_vec(), "sig".to_owned()).await;
        assert_eq!(count.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn hmac_sha256_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_signed_webhook_verifies_and_a_tampered_one_does_not() {
        let sandbox = SandboxProvider::new(b"secret");
        let body = serde_json::to_vec(&SandboxWebhook {
            event_id: Uuid::now_v7(),
            payment_id: Uuid::now_v7(),
            reference: "sbx_1".to_owned(),
            status: ProviderStatus::Completed,
        })
        .unwrap();
        let headers = vec![(SIGNATURE_HEADER.to_owned(), sandbox.sign(&body))];
        let notice = sandbox.verify_webhook(&headers, &body).unwrap();
        assert_eq!(notice.status, ProviderStatus::Completed);

        let mut tampered = body.clone();
        tampered[10] ^= 1;
        assert_eq!(
            sandbox.verify_webhook(&headers, &tampered),
            Err(WebhookError::InvalidSignature)
        );
        assert_eq!(
            sandbox.verify_webhook(&[], &body),
            Err(WebhookError::InvalidSignature)
        );
        let other = SandboxProvider::new(b"other secret");
        let forged = vec![(SIGNATURE_HEADER.to_owned(), other.sign(&body))];
        assert_eq!(
            sandbox.verify_webhook(&forged, &body),
            Err(WebhookError::InvalidSignature)
        );
    }
}
