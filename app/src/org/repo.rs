//! SQL for the organisation: institutions, units and their history, positions, assignments
//! and the structure on a date. Reads take a pool, writes the transaction's connection.
use super::{Category, ReportRow, StaffRow, UnitEventView, UnitOption};
use crate::domain::common::money_from_tetri;
use crate::domain::staff::{
    AssignmentBasis, EmploymentType, Gender, StaffGroup, UnitEventType, UnitKind,
};
use crate::domain::structure::{
    Holding, PositionNode, PositionPlace, UnitBefore, UnitEvent, UnitRow,
};
use crate::domain::{Bilingual, OrderRef, PersonRef};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use std::collections::HashMap;
use std::str::FromStr;

// ---- Institutions -------------------------------------------------------------------------

pub async fn insert_institution(
    conn: &mut SqliteConnection,
    name: &Bilingual,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO institutions (name_ka, name_en, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(&name.ka)
    .bind(&name.en)
    .bind(at)
    .fetch_one(conn)
    .await
}

pub async fn count_institutions(db: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM institutions")
        .fetch_one(db)
        .await
}

/// The institution this deployment serves (the first one).
pub async fn institution_id(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM institutions")
        .fetch_one(conn)
        .await
}

#[derive(sqlx::FromRow)]
struct NameRecord {
    name_ka: String,
    name_en: String,
}

pub async fn institution_name(db: &SqlitePool) -> Result<Option<Bilingual>, sqlx::Error> {
    let row: Option<NameRecord> =
        sqlx::query_as("SELECT name_ka, name_en FROM institutions ORDER BY id LIMIT 1")
            .fetch_optional(db)
            .await?;
    Ok(row.map(|r| Bilingual::new(r.name_ka, r.name_en)))
}

// ---- Units --------------------------------------------------------------------------------

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
    sqlx::query_scalar(
        "INSERT INTO org_units (institution_id, parent_id, kind, code, name_ka, name_en, sort_order, valid_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(unit.institution_id)
    .bind(unit.parent_id)
    .bind(unit.kind)
    .bind(unit.code)
    .bind(&unit.name.ka)
    .bind(&unit.name.en)
    .bind(unit.sort_order)
    .bind(unit.valid_from)
    .fetch_one(conn)
    .await
}

/// A unit as stored now, past ones included: its current name and parent.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UnitRecord {
    pub id: i64,
    pub institution_id: i64,
    pub parent_id: Option<i64>,
    pub kind: UnitKind,
    pub code: String,
    pub name_ka: String,
    pub name_en: String,
    pub sort_order: i64,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub supervisor_position_id: Option<i64>,
    pub revision: i64,
}

impl UnitRecord {
    pub fn row(&self) -> UnitRow {
        UnitRow {
            id: self.id,
            parent_id: self.parent_id,
            is_service: self.kind == UnitKind::Service,
            name_ka: self.name_ka.clone(),
            name_en: self.name_en.clone(),
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            supervisor_position_id: self.supervisor_position_id,
        }
    }

    pub fn name(&self) -> Bilingual {
        Bilingual::new(self.name_ka.clone(), self.name_en.clone())
    }
}

pub async fn units(db: &SqlitePool) -> Result<Vec<UnitRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, institution_id, parent_id, kind, code, name_ka, name_en, sort_order, valid_from,
                valid_to, supervisor_position_id, revision
         FROM org_units ORDER BY sort_order, id",
    )
    .fetch_all(db)
    .await
}

/// A unit that has not ended.
pub async fn current_unit(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<UnitRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, institution_id, parent_id, kind, code, name_ka, name_en, sort_order, valid_from,
                valid_to, supervisor_position_id, revision
         FROM org_units WHERE id = $1 AND valid_to IS NULL",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Whether a unit code is in use by a unit that exists on or after `from`.
pub async fn unit_code_taken(
    conn: &mut SqliteConnection,
    code: &str,
    from: NaiveDate,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM org_units WHERE code = $1 AND (valid_to IS NULL OR valid_to >= $2)",
    )
    .bind(code)
    .bind(from)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub async fn rename_unit(
    conn: &mut SqliteConnection,
    id: i64,
    name: &Bilingual,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE org_units SET name_ka = $1, name_en = $2 WHERE id = $3")
        .bind(&name.ka)
        .bind(&name.en)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_unit_parent(
    conn: &mut SqliteConnection,
    id: i64,
    parent: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE org_units SET parent_id = $1 WHERE id = $2")
        .bind(parent)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn end_unit(
    conn: &mut SqliteConnection,
    id: i64,
    last_day: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE org_units SET valid_to = $1 WHERE id = $2")
        .bind(last_day)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_unit_supervisor(
    conn: &mut SqliteConnection,
    id: i64,
    position: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE org_units SET supervisor_position_id = $1 WHERE id = $2")
        .bind(position)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The current sub-units of a unit.
pub async fn current_children(
    conn: &mut SqliteConnection,
    parent: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM org_units WHERE parent_id = $1 AND valid_to IS NULL")
        .bind(parent)
        .fetch_all(conn)
        .await
}

/// What still belongs to a unit on or after `from`: positions and sub-units.
pub struct UnitContents {
    pub positions: i64,
    pub children: i64,
}

pub async fn unit_contents(
    conn: &mut SqliteConnection,
    id: i64,
    from: NaiveDate,
) -> Result<UnitContents, sqlx::Error> {
    let positions: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM positions WHERE unit_id = $1 AND (valid_to IS NULL OR valid_to >= $2)",
    )
    .bind(id)
    .bind(from)
    .fetch_one(&mut *conn)
    .await?;
    let children: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM org_units WHERE parent_id = $1 AND (valid_to IS NULL OR valid_to >= $2)",
    )
    .bind(id)
    .bind(from)
    .fetch_one(&mut *conn)
    .await?;
    Ok(UnitContents {
        positions,
        children,
    })
}

/// A step of a unit's history.
pub struct NewUnitEvent {
    pub unit_id: i64,
    pub event_type: UnitEventType,
    pub effective_date: NaiveDate,
    pub order_id: i64,
    /// The unit that took over a merged one.
    pub successor_unit_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_unit_event(
    conn: &mut SqliteConnection,
    event: NewUnitEvent,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO org_unit_events (unit_id, event_type, effective_date, order_id, successor_unit_id,
                                      before_json, after_json, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(event.unit_id)
    .bind(event.event_type)
    .bind(event.effective_date)
    .bind(event.order_id)
    .bind(event.successor_unit_id)
    .bind(event.before.map(|v| v.to_string()))
    .bind(event.after.map(|v| v.to_string()))
    .bind(event.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every unit's creation by one order (the demo's founding reorganization).
pub async fn insert_creation_events(
    conn: &mut SqliteConnection,
    order_id: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO org_unit_events (unit_id, event_type, effective_date, order_id, created_at)
         SELECT id, $1, valid_from, $2, $3 FROM org_units",
    )
    .bind(UnitEventType::Create)
    .bind(order_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct UnitEventRecord {
    id: i64,
    unit_id: i64,
    event_type: UnitEventType,
    effective_date: NaiveDate,
    before_json: String,
    after_json: Option<String>,
}

impl UnitEventRecord {
    /// The event with the values it replaced and set: names for a rename, the parent for a
    /// move (the after-JSON of a move also repeats the names, which it did not change).
    fn event(self) -> Result<UnitEvent, sqlx::Error> {
        let decode = |text: &str| {
            serde_json::from_str::<UnitBefore>(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
        };
        let before = decode(&self.before_json)?;
        let set = match &self.after_json {
            Some(text) => decode(text)?,
            None => UnitBefore::default(),
        };
        let after = match self.event_type {
            UnitEventType::Rename => UnitBefore {
                parent_id: None,
                ..set
            },
            UnitEventType::Move => UnitBefore {
                parent_id: set.parent_id,
                ..UnitBefore::default()
            },
            _ => UnitBefore::default(),
        };
        Ok(UnitEvent {
            unit_id: self.unit_id,
            effective_date: self.effective_date,
            seq: self.id,
            before,
            after,
        })
    }
}

const UNIT_EVENTS: &str = "SELECT id, unit_id, event_type, effective_date, before_json, after_json
     FROM org_unit_events WHERE before_json IS NOT NULL";

/// Reorganization events with the values they replaced and set.
pub async fn unit_events<'e, E: sqlx::SqliteExecutor<'e>>(
    db: E,
) -> Result<Vec<UnitEvent>, sqlx::Error> {
    let rows: Vec<UnitEventRecord> = sqlx::query_as(UNIT_EVENTS).fetch_all(db).await?;
    rows.into_iter().map(UnitEventRecord::event).collect()
}

/// The events of one unit.
pub async fn events_of_unit(
    conn: &mut SqliteConnection,
    unit: i64,
) -> Result<Vec<UnitEvent>, sqlx::Error> {
    let rows: Vec<UnitEventRecord> = sqlx::query_as(&format!("{UNIT_EVENTS} AND unit_id = $1"))
        .bind(unit)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(UnitEventRecord::event).collect()
}

#[derive(sqlx::FromRow)]
struct HistoryRecord {
    event_type: UnitEventType,
    effective_date: NaiveDate,
    order_id: Option<i64>,
    number: Option<String>,
    order_date: Option<NaiveDate>,
}

pub async fn unit_history(
    db: &SqlitePool,
    unit_id: i64,
) -> Result<Vec<UnitEventView>, sqlx::Error> {
    let rows: Vec<HistoryRecord> = sqlx::query_as(
        "SELECT ev.event_type, ev.effective_date, o.id AS order_id, o.number, o.order_date
         FROM org_unit_events ev LEFT JOIN orders o ON o.id = ev.order_id
         WHERE ev.unit_id = $1 ORDER BY ev.effective_date, ev.id",
    )
    .bind(unit_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| UnitEventView {
            event_type: r.event_type,
            effective_date: r.effective_date,
            order: match (r.order_id, r.number, r.order_date) {
                (Some(id), Some(number), Some(order_date)) => Some(OrderRef {
                    id,
                    number,
                    order_date,
                }),
                _ => None,
            },
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct UnitOptionRecord {
    id: i64,
    parent_id: Option<i64>,
    code: String,
    name_ka: String,
    name_en: String,
}

/// Units in effect on `on`, each service followed by its departments.
pub async fn unit_options(db: &SqlitePool, on: NaiveDate) -> Result<Vec<UnitOption>, sqlx::Error> {
    let rows: Vec<UnitOptionRecord> = sqlx::query_as(
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
        .map(|r| UnitOption {
            id: r.id,
            parent_id: r.parent_id,
            code: r.code,
            name: Bilingual::new(r.name_ka, r.name_en),
        })
        .collect())
}

// ---- Positions ----------------------------------------------------------------------------

/// A new line of the staff list, as stored.
pub struct NewPosition<'a> {
    pub institution_id: i64,
    pub unit_id: Option<i64>,
    pub title: &'a Bilingual,
    pub rank: Option<i64>,
    pub employment_type: EmploymentType,
    pub salary_tetri: i64,
    pub is_head: bool,
    pub valid_from: NaiveDate,
    pub category_id: Option<i64>,
    pub salary_coefficient: Option<Decimal>,
    pub job_description: &'a Bilingual,
    pub requirements_min: &'a Bilingual,
    pub requirements_extra: &'a Bilingual,
}

pub async fn insert_position(
    conn: &mut SqliteConnection,
    p: NewPosition<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri, is_head,
                                valid_from, category_id, job_description_ka, job_description_en, requirements_min_ka,
                                requirements_min_en, requirements_extra_ka, requirements_extra_en, salary_coefficient)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(p.institution_id)
    .bind(p.unit_id)
    .bind(&p.title.ka)
    .bind(&p.title.en)
    .bind(p.rank)
    .bind(p.employment_type)
    .bind(p.salary_tetri)
    .bind(p.is_head)
    .bind(p.valid_from)
    .bind(p.category_id)
    .bind(&p.job_description.ka)
    .bind(&p.job_description.en)
    .bind(&p.requirements_min.ka)
    .bind(&p.requirements_min.en)
    .bind(&p.requirements_extra.ka)
    .bind(&p.requirements_extra.en)
    .bind(p.salary_coefficient.map(|c| c.to_string()))
    .fetch_one(conn)
    .await
}

// ---- Dated pay terms ----------------------------------------------------------------------

/// A position's pay terms from a date (the last row of a position is open-ended).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TermsRecord {
    pub id: i64,
    pub position_id: i64,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub employment_type: EmploymentType,
    pub salary_tetri: i64,
    pub category_id: Option<i64>,
    pub category_ka: Option<String>,
    pub category_en: Option<String>,
    pub salary_coefficient: Option<String>,
    pub first_paid: Option<NaiveDate>,
    pub order_number: Option<String>,
    pub order_date: Option<NaiveDate>,
}

const TERMS_SELECT: &str = "SELECT t.id, t.position_id, t.valid_from, t.valid_to, t.employment_type, t.salary_tetri,
        t.category_id, c.title_ka AS category_ka, c.title_en AS category_en, t.salary_coefficient, t.first_paid,
        o.number AS order_number, o.order_date
    FROM position_terms t LEFT JOIN position_categories c ON c.id = t.category_id
    LEFT JOIN orders o ON o.id = t.order_id";

/// Every set of terms a position has had or will have, oldest first.
pub async fn terms_history(
    conn: &mut SqliteConnection,
    position: i64,
) -> Result<Vec<TermsRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TERMS_SELECT} WHERE t.position_id = $1 ORDER BY t.valid_from"
    ))
    .bind(position)
    .fetch_all(conn)
    .await
}

/// The terms of a position in force on `on`.
pub async fn terms_on(
    conn: &mut SqliteConnection,
    position: i64,
    on: NaiveDate,
) -> Result<Option<TermsRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TERMS_SELECT} WHERE t.position_id = $1 AND t.valid_from <= $2
           AND (t.valid_to IS NULL OR t.valid_to >= $2)"
    ))
    .bind(position)
    .bind(on)
    .fetch_optional(conn)
    .await
}

/// Positions in effect on `on` whose salary is base × coefficient, with the terms in force
/// that day (a base salary revision recomputes them).
pub async fn coefficient_terms_on(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Vec<TermsRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{TERMS_SELECT} JOIN positions p ON p.id = t.position_id
         WHERE t.salary_coefficient IS NOT NULL AND t.valid_from <= $1
           AND (t.valid_to IS NULL OR t.valid_to >= $1) AND (p.valid_to IS NULL OR p.valid_to >= $1)
         ORDER BY t.position_id"
    ))
    .bind(on)
    .fetch_all(conn)
    .await
}

/// New terms of a position from a date, by an act.
pub struct NewTerms {
    pub position_id: i64,
    pub valid_from: NaiveDate,
    pub employment_type: EmploymentType,
    pub salary_tetri: i64,
    pub category_id: Option<i64>,
    pub salary_coefficient: Option<Decimal>,
    pub order_id: Option<i64>,
    pub first_paid: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// Inserts terms from their date: the terms in force the day before end then, and the new ones
/// last until the next recorded terms take effect (a change between two others replaces only
/// the days up to the later one).
pub async fn insert_terms(conn: &mut SqliteConnection, t: NewTerms) -> Result<i64, sqlx::Error> {
    let next: Option<NaiveDate> = sqlx::query_scalar(
        "SELECT MIN(valid_from) FROM position_terms WHERE position_id = $1 AND valid_from > $2",
    )
    .bind(t.position_id)
    .bind(t.valid_from)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE position_terms SET valid_to = $3
         WHERE position_id = $1 AND valid_from < $2 AND (valid_to IS NULL OR valid_to >= $2)",
    )
    .bind(t.position_id)
    .bind(t.valid_from)
    .bind(t.valid_from.pred_opt())
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar(
        "INSERT INTO position_terms (position_id, valid_from, valid_to, employment_type, salary_tetri, category_id,
                                     salary_coefficient, order_id, first_paid, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(t.position_id)
    .bind(t.valid_from)
    .bind(next.and_then(|n| n.pred_opt()))
    .bind(t.employment_type)
    .bind(t.salary_tetri)
    .bind(t.category_id)
    .bind(t.salary_coefficient.map(|c| c.to_string()))
    .bind(t.order_id)
    .bind(t.first_paid)
    .bind(t.created_at)
    .fetch_one(conn)
    .await
}

/// Copies the terms in force on `on` into the position rows that differ (the staff list shows
/// today's terms), advancing their revision; returns how many changed.
pub async fn apply_terms_in_force(
    conn: &mut SqliteConnection,
    on: NaiveDate,
    position: Option<i64>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE positions SET employment_type = t.employment_type, salary_tetri = t.salary_tetri,
                category_id = t.category_id, salary_coefficient = t.salary_coefficient, revision = revision + 1
         FROM position_terms t
         WHERE t.position_id = positions.id AND t.valid_from <= $1 AND (t.valid_to IS NULL OR t.valid_to >= $1)
           AND ($2 IS NULL OR positions.id = $2)
           AND (positions.employment_type <> t.employment_type OR positions.salary_tetri <> t.salary_tetri
                OR positions.category_id IS NOT t.category_id
                OR positions.salary_coefficient IS NOT t.salary_coefficient)",
    )
    .bind(on)
    .bind(position)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// A base salary revision dated on the day a position's terms already change: that change
/// takes the new salary.
pub async fn replace_terms_salary(
    conn: &mut SqliteConnection,
    terms: i64,
    salary_tetri: i64,
    order_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE position_terms SET salary_tetri = $2, order_id = $3 WHERE id = $1")
        .bind(terms)
        .bind(salary_tetri)
        .bind(order_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn bump_position_revision(
    conn: &mut SqliteConnection,
    position: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE positions SET revision = revision + 1 WHERE id = $1")
        .bind(position)
        .execute(conn)
        .await?;
    Ok(())
}

/// A position's rank (from its category; none for political and contract posts).
pub async fn position_rank(
    conn: &mut SqliteConnection,
    position: i64,
) -> Result<Option<i64>, sqlx::Error> {
    Ok(
        sqlx::query_scalar::<_, Option<i64>>("SELECT rank FROM positions WHERE id = $1")
            .bind(position)
            .fetch_optional(conn)
            .await?
            .flatten(),
    )
}

#[derive(sqlx::FromRow)]
struct TitleRecord {
    id: i64,
    title_ka: String,
    title_en: String,
    unit_ka: Option<String>,
    unit_en: Option<String>,
}

/// Titles and units of positions, for lists of them.
pub async fn position_titles(
    conn: &mut SqliteConnection,
    ids: &[i64],
) -> Result<HashMap<i64, (Bilingual, Option<Bilingual>)>, sqlx::Error> {
    let mut map = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT p.id, p.title_ka, p.title_en, u.name_ka AS unit_ka, u.name_en AS unit_en
             FROM positions p LEFT JOIN org_units u ON u.id = p.unit_id WHERE p.id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        let rows: Vec<TitleRecord> = q.build_query_as().fetch_all(&mut *conn).await?;
        for r in rows {
            map.insert(
                r.id,
                (
                    Bilingual::new(r.title_ka, r.title_en),
                    Bilingual::both(r.unit_ka, r.unit_en),
                ),
            );
        }
    }
    Ok(map)
}

/// When each position last fell vacant before `on`: the end of its last holder (acting
/// excluded), or none when it has never been held; with the position's first day.
#[derive(sqlx::FromRow)]
pub struct VacantSince {
    pub id: i64,
    pub valid_from: NaiveDate,
    pub last_held: Option<NaiveDate>,
}

pub async fn vacant_since(
    db: &SqlitePool,
    ids: &[i64],
    on: NaiveDate,
) -> Result<Vec<VacantSince>, sqlx::Error> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT p.id, p.valid_from, (SELECT MAX(a.end_date) FROM assignments a
                 WHERE a.position_id = p.id AND a.basis <> 'acting' AND a.end_date < ",
        );
        q.push_bind(on);
        q.push(") AS last_held FROM positions p WHERE p.id IN (");
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        rows.extend(q.build_query_as::<VacantSince>().fetch_all(db).await?);
    }
    Ok(rows)
}

/// A category's rank and salary coefficient.
#[derive(sqlx::FromRow)]
pub struct CategoryTerms {
    pub rank: i64,
    pub coefficient: String,
}

pub async fn category_terms(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<CategoryTerms>, sqlx::Error> {
    sqlx::query_as("SELECT rank, coefficient FROM position_categories WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The current category of a rank and number (imports name categories so).
pub async fn category_by_number(
    conn: &mut SqliteConnection,
    rank: i64,
    category_no: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM position_categories WHERE rank = $1 AND category_no = $2 AND valid_to IS NULL",
    )
    .bind(rank)
    .bind(category_no)
    .fetch_optional(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct CategoryRecord {
    id: i64,
    rank: i64,
    category_no: i64,
    title_ka: String,
    title_en: String,
    coefficient: String,
}

pub async fn categories(db: &SqlitePool, on: NaiveDate) -> Result<Vec<Category>, sqlx::Error> {
    let rows: Vec<CategoryRecord> = sqlx::query_as(
        "SELECT id, rank, category_no, title_ka, title_en, coefficient FROM position_categories
         WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1) ORDER BY rank, category_no",
    )
    .bind(on)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Category {
                id: r.id,
                rank: r.rank,
                category_no: r.category_no,
                title: Bilingual::new(r.title_ka, r.title_en),
                coefficient: Decimal::from_str(&r.coefficient)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            })
        })
        .collect()
}

/// How many head positions a unit has on or after `from`.
pub async fn heads_from(
    conn: &mut SqliteConnection,
    unit: i64,
    from: NaiveDate,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM positions WHERE unit_id = $1 AND is_head = 1 AND (valid_to IS NULL OR valid_to >= $2)",
    )
    .bind(unit)
    .bind(from)
    .fetch_one(conn)
    .await
}

/// A position on the staff list now (not ended).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CurrentPosition {
    pub id: i64,
    pub unit_id: Option<i64>,
    pub title_ka: String,
    pub is_head: bool,
    pub valid_from: NaiveDate,
    pub reports_to_position_id: Option<i64>,
}

pub async fn current_position(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<CurrentPosition>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, unit_id, title_ka, is_head, valid_from, reports_to_position_id
         FROM positions WHERE id = $1 AND valid_to IS NULL",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// A position's period on the staff list, and its title (any position, ended too).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PositionSpan {
    pub title_ka: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub employment_type: EmploymentType,
}

pub async fn position_span(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<PositionSpan>, sqlx::Error> {
    sqlx::query_as(
        "SELECT title_ka, valid_from, valid_to, employment_type FROM positions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The positions of a unit still in effect on or after `from`.
pub async fn unit_positions_from(
    conn: &mut SqliteConnection,
    unit: i64,
    from: NaiveDate,
) -> Result<Vec<CurrentPosition>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, unit_id, title_ka, is_head, valid_from, reports_to_position_id
         FROM positions WHERE unit_id = $1 AND (valid_to IS NULL OR valid_to >= $2)",
    )
    .bind(unit)
    .bind(from)
    .fetch_all(conn)
    .await
}

pub async fn set_reports_to(
    conn: &mut SqliteConnection,
    position: i64,
    reports_to: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE positions SET reports_to_position_id = $1 WHERE id = $2")
        .bind(reports_to)
        .bind(position)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn end_position(
    conn: &mut SqliteConnection,
    id: i64,
    last_day: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE positions SET valid_to = $1 WHERE id = $2")
        .bind(last_day)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether a current position sits outside the units (the mayor, the deputies).
pub async fn is_leadership_position(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM positions WHERE id = $1 AND unit_id IS NULL AND valid_to IS NULL",
    )
    .bind(id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// The same line of the staff list again in another unit from `from` (a merge), as a head or
/// not; returns the new position.
pub async fn copy_position(
    conn: &mut SqliteConnection,
    position: i64,
    unit: i64,
    is_head: bool,
    from: NaiveDate,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri,
                                is_head, valid_from, category_id, salary_coefficient, job_description_ka,
                                job_description_en, requirements_min_ka, requirements_min_en, requirements_extra_ka,
                                requirements_extra_en, code)
         SELECT institution_id, $1, title_ka, title_en, rank, employment_type, salary_tetri, $2, $3, category_id,
                salary_coefficient, job_description_ka, job_description_en, requirements_min_ka, requirements_min_en,
                requirements_extra_ka, requirements_extra_en, code
         FROM positions WHERE id = $4 RETURNING id",
    )
    .bind(unit)
    .bind(is_head)
    .bind(from)
    .bind(position)
    .fetch_one(conn)
    .await
}

/// A position's titles and texts.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PositionTextsRecord {
    pub title_ka: String,
    pub title_en: String,
    pub job_description_ka: String,
    pub job_description_en: String,
    pub requirements_min_ka: String,
    pub requirements_min_en: String,
    pub requirements_extra_ka: String,
    pub requirements_extra_en: String,
}

impl PositionTextsRecord {
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "title_ka": self.title_ka, "title_en": self.title_en,
            "job_description_ka": self.job_description_ka, "job_description_en": self.job_description_en,
            "requirements_min_ka": self.requirements_min_ka, "requirements_min_en": self.requirements_min_en,
            "requirements_extra_ka": self.requirements_extra_ka, "requirements_extra_en": self.requirements_extra_en,
        })
    }
}

pub async fn position_texts(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<PositionTextsRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT title_ka, title_en, job_description_ka, job_description_en, requirements_min_ka,
                requirements_min_en, requirements_extra_ka, requirements_extra_en
         FROM positions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn update_position_texts(
    conn: &mut SqliteConnection,
    id: i64,
    texts: &PositionTextsRecord,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE positions SET title_ka = $1, title_en = $2, job_description_ka = $3, job_description_en = $4,
                requirements_min_ka = $5, requirements_min_en = $6, requirements_extra_ka = $7, requirements_extra_en = $8
         WHERE id = $9",
    )
    .bind(&texts.title_ka)
    .bind(&texts.title_en)
    .bind(&texts.job_description_ka)
    .bind(&texts.job_description_en)
    .bind(&texts.requirements_min_ka)
    .bind(&texts.requirements_min_en)
    .bind(&texts.requirements_extra_ka)
    .bind(&texts.requirements_extra_en)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A position's details beyond its staff-list line.
#[derive(sqlx::FromRow)]
pub struct PositionRecord {
    pub unit_id: Option<i64>,
    pub unit_ka: Option<String>,
    pub unit_en: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub salary_coefficient: Option<String>,
    #[sqlx(flatten)]
    pub texts: PositionTextsRecord,
}

pub async fn position_record(
    db: &SqlitePool,
    id: i64,
) -> Result<Option<PositionRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.unit_id, u.name_ka AS unit_ka, u.name_en AS unit_en, p.valid_from, p.valid_to,
                p.salary_coefficient, p.title_ka, p.title_en, p.job_description_ka, p.job_description_en,
                p.requirements_min_ka, p.requirements_min_en, p.requirements_extra_ka, p.requirements_extra_en
         FROM positions p LEFT JOIN org_units u ON u.id = p.unit_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

#[derive(sqlx::FromRow)]
struct HolderRecord {
    employee_id: i64,
    first_name_ka: String,
    last_name_ka: String,
    first_name_en: String,
    last_name_en: String,
    basis: AssignmentBasis,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
}

/// Everyone who has held a position, latest first.
pub async fn position_holders(
    db: &SqlitePool,
    position: i64,
) -> Result<Vec<super::PositionHolder>, sqlx::Error> {
    let rows: Vec<HolderRecord> = sqlx::query_as(
        "SELECT e.id AS employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en,
                a.basis, a.start_date, a.end_date
         FROM assignments a JOIN employees e ON e.id = a.employee_id WHERE a.position_id = $1
         ORDER BY a.start_date DESC, a.id DESC",
    )
    .bind(position)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| super::PositionHolder {
            person: PersonRef::named(
                r.employee_id,
                &r.first_name_ka,
                &r.last_name_ka,
                &r.first_name_en,
                &r.last_name_en,
            ),
            basis: r.basis,
            start_date: r.start_date,
            end_date: r.end_date,
        })
        .collect())
}

// ---- Employees and assignments ------------------------------------------------------------

/// "First Last" in Georgian, for account display names.
pub async fn employee_display_name(
    conn: &mut SqliteConnection,
    employee_id: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT first_name_ka || ' ' || last_name_ka FROM employees WHERE id = $1")
        .bind(employee_id)
        .fetch_one(conn)
        .await
}

/// Who holds which position from when, and the order that made it so.
pub struct NewAssignment {
    pub employee_id: i64,
    pub position_id: i64,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub basis: AssignmentBasis,
    pub order_id: Option<i64>,
    /// Why someone acts on a post outside the rule (another service), when HR recorded it.
    pub acting_reason: Option<String>,
}

pub async fn insert_assignment(
    conn: &mut SqliteConnection,
    a: NewAssignment,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO assignments (employee_id, position_id, start_date, end_date, basis, order_id, acting_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(a.employee_id)
    .bind(a.position_id)
    .bind(a.start)
    .bind(a.end)
    .bind(a.basis)
    .bind(a.order_id)
    .bind(a.acting_reason)
    .fetch_one(conn)
    .await
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

/// An assignment's dates, for the checks of a new one.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AssignmentSpan {
    pub id: i64,
    pub employee_id: i64,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub basis: AssignmentBasis,
}

/// Everyone who holds or held a position.
pub async fn position_assignments(
    conn: &mut SqliteConnection,
    position: i64,
) -> Result<Vec<AssignmentSpan>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, employee_id, start_date, end_date, basis FROM assignments WHERE position_id = $1",
    )
    .bind(position)
    .fetch_all(conn)
    .await
}

/// How many hold a position after `day`.
pub async fn holders_after(
    conn: &mut SqliteConnection,
    position: i64,
    day: NaiveDate,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM assignments WHERE position_id = $1 AND (end_date IS NULL OR end_date > $2)",
    )
    .bind(position)
    .bind(day)
    .fetch_one(conn)
    .await
}

/// An employee's own positions (not acting) that run on `day` and began before it.
pub async fn own_positions_running_on(
    conn: &mut SqliteConnection,
    employee: i64,
    day: NaiveDate,
) -> Result<Vec<AssignmentSpan>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, employee_id, start_date, end_date, basis FROM assignments
         WHERE employee_id = $1 AND basis <> 'acting' AND start_date < $2 AND (end_date IS NULL OR end_date >= $2)",
    )
    .bind(employee)
    .bind(day)
    .fetch_all(conn)
    .await
}

/// Assignments of a position that run on or after `from`.
pub async fn assignments_from(
    conn: &mut SqliteConnection,
    position: i64,
    from: NaiveDate,
) -> Result<Vec<AssignmentSpan>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, employee_id, start_date, end_date, basis FROM assignments
         WHERE position_id = $1 AND (end_date IS NULL OR end_date >= $2)",
    )
    .bind(position)
    .bind(from)
    .fetch_all(conn)
    .await
}

/// An assignment not begun yet follows its position to a new line of the staff list.
pub async fn move_assignment(
    conn: &mut SqliteConnection,
    id: i64,
    position: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE assignments SET position_id = $1 WHERE id = $2")
        .bind(position)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

// ---- The structure on a date --------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct StaffPositionRecord {
    id: i64,
    unit_id: Option<i64>,
    title_ka: String,
    title_en: String,
    rank: Option<i64>,
    category_ka: Option<String>,
    category_en: Option<String>,
    employment_type: EmploymentType,
    salary_tetri: i64,
    is_head: bool,
    revision: i64,
}

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

/// A line of the staff list with the unit it belongs to.
#[derive(Clone, Debug)]
pub struct StaffLine {
    pub row: StaffRow,
    pub unit_id: Option<i64>,
}

/// Which lines of the staff list to read.
#[derive(Clone, Copy, Debug)]
pub enum LinesOf {
    All,
    Unit(i64),
    Position(i64),
}

/// The staff list on `on`: every position in effect (or those of one unit, or one position)
/// with its holder and acting holder.
pub async fn staff_lines(
    db: &SqlitePool,
    on: NaiveDate,
    only: LinesOf,
) -> Result<Vec<StaffLine>, sqlx::Error> {
    let (positions_of, holdings_of, id) = match only {
        LinesOf::All => ("", "", 0),
        LinesOf::Unit(unit) => (
            " AND p.unit_id = $2",
            " AND a.position_id IN (SELECT id FROM positions WHERE unit_id = $2)",
            unit,
        ),
        LinesOf::Position(position) => (" AND p.id = $2", " AND a.position_id = $2", position),
    };
    let positions: Vec<StaffPositionRecord> = sqlx::query_as(&format!(
        "SELECT p.id, p.unit_id, p.title_ka, p.title_en, p.rank, c.title_ka AS category_ka,
                c.title_en AS category_en, COALESCE(t.employment_type, p.employment_type) AS employment_type,
                COALESCE(t.salary_tetri, p.salary_tetri) AS salary_tetri, p.is_head, p.revision
         FROM positions p
         LEFT JOIN position_terms t ON t.position_id = p.id AND t.valid_from <= $1
              AND (t.valid_to IS NULL OR t.valid_to >= $1)
         LEFT JOIN position_categories c ON c.id = COALESCE(t.category_id, p.category_id)
         WHERE p.valid_from <= $1 AND (p.valid_to IS NULL OR p.valid_to >= $1){positions_of}
         ORDER BY p.is_head DESC, p.rank, salary_tetri DESC, p.id"
    ))
    .bind(on)
    .bind(id)
    .fetch_all(db)
    .await?;
    let holdings: Vec<HoldingRecord> = sqlx::query_as(&format!(
        "SELECT a.employee_id, a.position_id, a.basis = 'acting' AS acting,
                e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en
         FROM assignments a JOIN employees e ON e.id = a.employee_id
         WHERE a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1){holdings_of}
         ORDER BY a.start_date, a.id"
    ))
    .bind(on)
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut holders: std::collections::HashMap<(i64, bool), PersonRef> =
        std::collections::HashMap::new();
    for h in holdings {
        holders.entry((h.position_id, h.acting)).or_insert_with(|| {
            PersonRef::named(
                h.employee_id,
                &h.first_name_ka,
                &h.last_name_ka,
                &h.first_name_en,
                &h.last_name_en,
            )
        });
    }
    Ok(positions
        .into_iter()
        .map(|p| StaffLine {
            row: StaffRow {
                position_id: p.id,
                title: Bilingual::new(p.title_ka, p.title_en),
                rank: p.rank,
                category: Bilingual::both(p.category_ka, p.category_en),
                employment_type: p.employment_type,
                salary: Some(money_from_tetri(p.salary_tetri)),
                is_head: p.is_head,
                holder: holders.get(&(p.id, false)).cloned(),
                acting: holders.get(&(p.id, true)).cloned(),
                revision: p.revision,
            },
            unit_id: p.unit_id,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct PositionNodeRecord {
    id: i64,
    unit_id: Option<i64>,
    is_head: bool,
    reports_to_position_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct HoldingNodeRecord {
    employee_id: i64,
    position_id: i64,
    acting: bool,
}

/// Positions and holdings for supervision on `on`.
pub async fn supervision_parts(
    db: &SqlitePool,
    on: NaiveDate,
) -> Result<(Vec<PositionNode>, Vec<Holding>), sqlx::Error> {
    let positions: Vec<PositionNodeRecord> = sqlx::query_as(
        "SELECT id, unit_id, is_head, reports_to_position_id FROM positions
         WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to >= $1)",
    )
    .bind(on)
    .fetch_all(db)
    .await?;
    let holdings: Vec<HoldingNodeRecord> = sqlx::query_as(
        "SELECT employee_id, position_id, basis = 'acting' AS acting FROM assignments
         WHERE start_date <= $1 AND (end_date IS NULL OR end_date >= $1)",
    )
    .bind(on)
    .fetch_all(db)
    .await?;
    Ok((
        positions
            .into_iter()
            .map(|p| PositionNode {
                id: p.id,
                unit_id: p.unit_id,
                is_head: p.is_head,
                reports_to: p.reports_to_position_id,
            })
            .collect(),
        holdings
            .into_iter()
            .map(|h| Holding {
                employee_id: h.employee_id,
                position_id: h.position_id,
                acting: h.acting,
            })
            .collect(),
    ))
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

#[derive(sqlx::FromRow)]
struct ReportRecord {
    employment_type: EmploymentType,
    rank: Option<i64>,
    gender: Gender,
    people: i64,
}

/// Staff by category (employment type in force that day; officers by rank) and gender on `on`,
/// in the order the annual report prints them (empty groups other than ranks left out).
pub async fn staff_report_rows(
    db: &SqlitePool,
    on: NaiveDate,
) -> Result<Vec<ReportRow>, sqlx::Error> {
    let rows: Vec<ReportRecord> = sqlx::query_as(
        "SELECT COALESCE(t.employment_type, p.employment_type) AS employment_type, p.rank, e.gender,
                COUNT(DISTINCT e.id) AS people
         FROM assignments a JOIN positions p ON p.id = a.position_id JOIN employees e ON e.id = a.employee_id
         LEFT JOIN position_terms t ON t.position_id = p.id AND t.valid_from <= $1
              AND (t.valid_to IS NULL OR t.valid_to >= $1)
         WHERE a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1) AND a.basis <> 'acting'
         GROUP BY 1, p.rank, e.gender",
    )
    .bind(on)
    .fetch_all(db)
    .await?;
    let mut groups: Vec<ReportRow> = StaffGroup::ORDER
        .iter()
        .map(|&group| ReportRow {
            group,
            women: 0,
            men: 0,
        })
        .collect();
    for r in rows {
        let group = StaffGroup::of(r.employment_type, r.rank);
        if let Some(row) = groups.iter_mut().find(|g| g.group == group) {
            match r.gender {
                Gender::Female => row.women += r.people,
                Gender::Male => row.men += r.people,
            }
        }
    }
    groups.retain(|g| g.total() > 0 || g.group.always_shown());
    Ok(groups)
}

#[derive(sqlx::FromRow)]
struct PlaceRow {
    service_id: i64,
    is_head: bool,
    heads_service: bool,
}

/// The place of a position; `None` for positions outside any unit.
pub async fn position_place(
    conn: &mut SqliteConnection,
    position: i64,
) -> Result<Option<PositionPlace>, sqlx::Error> {
    let row: Option<PlaceRow> = sqlx::query_as(
        "WITH RECURSIVE up(position_id, unit_id, parent_id, is_head, unit_kind) AS (
            SELECT p.id, u.id, u.parent_id, p.is_head, u.kind
              FROM positions p JOIN org_units u ON u.id = p.unit_id
             WHERE p.id = $1
            UNION ALL
            SELECT up.position_id, u.id, u.parent_id, up.is_head, up.unit_kind
              FROM up JOIN org_units u ON u.id = up.parent_id
        )
        SELECT position_id, unit_id AS service_id, is_head,
               (is_head = 1 AND unit_kind = 'service') AS heads_service
          FROM up WHERE parent_id IS NULL",
    )
    .bind(position)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| PositionPlace {
        service_id: r.service_id,
        is_head: r.is_head,
        heads_service: r.heads_service,
    }))
}

/// The positions someone holds in their own right (not acting) on `day`.
pub async fn own_positions_on(
    conn: &mut SqliteConnection,
    employee: i64,
    day: NaiveDate,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT position_id FROM assignments
         WHERE employee_id = $1 AND basis <> 'acting' AND start_date <= $2
           AND (end_date IS NULL OR end_date >= $2)",
    )
    .bind(employee)
    .bind(day)
    .fetch_all(conn)
    .await
}
