//! SQL for the orders registry.
use super::{OrderEffect, OrderFilter, OrderRow, OrderUnitEvent};
use crate::domain::order::{EffectKind, Issuer, OrderType};
use crate::domain::staff::UnitEventType;
use crate::domain::{Bilingual, PersonRef};
use crate::page::{offset, Page, PAGE_SIZE};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};

pub struct NewOrder<'a> {
    pub number: &'a str,
    pub order_date: NaiveDate,
    pub issuer: Issuer,
    pub order_type: OrderType,
    pub title: &'a str,
    pub effective_date: NaiveDate,
}

/// Inserts an order (the service checks the number first and audits).
pub async fn insert(
    conn: &mut SqliteConnection,
    created_by: Option<i64>,
    order: &NewOrder<'_>,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO orders (institution_id, number, order_date, issuer, order_type, title, effective_date, created_by, created_at)
         VALUES ((SELECT MIN(id) FROM institutions), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(order.number)
    .bind(order.order_date)
    .bind(order.issuer)
    .bind(order.order_type)
    .bind(order.title)
    .bind(order.effective_date)
    .bind(created_by)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// An order found by its number in a year.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RegisteredOrder {
    pub id: i64,
    pub order_type: OrderType,
}

/// The order with this number in the year of `date`.
pub async fn find_in_year(
    conn: &mut SqliteConnection,
    number: &str,
    date: NaiveDate,
) -> Result<Option<RegisteredOrder>, sqlx::Error> {
    let year = date.year();
    sqlx::query_as(
        "SELECT id, order_type FROM orders WHERE number = $1 AND order_date >= $2 AND order_date <= $3",
    )
    .bind(number.trim())
    .bind(NaiveDate::from_ymd_opt(year, 1, 1))
    .bind(NaiveDate::from_ymd_opt(year, 12, 31))
    .fetch_optional(conn)
    .await
}

fn push_filter(query: &mut QueryBuilder<'_, Sqlite>, filter: &OrderFilter) {
    query.push(" WHERE 1 = 1");
    if let Some(year) = filter.year {
        query
            .push(" AND order_date >= ")
            .push_bind(NaiveDate::from_ymd_opt(year, 1, 1));
        query
            .push(" AND order_date <= ")
            .push_bind(NaiveDate::from_ymd_opt(year, 12, 31));
    }
    if let Some(kind) = filter.order_type {
        query.push(" AND order_type = ").push_bind(kind);
    }
    if let Some(issuer) = filter.issuer {
        query.push(" AND issuer = ").push_bind(issuer);
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = crate::ssr::repo::like_pattern(q, false);
        query
            .push(" AND (LOWER(number) LIKE ")
            .push_bind(pattern.clone());
        query
            .push(" ESCAPE '\\' OR LOWER(title) LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

#[derive(sqlx::FromRow)]
struct OrderRecord {
    id: i64,
    number: String,
    order_date: NaiveDate,
    issuer: Issuer,
    order_type: OrderType,
    title: String,
    effective_date: NaiveDate,
}

impl From<OrderRecord> for OrderRow {
    fn from(r: OrderRecord) -> Self {
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

pub async fn list(db: &SqlitePool, filter: &OrderFilter) -> Result<Page<OrderRow>, sqlx::Error> {
    let (page, skip) = offset(filter.page);
    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM orders");
    push_filter(&mut count, filter);
    let total: i64 = count.build_query_scalar().fetch_one(db).await?;
    let mut query = QueryBuilder::<Sqlite>::new(
        "SELECT id, number, order_date, issuer, order_type, title, effective_date FROM orders",
    );
    push_filter(&mut query, filter);
    query
        .push(" ORDER BY order_date DESC, id DESC LIMIT ")
        .push_bind(PAGE_SIZE)
        .push(" OFFSET ")
        .push_bind(skip);
    let items: Vec<OrderRecord> = query.build_query_as().fetch_all(db).await?;
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
    let items: Vec<OrderRecord> = query.build_query_as().fetch_all(db).await?;
    Ok(items.into_iter().map(Into::into).collect())
}

pub async fn order(db: &SqlitePool, id: i64) -> Result<Option<OrderRow>, sqlx::Error> {
    let row: Option<OrderRecord> = sqlx::query_as(
        "SELECT id, number, order_date, issuer, order_type, title, effective_date FROM orders WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

/// The years that have orders, newest first.
pub async fn years(db: &SqlitePool) -> Result<Vec<i32>, sqlx::Error> {
    let years: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT CAST(SUBSTR(order_date, 1, 4) AS INTEGER) AS y FROM orders ORDER BY y DESC",
    )
    .fetch_all(db)
    .await?;
    Ok(years.into_iter().map(|y| y as i32).collect())
}

/// How many orders of each issuer and type a year has.
#[derive(sqlx::FromRow)]
pub struct YearCount {
    pub issuer: Issuer,
    pub order_type: OrderType,
    pub orders: i64,
}

pub async fn year_counts(db: &SqlitePool, year: i32) -> Result<Vec<YearCount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT issuer, order_type, COUNT(*) AS orders FROM orders
         WHERE order_date >= $1 AND order_date <= $2 GROUP BY issuer, order_type",
    )
    .bind(NaiveDate::from_ymd_opt(year, 1, 1))
    .bind(NaiveDate::from_ymd_opt(year, 12, 31))
    .fetch_all(db)
    .await
}

#[derive(sqlx::FromRow)]
struct EffectRecord {
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

/// The assignments an order started or ended.
pub async fn effects(db: &SqlitePool, order_id: i64) -> Result<Vec<OrderEffect>, sqlx::Error> {
    let rows: Vec<EffectRecord> = sqlx::query_as(
        "SELECT a.id, a.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en,
                p.title_ka, p.title_en, a.start_date, a.end_date, a.order_id = $1 AS started
         FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
         WHERE a.order_id = $1 OR a.end_order_id = $1 ORDER BY e.last_name_ka",
    )
    .bind(order_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|e| OrderEffect {
            assignment_id: e.id,
            employee: PersonRef::named(
                e.employee_id,
                &e.first_name_ka,
                &e.last_name_ka,
                &e.first_name_en,
                &e.last_name_en,
            ),
            position: Bilingual::new(e.title_ka, e.title_en),
            change: if e.started {
                EffectKind::Start
            } else {
                EffectKind::End
            },
            date: if e.started {
                e.start_date
            } else {
                e.end_date.unwrap_or(e.start_date)
            },
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct UnitEventRecord {
    name_ka: String,
    name_en: String,
    event_type: UnitEventType,
    effective_date: NaiveDate,
}

/// The reorganization steps an order made.
pub async fn unit_events(
    db: &SqlitePool,
    order_id: i64,
) -> Result<Vec<OrderUnitEvent>, sqlx::Error> {
    let rows: Vec<UnitEventRecord> = sqlx::query_as(
        "SELECT u.name_ka, u.name_en, ev.event_type, ev.effective_date FROM org_unit_events ev
         JOIN org_units u ON u.id = ev.unit_id WHERE ev.order_id = $1 ORDER BY ev.id",
    )
    .bind(order_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OrderUnitEvent {
            unit: Bilingual::new(r.name_ka, r.name_en),
            event_type: r.event_type,
            effective_date: r.effective_date,
        })
        .collect())
}
