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

/// Who holds which position from when, and the order that made it so.
pub struct NewAssignment {
    pub employee_id: i64,
    pub position_id: i64,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub basis: AssignmentBasis,
    pub order_id: Option<i64>,
}

pub async fn insert_assignment(
    conn: &mut SqliteConnection,
    a: NewAssignment,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO assignments (employee_id, position_id, start_date, end_date, basis, order_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(a.employee_id)
    .bind(a.position_id)
    .bind(a.start)
    .bind(a.end)
    .bind(a.basis.code())
    .bind(a.order_id)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Ends an assignment on `end` (inclusive), with the reason and the order.
pub async fn close_assignment(
    conn: &mut SqliteConnection,
    id: i64,
    end: NaiveDate,
    reason: &str,
    order_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE assignments SET end_date = $1, end_reason = $2, end_order_id = $3 WHERE id = $4",
    )
    .bind(end)
    .bind(reason)
    .bind(order_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
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

// ---- The structure on a date -------------------------------------------------------------

use super::{Category, OrderRef, ReportRow, StaffReport, StaffRow, UnitEventView, UnitOption};
use super::{PersonRef, Vacancy};
use crate::domain::structure::{Holding, PositionNode, UnitBefore, UnitEvent, UnitRow};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Every unit as stored now (current names and parents), past ones included.
pub async fn unit_rows(db: &SqlitePool) -> Result<Vec<(UnitRow, String, i64)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        parent_id: Option<i64>,
        kind: String,
        code: String,
        name_ka: String,
        name_en: String,
        sort_order: i64,
        valid_from: NaiveDate,
        valid_to: Option<NaiveDate>,
        supervisor_position_id: Option<i64>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, parent_id, kind, code, name_ka, name_en, sort_order, valid_from, valid_to, supervisor_position_id
         FROM org_units ORDER BY sort_order, id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                UnitRow {
                    id: r.id,
                    parent_id: r.parent_id,
                    is_service: r.kind == "service",
                    name_ka: r.name_ka,
                    name_en: r.name_en,
                    valid_from: r.valid_from,
                    valid_to: r.valid_to,
                    supervisor_position_id: r.supervisor_position_id,
                },
                r.code,
                r.sort_order,
            )
        })
        .collect())
}

/// Reorganization events with the values they replaced.
pub async fn unit_events(db: &SqlitePool) -> Result<Vec<UnitEvent>, sqlx::Error> {
    let rows: Vec<(i64, NaiveDate, Option<String>)> = sqlx::query_as(
        "SELECT unit_id, effective_date, before_json FROM org_unit_events WHERE before_json IS NOT NULL",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(unit_id, effective_date, before)| UnitEvent {
            unit_id,
            effective_date,
            before: before
                .and_then(|b| serde_json::from_str::<UnitBefore>(&b).ok())
                .unwrap_or_default(),
        })
        .collect())
}

pub async fn unit_history(
    db: &SqlitePool,
    unit_id: i64,
) -> Result<Vec<UnitEventView>, sqlx::Error> {
    let rows: Vec<(
        String,
        NaiveDate,
        Option<i64>,
        Option<String>,
        Option<NaiveDate>,
    )> = sqlx::query_as(
        "SELECT ev.event_type, ev.effective_date, o.id, o.number, o.order_date
             FROM org_unit_events ev LEFT JOIN orders o ON o.id = ev.order_id
             WHERE ev.unit_id = $1 ORDER BY ev.effective_date, ev.id",
    )
    .bind(unit_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(event_type, effective_date, id, number, date)| UnitEventView {
                event_type,
                effective_date,
                order: match (id, number, date) {
                    (Some(id), Some(number), Some(order_date)) => Some(OrderRef {
                        id,
                        number,
                        order_date,
                    }),
                    _ => None,
                },
            },
        )
        .collect())
}

#[derive(sqlx::FromRow)]
struct PositionRecord {
    id: i64,
    unit_id: Option<i64>,
    title_ka: String,
    title_en: String,
    rank: Option<i64>,
    category_ka: Option<String>,
    category_en: Option<String>,
    employment_type: String,
    salary_tetri: i64,
    is_head: bool,
    reports_to_position_id: Option<i64>,
}

const POSITION_SELECT: &str =
    "SELECT p.id, p.unit_id, p.title_ka, p.title_en, p.rank, c.title_ka AS category_ka, c.title_en AS category_en,
            p.employment_type, p.salary_tetri, p.is_head, p.reports_to_position_id
     FROM positions p LEFT JOIN position_categories c ON c.id = p.category_id
     WHERE p.valid_from <= $1 AND (p.valid_to IS NULL OR p.valid_to >= $1)";

#[derive(sqlx::FromRow)]
struct HoldingRecord {
    employee_id: i64,
    position_id: i64,
    acting: bool,
    first_name_ka: String,
    last_name_ka: String,
    first_name_en: String,
    last_name_en: String,
}

async fn holding_records(
    db: &SqlitePool,
    on: NaiveDate,
) -> Result<Vec<HoldingRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.employee_id, a.position_id, a.basis = 'acting' AS acting,
                e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en
         FROM assignments a JOIN employees e ON e.id = a.employee_id
         WHERE a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)
         ORDER BY a.start_date, a.id",
    )
    .bind(on)
    .fetch_all(db)
    .await
}

pub fn person(id: i64, first_ka: &str, last_ka: &str, first_en: &str, last_en: &str) -> PersonRef {
    PersonRef {
        id,
        name: Bilingual::new(
            format!("{first_ka} {last_ka}"),
            format!("{first_en} {last_en}"),
        ),
    }
}

pub fn money(tetri: i64) -> Decimal {
    Decimal::new(tetri, 2)
}

/// The staff list on `on`: every position in effect with its holders.
pub async fn staff_rows(
    db: &SqlitePool,
    on: NaiveDate,
) -> Result<Vec<(StaffRow, Option<i64>, Option<i64>)>, sqlx::Error> {
    let positions: Vec<PositionRecord> = sqlx::query_as(&format!(
        "{POSITION_SELECT} ORDER BY p.is_head DESC, p.rank, p.salary_tetri DESC, p.id"
    ))
    .bind(on)
    .fetch_all(db)
    .await?;
    let holdings = holding_records(db, on).await?;
    Ok(positions
        .into_iter()
        .map(|p| {
            let find = |acting: bool| {
                holdings
                    .iter()
                    .find(|h| h.position_id == p.id && h.acting == acting)
                    .map(|h| {
                        person(
                            h.employee_id,
                            &h.first_name_ka,
                            &h.last_name_ka,
                            &h.first_name_en,
                            &h.last_name_en,
                        )
                    })
            };
            (
                StaffRow {
                    position_id: p.id,
                    title: Bilingual::new(p.title_ka, p.title_en),
                    rank: p.rank,
                    category: p
                        .category_ka
                        .zip(p.category_en)
                        .map(|(ka, en)| Bilingual { ka, en }),
                    employment_type: p.employment_type,
                    salary: Some(money(p.salary_tetri)),
                    is_head: p.is_head,
                    holder: find(false),
                    acting: find(true),
                },
                p.unit_id,
                p.reports_to_position_id,
            )
        })
        .collect())
}

/// Positions and holdings for supervision on `on`.
pub async fn supervision_parts(
    db: &SqlitePool,
    on: NaiveDate,
) -> Result<(Vec<PositionNode>, Vec<Holding>), sqlx::Error> {
    let positions: Vec<(i64, Option<i64>, bool, Option<i64>)> = sqlx::query_as(
        "SELECT id, unit_id, is_head, reports_to_position_id FROM positions
         WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)",
    )
    .bind(on)
    .fetch_all(db)
    .await?;
    let holdings: Vec<(i64, i64, bool)> = sqlx::query_as(
        "SELECT employee_id, position_id, basis = 'acting' FROM assignments
         WHERE start_date <= $1 AND (end_date IS NULL OR end_date >= $1)",
    )
    .bind(on)
    .fetch_all(db)
    .await?;
    Ok((
        positions
            .into_iter()
            .map(|(id, unit_id, is_head, reports_to)| PositionNode {
                id,
                unit_id,
                is_head,
                reports_to,
            })
            .collect(),
        holdings
            .into_iter()
            .map(|(employee_id, position_id, acting)| Holding {
                employee_id,
                position_id,
                acting,
            })
            .collect(),
    ))
}

pub async fn categories(db: &SqlitePool, on: NaiveDate) -> Result<Vec<Category>, sqlx::Error> {
    let rows: Vec<(i64, i64, i64, String, String, String)> = sqlx::query_as(
        "SELECT id, rank, category_no, title_ka, title_en, coefficient FROM position_categories
         WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1) ORDER BY rank, category_no",
    )
    .bind(on)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, rank, category_no, ka, en, coefficient)| Category {
            id,
            rank,
            category_no,
            title: Bilingual { ka, en },
            coefficient: Decimal::from_str(&coefficient).unwrap_or(Decimal::ONE),
        })
        .collect())
}

pub async fn unit_options(db: &SqlitePool, on: NaiveDate) -> Result<Vec<UnitOption>, sqlx::Error> {
    let rows: Vec<(i64, Option<i64>, String, String, String)> = sqlx::query_as(
        "SELECT id, parent_id, code, name_ka, name_en FROM org_units
         WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)
         ORDER BY COALESCE((SELECT s.sort_order FROM org_units s WHERE s.id = org_units.parent_id), sort_order),
                  parent_id IS NOT NULL, sort_order, id",
    )
    .bind(on)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, parent_id, code, ka, en)| UnitOption {
            id,
            parent_id,
            code,
            name: Bilingual { ka, en },
        })
        .collect())
}

/// Vacant positions on `on` with their unit.
pub fn vacancies_from(
    rows: &[(StaffRow, Option<i64>, Option<i64>)],
    units: &[UnitRow],
) -> Vec<Vacancy> {
    rows.iter()
        .filter(|(row, _, _)| row.vacant())
        .map(|(row, unit_id, _)| Vacancy {
            position_id: row.position_id,
            unit_id: *unit_id,
            unit: unit_id
                .and_then(|id| units.iter().find(|u| u.id == id))
                .map(|u| Bilingual::new(u.name_ka.clone(), u.name_en.clone())),
            title: row.title.clone(),
            rank: row.rank,
            category: row.category.clone(),
            salary: row.salary.unwrap_or_default(),
            acting: row.acting.clone(),
        })
        .collect()
}

/// Staff by category (employment type; officers by rank) and gender on `on`.
pub async fn staff_report(db: &SqlitePool, on: NaiveDate) -> Result<StaffReport, sqlx::Error> {
    let rows: Vec<(String, Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT p.employment_type, p.rank, e.gender, COUNT(DISTINCT e.id)
         FROM assignments a JOIN positions p ON p.id = a.position_id JOIN employees e ON e.id = a.employee_id
         WHERE a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1) AND a.basis <> 'acting'
         GROUP BY p.employment_type, p.rank, e.gender",
    )
    .bind(on)
    .fetch_all(db)
    .await?;
    let mut groups: Vec<ReportRow> = Vec::new();
    let order = [
        "political",
        "rank-1",
        "rank-2",
        "rank-3",
        "rank-4",
        "officer",
        "admin_contract",
        "labour_contract",
        "intern",
    ];
    for group in order {
        groups.push(ReportRow {
            group: group.to_string(),
            women: 0,
            men: 0,
        });
    }
    for (kind, rank, gender, count) in rows {
        let group = match (kind.as_str(), rank) {
            ("officer", Some(r)) => format!("rank-{r}"),
            _ => kind,
        };
        if let Some(row) = groups.iter_mut().find(|g| g.group == group) {
            if gender == "female" {
                row.women += count;
            } else {
                row.men += count;
            }
        }
    }
    let total = ReportRow {
        group: "total".into(),
        women: groups.iter().map(|g| g.women).sum(),
        men: groups.iter().map(|g| g.men).sum(),
    };
    groups.retain(|g| g.total() > 0 || g.group.starts_with("rank-"));
    Ok(StaffReport {
        as_of: on,
        rows: groups,
        total,
    })
}
