//! The audit log as a download (HR).
use super::{repo, AuditFilter};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::export::{Export, ExportCall, Table};
use crate::ssr::Access;

pub const EXPORTS: &[Export] = &[Export {
    name: "audit",
    access: Access::HR,
    build: |x| Box::pin(audit(x)),
}];

async fn audit(x: ExportCall) -> Result<Table, AppError> {
    let filter = AuditFilter {
        entity: x.param("entity"),
        entity_id: x.param("entity_id"),
        action: x.param("action"),
        actor: x.param("actor"),
        from: x.param("from"),
        to: x.param("to"),
        page: None,
    };
    let page = repo::list(&x.call.db.read, &filter, false).await?;
    Ok(Table {
        name: "audit",
        headers: x.headers(&[
            Key::ColTime,
            Key::ColUser,
            Key::ColAction,
            Key::ColEntity,
            Key::ColBefore,
            Key::ColAfter,
        ]),
        rows: page
            .items
            .into_iter()
            .map(|r| {
                vec![
                    r.occurred_at,
                    r.actor.unwrap_or_default(),
                    r.action,
                    format!("{} {}", r.entity, r.entity_id.unwrap_or_default()),
                    r.before.unwrap_or_default(),
                    r.after.unwrap_or_default(),
                ]
            })
            .collect(),
    })
}
