//! The background task that empties the outbox: over SMTP when one is configured, else
//! into the log. Transient failures are retried with exponential backoff; a refusal the
//! server calls permanent, or running out of attempts, marks the row `failed` and logs
//! an error.

use std::{sync::Arc, time::Duration};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
};
use tokio::{
    sync::{Notify, watch},
    task::JoinHandle,
};

use super::{
    outbox::{self, Claimed, OutboxRow},
    templates::ONE_TIME_KINDS,
};
use crate::{
    auth::verification::VALIDITY_MS,
    config::Config,
    ids::now_ms,
    store::{Db, StoreError},
};

/// Longer than a delivery may take (see [`DELIVERY_TIMEOUT`]), so a live sender's claim
/// is never taken over; a dead sender's rows wait this long.
const LEASE_MS: i64 = 60_000;
/// Each SMTP step (connect, each command) gives up after this long.
const SMTP_STEP_TIMEOUT: Duration = Duration::from_secs(20);
/// The whole delivery of one email, however many steps: well inside the lease, leaving
/// time to record the outcome before another sender could claim the row.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(40);
/// Other instances' emails, and retries, are picked up at least this often.
const POLL: Duration = Duration::from_secs(1);
const FIRST_RETRY_MS: i64 = 2_000;
const MAX_RETRY_MS: i64 = 10 * 60_000;
/// About 50 minutes of retries before an email is given up.
const MAX_ATTEMPTS: i32 = 12;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Log,
}

pub struct Sender {
    db: Db,
    transport: Transport,
    from: Mailbox,
    wake: Arc<Notify>,
    /// Dev mode keeps sent bodies for the mailbox page, and logs them without SMTP.
    keep_bodies: bool,
}

/// The sender at work.
pub struct Running {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Running {
    /// Lets the email being delivered finish and be recorded, then stops. Cutting a
    /// delivery short after the SMTP server accepted it but before the outbox says so
    /// would send it again after a restart. A delivery gives up within
    /// [`DELIVERY_TIMEOUT`], so the wait is bounded.
    pub async fn stop(mut self) {
        let _ = self.stop.send(true);
        let limit = DELIVERY_TIMEOUT + Duration::from_secs(5);
        if tokio::time::timeout(limit, &mut self.task).await.is_err() {
            tracing::warn!("email sender did not stop in time");
            self.task.abort();
        }
    }
}

enum Failure {
    Transient(String),
    Permanent(String),
}

impl Sender {
    pub fn new(config: &Config, db: Db, mailer: &super::Mailer) -> Self {
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
                    .expect("validated with the configuration")
                    .timeout(Some(SMTP_STEP_TIMEOUT))
                    .build(),
            ),
            None => Transport::Log,
        };
        Self {
            db,
            transport,
            from: config
                .email_from
                .clone()
                .unwrap_or_default()
                .mailbox()
                .clone(),
            wake: mailer.wake(),
            keep_bodies: config.dev_mode,
        }
    }

    /// Runs until [`Running::stop`].
    pub fn spawn(self) -> Running {
        let (stop, mut stopping) = watch::channel(false);
        let task = tokio::spawn(async move {
            while !*stopping.borrow() {
                // One row at a time, claimed right before it is sent.
                match outbox::claim_next(&self.db, now_ms(), LEASE_MS).await {
                    Ok(Some(claimed)) => {
                        self.deliver(claimed).await;
                        continue;
                    }
                    Ok(None) => {}
                    Err(error) => tracing::warn!(%error, "cannot read the email outbox"),
                }
                tokio::select! {
                    _ = tokio::time::timeout(POLL, self.wake.notified()) => {}
                    // An error: the handle is gone, so nobody will ever ask to stop.
                    changed = stopping.changed() => if changed.is_err() { break },
                }
            }
        });
        Running { stop, task }
    }

    async fn deliver(&self, claimed: Claimed) {
        let row = &claimed.row;
        let now = now_ms();
        if secret_expired(row, now) {
            tracing::warn!(email = %row.id, kind = %row.kind, attempts = row.attempts, "email not sent: its code or link has expired");
            let result = outbox::mark_failed(&self.db, &claimed, EXPIRED).await;
            return self.recorded(&claimed, result);
        }
        let sent = tokio::time::timeout(DELIVERY_TIMEOUT, self.send(&claimed))
            .await
            .unwrap_or_else(|_| {
                Err(Failure::Transient(format!(
                    "no answer within {} s",
                    DELIVERY_TIMEOUT.as_secs()
                )))
            });
        let result = match sent {
            Ok(()) => {
                tracing::info!(email = %row.id, kind = %row.kind, "email sent");
                outbox::mark_sent(&self.db, &claimed, self.keep_bodies, now_ms()).await
            }
            Err(Failure::Transient(error)) if row.attempts < MAX_ATTEMPTS => {
                let delay = retry_delay(row.attempts);
                tracing::warn!(email = %row.id, attempts = row.attempts, %error, retry_in_ms = delay, "email not sent; will retry");
                outbox::mark_retry(&self.db, &claimed, now_ms() + delay, &error).await
            }
            Err(Failure::Transient(error) | Failure::Permanent(error)) => {
                tracing::error!(email = %row.id, kind = %row.kind, attempts = row.attempts, %error, "email failed permanently");
                outbox::mark_failed(&self.db, &claimed, &error).await
            }
        };
        self.recorded(&claimed, result);
    }

    /// Logs it when recording a delivery's outcome went wrong: a database error, or a claim
    /// lost to another sender after the lease ran out (which may then send it again).
    fn recorded(&self, claimed: &Claimed, result: Result<bool, StoreError>) {
        let row = &claimed.row;
        match result {
            Ok(true) => {}
            Ok(false) => tracing::warn!(
                email = %row.id,
                kind = %row.kind,
                "email's claim was lost before its outcome was recorded; it may be sent twice"
            ),
            Err(error) => {
                tracing::warn!(email = %row.id, %error, "cannot record an email's delivery")
            }
        }
    }

    async fn send(&self, claimed: &Claimed) -> Result<(), Failure> {
        let row = &claimed.row;
        let to: Mailbox = row
            .recipient
            .parse()
            .map_err(|e| Failure::Permanent(format!("bad recipient: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&row.subject)
            // The same Message-ID on every attempt, so a receiver can drop a duplicate
            // left by a crash between the server's acceptance and our record of it.
            .message_id(Some(format!("<{}@hallpass>", row.id)))
            .multipart(MultiPart::alternative_plain_html(
                row.text_body.clone(),
                row.html_body.clone(),
            ))
            .map_err(|e| Failure::Permanent(format!("cannot build the message: {e}")))?;
        match &self.transport {
            // Subjects and bodies carry one-time codes and link tokens: only dev mode, with
            // no real accounts to take over, writes them to the log.
            Transport::Log if self.keep_bodies => {
                tracing::info!(
                    to = %row.recipient,
                    subject = %row.subject,
                    body = %row.text_body,
                    "email (no SMTP server configured; written here instead)"
                );
                Ok(())
            }
            Transport::Log => {
                tracing::warn!(
                    email = %row.id,
                    kind = %row.kind,
                    to = %row.recipient,
                    "email not sent: no SMTP server is configured"
                );
                Ok(())
            }
            Transport::Smtp(smtp) => {
                smtp.send(message)
                    .await
                    .map(drop)
                    .map_err(|error| match error.is_permanent() {
                        true => Failure::Permanent(error.to_string()),
                        false => Failure::Transient(error.to_string()),
                    })
            }
        }
    }
}

/// Why an email is given up once its one-time code or link can no longer be used.
const EXPIRED: &str = "expired: the code or link in it is no longer valid";

/// Whether `row` carries a code or link past its validity: sending it would only confuse.
fn secret_expired(row: &OutboxRow, now: i64) -> bool {
    ONE_TIME_KINDS.contains(&row.kind.as_str()) && now >= row.created_at + VALIDITY_MS
}

/// How long to wait after the `attempts`-th failed attempt: doubling from 2 s, at most 10 min.
fn retry_delay(attempts: i32) -> i64 {
    (FIRST_RETRY_MS << (attempts - 1).clamp(0, 20)).min(MAX_RETRY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_a_cap() {
        let delays: Vec<i64> = (1..=MAX_ATTEMPTS).map(retry_delay).collect();
        assert_eq!(&delays[..4], &[2_000, 4_000, 8_000, 16_000]);
        assert_eq!(*delays.last().unwrap(), MAX_RETRY_MS);
    }
}
