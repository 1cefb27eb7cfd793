//! Rules as data: reading effective-dated settings (`rule_settings`, DOMAIN.md §5.5). The value
//! in force on the date a rule is applied is the one used, so past decisions can be re-checked
//! under the rule of their time.
use super::repo;
use crate::error::AppError;
use chrono::NaiveDate;
use sqlx::SqliteConnection;

/// A whole-number setting in force on `on`; a missing or malformed row is a configuration
/// error.
pub async fn number(
    conn: &mut SqliteConnection,
    key: &str,
    on: NaiveDate,
) -> Result<u32, AppError> {
    let row = repo::rule_setting(conn, key, on)
        .await?
        .ok_or_else(|| AppError::internal(format!("rule {key} not configured for {on}")))?;
    row.value
        .trim()
        .parse()
        .map_err(|_| AppError::internal(format!("rule {key} = {:?} is not a number", row.value)))
}
