//! Promotion and demotion grounds (დაწინაურება, დაქვეითება; seed 004 art. 22–23, DOMAIN §3.8):
//! the commission's nominees, the promotion check of every candidate for a vacancy decided for a
//! promotion (each condition with the records it rests on, the candidates ranked by the
//! attestation and then the evaluation), and the officers with a demotion ground. The move
//! itself is the competitions feature's mobility workflow (consent, heads, the mayor's order).
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::attestation::{SanctionLine, TrainingLine};
use crate::domain::career::{Conclusion, PromotionCondition};
use crate::domain::competition::{MoveState, VacancyState};
use crate::domain::evaluation::Rating;
use crate::domain::{Bilingual, PersonRef};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A live vacancy the mayor decided to fill by promotion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionVacancy {
    pub id: i64,
    pub position_id: i64,
    pub title: Bilingual,
    pub unit: Option<Bilingual>,
    pub rank: Option<i64>,
    pub state: VacancyState,
}

/// An attestation conclusion in force: the latest of an ordered session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestationRef {
    pub session_id: i64,
    pub held_on: NaiveDate,
    pub conclusion: Conclusion,
}

/// An officer the commission found fit for a higher position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nominee {
    pub person: PersonRef,
    pub position: Bilingual,
    pub rank: Option<i64>,
    pub attestation: AttestationRef,
}

/// A rating the check read: a month's evaluation or an annual result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingLine {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// A monthly report's evaluation (otherwise the annual result).
    pub monthly: bool,
    pub rating: Rating,
}

/// An officer with a demotion ground and what raised it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemotionGround {
    pub person: PersonRef,
    pub position: Bilingual,
    /// Set when the commission found the officer does not fit.
    pub attestation: Option<AttestationRef>,
    /// The annual results in a row that were low (empty when they were not).
    pub low_results: Vec<RatingLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionBoard {
    pub today: NaiveDate,
    pub vacancies: Vec<PromotionVacancy>,
    pub nominees: Vec<Nominee>,
    pub demotion: Vec<DemotionGround>,
    pub low_in_row: u32,
}

/// One candidate's promotion check: each condition with whether it holds and the records it
/// read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateCheck {
    pub place: usize,
    pub person: PersonRef,
    pub position: Bilingual,
    pub rank: Option<i64>,
    /// The live move proposed for this vacancy, if any, with its state.
    pub move_state: Option<MoveState>,
    pub consent_on: Option<NaiveDate>,
    pub qualification: Option<TrainingLine>,
    pub attestation: Option<AttestationRef>,
    pub recent: Vec<RatingLine>,
    /// The latest annual mark (ranks candidates after the attestation).
    pub mark: Option<String>,
    pub sanctions: Vec<SanctionLine>,
    pub negative: Option<RatingLine>,
    pub conditions: Vec<(PromotionCondition, bool)>,
    pub eligible: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionRanking {
    pub vacancy: PromotionVacancy,
    pub on: NaiveDate,
    pub high_months: u32,
    /// The day the rule version the check used took effect.
    pub rule_valid_from: NaiveDate,
    pub candidates: Vec<CandidateCheck>,
}

/// Access: HR and the mayor (logged: it reads evaluations and sanctions). Vacancies decided for
/// a promotion, the commission's nominees and the demotion grounds.
#[server(prefix = "/api", endpoint = "promotion/board")]
pub async fn list_promotion() -> Result<PromotionBoard, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::board(&call.db, &call.actor).await
    })
    .await
}

/// Access: HR and the mayor (logged). The promotion check of every candidate for a vacancy
/// decided for a promotion, ranked.
#[server(prefix = "/api", endpoint = "promotion/check")]
pub async fn check_promotion(vacancy: i64) -> Result<PromotionRanking, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::ranking(&call.db, &call.actor, vacancy).await
    })
    .await
}
