//! A test application: a fresh SQLite file, the real router, requests without a network.
use app::auth::repo::{insert_user, NewUser};
use app::domain::Role;
use app::ssr::AppState;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use leptos::config::LeptosOptions;
use server::config::Config;
use std::net::SocketAddr;
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:3000";
pub const PASSWORD: &str = "correct-horse-battery";

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    _dir: tempfile::TempDir,
}

pub fn config(dir: &tempfile::TempDir) -> Config {
    Config {
        database_url: format!("sqlite://{}", dir.path().join("test.db").display()),
        secure_cookies: false,
        load_demo: false,
        admin_password: None,
        trust_proxy: false,
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    pub async fn with_config(change: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = config(&dir);
        change(&mut config);
        let options = LeptosOptions::builder()
            .output_name("mokhele")
            .site_root("target/site")
            .build();
        let state = server::build_state(&config, options).await.expect("state");
        server::bootstrap(&state, &config).await.expect("bootstrap");
        let router = server::router(state.clone());
        TestApp {
            state,
            router,
            _dir: dir,
        }
    }

    /// Creates a user holding `roles` with the test password.
    pub async fn user(&self, username: &str, roles: &[Role]) -> i64 {
        let hash = self.state.passwords.hash(PASSWORD).await.expect("hash");
        let mut conn = self.state.db.write.acquire().await.expect("conn");
        insert_user(
            &mut conn,
            NewUser {
                username,
                display_name: username,
                password_hash: &hash,
                must_change_password: false,
                employee_id: None,
                roles,
            },
        )
        .await
        .expect("insert user")
    }

    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.send_from(request, "10.0.0.1").await
    }

    pub async fn send_from(&self, mut request: Request<Body>, ip: &str) -> Response<Body> {
        let addr: SocketAddr = format!("{ip}:50000").parse().expect("addr");
        request.extensions_mut().insert(ConnectInfo(addr));
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("response")
    }

    /// Posts a form to a server function like a same-origin fetch would.
    pub async fn call(
        &self,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> Response<Body> {
        self.send(post(path, form, cookie)).await
    }

    /// A sign-in attempt from the client address `ip`.
    pub async fn attempt_from(&self, ip: &str, username: &str, password: &str) -> Response<Body> {
        self.send_from(
            post(
                SIGN_IN,
                &[("username", username), ("password", password)],
                None,
            ),
            ip,
        )
        .await
    }

    /// Signs in and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, username: &str, password: &str) -> Option<String> {
        let response = self
            .call(
                SIGN_IN,
                &[("username", username), ("password", password)],
                None,
            )
            .await;
        session_cookie(&response)
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Response<Body> {
        let mut builder = Request::get(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            builder = builder.header(header::COOKIE, c);
        }
        self.send(builder.body(Body::empty()).expect("request"))
            .await
    }

    /// What the current-user function answers for this cookie (`null` when signed out).
    pub async fn me(&self, cookie: &str) -> String {
        body_text(self.call(CURRENT_USER, &[], Some(cookie)).await).await
    }

    /// Moves a timestamp column of every session `by` into the past.
    pub async fn age_sessions(&self, column: &str, by: chrono::Duration) {
        let at = chrono::Utc::now() - by;
        sqlx::query(&format!("UPDATE sessions SET {column} = $1"))
            .bind(at)
            .execute(&self.state.db.write)
            .await
            .expect("update sessions");
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql)
            .fetch_one(&self.state.db.read)
            .await
            .expect("query");
        n
    }
}

pub const SIGN_IN: &str = "/api/auth/sign_in";
pub const SIGN_OUT: &str = "/api/auth/sign_out";
pub const CURRENT_USER: &str = "/api/auth/current_user";
pub const CHANGE_PASSWORD: &str = "/api/auth/change_password";
pub const SET_LOCALE: &str = "/api/auth/set_locale";
pub const HOME_SUMMARY: &str = "/api/home/summary";
pub const ORG_TREE: &str = "/api/org/tree";
pub const ORG_UNIT: &str = "/api/org/unit";
pub const ORG_VACANCIES: &str = "/api/org/vacancies";
pub const ORG_STAFF_REPORT: &str = "/api/org/staff_report";
pub const ORG_OPTIONS: &str = "/api/org/options";
pub const CREATE_UNIT: &str = "/api/org/create_unit";
pub const CHANGE_UNIT: &str = "/api/org/change_unit";
pub const CREATE_POSITION: &str = "/api/org/create_position";
pub const ORG_POSITION: &str = "/api/org/position";
pub const UPDATE_POSITION: &str = "/api/org/update_position";
pub const MERGE_UNIT: &str = "/api/org/merge_unit";
pub const SET_SUPERVISION: &str = "/api/org/set_supervision";
pub const END_POSITION: &str = "/api/org/end_position";
pub const ORDERS_LIST: &str = "/api/orders/list";
pub const ORDERS_COUNTS: &str = "/api/orders/counts";
pub const ORDERS_GET: &str = "/api/orders/get";
pub const ORDERS_CREATE: &str = "/api/orders/create";
pub const PEOPLE_LIST: &str = "/api/people/list";
pub const PEOPLE_GET: &str = "/api/people/get";
pub const PEOPLE_CREATE: &str = "/api/people/create";
pub const PEOPLE_UPDATE: &str = "/api/people/update";
pub const APPOINT: &str = "/api/people/appoint";
pub const END_ASSIGNMENT: &str = "/api/people/end_assignment";
pub const ADD_ENTRY: &str = "/api/people/add_entry";
pub const REMOVE_ENTRY: &str = "/api/people/remove_entry";
pub const IMPORT: &str = "/api/people/import";
pub const AUDIT_LIST: &str = "/api/audit/list";
pub const EVAL_METHOD: &str = "/api/evaluation/method";
pub const EVAL_ADOPT: &str = "/api/evaluation/method/adopt";
pub const EVAL_ADD_COMPETENCY: &str = "/api/evaluation/method/competency";
pub const EVAL_REMOVE_COMPETENCY: &str = "/api/evaluation/method/competency/remove";
pub const EVAL_CYCLES: &str = "/api/evaluation/cycles";
pub const EVAL_OPEN: &str = "/api/evaluation/cycles/open";
pub const EVAL_DASHBOARD: &str = "/api/evaluation/dashboard";
pub const EVAL_LIST: &str = "/api/evaluation/list";
pub const EVAL_FINALIZE_READY: &str = "/api/evaluation/cycles/finalize";
pub const EVAL_CLOSE: &str = "/api/evaluation/cycles/close";
pub const EVAL_REMIND: &str = "/api/evaluation/cycles/remind";
pub const EVAL_ADD: &str = "/api/evaluation/cycles/add";
pub const EVAL_GET: &str = "/api/evaluation/get";
pub const EVAL_MINE: &str = "/api/evaluation/mine";
pub const INBOX: &str = "/api/inbox";
pub const EVAL_PLAN: &str = "/api/evaluation/plan";
pub const EVAL_CONFIRM_PLAN: &str = "/api/evaluation/confirm_plan";
pub const EVAL_SELF: &str = "/api/evaluation/self";
pub const EVAL_RATE: &str = "/api/evaluation/rate";
pub const EVAL_ANSWER: &str = "/api/evaluation/answer";
pub const EVAL_FINALIZE: &str = "/api/evaluation/finalize";
pub const EVAL_APPEAL: &str = "/api/evaluation/appeal";
pub const EVAL_DECIDE: &str = "/api/evaluation/decide";
pub const EVAL_MANAGE: &str = "/api/evaluation/manage";
pub const CLASS_SETTINGS: &str = "/api/classes/settings";
pub const CLASS_RATE: &str = "/api/classes/rate";
pub const CLASS_RULE: &str = "/api/classes/rule";
pub const CLASS_ELIGIBILITY: &str = "/api/classes/eligibility";
pub const CLASS_DRAFT: &str = "/api/classes/orders/draft";
pub const CLASS_ORDERS: &str = "/api/classes/orders";
pub const CLASS_ORDER: &str = "/api/classes/order";
pub const CLASS_VISA: &str = "/api/classes/orders/visa";
pub const CLASS_SIGN: &str = "/api/classes/orders/sign";
pub const CLASS_CANCEL: &str = "/api/classes/orders/cancel";
pub const CLASS_OLD_RANKS: &str = "/api/classes/old-ranks";
pub const CLASS_RECORD_RANK: &str = "/api/classes/old-ranks/record";
pub const CLASS_CONFIRM_RANK: &str = "/api/classes/old-ranks/confirm";
pub const CLASS_REMOVE_RANK: &str = "/api/classes/old-ranks/remove";
pub const CLASS_EQUALIZE: &str = "/api/classes/equalization/draft";
pub const PAY_REGISTER: &str = "/api/classes/register";
pub const CLASS_REPORTS: &str = "/api/classes/reports";
pub const EMPLOYEE_CLASSES: &str = "/api/classes/employee";

/// A valid new employee form.
pub fn employee_form<'a>(personal_number: &'a str, last_name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("personal_number", personal_number),
        ("first_name_ka", "ნინო"),
        ("last_name_ka", last_name),
        ("first_name_en", "Nino"),
        ("last_name_en", "Tester"),
        ("gender", "female"),
        ("birth_date", "1990-04-02"),
        ("email", "nino@example.ge"),
        ("phone", ""),
        ("notes", ""),
    ]
}

pub fn form_body(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn post(path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        builder = builder.header(header::COOKIE, c);
    }
    builder.body(Body::from(form_body(form))).expect("request")
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

pub async fn body_text(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

pub fn is_success(status: StatusCode) -> bool {
    status.is_success() || status.is_redirection()
}

/// Calls a server function and reads its JSON answer (or the text when it is not JSON).
pub async fn json(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    cookie: &str,
) -> (StatusCode, serde_json::Value) {
    let response = app.call(path, form, Some(cookie)).await;
    let status = response.status();
    let body = body_text(response).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)),
    )
}

/// Asserts a call succeeded (a plain success or the redirect of a form post).
pub fn ok(status: StatusCode, body: &serde_json::Value) {
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
}
