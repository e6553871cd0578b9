//! The OpenAPI document against the route table the router is built from.

use crate::helpers::spawn_app;
use serde_json::Value;
use server::routes::{all_routes, Access};
use std::collections::BTreeSet;

/// Every `$ref` in a JSON value.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target.clone());
            }
            map.values().for_each(|v| references(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_lists_every_route_and_nothing_else() {
    let app = spawn_app().await;
    let response = reqwest::get(app.url("/api/openapi.json")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["openapi"], "3.1.0");

    let mut documented = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            documented.insert(format!("{} {path}", method.to_uppercase()));
            let name = format!("{method} {path}");
            assert!(
                operation["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{name}"
            );
            let description = operation["description"].as_str().unwrap();
            assert!(description.contains("Access: "), "{name}: {description}");
            let answers = operation["responses"].as_object().unwrap();
            assert!(
                answers.keys().any(|status| status.starts_with('2')),
                "{name}"
            );
            // A body or a query can be refused field by field, in the one error shape.
            if operation.get("requestBody").is_some()
                || operation["parameters"]
                    .as_array()
                    .is_some_and(|p| p.iter().any(|p| p["in"] == "query"))
            {
                for status in ["400", "422"] {
                    assert_eq!(
                        answers[status]["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ApiError",
                        "{name} {status}"
                    );
                }
            }
        }
    }
    let routed: BTreeSet<String> = all_routes()
        .iter()
        .map(|route| format!("{} /api{}", route.method, route.path))
        .collect();
    let missing: Vec<_> = routed.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&routed).collect();
    assert!(
        missing.is_empty(),
        "routes missing from the document: {missing:?}"
    );
    assert!(unknown.is_empty(), "documented but not routed: {unknown:?}");

    // Who may call it is in each operation's words, from the same access rules.
    let customers = &document["paths"]["/api/customers"]["post"];
    assert!(customers["description"]
        .as_str()
        .unwrap()
        .contains("global-admin"));
    assert!(customers["security"]
        .as_array()
        .is_some_and(|s| !s.is_empty()));
    assert!(document["paths"]["/api/health"]["get"]
        .get("security")
        .is_none());

    // Every reference resolves to a schema of the document.
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(found.len() > 100, "{} references", found.len());
    for target in found {
        let name = target.strip_prefix("#/components/schemas/").unwrap();
        assert!(
            schemas.contains_key(name),
            "{target} is not in the document"
        );
    }
    // The error shape: a code from the closed list, and the field map's codes.
    let codes = schemas["ErrorCode"]["enum"].as_array().unwrap();
    assert!(codes.contains(&Value::from("validation")));
    assert!(
        schemas["ApiError"]["properties"]["fields"]["additionalProperties"]["$ref"]
            .as_str()
            .is_some_and(|r| r.ends_with("/FieldError"))
    );
    let field_error = serde_json::to_string(&schemas["FieldError"]).unwrap();
    for code in ["required", "too_long", "invalid_chars"] {
        assert!(
            field_error.contains(&format!("\"{code}\"")),
            "{code}: {field_error}"
        );
    }
}

#[tokio::test]
async fn every_route_declares_what_it_answers() {
    let undocumented: Vec<String> = all_routes()
        .iter()
        .filter(|route| !route.doc.is_documented())
        .map(|route| format!("{} {}", route.method, route.path))
        .collect();
    assert!(undocumented.is_empty(), "{undocumented:?}");
    // The document is for programs: no route of browser sessions claims a token works.
    for route in all_routes() {
        if matches!(route.access, Access::SignedIn | Access::PasswordStep) {
            let text = server::openapi::access_text(route.access);
            assert!(text.contains("not API tokens"), "{}", route.path);
        }
    }
}
