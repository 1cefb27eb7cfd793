//! SQL for the organisation records.
use super::{AssignmentBasis, Bilingual, EmploymentType, Gender, UnitKind};
use chrono::{NaiveDate, Utc};
use sqlx::{SqliteConnection, SqlitePool};

pub async fn insert_institution(
    conn: &mut SqliteConnection,
    name: &Bilingual,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO institutions (name_ka, name_en, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(&name.ka)
    .bind(&name.en)
    .bind(Utc::now())
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub struct NewUnit<'a> {
    pub institution_id: i64,
    pub parent_id: Option<i64>,
    pub kind: UnitKind,
    pub code: &'a str,
    pub name: &'a Bilingual,
    pub sort_order: i64,
    pub valid_from: NaiveDate,
}

pub async fn insert_unit(
    conn: &mut SqliteConnection,
    unit: NewUnit<'_>,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO org_units (institution_id, parent_id, kind, code, name_ka, name_en, sort_order, valid_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(unit.institution_id)
    .bind(unit.parent_id)
    .bind(unit.kind.code())
    .bind(unit.code)
    .bind(&unit.name.ka)
    .bind(&unit.name.en)
    .bind(unit.sort_order)
    .bind(unit.valid_from)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub struct NewPosition<'a> {
    pub institution_id: i64,
    pub unit_id: Option<i64>,
    pub title: &'a Bilingual,
    pub rank: Option<i64>,
    pub employment_type: EmploymentType,
    pub salary_tetri: i64,
    pub is_head: bool,
    pub valid_from: NaiveDate,
}

pub async fn insert_position(
    conn: &mut SqliteConnection,
    p: NewPosition<'_>,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri, is_head, valid_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(p.institution_id)
    .bind(p.unit_id)
    .bind(&p.title.ka)
    .bind(&p.title.en)
    .bind(p.rank)
    .bind(p.employment_type.code())
    .bind(p.salary_tetri)
    .bind(p.is_head)
    .bind(p.valid_from)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub struct NewEmployee<'a> {
    pub institution_id: i64,
    pub personal_number: &'a str,
    pub first_name: &'a Bilingual,
    pub last_name: &'a Bilingual,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: Option<&'a str>,
}

pub async fn insert_employee(
    conn: &mut SqliteConnection,
    e: NewEmployee<'_>,
) -> Result<i64, sqlx::Error> {
    let now = Utc::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO employees (institution_id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en,
                                gender, birth_date, email, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(e.institution_id)
    .bind(e.personal_number)
    .bind(&e.first_name.ka)
    .bind(&e.last_name.ka)
    .bind(&e.first_name.en)
    .bind(&e.last_name.en)
    .bind(e.gender.code())
    .bind(e.birth_date)
    .bind(e.email)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn insert_assignment(
    conn: &mut SqliteConnection,
    employee_id: i64,
    position_id: i64,
    start: NaiveDate,
    basis: AssignmentBasis,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO assignments (employee_id, position_id, start_date, basis) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(employee_id)
    .bind(position_id)
    .bind(start)
    .bind(basis.code())
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn count_institutions(db: &SqlitePool) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM institutions")
        .fetch_one(db)
        .await?;
    Ok(n)
}

/// Head counts for the home page, as of `on`.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct OrgCounts {
    pub services: i64,
    pub departments: i64,
    pub positions: i64,
    pub staff: i64,
    pub women: i64,
}

pub async fn org_counts(db: &SqlitePool, on: NaiveDate) -> Result<OrgCounts, sqlx::Error> {
    sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM org_units WHERE kind = 'service' AND valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)) AS services,
           (SELECT COUNT(*) FROM org_units WHERE kind = 'department' AND valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)) AS departments,
           (SELECT COUNT(*) FROM positions WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)) AS positions,
           (SELECT COUNT(DISTINCT a.employee_id) FROM assignments a
              WHERE a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)) AS staff,
           (SELECT COUNT(DISTINCT a.employee_id) FROM assignments a JOIN employees e ON e.id = a.employee_id
              WHERE e.gender = 'female' AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)) AS women",
    )
    .bind(on)
    .fetch_one(db)
    .await
}

/// The position an employee holds on `on`, with its unit.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HeldPosition {
    pub position_id: i64,
    pub title_ka: String,
    pub title_en: String,
    pub unit_id: Option<i64>,
    pub unit_name_ka: Option<String>,
    pub unit_name_en: Option<String>,
    pub is_head: bool,
}

pub async fn held_position(
    db: &SqlitePool,
    employee_id: i64,
    on: NaiveDate,
) -> Result<Option<HeldPosition>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id AS position_id, p.title_ka, p.title_en, p.unit_id, u.name_ka AS unit_name_ka,
                u.name_en AS unit_name_en, p.is_head
         FROM assignments a JOIN positions p ON p.id = a.position_id LEFT JOIN org_units u ON u.id = p.unit_id
         WHERE a.employee_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
         ORDER BY p.is_head DESC, a.start_date DESC LIMIT 1",
    )
    .bind(employee_id)
    .bind(on)
    .fetch_optional(db)
    .await
}

/// People in a unit and its sub-units on `on`, except `employee_id` (the head themself).
pub async fn count_staff_under(
    db: &SqlitePool,
    unit_id: i64,
    employee_id: i64,
    on: NaiveDate,
) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT a.employee_id) FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE (p.unit_id = $1 OR p.unit_id IN (SELECT id FROM org_units WHERE parent_id = $1))
           AND a.employee_id <> $2 AND a.start_date <= $3 AND (a.end_date IS NULL OR a.end_date >= $3)",
    )
    .bind(unit_id)
    .bind(employee_id)
    .bind(on)
    .fetch_one(db)
    .await?;
    Ok(n)
}

pub async fn institution_name(db: &SqlitePool) -> Result<Option<Bilingual>, sqlx::Error> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT name_ka, name_en FROM institutions ORDER BY id LIMIT 1")
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(ka, en)| Bilingual { ka, en }))
}

/// "First Last" in Georgian, for account display names.
pub async fn employee_display_name(
    conn: &mut SqliteConnection,
    employee_id: i64,
) -> Result<String, sqlx::Error> {
    let (first, last): (String, String) =
        sqlx::query_as("SELECT first_name_ka, last_name_ka FROM employees WHERE id = $1")
            .bind(employee_id)
            .fetch_one(conn)
            .await?;
    Ok(format!("{first} {last}"))
}
