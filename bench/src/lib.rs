//! What the load tools share: signing in, reading the first page of customers, and the customer
//! a create request sends. `bench` (src/main.rs) measures speed; `faults` (src/bin/faults.rs)
//! drives load while a node or the database is taken away.

use anyhow::{anyhow, bail, Context};
use serde_json::{json, Value};

/// Signs `client` in (its cookie store keeps the session).
pub async fn sign_in(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<()> {
    let signed_in = client
        .post(format!("{base}/api/session"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await?;
    if !signed_in.status().is_success() {
        bail!("sign-in failed: {}", signed_in.status());
    }
    Ok(())
}

/// The partner's customer count and the ids on the first page of `per_page`.
pub async fn first_page(
    client: &reqwest::Client,
    base: &str,
    per_page: u32,
) -> anyhow::Result<(u64, Vec<String>)> {
    let first: Value = client
        .get(format!("{base}/api/customers?per_page={per_page}"))
        .send()
        .await?
        .json()
        .await?;
    let total = first["total"].as_u64().context("list has no total")?;
    let ids: Vec<String> = first["items"]
        .as_array()
        .ok_or_else(|| anyhow!("list has no items"))?
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_string))
        .collect();
    if ids.is_empty() {
        bail!("the partner has no customers to read");
    }
    Ok((total, ids))
}

/// A customer a create request sends: a US address, `company` as its name and a domain prefix
/// made of `prefix` and `n` (unique per run and request).
pub fn new_customer(company: &str, prefix: &str, n: u64) -> Value {
    json!({
        "company_name": company,
        "country": "US",
        "domain_prefix": format!("{prefix}{n}"),
        "address_line1": "1 Microsoft Way",
        "city": "Redmond",
        "state": "WA",
        "postal_code": "98052",
        "contact_first_name": "Ana",
        "contact_last_name": "Silva",
        "contact_email": "ana.silva@benchlabs.example",
        "agreement_first_name": "Ana",
        "agreement_last_name": "Silva",
        "agreement_email": "ana.silva@benchlabs.example",
        "agreement_date": "2026-01-15"
    })
}
