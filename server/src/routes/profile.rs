//! The partner's business profile.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::state::AppState;
use crate::store::profiles;
use axum::extract::State;
use axum::Json;
use shared::access::Action;
use shared::profile::{BusinessProfileForm, BusinessProfileRecord};

pub fn routes() -> Vec<ApiRoute> {
    let editors = Access::Allowed(Action::Referrals);
    vec![
        ApiRoute::get("/business-profile", editors, get_profile).doc(
            RouteDoc::new("Read the partner's business profile")
                .answers::<shared::profile::BusinessProfileRecord>(200, "The profile."),
        ),
        ApiRoute::put("/business-profile", editors, save).doc(
            RouteDoc::new("Save the partner's business profile")
                .body::<shared::profile::BusinessProfileForm>()
                .answers::<shared::profile::BusinessProfileRecord>(200, "The saved profile."),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn get_profile(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<BusinessProfileRecord>, AppError> {
    Ok(Json(profiles::get(&state.db, &ctx).await?))
}

#[tracing::instrument(skip_all)]
async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(form): ApiJson<BusinessProfileForm>,
) -> Result<Json<BusinessProfileRecord>, AppError> {
    let profile = form.parse().map_err(AppError::Validation)?;
    let saved = profiles::save(&state.db, &ctx, &profile).await?;
    tracing::info!(
        completeness = saved.completeness.percent(),
        "business profile saved"
    );
    Ok(Json(saved))
}
