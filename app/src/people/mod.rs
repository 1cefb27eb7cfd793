//! People and their personal files (პირადი საქმე): the employee list, the file itself with its
//! assignments, education, work history and documents; appointments and their ends, each
//! made by an order; importing people and positions from CSV.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::csv_import::RowError;
use crate::error::AppError;
use crate::org::{Bilingual, OrderRef, PersonRef};
use crate::page::Page;
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A row of the employee list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeRow {
    pub id: i64,
    pub personal_number: String,
    pub name: Bilingual,
    pub gender: String,
    pub position: Option<Bilingual>,
    pub unit: Option<Bilingual>,
    pub rank: Option<i64>,
    pub category: Option<Bilingual>,
    pub active: bool,
}

/// Filters and order of the employee list (all optional; from the query string).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeFilter {
    pub q: Option<String>,
    pub unit: Option<i64>,
    pub rank: Option<i64>,
    pub category: Option<i64>,
    pub gender: Option<String>,
    /// "active", "former", "unassigned"; anything else: everyone.
    pub status: Option<String>,
    /// "name" (default), "personal_number", "unit", "rank", "birth_date"; "-" prefix reverses.
    pub sort: Option<String>,
    pub page: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub id: i64,
    pub position_id: i64,
    pub position: Bilingual,
    pub unit: Option<Bilingual>,
    pub basis: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub order: Option<OrderRef>,
    pub end_order: Option<OrderRef>,
    pub salary: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EducationEntry {
    pub id: i64,
    pub institution: String,
    pub qualification: String,
    pub graduated_year: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkEntry {
    pub id: i64,
    pub employer: String,
    pub position_title: String,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentEntry {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub reference: String,
    pub issued_on: Option<NaiveDate>,
}

/// The personal file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeFile {
    pub id: i64,
    pub personal_number: String,
    pub first_name: Bilingual,
    pub last_name: Bilingual,
    pub gender: String,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub supervisor: Option<PersonRef>,
    pub assignments: Vec<AssignmentView>,
    pub education: Vec<EducationEntry>,
    pub work_history: Vec<WorkEntry>,
    pub documents: Vec<DocumentEntry>,
    /// The caller may change this file (HR).
    pub editable: bool,
}

impl EmployeeFile {
    pub fn name(&self) -> Bilingual {
        Bilingual::new(
            format!("{} {}", self.first_name.ka, self.last_name.ka),
            format!("{} {}", self.first_name.en, self.last_name.en),
        )
    }
}

/// The result of checking (or importing) a CSV file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: usize,
    pub errors: Vec<RowError>,
    pub committed: bool,
}

/// Access: HR and the mayor (everyone), managers (their people).
#[server(prefix = "/api", endpoint = "people/list")]
pub async fn list_employees(filter: Option<EmployeeFilter>) -> Result<Page<EmployeeRow>, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, scope, state, Access};
            let actor = require(Access::AnyOf(&[Role::Hr, Role::Mayor, Role::Manager])).await?;
            let db = state()?.db.read;
            let scope = scope::people_scope(&actor, &db).await?;
            let filter = filter.unwrap_or_default();
            Ok(repo::list(&db, &filter, &scope, crate::org::today()).await?)
        }
        .await,
    )
}

/// Access: HR and the mayor (anyone), managers (their people), everyone (themself).
#[server(prefix = "/api", endpoint = "people/get")]
pub async fn get_employee(id: i64) -> Result<EmployeeFile, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, scope, state, Access};
            let actor = require(Access::SignedIn).await?;
            let db = state()?.db.read;
            let scope = scope::people_scope(&actor, &db).await?;
            let salaries = scope.open_file(id)?;
            let mut file = service::file(&db, id, salaries).await?;
            file.editable = actor.has(Role::Hr);
            Ok(file)
        }
        .await,
    )
}

/// Access: HR. Opens a personal file.
#[server(prefix = "/api", endpoint = "people/create")]
#[allow(clippy::too_many_arguments)]
pub async fn create_employee(
    personal_number: String,
    first_name_ka: String,
    last_name_ka: String,
    first_name_en: String,
    last_name_en: String,
    gender: String,
    birth_date: String,
    email: String,
    phone: String,
    notes: String,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let input = service::EmployeeInput::parse(
                &personal_number,
                &first_name_ka,
                &last_name_ka,
                &first_name_en,
                &last_name_en,
                &gender,
                &birth_date,
                &email,
                &phone,
                &notes,
            )?;
            let id = service::create(&actor, input).await?;
            leptos_axum::redirect(&format!("/employees/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// Access: HR. Changes the personal details (the personal number included).
#[server(prefix = "/api", endpoint = "people/update")]
#[allow(clippy::too_many_arguments)]
pub async fn update_employee(
    id: i64,
    personal_number: String,
    first_name_ka: String,
    last_name_ka: String,
    first_name_en: String,
    last_name_en: String,
    gender: String,
    birth_date: String,
    email: String,
    phone: String,
    notes: String,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let input = service::EmployeeInput::parse(
                &personal_number,
                &first_name_ka,
                &last_name_ka,
                &first_name_en,
                &last_name_en,
                &gender,
                &birth_date,
                &email,
                &phone,
                &notes,
            )?;
            service::update(&actor, id, input).await?;
            leptos_axum::redirect(&format!("/employees/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Appoints an employee to a position by an order.
#[server(prefix = "/api", endpoint = "people/appoint")]
#[allow(clippy::too_many_arguments)]
pub async fn appoint(
    employee_id: i64,
    position_id: String,
    basis: String,
    start_date: String,
    end_date: String,
    order_number: String,
    order_date: String,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::i18n::Key;
            use crate::org::service::{optional_date, optional_id, required_date, OrderInput};
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let position_id = optional_id("position_id", &position_id)?
                .ok_or_else(|| AppError::invalid("position_id", Key::ValidationRequired))?;
            let basis = crate::org::AssignmentBasis::parse(basis.trim())
                .ok_or_else(|| AppError::invalid("basis", Key::ValidationChoice))?;
            let start = required_date("start_date", &start_date)?;
            let end = optional_date("end_date", &end_date)?;
            let order = OrderInput::parse(&order_number, &order_date)?;
            let id = service::appoint(&actor, employee_id, position_id, basis, start, end, order)
                .await?;
            leptos_axum::redirect(&format!("/employees/{employee_id}?tab=assignments"));
            Ok(id)
        }
        .await,
    )
}

/// Access: HR. Ends an assignment (dismissal or transfer out) by an order.
#[server(prefix = "/api", endpoint = "people/end_assignment")]
pub async fn end_assignment(
    assignment_id: i64,
    end_date: String,
    reason: String,
    order_number: String,
    order_date: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::org::service::{confirmed, required_date, required_text, OrderInput};
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            confirmed(&confirm)?;
            let end = required_date("end_date", &end_date)?;
            let reason = required_text("reason", &reason)?;
            let order = OrderInput::parse(&order_number, &order_date)?;
            let employee =
                service::end_assignment(&actor, assignment_id, end, reason, order).await?;
            leptos_axum::redirect(&format!("/employees/{employee}?tab=assignments"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Adds an entry to a personal file: `section` is "education", "work" or
/// "document"; `a`–`d` are that section's fields in form order.
#[server(prefix = "/api", endpoint = "people/add_entry")]
pub async fn add_file_entry(
    employee_id: i64,
    section: String,
    a: String,
    b: String,
    c: String,
    d: Option<String>,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::add_entry(
                &actor,
                employee_id,
                &section,
                &a,
                &b,
                &c,
                d.as_deref().unwrap_or_default(),
            )
            .await?;
            leptos_axum::redirect(&format!("/employees/{employee_id}?tab={section}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Removes an entry from a personal file (after the user confirmed).
#[server(prefix = "/api", endpoint = "people/remove_entry")]
pub async fn remove_file_entry(
    employee_id: i64,
    section: String,
    entry_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            crate::org::service::confirmed(&confirm)?;
            service::remove_entry(&actor, employee_id, &section, entry_id).await?;
            leptos_axum::redirect(&format!("/employees/{employee_id}?tab={section}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Checks a CSV file of employees or positions (`kind`), and with `commit`
/// imports it: every row or none.
#[server(prefix = "/api", endpoint = "people/import")]
pub async fn import_csv(
    kind: String,
    csv: String,
    commit: Option<String>,
) -> Result<ImportReport, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let report = service::import(
                &actor,
                &kind,
                &csv,
                commit.is_some_and(|c| c == "true" || c == "on"),
            )
            .await?;
            // Without JavaScript the page is reloaded: the outcome travels in the address
            // (the per-line list needs the script).
            if crate::ssr::is_form_post() {
                leptos_axum::redirect(&format!(
                    "/import?rows={}&errors={}&committed={}",
                    report.rows,
                    report.errors.len(),
                    report.committed
                ));
            }
            Ok(report)
        }
        .await,
    )
}
