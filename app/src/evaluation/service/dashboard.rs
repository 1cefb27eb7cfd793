//! HR's dashboard, the personal lists and the task inbox.
use super::*;

// ---- Dashboard, lists, inbox --------------------------------------------------------------

pub(super) async fn unit_names(db: &SqlitePool) -> Result<HashMap<i64, Bilingual>, AppError> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name_ka, name_en FROM org_units")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, ka, en)| (id, Bilingual::new(ka, en)))
        .collect())
}

pub(super) fn outside_units() -> Bilingual {
    Bilingual::new(
        Key::EvalNoUnit.text(crate::i18n::Locale::Ka).to_string(),
        Key::EvalNoUnit.text(crate::i18n::Locale::En).to_string(),
    )
}

pub async fn dashboard(db: &SqlitePool, id: i64, today: NaiveDate) -> Result<Dashboard, AppError> {
    let cycle = repo::cycles(db, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let names = unit_names(db).await?;
    // Progress and results are grouped by service (a department counts with its service).
    let progress_rows: Vec<(Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT COALESCE(u.parent_id, u.id), e.stage, COUNT(*) FROM evaluations e
         LEFT JOIN org_units u ON u.id = e.unit_id WHERE e.cycle_id = $1 GROUP BY 1, 2",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut progress: HashMap<Option<i64>, UnitProgress> = HashMap::new();
    let mut stage_totals = vec![0; Stage::ALL.len()];
    for (unit, stage, n) in progress_rows {
        let entry = progress.entry(unit).or_insert_with(|| UnitProgress {
            unit: unit
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_else(outside_units),
            stages: vec![0; Stage::ALL.len()],
            total: 0,
        });
        if let Some(i) = Stage::ALL.iter().position(|s| s.code() == stage) {
            entry.stages[i] += n;
            stage_totals[i] += n;
        }
        entry.total += n;
    }
    let mut progress: Vec<UnitProgress> = progress.into_values().collect();
    progress.sort_by(|a, b| a.unit.ka.cmp(&b.unit.ka));

    let rating_rows: Vec<(Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT COALESCE(u.parent_id, u.id), r.rating, COUNT(*) FROM evaluations e
         JOIN evaluation_results r ON r.id = e.result_id
         LEFT JOIN org_units u ON u.id = e.unit_id WHERE e.cycle_id = $1 GROUP BY 1, 2",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut distribution: HashMap<Option<i64>, UnitDistribution> = HashMap::new();
    let mut rating_totals = vec![0; Rating::ALL.len()];
    for (unit, rating, n) in rating_rows {
        let entry = distribution
            .entry(unit)
            .or_insert_with(|| UnitDistribution {
                unit: unit
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_else(outside_units),
                ratings: vec![0; Rating::ALL.len()],
                total: 0,
            });
        if let Some(i) = Rating::ALL.iter().position(|r| r.code() == rating) {
            entry.ratings[i] += n;
            rating_totals[i] += n;
        }
        entry.total += n;
    }
    let mut distribution: Vec<UnitDistribution> = distribution.into_values().collect();
    distribution.sort_by(|a, b| a.unit.ka.cmp(&b.unit.ka));

    let pending = repo::pending_deadlines(db, id, today).await?;
    let ready_to_finalize = pending
        .iter()
        .filter(|(_, stage, _, overdue)| is_ready(*stage, *overdue))
        .count() as i64;
    let overdue_ids: Vec<i64> = pending
        .iter()
        .filter(|p| p.3)
        .map(|p| p.0)
        .take(100)
        .collect();
    let overdue = repo::rows(
        db,
        &EvalFilter {
            ids: Some(overdue_ids),
            ..Default::default()
        },
        None,
        today,
    )
    .await?;
    Ok(Dashboard {
        can_close: cycle.status == "open" && cycle.settled == cycle.total,
        cycle,
        progress,
        stage_totals,
        distribution,
        rating_totals,
        overdue,
        ready_to_finalize,
    })
}

/// Waiting for HR: answered, or unanswered after the acknowledgement window.
pub(super) fn is_ready(stage: Stage, overdue: bool) -> bool {
    stage == Stage::Finalization || (stage == Stage::Acknowledgement && overdue)
}

pub async fn mine(
    db: &SqlitePool,
    actor: &Actor,
    today: NaiveDate,
) -> Result<MyEvaluationLists, AppError> {
    let Some(me) = actor.user.employee_id else {
        return Ok(MyEvaluationLists {
            to_review: reviews(db, actor, today).await?,
            ..Default::default()
        });
    };
    let mine = repo::rows(
        db,
        &EvalFilter {
            employee_id: Some(me),
            ..Default::default()
        },
        None,
        today,
    )
    .await?;
    let to_evaluate = repo::rows(
        db,
        &EvalFilter {
            evaluator_id: Some(me),
            open_cycles_only: true,
            ..Default::default()
        },
        None,
        today,
    )
    .await?;
    Ok(MyEvaluationLists {
        mine,
        to_evaluate,
        to_review: reviews(db, actor, today).await?,
    })
}

/// Appeals waiting for this user's decision: delegated to them, or to the mayor by default.
pub(super) async fn reviews(
    db: &SqlitePool,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<EvalRow>, AppError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT e.id FROM evaluations e JOIN evaluation_appeals a ON a.evaluation_id = e.id
         WHERE e.stage = 'appealed' AND a.decided_at IS NULL
           AND (a.reviewer_user_id = $1 OR (a.reviewer_user_id IS NULL AND $2))
           AND (e.evaluator_id IS NULL OR e.evaluator_id <> COALESCE($3, -1))",
    )
    .bind(actor.user.id)
    .bind(actor.has(Role::Mayor))
    .bind(actor.user.employee_id)
    .fetch_all(db)
    .await?;
    let mut out = Vec::new();
    for id in ids {
        out.extend(
            repo::rows(
                db,
                &EvalFilter {
                    id: Some(id),
                    ..Default::default()
                },
                None,
                today,
            )
            .await?,
        );
    }
    Ok(out)
}

pub async fn tasks(
    db: &SqlitePool,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
    let mut out = Vec::new();
    let task = |kind: &str, row: &EvalRow| Task {
        kind: kind.to_string(),
        person: Some(row.employee.clone()),
        period: row.period.clone(),
        count: 1,
        link: format!("/evaluations/{}", row.id),
        due: row.due,
        overdue: row.overdue,
        reminded: row.reminded,
    };
    if let Some(me) = actor.user.employee_id {
        let as_evaluator = repo::rows(
            db,
            &EvalFilter {
                evaluator_id: Some(me),
                pending: true,
                open_cycles_only: true,
                ..Default::default()
            },
            None,
            today,
        )
        .await?;
        for row in &as_evaluator {
            match Stage::parse(&row.stage) {
                Some(Stage::Planning) => out.push(task("plan", row)),
                Some(Stage::Rating) => out.push(task("rate", row)),
                _ => {}
            }
        }
        let own = repo::rows(
            db,
            &EvalFilter {
                employee_id: Some(me),
                pending: true,
                ..Default::default()
            },
            None,
            today,
        )
        .await?;
        for row in &own {
            match Stage::parse(&row.stage) {
                Some(Stage::PlanConfirmation) => out.push(task("confirm_plan", row)),
                Some(Stage::SelfAssessment) => out.push(task("self_assess", row)),
                Some(Stage::Acknowledgement) => out.push(task("answer", row)),
                _ => {}
            }
        }
    }
    for row in reviews(db, actor, today).await? {
        out.push(task("decide", &row));
    }
    if actor.has(Role::Hr) {
        for cycle in repo::cycles(db, None).await? {
            if cycle.status != "open" {
                continue;
            }
            let n = repo::pending_deadlines(db, cycle.id, today)
                .await?
                .iter()
                .filter(|(_, stage, _, overdue)| is_ready(*stage, *overdue))
                .count() as i64;
            if n > 0 {
                out.push(Task {
                    kind: "finalize".into(),
                    person: None,
                    period: cycle.label(),
                    count: n,
                    link: format!("/cycles/{}", cycle.id),
                    due: Some(cycle.summary_due),
                    overdue: rules::overdue(cycle.summary_due, today),
                    reminded: None,
                });
            }
        }
    }
    // Class orders waiting for the legal visa (recorded by HR) or the mayor's signature.
    for order in crate::classes::repo::orders(db, None).await? {
        let needs_visa: bool =
            sqlx::query_scalar("SELECT needs_visa FROM class_orders WHERE id = $1")
                .bind(order.id)
                .fetch_one(db)
                .await?;
        let kind = match order.status.as_str() {
            "draft" if needs_visa && actor.has(Role::Hr) => "class_visa",
            "draft" if !needs_visa && actor.has(Role::Mayor) => "class_sign",
            "visaed" if actor.has(Role::Mayor) => "class_sign",
            _ => continue,
        };
        out.push(Task {
            kind: kind.into(),
            person: None,
            period: order.number.clone(),
            count: order.officers,
            link: format!("/class-orders/{}", order.id),
            due: None,
            overdue: false,
            reminded: None,
        });
    }
    out.sort_by_key(|t| (!t.overdue, t.due));
    Ok(out)
}
