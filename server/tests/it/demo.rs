//! The demo municipality: its structure, its users, and a live part that sits where it should
//! whatever day it is loaded.
use crate::support::*;
use app::domain::evaluation::Stage;
use app::evaluation::CycleDashboard;
use app::home::MyTasks;

#[tokio::test]
async fn demo_municipality_loads_once_with_its_structure_staff_and_users() {
    let app = TestApp::demo().await;

    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM org_units WHERE kind = 'service'")
            .await,
        8
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM org_units WHERE kind = 'department'")
            .await,
        17
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM org_units d JOIN org_units s ON s.id = d.parent_id WHERE s.code = 'ADM'")
            .await,
        5,
        "the Administrative Service has the five departments of the 2020 report"
    );
    // Their names exactly as the report gives them (seed 000).
    for name in [
        "საქმისწარმოებისა და მატერიალურ-ტექნიკური უზრუნველყოფის განყოფილება",
        "ადამიანური რესურსების მართვისა და გენდერული თანასწორობის განყოფილება",
        "ინფორმაციული უზრუნველყოფისა და საზოგადოებასთან ურთიერთობის განყოფილება",
        "იურიდიული განყოფილება",
        "შესყიდვების განყოფილება",
    ] {
        let sql = format!("SELECT COUNT(*) FROM org_units WHERE name_ka = '{name}'");
        assert_eq!(app.scalar(&sql).await, 1, "{name}");
    }
    // The 2018 order adopting the evaluation method is in the registry, a main order.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM orders WHERE number = '2-1/023' AND order_date = '2018-01-22'
               AND order_type = 'main' AND issuer = 'mayor'"
        )
        .await,
        1
    );
    let staff = app.scalar("SELECT COUNT(*) FROM employees").await;
    assert!((100..=140).contains(&staff), "about 120 staff, got {staff}");
    let women = app
        .scalar("SELECT COUNT(*) FROM employees WHERE gender = 'female'")
        .await;
    assert!(women > 0 && women < staff, "both genders");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM employees WHERE first_name_ka = '' OR last_name_en = ''")
            .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM users WHERE username IN ('hr', 'manager', 'employee', 'mayor', 'commission')")
            .await,
        5
    );
    // Titles and categories agree (the category table is not an enum: DOMAIN §2.3).
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM positions p JOIN position_categories c ON c.id = p.category_id
             WHERE p.title_en LIKE '%3rd category%' AND c.category_no <> 3"
        )
        .await,
        0
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM positions WHERE rank IS NOT NULL AND category_id IS NULL")
            .await,
        0
    );
    // Vacancies and former staff exist, so those screens are not empty.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM assignments WHERE end_date IS NOT NULL")
            .await,
        4
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM assignments WHERE order_id IS NULL")
            .await,
        0,
        "every appointment links to its order"
    );
    let again = server::demo::load_if_empty(&app.state).await.expect("demo");
    assert!(!again, "a second start loads nothing more");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM org_units").await, 25);
}

#[tokio::test]
async fn every_demo_user_can_sign_in_and_sees_their_home() {
    let app = TestApp::demo().await;
    for (username, _, _) in server::demo::DEMO_USERS {
        let user = app.demo_user(username).await;

        let (_, home) = user.text("/").await;

        assert!(
            home.contains("data-testid=\"home-title\""),
            "{username} sees the home page"
        );
    }
}

/// What the live part of a demo loaded at `now` looks like.
async fn live_part(app: &TestApp) {
    let year = app.live_year();
    let hr = app.demo_user("hr").await;
    // Every earlier cycle is closed, the live one open half-way.
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM evaluation_cycles WHERE status = 'closed' AND year BETWEEN 2018 AND {}",
            year - 1
        ))
        .await,
        i64::from(year - 2018)
    );
    let dashboard = hr
        .call(CycleDashboard {
            id: app.cycle(year).await,
        })
        .await
        .expect("dashboard");
    let at = |stage: Stage| {
        dashboard.stage_totals[Stage::ALL.iter().position(|s| *s == stage).expect("stage")]
    };
    assert!(at(Stage::Planning) > 0 && at(Stage::Rating) > 0 && at(Stage::Finalization) > 0);
    assert!(
        at(Stage::Acknowledgement) > 0,
        "answers still within their window"
    );
    assert_eq!(dashboard.ready_to_finalize, at(Stage::Finalization));
    assert!(!dashboard.overdue.is_empty(), "planning is overdue");
    // Each demo user has something to do.
    for user in ["hr", "manager", "employee", "mayor"] {
        let tasks = app
            .demo_user(user)
            .await
            .call(MyTasks {})
            .await
            .expect("tasks");
        assert!(!tasks.is_empty(), "{user} has a task");
    }
    // The last cycle's qualifications wait for HR; earlier ones were ordered each February.
    let eligibility = hr
        .call(app::classes::GetClassEligibility {})
        .await
        .expect("eligibility");
    assert!(!eligibility.eligible.is_empty());
    assert!(eligibility
        .eligible
        .iter()
        .all(|e| e.qualification.years.last().map(|y| y.year) == Some(year - 1)));
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM class_orders WHERE status = 'signed' AND order_date > '{}-12-31'",
            year - 1
        ))
        .await,
        0,
        "nothing ordered from the future"
    );
}

#[tokio::test]
async fn the_live_part_sits_where_it_should_on_the_day_loaded() {
    let app = TestApp::demo().await;
    live_part(&app).await;
}

#[tokio::test]
async fn a_demo_loaded_years_later_is_as_coherent_and_keeps_its_history() {
    let later = test_now() + chrono::Duration::days(3 * 365 + 100);
    let app = TestApp::demo_at(later).await;
    live_part(&app).await;
    // The history keeps its dates: the 2020 report's table.
    let hr = app.demo_user("hr").await;
    let counts = hr
        .call(app::orders::GetOrderCounts { year: Some(2020) })
        .await
        .expect("counts");
    assert_eq!(
        (
            counts.main,
            counts.leave_trip_other,
            counts.personnel,
            counts.deputy
        ),
        server::demo::ORDERS_2020
    );
}
