//! The e-mail outbox: every message is written here in the transaction of the change that
//! causes it; the mail worker (`crate::mail`) delivers it afterwards and records the outcome.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use anyhow::Context;
use shared::outbox::{MailStatus, OutboxMessage};
use sqlx::AnyConnection;
use uuid::Uuid;

/// A composed message.
pub struct Mail {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// For the recipient's eyes only (a password-reset link): the outbox page lists it without
    /// its contents.
    pub confidential: bool,
}

pub async fn enqueue(
    conn: &mut AnyConnection,
    partner_id: Uuid,
    mail: &Mail,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let now = crate::timestamp::now();
    sqlx::query(
        "INSERT INTO outbox (id, partner_id, recipient, subject, text_body, html_body, status,
            next_attempt_at, created_at, confidential)
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(partner_id.to_string())
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(&now)
    .bind(&now)
    .bind(i64::from(mail.confidential))
    .execute(conn)
    .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct OutboxRow {
    id: String,
    recipient: String,
    subject: String,
    text_body: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    created_at: String,
    sent_at: Option<String>,
    confidential: i64,
}

/// The partner's newest messages.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(db: &Db, ctx: &Ctx, limit: u32) -> Result<Vec<OutboxMessage>, AppError> {
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "SELECT id, recipient, subject, text_body, status, attempts, last_error, created_at,
                sent_at, confidential
         FROM outbox WHERE partner_id = $1 ORDER BY created_at DESC, id LIMIT $2",
    )
    .bind(ctx.partner_id.to_string())
    .bind(i64::from(limit))
    .fetch_all(db.readers())
    .await?;
    let messages = rows
        .into_iter()
        .map(|r| {
            Ok(OutboxMessage {
                id: r.id.parse()?,
                recipient: r.recipient,
                subject: r.subject,
                // A confidential message's contents never leave the database but to its
                // recipient.
                text_body: if r.confidential != 0 {
                    String::new()
                } else {
                    r.text_body
                },
                confidential: r.confidential != 0,
                status: MailStatus::parse(&r.status).context("stored mail status")?,
                attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
                last_error: r.last_error,
                created_at: r.created_at,
                sent_at: r.sent_at,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(messages)
}

/// A message due for delivery (any partner's: the worker serves them all).
#[derive(sqlx::FromRow)]
pub struct Due {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attempts: i64,
}

pub async fn due(db: &Db, now: &str, limit: u32) -> anyhow::Result<Vec<Due>> {
    Ok(sqlx::query_as(
        "SELECT id, recipient, subject, text_body, html_body, attempts FROM outbox
         WHERE status = 'queued' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2",
    )
    .bind(now)
    .bind(i64::from(limit))
    .fetch_all(db.readers())
    .await?)
}

pub async fn mark_sent(db: &Db, id: &str) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1,
            last_error = NULL WHERE id = $2",
    )
    .bind(crate::timestamp::now())
    .bind(id)
    .execute(db.readers())
    .await?;
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or given up (`failed`) when `None`.
pub async fn mark_attempt_failed(
    db: &Db,
    id: &str,
    error: &str,
    retry_at: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1,
            status = CASE WHEN $2 IS NULL THEN 'failed' ELSE 'queued' END,
            next_attempt_at = COALESCE($2, next_attempt_at)
         WHERE id = $3",
    )
    .bind(error)
    .bind(retry_at)
    .bind(id)
    .execute(db.readers())
    .await?;
    Ok(())
}
