//! Browsing the audit log (HR only): who changed what, when, before and after.
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;

use crate::error::AppError;
use crate::page::Page;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    /// When, in Georgia's time (dd.mm.yyyy hh:mm:ss).
    pub occurred_at: String,
    pub actor: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub client_addr: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    pub actor: Option<String>,
    /// Dates, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<i64>,
}

/// Access: HR.
#[server(prefix = "/api", endpoint = "audit/list")]
pub async fn list_audit(filter: Option<AuditFilter>) -> Result<Page<AuditRow>, AppError> {
    serve(Access::HR, |call| async move {
        let filter = filter.unwrap_or_default();
        forms::page(filter.page)?;
        Ok(repo::list(&call.db.read, &filter, true).await?)
    })
    .await
}

/// Access: HR. A record's history (a position, an order, a class order, an evaluation): every
/// audited event, named, newest first, with the details each change altered.
#[server(prefix = "/api", endpoint = "audit/history")]
pub async fn get_record_history(
    record: crate::domain::history::HistoryRecord,
    id: i64,
) -> Result<Vec<crate::domain::history::HistoryEntry>, AppError> {
    serve(Access::HR, |call| async move {
        let rows = repo::record_history(
            &call.db.read,
            record.entity(),
            id,
            crate::domain::history::HISTORY_ROWS,
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| row.entry(record.details()))
            .collect())
    })
    .await
}
