//! "Forgot password": a link by e-mail, and a new password through it.
//!
//! Asking reveals nothing about which addresses have accounts: the answer is given before the
//! address is looked up (the look-up and the e-mail happen after it), so it is the same, and
//! takes the same time, for any address. A link works once, for 30 minutes; using it sets the
//! new password and ends every session of the user.

use crate::ctx_cache::CtxCache;
use crate::db::Db;
use crate::error::AppError;
use crate::mail::Mailer;
use crate::store::audit::{self, Actor};
use crate::store::password_resets::{self, Redeemed, ResetAccount};
use crate::store::{outbox, users};
use shared::access::check_new_password;
use shared::api::{ErrorCode, PasswordResetCompletion};
use shared::audit::AuditAction;
use shared::customer::Email;
use shared::i18n::Locale;
use shared::public_page::PublicPage;
use shared::Field;

/// Sends a reset link to every enabled account with this address, in the background; returns
/// at once, whatever the address.
pub fn request(db: &Db, mailer: &Mailer, email: Email, locale: Locale) {
    let (db, mailer) = (db.clone(), mailer.clone());
    tokio::spawn(async move {
        if let Err(error) = send_links(&db, &mailer, &email, locale).await {
            tracing::warn!(error = ?error, "password reset links not sent");
        }
    });
}

#[tracing::instrument(skip_all)]
async fn send_links(
    db: &Db,
    mailer: &Mailer,
    email: &Email,
    locale: Locale,
) -> Result<(), AppError> {
    for account in password_resets::accounts(db, email.as_str()).await? {
        if send_link(db, mailer, &account, locale).await? {
            mailer.nudge();
        }
    }
    Ok(())
}

/// One account's link: issued, e-mailed through the outbox and audited in one transaction;
/// `false` when the account had its share of links in the window.
async fn send_link(
    db: &Db,
    mailer: &Mailer,
    account: &ResetAccount,
    locale: Locale,
) -> Result<bool, AppError> {
    let mut tx = db.write().await?;
    let Some(token) = password_resets::issue_in(&mut tx, account).await? else {
        tracing::info!(user_id = %account.user_id, "password reset link not sent: too many");
        return Ok(false);
    };
    let mail = crate::mail::password_reset(&crate::mail::ResetMail {
        locale,
        recipient: &account.email,
        partner_name: &account.partner_name,
        link: &PublicPage::ResetPassword.link_with_token(&mailer.public_url, &token),
    });
    outbox::enqueue(&mut tx, account.partner_id, &mail).await?;
    audit::record(
        &mut tx,
        &Actor::System {
            partner_id: account.partner_id,
        },
        audit::event(
            AuditAction::PasswordResetSent,
            "user",
            account.user_id.to_string(),
            None,
        ),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id = %account.user_id, "password reset link sent");
    Ok(true)
}

/// Sets the new password through a link: 422 for a password the rules refuse (the link stays
/// usable), 404 for an unknown link (or a user disabled since), 410 for a used or expired one.
#[tracing::instrument(skip_all)]
pub async fn complete(
    db: &Db,
    ctx_cache: &CtxCache,
    request: PasswordResetCompletion,
) -> Result<(), AppError> {
    check_new_password(&request.new_password)
        .map_err(|e| AppError::field(Field::NewPassword, e))?;
    let hash = crate::password::hash(request.new_password).await?;
    let mut tx = db.write().await?;
    let user_id = match password_resets::redeem(&mut tx, &request.token).await? {
        Redeemed::Account { user_id } => user_id,
        Redeemed::Used => {
            return Err(AppError::state(
                ErrorCode::ResetLinkUsed,
                "This link was used already.",
            ))
        }
        Redeemed::Expired => {
            return Err(AppError::state(
                ErrorCode::ResetLinkExpired,
                "This link has expired.",
            ))
        }
        Redeemed::Unknown => return Err(AppError::NotFound),
    };
    // The user as they are now: a disabled one gets no password through a link.
    let ctx = users::ctx_for(db, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    users::set_password(&mut *tx, &ctx, user_id, &hash, false)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        &Actor::User(&ctx),
        audit::event(
            AuditAction::PasswordResetByLink,
            "user",
            user_id.to_string(),
            None,
        ),
    )
    .await?;
    ctx_cache.commit_user_change(tx).await?;
    tracing::info!(%user_id, "password reset through a link");
    Ok(())
}
