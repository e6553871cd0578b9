//! Partners and their users.

use crate::ctx::Ctx;
use crate::db::Db;
use anyhow::Context;
use shared::api::{Me, PartnerInfo, UserInfo};
use shared::customer::Email;
use shared::instance::{CloudInstance, ProgramRole};
use uuid::Uuid;

pub struct NewPartner<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub instance: CloudInstance,
    pub program: ProgramRole,
    pub email_domain: &'a str,
    /// "Require multi-factor": on for real partners, off for the demo's.
    pub multi_factor_required: bool,
}

/// A partner's name, for the sweep's messages (which act for every partner, with no `Ctx`).
pub async fn name_of(conn: &mut sqlx::AnyConnection, partner_id: Uuid) -> anyhow::Result<String> {
    sqlx::query_scalar("SELECT name FROM partners WHERE id = $1")
        .bind(partner_id.to_string())
        .fetch_one(conn)
        .await
        .context("the partner of an admin relationship")
}

/// Creates the partner unless it exists (by id); a new partner gets the suggested role
/// templates.
pub async fn ensure(db: &Db, partner: &NewPartner<'_>) -> anyhow::Result<()> {
    let mut tx = db.write().await.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let created = sqlx::query(
        "INSERT INTO partners (id, name, instance, program, email_domain, created_at,
                multi_factor_required)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
    )
    .bind(partner.id.to_string())
    .bind(partner.name)
    .bind(partner.instance.as_str())
    .bind(partner.program.as_str())
    .bind(partner.email_domain)
    .bind(crate::timestamp::now())
    .bind(i64::from(partner.multi_factor_required))
    .execute(&mut *tx)
    .await
    .context("inserting partner")?
    .rows_affected();
    if created == 1 {
        crate::store::admin_templates::add_suggested_in(&mut tx, partner.id).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MeRow {
    user_id: String,
    email: String,
    display_name: String,
    roles: String,
    must_change_password: i64,
    partner_id: String,
    name: String,
    instance: String,
    program: String,
    email_domain: String,
    multi_factor_required: i64,
}

/// The signed-in user and partner, for a session at `sign_in_step`.
#[tracing::instrument(skip_all)]
pub async fn me(
    db: &Db,
    ctx: &Ctx,
    sign_in_step: shared::second_factor::SignInStep,
) -> anyhow::Result<Me> {
    let r: MeRow = sqlx::query_as(
        "SELECT u.id AS user_id, u.email, u.display_name, u.roles, u.must_change_password,
                p.id AS partner_id, p.name,
                p.instance, p.program, p.email_domain, p.multi_factor_required
         FROM users u JOIN partners p ON p.id = u.partner_id
         WHERE u.id = $1 AND p.id = $2",
    )
    .bind(ctx.user_id.to_string())
    .bind(ctx.partner_id.to_string())
    .fetch_one(db.readers())
    .await
    .context("loading the signed-in user")?;
    Ok(Me {
        user: UserInfo {
            id: r.user_id.parse()?,
            email: Email::parse(&r.email).map_err(|e| anyhow::anyhow!("stored email: {e}"))?,
            display_name: r.display_name,
            roles: shared::access::parse_roles(&r.roles)
                .map_err(|e| anyhow::anyhow!("stored roles: {e}"))?,
            must_change_password: r.must_change_password != 0,
        },
        partner: PartnerInfo {
            id: r.partner_id.parse()?,
            name: r.name,
            instance: CloudInstance::parse(&r.instance).context("stored instance")?,
            program: ProgramRole::parse(&r.program).context("stored program")?,
            email_domain: r.email_domain,
            multi_factor_required: r.multi_factor_required != 0,
        },
        sign_in_step,
    })
}

/// Sets the partner's "require multi-factor"; answers whether it was on before.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn set_multi_factor_required(
    tx: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    required: bool,
) -> Result<bool, crate::error::AppError> {
    let before: i64 =
        sqlx::query_scalar("SELECT multi_factor_required FROM partners WHERE id = $1")
            .bind(ctx.partner_id.to_string())
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query("UPDATE partners SET multi_factor_required = $1 WHERE id = $2")
        .bind(i64::from(required))
        .bind(ctx.partner_id.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(before != 0)
}
