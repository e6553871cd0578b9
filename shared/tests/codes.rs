//! Every code enum's JSON is its code, and every code enum declared in `shared` is checked here.

use shared::access::{Action, Role};
use shared::admin_relationship::{
    AdminDecision, AdminEndReason, AdminRelationshipState, EntraRole,
};
use shared::api::{CustomerSort, ErrorCode, SortDir};
use shared::api_token::TokenState;
use shared::audit::AuditAction;
use shared::billing::ChargeKind;
use shared::code::CodeEnum;
use shared::i18n::Locale;
use shared::import::{ExportEncoding, Separator, TextEncoding};
use shared::instance::{CloudInstance, ProgramRole};
use shared::invitation::InvitationState;
use shared::money::Currency;
use shared::outbox::MailStatus;
use shared::profile::{Industry, Offering};
use shared::referral::{DeclineReason, LinkState, ReferralBox, ReferralSource, ReferralState};
use shared::relationship::EndReason;
use shared::relationship::Relationship;
use shared::second_factor::SignInStep;
use shared::similar::SimilarReason;
use shared::subscription::{BillingCycle, SubscriptionStatus, Term};
use shared::support::{Severity, SupportState, SupportTopic};
use shared::webhook::{DeliveryFailure, DeliveryStatus, EventType};
use shared::Field;
use std::collections::BTreeSet;

/// Checks one enum and answers its name, for the completeness check below.
fn check<T>(name: &'static str) -> &'static str
where
    T: CodeEnum + serde::Serialize + serde::de::DeserializeOwned,
{
    let mut codes = BTreeSet::new();
    for &variant in T::all() {
        let code = variant.code();
        assert!(codes.insert(code), "{name}: code {code:?} used twice");
        assert_eq!(
            serde_json::to_value(variant).unwrap(),
            serde_json::Value::String(code.into()),
            "{name}::{variant:?} serializes as its code"
        );
        let back: T = serde_json::from_value(serde_json::Value::String(code.into())).unwrap();
        assert_eq!(back, variant, "{name}: {code:?} reads back as {variant:?}");
    }
    let unknown = serde_json::from_str::<T>("\"no-such-code\"").unwrap_err();
    assert!(
        unknown.to_string().contains("unknown variant"),
        "{name}: {unknown}"
    );
    name
}

#[test]
fn every_code_enum_serializes_as_its_codes() {
    let checked: BTreeSet<&str> = [
        check::<Action>("Action"),
        check::<AdminDecision>("AdminDecision"),
        check::<AdminEndReason>("AdminEndReason"),
        check::<AdminRelationshipState>("AdminRelationshipState"),
        check::<EntraRole>("EntraRole"),
        check::<AuditAction>("AuditAction"),
        check::<CloudInstance>("CloudInstance"),
        check::<CustomerSort>("CustomerSort"),
        check::<DeclineReason>("DeclineReason"),
        check::<EndReason>("EndReason"),
        check::<ErrorCode>("ErrorCode"),
        check::<Field>("Field"),
        check::<Industry>("Industry"),
        check::<InvitationState>("InvitationState"),
        check::<LinkState>("LinkState"),
        check::<Locale>("Locale"),
        check::<MailStatus>("MailStatus"),
        check::<Offering>("Offering"),
        check::<ProgramRole>("ProgramRole"),
        check::<ReferralBox>("ReferralBox"),
        check::<ReferralSource>("ReferralSource"),
        check::<ReferralState>("ReferralState"),
        check::<Relationship>("Relationship"),
        check::<Role>("Role"),
        check::<SortDir>("SortDir"),
        check::<SubscriptionStatus>("SubscriptionStatus"),
        check::<Term>("Term"),
        check::<BillingCycle>("BillingCycle"),
        check::<Currency>("Currency"),
        check::<ChargeKind>("ChargeKind"),
        check::<Severity>("Severity"),
        check::<SupportTopic>("SupportTopic"),
        check::<SupportState>("SupportState"),
        check::<TextEncoding>("TextEncoding"),
        check::<ExportEncoding>("ExportEncoding"),
        check::<Separator>("Separator"),
        check::<SimilarReason>("SimilarReason"),
        check::<SignInStep>("SignInStep"),
        check::<TokenState>("TokenState"),
        check::<EventType>("EventType"),
        check::<DeliveryStatus>("DeliveryStatus"),
        check::<DeliveryFailure>("DeliveryFailure"),
    ]
    .into_iter()
    .collect();

    // Every `code_enum!` in the sources must be in the list above.
    let mut declared = BTreeSet::new();
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("code.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for block in text.split("code_enum! {").skip(1) {
                let name = block
                    .split("enum ")
                    .nth(1)
                    .and_then(|rest| rest.split_whitespace().next())
                    .unwrap();
                declared.insert(name.to_owned());
            }
        }
    }
    let checked: BTreeSet<String> = checked.into_iter().map(String::from).collect();
    assert_eq!(
        declared, checked,
        "a code enum is declared but not checked here"
    );
}

#[test]
fn offerings_and_industries_use_their_stored_codes() {
    // The serde names once came from the variants ("microsoft365") while requests, the
    // database and CSVs used the codes.
    assert_eq!(
        serde_json::to_string(&Offering::Microsoft365).unwrap(),
        "\"microsoft-365\""
    );
    assert_eq!(
        serde_json::to_string(&Offering::Teams).unwrap(),
        "\"teams-calling\""
    );
    assert_eq!(
        serde_json::to_string(&Industry::Financial).unwrap(),
        "\"financial-services\""
    );
}

#[test]
fn the_customer_form_declares_its_fields_once() {
    use shared::customer::CustomerForm;
    // Its JSON keys are its fields' codes, and get/set reach each one.
    let json = serde_json::to_value(CustomerForm::default()).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut codes: Vec<&str> = CustomerForm::FIELDS.iter().map(|f| f.as_str()).collect();
    let mut sorted_keys = keys.clone();
    sorted_keys.sort_unstable();
    codes.sort_unstable();
    assert_eq!(sorted_keys, codes);
    let mut form = CustomerForm::default();
    for field in CustomerForm::FIELDS {
        form.set(*field, field.as_str().to_uppercase());
    }
    for field in CustomerForm::FIELDS {
        assert_eq!(form.get(*field), field.as_str().to_uppercase());
    }
    assert_eq!(form.get(Field::Email), "");
}
