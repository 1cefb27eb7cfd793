//! Measures the main requests through the router in-process (no network) on a fresh SQLite file
//! holding the demo municipality plus imported staff: imports, the public pages, and the
//! evaluation cycle and classes at scale.
use app::audit::ListAudit;
use app::auth::{SignIn, SignOut};
use app::classes::{GetClassEligibility, GetClassReports, GetPayRegister};
use app::domain::staff::Gender;
use app::evaluation::{CycleDashboard, FinalizeReady, ListEvaluations, OpenCycle};
use app::orders::{GetOrderCounts, ListOrders, OrderFilter};
use app::org::{GetOrgTree, GetStaffReport, GetUnitStaff};
use app::people::{EmployeeFilter, GetEmployee, ImportCsv, ListEmployees};
use app::ssr::Clock;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use leptos::config::LeptosOptions;
use leptos::server_fn::ServerFn;
use serde::Serialize;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:3000";

/// A server function called as the browser's fetch calls it: its own path, its arguments
/// form-encoded.
fn call<F: ServerFn + Serialize>(args: F, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::post(F::PATH)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        builder = builder.header(header::COOKIE, c);
    }
    let body = serde_qs::to_string(&args).expect("arguments encode");
    builder.body(Body::from(body)).expect("request")
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
        .oneshot(call(
            SignIn {
                username: username.into(),
                password: password.into(),
                next: None,
            },
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
        "{name:<44} n={:<4} p50={:>8.2} ms  p95={:>8.2} ms  p99={:>8.2} ms  max={:>8.2} ms  {:>9} bytes",
        times.len(),
        p(0.5),
        p(0.95),
        p(0.99),
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

/// The instant the bench's clock stands at: the data (a 2026 cycle, 2026 pay months) is
/// arranged around it, so the figures do not depend on the day they are taken.
pub fn bench_now() -> chrono::DateTime<chrono::Utc> {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("date")
        .and_utc()
}

/// A fresh SQLite file in `dir`, migrated and bootstrapped (with the demo when asked).
pub async fn fresh_state(dir: &tempfile::TempDir, load_demo: bool) -> app::ssr::AppState {
    let config = server::config::Config {
        load_demo,
        admin_password: Some("bench-admin-passphrase".into()),
        // The public pages are measured from one address: no flood limit here.
        public_per_minute: u32::MAX,
        ..server::config::Config::local(format!(
            "sqlite://{}",
            dir.path().join("bench.db").display()
        ))
    };
    let options = LeptosOptions::builder()
        .output_name("mokhele")
        .site_root("target/site")
        .build();
    let state = server::build_state(&config, options, Clock::pinned(bench_now()))
        .await
        .expect("state");
    server::bootstrap(&state, &config).await.expect("bootstrap");
    state
}

/// The in-process figures (`BENCH_MODE=inprocess`): imports, public pages, the cycle and
/// classes at scale.
pub async fn run() {
    let extra: usize = std::env::var("BENCH_EMPLOYEES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let state = fresh_state(&dir, true).await;
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
            call(
                ImportCsv {
                    kind: "employees".into(),
                    csv: text,
                    commit: Some("true".into()),
                },
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
        call(
            ImportCsv {
                kind: "employees".into(),
                csv: header.into(),
                commit: None,
            },
            Some(&cookie),
        ),
    )
    .await;
    assert!(check_status.is_success());

    let employee = sqlx::query_scalar::<_, i64>("SELECT MIN(employee_id) FROM assignments")
        .fetch_one(&state.db.read)
        .await
        .expect("id");
    let unit = sqlx::query_scalar::<_, i64>("SELECT id FROM org_units WHERE code = 'ADM-HR'")
        .fetch_one(&state.db.read)
        .await
        .expect("id");
    let total = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM employees")
        .fetch_one(&state.db.read)
        .await
        .expect("count");
    println!("employees on file: {total}");

    public_bench(&router, &state).await;
    if std::env::var("BENCH_ONLY").as_deref() == Ok("public") {
        return;
    }

    let c = cookie.as_str();
    measure(&router, "people/list page 1 (all)", 100, || {
        call(ListEmployees { filter: None }, Some(c))
    })
    .await;
    measure(&router, "people/list search by name", 100, || {
        call(
            ListEmployees {
                filter: Some(EmployeeFilter {
                    q: Some("გვარი42".into()),
                    ..Default::default()
                }),
            },
            Some(c),
        )
    })
    .await;
    measure(
        &router,
        "people/list filter female + sort rank, page 40",
        100,
        || {
            call(
                ListEmployees {
                    filter: Some(EmployeeFilter {
                        gender: Some(Gender::Female),
                        sort: Some("-rank".into()),
                        page: Some(40),
                        ..Default::default()
                    }),
                },
                Some(c),
            )
        },
    )
    .await;
    measure(&router, "people/get (personal file)", 100, || {
        call(GetEmployee { id: employee }, Some(c))
    })
    .await;
    measure(&router, "org/tree (as of today)", 100, || {
        call(GetOrgTree { as_of: None }, Some(c))
    })
    .await;
    measure(&router, "org/tree (as of 2020-06-01)", 100, || {
        call(
            GetOrgTree {
                as_of: Some("2020-06-01".into()),
            },
            Some(c),
        )
    })
    .await;
    measure(&router, "org/unit (staff list)", 100, || {
        call(
            GetUnitStaff {
                unit_id: unit,
                as_of: None,
            },
            Some(c),
        )
    })
    .await;
    measure(&router, "org/staff_report", 100, || {
        call(GetStaffReport { as_of: None }, Some(c))
    })
    .await;
    measure(&router, "orders/counts 2020", 100, || {
        call(GetOrderCounts { year: Some(2020) }, Some(c))
    })
    .await;
    measure(&router, "orders/list 2020 page 1", 100, || {
        call(
            ListOrders {
                filter: Some(OrderFilter {
                    year: Some(2020),
                    ..Default::default()
                }),
            },
            Some(c),
        )
    })
    .await;
    measure(&router, "audit/list page 1", 100, || {
        call(ListAudit { filter: None }, Some(c))
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
    let (_, _) = send(&router, call(SignOut {}, Some(c))).await;
    let manager = sign_in(&router, "manager", "Mokhele-Manager-2026").await;
    let m = manager.as_str();
    measure(&router, "people/list as a manager (scoped)", 100, || {
        call(ListEmployees { filter: None }, Some(m))
    })
    .await;

    // The evaluation cycle at scale: a generated institution of N officers each.
    let sizes: Vec<usize> = std::env::var("BENCH_OFFICERS")
        .unwrap_or_else(|_| "10000,50000".into())
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    for officers in sizes {
        evaluation_bench(officers).await;
    }
}

/// Builds services × 10 departments × (head + 9 officers) directly in SQL, then times, through
/// the router: opening a cycle (population + evaluators + one row each), the HR dashboard, and
/// finalizing every summary (mean, band, stored inputs, one audit row each).
async fn evaluation_bench(officers: usize) {
    use sqlx::{QueryBuilder, Sqlite};
    let dir = tempfile::tempdir().expect("temp dir");
    let state = fresh_state(&dir, false).await;
    let db = &state.db.write;
    let now = bench_now();
    let from = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).expect("date");
    let mut tx = db.begin().await.expect("tx");
    // The institution the first start created.
    let institution: i64 = sqlx::query_scalar("SELECT MIN(id) FROM institutions")
        .fetch_one(&mut *tx)
        .await
        .expect("institution");
    let departments = officers.div_ceil(10);
    let services = departments.div_ceil(10);
    // Units: services first, then departments (ids are dense, so arithmetic finds them).
    let mut units = Vec::new();
    for s in 0..services {
        units.push((None, "service", format!("S{s}")));
    }
    for d in 0..departments {
        units.push((Some(d / 10), "department", format!("D{d}")));
    }
    let first_unit: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM org_units")
        .fetch_one(&mut *tx)
        .await
        .expect("id");
    for chunk in units.chunks(3_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO org_units (institution_id, parent_id, kind, code, name_ka, name_en, sort_order, valid_from) ",
        );
        q.push_values(chunk, |mut b, (parent, kind, code)| {
            b.push_bind(institution)
                .push_bind(parent.map(|p| first_unit + p as i64))
                .push_bind(*kind)
                .push_bind(code.clone())
                .push_bind(format!("ერთეული {code}"))
                .push_bind(format!("Unit {code}"))
                .push_bind(0)
                .push_bind(from);
        });
        q.build().execute(&mut *tx).await.expect("units");
    }
    // Positions: a head per service (administrative contract), per department a head (rank II)
    // and 9 officers (rank III); one employee on each.
    let mut positions: Vec<(i64, i64, &str, bool)> = Vec::new();
    for s in 0..services {
        positions.push((first_unit + s as i64, 1, "admin_contract", true));
    }
    for d in 0..departments {
        let unit = first_unit + (services + d) as i64;
        positions.push((unit, 2, "officer", true));
        for _ in 0..9 {
            positions.push((unit, 3, "officer", false));
        }
    }
    let first_position: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM positions")
        .fetch_one(&mut *tx)
        .await
        .expect("id");
    let first_employee: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM employees")
        .fetch_one(&mut *tx)
        .await
        .expect("id");
    for chunk in positions.chunks(3_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri, is_head, valid_from) ",
        );
        q.push_values(chunk, |mut b, (unit, rank, kind, head)| {
            b.push_bind(institution)
                .push_bind(*unit)
                .push_bind("სპეციალისტი")
                .push_bind("Specialist")
                .push_bind(*rank)
                .push_bind(*kind)
                .push_bind(150_000)
                .push_bind(*head)
                .push_bind(from);
        });
        q.build().execute(&mut *tx).await.expect("positions");
    }
    let people: Vec<usize> = (0..positions.len()).collect();
    for chunk in people.chunks(3_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO employees (institution_id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en, gender, birth_date, created_at, updated_at) ",
        );
        q.push_values(chunk, |mut b, i| {
            b.push_bind(institution)
                .push_bind(format!("{:011}", 90_000_000_000u64 + *i as u64))
                .push_bind("სახელი")
                .push_bind(format!("გვარი{i}"))
                .push_bind("Name")
                .push_bind(format!("Surname{i}"))
                .push_bind(if i % 2 == 0 { "female" } else { "male" })
                .push_bind(chrono::NaiveDate::from_ymd_opt(1980, 1, 1).expect("date"))
                .push_bind(now)
                .push_bind(now);
        });
        q.build().execute(&mut *tx).await.expect("employees");
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO assignments (employee_id, position_id, start_date, basis) ",
        );
        q.push_values(chunk, |mut b, i| {
            b.push_bind(first_employee + *i as i64)
                .push_bind(first_position + *i as i64)
                .push_bind(from)
                .push_bind("competition");
        });
        q.build().execute(&mut *tx).await.expect("assignments");
    }
    let hash = state
        .passwords
        .hash("bench-hr-passphrase")
        .await
        .expect("hash");
    app::auth::repo::insert_user(
        &mut tx,
        app::auth::repo::NewUser {
            created_at: now,
            username: "bench-hr",
            display_name: "Bench HR",
            password_hash: &hash,
            must_change_password: false,
            employee_id: None,
            roles: &[app::domain::Role::Hr],
        },
    )
    .await
    .expect("user");
    tx.commit().await.expect("commit");
    let router = server::router(state.clone());
    let cookie = sign_in(&router, "bench-hr", "bench-hr-passphrase").await;
    let c = cookie.as_str();

    let start = Instant::now();
    let (status, body) = send(
        &router,
        call(
            OpenCycle {
                year: "2026".into(),
                period_no: "1".into(),
            },
            Some(c),
        ),
    )
    .await;
    let open = start.elapsed();
    assert!(
        status.is_success(),
        "open: {status} {}",
        String::from_utf8_lossy(&body)
    );
    let cycle: i64 = serde_json::from_slice(&body).expect("cycle id");
    let evaluated: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM evaluations WHERE stage = 'planning'")
            .fetch_one(&state.db.read)
            .await
            .expect("count");
    println!(
        "[{officers} officers] open cycle (population, evaluators, {evaluated} evaluations): {:.0} ms",
        open.as_secs_f64() * 1000.0
    );
    measure(
        &router,
        &format!("[{officers}] HR dashboard, all in planning"),
        20,
        || call(CycleDashboard { id: cycle }, Some(c)),
    )
    .await;

    // Everybody planned, rated and acknowledged (seven scores each), straight in SQL.
    sqlx::query(
        "INSERT INTO evaluation_scores (evaluation_id, competency_id, self_score, score)
         SELECT e.id, k.id, 3, (abs(random()) % 4) + 1 FROM evaluations e
         JOIN competencies k ON k.method_id = 1 AND k.kind = 'core'",
    )
    .execute(db)
    .await
    .expect("scores");
    sqlx::query("UPDATE evaluations SET stage = 'finalization', rated_at = $1, acknowledged_at = $1 WHERE stage = 'planning'")
        .bind(now)
        .execute(db)
        .await
        .expect("stage");
    measure(
        &router,
        &format!("[{officers}] HR dashboard, all awaiting finalization"),
        20,
        || call(CycleDashboard { id: cycle }, Some(c)),
    )
    .await;
    let start = Instant::now();
    let (status, body) = send(
        &router,
        call(
            FinalizeReady {
                cycle_id: cycle,
                confirm: Some("yes".into()),
            },
            Some(c),
        ),
    )
    .await;
    let finalize = start.elapsed();
    assert!(
        status.is_success(),
        "finalize: {status} {}",
        String::from_utf8_lossy(&body)
    );
    println!(
        "[{officers} officers] finalize all summaries ({} results + audit rows): {:.0} ms",
        String::from_utf8_lossy(&body),
        finalize.as_secs_f64() * 1000.0
    );
    measure(
        &router,
        &format!("[{officers}] HR dashboard, finalized (distribution)"),
        20,
        || call(CycleDashboard { id: cycle }, Some(c)),
    )
    .await;
    measure(
        &router,
        &format!("[{officers}] evaluation list page 1"),
        20,
        || {
            call(
                ListEvaluations {
                    cycle_id: cycle,
                    stage: None,
                    q: None,
                    page: None,
                },
                Some(c),
            )
        },
    )
    .await;
    class_bench(&router, &state, officers, c).await;
}

/// Classes at scale: eligibility over every officer's ratings, then everyone given a class by
/// one retroactive order, so the March register computes each month plus two months of
/// arrears for every officer.
async fn class_bench(router: &axum::Router, state: &app::ssr::AppState, officers: usize, c: &str) {
    let db = &state.db.write;
    measure(
        router,
        &format!("[{officers}] class eligibility (all officers)"),
        5,
        || call(GetClassEligibility {}, Some(c)),
    )
    .await;
    sqlx::query(
        "INSERT INTO class_orders (institution_id, kind, number, order_date, effective_date, status, needs_visa, drafted_at)
         VALUES ((SELECT MIN(id) FROM institutions), 'promotion', 'B-1', '2026-02-27', '2026-01-01', 'signed', 0, '2026-02-27')",
    )
    .execute(db)
    .await
    .expect("order");
    sqlx::query(
        "INSERT INTO employee_classes (employee_id, class_no, effective_date, first_paid_month, basis_through, class_order_id, created_at)
         SELECT id, 1 + id % 12, '2026-01-01', '2026-03-01', '2025-12-31', (SELECT MAX(id) FROM class_orders), '2026-02-27'
         FROM employees",
    )
    .execute(db)
    .await
    .expect("classes");
    measure(
        router,
        &format!("[{officers}] pay register March 2026 (bonus + arrears)"),
        5,
        || {
            call(
                GetPayRegister {
                    month: Some("2026-03".into()),
                    unit: None,
                },
                Some(c),
            )
        },
    )
    .await;
    measure(
        router,
        &format!("[{officers}] pay register April 2026 (no arrears)"),
        5,
        || {
            call(
                GetPayRegister {
                    month: Some("2026-04".into()),
                    unit: None,
                },
                Some(c),
            )
        },
    )
    .await;
    measure(
        router,
        &format!("[{officers}] export pay-register.xlsx March 2026"),
        3,
        || get("/export/pay-register.xlsx?month=2026-03", c),
    )
    .await;
    measure(
        router,
        &format!("[{officers}] class reports 2026 (12 registers)"),
        2,
        || call(GetClassReports { year: Some(2026) }, Some(c)),
    )
    .await;
}

/// The public vacancy pages and the application post (issue 14): sequential latencies, then
/// 16 concurrent clients for the page.
async fn public_bench(router: &axum::Router, state: &app::ssr::AppState) {
    use app::competitions::{ApplicationForm, Apply};
    let open: i64 =
        sqlx::query_scalar("SELECT MAX(id) FROM competitions WHERE state = 'announced'")
            .fetch_one(&state.db.read)
            .await
            .expect("an announced competition");
    let anonymous = |path: String| {
        Request::get(path)
            .header(header::HOST, HOST)
            .body(Body::empty())
            .expect("request")
    };
    measure(router, "GET /vacancies (public, anonymous)", 200, || {
        anonymous("/vacancies".into())
    })
    .await;
    measure(
        router,
        "GET /vacancies/{id} (announcement + form)",
        200,
        || anonymous(format!("/vacancies/{open}")),
    )
    .await;
    let next = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let application = move |n: u64| {
        let mut answer = std::collections::HashMap::new();
        answer.insert("1".to_string(), "To serve the city".to_string());
        let form = ApplicationForm {
            personal_number: format!("{:011}", 70_000_000_000u64 + n),
            first_name_ka: "ანა".into(),
            last_name_ka: format!("ბენჩი{n}"),
            first_name_en: "Ana".into(),
            last_name_en: "Bench".into(),
            gender: "female".into(),
            birth_date: "1990-01-01".into(),
            email: "ana@example.ge".into(),
            education: "MA".into(),
            experience: "3 years".into(),
            truthful: Some("yes".into()),
            ..Default::default()
        };
        let mut request = call(
            Apply {
                competition_id: open,
                form,
                answer: Some(answer),
            },
            None,
        );
        // The server function answers JSON to a client that asks for it (no redirect).
        request
            .headers_mut()
            .insert(header::ACCEPT, "application/json".parse().expect("header"));
        request
    };
    measure(router, "POST public/apply (new application)", 200, || {
        application(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    })
    .await;
    // 16 applicants' clients at once, each sending 25 applications.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let (router, next) = (router.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for _ in 0..25 {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let t = Instant::now();
                let (status, _) = send(&router, application(n)).await;
                assert!(status.is_success(), "{status}");
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("an applicant's client"));
    }
    println!(
        "POST public/apply, 16 clients: {:.0} req/s",
        all.len() as f64 / started.elapsed().as_secs_f64()
    );
    report("POST public/apply (16 clients)", all, 0);
    // 16 clients at once on the announcement page.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let router = router.clone();
        // BENCH_CONCURRENT_PATH compares another page under the same load.
        let path = std::env::var("BENCH_CONCURRENT_PATH").unwrap_or(format!("/vacancies/{open}"));
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for _ in 0..50 {
                let t = Instant::now();
                let (status, _) = send(
                    &router,
                    Request::get(path.as_str())
                        .header(header::HOST, HOST)
                        .body(Body::empty())
                        .expect("request"),
                )
                .await;
                assert!(status.is_success());
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    let mut failed = 0;
    for task in tasks {
        // A render that panics under concurrent load is counted, not fatal (issue 17 follows
        // it up: "a reactive value already disposed", seen on /public/staff as well).
        match task.await {
            Ok(times) => all.extend(times),
            Err(_) => failed += 1,
        }
    }
    if failed > 0 {
        println!("concurrent clients that failed: {failed} of 16");
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "GET /vacancies/{{id}}, 16 clients: {:.0} req/s",
        all.len() as f64 / secs
    );
    report("GET /vacancies/{id} (16 clients)", all, 0);
}
