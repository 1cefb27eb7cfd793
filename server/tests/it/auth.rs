//! Sign-in, throttling, sessions and password changes over HTTP.
use crate::helpers::*;
use app::domain::Role;
use axum::http::StatusCode;

#[tokio::test]
async fn signing_in_opens_a_session_the_pages_recognise() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Hr]).await;
    let response = app
        .call(
            SIGN_IN,
            &[("username", " Nino "), ("password", PASSWORD)],
            None,
        )
        .await;
    assert!(is_success(response.status()), "{}", response.status());
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    assert!(
        !set_cookie.contains("Secure"),
        "plain-HTTP deployments must not set Secure: {set_cookie}"
    );
    let cookie = session_cookie(&response).expect("session cookie");
    // 256-bit token, base64url.
    assert_eq!(cookie.len(), "mokhele_session=".len() + 43);

    let me = app.me(&cookie).await;
    assert!(me.contains("\"username\":\"nino\""), "{me}");
    let home = body_text(app.get("/", Some(&cookie)).await).await;
    assert!(
        home.contains("<html lang=\"ka\""),
        "server renders Georgian by default"
    );
    assert!(
        home.contains("მოგესალმებით, nino"),
        "home greets the user in Georgian"
    );
    // The session token is stored only as a digest.
    let token = cookie
        .split_once('=')
        .map(|(_, t)| t.to_string())
        .unwrap_or_default();
    let stored = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_digest = '{token}'"
        ))
        .await;
    assert_eq!(stored, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sign_in'")
            .await,
        1
    );
}

#[tokio::test]
async fn unknown_user_and_wrong_password_look_the_same() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;
    let wrong = app
        .call(
            SIGN_IN,
            &[("username", "nino"), ("password", "wrong-password")],
            None,
        )
        .await;
    let unknown = app
        .call(
            SIGN_IN,
            &[("username", "nobody"), ("password", "wrong-password")],
            None,
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert!(session_cookie(&wrong).is_none());
    assert_eq!(body_text(wrong).await, body_text(unknown).await);
}

#[tokio::test]
async fn empty_fields_are_field_errors_not_failures() {
    let app = TestApp::new().await;
    let response = app
        .call(SIGN_IN, &[("username", "  "), ("password", "x")], None)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = body_text(response).await;
    assert!(
        body.contains("username") && body.contains("ValidationRequired"),
        "{body}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM login_throttle").await,
        0,
        "no attempt was counted"
    );
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_even_for_the_right_one() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;
    for _ in 0..5 {
        let r = app
            .call(
                SIGN_IN,
                &[("username", "nino"), ("password", "wrong-password")],
                None,
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = app
        .call(
            SIGN_IN,
            &[("username", "nino"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(session_cookie(&locked).is_none());
    // Unknown accounts lock the same way: no way to tell which usernames exist.
    for _ in 0..5 {
        app.call(
            SIGN_IN,
            &[("username", "ghost"), ("password", "wrong-password")],
            None,
        )
        .await;
    }
    let ghost = app
        .call(SIGN_IN, &[("username", "ghost"), ("password", "x")], None)
        .await;
    assert_eq!(ghost.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_throttled() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;
    for i in 0..30 {
        app.attempt_from("10.9.9.9", &format!("user{i}"), "bad-password")
            .await;
    }
    let from_same = app.attempt_from("10.9.9.9", "nino", PASSWORD).await;
    assert_eq!(from_same.status(), StatusCode::TOO_MANY_REQUESTS);
    let from_other = app.attempt_from("10.1.1.1", "nino", PASSWORD).await;
    assert!(is_success(from_other.status()), "{}", from_other.status());
}

#[tokio::test]
async fn signing_in_again_rotates_the_session() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;
    let first = app.sign_in("nino", PASSWORD).await.expect("first");
    let second = app
        .call(
            SIGN_IN,
            &[("username", "nino"), ("password", PASSWORD)],
            Some(&first),
        )
        .await;
    let second = session_cookie(&second).expect("second");
    assert_ne!(first, second);
    let old = app.me(&first).await;
    assert_eq!(old, "null", "the session from before sign-in is gone");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 1);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;
    let cookie = app.sign_in("nino", PASSWORD).await.expect("cookie");
    let out = app.call(SIGN_OUT, &[], Some(&cookie)).await;
    assert!(is_success(out.status()));
    let cleared = out
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert_eq!(app.me(&cookie).await, "null");
    assert_eq!(
        app.call(HOME_SUMMARY, &[], Some(&cookie)).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn idle_and_absolute_timeouts_end_sessions() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;
    let cookie = app.sign_in("nino", PASSWORD).await.expect("cookie");
    app.age_sessions("last_seen_at", chrono::Duration::minutes(31))
        .await;
    assert_eq!(app.me(&cookie).await, "null", "idle for 31 minutes");

    let cookie = app.sign_in("nino", PASSWORD).await.expect("cookie");
    app.age_sessions("created_at", chrono::Duration::hours(11))
        .await;
    assert_eq!(app.me(&cookie).await, "null", "signed in 11 hours ago");
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_only() {
    let app = TestApp::new().await;
    app.user("nino", &[Role::Employee]).await;
    let here = app.sign_in("nino", PASSWORD).await.expect("here");
    let elsewhere = app.sign_in("nino", PASSWORD).await.expect("elsewhere");
    let new = "a-much-better-passphrase";
    let bad = app
        .call(
            CHANGE_PASSWORD,
            &[
                ("current", PASSWORD),
                ("new", "short"),
                ("confirmation", "short"),
            ],
            Some(&here),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body_text(bad).await.contains("PasswordTooShort"));
    let wrong = app
        .call(
            CHANGE_PASSWORD,
            &[
                ("current", "nope-nope-nope"),
                ("new", new),
                ("confirmation", new),
            ],
            Some(&here),
        )
        .await;
    assert!(body_text(wrong).await.contains("PasswordCurrentWrong"));

    let ok = app
        .call(
            CHANGE_PASSWORD,
            &[("current", PASSWORD), ("new", new), ("confirmation", new)],
            Some(&here),
        )
        .await;
    assert!(is_success(ok.status()), "{}", ok.status());
    assert_ne!(app.me(&here).await, "null");
    assert_eq!(app.me(&elsewhere).await, "null");
    assert!(app.sign_in("nino", PASSWORD).await.is_none());
    assert!(app.sign_in("nino", new).await.is_some());
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.password_changed'")
            .await,
        1
    );
}

#[tokio::test]
async fn first_start_creates_an_administrator_who_must_change_the_password() {
    let app = TestApp::with_config(|c| c.admin_password = Some("first-start-secret".into())).await;
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM users WHERE username = 'admin' AND must_change_password = 1"
        )
        .await,
        1
    );
    let cookie = app
        .sign_in("admin", "first-start-secret")
        .await
        .expect("admin signs in");
    assert_eq!(
        app.call(HOME_SUMMARY, &[], Some(&cookie)).await.status(),
        StatusCode::FORBIDDEN
    );
    let page = app.get("/", Some(&cookie)).await;
    assert!(
        page.status().is_redirection(),
        "home sends the admin to change the password: {}",
        page.status()
    );
    let new = "a-proper-passphrase-2026";
    let ok = app
        .call(
            CHANGE_PASSWORD,
            &[
                ("current", "first-start-secret"),
                ("new", new),
                ("confirmation", new),
            ],
            Some(&cookie),
        )
        .await;
    assert!(is_success(ok.status()));
    assert_eq!(
        app.call(HOME_SUMMARY, &[], Some(&cookie)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_generated_admin_password_is_returned_once_and_works() {
    let dir = tempfile::tempdir().expect("dir");
    let config = server::config::Config {
        admin_password: None,
        ..config(&dir)
    };
    let options = leptos::config::LeptosOptions::builder()
        .output_name("mokhele")
        .build();
    let state = server::build_state(&config, options).await.expect("state");
    let first = server::bootstrap(&state, &config).await.expect("bootstrap");
    let password = first.generated_admin_password.expect("generated");
    assert!(password.len() >= 32);
    let again = server::bootstrap(&state, &config)
        .await
        .expect("second start");
    assert!(
        again.generated_admin_password.is_none(),
        "only on the first start"
    );
}

#[tokio::test]
async fn concurrent_sign_ins_never_fail_with_a_busy_database() {
    let app = TestApp::new().await;
    for i in 0..8 {
        app.user(&format!("user{i}"), &[Role::Employee]).await;
    }
    let mut tasks = Vec::new();
    for i in 0..24 {
        let router = app.router.clone();
        tasks.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let user = format!("user{}", i % 8);
            let password = if i % 3 == 0 {
                "wrong-password"
            } else {
                PASSWORD
            };
            let mut request = post(
                SIGN_IN,
                &[("username", &user), ("password", password)],
                None,
            );
            let addr: std::net::SocketAddr = format!("10.0.{i}.1:1").parse().expect("addr");
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(addr));
            router.oneshot(request).await.expect("response").status()
        }));
    }
    for task in tasks {
        let status = task.await.expect("task");
        assert!(
            status != StatusCode::INTERNAL_SERVER_ERROR,
            "a write failed under concurrency"
        );
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sessions").await, 16);
}

#[tokio::test]
async fn the_language_cookie_switches_the_rendered_language() {
    let app = TestApp::new().await;
    let response = app.call(SET_LOCALE, &[("locale", "en")], None).await;
    assert!(is_success(response.status()));
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(cookie.starts_with("mokhele_lang=en"), "{cookie}");
    let english = body_text(app.get("/sign-in", Some("mokhele_lang=en")).await).await;
    assert!(english.contains("<html lang=\"en\"") && english.contains("Sign in to Mokhele"));
    let georgian = body_text(app.get("/sign-in", None).await).await;
    assert!(georgian.contains("სისტემაში შესვლა"));
    let bad = app.call(SET_LOCALE, &[("locale", "fr")], None).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
