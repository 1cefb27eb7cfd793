//! Configuration from the environment, read once at start-up.
use std::env;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`, default `sqlite://data/mokhele.db`.
    pub database_url: String,
    /// `MOKHELE_SECURE_COOKIES=1` when served over HTTPS.
    pub secure_cookies: bool,
    /// `MOKHELE_DEMO=1` loads the demo municipality into an empty database.
    pub load_demo: bool,
    /// `MOKHELE_ADMIN_PASSWORD`: the first HR administrator's password (else one is generated).
    pub admin_password: Option<String>,
    /// `MOKHELE_TRUST_PROXY=1`: take the client address from `X-Forwarded-For` (behind a proxy).
    pub trust_proxy: bool,
}

fn flag(name: &str) -> bool {
    matches!(env::var(name).as_deref(), Ok("1" | "true" | "yes"))
}

impl Config {
    pub fn from_env() -> Self {
        Config {
            database_url: env::var("DATABASE_URL")
                .unwrap_or_else(|_| "sqlite://data/mokhele.db".into()),
            secure_cookies: flag("MOKHELE_SECURE_COOKIES"),
            load_demo: flag("MOKHELE_DEMO"),
            admin_password: env::var("MOKHELE_ADMIN_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty()),
            trust_proxy: flag("MOKHELE_TRUST_PROXY"),
        }
    }
}
