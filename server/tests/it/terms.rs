//! Dated pay terms (issue 13, item 3) over HTTP on the demo: a salary revision from a date
//! splitting a month with the holder in place, one reaching into closed months paid as arrears,
//! a base salary revision recomputing base × coefficient positions as one act, and the 2024
//! amendment moving heads of services out of the evaluation and the pay register from its date.
use crate::support::fixtures::{order, yes};
use crate::support::*;
use app::classes::{GetPayRegister, RegisterLine};
use app::domain::pay::{month_end, month_of, prorate};
use app::domain::staff::EmploymentType;
use app::error::AppError;
use app::org::*;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

fn gel(text: &str) -> Decimal {
    text.parse().expect("amount")
}

fn ym(month: NaiveDate) -> String {
    month.format("%Y-%m").to_string()
}

async fn line(client: &Client, month: NaiveDate, employee: i64) -> Option<RegisterLine> {
    crate::classes::line(client, &ym(month), employee).await
}

/// A senior specialist's position held today: its holder, salary and category.
struct Held {
    position: i64,
    holder: i64,
    salary_tetri: i64,
    category: i64,
}

async fn held_specialist(app: &TestApp) -> Held {
    let position = app
        .scalar(
            "SELECT p.id FROM positions p JOIN assignments a ON a.position_id = p.id
             WHERE p.rank = 3 AND p.employment_type = 'officer' AND p.valid_to IS NULL
               AND a.end_date IS NULL AND a.basis <> 'acting' ORDER BY p.id LIMIT 1",
        )
        .await;
    let of_position = |sql: &str| sql.replace("{position}", &position.to_string());
    Held {
        position,
        holder: app
            .scalar(&of_position(
                "SELECT employee_id FROM assignments WHERE position_id = {position} AND end_date IS NULL",
            ))
            .await,
        salary_tetri: app
            .scalar(&of_position("SELECT salary_tetri FROM positions WHERE id = {position}"))
            .await,
        category: app
            .scalar(&of_position("SELECT category_id FROM positions WHERE id = {position}"))
            .await,
    }
}

fn terms(valid_from: NaiveDate, category: Option<i64>, salary: &str, number: &str) -> TermsForm {
    TermsForm {
        valid_from: valid_from.to_string(),
        employment_type: "officer".into(),
        category_id: category.map(|c| c.to_string()).unwrap_or_default(),
        salary: salary.into(),
        order: order(number, &valid_from.to_string()),
        confirm: yes(),
    }
}

#[tokio::test]
async fn a_salary_revision_from_a_date_splits_the_month_and_the_holder_stays() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let manager = app.demo_user("manager").await;
    let Held {
        position,
        holder,
        salary_tetri: old_tetri,
        category,
    } = held_specialist(&app).await;
    let this_month = month_of(app.today());
    let from = this_month.with_day(16).expect("16th");
    let detail = hr
        .call(GetPosition { id: position })
        .await
        .expect("position");
    assert_eq!(detail.terms.len(), 1);
    let change = |revision: i64, form: TermsForm| ChangePositionTerms {
        id: position,
        revision,
        form,
    };
    let form = terms(from, Some(category), "1800.00", "2-7/501");

    assert_eq!(
        manager
            .call(change(detail.row.revision, form.clone()))
            .await,
        Err(AppError::Forbidden)
    );
    let unconfirmed = TermsForm {
        confirm: None,
        ..form.clone()
    };
    assert_eq!(
        field_of(hr.call(change(detail.row.revision, unconfirmed)).await),
        "confirm"
    );
    let officer_without_category = terms(from, None, "1800.00", "2-7/501");
    assert_eq!(
        field_of(
            hr.call(change(detail.row.revision, officer_without_category))
                .await
        ),
        "category_id"
    );
    hr.call(change(detail.row.revision, form.clone()))
        .await
        .expect("changed");
    assert_eq!(
        app.audited("position.terms_changed", Some(position)).await,
        1
    );
    // The form loaded before the change is stale; the same day twice is refused.
    assert!(matches!(
        refused(hr.call(change(detail.row.revision, form.clone())).await),
        AppError::Stale { .. }
    ));
    let after = hr
        .call(GetPosition { id: position })
        .await
        .expect("position");
    assert!(matches!(
        refused(hr.call(change(after.row.revision, form)).await),
        AppError::Invalid { .. }
    ));

    // The history keeps both terms, the first ending the day before; the holder stays.
    assert_eq!(after.terms.len(), 2);
    assert_eq!(after.terms[0].valid_to, from.pred_opt());
    assert_eq!(after.terms[0].salary, Decimal::new(old_tetri, 2));
    assert_eq!(
        (after.terms[1].valid_from, after.terms[1].salary),
        (from, gel("1800.00"))
    );
    assert!(after.terms[1].order.is_some());
    assert_eq!(after.holders, detail.holders);

    // The month is split on the 16th: 15 days at the old salary, the rest at the new.
    let days = month_end(this_month).day();
    let pay = line(&hr, this_month, holder).await.expect("line");
    let expected =
        prorate(Decimal::new(old_tetri, 2), 15, days) + prorate(gel("1800.00"), days - 15, days);
    assert_eq!(pay.pay.salary, expected);
    assert_eq!(pay.pay.segments.first().map(|s| s.to), from.pred_opt());
    // The next month is paid at the new salary in full.
    let next = line(&hr, this_month + Months::new(1), holder)
        .await
        .expect("next");
    assert_eq!(next.pay.salary, gel("1800.00"));
}

#[tokio::test]
async fn a_revision_reaching_into_a_closed_month_is_paid_as_arrears_and_the_month_stays() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let Held {
        position,
        holder,
        salary_tetri: old_tetri,
        category,
    } = held_specialist(&app).await;
    let this_month = month_of(app.today());
    let previous = this_month - Months::new(1);
    let closed = hr
        .call(GetPayRegister {
            month: Some(ym(previous)),
            unit: None,
        })
        .await
        .expect("register");
    assert!(closed.closed.is_some(), "the demo's past months are closed");
    let revision = hr
        .call(GetPosition { id: position })
        .await
        .expect("position")
        .row
        .revision;
    hr.call(ChangePositionTerms {
        id: position,
        revision,
        form: terms(previous, Some(category), "2000.00", "2-7/502"),
    })
    .await
    .expect("changed");

    assert_eq!(
        hr.call(GetPayRegister {
            month: Some(ym(previous)),
            unit: None,
        })
        .await
        .expect("register"),
        closed,
        "a closed register never changes"
    );
    let now = line(&hr, this_month, holder).await.expect("line");
    assert_eq!(now.pay.salary, gel("2000.00"));
    let salary_arrears: Vec<_> = now.arrears.iter().map(|a| (a.month, a.salary)).collect();
    assert_eq!(
        salary_arrears,
        [(previous, gel("2000.00") - Decimal::new(old_tetri, 2))]
    );
    assert!(now.arrears.iter().all(|a| a.amount == a.salary + a.bonus));
}

#[tokio::test]
async fn a_base_salary_revision_recomputes_coefficient_positions_as_one_act() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let employee = app.demo_user("employee").await;
    // Two positions whose salary is base × coefficient (1000.00 × 1.35 and × 1.50).
    let categories: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, coefficient FROM position_categories WHERE rank = 3 AND category_no IN (1, 2) ORDER BY category_no",
    )
    .fetch_all(&app.state.db.read)
    .await
    .expect("categories");
    let unit = app
        .scalar("SELECT MIN(id) FROM org_units WHERE kind = 'department' AND valid_to IS NULL")
        .await;
    let mut created = Vec::new();
    for (category, _) in &categories {
        let id = hr
            .call(CreatePosition {
                form: PositionForm {
                    unit_id: unit.to_string(),
                    category_id: category.to_string(),
                    employment_type: "officer".into(),
                    salary: String::new(),
                    is_head: None,
                    valid_from: "2026-01-01".into(),
                    texts: PositionTextsForm {
                        title_ka: "სპეციალისტი".into(),
                        title_en: "Specialist".into(),
                        ..Default::default()
                    },
                },
            })
            .await
            .expect("created");
        created.push(id);
    }
    let from = month_of(app.today()) + Months::new(1);
    let preview = hr
        .call(PreviewBaseSalary {
            valid_from: from.to_string(),
            amount: "1100.00".into(),
        })
        .await
        .expect("preview");
    assert_eq!(preview.current, Some(gel("1000.00")));
    for (id, (_, coefficient)) in created.iter().zip(&categories) {
        let l = preview
            .lines
            .iter()
            .find(|l| l.position_id == *id)
            .expect("listed");
        let coefficient: Decimal = coefficient.parse().expect("coefficient");
        assert_eq!(
            (l.before, l.after),
            (gel("1000.00") * coefficient, gel("1100.00") * coefficient)
        );
    }
    assert_eq!(
        employee
            .call(PreviewBaseSalary {
                valid_from: from.to_string(),
                amount: "1100.00".into(),
            })
            .await,
        Err(AppError::Forbidden)
    );
    let form = |expected: usize| ReviseBaseSalary {
        form: BaseSalaryForm {
            valid_from: from.to_string(),
            amount: "1100.00".into(),
            expected: expected.to_string(),
            order: order("2-1/777", &app.today().to_string()),
            confirm: yes(),
        },
    };
    // A list that is no longer the one HR reviewed is refused.
    assert!(matches!(
        refused(hr.call(form(preview.lines.len() + 1)).await),
        AppError::Conflict(_)
    ));
    let n = hr.call(form(preview.lines.len())).await.expect("revised");
    assert_eq!(n, preview.lines.len());
    assert_eq!(app.audited("pay.base_salary_revised", None).await, 1);
    for (id, (_, coefficient)) in created.iter().zip(&categories) {
        let detail = hr.call(GetPosition { id: *id }).await.expect("position");
        let coefficient: Decimal = coefficient.parse().expect("coefficient");
        let last = detail.terms.last().expect("terms");
        assert_eq!(
            (last.valid_from, last.salary),
            (from, gel("1100.00") * coefficient)
        );
        assert_eq!(detail.terms.len(), 2, "the old terms stay in the history");
    }
    // The setting gained the value with the act as its source; a new position from that day
    // is computed from it.
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM rule_settings WHERE key = 'pay.base_salary' AND value = '1100.00' AND valid_from = '{from}'"
        ))
        .await,
        1
    );
    // Revising again from the same day is refused (the list is empty now, the date taken).
    assert!(hr.call(form(0)).await.is_err());
}

#[tokio::test]
async fn the_2024_amendment_moves_heads_of_services_out_of_evaluation_and_pay_from_its_date() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let position = app
        .scalar(
            "SELECT p.id FROM positions p JOIN org_units u ON u.id = p.unit_id
             JOIN assignments a ON a.position_id = p.id AND a.end_date IS NULL
             WHERE p.is_head = 1 AND u.parent_id IS NULL ORDER BY p.id LIMIT 1",
        )
        .await;
    let head = app
        .scalar(&format!(
            "SELECT employee_id FROM assignments WHERE position_id = {position} AND end_date IS NULL"
        ))
        .await;
    let detail = hr
        .call(GetPosition { id: position })
        .await
        .expect("position");
    let kinds: Vec<_> = detail
        .terms
        .iter()
        .map(|t| (t.employment_type, t.valid_from))
        .collect();
    assert_eq!(
        kinds.last(),
        Some(&(EmploymentType::AdminContract, date(2025, 1, 1)))
    );
    assert_eq!(detail.terms[0].employment_type, EmploymentType::Officer);
    assert_eq!(detail.terms[0].valid_to, Some(date(2024, 12, 31)));
    assert_eq!(detail.row.employment_type, EmploymentType::AdminContract);

    // Evaluated as an officer in 2024, not from 2025.
    let evaluated = |year: i32| {
        format!(
            "SELECT COUNT(*) FROM evaluations e JOIN evaluation_cycles c ON c.id = e.cycle_id
             WHERE e.employee_id = {head} AND c.period_start >= '{year}-01-01' AND c.period_start <= '{year}-12-31'"
        )
    };
    assert_eq!(app.scalar(&evaluated(2024)).await, 1);
    assert_eq!(app.scalar(&evaluated(2025)).await, 0);
    // Paid in the officers' register through December 2024, not after.
    assert!(line(&hr, date(2024, 12, 1), head).await.is_some());
    assert!(line(&hr, date(2025, 1, 1), head).await.is_none());
    assert!(line(&hr, month_of(app.today()), head).await.is_none());
}
