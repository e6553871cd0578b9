//! Importing existing customers: the template, a preview of a CSV upload, its commit, and the
//! commit's progress as server-sent events.

use crate::csv_export;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiBytes, ApiPath, ApiQuery};
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::service::imports;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Action;
use shared::import::{ImportPreview, ImportProgress};
use std::convert::Infallible;
use uuid::Uuid;

/// The largest file taken: 20,000 rows of a few hundred bytes each fit with room to spare.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

pub fn routes() -> Vec<ApiRoute> {
    let importers = Access::Allowed(Action::CreateCustomers);
    vec![
        ApiRoute::get("/imports/template.csv", importers, template)
        .doc(
            RouteDoc::new("The import template")
                .query::<TemplateQuery>()
                .answers_with(200, "An empty CSV with the columns, headed in the language asked for.", Payload::Csv)
        ),
        ApiRoute::post("/imports", importers, preview)
        .doc(
            RouteDoc::new("Preview a CSV import")
                    .creates("/id", "/imports")
                .detail("The CSV file as the body (up to 16 MB); nothing is created until the preview is committed.")
                .csv_body()
                .answers::<shared::import::ImportPreview>(200, "Each row checked: what it would create, or its field errors.")
                .refused(413, "The file is over 16 MB.")
                .refused(415, "The body isn't CSV text.")
        ).with_body_limit(MAX_FILE_BYTES),
        ApiRoute::post("/imports/{id}/commit", importers, commit)
        .doc(
            RouteDoc::new("Commit an import")
                .answers::<shared::import::ImportProgress>(202, "Started; poll its progress.")
                .refused(409, "It was committed already.")
        ),
        ApiRoute::get("/imports/{id}", importers, progress)
        .doc(
            RouteDoc::new("An import's progress")
                .answers::<shared::import::ImportProgress>(200, "How far it is.")
        ),
        ApiRoute::get("/imports/{id}/events", importers, events)
        .doc(
            RouteDoc::new("An import's progress as events")
                .answers_with(200, "Server-sent events, one per progress step.", Payload::Events)
        ),
    ]
}

/// `?lang=` of the template: the language of its headings.
#[derive(serde::Deserialize, utoipa::ToSchema)]
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
        imports::template(csv_export::locale(query.lang.as_deref())),
    )
        .into_response()
}

/// Checks an uploaded CSV file (the body, `text/csv`, in any encoding `text_encoding::decode`
/// reads) and keeps it, as UTF-8, for commit.
#[tracing::instrument(skip_all)]
async fn preview(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
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
    let (text, encoding) = crate::text_encoding::decode(&body).ok_or_else(|| {
        AppError::field(
            shared::Field::File,
            shared::FieldError::InvalidFormat {
                hint: Some("UTF-8, UTF-16, GB18030".into()),
            },
        )
    })?;
    drop(body);
    // Composed (NFC) like every text the API takes; most files already are, and aren't copied.
    let text = match crate::extract::nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(composed) => composed,
    };
    let preview = imports::preview(&state.db, &ctx, text, encoding).await?;
    Ok(Json(preview))
}

/// Starts writing the previewed rows; progress follows at `/events`.
#[tracing::instrument(skip_all)]
async fn commit(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<ImportProgress>), AppError> {
    let first = imports::start_commit(&state.db, &state.mailer, ctx, id).await?;
    Ok((StatusCode::ACCEPTED, Json(first)))
}

#[tracing::instrument(skip_all)]
async fn progress(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ImportProgress>, AppError> {
    let current = crate::store::imports::progress(&state.db, &ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(current))
}

/// How often the event stream reads the import's progress (which the committing node — any
/// node — records with each batch).
const PROGRESS_POLL: std::time::Duration = std::time::Duration::from_millis(250);

/// Progress as server-sent events: the current state at once, then every change, until the
/// import has finished.
#[tracing::instrument(skip_all)]
async fn events(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, AppError> {
    let first = crate::store::imports::progress(&state.db, &ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let db = state.db.clone();
    let stream = futures_util::stream::unfold(
        (Some(first), None::<ImportProgress>),
        move |(next, last)| {
            let (db, ctx) = (db.clone(), ctx.clone());
            async move {
                if last.as_ref().is_some_and(|p| p.finished) {
                    return None;
                }
                let mut current = next;
                while current.is_none() || current == last {
                    tokio::time::sleep(PROGRESS_POLL).await;
                    current = match crate::store::imports::progress(&db, &ctx, id).await {
                        Ok(Some(progress)) => Some(progress),
                        // Gone (expired) or unreadable: the stream ends.
                        Ok(None) | Err(_) => return None,
                    };
                }
                let current = current.expect("read above");
                let event = Event::default()
                    .event("progress")
                    .json_data(&current)
                    .unwrap_or_default();
                Some((Ok::<_, Infallible>(event), (None, Some(current))))
            }
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}
