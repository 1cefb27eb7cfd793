//! The monthly pay register of official salaries and class bonuses with arrears, the class
//! reports and an officer's classes, computed from the signed classes, the positions held and
//! the rates in force.
use super::super::repo;
use super::super::{
    ClassReports, EmployeeClasses, MonthTotals, OfficerRef, PayRegister, RegisterLine,
    RegisterTotals, RegisterUnit, UnitChoice,
};
use crate::domain::class::MAX_CLASS;
use crate::domain::pay::{self, month_end, month_of, ClassChange};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::Db;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};

/// A month from an address: `YYYY-MM` (or a date in it); none when empty.
pub fn parse_month(text: Option<String>) -> Result<Option<NaiveDate>, AppError> {
    match text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&t, "%Y-%m-%d"))
            .map(|d| Some(month_of(d)))
            .map_err(|_| AppError::invalid("month", Key::ValidationDate)),
    }
}

/// The register of `month`: each officer's salary and bonus under the classes known in this
/// register, plus arrears for orders first paid in it; grouped by unit with totals.
pub async fn register(
    db: &Db,
    month: NaiveDate,
    unit: Option<i64>,
) -> Result<PayRegister, AppError> {
    let month = month_of(month);
    let mut conn = db.read.acquire().await?;
    let records = repo::class_records(&mut conn).await?;
    let earliest = records
        .values()
        .flatten()
        .filter(|r| r.first_paid_month == month)
        .map(|r| month_of(r.effective_date))
        .min()
        .unwrap_or(month)
        .min(month);
    let spans = repo::salary_spans(&mut conn, earliest, month_end(month)).await?;
    let rates = repo::rate_table(&mut conn).await?;
    let unit_names = repo::unit_names(&mut conn).await?;
    let ids: Vec<i64> = spans.keys().copied().collect();
    let people = repo::people(&mut conn, &ids).await?;
    let mut units: BTreeMap<Option<i64>, Vec<RegisterLine>> = BTreeMap::new();
    for (employee, spans) in spans {
        let classes: Vec<ClassChange> = records
            .get(&employee)
            .map(|r| r.iter().map(|c| c.change()).collect())
            .unwrap_or_default();
        let salary: Vec<pay::SalarySpan> = spans.iter().map(|s| s.span.clone()).collect();
        let month_pay = pay::month_pay(month, &salary, &classes, month, &rates);
        let arrears = pay::arrears(month, &salary, &classes, &rates);
        if month_pay.segments.is_empty() && arrears.is_empty() {
            continue;
        }
        // The position held at the end of the month (or last held).
        let last_day = month_pay.segments.last().map(|s| s.to).unwrap_or(month);
        let held = spans
            .iter()
            .rev()
            .find(|s| s.span.from <= last_day)
            .or(spans.last());
        let (person, personal_number) = people.get(&employee).cloned().ok_or(AppError::NotFound)?;
        let unit_id = held.and_then(|s| s.unit_id);
        let total =
            month_pay.salary + month_pay.bonus + arrears.iter().map(|a| a.amount).sum::<Decimal>();
        units.entry(unit_id).or_default().push(RegisterLine {
            officer: OfficerRef {
                person,
                position: held.map(|s| s.title.clone()),
                unit: unit_id.and_then(|u| unit_names.get(&u).cloned()),
            },
            personal_number,
            unit_id,
            pay: month_pay,
            arrears,
            total,
        });
    }
    let mut unit_options: Vec<UnitChoice> = units
        .keys()
        .flatten()
        .filter_map(|u| {
            unit_names.get(u).map(|n| UnitChoice {
                id: *u,
                name: n.clone(),
            })
        })
        .collect();
    unit_options.sort_by(|a, b| a.name.ka.cmp(&b.name.ka));
    let mut register = PayRegister {
        month,
        units: Vec::new(),
        totals: RegisterTotals::default(),
        unit_options,
    };
    for (unit_id, mut lines) in units {
        if unit.is_some() && unit != unit_id {
            continue;
        }
        lines.sort_by(|a, b| a.officer.person.name.ka.cmp(&b.officer.person.name.ka));
        let mut totals = RegisterTotals::default();
        for line in &lines {
            totals.add(line);
            register.totals.add(line);
        }
        register.units.push(RegisterUnit {
            unit_id,
            unit: unit_id.and_then(|u| unit_names.get(&u).cloned()),
            lines,
            totals,
        });
    }
    register.units.sort_by(|a, b| {
        a.unit
            .as_ref()
            .map(|u| u.ka.clone())
            .cmp(&b.unit.as_ref().map(|u| u.ka.clone()))
    });
    Ok(register)
}

/// Officers per class today, signed orders per year and the bonus of each month of `year` so
/// far.
pub async fn reports(
    db: &Db,
    year: Option<i32>,
    today: NaiveDate,
) -> Result<ClassReports, AppError> {
    let year = year.unwrap_or(today.year());
    let mut conn = db.read.acquire().await?;
    let officers = repo::officers_on(&mut conn, today).await?;
    let records = repo::class_records(&mut conn).await?;
    let mut per_class = vec![0i64; MAX_CLASS as usize + 1];
    let mut seen = HashSet::new();
    for o in officers {
        if seen.insert(o.employee_id) {
            let current = records
                .get(&o.employee_id)
                .and_then(|r| {
                    r.iter()
                        .filter(|c| c.effective_date <= today)
                        .map(|c| c.class_no)
                        .max()
                })
                .unwrap_or(0);
            per_class[current as usize] += 1;
        }
    }
    let orders_per_year = repo::orders_per_year(&mut conn).await?;
    drop(conn);
    let mut months = Vec::new();
    for m in 1..=12 {
        let Some(month) = NaiveDate::from_ymd_opt(year, m, 1) else {
            continue;
        };
        if month > month_of(today) {
            break;
        }
        let r = register(db, month, None).await?;
        let arrears: Vec<pay::ArrearsLine> = r
            .units
            .iter()
            .flat_map(|u| u.lines.iter().flat_map(|l| l.arrears.clone()))
            .collect();
        months.push(MonthTotals {
            month,
            officers: r.totals.officers,
            bonus: r.totals.bonus,
            arrears_total: r.totals.arrears,
            arrears: merge_arrears(arrears),
        });
    }
    Ok(ClassReports {
        on: today,
        per_class,
        orders_per_year,
        year,
        months,
    })
}

/// Arrears of many officers summed per month they are for.
fn merge_arrears(lines: Vec<pay::ArrearsLine>) -> Vec<pay::ArrearsLine> {
    let mut by_month: BTreeMap<NaiveDate, Decimal> = BTreeMap::new();
    for l in lines {
        *by_month.entry(l.month).or_default() += l.amount;
    }
    by_month
        .into_iter()
        .map(|(month, amount)| pay::ArrearsLine {
            month,
            class_before: None,
            class_after: None,
            amount,
        })
        .collect()
}

/// An officer's classes with their orders and, when `with_pay`, this month's pay.
pub async fn employee_classes(
    db: &Db,
    id: i64,
    with_pay: bool,
    today: NaiveDate,
) -> Result<EmployeeClasses, AppError> {
    let mut conn = db.read.acquire().await?;
    let history = repo::history(&mut conn, id).await?;
    let current = history
        .iter()
        .filter(|h| h.effective_date <= today)
        .map(|h| h.class_no)
        .max();
    let this_month = if with_pay {
        let month = month_of(today);
        let spans = repo::salary_spans(&mut conn, month, month_end(month)).await?;
        let rates = repo::rate_table(&mut conn).await?;
        let records = repo::class_records_of(&mut conn, &[id]).await?;
        let classes: Vec<ClassChange> = records
            .get(&id)
            .map(|r| r.iter().map(|c| c.change()).collect())
            .unwrap_or_default();
        spans.get(&id).map(|s| {
            let salary: Vec<pay::SalarySpan> = s.iter().map(|s| s.span.clone()).collect();
            pay::month_pay(month, &salary, &classes, month, &rates)
        })
    } else {
        None
    };
    Ok(EmployeeClasses {
        on: today,
        current,
        history,
        this_month,
        links: false,
    })
}
