//! Importing employees or positions from CSV: every row is checked like a form, and the file
//! goes in whole or not at all.
use super::super::repo;
use super::super::EmployeeForm;
use super::super::ImportReport;
use super::file::{check_employee, insert_employee, EmployeeInput};
use crate::domain::csv_import::{self, RowError};
use crate::domain::staff::Gender;
use crate::domain::Bilingual;
use crate::error::AppError;
use crate::i18n::Key;
use crate::org::service::{check_position, insert_position_checked, PositionInput};
use crate::ssr::audit::audit;
use crate::ssr::{forms, Actor, Db};
use serde_json::json;
use sqlx::SqliteConnection;

/// Most errors shown for one file; the count tells how many more there are.
const MAX_ERRORS: usize = 200;

/// The largest file accepted (the request body limit is set to match, in `server`).
pub const MAX_FILE_BYTES: usize = 5_000_000;

/// A refusal of one row becomes a line of the report; anything else stops the import.
fn row_error(line: usize, err: AppError) -> Result<RowError, AppError> {
    match err {
        AppError::Invalid { field, problem } => Ok(RowError {
            line,
            column: field,
            problem,
        }),
        other => Err(other),
    }
}

pub async fn import(
    db: &Db,
    actor: &Actor,
    kind: &str,
    text: &str,
    commit: bool,
) -> Result<ImportReport, AppError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(AppError::invalid("csv", Key::ImportTooLarge));
    }
    let parsed = match kind {
        "employees" => {
            csv_import::employees_with_errors(text).map(|(r, e)| (Rows::Employees(r), e))
        }
        "positions" => {
            csv_import::positions_with_errors(text).map(|(r, e)| (Rows::Positions(r), e))
        }
        _ => return Err(AppError::invalid("kind", Key::ValidationChoice)),
    };
    let (rows, mut errors) = match parsed {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(report(0, errors, false)),
    };
    // The check reads only: it never holds the one writer, however long the file. Rows that
    // parsed are checked like forms, so every problem of the file is reported at once.
    let unparsed: std::collections::BTreeSet<usize> = errors.iter().map(|e| e.line).collect();
    let total = rows.len() + unparsed.len();
    let mut conn = db.read.acquire().await?;
    errors.extend(rows.apply(&mut conn, actor, Pass::Check).await?);
    drop(conn);
    errors.sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
    // A cell the file's reader refused is not reported again by the form's rules.
    errors.dedup_by(|a, b| a.line == b.line && a.column == b.column);
    if !errors.is_empty() || !commit {
        return Ok(report(total, errors, false));
    }
    // The commit: one short transaction that checks each row again (the data may have changed
    // since) and writes them all, or nothing.
    let mut tx = db.write.begin().await?;
    let errors = rows.apply(&mut tx, actor, Pass::Write).await?;
    if !errors.is_empty() {
        tx.rollback().await?;
        return Ok(report(rows.len(), errors, false));
    }
    audit(
        &mut tx,
        actor,
        "import.committed",
        kind,
        rows.len(),
        None,
        Some(json!({"rows": rows.len()})),
    )
    .await?;
    tx.commit().await?;
    Ok(report(rows.len(), Vec::new(), true))
}

fn report(rows: usize, mut errors: Vec<RowError>, committed: bool) -> ImportReport {
    errors.truncate(MAX_ERRORS);
    ImportReport {
        rows,
        errors,
        committed,
    }
}

/// A file's rows, parsed.
enum Rows {
    Employees(Vec<csv_import::EmployeeDraft>),
    Positions(Vec<csv_import::PositionDraft>),
}

impl Rows {
    fn len(&self) -> usize {
        match self {
            Rows::Employees(rows) => rows.len(),
            Rows::Positions(rows) => rows.len(),
        }
    }

    /// Every row through `pass`; the errors of the rows that fail, by line.
    async fn apply(
        &self,
        conn: &mut SqliteConnection,
        actor: &Actor,
        pass: Pass,
    ) -> Result<Vec<RowError>, AppError> {
        let mut errors = Vec::new();
        match self {
            Rows::Employees(drafts) => {
                for draft in drafts {
                    if let Err(e) = employee_row(conn, actor, draft, pass).await {
                        errors.push(row_error(draft.line, e)?);
                    }
                }
            }
            Rows::Positions(drafts) => {
                for draft in drafts {
                    let done = position_row(conn, actor, draft, pass).await;
                    if let Err(e) = done.map_err(position_field) {
                        errors.push(row_error(draft.line, e)?);
                    }
                }
            }
        }
        Ok(errors)
    }
}

/// What is done with each row: checked against the forms' rules and the database without
/// writing (on a reader), or written and audited like one made by hand (in the one write
/// transaction; a row that no longer passes makes the caller roll back).
#[derive(Clone, Copy)]
enum Pass {
    Check,
    Write,
}

/// A row of the employee file as the personal-file form would send it, checked by the same
/// rules (lengths, age, e-mail, phone).
fn employee_input(
    draft: &csv_import::EmployeeDraft,
    actor: &Actor,
) -> Result<EmployeeInput, AppError> {
    let form = EmployeeForm {
        personal_number: draft.personal_number.as_str().to_string(),
        first_name_ka: draft.first_name_ka.clone(),
        last_name_ka: draft.last_name_ka.clone(),
        first_name_en: draft.first_name_en.clone(),
        last_name_en: draft.last_name_en.clone(),
        gender: if draft.female {
            Gender::Female
        } else {
            Gender::Male
        }
        .code()
        .to_string(),
        birth_date: draft.birth_date.to_string(),
        email: draft.email.clone().unwrap_or_default(),
        phone: draft.phone.clone().unwrap_or_default(),
        notes: String::new(),
    };
    EmployeeInput::parse(&form, actor.today())
}

async fn employee_row(
    conn: &mut SqliteConnection,
    actor: &Actor,
    draft: &csv_import::EmployeeDraft,
    pass: Pass,
) -> Result<(), AppError> {
    let input = employee_input(draft, actor)?;
    match pass {
        Pass::Check => check_employee(conn, &input).await,
        Pass::Write => {
            let id = insert_employee(conn, &input, actor).await?;
            audit(
                conn,
                actor,
                "employee.imported",
                "employee",
                id,
                None,
                Some(input.json()),
            )
            .await?;
            Ok(())
        }
    }
}

/// A row of the staff-list file as the position form would send it (the titles by the form's
/// rules), with its unit and category found by their codes.
async fn position_input(
    conn: &mut SqliteConnection,
    draft: &csv_import::PositionDraft,
) -> Result<PositionInput, AppError> {
    let unit = repo::current_unit_by_code(conn, &draft.unit_code)
        .await?
        .ok_or_else(|| AppError::invalid("unit_code", Key::ImportUnknownUnit))?;
    let category_id = match (draft.rank, draft.category_no) {
        (Some(rank), Some(no)) => Some(
            crate::org::repo::category_by_number(conn, rank, no)
                .await?
                .ok_or_else(|| AppError::invalid("category_no", Key::ImportUnknownCategory))?,
        ),
        _ => None,
    };
    Ok(PositionInput {
        unit_id: Some(unit),
        title: Bilingual::new(
            forms::required_text("title_ka", &draft.title_ka)?,
            forms::required_text("title_en", &draft.title_en)?,
        ),
        category_id,
        employment_type: draft.employment_type,
        salary: Some(draft.salary),
        is_head: draft.is_head,
        valid_from: draft.valid_from,
        job_description: Bilingual::default(),
        requirements_min: Bilingual::default(),
        requirements_extra: Bilingual::default(),
    })
}

async fn position_row(
    conn: &mut SqliteConnection,
    actor: &Actor,
    draft: &csv_import::PositionDraft,
    pass: Pass,
) -> Result<(), AppError> {
    let input = position_input(conn, draft).await?;
    match pass {
        Pass::Check => check_position(conn, &input).await.map(|_| ()),
        Pass::Write => {
            let id = insert_position_checked(conn, &input).await?;
            audit(
                conn,
                actor,
                "position.imported",
                "position",
                id,
                None,
                Some(input.json()),
            )
            .await?;
            Ok(())
        }
    }
}

/// The form's field names, as the file's columns call them.
fn position_field(err: AppError) -> AppError {
    match err {
        AppError::Invalid { field, problem } => AppError::Invalid {
            field: match field.as_str() {
                "category_id" => "category_no".into(),
                "salary" => "salary_gel".into(),
                other => other.into(),
            },
            problem,
        },
        other => other,
    }
}
