//! Security test 9: no argument, however extreme or malformed, makes a server function fail
//! with 500 or panic (which drops the connection). Every server function of the authorization
//! matrix is called with each of its fields, and with the usual optional ones, set to values
//! at and beyond the edges of their types; the answers must be the caller's fault (4xx) or a
//! success.
use crate::matrix::matrix;
use crate::support::*;
use app::domain::Role;
use app::error::AppError;
use axum::http::StatusCode;

const EXTREMES: &[&str] = &[
    "9223372036854775807",
    "-9223372036854775808",
    "99999999999999999999999",
    "+262143-12-31",
    "262143-12",
    "-0001-01-01",
    "NaN",
];

/// Optional arguments the valid forms leave out.
const OPTIONAL: &[&str] = &[
    "page",
    "filter[page]",
    "year",
    "filter[year]",
    "month",
    "as_of",
    "unit",
    "version",
];

fn pairs(body: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(body).expect("form")
}

fn encode(pairs: &[(String, String)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extreme_and_malformed_arguments_never_fail_the_server() {
    let app = TestApp::demo().await;
    app.user("everyone", Role::ALL).await;
    let caller = app.sign_in("everyone", PASSWORD).await.expect("signed in");
    let skip = [
        "/api/auth/sign_out",
        "/api/auth/change_password",
        "/api/auth/sign_in",
    ];
    let mut calls = 0;

    for case in matrix().into_iter().filter(|c| !skip.contains(&c.path)) {
        let base = pairs(&case.body);
        let mut variants: Vec<Vec<(String, String)>> = Vec::new();
        for i in 0..base.len() {
            for value in EXTREMES {
                let mut v = base.clone();
                v[i].1 = value.to_string();
                variants.push(v);
            }
        }
        for key in OPTIONAL {
            for value in EXTREMES {
                let mut v = base.clone();
                v.push((key.to_string(), value.to_string()));
                variants.push(v);
            }
        }
        for form in variants {
            let body = encode(&form);
            let response = caller.post(case.path, body.clone()).await;
            let status = response.status();
            let text = body_text(response).await;
            calls += 1;
            assert!(
                !status.is_server_error(),
                "{} with {body}: {status} {text}",
                case.path
            );
            if !status.is_success() && status != StatusCode::SEE_OTHER {
                let error: AppError = serde_json::from_str(&text)
                    .unwrap_or_else(|_| panic!("{} with {body}: {status} {text}", case.path));
                assert_eq!(status, error.status(), "{} with {body}", case.path);
            }
        }
    }
    assert!(calls > 3_000, "{calls} calls");
}

#[tokio::test]
async fn a_huge_page_number_is_refused_with_a_field_error() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;

    let huge = hr
        .call(app::people::ListEmployees {
            filter: Some(app::people::EmployeeFilter {
                page: Some(i64::MAX),
                ..Default::default()
            }),
        })
        .await;
    let malformed = hr
        .post(
            <app::people::ListEmployees as leptos::server_fn::ServerFn>::PATH,
            "filter[page]=twelve".into(),
        )
        .await;

    assert_invalid(huge, "page", app::i18n::Key::ValidationNumber);
    assert_eq!(malformed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: AppError = serde_json::from_str(&body_text(malformed).await).expect("error");
    assert_eq!(
        error,
        AppError::Request,
        "no parser text reaches the browser"
    );
}

/// Issue 16: a date outside 1900–2100 is refused next to its field, in the language of the
/// page, with every other problem of the form in the same answer; Georgian `dd.mm.yyyy` and ISO
/// are both accepted.
#[tokio::test]
async fn dates_out_of_range_are_field_errors_reported_with_every_other_problem() {
    use app::orders::{CreateOrder, NewOrderForm};
    let app = TestApp::new().await;
    app.user("hr", &[Role::Hr]).await;
    let hr = app.sign_in("hr", PASSWORD).await.expect("signed in");
    let order = |order_date: &str, title: &str| CreateOrder {
        form: NewOrderForm {
            number: "17-ბ".into(),
            order_date: order_date.into(),
            issuer: "mayor".into(),
            order_type: "main".into(),
            title: title.into(),
            effective_date: String::new(),
        },
    };
    let refused_with = |e: AppError| match e {
        AppError::Invalid { field, problem } => vec![(field, problem)],
        AppError::Problems(p) => p.into_iter().map(|p| (p.field, p.problem)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    };
    use app::i18n::Key;
    assert_eq!(
        refused_with(refused(hr.call(order("1800-01-01", "x")).await)),
        [("order_date".to_string(), Key::ValidationDateRange)]
    );
    assert_eq!(
        refused_with(refused(hr.call(order("01.01.2101", "")).await)),
        [
            ("order_date".to_string(), Key::ValidationDateRange),
            ("title".to_string(), Key::ValidationRequired)
        ]
    );
    assert_eq!(
        refused_with(refused(hr.call(order("31.02.2026", "x")).await)),
        [("order_date".to_string(), Key::ValidationDate)]
    );
    hr.call(order("01.03.2026", "On leave"))
        .await
        .expect("Georgian date");
    hr.call(order("2025-03-02", "On leave"))
        .await
        .expect("ISO date (another year: numbers are per year)");
}

/// Issue 16: a change says it was saved. Without JavaScript the form's redirect carries a
/// one-time cookie; the page it lands on says "Saved." and clears it. A refused form, signing
/// in and the language leave no such cookie.
#[tokio::test]
async fn a_change_posted_without_javascript_is_confirmed_once_on_the_next_page() {
    use app::orders::{CreateOrder, NewOrderForm};
    let app = TestApp::new().await;
    app.user("hr", &[Role::Hr]).await;
    let hr = app.sign_in("hr", PASSWORD).await.expect("signed in");
    let order = |title: &str| CreateOrder {
        form: NewOrderForm {
            number: "18-ბ".into(),
            order_date: "01.03.2026".into(),
            issuer: "mayor".into(),
            order_type: "main".into(),
            title: title.into(),
            effective_date: String::new(),
        },
    };
    let notice = |response: &axum::http::Response<axum::body::Body>| {
        response
            .headers()
            .get_all(axum::http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("mokhele_notice="))
            .map(str::to_string)
    };
    let refused = hr.post_from_page("/orders", order("")).await;
    assert!(refused.status().is_redirection());
    assert_eq!(notice(&refused), None, "a refused form is not saved");
    let saved = hr.post_from_page("/orders", order("On leave")).await;
    assert!(saved.status().is_redirection());
    assert!(
        notice(&saved).is_some_and(|c| c.contains("HttpOnly")),
        "{:?}",
        notice(&saved)
    );

    let page = hr.get_with_cookie("/orders", "mokhele_notice=saved").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        notice(&page).is_some_and(|c| c.contains("Max-Age=0")),
        "cleared once shown"
    );
    let html = body_text(page).await;
    assert!(html.contains("ცვლილება შენახულია."), "the page says so");
    let (_, plain) = hr.text("/orders").await;
    assert!(!plain.contains("ცვლილება შენახულია."));

    let sign_in = app
        .anonymous()
        .post_from_page(
            "/sign-in",
            app::auth::SignIn {
                username: "hr".into(),
                password: PASSWORD.into(),
                next: None,
            },
        )
        .await;
    assert_eq!(notice(&sign_in), None, "signing in changes no record");
}
