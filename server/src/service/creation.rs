//! The one way a customer comes to exist.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::customers::{self, Creation};
use crate::store::referrals;
use anyhow::anyhow;
use shared::api::Customer;
use shared::audit::AuditAction;
use sqlx::AnyConnection;

/// Creates a customer inside the caller's transaction: the row (with its idempotency record),
/// its audit entry (`action`: created or imported) and the referral it came from marked won.
/// The API's create, an invitation, an import and the demo seed all create customers here.
pub async fn create_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    creation: &Creation<'_>,
    action: AuditAction,
) -> Result<Customer, AppError> {
    let id = customers::insert_in(&mut *conn, ctx, creation).await?;
    let customer = customers::get(&mut *conn, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("created customer vanished"))?;
    customers::record(&mut *conn, ctx, action, id, None, Some(&customer)).await?;
    if let Some(referral) = creation.referral {
        referrals::mark_won(&mut *conn, ctx, referral, id).await?;
    }
    Ok(customer)
}

/// Creates a customer in a transaction of its own (the demo seed; the API batches instead).
pub async fn create(db: &Db, ctx: &Ctx, creation: &Creation<'_>) -> Result<Customer, AppError> {
    let mut tx = db.write().await?;
    let customer = create_in(&mut tx, ctx, creation, AuditAction::CustomerCreated).await?;
    tx.commit().await?;
    Ok(customer)
}
