//! Attestation (ატესტაცია, seed 004 art. 21–23, DOMAIN §3.7): who is due (every 3 years from
//! the appointment or the last attestation), sessions of the competition-attestation commission
//! that HR schedules, each officer's dossier gathered by itself, the members' votes with
//! recusals, the chair's conclusion with its reasoning, printable minutes, and the mayor's order
//! that makes the conclusions effective.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::attestation::SessionState;
use crate::domain::career::{Conclusion, SanctionKind};
use crate::domain::evaluation::Rating;
use crate::domain::work_plan::MonthlyEvaluation;
use crate::domain::{Bilingual, OrderRef, PersonRef};
use crate::error::AppError;
use crate::orders::OrderFields;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// An officer and the last day of their attestation term.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueOfficer {
    pub person: PersonRef,
    pub position: Bilingual,
    pub appointed_on: NaiveDate,
    pub last_attested: Option<NaiveDate>,
    pub due_on: NaiveDate,
    pub overdue: bool,
    /// Already on a session not yet ordered.
    pub scheduled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: i64,
    pub held_on: NaiveDate,
    pub place: String,
    pub state: SessionState,
    pub officers: i64,
    pub concluded: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationBoard {
    pub today: NaiveDate,
    /// Whether the institution attests at all (a setting).
    pub enabled: bool,
    pub interval_years: u32,
    /// HR: officers due within the notice days (or overdue).
    pub due: Vec<DueOfficer>,
    pub sessions: Vec<SessionSummary>,
    pub may_schedule: bool,
    /// HR: the commission's members to pick from.
    pub commission: Vec<(i64, String)>,
}

/// What the commission reads about one officer, gathered from the records since the last
/// attestation (or the appointment).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub since: Option<NaiveDate>,
    pub annual: Vec<AnnualResult>,
    /// Final probation reviews: quarter and whether it was positive.
    pub probation: Vec<(i64, bool)>,
    pub monthly: Vec<MonthlyEvaluation>,
    pub trainings: Vec<TrainingLine>,
    pub sanctions: Vec<SanctionLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualResult {
    pub evaluation_id: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub mark: String,
    pub rating: Rating,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingLine {
    pub course: String,
    pub ends_on: NaiveDate,
    pub hours: i64,
    pub qualification: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionLine {
    pub kind: SanctionKind,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

/// A member's vote as the minutes record it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteLine {
    pub member: String,
    pub chair: bool,
    /// `None`: not voted yet.
    pub vote: Option<Conclusion>,
    pub recused: bool,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestedView {
    pub id: i64,
    pub person: PersonRef,
    pub position: Bilingual,
    pub due_on: NaiveDate,
    pub dossier: Dossier,
    pub votes: Vec<VoteLine>,
    /// What the votes cast so far carry.
    pub carried: Option<Conclusion>,
    pub conclusion: Option<Conclusion>,
    pub reasoning: Option<String>,
    pub concluded_on: Option<NaiveDate>,
    pub rule_valid_from: NaiveDate,
    /// The reader (a member) may vote, or change their vote, until the conclusion.
    pub may_vote: bool,
    pub may_conclude: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub id: i64,
    pub held_on: NaiveDate,
    pub place: String,
    pub state: SessionState,
    pub order: Option<OrderRef>,
    pub revision: i64,
    pub members: Vec<(String, bool)>,
    pub officers: Vec<AttestedView>,
    pub may_order: bool,
    pub quorum_percent: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionForm {
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub chair: String,
    #[serde(default)]
    pub member: Option<HashMap<String, String>>,
    #[serde(default)]
    pub officer: Option<HashMap<String, String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionOrderForm {
    #[serde(flatten)]
    pub order: OrderFields,
    #[serde(default)]
    pub confirm: Option<String>,
}

/// Access: HR, the mayor and the commission. HR sees who is due; a commission member sees
/// the sessions they sit on.
#[server(prefix = "/api", endpoint = "attestation/list")]
pub async fn list_attestation() -> Result<AttestationBoard, AppError> {
    serve(Access::PANEL, |call| async move {
        service::board(&call.db, &call.actor).await
    })
    .await
}

/// Access: HR. Schedules a session with its members, chair and the officers due.
#[server(prefix = "/api", endpoint = "attestation/schedule")]
pub async fn schedule_session(
    #[server(default)] held_on: String,
    #[server(default)] place: String,
    #[server(default)] chair: String,
    #[server(default)] member: Option<HashMap<String, String>>,
    #[server(default)] officer: Option<HashMap<String, String>>,
) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        // Maps of ticked boxes travel as plain arguments (a flattened form cannot carry them).
        let form = SessionForm {
            held_on,
            place,
            chair,
            member,
            officer,
        };
        let input = service::SessionInput::parse(&form)?;
        let id = service::schedule(&call.db, &call.actor, input).await?;
        redirect(&format!("/attestation/{id}"));
        Ok(id)
    })
    .await
}

/// Access: HR, the mayor and the session's members (logged: the dossiers are confidential).
#[server(prefix = "/api", endpoint = "attestation/get")]
pub async fn get_session(id: i64) -> Result<SessionDetail, AppError> {
    serve(Access::PANEL, |call| async move {
        service::detail(&call.db, &call.actor, id).await
    })
    .await
}

/// Access: a member of the session. Votes on an officer, or recuses for a conflict of
/// interest (`vote` = `recused`, the note saying why).
#[server(prefix = "/api", endpoint = "attestation/vote")]
pub async fn cast_vote(
    id: i64,
    #[server(default)] vote: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    serve(Access::PANEL, |call| async move {
        let session = service::vote(&call.db, &call.actor, id, &vote, &note).await?;
        redirect(&format!("/attestation/{session}"));
        Ok(())
    })
    .await
}

/// Access: the session's chair. Records the conclusion the votes carry, with its reasoning.
#[server(prefix = "/api", endpoint = "attestation/conclude")]
pub async fn conclude_attestation(
    id: i64,
    #[server(default)] reasoning: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::PANEL, |call| async move {
        let mut p = crate::error::Problems::default();
        let reasoning = p.take(forms::long_text("reasoning", &reasoning));
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let Some(reasoning) = reasoning else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        let session = service::conclude(&call.db, &call.actor, id, &reasoning).await?;
        redirect(&format!("/attestation/{session}"));
        Ok(())
    })
    .await
}

/// Access: the mayor. Issues the session's order: the conclusions take effect.
#[server(prefix = "/api", endpoint = "attestation/order")]
pub async fn order_session(
    id: i64,
    revision: i64,
    #[server(flatten)] form: SessionOrderForm,
) -> Result<(), AppError> {
    serve(Access::MAYOR, |call| async move {
        let mut p = crate::error::Problems::default();
        let order = p.take(crate::orders::service::OrderInput::parse(&form.order));
        p.take(forms::confirmed(&form.confirm));
        p.finish()?;
        let Some(order) = order else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        service::order(&call.db, &call.actor, id, revision, order).await?;
        redirect(&format!("/attestation/{id}"));
        Ok(())
    })
    .await
}
