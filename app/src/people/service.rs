//! Personal-file rules with their transactions.
use super::{repo, EmployeeFile, ImportReport};
use crate::domain::csv_import::{self, RowError};
use crate::domain::personal_number::PersonalNumber;
use crate::domain::structure::{check_new_assignment, AssignmentProblem, ExistingAssignment};
use crate::error::AppError;
use crate::i18n::Key;
use crate::org::repo::{close_assignment, insert_assignment, person, NewAssignment, NewEmployee};
use crate::org::service::{
    audit, optional_date, required_date, required_text, OrderInput, PositionInput,
};
use crate::org::{AssignmentBasis, Bilingual, EmploymentType, Gender};
use crate::ssr::{state, Actor};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

pub async fn file(db: &SqlitePool, id: i64, salaries: bool) -> Result<EmployeeFile, AppError> {
    let e = repo::employee(db, id).await?.ok_or(AppError::NotFound)?;
    let assignments = repo::assignments(db, id, salaries).await?;
    let today = crate::org::today();
    let snapshot = crate::org::service::snapshot(db, today).await?;
    let current = assignments
        .iter()
        .filter(|a| a.start_date <= today && a.end_date.is_none_or(|end| end >= today))
        .min_by_key(|a| a.basis == "acting");
    let supervisor = match current.and_then(|a| snapshot.direct_supervisor(a.position_id)) {
        Some(boss) => repo::employee(db, boss).await?.map(|b| {
            person(
                b.id,
                &b.first_name_ka,
                &b.last_name_ka,
                &b.first_name_en,
                &b.last_name_en,
            )
        }),
        None => None,
    };
    Ok(EmployeeFile {
        id: e.id,
        personal_number: e.personal_number,
        first_name: Bilingual::new(e.first_name_ka, e.first_name_en),
        last_name: Bilingual::new(e.last_name_ka, e.last_name_en),
        gender: e.gender,
        birth_date: e.birth_date,
        email: e.email,
        phone: e.phone,
        notes: e.notes,
        supervisor,
        assignments,
        education: repo::education(db, id).await?,
        work_history: repo::work_history(db, id).await?,
        documents: repo::documents(db, id).await?,
        editable: false,
    })
}

pub struct EmployeeInput {
    pub personal_number: PersonalNumber,
    pub first_name: Bilingual,
    pub last_name: Bilingual,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
}

impl EmployeeInput {
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        personal_number: &str,
        first_name_ka: &str,
        last_name_ka: &str,
        first_name_en: &str,
        last_name_en: &str,
        gender: &str,
        birth_date: &str,
        email: &str,
        phone: &str,
        notes: &str,
    ) -> Result<Self, AppError> {
        let personal_number = PersonalNumber::parse(personal_number)
            .map_err(|_| AppError::invalid("personal_number", Key::ValidationPersonalNumber))?;
        let gender = match gender.trim() {
            "female" => Gender::Female,
            "male" => Gender::Male,
            _ => return Err(AppError::invalid("gender", Key::ValidationGender)),
        };
        let birth_date = required_date("birth_date", birth_date)?;
        let age = crate::org::today().years_since(birth_date).unwrap_or(0);
        if !(16..=100).contains(&age) {
            return Err(AppError::invalid("birth_date", Key::ValidationBirthDate));
        }
        let email = Some(email.trim().to_string()).filter(|e| !e.is_empty());
        if email
            .as_deref()
            .is_some_and(|e| !e.contains('@') || e.len() > 200)
        {
            return Err(AppError::invalid("email", Key::ValidationEmail));
        }
        let notes = notes.trim().to_string();
        if notes.chars().count() > 4000 {
            return Err(AppError::invalid("notes", Key::ValidationTooLong));
        }
        Ok(EmployeeInput {
            personal_number,
            first_name: Bilingual::new(
                required_text("first_name_ka", first_name_ka)?,
                required_text("first_name_en", first_name_en)?,
            ),
            last_name: Bilingual::new(
                required_text("last_name_ka", last_name_ka)?,
                required_text("last_name_en", last_name_en)?,
            ),
            gender,
            birth_date,
            email,
            phone: Some(phone.trim().to_string()).filter(|p| !p.is_empty()),
            notes,
        })
    }

    fn json(&self) -> serde_json::Value {
        json!({"personal_number": self.personal_number.as_str(), "first_name_ka": self.first_name.ka,
            "last_name_ka": self.last_name.ka, "first_name_en": self.first_name.en, "last_name_en": self.last_name.en,
            "gender": self.gender.code(), "birth_date": self.birth_date, "email": self.email, "phone": self.phone,
            "notes": self.notes})
    }
}

async fn number_taken(
    conn: &mut SqliteConnection,
    number: &str,
    except: i64,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM employees WHERE personal_number = $1 AND id <> $2")
            .bind(number)
            .bind(except)
            .fetch_optional(conn)
            .await?;
    Ok(row.is_some())
}

async fn insert_employee(
    conn: &mut SqliteConnection,
    input: &EmployeeInput,
) -> Result<i64, AppError> {
    if number_taken(conn, input.personal_number.as_str(), 0).await? {
        return Err(AppError::invalid(
            "personal_number",
            Key::ValidationPersonalNumberTaken,
        ));
    }
    let (institution,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM institutions")
        .fetch_one(&mut *conn)
        .await?;
    let id = crate::org::repo::insert_employee(
        conn,
        NewEmployee {
            institution_id: institution,
            personal_number: input.personal_number.as_str(),
            first_name: &input.first_name,
            last_name: &input.last_name,
            gender: input.gender,
            birth_date: input.birth_date,
            email: input.email.as_deref(),
        },
    )
    .await?;
    sqlx::query("UPDATE employees SET phone = $1, notes = $2 WHERE id = $3")
        .bind(&input.phone)
        .bind(&input.notes)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(id)
}

pub async fn create(actor: &Actor, input: EmployeeInput) -> Result<i64, AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let id = insert_employee(&mut tx, &input).await?;
    audit(
        &mut tx,
        actor,
        "employee.created",
        "employee",
        id,
        None,
        Some(input.json()),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update(actor: &Actor, id: i64, input: EmployeeInput) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let before = repo::employee(&mut *tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if number_taken(&mut tx, input.personal_number.as_str(), id).await? {
        return Err(AppError::invalid(
            "personal_number",
            Key::ValidationPersonalNumberTaken,
        ));
    }
    sqlx::query(
        "UPDATE employees SET personal_number = $1, first_name_ka = $2, last_name_ka = $3, first_name_en = $4,
         last_name_en = $5, gender = $6, birth_date = $7, email = $8, phone = $9, notes = $10, updated_at = $11 WHERE id = $12",
    )
    .bind(input.personal_number.as_str())
    .bind(&input.first_name.ka)
    .bind(&input.last_name.ka)
    .bind(&input.first_name.en)
    .bind(&input.last_name.en)
    .bind(input.gender.code())
    .bind(input.birth_date)
    .bind(&input.email)
    .bind(&input.phone)
    .bind(&input.notes)
    .bind(chrono::Utc::now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let before = json!({"personal_number": before.personal_number, "first_name_ka": before.first_name_ka,
        "last_name_ka": before.last_name_ka, "first_name_en": before.first_name_en, "last_name_en": before.last_name_en,
        "gender": before.gender, "birth_date": before.birth_date, "email": before.email, "phone": before.phone,
        "notes": before.notes});
    audit(
        &mut tx,
        actor,
        "employee.updated",
        "employee",
        id,
        Some(before),
        Some(input.json()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn assignment_error(problem: AssignmentProblem) -> AppError {
    match problem {
        AssignmentProblem::PositionOccupied => {
            AppError::invalid("position_id", Key::ValidationPositionOccupied)
        }
        AssignmentProblem::ActingTooLong => {
            AppError::invalid("end_date", Key::ValidationActingTooLong)
        }
        AssignmentProblem::ActingNeedsEnd => {
            AppError::invalid("end_date", Key::ValidationActingNeedsEnd)
        }
        AssignmentProblem::EndBeforeStart => {
            AppError::invalid("end_date", Key::ValidationAfterStart)
        }
    }
}

pub async fn appoint(
    actor: &Actor,
    employee_id: i64,
    position_id: i64,
    basis: AssignmentBasis,
    start: NaiveDate,
    end: Option<NaiveDate>,
    order: OrderInput,
) -> Result<i64, AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let employee = repo::employee(&mut *tx, employee_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let position: Option<(String, NaiveDate, Option<NaiveDate>)> =
        sqlx::query_as("SELECT title_ka, valid_from, valid_to FROM positions WHERE id = $1")
            .bind(position_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((title, valid_from, valid_to)) = position else {
        return Err(AppError::invalid("position_id", Key::ValidationChoice));
    };
    if start < valid_from || valid_to.is_some_and(|to| start > to) {
        return Err(AppError::invalid(
            "start_date",
            Key::ValidationPositionNotInEffect,
        ));
    }
    let existing: Vec<(NaiveDate, Option<NaiveDate>, String)> = sqlx::query_as(
        "SELECT start_date, end_date, basis FROM assignments WHERE position_id = $1",
    )
    .bind(position_id)
    .fetch_all(&mut *tx)
    .await?;
    let existing: Vec<ExistingAssignment> = existing
        .into_iter()
        .map(|(start, end, basis)| ExistingAssignment {
            start,
            end,
            acting: basis == "acting",
        })
        .collect();
    // The acting limit in force on the start date (rules as data).
    let max_acting = crate::rules::number(&mut tx, "acting.max_months", start).await?;
    check_new_assignment(
        &existing,
        start,
        end,
        basis == AssignmentBasis::Acting,
        max_acting,
    )
    .map_err(assignment_error)?;
    let order_title = format!(
        "{} {} — {}",
        employee.first_name_ka, employee.last_name_ka, title
    );
    let order_id = order.resolve(&mut tx, actor, &order_title, start).await?;
    if basis != AssignmentBasis::Acting {
        // A transfer or promotion: the same order ends the position the person holds, the day
        // before the new one starts (acting is on top of one's own position and ends nothing).
        let previous: Vec<(i64, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
            "SELECT id, start_date, end_date FROM assignments WHERE employee_id = $1 AND basis <> 'acting'
               AND start_date < $2 AND (end_date IS NULL OR end_date >= $2)",
        )
        .bind(employee_id)
        .bind(start)
        .fetch_all(&mut *tx)
        .await?;
        let last_day = start.pred_opt().unwrap_or(start);
        for (previous_id, _, previous_end) in previous {
            close_assignment(&mut tx, previous_id, last_day, basis.code(), order_id).await?;
            audit(&mut tx, actor, "assignment.ended", "assignment", previous_id,
                Some(json!({"end_date": previous_end})),
                Some(json!({"end_date": last_day, "end_reason": basis.code(), "end_order_id": order_id}))).await?;
        }
    }
    let id = insert_assignment(
        &mut tx,
        NewAssignment {
            employee_id,
            position_id,
            start,
            end,
            basis,
            order_id: Some(order_id),
        },
    )
    .await?;
    let after = json!({"employee_id": employee_id, "position_id": position_id, "start_date": start,
        "end_date": end, "basis": basis.code(), "order_id": order_id});
    audit(
        &mut tx,
        actor,
        "assignment.created",
        "assignment",
        id,
        None,
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn end_assignment(
    actor: &Actor,
    assignment_id: i64,
    end: NaiveDate,
    reason: String,
    order: OrderInput,
) -> Result<i64, AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let row: Option<(i64, NaiveDate, Option<NaiveDate>, String, String, String)> = sqlx::query_as(
        "SELECT a.employee_id, a.start_date, a.end_date, e.first_name_ka, e.last_name_ka, p.title_ka
         FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
         WHERE a.id = $1",
    )
    .bind(assignment_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((employee_id, start, current_end, first, last, title)) = row else {
        return Err(AppError::NotFound);
    };
    if end < start {
        return Err(AppError::invalid("end_date", Key::ValidationAfterStart));
    }
    if current_end.is_some_and(|e| e < crate::org::today()) {
        return Err(AppError::invalid("end_date", Key::ValidationAlreadyEnded));
    }
    let order_id = order
        .resolve(&mut tx, actor, &format!("{first} {last} — {title}"), end)
        .await?;
    close_assignment(&mut tx, assignment_id, end, &reason, order_id).await?;
    audit(
        &mut tx,
        actor,
        "assignment.ended",
        "assignment",
        assignment_id,
        Some(json!({"end_date": current_end})),
        Some(json!({"end_date": end, "end_reason": reason, "end_order_id": order_id})),
    )
    .await?;
    tx.commit().await?;
    Ok(employee_id)
}

#[allow(clippy::too_many_arguments)]
pub async fn add_entry(
    actor: &Actor,
    employee_id: i64,
    section: &str,
    a: &str,
    b: &str,
    c: &str,
    d: &str,
) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    repo::employee(&mut *tx, employee_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (table, after) = match section {
        "education" => {
            let institution = required_text("a", a)?;
            let qualification = required_text("b", b)?;
            let year = match c.trim() {
                "" => None,
                y => Some(
                    y.parse::<i64>()
                        .ok()
                        .filter(|y| (1940..=2100).contains(y))
                        .ok_or_else(|| AppError::invalid("c", Key::ValidationNumber))?,
                ),
            };
            sqlx::query(
                "INSERT INTO employee_education (employee_id, institution, qualification, graduated_year) VALUES ($1, $2, $3, $4)",
            )
            .bind(employee_id)
            .bind(&institution)
            .bind(&qualification)
            .bind(year)
            .execute(&mut *tx)
            .await?;
            (
                "employee_education",
                json!({"institution": institution, "qualification": qualification, "graduated_year": year}),
            )
        }
        "work" => {
            let employer = required_text("a", a)?;
            let title = required_text("b", b)?;
            let from = required_date("c", c)?;
            let to = optional_date("d", d)?;
            if to.is_some_and(|to| to < from) {
                return Err(AppError::invalid("d", Key::ValidationAfterStart));
            }
            sqlx::query(
                "INSERT INTO employee_work_history (employee_id, employer, position_title, from_date, to_date) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(employee_id)
            .bind(&employer)
            .bind(&title)
            .bind(from)
            .bind(to)
            .execute(&mut *tx)
            .await?;
            (
                "employee_work_history",
                json!({"employer": employer, "position_title": title, "from_date": from, "to_date": to}),
            )
        }
        "document" => {
            let kind = required_text("a", a)?;
            let title = required_text("b", b)?;
            let reference = c.trim().to_string();
            let issued = optional_date("d", d)?;
            sqlx::query(
                "INSERT INTO employee_documents (employee_id, kind, title, reference, issued_on, added_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(employee_id)
            .bind(&kind)
            .bind(&title)
            .bind(&reference)
            .bind(issued)
            .bind(chrono::Utc::now())
            .execute(&mut *tx)
            .await?;
            (
                "employee_documents",
                json!({"kind": kind, "title": title, "reference": reference, "issued_on": issued}),
            )
        }
        _ => return Err(AppError::invalid("section", Key::ValidationChoice)),
    };
    audit(
        &mut tx,
        actor,
        "file_entry.added",
        table,
        employee_id,
        None,
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_entry(
    actor: &Actor,
    employee_id: i64,
    section: &str,
    entry_id: i64,
) -> Result<(), AppError> {
    let table = match section {
        "education" => "employee_education",
        "work" => "employee_work_history",
        "document" => "employee_documents",
        _ => return Err(AppError::invalid("section", Key::ValidationChoice)),
    };
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    // The table name comes from the fixed list above, never from the request.
    let removed = sqlx::query(&format!(
        "DELETE FROM {table} WHERE id = $1 AND employee_id = $2"
    ))
    .bind(entry_id)
    .bind(employee_id)
    .execute(&mut *tx)
    .await?;
    if removed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit(
        &mut tx,
        actor,
        "file_entry.removed",
        table,
        employee_id,
        Some(json!({"id": entry_id})),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Most errors shown for one file; the count tells how many more there are.
const MAX_ERRORS: usize = 200;

pub async fn import(
    actor: &Actor,
    kind: &str,
    text: &str,
    commit: bool,
) -> Result<ImportReport, AppError> {
    if text.len() > 5_000_000 {
        return Err(AppError::invalid("csv", Key::ImportTooLarge));
    }
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (rows, mut errors) = match kind {
        "employees" => match csv_import::parse_employees(text) {
            Ok(drafts) => {
                let mut errors = Vec::new();
                for draft in &drafts {
                    let input = EmployeeInput {
                        personal_number: draft.personal_number.clone(),
                        first_name: Bilingual::new(
                            draft.first_name_ka.clone(),
                            draft.first_name_en.clone(),
                        ),
                        last_name: Bilingual::new(
                            draft.last_name_ka.clone(),
                            draft.last_name_en.clone(),
                        ),
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
                    match insert_employee(&mut tx, &input).await {
                        // Each record is audited like one made by hand (rolled back with the rest).
                        Ok(id) => {
                            audit(
                                &mut tx,
                                actor,
                                "employee.imported",
                                "employee",
                                id,
                                None,
                                Some(input.json()),
                            )
                            .await?
                        }
                        Err(AppError::Invalid { field, problem }) => errors.push(RowError {
                            line: draft.line,
                            column: field,
                            problem,
                        }),
                        Err(other) => return Err(other),
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
                    match import_position(&mut tx, actor, draft).await {
                        Ok(()) => {}
                        Err(AppError::Invalid { field, problem }) => errors.push(RowError {
                            line: draft.line,
                            column: field,
                            problem,
                        }),
                        Err(other) => return Err(other),
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
            rows as i64,
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

async fn import_position(
    conn: &mut SqliteConnection,
    actor: &Actor,
    draft: &csv_import::PositionDraft,
) -> Result<(), AppError> {
    let unit: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM org_units WHERE code = $1 AND valid_to IS NULL")
            .bind(draft.unit_code.to_uppercase())
            .fetch_optional(&mut *conn)
            .await?;
    let unit = unit
        .ok_or_else(|| AppError::invalid("unit_code", Key::ImportUnknownUnit))?
        .0;
    let category_id = match (draft.rank, draft.category_no) {
        (Some(rank), Some(no)) => {
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM position_categories WHERE rank = $1 AND category_no = $2 AND valid_to IS NULL",
            )
            .bind(rank)
            .bind(no)
            .fetch_optional(&mut *conn)
            .await?;
            Some(
                row.ok_or_else(|| AppError::invalid("category_no", Key::ImportUnknownCategory))?
                    .0,
            )
        }
        _ => None,
    };
    let empty = Bilingual::new("", "");
    let input = PositionInput {
        unit_id: Some(unit),
        title: Bilingual::new(draft.title_ka.clone(), draft.title_en.clone()),
        category_id,
        employment_type: EmploymentType::parse(&draft.employment_type)
            .unwrap_or(EmploymentType::Officer),
        salary: Some(draft.salary),
        is_head: draft.is_head,
        valid_from: draft.valid_from,
        job_description: empty.clone(),
        requirements_min: empty.clone(),
        requirements_extra: empty,
    };
    match crate::org::service::insert_position_checked(conn, &input).await {
        Ok(id) => {
            let after = crate::org::service::position_json(&input);
            audit(
                conn,
                actor,
                "position.imported",
                "position",
                id,
                None,
                Some(after),
            )
            .await?;
            Ok(())
        }
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
