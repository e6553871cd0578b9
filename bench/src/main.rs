//! Load benchmark of a running PartnerDesk server (`scripts/bench` starts one with 100,000
//! customers). For each endpoint, `CONNECTIONS` clients send requests back to back for
//! `SECONDS`; it prints requests/s, p50/p99/max latency, errors, and each endpoint's requests/s as
//! a share of the bare JSON health handler's (the ceiling: routing, middleware and HTTP, no work).
//!
//! Usage: bench BASE_URL EMAIL PASSWORD [SECONDS] [CONNECTIONS]; `BENCH_ONLY=search` runs only the
//! endpoints whose name has "search" (and the ceiling).

use anyhow::bail;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Outcome {
    name: String,
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Outcome {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let index = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[index]
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// What one request of a scenario asks, given a counter unique across the run.
type MakeRequest = Arc<dyn Fn(&reqwest::Client, u64) -> reqwest::RequestBuilder + Send + Sync>;

async fn run(
    name: &str,
    client: &reqwest::Client,
    seconds: u64,
    connections: usize,
    counter: Arc<AtomicU64>,
    make: MakeRequest,
    expect: u16,
) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..connections {
        let (client, make, counter) = (client.clone(), make.clone(), counter.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0usize;
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let sent = Instant::now();
                let ok = match make(&client, n).send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        // Read the whole body: a latency includes receiving the answer.
                        let body = response.bytes().await;
                        status == expect && body.is_ok()
                    }
                    Err(_) => false,
                };
                latencies.push(sent.elapsed());
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (l, e) = worker.await.expect("a benchmark worker panicked");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    Outcome {
        name: name.to_string(),
        requests: latencies.len(),
        errors,
        elapsed,
        latencies,
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        bail!("usage: bench BASE_URL EMAIL PASSWORD [SECONDS] [CONNECTIONS]");
    }
    let base = args[0].trim_end_matches('/').to_string();
    let seconds: u64 = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(10);
    let connections: usize = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(32);

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(connections)
        .build()?;
    bench::sign_in(&client, &base, &args[1], &args[2]).await?;
    let (total, ids) = bench::first_page(&client, &base, 100).await?;
    println!(
        "server {base}: {total} customers; {connections} connections, {seconds} s per endpoint"
    );

    let counter = Arc::new(AtomicU64::new(0));
    let run_id = format!(
        "{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_secs()
            % 1_000_000
    );
    let ids = Arc::new(ids);
    let b = base.clone();
    let health: MakeRequest = Arc::new(move |c, _| c.get(format!("{b}/api/health")));
    let b = base.clone();
    let list: MakeRequest = Arc::new(move |c, _| c.get(format!("{b}/api/customers?per_page=50")));
    let b = base.clone();
    let list_sorted: MakeRequest = Arc::new(move |c, _| {
        c.get(format!(
            "{b}/api/customers?per_page=50&sort=company&dir=asc&country=DE"
        ))
    });
    // A page of the list by each sort column (issue 18: by relationship and by country every
    // customer used to be read and sorted on each page); descending, as a column's second click.
    let by_sort = |sort: &'static str| -> MakeRequest {
        let b = base.clone();
        Arc::new(move |c, _| {
            c.get(format!(
                "{b}/api/customers?per_page=50&sort={sort}&dir=desc"
            ))
        })
    };
    let b = base.clone();
    // A different customer's domain each time, as a user looks one up.
    let search: MakeRequest = Arc::new(move |c, n| {
        c.get(format!(
            "{b}/api/customers?per_page=50&q=gen{}",
            10_000 + n % 90_000
        ))
    });
    let b = base.clone();
    // A word in 1 of 48 company names (2,085 of them): thousands of matches to page and count.
    let search_broad: MakeRequest =
        Arc::new(move |c, _| c.get(format!("{b}/api/customers?per_page=50&q=Proseware")));
    let b = base.clone();
    let search_short: MakeRequest = Arc::new(move |c, _| {
        c.get(format!(
            "{b}/api/customers?per_page=50&q=%E4%BA%91%E5%B8%86"
        ))
    });
    let b = base.clone();
    let by_id: MakeRequest = Arc::new(move |c, n| {
        c.get(format!(
            "{b}/api/customers/{}",
            ids[(n as usize) % ids.len()]
        ))
    });
    let b = base.clone();
    let create: MakeRequest = Arc::new(move |c, n| {
        c.post(format!("{b}/api/customers"))
            .header("origin", &b)
            .json(&bench::new_customer(
                &format!("Bench Labs {n}"),
                &format!("bench{run_id}"),
                n,
            ))
    });

    // Issue 20 at scale: the partner-wide billing month (every customer's charges this month,
    // summed per customer and currency) and the support list, all and overdue only.
    let b = base.clone();
    let billing: MakeRequest = Arc::new(move |c, _| c.get(format!("{b}/api/billing")));
    let b = base.clone();
    let support: MakeRequest = Arc::new(move |c, _| c.get(format!("{b}/api/support-requests")));
    let b = base.clone();
    let support_overdue: MakeRequest =
        Arc::new(move |c, _| c.get(format!("{b}/api/support-requests?overdue=true")));

    let scenarios: Vec<(&str, MakeRequest, u16)> = vec![
        ("health (ceiling)", health, 200),
        ("list, page of 50", list, 200),
        ("list, sorted + filtered", list_sorted, 200),
        ("list by company", by_sort("company"), 200),
        ("list by domain", by_sort("domain"), 200),
        ("list by country", by_sort("country"), 200),
        ("list by relationship", by_sort("relationship"), 200),
        ("search, one customer", search, 200),
        ("search, 2,000 matches", search_broad, 200),
        ("search (2 Chinese chars)", search_short, 200),
        ("get by id", by_id, 200),
        ("create", create, 201),
        ("billing month", billing, 200),
        ("support list", support, 200),
        ("support, overdue only", support_overdue, 200),
    ];
    // BENCH_ONLY=list runs the ceiling and the endpoints whose name contains "list" (for
    // profiling one endpoint); the ceiling always runs, every ratio needs it.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let mut outcomes = Vec::new();
    for (i, (name, make, expect)) in scenarios.into_iter().enumerate() {
        if i > 0 && !name.contains(only.as_str()) {
            continue;
        }
        outcomes.push(
            run(
                name,
                &client,
                seconds,
                connections,
                counter.clone(),
                make,
                expect,
            )
            .await,
        );
    }
    let ceiling = outcomes[0].per_second();
    println!(
        "{:<28} {:>9} {:>10} {:>9} {:>9} {:>9} {:>7} {:>10}",
        "endpoint", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "of ceiling"
    );
    for o in &outcomes {
        println!(
            "{:<28} {:>9} {:>10.0} {:>9} {:>9} {:>9} {:>7} {:>9.0}%",
            o.name,
            o.requests,
            o.per_second(),
            ms(o.percentile(0.50)),
            ms(o.percentile(0.99)),
            ms(*o.latencies.last().unwrap_or(&Duration::ZERO)),
            o.errors,
            o.per_second() / ceiling * 100.0
        );
    }
    if outcomes.iter().any(|o| o.errors > 0) {
        bail!("some requests failed (see the errors column)");
    }
    Ok(())
}
