//! Links between indirect providers and indirect resellers. A link row belongs to both
//! partners; every query asks for links the signed-in partner is one side of, so a partner
//! never learns of links it is not part of.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::db::{is_unique_violation, UniqueConstraint};
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use anyhow::Context;
use shared::api::ErrorCode;
use shared::audit::AuditAction;
use shared::instance::ProgramRole;
use shared::referral::{LinkState, PartnerLink, PartnerRef, ResellerKey};
use shared::{Field, FieldError};
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

const LINK_SELECT: &str = "SELECT l.id, l.provider_id, pp.name AS provider_name, l.reseller_id,
        rp.name AS reseller_name, l.state, l.created_at, l.responded_at, l.ended_at,
        (SELECT COUNT(*) FROM customers c
            WHERE c.partner_id = l.provider_id AND c.indirect_reseller_id = l.reseller_id)
            AS customers,
        (SELECT COUNT(*) FROM referrals r
            WHERE r.from_partner_id = l.provider_id AND r.partner_id = l.reseller_id)
            AS referrals
    FROM partner_links l
    JOIN partners pp ON pp.id = l.provider_id
    JOIN partners rp ON rp.id = l.reseller_id";

#[derive(sqlx::FromRow)]
struct LinkRow {
    id: String,
    provider_id: String,
    provider_name: String,
    reseller_id: String,
    reseller_name: String,
    state: String,
    created_at: String,
    responded_at: Option<String>,
    ended_at: Option<String>,
    customers: i64,
    referrals: i64,
}

impl TryFrom<LinkRow> for PartnerLink {
    type Error = anyhow::Error;
    fn try_from(r: LinkRow) -> anyhow::Result<Self> {
        Ok(PartnerLink {
            id: r.id.parse()?,
            provider: PartnerRef {
                id: r.provider_id.parse()?,
                name: r.provider_name,
            },
            reseller: PartnerRef {
                id: r.reseller_id.parse()?,
                name: r.reseller_name,
            },
            state: LinkState::parse(&r.state).context("stored link state")?,
            created_at: r.created_at,
            responded_at: r.responded_at,
            ended_at: r.ended_at,
            customers: r.customers as u32,
            referrals: r.referrals as u32,
        })
    }
}

/// The partner's links (as provider or as reseller), open ones first, newest first.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<PartnerLink>, AppError> {
    let rows: Vec<LinkRow> = sqlx::query_as(&format!(
        "{LINK_SELECT} WHERE l.provider_id = $1 OR l.reseller_id = $1
         ORDER BY l.state NOT IN ('pending', 'active'), l.created_at DESC"
    ))
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    Ok(rows
        .into_iter()
        .map(PartnerLink::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// One link the partner is a side of.
pub async fn get<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<PartnerLink>, AppError> {
    let row: Option<LinkRow> = sqlx::query_as(&format!(
        "{LINK_SELECT} WHERE l.id = $2 AND (l.provider_id = $1 OR l.reseller_id = $1)"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(PartnerLink::try_from).transpose()?)
}

/// The indirect reseller a link request names, in the provider's cloud instance only (a
/// partner in another instance doesn't exist for it).
async fn find_reseller(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    key: &ResellerKey,
) -> Result<Option<PartnerRef>, AppError> {
    let row: Option<(String, String)> =
        match key {
            ResellerKey::Id(id) => sqlx::query_as(
                "SELECT id, name FROM partners WHERE id = $1 AND instance = $2 AND program = $3",
            )
            .bind(id.to_string())
            .bind(ctx.instance.as_str())
            .bind(ProgramRole::IndirectReseller.as_str())
            .fetch_optional(&mut *conn)
            .await?,
            ResellerKey::Email(email) => {
                sqlx::query_as(
                    "SELECT p.id, p.name FROM users u JOIN partners p ON p.id = u.partner_id
                 WHERE u.email = $1 AND p.instance = $2 AND p.program = $3",
                )
                .bind(email.as_str())
                .bind(ctx.instance.as_str())
                .bind(ProgramRole::IndirectReseller.as_str())
                .fetch_optional(&mut *conn)
                .await?
            }
        };
    row.map(|(id, name)| {
        Ok(PartnerRef {
            id: id.parse().map_err(anyhow::Error::new)?,
            name,
        })
    })
    .transpose()
}

fn link_exists() -> AppError {
    AppError::state(
        ErrorCode::LinkExists,
        "An open link with this reseller exists already.",
    )
}

/// A provider asks a reseller to link. 422 on `reseller` when no such reseller is in the
/// instance; 409 `link_exists` while an open one exists.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn request(db: &Db, ctx: &Ctx, key: &ResellerKey) -> Result<PartnerLink, AppError> {
    let mut tx = db.write().await?;
    let reseller = find_reseller(&mut tx, ctx, key)
        .await?
        .ok_or_else(|| AppError::field(Field::Reseller, FieldError::UnknownPartner))?;
    let id = Uuid::new_v4();
    let result = sqlx::query(
        "INSERT INTO partner_links (id, provider_id, reseller_id, state, created_at)
         VALUES ($1, $2, $3, 'pending', $4)",
    )
    .bind(id.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(reseller.id.to_string())
    .bind(crate::timestamp::now())
    .execute(&mut *tx)
    .await;
    match result {
        Ok(_) => {}
        Err(e)
            if is_unique_violation(
                &e,
                UniqueConstraint {
                    sqlite_columns: "partner_links.provider_id",
                    postgres_name: "partner_links_one_open",
                },
            ) =>
        {
            return Err(link_exists())
        }
        Err(e) => return Err(e.into()),
    }
    let link = get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("new link vanished"))?;
    record(&mut tx, ctx, AuditAction::LinkRequested, None, &link).await?;
    tx.commit().await?;
    Ok(link)
}

/// What a side may do to a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Accept,
    Decline,
    End,
}

/// The reseller accepts or declines a pending request; either side ends an open link.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, link_id = %id))]
pub async fn answer(db: &Db, ctx: &Ctx, id: Uuid, answer: Answer) -> Result<PartnerLink, AppError> {
    let mut tx = db.write().await?;
    let before = get(&mut *tx, ctx, id).await?.ok_or(AppError::NotFound)?;
    let now = crate::timestamp::now();
    // (the state now, the state after, the action, the timestamp column it sets)
    let (from, to, action, column) = match answer {
        Answer::Accept | Answer::Decline => {
            // Only the asked side answers a request.
            if before.reseller.id != ctx.partner_id {
                return Err(AppError::NotFound);
            }
            if before.state != LinkState::Pending {
                return Err(AppError::state(
                    ErrorCode::LinkNotPending,
                    "This request was answered already.",
                ));
            }
            match answer {
                Answer::Accept => (
                    "pending",
                    "active",
                    AuditAction::LinkAccepted,
                    "responded_at",
                ),
                _ => (
                    "pending",
                    "declined",
                    AuditAction::LinkDeclined,
                    "responded_at",
                ),
            }
        }
        Answer::End => {
            if !before.state.is_open() {
                return Err(AppError::state(
                    ErrorCode::LinkNotActive,
                    "This link is not open.",
                ));
            }
            (
                before.state.as_str(),
                "ended",
                AuditAction::LinkEnded,
                "ended_at",
            )
        }
    };
    let sql =
        format!("UPDATE partner_links SET state = $1, {column} = $3 WHERE id = $4 AND state = $2");
    let changed = sqlx::query(&sql)
        .bind(to)
        .bind(from)
        .bind(&now)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        // Another answer came first.
        return Err(AppError::state(
            ErrorCode::LinkNotPending,
            "This link changed meanwhile; reload it.",
        ));
    }
    let after = get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("link vanished"))?;
    record(&mut tx, ctx, action, Some(&before), &after).await?;
    tx.commit().await?;
    Ok(after)
}

async fn record(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    action: AuditAction,
    before: Option<&PartnerLink>,
    after: &PartnerLink,
) -> Result<(), AppError> {
    audit::record(
        conn,
        &Actor::User(ctx),
        Change::new(action, "link", after.id, None, before, Some(after)),
    )
    .await
}

/// The reseller of an active link of the provider `ctx` (for referring and creating on its
/// behalf); `None` when there is no such link.
pub async fn active_reseller<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    reseller: Uuid,
) -> Result<Option<PartnerRef>, AppError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT p.id, p.name FROM partner_links l JOIN partners p ON p.id = l.reseller_id
         WHERE l.provider_id = $1 AND l.reseller_id = $2 AND l.state = 'active'",
    )
    .bind(ctx.partner_id.to_string())
    .bind(reseller.to_string())
    .fetch_optional(db)
    .await?;
    row.map(|(id, name)| {
        Ok(PartnerRef {
            id: id.parse().map_err(anyhow::Error::new)?,
            name,
        })
    })
    .transpose()
}

/// Whether the provider and the reseller have a link (in any state).
pub async fn exists(db: &Db, provider: Uuid, reseller: Uuid) -> Result<bool, AppError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM partner_links WHERE provider_id = $1 AND reseller_id = $2",
    )
    .bind(provider.to_string())
    .bind(reseller.to_string())
    .fetch_optional(db.readers())
    .await?;
    Ok(found.is_some())
}

/// Stores an active link as if asked at `created_at` and accepted at `responded_at` (the demo
/// seed; users go through `request` and `respond`).
pub async fn insert_active(
    db: &Db,
    provider: Uuid,
    reseller: Uuid,
    created_at: &str,
    responded_at: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO partner_links (id, provider_id, reseller_id, state, created_at, responded_at)
         VALUES ($1, $2, $3, 'active', $4, $5)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(provider.to_string())
    .bind(reseller.to_string())
    .bind(created_at)
    .bind(responded_at)
    .execute(db.readers())
    .await?;
    Ok(())
}
