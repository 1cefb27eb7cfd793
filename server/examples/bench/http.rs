//! The release server over real HTTP: for each size, a fresh database (the demo plus a generated
//! municipality), the server binary started on it, and each request driven for a few seconds by
//! 1 and 16 clients (each on its own keep-alive connection), then the list at 1, 4, 16 and 64.
use crate::municipality::{self, Municipality};
use app::auth::SignIn;
use app::classes::GetPayRegister;
use app::evaluation::{CycleDashboard, GetEvaluation};
use app::org::{GetOrgTree, GetUnitStaff};
use app::people::{EmployeeFilter, GetEmployee, ListEmployees};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::{header, Method, Request};
use hyper_util::rt::TokioIo;
use leptos::server_fn::ServerFn;
use serde::Serialize;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PORT: u16 = 3417;
const HOST: &str = "127.0.0.1:3417";

/// One request as the browser sends it.
#[derive(Clone)]
struct Call {
    method: Method,
    path: String,
    body: String,
    cookie: String,
}

impl Call {
    fn page(path: &str, cookie: &str) -> Self {
        Call {
            method: Method::GET,
            path: path.into(),
            body: String::new(),
            cookie: cookie.into(),
        }
    }

    /// A server function with its arguments form-encoded, as its browser client posts them.
    fn function<F: ServerFn + Serialize>(args: F, cookie: &str) -> Self {
        Call {
            method: Method::POST,
            path: F::PATH.into(),
            body: serde_qs::to_string(&args).expect("arguments encode"),
            cookie: cookie.into(),
        }
    }

    fn request(&self) -> Request<Full<Bytes>> {
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(&self.path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT_ENCODING, "identity");
        if self.method == Method::POST {
            builder = builder
                .header(header::ORIGIN, format!("http://{HOST}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        if !self.cookie.is_empty() {
            builder = builder.header(header::COOKIE, &self.cookie);
        }
        builder
            .body(Full::new(Bytes::from(self.body.clone())))
            .expect("request")
    }
}

async fn connect() -> SendRequest<Full<Bytes>> {
    let stream = tokio::net::TcpStream::connect(HOST).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    sender
}

/// Sends one request; the status, the `Set-Cookie` session and the body (or why it failed).
async fn send(
    sender: &mut SendRequest<Full<Bytes>>,
    call: &Call,
) -> Result<(u16, Option<String>, Bytes), hyper::Error> {
    sender.ready().await?;
    let response = sender.send_request(call.request()).await?;
    let status = response.status().as_u16();
    let session = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("mokhele_session=") && !v.starts_with("mokhele_session=;"))
        .and_then(|v| v.split(';').next())
        .map(str::to_string);
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, session, body))
}

async fn sign_in(username: &str, password: &str) -> String {
    let mut sender = connect().await;
    let call = Call::function(
        SignIn {
            username: username.into(),
            password: password.into(),
            next: None,
        },
        "",
    );
    let (status, session, _) = send(&mut sender, &call).await.expect("sign in");
    session.unwrap_or_else(|| panic!("{username} signs in: {status}"))
}

/// The figures of one request at one level of concurrency.
#[derive(Clone, Copy, Default)]
pub struct Figures {
    /// Answers that were not a success (or no answer).
    pub failed: usize,
    pub per_second: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub bytes: usize,
}

/// `clients` connections send `call` back to back for `seconds`.
async fn drive(call: &Call, clients: usize, seconds: f64) -> Figures {
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(seconds);
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let call = call.clone();
            tokio::spawn(async move {
                let mut sender = connect().await;
                let mut times = Vec::new();
                let mut bytes = 0;
                let mut failed = 0;
                while Instant::now() < until {
                    let start = Instant::now();
                    match send(&mut sender, &call).await {
                        Ok((status, _, body)) if (200..300).contains(&status) => {
                            times.push(start.elapsed());
                            bytes = body.len();
                        }
                        // A failure is counted, not timed; the first one is kept to be read.
                        Ok((status, _, body)) => {
                            if failed == 0 {
                                eprintln!("{} {}: {status}", call.method, call.path);
                                let _ = std::fs::write("target/bench-failure.html", &body);
                            }
                            failed += 1;
                        }
                        Err(e) => {
                            if failed == 0 {
                                eprintln!("{} {}: {e}", call.method, call.path);
                            }
                            failed += 1;
                            sender = connect().await;
                        }
                    }
                }
                (times, bytes, failed)
            })
        })
        .collect();
    let mut times = Vec::new();
    let mut bytes = 0;
    let mut failed = 0;
    for worker in workers {
        let (mine, size, failures) = worker.await.expect("worker");
        times.extend(mine);
        bytes = bytes.max(size);
        failed += failures;
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    let ms = |q: f64| {
        times
            .get(((times.len().max(1) - 1) as f64 * q).round() as usize)
            .map_or(f64::NAN, |t| t.as_secs_f64() * 1000.0)
    };
    Figures {
        failed,
        per_second: times.len() as f64 / elapsed,
        p50: ms(0.5),
        p95: ms(0.95),
        p99: ms(0.99),
        bytes,
    }
}

/// The server's resident and peak memory (MiB), from `/proc`.
fn memory(server: &Child) -> (f64, f64) {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start_server(database: &std::path::Path) -> Server {
    let binary =
        std::env::var("BENCH_SERVER_BIN").unwrap_or_else(|_| "target/release/server".into());
    let child = Command::new(&binary)
        .env("LEPTOS_OUTPUT_NAME", "mokhele")
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("LEPTOS_SITE_PKG_DIR", "pkg")
        .env("LEPTOS_HASH_FILES", "false")
        .env("LEPTOS_SITE_ADDR", HOST)
        .env("DATABASE_URL", format!("sqlite://{}", database.display()))
        .env("MOKHELE_DEMO", "0")
        .env("MOKHELE_ADMIN_PASSWORD", "bench-admin-passphrase")
        .env("MOKHELE_CLOCK", "2026-11-20T08:00:00Z")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{binary}: {e}"));
    let server = Server(child);
    for _ in 0..600 {
        if tokio::net::TcpStream::connect(HOST).await.is_ok() {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not listen on port {PORT}");
}

/// A fresh database with the demo and a municipality of `staff`, plus a manager account for
/// the head of its first service.
async fn prepare(dir: &tempfile::TempDir, staff: usize) -> Municipality {
    let state = crate::inprocess::fresh_state(dir, true).await;
    let town = municipality::grow(&state.db.write, staff).await;
    let hash = state
        .passwords
        .hash("bench-manager-passphrase")
        .await
        .expect("hash");
    let mut conn = state.db.write.acquire().await.expect("connection");
    app::auth::repo::insert_user(
        &mut conn,
        app::auth::repo::NewUser {
            created_at: crate::inprocess::bench_now(),
            username: "bench-manager",
            display_name: "Bench Manager",
            password_hash: &hash,
            must_change_password: false,
            employee_id: Some(town.service_head),
            roles: &[app::domain::Role::Manager, app::domain::Role::Employee],
        },
    )
    .await
    .expect("manager");
    // A build from before the current migrations is measured on the same data after this
    // script takes the newer migrations back out (`BENCH_BEFORE_SQL`).
    if let Ok(path) = std::env::var("BENCH_BEFORE_SQL") {
        let script = std::fs::read_to_string(&path).expect("BENCH_BEFORE_SQL");
        sqlx::raw_sql(&script)
            .execute(&mut *conn)
            .await
            .expect("BENCH_BEFORE_SQL runs");
    }
    drop(conn);
    state.db.write.close().await;
    state.db.read.close().await;
    town
}

/// One row of the report.
pub struct Row {
    pub name: String,
    pub one: Figures,
    pub sixteen: Figures,
}

#[derive(Default)]
pub struct SizeReport {
    pub staff: usize,
    pub rows: Vec<Row>,
    pub curves: Vec<(String, Vec<(usize, Figures)>)>,
    pub memory_rest: f64,
    pub memory_after: f64,
    pub memory_peak: f64,
}

async fn bench_size(staff: usize, seconds: f64) -> SizeReport {
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let town = prepare(&dir, staff).await;
    eprintln!(
        "[{staff}] {} people in {} units on {} positions, ready in {:.1} s",
        town.staff,
        town.units,
        town.positions,
        started.elapsed().as_secs_f64()
    );
    let server = start_server(&dir.path().join("bench.db")).await;
    if std::env::var("BENCH_KEEP").is_ok() {
        eprintln!("[{staff}] database kept at {}", dir.path().display());
        std::mem::forget(server);
        let _ = dir.keep();
        return SizeReport::default();
    }
    let hr = sign_in("hr", "Mokhele-HR-2026").await;
    let manager = sign_in("bench-manager", "bench-manager-passphrase").await;
    let (memory_rest, _) = memory(&server.0);
    let surname = "ბერიძე";
    let calls: Vec<(&str, Call)> = vec![
        (
            "GET /employees (list page, HTML)",
            Call::page("/employees", &hr),
        ),
        (
            "people/list (first page by name)",
            Call::function(ListEmployees { filter: None }, &hr),
        ),
        (
            "people/list search (surname, 1.4 %)",
            Call::function(
                ListEmployees {
                    filter: Some(EmployeeFilter {
                        q: Some(surname.into()),
                        ..Default::default()
                    }),
                },
                &hr,
            ),
        ),
        (
            "people/get (personal file)",
            Call::function(
                GetEmployee {
                    id: town.specialist,
                },
                &hr,
            ),
        ),
        (
            "GET /employees/{id} (file page, HTML)",
            Call::page(&format!("/employees/{}", town.specialist), &hr),
        ),
        (
            "org/tree (structure, head counts)",
            Call::function(GetOrgTree { as_of: None }, &hr),
        ),
        (
            "org/unit (a department's staff list)",
            Call::function(
                GetUnitStaff {
                    unit_id: town.department,
                    as_of: None,
                },
                &hr,
            ),
        ),
        (
            "evaluation/get (the evaluator's form)",
            Call::function(
                GetEvaluation {
                    id: town.evaluation,
                },
                &manager,
            ),
        ),
        (
            "evaluation/dashboard (HR, live cycle)",
            Call::function(CycleDashboard { id: town.cycle }, &hr),
        ),
        (
            "classes/register (this month's pay)",
            Call::function(
                GetPayRegister {
                    month: None,
                    unit: None,
                },
                &hr,
            ),
        ),
        (
            "people/list as a manager (scoped)",
            Call::function(ListEmployees { filter: None }, &manager),
        ),
    ];
    let mut rows = Vec::new();
    for (name, call) in &calls {
        drive(call, 1, seconds.min(0.5)).await; // warm the caches and connections
        let one = drive(call, 1, seconds).await;
        let sixteen = drive(call, 16, seconds).await;
        eprintln!(
            "[{staff}] {name:<40} 1: {:>7.1}/s p50 {:>7.2} p99 {:>7.2} | 16: {:>7.1}/s p50 {:>7.2} p99 {:>7.2} ms | {} B | {} failed",
            one.per_second, one.p50, one.p99, sixteen.per_second, sixteen.p50, sixteen.p99, one.bytes,
            one.failed + sixteen.failed
        );
        rows.push(Row {
            name: name.to_string(),
            one,
            sixteen,
        });
    }
    let mut curves = Vec::new();
    for index in [0, 1] {
        let (name, call) = &calls[index];
        let mut curve = Vec::new();
        for clients in [1, 4, 16, 64] {
            curve.push((clients, drive(call, clients, seconds).await));
        }
        let rates: Vec<(usize, f64, usize)> = curve
            .iter()
            .map(|(c, f)| (*c, f.per_second, f.failed))
            .collect();
        eprintln!("[{staff}] {name}: {rates:?}");
        curves.push((name.to_string(), curve));
    }
    let (memory_after, memory_peak) = {
        tokio::time::sleep(Duration::from_secs(1)).await;
        memory(&server.0)
    };
    drop(server);
    SizeReport {
        staff: town.staff,
        rows,
        curves,
        memory_rest,
        memory_after,
        memory_peak,
    }
}

pub async fn run() {
    let sizes: Vec<usize> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "10000,50000".into())
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3.0);
    let mut reports = Vec::new();
    for staff in sizes {
        reports.push(bench_size(staff, seconds).await);
    }
    for report in &reports {
        println!("\n### {} staff\n", report.staff);
        println!("| request | req/s, 1 client | p50 | p95 | p99 | req/s, 16 clients | p50 | p95 | p99 | failed | bytes |");
        println!("|---|---|---|---|---|---|---|---|---|---|---|");
        for row in &report.rows {
            let (a, b) = (row.one, row.sixteen);
            println!(
                "| {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.0} | {:.2} | {:.2} | {:.2} | {} |",
                row.name,
                a.per_second,
                a.p50,
                a.p95,
                a.p99,
                b.per_second,
                b.p50,
                b.p95,
                b.p99,
                a.bytes
            );
        }
        println!("\nclients → req/s:");
        for (name, curve) in &report.curves {
            let points: Vec<String> = curve
                .iter()
                .map(|(c, f)| match f.failed {
                    0 => format!("{c} → {:.0}", f.per_second),
                    n => format!("{c} → {:.0} ({n} failed)", f.per_second),
                })
                .collect();
            println!("- {name}: {}", points.join(", "));
        }
        println!(
            "\nserver memory: {:.0} MiB at rest after start, {:.0} MiB at rest after the run, {:.0} MiB peak",
            report.memory_rest, report.memory_after, report.memory_peak
        );
    }
    if let [small, large, ..] = &reports[..] {
        println!(
            "\n### {} staff against {} (p50 at 1 client)\n",
            large.staff, small.staff
        );
        for (a, b) in small.rows.iter().zip(&large.rows) {
            println!(
                "- {}: {:.2} → {:.2} ms (×{:.2})",
                a.name,
                a.one.p50,
                b.one.p50,
                b.one.p50 / a.one.p50.max(0.001)
            );
        }
    }
}
