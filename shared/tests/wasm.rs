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
