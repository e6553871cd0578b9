//! Support requests: per customer and partner-wide, one with its thread, and its changes.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::service::support as service;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::{Action, Role};
use shared::support::{
    AssignRequest, Assignee, MoveRequest, NoteForm, SupportQuery, SupportRequest,
    SupportRequestForm, SupportRequestPage,
};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let access = Access::Allowed(Action::SupportRequests);
    vec![
        ApiRoute::get("/support-requests", access, list).doc(
            RouteDoc::new("List support requests")
                .detail("Newest first, 50 a page from `offset`; filtered by state, severity, overdue first answer, assignee (`none` for nobody) and customer.")
                .query::<SupportQuery>()
                .answers::<SupportRequestPage>(200, "A page of the requests and how many match."),
        ),
        ApiRoute::get("/support-requests/assignees", access, assignees).doc(
            RouteDoc::new("List who can be assigned support requests")
                .answers_list::<Assignee>("The partner's users who work on support requests."),
        ),
        ApiRoute::get("/support-requests/{id}", access, one).doc(
            RouteDoc::new("Read a support request")
                .answers::<SupportRequest>(200, "The request with its notes."),
        ),
        ApiRoute::post("/support-requests/{id}/notes", access, add_note).doc(
            RouteDoc::new("Add a note to a support request")
                .detail("The first note is the first answer (it stops the request being overdue).")
                .body::<NoteForm>()
                .answers::<SupportRequest>(200, "The request with its notes."),
        ),
        ApiRoute::post("/support-requests/{id}/state", access, move_to).doc(
            RouteDoc::new("Move a support request to another state")
                .detail("open → in progress ⇄ waiting for customer → resolved → closed; reopened within 14 days of its resolution. Resolving e-mails the customer's contact.")
                .body::<MoveRequest>()
                .answers::<SupportRequest>(200, "The request.")
                .refused(409, "Not a move from its state, or reopening too late."),
        ),
        ApiRoute::put("/support-requests/{id}/assignee", access, assign).doc(
            RouteDoc::new("Assign a support request")
                .body::<AssignRequest>()
                .answers::<SupportRequest>(200, "The request."),
        ),
        ApiRoute::get("/customers/{id}/support-requests", access, of_customer).doc(
            RouteDoc::new("List a customer's support requests")
                .answers_list::<SupportRequest>("The latest 500 requests, newest first."),
        ),
        ApiRoute::post("/customers/{id}/support-requests", access, open)
            .doc(
                RouteDoc::new("Open a support request for a customer")
                    .creates("/id", "/support-requests")
                    .detail("The customer's contact is told by e-mail, in the customer's language.")
                    .body::<SupportRequestForm>()
                    .answers::<SupportRequest>(201, "The new request."),
            ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<SupportQuery>,
) -> Result<Json<SupportRequestPage>, AppError> {
    if let Some(assignee) = query.assignee.as_deref() {
        if assignee != "none" && Uuid::parse_str(assignee).is_err() {
            return Err(AppError::MalformedRequest {
                status: StatusCode::BAD_REQUEST,
                message: "assignee is a user's id or `none`.".into(),
            });
        }
    }
    Ok(Json(
        service::page(&state.db, &ctx, &state.clock, &query).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn assignees(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<Assignee>>, AppError> {
    let users = crate::store::users::list(&state.db, &ctx).await?;
    Ok(Json(
        users
            .into_iter()
            .filter(|u| {
                !u.disabled
                    && u.roles
                        .iter()
                        .any(|r: &Role| r.allows(Action::SupportRequests))
            })
            .map(|u| Assignee {
                id: u.id,
                display_name: u.display_name,
            })
            .collect(),
    ))
}

#[tracing::instrument(skip_all)]
async fn one(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<SupportRequest>, AppError> {
    Ok(Json(service::get(&state.db, &ctx, &state.clock, id).await?))
}

#[tracing::instrument(skip_all)]
async fn add_note(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<NoteForm>,
) -> Result<Json<SupportRequest>, AppError> {
    Ok(Json(
        service::add_note(&state.db, &ctx, &state.clock, id, &form).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn move_to(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<MoveRequest>,
) -> Result<Json<SupportRequest>, AppError> {
    Ok(Json(
        service::move_to(&state.db, &ctx, &state.clock, id, body.state).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn assign(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<AssignRequest>,
) -> Result<Json<SupportRequest>, AppError> {
    Ok(Json(
        service::assign(&state.db, &ctx, &state.clock, id, body.assignee).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn of_customer(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<SupportRequest>>, AppError> {
    crate::store::customers::get(state.db.readers(), &ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(
        service::of_customer(&state.db, &ctx, &state.clock, id).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<SupportRequestForm>,
) -> Result<Response, AppError> {
    let opened = service::open(&state.db, &ctx, &state.clock, id, &form).await?;
    state.mailer.nudge();
    let location = format!("/api/support-requests/{}", opened.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(opened),
    )
        .into_response())
}
