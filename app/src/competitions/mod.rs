//! Vacancies and competitions (ვაკანსია, კონკურსი; seed 004 art. 18–20, DOMAIN §3.1–3.2, §4.2):
//! a vacancy record opens by itself the day after its position falls vacant and runs the
//! statutory clock; the mayor's decision on filling it is recorded with its order; a
//! competition is announced on public pages, takes applications with receipt codes, is scored
//! blind by its commission, ranked exactly, written up in minutes and ends in the appointment
//! order that creates the employee, the assignment and a probation record.
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

mod moves;
mod reports;
pub use moves::*;
pub use reports::*;

use crate::domain::competition::{
    ApplicationState, CommissionRole, CompetitionKind, CompetitionState, FillingDecision,
    FormalReason, ReviewState, StageRule, VacancyOpening, VacancyState,
};
use crate::domain::staff::Gender;
#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::domain::Role;
use crate::domain::{Bilingual, OrderRef};
use crate::error::AppError;
use crate::orders::OrderFields;
use crate::org::VacancyClock;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Who may open a competition's pages: HR, the mayor and commission members (of that
/// competition only, which the service checks).
#[cfg(feature = "ssr")]
const PANEL: Access = Access::AnyOf(&[Role::Hr, Role::Mayor, Role::Commission]);

/// A vacancy record with its clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacancyRecord {
    pub id: i64,
    pub position_id: i64,
    pub position: Bilingual,
    pub unit: Option<Bilingual>,
    pub rank: Option<i64>,
    pub state: VacancyState,
    pub opened_on: NaiveDate,
    pub opened_by: VacancyOpening,
    pub decision: Option<FillingDecision>,
    pub decision_reason: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub decision_order: Option<OrderRef>,
    pub clock: Option<VacancyClock>,
    pub competition_id: Option<i64>,
    /// The moves proposed for it (mobility, promotion, transfer, acting), newest first.
    pub moves: Vec<MoveView>,
    /// Runners-up of equivalent competitions the mayor may appoint instead of announcing one.
    pub reserve: Vec<ReserveCandidate>,
    pub revision: i64,
}

/// A runner-up on a competition's reserve list, as the board offers them for a vacancy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveCandidate {
    pub application_id: i64,
    pub name: Bilingual,
    pub competition_id: i64,
    pub competition: Bilingual,
    pub total: Option<Decimal>,
    pub place: Option<i64>,
    pub reserve_until: NaiveDate,
}

impl VacancyRecord {
    /// The mayor may (still or again) decide how to fill it: a new vacancy, one whose
    /// competition failed, or one held by an acting officer meanwhile.
    pub fn decidable(&self) -> bool {
        matches!(
            self.state,
            VacancyState::Open | VacancyState::DecisionPending | VacancyState::Acting
        )
    }

    /// HR may propose an officer: decided for a move, with no proposal under way.
    pub fn takes_proposal(&self) -> bool {
        self.decision
            .and_then(crate::domain::competition::MoveKind::of_decision)
            .is_some()
            && matches!(self.state, VacancyState::Mobility | VacancyState::Acting)
            && !self.moves.iter().any(|m| {
                !matches!(
                    m.state,
                    crate::domain::competition::MoveState::Ordered
                        | crate::domain::competition::MoveState::Refused
                )
            })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetitionRow {
    pub id: i64,
    pub vacancy_id: i64,
    pub title: Bilingual,
    pub unit: Option<Bilingual>,
    pub kind: CompetitionKind,
    pub state: CompetitionState,
    pub applications_until: NaiveDate,
    pub applicants: i64,
}

/// The vacancies and competitions page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacancyBoard {
    pub vacancies: Vec<VacancyRecord>,
    pub competitions: Vec<CompetitionRow>,
}

/// An announcement as the public reads it (built from the position, edited by HR).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub title: Bilingual,
    pub unit: Option<Bilingual>,
    pub kind: CompetitionKind,
    pub duties: Bilingual,
    pub requirements: Bilingual,
    /// The questions applicants answer, one per line in each language.
    pub questions: Vec<Bilingual>,
    pub salary: Decimal,
    pub applications_until: NaiveDate,
    pub stages: Vec<StageRule>,
    pub announced_on: Option<NaiveDate>,
    pub order: Option<OrderRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicVacancyRow {
    pub id: i64,
    pub title: Bilingual,
    pub unit: Option<Bilingual>,
    pub kind: CompetitionKind,
    pub salary: Decimal,
    pub applications_until: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicVacancy {
    pub id: i64,
    pub announcement: Announcement,
    /// Applications are taken (announced and before the deadline).
    pub open: bool,
}

/// The public application form (also HR's form for an application received elsewhere).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationForm {
    pub personal_number: String,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub gender: String,
    pub birth_date: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
    pub education: String,
    pub experience: String,
    /// Relations with members or staff of the institution (none: empty).
    #[serde(default)]
    pub relations: String,
    /// What the applicant needs to take part (accessibility), if anything.
    #[serde(default)]
    pub accommodation: String,
    /// The applicant declares the information true.
    #[serde(default)]
    pub truthful: Option<String>,
}

/// An applicant's own marks in one stage (members' scores without their names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnStage {
    pub ordinal: i64,
    pub rule: StageRule,
    pub marks: Vec<Decimal>,
    pub mean: Decimal,
    pub passed: bool,
    /// The last day a review of this result may be asked, while it still may.
    pub review_until: Option<NaiveDate>,
    /// The applicant's review request about this result, with its decision.
    pub review: Option<OwnReview>,
}

/// An applicant's own review request as their status page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnReview {
    pub reason: String,
    pub requested_on: NaiveDate,
    pub state: ReviewState,
    pub decision: Option<String>,
}

/// What an import of applications found: the rows read, every bad cell, and (once committed)
/// each applicant's receipt code for HR to hand over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationImport {
    pub rows: usize,
    pub errors: Vec<crate::domain::csv_import::RowError>,
    pub committed: bool,
    /// (the file's line, receipt code)
    pub receipts: Vec<(usize, String)>,
}

/// A review request as HR and the mayor see it on the competition page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRow {
    pub id: i64,
    pub applicant: Bilingual,
    pub stage: StageView,
    pub reason: String,
    pub requested_on: NaiveDate,
    pub state: ReviewState,
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    /// The caller may decide it (HR or the mayor, never one who scored the applicant).
    /// The upheld review let the applicant through the stage.
    pub let_through: bool,
    pub may_decide: bool,
    pub revision: i64,
}

/// What an applicant sees with their receipt code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationStatus {
    pub competition_id: i64,
    pub title: Bilingual,
    pub state: ApplicationState,
    pub competition_state: CompetitionState,
    pub submitted_on: NaiveDate,
    pub amended_on: Option<NaiveDate>,
    pub applications_until: NaiveDate,
    /// May still amend (before the deadline).
    pub open: bool,
    pub formal_reason: Option<FormalReason>,
    pub stages: Vec<OwnStage>,
    /// The stages ahead that are scheduled, while the applicant is still in the competition.
    pub next_stages: Vec<StageView>,
    pub total: Option<Decimal>,
    pub place: Option<i64>,
    pub docs_due: Option<NaiveDate>,
    pub reserve_until: Option<NaiveDate>,
    pub questions: Vec<Bilingual>,
    /// The application as sent, to amend while open.
    pub form: Option<ApplicationForm>,
    pub answers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageView {
    pub ordinal: i64,
    pub rule: StageRule,
    /// The day and place, once scheduled, and the day applicants were told.
    pub held_on: Option<NaiveDate>,
    pub venue: String,
    pub noticed_on: Option<NaiveDate>,
    /// The result notice is due by this day (working days after the stage).
    pub results_due: Option<NaiveDate>,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub user_id: i64,
    pub name: Bilingual,
    pub role: CommissionRole,
    pub declared: bool,
}

/// An applicant on HR's and the commission's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantRow {
    pub id: i64,
    pub name: Bilingual,
    pub blind_code: String,
    pub state: ApplicationState,
    pub formal_reason: Option<FormalReason>,
    pub submitted_on: NaiveDate,
    /// Each stage's mean and pass, once the stage closed.
    pub stages: Vec<Option<(Decimal, bool)>>,
    pub total: Option<Decimal>,
    pub place: Option<i64>,
    /// The vacancy's acting holder applied.
    pub acting_holder: bool,
    /// Members who declared a conflict with this applicant.
    pub recused: Vec<String>,
    pub revision: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetitionDetail {
    pub id: i64,
    pub vacancy_id: i64,
    pub position_id: i64,
    pub state: CompetitionState,
    pub announcement: Announcement,
    pub questions_text: Bilingual,
    pub anonymous_written: bool,
    pub rescore_gap: Decimal,
    pub stages: Vec<StageView>,
    /// The first day a stage scheduled today may be held (the notice period).
    pub earliest_stage_day: Option<NaiveDate>,
    /// The stages the caller may schedule now (HR, the chair, the secretary).
    pub may_schedule: Vec<i64>,
    pub current_stage: i64,
    pub commission: Vec<MemberView>,
    /// The caller's place on the commission, if any.
    pub me: Option<CommissionRole>,
    /// The caller declared (members see applications only after declaring).
    pub i_declared: bool,
    /// HR, the mayor, and members who declared; empty for others.
    pub applicants: Vec<ApplicantRow>,
    /// The top place is shared: the chair decides with a reason.
    pub tie: Vec<i64>,
    pub winner: Option<i64>,
    pub tie_reason: Option<String>,
    pub notified_on: Option<NaiveDate>,
    pub docs_due: Option<NaiveDate>,
    pub appoint_order: Option<OrderRef>,
    /// The appointee's probation (from and to), when the appointment started one.
    pub probation: Option<(NaiveDate, NaiveDate)>,
    /// The appointee's personal file.
    pub appointee: Option<i64>,
    pub failure_reason: Option<String>,
    /// Users HR may put on the commission (HR only, before declarations).
    pub candidates: Vec<(i64, Bilingual)>,
    /// Applicants' review requests (HR and the mayor).
    pub reviews: Vec<ReviewRow>,
    /// HR may still enter applications received elsewhere.
    pub takes_entries: bool,
    pub revision: i64,
}

/// One applicant's full application (HR and the commission; each view is logged).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub id: i64,
    pub competition_id: i64,
    pub name: Bilingual,
    pub personal_number: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: String,
    pub phone: Option<String>,
    pub education: String,
    pub experience: String,
    pub answers: Vec<(Bilingual, String)>,
    pub relations: String,
    pub accommodation: String,
    pub state: ApplicationState,
    pub formal_reason: Option<FormalReason>,
    pub formal_note: Option<String>,
    pub submitted_on: NaiveDate,
    pub amended_on: Option<NaiveDate>,
    pub revision: i64,
}

/// A member's row on the scoring page for the current stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub application_id: i64,
    /// The applicant's name, or the blind code while a written task is marked anonymously.
    pub label: String,
    pub recused: bool,
    pub round: i64,
    pub mine: Option<Decimal>,
    pub submitted: i64,
    pub expected: i64,
    /// Everyone's scores of the current round, once all present members submitted.
    pub others: Vec<(String, Decimal)>,
    /// The scores differ by more than the gap: the chair may open a re-score round.
    pub spread: bool,
    /// Earlier rounds kept: (round, reason).
    pub rescores: Vec<(i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoringView {
    pub competition_id: i64,
    pub title: Bilingual,
    pub state: CompetitionState,
    pub me: CommissionRole,
    pub declared: bool,
    /// Before declaring: the applicants to declare on.
    pub to_declare: Vec<(i64, Bilingual)>,
    pub stage: Option<StageView>,
    /// Who scores this stage: a test's points are entered by the secretary.
    /// The current stage's day has come (sheets are taken from that day).
    pub held: bool,
    pub i_score: bool,
    pub rows: Vec<SheetRow>,
    /// Members absent from this stage's session.
    pub absent: Vec<Bilingual>,
    /// The chair only: members who may still be recorded absent (no sheet in this stage).
    pub may_mark_absent: Vec<(i64, Bilingual)>,
    /// The competition's revision (the chair's forms send it).
    pub revision: i64,
}

/// The minutes (ოქმი) of a competition, generated from its records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Minutes {
    pub competition_id: i64,
    pub title: Bilingual,
    pub kind: CompetitionKind,
    pub state: CompetitionState,
    pub announce_order: Option<OrderRef>,
    pub applications_until: NaiveDate,
    pub commission: Vec<MemberView>,
    pub applicants: Vec<ApplicantRow>,
    /// (member, applicant, conflict, note)
    pub declarations: Vec<(String, String, bool, String)>,
    pub stages: Vec<MinutesStage>,
    pub tie_reason: Option<String>,
    pub winner: Option<Bilingual>,
    pub appoint_order: Option<OrderRef>,
    pub failure_reason: Option<String>,
    pub reviews: Vec<ReviewRow>,
    pub generated_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesStage {
    pub stage: StageView,
    /// Members absent from the stage's session.
    pub absent: Vec<String>,
    /// (applicant, member, round, score)
    pub sheets: Vec<(String, String, i64, Decimal)>,
    /// (applicant, round, reason, by)
    pub rescores: Vec<(String, i64, String, String)>,
    /// (applicant, members, mean, passed)
    pub results: Vec<(String, i64, Decimal, bool)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionForm {
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    #[serde(flatten)]
    pub order: OrderFields,
    #[serde(default)]
    pub confirm: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementForm {
    pub title_ka: String,
    pub title_en: String,
    pub duties_ka: String,
    pub duties_en: String,
    pub requirements_ka: String,
    pub requirements_en: String,
    #[serde(default)]
    pub questions_ka: String,
    #[serde(default)]
    pub questions_en: String,
    pub applications_until: String,
    #[serde(default)]
    pub anonymous_written: Option<String>,
    pub rescore_gap: String,
}

/// A competition's stages: up to four rows `stage_kind[n]`, `stage_max[n]`, `stage_weight[n]`,
/// `stage_pass[n]` (an empty kind ends the list). The maps travel as the server function's own
/// arguments (a flattened struct cannot carry them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagesForm {
    #[serde(default)]
    pub stage_kind: Option<HashMap<String, String>>,
    #[serde(default)]
    pub stage_max: Option<HashMap<String, String>>,
    #[serde(default)]
    pub stage_weight: Option<HashMap<String, String>>,
    #[serde(default)]
    pub stage_pass: Option<HashMap<String, String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionForm {
    pub chair: String,
    pub secretary: String,
    #[serde(default)]
    pub member: Option<HashMap<String, String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderActionForm {
    #[serde(flatten)]
    pub order: OrderFields,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

// ---- Public -------------------------------------------------------------------------------

/// Access: public, no sign-in. Announced competitions still taking applications.
#[server(prefix = "/api", endpoint = "public/vacancies")]
pub async fn list_public_vacancies() -> Result<Vec<PublicVacancyRow>, AppError> {
    serve_public(|call| async move {
        service::public_list(
            &call.state.db,
            crate::domain::common::georgia_date(call.now),
        )
        .await
    })
    .await
}

/// Access: public. One announcement (announced competitions only; a draft is not found).
#[server(prefix = "/api", endpoint = "public/vacancy")]
pub async fn get_public_vacancy(id: i64) -> Result<PublicVacancy, AppError> {
    serve_public(|call| async move {
        service::public_vacancy(
            &call.state.db,
            id,
            crate::domain::common::georgia_date(call.now),
        )
        .await
    })
    .await
}

/// Access: public, rate- and size-limited. Applies to a competition; answers with the receipt
/// code (shown once; kept only as its hash).
#[server(prefix = "/api", endpoint = "public/apply")]
pub async fn apply(
    competition_id: i64,
    #[server(flatten)] form: ApplicationForm,
    answer: Option<HashMap<String, String>>,
) -> Result<String, AppError> {
    serve_public(|call| async move {
        let code = service::apply(&call.state.db, &call, competition_id, &form, &answer).await?;
        redirect(&format!("/vacancies/status?code={}", code.replace('-', "")));
        Ok(code)
    })
    .await
}

/// Access: public, with the receipt code. The applicant's status, stage results and own marks.
#[server(prefix = "/api", endpoint = "public/application")]
pub async fn get_application_status(code: String) -> Result<ApplicationStatus, AppError> {
    serve_public(|call| async move { service::status(&call.state.db, &call, &code).await }).await
}

/// Access: public, with the receipt code, until the deadline.
#[server(prefix = "/api", endpoint = "public/amend")]
pub async fn amend_application(
    code: String,
    #[server(flatten)] form: ApplicationForm,
    answer: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    serve_public(|call| async move {
        service::amend(&call.state.db, &call, &code, &form, &answer).await?;
        redirect(&format!(
            "/vacancies/status?code={}&amended=1",
            crate::domain::competition::normalize_receipt(&code)
        ));
        Ok(())
    })
    .await
}

/// Access: public, with the receipt code, within the review window after a stage result.
/// Asks for a review of that result.
#[server(prefix = "/api", endpoint = "public/review")]
pub async fn request_review(code: String, ordinal: i64, reason: String) -> Result<(), AppError> {
    serve_public(|call| async move {
        service::request_review(&call.state.db, &call, &code, ordinal, &reason).await?;
        redirect(&format!(
            "/vacancies/status?code={}&review=1",
            crate::domain::competition::normalize_receipt(&code)
        ));
        Ok(())
    })
    .await
}

// ---- Vacancies ----------------------------------------------------------------------------

/// Access: HR and the mayor (vacancy records, opened by themselves, and every competition);
/// commission members (the competitions they sit on).
#[server(prefix = "/api", endpoint = "competitions/board")]
pub async fn get_vacancy_board() -> Result<VacancyBoard, AppError> {
    serve(PANEL, |call| async move {
        service::board(&call.db, &call.actor).await
    })
    .await
}

/// Access: HR. Records the mayor's decision on how to fill a vacancy, with its order; a
/// competition decision drafts the competition from the position.
#[server(prefix = "/api", endpoint = "competitions/decide")]
pub async fn decide_vacancy(
    vacancy_id: i64,
    revision: i64,
    #[server(flatten)] form: DecisionForm,
) -> Result<Option<i64>, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::DecisionInput::parse(&form)?;
        let competition =
            service::decide(&call.db, &call.actor, vacancy_id, revision, input).await?;
        match competition {
            Some(id) => redirect(&format!("/competitions/{id}")),
            None => redirect("/competitions"),
        }
        Ok(competition)
    })
    .await
}

/// Access: the mayor. Appoints a runner-up from an equivalent competition's reserve list to a
/// vacancy decided for a competition not yet announced (the draft is cancelled).
#[server(prefix = "/api", endpoint = "competitions/appoint_reserve")]
pub async fn appoint_from_reserve(
    vacancy_id: i64,
    revision: i64,
    application_id: String,
    #[server(flatten)] form: OrderActionForm,
) -> Result<i64, AppError> {
    serve(Access::MAYOR, |call| async move {
        let mut p = crate::error::Problems::default();
        p.take(forms::confirmed(&form.confirm));
        let order = p.take(crate::orders::service::OrderInput::parse(&form.order));
        let start = p.take(forms::required_date("start_date", &form.start_date));
        p.take(forms::required_id("application_id", &application_id));
        p.finish()?;
        let (Some(order), Some(start)) = (order, start) else {
            return Err(AppError::invalid(
                "start_date",
                crate::i18n::Key::ValidationDate,
            ));
        };
        let employee = service::appoint_from_reserve(
            &call.db,
            &call.actor,
            vacancy_id,
            revision,
            &application_id,
            order,
            start,
        )
        .await?;
        redirect(&format!("/employees/{employee}"));
        Ok(employee)
    })
    .await
}

// ---- Competition --------------------------------------------------------------------------

/// Access: HR, the mayor, and the competition's commission members.
#[server(prefix = "/api", endpoint = "competitions/get")]
pub async fn get_competition(id: i64) -> Result<CompetitionDetail, AppError> {
    serve(PANEL, |call| async move {
        service::detail(&call.db, &call.actor, id).await
    })
    .await
}

/// Access: HR, while the competition is a draft.
#[server(prefix = "/api", endpoint = "competitions/announcement")]
pub async fn save_announcement(
    id: i64,
    revision: i64,
    #[server(flatten)] form: AnnouncementForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::AnnouncementInput::parse(&form, call.today())?;
        service::save_announcement(&call.db, &call.actor, id, revision, input).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR, while the competition is a draft.
#[server(prefix = "/api", endpoint = "competitions/stages")]
pub async fn save_stages(
    id: i64,
    revision: i64,
    stage_kind: Option<HashMap<String, String>>,
    stage_max: Option<HashMap<String, String>>,
    stage_weight: Option<HashMap<String, String>>,
    stage_pass: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let form = StagesForm {
            stage_kind,
            stage_max,
            stage_weight,
            stage_pass,
        };
        let stages = service::parse_stages(&form)?;
        service::save_stages(&call.db, &call.actor, id, revision, stages).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR, before anyone declared.
#[server(prefix = "/api", endpoint = "competitions/commission")]
pub async fn set_commission(
    id: i64,
    revision: i64,
    chair: String,
    secretary: String,
    member: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let form = CommissionForm {
            chair,
            secretary,
            member,
        };
        let members = service::parse_commission(&form)?;
        service::set_commission(&call.db, &call.actor, id, revision, members).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: the mayor. Announces the competition by an order.
#[server(prefix = "/api", endpoint = "competitions/announce")]
pub async fn announce_competition(
    id: i64,
    revision: i64,
    #[server(flatten)] form: OrderActionForm,
) -> Result<(), AppError> {
    serve(Access::MAYOR, |call| async move {
        forms::confirmed(&form.confirm)?;
        let order = crate::orders::service::OrderInput::parse(&form.order)?;
        service::announce(&call.db, &call.actor, id, revision, order).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Records the formal check of one application: admitted, or not with a coded
/// reason.
#[server(prefix = "/api", endpoint = "competitions/formal_check")]
pub async fn record_formal_check(
    application_id: i64,
    revision: i64,
    outcome: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let id = service::formal_check(
            &call.db,
            &call.actor,
            application_id,
            revision,
            &outcome,
            &note,
        )
        .await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Ends the formal check: the admitted go to the first stage.
#[server(prefix = "/api", endpoint = "competitions/start_stages")]
pub async fn start_stages(id: i64, revision: i64) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        service::start_stages(&call.db, &call.actor, id, revision).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR, the mayor and members of this commission. One application (logged).
#[server(prefix = "/api", endpoint = "competitions/application")]
pub async fn get_application(id: i64) -> Result<ApplicationDetail, AppError> {
    serve(PANEL, |call| async move {
        service::application_detail(&call.db, &call.actor, id).await
    })
    .await
}

// ---- Commission ---------------------------------------------------------------------------

/// Access: members of this commission. The declarations and the score sheets of the current
/// stage.
#[server(prefix = "/api", endpoint = "competitions/scoring")]
pub async fn get_scoring(id: i64) -> Result<ScoringView, AppError> {
    serve(Access::AnyOf(&[Role::Commission]), |call| async move {
        service::scoring(&call.db, &call.actor, id).await
    })
    .await
}

/// Access: a member of this commission, once. Declares a conflict of interest (or none) with
/// each applicant: `conflict[<application id>]` ticked for a conflict.
#[server(prefix = "/api", endpoint = "competitions/declare")]
pub async fn declare_interests(
    id: i64,
    conflict: Option<HashMap<String, String>>,
    #[server(default)] note: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::AnyOf(&[Role::Commission]), |call| async move {
        forms::confirmed(&confirm)?;
        let conflicts = forms::ticked_ids(&conflict);
        service::declare(&call.db, &call.actor, id, &conflicts, &note).await?;
        redirect(&format!("/competitions/{id}/scoring"));
        Ok(())
    })
    .await
}

/// Access: a member of this commission. Submits (and so locks) their sheet for one applicant
/// in the current stage.
#[server(prefix = "/api", endpoint = "competitions/score")]
pub async fn submit_sheet(
    id: i64,
    application_id: i64,
    score: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    serve(Access::AnyOf(&[Role::Commission]), |call| async move {
        let score = forms::decimal("score", &score)?;
        let comment = forms::optional_text("comment", &comment, 2_000)?;
        service::submit_sheet(&call.db, &call.actor, id, application_id, score, &comment).await?;
        redirect(&format!("/competitions/{id}/scoring"));
        Ok(())
    })
    .await
}

/// Access: the chair. Opens a re-score round for one applicant with a reason.
#[server(prefix = "/api", endpoint = "competitions/rescore")]
pub async fn open_rescore(id: i64, application_id: i64, reason: String) -> Result<(), AppError> {
    serve(Access::AnyOf(&[Role::Commission]), |call| async move {
        let reason = forms::long_text("reason", &reason)?;
        service::open_rescore(&call.db, &call.actor, id, application_id, &reason).await?;
        redirect(&format!("/competitions/{id}/scoring"));
        Ok(())
    })
    .await
}

/// Access: the chair of this commission. Records a member absent from the current stage's
/// session (before they scored in it).
#[server(prefix = "/api", endpoint = "competitions/absent")]
pub async fn mark_absent(
    id: i64,
    revision: i64,
    user_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::AnyOf(&[Role::Commission]), |call| async move {
        forms::confirmed(&confirm)?;
        service::mark_absent(&call.db, &call.actor, id, revision, user_id).await?;
        redirect(&format!("/competitions/{id}/scoring"));
        Ok(())
    })
    .await
}

/// Access: HR, or the chair or secretary of this commission. Sets a stage's day and place,
/// told to the applicants at least the notice period before it.
#[server(prefix = "/api", endpoint = "competitions/schedule_stage")]
pub async fn schedule_stage(
    id: i64,
    revision: i64,
    ordinal: String,
    held_on: String,
    venue: String,
) -> Result<(), AppError> {
    serve(
        Access::AnyOf(&[Role::Hr, Role::Commission]),
        |call| async move {
            service::schedule_stage(
                &call.db,
                &call.actor,
                id,
                revision,
                &ordinal,
                &held_on,
                &venue,
            )
            .await?;
            redirect(&format!("/competitions/{id}"));
            Ok(())
        },
    )
    .await
}

/// Access: the chair. Closes the current stage: results computed and stored, those who pass
/// go on; after the last stage the ranking.
#[server(prefix = "/api", endpoint = "competitions/close_stage")]
pub async fn close_stage(id: i64, revision: i64, confirm: Option<String>) -> Result<(), AppError> {
    serve(Access::AnyOf(&[Role::Commission]), |call| async move {
        forms::confirmed(&confirm)?;
        service::close_stage(&call.db, &call.actor, id, revision).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: the chair. Decides a tie for the first place with a recorded reason.
#[server(prefix = "/api", endpoint = "competitions/break_tie")]
pub async fn break_tie(
    id: i64,
    revision: i64,
    application_id: String,
    reason: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::AnyOf(&[Role::Commission]), |call| async move {
        forms::confirmed(&confirm)?;
        let winner = forms::required_id("application_id", &application_id)?;
        let reason = forms::long_text("reason", &reason)?;
        service::break_tie(&call.db, &call.actor, id, revision, winner, &reason).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

// ---- Outcome ------------------------------------------------------------------------------

/// Access: HR. The winner is notified; their documents are due within the rule's days.
#[server(prefix = "/api", endpoint = "competitions/notify")]
pub async fn notify_winner(id: i64, revision: i64) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        service::notify_winner(&call.db, &call.actor, id, revision).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. The winner declined: the next on the reserve list is notified, or the
/// competition fails when there is nobody.
#[server(prefix = "/api", endpoint = "competitions/declined")]
pub async fn winner_declined(
    id: i64,
    revision: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        service::winner_declined(&call.db, &call.actor, id, revision).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: the mayor. The appointment order: the employee (found by personal number or
/// created), the assignment, a probation record for a first appointment; the vacancy closes.
#[server(prefix = "/api", endpoint = "competitions/appoint")]
pub async fn appoint_winner(
    id: i64,
    revision: i64,
    #[server(flatten)] form: OrderActionForm,
) -> Result<i64, AppError> {
    serve(Access::MAYOR, |call| async move {
        forms::confirmed(&form.confirm)?;
        let order = crate::orders::service::OrderInput::parse(&form.order)?;
        let start = forms::required_date("start_date", &form.start_date)?;
        let employee =
            service::appoint_winner(&call.db, &call.actor, id, revision, order, start).await?;
        redirect(&format!("/employees/{employee}"));
        Ok(employee)
    })
    .await
}

/// Access: HR. Records a failed competition with its reason; the vacancy returns to the
/// decision.
#[server(prefix = "/api", endpoint = "competitions/fail")]
pub async fn fail_competition(
    id: i64,
    revision: i64,
    reason: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        let reason = forms::long_text("reason", &reason)?;
        service::fail(&call.db, &call.actor, id, revision, &reason).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR or the mayor who did not score the applicant. Decides a review request.
#[server(prefix = "/api", endpoint = "competitions/review")]
pub async fn decide_review(
    id: i64,
    review_id: i64,
    revision: i64,
    outcome: String,
    decision: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        let input = service::ReviewDecision::parse(&outcome, &decision, &confirm)?;
        service::decide_review(&call.db, &call.actor, id, review_id, revision, input).await?;
        redirect(&format!("/competitions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR, while the competition takes applications or has just closed them. Enters an
/// application received elsewhere (on paper, by post, from the national portal); answers
/// with the receipt code to hand to the applicant.
#[server(prefix = "/api", endpoint = "competitions/enter_application")]
pub async fn enter_application(
    competition_id: i64,
    received_on: String,
    #[server(flatten)] form: ApplicationForm,
    answer: Option<HashMap<String, String>>,
) -> Result<String, AppError> {
    serve(Access::HR, |call| async move {
        let received = forms::required_date("received_on", &received_on)?;
        let code = service::enter_application(
            &call.db,
            &call.actor,
            competition_id,
            received,
            &form,
            &answer,
        )
        .await?;
        if crate::ssr::is_form_post() {
            redirect(&format!("/competitions/{competition_id}?receipt={code}"));
        }
        Ok(code)
    })
    .await
}

/// Access: HR. Imports applications received elsewhere from a CSV file (one row each, the
/// columns of `APPLICATION_COLUMNS`): all rows or none; every bad cell is listed.
#[server(prefix = "/api", endpoint = "competitions/import_applications")]
pub async fn import_applications(
    competition_id: i64,
    csv: String,
    commit: Option<String>,
) -> Result<ApplicationImport, AppError> {
    serve(Access::HR, |call| async move {
        let commit = matches!(commit.as_deref(), Some("true" | "on"));
        let report =
            service::import_applications(&call.db, &call.actor, competition_id, &csv, commit)
                .await?;
        // Without JavaScript the page is reloaded: the outcome and the receipt codes (by the
        // file's line) travel in the address; the per-line errors need the script.
        if crate::ssr::is_form_post() {
            let receipts: Vec<String> = report
                .receipts
                .iter()
                .map(|(line, code)| format!("{line}:{code}"))
                .collect();
            redirect(&format!(
                "/competitions/{competition_id}?rows={}&errors={}&committed={}&receipts={}",
                report.rows,
                report.errors.len(),
                report.committed,
                receipts.join(",")
            ));
        }
        Ok(report)
    })
    .await
}

/// Access: HR, the mayor and members of this commission. The minutes.
#[server(prefix = "/api", endpoint = "competitions/minutes")]
pub async fn get_minutes(id: i64) -> Result<Minutes, AppError> {
    serve(PANEL, |call| async move {
        service::minutes(&call.db, &call.actor, id).await
    })
    .await
}
