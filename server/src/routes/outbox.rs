//! The outbox page: every e-mail sent for the partner and how its delivery went. Without a
//! mail server this is where a user finds the invitation links.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use shared::access::Action;
use shared::outbox::Outbox;

/// The newest messages shown.
const SHOWN: u32 = 200;

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/outbox", Access::Allowed(Action::CreateCustomers), list).doc(
            RouteDoc::new("The e-mails sent").answers::<shared::outbox::Outbox>(
                200,
                "The partner's outgoing e-mails and their state.",
            ),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Outbox>, AppError> {
    Ok(Json(Outbox {
        smtp_configured: state.mailer.configured,
        messages: crate::store::outbox::list(&state.db, &ctx, SHOWN).await?,
    }))
}
