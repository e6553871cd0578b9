//! Importing customers from another portal's CSV export: reading the file, checking every row
//! with the `shared` rules, and committing the ready rows in batches while reporting progress.
//!
//! A preview keeps the file in the database for an hour (`store::imports`), not in memory, and
//! checks it again at commit; no customer is written before commit.
//! Rows whose primary domain the partner already has are duplicates and are skipped — at
//! preview and again at commit — so importing the same file twice creates nothing new.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::service::customers::create_in;
use crate::store::{customers, imports, invitations};
use shared::audit::AuditAction;
use shared::customer::{CustomerForm, NewCustomer, RuleContext};
use shared::i18n::{import_column_label, Locale};
use shared::import::{
    import_column_named, import_columns, parse_yes_no, ImportPreview, ImportProgress, RowProblem,
    RowReport, Separator, SimilarRow, SimilarTo, TextEncoding, IMPORT_MAX_ROWS,
    IMPORT_REQUIRED_COLUMNS, RELATIONSHIP_EXISTS, REPORTED_ROWS,
};
use shared::relationship::Relationship;
use shared::similar::{company_name_key, email_domain_key, SimilarCustomer};
use shared::{Field, FieldError, FieldErrors};
use std::collections::HashMap;
use uuid::Uuid;

/// A row that passed every check.
pub struct ReadyRow {
    pub line: u32,
    pub customer: NewCustomer,
    /// `relationship_exists = yes`: active; else invited with an invitation.
    pub active: bool,
}

/// The outcome of reading a file, before any write.
pub struct Checked {
    /// What separates the file's columns (found from its header line).
    pub separator: Separator,
    pub total: u32,
    /// The ready rows (kept only when asked: a preview counts them).
    pub ready: Vec<ReadyRow>,
    pub ready_count: u32,
    /// Ready rows with `relationship_exists = yes`.
    pub active_count: u32,
    pub duplicates: u32,
    pub invalid: u32,
    pub problems: Vec<RowReport>,
    /// Ready rows that look like an existing customer or an earlier row (at most
    /// `REPORTED_ROWS`).
    pub similar: Vec<SimilarRow>,
}

/// The template users download: headings in `locale`, then one example row.
pub fn template(locale: Locale) -> String {
    let headings: Vec<&str> = import_columns()
        .iter()
        .filter_map(|column| import_column_label(column))
        .map(|label| locale.text(label))
        .collect();
    // No heading holds a comma or a quote (a test reads the template back), so no quoting.
    let mut out = headings.join(",");
    out.push('\n');
    out.push_str(
        "Contoso Ltd,US,contosoltd,1 Microsoft Way,,,Redmond,WA,98052,Ana,Lopez,\
         ana@contoso.com,+1 425 555 0100,,en-US,,,,,yes\n",
    );
    out
}

/// Which customer-form field a column fills (`None` for `relationship_exists`).
fn column_field(column: &str) -> Option<Field> {
    CustomerForm::FIELDS
        .iter()
        .copied()
        .find(|f| f.key() == column)
}

fn file_error(error: FieldError) -> AppError {
    AppError::field(Field::File, error)
}

/// Reads and checks a file. `owned` answers whether a primary domain belongs to the partner
/// (`Some(true)`), to another partner in the instance (`Some(false)`), or to nobody.
pub fn check(
    text: &str,
    rules: &RuleContext,
    owned: &dyn Fn(&str) -> Option<bool>,
) -> Result<Checked, AppError> {
    check_keeping(text, rules, owned, &|_, _| None, true)
}

/// An existing customer that may be the same company as a row with this name key and contact
/// e-mail domain (`shared::similar`).
type SimilarLookup<'a> = dyn Fn(&str, &str) -> Option<SimilarCustomer> + 'a;

/// [`check`], with the partner's customers a ready row may be similar to (`similar`), keeping
/// the ready rows or only counting them (`keep_rows`): 20,000 parsed rows are some 40 MB a
/// preview has no use for.
fn check_keeping(
    text: &str,
    rules: &RuleContext,
    owned: &dyn Fn(&str) -> Option<bool>,
    similar: &SimilarLookup,
    keep_rows: bool,
) -> Result<Checked, AppError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = Separator::detect(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator.byte())
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let cells: Vec<String> = reader
        .headers()
        .map_err(|_| file_error(FieldError::InvalidFormat { hint: None }))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if cells.iter().all(String::is_empty) {
        return Err(file_error(FieldError::Required));
    }
    // Each cell as the column it names (`None` for an empty heading: its values are ignored).
    let mut headers: Vec<Option<&'static str>> = Vec::with_capacity(cells.len());
    for cell in &cells {
        if cell.is_empty() {
            headers.push(None);
            continue;
        }
        let column = import_column_named(cell).ok_or_else(|| {
            file_error(FieldError::UnknownColumn {
                column: cell.clone(),
            })
        })?;
        if headers.contains(&Some(column)) {
            return Err(file_error(FieldError::RepeatedColumn {
                column: column.to_string(),
            }));
        }
        headers.push(Some(column));
    }
    if let Some(missing) = IMPORT_REQUIRED_COLUMNS
        .iter()
        .find(|c| !headers.contains(&Some(**c)))
    {
        return Err(file_error(FieldError::MissingColumn {
            column: missing.to_string(),
        }));
    }

    let mut checked = Checked {
        separator,
        total: 0,
        ready: Vec::new(),
        ready_count: 0,
        active_count: 0,
        duplicates: 0,
        invalid: 0,
        problems: Vec::new(),
        similar: Vec::new(),
    };
    let mut first_line_of: HashMap<String, u32> = HashMap::new();
    // The first line of each compared company name: a later row with the same one is similar.
    let mut first_line_named: HashMap<String, u32> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let line = index as u32 + 2;
        if index >= IMPORT_MAX_ROWS {
            return Err(file_error(FieldError::TooLong {
                max: IMPORT_MAX_ROWS as u32,
            }));
        }
        let record = record.map_err(|_| file_error(FieldError::InvalidFormat { hint: None }))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        checked.total += 1;
        let mut form = CustomerForm::default();
        let mut relationship_exists = "";
        for (header, value) in headers.iter().zip(record.iter()) {
            let Some(column) = *header else { continue };
            match column_field(column) {
                Some(field) => form.set(field, value.to_string()),
                None if column == RELATIONSHIP_EXISTS => relationship_exists = value,
                None => {}
            }
        }
        let report = |problem: RowProblem, checked: &mut Checked| {
            if checked.problems.len() < REPORTED_ROWS {
                checked.problems.push(RowReport {
                    line,
                    company_name: form.company_name.clone(),
                    problem,
                });
            }
        };
        let parsed = NewCustomer::parse_existing(&form, rules);
        let active = parse_yes_no(relationship_exists);
        let mut errors: FieldErrors = parsed.as_ref().err().cloned().unwrap_or_default();
        if let Some(mine) = parsed
            .as_ref()
            .ok()
            .and_then(|c| owned(c.domain_prefix.as_str()))
        {
            if mine {
                checked.duplicates += 1;
                report(RowProblem::Duplicate, &mut checked);
                continue;
            }
            errors.insert(Field::DomainPrefix, FieldError::Taken);
        }
        match (parsed, active) {
            (Ok(customer), Ok(active)) if errors.is_empty() => {
                let prefix = customer.domain_prefix.as_str().to_string();
                if let Some(&first_line) = first_line_of.get(&prefix) {
                    checked.invalid += 1;
                    report(RowProblem::RepeatedInFile { first_line }, &mut checked);
                } else {
                    first_line_of.insert(prefix, line);
                    let name_key = company_name_key(customer.profile.company_name.as_str());
                    let similar_to = match first_line_named.get(&name_key) {
                        Some(&first) => Some(SimilarTo::EarlierLine { line: first }),
                        None => similar(
                            &name_key,
                            &email_domain_key(customer.profile.contact_email.as_str()),
                        )
                        .map(|customer| SimilarTo::Customer { customer }),
                    };
                    if let Some(similar_to) = similar_to {
                        if checked.similar.len() < REPORTED_ROWS {
                            checked.similar.push(SimilarRow {
                                line,
                                company_name: customer.profile.company_name.to_string(),
                                similar_to,
                            });
                        }
                    }
                    if !name_key.is_empty() {
                        first_line_named.entry(name_key).or_insert(line);
                    }
                    checked.ready_count += 1;
                    checked.active_count += u32::from(active);
                    if keep_rows {
                        checked.ready.push(ReadyRow {
                            line,
                            customer,
                            active,
                        });
                    }
                }
            }
            (_, active) => {
                checked.invalid += 1;
                if errors.is_empty() {
                    if let Err(error) = active {
                        report(RowProblem::BadRelationshipExists { error }, &mut checked);
                        continue;
                    }
                }
                report(RowProblem::Invalid { errors }, &mut checked);
            }
        }
    }
    if checked.total == 0 {
        return Err(file_error(FieldError::Required));
    }
    Ok(checked)
}

/// Rows per transaction: big enough to be fast, small enough to report progress often and
/// keep other writers waiting only briefly.
const BATCH: usize = 250;

/// Writes the ready rows, recording progress with each batch. A row whose domain was taken
/// since the preview is skipped (the partner's own) or failed (another partner's).
async fn commit(
    db: &Db,
    ctx: &Ctx,
    id: Uuid,
    public_url: &str,
    rows: Vec<ReadyRow>,
) -> Result<ImportProgress, AppError> {
    let mut state = ImportProgress {
        total: rows.len() as u32,
        ..ImportProgress::default()
    };
    let now = crate::timestamp::now();
    for batch in rows.chunks(BATCH) {
        let mut tx = db.write().await?;
        for row in batch {
            let creation = customers::Creation {
                customer: &row.customer,
                relationship: if row.active {
                    Relationship::Active
                } else {
                    Relationship::Invited
                },
                admin_password_hash: "",
                created_at: &now,
                idempotency: None,
                referral: None,
            };
            state.done += 1;
            let customer = match create_in(&mut tx, ctx, &creation, AuditAction::CustomerImported)
                .await
            {
                Ok(customer) => customer,
                Err(AppError::Validation(errors))
                    if errors.get(&Field::DomainPrefix) == Some(&FieldError::Taken) =>
                {
                    if customers::owns_domain(&mut tx, ctx, &row.customer.domain_prefix).await? {
                        state.skipped += 1;
                    } else {
                        tracing::info!(line = row.line, "import row's domain taken meanwhile");
                        state.failed += 1;
                    }
                    continue;
                }
                Err(other) => return Err(other),
            };
            if !row.active {
                invitations::issue_in(&mut tx, ctx, public_url, &customer, "", None).await?;
            }
            state.imported += 1;
        }
        state.finished = state.done == state.total;
        imports::record_progress(&mut tx, ctx, id, &state).await?;
        tx.commit().await?;
    }
    if !state.finished {
        // No rows were ready by now.
        state.finished = true;
        let mut tx = db.write().await?;
        imports::record_progress(&mut tx, ctx, id, &state).await?;
        tx.commit().await?;
    }
    Ok(state)
}

/// The file a check reads: one just uploaded (packed for keeping while it is checked), or a
/// kept preview's (unpacked for its commit).
enum FileToCheck {
    Uploaded(String),
    Kept(imports::PackedFile),
}

/// Checks a file against the rules and the partner's current customers on the checker thread
/// (20,000 rows take a moment of CPU, and the file's copies stay on that one thread); an
/// uploaded file comes back packed for keeping.
async fn check_file(
    db: &Db,
    ctx: &Ctx,
    file: FileToCheck,
    keep_rows: bool,
) -> Result<(Checked, Option<imports::PackedFile>), AppError> {
    let owners = customers::domain_owners(db, ctx).await?;
    // Similar customers are a warning of the preview; a commit has no use for them.
    let known = if keep_rows {
        KnownCustomers::default()
    } else {
        KnownCustomers::new(customers::similarity_keys(db, ctx).await?)
    };
    let rules = ctx.rule_context();
    let (reply, answer) = tokio::sync::oneshot::channel();
    checker()
        .send(Box::new(move || {
            let (text, packed) = match file {
                FileToCheck::Uploaded(text) => {
                    let packed = imports::PackedFile::pack(&text);
                    (Ok(text), Some(packed))
                }
                FileToCheck::Kept(packed) => (packed.unpack(), None),
            };
            let checked = text.and_then(|text| {
                check_keeping(
                    &text,
                    &rules,
                    &|prefix| owners.get(prefix).copied(),
                    &|name_key, email_domain| known.find(name_key, email_domain),
                    keep_rows,
                )
            });
            let _ = reply.send(checked.map(|checked| (checked, packed)));
        }))
        .map_err(|_| anyhow::anyhow!("the import checker thread is gone"))?;
    answer
        .await
        .map_err(|_| anyhow::anyhow!("the import checker dropped a file"))?
}

/// The partner's customers by their similarity keys (`shared::similar`), for an import's rows.
#[derive(Default)]
struct KnownCustomers {
    by_name: HashMap<String, SimilarCustomer>,
    by_email_domain: HashMap<String, SimilarCustomer>,
}

impl KnownCustomers {
    fn new(keys: Vec<customers::SimilarityKeys>) -> Self {
        let mut known = Self::default();
        for k in keys {
            if let Some(c) = k.similar_to(&k.name_key, "") {
                known.by_name.entry(k.name_key.clone()).or_insert(c);
            }
            if let Some(c) = k.similar_to("", &k.email_domain) {
                known
                    .by_email_domain
                    .entry(k.email_domain.clone())
                    .or_insert(c);
            }
        }
        known
    }

    /// The customer a row with these keys may be, the same name before the same e-mail domain.
    fn find(&self, name_key: &str, email_domain: &str) -> Option<SimilarCustomer> {
        self.by_name
            .get(name_key)
            .or_else(|| self.by_email_domain.get(email_domain))
            .cloned()
    }
}

type CheckJob = Box<dyn FnOnce() + Send>;

/// The one thread that checks import files, one file at a time. Checking 20,000 rows takes a
/// moment of CPU (kept off the async workers) and some 20 MB of short-lived allocations: on
/// one thread, concurrent uploads don't add up, and each check reuses the memory the last one
/// freed (a fresh blocking-pool thread each time left ten previews in a row at 80 MB).
fn checker() -> &'static std::sync::mpsc::Sender<CheckJob> {
    static CHECKER: std::sync::OnceLock<std::sync::mpsc::Sender<CheckJob>> =
        std::sync::OnceLock::new();
    CHECKER.get_or_init(|| {
        let (jobs, queue) = std::sync::mpsc::channel::<CheckJob>();
        std::thread::Builder::new()
            .name("import-checker".into())
            .spawn(move || {
                for job in queue {
                    job();
                }
            })
            .expect("starting the import checker thread");
        jobs
    })
}

/// Checks an uploaded file against the rules and the partner's customers and keeps the file
/// for its commit (deflated, in the database: a waiting preview holds no memory). A preview
/// writes no customer; it replaces the user's earlier waiting preview.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn preview(
    db: &Db,
    ctx: &Ctx,
    text: String,
    encoding: TextEncoding,
) -> Result<ImportPreview, AppError> {
    let (checked, packed) = check_file(db, ctx, FileToCheck::Uploaded(text), false).await?;
    let packed = packed.expect("an uploaded file comes back packed");
    let preview = ImportPreview {
        id: Uuid::new_v4(),
        encoding,
        separator: checked.separator,
        total: checked.total,
        ready: checked.ready_count,
        active: checked.active_count,
        duplicates: checked.duplicates,
        invalid: checked.invalid,
        problems: checked.problems,
        similar: checked.similar,
    };
    imports::keep_preview(db, ctx, preview.id, &packed, preview.ready).await?;
    tracing::info!(import_id = %preview.id, total = preview.total, ready = preview.ready,
        packed_bytes = packed.len(), "import checked");
    Ok(preview)
}

/// Starts writing a previewed import in the background (the file is checked again: customers
/// may have been added since the preview); answers its first progress. 404 for an unknown,
/// expired or replaced (or another partner's) import, 409 when it was already committed —
/// through any node.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, import_id = %id))]
pub async fn start_commit(
    db: &Db,
    mailer: &crate::mail::Mailer,
    ctx: Ctx,
    id: Uuid,
) -> Result<ImportProgress, AppError> {
    let text = match imports::claim(db, &ctx, id).await? {
        imports::Claim::Unknown => return Err(AppError::NotFound),
        imports::Claim::AlreadyCommitted => {
            return Err(AppError::Conflict(
                "This import was already committed.".into(),
            ))
        }
        imports::Claim::Taken(text) => text,
    };
    let rows = match check_file(db, &ctx, FileToCheck::Kept(text), true).await {
        Ok((checked, _)) => checked.ready,
        Err(error) => {
            finish_stopped(db, &ctx, id).await;
            return Err(error);
        }
    };
    let first = ImportProgress {
        total: rows.len() as u32,
        ..ImportProgress::default()
    };
    let (db, mailer) = (db.clone(), mailer.clone());
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        let rows_count = rows.len();
        match commit(&db, &ctx, id, &mailer.public_url, rows).await {
            Ok(done) => {
                mailer.nudge();
                tracing::info!(import_id = %id, rows = rows_count, imported = done.imported,
                    skipped = done.skipped, failed = done.failed,
                    millis = started.elapsed().as_millis() as u64, "import committed");
            }
            Err(error) => {
                tracing::error!(import_id = %id, error = ?error, "import stopped");
                finish_stopped(&db, &ctx, id).await;
            }
        }
    });
    Ok(first)
}

/// Marks a commit that stopped as finished, with what it wrote so far (best effort: the
/// database may be what stopped it).
async fn finish_stopped(db: &Db, ctx: &Ctx, id: Uuid) {
    let Ok(Some(mut progress)) = imports::progress(db, ctx, id).await else {
        return;
    };
    progress.finished = true;
    let result = async {
        let mut tx = db.write().await?;
        imports::record_progress(&mut tx, ctx, id, &progress).await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(error) = result {
        tracing::warn!(import_id = %id, error = ?error, "stopped import not marked finished");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::instance::CloudInstance;

    fn rules() -> RuleContext {
        RuleContext {
            instance: CloudInstance::Global,
            partner_email_domain: Some("northwind.example".into()),
            today: shared::date::CalendarDate::new(2026, 6, 15).unwrap(),
        }
    }

    fn nobody(_: &str) -> Option<bool> {
        None
    }

    #[test]
    fn the_template_is_importable_in_either_language() {
        for locale in Locale::ALL {
            let template = template(*locale);
            let checked = check(&template, &rules(), &nobody).unwrap();
            assert_eq!((checked.total, checked.ready.len()), (1, 1), "{template}");
            assert!(checked.ready[0].active);
            assert_eq!(
                checked.ready[0].customer.profile.company_name.as_str(),
                "Contoso Ltd"
            );
        }
        assert!(template(Locale::ZhCn).starts_with("公司名称,国家/地区,域名前缀,"));
        assert!(template(Locale::EnUs).starts_with("Company name,Country/region,Domain prefix,"));
    }

    #[test]
    fn headings_may_mix_codes_and_both_languages() {
        let file = "company_name,Country/region,域名前缀,Address line 1,城市,state,postal_code,\
                    联系人名字,Contact last name,CONTACT_EMAIL, ,Relationship exists (yes/no)\n\
                    Contoso,US,contoso,1 Main St,Redmond,WA,98052,Ana,Lopez,ana@contoso.com,ignored,no\n";
        let checked = check(file, &rules(), &nobody).unwrap();
        assert_eq!(checked.ready.len(), 1, "{:?}", checked.problems);
        let customer = &checked.ready[0].customer.profile;
        assert_eq!(customer.contact_first_name.as_str(), "Ana");
        assert_eq!(customer.city.as_str(), "Redmond");
        assert!(!checked.ready[0].active);
    }

    #[test]
    fn header_problems_are_file_errors() {
        let missing = check("company_name,country\nContoso,US\n", &rules(), &nobody);
        assert!(matches!(missing, Err(AppError::Validation(e))
            if matches!(e.get(&Field::File), Some(FieldError::MissingColumn { column }) if column == "domain_prefix")));
        let unknown = template(Locale::EnUs).replace("City,", "town,");
        assert!(
            matches!(check(&unknown, &rules(), &nobody), Err(AppError::Validation(e))
            if matches!(e.get(&Field::File), Some(FieldError::UnknownColumn { column }) if column == "town"))
        );
        let twice = template(Locale::EnUs).replace("Address line 3,", "公司名称,");
        assert!(
            matches!(check(&twice, &rules(), &nobody), Err(AppError::Validation(e))
            if matches!(e.get(&Field::File), Some(FieldError::RepeatedColumn { column }) if column == "company_name"))
        );
        assert!(matches!(
            check("", &rules(), &nobody),
            Err(AppError::Validation(_))
        ));
    }

    #[test]
    fn rows_are_checked_by_the_shared_rules() {
        // Columns in another order than the template's: they are matched by name.
        let header = "relationship_exists,company_name,country,domain_prefix,address_line1,city,\
                      state,postal_code,contact_first_name,contact_last_name,contact_email";
        let file = format!(
            "\u{feff}{header}\n\
             no,Contoso,US,contoso,1 Main St,Redmond,WA,98052,Ana,Lopez,ana@contoso.com\n\
             yes,LLC,US,bad prefix,1 Main St,Redmond,WA,98052,Ana,Lopez,ana@contoso.com\n\
             yes,Fabrikam,DE,contoso,Hauptstr. 1,Berlin,,10115,Jonas,Weber,jonas@fabrikam.de\n\
             maybe,Tailspin,GB,tailspin,1 High St,London,,SW1A 1AA,Tom,Ng,tom@tailspin.co.uk\n\
             yes,Mine,US,mine,1 Main St,Redmond,WA,98052,Ana,Lopez,ana@mine.com\n"
        );
        let owned = |prefix: &str| (prefix == "mine").then_some(true);
        let checked = check(&file, &rules(), &owned).unwrap();
        assert_eq!(checked.total, 5);
        assert_eq!(checked.ready.len(), 1);
        assert!(!checked.ready[0].active);
        assert_eq!(checked.duplicates, 1);
        assert_eq!(checked.invalid, 3);
        let lines: Vec<(u32, &RowProblem)> = checked
            .problems
            .iter()
            .map(|p| (p.line, &p.problem))
            .collect();
        assert!(matches!(lines[0], (3, RowProblem::Invalid { errors })
            if errors.get(&Field::CompanyName) == Some(&FieldError::LegalFormOnly)
            && errors.get(&Field::DomainPrefix) == Some(&FieldError::InvalidChars)));
        assert!(matches!(
            lines[1],
            (4, RowProblem::RepeatedInFile { first_line: 2 })
        ));
        assert!(matches!(
            lines[2],
            (
                5,
                RowProblem::BadRelationshipExists {
                    error: FieldError::NotInList
                }
            )
        ));
        assert!(matches!(lines[3], (6, RowProblem::Duplicate)));
    }
}
