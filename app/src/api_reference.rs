//! What the API reference page shows of the OpenAPI document (`GET /api/openapi.json`): the
//! operations grouped by resource, with their summary and access rule.

use std::collections::BTreeMap;

/// One operation of the document, as far as the page reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentedOperation {
    /// Lower case, as the document's keys (`get`).
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    /// Its first tag: the resource.
    pub tag: String,
}

/// The document's operations.
pub type ApiDocument = Vec<DocumentedOperation>;

/// The operations of a parsed document (`JSON.parse`): read through the browser's own JSON
/// parser and object walk. The reference's build decodes no other JSON object of unknown shape:
/// `serde_json::Value` measured 2.3 KB more there (typed maps more still).
pub fn from_js(document: &wasm_bindgen::JsValue) -> ApiDocument {
    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let field = |object: &JsValue, key: &str| Reflect::get(object, &JsValue::from_str(key)).ok();
    let text = |object: &JsValue, key: &str| {
        field(object, key)
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let entries = |object: Option<JsValue>| -> Vec<(String, JsValue)> {
        object
            .and_then(|o| o.dyn_into::<Object>().ok())
            .map(|o| {
                Object::entries(&o)
                    .iter()
                    .filter_map(|pair| {
                        let pair: Array = pair.dyn_into().ok()?;
                        Some((pair.get(0).as_string()?, pair.get(1)))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut operations = Vec::new();
    for (path, item) in entries(field(document, "paths")) {
        for (method, operation) in entries(Some(item)) {
            let tag = field(&operation, "tags")
                .map(|tags| Array::from(&tags).get(0))
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            operations.push(DocumentedOperation {
                summary: text(&operation, "summary"),
                description: text(&operation, "description"),
                method,
                path: path.clone(),
                tag,
            });
        }
    }
    operations
}

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
pub fn groups(document: &[DocumentedOperation], query: &str) -> Vec<ResourceGroup> {
    let query = query.trim().to_ascii_lowercase();
    let mut by_resource: BTreeMap<String, Vec<(u8, OperationLine)>> = BTreeMap::new();
    for operation in document {
        let line = OperationLine {
            method: operation.method.to_ascii_uppercase(),
            path: operation.path.clone(),
            summary: operation.summary.clone(),
            access: access_of(&operation.description),
        };
        let haystack =
            format!("{} {} {}", line.method, line.path, line.summary).to_ascii_lowercase();
        if !query.is_empty() && !haystack.contains(&query) {
            continue;
        }
        by_resource
            .entry(operation.tag.clone())
            .or_default()
            .push((method_rank(&operation.method), line));
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

    fn operation(
        method: &str,
        path: &str,
        summary: &str,
        description: &str,
        tag: &str,
    ) -> DocumentedOperation {
        DocumentedOperation {
            method: method.into(),
            path: path.into(),
            summary: summary.into(),
            description: description.into(),
            tag: tag.into(),
        }
    }

    fn document() -> ApiDocument {
        vec![
            operation(
                "put",
                "/api/customers/{id}",
                "Update a customer",
                "Needs If-Match.\n\nAccess: users with global-admin.",
                "customers",
            ),
            operation(
                "get",
                "/api/customers/{id}",
                "Read a customer",
                "Access: anyone signed in.",
                "customers",
            ),
            operation("get", "/api/customers", "List customers", "", "customers"),
            operation(
                "get",
                "/api/audit",
                "Read the audit log",
                "Access: global-admin.",
                "audit",
            ),
        ]
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
