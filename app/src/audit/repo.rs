//! SQL for browsing the audit log.
use super::{AuditFilter, AuditRow};
use crate::domain::common::{georgia_day_start, georgia_time};
use crate::domain::csv_import::parse_date;
use crate::page::{offset, Page, PAGE_SIZE};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

fn push_filter(query: &mut QueryBuilder<'_, Sqlite>, f: &AuditFilter) {
    query.push(" FROM audit_log l LEFT JOIN users u ON u.id = l.actor_user_id WHERE 1 = 1");
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    if let Some(entity) = text(&f.entity) {
        query.push(" AND l.entity = ").push_bind(entity);
    }
    if let Some(id) = text(&f.entity_id) {
        query.push(" AND l.entity_id = ").push_bind(id);
    }
    if let Some(action) = text(&f.action) {
        query
            .push(" AND l.action LIKE ")
            .push_bind(format!("{action}%"));
    }
    if let Some(actor) = text(&f.actor) {
        query
            .push(" AND u.username = ")
            .push_bind(actor.to_lowercase());
    }
    // The days are Georgia's: from the first day's start to the last day's end there.
    if let Some(from) = text(&f.from).and_then(|d| parse_date(&d)) {
        query
            .push(" AND l.occurred_at >= ")
            .push_bind(georgia_day_start(from));
    }
    if let Some(to) = text(&f.to)
        .and_then(|d| parse_date(&d))
        .and_then(|d| d.succ_opt())
    {
        query
            .push(" AND l.occurred_at < ")
            .push_bind(georgia_day_start(to));
    }
}

#[derive(sqlx::FromRow)]
struct Record {
    id: i64,
    occurred_at: chrono::DateTime<chrono::Utc>,
    username: Option<String>,
    action: String,
    entity: String,
    entity_id: Option<String>,
    before_json: Option<String>,
    after_json: Option<String>,
    client_addr: Option<String>,
}

/// One page, or everything when `paged` is false (exports).
pub async fn list(
    db: &SqlitePool,
    f: &AuditFilter,
    paged: bool,
) -> Result<Page<AuditRow>, sqlx::Error> {
    let (page, skip) = offset(f.page);
    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*)");
    push_filter(&mut count, f);
    let total: i64 = count.build_query_scalar().fetch_one(db).await?;
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT l.id, l.occurred_at, u.username, l.action, l.entity, l.entity_id, l.before_json, l.after_json, l.client_addr",
    );
    push_filter(&mut query, f);
    query.push(" ORDER BY l.id DESC");
    if paged {
        query
            .push(" LIMIT ")
            .push_bind(PAGE_SIZE)
            .push(" OFFSET ")
            .push_bind(skip);
    }
    let rows: Vec<Record> = query.build_query_as().fetch_all(db).await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| AuditRow {
                id: r.id,
                occurred_at: georgia_time(r.occurred_at)
                    .format("%d.%m.%Y %H:%M:%S")
                    .to_string(),
                actor: r.username,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                before: r.before_json,
                after: r.after_json,
                client_addr: r.client_addr,
            })
            .collect(),
        total,
        page,
        per_page: PAGE_SIZE,
    })
}

/// The newest `limit` audit rows about one record (by the (entity, entity_id) index).
pub async fn record_history(
    db: &SqlitePool,
    entity: &str,
    id: i64,
    limit: i64,
) -> Result<Vec<crate::ssr::repo::HistoryRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{} WHERE l.entity = $1 AND l.entity_id = CAST($2 AS TEXT) ORDER BY l.id DESC LIMIT $3",
        crate::ssr::repo::HISTORY_FROM
    ))
    .bind(entity)
    .bind(id)
    .bind(limit)
    .fetch_all(db)
    .await
}
