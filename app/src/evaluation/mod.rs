//! The annual evaluation of officers (შეფასება): the method adopted by order, cycles with
//! their population, planning, self-assessment, per-competency rating, the final mark,
//! acknowledgement, finalization and appeal. Results are confidential: every read is logged.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::evaluation::MethodSettings;
use crate::error::AppError;
use crate::org::{Bilingual, PersonRef};
use crate::page::Page;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competency {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub ranks: String,
    pub name: Bilingual,
    pub descriptor: Bilingual,
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
    /// Setting → (legal source, certainty: confirmed | seeds | uncertain).
    pub sources: BTreeMap<String, (String, String)>,
    pub competencies: Vec<Competency>,
    /// Used by a cycle: frozen.
    pub in_use: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodPage {
    /// (id, version, valid from), newest first.
    pub versions: Vec<(i64, i64, NaiveDate)>,
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
    pub status: String,
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
    pub stage: String,
    pub exempt_reason: Option<String>,
    /// The mark as shown (2 decimals) and its band, once there is a result.
    pub mark: Option<String>,
    pub rating: Option<String>,
    /// The deadline of the current stage.
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// When HR last sent a reminder about it.
    pub reminded: Option<NaiveDate>,
}

/// Counts per stage (in `Stage::ALL` order) for one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitProgress {
    pub unit: Bilingual,
    pub stages: Vec<i64>,
    pub total: i64,
}

/// Results per band (in `Rating::ALL` order) for one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitDistribution {
    pub unit: Bilingual,
    pub ratings: Vec<i64>,
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub cycle: CycleRow,
    pub progress: Vec<UnitProgress>,
    pub stage_totals: Vec<i64>,
    pub distribution: Vec<UnitDistribution>,
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
    pub rating: String,
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
    pub decision: Option<String>,
    pub reasoning: Option<String>,
    pub decision_due: NaiveDate,
}

/// What the reader may do now (decided by the server; the buttons follow it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub plan: bool,
    pub confirm_plan: bool,
    pub self_assess: bool,
    pub rate: bool,
    pub answer: bool,
    pub finalize: bool,
    pub appeal: bool,
    pub decide: bool,
    pub manage: bool,
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
    pub appeal_due: Option<NaiveDate>,
    pub can: Capabilities,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEvaluationLists {
    pub mine: Vec<EvalRow>,
    pub to_evaluate: Vec<EvalRow>,
    pub to_review: Vec<EvalRow>,
}

/// A to-do in the shared inbox (later issues add kinds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// plan | confirm_plan | self_assess | rate | answer | finalize | decide
    pub kind: String,
    /// Whose evaluation (none for a whole-cycle task such as finalizing).
    pub person: Option<PersonRef>,
    /// The cycle's period label.
    pub period: String,
    /// How many items a whole-cycle task covers.
    pub count: i64,
    pub link: String,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    pub reminded: Option<NaiveDate>,
}

// ---- Method -------------------------------------------------------------------------------

/// Access: HR and the mayor. The method version in force today, or `version`.
#[server(prefix = "/api", endpoint = "evaluation/method")]
pub async fn get_method(version: Option<i64>) -> Result<MethodPage, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            service::method_page(&state()?.db.read, version).await
        }
        .await,
    )
}

/// Access: HR. Adopts a new version of the method by a mayor's order; the catalogue is copied
/// from the version in force and can be changed until a cycle uses it.
#[server(prefix = "/api", endpoint = "evaluation/method/adopt")]
#[allow(clippy::too_many_arguments)]
pub async fn adopt_method(
    order_number: String,
    order_date: String,
    valid_from: String,
    scale: String,
    excellent: String,
    good: String,
    satisfactory: String,
    min_service_months: String,
    periods_per_year: String,
    planning_days: String,
    rating_days: String,
    summary_days: String,
    acknowledge_days: String,
    appeal_days: String,
    appeal_decision_days: String,
    self_assessment: Option<String>,
    comment_required_for_extremes: Option<String>,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let form = service::MethodForm {
                order_number,
                order_date,
                valid_from,
                scale,
                bands: [excellent, good, satisfactory],
                numbers: [
                    min_service_months,
                    periods_per_year,
                    planning_days,
                    rating_days,
                    summary_days,
                    acknowledge_days,
                    appeal_days,
                    appeal_decision_days,
                ],
                self_assessment: self_assessment.is_some(),
                comment_required_for_extremes: comment_required_for_extremes.is_some(),
            };
            let id = service::adopt_method(&actor, form).await?;
            leptos_axum::redirect(&format!("/evaluation-method?version={id}"));
            Ok(id)
        }
        .await,
    )
}

/// Access: HR. Adds a competency to a version no cycle uses yet.
#[server(prefix = "/api", endpoint = "evaluation/method/competency")]
#[allow(clippy::too_many_arguments)]
pub async fn add_competency(
    method_id: i64,
    code: String,
    kind: String,
    ranks: String,
    name_ka: String,
    name_en: String,
    descriptor_ka: String,
    descriptor_en: String,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let id = service::add_competency(
                &actor,
                method_id,
                [
                    code,
                    kind,
                    ranks,
                    name_ka,
                    name_en,
                    descriptor_ka,
                    descriptor_en,
                ],
            )
            .await?;
            leptos_axum::redirect(&format!("/evaluation-method?version={method_id}"));
            Ok(id)
        }
        .await,
    )
}

/// Access: HR. Removes a competency from a version no cycle uses yet.
#[server(prefix = "/api", endpoint = "evaluation/method/competency/remove")]
pub async fn remove_competency(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            crate::org::service::confirmed(&confirm)?;
            let method = service::remove_competency(&actor, id).await?;
            leptos_axum::redirect(&format!("/evaluation-method?version={method}"));
            Ok(())
        }
        .await,
    )
}

// ---- Cycles -------------------------------------------------------------------------------

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "evaluation/cycles")]
pub async fn list_cycles() -> Result<Vec<CycleRow>, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            Ok(repo::cycles(&state()?.db.read, None).await?)
        }
        .await,
    )
}

/// Access: HR. Opens a cycle and computes its population from the assignments.
#[server(prefix = "/api", endpoint = "evaluation/cycles/open")]
pub async fn open_cycle(year: String, period_no: String) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::i18n::Key;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let year: i32 = year
                .trim()
                .parse()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| AppError::invalid("year", Key::ValidationNumber))?;
            let period_no: u32 = period_no
                .trim()
                .parse()
                .map_err(|_| AppError::invalid("period_no", Key::ValidationNumber))?;
            let id = service::open_cycle(&actor, year, period_no).await?;
            leptos_axum::redirect(&format!("/cycles/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// Access: HR and the mayor. Progress, overdue items and the distribution of a cycle.
#[server(prefix = "/api", endpoint = "evaluation/dashboard")]
pub async fn cycle_dashboard(id: i64) -> Result<Dashboard, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            service::dashboard(&state()?.db.read, id, crate::org::today()).await
        }
        .await,
    )
}

/// Access: HR and the mayor. The cycle's evaluations, filtered by stage or name, 25 a page.
#[server(prefix = "/api", endpoint = "evaluation/list")]
pub async fn list_evaluations(
    cycle_id: i64,
    stage: Option<String>,
    q: Option<String>,
    page: Option<i64>,
) -> Result<Page<EvalRow>, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            let filter = repo::EvalFilter {
                cycle_id: Some(cycle_id),
                stage,
                q,
                ..Default::default()
            };
            Ok(repo::page(&state()?.db.read, &filter, page, crate::org::today()).await?)
        }
        .await,
    )
}

/// Access: HR. Finalizes every evaluation of the cycle that is ready (acknowledged or
/// objected, or unanswered after the acknowledgement window).
#[server(prefix = "/api", endpoint = "evaluation/cycles/finalize")]
pub async fn finalize_ready(cycle_id: i64, confirm: Option<String>) -> Result<u64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            crate::org::service::confirmed(&confirm)?;
            let n = service::finalize_ready(&actor, cycle_id, crate::org::today()).await?;
            leptos_axum::redirect(&format!("/cycles/{cycle_id}?finalized={n}"));
            Ok(n)
        }
        .await,
    )
}

/// Access: HR. Sends a reminder about every overdue step of the cycle (shown on the tasks of
/// those who have to act).
#[server(prefix = "/api", endpoint = "evaluation/cycles/remind")]
pub async fn remind_overdue(cycle_id: i64) -> Result<u64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let n = service::remind_overdue(&actor, cycle_id, crate::org::today()).await?;
            leptos_axum::redirect(&format!("/cycles/{cycle_id}?reminded={n}"));
            Ok(n)
        }
        .await,
    )
}

/// Access: HR. Closes a cycle in which nothing is pending.
#[server(prefix = "/api", endpoint = "evaluation/cycles/close")]
pub async fn close_cycle(cycle_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            crate::org::service::confirmed(&confirm)?;
            service::close_cycle(&actor, cycle_id).await?;
            leptos_axum::redirect(&format!("/cycles/{cycle_id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Adds an officer the population left out, with the reason.
#[server(prefix = "/api", endpoint = "evaluation/cycles/add")]
pub async fn add_to_cycle(
    cycle_id: i64,
    personal_number: String,
    reason: String,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let id = service::add_to_cycle(&actor, cycle_id, &personal_number, &reason).await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(id)
        }
        .await,
    )
}

// ---- One evaluation -----------------------------------------------------------------------

/// Access: the officer, the evaluator, HR, the mayor and the appeal reviewer. Every read is
/// logged (confidential, DOMAIN.md §1).
#[server(prefix = "/api", endpoint = "evaluation/get")]
pub async fn get_evaluation(id: i64) -> Result<EvaluationDetail, AppError> {
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, Access};
            let actor = require(Access::SignedIn).await?;
            service::read(&actor, id, crate::org::today()).await
        }
        .await,
    )
}

/// Access: any signed-in user, for their own evaluations, those they evaluate and appeals
/// they decide.
#[server(prefix = "/api", endpoint = "evaluation/mine")]
pub async fn my_evaluations() -> Result<MyEvaluationLists, AppError> {
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, state, Access};
            let actor = require(Access::SignedIn).await?;
            service::mine(&state()?.db.read, &actor, crate::org::today()).await
        }
        .await,
    )
}

/// Access: any signed-in user. Their to-dos across the system.
#[server(prefix = "/api", endpoint = "inbox")]
pub async fn my_tasks() -> Result<Vec<Task>, AppError> {
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, state, Access};
            let actor = require(Access::SignedIn).await?;
            service::tasks(&state()?.db.read, &actor, crate::org::today()).await
        }
        .await,
    )
}

/// Access: the evaluator. Objectives and the competencies to assess (`chosen[<id>]`).
#[server(prefix = "/api", endpoint = "evaluation/plan")]
pub async fn submit_plan(
    id: i64,
    objectives: String,
    chosen: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, Access};
            let actor = require(Access::SignedIn).await?;
            let chosen: Vec<i64> = chosen
                .unwrap_or_default()
                .keys()
                .filter_map(|k| k.parse().ok())
                .collect();
            service::submit_plan(&actor, id, &objectives, &chosen).await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: the officer. Agrees the plan.
#[server(prefix = "/api", endpoint = "evaluation/confirm_plan")]
pub async fn confirm_plan(id: i64) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, Access};
            let actor = require(Access::SignedIn).await?;
            service::confirm_plan(&actor, id).await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: the officer. Self-assessment: `scores[<competency id>]` and a comment.
#[server(prefix = "/api", endpoint = "evaluation/self")]
pub async fn submit_self_assessment(
    id: i64,
    scores: Option<HashMap<String, String>>,
    comment: String,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, Access};
            let actor = require(Access::SignedIn).await?;
            service::submit_self(&actor, id, &scores.unwrap_or_default(), &comment).await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(())
        }
        .await,
    )
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
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, Access};
            let actor = require(Access::SignedIn).await?;
            service::submit_rating(
                &actor,
                id,
                &scores.unwrap_or_default(),
                &comments.unwrap_or_default(),
                &summary_comment,
            )
            .await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: the officer. `answer` = "acknowledge" or "object" (with the objection's text).
#[server(prefix = "/api", endpoint = "evaluation/answer")]
pub async fn answer_result(id: i64, answer: String, objection: String) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, Access};
            let actor = require(Access::SignedIn).await?;
            service::answer(&actor, id, &answer, &objection).await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Finalizes one evaluation; from then on it changes only by an appeal decision.
#[server(prefix = "/api", endpoint = "evaluation/finalize")]
pub async fn finalize_evaluation(id: i64) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::finalize_one(&actor, id, crate::org::today()).await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: the officer, within the appeal window.
#[server(prefix = "/api", endpoint = "evaluation/appeal")]
pub async fn appeal_result(id: i64, grounds: String) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, Access};
            let actor = require(Access::SignedIn).await?;
            service::appeal(&actor, id, &grounds, crate::org::today()).await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: the mayor, or the reviewer HR delegated (never the evaluator). `decision` is
/// "upheld" or "changed"; a change carries the new scores (`scores[<id>]`).
#[server(prefix = "/api", endpoint = "evaluation/decide")]
pub async fn decide_appeal(
    id: i64,
    decision: String,
    reasoning: String,
    scores: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::ssr::{require, Access};
            let actor = require(Access::SignedIn).await?;
            service::decide(
                &actor,
                id,
                &decision,
                &reasoning,
                &scores.unwrap_or_default(),
            )
            .await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. `action` = "exempt" | "include" | "reassign" (evaluator's personal number) |
/// "delegate" (appeal reviewer's username); the reason is recorded.
#[server(prefix = "/api", endpoint = "evaluation/manage")]
pub async fn manage_evaluation(
    id: i64,
    action: String,
    reason: String,
    person: String,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::manage(&actor, id, &action, &reason, &person).await?;
            leptos_axum::redirect(&format!("/evaluations/{id}"));
            Ok(())
        }
        .await,
    )
}
