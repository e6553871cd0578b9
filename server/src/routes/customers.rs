use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::startup::AppState;
use crate::store::customers::{self, Creation};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::{
    CreatedCustomer, Customer, CustomerForm, CustomerListQuery, CustomerSummary, Page,
};
use shared::customer::{DomainPrefix, NewCustomer, Relationship};
use shared::{Field, FieldError};
use uuid::Uuid;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/customers", get(list).post(create))
        .route("/customers/{id}", get(get_one))
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<CustomerListQuery>,
) -> Result<Json<Page<CustomerSummary>>, AppError> {
    if query.page == 0 || !(1..=CustomerListQuery::MAX_PER_PAGE).contains(&query.per_page) {
        return Err(AppError::MalformedRequest {
            status: StatusCode::BAD_REQUEST,
            message: format!(
                "page starts at 1; per_page is 1 to {}",
                CustomerListQuery::MAX_PER_PAGE
            ),
        });
    }
    Ok(Json(
        customers::list(&state.db, &ctx, query.page, query.per_page).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(form): ApiJson<CustomerForm>,
) -> Result<impl IntoResponse, AppError> {
    let parsed = NewCustomer::parse(&form, &ctx.rule_context());
    // A taken domain is reported with the other problems, not only after they are fixed.
    if let Ok(prefix) = DomainPrefix::parse(&form.domain_prefix) {
        if customers::domain_taken(&state.db, &ctx, &prefix).await? {
            let mut errors = parsed.err().unwrap_or_default();
            errors.insert(Field::DomainPrefix, FieldError::Taken);
            return Err(AppError::Validation(errors));
        }
    }
    let customer = parsed.map_err(AppError::Validation)?;
    let temporary_password = crate::password::generate_temporary();
    let hash = crate::password::hash(temporary_password.clone()).await?;
    let created = customers::insert(
        &state.db,
        &ctx,
        Creation {
            customer: &customer,
            relationship: Relationship::Active,
            admin_password_hash: &hash,
            created_at: &crate::timestamp::now(),
        },
    )
    .await?;
    tracing::info!(customer_id = %created.id, "customer created");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/customers/{}", created.id))],
        Json(CreatedCustomer {
            customer: created,
            temporary_password,
        }),
    ))
}

#[tracing::instrument(skip_all)]
async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Customer>, AppError> {
    customers::get(&state.db, &ctx, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}
