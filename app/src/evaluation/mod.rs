//! The annual evaluation of officers (შეფასება): the method adopted by order, cycles with
//! their population, planning, self-assessment, per-competency rating, the final mark,
//! acknowledgement, finalization and appeal. Results are confidential: every read is logged.
//!
//! The layout every feature follows: wire types and forms here, with thin server functions
//! (authorize → parse → service → respond); `service/` holds the rules and transactions,
//! `repo` every query, `export` the downloads. The stage machine and who may take which step
//! are pure rules in `domain::evaluation`.
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::evaluation::{
    AppealDecision, Capabilities, CompetencyKind, CycleStatus, Exemption, MethodSettings, Rating,
    Stage,
};
use crate::domain::rule::Certainty;
use crate::domain::{Bilingual, PersonRef};
use crate::error::AppError;
use crate::page::Page;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competency {
    pub id: i64,
    pub code: String,
    pub kind: CompetencyKind,
    /// The ranks it applies to by default, e.g. "1,2".
    pub ranks: String,
    pub name: Bilingual,
    pub descriptor: Bilingual,
}

/// Where a setting of the method comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingSource {
    /// The act as a person cites it, with what it says about the setting.
    pub source: Bilingual,
    pub certainty: Certainty,
}

/// One version of the method with where each value comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodVersion {
    pub id: i64,
    pub version: i64,
    pub valid_from: NaiveDate,
    pub order_number: String,
    pub order_date: NaiveDate,
    pub settings: MethodSettings,
    /// By setting name.
    pub sources: BTreeMap<String, SettingSource>,
    pub competencies: Vec<Competency>,
    /// The revision its competency forms send back.
    pub revision: i64,
    /// Used by a cycle: frozen.
    pub in_use: bool,
}

/// A version in the list of versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct MethodVersionRef {
    pub id: i64,
    pub version: i64,
    pub valid_from: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodPage {
    /// Newest first.
    pub versions: Vec<MethodVersionRef>,
    pub shown: MethodVersion,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleRow {
    pub id: i64,
    pub year: i32,
    pub period_no: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub planning_due: NaiveDate,
    pub rating_due: NaiveDate,
    pub summary_due: NaiveDate,
    pub status: CycleStatus,
    pub method_version: i64,
    pub total: i64,
    pub settled: i64,
    pub exempt: i64,
}

impl CycleRow {
    pub fn label(&self) -> String {
        crate::domain::evaluation::period_label(self.period_start, self.period_end)
    }
}

/// A line of an evaluation list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvalRow {
    pub id: i64,
    pub cycle_id: i64,
    pub period: String,
    pub employee: PersonRef,
    pub position: Option<Bilingual>,
    pub unit: Option<Bilingual>,
    pub evaluator: Option<PersonRef>,
    pub stage: Stage,
    pub exempt_reason: Option<Exemption>,
    /// The mark as shown (2 decimals) and its band, once there is a result.
    pub mark: Option<String>,
    pub rating: Option<Rating>,
    /// The deadline of the current stage.
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// When HR last sent a reminder about it.
    pub reminded: Option<NaiveDate>,
}

/// One service's row of a dashboard table: evaluations per stage (in `Stage::ALL` order) or
/// results per band (in `Rating::BEST_FIRST` order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCounts {
    pub unit: Bilingual,
    pub counts: Vec<i64>,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub cycle: CycleRow,
    pub progress: Vec<ServiceCounts>,
    pub stage_totals: Vec<i64>,
    pub distribution: Vec<ServiceCounts>,
    pub rating_totals: Vec<i64>,
    pub overdue: Vec<EvalRow>,
    pub can_close: bool,
    /// Waiting for HR's finalization (acknowledged, objected or unanswered past the window).
    pub ready_to_finalize: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreLine {
    pub competency: Competency,
    pub self_score: Option<i64>,
    pub score: Option<i64>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultVersion {
    pub version: i64,
    /// Full precision, as stored.
    pub final_mark: String,
    pub display: String,
    pub rating: Rating,
    pub sum: i64,
    pub count: i64,
    pub created_at: String,
    pub by_appeal: bool,
    /// The stored inputs (scores, scale, bands, method version, rule).
    pub inputs_json: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppealView {
    pub filed_at: String,
    pub grounds: String,
    pub reviewer: Option<String>,
    pub decided_at: Option<String>,
    pub decision: Option<AppealDecision>,
    pub reasoning: Option<String>,
    pub decision_due: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationDetail {
    pub row: EvalRow,
    pub cycle: CycleRow,
    pub settings: MethodSettings,
    pub rank: Option<i64>,
    /// Competencies in the plan (or, while planning, the method's catalogue with defaults).
    pub lines: Vec<ScoreLine>,
    /// While planning: which catalogue entries are proposed (by rank) or chosen.
    pub chosen: Vec<i64>,
    pub objectives: Option<String>,
    pub self_comment: Option<String>,
    pub summary_comment: Option<String>,
    pub plan_submitted_at: Option<String>,
    pub plan_confirmed_at: Option<String>,
    pub self_submitted_at: Option<String>,
    pub rated_at: Option<String>,
    pub acknowledged_at: Option<String>,
    pub objection: Option<String>,
    pub finalized_at: Option<String>,
    pub hr_note: Option<String>,
    pub results: Vec<ResultVersion>,
    pub appeal: Option<AppealView>,
    pub acknowledge_due: Option<NaiveDate>,
    /// The day the officer received the final result, and the last day to appeal from it.
    pub received_on: Option<NaiveDate>,
    pub appeal_due: Option<NaiveDate>,
    /// What the reader may do now (`domain::evaluation::check_step`; the forms follow it).
    pub can: Capabilities,
    /// The supervisor's evaluations of the officer's monthly reports in the period (seed 004
    /// art. 34(1): the annual sheet rests on them).
    pub monthly: Vec<crate::domain::work_plan::MonthlyEvaluation>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEvaluationLists {
    pub mine: Vec<EvalRow>,
    pub to_evaluate: Vec<EvalRow>,
    pub to_review: Vec<EvalRow>,
}

// ---- Forms --------------------------------------------------------------------------------

/// A new version of the method, adopted by a mayor's order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodForm {
    pub order_number: String,
    pub order_date: String,
    pub valid_from: String,
    /// "1-4" or "1-5".
    pub scale: String,
    /// The bands' lower bounds.
    pub excellent: String,
    pub good: String,
    pub satisfactory: String,
    pub min_service_months: String,
    pub periods_per_year: String,
    pub planning_days: String,
    pub rating_days: String,
    pub summary_days: String,
    pub acknowledge_days: String,
    pub appeal_days: String,
    /// "days" or "months" (`TermUnit`); days when absent.
    #[serde(default)]
    pub appeal_unit: String,
    pub appeal_decision_days: String,
    pub self_assessment: Option<String>,
    pub comment_required_for_extremes: Option<String>,
}

/// A competency added to a version no cycle uses yet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencyForm {
    pub code: String,
    pub kind: String,
    /// Comma-separated ranks (1–4).
    pub ranks: String,
    pub name_ka: String,
    pub name_en: String,
    pub descriptor_ka: String,
    pub descriptor_en: String,
}

// ---- Method -------------------------------------------------------------------------------

/// Access: HR and the mayor. The method version in force today, or `version`.
#[server(prefix = "/api", endpoint = "evaluation/method")]
pub async fn get_method(version: Option<i64>) -> Result<MethodPage, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::method_page(&call.db, version, call.today()).await
    })
    .await
}

/// Access: HR. Adopts a new version of the method by a mayor's order; the catalogue is copied
/// from the version in force and can be changed until a cycle uses it.
#[server(prefix = "/api", endpoint = "evaluation/method/adopt")]
pub async fn adopt_method(#[server(flatten)] form: MethodForm) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::MethodInput::parse(&form)?;
        let id = service::adopt_method(&call.db, &call.actor, input).await?;
        redirect(&format!("/evaluation-method?version={id}"));
        Ok(id)
    })
    .await
}

/// Access: HR. Adds a competency to a version no cycle uses yet.
#[server(prefix = "/api", endpoint = "evaluation/method/competency")]
pub async fn add_competency(
    method_id: i64,
    revision: i64,
    #[server(flatten)] form: CompetencyForm,
) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::CompetencyInput::parse(&form)?;
        let id = service::add_competency(&call.db, &call.actor, method_id, revision, input).await?;
        redirect(&format!("/evaluation-method?version={method_id}"));
        Ok(id)
    })
    .await
}

/// Access: HR. Removes a competency from a version no cycle uses yet.
#[server(prefix = "/api", endpoint = "evaluation/method/competency/remove")]
pub async fn remove_competency(
    id: i64,
    revision: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        let method = service::remove_competency(&call.db, &call.actor, id, revision).await?;
        redirect(&format!("/evaluation-method?version={method}"));
        Ok(())
    })
    .await
}

// ---- Cycles -------------------------------------------------------------------------------

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "evaluation/cycles")]
pub async fn list_cycles() -> Result<Vec<CycleRow>, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        Ok(repo::cycles(&call.db.read).await?)
    })
    .await
}

/// Access: HR. Opens a cycle and computes its population from the assignments.
#[server(prefix = "/api", endpoint = "evaluation/cycles/open")]
pub async fn open_cycle(year: String, period_no: String) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let year = forms::number("year", &year, 2000..=2100)? as i32;
        let period_no = forms::number("period_no", &period_no, 1..=12)? as u32;
        let id = service::open_cycle(&call.db, &call.actor, year, period_no).await?;
        redirect(&format!("/cycles/{id}"));
        Ok(id)
    })
    .await
}

/// Access: HR and the mayor. Progress, overdue items and the distribution of a cycle.
#[server(prefix = "/api", endpoint = "evaluation/dashboard")]
pub async fn cycle_dashboard(id: i64) -> Result<Dashboard, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::dashboard(&call.db, id, call.today()).await
    })
    .await
}

/// Access: HR and the mayor. The cycle's evaluations, filtered by stage or name, 25 a page.
#[server(prefix = "/api", endpoint = "evaluation/list")]
pub async fn list_evaluations(
    cycle_id: i64,
    stage: Option<Stage>,
    q: Option<String>,
    page: Option<i64>,
) -> Result<Page<EvalRow>, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        let filter = repo::EvalFilter {
            cycle_id: Some(cycle_id),
            stage,
            q,
            ..Default::default()
        };
        let page = forms::page(page)?;
        service::page(&call.db, &filter, page, call.today()).await
    })
    .await
}

/// Access: HR. Finalizes every evaluation of the cycle that is ready (acknowledged or
/// objected, or unanswered after the acknowledgement window).
#[server(prefix = "/api", endpoint = "evaluation/cycles/finalize")]
pub async fn finalize_ready(cycle_id: i64, confirm: Option<String>) -> Result<u64, AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        let n = service::finalize_ready(&call.db, &call.actor, cycle_id).await?;
        redirect(&format!("/cycles/{cycle_id}?finalized={n}"));
        Ok(n)
    })
    .await
}

/// Access: HR. Sends a reminder about every overdue step of the cycle (shown on the tasks of
/// those who have to act).
#[server(prefix = "/api", endpoint = "evaluation/cycles/remind")]
pub async fn remind_overdue(cycle_id: i64) -> Result<u64, AppError> {
    serve(Access::HR, |call| async move {
        let n = service::remind_overdue(&call.db, &call.actor, cycle_id).await?;
        redirect(&format!("/cycles/{cycle_id}?reminded={n}"));
        Ok(n)
    })
    .await
}

/// Access: HR. Closes a cycle in which nothing is pending.
#[server(prefix = "/api", endpoint = "evaluation/cycles/close")]
pub async fn close_cycle(cycle_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        service::close_cycle(&call.db, &call.actor, cycle_id).await?;
        redirect(&format!("/cycles/{cycle_id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Adds an officer the population left out, with the reason.
#[server(prefix = "/api", endpoint = "evaluation/cycles/add")]
pub async fn add_to_cycle(
    cycle_id: i64,
    personal_number: String,
    reason: String,
) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let reason = forms::long_text("reason", &reason)?;
        let id = service::add_to_cycle(&call.db, &call.actor, cycle_id, &personal_number, reason)
            .await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(id)
    })
    .await
}

// ---- One evaluation -----------------------------------------------------------------------

/// Access: the officer, the evaluator, HR, the mayor and the appeal reviewer. Every read is
/// logged (confidential, DOMAIN.md §1).
#[server(prefix = "/api", endpoint = "evaluation/get")]
pub async fn get_evaluation(id: i64) -> Result<EvaluationDetail, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::read(&call.db, &call.actor, id).await
    })
    .await
}

/// Access: any signed-in user, for their own evaluations, those they evaluate and appeals
/// they decide.
#[server(prefix = "/api", endpoint = "evaluation/mine")]
pub async fn my_evaluations() -> Result<MyEvaluationLists, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::mine(&call.db, &call.actor).await
    })
    .await
}

/// Access: the evaluator. Objectives and the competencies to assess (`chosen[<id>]`).
#[server(prefix = "/api", endpoint = "evaluation/plan")]
pub async fn submit_plan(
    id: i64,
    objectives: String,
    chosen: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let objectives = forms::long_text("objectives", &objectives)?;
        let chosen = forms::ticked_ids(&chosen);
        service::submit_plan(&call.db, &call.actor, id, objectives, &chosen).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: the officer. Agrees the plan.
#[server(prefix = "/api", endpoint = "evaluation/confirm_plan")]
pub async fn confirm_plan(id: i64) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        service::confirm_plan(&call.db, &call.actor, id).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: the officer. Self-assessment: `scores[<competency id>]` and a comment.
#[server(prefix = "/api", endpoint = "evaluation/self")]
pub async fn submit_self_assessment(
    id: i64,
    scores: Option<HashMap<String, String>>,
    comment: String,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let comment = forms::optional_long_text("comment", &comment)?;
        let scores = scores.unwrap_or_default();
        service::submit_self(&call.db, &call.actor, id, &scores, comment).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: the evaluator. Scores every planned competency (`scores[<id>]`, whole points),
/// with comments (`comments[<id>]`) and the summary comment.
#[server(prefix = "/api", endpoint = "evaluation/rate")]
pub async fn submit_rating(
    id: i64,
    scores: Option<HashMap<String, String>>,
    comments: Option<HashMap<String, String>>,
    summary_comment: String,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let form = service::RatingForm {
            scores: scores.unwrap_or_default(),
            comments: comments.unwrap_or_default(),
            summary_comment,
        };
        service::submit_rating(&call.db, &call.actor, id, &form).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: the officer. `answer` = "acknowledge" or "object" (with the objection's text).
#[server(prefix = "/api", endpoint = "evaluation/answer")]
pub async fn answer_result(
    id: i64,
    #[server(default)] answer: String,
    #[server(default)] objection: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        // Nothing is chosen for the officer: no answer, or no confirmation, is refused.
        let mut p = crate::error::Problems::default();
        let answer = p.take(service::Answer::parse(&answer, &objection));
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let Some(answer) = answer else {
            return Err(AppError::invalid(
                "answer",
                crate::i18n::Key::ValidationChoice,
            ));
        };
        service::answer(&call.db, &call.actor, id, answer).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Finalizes one evaluation; from then on it changes only by an appeal decision.
#[server(prefix = "/api", endpoint = "evaluation/finalize")]
pub async fn finalize_evaluation(
    id: i64,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        service::finalize_one(&call.db, &call.actor, id).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: the officer, within the appeal window.
#[server(prefix = "/api", endpoint = "evaluation/appeal")]
pub async fn appeal_result(
    id: i64,
    #[server(default)] grounds: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let mut p = crate::error::Problems::default();
        let grounds = p.take(forms::long_text("grounds", &grounds));
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let Some(grounds) = grounds else {
            return Err(AppError::invalid(
                "grounds",
                crate::i18n::Key::ValidationRequired,
            ));
        };
        service::appeal(&call.db, &call.actor, id, grounds).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: the mayor, or the reviewer HR delegated (never the evaluator). `decision` is
/// "upheld" or "changed"; a change carries the new scores (`scores[<id>]`).
#[server(prefix = "/api", endpoint = "evaluation/decide")]
pub async fn decide_appeal(
    id: i64,
    #[server(default)] decision: String,
    #[server(default)] reasoning: String,
    scores: Option<HashMap<String, String>>,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let mut p = crate::error::Problems::default();
        let decision: Option<AppealDecision> = p.take(forms::choice("decision", &decision));
        let reasoning = p.take(forms::long_text("reasoning", &reasoning));
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let (Some(decision), Some(reasoning)) = (decision, reasoning) else {
            return Err(AppError::invalid(
                "decision",
                crate::i18n::Key::ValidationChoice,
            ));
        };
        let scores = scores.unwrap_or_default();
        service::decide(&call.db, &call.actor, id, decision, reasoning, &scores).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR, never on their own evaluation or one they evaluate. `action` = "exempt" |
/// "include" | "reassign" (evaluator's personal number); the reason is recorded.
#[server(prefix = "/api", endpoint = "evaluation/manage")]
pub async fn manage_evaluation(
    id: i64,
    action: String,
    reason: String,
    person: String,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let change = service::HrChange::parse(&action, &reason, &person)?;
        service::manage(&call.db, &call.actor, id, change).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR, never on their own evaluation. Records the day an officer who had not answered
/// received the final result; the appeal window runs from it.
#[server(prefix = "/api", endpoint = "evaluation/delivery")]
pub async fn record_result_delivery(id: i64, delivered_on: String) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let on = forms::required_date("delivered_on", &delivered_on)?;
        service::record_delivery(&call.db, &call.actor, id, on).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}

/// Access: the mayor (the appeal's reviewer by default), never on their own evaluation. Names
/// another reviewer by username: not the officer, not the evaluator, not the mayor.
#[server(prefix = "/api", endpoint = "evaluation/delegate")]
pub async fn delegate_appeal(id: i64, username: String, reason: String) -> Result<(), AppError> {
    serve(Access::MAYOR, |call| async move {
        let reason = forms::long_text("reason", &reason)?;
        service::delegate_appeal(&call.db, &call.actor, id, &username, reason).await?;
        redirect(&format!("/evaluations/{id}"));
        Ok(())
    })
    .await
}
