//! Invitations to a reseller relationship: the partner's side (create, list, resend, revoke)
//! and the customer's (look at the request and accept it through the link, without a partner
//! sign-in).

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::state::AppState;
use crate::store::invitations;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Action;
use shared::invitation::{
    AcceptInvitation, Invitation, InvitationDetails, InvitationToken, NewInvitation,
};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let senders = Access::Allowed(Action::CreateCustomers);
    vec![
        ApiRoute::get("/invitations", Access::Allowed(Action::ViewCustomers), list).doc(
            RouteDoc::new("List invitations")
                .answers_list::<shared::invitation::Invitation>("The partner's invitations."),
        ),
        ApiRoute::post("/invitations", senders, create).doc(
            RouteDoc::new("Invite a customer")
                .creates("/id", "/invitations")
                .detail("Creates an invited customer and e-mails the acceptance link.")
                .body::<shared::invitation::NewInvitation>()
                .answers::<shared::invitation::Invitation>(201, "The invitation.")
                .refused(409, "The domain is taken."),
        ),
        ApiRoute::get(
            "/invitations/{id}",
            Access::Allowed(Action::ViewCustomers),
            get_one,
        )
        .doc(
            RouteDoc::new("Read an invitation")
                .answers::<shared::invitation::Invitation>(200, "The invitation."),
        ),
        ApiRoute::post("/invitations/{id}/resend", senders, resend).doc(
            RouteDoc::new("Resend an invitation")
                .detail("A new link replaces the old one.")
                .answers::<shared::invitation::Invitation>(200, "The invitation.")
                .refused(409, "It was accepted or revoked."),
        ),
        ApiRoute::post("/invitations/{id}/revoke", senders, revoke).doc(
            RouteDoc::new("Revoke an invitation")
                .answers::<shared::invitation::Invitation>(200, "The invitation.")
                .refused(409, "It was accepted or revoked."),
        ),
        // The customer's side. The token travels in the body (a URL would put it in logs).
        ApiRoute::post("/invitation-acceptance/details", Access::Public, details).doc(
            RouteDoc::new("Read an invitation by its link")
                .body::<shared::invitation::InvitationToken>()
                .answers::<shared::invitation::InvitationDetails>(200, "Who invites whom.")
                .refused(410, "The link was used, expired, revoked or replaced.")
                .refused(404, "No link has this token.")
                .refused(429, "Too many attempts from this address."),
        ),
        ApiRoute::post("/invitation-acceptance", Access::Public, accept).doc(
            RouteDoc::new("Accept an invitation")
                .body::<shared::invitation::AcceptInvitation>()
                .answers::<shared::invitation::InvitationDetails>(200, "The accepted invitation.")
                .refused(410, "The link was used, expired, revoked or replaced.")
                .refused(404, "No link has this token.")
                .refused(429, "Too many attempts from this address."),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<Invitation>>, AppError> {
    Ok(Json(invitations::list(&state.db, &ctx).await?))
}

#[tracing::instrument(skip_all)]
async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Invitation>, AppError> {
    invitations::get(&state.db, &ctx, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// Adds a customer the partner already serves as `invited` and e-mails its contact the link.
#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewInvitation>,
) -> Result<Response, AppError> {
    let invitation =
        crate::service::invitations::invite(&state.db, &ctx, &state.mailer.public_url, &body)
            .await?;
    state.mailer.nudge();
    Ok((
        StatusCode::CREATED,
        [(
            header::LOCATION,
            format!("/api/invitations/{}", invitation.id),
        )],
        Json(invitation),
    )
        .into_response())
}

#[tracing::instrument(skip_all)]
async fn resend(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Invitation>, AppError> {
    let invitation = invitations::resend(&state.db, &ctx, &state.mailer.public_url, id).await?;
    state.mailer.nudge();
    tracing::info!(invitation_id = %id, "invitation resent");
    Ok(Json(invitation))
}

#[tracing::instrument(skip_all)]
async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Invitation>, AppError> {
    let invitation = invitations::revoke(&state.db, &ctx, id).await?;
    tracing::info!(invitation_id = %id, "invitation revoked");
    Ok(Json(invitation))
}

/// A token that can't be one of ours is simply not found (no database look-up needed).
fn plausible(token: &str) -> Result<&str, AppError> {
    let token = token.trim();
    if (20..=100).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Ok(token)
    } else {
        Err(AppError::NotFound)
    }
}

#[tracing::instrument(skip_all)]
async fn details(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<InvitationToken>,
) -> Result<Json<InvitationDetails>, AppError> {
    Ok(Json(
        invitations::details(&state.db, plausible(&body.token)?).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn accept(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<AcceptInvitation>,
) -> Result<Json<InvitationDetails>, AppError> {
    let token = plausible(&body.token)?;
    // A dead link says so before the form's errors do: there is nothing to fix in the form.
    invitations::details(&state.db, token).await?;
    let acceptance = body.parse().map_err(AppError::Validation)?;
    let details = crate::service::invitations::accept(
        &state.db,
        &state.mailer,
        &state.clock,
        token,
        &acceptance,
    )
    .await?;
    tracing::info!("invitation accepted");
    Ok(Json(details))
}
