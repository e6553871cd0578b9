//! Extractors whose rejections come back in the app's own error format.

use crate::error::AppError;
use axum::extract::FromRequest;
use axum::extract::FromRequestParts;

/// `axum::Json`, but malformed JSON is answered as an `ApiError` (400/415/413).
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// `axum::extract::Query`, with the same error format.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path`; an unparsable path segment is a 404.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);
