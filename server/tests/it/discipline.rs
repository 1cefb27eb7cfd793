//! Disciplinary records, the evaluation's dismissal ground and training over HTTP on the demo.
use crate::support::fixtures::{appointment, order, yes};
use crate::support::*;
use app::discipline::*;
use app::domain::career::NeedSource;
use app::domain::task::TaskKind;
use app::error::AppError;
use app::i18n::Key;
use app::training::*;

/// A person's personal number, the way HR names them in a form.
async fn number_of(app: &TestApp, employee: i64) -> String {
    sqlx::query_scalar("SELECT personal_number FROM employees WHERE id = $1")
        .bind(employee)
        .fetch_one(&app.state.db.read)
        .await
        .expect("a personal number")
}

fn sanction(person: &str, kind: &str, from: &str, to: &str, number: &str) -> SanctionForm {
    SanctionForm {
        person: person.into(),
        kind: kind.into(),
        reason: "Repeated breach of the reporting deadlines.".into(),
        valid_from: from.into(),
        valid_to: to.into(),
        order: order(number, from),
        confirm: yes(),
    }
}

#[tokio::test]
async fn sanctions_are_recorded_by_order_seen_by_their_person_and_a_dismissal_bars_appointment() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let employee = app.demo_user("employee").await;
    let manager = app.demo_user("manager").await;
    let me = app.employee_of("employee").await;

    // Every problem at once.
    assert_eq!(
        fields(refused(
            hr.call(RecordSanction {
                form: SanctionForm::default()
            })
            .await
        )),
        [
            "confirm",
            "kind",
            "order_date",
            "order_number",
            "person",
            "reason",
            "valid_from"
        ]
    );
    let mut bad = sanction(
        &number_of(&app, me).await,
        "dismissal",
        "2026-11-10",
        "2026-12-10",
        "2-3/501",
    );
    bad.confirm = None;
    assert_eq!(
        fields(refused(hr.call(RecordSanction { form: bad }).await)),
        ["confirm", "valid_to"]
    );
    let id = hr
        .call(RecordSanction {
            form: sanction(
                &number_of(&app, me).await,
                "reprimand",
                "2026-11-02",
                "2027-05-01",
                "2-3/502",
            ),
        })
        .await
        .expect("recorded");
    assert_eq!(app.audited("sanction.recorded", Some(id)).await, 1);
    // The person sees their own; a manager without oversight sees none of others'.
    let own = employee
        .call(ListDiscipline { employee: None })
        .await
        .expect("own");
    assert_eq!(own.sanctions.len(), 1);
    assert!(own.sanctions[0].in_force && own.grounds.is_empty());
    let theirs = manager
        .call(ListDiscipline { employee: None })
        .await
        .expect("manager");
    assert!(theirs.sanctions.iter().all(|s| s.person.id != me));
    // Lifted early: a stale form is refused, then it is in force no more.
    let lift = |revision: i64, day: &str| LiftSanction {
        id,
        revision,
        lifted_on: day.into(),
        reason: "Corrected.".into(),
        confirm: yes(),
    };
    assert_invalid(
        hr.call(lift(0, "2026-10-01")).await,
        "lifted_on",
        Key::DisciplineLiftDay,
    );
    assert!(matches!(
        refused(hr.call(lift(7, "2026-11-19")).await),
        AppError::Stale { .. }
    ));
    hr.call(lift(0, "2026-11-19")).await.expect("lifted");
    let own = employee
        .call(ListDiscipline { employee: None })
        .await
        .expect("own");
    assert!(!own.sanctions[0].in_force);

    // A disciplinary dismissal ends the appointments and bars a new one for 12 months.
    let person = app
        .scalar(
            "SELECT a.employee_id FROM assignments a JOIN positions p ON p.id = a.position_id
             WHERE a.end_date IS NULL AND a.basis <> 'acting' AND p.employment_type = 'officer'
               AND NOT EXISTS (SELECT 1 FROM users u WHERE u.employee_id = a.employee_id)
             ORDER BY a.employee_id LIMIT 1",
        )
        .await;
    let position = app
        .scalar(&format!(
            "SELECT position_id FROM assignments WHERE employee_id = {person} AND end_date IS NULL LIMIT 1"
        ))
        .await;
    hr.call(RecordSanction {
        form: sanction(
            &number_of(&app, person).await,
            "dismissal",
            "2026-11-10",
            "",
            "2-3/503",
        ),
    })
    .await
    .expect("dismissed");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM assignments WHERE employee_id = {person} AND (end_date IS NULL OR end_date > '2026-11-10')"
        ))
        .await,
        0
    );
    assert_invalid(
        hr.call(app::people::Appoint {
            employee_id: person,
            form: appointment(
                position,
                "competition",
                "2026-11-21",
                order("2-3/504", "2026-11-20"),
            ),
        })
        .await,
        "start_date",
        Key::DisciplineDismissalBars,
    );
}

#[tokio::test]
async fn consecutive_unsatisfactory_results_raise_a_ground_and_a_training_need() {
    let app = TestApp::demo().await;
    let (employee, evaluation, cycle) = {
        let employee = app
            .scalar(
                "SELECT employee_id FROM evaluations WHERE stage = 'finalized'
                 GROUP BY employee_id HAVING COUNT(*) >= 2 ORDER BY employee_id LIMIT 1",
            )
            .await;
        let evaluation = app
            .scalar(&format!(
                "SELECT e.id FROM evaluations e JOIN evaluation_cycles c ON c.id = e.cycle_id
                 WHERE e.employee_id = {employee} AND e.stage = 'finalized'
                 ORDER BY c.period_start DESC LIMIT 1"
            ))
            .await;
        let cycle = app
            .scalar(&format!(
                "SELECT cycle_id FROM evaluations WHERE id = {evaluation}"
            ))
            .await;
        (employee, evaluation, cycle)
    };
    sqlx::query(&format!(
        "UPDATE evaluation_results SET rating = 'unsatisfactory' WHERE evaluation_id IN
           (SELECT id FROM evaluations WHERE employee_id = {employee} AND stage = 'finalized')"
    ))
    .execute(&app.state.db.write)
    .await
    .expect("results made unsatisfactory");
    let hr_actor = app::auth::service::actor_for(&app.state.db, "hr", test_now())
        .await
        .expect("actor")
        .expect("hr");
    for _ in 0..2 {
        // Twice: the need and the ground are raised once.
        let mut tx = app.state.db.write.begin().await.expect("tx");
        app::discipline::service::after_results(&mut tx, &hr_actor, cycle, Some(evaluation))
            .await
            .expect("consequences");
        tx.commit().await.expect("commit");
    }
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM training_needs WHERE employee_id = {employee} AND source = 'evaluation'"
        ))
        .await,
        1
    );
    let mayor = app.demo_user("mayor").await;
    let hr = app.demo_user("hr").await;
    let board = mayor
        .call(ListDiscipline { employee: None })
        .await
        .expect("board");
    let ground = board
        .grounds
        .iter()
        .find(|g| g.person.id == employee)
        .expect("a ground");
    assert!(ground.evidence.len() >= 2 && ground.decision.is_none());
    for client in [&hr, &mayor] {
        let tasks = client.call(app::home::MyTasks {}).await.expect("tasks");
        assert!(tasks.iter().any(|t| t.kind == TaskKind::EvaluationGround));
    }
    let hr_tasks = hr.call(app::home::MyTasks {}).await.expect("tasks");
    assert!(hr_tasks.iter().any(|t| t.kind == TaskKind::TrainingNeed));
    let decide = |decision: &str, reason: &str| DecideEvaluationGround {
        id: ground.id,
        form: EvaluationGroundForm {
            decision: decision.into(),
            reason: reason.into(),
            confirm: yes(),
            ..Default::default()
        },
    };
    assert_eq!(
        fields(refused(mayor.call(decide("dismiss", "")).await)),
        ["end_date", "order_date", "order_number", "reason"]
    );
    mayor
        .call(decide(
            "continue",
            "A development plan first; the training is arranged.",
        ))
        .await
        .expect("decided");
    assert_eq!(
        app.audited("evaluation.ground_decided", Some(ground.id))
            .await,
        1
    );
    assert_eq!(
        refused(mayor.call(decide("continue", "again")).await),
        AppError::Conflict(Key::ProbationNoGround)
    );

    // HR meets the need with a training; every problem of the form at once first.
    let need = board_need(&hr, employee).await;
    assert_eq!(
        fields(refused(
            hr.call(RecordTraining {
                form: TrainingForm::default()
            })
            .await
        )),
        [
            "course",
            "ends_on",
            "hours",
            "person",
            "provider",
            "starts_on"
        ]
    );
    hr.call(RecordTraining {
        form: TrainingForm {
            person: number_of(&app, employee).await,
            course: "Managing priorities".into(),
            provider: "Civil Service Bureau".into(),
            starts_on: "2026-11-02".into(),
            ends_on: "2026-11-06".into(),
            hours: "20".into(),
            certificate: "CSB-2026-0999".into(),
            qualification: None,
            need_id: need.to_string(),
        },
    })
    .await
    .expect("recorded");
    let b = hr
        .call(ListTraining {
            employee: Some(employee),
        })
        .await
        .expect("board");
    assert!(b
        .needs
        .iter()
        .any(|n| n.id == need && n.met_on.is_some() && n.source == NeedSource::Evaluation));
}

async fn board_need(hr: &Client, employee: i64) -> i64 {
    hr.call(ListTraining {
        employee: Some(employee),
    })
    .await
    .expect("board")
    .needs
    .iter()
    .find(|n| n.met_on.is_none() && n.source == NeedSource::Evaluation)
    .expect("an open need")
    .id
}

#[tokio::test]
async fn training_is_scoped_to_the_reader_and_needs_come_from_the_manager() {
    let app = TestApp::demo().await;
    let employee = app.demo_user("employee").await;
    let manager = app.demo_user("manager").await;
    let me = app.employee_of("employee").await;
    let own = employee
        .call(ListTraining { employee: None })
        .await
        .expect("own");
    assert!(!own.records.is_empty());
    assert!(own.records.iter().all(|r| r.person.id == me));
    assert!(!own.may_record && !own.may_raise);
    let mayor_id = app.employee_of("mayor").await;
    assert_eq!(
        refused(
            employee
                .call(ListTraining {
                    employee: Some(mayor_id)
                })
                .await
        ),
        AppError::Forbidden
    );
    let boss = app.employee_of("manager").await;
    assert_eq!(
        refused(
            manager
                .call(RaiseTrainingNeed {
                    person: number_of(&app, boss).await,
                    topic: "Myself".into(),
                })
                .await
        ),
        AppError::Forbidden
    );
    manager
        .call(RaiseTrainingNeed {
            person: number_of(&app, me).await,
            topic: "Public procurement basics".into(),
        })
        .await
        .expect("raised");
    // Someone outside the manager's people is answered as nobody.
    assert_invalid(
        manager
            .call(RaiseTrainingNeed {
                person: number_of(&app, mayor_id).await,
                topic: "Leadership".into(),
            })
            .await,
        "person",
        Key::ValidationNoSuchPerson,
    );
    let own = employee
        .call(ListTraining { employee: None })
        .await
        .expect("own");
    assert!(own
        .needs
        .iter()
        .any(|n| n.topic == "Public procurement basics"));
}
