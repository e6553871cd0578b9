use crate::csv_export;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::service::customers::{self as service, CreateRequest, Created};
use crate::state::AppState;
use crate::store::customers::{self, IdempotencyKey};
use crate::store::invitations;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Action;
use shared::api::{
    CreateCustomerQuery, CreatedCustomer, Customer, CustomerForm, CustomerList, CustomerListQuery,
};
use shared::i18n::Msg;
use shared::import::ExportEncoding;
use shared::invitation::Invitation;
use shared::regions::CountryCode;
use shared::relationship::EndRelationshipForm;
use shared::relationship::Relationship;
use uuid::Uuid;

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/customers", Access::Allowed(Action::ViewCustomers), list)
        .doc(
            RouteDoc::new("List customers")
                .detail("Searched, filtered, sorted and paged by cursor.")
                .query::<shared::api::CustomerListQuery>()
                .answers::<shared::api::CustomerList>(200, "A page of customers.")
        ),
        ApiRoute::get(
            "/customers/export.csv",
            Access::Allowed(Action::ViewCustomers),
            export,
        )
        .doc(
            RouteDoc::new("Export customers")
                .query::<shared::api::CustomerListQuery>()
                .answers_with(200, "The matching customers as CSV, streamed, in the chosen encoding.", Payload::Csv)
        ),
        ApiRoute::post(
            "/customers",
            Access::Allowed(Action::CreateCustomers),
            create,
        )
        .doc(
            RouteDoc::new("Create a customer")
                    .creates("/customer/id", "/customers")
                .detail("Creates the customer account and its tenant. Send an `Idempotency-Key` header to make a retry safe: the same key answers the first result again (`idempotent-replayed: true`).")
                .header("idempotency-key", false, "1 to 200 visible ASCII characters; retries with the same key create nothing twice.")
                .query::<shared::api::CreateCustomerQuery>()
                .body::<shared::customer::CustomerForm>()
                .answers::<shared::api::CreatedCustomer>(201, "The new customer and its admin's temporary password.")
                .refused(404, "The referral named by `referral` doesn't exist.")
                    .refused(409, "The domain is taken, or the key was used with another body.")
        ),
        ApiRoute::get(
            "/customers/similar",
            Access::Allowed(Action::CreateCustomers),
            similar,
        )
        .doc(
            RouteDoc::new("Find customers like a new one")
                .detail("Possible duplicates by name, domain and address, before creating.")
                .query::<shared::similar::SimilarQuery>()
                .answers::<shared::similar::SimilarCustomers>(200, "The similar customers.")
        ),
        ApiRoute::get(
            "/customers/{id}",
            Access::Allowed(Action::ViewCustomers),
            get_one,
        )
        .doc(
            RouteDoc::new("Read a customer")
                .detail("The `ETag` header carries its version, for `If-Match` on update.")
                .answers::<shared::api::Customer>(200, "The customer.")
        ),
        // Billing admins edit the billing profile only; `update` checks company fields.
        ApiRoute::put(
            "/customers/{id}",
            Access::Allowed(Action::EditBillingProfile),
            update,
        )
        .doc(
            RouteDoc::new("Update a customer")
                .detail("Needs the `If-Match` header with the version read (`ETag`). Billing admins change the billing profile only.")
                .header("if-match", true, "The customer's `ETag` as read.")
                .body::<shared::customer::CustomerForm>()
                .answers::<shared::api::Customer>(200, "The updated customer.")
                .refused(409, "The relationship has ended.")
                .refused(412, "Someone else changed it since it was read.")
                .refused(428, "No `If-Match` header.")
        ),
        ApiRoute::delete(
            "/customers/{id}",
            Access::Allowed(Action::EndRelationship),
            remove,
        )
        .doc(
            RouteDoc::new("Remove an ended customer")
                .answers_with(204, "Removed.", Payload::Empty)
                .refused(409, "The relationship hasn't ended.")
        ),
        ApiRoute::post(
            "/customers/{id}/admin-password",
            Access::Allowed(Action::CreateCustomers),
            new_admin_password,
        )
        .doc(
            RouteDoc::new("Issue a new temporary admin password")
                .answers::<shared::api::NewAdminPassword>(200, "The new temporary password, shown once.")
                .refused(409, "The customer isn't active.")
        ),
        ApiRoute::post(
            "/customers/{id}/end",
            Access::Allowed(Action::EndRelationship),
            end_relationship,
        )
        .doc(
            RouteDoc::new("End the reseller relationship")
                .detail("Every subscription must be cancelled or expired first.")
                .body::<shared::relationship::EndRelationshipForm>()
                .answers::<shared::api::Customer>(200, "The customer, now ended.")
                .refused(409, "Subscriptions not cancelled, or already ended.")
        ),
        ApiRoute::get(
            "/customers/{id}/invitation",
            Access::Allowed(Action::ViewCustomers),
            invitation_of,
        )
        .doc(
            RouteDoc::new("Read a customer's invitation")
                .answers::<shared::invitation::Invitation>(200, "The latest invitation.")
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(mut query): ApiQuery<CustomerListQuery>,
) -> Result<Json<CustomerList>, AppError> {
    check_list_query(&mut query)?;
    Ok(Json(customers::list(&state.db, &ctx, &query).await?))
}

/// 400 for a search too long or with control characters, a page size out of range, or both
/// cursors at once. The search is put in NFC, as stored text is.
fn check_list_query(query: &mut CustomerListQuery) -> Result<(), AppError> {
    if let std::borrow::Cow::Owned(q) = crate::extract::nfc(&query.q) {
        query.q = q;
    }
    // NUL and other control characters are no text anyone searches for (SQLite's FTS5 refused
    // the NUL with an internal error, and the export stopped after its header line).
    if query.q.chars().any(char::is_control) {
        return Err(customers::bad_query(
            "q must not contain control characters",
        ));
    }
    if query.q.chars().count() > CustomerListQuery::MAX_SEARCH_CHARS {
        return Err(customers::bad_query(&format!(
            "q is at most {} characters",
            CustomerListQuery::MAX_SEARCH_CHARS
        )));
    }
    if !(1..=CustomerListQuery::MAX_PER_PAGE).contains(&query.per_page) {
        return Err(customers::bad_query(&format!(
            "per_page is 1 to {}",
            CustomerListQuery::MAX_PER_PAGE
        )));
    }
    if query.after.is_some() && query.before.is_some() {
        return Err(customers::bad_query("after or before, not both"));
    }
    Ok(())
}

/// Customers that may be the same company as the one being added.
#[tracing::instrument(skip_all)]
async fn similar(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<shared::similar::SimilarQuery>,
) -> Result<Json<shared::similar::SimilarCustomers>, AppError> {
    Ok(Json(service::similar(&state.db, &ctx, &query).await?))
}

/// The customers matching the list's filter, as a streamed CSV file with headers in `lang`.
#[tracing::instrument(skip_all)]
async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(mut query): ApiQuery<CustomerListQuery>,
) -> Result<Response, AppError> {
    // Any page size: the export has no pages.
    let per_page = std::mem::replace(&mut query.per_page, CustomerListQuery::DEFAULT_PER_PAGE);
    check_list_query(&mut query)?;
    query.per_page = per_page;
    // A bad filter is a 400 now, not a broken download later.
    customers::export_query(state.db.backend(), &ctx, &query)?;
    let locale = csv_export::locale(query.lang.as_deref());
    let encoding = query.encoding.unwrap_or(ExportEncoding::ForExcel);
    let header = csv_export::line(&[
        locale.text(Msg::ColCompany),
        locale.text(Msg::ColPrimaryDomain),
        locale.text(Msg::ColCountry),
        locale.text(Msg::ColRelationship),
        locale.text(Msg::Contact),
        locale.text(Msg::LabelEmail),
        locale.text(Msg::ColCreated),
    ]);
    let db = state.db.clone();
    Ok(csv_export::download(
        "partnerdesk-customers.csv",
        encoding,
        header,
        move |rows| async move {
            use futures_util::StreamExt;
            let Ok(sql) = customers::export_query(db.backend(), &ctx, &query) else {
                return;
            };
            let (text, arguments) = sql.into_parts();
            let mut found = sqlx::query_as_with::<_, customers::ExportRow, _>(&text, arguments)
                .fetch(db.readers());
            while let Some(row) = found.next().await {
                let line = row.map_err(anyhow::Error::new).map(|r| {
                    let domain = format!(
                        "{}.{}",
                        r.domain_prefix,
                        shared::instance::CloudInstance::parse(&r.instance)
                            .map(|i| i.domain_suffix())
                            .unwrap_or_default()
                    );
                    let country = CountryCode::parse(&r.country)
                        .map(|c| c.name(locale).to_string())
                        .unwrap_or(r.country);
                    let relationship = Relationship::parse(&r.relationship)
                        .map(|rel| locale.text(rel.label()).to_string())
                        .unwrap_or(r.relationship);
                    csv_export::line(&[
                        &r.company_name,
                        &domain,
                        &country,
                        &relationship,
                        &format!("{} {}", r.contact_first_name, r.contact_last_name),
                        &r.contact_email,
                        &r.created_at,
                    ])
                });
                if !rows.send(line).await {
                    return;
                }
            }
        },
    ))
}

/// A new temporary password for the customer's administrator, shown once.
#[tracing::instrument(skip_all)]
async fn new_admin_password(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<shared::api::NewAdminPassword>, AppError> {
    let temporary_password =
        crate::service::customers::new_admin_password(&state.db, &ctx, id).await?;
    Ok(Json(shared::api::NewAdminPassword { temporary_password }))
}

/// The Idempotency-Key header, if sent (400 when it isn't a key).
pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<Option<IdempotencyKey>, AppError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(IdempotencyKey::parse)
        .map(Some)
        .ok_or_else(|| AppError::MalformedRequest {
            status: StatusCode::BAD_REQUEST,
            message: "Idempotency-Key must be 1 to 200 visible ASCII characters.".into(),
        })
}

/// A create response: 201 with Location, the account and the one-time password.
fn created(created: Created) -> Response {
    let location = format!("/api/customers/{}", created.customer.id);
    let mut response = (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(CreatedCustomer {
            customer: created.customer,
            temporary_password: created.temporary_password,
        }),
    )
        .into_response();
    if created.replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    response
}

#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiQuery(from): ApiQuery<CreateCustomerQuery>,
    ApiJson(form): ApiJson<CustomerForm>,
) -> Result<Response, AppError> {
    let key = idempotency_key(&headers)?;
    let request = CreateRequest {
        form: &form,
        idempotency_key: key.as_ref(),
        referral: from.referral,
    };
    service::create_requested(&state.db, &state.creations, &ctx, request)
        .await
        .map(created)
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).expect("digits are a valid header value")
}

fn with_etag(customer: Customer) -> Response {
    let tag = etag(customer.version);
    let mut response = Json(customer).into_response();
    response.headers_mut().insert(header::ETAG, tag);
    response
}

#[tracing::instrument(skip_all)]
async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, AppError> {
    service::get(&state.db, &ctx, id)
        .await?
        .map(with_etag)
        .ok_or(AppError::NotFound)
}

/// The version named by If-Match (`"3"` or `W/"3"`). `None` when it names no version we issued.
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, AppError> {
    let value = headers
        .get(header::IF_MATCH)
        .ok_or(AppError::PreconditionRequired)?;
    Ok(value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse().ok()))
}

/// Edits the company and billing profile. Needs If-Match with the version read.
#[tracing::instrument(skip_all)]
async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(form): ApiJson<CustomerForm>,
) -> Result<Response, AppError> {
    let expected = if_match(&headers)?;
    service::update_profile(&state.db, &ctx, id, expected, &form)
        .await
        .map(with_etag)
}

/// Ends the relationship: a reason (and text for `other`), no active subscriptions.
#[tracing::instrument(skip_all)]
async fn end_relationship(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<EndRelationshipForm>,
) -> Result<Response, AppError> {
    service::end_relationship(&state.db, &ctx, id, &form)
        .await
        .map(with_etag)
}

#[tracing::instrument(skip_all)]
async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    service::remove(&state.db, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
async fn invitation_of(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Invitation>, AppError> {
    invitations::of_customer(&state.db, &ctx, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}
