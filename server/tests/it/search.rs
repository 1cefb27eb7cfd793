//! The menu's search: people by name or personal number within the caller's scope, units,
//! positions and orders by number (orders only for those who keep the registry).
use crate::support::*;
use app::error::AppError;
use app::search::Search;

async fn text(app: &TestApp, sql: &str) -> String {
    sqlx::query_scalar(sql)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn search_finds_people_units_positions_and_orders_within_scope() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let manager = app.demo_user("manager").await;
    let employee = app.demo_user("employee").await;
    let search = |q: &str| Search { q: q.into() };

    // A person by personal number; a unit, a position and an order by their names and number.
    let number = text(
        &app,
        "SELECT personal_number FROM employees ORDER BY id LIMIT 1",
    )
    .await;
    let found = hr.call(search(&number)).await.expect("search");
    assert_eq!(found.people.items.len(), 1);
    assert_eq!(found.people.items[0].personal_number, number);
    let unit = text(
        &app,
        "SELECT name_ka FROM org_units WHERE valid_to IS NULL ORDER BY id LIMIT 1",
    )
    .await;
    let found = hr.call(search(&unit)).await.expect("search");
    assert!(found.units.iter().any(|u| u.name.ka == unit), "{unit}");
    let title = text(
        &app,
        "SELECT title_en FROM positions WHERE valid_to IS NULL ORDER BY id DESC LIMIT 1",
    )
    .await;
    let found = hr
        .call(search(&title.to_uppercase()))
        .await
        .expect("search");
    assert!(
        found.positions.iter().any(|p| p.title.en == title),
        "{title}"
    );
    let order = text(&app, "SELECT number FROM orders ORDER BY id LIMIT 1").await;
    let found = hr.call(search(&order)).await.expect("search");
    assert!(found
        .orders
        .expect("HR sees orders")
        .items
        .iter()
        .any(|o| o.number == order));

    // A manager finds only their own people, and no orders.
    let theirs = manager
        .call(app::people::ListEmployees { filter: None })
        .await
        .expect("list");
    assert!(theirs.total < 25, "the demo manager's people fit one page");
    let ids: Vec<String> = theirs.items.iter().map(|e| e.id.to_string()).collect();
    let outside = text(
        &app,
        &format!(
            "SELECT personal_number FROM employees WHERE id NOT IN ({}) ORDER BY id LIMIT 1",
            ids.join(", ")
        ),
    )
    .await;
    let found = manager.call(search(&outside)).await.expect("search");
    assert_eq!(found.people.total, 0, "outside the manager's scope");
    assert!(found.orders.is_none());
    assert_eq!(
        hr.call(search(&outside))
            .await
            .expect("search")
            .people
            .total,
        1
    );
    let own = &theirs.items[0];
    let found = manager
        .call(search(&own.personal_number))
        .await
        .expect("search");
    assert_eq!(found.people.items[0].id, own.id);
    // One character is too little to search for; the field says so.
    assert_eq!(field_of(manager.call(search(" ა ")).await), "q");
    // `%` is searched for literally, not as a wildcard.
    assert_eq!(hr.call(search("%%")).await.expect("search").people.total, 0);
    // An employee has nothing to search: they open their own file.
    assert_eq!(
        employee.call(search(&number)).await.map(|_| ()),
        Err(AppError::Forbidden)
    );
}
