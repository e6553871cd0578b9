//! The one typed client of PartnerDesk's API. Pages never build URLs or parse JSON themselves;
//! every non-2xx answer becomes an `ApiFailure` here.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use shared::api::{
    ApiError, CreatedCustomer, Customer, CustomerForm, CustomerSummary, DomainAvailability,
    ErrorCode, Me, Page,
};
use shared::FieldErrors;
use uuid::Uuid;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    /// 422: which fields and why.
    Validation(FieldErrors),
    NotFound,
    Unauthorized,
    /// 412: the record changed since it was read.
    PreconditionFailed,
    /// 409: the request clashes with the current state.
    Conflict,
    /// The server could not be reached (offline, server down).
    Network,
    /// Any other failure; `request_id` finds it in the server's log.
    Server {
        status: u16,
        request_id: Option<String>,
    },
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    let status = response.status();
    if (200..300).contains(&status) {
        return response.json::<T>().await.map_err(|_| ApiFailure::Server {
            status,
            request_id: None,
        });
    }
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
        (409, _) => ApiFailure::Conflict,
        (401, _) => ApiFailure::Unauthorized,
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

pub async fn me() -> Result<Me, ApiFailure> {
    get("/api/me").await
}

pub async fn list_customers(page: u32, per_page: u32) -> Result<Page<CustomerSummary>, ApiFailure> {
    get(&format!("/api/customers?page={page}&per_page={per_page}")).await
}

pub async fn get_customer(id: Uuid) -> Result<Customer, ApiFailure> {
    get(&format!("/api/customers/{id}")).await
}

/// Creates a customer. The same `idempotency_key` for the same form never creates two: a retry
/// after a lost answer gets the same customer.
pub async fn create_customer(
    form: &CustomerForm,
    idempotency_key: &str,
) -> Result<CreatedCustomer, ApiFailure> {
    send_json(
        Request::post("/api/customers").header("Idempotency-Key", idempotency_key),
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
