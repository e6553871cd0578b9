//! A partner's role templates for admin (GDAP) requests.

use crate::ctx::Ctx;
use crate::db::{is_unique_violation, Db, UniqueConstraint};
use crate::error::AppError;
use crate::store::admin_relationships::{roles_of, stored_roles};
use anyhow::anyhow;
use shared::admin_relationship::{AdminTemplate, NewAdminTemplate, RelationshipName};
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

fn template_of((id, name, roles): (String, String, String)) -> anyhow::Result<AdminTemplate> {
    Ok(AdminTemplate {
        id: id.parse()?,
        name: RelationshipName::parse(&name).map_err(|e| anyhow!("stored name: {e:?}"))?,
        roles: roles_of(&roles)?,
    })
}

/// The partner's templates, by name.
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<AdminTemplate>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, name, roles FROM admin_templates WHERE partner_id = $1 ORDER BY name, id",
    )
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    Ok(rows
        .into_iter()
        .map(template_of)
        .collect::<anyhow::Result<_>>()?)
}

pub async fn get<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<AdminTemplate>, AppError> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT id, name, roles FROM admin_templates WHERE partner_id = $1 AND id = $2",
    )
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(template_of).transpose()?)
}

/// A partner's template names are unique (`migrations/*/admin_templates`).
const NAME_TAKEN: UniqueConstraint = UniqueConstraint {
    sqlite_columns: "admin_templates.partner_id, admin_templates.name",
    postgres_name: "admin_templates_partner_id_name_key",
};

/// Adds a template; `None` when the partner has one of that name.
pub async fn insert_in(
    conn: &mut AnyConnection,
    partner_id: Uuid,
    template: &NewAdminTemplate,
) -> Result<Option<Uuid>, AppError> {
    let id = Uuid::new_v4();
    let now = crate::timestamp::now();
    let result = sqlx::query(
        "INSERT INTO admin_templates (id, partner_id, name, roles, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(id.to_string())
    .bind(partner_id.to_string())
    .bind(template.name.as_str())
    .bind(stored_roles(&template.roles))
    .bind(now)
    .execute(conn)
    .await;
    match result {
        Ok(_) => Ok(Some(id)),
        Err(e) if is_unique_violation(&e, NAME_TAKEN) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Changes a template's name and roles; `Ok(false)` when another template has the name.
pub async fn update_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    template: &NewAdminTemplate,
) -> Result<bool, AppError> {
    let result = sqlx::query(
        "UPDATE admin_templates SET name = $1, roles = $2, updated_at = $3
         WHERE partner_id = $4 AND id = $5",
    )
    .bind(template.name.as_str())
    .bind(stored_roles(&template.roles))
    .bind(crate::timestamp::now())
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e, NAME_TAKEN) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_in(conn: &mut AnyConnection, ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
    sqlx::query("DELETE FROM admin_templates WHERE partner_id = $1 AND id = $2")
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// A new partner's templates: the suggested ones.
pub async fn add_suggested_in(conn: &mut AnyConnection, partner_id: Uuid) -> anyhow::Result<()> {
    for (name, roles) in shared::admin_relationship::SUGGESTED_TEMPLATES {
        let template = NewAdminTemplate {
            name: RelationshipName::parse(name).map_err(|e| anyhow!("{e:?}"))?,
            roles: roles.to_vec(),
        };
        insert_in(conn, partner_id, &template)
            .await
            .map_err(|e| anyhow!("{e:?}"))?;
    }
    Ok(())
}
