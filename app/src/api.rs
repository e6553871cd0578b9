//! The one typed client of PartnerDesk's API. Pages never build URLs or parse JSON themselves;
//! every non-2xx answer becomes an `ApiFailure` here.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use shared::access::Role;
use shared::admin_relationship::{
    AdminApprovalDetails, AdminApprovalForm, AdminRelationship, AdminRelationshipForm,
    AdminRelationshipQuery,
};
use shared::api::{
    ApiError, ChangePassword, CreatedCustomer, CreatedUser, Customer, CustomerForm, CustomerList,
    CustomerListQuery, Dashboard, DomainAvailability, ErrorCode, Me, NewUser,
    PasswordResetCompletion, PasswordResetRequest, SetRoles, SignIn, TemporaryPassword, User,
};
use shared::api_token::{ApiToken, CreatedApiToken, NewApiToken};
use shared::audit::{AuditPage, AuditQuery};
use shared::import::{ImportPreview, ImportProgress};
use shared::invitation::{
    AcceptInvitation, Invitation, InvitationDetails, InvitationToken, NewInvitation,
};
use shared::outbox::Outbox;
use shared::profile::{BusinessProfileForm, BusinessProfileRecord};
use shared::referral::{
    DeclineReferralForm, LinkRequestForm, PartnerLink, Referral, ReferralBox, ReferralForm,
    ReferralList, ReferralQuery,
};
use shared::relationship::EndRelationshipForm;
use shared::second_factor::{
    AuthenticatorSetup, MultiFactorPolicy, NewPasskey, PasskeyAdded, PasskeyAssertion,
    RecoveryCodes, SecondFactorForm, SecondFactorStatus,
};
use shared::subscription::Subscription;
use shared::webhook::{NewWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookSecret};
use shared::FieldErrors;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    /// 422: which fields and why.
    Validation(FieldErrors),
    NotFound,
    Unauthorized,
    /// 403: the user's roles don't allow it.
    Forbidden,
    /// 403 until an administrator-set password is replaced.
    PasswordChangeRequired,
    /// 403 until the session passes its second factor (or enrols one).
    SecondFactorRequired,
    /// 429: too many failed sign-ins.
    TooManyRequests {
        retry_after_secs: u64,
    },
    /// 412: the record changed since it was read.
    PreconditionFailed,
    /// 409: the request clashes with the current state.
    Conflict,
    /// 409 or 410 with the reason: the object's state forbids it (a used invitation link, a
    /// relationship that already ended, active subscriptions).
    Refused(ErrorCode),
    /// The server could not be reached (offline, server down).
    Network,
    /// 503: the server is up but its database isn't, for the moment.
    Unavailable,
    /// Any other failure; `request_id` finds it in the server's log.
    Server {
        status: u16,
        request_id: Option<String>,
    },
}

thread_local! {
    /// Called when the server says the session is gone (expired, signed out elsewhere,
    /// disabled), so the app can show sign-in.
    static ON_UNAUTHORIZED: std::cell::RefCell<Option<Box<dyn Fn()>>> = const { std::cell::RefCell::new(None) };
}

/// Registers what to do when any call answers 401.
pub fn on_unauthorized(hook: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
}

thread_local! {
    /// Called when the server says the session must pass (or set up) a second factor first —
    /// an administrator required multi-factor, say — so the app can ask where it stands.
    static ON_SECOND_FACTOR_REQUIRED: std::cell::RefCell<Option<Box<dyn Fn()>>> = const { std::cell::RefCell::new(None) };
}

/// Registers what to do when any call answers 403 `second_factor_required`.
pub fn on_second_factor_required(hook: impl Fn() + 'static) {
    ON_SECOND_FACTOR_REQUIRED.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    let status = response.status();
    // A session that ended mid-use. Not `/api/session` (a failed sign-in: the form says so
    // itself).
    if status == 401 && !response.url().ends_with("/api/session") {
        ON_UNAUTHORIZED.with(|h| {
            if let Some(hook) = h.borrow().as_ref() {
                hook()
            }
        });
    }
    if (200..300).contains(&status) {
        return response.json::<T>().await.map_err(|_| ApiFailure::Server {
            status,
            request_id: None,
        });
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(60);
    let body = response.json::<ApiError>().await.ok();
    Err(match (status, body) {
        (
            422,
            Some(ApiError {
                code: ErrorCode::Validation,
                fields,
                ..
            }),
        ) => ApiFailure::Validation(fields),
        (404, _) => ApiFailure::NotFound,
        (412, _) => ApiFailure::PreconditionFailed,
        (409 | 410, Some(ApiError { code, .. })) if code != ErrorCode::Conflict => {
            ApiFailure::Refused(code)
        }
        (409, _) => ApiFailure::Conflict,
        (401, _) => ApiFailure::Unauthorized,
        (
            403,
            Some(ApiError {
                code: ErrorCode::PasswordChangeRequired,
                ..
            }),
        ) => ApiFailure::PasswordChangeRequired,
        (
            403,
            Some(ApiError {
                code: ErrorCode::SecondFactorRequired,
                ..
            }),
        ) => {
            ON_SECOND_FACTOR_REQUIRED.with(|h| {
                if let Some(hook) = h.borrow().as_ref() {
                    hook()
                }
            });
            ApiFailure::SecondFactorRequired
        }
        (403, _) => ApiFailure::Forbidden,
        (503, _) => ApiFailure::Unavailable,
        (429, _) => ApiFailure::TooManyRequests {
            retry_after_secs: retry_after,
        },
        (status, body) => ApiFailure::Server {
            status,
            request_id: body.and_then(|b| b.request_id),
        },
    })
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    decode(response).await
}

async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
    builder: gloo_net::http::RequestBuilder,
    body: &B,
) -> Result<T, ApiFailure> {
    let request = builder
        .header("Accept", "application/json")
        .json(body)
        .map_err(|_| ApiFailure::Network)?;
    let response = request.send().await.map_err(|_| ApiFailure::Network)?;
    decode(response).await
}

/// The Chinese texts of this build's catalog (not compiled into the app).
pub async fn chinese_catalog() -> Result<shared::i18n::CatalogTexts, ApiFailure> {
    get(&format!(
        "/api/catalog/zh-CN/{}",
        shared::i18n::catalog_fingerprint()
    ))
    .await
}

/// Who is signed in; `Unauthorized` when this browser has no session. The server answers 200
/// with `null` then, so a signed-out first screen logs no failed request.
pub async fn session() -> Result<Me, ApiFailure> {
    get::<Option<Me>>("/api/session")
        .await?
        .ok_or(ApiFailure::Unauthorized)
}

/// Answers 204 No Content: nothing to decode.
async fn send_no_content<B: serde::Serialize>(
    builder: gloo_net::http::RequestBuilder,
    body: Option<&B>,
) -> Result<(), ApiFailure> {
    let builder = builder.header("Accept", "application/json");
    let request = match body {
        Some(body) => builder.json(body).map_err(|_| ApiFailure::Network)?,
        None => builder.build().map_err(|_| ApiFailure::Network)?,
    };
    let response = request.send().await.map_err(|_| ApiFailure::Network)?;
    if (200..300).contains(&response.status()) {
        Ok(())
    } else {
        decode::<serde_json::Value>(response).await.map(|_| ())
    }
}

pub async fn sign_in(
    email: &str,
    password: &str,
    language: shared::i18n::Locale,
) -> Result<Me, ApiFailure> {
    let body = SignIn {
        email: email.to_string(),
        password: password.to_string(),
        language: Some(language),
    };
    send_json(Request::post("/api/session"), &body).await
}

pub async fn sign_out() -> Result<(), ApiFailure> {
    send_no_content::<()>(Request::delete("/api/session"), None).await
}

pub async fn change_password(current_password: &str, new_password: &str) -> Result<(), ApiFailure> {
    let body = ChangePassword {
        current_password: current_password.to_string(),
        new_password: new_password.to_string(),
    };
    send_no_content(Request::post("/api/me/password"), Some(&body)).await
}

/// The partner's admin relationships across customers.
pub async fn list_admin_relationships(
    query: &AdminRelationshipQuery,
) -> Result<Vec<AdminRelationship>, ApiFailure> {
    let params = query.to_query_string();
    if params.is_empty() {
        get("/api/admin-relationships").await
    } else {
        get(&format!("/api/admin-relationships?{params}")).await
    }
}

pub async fn admin_relationships(customer: Uuid) -> Result<Vec<AdminRelationship>, ApiFailure> {
    get(&format!("/api/customers/{customer}/admin-relationships")).await
}

pub async fn request_admin_relationship(
    customer: Uuid,
    form: &AdminRelationshipForm,
) -> Result<AdminRelationship, ApiFailure> {
    send_json(
        Request::post(&format!("/api/customers/{customer}/admin-relationships")),
        form,
    )
    .await
}

pub async fn terminate_admin_relationship(id: Uuid) -> Result<AdminRelationship, ApiFailure> {
    send_json(
        Request::post(&format!("/api/admin-relationships/{id}/terminate")),
        &(),
    )
    .await
}

/// The partner's role templates for admin requests, by name.
pub async fn admin_templates() -> Result<Vec<shared::admin_relationship::AdminTemplate>, ApiFailure>
{
    get("/api/admin-templates").await
}

/// Creates a role template (`id` `None`) or changes one.
pub async fn save_admin_template(
    id: Option<Uuid>,
    form: &shared::admin_relationship::AdminTemplateForm,
) -> Result<shared::admin_relationship::AdminTemplate, ApiFailure> {
    match id {
        None => send_json(Request::post("/api/admin-templates"), form).await,
        Some(id) => send_json(Request::put(&format!("/api/admin-templates/{id}")), form).await,
    }
}

pub async fn remove_admin_template(id: Uuid) -> Result<(), ApiFailure> {
    send_no_content::<()>(Request::delete(&format!("/api/admin-templates/{id}")), None).await
}

/// Extends an active relationship by 180 days from the end the user saw.
pub async fn extend_admin_relationship(
    id: Uuid,
    from: shared::date::CalendarDate,
) -> Result<AdminRelationship, ApiFailure> {
    send_json(
        Request::post(&format!("/api/admin-relationships/{id}/extend")),
        &shared::admin_relationship::ExtendRequest { from },
    )
    .await
}

/// Asks the customer again for an expired relationship (a new request, e-mailed).
pub async fn request_admin_relationship_again(id: Uuid) -> Result<AdminRelationship, ApiFailure> {
    send_json(
        Request::post(&format!("/api/admin-relationships/{id}/request-again")),
        &(),
    )
    .await
}

/// What the approval page shows (no sign-in: the link's token).
pub async fn admin_approval_details(token: &str) -> Result<AdminApprovalDetails, ApiFailure> {
    let body = InvitationToken {
        token: token.to_string(),
    };
    send_json(Request::post("/api/admin-approval/details"), &body).await
}

pub async fn answer_admin_approval(
    form: &AdminApprovalForm,
) -> Result<AdminApprovalDetails, ApiFailure> {
    send_json(Request::post("/api/admin-approval"), form).await
}

/// "Forgot password": the server answers alike for any address.
pub async fn request_password_reset(body: &PasswordResetRequest) -> Result<(), ApiFailure> {
    send_no_content(Request::post("/api/password-reset"), Some(body)).await
}

/// A new password through a reset link.
pub async fn complete_password_reset(body: &PasswordResetCompletion) -> Result<(), ApiFailure> {
    send_no_content(Request::post("/api/password-reset/complete"), Some(body)).await
}

/// The second step of signing in: an authenticator code or a recovery code.
pub async fn verify_second_factor(form: &SecondFactorForm) -> Result<Me, ApiFailure> {
    send_json(Request::post("/api/session/second-factor"), form).await
}

pub async fn second_factor_status() -> Result<SecondFactorStatus, ApiFailure> {
    get("/api/me/second-factors").await
}

/// Starts setting up an authenticator app: its QR code and key.
pub async fn start_authenticator() -> Result<AuthenticatorSetup, ApiFailure> {
    send_json(Request::post("/api/me/authenticator"), &()).await
}

/// Confirms the authenticator with its first code; answers the recovery codes, shown once.
pub async fn confirm_authenticator(form: &SecondFactorForm) -> Result<RecoveryCodes, ApiFailure> {
    send_json(Request::post("/api/me/authenticator/confirm"), form).await
}

pub async fn renew_recovery_codes() -> Result<RecoveryCodes, ApiFailure> {
    send_json(Request::post("/api/me/recovery-codes"), &()).await
}

/// The options for adding a passkey (`navigator.credentials.create()`), as the server writes
/// them.
pub async fn passkey_registration_options() -> Result<serde_json::Value, ApiFailure> {
    send_json(Request::post("/api/me/passkeys/challenge"), &()).await
}

pub async fn add_passkey(passkey: &NewPasskey) -> Result<PasskeyAdded, ApiFailure> {
    send_json(Request::post("/api/me/passkeys"), passkey).await
}

pub async fn remove_passkey(id: &str) -> Result<(), ApiFailure> {
    send_no_content::<()>(Request::delete(&format!("/api/me/passkeys/{id}")), None).await
}

/// The options for signing in with a passkey (`navigator.credentials.get()`).
pub async fn passkey_sign_in_options() -> Result<serde_json::Value, ApiFailure> {
    send_json(Request::post("/api/session/passkey/challenge"), &()).await
}

pub async fn passkey_sign_in(assertion: &PasskeyAssertion) -> Result<Me, ApiFailure> {
    send_json(Request::post("/api/session/passkey"), assertion).await
}

/// The OpenAPI document, as far as the API reference page reads it: parsed by the browser
/// (`JSON.parse`), not decoded in Rust (see `api_reference::from_js`).
pub async fn api_reference() -> Result<crate::api_reference::ApiDocument, ApiFailure> {
    let response = Request::get("/api/openapi.json")
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    let failed = |status| ApiFailure::Server {
        status,
        request_id: None,
    };
    let status = response.status();
    if !(200..300).contains(&status) {
        return Err(failed(status));
    }
    let text = response.text().await.map_err(|_| ApiFailure::Network)?;
    let parsed = js_sys::JSON::parse(&text).map_err(|_| failed(status))?;
    Ok(crate::api_reference::from_js(&parsed))
}

pub async fn api_tokens() -> Result<Vec<ApiToken>, ApiFailure> {
    get("/api/tokens").await
}

pub async fn create_api_token(request: &NewApiToken) -> Result<CreatedApiToken, ApiFailure> {
    send_json(Request::post("/api/tokens"), request).await
}

pub async fn revoke_api_token(id: Uuid) -> Result<ApiToken, ApiFailure> {
    send_json(Request::post(&format!("/api/tokens/{id}/revoke")), &()).await
}

pub async fn webhooks() -> Result<Vec<WebhookEndpoint>, ApiFailure> {
    get("/api/webhooks").await
}

pub async fn create_webhook(request: &NewWebhookEndpoint) -> Result<WebhookSecret, ApiFailure> {
    send_json(Request::post("/api/webhooks"), request).await
}

pub async fn remove_webhook(id: Uuid) -> Result<(), ApiFailure> {
    send_no_content::<()>(Request::delete(&format!("/api/webhooks/{id}")), None).await
}

pub async fn renew_webhook_secret(id: Uuid) -> Result<WebhookSecret, ApiFailure> {
    send_json(Request::post(&format!("/api/webhooks/{id}/secret")), &()).await
}

pub async fn send_webhook_test(id: Uuid) -> Result<WebhookDelivery, ApiFailure> {
    send_json(Request::post(&format!("/api/webhooks/{id}/test")), &()).await
}

pub async fn webhook_deliveries(id: Uuid) -> Result<Vec<WebhookDelivery>, ApiFailure> {
    get(&format!("/api/webhooks/{id}/deliveries")).await
}

pub async fn replay_webhook_delivery(id: Uuid) -> Result<WebhookDelivery, ApiFailure> {
    send_json(
        Request::post(&format!("/api/webhook-deliveries/{id}/replay")),
        &(),
    )
    .await
}

/// Removes a user's second factors (global admins).
pub async fn reset_second_factors(id: Uuid) -> Result<(), ApiFailure> {
    send_no_content::<()>(
        Request::post(&format!("/api/users/{id}/second-factors/reset")),
        None,
    )
    .await
}

/// The partner's "require multi-factor" (global admins).
pub async fn set_multi_factor_policy(required: bool) -> Result<(), ApiFailure> {
    send_no_content(
        Request::put("/api/partner/multi-factor"),
        Some(&MultiFactorPolicy { required }),
    )
    .await
}

/// A temporary password for one of the partner's users (global admins).
pub async fn reset_user_password(id: Uuid) -> Result<TemporaryPassword, ApiFailure> {
    send_json(Request::post(&format!("/api/users/{id}/password")), &()).await
}

pub async fn enable_user(id: Uuid) -> Result<User, ApiFailure> {
    send_json(Request::post(&format!("/api/users/{id}/enable")), &()).await
}

pub async fn list_users() -> Result<Vec<User>, ApiFailure> {
    get("/api/users").await
}

pub async fn create_user(user: &NewUser) -> Result<CreatedUser, ApiFailure> {
    send_json(Request::post("/api/users"), user).await
}

pub async fn set_roles(id: Uuid, roles: &[Role]) -> Result<User, ApiFailure> {
    let body = SetRoles {
        roles: roles.iter().map(|r| r.as_str().to_string()).collect(),
    };
    send_json(Request::put(&format!("/api/users/{id}/roles")), &body).await
}

pub async fn disable_user(id: Uuid) -> Result<User, ApiFailure> {
    send_json(Request::post(&format!("/api/users/{id}/disable")), &()).await
}

pub async fn list_customers(query: &CustomerListQuery) -> Result<CustomerList, ApiFailure> {
    get(&format!("/api/customers?{}", query.to_query_string())).await
}

pub async fn dashboard() -> Result<Dashboard, ApiFailure> {
    get("/api/dashboard").await
}

pub async fn get_customer(id: Uuid) -> Result<Customer, ApiFailure> {
    get(&format!("/api/customers/{id}")).await
}

/// Creates a customer (from an accepted referral, when given). The same `idempotency_key` for
/// the same form never creates two: a retry after a lost answer gets the same customer.
pub async fn create_customer(
    form: &CustomerForm,
    idempotency_key: &str,
    referral: Option<Uuid>,
) -> Result<CreatedCustomer, ApiFailure> {
    let url = match referral {
        Some(id) => format!("/api/customers?referral={id}"),
        None => "/api/customers".to_string(),
    };
    send_json(
        Request::post(&url).header("Idempotency-Key", idempotency_key),
        form,
    )
    .await
}

/// Saves a profile edit made on `version`; `PreconditionFailed` when someone saved first.
pub async fn update_customer(
    id: Uuid,
    version: i64,
    form: &CustomerForm,
) -> Result<Customer, ApiFailure> {
    send_json(
        Request::put(&format!("/api/customers/{id}")).header("If-Match", &format!("\"{version}\"")),
        form,
    )
    .await
}

/// `prefix` must already be a valid `DomainPrefix` (letters and digits only, so no escaping).
pub async fn domain_availability(prefix: &str) -> Result<DomainAvailability, ApiFailure> {
    get(&format!("/api/domains/{prefix}/availability")).await
}

/// Customers that may be the same company as one with this name and contact e-mail.
pub fn similar_customers_url(company_name: &str, contact_email: &str) -> String {
    format!(
        "/api/customers/similar?company_name={}&contact_email={}",
        shared::text::encode_query_value(company_name),
        shared::text::encode_query_value(contact_email)
    )
}

pub async fn similar_customers(
    company_name: &str,
    contact_email: &str,
) -> Result<shared::similar::SimilarCustomers, ApiFailure> {
    get(&similar_customers_url(company_name, contact_email)).await
}

pub async fn list_invitations() -> Result<Vec<Invitation>, ApiFailure> {
    get("/api/invitations").await
}

pub async fn create_invitation(body: &NewInvitation) -> Result<Invitation, ApiFailure> {
    send_json(Request::post("/api/invitations"), body).await
}

pub async fn resend_invitation(id: Uuid) -> Result<Invitation, ApiFailure> {
    send_json(Request::post(&format!("/api/invitations/{id}/resend")), &()).await
}

pub async fn revoke_invitation(id: Uuid) -> Result<Invitation, ApiFailure> {
    send_json(Request::post(&format!("/api/invitations/{id}/revoke")), &()).await
}

/// The invitation of a customer; `NotFound` when it has none.
pub async fn customer_invitation(customer: Uuid) -> Result<Invitation, ApiFailure> {
    get(&format!("/api/customers/{customer}/invitation")).await
}

/// What an invitation link asks (no partner sign-in needed).
pub async fn invitation_details(token: &str) -> Result<InvitationDetails, ApiFailure> {
    let body = InvitationToken {
        token: token.to_string(),
    };
    send_json(Request::post("/api/invitation-acceptance/details"), &body).await
}

pub async fn accept_invitation(body: &AcceptInvitation) -> Result<InvitationDetails, ApiFailure> {
    send_json(Request::post("/api/invitation-acceptance"), body).await
}

pub async fn outbox() -> Result<Outbox, ApiFailure> {
    get("/api/outbox").await
}

pub async fn end_relationship(
    id: Uuid,
    form: &EndRelationshipForm,
) -> Result<Customer, ApiFailure> {
    send_json(Request::post(&format!("/api/customers/{id}/end")), form).await
}

/// A new temporary password for the customer's administrator (the old one stops working).
pub async fn new_admin_password(id: Uuid) -> Result<shared::api::NewAdminPassword, ApiFailure> {
    send_json(
        Request::post(&format!("/api/customers/{id}/admin-password")),
        &serde_json::json!({}),
    )
    .await
}

pub async fn remove_customer(id: Uuid) -> Result<(), ApiFailure> {
    send_no_content::<()>(Request::delete(&format!("/api/customers/{id}")), None).await
}

pub async fn subscriptions(customer: Uuid) -> Result<Vec<Subscription>, ApiFailure> {
    get(&format!("/api/customers/{customer}/subscriptions")).await
}

/// A page of the support requests matching `query`, newest first.
pub async fn support_requests(
    query: &shared::support::SupportQuery,
) -> Result<shared::support::SupportRequestPage, ApiFailure> {
    get(&format!("/api/support-requests?{}", query.to_params())).await
}

/// A customer's support requests.
pub async fn customer_support_requests(
    customer: Uuid,
) -> Result<Vec<shared::support::SupportRequest>, ApiFailure> {
    get(&format!("/api/customers/{customer}/support-requests")).await
}

/// One support request with its notes.
pub async fn support_request(id: Uuid) -> Result<shared::support::SupportRequest, ApiFailure> {
    get(&format!("/api/support-requests/{id}")).await
}

/// Who support requests can be assigned to.
pub async fn support_assignees() -> Result<Vec<shared::support::Assignee>, ApiFailure> {
    get("/api/support-requests/assignees").await
}

pub async fn open_support_request(
    customer: Uuid,
    form: &shared::support::SupportRequestForm,
) -> Result<shared::support::SupportRequest, ApiFailure> {
    send_json(
        Request::post(&format!("/api/customers/{customer}/support-requests")),
        form,
    )
    .await
}

pub async fn move_support_request(
    id: Uuid,
    state: shared::support::SupportState,
) -> Result<shared::support::SupportRequest, ApiFailure> {
    send_json(
        Request::post(&format!("/api/support-requests/{id}/state")),
        &shared::support::MoveRequest { state },
    )
    .await
}

pub async fn assign_support_request(
    id: Uuid,
    assignee: Option<Uuid>,
) -> Result<shared::support::SupportRequest, ApiFailure> {
    send_json(
        Request::put(&format!("/api/support-requests/{id}/assignee")),
        &shared::support::AssignRequest { assignee },
    )
    .await
}

pub async fn add_support_note(
    id: Uuid,
    note: &shared::support::NoteForm,
) -> Result<shared::support::SupportRequest, ApiFailure> {
    send_json(
        Request::post(&format!("/api/support-requests/{id}/notes")),
        note,
    )
    .await
}

/// A month's billing (this month when `None`), rows from `offset`.
pub async fn billing_report(
    month: Option<shared::billing::Month>,
    offset: u32,
) -> Result<shared::billing::BillingReport, ApiFailure> {
    let month = month.map(|m| format!("&month={m}")).unwrap_or_default();
    get(&format!("/api/billing?offset={offset}{month}")).await
}

/// Sets the partner's markup; answers this month's billing.
pub async fn set_partner_markup(
    form: &shared::billing::MarkupForm,
) -> Result<shared::billing::BillingReport, ApiFailure> {
    send_json(Request::put("/api/billing/markup"), form).await
}

/// A customer's markup and ledger.
pub async fn customer_billing(
    customer: Uuid,
) -> Result<shared::billing::CustomerBilling, ApiFailure> {
    get(&format!("/api/customers/{customer}/billing")).await
}

/// Sets a customer's own markup (empty: the partner's).
pub async fn set_customer_markup(
    customer: Uuid,
    form: &shared::billing::MarkupForm,
) -> Result<shared::billing::CustomerBilling, ApiFailure> {
    send_json(
        Request::put(&format!("/api/customers/{customer}/markup")),
        form,
    )
    .await
}

/// Orders a subscription; the same `idempotency_key` for a retry of the same order.
pub async fn order_subscription(
    customer: Uuid,
    order: &shared::subscription::OrderRequest,
    idempotency_key: &str,
) -> Result<Subscription, ApiFailure> {
    send_json(
        Request::post(&format!("/api/customers/{customer}/subscriptions"))
            .header("Idempotency-Key", idempotency_key),
        order,
    )
    .await
}

/// A new number of seats.
pub async fn change_seats(
    customer: Uuid,
    id: Uuid,
    quantity: u32,
) -> Result<Subscription, ApiFailure> {
    send_json(
        Request::post(&format!(
            "/api/customers/{customer}/subscriptions/{id}/quantity"
        )),
        &shared::subscription::QuantityRequest { quantity },
    )
    .await
}

/// Auto-renew on or off.
pub async fn set_auto_renew(
    customer: Uuid,
    id: Uuid,
    auto_renew: bool,
) -> Result<Subscription, ApiFailure> {
    send_json(
        Request::post(&format!(
            "/api/customers/{customer}/subscriptions/{id}/auto-renew"
        )),
        &shared::subscription::AutoRenewRequest { auto_renew },
    )
    .await
}

/// `change` is `suspend`, `resume` or `cancel`.
pub async fn change_subscription(
    customer: Uuid,
    id: Uuid,
    change: &str,
) -> Result<Subscription, ApiFailure> {
    send_json(
        Request::post(&format!(
            "/api/customers/{customer}/subscriptions/{id}/{change}"
        )),
        &(),
    )
    .await
}

/// Uploads a CSV file's text for a preview.
pub async fn preview_import(csv: String) -> Result<ImportPreview, ApiFailure> {
    let request = Request::post("/api/imports")
        .header("Accept", "application/json")
        .header("Content-Type", "text/csv")
        .body(csv)
        .map_err(|_| ApiFailure::Network)?;
    let response = request.send().await.map_err(|_| ApiFailure::Network)?;
    decode(response).await
}

pub async fn commit_import(id: Uuid) -> Result<ImportProgress, ApiFailure> {
    send_json(Request::post(&format!("/api/imports/{id}/commit")), &()).await
}

pub async fn import_progress(id: Uuid) -> Result<ImportProgress, ApiFailure> {
    get(&format!("/api/imports/{id}")).await
}

/// The audit log query string (shared by the page and its CSV export link).
pub fn audit_query_string(query: &AuditQuery) -> String {
    let mut parts = Vec::new();
    let mut add = |key: &str, value: &str| {
        if !value.is_empty() {
            parts.push(format!("{key}={}", js_sys::encode_uri_component(value)));
        }
    };
    add("from", &query.from);
    add("to", &query.to);
    add("action", query.action.map(|a| a.as_str()).unwrap_or(""));
    add(
        "user",
        &query.user.map(|u| u.to_string()).unwrap_or_default(),
    );
    add(
        "customer",
        &query.customer.map(|c| c.to_string()).unwrap_or_default(),
    );
    add(
        "before",
        &query.before.map(|b| b.to_string()).unwrap_or_default(),
    );
    add("lang", query.lang.as_deref().unwrap_or(""));
    add("encoding", query.encoding.map(|e| e.as_str()).unwrap_or(""));
    parts.join("&")
}

pub async fn audit(query: &AuditQuery) -> Result<AuditPage, ApiFailure> {
    get(&format!("/api/audit?{}", audit_query_string(query))).await
}

pub async fn business_profile() -> Result<BusinessProfileRecord, ApiFailure> {
    get("/api/business-profile").await
}

pub async fn save_business_profile(
    form: &BusinessProfileForm,
) -> Result<BusinessProfileRecord, ApiFailure> {
    send_json(Request::put("/api/business-profile"), form).await
}

pub async fn links() -> Result<Vec<PartnerLink>, ApiFailure> {
    get("/api/links").await
}

pub async fn request_link(form: &LinkRequestForm) -> Result<PartnerLink, ApiFailure> {
    send_json(Request::post("/api/links"), form).await
}

/// `answer` is `accept`, `decline` or `end`.
pub async fn answer_link(id: Uuid, answer: &str) -> Result<PartnerLink, ApiFailure> {
    send_json(Request::post(&format!("/api/links/{id}/{answer}")), &()).await
}

pub async fn referrals(query: &ReferralQuery) -> Result<ReferralList, ApiFailure> {
    let mut url = format!(
        "/api/referrals?box={}",
        match query.r#box {
            ReferralBox::Inbox => "inbox",
            ReferralBox::Sent => "sent",
        }
    );
    if let Some(state) = query.state {
        url.push_str(&format!("&state={}", state.as_str()));
    }
    if query.overdue {
        url.push_str("&overdue=true");
    }
    get(&url).await
}

pub async fn referral(id: Uuid) -> Result<Referral, ApiFailure> {
    get(&format!("/api/referrals/{id}")).await
}

pub async fn send_referral(form: &ReferralForm) -> Result<Referral, ApiFailure> {
    send_json(Request::post("/api/referrals"), form).await
}

pub async fn accept_referral(id: Uuid) -> Result<Referral, ApiFailure> {
    send_json(Request::post(&format!("/api/referrals/{id}/accept")), &()).await
}

pub async fn decline_referral(
    id: Uuid,
    form: &DeclineReferralForm,
) -> Result<Referral, ApiFailure> {
    send_json(Request::post(&format!("/api/referrals/{id}/decline")), form).await
}

/// One of the partner's admin relationships.
pub async fn admin_relationship(id: Uuid) -> Result<AdminRelationship, ApiFailure> {
    get(&format!("/api/admin-relationships/{id}")).await
}

/// The partner's access groups and the people who may be put in one.
pub async fn access_groups() -> Result<shared::admin_access::AccessGroups, ApiFailure> {
    get("/api/access-groups").await
}

/// Creates an access group (`id` `None`) or changes one.
pub async fn save_access_group(
    id: Option<Uuid>,
    form: &shared::admin_access::AccessGroupForm,
) -> Result<shared::admin_access::AccessGroup, ApiFailure> {
    match id {
        None => send_json(Request::post("/api/access-groups"), form).await,
        Some(id) => send_json(Request::put(&format!("/api/access-groups/{id}")), form).await,
    }
}

pub async fn remove_access_group(id: Uuid) -> Result<(), ApiFailure> {
    send_no_content::<()>(Request::delete(&format!("/api/access-groups/{id}")), None).await
}

/// Each group's roles in one admin relationship.
pub async fn access_assignments(
    relationship: Uuid,
) -> Result<Vec<shared::admin_access::AccessAssignment>, ApiFailure> {
    get(&format!("/api/admin-relationships/{relationship}/access")).await
}

/// Gives a group roles in an admin relationship, or sets the ones it has there.
pub async fn assign_access(
    relationship: Uuid,
    group: Uuid,
    form: &shared::admin_access::AssignmentForm,
) -> Result<shared::admin_access::AccessAssignment, ApiFailure> {
    send_json(
        Request::put(&format!(
            "/api/admin-relationships/{relationship}/access/{group}"
        )),
        form,
    )
    .await
}

pub async fn unassign_access(relationship: Uuid, group: Uuid) -> Result<(), ApiFailure> {
    send_no_content::<()>(
        Request::delete(&format!(
            "/api/admin-relationships/{relationship}/access/{group}"
        )),
        None,
    )
    .await
}

/// "Who of us can do what here" in a customer.
pub async fn customer_access(
    customer: Uuid,
) -> Result<Vec<shared::admin_access::EffectiveAccess>, ApiFailure> {
    get(&format!("/api/customers/{customer}/access")).await
}
