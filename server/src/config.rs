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
    /// `MOKHELE_TRUST_PROXY=N`: N reverse proxies stand in front (1 for the usual nginx); the
    /// client address is the one the outermost of them added to `X-Forwarded-For`. 0 or unset:
    /// the connection's address.
    pub trusted_proxies: u8,
    /// `MOKHELE_PUBLIC_PER_MINUTE`: requests one client address may make to the public pages
    /// per minute (default 120).
    pub public_per_minute: u32,
    /// `MOKHELE_CLOCK=2026-11-20T09:00:00Z`: the application's clock starts at this instant and
    /// runs from there (end-to-end tests and demonstrations of a given day). Unset: the
    /// system clock.
    pub clock_start: Option<chrono::DateTime<chrono::Utc>>,
    /// `MOKHELE_INSTITUTION_KA` / `MOKHELE_INSTITUTION_EN`: the name of the institution a first
    /// start without the demo creates (its structure is then built in the application).
    pub institution: app::domain::common::Bilingual,
}

fn flag(name: &str) -> bool {
    matches!(env::var(name).as_deref(), Ok("1" | "true" | "yes"))
}

impl Config {
    /// The settings of a local installation: the given database, no demo, the system clock.
    pub fn local(database_url: String) -> Self {
        Config {
            database_url,
            secure_cookies: false,
            load_demo: false,
            admin_password: None,
            trusted_proxies: 0,
            public_per_minute: 120,
            clock_start: None,
            institution: app::domain::common::Bilingual {
                ka: "მერია".into(),
                en: "Mayor's Office".into(),
            },
        }
    }

    /// The application's clock: the system's, or one started at `clock_start`.
    pub fn clock(&self) -> app::ssr::Clock {
        match self.clock_start {
            Some(start) => app::ssr::Clock::starting_at(start),
            None => app::ssr::Clock::system(),
        }
    }

    pub fn from_env() -> Self {
        Config {
            database_url: env::var("DATABASE_URL")
                .unwrap_or_else(|_| "sqlite://data/mokhele.db".into()),
            secure_cookies: flag("MOKHELE_SECURE_COOKIES"),
            load_demo: flag("MOKHELE_DEMO"),
            admin_password: env::var("MOKHELE_ADMIN_PASSWORD")
                .ok()
                .filter(|p| !p.is_empty()),
            trusted_proxies: match env::var("MOKHELE_TRUST_PROXY").as_deref() {
                Ok("true" | "yes") => 1,
                Ok(n) => n.trim().parse().unwrap_or(0),
                Err(_) => 0,
            },
            public_per_minute: env::var("MOKHELE_PUBLIC_PER_MINUTE")
                .ok()
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(120),
            clock_start: env::var("MOKHELE_CLOCK").ok().and_then(|text| {
                chrono::DateTime::parse_from_rfc3339(text.trim())
                    .map(|t| t.with_timezone(&chrono::Utc))
                    .map_err(|e| {
                        eprintln!("MOKHELE_CLOCK={text:?} is not an RFC 3339 instant: {e}")
                    })
                    .ok()
            }),
            institution: app::domain::common::Bilingual {
                ka: env::var("MOKHELE_INSTITUTION_KA").unwrap_or_else(|_| "მერია".into()),
                en: env::var("MOKHELE_INSTITUTION_EN").unwrap_or_else(|_| "Mayor's Office".into()),
            },
        }
    }
}
