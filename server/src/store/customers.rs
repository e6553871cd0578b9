//! Customer accounts.

use crate::ctx::Ctx;
use crate::db::is_unique_violation;
use crate::error::AppError;
use anyhow::{anyhow, Context};
use shared::api::{Customer, CustomerSummary, Page};
use shared::customer::{
    AddressLine, City, CompanyName, DomainPrefix, Email, NewCustomer, PersonName, Phone,
    RegistrationNumber, Relationship,
};
use shared::i18n::Locale;
use shared::instance::CloudInstance;
use shared::regions::{CountryCode, PostalCode, StateCode};
use shared::{Field, FieldError};
use sqlx::SqlitePool;
use uuid::Uuid;

/// Columns of `CustomerRow`, in one place for every SELECT.
const CUSTOMER_COLUMNS: &str = "id, tenant_id, instance, company_name, country, domain_prefix,
    address_line1, address_line2, address_line3, city, state, postal_code, contact_first_name,
    contact_last_name, contact_email, contact_phone, registration_number, language, relationship,
    created_at, updated_at";

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: String,
    tenant_id: String,
    instance: String,
    company_name: String,
    country: String,
    domain_prefix: String,
    address_line1: String,
    address_line2: Option<String>,
    address_line3: Option<String>,
    city: String,
    state: Option<String>,
    postal_code: Option<String>,
    contact_first_name: String,
    contact_last_name: String,
    contact_email: String,
    contact_phone: Option<String>,
    registration_number: Option<String>,
    language: String,
    relationship: String,
    created_at: String,
    updated_at: String,
}

/// Stored values go back through the same rules: a row that breaks one is a fault, reported,
/// not passed on.
fn checked<T>(column: &str, result: Result<T, FieldError>) -> anyhow::Result<T> {
    result.map_err(|e| anyhow!("stored customer.{column} is invalid: {e}"))
}

impl TryFrom<CustomerRow> for Customer {
    type Error = anyhow::Error;

    fn try_from(r: CustomerRow) -> anyhow::Result<Self> {
        let instance = CloudInstance::parse(&r.instance).context("stored instance")?;
        let country = checked("country", CountryCode::parse(&r.country))?;
        let domain_prefix = checked("domain_prefix", DomainPrefix::parse(&r.domain_prefix))?;
        let domain = domain_prefix.domain(instance);
        let optional = |column: &str, value: Option<String>| {
            value
                .map(|v| checked(column, AddressLine::parse(&v)))
                .transpose()
        };
        Ok(Customer {
            id: r.id.parse()?,
            tenant_id: r.tenant_id.parse()?,
            company_name: checked("company_name", CompanyName::parse(&r.company_name))?,
            admin_sign_in: format!("admin@{domain}"),
            address_line1: checked("address_line1", AddressLine::parse(&r.address_line1))?,
            address_line2: optional("address_line2", r.address_line2)?,
            address_line3: optional("address_line3", r.address_line3)?,
            city: checked("city", City::parse(&r.city))?,
            state: checked(
                "state",
                StateCode::parse(r.state.as_deref().unwrap_or(""), &country),
            )?,
            postal_code: checked(
                "postal_code",
                PostalCode::parse(r.postal_code.as_deref().unwrap_or(""), &country),
            )?,
            contact_first_name: checked(
                "contact_first_name",
                PersonName::parse(&r.contact_first_name),
            )?,
            contact_last_name: checked(
                "contact_last_name",
                PersonName::parse(&r.contact_last_name),
            )?,
            contact_email: checked("contact_email", Email::parse(&r.contact_email))?,
            contact_phone: r
                .contact_phone
                .map(|v| checked("contact_phone", Phone::parse(&v)))
                .transpose()?,
            registration_number: r
                .registration_number
                .map(|v| checked("registration_number", RegistrationNumber::parse(&v)))
                .transpose()?,
            language: Locale::from_tag(&r.language).context("stored language")?,
            relationship: Relationship::parse(&r.relationship).context("stored relationship")?,
            created_at: r.created_at,
            updated_at: r.updated_at,
            country,
            domain_prefix,
            domain,
        })
    }
}

/// Whether a primary domain is in use anywhere in the instance (any partner's customer: the
/// domain is global to the instance, but nothing else about that customer is revealed).
#[tracing::instrument(skip_all)]
pub async fn domain_taken(
    db: &SqlitePool,
    ctx: &Ctx,
    prefix: &DomainPrefix,
) -> Result<bool, AppError> {
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM customers WHERE instance = ? AND domain_prefix = ?")
            .bind(ctx.instance.as_str())
            .bind(prefix.as_str())
            .fetch_optional(db)
            .await?;
    Ok(taken.is_some())
}

/// What `insert` needs beyond the checked form.
pub struct Creation<'a> {
    pub customer: &'a NewCustomer,
    pub relationship: Relationship,
    pub admin_password_hash: &'a str,
    pub created_at: &'a str,
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn insert(
    db: &SqlitePool,
    ctx: &Ctx,
    creation: Creation<'_>,
) -> Result<Customer, AppError> {
    let c = creation.customer;
    let id = Uuid::new_v4();
    let result = sqlx::query(
        "INSERT INTO customers (id, partner_id, instance, tenant_id, company_name, country,
            domain_prefix, address_line1, address_line2, address_line3, city, state, postal_code,
            contact_first_name, contact_last_name, contact_email, contact_phone,
            registration_number, language, relationship, admin_password_hash, created_at,
            updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(ctx.instance.as_str())
    .bind(Uuid::new_v4().to_string())
    .bind(c.company_name.as_str())
    .bind(c.country.as_str())
    .bind(c.domain_prefix.as_str())
    .bind(c.address_line1.as_str())
    .bind(c.address_line2.as_ref().map(AddressLine::as_str))
    .bind(c.address_line3.as_ref().map(AddressLine::as_str))
    .bind(c.city.as_str())
    .bind(c.state.as_ref().map(StateCode::as_str))
    .bind(c.postal_code.as_ref().map(PostalCode::as_str))
    .bind(c.contact_first_name.as_str())
    .bind(c.contact_last_name.as_str())
    .bind(c.contact_email.as_str())
    .bind(c.contact_phone.as_ref().map(Phone::as_str))
    .bind(
        c.registration_number
            .as_ref()
            .map(RegistrationNumber::as_str),
    )
    .bind(c.language.tag())
    .bind(creation.relationship.as_str())
    .bind(creation.admin_password_hash)
    .bind(creation.created_at)
    .bind(creation.created_at)
    .execute(db)
    .await;
    match result {
        Ok(_) => {}
        // A concurrent create won the race for the domain: same answer as the pre-check.
        Err(e) if is_unique_violation(&e, "customers.instance, customers.domain_prefix") => {
            return Err(AppError::field(Field::DomainPrefix, FieldError::Taken));
        }
        Err(e) => return Err(e.into()),
    }
    get(db, ctx, id)
        .await?
        .ok_or_else(|| anyhow!("created customer vanished").into())
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %id))]
pub async fn get(db: &SqlitePool, ctx: &Ctx, id: Uuid) -> Result<Option<Customer>, AppError> {
    let row: Option<CustomerRow> = sqlx::query_as(&format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE partner_id = ? AND id = ?"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(Customer::try_from).transpose()?)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn list(
    db: &SqlitePool,
    ctx: &Ctx,
    page: u32,
    per_page: u32,
) -> Result<Page<CustomerSummary>, AppError> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE partner_id = ?")
        .bind(ctx.partner_id.to_string())
        .fetch_one(db)
        .await?;
    let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
    let rows: Vec<CustomerRow> = sqlx::query_as(&format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE partner_id = ?
         ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(i64::from(per_page))
    .bind(offset)
    .fetch_all(db)
    .await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let c = Customer::try_from(row)?;
            Ok(CustomerSummary {
                id: c.id,
                company_name: c.company_name,
                domain: c.domain,
                country: c.country,
                relationship: c.relationship,
                created_at: c.created_at,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Page {
        items,
        total: total as u64,
        page,
        per_page,
    })
}
