//! Probation over HTTP on the demo: the supervisor's quarterly reviews with the probationer's
//! answer, two negatives raising a dismissal ground that only the mayor decides (by order),
//! the oath after the term, and who may read what.
use crate::support::fixtures::{order, yes};
use crate::support::*;
use app::domain::probation::{GroundDecision, ProbationState, ReviewOutcome, ReviewState};
use app::domain::task::TaskKind;
use app::error::AppError;
use app::i18n::Key;
use app::probation::*;
use chrono::Days;

async fn probation_of(app: &TestApp, personal_number: &str) -> i64 {
    app.scalar(&format!(
        "SELECT r.id FROM probation_records r JOIN employees e ON e.id = r.employee_id
         WHERE e.personal_number = '{personal_number}'"
    ))
    .await
}

#[tokio::test]
async fn two_negative_reviews_raise_a_ground_the_mayor_decides_by_order() {
    let app = TestApp::demo().await;
    let id = probation_of(&app, "50001234567").await;
    let manager = app.demo_user("manager").await;
    let probationer = app.demo_user("probationer").await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;

    // The demo: quarter 1 negative, final and acknowledged; quarter 2 over and not reviewed.
    let d = manager
        .call(GetProbation { id })
        .await
        .expect("the supervisor reads it");
    assert_eq!(d.state, ProbationState::Running);
    let q1 = d.quarters[0].review.as_ref().expect("quarter 1 reviewed");
    assert_eq!(
        (q1.outcome, q1.state),
        (ReviewOutcome::Negative, ReviewState::Acknowledged)
    );
    assert!(q1.answer.is_some());
    assert!(d.quarters[1].may_review && !d.quarters[2].may_review);
    let tasks = manager.call(app::home::MyTasks {}).await.expect("tasks");
    assert!(tasks.iter().any(|t| t.kind == TaskKind::ProbationReview));

    // Only the supervisor reviews; every problem of the form at once.
    let review = |outcome: &str, text: &str| ReviewQuarter {
        id,
        quarter: 2,
        outcome: outcome.into(),
        justification: text.into(),
    };
    assert_eq!(
        refused(probationer.call(review("positive", "fine")).await),
        AppError::Forbidden
    );
    assert_eq!(
        refused(hr.call(review("positive", "fine")).await),
        AppError::Forbidden
    );
    let mut problems = fields(refused(manager.call(review("", "  ")).await));
    problems.sort();
    assert_eq!(problems, ["justification", "outcome"]);
    manager
        .call(review("negative", "The monthly reports came late again."))
        .await
        .expect("reviewed");

    // The probationer answers; the supervisor makes it final (a changed outcome needs a note).
    probationer
        .call(AnswerReview {
            id,
            quarter: 2,
            answer: "I disagree: the reports were late because of the new system.".into(),
        })
        .await
        .expect("answered");
    let finalize = |outcome: &str, note: &str| FinalizeReview {
        id,
        quarter: 2,
        outcome: outcome.into(),
        note: note.into(),
        confirm: yes(),
    };
    assert_invalid(
        manager.call(finalize("positive", "")).await,
        "note",
        Key::ProbationNoteWhenChanged,
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM dismissal_grounds").await,
        0
    );
    manager.call(finalize("negative", "")).await.expect("final");

    // Two negatives: the ground is raised with its evidence, in the same transaction.
    assert_eq!(app.audited("probation.ground_raised", Some(id)).await, 1);
    let d = mayor
        .call(GetProbation { id })
        .await
        .expect("the mayor reads it");
    assert_eq!(d.grounds.len(), 1);
    assert_eq!(d.grounds[0].quarters, [1, 2]);
    assert!(d.may_decide);
    for client in [&hr, &mayor] {
        let tasks = client.call(app::home::MyTasks {}).await.expect("tasks");
        assert!(tasks.iter().any(|t| t.kind == TaskKind::ProbationGround));
    }

    // HR cannot decide; the mayor's decision needs its reason, day, order and confirmation.
    let decide = |form: GroundDecisionForm| DecideGround { id, form };
    assert_eq!(
        refused(hr.call(decide(GroundDecisionForm::default())).await),
        AppError::Forbidden
    );
    let mut problems = fields(refused(
        mayor
            .call(decide(GroundDecisionForm {
                decision: GroundDecision::Dismiss.code().into(),
                ..Default::default()
            }))
            .await,
    ));
    problems.sort();
    assert_eq!(
        problems,
        [
            "confirm",
            "end_date",
            "order_date",
            "order_number",
            "reason"
        ]
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM probation_records WHERE id = {id} AND state = 'running'"
        ))
        .await,
        1
    );

    let today = day_of(app.today());
    mayor
        .call(decide(GroundDecisionForm {
            decision: GroundDecision::Dismiss.code().into(),
            reason: "Two negative quarterly reviews.".into(),
            end_date: today.clone(),
            order: order("2-2/901", &today),
            confirm: yes(),
        }))
        .await
        .expect("decided");
    let d = hr.call(GetProbation { id }).await.expect("HR reads it");
    assert_eq!(d.state, ProbationState::Failed);
    assert_eq!(d.grounds[0].decision, Some(GroundDecision::Dismiss));
    assert_eq!(
        d.grounds[0].order.as_ref().map(|o| o.number.as_str()),
        Some("2-2/901")
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM assignments a JOIN probation_records r ON r.assignment_id = a.id
             WHERE r.id = {id} AND a.end_date IS NOT NULL AND a.end_order_id IS NOT NULL"
        ))
        .await,
        1
    );
    assert_eq!(app.audited("probation.ground_decided", Some(id)).await, 1);
    // Decided once.
    assert_eq!(
        refused(
            mayor
                .call(decide(GroundDecisionForm {
                    decision: GroundDecision::Continue.code().into(),
                    reason: "Again.".into(),
                    confirm: yes(),
                    ..Default::default()
                }))
                .await
        ),
        AppError::Conflict(Key::ProbationNotRunning)
    );
}

#[tokio::test]
async fn the_oath_comes_after_the_term_and_reads_are_scoped() {
    let app = TestApp::demo().await;
    let id = probation_of(&app, "50007654321").await;
    let hr = app.demo_user("hr").await;
    let d = hr.call(GetProbation { id }).await.expect("HR reads it");
    assert!(d.mentor.is_some(), "the demo names a mentor");
    assert!(
        !d.plan.is_empty(),
        "the plan is drafted from the job description"
    );
    assert!(!d.may_record_oath);
    let oath = |on: String| RecordOath {
        id,
        oath_on: on,
        confirm: yes(),
    };
    assert_eq!(
        refused(hr.call(oath(day_of(app.today()))).await),
        AppError::Conflict(Key::ProbationNotYetPassed)
    );

    // Who reads: the mentor (the demo employee) yes; a commission member no, and their list
    // is empty; the manager lists both of the department's probationers.
    let employee = app.demo_user("employee").await;
    employee
        .call(GetProbation { id })
        .await
        .expect("the mentor reads it");
    let commission = app.demo_user("commission").await;
    assert_eq!(
        refused(commission.call(GetProbation { id }).await),
        AppError::Forbidden
    );
    assert!(commission
        .call(ListProbations {})
        .await
        .expect("list")
        .rows
        .is_empty());
    let manager = app.demo_user("manager").await;
    assert_eq!(
        manager
            .call(ListProbations {})
            .await
            .expect("list")
            .rows
            .len(),
        2
    );
    let before = app.audited("probation.read", Some(id)).await;
    manager.call(GetProbation { id }).await.expect("read");
    assert_eq!(app.audited("probation.read", Some(id)).await, before + 1);

    // After the term: the oath only on a day after it and not in the future.
    let after = d.ends_on + Days::new(3);
    app.clock()
        .set(after.and_hms_opt(8, 0, 0).expect("time").and_utc());
    let hr = app.demo_user("hr").await;
    let tasks = hr.call(app::home::MyTasks {}).await.expect("tasks");
    assert!(tasks
        .iter()
        .any(|t| t.kind == TaskKind::ProbationEnds && t.overdue));
    assert_invalid(
        hr.call(oath(day_of(d.ends_on))).await,
        "oath_on",
        Key::ProbationOathDay,
    );
    assert_invalid(
        hr.call(oath(day_of(after + Days::new(1)))).await,
        "oath_on",
        Key::ProbationOathDay,
    );
    hr.call(oath(day_of(d.ends_on + Days::new(1))))
        .await
        .expect("oath");
    let d = hr.call(GetProbation { id }).await.expect("read");
    assert_eq!(
        (d.state, d.oath_on),
        (ProbationState::Passed, Some(d.ends_on + Days::new(1)))
    );
    assert_eq!(app.audited("probation.passed", Some(id)).await, 1);
}

fn day_of(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}
