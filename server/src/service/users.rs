//! Partner users: adding them, changing their roles, disabling them, and a user's own
//! password. Every change to users commits through `CtxCache::commit_user_change`, so no
//! signed-in user keeps a stale `Ctx`.

use crate::ctx::Ctx;
use crate::ctx_cache::CtxCache;
use crate::db::Db;
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use crate::store::users::{self, NewUserRecord};
use shared::access::{check_new_password, Role};
use shared::api::{
    parse_role, ChangePassword, CreatedUser, NewUser, TemporaryPassword, User, ValidNewUser,
};
use shared::audit::AuditAction;
use shared::{Field, FieldError};
use std::sync::Arc;
use uuid::Uuid;

/// Adds a user with one role and a temporary password (shown once; changed at first sign-in).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn add(db: &Db, ctx: &Ctx, request: &NewUser) -> Result<CreatedUser, AppError> {
    let ValidNewUser {
        email,
        display_name,
        role,
    } = request.parse().map_err(AppError::Validation)?;
    let temporary_password = crate::password::generate_temporary();
    let hash = crate::password::hash(temporary_password.clone()).await?;
    let mut tx = db.write().await?;
    let id = users::insert(
        &mut *tx,
        NewUserRecord {
            partner_id: ctx.partner_id,
            email: &email,
            display_name: &display_name,
            roles: &[role],
            password_hash: &hash,
            must_change_password: true,
        },
    )
    .await?
    .ok_or_else(|| AppError::field(Field::Email, FieldError::Taken))?;
    let user = users::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::<(), _>::new(
            AuditAction::UserCreated,
            "user",
            id,
            None,
            None,
            Some(&user),
        ),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, "user added");
    Ok(CreatedUser {
        user,
        temporary_password,
    })
}

/// A change to one of the partner's users.
pub enum UserChange {
    Roles(Vec<String>),
    Disable,
    Enable,
}

/// Applies a change to one of the partner's users and records it with before and after, in
/// one transaction. 404 when the user isn't the partner's. An admin can neither remove their
/// own admin role nor disable themselves: someone must be able to manage users.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, user_id = %id))]
pub async fn change(
    db: &Db,
    ctx_cache: &CtxCache,
    ctx: &Ctx,
    id: Uuid,
    change: UserChange,
) -> Result<User, AppError> {
    let roles = match &change {
        UserChange::Roles(codes) => {
            let roles = codes
                .iter()
                .map(|r| parse_role(r))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| AppError::field(Field::Roles, e))?;
            if roles.is_empty() {
                return Err(AppError::field(Field::Roles, FieldError::Required));
            }
            if id == ctx.user_id && !roles.contains(&Role::GlobalAdmin) {
                return Err(AppError::field(Field::Roles, FieldError::ReadOnly));
            }
            Some(roles)
        }
        UserChange::Disable if id == ctx.user_id => {
            return Err(AppError::field(Field::Roles, FieldError::ReadOnly));
        }
        UserChange::Disable | UserChange::Enable => None,
    };
    let mut tx = db.write().await?;
    let before = users::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (found, action) = match (&change, &roles) {
        (_, Some(roles)) => (
            users::set_roles(&mut *tx, ctx, id, roles).await?,
            AuditAction::UserRolesChanged,
        ),
        (UserChange::Enable, _) => (
            users::set_disabled(&mut *tx, ctx, id, false).await?,
            AuditAction::UserEnabled,
        ),
        _ => (
            users::set_disabled(&mut *tx, ctx, id, true).await?,
            AuditAction::UserDisabled,
        ),
    };
    if !found {
        return Err(AppError::NotFound);
    }
    let after = users::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change {
            action,
            object_type: "user",
            object_id: id.to_string(),
            customer_id: None,
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    ctx_cache.commit_user_change(tx).await?;
    tracing::info!(action = action.as_str(), "user changed");
    Ok(after)
}

/// Gives one of the partner's users a temporary password (shown once, to the administrator),
/// which they must replace at their next sign-in; every session of theirs ends. Not for the
/// administrator's own account (that is a password change, which asks for the current one).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, user_id = %id))]
pub async fn reset_password(
    db: &Db,
    ctx_cache: &CtxCache,
    ctx: &Ctx,
    id: Uuid,
) -> Result<TemporaryPassword, AppError> {
    if id == ctx.user_id {
        return Err(AppError::field(Field::Password, FieldError::ReadOnly));
    }
    let temporary_password = crate::password::generate_temporary();
    let hash = crate::password::hash(temporary_password.clone()).await?;
    let mut tx = db.write().await?;
    users::set_password(&mut *tx, ctx, id, &hash, true)
        .await?
        .ok_or(AppError::NotFound)?;
    // Who and when only: the log never holds a password or its hash.
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::event(AuditAction::UserPasswordReset, "user", id.to_string(), None),
    )
    .await?;
    ctx_cache.commit_user_change(tx).await?;
    tracing::info!("temporary password issued");
    Ok(TemporaryPassword { temporary_password })
}

/// Replaces the user's own password; the current one must be given. Checking it goes through
/// the sign-in throttle (same account count, same address count): a stolen session can't guess
/// the password faster than the sign-in form. Answers the user's new session epoch — every
/// other session of the user is signed out by it; the caller moves its own session to it.
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn change_own_password(
    db: &Db,
    ctx_cache: &CtxCache,
    throttle: &crate::auth::Throttle,
    address: std::net::IpAddr,
    dummy_hash: Arc<str>,
    ctx: &Ctx,
    request: ChangePassword,
) -> Result<i64, AppError> {
    check_new_password(&request.new_password)
        .map_err(|e| AppError::field(Field::NewPassword, e))?;
    if request.new_password == request.current_password {
        return Err(AppError::field(Field::NewPassword, FieldError::Taken));
    }
    let attempt = throttle.reserve(db, &ctx.email, address).await?;
    let stored = users::own_password_hash(db, ctx).await?;
    if !crate::auth::verify_password(request.current_password, Some(stored), dummy_hash).await {
        // The reserved attempt stays: it counts as a failure.
        return Err(AppError::field(
            Field::CurrentPassword,
            FieldError::InvalidFormat { hint: None },
        ));
    }
    throttle.succeeded(db, attempt).await?;
    let hash = crate::password::hash(request.new_password).await?;
    let mut tx = db.write().await?;
    let epoch = users::set_own_password(&mut *tx, ctx, &hash).await?;
    // Who and when only: the log never holds a password or its hash.
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::event(
            AuditAction::PasswordChanged,
            "user",
            ctx.user_id.to_string(),
            None,
        ),
    )
    .await?;
    ctx_cache.commit_user_change(tx).await?;
    tracing::info!("password changed");
    Ok(epoch)
}

/// Stores the password hashed with today's parameters in place of `old` (unless it changed
/// meanwhile).
pub async fn renew_password_hash(
    db: &Db,
    user_id: Uuid,
    old: &str,
    password: String,
) -> Result<(), AppError> {
    let new = crate::password::hash(password).await?;
    let mut tx = db.write().await?;
    users::rehash_password(&mut *tx, user_id, old, &new).await?;
    tx.commit().await?;
    Ok(())
}
