use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::ApiPath;
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use shared::access::Action;
use shared::api::DomainAvailability;
use shared::customer::DomainPrefix;
use shared::FieldError;

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get(
        "/domains/{prefix}/availability",
        Access::Allowed(Action::CreateCustomers),
        availability,
    )
    .doc(
        RouteDoc::new("Check a domain prefix").answers::<shared::api::DomainAvailability>(
            200,
            "Whether the initial domain is free in the partner's cloud.",
        ),
    )]
}

/// Whether a primary domain prefix can be used in the partner's cloud instance. An invalid
/// prefix is not an error of the request: the answer says why it can't be used.
#[tracing::instrument(skip_all)]
async fn availability(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<DomainAvailability>, AppError> {
    let answer = match DomainPrefix::parse(&raw) {
        Err(error) => DomainAvailability {
            prefix: raw,
            domain: None,
            available: false,
            error: Some(error),
        },
        Ok(prefix) => {
            let taken = crate::store::customers::domain_taken(&state.db, &ctx, &prefix).await?;
            DomainAvailability {
                domain: Some(prefix.domain(ctx.instance)),
                prefix: prefix.into(),
                available: !taken,
                error: taken.then_some(FieldError::Taken),
            }
        }
    };
    Ok(Json(answer))
}
