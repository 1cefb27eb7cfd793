//! Importing employees or positions from CSV: every row is checked like a form, and the file
//! goes in whole or not at all.
use super::super::repo;
use super::super::ImportReport;
use super::file::{insert_employee, EmployeeInput};
use crate::domain::csv_import::{self, RowError};
use crate::domain::staff::Gender;
use crate::domain::Bilingual;
use crate::error::AppError;
use crate::i18n::Key;
use crate::org::service::{insert_position_checked, PositionInput};
use crate::ssr::audit::audit;
use crate::ssr::{Actor, Db};
use serde_json::json;
use sqlx::SqliteConnection;

/// Most errors shown for one file; the count tells how many more there are.
const MAX_ERRORS: usize = 200;

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
    if text.len() > 5_000_000 {
        return Err(AppError::invalid("csv", Key::ImportTooLarge));
    }
    let mut tx = db.write.begin().await?;
    let (rows, mut errors) = match kind {
        "employees" => match csv_import::parse_employees(text) {
            Ok(drafts) => {
                let mut errors = Vec::new();
                for draft in &drafts {
                    if let Err(e) = import_employee(&mut tx, actor, draft).await {
                        errors.push(row_error(draft.line, e)?);
                    }
                }
                (drafts.len(), errors)
            }
            Err(errors) => (0, errors),
        },
        "positions" => match csv_import::parse_positions(text) {
            Ok(drafts) => {
                let mut errors = Vec::new();
                for draft in &drafts {
                    if let Err(e) = import_position(&mut tx, actor, draft).await {
                        errors.push(row_error(draft.line, e)?);
                    }
                }
                (drafts.len(), errors)
            }
            Err(errors) => (0, errors),
        },
        _ => return Err(AppError::invalid("kind", Key::ValidationChoice)),
    };
    let valid = errors.is_empty();
    errors.truncate(MAX_ERRORS);
    if valid && commit {
        audit(
            &mut tx,
            actor,
            "import.committed",
            kind,
            rows,
            None,
            Some(json!({"rows": rows})),
        )
        .await?;
        tx.commit().await?;
    } else {
        // A check, or a file with errors: nothing stays.
        tx.rollback().await?;
    }
    Ok(ImportReport {
        rows,
        errors,
        committed: valid && commit,
    })
}

async fn import_employee(
    conn: &mut SqliteConnection,
    actor: &Actor,
    draft: &csv_import::EmployeeDraft,
) -> Result<(), AppError> {
    let input = EmployeeInput {
        personal_number: draft.personal_number.clone(),
        first_name: Bilingual::new(draft.first_name_ka.clone(), draft.first_name_en.clone()),
        last_name: Bilingual::new(draft.last_name_ka.clone(), draft.last_name_en.clone()),
        gender: if draft.female {
            Gender::Female
        } else {
            Gender::Male
        },
        birth_date: draft.birth_date,
        email: draft.email.clone(),
        phone: draft.phone.clone(),
        notes: String::new(),
    };
    let id = insert_employee(conn, &input, actor).await?;
    // Each record is audited like one made by hand (rolled back with the rest).
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

async fn import_position(
    conn: &mut SqliteConnection,
    actor: &Actor,
    draft: &csv_import::PositionDraft,
) -> Result<(), AppError> {
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
    let input = PositionInput {
        unit_id: Some(unit),
        title: Bilingual::new(draft.title_ka.clone(), draft.title_en.clone()),
        category_id,
        employment_type: draft.employment_type,
        salary: Some(draft.salary),
        is_head: draft.is_head,
        valid_from: draft.valid_from,
        job_description: Bilingual::default(),
        requirements_min: Bilingual::default(),
        requirements_extra: Bilingual::default(),
    };
    match insert_position_checked(conn, &input).await {
        Ok(id) => {
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
        // The form's field names, as the file's columns call them.
        Err(AppError::Invalid { field, problem }) => Err(AppError::Invalid {
            field: match field.as_str() {
                "category_id" => "category_no".into(),
                "salary" => "salary_gel".into(),
                other => other.into(),
            },
            problem,
        }),
        Err(e) => Err(e),
    }
}
