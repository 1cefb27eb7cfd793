//! HR's dashboard, the personal lists and the evaluation tasks of the inbox.
use super::super::repo::{self, EvalFilter};
use super::super::{Dashboard, EvalRow, MyEvaluationLists, ServiceCounts};
use super::read::rows;
use crate::domain::common::georgia_date;
use crate::domain::evaluation::{
    self as rules, ready_to_finalize, stage_due, CycleDeadlines, CycleStatus, Rating, Stage,
};
use crate::domain::task::{Task, TaskKind};
use crate::domain::{Bilingual, Role};
use crate::error::AppError;
use crate::i18n::{Key, Locale};
use crate::ssr::{Actor, Db};
use chrono::NaiveDate;
use std::collections::HashMap;

/// A pending evaluation's deadline and whether it has passed.
pub struct PendingDeadline {
    pub id: i64,
    pub stage: Stage,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

/// Every pending evaluation of a cycle with its deadline on `today` (cheap for 50,000: no
/// joins beyond the appeal).
pub async fn pending_deadlines(
    db: &Db,
    cycle_id: i64,
    today: NaiveDate,
    finalizable_only: bool,
) -> Result<Vec<PendingDeadline>, AppError> {
    let mut conn = db.read.acquire().await?;
    let cycle = repo::cycle_terms(&mut conn, cycle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let settings = cycle.settings()?;
    let deadlines = CycleDeadlines {
        planning: cycle.planning_due,
        rating: cycle.rating_due,
        summary: cycle.summary_due,
    };
    Ok(repo::pending(&db.read, cycle_id, finalizable_only)
        .await?
        .into_iter()
        .map(|p| {
            let due = stage_due(
                p.stage,
                &deadlines,
                p.rated_at.map(georgia_date),
                p.filed_at.map(georgia_date),
                &settings,
            );
            PendingDeadline {
                id: p.id,
                stage: p.stage,
                due,
                overdue: due.is_some_and(|d| rules::overdue(d, today)),
            }
        })
        .collect())
}

/// The name of the group of evaluations outside any unit.
fn outside_units() -> Bilingual {
    Bilingual::new(
        Key::EvalNoUnit.text(Locale::Ka),
        Key::EvalNoUnit.text(Locale::En),
    )
}

/// Counts per service in the order of `states`, sorted by the service's name.
fn by_service<S: PartialEq + Copy>(
    counts: impl IntoIterator<Item = (Option<i64>, S, i64)>,
    states: &[S],
    names: &HashMap<i64, Bilingual>,
) -> (Vec<ServiceCounts>, Vec<i64>) {
    let mut groups: HashMap<Option<i64>, ServiceCounts> = HashMap::new();
    let mut totals = vec![0; states.len()];
    for (service, state, n) in counts {
        let entry = groups.entry(service).or_insert_with(|| ServiceCounts {
            unit: service
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_else(outside_units),
            counts: vec![0; states.len()],
            total: 0,
        });
        if let Some(i) = states.iter().position(|s| *s == state) {
            entry.counts[i] += n;
            totals[i] += n;
        }
        entry.total += n;
    }
    let mut groups: Vec<_> = groups.into_values().collect();
    groups.sort_by(|a, b| a.unit.ka.cmp(&b.unit.ka));
    (groups, totals)
}

pub async fn dashboard(db: &Db, id: i64, today: NaiveDate) -> Result<Dashboard, AppError> {
    let cycle = repo::cycle(&db.read, id).await?.ok_or(AppError::NotFound)?;
    let names = repo::unit_names(&db.read).await?;
    // Progress and results are grouped by service (a department counts with its service).
    let (progress, stage_totals) = by_service(
        repo::stage_counts(&db.read, id)
            .await?
            .into_iter()
            .map(|c| (c.service_id, c.stage, c.evaluations)),
        Stage::ALL,
        &names,
    );
    let (distribution, rating_totals) = by_service(
        repo::rating_counts(&db.read, id)
            .await?
            .into_iter()
            .map(|c| (c.service_id, c.rating, c.evaluations)),
        &Rating::BEST_FIRST,
        &names,
    );
    let pending = pending_deadlines(db, id, today, false).await?;
    let ready = pending
        .iter()
        .filter(|p| ready_to_finalize(p.stage, p.overdue))
        .count() as i64;
    let overdue_ids: Vec<i64> = pending
        .iter()
        .filter(|p| p.overdue)
        .map(|p| p.id)
        .take(100)
        .collect();
    let overdue = rows(
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
        can_close: cycle.status == CycleStatus::Open && cycle.settled == cycle.total,
        cycle,
        progress,
        stage_totals,
        distribution,
        rating_totals,
        overdue,
        ready_to_finalize: ready,
    })
}

/// The actor's own evaluations, those they evaluate in open cycles and appeals to decide.
pub async fn mine(db: &Db, actor: &Actor) -> Result<MyEvaluationLists, AppError> {
    let today = actor.today();
    let to_review = reviews(db, actor).await?;
    let Some(me) = actor.user.employee_id else {
        return Ok(MyEvaluationLists {
            to_review,
            ..Default::default()
        });
    };
    let mine = rows(
        db,
        &EvalFilter {
            employee_id: Some(me),
            ..Default::default()
        },
        None,
        today,
    )
    .await?;
    let to_evaluate = rows(
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
        to_review,
    })
}

/// Appeals waiting for this user's decision: delegated to them, or to the mayor by default.
async fn reviews(db: &Db, actor: &Actor) -> Result<Vec<EvalRow>, AppError> {
    let ids = repo::appeals_to_decide(
        &db.read,
        actor.user.id,
        actor.has(Role::Mayor),
        actor.user.employee_id,
    )
    .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    rows(
        db,
        &EvalFilter {
            ids: Some(ids),
            ..Default::default()
        },
        None,
        actor.today(),
    )
    .await
}

fn task(kind: TaskKind, row: &EvalRow) -> Task {
    Task {
        kind,
        person: Some(row.employee.clone()),
        subject: Bilingual::same(row.period.clone()),
        count: 1,
        link: format!("/evaluations/{}", row.id),
        due: row.due,
        overdue: row.overdue,
        reminded: row.reminded,
    }
}

/// The actor's evaluation tasks: plan and score as evaluator, confirm, assess and answer as
/// officer, decide appeals, and (HR) finalize what is ready.
pub async fn tasks(db: &Db, actor: &Actor) -> Result<Vec<Task>, AppError> {
    let today = actor.today();
    let mut out = Vec::new();
    if let Some(me) = actor.user.employee_id {
        let as_evaluator = rows(
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
            match row.stage {
                Stage::Planning => out.push(task(TaskKind::Plan, row)),
                Stage::Rating => out.push(task(TaskKind::Rate, row)),
                _ => {}
            }
        }
        let own = rows(
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
            match row.stage {
                Stage::PlanConfirmation => out.push(task(TaskKind::ConfirmPlan, row)),
                Stage::SelfAssessment => out.push(task(TaskKind::SelfAssess, row)),
                Stage::Acknowledgement => out.push(task(TaskKind::Answer, row)),
                _ => {}
            }
        }
    }
    for row in reviews(db, actor).await? {
        out.push(task(TaskKind::Decide, &row));
    }
    if actor.has(Role::Hr) {
        for cycle_id in repo::open_cycle_ids(&db.read).await? {
            let n = pending_deadlines(db, cycle_id, today, true)
                .await?
                .iter()
                .filter(|p| ready_to_finalize(p.stage, p.overdue))
                .count() as i64;
            if n == 0 {
                continue;
            }
            let cycle = repo::cycle(&db.read, cycle_id)
                .await?
                .ok_or(AppError::NotFound)?;
            out.push(Task {
                kind: TaskKind::Finalize,
                person: None,
                subject: Bilingual::same(cycle.label()),
                count: n,
                link: format!("/cycles/{}", cycle.id),
                due: Some(cycle.summary_due),
                overdue: rules::overdue(cycle.summary_due, today),
                reminded: None,
            });
        }
    }
    Ok(out)
}
