//! The two-character search index (`customers_pairs`, migration 0008): SQL can't cut text
//! into pairs, so the server writes each row's entry; and FTS5 phrase quoting.

use crate::db::{backend_of, Backend, Db};
use crate::error::AppError;
use anyhow::anyhow;
use sqlx::AnyConnection;

/// The trigram index finds substrings of 3 characters or more; shorter searches (two Chinese
/// characters, say) scan the partner's rows with LIKE instead.
pub(super) const TRIGRAM: usize = 3;

/// The searched fields' two-character windows, lower-cased, each hex-encoded as one ASCII token
/// (so punctuation and Chinese are tokens like any other), distinct, space-separated: what
/// `customers_pairs` indexes (migration 0008).
fn pair_tokens(fields: [&str; 3]) -> String {
    let mut tokens = std::collections::BTreeSet::new();
    for field in fields {
        let chars: Vec<char> = field.to_lowercase().chars().collect();
        for pair in chars.windows(2) {
            tokens.insert(pair_token(pair[0], pair[1]));
        }
    }
    tokens.into_iter().collect::<Vec<_>>().join(" ")
}

fn pair_token(a: char, b: char) -> String {
    let mut bytes = [0u8; 8];
    let len = a.encode_utf8(&mut bytes).len();
    let len = len + b.encode_utf8(&mut bytes[len..]).len();
    bytes[..len].iter().map(|b| format!("{b:02x}")).collect()
}

/// The token of a two-character search (after lower-casing), else `None`.
pub(super) fn pair_search(text: &str) -> Option<String> {
    let chars: Vec<char> = text.to_lowercase().chars().collect();
    match chars.as_slice() {
        [a, b] => Some(pair_token(*a, *b)),
        _ => None,
    }
}

/// Writes new customer `id`'s entry in the two-character index, in the caller's transaction.
/// SQLite only: PostgreSQL finds short substrings with ILIKE (migrations/postgres).
pub(super) async fn index_pairs(
    conn: &mut AnyConnection,
    id: &str,
    fields: [&str; 3],
) -> Result<(), AppError> {
    if backend_of(conn) != Backend::Sqlite {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO customers_pairs (rowid, pairs) SELECT rowid, $2 FROM customers WHERE id = $1",
    )
    .bind(id)
    .bind(pair_tokens(fields))
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces customer `id`'s entry after its company name or contact e-mail changed (the
/// primary domain never changes).
pub(super) async fn reindex_pairs(
    conn: &mut AnyConnection,
    id: &str,
    company_name: &str,
    contact_email: &str,
) -> Result<(), AppError> {
    if backend_of(conn) != Backend::Sqlite {
        return Ok(());
    }
    let (rowid, domain_prefix): (i64, String) =
        sqlx::query_as("SELECT rowid, domain_prefix FROM customers WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query("DELETE FROM customers_pairs WHERE rowid = $1")
        .bind(rowid)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO customers_pairs (rowid, pairs) VALUES ($1, $2)")
        .bind(rowid)
        .bind(pair_tokens([company_name, &domain_prefix, contact_email]))
        .execute(conn)
        .await?;
    Ok(())
}

/// Indexes the rows stored before migration 0008, once, in one transaction (an interrupted run
/// is simply done again at the next start).
pub async fn build_pair_index(db: &Db) -> anyhow::Result<()> {
    if db.backend() != Backend::Sqlite {
        return Ok(());
    }
    let built: i64 = sqlx::query_scalar("SELECT built FROM customers_pairs_state")
        .fetch_one(db.readers())
        .await?;
    if built != 0 {
        return Ok(());
    }
    let mut tx = db.write().await?;
    sqlx::query("INSERT INTO customers_pairs (customers_pairs) VALUES ('delete-all')")
        .execute(&mut *tx)
        .await?;
    let rows: Vec<(String, String, String, String)> =
        sqlx::query_as("SELECT id, company_name, domain_prefix, contact_email FROM customers")
            .fetch_all(&mut *tx)
            .await?;
    for (id, company, domain, email) in &rows {
        index_pairs(&mut tx, id, [company, domain, email])
            .await
            .map_err(|e| anyhow!("indexing customer pairs: {e:?}"))?;
    }
    sqlx::query("UPDATE customers_pairs_state SET built = 1")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    if !rows.is_empty() {
        tracing::info!(rows = rows.len(), "two-character search index built");
    }
    Ok(())
}

/// An FTS5 query matching `text` as one literal phrase (quotes doubled), so operators typed by
/// the user are just text.
pub(super) fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_every_two_character_window_lower_cased() {
        assert_eq!(pair_token('a', 'b'), "6162");
        assert_eq!(pair_token('云', '帆'), "e4ba91e5b886");
        let tokens = pair_tokens(["AbA", "", "云帆"]);
        // "ab", "ba" (once each, though "AbA" has "ab" and "ba"), "云帆".
        assert_eq!(tokens, "6162 6261 e4ba91e5b886");
        assert_eq!(pair_search("AB"), Some("6162".into()));
        assert_eq!(pair_search("云帆"), Some("e4ba91e5b886".into()));
        assert_eq!(pair_search("a"), None);
        assert_eq!(pair_search("abc"), None);
    }
}
