//! The same rule vectors, compiled to WASM and run in headless Chromium.
#![cfg(target_arch = "wasm32")]

use shared::test_vectors;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn rule_vectors_agree_in_wasm() {
    let cases = test_vectors::cases();
    assert!(cases.len() >= 150);
    let mismatches = test_vectors::mismatches();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[wasm_bindgen_test]
fn admin_relationship_vectors_agree_in_wasm() {
    assert!(test_vectors::admin_cases().len() >= 25);
    let mismatches = test_vectors::admin_mismatches();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[wasm_bindgen_test]
fn catalog_renders_in_both_languages() {
    use shared::i18n::{field_error_text, Locale};
    use shared::{Field, FieldError};
    let en = field_error_text(
        Locale::EnUs,
        Field::CompanyName,
        &FieldError::TooLong { max: 100 },
    );
    let zh = field_error_text(
        Locale::ZhCn,
        Field::CompanyName,
        &FieldError::TooLong { max: 100 },
    );
    assert!(en.contains("100"));
    assert_eq!(zh, "最多 100 个字符。");
}

/// New commerce's money rules give the browser's order review the very figures the server
/// charges (the same cases run natively in `subscription::tests` and `money::tests`).
#[wasm_bindgen_test]
fn order_prices_and_pro_rata_shares_agree_in_wasm() {
    use shared::date::CalendarDate;
    use shared::instance::CloudInstance;
    use shared::money::{Currency, Money};
    use shared::subscription::{prorated, OrderForm};
    let order = OrderForm {
        offer: "CFQ7TTC0LDPB".into(),
        term: "P1Y".into(),
        billing_cycle: "monthly".into(),
        quantity: "20".into(),
        auto_renew: true,
    }
    .check(CloudInstance::Global)
    .unwrap();
    let day = |s: &str| CalendarDate::parse(s).unwrap();
    let terms = order.terms(Currency::Usd, day("2027-01-31"));
    assert_eq!(terms.period_total.display(), "USD 250.00");
    assert_eq!(terms.renews_on, day("2028-01-31"));
    let price = Money::new(1250, Currency::Usd);
    let period = (day("2027-03-01"), day("2027-04-01"));
    assert_eq!(prorated(price, 5, period, day("2027-03-11")).minor(), 4234);
    assert_eq!(
        prorated(price, -3, period, day("2027-03-04")).minor(),
        -3387
    );
}
