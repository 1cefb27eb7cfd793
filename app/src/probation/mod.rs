//! Probation (გამოსაცდელი ვადა, DOMAIN §3.4): recorded when a first appointment as an officer
//! starts it, reviewed every quarter by the supervisor with the probationer's right to answer,
//! a dismissal ground raised by the negative reviews for the mayor to decide, and the oath that
//! makes the person an officer for the annual evaluation and the classes.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::probation::{
    GroundDecision, ProbationState, Quarter, ReviewOutcome, ReviewState,
};
use crate::domain::{Bilingual, OrderRef, PersonRef};
use crate::error::AppError;
use crate::orders::OrderFields;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A probation in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbationRow {
    pub id: i64,
    pub person: PersonRef,
    pub position: Bilingual,
    pub unit: Option<Bilingual>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub state: ProbationState,
    /// The next quarter whose review is not final yet, and its due day.
    pub next_review: Option<Quarter>,
    pub overdue: bool,
    pub negatives: i64,
    pub ground_open: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbationList {
    pub today: NaiveDate,
    pub rows: Vec<ProbationRow>,
    /// What happens to a probation nobody acted on by its last day (the setting in force).
    pub pass_by_default: bool,
    /// Appointments HR may start a probation for (HR only).
    pub may_start: Vec<StartCandidate>,
}

/// A first appointment as an officer without a probation record (an appointment without
/// competition, which may carry one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartCandidate {
    pub assignment_id: i64,
    pub person: PersonRef,
    pub position: Bilingual,
    pub start: NaiveDate,
    pub max_months: u32,
}

/// One quarterly review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub id: i64,
    pub reviewer: String,
    pub outcome: ReviewOutcome,
    pub justification: String,
    pub state: ReviewState,
    pub proposed_on: NaiveDate,
    pub answer_until: NaiveDate,
    pub answer: Option<String>,
    pub final_note: Option<String>,
    pub finalized_on: Option<NaiveDate>,
    pub acknowledged_on: Option<NaiveDate>,
}

/// A quarter with its review and what the reader may do with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterView {
    pub quarter: Quarter,
    pub review: Option<ReviewView>,
    pub may_review: bool,
    pub may_answer: bool,
    pub may_finalize: bool,
    pub may_acknowledge: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroundView {
    pub id: i64,
    pub raised_on: NaiveDate,
    /// The quarters whose negative reviews raised it.
    pub quarters: Vec<i64>,
    pub decision: Option<GroundDecision>,
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub order: Option<OrderRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbationDetail {
    pub id: i64,
    pub person: PersonRef,
    pub position: Bilingual,
    pub unit: Option<Bilingual>,
    pub competition_id: Option<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub months: i64,
    /// The day of the rule version the term was set by.
    pub rule_valid_from: NaiveDate,
    pub state: ProbationState,
    pub oath_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub close_reason: Option<String>,
    pub mentor: Option<PersonRef>,
    pub plan: String,
    pub revision: i64,
    pub quarters: Vec<QuarterView>,
    pub grounds: Vec<GroundView>,
    pub today: NaiveDate,
    pub pass_by_default: bool,
    /// HR: mentor and plan.
    pub may_manage: bool,
    pub may_record_oath: bool,
    pub may_decide: bool,
    /// Mentor candidates (HR only): the people of the probationer's service.
    pub colleagues: Vec<PersonRef>,
    /// The supervisor's evaluations of the probationer's monthly reports, shown beside each
    /// quarter's review.
    pub monthly: Vec<crate::domain::work_plan::MonthlyEvaluation>,
}

/// HR's form naming the mentor and keeping the plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManageForm {
    #[serde(default)]
    pub mentor_id: String,
    #[serde(default)]
    pub plan: String,
}

/// The mayor's decision on a dismissal ground.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroundDecisionForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    /// The appointment's last day (a dismissal).
    #[serde(default)]
    pub end_date: String,
    #[serde(flatten)]
    pub order: OrderFields,
    #[serde(default)]
    pub confirm: Option<String>,
}

/// Access: signed in; the list is scoped (HR and the mayor all, a manager their people, an
/// employee their own).
#[server(prefix = "/api", endpoint = "probation/list")]
pub async fn list_probations() -> Result<ProbationList, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::list(&call.db, &call.actor).await
    })
    .await
}

/// Access: the probationer, their supervisor and mentor, HR and the mayor. Logged.
#[server(prefix = "/api", endpoint = "probation/get")]
pub async fn get_probation(id: i64) -> Result<ProbationDetail, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::detail(&call.db, &call.actor, id).await
    })
    .await
}

/// Access: HR. Starts a probation for a first appointment without competition.
#[server(prefix = "/api", endpoint = "probation/start")]
pub async fn start_probation(assignment_id: i64, months: String) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let months = forms::number("months", &months, 1..=24)? as u32;
        let id = service::start_by_hand(&call.db, &call.actor, assignment_id, months).await?;
        redirect(&format!("/probation/{id}"));
        Ok(id)
    })
    .await
}

/// Access: the probationer's supervisor. Writes (or rewrites, until answered) a quarter's
/// review; the probationer is then told and may answer.
#[server(prefix = "/api", endpoint = "probation/review")]
pub async fn review_quarter(
    id: i64,
    quarter: u32,
    #[server(default)] outcome: String,
    #[server(default)] justification: String,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let mut p = crate::error::Problems::default();
        let outcome = p.take(forms::choice::<ReviewOutcome>("outcome", &outcome));
        let justification = p.take(forms::long_text("justification", &justification));
        p.finish()?;
        let (Some(outcome), Some(justification)) = (outcome, justification) else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        service::review(&call.db, &call.actor, id, quarter, outcome, &justification).await?;
        redirect(&format!("/probation/{id}"));
        Ok(())
    })
    .await
}

/// Access: the probationer. Answers a proposed review in writing (the right to be heard).
#[server(prefix = "/api", endpoint = "probation/answer")]
pub async fn answer_review(
    id: i64,
    quarter: u32,
    #[server(default)] answer: String,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let answer = forms::long_text("answer", &answer)?;
        service::answer(&call.db, &call.actor, id, quarter, &answer).await?;
        redirect(&format!("/probation/{id}"));
        Ok(())
    })
    .await
}

/// Access: the supervisor. Makes a review final, after the answer or once the answer window
/// has passed; the outcome may change in the light of the answer, with a note saying why.
#[server(prefix = "/api", endpoint = "probation/finalize")]
pub async fn finalize_review(
    id: i64,
    quarter: u32,
    #[server(default)] outcome: String,
    #[server(default)] note: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        let mut p = crate::error::Problems::default();
        let outcome = p.take(forms::choice::<ReviewOutcome>("outcome", &outcome));
        let note = p.take(forms::optional_long_text("note", &note));
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let (Some(outcome), Some(note)) = (outcome, note) else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        service::finalize(&call.db, &call.actor, id, quarter, outcome, note.as_deref()).await?;
        redirect(&format!("/probation/{id}"));
        Ok(())
    })
    .await
}

/// Access: the probationer. Acknowledges a final review.
#[server(prefix = "/api", endpoint = "probation/acknowledge")]
pub async fn acknowledge_review(
    id: i64,
    quarter: u32,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::SignedIn, |call| async move {
        forms::confirmed(&confirm)?;
        service::acknowledge(&call.db, &call.actor, id, quarter).await?;
        redirect(&format!("/probation/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Names the mentor and keeps the probation plan.
#[server(prefix = "/api", endpoint = "probation/manage")]
pub async fn manage_probation(
    id: i64,
    revision: i64,
    #[server(flatten)] form: ManageForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let mut p = crate::error::Problems::default();
        let mentor = p.take(forms::optional_id("mentor_id", &form.mentor_id));
        let plan = p.take(forms::optional_long_text("plan", &form.plan));
        p.finish()?;
        let (Some(mentor), Some(plan)) = (mentor, plan) else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        service::manage(
            &call.db,
            &call.actor,
            id,
            revision,
            mentor,
            plan.as_deref().unwrap_or(""),
        )
        .await?;
        redirect(&format!("/probation/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Records the oath that ends a passed probation.
#[server(prefix = "/api", endpoint = "probation/oath")]
pub async fn record_oath(
    id: i64,
    #[server(default)] oath_on: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let mut p = crate::error::Problems::default();
        let oath_on = p.take(forms::required_date("oath_on", &oath_on));
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let Some(oath_on) = oath_on else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        service::record_oath(&call.db, &call.actor, id, oath_on).await?;
        redirect(&format!("/probation/{id}"));
        Ok(())
    })
    .await
}

/// Access: the mayor. Decides an open dismissal ground: the appointment ends by order, or the
/// probation goes on with the reason recorded.
#[server(prefix = "/api", endpoint = "probation/decide")]
pub async fn decide_ground(
    id: i64,
    #[server(flatten)] form: GroundDecisionForm,
) -> Result<(), AppError> {
    serve(Access::MAYOR, |call| async move {
        let input = service::GroundInput::parse(&form)?;
        service::decide_ground(&call.db, &call.actor, id, input).await?;
        redirect(&format!("/probation/{id}"));
        Ok(())
    })
    .await
}
