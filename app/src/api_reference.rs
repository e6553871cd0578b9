//! What the API reference page shows of the OpenAPI document (`GET /api/openapi.json`): the
//! operations grouped by resource, with their summary and access rule.

use serde_json::Value;
use std::collections::BTreeMap;

/// The document as it came. Read through `serde_json::Value`, whose decoding the app has
/// anyway (audit snapshots): typed maps for it cost the bundle ~10 KB for one page.
pub type ApiDocument = Value;

/// One line of the reference.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationLine {
    pub method: String,
    pub path: String,
    pub summary: String,
    /// The description's "Access: …" sentence, without its label.
    pub access: String,
}

/// A resource's operations, in path order, GET first within a path.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceGroup {
    pub resource: String,
    pub operations: Vec<OperationLine>,
}

fn method_rank(method: &str) -> u8 {
    match method {
        "get" => 0,
        "post" => 1,
        "put" => 2,
        "patch" => 3,
        "delete" => 4,
        _ => 5,
    }
}

fn access_of(description: &str) -> String {
    description
        .lines()
        .find_map(|line| line.trim().strip_prefix("Access: "))
        .unwrap_or_default()
        .to_string()
}

/// The operations matching `query` (in the method, path or summary, any case), grouped by
/// their resource (tag), resources in alphabetical order.
pub fn groups(document: &ApiDocument, query: &str) -> Vec<ResourceGroup> {
    let query = query.trim().to_lowercase();
    let mut by_resource: BTreeMap<String, Vec<(u8, OperationLine)>> = BTreeMap::new();
    let paths = document["paths"].as_object().into_iter().flatten();
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let text = |key: &str| operation[key].as_str().unwrap_or_default().to_string();
            let line = OperationLine {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text("summary"),
                access: access_of(operation["description"].as_str().unwrap_or_default()),
            };
            let haystack = format!("{} {} {}", line.method, line.path, line.summary).to_lowercase();
            if !query.is_empty() && !haystack.contains(&query) {
                continue;
            }
            let resource = operation["tags"][0]
                .as_str()
                .unwrap_or_default()
                .to_string();
            by_resource
                .entry(resource)
                .or_default()
                .push((method_rank(method), line));
        }
    }
    by_resource
        .into_iter()
        .map(|(resource, mut lines)| {
            lines.sort_by(|(a_rank, a), (b_rank, b)| (&a.path, a_rank).cmp(&(&b.path, b_rank)));
            ResourceGroup {
                resource,
                operations: lines.into_iter().map(|(_, line)| line).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> ApiDocument {
        serde_json::from_str(
            r#"{
              "openapi": "3.1.0",
              "paths": {
                "/api/customers/{id}": {
                  "put": {"summary": "Update a customer", "tags": ["customers"],
                          "description": "Needs If-Match.\n\nAccess: users with global-admin.",
                          "responses": {"200": {}}},
                  "get": {"summary": "Read a customer", "tags": ["customers"],
                          "description": "Access: anyone signed in."}
                },
                "/api/customers": {
                  "get": {"summary": "List customers", "tags": ["customers"], "description": ""}
                },
                "/api/audit": {
                  "get": {"summary": "Read the audit log", "tags": ["audit"],
                          "description": "Access: global-admin."}
                }
              },
              "components": {"schemas": {"Customer": {"type": "object"}}}
            }"#,
        )
        .unwrap()
    }

    #[test]
    fn operations_are_grouped_by_resource_in_path_then_method_order() {
        let groups = groups(&document(), "");
        let names: Vec<_> = groups.iter().map(|g| g.resource.as_str()).collect();
        assert_eq!(names, ["audit", "customers"]);
        let customers: Vec<_> = groups[1]
            .operations
            .iter()
            .map(|o| format!("{} {}", o.method, o.path))
            .collect();
        assert_eq!(
            customers,
            [
                "GET /api/customers",
                "GET /api/customers/{id}",
                "PUT /api/customers/{id}"
            ]
        );
        assert_eq!(groups[1].operations[2].access, "users with global-admin.");
        assert_eq!(groups[1].operations[0].access, "");
    }

    #[test]
    fn the_search_matches_method_path_and_summary() {
        let only = |q: &str| -> Vec<String> {
            groups(&document(), q)
                .into_iter()
                .flat_map(|g| g.operations)
                .map(|o| o.summary)
                .collect()
        };
        assert_eq!(only("AUDIT"), ["Read the audit log"]);
        assert_eq!(only(" put "), ["Update a customer"]);
        assert_eq!(only("{id}").len(), 2);
        assert!(only("nothing like this").is_empty());
    }
}
