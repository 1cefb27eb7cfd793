//! Monthly work plans and reports (სამუშაო გეგმა და ანგარიში, seed 004 art. 32–35): the officer
//! drafts the month's plan and the supervisor approves it; the officer reports by the first
//! Friday of the next month and the supervisor evaluates the report with comments and
//! instructions. The evaluations are evidence beside the annual scoring, the probation review
//! and the attestation; a unit's month can be published.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::evaluation::Rating;
pub use crate::domain::work_plan::MonthlyEvaluation;
use crate::domain::work_plan::MonthlyState;
use crate::domain::{Bilingual, PersonRef};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A month's plan in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    pub id: i64,
    pub person: PersonRef,
    pub position: Bilingual,
    pub month: NaiveDate,
    pub state: MonthlyState,
    pub report_due_on: NaiveDate,
    pub late: bool,
    pub rating: Option<Rating>,
}

/// A unit's plans of one month (HR and the mayor).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitMonth {
    pub unit_id: i64,
    pub unit: Bilingual,
    pub month: NaiveDate,
    pub rows: Vec<PlanRow>,
    pub published_on: Option<NaiveDate>,
    pub may_publish: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkPlanBoard {
    pub today: NaiveDate,
    /// The reader's own plans, newest month first.
    pub mine: Vec<PlanRow>,
    /// Months the reader may start a plan for (this one and the next, without a plan yet).
    pub may_start: Vec<NaiveDate>,
    /// Plans waiting for the reader as supervisor.
    pub to_act: Vec<PlanRow>,
    /// HR and the mayor: units with plans, and the chosen unit's month.
    pub units: Vec<(i64, Bilingual)>,
    pub unit_month: Option<UnitMonth>,
}

/// One month's plan and report, with what the reader may do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkPlanDetail {
    pub id: i64,
    pub person: PersonRef,
    pub position: Bilingual,
    pub unit: Option<Bilingual>,
    pub month: NaiveDate,
    pub plan: String,
    pub state: MonthlyState,
    pub return_note: Option<String>,
    pub submitted_on: Option<NaiveDate>,
    pub approved_by: Option<String>,
    pub approved_on: Option<NaiveDate>,
    pub report: Option<String>,
    pub report_due_on: NaiveDate,
    pub reported_on: Option<NaiveDate>,
    pub late: bool,
    pub rating: Option<Rating>,
    pub comments: Option<String>,
    pub instructions: Option<String>,
    pub evaluated_by: Option<String>,
    pub evaluated_on: Option<NaiveDate>,
    pub revision: i64,
    pub may_draft: bool,
    pub may_submit: bool,
    pub may_approve: bool,
    pub may_report: bool,
    pub may_evaluate: bool,
    /// The instructions of the month before, which this plan should follow.
    pub previous_instructions: Option<String>,
}

/// A published unit-month, in the public list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub unit_id: i64,
    pub unit: Bilingual,
    pub month: NaiveDate,
    pub published_on: NaiveDate,
}

/// A published unit-month: each officer's plan and report (the supervisor's evaluation stays
/// internal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedReport {
    pub unit: Bilingual,
    pub month: NaiveDate,
    pub published_on: NaiveDate,
    pub entries: Vec<PublishedEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedEntry {
    pub name: Bilingual,
    pub position: Bilingual,
    pub plan: String,
    pub report: Option<String>,
}

/// Access: signed in. The reader's own plans, what waits for them as supervisor, and for HR
/// and the mayor a unit's month (`unit`, `month` as `yyyy-mm`).
#[server(prefix = "/api", endpoint = "work-plans/list")]
pub async fn list_work_plans(
    #[server(default)] unit: Option<i64>,
    #[server(default)] month: Option<String>,
) -> Result<WorkPlanBoard, AppError> {
    serve(Access::SignedIn, |call| async move {
        let month = match month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => Some(
                crate::domain::work_plan::parse_month(m)
                    .ok_or_else(|| AppError::invalid("month", crate::i18n::Key::ValidationDate))?,
            ),
            None => None,
        };
        service::board(&call.db, &call.actor, unit, month).await
    })
    .await
}

/// Access: the officer, their supervisor, HR and the mayor. Logged unless the officer reads.
#[server(prefix = "/api", endpoint = "work-plans/get")]
pub async fn get_work_plan(id: i64) -> Result<WorkPlanDetail, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::detail(&call.db, &call.actor, id).await
    })
    .await
}

/// Access: the officer. Starts the month's plan (`id` empty) or rewrites the draft.
#[server(prefix = "/api", endpoint = "work-plans/draft")]
pub async fn save_work_plan(
    #[server(default)] month: String,
    #[server(default)] id: Option<i64>,
    #[server(default)] revision: Option<i64>,
    #[server(default)] plan: String,
) -> Result<i64, AppError> {
    serve(Access::SignedIn, |call| async move {
        let mut p = crate::error::Problems::default();
        let plan = p.take(forms::long_text("plan", &plan));
        let month = match id {
            Some(_) => None,
            None => p.take(
                crate::domain::work_plan::parse_month(&month)
                    .ok_or_else(|| AppError::invalid("month", crate::i18n::Key::ValidationDate)),
            ),
        };
        p.finish()?;
        let Some(plan) = plan else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        let id = match (id, month) {
            (Some(id), _) => {
                service::rewrite(&call.db, &call.actor, id, revision.unwrap_or(-1), &plan).await?
            }
            (None, Some(month)) => service::start(&call.db, &call.actor, month, &plan).await?,
            (None, None) => {
                return Err(AppError::invalid("month", crate::i18n::Key::ValidationDate))
            }
        };
        redirect(&format!("/work-plans/{id}"));
        Ok(id)
    })
    .await
}

/// Access: the officer. Sends the draft to the supervisor for approval.
#[server(prefix = "/api", endpoint = "work-plans/submit")]
pub async fn submit_work_plan(id: i64, revision: i64) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        service::submit(&call.db, &call.actor, id, revision).await?;
        redirect(&format!("/work-plans/{id}"));
        Ok(())
    })
    .await
}

/// Access: the officer's supervisor. Approves the plan, or returns it with a note
/// (`decision` is `approve` or `return`).
#[server(prefix = "/api", endpoint = "work-plans/approve")]
pub async fn approve_work_plan(
    id: i64,
    revision: i64,
    #[server(default)] decision: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let mut p = crate::error::Problems::default();
        let approve = match decision.trim() {
            "approve" => Some(true),
            "return" => Some(false),
            _ => {
                p.add("decision", crate::i18n::Key::ValidationChoice);
                None
            }
        };
        let note = p.take(forms::optional_long_text("note", &note));
        if approve == Some(false) && note.as_ref().is_some_and(Option::is_none) {
            p.add("note", crate::i18n::Key::WorkPlanNoteNeeded);
        }
        p.finish()?;
        let (Some(approve), Some(note)) = (approve, note) else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        service::decide_plan(
            &call.db,
            &call.actor,
            id,
            revision,
            approve,
            note.as_deref(),
        )
        .await?;
        redirect(&format!("/work-plans/{id}"));
        Ok(())
    })
    .await
}

/// Access: the officer. Hands in (or corrects, until evaluated) the month's report.
#[server(prefix = "/api", endpoint = "work-plans/report")]
pub async fn submit_monthly_report(
    id: i64,
    revision: i64,
    #[server(default)] report: String,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let report = forms::long_text("report", &report)?;
        service::report(&call.db, &call.actor, id, revision, &report).await?;
        redirect(&format!("/work-plans/{id}"));
        Ok(())
    })
    .await
}

/// Access: the officer's supervisor. Evaluates the month's report with comments and, if
/// needed, instructions.
#[server(prefix = "/api", endpoint = "work-plans/evaluate")]
pub async fn evaluate_monthly_report(
    id: i64,
    revision: i64,
    #[server(default)] rating: String,
    #[server(default)] comments: String,
    #[server(default)] instructions: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let mut p = crate::error::Problems::default();
        let rating = p.take(forms::choice::<Rating>("rating", &rating));
        let comments = p.take(forms::long_text("comments", &comments));
        let instructions = p.take(forms::optional_long_text("instructions", &instructions));
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let (Some(rating), Some(comments), Some(instructions)) = (rating, comments, instructions)
        else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        let e = repo::Evaluation {
            rating,
            comments: &comments,
            instructions: instructions.as_deref(),
        };
        service::evaluate(&call.db, &call.actor, id, revision, &e).await?;
        redirect(&format!("/work-plans/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Publishes a unit's plans and reports of a month (seed 004 art. 35(3)).
#[server(prefix = "/api", endpoint = "work-plans/publish")]
pub async fn publish_unit_month(
    unit_id: i64,
    #[server(default)] month: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let mut p = crate::error::Problems::default();
        let parsed = p.take(
            crate::domain::work_plan::parse_month(&month)
                .ok_or_else(|| AppError::invalid("month", crate::i18n::Key::ValidationDate)),
        );
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let Some(month) = parsed else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        service::publish(&call.db, &call.actor, unit_id, month).await?;
        redirect(&format!(
            "/work-plans?unit={unit_id}&month={}",
            crate::domain::work_plan::month_code(month)
        ));
        Ok(())
    })
    .await
}

/// Access: public. The published unit-months, newest first.
#[server(prefix = "/api", endpoint = "public/work-reports")]
pub async fn list_publications() -> Result<Vec<Publication>, AppError> {
    serve_public(|call| async move { service::publications(&call.state.db).await }).await
}

/// Access: public. One published unit-month; an unpublished one is not found.
#[server(prefix = "/api", endpoint = "public/work-report")]
pub async fn get_publication(unit_id: i64, month: String) -> Result<PublishedReport, AppError> {
    serve_public(|call| async move {
        let month = crate::domain::work_plan::parse_month(&month).ok_or(AppError::NotFound)?;
        service::publication(&call.state.db, unit_id, month).await
    })
    .await
}
