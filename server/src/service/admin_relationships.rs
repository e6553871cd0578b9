//! Admin (GDAP) relationships: the partner asks (an e-mail to the customer's contact with a
//! single link), the customer's Global Administrator approves or declines on a page that needs
//! no partner sign-in, either side may end it, and a daily sweep extends or expires it
//! (docs/domain.md "Admin relationships"). Every step is audited.

use crate::clock::Clock;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::mail::Mailer;
use crate::store::admin_relationships::{self as store, ByToken};
use crate::store::audit::{self, Actor, Change};
use crate::store::customers::IdempotencyKey;
use crate::store::request_keys::{self, ADMIN_REQUEST_KEYS};
use crate::store::{customers, outbox};
use anyhow::anyhow;
use shared::admin_relationship::{
    AdminApprovalDetails, AdminApprovalForm, AdminDecision, AdminEndReason, AdminRelationship,
    AdminRelationshipForm, AdminRelationshipState, NewAdminRelationship, SweepStep,
};
use shared::api::Customer;
use shared::api::ErrorCode;
use shared::audit::AuditAction;
use shared::public_page::PublicPage;
use shared::{Field, FieldError};
use sqlx::AnyConnection;
use uuid::Uuid;

const OBJECT: &str = "admin-relationship";

/// The relationships with one of the partner's customers (404 for another's customer).
pub async fn of_customer(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
) -> Result<Vec<AdminRelationship>, AppError> {
    customers::get(db.readers(), ctx, customer)
        .await?
        .ok_or(AppError::NotFound)?;
    store::of_customer(db, ctx, customer, clock.today()).await
}

/// One of the partner's relationships (404 for another's).
pub async fn get(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    id: Uuid,
) -> Result<AdminRelationship, AppError> {
    store::get(db.readers(), ctx, id, clock.today())
        .await?
        .ok_or(AppError::NotFound)
}

/// What a request did.
pub enum Requested {
    Created(AdminRelationship),
    /// Answered from an earlier request with the same Idempotency-Key.
    Replayed(AdminRelationship),
}

/// The answer to a request repeated with its key: the relationship it made, or 409 when the
/// key was used for another request.
async fn replay(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    key: &IdempotencyKey,
    canonical: &str,
) -> Result<Option<Requested>, AppError> {
    let since = request_keys::cutoff(clock);
    let Some((prior, id)) = request_keys::prior(db, ctx, ADMIN_REQUEST_KEYS, key, &since).await?
    else {
        return Ok(None);
    };
    if prior != canonical {
        return Err(AppError::Conflict(
            "This Idempotency-Key was already used for a different request.".into(),
        ));
    }
    let made = store::get(db.readers(), ctx, id, clock.today())
        .await?
        .ok_or_else(|| anyhow!("requested admin relationship {id} vanished"))?;
    Ok(Some(Requested::Replayed(made)))
}

/// Asks an active customer for admin access: the request is stored awaiting approval, and the
/// customer's contact gets the link, in the customer's language. A retry with the same
/// Idempotency-Key gets the first request's relationship, even when the two raced.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %customer))]
pub async fn request(
    db: &Db,
    mailer: &Mailer,
    clock: &Clock,
    ctx: &Ctx,
    customer: Uuid,
    form: &AdminRelationshipForm,
    key: Option<&IdempotencyKey>,
) -> Result<Requested, AppError> {
    let request = form.parse().map_err(AppError::Validation)?;
    let canonical = serde_json::to_string(&(customer, form)).map_err(anyhow::Error::new)?;
    if let Some(key) = key {
        if let Some(answer) = replay(db, ctx, clock, key, &canonical).await? {
            return Ok(answer);
        }
    }
    let partner_name = crate::store::partners::me(db, ctx, shared::second_factor::SignInStep::Done)
        .await?
        .partner
        .name;
    let mut tx = db.write().await?;
    let account = customers::get(&mut *tx, ctx, customer)
        .await?
        .ok_or(AppError::NotFound)?;
    if !account.relationship.can_grant_admin_access() {
        return Err(AppError::state(
            ErrorCode::RelationshipNotActive,
            "Admin access can be asked of an active customer only.",
        ));
    }
    let created = request_in(
        &mut tx,
        ctx,
        &account,
        &request,
        &partner_name,
        &mailer.public_url,
        clock,
    )
    .await?;
    let Some(created) = created else {
        drop(tx);
        // The same key may have raced in: the first request's relationship holds the name.
        if let Some(key) = key {
            if let Some(answer) = replay(db, ctx, clock, key, &canonical).await? {
                return Ok(answer);
            }
        }
        return Err(AppError::field(Field::DisplayName, FieldError::Taken));
    };
    if let Some(key) = key {
        let cutoff = request_keys::cutoff(clock);
        let recorded = request_keys::record_in(
            &mut tx,
            ctx,
            ADMIN_REQUEST_KEYS,
            key,
            &canonical,
            created.id,
            &cutoff,
        )
        .await?;
        if !recorded {
            // The key raced in with another request (another name): that one stands.
            drop(tx);
            return replay(db, ctx, clock, key, &canonical)
                .await?
                .ok_or_else(|| anyhow!("a taken request key without its request").into());
        }
    }
    tx.commit().await?;
    mailer.nudge();
    tracing::info!(admin_relationship_id = %created.id, "admin access requested");
    Ok(Requested::Created(created))
}

/// Stores a request of `account` (an active customer, checked by the caller) awaiting
/// approval, queues the approval link to its contact in its language, and audits it as asked
/// by `ctx`'s user — all in the caller's transaction. `None` when an open relationship of the
/// partner has the name (nothing written).
#[allow(clippy::too_many_arguments)]
pub async fn request_in(
    tx: &mut AnyConnection,
    ctx: &Ctx,
    account: &Customer,
    request: &NewAdminRelationship,
    partner_name: &str,
    public_url: &str,
    clock: &Clock,
) -> Result<Option<AdminRelationship>, AppError> {
    let Some((id, token)) = store::insert_in(tx, ctx, account.id, request).await? else {
        return Ok(None);
    };
    let profile = &account.profile;
    let mail = crate::mail::admin_approval(&crate::mail::AdminApprovalMail {
        locale: profile.language,
        recipient: profile.contact_email.as_str(),
        partner_name,
        company_name: profile.company_name.as_str(),
        relationship_name: request.display_name.as_str(),
        roles: &request.roles,
        duration_days: request.duration_days,
        link: &PublicPage::AdminApproval.link_with_token(public_url, &token),
    });
    outbox::enqueue(tx, ctx.partner_id, &mail).await?;
    let created = store::get(&mut *tx, ctx, id, clock.today())
        .await?
        .ok_or_else(|| anyhow!("the new admin relationship vanished"))?;
    audit::record(
        tx,
        &Actor::User(ctx),
        Change::<(), _>::new(
            AuditAction::AdminRelationshipRequested,
            OBJECT,
            id,
            Some(account.id),
            None,
            Some(&created),
        ),
    )
    .await?;
    Ok(Some(created))
}

/// The partner ends a relationship (or withdraws its request): 409 when it is no longer open.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, admin_relationship_id = %id))]
pub async fn terminate(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    id: Uuid,
) -> Result<AdminRelationship, AppError> {
    let mut tx = db.write().await?;
    let before = store::get(&mut *tx, ctx, id, clock.today())
        .await?
        .ok_or(AppError::NotFound)?;
    if !store::terminate_in(&mut tx, ctx, id, AdminEndReason::Partner).await? {
        return Err(AppError::state(
            ErrorCode::AdminRelationshipNotOpen,
            "The admin relationship has ended already.",
        ));
    }
    let after = store::get(&mut *tx, ctx, id, clock.today())
        .await?
        .ok_or_else(|| anyhow!("the admin relationship vanished"))?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change {
            action: AuditAction::AdminRelationshipTerminated,
            object_type: OBJECT,
            object_id: id.to_string(),
            customer_id: Some(before.customer_id),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!("admin relationship terminated");
    Ok(after)
}

/// Ends every open relationship with the customer inside the caller's transaction (the
/// reseller relationship is ending), each audited.
pub async fn terminate_all_of_customer_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &Ctx,
    customer: Uuid,
) -> Result<(), AppError> {
    for id in store::terminate_all_of_customer_in(tx, ctx, customer).await? {
        audit::record(
            tx,
            &Actor::User(ctx),
            audit::event(
                AuditAction::AdminRelationshipTerminated,
                OBJECT,
                id.to_string(),
                Some(customer),
            ),
        )
        .await?;
    }
    Ok(())
}

/// Extends an active relationship without Global Administrator by 180 days from the end the
/// partner saw (`from`): a retry, or a second tab, finds the end moved and gets 409 instead of
/// a second extension.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, admin_relationship_id = %id))]
pub async fn extend(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    id: Uuid,
    from: shared::date::CalendarDate,
) -> Result<AdminRelationship, AppError> {
    let refused = || {
        AppError::state(
            ErrorCode::AdminRelationshipNotExtendable,
            "Only an active relationship without Global Administrator is extended, from its current end.",
        )
    };
    let mut tx = db.write().await?;
    let before = store::get(&mut *tx, ctx, id, clock.today())
        .await?
        .ok_or(AppError::NotFound)?;
    let to = before.terms().extension(from).ok_or_else(refused)?;
    if !store::extend_in(&mut tx, ctx, id, from, to).await? {
        return Err(refused());
    }
    let after = store::get(&mut *tx, ctx, id, clock.today())
        .await?
        .ok_or_else(|| anyhow!("the admin relationship vanished"))?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change {
            action: AuditAction::AdminRelationshipExtended,
            object_type: OBJECT,
            object_id: id.to_string(),
            customer_id: Some(before.customer_id),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!("admin relationship extended");
    Ok(after)
}

/// Asks the customer again for an expired relationship: a new request with its name, roles,
/// duration and auto-extension (a retry finds the name taken by the new request: 422).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, admin_relationship_id = %id))]
pub async fn request_again(
    db: &Db,
    mailer: &Mailer,
    clock: &Clock,
    ctx: &Ctx,
    id: Uuid,
) -> Result<AdminRelationship, AppError> {
    let expired = store::get(db.readers(), ctx, id, clock.today())
        .await?
        .ok_or(AppError::NotFound)?;
    if !expired.terms().can_request_again() {
        return Err(AppError::state(
            ErrorCode::AdminRelationshipNotExpired,
            "Only an expired relationship is asked for again.",
        ));
    }
    let form = AdminRelationshipForm {
        display_name: expired.display_name.as_str().to_string(),
        roles: expired
            .roles
            .iter()
            .map(|r| r.as_str().to_string())
            .collect(),
        duration_days: expired.duration_days.to_string(),
        auto_extend: expired.auto_extend,
    };
    match request(db, mailer, clock, ctx, expired.customer_id, &form, None).await? {
        Requested::Created(r) | Requested::Replayed(r) => Ok(r),
    }
}

/// The relationship a link opens, if the link can still be acted on: 404 for no such link,
/// 410 once the relationship has ended or its request is past approval.
fn open(found: Option<ByToken>, today: shared::date::CalendarDate) -> Result<ByToken, AppError> {
    let found = found.ok_or(AppError::NotFound)?;
    let open = match found.terms.state {
        AdminRelationshipState::ApprovalPending => found.terms.can_approve(today),
        AdminRelationshipState::Active => true,
        AdminRelationshipState::Expired | AdminRelationshipState::Terminated => false,
    };
    if open {
        Ok(found)
    } else {
        Err(AppError::state(
            ErrorCode::ApprovalLinkClosed,
            "This admin relationship has ended.",
        ))
    }
}

/// What the approval page shows.
#[tracing::instrument(skip_all)]
pub async fn approval_details(
    db: &Db,
    clock: &Clock,
    token: &str,
) -> Result<AdminApprovalDetails, AppError> {
    let today = clock.today();
    let mut conn = db.readers().acquire().await?;
    Ok(open(store::by_token(&mut conn, token, today).await?, today)?.details)
}

/// The customer's answer: approve or decline a pending request, or end an active relationship.
/// 409 when the answer doesn't fit the relationship's state (approving an active one).
#[tracing::instrument(skip_all)]
pub async fn answer(
    db: &Db,
    clock: &Clock,
    form: &AdminApprovalForm,
) -> Result<AdminApprovalDetails, AppError> {
    let (decision, name) = form.parse().map_err(AppError::Validation)?;
    let today = clock.today();
    let mut tx = db.write().await?;
    let found = open(store::by_token(&mut tx, &form.token, today).await?, today)?;
    let (changed, action) = match (decision, found.terms.state) {
        (AdminDecision::Approve, AdminRelationshipState::ApprovalPending) => {
            let days = i64::from(found.details.duration_days);
            (
                store::approve_in(&mut tx, found.id, &name, today.plus_days(days)).await?,
                AuditAction::AdminRelationshipApproved,
            )
        }
        (AdminDecision::Decline, AdminRelationshipState::ApprovalPending) => (
            store::end_by_customer_in(
                &mut tx,
                found.id,
                AdminRelationshipState::ApprovalPending,
                AdminEndReason::Declined,
            )
            .await?,
            AuditAction::AdminRelationshipDeclined,
        ),
        (AdminDecision::Terminate, AdminRelationshipState::Active) => (
            store::end_by_customer_in(
                &mut tx,
                found.id,
                AdminRelationshipState::Active,
                AdminEndReason::Customer,
            )
            .await?,
            AuditAction::AdminRelationshipTerminated,
        ),
        _ => (false, AuditAction::AdminRelationshipApproved),
    };
    if !changed {
        return Err(AppError::state(
            ErrorCode::AdminRelationshipNotOpen,
            "The request was answered already.",
        ));
    }
    audit::record(
        &mut tx,
        &Actor::Customer {
            partner_id: found.partner_id,
            name,
        },
        audit::event(
            action,
            OBJECT,
            found.id.to_string(),
            Some(found.customer_id),
        ),
    )
    .await?;
    let after = store::by_token(&mut tx, &form.token, today)
        .await?
        .ok_or_else(|| anyhow!("the admin relationship vanished"))?;
    tx.commit().await?;
    tracing::info!(action = action.as_str(), "admin relationship answered");
    Ok(after.details)
}

/// What one run of the sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct SweepCounts {
    /// Relationships extended or expired.
    pub changed: u64,
    /// Expiry notices sent (one per relationship, to each of its partner's admins).
    pub notices: u64,
}

/// The daily work on `today` (the server's clock): requests past 90 days expire; active
/// relationships at their end are extended (auto-extend, never with Global Administrator) or
/// expire; a relationship that will expire is announced to the partner's admins 31, 7 and 1 days
/// before, each notice once (across nodes too). Each change is audited as the system.
pub async fn sweep(
    db: &Db,
    mailer: &Mailer,
    today: shared::date::CalendarDate,
) -> anyhow::Result<SweepCounts> {
    let mut counts = SweepCounts::default();
    for (id, partner_id, terms) in store::due(db, today).await? {
        let step = terms.sweep(today);
        let action = match step {
            SweepStep::Keep => continue,
            SweepStep::Extend { .. } => AuditAction::AdminRelationshipExtended,
            SweepStep::Expire => AuditAction::AdminRelationshipExpired,
        };
        let mut tx = db.write().await?;
        if !store::sweep_in(&mut tx, id, &terms, step)
            .await
            .map_err(|e| anyhow!("{e}"))?
        {
            continue;
        }
        audit::record(
            &mut tx,
            &Actor::System { partner_id },
            audit::event(action, OBJECT, id.to_string(), None),
        )
        .await
        .map_err(|e| anyhow!("{e}"))?;
        tx.commit().await?;
        counts.changed += 1;
    }
    for ending in store::ending_soon(db, today).await? {
        let (Some(days), Some(ends_on)) = (
            ending.terms.expiry_notice_due(today, ending.notice_sent),
            ending.terms.ends_on,
        ) else {
            continue;
        };
        let mut tx = db.write().await?;
        if !store::record_notice_in(&mut tx, ending.id, ends_on, days)
            .await
            .map_err(|e| anyhow!("{e}"))?
        {
            continue;
        }
        let partner_name = crate::store::partners::name_of(&mut tx, ending.partner_id).await?;
        let link = format!("{}/customers/{}", mailer.public_url, ending.customer_id);
        let days_left = ending
            .terms
            .days_left(today)
            .and_then(|d| u32::try_from(d).ok())
            .unwrap_or(days);
        for (recipient, locale) in
            crate::store::users::admins_of(&mut tx, ending.partner_id).await?
        {
            let mail = crate::mail::admin_relationship_expiring(&crate::mail::AdminExpiringMail {
                locale,
                recipient: &recipient,
                partner_name: &partner_name,
                company_name: &ending.company_name,
                relationship_name: &ending.display_name,
                ends_on,
                days_left,
                link: &link,
            });
            outbox::enqueue(&mut tx, ending.partner_id, &mail)
                .await
                .map_err(|e| anyhow!("{e}"))?;
        }
        tx.commit().await?;
        counts.notices += 1;
    }
    if counts.notices > 0 {
        mailer.nudge();
    }
    Ok(counts)
}
