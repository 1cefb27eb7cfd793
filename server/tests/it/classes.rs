//! Classes and the class bonus over HTTP on the demo database: the 2020 equalization and later
//! orders, the DOMAIN §5.4 worked example to the tetri through the whole order workflow, who
//! may do what, eligibility into a draft, and rates changed for a future date only.
use crate::helpers::*;
use axum::http::StatusCode;
use rust_decimal::Decimal;
use serde_json::Value;

fn money(v: &Value) -> Decimal {
    v.as_str()
        .expect("decimal as text")
        .parse()
        .expect("decimal")
}

/// The register line of `employee` in the register of `month`.
async fn line(app: &TestApp, cookie: &str, month: &str, employee: i64) -> Option<Value> {
    let (status, register) = json(app, PAY_REGISTER, &[("month", month)], cookie).await;
    ok(status, &register);
    register["units"]
        .as_array()
        .expect("units")
        .iter()
        .flat_map(|u| u["lines"].as_array().cloned().unwrap_or_default())
        .find(|l| l["officer"]["person"]["id"].as_i64() == Some(employee))
}

async fn insert(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.state.db.write)
        .await
        .expect("insert")
}

#[tokio::test]
async fn the_demo_has_the_2020_equalization_and_later_orders_with_correct_registers() {
    let app = TestApp::with_config(|c| c.load_demo = true).await;
    let hr = app.sign_in("hr", "Mokhele-HR-2026").await.expect("hr");
    // #2-1/91 of 27 Feb 2020 is one of the 651 orders of 2020, not an extra one.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders WHERE order_date LIKE '2020-%'")
            .await,
        651
    );
    let equalized = app
        .scalar(
            "SELECT COUNT(*) FROM class_orders o JOIN class_order_items i ON i.class_order_id = o.id
             WHERE o.number = '2-1/91' AND o.status = 'signed' AND o.effective_date = '2020-01-01'
               AND o.order_date = '2020-02-27' AND o.kind = 'equalization'",
        )
        .await;
    assert!(equalized >= 20, "{equalized} equalized");
    let later = app
        .scalar("SELECT COUNT(*) FROM class_orders WHERE kind = 'promotion' AND status = 'signed'")
        .await;
    assert!(later >= 3, "{later} later orders");
    // Never lowered: each officer's classes rise with their dates.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM employee_classes a JOIN employee_classes b
               ON a.employee_id = b.employee_id AND a.effective_date < b.effective_date AND a.class_no >= b.class_no",
        )
        .await,
        0
    );
    // March 2020 pays the bonus and the January–February arrears of every equalized officer,
    // each by hand: round2(salary × 1.25 × class / 100).
    let (status, register) = json(&app, PAY_REGISTER, &[("month", "2020-03")], &hr).await;
    ok(status, &register);
    let mut with_arrears = 0;
    for unit in register["units"].as_array().expect("units") {
        for l in unit["lines"].as_array().expect("lines") {
            let Some(segment) = l["pay"]["segments"].as_array().and_then(|s| s.last()) else {
                continue;
            };
            let Some(class) = segment["class_no"].as_u64() else {
                continue;
            };
            let salary = money(&segment["salary"]);
            let rate = Decimal::new(125, 2) * Decimal::from(class);
            let bonus = (salary * rate / Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(money(&l["pay"]["bonus"]), bonus, "{l}");
            let arrears = l["arrears"].as_array().expect("arrears");
            assert_eq!(arrears.len(), 2, "{l}");
            assert!(arrears.iter().all(|a| money(&a["amount"]) == bonus));
            assert_eq!(
                money(&l["total"]),
                money(&l["pay"]["salary"]) + bonus * Decimal::from(3)
            );
            with_arrears += 1;
        }
    }
    assert_eq!(with_arrears, equalized);
    // The institution total is the sum of the lines.
    let sum: Decimal = register["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| money(&u["totals"]["total"]))
        .sum();
    assert_eq!(sum, money(&register["totals"]["total"]));
    // February 2020, as paid then, knew nothing of the order.
    let (_, february) = json(&app, PAY_REGISTER, &[("month", "2020-02")], &hr).await;
    assert_eq!(money(&february["totals"]["bonus"]), Decimal::ZERO);
    // The export carries the arrears lines.
    let csv = body_text(
        app.get("/export/pay-register.csv?month=2020-03", Some(&hr))
            .await,
    )
    .await;
    assert!(
        csv.contains("2020-01") && csv.contains("2020-02"),
        "{}",
        &csv[..200.min(csv.len())]
    );
}

#[tokio::test]
async fn the_worked_salary_example_through_the_order_workflow() {
    let app = TestApp::with_config(|c| c.load_demo = true).await;
    let hr = app.sign_in("hr", "Mokhele-HR-2026").await.expect("hr");
    let mayor = app
        .sign_in("mayor", "Mokhele-Mayor-2026")
        .await
        .expect("mayor");
    let employee = app
        .sign_in("employee", "Mokhele-Employee-2026")
        .await
        .expect("employee");
    let manager = app
        .sign_in("manager", "Mokhele-Manager-2026")
        .await
        .expect("manager");
    // DOMAIN §5.4: a 1,100.00 GEL officer position held since 2015.
    let unit = app
        .scalar("SELECT MIN(id) FROM org_units WHERE kind = 'department'")
        .await;
    let position = insert(
        &app,
        &format!(
            "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri, valid_from)
             VALUES (1, {unit}, 'უფროსი სპეციალისტი', 'Senior specialist', 3, 'officer', 110000, '2015-01-01') RETURNING id"
        ),
    )
    .await;
    let officer = insert(
        &app,
        "INSERT INTO employees (institution_id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en,
             gender, birth_date, created_at, updated_at)
         VALUES (1, '01019999999', 'ნინო', 'ტესტაძე', 'Nino', 'Testadze', 'female', '1985-05-05', '2015-01-01', '2015-01-01') RETURNING id",
    )
    .await;
    insert(
        &app,
        &format!(
            "INSERT INTO assignments (employee_id, position_id, start_date, basis) VALUES ({officer}, {position}, '2015-03-01', 'competition') RETURNING id"
        ),
    )
    .await;
    // HR records the old rank (1st-class counsellor → class VI) with its proof and confirms.
    let record = [
        ("personal_number", "01019999999"),
        ("old_rank_class", "6"),
        ("proof_number", "2-1/17"),
        ("proof_date", "2016-04-01"),
    ];
    let (status, _) = json(&app, CLASS_RECORD_RANK, &record, &manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = json(&app, CLASS_RECORD_RANK, &record, &hr).await;
    ok(status, &body);
    let (status, body) = json(&app, CLASS_RECORD_RANK, &record, &hr).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "recorded twice: {body}"
    );
    let rank = app
        .scalar(&format!(
            "SELECT id FROM employee_old_ranks WHERE employee_id = {officer}"
        ))
        .await;
    let (status, body) = json(
        &app,
        CLASS_CONFIRM_RANK,
        &[("id", &rank.to_string()), ("class_no", "6")],
        &hr,
    )
    .await;
    ok(status, &body);
    // One order equalizes it: dated 27 Feb 2020, effective 1 Jan 2020.
    let header = [
        ("number", "2-9/1"),
        ("order_date", "2020-02-27"),
        ("effective_date", "2020-01-01"),
    ];
    let (status, body) = json(&app, CLASS_EQUALIZE, &header, &hr).await;
    ok(status, &body);
    // Nothing confirmed is left outside an order: a second draft is refused as a whole.
    let second = [
        ("number", "2-9/2"),
        ("order_date", "2020-02-27"),
        ("effective_date", "2020-01-01"),
    ];
    let (status, _) = json(&app, CLASS_EQUALIZE, &second, &hr).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let order = app
        .scalar("SELECT MAX(id) FROM class_orders")
        .await
        .to_string();
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM class_order_items WHERE class_order_id = {order}"
        ))
        .await,
        1
    );
    // Only the mayor signs, only after the legal visa, only with the confirmation ticked.
    let (status, _) = json(&app, CLASS_SIGN, &[("id", &order), ("confirm", "yes")], &hr).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = json(
        &app,
        CLASS_SIGN,
        &[("id", &order), ("confirm", "yes")],
        &mayor,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "signed before the visa");
    let (status, _) = json(
        &app,
        CLASS_VISA,
        &[
            ("id", &order),
            ("visa_by", "ნ. ქ."),
            ("visa_date", "2020-02-26"),
        ],
        &mayor,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = json(
        &app,
        CLASS_VISA,
        &[
            ("id", &order),
            ("visa_by", "ნ. ქ."),
            ("visa_date", "2020-02-26"),
        ],
        &hr,
    )
    .await;
    ok(status, &body);
    let (status, _) = json(&app, CLASS_SIGN, &[("id", &order)], &mayor).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "without the confirmation"
    );
    let (status, body) = json(
        &app,
        CLASS_SIGN,
        &[("id", &order), ("confirm", "yes")],
        &mayor,
    )
    .await;
    ok(status, &body);
    // In the registry, audited per officer in the same transaction.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders WHERE number = '2-9/1'")
            .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'employee_class.assign' AND entity_id = '{officer}'"
        ))
        .await,
        1
    );
    // March 2020: 1,100.00 + 82.50 + arrears 82.50 × 2 = 1,347.50.
    let march = line(&app, &hr, "2020-03", officer).await.expect("in March");
    assert_eq!(
        money(&march["pay"]["salary"]),
        "1100.00".parse::<Decimal>().unwrap()
    );
    assert_eq!(
        money(&march["pay"]["bonus"]),
        "82.50".parse::<Decimal>().unwrap()
    );
    let arrears: Vec<(String, Decimal)> = march["arrears"]
        .as_array()
        .expect("arrears")
        .iter()
        .map(|a| {
            (
                a["month"].as_str().unwrap().to_string(),
                money(&a["amount"]),
            )
        })
        .collect();
    assert_eq!(
        arrears,
        vec![
            ("2020-01-01".to_string(), "82.50".parse().unwrap()),
            ("2020-02-01".to_string(), "82.50".parse().unwrap())
        ]
    );
    assert_eq!(
        money(&march["total"]),
        "1347.50".parse::<Decimal>().unwrap()
    );
    let february = line(&app, &hr, "2020-02", officer)
        .await
        .expect("in February");
    assert_eq!(money(&february["pay"]["bonus"]), Decimal::ZERO);
    let april = line(&app, &hr, "2020-04", officer).await.expect("in April");
    assert_eq!(
        money(&april["total"]),
        "1182.50".parse::<Decimal>().unwrap()
    );
    assert!(april["arrears"].as_array().unwrap().is_empty());
    // Nobody but HR and the mayor reads the register.
    for cookie in [&employee, &manager] {
        let (status, _) = json(&app, PAY_REGISTER, &[("month", "2020-03")], cookie).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let response = app
            .get("/export/pay-register.csv?month=2020-03", Some(cookie))
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    // An employee sees their own class and bonus, not another's.
    let own: i64 = app
        .scalar("SELECT employee_id FROM users WHERE username = 'employee'")
        .await;
    let (status, body) = json(
        &app,
        EMPLOYEE_CLASSES,
        &[("id", &own.to_string())],
        &employee,
    )
    .await;
    ok(status, &body);
    let (status, _) = json(
        &app,
        EMPLOYEE_CLASSES,
        &[("id", &officer.to_string())],
        &employee,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = json(&app, EMPLOYEE_CLASSES, &[("id", &officer.to_string())], &hr).await;
    ok(status, &body);
    assert_eq!(body["current"], 6);
    assert_eq!(body["history"][0]["order_number"], "2-9/1");
    // A rate changes for a future date only; past registers stay as they were.
    let past = [
        ("class_no", "6"),
        ("rate", "9.00"),
        ("valid_from", "2020-01-01"),
        ("legal_source", "x"),
        ("certainty", "confirmed"),
    ];
    let (status, _) = json(&app, CLASS_RATE, &past, &hr).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let future = [
        ("class_no", "6"),
        ("rate", "9.00"),
        ("valid_from", "2099-01-01"),
        ("legal_source", "Law on Remuneration, art. X"),
        ("certainty", "confirmed"),
    ];
    let (status, _) = json(&app, CLASS_RATE, &future, &mayor).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = json(&app, CLASS_RATE, &future, &hr).await;
    ok(status, &body);
    let march_again = line(&app, &hr, "2020-03", officer).await.expect("in March");
    assert_eq!(march_again["total"], march["total"]);
    let later = line(&app, &hr, "2099-01", officer).await.expect("in 2099");
    assert_eq!(
        money(&later["pay"]["bonus"]),
        "99.00".parse::<Decimal>().unwrap()
    );
    // A rule too: the upper classes' streak from a future date, checked against the others.
    let bad = [
        ("key", "class.upper.good_years"),
        ("value", "0"),
        ("valid_from", "2099-01-01"),
        ("legal_source", "x"),
        ("certainty", "uncertain"),
    ];
    let (status, _) = json(&app, CLASS_RULE, &bad, &hr).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let good = [
        ("key", "class.upper.good_years"),
        ("value", "5"),
        ("valid_from", "2099-01-01"),
        ("legal_source", "Res. 219 as verified"),
        ("certainty", "confirmed"),
    ];
    let (status, body) = json(&app, CLASS_RULE, &good, &hr).await;
    ok(status, &body);
}

#[tokio::test]
async fn eligibility_after_the_2025_cycle_becomes_a_draft_only_hr_makes() {
    let app = TestApp::with_config(|c| c.load_demo = true).await;
    let hr = app.sign_in("hr", "Mokhele-HR-2026").await.expect("hr");
    let mayor = app
        .sign_in("mayor", "Mokhele-Mayor-2026")
        .await
        .expect("mayor");
    let (status, e) = json(&app, CLASS_ELIGIBILITY, &[], &mayor).await;
    ok(status, &e);
    let eligible = e["eligible"].as_array().expect("eligible").clone();
    assert!(!eligible.is_empty(), "the 2025 cycle qualifies someone");
    for o in &eligible {
        let years = o["qualification"]["years"].as_array().expect("years");
        assert_eq!(years.last().unwrap()["year"], 2025, "{o}");
        let target = o["qualification"]["target"].as_u64().unwrap();
        assert_eq!(target, o["current"].as_u64().unwrap_or(0) + 1);
    }
    let first = eligible[0]["officer"]["person"]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let pick = format!("pick[{first}]");
    let form = [
        ("number", "2-5/99"),
        ("order_date", "2026-02-27"),
        ("effective_date", "2026-01-01"),
        (pick.as_str(), "on"),
    ];
    let (status, _) = json(&app, CLASS_DRAFT, &form, &mayor).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Someone who does not qualify cannot be slipped in.
    let intruder = [
        ("number", "2-5/99"),
        ("order_date", "2026-02-27"),
        ("effective_date", "2026-01-01"),
        ("pick[1]", "on"),
    ];
    let (status, _) = json(&app, CLASS_DRAFT, &intruder, &hr).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = json(&app, CLASS_DRAFT, &form, &hr).await;
    ok(status, &body);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM class_orders WHERE number = '2-5/99' AND status = 'draft'"
        )
        .await,
        1
    );
    // Now in a draft, not listed again; nothing written for a refused draft.
    let (_, after) = json(&app, CLASS_ELIGIBILITY, &[], &hr).await;
    assert_eq!(
        after["eligible"].as_array().unwrap().len(),
        eligible.len() - 1
    );
    assert_eq!(after["in_orders"].as_array().unwrap().len(), 1);
    // The same number again in the same year is refused.
    let second = eligible
        .get(1)
        .map(|o| format!("pick[{}]", o["officer"]["person"]["id"]));
    if let Some(pick) = second {
        let again = [
            ("number", "2-5/99"),
            ("order_date", "2026-03-01"),
            ("effective_date", "2026-01-01"),
            (pick.as_str(), "on"),
        ];
        let (status, _) = json(&app, CLASS_DRAFT, &again, &hr).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
