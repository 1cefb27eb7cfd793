//! The audit log: every change of legal or HR state, and every confidential read, writes a row
//! in the same transaction as the change itself.
use super::repo::{self, NewAuditRow};
use super::Actor;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

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

/// A confidential read (a personal file, pay, a download): its row is committed before the
/// data is sent. Concurrent reads share a commit (see [`ReadLog`]).
pub async fn log_read(
    db: &super::Db,
    actor: &Actor,
    action: &str,
    entity: &str,
    id: impl ToString,
    details: Option<Value>,
) -> Result<(), sqlx::Error> {
    db.reads
        .record(ReadRow {
            occurred_at: actor.at,
            actor_user_id: actor.user.id,
            action: action.to_string(),
            entity: entity.to_string(),
            entity_id: id.to_string(),
            details: details.map(|v| v.to_string()),
            client_addr: actor.client_addr.clone(),
        })
        .await
}

/// A confidential read as the log stores it.
#[derive(Debug)]
pub struct ReadRow {
    occurred_at: DateTime<Utc>,
    actor_user_id: i64,
    action: String,
    entity: String,
    entity_id: String,
    details: Option<String>,
    client_addr: String,
}

type Reader = (ReadRow, oneshot::Sender<Result<(), String>>);

/// The writer of confidential-read rows (group commit): every reader's row waits in a queue,
/// one task writes all that are waiting in one transaction and tells each reader when it is
/// committed. No read is served before its row is on disk, and sixteen readers at once pay for
/// one commit instead of queueing for sixteen.
#[derive(Clone, Debug)]
pub struct ReadLog {
    queue: mpsc::UnboundedSender<Reader>,
}

/// Rows written per commit at most.
const READS_PER_COMMIT: usize = 512;

impl ReadLog {
    /// Starts the writer task on the current runtime.
    pub fn start(write: SqlitePool) -> Self {
        let (queue, mut readers) = mpsc::unbounded_channel::<Reader>();
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(READS_PER_COMMIT);
            while readers.recv_many(&mut batch, READS_PER_COMMIT).await > 0 {
                let result = write_reads(&write, &batch).await.map_err(|e| e.to_string());
                for (_, done) in batch.drain(..) {
                    let _ = done.send(result.clone());
                }
            }
        });
        ReadLog { queue }
    }

    async fn record(&self, row: ReadRow) -> Result<(), sqlx::Error> {
        let (done, committed) = oneshot::channel();
        self.queue
            .send((row, done))
            .map_err(|_| sqlx::Error::PoolClosed)?;
        committed
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?
            .map_err(sqlx::Error::Protocol)
    }
}

async fn write_reads(write: &SqlitePool, batch: &[Reader]) -> Result<(), sqlx::Error> {
    let rows: Vec<NewAuditRow> = batch
        .iter()
        .map(|(r, _)| NewAuditRow {
            occurred_at: r.occurred_at,
            actor_user_id: Some(r.actor_user_id),
            action: &r.action,
            entity: &r.entity,
            entity_id: Some(r.entity_id.clone()),
            before_json: None,
            after_json: r.details.clone(),
            client_addr: Some(&r.client_addr),
        })
        .collect();
    let mut tx = write.begin().await?;
    repo::insert_audit_rows(&mut tx, &rows).await?;
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
