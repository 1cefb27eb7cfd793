//! The evaluation cycle over HTTP on the demo: every step by the right and the wrong role, the
//! mark against a hand computation, immutability, appeal versions, population edges,
//! confidentiality and the method's versions. Years are the demo's: the cycle half-way through
//! is `live_year`, the next one is opened by the tests.
use crate::support::fixtures::{self, order, yes};
use crate::support::*;
use app::domain::evaluation::{AppealDecision, Exemption, Rating, Stage};
use app::error::AppError;
use app::evaluation::*;
use app::home::MyTasks;
use app::people::{Appoint, CreateEmployee};
use axum::http::StatusCode;
use chrono::Duration;
use std::collections::HashMap;

/// The five competencies the worked example of DOMAIN.md §4.1 scores.
const FIVE: [&str; 5] = [
    "QUALITY",
    "RESULTS",
    "KNOWLEDGE",
    "COMMUNICATION",
    "TEAMWORK",
];

struct Demo {
    app: TestApp,
    hr: Client,
    manager: Client,
    employee: Client,
    mayor: Client,
}

async fn demo() -> Demo {
    let app = TestApp::demo().await;
    Demo {
        hr: app.demo_user("hr").await,
        manager: app.demo_user("manager").await,
        employee: app.demo_user("employee").await,
        mayor: app.demo_user("mayor").await,
        app,
    }
}

async fn competencies(app: &TestApp, method: i64, codes: &[&str]) -> Vec<i64> {
    let mut ids = Vec::new();
    for code in codes {
        ids.push(
            app.scalar(&format!(
                "SELECT id FROM competencies WHERE method_id = {method} AND code = '{code}'"
            ))
            .await,
        );
    }
    ids
}

/// `name[<id>] = value` fields, as the forms send them.
fn per_competency(ids: &[i64], values: &[&str]) -> Option<HashMap<String, String>> {
    Some(
        ids.iter()
            .zip(values)
            .map(|(id, v)| (id.to_string(), v.to_string()))
            .collect(),
    )
}

fn open(year: i32, period_no: i64) -> OpenCycle {
    OpenCycle {
        year: year.to_string(),
        period_no: period_no.to_string(),
    }
}

fn rating(id: i64, ids: &[i64], scores: &[&str], comments: &[(usize, &str)]) -> SubmitRating {
    SubmitRating {
        id,
        scores: per_competency(ids, scores),
        comments: Some(
            comments
                .iter()
                .map(|(i, c)| (ids[*i].to_string(), c.to_string()))
                .collect(),
        ),
        summary_comment: "A solid year.".into(),
    }
}

fn answer(id: i64, answer: &str, objection: &str) -> AnswerResult {
    AnswerResult {
        id,
        answer: answer.into(),
        objection: objection.into(),
        confirm: yes(),
    }
}

fn manage(id: i64, action: &str, reason: &str) -> ManageEvaluation {
    ManageEvaluation {
        id,
        action: action.into(),
        reason: reason.into(),
        person: String::new(),
    }
}

#[tokio::test]
async fn a_full_cycle_runs_step_by_step_and_the_mark_matches_the_hand_computation() {
    let Demo {
        app,
        hr,
        manager,
        employee,
        mayor,
    } = demo().await;
    let cycle = hr.call(open(app.live_year() + 1, 1)).await.expect("opened");
    // The demo's "employee" is evaluated by the "manager" (head of the HR department).
    let id = app
        .evaluation(cycle, app.employee_of("employee").await)
        .await;
    let ids = competencies(&app, 1, &FIVE).await;
    let plan = SubmitPlan {
        id,
        objectives: "1. Answer citizens' letters on time.".into(),
        chosen: per_competency(&ids, &["on"; 5]),
    };
    let by_hand = rating(id, &ids, &["4", "3", "3", "4", "3"], &[]);
    let with_comments = rating(
        id,
        &ids,
        &["4", "3", "3", "4", "3"],
        &[(0, "Always ahead of deadlines."), (3, "Clear letters.")],
    );

    let evaluator = employee
        .call(GetEvaluation { id })
        .await
        .expect("read")
        .row
        .evaluator;
    assert_eq!(
        evaluator.map(|e| e.id),
        Some(app.employee_of("manager").await)
    );
    assert_eq!(app.audited("evaluation_cycle.open", Some(cycle)).await, 1);

    // Planning: only the evaluator, and with at least one competency.
    assert_eq!(
        refused(employee.call(plan.clone()).await),
        AppError::Forbidden
    );
    assert_eq!(
        field_of(
            manager
                .call(SubmitPlan {
                    chosen: None,
                    ..plan.clone()
                })
                .await
        ),
        "chosen"
    );
    manager.call(plan).await.expect("planned");
    // Rating before the plan is agreed and the self-assessment done: refused, not skipped.
    assert!(matches!(
        refused(manager.call(by_hand.clone()).await),
        AppError::Conflict(_)
    ));
    assert_eq!(
        refused(manager.call(ConfirmPlan { id }).await),
        AppError::Forbidden,
        "only the officer agrees the plan"
    );
    employee.call(ConfirmPlan { id }).await.expect("agreed");
    employee
        .call(SubmitSelfAssessment {
            id,
            scores: per_competency(&ids, &["4"; 5]),
            comment: String::new(),
        })
        .await
        .expect("self-assessed");

    // The extremes need a comment (method setting); a score off the scale is refused.
    // Every problem at once, each naming its competency's row.
    let row = |field: &str, i: usize| format!("{field}[{}]", ids[i]);
    let mut expected = vec![row("comments", 0), row("comments", 3)];
    expected.sort();
    assert_eq!(
        fields(refused(manager.call(by_hand.clone()).await)),
        expected
    );
    expected.push(row("scores", 2));
    expected.sort();
    assert_eq!(
        fields(refused(
            manager
                .call(rating(id, &ids, &["4", "3", "5", "4", "3"], &[]))
                .await
        )),
        expected
    );
    assert_eq!(
        refused(employee.call(with_comments.clone()).await),
        AppError::Forbidden,
        "the officer does not score"
    );
    manager.call(with_comments.clone()).await.expect("rated");

    // HR cannot finalize before the officer answers (the window is still open).
    assert!(matches!(
        refused(hr.call(FinalizeEvaluation { id, confirm: yes() }).await),
        AppError::Conflict(_)
    ));
    assert_eq!(
        field_of(employee.call(answer(id, "object", "")).await),
        "objection"
    );
    // Nothing is chosen for the officer, and the answer is signed deliberately.
    assert_eq!(
        fields(refused(
            employee
                .call(AnswerResult {
                    confirm: None,
                    ..answer(id, "", "")
                })
                .await
        )),
        ["answer", "confirm"]
    );
    assert_eq!(
        fields(refused(
            hr.call(FinalizeEvaluation { id, confirm: None }).await
        )),
        ["confirm"]
    );
    employee
        .call(answer(id, "acknowledge", ""))
        .await
        .expect("acknowledged");
    assert_eq!(
        refused(mayor.call(FinalizeEvaluation { id, confirm: yes() }).await),
        AppError::Forbidden
    );
    hr.call(FinalizeEvaluation { id, confirm: yes() })
        .await
        .expect("finalized");

    // 4 + 3 + 3 + 4 + 3 = 17; 17 / 5 = 3.4 → good (DOMAIN.md §4.1, example 1).
    let detail = employee.call(GetEvaluation { id }).await.expect("read");
    let result = &detail.results[0];
    assert_eq!(detail.row.stage, Stage::Finalized);
    assert_eq!(
        (
            result.final_mark.as_str(),
            result.display.as_str(),
            result.rating,
            result.sum,
            result.count
        ),
        ("3.40", "3.40", Rating::Good, 17, 5)
    );
    let inputs: serde_json::Value = serde_json::from_str(&result.inputs_json).expect("inputs");
    assert_eq!(inputs["method_version"], 1);
    assert_eq!(inputs["scale"], serde_json::json!([1, 4]));
    assert!(inputs["rule"]
        .as_str()
        .is_some_and(|r| r.contains("sum(scores) / count(scores)")));
    assert!(
        !detail.can.manage() && !detail.can.rate,
        "nothing left to change"
    );

    // Finalized: nobody changes it except through an appeal.
    for attempt in [
        manager.call(with_comments).await,
        hr.call(manage(id, "exempt", "x")).await,
        hr.call(FinalizeEvaluation { id, confirm: yes() }).await,
    ] {
        assert!(matches!(refused(attempt), AppError::Conflict(_)));
    }

    // Appeal: the officer files, the evaluator may not decide, the mayor changes the result.
    let appeal = AppealResult {
        id,
        grounds: "Extra work was not counted.".into(),
        confirm: yes(),
    };
    employee.call(appeal.clone()).await.expect("appealed");
    assert!(
        matches!(refused(employee.call(appeal).await), AppError::Conflict(_)),
        "one appeal"
    );
    let decision = DecideAppeal {
        id,
        decision: "changed".into(),
        reasoning: "The extra work is documented.".into(),
        scores: per_competency(&ids, &["4", "4", "4", "4", "3"]),
        confirm: yes(),
    };
    assert_eq!(
        refused(manager.call(decision.clone()).await),
        AppError::Forbidden
    );
    mayor.call(decision).await.expect("decided");

    let detail = hr.call(GetEvaluation { id }).await.expect("read");
    let versions: Vec<_> = detail
        .results
        .iter()
        .map(|r| (r.version, r.final_mark.as_str(), r.rating, r.by_appeal))
        .collect();
    assert_eq!(
        versions,
        [
            (2, "3.80", Rating::Excellent, true),
            (1, "3.40", Rating::Good, false)
        ],
        "both versions stay"
    );
    assert_eq!(
        detail.appeal.and_then(|a| a.decision),
        Some(AppealDecision::Changed)
    );
    assert_eq!(
        detail.row.rating,
        Some(Rating::Excellent),
        "the list shows the version in force"
    );
    // Every step and every read is in the audit log.
    for action in [
        "evaluation.plan",
        "evaluation.confirm_plan",
        "evaluation.self_assessment",
        "evaluation.rate",
        "evaluation.acknowledge",
        "evaluation.finalize",
        "evaluation.appeal",
        "evaluation.appeal_decided",
    ] {
        assert_eq!(app.audited(action, Some(id)).await, 1, "{action}");
    }
    assert!(app.audited("evaluation.read", Some(id)).await >= 2);
}

#[tokio::test]
async fn results_are_confidential() {
    let Demo {
        app,
        hr,
        manager,
        employee,
        mayor,
    } = demo().await;
    let cycle = app.cycle(app.live_year()).await;
    let evaluation_of = |user: &'static str| {
        let app = &app;
        async move { app.evaluation(cycle, app.employee_of(user).await).await }
    };
    let hr_own = evaluation_of("hr").await;
    let employee_own = evaluation_of("employee").await;
    let manager_own = evaluation_of("manager").await;
    // A peer head's evaluation (another department) is not the manager's to read.
    let peer = app
        .scalar(&format!(
            "SELECT e.id FROM evaluations e JOIN positions p ON p.id = e.position_id
               JOIN org_units u ON u.id = p.unit_id
             WHERE e.cycle_id = {cycle} AND p.is_head = 1 AND u.code <> 'ADM-HR'
               AND u.kind = 'department' LIMIT 1"
        ))
        .await;
    let read = |who: &Client, id: i64| {
        let who = who.clone();
        async move { who.call(GetEvaluation { id }).await.map(|_| ()) }
    };
    let export = format!("/export/evaluations.csv?cycle={cycle}");

    // A colleague cannot read another's evaluation; the evaluator and the person can.
    assert_eq!(read(&employee, hr_own).await, Err(AppError::Forbidden));
    assert_eq!(read(&employee, employee_own).await, Ok(()));
    assert_eq!(read(&manager, employee_own).await, Ok(()));
    assert_eq!(read(&manager, manager_own).await, Ok(()), "their own");
    assert_eq!(read(&manager, peer).await, Err(AppError::Forbidden));
    assert_eq!(read(&mayor, peer).await, Ok(()));
    // Dashboards and exports are HR's and the mayor's.
    assert_eq!(
        manager.call(CycleDashboard { id: cycle }).await.map(|_| ()),
        Err(AppError::Forbidden)
    );
    assert_eq!(manager.get(&export).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(hr.get(&export).await.status(), StatusCode::OK);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND entity = 'evaluations'"
        )
        .await,
        1,
        "the download is logged"
    );
    // "My evaluations" lists only what is the caller's.
    let lists = employee.call(MyEvaluations {}).await.expect("mine");
    assert!(lists.to_evaluate.is_empty());
    assert!(lists.mine.len() >= 2, "history and the open cycle");
    let own = app.employee_of("employee").await;
    assert!(lists.mine.iter().all(|e| e.employee.id == own));
}

#[tokio::test]
async fn the_population_follows_the_three_month_rule_and_probation() {
    let Demo { app, hr, .. } = demo().await;
    let year = app.live_year() + 1;
    let vacant: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM positions p WHERE p.employment_type = 'officer' AND p.valid_to IS NULL
           AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)
         ORDER BY p.id LIMIT 3",
    )
    .fetch_all(&app.state.db.read)
    .await
    .expect("vacancies");
    assert_eq!(vacant.len(), 3, "the demo has vacant officer positions");
    let cases = [
        ("70000000001", day(year, 9, 30), "mobility"),
        ("70000000002", day(year, 10, 2), "mobility"),
        ("70000000003", day(year, 3, 1), "competition"),
    ];
    let mut people = Vec::new();
    for ((number, start, basis), position) in cases.iter().zip(&vacant) {
        let employee = hr
            .call(CreateEmployee {
                form: fixtures::employee(number, "ტესტი"),
            })
            .await
            .expect("employee");
        hr.call(Appoint {
            employee_id: employee,
            form: fixtures::appointment(
                *position,
                basis,
                start,
                order(&format!("2-3/{number}"), start),
            ),
        })
        .await
        .expect("appointed");
        people.push(employee);
    }

    let cycle = hr.call(open(year, 1)).await.expect("opened");

    let state = |employee: i64| {
        let hr = hr.clone();
        let app = &app;
        async move {
            let id = app.evaluation(cycle, employee).await;
            let row = hr.call(GetEvaluation { id }).await.expect("read").row;
            (row.stage, row.exempt_reason)
        }
    };
    assert_eq!(
        state(people[0]).await,
        (Stage::Planning, None),
        "30 Sep: a term of three months ends 29 Dec"
    );
    assert_eq!(
        state(people[1]).await,
        (Stage::Exempt, Some(Exemption::TooShort)),
        "2 Oct: a term of three months would end 1 Jan"
    );
    assert_eq!(
        state(people[2]).await,
        (Stage::Exempt, Some(Exemption::OnProbation))
    );
    // The same period cannot be opened twice; a second half-year does not exist under this
    // method.
    assert_eq!(field_of(hr.call(open(year, 1)).await), "year");
    assert_eq!(field_of(hr.call(open(year + 1, 2)).await), "period_no");
    // HR brings the short-service officer in with a reason, and the reason is recorded.
    let id = app.evaluation(cycle, people[1]).await;
    hr.call(manage(id, "include", "Acting head since July."))
        .await
        .expect("included");
    assert_eq!(state(people[1]).await.0, Stage::Planning);
    assert_eq!(app.audited("evaluation.include", Some(id)).await, 1);
}

#[tokio::test]
async fn hr_finalizes_what_is_ready_and_closes_only_a_settled_cycle() {
    let Demo {
        app,
        hr,
        manager,
        mayor,
        ..
    } = demo().await;
    let cycle_id = app.cycle(app.live_year()).await;
    let close = CloseCycle {
        cycle_id,
        confirm: yes(),
    };
    let waiting = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM evaluations WHERE cycle_id = {cycle_id} AND stage = 'finalization'"
        ))
        .await;
    assert!(waiting > 0);

    assert!(matches!(
        refused(hr.call(close.clone()).await),
        AppError::Conflict(_)
    ));
    assert_eq!(
        field_of(
            hr.call(FinalizeReady {
                cycle_id,
                confirm: None
            })
            .await
        ),
        "confirm",
        "a deliberate confirmation"
    );
    let finalized = hr
        .call(FinalizeReady {
            cycle_id,
            confirm: yes(),
        })
        .await
        .expect("finalized");

    assert_eq!(finalized as i64, waiting);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM evaluation_results r JOIN evaluations e ON e.id = r.evaluation_id
             WHERE e.cycle_id = {cycle_id}"
        ))
        .await,
        waiting
    );
    let dashboard = mayor
        .call(CycleDashboard { id: cycle_id })
        .await
        .expect("dashboard");
    assert_eq!(dashboard.ready_to_finalize, 0);
    assert!(!dashboard.overdue.is_empty(), "planning is long past due");

    // Reminders reach the tasks of those who have to act.
    assert_eq!(
        manager.call(RemindOverdue { cycle_id }).await,
        Err(AppError::Forbidden)
    );
    let reminded = hr.call(RemindOverdue { cycle_id }).await.expect("reminded");
    assert!(reminded > 0);
    let tasks = manager.call(MyTasks {}).await.expect("tasks");
    assert!(tasks.iter().any(|t| t.overdue && t.reminded.is_some()));

    // Settle everything else: HR exempts what is not rated; what is rated is finalized once
    // the officer's window has passed. HR's own evaluation is the colleague's to settle.
    let own = app.employee_of("hr").await;
    let pending: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT id, stage, employee_id FROM evaluations
         WHERE cycle_id = {cycle_id} AND stage NOT IN ('finalized', 'exempt')"
    ))
    .fetch_all(&app.state.db.read)
    .await
    .expect("pending");
    let colleague = app.demo_user("hr2").await;
    let mut rated = Vec::new();
    for (id, stage, employee) in pending {
        let by = if employee == own { &colleague } else { &hr };
        let exempted = by.call(manage(id, "exempt", "Test")).await;
        if stage == "acknowledgement" {
            assert!(
                matches!(refused(exempted), AppError::Conflict(_)),
                "a rated evaluation is not exempted"
            );
            rated.push((id, employee == own));
        } else {
            exempted.expect("exempted");
        }
    }
    app.clock().advance(Duration::days(30));
    let (hr, colleague) = (app.demo_user("hr").await, app.demo_user("hr2").await);
    for (id, hrs_own) in rated {
        let by = if hrs_own { &colleague } else { &hr };
        by.call(FinalizeEvaluation { id, confirm: yes() })
            .await
            .expect("finalized");
    }
    hr.call(close.clone()).await.expect("closed");
    assert!(matches!(
        refused(hr.call(close).await),
        AppError::Conflict(_)
    ));
}

#[tokio::test]
async fn a_new_method_version_applies_forward_and_freezes_once_used() {
    let Demo { app, hr, mayor, .. } = demo().await;
    let next = app.live_year() + 1;
    let excellent_before = app
        .scalar("SELECT COUNT(*) FROM evaluation_results WHERE rating = 'excellent'")
        .await;
    let form = MethodForm {
        order_number: "2-1/501".into(),
        order_date: app.today().to_string(),
        // From 1 July: the second half-year is governed by it, the first is not (item 8).
        valid_from: day(next, 7, 1),
        scale: "1-5".into(),
        excellent: "3.50".into(),
        good: "3.50".into(),
        satisfactory: "2.50".into(),
        min_service_months: "3".into(),
        periods_per_year: "2".into(),
        planning_days: "31".into(),
        rating_days: "30".into(),
        summary_days: "45".into(),
        acknowledge_days: "7".into(),
        appeal_days: "1".into(),
        appeal_unit: "months".into(),
        appeal_decision_days: "30".into(),
        self_assessment: Some("on".into()),
        comment_required_for_extremes: None,
    };
    let rising = MethodForm {
        excellent: "4.50".into(),
        ..form.clone()
    };
    let digital = |method_id: i64, code: &str, revision: i64| AddCompetency {
        method_id,
        revision,
        form: CompetencyForm {
            code: code.into(),
            kind: "core".into(),
            ranks: "1,2,3,4".into(),
            name_ka: "ციფრული უნარები".into(),
            name_en: "Digital skills".into(),
            descriptor_ka: "იყენებს ელექტრონულ სისტემებს".into(),
            descriptor_en: "Uses the electronic systems".into(),
        },
    };

    // Every problem of the form at once, each at its field.
    let careless = MethodForm {
        order_number: " ".into(),
        good: "x".into(),
        rating_days: "thirty".into(),
        ..form.clone()
    };
    assert_eq!(
        fields(refused(hr.call(AdoptMethod { form: careless }).await)),
        ["good", "order_number", "rating_days"]
    );
    assert_eq!(
        field_of(hr.call(AdoptMethod { form }).await),
        "excellent",
        "bands must rise"
    );
    assert_eq!(
        mayor
            .call(AdoptMethod {
                form: rising.clone()
            })
            .await,
        Err(AppError::Forbidden)
    );
    let method = hr
        .call(AdoptMethod { form: rising })
        .await
        .expect("adopted");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM competencies WHERE method_id = {method}"
        ))
        .await,
        11,
        "the catalogue is copied"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders WHERE number = '2-1/501' AND order_type = 'main'")
            .await,
        1
    );
    hr.call(digital(
        method,
        "digital",
        app.revision("evaluation_methods", method).await,
    ))
    .await
    .expect("added");

    // The next half-year cycle runs under version 2; version 2 is then frozen.
    let cycle = hr.call(open(next, 2)).await.expect("opened");
    let dashboard = hr
        .call(CycleDashboard { id: cycle })
        .await
        .expect("dashboard");
    assert_eq!(
        (dashboard.cycle.method_version, dashboard.cycle.period_start),
        (2, date(next, 7, 1))
    );
    assert!(matches!(
        refused(
            hr.call(digital(
                method,
                "other",
                app.revision("evaluation_methods", method).await
            ))
            .await
        ),
        AppError::Conflict(_)
    ));
    // Past results did not move.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM evaluation_results WHERE rating = 'excellent'")
            .await,
        excellent_before
    );
}

#[tokio::test]
async fn demo_history_has_the_national_split_and_the_distribution_export_suppresses_small_groups() {
    let Demo { app, hr, .. } = demo().await;
    let total = app
        .scalar("SELECT COUNT(*) FROM evaluation_results WHERE version = 1")
        .await;
    let excellent = app
        .scalar(
            "SELECT COUNT(*) FROM evaluation_results WHERE version = 1 AND rating = 'excellent'",
        )
        .await;
    assert!(total > 500, "years of results: {total}");
    let share = excellent * 100 / total;
    assert!(
        (30..=52).contains(&share),
        "about 41% excellent, got {share}%"
    );
    // Every stored mark re-verifies from its stored inputs.
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT final_mark, score_sum, score_count FROM evaluation_results")
            .fetch_all(&app.state.db.read)
            .await
            .expect("results");
    for (mark, sum, count) in rows {
        let expected = rust_decimal::Decimal::from(sum) / rust_decimal::Decimal::from(count);
        assert_eq!(mark, expected.to_string());
    }

    let cycle = app.cycle(app.live_year() - 1).await;
    let (status, csv) = hr
        .text(&format!(
            "/export/evaluation-distribution.csv?cycle={cycle}"
        ))
        .await;

    assert_eq!(status, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines.len() >= 3, "{csv}");
    // A group with fewer than 3 results shows "<3", never its count.
    for line in &lines[1..] {
        let total = line.split(',').next_back().unwrap_or_default();
        if total != "<3" {
            assert!(total.trim().parse::<i64>().is_ok_and(|n| n >= 3), "{line}");
        }
    }
}

/// Issue 13, item 7: the appeal window runs from receipt. An officer who had not answered has
/// no window running until HR records the delivery date; from it, the method's 30 days.
#[tokio::test]
async fn the_appeal_window_runs_from_the_recorded_delivery() {
    let Demo {
        app, hr, employee, ..
    } = demo().await;
    let officer = app.employee_of("employee").await;
    let id = app
        .scalar(&format!(
            "SELECT MAX(ev.id) FROM evaluations ev
              WHERE ev.employee_id = {officer} AND ev.stage = 'finalized'
                AND NOT EXISTS (SELECT 1 FROM evaluation_appeals a WHERE a.evaluation_id = ev.id)"
        ))
        .await;
    // As if the officer had not answered and HR finalized without the answer.
    sqlx::query("UPDATE evaluations SET acknowledged_at = NULL, received_on = NULL WHERE id = $1")
        .bind(id)
        .execute(&app.state.db.write)
        .await
        .expect("unanswered");
    let read = |who: &Client| {
        let who = who.clone();
        async move { who.call(GetEvaluation { id }).await.expect("read") }
    };
    let before = read(&employee).await;
    assert_eq!((before.received_on, before.appeal_due), (None, None));
    assert!(before.can.appeal, "the window has not started to run");
    assert!(read(&hr).await.can.record_delivery);

    let finalized: chrono::NaiveDate =
        sqlx::query_scalar("SELECT date(finalized_at, '+4 hours') FROM evaluations WHERE id = $1")
            .bind(id)
            .fetch_one(&app.state.db.read)
            .await
            .expect("finalized");
    let deliver = |on: chrono::NaiveDate| RecordResultDelivery {
        id,
        delivered_on: on.to_string(),
    };
    assert_eq!(
        employee.call(deliver(finalized)).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        field_of(hr.call(deliver(finalized - Duration::days(1))).await),
        "delivered_on"
    );
    assert_eq!(
        field_of(hr.call(deliver(app.today() + Duration::days(1))).await),
        "delivered_on"
    );
    let delivered = finalized + Duration::days(3);
    hr.call(deliver(delivered)).await.expect("recorded");
    let after = read(&employee).await;
    assert_eq!(after.received_on, Some(delivered));
    assert_eq!(after.appeal_due, Some(delivered + Duration::days(30)));
    assert_eq!(app.audited("evaluation.delivered", Some(id)).await, 1);
    assert!(
        matches!(
            refused(hr.call(deliver(delivered)).await),
            AppError::Conflict(_)
        ),
        "recorded once"
    );
}
