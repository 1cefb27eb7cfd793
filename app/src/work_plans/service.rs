//! Monthly plans' rules and transactions. Every step goes through
//! `domain::work_plan::check_work_step`, checks the revision the form was loaded with, and
//! writes its audit row in its transaction; reads by anyone but the officer are logged.
use super::repo::{self, PlanRow as Row};
use super::{
    PlanRow, Publication, PublishedEntry, PublishedReport, UnitMonth, WorkPlanBoard, WorkPlanDetail,
};
use crate::domain::career::monthly_report_due;
use crate::domain::common::georgia_date;
use crate::domain::structure::OrgSnapshot;
use crate::domain::task::{Task, TaskKind};
use crate::domain::work_plan::{
    check_work_step, month_of, month_text, report_late, MonthlyEvaluation, MonthlyState,
    WorkRefusal, WorkRelation, WorkStep,
};
use crate::domain::{Bilingual, PersonRef, Role};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::audit::{audit, log_read};
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{Actor, Db};
use chrono::{Months, NaiveDate};
use serde_json::json;

fn refusal(r: WorkRefusal) -> AppError {
    match r {
        WorkRefusal::NotYours => AppError::Forbidden,
        WorkRefusal::WrongState => AppError::Conflict(Key::WorkPlanWrongState),
        WorkRefusal::MonthNotStarted => AppError::Conflict(Key::WorkPlanMonthNotStarted),
    }
}

fn person(r: &Row) -> PersonRef {
    PersonRef::named(
        r.employee_id,
        &r.first_name_ka,
        &r.last_name_ka,
        &r.first_name_en,
        &r.last_name_en,
    )
}

fn row(r: &Row, today: NaiveDate) -> PlanRow {
    PlanRow {
        id: r.id,
        person: person(r),
        position: Bilingual::new(r.title_ka.clone(), r.title_en.clone()),
        month: r.month,
        state: r.state,
        report_due_on: r.report_due_on,
        late: late(r, today),
        rating: r.rating,
    }
}

/// Late once the due day passed without a report, or when the report came after it.
fn late(r: &Row, today: NaiveDate) -> bool {
    let reported = r.reported_at.map(georgia_date);
    match r.state {
        MonthlyState::Reported | MonthlyState::Evaluated => {
            report_late(r.report_due_on, reported, today)
        }
        // A month not over yet is never late; one over without a report is, after its due day.
        _ => today > r.report_due_on,
    }
}

fn relation(actor: &Actor, r: &Row, structure: &OrgSnapshot) -> WorkRelation {
    let me = actor.user.employee_id;
    WorkRelation {
        officer: me == Some(r.employee_id),
        supervisor: me.is_some() && structure.direct_supervisor(r.position_id) == me,
        hr: actor.has(Role::Hr),
        mayor: actor.has(Role::Mayor),
    }
}

/// A plan for a change: the row, the reader's relation, and the step checked.
async fn for_step(
    db: &Db,
    actor: &Actor,
    conn: &mut sqlx::SqliteConnection,
    id: i64,
    step: WorkStep,
) -> Result<Row, AppError> {
    let r = repo::plan(conn, id).await?.ok_or(AppError::NotFound)?;
    let today = actor.today();
    let structure = crate::org::service::snapshot(db, today).await?;
    let rel = relation(actor, &r, &structure);
    check_work_step(step, &rel, r.state, r.month, today).map_err(refusal)?;
    Ok(r)
}

// ---- Reading ----------------------------------------------------------------------------

pub async fn board(
    db: &Db,
    actor: &Actor,
    unit: Option<i64>,
    month: Option<NaiveDate>,
) -> Result<WorkPlanBoard, AppError> {
    let today = actor.today();
    let this_month = month_of(today);
    let mut mine = Vec::new();
    let mut may_start = Vec::new();
    if let Some(me) = actor.user.employee_id {
        let since = this_month
            .checked_sub_months(Months::new(12))
            .unwrap_or(this_month);
        mine = repo::of_employee(&db.read, me, since).await?;
        if repo::held_position(&mut *db.read.acquire().await?, me, today)
            .await?
            .is_some()
        {
            let next = this_month
                .checked_add_months(Months::new(1))
                .unwrap_or(this_month);
            may_start = [this_month, next]
                .into_iter()
                .filter(|m| !mine.iter().any(|p| p.month == *m))
                .collect();
        }
    }
    let waiting = repo::awaiting_supervisor(&db.read).await?;
    let to_act = match actor.user.employee_id {
        Some(me) if !waiting.is_empty() => {
            let structure = crate::org::service::snapshot(db, today).await?;
            waiting
                .iter()
                .filter(|r| {
                    r.employee_id != me && structure.direct_supervisor(r.position_id) == Some(me)
                })
                .map(|r| row(r, today))
                .collect()
        }
        _ => Vec::new(),
    };
    let oversight = actor.has(Role::Hr) || actor.has(Role::Mayor);
    let (units, unit_month) = if oversight {
        let since = this_month
            .checked_sub_months(Months::new(24))
            .unwrap_or(this_month);
        let units: Vec<(i64, Bilingual)> = repo::units_with_plans(&db.read, since)
            .await?
            .into_iter()
            .map(|(id, ka, en)| (id, Bilingual::new(ka, en)))
            .collect();
        let chosen = unit.or_else(|| units.first().map(|u| u.0));
        let month = month.map(month_of).unwrap_or_else(|| {
            this_month
                .checked_sub_months(Months::new(1))
                .unwrap_or(this_month)
        });
        let unit_month = match chosen.and_then(|c| units.iter().find(|u| u.0 == c)) {
            Some((id, name)) => {
                let rows = repo::of_unit(&db.read, *id, month).await?;
                log_read(
                    db,
                    actor,
                    "work_plan.unit_read",
                    "org_unit",
                    id,
                    Some(json!({"month": month})),
                )
                .await?;
                let published = repo::published_on(&db.read, *id, month).await?;
                Some(UnitMonth {
                    unit_id: *id,
                    unit: name.clone(),
                    month,
                    may_publish: actor.has(Role::Hr) && published.is_none() && !rows.is_empty(),
                    rows: rows.iter().map(|r| row(r, today)).collect(),
                    published_on: published.map(georgia_date),
                })
            }
            None => None,
        };
        (units, unit_month)
    } else {
        (Vec::new(), None)
    };
    Ok(WorkPlanBoard {
        today,
        mine: mine.iter().map(|r| row(r, today)).collect(),
        may_start,
        to_act,
        units,
        unit_month,
    })
}

/// One month's plan: the officer, the supervisor, HR and the mayor read it.
pub async fn detail(db: &Db, actor: &Actor, id: i64) -> Result<WorkPlanDetail, AppError> {
    let today = actor.today();
    let r = repo::plan(&mut *db.read.acquire().await?, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let structure = crate::org::service::snapshot(db, today).await?;
    let rel = relation(actor, &r, &structure);
    if !rel.reads() {
        return Err(AppError::Forbidden);
    }
    if !rel.officer {
        log_read(db, actor, "work_plan.read", "monthly_plan", id, None).await?;
    }
    let may = |step| check_work_step(step, &rel, r.state, r.month, today).is_ok();
    let previous = match r.month.checked_sub_months(Months::new(1)) {
        Some(m) => repo::plan_of(&mut *db.read.acquire().await?, r.employee_id, m)
            .await?
            .and_then(|p| p.instructions),
        None => None,
    };
    Ok(WorkPlanDetail {
        id: r.id,
        person: person(&r),
        position: Bilingual::new(r.title_ka.clone(), r.title_en.clone()),
        unit: Bilingual::both(r.unit_name_ka.clone(), r.unit_name_en.clone()),
        month: r.month,
        plan: r.plan.clone(),
        state: r.state,
        return_note: r.return_note.clone(),
        submitted_on: r.submitted_at.map(georgia_date),
        approved_by: r.approved_by.clone(),
        approved_on: r.approved_at.map(georgia_date),
        report: r.report.clone(),
        report_due_on: r.report_due_on,
        reported_on: r.reported_at.map(georgia_date),
        late: late(&r, today),
        rating: r.rating,
        comments: r.comments.clone(),
        instructions: r.instructions.clone(),
        evaluated_by: r.evaluated_by.clone(),
        evaluated_on: r.evaluated_at.map(georgia_date),
        revision: r.revision,
        may_draft: may(WorkStep::Draft),
        may_submit: may(WorkStep::Submit),
        may_approve: may(WorkStep::Approve),
        may_report: may(WorkStep::Report),
        may_evaluate: may(WorkStep::Evaluate),
        previous_instructions: previous,
    })
}

/// The supervisor's evaluations of a person's months from `from` through `to`: evidence for
/// the annual scoring, the probation review and the attestation dossier. The caller has
/// authorized the reader for the person.
pub async fn evaluations_between(
    db: &Db,
    employee: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<MonthlyEvaluation>, AppError> {
    Ok(
        repo::evaluated_between(&db.read, employee, month_of(from), to)
            .await?
            .into_iter()
            .map(|m| MonthlyEvaluation {
                id: m.id,
                month: m.month,
                rating: m.rating,
                comments: m.comments,
                evaluated_by: m.evaluated_by,
            })
            .collect(),
    )
}

// ---- Changes ----------------------------------------------------------------------------

/// The officer starts a month's plan: for the position held today, its report due on the
/// first Friday of the next month.
pub async fn start(db: &Db, actor: &Actor, month: NaiveDate, plan: &str) -> Result<i64, AppError> {
    let me = actor.user.employee_id.ok_or(AppError::Forbidden)?;
    let today = actor.today();
    let month = month_of(month);
    let this_month = month_of(today);
    let latest = this_month
        .checked_add_months(Months::new(1))
        .unwrap_or(this_month);
    let earliest = this_month
        .checked_sub_months(Months::new(1))
        .unwrap_or(this_month);
    if month > latest || month < earliest {
        return Err(AppError::invalid("month", Key::WorkPlanMonthOutOfRange));
    }
    let mut tx = db.write.begin().await?;
    let (position, unit) = repo::held_position(&mut tx, me, today)
        .await?
        .ok_or(AppError::Conflict(Key::WorkPlanNoPosition))?;
    if repo::plan_of(&mut tx, me, month).await?.is_some() {
        return Err(AppError::invalid("month", Key::WorkPlanExists));
    }
    let due = monthly_report_due(month).ok_or_else(|| AppError::internal("report due day"))?;
    let id = repo::insert(
        &mut tx,
        &repo::NewPlan {
            employee: me,
            position,
            unit,
            month,
            plan,
            report_due_on: due,
        },
        actor.at,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "work_plan.drafted",
        "monthly_plan",
        id,
        None,
        Some(json!({"month": month, "position_id": position, "report_due_on": due, "revision": 0})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn rewrite(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    plan: &str,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let r = for_step(db, actor, &mut tx, id, WorkStep::Draft).await?;
    let next = advance(&mut tx, Revised::WorkPlan, id, revision).await?;
    repo::save_draft(&mut tx, id, plan).await?;
    audit(
        &mut tx,
        actor,
        "work_plan.drafted",
        "monthly_plan",
        id,
        Some(json!({"plan": r.plan})),
        Some(json!({"plan": plan, "revision": next})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves the plan on after `step`, with the revision checked and the audit row written.
async fn step(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    step: WorkStep,
    write: impl AsyncFnOnce(
        &mut sqlx::SqliteConnection,
        &Row,
    ) -> Result<(MonthlyState, serde_json::Value), AppError>,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let r = for_step(db, actor, &mut tx, id, step).await?;
    let next = advance(&mut tx, Revised::WorkPlan, id, revision).await?;
    let (to, mut after) = write(&mut tx, &r).await?;
    if to != r.state && !repo::set_state(&mut tx, id, r.state, to).await? {
        return Err(AppError::Conflict(Key::WorkPlanWrongState));
    }
    after["state"] = json!(to);
    after["revision"] = json!(next);
    let action = match step {
        WorkStep::Draft => "work_plan.drafted",
        WorkStep::Submit => "work_plan.submitted",
        WorkStep::Approve => "work_plan.approved",
        WorkStep::Return => "work_plan.returned",
        WorkStep::Report => "work_plan.reported",
        WorkStep::Evaluate => "work_plan.evaluated",
    };
    audit(
        &mut tx,
        actor,
        action,
        "monthly_plan",
        id,
        Some(json!({"state": r.state})),
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn submit(db: &Db, actor: &Actor, id: i64, revision: i64) -> Result<(), AppError> {
    let at = actor.at;
    step(db, actor, id, revision, WorkStep::Submit, async |tx, _| {
        repo::mark_submitted(tx, id, at).await?;
        Ok((MonthlyState::Submitted, json!({})))
    })
    .await
}

/// The supervisor approves the plan, or returns it to the officer with a note.
pub async fn decide_plan(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    approve: bool,
    note: Option<&str>,
) -> Result<(), AppError> {
    let (user, at) = (actor.user.id, actor.at);
    if approve {
        step(db, actor, id, revision, WorkStep::Approve, async |tx, _| {
            repo::mark_approved(tx, id, user, at).await?;
            Ok((MonthlyState::Approved, json!({})))
        })
        .await
    } else {
        let note = note.unwrap_or_default().to_string();
        step(db, actor, id, revision, WorkStep::Return, async |tx, _| {
            repo::mark_returned(tx, id, &note).await?;
            Ok((MonthlyState::Draft, json!({"note": note})))
        })
        .await
    }
}

pub async fn report(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    text: &str,
) -> Result<(), AppError> {
    let at = actor.at;
    let today = actor.today();
    step(db, actor, id, revision, WorkStep::Report, async |tx, r| {
        repo::save_report(tx, id, text, at).await?;
        Ok((
            MonthlyState::Reported,
            json!({"report": text, "late": report_late(r.report_due_on, Some(today), today)}),
        ))
    })
    .await
}

pub async fn evaluate(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    e: &repo::Evaluation<'_>,
) -> Result<(), AppError> {
    let (user, at) = (actor.user.id, actor.at);
    step(
        db,
        actor,
        id,
        revision,
        WorkStep::Evaluate,
        async |tx, _| {
            repo::save_evaluation(tx, id, e, user, at).await?;
            Ok((
                MonthlyState::Evaluated,
                json!({"rating": e.rating, "comments": e.comments, "instructions": e.instructions}),
            ))
        },
    )
    .await
}

/// HR publishes a unit's month once; the publication is public from then.
pub async fn publish(db: &Db, actor: &Actor, unit: i64, month: NaiveDate) -> Result<(), AppError> {
    let month = month_of(month);
    if repo::of_unit(&db.read, unit, month).await?.is_empty() {
        return Err(AppError::Conflict(Key::WorkPlanNothingToPublish));
    }
    let mut tx = db.write.begin().await?;
    if !repo::publish(&mut tx, unit, month, actor.user.id, actor.at).await? {
        return Err(AppError::Conflict(Key::WorkPlanAlreadyPublished));
    }
    audit(
        &mut tx,
        actor,
        "work_plan.published",
        "org_unit",
        unit,
        None,
        Some(json!({"month": month})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---- Public ----------------------------------------------------------------------------

pub async fn publications(db: &Db) -> Result<Vec<Publication>, AppError> {
    Ok(repo::publications(&db.read, 120)
        .await?
        .into_iter()
        .map(|p| Publication {
            unit_id: p.unit_id,
            unit: Bilingual::new(p.name_ka, p.name_en),
            month: p.month,
            published_on: georgia_date(p.published_at),
        })
        .collect())
}

pub async fn publication(
    db: &Db,
    unit: i64,
    month: NaiveDate,
) -> Result<PublishedReport, AppError> {
    let published = repo::published_on(&db.read, unit, month)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = repo::of_unit(&db.read, unit, month).await?;
    let (ka, en) = repo::unit_name(&db.read, unit)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = Bilingual::new(ka, en);
    Ok(PublishedReport {
        unit: name,
        month,
        published_on: georgia_date(published),
        entries: rows
            .into_iter()
            .filter(|r| r.state != MonthlyState::Draft)
            .map(|r| PublishedEntry {
                name: person(&r).name,
                position: Bilingual::new(r.title_ka, r.title_en),
                plan: r.plan,
                report: r.report,
            })
            .collect(),
    })
}

// ---- Tasks ------------------------------------------------------------------------------

fn task(kind: TaskKind, r: &Row, due: Option<NaiveDate>, today: NaiveDate) -> Task {
    Task {
        kind,
        person: Some(person(r)),
        subject: crate::domain::Bilingual::same(month_text(r.month)),
        count: 1,
        link: format!("/work-plans/{}", r.id),
        due,
        overdue: due.is_some_and(|d| today > d),
        reminded: None,
    }
}

/// What monthly plans ask of the actor: their reports due, and as supervisor the plans to
/// approve and the reports to evaluate.
pub async fn tasks(db: &Db, actor: &Actor) -> Result<Vec<Task>, AppError> {
    let today = actor.today();
    let Some(me) = actor.user.employee_id else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Task> = repo::reports_outstanding(&db.read, me, month_of(today))
        .await?
        .iter()
        .map(|r| task(TaskKind::MonthlyReport, r, Some(r.report_due_on), today))
        .collect();
    let waiting = repo::awaiting_supervisor(&db.read).await?;
    if !waiting.is_empty() {
        let structure = crate::org::service::snapshot(db, today).await?;
        for r in waiting.iter().filter(|r| {
            r.employee_id != me && structure.direct_supervisor(r.position_id) == Some(me)
        }) {
            out.push(match r.state {
                MonthlyState::Submitted => task(TaskKind::WorkPlanApprove, r, Some(r.month), today),
                _ => task(TaskKind::MonthlyEvaluate, r, None, today),
            });
        }
    }
    Ok(out)
}
