//! Inviting an existing customer: the customer is created `invited` (as every customer is
//! created: `customers::create_in`) and its contact is e-mailed a single-use link, in one
//! transaction.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::service::customers::{check_new, create_in};
use crate::store::customers::Creation;
use crate::store::invitations;
use shared::audit::AuditAction;
use shared::customer::NewCustomer;
use shared::invitation::{parse_invitation_message, Invitation, NewInvitation};
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
    )
    .await?;
    tx.commit().await?;
    let invitation = invitations::get(db, ctx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("invitation vanished"))?;
    tracing::info!(invitation_id = %id, customer_id = %stored.id, "invitation created");
    Ok(invitation)
}
