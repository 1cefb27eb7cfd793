//! The monthly pay register of official salaries and class bonuses with arrears, the class
//! reports and an officer's classes, computed from the signed classes, the positions held and
//! the rates in force.
use super::super::repo;
use super::super::{
    ClassReports, EmployeeClasses, MonthTotals, OfficerRef, PayRegister, RegisterClosure,
    RegisterLine, RegisterTotals, RegisterUnit, UnitChoice,
};
use crate::domain::class::MAX_CLASS;
use crate::domain::common::{stamp, tetri};
use crate::domain::pay::{self, month_end, month_of, ClassChange, Paid};
use crate::domain::{Bilingual, Role};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::audit::audit;
use crate::ssr::{Actor, Db};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::SqliteConnection;
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

/// The register of `month` as `actor` sees it: with whether HR may close or reopen it.
pub async fn register_for(
    db: &Db,
    actor: &Actor,
    month: NaiveDate,
    unit: Option<i64>,
) -> Result<PayRegister, AppError> {
    let month = month_of(month);
    let mut conn = db.read.acquire().await?;
    let mut register = register_on(&mut conn, month, unit).await?;
    let span = repo::closed_span(&mut conn).await?;
    let hr = actor.has(Role::Hr);
    register.can_close = hr
        && register.closed.is_none()
        && month <= month_of(actor.today())
        && may_close(span, month);
    register.can_reopen = hr && register.closed.is_some() && span.is_some_and(|(_, l)| l == month);
    Ok(register)
}

/// The register of `month`: stored as it was closed, or computed from the signed classes,
/// the positions held and the rates in force.
pub async fn register(
    db: &Db,
    month: NaiveDate,
    unit: Option<i64>,
) -> Result<PayRegister, AppError> {
    let mut conn = db.read.acquire().await?;
    register_on(&mut conn, month_of(month), unit).await
}

async fn register_on(
    conn: &mut SqliteConnection,
    month: NaiveDate,
    unit: Option<i64>,
) -> Result<PayRegister, AppError> {
    let (lines, closed) = match repo::closed_register(conn, month).await? {
        Some(row) => {
            let mut lines = Vec::new();
            for json in repo::closed_lines(conn, row.id).await? {
                let line: RegisterLine = serde_json::from_str(&json)
                    .map_err(|e| AppError::internal(format!("stored register line: {e}")))?;
                lines.push(line);
            }
            let closure = RegisterClosure {
                by: row.closed_by,
                at: stamp(row.closed_at),
                rule_version: row.rule_version,
            };
            (lines, Some(closure))
        }
        None => (compute_lines(conn, month).await?, None),
    };
    Ok(assemble(month, lines, unit, closed))
}

/// Closed months follow each other: the first may be any, then each the month after the last.
fn may_close(span: Option<(NaiveDate, NaiveDate)>, month: NaiveDate) -> bool {
    span.is_none_or(|(_, last)| last + Months::new(1) == month)
}

/// Each officer's salary and bonus in `month` under the classes known to its register, plus
/// arrears for orders first paid in it: against what the closed registers paid when the month
/// before is closed, otherwise against what the previous register knew.
async fn compute_lines(
    conn: &mut SqliteConnection,
    month: NaiveDate,
) -> Result<Vec<RegisterLine>, AppError> {
    let records = repo::class_records(conn).await?;
    let by_terms = repo::earliest_terms_paid_in(conn, month)
        .await?
        .map(month_of);
    let earliest = records
        .values()
        .flatten()
        .filter(|r| r.first_paid_month == month)
        .map(|r| month_of(r.effective_date))
        .chain(by_terms)
        .min()
        .unwrap_or(month)
        .min(month);
    let previous = month - Months::new(1);
    let closed = repo::closed_span(conn)
        .await?
        .filter(|(_, last)| *last == previous);
    let paid = match closed {
        Some((_, last)) if earliest < month => repo::paid_amounts(conn, earliest, last).await?,
        _ => Default::default(),
    };
    let spans = repo::salary_spans(conn, earliest, month_end(month)).await?;
    let rates = repo::rate_table(conn).await?;
    let unit_names = names_on(conn, month_end(month)).await?;
    let ids: Vec<i64> = spans.keys().copied().collect();
    let people = repo::people(conn, &ids).await?;
    let mut lines = Vec::new();
    for (employee, spans) in spans {
        let classes: Vec<ClassChange> = records
            .get(&employee)
            .map(|r| r.iter().map(|c| c.change()).collect())
            .unwrap_or_default();
        let salary: Vec<pay::SalarySpan> = spans.iter().map(|s| s.span.clone()).collect();
        let month_pay = pay::month_pay(month, &salary, &classes, month, &rates);
        let arrears = match closed {
            Some((first, _)) => {
                // Months before the first closed register were paid as their own (open)
                // registers knew them; closed months as stored.
                let before_first = first - Months::new(1);
                pay::arrears_against(month, &salary, &classes, &rates, |m| {
                    if m < first {
                        Paid::from(&pay::month_pay(m, &salary, &classes, before_first, &rates))
                    } else {
                        paid.get(&(employee, m)).copied().unwrap_or_default()
                    }
                })
            }
            None => pay::arrears(month, &salary, &classes, &rates),
        };
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
        lines.push(RegisterLine {
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
    Ok(lines)
}

/// Every unit's name as it was on `on` (a rename recorded for a later date shows nowhere
/// before it).
async fn names_on(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<std::collections::HashMap<i64, Bilingual>, AppError> {
    let events = crate::org::repo::unit_events(&mut *conn).await?;
    let current = repo::unit_names(conn).await?;
    Ok(current
        .into_iter()
        .map(|(id, name)| {
            let row = crate::domain::structure::UnitRow {
                id,
                parent_id: None,
                is_service: false,
                name_ka: name.ka,
                name_en: name.en,
                valid_from: NaiveDate::MIN,
                valid_to: None,
                supervisor_position_id: None,
            };
            let then = crate::domain::structure::unit_on(&row, &events, on);
            (id, Bilingual::new(then.name_ka, then.name_en))
        })
        .collect())
}

/// Lines grouped by unit (sorted by name) with unit and register totals; `unit` filters.
fn assemble(
    month: NaiveDate,
    lines: Vec<RegisterLine>,
    unit: Option<i64>,
    closed: Option<RegisterClosure>,
) -> PayRegister {
    let mut units: BTreeMap<Option<i64>, Vec<RegisterLine>> = BTreeMap::new();
    let mut names: BTreeMap<i64, Bilingual> = BTreeMap::new();
    for line in lines {
        if let (Some(id), Some(name)) = (line.unit_id, &line.officer.unit) {
            names.insert(id, name.clone());
        }
        units.entry(line.unit_id).or_default().push(line);
    }
    let mut unit_options: Vec<UnitChoice> = names
        .into_iter()
        .map(|(id, name)| UnitChoice { id, name })
        .collect();
    unit_options.sort_by(|a, b| a.name.ka.cmp(&b.name.ka));
    let mut register = PayRegister {
        month,
        units: Vec::new(),
        totals: RegisterTotals::default(),
        unit_options,
        closed,
        can_close: false,
        can_reopen: false,
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
            unit: lines.first().and_then(|l| l.officer.unit.clone()),
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
    register
}

/// HR closes the register of `month`: its lines and what it paid for each month are stored in
/// one transaction, audited. Closed months follow each other, and a month is closed once it
/// has begun.
pub async fn close_register(db: &Db, actor: &Actor, month: NaiveDate) -> Result<(), AppError> {
    let month = month_of(month);
    if month > month_of(actor.today()) {
        return Err(AppError::invalid("month", Key::PayCloseFuture));
    }
    let mut tx = db.write.begin().await?;
    if repo::closed_register(&mut tx, month).await?.is_some() {
        return Err(AppError::Conflict(Key::PayRegisterAlreadyClosed));
    }
    if !may_close(repo::closed_span(&mut tx).await?, month) {
        return Err(AppError::Conflict(Key::PayClosePreviousOpen));
    }
    let lines = compute_lines(&mut tx, month).await?;
    let mut stored = Vec::with_capacity(lines.len());
    for line in &lines {
        let mut paid: Vec<(NaiveDate, i64, i64)> = Vec::new();
        let mut add = |m: NaiveDate, salary: Decimal, bonus: Decimal| -> Result<(), AppError> {
            let t = |amount| tetri(amount).ok_or_else(|| AppError::internal("below a tetri"));
            let (salary, bonus) = (t(salary)?, t(bonus)?);
            if salary != 0 || bonus != 0 {
                paid.push((m, salary, bonus));
            }
            Ok(())
        };
        add(month, line.pay.salary, line.pay.bonus)?;
        for a in &line.arrears {
            add(a.month, a.salary, a.bonus)?;
        }
        let json = serde_json::to_string(line)
            .map_err(|e| AppError::internal(format!("register line: {e}")))?;
        stored.push((line.officer.person.id, line.unit_id, json, paid));
    }
    let register = assemble(month, lines, None, None);
    let totals = serde_json::to_value(&register.totals)
        .map_err(|e| AppError::internal(format!("register totals: {e}")))?;
    let id = repo::insert_closed_register(
        &mut tx,
        repo::NewClosedRegister {
            month,
            closed_by: actor.user.id,
            closed_at: actor.at,
            rule_version: pay::RULE_VERSION,
            totals_json: totals.to_string(),
        },
    )
    .await?;
    repo::insert_closed_lines(&mut tx, id, &stored).await?;
    audit(
        &mut tx,
        actor,
        "pay_register.closed",
        "pay_register",
        id,
        None,
        Some(json!({ "month": month, "totals": totals, "rule_version": pay::RULE_VERSION })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// HR reopens the closed register of `month` with a reason, while no later month is closed.
/// What was stored stays in the history; closing again stores the register anew.
pub async fn reopen_register(
    db: &Db,
    actor: &Actor,
    month: NaiveDate,
    reason: &str,
) -> Result<(), AppError> {
    let month = month_of(month);
    let mut tx = db.write.begin().await?;
    let row = repo::closed_register(&mut tx, month)
        .await?
        .ok_or(AppError::Conflict(Key::PayRegisterNotClosed))?;
    if repo::closed_span(&mut tx)
        .await?
        .is_some_and(|(_, last)| last > month)
    {
        return Err(AppError::Conflict(Key::PayReopenLaterClosed));
    }
    repo::reopen_register(&mut tx, row.id, actor.user.id, actor.at, reason).await?;
    audit(
        &mut tx,
        actor,
        "pay_register.reopened",
        "pay_register",
        row.id,
        Some(json!({ "month": month, "closed_by": row.closed_by })),
        Some(json!({ "reason": reason })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
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
    let mut by_month: BTreeMap<NaiveDate, Paid> = BTreeMap::new();
    for l in lines {
        let sum = by_month.entry(l.month).or_default();
        // Lines stored before salary arrears existed carry only the amount (all bonus).
        sum.salary += l.salary;
        sum.bonus += l.amount - l.salary;
    }
    by_month
        .into_iter()
        .map(|(month, sum)| pay::ArrearsLine {
            month,
            class_before: None,
            class_after: None,
            amount: sum.salary + sum.bonus,
            salary: sum.salary,
            bonus: sum.bonus,
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
