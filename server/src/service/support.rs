//! Support requests (docs/domain.md "Support requests"): opened for a customer by the partner,
//! worked through their states (`shared::support::check_move`), assigned to a partner user, a
//! thread of notes whose first answers the first-response target. The customer's contact gets
//! an e-mail (outbox, the customer's language) when a request is opened and when it is resolved.
//! Every change is audited; times come from the server's clock.

use crate::clock::Clock;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use crate::store::support::{self as store, Stored};
use crate::store::{customers, outbox, users};
use shared::api::ErrorCode;
use shared::audit::AuditAction;
use shared::support::{
    check_move, MoveRefusal, NoteForm, SupportQuery, SupportRequest, SupportRequestForm,
    SupportRequestPage, SupportState, SUPPORT_PAGE_SIZE,
};
use shared::{Field, FieldError};
use uuid::Uuid;

impl From<MoveRefusal> for AppError {
    fn from(refusal: MoveRefusal) -> Self {
        match refusal {
            MoveRefusal::NotFrom(state) => AppError::state(
                ErrorCode::SupportMoveNotAllowed,
                format!("A request that is {} can't go there.", state.as_str()),
            ),
            MoveRefusal::ReopenTooLate => AppError::state(
                ErrorCode::ReopenTooLate,
                "A request can be reopened within 14 days of its resolution only.",
            ),
        }
    }
}

/// Who the thread and the log name: the user's display name, or the API token's.
async fn author_of(db: &Db, ctx: &Ctx) -> Result<String, AppError> {
    if let Some(token) = &ctx.token {
        return Ok(format!("token: {}", token.name));
    }
    Ok(users::get(db.readers(), ctx, ctx.user_id)
        .await?
        .map_or_else(|| ctx.email.clone(), |u| u.display_name))
}

async fn partner_name(db: &Db, ctx: &Ctx) -> Result<String, AppError> {
    Ok(
        crate::store::partners::me(db, ctx, shared::second_factor::SignInStep::Done)
            .await?
            .partner
            .name,
    )
}

/// Opens a request for a customer (any relationship but a removed one: an ended customer may
/// still need help with its last invoice).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %customer))]
pub async fn open(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
    form: &SupportRequestForm,
) -> Result<SupportRequest, AppError> {
    let account = customers::get(db.readers(), ctx, customer)
        .await?
        .ok_or(AppError::NotFound)?;
    let request = form.parse().map_err(AppError::Validation)?;
    let now = clock.now();
    let opened_at = crate::timestamp::format(now);
    let due = now + time::Duration::hours(request.severity.first_response_hours());
    let stored = Stored {
        id: Uuid::new_v4(),
        customer_id: customer,
        company_name: account.profile.company_name.to_string(),
        title: request.title,
        description: request.description,
        severity: request.severity,
        topic: request.topic,
        state: SupportState::Open,
        contact_name: request.contact_name,
        contact_email: request.contact_email.to_string(),
        assignee: None,
        assignee_name: None,
        opened_by: author_of(db, ctx).await?,
        opened_at: opened_at.clone(),
        first_response_due: crate::timestamp::format(due),
        first_response_at: None,
        resolved_at: None,
        updated_at: opened_at,
    };
    let mail = crate::mail::support_request(&crate::mail::SupportMail {
        locale: account.profile.language,
        recipient: &stored.contact_email,
        contact_name: &stored.contact_name,
        partner_name: &partner_name(db, ctx).await?,
        company_name: &stored.company_name,
        title: &stored.title,
        severity: stored.severity,
        resolved: false,
    });
    let mut tx = db.write().await?;
    store::insert_in(&mut tx, ctx, &stored).await?;
    outbox::enqueue(&mut tx, ctx.partner_id, &mail).await?;
    record(
        &mut tx,
        ctx,
        AuditAction::SupportRequestOpened,
        None,
        &stored,
    )
    .await?;
    tx.commit().await?;
    Ok(stored.wire(now, Vec::new()))
}

async fn record(
    conn: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    action: AuditAction,
    before: Option<&Stored>,
    after: &Stored,
) -> Result<(), AppError> {
    audit::record(
        conn,
        &Actor::User(ctx),
        Change {
            action,
            object_type: "support-request",
            object_id: after.id.to_string(),
            customer_id: Some(after.customer_id),
            before,
            after: Some(after),
        },
    )
    .await
}

/// A page of the partner's requests matching `query`, newest first, and how many match.
pub async fn page(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    query: &SupportQuery,
) -> Result<SupportRequestPage, AppError> {
    let now = clock.now();
    let at = crate::timestamp::format(now);
    let found = store::list(db, ctx, query, &at, SUPPORT_PAGE_SIZE).await?;
    let total = store::count(db, ctx, query, &at).await?;
    Ok(SupportRequestPage {
        items: found.iter().map(|s| s.wire(now, Vec::new())).collect(),
        total,
    })
}

/// A customer's requests, newest first (the latest 500).
pub async fn of_customer(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    customer: Uuid,
) -> Result<Vec<SupportRequest>, AppError> {
    let now = clock.now();
    let query = SupportQuery {
        customer: Some(customer),
        ..SupportQuery::default()
    };
    let found = store::list(
        db,
        ctx,
        &query,
        &crate::timestamp::format(now),
        store::CUSTOMER_LIST_LIMIT,
    )
    .await?;
    Ok(found.iter().map(|s| s.wire(now, Vec::new())).collect())
}

/// One request with its notes.
pub async fn get(db: &Db, ctx: &Ctx, clock: &Clock, id: Uuid) -> Result<SupportRequest, AppError> {
    let stored = store::get(db.readers(), ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let notes = store::notes_of(db, ctx, id).await?;
    Ok(stored.wire(clock.now(), notes))
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// A change of one request: `apply` judges and changes it (false: nothing to change). The
/// change and its audit entry are written in a transaction handed back uncommitted, for what
/// must happen with it (an e-mail); `None` when nothing changed.
async fn change<F>(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    id: Uuid,
    action: AuditAction,
    apply: F,
) -> Result<Option<(Tx, Stored)>, AppError>
where
    F: FnOnce(&mut Stored, time::OffsetDateTime) -> Result<bool, AppError>,
{
    let now = clock.now();
    let mut tx = db.write().await?;
    let before = store::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut after = before.clone();
    if !apply(&mut after, now)? {
        return Ok(None);
    }
    after.updated_at = crate::timestamp::format(now);
    store::update_in(&mut tx, ctx, &after).await?;
    record(&mut tx, ctx, action, Some(&before), &after).await?;
    Ok(Some((tx, after)))
}

/// Moves a request to another state; resolving it tells the customer's contact.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, request_id = %id))]
pub async fn move_to(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    id: Uuid,
    to: SupportState,
) -> Result<SupportRequest, AppError> {
    let partner = partner_name(db, ctx).await?;
    let changed = change(
        db,
        ctx,
        clock,
        id,
        AuditAction::SupportRequestMoved,
        |s, now| {
            check_move(s.state, to, s.resolved_secs(), now.unix_timestamp())?;
            if to == SupportState::Resolved {
                s.resolved_at = Some(crate::timestamp::format(now));
            } else if to == SupportState::Open {
                s.resolved_at = None;
            }
            s.state = to;
            Ok(true)
        },
    )
    .await?;
    if let Some((mut tx, after)) = changed {
        if to == SupportState::Resolved {
            // The e-mail goes with the change or not at all.
            let account = customers::get(&mut *tx, ctx, after.customer_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let mail = crate::mail::support_request(&crate::mail::SupportMail {
                locale: account.profile.language,
                recipient: &after.contact_email,
                contact_name: &after.contact_name,
                partner_name: &partner,
                company_name: &after.company_name,
                title: &after.title,
                severity: after.severity,
                resolved: true,
            });
            outbox::enqueue(&mut tx, ctx.partner_id, &mail).await?;
        }
        tx.commit().await?;
    }
    get(db, ctx, clock, id).await
}

/// Assigns a request to one of the partner's users, or to nobody.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, request_id = %id))]
pub async fn assign(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    id: Uuid,
    assignee: Option<Uuid>,
) -> Result<SupportRequest, AppError> {
    if let Some(user) = assignee {
        let found = users::get(db.readers(), ctx, user).await?;
        if found.is_none_or(|u| u.disabled) {
            return Err(AppError::field(Field::Assignee, FieldError::NotInList));
        }
    }
    let changed = change(
        db,
        ctx,
        clock,
        id,
        AuditAction::SupportRequestAssigned,
        |s, _| {
            let changed = s.assignee != assignee;
            s.assignee = assignee;
            Ok(changed)
        },
    )
    .await?;
    if let Some((tx, _)) = changed {
        tx.commit().await?;
    }
    get(db, ctx, clock, id).await
}

/// Adds a note to the thread; the first one is the first answer.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, request_id = %id))]
pub async fn add_note(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    id: Uuid,
    form: &NoteForm,
) -> Result<SupportRequest, AppError> {
    let text = form.parse().map_err(AppError::Validation)?;
    let author = author_of(db, ctx).await?;
    let now = clock.now();
    let at = crate::timestamp::format(now);
    let mut tx = db.write().await?;
    let before = store::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::add_note_in(&mut tx, ctx, id, &author, &text, &at).await?;
    let mut after = before.clone();
    if after.first_response_at.is_none() {
        after.first_response_at = Some(at.clone());
    }
    after.updated_at = at;
    store::update_in(&mut tx, ctx, &after).await?;
    #[derive(serde::Serialize)]
    struct Noted<'a> {
        note: &'a str,
    }
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change {
            action: AuditAction::SupportNoteAdded,
            object_type: "support-request",
            object_id: id.to_string(),
            customer_id: Some(after.customer_id),
            before: None::<&Noted>,
            after: Some(&Noted { note: &text }),
        },
    )
    .await?;
    tx.commit().await?;
    get(db, ctx, clock, id).await
}
