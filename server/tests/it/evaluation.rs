//! The evaluation cycle over HTTP on a real SQLite file: every step by the right and the wrong
//! role, the mark against a hand computation, immutability, appeal versions, population edges,
//! confidentiality and the method's versions.
use crate::helpers::*;
use axum::http::StatusCode;
use serde_json::Value;

struct Demo {
    app: TestApp,
    hr: String,
    manager: String,
    employee: String,
    mayor: String,
}

async fn demo() -> Demo {
    let app = TestApp::with_config(|c| c.load_demo = true).await;
    let hr = app.sign_in("hr", "Mokhele-HR-2026").await.expect("hr");
    let manager = app
        .sign_in("manager", "Mokhele-Manager-2026")
        .await
        .expect("manager");
    let employee = app
        .sign_in("employee", "Mokhele-Employee-2026")
        .await
        .expect("employee");
    let mayor = app
        .sign_in("mayor", "Mokhele-Mayor-2026")
        .await
        .expect("mayor");
    Demo {
        app,
        hr,
        manager,
        employee,
        mayor,
    }
}

async fn user_employee(app: &TestApp, username: &str) -> i64 {
    app.scalar(&format!(
        "SELECT employee_id FROM users WHERE username = '{username}'"
    ))
    .await
}

async fn evaluation_of(app: &TestApp, cycle: i64, employee: i64) -> String {
    app.scalar(&format!(
        "SELECT id FROM evaluations WHERE cycle_id = {cycle} AND employee_id = {employee}"
    ))
    .await
    .to_string()
}

async fn competency(app: &TestApp, method: i64, code: &str) -> i64 {
    app.scalar(&format!(
        "SELECT id FROM competencies WHERE method_id = {method} AND code = '{code}'"
    ))
    .await
}

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

const FIVE: [&str; 5] = [
    "QUALITY",
    "RESULTS",
    "KNOWLEDGE",
    "COMMUNICATION",
    "TEAMWORK",
];

#[tokio::test]
async fn a_full_cycle_runs_step_by_step_and_the_mark_matches_the_hand_computation() {
    let d = demo().await;
    let app = &d.app;
    let (status, cycle) = json(
        app,
        EVAL_OPEN,
        &[("year", "2027"), ("period_no", "1")],
        &d.hr,
    )
    .await;
    ok(status, &cycle);
    let cycle = cycle.as_i64().expect("cycle id");
    // The demo's "employee" is evaluated by the "manager" (head of the HR department).
    let officer = user_employee(app, "employee").await;
    let id = evaluation_of(app, cycle, officer).await;
    let evaluator: i64 = app
        .scalar(&format!(
            "SELECT evaluator_id FROM evaluations WHERE id = {id}"
        ))
        .await;
    assert_eq!(evaluator, user_employee(app, "manager").await);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'evaluation_cycle.open' AND entity_id = '{cycle}'")).await, 1);

    let ids: Vec<String> = {
        let mut v = Vec::new();
        for code in FIVE {
            v.push(competency(app, 1, code).await.to_string());
        }
        v
    };
    let chosen: Vec<(String, &str)> = ids.iter().map(|c| (format!("chosen[{c}]"), "on")).collect();
    let mut plan: Vec<(&str, &str)> = vec![
        ("id", &id),
        ("objectives", "1. Answer citizens' letters on time."),
    ];
    plan.extend(chosen.iter().map(|(k, v)| (k.as_str(), *v)));

    // Planning: only the evaluator.
    let (status, _) = json(app, EVAL_PLAN, &plan, &d.employee).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = json(
        app,
        EVAL_PLAN,
        &[("id", &id), ("objectives", "x")],
        &d.manager,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no competency chosen: {body}"
    );
    let (status, body) = json(app, EVAL_PLAN, &plan, &d.manager).await;
    ok(status, &body);
    // Rating before the plan is confirmed and the self-assessment done: refused, not skipped.
    let mut rating: Vec<(String, String)> = vec![
        ("id".into(), id.clone()),
        ("summary_comment".into(), "A solid year.".into()),
    ];
    for (c, score) in ids.iter().zip(["4", "3", "3", "4", "3"]) {
        rating.push((format!("scores[{c}]"), score.into()));
    }
    let form = |v: &[(String, String)]| {
        v.iter()
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect::<Vec<_>>()
    };

    let r = form(&rating);
    let (status, body) = json(app, EVAL_RATE, &as_refs(&r), &d.manager).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let (status, _) = json(app, EVAL_CONFIRM_PLAN, &[("id", &id)], &d.manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the officer confirms");
    let (status, body) = json(app, EVAL_CONFIRM_PLAN, &[("id", &id)], &d.employee).await;
    ok(status, &body);

    let mut self_form: Vec<(String, String)> =
        vec![("id".into(), id.clone()), ("comment".into(), "".into())];
    for c in &ids {
        self_form.push((format!("scores[{c}]"), "4".into()));
    }
    let (status, body) = json(app, EVAL_SELF, &as_refs(&self_form), &d.employee).await;
    ok(status, &body);

    // The extremes need a comment (method setting); a score off the scale is refused.
    let (status, body) = json(app, EVAL_RATE, &as_refs(&r), &d.manager).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["Invalid"]["field"], "comments", "{body}");
    let mut bad = r.clone();
    bad[2].1 = "5".into();
    let (status, body) = json(app, EVAL_RATE, &as_refs(&bad), &d.manager).await;
    assert_eq!(body["Invalid"]["field"], "scores", "{status} {body}");
    let mut with_comments = r.clone();
    with_comments.push((
        format!("comments[{}]", ids[0]),
        "Always ahead of deadlines.".into(),
    ));
    with_comments.push((format!("comments[{}]", ids[3]), "Clear letters.".into()));
    let (status, _) = json(app, EVAL_RATE, &as_refs(&with_comments), &d.employee).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the officer does not score");
    let (status, body) = json(app, EVAL_RATE, &as_refs(&with_comments), &d.manager).await;
    ok(status, &body);

    // HR cannot finalize before the officer answers (window still open).
    let (status, body) = json(app, EVAL_FINALIZE, &[("id", &id)], &d.hr).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = json(
        app,
        EVAL_ANSWER,
        &[("id", &id), ("answer", "object"), ("objection", "")],
        &d.employee,
    )
    .await;
    assert_eq!(body["Invalid"]["field"], "objection", "{status} {body}");
    let (status, body) = json(
        app,
        EVAL_ANSWER,
        &[("id", &id), ("answer", "acknowledge"), ("objection", "")],
        &d.employee,
    )
    .await;
    ok(status, &body);
    let (status, _) = json(app, EVAL_FINALIZE, &[("id", &id)], &d.mayor).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = json(app, EVAL_FINALIZE, &[("id", &id)], &d.hr).await;
    ok(status, &body);

    // 4 + 3 + 3 + 4 + 3 = 17; 17 / 5 = 3.4 → good (DOMAIN.md §4.1, example 1).
    let (_, detail) = json(app, EVAL_GET, &[("id", &id)], &d.employee).await;
    assert_eq!(detail["row"]["stage"], "finalized", "{detail}");
    let result = &detail["results"][0];
    assert_eq!(
        (
            result["final_mark"].as_str(),
            result["display"].as_str(),
            result["rating"].as_str()
        ),
        (Some("3.40"), Some("3.40"), Some("good"))
    );
    assert_eq!(
        (result["sum"].as_i64(), result["count"].as_i64()),
        (Some(17), Some(5))
    );
    let inputs: Value =
        serde_json::from_str(result["inputs_json"].as_str().expect("inputs")).expect("json");
    assert_eq!(inputs["method_version"], 1);
    assert_eq!(inputs["scale"], serde_json::json!([1, 4]));
    assert!(inputs["rule"]
        .as_str()
        .is_some_and(|r| r.contains("sum(scores) / count(scores)")));

    // Finalized: nobody changes it except through an appeal.
    let (status, _) = json(app, EVAL_RATE, &as_refs(&with_comments), &d.manager).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = json(
        app,
        EVAL_MANAGE,
        &[
            ("id", &id),
            ("action", "exempt"),
            ("reason", "x"),
            ("person", ""),
        ],
        &d.hr,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = json(app, EVAL_FINALIZE, &[("id", &id)], &d.hr).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Appeal: the officer files, the evaluator may not decide, the mayor changes the result.
    let (status, body) = json(
        app,
        EVAL_APPEAL,
        &[("id", &id), ("grounds", "Extra work was not counted.")],
        &d.employee,
    )
    .await;
    ok(status, &body);
    let (status, _) = json(
        app,
        EVAL_APPEAL,
        &[("id", &id), ("grounds", "again")],
        &d.employee,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "one appeal");
    let mut decision: Vec<(String, String)> = vec![
        ("id".into(), id.clone()),
        ("decision".into(), "changed".into()),
        ("reasoning".into(), "The extra work is documented.".into()),
    ];
    for (c, score) in ids.iter().zip(["4", "4", "4", "4", "3"]) {
        decision.push((format!("scores[{c}]"), score.into()));
    }
    let (status, _) = json(app, EVAL_DECIDE, &as_refs(&decision), &d.manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = json(app, EVAL_DECIDE, &as_refs(&decision), &d.mayor).await;
    ok(status, &body);
    let (_, detail) = json(app, EVAL_GET, &[("id", &id)], &d.hr).await;
    let results = detail["results"].as_array().expect("versions");
    assert_eq!(results.len(), 2, "both versions stay: {detail}");
    assert_eq!(
        (
            results[0]["version"].as_i64(),
            results[0]["final_mark"].as_str(),
            results[0]["rating"].as_str(),
            results[0]["by_appeal"].as_bool()
        ),
        (Some(2), Some("3.80"), Some("excellent"), Some(true))
    );
    assert_eq!(
        (
            results[1]["version"].as_i64(),
            results[1]["final_mark"].as_str()
        ),
        (Some(1), Some("3.40"))
    );
    assert_eq!(detail["appeal"]["decision"], "changed");
    assert_eq!(
        detail["row"]["rating"], "excellent",
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
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND entity_id = '{id}'"
            ))
            .await,
            1,
            "{action}"
        );
    }
    assert!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'evaluation.read' AND entity_id = '{id}'")).await >= 2);
}

#[tokio::test]
async fn results_are_confidential() {
    let d = demo().await;
    let app = &d.app;
    let cycle = app
        .scalar("SELECT id FROM evaluation_cycles WHERE year = 2026")
        .await;
    let hr_self = evaluation_of(app, cycle, user_employee(app, "hr").await).await;
    let mine = evaluation_of(app, cycle, user_employee(app, "employee").await).await;
    let manager_own = evaluation_of(app, cycle, user_employee(app, "manager").await).await;
    // A colleague cannot read another colleague's evaluation; the evaluator and the person can.
    let (status, _) = json(app, EVAL_GET, &[("id", &hr_self)], &d.employee).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = json(app, EVAL_GET, &[("id", &mine)], &d.employee).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = json(app, EVAL_GET, &[("id", &mine)], &d.manager).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = json(app, EVAL_GET, &[("id", &manager_own)], &d.manager).await;
    assert_eq!(status, StatusCode::OK, "their own");
    // A peer head's evaluation (another department) is not the manager's to read.
    let peer: i64 = app
        .scalar(
            "SELECT e.id FROM evaluations e JOIN positions p ON p.id = e.position_id
                 JOIN org_units u ON u.id = p.unit_id
                 WHERE e.cycle_id = (SELECT id FROM evaluation_cycles WHERE year = 2026)
                   AND p.is_head = 1 AND u.code <> 'ADM-HR' AND u.kind = 'department' LIMIT 1",
        )
        .await;
    let (status, _) = json(app, EVAL_GET, &[("id", &peer.to_string())], &d.manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = json(app, EVAL_GET, &[("id", &peer.to_string())], &d.mayor).await;
    assert_eq!(status, StatusCode::OK);
    // Dashboards and exports are HR's and the mayor's.
    let c = cycle.to_string();
    let (status, _) = json(app, EVAL_DASHBOARD, &[("id", &c)], &d.manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let response = app
        .get(
            &format!("/export/evaluations.csv?cycle={c}"),
            Some(&d.manager),
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = app
        .get(&format!("/export/evaluations.csv?cycle={c}"), Some(&d.hr))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'evaluation.export'")
            .await,
        1
    );
    // "My evaluations" lists only what is the caller's.
    let (_, lists) = json(app, EVAL_MINE, &[], &d.employee).await;
    assert!(lists["to_evaluate"].as_array().is_some_and(Vec::is_empty));
    assert!(
        lists["mine"].as_array().is_some_and(|m| m.len() >= 2),
        "history and the open cycle: {lists}"
    );
}

#[tokio::test]
async fn the_population_follows_the_three_month_rule_and_probation() {
    let d = demo().await;
    let app = &d.app;
    let vacant: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM positions p WHERE p.employment_type = 'officer' AND p.valid_to IS NULL
           AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)
         ORDER BY p.id LIMIT 3",
    )
    .fetch_all(&app.state.db.read)
    .await
    .expect("vacancies");
    assert_eq!(vacant.len(), 3, "the demo has vacant officer positions");
    let cases = [
        ("70000000001", "2027-09-30", "mobility"),
        ("70000000002", "2027-10-01", "mobility"),
        ("70000000003", "2027-03-01", "competition"),
    ];
    let mut people = Vec::new();
    for ((number, start, basis), (position,)) in cases.iter().zip(&vacant) {
        let (status, employee) =
            json(app, PEOPLE_CREATE, &employee_form(number, "ტესტი"), &d.hr).await;
        ok(status, &employee);
        let employee = employee.as_i64().expect("employee id");
        let (status, body) = json(
            app,
            APPOINT,
            &[
                ("employee_id", &employee.to_string()),
                ("position_id", &position.to_string()),
                ("basis", basis),
                ("start_date", start),
                ("end_date", ""),
                ("order_number", &format!("2-3/{number}")),
                ("order_date", start),
            ],
            &d.hr,
        )
        .await;
        ok(status, &body);
        people.push(employee);
    }
    let (status, cycle) = json(
        app,
        EVAL_OPEN,
        &[("year", "2027"), ("period_no", "1")],
        &d.hr,
    )
    .await;
    ok(status, &cycle);
    let cycle = cycle.as_i64().expect("id");
    let state = |e: i64| {
        let app = &d.app;
        async move {
            let row: (String, Option<String>) = sqlx::query_as(&format!(
                "SELECT stage, exempt_reason FROM evaluations WHERE cycle_id = {cycle} AND employee_id = {e}"
            ))
            .fetch_one(&app.state.db.read)
            .await
            .expect("evaluation");
            row
        }
    };
    assert_eq!(
        state(people[0]).await,
        ("planning".into(), None),
        "30 Sep + 3 months = 30 Dec ≤ 31 Dec"
    );
    assert_eq!(
        state(people[1]).await,
        ("exempt".into(), Some("too_short".into())),
        "1 Oct + 3 months = 1 Jan > 31 Dec"
    );
    assert_eq!(
        state(people[2]).await,
        ("exempt".into(), Some("on_probation".into()))
    );
    // The same period cannot be opened twice; a second half-year does not exist under this method.
    let (status, body) = json(
        app,
        EVAL_OPEN,
        &[("year", "2027"), ("period_no", "1")],
        &d.hr,
    )
    .await;
    assert_eq!(body["Invalid"]["field"], "year", "{status} {body}");
    let (_, body) = json(
        app,
        EVAL_OPEN,
        &[("year", "2028"), ("period_no", "2")],
        &d.hr,
    )
    .await;
    assert_eq!(body["Invalid"]["field"], "period_no", "{body}");
    // HR brings the short-service officer in with a reason, and the reason is recorded.
    let id = evaluation_of(app, cycle, people[1]).await;
    let (status, body) = json(
        app,
        EVAL_MANAGE,
        &[
            ("id", &id),
            ("action", "include"),
            ("reason", "Acting head since July."),
            ("person", ""),
        ],
        &d.hr,
    )
    .await;
    ok(status, &body);
    assert_eq!(state(people[1]).await.0, "planning");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'evaluation.include' AND entity_id = '{id}'")).await, 1);
}

#[tokio::test]
async fn hr_finalizes_what_is_ready_and_closes_only_a_settled_cycle() {
    let d = demo().await;
    let app = &d.app;
    let cycle = app
        .scalar("SELECT id FROM evaluation_cycles WHERE year = 2026")
        .await
        .to_string();
    let (status, body) = json(
        app,
        EVAL_CLOSE,
        &[("cycle_id", &cycle), ("confirm", "yes")],
        &d.hr,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let waiting = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM evaluations WHERE cycle_id = {cycle} AND stage = 'finalization'"
        ))
        .await;
    assert!(waiting > 0);
    let (status, body) = json(app, EVAL_FINALIZE_READY, &[("cycle_id", &cycle)], &d.hr).await;
    assert_eq!(body["Invalid"]["field"], "confirm", "{status} {body}");
    let (status, body) = json(
        app,
        EVAL_FINALIZE_READY,
        &[("cycle_id", &cycle), ("confirm", "yes")],
        &d.hr,
    )
    .await;
    ok(status, &body);
    assert_eq!(body.as_i64(), Some(waiting));
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM evaluation_results r JOIN evaluations e ON e.id = r.evaluation_id WHERE e.cycle_id = {cycle}")).await, waiting);
    let (_, dash) = json(app, EVAL_DASHBOARD, &[("id", &cycle)], &d.mayor).await;
    assert_eq!(dash["ready_to_finalize"], 0, "{dash}");
    assert!(
        dash["overdue"].as_array().is_some_and(|o| !o.is_empty()),
        "planning was due on 1 Feb"
    );
    // Reminders reach the tasks of those who have to act.
    let (status, _) = json(app, EVAL_REMIND, &[("cycle_id", &cycle)], &d.manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, reminded) = json(app, EVAL_REMIND, &[("cycle_id", &cycle)], &d.hr).await;
    ok(status, &reminded);
    assert!(reminded.as_i64().is_some_and(|n| n > 0), "{reminded}");
    let (_, tasks) = json(app, INBOX, &[], &d.manager).await;
    assert!(
        tasks.as_array().is_some_and(|t| t
            .iter()
            .any(|t| t["overdue"] == true && !t["reminded"].is_null())),
        "{tasks}"
    );
    // Settle everything else (exempt by HR), then the cycle closes.
    let pending: Vec<(i64, String)> = sqlx::query_as(&format!("SELECT id, stage FROM evaluations WHERE cycle_id = {cycle} AND stage NOT IN ('finalized', 'exempt')"))
        .fetch_all(&app.state.db.read)
        .await
        .expect("pending");
    for (id, stage) in pending {
        let (status, body) = json(
            app,
            EVAL_MANAGE,
            &[
                ("id", &id.to_string()),
                ("action", "exempt"),
                ("reason", "Test"),
                ("person", ""),
            ],
            &d.hr,
        )
        .await;
        if stage == "acknowledgement" {
            assert_eq!(
                status,
                StatusCode::CONFLICT,
                "a rated evaluation is not exempted"
            );
            sqlx::query(&format!(
                "UPDATE evaluations SET rated_at = '2026-01-01T00:00:00Z' WHERE id = {id}"
            ))
            .execute(&app.state.db.write)
            .await
            .expect("age");
            let (status, body) = json(app, EVAL_FINALIZE, &[("id", &id.to_string())], &d.hr).await;
            ok(status, &body);
        } else {
            ok(status, &body);
        }
    }
    let (status, body) = json(
        app,
        EVAL_CLOSE,
        &[("cycle_id", &cycle), ("confirm", "yes")],
        &d.hr,
    )
    .await;
    ok(status, &body);
    let (status, _) = json(
        app,
        EVAL_CLOSE,
        &[("cycle_id", &cycle), ("confirm", "yes")],
        &d.hr,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_new_method_version_applies_forward_and_freezes_once_used() {
    let d = demo().await;
    let app = &d.app;
    let before = app
        .scalar("SELECT COUNT(*) FROM evaluation_results WHERE rating = 'excellent'")
        .await;
    let mut form = vec![
        ("order_number", "2-1/501"),
        ("order_date", "2026-11-20"),
        ("valid_from", "2027-01-01"),
        ("scale", "1-5"),
        ("excellent", "3.50"),
        ("good", "3.50"),
        ("satisfactory", "2.50"),
        ("min_service_months", "3"),
        ("periods_per_year", "2"),
        ("planning_days", "31"),
        ("rating_days", "30"),
        ("summary_days", "45"),
        ("acknowledge_days", "7"),
        ("appeal_days", "30"),
        ("appeal_decision_days", "30"),
        ("self_assessment", "on"),
    ];
    let (status, body) = json(app, EVAL_ADOPT, &form, &d.hr).await;
    assert_eq!(
        body["Invalid"]["field"], "excellent",
        "bands must rise: {status} {body}"
    );
    form[4] = ("excellent", "4.50");
    let (status, _) = json(app, EVAL_ADOPT, &form, &d.mayor).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, method) = json(app, EVAL_ADOPT, &form, &d.hr).await;
    ok(status, &method);
    let method = method.as_i64().expect("id").to_string();
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM competencies WHERE method_id = {method}"
        ))
        .await,
        11,
        "catalogue copied"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders WHERE number = '2-1/501' AND order_type = 'main'")
            .await,
        1
    );
    let add = [
        ("method_id", method.as_str()),
        ("code", "digital"),
        ("kind", "core"),
        ("ranks", "1,2,3,4"),
        ("name_ka", "ციფრული უნარები"),
        ("name_en", "Digital skills"),
        ("descriptor_ka", "იყენებს ელექტრონულ სისტემებს"),
        ("descriptor_en", "Uses the electronic systems"),
    ];
    let (status, body) = json(app, EVAL_ADD_COMPETENCY, &add, &d.hr).await;
    ok(status, &body);
    // The 2027 half-year cycle runs under version 2; version 2 is then frozen.
    let (status, cycle) = json(
        app,
        EVAL_OPEN,
        &[("year", "2027"), ("period_no", "2")],
        &d.hr,
    )
    .await;
    ok(status, &cycle);
    let (_, dash) = json(app, EVAL_DASHBOARD, &[("id", &cycle.to_string())], &d.hr).await;
    assert_eq!(dash["cycle"]["method_version"], 2);
    assert_eq!(dash["cycle"]["period_start"], "2027-07-01");
    let mut again = add;
    again[1] = ("code", "other");
    let (status, _) = json(app, EVAL_ADD_COMPETENCY, &again, &d.hr).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Past results did not move.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM evaluation_results WHERE rating = 'excellent'")
            .await,
        before
    );
}

#[tokio::test]
async fn demo_history_has_the_national_split_and_the_distribution_export_suppresses_small_groups() {
    let d = demo().await;
    let app = &d.app;
    let total = app
        .scalar("SELECT COUNT(*) FROM evaluation_results WHERE version = 1")
        .await;
    let excellent = app
        .scalar(
            "SELECT COUNT(*) FROM evaluation_results WHERE version = 1 AND rating = 'excellent'",
        )
        .await;
    assert!(total > 500, "eight years of results: {total}");
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
    let cycle = app
        .scalar("SELECT id FROM evaluation_cycles WHERE year = 2025")
        .await;
    let response = app
        .get(
            &format!("/export/evaluation-distribution.csv?cycle={cycle}"),
            Some(&d.hr),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let csv = body_text(response).await;
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines.len() >= 3, "{csv}");
    // The unit with fewer than 3 results (the merged/outside groups) shows "<3", never counts.
    for line in &lines[1..] {
        let cells: Vec<&str> = line.split(',').collect();
        let total = cells.last().copied().unwrap_or_default();
        if total != "<3" {
            assert!(total.trim().parse::<i64>().is_ok_and(|n| n >= 3), "{line}");
        }
    }
}
