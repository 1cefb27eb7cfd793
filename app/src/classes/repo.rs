//! SQL for classes, class orders, old ranks and the data the pay register is computed from.
use super::{ClassHistoryRow, ClassOrderRow, ClassTitle, OfficerRef, OrderLink, OrdersInYear};
use crate::domain::class::{ClassOrderKind, ClassOrderStatus};
use crate::domain::common::{money_from_tetri, overlap};
use crate::domain::evaluation::{Rating, Stage};
use crate::domain::pay::{ClassChange, Paid, RateTable, SalarySpan};
use crate::domain::rule::Certainty;
use crate::domain::{Bilingual, PersonRef};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use std::collections::HashMap;

// ---- Officers -----------------------------------------------------------------------------

/// An officer with the position and unit they hold.
#[derive(sqlx::FromRow)]
pub struct OfficerRow {
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub title_ka: Option<String>,
    pub title_en: Option<String>,
    pub unit_id: Option<i64>,
    pub unit_ka: Option<String>,
    pub unit_en: Option<String>,
}

impl OfficerRow {
    pub fn officer(&self) -> OfficerRef {
        OfficerRef {
            person: PersonRef::named(
                self.employee_id,
                &self.first_name_ka,
                &self.last_name_ka,
                &self.first_name_en,
                &self.last_name_en,
            ),
            position: Bilingual::both(self.title_ka.clone(), self.title_en.clone()),
            unit: Bilingual::both(self.unit_ka.clone(), self.unit_en.clone()),
        }
    }
}

/// Holders of officer positions on `on`, by the terms in force that day (acting excluded: they
/// hold their own position too).
pub async fn officers_on(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Vec<OfficerRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id AS employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en,
                p.title_ka, p.title_en, u.id AS unit_id, u.name_ka AS unit_ka, u.name_en AS unit_en
         FROM assignments a JOIN positions p ON p.id = a.position_id
         JOIN position_terms t ON t.position_id = p.id AND t.employment_type = 'officer'
              AND t.valid_from <= $1 AND (t.valid_to IS NULL OR t.valid_to >= $1)
         JOIN employees e ON e.id = a.employee_id LEFT JOIN org_units u ON u.id = p.unit_id
         WHERE a.basis <> 'acting'
           AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)
         ORDER BY e.last_name_ka, e.first_name_ka, e.id",
    )
    .bind(on)
    .fetch_all(conn)
    .await
}

/// An officer's name with their position on `on` (or their last one).
pub async fn officer(
    conn: &mut SqliteConnection,
    employee_id: i64,
    on: NaiveDate,
) -> Result<Option<OfficerRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id AS employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en,
                p.title_ka, p.title_en, u.id AS unit_id, u.name_ka AS unit_ka, u.name_en AS unit_en
         FROM employees e
         LEFT JOIN assignments a ON a.id = (SELECT a2.id FROM assignments a2
             WHERE a2.employee_id = e.id AND a2.basis <> 'acting' AND a2.start_date <= $2
             ORDER BY a2.start_date DESC LIMIT 1)
         LEFT JOIN positions p ON p.id = a.position_id LEFT JOIN org_units u ON u.id = p.unit_id
         WHERE e.id = $1",
    )
    .bind(employee_id)
    .bind(on)
    .fetch_optional(conn)
    .await
}

// ---- Classes held -------------------------------------------------------------------------

/// A class taken effect, as the history stores it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClassRecord {
    pub employee_id: i64,
    pub class_no: i64,
    pub effective_date: NaiveDate,
    pub first_paid_month: NaiveDate,
    pub basis_through: NaiveDate,
}

impl ClassRecord {
    pub fn change(&self) -> ClassChange {
        ClassChange {
            effective: self.effective_date,
            class_no: self.class_no as u8,
            first_paid: self.first_paid_month,
        }
    }
}

fn by_employee(rows: Vec<ClassRecord>) -> HashMap<i64, Vec<ClassRecord>> {
    let mut map: HashMap<i64, Vec<ClassRecord>> = HashMap::new();
    for r in rows {
        map.entry(r.employee_id).or_default().push(r);
    }
    map
}

/// Every class taken effect, by employee.
pub async fn class_records(
    conn: &mut SqliteConnection,
) -> Result<HashMap<i64, Vec<ClassRecord>>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT employee_id, class_no, effective_date, first_paid_month, basis_through
         FROM employee_classes ORDER BY employee_id, class_no",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(by_employee(rows))
}

/// The classes of the given employees, by employee.
pub async fn class_records_of(
    conn: &mut SqliteConnection,
    employees: &[i64],
) -> Result<HashMap<i64, Vec<ClassRecord>>, sqlx::Error> {
    let mut rows = Vec::new();
    for chunk in employees.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT employee_id, class_no, effective_date, first_paid_month, basis_through
             FROM employee_classes WHERE employee_id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(") ORDER BY employee_id, class_no");
        rows.extend(
            q.build_query_as::<ClassRecord>()
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    Ok(by_employee(rows))
}

pub struct NewClass {
    pub employee_id: i64,
    pub class_no: i64,
    pub basis_through: NaiveDate,
}

/// The classes a signed order gives, from its effective date.
pub async fn insert_classes(
    conn: &mut SqliteConnection,
    order_id: i64,
    effective: NaiveDate,
    first_paid: NaiveDate,
    classes: &[NewClass],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for chunk in classes.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO employee_classes (employee_id, class_no, effective_date, first_paid_month,
                 basis_through, class_order_id, created_at) ",
        );
        q.push_values(chunk, |mut b, c| {
            b.push_bind(c.employee_id)
                .push_bind(c.class_no)
                .push_bind(effective)
                .push_bind(first_paid)
                .push_bind(c.basis_through)
                .push_bind(order_id)
                .push_bind(at);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct HistoryRecord {
    class_no: i64,
    effective_date: NaiveDate,
    first_paid_month: NaiveDate,
    class_order_id: i64,
    order_number: String,
    order_date: NaiveDate,
    kind: ClassOrderKind,
}

pub async fn history(
    conn: &mut SqliteConnection,
    employee_id: i64,
) -> Result<Vec<ClassHistoryRow>, sqlx::Error> {
    let rows: Vec<HistoryRecord> = sqlx::query_as(
        "SELECT c.class_no, c.effective_date, c.first_paid_month, o.id AS class_order_id,
                o.number AS order_number, o.order_date, o.kind
         FROM employee_classes c JOIN class_orders o ON o.id = c.class_order_id
         WHERE c.employee_id = $1 ORDER BY c.class_no DESC",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ClassHistoryRow {
            class_no: r.class_no as u8,
            effective_date: r.effective_date,
            first_paid_month: r.first_paid_month,
            class_order_id: r.class_order_id,
            order_number: r.order_number,
            order_date: r.order_date,
            kind: r.kind,
        })
        .collect())
}

// ---- Ratings for eligibility --------------------------------------------------------------

/// An evaluation period of an officer for the class count.
#[derive(Clone, Debug)]
pub struct PeriodRating {
    pub year: i32,
    pub period_end: NaiveDate,
    /// None: exempt that period.
    pub rating: Option<Rating>,
    /// Under appeal: the rating is not final yet.
    pub appealed: bool,
}

#[derive(sqlx::FromRow)]
struct PeriodRecord {
    employee_id: i64,
    year: i32,
    period_end: NaiveDate,
    stage: Stage,
    rating: Option<Rating>,
}

/// Finalized, exempt and appealed evaluations of periods ending before `before`, by employee.
pub async fn period_ratings(
    conn: &mut SqliteConnection,
    before: NaiveDate,
) -> Result<HashMap<i64, Vec<PeriodRating>>, sqlx::Error> {
    let rows: Vec<PeriodRecord> = sqlx::query_as(
        "SELECT ev.employee_id, c.year, c.period_end, ev.stage, r.rating
         FROM evaluations ev JOIN evaluation_cycles c ON c.id = ev.cycle_id
         LEFT JOIN evaluation_results r ON r.id = ev.result_id
         WHERE ev.stage IN ('finalized', 'exempt', 'appealed') AND c.period_end < $1
         ORDER BY ev.employee_id, c.period_end",
    )
    .bind(before)
    .fetch_all(conn)
    .await?;
    let mut map: HashMap<i64, Vec<PeriodRating>> = HashMap::new();
    for r in rows {
        map.entry(r.employee_id).or_default().push(PeriodRating {
            year: r.year,
            period_end: r.period_end,
            rating: if r.stage == Stage::Exempt {
                None
            } else {
                r.rating
            },
            appealed: r.stage == Stage::Appealed,
        });
    }
    Ok(map)
}

/// The periods of cycles that ended before `before`: (year, start, end).
pub async fn ended_periods(
    conn: &mut SqliteConnection,
    before: NaiveDate,
) -> Result<Vec<(i32, NaiveDate, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT year, period_start, period_end FROM evaluation_cycles WHERE period_end < $1
         ORDER BY period_end",
    )
    .bind(before)
    .fetch_all(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct PendingItemRecord {
    employee_id: i64,
    id: i64,
    number: String,
    status: ClassOrderStatus,
}

/// Employees in an unsigned (draft or visaed) order: employee → the order.
pub async fn pending_items(
    conn: &mut SqliteConnection,
) -> Result<HashMap<i64, OrderLink>, sqlx::Error> {
    let rows: Vec<PendingItemRecord> = sqlx::query_as(
        "SELECT i.employee_id, o.id, o.number, o.status FROM class_order_items i
         JOIN class_orders o ON o.id = i.class_order_id WHERE o.status IN ('draft', 'visaed')",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.employee_id,
                OrderLink {
                    id: r.id,
                    number: r.number,
                    status: r.status,
                },
            )
        })
        .collect())
}

// ---- Titles, rates, rules -----------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct TitleRecord {
    class_no: i64,
    name_ka: String,
    name_en: String,
    old_rank_ka: String,
    old_rank_en: String,
    legal_source: String,
    legal_source_en: Option<String>,
    certainty: Certainty,
}

/// The classes' titles in force on `on`.
pub async fn titles(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Vec<ClassTitle>, sqlx::Error> {
    let rows: Vec<TitleRecord> = sqlx::query_as(
        "SELECT t.class_no, t.name_ka, t.name_en, t.old_rank_ka, t.old_rank_en, t.legal_source, t.legal_source_en, t.certainty
         FROM class_titles t
         WHERE t.valid_from = (SELECT MAX(t2.valid_from) FROM class_titles t2
                               WHERE t2.class_no = t.class_no AND t2.valid_from <= $1)
         ORDER BY t.class_no",
    )
    .bind(on)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ClassTitle {
            class_no: r.class_no as u8,
            name: Bilingual::new(r.name_ka, r.name_en),
            old_rank: Bilingual::new(r.old_rank_ka, r.old_rank_en),
            source: crate::ssr::repo::cited(r.legal_source, r.legal_source_en),
            certainty: r.certainty,
        })
        .collect())
}

/// A bonus rate row.
#[derive(sqlx::FromRow)]
pub struct RateRecord {
    pub class_no: i64,
    pub rate: String,
    pub valid_from: NaiveDate,
    pub legal_source: String,
    pub legal_source_en: Option<String>,
    pub certainty: Certainty,
}

/// All bonus rate rows, by class and date.
pub async fn rates(conn: &mut SqliteConnection) -> Result<Vec<RateRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT class_no, rate, valid_from, legal_source, legal_source_en, certainty FROM class_bonus_rates
         ORDER BY class_no, valid_from",
    )
    .fetch_all(conn)
    .await
}

/// The rates as the pay arithmetic uses them; a rate that is not a number is an error.
pub async fn rate_table(conn: &mut SqliteConnection) -> Result<RateTable, AppError> {
    let mut table = Vec::new();
    for r in rates(conn).await? {
        let rate: Decimal = r
            .rate
            .parse()
            .map_err(|_| AppError::internal(format!("bad class rate {:?}", r.rate)))?;
        table.push((r.class_no as u8, r.valid_from, rate));
    }
    Ok(RateTable(table))
}

/// A rule setting row.
#[derive(sqlx::FromRow)]
pub struct RuleRecord {
    pub key: String,
    pub value: String,
    pub valid_from: NaiveDate,
    pub legal_source: String,
    pub legal_source_en: Option<String>,
    pub certainty: Certainty,
}

/// Every `class.*` rule row, by key and date.
pub async fn class_rules(conn: &mut SqliteConnection) -> Result<Vec<RuleRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT key, value, valid_from, legal_source, legal_source_en, certainty FROM rule_settings
         WHERE key LIKE 'class.%' ORDER BY key, valid_from",
    )
    .fetch_all(conn)
    .await
}

pub async fn rate_exists(
    conn: &mut SqliteConnection,
    class_no: u8,
    valid_from: NaiveDate,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM class_bonus_rates WHERE class_no = $1 AND valid_from = $2",
    )
    .bind(i64::from(class_no))
    .bind(valid_from)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub struct NewRate<'a> {
    pub class_no: u8,
    pub rate: Decimal,
    pub valid_from: NaiveDate,
    pub legal_source: &'a Bilingual,
    pub certainty: Certainty,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_rate(conn: &mut SqliteConnection, r: NewRate<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO class_bonus_rates (class_no, rate, valid_from, legal_source, legal_source_en,
             certainty, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(i64::from(r.class_no))
    .bind(r.rate.to_string())
    .bind(r.valid_from)
    .bind(&r.legal_source.ka)
    .bind(&r.legal_source.en)
    .bind(r.certainty)
    .bind(r.created_by)
    .bind(r.created_at)
    .fetch_one(conn)
    .await
}

pub async fn rule_exists(
    conn: &mut SqliteConnection,
    key: &str,
    valid_from: NaiveDate,
) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM rule_settings WHERE key = $1 AND valid_from = $2")
            .bind(key)
            .bind(valid_from)
            .fetch_one(conn)
            .await?;
    Ok(n > 0)
}

pub async fn insert_rule(
    conn: &mut SqliteConnection,
    key: &str,
    value: u32,
    valid_from: NaiveDate,
    legal_source: &Bilingual,
    certainty: Certainty,
) -> Result<i64, sqlx::Error> {
    crate::ssr::repo::insert_rule_setting(
        conn,
        key,
        &value.to_string(),
        valid_from,
        legal_source,
        certainty,
    )
    .await
}

// ---- Class orders -------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct OrderRecord {
    id: i64,
    kind: ClassOrderKind,
    number: String,
    order_date: NaiveDate,
    effective_date: NaiveDate,
    status: ClassOrderStatus,
    officers: i64,
    order_id: Option<i64>,
}

impl From<OrderRecord> for ClassOrderRow {
    fn from(r: OrderRecord) -> Self {
        ClassOrderRow {
            id: r.id,
            kind: r.kind,
            number: r.number,
            order_date: r.order_date,
            effective_date: r.effective_date,
            status: r.status,
            officers: r.officers,
            order_id: r.order_id,
        }
    }
}

/// Class orders of a year (all years when none), newest first.
pub async fn orders(db: &SqlitePool, year: Option<i32>) -> Result<Vec<ClassOrderRow>, sqlx::Error> {
    let (from, to) = match year {
        Some(y) => (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        ),
        None => (
            NaiveDate::from_ymd_opt(1, 1, 1),
            NaiveDate::from_ymd_opt(9999, 12, 31),
        ),
    };
    let rows: Vec<OrderRecord> = sqlx::query_as(
        "SELECT o.id, o.kind, o.number, o.order_date, o.effective_date, o.status,
                (SELECT COUNT(*) FROM class_order_items i WHERE i.class_order_id = o.id) AS officers, o.order_id
         FROM class_orders o WHERE o.order_date >= $1 AND o.order_date <= $2
         ORDER BY o.order_date DESC, o.id DESC",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Unsigned orders with what their next step needs (the inbox).
#[derive(sqlx::FromRow)]
pub struct UnsignedOrder {
    pub id: i64,
    pub number: String,
    pub status: ClassOrderStatus,
    pub needs_visa: bool,
    pub officers: i64,
}

pub async fn unsigned_orders(db: &SqlitePool) -> Result<Vec<UnsignedOrder>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.number, o.status, o.needs_visa,
                (SELECT COUNT(*) FROM class_order_items i WHERE i.class_order_id = o.id) AS officers
         FROM class_orders o WHERE o.status IN ('draft', 'visaed') ORDER BY o.order_date, o.id",
    )
    .fetch_all(db)
    .await
}

/// A class order with its whole state.
#[derive(sqlx::FromRow)]
pub struct OrderState {
    #[sqlx(flatten)]
    row: OrderRecord,
    pub needs_visa: bool,
    pub visa_by: Option<String>,
    pub visa_date: Option<NaiveDate>,
    pub drafted_at: DateTime<Utc>,
    pub signed_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
}

impl OrderState {
    pub fn row(&self) -> ClassOrderRow {
        ClassOrderRow {
            id: self.row.id,
            kind: self.row.kind,
            number: self.row.number.clone(),
            order_date: self.row.order_date,
            effective_date: self.row.effective_date,
            status: self.row.status,
            officers: self.row.officers,
            order_id: self.row.order_id,
        }
    }
}

pub async fn order_state(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<OrderState>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.kind, o.number, o.order_date, o.effective_date, o.status,
                (SELECT COUNT(*) FROM class_order_items i WHERE i.class_order_id = o.id) AS officers,
                o.order_id, o.needs_visa, o.visa_by, o.visa_date, o.drafted_at, o.signed_at, o.cancel_reason
         FROM class_orders o WHERE o.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Whether another live class order has this number in the year of `date`.
pub async fn number_in_use(
    conn: &mut SqliteConnection,
    number: &str,
    date: NaiveDate,
) -> Result<bool, sqlx::Error> {
    use chrono::Datelike;
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM class_orders WHERE number = $1 AND status <> 'cancelled'
           AND order_date >= $2 AND order_date <= $3",
    )
    .bind(number)
    .bind(NaiveDate::from_ymd_opt(date.year(), 1, 1))
    .bind(NaiveDate::from_ymd_opt(date.year(), 12, 31))
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub struct NewClassOrder<'a> {
    pub kind: ClassOrderKind,
    pub number: &'a str,
    pub order_date: NaiveDate,
    pub effective_date: NaiveDate,
    pub needs_visa: bool,
    pub drafted_by: i64,
    pub drafted_at: DateTime<Utc>,
}

pub async fn insert_order(
    conn: &mut SqliteConnection,
    o: NewClassOrder<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO class_orders (institution_id, kind, number, order_date, effective_date, status,
             needs_visa, drafted_by, drafted_at)
         VALUES ((SELECT MIN(id) FROM institutions), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(o.kind)
    .bind(o.number)
    .bind(o.order_date)
    .bind(o.effective_date)
    .bind(ClassOrderStatus::Draft)
    .bind(o.needs_visa)
    .bind(o.drafted_by)
    .bind(o.drafted_at)
    .fetch_one(conn)
    .await
}

/// An officer in an order as stored.
pub struct NewItem {
    pub employee_id: i64,
    pub from_class: Option<u8>,
    pub to_class: u8,
    pub basis_json: String,
    pub basis_through: NaiveDate,
    pub old_rank_id: Option<i64>,
}

pub async fn insert_items(
    conn: &mut SqliteConnection,
    order_id: i64,
    items: &[NewItem],
) -> Result<(), sqlx::Error> {
    for chunk in items.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO class_order_items (class_order_id, employee_id, from_class, to_class,
                 basis_json, basis_through, old_rank_id) ",
        );
        q.push_values(chunk, |mut b, item| {
            b.push_bind(order_id)
                .push_bind(item.employee_id)
                .push_bind(item.from_class.map(i64::from))
                .push_bind(i64::from(item.to_class))
                .push_bind(item.basis_json.clone())
                .push_bind(item.basis_through)
                .push_bind(item.old_rank_id);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// An item of an order as stored.
#[derive(sqlx::FromRow)]
pub struct ItemRow {
    pub employee_id: i64,
    pub from_class: Option<i64>,
    pub to_class: i64,
    pub basis_json: String,
    pub basis_through: NaiveDate,
}

pub async fn items(
    conn: &mut SqliteConnection,
    order_id: i64,
) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.employee_id, i.from_class, i.to_class, i.basis_json, i.basis_through
         FROM class_order_items i JOIN employees e ON e.id = i.employee_id
         WHERE i.class_order_id = $1 ORDER BY e.last_name_ka, e.first_name_ka, e.id",
    )
    .bind(order_id)
    .fetch_all(conn)
    .await
}

pub async fn set_visa(
    conn: &mut SqliteConnection,
    id: i64,
    visa_by: &str,
    visa_date: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE class_orders SET status = $1, visa_by = $2, visa_date = $3 WHERE id = $4")
        .bind(ClassOrderStatus::Visaed)
        .bind(visa_by)
        .bind(visa_date)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_signed(
    conn: &mut SqliteConnection,
    id: i64,
    registry_order: i64,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE class_orders SET status = $1, order_id = $2, signed_by = $3, signed_at = $4 WHERE id = $5",
    )
    .bind(ClassOrderStatus::Signed)
    .bind(registry_order)
    .bind(by)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_cancelled(
    conn: &mut SqliteConnection,
    id: i64,
    reason: &str,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE class_orders SET status = $1, cancelled_by = $2, cancelled_at = $3, cancel_reason = $4
         WHERE id = $5",
    )
    .bind(ClassOrderStatus::Cancelled)
    .bind(by)
    .bind(at)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Signed orders and the officers they gave a class, per year of the order.
pub async fn orders_per_year(
    conn: &mut SqliteConnection,
) -> Result<Vec<OrdersInYear>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(SUBSTR(o.order_date, 1, 4) AS INTEGER) AS year, COUNT(DISTINCT o.id) AS orders,
                COUNT(i.id) AS officers
         FROM class_orders o JOIN class_order_items i ON i.class_order_id = o.id
         WHERE o.status = 'signed' GROUP BY year ORDER BY year",
    )
    .fetch_all(conn)
    .await
}

// ---- Old ranks ----------------------------------------------------------------------------

/// An old class rank recorded for equalization.
#[derive(sqlx::FromRow)]
pub struct OldRankRecord {
    pub id: i64,
    pub employee_id: i64,
    pub old_rank_class: i64,
    pub proof_number: String,
    pub proof_date: NaiveDate,
    pub confirmed_class: Option<i64>,
}

/// Every old rank, by the officer's name.
pub async fn old_ranks(conn: &mut SqliteConnection) -> Result<Vec<OldRankRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.employee_id, r.old_rank_class, r.proof_number, r.proof_date, r.confirmed_class
         FROM employee_old_ranks r JOIN employees e ON e.id = r.employee_id
         ORDER BY e.last_name_ka, e.first_name_ka",
    )
    .fetch_all(conn)
    .await
}

pub async fn old_rank(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<OldRankRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, employee_id, old_rank_class, proof_number, proof_date, confirmed_class
         FROM employee_old_ranks WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Confirmed old ranks not in a live order yet.
pub async fn confirmed_old_ranks_outside_orders(
    conn: &mut SqliteConnection,
) -> Result<Vec<OldRankRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, r.employee_id, r.old_rank_class, r.proof_number, r.proof_date, r.confirmed_class
         FROM employee_old_ranks r
         WHERE r.confirmed_class IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM class_order_items i JOIN class_orders o ON o.id = i.class_order_id
             WHERE i.old_rank_id = r.id AND o.status <> 'cancelled')
         ORDER BY r.id",
    )
    .fetch_all(conn)
    .await
}

#[derive(sqlx::FromRow)]
struct OldRankOrderRecord {
    old_rank_id: i64,
    id: i64,
    number: String,
    status: ClassOrderStatus,
}

/// The live order each old rank is in: old rank → order.
pub async fn old_rank_orders(
    conn: &mut SqliteConnection,
) -> Result<HashMap<i64, OrderLink>, sqlx::Error> {
    let rows: Vec<OldRankOrderRecord> = sqlx::query_as(
        "SELECT i.old_rank_id, o.id, o.number, o.status FROM class_order_items i
         JOIN class_orders o ON o.id = i.class_order_id
         WHERE i.old_rank_id IS NOT NULL AND o.status <> 'cancelled'",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.old_rank_id,
                OrderLink {
                    id: r.id,
                    number: r.number,
                    status: r.status,
                },
            )
        })
        .collect())
}

/// Whether an old rank is in a live order.
pub async fn old_rank_in_order(conn: &mut SqliteConnection, id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM class_order_items i JOIN class_orders o ON o.id = i.class_order_id
         WHERE i.old_rank_id = $1 AND o.status <> 'cancelled'",
    )
    .bind(id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub async fn has_old_rank(
    conn: &mut SqliteConnection,
    employee_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM employee_old_ranks WHERE employee_id = $1")
            .bind(employee_id)
            .fetch_one(conn)
            .await?;
    Ok(n > 0)
}

pub struct NewOldRank<'a> {
    pub employee_id: i64,
    pub old_rank_class: u8,
    pub proof_number: &'a str,
    pub proof_date: NaiveDate,
    pub recorded_by: i64,
    pub recorded_at: DateTime<Utc>,
}

pub async fn insert_old_rank(
    conn: &mut SqliteConnection,
    r: NewOldRank<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO employee_old_ranks (employee_id, old_rank_class, proof_number, proof_date,
             recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(r.employee_id)
    .bind(i64::from(r.old_rank_class))
    .bind(r.proof_number)
    .bind(r.proof_date)
    .bind(r.recorded_by)
    .bind(r.recorded_at)
    .fetch_one(conn)
    .await
}

pub async fn confirm_old_rank(
    conn: &mut SqliteConnection,
    id: i64,
    class_no: u8,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE employee_old_ranks SET confirmed_class = $1, confirmed_by = $2, confirmed_at = $3 WHERE id = $4",
    )
    .bind(i64::from(class_no))
    .bind(by)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_old_rank(conn: &mut SqliteConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM employee_old_ranks WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

// ---- Pay register inputs ------------------------------------------------------------------

/// A position held: its salary span, unit and title.
#[derive(Clone, Debug)]
pub struct SpanRow {
    pub span: SalarySpan,
    pub unit_id: Option<i64>,
    pub title: Bilingual,
}

#[derive(sqlx::FromRow)]
struct SpanRecord {
    employee_id: i64,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    terms_from: NaiveDate,
    terms_to: Option<NaiveDate>,
    salary_tetri: i64,
    first_paid: Option<NaiveDate>,
    unit_id: Option<i64>,
    title_ka: String,
    title_en: String,
}

/// Salary spans of positions held (acting excluded) while their terms in force made them
/// officers' positions, overlapping `from`..`to`: one span per assignment and terms, by
/// employee, oldest first.
pub async fn salary_spans(
    conn: &mut SqliteConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<i64, Vec<SpanRow>>, sqlx::Error> {
    let rows: Vec<SpanRecord> = sqlx::query_as(
        "SELECT a.employee_id, a.start_date, a.end_date, t.valid_from AS terms_from, t.valid_to AS terms_to,
                t.salary_tetri, t.first_paid, p.unit_id, p.title_ka, p.title_en
         FROM assignments a JOIN positions p ON p.id = a.position_id
         JOIN position_terms t ON t.position_id = p.id AND t.employment_type = 'officer'
         WHERE a.basis <> 'acting'
           AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $1)
           AND t.valid_from <= $2 AND (t.valid_to IS NULL OR t.valid_to >= $1)
         ORDER BY a.employee_id, a.start_date, t.valid_from",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    let mut map: HashMap<i64, Vec<SpanRow>> = HashMap::new();
    for r in rows {
        let Some((start, end)) = overlap((r.start_date, r.end_date), (r.terms_from, r.terms_to))
        else {
            continue;
        };
        map.entry(r.employee_id).or_default().push(SpanRow {
            span: SalarySpan {
                from: start,
                to: end,
                salary: money_from_tetri(r.salary_tetri),
                first_paid: r.first_paid,
            },
            unit_id: r.unit_id,
            title: Bilingual::new(r.title_ka, r.title_en),
        });
    }
    Ok(map)
}

/// The earliest day reached by pay terms first paid in the register of `month` (terms
/// recorded after the registers of their first months were closed).
pub async fn earliest_terms_paid_in(
    conn: &mut SqliteConnection,
    month: NaiveDate,
) -> Result<Option<NaiveDate>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(valid_from) FROM position_terms WHERE first_paid = $1")
        .bind(month)
        .fetch_one(conn)
        .await
}

#[derive(sqlx::FromRow)]
struct PersonRecord {
    id: i64,
    first_name_ka: String,
    last_name_ka: String,
    first_name_en: String,
    last_name_en: String,
    personal_number: String,
}

/// Names and personal numbers of the given employees.
pub async fn people(
    conn: &mut SqliteConnection,
    ids: &[i64],
) -> Result<HashMap<i64, (PersonRef, String)>, sqlx::Error> {
    let mut map = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT id, first_name_ka, last_name_ka, first_name_en, last_name_en, personal_number
             FROM employees WHERE id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        let rows: Vec<PersonRecord> = q.build_query_as().fetch_all(&mut *conn).await?;
        for r in rows {
            map.insert(
                r.id,
                (
                    PersonRef::named(
                        r.id,
                        &r.first_name_ka,
                        &r.last_name_ka,
                        &r.first_name_en,
                        &r.last_name_en,
                    ),
                    r.personal_number,
                ),
            );
        }
    }
    Ok(map)
}

#[derive(sqlx::FromRow)]
struct UnitRecord {
    id: i64,
    name_ka: String,
    name_en: String,
}

/// Every unit's name, for register lines.
pub async fn unit_names(
    conn: &mut SqliteConnection,
) -> Result<HashMap<i64, Bilingual>, sqlx::Error> {
    let rows: Vec<UnitRecord> = sqlx::query_as("SELECT id, name_ka, name_en FROM org_units")
        .fetch_all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, Bilingual::new(r.name_ka, r.name_en)))
        .collect())
}

/// Officers who held an officer's position on or before `until`, since `since` at the latest,
/// with the first day they did (the demo's holders of old ranks).
#[derive(sqlx::FromRow)]
pub struct VeteranRecord {
    pub employee_id: i64,
    pub first_start: NaiveDate,
}

pub async fn officers_serving_since(
    conn: &mut SqliteConnection,
    until: NaiveDate,
    still_serving_on: NaiveDate,
) -> Result<Vec<VeteranRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.employee_id, MIN(a.start_date) AS first_start FROM assignments a
         JOIN position_terms t ON t.position_id = a.position_id AND t.employment_type = 'officer'
         WHERE a.basis <> 'acting' AND a.start_date <= $1 AND t.valid_from <= $1
           AND (a.end_date IS NULL OR a.end_date >= $2) AND (t.valid_to IS NULL OR t.valid_to >= $2)
         GROUP BY a.employee_id ORDER BY a.employee_id",
    )
    .bind(until)
    .bind(still_serving_on)
    .fetch_all(conn)
    .await
}

/// The revision of the class settings (titles, rates, rules) as a whole.
pub async fn settings_revision(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT revision FROM settings_revisions WHERE name = 'class_settings'")
        .fetch_one(conn)
        .await
}

// ---- Closed pay registers ------------------------------------------------------------------

/// A month's register as HR closed it.
#[derive(sqlx::FromRow)]
pub struct ClosedRegisterRow {
    pub id: i64,
    pub closed_by: String,
    pub closed_at: DateTime<Utc>,
    pub rule_version: String,
}

/// The closed register of `month`, if it is closed.
pub async fn closed_register(
    conn: &mut SqliteConnection,
    month: NaiveDate,
) -> Result<Option<ClosedRegisterRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.id, u.display_name AS closed_by, r.closed_at, r.rule_version
         FROM pay_registers r JOIN users u ON u.id = r.closed_by
         WHERE r.month = $1 AND r.reopened_at IS NULL",
    )
    .bind(month)
    .fetch_optional(conn)
    .await
}

/// The first and the last closed month (closed months follow each other without a gap).
pub async fn closed_span(
    conn: &mut SqliteConnection,
) -> Result<Option<(NaiveDate, NaiveDate)>, sqlx::Error> {
    let row: (Option<NaiveDate>, Option<NaiveDate>) = sqlx::query_as(
        "SELECT MIN(month), MAX(month) FROM pay_registers WHERE reopened_at IS NULL",
    )
    .fetch_one(conn)
    .await?;
    Ok(row.0.zip(row.1))
}

/// The stored lines of a closed register.
pub async fn closed_lines(
    conn: &mut SqliteConnection,
    register_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT line_json FROM pay_register_lines WHERE register_id = $1 ORDER BY employee_id",
    )
    .bind(register_id)
    .fetch_all(conn)
    .await
}

/// Class bonus the closed registers up to `through` paid, by (employee, month it was for),
/// for months from `from`.
pub async fn paid_amounts(
    conn: &mut SqliteConnection,
    from: NaiveDate,
    through: NaiveDate,
) -> Result<HashMap<(i64, NaiveDate), Paid>, sqlx::Error> {
    let rows: Vec<(i64, NaiveDate, i64, i64)> = sqlx::query_as(
        "SELECT a.employee_id, a.for_month, SUM(a.salary_tetri), SUM(a.bonus_tetri)
         FROM pay_register_amounts a JOIN pay_registers r ON r.id = a.register_id
         WHERE r.reopened_at IS NULL AND r.month <= $2 AND a.for_month >= $1
         GROUP BY a.employee_id, a.for_month",
    )
    .bind(from)
    .bind(through)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(e, m, salary, bonus)| {
            let paid = Paid {
                salary: money_from_tetri(salary),
                bonus: money_from_tetri(bonus),
            };
            ((e, m), paid)
        })
        .collect())
}

pub struct NewClosedRegister<'a> {
    pub month: NaiveDate,
    pub closed_by: i64,
    pub closed_at: DateTime<Utc>,
    pub rule_version: &'a str,
    pub totals_json: String,
}

pub async fn insert_closed_register(
    conn: &mut SqliteConnection,
    r: NewClosedRegister<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO pay_registers (month, closed_by, closed_at, rule_version, totals_json)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(r.month)
    .bind(r.closed_by)
    .bind(r.closed_at)
    .bind(r.rule_version)
    .bind(r.totals_json)
    .fetch_one(conn)
    .await
}

/// A stored line: (employee, unit, line as JSON, bonus paid by month it is for, in tetri).
/// A closed line: employee, unit, the line as shown, and (month, salary, bonus) in tetri paid
/// for each month.
pub type StoredLine = (i64, Option<i64>, String, Vec<(NaiveDate, i64, i64)>);

pub async fn insert_closed_lines(
    conn: &mut SqliteConnection,
    register_id: i64,
    lines: &[StoredLine],
) -> Result<(), sqlx::Error> {
    for chunk in lines.chunks(200) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO pay_register_lines (register_id, employee_id, unit_id, line_json) ",
        );
        q.push_values(chunk, |mut b, (employee, unit, json, _)| {
            b.push_bind(register_id)
                .push_bind(*employee)
                .push_bind(*unit)
                .push_bind(json.as_str());
        });
        q.build().execute(&mut *conn).await?;
    }
    let amounts: Vec<(i64, NaiveDate, i64, i64)> = lines
        .iter()
        .flat_map(|(employee, _, _, paid)| {
            paid.iter()
                .map(move |(m, salary, bonus)| (*employee, *m, *salary, *bonus))
        })
        .collect();
    for chunk in amounts.chunks(250) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO pay_register_amounts (register_id, employee_id, for_month, salary_tetri, bonus_tetri) ",
        );
        q.push_values(chunk, |mut b, (employee, month, salary, bonus)| {
            b.push_bind(register_id)
                .push_bind(*employee)
                .push_bind(*month)
                .push_bind(*salary)
                .push_bind(*bonus);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn reopen_register(
    conn: &mut SqliteConnection,
    register_id: i64,
    by: i64,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE pay_registers SET reopened_by = $1, reopened_at = $2, reopen_reason = $3
         WHERE id = $4 AND reopened_at IS NULL",
    )
    .bind(by)
    .bind(at)
    .bind(reason)
    .bind(register_id)
    .execute(conn)
    .await?;
    Ok(())
}
