//! Importing existing customers: the template, a preview of a CSV upload, its commit, and the
//! commit's progress as server-sent events.

use crate::csv_export;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiPath, ApiQuery};
use crate::import;
use crate::routes::{Access, ApiRoute};
use crate::startup::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Action;
use shared::import::{ImportPreview, ImportProgress};
use std::collections::HashMap;
use std::convert::Infallible;
use uuid::Uuid;

/// The largest file taken: 20,000 rows of a few hundred bytes each fit with room to spare.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

pub fn routes() -> Vec<ApiRoute> {
    let importers = Access::Allowed(Action::CreateCustomers);
    vec![
        ApiRoute::get("/imports/template.csv", importers, template),
        ApiRoute::post("/imports", importers, preview).with_body_limit(MAX_FILE_BYTES),
        ApiRoute::post("/imports/{id}/commit", importers, commit),
        ApiRoute::get("/imports/{id}", importers, progress),
        ApiRoute::get("/imports/{id}/events", importers, events),
    ]
}

/// `?lang=` of the template: the language of its headings.
#[derive(serde::Deserialize)]
struct TemplateQuery {
    lang: Option<String>,
}

#[tracing::instrument(skip_all)]
async fn template(ApiQuery(query): ApiQuery<TemplateQuery>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"partnerdesk-customers-template.csv\"",
            ),
        ],
        import::template(csv_export::locale(query.lang.as_deref())),
    )
        .into_response()
}

/// Checks an uploaded CSV file (the body, `text/csv`, UTF-8) and keeps it for commit.
#[tracing::instrument(skip_all)]
async fn preview(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<ImportPreview>, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // Not a form post: a cross-site form can't send text/csv without a preflight.
    if !content_type.starts_with("text/csv") {
        return Err(AppError::MalformedRequest {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: "Send the file as text/csv.".into(),
        });
    }
    let text = std::str::from_utf8(&body).map_err(|_| {
        AppError::field(
            shared::Field::File,
            shared::FieldError::InvalidFormat {
                hint: Some("UTF-8".into()),
            },
        )
    })?;
    let owners: HashMap<String, bool> = sqlx::query_as::<_, (String, bool)>(
        "SELECT domain_prefix, partner_id = ? FROM customers WHERE instance = ?",
    )
    .bind(ctx.partner_id.to_string())
    .bind(ctx.instance.as_str())
    .fetch_all(state.db.readers())
    .await?
    .into_iter()
    .collect();
    let rules = ctx.rule_context();
    let text = text.to_string();
    // Checking 20,000 rows takes a moment of CPU: keep it off the async workers.
    let checked = tokio::task::spawn_blocking(move || {
        import::check(&text, &rules, &|prefix| owners.get(prefix).copied())
    })
    .await
    .map_err(anyhow::Error::new)??;
    let preview = state.imports.add(&ctx, checked);
    tracing::info!(import_id = %preview.id, total = preview.total, ready = preview.ready, "import checked");
    Ok(Json(preview))
}

/// Starts writing the previewed rows; progress follows at `/events`.
#[tracing::instrument(skip_all)]
async fn commit(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<ImportProgress>), AppError> {
    let Some((rows, progress)) = state.imports.take(&ctx, id).ok_or(AppError::NotFound)? else {
        return Err(AppError::Conflict(
            "This import was already committed.".into(),
        ));
    };
    let first = progress.borrow().clone();
    let (db, mailer) = (state.db.clone(), state.mailer.clone());
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        let rows_count = rows.len();
        match import::commit(db, ctx, mailer.public_url.clone(), rows, progress.clone()).await {
            Ok(done) => {
                mailer.nudge();
                tracing::info!(import_id = %id, rows = rows_count, imported = done.imported,
                    skipped = done.skipped, failed = done.failed,
                    millis = started.elapsed().as_millis() as u64, "import committed");
            }
            Err(error) => {
                tracing::error!(import_id = %id, error = ?error, "import stopped");
                progress.send_modify(|p| p.finished = true);
            }
        }
    });
    Ok((StatusCode::ACCEPTED, Json(first)))
}

#[tracing::instrument(skip_all)]
async fn progress(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ImportProgress>, AppError> {
    let receiver = state.imports.watch(&ctx, id).ok_or(AppError::NotFound)?;
    let current = receiver.borrow().clone();
    Ok(Json(current))
}

/// Progress as server-sent events: the current state at once, then every change, until the
/// import has finished.
#[tracing::instrument(skip_all)]
async fn events(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, AppError> {
    let receiver = state.imports.watch(&ctx, id).ok_or(AppError::NotFound)?;
    let stream = futures_util::stream::unfold(
        (receiver, true, false),
        |(mut receiver, first, finished)| async move {
            if finished || (!first && receiver.changed().await.is_err()) {
                return None;
            }
            let current = receiver.borrow_and_update().clone();
            let event = Event::default()
                .event("progress")
                .json_data(&current)
                .unwrap_or_default();
            Some((
                Ok::<_, Infallible>(event),
                (receiver, false, current.finished),
            ))
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}
