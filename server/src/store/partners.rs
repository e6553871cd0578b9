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
}

/// Creates the partner unless it exists (by id).
pub async fn ensure(db: &Db, partner: &NewPartner<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO partners (id, name, instance, program, email_domain, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
    )
    .bind(partner.id.to_string())
    .bind(partner.name)
    .bind(partner.instance.as_str())
    .bind(partner.program.as_str())
    .bind(partner.email_domain)
    .bind(crate::timestamp::now())
    .execute(db.readers())
    .await
    .context("inserting partner")?;
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
}

#[tracing::instrument(skip_all)]
pub async fn me(db: &Db, ctx: &Ctx) -> anyhow::Result<Me> {
    let r: MeRow = sqlx::query_as(
        "SELECT u.id AS user_id, u.email, u.display_name, u.roles, u.must_change_password,
                p.id AS partner_id, p.name,
                p.instance, p.program, p.email_domain
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
        },
    })
}
