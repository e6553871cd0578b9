//! Sign-in attempts per throttle key (an account, a client address), in the database: every
//! node counts the same attempts. Not partner data: the keys name who tries to sign in.

use crate::db::Db;
use crate::error::AppError;

/// A throttle key and how many attempts it may have in the window.
pub struct Limit<'a> {
    pub key: &'a str,
    pub max: i64,
}

/// Reserves an attempt under every limit at `now_ms`, or answers how long (ms) until the
/// busiest limit frees one. In one write transaction: concurrent attempts reserve one at a
/// time, so no more than `max` ever pass within a window, whatever the concurrency.
pub async fn reserve(
    db: &Db,
    attempt_id: &str,
    limits: &[Limit<'_>],
    now_ms: i64,
    window_ms: i64,
) -> Result<Result<(), i64>, AppError> {
    let since = now_ms - window_ms;
    let mut tx = db.write().await?;
    let mut wait_ms = None;
    for limit in limits {
        sqlx::query("DELETE FROM sign_in_attempts WHERE key = $1 AND at_ms <= $2")
            .bind(limit.key)
            .bind(since)
            .execute(&mut *tx)
            .await?;
        let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at_ms) FROM sign_in_attempts WHERE key = $1 AND at_ms > $2",
        )
        .bind(limit.key)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        if count >= limit.max {
            let frees_at = oldest.unwrap_or(now_ms) + window_ms;
            wait_ms = Some(wait_ms.unwrap_or(0).max(frees_at - now_ms));
        }
    }
    if let Some(wait) = wait_ms {
        tx.commit().await?;
        return Ok(Err(wait.max(1)));
    }
    for limit in limits {
        sqlx::query("INSERT INTO sign_in_attempts (attempt_id, key, at_ms) VALUES ($1, $2, $3)")
            .bind(attempt_id)
            .bind(limit.key)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// A successful attempt: its own rows go, and every earlier attempt on `account_key` (the
/// account's count starts over; the address keeps its other failures).
pub async fn succeeded(db: &Db, attempt_id: &str, account_key: &str) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM sign_in_attempts WHERE attempt_id = $1 OR key = $2")
        .bind(attempt_id)
        .bind(account_key)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
