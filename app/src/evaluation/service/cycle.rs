//! A cycle as a whole: its population, opening, finalizing what is ready, reminders, closing.
use super::steps::{compute_result, method_version};
use super::*;

// ---- Opening a cycle ----------------------------------------------------------------------

/// The population of a period: every officer who served in it, evaluated or exempt with the
/// reason (`rules::eligibility`), with the direct supervisor at the period's end as evaluator.
pub async fn population(
    db: &SqlitePool,
    start: NaiveDate,
    end: NaiveDate,
    settings: &MethodSettings,
    probation_months: u32,
) -> Result<Vec<NewEvaluation>, AppError> {
    let service = repo::officer_service(db, end).await?;
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
            Ok(())
                if rules::on_probation(
                    first.start_date,
                    first.basis == "competition",
                    end,
                    probation_months,
                ) =>
            {
                Some(Exemption::OnProbation)
            }
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
            exempt_reason: exemption.map(Exemption::code),
            hr_note: None,
        });
    }
    Ok(out)
}

/// Opens the cycle of `year`/`period_no` under the method in force at the period's start.
/// `actor` is None for the demo loader.
pub async fn open_cycle_as(
    db: &crate::ssr::Db,
    actor: Option<&Actor>,
    year: i32,
    period_no: u32,
    opened_at: chrono::DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut conn = db.read.acquire().await?;
    let jan = NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| AppError::invalid("year", Key::ValidationNumber))?;
    let method = repo::method_on(&mut conn, jan)
        .await?
        .ok_or(AppError::Conflict(Key::EvalNoMethod))?;
    let settings = method.settings().map_err(AppError::internal)?;
    let (start, end) = rules::period(year, period_no, settings.periods_per_year)
        .ok_or_else(|| AppError::invalid("period_no", Key::EvalPeriodInvalid))?;
    let probation_months = crate::rules::number(&mut conn, "probation.months", end).await?;
    drop(conn);
    let deadlines = rules::cycle_deadlines(start, end, &settings);
    let members = population(&db.read, start, end, &settings, probation_months).await?;
    let institution: i64 = sqlx::query_scalar("SELECT MIN(id) FROM institutions")
        .fetch_one(&db.read)
        .await?;
    let mut tx = db.write.begin().await?;
    let exists: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluation_cycles WHERE institution_id = $1 AND year = $2 AND period_no = $3",
    )
    .bind(institution)
    .bind(year)
    .bind(period_no)
    .fetch_one(&mut *tx)
    .await?;
    if exists > 0 {
        return Err(AppError::invalid("year", Key::EvalCycleExists));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evaluation_cycles (institution_id, method_id, year, period_no, period_start,
             period_end, planning_due, rating_due, summary_due, status, opened_by, opened_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11) RETURNING id",
    )
    .bind(institution)
    .bind(method.id)
    .bind(year)
    .bind(period_no)
    .bind(start)
    .bind(end)
    .bind(deadlines.planning)
    .bind(deadlines.rating)
    .bind(deadlines.summary)
    .bind(actor.map(|a| a.user.id))
    .bind(opened_at)
    .fetch_one(&mut *tx)
    .await?;
    repo::insert_evaluations(&mut tx, id, &members).await?;
    let evaluated = members.iter().filter(|m| m.stage != Stage::Exempt).count();
    record(
        &mut tx,
        AuditEntry {
            actor_user_id: actor.map(|a| a.user.id),
            action: "evaluation_cycle.open",
            entity: "evaluation_cycle",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "year": year, "period_no": period_no, "period": [start, end],
                "method_version": method.version, "deadlines": deadlines,
                "evaluated": evaluated, "exempt": members.len() - evaluated,
            })),
            client_addr: actor.map(|a| a.client_addr.as_str()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn open_cycle(actor: &Actor, year: i32, period_no: u32) -> Result<i64, AppError> {
    open_cycle_as(&state()?.db, Some(actor), year, period_no, Utc::now()).await
}

pub async fn add_to_cycle(
    actor: &Actor,
    cycle_id: i64,
    personal_number: &str,
    reason: &str,
) -> Result<i64, AppError> {
    let reason = long_text("reason", reason)?;
    let db = state()?.db;
    let cycle = repo::cycles(&db.read, Some(cycle_id))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    if cycle.status != "open" {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let employee: i64 = sqlx::query_scalar("SELECT id FROM employees WHERE personal_number = $1")
        .bind(personal_number.trim())
        .fetch_optional(&db.read)
        .await?
        .ok_or_else(|| AppError::invalid("personal_number", Key::EvalPersonNotFound))?;
    // The position held at the period's end (or the latest), for reports and the evaluator.
    let held: Option<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, p.unit_id, p.rank FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE a.employee_id = $1 AND a.start_date <= $2 ORDER BY a.start_date DESC LIMIT 1",
    )
    .bind(employee)
    .bind(cycle.period_end)
    .fetch_optional(&db.read)
    .await?;
    let evaluator = match held {
        Some((position, _, _)) => crate::org::service::snapshot(&db.read, cycle.period_end)
            .await?
            .direct_supervisor(position)
            .filter(|e| *e != employee),
        None => None,
    };
    let mut tx = db.write.begin().await?;
    let already: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluations WHERE cycle_id = $1 AND employee_id = $2",
    )
    .bind(cycle_id)
    .bind(employee)
    .fetch_one(&mut *tx)
    .await?;
    if already > 0 {
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
            position_id: held.map(|h| h.0),
            unit_id: held.and_then(|h| h.1),
            rank: held.and_then(|h| h.2),
            evaluator_id: evaluator,
            stage: Stage::Planning,
            exempt_reason: None,
            hr_note: Some(reason.clone()),
        }],
    )
    .await?;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM evaluations WHERE cycle_id = $1 AND employee_id = $2")
            .bind(cycle_id)
            .bind(employee)
            .fetch_one(&mut *tx)
            .await?;
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

pub async fn finalize_ready(
    actor: &Actor,
    cycle_id: i64,
    today: NaiveDate,
) -> Result<u64, AppError> {
    finalize_ready_as(&state()?.db, Some(actor), cycle_id, today, Utc::now()).await
}

pub async fn finalize_ready_as(
    db: &crate::ssr::Db,
    actor: Option<&Actor>,
    cycle_id: i64,
    today: NaiveDate,
    now: chrono::DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut tx = db.write.begin().await?;
    let (status, method_id, settings_json): (String, i64, String) = sqlx::query_as(
        "SELECT c.status, c.method_id, m.settings_json FROM evaluation_cycles c
         JOIN evaluation_methods m ON m.id = c.method_id WHERE c.id = $1",
    )
    .bind(cycle_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if status != "open" {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let settings: MethodSettings =
        serde_json::from_str(&settings_json).map_err(AppError::internal)?;
    let version = method_version(&mut tx, method_id).await?;
    // Unanswered past the window: rated before today − acknowledge_days.
    let window_start = today - Duration::days(i64::from(settings.acknowledge_days));
    let cutoff = chrono::NaiveDateTime::from(window_start) - Duration::hours(4);
    // Competencies once; then one row per ready evaluation with its scores concatenated
    // ("competency:score,…"), 7× fewer rows than reading the scores one by one.
    let catalogue: HashMap<i64, (i64, String)> = sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT id, sort_order, code FROM competencies WHERE method_id = $1",
    )
    .bind(method_id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(id, order, code)| (id, (order, code)))
    .collect();
    let ready_rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT e.id, e.stage, group_concat(s.competency_id || ':' || s.score, ',')
         FROM evaluations e JOIN evaluation_scores s ON s.evaluation_id = e.id
         WHERE e.cycle_id = $1 AND s.score IS NOT NULL
           AND (e.stage = 'finalization' OR (e.stage = 'acknowledgement' AND e.rated_at < $2))
         GROUP BY e.id, e.stage",
    )
    .bind(cycle_id)
    .bind(cutoff.and_utc())
    .fetch_all(&mut *tx)
    .await?;
    if ready_rows.is_empty() {
        return Ok(0);
    }
    let mut ready: HashMap<i64, String> = HashMap::with_capacity(ready_rows.len());
    let mut results = Vec::with_capacity(ready_rows.len());
    for (id, stage, packed) in ready_rows {
        let mut own: Vec<(i64, &str, i64)> = packed
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
            id,
            &by_code,
            &settings,
            (method_id, version),
            1,
            None,
        )?);
        ready.insert(id, stage);
    }
    results.sort_by_key(|r| r.evaluation_id);
    let user = actor.map(|a| a.user.id);
    repo::insert_results(&mut tx, &results, user, now).await?;
    // Exactly the evaluations that got a result now.
    let updated = sqlx::query(
        "UPDATE evaluations SET stage = 'finalized', finalized_at = $1, finalized_by = $2,
             updated_at = $1, result_id = r.id
         FROM evaluation_results r
         WHERE r.evaluation_id = evaluations.id AND r.version = 1 AND r.created_at = $1
           AND evaluations.cycle_id = $3 AND evaluations.result_id IS NULL
           AND evaluations.stage IN ('finalization', 'acknowledgement')",
    )
    .bind(now)
    .bind(user)
    .bind(cycle_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let entries: Vec<(String, serde_json::Value)> = results
        .iter()
        .map(|r| {
            (
                r.evaluation_id.to_string(),
                json!({ "stage": "finalized", "final_mark": r.final_mark, "rating": r.rating,
                        "unanswered": ready.get(&r.evaluation_id).is_some_and(|s| s == "acknowledgement") }),
            )
        })
        .collect();
    crate::ssr::audit::record_many(
        &mut tx,
        user,
        actor.map(|a| a.client_addr.as_str()),
        "evaluation.finalize",
        "evaluation",
        &entries,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(updated)
}

pub async fn remind_overdue(
    actor: &Actor,
    cycle_id: i64,
    today: NaiveDate,
) -> Result<u64, AppError> {
    let db = state()?.db;
    let cycle = repo::cycles(&db.read, Some(cycle_id))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    if cycle.status != "open" {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let overdue: Vec<i64> = repo::pending_deadlines(&db.read, cycle_id, today)
        .await?
        .into_iter()
        .filter(|p| p.3)
        .map(|p| p.0)
        .collect();
    let now = Utc::now();
    let mut tx = db.write.begin().await?;
    for chunk in overdue.chunks(5_000) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO evaluation_reminders (evaluation_id, sent_by, sent_at) ",
        );
        q.push_values(chunk, |mut b, id| {
            b.push_bind(*id).push_bind(actor.user.id).push_bind(now);
        });
        q.build().execute(&mut *tx).await?;
    }
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

pub async fn close_cycle(actor: &Actor, cycle_id: i64) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let status: String = sqlx::query_scalar("SELECT status FROM evaluation_cycles WHERE id = $1")
        .bind(cycle_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if status != "open" {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluations WHERE cycle_id = $1 AND stage NOT IN ('finalized', 'exempt')",
    )
    .bind(cycle_id)
    .fetch_one(&mut *tx)
    .await?;
    if pending > 0 {
        return Err(AppError::Conflict(Key::EvalCyclePending));
    }
    sqlx::query("UPDATE evaluation_cycles SET status = 'closed', closed_by = $1, closed_at = $2 WHERE id = $3")
        .bind(actor.user.id)
        .bind(Utc::now())
        .bind(cycle_id)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        actor,
        "evaluation_cycle.close",
        "evaluation_cycle",
        cycle_id,
        Some(json!({ "status": "open" })),
        Some(json!({ "status": "closed" })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
