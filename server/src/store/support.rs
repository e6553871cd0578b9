//! Support requests and their notes.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use anyhow::Context;
use serde::Serialize;
use shared::support::{
    first_response_overdue, Severity, SupportNote, SupportQuery, SupportRequest, SupportState,
    SupportTopic,
};
use sqlx::{AnyConnection, AnyExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

/// A request as stored (and as the audit log records it).
#[derive(Clone, Debug, Serialize)]
pub struct Stored {
    pub id: Uuid,
    pub customer_id: Uuid,
    #[serde(skip)]
    pub company_name: String,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub topic: SupportTopic,
    pub state: SupportState,
    pub contact_name: String,
    pub contact_email: String,
    pub assignee: Option<Uuid>,
    #[serde(skip)]
    pub assignee_name: Option<String>,
    pub opened_by: String,
    pub opened_at: String,
    pub first_response_due: String,
    pub first_response_at: Option<String>,
    pub resolved_at: Option<String>,
    #[serde(skip)]
    pub updated_at: String,
}

fn secs(at: &str) -> i64 {
    crate::timestamp::parse(at).map_or(0, OffsetDateTime::unix_timestamp)
}

impl Stored {
    pub fn resolved_secs(&self) -> Option<i64> {
        self.resolved_at.as_deref().map(secs)
    }

    /// The request as the API answers it, overdue or not at `now`.
    pub fn wire(&self, now: OffsetDateTime, notes: Vec<SupportNote>) -> SupportRequest {
        SupportRequest {
            id: self.id,
            customer_id: self.customer_id,
            company_name: self.company_name.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            severity: self.severity,
            topic: self.topic,
            state: self.state,
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
            assignee: self.assignee,
            assignee_name: self.assignee_name.clone(),
            opened_by: self.opened_by.clone(),
            opened_at: self.opened_at.clone(),
            first_response_due: self.first_response_due.clone(),
            first_response_at: self.first_response_at.clone(),
            overdue: first_response_overdue(
                self.severity,
                secs(&self.opened_at),
                self.first_response_at.as_deref().map(secs),
                self.state,
                now.unix_timestamp(),
            ),
            resolved_at: self.resolved_at.clone(),
            updated_at: self.updated_at.clone(),
            notes,
        }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    customer_id: String,
    company_name: String,
    title: String,
    description: String,
    severity: String,
    topic: String,
    state: String,
    contact_name: String,
    contact_email: String,
    assignee_id: Option<String>,
    assignee_name: Option<String>,
    opened_by: String,
    opened_at: String,
    first_response_due: String,
    first_response_at: Option<String>,
    resolved_at: Option<String>,
    updated_at: String,
}

impl TryFrom<Row> for Stored {
    type Error = anyhow::Error;
    fn try_from(r: Row) -> anyhow::Result<Self> {
        Ok(Stored {
            id: r.id.parse()?,
            customer_id: r.customer_id.parse()?,
            company_name: r.company_name,
            title: r.title,
            description: r.description,
            severity: Severity::parse(&r.severity).context("stored severity")?,
            topic: SupportTopic::parse(&r.topic).context("stored topic")?,
            state: SupportState::parse(&r.state).context("stored state")?,
            contact_name: r.contact_name,
            contact_email: r.contact_email,
            assignee: r.assignee_id.map(|a| a.parse()).transpose()?,
            assignee_name: r.assignee_name,
            opened_by: r.opened_by,
            opened_at: r.opened_at,
            first_response_due: r.first_response_due,
            first_response_at: r.first_response_at,
            resolved_at: r.resolved_at,
            updated_at: r.updated_at,
        })
    }
}

const SELECT: &str = "SELECT s.id, s.customer_id, c.company_name, s.title, s.description,
        s.severity, s.topic, s.state, s.contact_name, s.contact_email, s.assignee_id,
        u.display_name AS assignee_name, s.opened_by, s.opened_at, s.first_response_due,
        s.first_response_at, s.resolved_at, s.updated_at
    FROM support_requests s
    JOIN customers c ON c.partner_id = s.partner_id AND c.id = s.customer_id
    LEFT JOIN users u ON u.partner_id = s.partner_id AND u.id = s.assignee_id";

/// How many requests a customer's list answers at most (newest first).
pub const CUSTOMER_LIST_LIMIT: u32 = 500;

pub async fn get<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<Stored>, AppError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("{SELECT} WHERE s.partner_id = $1 AND s.id = $2"))
            .bind(ctx.partner_id.to_string())
            .bind(id.to_string())
            .fetch_optional(db)
            .await?;
    Ok(row.map(Stored::try_from).transpose()?)
}

/// The `WHERE` clause of the requests matching `query` and its values (`$1` is the partner);
/// `now` judges "overdue".
fn matching(ctx: &Ctx, query: &SupportQuery, now: &str) -> (String, Vec<String>) {
    let mut conditions: Vec<(&str, String)> = Vec::new();
    if let Some(state) = query.state {
        conditions.push((" AND s.state = ?", state.as_str().into()));
    }
    if let Some(severity) = query.severity {
        conditions.push((" AND s.severity = ?", severity.as_str().into()));
    }
    if let Some(customer) = query.customer {
        conditions.push((" AND s.customer_id = ?", customer.to_string()));
    }
    let unassigned = query.assignee.as_deref() == Some("none");
    if let Some(user) = query.assignee.as_deref().filter(|a| *a != "none") {
        conditions.push((" AND s.assignee_id = ?", user.to_string()));
    }
    if query.overdue == Some(true) {
        conditions.push((
            " AND s.state IN ('open', 'in-progress', 'waiting-for-customer')
              AND s.first_response_at IS NULL AND s.first_response_due < ?",
            now.to_string(),
        ));
    }
    let mut sql = String::from(" WHERE s.partner_id = $1");
    if unassigned {
        sql.push_str(" AND s.assignee_id IS NULL");
    }
    let mut binds = vec![ctx.partner_id.to_string()];
    for (condition, value) in conditions {
        binds.push(value);
        sql.push_str(&condition.replace('?', &format!("${}", binds.len())));
    }
    (sql, binds)
}

/// The partner's requests matching `query`, newest first: `limit` of them from the query's
/// offset.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(
    db: &Db,
    ctx: &Ctx,
    query: &SupportQuery,
    now: &str,
    limit: u32,
) -> Result<Vec<Stored>, AppError> {
    let (filter, binds) = matching(ctx, query, now);
    let sql = format!(
        "{SELECT}{filter} ORDER BY s.opened_at DESC, s.id LIMIT {limit} OFFSET {}",
        query.offset.unwrap_or(0)
    );
    let mut q = sqlx::query_as::<_, Row>(&sql);
    for value in binds {
        q = q.bind(value);
    }
    let rows = q.fetch_all(db.readers()).await?;
    Ok(rows
        .into_iter()
        .map(Stored::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// How many of the partner's requests match `query`.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn count(db: &Db, ctx: &Ctx, query: &SupportQuery, now: &str) -> Result<u64, AppError> {
    let (filter, binds) = matching(ctx, query, now);
    let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM support_requests s{filter}");
    let mut q = sqlx::query_scalar::<_, i64>(&sql);
    for value in binds {
        q = q.bind(value);
    }
    Ok(u64::try_from(q.fetch_one(db.readers()).await?).unwrap_or(0))
}

pub async fn insert_in(conn: &mut AnyConnection, ctx: &Ctx, s: &Stored) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO support_requests (id, partner_id, customer_id, title, description, severity,
            topic, state, contact_name, contact_email, assignee_id, opened_by, opened_at,
            first_response_due, first_response_at, resolved_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(s.id.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(s.customer_id.to_string())
    .bind(&s.title)
    .bind(&s.description)
    .bind(s.severity.as_str())
    .bind(s.topic.as_str())
    .bind(s.state.as_str())
    .bind(&s.contact_name)
    .bind(&s.contact_email)
    .bind(s.assignee.map(|a| a.to_string()))
    .bind(&s.opened_by)
    .bind(&s.opened_at)
    .bind(&s.first_response_due)
    .bind(s.first_response_at.clone())
    .bind(s.resolved_at.clone())
    .bind(&s.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes back what changes after opening: state, assignee, first answer, resolution.
pub async fn update_in(conn: &mut AnyConnection, ctx: &Ctx, s: &Stored) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE support_requests SET state = $1, assignee_id = $2, first_response_at = $3,
            resolved_at = $4, updated_at = $5
         WHERE partner_id = $6 AND id = $7",
    )
    .bind(s.state.as_str())
    .bind(s.assignee.map(|a| a.to_string()))
    .bind(s.first_response_at.clone())
    .bind(s.resolved_at.clone())
    .bind(&s.updated_at)
    .bind(ctx.partner_id.to_string())
    .bind(s.id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn notes_of(db: &Db, ctx: &Ctx, request: Uuid) -> Result<Vec<SupportNote>, AppError> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, author, text, at FROM support_notes
         WHERE partner_id = $1 AND request_id = $2 ORDER BY at, id",
    )
    .bind(ctx.partner_id.to_string())
    .bind(request.to_string())
    .fetch_all(db.readers())
    .await?;
    rows.into_iter()
        .map(|(id, author, text, at)| {
            Ok(SupportNote {
                id: id.parse().map_err(anyhow::Error::new)?,
                author,
                text,
                at,
            })
        })
        .collect()
}

pub async fn add_note_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    request: Uuid,
    author: &str,
    text: &str,
    at: &str,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO support_notes (id, partner_id, request_id, author, text, at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(request.to_string())
    .bind(author)
    .bind(text)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(id)
}
