//! Separation of duties, as "allowed role, forbidden relation" cases: the role may call the
//! function, but not on this evaluation. Nobody acts on their own evaluation except as its
//! officer; the evaluator HR assigns is never HR themselves nor the officer; an appeal's
//! reviewer is named by the mayor and is never the evaluator, the officer or the mayor naming
//! them.
use crate::support::fixtures::yes;
use crate::support::*;
use app::error::AppError;
use app::evaluation::*;
use app::i18n::Key;

fn hr_change(id: i64, action: &str, person: &str) -> ManageEvaluation {
    ManageEvaluation {
        id,
        action: action.into(),
        reason: "Because.".into(),
        person: person.into(),
    }
}

async fn personal_number(app: &TestApp, employee: i64) -> String {
    sqlx::query_scalar("SELECT personal_number FROM employees WHERE id = $1")
        .bind(employee)
        .fetch_one(&app.state.db.read)
        .await
        .expect("personal number")
}

#[tokio::test]
async fn hr_cannot_act_on_their_own_evaluation() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let cycle = app.cycle(app.live_year()).await;
    let own = app.evaluation(cycle, app.employee_of("hr").await).await;
    let colleague = personal_number(&app, app.employee_of("employee").await).await;

    let attempts = [
        hr.call(hr_change(own, "exempt", "")).await,
        hr.call(hr_change(own, "reassign", &colleague)).await,
        hr.call(FinalizeEvaluation {
            id: own,
            confirm: yes(),
        })
        .await,
    ];

    for attempt in attempts {
        assert_eq!(attempt, Err(AppError::Forbidden));
    }
    let detail = hr
        .call(GetEvaluation { id: own })
        .await
        .expect("their own to read");
    assert!(!detail.can.manage() && !detail.can.finalize);
    assert_eq!(app.audited("evaluation.exempt", Some(own)).await, 0);
}

#[tokio::test]
async fn hr_cannot_make_themselves_the_evaluator_of_someone_else() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let cycle = app.cycle(app.live_year()).await;
    let someone = app
        .evaluation(cycle, app.employee_of("employee").await)
        .await;
    let hr_number = personal_number(&app, app.employee_of("hr").await).await;
    let officer_number = personal_number(&app, app.employee_of("employee").await).await;

    let to_themselves = hr.call(hr_change(someone, "reassign", &hr_number)).await;
    let to_the_officer = hr
        .call(hr_change(someone, "reassign", &officer_number))
        .await;

    assert_invalid(to_themselves, "person", Key::EvalEvaluatorIsYou);
    assert_invalid(to_the_officer, "person", Key::EvalSelfEvaluator);
}

#[tokio::test]
async fn finalizing_a_cycle_leaves_hrs_own_evaluation_to_a_colleague() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let cycle_id = app.cycle(app.live_year()).await;
    let own = app.evaluation(cycle_id, app.employee_of("hr").await).await;
    // Bring HR's own evaluation to "awaiting finalization" like the others waiting there.
    sqlx::query("UPDATE evaluations SET stage = 'finalization' WHERE id = $1")
        .bind(own)
        .execute(&app.state.db.write)
        .await
        .expect("arrange");
    sqlx::query("UPDATE evaluation_scores SET score = 3 WHERE evaluation_id = $1")
        .bind(own)
        .execute(&app.state.db.write)
        .await
        .expect("arrange");

    hr.call(FinalizeReady {
        cycle_id,
        confirm: yes(),
    })
    .await
    .expect("finalized the others");

    let stage: String = sqlx::query_scalar("SELECT stage FROM evaluations WHERE id = $1")
        .bind(own)
        .fetch_one(&app.state.db.read)
        .await
        .expect("stage");
    assert_eq!(stage, "finalization", "still waiting for another HR user");
}

#[tokio::test]
async fn only_the_mayor_names_an_appeal_reviewer_and_never_an_involved_one() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let appealed = app
        .scalar("SELECT id FROM evaluations WHERE stage = 'appealed' ORDER BY id LIMIT 1")
        .await;
    let delegate = |username: &str| DelegateAppeal {
        id: appealed,
        username: username.into(),
        reason: "Workload.".into(),
    };
    let involved: Vec<String> = sqlx::query_scalar(
        "SELECT u.username FROM users u JOIN evaluations e
           ON u.employee_id IN (e.employee_id, e.evaluator_id) WHERE e.id = $1",
    )
    .bind(appealed)
    .fetch_all(&app.state.db.read)
    .await
    .expect("involved users");

    assert_eq!(
        hr.call(delegate("commission")).await,
        Err(AppError::Forbidden)
    );
    assert_invalid(
        mayor.call(delegate("mayor")).await,
        "username",
        Key::EvalReviewerInvalid,
    );
    for username in &involved {
        assert_invalid(
            mayor.call(delegate(username)).await,
            "username",
            Key::EvalReviewerInvalid,
        );
    }
    assert_eq!(mayor.call(delegate("commission")).await, Ok(()));
    assert_eq!(app.audited("evaluation.delegate", Some(appealed)).await, 1);
}
