//! Services called directly, as plain functions of (database, actor, input), on a fresh
//! database: a department built through the organisation and people services, then rules that
//! turn on who acts and on which day — each actor carries the instant it acts at, so a test
//! moves through the calendar without touching any clock.
use crate::support::fixtures::{self, order};
use crate::support::*;
use app::domain::evaluation::{AppealDecision, Rating, Stage};
use app::domain::Role;
use app::error::AppError;
use app::evaluation::service as evaluation;
use app::org::service as org;
use app::people::service as people;
use app::ssr::{Actor, Db};
use chrono::{NaiveDate, TimeZone, Utc};
use std::collections::HashMap;

/// An actor acting at 10:00 Tbilisi time on `day`.
async fn as_of(db: &Db, username: &str, day: NaiveDate) -> Actor {
    let at = Utc
        .from_local_datetime(&day.and_hms_opt(6, 0, 0).expect("time"))
        .single()
        .expect("instant");
    app::auth::service::actor_for(db, username, at)
        .await
        .expect("user")
        .expect("known user")
}

/// A department of a head and one officer, both in post since 2016; users `hr`, `head` (who
/// is also the mayor here when `head_is_mayor`), `officer` and `reviewer`.
struct Department {
    app: TestApp,
    officer: i64,
}

async fn department(head_is_mayor: bool) -> Department {
    let app = TestApp::new().await;
    let db = app.state.db.clone();
    app.user("hr", &[Role::Hr]).await;
    let hr = as_of(&db, "hr", date(2016, 1, 4)).await;
    let unit = |code: &str, parent: Option<i64>| fixtures::unit(code, parent, "2016-01-01");
    let service = org::create_unit(
        &db,
        &hr,
        org::UnitInput::parse(&unit("ADM", None)).expect("form"),
    )
    .await
    .expect("service");
    let dept = org::create_unit(
        &db,
        &hr,
        org::UnitInput::parse(&unit("ADM-HR", Some(service))).expect("form"),
    )
    .await
    .expect("department");
    let mut ids = Vec::new();
    for (rank, head, number) in [(2, true, "01001001001"), (3, false, "01001001002")] {
        let category = app
            .scalar(&format!(
                "SELECT MIN(id) FROM position_categories WHERE rank = {rank}"
            ))
            .await;
        let mut form = fixtures::position(dept, category, "1500.00", "2016-01-01");
        form.is_head = head.then(|| "on".to_string());
        let position =
            org::create_position(&db, &hr, org::PositionInput::parse(&form).expect("form"))
                .await
                .expect("position");
        let employee = people::create(
            &db,
            &hr,
            people::EmployeeInput::parse(&fixtures::employee(number, "ტესტი"), hr.today())
                .expect("form"),
        )
        .await
        .expect("employee");
        let by = order(&format!("2-3/{number}"), "2016-01-04");
        people::appoint(
            &db,
            &hr,
            employee,
            people::AppointInput::parse(&fixtures::appointment(
                position,
                "mobility",
                "2016-01-04",
                by,
            ))
            .expect("form"),
        )
        .await
        .expect("appointed");
        ids.push(employee);
    }
    let head_roles: &[Role] = if head_is_mayor {
        &[Role::Manager, Role::Mayor]
    } else {
        &[Role::Manager]
    };
    app.user_linked("head", head_roles, Some(ids[0])).await;
    app.user_linked("officer", &[Role::Employee], Some(ids[1]))
        .await;
    app.user("reviewer", &[Role::Employee]).await;
    Department {
        app,
        officer: ids[1],
    }
}

fn each(ids: &[i64], value: &str) -> HashMap<String, String> {
    ids.iter()
        .map(|id| (id.to_string(), value.to_string()))
        .collect()
}

/// Opens the 2025 cycle and takes the officer's evaluation through to the rating, each step
/// on its own day; returns the evaluation and the competencies planned.
async fn rated_2025(d: &Department) -> (i64, Vec<i64>) {
    let db = &d.app.state.db;
    let hr = as_of(db, "hr", date(2025, 1, 6)).await;
    let cycle = evaluation::open_cycle(db, &hr, 2025, 1)
        .await
        .expect("opened");
    let id = d.app.evaluation(cycle, d.officer).await;
    let planned: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM competencies WHERE method_id = 1 AND kind = 'core' ORDER BY sort_order LIMIT 4",
    )
    .fetch_all(&db.read)
    .await
    .expect("competencies");
    let head = |day| as_of(db, "head", day);
    let officer = |day| as_of(db, "officer", day);

    evaluation::submit_plan(
        db,
        &head(date(2025, 1, 20)).await,
        id,
        "Objectives.".into(),
        &planned,
    )
    .await
    .expect("planned");
    evaluation::confirm_plan(db, &officer(date(2025, 1, 22)).await, id)
        .await
        .expect("agreed");
    evaluation::submit_self(
        db,
        &officer(date(2025, 12, 1)).await,
        id,
        &each(&planned, "3"),
        None,
    )
    .await
    .expect("self-assessed");
    let rating = evaluation::RatingForm {
        scores: each(&planned, "3"),
        comments: HashMap::new(),
        summary_comment: "Steady.".into(),
    };
    evaluation::submit_rating(db, &head(date(2026, 1, 12)).await, id, &rating)
        .await
        .expect("rated");
    (id, planned)
}

#[tokio::test]
async fn an_unanswered_result_is_finalized_only_after_the_officers_window() {
    let d = department(false).await;
    let db = &d.app.state.db;
    let (id, _) = rated_2025(&d).await;
    let hr = |day| as_of(db, "hr", day);
    let due = evaluation::read(db, &hr(date(2026, 1, 12)).await, id)
        .await
        .expect("read")
        .acknowledge_due
        .expect("a window once rated");

    let on_the_last_day = evaluation::finalize_one(db, &hr(due).await, id).await;
    let the_day_after =
        evaluation::finalize_one(db, &hr(due.succ_opt().expect("day")).await, id).await;

    assert_eq!(due, date(2026, 1, 19), "rated on 12.01 + 7 days");
    assert!(matches!(on_the_last_day, Err(AppError::Conflict(_))));
    assert_eq!(the_day_after, Ok(()));
    let detail = evaluation::read(db, &hr(date(2026, 1, 21)).await, id)
        .await
        .expect("read");
    assert_eq!(detail.row.stage, Stage::Finalized);
    assert_eq!(
        (
            detail.results[0].final_mark.as_str(),
            detail.results[0].rating
        ),
        ("3", Rating::Good)
    );
}

#[tokio::test]
async fn the_evaluator_never_decides_the_appeal_even_as_mayor() {
    let d = department(true).await;
    let db = &d.app.state.db;
    let (id, planned) = rated_2025(&d).await;
    let at = |user: &'static str, day| as_of(db, user, day);
    evaluation::answer(
        db,
        &at("officer", date(2026, 1, 13)).await,
        id,
        evaluation::Answer::Acknowledge,
    )
    .await
    .expect("acknowledged");
    evaluation::finalize_one(db, &at("hr", date(2026, 1, 14)).await, id)
        .await
        .expect("finalized");
    evaluation::appeal(
        db,
        &at("officer", date(2026, 1, 20)).await,
        id,
        "Grounds.".into(),
    )
    .await
    .expect("appealed");
    let new_scores = each(&planned, "4");
    let decide = |actor: Actor| {
        let scores = new_scores.clone();
        async move {
            evaluation::decide(
                db,
                &actor,
                id,
                AppealDecision::Changed,
                "Reasoning.".into(),
                &scores,
            )
            .await
        }
    };

    let by_the_scorer = decide(at("head", date(2026, 1, 27)).await).await;
    let by_hr = evaluation::delegate_appeal(
        db,
        &at("hr", date(2026, 1, 27)).await,
        id,
        "reviewer",
        "HR names a reviewer.".into(),
    )
    .await;
    let delegated = evaluation::delegate_appeal(
        db,
        &at("head", date(2026, 1, 27)).await,
        id,
        "reviewer",
        "The mayor scored it.".into(),
    )
    .await;
    let by_the_reviewer = decide(at("reviewer", date(2026, 1, 28)).await).await;

    assert_eq!(by_the_scorer, Err(AppError::Forbidden));
    assert_eq!(
        by_hr,
        Err(AppError::Forbidden),
        "the mayor's decision stays the mayor's"
    );
    assert_eq!(delegated, Ok(()));
    assert_eq!(by_the_reviewer, Ok(()));
    assert_eq!(
        d.app.audited("evaluation.appeal_decided", Some(id)).await,
        1
    );
    let versions = evaluation::read(db, &at("hr", date(2026, 2, 1)).await, id)
        .await
        .expect("read")
        .results;
    assert_eq!(
        versions
            .iter()
            .map(|r| (r.version, r.rating, r.by_appeal))
            .collect::<Vec<_>>(),
        [(2, Rating::Excellent, true), (1, Rating::Good, false)]
    );
}
