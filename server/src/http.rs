//! HTTP middleware: the session behind the cookie, the cross-site guard and security headers.
use app::auth::service::resolve_session;
use app::domain::throttle::{allow, RateWindow};
use app::ssr::access::RequestAuth;
use app::ssr::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// The client's address. Behind `trusted_proxies` reverse proxies it is the one the outermost
/// of them saw: each proxy appends the address it was connected from to `X-Forwarded-For`, so
/// counting from the right skips what the client wrote there itself (the left-most entries can
/// be anything). Without the header, or with fewer entries than proxies, the connection's own.
fn client_addr(request: &Request, trusted_proxies: u8) -> String {
    let forwarded: Vec<&str> = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    let n = usize::from(trusted_proxies);
    if n > 0 && forwarded.len() >= n {
        return forwarded[forwarded.len() - n].to_string();
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Files of the site itself (script, wasm, styles, fonts, icons): no identity needed, cacheable.
fn is_static_file(path: &str) -> bool {
    ["/pkg/", "/fonts/", "/favicon"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// What anyone may call without signing in: the public pages and their server functions.
pub fn is_public(path: &str) -> bool {
    path.starts_with("/public/")
        || path.starts_with("/api/public/")
        || path == "/vacancies"
        || path.starts_with("/vacancies/")
}

/// Public pages that carry someone's receipt code: never kept in a shared cache.
fn is_private_public(path: &str) -> bool {
    path.starts_with("/vacancies/status") || path == "/api/public/application"
}

/// Per-address windows of public requests (`domain::throttle::allow`), kept in memory: a
/// restart forgets them, which only ever lets a flood through for one more window.
#[derive(Clone)]
pub struct PublicGate {
    pub state: AppState,
    windows: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, RateWindow>>>,
    limit: u32,
    length: chrono::Duration,
}

impl PublicGate {
    /// `limit` requests per address per minute.
    pub fn new(state: AppState, limit: u32) -> Self {
        PublicGate {
            state,
            windows: Default::default(),
            limit,
            length: chrono::Duration::minutes(1),
        }
    }
}

/// Refuses a public request over its address's limit with 429 and `Retry-After`.
pub async fn public_rate_limit(
    State(gate): State<PublicGate>,
    request: Request,
    next: Next,
) -> Response {
    if !is_public(request.uri().path()) {
        return next.run(request).await;
    }
    let addr = client_addr(&request, gate.state.auth.trusted_proxies);
    let now = gate.state.clock.now();
    let allowed = {
        let Ok(mut windows) = gate.windows.lock() else {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        };
        // Windows that ran out say nothing more: drop them before the map grows large.
        if windows.len() > 10_000 {
            windows.retain(|_, w| now < w.started + gate.length);
        }
        let (allowed, window) = allow(windows.get(&addr).copied(), now, gate.limit, gate.length);
        windows.insert(addr, window);
        allowed
    };
    if allowed {
        next.run(request).await
    } else {
        // The same refusal a server function gives, so a page can show it.
        let body =
            serde_json::to_string(&app::error::AppError::TooManyAttempts).unwrap_or_default();
        (
            StatusCode::TOO_MANY_REQUESTS,
            [
                (header::RETRY_AFTER, "60"),
                (header::CONTENT_TYPE, "application/json"),
            ],
            body,
        )
            .into_response()
    }
}

/// Resolves the session cookie into a [`RequestAuth`] for server functions and SSR.
pub async fn session_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    // Static files need no identity: no database read for every wasm, font or icon.
    if is_static_file(request.uri().path()) {
        return next.run(request).await;
    }
    let client_addr = client_addr(&request, state.auth.trusted_proxies);
    let token =
        cookie_value(request.headers(), state.auth.session_cookie_name()).map(str::to_string);
    let session = match token {
        Some(token) if !token.is_empty() => resolve_session(&state, &token, state.clock.now())
            .await
            .unwrap_or(None),
        _ => None,
    };
    request.extensions_mut().insert(RequestAuth {
        session,
        client_addr,
    });
    next.run(request).await
}

/// Gives a server function's error its own status. Errors the function returns set it
/// themselves; arguments that cannot be read are refused before the function runs, and the
/// framework answers those 500 — they are the client's fault, so 422 (`AppError::Request`).
pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A form posted without JavaScript returns to its page by a redirect. A change that succeeded
/// leaves a one-time cookie, so that page says it was saved (with JavaScript the page says it
/// itself).
pub async fn saved_notice(request: Request, next: Next) -> Response {
    let form_post = request.method() == Method::POST
        && app::ui::announces_saved(request.uri().path())
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    let mut response = next.run(request).await;
    let succeeded = response.status().is_redirection()
        && response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| !l.contains("__err="));
    if form_post && succeeded {
        response.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static(app::ui::NOTICE_SET_COOKIE),
        );
    }
    response
}

/// The largest request body an endpoint takes: the CSV import a 5 MB file (percent-encoded
/// Georgian text takes up to three times its size), everything else 1 MiB.
pub const IMPORT_BODY_LIMIT: usize = 16 << 20;
const BODY_LIMIT: usize = 1 << 20;

fn body_limit(path: &str) -> usize {
    if path == <app::people::ImportCsv as leptos::server_fn::ServerFn>::PATH {
        IMPORT_BODY_LIMIT
    } else {
        BODY_LIMIT
    }
}

/// Refuses a body larger than its endpoint takes with 413 and a message the page can show
/// (bodies without a length are cut at the router's limit, `IMPORT_BODY_LIMIT`).
pub async fn body_limits(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > body_limit(request.uri().path())) {
        let body = serde_json::to_string(&app::error::AppError::TooLarge).unwrap_or_default();
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    next.run(request).await
}

/// Rejects state-changing requests that a browser sent from another site. Leptos server
/// functions accept plain form posts (they must work without JavaScript), so this is the CSRF
/// defence, alongside SameSite=Lax cookies.
pub async fn cross_site_guard(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    if is_cross_site(request.headers()) {
        return (StatusCode::FORBIDDEN, "cross-site request rejected").into_response();
    }
    next.run(request).await
}

pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match (origin, host) {
        // "null" is what sandboxed frames and some redirects send: never same-origin.
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => origin_authority(origin) != Some(host),
        (Some(_), None) => true,
        // Neither header: not a browser form or fetch (browsers send Origin on POST).
        (None, _) => false,
    }
}

/// `https://host:port/path` → `host:port`.
fn origin_authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// Headers on every response. The page's CSP (with its nonce) is set while rendering; this one
/// covers everything else (files, server-function answers, errors).
///
/// Caching: pages, server-function answers and downloads carry personal data, so `no-store`
/// (nothing kept by the browser or a proxy, not even after signing out). The site's own files
/// are cacheable: under `/pkg/` their names carry a content hash (cargo-leptos `hash-files`),
/// so they never change and are kept for a year; fonts and icons for a day.
pub async fn security_headers(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    // A public page seen without a session is the same for everyone: shared caches may keep it
    // a minute. With a session it names the user and is kept nowhere.
    let anonymous = cookie_value(request.headers(), state.auth.session_cookie_name()).is_none();
    let nonce = app::ssr::ScriptNonce::default();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let succeeded = response.status().is_success();
    let headers = response.headers_mut();
    let cache = if path.starts_with("/pkg/") && state.leptos_options.hash_files {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/pkg/") {
        "no-cache"
    } else if is_static_file(&path) {
        "public, max-age=86400"
    } else if is_public(&path) && anonymous && succeeded && !is_private_public(&path) {
        "public, max-age=60"
    } else {
        "no-store"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if state.auth.secure_cookies {
        // Served over HTTPS: browsers keep to HTTPS for two years.
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Not `no-referrer`: forms without JavaScript are sent back via the Referer.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    // A page allows its own scripts by their nonce; anything else runs no script at all.
    let policy = nonce.policy().and_then(|p| HeaderValue::from_str(&p).ok());
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        policy.unwrap_or(HeaderValue::from_static(
            "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
        )),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(forwarded: Option<&'static str>) -> Request {
        let mut builder = Request::get("/");
        if let Some(f) = forwarded {
            builder = builder.header("x-forwarded-for", f);
        }
        let mut request = builder.body(axum::body::Body::empty()).expect("request");
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 9], 4000))));
        request
    }

    #[test]
    fn the_client_address_is_the_one_the_trusted_proxies_saw() {
        // The client wrote "1.1.1.1" itself; our one proxy appended the real address.
        let spoofed = Some("1.1.1.1, 203.0.113.7");
        assert_eq!(client_addr(&from(spoofed), 1), "203.0.113.7");
        assert_eq!(
            client_addr(&from(Some("1.1.1.1, 203.0.113.7, 10.0.0.2")), 2),
            "203.0.113.7"
        );
        assert_eq!(
            client_addr(&from(spoofed), 0),
            "10.0.0.9",
            "no proxy trusted"
        );
        assert_eq!(client_addr(&from(None), 1), "10.0.0.9");
        assert_eq!(
            client_addr(&from(Some("203.0.113.7")), 2),
            "10.0.0.9",
            "fewer than the proxies"
        );
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn same_origin_requests_pass() {
        assert!(!is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ])));
        assert!(!is_cross_site(&headers(&[
            ("host", "h"),
            ("sec-fetch-site", "same-origin"),
            ("origin", "https://h")
        ])));
        assert!(!is_cross_site(&headers(&[("host", "h")])));
    }

    #[test]
    fn other_sites_are_rejected() {
        assert!(is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "h"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "h"),
            ("sec-fetch-site", "same-site"),
            ("origin", "https://h")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "h"),
            ("origin", "null")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "h:3000"),
            ("referer", "http://h:3001/x")
        ])));
    }
}
