//! SQL of the holiday table.
use chrono::NaiveDate;
use sqlx::{SqliteConnection, SqlitePool};

#[derive(sqlx::FromRow)]
pub struct HolidayRow {
    pub day: NaiveDate,
    pub name_ka: String,
    pub name_en: String,
}

pub async fn in_year(db: &SqlitePool, year: i32) -> Result<Vec<HolidayRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT day, name_ka, name_en FROM holidays WHERE day BETWEEN $1 AND $2 ORDER BY day",
    )
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{year:04}-12-31"))
    .fetch_all(db)
    .await
}

pub async fn holiday(
    conn: &mut SqliteConnection,
    day: NaiveDate,
) -> Result<Option<HolidayRow>, sqlx::Error> {
    sqlx::query_as("SELECT day, name_ka, name_en FROM holidays WHERE day = $1")
        .bind(day)
        .fetch_optional(conn)
        .await
}

pub async fn upsert(
    conn: &mut SqliteConnection,
    day: NaiveDate,
    name_ka: &str,
    name_en: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO holidays (day, name_ka, name_en) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET name_ka = excluded.name_ka, name_en = excluded.name_en",
    )
    .bind(day)
    .bind(name_ka)
    .bind(name_en)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, day: NaiveDate) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM holidays WHERE day = $1")
        .bind(day)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
