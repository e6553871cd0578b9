//! `Ctx`: who is asking. Resolved once per request from the session by the route table's
//! authorization layer (`routes::authorize`), then handed to every data-access function, which
//! filters by its partner in SQL.

use crate::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use shared::access::{allowed, Action, Role};
use shared::api::ErrorCode;
use shared::customer::RuleContext;
use shared::instance::{CloudInstance, ProgramRole};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct Ctx {
    pub user_id: Uuid,
    /// The user's e-mail: the audit log's "who".
    pub email: String,
    pub partner_id: Uuid,
    pub instance: CloudInstance,
    pub program: ProgramRole,
    pub partner_email_domain: String,
    pub roles: Vec<Role>,
    pub must_change_password: bool,
    /// Sessions signed in under another epoch are signed out (a password change starts one).
    pub session_epoch: i64,
    /// The user has enrolled a second factor (an authenticator app).
    pub has_second_factor: bool,
    /// The partner's "require multi-factor".
    pub multi_factor_required: bool,
    /// Set when an API token makes the request: the audit log names it as the actor (the user
    /// fields are its maker's).
    pub token: Option<TokenActor>,
}

/// The API token a request came with.
#[derive(Clone, Debug)]
pub struct TokenActor {
    pub id: Uuid,
    pub name: String,
}

impl Ctx {
    /// The rules' view of this partner (instance, own e-mail domain, today).
    pub fn rule_context(&self) -> RuleContext {
        RuleContext {
            instance: self.instance,
            partner_email_domain: Some(self.partner_email_domain.clone()),
            today: crate::timestamp::today(),
        }
    }

    /// Where a session of this user stands after the password, `passed` saying whether the
    /// session verified a second factor.
    pub fn sign_in_step(&self, passed: bool) -> shared::second_factor::SignInStep {
        shared::second_factor::SignInStep::after_password(
            self.has_second_factor,
            self.multi_factor_required,
            passed,
        )
    }

    pub fn can(&self, action: Action) -> bool {
        allowed(&self.roles, action)
    }

    /// 403 `program_not_allowed` unless the partner is in `program` (only providers invite
    /// resellers, say).
    pub fn require_program(&self, program: ProgramRole) -> Result<(), AppError> {
        if self.program == program {
            Ok(())
        } else {
            Err(AppError::state(
                ErrorCode::ProgramNotAllowed,
                format!("Only {} partners can do this.", program.as_str()),
            ))
        }
    }

    /// 403 unless one of the user's roles allows `action`.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if self.can(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    /// The `Ctx` the authorization layer put there; a handler on a public route has none.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or(AppError::Unauthorized)
    }
}
