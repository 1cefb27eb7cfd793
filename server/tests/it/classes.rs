//! Classes and the class bonus over HTTP on the demo: the 2020 equalization and later orders,
//! the DOMAIN §5.4 worked example to the tetri through the whole order workflow, who may do
//! what, eligibility into a draft, and rates changed for a future date only.
use crate::support::fixtures::yes;
use crate::support::*;
use app::classes::*;
use app::domain::class::ClassOrderStatus;
use app::error::AppError;
use axum::http::StatusCode;
use rust_decimal::Decimal;
use std::collections::HashMap;

fn gel(text: &str) -> Decimal {
    text.parse().expect("amount")
}

fn register(month: &str) -> GetPayRegister {
    GetPayRegister {
        month: Some(month.into()),
        unit: None,
    }
}

/// The register line of `employee` in the register of `month`.
pub(crate) async fn line(client: &Client, month: &str, employee: i64) -> Option<RegisterLine> {
    client
        .call(register(month))
        .await
        .expect("register")
        .units
        .into_iter()
        .flat_map(|u| u.lines)
        .find(|l| l.officer.person.id == employee)
}

fn header(number: &str, order_date: &str, effective_date: &str) -> OrderHeaderForm {
    OrderHeaderForm {
        number: number.into(),
        order_date: order_date.into(),
        effective_date: effective_date.into(),
    }
}

fn picked(ids: &[i64]) -> Option<HashMap<String, String>> {
    Some(ids.iter().map(|id| (id.to_string(), "on".into())).collect())
}

async fn insert(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.state.db.write)
        .await
        .expect("insert")
}

/// Forgets every closed register (the world before HR began closing months).
async fn reopen_all(app: &TestApp) {
    for table in [
        "pay_register_amounts",
        "pay_register_lines",
        "pay_registers",
    ] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&app.state.db.write)
            .await
            .expect("cleared");
    }
}

/// DOMAIN §5.4: a 1,100.00 GEL officer position held since 2015, and the form recording the
/// officer's old rank (1st-class counsellor → class VI).
async fn officer_with_old_rank(app: &TestApp, personal_number: &str) -> (i64, RecordOldRank) {
    let unit = app
        .scalar("SELECT MIN(id) FROM org_units WHERE kind = 'department'")
        .await;
    let position = insert(
        app,
        &format!(
            "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri, valid_from)
             VALUES (1, {unit}, 'უფროსი სპეციალისტი', 'Senior specialist', 3, 'officer', 110000, '2015-01-01') RETURNING id"
        ),
    )
    .await;
    let officer = insert(
        app,
        &format!(
            "INSERT INTO employees (institution_id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en,
                 gender, birth_date, created_at, updated_at)
             VALUES (1, '{personal_number}', 'ნინო', 'ტესტაძე', 'Nino', 'Testadze', 'female', '1985-05-05', '2015-01-01', '2015-01-01') RETURNING id"
        ),
    )
    .await;
    insert(
        app,
        &format!(
            "INSERT INTO assignments (employee_id, position_id, start_date, basis)
             VALUES ({officer}, {position}, '2015-03-01', 'competition') RETURNING id"
        ),
    )
    .await;
    let record = RecordOldRank {
        form: OldRankForm {
            personal_number: personal_number.into(),
            old_rank_class: "6".into(),
            proof_number: "2-1/17".into(),
            proof_date: "2016-04-01".into(),
        },
    };
    (officer, record)
}

fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<chrono::Utc> {
    app::domain::common::georgia_day_start(date(y, m, d)) + chrono::Duration::hours(12)
}

#[tokio::test]
async fn the_demo_has_the_2020_equalization_and_later_orders_with_correct_registers() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;

    let march = hr.call(register("2020-03")).await.expect("March 2020");
    let february = hr.call(register("2020-02")).await.expect("February 2020");
    let (status, csv) = hr.text("/export/pay-register.csv?month=2020-03").await;

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
               ON a.employee_id = b.employee_id AND a.effective_date < b.effective_date
              AND a.class_no >= b.class_no",
        )
        .await,
        0
    );
    // March 2020 pays the bonus and the January–February arrears of every equalized officer,
    // each by hand: round2(salary × 1.25 × class / 100).
    let mut with_arrears = 0;
    for l in march.units.iter().flat_map(|u| &u.lines) {
        let Some(segment) = l.pay.segments.last() else {
            continue;
        };
        let Some(class) = segment.class_no else {
            continue;
        };
        let rate = Decimal::new(125, 2) * Decimal::from(class);
        let bonus = (segment.salary * rate / Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(l.pay.bonus, bonus, "{l:?}");
        assert_eq!(l.arrears.len(), 2, "{l:?}");
        assert!(l.arrears.iter().all(|a| a.amount == bonus));
        assert_eq!(l.total, l.pay.salary + bonus * Decimal::from(3));
        with_arrears += 1;
    }
    assert_eq!(with_arrears, equalized);
    // The institution total is the sum of the units'.
    let sum: Decimal = march.units.iter().map(|u| u.totals.total).sum();
    assert_eq!(sum, march.totals.total);
    // February 2020, as paid then, knew nothing of the order.
    assert_eq!(february.totals.bonus, Decimal::ZERO);
    // The export carries the arrears lines.
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.contains("2020-01") && csv.contains("2020-02"),
        "{csv:.200}"
    );
}

#[tokio::test]
async fn the_worked_salary_example_through_the_order_workflow() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let employee = app.demo_user("employee").await;
    let manager = app.demo_user("manager").await;
    // The demo's registers are closed from 2020; this example is the world before closing
    // began, so its 2020 registers are computed.
    reopen_all(&app).await;
    let (officer, record) = officer_with_old_rank(&app, "01019999999").await;
    assert_eq!(manager.call(record.clone()).await, Err(AppError::Forbidden));
    let rank = hr.call(record.clone()).await.expect("recorded");
    assert!(
        matches!(refused(hr.call(record).await), AppError::Invalid { .. }),
        "recorded twice"
    );
    hr.call(ConfirmOldRank {
        id: rank,
        class_no: "6".into(),
    })
    .await
    .expect("confirmed");
    // One order equalizes it: dated 27 Feb 2020, effective 1 Jan 2020.
    let order = hr
        .call(DraftEqualizationOrder {
            header: header("2-9/1", "2020-02-27", "2020-01-01"),
        })
        .await
        .expect("drafted");
    // Nothing confirmed is left outside an order: a second draft is refused as a whole.
    assert!(matches!(
        refused(
            hr.call(DraftEqualizationOrder {
                header: header("2-9/2", "2020-02-27", "2020-01-01"),
            })
            .await
        ),
        AppError::Conflict(_)
    ));
    let drafted = hr.call(GetClassOrder { id: order }).await.expect("order");
    assert_eq!(
        (drafted.row.status, drafted.items.len()),
        (ClassOrderStatus::Draft, 1)
    );

    // Only the mayor signs, only after the legal visa, only with the confirmation ticked.
    let sign = SignClassOrder {
        id: order,
        confirm: yes(),
    };
    let visa = VisaClassOrder {
        id: order,
        visa_by: "ნ. ქ.".into(),
        visa_date: "2020-02-26".into(),
    };
    assert_eq!(hr.call(sign.clone()).await, Err(AppError::Forbidden));
    assert!(
        matches!(
            refused(mayor.call(sign.clone()).await),
            AppError::Conflict(_)
        ),
        "signed before the visa"
    );
    assert_eq!(mayor.call(visa.clone()).await, Err(AppError::Forbidden));
    hr.call(visa).await.expect("visa");
    assert_eq!(
        field_of(
            mayor
                .call(SignClassOrder {
                    id: order,
                    confirm: None
                })
                .await
        ),
        "confirm",
        "without the confirmation"
    );
    // The mayor signs on 27 Feb 2020: first paid in March.
    app.clock().set(at(2020, 2, 27));
    mayor.call(sign).await.expect("signed");
    app.clock().set(test_now());

    // In the registry, audited per officer in the same transaction.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM orders WHERE number = '2-9/1'")
            .await,
        1
    );
    assert_eq!(app.audited("employee_class.assign", Some(officer)).await, 1);
    // March 2020: 1,100.00 + 82.50 + arrears 82.50 × 2 = 1,347.50.
    let march = line(&hr, "2020-03", officer).await.expect("in March");
    assert_eq!(
        (march.pay.salary, march.pay.bonus),
        (gel("1100.00"), gel("82.50"))
    );
    let arrears: Vec<_> = march.arrears.iter().map(|a| (a.month, a.amount)).collect();
    assert_eq!(
        arrears,
        [
            (date(2020, 1, 1), gel("82.50")),
            (date(2020, 2, 1), gel("82.50"))
        ]
    );
    assert_eq!(march.total, gel("1347.50"));
    let february = line(&hr, "2020-02", officer).await.expect("in February");
    assert_eq!(february.pay.bonus, Decimal::ZERO);
    let april = line(&hr, "2020-04", officer).await.expect("in April");
    assert_eq!((april.total, april.arrears.len()), (gel("1182.50"), 0));

    // Nobody but HR and the mayor reads the register.
    for someone in [&employee, &manager] {
        assert_eq!(
            someone.call(register("2020-03")).await.map(|_| ()),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            someone
                .get("/export/pay-register.csv?month=2020-03")
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
    }
    // An employee sees their own class and bonus, not another's.
    let own = app.employee_of("employee").await;
    assert!(employee.call(GetEmployeeClasses { id: own }).await.is_ok());
    assert_eq!(
        employee
            .call(GetEmployeeClasses { id: officer })
            .await
            .map(|_| ()),
        Err(AppError::Forbidden)
    );
    let classes = hr
        .call(GetEmployeeClasses { id: officer })
        .await
        .expect("classes");
    assert_eq!(classes.current, Some(6));
    assert_eq!(classes.history[0].order_number, "2-9/1");

    // A rate changes for a future date only; past registers stay as they were.
    let rate = |valid_from: &str, legal_source: &str, revision: i64| SetClassRate {
        revision,
        form: RateForm {
            class_no: "6".into(),
            rate: "9.00".into(),
            valid_from: valid_from.into(),
            legal_source_ka: legal_source.into(),
            legal_source_en: legal_source.into(),
            certainty: "confirmed".into(),
        },
    };
    assert_eq!(
        field_of(
            hr.call(rate("2020-01-01", "x", app.settings_revision().await))
                .await
        ),
        "valid_from"
    );
    // Every problem of the form at once: the date, the English source and the certainty.
    let mut incomplete = rate("2020-01-01", "x", app.settings_revision().await);
    incomplete.form.legal_source_en.clear();
    incomplete.form.certainty.clear();
    assert_eq!(
        fields(refused(hr.call(incomplete).await)),
        ["certainty", "legal_source_en", "valid_from"]
    );
    let future = rate(
        "2099-01-01",
        "Law on Remuneration, art. X",
        app.settings_revision().await,
    );
    assert_eq!(mayor.call(future.clone()).await, Err(AppError::Forbidden));
    hr.call(future).await.expect("rate set");
    let march_again = line(&hr, "2020-03", officer).await.expect("in March");
    assert_eq!(march_again.total, march.total);
    let later = line(&hr, "2099-01", officer).await.expect("in 2099");
    assert_eq!(later.pay.bonus, gel("99.00"));
    // A rule too: the upper classes' streak from a future date, checked against the others.
    let rule = |value: &str, revision: i64| SetClassRule {
        revision,
        form: RuleForm {
            key: "class.upper.good_years".into(),
            value: value.into(),
            valid_from: "2099-01-01".into(),
            legal_source_ka: "მთავრობის 2017 წლის 28 აპრილის №219 დადგენილება".into(),
            legal_source_en: "Government Resolution No. 219 of 28 April 2017".into(),
            certainty: "confirmed".into(),
        },
    };
    assert_eq!(
        field_of(hr.call(rule("0", app.settings_revision().await)).await),
        "value"
    );
    hr.call(rule("5", app.settings_revision().await))
        .await
        .expect("rule set");
}

#[tokio::test]
async fn eligibility_after_last_years_cycle_becomes_a_draft_only_hr_makes() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let year = app.live_year();
    let draft = |picks: &[i64], order_date: String| DraftClassOrder {
        header: header("2-5/99", &order_date, &day(year, 1, 1)),
        pick: picked(picks),
    };

    let eligible = mayor
        .call(GetClassEligibility {})
        .await
        .expect("eligibility")
        .eligible;

    assert!(!eligible.is_empty(), "last year's cycle qualifies someone");
    for o in &eligible {
        let last = o.qualification.years.last().expect("a qualifying year");
        assert_eq!(last.year, year - 1, "{o:?}");
        assert_eq!(o.qualification.target, o.current.unwrap_or(0) + 1);
    }
    let first = eligible[0].officer.person.id;
    let form = draft(&[first], day(year, 2, 27));
    assert_eq!(mayor.call(form.clone()).await, Err(AppError::Forbidden));
    // Someone who does not qualify cannot be slipped in.
    assert!(matches!(
        refused(hr.call(draft(&[1], day(year, 2, 27))).await),
        AppError::Invalid { .. }
    ));
    // A class takes effect only after the years that earned it: not on their last day.
    let on_the_basis = DraftClassOrder {
        header: header("2-5/99", &day(year, 2, 27), &day(year - 1, 12, 31)),
        pick: picked(&[first]),
    };
    assert_eq!(field_of(hr.call(on_the_basis).await), "effective_date");
    hr.call(form).await.expect("drafted");
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM class_orders WHERE number = '2-5/99' AND status = 'draft'"
        )
        .await,
        1
    );
    // Now in a draft, not listed again; nothing written for a refused draft.
    let after = hr.call(GetClassEligibility {}).await.expect("eligibility");
    assert_eq!(after.eligible.len(), eligible.len() - 1);
    assert_eq!(after.in_orders.len(), 1);
    // The same number again in the same year is refused.
    if let Some(second) = eligible.get(1) {
        assert!(matches!(
            refused(
                hr.call(draft(&[second.officer.person.id], day(year, 3, 1)))
                    .await
            ),
            AppError::Invalid { .. }
        ));
    }
}

/// Issue 13, item 1: an order dated three months ago and signed today is first paid next
/// month; the closed registers do not change, and next month pays the months it reaches back
/// to as arrears against what they paid. HR closes a month in order, with a confirmation, and
/// reopens the last closed one with a reason.
#[tokio::test]
async fn a_late_signature_is_paid_as_arrears_and_closed_registers_never_change() {
    use app::domain::pay::month_of;
    use chrono::{Datelike, Months};
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let mayor = app.demo_user("mayor").await;
    let manager = app.demo_user("manager").await;
    let ym = |m: chrono::NaiveDate| m.format("%Y-%m").to_string();
    let this_month = month_of(app.today());
    let (previous, next) = (this_month - Months::new(1), this_month + Months::new(1));
    let order_month = this_month - Months::new(3);
    let order_day = order_month.with_day(14).expect("14th");

    let (officer, record) = officer_with_old_rank(&app, "01018888888").await;
    let rank = hr.call(record).await.expect("recorded");
    hr.call(ConfirmOldRank {
        id: rank,
        class_no: "6".into(),
    })
    .await
    .expect("confirmed");
    let order = hr
        .call(DraftEqualizationOrder {
            header: header("2-9/7", &order_day.to_string(), &order_day.to_string()),
        })
        .await
        .expect("drafted");
    hr.call(VisaClassOrder {
        id: order,
        visa_by: "ნ. ქ.".into(),
        visa_date: order_day.to_string(),
    })
    .await
    .expect("visa");
    let closed_before = hr.call(register(&ym(previous))).await.expect("register");
    assert!(
        closed_before.closed.is_some(),
        "the demo's past months are closed"
    );

    mayor
        .call(SignClassOrder {
            id: order,
            confirm: yes(),
        })
        .await
        .expect("signed");

    let detail = hr.call(GetClassOrder { id: order }).await.expect("order");
    assert_eq!(
        detail.first_paid_month, next,
        "the month after the signature"
    );
    assert_eq!(
        hr.call(register(&ym(previous))).await.expect("register"),
        closed_before,
        "a closed register never changes"
    );
    let now = line(&hr, &ym(this_month), officer)
        .await
        .expect("this month");
    assert_eq!((now.pay.bonus, now.arrears.len()), (Decimal::ZERO, 0));
    let expected = |from_order_month: bool| {
        let days_in = (order_month + Months::new(1) - order_month).num_days();
        let days = days_in - 13;
        if from_order_month {
            (gel("82.50") * Decimal::from(days) / Decimal::from(days_in))
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        } else {
            gel("82.50")
        }
    };
    let want: Vec<_> = (0..4)
        .map(|i| (order_month + Months::new(i), expected(i == 0)))
        .collect();
    let arrears =
        |l: &RegisterLine| -> Vec<_> { l.arrears.iter().map(|a| (a.month, a.amount)).collect() };
    let first_paid = line(&hr, &ym(next), officer).await.expect("next month");
    assert_eq!(first_paid.pay.bonus, gel("82.50"));
    assert_eq!(arrears(&first_paid), want);

    // HR closes this month: deliberately, in order, never a month not yet begun.
    let close = |month: chrono::NaiveDate, confirm: Option<String>| ClosePayRegister {
        month: ym(month),
        confirm,
    };
    assert_eq!(
        manager.call(close(this_month, yes())).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(field_of(hr.call(close(this_month, None)).await), "confirm");
    assert_eq!(field_of(hr.call(close(next, yes())).await), "month");
    assert!(matches!(
        refused(hr.call(close(previous, yes())).await),
        AppError::Conflict(_)
    ));
    hr.call(close(this_month, yes())).await.expect("closed");
    assert_eq!(app.audited("pay_register.closed", None).await, {
        let months = (this_month.year() - 2020) * 12 + this_month.month0() as i32 + 1;
        i64::from(months)
    });
    // Next month pays the same arrears, now against what the closed registers paid.
    let again = line(&hr, &ym(next), officer).await.expect("next month");
    assert_eq!(arrears(&again), want);

    // Only the last closed register reopens, with a reason.
    let reopen = |month: chrono::NaiveDate| ReopenPayRegister {
        month: ym(month),
        reason: "The bonus of one officer was entered twice.".into(),
        confirm: yes(),
    };
    assert!(matches!(
        refused(hr.call(reopen(previous)).await),
        AppError::Conflict(_)
    ));
    hr.call(reopen(this_month)).await.expect("reopened");
    assert_eq!(app.audited("pay_register.reopened", None).await, 1);
    let reopened = hr.call(register(&ym(this_month))).await.expect("register");
    assert!(reopened.closed.is_none() && reopened.can_close);
    hr.call(close(this_month, yes()))
        .await
        .expect("closed again");
}

/// Settings name their legal source as a person cites it, in both languages, never by the
/// project's internal tags; uncertain values say so by their certainty, not in the text.
#[tokio::test]
async fn legal_sources_read_as_cited_in_both_languages() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let settings = hr.call(GetClassSettings {}).await.expect("settings");
    let method = hr
        .call(app::evaluation::GetMethod { version: None })
        .await
        .expect("method");
    let mut texts: Vec<app::domain::Bilingual> = settings
        .titles
        .iter()
        .map(|t| t.source.clone())
        .chain(settings.rates.iter().map(|r| r.source.clone()))
        .chain(settings.rules.iter().map(|r| r.source.clone()))
        .chain(method.shown.sources.values().map(|s| s.source.clone()))
        .collect();
    assert!(texts.len() > 30, "{}", texts.len());
    for tag in [
        "DOMAIN",
        "Seed ",
        "UNCERTAIN",
        "Placeholder",
        "TAB-GE",
        "EURO",
        "BPN",
        "CSB-",
        "BAT-",
        "Res. ",
    ] {
        for text in &texts {
            assert!(
                !text.ka.contains(tag) && !text.en.contains(tag),
                "{tag} in {text:?}"
            );
        }
    }
    texts.retain(|t| t.en.contains("Resolution No. 219"));
    assert!(
        texts.iter().all(|t| t.ka.contains("№219 დადგენილება")),
        "{texts:?}"
    );
    assert!(!texts.is_empty());
    // Every stored row, not only the ones these pages show (categories, other modules' rules).
    let untranslated = app
        .scalar(
            "SELECT (SELECT COUNT(*) FROM rule_settings WHERE legal_source_en IS NULL)
                  + (SELECT COUNT(*) FROM position_categories WHERE legal_source_en IS NULL)
                  + (SELECT COUNT(*) FROM class_titles WHERE legal_source_en IS NULL)
                  + (SELECT COUNT(*) FROM class_bonus_rates WHERE legal_source_en IS NULL)",
        )
        .await;
    assert_eq!(untranslated, 0);
}

/// A form names a person by name and surname (either order, either language) or by personal
/// number; a shared name asks for the number.
#[tokio::test]
async fn an_officer_is_named_by_name_or_by_personal_number() {
    let app = TestApp::demo().await;
    let hr = app.demo_user("hr").await;
    let (officer, record) = officer_with_old_rank(&app, "01017777777").await;
    let named = |person: &str| RecordOldRank {
        form: OldRankForm {
            personal_number: person.into(),
            ..record.form.clone()
        },
    };
    let key = app::i18n::Key::ValidationPersonQuery;
    assert_invalid(hr.call(named("ნინო")).await, "personal_number", key);
    assert_invalid(
        hr.call(named("ნინო არავინაძე")).await,
        "personal_number",
        app::i18n::Key::ValidationNoSuchPerson,
    );

    let rank = hr.call(named(" ტესტაძე  ნინო ")).await.expect("by name");
    assert_eq!(
        app.scalar(&format!(
            "SELECT employee_id FROM employee_old_ranks WHERE id = {rank}"
        ))
        .await,
        officer
    );
    insert(
        &app,
        "INSERT INTO employees (institution_id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en,
             gender, birth_date, created_at, updated_at)
         VALUES (1, '01016666666', 'ნინო', 'ტესტაძე', 'Nino', 'Testadze', 'female', '1990-01-01', '2015-01-01', '2015-01-01') RETURNING id",
    )
    .await;
    assert_invalid(
        hr.call(named("nino testadze")).await,
        "personal_number",
        app::i18n::Key::ValidationSeveralPeople,
    );
}
