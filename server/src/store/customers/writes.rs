//! Writing customer accounts: insert, profile update, ending, removal, state changes.

use super::*;
use crate::ctx::Ctx;
use crate::db::is_unique_violation;
use crate::db::Db;
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use anyhow::anyhow;
use shared::api::Customer;
use shared::api::ErrorCode;
use shared::audit::AuditAction;
use shared::customer::{AddressLine, CustomerProfile, NewCustomer, Phone, RegistrationNumber};
use shared::regions::{PostalCode, StateCode};
use shared::relationship::EndRelationship;
use shared::relationship::Relationship;
use shared::{Field, FieldError};
use sqlx::SqliteConnection;
use uuid::Uuid;

/// The editable profile's columns, in the order `bind_profile` binds them.
const PROFILE_COLUMNS: [&str; 13] = [
    "company_name",
    "address_line1",
    "address_line2",
    "address_line3",
    "city",
    "state",
    "postal_code",
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "contact_phone",
    "registration_number",
    "language",
];

type SqliteQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

/// Binds a profile's values in `PROFILE_COLUMNS` order.
fn bind_profile<'q>(query: SqliteQuery<'q>, p: &'q CustomerProfile) -> SqliteQuery<'q> {
    query
        .bind(p.company_name.as_str())
        .bind(p.address_line1.as_str())
        .bind(p.address_line2.as_ref().map(AddressLine::as_str))
        .bind(p.address_line3.as_ref().map(AddressLine::as_str))
        .bind(p.city.as_str())
        .bind(p.state.as_ref().map(StateCode::as_str))
        .bind(p.postal_code.as_ref().map(PostalCode::as_str))
        .bind(p.contact_first_name.as_str())
        .bind(p.contact_last_name.as_str())
        .bind(p.contact_email.as_str())
        .bind(p.contact_phone.as_ref().map(Phone::as_str))
        .bind(
            p.registration_number
                .as_ref()
                .map(RegistrationNumber::as_str),
        )
        .bind(p.language.tag())
}

/// What `insert` needs beyond the checked form.
pub struct Creation<'a> {
    pub customer: &'a NewCustomer,
    pub relationship: Relationship,
    pub admin_password_hash: &'a str,
    pub created_at: &'a str,
    /// The create request's Idempotency-Key and its canonical body, recorded with the customer
    /// in one transaction.
    pub idempotency: Option<(&'a str, &'a str)>,
    /// The accepted referral the customer comes from: marked `won` and linked in the same
    /// transaction.
    pub referral: Option<Uuid>,
}

/// Creates a customer and records it in the audit log, in one transaction.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn insert(db: &Db, ctx: &Ctx, creation: Creation<'_>) -> Result<Customer, AppError> {
    let mut tx = db.write().await?;
    let customer = insert_recorded(&mut tx, ctx, &creation).await?;
    tx.commit().await?;
    Ok(customer)
}

/// Creates a customer, records it in the audit log and marks its referral won, inside the
/// caller's transaction.
pub async fn insert_recorded(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    creation: &Creation<'_>,
) -> Result<Customer, AppError> {
    let id = insert_in(&mut *conn, ctx, creation).await?;
    let customer = get(&mut *conn, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("created customer vanished"))?;
    record(
        &mut *conn,
        ctx,
        AuditAction::CustomerCreated,
        id,
        None,
        Some(&customer),
    )
    .await?;
    if let Some(referral) = creation.referral {
        crate::store::referrals::mark_won(&mut *conn, ctx, referral, id).await?;
    }
    Ok(customer)
}

/// Inserts the customer row (and the idempotency record) inside the caller's transaction.
/// A primary domain already in the instance is `taken`.
pub async fn insert_in(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    creation: &Creation<'_>,
) -> Result<Uuid, AppError> {
    let c = creation.customer;
    let p = &c.profile;
    let id = Uuid::new_v4();
    let sql = format!(
        "INSERT INTO customers (id, partner_id, instance, tenant_id, country, domain_prefix, {},
            relationship, admin_password_hash, agreement_first_name, agreement_last_name,
            agreement_email, agreement_accepted_on, indirect_reseller_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, {}, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        PROFILE_COLUMNS.join(", "),
        ["?"; PROFILE_COLUMNS.len()].join(", ")
    );
    let agreement = c.agreement.as_ref();
    let query = sqlx::query(&sql)
        .bind(id.to_string())
        .bind(ctx.partner_id.to_string())
        .bind(ctx.instance.as_str())
        .bind(Uuid::new_v4().to_string())
        .bind(c.country.as_str())
        .bind(c.domain_prefix.as_str());
    let result = bind_profile(query, p)
        .bind(creation.relationship.as_str())
        .bind(creation.admin_password_hash)
        .bind(agreement.map_or("", |a| a.first_name.as_str()))
        .bind(agreement.map_or("", |a| a.last_name.as_str()))
        .bind(agreement.map_or("", |a| a.email.as_str()))
        .bind(
            agreement
                .map(|a| a.accepted_on.to_string())
                .unwrap_or_default(),
        )
        .bind(c.indirect_reseller.map(|r| r.to_string()))
        .bind(creation.created_at)
        .bind(creation.created_at)
        .execute(&mut *conn)
        .await;
    match result {
        Ok(done) => {
            let fields = [
                p.company_name.as_str(),
                c.domain_prefix.as_str(),
                p.contact_email.as_str(),
            ];
            index_pairs(&mut *conn, done.last_insert_rowid(), fields).await?;
        }
        // A concurrent create won the race for the domain: same answer as the pre-check.
        Err(e) if is_unique_violation(&e, "customers.instance, customers.domain_prefix") => {
            return Err(AppError::field(Field::DomainPrefix, FieldError::Taken));
        }
        Err(e) => return Err(e.into()),
    }
    if let Some((key, request)) = creation.idempotency {
        sqlx::query(
            "INSERT INTO idempotency_keys (partner_id, key, request, customer_id, created_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(ctx.partner_id.to_string())
        .bind(key)
        .bind(request)
        .bind(id.to_string())
        .bind(creation.created_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Records a change of customer `id` by the signed-in user, with the account before and after
/// (either absent for a creation or a removal), in the caller's transaction.
pub async fn record(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    action: AuditAction,
    id: Uuid,
    before: Option<&Customer>,
    after: Option<&Customer>,
) -> Result<(), AppError> {
    audit::record(
        conn,
        &Actor::User(ctx),
        Change::new(action, "customer", id, Some(id), before, after),
    )
    .await
}

/// Replaces the admin's temporary password (a replayed create hands out a fresh one: the
/// first is never stored in clear, so it can't be shown again).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn reset_admin_password(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    hash: &str,
) -> Result<(), AppError> {
    sqlx::query("UPDATE customers SET admin_password_hash = ? WHERE partner_id = ? AND id = ?")
        .bind(hash)
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(db.readers())
        .await?;
    Ok(())
}

/// Writes a new profile if the stored version is still `expected_version`. `Ok(None)` when
/// another change came first (the caller answers 412). Ended customers are read-only.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn update_profile(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    expected_version: i64,
    p: &CustomerProfile,
) -> Result<Option<Customer>, AppError> {
    let mut tx = db.write().await?;
    let Some(before) = get(&mut *tx, ctx, id).await? else {
        return Err(AppError::NotFound);
    };
    if before.relationship == Relationship::Ended {
        return Err(AppError::state(
            ErrorCode::RelationshipNotActive,
            "The relationship has ended: the customer is read-only.",
        ));
    }
    let assignments: Vec<String> = PROFILE_COLUMNS.iter().map(|c| format!("{c} = ?")).collect();
    let sql = format!(
        "UPDATE customers SET {}, updated_at = ?, version = version + 1
         WHERE partner_id = ? AND id = ? AND version = ?",
        assignments.join(", ")
    );
    let result = bind_profile(sqlx::query(&sql), p)
        .bind(crate::timestamp::now())
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
    if result.rows_affected() == 0 {
        return Ok(None);
    }
    let after = get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("updated customer vanished"))?;
    let rowid: i64 = sqlx::query_scalar("SELECT rowid FROM customers WHERE id = ?")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM customers_pairs WHERE rowid = ?")
        .bind(rowid)
        .execute(&mut *tx)
        .await?;
    index_pairs(
        &mut tx,
        rowid,
        [
            after.company_name.as_str(),
            after.domain_prefix.as_str(),
            after.contact_email.as_str(),
        ],
    )
    .await?;
    record(
        &mut tx,
        ctx,
        AuditAction::CustomerUpdated,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(Some(after))
}

/// Ends an active relationship (docs/domain.md "Reseller relationship"): refused while a subscription is active; the
/// record stays, read-only.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn end_relationship(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    end: &EndRelationship,
) -> Result<Customer, AppError> {
    let mut tx = db.write().await?;
    let before = get(&mut *tx, ctx, id).await?.ok_or(AppError::NotFound)?;
    if before.relationship != Relationship::Active {
        return Err(AppError::state(
            ErrorCode::RelationshipNotActive,
            format!(
                "Only an active relationship can end; this one is {}.",
                before.relationship.as_str()
            ),
        ));
    }
    let active = crate::store::subscriptions::count_active(&mut tx, ctx, id).await?;
    if active > 0 {
        return Err(AppError::state(
            ErrorCode::ActiveSubscriptions,
            format!("{active} active subscriptions: suspend or cancel them first."),
        ));
    }
    let now = crate::timestamp::now();
    sqlx::query(
        "UPDATE customers SET relationship = 'ended', ended_at = ?, end_reason = ?,
            end_reason_text = ?, updated_at = ?, version = version + 1
         WHERE partner_id = ? AND id = ?",
    )
    .bind(&now)
    .bind(end.reason.as_str())
    .bind(end.reason_text.as_deref())
    .bind(&now)
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    let after = get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("ended customer vanished"))?;
    record(
        &mut tx,
        ctx,
        AuditAction::CustomerEnded,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Removes a customer that never became active (invited, expired or revoked), with its
/// invitation. Active and ended customers are ended, not removed: their history stays.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn remove(db: &Db, ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let before = get(&mut *tx, ctx, id).await?.ok_or(AppError::NotFound)?;
    if matches!(
        before.relationship,
        Relationship::Active | Relationship::Ended
    ) {
        return Err(AppError::state(
            ErrorCode::CustomerNotRemovable,
            "Active and ended customers are ended, not removed.",
        ));
    }
    for table in ["invitations", "subscriptions", "idempotency_keys"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE partner_id = ? AND customer_id = ?"
        ))
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM customers WHERE partner_id = ? AND id = ?")
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        ctx,
        AuditAction::CustomerRemoved,
        id,
        Some(&before),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the relationship state (invitation acceptance, expiry, revocation), inside the
/// caller's transaction.
pub async fn set_relationship(
    conn: &mut SqliteConnection,
    partner_id: Uuid,
    id: Uuid,
    relationship: Relationship,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE customers SET relationship = ?, updated_at = ?, version = version + 1
         WHERE partner_id = ? AND id = ?",
    )
    .bind(relationship.as_str())
    .bind(crate::timestamp::now())
    .bind(partner_id.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
