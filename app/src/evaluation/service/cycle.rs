//! A cycle as a whole: its population, opening, finalizing what is ready, reminders, closing.
use super::super::repo::{self, NewCycle, NewEvaluation};
use super::lists::pending_deadlines;
use super::result::compute_result;
use super::steps::method_ref;
use crate::domain::common::georgia_day_start;
use crate::domain::evaluation::{
    self as rules, CycleStatus, Exemption, MethodSettings, Stage, Stint,
};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::audit::{audit, audit_many};
use crate::ssr::{Actor, Db};
use chrono::{Duration, NaiveDate};
use serde_json::json;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// The population of a period: every officer who served in it, evaluated or exempt with the
/// reason (`rules::eligibility`), with the direct supervisor at the period's end as evaluator.
pub async fn population(
    db: &Db,
    start: NaiveDate,
    end: NaiveDate,
    settings: &MethodSettings,
) -> Result<Vec<NewEvaluation>, AppError> {
    let service = repo::officer_service(&db.read, end).await?;
    // Who is on probation is recorded (DOMAIN §3.4): on probation at the period's end.
    let probationers = crate::probation::service::on_probation_on(db, end).await?;
    let snapshot = crate::org::service::snapshot(db, end).await?;
    let mut by_employee: Vec<(i64, Vec<repo::ServiceRow>)> = Vec::new();
    for row in service {
        match by_employee.last_mut() {
            Some((id, rows)) if *id == row.employee_id => rows.push(row),
            _ => by_employee.push((row.employee_id, vec![row])),
        }
    }
    let mut out = Vec::new();
    for (employee_id, rows) in by_employee {
        let touches = rows
            .iter()
            .any(|r| r.start_date <= end && r.end_date.is_none_or(|e| e >= start));
        if !touches {
            continue;
        }
        let stints: Vec<Stint> = rows
            .iter()
            .map(|r| Stint {
                start: r.start_date,
                end: r.end_date,
            })
            .collect();
        let first = &rows[0];
        let exemption = match rules::eligibility(&stints, start, end, settings.min_service_months) {
            Err(e) => Some(e),
            Ok(()) if probationers.contains(&employee_id) => Some(Exemption::OnProbation),
            Ok(()) => None,
        };
        // The position held at the period's end, else the last one held in it.
        let held = rows
            .iter()
            .rev()
            .find(|r| r.start_date <= end && r.end_date.is_none_or(|e| e >= end))
            .or_else(|| rows.last())
            .unwrap_or(first);
        let evaluator = if exemption.is_none() {
            snapshot.direct_supervisor(held.position_id)
        } else {
            None
        };
        out.push(NewEvaluation {
            employee_id,
            position_id: Some(held.position_id),
            unit_id: held.unit_id,
            rank: held.rank,
            evaluator_id: evaluator.filter(|e| *e != employee_id),
            stage: if exemption.is_some() {
                Stage::Exempt
            } else {
                Stage::Planning
            },
            exempt_reason: exemption,
            hr_note: None,
        });
    }
    Ok(out)
}

/// The method that governs a period: the version in force on the period's first day, whose
/// number of periods a year places that day (a version from 1 July with two periods governs
/// the second half-year; the year's first half stays under the version in force on 1 January).
async fn method_of_period(
    conn: &mut sqlx::SqliteConnection,
    year: i32,
    period_no: u32,
) -> Result<(repo::MethodRecord, MethodSettings, (NaiveDate, NaiveDate)), AppError> {
    let mut any_method = false;
    // Every period starts on the 1st of a month; the method in force on that day must be the
    // one whose division of the year starts a period there.
    for month in 1..=12 {
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
            return Err(AppError::invalid("year", Key::ValidationNumber));
        };
        let Some(method) = repo::method_on(conn, first).await? else {
            continue;
        };
        any_method = true;
        let settings = method.settings()?;
        if let Some(span) = rules::period(year, period_no, settings.periods_per_year) {
            if span.0 == first {
                return Ok((method, settings, span));
            }
        }
    }
    Err(if any_method {
        AppError::invalid("period_no", Key::EvalPeriodInvalid)
    } else {
        AppError::Conflict(Key::EvalNoMethod)
    })
}

/// Opens the cycle of `year`/`period_no` under the method in force at the period's start.
pub async fn open_cycle(
    db: &Db,
    actor: &Actor,
    year: i32,
    period_no: u32,
) -> Result<i64, AppError> {
    let mut conn = db.read.acquire().await?;
    let (method, settings, (start, end)) = method_of_period(&mut conn, year, period_no).await?;
    drop(conn);
    let deadlines = rules::cycle_deadlines(start, end, &settings);
    let members = population(db, start, end, &settings).await?;
    let mut tx = db.write.begin().await?;
    let institution_id = crate::org::repo::institution_id(&mut tx).await?;
    if repo::cycle_exists(&mut tx, institution_id, year, period_no).await? {
        return Err(AppError::invalid("year", Key::EvalCycleExists));
    }
    let id = repo::insert_cycle(
        &mut tx,
        NewCycle {
            institution_id,
            method_id: method.id,
            year,
            period_no,
            period_start: start,
            period_end: end,
            deadlines,
            opened_by: actor.user.id,
            opened_at: actor.at,
        },
    )
    .await?;
    repo::insert_evaluations(&mut tx, id, &members, actor.at).await?;
    let evaluated = members.iter().filter(|m| m.stage != Stage::Exempt).count();
    audit(
        &mut tx,
        actor,
        "evaluation_cycle.open",
        "evaluation_cycle",
        id,
        None,
        Some(json!({
            "year": year, "period_no": period_no, "period": [start, end],
            "method_version": method.version, "deadlines": deadlines,
            "evaluated": evaluated, "exempt": members.len() - evaluated,
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds an officer the population left out (by name or personal number), with HR's reason.
pub async fn add_to_cycle(
    db: &Db,
    actor: &Actor,
    cycle_id: i64,
    person: &str,
    reason: String,
) -> Result<i64, AppError> {
    let cycle = repo::cycle(&db.read, cycle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if cycle.status != CycleStatus::Open {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let mut conn = db.read.acquire().await?;
    let employee =
        crate::people::service::resolve_person(&mut conn, "personal_number", person).await?;
    drop(conn);
    // The position held at the period's end (or the latest), for reports and the evaluator.
    let held = repo::last_position(&db.read, employee, cycle.period_end).await?;
    let evaluator = match held {
        Some(held) => crate::org::service::snapshot(db, cycle.period_end)
            .await?
            .direct_supervisor(held.position_id)
            .filter(|e| *e != employee),
        None => None,
    };
    let mut tx = db.write.begin().await?;
    if repo::evaluation_of(&mut tx, cycle_id, employee)
        .await?
        .is_some()
    {
        return Err(AppError::invalid(
            "personal_number",
            Key::EvalAlreadyInCycle,
        ));
    }
    repo::insert_evaluations(
        &mut tx,
        cycle_id,
        &[NewEvaluation {
            employee_id: employee,
            position_id: held.map(|h| h.position_id),
            unit_id: held.and_then(|h| h.unit_id),
            rank: held.and_then(|h| h.rank),
            evaluator_id: evaluator,
            stage: Stage::Planning,
            exempt_reason: None,
            hr_note: Some(reason.clone()),
        }],
        actor.at,
    )
    .await?;
    let id = repo::evaluation_of(&mut tx, cycle_id, employee)
        .await?
        .ok_or(AppError::NotFound)?;
    audit(
        &mut tx,
        actor,
        "evaluation.add",
        "evaluation",
        id,
        None,
        Some(json!({ "cycle_id": cycle_id, "employee_id": employee, "evaluator_id": evaluator, "reason": reason })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The terms of a cycle HR is about to change: it must exist and still be open.
async fn open_cycle_terms(
    conn: &mut SqliteConnection,
    cycle_id: i64,
) -> Result<repo::CycleTerms, AppError> {
    let cycle = repo::cycle_terms(conn, cycle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if cycle.status != CycleStatus::Open {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    Ok(cycle)
}

/// Finalizes every evaluation of the cycle that is ready, in one transaction with one audit
/// row each. Built for 50,000 officers: one read of the scores, multi-row writes.
pub async fn finalize_ready(db: &Db, actor: &Actor, cycle_id: i64) -> Result<u64, AppError> {
    let mut tx = db.write.begin().await?;
    let cycle = open_cycle_terms(&mut tx, cycle_id).await?;
    let settings = cycle.settings()?;
    let method = method_ref(&mut tx, cycle.method_id).await?;
    // Unanswered past the window: scored before the start of today − acknowledge_days.
    let window_start = actor.today() - Duration::days(i64::from(settings.acknowledge_days));
    let catalogue: HashMap<i64, (i64, String)> = repo::competency_order(&mut tx, cycle.method_id)
        .await?
        .into_iter()
        .map(|c| (c.id, (c.sort_order, c.code)))
        .collect();
    // Separation of duties: HR's own evaluations, and those they evaluate, wait for a colleague.
    let ready_rows = repo::ready_to_finalize(
        &mut tx,
        cycle_id,
        georgia_day_start(window_start),
        actor.user.employee_id,
    )
    .await?;
    if ready_rows.is_empty() {
        return Ok(0);
    }
    let mut unanswered: HashMap<i64, bool> = HashMap::with_capacity(ready_rows.len());
    let mut results = Vec::with_capacity(ready_rows.len());
    for row in ready_rows {
        let mut own: Vec<(i64, &str, i64)> = row
            .packed_scores
            .split(',')
            .filter_map(|pair| {
                let (competency, score) = pair.split_once(':')?;
                let (order, code) = catalogue.get(&competency.parse::<i64>().ok()?)?;
                Some((*order, code.as_str(), score.parse().ok()?))
            })
            .collect();
        own.sort_unstable();
        let by_code: Vec<(&str, i64)> =
            own.iter().map(|(_, code, score)| (*code, *score)).collect();
        results.push(compute_result(
            row.id, &by_code, &settings, method, 1, None,
        )?);
        unanswered.insert(row.id, row.stage == Stage::Acknowledgement);
    }
    results.sort_by_key(|r| r.evaluation_id);
    repo::insert_results(&mut tx, &results, actor.user.id, actor.at).await?;
    // Exactly the evaluations that got a result now.
    let updated =
        repo::record_finalized_in_bulk(&mut tx, cycle_id, actor.user.id, actor.at).await?;
    // An unsatisfactory result's consequences (a training need, perhaps a dismissal ground).
    for r in results
        .iter()
        .filter(|r| r.rating == crate::domain::evaluation::Rating::Unsatisfactory)
    {
        crate::discipline::service::after_results(&mut tx, actor, cycle_id, Some(r.evaluation_id))
            .await?;
    }
    let entries: Vec<(String, serde_json::Value)> = results
        .iter()
        .map(|r| {
            (
                r.evaluation_id.to_string(),
                json!({ "stage": Stage::Finalized, "final_mark": r.final_mark, "rating": r.rating,
                        "unanswered": unanswered.get(&r.evaluation_id).copied().unwrap_or(false) }),
            )
        })
        .collect();
    audit_many(
        &mut tx,
        actor,
        "evaluation.finalize",
        "evaluation",
        &entries,
    )
    .await?;
    tx.commit().await?;
    Ok(updated)
}

/// Reminds everyone with an overdue step in the cycle; returns how many were reminded.
pub async fn remind_overdue(db: &Db, actor: &Actor, cycle_id: i64) -> Result<u64, AppError> {
    let cycle = repo::cycle(&db.read, cycle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if cycle.status != CycleStatus::Open {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let overdue: Vec<i64> = pending_deadlines(db, cycle_id, actor.today(), false)
        .await?
        .into_iter()
        .filter(|p| p.overdue)
        .map(|p| p.id)
        .collect();
    let mut tx = db.write.begin().await?;
    repo::insert_reminders(&mut tx, &overdue, actor.user.id, actor.at).await?;
    audit(
        &mut tx,
        actor,
        "evaluation_cycle.remind",
        "evaluation_cycle",
        cycle_id,
        None,
        Some(json!({ "reminded": overdue.len() })),
    )
    .await?;
    tx.commit().await?;
    Ok(overdue.len() as u64)
}

/// Closes a cycle once every evaluation in it is finalized or exempt.
pub async fn close_cycle(db: &Db, actor: &Actor, cycle_id: i64) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    open_cycle_terms(&mut tx, cycle_id).await?;
    if repo::unsettled(&mut tx, cycle_id).await? > 0 {
        return Err(AppError::Conflict(Key::EvalCyclePending));
    }
    repo::close_cycle(&mut tx, cycle_id, actor.user.id, actor.at).await?;
    audit(
        &mut tx,
        actor,
        "evaluation_cycle.close",
        "evaluation_cycle",
        cycle_id,
        Some(json!({ "status": CycleStatus::Open })),
        Some(json!({ "status": CycleStatus::Closed })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
