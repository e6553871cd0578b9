//! Demo data: one partner, its user and a dozen customers, loaded through the same rules and
//! store functions as real input. Idempotent: what exists already is left alone.

use crate::ctx::Ctx;
use crate::store::customers::{self, Creation};
use crate::store::partners::{self, NewPartner, DEMO_PARTNER_ID, DEMO_USER_ID};
use anyhow::{anyhow, Context};
use shared::customer::{CustomerForm, NewCustomer, Relationship};
use shared::instance::{CloudInstance, ProgramRole};
use sqlx::SqlitePool;
use time::{Duration, OffsetDateTime};

pub const DEMO_PARTNER_NAME: &str = "Northwind Cloud Solutions";
pub const DEMO_EMAIL_DOMAIN: &str = "northwind.example";

/// The demo partner and its first user (no customers).
pub async fn demo_partner(db: &SqlitePool) -> anyhow::Result<Ctx> {
    partners::ensure(
        db,
        &NewPartner {
            id: DEMO_PARTNER_ID,
            name: DEMO_PARTNER_NAME,
            instance: CloudInstance::Global,
            program: ProgramRole::DirectReseller,
            email_domain: DEMO_EMAIL_DOMAIN,
        },
    )
    .await?;
    partners::ensure_user(
        db,
        DEMO_USER_ID,
        DEMO_PARTNER_ID,
        &format!("alex.wu@{DEMO_EMAIL_DOMAIN}"),
        "Alex Wu",
    )
    .await?;
    partners::demo_ctx(db)
        .await?
        .ok_or_else(|| anyhow!("demo partner missing right after creating it"))
}

/// (company, country, prefix, line 1, city, state, postal, first, last, email, days ago, state)
type DemoCustomer = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    Relationship,
);

const DEMO_CUSTOMERS: &[DemoCustomer] = &[
    (
        "Contoso Ltd",
        "US",
        "contosoltd",
        "1 Microsoft Way",
        "Redmond",
        "WA",
        "98052",
        "Ana",
        "Silva",
        "ana.silva@contoso.example",
        210,
        Relationship::Active,
    ),
    (
        "北京云帆科技有限公司",
        "CN",
        "yunfantech",
        "海淀区中关村大街 27 号",
        "北京",
        "BJ",
        "100080",
        "伟",
        "王",
        "wang.wei@yunfan.example",
        180,
        Relationship::Active,
    ),
    (
        "Fabrikam GmbH",
        "DE",
        "fabrikamde",
        "Unter den Linden 10",
        "Berlin",
        "",
        "10117",
        "Jonas",
        "Becker",
        "jonas.becker@fabrikam.example",
        150,
        Relationship::Active,
    ),
    (
        "Tailspin Toys",
        "GB",
        "tailspintoys",
        "10 Downing Street",
        "London",
        "",
        "SW1A 2AA",
        "Olivia",
        "Smith",
        "olivia@tailspin.example",
        120,
        Relationship::Active,
    ),
    (
        "上海星辰贸易有限公司",
        "CN",
        "xingchentrade",
        "浦东新区世纪大道 100 号",
        "上海",
        "SH",
        "200120",
        "丽",
        "李",
        "li.li@xingchen.example",
        95,
        Relationship::Invited,
    ),
    (
        "Adventure Works Cycles",
        "CA",
        "adventureworks",
        "100 King Street West",
        "Toronto",
        "ON",
        "M5X 1A9",
        "Liam",
        "Tremblay",
        "liam@adventure-works.example",
        80,
        Relationship::Active,
    ),
    (
        "Wide World Importers",
        "AU",
        "wideworldimporters",
        "1 Martin Place",
        "Sydney",
        "NSW",
        "2000",
        "Chloe",
        "Nguyen",
        "chloe@wideworld.example",
        61,
        Relationship::Active,
    ),
    (
        "Litware Inc.",
        "JP",
        "litwarejp",
        "千代田区丸の内 1-1",
        "Tokyo",
        "",
        "100-0005",
        "Haruto",
        "Sato",
        "sato@litware.example",
        45,
        Relationship::Active,
    ),
    (
        "Proseware SARL",
        "FR",
        "prosewarefr",
        "12 Rue de Rivoli",
        "Paris",
        "",
        "75001",
        "Camille",
        "Martin",
        "camille@proseware.example",
        30,
        Relationship::Ended,
    ),
    (
        "深圳前海数据服务有限公司",
        "CN",
        "qianhaidata",
        "前海深港合作区前湾一路 1 号",
        "深圳",
        "GD",
        "518000",
        "强",
        "张",
        "zhang.qiang@qianhai.example",
        14,
        Relationship::Active,
    ),
    (
        "Woodgrove Bank",
        "NL",
        "woodgrovebank",
        "Damrak 1",
        "Amsterdam",
        "",
        "1012 LG",
        "Daan",
        "de Vries",
        "daan@woodgrove.example",
        6,
        Relationship::Invited,
    ),
    (
        "Alpine Ski House",
        "CH",
        "alpineskihouse",
        "Bahnhofstrasse 1",
        "Zürich",
        "",
        "8001",
        "Lea",
        "Müller",
        "lea@alpineski.example",
        2,
        Relationship::Active,
    ),
];

/// The demo partner with its customers. Returns how many customers were added.
pub async fn demo(db: &SqlitePool) -> anyhow::Result<usize> {
    let ctx = demo_partner(db).await?;
    let mut added = 0;
    let now = OffsetDateTime::now_utc();
    for &(
        company,
        country,
        prefix,
        line1,
        city,
        state,
        postal,
        first,
        last,
        email,
        days_ago,
        relationship,
    ) in DEMO_CUSTOMERS
    {
        let form = CustomerForm {
            company_name: company.into(),
            country: country.into(),
            domain_prefix: prefix.into(),
            address_line1: line1.into(),
            city: city.into(),
            state: state.into(),
            postal_code: postal.into(),
            contact_first_name: first.into(),
            contact_last_name: last.into(),
            contact_email: email.into(),
            agreement_first_name: first.into(),
            agreement_last_name: last.into(),
            agreement_email: email.into(),
            agreement_date: (now - Duration::days(days_ago)).date().to_string(),
            ..Default::default()
        };
        let customer = NewCustomer::parse(&form, &ctx.rule_context())
            .map_err(|errors| anyhow!("demo customer {company} breaks a rule: {errors:?}"))?;
        if customers::domain_taken(db, &ctx, &customer.domain_prefix)
            .await
            .map_err(|e| anyhow!("{e:?}"))?
        {
            continue;
        }
        let hash = crate::password::hash(crate::password::generate_temporary()).await?;
        let created_at = crate::timestamp::format(now - Duration::days(days_ago));
        customers::insert(
            db,
            &ctx,
            Creation {
                customer: &customer,
                relationship,
                admin_password_hash: &hash,
                created_at: &created_at,
                idempotency: None,
            },
        )
        .await
        .map_err(|e| anyhow!("{e:?}"))
        .with_context(|| format!("inserting demo customer {company}"))?;
        added += 1;
    }
    Ok(added)
}
