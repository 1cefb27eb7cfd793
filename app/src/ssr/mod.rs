//! Server-only plumbing shared by every feature: the application state (database, clock,
//! settings), the request's identity and authorization, the body of server functions, form
//! parsing, the audit log, rule settings, exports and password hashing. It imports no feature:
//! features build on it, never the other way round.
pub mod access;
pub mod audit;
pub mod call;
pub mod clock;
pub mod export;
pub mod forms;
pub mod passwords;
pub mod repo;
pub mod revision;
pub mod rules;
pub mod shared;

pub use access::{Access, Actor};
pub use call::{redirect, serve, serve_public, Call, PublicCall};
pub use clock::Clock;

use crate::domain::session::SessionTimeouts;
use crate::error::AppError;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// What a server function's module imports to be written in a few lines.
pub mod prelude {
    pub use super::forms;
    pub use super::{redirect, serve, serve_public, Access, Call};
}

/// The two pools over one SQLite file. All writes go through `write`, which has exactly one
/// connection, so concurrent requests queue for it instead of failing with SQLITE_BUSY.
#[derive(Clone, Debug)]
pub struct Db {
    pub read: sqlx::SqlitePool,
    pub write: sqlx::SqlitePool,
    /// Values computed from the structure, shared by this app server's requests.
    pub shared: Arc<shared::SharedValues>,
    /// The writer of confidential-read rows, which commits concurrent reads together.
    pub reads: audit::ReadLog,
}

impl Db {
    /// The pools, with the read log's writer started on the current runtime.
    pub fn new(read: sqlx::SqlitePool, write: sqlx::SqlitePool) -> Self {
        Db {
            reads: audit::ReadLog::start(write.clone()),
            read,
            write,
            shared: Arc::default(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct AuthSettings {
    pub timeouts: SessionTimeouts,
    /// Set the `Secure` cookie attribute (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// How many reverse proxies stand in front (0: none). The client address is then the one
    /// the outermost of them added to `X-Forwarded-For`.
    pub trusted_proxies: u8,
    /// Requests a client address may make to the public pages per minute.
    pub public_per_minute: u32,
}

impl AuthSettings {
    pub fn session_cookie_name(&self) -> &'static str {
        // The __Host- prefix makes the browser refuse the cookie unless Secure, Path=/, no Domain.
        if self.secure_cookies {
            "__Host-mokhele_session"
        } else {
            "mokhele_session"
        }
    }
}

/// Everything a request may need, provided as Leptos context and as axum state.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub auth: Arc<AuthSettings>,
    pub passwords: passwords::PasswordHasher,
    pub clock: Clock,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state, from Leptos context: for [`serve`] and for rendering, nothing else.
pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| AppError::internal("AppState missing from context"))
}

/// Gives a server function's error its HTTP status (401, 403, 422, …) and passes it on.
/// A plain form post (no JavaScript) keeps the redirect back to the form that Leptos sets up,
/// which carries the error to the re-rendered page.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    use leptos::prelude::use_context;
    if let Err(err) = &result {
        if let (false, Some(response)) = (
            is_form_post(),
            use_context::<leptos_axum::ResponseOptions>(),
        ) {
            response.set_status(err.status());
        }
    }
    result
}

/// True for a plain HTML form post (no JavaScript): the browser wants a page back.
pub fn is_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// Sets a response header of the current server function or page (cookies, mostly).
pub fn append_header(name: http::header::HeaderName, value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(name, value);
    }
}

/// Where a page leaves the nonce of its scripts for the response's `Content-Security-Policy`.
/// The server's header middleware puts one in each request's extensions and writes the header
/// from it once the page is rendered. (Leptos's `ResponseOptions` lost this header now and then
/// when a page with a lazily loaded route rendered while its browser was still loading another.)
#[derive(Clone, Default)]
pub struct ScriptNonce(pub std::sync::Arc<std::sync::OnceLock<String>>);

impl ScriptNonce {
    /// The policy for a page whose scripts carry this nonce, if the page set one.
    pub fn policy(&self) -> Option<String> {
        let nonce = self.0.get()?;
        Some(format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
             form-action 'self'; frame-ancestors 'none'"
        ))
    }
}

/// A nonce per page; Leptos puts it on its own scripts, the header allows only those.
pub fn set_content_security_policy() {
    use leptos::nonce::{provide_nonce, use_nonce};
    provide_nonce();
    let (Some(nonce), Some(parts)) = (
        use_nonce(),
        leptos::prelude::use_context::<http::request::Parts>(),
    ) else {
        return;
    };
    if let Some(slot) = parts.extensions.get::<ScriptNonce>() {
        let _ = slot.0.set(nonce.to_string());
    }
}
