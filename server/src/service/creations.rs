//! Customer creation with group commit: the create requests that arrive while one transaction
//! is being written wait for it and then go into the next one together, each in a savepoint of
//! its own. A commit's fixed costs — taking the write lock, writing and checksumming the WAL
//! frames, a new segment in each full-text index and the merging that follows — are paid once
//! per batch instead of once per customer. Every request is still answered only after its
//! customer is committed, and one request's failure (a taken domain, say) undoes only its own
//! savepoint.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::service::creation::create_in;
use crate::store::customers::{Creation, IdempotencyKey};
use crate::store::transactions;
use anyhow::anyhow;
use shared::api::Customer;
use shared::audit::AuditAction;
use shared::customer::NewCustomer;
use shared::relationship::Relationship;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// The most creations one transaction takes: a batch's requests wait for all of it.
const MAX_BATCH: usize = 64;

/// Where the create endpoint hands its customers to be written.
#[derive(Clone)]
pub struct Creations {
    queue: mpsc::Sender<Job>,
}

/// One create request, owned: it crosses to the writing task.
struct Job {
    ctx: Ctx,
    customer: NewCustomer,
    relationship: Relationship,
    admin_password_hash: String,
    created_at: String,
    idempotency: Option<(IdempotencyKey, String)>,
    referral: Option<Uuid>,
    answer: oneshot::Sender<Result<Customer, AppError>>,
}

impl Job {
    /// The job, and where its answer will come.
    fn new(
        ctx: &Ctx,
        creation: Creation<'_>,
    ) -> (Self, oneshot::Receiver<Result<Customer, AppError>>) {
        let (answer, answered) = oneshot::channel();
        let job = Job {
            ctx: ctx.clone(),
            customer: creation.customer.clone(),
            relationship: creation.relationship,
            admin_password_hash: creation.admin_password_hash.to_owned(),
            created_at: creation.created_at.to_owned(),
            idempotency: creation
                .idempotency
                .map(|(key, request)| (key.clone(), request.to_owned())),
            referral: creation.referral,
            answer,
        };
        (job, answered)
    }

    fn creation(&self) -> Creation<'_> {
        Creation {
            customer: &self.customer,
            relationship: self.relationship,
            admin_password_hash: &self.admin_password_hash,
            created_at: &self.created_at,
            idempotency: self
                .idempotency
                .as_ref()
                .map(|(key, request)| (key, request.as_str())),
            referral: self.referral,
        }
    }
}

impl Creations {
    /// Starts the task that writes the batches (it ends when every `Creations` is dropped).
    pub fn start(db: Db) -> Self {
        let (queue, jobs) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_batches(db, jobs));
        Self { queue }
    }

    /// Creates the customer as `customers::create_in` does (row, audit entry, referral won),
    /// in the next batch; answers once it is committed.
    #[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
    pub async fn create(&self, ctx: &Ctx, creation: Creation<'_>) -> Result<Customer, AppError> {
        let (job, answered) = Job::new(ctx, creation);
        self.queue
            .send(job)
            .await
            .map_err(|_| anyhow!("the customer writer has stopped"))?;
        answered
            .await
            .map_err(|_| anyhow!("the customer writer dropped a request"))?
    }
}

async fn write_batches(db: Db, mut jobs: mpsc::Receiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let results = write_batch(&db, &batch).await;
        for (job, result) in batch.drain(..).zip(results) {
            // The request may have gone (client hung up): its customer stays created.
            let _ = job.answer.send(result);
        }
    }
}

/// Writes the jobs in one transaction, each in its own savepoint; one result per job.
async fn write_batch(db: &Db, batch: &[Job]) -> Vec<Result<Customer, AppError>> {
    match try_write_batch(db, batch).await {
        Ok(results) => results,
        // The database went away (restart, failover, cut connection): every request gets 503,
        // and a retry with its Idempotency-Key is safe whether or not the commit got through
        // (scripts/faults shows it: each such create sent again is created once).
        Err(error) if crate::db::is_unavailable(&error) => {
            tracing::warn!(error = %error, jobs = batch.len(), "database unavailable while writing customers");
            batch.iter().map(|_| Err(AppError::Unavailable)).collect()
        }
        // Nothing of the batch is stored: every request gets the error (5xx, logged there).
        Err(error) => {
            tracing::error!(error = %error, jobs = batch.len(), "writing a batch of customers failed");
            batch
                .iter()
                .map(|_| Err(AppError::Internal(anyhow!("writing the customer: {error}"))))
                .collect()
        }
    }
}

async fn try_write_batch(
    db: &Db,
    batch: &[Job],
) -> Result<Vec<Result<Customer, AppError>>, sqlx::Error> {
    let mut results = Vec::with_capacity(batch.len());
    let mut tx = db.write().await?;
    for job in batch {
        transactions::savepoint(&mut tx).await?;
        let result = create_in(
            &mut tx,
            &job.ctx,
            &job.creation(),
            AuditAction::CustomerCreated,
        )
        .await;
        if result.is_err() {
            transactions::roll_back_to_savepoint(&mut tx).await?;
        }
        transactions::release_savepoint(&mut tx).await?;
        results.push(result);
    }
    tx.commit().await?;
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{Field, FieldError};

    fn new_customer(ctx: &Ctx, prefix: &str) -> NewCustomer {
        let form = shared::test_vectors::valid_form(prefix, crate::timestamp::today());
        NewCustomer::parse(&form, &ctx.rule_context()).unwrap()
    }

    /// A fresh database file with the demo partner (the directory lives as long as the test).
    async fn demo_database() -> (tempfile::TempDir, Db, Ctx) {
        let dir = tempfile::tempdir().unwrap();
        let location = crate::db::Location::SqliteFile(dir.path().join("creations.db"));
        let db = crate::db::connect(&location, &crate::db::DbSettings::default())
            .await
            .unwrap();
        let ctx = crate::seed::demo_partner(&db).await.unwrap();
        (dir, db, ctx)
    }

    fn creation<'a>(customer: &'a NewCustomer, created_at: &'a str) -> Creation<'a> {
        Creation {
            customer,
            relationship: Relationship::Active,
            admin_password_hash: "digest",
            created_at,
            idempotency: None,
            referral: None,
        }
    }

    #[tokio::test]
    async fn a_failure_in_a_batch_undoes_only_its_own_customer() {
        let (_dir, db, ctx) = demo_database().await;
        let now = crate::timestamp::now();
        let mut batch: Vec<Job> = ["alpha", "beta", "alpha", "gamma", "delta"]
            .iter()
            .map(|prefix| Job::new(&ctx, creation(&new_customer(&ctx, prefix), &now)).0)
            .collect();
        // Fails last of all its steps (the referral), after its row and audit entry were
        // written: the savepoint must take those back.
        batch[4].referral = Some(Uuid::new_v4());

        let results = write_batch(&db, &batch).await;

        let outcome: Vec<Result<String, Option<FieldError>>> = results
            .into_iter()
            .map(|result| match result {
                Ok(customer) => Ok(customer.domain_prefix.as_str().to_owned()),
                Err(AppError::Validation(fields)) => Err(fields.get(&Field::DomainPrefix).cloned()),
                Err(AppError::NotFound) => Err(None),
                Err(other) => panic!("unexpected error {other:?}"),
            })
            .collect();
        assert_eq!(
            outcome,
            [
                Ok("alpha".into()),
                Ok("beta".into()),
                Err(Some(FieldError::Taken)),
                Ok("gamma".into()),
                Err(None),
            ]
        );
        let stored: Vec<String> =
            sqlx::query_scalar("SELECT domain_prefix FROM customers ORDER BY domain_prefix")
                .fetch_all(db.readers())
                .await
                .unwrap();
        assert_eq!(stored, ["alpha", "beta", "gamma"]);
        // One audit entry per stored customer: the failed one left nothing behind.
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'customer.created'
             AND object_id IN (SELECT id FROM customers)",
        )
        .fetch_one(db.readers())
        .await
        .unwrap();
        let entries: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'customer.created'")
                .fetch_one(db.readers())
                .await
                .unwrap();
        assert_eq!((audited, entries), (3, 3));
    }

    #[tokio::test]
    async fn concurrent_requests_share_a_transaction_and_each_gets_its_answer() {
        let (_dir, db, ctx) = demo_database().await;
        let creations = Creations::start(db.clone());
        let now = crate::timestamp::now();
        let customers: Vec<NewCustomer> = (0..40)
            .map(|i| new_customer(&ctx, &format!("queued{}", i % 20)))
            .collect();
        let answers = futures_util::future::join_all(
            customers
                .iter()
                .map(|customer| creations.create(&ctx, creation(customer, &now))),
        )
        .await;
        let created: Vec<String> = answers
            .iter()
            .filter_map(|a| a.as_ref().ok())
            .map(|c| c.domain_prefix.as_str().to_owned())
            .collect();
        let taken = answers
            .iter()
            .filter(|a| matches!(a, Err(AppError::Validation(f)) if f.get(&Field::DomainPrefix) == Some(&FieldError::Taken)))
            .count();
        // Each of the 20 domains once, the 20 repeats `taken`, nothing else.
        assert_eq!((created.len(), taken), (20, 20));
        let distinct: std::collections::BTreeSet<_> = created.iter().collect();
        assert_eq!(distinct.len(), 20);
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
            .fetch_one(db.readers())
            .await
            .unwrap();
        assert_eq!(stored, 20);
    }
}
