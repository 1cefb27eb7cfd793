//! Reports on vacancies and competitions: competitions per year (applicants per vacancy, time
//! to fill, failed competitions, reviews), pass rates per stage, vacancies past their
//! deadlines; and the mayor's integrity view (how often the acting holder wins, each member's
//! mean deviation from the rest of the panel), with groups under the configured size hidden;
//! and the printable interview kit.
use crate::domain::competition::{StageKind, VacancyState};
use crate::domain::Bilingual;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Competitions announced in one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetitionYear {
    pub year: i32,
    pub competitions: i64,
    pub appointed: i64,
    pub failed: i64,
    pub cancelled: i64,
    pub applicants: i64,
    /// Applicants per competition (each competition fills one vacancy).
    pub applicants_per_vacancy: Decimal,
    /// Mean days from the vacancy opening to the appointment, over the appointed ones.
    pub days_to_fill: Option<Decimal>,
    pub reviews: i64,
    pub reviews_upheld: i64,
}

/// How many passed a kind of stage in a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagePassRate {
    pub year: i32,
    pub kind: StageKind,
    pub scored: i64,
    pub passed: i64,
    /// Passed ÷ scored, as a percentage with one decimal.
    pub rate: Decimal,
}

/// A live vacancy past the decision or filling deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueVacancy {
    pub position: Bilingual,
    pub unit: Option<Bilingual>,
    pub state: VacancyState,
    pub opened_on: NaiveDate,
    /// The decision is late (none recorded by its deadline).
    pub decision_late: bool,
    pub decision_due: NaiveDate,
    pub fill_due: NaiveDate,
    pub fill_late: bool,
}

/// One member's marks against the rest of the panel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDeviation {
    pub name: String,
    pub sheets: i64,
    /// Mean of (own − the others' mean) as a percentage of the stage maximum; hidden under
    /// the minimum group.
    pub deviation: Option<Decimal>,
}

/// The mayor's integrity view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityView {
    /// Competitions with a winner.
    pub decided: i64,
    /// Won by whoever acted in the position meanwhile; hidden under the minimum group.
    pub won_by_acting: Option<i64>,
    pub acting_share: Option<Decimal>,
    pub members: Vec<MemberDeviation>,
    /// Groups smaller than this are not shown (a rule setting).
    pub min_group: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetitionReports {
    pub years: Vec<CompetitionYear>,
    pub pass_rates: Vec<StagePassRate>,
    pub overdue: Vec<OverdueVacancy>,
    /// The mayor only.
    pub integrity: Option<IntegrityView>,
}

/// Access: HR and the mayor (the integrity view: the mayor).
#[server(prefix = "/api", endpoint = "competitions/reports")]
pub async fn get_competition_reports() -> Result<CompetitionReports, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        super::service::reports(&call.db, &call.actor).await
    })
    .await
}

/// One question of the interview kit: a competency of the position, asked of every applicant
/// in the same order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitQuestion {
    pub number: usize,
    pub competency: Bilingual,
    pub descriptor: Bilingual,
}

/// The printable interview kit (the same questions in the same order, with rating anchors).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewKit {
    pub competition_id: i64,
    pub title: Bilingual,
    pub unit: Option<Bilingual>,
    /// The interview stage's rule (maximum, pass ratio).
    pub rule: crate::domain::competition::StageRule,
    pub anchors: Vec<(crate::domain::competition::RatingAnchor, Decimal)>,
    pub questions: Vec<KitQuestion>,
    pub members: Vec<Bilingual>,
}

/// Access: HR, the mayor and members of this commission. The interview kit.
#[server(prefix = "/api", endpoint = "competitions/kit")]
pub async fn get_interview_kit(id: i64) -> Result<InterviewKit, AppError> {
    serve(
        Access::AnyOf(&[
            crate::domain::Role::Hr,
            crate::domain::Role::Mayor,
            crate::domain::Role::Commission,
        ]),
        |call| async move { super::service::interview_kit(&call.db, &call.actor, id).await },
    )
    .await
}
