//! The audit log (global admins): filtered pages, and a CSV export that streams every match.
//! Read-only by construction: there is no route that changes an entry.

use crate::csv_export;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::state::AppState;
use crate::store::audit::{self, Filter};
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use futures_util::StreamExt;
use shared::access::Action;
use shared::audit::{AuditEntry, AuditPage, AuditQuery};
use shared::date::CalendarDate;
use shared::i18n::{Locale, Msg};
use shared::import::ExportEncoding;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::AuditLog);
    vec![
        ApiRoute::get("/audit", admins, list).doc(
            RouteDoc::new("Read the audit log")
                .query::<shared::audit::AuditQuery>()
                .answers::<shared::audit::AuditPage>(200, "A page of entries, newest first."),
        ),
        ApiRoute::get("/audit/export.csv", admins, export).doc(
            RouteDoc::new("Export the audit log")
                .query::<shared::audit::AuditQuery>()
                .answers_with(200, "The matching entries as CSV, streamed.", Payload::Csv),
        ),
    ]
}

/// Checks the date range: valid dates, `from` not after `to`.
fn filter(query: AuditQuery) -> Result<Filter, AppError> {
    let date = |value: &str| -> Result<Option<CalendarDate>, AppError> {
        if value.trim().is_empty() {
            return Ok(None);
        }
        CalendarDate::parse(value.trim())
            .map(Some)
            .map_err(|_| AppError::MalformedRequest {
                status: axum::http::StatusCode::BAD_REQUEST,
                message: format!("{value:?} is not a date like 2026-11-25"),
            })
    };
    let (from, to) = (date(&query.from)?, date(&query.to)?);
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            return Err(AppError::MalformedRequest {
                status: axum::http::StatusCode::BAD_REQUEST,
                message: "from is after to".into(),
            });
        }
    }
    Ok(Filter {
        from: from.map(|d| format!("{d}T00:00:00")),
        to_exclusive: to.map(|d| format!("{}T00:00:00", d.next_day())),
        query,
    })
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, AppError> {
    let filter = filter(query)?;
    Ok(Json(audit::list(&state.db, &ctx, &filter).await?))
}

fn entry_line(e: &AuditEntry, locale: Locale) -> Vec<u8> {
    let customer = e.customer_id.map(|c| c.to_string()).unwrap_or_default();
    csv_export::line(&[
        &e.at,
        &e.actor,
        locale.text(e.action.label()),
        e.action.as_str(),
        &format!("{} {}", e.object_type, e.object_id),
        &customer,
        e.before.as_deref().unwrap_or(""),
        e.after.as_deref().unwrap_or(""),
    ])
}

/// Every matching entry, newest first, streamed row by row (the log is never held in memory),
/// with headers in the asked language.
#[tracing::instrument(skip_all)]
async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Response, AppError> {
    let locale = csv_export::locale(query.lang.as_deref());
    let encoding = query.encoding.unwrap_or(ExportEncoding::ForExcel);
    let filter = filter(query)?;
    let header = csv_export::line(&[
        locale.text(Msg::ColWhen),
        locale.text(Msg::ColWho),
        locale.text(Msg::LabelAction),
        "code",
        locale.text(Msg::ColObject),
        locale.text(Msg::LabelCustomer),
        locale.text(Msg::ColBefore),
        locale.text(Msg::ColAfter),
    ]);
    let db = state.db.clone();
    Ok(csv_export::download(
        "partnerdesk-audit-log.csv",
        encoding,
        header,
        move |rows| async move {
            let sql = audit::export_sql();
            let mut entries = audit::bound(&sql, &ctx, &filter).fetch(db.readers());
            while let Some(row) = entries.next().await {
                let line = row
                    .map_err(anyhow::Error::new)
                    .and_then(AuditEntry::try_from)
                    .map(|entry| entry_line(&entry, locale));
                if !rows.send(line).await {
                    return;
                }
            }
        },
    ))
}
