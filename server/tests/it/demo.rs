//! The demo municipality.
use crate::helpers::*;

#[tokio::test]
async fn demo_municipality_loads_once_with_its_structure_staff_and_users() {
    let app = TestApp::with_config(|c| c.load_demo = true).await;
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
    let adm_departments = app
        .scalar("SELECT COUNT(*) FROM org_units d JOIN org_units s ON s.id = d.parent_id WHERE s.code = 'ADM'")
        .await;
    assert_eq!(
        adm_departments, 5,
        "the Administrative Service has the five departments of the 2020 report"
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
    for user in ["hr", "manager", "employee", "mayor", "commission"] {
        assert_eq!(
            app.scalar(&format!(
                "SELECT COUNT(*) FROM users WHERE username = '{user}'"
            ))
            .await,
            1
        );
    }
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
    // A second start loads nothing more.
    let again = server::demo::load_if_empty(&app.state).await.expect("demo");
    assert!(!again);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM org_units").await, 25);
}

#[tokio::test]
async fn every_demo_user_can_sign_in_and_sees_their_home() {
    let app = TestApp::with_config(|c| c.load_demo = true).await;
    for (username, password, _) in server::demo::DEMO_USERS {
        let cookie = app
            .sign_in(username, password)
            .await
            .unwrap_or_else(|| panic!("{username} signs in"));
        let home = body_text(app.get("/", Some(&cookie)).await).await;
        assert!(
            home.contains("data-testid=\"home-title\""),
            "{username} sees the home page"
        );
    }
}
