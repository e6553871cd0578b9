//! The partner's customers that may be the same company as a new one, by the similarity keys
//! every profile write stores (`name_key`, `email_domain`: see `shared::similar`).

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use shared::similar::{company_name_key, email_domain_key, SimilarCustomer, SimilarReason};
use uuid::Uuid;

/// A customer's similarity keys, as stored.
#[derive(sqlx::FromRow)]
pub struct SimilarityKeys {
    pub id: String,
    pub company_name: String,
    pub name_key: String,
    pub email_domain: String,
}

impl SimilarityKeys {
    /// This customer as the answer to a row with these keys, when it is similar: the same
    /// name before the same e-mail domain. Empty keys match nothing.
    pub fn similar_to(&self, name_key: &str, email_domain: &str) -> Option<SimilarCustomer> {
        let reason = if !name_key.is_empty() && self.name_key == name_key {
            SimilarReason::SameName
        } else if !email_domain.is_empty() && self.email_domain == email_domain {
            SimilarReason::SameEmailDomain
        } else {
            return None;
        };
        Some(SimilarCustomer {
            id: Uuid::parse_str(&self.id).ok()?,
            company_name: self.company_name.clone(),
            reason,
        })
    }
}

/// The partner's customers with this name key or e-mail domain (either may be empty: then it
/// matches nothing), the same name first, at most `limit`.
pub async fn similar(
    db: &Db,
    ctx: &Ctx,
    name_key: &str,
    email_domain: &str,
    limit: usize,
) -> Result<Vec<SimilarCustomer>, AppError> {
    if name_key.is_empty() && email_domain.is_empty() {
        return Ok(Vec::new());
    }
    // Both conditions are always written: an empty key is bound as NULL, which equals nothing
    // in either database (rows store '' for "nothing to compare").
    let rows: Vec<SimilarityKeys> = sqlx::query_as(
        "SELECT id, company_name, name_key, email_domain FROM customers
         WHERE partner_id = $1 AND (name_key = $2 OR email_domain = $3)
         ORDER BY CASE WHEN name_key = $2 THEN 0 ELSE 1 END, company_name, id LIMIT $4",
    )
    .bind(ctx.partner_id.to_string())
    .bind(non_empty(name_key))
    .bind(non_empty(email_domain))
    .bind(limit as i64)
    .fetch_all(db.readers())
    .await?;
    Ok(rows
        .iter()
        .filter_map(|row| row.similar_to(name_key, email_domain))
        .collect())
}

/// `None` (SQL NULL, equal to nothing) for an empty key.
fn non_empty(key: &str) -> Option<&str> {
    (!key.is_empty()).then_some(key)
}

/// Every customer of the partner with its keys (an import compares each row with them).
pub async fn similarity_keys(db: &Db, ctx: &Ctx) -> Result<Vec<SimilarityKeys>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, company_name, name_key, email_domain FROM customers
         WHERE partner_id = $1 AND (name_key <> '' OR email_domain <> '')",
    )
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?)
}

/// Fills the keys of rows stored before they existed (start-up; any node may run it at the
/// same time as another: each writes the same values).
pub async fn fill_similarity_keys(db: &Db) -> anyhow::Result<()> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, company_name, contact_email FROM customers
         WHERE name_key IS NULL OR email_domain IS NULL",
    )
    .fetch_all(db.readers())
    .await?;
    if rows.is_empty() {
        return Ok(());
    }
    for chunk in rows.chunks(500) {
        let mut tx = db.write().await?;
        for (id, company_name, email) in chunk {
            sqlx::query("UPDATE customers SET name_key = $1, email_domain = $2 WHERE id = $3")
                .bind(company_name_key(company_name))
                .bind(email_domain_key(email))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
    tracing::info!(rows = rows.len(), "similarity keys filled");
    Ok(())
}
