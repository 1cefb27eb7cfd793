//! People and their personal files (პირადი საქმე): the employee list, the file itself with its
//! assignments, education, work history and documents; appointments and their ends, each
//! made by an order; importing people and positions from CSV.
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::csv_import::RowError;
use crate::domain::staff::{AssignmentBasis, EmployeeStatus, Gender};
use crate::domain::{Bilingual, OrderRef, PersonRef};
use crate::error::AppError;
use crate::orders::OrderFields;
use crate::page::Page;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
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
    pub gender: Gender,
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
    pub gender: Option<Gender>,
    /// Everyone when none.
    pub status: Option<EmployeeStatus>,
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
    pub basis: AssignmentBasis,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub order: Option<OrderRef>,
    pub end_order: Option<OrderRef>,
    pub salary: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct EducationEntry {
    pub id: i64,
    pub institution: String,
    pub qualification: String,
    pub graduated_year: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct WorkEntry {
    pub id: i64,
    pub employer: String,
    pub position_title: String,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct DocumentEntry {
    pub id: i64,
    /// What kind of document, as HR names it (diploma, certificate…).
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
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub supervisor: Option<PersonRef>,
    pub assignments: Vec<AssignmentView>,
    pub education: Vec<EducationEntry>,
    pub work_history: Vec<WorkEntry>,
    pub documents: Vec<DocumentEntry>,
    /// The date the file was read on ("current" assignments are those running then).
    pub as_of: NaiveDate,
    /// The caller may change this file (HR).
    pub editable: bool,
    /// The revisions the forms send back: of the details, and of the entries.
    pub revision: i64,
    pub entries_revision: i64,
}

impl EmployeeFile {
    pub fn name(&self) -> Bilingual {
        Bilingual::new(
            format!("{} {}", self.first_name.ka, self.last_name.ka),
            format!("{} {}", self.first_name.en, self.last_name.en),
        )
    }

    /// The assignment running on the file's date (an own position before an acting one).
    pub fn current_assignment(&self) -> Option<&AssignmentView> {
        self.assignments
            .iter()
            .filter(|a| a.start_date <= self.as_of && a.end_date.is_none_or(|e| e >= self.as_of))
            .min_by_key(|a| a.basis == AssignmentBasis::Acting)
    }
}

/// The result of checking (or importing) a CSV file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: usize,
    pub errors: Vec<RowError>,
    pub committed: bool,
}

// ---- Forms --------------------------------------------------------------------------------

/// A personal file's details.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeForm {
    pub personal_number: String,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub gender: String,
    pub birth_date: String,
    pub email: String,
    pub phone: String,
    pub notes: String,
}

/// An appointment to a position by order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointForm {
    pub position_id: String,
    pub basis: String,
    pub start_date: String,
    /// Acting only (required for it).
    pub end_date: String,
    /// Acting only: why the person acting comes from another service (or, for a service
    /// head's post, is not one of its department heads).
    #[serde(default)]
    pub acting_reason: String,
    #[serde(flatten)]
    pub order: OrderFields,
}

/// The end of an assignment (dismissal or transfer out) by order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndAssignmentForm {
    pub end_date: String,
    pub reason: String,
    #[serde(flatten)]
    pub order: OrderFields,
    pub confirm: Option<String>,
}

/// An entry of a file's list: `a`–`d` are the section's fields in form order (education:
/// institution, qualification, year; work: employer, title, from, to; document: kind, title,
/// reference, issued on).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntryForm {
    pub section: String,
    pub a: String,
    pub b: String,
    pub c: String,
    pub d: Option<String>,
}

// ---- Server functions ---------------------------------------------------------------------

/// Access: HR and the mayor (everyone), managers (their people).
#[server(prefix = "/api", endpoint = "people/list")]
pub async fn list_employees(filter: Option<EmployeeFilter>) -> Result<Page<EmployeeRow>, AppError> {
    serve(Access::READERS, |call| async move {
        let filter = filter.unwrap_or_default();
        forms::page(filter.page)?;
        service::list(&call.db, &call.actor, &filter).await
    })
    .await
}

/// Access: HR and the mayor (anyone), managers (their people), everyone (themself).
#[server(prefix = "/api", endpoint = "people/get")]
pub async fn get_employee(id: i64) -> Result<EmployeeFile, AppError> {
    serve(Access::SignedIn, |call| async move {
        service::open(&call.db, &call.actor, id).await
    })
    .await
}

/// Access: HR. Everything the audit log holds about one personal file, newest first.
#[server(prefix = "/api", endpoint = "people/history")]
pub async fn get_file_history(
    id: i64,
) -> Result<Vec<crate::domain::history::HistoryEntry>, AppError> {
    serve(Access::HR, |call| async move {
        service::history(&call.db, id).await
    })
    .await
}

/// Access: HR. Opens a personal file.
#[server(prefix = "/api", endpoint = "people/create")]
pub async fn create_employee(#[server(flatten)] form: EmployeeForm) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::EmployeeInput::parse(&form, call.today())?;
        let id = service::create(&call.db, &call.actor, input).await?;
        redirect(&format!("/employees/{id}"));
        Ok(id)
    })
    .await
}

/// Access: HR. Changes the personal details (the personal number included) of a file loaded
/// at `revision`; a file changed meanwhile is refused (409) with what changed.
#[server(prefix = "/api", endpoint = "people/update")]
pub async fn update_employee(
    id: i64,
    revision: i64,
    #[server(flatten)] form: EmployeeForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::EmployeeInput::parse(&form, call.today())?;
        service::update(&call.db, &call.actor, id, revision, input).await?;
        redirect(&format!("/employees/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Appoints an employee to a position by an order.
#[server(prefix = "/api", endpoint = "people/appoint")]
pub async fn appoint(
    employee_id: i64,
    #[server(flatten)] form: AppointForm,
) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::AppointInput::parse(&form)?;
        let id = service::appoint(&call.db, &call.actor, employee_id, input).await?;
        redirect(&format!("/employees/{employee_id}?tab=assignments"));
        Ok(id)
    })
    .await
}

/// Access: HR. Ends an assignment (dismissal or transfer out) by an order.
#[server(prefix = "/api", endpoint = "people/end_assignment")]
pub async fn end_assignment(
    assignment_id: i64,
    #[server(flatten)] form: EndAssignmentForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::EndAssignmentInput::parse(&form)?;
        let employee = service::end_assignment(&call.db, &call.actor, assignment_id, input).await?;
        redirect(&format!("/employees/{employee}?tab=assignments"));
        Ok(())
    })
    .await
}

/// Access: HR. Adds an entry to a personal file whose entries were loaded at `revision`.
#[server(prefix = "/api", endpoint = "people/add_entry")]
pub async fn add_file_entry(
    employee_id: i64,
    revision: i64,
    #[server(flatten)] form: FileEntryForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let entry = service::FileEntry::parse(&form)?;
        let section = entry.section();
        service::add_entry(&call.db, &call.actor, employee_id, revision, entry).await?;
        redirect(&format!("/employees/{employee_id}?tab={section}"));
        Ok(())
    })
    .await
}

/// Access: HR. Removes an entry from a personal file (after the user confirmed).
#[server(prefix = "/api", endpoint = "people/remove_entry")]
pub async fn remove_file_entry(
    employee_id: i64,
    revision: i64,
    section: String,
    entry_id: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        let section: crate::domain::staff::FileSection = forms::choice("section", &section)?;
        service::remove_entry(
            &call.db,
            &call.actor,
            employee_id,
            revision,
            section,
            entry_id,
        )
        .await?;
        redirect(&format!("/employees/{employee_id}?tab={section}"));
        Ok(())
    })
    .await
}

/// Access: HR. Checks a CSV file of employees or positions (`kind`), and with `commit`
/// imports it: every row or none.
#[server(prefix = "/api", endpoint = "people/import")]
pub async fn import_csv(
    kind: String,
    csv: String,
    commit: Option<String>,
) -> Result<ImportReport, AppError> {
    serve(Access::HR, |call| async move {
        let commit = matches!(commit.as_deref(), Some("true" | "on"));
        let report = service::import(&call.db, &call.actor, &kind, &csv, commit).await?;
        // Without JavaScript the page is reloaded: the outcome travels in the address
        // (the per-line list needs the script).
        if crate::ssr::is_form_post() {
            redirect(&format!(
                "/import?rows={}&errors={}&committed={}",
                report.rows,
                report.errors.len(),
                report.committed
            ));
        }
        Ok(report)
    })
    .await
}
