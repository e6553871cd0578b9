use crate::csv_export;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::routes::{Access, ApiRoute};
use crate::startup::AppState;
use crate::store::customers::{self, Creation};
use crate::store::{invitations, links, referrals};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Action;
use shared::api::{
    CreateCustomerQuery, CreatedCustomer, Customer, CustomerForm, CustomerList, CustomerListQuery,
};
use shared::customer::{CustomerProfile, DomainPrefix, NewCustomer};
use shared::i18n::Msg;
use shared::instance::ProgramRole;
use shared::invitation::Invitation;
use shared::regions::CountryCode;
use shared::relationship::EndRelationshipForm;
use shared::relationship::Relationship;
use shared::subscription::{Subscription, SubscriptionStatus};
use shared::{Field, FieldError, FieldErrors};
use uuid::Uuid;

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/customers", Access::Allowed(Action::ViewCustomers), list),
        ApiRoute::get(
            "/customers/export.csv",
            Access::Allowed(Action::ViewCustomers),
            export,
        ),
        ApiRoute::post(
            "/customers",
            Access::Allowed(Action::CreateCustomers),
            create,
        ),
        ApiRoute::get(
            "/customers/{id}",
            Access::Allowed(Action::ViewCustomers),
            get_one,
        ),
        // Billing admins edit the billing profile only; `update` checks company fields.
        ApiRoute::put(
            "/customers/{id}",
            Access::Allowed(Action::EditBillingProfile),
            update,
        ),
        ApiRoute::delete(
            "/customers/{id}",
            Access::Allowed(Action::EndRelationship),
            remove,
        ),
        ApiRoute::post(
            "/customers/{id}/end",
            Access::Allowed(Action::EndRelationship),
            end_relationship,
        ),
        ApiRoute::get(
            "/customers/{id}/invitation",
            Access::Allowed(Action::ViewCustomers),
            invitation_of,
        ),
        ApiRoute::get(
            "/customers/{id}/subscriptions",
            Access::Allowed(Action::ViewCustomers),
            subscriptions,
        ),
        // Suspending or cancelling clears the way to ending: the same people may do both.
        ApiRoute::post(
            "/customers/{id}/subscriptions/{subscription_id}/suspend",
            Access::Allowed(Action::EndRelationship),
            suspend_subscription,
        ),
        ApiRoute::post(
            "/customers/{id}/subscriptions/{subscription_id}/cancel",
            Access::Allowed(Action::EndRelationship),
            cancel_subscription,
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<CustomerListQuery>,
) -> Result<Json<CustomerList>, AppError> {
    check_list_query(&query)?;
    Ok(Json(customers::list(&state.db, &ctx, &query).await?))
}

/// 400 for a search too long, a page size out of range, or both cursors at once.
fn check_list_query(query: &CustomerListQuery) -> Result<(), AppError> {
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

/// The customers matching the list's filter, as a streamed CSV file with headers in `lang`.
#[tracing::instrument(skip_all)]
async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<CustomerListQuery>,
) -> Result<Response, AppError> {
    check_list_query(&CustomerListQuery {
        per_page: CustomerListQuery::DEFAULT_PER_PAGE,
        ..query.clone()
    })?;
    // A bad filter is a 400 now, not a broken download later.
    customers::export_query(&ctx, &query)?;
    let locale = csv_export::locale(query.lang.as_deref());
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
        header,
        move |rows| async move {
            use futures_util::StreamExt;
            let Ok(mut sql) = customers::export_query(&ctx, &query) else {
                return;
            };
            let mut found = sql
                .build_query_as::<customers::ExportRow>()
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

/// The Idempotency-Key header, if sent: 1–200 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, AppError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| (1..=200).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .map(|k| Some(k.to_string()))
        .ok_or_else(|| AppError::MalformedRequest {
            status: StatusCode::BAD_REQUEST,
            message: "Idempotency-Key must be 1 to 200 visible ASCII characters.".into(),
        })
}

/// A create response: 201 with Location, the account and the one-time password.
fn created(customer: Customer, temporary_password: String, replayed: bool) -> Response {
    let location = format!("/api/customers/{}", customer.id);
    let mut response = (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(CreatedCustomer {
            customer,
            temporary_password,
        }),
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    response
}

/// Answers a create already done under the same key: the same customer, with a fresh
/// temporary password (the first one was never stored in clear).
async fn replay(
    state: &AppState,
    ctx: &Ctx,
    prior: customers::PriorCreate,
    request: &str,
) -> Result<Response, AppError> {
    if prior.request != request {
        return Err(AppError::Conflict(
            "This Idempotency-Key was already used for a different request.".into(),
        ));
    }
    let customer = customers::get(state.db.readers(), ctx, prior.customer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let temporary_password = crate::password::generate_temporary();
    let hash = crate::password::digest_generated(&temporary_password);
    customers::reset_admin_password(&state.db, ctx, customer.id, &hash).await?;
    tracing::info!(customer_id = %customer.id, "create replayed");
    Ok(created(customer, temporary_password, true))
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
    // The request as recorded with its key: serde writes fields in declaration order.
    let request = serde_json::to_string(&form).map_err(anyhow::Error::new)?;
    if let Some(key) = &key {
        if let Some(prior) = customers::prior_create(&state.db, &ctx, key).await? {
            return replay(&state, &ctx, prior, &request).await;
        }
    }

    if let Some(referral) = from.referral {
        // 404 for another partner's, 409 unless accepted: before any field is judged.
        referrals::check_accepted(&state.db, &ctx, referral).await?;
    }
    let parsed = NewCustomer::parse(&form, &ctx.rule_context());
    // A taken domain is reported with the other problems, not only after they are fixed.
    if let Ok(prefix) = DomainPrefix::parse(&form.domain_prefix) {
        if customers::domain_taken(&state.db, &ctx, &prefix).await? {
            if let Some(replayed) = replay_if_raced(&state, &ctx, key.as_deref(), &request).await? {
                return Ok(replayed);
            }
            let mut errors = parsed.err().unwrap_or_default();
            errors.insert(Field::DomainPrefix, FieldError::Taken);
            return Err(AppError::Validation(errors));
        }
    }
    let customer = parsed.map_err(AppError::Validation)?;
    if let Some(reseller) = customer.indirect_reseller {
        // Only an indirect provider may name a reseller, and only one of its active links.
        let linked = ctx.program == ProgramRole::IndirectProvider
            && links::active_reseller(state.db.readers(), &ctx, reseller)
                .await?
                .is_some();
        if !linked {
            return Err(AppError::field(
                Field::IndirectReseller,
                FieldError::NotInList,
            ));
        }
    }

    let temporary_password = crate::password::generate_temporary();
    let hash = crate::password::digest_generated(&temporary_password);
    let result = state
        .creations
        .create(
            &ctx,
            Creation {
                customer: &customer,
                relationship: Relationship::Active,
                admin_password_hash: &hash,
                created_at: &crate::timestamp::now(),
                idempotency: key.as_deref().map(|k| (k, request.as_str())),
                referral: from.referral,
            },
        )
        .await;
    match result {
        Ok(customer) => {
            tracing::info!(customer_id = %customer.id, "customer created");
            Ok(created(customer, temporary_password, false))
        }
        Err(AppError::Validation(errors))
            if errors.get(&Field::DomainPrefix) == Some(&FieldError::Taken) =>
        {
            match replay_if_raced(&state, &ctx, key.as_deref(), &request).await? {
                Some(replayed) => Ok(replayed),
                None => Err(AppError::Validation(errors)),
            }
        }
        Err(other) => Err(other),
    }
}

/// A taken domain may be this very request's doing: the same Idempotency-Key raced in twice
/// and the other request created the customer after this one looked for the key. Then this
/// one is answered as a replay, not with `taken`.
async fn replay_if_raced(
    state: &AppState,
    ctx: &Ctx,
    key: Option<&str>,
    request: &str,
) -> Result<Option<Response>, AppError> {
    let Some(key) = key else {
        return Ok(None);
    };
    match customers::prior_create(&state.db, ctx, key).await? {
        Some(prior) => replay(state, ctx, prior, request).await.map(Some),
        None => Ok(None),
    }
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
    customers::get_visible(&state.db, &ctx, id)
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

/// Values that can't change once the account exists must be sent empty or unchanged: a
/// different value is refused rather than silently dropped.
fn read_only_changes(form: &CustomerForm, stored: &CustomerForm) -> FieldErrors {
    let same_country = CountryCode::parse(&form.country).ok().map(String::from)
        == CountryCode::parse(&stored.country).ok().map(String::from);
    let same_domain = form
        .domain_prefix
        .trim()
        .eq_ignore_ascii_case(&stored.domain_prefix);
    [
        (Field::Country, same_country),
        (Field::DomainPrefix, same_domain),
        (
            Field::AgreementFirstName,
            form.agreement_first_name.trim() == stored.agreement_first_name,
        ),
        (
            Field::AgreementLastName,
            form.agreement_last_name.trim() == stored.agreement_last_name,
        ),
        (
            Field::AgreementEmail,
            form.agreement_email
                .trim()
                .eq_ignore_ascii_case(&stored.agreement_email),
        ),
        (
            Field::AgreementDate,
            form.agreement_date.trim() == stored.agreement_date,
        ),
        (
            Field::IndirectReseller,
            form.indirect_reseller
                .trim()
                .eq_ignore_ascii_case(&stored.indirect_reseller),
        ),
    ]
    .into_iter()
    .filter(|(field, same)| !same && !form.get(*field).trim().is_empty())
    .map(|(field, _)| (field, FieldError::ReadOnly))
    .collect()
}

/// Edits the company and billing profile. Needs If-Match with the version read; a stale one
/// gets 412 and nothing is written, so no concurrent change is ever lost.
#[tracing::instrument(skip_all)]
async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(form): ApiJson<CustomerForm>,
) -> Result<Response, AppError> {
    let expected = if_match(&headers)?;
    let stored = customers::get(state.db.readers(), &ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = read_only_changes(&form, &stored.to_form());
    let profile = CustomerProfile::parse(&form, &stored.country, &ctx.rule_context());
    if let Err(profile_errors) = &profile {
        errors.extend(profile_errors.clone());
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let profile = profile.map_err(AppError::Validation)?;
    let company_fields_changed = profile.company_name != stored.company_name
        || profile.registration_number != stored.registration_number
        || profile.language != stored.language;
    if company_fields_changed {
        ctx.require(Action::EditCompanyProfile)?;
    }
    let expected = expected.ok_or(AppError::PreconditionFailed)?;
    match customers::update_profile(&state.db, &ctx, id, expected, &profile).await? {
        Some(updated) => {
            tracing::info!(customer_id = %id, version = updated.version, "customer updated");
            Ok(with_etag(updated))
        }
        None => Err(AppError::PreconditionFailed),
    }
}

/// Ends the relationship: a reason (and text for `other`), no active subscriptions.
#[tracing::instrument(skip_all)]
async fn end_relationship(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<EndRelationshipForm>,
) -> Result<Response, AppError> {
    // An unknown or foreign customer is 404 before the form is judged.
    customers::get(state.db.readers(), &ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let end = form.parse().map_err(AppError::Validation)?;
    let customer = customers::end_relationship(&state.db, &ctx, id, &end).await?;
    tracing::info!(customer_id = %id, reason = end.reason.as_str(), "relationship ended");
    Ok(with_etag(customer))
}

#[tracing::instrument(skip_all)]
async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    customers::remove(&state.db, &ctx, id).await?;
    tracing::info!(customer_id = %id, "customer removed");
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

#[tracing::instrument(skip_all)]
async fn subscriptions(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Subscription>>, AppError> {
    customers::get(state.db.readers(), &ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(
        crate::store::subscriptions::list(&state.db, &ctx, id).await?,
    ))
}

async fn set_subscription_status(
    state: &AppState,
    ctx: &Ctx,
    customer: Uuid,
    id: Uuid,
    status: SubscriptionStatus,
) -> Result<Json<Subscription>, AppError> {
    let subscription =
        crate::store::subscriptions::set_status(&state.db, ctx, customer, id, status).await?;
    tracing::info!(subscription_id = %id, status = status.as_str(), "subscription changed");
    Ok(Json(subscription))
}

#[tracing::instrument(skip_all)]
async fn suspend_subscription(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((customer, id)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<Subscription>, AppError> {
    set_subscription_status(&state, &ctx, customer, id, SubscriptionStatus::Suspended).await
}

#[tracing::instrument(skip_all)]
async fn cancel_subscription(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((customer, id)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<Subscription>, AppError> {
    set_subscription_status(&state, &ctx, customer, id, SubscriptionStatus::Cancelled).await
}
