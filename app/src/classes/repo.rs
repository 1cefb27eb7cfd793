//! SQL for classes, class orders, old ranks and the data the pay register is computed from.
use super::{ClassHistoryRow, ClassOrderRow, ClassTitle, OfficerRef, RuleValue};
use crate::domain::evaluation::Rating;
use crate::domain::pay::{ClassChange, RateTable, SalarySpan};
use crate::org::repo::{money, person};
use crate::org::Bilingual;
use chrono::NaiveDate;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashMap;

/// Columns naming an officer: employee, position and unit (aliases e, p, u).
pub const OFFICER_COLUMNS: &str = "e.id AS employee_id, e.first_name_ka, e.last_name_ka,
    e.first_name_en, e.last_name_en, p.title_ka, p.title_en, u.id AS unit_id, u.name_ka AS unit_ka,
    u.name_en AS unit_en";

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
            person: person(
                self.employee_id,
                &self.first_name_ka,
                &self.last_name_ka,
                &self.first_name_en,
                &self.last_name_en,
            ),
            position: self
                .title_ka
                .as_ref()
                .map(|ka| Bilingual::new(ka.clone(), self.title_en.clone().unwrap_or_default())),
            unit: self
                .unit_ka
                .as_ref()
                .map(|ka| Bilingual::new(ka.clone(), self.unit_en.clone().unwrap_or_default())),
        }
    }
}

/// Holders of officer positions on `on` (acting excluded: they hold their own position too).
pub async fn officers_on(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Vec<OfficerRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {OFFICER_COLUMNS}
         FROM assignments a JOIN positions p ON p.id = a.position_id
         JOIN employees e ON e.id = a.employee_id LEFT JOIN org_units u ON u.id = p.unit_id
         WHERE a.basis <> 'acting' AND p.employment_type = 'officer'
           AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)
         ORDER BY e.last_name_ka, e.first_name_ka, e.id"
    ))
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
    sqlx::query_as(&format!(
        "SELECT {OFFICER_COLUMNS}
         FROM employees e
         LEFT JOIN assignments a ON a.id = (SELECT a2.id FROM assignments a2
             WHERE a2.employee_id = e.id AND a2.basis <> 'acting' AND a2.start_date <= $2
             ORDER BY a2.start_date DESC LIMIT 1)
         LEFT JOIN positions p ON p.id = a.position_id LEFT JOIN org_units u ON u.id = p.unit_id
         WHERE e.id = $1"
    ))
    .bind(employee_id)
    .bind(on)
    .fetch_optional(conn)
    .await
}

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

/// Every class taken effect (of `employees`, or all), by employee.
pub async fn class_records(
    conn: &mut SqliteConnection,
    employees: Option<&[i64]>,
) -> Result<HashMap<i64, Vec<ClassRecord>>, sqlx::Error> {
    let rows: Vec<ClassRecord> = match employees {
        None => {
            sqlx::query_as(
                "SELECT employee_id, class_no, effective_date, first_paid_month, basis_through
                 FROM employee_classes ORDER BY employee_id, class_no",
            )
            .fetch_all(&mut *conn)
            .await?
        }
        Some(ids) => {
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "SELECT employee_id, class_no, effective_date, first_paid_month, basis_through
                 FROM employee_classes WHERE employee_id IN (",
            );
            let mut list = q.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            q.push(") ORDER BY employee_id, class_no");
            if ids.is_empty() {
                Vec::new()
            } else {
                q.build_query_as().fetch_all(&mut *conn).await?
            }
        }
    };
    let mut map: HashMap<i64, Vec<ClassRecord>> = HashMap::new();
    for r in rows {
        map.entry(r.employee_id).or_default().push(r);
    }
    Ok(map)
}

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

/// Finalized, exempt and appealed evaluations of periods ending before `before`, by employee.
pub async fn period_ratings(
    conn: &mut SqliteConnection,
    before: NaiveDate,
) -> Result<HashMap<i64, Vec<PeriodRating>>, sqlx::Error> {
    let rows: Vec<(i64, i32, NaiveDate, String, Option<String>)> = sqlx::query_as(
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
    for (employee, year, period_end, stage, rating) in rows {
        map.entry(employee).or_default().push(PeriodRating {
            year,
            period_end,
            rating: if stage == "exempt" {
                None
            } else {
                rating.as_deref().and_then(Rating::parse)
            },
            appealed: stage == "appealed",
        });
    }
    Ok(map)
}

/// Employees in an unsigned (draft or visaed) order: employee → (order id, number).
pub async fn pending_items(
    conn: &mut SqliteConnection,
) -> Result<HashMap<i64, (i64, String)>, sqlx::Error> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT i.employee_id, o.id, o.number FROM class_order_items i
         JOIN class_orders o ON o.id = i.class_order_id WHERE o.status IN ('draft', 'visaed')",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(e, id, n)| (e, (id, n))).collect())
}

pub async fn titles(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Vec<ClassTitle>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT t.class_no, t.name_ka, t.name_en, t.old_rank_ka, t.old_rank_en, t.legal_source, t.certainty
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
        .map(|(c, nka, nen, oka, oen, source, certainty)| ClassTitle {
            class_no: c as u8,
            name: Bilingual::new(nka, nen),
            old_rank: Bilingual::new(oka, oen),
            source,
            certainty,
        })
        .collect())
}

/// All bonus rate rows, by class and date.
pub async fn rate_rows(conn: &mut SqliteConnection) -> Result<Vec<RuleValue>, sqlx::Error> {
    let rows: Vec<(i64, String, NaiveDate, String, String)> = sqlx::query_as(
        "SELECT class_no, rate, valid_from, legal_source, certainty FROM class_bonus_rates
         ORDER BY class_no, valid_from",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(c, rate, from, source, certainty)| RuleValue {
            key: "class.bonus_rate".into(),
            class_no: Some(c as u8),
            value: rate,
            valid_from: from,
            source,
            certainty,
            current: false,
        })
        .collect())
}

/// The rates as the pay arithmetic uses them.
pub async fn rate_table(conn: &mut SqliteConnection) -> Result<RateTable, crate::error::AppError> {
    let mut table = Vec::new();
    for r in rate_rows(conn).await? {
        let rate = r.value.parse().map_err(|_| {
            crate::error::AppError::internal(format!("bad class rate {:?}", r.value))
        })?;
        table.push((r.class_no.unwrap_or_default(), r.valid_from, rate));
    }
    Ok(RateTable(table))
}

/// Every `class.*` rule row, by key and date.
pub async fn rule_rows(conn: &mut SqliteConnection) -> Result<Vec<RuleValue>, sqlx::Error> {
    let rows: Vec<(String, String, NaiveDate, String, String)> = sqlx::query_as(
        "SELECT key, value, valid_from, legal_source, certainty FROM rule_settings
         WHERE key LIKE 'class.%' ORDER BY key, valid_from",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, value, from, source, certainty)| RuleValue {
            key,
            class_no: None,
            value,
            valid_from: from,
            source,
            certainty,
            current: false,
        })
        .collect())
}

pub const ORDER_COLUMNS: &str = "o.id, o.kind, o.number, o.order_date, o.effective_date, o.status,
    (SELECT COUNT(*) FROM class_order_items i WHERE i.class_order_id = o.id) AS officers, o.order_id";

type OrderTuple = (
    i64,
    String,
    String,
    NaiveDate,
    NaiveDate,
    String,
    i64,
    Option<i64>,
);

fn order_row(t: OrderTuple) -> ClassOrderRow {
    ClassOrderRow {
        id: t.0,
        kind: t.1,
        number: t.2,
        order_date: t.3,
        effective_date: t.4,
        status: t.5,
        officers: t.6,
        order_id: t.7,
    }
}

pub async fn orders(db: &SqlitePool, year: Option<i32>) -> Result<Vec<ClassOrderRow>, sqlx::Error> {
    let (from, to) = match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => ("0000-01-01".into(), "9999-12-31".into()),
    };
    let rows: Vec<OrderTuple> = sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM class_orders o WHERE o.order_date >= $1 AND o.order_date <= $2
         ORDER BY o.order_date DESC, o.id DESC"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(order_row).collect())
}

pub async fn order(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<ClassOrderRow>, sqlx::Error> {
    let row: Option<OrderTuple> = sqlx::query_as(&format!(
        "SELECT {ORDER_COLUMNS} FROM class_orders o WHERE o.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(order_row))
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

/// A position held: its salary span, unit and title.
#[derive(Clone, Debug)]
pub struct SpanRow {
    pub span: SalarySpan,
    pub unit_id: Option<i64>,
    pub title: Bilingual,
}

/// Salary spans of officer positions held (acting excluded) overlapping `from`..`to`, by
/// employee, oldest first.
pub async fn salary_spans(
    conn: &mut SqliteConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<i64, Vec<SpanRow>>, sqlx::Error> {
    let rows: Vec<(i64, NaiveDate, Option<NaiveDate>, i64, Option<i64>, String, String)> = sqlx::query_as(
        "SELECT a.employee_id, a.start_date, a.end_date, p.salary_tetri, p.unit_id, p.title_ka, p.title_en
         FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE a.basis <> 'acting' AND p.employment_type = 'officer'
           AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $1)
         ORDER BY a.employee_id, a.start_date",
    )
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?;
    let mut map: HashMap<i64, Vec<SpanRow>> = HashMap::new();
    for (employee, start, end, tetri, unit_id, ka, en) in rows {
        map.entry(employee).or_default().push(SpanRow {
            span: SalarySpan {
                from: start,
                to: end,
                salary: money(tetri),
            },
            unit_id,
            title: Bilingual::new(ka, en),
        });
    }
    Ok(map)
}

/// Names, personal numbers and units of the given employees.
pub async fn people(
    conn: &mut SqliteConnection,
    ids: &[i64],
) -> Result<HashMap<i64, (crate::org::PersonRef, String)>, sqlx::Error> {
    let mut map = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "SELECT id, first_name_ka, last_name_ka, first_name_en, last_name_en, personal_number
             FROM employees WHERE id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        let rows: Vec<(i64, String, String, String, String, String)> =
            q.build_query_as().fetch_all(&mut *conn).await?;
        for (id, fk, lk, fe, le, pn) in rows {
            map.insert(id, (person(id, &fk, &lk, &fe, &le), pn));
        }
    }
    Ok(map)
}

/// Units and positions by id, for register lines: (unit names, position titles).
pub async fn unit_names(
    conn: &mut SqliteConnection,
) -> Result<HashMap<i64, Bilingual>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name_ka, name_en FROM org_units")
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, ka, en)| (id, Bilingual::new(ka, en)))
        .collect())
}

pub async fn history(
    conn: &mut SqliteConnection,
    employee_id: i64,
) -> Result<Vec<ClassHistoryRow>, sqlx::Error> {
    let rows: Vec<(i64, NaiveDate, NaiveDate, i64, String, NaiveDate, String)> = sqlx::query_as(
        "SELECT c.class_no, c.effective_date, c.first_paid_month, o.id, o.number, o.order_date, o.kind
         FROM employee_classes c JOIN class_orders o ON o.id = c.class_order_id
         WHERE c.employee_id = $1 ORDER BY c.class_no DESC",
    )
    .bind(employee_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(c, eff, paid, id, number, date, kind)| ClassHistoryRow {
            class_no: c as u8,
            effective_date: eff,
            first_paid_month: paid,
            class_order_id: id,
            order_number: number,
            order_date: date,
            kind,
        })
        .collect())
}
