//! `Ctx`: who is asking. Every data-access function takes one and filters by its partner.

use crate::error::AppError;
use crate::startup::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use shared::customer::RuleContext;
use shared::instance::CloudInstance;
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct Ctx {
    pub user_id: Uuid,
    pub partner_id: Uuid,
    pub instance: CloudInstance,
    pub partner_email_domain: String,
}

impl Ctx {
    /// The rules' view of this partner (instance, own e-mail domain).
    pub fn rule_context(&self) -> RuleContext {
        RuleContext {
            instance: self.instance,
            partner_email_domain: Some(self.partner_email_domain.clone()),
            today: crate::timestamp::today(),
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    /// Until sign-in exists, every request acts as the demo partner's first user. This is the
    /// only place that knows it: sign-in replaces this body with a session look-up.
    async fn from_request_parts(_parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        crate::store::partners::demo_ctx(&state.db)
            .await?
            .ok_or(AppError::Unauthorized)
    }
}
