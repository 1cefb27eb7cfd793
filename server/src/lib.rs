//! The Mokhele server: configuration, database, middleware, first-start bootstrap and the
//! router. `main.rs` only reads the configuration and serves.
pub mod config;
pub mod db;
pub mod demo;
pub mod http;

use app::auth::repo::{count_users, insert_user, NewUser};
use app::domain::session::SessionTimeouts;
use app::domain::Role;
use app::ssr::audit::{record, AuditEntry};
use app::ssr::passwords::{random_token, PasswordHasher};
use app::ssr::{AppState, AuthSettings, Clock};
use app::{shell, App};
use axum::routing::get;
use axum::Router;
use config::Config;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Opens the database and builds the state shared by every request, with the clock every rule
/// reads "now" from.
pub async fn build_state(
    config: &Config,
    leptos_options: LeptosOptions,
    clock: Clock,
) -> Result<AppState, BoxError> {
    let db = db::connect(&config.database_url).await?;
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    Ok(AppState {
        leptos_options,
        db,
        auth: Arc::new(AuthSettings {
            timeouts: SessionTimeouts::default(),
            secure_cookies: config.secure_cookies,
            trusted_proxies: config.trusted_proxies,
            public_per_minute: config.public_per_minute,
        }),
        passwords: PasswordHasher::new(cores)?,
        clock,
    })
}

/// What the first start did.
#[derive(Default)]
pub struct Bootstrap {
    pub demo_loaded: bool,
    /// Set when an administrator was created with a generated password. `main` prints it once
    /// on the console; it never goes through the log subscriber (logs are kept and shipped).
    pub generated_admin_password: Option<String>,
}

impl std::fmt::Debug for Bootstrap {
    // Whatever logs this value never sees the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bootstrap")
            .field("demo_loaded", &self.demo_loaded)
            .field(
                "generated_admin_password",
                &self.generated_admin_password.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// On an empty database: the demo (when asked for) or else the institution, and the first HR
/// administrator, `admin`, who must change the password at first sign-in.
pub async fn bootstrap(state: &AppState, config: &Config) -> Result<Bootstrap, BoxError> {
    let mut done = Bootstrap::default();
    if config.load_demo {
        done.demo_loaded = demo::load_if_empty(state)
            .await
            .map_err(|e| e.to_string())?;
    }
    if app::org::repo::count_institutions(&state.db.read).await? == 0 {
        let mut tx = state.db.write.begin().await?;
        app::org::repo::insert_institution(&mut tx, &config.institution, state.clock.now()).await?;
        tx.commit().await?;
    }
    if app::auth::repo::find_user_by_username(&state.db.read, "admin")
        .await?
        .is_none()
        && (count_users(&state.db.read).await? == 0 || done.demo_loaded)
    {
        let password = match &config.admin_password {
            Some(p) => p.clone(),
            None => {
                let generated = random_token();
                done.generated_admin_password = Some(generated.clone());
                generated
            }
        };
        let hash = state.passwords.hash(&password).await?;
        let now = state.clock.now();
        let mut tx = state.db.write.begin().await?;
        let id = insert_user(
            &mut tx,
            NewUser {
                created_at: now,
                username: "admin",
                display_name: "Administrator",
                password_hash: &hash,
                must_change_password: true,
                employee_id: None,
                roles: &[Role::Hr],
            },
        )
        .await?;
        record(
            &mut tx,
            AuditEntry {
                at: now,
                actor_user_id: None,
                action: "user.created",
                entity: "user",
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(serde_json::json!({ "username": "admin", "roles": ["hr"], "must_change_password": true })),
                client_addr: None,
            },
        )
        .await?;
        tx.commit().await?;
    }
    Ok(done)
}

/// The whole application: pages, server functions, static files and middleware.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/export/{file}", get(app::exports::handler))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::session_layer,
        ))
        .layer(axum::middleware::from_fn(http::server_fn_status))
        .layer(axum::middleware::from_fn(http::saved_notice))
        .layer(axum::middleware::from_fn(http::body_limits))
        .layer(axum::extract::DefaultBodyLimit::max(
            http::IMPORT_BODY_LIMIT,
        ))
        .layer(axum::middleware::from_fn(http::cross_site_guard))
        .layer(axum::middleware::from_fn_with_state(
            http::PublicGate::new(state.clone(), state.auth.public_per_minute),
            http::public_rate_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::security_headers,
        ))
        // gzip for pages, scripts, styles and the wasm (4.7 MB debug, 0.9 MB release → about a third).
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}
