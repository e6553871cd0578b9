//! The customer-form rule vectors (`tests/vectors.json`) and what the rules make of them. Every
//! suite (native, WASM, HTTP API, browser) runs the same file and compares with `expect`.

use crate::customer::{CustomerForm, NewCustomer, RuleContext};
use crate::date::CalendarDate;
use crate::instance::CloudInstance;
use crate::{Field, FieldErrors};
use serde::Deserialize;
use std::collections::BTreeMap;

pub const VECTORS_JSON: &str = include_str!("../tests/vectors.json");

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
struct File {
    partner_email_domain: String,
    today: CalendarDate,
    base: BTreeMap<Field, String>,
    cases: Vec<RawCase>,
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
struct RawCase {
    name: String,
    #[serde(default)]
    instance: Option<CloudInstance>,
    #[serde(default)]
    set: BTreeMap<Field, String>,
    #[serde(default)]
    expect: BTreeMap<Field, String>,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    /// The day the rules take as today.
    pub today: CalendarDate,
    pub instance: CloudInstance,
    pub partner_email_domain: String,
    pub form: CustomerForm,
    /// Field → error code; empty for a valid form.
    pub expect: BTreeMap<Field, String>,
}

impl Case {
    pub fn rule_context(&self) -> RuleContext {
        RuleContext {
            instance: self.instance,
            partner_email_domain: Some(self.partner_email_domain.clone()),
            today: self.today,
        }
    }

    /// What the rules say, as field → code.
    pub fn actual(&self) -> BTreeMap<Field, String> {
        codes(
            &match NewCustomer::parse(&self.form, &self.rule_context()) {
                Ok(_) => FieldErrors::new(),
                Err(errors) => errors,
            },
        )
    }
}

/// Field errors as field → code, the form `expect` is written in.
pub fn codes(errors: &FieldErrors) -> BTreeMap<Field, String> {
    errors
        .iter()
        .map(|(field, error)| (*field, error.code().to_string()))
        .collect()
}

fn file() -> File {
    serde_json::from_str(VECTORS_JSON).expect("tests/vectors.json is valid")
}

/// The vectors' valid baseline with `base` applied to an empty form.
fn base_form(file: &File) -> CustomerForm {
    let mut form = CustomerForm::default();
    for (field, value) in &file.base {
        form.set(*field, value.clone());
    }
    form
}

/// A valid form for other suites' fixtures: the vectors' baseline with its own domain prefix,
/// the agreement accepted `today`.
pub fn valid_form(domain_prefix: &str, today: CalendarDate) -> CustomerForm {
    let mut form = base_form(&file());
    form.set(Field::DomainPrefix, domain_prefix.to_owned());
    form.set(Field::AgreementDate, today.to_string());
    form
}

pub fn cases() -> Vec<Case> {
    let file = file();
    let base = base_form(&file);
    file.cases
        .into_iter()
        .map(|raw| {
            let mut form = base.clone();
            for (field, value) in &raw.set {
                form.set(*field, value.clone());
            }
            Case {
                name: raw.name,
                today: file.today,
                instance: raw.instance.unwrap_or(CloudInstance::Global),
                partner_email_domain: file.partner_email_domain.clone(),
                form,
                expect: raw.expect,
            }
        })
        .collect()
}

/// Runs every case; returns the descriptions of those that disagree.
pub fn mismatches() -> Vec<String> {
    cases()
        .iter()
        .filter_map(|case| {
            let actual = case.actual();
            (actual != case.expect).then(|| {
                format!(
                    "{}: expected {:?}, got {:?}",
                    case.name, case.expect, actual
                )
            })
        })
        .collect()
}

/// The admin (GDAP) relationship rule vectors (`tests/admin_vectors.json`).
pub const ADMIN_VECTORS_JSON: &str = include_str!("../tests/admin_vectors.json");

/// One admin-relationship request and the field codes the rules must refuse it with.
#[derive(Clone, Debug, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminCase {
    pub name: String,
    pub form: crate::admin_relationship::AdminRelationshipForm,
    #[serde(default)]
    pub expect: BTreeMap<Field, String>,
}

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
struct AdminFile {
    cases: Vec<AdminCase>,
}

pub fn admin_cases() -> Vec<AdminCase> {
    serde_json::from_str::<AdminFile>(ADMIN_VECTORS_JSON)
        .expect("tests/admin_vectors.json is valid")
        .cases
}

/// Runs every admin case; returns the descriptions of those that disagree.
pub fn admin_mismatches() -> Vec<String> {
    admin_cases()
        .iter()
        .filter_map(|case| {
            let actual = codes(&case.form.check());
            (actual != case.expect).then(|| {
                format!(
                    "{}: expected {:?}, got {:?}",
                    case.name, case.expect, actual
                )
            })
        })
        .collect()
}
