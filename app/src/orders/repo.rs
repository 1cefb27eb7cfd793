//! SQL for the orders registry.
use super::{Issuer, OrderCounts, OrderDetail, OrderEffect, OrderFilter, OrderRow, OrderType};
use crate::org::repo::person;
use crate::org::Bilingual;
use crate::page::{offset, Page, PAGE_SIZE};
use crate::ssr::audit::{record, AuditEntry};
use crate::ssr::Actor;
use chrono::{Datelike, NaiveDate, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

pub struct NewOrder<'a> {
    pub number: &'a str,
    pub order_date: NaiveDate,
    pub issuer: Issuer,
    pub order_type: OrderType,
    pub title: &'a str,
    pub effective_date: NaiveDate,
}

/// Inserts an order and its audit row. The number must be new within its year.
pub async fn insert(
    conn: &mut SqliteConnection,
    actor: &Actor,
    order: NewOrder<'_>,
) -> Result<i64, crate::error::AppError> {
    if find_in_year(conn, order.number, order.order_date)
        .await?
        .is_some()
    {
        return Err(crate::error::AppError::invalid(
            "number",
            crate::i18n::Key::ValidationOrderNumberTaken,
        ));
    }
    let id = insert_unchecked(conn, Some(actor.user.id), &order).await?;
    record(
        conn,
        AuditEntry {
            actor_user_id: Some(actor.user.id),
            action: "order.created",
            entity: "order",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "number": order.number, "order_date": order.order_date, "issuer": order.issuer.code(),
                "order_type": order.order_type.code(), "title": order.title, "effective_date": order.effective_date,
            })),
            client_addr: Some(&actor.client_addr),
        },
    )
    .await?;
    Ok(id)
}

/// Inserts without checks or audit (the demo loader, which audits once for everything).
pub async fn insert_unchecked(
    conn: &mut SqliteConnection,
    created_by: Option<i64>,
    order: &NewOrder<'_>,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO orders (institution_id, number, order_date, issuer, order_type, title, effective_date, created_by, created_at)
         VALUES ((SELECT MIN(id) FROM institutions), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(order.number)
    .bind(order.order_date)
    .bind(order.issuer.code())
    .bind(order.order_type.code())
    .bind(order.title)
    .bind(order.effective_date)
    .bind(created_by)
    .bind(Utc::now())
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// The order with this number in the year of `date`: (id, type).
pub async fn find_in_year(
    conn: &mut SqliteConnection,
    number: &str,
    date: NaiveDate,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let year = date.year();
    let from = NaiveDate::from_ymd_opt(year, 1, 1);
    let to = NaiveDate::from_ymd_opt(year, 12, 31);
    sqlx::query_as(
        "SELECT id, order_type FROM orders WHERE number = $1 AND order_date >= $2 AND order_date <= $3",
    )
    .bind(number.trim())
    .bind(from)
    .bind(to)
    .fetch_optional(conn)
    .await
}

fn push_filter(query: &mut QueryBuilder<'_, Sqlite>, filter: &OrderFilter) {
    query.push(" WHERE 1 = 1");
    if let Some(year) = filter.year {
        query
            .push(" AND order_date >= ")
            .push_bind(format!("{year:04}-01-01"));
        query
            .push(" AND order_date <= ")
            .push_bind(format!("{year:04}-12-31"));
    }
    if let Some(kind) = filter.order_type.clone().filter(|t| !t.is_empty()) {
        query.push(" AND order_type = ").push_bind(kind);
    }
    if let Some(issuer) = filter.issuer.clone().filter(|t| !t.is_empty()) {
        query.push(" AND issuer = ").push_bind(issuer);
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase());
        query
            .push(" AND (LOWER(number) LIKE ")
            .push_bind(pattern.clone());
        query
            .push(" OR LOWER(title) LIKE ")
            .push_bind(pattern)
            .push(")");
    }
}

pub async fn list(db: &SqlitePool, filter: &OrderFilter) -> Result<Page<OrderRow>, sqlx::Error> {
    let (page, skip) = offset(filter.page);
    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM orders");
    push_filter(&mut count, filter);
    let (total,): (i64,) = count.build_query_as().fetch_one(db).await?;
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT id, number, order_date, issuer, order_type, title, effective_date FROM orders",
    );
    push_filter(&mut query, filter);
    query
        .push(" ORDER BY order_date DESC, id DESC LIMIT ")
        .push_bind(PAGE_SIZE)
        .push(" OFFSET ")
        .push_bind(skip);
    let items = query
        .build_query_as::<OrderRowRecord>()
        .fetch_all(db)
        .await?;
    Ok(Page {
        items: items.into_iter().map(Into::into).collect(),
        total,
        page,
        per_page: PAGE_SIZE,
    })
}

/// Every order matching the filter (exports).
pub async fn all(db: &SqlitePool, filter: &OrderFilter) -> Result<Vec<OrderRow>, sqlx::Error> {
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT id, number, order_date, issuer, order_type, title, effective_date FROM orders",
    );
    push_filter(&mut query, filter);
    query.push(" ORDER BY order_date, id");
    let items = query
        .build_query_as::<OrderRowRecord>()
        .fetch_all(db)
        .await?;
    Ok(items.into_iter().map(Into::into).collect())
}

#[derive(sqlx::FromRow)]
struct OrderRowRecord {
    id: i64,
    number: String,
    order_date: NaiveDate,
    issuer: String,
    order_type: String,
    title: String,
    effective_date: NaiveDate,
}

impl From<OrderRowRecord> for OrderRow {
    fn from(r: OrderRowRecord) -> Self {
        OrderRow {
            id: r.id,
            number: r.number,
            order_date: r.order_date,
            issuer: r.issuer,
            order_type: r.order_type,
            title: r.title,
            effective_date: r.effective_date,
        }
    }
}

/// The annual table for `year` (the latest year with orders when None).
pub async fn counts(db: &SqlitePool, year: Option<i32>) -> Result<OrderCounts, sqlx::Error> {
    let dates: Vec<(NaiveDate,)> =
        sqlx::query_as("SELECT DISTINCT order_date FROM orders ORDER BY order_date DESC")
            .fetch_all(db)
            .await?;
    let mut years: Vec<i32> = dates.iter().map(|(d,)| d.year()).collect();
    years.dedup();
    let year = year
        .or_else(|| years.first().copied())
        .unwrap_or_else(|| crate::org::today().year());
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT issuer, order_type, COUNT(*) FROM orders WHERE order_date >= $1 AND order_date <= $2
         GROUP BY issuer, order_type",
    )
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{year:04}-12-31"))
    .fetch_all(db)
    .await?;
    let mut counts = OrderCounts {
        year,
        years,
        ..Default::default()
    };
    for (issuer, kind, n) in rows {
        match (issuer.as_str(), kind.as_str()) {
            ("deputy", _) => counts.deputy += n,
            (_, "main") => counts.main += n,
            (_, "leave_trip_other") => counts.leave_trip_other += n,
            _ => counts.personnel += n,
        }
    }
    Ok(counts)
}

pub async fn detail(db: &SqlitePool, id: i64) -> Result<Option<OrderDetail>, sqlx::Error> {
    let order: Option<OrderRowRecord> = sqlx::query_as(
        "SELECT id, number, order_date, issuer, order_type, title, effective_date FROM orders WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let Some(order) = order else {
        return Ok(None);
    };
    #[derive(sqlx::FromRow)]
    struct Effect {
        id: i64,
        employee_id: i64,
        first_name_ka: String,
        last_name_ka: String,
        first_name_en: String,
        last_name_en: String,
        title_ka: String,
        title_en: String,
        start_date: NaiveDate,
        end_date: Option<NaiveDate>,
        started: bool,
    }
    let effects: Vec<Effect> = sqlx::query_as(
        "SELECT a.id, a.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en,
                p.title_ka, p.title_en, a.start_date, a.end_date, a.order_id = $1 AS started
         FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
         WHERE a.order_id = $1 OR a.end_order_id = $1 ORDER BY e.last_name_ka",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let events: Vec<(String, String, String, NaiveDate)> = sqlx::query_as(
        "SELECT u.name_ka, u.name_en, ev.event_type, ev.effective_date FROM org_unit_events ev
         JOIN org_units u ON u.id = ev.unit_id WHERE ev.order_id = $1 ORDER BY ev.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(Some(OrderDetail {
        order: order.into(),
        effects: effects
            .into_iter()
            .map(|e| OrderEffect {
                assignment_id: e.id,
                employee: person(
                    e.employee_id,
                    &e.first_name_ka,
                    &e.last_name_ka,
                    &e.first_name_en,
                    &e.last_name_en,
                ),
                position: Bilingual::new(e.title_ka, e.title_en),
                change: if e.started { "start" } else { "end" }.to_string(),
                date: if e.started {
                    e.start_date
                } else {
                    e.end_date.unwrap_or(e.start_date)
                },
            })
            .collect(),
        unit_events: events
            .into_iter()
            .map(|(ka, en, kind, date)| (Bilingual { ka, en }, kind, date))
            .collect(),
    }))
}
