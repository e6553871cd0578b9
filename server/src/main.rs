use anyhow::Context;
use clap::Parser;
use server::config::{Cli, Command, ServeConfig};
use server::startup::Application;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::telemetry::init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Seed(database)) => {
            let db = server::db::connect(&database.path).await?;
            let added = server::seed::demo(&db).await?;
            println!(
                "Demo data loaded into {} ({added} customers added).",
                database.path.display()
            );
            Ok(())
        }
        Some(Command::Serve(config)) => serve(config).await,
        None => serve(cli.serve).await,
    }
}

async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let db = server::db::connect(&config.database.path).await?;
    if config.demo {
        let added = server::seed::demo(&db).await?;
        tracing::info!(added, "demo data loaded");
    }
    if !config.dist.join("index.html").exists() {
        tracing::warn!(dist = %config.dist.display(), "no built app found; only the API is served");
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("binding {}", config.addr))?;
    let app = Application::from_listener(listener, db, config.dist.clone());
    let addr = app.local_addr()?;
    println!(
        "PartnerDesk is running at http://{addr}  (database: {})",
        config.database.path.display()
    );
    app.run_until_stopped().await?;
    Ok(())
}
