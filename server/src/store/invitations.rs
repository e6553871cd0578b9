//! Reseller relationship invitations. The link's token is 256 random bits; only its SHA-256 is
//! stored, so the database can't produce working links. Every step is audited, and its e-mail
//! is queued in the outbox within the same transaction.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::mail::{self, InvitationMail};
use crate::store::audit::{self, Actor, Change};
use crate::store::customers;
use crate::store::outbox;
use anyhow::{anyhow, Context};
use shared::admin_relationship::AdminRelationshipForm;
use shared::api::{Customer, ErrorCode};
use shared::audit::AuditAction;
use shared::customer::{AgreementAcceptance, CompanyName, Email};
use shared::i18n::Locale;
use shared::invitation::{
    Acceptance, Invitation, InvitationDetails, InvitationState, INVITATION_DAYS,
};
use shared::public_page::PublicPage;
use shared::relationship::Relationship;
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

use crate::secret_link::{new_token, token_hash};

fn expiry_from_now() -> String {
    crate::timestamp::format(
        time::OffsetDateTime::now_utc() + time::Duration::days(INVITATION_DAYS),
    )
}

const COLUMNS: &str = "i.id, i.customer_id, c.company_name, i.email, i.language, i.message,
    i.state, i.created_at, i.expires_at, i.last_sent_at, i.sent_count, i.accepted_at,
    i.accepted_by, i.partner_id, i.created_by, i.admin_request";

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: String,
    customer_id: String,
    company_name: String,
    email: String,
    language: String,
    message: String,
    state: String,
    created_at: String,
    expires_at: String,
    last_sent_at: String,
    sent_count: i64,
    accepted_at: Option<String>,
    accepted_by: Option<String>,
    partner_id: String,
    created_by: String,
    admin_request: Option<String>,
}

impl InvitationRow {
    /// The state as of now: a pending invitation past its date is expired even before the
    /// sweep has recorded it.
    fn current_state(&self) -> anyhow::Result<InvitationState> {
        let stored = InvitationState::parse(&self.state).context("stored invitation state")?;
        Ok(
            if stored == InvitationState::Pending && self.expires_at <= crate::timestamp::now() {
                InvitationState::Expired
            } else {
                stored
            },
        )
    }

    /// The admin request that goes out on acceptance, if the invitation carries one.
    fn admin_request(&self) -> anyhow::Result<Option<AdminRelationshipForm>> {
        self.admin_request
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .context("stored admin request")
    }

    fn into_invitation(self) -> anyhow::Result<Invitation> {
        let state = self.current_state()?;
        let admin_access = self.admin_request()?.map(|r| r.display_name);
        Ok(Invitation {
            id: self.id.parse()?,
            customer_id: self.customer_id.parse()?,
            company_name: CompanyName::parse(&self.company_name)
                .map_err(|e| anyhow!("stored company name: {e}"))?,
            email: Email::parse(&self.email).map_err(|e| anyhow!("stored email: {e}"))?,
            language: Locale::from_tag(&self.language).context("stored language")?,
            message: self.message,
            state,
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_sent_at: self.last_sent_at,
            sent_count: u32::try_from(self.sent_count).unwrap_or(u32::MAX),
            accepted_at: self.accepted_at,
            accepted_by: self.accepted_by,
            admin_access,
        })
    }
}

async fn partner_name<'e>(db: impl AnyExecutor<'e>, partner_id: Uuid) -> Result<String, AppError> {
    Ok(
        sqlx::query_scalar("SELECT name FROM partners WHERE id = $1")
            .bind(partner_id.to_string())
            .fetch_one(db)
            .await?,
    )
}

async fn get_in<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<InvitationRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invitations i JOIN customers c ON c.id = i.customer_id
         WHERE i.partner_id = $1 AND i.id = $2"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?)
}

/// Queues the invitation e-mail for `customer` with a fresh token.
async fn queue_mail(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    public_url: &str,
    customer: &Customer,
    message: &str,
    token: &str,
    expires_at: &str,
) -> Result<(), AppError> {
    let partner = partner_name(&mut *conn, ctx.partner_id).await?;
    let contact = format!(
        "{} {}",
        customer.profile.contact_first_name, customer.profile.contact_last_name
    );
    let mail = mail::invitation(&InvitationMail {
        locale: customer.profile.language,
        recipient: customer.profile.contact_email.as_str(),
        contact_name: &contact,
        partner_name: &partner,
        company_name: customer.profile.company_name.as_str(),
        message,
        link: &PublicPage::AcceptInvitation.link_with_token(public_url, token),
        expires_at,
    });
    outbox::enqueue(conn, ctx.partner_id, &mail).await?;
    Ok(())
}

/// Creates the invitation of an invited customer (already inserted in this transaction) and
/// queues its e-mail to the customer's contact, in the customer's language. `admin_request`
/// goes out when the customer accepts.
pub async fn issue_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    public_url: &str,
    customer: &Customer,
    message: &str,
    admin_request: Option<&AdminRelationshipForm>,
) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let token = new_token();
    let now = crate::timestamp::now();
    let expires_at = expiry_from_now();
    sqlx::query(
        "INSERT INTO invitations (id, partner_id, customer_id, email, language, message,
            token_hash, state, created_by, created_at, expires_at, last_sent_at, admin_request)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $10, $11, $12)",
    )
    .bind(id.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(customer.id.to_string())
    .bind(customer.profile.contact_email.as_str())
    .bind(customer.profile.language.tag())
    .bind(message)
    .bind(token_hash(&token))
    .bind(ctx.user_id.to_string())
    .bind(&now)
    .bind(&expires_at)
    .bind(&now)
    .bind(
        admin_request
            .map(serde_json::to_string)
            .transpose()
            .map_err(anyhow::Error::from)?,
    )
    .execute(&mut *conn)
    .await?;
    queue_mail(
        conn,
        ctx,
        public_url,
        customer,
        message,
        &token,
        &expires_at,
    )
    .await?;
    let invitation = get_in(&mut *conn, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("created invitation vanished"))?
        .into_invitation()?;
    audit::record(
        conn,
        &Actor::User(ctx),
        Change::<(), _>::new(
            AuditAction::InvitationCreated,
            "invitation",
            id,
            Some(customer.id),
            None,
            Some(&invitation),
        ),
    )
    .await?;
    Ok(id)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<Invitation>, AppError> {
    let rows: Vec<InvitationRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invitations i JOIN customers c ON c.id = i.customer_id
         WHERE i.partner_id = $1 ORDER BY i.last_sent_at DESC, i.id"
    ))
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    Ok(rows
        .into_iter()
        .map(InvitationRow::into_invitation)
        .collect::<anyhow::Result<_>>()?)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, invitation_id = %id))]
pub async fn get(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Option<Invitation>, AppError> {
    Ok(get_in(db.readers(), ctx, id)
        .await?
        .map(InvitationRow::into_invitation)
        .transpose()?)
}

/// The invitation of a customer, if it has one.
pub async fn of_customer(
    db: &Db,
    ctx: &Ctx,
    customer: Uuid,
) -> Result<Option<Invitation>, AppError> {
    let row: Option<InvitationRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invitations i JOIN customers c ON c.id = i.customer_id
         WHERE i.partner_id = $1 AND i.customer_id = $2"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .fetch_optional(db.readers())
    .await?;
    Ok(row.map(InvitationRow::into_invitation).transpose()?)
}

/// Sends a new link (the old one dies) with 30 fresh days. Pending, expired and revoked
/// invitations can be resent; the customer is `invited` again.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, invitation_id = %id))]
pub async fn resend(
    db: &Db,
    ctx: &Ctx,
    public_url: &str,
    id: Uuid,
) -> Result<Invitation, AppError> {
    let mut tx = db.write().await?;
    let before = get_in(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?
        .into_invitation()?;
    if !before.state.can_resend() {
        return Err(AppError::state(
            ErrorCode::InvitationNotPending,
            "This invitation was accepted: there is nothing to resend.",
        ));
    }
    let token = new_token();
    let now = crate::timestamp::now();
    let expires_at = expiry_from_now();
    // The old link is remembered as replaced, so its e-mail says a newer one was sent.
    sqlx::query(
        "INSERT INTO invitation_replaced_links (token_hash, invitation_id, replaced_at)
         SELECT token_hash, id, $1 FROM invitations WHERE partner_id = $2 AND id = $3",
    )
    .bind(&now)
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE invitations SET token_hash = $1, state = 'pending', expires_at = $2,
            last_sent_at = $3, sent_count = sent_count + 1, revoked_at = NULL
         WHERE partner_id = $4 AND id = $5",
    )
    .bind(token_hash(&token))
    .bind(&expires_at)
    .bind(&now)
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    customers::set_relationship(
        &mut tx,
        ctx.partner_id,
        before.customer_id,
        Relationship::Invited,
    )
    .await?;
    let customer = customers::get(&mut *tx, ctx, before.customer_id)
        .await?
        .ok_or_else(|| anyhow!("invited customer vanished"))?;
    queue_mail(
        &mut tx,
        ctx,
        public_url,
        &customer,
        &before.message,
        &token,
        &expires_at,
    )
    .await?;
    recorded(tx, ctx, AuditAction::InvitationResent, before).await
}

/// Withdraws a pending invitation: its link stops working and the customer is `revoked`.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, invitation_id = %id))]
pub async fn revoke(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Invitation, AppError> {
    let mut tx = db.write().await?;
    let before = get_in(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?
        .into_invitation()?;
    if before.state != InvitationState::Pending {
        return Err(AppError::state(
            ErrorCode::InvitationNotPending,
            format!(
                "Only a pending invitation can be revoked; this one is {}.",
                before.state.as_str()
            ),
        ));
    }
    sqlx::query(
        "UPDATE invitations SET state = 'revoked', revoked_at = $1 WHERE partner_id = $2 AND id = $3",
    )
    .bind(crate::timestamp::now())
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    customers::set_relationship(
        &mut tx,
        ctx.partner_id,
        before.customer_id,
        Relationship::Revoked,
    )
    .await?;
    recorded(tx, ctx, AuditAction::InvitationRevoked, before).await
}

/// Finishes a change of an invitation: records it with its state before and after, commits,
/// and returns the invitation as it is now.
async fn recorded(
    mut tx: sqlx::Transaction<'_, sqlx::Any>,
    ctx: &Ctx,
    action: AuditAction,
    before: Invitation,
) -> Result<Invitation, AppError> {
    let after = get_in(&mut *tx, ctx, before.id)
        .await?
        .ok_or_else(|| anyhow!("invitation vanished"))?
        .into_invitation()?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change::new(
            action,
            "invitation",
            before.id,
            Some(before.customer_id),
            Some(&before),
            Some(&after),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The invitation a token opens, found by its hash (no partner is signed in here); 410
/// `invitation_replaced` for a link a resend replaced, 404 for one that never existed.
async fn by_token(conn: &mut AnyConnection, token: &str) -> Result<InvitationRow, AppError> {
    let hash = token_hash(token);
    let row: Option<InvitationRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM invitations i JOIN customers c ON c.id = i.customer_id
         WHERE i.token_hash = $1"
    ))
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = row {
        return Ok(row);
    }
    let replaced: Option<String> = sqlx::query_scalar(
        "SELECT replaced_at FROM invitation_replaced_links WHERE token_hash = $1",
    )
    .bind(&hash)
    .fetch_optional(&mut *conn)
    .await?;
    match replaced {
        Some(_) => Err(AppError::state(
            ErrorCode::InvitationReplaced,
            "A newer invitation was sent for this account: use the link in the latest e-mail.",
        )),
        None => Err(AppError::NotFound),
    }
}

/// 410 for a link that can no longer be used, with the reason.
fn usable(row: &InvitationRow) -> Result<(), AppError> {
    match row.current_state()? {
        InvitationState::Pending => Ok(()),
        InvitationState::Accepted => Err(AppError::state(
            ErrorCode::InvitationAccepted,
            "This invitation was already accepted.",
        )),
        InvitationState::Expired => Err(AppError::state(
            ErrorCode::InvitationExpired,
            "This invitation has expired.",
        )),
        InvitationState::Revoked => Err(AppError::state(
            ErrorCode::InvitationRevoked,
            "The partner revoked this invitation.",
        )),
    }
}

/// What the accept page shows.
#[tracing::instrument(skip_all)]
pub async fn details(db: &Db, token: &str) -> Result<InvitationDetails, AppError> {
    let row = by_token(&mut *db.readers().acquire().await?, token).await?;
    usable(&row)?;
    let partner = partner_name(
        db.readers(),
        row.partner_id.parse().map_err(anyhow::Error::new)?,
    )
    .await?;
    let invitation = row.into_invitation()?;
    Ok(InvitationDetails {
        partner_name: partner,
        company_name: invitation.company_name,
        email: invitation.email,
        language: invitation.language,
        message: invitation.message,
        expires_at: invitation.expires_at,
    })
}

/// What accepting did, for the rest of the acceptance's transaction.
pub struct Accepted {
    pub details: InvitationDetails,
    pub partner_id: Uuid,
    pub customer_id: Uuid,
    /// The partner user who sent the invitation.
    pub invited_by: Uuid,
    /// The admin request the invitation carries ("also request admin access").
    pub admin_request: Option<AdminRelationshipForm>,
}

/// The customer accepts: the relationship becomes active and the person who accepted is
/// recorded as having accepted the customer agreement today.
#[tracing::instrument(skip_all)]
pub async fn accept_in(
    tx: &mut AnyConnection,
    token: &str,
    acceptance: &Acceptance,
) -> Result<Accepted, AppError> {
    let row = by_token(tx, token).await?;
    usable(&row)?;
    let partner_id: Uuid = row.partner_id.parse().map_err(anyhow::Error::new)?;
    let invited_by: Uuid = row.created_by.parse().map_err(anyhow::Error::new)?;
    let admin_request = row.admin_request()?;
    let before = row.into_invitation()?;
    let name = format!("{} {}", acceptance.first_name, acceptance.last_name);
    let now = crate::timestamp::now();
    sqlx::query(
        "UPDATE invitations SET state = 'accepted', accepted_at = $1, accepted_by = $2
         WHERE partner_id = $3 AND id = $4",
    )
    .bind(&now)
    .bind(&name)
    .bind(partner_id.to_string())
    .bind(before.id.to_string())
    .execute(&mut *tx)
    .await?;
    let agreement = AgreementAcceptance {
        first_name: acceptance.first_name.clone(),
        last_name: acceptance.last_name.clone(),
        email: before.email.clone(),
        accepted_on: crate::timestamp::today_utc(),
    };
    sqlx::query(
        "UPDATE customers SET relationship = 'active', agreement_first_name = $1,
            agreement_last_name = $2, agreement_email = $3, agreement_accepted_on = $4,
            updated_at = $5, version = version + 1
         WHERE partner_id = $6 AND id = $7",
    )
    .bind(agreement.first_name.as_str())
    .bind(agreement.last_name.as_str())
    .bind(agreement.email.as_str())
    .bind(agreement.accepted_on.to_string())
    .bind(&now)
    .bind(partner_id.to_string())
    .bind(before.customer_id.to_string())
    .execute(&mut *tx)
    .await?;
    let mut after = before.clone();
    after.state = InvitationState::Accepted;
    after.accepted_at = Some(now);
    after.accepted_by = Some(name.clone());
    audit::record(
        &mut *tx,
        &Actor::Customer { partner_id, name },
        Change::new(
            AuditAction::InvitationAccepted,
            "invitation",
            before.id,
            Some(before.customer_id),
            Some(&before),
            Some(&after),
        ),
    )
    .await?;
    let partner = partner_name(&mut *tx, partner_id).await?;
    Ok(Accepted {
        partner_id,
        customer_id: before.customer_id,
        invited_by,
        admin_request,
        details: InvitationDetails {
            partner_name: partner,
            company_name: after.company_name,
            email: after.email,
            language: after.language,
            message: after.message,
            expires_at: after.expires_at,
        },
    })
}

/// Records the invitations that passed their 30 days: the invitation and its customer become
/// `expired`, each with an audit entry by the system. Returns how many.
pub async fn expire_due(db: &Db) -> anyhow::Result<u64> {
    let now = crate::timestamp::now();
    let due: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, partner_id, customer_id FROM invitations
         WHERE state = 'pending' AND expires_at <= $1",
    )
    .bind(&now)
    .fetch_all(db.readers())
    .await?;
    let mut expired = 0;
    for (id, partner_id, customer_id) in due {
        let partner_id: Uuid = partner_id.parse()?;
        let customer_id: Uuid = customer_id.parse()?;
        let mut tx = db.write().await?;
        // Re-checked inside the transaction: a resend may have come in between.
        let changed = sqlx::query(
            "UPDATE invitations SET state = 'expired'
             WHERE id = $1 AND state = 'pending' AND expires_at <= $2",
        )
        .bind(&id)
        .bind(&now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            continue;
        }
        customers::set_relationship(&mut tx, partner_id, customer_id, Relationship::Expired)
            .await
            .map_err(|e| anyhow!("{e}"))?;
        audit::record(
            &mut tx,
            &Actor::System { partner_id },
            audit::event(
                AuditAction::InvitationExpired,
                "invitation",
                id,
                Some(customer_id),
            ),
        )
        .await
        .map_err(|e| anyhow!("{e}"))?;
        tx.commit().await?;
        expired += 1;
    }
    Ok(expired)
}
