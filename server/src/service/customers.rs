//! Customer accounts' use cases: create (the one way a customer comes to exist), edit the
//! profile, end the relationship, remove.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
pub use crate::service::creation::{create, create_in};
use crate::service::creations::Creations;
use crate::store::audit::{self, Actor};
use crate::store::customers::{self, Creation, IdempotencyKey};
use crate::store::{links, referrals, subscriptions};
use anyhow::anyhow;
use shared::access::Action;
use shared::api::{Customer, CustomerForm, ErrorCode};
use shared::audit::AuditAction;
use shared::customer::{CustomerProfile, DomainPrefix, NewCustomer};
use shared::instance::ProgramRole;
use shared::relationship::{end_refusal, EndRefusal, EndRelationshipForm, Relationship};
use shared::{Field, FieldError, FieldErrors};
use uuid::Uuid;

/// The form's problems with the "domain already taken" check added, so that a taken domain is
/// reported with the other problems, not only after they are fixed.
pub async fn check_new<T>(
    db: &Db,
    ctx: &Ctx,
    domain_prefix: &str,
    parsed: Result<T, FieldErrors>,
) -> Result<Result<T, FieldErrors>, AppError> {
    if let Ok(prefix) = DomainPrefix::parse(domain_prefix) {
        if customers::domain_taken(db, ctx, &prefix).await? {
            let mut errors = parsed.err().unwrap_or_default();
            errors.insert(Field::DomainPrefix, FieldError::Taken);
            return Ok(Err(errors));
        }
    }
    Ok(parsed)
}

/// What a create request asks for, beyond the form.
pub struct CreateRequest<'a> {
    pub form: &'a CustomerForm,
    pub idempotency_key: Option<&'a IdempotencyKey>,
    /// The accepted referral the customer comes from.
    pub referral: Option<Uuid>,
}

/// A created customer, with its admin's temporary password (given once: `None` in a replay).
pub struct Created {
    pub customer: Customer,
    pub temporary_password: Option<String>,
    /// Answered from an earlier request with the same Idempotency-Key.
    pub replayed: bool,
}

/// The API's create: the referral must be accepted, the form valid, the domain free, a named
/// reseller one of the provider's active links. Written in the next batch (`Creations`); a
/// request repeated with its Idempotency-Key gets the customer the first one created.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn create_requested(
    db: &Db,
    creations: &Creations,
    ctx: &Ctx,
    request: CreateRequest<'_>,
) -> Result<Created, AppError> {
    let key = request.idempotency_key;
    // The request as recorded with its key: serde writes fields in declaration order.
    let canonical = serde_json::to_string(request.form).map_err(anyhow::Error::new)?;
    if let Some(key) = key {
        if let Some(prior) = customers::prior_create(db, ctx, key).await? {
            return replay(db, ctx, prior, &canonical).await;
        }
    }
    if let Some(referral) = request.referral {
        // 404 for another partner's, 409 unless accepted: before any field is judged.
        referrals::check_accepted(db, ctx, referral).await?;
    }
    let parsed = NewCustomer::parse(request.form, &ctx.rule_context());
    let checked = check_new(db, ctx, &request.form.domain_prefix, parsed).await?;
    let customer = match checked {
        Ok(customer) => customer,
        Err(errors) => {
            if errors.get(&Field::DomainPrefix) == Some(&FieldError::Taken) {
                if let Some(replayed) = replay_if_raced(db, ctx, key, &canonical).await? {
                    return Ok(replayed);
                }
            }
            return Err(AppError::Validation(errors));
        }
    };
    if let Some(reseller) = customer.indirect_reseller {
        // Only an indirect provider may name a reseller, and only one of its active links.
        let linked = ctx.program == ProgramRole::IndirectProvider
            && links::active_reseller(db.readers(), ctx, reseller)
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
    let result = creations
        .create(
            ctx,
            Creation {
                customer: &customer,
                relationship: Relationship::Active,
                admin_password_hash: &hash,
                created_at: &crate::timestamp::now(),
                idempotency: key.map(|k| (k, canonical.as_str())),
                referral: request.referral,
            },
        )
        .await;
    match result {
        Ok(customer) => {
            tracing::info!(customer_id = %customer.id, "customer created");
            Ok(Created {
                customer,
                temporary_password: Some(temporary_password),
                replayed: false,
            })
        }
        Err(AppError::Validation(errors))
            if errors.get(&Field::DomainPrefix) == Some(&FieldError::Taken) =>
        {
            match replay_if_raced(db, ctx, key, &canonical).await? {
                Some(replayed) => Ok(replayed),
                None => Err(AppError::Validation(errors)),
            }
        }
        Err(other) => Err(other),
    }
}

/// Answers a create already done under the same key: the same customer, and nothing changed —
/// no temporary password (the first answer had it; it was never stored in clear).
async fn replay(
    db: &Db,
    ctx: &Ctx,
    prior: customers::PriorCreate,
    request: &str,
) -> Result<Created, AppError> {
    if prior.request != request {
        return Err(AppError::Conflict(
            "This Idempotency-Key was already used for a different request.".into(),
        ));
    }
    let customer = customers::get(db.readers(), ctx, prior.customer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    tracing::info!(customer_id = %customer.id, "create replayed");
    Ok(Created {
        customer,
        temporary_password: None,
        replayed: true,
    })
}

/// The partner's customers that may be the same company as one with this name and contact
/// e-mail (a warning while adding a customer, never a refusal).
pub async fn similar(
    db: &Db,
    ctx: &Ctx,
    query: &shared::similar::SimilarQuery,
) -> Result<shared::similar::SimilarCustomers, AppError> {
    let name_key = shared::similar::company_name_key(query.company_name.trim());
    let email_domain = shared::similar::email_domain_key(query.contact_email.trim());
    let items = customers::similar(
        db,
        ctx,
        &name_key,
        &email_domain,
        shared::similar::SimilarCustomers::MAX,
    )
    .await?;
    Ok(shared::similar::SimilarCustomers { items })
}

/// One customer as its page shows it: the row the partner may see, with who saved it last.
pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Option<Customer>, AppError> {
    customers::get_visible(db, ctx, id).await
}

/// Issues a new temporary password for the customer's administrator (the old one stops
/// working), audited; for an active customer the partner owns. This is how a password whose
/// create answer was lost — a replay hands out none — or that the customer mislaid is replaced.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn new_admin_password(db: &Db, ctx: &Ctx, id: Uuid) -> Result<String, AppError> {
    let mut tx = db.write().await?;
    let customer = customers::get(&mut *tx, ctx, id)
        .await?
        .filter(|c| {
            c.channel
                .as_ref()
                .is_none_or(|ch| ch.provider.id == ctx.partner_id)
        })
        .ok_or(AppError::NotFound)?;
    if customer.relationship != Relationship::Active {
        return Err(AppError::state(
            shared::api::ErrorCode::RelationshipNotActive,
            "Only an active customer's administrator has a password to replace.",
        ));
    }
    let temporary_password = crate::password::generate_temporary();
    let hash = crate::password::digest_generated(&temporary_password);
    customers::set_admin_password(&mut tx, ctx, id, &hash).await?;
    // Who and when only: the log never holds a password or its hash.
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::event(
            AuditAction::AdminPasswordReset,
            "customer",
            id.to_string(),
            Some(id),
        ),
    )
    .await?;
    tx.commit().await?;
    tracing::info!("customer admin password reissued");
    Ok(temporary_password)
}

/// A taken domain may be this very request's doing: the same Idempotency-Key raced in twice
/// and the other request created the customer after this one looked for the key. Then this
/// one is answered as a replay, not with `taken`.
async fn replay_if_raced(
    db: &Db,
    ctx: &Ctx,
    key: Option<&IdempotencyKey>,
    request: &str,
) -> Result<Option<Created>, AppError> {
    let Some(key) = key else {
        return Ok(None);
    };
    match customers::prior_create(db, ctx, key).await? {
        Some(prior) => replay(db, ctx, prior, request).await.map(Some),
        None => Ok(None),
    }
}

/// Edits the company and billing profile, if `expected_version` (If-Match) is still the
/// stored one: a stale version is 412 and nothing is written, so no concurrent change is lost.
/// Company fields need the right to edit the company profile; an ended customer is read-only.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn update_profile(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    expected_version: Option<i64>,
    form: &CustomerForm,
) -> Result<Customer, AppError> {
    let stored = customers::get(db.readers(), ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let profile = CustomerProfile::parse_edit(
        form,
        &stored.to_form(),
        &stored.country,
        &ctx.rule_context(),
    )
    .map_err(AppError::Validation)?;
    let company_fields_changed = profile.company_name != stored.profile.company_name
        || profile.registration_number != stored.profile.registration_number
        || profile.language != stored.profile.language;
    if company_fields_changed {
        ctx.require(Action::EditCompanyProfile)?;
    }
    let expected = expected_version.ok_or(AppError::PreconditionFailed)?;

    let mut tx = db.write().await?;
    let before = customers::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if before.relationship.is_read_only() {
        return Err(AppError::state(
            ErrorCode::RelationshipNotActive,
            "The relationship has ended: the customer is read-only.",
        ));
    }
    if !customers::write_profile(&mut tx, ctx, id, expected, &profile).await? {
        return Err(AppError::PreconditionFailed);
    }
    let after = customers::get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("updated customer vanished"))?;
    customers::record(
        &mut tx,
        ctx,
        AuditAction::CustomerUpdated,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(version = after.version, "customer updated");
    Ok(after)
}

/// Ends the relationship (docs/domain.md "Reseller relationship"): a reason (and a text for
/// `other`), an active relationship and no subscription that blocks it. The record stays,
/// read-only.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn end_relationship(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    form: &EndRelationshipForm,
) -> Result<Customer, AppError> {
    // An unknown or foreign customer is 404 before the form is judged.
    customers::get(db.readers(), ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let end = form.parse().map_err(AppError::Validation)?;
    let mut tx = db.write().await?;
    let before = customers::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let blocking = subscriptions::blocking_ending(&mut tx, ctx, id).await?;
    match end_refusal(before.relationship, blocking.len() as u32) {
        None => {}
        Some(EndRefusal::NotActive(state)) => {
            return Err(AppError::state(
                ErrorCode::RelationshipNotActive,
                format!(
                    "Only an active relationship can end; this one is {}.",
                    state.as_str()
                ),
            ))
        }
        Some(EndRefusal::BlockingSubscriptions(n)) => {
            let named: Vec<String> = blocking
                .iter()
                .map(|(offer, status)| format!("{offer} ({})", status.as_str()))
                .collect();
            return Err(AppError::state(
                ErrorCode::ActiveSubscriptions,
                format!(
                    "{n} subscriptions aren't cancelled (a suspended one is still billed): \
                     cancel them first: {}.",
                    named.join(", ")
                ),
            ));
        }
    }
    customers::mark_ended(&mut tx, ctx, id, &end).await?;
    // No admin access outlives the reseller relationship (docs/domain.md).
    crate::service::admin_relationships::terminate_all_of_customer_in(&mut tx, ctx, id).await?;
    let after = customers::get(&mut *tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("ended customer vanished"))?;
    customers::record(
        &mut tx,
        ctx,
        AuditAction::CustomerEnded,
        id,
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(reason = end.reason.as_str(), "relationship ended");
    Ok(after)
}

/// Removes a customer that never became active (invited, expired or revoked), with its
/// invitation. Active and ended customers are ended, not removed: their history stays.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn remove(db: &Db, ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let before = customers::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !before.relationship.can_remove() {
        return Err(AppError::state(
            ErrorCode::CustomerNotRemovable,
            "Active and ended customers are ended, not removed.",
        ));
    }
    customers::delete(&mut tx, ctx, id).await?;
    customers::record(
        &mut tx,
        ctx,
        AuditAction::CustomerRemoved,
        id,
        Some(&before),
        None,
    )
    .await?;
    tx.commit().await?;
    tracing::info!("customer removed");
    Ok(())
}
