//! SQL of training records and training needs.
use crate::domain::career::NeedSource;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{SqliteConnection, SqlitePool};

pub struct NewTraining<'a> {
    pub employee: i64,
    pub course: &'a str,
    pub provider: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub hours: i64,
    pub certificate: Option<&'a str>,
    pub qualification: bool,
    pub need: Option<i64>,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    t: &NewTraining<'_>,
    by: i64,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO training_records (employee_id, course, provider, starts_on, ends_on, hours,
             certificate, qualification, need_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(t.employee)
    .bind(t.course)
    .bind(t.provider)
    .bind(t.starts_on)
    .bind(t.ends_on)
    .bind(t.hours)
    .bind(t.certificate)
    .bind(t.qualification)
    .bind(t.need)
    .bind(by)
    .bind(at)
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct RecordRow {
    pub id: i64,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub course: String,
    pub provider: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub hours: i64,
    pub certificate: Option<String>,
    pub qualification: bool,
    pub need: Option<String>,
}

/// Trainings, newest first: one person's, or everyone's since `since`.
pub async fn records(
    db: &SqlitePool,
    employee: Option<i64>,
    since: NaiveDate,
) -> Result<Vec<RecordRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
             e.last_name_en, t.course, t.provider, t.starts_on, t.ends_on, t.hours, t.certificate,
             t.qualification, n.topic AS need
         FROM training_records t JOIN employees e ON e.id = t.employee_id
         LEFT JOIN training_needs n ON n.id = t.need_id
         WHERE ($1 IS NULL AND t.ends_on >= $2) OR t.employee_id = $1
         ORDER BY t.starts_on DESC, t.id DESC",
    )
    .bind(employee)
    .bind(since)
    .fetch_all(db)
    .await
}

pub struct NewNeed<'a> {
    pub employee: i64,
    pub topic: &'a str,
    pub source: NeedSource,
    pub evaluation: Option<i64>,
    pub raised_on: NaiveDate,
    pub rule_valid_from: Option<NaiveDate>,
}

/// Inserts a need; one per evaluation (`None` when that evaluation already raised one).
pub async fn insert_need(
    conn: &mut SqliteConnection,
    n: &NewNeed<'_>,
    at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO training_needs (employee_id, topic, source, evaluation_id, raised_on,
             rule_valid_from, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (evaluation_id) WHERE evaluation_id IS NOT NULL DO NOTHING
         RETURNING id",
    )
    .bind(n.employee)
    .bind(n.topic)
    .bind(n.source)
    .bind(n.evaluation)
    .bind(n.raised_on)
    .bind(n.rule_valid_from)
    .bind(at)
    .fetch_optional(conn)
    .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct NeedRow {
    pub id: i64,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub topic: String,
    pub source: NeedSource,
    pub evaluation_id: Option<i64>,
    pub raised_on: NaiveDate,
    pub met_on: Option<NaiveDate>,
    pub met_by: Option<String>,
}

/// Needs: one person's, or everyone's open ones and those met since `since`.
pub async fn needs(
    db: &SqlitePool,
    employee: Option<i64>,
    since: NaiveDate,
) -> Result<Vec<NeedRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.id, n.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
             e.last_name_en, n.topic, n.source, n.evaluation_id, n.raised_on, n.met_on,
             t.course AS met_by
         FROM training_needs n JOIN employees e ON e.id = n.employee_id
         LEFT JOIN training_records t ON t.id = n.met_by
         WHERE ($1 IS NULL AND (n.met_on IS NULL OR n.met_on >= $2)) OR n.employee_id = $1
         ORDER BY n.met_on IS NOT NULL, n.raised_on DESC, n.id DESC",
    )
    .bind(employee)
    .bind(since)
    .fetch_all(db)
    .await
}

/// The open need's person, if it is open.
pub async fn open_need(conn: &mut SqliteConnection, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT employee_id FROM training_needs WHERE id = $1 AND met_on IS NULL")
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn meet_need(
    conn: &mut SqliteConnection,
    need: i64,
    training: i64,
    on: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE training_needs SET met_by = $2, met_on = $3 WHERE id = $1")
        .bind(need)
        .bind(training)
        .bind(on)
        .execute(conn)
        .await
        .map(|_| ())
}
