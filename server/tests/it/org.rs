//! Organisation, personal files, orders, audit, import and export over HTTP on a real
//! SQLite file.
use crate::helpers::*;
use axum::http::StatusCode;
use serde_json::Value;

async fn demo() -> (TestApp, String) {
    let app = TestApp::with_config(|c| c.load_demo = true).await;
    let hr = app.sign_in("hr", "Mokhele-HR-2026").await.expect("hr");
    (app, hr)
}

fn invalid_field(body: &Value) -> Option<&str> {
    body.get("Invalid")
        .and_then(|i| i.get("field"))
        .and_then(Value::as_str)
}

#[tokio::test]
async fn the_2020_orders_table_comes_from_the_register() {
    let (app, hr) = demo().await;
    let (status, counts) = json(&app, ORDERS_COUNTS, &[("year", "2020")], &hr).await;
    assert_eq!(status, StatusCode::OK, "{counts}");
    assert_eq!(counts["main"], 495);
    assert_eq!(counts["leave_trip_other"], 113);
    assert_eq!(counts["personnel"], 40);
    assert_eq!(counts["deputy"], 3);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM orders WHERE order_date BETWEEN '2020-01-01' AND '2020-12-31'"
        )
        .await,
        651
    );
    let (_, page) = json(
        &app,
        ORDERS_LIST,
        &[("year", "2020"), ("order_type", "personnel")],
        &hr,
    )
    .await;
    assert_eq!(page["total"], 40);
    assert_eq!(
        page["items"].as_array().map(Vec::len),
        Some(25),
        "paged by 25"
    );
}

#[tokio::test]
async fn hr_builds_a_department_fills_it_by_order_and_every_step_is_audited() {
    let (app, hr) = demo().await;
    let adm = app
        .scalar("SELECT id FROM org_units WHERE code = 'ADM'")
        .await
        .to_string();
    let (status, unit) = json(
        &app,
        CREATE_UNIT,
        &[
            ("parent_id", &adm),
            ("code", "adm-arch"),
            ("name_ka", "არქივის განყოფილება"),
            ("name_en", "Archive Department"),
            ("valid_from", "2026-01-01"),
            ("order_number", "2-1/900"),
            ("order_date", "2025-12-20"),
        ],
        &hr,
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {unit}"
    );
    let unit = unit.as_i64().expect("unit id").to_string();
    let category = app
        .scalar("SELECT id FROM position_categories WHERE rank = 3 AND category_no = 1")
        .await
        .to_string();
    let (_, position) = json(
        &app,
        CREATE_POSITION,
        &[
            ("unit_id", &unit),
            ("title_ka", "არქივისტი"),
            ("title_en", "Archivist"),
            ("category_id", &category),
            ("employment_type", "officer"),
            ("salary", "1500.00"),
            ("valid_from", "2026-01-01"),
            ("job_description_ka", ""),
            ("job_description_en", ""),
            ("requirements_min_ka", ""),
            ("requirements_min_en", ""),
            ("requirements_extra_ka", ""),
            ("requirements_extra_en", ""),
        ],
        &hr,
    )
    .await;
    let position = position.as_i64().expect("position id").to_string();
    let (_, vacancies) = json(&app, ORG_VACANCIES, &[], &hr).await;
    assert!(vacancies
        .as_array()
        .expect("list")
        .iter()
        .any(|v| v["position_id"].to_string() == position));

    let (_, employee) = json(
        &app,
        PEOPLE_CREATE,
        &employee_form("01001099999", "არქივაძე"),
        &hr,
    )
    .await;
    let employee = employee.as_i64().expect("employee id").to_string();
    let (status, assignment) = json(
        &app,
        APPOINT,
        &[
            ("employee_id", &employee),
            ("position_id", &position),
            ("basis", "competition"),
            ("start_date", "2026-02-01"),
            ("end_date", ""),
            ("order_number", "2-3/77"),
            ("order_date", "2026-01-28"),
        ],
        &hr,
    )
    .await;
    assert!(assignment.is_i64(), "{status} {assignment}");
    let (_, vacancies) = json(&app, ORG_VACANCIES, &[("as_of", "2026-02-01")], &hr).await;
    assert!(!vacancies
        .as_array()
        .expect("list")
        .iter()
        .any(|v| v["position_id"].to_string() == position));

    // The same position cannot be given to a second person for an overlapping period.
    let (_, other) = json(
        &app,
        PEOPLE_CREATE,
        &employee_form("01001099998", "მეორე"),
        &hr,
    )
    .await;
    let other = other.as_i64().expect("id").to_string();
    let (status, refused) = json(
        &app,
        APPOINT,
        &[
            ("employee_id", &other),
            ("position_id", &position),
            ("basis", "competition"),
            ("start_date", "2026-03-01"),
            ("end_date", ""),
            ("order_number", "2-3/78"),
            ("order_date", "2026-02-20"),
        ],
        &hr,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid_field(&refused), Some("position_id"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders WHERE number = '2-3/78'")
            .await,
        0,
        "no half-written order"
    );

    // The personnel order links to the appointment; the audit has every step.
    let order = app
        .scalar("SELECT id FROM orders WHERE number = '2-3/77'")
        .await
        .to_string();
    let (_, detail) = json(&app, ORDERS_GET, &[("id", &order)], &hr).await;
    assert_eq!(detail["effects"][0]["employee"]["id"].to_string(), employee);
    for action in [
        "unit.created",
        "position.created",
        "employee.created",
        "order.created",
        "assignment.created",
    ] {
        let (_, page) = json(&app, AUDIT_LIST, &[("filter[action]", action)], &hr).await;
        assert!(page["total"].as_i64().unwrap_or(0) >= 1, "{action}: {page}");
    }
    let actor_rows = app.scalar("SELECT COUNT(*) FROM audit_log WHERE actor_user_id = (SELECT id FROM users WHERE username = 'hr')").await;
    assert!(actor_rows >= 7, "{actor_rows}");

    // The manager of ADM-HR does not see the new department's people.
    let manager = app
        .sign_in("manager", "Mokhele-Manager-2026")
        .await
        .expect("manager");
    let (status, _) = json(&app, PEOPLE_GET, &[("id", &employee)], &manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_input_gets_a_field_error_and_writes_nothing() {
    let (app, hr) = demo().await;
    let before = app.scalar("SELECT COUNT(*) FROM employees").await;
    let audit_before = app.scalar("SELECT COUNT(*) FROM audit_log").await;
    for (number, field) in [
        ("123", "personal_number"),
        ("0100101234x", "personal_number"),
    ] {
        let (status, body) = json(&app, PEOPLE_CREATE, &employee_form(number, "ბერიძე"), &hr).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(invalid_field(&body), Some(field));
    }
    let taken = app
        .scalar("SELECT CAST(personal_number AS INTEGER) FROM employees LIMIT 1")
        .await;
    let taken = format!("{taken:011}");
    let (_, body) = json(&app, PEOPLE_CREATE, &employee_form(&taken, "ბერიძე"), &hr).await;
    assert_eq!(body["Invalid"]["problem"], "ValidationPersonalNumberTaken");
    let mut form = employee_form("01001088888", "ბერიძე");
    form[6] = ("birth_date", "1990-02-30");
    let (_, body) = json(&app, PEOPLE_CREATE, &form, &hr).await;
    assert_eq!(invalid_field(&body), Some("birth_date"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM employees").await, before);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log").await,
        audit_before
    );

    // Ending an assignment needs the confirmation.
    let assignment = app
        .scalar("SELECT MAX(id) FROM assignments")
        .await
        .to_string();
    let (_, body) = json(
        &app,
        END_ASSIGNMENT,
        &[
            ("assignment_id", &assignment),
            ("end_date", "2026-12-31"),
            ("reason", "გათავისუფლება"),
            ("order_number", "2-3/500"),
            ("order_date", "2026-12-01"),
        ],
        &hr,
    )
    .await;
    assert_eq!(invalid_field(&body), Some("confirm"));
}

#[tokio::test]
async fn managers_see_exactly_their_people_and_no_salaries() {
    let (app, hr) = demo().await;
    let manager = app
        .sign_in("manager", "Mokhele-Manager-2026")
        .await
        .expect("manager");
    let (status, page) = json(&app, PEOPLE_LIST, &[], &manager).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let hr_unit = app
        .scalar("SELECT id FROM org_units WHERE code = 'ADM-HR'")
        .await;
    let in_unit = app.scalar(&format!(
        "SELECT COUNT(DISTINCT a.employee_id) FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE p.unit_id = {hr_unit} AND a.end_date IS NULL")).await;
    // Everyone in the department, the manager (their own file) included.
    assert_eq!(page["total"].as_i64(), Some(in_unit), "{page}");

    let outsider = app
        .scalar(
            "SELECT a.employee_id FROM assignments a JOIN positions p ON p.id = a.position_id
         JOIN org_units u ON u.id = p.unit_id WHERE u.code = 'FIN-ACC' LIMIT 1",
        )
        .await
        .to_string();
    let (status, body) = json(&app, PEOPLE_GET, &[("id", &outsider)], &manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let fin = app
        .scalar("SELECT id FROM org_units WHERE code = 'FIN-ACC'")
        .await
        .to_string();
    let (status, _) = json(&app, ORG_UNIT, &[("unit_id", &fin)], &manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, staff) = json(
        &app,
        ORG_UNIT,
        &[("unit_id", &hr_unit.to_string())],
        &manager,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{staff}");
    assert!(
        staff["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .all(|r| r["salary"].is_null()),
        "no salaries for managers"
    );

    let subordinate = app
        .scalar(&format!(
            "SELECT a.employee_id FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE p.unit_id = {hr_unit} AND p.is_head = 0 LIMIT 1"
        ))
        .await
        .to_string();
    let (status, file) = json(&app, PEOPLE_GET, &[("id", &subordinate)], &manager).await;
    assert_eq!(status, StatusCode::OK, "{file}");
    assert!(file["assignments"][0]["salary"].is_null());
    assert_eq!(file["supervisor"]["name"]["en"].is_string(), true);

    // An employee reads their own file only, with their own salary.
    let employee = app
        .sign_in("employee", "Mokhele-Employee-2026")
        .await
        .expect("employee");
    let me = app
        .scalar("SELECT employee_id FROM users WHERE username = 'employee'")
        .await
        .to_string();
    let (status, file) = json(&app, PEOPLE_GET, &[("id", &me)], &employee).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        file["assignments"][0]["salary"].is_string()
            || file["assignments"][0]["salary"].is_number()
    );
    assert_eq!(file["editable"], false);
    let (status, _) = json(&app, PEOPLE_GET, &[("id", &subordinate)], &employee).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = json(&app, PEOPLE_LIST, &[], &employee).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // HR sees all, with filters, search and pages.
    let (_, all) = json(&app, PEOPLE_LIST, &[], &hr).await;
    assert!(all["total"].as_i64().unwrap_or(0) > 100);
    let (_, women) = json(
        &app,
        PEOPLE_LIST,
        &[("filter[gender]", "female"), ("filter[rank]", "3")],
        &hr,
    )
    .await;
    assert!(women["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|e| e["gender"] == "female" && e["rank"] == 3));
    let (_, found) = json(
        &app,
        PEOPLE_LIST,
        &[("filter[q]", &subordinate_number(&app, &subordinate).await)],
        &hr,
    )
    .await;
    assert_eq!(found["total"], 1);
}

async fn subordinate_number(app: &TestApp, id: &str) -> String {
    let (number,): (String,) =
        sqlx::query_as("SELECT personal_number FROM employees WHERE id = $1")
            .bind(id.parse::<i64>().expect("id"))
            .fetch_one(&app.state.db.read)
            .await
            .expect("number");
    number
}

#[tokio::test]
async fn a_renamed_unit_keeps_its_old_name_in_the_past() {
    let (app, hr) = demo().await;
    let unit = app
        .scalar("SELECT id FROM org_units WHERE code = 'ADM-PR'")
        .await
        .to_string();
    let (status, body) = json(
        &app,
        CHANGE_UNIT,
        &[
            ("unit_id", &unit),
            ("change", "rename"),
            ("name_ka", "კომუნიკაციების განყოფილება"),
            ("name_en", "Communications Department"),
            ("parent_id", ""),
            ("effective_date", "2024-01-01"),
            ("order_number", "2-1/10"),
            ("order_date", "2023-12-15"),
            ("confirm", "yes"),
        ],
        &hr,
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let name_on = |date: &'static str| {
        let (app, hr, unit) = (&app, &hr, unit.clone());
        async move {
            let (_, tree) = json(app, ORG_TREE, &[("as_of", date)], hr).await;
            tree["units"]
                .as_array()
                .expect("units")
                .iter()
                .find(|u| u["id"].to_string() == unit)
                .map(|u| u["name"]["en"].as_str().unwrap_or("").to_string())
        }
    };
    assert_eq!(
        name_on("2023-06-01").await.as_deref(),
        Some("Information and Public Relations Department")
    );
    assert_eq!(
        name_on("2024-06-01").await.as_deref(),
        Some("Communications Department")
    );
    assert_eq!(
        name_on("2019-01-01").await,
        None,
        "before the 2019 structure"
    );

    // Abolishing a unit that still has positions is refused.
    let (_, body) = json(
        &app,
        CHANGE_UNIT,
        &[
            ("unit_id", &unit),
            ("change", "abolish"),
            ("name_ka", ""),
            ("name_en", ""),
            ("parent_id", ""),
            ("effective_date", "2026-01-01"),
            ("order_number", "2-1/11"),
            ("order_date", "2025-12-15"),
            ("confirm", "yes"),
        ],
        &hr,
    )
    .await;
    assert_eq!(body["Invalid"]["problem"], "ValidationUnitNotEmpty");
}

#[tokio::test]
async fn acting_is_limited_to_three_months() {
    let (app, hr) = demo().await;
    let position = app.scalar("SELECT MIN(p.id) FROM positions p WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)").await.to_string();
    let employee = app
        .scalar("SELECT MAX(id) FROM employees")
        .await
        .to_string();
    let form = |end: &'static str| {
        vec![
            ("employee_id", employee.clone()),
            ("position_id", position.clone()),
            ("basis", "acting".to_string()),
            ("start_date", "2026-01-15".to_string()),
            ("end_date", end.to_string()),
            ("order_number", "2-3/901".to_string()),
            ("order_date", "2026-01-10".to_string()),
        ]
    };
    let too_long = form("2026-04-15");
    let pairs: Vec<(&str, &str)> = too_long.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, body) = json(&app, APPOINT, &pairs, &hr).await;
    assert_eq!(body["Invalid"]["problem"], "ValidationActingTooLong");
    let fine = form("2026-04-14");
    let pairs: Vec<(&str, &str)> = fine.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (_, body) = json(&app, APPOINT, &pairs, &hr).await;
    assert!(body.is_i64(), "{body}");
    // An acting holder does not fill the vacancy.
    let (_, vacancies) = json(&app, ORG_VACANCIES, &[("as_of", "2026-02-01")], &hr).await;
    assert!(vacancies
        .as_array()
        .expect("list")
        .iter()
        .any(|v| v["position_id"].to_string() == position));
}

fn import_file(rows: usize, bad: &[usize]) -> String {
    let mut text = String::from("personal_number,last_name_ka,first_name_ka,last_name_en,first_name_en,gender,birth_date,email,phone\n");
    for i in 0..rows {
        let number = if bad.contains(&i) {
            format!("{}", 5_000 + i)
        } else {
            format!("{:011}", 70_000_000_000u64 + i as u64)
        };
        text.push_str(&format!(
            "{number},გვარი{i},სახელი,Surname{i},Name,{},1985-03-0{},,\n",
            if i % 2 == 0 { "female" } else { "male" },
            1 + i % 9
        ));
    }
    text
}

#[tokio::test]
async fn a_500_row_import_with_bad_rows_commits_nothing_until_fixed() {
    let (app, hr) = demo().await;
    let before = app.scalar("SELECT COUNT(*) FROM employees").await;
    let bad = import_file(500, &[7, 250, 499]);
    let (status, report) = json(
        &app,
        IMPORT,
        &[("kind", "employees"), ("csv", &bad), ("commit", "true")],
        &hr,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let lines: Vec<i64> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["line"].as_i64())
        .collect();
    assert_eq!(lines, vec![9, 252, 501], "header is line 1");
    assert_eq!(report["committed"], false);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM employees").await, before);

    let good = import_file(500, &[]);
    let (_, report) = json(&app, IMPORT, &[("kind", "employees"), ("csv", &good)], &hr).await;
    assert_eq!(
        (report["rows"].as_i64(), report["committed"].as_bool()),
        (Some(500), Some(false)),
        "a check only"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM employees").await, before);
    let (_, report) = json(
        &app,
        IMPORT,
        &[("kind", "employees"), ("csv", &good), ("commit", "true")],
        &hr,
    )
    .await;
    assert_eq!(report["committed"], true, "{report}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM employees").await,
        before + 500
    );
    // Importing the same file again clashes on every personal number.
    let (_, report) = json(
        &app,
        IMPORT,
        &[("kind", "employees"), ("csv", &good), ("commit", "true")],
        &hr,
    )
    .await;
    assert_eq!(
        report["errors"].as_array().map(Vec::len),
        Some(200),
        "capped list"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM employees").await,
        before + 500
    );
}

#[tokio::test]
async fn positions_import_from_csv() {
    let (app, hr) = demo().await;
    let text = "unit_code,title_ka,title_en,rank,category_no,employment_type,salary_gel,is_head,valid_from\n\
                ADM-HR,სპეციალისტი,Specialist,3,2,officer,1350.00,0,2026-01-01\n\
                NOPE,სპეციალისტი,Specialist,3,2,officer,1350.00,0,2026-01-01\n";
    let (_, report) = json(
        &app,
        IMPORT,
        &[("kind", "positions"), ("csv", text), ("commit", "true")],
        &hr,
    )
    .await;
    assert_eq!(report["errors"][0]["column"], "unit_code", "{report}");
    let fixed = text.replace("NOPE", "FIN-ACC");
    let before = app.scalar("SELECT COUNT(*) FROM positions").await;
    let (_, report) = json(
        &app,
        IMPORT,
        &[("kind", "positions"), ("csv", &fixed), ("commit", "true")],
        &hr,
    )
    .await;
    assert_eq!(report["committed"], true, "{report}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM positions").await,
        before + 2
    );
}

#[tokio::test]
async fn lists_export_as_csv_and_xlsx_for_those_allowed() {
    let (app, hr) = demo().await;
    let response = app
        .get("/export/employees.csv?gender=female", Some(&hr))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let csv = body_text(response).await;
    assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
    assert!(csv.contains("პირადი ნომერი"), "Georgian headers by default");
    assert!(!csv.contains(",კაცი,"), "filtered to women");
    let response = app.get("/export/orders.xlsx?year=2020", Some(&hr)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .expect("body");
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    let unit = app
        .scalar("SELECT id FROM org_units WHERE code = 'ADM-HR'")
        .await;
    let staff = body_text(
        app.get(&format!("/export/staff-list.csv?unit={unit}"), Some(&hr))
            .await,
    )
    .await;
    assert!(staff.contains("სარგო"), "HR sees salaries: {staff}");
    let manager = app
        .sign_in("manager", "Mokhele-Manager-2026")
        .await
        .expect("manager");
    let staff = body_text(
        app.get(
            &format!("/export/staff-list.csv?unit={unit}"),
            Some(&manager),
        )
        .await,
    )
    .await;
    assert!(
        !staff.contains("სარგო") && staff.lines().count() > 3,
        "a manager's export has no salaries: {staff}"
    );
    let other = app
        .scalar("SELECT id FROM org_units WHERE code = 'FIN-ACC'")
        .await;
    assert_eq!(
        app.get(
            &format!("/export/staff-list.csv?unit={other}"),
            Some(&manager)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    for list in ["vacancies", "staff-report", "audit", "units"] {
        let response = app.get(&format!("/export/{list}.csv"), Some(&hr)).await;
        assert_eq!(response.status(), StatusCode::OK, "{list}");
    }
    let employee = app
        .sign_in("employee", "Mokhele-Employee-2026")
        .await
        .expect("employee");
    assert_eq!(
        app.get("/export/employees.csv", Some(&employee))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/export/audit.csv", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let mayor = app
        .sign_in("mayor", "Mokhele-Mayor-2026")
        .await
        .expect("mayor");
    assert_eq!(
        app.get("/export/audit.csv", Some(&mayor)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/export/nothing.csv", Some(&hr)).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn staff_report_counts_by_category_and_gender() {
    let (app, hr) = demo().await;
    let (_, report) = json(&app, ORG_STAFF_REPORT, &[], &hr).await;
    let total = report["total"]["women"].as_i64().unwrap_or(0)
        + report["total"]["men"].as_i64().unwrap_or(0);
    let staff = app.scalar("SELECT COUNT(DISTINCT employee_id) FROM assignments WHERE end_date IS NULL AND basis <> 'acting'").await;
    assert_eq!(total, staff);
    let groups: Vec<&str> = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["group"].as_str())
        .collect();
    assert!(
        groups.contains(&"political") && groups.contains(&"rank-3"),
        "{groups:?}"
    );
}

#[tokio::test]
async fn supervision_can_be_overridden_without_loops_and_positions_end_only_when_empty() {
    let (app, hr) = demo().await;
    let unit = app
        .scalar("SELECT id FROM org_units WHERE code = 'ADM-HR'")
        .await
        .to_string();
    let specialist = app.scalar(&format!(
        "SELECT p.id FROM positions p JOIN assignments a ON a.position_id = p.id AND a.end_date IS NULL
         WHERE p.unit_id = {unit} AND p.is_head = 0 ORDER BY p.id LIMIT 1")).await;
    let holder = app.scalar(&format!("SELECT employee_id FROM assignments WHERE position_id = {specialist} AND end_date IS NULL")).await;
    let service_head = app.scalar("SELECT p.id FROM positions p JOIN org_units u ON u.id = p.unit_id WHERE u.code = 'ADM' AND p.is_head = 1").await;
    let form = |target: String| {
        vec![
            ("unit_id", unit.clone()),
            ("position_id", specialist.to_string()),
            ("reports_to", target),
            ("deputy_position_id", String::new()),
        ]
    };
    let pairs = |f: &Vec<(&'static str, String)>| {
        f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let f = pairs(&form(service_head.to_string()));
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, body) = json(&app, SET_SUPERVISION, &refs, &hr).await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let (_, file) = json(&app, PEOPLE_GET, &[("id", &holder.to_string())], &hr).await;
    let head_holder = app.scalar(&format!("SELECT employee_id FROM assignments WHERE position_id = {service_head} AND end_date IS NULL")).await;
    assert_eq!(
        file["supervisor"]["id"].as_i64(),
        Some(head_holder),
        "the override wins"
    );

    // The service head cannot be put under the specialist: a loop.
    let adm = app
        .scalar("SELECT id FROM org_units WHERE code = 'ADM'")
        .await
        .to_string();
    let (_, body) = json(
        &app,
        SET_SUPERVISION,
        &[
            ("unit_id", &adm),
            ("position_id", &service_head.to_string()),
            ("reports_to", &specialist.to_string()),
            ("deputy_position_id", ""),
        ],
        &hr,
    )
    .await;
    assert_eq!(
        body["Invalid"]["problem"], "ValidationSupervisionCycle",
        "{body}"
    );

    // A held position cannot end; a vacant one can, by order.
    let (_, body) = json(
        &app,
        END_POSITION,
        &[
            ("position_id", &specialist.to_string()),
            ("end_date", "2026-12-31"),
            ("order_number", "2-1/990"),
            ("order_date", "2026-12-01"),
            ("confirm", "yes"),
        ],
        &hr,
    )
    .await;
    assert_eq!(body["Invalid"]["problem"], "ValidationPositionStillHeld");
    let vacant = app
        .scalar(&format!(
            "SELECT p.id FROM positions p WHERE p.unit_id = {unit} AND NOT EXISTS
        (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)"
        ))
        .await
        .to_string();
    let (status, body) = json(
        &app,
        END_POSITION,
        &[
            ("position_id", &vacant),
            ("end_date", "2026-12-31"),
            ("order_number", "2-1/990"),
            ("order_date", "2026-12-01"),
            ("confirm", "yes"),
        ],
        &hr,
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let (_, vacancies) = json(&app, ORG_VACANCIES, &[("as_of", "2027-01-01")], &hr).await;
    assert!(!vacancies
        .as_array()
        .expect("list")
        .iter()
        .any(|v| v["position_id"].to_string() == vacant));
    let (_, vacancies) = json(&app, ORG_VACANCIES, &[("as_of", "2026-12-31")], &hr).await;
    assert!(
        vacancies
            .as_array()
            .expect("list")
            .iter()
            .any(|v| v["position_id"].to_string() == vacant),
        "still listed on its last day"
    );
}

#[tokio::test]
async fn an_empty_salary_is_base_times_the_category_coefficient() {
    let (app, hr) = demo().await;
    let unit = app
        .scalar("SELECT id FROM org_units WHERE code = 'FIN-ACC'")
        .await
        .to_string();
    let category = app
        .scalar("SELECT id FROM position_categories WHERE rank = 3 AND category_no = 2")
        .await
        .to_string();
    let mut form = vec![
        ("unit_id", unit.as_str()),
        ("title_ka", "ბუღალტერი"),
        ("title_en", "Accountant"),
        ("category_id", category.as_str()),
        ("employment_type", "officer"),
        ("salary", ""),
        ("valid_from", "2026-01-01"),
        ("job_description_ka", ""),
        ("job_description_en", ""),
        ("requirements_min_ka", ""),
        ("requirements_min_en", ""),
        ("requirements_extra_ka", ""),
        ("requirements_extra_en", ""),
    ];
    let (_, id) = json(&app, CREATE_POSITION, &form, &hr).await;
    let id = id.as_i64().expect("position");
    // Base 1,000.00 (rule_settings, placeholder) × 1.35.
    assert_eq!(
        app.scalar(&format!(
            "SELECT salary_tetri FROM positions WHERE id = {id}"
        ))
        .await,
        135_000
    );
    let (coefficient,): (String,) =
        sqlx::query_as("SELECT salary_coefficient FROM positions WHERE id = $1")
            .bind(id)
            .fetch_one(&app.state.db.read)
            .await
            .expect("coefficient");
    assert_eq!(coefficient, "1.35");
    form[3] = ("category_id", "");
    form[4] = ("employment_type", "labour_contract");
    let (_, body) = json(&app, CREATE_POSITION, &form, &hr).await;
    assert_eq!(body["Invalid"]["problem"], "ValidationSalaryOrCategory");
}

#[tokio::test]
async fn position_texts_are_corrected_with_an_audit_trail_and_read_in_scope() {
    let (app, hr) = demo().await;
    let unit = app
        .scalar("SELECT id FROM org_units WHERE code = 'ADM-HR'")
        .await;
    let position = app.scalar(&format!(
        "SELECT p.id FROM positions p JOIN assignments a ON a.position_id = p.id AND a.end_date IS NULL
         WHERE p.unit_id = {unit} AND p.is_head = 0 ORDER BY p.id LIMIT 1")).await.to_string();
    let (status, body) = json(
        &app,
        UPDATE_POSITION,
        &[
            ("id", &position),
            ("title_ka", "უფროსი სპეციალისტი"),
            ("title_en", "Senior Specialist"),
            ("job_description_ka", "კადრების აღრიცხვა"),
            ("job_description_en", "Staff records"),
            ("requirements_min_ka", "უმაღლესი განათლება"),
            ("requirements_min_en", "Higher education"),
            ("requirements_extra_ka", ""),
            ("requirements_extra_en", ""),
        ],
        &hr,
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    let (_, detail) = json(&app, ORG_POSITION, &[("id", &position)], &hr).await;
    assert_eq!(detail["job_description"]["en"], "Staff records");
    assert!(
        detail["row"]["salary"].is_string() || detail["row"]["salary"].is_number(),
        "{detail}"
    );
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'position.updated' AND entity_id = '{position}' AND before_json LIKE '%title_ka%'")).await, 1);
    let manager = app
        .sign_in("manager", "Mokhele-Manager-2026")
        .await
        .expect("manager");
    let (status, detail) = json(&app, ORG_POSITION, &[("id", &position)], &manager).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert!(detail["row"]["salary"].is_null());
    let elsewhere = app.scalar("SELECT p.id FROM positions p JOIN org_units u ON u.id = p.unit_id WHERE u.code = 'FIN-ACC' LIMIT 1").await.to_string();
    let (status, _) = json(&app, ORG_POSITION, &[("id", &elsewhere)], &manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_merge_moves_positions_and_people_and_keeps_the_past() {
    let (app, hr) = demo().await;
    let source = app
        .scalar("SELECT id FROM org_units WHERE code = 'ECO-TOUR'")
        .await;
    let target = app
        .scalar("SELECT id FROM org_units WHERE code = 'ECO-PROP'")
        .await;
    let people = app.scalar(&format!(
        "SELECT COUNT(*) FROM assignments a JOIN positions p ON p.id = a.position_id WHERE p.unit_id = {source} AND a.end_date IS NULL")).await;
    let target_before = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM positions WHERE unit_id = {target} AND valid_to IS NULL"
        ))
        .await;
    let positions = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM positions WHERE unit_id = {source} AND valid_to IS NULL"
        ))
        .await;
    let (status, body) = json(
        &app,
        MERGE_UNIT,
        &[
            ("unit_id", &source.to_string()),
            ("target_id", &target.to_string()),
            ("effective_date", "2026-01-01"),
            ("order_number", "2-1/700"),
            ("order_date", "2025-12-20"),
            ("confirm", "yes"),
        ],
        &hr,
    )
    .await;
    assert!(
        status.is_success() || status.is_redirection(),
        "{status} {body}"
    );
    // Now: the target holds every position and person; the source is gone.
    let (_, tree) = json(&app, ORG_TREE, &[("as_of", "2026-02-01")], &hr).await;
    let units = tree["units"].as_array().expect("units");
    assert!(!units.iter().any(|u| u["id"] == source));
    let merged = units.iter().find(|u| u["id"] == target).expect("target");
    assert_eq!(
        merged["positions"].as_i64(),
        Some(target_before + positions)
    );
    // Before the date: both as they were.
    let (_, past) = json(&app, ORG_TREE, &[("as_of", "2025-06-01")], &hr).await;
    let old = past["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["id"] == source)
        .expect("source then");
    assert_eq!(old["staff"].as_i64(), Some(people));
    // Every person moved by reorganization, linked to the order; the target kept one head.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM assignments WHERE basis = 'reorganization' AND start_date = '2026-01-01'").await, people);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM positions WHERE unit_id = {target} AND is_head = 1 AND valid_to IS NULL")).await, 1);
    let (_, counts) = json(&app, ORDERS_COUNTS, &[("year", "2025")], &hr).await;
    assert!(counts["personnel"].as_i64().unwrap_or(0) >= 1);
    // Merging a department into a service is refused.
    let service = app
        .scalar("SELECT id FROM org_units WHERE code = 'FIN'")
        .await
        .to_string();
    let other = app
        .scalar("SELECT id FROM org_units WHERE code = 'FIN-ACC'")
        .await
        .to_string();
    let (_, body) = json(
        &app,
        MERGE_UNIT,
        &[
            ("unit_id", &other),
            ("target_id", &service),
            ("effective_date", "2026-01-01"),
            ("order_number", "2-1/701"),
            ("order_date", "2025-12-20"),
            ("confirm", "yes"),
        ],
        &hr,
    )
    .await;
    assert_eq!(body["Invalid"]["problem"], "ValidationMergeTarget");
}

#[tokio::test]
async fn a_transfer_ends_the_old_position_by_the_same_order() {
    let (app, hr) = demo().await;
    let employee = app.scalar("SELECT a.employee_id FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE p.is_head = 0 AND p.unit_id IS NOT NULL AND a.end_date IS NULL ORDER BY a.id LIMIT 1").await;
    let old = app.scalar(&format!("SELECT position_id FROM assignments WHERE employee_id = {employee} AND end_date IS NULL")).await;
    let vacant = app
        .scalar(
            "SELECT MIN(p.id) FROM positions p WHERE p.unit_id IS NOT NULL AND NOT EXISTS
         (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)",
        )
        .await;
    let (_, body) = json(
        &app,
        APPOINT,
        &[
            ("employee_id", &employee.to_string()),
            ("position_id", &vacant.to_string()),
            ("basis", "transfer"),
            ("start_date", "2026-03-01"),
            ("end_date", ""),
            ("order_number", "2-3/300"),
            ("order_date", "2026-02-25"),
        ],
        &hr,
    )
    .await;
    assert!(body.is_i64(), "{body}");
    let (ended,): (Option<String>,) = sqlx::query_as(&format!(
        "SELECT end_date FROM assignments WHERE employee_id = {employee} AND position_id = {old}"
    ))
    .fetch_one(&app.state.db.read)
    .await
    .expect("old");
    assert_eq!(ended.as_deref(), Some("2026-02-28"));
    // The old position is vacant from the transfer date, the new one filled.
    let (_, vacancies) = json(&app, ORG_VACANCIES, &[("as_of", "2026-03-01")], &hr).await;
    let ids: Vec<i64> = vacancies
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|v| v["position_id"].as_i64())
        .collect();
    assert!(ids.contains(&old) && !ids.contains(&vacant));
}
