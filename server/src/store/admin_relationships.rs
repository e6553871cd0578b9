//! Admin (GDAP) relationships of the partner's customers. Every statement filters by the
//! partner, except the approval link's (the customer has no partner session: the token's hash
//! finds the row, and what it may do is decided by the row's state).

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::secret_link::{new_token, token_hash};
use anyhow::{anyhow, Context};
use shared::admin_relationship::{
    AdminApprovalDetails, AdminEndReason, AdminRelationship, AdminRelationshipState,
    AdminRelationshipTerms, EntraRole, NewAdminRelationship, RelationshipName,
};
use shared::date::CalendarDate;
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

const COLUMNS: &str = "a.id, a.customer_id, c.company_name, a.display_name, a.roles, a.duration_days,
    a.auto_extend, a.state, a.requested_at, COALESCE(u.display_name, a.requested_by) AS requested_by,
    a.approved_at, a.approved_by, a.ends_on, a.ended_at, a.end_reason";

/// The partner's relationships with their customer's name and the user who asked by name.
const FROM: &str = "FROM admin_relationships a
    JOIN customers c ON c.id = a.customer_id AND c.partner_id = a.partner_id
    LEFT JOIN users u ON u.id = a.requested_by AND u.partner_id = a.partner_id";

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    customer_id: String,
    company_name: String,
    display_name: String,
    roles: String,
    duration_days: i64,
    auto_extend: i64,
    state: String,
    requested_at: String,
    requested_by: String,
    approved_at: Option<String>,
    approved_by: Option<String>,
    ends_on: Option<String>,
    ended_at: Option<String>,
    end_reason: Option<String>,
}

pub(crate) fn roles_of(stored: &str) -> anyhow::Result<Vec<EntraRole>> {
    stored
        .split(',')
        .filter(|r| !r.is_empty())
        .map(|r| EntraRole::from_code(r).ok_or_else(|| anyhow!("stored role {r:?}")))
        .collect()
}

pub(crate) fn stored_roles(roles: &[EntraRole]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

impl Row {
    fn terms(&self) -> anyhow::Result<AdminRelationshipTerms> {
        Ok(AdminRelationshipTerms {
            state: AdminRelationshipState::from_code(&self.state)
                .ok_or_else(|| anyhow!("stored state {:?}", self.state))?,
            roles: roles_of(&self.roles)?,
            auto_extend: self.auto_extend != 0,
            requested_on: day_of(&self.requested_at)?,
            ends_on: self
                .ends_on
                .as_deref()
                .map(CalendarDate::parse)
                .transpose()
                .map_err(|e| anyhow!("stored end: {e}"))?,
        })
    }

    fn into_relationship(self, today: CalendarDate) -> anyhow::Result<AdminRelationship> {
        let terms = self.terms()?;
        Ok(AdminRelationship {
            id: self.id.parse()?,
            customer_id: self.customer_id.parse()?,
            company_name: self.company_name,
            display_name: RelationshipName::parse(&self.display_name)
                .map_err(|e| anyhow!("stored name: {e}"))?,
            expiring: terms.is_expiring(today),
            roles: terms.roles,
            duration_days: u32::try_from(self.duration_days).context("stored duration")?,
            auto_extend: terms.auto_extend,
            state: terms.state,
            requested_at: self.requested_at,
            requested_by: self.requested_by,
            approved_at: self.approved_at,
            approved_by: self.approved_by,
            ends_on: terms.ends_on,
            ended_at: self.ended_at,
            end_reason: self
                .end_reason
                .as_deref()
                .map(|r| AdminEndReason::from_code(r).ok_or_else(|| anyhow!("stored reason {r:?}")))
                .transpose()?,
        })
    }
}

/// The calendar day (UTC) of an RFC 3339 time.
fn day_of(at: &str) -> anyhow::Result<CalendarDate> {
    CalendarDate::parse(at.get(..10).unwrap_or_default()).map_err(|e| anyhow!("stored time: {e}"))
}

/// The relationships of one of the partner's customers, newest first.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %customer))]
pub async fn of_customer(
    db: &Db,
    ctx: &Ctx,
    customer: Uuid,
    today: CalendarDate,
) -> Result<Vec<AdminRelationship>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} {FROM} WHERE a.partner_id = $1 AND a.customer_id = $2
         ORDER BY a.requested_at DESC, a.id"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .fetch_all(db.readers())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_relationship(today))
        .collect::<anyhow::Result<_>>()?)
}

/// The most a partner-wide list shows (newest first).
const LIST_LIMIT: i64 = 500;

/// The partner's relationships across customers, filtered, newest first.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(
    db: &Db,
    ctx: &Ctx,
    query: &shared::admin_relationship::AdminRelationshipQuery,
    today: CalendarDate,
) -> Result<Vec<AdminRelationship>, AppError> {
    let mut sql =
        crate::store::sql::Sql::new(format!("SELECT {COLUMNS} {FROM} WHERE a.partner_id = "));
    sql.push_bind(ctx.partner_id.to_string());
    if let Some(state) = query.state {
        sql.push(" AND a.state = ").push_bind(state.as_str());
    }
    if let Some(days) = query.expiring_within {
        sql.push(" AND a.state = 'active' AND a.ends_on <= ")
            .push_bind(today.plus_days(i64::from(days)).to_string());
    }
    if let Some(customer) = query.customer {
        sql.push(" AND a.customer_id = ")
            .push_bind(customer.to_string());
    }
    if let Some(role) = query.role {
        // Roles are stored as comma-separated codes (`stored_roles`); no code contains another
        // between commas.
        sql.push(" AND ',' || a.roles || ',' LIKE ")
            .push_bind(format!("%,{},%", role.as_str()));
    }
    sql.push(" ORDER BY a.requested_at DESC, a.id LIMIT ")
        .push_bind(LIST_LIMIT);
    let (text, arguments) = sql.into_parts();
    let rows: Vec<Row> = sqlx::query_as_with(&text, arguments)
        .fetch_all(db.readers())
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| r.into_relationship(today))
        .collect::<anyhow::Result<_>>()?)
}

/// The overview's figures for the partner.
pub async fn counts(
    db: &Db,
    ctx: &Ctx,
    today: CalendarDate,
) -> Result<shared::admin_relationship::AdminRelationshipCounts, AppError> {
    let expiring_by = today
        .plus_days(i64::from(shared::admin_relationship::EXPIRING_DAYS))
        .to_string();
    let (pending, active, expiring): (i64, i64, i64) = sqlx::query_as(
        "SELECT
            COALESCE(SUM(CASE WHEN state = 'approval-pending' THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN state = 'active' THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN state = 'active' AND ends_on <= $2 THEN 1 ELSE 0 END), 0)
         FROM admin_relationships WHERE partner_id = $1",
    )
    .bind(ctx.partner_id.to_string())
    .bind(expiring_by)
    .fetch_one(db.readers())
    .await?;
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok(shared::admin_relationship::AdminRelationshipCounts {
        pending: n(pending),
        active: n(active),
        expiring: n(expiring),
    })
}

/// One of the partner's relationships.
pub async fn get<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
    today: CalendarDate,
) -> Result<Option<AdminRelationship>, AppError> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} {FROM} WHERE a.partner_id = $1 AND a.id = $2"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| r.into_relationship(today)).transpose()?)
}

/// Inserts a request, awaiting the customer's approval; answers its id and the approval link's
/// token (for the e-mail only). `None` when an open relationship of the partner has the name.
pub async fn insert_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    customer: Uuid,
    request: &NewAdminRelationship,
) -> Result<Option<(Uuid, String)>, AppError> {
    let id = Uuid::new_v4();
    let token = new_token();
    let result = sqlx::query(
        "INSERT INTO admin_relationships (id, partner_id, customer_id, display_name, roles,
            duration_days, auto_extend, state, requested_by, requested_at, approval_token_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'approval-pending', $8, $9, $10)",
    )
    .bind(id.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .bind(request.display_name.as_str())
    .bind(stored_roles(&request.roles))
    .bind(i64::from(request.duration_days))
    .bind(i64::from(request.auto_extend))
    .bind(ctx.user_id.to_string())
    .bind(crate::timestamp::now())
    .bind(token_hash(&token))
    .execute(&mut *conn)
    .await;
    match result {
        Ok(_) => Ok(Some((id, token))),
        Err(e)
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation()) =>
        {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Ends an open relationship of the partner: `false` when it isn't open (any more).
pub async fn terminate_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    reason: AdminEndReason,
) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "UPDATE admin_relationships SET state = 'terminated', ended_at = $1, end_reason = $2
         WHERE partner_id = $3 AND id = $4 AND state IN ('approval-pending', 'active')",
    )
    .bind(crate::timestamp::now())
    .bind(reason.as_str())
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Ends every open relationship with a customer (the reseller relationship ended); answers
/// their ids.
pub async fn terminate_all_of_customer_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    customer: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "UPDATE admin_relationships SET state = 'terminated', ended_at = $1, end_reason = $2
         WHERE partner_id = $3 AND customer_id = $4 AND state IN ('approval-pending', 'active')
         RETURNING id",
    )
    .bind(crate::timestamp::now())
    .bind(AdminEndReason::RelationshipEnded.as_str())
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .fetch_all(conn)
    .await?;
    ids.iter()
        .map(|id| {
            id.parse()
                .map_err(|e| AppError::Internal(anyhow!("stored id: {e}")))
        })
        .collect()
}

/// A relationship an approval link opens: its partner, customer and terms.
pub struct ByToken {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub customer_id: Uuid,
    pub terms: AdminRelationshipTerms,
    pub details: AdminApprovalDetails,
}

/// The relationship a link's token opens (`None`: no such link).
pub async fn by_token(
    conn: &mut AnyConnection,
    token: &str,
    today: CalendarDate,
) -> Result<Option<ByToken>, AppError> {
    #[derive(sqlx::FromRow)]
    struct TokenRow {
        partner_id: String,
        partner_name: String,
        #[sqlx(flatten)]
        row: Row,
    }
    let found: Option<TokenRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS}, p.id AS partner_id, p.name AS partner_name
         {FROM}
         JOIN partners p ON p.id = a.partner_id
         WHERE a.approval_token_hash = $1"
    ))
    .bind(token_hash(token))
    .fetch_optional(&mut *conn)
    .await?;
    let Some(found) = found else { return Ok(None) };
    let terms = found.row.terms()?;
    let relationship = found.row.into_relationship(today)?;
    Ok(Some(ByToken {
        id: relationship.id,
        partner_id: found.partner_id.parse().context("stored partner id")?,
        customer_id: relationship.customer_id,
        details: AdminApprovalDetails {
            partner_name: found.partner_name,
            company_name: relationship.company_name,
            display_name: relationship.display_name,
            roles: relationship.roles,
            duration_days: relationship.duration_days,
            auto_extend: relationship.auto_extend,
            state: relationship.state,
            ends_on: relationship.ends_on,
        },
        terms,
    }))
}

/// The customer approved: active from today for its duration. `false` when it was no longer
/// pending (another answer came first).
pub async fn approve_in(
    conn: &mut AnyConnection,
    id: Uuid,
    approver: &str,
    ends_on: CalendarDate,
) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "UPDATE admin_relationships SET state = 'active', approved_at = $1, approved_by = $2,
            ends_on = $3
         WHERE id = $4 AND state = 'approval-pending'",
    )
    .bind(crate::timestamp::now())
    .bind(approver)
    .bind(ends_on.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// The customer declined a pending request, or terminated an active relationship.
pub async fn end_by_customer_in(
    conn: &mut AnyConnection,
    id: Uuid,
    from: AdminRelationshipState,
    reason: AdminEndReason,
) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "UPDATE admin_relationships SET state = 'terminated', ended_at = $1, end_reason = $2
         WHERE id = $3 AND state = $4",
    )
    .bind(crate::timestamp::now())
    .bind(reason.as_str())
    .bind(id.to_string())
    .bind(from.as_str())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Moves an active relationship's end from `from` to `to` (an extension by hand), if it still
/// ends on `from`; the expiry notices start again for the new end.
pub async fn extend_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    from: CalendarDate,
    to: CalendarDate,
) -> Result<bool, AppError> {
    let changed = sqlx::query(
        "UPDATE admin_relationships SET ends_on = $1, expiry_notice_days = NULL
         WHERE partner_id = $2 AND id = $3 AND state = 'active' AND ends_on = $4",
    )
    .bind(to.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .bind(from.to_string())
    .execute(conn)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Relationships the sweep has to look at on `today`: requests older than the approval window,
/// and active ones at or past their end (any partner's).
pub async fn due(
    db: &Db,
    today: CalendarDate,
) -> anyhow::Result<Vec<(Uuid, Uuid, AdminRelationshipTerms)>> {
    let pending_before = today.plus_days(-(shared::admin_relationship::APPROVAL_DAYS as i64));
    let rows: Vec<(String, Row)> = sqlx::query_as::<_, DueRow>(&format!(
        "SELECT a.partner_id AS partner_id, {COLUMNS} {FROM}
         WHERE (a.state = 'approval-pending' AND a.requested_at < $1)
            OR (a.state = 'active' AND a.ends_on <= $2)"
    ))
    .bind(format!("{pending_before}T00:00:00"))
    .bind(today.to_string())
    .fetch_all(db.readers())
    .await?
    .into_iter()
    .map(|r| (r.partner_id, r.row))
    .collect();
    rows.into_iter()
        .map(|(partner, row)| Ok((row.id.parse()?, partner.parse()?, row.terms()?)))
        .collect()
}

/// An active relationship ending within `EXPIRING_DAYS`, as its expiry notice needs it.
pub struct Ending {
    pub id: Uuid,
    pub partner_id: Uuid,
    pub customer_id: Uuid,
    pub company_name: String,
    pub display_name: String,
    pub terms: AdminRelationshipTerms,
    /// The smallest notice already sent for its current end.
    pub notice_sent: Option<u32>,
}

#[derive(sqlx::FromRow)]
struct EndingRow {
    partner_id: String,
    expiry_notice_days: Option<i64>,
    #[sqlx(flatten)]
    row: Row,
}

/// Every partner's active relationships ending after `today` and within `EXPIRING_DAYS` (the
/// sweep's expiry notices; not one partner's, so no `Ctx`).
pub async fn ending_soon(db: &Db, today: CalendarDate) -> anyhow::Result<Vec<Ending>> {
    let until = today.plus_days(i64::from(shared::admin_relationship::EXPIRING_DAYS));
    let rows: Vec<EndingRow> = sqlx::query_as(&format!(
        "SELECT a.partner_id AS partner_id, a.expiry_notice_days AS expiry_notice_days,
            {COLUMNS} {FROM}
         WHERE a.state = 'active' AND a.ends_on > $1 AND a.ends_on <= $2"
    ))
    .bind(today.to_string())
    .bind(until.to_string())
    .fetch_all(db.readers())
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Ending {
                id: r.row.id.parse()?,
                partner_id: r.partner_id.parse()?,
                customer_id: r.row.customer_id.parse()?,
                terms: r.row.terms()?,
                company_name: r.row.company_name,
                display_name: r.row.display_name,
                notice_sent: r.expiry_notice_days.and_then(|d| u32::try_from(d).ok()),
            })
        })
        .collect()
}

/// Records that the `days` notice went for the relationship's end `ends_on`, once: false when
/// another sweep (on any node) recorded it or a later one first, or the end moved meanwhile.
pub async fn record_notice_in(
    conn: &mut AnyConnection,
    id: Uuid,
    ends_on: CalendarDate,
    days: u32,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE admin_relationships SET expiry_notice_days = $1
         WHERE id = $2 AND state = 'active' AND ends_on = $3
           AND (expiry_notice_days IS NULL OR expiry_notice_days > $1)",
    )
    .bind(i64::from(days))
    .bind(id.to_string())
    .bind(ends_on.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct DueRow {
    partner_id: String,
    #[sqlx(flatten)]
    row: Row,
}

/// The sweep's change to one relationship, if it is still as the sweep saw it.
pub async fn sweep_in(
    conn: &mut AnyConnection,
    id: Uuid,
    seen: &AdminRelationshipTerms,
    step: shared::admin_relationship::SweepStep,
) -> Result<bool, AppError> {
    use shared::admin_relationship::SweepStep;
    let seen_end = seen.ends_on.map(|d| d.to_string());
    let changed = match step {
        SweepStep::Keep => return Ok(false),
        SweepStep::Extend { new_end } => sqlx::query(
            "UPDATE admin_relationships SET ends_on = $1, expiry_notice_days = NULL
             WHERE id = $2 AND state = 'active' AND ends_on = $3",
        )
        .bind(new_end.to_string())
        .bind(id.to_string())
        .bind(seen_end)
        .execute(conn)
        .await?
        .rows_affected(),
        SweepStep::Expire => {
            let reason = if seen.state == AdminRelationshipState::ApprovalPending {
                AdminEndReason::NotApproved
            } else {
                AdminEndReason::Expired
            };
            sqlx::query(
                "UPDATE admin_relationships SET state = 'expired', ended_at = $1, end_reason = $2
                 WHERE id = $3 AND state = $4",
            )
            .bind(crate::timestamp::now())
            .bind(reason.as_str())
            .bind(id.to_string())
            .bind(seen.state.as_str())
            .execute(conn)
            .await?
            .rows_affected()
        }
    };
    Ok(changed == 1)
}

/// Whether an open (pending or active) relationship of the partner has `name` (names are
/// unique among open ones, whatever the case).
pub async fn open_name_taken(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    name: &str,
) -> Result<bool, AppError> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM admin_relationships
         WHERE partner_id = $1 AND lower(display_name) = lower($2)
           AND state IN ('approval-pending', 'active')",
    )
    .bind(ctx.partner_id.to_string())
    .bind(name)
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}
