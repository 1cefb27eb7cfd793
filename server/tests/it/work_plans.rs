//! Monthly work plans over HTTP on the demo: the officer drafts and reports, the supervisor
//! approves, returns and evaluates, nobody else decides, and a published month is public.
use crate::support::fixtures::yes;
use crate::support::*;
use app::domain::evaluation::Rating;
use app::domain::task::TaskKind;
use app::domain::work_plan::MonthlyState;
use app::error::AppError;
use app::i18n::Key;
use app::work_plans::*;

#[tokio::test]
async fn the_supervisor_evaluates_the_report_and_nobody_else_decides() {
    let app = TestApp::demo().await;
    let manager = app.demo_user("manager").await;
    let employee = app.demo_user("employee").await;
    let hr = app.demo_user("hr").await;
    let probationer = app.demo_user("probationer").await;

    // The demo: last month's report waits for the head's evaluation.
    let board = manager
        .call(ListWorkPlans {
            unit: None,
            month: None,
        })
        .await
        .expect("the board");
    let waiting = board
        .to_act
        .iter()
        .find(|r| r.state == MonthlyState::Reported)
        .expect("a report to evaluate");
    let id = waiting.id;
    let tasks = manager.call(app::home::MyTasks {}).await.expect("tasks");
    assert!(tasks
        .iter()
        .any(|t| t.kind == TaskKind::MonthlyEvaluate && t.link == format!("/work-plans/{id}")));
    let mine = employee
        .call(ListWorkPlans {
            unit: None,
            month: None,
        })
        .await
        .expect("own board");
    assert!(mine.mine.iter().any(|r| r.id == id));
    assert!(mine.mine.len() >= 12, "a year of plans");

    // Read: the officer, the supervisor, HR (logged); not a colleague.
    let d = employee.call(GetWorkPlan { id }).await.expect("own plan");
    assert!(!d.may_evaluate && d.may_report);
    assert_eq!(
        refused(probationer.call(GetWorkPlan { id }).await),
        AppError::Forbidden
    );
    hr.call(GetWorkPlan { id }).await.expect("HR reads");
    assert_eq!(app.audited("work_plan.read", Some(id)).await, 1);

    let evaluate = |revision: i64, rating: &str, comments: &str, confirm| EvaluateMonthlyReport {
        id,
        revision,
        rating: rating.into(),
        comments: comments.into(),
        instructions: String::new(),
        confirm,
    };
    // Only the supervisor evaluates; every problem at once; a stale form is refused.
    for client in [&employee, &hr] {
        assert_eq!(
            refused(client.call(evaluate(d.revision, "good", "ok", yes())).await),
            AppError::Forbidden
        );
    }
    assert_eq!(
        fields(refused(
            manager.call(evaluate(d.revision, "", " ", None)).await
        )),
        ["comments", "confirm", "rating"]
    );
    assert!(matches!(
        refused(
            manager
                .call(evaluate(d.revision - 1, "good", "ok", yes()))
                .await
        ),
        AppError::Stale { .. }
    ));
    manager
        .call(evaluate(
            d.revision,
            "excellent",
            "Thorough and on time.",
            yes(),
        ))
        .await
        .expect("evaluated");
    let d = employee.call(GetWorkPlan { id }).await.expect("own plan");
    assert_eq!(
        (d.state, d.rating),
        (MonthlyState::Evaluated, Some(Rating::Excellent))
    );
    assert!(!d.may_report);
    assert_eq!(app.audited("work_plan.evaluated", Some(id)).await, 1);
    // Evaluated once.
    assert_eq!(
        refused(
            manager
                .call(evaluate(d.revision, "good", "again", yes()))
                .await
        ),
        AppError::Conflict(Key::WorkPlanWrongState)
    );
}

#[tokio::test]
async fn the_officer_plans_the_next_month_and_the_supervisor_returns_or_approves() {
    let app = TestApp::demo().await;
    let manager = app.demo_user("manager").await;
    let employee = app.demo_user("employee").await;
    let board = employee
        .call(ListWorkPlans {
            unit: None,
            month: None,
        })
        .await
        .expect("own board");
    let next = *board.may_start.last().expect("next month open");
    let code = app::domain::work_plan::month_code(next);
    let save = |month: &str, plan: &str| SaveWorkPlan {
        month: month.into(),
        id: None,
        revision: None,
        plan: plan.into(),
    };
    assert_eq!(
        fields(refused(employee.call(save("someday", " ")).await)),
        ["month", "plan"]
    );
    assert_invalid(
        employee.call(save("2030-01", "Far ahead")).await,
        "month",
        Key::WorkPlanMonthOutOfRange,
    );
    let this = app::domain::work_plan::month_code(app::domain::work_plan::month_of(app.today()));
    assert_invalid(
        employee.call(save(&this, "Twice")).await,
        "month",
        Key::WorkPlanExists,
    );
    let id = employee
        .call(save(&code, "1. Archive the files."))
        .await
        .expect("drafted");
    employee
        .call(SubmitWorkPlan { id, revision: 0 })
        .await
        .expect("submitted");
    let decide = |revision: i64, decision: &str, note: &str| ApproveWorkPlan {
        id,
        revision,
        decision: decision.into(),
        note: note.into(),
    };
    assert_eq!(
        refused(employee.call(decide(1, "approve", "")).await),
        AppError::Forbidden
    );
    assert_eq!(
        fields(refused(manager.call(decide(1, "", "")).await)),
        ["decision"]
    );
    assert_invalid(
        manager.call(decide(1, "return", "")).await,
        "note",
        Key::WorkPlanNoteNeeded,
    );
    manager
        .call(decide(1, "return", "Add the staff list changes."))
        .await
        .expect("returned");
    let d = employee.call(GetWorkPlan { id }).await.expect("own plan");
    assert_eq!(d.state, MonthlyState::Draft);
    assert!(d.may_draft && d.return_note.is_some());
    employee
        .call(SaveWorkPlan {
            month: String::new(),
            id: Some(id),
            revision: Some(d.revision),
            plan: "1. Archive the files.\n2. The staff list changes.".into(),
        })
        .await
        .expect("rewritten");
    employee
        .call(SubmitWorkPlan {
            id,
            revision: d.revision + 1,
        })
        .await
        .expect("submitted again");
    manager
        .call(decide(d.revision + 2, "approve", ""))
        .await
        .expect("approved");
    // The next month's report cannot come before the month begins.
    assert_eq!(
        refused(
            employee
                .call(SubmitMonthlyReport {
                    id,
                    revision: d.revision + 3,
                    report: "Done".into(),
                })
                .await
        ),
        AppError::Conflict(Key::WorkPlanMonthNotStarted)
    );
}

#[tokio::test]
async fn a_published_month_is_public_and_only_hr_publishes() {
    let app = TestApp::demo().await;
    let anonymous = app.anonymous();
    let list = anonymous
        .call(ListPublications {})
        .await
        .expect("public list");
    let p = list.first().expect("the demo published a month");
    let month = app::domain::work_plan::month_code(p.month);
    let report = anonymous
        .call(GetPublication {
            unit_id: p.unit_id,
            month: month.clone(),
        })
        .await
        .expect("public report");
    assert!(!report.entries.is_empty());
    assert!(report.entries.iter().all(|e| e.report.is_some()));
    // The month before is not published.
    let earlier = app::domain::work_plan::month_code(
        p.month
            .checked_sub_months(chrono::Months::new(1))
            .expect("month"),
    );
    assert_eq!(
        refused(
            anonymous
                .call(GetPublication {
                    unit_id: p.unit_id,
                    month: earlier.clone(),
                })
                .await
        ),
        AppError::NotFound
    );
    let publish = |month: &str| PublishUnitMonth {
        unit_id: p.unit_id,
        month: month.into(),
        confirm: yes(),
    };
    let manager = app.demo_user("manager").await;
    assert_eq!(
        refused(manager.call(publish(&earlier)).await),
        AppError::Forbidden
    );
    let hr = app.demo_user("hr").await;
    assert_eq!(
        refused(hr.call(publish(&month)).await),
        AppError::Conflict(Key::WorkPlanAlreadyPublished)
    );
    hr.call(publish(&earlier)).await.expect("published");
    assert_eq!(app.audited("work_plan.published", Some(p.unit_id)).await, 2);
}
