//! Cross-site requests and response headers.
use crate::support::*;
use app::auth::{GetCurrentUser, SignIn};
use app::domain::Role;
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
