//! The Chinese message catalog for the browser, which doesn't carry it compiled in (it would be
//! in every download, for every user): fetched once the language is chosen, cached for good —
//! its address names the build's catalog.

use crate::error::AppError;
use crate::extract::ApiPath;
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;
use axum::Json;
use shared::i18n::{catalog_fingerprint, chinese_texts, Locale};

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get(
        "/catalog/{locale}/{fingerprint}",
        Access::Public,
        catalog,
    )
    .doc(
        RouteDoc::new("A language's message catalog")
            .detail("The app's texts in a language it doesn't carry built in; cached for good, addressed by its fingerprint.")
            .answers_with(200, "The texts by message name.", Payload::Json(crate::openapi::any_object))
    )]
}

/// `GET /api/catalog/zh-CN/{fingerprint}`: the texts in the order of the catalog's keys. 404
/// for another language (English is compiled in) or another build's fingerprint (an app left
/// open across an upgrade: it stays in English until reloaded).
#[tracing::instrument(skip_all)]
async fn catalog(
    ApiPath((locale, fingerprint)): ApiPath<(String, String)>,
) -> Result<impl IntoResponse, AppError> {
    if Locale::from_code(&locale) != Some(Locale::ZhCn) || fingerprint != catalog_fingerprint() {
        return Err(AppError::NotFound);
    }
    Ok((
        [(CACHE_CONTROL, "public, max-age=31536000, immutable")],
        Json(chinese_texts()),
    ))
}
