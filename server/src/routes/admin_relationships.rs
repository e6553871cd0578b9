//! Admin (GDAP) relationships: a customer's, asking for one, ending one; and the approval page's
//! calls, which need no partner sign-in (the link's token is the credential).

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::routes::customers::{idempotency_key, IDEMPOTENT_REPLAYED};
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::service::admin_relationships as service;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Action;
use shared::admin_relationship::{
    AdminApprovalDetails, AdminApprovalForm, AdminRelationship, AdminRelationshipForm,
    AdminRelationshipQuery,
};
use shared::invitation::InvitationToken;
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::AdminRelationships);
    vec![
        ApiRoute::get(
            "/admin-relationships",
            Access::Allowed(Action::ViewCustomers),
            list,
        )
        .doc(
            RouteDoc::new("List admin relationships")
                .detail("Every customer's admin (GDAP) relationships, filtered by state, expiry and search.")
                .query::<shared::admin_relationship::AdminRelationshipQuery>()
                .answers_list::<shared::admin_relationship::AdminRelationship>("The relationships.")
        ),
        ApiRoute::get(
            "/admin-relationships/{id}",
            Access::Allowed(Action::ViewCustomers),
            one,
        )
        .doc(
            RouteDoc::new("Read an admin relationship")
                .answers::<shared::admin_relationship::AdminRelationship>(200, "The relationship.")
        ),
        ApiRoute::get(
            "/customers/{id}/admin-relationships",
            Access::Allowed(Action::ViewCustomers),
            of_customer,
        )
        .doc(
            RouteDoc::new("List a customer's admin relationships")
                .answers_list::<shared::admin_relationship::AdminRelationship>("The customer's relationships, newest first.")
        ),
        ApiRoute::post("/customers/{id}/admin-relationships", admins, request)
        .doc(
            RouteDoc::new("Request admin access")
                    .creates("/id", "/admin-relationships")
                .detail("Creates an admin (GDAP) relationship awaiting the customer's approval and e-mails the approval link. Send an `Idempotency-Key` header to make a retry safe (`idempotent-replayed: true` on the repeated answer).")
                .header("idempotency-key", false, "1 to 200 visible ASCII characters; retries with the same key ask nothing twice.")
                .body::<shared::admin_relationship::AdminRelationshipForm>()
                .answers::<shared::admin_relationship::AdminRelationship>(201, "The requested relationship.")
                .refused(409, "The customer can't be asked now (ended, invited), or the name is taken.")
        ),
        ApiRoute::post("/admin-relationships/{id}/terminate", admins, terminate)
        .doc(
            RouteDoc::new("Terminate an admin relationship")
                .answers::<shared::admin_relationship::AdminRelationship>(200, "The terminated relationship.")
                .refused(409, "It isn't pending or active.")
        ),
        ApiRoute::post("/admin-relationships/{id}/extend", admins, extend)
        .doc(
            RouteDoc::new("Extend an admin relationship by 180 days")
                .detail("From the end the caller saw (`from`), so a retried request doesn't extend twice. Not with Global Administrator among the roles.")
                .body::<shared::admin_relationship::ExtendRequest>()
                .answers::<shared::admin_relationship::AdminRelationship>(200, "The relationship with its new end.")
                .refused(409, "Not active, Global Administrator among the roles, or its end is no longer `from` (extended already).")
        ),
        ApiRoute::post("/admin-relationships/{id}/request-again", admins, request_again)
        .doc(
            RouteDoc::new("Ask again for an expired admin relationship")
                .creates("/id", "/admin-relationships")
                .detail("A new request with the expired one's name, roles, duration and auto-extension; the customer gets the approval link by e-mail.")
                .answers::<shared::admin_relationship::AdminRelationship>(201, "The new request.")
                .refused(409, "It hasn't expired, or the customer isn't active.")
                .refused(422, "An open relationship has its name (asked again already).")
        ),
        ApiRoute::post("/admin-approval/details", Access::Public, details)
        .doc(
            RouteDoc::new("Read an admin-access request")
                .detail("For the customer's approval page: the token from the e-mailed link.")
                .body::<shared::invitation::InvitationToken>()
                .answers::<shared::admin_relationship::AdminApprovalDetails>(200, "Who asks for which roles, for how long.")
                .refused(410, "The link was used, expired or replaced.")
                .refused(404, "No link has this token.")
                .refused(429, "Too many attempts from this address.")
        ),
        ApiRoute::post("/admin-approval", Access::Public, answer)
        .doc(
            RouteDoc::new("Approve or decline an admin-access request")
                .body::<shared::admin_relationship::AdminApprovalForm>()
                .answers::<shared::admin_relationship::AdminApprovalDetails>(200, "The request as answered.")
                .refused(410, "The link was used, expired or replaced.")
                .refused(404, "No link has this token.")
                .refused(429, "Too many attempts from this address.")
        ),
    ]
}

/// The partner's relationships across customers, filtered by state and "expiring within".
#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AdminRelationshipQuery>,
) -> Result<Json<Vec<AdminRelationship>>, AppError> {
    Ok(Json(
        crate::store::admin_relationships::list(&state.db, &ctx, &query, state.clock.today())
            .await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn one(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<AdminRelationship>, AppError> {
    Ok(Json(service::get(&state.db, &ctx, &state.clock, id).await?))
}

#[tracing::instrument(skip_all)]
async fn of_customer(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<AdminRelationship>>, AppError> {
    Ok(Json(
        service::of_customer(&state.db, &ctx, &state.clock, id).await?,
    ))
}

/// 201 with the request, awaiting the customer's approval (the link goes by e-mail).
#[tracing::instrument(skip_all)]
async fn request(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<AdminRelationshipForm>,
) -> Result<Response, AppError> {
    let key = idempotency_key(&headers)?;
    let (made, replayed) = match service::request(
        &state.db,
        &state.mailer,
        &state.clock,
        &ctx,
        id,
        &form,
        key.as_ref(),
    )
    .await?
    {
        service::Requested::Created(r) => (r, false),
        service::Requested::Replayed(r) => (r, true),
    };
    let mut response = (StatusCode::CREATED, Json(made)).into_response();
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    Ok(response)
}

#[tracing::instrument(skip_all)]
async fn terminate(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<AdminRelationship>, AppError> {
    Ok(Json(
        service::terminate(&state.db, &ctx, &state.clock, id).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn extend(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<shared::admin_relationship::ExtendRequest>,
) -> Result<Json<AdminRelationship>, AppError> {
    Ok(Json(
        service::extend(&state.db, &ctx, &state.clock, id, body.from).await?,
    ))
}

/// 201 with the new request.
#[tracing::instrument(skip_all)]
async fn request_again(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<impl IntoResponse, AppError> {
    let created = service::request_again(&state.db, &state.mailer, &state.clock, &ctx, id).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// What the approval page shows: 404 unknown link, 410 ended.
#[tracing::instrument(skip_all)]
async fn details(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<InvitationToken>,
) -> Result<Json<AdminApprovalDetails>, AppError> {
    Ok(Json(
        service::approval_details(&state.db, &state.clock, &body.token).await?,
    ))
}

/// The customer's answer; the relationship as it now is.
#[tracing::instrument(skip_all)]
async fn answer(
    State(state): State<AppState>,
    ApiJson(form): ApiJson<AdminApprovalForm>,
) -> Result<Json<AdminApprovalDetails>, AppError> {
    Ok(Json(service::answer(&state.db, &state.clock, &form).await?))
}
