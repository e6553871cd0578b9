//! The partner's business profile: one row per partner, absent until first saved (then the
//! partner's own name is the starting point).

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use shared::audit::AuditAction;
use shared::profile::{BusinessProfile, BusinessProfileForm, BusinessProfileRecord, LocationForm};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct ProfileRow {
    name: String,
    description: Option<String>,
    website: Option<String>,
    industries: String,
    offerings: String,
    locations: String,
    contact_email: Option<String>,
    updated_at: String,
    updated_by: String,
}

fn codes(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

async fn load(conn: &mut AnyConnection, ctx: &Ctx) -> Result<BusinessProfileRecord, AppError> {
    let row: Option<ProfileRow> = sqlx::query_as(
        "SELECT name, description, website, industries, offerings, locations, contact_email,
                updated_at, updated_by
         FROM business_profiles WHERE partner_id = $1",
    )
    .bind(ctx.partner_id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let (profile, updated_at, updated_by) = match row {
        Some(r) => {
            let locations: Vec<LocationForm> =
                serde_json::from_str(&r.locations).map_err(anyhow::Error::new)?;
            (
                BusinessProfileForm {
                    company_name: r.name,
                    description: r.description.unwrap_or_default(),
                    website: r.website.unwrap_or_default(),
                    industries: codes(&r.industries),
                    offerings: codes(&r.offerings),
                    locations,
                    contact_email: r.contact_email.unwrap_or_default(),
                },
                Some(r.updated_at),
                Some(r.updated_by),
            )
        }
        None => {
            let name: String = sqlx::query_scalar("SELECT name FROM partners WHERE id = $1")
                .bind(ctx.partner_id.to_string())
                .fetch_one(&mut *conn)
                .await?;
            (
                BusinessProfileForm {
                    company_name: name,
                    ..Default::default()
                },
                None,
                None,
            )
        }
    };
    Ok(BusinessProfileRecord {
        completeness: profile.completeness(),
        profile,
        updated_at,
        updated_by,
    })
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn get(db: &Db, ctx: &Ctx) -> Result<BusinessProfileRecord, AppError> {
    let mut conn = db.acquire().await?;
    load(&mut conn, ctx).await
}

/// Saves the profile and records the change (before and after) in the audit log.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn save(
    db: &Db,
    ctx: &Ctx,
    profile: &BusinessProfile,
) -> Result<BusinessProfileRecord, AppError> {
    let mut tx = db.write().await?;
    let before = load(&mut tx, ctx).await?;
    let form = profile.to_form();
    let locations = serde_json::to_string(&form.locations).map_err(anyhow::Error::new)?;
    sqlx::query(
        "INSERT INTO business_profiles (partner_id, name, description, website, industries,
            offerings, locations, contact_email, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (partner_id) DO UPDATE SET name = excluded.name,
            description = excluded.description, website = excluded.website,
            industries = excluded.industries, offerings = excluded.offerings,
            locations = excluded.locations, contact_email = excluded.contact_email,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(ctx.partner_id.to_string())
    .bind(profile.company_name.as_str())
    .bind(profile.description.as_deref())
    .bind(profile.website.as_ref().map(|w| w.as_str()))
    .bind(form.industries.join(","))
    .bind(form.offerings.join(","))
    .bind(locations)
    .bind(profile.contact_email.as_ref().map(|e| e.as_str()))
    .bind(crate::timestamp::now())
    .bind(&ctx.email)
    .execute(&mut *tx)
    .await?;
    let after = load(&mut tx, ctx).await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::new(
            AuditAction::ProfileUpdated,
            "business-profile",
            ctx.partner_id,
            None,
            before.updated_at.is_some().then_some(&before.profile),
            Some(&after.profile),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
