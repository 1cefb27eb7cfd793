//! The test harness: an application on a fresh SQLite file with the real router and a pinned
//! clock, and a typed client that calls server functions the way the browser does — by their
//! type, with their answers decoded into the application's own types and errors.
pub mod fixtures;

use app::auth::repo::{insert_user, NewUser};
use app::domain::Role;
use app::error::AppError;
use app::ssr::{AppState, Clock};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::config::LeptosOptions;
use leptos::server_fn::ServerFn;
use serde::de::DeserializeOwned;
use serde::Serialize;
use server::config::Config;
use std::net::SocketAddr;
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:3000";
pub const PASSWORD: &str = "correct-horse-battery";

/// The instant every test's clock is pinned to: `MOKHELE_TEST_NOW` (RFC 3339) when set — run
/// the suite with dates years apart to show no test depends on the day it runs — else a fixed
/// day in late November 2026.
pub fn test_now() -> DateTime<Utc> {
    std::env::var("MOKHELE_TEST_NOW")
        .ok()
        .and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| {
            NaiveDate::from_ymd_opt(2026, 11, 20)
                .and_then(|d| d.and_hms_opt(8, 0, 0))
                .unwrap_or_default()
                .and_utc()
        })
}

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    _dir: tempfile::TempDir,
}

pub fn config(dir: &tempfile::TempDir) -> Config {
    Config::local(format!("sqlite://{}", dir.path().join("test.db").display()))
}

impl TestApp {
    /// An empty institution (the first start's administrator only).
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    /// The demo municipality, loaded on the pinned day.
    pub async fn demo() -> TestApp {
        Self::with_config(|c| c.load_demo = true).await
    }

    /// The demo municipality, loaded at another instant (a demo loaded some other year).
    pub async fn demo_at(now: DateTime<Utc>) -> TestApp {
        Self::build(|c| c.load_demo = true, now).await
    }

    pub async fn with_config(change: impl FnOnce(&mut Config)) -> TestApp {
        Self::build(change, test_now()).await
    }

    async fn build(change: impl FnOnce(&mut Config), now: DateTime<Utc>) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = config(&dir);
        change(&mut config);
        let options = LeptosOptions::builder()
            .output_name("mokhele")
            .site_root("target/site")
            .build();
        let state = server::build_state(&config, options, Clock::pinned(now))
            .await
            .expect("state");
        server::bootstrap(&state, &config).await.expect("bootstrap");
        let router = server::router(state.clone());
        TestApp {
            state,
            router,
            _dir: dir,
        }
    }

    pub fn clock(&self) -> &Clock {
        &self.state.clock
    }

    /// Today in Georgia, on the application's clock.
    pub fn today(&self) -> NaiveDate {
        self.state.clock.today()
    }

    /// The year of the demo's cycle that is half-way through.
    pub fn live_year(&self) -> i32 {
        server::demo::Timeline::at(self.state.clock.now()).live_year
    }

    /// Creates a user holding `roles` with the test password.
    pub async fn user(&self, username: &str, roles: &[Role]) -> i64 {
        self.user_linked(username, roles, None).await
    }

    /// Creates a user linked to an employee record.
    pub async fn user_linked(&self, username: &str, roles: &[Role], employee: Option<i64>) -> i64 {
        let hash = self.state.passwords.hash(PASSWORD).await.expect("hash");
        let mut conn = self.state.db.write.acquire().await.expect("conn");
        insert_user(
            &mut conn,
            NewUser {
                created_at: self.state.clock.now(),
                username,
                display_name: username,
                password_hash: &hash,
                must_change_password: false,
                employee_id: employee,
                roles,
            },
        )
        .await
        .expect("insert user")
    }

    /// Someone not signed in.
    pub fn anonymous(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookie: None,
            ip: "10.0.0.1".into(),
        }
    }

    /// A browser signed in as `username`, or None when the sign-in is refused.
    pub async fn sign_in(&self, username: &str, password: &str) -> Option<Client> {
        let response = self
            .anonymous()
            .send(app::auth::SignIn {
                username: username.into(),
                password: password.into(),
                next: None,
            })
            .await;
        session_cookie(&response).map(|cookie| Client {
            router: self.router.clone(),
            cookie: Some(cookie),
            ip: "10.0.0.1".into(),
        })
    }

    /// One of the demo's users, signed in with the demo password.
    pub async fn demo_user(&self, username: &str) -> Client {
        let password = server::demo::DEMO_USERS
            .iter()
            .find(|(name, _, _)| *name == username)
            .map(|(_, password, _)| *password)
            .or((username == server::demo::probation::PROBATIONER.0)
                .then_some(server::demo::probation::PROBATIONER.1))
            .unwrap_or_else(|| panic!("no demo user {username}"));
        self.sign_in(username, password)
            .await
            .unwrap_or_else(|| panic!("{username} signs in"))
    }

    /// A whole number the database answers (counts and ids for arranging and asserting).
    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(&self.state.db.read)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// How many audit rows record `action` (on `entity_id` when given).
    pub async fn audited(&self, action: &str, entity_id: Option<i64>) -> i64 {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND ($2 IS NULL OR entity_id = $2)",
        )
        .bind(action)
        .bind(entity_id.map(|id| id.to_string()))
        .fetch_one(&self.state.db.read)
        .await
        .expect("audit count")
    }

    /// A unit's id by its code.
    pub async fn unit(&self, code: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM org_units WHERE code = $1")
            .bind(code)
            .fetch_one(&self.state.db.read)
            .await
            .unwrap_or_else(|_| panic!("no unit {code}"))
    }

    /// The employee record a user is linked to.
    pub async fn employee_of(&self, username: &str) -> i64 {
        sqlx::query_scalar("SELECT employee_id FROM users WHERE username = $1")
            .bind(username)
            .fetch_one(&self.state.db.read)
            .await
            .unwrap_or_else(|_| panic!("{username} has no employee record"))
    }

    /// The cycle of a year.
    pub async fn cycle(&self, year: i32) -> i64 {
        sqlx::query_scalar("SELECT id FROM evaluation_cycles WHERE year = $1 AND period_no = 1")
            .bind(year)
            .fetch_one(&self.state.db.read)
            .await
            .unwrap_or_else(|_| panic!("no cycle {year}"))
    }

    /// The current revision of a record: what a form loaded now sends back (`table` is one of
    /// `employees`, `positions`, `org_units`, `evaluation_methods`).
    pub async fn revision(&self, table: &str, id: i64) -> i64 {
        self.scalar(&format!("SELECT revision FROM {table} WHERE id = {id}"))
            .await
    }

    /// The current revision of the class settings.
    pub async fn settings_revision(&self) -> i64 {
        self.scalar("SELECT revision FROM settings_revisions WHERE name = 'class_settings'")
            .await
    }

    /// An employee's evaluation in a cycle.
    pub async fn evaluation(&self, cycle: i64, employee: i64) -> i64 {
        sqlx::query_scalar("SELECT id FROM evaluations WHERE cycle_id = $1 AND employee_id = $2")
            .bind(cycle)
            .bind(employee)
            .fetch_one(&self.state.db.read)
            .await
            .expect("evaluation")
    }
}

/// A browser: its session cookie (if signed in) and its address.
#[derive(Clone)]
pub struct Client {
    router: Router,
    cookie: Option<String>,
    ip: String,
}

impl Client {
    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    /// The same browser calling from another address.
    pub fn at_address(&self, ip: &str) -> Client {
        Client {
            ip: ip.into(),
            ..self.clone()
        }
    }

    /// Calls a server function as the browser's fetch does and decodes the answer. The HTTP
    /// status must agree with the answer: a success is 2xx, an error has its own status.
    pub async fn call<F>(&self, args: F) -> Result<F::Output, AppError>
    where
        F: ServerFn<Error = AppError> + Serialize,
        F::Output: DeserializeOwned,
    {
        let response = self.send(args).await;
        let status = response.status();
        let body = body_bytes(response).await;
        if status.is_success() {
            Ok(serde_json::from_slice(&body).unwrap_or_else(|e| {
                panic!(
                    "{}: undecodable answer ({e}): {}",
                    F::PATH,
                    String::from_utf8_lossy(&body)
                )
            }))
        } else {
            let error: AppError = serde_json::from_slice(&body).unwrap_or_else(|e| {
                panic!(
                    "{}: {status} with no error in it ({e}): {}",
                    F::PATH,
                    String::from_utf8_lossy(&body)
                )
            });
            assert_eq!(status, error.status(), "{}: {error:?}", F::PATH);
            Err(error)
        }
    }

    /// Calls a server function and returns the whole response (cookies, headers).
    pub async fn send<F: ServerFn + Serialize>(&self, args: F) -> Response<Body> {
        let body = serde_qs::to_string(&args).expect("arguments encode");
        self.post(F::PATH, body).await
    }

    /// A form posted to `path` with the body as it is.
    pub async fn post(&self, path: &str, body: String) -> Response<Body> {
        let mut builder = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, body.len());
        if let Some(c) = &self.cookie {
            builder = builder.header(header::COOKIE, c);
        }
        self.request(builder.body(Body::from(body)).expect("request"))
            .await
    }

    /// A form a browser without JavaScript posts from the page `from` (it is sent back there).
    pub async fn post_from_page<F: ServerFn + Serialize>(
        &self,
        from: &str,
        args: F,
    ) -> Response<Body> {
        let body = serde_qs::to_string(&args).expect("arguments encode");
        let mut builder = Request::post(F::PATH)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::REFERER, format!("http://{HOST}{from}"))
            .header(header::ACCEPT, "text/html")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = &self.cookie {
            builder = builder.header(header::COOKIE, c);
        }
        self.request(builder.body(Body::from(body)).expect("request"))
            .await
    }

    /// A page with one more cookie than the session's (one the server left earlier).
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Response<Body> {
        let cookies = match &self.cookie {
            Some(c) => format!("{c}; {cookie}"),
            None => cookie.to_string(),
        };
        let request = Request::get(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, cookies)
            .body(Body::empty())
            .expect("request");
        self.request(request).await
    }

    /// A page or a download, as the browser asks for it.
    pub async fn get(&self, path: &str) -> Response<Body> {
        let mut builder = Request::get(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "text/html");
        if let Some(c) = &self.cookie {
            builder = builder.header(header::COOKIE, c);
        }
        self.request(builder.body(Body::empty()).expect("request"))
            .await
    }

    /// The text of a page or download.
    pub async fn text(&self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        (response.status(), body_text(response).await)
    }

    pub async fn request(&self, mut request: Request<Body>) -> Response<Body> {
        let addr: SocketAddr = format!("{}:50000", self.ip).parse().expect("addr");
        request.extensions_mut().insert(ConnectInfo(addr));
        let what = format!("{} {}", request.method(), request.uri());
        // A request that never answers fails its test here instead of stalling the whole run.
        tokio::time::timeout(
            std::time::Duration::from_secs(120),
            self.router.clone().oneshot(request),
        )
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer in 120 s"))
        .expect("response")
    }
}

/// Asserts a refusal of a field: the field and the message the user reads next to it.
#[track_caller]
pub fn assert_invalid<T: std::fmt::Debug>(
    result: Result<T, AppError>,
    field: &str,
    problem: app::i18n::Key,
) {
    match result {
        Err(AppError::Invalid {
            field: f,
            problem: p,
        }) => {
            assert_eq!((f.as_str(), p), (field, problem));
        }
        other => panic!("expected {field} refused with {problem:?}, got {other:?}"),
    }
}

/// The error of a refused call.
#[track_caller]
pub fn refused<T: std::fmt::Debug>(result: Result<T, AppError>) -> AppError {
    match result {
        Err(e) => e,
        Ok(v) => panic!("expected a refusal, got {v:?}"),
    }
}

/// The field a refusal names.
#[track_caller]
/// Every field a refused form names, sorted.
pub fn fields(e: AppError) -> Vec<String> {
    let mut out: Vec<String> = match e {
        AppError::Problems(p) => p.into_iter().map(|p| p.field).collect(),
        AppError::Invalid { field, .. } => vec![field],
        other => panic!("expected field problems, got {other:?}"),
    };
    out.sort();
    out
}

pub fn field_of<T: std::fmt::Debug>(result: Result<T, AppError>) -> String {
    match refused(result) {
        AppError::Invalid { field, .. } => field,
        other => panic!("expected a field error, got {other:?}"),
    }
}

pub fn session_cookie(response: &Response<Body>) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("mokhele_session=") && !v.starts_with("mokhele_session=;"))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
}

pub async fn body_bytes(response: Response<Body>) -> Vec<u8> {
    axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .expect("body")
        .to_vec()
}

pub async fn body_text(response: Response<Body>) -> String {
    String::from_utf8_lossy(&body_bytes(response).await).into_owned()
}

/// A date of the test's calendar.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// A date as a form field carries it.
pub fn day(y: i32, m: u32, d: u32) -> String {
    date(y, m, d).to_string()
}
