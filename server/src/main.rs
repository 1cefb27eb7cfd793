use leptos::config::get_configuration;
use server::config::Config;
use std::net::SocketAddr;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), server::BoxError> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let config = Config::from_env();
    // Reads the LEPTOS_* variables cargo-leptos sets, or Cargo.toml's metadata.
    let leptos_options = get_configuration(None)?.leptos_options;
    let addr = leptos_options.site_addr;
    let state = server::build_state(&config, leptos_options, config.clock()).await?;
    let done = server::bootstrap(&state, &config).await?;
    if done.demo_loaded {
        tracing::info!("loaded the demo municipality");
    }
    if let Some(password) = done.generated_admin_password {
        // Straight to the console, once, never through `tracing` (whose output is kept as the
        // log) and never stored in clear: the administrator must change it at first sign-in.
        println!("\nFirst start: HR administrator `admin` created with password: {password}\n");
        tracing::info!("first start: HR administrator `admin` created (password on the console)");
    }
    spawn_session_cleanup(state.clone());
    spawn_units_in_force(state.clone());
    let app = server::router(state);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// Deletes sessions that cannot be live any more, hourly.
fn spawn_session_cleanup(state: app::ssr::AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let cutoff = state.clock.now() - state.auth.timeouts.idle;
            if let Err(err) =
                app::auth::repo::delete_sessions_seen_before(&state.db.write, cutoff).await
            {
                tracing::warn!(%err, "session cleanup failed");
            }
        }
    });
}

/// Keeps each unit's row at the names and parent in force today and each position's row at its
/// pay terms in force today (a future-dated rename or revision takes effect on its day), at
/// start and hourly.
fn spawn_units_in_force(state: app::ssr::AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match app::org::service::bring_units_up_to(&state.db, state.clock.today()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(units = n, "reorganizations took effect"),
                Err(err) => tracing::warn!(?err, "bringing units up to date failed"),
            }
            match app::org::service::bring_terms_up_to(&state.db, state.clock.today()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(positions = n, "pay terms took effect"),
                Err(err) => tracing::warn!(?err, "bringing pay terms up to date failed"),
            }
            // Vacancies open by themselves, applications close at their deadline, old
            // unsuccessful applications are purged.
            let (today, now) = (state.clock.today(), state.clock.now());
            match app::competitions::service::bring_competitions_up_to(&state.db, today, now).await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(vacancies = n, "vacancies opened"),
                Err(err) => tracing::warn!(?err, "bringing competitions up to date failed"),
            }
        }
    });
}
