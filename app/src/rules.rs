//! Rules as data: reading effective-dated settings (`rule_settings`, DOMAIN.md §5.5). The
//! value in force on the date the rule is applied is the one used, so past decisions can be
//! re-checked under the rule of their time.
use chrono::NaiveDate;
use sqlx::SqliteConnection;

/// A setting in force on `on`, with its legal source.
pub async fn setting(
    conn: &mut SqliteConnection,
    key: &str,
    on: NaiveDate,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT value, legal_source FROM rule_settings
         WHERE key = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)
         ORDER BY valid_from DESC LIMIT 1",
    )
    .bind(key)
    .bind(on)
    .fetch_optional(conn)
    .await
}

/// A whole-number setting; a missing or malformed row is a configuration error.
pub async fn number(
    conn: &mut SqliteConnection,
    key: &str,
    on: NaiveDate,
) -> Result<u32, crate::error::AppError> {
    let (value, _) = setting(conn, key, on).await?.ok_or_else(|| {
        crate::error::AppError::internal(format!("rule {key} not configured for {on}"))
    })?;
    value.trim().parse().map_err(|_| {
        crate::error::AppError::internal(format!("rule {key} = {value:?} is not a number"))
    })
}
