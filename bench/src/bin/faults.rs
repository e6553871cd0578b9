//! Mixed read/write load through a load balancer while `scripts/faults` takes a node or the
//! database away. Every worker loops over create, list, search and get; every status is counted
//! (a request that got no answer at all too). After the load it checks what was promised:
//! - every acknowledged create (201) can be read back: no acknowledged write is lost;
//! - every create that failed (the node died under it, the database was gone) is sent again with
//!   its Idempotency-Key and answers 201 — a fresh create or the one that had committed before
//!   the failure, never a second customer;
//! - no answer was a 500 (a crash or a half-handled error); 502–504 are the load balancer's or
//!   the node's clean "not now".
//!
//! Usage: faults BASE_URL EMAIL PASSWORD SECONDS WORKERS TAG — TAG keeps one drill's customers
//! apart from another's (company "Fault Drill TAG n", domain prefix "flt" TAG n).

use anyhow::{bail, Context};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the workers saw, shared between them.
#[derive(Default)]
struct Tally {
    /// Answers by status; 0 is "no answer" (connection refused or reset).
    statuses: BTreeMap<u16, u64>,
    /// Customer ids of the creates answered 201.
    acknowledged: Vec<String>,
    /// The creates that failed, by their request number.
    failed_creates: Vec<u64>,
    /// Seconds into the load of the first and the last failed request.
    first_failure: Option<f64>,
    last_failure: Option<f64>,
}

fn company(tag: &str, n: u64) -> String {
    format!("Fault Drill {tag} {n}")
}

fn create(client: &reqwest::Client, base: &str, tag: &str, n: u64) -> reqwest::RequestBuilder {
    client
        .post(format!("{base}/api/customers"))
        .header("origin", base)
        .header("idempotency-key", format!("flt-{tag}-{n}"))
        .json(&bench::new_customer(
            &company(tag, n),
            &format!("flt{tag}"),
            n,
        ))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 6 {
        bail!("usage: faults BASE_URL EMAIL PASSWORD SECONDS WORKERS TAG");
    }
    let base = args[0].trim_end_matches('/').to_string();
    let seconds: u64 = args[3].parse().context("SECONDS")?;
    let workers: usize = args[4].parse().context("WORKERS")?;
    let tag = args[5].clone();

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .build()?;
    bench::sign_in(&client, &base, &args[1], &args[2]).await?;
    let (_, ids) = bench::first_page(&client, &base, 50).await?;
    let ids = Arc::new(ids);

    let tally = Arc::new(Mutex::new(Tally::default()));
    let counter = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut handles = Vec::new();
    for _ in 0..workers {
        let (client, base, tag, ids) = (client.clone(), base.clone(), tag.clone(), ids.clone());
        let (tally, counter) = (tally.clone(), counter.clone());
        handles.push(tokio::spawn(async move {
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let request = match n % 4 {
                    0 => create(&client, &base, &tag, n),
                    1 => client.get(format!("{base}/api/customers?per_page=50")),
                    2 => client.get(format!("{base}/api/customers?per_page=50&q=Drill")),
                    _ => client.get(format!(
                        "{base}/api/customers/{}",
                        ids[n as usize % ids.len()]
                    )),
                };
                let (status, body) = match request.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        (status, response.json::<serde_json::Value>().await.ok())
                    }
                    Err(_) => (0, None),
                };
                let at = started.elapsed().as_secs_f64();
                let failed = !(200..300).contains(&status);
                if failed {
                    // Don't spin on a refused connection: a client backs off a little.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                let mut t = tally.lock().expect("tally");
                *t.statuses.entry(status).or_default() += 1;
                if failed {
                    t.first_failure.get_or_insert(at);
                    t.last_failure = Some(at);
                }
                if n % 4 == 0 {
                    let id = body.as_ref().and_then(|b| b["customer"]["id"].as_str());
                    match (status, id) {
                        (201, Some(id)) => t.acknowledged.push(id.to_string()),
                        _ => t.failed_creates.push(n),
                    }
                }
            }
        }));
    }
    for handle in handles {
        handle.await?;
    }
    let tally = Arc::try_unwrap(tally)
        .map_err(|_| anyhow::anyhow!("a worker still holds the tally"))?
        .into_inner()
        .expect("tally");
    let total: u64 = tally.statuses.values().sum();
    let counts: Vec<String> = tally
        .statuses
        .iter()
        .map(|(status, count)| match status {
            0 => format!("{count} × no answer"),
            s => format!("{count} × {s}"),
        })
        .collect();
    println!("{total} requests in {seconds} s: {}", counts.join(", "));
    match (tally.first_failure, tally.last_failure) {
        (Some(first), Some(last)) => {
            println!("failures from {first:.1} s to {last:.1} s into the load")
        }
        _ => println!("no request failed"),
    }

    // Every acknowledged create is there.
    let mut lost = 0;
    for id in &tally.acknowledged {
        let status = client
            .get(format!("{base}/api/customers/{id}"))
            .send()
            .await?
            .status();
        if status != 200 {
            lost += 1;
            println!("acknowledged customer {id} reads {status}");
        }
    }
    println!(
        "acknowledged creates: {}, read back: {}, lost: {lost}",
        tally.acknowledged.len(),
        tally.acknowledged.len() - lost
    );

    // Every failed create, sent again with its key, is created once.
    let mut retried_ok = 0;
    let mut replayed = 0;
    for &n in &tally.failed_creates {
        let response = create(&client, &base, &tag, n).send().await?;
        if response.status() == 201 {
            retried_ok += 1;
            if response.headers().contains_key("idempotent-replayed") {
                replayed += 1;
            }
        } else {
            println!("create {n} sent again: {}", response.status());
        }
    }
    println!(
        "failed creates sent again with their key: {}, created: {retried_ok} \
         ({replayed} had committed before the failure and were answered from their key)",
        tally.failed_creates.len()
    );

    let crashes = tally.statuses.get(&500).copied().unwrap_or(0);
    let unclean: u64 = tally
        .statuses
        .iter()
        .filter(|(s, _)| **s >= 500 && !matches!(**s, 502..=504))
        .map(|(_, c)| c)
        .sum();
    if lost > 0 || retried_ok != tally.failed_creates.len() || unclean > 0 {
        bail!(
            "faults drill failed: {lost} lost, {} creates not recovered, {unclean} answers 5xx other than 502–504 ({crashes} × 500)",
            tally.failed_creates.len() - retried_ok
        );
    }
    Ok(())
}
