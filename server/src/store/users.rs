//! Partner users: sign-in look-ups and the users page. Everything but sign-in (which doesn't
//! know the partner yet) is scoped by the asking `Ctx`'s partner.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use anyhow::{anyhow, Context};
use shared::access::{format_roles, parse_roles, Role};
use shared::api::User;
use shared::customer::Email;
use shared::instance::{CloudInstance, ProgramRole};
use uuid::Uuid;

/// What sign-in needs to know about an account.
pub struct Credentials {
    pub user_id: Uuid,
    pub password_hash: String,
    pub disabled: bool,
}

/// Accounts one address may sign in to at most: an address is unique per partner, so a
/// person who works for several partners has an account in each.
const MAX_ACCOUNTS_PER_EMAIL: i64 = 8;

/// Every account with this e-mail (case-insensitive), oldest first: sign-in tries the password
/// on each (the first that matches signs in).
#[tracing::instrument(skip_all)]
pub async fn credentials(db: &Db, email: &str) -> anyhow::Result<Vec<Credentials>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT id, password_hash, disabled FROM users WHERE lower(email) = lower($1)
         ORDER BY created_at, id LIMIT $2",
    )
    .bind(email.trim())
    .bind(MAX_ACCOUNTS_PER_EMAIL)
    .fetch_all(db.readers())
    .await
    .context("loading credentials")?;
    rows.into_iter()
        .map(|(id, password_hash, disabled)| {
            Ok(Credentials {
                user_id: id.parse()?,
                password_hash,
                disabled: disabled != 0,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct CtxRow {
    user_id: String,
    email: String,
    partner_id: String,
    instance: String,
    program: String,
    email_domain: String,
    roles: String,
    // Flags are integers (0, 1) in both schemas.
    disabled: i64,
    must_change_password: i64,
    session_epoch: i64,
    has_second_factor: i64,
    multi_factor_required: i64,
}

/// The `Ctx` of a signed-in user; `None` when the user no longer exists or is disabled.
#[tracing::instrument(skip_all)]
pub async fn ctx_for(db: &Db, user_id: Uuid) -> anyhow::Result<Option<Ctx>> {
    let row: Option<CtxRow> = sqlx::query_as(
        "SELECT u.id AS user_id, u.email, p.id AS partner_id, p.instance, p.program, p.email_domain, u.roles,
                u.disabled, u.must_change_password, u.session_epoch,
                CASE WHEN u.authenticator_secret IS NOT NULL
                       OR EXISTS (SELECT 1 FROM passkeys k WHERE k.user_id = u.id)
                     THEN 1 ELSE 0 END AS has_second_factor,
                p.multi_factor_required
         FROM users u JOIN partners p ON p.id = u.partner_id
         WHERE u.id = $1",
    )
    .bind(user_id.to_string())
    .fetch_optional(db.readers())
    .await
    .context("loading the signed-in user")?;
    let Some(r) = row.filter(|r| r.disabled == 0) else {
        return Ok(None);
    };
    Ok(Some(Ctx {
        user_id: r.user_id.parse()?,
        email: r.email,
        partner_id: r.partner_id.parse()?,
        instance: CloudInstance::parse(&r.instance).context("stored instance")?,
        program: ProgramRole::parse(&r.program).context("stored program")?,
        partner_email_domain: r.email_domain,
        roles: parse_roles(&r.roles).map_err(|e| anyhow!("stored roles: {e}"))?,
        must_change_password: r.must_change_password != 0,
        session_epoch: r.session_epoch,
        has_second_factor: r.has_second_factor != 0,
        multi_factor_required: r.multi_factor_required != 0,
        token: None,
    }))
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    email: String,
    display_name: String,
    roles: String,
    disabled: i64,
    must_change_password: i64,
    second_factor: i64,
    created_at: String,
}

impl TryFrom<UserRow> for User {
    type Error = anyhow::Error;
    fn try_from(r: UserRow) -> anyhow::Result<User> {
        Ok(User {
            id: r.id.parse()?,
            email: Email::parse(&r.email).map_err(|e| anyhow!("stored email: {e}"))?,
            display_name: r.display_name,
            roles: parse_roles(&r.roles).map_err(|e| anyhow!("stored roles: {e}"))?,
            disabled: r.disabled != 0,
            must_change_password: r.must_change_password != 0,
            second_factor: r.second_factor != 0,
            created_at: r.created_at,
        })
    }
}

const USER_COLUMNS: &str = "id, email, display_name, roles, disabled, must_change_password,
    CASE WHEN authenticator_secret IS NOT NULL
           OR EXISTS (SELECT 1 FROM passkeys k WHERE k.user_id = users.id)
         THEN 1 ELSE 0 END AS second_factor, created_at";

/// Who of a partner hears about its admin relationships: enabled global admins and admin
/// agents, each with the language of their last sign-in. The sweep's look-up (no `Ctx`: it
/// acts for every partner), named by the partner it is for.
pub async fn admins_of(
    conn: &mut sqlx::AnyConnection,
    partner_id: Uuid,
) -> anyhow::Result<Vec<(String, shared::i18n::Locale)>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT email, roles, language FROM users
         WHERE partner_id = $1 AND disabled = 0 ORDER BY email",
    )
    .bind(partner_id.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, roles, _)| {
            parse_roles(roles).is_ok_and(|roles| {
                roles
                    .iter()
                    .any(|r| matches!(r, Role::GlobalAdmin | Role::AdminAgent))
            })
        })
        .map(|(email, _, language)| {
            (
                email,
                shared::i18n::Locale::from_tag(&language).unwrap_or_default(),
            )
        })
        .collect())
}

/// Remembers the language the user signed in with (their e-mails are written in it).
pub async fn set_language(
    db: &Db,
    user_id: Uuid,
    language: shared::i18n::Locale,
) -> anyhow::Result<()> {
    let mut tx = db.write().await?;
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2 AND language <> $1")
        .bind(language.tag())
        .bind(user_id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<User>, AppError> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE partner_id = $1 ORDER BY lower(display_name), id"
    ))
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    Ok(rows
        .into_iter()
        .map(User::try_from)
        .collect::<anyhow::Result<_>>()?)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, user_id = %id))]
pub async fn get<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<User>, AppError> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE partner_id = $1 AND id = $2"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(User::try_from).transpose()?)
}

pub struct NewUserRecord<'a> {
    pub partner_id: Uuid,
    pub email: &'a Email,
    pub display_name: &'a str,
    pub roles: &'a [Role],
    pub password_hash: &'a str,
    pub must_change_password: bool,
}

/// Inserts a user; `Ok(None)` when the e-mail is already one of the partner's users.
pub async fn insert<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    user: NewUserRecord<'_>,
) -> anyhow::Result<Option<Uuid>> {
    let id = Uuid::new_v4();
    let result = sqlx::query(
        "INSERT INTO users (id, partner_id, email, display_name, roles, password_hash,
            must_change_password, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(user.partner_id.to_string())
    .bind(user.email.as_str())
    .bind(user.display_name)
    .bind(format_roles(user.roles))
    .bind(user.password_hash)
    .bind(i64::from(user.must_change_password))
    .bind(crate::timestamp::now())
    .execute(db)
    .await;
    match result {
        Ok(_) => Ok(Some(id)),
        Err(e)
            if crate::db::is_unique_violation(
                &e,
                crate::db::UniqueConstraint {
                    sqlite_columns: "users_partner_email_key",
                    postgres_name: "users_partner_email_key",
                },
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(anyhow::Error::new(e).context("inserting user")),
    }
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, user_id = %id))]
pub async fn set_roles<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
    roles: &[Role],
) -> Result<bool, AppError> {
    let result = sqlx::query("UPDATE users SET roles = $1 WHERE partner_id = $2 AND id = $3")
        .bind(format_roles(roles))
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, user_id = %id))]
/// Disables (or enables again) one of the partner's users: a disabled user's requests are
/// refused and their password no longer signs in. `false` when the user isn't the partner's.
pub async fn set_disabled<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
    disabled: bool,
) -> Result<bool, AppError> {
    let result = sqlx::query("UPDATE users SET disabled = $1 WHERE partner_id = $2 AND id = $3")
        .bind(i64::from(disabled))
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(db)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Sets a user's password (an administrator's temporary one, which must be changed at the next
/// sign-in, or one the user chose through a reset link) and starts a new session epoch, which
/// ends every session of the user. `None` when the user isn't the partner's.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, user_id = %id))]
pub async fn set_password<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
    hash: &str,
    must_change: bool,
) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "UPDATE users SET password_hash = $1, must_change_password = $2,
                session_epoch = session_epoch + 1
         WHERE partner_id = $3 AND id = $4
         RETURNING session_epoch",
    )
    .bind(hash)
    .bind(i64::from(must_change))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?)
}

/// Sets the signed-in user's own password (clears the forced change) and starts a new session
/// epoch, which ends every session signed in before it; answers the new epoch.
#[tracing::instrument(skip_all, fields(user_id = %ctx.user_id))]
pub async fn set_own_password<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    hash: &str,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "UPDATE users SET password_hash = $1, must_change_password = 0,
                session_epoch = session_epoch + 1
         WHERE partner_id = $2 AND id = $3
         RETURNING session_epoch",
    )
    .bind(hash)
    .bind(ctx.partner_id.to_string())
    .bind(ctx.user_id.to_string())
    .fetch_one(db)
    .await?)
}

/// Replaces a user's password hash with one of the same password made with today's parameters
/// (at sign-in). Only if the stored hash is still `old`: a password changed meanwhile wins.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn rehash_password<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    user_id: Uuid,
    old: &str,
    new: &str,
) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3")
        .bind(new)
        .bind(user_id.to_string())
        .bind(old)
        .execute(db)
        .await?;
    Ok(())
}

/// The password hash of the signed-in user (to check the current one before a change).
pub async fn own_password_hash(db: &Db, ctx: &Ctx) -> Result<String, AppError> {
    Ok(
        sqlx::query_scalar("SELECT password_hash FROM users WHERE partner_id = $1 AND id = $2")
            .bind(ctx.partner_id.to_string())
            .bind(ctx.user_id.to_string())
            .fetch_one(db.readers())
            .await?,
    )
}

/// The id of the oldest user with this e-mail (case-insensitive), in any partner.
pub async fn id_by_email(db: &Db, email: &str) -> anyhow::Result<Option<Uuid>> {
    let id: Option<String> = sqlx::query_scalar(
        "SELECT id FROM users WHERE lower(email) = lower($1) ORDER BY created_at, id LIMIT 1",
    )
    .bind(email.trim())
    .fetch_optional(db.readers())
    .await?;
    id.map(|id| id.parse().context("stored user id"))
        .transpose()
}
