//! SQL for employees and their files.
use super::{
    AssignmentView, DocumentEntry, EducationEntry, EmployeeFilter, EmployeeRow, WorkEntry,
};
use crate::org::repo::money;
use crate::org::{Bilingual, OrderRef};
use crate::page::{offset, Page, PAGE_SIZE};
use crate::ssr::scope::PeopleScope;
use chrono::NaiveDate;
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

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
    if let PeopleScope::Only { ids, me } = scope {
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
        let pattern = format!("%{}%", q.to_lowercase());
        query
            .push(" AND (e.personal_number LIKE ")
            .push_bind(format!("{q}%"));
        for column in [
            "e.first_name_ka",
            "e.last_name_ka",
            "e.first_name_en",
            "e.last_name_en",
        ] {
            query
                .push(format!(" OR LOWER({column}) LIKE "))
                .push_bind(pattern.clone());
        }
        query
            .push(" OR LOWER(e.first_name_ka || ' ' || e.last_name_ka) LIKE ")
            .push_bind(pattern.clone())
            .push(" OR LOWER(e.first_name_en || ' ' || e.last_name_en) LIKE ")
            .push_bind(pattern)
            .push(")");
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
    if let Some(gender) = f.gender.clone().filter(|g| g == "female" || g == "male") {
        query.push(" AND e.gender = ").push_bind(gender);
    }
    match f.status.as_deref() {
        Some("active") => {
            query.push(" AND a.id IS NOT NULL");
        }
        // Left the institution: no current assignment, but some in the past.
        Some("former") => {
            query.push(" AND a.id IS NULL AND EXISTS (SELECT 1 FROM assignments x WHERE x.employee_id = e.id)");
        }
        // Personal file opened, never appointed (e.g. just imported).
        Some("unassigned") => {
            query.push(" AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.employee_id = e.id)");
        }
        _ => {}
    }
}

fn order_by(sort: Option<&str>) -> String {
    let sort = sort.unwrap_or("name");
    let (key, descending) = match sort.strip_prefix('-') {
        Some(key) => (key, true),
        None => (sort, false),
    };
    let columns = match key {
        "personal_number" => "e.personal_number",
        "unit" => "u.name_ka IS NULL, u.name_ka",
        "rank" => "p.rank IS NULL, p.rank",
        "birth_date" => "e.birth_date",
        _ => "e.last_name_ka, e.first_name_ka",
    };
    let direction = if descending { " DESC" } else { "" };
    let columns: Vec<String> = columns
        .split(", ")
        .map(|c| format!("{c}{direction}"))
        .collect();
    format!(" ORDER BY {}, e.id", columns.join(", "))
}

#[derive(sqlx::FromRow)]
struct RowRecord {
    id: i64,
    personal_number: String,
    first_name_ka: String,
    last_name_ka: String,
    first_name_en: String,
    last_name_en: String,
    gender: String,
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
    let pair =
        |ka: Option<String>, en: Option<String>| ka.zip(en).map(|(ka, en)| Bilingual { ka, en });
    EmployeeRow {
        id: r.id,
        personal_number: r.personal_number,
        name: Bilingual::new(
            format!("{} {}", r.first_name_ka, r.last_name_ka),
            format!("{} {}", r.first_name_en, r.last_name_en),
        ),
        gender: r.gender,
        position: pair(r.title_ka, r.title_en),
        unit: pair(r.unit_ka, r.unit_en),
        rank: r.rank,
        category: pair(r.category_ka, r.category_en),
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
    push_from(&mut count, on);
    push_filter(&mut count, filter, scope);
    let (total,): (i64,) = count.build_query_as().fetch_one(db).await?;
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
    pub gender: String,
    pub birth_date: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
}

pub async fn employee<'e, E: sqlx::SqliteExecutor<'e>>(
    db: E,
    id: i64,
) -> Result<Option<EmployeeRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, personal_number, first_name_ka, last_name_ka, first_name_en, last_name_en, gender, birth_date,
                email, phone, notes FROM employees WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn assignments(
    db: &SqlitePool,
    employee_id: i64,
    salaries: bool,
) -> Result<Vec<AssignmentView>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Record {
        id: i64,
        position_id: i64,
        title_ka: String,
        title_en: String,
        unit_ka: Option<String>,
        unit_en: Option<String>,
        basis: String,
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
    let rows: Vec<Record> = sqlx::query_as(
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
    let order =
        |id: Option<i64>, number: Option<String>, date: Option<NaiveDate>| match (id, number, date)
        {
            (Some(id), Some(number), Some(order_date)) => Some(OrderRef {
                id,
                number,
                order_date,
            }),
            _ => None,
        };
    Ok(rows
        .into_iter()
        .map(|r| AssignmentView {
            id: r.id,
            position_id: r.position_id,
            position: Bilingual::new(r.title_ka, r.title_en),
            unit: r
                .unit_ka
                .zip(r.unit_en)
                .map(|(ka, en)| Bilingual { ka, en }),
            basis: r.basis,
            start_date: r.start_date,
            end_date: r.end_date,
            end_reason: r.end_reason,
            order: order(r.order_id, r.order_number, r.order_date),
            end_order: order(r.end_order_id, r.end_order_number, r.end_order_date),
            salary: salaries.then(|| money(r.salary_tetri)),
        })
        .collect())
}

pub async fn education(
    db: &SqlitePool,
    employee_id: i64,
) -> Result<Vec<EducationEntry>, sqlx::Error> {
    let rows: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, institution, qualification, graduated_year FROM employee_education WHERE employee_id = $1
         ORDER BY graduated_year DESC, id",
    )
    .bind(employee_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, institution, qualification, graduated_year)| EducationEntry {
                id,
                institution,
                qualification,
                graduated_year,
            },
        )
        .collect())
}

pub async fn work_history(
    db: &SqlitePool,
    employee_id: i64,
) -> Result<Vec<WorkEntry>, sqlx::Error> {
    let rows: Vec<(i64, String, String, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT id, employer, position_title, from_date, to_date FROM employee_work_history WHERE employee_id = $1
         ORDER BY from_date DESC, id",
    )
    .bind(employee_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, employer, position_title, from_date, to_date)| WorkEntry {
                id,
                employer,
                position_title,
                from_date,
                to_date,
            },
        )
        .collect())
}

pub async fn documents(
    db: &SqlitePool,
    employee_id: i64,
) -> Result<Vec<DocumentEntry>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT id, kind, title, reference, issued_on FROM employee_documents WHERE employee_id = $1
         ORDER BY added_at DESC, id DESC",
    )
    .bind(employee_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, title, reference, issued_on)| DocumentEntry {
            id,
            kind,
            title,
            reference,
            issued_on,
        })
        .collect())
}
