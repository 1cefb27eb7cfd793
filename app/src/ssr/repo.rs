//! SQL of the plumbing: audit rows and effective-dated rule settings.
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

/// An audit row as stored.
pub struct NewAuditRow<'a> {
    pub occurred_at: DateTime<Utc>,
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub client_addr: Option<&'a str>,
}

pub async fn insert_audit_rows(
    conn: &mut SqliteConnection,
    rows: &[NewAuditRow<'_>],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(2_000) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO audit_log (occurred_at, actor_user_id, action, entity, entity_id, before_json, after_json, client_addr) ",
        );
        q.push_values(chunk, |mut b, row| {
            b.push_bind(row.occurred_at)
                .push_bind(row.actor_user_id)
                .push_bind(row.action)
                .push_bind(row.entity)
                .push_bind(row.entity_id.clone())
                .push_bind(row.before_json.clone())
                .push_bind(row.after_json.clone())
                .push_bind(row.client_addr);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// A rule setting in force on a date, with its legal source.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RuleSettingRow {
    pub value: String,
    pub legal_source: String,
}

pub async fn rule_setting(
    conn: &mut SqliteConnection,
    key: &str,
    on: NaiveDate,
) -> Result<Option<RuleSettingRow>, sqlx::Error> {
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
