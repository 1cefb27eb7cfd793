//! Measures the main requests through the real router on a fresh SQLite file holding the demo
//! municipality plus imported staff. Run with `scripts/bench.sh` (release build).
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use leptos::config::LeptosOptions;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:3000";

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

fn post(path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Request<Body> {
    let body: Vec<String> = form
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    let mut builder = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        builder = builder.header(header::COOKIE, c);
    }
    builder.body(Body::from(body.join("&"))).expect("request")
}

fn get(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .expect("request")
}

async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, Vec<u8>) {
    let response = router.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .expect("body");
    (status, bytes.to_vec())
}

/// Signs in and returns the session cookie (`name=value`).
async fn sign_in(router: &axum::Router, username: &str, password: &str) -> String {
    let response = router
        .clone()
        .oneshot(post(
            "/api/auth/sign_in",
            &[("username", username), ("password", password)],
            None,
        ))
        .await
        .expect("sign in");
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("mokhele_session=") && !v.starts_with("mokhele_session=;"))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_string()
}

fn report(name: &str, mut times: Vec<Duration>, bytes: usize) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    println!(
        "{name:<44} n={:<4} p50={:>8.2} ms  p95={:>8.2} ms  max={:>8.2} ms  {:>9} bytes",
        times.len(),
        p(0.5),
        p(0.95),
        ms(*times.last().expect("times")),
        bytes
    );
}

async fn measure(router: &axum::Router, name: &str, n: usize, make: impl Fn() -> Request<Body>) {
    let mut times = Vec::with_capacity(n);
    let mut size = 0;
    for _ in 0..n {
        let start = Instant::now();
        let (status, body) = send(router, make()).await;
        times.push(start.elapsed());
        assert!(
            status.is_success(),
            "{name}: {status} {}",
            String::from_utf8_lossy(&body)
        );
        size = body.len();
    }
    report(name, times, size);
}

#[tokio::main]
async fn main() {
    let extra: usize = std::env::var("BENCH_EMPLOYEES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = server::config::Config {
        database_url: format!("sqlite://{}", dir.path().join("bench.db").display()),
        secure_cookies: false,
        load_demo: true,
        admin_password: Some("bench-admin-passphrase".into()),
        trust_proxy: false,
    };
    let options = LeptosOptions::builder()
        .output_name("mokhele")
        .site_root("target/site")
        .build();
    let started = Instant::now();
    let state = server::build_state(&config, options).await.expect("state");
    server::bootstrap(&state, &config).await.expect("bootstrap");
    println!(
        "demo loaded in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let router = server::router(state.clone());

    let cookie = sign_in(&router, "hr", "Mokhele-HR-2026").await;

    // Bulk staff through the CSV import, 500 rows a file (what HR would do).
    let header = "personal_number,last_name_ka,first_name_ka,last_name_en,first_name_en,gender,birth_date,email,phone\n";
    let mut import_times = Vec::new();
    for chunk in 0..extra.div_ceil(500) {
        let mut text = String::from(header);
        for i in chunk * 500..((chunk + 1) * 500).min(extra) {
            text.push_str(&format!(
                "{:011},გვარი{i},სახელი,Surname{i},Name,{},1985-03-0{},,\n",
                80_000_000_000u64 + i as u64,
                if i % 2 == 0 { "female" } else { "male" },
                1 + i % 9
            ));
        }
        let start = Instant::now();
        let (status, body) = send(
            &router,
            post(
                "/api/people/import",
                &[("kind", "employees"), ("csv", &text), ("commit", "true")],
                Some(&cookie),
            ),
        )
        .await;
        import_times.push(start.elapsed());
        assert!(
            status.is_success() && String::from_utf8_lossy(&body).contains("\"committed\":true"),
            "import: {status}"
        );
    }
    report("import 500 employees (check + commit)", import_times, 0);
    let (check_status, _) = send(
        &router,
        post(
            "/api/people/import",
            &[("kind", "employees"), ("csv", header)],
            Some(&cookie),
        ),
    )
    .await;
    assert!(check_status.is_success());

    let employee = sqlx::query_scalar::<_, i64>("SELECT MIN(employee_id) FROM assignments")
        .fetch_one(&state.db.read)
        .await
        .expect("id")
        .to_string();
    let unit = sqlx::query_scalar::<_, i64>("SELECT id FROM org_units WHERE code = 'ADM-HR'")
        .fetch_one(&state.db.read)
        .await
        .expect("id")
        .to_string();
    let total = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM employees")
        .fetch_one(&state.db.read)
        .await
        .expect("count");
    println!("employees on file: {total}");

    let c = cookie.as_str();
    measure(&router, "people/list page 1 (all)", 100, || {
        post("/api/people/list", &[("filter[status]", "all")], Some(c))
    })
    .await;
    measure(&router, "people/list search by name", 100, || {
        post("/api/people/list", &[("filter[q]", "გვარი42")], Some(c))
    })
    .await;
    measure(
        &router,
        "people/list filter female + sort rank, page 40",
        100,
        || {
            post(
                "/api/people/list",
                &[
                    ("filter[gender]", "female"),
                    ("filter[sort]", "-rank"),
                    ("filter[page]", "40"),
                ],
                Some(c),
            )
        },
    )
    .await;
    measure(&router, "people/get (personal file)", 100, || {
        post("/api/people/get", &[("id", &employee)], Some(c))
    })
    .await;
    measure(&router, "org/tree (as of today)", 100, || {
        post("/api/org/tree", &[], Some(c))
    })
    .await;
    measure(&router, "org/tree (as of 2020-06-01)", 100, || {
        post("/api/org/tree", &[("as_of", "2020-06-01")], Some(c))
    })
    .await;
    measure(&router, "org/unit (staff list)", 100, || {
        post("/api/org/unit", &[("unit_id", &unit)], Some(c))
    })
    .await;
    measure(&router, "org/staff_report", 100, || {
        post("/api/org/staff_report", &[], Some(c))
    })
    .await;
    measure(&router, "orders/counts 2020", 100, || {
        post("/api/orders/counts", &[("year", "2020")], Some(c))
    })
    .await;
    measure(&router, "orders/list 2020 page 1", 100, || {
        post("/api/orders/list", &[("year", "2020")], Some(c))
    })
    .await;
    measure(&router, "audit/list page 1", 100, || {
        post("/api/audit/list", &[], Some(c))
    })
    .await;
    measure(&router, "GET /employees (server-rendered page)", 30, || {
        get("/employees", c)
    })
    .await;
    measure(&router, "export employees.csv (all)", 10, || {
        get("/export/employees.csv", c)
    })
    .await;
    measure(&router, "export employees.xlsx (all)", 10, || {
        get("/export/employees.xlsx", c)
    })
    .await;

    // A manager's requests derive their scope from the structure each time.
    let (_, _) = send(&router, post("/api/auth/sign_out", &[], Some(c))).await;
    let manager = sign_in(&router, "manager", "Mokhele-Manager-2026").await;
    let m = manager.as_str();
    measure(&router, "people/list as a manager (scoped)", 100, || {
        post("/api/people/list", &[], Some(m))
    })
    .await;
}
