//! SQL of disciplinary sanctions and of the dismissal grounds the annual evaluation raises.
use crate::domain::career::SanctionKind;
use crate::domain::evaluation::Rating;
use crate::domain::probation::GroundDecision;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{SqliteConnection, SqlitePool};

pub struct NewSanction<'a> {
    pub employee: i64,
    pub kind: SanctionKind,
    pub reason: &'a str,
    pub order: i64,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    s: &NewSanction<'_>,
    by: i64,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO sanctions (employee_id, kind, reason, order_id, valid_from, valid_to,
             created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(s.employee)
    .bind(s.kind)
    .bind(s.reason)
    .bind(s.order)
    .bind(s.valid_from)
    .bind(s.valid_to)
    .bind(by)
    .bind(at)
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct SanctionRow {
    pub id: i64,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub kind: SanctionKind,
    pub reason: String,
    pub order_id: i64,
    pub order_number: String,
    pub order_date: NaiveDate,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub lifted_on: Option<NaiveDate>,
    pub lift_reason: Option<String>,
    pub revision: i64,
}

const ROW: &str = "SELECT s.id, s.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
        e.last_name_en, s.kind, s.reason, s.order_id, o.number AS order_number,
        o.order_date, s.valid_from, s.valid_to, s.lifted_on, s.lift_reason, s.revision
     FROM sanctions s JOIN employees e ON e.id = s.employee_id JOIN orders o ON o.id = s.order_id";

/// Sanctions, newest first: one person's, or everyone's from `since`.
pub async fn sanctions(
    db: &SqlitePool,
    employee: Option<i64>,
    since: NaiveDate,
) -> Result<Vec<SanctionRow>, sqlx::Error> {
    match employee {
        Some(e) => {
            sqlx::query_as(&format!(
                "{ROW} WHERE s.employee_id = $1 ORDER BY s.valid_from DESC, s.id DESC"
            ))
            .bind(e)
            .fetch_all(db)
            .await
        }
        None => {
            sqlx::query_as(&format!(
                "{ROW} WHERE s.valid_to IS NULL OR s.valid_to >= $1
                 ORDER BY s.valid_from DESC, s.id DESC"
            ))
            .bind(since)
            .fetch_all(db)
            .await
        }
    }
}

pub async fn sanction(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<SanctionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ROW} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn lift(
    conn: &mut SqliteConnection,
    id: i64,
    on: NaiveDate,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sanctions SET lifted_on = $2, lift_reason = $3,
             valid_to = CASE WHEN valid_to IS NULL OR valid_to > $2 THEN $2 ELSE valid_to END
         WHERE id = $1",
    )
    .bind(id)
    .bind(on)
    .bind(reason)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Every sanction's days of one person (whether one is in force is a domain rule).
pub async fn spans(
    conn: &mut SqliteConnection,
    employee: i64,
) -> Result<Vec<(SanctionKind, NaiveDate, Option<NaiveDate>)>, sqlx::Error> {
    sqlx::query_as("SELECT kind, valid_from, valid_to FROM sanctions WHERE employee_id = $1")
        .bind(employee)
        .fetch_all(conn)
        .await
}

/// The person's open assignments on `on` (a disciplinary dismissal ends them).
pub async fn open_assignments(
    conn: &mut SqliteConnection,
    employee: i64,
    on: NaiveDate,
) -> Result<Vec<(i64, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, start_date FROM assignments
         WHERE employee_id = $1 AND (end_date IS NULL OR end_date >= $2)",
    )
    .bind(employee)
    .bind(on)
    .fetch_all(conn)
    .await
}

// ---- The evaluation's dismissal ground ---------------------------------------------------

/// A person's final annual results, oldest period first (the latest version of each).
pub async fn final_ratings(
    conn: &mut SqliteConnection,
    employee: i64,
) -> Result<Vec<(i64, NaiveDate, NaiveDate, Rating)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, c.period_start, c.period_end, r.rating FROM evaluations e
         JOIN evaluation_cycles c ON c.id = e.cycle_id
         JOIN evaluation_results r ON r.evaluation_id = e.id
           AND r.version = (SELECT MAX(x.version) FROM evaluation_results x WHERE x.evaluation_id = e.id)
         WHERE e.employee_id = $1 AND e.stage IN ('finalized', 'appealed')
         ORDER BY c.period_start, e.id",
    )
    .bind(employee)
    .fetch_all(conn)
    .await
}

/// The evaluations among `ids` (or all of a cycle) whose latest result is unsatisfactory, with
/// their person.
pub async fn unsatisfactory(
    conn: &mut SqliteConnection,
    cycle: i64,
    only: Option<i64>,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, e.employee_id FROM evaluations e JOIN evaluation_results r
           ON r.evaluation_id = e.id
          AND r.version = (SELECT MAX(x.version) FROM evaluation_results x WHERE x.evaluation_id = e.id)
         WHERE e.cycle_id = $1 AND ($2 IS NULL OR e.id = $2) AND r.rating = 'unsatisfactory'",
    )
    .bind(cycle)
    .bind(only)
    .fetch_all(conn)
    .await
}

pub async fn open_ground(
    conn: &mut SqliteConnection,
    employee: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM dismissal_grounds WHERE kind = 'evaluation' AND employee_id = $1
           AND decision IS NULL",
    )
    .bind(employee)
    .fetch_optional(conn)
    .await
}

pub async fn insert_ground(
    conn: &mut SqliteConnection,
    employee: i64,
    raised_on: NaiveDate,
    evidence: &str,
    rule_valid_from: NaiveDate,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO dismissal_grounds (kind, employee_id, raised_on, evidence, rule_valid_from)
         VALUES ('evaluation', $1, $2, $3, $4) RETURNING id",
    )
    .bind(employee)
    .bind(raised_on)
    .bind(evidence)
    .bind(rule_valid_from)
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct GroundRow {
    pub id: i64,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub raised_on: NaiveDate,
    pub evidence: String,
    pub decision: Option<GroundDecision>,
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub order_date: Option<NaiveDate>,
}

const GROUND: &str = "SELECT g.id, g.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
        e.last_name_en, g.raised_on, g.evidence, g.decision, g.reason,
        u.display_name AS decided_by, g.decided_on, g.order_id, o.number AS order_number,
        o.order_date
     FROM dismissal_grounds g JOIN employees e ON e.id = g.employee_id
     LEFT JOIN users u ON u.id = g.decided_by LEFT JOIN orders o ON o.id = g.order_id
     WHERE g.kind = 'evaluation'";

/// The evaluation's grounds: open ones, and those decided from `since`.
pub async fn grounds(db: &SqlitePool, since: NaiveDate) -> Result<Vec<GroundRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{GROUND} AND (g.decision IS NULL OR g.decided_on >= $1)
         ORDER BY g.decision IS NOT NULL, g.raised_on DESC, g.id"
    ))
    .bind(since)
    .fetch_all(db)
    .await
}

pub async fn ground(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<GroundRow>, sqlx::Error> {
    sqlx::query_as(&format!("{GROUND} AND g.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn decide_ground(
    conn: &mut SqliteConnection,
    id: i64,
    decision: GroundDecision,
    reason: &str,
    by: i64,
    on: NaiveDate,
    order: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE dismissal_grounds SET decision = $2, reason = $3, decided_by = $4, decided_on = $5,
             order_id = $6 WHERE id = $1 AND decision IS NULL",
    )
    .bind(id)
    .bind(decision)
    .bind(reason)
    .bind(by)
    .bind(on)
    .bind(order)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
