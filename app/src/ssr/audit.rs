//! The audit log: every change of legal or HR state, and every confidential read, writes a row
//! in the same transaction as the change itself.
use super::repo::{self, NewAuditRow};
use super::Actor;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::SqliteConnection;

/// One audited change by the acting user. `before`/`after` are JSON snapshots of the record
/// (None when created or deleted); secrets such as password hashes are never put into them.
pub async fn audit(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    entity: &str,
    id: impl ToString,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<(), sqlx::Error> {
    record(
        conn,
        AuditEntry {
            at: actor.at,
            actor_user_id: Some(actor.user.id),
            action,
            entity,
            entity_id: Some(id.to_string()),
            before,
            after,
            client_addr: Some(&actor.client_addr),
        },
    )
    .await
}

/// A confidential read (a personal file, pay, a download): one row in a transaction of its own,
/// written before the data is sent.
pub async fn log_read(
    db: &super::Db,
    actor: &Actor,
    action: &str,
    entity: &str,
    id: impl ToString,
    details: Option<Value>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write.begin().await?;
    audit(&mut tx, actor, action, entity, id, None, details).await?;
    tx.commit().await
}

/// Many audited changes of one kind at once (a whole cycle finalized): `entries` are
/// (entity id, after), written in multi-row inserts.
pub async fn audit_many(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    entity: &str,
    entries: &[(String, Value)],
) -> Result<(), sqlx::Error> {
    let rows: Vec<NewAuditRow> = entries
        .iter()
        .map(|(id, after)| NewAuditRow {
            occurred_at: actor.at,
            actor_user_id: Some(actor.user.id),
            action,
            entity,
            entity_id: Some(id.clone()),
            before_json: None,
            after_json: Some(after.to_string()),
            client_addr: Some(&actor.client_addr),
        })
        .collect();
    repo::insert_audit_rows(conn, &rows).await
}

/// A row not made by a signed-in actor: sign-in attempts, the first start's bootstrap.
pub struct AuditEntry<'a> {
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub client_addr: Option<&'a str>,
}

pub async fn record(conn: &mut SqliteConnection, entry: AuditEntry<'_>) -> Result<(), sqlx::Error> {
    repo::insert_audit_rows(
        conn,
        &[NewAuditRow {
            occurred_at: entry.at,
            actor_user_id: entry.actor_user_id,
            action: entry.action,
            entity: entry.entity,
            entity_id: entry.entity_id,
            before_json: entry.before.map(|v| v.to_string()),
            after_json: entry.after.map(|v| v.to_string()),
            client_addr: entry.client_addr,
        }],
    )
    .await
}
