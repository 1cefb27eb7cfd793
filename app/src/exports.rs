//! `GET /export/{name}.{csv|xlsx}`: every feature's downloads, served by `ssr::export`.
use crate::ssr::access::RequestAuth;
use crate::ssr::export::{self, Export};
use crate::ssr::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Extension;
use std::collections::HashMap;

/// The downloads, each declared by the feature that owns the list.
pub fn all() -> impl Iterator<Item = &'static Export> {
    [
        crate::org::export::EXPORTS,
        crate::people::export::EXPORTS,
        crate::orders::export::EXPORTS,
        crate::audit::export::EXPORTS,
        crate::evaluation::export::EXPORTS,
        crate::classes::export::EXPORTS,
        crate::competitions::export::EXPORTS,
    ]
    .into_iter()
    .flatten()
}

pub async fn handler(
    State(state): State<AppState>,
    Extension(auth): Extension<RequestAuth>,
    Path(file): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let exports: Vec<&Export> = all().collect();
    export::serve(state, auth, file, params, headers, &exports).await
}
