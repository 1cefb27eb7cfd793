//! Disciplinary records' rules and transactions, and the consequences of an annual result:
//! an unsatisfactory one raises a training need, consecutive ones a dismissal ground (DOMAIN
//! §3.9). Nothing here dismisses by itself: the mayor decides the ground.
use super::repo::{self, GroundRow, SanctionRow};
use super::{
    DisciplineBoard, EvaluationGroundForm, EvaluationGroundView, GroundEvidence, SanctionForm,
    SanctionView,
};
use crate::domain::career::sanction_in_force as in_force;
use crate::domain::career::{dismissal_bars_appointment, trailing_unsatisfactory, SanctionKind};
use crate::domain::order::OrderType;
use crate::domain::probation::GroundDecision;
use crate::domain::task::{Task, TaskKind};
use crate::domain::{OrderRef, PersonRef, Role};
use crate::error::AppError;
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::ssr::audit::{audit, log_read};
use crate::ssr::forms;
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{Actor, Db};
use chrono::{Days, NaiveDate};
use serde_json::json;
use sqlx::SqliteConnection;

fn person(id: i64, fk: &str, lk: &str, fe: &str, le: &str) -> PersonRef {
    PersonRef::named(id, fk, lk, fe, le)
}

fn view(s: SanctionRow, today: NaiveDate) -> SanctionView {
    SanctionView {
        id: s.id,
        person: person(
            s.employee_id,
            &s.first_name_ka,
            &s.last_name_ka,
            &s.first_name_en,
            &s.last_name_en,
        ),
        kind: s.kind,
        reason: s.reason,
        order: OrderRef {
            id: s.order_id,
            number: s.order_number,
            order_date: s.order_date,
        },
        in_force: in_force(s.valid_from, s.valid_to, today),
        valid_from: s.valid_from,
        valid_to: s.valid_to,
        lifted_on: s.lifted_on,
        lift_reason: s.lift_reason,
        revision: s.revision,
    }
}

fn ground_view(g: GroundRow) -> EvaluationGroundView {
    let evidence: Vec<GroundEvidence> = serde_json::from_str(&g.evidence).unwrap_or_default();
    EvaluationGroundView {
        id: g.id,
        person: person(
            g.employee_id,
            &g.first_name_ka,
            &g.last_name_ka,
            &g.first_name_en,
            &g.last_name_en,
        ),
        raised_on: g.raised_on,
        evidence,
        decision: g.decision,
        reason: g.reason,
        decided_by: g.decided_by,
        decided_on: g.decided_on,
        order: match (g.order_id, g.order_number, g.order_date) {
            (Some(id), Some(number), Some(order_date)) => Some(OrderRef {
                id,
                number,
                order_date,
            }),
            _ => None,
        },
    }
}

/// Whether a sanction is in force for the person on `on` (a promotion waits while one is).
pub async fn sanction_in_force(
    conn: &mut SqliteConnection,
    employee: i64,
    on: NaiveDate,
) -> Result<bool, AppError> {
    Ok(repo::spans(conn, employee)
        .await?
        .iter()
        .any(|(_, from, to)| in_force(*from, *to, on)))
}

/// Whether a disciplinary dismissal still bars an appointment starting on `start`.
pub async fn dismissal_bars(
    conn: &mut SqliteConnection,
    employee: i64,
    start: NaiveDate,
) -> Result<bool, AppError> {
    let dismissals: Vec<NaiveDate> = repo::spans(conn, employee)
        .await?
        .into_iter()
        .filter(|(kind, _, _)| *kind == SanctionKind::Dismissal)
        .map(|(_, from, _)| from)
        .collect();
    if dismissals.is_empty() {
        return Ok(false);
    }
    let months = crate::ssr::rules::number(
        conn,
        "appointment.block_after_disciplinary_dismissal_months",
        start,
    )
    .await?;
    Ok(dismissals
        .iter()
        .any(|d| dismissal_bars_appointment(*d, start, months)))
}

// ---- Reading ----------------------------------------------------------------------------

pub async fn board(
    db: &Db,
    actor: &Actor,
    employee: Option<i64>,
) -> Result<DisciplineBoard, AppError> {
    let today = actor.today();
    let oversight = actor.has(Role::Hr) || actor.has(Role::Mayor);
    let since = today.checked_sub_days(Days::new(366)).unwrap_or(today);
    let sanctions = if oversight {
        log_read(
            db,
            actor,
            "sanction.read",
            "employee",
            employee.map_or_else(|| "all".to_string(), |e| e.to_string()),
            None,
        )
        .await?;
        repo::sanctions(&db.read, employee, since).await?
    } else {
        match actor.user.employee_id {
            Some(me) => repo::sanctions(&db.read, Some(me), since).await?,
            None => Vec::new(),
        }
    };
    let grounds = if oversight {
        repo::grounds(&db.read, since)
            .await?
            .into_iter()
            .map(ground_view)
            .collect()
    } else {
        Vec::new()
    };
    Ok(DisciplineBoard {
        today,
        sanctions: sanctions.into_iter().map(|s| view(s, today)).collect(),
        grounds,
        may_record: actor.has(Role::Hr),
        may_decide: actor.has(Role::Mayor),
    })
}

// ---- Sanctions --------------------------------------------------------------------------

pub struct SanctionInput {
    /// The officer as HR named them (resolved in the transaction).
    pub person: String,
    pub kind: SanctionKind,
    pub reason: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub order: OrderInput,
}

impl SanctionInput {
    /// Every problem of the form at once.
    pub fn parse(form: &SanctionForm) -> Result<Self, AppError> {
        let mut p = crate::error::Problems::default();
        let person = p.take(forms::person("person", &form.person));
        let kind = p.take(forms::choice::<SanctionKind>("kind", &form.kind));
        let reason = p.take(forms::long_text("reason", &form.reason));
        let from = p.take(forms::required_date("valid_from", &form.valid_from));
        let to = p.take(forms::optional_date("valid_to", &form.valid_to));
        if let (Some(f), Some(Some(t))) = (from, to) {
            if t < f {
                p.add("valid_to", Key::ValidationAfterStart);
            }
        }
        if kind == Some(SanctionKind::Dismissal) && to.is_some_and(|t| t.is_some()) {
            p.add("valid_to", Key::DisciplineDismissalNoEnd);
        }
        let order = p.take(OrderInput::parse(&form.order));
        p.take(forms::confirmed(&form.confirm));
        p.finish()?;
        match (person, kind, reason, from, to, order) {
            (
                Some(person),
                Some(kind),
                Some(reason),
                Some(valid_from),
                Some(valid_to),
                Some(order),
            ) => Ok(SanctionInput {
                person,
                kind,
                reason,
                valid_from,
                valid_to,
                order,
            }),
            _ => Err(AppError::invalid("kind", Key::ValidationRequired)),
        }
    }
}

/// HR records a sanction by its order, in one transaction; a dismissal ends the person's
/// appointments on its day.
pub async fn record(db: &Db, actor: &Actor, input: SanctionInput) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let employee = crate::people::service::resolve_person(&mut tx, "person", &input.person).await?;
    let names = crate::org::repo::employee_display_name(&mut tx, employee).await?;
    let title = format!(
        "{names} — {}",
        input.reason.chars().take(80).collect::<String>()
    );
    let order = input
        .order
        .resolve(
            &mut tx,
            actor,
            &title,
            input.valid_from,
            OrderType::Personnel,
        )
        .await?;
    let id = repo::insert(
        &mut tx,
        &repo::NewSanction {
            employee: employee,
            kind: input.kind,
            reason: &input.reason,
            order,
            valid_from: input.valid_from,
            valid_to: input.valid_to,
        },
        actor.user.id,
        actor.at,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "sanction.recorded",
        "sanction",
        id,
        None,
        Some(
            json!({"employee_id": employee, "kind": input.kind, "reason": input.reason,
            "valid_from": input.valid_from, "valid_to": input.valid_to, "order_id": order,
            "revision": 0}),
        ),
    )
    .await?;
    if input.kind == SanctionKind::Dismissal {
        end_appointments(
            &mut tx,
            actor,
            employee,
            input.valid_from,
            &input.reason,
            order,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Ends every appointment of the person open on `end` (their last day), by the order.
async fn end_appointments(
    tx: &mut SqliteConnection,
    actor: &Actor,
    employee: i64,
    end: NaiveDate,
    reason: &str,
    order: i64,
) -> Result<(), AppError> {
    let open = repo::open_assignments(tx, employee, end).await?;
    if open.is_empty() {
        return Err(AppError::invalid(
            "valid_from",
            Key::DisciplineNoAppointment,
        ));
    }
    for (assignment, start) in open {
        if end < start {
            return Err(AppError::invalid("valid_from", Key::ValidationAfterStart));
        }
        crate::org::repo::close_assignment(tx, assignment, end, reason, order).await?;
        audit(
            tx,
            actor,
            "assignment.ended",
            "assignment",
            assignment,
            None,
            Some(json!({"end_date": end, "end_reason": reason, "end_order_id": order})),
        )
        .await?;
    }
    Ok(())
}

pub async fn lift(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    on: NaiveDate,
    reason: &str,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = repo::sanction(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if s.kind == SanctionKind::Dismissal || s.lifted_on.is_some() {
        return Err(AppError::Conflict(Key::DisciplineNotLiftable));
    }
    if on < s.valid_from || s.valid_to.is_some_and(|t| on > t) {
        return Err(AppError::invalid("lifted_on", Key::DisciplineLiftDay));
    }
    let next = advance(&mut tx, Revised::Sanction, id, revision).await?;
    repo::lift(&mut tx, id, on, reason).await?;
    audit(
        &mut tx,
        actor,
        "sanction.lifted",
        "sanction",
        id,
        Some(json!({"valid_to": s.valid_to})),
        Some(json!({"lifted_on": on, "lift_reason": reason, "revision": next})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---- The annual result's consequences ---------------------------------------------------

/// After results are recorded in a cycle (one evaluation, or all of them): an unsatisfactory
/// result raises a training need; `evaluation.unsat_consecutive_for_dismissal` consecutive ones
/// raise a dismissal ground with the results as evidence. Inside the results' transaction.
pub async fn after_results(
    tx: &mut SqliteConnection,
    actor: &Actor,
    cycle: i64,
    only: Option<i64>,
) -> Result<(), AppError> {
    let today = actor.today();
    let unsatisfactory = repo::unsatisfactory(tx, cycle, only).await?;
    if unsatisfactory.is_empty() {
        return Ok(());
    }
    let training =
        crate::ssr::repo::rule_setting(tx, "evaluation.unsat_creates_training_task", today)
            .await?
            .ok_or_else(|| {
                AppError::internal("evaluation.unsat_creates_training_task not configured")
            })?;
    let dismissal =
        crate::ssr::repo::rule_setting(tx, "evaluation.unsat_consecutive_for_dismissal", today)
            .await?
            .ok_or_else(|| {
                AppError::internal("evaluation.unsat_consecutive_for_dismissal not configured")
            })?;
    let consecutive: usize = dismissal.value.trim().parse().map_err(AppError::internal)?;
    for (evaluation, employee) in unsatisfactory {
        if training.value.trim() == "1" {
            crate::training::service::raise_from_evaluation(
                tx,
                actor,
                employee,
                evaluation,
                training.valid_from,
            )
            .await?;
        }
        let results = repo::final_ratings(tx, employee).await?;
        let ratings: Vec<_> = results.iter().map(|r| r.3).collect();
        let trailing = trailing_unsatisfactory(&ratings);
        if consecutive == 0
            || trailing < consecutive
            || repo::open_ground(tx, employee).await?.is_some()
        {
            continue;
        }
        let evidence: Vec<GroundEvidence> = results[results.len() - trailing..]
            .iter()
            .map(|(id, from, to, rating)| GroundEvidence {
                evaluation_id: *id,
                period_start: *from,
                period_end: *to,
                rating: *rating,
            })
            .collect();
        let evidence = serde_json::to_string(&evidence).map_err(AppError::internal)?;
        let id = repo::insert_ground(tx, employee, today, &evidence, dismissal.valid_from).await?;
        audit(
            tx,
            actor,
            "evaluation.ground_raised",
            "dismissal_ground",
            id,
            None,
            Some(json!({"employee_id": employee, "evidence": evidence,
                "rule_valid_from": dismissal.valid_from})),
        )
        .await?;
    }
    Ok(())
}

pub struct GroundInput {
    pub decision: GroundDecision,
    pub reason: String,
    pub dismissal: Option<(NaiveDate, OrderInput)>,
}

impl GroundInput {
    pub fn parse(form: &EvaluationGroundForm) -> Result<Self, AppError> {
        let mut p = crate::error::Problems::default();
        let decision = p.take(forms::choice::<GroundDecision>("decision", &form.decision));
        let reason = p.take(forms::long_text("reason", &form.reason));
        let dismissal = if decision == Some(GroundDecision::Dismiss) {
            let end = p.take(forms::required_date("end_date", &form.end_date));
            let order = p.take(OrderInput::parse(&form.order));
            end.zip(order)
        } else {
            None
        };
        p.take(forms::confirmed(&form.confirm));
        p.finish()?;
        let (Some(decision), Some(reason)) = (decision, reason) else {
            return Err(AppError::invalid("decision", Key::ValidationRequired));
        };
        Ok(GroundInput {
            decision,
            reason,
            dismissal,
        })
    }
}

/// The mayor decides an evaluation's ground: a dismissal ends the appointments by order; a
/// decision to keep the officer records why.
pub async fn decide_ground(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: GroundInput,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let g = repo::ground(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if g.decision.is_some() {
        return Err(AppError::Conflict(Key::ProbationNoGround));
    }
    if actor.user.employee_id == Some(g.employee_id) {
        return Err(AppError::Forbidden);
    }
    let mut order = None;
    if let Some((end, fields)) = &input.dismissal {
        if *end < g.raised_on {
            return Err(AppError::invalid("end_date", Key::ProbationEndBeforeGround));
        }
        let title = format!("{} {}", g.first_name_ka, g.last_name_ka);
        let order_id = fields
            .resolve(&mut tx, actor, &title, *end, OrderType::Personnel)
            .await?;
        end_appointments(&mut tx, actor, g.employee_id, *end, &input.reason, order_id).await?;
        order = Some(order_id);
    }
    if !repo::decide_ground(
        &mut tx,
        id,
        input.decision,
        &input.reason,
        actor.user.id,
        actor.today(),
        order,
    )
    .await?
    {
        return Err(AppError::Conflict(Key::ProbationNoGround));
    }
    audit(
        &mut tx,
        actor,
        "evaluation.ground_decided",
        "dismissal_ground",
        id,
        None,
        Some(json!({"decision": input.decision, "reason": input.reason, "order_id": order})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// HR and the mayor: evaluation grounds waiting for the mayor's decision.
pub async fn tasks(db: &Db, actor: &Actor) -> Result<Vec<Task>, AppError> {
    if !(actor.has(Role::Hr) || actor.has(Role::Mayor)) {
        return Ok(Vec::new());
    }
    let today = actor.today();
    Ok(repo::grounds(&db.read, today)
        .await?
        .into_iter()
        .filter(|g| g.decision.is_none())
        .map(|g| Task {
            kind: TaskKind::EvaluationGround,
            person: Some(person(
                g.employee_id,
                &g.first_name_ka,
                &g.last_name_ka,
                &g.first_name_en,
                &g.last_name_en,
            )),
            subject: crate::domain::Bilingual::same(crate::domain::common::date_text(g.raised_on)),
            count: 1,
            link: "/discipline".into(),
            due: None,
            overdue: false,
            reminded: None,
        })
        .collect())
}
