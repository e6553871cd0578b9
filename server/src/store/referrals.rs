//! Referrals: sent by a provider to a linked reseller (or arriving from the marketplace),
//! answered by the partner they were sent to. The recipient sees its inbox; the provider sees
//! what it sent and where each stands; nobody else sees either.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use anyhow::Context;
use shared::api::ErrorCode;
use shared::audit::AuditAction;
use shared::customer::{CompanyName, Email, PersonName};
use shared::profile::Offering;
use shared::referral::{
    Decline, DeclineReason, NewReferral, PartnerRef, Referral, ReferralBox, ReferralList,
    ReferralQuery, ReferralSource, ReferralState, EXPIRY_DAYS, OVERDUE_DAYS,
};
use shared::regions::CountryCode;
use shared::webhook::EventType;
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

const REFERRAL_SELECT: &str = "SELECT r.id, r.partner_id, tp.name AS to_name, r.source,
        r.from_partner_id, fp.name AS from_name, r.company_name, r.contact_first_name,
        r.contact_last_name, r.contact_email, r.country, r.offerings, r.seats, r.notes, r.state,
        r.received_at, r.responded_at, r.responded_by, r.decline_reason, r.decline_text,
        r.customer_id
    FROM referrals r
    JOIN partners tp ON tp.id = r.partner_id
    LEFT JOIN partners fp ON fp.id = r.from_partner_id";

#[derive(sqlx::FromRow)]
struct ReferralRow {
    id: String,
    partner_id: String,
    to_name: String,
    source: String,
    from_partner_id: Option<String>,
    from_name: Option<String>,
    company_name: String,
    contact_first_name: String,
    contact_last_name: String,
    contact_email: String,
    country: String,
    offerings: String,
    seats: i64,
    notes: Option<String>,
    state: String,
    received_at: String,
    responded_at: Option<String>,
    responded_by: Option<String>,
    decline_reason: Option<String>,
    decline_text: Option<String>,
    customer_id: Option<String>,
}

/// `now` moved by `days` (negative: back), in the timestamps' format, so cut-offs compare as
/// text with stored values.
fn days_from_now(days: i64) -> String {
    crate::timestamp::format(time::OffsetDateTime::now_utc() + time::Duration::days(days))
}

fn stored<T>(column: &str, r: Result<T, shared::FieldError>) -> anyhow::Result<T> {
    r.map_err(|e| anyhow::anyhow!("stored referral.{column} is invalid: {e}"))
}

fn to_referral(r: ReferralRow, overdue_before: &str) -> anyhow::Result<Referral> {
    let state = ReferralState::parse(&r.state).context("stored referral state")?;
    let expires_at = time::OffsetDateTime::parse(
        &r.received_at,
        &time::format_description::well_known::Rfc3339,
    )
    .map(|t| crate::timestamp::format(t + time::Duration::days(EXPIRY_DAYS)))
    .context("stored received_at")?;
    Ok(Referral {
        id: r.id.parse()?,
        source: match r.source.as_str() {
            "provider" => ReferralSource::Provider,
            _ => ReferralSource::Marketplace,
        },
        from: match (r.from_partner_id, r.from_name) {
            (Some(id), Some(name)) => Some(PartnerRef {
                id: id.parse()?,
                name,
            }),
            _ => None,
        },
        to: PartnerRef {
            id: r.partner_id.parse()?,
            name: r.to_name,
        },
        company_name: stored("company_name", CompanyName::parse(&r.company_name))?,
        contact_first_name: stored(
            "contact_first_name",
            PersonName::parse(&r.contact_first_name),
        )?,
        contact_last_name: stored("contact_last_name", PersonName::parse(&r.contact_last_name))?,
        contact_email: stored("contact_email", Email::parse(&r.contact_email))?,
        country: stored("country", CountryCode::parse(&r.country))?,
        offerings: r
            .offerings
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|c| Offering::parse(c).context("stored offering"))
            .collect::<anyhow::Result<_>>()?,
        seats: u32::try_from(r.seats).context("stored seats")?,
        notes: r.notes,
        overdue: state == ReferralState::New && r.received_at.as_str() <= overdue_before,
        state,
        expires_at,
        received_at: r.received_at,
        responded_at: r.responded_at,
        responded_by: r.responded_by,
        decline_reason: r
            .decline_reason
            .map(|d| DeclineReason::parse(&d).context("stored decline reason"))
            .transpose()?,
        decline_text: r.decline_text,
        customer_id: r.customer_id.map(|c| c.parse()).transpose()?,
    })
}

/// The box's owner column: the recipient for the inbox, the sender for sent ones.
fn box_column(b: ReferralBox) -> &'static str {
    match b {
        ReferralBox::Inbox => "r.partner_id",
        ReferralBox::Sent => "r.from_partner_id",
    }
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(db: &Db, ctx: &Ctx, query: &ReferralQuery) -> Result<ReferralList, AppError> {
    let owner = box_column(query.r#box);
    let overdue_before = days_from_now(-OVERDUE_DAYS);
    let rows: Vec<ReferralRow> = sqlx::query_as(&format!(
        "{REFERRAL_SELECT} WHERE {owner} = $1 AND ($2 IS NULL OR r.state = $2)
            AND ($3 = 0 OR (r.state = 'new' AND r.received_at <= $4))
         ORDER BY r.received_at DESC, r.id DESC LIMIT 500"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(query.state.map(ReferralState::as_str))
    // A flag is an integer on both backends (PostgreSQL has no `boolean = integer`).
    .bind(i64::from(query.overdue))
    .bind(&overdue_before)
    .fetch_all(db.readers())
    .await?;
    let (new, overdue) = counts(db, ctx, query.r#box).await?;
    Ok(ReferralList {
        items: rows
            .into_iter()
            .map(|r| to_referral(r, &overdue_before))
            .collect::<anyhow::Result<_>>()?,
        new,
        overdue,
    })
}

/// The box's `new` referrals and how many of them are overdue.
pub async fn counts(db: &Db, ctx: &Ctx, b: ReferralBox) -> Result<(u32, u32), AppError> {
    let (new, overdue): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN received_at <= $2 THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM referrals r
         WHERE {} = $1 AND state = 'new'",
        box_column(b)
    ))
    .bind(ctx.partner_id.to_string())
    .bind(days_from_now(-OVERDUE_DAYS))
    .fetch_one(db.readers())
    .await?;
    Ok((new as u32, overdue as u32))
}

/// A referral the partner received or sent.
pub async fn get<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<Referral>, AppError> {
    let row: Option<ReferralRow> = sqlx::query_as(&format!(
        "{REFERRAL_SELECT} WHERE r.id = $2 AND (r.partner_id = $1 OR r.from_partner_id = $1)"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row
        .map(|r| to_referral(r, &days_from_now(-OVERDUE_DAYS)))
        .transpose()?)
}

/// Inserts a referral to `to` (inside the caller's transaction) and returns its id.
pub async fn insert_in(
    conn: &mut AnyConnection,
    to: Uuid,
    from: Option<Uuid>,
    referral: &NewReferral,
    received_at: &str,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let offerings: Vec<&str> = referral.offerings.iter().map(|o| o.as_str()).collect();
    sqlx::query(
        "INSERT INTO referrals (id, partner_id, source, from_partner_id, company_name,
            contact_first_name, contact_last_name, contact_email, country, offerings, seats,
            notes, state, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'new', $13)",
    )
    .bind(id.to_string())
    .bind(to.to_string())
    .bind(if from.is_some() {
        "provider"
    } else {
        "marketplace"
    })
    .bind(from.map(|f| f.to_string()))
    .bind(referral.company_name.as_str())
    .bind(referral.contact_first_name.as_str())
    .bind(referral.contact_last_name.as_str())
    .bind(referral.contact_email.as_str())
    .bind(referral.country.as_str())
    .bind(offerings.join(","))
    .bind(i64::from(referral.seats))
    .bind(referral.notes.as_deref())
    .bind(received_at)
    .execute(&mut *conn)
    .await?;
    // The recipient's endpoints hear of it (the sender's hear `referral.sent` from its audit).
    let data = serde_json::json!({
        "object_type": "referral",
        "object_id": id,
        "customer_id": null,
        "actor": if from.is_some() { "provider" } else { "marketplace" },
        "object": {
            "from_partner_id": from,
            "company_name": referral.company_name.as_str(),
            "country": referral.country.as_str(),
            "offerings": offerings,
            "seats": referral.seats,
        },
    });
    crate::store::webhooks::enqueue_event(conn, to, EventType::ReferralReceived, data).await?;
    Ok(id)
}

/// A provider sends a referral to the reseller of one of its active links.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn send(db: &Db, ctx: &Ctx, referral: &NewReferral) -> Result<Referral, AppError> {
    let mut tx = db.write().await?;
    if crate::store::links::active_reseller(&mut *tx, ctx, referral.reseller)
        .await?
        .is_none()
    {
        return Err(AppError::field(
            shared::Field::Reseller,
            shared::FieldError::NotInList,
        ));
    }
    let id = insert_in(
        &mut tx,
        referral.reseller,
        Some(ctx.partner_id),
        referral,
        &crate::timestamp::now(),
    )
    .await?;
    let sent = get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("sent referral vanished"))?;
    record(
        &mut tx,
        &Actor::User(ctx),
        AuditAction::ReferralSent,
        None,
        &sent,
    )
    .await?;
    tx.commit().await?;
    Ok(sent)
}

async fn record(
    conn: &mut AnyConnection,
    actor: &Actor<'_>,
    action: AuditAction,
    before: Option<&Referral>,
    after: &Referral,
) -> Result<(), AppError> {
    audit::record(
        conn,
        actor,
        Change::new(
            action,
            "referral",
            after.id,
            after.customer_id,
            before,
            Some(after),
        ),
    )
    .await
}

fn not_new(state: ReferralState) -> AppError {
    AppError::state(
        ErrorCode::ReferralNotNew,
        format!("The referral is {} already.", state.as_str()),
    )
}

/// The recipient accepts (`decline` = None) or declines a `new` referral.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, referral_id = %id))]
pub async fn answer(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    decline: Option<&Decline>,
) -> Result<Referral, AppError> {
    let mut tx = db.write().await?;
    let before = get(&mut *tx, ctx, id).await?.ok_or(AppError::NotFound)?;
    // The sender sees its referral but can't answer it.
    if before.to.id != ctx.partner_id {
        return Err(AppError::NotFound);
    }
    if before.state != ReferralState::New {
        return Err(not_new(before.state));
    }
    let (state, action) = match decline {
        None => (ReferralState::Accepted, AuditAction::ReferralAccepted),
        Some(_) => (ReferralState::Declined, AuditAction::ReferralDeclined),
    };
    let changed = sqlx::query(
        "UPDATE referrals SET state = $1, responded_at = $2, responded_by = $3, decline_reason = $4,
            decline_text = $5
         WHERE id = $6 AND partner_id = $7 AND state = 'new'",
    )
    .bind(state.as_str())
    .bind(crate::timestamp::now())
    .bind(&ctx.email)
    .bind(decline.map(|d| d.reason.as_str()))
    .bind(decline.and_then(|d| d.text.as_deref()))
    .bind(id.to_string())
    .bind(ctx.partner_id.to_string())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(not_new(before.state));
    }
    let after = get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("referral vanished"))?;
    record(&mut tx, &Actor::User(ctx), action, Some(&before), &after).await?;
    tx.commit().await?;
    Ok(after)
}

/// Checks that a customer may be created from the referral: the partner's own, accepted.
pub async fn check_accepted(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Referral, AppError> {
    let referral = get(db.readers(), ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if referral.to.id != ctx.partner_id {
        return Err(AppError::NotFound);
    }
    if referral.state != ReferralState::Accepted {
        return Err(AppError::state(
            ErrorCode::ReferralNotAccepted,
            format!(
                "Only an accepted referral becomes a customer; this one is {}.",
                referral.state.as_str()
            ),
        ));
    }
    Ok(referral)
}

/// Links the customer created from an accepted referral and marks it `won`, in the creating
/// transaction (a customer without its referral link can't commit, nor the reverse).
pub async fn mark_won(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    customer_id: Uuid,
) -> Result<(), AppError> {
    let before = get(&mut *conn, ctx, id).await?.ok_or(AppError::NotFound)?;
    let changed = sqlx::query(
        "UPDATE referrals SET state = 'won', customer_id = $1
         WHERE id = $2 AND partner_id = $3 AND state = 'accepted'",
    )
    .bind(customer_id.to_string())
    .bind(id.to_string())
    .bind(ctx.partner_id.to_string())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::state(
            ErrorCode::ReferralNotAccepted,
            "The referral is no longer accepted (another customer was created from it).",
        ));
    }
    let after = get(&mut *conn, ctx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("referral vanished"))?;
    record(
        conn,
        &Actor::User(ctx),
        AuditAction::ReferralWon,
        Some(&before),
        &after,
    )
    .await
}

/// Turns `new` referrals past `EXPIRY_DAYS` into `expired`, each audited as the system's
/// change in the recipient's log. Returns how many expired.
#[tracing::instrument(skip_all)]
pub async fn expire_due(db: &Db) -> Result<u64, AppError> {
    let cutoff = days_from_now(-EXPIRY_DAYS);
    let due: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, partner_id FROM referrals WHERE state = 'new' AND received_at <= $1 LIMIT 1000",
    )
    .bind(&cutoff)
    .fetch_all(db.readers())
    .await?;
    let mut expired = 0;
    for (id, partner_id) in due {
        let mut tx = db.write().await?;
        let changed = sqlx::query(
            "UPDATE referrals SET state = 'expired', responded_at = $1 WHERE id = $2 AND state = 'new'",
        )
        .bind(crate::timestamp::now())
        .bind(&id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 1 {
            let partner_id: Uuid = partner_id.parse().map_err(anyhow::Error::new)?;
            audit::record(
                &mut tx,
                &Actor::System { partner_id },
                audit::event(AuditAction::ReferralExpired, "referral", id.clone(), None),
            )
            .await?;
            expired += 1;
        }
        tx.commit().await?;
    }
    Ok(expired)
}

/// Stores a referral as declined at `at` by `by` (the demo seed's history; users decline
/// through `answer`), inside the caller's transaction.
pub async fn record_declined_in(
    conn: &mut AnyConnection,
    id: Uuid,
    at: &str,
    by: &str,
    reason: DeclineReason,
    text: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE referrals SET state = 'declined', responded_at = $1, responded_by = $2,
            decline_reason = $3, decline_text = $4 WHERE id = $5",
    )
    .bind(at)
    .bind(by)
    .bind(reason.as_str())
    .bind(text)
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
