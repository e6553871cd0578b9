//! "Forgot password" links: a single-use token per link (only its hash is stored), valid for
//! `RESET_MINUTES`. Requesting one names an address, not a partner: the look-up of the accounts
//! behind an address is the one query here without a partner scope (as sign-in's is); every
//! other statement filters by the account's partner.

use crate::db::Db;
use crate::error::AppError;
use crate::secret_link::{new_token, token_hash};
use anyhow::Context;
use sqlx::AnyConnection;
use uuid::Uuid;

/// How long a link works.
pub const RESET_MINUTES: i64 = 30;

/// Links one account is sent at most per `RESET_MINUTES`: a stranger who knows an address can't
/// fill its inbox.
pub const MAX_LINKS_PER_WINDOW: i64 = 3;

/// An account a link may be sent to.
pub struct ResetAccount {
    pub user_id: Uuid,
    pub partner_id: Uuid,
    pub partner_name: String,
    pub email: String,
}

/// The enabled accounts with this address (case-insensitive), in any partner: an address is
/// unique per partner, so a person who works for several partners has one in each.
#[tracing::instrument(skip_all)]
pub async fn accounts(db: &Db, email: &str) -> anyhow::Result<Vec<ResetAccount>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT u.id, p.id, p.name, u.email FROM users u JOIN partners p ON p.id = u.partner_id
         WHERE lower(u.email) = lower($1) AND u.disabled = 0
         ORDER BY u.created_at, u.id LIMIT 8",
    )
    .bind(email.trim())
    .fetch_all(db.readers())
    .await
    .context("finding the accounts of an address")?;
    rows.into_iter()
        .map(|(user, partner, partner_name, email)| {
            Ok(ResetAccount {
                user_id: user.parse()?,
                partner_id: partner.parse()?,
                partner_name,
                email,
            })
        })
        .collect()
}

/// A new link for the account, unless it was sent `MAX_LINKS_PER_WINDOW` in the last
/// `RESET_MINUTES` (then `None`). Answers the token, for the e-mail only.
pub async fn issue_in(
    conn: &mut AnyConnection,
    account: &ResetAccount,
) -> Result<Option<String>, AppError> {
    let now = time::OffsetDateTime::now_utc();
    let window_start = crate::timestamp::format(now - time::Duration::minutes(RESET_MINUTES));
    let recent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM password_resets
         WHERE partner_id = $1 AND user_id = $2 AND created_at > $3",
    )
    .bind(account.partner_id.to_string())
    .bind(account.user_id.to_string())
    .bind(&window_start)
    .fetch_one(&mut *conn)
    .await?;
    if recent >= MAX_LINKS_PER_WINDOW {
        return Ok(None);
    }
    let token = new_token();
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, partner_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(account.user_id.to_string())
    .bind(account.partner_id.to_string())
    .bind(crate::timestamp::format(now))
    .bind(crate::timestamp::format(
        now + time::Duration::minutes(RESET_MINUTES),
    ))
    .execute(&mut *conn)
    .await?;
    Ok(Some(token))
}

/// What a link's token turned out to be.
pub enum Redeemed {
    /// Open until now, and used by this call: the account's user.
    Account {
        user_id: Uuid,
    },
    Used,
    Expired,
    Unknown,
}

/// Uses the link, if it is open: one conditional update, so of two concurrent uses one wins.
/// Every other open link of the same user is closed with it (an older e-mail's link must not
/// undo the new password).
pub async fn redeem(conn: &mut AnyConnection, token: &str) -> Result<Redeemed, AppError> {
    let hash = token_hash(token);
    let now = crate::timestamp::now();
    let won: Option<(String, String)> = sqlx::query_as(
        "UPDATE password_resets SET used_at = $1
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id, partner_id",
    )
    .bind(&now)
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((user_id, partner_id)) = won {
        sqlx::query(
            "UPDATE password_resets SET used_at = $1
             WHERE partner_id = $2 AND user_id = $3 AND used_at IS NULL",
        )
        .bind(&now)
        .bind(&partner_id)
        .bind(&user_id)
        .execute(&mut *conn)
        .await?;
        return Ok(Redeemed::Account {
            user_id: user_id.parse().context("stored user id")?,
        });
    }
    let found: Option<(Option<String>,)> =
        sqlx::query_as("SELECT used_at FROM password_resets WHERE token_hash = $1")
            .bind(&hash)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(match found {
        Some((Some(_),)) => Redeemed::Used,
        Some((None,)) => Redeemed::Expired,
        None => Redeemed::Unknown,
    })
}
