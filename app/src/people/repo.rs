//! SQL for employees and their files.
use super::{
    AssignmentView, DocumentEntry, EducationEntry, EmployeeFilter, EmployeeRow, WorkEntry,
};
use crate::domain::common::money_from_tetri;
use crate::domain::personal_number::PersonQuery;
use crate::domain::scope::PeopleScope;
use crate::domain::staff::{AssignmentBasis, EmployeeStatus, FileSection, Gender};
use crate::domain::{Bilingual, OrderRef};
use crate::page::{offset, Page, PAGE_SIZE};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

/// Each employee with the assignment that counts on `on` (an appointment before an acting one).
fn push_from(query: &mut QueryBuilder<'_, Sqlite>, on: NaiveDate) {
    query
        .push(
            " FROM employees e
              LEFT JOIN assignments a ON a.id = (
                SELECT a2.id FROM assignments a2 WHERE a2.employee_id = e.id AND a2.start_date <= ",
        )
        .push_bind(on)
        .push(" AND (a2.end_date IS NULL OR a2.end_date >= ")
        .push_bind(on)
        .push(
            ") ORDER BY a2.basis = 'acting', a2.start_date DESC LIMIT 1)
              LEFT JOIN positions p ON p.id = a.position_id
              LEFT JOIN org_units u ON u.id = p.unit_id
              LEFT JOIN position_categories c ON c.id = p.category_id
              WHERE 1 = 1",
        );
}

fn push_filter(query: &mut QueryBuilder<'_, Sqlite>, f: &EmployeeFilter, scope: &PeopleScope) {
    if let PeopleScope::Only { ids, me, .. } = scope {
        let mut visible: Vec<i64> = ids.iter().copied().chain(*me).collect();
        visible.sort_unstable();
        query.push(" AND e.id IN (");
        let mut list = query.separated(", ");
        list.push_bind(-1i64);
        for id in visible {
            list.push_bind(id);
        }
        query.push(")");
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        if let Some(phrase) = crate::ssr::repo::name_search(q) {
            query
                .push(" AND e.id IN (SELECT rowid FROM employee_names WHERE employee_names MATCH ")
                .push_bind(phrase)
                .push(")");
        } else {
            let pattern = crate::ssr::repo::like_pattern(q, false);
            query
                .push(" AND (e.personal_number LIKE ")
                .push_bind(crate::ssr::repo::like_pattern(q, true))
                .push(" ESCAPE '\\' OR LOWER(e.first_name_ka) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR LOWER(e.last_name_ka) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR LOWER(e.first_name_en) LIKE ")
                .push_bind(pattern.clone())
                .push(" ESCAPE '\\' OR LOWER(e.last_name_en) LIKE ")
                .push_bind(pattern)
                .push(" ESCAPE '\\')");
        }
    }
    if let Some(unit) = f.unit {
        query.push(" AND (p.unit_id = ").push_bind(unit);
        query.push(" OR u.parent_id = ").push_bind(unit).push(")");
    }
    if let Some(rank) = f.rank {
        query.push(" AND p.rank = ").push_bind(rank);
    }
    if let Some(category) = f.category {
        query.push(" AND p.category_id = ").push_bind(category);
    }
    if let Some(gender) = f.gender {
        query.push(" AND e.gender = ").push_bind(gender);
    }
    match f.status {
        Some(EmployeeStatus::Active) => {
            query.push(" AND a.id IS NOT NULL");
        }
        // Left the institution: no current assignment, but some in the past.
        Some(EmployeeStatus::Former) => {
            query.push(" AND a.id IS NULL AND EXISTS (SELECT 1 FROM assignments x WHERE x.employee_id = e.id)");
        }
        // Personal file opened, never appointed (e.g. just imported).
        Some(EmployeeStatus::Unassigned) => {
            query.push(" AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.employee_id = e.id)");
        }
        None => {}
    }
}

/// The list's order: by name unless `sort` names another key ("-" first reverses it).
fn order_by(sort: Option<&str>) -> &'static str {
    match sort.unwrap_or("name") {
        "personal_number" => " ORDER BY e.personal_number, e.id",
        "-personal_number" => " ORDER BY e.personal_number DESC, e.id",
        "unit" => " ORDER BY u.name_ka IS NULL, u.name_ka, e.id",
        "-unit" => " ORDER BY u.name_ka IS NULL DESC, u.name_ka DESC, e.id",
        "rank" => " ORDER BY p.rank IS NULL, p.rank, e.id",
        "-rank" => " ORDER BY p.rank IS NULL DESC, p.rank DESC, e.id",
        "birth_date" => " ORDER BY e.birth_date, e.id",
        "-birth_date" => " ORDER BY e.birth_date DESC, e.id",
        "-name" => " ORDER BY e.last_name_ka DESC, e.first_name_ka DESC, e.id",
        _ => " ORDER BY e.last_name_ka, e.first_name_ka, e.id",
    }
}

#[derive(sqlx::FromRow)]
struct RowRecord {
    id: i64,
    personal_number: String,
    first_name_ka: String,
    last_name_ka: String,
    first_name_en: String,
    last_name_en: String,
    gender: Gender,
    title_ka: Option<String>,
    title_en: Option<String>,
    unit_ka: Option<String>,
    unit_en: Option<String>,
    rank: Option<i64>,
    category_ka: Option<String>,
    category_en: Option<String>,
    assignment_id: Option<i64>,
}

const SELECT: &str = "SELECT e.id, e.personal_number, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en,
    e.gender, p.title_ka, p.title_en, u.name_ka AS unit_ka, u.name_en AS unit_en, p.rank,
    c.title_ka AS category_ka, c.title_en AS category_en, a.id AS assignment_id";

fn to_row(r: RowRecord) -> EmployeeRow {
    EmployeeRow {
        id: r.id,
        personal_number: r.personal_number,
        name: Bilingual::new(
            format!("{} {}", r.first_name_ka, r.last_name_ka),
            format!("{} {}", r.first_name_en, r.last_name_en),
        ),
        gender: r.gender,
        position: Bilingual::both(r.title_ka, r.title_en),
        unit: Bilingual::both(r.unit_ka, r.unit_en),
        rank: r.rank,
        category: Bilingual::both(r.category_ka, r.category_en),
        active: r.assignment_id.is_some(),
    }
}

pub async fn list(
    db: &SqlitePool,
    filter: &EmployeeFilter,
    scope: &PeopleScope,
    on: NaiveDate,
) -> Result<Page<EmployeeRow>, sqlx::Error> {
    let (page, skip) = offset(filter.page);
    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*)");
    // The day's assignment is joined only when a filter asks about it: one row per employee
    // either way, so counting the employees alone is the same number without the join.
    if filter.unit.is_some()
        || filter.rank.is_some()
        || filter.category.is_some()
        || filter.status.is_some()
    {
        push_from(&mut count, on);
    } else {
        count.push(" FROM employees e WHERE 1 = 1");
    }
    push_filter(&mut count, filter, scope);
    let total: i64 = count.build_query_scalar().fetch_one(db).await?;
    let mut query = QueryBuilder::<Sqlite>::new(SELECT);
    push_from(&mut query, on);
    push_filter(&mut query, filter, scope);
    query.push(order_by(filter.sort.as_deref()));
    query
        .push(" LIMIT ")
        .push_bind(PAGE_SIZE)
        .push(" OFFSET ")
        .push_bind(skip);
    let rows: Vec<RowRecord> = query.build_query_as().fetch_all(db).await?;
    Ok(Page {
        items: rows.into_iter().map(to_row).collect(),
        total,
        page,
        per_page: PAGE_SIZE,
    })
}

/// Every matching employee (exports).
pub async fn all(
    db: &SqlitePool,
    filter: &EmployeeFilter,
    scope: &PeopleScope,
    on: NaiveDate,
) -> Result<Vec<EmployeeRow>, sqlx::Error> {
    let mut query = QueryBuilder::<Sqlite>::new(SELECT);
    push_from(&mut query, on);
    push_filter(&mut query, filter, scope);
    query.push(order_by(filter.sort.as_deref()));
    let rows: Vec<RowRecord> = query.build_query_as().fetch_all(db).await?;
    Ok(rows.into_iter().map(to_row).collect())
}

#[derive(sqlx::FromRow)]
pub struct EmployeeRecord {
    pub id: i64,
    pub personal_number: String,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub revision: i64,
    pub entries_revision: i64,
}

impl EmployeeRecord {
    /// The details as the audit log records them.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({"personal_number": self.personal_number, "first_name_ka": self.first_name_ka,
            "last_name_ka": self.last_name_ka, "first_name_en": self.first_name_en, "last_name_en": self.last_name_en,
            "gender": self.gender, "birth_date": self.birth_date, "email": self.email, "phone": self.phone,
            "notes": self.notes})
    }
}

pub async fn employee<'e, E: sqlx::SqliteExecutor<'e>>(
    db: E,
    id: i64,
) -> Result<Option<EmployeeRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en, gender, birth_date,
                email, phone, notes, revision, entries_revision FROM employees WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Whether another employee has this personal number.
pub async fn number_taken(
    conn: &mut SqliteConnection,
    number: &str,
    except: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM employees WHERE personal_number = $1 AND id <> $2",
    )
    .bind(number)
    .bind(except)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Personal details, as a new file records them or an edit replaces them.
pub struct EmployeeDetails<'a> {
    pub personal_number: &'a str,
    pub first_name: &'a Bilingual,
    pub last_name: &'a Bilingual,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub notes: &'a str,
}

pub async fn insert_employee(
    conn: &mut SqliteConnection,
    institution_id: i64,
    d: EmployeeDetails<'_>,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO employees (institution_id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en,
                                gender, birth_date, email, phone, notes, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(institution_id)
    .bind(d.personal_number)
    .bind(&d.first_name.ka)
    .bind(&d.last_name.ka)
    .bind(&d.first_name.en)
    .bind(&d.last_name.en)
    .bind(d.gender)
    .bind(d.birth_date)
    .bind(d.email)
    .bind(d.phone)
    .bind(d.notes)
    .bind(at)
    .fetch_one(conn)
    .await
}

pub async fn update_employee(
    conn: &mut SqliteConnection,
    id: i64,
    d: EmployeeDetails<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE employees SET personal_number = $1, first_name_ka = $2, last_name_ka = $3, first_name_en = $4,
         last_name_en = $5, gender = $6, birth_date = $7, email = $8, phone = $9, notes = $10, updated_at = $11
         WHERE id = $12",
    )
    .bind(d.personal_number)
    .bind(&d.first_name.ka)
    .bind(&d.last_name.ka)
    .bind(&d.first_name.en)
    .bind(&d.last_name.en)
    .bind(d.gender)
    .bind(d.birth_date)
    .bind(d.email)
    .bind(d.phone)
    .bind(d.notes)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AssignmentRecord {
    id: i64,
    position_id: i64,
    title_ka: String,
    title_en: String,
    unit_ka: Option<String>,
    unit_en: Option<String>,
    basis: AssignmentBasis,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    end_reason: Option<String>,
    order_id: Option<i64>,
    order_number: Option<String>,
    order_date: Option<NaiveDate>,
    end_order_id: Option<i64>,
    end_order_number: Option<String>,
    end_order_date: Option<NaiveDate>,
    salary_tetri: i64,
}

fn order_ref(id: Option<i64>, number: Option<String>, date: Option<NaiveDate>) -> Option<OrderRef> {
    match (id, number, date) {
        (Some(id), Some(number), Some(order_date)) => Some(OrderRef {
            id,
            number,
            order_date,
        }),
        _ => None,
    }
}

/// An employee's assignments, latest first, with salaries when `salaries`.
pub async fn assignments(
    db: &mut SqliteConnection,
    employee_id: i64,
    salaries: bool,
) -> Result<Vec<AssignmentView>, sqlx::Error> {
    let rows: Vec<AssignmentRecord> = sqlx::query_as(
        "SELECT a.id, a.position_id, p.title_ka, p.title_en, u.name_ka AS unit_ka, u.name_en AS unit_en, a.basis,
                a.start_date, a.end_date, a.end_reason, o.id AS order_id, o.number AS order_number,
                o.order_date AS order_date, eo.id AS end_order_id, eo.number AS end_order_number,
                eo.order_date AS end_order_date, p.salary_tetri
         FROM assignments a JOIN positions p ON p.id = a.position_id LEFT JOIN org_units u ON u.id = p.unit_id
         LEFT JOIN orders o ON o.id = a.order_id LEFT JOIN orders eo ON eo.id = a.end_order_id
         WHERE a.employee_id = $1 ORDER BY a.start_date DESC, a.id DESC",
    )
    .bind(employee_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AssignmentView {
            id: r.id,
            position_id: r.position_id,
            position: Bilingual::new(r.title_ka, r.title_en),
            unit: Bilingual::both(r.unit_ka, r.unit_en),
            basis: r.basis,
            start_date: r.start_date,
            end_date: r.end_date,
            end_reason: r.end_reason,
            order: order_ref(r.order_id, r.order_number, r.order_date),
            end_order: order_ref(r.end_order_id, r.end_order_number, r.end_order_date),
            salary: salaries.then(|| money_from_tetri(r.salary_tetri)),
        })
        .collect())
}

/// One assignment with its holder's name and the position's title (for an order's title).
#[derive(sqlx::FromRow)]
pub struct AssignmentRecordWithNames {
    pub employee_id: i64,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub title_ka: String,
}

pub async fn assignment(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<AssignmentRecordWithNames>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.employee_id, a.start_date, a.end_date, e.first_name_ka, e.last_name_ka, p.title_ka
         FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
         WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn education(
    db: &mut SqliteConnection,
    employee_id: i64,
) -> Result<Vec<EducationEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, institution, qualification, graduated_year FROM employee_education WHERE employee_id = $1
         ORDER BY graduated_year DESC, id",
    )
    .bind(employee_id)
    .fetch_all(db)
    .await
}

pub async fn work_history(
    db: &mut SqliteConnection,
    employee_id: i64,
) -> Result<Vec<WorkEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, employer, position_title, from_date, to_date FROM employee_work_history WHERE employee_id = $1
         ORDER BY from_date DESC, id",
    )
    .bind(employee_id)
    .fetch_all(db)
    .await
}

pub async fn documents(
    db: &mut SqliteConnection,
    employee_id: i64,
) -> Result<Vec<DocumentEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, kind, title, reference, issued_on FROM employee_documents WHERE employee_id = $1
         ORDER BY added_at DESC, id DESC",
    )
    .bind(employee_id)
    .fetch_all(db)
    .await
}

pub async fn insert_education(
    conn: &mut SqliteConnection,
    employee_id: i64,
    institution: &str,
    qualification: &str,
    year: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO employee_education (employee_id, institution, qualification, graduated_year) VALUES ($1, $2, $3, $4)",
    )
    .bind(employee_id)
    .bind(institution)
    .bind(qualification)
    .bind(year)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_work(
    conn: &mut SqliteConnection,
    employee_id: i64,
    employer: &str,
    title: &str,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO employee_work_history (employee_id, employer, position_title, from_date, to_date) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(employee_id)
    .bind(employer)
    .bind(title)
    .bind(from)
    .bind(to)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct NewDocument<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub reference: &'a str,
    pub issued_on: Option<NaiveDate>,
    pub added_at: DateTime<Utc>,
}

pub async fn insert_document(
    conn: &mut SqliteConnection,
    employee_id: i64,
    d: NewDocument<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO employee_documents (employee_id, kind, title, reference, issued_on, added_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(employee_id)
    .bind(d.kind)
    .bind(d.title)
    .bind(d.reference)
    .bind(d.issued_on)
    .bind(d.added_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes an entry of a file's list; false when the file has no such entry.
pub async fn delete_entry(
    conn: &mut SqliteConnection,
    section: FileSection,
    employee_id: i64,
    entry_id: i64,
) -> Result<bool, sqlx::Error> {
    let statement = match section {
        FileSection::Education => {
            "DELETE FROM employee_education WHERE id = $1 AND employee_id = $2"
        }
        FileSection::Work => "DELETE FROM employee_work_history WHERE id = $1 AND employee_id = $2",
        FileSection::Document => {
            "DELETE FROM employee_documents WHERE id = $1 AND employee_id = $2"
        }
    };
    let done = sqlx::query(statement)
        .bind(entry_id)
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The table a section's entries live in (the audit log names it).
pub fn section_table(section: FileSection) -> &'static str {
    match section {
        FileSection::Education => "employee_education",
        FileSection::Work => "employee_work_history",
        FileSection::Document => "employee_documents",
    }
}

/// A current unit's id by code (CSV import).
pub async fn current_unit_by_code(
    conn: &mut SqliteConnection,
    code: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM org_units WHERE code = $1 AND valid_to IS NULL")
        .bind(code.to_uppercase())
        .fetch_optional(conn)
        .await
}

/// The newest `limit` audit rows about a file (by the audit log's (entity, entity_id) index).
pub async fn file_history(
    db: &SqlitePool,
    employee_id: i64,
    limit: i64,
) -> Result<Vec<crate::ssr::repo::HistoryRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE (l.entity IN ('employee', $2, $3, $4) AND l.entity_id = CAST($1 AS TEXT))
            OR (l.entity = 'assignment'
                AND l.entity_id IN (SELECT CAST(a.id AS TEXT) FROM assignments a WHERE a.employee_id = $1))
         ORDER BY l.id DESC
         LIMIT $5",
        crate::ssr::repo::HISTORY_FROM
    ))
    .bind(employee_id)
    .bind(section_table(FileSection::Education))
    .bind(section_table(FileSection::Work))
    .bind(section_table(FileSection::Document))
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Up to two people a form names (two mean the name is not enough to tell).
pub async fn people_named(
    conn: &mut SqliteConnection,
    query: &PersonQuery,
) -> Result<Vec<i64>, sqlx::Error> {
    match query {
        PersonQuery::Number(number) => {
            sqlx::query_scalar("SELECT id FROM employees WHERE personal_number = $1")
                .bind(number.as_str())
                .fetch_all(conn)
                .await
        }
        // SQLite's LOWER folds Latin letters only; Georgian has no case.
        PersonQuery::Name(name) => {
            sqlx::query_scalar(
                "SELECT id FROM employees
                 WHERE LOWER(first_name_ka || ' ' || last_name_ka) = $1
                    OR LOWER(last_name_ka || ' ' || first_name_ka) = $1
                    OR LOWER(first_name_en || ' ' || last_name_en) = $1
                    OR LOWER(last_name_en || ' ' || first_name_en) = $1
                 LIMIT 2",
            )
            .bind(name)
            .fetch_all(conn)
            .await
        }
    }
}
