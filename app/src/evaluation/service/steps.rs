//! The steps of one evaluation, the computed result and appeals, and HR's changes.
use super::super::repo::{self, EvalState, ScoreLineInput, ScoreRecord};
use super::read::{facts, relation};
use super::result::{compute_result, MethodRef};
use crate::domain::common::georgia_date;
use crate::domain::evaluation::{
    appeal_due, check_step, final_mark, finalize_step, AppealDecision, Exemption, MethodSettings,
    Refusal, Stage, Step,
};
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::ssr::audit::audit;
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::{Sqlite, SqliteConnection, Transaction};
use std::collections::HashMap;

/// A refused step as the caller hears it: someone else's step is forbidden, the rest conflict
/// with the evaluation's state.
pub fn refusal(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::NotYours => AppError::Forbidden,
        Refusal::CycleClosed => AppError::Conflict(Key::EvalCycleClosed),
        Refusal::WrongStage => AppError::Conflict(Key::EvalWrongStage),
        Refusal::AwaitingAnswer => AppError::Conflict(Key::EvalAwaitingAnswer),
        Refusal::AlreadyAppealed => AppError::Conflict(Key::EvalAlreadyAppealed),
        Refusal::AppealWindowClosed => AppError::Conflict(Key::EvalAppealWindowClosed),
    }
}

/// An evaluation a step is being taken on, loaded inside the step's transaction.
struct Stepping {
    st: EvalState,
    settings: MethodSettings,
    next: Stage,
}

/// Loads the evaluation and checks the step with the domain's rule. Someone who may not even
/// read the evaluation gets "not found".
async fn begin_step(
    conn: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
    step: impl FnOnce(&EvalState) -> Step,
) -> Result<Stepping, AppError> {
    let st = repo::state(conn, id).await?.ok_or(AppError::NotFound)?;
    let appeal = repo::appeal(conn, id).await?;
    let rel = relation(actor, &st, appeal.as_ref());
    if !rel.may_read() {
        return Err(AppError::NotFound);
    }
    let settings = st.settings()?;
    let facts = facts(&st, appeal.as_ref(), &settings, actor.today());
    let next = check_step(step(&st), &rel, &facts).map_err(refusal)?;
    Ok(Stepping { st, settings, next })
}

impl Stepping {
    /// Writes the step's audit row — the stage it left and the stage it reached with what it
    /// recorded — and commits the step's transaction.
    async fn finish(
        &self,
        mut tx: Transaction<'_, Sqlite>,
        actor: &Actor,
        id: i64,
        action: &str,
        recorded: serde_json::Value,
    ) -> Result<(), AppError> {
        let mut after = json!({ "stage": self.next });
        if let (Some(after), serde_json::Value::Object(recorded)) =
            (after.as_object_mut(), recorded)
        {
            after.extend(recorded);
        }
        let before = json!({ "stage": self.st.stage });
        audit(
            &mut tx,
            actor,
            action,
            "evaluation",
            id,
            Some(before),
            Some(after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

pub async fn submit_plan(
    db: &Db,
    actor: &Actor,
    id: i64,
    objectives: String,
    chosen: &[i64],
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin_step(&mut tx, actor, id, |_| Step::SubmitPlan).await?;
    let catalogue = repo::competencies(&mut tx, s.st.method_id).await?;
    let chosen: Vec<i64> = chosen
        .iter()
        .copied()
        .filter(|c| catalogue.iter().any(|k| k.id == *c))
        .collect();
    if chosen.is_empty() {
        return Err(AppError::invalid("chosen", Key::EvalChooseCompetency));
    }
    repo::record_plan(&mut tx, id, &objectives, &chosen, s.next, actor.at).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.plan",
        "evaluation",
        id,
        Some(json!({ "stage": s.st.stage, "objectives": s.st.objectives })),
        Some(json!({ "stage": s.next, "objectives": objectives, "competencies": chosen })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn confirm_plan(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin_step(&mut tx, actor, id, |_| Step::ConfirmPlan).await?;
    repo::record_plan_confirmed(&mut tx, id, s.next, actor.at).await?;
    s.finish(tx, actor, id, "evaluation.confirm_plan", json!({}))
        .await
}

/// One planned competency's score from `scores[<competency id>]`: whole points on the
/// method's scale. A problem names the competency's own field, so the form shows it in its row.
fn parse_score(
    competency_id: i64,
    input: &HashMap<String, String>,
    settings: &MethodSettings,
) -> Result<u8, AppError> {
    let field = format!("scores[{competency_id}]");
    let text = input
        .get(&competency_id.to_string())
        .map(|s| s.trim())
        .unwrap_or_default();
    if text.is_empty() {
        return Err(AppError::invalid(&field, Key::EvalScoreRequired));
    }
    text.parse()
        .ok()
        .filter(|s| settings.scale().contains(s))
        .ok_or_else(|| AppError::invalid(&field, Key::EvalScoreOutOfScale))
}

/// Reads the scores of exactly the planned competencies, every problem at once.
pub fn parse_scores(
    planned: &[ScoreRecord],
    input: &HashMap<String, String>,
    settings: &MethodSettings,
) -> Result<Vec<(i64, u8)>, AppError> {
    if planned.is_empty() {
        return Err(AppError::invalid("scores", Key::EvalScoreMissing));
    }
    let mut p = Problems::default();
    let scores: Vec<_> = planned
        .iter()
        .filter_map(|line| {
            let score = p.take(parse_score(line.competency_id, input, settings))?;
            Some((line.competency_id, score))
        })
        .collect();
    p.finish()?;
    Ok(scores)
}

pub async fn submit_self(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &HashMap<String, String>,
    comment: Option<String>,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin_step(&mut tx, actor, id, |_| Step::SubmitSelfAssessment).await?;
    let planned = repo::scores(&mut tx, id).await?;
    let scores = parse_scores(&planned, input, &s.settings)?;
    repo::record_self_assessment(&mut tx, id, &scores, comment.as_deref(), s.next, actor.at)
        .await?;
    s.finish(
        tx,
        actor,
        id,
        "evaluation.self_assessment",
        json!({ "self_scores": scores, "comment": comment }),
    )
    .await
}

/// The evaluator's form: `scores[<id>]`, `comments[<id>]` and the summary comment.
pub struct RatingForm {
    pub scores: HashMap<String, String>,
    pub comments: HashMap<String, String>,
    pub summary_comment: String,
}

pub async fn submit_rating(
    db: &Db,
    actor: &Actor,
    id: i64,
    form: &RatingForm,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin_step(&mut tx, actor, id, |_| Step::SubmitRating).await?;
    let settings = &s.settings;
    let planned = repo::scores(&mut tx, id).await?;
    if planned.is_empty() {
        return Err(AppError::invalid("scores", Key::EvalScoreMissing));
    }
    // Every row's score and comment, and the summary, checked together: all problems at once.
    let mut p = Problems::default();
    let mut lines = Vec::new();
    for line in &planned {
        let competency = line.competency_id;
        let score = p.take(parse_score(competency, &form.scores, settings));
        let comment = form
            .comments
            .get(&competency.to_string())
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        let field = format!("comments[{competency}]");
        if comment.as_ref().is_some_and(|c| c.chars().count() > 5_000) {
            p.add(&field, Key::ValidationTooLong);
        }
        let extreme = score.is_some_and(|s| s == settings.scale_min || s == settings.scale_max);
        if settings.comment_required_for_extremes && extreme && comment.is_none() {
            p.add(&field, Key::EvalCommentRequired);
        }
        if let Some(score) = score {
            lines.push(ScoreLineInput {
                competency_id: competency,
                score,
                comment,
            });
        }
    }
    let summary_comment = p.take(forms::long_text("summary_comment", &form.summary_comment));
    p.finish()?;
    let summary_comment = summary_comment.unwrap_or_default();
    let values: Vec<u8> = lines.iter().map(|l| l.score).collect();
    let mark = final_mark(&values, settings)
        .map_err(|_| AppError::invalid("scores", Key::EvalScoreMissing))?;
    repo::record_rating(&mut tx, id, &lines, &summary_comment, s.next, actor.at).await?;
    let scored: Vec<_> = lines
        .iter()
        .map(|l| (l.competency_id, l.score, &l.comment))
        .collect();
    s.finish(tx, actor, id, "evaluation.rate", json!({ "scores": scored, "mean": mark.mean, "rating": mark.rating, "summary_comment": summary_comment })).await
}

/// The officer's answer to the result.
pub enum Answer {
    Acknowledge,
    Object(String),
}

impl Answer {
    pub fn parse(answer: &str, objection: &str) -> Result<Self, AppError> {
        match answer.trim() {
            "acknowledge" => Ok(Answer::Acknowledge),
            "object" => Ok(Answer::Object(forms::long_text("objection", objection)?)),
            _ => Err(AppError::invalid("answer", Key::ValidationChoice)),
        }
    }
}

pub async fn answer(db: &Db, actor: &Actor, id: i64, answer: Answer) -> Result<(), AppError> {
    let (step, objection, action) = match answer {
        Answer::Acknowledge => (Step::Acknowledge, None, "evaluation.acknowledge"),
        Answer::Object(text) => (Step::Object, Some(text), "evaluation.object"),
    };
    let mut tx = db.write.begin().await?;
    let s = begin_step(&mut tx, actor, id, |_| step).await?;
    repo::record_answer(&mut tx, id, objection.as_deref(), s.next, actor.at).await?;
    s.finish(tx, actor, id, action, json!({ "objection": objection }))
        .await
}

pub(super) async fn method_ref(
    conn: &mut SqliteConnection,
    method_id: i64,
) -> Result<MethodRef, AppError> {
    let method = repo::method(conn, method_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(MethodRef {
        id: method.id,
        version: method.version,
    })
}

/// HR finalizes one evaluation: after the officer's answer, or unanswered once the answer
/// window has passed (recorded as such).
pub async fn finalize_one(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let mut step = Step::Finalize;
    let s = begin_step(&mut tx, actor, id, |st| {
        step = finalize_step(st.stage);
        step
    })
    .await?;
    let scores: Vec<(String, i64)> = repo::scores(&mut tx, id)
        .await?
        .into_iter()
        .filter_map(|s| s.score.map(|v| (s.code, v)))
        .collect();
    let method = method_ref(&mut tx, s.st.method_id).await?;
    let result = compute_result(id, &scores, &s.settings, method, 1, None)?;
    repo::insert_results(
        &mut tx,
        std::slice::from_ref(&result),
        actor.user.id,
        actor.at,
    )
    .await?;
    repo::record_finalized(&mut tx, id, s.next, actor.user.id, actor.at).await?;
    crate::discipline::service::after_results(&mut tx, actor, s.st.cycle_id, Some(id)).await?;
    s.finish(tx, actor, id, "evaluation.finalize", json!({ "final_mark": result.final_mark, "rating": result.rating, "unanswered": step == Step::FinalizeUnacknowledged })).await
}

/// The officer appeals the final result within the window (to the mayor by default).
pub async fn appeal(db: &Db, actor: &Actor, id: i64, grounds: String) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin_step(&mut tx, actor, id, |_| Step::Appeal).await?;
    let appeal_id = repo::insert_appeal(&mut tx, id, &grounds, actor.at).await?;
    repo::set_stage(&mut tx, id, s.next, actor.at).await?;
    s.finish(
        tx,
        actor,
        id,
        "evaluation.appeal",
        json!({ "appeal_id": appeal_id, "grounds": grounds }),
    )
    .await
}

/// The appeal's decision: upheld, or changed with new scores (a new result version, the
/// earlier one kept).
pub async fn decide(
    db: &Db,
    actor: &Actor,
    id: i64,
    decision: AppealDecision,
    reasoning: String,
    scores: &HashMap<String, String>,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin_step(&mut tx, actor, id, |_| Step::DecideAppeal).await?;
    let appeal = repo::appeal(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let mut new_result = None;
    if decision == AppealDecision::Changed {
        let planned = repo::scores(&mut tx, id).await?;
        let parsed = parse_scores(&planned, scores, &s.settings)?;
        let by_code: Vec<(String, i64)> = planned
            .iter()
            .zip(&parsed)
            .map(|(p, (_, score))| (p.code.clone(), i64::from(*score)))
            .collect();
        let version = repo::next_result_version(&mut tx, id).await?;
        let method = method_ref(&mut tx, s.st.method_id).await?;
        let result = compute_result(id, &by_code, &s.settings, method, version, Some(appeal.id))?;
        repo::insert_results(
            &mut tx,
            std::slice::from_ref(&result),
            actor.user.id,
            actor.at,
        )
        .await?;
        repo::set_result_version(&mut tx, id, version).await?;
        crate::discipline::service::after_results(&mut tx, actor, s.st.cycle_id, Some(id)).await?;
        new_result = Some(result);
    }
    repo::record_decision(
        &mut tx,
        appeal.id,
        decision,
        &reasoning,
        actor.user.id,
        actor.at,
    )
    .await?;
    repo::set_stage(&mut tx, id, s.next, actor.at).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.appeal_decided",
        "evaluation",
        id,
        Some(json!({ "stage": s.st.stage, "result_id": s.st.result_id })),
        Some(
            json!({ "stage": s.next, "decision": decision, "reasoning": reasoning,
                     "final_mark": new_result.as_ref().map(|r| r.final_mark.clone()),
                     "rating": new_result.as_ref().map(|r| r.rating) }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A change HR makes to an evaluation, with the reason recorded.
pub enum HrChange {
    /// Out of the cycle before a result exists.
    Exempt { reason: String },
    /// Back into the cycle.
    Include { reason: String },
    /// Another evaluator, by personal number.
    Reassign { evaluator: String, reason: String },
}

impl HrChange {
    pub fn parse(action: &str, reason: &str, person: &str) -> Result<Self, AppError> {
        let reason = forms::long_text("reason", reason)?;
        let person = person.trim().to_string();
        Ok(match action.trim() {
            "exempt" => HrChange::Exempt { reason },
            "include" => HrChange::Include { reason },
            "reassign" => HrChange::Reassign {
                evaluator: person,
                reason,
            },
            _ => return Err(AppError::invalid("action", Key::ValidationChoice)),
        })
    }

    fn step(&self) -> Step {
        match self {
            HrChange::Exempt { .. } => Step::Exempt,
            HrChange::Include { .. } => Step::Include,
            HrChange::Reassign { .. } => Step::Reassign,
        }
    }

    fn action(&self) -> &'static str {
        match self {
            HrChange::Exempt { .. } => "evaluation.exempt",
            HrChange::Include { .. } => "evaluation.include",
            HrChange::Reassign { .. } => "evaluation.reassign",
        }
    }
}

/// HR records the day an officer who had not answered received the final result: on or after
/// the finalization, not in the future.
pub async fn record_delivery(
    db: &Db,
    actor: &Actor,
    id: i64,
    on: NaiveDate,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin_step(&mut tx, actor, id, |_| Step::RecordDelivery).await?;
    let finalized = s.st.finalized_at.map(georgia_date).unwrap_or(on);
    if on < finalized || on > actor.today() {
        return Err(AppError::invalid("delivered_on", Key::EvalDeliveryDate));
    }
    repo::record_delivery(&mut tx, id, on, actor.at).await?;
    let due = appeal_due(on, &s.settings);
    s.finish(
        tx,
        actor,
        id,
        "evaluation.delivered",
        json!({ "received_on": on, "appeal_due": due }),
    )
    .await
}

/// The mayor names another reviewer for an appeal (the mayor is its reviewer by default). The
/// reviewer is never the officer, the evaluator, nor the mayor naming them.
pub async fn delegate_appeal(
    db: &Db,
    actor: &Actor,
    id: i64,
    username: &str,
    reason: String,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let s = begin_step(&mut tx, actor, id, |_| Step::DelegateAppeal).await?;
    let reviewer = crate::auth::repo::active_user(&mut tx, username.trim())
        .await?
        .ok_or_else(|| AppError::invalid("username", Key::EvalReviewerInvalid))?;
    let involved = reviewer.employee_id.is_some()
        && (reviewer.employee_id == s.st.evaluator_id
            || reviewer.employee_id == Some(s.st.employee_id));
    if involved || reviewer.id == actor.user.id {
        return Err(AppError::invalid("username", Key::EvalReviewerInvalid));
    }
    repo::set_reviewer(&mut tx, id, reviewer.id).await?;
    s.finish(
        tx,
        actor,
        id,
        "evaluation.delegate",
        json!({ "reviewer_user_id": reviewer.id, "reason": reason }),
    )
    .await
}

pub async fn manage(db: &Db, actor: &Actor, id: i64, change: HrChange) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let step = change.step();
    let action = change.action();
    let s = begin_step(&mut tx, actor, id, |_| step).await?;
    let before = json!({ "stage": s.st.stage, "evaluator_id": s.st.evaluator_id, "exempt_reason": s.st.exempt_reason });
    let after = match change {
        HrChange::Exempt { reason } | HrChange::Include { reason } => {
            let exempt_reason = (s.next == Stage::Exempt).then_some(Exemption::ByHr);
            repo::set_exemption(&mut tx, id, s.next, exempt_reason, &reason, actor.at).await?;
            json!({ "stage": s.next, "exempt_reason": exempt_reason, "reason": reason })
        }
        HrChange::Reassign { evaluator, reason } => {
            let evaluator =
                crate::people::service::resolve_person(&mut tx, "person", &evaluator).await?;
            if evaluator == s.st.employee_id {
                return Err(AppError::invalid("person", Key::EvalSelfEvaluator));
            }
            // Separation of duties: HR does not hand an evaluation to themselves to score.
            if Some(evaluator) == actor.user.employee_id {
                return Err(AppError::invalid("person", Key::EvalEvaluatorIsYou));
            }
            repo::set_evaluator(&mut tx, id, evaluator, &reason, actor.at).await?;
            json!({ "evaluator_id": evaluator, "reason": reason })
        }
    };
    audit(
        &mut tx,
        actor,
        action,
        "evaluation",
        id,
        Some(before),
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
