//! Disciplinary records (დისციპლინური პასუხისმგებლობა, DOMAIN §3.8–3.9): sanctions by order
//! with their days in force, which block a promotion while in force (and a disciplinary
//! dismissal bars a new appointment for the configured months); and the dismissal ground that
//! consecutive unsatisfactory annual results raise for the mayor to decide.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::career::SanctionKind;
use crate::domain::evaluation::Rating;
use crate::domain::probation::GroundDecision;
use crate::domain::{OrderRef, PersonRef};
use crate::error::AppError;
use crate::orders::OrderFields;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionView {
    pub id: i64,
    pub person: PersonRef,
    pub kind: SanctionKind,
    pub reason: String,
    pub order: OrderRef,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub lifted_on: Option<NaiveDate>,
    pub lift_reason: Option<String>,
    pub in_force: bool,
    pub revision: i64,
}

/// A year of the annual results a ground rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroundEvidence {
    pub evaluation_id: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub rating: Rating,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationGroundView {
    pub id: i64,
    pub person: PersonRef,
    pub raised_on: NaiveDate,
    pub evidence: Vec<GroundEvidence>,
    pub decision: Option<GroundDecision>,
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub order: Option<OrderRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisciplineBoard {
    pub today: NaiveDate,
    /// Sanctions in force or ended within the last year (a person sees only their own, all of
    /// them).
    pub sanctions: Vec<SanctionView>,
    pub grounds: Vec<EvaluationGroundView>,
    pub may_record: bool,
    pub may_decide: bool,
}

/// HR's form recording a sanction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionForm {
    /// The officer, by name and surname or personal number.
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub valid_from: String,
    #[serde(default)]
    pub valid_to: String,
    #[serde(flatten)]
    pub order: OrderFields,
    #[serde(default)]
    pub confirm: Option<String>,
}

/// The mayor's decision on an evaluation's dismissal ground.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationGroundForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub end_date: String,
    #[serde(flatten)]
    pub order: OrderFields,
    #[serde(default)]
    pub confirm: Option<String>,
}

/// Access: signed in. HR and the mayor see everyone's sanctions and the grounds (logged);
/// anyone else only their own sanctions.
#[server(prefix = "/api", endpoint = "discipline/list")]
pub async fn list_discipline(
    #[server(default)] employee: Option<i64>,
) -> Result<DisciplineBoard, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::board(&call.db, &call.actor, employee).await
    })
    .await
}

/// Access: HR. Records a sanction by its order; a dismissal ends the person's appointments.
#[server(prefix = "/api", endpoint = "discipline/record")]
pub async fn record_sanction(#[server(flatten)] form: SanctionForm) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::SanctionInput::parse(&form)?;
        let id = service::record(&call.db, &call.actor, input).await?;
        redirect("/discipline");
        Ok(id)
    })
    .await
}

/// Access: HR. Lifts a sanction early (it stops being in force from that day).
#[server(prefix = "/api", endpoint = "discipline/lift")]
pub async fn lift_sanction(
    id: i64,
    revision: i64,
    #[server(default)] lifted_on: String,
    #[server(default)] reason: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let mut p = crate::error::Problems::default();
        let on = p.take(forms::required_date("lifted_on", &lifted_on));
        let reason = p.take(forms::long_text("reason", &reason));
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let (Some(on), Some(reason)) = (on, reason) else {
            return Err(AppError::Conflict(crate::i18n::Key::ValidationRequired));
        };
        service::lift(&call.db, &call.actor, id, revision, on, &reason).await?;
        redirect("/discipline");
        Ok(())
    })
    .await
}

/// Access: the mayor. Decides an evaluation's dismissal ground: the appointments end by
/// order, or the officer stays with the reason recorded.
#[server(prefix = "/api", endpoint = "discipline/decide")]
pub async fn decide_evaluation_ground(
    id: i64,
    #[server(flatten)] form: EvaluationGroundForm,
) -> Result<(), AppError> {
    serve(Access::MAYOR, |call| async move {
        let input = service::GroundInput::parse(&form)?;
        service::decide_ground(&call.db, &call.actor, id, input).await?;
        redirect("/discipline");
        Ok(())
    })
    .await
}
