//! Inviting an existing customer: the customer is created `invited` (as every customer is
//! created: `customers::create_in`) and its contact is e-mailed a single-use link, in one
//! transaction.

use crate::clock::Clock;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::mail::Mailer;
use crate::service::customers::{check_new, create_in};
use crate::store::customers::Creation;
use crate::store::invitations;
use crate::store::{admin_relationships, admin_templates, customers, partners, users};
use shared::access::Action;
use shared::admin_relationship::AdminRelationshipForm;
use shared::audit::AuditAction;
use shared::customer::NewCustomer;
use shared::invitation::{
    parse_invitation_message, Acceptance, Invitation, InvitationDetails, NewInvitation,
};
use shared::relationship::Relationship;
use shared::{Field, FieldError};

/// Adds a customer the partner already serves as `invited` and queues the e-mail with its link
/// (`public_url` is where the link points). Every problem of the form and the message is
/// reported at once.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn invite(
    db: &Db,
    ctx: &Ctx,
    public_url: &str,
    request: &NewInvitation,
) -> Result<Invitation, AppError> {
    let parsed = NewCustomer::parse_existing(&request.customer, &ctx.rule_context());
    let checked = check_new(db, ctx, &request.customer.domain_prefix, parsed).await?;
    let message = parse_invitation_message(&request.message);
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    if let Err(e) = &message {
        errors.insert(Field::InvitationMessage, e.clone());
    }
    if !request.customer.indirect_reseller.trim().is_empty() {
        errors.insert(Field::IndirectReseller, FieldError::NotInList);
    }
    let admin_request = match request.admin_template {
        None => None,
        Some(_) if !ctx.can(Action::AdminRelationships) => return Err(AppError::Forbidden),
        Some(id) => match admin_templates::get(db.readers(), ctx, id).await? {
            Some(template) => Some(AdminRelationshipForm::from_template(
                &template,
                &request.customer.company_name,
            )),
            None => {
                errors.insert(Field::AdminTemplate, FieldError::NotInList);
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (customer, message) = (
        checked.map_err(AppError::Validation)?,
        message.map_err(|e| AppError::field(Field::InvitationMessage, e))?,
    );
    let now = crate::timestamp::now();
    let mut tx = db.write().await?;
    let stored = create_in(
        &mut tx,
        ctx,
        &Creation {
            customer: &customer,
            relationship: Relationship::Invited,
            // An existing customer has its own tenant and admin: no password is made here.
            admin_password_hash: "",
            created_at: &now,
            idempotency: None,
            referral: None,
        },
        AuditAction::CustomerCreated,
    )
    .await?;
    let id = invitations::issue_in(
        &mut tx,
        ctx,
        public_url,
        &stored,
        message.as_deref().unwrap_or(""),
        admin_request.as_ref(),
    )
    .await?;
    tx.commit().await?;
    let invitation = invitations::get(db, ctx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("invitation vanished"))?;
    tracing::info!(invitation_id = %id, customer_id = %stored.id, "invitation created");
    Ok(invitation)
}

/// The customer accepts through the link: the reseller relationship becomes active, and an
/// admin request the invitation carries goes out in the same transaction — asked by the partner
/// user who invited, e-mailed to the customer's contact. Its name is the one made when the
/// invitation was sent, or, if an open relationship has taken it meanwhile, that name
/// numbered ("… (2)").
#[tracing::instrument(skip_all)]
pub async fn accept(
    db: &Db,
    mailer: &Mailer,
    clock: &Clock,
    token: &str,
    acceptance: &Acceptance,
) -> Result<InvitationDetails, AppError> {
    let mut tx = db.write().await?;
    let accepted = invitations::accept_in(&mut tx, token, acceptance).await?;
    let mut asked = false;
    if let Some(form) = &accepted.admin_request {
        asked = request_admin_access(db, &mut tx, mailer, clock, &accepted, form).await?;
    }
    tx.commit().await?;
    if asked {
        mailer.nudge();
    }
    Ok(accepted.details)
}

/// The invitation's admin request, in the acceptance's transaction: `false` when it can't go
/// out (the inviting user was disabled or removed meanwhile; the partner asks from the customer
/// page instead).
async fn request_admin_access(
    db: &Db,
    tx: &mut sqlx::AnyConnection,
    mailer: &Mailer,
    clock: &Clock,
    accepted: &invitations::Accepted,
    form: &AdminRelationshipForm,
) -> Result<bool, AppError> {
    let Some(ctx) = users::ctx_for(db, accepted.invited_by).await? else {
        tracing::warn!("the inviting user is gone: the invitation's admin request is not sent");
        return Ok(false);
    };
    let mut request = form
        .parse()
        .map_err(|e| anyhow::anyhow!("stored admin request: {e:?}"))?;
    let base = request.display_name.clone();
    let mut n = 1;
    while admin_relationships::open_name_taken(tx, &ctx, request.display_name.as_str()).await? {
        n += 1;
        request.display_name = base.numbered(n);
    }
    let account = customers::get(&mut *tx, &ctx, accepted.customer_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the accepting customer vanished"))?;
    let partner_name = partners::me(db, &ctx, shared::second_factor::SignInStep::Done)
        .await?
        .partner
        .name;
    let created = crate::service::admin_relationships::request_in(
        tx,
        &ctx,
        &account,
        &request,
        &partner_name,
        &mailer.public_url,
        clock,
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("a free admin relationship name was taken"))?;
    tracing::info!(admin_relationship_id = %created.id, "admin access requested on acceptance");
    Ok(true)
}
