//! Filling a vacancy without competition (DOMAIN §3.3; seed 004 art. 22–23): mobility,
//! promotion, service transfer and acting. HR proposes the officer, records their written
//! consent and both heads' agreement; the mayor's order appoints. Class and class bonus stay
//! with the person; an acting appointment ends by itself at its last day.
#[cfg(feature = "ssr")]
use super::service;
use crate::domain::competition::{MoveKind, MoveState};
use crate::domain::{Bilingual, OrderRef};
use crate::error::AppError;
use crate::orders::OrderFields;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A move as the vacancy board shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveView {
    pub id: i64,
    pub vacancy_id: i64,
    pub kind: MoveKind,
    pub employee_id: i64,
    pub name: Bilingual,
    pub starts_on: NaiveDate,
    pub acting_until: Option<NaiveDate>,
    pub state: MoveState,
    pub consent_on: Option<NaiveDate>,
    pub consent_note: String,
    pub sending_head: String,
    pub receiving_head: String,
    pub agreed_on: Option<NaiveDate>,
    pub refusal_reason: Option<String>,
    pub order: Option<OrderRef>,
    pub revision: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveProposalForm {
    /// The officer, by personal number (HR has it on file; no list of every employee).
    pub personal_number: String,
    pub starts_on: String,
    #[serde(default)]
    pub acting_until: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentForm {
    pub consent_on: String,
    #[serde(default)]
    pub consent_note: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementForm {
    pub agreed_on: String,
    pub sending_head: String,
    pub receiving_head: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveOrderForm {
    #[serde(flatten)]
    pub order: OrderFields,
    /// Why someone acts in a position of another service (when the rules ask for it).
    #[serde(default)]
    pub acting_reason: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

/// Access: HR. Proposes the officer for a vacancy decided for mobility, promotion, transfer
/// or acting.
#[server(prefix = "/api", endpoint = "moves/propose")]
pub async fn propose_move(
    vacancy_id: i64,
    revision: i64,
    #[server(flatten)] form: MoveProposalForm,
) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::MoveProposal::parse(&form)?;
        let id = service::propose_move(&call.db, &call.actor, vacancy_id, revision, input).await?;
        redirect("/competitions");
        Ok(id)
    })
    .await
}

/// Access: HR. Records the officer's written consent.
#[server(prefix = "/api", endpoint = "moves/consent")]
pub async fn record_consent(
    move_id: i64,
    revision: i64,
    #[server(flatten)] form: ConsentForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&form.confirm)?;
        let on = forms::required_date("consent_on", &form.consent_on)?;
        let note = forms::optional_text("consent_note", &form.consent_note, 2_000)?;
        service::record_consent(&call.db, &call.actor, move_id, revision, on, &note).await?;
        redirect("/competitions");
        Ok(())
    })
    .await
}

/// Access: HR. Records the sending and receiving heads' agreement.
#[server(prefix = "/api", endpoint = "moves/agreement")]
pub async fn record_agreement(
    move_id: i64,
    revision: i64,
    #[server(flatten)] form: AgreementForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::Agreement::parse(&form)?;
        service::record_agreement(&call.db, &call.actor, move_id, revision, input).await?;
        redirect("/competitions");
        Ok(())
    })
    .await
}

/// Access: HR. The officer or a head refused: the move ends and the vacancy stays open for
/// another proposal or decision.
#[server(prefix = "/api", endpoint = "moves/refuse")]
pub async fn refuse_move(
    move_id: i64,
    revision: i64,
    reason: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let mut p = crate::error::Problems::default();
        let reason = p.take(forms::long_text("reason", &reason));
        p.take(forms::confirmed(&confirm));
        p.finish()?;
        let reason = reason.unwrap_or_default();
        service::refuse_move(&call.db, &call.actor, move_id, revision, &reason).await?;
        redirect("/competitions");
        Ok(())
    })
    .await
}

/// Access: the mayor. The order: the assignment (ending the officer's own position for a
/// mobility, promotion or transfer; on top of it for acting) and the vacancy's new state.
#[server(prefix = "/api", endpoint = "moves/order")]
pub async fn order_move(
    move_id: i64,
    revision: i64,
    #[server(flatten)] form: MoveOrderForm,
) -> Result<i64, AppError> {
    serve(Access::MAYOR, |call| async move {
        let mut p = crate::error::Problems::default();
        let order = p.take(crate::orders::service::OrderInput::parse(&form.order));
        let reason = p.take(forms::optional_long_text(
            "acting_reason",
            &form.acting_reason,
        ));
        p.take(forms::confirmed(&form.confirm));
        p.finish()?;
        let (Some(order), Some(reason)) = (order, reason) else {
            return Err(AppError::invalid(
                "order_number",
                crate::i18n::Key::ValidationRequired,
            ));
        };
        let employee =
            service::order_move(&call.db, &call.actor, move_id, revision, order, reason).await?;
        redirect(&format!("/employees/{employee}"));
        Ok(employee)
    })
    .await
}
