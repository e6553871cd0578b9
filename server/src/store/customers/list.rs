//! The customer list: filters, search, sort, keyset cursors, counts, the CSV export and the
//! dashboard's figures.

use super::*;
use crate::ctx::Ctx;
use crate::db::{Backend, Db};
use crate::error::AppError;
use crate::store::sql::Sql;
use anyhow::Context;
use shared::api::{CustomerList, CustomerListQuery, CustomerSort, CustomerSummary, SortDir};
use shared::customer::{CompanyName, DomainPrefix};
use shared::date::CalendarDate;
use shared::instance::{CloudInstance, ProgramRole};
use shared::regions::CountryCode;
use shared::relationship::Relationship;
use uuid::Uuid;

/// The columns of a list row: only what `CustomerSummary` shows, so a page of the list reads
/// and checks a dozen values per customer instead of thirty.
const SUMMARY_COLUMNS: &str = concat!(
    "id, instance, company_name, country, domain_prefix, relationship, created_at,
    indirect_reseller_id, partner_id, ",
    channel_columns!()
);

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    instance: String,
    company_name: String,
    country: String,
    domain_prefix: String,
    relationship: String,
    created_at: String,
    indirect_reseller_id: Option<String>,
    partner_id: String,
    reseller_name: Option<String>,
    provider_name: Option<String>,
}

impl TryFrom<SummaryRow> for CustomerSummary {
    type Error = anyhow::Error;

    fn try_from(r: SummaryRow) -> anyhow::Result<Self> {
        let instance = CloudInstance::parse(&r.instance).context("stored instance")?;
        let domain_prefix = checked("domain_prefix", DomainPrefix::parse(&r.domain_prefix))?;
        Ok(CustomerSummary {
            id: r.id.parse()?,
            company_name: checked("company_name", CompanyName::parse(&r.company_name))?,
            domain: domain_prefix.domain(instance),
            country: checked("country", CountryCode::parse(&r.country))?,
            relationship: Relationship::parse(&r.relationship).context("stored relationship")?,
            channel: channel_of(
                &r.partner_id,
                r.indirect_reseller_id.as_deref(),
                r.reseller_name,
                r.provider_name,
            )?,
            created_at: r.created_at,
        })
    }
}

/// `%text%` with LIKE's wildcards in the text escaped; `None` for an empty search.
pub fn like_pattern(search: &str) -> Option<String> {
    let text = search.trim();
    if text.is_empty() {
        return None;
    }
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    Some(format!("%{escaped}%"))
}

/// The sort column's SQL: company names in ASCII-case-insensitive order (SQLite's `NOCASE`;
/// `lower()` over the "C" collation on PostgreSQL, which its index is built on).
fn sort_column(backend: Backend, sort: CustomerSort) -> &'static str {
    match sort {
        CustomerSort::Created => "created_at",
        CustomerSort::Company => match backend {
            Backend::Sqlite => "company_name COLLATE NOCASE",
            Backend::Postgres => "lower(company_name)",
        },
        CustomerSort::Domain => "domain_prefix",
        CustomerSort::Country => "country",
        CustomerSort::Relationship => "relationship",
    }
}

impl SummaryRow {
    /// The stored value the row is sorted by: the cursor's key.
    fn sort_value(&self, sort: CustomerSort) -> String {
        match sort {
            CustomerSort::Created => &self.created_at,
            CustomerSort::Company => &self.company_name,
            CustomerSort::Domain => &self.domain_prefix,
            CustomerSort::Country => &self.country,
            CustomerSort::Relationship => &self.relationship,
        }
        .clone()
    }
}

/// A keyset cursor: the sort value and the id of a row, hex-encoded (opaque to clients, safe
/// in a URL).
fn encode_cursor(value: &str, id: Uuid) -> String {
    let hex: String = value.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{hex}.{}", id.simple())
}

fn decode_cursor(cursor: &str) -> Option<(String, Uuid)> {
    let (hex, id) = cursor.split_once('.')?;
    if hex.len() % 2 != 0 || hex.len() > 2_000 {
        return None;
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    Some((String::from_utf8(bytes).ok()?, Uuid::parse_str(id).ok()?))
}

/// A list query that can't be answered: a malformed cursor or date.
pub fn bad_query(message: &str) -> AppError {
    AppError::MalformedRequest {
        status: axum::http::StatusCode::BAD_REQUEST,
        message: message.to_string(),
    }
}

/// What an indexed search's query walks: the search's matches (then sorts them), or the
/// partner's index in the sort order (checking each row against the matches).
#[derive(Clone, Copy, PartialEq)]
enum Walk {
    Matches,
    SortIndex,
}

/// From this many matches on, walking the sort order finds a page sooner than sorting them all
/// (measured at 100,000 customers: 2,000 matches take 14 ms sorted, 4 ms walked; one match
/// takes 1 ms found, 43 ms walked).
const WALK_SORT_INDEX_FROM: u64 = 500;

/// The count says how selective the search and filters are.
fn walk_for(total: u64, capped: bool) -> Walk {
    if capped || total >= WALK_SORT_INDEX_FROM {
        Walk::SortIndex
    } else {
        Walk::Matches
    }
}

/// Appends the partner scope and the query's filters and search to a statement that ends in
/// `WHERE `.
fn push_filters(
    qb: &mut Sql,
    backend: Backend,
    ctx: &Ctx,
    query: &CustomerListQuery,
    walk: Walk,
) -> Result<(), AppError> {
    let partner = ctx.partner_id.to_string();
    let text = query.q.trim();
    let pair = match backend {
        Backend::Sqlite => pair_search(text),
        Backend::Postgres => None,
    };
    let indexed_search =
        backend == Backend::Sqlite && (text.chars().count() >= TRIGRAM || pair.is_some());
    // The matches drive the query: `+` keeps SQLite from walking the partner's index instead
    // (checking 100,000 rows against a handful of matches).
    let plus = if indexed_search && walk == Walk::Matches {
        "+"
    } else {
        ""
    };
    qb.push("(");
    for (n, column) in scope_columns(ctx).iter().enumerate() {
        if n > 0 {
            qb.push(" OR ");
        }
        qb.push(format!("{plus}{column} = "))
            .push_bind(partner.clone());
    }
    qb.push(")");
    if let Some(r) = query.relationship {
        qb.push(" AND relationship = ").push_bind(r.as_str());
    }
    if let Some(country) = &query.country {
        let code = CountryCode::parse(country).map_err(|_| bad_query("country is not a code"))?;
        qb.push(" AND country = ").push_bind(code.to_string());
    }
    // Sorted by anything but the date, a range with many matches is checked while walking the
    // sort's index (`+` keeps SQLite off the date index, which would sort every row in the
    // range: 275 ms for a year of 100,000 customers); a few matches are found and sorted.
    let date = if walk == Walk::SortIndex
        && query.sort != CustomerSort::Created
        && backend == Backend::Sqlite
    {
        "+created_at"
    } else {
        "created_at"
    };
    if let Some(from) = &query.created_from {
        let day = CalendarDate::parse(from).map_err(|_| bad_query("created_from is YYYY-MM-DD"))?;
        qb.push(format!(" AND {date} >= "))
            .push_bind(day.to_string());
    }
    if let Some(to) = &query.created_to {
        let day = CalendarDate::parse(to).map_err(|_| bad_query("created_to is YYYY-MM-DD"))?;
        qb.push(format!(" AND {date} < "))
            .push_bind(day.next_day().to_string());
    }
    if let Some(reseller) = query.reseller {
        qb.push(" AND indirect_reseller_id = ")
            .push_bind(reseller.to_string());
    }
    if let Some(token) = pair {
        qb.push(" AND rowid IN (SELECT rowid FROM customers_pairs WHERE customers_pairs MATCH ")
            .push_bind(fts_phrase(&token))
            .push(")");
    } else if indexed_search {
        qb.push(" AND rowid IN (SELECT rowid FROM customers_search WHERE customers_search MATCH ")
            .push_bind(fts_phrase(text))
            .push(")");
    } else if let Some(pattern) = like_pattern(text) {
        // PostgreSQL: ILIKE (case-insensitive like SQLite's LIKE), through each column's
        // trigram index from three characters on (migrations/postgres).
        let like = match backend {
            Backend::Sqlite => " LIKE ",
            Backend::Postgres => " ILIKE ",
        };
        qb.push(" AND (company_name")
            .push(like)
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR domain_prefix")
            .push(like)
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR contact_email")
            .push(like)
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
    Ok(())
}

/// How many customers the list matches, and whether that is the cap. The whole list (or one
/// state of it) comes from the trigger-kept `customer_counts`; anything narrower is counted up
/// to `COUNT_CAP` + 1.
async fn count(
    conn: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    query: &CustomerListQuery,
) -> Result<(u64, bool), AppError> {
    let backend = crate::db::backend_of(conn);
    if !query.narrows_beyond_state() && ctx.program != ProgramRole::IndirectReseller {
        let n: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM customer_counts
             WHERE partner_id = $1 AND ($2 IS NULL OR relationship = $3)",
        )
        .bind(ctx.partner_id.to_string())
        .bind(query.relationship.map(Relationship::as_str))
        .bind(query.relationship.map(Relationship::as_str))
        .fetch_one(&mut *conn)
        .await?;
        return Ok((n.max(0) as u64, false));
    }
    let mut count = Sql::new("SELECT COUNT(*) FROM (SELECT 1 FROM customers WHERE ");
    push_filters(&mut count, backend, ctx, query, Walk::Matches)?;
    count
        .push(" LIMIT ")
        .push_bind(CustomerListQuery::COUNT_CAP as i64 + 1)
        .push(") AS matches");
    let (text, arguments) = count.into_parts();
    // A search is sent as an unprepared statement, planned with its pattern each time: a
    // prepared one turns generic on PostgreSQL after five runs, can't see the pattern, and walks
    // the date index through every row of the partner instead of the trigram indexes (148 ms
    // instead of 13 ms at 100,000 customers; the bench's search fell to 17 requests/s).
    let n: i64 = sqlx::query_scalar_with(&text, arguments)
        .persistent(!query.has_search())
        .fetch_one(conn)
        .await?;
    let n = n.max(0) as u64;
    Ok(if n > CustomerListQuery::COUNT_CAP {
        (CustomerListQuery::COUNT_CAP, true)
    } else {
        (n, false)
    })
}

/// One page of the partner's customers: filters, search, sort by any column, keyset cursors
/// (no OFFSET: the 1,000th page costs what the first does).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(db: &Db, ctx: &Ctx, query: &CustomerListQuery) -> Result<CustomerList, AppError> {
    let mut conn = db.readers().acquire().await?;
    let (total, total_capped) = count(&mut conn, ctx, query).await?;
    let walk = walk_for(total, total_capped);
    let backwards = query.before.is_some();
    let rows = page_statement(db.backend(), ctx, query, walk)?;
    let (text, arguments) = rows.into_parts();
    // Unprepared when searching, as the count above.
    let found: Vec<SummaryRow> = sqlx::query_as_with(&text, arguments)
        .persistent(!query.has_search())
        .fetch_all(&mut *conn)
        .await?;
    drop(conn);
    // Each with its sort value, as stored: the cursors' key.
    let mut customers = found
        .into_iter()
        .map(|row| {
            let key = row.sort_value(query.sort);
            CustomerSummary::try_from(row).map(|c| (key, c))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let more = customers.len() > query.per_page as usize;
    customers.truncate(query.per_page as usize);
    if backwards {
        customers.reverse();
    }
    let (has_prev, has_next) = if backwards {
        (more, true)
    } else {
        (query.after.is_some(), more)
    };
    let cursor = |(key, c): &(String, CustomerSummary)| encode_cursor(key, c.id);
    Ok(CustomerList {
        next: customers.last().filter(|_| has_next).map(cursor),
        prev: customers.first().filter(|_| has_prev).map(cursor),
        total,
        total_capped,
        per_page: query.per_page,
        items: customers.into_iter().map(|(_, c)| c).collect(),
    })
}

/// The statement of one page: filters, search, the cursor, the order, one row more than a page.
fn page_statement(
    backend: Backend,
    ctx: &Ctx,
    query: &CustomerListQuery,
    walk: Walk,
) -> Result<Sql, AppError> {
    let column = sort_column(backend, query.sort);
    // Walking backwards (a `before` cursor) reads in the opposite order, then flips the page.
    let backwards = query.before.is_some();
    let dir = if backwards {
        query.dir.flip()
    } else {
        query.dir
    };
    let (order, beyond) = match dir {
        SortDir::Asc => ("ASC", ">"),
        SortDir::Desc => ("DESC", "<"),
    };
    let mut rows = Sql::new(format!("SELECT {SUMMARY_COLUMNS} FROM customers WHERE "));
    push_filters(&mut rows, backend, ctx, query, walk)?;
    if let Some(cursor) = query.before.as_deref().or(query.after.as_deref()) {
        let (value, id) = decode_cursor(cursor).ok_or_else(|| bad_query("unknown cursor"))?;
        // The cursor's value goes through the same expression as the column.
        let (open, close) = match (backend, query.sort) {
            (Backend::Postgres, CustomerSort::Company) => ("lower(", ")"),
            _ => ("", ""),
        };
        rows.push(format!(" AND ({column}, id) {beyond} ({open}"))
            .push_bind(value)
            .push(format!("{close}, "))
            .push_bind(id.to_string())
            .push(")");
    }
    rows.push(format!(" ORDER BY {column} {order}, id {order} LIMIT "))
        .push_bind(i64::from(query.per_page) + 1);
    Ok(rows)
}

/// The database's plan for the first page of `query` (PostgreSQL's `EXPLAIN`, SQLite's
/// `EXPLAIN QUERY PLAN`) — the statement `list` runs, chosen by the same count — one line per
/// step: for tests and for looking into a slow search. On the caller's connection, so planner
/// settings made on it apply.
pub async fn explain_list(
    conn: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    query: &CustomerListQuery,
) -> Result<Vec<String>, AppError> {
    let backend = crate::db::backend_of(conn);
    let (total, capped) = count(conn, ctx, query).await?;
    let walk = walk_for(total, capped);
    let (text, arguments) = page_statement(backend, ctx, query, walk)?.into_parts();
    Ok(match backend {
        Backend::Postgres => {
            sqlx::query_scalar_with(&format!("EXPLAIN {text}"), arguments)
                .fetch_all(conn)
                .await?
        }
        Backend::Sqlite => {
            let steps: Vec<(i64, i64, i64, String)> =
                sqlx::query_as_with(&format!("EXPLAIN QUERY PLAN {text}"), arguments)
                    .fetch_all(conn)
                    .await?;
            steps.into_iter().map(|(.., detail)| detail).collect()
        }
    })
}

/// One row of the customer export.
#[derive(sqlx::FromRow)]
pub struct ExportRow {
    pub company_name: String,
    pub domain_prefix: String,
    pub instance: String,
    pub country: String,
    pub relationship: String,
    pub contact_first_name: String,
    pub contact_last_name: String,
    pub contact_email: String,
    pub created_at: String,
}

/// The statement of the CSV export: every customer matching the list's filters and search, in
/// the list's order. The caller streams it (`query_as_with::<_, ExportRow, _>(…).fetch`) so
/// nothing is collected in memory.
pub fn export_query(
    backend: Backend,
    ctx: &Ctx,
    query: &CustomerListQuery,
) -> Result<Sql, AppError> {
    let mut sql = Sql::new(
        "SELECT company_name, domain_prefix, instance, country, relationship, contact_first_name,
                contact_last_name, contact_email, created_at
         FROM customers WHERE ",
    );
    push_filters(&mut sql, backend, ctx, query, Walk::Matches)?;
    let order = match query.dir {
        SortDir::Asc => "ASC",
        SortDir::Desc => "DESC",
    };
    sql.push(format!(
        " ORDER BY {} {order}, id {order}",
        sort_column(backend, query.sort)
    ));
    Ok(sql)
}

/// (key, count) rows of a `GROUP BY`.
pub type Counts = Vec<(String, i64)>;

/// Counts for the dashboard: per relationship state, and new customers per month since
/// `since_month` (`YYYY-MM`).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn counts(db: &Db, ctx: &Ctx, since_month: &str) -> Result<(Counts, Counts), AppError> {
    // From the trigger-kept tallies (migrations 0014 / 0006): the partner's scope is its own
    // customers and, for a reseller, those it serves — `visible_to`, counted as they change.
    let by_state: Counts = sqlx::query_as(
        "SELECT relationship, CAST(SUM(n) AS BIGINT) FROM customer_tallies
         WHERE scope_id = $1 GROUP BY relationship",
    )
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    let by_month: Counts = sqlx::query_as(
        "SELECT month, CAST(SUM(n) AS BIGINT) FROM customer_tallies
         WHERE scope_id = $1 AND month >= $2 GROUP BY month",
    )
    .bind(ctx.partner_id.to_string())
    .bind(since_month)
    .fetch_all(db.readers())
    .await?;
    Ok((by_state, by_month))
}

/// How many of the partner's customers have a primary domain starting with `prefix` (the
/// generator's `gen…` customers).
pub async fn count_with_domain_prefix(db: &Db, ctx: &Ctx, prefix: &str) -> Result<u64, AppError> {
    let pattern = format!("{}%", prefix.replace(['%', '_', '\\'], ""));
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM customers WHERE partner_id = $1 AND domain_prefix LIKE $2",
    )
    .bind(ctx.partner_id.to_string())
    .bind(pattern)
    .fetch_one(db.readers())
    .await?;
    Ok(count as u64)
}
