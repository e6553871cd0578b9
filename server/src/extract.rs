//! Extractors whose rejections come back in the app's own error format.

use crate::error::AppError;
use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;

/// A JSON object body (`Content-Type: application/json`), decoded into `T`, every string in
/// Unicode NFC (see [`nfc`]). Anything else is answered in the `ApiError` shape: 415 without
/// the content type, 413 over the route's limit, 400 for a body that isn't a JSON object of
/// `T`'s shape — `null`, `[]` (which serde would read as an empty struct), wrong types,
/// unknown fields.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        if !is_json(request.headers()) {
            return Err(AppError::MalformedRequest {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                message: "Expected request with `Content-Type: application/json`".into(),
            });
        }
        let bytes = axum::body::Bytes::from_request(request, state).await?;
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(AppError::MalformedRequest {
                status: StatusCode::BAD_REQUEST,
                message: "The body must be a JSON object.".into(),
            });
        }
        if bytes.is_ascii() && !bytes.windows(2).any(|w| w == b"\\u") {
            // Nothing to normalize (the common case): decoded straight from the bytes.
            let axum::Json(value) = axum::Json::<T>::from_bytes(&bytes)?;
            return Ok(Self(value));
        }
        let axum::Json(mut value) = axum::Json::<serde_json::Value>::from_bytes(&bytes)?;
        nfc_strings(&mut value);
        serde_json::from_value(value)
            .map(Self)
            .map_err(|e| AppError::MalformedRequest {
                status: StatusCode::BAD_REQUEST,
                message: format!("Failed to deserialize the JSON body into the target type: {e}"),
            })
    }
}

/// Text in Unicode NFC, the one form PartnerDesk stores and searches: "é" typed as `e` and a
/// combining accent (as some keyboards, macOS file names and PDFs give it) is then the same
/// text as the single character.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

fn nfc_strings(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => {
            if let std::borrow::Cow::Owned(normalized) = nfc(text) {
                *text = normalized;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(nfc_strings),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(nfc_strings),
        _ => {}
    }
}

/// `application/json`, or another `application/…+json` type.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    let essence = essence.to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The raw body (an uploaded file); a body over the route's limit is a JSON 413 like the rest.
pub struct ApiBytes(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        Ok(Self(axum::body::Bytes::from_request(request, state).await?))
    }
}

/// `axum::extract::Query`, with the same error format.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path`; an unparsable path segment is a 404.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);
