//! `POST /api/test-clock`: moves a test server's clock forward and runs the sweeps at once, so
//! tests see a 31-day notice or an end without waiting or editing rows. Answers 404 unless the
//! server runs with `--test-clock` (and its tests).

use crate::error::AppError;
use crate::extract::ApiJson;
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::service::admin_relationships::{sweep, SweepCounts};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::post("/test-clock", Access::Public, advance).doc(
        RouteDoc::new("Move the server's clock (tests only)")
            .detail("Exists only on a server started with `--test-clock`.")
            .body::<MoveClock>()
            .answers_with(
                200,
                "The new date and what the sweeps did.",
                Payload::Json(crate::openapi::any_object),
            )
            .refused(404, "The server wasn't started with `--test-clock`."),
    )]
}

/// How far to move: 0 runs the sweeps without moving.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct MoveClock {
    days: u16,
}

#[derive(Serialize)]
struct Moved {
    today: String,
    #[serde(flatten)]
    swept: SweepCounts,
    subscriptions: crate::service::subscriptions::SweepCounts,
}

#[tracing::instrument(skip_all)]
async fn advance(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<MoveClock>,
) -> Result<Json<Moved>, AppError> {
    if !state.clock.advance(u32::from(body.days)) {
        return Err(AppError::NotFound);
    }
    let today = state.clock.today();
    let swept = sweep(&state.db, &state.mailer, today).await?;
    let subscriptions = crate::service::subscriptions::sweep(&state.db, &state.clock).await?;
    Ok(Json(Moved {
        today: today.to_string(),
        swept,
        subscriptions,
    }))
}
