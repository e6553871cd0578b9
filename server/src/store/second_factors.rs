//! Users' second factors: the authenticator app's sealed secret (and the one awaiting its first
//! code during enrolment), the last step a code was accepted for, and the recovery codes'
//! hashes. Every function takes the `Ctx` and filters by its partner.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use shared::second_factor::PasskeyInfo;
use uuid::Uuid;

/// The signed-in user's authenticator: its sealed secret and the last step a code was accepted
/// for; `None` without one.
pub async fn authenticator(db: &Db, ctx: &Ctx) -> Result<Option<(String, i64)>, AppError> {
    let row: Option<(Option<String>, i64)> = sqlx::query_as(
        "SELECT authenticator_secret, authenticator_last_step FROM users
         WHERE partner_id = $1 AND id = $2",
    )
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .fetch_optional(db.readers())
    .await?;
    Ok(row.and_then(|(secret, step)| secret.map(|s| (s, step))))
}

/// Records that a code of `step` was used, if no code of this or a later step was: `false`
/// when one was (a replay, or two requests racing with the same code — one of them wins).
pub async fn accept_step<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    step: i64,
) -> Result<bool, AppError> {
    let result = sqlx::query(
        "UPDATE users SET authenticator_last_step = $1
         WHERE partner_id = $2 AND id = $3 AND authenticator_last_step < $1",
    )
    .bind(step)
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Keeps a new secret awaiting its first code (replacing an earlier unconfirmed one). `false`
/// when the user has an authenticator already.
pub async fn set_pending<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    sealed: &str,
) -> Result<bool, AppError> {
    let result = sqlx::query(
        "UPDATE users SET authenticator_pending = $1
         WHERE partner_id = $2 AND id = $3 AND authenticator_secret IS NULL",
    )
    .bind(sealed)
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// The secret awaiting its first code, if enrolment was started and nothing is enrolled yet.
pub async fn pending(db: &Db, ctx: &Ctx) -> Result<Option<String>, AppError> {
    let pending: Option<Option<String>> = sqlx::query_scalar(
        "SELECT authenticator_pending FROM users
         WHERE partner_id = $1 AND id = $2 AND authenticator_secret IS NULL",
    )
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .fetch_optional(db.readers())
    .await?;
    Ok(pending.flatten())
}

/// Makes the pending secret (if it is still `sealed`) the user's authenticator, its first code's
/// step used. `false` when it changed meanwhile (another start, another confirmation).
pub async fn enrol<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    sealed: &str,
    step: i64,
) -> Result<bool, AppError> {
    let result = sqlx::query(
        "UPDATE users SET authenticator_secret = authenticator_pending,
                authenticator_pending = NULL, authenticator_last_step = $1
         WHERE partner_id = $2 AND id = $3 AND authenticator_secret IS NULL
           AND authenticator_pending = $4",
    )
    .bind(step)
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .bind(sealed)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Replaces the user's recovery codes with these hashes.
pub async fn replace_recovery_codes(
    tx: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    hashes: &[String],
) -> Result<(), AppError> {
    let user_id = own_user(&mut *tx, ctx).await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(&user_id)
        .execute(&mut *tx)
        .await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(&user_id)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// The signed-in user's id, checked to be the partner's (the recovery code table has no
/// partner column: its rows are reached through the user).
async fn own_user(conn: &mut sqlx::AnyConnection, ctx: &Ctx) -> Result<String, AppError> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE partner_id = $1 AND id = $2")
            .bind(ctx.partner_id.to_string())
            .bind(ctx.user_id.to_string())
            .fetch_optional(conn)
            .await?;
    id.ok_or(AppError::NotFound)
}

/// Uses one of the user's recovery codes: `false` when no unused code has this hash (wrong,
/// or used already — also by a request racing this one).
pub async fn use_recovery_code<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    hash: &str,
) -> Result<bool, AppError> {
    let result = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1
         WHERE user_id = (SELECT id FROM users WHERE partner_id = $2 AND id = $3)
           AND code_hash = $4 AND used_at IS NULL",
    )
    .bind(crate::timestamp::now())
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .bind(hash)
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Whether the signed-in user has an authenticator, and how many recovery codes are unused.
pub async fn status(db: &Db, ctx: &Ctx) -> Result<(bool, u32), AppError> {
    let (enrolled, left): (i64, i64) = sqlx::query_as(
        "SELECT CASE WHEN u.authenticator_secret IS NULL THEN 0 ELSE 1 END,
                (SELECT COUNT(*) FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL)
         FROM users u WHERE u.partner_id = $1 AND u.id = $2",
    )
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .fetch_one(db.readers())
    .await?;
    Ok((enrolled == 1, u32::try_from(left).unwrap_or(0)))
}

/// Removes a user's second factors (an administrator's reset) and starts a new session epoch,
/// which ends the user's sessions. `false` when the user isn't the partner's.
pub async fn reset(
    tx: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    user_id: Uuid,
) -> Result<bool, AppError> {
    let result = sqlx::query(
        "UPDATE users SET authenticator_secret = NULL, authenticator_pending = NULL,
                authenticator_last_step = 0, session_epoch = session_epoch + 1
         WHERE partner_id = $1 AND id = $2",
    )
    .bind(ctx.partner_id.to_string())
    .bind(user_id.to_string())
    .execute(&mut *tx)
    .await?;
    if result.rows_affected() != 1 {
        return Ok(false);
    }
    for table in ["recovery_codes", "passkeys"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(user_id.to_string())
            .execute(&mut *tx)
            .await?;
    }
    Ok(true)
}

/// A stored passkey: what its owner sees, and the credential as the WebAuthn library keeps it
/// (JSON).
pub struct StoredPasskey {
    pub info: PasskeyInfo,
    pub credential: String,
}

#[derive(sqlx::FromRow)]
struct PasskeyRow {
    id: String,
    name: String,
    credential: String,
    created_at: String,
    last_used_at: Option<String>,
}

/// The signed-in user's passkeys, oldest first.
pub async fn passkeys(db: &Db, ctx: &Ctx) -> Result<Vec<StoredPasskey>, AppError> {
    let rows: Vec<PasskeyRow> = sqlx::query_as(
        "SELECT k.id, k.name, k.credential, k.created_at, k.last_used_at
         FROM passkeys k JOIN users u ON u.id = k.user_id
         WHERE u.partner_id = $1 AND u.id = $2
         ORDER BY k.created_at, k.id",
    )
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .fetch_all(db.readers())
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| StoredPasskey {
            info: PasskeyInfo {
                id: r.id,
                name: r.name,
                created_at: r.created_at,
                last_used_at: r.last_used_at,
            },
            credential: r.credential,
        })
        .collect())
}

/// Adds a passkey of the signed-in user; `false` when one with this credential id exists (a
/// registration sent twice).
pub async fn insert_passkey(
    tx: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    info: &PasskeyInfo,
    credential: &str,
) -> Result<bool, AppError> {
    let user_id = own_user(&mut *tx, ctx).await?;
    let result = sqlx::query(
        "INSERT INTO passkeys (id, user_id, name, credential, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&info.id)
    .bind(user_id)
    .bind(&info.name)
    .bind(credential)
    .bind(&info.created_at)
    .execute(&mut *tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Records a sign-in with the passkey: its updated credential (signature counter) and when.
pub async fn passkey_used<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    id: &str,
    credential: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE passkeys SET credential = $1, last_used_at = $2
         WHERE id = $3 AND user_id = (SELECT id FROM users WHERE partner_id = $4 AND id = $5)",
    )
    .bind(credential)
    .bind(crate::timestamp::now())
    .bind(id)
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .execute(db)
    .await?;
    Ok(())
}

/// Removes one of the signed-in user's passkeys; `false` when it isn't theirs.
pub async fn delete_passkey<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    id: &str,
) -> Result<bool, AppError> {
    let result = sqlx::query(
        "DELETE FROM passkeys
         WHERE id = $1 AND user_id = (SELECT id FROM users WHERE partner_id = $2 AND id = $3)",
    )
    .bind(id)
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .execute(db)
    .await?;
    Ok(result.rows_affected() == 1)
}
