//! Partners: creating one with its first users (`partnerdesk create-partner`, and the demo
//! partners of the seed).

use crate::ctx::Ctx;
use crate::db::Db;
use crate::store::partners::{self, NewPartner};
use crate::store::users::{self, NewUserRecord};
use anyhow::anyhow;
use shared::access::Role;
use shared::api::check_display_name;
use shared::customer::Email;
use shared::instance::{CloudInstance, ProgramRole};
use uuid::Uuid;

/// Creates a partner (unless its id exists) and the given users (unless their e-mail exists),
/// all with `password`. Returns the first user's `Ctx`.
pub async fn create_with_users(
    db: &Db,
    partner: &NewPartner<'_>,
    people: &[(&str, &str, Role)],
    password: &str,
    must_change_password: bool,
) -> anyhow::Result<Ctx> {
    partners::ensure(db, partner).await?;
    let hash = crate::password::hash(password.to_string()).await?;
    let mut first = None;
    for &(email, name, role) in people {
        let email = Email::parse(email).map_err(|e| anyhow!("user e-mail {email}: {e}"))?;
        users::insert(
            db.readers(),
            NewUserRecord {
                partner_id: partner.id,
                email: &email,
                display_name: name,
                roles: &[role],
                password_hash: &hash,
                must_change_password,
            },
        )
        .await?;
        if first.is_none() {
            first = users::id_by_email(db, email.as_str()).await?;
        }
    }
    let user_id = first.ok_or_else(|| anyhow!("a partner needs at least one user"))?;
    users::ctx_for(db, user_id)
        .await?
        .ok_or_else(|| anyhow!("the partner's first user is disabled"))
}

/// What `partnerdesk create-partner` is given, as typed.
pub struct PartnerRequest<'a> {
    pub name: &'a str,
    pub instance: &'a str,
    pub program: &'a str,
    pub email_domain: &'a str,
    pub admin_email: &'a str,
    pub admin_name: &'a str,
}

/// A created partner and its first global admin's temporary password (shown once).
pub struct CreatedPartner {
    pub id: Uuid,
    pub instance: CloudInstance,
    pub temporary_password: String,
}

/// Creates a real partner with its first global admin, who must change the temporary
/// password at first sign-in. Each problem names the option it comes from.
pub async fn create(db: &Db, request: &PartnerRequest<'_>) -> anyhow::Result<CreatedPartner> {
    let instance = CloudInstance::parse(request.instance).ok_or_else(|| {
        anyhow!(
            "--instance must be one of {}",
            CloudInstance::CODES.join(", ")
        )
    })?;
    let program = ProgramRole::parse(request.program)
        .ok_or_else(|| anyhow!("--program must be one of {}", ProgramRole::CODES.join(", ")))?;
    check_display_name(request.name).map_err(|e| anyhow!("--name: {e}"))?;
    check_display_name(request.admin_name).map_err(|e| anyhow!("--admin-name: {e}"))?;
    Email::parse(request.admin_email).map_err(|e| anyhow!("--admin-email: {e}"))?;
    if users::id_by_email(db, request.admin_email).await?.is_some() {
        return Err(anyhow!(
            "a user with e-mail {} already exists",
            request.admin_email
        ));
    }
    let temporary_password = crate::password::generate_temporary();
    let id = Uuid::new_v4();
    create_with_users(
        db,
        &NewPartner {
            // Microsoft requires multi-factor sign-in of every partner user.
            multi_factor_required: true,
            id,
            name: request.name,
            instance,
            program,
            email_domain: request.email_domain,
        },
        &[(request.admin_email, request.admin_name, Role::GlobalAdmin)],
        &temporary_password,
        true,
    )
    .await?;
    Ok(CreatedPartner {
        id,
        instance,
        temporary_password,
    })
}
