//! The organisation: institutions, units (services and departments), positions (the staff
//! list, საშტატო ნუსხა), vacancies and the staff reports. People and their files are in
//! `people`, orders in `orders`.
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::deadline::DeadlineStatus;
use crate::domain::staff::{AssignmentBasis, EmploymentType, StaffGroup, UnitEventType};
use crate::domain::{Bilingual, OrderRef, PersonRef};
use crate::error::AppError;
use crate::orders::OrderFields;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A position category (DOMAIN.md §2.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub rank: i64,
    pub category_no: i64,
    pub title: Bilingual,
    pub coefficient: Decimal,
}

/// A unit with its figures on the chosen date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub is_service: bool,
    pub code: String,
    pub name: Bilingual,
    pub head: Option<PersonRef>,
    pub positions: i64,
    pub staff: i64,
    pub vacancies: i64,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// The unit's revision, which its forms send back.
    pub revision: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgTree {
    pub as_of: NaiveDate,
    pub institution: Option<Bilingual>,
    pub units: Vec<UnitSummary>,
    /// Positions outside the units: the mayor and deputies.
    pub leadership: Vec<StaffRow>,
    /// For the list filters.
    pub categories: Vec<Category>,
}

/// A line of the staff list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub position_id: i64,
    pub title: Bilingual,
    pub rank: Option<i64>,
    pub category: Option<Bilingual>,
    pub employment_type: EmploymentType,
    /// Hidden (None) from callers who may not see salaries.
    pub salary: Option<Decimal>,
    pub is_head: bool,
    pub holder: Option<PersonRef>,
    pub acting: Option<PersonRef>,
    /// The position's revision, which its forms send back.
    pub revision: i64,
}

impl StaffRow {
    pub fn vacant(&self) -> bool {
        self.holder.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitStaff {
    pub as_of: NaiveDate,
    pub unit: UnitSummary,
    pub parent: Option<Bilingual>,
    pub subunits: Vec<UnitSummary>,
    pub rows: Vec<StaffRow>,
    pub history: Vec<UnitEventView>,
}

/// A reorganization event as shown in a unit's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitEventView {
    pub event_type: UnitEventType,
    pub effective_date: NaiveDate,
    pub order: Option<OrderRef>,
}

/// A vacant position (DOMAIN.md §6.2, published list of vacancies).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vacancy {
    pub position_id: i64,
    pub unit_id: Option<i64>,
    pub unit: Option<Bilingual>,
    pub title: Bilingual,
    pub rank: Option<i64>,
    pub category: Option<Bilingual>,
    pub salary: Decimal,
    pub acting: Option<PersonRef>,
    /// The statutory clock: open from the day after the position fell vacant (or was created).
    pub clock: Option<VacancyClock>,
}

/// A vacancy's deadlines (seed 004 art. 18–19), counted by `domain::deadline` from the day the
/// position fell vacant, with their standing on the list's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacancyClock {
    pub opened_on: NaiveDate,
    pub decision_due: NaiveDate,
    pub decision_status: DeadlineStatus,
    pub fill_due: NaiveDate,
    pub fill_status: DeadlineStatus,
}

/// Staff by category and gender (seed 004 art. 35(3)(თ)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffReport {
    pub as_of: NaiveDate,
    pub rows: Vec<ReportRow>,
    pub total: ReportRow,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    pub group: StaffGroup,
    pub women: i64,
    pub men: i64,
}

impl ReportRow {
    pub fn total(&self) -> i64 {
        self.women + self.men
    }
}

/// What the staff list's filters offer: today's units (services, each followed by its
/// departments) and categories, without the figures of the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListChoices {
    pub units: Vec<UnitOption>,
    pub categories: Vec<Category>,
}

/// A vacant position as the appointment form offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacantChoice {
    pub position_id: i64,
    pub title: Bilingual,
    pub unit: Option<Bilingual>,
}

/// Today's vacant positions, for the appointment form on a personal file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacantChoices(pub Vec<VacantChoice>);

/// What the forms offer: units, categories, the positions outside units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgOptions {
    pub units: Vec<UnitOption>,
    pub categories: Vec<Category>,
    pub vacant_positions: Vec<Vacancy>,
    /// Every position in effect today.
    pub positions: Vec<PositionOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionOption {
    pub id: i64,
    pub unit_id: Option<i64>,
    pub title: Bilingual,
    pub holder: Option<PersonRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOption {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: Bilingual,
}

/// A position with its texts and who has held it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionDetail {
    pub row: StaffRow,
    pub unit_id: Option<i64>,
    pub unit: Option<Bilingual>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub coefficient: Option<Decimal>,
    pub job_description: Bilingual,
    pub requirements_min: Bilingual,
    pub requirements_extra: Bilingual,
    pub holders: Vec<PositionHolder>,
    /// The pay terms it has had and will have, oldest first (empty without access to pay).
    pub terms: Vec<PositionTerms>,
    /// The categories of its rank, for a change of terms (HR).
    pub categories: Vec<Category>,
    pub editable: bool,
}

/// A position's pay terms from a date (ვადიანი პირობები): official salary, category and
/// coefficient, employment type, with the act that set them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionTerms {
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub employment_type: EmploymentType,
    pub salary: Decimal,
    pub category: Option<Bilingual>,
    pub coefficient: Option<Decimal>,
    /// The act's number and date (none for the terms the position was created with).
    pub order: Option<(String, NaiveDate)>,
}

/// What a new base salary from a date would change, for HR to confirm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseSalaryPreview {
    pub valid_from: NaiveDate,
    pub amount: Decimal,
    /// The base salary in force on that day before the revision.
    pub current: Option<Decimal>,
    pub lines: Vec<BaseSalaryLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseSalaryLine {
    pub position_id: i64,
    pub title: Bilingual,
    pub unit: Option<Bilingual>,
    pub coefficient: Decimal,
    pub before: Decimal,
    pub after: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionHolder {
    pub person: PersonRef,
    pub basis: AssignmentBasis,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

// ---- Forms --------------------------------------------------------------------------------

/// A new service (no parent) or department.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitForm {
    pub parent_id: String,
    pub code: String,
    pub name_ka: String,
    pub name_en: String,
    pub valid_from: String,
    #[serde(flatten)]
    pub order: OrderFields,
}

/// A reorganization step: `change` is "rename", "move" or "abolish".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitChangeForm {
    pub change: String,
    pub name_ka: String,
    pub name_en: String,
    pub parent_id: String,
    pub effective_date: String,
    #[serde(flatten)]
    pub order: OrderFields,
    pub confirm: Option<String>,
}

/// A position's titles and texts (job description, qualification requirements).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionTextsForm {
    pub title_ka: String,
    pub title_en: String,
    pub job_description_ka: String,
    pub job_description_en: String,
    pub requirements_min_ka: String,
    pub requirements_min_en: String,
    pub requirements_extra_ka: String,
    pub requirements_extra_en: String,
}

/// A new line of the staff list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionForm {
    pub unit_id: String,
    pub category_id: String,
    pub employment_type: String,
    /// Empty: the base salary × the category's coefficient.
    pub salary: String,
    pub is_head: Option<String>,
    pub valid_from: String,
    #[serde(flatten)]
    pub texts: PositionTextsForm,
}

/// New pay terms of a position from a date, by an act.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsForm {
    pub valid_from: String,
    pub employment_type: String,
    pub category_id: String,
    /// Empty: the base salary in force that day × the category's coefficient.
    pub salary: String,
    #[serde(flatten)]
    pub order: OrderFields,
    pub confirm: Option<String>,
}

/// A new base salary from a date, confirming the list of positions it recomputes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaseSalaryForm {
    pub valid_from: String,
    pub amount: String,
    /// How many positions the confirmed list had (a different list now is a conflict).
    pub expected: String,
    #[serde(flatten)]
    pub order: OrderFields,
    pub confirm: Option<String>,
}

/// Who supervises a position, and (for a service) the deputy mayor over it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionForm {
    pub position_id: String,
    /// Empty: the structure decides.
    pub reports_to: String,
    pub deputy_position_id: String,
}

/// Taking a position off the staff list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndPositionForm {
    pub position_id: String,
    pub end_date: String,
    #[serde(flatten)]
    pub order: OrderFields,
    pub confirm: Option<String>,
}

/// Merging a unit into another.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeForm {
    pub target_id: String,
    pub effective_date: String,
    #[serde(flatten)]
    pub order: OrderFields,
    pub confirm: Option<String>,
}

// ---- Server functions ---------------------------------------------------------------------

/// Access: HR. Today's vacant positions (the appointment form).
#[server(prefix = "/api", endpoint = "org/vacant_choices")]
pub async fn get_vacant_choices() -> Result<VacantChoices, AppError> {
    serve(Access::HR, |call| async move {
        Ok(std::sync::Arc::unwrap_or_clone(
            service::vacant_choices(&call.db, call.today()).await?,
        ))
    })
    .await
}

/// Access: HR, the mayor, managers. The choices of the staff list's filters.
#[server(prefix = "/api", endpoint = "org/choices")]
pub async fn get_list_choices() -> Result<ListChoices, AppError> {
    serve(Access::READERS, |call| async move {
        Ok(std::sync::Arc::unwrap_or_clone(
            service::list_choices(&call.db, call.today()).await?,
        ))
    })
    .await
}

/// Access: HR, the mayor, managers (figures only; staff details are scoped per unit).
#[server(prefix = "/api", endpoint = "org/tree")]
pub async fn get_org_tree(as_of: Option<String>) -> Result<OrgTree, AppError> {
    serve(Access::READERS, |call| async move {
        let on = service::as_of(&as_of, call.today())?;
        let mut tree = std::sync::Arc::unwrap_or_clone(service::tree(&call.db, on).await?);
        if !service::sees_all_salaries(&call.actor) {
            tree.leadership.iter_mut().for_each(|r| r.salary = None);
        }
        Ok(tree)
    })
    .await
}

/// Access: HR and the mayor see every unit with salaries; a manager sees the units they head
/// (and their sub-units), without salaries.
#[server(prefix = "/api", endpoint = "org/unit")]
pub async fn get_unit_staff(unit_id: i64, as_of: Option<String>) -> Result<UnitStaff, AppError> {
    serve(Access::READERS, |call| async move {
        let on = service::as_of(&as_of, call.today())?;
        let scope = service::people_scope(&call.db, &call.actor).await?;
        service::unit_staff(&call.db, unit_id, on, &scope).await
    })
    .await
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "org/vacancies")]
pub async fn list_vacancies(as_of: Option<String>) -> Result<Vec<Vacancy>, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        let on = service::as_of(&as_of, call.today())?;
        service::vacancies(&call.db, on).await
    })
    .await
}

/// Access: public, no sign-in. The staff by category and gender today, which seed 004 art. 35
/// asks the institution to publish; nothing else about anyone.
#[server(prefix = "/api", endpoint = "public/staff")]
pub async fn get_public_staff_report() -> Result<StaffReport, AppError> {
    serve_public(|call| async move {
        let today = crate::domain::common::georgia_date(call.now);
        service::staff_report(&call.state.db, today).await
    })
    .await
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "org/staff_report")]
pub async fn get_staff_report(as_of: Option<String>) -> Result<StaffReport, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        let on = service::as_of(&as_of, call.today())?;
        service::staff_report(&call.db, on).await
    })
    .await
}

/// Access: HR (the choices of the editing forms).
#[server(prefix = "/api", endpoint = "org/options")]
pub async fn get_org_options() -> Result<OrgOptions, AppError> {
    serve(Access::HR, |call| async move {
        service::options(&call.db, call.today()).await
    })
    .await
}

/// Access: HR. Creates a service (no parent) or a department, by order.
#[server(prefix = "/api", endpoint = "org/create_unit")]
pub async fn create_unit(#[server(flatten)] form: UnitForm) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::UnitInput::parse(&form)?;
        let id = service::create_unit(&call.db, &call.actor, input).await?;
        redirect(&format!("/org/units/{id}"));
        Ok(id)
    })
    .await
}

/// Access: HR. A reorganization step: rename, move to another service, or abolish.
#[server(prefix = "/api", endpoint = "org/change_unit")]
pub async fn change_unit(
    unit_id: i64,
    revision: i64,
    #[server(flatten)] form: UnitChangeForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::UnitChangeInput::parse(&form)?;
        service::change_unit(&call.db, &call.actor, unit_id, revision, input).await?;
        redirect(&format!("/org/units/{unit_id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Adds a position to the staff list.
#[server(prefix = "/api", endpoint = "org/create_position")]
pub async fn create_position(#[server(flatten)] form: PositionForm) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::PositionInput::parse(&form)?;
        let unit = input.unit_id;
        let id = service::create_position(&call.db, &call.actor, input).await?;
        redirect(&unit.map_or_else(|| "/org".into(), |u| format!("/org/units/{u}")));
        Ok(id)
    })
    .await
}

/// Access: HR. Who supervises a position: an explicit override of the structure (`reports_to`
/// empty clears it) — or, for a service, the deputy mayor assigned to it.
#[server(prefix = "/api", endpoint = "org/set_supervision")]
pub async fn set_supervision(
    unit_id: i64,
    revision: i64,
    #[server(flatten)] form: SupervisionForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::SupervisionInput::parse(&form)?;
        service::set_supervision(&call.db, &call.actor, unit_id, revision, input).await?;
        redirect(&format!("/org/units/{unit_id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Takes a position off the staff list from a date, by order (nobody may hold it
/// then).
#[server(prefix = "/api", endpoint = "org/end_position")]
pub async fn end_position(
    revision: i64,
    #[server(flatten)] form: EndPositionForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::EndPositionInput::parse(&form)?;
        let unit = service::end_position(&call.db, &call.actor, revision, input).await?;
        redirect(&unit.map_or_else(|| "/org".into(), |u| format!("/org/units/{u}")));
        Ok(())
    })
    .await
}

/// Access: HR and the mayor; a manager for positions held by their people (no salary).
#[server(prefix = "/api", endpoint = "org/position")]
pub async fn get_position(id: i64) -> Result<PositionDetail, AppError> {
    serve(Access::READERS, |call| async move {
        let scope = service::people_scope(&call.db, &call.actor).await?;
        let mut detail = service::position(&call.db, id, &scope, call.today()).await?;
        detail.editable = call.actor.has(crate::domain::Role::Hr);
        Ok(detail)
    })
    .await
}

/// Access: HR. Corrects a position's titles and texts (job description, qualification
/// requirements). Pay terms change from a date (`change_position_terms`); rank and unit are
/// not edited: a different position is a new staff-list line from its date (end this one,
/// create the other), so the past stays as it was.
#[server(prefix = "/api", endpoint = "org/update_position")]
pub async fn update_position(
    id: i64,
    revision: i64,
    #[server(flatten)] form: PositionTextsForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let texts = service::PositionTexts::parse(&form)?;
        service::update_position(&call.db, &call.actor, id, revision, texts).await?;
        redirect(&format!("/org/positions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Changes a position's pay terms (official salary, category and coefficient,
/// employment type) from a date by an act; its holders stay, the terms before stay in its
/// history.
#[server(prefix = "/api", endpoint = "org/change_terms")]
pub async fn change_position_terms(
    id: i64,
    revision: i64,
    #[server(flatten)] form: TermsForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::TermsInput::parse(&form)?;
        service::change_terms(&call.db, &call.actor, id, revision, input).await?;
        redirect(&format!("/org/positions/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. What a new base salary from a date would change (nothing is written).
#[server(prefix = "/api", endpoint = "org/base_salary_preview")]
pub async fn preview_base_salary(
    valid_from: String,
    amount: String,
) -> Result<BaseSalaryPreview, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::BaseSalaryInput::parse(&valid_from, &amount)?;
        service::base_salary_preview(&call.db, &input).await
    })
    .await
}

/// Access: HR. A new base salary from a date: every base × coefficient position in effect that
/// day is recomputed from it, under one order, as the confirmed list showed.
#[server(prefix = "/api", endpoint = "org/revise_base_salary")]
pub async fn revise_base_salary(
    #[server(flatten)] form: BaseSalaryForm,
) -> Result<usize, AppError> {
    serve(Access::HR, |call| async move {
        let n = service::revise_base_salary(&call.db, &call.actor, &form).await?;
        redirect("/org/base-salary?done=1");
        Ok(n)
    })
    .await
}

/// Access: HR. Merges a unit into another of the same level from a date, by order: the unit
/// ends, each of its positions ends and reappears in the other unit, their holders move with
/// them (basis: reorganization) and a service's departments move under the other service.
/// Nothing is overwritten: the structure before the date stays as it was.
#[server(prefix = "/api", endpoint = "org/merge_unit")]
pub async fn merge_unit(
    unit_id: i64,
    revision: i64,
    #[server(flatten)] form: MergeForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::MergeInput::parse(&form)?;
        let target = input.target;
        service::merge_unit(&call.db, &call.actor, unit_id, revision, input).await?;
        redirect(&format!("/org/units/{target}"));
        Ok(())
    })
    .await
}
