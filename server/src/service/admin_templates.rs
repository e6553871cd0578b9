//! A partner's role templates for admin (GDAP) requests: created, changed and removed by the
//! partner's admins, each change audited. A request keeps its own roles: changing a template
//! changes no relationship.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::admin_templates as store;
use crate::store::audit::{self, Actor, Change};
use anyhow::anyhow;
use shared::admin_relationship::{AdminTemplate, AdminTemplateForm};
use shared::audit::AuditAction;
use shared::{Field, FieldError};
use uuid::Uuid;

const OBJECT: &str = "admin-template";

fn name_taken() -> AppError {
    AppError::field(Field::DisplayName, FieldError::Taken)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn create(
    db: &Db,
    ctx: &Ctx,
    form: &AdminTemplateForm,
) -> Result<AdminTemplate, AppError> {
    let template = form.parse().map_err(AppError::Validation)?;
    let mut tx = db.write().await?;
    let id = store::insert_in(&mut tx, ctx.partner_id, &template)
        .await?
        .ok_or_else(name_taken)?;
    let created = store::get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("the new template vanished"))?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::<(), _>::new(
            AuditAction::AdminTemplateCreated,
            OBJECT,
            id,
            None,
            None,
            Some(&created),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, template_id = %id))]
pub async fn change(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    form: &AdminTemplateForm,
) -> Result<AdminTemplate, AppError> {
    let template = form.parse().map_err(AppError::Validation)?;
    let mut tx = db.write().await?;
    let before = store::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !store::update_in(&mut tx, ctx, id, &template).await? {
        return Err(name_taken());
    }
    let after = store::get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("the template vanished"))?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::new(
            AuditAction::AdminTemplateChanged,
            OBJECT,
            id,
            None,
            Some(&before),
            Some(&after),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, template_id = %id))]
pub async fn remove(db: &Db, ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let before = store::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::delete_in(&mut tx, ctx, id).await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::<_, ()>::new(
            AuditAction::AdminTemplateRemoved,
            OBJECT,
            id,
            None,
            Some(&before),
            None,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
