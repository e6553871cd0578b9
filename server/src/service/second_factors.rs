//! Multi-factor sign-in: the second step (an authenticator code or a recovery code), enrolling
//! an authenticator app, recovery codes, an administrator's reset, and the partner's
//! "require multi-factor". Codes go through the sign-in throttle (counted apart from passwords);
//! each accepted code is recorded in the same statement that checks it was not used before, so
//! a code works once even when two requests race with it.

use crate::authenticator;
use crate::ctx::Ctx;
use crate::ctx_cache::CtxCache;
use crate::db::Db;
use crate::error::AppError;
use crate::sealed::SealingKey;
use crate::store::audit::{self, Actor};
use crate::store::second_factors;
use rand::RngCore;
use shared::audit::AuditAction;
use shared::second_factor::{
    AuthenticatorCode, AuthenticatorSetup, PasskeyAdded, PasskeyInfo, RecoveryCode, RecoveryCodes,
    SecondFactorCode, SecondFactorForm, SecondFactorStatus, RECOVERY_CODE_COUNT,
};
use shared::{Field, FieldError};
use std::net::IpAddr;
use uuid::Uuid;
use webauthn_rs::prelude::{
    CreationChallengeResponse, Passkey, PasskeyAuthentication, PasskeyRegistration,
    PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse, Webauthn,
};

/// How the second step was passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passed {
    Authenticator,
    RecoveryCode,
}

fn incorrect() -> AppError {
    AppError::field(Field::Code, FieldError::Incorrect)
}

fn unix_now() -> u64 {
    u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0)
}

/// The second step of signing in: a code from the user's authenticator (current step or one
/// either side, not used before) or one of their unused recovery codes.
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn verify(
    db: &Db,
    throttle: &crate::auth::Throttle,
    address: IpAddr,
    key: &SealingKey,
    ctx: &Ctx,
    form: SecondFactorForm,
) -> Result<Passed, AppError> {
    let code = form.parse().map_err(AppError::Validation)?;
    if !ctx.has_second_factor {
        return Err(AppError::Conflict(
            "There is no second factor to verify: set one up.".into(),
        ));
    }
    let attempt = throttle
        .reserve_second_factor(db, ctx.user_id, address)
        .await?;
    let passed = match code {
        SecondFactorCode::Authenticator(code) => {
            let (sealed, _) = second_factors::authenticator(db, ctx)
                .await?
                .ok_or_else(incorrect)?;
            let step = matching_step(key, ctx, &sealed, &code)?;
            let mut tx = db.write().await?;
            if !second_factors::accept_step(&mut *tx, ctx, step).await? {
                // A replay: this code (or a later one) was accepted before.
                return Err(incorrect());
            }
            tx.commit().await?;
            Passed::Authenticator
        }
        SecondFactorCode::Recovery(code) => {
            let mut tx = db.write().await?;
            if !second_factors::use_recovery_code(&mut *tx, ctx, &recovery_hash(&code)).await? {
                return Err(incorrect());
            }
            audit::record(
                &mut tx,
                &Actor::User(ctx),
                audit::event(
                    AuditAction::RecoveryCodeUsed,
                    "user",
                    ctx.user_id.to_string(),
                    None,
                ),
            )
            .await?;
            tx.commit().await?;
            Passed::RecoveryCode
        }
    };
    throttle.succeeded(db, attempt).await?;
    tracing::info!(?passed, "second factor passed");
    Ok(passed)
}

/// The step `code` belongs to, for the sealed secret of `ctx`'s user; 422 when none.
fn matching_step(
    key: &SealingKey,
    ctx: &Ctx,
    sealed: &str,
    code: &AuthenticatorCode,
) -> Result<i64, AppError> {
    let secret = key.open(sealed, &ctx.user_id.to_string())?;
    authenticator::matching_step(&secret, code, unix_now())
        .and_then(|step| i64::try_from(step).ok())
        .ok_or_else(incorrect)
}

/// Starts setting up an authenticator app: a new secret, kept sealed until its first code
/// confirms it, and what the app shows (QR code, the key as text). A new start replaces an
/// unconfirmed one. 409 when one is set up already.
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn start_enrolment(
    db: &Db,
    key: &SealingKey,
    ctx: &Ctx,
) -> Result<AuthenticatorSetup, AppError> {
    let enrolled = || {
        AppError::state(
            shared::api::ErrorCode::AuthenticatorEnrolled,
            "An authenticator app is set up already; an administrator can reset it.",
        )
    };
    if ctx.has_second_factor {
        return Err(enrolled());
    }
    let secret = authenticator::new_secret();
    let sealed = key.seal(&secret, &ctx.user_id.to_string());
    let mut tx = db.write().await?;
    if !second_factors::set_pending(&mut *tx, ctx, &sealed).await? {
        return Err(enrolled());
    }
    tx.commit().await?;
    let otpauth_uri = authenticator::otpauth_uri(&secret, &ctx.email);
    Ok(AuthenticatorSetup {
        secret: authenticator::secret_base32(&secret),
        qr_svg: authenticator::qr_svg(&otpauth_uri)?,
        otpauth_uri,
    })
}

/// Confirms enrolment with the app's first code: the authenticator is set up, ten recovery
/// codes are made (answered this once), and the session counts as having passed the second
/// factor.
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn confirm_enrolment(
    db: &Db,
    ctx_cache: &CtxCache,
    throttle: &crate::auth::Throttle,
    address: IpAddr,
    key: &SealingKey,
    ctx: &Ctx,
    form: SecondFactorForm,
) -> Result<RecoveryCodes, AppError> {
    let code = form.parse_authenticator().map_err(AppError::Validation)?;
    if ctx.has_second_factor {
        return Err(AppError::state(
            shared::api::ErrorCode::AuthenticatorEnrolled,
            "An authenticator app is set up already.",
        ));
    }
    let sealed = second_factors::pending(db, ctx).await?.ok_or_else(|| {
        AppError::Conflict("Start setting up the authenticator app first.".into())
    })?;
    let attempt = throttle
        .reserve_second_factor(db, ctx.user_id, address)
        .await?;
    let step = matching_step(key, ctx, &sealed, &code)?;
    let (codes, hashes) = new_recovery_codes();
    let mut tx = db.write().await?;
    if !second_factors::enrol(&mut *tx, ctx, &sealed, step).await? {
        return Err(AppError::Conflict(
            "The setup changed meanwhile (started again elsewhere?): scan the new QR code.".into(),
        ));
    }
    second_factors::replace_recovery_codes(&mut tx, ctx, &hashes).await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::event(
            AuditAction::AuthenticatorEnrolled,
            "user",
            ctx.user_id.to_string(),
            None,
        ),
    )
    .await?;
    ctx_cache.commit_user_change(tx).await?;
    throttle.succeeded(db, attempt).await?;
    tracing::info!("authenticator enrolled");
    Ok(RecoveryCodes { codes })
}

/// Ten new recovery codes for the signed-in user (the earlier ones stop working).
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn renew_recovery_codes(db: &Db, ctx: &Ctx) -> Result<RecoveryCodes, AppError> {
    if !ctx.has_second_factor {
        return Err(AppError::Conflict(
            "Recovery codes come with an authenticator app: set one up first.".into(),
        ));
    }
    let (codes, hashes) = new_recovery_codes();
    let mut tx = db.write().await?;
    second_factors::replace_recovery_codes(&mut tx, ctx, &hashes).await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::event(
            AuditAction::RecoveryCodesRenewed,
            "user",
            ctx.user_id.to_string(),
            None,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(RecoveryCodes { codes })
}

pub async fn status(db: &Db, ctx: &Ctx) -> Result<SecondFactorStatus, AppError> {
    let (authenticator, recovery_codes_left) = second_factors::status(db, ctx).await?;
    let passkeys = second_factors::passkeys(db, ctx)
        .await?
        .into_iter()
        .map(|p| p.info)
        .collect();
    Ok(SecondFactorStatus {
        authenticator,
        passkeys,
        recovery_codes_left,
        required: ctx.multi_factor_required,
    })
}

/// An administrator removes a user's second factors (a lost phone): the user is signed out
/// everywhere and sets one up again. Not one's own (another admin does that).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, user_id = %id))]
pub async fn reset(db: &Db, ctx_cache: &CtxCache, ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
    if id == ctx.user_id {
        return Err(AppError::Conflict(
            "Another global admin resets your own second factors.".into(),
        ));
    }
    let mut tx = db.write().await?;
    if !second_factors::reset(&mut tx, ctx, id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::event(
            AuditAction::SecondFactorsReset,
            "user",
            id.to_string(),
            None,
        ),
    )
    .await?;
    ctx_cache.commit_user_change(tx).await?;
    tracing::info!("second factors reset");
    Ok(())
}

#[derive(serde::Serialize)]
struct PolicyAudit {
    required: bool,
}

/// Sets the partner's "require multi-factor". Users without a second factor are taken to
/// enrolment at their next request once it is on.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn set_policy(
    db: &Db,
    ctx_cache: &CtxCache,
    ctx: &Ctx,
    required: bool,
) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let before = crate::store::partners::set_multi_factor_required(&mut tx, ctx, required).await?;
    if before != required {
        audit::record(
            &mut tx,
            &Actor::User(ctx),
            audit::Change::new(
                AuditAction::MultiFactorPolicyChanged,
                "partner",
                ctx.partner_id,
                None,
                Some(&PolicyAudit { required: before }),
                Some(&PolicyAudit { required }),
            ),
        )
        .await?;
    }
    ctx_cache.commit_user_change(tx).await?;
    Ok(())
}

/// Ten recovery codes as shown to the user, and what is stored of each.
fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    (0..RECOVERY_CODE_COUNT)
        .map(|_| {
            let mut bytes = [0u8; 10];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let text = base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &bytes);
            let code = RecoveryCode::parse(&text).expect("80 bits are 16 base32 characters");
            (code.display(), recovery_hash(&code))
        })
        .unzip()
}

/// What is stored of a recovery code: SHA-256 of its 80 random bits (no slow hash needed at
/// that entropy; the sign-in throttle limits online guesses).
fn recovery_hash(code: &RecoveryCode) -> String {
    crate::secret_link::token_hash(code.as_str())
}

/// Starts adding a passkey: the browser's challenge (the user's passkeys excluded, so one
/// authenticator isn't registered twice) and the state the finish needs. Not before a user who
/// has a second factor passed it (the route's rule).
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn start_passkey_registration(
    db: &Db,
    webauthn: &Webauthn,
    ctx: &Ctx,
) -> Result<(CreationChallengeResponse, PasskeyRegistration), AppError> {
    let existing = stored_passkeys(db, ctx).await?;
    let exclude = existing
        .iter()
        .map(|(_, passkey)| passkey.cred_id().clone())
        .collect::<Vec<_>>();
    webauthn
        .start_passkey_registration(
            ctx.user_id,
            &ctx.email,
            &ctx.email,
            (!exclude.is_empty()).then_some(exclude),
        )
        .map_err(|e| AppError::Internal(anyhow::anyhow!("starting a passkey registration: {e}")))
}

/// Finishes adding a passkey with the browser's answer: stored under its name, audited; the
/// user's first second factor also gets the ten recovery codes (answered this once).
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn finish_passkey_registration(
    db: &Db,
    ctx_cache: &CtxCache,
    webauthn: &Webauthn,
    ctx: &Ctx,
    state: &PasskeyRegistration,
    name: String,
    credential: &RegisterPublicKeyCredential,
) -> Result<PasskeyAdded, AppError> {
    let passkey = webauthn
        .finish_passkey_registration(credential, state)
        .map_err(|e| {
            tracing::info!(error = %e, "passkey registration refused");
            AppError::Conflict(
                "The passkey couldn't be verified (the request expired or was answered elsewhere). Try again."
                    .into(),
            )
        })?;
    let info = PasskeyInfo {
        id: crate::passkeys::credential_id(passkey.cred_id()),
        name,
        created_at: crate::timestamp::now(),
        last_used_at: None,
    };
    let stored = serde_json::to_string(&passkey).map_err(anyhow::Error::new)?;
    let first = !ctx.has_second_factor;
    let mut tx = db.write().await?;
    if !second_factors::insert_passkey(&mut tx, ctx, &info, &stored).await? {
        return Err(AppError::Conflict(
            "This passkey is registered already.".into(),
        ));
    }
    let recovery_codes = if first {
        let (codes, hashes) = new_recovery_codes();
        second_factors::replace_recovery_codes(&mut tx, ctx, &hashes).await?;
        Some(codes)
    } else {
        None
    };
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::Change::new(
            AuditAction::PasskeyAdded,
            "user",
            ctx.user_id,
            None,
            None::<&()>,
            Some(&PasskeyAudit { name: &info.name }),
        ),
    )
    .await?;
    ctx_cache.commit_user_change(tx).await?;
    tracing::info!("passkey added");
    Ok(PasskeyAdded {
        passkey: info,
        recovery_codes,
    })
}

#[derive(serde::Serialize)]
struct PasskeyAudit<'a> {
    name: &'a str,
}

/// The user's passkeys as the WebAuthn library reads them, with what the user sees of each.
async fn stored_passkeys(db: &Db, ctx: &Ctx) -> Result<Vec<(PasskeyInfo, Passkey)>, AppError> {
    second_factors::passkeys(db, ctx)
        .await?
        .into_iter()
        .map(|stored| {
            let passkey: Passkey = serde_json::from_str(&stored.credential)
                .map_err(|e| anyhow::anyhow!("stored passkey {}: {e}", stored.info.id))?;
            Ok((stored.info, passkey))
        })
        .collect()
}

/// Starts the second step with a passkey: the challenge for the user's passkeys. 409 without
/// one.
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn start_passkey_sign_in(
    db: &Db,
    webauthn: &Webauthn,
    ctx: &Ctx,
) -> Result<(RequestChallengeResponse, PasskeyAuthentication), AppError> {
    let passkeys: Vec<Passkey> = stored_passkeys(db, ctx)
        .await?
        .into_iter()
        .map(|(_, passkey)| passkey)
        .collect();
    if passkeys.is_empty() {
        return Err(AppError::Conflict(
            "There is no passkey to sign in with.".into(),
        ));
    }
    webauthn
        .start_passkey_authentication(&passkeys)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("starting a passkey sign-in: {e}")))
}

/// The second step with a passkey: the browser's signed answer to the challenge, checked
/// against the user's passkey (its signature counter kept). Through the throttle like codes.
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn finish_passkey_sign_in(
    db: &Db,
    throttle: &crate::auth::Throttle,
    address: IpAddr,
    webauthn: &Webauthn,
    ctx: &Ctx,
    state: &PasskeyAuthentication,
    credential: &PublicKeyCredential,
) -> Result<(), AppError> {
    let attempt = throttle
        .reserve_second_factor(db, ctx.user_id, address)
        .await?;
    let result = webauthn
        .finish_passkey_authentication(credential, state)
        .map_err(|e| {
            tracing::info!(error = %e, "passkey sign-in refused");
            AppError::Conflict("The passkey couldn't be verified. Try again.".into())
        })?;
    let used = crate::passkeys::credential_id(result.cred_id());
    let (_, mut passkey) = stored_passkeys(db, ctx)
        .await?
        .into_iter()
        .find(|(info, _)| info.id == used)
        .ok_or_else(|| AppError::Conflict("That passkey was removed meanwhile.".into()))?;
    passkey.update_credential(&result);
    let stored = serde_json::to_string(&passkey).map_err(anyhow::Error::new)?;
    let mut tx = db.write().await?;
    second_factors::passkey_used(&mut *tx, ctx, &used, &stored).await?;
    tx.commit().await?;
    throttle.succeeded(db, attempt).await?;
    tracing::info!("second factor passed with a passkey");
    Ok(())
}

/// Removes one of the user's passkeys. Not the last second factor where the partner requires
/// one (409): another is set up first.
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn remove_passkey(
    db: &Db,
    ctx_cache: &CtxCache,
    ctx: &Ctx,
    id: &str,
) -> Result<(), AppError> {
    let passkeys = second_factors::passkeys(db, ctx).await?;
    let Some(removed) = passkeys.iter().find(|p| p.info.id == id) else {
        return Err(AppError::NotFound);
    };
    let (authenticator, _) = second_factors::status(db, ctx).await?;
    if ctx.multi_factor_required && !authenticator && passkeys.len() == 1 {
        return Err(AppError::Conflict(
            "Your organization requires a second factor: set up another before removing the last."
                .into(),
        ));
    }
    let mut tx = db.write().await?;
    if !second_factors::delete_passkey(&mut *tx, ctx, id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::Change::new(
            AuditAction::PasskeyRemoved,
            "user",
            ctx.user_id,
            None,
            Some(&PasskeyAudit {
                name: &removed.info.name,
            }),
            None::<&()>,
        ),
    )
    .await?;
    ctx_cache.commit_user_change(tx).await?;
    Ok(())
}
