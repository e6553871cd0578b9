//! Reading customer accounts: the row as stored, checked back through the `shared` rules, and
//! the partner scope every query of customers starts from.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use anyhow::{anyhow, Context};
use shared::api::{Customer, LastChange};
use shared::customer::{AgreementAcceptance, CustomerProfile, DomainPrefix, Email, PersonName};
use shared::date::CalendarDate;
use shared::instance::{CloudInstance, ProgramRole};
use shared::referral::{Channel, PartnerRef};
use shared::regions::CountryCode;
use shared::relationship::Relationship;
use shared::relationship::{EndReason, Ending};
use shared::FieldError;
use sqlx::any::AnyRow;
use sqlx::{AnyExecutor, Row};
use std::sync::LazyLock;
use uuid::Uuid;

/// Columns of `CustomerRow`, in one place for every SELECT: the fixed ones, then the profile's
/// (`CustomerProfile::COLUMNS`).
fn customer_columns() -> &'static str {
    static COLUMNS: LazyLock<String> = LazyLock::new(|| {
        format!(
            "id, tenant_id, instance, country, domain_prefix, relationship,
            agreement_first_name, agreement_last_name, agreement_email, agreement_accepted_on,
            indirect_reseller_id, ended_at, end_reason, end_reason_text, created_at, updated_at,
            version, partner_id, {}, {}",
            CustomerProfile::COLUMNS.join(", "),
            channel_columns!()
        )
    });
    &COLUMNS
}

/// The columns that name the partner in the customers it sees: its own (`partner_id`), and for
/// an indirect reseller also those its providers created on its behalf (`indirect_reseller_id`;
/// read-only for it: every change filters by `partner_id` alone). The one definition of the
/// partner scope of customer reads.
pub fn scope_columns(ctx: &Ctx) -> &'static [&'static str] {
    if ctx.program == ProgramRole::IndirectReseller {
        &["partner_id", "indirect_reseller_id"]
    } else {
        &["partner_id"]
    }
}

/// The partner scope as a condition on the partner id bound as `$1`.
pub fn visible_to(ctx: &Ctx) -> String {
    let terms: Vec<String> = scope_columns(ctx)
        .iter()
        .map(|column| format!("{column} = $1"))
        .collect();
    format!("({})", terms.join(" OR "))
}

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: String,
    tenant_id: String,
    instance: String,
    country: String,
    domain_prefix: String,
    #[sqlx(flatten)]
    profile: StoredProfile,
    relationship: String,
    agreement_first_name: String,
    agreement_last_name: String,
    agreement_email: String,
    agreement_accepted_on: String,
    indirect_reseller_id: Option<String>,
    ended_at: Option<String>,
    end_reason: Option<String>,
    end_reason_text: Option<String>,
    created_at: String,
    updated_at: String,
    version: i64,
    partner_id: String,
    reseller_name: Option<String>,
    provider_name: Option<String>,
}

/// The profile's columns as stored, in `CustomerProfile::COLUMNS` order.
struct StoredProfile(Vec<Option<String>>);

impl<'r> sqlx::FromRow<'r, AnyRow> for StoredProfile {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        CustomerProfile::COLUMNS
            .iter()
            .map(|column| row.try_get::<Option<String>, _>(*column))
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

impl StoredProfile {
    /// The profile read back through the rules of a customer in `country`.
    fn checked(&self, country: &CountryCode) -> anyhow::Result<CustomerProfile> {
        let text = |field| {
            let at = CustomerProfile::FIELDS.iter().position(|f| *f == field)?;
            self.0[at].as_deref()
        };
        CustomerProfile::from_stored(country, text)
            .or_else(|(field, e)| checked(field.key(), Err(e)))
    }
}

/// Stored values go back through the same rules: a row that breaks one is a fault, reported,
/// not passed on.
pub(super) fn checked<T>(column: &str, result: Result<T, FieldError>) -> anyhow::Result<T> {
    result.map_err(|e| anyhow!("stored customer.{column} is invalid: {e}"))
}

impl TryFrom<CustomerRow> for Customer {
    type Error = anyhow::Error;

    fn try_from(r: CustomerRow) -> anyhow::Result<Self> {
        let instance = CloudInstance::parse(&r.instance).context("stored instance")?;
        let country = checked("country", CountryCode::parse(&r.country))?;
        let domain_prefix = checked("domain_prefix", DomainPrefix::parse(&r.domain_prefix))?;
        let domain = domain_prefix.domain(instance);
        Ok(Customer {
            id: r.id.parse()?,
            tenant_id: r.tenant_id.parse()?,
            admin_sign_in: format!("admin@{domain}"),
            profile: r.profile.checked(&country)?,
            relationship: Relationship::parse(&r.relationship).context("stored relationship")?,
            // Empty until an invited customer accepts.
            agreement: if r.agreement_first_name.is_empty() {
                None
            } else {
                Some(AgreementAcceptance {
                    first_name: checked(
                        "agreement_first_name",
                        PersonName::parse(&r.agreement_first_name),
                    )?,
                    last_name: checked(
                        "agreement_last_name",
                        PersonName::parse(&r.agreement_last_name),
                    )?,
                    email: checked("agreement_email", Email::parse(&r.agreement_email))?,
                    accepted_on: checked(
                        "agreement_accepted_on",
                        CalendarDate::parse(&r.agreement_accepted_on),
                    )?,
                })
            },
            ending: match (r.ended_at, r.end_reason) {
                (Some(ended_at), Some(reason)) => Some(Ending {
                    ended_at,
                    reason: EndReason::parse(&reason).context("stored end reason")?,
                    reason_text: r.end_reason_text,
                }),
                _ => None,
            },
            channel: channel_of(
                &r.partner_id,
                r.indirect_reseller_id.as_deref(),
                r.reseller_name,
                r.provider_name,
            )?,
            indirect_reseller: r.indirect_reseller_id.map(|id| id.parse()).transpose()?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
            last_change: None,
            country,
            domain_prefix,
            domain,
        })
    }
}

/// The provider and reseller of a customer created through the channel (`None` for others).
pub(super) fn channel_of(
    partner_id: &str,
    indirect_reseller_id: Option<&str>,
    reseller_name: Option<String>,
    provider_name: Option<String>,
) -> anyhow::Result<Option<Channel>> {
    Ok(match (indirect_reseller_id, reseller_name, provider_name) {
        (Some(reseller), Some(reseller_name), Some(provider_name)) => Some(Channel {
            provider: PartnerRef {
                id: partner_id.parse()?,
                name: provider_name,
            },
            reseller: PartnerRef {
                id: reseller.parse()?,
                name: reseller_name,
            },
        }),
        _ => None,
    })
}

/// Whether a primary domain is in use anywhere in the instance (any partner's customer: the
/// domain is global to the instance, but nothing else about that customer is revealed).
#[tracing::instrument(skip_all)]
pub async fn domain_taken(db: &Db, ctx: &Ctx, prefix: &DomainPrefix) -> Result<bool, AppError> {
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM customers WHERE instance = $1 AND domain_prefix = $2")
            .bind(ctx.instance.as_str())
            .bind(prefix.as_str())
            .fetch_optional(db.readers())
            .await?;
    Ok(taken.is_some())
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn get<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<Customer>, AppError> {
    let row: Option<CustomerRow> = sqlx::query_as(&format!(
        "SELECT {} FROM customers WHERE partner_id = $1 AND id = $2",
        customer_columns()
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(Customer::try_from).transpose()?)
}

/// A customer the partner may look at: its own, or (an indirect reseller) one a provider
/// created on its behalf, with who saved it last (its newest audit entry, the user by display
/// name). One statement for the customer page: on PostgreSQL each statement is a round trip to
/// another process, and this read runs on every open of a customer. Changes go through `get`,
/// which finds owned customers only.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn get_visible(db: &Db, ctx: &Ctx, id: Uuid) -> Result<Option<Customer>, AppError> {
    #[derive(sqlx::FromRow)]
    struct VisibleRow {
        #[sqlx(flatten)]
        customer: CustomerRow,
        last_change_at: Option<String>,
        last_change_by: Option<String>,
    }
    // The partner's own audit entries of this customer, newest first (`audit_by_customer`).
    const LAST_ENTRY: &str = "FROM audit_log a
        LEFT JOIN users u ON u.id = a.user_id AND u.partner_id = a.partner_id
        WHERE a.partner_id = $1 AND a.customer_id = customers.id AND a.object_type = 'customer'
        ORDER BY a.seq DESC LIMIT 1";
    let row: Option<VisibleRow> = sqlx::query_as(&format!(
        "SELECT {},
            (SELECT a.at {LAST_ENTRY}) AS last_change_at,
            (SELECT COALESCE(u.display_name, a.actor) {LAST_ENTRY}) AS last_change_by
         FROM customers WHERE {} AND id = $2",
        customer_columns(),
        visible_to(ctx)
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db.readers())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut customer = Customer::try_from(row.customer)?;
    customer.last_change = match (row.last_change_at, row.last_change_by) {
        (Some(at), Some(by)) => Some(LastChange { by, at }),
        _ => None,
    };
    Ok(Some(customer))
}

/// Every primary domain in the partner's instance, with whether it is the partner's own (an
/// import skips its own and refuses the others').
pub async fn domain_owners(
    db: &Db,
    ctx: &Ctx,
) -> Result<std::collections::HashMap<String, bool>, AppError> {
    let owners: Vec<(String, String)> =
        sqlx::query_as("SELECT domain_prefix, partner_id FROM customers WHERE instance = $1")
            .bind(ctx.instance.as_str())
            .fetch_all(db.readers())
            .await?;
    let partner = ctx.partner_id.to_string();
    Ok(owners
        .into_iter()
        .map(|(domain, owner)| (domain, owner == partner))
        .collect())
}

/// Whether the partner has a customer with this primary domain.
pub async fn owns_domain(
    conn: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    prefix: &DomainPrefix,
) -> Result<bool, AppError> {
    let mine: Option<String> = sqlx::query_scalar(
        "SELECT id FROM customers WHERE partner_id = $1 AND instance = $2 AND domain_prefix = $3",
    )
    .bind(ctx.partner_id.to_string())
    .bind(ctx.instance.as_str())
    .bind(prefix.as_str())
    .fetch_optional(conn)
    .await?;
    Ok(mine.is_some())
}
