//! Runtime configuration: command-line flags with environment-variable fallbacks.

use crate::db::{Db, DbSettings, Location};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(
    name = "partnerdesk",
    version,
    about = "PartnerDesk: customer accounts for CSP partners"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeConfig,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API and the app (the default).
    Serve(ServeConfig),
    /// Create the database if needed, run migrations and load the demo data, then exit.
    Seed(SeedArgs),
    /// Create a partner organization and its first global admin (who gets a temporary
    /// password, shown once, to change at first sign-in).
    CreatePartner(CreatePartner),
}

#[derive(Args, Debug, Clone)]
pub struct CreatePartner {
    #[command(flatten)]
    pub database: DatabaseConfig,
    /// The organization's name.
    #[arg(long)]
    pub name: String,
    /// global, us-government, china-21vianet or germany (legacy).
    #[arg(long)]
    pub instance: String,
    /// direct-reseller, indirect-provider or indirect-reseller.
    #[arg(long)]
    pub program: String,
    /// The partner's own e-mail domain.
    #[arg(long)]
    pub email_domain: String,
    #[arg(long)]
    pub admin_email: String,
    #[arg(long)]
    pub admin_name: String,
}

#[derive(Args, Debug, Clone)]
pub struct SeedArgs {
    #[command(flatten)]
    pub database: DatabaseConfig,
    /// Also generate this many customers for the demo partner (varied countries, Chinese and
    /// Latin names), to try PartnerDesk at scale: `--customers 100000`.
    #[arg(long, default_value_t = 0)]
    pub customers: usize,
}

#[derive(Args, Debug, Clone)]
pub struct DatabaseConfig {
    /// The database: an SQLite file (created with its folder when missing), or a PostgreSQL
    /// URL, `postgres://user:password@host:5432/database` (README "Databases").
    #[arg(
        long = "database",
        env = "PARTNERDESK_DATABASE",
        default_value = "data/partnerdesk.db",
        hide_env_values = true
    )]
    pub database: String,
    /// PostgreSQL: connections per node.
    #[arg(long, env = "PARTNERDESK_DB_MAX_CONNECTIONS", default_value_t = 10)]
    pub db_max_connections: u32,
    /// Seconds a request waits for a free database connection before it fails with 503.
    #[arg(long, env = "PARTNERDESK_DB_ACQUIRE_TIMEOUT", default_value_t = 5)]
    pub db_acquire_timeout: u64,
    /// PostgreSQL: seconds after which a statement is cancelled (`statement_timeout`).
    #[arg(long, env = "PARTNERDESK_DB_STATEMENT_TIMEOUT", default_value_t = 30)]
    pub db_statement_timeout: u64,
    /// The key that seals the secrets stored in the database (authenticator apps'): 32 bytes as
    /// base64 (`openssl rand -base64 32`), the same on every node. Without it an SQLite database
    /// keeps a key in a file beside it (`partnerdesk.db.key`, made at first start); PostgreSQL
    /// needs it given.
    #[arg(long, env = "PARTNERDESK_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
}

impl DatabaseConfig {
    pub fn location(&self) -> Location {
        Location::parse(&self.database)
    }

    pub fn settings(&self) -> DbSettings {
        DbSettings {
            max_connections: self.db_max_connections.max(1),
            acquire_timeout: Duration::from_secs(self.db_acquire_timeout.max(1)),
            statement_timeout: Duration::from_secs(self.db_statement_timeout.max(1)),
        }
    }

    /// The sealing key: `--secret-key`, else the SQLite database's key file.
    pub fn sealing_key(&self) -> anyhow::Result<crate::sealed::SealingKey> {
        if let Some(text) = self.secret_key.as_deref().filter(|t| !t.trim().is_empty()) {
            return crate::sealed::SealingKey::from_base64(text)
                .map_err(|e| anyhow::anyhow!("PARTNERDESK_SECRET_KEY / --secret-key: {e}"));
        }
        match self.location() {
            Location::SqliteFile(path) => {
                let mut file = path.into_os_string();
                file.push(".key");
                crate::sealed::SealingKey::load_or_create(std::path::Path::new(&file))
            }
            Location::Postgres(_) => Err(anyhow::anyhow!(
                "with PostgreSQL, give the key that seals stored secrets: PARTNERDESK_SECRET_KEY \
                 (or --secret-key), 32 bytes as base64 (openssl rand -base64 32), the same on \
                 every node"
            )),
        }
    }

    /// Opens the database (and runs its migrations).
    pub async fn connect(&self) -> anyhow::Result<Db> {
        crate::db::connect(&self.location(), &self.settings()).await
    }
}

#[derive(Args, Debug, Clone)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "PARTNERDESK_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseConfig,
    /// The built app (Trunk's output) to serve next to the API.
    #[arg(long, env = "PARTNERDESK_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Load the demo partners, their users and customers at start (idempotent).
    #[arg(long, env = "PARTNERDESK_DEMO", default_value_t = false)]
    pub demo: bool,
    /// Mark the session cookie Secure (when served over TLS, directly or behind a proxy).
    #[arg(long, env = "PARTNERDESK_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Behind a reverse proxy or load balancer that appends the client's address to
    /// X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`): sign-in throttling counts per
    /// client, not per proxy. Only with a proxy in front: otherwise clients could pick their
    /// address.
    #[arg(long, env = "PARTNERDESK_BEHIND_PROXY", default_value_t = false)]
    pub behind_proxy: bool,
    /// SMTP server for outgoing mail, with TLS and credentials in the URL:
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://user:pass@host:465`
    /// (implicit TLS), `smtp://127.0.0.1:25` (a local relay). Without one, e-mails wait in the
    /// Outbox page.
    #[arg(long, env = "PARTNERDESK_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The From address of outgoing mail.
    #[arg(
        long,
        env = "PARTNERDESK_MAIL_FROM",
        default_value = "PartnerDesk <no-reply@partnerdesk.localhost>"
    )]
    pub mail_from: String,
    /// Requests an API token may make per minute on each node (then 429 with Retry-After).
    #[arg(long, env = "PARTNERDESK_TOKEN_RATE_LIMIT", default_value_t = 600)]
    pub token_rate_limit: u32,
    /// The address users reach the app at, for links in e-mails (default: http://ADDR).
    #[arg(long, env = "PARTNERDESK_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// For end-to-end tests only: lets `POST /api/test-clock` move the date the sweeps go by
    /// (admin relationships' ends and expiry notices). Never in production.
    #[arg(long, default_value_t = false, hide = true)]
    pub test_clock: bool,
    /// For tests only: lets webhook endpoints be plain `http://` on this machine's loopback
    /// addresses (a test receiver). Never in production: webhooks go to public HTTPS only.
    #[arg(long, default_value_t = false, hide = true)]
    pub allow_local_webhooks: bool,
}
