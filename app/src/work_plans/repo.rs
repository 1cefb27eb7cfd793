//! SQL of monthly work plans and reports, and their publication.
use crate::domain::evaluation::Rating;
use crate::domain::work_plan::MonthlyState;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{SqliteConnection, SqlitePool};

/// The position (and its unit) the person holds on `on`, not counting acting.
pub async fn held_position(
    conn: &mut SqliteConnection,
    employee: i64,
    on: NaiveDate,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.position_id, p.unit_id FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE a.employee_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
           AND a.basis <> 'acting'
         ORDER BY a.start_date DESC, a.id DESC LIMIT 1",
    )
    .bind(employee)
    .bind(on)
    .fetch_optional(conn)
    .await
}

pub struct NewPlan<'a> {
    pub employee: i64,
    pub position: i64,
    pub unit: Option<i64>,
    pub month: NaiveDate,
    pub plan: &'a str,
    pub report_due_on: NaiveDate,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    p: &NewPlan<'_>,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO monthly_plans (employee_id, position_id, unit_id, month, plan, state,
             report_due_on, created_at)
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7) RETURNING id",
    )
    .bind(p.employee)
    .bind(p.position)
    .bind(p.unit)
    .bind(p.month)
    .bind(p.plan)
    .bind(p.report_due_on)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// A month's plan with its person, position and unit.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct PlanRow {
    pub id: i64,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub position_id: i64,
    pub title_ka: String,
    pub title_en: String,
    pub unit_id: Option<i64>,
    pub unit_name_ka: Option<String>,
    pub unit_name_en: Option<String>,
    pub month: NaiveDate,
    pub plan: String,
    pub state: MonthlyState,
    pub return_note: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub report: Option<String>,
    pub report_due_on: NaiveDate,
    pub reported_at: Option<DateTime<Utc>>,
    pub rating: Option<Rating>,
    pub comments: Option<String>,
    pub instructions: Option<String>,
    pub evaluated_by: Option<String>,
    pub evaluated_at: Option<DateTime<Utc>>,
    pub revision: i64,
}

const ROW: &str = "SELECT m.id, m.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
        e.last_name_en, m.position_id, p.title_ka, p.title_en, m.unit_id,
        u.name_ka AS unit_name_ka, u.name_en AS unit_name_en, m.month, m.plan, m.state,
        m.return_note, m.submitted_at, ua.display_name AS approved_by, m.approved_at, m.report,
        m.report_due_on, m.reported_at, m.rating, m.comments, m.instructions,
        ue.display_name AS evaluated_by, m.evaluated_at, m.revision
     FROM monthly_plans m JOIN employees e ON e.id = m.employee_id
     JOIN positions p ON p.id = m.position_id LEFT JOIN org_units u ON u.id = m.unit_id
     LEFT JOIN users ua ON ua.id = m.approved_by LEFT JOIN users ue ON ue.id = m.evaluated_by";

pub async fn plan(conn: &mut SqliteConnection, id: i64) -> Result<Option<PlanRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ROW} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn plan_of(
    conn: &mut SqliteConnection,
    employee: i64,
    month: NaiveDate,
) -> Result<Option<PlanRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ROW} WHERE m.employee_id = $1 AND m.month = $2"))
        .bind(employee)
        .bind(month)
        .fetch_optional(conn)
        .await
}

/// One person's plans from `since`, newest first.
pub async fn of_employee(
    db: &SqlitePool,
    employee: i64,
    since: NaiveDate,
) -> Result<Vec<PlanRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ROW} WHERE m.employee_id = $1 AND m.month >= $2 ORDER BY m.month DESC"
    ))
    .bind(employee)
    .bind(since)
    .fetch_all(db)
    .await
}

/// Plans waiting for a supervisor: submitted for approval, or reported for evaluation.
pub async fn awaiting_supervisor(db: &SqlitePool) -> Result<Vec<PlanRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ROW} WHERE m.state IN ('submitted', 'reported') ORDER BY m.month, e.last_name_ka, m.id"
    ))
    .fetch_all(db)
    .await
}

/// Approved plans of months before `month` whose report is not in.
pub async fn reports_outstanding(
    db: &SqlitePool,
    employee: i64,
    before: NaiveDate,
) -> Result<Vec<PlanRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ROW} WHERE m.employee_id = $1 AND m.state = 'approved' AND m.month < $2 ORDER BY m.month"
    ))
    .bind(employee)
    .bind(before)
    .fetch_all(db)
    .await
}

/// A unit's plans of a month, by name.
pub async fn of_unit(
    db: &SqlitePool,
    unit: i64,
    month: NaiveDate,
) -> Result<Vec<PlanRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ROW} WHERE m.unit_id = $1 AND m.month = $2 ORDER BY e.last_name_ka, e.first_name_ka, m.id"
    ))
    .bind(unit)
    .bind(month)
    .fetch_all(db)
    .await
}

pub async fn save_draft(
    conn: &mut SqliteConnection,
    id: i64,
    plan: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE monthly_plans SET plan = $2 WHERE id = $1")
        .bind(id)
        .bind(plan)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Moves a plan from one state to the next, with what that step records.
pub async fn set_state(
    conn: &mut SqliteConnection,
    id: i64,
    from: MonthlyState,
    to: MonthlyState,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE monthly_plans SET state = $3 WHERE id = $1 AND state = $2")
        .bind(id)
        .bind(from)
        .bind(to)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_submitted(
    conn: &mut SqliteConnection,
    id: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE monthly_plans SET submitted_at = $2, return_note = NULL WHERE id = $1")
        .bind(id)
        .bind(at)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn mark_approved(
    conn: &mut SqliteConnection,
    id: i64,
    user: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE monthly_plans SET approved_by = $2, approved_at = $3 WHERE id = $1")
        .bind(id)
        .bind(user)
        .bind(at)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn mark_returned(
    conn: &mut SqliteConnection,
    id: i64,
    note: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE monthly_plans SET return_note = $2 WHERE id = $1")
        .bind(id)
        .bind(note)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn save_report(
    conn: &mut SqliteConnection,
    id: i64,
    report: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE monthly_plans SET report = $2, reported_at = $3 WHERE id = $1")
        .bind(id)
        .bind(report)
        .bind(at)
        .execute(conn)
        .await
        .map(|_| ())
}

pub struct Evaluation<'a> {
    pub rating: Rating,
    pub comments: &'a str,
    pub instructions: Option<&'a str>,
}

pub async fn save_evaluation(
    conn: &mut SqliteConnection,
    id: i64,
    e: &Evaluation<'_>,
    user: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE monthly_plans SET rating = $2, comments = $3, instructions = $4, evaluated_by = $5,
             evaluated_at = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(e.rating)
    .bind(e.comments)
    .bind(e.instructions)
    .bind(user)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A month's supervisor evaluation, as evidence beside the annual scoring and the probation.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct EvaluatedMonth {
    pub id: i64,
    pub month: NaiveDate,
    pub rating: Rating,
    pub comments: Option<String>,
    pub evaluated_by: Option<String>,
}

pub async fn evaluated_between(
    db: &SqlitePool,
    employee: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<EvaluatedMonth>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.id, m.month, m.rating, m.comments, u.display_name AS evaluated_by
         FROM monthly_plans m LEFT JOIN users u ON u.id = m.evaluated_by
         WHERE m.employee_id = $1 AND m.state = 'evaluated' AND m.rating IS NOT NULL
           AND m.month >= $2 AND m.month <= $3
         ORDER BY m.month",
    )
    .bind(employee)
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}

// ---- Publication ----------------------------------------------------------------------

pub async fn publish(
    conn: &mut SqliteConnection,
    unit: i64,
    month: NaiveDate,
    user: i64,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO monthly_publications (unit_id, month, published_by, published_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id, month) DO NOTHING",
    )
    .bind(unit)
    .bind(month)
    .bind(user)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn published_on(
    db: &SqlitePool,
    unit: i64,
    month: NaiveDate,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT published_at FROM monthly_publications WHERE unit_id = $1 AND month = $2",
    )
    .bind(unit)
    .bind(month)
    .fetch_optional(db)
    .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct PublishedMonth {
    pub unit_id: i64,
    pub name_ka: String,
    pub name_en: String,
    pub month: NaiveDate,
    pub published_at: DateTime<Utc>,
}

/// The latest publications, newest month first.
pub async fn publications(db: &SqlitePool, limit: i64) -> Result<Vec<PublishedMonth>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.unit_id, u.name_ka, u.name_en, m.month, m.published_at
         FROM monthly_publications m JOIN org_units u ON u.id = m.unit_id
         ORDER BY m.month DESC, u.sort_order, u.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db)
    .await
}

/// The units a plan may be published for (those with plans), by name.
pub async fn units_with_plans(
    db: &SqlitePool,
    since: NaiveDate,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.name_ka, u.name_en FROM org_units u
         WHERE EXISTS (SELECT 1 FROM monthly_plans m WHERE m.unit_id = u.id AND m.month >= $1)
         ORDER BY u.sort_order, u.id",
    )
    .bind(since)
    .fetch_all(db)
    .await
}

pub async fn unit_name(
    db: &SqlitePool,
    unit: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT name_ka, name_en FROM org_units WHERE id = $1")
        .bind(unit)
        .fetch_optional(db)
        .await
}
