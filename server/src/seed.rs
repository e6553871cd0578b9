//! Demo data: one partner, its user and a dozen customers, loaded through the same rules and
//! store functions as real input. Idempotent: what exists already is left alone.

use crate::clock::Clock;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::service::subscriptions;
use crate::store::customers::{self, Creation};
use crate::store::partners::NewPartner;
use crate::store::{invitations, links, profiles, referrals};
use anyhow::{anyhow, Context};
use shared::access::Role;
use shared::admin_relationship::{AdminEndReason, EntraRole};
use shared::customer::{CustomerForm, NewCustomer};
use shared::instance::{CloudInstance, ProgramRole};
use shared::profile::{BusinessProfileForm, LocationForm};
use shared::referral::DeclineReason;
use shared::referral::ReferralForm;
use shared::relationship::Relationship;
use shared::relationship::{EndReason, EndRelationshipForm};
use shared::subscription::{BillingCycle, OrderRequest, Term};
use shared::support::{SupportRequestForm, SupportState};
use shared::Field;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// Where links in the demo's e-mails point when the seed runs on its own.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:3000";

pub const DEMO_PARTNER_NAME: &str = "Northwind Cloud Solutions";
pub const DEMO_EMAIL_DOMAIN: &str = "northwind.example";
/// Every demo user's password. Demo data only: real users get a temporary password that must
/// be changed at first sign-in.
pub const DEMO_PASSWORD: &str = "PartnerDesk-demo-2026";

/// The demo partners' fixed ids, so seeding is idempotent.
pub const DEMO_PARTNER_ID: Uuid = Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0001);
pub const OTHER_PARTNER_ID: Uuid = Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0002);
pub const OTHER_PARTNER_NAME: &str = "Fabrikam Partner GmbH";
pub const CHINA_PARTNER_ID: Uuid = Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0006);
pub const CHINA_PARTNER_NAME: &str = "云海云服务（上海）有限公司";

/// One user per role at the demo partner: (e-mail, name, role).
pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("alex.wu@northwind.example", "Alex Wu", Role::GlobalAdmin),
    ("mei.chen@northwind.example", "Mei Chen", Role::AdminAgent),
    (
        "sam.taylor@northwind.example",
        "Sam Taylor",
        Role::SalesAgent,
    ),
    (
        "hana.kim@northwind.example",
        "Hana Kim",
        Role::HelpdeskAgent,
    ),
    (
        "ben.okafor@northwind.example",
        "Ben Okafor",
        Role::BillingAdmin,
    ),
    (
        "rita.gomez@northwind.example",
        "Rita Gomez",
        Role::ReferralsAdmin,
    ),
];
pub const OTHER_ADMIN: (&str, &str, Role) = (
    "lena.vogel@fabrikam-partner.example",
    "Lena Vogel",
    Role::GlobalAdmin,
);

/// The global admin of the demo partner in the cloud operated by 21Vianet.
pub const CHINA_ADMIN: (&str, &str, Role) =
    ("li.na@yunhai-partner.example", "李娜", Role::GlobalAdmin);

/// The channel: an indirect provider, a reseller linked to it, and one that is not.
pub const PROVIDER_ID: Uuid = Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0003);
pub const LINKED_RESELLER_ID: Uuid = Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0004);
pub const UNLINKED_RESELLER_ID: Uuid = Uuid::from_u128(0x5eed_0000_0000_4000_8000_0000_0000_0005);

/// (partner id, partner name, program, e-mail domain, its global admin: e-mail and name)
pub const CHANNEL_PARTNERS: &[(Uuid, &str, ProgramRole, &str, &str, &str)] = &[
    (
        PROVIDER_ID,
        "Litware Distribution",
        ProgramRole::IndirectProvider,
        "litware.example",
        "olivia.brown@litware.example",
        "Olivia Brown",
    ),
    (
        LINKED_RESELLER_ID,
        "Proseware Solutions",
        ProgramRole::IndirectReseller,
        "proseware.example",
        "kenji.sato@proseware.example",
        "Kenji Sato",
    ),
    (
        UNLINKED_RESELLER_ID,
        "Wingtip IT Services",
        ProgramRole::IndirectReseller,
        "wingtip.example",
        "maria.garcia@wingtip.example",
        "Maria Garcia",
    ),
];

/// The demo partner and its users (no customers). Returns its global admin's `Ctx`.
pub async fn demo_partner(db: &Db) -> anyhow::Result<Ctx> {
    crate::service::partners::create_with_users(
        db,
        &NewPartner {
            multi_factor_required: false,
            id: DEMO_PARTNER_ID,
            name: DEMO_PARTNER_NAME,
            instance: CloudInstance::Global,
            program: ProgramRole::DirectReseller,
            email_domain: DEMO_EMAIL_DOMAIN,
        },
        DEMO_USERS,
        DEMO_PASSWORD,
        false,
    )
    .await
}

/// A second partner, in the Germany cloud, to show that partners never see each other.
pub async fn other_partner(db: &Db) -> anyhow::Result<Ctx> {
    crate::service::partners::create_with_users(
        db,
        &NewPartner {
            multi_factor_required: false,
            id: OTHER_PARTNER_ID,
            name: OTHER_PARTNER_NAME,
            instance: CloudInstance::Germany,
            program: ProgramRole::DirectReseller,
            email_domain: "fabrikam-partner.example",
        },
        &[OTHER_ADMIN],
        DEMO_PASSWORD,
        false,
    )
    .await
}

/// A partner in the cloud operated by 21Vianet (customers in China only, domains under
/// `partner.onmschina.cn`).
pub async fn china_partner(db: &Db) -> anyhow::Result<Ctx> {
    let admin = crate::service::partners::create_with_users(
        db,
        &NewPartner {
            multi_factor_required: false,
            id: CHINA_PARTNER_ID,
            name: CHINA_PARTNER_NAME,
            instance: CloudInstance::China21Vianet,
            program: ProgramRole::DirectReseller,
            email_domain: "yunhai-partner.example",
        },
        &[CHINA_ADMIN],
        DEMO_PASSWORD,
        false,
    )
    .await?;
    // Its admin works in Chinese: the sweep's e-mails to them are Chinese before a first
    // sign-in says so.
    crate::store::users::set_language(db, admin.user_id, shared::i18n::Locale::ZhCn).await?;
    Ok(admin)
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

const OTHER_CUSTOMERS: &[DemoCustomer] = &[
    (
        "Münchner Maschinenbau AG",
        "DE",
        "muenchnermaschinen",
        "Leopoldstraße 1",
        "München",
        "",
        "80802",
        "Felix",
        "Wagner",
        "felix@mm-ag.example",
        40,
        Relationship::Active,
    ),
    (
        "Helvetia Data SA",
        "CH",
        "helvetiadata",
        "Rue du Rhône 1",
        "Genève",
        "",
        "1204",
        "Chloé",
        "Favre",
        "chloe@helvetiadata.example",
        9,
        Relationship::Active,
    ),
];

/// The 21Vianet partner's customers.
const CHINA_CUSTOMERS: &[DemoCustomer] = &[
    (
        "云帆科技有限责任公司",
        "CN",
        "yunfantech",
        "朝阳区建国路 88 号",
        "北京",
        "BJ",
        "100022",
        "伟",
        "张",
        "zhang.wei@yunfan-tech.example",
        21,
        Relationship::Active,
    ),
    (
        "深蓝物流股份有限公司",
        "CN",
        "shenlanlogistics",
        "南山区科技园路 1 号",
        "深圳",
        "GD",
        "518057",
        "芳",
        "王",
        "wang.fang@shenlan.example",
        4,
        Relationship::Invited,
    ),
];

/// Every demo partner with its users and customers, and the channel between them. Returns how
/// many customers were added. Invited customers get their invitation e-mail (links to
/// `public_url`) in the outbox.
pub async fn demo(db: &Db, public_url: &str) -> anyhow::Result<usize> {
    let ours = demo_partner(db).await?;
    // Before its customers' orders, so their charges carry it.
    crate::service::billing::set_markup(
        db,
        &ours,
        None,
        &shared::billing::MarkupForm {
            markup: "12.5".into(),
        },
    )
    .await
    .map_err(|e| anyhow!("{e:?}"))?;
    let theirs = other_partner(db).await?;
    let china = china_partner(db).await?;
    let mut added = customers_for(db, &ours, DEMO_CUSTOMERS, None, public_url).await?
        + customers_for(db, &theirs, OTHER_CUSTOMERS, None, public_url).await?
        + customers_for(db, &china, CHINA_CUSTOMERS, None, public_url).await?;
    let channel = channel_partners(db).await?;
    let provider = &channel[0];
    added += customers_for(db, provider, PROVIDER_CUSTOMERS, None, public_url).await?;
    added += customers_for(
        db,
        provider,
        PROVIDER_CUSTOMERS_FOR_RESELLER,
        Some(LINKED_RESELLER_ID),
        public_url,
    )
    .await?;
    referrals_and_profile(db, &ours).await?;
    support_requests(db, &ours).await?;
    admin_relationships(db, &ours).await?;
    subscriptions::sweep(db, &Clock::system())
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    Ok(added)
}

/// The demo user who already has an authenticator app, to show the second step: any app given
/// [`DEMO_AUTHENTICATOR_KEY`] (printed at serve start) makes the codes.
pub const MFA_DEMO_USER: (&str, &str, Role) = (
    "yuki.tanaka@northwind.example",
    "Yuki Tanaka",
    Role::AdminAgent,
);
/// Base32 of 20 bytes; public like the demo password, so it belongs to demo data only.
pub const DEMO_AUTHENTICATOR_KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// Adds [`MFA_DEMO_USER`] to the demo partner with its authenticator, sealed with `key` (again
/// at each start, so a new key file still opens it).
pub async fn demo_authenticator(db: &Db, key: &crate::sealed::SealingKey) -> anyhow::Result<()> {
    crate::service::partners::create_with_users(
        db,
        &NewPartner {
            multi_factor_required: false,
            id: DEMO_PARTNER_ID,
            name: DEMO_PARTNER_NAME,
            instance: CloudInstance::Global,
            program: ProgramRole::DirectReseller,
            email_domain: DEMO_EMAIL_DOMAIN,
        },
        &[MFA_DEMO_USER],
        DEMO_PASSWORD,
        false,
    )
    .await?;
    let user_id = crate::store::users::id_by_email(db, MFA_DEMO_USER.0)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo authenticator user is missing"))?;
    let secret = base32::decode(
        base32::Alphabet::Rfc4648 { padding: false },
        DEMO_AUTHENTICATOR_KEY,
    )
    .ok_or_else(|| anyhow::anyhow!("the demo authenticator key is not base32"))?;
    let sealed = key.seal(&secret, &user_id.to_string());
    let mut tx = db.write().await?;
    sqlx::query("UPDATE users SET authenticator_secret = $1 WHERE id = $2")
        .bind(sealed)
        .bind(user_id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The channel's partners (provider, linked reseller, unlinked reseller, in the Global cloud)
/// with their global admins; returns their `Ctx`s in `CHANNEL_PARTNERS` order. No links or
/// customers: `demo` adds those.
pub async fn channel_partners(db: &Db) -> anyhow::Result<Vec<Ctx>> {
    let mut channel = Vec::new();
    for &(id, name, program, domain, email, admin) in CHANNEL_PARTNERS {
        let partner = NewPartner {
            multi_factor_required: false,
            id,
            name,
            instance: CloudInstance::Global,
            program,
            email_domain: domain,
        };
        channel.push(
            crate::service::partners::create_with_users(
                db,
                &partner,
                &[(email, admin, Role::GlobalAdmin)],
                DEMO_PASSWORD,
                false,
            )
            .await?,
        );
    }
    Ok(channel)
}

/// Customers the demo provider serves itself…
const PROVIDER_CUSTOMERS: &[DemoCustomer] = &[(
    "Woodgrove Outfitters",
    "US",
    "woodgroveoutfitters",
    "200 Mountain Road",
    "Denver",
    "CO",
    "80202",
    "Liam",
    "Tremblay",
    "liam@woodgrove.example",
    75,
    Relationship::Active,
)];

/// …and those it created on behalf of its linked reseller.
const PROVIDER_CUSTOMERS_FOR_RESELLER: &[DemoCustomer] = &[
    (
        "Coho Winery",
        "US",
        "cohowinery",
        "12 Vineyard Lane",
        "Napa",
        "CA",
        "94558",
        "Olivia",
        "Martin",
        "olivia@cohowinery.example",
        50,
        Relationship::Active,
    ),
    (
        "上海瑞丰贸易有限公司",
        "CN",
        "ruifengtrade",
        "浦东新区世纪大道 100 号",
        "上海",
        "SH",
        "200120",
        "娜",
        "李",
        "li.na@ruifeng.example",
        20,
        Relationship::Active,
    ),
];

/// (to, from, company, first, last, e-mail, country, offerings, seats, notes, days ago)
type DemoReferral = (
    Uuid,
    Option<Uuid>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    i64,
);

/// The link between the demo provider and its reseller, referrals both ways of the inbox (new,
/// overdue, declined; marketplace ones for the direct reseller), and the direct reseller's
/// half-filled business profile. Skipped once the link exists.
/// A demo support request: title, severity, topic, opened how many hours ago, the states it
/// went through, and a first answer or none.
type DemoSupport = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static [SupportState],
    Option<&'static str>,
);

/// Support requests of the demo's active customers, one in each state, one overdue (critical,
/// opened two hours ago, unanswered).
/// A demo admin relationship: template, customer (by its place among the active ones), and what
/// became of it — `Some(days)` active for that many more days, `None` still awaiting approval,
/// or ended (`"expired"`, `"terminated"`).
type DemoAdmin = (
    &'static str,
    usize,
    &'static [EntraRole],
    bool,
    DemoAdminState,
);

enum DemoAdminState {
    Pending,
    Active { days_left: i64 },
    Ended(AdminEndReason),
}

/// The demo partner's admin (GDAP) relationships: one in each state, one ending within 31 days
/// and one with Global Administrator (which can't be extended), across five customers.
async fn admin_relationships(db: &Db, ctx: &Ctx) -> anyhow::Result<()> {
    use shared::admin_relationship::{NewAdminRelationship, RelationshipName};
    use DemoAdminState::{Active, Ended, Pending};
    let any: Option<String> =
        sqlx::query_scalar("SELECT id FROM admin_relationships WHERE partner_id = $1 LIMIT 1")
            .bind(ctx.partner_id.to_string())
            .fetch_optional(db.readers())
            .await?;
    if any.is_some() {
        return Ok(());
    }
    let customers: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, company_name FROM customers WHERE partner_id = $1 AND relationship = 'active'
         ORDER BY company_name LIMIT 5",
    )
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    let template = |name: &str| -> &'static [EntraRole] {
        shared::admin_relationship::SUGGESTED_TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[], |(_, roles)| *roles)
    };
    let wanted: Vec<DemoAdmin> = vec![
        (
            "Helpdesk",
            0,
            template("Helpdesk"),
            true,
            Active { days_left: 200 },
        ),
        (
            "Licensing",
            0,
            template("Licensing"),
            false,
            Active { days_left: 20 },
        ),
        (
            "Security operations",
            1,
            template("Security operations"),
            false,
            Pending,
        ),
        (
            "Tenant setup",
            2,
            &[EntraRole::GlobalAdministrator],
            false,
            Active { days_left: 5 },
        ),
        (
            "Helpdesk",
            3,
            template("Helpdesk"),
            false,
            Ended(AdminEndReason::Expired),
        ),
        (
            "Licensing",
            4,
            template("Licensing"),
            true,
            Ended(AdminEndReason::Partner),
        ),
    ];
    let today = crate::timestamp::today_utc();
    let mut tx = db.write().await?;
    // The first customer's active relationships, for the demo access groups.
    let mut first_active = Vec::new();
    for (name, at, roles, auto_extend, state) in wanted {
        let Some((customer, company)) = customers.get(at) else {
            continue;
        };
        // Names are unique among a partner's open relationships: one per customer.
        let full: String = format!("{name} · {company}").chars().take(50).collect();
        let request = NewAdminRelationship {
            display_name: RelationshipName::parse(&full).map_err(|e| anyhow!("{e:?}"))?,
            roles: roles.to_vec(),
            duration_days: 365,
            auto_extend,
        };
        let customer_id: Uuid = customer.parse()?;
        let (id, _) =
            crate::store::admin_relationships::insert_in(&mut tx, ctx, customer_id, &request)
                .await
                .map_err(|e| anyhow!("{e:?}"))?
                .ok_or_else(|| anyhow!("demo admin relationship {full:?} twice"))?;
        let approved_for = match state {
            Pending => None,
            Active { days_left } => Some(days_left),
            Ended(AdminEndReason::Expired) => Some(-3),
            Ended(_) => Some(100),
        };
        if let Some(days) = approved_for {
            crate::store::admin_relationships::approve_in(
                &mut tx,
                id,
                "Ana Silva",
                today.plus_days(days),
            )
            .await
            .map_err(|e| anyhow!("{e:?}"))?;
        }
        match state {
            Ended(AdminEndReason::Expired) => {
                sqlx::query(
                    "UPDATE admin_relationships SET state = 'expired', ended_at = $1,
                        end_reason = 'expired' WHERE id = $2",
                )
                .bind(crate::timestamp::now())
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
            }
            Ended(reason) => {
                crate::store::admin_relationships::terminate_in(&mut tx, ctx, id, reason)
                    .await
                    .map_err(|e| anyhow!("{e:?}"))?;
            }
            Active { .. } if at == 0 => first_active.push((id, request.roles.clone())),
            Pending | Active { .. } => {}
        }
    }
    access_groups(&mut tx, ctx, &first_active).await?;
    tx.commit().await?;
    Ok(())
}

/// Two demo access groups of the partner's people — "Helpdesk team" (two people) and
/// "Licensing desk" (one) — each given roles in one of the first customer's active
/// relationships (`relationships`: their ids and roles).
async fn access_groups(
    conn: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    relationships: &[(Uuid, Vec<EntraRole>)],
) -> anyhow::Result<()> {
    use shared::admin_access::{GroupName, NewAccessGroup};
    let people: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM users WHERE partner_id = $1 AND disabled = 0
         ORDER BY lower(display_name), id LIMIT 3",
    )
    .bind(ctx.partner_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let people: Vec<Uuid> = people
        .into_iter()
        .map(|(id,)| id.parse())
        .collect::<Result<_, _>>()?;
    let groups = [
        (
            "Helpdesk team",
            people.iter().take(2).copied().collect::<Vec<_>>(),
        ),
        ("Licensing desk", people.iter().skip(2).copied().collect()),
    ];
    for ((name, members), (relationship, roles)) in groups.into_iter().zip(relationships) {
        let group = NewAccessGroup {
            name: GroupName::parse(name).map_err(|e| anyhow!("{e:?}"))?,
            members,
        };
        let id = crate::store::access::insert_group_in(conn, ctx, &group)
            .await
            .map_err(|e| anyhow!("{e:?}"))?
            .ok_or_else(|| anyhow!("demo access group {name:?} twice"))?;
        // All but the reader role: what the group works with.
        let given: Vec<EntraRole> = roles
            .iter()
            .copied()
            .filter(|r| *r != EntraRole::DirectoryReaders)
            .collect();
        crate::store::access::set_assignment_in(conn, ctx, *relationship, id, &given)
            .await
            .map_err(|e| anyhow!("{e:?}"))?;
    }
    Ok(())
}

async fn support_requests(db: &Db, ctx: &Ctx) -> anyhow::Result<()> {
    use SupportState::{Closed, InProgress, Resolved, WaitingForCustomer};
    let any: Option<String> =
        sqlx::query_scalar("SELECT id FROM support_requests WHERE partner_id = $1 LIMIT 1")
            .bind(ctx.partner_id.to_string())
            .fetch_optional(db.readers())
            .await?;
    if any.is_some() {
        return Ok(());
    }
    let customers: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM customers WHERE partner_id = $1 AND relationship = 'active'
         ORDER BY company_name LIMIT 5",
    )
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    let requests: &[DemoSupport] = &[
        (
            "Users can't sign in to Outlook",
            "critical",
            "sign-in",
            2,
            &[],
            None,
        ),
        (
            "Invoice shows 30 seats, we have 25",
            "normal",
            "billing",
            50,
            &[InProgress],
            Some("Checking the seat count against the order."),
        ),
        (
            "Set up a shared mailbox for sales",
            "normal",
            "configuration",
            30,
            &[WaitingForCustomer],
            Some("Which users should have access?"),
        ),
        (
            "Teams calls drop after a minute",
            "high",
            "service-issue",
            120,
            &[InProgress, Resolved],
            Some("A firewall rule blocked the media ports; fixed."),
        ),
        (
            "Move 5 licenses to the new office",
            "normal",
            "licensing",
            400,
            &[InProgress, Resolved, Closed],
            Some("Done."),
        ),
    ];
    for ((id,), &(title, severity, topic, hours_ago, states, answer)) in
        customers.iter().zip(requests.iter())
    {
        let customer: Uuid = id.parse()?;
        let account = customers::get(db.readers(), ctx, customer)
            .await
            .map_err(|e| anyhow!("{e:?}"))?
            .ok_or_else(|| anyhow!("demo customer {customer} vanished"))?;
        let profile = &account.profile;
        let then = Clock::system();
        let form = SupportRequestForm {
            title: title.into(),
            description: format!("{title}. Reported by the customer's IT contact by phone."),
            severity: severity.into(),
            topic: topic.into(),
            contact_name: shared::text::person_name(
                profile.contact_first_name.as_str(),
                profile.contact_last_name.as_str(),
            ),
            contact_email: profile.contact_email.to_string(),
        };
        let opened = crate::service::support::open(db, ctx, &then, customer, &form)
            .await
            .map_err(|e| anyhow!("demo support request: {e:?}"))?;
        // Dated back: opened `hours_ago`, its first answer due from then.
        let opened_at = OffsetDateTime::now_utc() - Duration::hours(hours_ago);
        let hours =
            shared::support::Severity::parse(severity).map_or(24, |s| s.first_response_hours());
        let mut tx = db.write().await?;
        sqlx::query(
            "UPDATE support_requests SET opened_at = $1, first_response_due = $2
             WHERE partner_id = $3 AND id = $4",
        )
        .bind(crate::timestamp::format(opened_at))
        .bind(crate::timestamp::format(opened_at + Duration::hours(hours)))
        .bind(ctx.partner_id.to_string())
        .bind(opened.id.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if let Some(text) = answer {
            let note = shared::support::NoteForm { text: text.into() };
            crate::service::support::add_note(db, ctx, &then, opened.id, &note)
                .await
                .map_err(|e| anyhow!("{e:?}"))?;
        }
        for &state in states {
            crate::service::support::move_to(db, ctx, &then, opened.id, state)
                .await
                .map_err(|e| anyhow!("{e:?}"))?;
        }
    }
    Ok(())
}

async fn referrals_and_profile(db: &Db, direct: &Ctx) -> anyhow::Result<()> {
    if links::exists(db, PROVIDER_ID, LINKED_RESELLER_ID).await? {
        return Ok(());
    }
    let now = OffsetDateTime::now_utc();
    let ago = |days: i64| crate::timestamp::format(now - Duration::days(days));
    links::insert_active(db, PROVIDER_ID, LINKED_RESELLER_ID, &ago(90), &ago(89)).await?;
    let referrals: &[DemoReferral] = &[
        (
            LINKED_RESELLER_ID,
            Some(PROVIDER_ID),
            "Lucerne Publishing",
            "Noah",
            "Jansen",
            "noah@lucernepublishing.example",
            "US",
            &["microsoft-365", "security"],
            "45",
            "Moving off on-premises Exchange this quarter.",
            2,
        ),
        (
            LINKED_RESELLER_ID,
            Some(PROVIDER_ID),
            "深圳前海数据服务有限公司",
            "伟",
            "张",
            "zhang.wei@qianhai.example",
            "CN",
            &["azure", "migration"],
            "300",
            "需要中文支持的 Azure 迁移。",
            9,
        ),
        (
            LINKED_RESELLER_ID,
            Some(PROVIDER_ID),
            "Trey Research",
            "Mia",
            "Smith",
            "mia@treyresearch.example",
            "US",
            &["dynamics-365"],
            "12",
            "",
            20,
        ),
        (
            DEMO_PARTNER_ID,
            None,
            "Wide World Importers",
            "Kenji",
            "Sato",
            "kenji@wideworldimporters.example",
            "JP",
            &["microsoft-365", "teams-calling"],
            "80",
            "Found you through your business profile; wants a call in English.",
            1,
        ),
        (
            DEMO_PARTNER_ID,
            None,
            "Margie's Travel",
            "Chloé",
            "Favre",
            "chloe@margiestravel.example",
            "FR",
            &["microsoft-365"],
            "25",
            "",
            8,
        ),
        (
            DEMO_PARTNER_ID,
            None,
            "东方青山信息技术有限公司",
            "娜",
            "刘",
            "liu.na@qingshan.example",
            "CN",
            &["azure", "security", "managed-services"],
            "150",
            "希望本月内安排演示。",
            4,
        ),
    ];
    let mut tx = db.write().await?;
    for &(to, from, company, first, last, email, country, offerings, seats, notes, days) in
        referrals
    {
        let form = ReferralForm {
            reseller: to.to_string(),
            company_name: company.into(),
            contact_first_name: first.into(),
            contact_last_name: last.into(),
            contact_email: email.into(),
            country: country.into(),
            offerings: offerings.iter().map(|o| o.to_string()).collect(),
            seats: seats.into(),
            notes: notes.into(),
        };
        let referral = form
            .parse()
            .map_err(|errors| anyhow!("demo referral {company} breaks a rule: {errors:?}"))?;
        let id = referrals::insert_in(&mut tx, to, from, &referral, &ago(days))
            .await
            .map_err(|e| anyhow!("{e:?}"))?;
        if days >= 20 {
            // An old one was answered: declined, with the reason the provider sees.
            referrals::record_declined_in(
                &mut tx,
                id,
                &ago(days - 3),
                "kenji.sato@proseware.example",
                DeclineReason::NoCapacity,
                "Fully booked until next quarter.",
            )
            .await
            .map_err(|e| anyhow!("{e:?}"))?;
        }
    }
    tx.commit().await?;
    let profile = BusinessProfileForm {
        company_name: DEMO_PARTNER_NAME.into(),
        description: "Microsoft 365 and Azure for small and medium businesses.".into(),
        website: "https://www.northwind.example".into(),
        industries: vec!["retail".into(), "professional-services".into()],
        offerings: vec!["microsoft-365".into(), "azure".into(), "security".into()],
        locations: vec![LocationForm {
            city: "Seattle".into(),
            country: "US".into(),
        }],
        contact_email: String::new(),
    }
    .parse()
    .map_err(|errors| anyhow!("demo profile breaks a rule: {errors:?}"))?;
    profiles::save(db, direct, &profile)
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    Ok(())
}

/// A demo subscription: offer, term, billing cycle, seats, ordered how many days ago, suspended.
type DemoSubscription = (&'static str, Term, BillingCycle, u32, i64, bool);

/// Subscriptions of the demo's active customers, by the customer's position in its list (some
/// have none, so ending a relationship can be tried at once): inside and outside new commerce's
/// 7-day window, one suspended, months of ledger behind the older ones.
fn demo_subscriptions(index: usize, instance: CloudInstance) -> &'static [DemoSubscription] {
    use BillingCycle::{Annual, Monthly};
    use Term::{P1M, P1Y};
    if instance == CloudInstance::China21Vianet {
        return match index % 2 {
            0 => &[("21V-O365-E3", P1Y, Monthly, 50, 95, false)],
            _ => &[],
        };
    }
    match index % 3 {
        0 => &[
            ("CFQ7TTC0LCHC", P1Y, Monthly, 25, 100, false),
            ("CFQ7TTC0LBSC", P1M, Monthly, 25, 40, true),
            ("CFQ7TTC0MM8R", P1Y, Annual, 10, 3, false),
        ],
        1 => &[
            ("CFQ7TTC0LFLX", P1Y, Monthly, 120, 200, false),
            ("DZH318Z0BPS6", P1M, Monthly, 1, 60, false),
            ("CFQ7TTC0QW5P", P1M, Monthly, 5, 2, false),
        ],
        _ => &[],
    }
}

async fn customers_for(
    db: &Db,
    ctx: &Ctx,
    list: &[DemoCustomer],
    on_behalf_of: Option<Uuid>,
    public_url: &str,
) -> anyhow::Result<usize> {
    let mut added = 0;
    let now = OffsetDateTime::now_utc();
    for (
        index,
        &(
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
        ),
    ) in list.iter().enumerate()
    {
        let invited = relationship == Relationship::Invited;
        let mut form = CustomerForm {
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
            indirect_reseller: on_behalf_of.map(|r| r.to_string()).unwrap_or_default(),
            ..Default::default()
        };
        if invited {
            // An existing customer accepts the agreement with the invitation.
            for field in [
                Field::AgreementFirstName,
                Field::AgreementLastName,
                Field::AgreementEmail,
                Field::AgreementDate,
            ] {
                form.set(field, String::new());
            }
        }
        let customer = NewCustomer::parse_existing(&form, &ctx.rule_context())
            .map_err(|errors| anyhow!("demo customer {company} breaks a rule: {errors:?}"))?;
        if customers::domain_taken(db, ctx, &customer.domain_prefix)
            .await
            .map_err(|e| anyhow!("{e:?}"))?
        {
            continue;
        }
        let hash = if invited {
            String::new()
        } else {
            crate::password::digest_generated(&crate::password::generate_temporary())
        };
        let created_at = crate::timestamp::format(now - Duration::days(days_ago));
        let stored = crate::service::customers::create(
            db,
            ctx,
            &Creation {
                customer: &customer,
                // Ended below, the way users end relationships.
                relationship: if relationship == Relationship::Ended {
                    Relationship::Active
                } else {
                    relationship
                },
                admin_password_hash: &hash,
                created_at: &created_at,
                idempotency: None,
                referral: None,
            },
        )
        .await
        .map_err(|e| anyhow!("{e:?}"))
        .with_context(|| format!("inserting demo customer {company}"))?;
        match relationship {
            Relationship::Invited => {
                let mut tx = db.write().await?;
                invitations::issue_in(&mut tx, ctx, public_url, &stored, "", None)
                    .await
                    .map_err(|e| anyhow!("{e:?}"))?;
                tx.commit().await?;
            }
            Relationship::Ended => {
                let end = EndRelationshipForm {
                    reason: EndReason::MovedToAnotherPartner.as_str().into(),
                    reason_text: String::new(),
                };
                crate::service::customers::end_relationship(db, ctx, stored.id, &end)
                    .await
                    .map_err(|e| anyhow!("{e:?}"))?;
            }
            _ => {
                for &(offer, term, billing_cycle, quantity, ordered_days_ago, suspended) in
                    demo_subscriptions(index, ctx.instance).iter().filter(|s| {
                        shared::offer::offer(s.0).is_some_and(|o| o.sold_in(ctx.instance))
                    })
                {
                    // Ordered on its day by a clock that far back; the sweep at the end of
                    // the seeding charges the periods and renewals since.
                    let then = Clock::shifted(-ordered_days_ago.min(days_ago));
                    let request = OrderRequest {
                        offer: offer.into(),
                        term,
                        billing_cycle,
                        quantity,
                        auto_renew: true,
                    };
                    let ordered = subscriptions::order(db, ctx, &then, stored.id, &request, None)
                        .await
                        .map_err(|e| anyhow!("demo order {offer}: {e:?}"))?;
                    let subscriptions::Ordered::Created(sub) = ordered else {
                        unreachable!("an order without a key is never a replay")
                    };
                    if suspended {
                        subscriptions::set_suspended(db, ctx, &then, stored.id, sub.id, true)
                            .await
                            .map_err(|e| anyhow!("{e:?}"))?;
                    }
                }
            }
        }
        added += 1;
    }
    Ok(added)
}

/// Latin and Chinese company names the generator combines.
const LATIN_STEMS: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Tailspin",
    "Litware",
    "Proseware",
    "Woodgrove",
    "Adatum",
    "Alpine",
    "Coho",
    "Lucerne",
    "Margie",
    "Trey",
    "Wingtip",
    "Blue Yonder",
    "Humongous",
];
const LATIN_SUFFIXES: &[&str] = &[
    "Ltd",
    "Group",
    "Labs",
    "Systems",
    "Trading",
    "Logistics",
    "Partners",
];
const CHINESE_STEMS: &[&str] = &[
    "华辰", "云帆", "星辰", "前海", "青山", "东方", "长江", "金桥", "鼎盛", "瑞丰",
];
const CHINESE_SUFFIXES: &[&str] = &[
    "科技有限公司",
    "贸易有限公司",
    "数据服务有限公司",
    "信息技术有限公司",
];
const FIRST_NAMES: &[&str] = &[
    "Ana", "Liam", "Olivia", "Noah", "Mia", "Lukas", "Chloé", "Kenji", "王", "李娜",
];
const LAST_NAMES: &[&str] = &[
    "Silva", "Tremblay", "Smith", "Müller", "Martin", "Sato", "Jansen", "陈", "张", "刘",
];

/// A generated customer's form, `n` making it unique: the address of one of the demo customers
/// (valid for its country), a varied company name — Chinese in China — and contact.
/// Three offers a generated customer buys (by its number), so billing and support have the
/// volume of a partner with that many customers.
const GENERATED_OFFERS: [&str; 6] = [
    "CFQ7TTC0LCHC",
    "CFQ7TTC0LFLX",
    "CFQ7TTC0LDPB",
    "CFQ7TTC0MM8R",
    "CFQ7TTC0LH18",
    "CFQ7TTC0LBSC",
];

/// A generated customer's business: three annual subscriptions billed monthly, each with this
/// month's charge, and — one customer in twenty — a support request (every fifth of those
/// overdue). Written straight into the chunk's transaction: the benchmark's volume, not a
/// story (the demo's customers have that).
async fn generated_business(
    conn: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    customer: Uuid,
    country: &shared::regions::CountryCode,
    created_at: &str,
    n: usize,
) -> anyhow::Result<()> {
    let today = crate::timestamp::today_utc();
    let currency = shared::money::Currency::of_country(country);
    let month_start = shared::billing::Month::of(today).first_day();
    for k in 0..3 {
        let offer_id = GENERATED_OFFERS[(n + k * 2) % GENERATED_OFFERS.len()];
        let offer = shared::offer::offer(offer_id).ok_or_else(|| anyhow!("offer {offer_id}"))?;
        let quantity = 5 + u32::try_from((n * 7 + k * 13) % 200).unwrap_or(0);
        let seat_price = offer.seat_price_per_period(Term::P1Y, BillingCycle::Monthly, currency);
        let stored = crate::store::subscriptions::Stored {
            id: Uuid::new_v4(),
            partner_id: ctx.partner_id,
            customer_id: customer,
            offer_id: offer.id.into(),
            offer: offer.name.into(),
            quantity,
            status: shared::subscription::SubscriptionStatus::Active,
            term: Term::P1Y,
            billing_cycle: BillingCycle::Monthly,
            auto_renew: true,
            currency,
            seat_price_minor: seat_price.minor(),
            term_started_at: created_at.into(),
            term_starts_on: month_start,
            renews_on: month_start.plus_months(12),
            next_charge_on: month_start.plus_months(1),
            created_at: created_at.into(),
            updated_at: created_at.into(),
        };
        crate::store::subscriptions::insert_in(conn, &stored)
            .await
            .map_err(|e| anyhow!("{e:?}"))?;
        crate::store::charges::insert_in(
            conn,
            &crate::store::charges::NewCharge {
                partner_id: ctx.partner_id,
                customer_id: customer,
                subscription_id: stored.id,
                kind: shared::billing::ChargeKind::Period,
                offer: offer.name,
                quantity: i64::from(quantity),
                period: (month_start, month_start.plus_months(1)),
                amount: seat_price.times(i64::from(quantity)),
                markup: shared::billing::Markup::from_basis_points(1250).unwrap_or_default(),
                charged_on: month_start,
            },
        )
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    }
    if n.is_multiple_of(20) {
        let opened =
            OffsetDateTime::now_utc() - Duration::hours(if n.is_multiple_of(100) { 30 } else { 2 });
        let severity = shared::support::Severity::ALL[n % 3];
        let state = if n.is_multiple_of(100) {
            SupportState::Open
        } else {
            SupportState::ALL[(n / 20) % SupportState::ALL.len()]
        };
        let stored = crate::store::support::Stored {
            id: Uuid::new_v4(),
            customer_id: customer,
            company_name: String::new(),
            title: format!("Generated request {n}"),
            description: "Generated for the benchmark.".into(),
            severity,
            topic: shared::support::SupportTopic::ALL[n % 6],
            state,
            contact_name: "Ana Silva".into(),
            contact_email: format!("it{n}@generated.example"),
            assignee: None,
            assignee_name: None,
            opened_by: "Alex Wu".into(),
            opened_at: crate::timestamp::format(opened),
            first_response_due: crate::timestamp::format(
                opened + Duration::hours(severity.first_response_hours()),
            ),
            first_response_at: (!n.is_multiple_of(100)).then(|| crate::timestamp::format(opened)),
            resolved_at: (!state.is_open()).then(|| crate::timestamp::format(opened)),
            updated_at: crate::timestamp::format(opened),
        };
        crate::store::support::insert_in(conn, ctx, &stored)
            .await
            .map_err(|e| anyhow!("{e:?}"))?;
    }
    Ok(())
}

fn generated_form(n: usize, today: time::Date) -> CustomerForm {
    let template = &DEMO_CUSTOMERS[n % DEMO_CUSTOMERS.len()];
    let (_, country, _, line1, city, state, postal, ..) = *template;
    let company = if country == "CN" {
        format!(
            "{}{}{}",
            CHINESE_STEMS[n % CHINESE_STEMS.len()],
            n,
            CHINESE_SUFFIXES[(n / 7) % CHINESE_SUFFIXES.len()]
        )
    } else {
        format!(
            "{} {} {}",
            LATIN_STEMS[n % LATIN_STEMS.len()],
            LATIN_SUFFIXES[(n / 3) % LATIN_SUFFIXES.len()],
            n
        )
    };
    let first = FIRST_NAMES[(n / 5) % FIRST_NAMES.len()];
    let last = LAST_NAMES[(n / 11) % LAST_NAMES.len()];
    let email = format!("admin{n}@customer{n}.example");
    CustomerForm {
        company_name: company,
        country: country.into(),
        domain_prefix: format!("gen{n}"),
        address_line1: line1.into(),
        city: city.into(),
        state: state.into(),
        postal_code: postal.into(),
        contact_first_name: first.into(),
        contact_last_name: last.into(),
        contact_email: email.clone(),
        agreement_first_name: first.into(),
        agreement_last_name: last.into(),
        agreement_email: email,
        agreement_date: (today - Duration::days((n % 300) as i64)).to_string(),
        ..Default::default()
    }
}

/// Adds `count` generated customers to the demo partner (for measuring at scale): every row goes
/// through the same rules as typed input, 1,000 per transaction, created over the last two years;
/// every tenth is `invited`. Generated data, not users' changes: no audit entries. Idempotent:
/// numbers already present are skipped. Returns how many were added.
pub async fn generate_customers(db: &Db, count: usize) -> anyhow::Result<usize> {
    let ctx = demo_partner(db).await?;
    let existing = customers::count_with_domain_prefix(db, &ctx, "gen").await?;
    let now = OffsetDateTime::now_utc();
    let rules = ctx.rule_context();
    let mut added = 0;
    let start = usize::try_from(existing).unwrap_or(0);
    for chunk_start in (start..count).step_by(1000) {
        let mut tx = db.write().await?;
        for n in chunk_start..(chunk_start + 1000).min(count) {
            let form = generated_form(n, now.date());
            let customer = NewCustomer::parse(&form, &rules)
                .map_err(|errors| anyhow!("generated customer {n} breaks a rule: {errors:?}"))?;
            let created_at =
                crate::timestamp::format(now - Duration::minutes((n as i64 * 7) % (730 * 24 * 60)));
            let relationship = if n % 10 == 9 {
                Relationship::Invited
            } else {
                Relationship::Active
            };
            let creation = Creation {
                customer: &customer,
                relationship,
                admin_password_hash: "",
                created_at: &created_at,
                idempotency: None,
                referral: None,
            };
            match customers::insert_in(&mut tx, &ctx, &creation).await {
                Ok(id) => {
                    added += 1;
                    if relationship == Relationship::Active {
                        let country = customer.country.clone();
                        generated_business(&mut tx, &ctx, id, &country, &created_at, n).await?;
                    }
                }
                // Already there (an earlier run): leave it.
                Err(crate::error::AppError::Validation(_)) => {}
                Err(e) => return Err(anyhow!("{e:?}")),
            }
        }
        tx.commit().await?;
    }
    Ok(added)
}
