//! Organisation, personal files, orders, audit, import and export over HTTP on a real SQLite
//! file.
use crate::support::fixtures::{self, order, yes};
use crate::support::*;
use app::audit::{AuditFilter, ListAudit};
use app::domain::order::OrderType;
use app::domain::staff::{EmployeeStatus, Gender, StaffGroup};
use app::error::AppError;
use app::i18n::Key;
use app::orders::{GetOrder, GetOrderCounts, ListOrders, OrderFields, OrderFilter};
use app::org::*;
use app::people::*;
use axum::http::StatusCode;
use chrono::Datelike;

async fn category(app: &TestApp, rank: i64, number: i64) -> i64 {
    app.scalar(&format!(
        "SELECT id FROM position_categories WHERE rank = {rank} AND category_no = {number}"
    ))
    .await
}

async fn vacancies_on(hr: &Client, on: Option<&str>) -> Vec<i64> {
    hr.call(ListVacancies {
        as_of: on.map(str::to_string),
    })
    .await
    .expect("vacancies")
    .iter()
    .map(|v| v.position_id)
    .collect()
}

#[tokio::test]
async fn the_2020_orders_table_comes_from_the_register() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;

    let counts = hr
        .call(GetOrderCounts { year: Some(2020) })
        .await
        .expect("counts");
    let personnel = hr
        .call(ListOrders {
            filter: Some(OrderFilter {
                year: Some(2020),
                order_type: Some(OrderType::Personnel),
                ..Default::default()
            }),
        })
        .await
        .expect("list");

    assert_eq!(
        (
            counts.main,
            counts.leave_trip_other,
            counts.personnel,
            counts.deputy
        ),
        (495, 113, 40, 3)
    );
    assert_eq!(counts.total(), 651);
    assert_eq!(personnel.total, 40);
    assert_eq!(personnel.items.len(), 25, "paged by 25");
}

#[tokio::test]
async fn hr_builds_a_department_fills_it_by_order_and_every_step_is_audited() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let adm = app.unit("ADM").await;

    let unit = hr
        .call(CreateUnit {
            form: UnitForm {
                parent_id: adm.to_string(),
                code: "adm-arch".into(),
                name_ka: "არქივის განყოფილება".into(),
                name_en: "Archive Department".into(),
                valid_from: "2026-01-01".into(),
                order: order("2-1/900", "2025-12-20"),
            },
        })
        .await
        .expect("unit");
    let position = hr
        .call(CreatePosition {
            form: fixtures::position(unit, category(&app, 3, 1).await, "1500.00", "2026-01-01"),
        })
        .await
        .expect("position");
    assert!(vacancies_on(&hr, None).await.contains(&position));
    let employee = hr
        .call(CreateEmployee {
            form: fixtures::employee("01001099999", "არქივაძე"),
        })
        .await
        .expect("employee");
    hr.call(Appoint {
        employee_id: employee,
        form: fixtures::appointment(
            position,
            "competition",
            "2026-02-01",
            order("2-3/77", "2026-01-28"),
        ),
    })
    .await
    .expect("appointed");

    assert!(!vacancies_on(&hr, Some("2026-02-01"))
        .await
        .contains(&position));
    // The same position cannot be given to a second person for an overlapping period.
    let other = hr
        .call(CreateEmployee {
            form: fixtures::employee("01001099998", "მეორე"),
        })
        .await
        .expect("other");
    let refused = hr
        .call(Appoint {
            employee_id: other,
            form: fixtures::appointment(
                position,
                "competition",
                "2026-03-01",
                order("2-3/78", "2026-02-20"),
            ),
        })
        .await;
    assert_invalid(refused, "position_id", Key::ValidationPositionOccupied);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders WHERE number = '2-3/78'")
            .await,
        0,
        "no half-written order"
    );
    // Orders as the seed counts them: the unit's is a main order, the appointment's personnel.
    let kind = |number: &str| {
        let sql =
            format!("SELECT order_type || '/' || issuer FROM orders WHERE number = '{number}'");
        let app = &app;
        async move {
            sqlx::query_scalar::<_, String>(&sql)
                .fetch_one(&app.state.db.read)
                .await
                .expect("registered")
        }
    };
    assert_eq!(kind("2-1/900").await, "main/mayor");
    assert_eq!(kind("2-3/77").await, "personnel/mayor");
    // The personnel order links to the appointment; the audit has every step.
    let registered = app
        .scalar("SELECT id FROM orders WHERE number = '2-3/77'")
        .await;
    let detail = hr.call(GetOrder { id: registered }).await.expect("order");
    assert_eq!(detail.effects[0].employee.id, employee);
    for action in [
        "unit.created",
        "position.created",
        "employee.created",
        "order.created",
        "assignment.created",
    ] {
        let page = hr
            .call(ListAudit {
                filter: Some(AuditFilter {
                    action: Some(action.into()),
                    ..Default::default()
                }),
            })
            .await
            .expect("audit");
        assert!(page.total >= 1, "{action}");
    }
    // The manager of ADM-HR does not see the new department's people.
    let manager = app.demo_user("manager").await;
    assert_eq!(
        manager.call(GetEmployee { id: employee }).await.map(|_| ()),
        Err(AppError::Forbidden)
    );
}

#[tokio::test]
async fn bad_input_gets_a_field_error_and_writes_nothing() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let before = app.scalar("SELECT COUNT(*) FROM employees").await;
    let audit_before = app.scalar("SELECT COUNT(*) FROM audit_log").await;
    let taken = sqlx::query_scalar::<_, String>("SELECT personal_number FROM employees LIMIT 1")
        .fetch_one(&app.state.db.read)
        .await
        .expect("a number");
    let create = |form: EmployeeForm| hr.call(CreateEmployee { form });

    assert_invalid(
        create(fixtures::employee("123", "ბერიძე")).await,
        "personal_number",
        Key::ValidationPersonalNumber,
    );
    assert_invalid(
        create(fixtures::employee("0100101234x", "ბერიძე")).await,
        "personal_number",
        Key::ValidationPersonalNumber,
    );
    assert_invalid(
        create(fixtures::employee(&taken, "ბერიძე")).await,
        "personal_number",
        Key::ValidationPersonalNumberTaken,
    );
    let impossible = EmployeeForm {
        birth_date: "1990-02-30".into(),
        ..fixtures::employee("01001088888", "ბერიძე")
    };
    assert_eq!(field_of(create(impossible).await), "birth_date");
    // Every problem of the form at once, each at its field.
    let everything_wrong = EmployeeForm {
        birth_date: "31.02.1990".into(),
        first_name_en: " ".into(),
        email: "not-an-address".into(),
        ..fixtures::employee("12345", "ბერიძე")
    };
    assert_eq!(
        fields(refused(create(everything_wrong).await)),
        ["birth_date", "email", "first_name_en", "personal_number"]
    );
    let mut position = fixtures::position(1, 1, "12,x", "");
    position.texts.title_en.clear();
    assert_eq!(
        fields(refused(hr.call(CreatePosition { form: position }).await)),
        ["salary", "title_en", "valid_from"]
    );
    let unit = app::org::UnitForm {
        code: "no spaces!".into(),
        ..fixtures::unit("X", None, "")
    };
    let mut unit_fields = fields(refused(hr.call(CreateUnit { form: unit }).await));
    unit_fields.retain(|f| !f.starts_with("order"));
    assert_eq!(unit_fields, ["code", "valid_from"]);

    assert_eq!(app.scalar("SELECT COUNT(*) FROM employees").await, before);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_log").await,
        audit_before
    );
    // Ending an assignment needs the confirmation.
    let assignment = app.scalar("SELECT MAX(id) FROM assignments").await;
    let unconfirmed = hr
        .call(EndAssignment {
            assignment_id: assignment,
            form: EndAssignmentForm {
                end_date: "2026-12-31".into(),
                reason: "გათავისუფლება".into(),
                order: order("2-3/500", "2026-12-01"),
                confirm: None,
            },
        })
        .await;
    assert_invalid(unconfirmed, "confirm", Key::ValidationConfirm);
}

#[tokio::test]
async fn managers_see_exactly_their_people_and_no_salaries() {
    let app = TestApp::demo().await;
    let (hr, manager, employee) = (
        app.demo_user("hr").await,
        app.demo_user("manager").await,
        app.demo_user("employee").await,
    );
    let hr_unit = app.unit("ADM-HR").await;
    let fin = app.unit("FIN-ACC").await;
    let in_unit = app
        .scalar(&format!(
            "SELECT COUNT(DISTINCT a.employee_id) FROM assignments a JOIN positions p ON p.id = a.position_id
             WHERE p.unit_id = {hr_unit} AND a.end_date IS NULL"
        ))
        .await;
    let outsider = app
        .scalar(&format!(
            "SELECT a.employee_id FROM assignments a JOIN positions p ON p.id = a.position_id WHERE p.unit_id = {fin} LIMIT 1"
        ))
        .await;
    let subordinate = app
        .scalar(&format!(
            "SELECT a.employee_id FROM assignments a JOIN positions p ON p.id = a.position_id
             WHERE p.unit_id = {hr_unit} AND p.is_head = 0 LIMIT 1"
        ))
        .await;

    let listed = manager
        .call(ListEmployees { filter: None })
        .await
        .expect("list");
    let staff = manager
        .call(GetUnitStaff {
            unit_id: hr_unit,
            as_of: None,
        })
        .await
        .expect("staff list");
    let file = manager
        .call(GetEmployee { id: subordinate })
        .await
        .expect("file");

    // Everyone in the department, the manager (their own file) included; no salaries.
    assert_eq!(listed.total, in_unit);
    assert!(staff.rows.iter().all(|r| r.salary.is_none()));
    assert!(file.assignments[0].salary.is_none());
    assert!(file.supervisor.is_some());
    assert_eq!(
        manager.call(GetEmployee { id: outsider }).await.map(|_| ()),
        Err(AppError::Forbidden)
    );
    assert_eq!(
        manager
            .call(GetUnitStaff {
                unit_id: fin,
                as_of: None
            })
            .await
            .map(|_| ()),
        Err(AppError::Forbidden)
    );
    // An employee reads their own file only, with their own salary.
    let me = app.employee_of("employee").await;
    let own = employee
        .call(GetEmployee { id: me })
        .await
        .expect("own file");
    assert!(own.assignments[0].salary.is_some() && !own.editable);
    assert_eq!(
        employee
            .call(GetEmployee { id: subordinate })
            .await
            .map(|_| ()),
        Err(AppError::Forbidden)
    );
    assert_eq!(
        employee
            .call(ListEmployees { filter: None })
            .await
            .map(|_| ()),
        Err(AppError::Forbidden)
    );
    // HR sees all, with filters, search and pages.
    let all = hr.call(ListEmployees { filter: None }).await.expect("all");
    assert!(all.total > 100);
    let women = hr
        .call(ListEmployees {
            filter: Some(EmployeeFilter {
                gender: Some(Gender::Female),
                rank: Some(3),
                ..Default::default()
            }),
        })
        .await
        .expect("women");
    assert!(women
        .items
        .iter()
        .all(|e| e.gender == Gender::Female && e.rank == Some(3)));
    let found = hr
        .call(ListEmployees {
            filter: Some(EmployeeFilter {
                q: Some(file.personal_number.clone()),
                ..Default::default()
            }),
        })
        .await
        .expect("found");
    assert_eq!(found.total, 1);
    let former = hr
        .call(ListEmployees {
            filter: Some(EmployeeFilter {
                status: Some(EmployeeStatus::Former),
                ..Default::default()
            }),
        })
        .await
        .expect("former");
    assert_eq!(former.total, 4);
}

/// Security test 11: a unit where nobody holds a post yet is not a way past a manager's scope.
#[tokio::test]
async fn a_manager_cannot_open_an_empty_unit_outside_their_structure() {
    let app = TestApp::demo().await;
    let (hr, manager) = (app.demo_user("hr").await, app.demo_user("manager").await);
    let unit = hr
        .call(CreateUnit {
            form: fixtures::unit(
                "FIN-NEW",
                Some(app.unit("FIN").await),
                &app.today().to_string(),
            ),
        })
        .await
        .expect("unit");
    hr.call(CreatePosition {
        form: fixtures::position(
            unit,
            category(&app, 3, 1).await,
            "1500.00",
            &app.today().to_string(),
        ),
    })
    .await
    .expect("a vacant position");
    let staff = |unit_id| GetUnitStaff {
        unit_id,
        as_of: None,
    };

    let outside = manager.call(staff(unit)).await.map(|_| ());
    let own = manager
        .call(staff(app.unit("ADM-HR").await))
        .await
        .map(|_| ());

    assert_eq!(outside, Err(AppError::Forbidden));
    assert_eq!(own, Ok(()), "their own department, vacancies included");
}

#[tokio::test]
async fn a_renamed_unit_keeps_its_old_name_in_the_past() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let unit = app.unit("ADM-PR").await;
    let change = |change: &str, effective: &str, number: &str, revision: i64| ChangeUnit {
        unit_id: unit,
        revision,
        form: UnitChangeForm {
            change: change.into(),
            name_ka: "კომუნიკაციების განყოფილება".into(),
            name_en: "Communications Department".into(),
            parent_id: String::new(),
            effective_date: effective.into(),
            order: order(number, "2023-12-15"),
            confirm: yes(),
        },
    };
    let name_on = |date: &'static str| {
        let hr = &hr;
        async move {
            hr.call(GetOrgTree {
                as_of: Some(date.into()),
            })
            .await
            .expect("tree")
            .units
            .into_iter()
            .find(|u| u.id == unit)
            .map(|u| u.name.en)
        }
    };

    hr.call(change(
        "rename",
        "2024-01-01",
        "2-1/10",
        app.revision("org_units", unit).await,
    ))
    .await
    .expect("renamed");

    assert_eq!(
        name_on("2023-06-01").await.as_deref(),
        Some("Information Support and Public Relations Department")
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
    assert_invalid(
        hr.call(change(
            "abolish",
            "2026-01-01",
            "2-1/11",
            app.revision("org_units", unit).await,
        ))
        .await,
        "change",
        Key::ValidationUnitNotEmpty,
    );
}

#[tokio::test]
async fn acting_is_limited_to_three_months() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let position = app.scalar("SELECT MIN(p.id) FROM positions p WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)").await;
    let employee = app.scalar("SELECT MAX(id) FROM employees").await;
    let acting = |end: &str| Appoint {
        employee_id: employee,
        form: AppointForm {
            end_date: end.into(),
            ..fixtures::appointment(
                position,
                "acting",
                "2026-01-15",
                order("2-3/901", "2026-01-10"),
            )
        },
    };

    let acting = |end: &str| {
        let mut call = acting(end);
        call.form.acting_reason = "Nobody in the service can stand in.".into();
        call
    };
    let too_long = hr.call(acting("2026-04-15")).await;
    let fine = hr.call(acting("2026-04-14")).await;

    assert_invalid(too_long, "end_date", Key::ValidationActingTooLong);
    assert!(fine.is_ok(), "{fine:?}");
    assert!(
        vacancies_on(&hr, Some("2026-02-01"))
            .await
            .contains(&position),
        "an acting holder does not fill the vacancy"
    );
}

/// Acting is limited per vacancy (back-to-back terms add up) and comes from the same service
/// unless HR records why not (seed 004 art. 18(3)).
#[tokio::test]
async fn acting_counts_per_vacancy_and_comes_from_the_same_service() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    // A vacant post in a department, someone of its service and someone of another service.
    let (position, service): (i64, i64) = sqlx::query_as(
        "SELECT p.id, u.parent_id FROM positions p JOIN org_units u ON u.id = p.unit_id
          WHERE u.kind = 'department' AND p.is_head = 0 AND p.valid_to IS NULL
            AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)
          ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&app.state.db.read)
    .await
    .expect("a vacant department post");
    let holder_in = |same: bool| {
        let sql = format!(
            "SELECT a.employee_id FROM assignments a JOIN positions p ON p.id = a.position_id
               JOIN org_units u ON u.id = p.unit_id
              WHERE a.basis <> 'acting' AND a.start_date <= '2025-12-01' AND a.end_date IS NULL
                AND COALESCE(u.parent_id, u.id) {} {service}
              ORDER BY a.employee_id LIMIT 1",
            if same { "=" } else { "<>" }
        );
        let app = &app;
        async move { app.scalar(&sql).await }
    };
    let colleague = holder_in(true).await;
    let outsider = holder_in(false).await;
    let acting = |employee_id: i64, start: &str, end: &str, number: &str, reason: &str| Appoint {
        employee_id,
        form: AppointForm {
            end_date: end.into(),
            acting_reason: reason.into(),
            ..fixtures::appointment(position, "acting", start, order(number, start))
        },
    };

    let unexplained = hr
        .call(acting(outsider, "2026-01-15", "2026-03-14", "2-3/951", ""))
        .await;
    assert_invalid(
        unexplained,
        "acting_reason",
        Key::ValidationActingOtherService,
    );
    hr.call(acting(
        outsider,
        "2026-01-15",
        "2026-03-14",
        "2-3/951",
        "The service's staff are on leave.",
    ))
    .await
    .expect("with a reason");
    // The colleague takes over the next day: one month is left of the vacancy's three.
    let too_long = hr
        .call(acting(colleague, "2026-03-15", "2026-04-15", "2-3/952", ""))
        .await;
    assert_invalid(too_long, "end_date", Key::ValidationActingTooLong);
    hr.call(acting(colleague, "2026-03-15", "2026-04-14", "2-3/952", ""))
        .await
        .expect("within the vacancy's three months");
    let reason: Option<String> = sqlx::query_scalar(
        "SELECT acting_reason FROM assignments WHERE employee_id = $1 AND position_id = $2",
    )
    .bind(outsider)
    .bind(position)
    .fetch_one(&app.state.db.read)
    .await
    .expect("recorded");
    assert_eq!(reason.as_deref(), Some("The service's staff are on leave."));
}

/// An officer is at least 18 on the day the appointment starts (CSB-REC; seed 004 art. 19(1)).
#[tokio::test]
async fn an_officer_is_appointed_at_eighteen() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let position = app
        .scalar(
            "SELECT MIN(p.id) FROM positions p WHERE p.employment_type = 'officer' AND p.valid_to IS NULL
               AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)",
        )
        .await;
    let employee = hr
        .call(CreateEmployee {
            form: EmployeeForm {
                birth_date: "2008-12-01".into(),
                ..fixtures::employee("70000000018", "ახალგაზრდა")
            },
        })
        .await
        .expect("a file at 17");
    let appoint = |start: &str| Appoint {
        employee_id: employee,
        form: fixtures::appointment(position, "competition", start, order("2-3/918", start)),
    };

    let young = hr.call(appoint("2026-11-30")).await;
    assert_invalid(young, "start_date", Key::ValidationOfficerTooYoung);
    hr.call(appoint("2026-12-01"))
        .await
        .expect("appointed on the 18th birthday");
}

/// Where a workflow registers an order, HR may pick its kind (main or personnel) and issuer;
/// a kind that cannot change staff is refused at its field.
#[tokio::test]
async fn hr_picks_the_kind_and_issuer_of_an_order_registered_with_a_change() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let unit = |code: &str, order: OrderFields| CreateUnit {
        form: UnitForm {
            parent_id: String::new(),
            code: code.into(),
            name_ka: "სატესტო სამსახური".into(),
            name_en: "Test Service".into(),
            valid_from: "2026-01-01".into(),
            order,
        },
    };
    let picked = OrderFields {
        order_type: "personnel".into(),
        issuer: "deputy".into(),
        ..order("2-4/901", "2025-12-20")
    };
    hr.call(unit("TST1", picked)).await.expect("unit");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders WHERE number = '2-4/901' AND order_type = 'personnel' AND issuer = 'deputy'")
            .await,
        1
    );
    let leave = OrderFields {
        order_type: "leave_trip_other".into(),
        ..order("2-2/901", "2025-12-20")
    };
    assert_eq!(field_of(hr.call(unit("TST2", leave)).await), "order_type");
}

/// Issue 13, item 10: reorganizations are recorded after their date and out of order. A rename
/// recorded after a later one puts the right name on every date, and a future-dated rename shows
/// nowhere before its date (the pay register's unit names included).
#[tokio::test]
async fn a_backdated_rename_recorded_after_a_later_one_and_a_future_one() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let unit = app.unit("ADM-PR").await;
    let original = "Information Support and Public Relations Department";
    let rename = |en: &str, effective: String, number: &str, revision: i64| ChangeUnit {
        unit_id: unit,
        revision,
        form: UnitChangeForm {
            change: "rename".into(),
            name_ka: format!("{en} (ka)"),
            name_en: en.into(),
            parent_id: String::new(),
            effective_date: effective,
            order: order(number, "2023-12-15"),
            confirm: yes(),
        },
    };
    let name_on = |date: String| {
        let hr = &hr;
        async move {
            hr.call(GetOrgTree { as_of: Some(date) })
                .await
                .expect("tree")
                .units
                .into_iter()
                .find(|u| u.id == unit)
                .map(|u| u.name.en)
        }
    };
    let today = app.today();
    let next_year = format!("{}-01-01", today.year() + 1);

    hr.call(rename(
        "Communications Department",
        "2024-01-01".into(),
        "2-1/10",
        app.revision("org_units", unit).await,
    ))
    .await
    .expect("renamed in 2024");
    // Recorded later, effective earlier.
    hr.call(rename(
        "Press Department",
        "2023-03-01".into(),
        "2-1/11",
        app.revision("org_units", unit).await,
    ))
    .await
    .expect("renamed in 2023");
    // And one for next year.
    hr.call(rename(
        "Media Department",
        next_year.clone(),
        "2-1/12",
        app.revision("org_units", unit).await,
    ))
    .await
    .expect("renamed for next year");

    assert_eq!(
        name_on("2023-01-01".into()).await.as_deref(),
        Some(original)
    );
    assert_eq!(
        name_on("2023-06-01".into()).await.as_deref(),
        Some("Press Department")
    );
    assert_eq!(
        name_on("2024-06-01".into()).await.as_deref(),
        Some("Communications Department")
    );
    assert_eq!(
        name_on(today.to_string()).await.as_deref(),
        Some("Communications Department")
    );
    assert_eq!(
        name_on(next_year).await.as_deref(),
        Some("Media Department")
    );
    // Today's row and the register of this month show today's name, not next year's.
    let current: String = sqlx::query_scalar("SELECT name_en FROM org_units WHERE id = $1")
        .bind(unit)
        .fetch_one(&app.state.db.read)
        .await
        .expect("row");
    assert_eq!(current, "Communications Department");
    let month = today.format("%Y-%m").to_string();
    let register = hr
        .call(app::classes::GetPayRegister {
            month: Some(month),
            unit: Some(unit),
        })
        .await
        .expect("register");
    for u in register.units {
        assert_ne!(u.unit.map(|n| n.en).as_deref(), Some("Media Department"));
    }
    // On its day the row takes next year's name (the server does this hourly).
    let day = chrono::NaiveDate::from_ymd_opt(today.year() + 1, 1, 1).expect("date");
    assert_eq!(
        app::org::service::bring_units_up_to(&app.state.db, day - chrono::Duration::days(1))
            .await
            .expect("refresh"),
        0
    );
    assert_eq!(
        app::org::service::bring_units_up_to(&app.state.db, day)
            .await
            .expect("refresh"),
        1
    );
    let renamed: String = sqlx::query_scalar("SELECT name_en FROM org_units WHERE id = $1")
        .bind(unit)
        .fetch_one(&app.state.db.read)
        .await
        .expect("row");
    assert_eq!(renamed, "Media Department");
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

fn import(kind: &str, csv: &str, commit: bool) -> ImportCsv {
    ImportCsv {
        kind: kind.into(),
        csv: csv.into(),
        commit: commit.then(|| "true".into()),
    }
}

#[tokio::test]
async fn a_500_row_import_with_bad_rows_commits_nothing_until_fixed() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let before = app.scalar("SELECT COUNT(*) FROM employees").await;
    let good = import_file(500, &[]);

    let bad = hr
        .call(import("employees", &import_file(500, &[7, 250, 499]), true))
        .await
        .expect("report");
    let checked = hr
        .call(import("employees", &good, false))
        .await
        .expect("report");
    let after_check = app.scalar("SELECT COUNT(*) FROM employees").await;
    let committed = hr
        .call(import("employees", &good, true))
        .await
        .expect("report");
    let again = hr
        .call(import("employees", &good, true))
        .await
        .expect("report");

    let lines: Vec<usize> = bad.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![9, 252, 501], "header is line 1");
    assert!(!bad.committed);
    assert_eq!(
        (checked.rows, checked.committed),
        (500, false),
        "a check only"
    );
    assert_eq!(after_check, before);
    assert!(committed.committed);
    assert_eq!(
        again.errors.len(),
        200,
        "every number clashes; the list is capped"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM employees").await,
        before + 500
    );
}

/// Security test 10: the import applies the forms' rules (before, a 100,000-character name
/// and the birth year 1800 went in).
#[tokio::test]
async fn the_import_applies_the_rules_of_the_forms() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let header = "personal_number,last_name_ka,first_name_ka,last_name_en,first_name_en,gender,birth_date,email,phone\n";
    let long = "ა".repeat(100_000);
    let text = format!(
        "{header}\
         71000000001,{long},ნინო,Long,Nino,female,1985-03-01,,\n\
         71000000002,გვარი,ნინო,Old,Nino,female,1800-03-01,,\n\
         71000000003,გვარი,ნინო,Young,Nino,female,2020-03-01,,\n\
         71000000004,გვარი,ნინო,Phone,Nino,female,1985-03-01,,call me\n"
    );

    let report = hr
        .call(import("employees", &text, true))
        .await
        .expect("report");

    let errors: Vec<(usize, &str)> = report
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (2, "last_name_ka"),
            (3, "birth_date"),
            (4, "birth_date"),
            (5, "phone")
        ]
    );
    assert!(!report.committed);
}

/// Security test 14: checking a file reads only, so it never waits for (or blocks) the one
/// database writer; a file over the limit is refused with its own message.
#[tokio::test]
async fn an_import_check_does_not_need_the_writer_and_the_size_limits_agree() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let path = <ImportCsv as leptos::server_fn::ServerFn>::PATH;

    let writer = app
        .state
        .db
        .write
        .acquire()
        .await
        .expect("the only writer, held");
    let checked = hr
        .call(import("employees", &import_file(2_000, &[]), false))
        .await;
    drop(writer);
    let over_the_file_limit = hr
        .call(import("employees", &"x".repeat(5_100_000), false))
        .await;
    let over_the_body_limit = hr
        .post(path, format!("kind=employees&csv={}", "x".repeat(17 << 20)))
        .await;
    let other_form_too_large = hr
        .post(
            <app::people::ListEmployees as leptos::server_fn::ServerFn>::PATH,
            format!("filter[q]={}", "x".repeat(2 << 20)),
        )
        .await;

    assert_eq!(checked.map(|r| (r.rows, r.errors.len())), Ok((2_000, 0)));
    assert_invalid(over_the_file_limit, "csv", Key::ImportTooLarge);
    assert_eq!(over_the_body_limit.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        serde_json::from_str::<AppError>(&body_text(over_the_body_limit).await).ok(),
        Some(AppError::TooLarge)
    );
    assert_eq!(other_form_too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn positions_import_from_csv() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let text = "unit_code,title_ka,title_en,rank,category_no,employment_type,salary_gel,is_head,valid_from\n\
                ADM-HR,სპეციალისტი,Specialist,3,2,officer,1350.00,0,2026-01-01\n\
                NOPE,სპეციალისტი,Specialist,3,2,officer,1350.00,0,2026-01-01\n";
    let before = app.scalar("SELECT COUNT(*) FROM positions").await;

    let refused = hr
        .call(import("positions", text, true))
        .await
        .expect("report");
    let fixed = hr
        .call(import("positions", &text.replace("NOPE", "FIN-ACC"), true))
        .await
        .expect("report");

    assert_eq!(refused.errors[0].column, "unit_code");
    assert!(fixed.committed);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM positions").await,
        before + 2
    );
}

#[tokio::test]
async fn lists_export_as_csv_and_xlsx_for_those_allowed() {
    let app = TestApp::demo().await;
    let (hr, manager, employee, mayor) = (
        app.demo_user("hr").await,
        app.demo_user("manager").await,
        app.demo_user("employee").await,
        app.demo_user("mayor").await,
    );
    let unit = app.unit("ADM-HR").await;
    let other = app.unit("FIN-ACC").await;

    let (status, csv) = hr.text("/export/employees.csv?gender=female").await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.starts_with('\u{feff}'), "BOM for Excel");
    assert!(csv.contains("პირადი ნომერი"), "Georgian headers by default");
    assert!(!csv.contains(",კაცი,"), "filtered to women");
    let xlsx = hr.get("/export/orders.xlsx?year=2020").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert_eq!(&body_bytes(xlsx).await[..2], b"PK", "an xlsx is a zip");
    let (_, staff) = hr
        .text(&format!("/export/staff-list.csv?unit={unit}"))
        .await;
    assert!(staff.contains("სარგო"), "HR sees salaries: {staff}");
    let (_, staff) = manager
        .text(&format!("/export/staff-list.csv?unit={unit}"))
        .await;
    assert!(
        !staff.contains("სარგო") && staff.lines().count() > 3,
        "a manager's export has no salaries: {staff}"
    );
    let forbidden = manager
        .get(&format!("/export/staff-list.csv?unit={other}"))
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    for list in ["vacancies", "staff-report", "audit", "units"] {
        let response = hr.get(&format!("/export/{list}.csv")).await;
        assert_eq!(response.status(), StatusCode::OK, "{list}");
    }
    assert_eq!(
        employee.get("/export/employees.csv").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.anonymous().get("/export/audit.csv").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        mayor.get("/export/audit.csv").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        hr.get("/export/nothing.csv").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn staff_report_counts_by_category_and_gender() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let staff = app.scalar("SELECT COUNT(DISTINCT employee_id) FROM assignments WHERE end_date IS NULL AND basis <> 'acting'").await;

    let report = hr
        .call(GetStaffReport { as_of: None })
        .await
        .expect("report");

    assert_eq!(report.total.total(), staff);
    let groups: Vec<StaffGroup> = report.rows.iter().map(|r| r.group).collect();
    assert!(groups.contains(&StaffGroup::Employment(
        app::domain::staff::EmploymentType::Political
    )));
    assert!(groups.contains(&StaffGroup::Rank(3)));
}

#[tokio::test]
async fn supervision_can_be_overridden_without_loops_and_positions_end_only_when_empty() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let unit = app.unit("ADM-HR").await;
    let adm = app.unit("ADM").await;
    let specialist = app
        .scalar(&format!(
            "SELECT p.id FROM positions p JOIN assignments a ON a.position_id = p.id AND a.end_date IS NULL
             WHERE p.unit_id = {unit} AND p.is_head = 0 ORDER BY p.id LIMIT 1"
        ))
        .await;
    let holder = app
        .scalar(&format!(
            "SELECT employee_id FROM assignments WHERE position_id = {specialist} AND end_date IS NULL"
        ))
        .await;
    let service_head = app
        .scalar(&format!(
            "SELECT id FROM positions WHERE unit_id = {adm} AND is_head = 1"
        ))
        .await;
    let head_holder = app
        .scalar(&format!(
            "SELECT employee_id FROM assignments WHERE position_id = {service_head} AND end_date IS NULL"
        ))
        .await;
    let vacant = app
        .scalar(&format!(
            "SELECT p.id FROM positions p WHERE p.unit_id = {unit} AND NOT EXISTS
             (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)"
        ))
        .await;
    let supervise = |unit_id: i64, position: i64, reports_to: i64, revision: i64| SetSupervision {
        unit_id,
        revision,
        form: SupervisionForm {
            position_id: position.to_string(),
            reports_to: reports_to.to_string(),
            deputy_position_id: String::new(),
        },
    };
    let end = |position: i64, revision: i64| EndPosition {
        revision,
        form: EndPositionForm {
            position_id: position.to_string(),
            end_date: "2026-12-31".into(),
            order: order("2-1/990", "2026-12-01"),
            confirm: yes(),
        },
    };

    hr.call(supervise(
        unit,
        specialist,
        service_head,
        app.revision("org_units", unit).await,
    ))
    .await
    .expect("override");

    let file = hr.call(GetEmployee { id: holder }).await.expect("file");
    assert_eq!(
        file.supervisor.map(|s| s.id),
        Some(head_holder),
        "the override wins"
    );
    assert_invalid(
        hr.call(supervise(
            adm,
            service_head,
            specialist,
            app.revision("org_units", adm).await,
        ))
        .await,
        "reports_to",
        Key::ValidationSupervisionCycle,
    );
    // A held position cannot end; a vacant one can, by order.
    assert_invalid(
        hr.call(end(specialist, app.revision("org_units", unit).await))
            .await,
        "position_id",
        Key::ValidationPositionStillHeld,
    );
    hr.call(end(vacant, app.revision("org_units", unit).await))
        .await
        .expect("ended");
    assert!(!vacancies_on(&hr, Some("2027-01-01"))
        .await
        .contains(&vacant));
    assert!(
        vacancies_on(&hr, Some("2026-12-31"))
            .await
            .contains(&vacant),
        "still listed on its last day"
    );
}

#[tokio::test]
async fn an_empty_salary_is_base_times_the_category_coefficient() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let unit = app.unit("FIN-ACC").await;
    let form = fixtures::position(unit, category(&app, 3, 2).await, "", "2026-01-01");
    let no_category = PositionForm {
        category_id: String::new(),
        employment_type: "labour_contract".into(),
        ..form.clone()
    };

    let id = hr.call(CreatePosition { form }).await.expect("position");
    let refused = hr.call(CreatePosition { form: no_category }).await;

    // Base 1,000.00 (rule_settings, placeholder) × 1.35.
    let detail = hr.call(GetPosition { id }).await.expect("detail");
    assert_eq!(
        detail.row.salary,
        Some(rust_decimal::Decimal::new(135_000, 2))
    );
    assert_eq!(detail.coefficient, Some(rust_decimal::Decimal::new(135, 2)));
    assert_invalid(refused, "salary", Key::ValidationSalaryOrCategory);
}

#[tokio::test]
async fn position_texts_are_corrected_with_an_audit_trail_and_read_in_scope() {
    let app = TestApp::demo().await;
    let (hr, manager) = (app.demo_user("hr").await, app.demo_user("manager").await);
    let unit = app.unit("ADM-HR").await;
    let position = app
        .scalar(&format!(
            "SELECT p.id FROM positions p JOIN assignments a ON a.position_id = p.id AND a.end_date IS NULL
             WHERE p.unit_id = {unit} AND p.is_head = 0 ORDER BY p.id LIMIT 1"
        ))
        .await;
    let elsewhere = app
        .scalar(&format!(
            "SELECT id FROM positions WHERE unit_id = {} LIMIT 1",
            app.unit("FIN-ACC").await
        ))
        .await;

    hr.call(UpdatePosition {
        id: position,
        revision: app.revision("positions", position).await,
        form: PositionTextsForm {
            title_ka: "უფროსი სპეციალისტი".into(),
            title_en: "Senior Specialist".into(),
            job_description_ka: "კადრების აღრიცხვა".into(),
            job_description_en: "Staff records".into(),
            requirements_min_ka: "უმაღლესი განათლება".into(),
            requirements_min_en: "Higher education".into(),
            ..Default::default()
        },
    })
    .await
    .expect("updated");

    let detail = hr.call(GetPosition { id: position }).await.expect("detail");
    assert_eq!(detail.job_description.en, "Staff records");
    assert!(detail.row.salary.is_some());
    assert_eq!(app.audited("position.updated", Some(position)).await, 1);
    let seen = manager
        .call(GetPosition { id: position })
        .await
        .expect("detail");
    assert!(seen.row.salary.is_none());
    assert_eq!(
        manager
            .call(GetPosition { id: elsewhere })
            .await
            .map(|_| ()),
        Err(AppError::Forbidden)
    );
}

#[tokio::test]
async fn a_merge_moves_positions_and_people_and_keeps_the_past() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let source = app.unit("ECO-TOUR").await;
    let target = app.unit("ECO-PROP").await;
    let people = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM assignments a JOIN positions p ON p.id = a.position_id
             WHERE p.unit_id = {source} AND a.end_date IS NULL"
        ))
        .await;
    let positions_of = |unit: i64| {
        format!("SELECT COUNT(*) FROM positions WHERE unit_id = {unit} AND valid_to IS NULL")
    };
    let (target_before, moved) = (
        app.scalar(&positions_of(target)).await,
        app.scalar(&positions_of(source)).await,
    );
    let merge = |unit_id: i64, target: i64, number: &str, revision: i64| MergeUnit {
        unit_id,
        revision,
        form: MergeForm {
            target_id: target.to_string(),
            effective_date: "2026-01-01".into(),
            order: order(number, "2025-12-20"),
            confirm: yes(),
        },
    };

    hr.call(merge(
        source,
        target,
        "2-1/700",
        app.revision("org_units", source).await,
    ))
    .await
    .expect("merged");

    let now = hr
        .call(GetOrgTree {
            as_of: Some("2026-02-01".into()),
        })
        .await
        .expect("tree");
    assert!(!now.units.iter().any(|u| u.id == source));
    let merged = now.units.iter().find(|u| u.id == target).expect("target");
    assert_eq!(merged.positions, target_before + moved);
    let past = hr
        .call(GetOrgTree {
            as_of: Some("2025-06-01".into()),
        })
        .await
        .expect("tree");
    let old = past
        .units
        .iter()
        .find(|u| u.id == source)
        .expect("source then");
    assert_eq!(old.staff, people, "before the date both stay as they were");
    // Every person moved by reorganization, linked to the order; the target kept one head.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM assignments WHERE basis = 'reorganization' AND start_date = '2026-01-01'")
            .await,
        people
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM positions WHERE unit_id = {target} AND is_head = 1 AND valid_to IS NULL"
        ))
        .await,
        1
    );
    let counts = hr
        .call(GetOrderCounts { year: Some(2025) })
        .await
        .expect("counts");
    assert!(counts.personnel >= 1);
    // Merging a department into a service is refused.
    assert_invalid(
        hr.call(merge(
            app.unit("FIN-ACC").await,
            app.unit("FIN").await,
            "2-1/701",
            app.revision("org_units", app.unit("FIN-ACC").await).await,
        ))
        .await,
        "target_id",
        Key::ValidationMergeTarget,
    );
}

#[tokio::test]
async fn a_transfer_ends_the_old_position_by_the_same_order() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let employee = app
        .scalar(
            "SELECT a.employee_id FROM assignments a JOIN positions p ON p.id = a.position_id
             WHERE p.is_head = 0 AND p.unit_id IS NOT NULL AND a.end_date IS NULL ORDER BY a.id LIMIT 1",
        )
        .await;
    let old = app
        .scalar(&format!(
            "SELECT position_id FROM assignments WHERE employee_id = {employee} AND end_date IS NULL"
        ))
        .await;
    let vacant = app
        .scalar(
            "SELECT MIN(p.id) FROM positions p WHERE p.unit_id IS NOT NULL AND NOT EXISTS
             (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.end_date IS NULL)",
        )
        .await;

    hr.call(Appoint {
        employee_id: employee,
        form: fixtures::appointment(
            vacant,
            "transfer",
            "2026-03-01",
            order("2-3/300", "2026-02-25"),
        ),
    })
    .await
    .expect("transferred");

    let ended: Option<chrono::NaiveDate> = sqlx::query_scalar(
        "SELECT end_date FROM assignments WHERE employee_id = $1 AND position_id = $2",
    )
    .bind(employee)
    .bind(old)
    .fetch_one(&app.state.db.read)
    .await
    .expect("old");
    assert_eq!(ended, Some(date(2026, 2, 28)));
    let vacancies = vacancies_on(&hr, Some("2026-03-01")).await;
    assert!(vacancies.contains(&old) && !vacancies.contains(&vacant));
}

/// The statutory clock (issue 14): a vacancy opens the day after its holder's last day; the
/// decision is due 14 days after that day and the filling within 3 months of the opening (DOMAIN
/// §0.2), each shown as on time, due soon or overdue on the list's date.
#[tokio::test]
async fn a_vacancy_runs_its_statutory_clock_from_the_day_after_the_dismissal() {
    use app::domain::common::term_end;
    use app::domain::deadline::DeadlineStatus;
    use chrono::Duration;
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let (assignment, position) = sqlx::query_as::<_, (i64, i64)>(
        "SELECT a.id, a.position_id FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE a.end_date IS NULL AND a.basis <> 'acting' AND p.rank = 3 ORDER BY a.id LIMIT 1",
    )
    .fetch_one(&app.state.db.read)
    .await
    .expect("held");
    let last_day = app.today() + Duration::days(10);
    hr.call(EndAssignment {
        assignment_id: assignment,
        form: EndAssignmentForm {
            end_date: last_day.to_string(),
            reason: "Resigned".into(),
            order: order("2-3/990", &app.today().to_string()),
            confirm: yes(),
        },
    })
    .await
    .expect("ended");
    let clock_on = |on: chrono::NaiveDate| {
        let hr = &hr;
        async move {
            hr.call(ListVacancies {
                as_of: Some(on.to_string()),
            })
            .await
            .expect("vacancies")
            .into_iter()
            .find(|v| v.position_id == position)
            .and_then(|v| v.clock)
        }
    };
    assert_eq!(clock_on(last_day).await, None, "still held on the last day");
    let opened = last_day + Duration::days(1);
    let clock = clock_on(opened).await.expect("open");
    let decision_due = last_day + Duration::days(14);
    let fill_due = term_end(opened, 3).expect("a day");
    assert_eq!(
        (clock.opened_on, clock.decision_due, clock.fill_due),
        (opened, decision_due, fill_due)
    );
    assert_eq!(
        (clock.decision_status, clock.fill_status),
        (DeadlineStatus::Upcoming, DeadlineStatus::Upcoming)
    );
    let warned = clock_on(decision_due - Duration::days(3))
        .await
        .expect("open");
    assert_eq!(warned.decision_status, DeadlineStatus::DueSoon);
    let on_the_day = clock_on(decision_due).await.expect("open");
    assert_eq!(on_the_day.decision_status, DeadlineStatus::DueSoon);
    let late = clock_on(decision_due + Duration::days(1))
        .await
        .expect("open");
    assert_eq!(
        (late.decision_status, late.fill_status),
        (DeadlineStatus::Overdue, DeadlineStatus::Upcoming)
    );
    assert_eq!(
        clock_on(fill_due + Duration::days(1))
            .await
            .map(|c| c.fill_status),
        Some(DeadlineStatus::Overdue)
    );
}

/// A personal file's history (HR): the change of details spelt out field by field, and the
/// views of the file, newest first.
#[tokio::test]
async fn a_personal_files_history_names_each_change_and_who_viewed_it() {
    use app::domain::history::{HistoryEvent, ShownValue};
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let employee = app.employee_of("employee").await;
    let file = hr.call(GetEmployee { id: employee }).await.expect("file");
    let mut form = fixtures::employee(&file.personal_number, &file.last_name.ka);
    form.first_name_ka = file.first_name.ka.clone();
    form.phone = "599112233".into();
    hr.call(UpdateEmployee {
        id: employee,
        revision: file.revision,
        form,
    })
    .await
    .expect("details saved");

    let history = hr
        .call(GetFileHistory { id: employee })
        .await
        .expect("history");
    assert_eq!(history[0].event, Some(HistoryEvent::Updated));
    // HR's name, in both languages.
    let actor = history[0].actor.clone().expect("HR's name");
    assert_eq!(actor.en, "Lika Chikovani");
    assert_eq!(actor.ka, "ლიკა ჩიქოვანი");
    let phone = history[0]
        .changes
        .iter()
        .find(|c| c.field == Key::Phone)
        .expect("the phone is named");
    assert_eq!(phone.after, ShownValue::Text("599112233".into()));
    assert!(!history[0]
        .changes
        .iter()
        .any(|c| c.field == Key::ColPersonalNumber));
    assert!(history
        .iter()
        .any(|e| e.event == Some(HistoryEvent::Opened)));
    assert_eq!(
        hr.call(GetFileHistory { id: 999_999 }).await.unwrap_err(),
        AppError::NotFound
    );
}

/// A position's history (on its page, for HR only): each change of its texts spelt out.
#[tokio::test]
async fn a_positions_history_names_each_change_of_its_texts() {
    use app::audit::GetRecordHistory;
    use app::domain::history::{HistoryEvent, HistoryRecord, ShownValue};
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let position = app
        .scalar("SELECT MIN(id) FROM positions WHERE valid_to IS NULL")
        .await;
    let before = hr
        .call(GetPosition { id: position })
        .await
        .expect("position");
    hr.call(UpdatePosition {
        id: position,
        revision: app.revision("positions", position).await,
        form: PositionTextsForm {
            title_ka: before.row.title.ka.clone(),
            title_en: "Chief Specialist".into(),
            ..Default::default()
        },
    })
    .await
    .expect("texts saved");

    let history = hr
        .call(GetRecordHistory {
            record: HistoryRecord::Position,
            id: position,
        })
        .await
        .expect("history");
    assert_eq!(history[0].event, Some(HistoryEvent::PositionUpdated));
    let fields: Vec<Key> = history[0].changes.iter().map(|c| c.field).collect();
    assert!(fields.contains(&Key::TitleEn), "{fields:?}");
    assert!(
        !fields.contains(&Key::TitleKa),
        "the Georgian title did not change"
    );
    let title = &history[0].changes[fields.iter().position(|f| *f == Key::TitleEn).unwrap_or(0)];
    assert_eq!(title.after, ShownValue::Text("Chief Specialist".into()));

    for role in ["mayor", "manager", "employee"] {
        let user = app.demo_user(role).await;
        assert_eq!(
            user.call(GetRecordHistory {
                record: HistoryRecord::Position,
                id: position,
            })
            .await
            .unwrap_err(),
            AppError::Forbidden,
            "{role}"
        );
    }
}

/// The structure on a day is computed once and shared between requests; every change of what
/// it is made of (a position, an appointment, a person's name) is seen by the next request.
#[tokio::test]
async fn the_shared_structure_follows_every_change() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let adm = app.unit("ADM").await;
    let summary = |tree: &OrgTree| {
        tree.units
            .iter()
            .find(|u| u.id == adm)
            .cloned()
            .expect("ADM in the tree")
    };
    let before = summary(&hr.call(GetOrgTree { as_of: None }).await.expect("tree"));
    // Read twice: the second answer comes from the shared value and is the same.
    assert_eq!(
        summary(&hr.call(GetOrgTree { as_of: None }).await.expect("tree")),
        before
    );

    let position = hr
        .call(CreatePosition {
            form: fixtures::position(adm, category(&app, 3, 1).await, "1500.00", "2026-01-01"),
        })
        .await
        .expect("position");
    let with_position = summary(&hr.call(GetOrgTree { as_of: None }).await.expect("tree"));
    assert_eq!(with_position.positions, before.positions + 1);
    assert_eq!(with_position.vacancies, before.vacancies + 1);

    let employee = hr
        .call(CreateEmployee {
            form: fixtures::employee("01001099977", "სტრუქტურაძე"),
        })
        .await
        .expect("employee");
    hr.call(Appoint {
        employee_id: employee,
        form: fixtures::appointment(
            position,
            "competition",
            "2026-02-01",
            order("2-3/177", "2026-01-28"),
        ),
    })
    .await
    .expect("appointed");
    let filled = summary(&hr.call(GetOrgTree { as_of: None }).await.expect("tree"));
    assert_eq!(filled.staff, before.staff + 1);
    assert_eq!(filled.vacancies, before.vacancies);

    // The unit's head renamed: the tree names them anew.
    let head = filled.head.expect("ADM has a head");
    let file = hr.call(GetEmployee { id: head.id }).await.expect("file");
    hr.call(UpdateEmployee {
        id: head.id,
        revision: file.revision,
        form: EmployeeForm {
            personal_number: file.personal_number.clone(),
            first_name_ka: file.first_name.ka.clone(),
            last_name_ka: "ახალგვარიძე".into(),
            first_name_en: file.first_name.en.clone(),
            last_name_en: "Akhalgvaridze".into(),
            gender: file.gender.code().into(),
            birth_date: file.birth_date.to_string(),
            email: file.email.clone().unwrap_or_default(),
            phone: file.phone.clone().unwrap_or_default(),
            notes: file.notes.clone(),
        },
    })
    .await
    .expect("renamed");
    let renamed = summary(&hr.call(GetOrgTree { as_of: None }).await.expect("tree"));
    let name = renamed.head.expect("head").name;
    assert!(name.ka.ends_with("ახალგვარიძე"), "{name:?}");
    assert!(name.en.ends_with("Akhalgvaridze"), "{name:?}");
    // The person's name search follows the rename too (the trigram index).
    let found = hr
        .call(ListEmployees {
            filter: Some(EmployeeFilter {
                q: Some("ალგვარ".into()),
                ..Default::default()
            }),
        })
        .await
        .expect("search");
    assert_eq!(
        found.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![head.id]
    );
    let latin = hr
        .call(ListEmployees {
            filter: Some(EmployeeFilter {
                q: Some("akhalgv".into()),
                ..Default::default()
            }),
        })
        .await
        .expect("search");
    assert_eq!(
        latin.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![head.id]
    );
}
