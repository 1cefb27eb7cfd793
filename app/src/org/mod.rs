//! The organisation: institutions, units (services and departments), positions (the staff
//! list, საშტატო ნუსხა), vacancies and the staff reports. People and their files are in
//! `people`, orders in `orders`.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::error::AppError;
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A structural unit's level (DOMAIN.md §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitKind {
    /// Primary structural unit (სამსახური).
    Service,
    /// Secondary structural unit (განყოფილება).
    Department,
}

impl UnitKind {
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Service => "service",
            UnitKind::Department => "department",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
}

/// Staff category of a position (DOMAIN.md §2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmploymentType {
    /// Professional public servant (პროფესიული საჯარო მოხელე).
    Officer,
    AdminContract,
    LabourContract,
    /// Political official (mayor, deputies).
    Political,
    Intern,
}

impl EmploymentType {
    pub const ALL: [EmploymentType; 5] = [
        EmploymentType::Officer,
        EmploymentType::AdminContract,
        EmploymentType::LabourContract,
        EmploymentType::Political,
        EmploymentType::Intern,
    ];

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            EmploymentType::Officer => "officer",
            EmploymentType::AdminContract => "admin_contract",
            EmploymentType::LabourContract => "labour_contract",
            EmploymentType::Political => "political",
            EmploymentType::Intern => "intern",
        }
    }
}

/// Why someone holds a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignmentBasis {
    Competition,
    Mobility,
    Promotion,
    Transfer,
    Acting,
    WithoutCompetition,
    Reorganization,
}

impl AssignmentBasis {
    pub const ALL: [AssignmentBasis; 7] = [
        AssignmentBasis::Competition,
        AssignmentBasis::Mobility,
        AssignmentBasis::Promotion,
        AssignmentBasis::Transfer,
        AssignmentBasis::Acting,
        AssignmentBasis::WithoutCompetition,
        AssignmentBasis::Reorganization,
    ];

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            AssignmentBasis::Competition => "competition",
            AssignmentBasis::Mobility => "mobility",
            AssignmentBasis::Promotion => "promotion",
            AssignmentBasis::Transfer => "transfer",
            AssignmentBasis::Acting => "acting",
            AssignmentBasis::WithoutCompetition => "without_competition",
            AssignmentBasis::Reorganization => "reorganization",
        }
    }
}

/// A name in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bilingual {
    pub ka: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, locale: crate::i18n::Locale) -> &str {
        match locale {
            crate::i18n::Locale::Ka => &self.ka,
            crate::i18n::Locale::En => &self.en,
        }
    }
}

impl Bilingual {
    pub fn new(ka: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual {
            ka: ka.into(),
            en: en.into(),
        }
    }
}

/// A person, by name, for links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub id: i64,
    pub name: Bilingual,
}

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
    pub employment_type: String,
    /// Hidden (None) from callers who may not see salaries.
    pub salary: Option<Decimal>,
    pub is_head: bool,
    pub holder: Option<PersonRef>,
    pub acting: Option<PersonRef>,
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
    pub event_type: String,
    pub effective_date: NaiveDate,
    pub order: Option<OrderRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRef {
    pub id: i64,
    pub number: String,
    pub order_date: NaiveDate,
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
    /// The employment type code, or the rank ("rank-1"…) for officers.
    pub group: String,
    pub women: i64,
    pub men: i64,
}

impl ReportRow {
    pub fn total(&self) -> i64 {
        self.women + self.men
    }
}

/// What the forms offer: units, categories, the positions outside units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgOptions {
    pub units: Vec<UnitOption>,
    pub categories: Vec<Category>,
    pub vacant_positions: Vec<Vacancy>,
    /// Every position in effect today: (id, unit id, title, unit name).
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

/// Parses the "as of" date of a query: empty means today.
pub fn parse_as_of(text: &Option<String>) -> Result<NaiveDate, AppError> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today()),
        Some(t) => crate::domain::csv_import::parse_date(t)
            .ok_or_else(|| AppError::invalid("as_of", crate::i18n::Key::ValidationDate)),
    }
}

/// Today's date in Georgia (UTC+4), where the office is.
pub fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(4)).date_naive()
}

/// Access: HR, the mayor, managers (figures only; staff details are scoped per unit).
#[server(prefix = "/api", endpoint = "org/tree")]
pub async fn get_org_tree(as_of: Option<String>) -> Result<OrgTree, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            let actor = require(Access::AnyOf(&[Role::Hr, Role::Mayor, Role::Manager])).await?;
            let on = parse_as_of(&as_of)?;
            let mut tree = service::tree(&state()?.db.read, on).await?;
            if !(actor.has(Role::Hr) || actor.has(Role::Mayor)) {
                tree.leadership.iter_mut().for_each(|r| r.salary = None);
            }
            Ok(tree)
        }
        .await,
    )
}

/// Access: HR and the mayor see every unit with salaries; a manager sees the units they head
/// (and their sub-units), without salaries.
#[server(prefix = "/api", endpoint = "org/unit")]
pub async fn get_unit_staff(unit_id: i64, as_of: Option<String>) -> Result<UnitStaff, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, scope, state, Access};
            let actor = require(Access::AnyOf(&[Role::Hr, Role::Mayor, Role::Manager])).await?;
            let on = parse_as_of(&as_of)?;
            let db = state()?.db.read;
            let scope = scope::people_scope(&actor, &db).await?;
            service::unit_staff(&db, unit_id, on, &scope).await
        }
        .await,
    )
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "org/vacancies")]
pub async fn list_vacancies(as_of: Option<String>) -> Result<Vec<Vacancy>, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            let on = parse_as_of(&as_of)?;
            service::vacancies(&state()?.db.read, on).await
        }
        .await,
    )
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "org/staff_report")]
pub async fn get_staff_report(as_of: Option<String>) -> Result<StaffReport, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            let on = parse_as_of(&as_of)?;
            Ok(repo::staff_report(&state()?.db.read, on).await?)
        }
        .await,
    )
}

/// Access: HR (the choices of the editing forms).
#[server(prefix = "/api", endpoint = "org/options")]
pub async fn get_org_options() -> Result<OrgOptions, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr])).await?;
            let db = state()?.db.read;
            let on = today();
            Ok(OrgOptions {
                units: repo::unit_options(&db, on).await?,
                categories: repo::categories(&db, on).await?,
                vacant_positions: service::vacancies(&db, on).await?,
                positions: repo::staff_rows(&db, on)
                    .await?
                    .into_iter()
                    .map(|(row, unit_id, _)| PositionOption {
                        id: row.position_id,
                        unit_id,
                        title: row.title,
                        holder: row.holder,
                    })
                    .collect(),
            })
        }
        .await,
    )
}

/// Access: HR. Creates a service (no parent) or a department, by order.
#[server(prefix = "/api", endpoint = "org/create_unit")]
#[allow(clippy::too_many_arguments)]
pub async fn create_unit(
    parent_id: String,
    code: String,
    name_ka: String,
    name_en: String,
    valid_from: String,
    order_number: String,
    order_date: String,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let input = service::UnitInput::parse(
                &parent_id,
                &code,
                &name_ka,
                &name_en,
                &valid_from,
                &order_number,
                &order_date,
            )?;
            let id = service::create_unit(&actor, input).await?;
            leptos_axum::redirect(&format!("/org/units/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// Access: HR. A reorganization step: rename, move to another service, or abolish.
#[server(prefix = "/api", endpoint = "org/change_unit")]
#[allow(clippy::too_many_arguments)]
pub async fn change_unit(
    unit_id: i64,
    change: String,
    name_ka: String,
    name_en: String,
    parent_id: String,
    effective_date: String,
    order_number: String,
    order_date: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::confirmed(&confirm)?;
            let change = service::UnitChange::parse(&change, &name_ka, &name_en, &parent_id)?;
            let effective = service::required_date("effective_date", &effective_date)?;
            let order = service::OrderInput::parse(&order_number, &order_date)?;
            service::change_unit(&actor, unit_id, change, effective, order).await?;
            leptos_axum::redirect(&format!("/org/units/{unit_id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Adds a position to the staff list.
#[server(prefix = "/api", endpoint = "org/create_position")]
#[allow(clippy::too_many_arguments)]
pub async fn create_position(
    unit_id: String,
    title_ka: String,
    title_en: String,
    category_id: String,
    employment_type: String,
    salary: String,
    is_head: Option<String>,
    valid_from: String,
    job_description_ka: String,
    job_description_en: String,
    requirements_min_ka: String,
    requirements_min_en: String,
    requirements_extra_ka: String,
    requirements_extra_en: String,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let input = service::PositionInput {
                unit_id: service::optional_id("unit_id", &unit_id)?,
                title: service::bilingual("title", &title_ka, &title_en)?,
                category_id: service::optional_id("category_id", &category_id)?,
                employment_type: EmploymentType::parse(employment_type.trim()).ok_or_else(
                    || {
                        AppError::invalid(
                            "employment_type",
                            crate::i18n::Key::ValidationEmploymentType,
                        )
                    },
                )?,
                // Empty: base salary × the category's coefficient.
                salary: match salary.trim() {
                    "" => None,
                    text => {
                        Some(crate::domain::csv_import::parse_money(text).ok_or_else(|| {
                            AppError::invalid("salary", crate::i18n::Key::ValidationMoney)
                        })?)
                    }
                },
                is_head: is_head.is_some(),
                valid_from: service::required_date("valid_from", &valid_from)?,
                job_description: Bilingual::new(
                    job_description_ka.trim(),
                    job_description_en.trim(),
                ),
                requirements_min: Bilingual::new(
                    requirements_min_ka.trim(),
                    requirements_min_en.trim(),
                ),
                requirements_extra: Bilingual::new(
                    requirements_extra_ka.trim(),
                    requirements_extra_en.trim(),
                ),
            };
            let unit = input.unit_id;
            let id = service::create_position(&actor, input).await?;
            leptos_axum::redirect(
                &unit
                    .map(|u| format!("/org/units/{u}"))
                    .unwrap_or_else(|| "/org".into()),
            );
            Ok(id)
        }
        .await,
    )
}

/// Access: HR. Who supervises a position: an explicit override of the structure (`reports_to`
/// empty clears it) — or, for a service, the deputy mayor assigned to it.
#[server(prefix = "/api", endpoint = "org/set_supervision")]
pub async fn set_supervision(
    unit_id: i64,
    position_id: String,
    reports_to: String,
    deputy_position_id: String,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let position = service::optional_id("position_id", &position_id)?;
            let reports_to = service::optional_id("reports_to", &reports_to)?;
            let deputy = service::optional_id("deputy_position_id", &deputy_position_id)?;
            service::set_supervision(&actor, unit_id, position, reports_to, deputy).await?;
            leptos_axum::redirect(&format!("/org/units/{unit_id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Takes a position off the staff list from a date, by order (nobody may hold it
/// then).
#[server(prefix = "/api", endpoint = "org/end_position")]
pub async fn end_position(
    position_id: String,
    end_date: String,
    order_number: String,
    order_date: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::confirmed(&confirm)?;
            let position = service::optional_id("position_id", &position_id)?.ok_or_else(|| {
                AppError::invalid("position_id", crate::i18n::Key::ValidationRequired)
            })?;
            let end = service::required_date("end_date", &end_date)?;
            let order = service::OrderInput::parse(&order_number, &order_date)?;
            let unit = service::end_position(&actor, position, end, order).await?;
            leptos_axum::redirect(
                &unit
                    .map(|u| format!("/org/units/{u}"))
                    .unwrap_or_else(|| "/org".into()),
            );
            Ok(())
        }
        .await,
    )
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
    pub editable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionHolder {
    pub person: PersonRef,
    pub basis: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

/// Access: HR and the mayor; a manager for positions held by their people (no salary).
#[server(prefix = "/api", endpoint = "org/position")]
pub async fn get_position(id: i64) -> Result<PositionDetail, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, scope, state, Access};
            let actor = require(Access::AnyOf(&[Role::Hr, Role::Mayor, Role::Manager])).await?;
            let db = state()?.db.read;
            let scope = scope::people_scope(&actor, &db).await?;
            let mut detail = service::position(&db, id).await?;
            if !scope.sees_salaries() {
                let holder = detail.row.holder.as_ref().map(|h| h.id);
                if !holder.is_some_and(|h| scope.can_see(h)) {
                    return Err(AppError::Forbidden);
                }
                detail.row.salary = None;
                detail.coefficient = None;
            }
            detail.editable = actor.has(Role::Hr);
            Ok(detail)
        }
        .await,
    )
}

/// Access: HR. Corrects a position's titles and texts (job description, qualification
/// requirements). Pay, rank and unit are not edited: a different position is a new staff-list
/// line from its date (end this one, create the other), so the past stays as it was.
#[server(prefix = "/api", endpoint = "org/update_position")]
#[allow(clippy::too_many_arguments)]
pub async fn update_position(
    id: i64,
    title_ka: String,
    title_en: String,
    job_description_ka: String,
    job_description_en: String,
    requirements_min_ka: String,
    requirements_min_en: String,
    requirements_extra_ka: String,
    requirements_extra_en: String,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let texts = service::PositionTexts {
                title: service::bilingual("title", &title_ka, &title_en)?,
                job_description: Bilingual::new(
                    job_description_ka.trim(),
                    job_description_en.trim(),
                ),
                requirements_min: Bilingual::new(
                    requirements_min_ka.trim(),
                    requirements_min_en.trim(),
                ),
                requirements_extra: Bilingual::new(
                    requirements_extra_ka.trim(),
                    requirements_extra_en.trim(),
                ),
            };
            service::update_position(&actor, id, texts).await?;
            leptos_axum::redirect(&format!("/org/positions/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Merges a unit into another of the same level from a date, by order: the unit
/// ends, each of its positions ends and reappears in the other unit, their holders move with
/// them (basis: reorganization) and a service's departments move under the other service.
/// Nothing is overwritten: the structure before the date stays as it was.
#[server(prefix = "/api", endpoint = "org/merge_unit")]
pub async fn merge_unit(
    unit_id: i64,
    target_id: String,
    effective_date: String,
    order_number: String,
    order_date: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::confirmed(&confirm)?;
            let target = service::optional_id("target_id", &target_id)?.ok_or_else(|| {
                AppError::invalid("target_id", crate::i18n::Key::ValidationRequired)
            })?;
            let effective = service::required_date("effective_date", &effective_date)?;
            let order = service::OrderInput::parse(&order_number, &order_date)?;
            service::merge_unit(&actor, unit_id, target, effective, order).await?;
            leptos_axum::redirect(&format!("/org/units/{target}"));
            Ok(())
        }
        .await,
    )
}
