//! Writing customer accounts: insert, profile update, ending, removal, state changes.

use super::*;
use crate::ctx::Ctx;
use crate::db::{is_unique_violation, UniqueConstraint};
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use shared::api::Customer;
use shared::audit::AuditAction;
use shared::customer::{CustomerProfile, NewCustomer};
use shared::relationship::EndRelationship;
use shared::relationship::Relationship;
use shared::{Field, FieldError};
use sqlx::AnyConnection;
use uuid::Uuid;

/// The columns a profile write sets: the profile's own (`CustomerProfile::COLUMNS`), then the
/// two similarity keys computed from it (`shared::similar`), so they change whenever it does.
fn profile_columns() -> impl Iterator<Item = &'static str> {
    CustomerProfile::COLUMNS
        .iter()
        .copied()
        .chain(["name_key", "email_domain"])
}

type ProfileQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds a profile's values in `profile_columns` order.
fn bind_profile<'q>(query: ProfileQuery<'q>, p: &'q CustomerProfile) -> ProfileQuery<'q> {
    CustomerProfile::FIELDS
        .iter()
        .fold(query, |query, &field| query.bind(p.stored(field)))
        .bind(shared::similar::company_name_key(p.company_name.as_str()))
        .bind(shared::similar::email_domain_key(p.contact_email.as_str()))
}

/// What a new customer row needs beyond the checked form.
pub struct Creation<'a> {
    pub customer: &'a NewCustomer,
    pub relationship: Relationship,
    pub admin_password_hash: &'a str,
    pub created_at: &'a str,
    /// The create request's Idempotency-Key and its canonical body, recorded with the customer
    /// in one transaction.
    pub idempotency: Option<(&'a IdempotencyKey, &'a str)>,
    /// The accepted referral the customer comes from: marked `won` and linked in the same
    /// transaction.
    pub referral: Option<Uuid>,
}

/// Inserts the customer row (and the idempotency record) inside the caller's transaction.
/// A primary domain already in the instance is `taken`.
pub async fn insert_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    creation: &Creation<'_>,
) -> Result<Uuid, AppError> {
    let c = creation.customer;
    let p = &c.profile;
    let id = Uuid::new_v4();
    // The profile's columns come last, numbered after the fixed ones.
    let sql = format!(
        "INSERT INTO customers (id, partner_id, instance, tenant_id, country, domain_prefix,
            relationship, admin_password_hash, agreement_first_name, agreement_last_name,
            agreement_email, agreement_accepted_on, indirect_reseller_id, created_at, updated_at, {})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, {})",
        profile_columns().collect::<Vec<_>>().join(", "),
        crate::store::sql::placeholders(16, profile_columns().count())
    );
    let agreement = c.agreement.as_ref();
    let query = sqlx::query(&sql)
        .bind(id.to_string())
        .bind(ctx.partner_id.to_string())
        .bind(ctx.instance.as_str())
        .bind(Uuid::new_v4().to_string())
        .bind(c.country.as_str())
        .bind(c.domain_prefix.as_str())
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
        .bind(creation.created_at);
    let result = bind_profile(query, p).execute(&mut *conn).await;
    match result {
        Ok(_) => {
            let fields = [
                p.company_name.as_str(),
                c.domain_prefix.as_str(),
                p.contact_email.as_str(),
            ];
            index_pairs(&mut *conn, &id.to_string(), fields).await?;
        }
        // A concurrent create won the race for the domain: same answer as the pre-check.
        Err(e)
            if is_unique_violation(
                &e,
                UniqueConstraint {
                    sqlite_columns: "customers.instance, customers.domain_prefix",
                    postgres_name: "customers_instance_domain_prefix_key",
                },
            ) =>
        {
            return Err(AppError::field(Field::DomainPrefix, FieldError::Taken));
        }
        Err(e) => return Err(e.into()),
    }
    if let Some((key, request)) = creation.idempotency {
        record_key(&mut *conn, ctx, key, request, id, creation.created_at).await?;
    }
    Ok(id)
}

/// Records a change of customer `id` by the signed-in user, with the account before and after
/// (either absent for a creation or a removal), in the caller's transaction.
pub async fn record(
    conn: &mut AnyConnection,
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

/// Replaces the customer administrator's password hash, inside the caller's transaction.
pub async fn set_admin_password(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    hash: &str,
) -> Result<bool, AppError> {
    let result = sqlx::query(
        "UPDATE customers SET admin_password_hash = $1 WHERE partner_id = $2 AND id = $3",
    )
    .bind(hash)
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Writes a new profile if the stored version is still `expected_version`, and re-indexes the
/// row's search pairs, inside the caller's transaction. `false` when another change came first.
pub async fn write_profile(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    expected_version: i64,
    p: &CustomerProfile,
) -> Result<bool, AppError> {
    // The profile's assignments come last, numbered after the fixed parameters.
    let assignments: Vec<String> = profile_columns()
        .enumerate()
        .map(|(n, c)| format!("{c} = ${}", n + 5))
        .collect();
    let sql = format!(
        "UPDATE customers SET updated_at = $1, version = version + 1, {}
         WHERE partner_id = $2 AND id = $3 AND version = $4",
        assignments.join(", ")
    );
    let query = sqlx::query(&sql)
        .bind(crate::timestamp::now())
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .bind(expected_version);
    let result = bind_profile(query, p).execute(&mut *conn).await?;
    if result.rows_affected() == 0 {
        return Ok(false);
    }
    reindex_pairs(
        conn,
        &id.to_string(),
        p.company_name.as_str(),
        p.contact_email.as_str(),
    )
    .await?;
    Ok(true)
}

/// Marks the relationship ended with its reason, inside the caller's transaction.
pub async fn mark_ended(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    end: &EndRelationship,
) -> Result<(), AppError> {
    let now = crate::timestamp::now();
    sqlx::query(
        "UPDATE customers SET relationship = 'ended', ended_at = $1, end_reason = $2,
            end_reason_text = $3, updated_at = $4, version = version + 1
         WHERE partner_id = $5 AND id = $6",
    )
    .bind(&now)
    .bind(end.reason.as_str())
    .bind(end.reason_text.as_deref())
    .bind(&now)
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes a customer with its invitation, subscriptions and idempotency records, inside the
/// caller's transaction.
pub async fn delete(conn: &mut AnyConnection, ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
    sqlx::query(
        "DELETE FROM invitation_replaced_links WHERE invitation_id IN
            (SELECT id FROM invitations WHERE partner_id = $1 AND customer_id = $2)",
    )
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    for table in ["invitations", "subscriptions", "idempotency_keys"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE partner_id = $1 AND customer_id = $2"
        ))
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("DELETE FROM customers WHERE partner_id = $1 AND id = $2")
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets the relationship state (invitation acceptance, expiry, revocation), inside the
/// caller's transaction.
pub async fn set_relationship(
    conn: &mut AnyConnection,
    partner_id: Uuid,
    id: Uuid,
    relationship: Relationship,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE customers SET relationship = $1, updated_at = $2, version = version + 1
         WHERE partner_id = $3 AND id = $4",
    )
    .bind(relationship.as_str())
    .bind(crate::timestamp::now())
    .bind(partner_id.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
