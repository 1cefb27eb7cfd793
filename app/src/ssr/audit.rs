//! The audit log: every change of legal or HR state writes one row in the same transaction.
use chrono::Utc;
use serde_json::Value;
use sqlx::SqliteConnection;

/// One audited change. `before`/`after` are JSON snapshots of the record (None when created
/// or deleted); secrets such as password hashes are never put into them.
pub struct AuditEntry<'a> {
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub client_addr: Option<&'a str>,
}

pub async fn record(conn: &mut SqliteConnection, entry: AuditEntry<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (occurred_at, actor_user_id, action, entity, entity_id, before_json, after_json, client_addr)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(Utc::now())
    .bind(entry.actor_user_id)
    .bind(entry.action)
    .bind(entry.entity)
    .bind(entry.entity_id)
    .bind(entry.before.map(|v| v.to_string()))
    .bind(entry.after.map(|v| v.to_string()))
    .bind(entry.client_addr)
    .execute(conn)
    .await?;
    Ok(())
}
