use anyhow::Context;
use clap::Parser;
use server::auth::SessionPolicy;
use server::config::{Cli, Command, CreatePartner, ServeConfig};
use server::startup::Application;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Seed(args)) => {
            let key = args.database.sealing_key()?;
            let db = args.database.connect().await?;
            let added = server::seed::demo(&db, server::seed::DEFAULT_PUBLIC_URL).await?;
            server::seed::demo_authenticator(&db, &key).await?;
            println!(
                "Demo data loaded into {} ({added} customers added).",
                args.database.location().redacted()
            );
            if args.customers > 0 {
                let started = std::time::Instant::now();
                let generated = server::seed::generate_customers(&db, args.customers).await?;
                db.refresh_statistics().await?;
                println!(
                    "{generated} customers generated in {:.1} s.",
                    started.elapsed().as_secs_f64()
                );
            }
            print_demo_sign_ins();
            Ok(())
        }
        Some(Command::CreatePartner(args)) => create_partner(args).await,
        Some(Command::Serve(config)) => serve(config).await,
        None => serve(cli.serve).await,
    }
}

fn print_demo_sign_ins() {
    println!(
        "Demo sign-ins (password for all: {}):",
        server::seed::DEMO_PASSWORD
    );
    for (email, name, role) in server::seed::DEMO_USERS {
        println!("  {email:<36} {name:<12} {}", role.as_str());
    }
    let (email, name, role) = server::seed::MFA_DEMO_USER;
    println!(
        "  {email:<36} {name:<12} {} (has an authenticator app: add the key {} to one, \
         or compute its codes, to try the second step)",
        role.as_str(),
        server::seed::DEMO_AUTHENTICATOR_KEY
    );
    let (email, name, role) = server::seed::OTHER_ADMIN;
    println!(
        "  {email:<36} {name:<12} {} (another partner, Germany cloud)",
        role.as_str()
    );
    let (email, name, role) = server::seed::CHINA_ADMIN;
    println!(
        "  {email:<36} {name:<12} {} (a partner in the cloud operated by 21Vianet)",
        role.as_str()
    );
    for (_, partner, program, _, email, name) in server::seed::CHANNEL_PARTNERS {
        println!(
            "  {email:<36} {name:<12} global-admin ({partner}, {})",
            program.as_str()
        );
    }
}

async fn create_partner(args: CreatePartner) -> anyhow::Result<()> {
    let db = args.database.connect().await?;
    let created = server::service::partners::create(
        &db,
        &server::service::partners::PartnerRequest {
            name: &args.name,
            instance: &args.instance,
            program: &args.program,
            email_domain: &args.email_domain,
            admin_email: &args.admin_email,
            admin_name: &args.admin_name,
        },
    )
    .await?;
    println!(
        "Partner {} created (id {}, {} cloud).",
        args.name,
        created.id,
        created.instance.as_str()
    );
    println!("Global admin: {}", args.admin_email.trim());
    println!(
        "Temporary password (shown once; to be changed at first sign-in): {}",
        created.temporary_password
    );
    Ok(())
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let sealing_key = config.database.sealing_key()?;
    let db = config.database.connect().await?;
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no built app found; only the API is served");
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("binding {}", config.addr))?;
    let public_url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", config.addr));
    if config.demo {
        let added = server::seed::demo(&db, &public_url).await?;
        server::seed::demo_authenticator(&db, &sealing_key).await?;
        tracing::info!(added, "demo data loaded");
    }
    let sessions = SessionPolicy {
        secure_cookies: config.secure_cookies,
        behind_proxy: config.behind_proxy,
        token_requests_per_minute: config.token_rate_limit.max(1),
        ..SessionPolicy::default()
    };
    let mail = server::mail::MailSettings {
        smtp_url: config.smtp_url.clone().filter(|u| !u.trim().is_empty()),
        from: config.mail_from.clone(),
        public_url,
    };
    let app = Application::from_listener(
        listener,
        db,
        config.dist.clone(),
        sessions,
        mail,
        sealing_key,
        if config.test_clock {
            tracing::warn!("the test clock is on: anyone can move the sweeps' date");
            server::clock::Clock::movable()
        } else {
            server::clock::Clock::system()
        },
        if config.allow_local_webhooks {
            tracing::warn!("webhooks may go to plain http on loopback: for tests only");
            server::webhooks::WebhookPolicy { allow_local: true }
        } else {
            server::webhooks::WebhookPolicy::default()
        },
    )
    .await?;
    let addr = app.local_addr()?;
    if config.demo {
        print_demo_sign_ins();
    }
    println!(
        "PartnerDesk is running at http://{addr}  (database: {})",
        config.database.location().redacted()
    );
    if config.smtp_url.is_none() {
        println!(
            "No mail server configured (PARTNERDESK_SMTP_URL): e-mails wait in the Outbox page."
        );
    }
    app.run_until_stopped().await?;
    Ok(())
}
