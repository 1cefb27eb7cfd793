//! The authorization matrix: every server function with the roles allowed to call it. A new
//! server function that is not listed here fails `every_server_function_is_listed`.
use crate::helpers::*;
use app::domain::Role;
use axum::http::StatusCode;

#[derive(Clone, Copy, Debug)]
enum Allowed {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, even before the forced password change.
    SignedInAllowingPasswordChange,
    /// Any signed-in user.
    SignedIn,
    /// Signed-in users holding one of these roles.
    #[allow(dead_code)]
    Roles(&'static [Role]),
}

/// (path, who may call, a valid form body)
const MATRIX: &[(&str, Allowed, &[(&str, &str)])] = &[
    (CURRENT_USER, Allowed::Public, &[]),
    (
        SIGN_IN,
        Allowed::Public,
        &[("username", "someone"), ("password", "something")],
    ),
    (SIGN_OUT, Allowed::Public, &[]),
    (SET_LOCALE, Allowed::Public, &[("locale", "en")]),
    (
        CHANGE_PASSWORD,
        Allowed::SignedInAllowingPasswordChange,
        &[
            ("current", "wrong-current"),
            ("new", "another-long-pass"),
            ("confirmation", "another-long-pass"),
        ],
    ),
    (HOME_SUMMARY, Allowed::SignedIn, &[]),
];

#[test]
fn every_server_function_is_listed() {
    let registered: std::collections::BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let listed: std::collections::BTreeSet<String> =
        MATRIX.iter().map(|(p, _, _)| p.to_string()).collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        missing.is_empty(),
        "server functions missing from the authorization matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "matrix lists paths that are not server functions: {stale:?}"
    );
}

/// An authorization refusal, as opposed to a refusal of the input (e.g. a wrong password).
fn denied(body: &str) -> bool {
    [
        "\"Unauthenticated\"",
        "\"Forbidden\"",
        "\"PasswordChangeRequired\"",
    ]
    .iter()
    .any(|code| body.contains(code))
}

async fn call(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    cookie: Option<&str>,
) -> (StatusCode, String) {
    let response = app.call(path, form, cookie).await;
    (response.status(), body_text(response).await)
}

#[tokio::test]
async fn every_server_function_enforces_its_access_rule() {
    let app = TestApp::new().await;
    let mut callers: Vec<(Vec<Role>, Option<String>)> = vec![(vec![], None)];
    for role in Role::ALL {
        let name = format!("only-{}", role.code());
        app.user(&name, &[role]).await;
        callers.push((vec![role], app.sign_in(&name, PASSWORD).await));
    }
    app.user("pending", &[Role::Hr]).await;
    sqlx::query("UPDATE users SET must_change_password = 1 WHERE username = 'pending'")
        .execute(&app.state.db.write)
        .await
        .expect("flag");
    let pending = app.sign_in("pending", PASSWORD).await;

    for (path, allowed, form) in MATRIX {
        if *path == SIGN_OUT {
            continue; // would end the sessions the loop relies on; covered in auth.rs
        }
        for (roles, cookie) in &callers {
            let (status, body) = call(&app, path, form, cookie.as_deref()).await;
            let should_pass = match allowed {
                Allowed::Public => true,
                Allowed::SignedIn | Allowed::SignedInAllowingPasswordChange => cookie.is_some(),
                Allowed::Roles(allowed) => {
                    cookie.is_some() && roles.iter().any(|r| allowed.contains(r))
                }
            };
            if should_pass {
                assert!(!denied(&body), "{path} refused {roles:?}: {status} {body}");
            } else {
                let expected = if cookie.is_some() {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::UNAUTHORIZED
                };
                assert_eq!(status, expected, "{path} as {roles:?}");
                assert!(denied(&body), "{path} as {roles:?}: {body}");
            }
        }
        let (status, body) = call(&app, path, form, pending.as_deref()).await;
        match allowed {
            Allowed::Public | Allowed::SignedInAllowingPasswordChange => {
                assert!(!denied(&body), "{path}: {body}")
            }
            _ => assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{path} before the password change"
            ),
        }
    }
}

#[tokio::test]
async fn home_figures_follow_roles() {
    let app = TestApp::with_config(|c| c.load_demo = true).await;
    let employee = app
        .sign_in("employee", "Mokhele-Employee-2026")
        .await
        .expect("employee");
    let body = body_text(app.call(HOME_SUMMARY, &[], Some(&employee)).await).await;
    assert!(
        body.contains("\"organisation\":null") && body.contains("\"user_count\":null"),
        "{body}"
    );
    assert!(body.contains("\"supervised\":null"));
    let hr = app.sign_in("hr", "Mokhele-HR-2026").await.expect("hr");
    let body = body_text(app.call(HOME_SUMMARY, &[], Some(&hr)).await).await;
    assert!(
        body.contains("\"services\":8") && body.contains("\"departments\":17"),
        "{body}"
    );
    let manager = app
        .sign_in("manager", "Mokhele-Manager-2026")
        .await
        .expect("manager");
    let body = body_text(app.call(HOME_SUMMARY, &[], Some(&manager)).await).await;
    assert!(body.contains("\"organisation\":null"), "{body}");
    assert!(
        !body.contains("\"supervised\":null") && !body.contains("\"supervised\":0"),
        "{body}"
    );
}
