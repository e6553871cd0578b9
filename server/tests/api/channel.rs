//! Getting new customers: cloud instance rules, the business profile, provider ↔ reseller
//! links, referrals, and customers created on a reseller's behalf — with the isolation
//! between partners that are not linked.

use crate::helpers::{client_as, spawn_app, valid_customer, TestApp, OTHER_ADMIN};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use server::seed::{LINKED_RESELLER_ID, UNLINKED_RESELLER_ID};
use uuid::Uuid;

const PROVIDER: &str = "olivia.brown@litware.example";
const RESELLER: &str = "kenji.sato@proseware.example";
const UNLINKED: &str = "maria.garcia@wingtip.example";

/// A valid referral to `reseller`.
pub fn referral_to(reseller: Uuid) -> Value {
    json!({
        "reseller": reseller.to_string(),
        "company_name": "Lucerne Publishing",
        "contact_first_name": "Noah",
        "contact_last_name": "Jansen",
        "contact_email": "noah@lucernepublishing.example",
        "country": "US",
        "offerings": ["microsoft-365", "security"],
        "seats": "45",
        "notes": "Moving off Exchange."
    })
}

/// A marketplace referral to `partner`, received `days_ago`; returns its id.
pub async fn marketplace_referral(app: &TestApp, partner: Uuid, days_ago: i64) -> Uuid {
    let mut form: shared::referral::ReferralForm =
        serde_json::from_value(referral_to(partner)).unwrap();
    form.company_name = format!("Marketplace Lead {days_ago}");
    let referral = form.parse().unwrap();
    let received =
        server::timestamp::format(time::OffsetDateTime::now_utc() - time::Duration::days(days_ago));
    let mut conn = app.db.acquire().await.unwrap();
    server::store::referrals::insert_in(&mut conn, partner, None, &referral, &received)
        .await
        .unwrap()
}

struct Channel {
    provider: Client,
    reseller: Client,
    unlinked: Client,
}

/// The demo channel's partners, signed in, not linked yet.
async fn channel(app: &TestApp) -> Channel {
    server::seed::channel_partners(&app.db).await.unwrap();
    Channel {
        provider: client_as(&app.base, PROVIDER).await,
        reseller: client_as(&app.base, RESELLER).await,
        unlinked: client_as(&app.base, UNLINKED).await,
    }
}

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.unwrap();
    let status = response.status();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// Links the provider with the linked reseller; returns the link.
async fn link(app: &TestApp, c: &Channel) -> Value {
    let (status, link) = send(
        c.provider
            .post(app.url("/api/links"))
            .json(&json!({"reseller": RESELLER})),
    )
    .await;
    assert_eq!(status, 201, "{link}");
    let id = link["id"].as_str().unwrap();
    let (status, link) = send(
        c.reseller
            .post(app.url(&format!("/api/links/{id}/accept")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 200, "{link}");
    assert_eq!(link["state"], "active");
    link
}

fn customer_for(prefix: &str, reseller: Uuid) -> Value {
    let mut body = valid_customer(prefix);
    body["indirect_reseller"] = json!(reseller.to_string());
    body
}

#[tokio::test]
async fn a_partner_creates_customers_only_in_its_cloud_instances_countries() {
    let app = spawn_app().await;
    // The other demo partner is in the Germany cloud: EU/EEA and Switzerland only.
    let germany = client_as(&app.base, OTHER_ADMIN).await;
    let (status, body) = send(
        germany
            .post(app.url("/api/customers"))
            .json(&valid_customer("usacustomer")),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["country"]["code"], "not_allowed_in_instance");
    let (status, body) =
        send(germany.post(app.url("/api/invitations")).json(
            &json!({"customer": crate::helpers::existing_customer("usainvite"), "message": ""}),
        ))
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["country"]["code"], "not_allowed_in_instance");
    // The same US customer is fine in the Global cloud.
    app.create_customer("usacustomer").await;
}

#[tokio::test]
async fn the_business_profile_is_validated_audited_and_measured() {
    let app = spawn_app().await;
    let (status, record) = send(app.client.get(app.url("/api/business-profile"))).await;
    assert_eq!(status, 200);
    assert_eq!(
        record["profile"]["company_name"],
        "Northwind Cloud Solutions"
    );
    assert_eq!(record["updated_at"], Value::Null);
    assert_eq!(record["completeness"]["filled"], 1);
    assert_eq!(record["completeness"]["of"], 7);

    let (status, body) = send(
        app.client
            .put(app.url("/api/business-profile"))
            .json(&json!({
                "company_name": "",
                "website": "http://northwind.example",
                "description": "x".repeat(2001),
                "industries": ["mining"],
                "locations": [{"city": "Seattle", "country": "XX"}],
            })),
    )
    .await;
    assert_eq!(status, 422);
    let fields = &body["fields"];
    assert_eq!(fields["company_name"]["code"], "required");
    assert_eq!(fields["website"]["code"], "invalid_format");
    assert_eq!(fields["website"]["hint"], "https://northwind.example");
    assert_eq!(fields["description"]["code"], "too_long");
    assert_eq!(fields["industries"]["code"], "not_in_list");
    assert!(fields["locations"]["code"].is_string());

    let full = json!({
        "company_name": "Northwind Cloud Solutions",
        "description": "Microsoft 365 and Azure for small and medium businesses in North America and China, with support in both languages.",
        "website": "https://www.northwind.example",
        "industries": ["retail", "education"],
        "offerings": ["azure", "microsoft-365"],
        "locations": [{"city": "Seattle", "country": "US"}, {"city": "上海", "country": "CN"}],
        "contact_email": "hello@northwind.example"
    });
    let (status, saved) = send(app.client.put(app.url("/api/business-profile")).json(&full)).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["completeness"]["filled"], 7);
    assert_eq!(saved["updated_by"], "alex.wu@northwind.example");
    assert!(saved["updated_at"].is_string());
    assert_eq!(
        saved["profile"]["industries"],
        json!(["education", "retail"])
    );
    let (_, again) = send(app.client.get(app.url("/api/business-profile"))).await;
    assert_eq!(again, saved);

    let (_, audit) = send(
        app.client
            .get(app.url("/api/audit?action=business-profile.updated")),
    )
    .await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 1);
    // A sales agent has no business profile; the referrals admin has.
    let sales = client_as(&app.base, "sam.taylor@northwind.example").await;
    assert_eq!(
        send(sales.get(app.url("/api/business-profile"))).await.0,
        403
    );
    let referrals_admin = client_as(&app.base, "rita.gomez@northwind.example").await;
    assert_eq!(
        send(referrals_admin.get(app.url("/api/business-profile")))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn a_provider_links_a_reseller_only_in_its_instance_and_once() {
    let app = spawn_app().await;
    let c = channel(&app).await;
    // A reseller in another cloud instance doesn't exist for the provider.
    server::service::partners::create_with_users(
        &app.db,
        &server::store::partners::NewPartner {
            multi_factor_required: false,
            id: Uuid::new_v4(),
            name: "Contoso Reseller GmbH",
            instance: shared::instance::CloudInstance::Germany,
            program: shared::instance::ProgramRole::IndirectReseller,
            email_domain: "contoso-reseller.example",
        },
        &[(
            "jan.meyer@contoso-reseller.example",
            "Jan Meyer",
            shared::access::Role::GlobalAdmin,
        )],
        server::seed::DEMO_PASSWORD,
        false,
    )
    .await
    .unwrap();
    for key in [
        "jan.meyer@contoso-reseller.example",
        "nobody@proseware.example",
        // A provider (itself) is not a reseller.
        PROVIDER,
    ] {
        let (status, body) = send(
            c.provider
                .post(app.url("/api/links"))
                .json(&json!({"reseller": key})),
        )
        .await;
        assert_eq!(status, 422, "{key}");
        assert_eq!(
            body["fields"]["reseller"]["code"], "unknown_partner",
            "{key}"
        );
    }
    let (status, body) = send(
        c.provider
            .post(app.url("/api/links"))
            .json(&json!({"reseller": "proseware"})),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["reseller"]["code"], "invalid_format");

    // By partner id this time; a second open request is refused.
    let (status, pending) = send(
        c.provider
            .post(app.url("/api/links"))
            .json(&json!({"reseller": LINKED_RESELLER_ID.to_string()})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(pending["state"], "pending");
    assert_eq!(pending["reseller"]["name"], "Proseware Solutions");
    let (status, body) = send(
        c.provider
            .post(app.url("/api/links"))
            .json(&json!({"reseller": RESELLER})),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "link_exists");

    // Only the reseller answers; the unlinked reseller sees nothing of it.
    let id = pending["id"].as_str().unwrap();
    let (status, _) = send(
        c.provider
            .post(app.url(&format!("/api/links/{id}/accept")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 404);
    let (_, theirs) = send(c.unlinked.get(app.url("/api/links"))).await;
    assert_eq!(theirs, json!([]));
    let (status, _) = send(
        c.unlinked
            .post(app.url(&format!("/api/links/{id}/accept")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 404);
    let (_, mine) = send(c.reseller.get(app.url("/api/links"))).await;
    assert_eq!(mine[0]["provider"]["name"], "Litware Distribution");
    let (status, declined) = send(
        c.reseller
            .post(app.url(&format!("/api/links/{id}/decline")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(declined["state"], "declined");
    let (status, body) = send(
        c.reseller
            .post(app.url(&format!("/api/links/{id}/accept")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "link_not_pending");
    // Declined is history: the provider may ask again.
    link(&app, &c).await;

    // A direct reseller has no links to make.
    let (status, body) = send(
        app.client
            .post(app.url("/api/links"))
            .json(&json!({"reseller": RESELLER})),
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(body["code"], "program_not_allowed");
}

#[tokio::test]
async fn referrals_and_customers_flow_through_an_active_link_only() {
    let app = spawn_app().await;
    let c = channel(&app).await;
    // Before the link: nothing can be sent.
    let (status, body) = send(
        c.provider
            .post(app.url("/api/referrals"))
            .json(&referral_to(LINKED_RESELLER_ID)),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["reseller"]["code"], "not_in_list");
    let link = link(&app, &c).await;

    // Refer: it lands in the linked reseller's inbox only.
    let (status, bad) = send(c.provider.post(app.url("/api/referrals")).json(&json!({
        "reseller": LINKED_RESELLER_ID.to_string(), "company_name": "", "seats": "0", "offerings": []
    })))
    .await;
    assert_eq!(status, 422);
    for field in [
        "company_name",
        "contact_email",
        "country",
        "offerings",
        "seats",
    ] {
        assert!(bad["fields"][field].is_object(), "{field}: {bad}");
    }
    let (status, sent) = send(
        c.provider
            .post(app.url("/api/referrals"))
            .json(&referral_to(LINKED_RESELLER_ID)),
    )
    .await;
    assert_eq!(status, 201, "{sent}");
    let referral = sent["id"].as_str().unwrap().to_string();
    let (status, _) = send(
        c.provider
            .post(app.url("/api/referrals"))
            .json(&referral_to(UNLINKED_RESELLER_ID)),
    )
    .await;
    assert_eq!(status, 422);
    let (_, inbox) = send(c.reseller.get(app.url("/api/referrals"))).await;
    assert_eq!(inbox["new"], 1);
    assert_eq!(inbox["items"][0]["from"]["name"], "Litware Distribution");
    assert_eq!(inbox["items"][0]["overdue"], false);
    let (_, theirs) = send(c.unlinked.get(app.url("/api/referrals"))).await;
    assert_eq!(theirs["items"], json!([]));
    assert_eq!(
        send(
            c.unlinked
                .get(app.url(&format!("/api/referrals/{referral}")))
        )
        .await
        .0,
        404
    );
    // The provider follows it but can't answer it.
    let (_, outbox) = send(c.provider.get(app.url("/api/referrals?box=sent"))).await;
    assert_eq!(outbox["items"][0]["id"], referral.as_str());
    assert_eq!(
        send(
            c.provider
                .post(app.url(&format!("/api/referrals/{referral}/accept")))
                .json(&json!({}))
        )
        .await
        .0,
        404
    );

    // A customer from a referral needs it accepted first; then it is won and linked.
    let create_from = |client: &Client, prefix: &str| {
        client
            .post(app.url(&format!("/api/customers?referral={referral}")))
            .json(&valid_customer(prefix))
    };
    let (status, body) = send(create_from(&c.reseller, "lucernepub")).await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "referral_not_accepted");
    let (status, accepted) = send(
        c.reseller
            .post(app.url(&format!("/api/referrals/{referral}/accept")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(accepted["state"], "accepted");
    assert_eq!(accepted["responded_by"], RESELLER);
    let (status, created) = send(create_from(&c.reseller, "lucernepub")).await;
    assert_eq!(status, 201, "{created}");
    let (_, won) = send(
        c.reseller
            .get(app.url(&format!("/api/referrals/{referral}"))),
    )
    .await;
    assert_eq!(won["state"], "won");
    assert_eq!(won["customer_id"], created["customer"]["id"]);
    let (status, body) = send(
        c.reseller
            .post(app.url(&format!("/api/referrals/{referral}/accept")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "referral_not_new");
    let (_, sent_view) = send(
        c.provider
            .get(app.url(&format!("/api/referrals/{referral}"))),
    )
    .await;
    assert_eq!(sent_view["state"], "won");

    // Decline: a reason is required, and text for "other"; the provider sees both.
    let (_, second) = send(
        c.provider
            .post(app.url("/api/referrals"))
            .json(&referral_to(LINKED_RESELLER_ID)),
    )
    .await;
    let second = second["id"].as_str().unwrap();
    let decline = |body: Value| {
        c.reseller
            .post(app.url(&format!("/api/referrals/{second}/decline")))
            .json(&body)
    };
    let (status, body) = send(decline(json!({}))).await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["decline_reason"]["code"], "required");
    let (status, body) = send(decline(json!({"decline_reason": "other"}))).await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["decline_text"]["code"], "required");
    let (status, declined) = send(decline(
        json!({"decline_reason": "other", "decline_text": "Customer chose a local partner."}),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(declined["state"], "declined");
    let (_, seen) = send(c.provider.get(app.url(&format!("/api/referrals/{second}")))).await;
    assert_eq!(seen["decline_reason"], "other");
    assert_eq!(seen["decline_text"], "Customer chose a local partner.");

    // On behalf of the linked reseller: both see the customer, each with the other's name.
    let (status, body) = send(
        c.provider
            .post(app.url("/api/customers"))
            .json(&customer_for("cohowinery", UNLINKED_RESELLER_ID)),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["indirect_reseller"]["code"], "not_in_list");
    let (status, created) = send(
        c.provider
            .post(app.url("/api/customers"))
            .json(&customer_for("cohowinery", LINKED_RESELLER_ID)),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let customer = created["customer"]["id"].as_str().unwrap().to_string();
    let (_, provider_list) = send(c.provider.get(app.url("/api/customers?q=cohowinery"))).await;
    assert_eq!(
        provider_list["items"][0]["channel"]["reseller"]["name"],
        "Proseware Solutions"
    );
    let (_, reseller_list) = send(c.reseller.get(app.url("/api/customers?per_page=100"))).await;
    let items = reseller_list["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        2,
        "its own from the referral and the provider's"
    );
    let through = items.iter().find(|i| i["id"] == customer.as_str()).unwrap();
    assert_eq!(
        through["channel"]["provider"]["name"],
        "Litware Distribution"
    );
    let (status, seen) = send(
        c.reseller
            .get(app.url(&format!("/api/customers/{customer}"))),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        seen["channel"]["reseller"]["id"],
        LINKED_RESELLER_ID.to_string()
    );
    // The provider keeps the account: the reseller can't change it.
    let (status, _) = send(
        c.reseller
            .put(app.url(&format!("/api/customers/{customer}")))
            .header("If-Match", "\"1\"")
            .json(&valid_customer("cohowinery")),
    )
    .await;
    assert_eq!(status, 404);
    // The unlinked reseller sees none of it.
    let (_, unlinked_list) = send(c.unlinked.get(app.url("/api/customers"))).await;
    assert_eq!(unlinked_list["total"], 0);
    assert_eq!(
        send(
            c.unlinked
                .get(app.url(&format!("/api/customers/{customer}")))
        )
        .await
        .0,
        404
    );

    // Ending the link stops new referrals and customers; history stays.
    let link_id = link["id"].as_str().unwrap();
    let (status, ended) = send(
        c.reseller
            .post(app.url(&format!("/api/links/{link_id}/end")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(ended["state"], "ended");
    assert_eq!(ended["customers"], 1);
    assert_eq!(ended["referrals"], 2);
    let (status, _) = send(
        c.provider
            .post(app.url("/api/referrals"))
            .json(&referral_to(LINKED_RESELLER_ID)),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = send(
        c.provider
            .post(app.url("/api/customers"))
            .json(&customer_for("cohowinery2", LINKED_RESELLER_ID)),
    )
    .await;
    assert_eq!(status, 422);
    let (_, after) = send(c.reseller.get(app.url("/api/customers"))).await;
    assert_eq!(after["total"], 2);
    let (_, inbox) = send(c.reseller.get(app.url("/api/referrals"))).await;
    assert_eq!(inbox["items"].as_array().unwrap().len(), 2);
    let (status, body) = send(
        c.provider
            .post(app.url(&format!("/api/links/{link_id}/end")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "link_not_active");
}

#[tokio::test]
async fn unanswered_referrals_become_overdue_then_expire() {
    let app = spawn_app().await;
    let fresh = marketplace_referral(&app, app.ctx.partner_id, 1).await;
    let overdue = marketplace_referral(&app, app.ctx.partner_id, 8).await;
    let stale = marketplace_referral(&app, app.ctx.partner_id, 15).await;
    assert_eq!(
        server::store::referrals::expire_due(&app.db).await.unwrap(),
        1
    );
    let (_, inbox) = send(app.client.get(app.url("/api/referrals"))).await;
    assert_eq!(inbox["new"], 2);
    assert_eq!(inbox["overdue"], 1);
    let state_of = |id: Uuid| {
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id.to_string())
            .unwrap()
            .clone()
    };
    assert_eq!(state_of(stale)["state"], "expired");
    assert_eq!(state_of(overdue)["overdue"], true);
    assert_eq!(state_of(fresh)["overdue"], false);
    assert_eq!(state_of(fresh)["source"], "marketplace");
    let (_, only) = send(app.client.get(app.url("/api/referrals?overdue=true"))).await;
    assert_eq!(only["items"].as_array().unwrap().len(), 1);
    assert_eq!(only["items"][0]["id"], overdue.to_string());
    let (_, expired) = send(app.client.get(app.url("/api/referrals?state=expired"))).await;
    assert_eq!(expired["items"].as_array().unwrap().len(), 1);
    // An expired referral can't be answered; the expiry is in the audit log as the system's.
    let (status, body) = send(
        app.client
            .post(app.url(&format!("/api/referrals/{stale}/accept")))
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "referral_not_new");
    let (_, audit) = send(
        app.client
            .get(app.url("/api/audit?action=referral.expired")),
    )
    .await;
    assert_eq!(audit["items"][0]["actor"], "system");
    // The dashboard counts them for the roles that answer referrals.
    let (_, dashboard) = send(app.client.get(app.url("/api/dashboard"))).await;
    assert_eq!(dashboard["referrals"], json!({"new": 2, "overdue": 1}));
    let sales = client_as(&app.base, "sam.taylor@northwind.example").await;
    let (_, theirs) = send(sales.get(app.url("/api/dashboard"))).await;
    assert_eq!(theirs["referrals"], Value::Null);
}

#[tokio::test]
async fn referrals_answer_their_offerings_exactly_as_they_were_sent() {
    let app = spawn_app().await;
    let c = channel(&app).await;
    link(&app, &c).await;
    // Every offering, by the codes a request takes (once answered "microsoft365", "teams"…).
    let codes: Vec<&str> = shared::profile::Offering::CODES.to_vec();
    let mut referral = referral_to(LINKED_RESELLER_ID);
    referral["offerings"] = json!(codes);
    let (status, sent) = send(c.provider.post(app.url("/api/referrals")).json(&referral)).await;
    assert_eq!(status, 201, "{sent}");
    assert_eq!(sent["offerings"], json!(codes));
    let (_, inbox) = send(c.reseller.get(app.url("/api/referrals"))).await;
    assert_eq!(inbox["items"][0]["offerings"], json!(codes));
    let (_, outbox) = send(c.provider.get(app.url("/api/referrals?box=sent"))).await;
    assert_eq!(outbox["items"][0]["offerings"], json!(codes));
    let id = sent["id"].as_str().unwrap();
    let (_, one) = send(c.reseller.get(app.url(&format!("/api/referrals/{id}")))).await;
    assert_eq!(one["offerings"], json!(codes));
}
