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
    (ORG_TREE, Allowed::Roles(READERS), &[]),
    (ORG_UNIT, Allowed::Roles(READERS), &[("unit_id", "999")]),
    (ORG_VACANCIES, Allowed::Roles(OVERSIGHT), &[]),
    (ORG_STAFF_REPORT, Allowed::Roles(OVERSIGHT), &[]),
    (ORG_OPTIONS, Allowed::Roles(HR), &[]),
    (
        CREATE_UNIT,
        Allowed::Roles(HR),
        &[
            ("parent_id", ""),
            ("code", "X"),
            ("name_ka", ""),
            ("name_en", ""),
            ("valid_from", ""),
            ("order_number", ""),
            ("order_date", ""),
        ],
    ),
    (
        CHANGE_UNIT,
        Allowed::Roles(HR),
        &[
            ("unit_id", "999"),
            ("change", "rename"),
            ("name_ka", ""),
            ("name_en", ""),
            ("parent_id", ""),
            ("effective_date", ""),
            ("order_number", ""),
            ("order_date", ""),
        ],
    ),
    (
        CREATE_POSITION,
        Allowed::Roles(HR),
        &[
            ("unit_id", ""),
            ("title_ka", ""),
            ("title_en", ""),
            ("category_id", ""),
            ("employment_type", "officer"),
            ("salary", "x"),
            ("valid_from", ""),
            ("job_description_ka", ""),
            ("job_description_en", ""),
            ("requirements_min_ka", ""),
            ("requirements_min_en", ""),
            ("requirements_extra_ka", ""),
            ("requirements_extra_en", ""),
        ],
    ),
    (ORG_POSITION, Allowed::Roles(READERS), &[("id", "999")]),
    (
        MERGE_UNIT,
        Allowed::Roles(HR),
        &[
            ("unit_id", "999"),
            ("target_id", ""),
            ("effective_date", ""),
            ("order_number", ""),
            ("order_date", ""),
        ],
    ),
    (
        UPDATE_POSITION,
        Allowed::Roles(HR),
        &[
            ("id", "999"),
            ("title_ka", ""),
            ("title_en", ""),
            ("job_description_ka", ""),
            ("job_description_en", ""),
            ("requirements_min_ka", ""),
            ("requirements_min_en", ""),
            ("requirements_extra_ka", ""),
            ("requirements_extra_en", ""),
        ],
    ),
    (
        SET_SUPERVISION,
        Allowed::Roles(HR),
        &[
            ("unit_id", "999"),
            ("position_id", ""),
            ("reports_to", ""),
            ("deputy_position_id", ""),
        ],
    ),
    (
        END_POSITION,
        Allowed::Roles(HR),
        &[
            ("position_id", ""),
            ("end_date", ""),
            ("order_number", ""),
            ("order_date", ""),
        ],
    ),
    (ORDERS_LIST, Allowed::Roles(OVERSIGHT), &[]),
    (ORDERS_COUNTS, Allowed::Roles(OVERSIGHT), &[]),
    (ORDERS_GET, Allowed::Roles(OVERSIGHT), &[("id", "999")]),
    (
        ORDERS_CREATE,
        Allowed::Roles(HR),
        &[
            ("number", ""),
            ("order_date", ""),
            ("issuer", "mayor"),
            ("order_type", "main"),
            ("title", ""),
            ("effective_date", ""),
        ],
    ),
    (PEOPLE_LIST, Allowed::Roles(READERS), &[]),
    // Any signed-in user may ask; the data scope refuses other people's files (scope.rs tests).
    (PEOPLE_GET, Allowed::Roles(OVERSIGHT), &[("id", "999")]),
    (
        PEOPLE_CREATE,
        Allowed::Roles(HR),
        &[
            ("personal_number", "1"),
            ("first_name_ka", ""),
            ("last_name_ka", ""),
            ("first_name_en", ""),
            ("last_name_en", ""),
            ("gender", ""),
            ("birth_date", ""),
            ("email", ""),
            ("phone", ""),
            ("notes", ""),
        ],
    ),
    (
        PEOPLE_UPDATE,
        Allowed::Roles(HR),
        &[
            ("id", "999"),
            ("personal_number", "1"),
            ("first_name_ka", ""),
            ("last_name_ka", ""),
            ("first_name_en", ""),
            ("last_name_en", ""),
            ("gender", ""),
            ("birth_date", ""),
            ("email", ""),
            ("phone", ""),
            ("notes", ""),
        ],
    ),
    (
        APPOINT,
        Allowed::Roles(HR),
        &[
            ("employee_id", "999"),
            ("position_id", ""),
            ("basis", "competition"),
            ("start_date", ""),
            ("end_date", ""),
            ("order_number", ""),
            ("order_date", ""),
        ],
    ),
    (
        END_ASSIGNMENT,
        Allowed::Roles(HR),
        &[
            ("assignment_id", "999"),
            ("end_date", ""),
            ("reason", ""),
            ("order_number", ""),
            ("order_date", ""),
        ],
    ),
    (
        ADD_ENTRY,
        Allowed::Roles(HR),
        &[
            ("employee_id", "999"),
            ("section", "document"),
            ("a", ""),
            ("b", ""),
            ("c", ""),
        ],
    ),
    (
        REMOVE_ENTRY,
        Allowed::Roles(HR),
        &[
            ("employee_id", "999"),
            ("section", "document"),
            ("entry_id", "1"),
        ],
    ),
    (
        IMPORT,
        Allowed::Roles(HR),
        &[("kind", "employees"), ("csv", "")],
    ),
    (AUDIT_LIST, Allowed::Roles(HR), &[]),
    (EVAL_METHOD, Allowed::Roles(OVERSIGHT), &[]),
    (
        EVAL_ADOPT,
        Allowed::Roles(HR),
        &[
            ("order_number", ""),
            ("order_date", ""),
            ("valid_from", ""),
            ("scale", "1-4"),
            ("excellent", "3.5"),
            ("good", "2.5"),
            ("satisfactory", "1.5"),
            ("min_service_months", "3"),
            ("periods_per_year", "1"),
            ("planning_days", "31"),
            ("rating_days", "30"),
            ("summary_days", "45"),
            ("acknowledge_days", "7"),
            ("appeal_days", "30"),
            ("appeal_decision_days", "30"),
        ],
    ),
    (
        EVAL_ADD_COMPETENCY,
        Allowed::Roles(HR),
        &[
            ("method_id", "999"),
            ("code", ""),
            ("kind", "core"),
            ("ranks", "1"),
            ("name_ka", ""),
            ("name_en", ""),
            ("descriptor_ka", ""),
            ("descriptor_en", ""),
        ],
    ),
    (EVAL_REMOVE_COMPETENCY, Allowed::Roles(HR), &[("id", "999")]),
    (EVAL_CYCLES, Allowed::Roles(OVERSIGHT), &[]),
    (
        EVAL_OPEN,
        Allowed::Roles(HR),
        &[("year", "x"), ("period_no", "1")],
    ),
    (EVAL_DASHBOARD, Allowed::Roles(OVERSIGHT), &[("id", "999")]),
    (EVAL_LIST, Allowed::Roles(OVERSIGHT), &[("cycle_id", "999")]),
    (
        EVAL_FINALIZE_READY,
        Allowed::Roles(HR),
        &[("cycle_id", "999")],
    ),
    (EVAL_CLOSE, Allowed::Roles(HR), &[("cycle_id", "999")]),
    (EVAL_REMIND, Allowed::Roles(HR), &[("cycle_id", "999")]),
    (
        EVAL_ADD,
        Allowed::Roles(HR),
        &[("cycle_id", "999"), ("personal_number", ""), ("reason", "")],
    ),
    (EVAL_GET, Allowed::SignedIn, &[("id", "999")]),
    (EVAL_MINE, Allowed::SignedIn, &[]),
    (INBOX, Allowed::SignedIn, &[]),
    (
        EVAL_PLAN,
        Allowed::SignedIn,
        &[("id", "999"), ("objectives", "x")],
    ),
    (EVAL_CONFIRM_PLAN, Allowed::SignedIn, &[("id", "999")]),
    (
        EVAL_SELF,
        Allowed::SignedIn,
        &[("id", "999"), ("comment", "")],
    ),
    (
        EVAL_RATE,
        Allowed::SignedIn,
        &[("id", "999"), ("summary_comment", "x")],
    ),
    (
        EVAL_ANSWER,
        Allowed::SignedIn,
        &[("id", "999"), ("answer", "acknowledge"), ("objection", "")],
    ),
    (EVAL_FINALIZE, Allowed::Roles(HR), &[("id", "999")]),
    (
        EVAL_APPEAL,
        Allowed::SignedIn,
        &[("id", "999"), ("grounds", "x")],
    ),
    (
        EVAL_DECIDE,
        Allowed::SignedIn,
        &[("id", "999"), ("decision", "upheld"), ("reasoning", "x")],
    ),
    (
        EVAL_MANAGE,
        Allowed::Roles(HR),
        &[
            ("id", "999"),
            ("action", "exempt"),
            ("reason", "x"),
            ("person", ""),
        ],
    ),
    (CLASS_SETTINGS, Allowed::Roles(OVERSIGHT), &[]),
    (
        CLASS_RATE,
        Allowed::Roles(HR),
        &[
            ("class_no", ""),
            ("rate", ""),
            ("valid_from", ""),
            ("legal_source", ""),
            ("certainty", ""),
        ],
    ),
    (
        CLASS_RULE,
        Allowed::Roles(HR),
        &[
            ("key", ""),
            ("value", ""),
            ("valid_from", ""),
            ("legal_source", ""),
            ("certainty", ""),
        ],
    ),
    (CLASS_ELIGIBILITY, Allowed::Roles(OVERSIGHT), &[]),
    (
        CLASS_DRAFT,
        Allowed::Roles(HR),
        &[("number", ""), ("order_date", ""), ("effective_date", "")],
    ),
    (CLASS_ORDERS, Allowed::Roles(OVERSIGHT), &[]),
    (CLASS_ORDER, Allowed::Roles(OVERSIGHT), &[("id", "999")]),
    (
        CLASS_VISA,
        Allowed::Roles(HR),
        &[("id", "999"), ("visa_by", ""), ("visa_date", "")],
    ),
    (CLASS_SIGN, Allowed::Roles(MAYOR), &[("id", "999")]),
    (
        CLASS_CANCEL,
        Allowed::Roles(HR),
        &[("id", "999"), ("reason", "")],
    ),
    (CLASS_OLD_RANKS, Allowed::Roles(OVERSIGHT), &[]),
    (
        CLASS_RECORD_RANK,
        Allowed::Roles(HR),
        &[
            ("personal_number", ""),
            ("old_rank_class", ""),
            ("proof_number", ""),
            ("proof_date", ""),
        ],
    ),
    (
        CLASS_CONFIRM_RANK,
        Allowed::Roles(HR),
        &[("id", "999"), ("class_no", "")],
    ),
    (CLASS_REMOVE_RANK, Allowed::Roles(HR), &[("id", "999")]),
    (
        CLASS_EQUALIZE,
        Allowed::Roles(HR),
        &[("number", ""), ("order_date", ""), ("effective_date", "")],
    ),
    (PAY_REGISTER, Allowed::Roles(OVERSIGHT), &[]),
    (CLASS_REPORTS, Allowed::Roles(OVERSIGHT), &[]),
    (
        EMPLOYEE_CLASSES,
        Allowed::Roles(OVERSIGHT),
        &[("id", "999")],
    ),
];

const HR: &[Role] = &[Role::Hr];
/// The mayor (signs orders).
const MAYOR: &[Role] = &[Role::Mayor];
/// HR and the mayor.
const OVERSIGHT: &[Role] = &[Role::Hr, Role::Mayor];
/// HR, the mayor and managers (scoped to their people).
const READERS: &[Role] = &[Role::Hr, Role::Mayor, Role::Manager];

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
