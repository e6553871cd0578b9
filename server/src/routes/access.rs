//! Access assignments: the partner's groups of its users, each group's roles in an admin (GDAP)
//! relationship, and "who of us can do what here" in a customer.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::service::access as service;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use shared::access::Action;
use shared::admin_access::{
    AccessAssignment, AccessGroup, AccessGroupForm, AccessGroups, AssignmentForm, EffectiveAccess,
};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::AdminRelationships);
    vec![
        ApiRoute::get("/access-groups", admins, groups).doc(
            RouteDoc::new("List access groups")
                .detail("The partner's groups of its users, by name, and the people who may be put in one (its enabled users).")
                .answers::<AccessGroups>(200, "The groups and the people."),
        ),
        ApiRoute::post("/access-groups", admins, create_group).doc(
            RouteDoc::new("Create an access group")
                .creates("/id", "/access-groups")
                .body::<AccessGroupForm>()
                .answers::<AccessGroup>(201, "The new group.")
                .refused(422, "Per field: a name (1–50, not one the partner has); members who are the partner's enabled users."),
        ),
        ApiRoute::put("/access-groups/{id}", admins, change_group).doc(
            RouteDoc::new("Change an access group")
                .detail("Its name and its members, all of them: whoever isn't listed leaves the group.")
                .body::<AccessGroupForm>()
                .answers::<AccessGroup>(200, "The group.")
                .refused(422, "Per field, as when created."),
        ),
        ApiRoute::delete("/access-groups/{id}", admins, remove_group).doc(
            RouteDoc::new("Remove an access group")
                .detail("The roles it was given in admin relationships go with it.")
                .answers_with(204, "Removed.", Payload::Empty),
        ),
        ApiRoute::get(
            "/admin-relationships/{id}/access",
            Access::Allowed(Action::ViewCustomers),
            assignments,
        )
        .doc(
            RouteDoc::new("List an admin relationship's access assignments")
                .answers_list::<AccessAssignment>("Each group's roles in the relationship, by group name."),
        ),
        ApiRoute::put("/admin-relationships/{id}/access/{group_id}", admins, assign).doc(
            RouteDoc::new("Assign a group roles in an admin relationship")
                .detail("Gives the group some of the relationship's roles, or sets the ones it has there. The same roles again change nothing.")
                .body::<AssignmentForm>()
                .answers::<AccessAssignment>(200, "The group's roles in the relationship.")
                .refused(409, "The relationship isn't active (pending, expired or terminated).")
                .refused(422, "Per field: at least one role, each one the relationship grants."),
        ),
        ApiRoute::delete("/admin-relationships/{id}/access/{group_id}", admins, unassign).doc(
            RouteDoc::new("Remove a group's roles in an admin relationship")
                .answers_with(204, "Removed.", Payload::Empty),
        ),
        ApiRoute::get(
            "/customers/{id}/access",
            Access::Allowed(Action::ViewCustomers),
            in_customer,
        )
        .doc(
            RouteDoc::new("Who of the partner can do what in a customer")
                .detail("Each enabled partner user's effective roles: the union over their groups over the customer's active admin relationships.")
                .answers_list::<EffectiveAccess>("By name; people without a role are left out."),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn groups(State(state): State<AppState>, ctx: Ctx) -> Result<Json<AccessGroups>, AppError> {
    Ok(Json(crate::store::access::groups(&state.db, &ctx).await?))
}

#[tracing::instrument(skip_all)]
async fn create_group(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(form): ApiJson<AccessGroupForm>,
) -> Result<impl IntoResponse, AppError> {
    let created = service::create_group(&state.db, &ctx, &form).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[tracing::instrument(skip_all)]
async fn change_group(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<AccessGroupForm>,
) -> Result<Json<AccessGroup>, AppError> {
    Ok(Json(
        service::change_group(&state.db, &ctx, id, &form).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn remove_group(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    service::remove_group(&state.db, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
async fn assignments(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<AccessAssignment>>, AppError> {
    Ok(Json(
        service::assignments(&state.db, &ctx, &state.clock, id).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn assign(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, group)): ApiPath<(Uuid, Uuid)>,
    ApiJson(form): ApiJson<AssignmentForm>,
) -> Result<Json<AccessAssignment>, AppError> {
    Ok(Json(
        service::assign(&state.db, &ctx, &state.clock, id, group, &form).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn unassign(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, group)): ApiPath<(Uuid, Uuid)>,
) -> Result<StatusCode, AppError> {
    service::unassign(&state.db, &ctx, &state.clock, id, group).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
async fn in_customer(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<EffectiveAccess>>, AppError> {
    Ok(Json(service::in_customer(&state.db, &ctx, id).await?))
}
