//! Partners and their users.

use crate::ctx::Ctx;
use anyhow::Context;
use shared::api::{Me, PartnerInfo, UserInfo};
use shared::customer::Email;
use shared::instance::{CloudInstance, ProgramRole};
use sqlx::SqlitePool;
use uuid::Uuid;

/// The demo partner's fixed id, so seeding is idempotent and the pre-sign-in `Ctx` finds it.
pub const DEMO_PARTNER_ID: Uuid = Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0001);
pub const DEMO_USER_ID: Uuid = Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0101);

pub struct NewPartner<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub instance: CloudInstance,
    pub program: ProgramRole,
    pub email_domain: &'a str,
}

/// Creates the partner unless it exists (by id).
pub async fn ensure(db: &SqlitePool, partner: &NewPartner<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO partners (id, name, instance, program, email_domain, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(partner.id.to_string())
    .bind(partner.name)
    .bind(partner.instance.as_str())
    .bind(partner.program.as_str())
    .bind(partner.email_domain)
    .bind(crate::timestamp::now())
    .execute(db)
    .await
    .context("inserting partner")?;
    Ok(())
}

/// Creates the user unless it exists (by id).
pub async fn ensure_user(
    db: &SqlitePool,
    id: Uuid,
    partner_id: Uuid,
    email: &str,
    display_name: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO users (id, partner_id, email, display_name, created_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(id.to_string())
    .bind(partner_id.to_string())
    .bind(email)
    .bind(display_name)
    .bind(crate::timestamp::now())
    .execute(db)
    .await
    .context("inserting user")?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CtxRow {
    user_id: String,
    partner_id: String,
    instance: String,
    email_domain: String,
}

/// The `Ctx` of the demo partner's user, if the demo data is loaded.
pub async fn demo_ctx(db: &SqlitePool) -> anyhow::Result<Option<Ctx>> {
    let row: Option<CtxRow> = sqlx::query_as(
        "SELECT u.id AS user_id, p.id AS partner_id, p.instance, p.email_domain
         FROM users u JOIN partners p ON p.id = u.partner_id
         WHERE u.id = ? AND p.id = ?",
    )
    .bind(DEMO_USER_ID.to_string())
    .bind(DEMO_PARTNER_ID.to_string())
    .fetch_optional(db)
    .await
    .context("loading demo user")?;
    row.map(|r| {
        Ok(Ctx {
            user_id: r.user_id.parse()?,
            partner_id: r.partner_id.parse()?,
            instance: CloudInstance::parse(&r.instance)
                .with_context(|| format!("unknown instance {}", r.instance))?,
            partner_email_domain: r.email_domain,
        })
    })
    .transpose()
}

#[derive(sqlx::FromRow)]
struct MeRow {
    user_id: String,
    email: String,
    display_name: String,
    partner_id: String,
    name: String,
    instance: String,
    program: String,
    email_domain: String,
}

#[tracing::instrument(skip_all)]
pub async fn me(db: &SqlitePool, ctx: &Ctx) -> anyhow::Result<Me> {
    let r: MeRow = sqlx::query_as(
        "SELECT u.id AS user_id, u.email, u.display_name, p.id AS partner_id, p.name,
                p.instance, p.program, p.email_domain
         FROM users u JOIN partners p ON p.id = u.partner_id
         WHERE u.id = ? AND p.id = ?",
    )
    .bind(ctx.user_id.to_string())
    .bind(ctx.partner_id.to_string())
    .fetch_one(db)
    .await
    .context("loading the signed-in user")?;
    Ok(Me {
        user: UserInfo {
            id: r.user_id.parse()?,
            email: Email::parse(&r.email).map_err(|e| anyhow::anyhow!("stored email: {e}"))?,
            display_name: r.display_name,
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
