//! The browser's side of a passkey ceremony: the server's options (WebAuthn's JSON form, as
//! `webauthn-rs` writes them) handed to `navigator.credentials` through the browser's own JSON
//! helpers (`PublicKeyCredential.parseCreationOptionsFromJSON`, `…RequestOptions…`,
//! `credential.toJSON()`), so no binary encoding is done here.

use js_sys::{Function, Object, Promise, Reflect, JSON};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// Why a ceremony gave no credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasskeyFailure {
    /// The user cancelled, or the request timed out (`NotAllowedError`).
    Cancelled,
    /// This browser lacks WebAuthn or its JSON helpers.
    Unsupported,
}

/// `navigator.credentials.create()` with the server's creation options; the new credential's
/// JSON.
pub async fn create(options: &Value) -> Result<Value, PasskeyFailure> {
    ceremony(options, "parseCreationOptionsFromJSON", "create").await
}

/// `navigator.credentials.get()` with the server's request options; the signed answer's JSON.
pub async fn get(options: &Value) -> Result<Value, PasskeyFailure> {
    ceremony(options, "parseRequestOptionsFromJSON", "get").await
}

async fn ceremony(options: &Value, parse: &str, call: &str) -> Result<Value, PasskeyFailure> {
    let unsupported = |_| PasskeyFailure::Unsupported;
    let window: JsValue = web_sys::window().ok_or(PasskeyFailure::Unsupported)?.into();
    let public_key = without_nulls(options.get("publicKey").cloned().unwrap_or(Value::Null));
    let json = JSON::parse(&public_key.to_string()).map_err(unsupported)?;
    let class = Reflect::get(&window, &"PublicKeyCredential".into()).map_err(unsupported)?;
    let parser: Function = Reflect::get(&class, &parse.into())
        .map_err(unsupported)?
        .dyn_into()
        .map_err(unsupported)?;
    let parsed = parser.call1(&class, &json).map_err(unsupported)?;
    let request = Object::new();
    Reflect::set(&request, &"publicKey".into(), &parsed).map_err(unsupported)?;
    let navigator = Reflect::get(&window, &"navigator".into()).map_err(unsupported)?;
    let credentials = Reflect::get(&navigator, &"credentials".into()).map_err(unsupported)?;
    let method: Function = Reflect::get(&credentials, &call.into())
        .map_err(unsupported)?
        .dyn_into()
        .map_err(unsupported)?;
    let promise: Promise = method
        .call1(&credentials, &request)
        .map_err(unsupported)?
        .dyn_into()
        .map_err(unsupported)?;
    let credential = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| PasskeyFailure::Cancelled)?;
    if credential.is_null() || credential.is_undefined() {
        return Err(PasskeyFailure::Cancelled);
    }
    let to_json: Function = Reflect::get(&credential, &"toJSON".into())
        .map_err(unsupported)?
        .dyn_into()
        .map_err(unsupported)?;
    let answer = to_json.call0(&credential).map_err(unsupported)?;
    let text: String = JSON::stringify(&answer).map_err(unsupported)?.into();
    serde_json::from_str(&text).map_err(|_| PasskeyFailure::Unsupported)
}

/// The options without `null` members: the server writes absent options as `null`, which the
/// browser's parsers refuse where a list or an object is expected.
pub fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_members_are_left_out_at_every_depth() {
        let options = json!({"challenge": "abc", "hints": null,
            "authenticatorSelection": {"authenticatorAttachment": null, "residentKey": "required"},
            "excludeCredentials": [{"id": "x", "transports": null}]});
        assert_eq!(
            without_nulls(options),
            json!({"challenge": "abc", "authenticatorSelection": {"residentKey": "required"},
                "excludeCredentials": [{"id": "x"}]})
        );
    }
}
