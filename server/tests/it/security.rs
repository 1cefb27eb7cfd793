//! Cross-site requests and response headers.
use crate::support::*;
use app::auth::{GetCurrentUser, SignIn};
use app::domain::Role;
use app::org::{PositionTextsForm, UpdatePosition};
use app::people::{GetEmployee, UpdateEmployee};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use leptos::server_fn::ServerFn;

#[tokio::test]
async fn a_form_posted_from_another_site_is_rejected() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;
    let body = serde_qs::to_string(&SignIn {
        username: "nino".into(),
        password: PASSWORD.into(),
        next: None,
    })
    .expect("form");

    let response = app
        .anonymous()
        .request(
            Request::post(SignIn::PATH)
                .header(header::HOST, HOST)
                .header(header::ORIGIN, "https://evil.example")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
    let sign_out = app
        .anonymous()
        .request(
            Request::post(app::auth::SignOut::PATH)
                .header(header::HOST, HOST)
                .header("sec-fetch-site", "cross-site")
                .body(Body::empty())
                .expect("request"),
        )
        .await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(session_cookie(&response).is_none());
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(sign_out.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn mutations_are_not_reachable_with_get() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;

    let response = app
        .anonymous()
        .get(&format!(
            "{}?username=nino&password={PASSWORD}",
            SignIn::PATH
        ))
        .await;

    assert!(session_cookie(&response).is_none());
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_and_the_other_security_headers() {
    let app = TestApp::new().await;

    let response = app.anonymous().get("/sign-in").await;
    let api = app.anonymous().send(GetCurrentUser {}).await;

    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let csp = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'nonce-"),
        "{csp}"
    );
    assert_eq!(
        headers
            .get(header::X_CONTENT_TYPE_OPTIONS)
            .map(|v| v.as_bytes()),
        Some(&b"nosniff"[..])
    );
    assert!(headers.get(header::REFERRER_POLICY).is_some());
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap_or_default()
        .to_string();
    let html = body_text(response).await;
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry the header's nonce"
    );
    let api_csp = api
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(api_csp.contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn unknown_pages_are_404_with_a_localized_page() {
    let app = TestApp::new().await;

    let (status, page) = app.anonymous().text("/no/such/page").await;

    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("გვერდი ვერ მოიძებნა"));
}

/// Every page behind sign-in answers a visitor without a session with a 303 to sign-in that
/// remembers the page (home excepted), so a browser without JavaScript never sees a blank page.
#[tokio::test]
async fn protected_pages_answer_see_other_with_the_page_to_return_to() {
    let app = TestApp::new().await;
    for path in [
        "/employees",
        "/employees?q=%E1%83%9C&page=2",
        "/employees/1",
        "/me",
        "/cycles",
        "/cycles/1",
        "/evaluations/1",
        "/inbox",
        "/org",
        "/classes",
        "/pay-register",
        "/pay-register/print",
        "/orders",
        "/audit",
        "/competitions",
        "/attestation",
        "/probation",
        "/promotion",
        "/work-plans",
        "/account/password",
    ] {
        let response = app.anonymous().get(path).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok());
        // The page's address as the browser sent it, escapes included.
        let expected = app::domain::address::sign_in_path(path);
        assert_eq!(location, Some(expected.as_str()), "{path}");
    }
}

/// Signing in from `/sign-in?next=…` returns to that page; an address on another site is
/// ignored and the user lands at home.
#[tokio::test]
async fn sign_in_returns_to_the_page_asked_for_and_only_on_this_site() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;
    for (next, lands) in [
        (Some("/me?tab=history"), "/me?tab=history"),
        (Some("//evil.example/x"), "/"),
        (Some("https://evil.example/"), "/"),
        (None, "/"),
    ] {
        let body = serde_qs::to_string(&SignIn {
            username: "nino".into(),
            password: PASSWORD.into(),
            next: next.map(String::from),
        })
        .expect("form");
        let response = app
            .anonymous()
            .request(
                Request::post(SignIn::PATH)
                    .header(header::HOST, HOST)
                    .header(header::ORIGIN, format!("http://{HOST}"))
                    .header(header::ACCEPT, "text/html")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(body))
                    .expect("request"),
            )
            .await;
        assert!(response.status().is_redirection(), "{next:?}");
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok());
        assert_eq!(location, Some(lands), "{next:?}");
    }
    // A signed-in user who opens the sign-in page with a return address goes straight there.
    let nino = app.sign_in("nino", PASSWORD).await.expect("signed in");
    let response = nino.get("/sign-in?next=%2Fme").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/me")
    );
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in() {
    let app = TestApp::new().await;

    let response = app.anonymous().get("/").await;

    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(
        response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some("/sign-in")
    );
}

#[tokio::test]
async fn responses_are_gzipped_for_browsers_that_accept_it() {
    let app = TestApp::new().await;

    let response = app
        .anonymous()
        .request(
            Request::get("/sign-in")
                .header(header::HOST, HOST)
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .expect("request"),
        )
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.as_bytes()),
        Some(&b"gzip"[..])
    );
}

/// Security test 3: a stored `</textarea>` must not end the text area and inject markup into
/// the page the next HR user opens.
#[tokio::test]
async fn stored_markup_in_text_areas_renders_inert() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let manager = app.demo_user("manager").await;
    let payload =
        r#"</textarea><meta http-equiv="refresh" content="0;url=https://evil.example"><textarea>"#;
    let employee = app.employee_of("employee").await;
    let file = hr.call(GetEmployee { id: employee }).await.expect("file");
    let mut form = crate::support::fixtures::employee(&file.personal_number, &file.last_name.ka);
    form.first_name_ka = file.first_name.ka.clone();
    form.notes = payload.into();
    hr.call(UpdateEmployee {
        id: employee,
        revision: file.revision,
        form,
    })
    .await
    .expect("notes saved");
    let position = app
        .scalar("SELECT MIN(id) FROM positions WHERE valid_to IS NULL")
        .await;
    hr.call(UpdatePosition {
        id: position,
        revision: app.revision("positions", position).await,
        form: PositionTextsForm {
            title_ka: "სპეციალისტი".into(),
            title_en: "Specialist".into(),
            job_description_ka: payload.into(),
            job_description_en: payload.into(),
            requirements_min_ka: payload.into(),
            requirements_min_en: payload.into(),
            requirements_extra_ka: payload.into(),
            requirements_extra_en: payload.into(),
        },
    })
    .await
    .expect("texts saved");
    // The objectives of an evaluation still being planned (the evaluator's form shows them).
    let cycle = app.cycle(app.live_year()).await;
    let planning = app.evaluation(cycle, employee).await;
    sqlx::query("UPDATE evaluations SET stage = 'planning', objectives = $1 WHERE id = $2")
        .bind(payload)
        .bind(planning)
        .execute(&app.state.db.write)
        .await
        .expect("arrange");

    let pages = [
        hr.text(&format!("/employees/{employee}")).await,
        hr.text(&format!("/org/positions/{position}")).await,
        manager.text(&format!("/evaluations/{planning}")).await,
    ];

    for (status, html) in pages {
        assert_eq!(status, StatusCode::OK);
        assert!(
            !html.contains("<meta http-equiv=\"refresh\""),
            "markup injected"
        );
        assert!(
            html.contains("&lt;/textarea&gt;&lt;meta http-equiv=\"refresh\""),
            "the text is shown as text"
        );
    }
}

/// Security test 4: a name that is a formula must not run when HR opens the CSV download in a
/// spreadsheet; the XLSX download keeps it exact (typed text).
#[tokio::test]
async fn formulas_in_data_are_neutralized_in_csv_and_exact_in_xlsx() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let formula = r#"=HYPERLINK("https://evil.example","x")"#;
    let employee = app.employee_of("employee").await;
    sqlx::query("UPDATE employees SET first_name_ka = $1 WHERE id = $2")
        .bind(formula)
        .bind(employee)
        .execute(&app.state.db.write)
        .await
        .expect("arrange");

    let (status, csv) = hr.text("/export/employees.csv").await;
    let xlsx = body_bytes(hr.get("/export/employees.xlsx").await).await;

    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.contains(r#"'=HYPERLINK(""https://evil.example"",""x"")"#),
        "{csv:.300}"
    );
    assert!(!csv.contains(",=HYPERLINK"));
    let mut book = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("xlsx");
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut book.by_name("xl/sharedStrings.xml").expect("strings"),
        &mut strings,
    )
    .expect("text");
    let exact = strings.contains(r#"<t>=HYPERLINK("https://evil.example","x")"#)
        || strings.contains("<t>=HYPERLINK(&quot;https://evil.example&quot;,&quot;x&quot;)");
    assert!(exact, "{strings:.400}");
}

/// Security test 6: nothing personal stays in a browser's or a proxy's cache; the site's own
/// files may. Security test 8: HSTS when served over HTTPS.
#[tokio::test]
async fn personal_answers_are_never_cached_and_https_is_pinned() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let cache = |response: &axum::http::Response<Body>| {
        response
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };

    let page = hr.get("/employees").await;
    let answer = hr.send(GetCurrentUser {}).await;
    let download = hr.get("/export/employees.csv").await;
    let font = hr.get("/fonts/NotoSansGeorgian-Regular.woff2").await;

    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(cache(&page), "no-store");
    assert_eq!(cache(&answer), "no-store");
    assert_eq!(cache(&download), "no-store");
    assert!(cache(&font).starts_with("public"));
    assert!(
        page.headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none(),
        "plain HTTP"
    );

    let https = TestApp::with_config(|c| c.secure_cookies = true).await;
    let response = https.anonymous().get("/sign-in").await;
    assert_eq!(
        response
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .and_then(|v| v.to_str().ok()),
        Some("max-age=63072000; includeSubDomains")
    );
}

/// Security test 12: an error carried back in the address (a form posted without JavaScript)
/// can be crafted; the page shows only errors this application produces.
#[tokio::test]
async fn a_crafted_error_link_cannot_put_text_on_the_sign_in_page() {
    use base64::Engine;
    let app = TestApp::new().await;
    let crafted = serde_json::to_string(&app::error::AppError::Internal(
        "Call +995 555 000 000 to unlock your account".into(),
    ))
    .expect("json");
    let err = base64::engine::general_purpose::URL_SAFE.encode(crafted);
    let genuine = base64::engine::general_purpose::URL_SAFE
        .encode(serde_json::to_string(&app::error::AppError::InvalidCredentials).expect("json"));
    let path = <SignIn as leptos::server_fn::ServerFn>::PATH;

    let (_, crafted_page) = app
        .anonymous()
        .text(&format!("/sign-in?__path={path}&__err={err}"))
        .await;
    let (_, genuine_page) = app
        .anonymous()
        .text(&format!("/sign-in?__path={path}&__err={genuine}"))
        .await;

    assert!(!crafted_page.contains("555 000 000"));
    assert!(
        genuine_page.contains("form-error"),
        "a real error is still shown"
    );
}

/// Security test 13: confidential reads leave a trace — a personal file opened by someone else,
/// the pay register, a person's classes and pay, and every download.
#[tokio::test]
async fn confidential_reads_are_logged() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let employee = app.demo_user("employee").await;
    let own = app.employee_of("employee").await;
    let count = |action: &'static str| {
        let app = &app;
        async move {
            app.scalar(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"
            ))
            .await
        }
    };

    hr.call(GetEmployee { id: own }).await.expect("file");
    employee
        .call(GetEmployee { id: own })
        .await
        .expect("own file");
    hr.call(app::classes::GetPayRegister {
        month: Some("2020-03".into()),
        unit: None,
    })
    .await
    .expect("register");
    hr.call(app::classes::GetEmployeeClasses { id: own })
        .await
        .expect("classes");
    let (status, _) = hr.text("/export/employees.xlsx").await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        count("employee.read").await,
        1,
        "not the person's own reading"
    );
    assert_eq!(count("pay_register.read").await, 1);
    assert_eq!(count("employee_classes.read").await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND entity = 'employees' AND entity_id = 'xlsx'")
            .await,
        1
    );
}

/// A page is built once per request: opening a personal file, its class tab or the pay
/// register logs one confidential read each (the server once walked every page three times).
#[tokio::test]
async fn one_page_view_is_one_logged_read() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let own = app.employee_of("employee").await;
    let reads = || app.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE '%read'");

    for (page, logged) in [
        (format!("/employees/{own}"), 1),
        (format!("/employees/{own}?tab=class"), 2),
        (format!("/employees/{own}/print"), 1),
        ("/pay-register".to_string(), 1),
    ] {
        let before = reads().await;
        let (status, _) = hr.text(&page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(reads().await - before, logged, "reads logged by {page}");
    }
}

/// Security test 5: two HR users edit the same personal file; the second, working from what
/// was there before the first saved, is refused with who changed what — nothing is lost.
#[tokio::test]
async fn a_stale_edit_is_refused_with_what_changed_instead_of_overwriting() {
    let app = TestApp::demo().await;
    let (hr, colleague) = (app.demo_user("hr").await, app.demo_user("hr2").await);
    let id = app.employee_of("employee").await;
    let file = hr.call(GetEmployee { id }).await.expect("file");
    let form = |phone: &str, notes: &str| {
        let mut form =
            crate::support::fixtures::employee(&file.personal_number, &file.last_name.ka);
        form.first_name_ka = file.first_name.ka.clone();
        form.first_name_en = file.first_name.en.clone();
        form.last_name_en = file.last_name.en.clone();
        form.gender = file.gender.code().into();
        form.birth_date = file.birth_date.to_string();
        form.email = file.email.clone().unwrap_or_default();
        form.phone = phone.into();
        form.notes = notes.into();
        form
    };
    let loaded = file.revision;

    let first = colleague
        .call(UpdateEmployee {
            id,
            revision: loaded,
            form: form("+995 555 11 22 33", ""),
        })
        .await;
    let second = hr
        .call(UpdateEmployee {
            id,
            revision: loaded,
            form: form("", "Moved to the 3rd floor."),
        })
        .await;

    assert_eq!(first, Ok(()));
    match second {
        Err(app::error::AppError::Stale { by, fields, .. }) => {
            assert!(!by.is_empty(), "names who changed it");
            assert_eq!(fields, ["phone"]);
        }
        other => panic!("expected a stale refusal, got {other:?}"),
    }
    let now = hr.call(GetEmployee { id }).await.expect("file");
    assert_eq!(
        (now.phone.as_deref(), now.notes.as_str()),
        (Some("+995 555 11 22 33"), ""),
        "the first change stands, the second wrote nothing"
    );
}

/// The lost-update probe: ten editors at once from the same revision; exactly one change goes
/// in, nine are refused (before: all ten got 200 and nine changes were lost silently).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_editors_one_wins_nine_are_told() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let position = app
        .scalar("SELECT MIN(id) FROM positions WHERE valid_to IS NULL")
        .await;
    let revision = app.revision("positions", position).await;
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let hr = hr.clone();
            tokio::spawn(async move {
                hr.call(UpdatePosition {
                    id: position,
                    revision,
                    form: PositionTextsForm {
                        title_ka: format!("სპეციალისტი {i}"),
                        title_en: format!("Specialist {i}"),
                        ..Default::default()
                    },
                })
                .await
            })
        })
        .collect();
    let mut saved = 0;
    let mut told = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(()) => saved += 1,
            Err(app::error::AppError::Stale { .. }) => told += 1,
            Err(other) => panic!("{other:?}"),
        }
    }

    assert_eq!((saved, told), (1, 9));
    assert_eq!(app.revision("positions", position).await, revision + 1);
}

/// The public staff figures (seed 004 art. 35): anyone may read them without signing in, an
/// anonymous page may be cached a minute, a signed-in one never, and one address flooding them
/// is refused with 429 while another is served.
#[tokio::test]
async fn public_staff_figures_are_open_cacheable_and_rate_limited() {
    let app = TestApp::with_config(|c| {
        c.load_demo = true;
        c.public_per_minute = 5;
    })
    .await;
    let anonymous = app.anonymous();
    let report = anonymous
        .call(app::org::GetPublicStaffReport {})
        .await
        .expect("public");
    assert!(report.total.total() > 100);
    let page = anonymous.get("/public/staff").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(
        page.headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.as_bytes()),
        Some(&b"public, max-age=60"[..])
    );
    let hr = app.demo_user("hr").await.at_address("10.0.0.9");
    let signed_in = hr.get("/public/staff").await;
    assert_eq!(
        signed_in
            .headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
    // Two used of five: three more pass, the sixth is refused; another address is served.
    for _ in 0..3 {
        assert_eq!(
            anonymous.get("/public/staff").await.status(),
            StatusCode::OK
        );
    }
    let refused = anonymous.get("/public/staff").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        refused
            .headers()
            .get(header::RETRY_AFTER)
            .map(|v| v.as_bytes()),
        Some(&b"60"[..])
    );
    assert_eq!(
        anonymous
            .at_address("10.0.0.2")
            .get("/public/staff")
            .await
            .status(),
        StatusCode::OK
    );
    // A minute later the address is served again (the clock is the application's).
    app.clock()
        .set(app.clock().now() + chrono::Duration::seconds(61));
    assert_eq!(
        anonymous.get("/public/staff").await.status(),
        StatusCode::OK
    );
}
