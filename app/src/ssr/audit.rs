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

/// Many audited changes of one kind at once (a whole cycle finalized), in multi-row inserts:
/// `entries` are (entity id, after).
pub async fn record_many(
    conn: &mut SqliteConnection,
    actor_user_id: Option<i64>,
    client_addr: Option<&str>,
    action: &str,
    entity: &str,
    entries: &[(String, Value)],
    at: chrono::DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for chunk in entries.chunks(2_000) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO audit_log (occurred_at, actor_user_id, action, entity, entity_id, before_json, after_json, client_addr) ",
        );
        q.push_values(chunk, |mut b, (id, after)| {
            b.push_bind(at)
                .push_bind(actor_user_id)
                .push_bind(action)
                .push_bind(entity)
                .push_bind(id)
                .push_bind(None::<String>)
                .push_bind(after.to_string())
                .push_bind(client_addr);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}
