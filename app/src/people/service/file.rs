//! A personal file: reading it, opening one, changing the details.
use super::super::repo::{self, EmployeeDetails};
use super::super::{EmployeeFile, EmployeeFilter, EmployeeForm, EmployeeRow};
use crate::domain::history::HistoryEntry;
use crate::domain::personal_number::{PersonQuery, PersonalNumber};
use crate::domain::staff::Gender;
use crate::domain::{Bilingual, PersonRef};
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::page::Page;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, with_revision, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::SqliteConnection;

/// The employees the actor may see (HR and the mayor everyone, a manager their people), as
/// filtered.
pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &EmployeeFilter,
) -> Result<Page<EmployeeRow>, AppError> {
    let scope = crate::org::service::people_scope(db, actor).await?;
    Ok(repo::list(&db.read, filter, &scope, actor.today()).await?)
}

/// A personal file as the actor may read it: refused outside their scope, with salaries only
/// for those who may see them, editable for HR.
pub async fn open(db: &Db, actor: &Actor, id: i64) -> Result<EmployeeFile, AppError> {
    let scope = crate::org::service::people_scope(db, actor).await?;
    let salaries = scope.open_file(id)?;
    let mut file = file(db, id, salaries, actor.today()).await?;
    file.editable = actor.has(crate::domain::Role::Hr);
    // Someone else's file is a confidential read.
    if !scope.is_self(id) && actor.user.employee_id != Some(id) {
        crate::ssr::audit::log_read(db, actor, "employee.read", "employee", id, None).await?;
    }
    Ok(file)
}

/// A file's history from the audit log, each event named and each change of details spelt out.
pub async fn history(db: &Db, id: i64) -> Result<Vec<HistoryEntry>, AppError> {
    use crate::domain::history::{FILE_DETAILS, HISTORY_ROWS};
    repo::employee(&db.read, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = repo::file_history(&db.read, id, HISTORY_ROWS).await?;
    Ok(rows
        .into_iter()
        .map(|row| row.entry(FILE_DETAILS))
        .collect())
}

/// The file as read on `today` (its supervisor is today's).
pub async fn file(
    db: &Db,
    id: i64,
    salaries: bool,
    today: NaiveDate,
) -> Result<EmployeeFile, AppError> {
    // One connection for the file's parts: they are read one after another anyway.
    let mut conn = db.read.acquire().await?;
    let e = repo::employee(&mut *conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut file = EmployeeFile {
        id: e.id,
        personal_number: e.personal_number,
        first_name: Bilingual::new(e.first_name_ka, e.first_name_en),
        last_name: Bilingual::new(e.last_name_ka, e.last_name_en),
        gender: e.gender,
        birth_date: e.birth_date,
        email: e.email,
        phone: e.phone,
        notes: e.notes,
        supervisor: None,
        assignments: repo::assignments(&mut conn, id, salaries).await?,
        education: repo::education(&mut conn, id).await?,
        work_history: repo::work_history(&mut conn, id).await?,
        documents: repo::documents(&mut conn, id).await?,
        as_of: today,
        editable: false,
        revision: e.revision,
        entries_revision: e.entries_revision,
    };
    // Never hold a connection while waiting for another (the pool could run dry).
    drop(conn);
    if let Some(current) = file.current_assignment() {
        let snapshot = crate::org::service::snapshot(db, today).await?;
        if let Some(boss) = snapshot.direct_supervisor(current.position_id) {
            file.supervisor = repo::employee(&db.read, boss).await?.map(|b| {
                PersonRef::named(
                    b.id,
                    &b.first_name_ka,
                    &b.last_name_ka,
                    &b.first_name_en,
                    &b.last_name_en,
                )
            });
        }
    }
    Ok(file)
}

/// A file's details, checked.
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
    /// Checks the form; the age is counted on `today`.
    pub fn parse(form: &EmployeeForm, today: NaiveDate) -> Result<Self, AppError> {
        // Every field is checked, so the form shows all its problems at once.
        let mut problems = Problems::default();
        let personal_number = problems.take(
            PersonalNumber::parse(&form.personal_number)
                .map_err(|_| AppError::invalid("personal_number", Key::ValidationPersonalNumber)),
        );
        let gender = problems.take(
            forms::choice::<Gender>("gender", &form.gender)
                .map_err(|_| AppError::invalid("gender", Key::ValidationGender)),
        );
        let birth_date = problems
            .take(forms::required_date("birth_date", &form.birth_date))
            .filter(|born| {
                let fits = (16..=100).contains(&today.years_since(*born).unwrap_or(0));
                if !fits {
                    problems.add("birth_date", Key::ValidationBirthDate);
                }
                fits
            });
        let email = Some(form.email.trim().to_string()).filter(|e| !e.is_empty());
        if email
            .as_deref()
            .is_some_and(|e| !e.contains('@') || e.len() > 200)
        {
            problems.add("email", Key::ValidationEmail);
        }
        let first_name_ka =
            problems.take(forms::required_text("first_name_ka", &form.first_name_ka));
        let first_name_en =
            problems.take(forms::required_text("first_name_en", &form.first_name_en));
        let last_name_ka = problems.take(forms::required_text("last_name_ka", &form.last_name_ka));
        let last_name_en = problems.take(forms::required_text("last_name_en", &form.last_name_en));
        let phone = problems.take(
            crate::domain::common::phone(&form.phone)
                .map_err(|problem| AppError::invalid("phone", problem)),
        );
        let notes = problems.take(forms::optional_text("notes", &form.notes, 4000));
        problems.finish()?;
        // Every value is present once no problem was noted.
        match (
            personal_number,
            gender,
            birth_date,
            first_name_ka,
            first_name_en,
            last_name_ka,
            last_name_en,
            phone,
            notes,
        ) {
            (
                Some(personal_number),
                Some(gender),
                Some(birth_date),
                Some(fka),
                Some(fen),
                Some(lka),
                Some(len),
                Some(phone),
                Some(notes),
            ) => Ok(EmployeeInput {
                personal_number,
                first_name: Bilingual::new(fka, fen),
                last_name: Bilingual::new(lka, len),
                gender,
                birth_date,
                email,
                phone,
                notes,
            }),
            _ => Err(AppError::Request),
        }
    }

    /// The details as the repository writes them.
    pub fn details(&self) -> EmployeeDetails<'_> {
        EmployeeDetails {
            personal_number: self.personal_number.as_str(),
            first_name: &self.first_name,
            last_name: &self.last_name,
            gender: self.gender,
            birth_date: self.birth_date,
            email: self.email.as_deref(),
            phone: self.phone.as_deref(),
            notes: &self.notes,
        }
    }

    /// What the audit row records.
    pub fn json(&self) -> serde_json::Value {
        json!({"personal_number": self.personal_number.as_str(), "first_name_ka": self.first_name.ka,
            "last_name_ka": self.last_name.ka, "first_name_en": self.first_name.en, "last_name_en": self.last_name.en,
            "gender": self.gender, "birth_date": self.birth_date, "email": self.email, "phone": self.phone,
            "notes": self.notes})
    }
}

/// What a new file must meet in the database: a personal number not on file yet.
pub async fn check_employee(
    conn: &mut SqliteConnection,
    input: &EmployeeInput,
) -> Result<(), AppError> {
    if repo::number_taken(conn, input.personal_number.as_str(), 0).await? {
        return Err(AppError::invalid(
            "personal_number",
            Key::ValidationPersonalNumberTaken,
        ));
    }
    Ok(())
}

/// Opens a file inside the caller's transaction (the form and the import); the personal
/// number must be new.
pub async fn insert_employee(
    conn: &mut SqliteConnection,
    input: &EmployeeInput,
    actor: &Actor,
) -> Result<i64, AppError> {
    check_employee(conn, input).await?;
    let institution_id = crate::org::repo::institution_id(conn).await?;
    Ok(repo::insert_employee(conn, institution_id, input.details(), actor.at).await?)
}

pub async fn create(db: &Db, actor: &Actor, input: EmployeeInput) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let id = insert_employee(&mut tx, &input, actor).await?;
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

/// Replaces the details of a file loaded at `revision`.
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    input: EmployeeInput,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let before = repo::employee(&mut *tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = advance(&mut tx, Revised::Employee, id, revision).await?;
    if repo::number_taken(&mut tx, input.personal_number.as_str(), id).await? {
        return Err(AppError::invalid(
            "personal_number",
            Key::ValidationPersonalNumberTaken,
        ));
    }
    repo::update_employee(&mut tx, id, input.details(), actor.at).await?;
    audit(
        &mut tx,
        actor,
        "employee.updated",
        "employee",
        id,
        Some(before.json()),
        Some(with_revision(input.json(), Revised::Employee, next)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The one person a form's `field` names by personal number or by name and surname; a name two
/// people share is refused with a request for the number.
pub async fn resolve_person(
    conn: &mut SqliteConnection,
    field: &str,
    text: &str,
) -> Result<i64, AppError> {
    let query = PersonQuery::parse(text)
        .ok_or_else(|| AppError::invalid(field, Key::ValidationPersonQuery))?;
    match repo::people_named(conn, &query).await?.as_slice() {
        [one] => Ok(*one),
        [] => Err(AppError::invalid(field, Key::ValidationNoSuchPerson)),
        _ => Err(AppError::invalid(field, Key::ValidationSeveralPeople)),
    }
}
