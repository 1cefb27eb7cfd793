//! Probation's rules and transactions. Every step goes through `domain::probation::check_step`,
//! writes its audit row in its transaction, and every read by someone other than the
//! probationer is logged.
use super::repo::{self, ProbationRow as Row, ReviewRow};
use super::{
    GroundDecisionForm, GroundView, ProbationDetail, ProbationList, ProbationRow, QuarterView,
    ReviewView, StartCandidate,
};
use crate::domain::common::{date_text, georgia_date};
use crate::domain::order::OrderType;
use crate::domain::probation::{
    check_step, last_day, quarters, raises_ground, Facts, GroundDecision, ProbationState, Quarter,
    Refusal, Relation, ReviewOutcome, ReviewState, Step,
};
use crate::domain::task::{Task, TaskKind};
use crate::domain::{Bilingual, OrderRef, PersonRef, Role};
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
use std::collections::{HashMap, HashSet};

/// The probation rules in force on a day, and the version (the day the review rule took
/// effect) stored with what they decide.
struct Settings {
    due_days: u32,
    answer_days: u32,
    negatives: u32,
    consecutive: bool,
    remind_days: u32,
    pass_by_default: bool,
    valid_from: NaiveDate,
}

async fn settings(conn: &mut SqliteConnection, on: NaiveDate) -> Result<Settings, AppError> {
    use crate::ssr::rules::number;
    let version = crate::ssr::repo::rule_setting(conn, "probation.review_due_days", on)
        .await?
        .ok_or_else(|| AppError::internal("probation.review_due_days not configured"))?;
    Ok(Settings {
        due_days: number(conn, "probation.review_due_days", on).await?,
        answer_days: number(conn, "probation.answer_days", on).await?,
        negatives: number(conn, "probation.negatives_to_fail", on).await?,
        consecutive: number(conn, "probation.negatives_consecutive", on).await? == 1,
        remind_days: number(conn, "probation.remind_days", on).await?,
        pass_by_default: number(conn, "probation.pass_by_default", on).await? == 1,
        valid_from: version.valid_from,
    })
}

fn refusal(r: Refusal) -> AppError {
    match r {
        Refusal::NotYours => AppError::Forbidden,
        Refusal::NotRunning => AppError::Conflict(Key::ProbationNotRunning),
        Refusal::QuarterNotOver => AppError::Conflict(Key::ProbationQuarterNotOver),
        Refusal::WrongState => AppError::Conflict(Key::ProbationWrongState),
        Refusal::AwaitingAnswer => AppError::Conflict(Key::ProbationAwaitingAnswer),
        Refusal::AnswerWindowClosed => AppError::Conflict(Key::ProbationAnswerWindowClosed),
        Refusal::NoGround => AppError::Conflict(Key::ProbationNoGround),
        Refusal::NotYetPassed => AppError::Conflict(Key::ProbationNotYetPassed),
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

fn unit(r: &Row) -> Option<Bilingual> {
    Bilingual::both(r.unit_name_ka.clone(), r.unit_name_en.clone())
}

fn quarters_of(r: &Row, due_days: u32) -> Vec<Quarter> {
    quarters(r.starts_on, r.months as u32, due_days)
}

/// Who the actor is to a probation; `supervisor` is the probationer's direct supervisor.
fn relation(actor: &Actor, r: &Row, supervisor: Option<i64>) -> Relation {
    let me = actor.user.employee_id;
    Relation {
        probationer: me == Some(r.employee_id),
        supervisor: me.is_some() && supervisor == me,
        mentor: me.is_some() && r.mentor_id == me,
        hr: actor.has(Role::Hr),
        mayor: actor.has(Role::Mayor),
    }
}

/// The direct supervisor of the probationer's position today.
async fn supervisor_of(db: &Db, r: &Row, today: NaiveDate) -> Result<Option<i64>, AppError> {
    Ok(crate::org::service::snapshot(db, today)
        .await?
        .direct_supervisor(r.position_id))
}

fn facts(today: NaiveDate, r: &Row, q: Option<Quarter>, review: Option<&ReviewRow>) -> Facts {
    Facts {
        today,
        state: r.state,
        quarter: q,
        review: review.map(|v| v.state),
        answer_until: review.map(|v| v.answer_until),
        ground_open: r.ground_open,
        term_over: today > r.ends_on,
    }
}

// ---- Starting ---------------------------------------------------------------------------

/// Starts a probation inside the appointment's transaction: the plan drafted from the
/// position's job description, the term and the rule version kept with it.
async fn start_in(
    tx: &mut SqliteConnection,
    actor: &Actor,
    employee: i64,
    assignment: i64,
    start: NaiveDate,
    months: u32,
    rule_valid_from: NaiveDate,
) -> Result<i64, AppError> {
    let ends_on = crate::domain::common::term_end(start, months)
        .ok_or(AppError::invalid("start_date", Key::ValidationDate))?;
    let plan = match repo::job_description(tx, assignment).await? {
        Some((ka, _)) if !ka.trim().is_empty() => ka,
        Some((_, en)) => en,
        None => String::new(),
    };
    let id = repo::insert(
        tx,
        &repo::NewProbation {
            employee,
            assignment,
            starts_on: start,
            ends_on,
            months,
            rule_valid_from,
            plan,
        },
        actor.at,
    )
    .await?;
    audit(
        tx,
        actor,
        "probation.started",
        "probation",
        id,
        None,
        Some(
            json!({"employee_id": employee, "assignment_id": assignment, "starts_on": start,
            "ends_on": ends_on, "months": months, "rule_valid_from": rule_valid_from}),
        ),
    )
    .await?;
    Ok(id)
}

/// A first appointment as an officer by competition starts a probation of the term in force
/// (`probation.months`); other appointments carry one only when HR starts it.
pub async fn start_on_appointment(
    tx: &mut SqliteConnection,
    actor: &Actor,
    employee: i64,
    assignment: i64,
    start: NaiveDate,
    by_competition: bool,
    officer: bool,
) -> Result<Option<i64>, AppError> {
    if !(by_competition && officer) || repo::was_officer_before(tx, employee, start).await? {
        return Ok(None);
    }
    let rule = crate::ssr::repo::rule_setting(tx, "probation.months", start)
        .await?
        .ok_or_else(|| AppError::internal("probation.months not configured"))?;
    let months: u32 = rule.value.trim().parse().map_err(AppError::internal)?;
    start_in(
        tx,
        actor,
        employee,
        assignment,
        start,
        months,
        rule.valid_from,
    )
    .await
    .map(Some)
}

/// Links the probation an appointment by competition started to that competition.
pub async fn link_competition(
    tx: &mut SqliteConnection,
    assignment: i64,
    competition: i64,
) -> Result<Option<i64>, AppError> {
    Ok(repo::link_competition(tx, assignment, competition).await?)
}

/// HR starts a probation for a first appointment without competition, of at most the months
/// the rule in force on its first day allows.
pub async fn start_by_hand(
    db: &Db,
    actor: &Actor,
    assignment: i64,
    months: u32,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let c = repo::start_candidate(&mut tx, assignment)
        .await?
        .ok_or(AppError::Conflict(Key::ProbationNotACandidate))?;
    let rule = crate::ssr::repo::rule_setting(
        &mut tx,
        "probation.max_months.without_competition",
        c.start_date,
    )
    .await?
    .ok_or_else(|| AppError::internal("probation.max_months not configured"))?;
    let max: u32 = rule.value.trim().parse().map_err(AppError::internal)?;
    if months > max {
        return Err(AppError::invalid("months", Key::ProbationTooLong));
    }
    let id = start_in(
        &mut tx,
        actor,
        c.employee_id,
        assignment,
        c.start_date,
        months,
        rule.valid_from,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Who is on probation on `day` (the evaluation's population reads this).
pub async fn on_probation_on(db: &Db, day: NaiveDate) -> Result<HashSet<i64>, AppError> {
    Ok(repo::spans_covering(&db.read, day)
        .await?
        .into_iter()
        .filter(|s| {
            s.starts_on <= day && last_day(s.state, s.ends_on, s.oath_on, s.closed_on) >= day
        })
        .map(|s| s.employee_id)
        .collect())
}

// ---- Reading ----------------------------------------------------------------------------

/// The reader's probations: all for HR and the mayor; a manager's people's; one's own.
pub async fn list(db: &Db, actor: &Actor) -> Result<ProbationList, AppError> {
    let today = actor.today();
    let mut conn = db.read.acquire().await?;
    let set = settings(&mut conn, today).await?;
    drop(conn);
    let since = today.checked_sub_days(Days::new(90)).unwrap_or(today);
    let mut rows = repo::current(&db.read, since).await?;
    let everything = actor.has(Role::Hr) || actor.has(Role::Mayor);
    if !everything {
        let me = actor.user.employee_id;
        let people: HashSet<i64> = match me {
            Some(me) if actor.has(Role::Manager) => crate::org::service::snapshot(db, today)
                .await?
                .subordinates(me),
            _ => HashSet::new(),
        };
        rows.retain(|r| {
            Some(r.employee_id) == me
                || r.mentor_id == me && me.is_some()
                || people.contains(&r.employee_id)
        });
    }
    let states = review_states(db).await?;
    let rows = rows
        .iter()
        .map(|r| {
            let next = next_review(r, &set, states.get(&r.id));
            ProbationRow {
                id: r.id,
                person: person(r),
                position: Bilingual::new(r.title_ka.clone(), r.title_en.clone()),
                unit: unit(r),
                starts_on: r.starts_on,
                ends_on: r.ends_on,
                state: r.state,
                next_review: next,
                overdue: next.is_some_and(|q| today > q.review_due),
                negatives: r.negatives,
                ground_open: r.ground_open,
            }
        })
        .collect();
    let may_start = if actor.has(Role::Hr) {
        let since = today.checked_sub_days(Days::new(366)).unwrap_or(today);
        let mut out = Vec::new();
        for c in repo::start_candidates(&db.read, since).await? {
            let max = crate::ssr::rules::number(
                &mut *db.read.acquire().await?,
                "probation.max_months.without_competition",
                c.start_date,
            )
            .await?;
            out.push(StartCandidate {
                assignment_id: c.assignment_id,
                person: PersonRef::named(
                    c.employee_id,
                    &c.first_name_ka,
                    &c.last_name_ka,
                    &c.first_name_en,
                    &c.last_name_en,
                ),
                position: Bilingual::new(c.title_ka, c.title_en),
                start: c.start_date,
                max_months: max,
            });
        }
        out
    } else {
        Vec::new()
    };
    Ok(ProbationList {
        today,
        rows,
        pass_by_default: set.pass_by_default,
        may_start,
    })
}

/// Reviews' states by probation, then by quarter.
async fn review_states(
    db: &Db,
) -> Result<HashMap<i64, HashMap<i64, repo::ReviewStateRow>>, AppError> {
    let mut out: HashMap<i64, HashMap<i64, repo::ReviewStateRow>> = HashMap::new();
    for r in repo::review_states(&db.read).await? {
        out.entry(r.probation_id).or_default().insert(r.quarter, r);
    }
    Ok(out)
}

/// The first quarter whose review is not final yet (of a running probation).
fn next_review(
    r: &Row,
    set: &Settings,
    reviews: Option<&HashMap<i64, repo::ReviewStateRow>>,
) -> Option<Quarter> {
    if r.state != ProbationState::Running {
        return None;
    }
    quarters_of(r, set.due_days).into_iter().find(|q| {
        !reviews
            .and_then(|m| m.get(&i64::from(q.number)))
            .is_some_and(|v| v.state.is_final())
    })
}

/// One probation with its quarters and what the reader may do; logged unless the reader is
/// the probationer.
pub async fn detail(db: &Db, actor: &Actor, id: i64) -> Result<ProbationDetail, AppError> {
    let today = actor.today();
    let r = repo::probation(&mut *db.read.acquire().await?, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let supervisor = supervisor_of(db, &r, today).await?;
    let rel = relation(actor, &r, supervisor);
    let manager_of = match actor.user.employee_id {
        Some(me) if actor.has(Role::Manager) && !rel.reads() => {
            crate::org::service::snapshot(db, today)
                .await?
                .subordinates(me)
                .contains(&r.employee_id)
        }
        _ => false,
    };
    if !rel.reads() && !manager_of {
        return Err(AppError::Forbidden);
    }
    if !rel.probationer {
        log_read(db, actor, "probation.read", "probation", id, None).await?;
    }
    let set = settings(&mut *db.read.acquire().await?, today).await?;
    let reviews = repo::reviews(&mut *db.read.acquire().await?, id).await?;
    let quarters = quarters_of(&r, set.due_days)
        .into_iter()
        .map(|q| {
            let review = reviews.iter().find(|v| v.quarter == i64::from(q.number));
            let f = facts(today, &r, Some(q), review);
            let may = |step| check_step(step, &rel, &f).is_ok();
            QuarterView {
                quarter: q,
                may_review: may(Step::Review),
                may_answer: may(Step::Answer),
                may_finalize: may(Step::Finalize),
                may_acknowledge: may(Step::Acknowledge),
                review: review.map(|v| ReviewView {
                    id: v.id,
                    reviewer: v.reviewer.clone(),
                    outcome: v.outcome,
                    justification: v.justification.clone(),
                    state: v.state,
                    proposed_on: georgia_date(v.proposed_at),
                    answer_until: v.answer_until,
                    answer: v.answer.clone(),
                    final_note: v.final_note.clone(),
                    finalized_on: v.finalized_at.map(georgia_date),
                    acknowledged_on: v.acknowledged_at.map(georgia_date),
                }),
            }
        })
        .collect();
    let grounds = repo::grounds(&mut *db.read.acquire().await?, id)
        .await?
        .into_iter()
        .map(|g| GroundView {
            id: g.id,
            raised_on: g.raised_on,
            quarters: serde_json::from_str::<Vec<serde_json::Value>>(&g.evidence)
                .unwrap_or_default()
                .iter()
                .filter_map(|e| e.get("quarter").and_then(|q| q.as_i64()))
                .collect(),
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
        })
        .collect();
    let f = facts(today, &r, None, None);
    let may_manage = check_step(Step::Manage, &rel, &f).is_ok();
    let colleagues = if may_manage {
        repo::colleagues(&mut *db.read.acquire().await?, r.position_id, today)
            .await?
            .into_iter()
            .filter(|c| c.0 != r.employee_id)
            .map(|(id, fk, lk, fe, le)| PersonRef::named(id, &fk, &lk, &fe, &le))
            .collect()
    } else {
        Vec::new()
    };
    let mentor = match r.mentor_id {
        Some(m) => repo::person(&mut *db.read.acquire().await?, m).await?,
        None => None,
    };
    let monthly = crate::work_plans::service::evaluations_between(
        db,
        r.employee_id,
        r.starts_on,
        today.min(r.ends_on),
    )
    .await?;
    Ok(ProbationDetail {
        monthly,
        id,
        person: person(&r),
        position: Bilingual::new(r.title_ka.clone(), r.title_en.clone()),
        unit: unit(&r),
        competition_id: r.competition_id,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        months: r.months,
        rule_valid_from: r.rule_valid_from,
        state: r.state,
        oath_on: r.oath_on,
        closed_on: r.closed_on,
        close_reason: r.close_reason.clone(),
        mentor,
        plan: r.plan.clone(),
        revision: r.revision,
        quarters,
        grounds,
        today,
        pass_by_default: set.pass_by_default,
        may_manage,
        may_record_oath: check_step(Step::RecordOath, &rel, &f).is_ok(),
        may_decide: check_step(Step::DecideGround, &rel, &f).is_ok(),
        colleagues,
    })
}

// ---- Steps ------------------------------------------------------------------------------

/// A probation a step is being taken on, loaded inside the step's transaction.
struct Stepping {
    r: Row,
    rel: Relation,
    set: Settings,
    today: NaiveDate,
}

async fn begin(
    db: &Db,
    tx: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
) -> Result<Stepping, AppError> {
    let today = actor.today();
    let r = repo::probation(tx, id).await?.ok_or(AppError::NotFound)?;
    let supervisor = supervisor_of(db, &r, today).await?;
    let rel = relation(actor, &r, supervisor);
    if !rel.reads() {
        return Err(AppError::Forbidden);
    }
    let set = settings(tx, today).await?;
    Ok(Stepping { r, rel, set, today })
}

impl Stepping {
    /// The quarter and its review, checked for `step`.
    async fn quarter(
        &self,
        tx: &mut SqliteConnection,
        step: Step,
        number: u32,
    ) -> Result<(Quarter, Option<ReviewRow>), AppError> {
        let q = quarters_of(&self.r, self.set.due_days)
            .into_iter()
            .find(|q| q.number == number)
            .ok_or(AppError::NotFound)?;
        let review = repo::reviews(tx, self.r.id)
            .await?
            .into_iter()
            .find(|v| v.quarter == i64::from(number));
        check_step(
            step,
            &self.rel,
            &facts(self.today, &self.r, Some(q), review.as_ref()),
        )
        .map_err(refusal)?;
        Ok((q, review))
    }

    fn check(&self, step: Step) -> Result<(), AppError> {
        check_step(step, &self.rel, &facts(self.today, &self.r, None, None)).map_err(refusal)
    }
}

fn review_json(v: &ReviewRow) -> serde_json::Value {
    json!({"quarter": v.quarter, "outcome": v.outcome, "justification": v.justification,
        "state": v.state, "answer": v.answer, "final_note": v.final_note})
}

/// The supervisor writes a quarter's review; the probationer may answer until the window ends.
pub async fn review(
    db: &Db,
    actor: &Actor,
    id: i64,
    number: u32,
    outcome: ReviewOutcome,
    justification: &str,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin(db, &mut tx, actor, id).await?;
    let (q, before) = s.quarter(&mut tx, Step::Review, number).await?;
    let answer_until = s
        .today
        .checked_add_days(Days::new(u64::from(s.set.answer_days)))
        .ok_or(AppError::invalid("quarter", Key::ValidationDate))?;
    repo::propose(
        &mut tx,
        &repo::NewReview {
            probation: id,
            quarter: number,
            period_from: q.from,
            period_to: q.to,
            due_on: q.review_due,
            reviewer: actor.user.id,
            outcome,
            justification,
            answer_until,
            rule_valid_from: s.set.valid_from,
        },
        actor.at,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "probation.review_proposed",
        "probation",
        id,
        before.as_ref().map(review_json),
        Some(
            json!({"quarter": number, "period_from": q.from, "period_to": q.to,
            "outcome": outcome, "justification": justification, "answer_until": answer_until,
            "rule_valid_from": s.set.valid_from}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The probationer answers a proposed review in writing.
pub async fn answer(
    db: &Db,
    actor: &Actor,
    id: i64,
    number: u32,
    text: &str,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin(db, &mut tx, actor, id).await?;
    let (_, review) = s.quarter(&mut tx, Step::Answer, number).await?;
    let review = review.ok_or(AppError::NotFound)?;
    if !repo::answer(&mut tx, review.id, text, actor.at).await? {
        return Err(refusal(Refusal::WrongState));
    }
    audit(
        &mut tx,
        actor,
        "probation.review_answered",
        "probation",
        id,
        None,
        Some(json!({"quarter": number, "answer": text})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The supervisor makes a review final. A changed outcome needs a note. Negative reviews that
/// reach the rule's count raise a dismissal ground, in the same transaction.
pub async fn finalize(
    db: &Db,
    actor: &Actor,
    id: i64,
    number: u32,
    outcome: ReviewOutcome,
    note: Option<&str>,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin(db, &mut tx, actor, id).await?;
    let (_, review) = s.quarter(&mut tx, Step::Finalize, number).await?;
    let review = review.ok_or(AppError::NotFound)?;
    if outcome != review.outcome && note.is_none() {
        return Err(AppError::invalid("note", Key::ProbationNoteWhenChanged));
    }
    if !repo::finalize(&mut tx, review.id, outcome, note, actor.at).await? {
        return Err(refusal(Refusal::WrongState));
    }
    audit(
        &mut tx,
        actor,
        "probation.review_final",
        "probation",
        id,
        Some(review_json(&review)),
        Some(json!({"quarter": number, "outcome": outcome, "final_note": note})),
    )
    .await?;
    if outcome == ReviewOutcome::Negative && !s.r.ground_open {
        let finals = repo::final_outcomes(&mut tx, id).await?;
        let outcomes: Vec<ReviewOutcome> = finals.iter().map(|f| f.2).collect();
        if raises_ground(&outcomes, s.set.negatives, s.set.consecutive) {
            let evidence: Vec<_> = finals
                .iter()
                .filter(|f| f.2 == ReviewOutcome::Negative)
                .map(|f| json!({"review_id": f.0, "quarter": f.1}))
                .collect();
            let evidence = serde_json::Value::Array(evidence);
            let ground = repo::raise_ground(
                &mut tx,
                s.r.employee_id,
                id,
                s.today,
                &evidence.to_string(),
                s.set.valid_from,
            )
            .await?;
            audit(
                &mut tx,
                actor,
                "probation.ground_raised",
                "probation",
                id,
                None,
                Some(json!({"ground_id": ground, "evidence": evidence,
                    "negatives_to_fail": s.set.negatives, "consecutive": s.set.consecutive,
                    "rule_valid_from": s.set.valid_from})),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The probationer acknowledges a final review.
pub async fn acknowledge(db: &Db, actor: &Actor, id: i64, number: u32) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin(db, &mut tx, actor, id).await?;
    let (_, review) = s.quarter(&mut tx, Step::Acknowledge, number).await?;
    let review = review.ok_or(AppError::NotFound)?;
    if !repo::acknowledge(&mut tx, review.id, actor.at).await? {
        return Err(refusal(Refusal::WrongState));
    }
    audit(
        &mut tx,
        actor,
        "probation.review_acknowledged",
        "probation",
        id,
        None,
        Some(json!({"quarter": number})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// HR names the mentor (one of the probationer's service) and keeps the plan.
pub async fn manage(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    mentor: Option<i64>,
    plan: &str,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin(db, &mut tx, actor, id).await?;
    s.check(Step::Manage)?;
    if let Some(m) = mentor {
        let allowed = repo::colleagues(&mut tx, s.r.position_id, s.today).await?;
        if m == s.r.employee_id || !allowed.iter().any(|c| c.0 == m) {
            return Err(AppError::invalid("mentor_id", Key::ValidationChoice));
        }
    }
    let next = advance(&mut tx, Revised::Probation, id, revision).await?;
    repo::set_mentor_and_plan(&mut tx, id, mentor, plan).await?;
    audit(
        &mut tx,
        actor,
        "probation.managed",
        "probation",
        id,
        Some(json!({"mentor_id": s.r.mentor_id, "plan": s.r.plan})),
        Some(json!({"mentor_id": mentor, "plan": plan, "revision": next})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// HR records the oath after the term: the probation is passed and the person an officer
/// from that day.
pub async fn record_oath(
    db: &Db,
    actor: &Actor,
    id: i64,
    oath_on: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin(db, &mut tx, actor, id).await?;
    s.check(Step::RecordOath)?;
    if oath_on <= s.r.ends_on || oath_on > s.today {
        return Err(AppError::invalid("oath_on", Key::ProbationOathDay));
    }
    if !repo::record_oath(&mut tx, id, oath_on).await? {
        return Err(refusal(Refusal::NotRunning));
    }
    audit(
        &mut tx,
        actor,
        "probation.passed",
        "probation",
        id,
        Some(json!({"state": s.r.state})),
        Some(json!({"state": ProbationState::Passed, "oath_on": oath_on,
            "negatives": s.r.negatives})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The mayor's decision on a dismissal ground, parsed.
pub struct GroundInput {
    pub decision: GroundDecision,
    pub reason: String,
    /// A dismissal: the appointment's last day and its order.
    pub dismissal: Option<(NaiveDate, OrderInput)>,
}

impl GroundInput {
    pub fn parse(form: &GroundDecisionForm) -> Result<Self, AppError> {
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

/// The mayor decides: a dismissal ends the appointment by order and fails the probation; a
/// decision to continue records why. Nothing else ends an appointment on this ground.
pub async fn decide_ground(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: GroundInput,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin(db, &mut tx, actor, id).await?;
    s.check(Step::DecideGround)?;
    let ground = repo::grounds(&mut tx, id)
        .await?
        .into_iter()
        .find(|g| g.decision.is_none())
        .ok_or(refusal(Refusal::NoGround))?;
    let mut order = None;
    if let (GroundDecision::Dismiss, Some((end, fields))) = (input.decision, &input.dismissal) {
        if *end < ground.raised_on || *end < s.r.starts_on {
            return Err(AppError::invalid("end_date", Key::ProbationEndBeforeGround));
        }
        let title = format!(
            "{} {} — {}",
            s.r.first_name_ka, s.r.last_name_ka, s.r.title_ka
        );
        let order_id = fields
            .resolve(&mut tx, actor, &title, *end, OrderType::Personnel)
            .await?;
        crate::org::repo::close_assignment(
            &mut tx,
            s.r.assignment_id,
            *end,
            &input.reason,
            order_id,
        )
        .await?;
        repo::close(&mut tx, id, ProbationState::Failed, *end, &input.reason).await?;
        audit(
            &mut tx,
            actor,
            "assignment.ended",
            "assignment",
            s.r.assignment_id,
            Some(json!({"end_date": null})),
            Some(json!({"end_date": end, "end_reason": input.reason, "end_order_id": order_id})),
        )
        .await?;
        order = Some(order_id);
    }
    repo::decide_ground(
        &mut tx,
        &repo::Decision {
            ground: ground.id,
            decision: input.decision,
            reason: &input.reason,
            by: actor.user.id,
            on: s.today,
            order,
        },
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "probation.ground_decided",
        "probation",
        id,
        Some(json!({"ground_id": ground.id, "state": s.r.state})),
        Some(
            json!({"ground_id": ground.id, "decision": input.decision, "reason": input.reason,
            "order_id": order, "end_date": input.dismissal.as_ref().map(|d| d.0)}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---- Inbox ------------------------------------------------------------------------------

fn task(
    kind: TaskKind,
    r: &Row,
    subject: Bilingual,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> Task {
    Task {
        kind,
        person: Some(person(r)),
        subject,
        count: 1,
        link: format!("/probation/{}", r.id),
        due,
        overdue: due.is_some_and(|d| today > d),
        reminded: None,
    }
}

fn period(q: &Quarter) -> Bilingual {
    Bilingual::same(format!("{} – {}", date_text(q.from), date_text(q.to)))
}

/// What probations ask of the actor: the supervisor's reviews, the probationer's answers and
/// acknowledgements, HR's endings and oaths, the dismissal grounds for HR and the mayor.
pub async fn tasks(db: &Db, actor: &Actor) -> Result<Vec<Task>, AppError> {
    let today = actor.today();
    let rows = repo::current(&db.read, today).await?;
    let mut out = Vec::new();
    if rows.is_empty() {
        return Ok(out);
    }
    let mut conn = db.read.acquire().await?;
    let set = settings(&mut conn, today).await?;
    drop(conn);
    let states = review_states(db).await?;
    let me = actor.user.employee_id;
    let snapshot = match me {
        Some(_) => Some(crate::org::service::snapshot(db, today).await?),
        None => None,
    };
    for r in &rows {
        let reviews = states.get(&r.id);
        let running = r.state == ProbationState::Running;
        let supervisor = snapshot
            .as_ref()
            .and_then(|s| s.direct_supervisor(r.position_id));
        let rel = relation(actor, r, supervisor);
        if running && rel.supervisor && !rel.probationer {
            for q in quarters_of(r, set.due_days)
                .iter()
                .filter(|q| q.to <= today)
            {
                let state = reviews.and_then(|m| m.get(&i64::from(q.number)));
                let due = match state {
                    None => Some(q.review_due),
                    Some(v) if v.state == ReviewState::Answered => Some(q.review_due),
                    Some(v) if v.state == ReviewState::Proposed && today > v.answer_until => {
                        Some(q.review_due)
                    }
                    _ => None,
                };
                if due.is_some() {
                    out.push(task(TaskKind::ProbationReview, r, period(q), due, today));
                }
            }
        }
        if rel.probationer {
            for v in reviews.into_iter().flat_map(|m| m.values()) {
                let q = quarters_of(r, set.due_days)
                    .into_iter()
                    .find(|q| i64::from(q.number) == v.quarter);
                let subject = q
                    .as_ref()
                    .map(period)
                    .unwrap_or_else(|| Bilingual::same(""));
                match v.state {
                    ReviewState::Proposed if today <= v.answer_until => out.push(task(
                        TaskKind::ProbationAnswer,
                        r,
                        subject,
                        Some(v.answer_until),
                        today,
                    )),
                    ReviewState::Final => out.push(task(
                        TaskKind::ProbationAcknowledge,
                        r,
                        subject,
                        None,
                        today,
                    )),
                    _ => {}
                }
            }
        }
        if running && rel.hr && !rel.probationer {
            let remind_from = r
                .ends_on
                .checked_sub_days(Days::new(u64::from(set.remind_days)))
                .unwrap_or(r.ends_on);
            if today >= remind_from && !r.ground_open {
                out.push(task(
                    TaskKind::ProbationEnds,
                    r,
                    Bilingual::same(date_text(r.ends_on)),
                    Some(r.ends_on),
                    today,
                ));
            }
        }
        if running && r.ground_open && (rel.hr || rel.mayor) && !rel.probationer {
            out.push(task(
                TaskKind::ProbationGround,
                r,
                Bilingual::same(""),
                None,
                today,
            ));
        }
    }
    Ok(out)
}
