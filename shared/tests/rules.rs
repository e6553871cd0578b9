//! The rule vectors and property tests, natively.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use shared::customer::{CompanyName, DomainPrefix, Email, PersonName, Phone};
use shared::regions::{CountryCode, PostalCode};
use shared::test_vectors;

#[test]
fn rule_vectors_agree() {
    let cases = test_vectors::cases();
    assert!(cases.len() >= 150, "only {} vectors", cases.len());
    let mismatches = test_vectors::mismatches();
    assert!(
        mismatches.is_empty(),
        "{} of {} vectors disagree:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
    println!("rule vectors: {} cases agree natively", cases.len());
}

#[test]
fn admin_relationship_vectors_agree() {
    let cases = test_vectors::admin_cases();
    assert!(cases.len() >= 25, "only {} admin vectors", cases.len());
    let mismatches = test_vectors::admin_mismatches();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

proptest! {
    #[test]
    fn parsers_never_panic(s in "\\PC{0,300}") {
        let _ = CompanyName::parse(&s);
        let _ = DomainPrefix::parse(&s);
        let _ = PersonName::parse(&s);
        let _ = Email::parse(&s);
        let _ = Phone::parse(&s);
        if let Ok(country) = CountryCode::parse("US") {
            let _ = PostalCode::parse(&s, &country);
        }
        let _ = CountryCode::parse(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = CompanyName::parse(&s);
        let _ = Email::parse(&s);
    }

    #[test]
    fn valid_company_names_round_trip(s in "[\\p{Han}A-Za-z][\\p{Han}A-Za-z0-9 &.,'-]{1,98}[\\p{Han}A-Za-z0-9.]") {
        if let Ok(name) = CompanyName::parse(&s) {
            let json = serde_json::to_string(&name).unwrap();
            let back: CompanyName = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, name);
        }
    }

    #[test]
    fn valid_domain_prefixes_round_trip(s in "[A-Za-z0-9]{1,27}") {
        let prefix = DomainPrefix::parse(&s).unwrap();
        prop_assert_eq!(prefix.as_str(), s.to_ascii_lowercase());
        let back: DomainPrefix = serde_json::from_str(&serde_json::to_string(&prefix).unwrap()).unwrap();
        prop_assert_eq!(back, prefix);
    }

    #[test]
    fn valid_emails_round_trip(local in "[a-z0-9]{1,20}", domain in "[a-z]{1,20}\\.(com|cn|de)") {
        let email = Email::parse(&format!("{local}@{domain}")).unwrap();
        let back: Email = serde_json::from_str(&serde_json::to_string(&email).unwrap()).unwrap();
        prop_assert_eq!(back, email);
    }

    #[test]
    fn parsing_is_idempotent(s in "\\PC{0,120}") {
        // A value the rules accept is accepted again unchanged: what is stored re-parses.
        if let Ok(name) = CompanyName::parse(&s) {
            prop_assert_eq!(CompanyName::parse(name.as_str()).unwrap(), name);
        }
        if let Ok(name) = PersonName::parse(&s) {
            prop_assert_eq!(PersonName::parse(name.as_str()).unwrap(), name);
        }
    }
}
