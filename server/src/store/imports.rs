//! Import jobs: a checked file waiting for its commit, then the commit's progress. In the
//! database (`import_jobs`), so a preview costs no memory while it waits and every node can
//! commit it or report on it.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use shared::import::ImportProgress;
use sqlx::AnyConnection;
use uuid::Uuid;

/// How long a preview waits for its commit, and a finished import's progress stays readable.
pub const KEPT_FOR: time::Duration = time::Duration::hours(1);

/// Previews one user may have waiting at once — two tabs, each checking a file, both commit;
/// past this their oldest goes.
pub const WAITING_PER_USER: i64 = 3;

/// Previews one partner may have waiting at once; past this the oldest goes.
pub const WAITING_PER_PARTNER: i64 = 5;

/// A file as a preview keeps it: deflated. A CSV export shrinks to about a sixth, and the
/// database's buffers for it with it (a 2 MB text column left megabytes resident per connection
/// thread after each upload).
pub struct PackedFile(Vec<u8>);

impl PackedFile {
    pub fn pack(text: &str) -> Self {
        use std::io::Write;
        let mut encoder = flate2::write::DeflateEncoder::new(
            Vec::with_capacity(text.len() / 4),
            flate2::Compression::fast(),
        );
        encoder
            .write_all(text.as_bytes())
            .expect("deflating into memory can't fail");
        Self(encoder.finish().expect("deflating into memory can't fail"))
    }

    /// The text again; an error for bytes that aren't a packed UTF-8 file (a damaged row).
    pub fn unpack(&self) -> Result<String, AppError> {
        use std::io::Read;
        let mut text = String::new();
        flate2::read::DeflateDecoder::new(self.0.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| anyhow::anyhow!("a kept import file doesn't unpack: {e}"))?;
        Ok(text)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn expired_before_now() -> String {
    crate::timestamp::now()
}

/// Keeps `file` as a waiting preview of the user's: their oldest past [`WAITING_PER_USER`] go,
/// the partner's oldest past [`WAITING_PER_PARTNER`] too, and so does every expired job of the
/// partner (what previews keep stays bounded). `ready` is the number of rows the check found
/// ready.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, import_id = %id))]
pub async fn keep_preview(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    file: &PackedFile,
    ready: u32,
) -> Result<(), AppError> {
    let partner = ctx.partner_id.to_string();
    let now = time::OffsetDateTime::now_utc();
    let mut tx = db.write().await?;
    sqlx::query(
        "DELETE FROM import_jobs WHERE partner_id = $1 AND state <> 'committing'
            AND expires_at < $2",
    )
    .bind(&partner)
    .bind(expired_before_now())
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM import_jobs WHERE id IN (
            SELECT id FROM import_jobs WHERE partner_id = $1 AND user_id = $2
                AND state = 'previewed'
            ORDER BY created_at DESC, id LIMIT 1000 OFFSET $3)",
    )
    .bind(&partner)
    .bind(ctx.user_id.to_string())
    .bind(WAITING_PER_USER - 1)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM import_jobs WHERE id IN (
            SELECT id FROM import_jobs WHERE partner_id = $1 AND state = 'previewed'
            ORDER BY created_at DESC, id LIMIT 1000 OFFSET $2)",
    )
    .bind(&partner)
    .bind(WAITING_PER_PARTNER - 1)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO import_jobs (id, partner_id, user_id, state, packed_file, created_at,
            expires_at, total)
         VALUES ($1, $2, $3, 'previewed', $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(&partner)
    .bind(ctx.user_id.to_string())
    .bind(file.0.as_slice())
    .bind(crate::timestamp::format(now))
    .bind(crate::timestamp::format(now + KEPT_FOR))
    .bind(i64::from(ready))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What taking a preview for its commit found.
pub enum Claim {
    /// No such job of the partner's (or it expired, or a newer upload replaced it).
    Unknown,
    /// Another request (on any node) took it first.
    AlreadyCommitted,
    /// Taken: its file, now dropped from the table.
    Taken(PackedFile),
}

/// Takes a waiting preview for its commit, once: of concurrent commits on any node, one gets
/// the file.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, import_id = %id))]
pub async fn claim(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Claim, AppError> {
    let mut tx = db.write().await?;
    let row: Option<(String, Option<Vec<u8>>, String)> = sqlx::query_as(
        "SELECT state, packed_file, expires_at FROM import_jobs
         WHERE partner_id = $1 AND id = $2",
    )
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let claim = match row {
        None => Claim::Unknown,
        Some((state, _, expires_at))
            if state == "previewed" && expires_at < expired_before_now() =>
        {
            Claim::Unknown
        }
        Some((state, Some(file), _)) if state == "previewed" => {
            sqlx::query(
                "UPDATE import_jobs SET state = 'committing', packed_file = NULL, expires_at = $1
                 WHERE partner_id = $2 AND id = $3",
            )
            .bind(crate::timestamp::format(
                time::OffsetDateTime::now_utc() + KEPT_FOR,
            ))
            .bind(ctx.partner_id.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
            Claim::Taken(PackedFile(file))
        }
        Some(_) => Claim::AlreadyCommitted,
    };
    tx.commit().await?;
    Ok(claim)
}

/// Records the commit's progress, inside the transaction of the batch it reports.
pub async fn record_progress(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    progress: &ImportProgress,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE import_jobs SET state = $1, total = $2, done = $3, imported = $4, skipped = $5,
            failed = $6
         WHERE partner_id = $7 AND id = $8",
    )
    .bind(if progress.finished {
        "finished"
    } else {
        "committing"
    })
    .bind(i64::from(progress.total))
    .bind(i64::from(progress.done))
    .bind(i64::from(progress.imported))
    .bind(i64::from(progress.skipped))
    .bind(i64::from(progress.failed))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// The job's progress; `None` when the partner has no such job.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, import_id = %id))]
pub async fn progress(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Option<ImportProgress>, AppError> {
    let row: Option<(String, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT state, total, done, imported, skipped, failed FROM import_jobs
         WHERE partner_id = $1 AND id = $2",
    )
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db.readers())
    .await?;
    Ok(row.map(
        |(state, total, done, imported, skipped, failed)| ImportProgress {
            total: total as u32,
            done: done as u32,
            imported: imported as u32,
            skipped: skipped as u32,
            failed: failed as u32,
            finished: state == "finished",
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::PackedFile;

    #[test]
    fn a_packed_file_unpacks_to_the_same_text_at_a_fraction_of_its_size() {
        let text: String = (0..20_000)
            .map(|i| format!("Customer {i} 有限公司,CN,up{i},{i} 中山路,,,上海,SH,200000\n"))
            .collect();
        let packed = PackedFile::pack(&text);
        assert!(
            packed.len() * 4 < text.len(),
            "{} of {}",
            packed.len(),
            text.len()
        );
        assert_eq!(packed.unpack().unwrap(), text);
        assert_eq!(PackedFile::pack("").unpack().unwrap(), "");
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        assert!(PackedFile(b"not deflate at all".to_vec()).unpack().is_err());
        let mut packed = PackedFile::pack("company_name\nContoso\n");
        packed.0.truncate(packed.0.len() / 2);
        assert!(packed.unpack().is_err());
    }
}
