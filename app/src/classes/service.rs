//! Class rules with their transactions: eligibility from finalized ratings, the order's steps
//! (draft → visa → signature, each audited in its transaction), equalization and the pay
//! register computed from the signed classes, the positions held and the rates in force.
use super::repo::{self, ItemRow};
use super::*;
use crate::domain::class::{self as rules, ClassRules, MAX_CLASS};
use crate::domain::pay::{self, month_end, month_of, ClassChange};
use crate::domain::Role;
use crate::i18n::{Key, Locale};
use crate::org::service::{audit_as, required_date, required_text};
use crate::ssr::audit::record_many;
use crate::ssr::{state, Actor};
use chrono::{Datelike, Months, Utc};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::{BTreeMap, HashSet};

// ---- Settings -----------------------------------------------------------------------------

/// Rule keys HR may change, besides `ClassRules::KEYS`.
const EXTRA_RULES: [&str; 2] = ["class.legal_visa", "class.first_paid_after_months"];

const CERTAINTIES: [&str; 3] = ["confirmed", "seeds", "uncertain"];

/// Marks the row in force today among rows of the same class or key (sorted by date).
fn mark_current(rows: &mut [RuleValue]) {
    let today = crate::org::today();
    for i in 0..rows.len() {
        let next_same = rows
            .get(i + 1)
            .filter(|n| n.key == rows[i].key && n.class_no == rows[i].class_no);
        rows[i].current =
            rows[i].valid_from <= today && next_same.is_none_or(|n| n.valid_from > today);
    }
}

pub async fn settings(db: &SqlitePool) -> Result<ClassSettings, AppError> {
    let mut conn = db.acquire().await?;
    let mut rates = repo::rate_rows(&mut conn).await?;
    let mut rules = repo::rule_rows(&mut conn).await?;
    mark_current(&mut rates);
    mark_current(&mut rules);
    Ok(ClassSettings {
        titles: repo::titles(&mut conn, crate::org::today()).await?,
        rates,
        rules,
    })
}

/// The class rules in force on `on`.
pub async fn rules_on(conn: &mut SqliteConnection, on: NaiveDate) -> Result<ClassRules, AppError> {
    let mut values = [0u32; 6];
    for (i, key) in ClassRules::KEYS.iter().enumerate() {
        values[i] = crate::rules::number(conn, key, on).await?;
    }
    ClassRules::from_values(&values)
        .ok_or_else(|| AppError::internal(format!("class rules out of range on {on}")))
}

/// A future date for a new rule or rate: past registers and decisions keep theirs.
fn future_date(field: &str, text: &str) -> Result<NaiveDate, AppError> {
    let date = required_date(field, text)?;
    if date <= crate::org::today() {
        return Err(AppError::invalid(field, Key::ClassDateNotFuture));
    }
    Ok(date)
}

fn certainty(text: &str) -> Result<&'static str, AppError> {
    CERTAINTIES
        .into_iter()
        .find(|c| *c == text.trim())
        .ok_or_else(|| AppError::invalid("certainty", Key::ValidationChoice))
}

fn class_number(field: &str, text: &str) -> Result<u8, AppError> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|c| (1..=MAX_CLASS).contains(c))
        .ok_or_else(|| AppError::invalid(field, Key::ValidationChoice))
}

pub async fn set_rate(actor: &Actor, fields: [String; 5]) -> Result<(), AppError> {
    let [class_no, rate, valid_from, source, certainty_text] = fields;
    let class_no = class_number("class_no", &class_no)?;
    let rate: Decimal = rate
        .trim()
        .replace(',', ".")
        .parse()
        .ok()
        .filter(|r: &Decimal| *r >= Decimal::ZERO && *r <= Decimal::ONE_HUNDRED && r.scale() <= 2)
        .ok_or_else(|| AppError::invalid("rate", Key::ClassRateInvalid))?;
    let valid_from = future_date("valid_from", &valid_from)?;
    let source = required_text("legal_source", &source)?;
    let certainty = certainty(&certainty_text)?;
    let mut tx = state()?.db.write.begin().await?;
    let taken: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM class_bonus_rates WHERE class_no = $1 AND valid_from = $2",
    )
    .bind(class_no as i64)
    .bind(valid_from)
    .fetch_one(&mut *tx)
    .await?;
    if taken > 0 {
        return Err(AppError::invalid("valid_from", Key::ClassRuleDateTaken));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO class_bonus_rates (class_no, rate, valid_from, legal_source, certainty, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(class_no as i64)
    .bind(rate.to_string())
    .bind(valid_from)
    .bind(&source)
    .bind(certainty)
    .bind(actor.user.id)
    .bind(Utc::now())
    .fetch_one(&mut *tx)
    .await?;
    audit_as(
        &mut tx,
        Some(actor),
        "class_rate.create",
        "class_bonus_rate",
        id,
        None,
        Some(json!({ "class": class_no, "rate": rate, "valid_from": valid_from, "source": source, "certainty": certainty })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_rule(actor: &Actor, fields: [String; 5]) -> Result<(), AppError> {
    let [key, value, valid_from, source, certainty_text] = fields;
    let key = key.trim().to_string();
    let position = ClassRules::KEYS.iter().position(|k| *k == key);
    if position.is_none() && !EXTRA_RULES.contains(&key.as_str()) {
        return Err(AppError::invalid("key", Key::ValidationChoice));
    }
    let number: u32 = value
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("value", Key::ValidationNumber))?;
    let valid_from = future_date("valid_from", &valid_from)?;
    let source = required_text("legal_source", &source)?;
    let certainty = certainty(&certainty_text)?;
    let mut tx = state()?.db.write.begin().await?;
    // The value must make sense together with the others in force from that date.
    let fits = match position {
        Some(i) => {
            let mut values = [0u32; 6];
            for (j, k) in ClassRules::KEYS.iter().enumerate() {
                values[j] = crate::rules::number(&mut tx, k, valid_from).await?;
            }
            values[i] = number;
            ClassRules::from_values(&values).is_some()
        }
        None if key == "class.legal_visa" => number <= 1,
        None => number <= 3,
    };
    if !fits {
        return Err(AppError::invalid("value", Key::ClassRuleOutOfRange));
    }
    let taken: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM rule_settings WHERE key = $1 AND valid_from = $2")
            .bind(&key)
            .bind(valid_from)
            .fetch_one(&mut *tx)
            .await?;
    if taken > 0 {
        return Err(AppError::invalid("valid_from", Key::ClassRuleDateTaken));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rule_settings (key, value, valid_from, legal_source, certainty)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&key)
    .bind(number.to_string())
    .bind(valid_from)
    .bind(&source)
    .bind(certainty)
    .fetch_one(&mut *tx)
    .await?;
    audit_as(
        &mut tx,
        Some(actor),
        "rule_setting.create",
        "rule_setting",
        id,
        None,
        Some(json!({ "key": key, "value": number, "valid_from": valid_from, "source": source, "certainty": certainty })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---- Eligibility --------------------------------------------------------------------------

/// The officer's current class (never lowered: the highest signed) and the end of the last
/// period it was given for.
fn standing(records: Option<&Vec<repo::ClassRecord>>) -> (Option<u8>, Option<NaiveDate>) {
    records
        .and_then(|r| r.iter().max_by_key(|c| c.class_no))
        .map_or((None, None), |c| {
            (Some(c.class_no as u8), Some(c.basis_through))
        })
}

/// Who qualifies for the next class on `on`, from the periods ended before it.
pub async fn eligibility(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Eligibility, AppError> {
    let class_rules = rules_on(conn, on).await?;
    let officers = repo::officers_on(conn, on).await?;
    let records = repo::class_records(conn, None).await?;
    let ratings = repo::period_ratings(conn, on).await?;
    let pending = repo::pending_items(conn).await?;
    let mut result = Eligibility {
        on,
        eligible: Vec::new(),
        in_orders: Vec::new(),
        awaiting_appeal: Vec::new(),
    };
    let mut seen = HashSet::new();
    for row in officers {
        if !seen.insert(row.employee_id) {
            continue;
        }
        let (current, since) = standing(records.get(&row.employee_id));
        let periods: Vec<&repo::PeriodRating> = ratings
            .get(&row.employee_id)
            .map(|p| {
                p.iter()
                    .filter(|p| since.is_none_or(|s| p.period_end > s))
                    .collect()
            })
            .unwrap_or_default();
        if periods.iter().any(|p| p.appealed) {
            result.awaiting_appeal.push(row.officer());
            continue;
        }
        let years = rules::years_from_periods(
            &periods
                .iter()
                .map(|p| (p.year, p.rating))
                .collect::<Vec<_>>(),
        );
        let Some(qualification) = rules::qualification(current, &years, &class_rules) else {
            continue;
        };
        match pending.get(&row.employee_id) {
            Some((id, number)) => result.in_orders.push((row.officer(), *id, number.clone())),
            None => result.eligible.push(EligibleOfficer {
                officer: row.officer(),
                current,
                qualification,
            }),
        }
    }
    Ok(result)
}

// ---- Orders -------------------------------------------------------------------------------

/// Number, date and effective date of an order being drafted.
pub struct OrderHeader {
    pub number: String,
    pub order_date: NaiveDate,
    pub effective_date: NaiveDate,
}

impl OrderHeader {
    pub fn parse(number: &str, order_date: &str, effective_date: &str) -> Result<Self, AppError> {
        let number = required_text("number", number)?;
        let order_date = required_date("order_date", order_date)?;
        let effective_date = required_date("effective_date", effective_date)?;
        // An order's effect reaches back at most to the start of the year before.
        let earliest = NaiveDate::from_ymd_opt(order_date.year() - 1, 1, 1).unwrap_or(order_date);
        if effective_date < earliest {
            return Err(AppError::invalid(
                "effective_date",
                Key::ClassEffectiveTooEarly,
            ));
        }
        Ok(OrderHeader {
            number,
            order_date,
            effective_date,
        })
    }
}

/// An officer to put in an order.
pub struct NewItem {
    pub employee_id: i64,
    pub from_class: Option<u8>,
    pub to_class: u8,
    pub basis: ItemBasis,
    pub basis_through: NaiveDate,
    pub old_rank_id: Option<i64>,
}

/// The eligible officers among `picked` (all when None) as order items.
pub async fn promotion_items(
    conn: &mut SqliteConnection,
    on: NaiveDate,
    picked: Option<&[i64]>,
) -> Result<Vec<NewItem>, AppError> {
    let class_rules = rules_on(conn, on).await?;
    let e = eligibility(conn, on).await?;
    let chosen: Vec<NewItem> = e
        .eligible
        .into_iter()
        .filter(|o| picked.is_none_or(|p| p.contains(&o.officer.person.id)))
        .map(|o| {
            let last_year = o
                .qualification
                .years
                .last()
                .map_or(on.year() - 1, |y| y.year);
            NewItem {
                employee_id: o.officer.person.id,
                from_class: o.current,
                to_class: o.qualification.target,
                basis_through: NaiveDate::from_ymd_opt(last_year, 12, 31).unwrap_or(on),
                basis: ItemBasis::Ratings {
                    qualification: o.qualification,
                    rules: class_rules,
                },
                old_rank_id: None,
            }
        })
        .collect();
    if let Some(p) = picked {
        if chosen.len() != p.len() {
            return Err(AppError::invalid("pick", Key::ClassPickNotEligible));
        }
    }
    Ok(chosen)
}

/// Writes a draft order with its items (one transaction with its audit rows).
pub async fn draft_as(
    conn: &mut SqliteConnection,
    actor: Option<&Actor>,
    kind: &str,
    header: &OrderHeader,
    items: &[NewItem],
    at: chrono::DateTime<Utc>,
) -> Result<i64, AppError> {
    if items.is_empty() {
        return Err(AppError::invalid("pick", Key::ClassPickNone));
    }
    let year_from = NaiveDate::from_ymd_opt(header.order_date.year(), 1, 1);
    let year_to = NaiveDate::from_ymd_opt(header.order_date.year(), 12, 31);
    let clash: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM class_orders WHERE number = $1 AND status <> 'cancelled'
           AND order_date >= $2 AND order_date <= $3",
    )
    .bind(&header.number)
    .bind(year_from)
    .bind(year_to)
    .fetch_one(&mut *conn)
    .await?;
    let registered = crate::orders::repo::find_in_year(conn, &header.number, header.order_date)
        .await?
        .is_some();
    // The demo loader (no actor) links orders the registry already holds.
    if clash > 0 || (registered && actor.is_some()) {
        return Err(AppError::invalid("number", Key::ValidationOrderNumberTaken));
    }
    let needs_visa = crate::rules::number(conn, "class.legal_visa", header.order_date).await? == 1;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO class_orders (institution_id, kind, number, order_date, effective_date, status,
             needs_visa, drafted_by, drafted_at)
         VALUES ((SELECT MIN(id) FROM institutions), $1, $2, $3, $4, 'draft', $5, $6, $7) RETURNING id",
    )
    .bind(kind)
    .bind(&header.number)
    .bind(header.order_date)
    .bind(header.effective_date)
    .bind(needs_visa)
    .bind(actor.map(|a| a.user.id))
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    for chunk in items.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO class_order_items (class_order_id, employee_id, from_class, to_class,
                 basis_json, basis_through, old_rank_id) ",
        );
        q.push_values(chunk, |mut b, item| {
            b.push_bind(id)
                .push_bind(item.employee_id)
                .push_bind(item.from_class.map(i64::from))
                .push_bind(item.to_class as i64)
                .push_bind(serde_json::to_string(&item.basis).unwrap_or_default())
                .push_bind(item.basis_through)
                .push_bind(item.old_rank_id);
        });
        q.build().execute(&mut *conn).await?;
    }
    audit_as(
        conn,
        actor,
        "class_order.draft",
        "class_order",
        id,
        None,
        Some(json!({
            "kind": kind, "number": header.number, "order_date": header.order_date,
            "effective_date": header.effective_date, "needs_visa": needs_visa,
            "items": items.iter().map(|i| json!({ "employee_id": i.employee_id, "from": i.from_class, "to": i.to_class })).collect::<Vec<_>>(),
        })),
    )
    .await?;
    Ok(id)
}

pub async fn draft_promotion(
    actor: &Actor,
    header: OrderHeader,
    picked: &[i64],
) -> Result<i64, AppError> {
    if picked.is_empty() {
        return Err(AppError::invalid("pick", Key::ClassPickNone));
    }
    let mut tx = state()?.db.write.begin().await?;
    let items = promotion_items(&mut tx, crate::org::today(), Some(picked)).await?;
    let id = draft_as(
        &mut tx,
        Some(actor),
        "promotion",
        &header,
        &items,
        Utc::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The month whose register first pays an order of `order_date`.
pub async fn first_paid_month(
    conn: &mut SqliteConnection,
    order_date: NaiveDate,
) -> Result<NaiveDate, AppError> {
    let lag = crate::rules::number(conn, "class.first_paid_after_months", order_date).await?;
    Ok(month_of(order_date) + Months::new(lag))
}

pub async fn order_detail(
    db: &SqlitePool,
    actor: &Actor,
    id: i64,
) -> Result<ClassOrderDetail, AppError> {
    let mut conn = db.acquire().await?;
    let row = repo::order(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (needs_visa, visa_by, visa_date, drafted_at, signed_at, cancel_reason): (
        bool,
        Option<String>,
        Option<NaiveDate>,
        String,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT needs_visa, visa_by, visa_date, drafted_at, signed_at, cancel_reason
         FROM class_orders WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let mut items = Vec::new();
    for item in repo::items(&mut conn, id).await? {
        items.push(order_item(&mut conn, item, row.order_date).await?);
    }
    let unsigned = row.status == "draft" || row.status == "visaed";
    let ready = row.status == "visaed" || (row.status == "draft" && !needs_visa);
    Ok(ClassOrderDetail {
        first_paid_month: first_paid_month(&mut conn, row.order_date).await?,
        can_visa: actor.has(Role::Hr) && row.status == "draft" && needs_visa,
        can_sign: actor.has(Role::Mayor) && ready,
        can_cancel: actor.has(Role::Hr) && unsigned,
        row,
        needs_visa,
        visa_by,
        visa_date,
        drafted_at,
        signed_at,
        cancel_reason,
        items,
    })
}

async fn order_item(
    conn: &mut SqliteConnection,
    item: ItemRow,
    on: NaiveDate,
) -> Result<ClassOrderItem, AppError> {
    let officer = repo::officer(conn, item.employee_id, on)
        .await?
        .map(|o| o.officer())
        .ok_or(AppError::NotFound)?;
    Ok(ClassOrderItem {
        officer,
        from_class: item.from_class.map(|c| c as u8),
        to_class: item.to_class as u8,
        basis: serde_json::from_str(&item.basis_json).map_err(AppError::internal)?,
    })
}

async fn status_of(conn: &mut SqliteConnection, id: i64) -> Result<(String, bool), AppError> {
    sqlx::query_as("SELECT status, needs_visa FROM class_orders WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn visa(actor: &Actor, id: i64, visa_by: &str, visa_date: &str) -> Result<(), AppError> {
    let visa_by = required_text("visa_by", visa_by)?;
    let visa_date = required_date("visa_date", visa_date)?;
    let mut tx = state()?.db.write.begin().await?;
    let (status, needs_visa) = status_of(&mut tx, id).await?;
    if status != "draft" || !needs_visa {
        return Err(AppError::Conflict(Key::ClassOrderWrongStatus));
    }
    sqlx::query(
        "UPDATE class_orders SET status = 'visaed', visa_by = $1, visa_date = $2 WHERE id = $3",
    )
    .bind(&visa_by)
    .bind(visa_date)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit_as(
        &mut tx,
        Some(actor),
        "class_order.visa",
        "class_order",
        id,
        Some(json!({ "status": status })),
        Some(json!({ "status": "visaed", "visa_by": visa_by, "visa_date": visa_date })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Signs an order: it enters the registry, every officer's class takes effect from the
/// effective date (never lowering one), one audit row per officer.
pub async fn sign_as(
    conn: &mut SqliteConnection,
    actor: Option<&Actor>,
    id: i64,
    at: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    let row = repo::order(conn, id).await?.ok_or(AppError::NotFound)?;
    let (status, needs_visa) = status_of(conn, id).await?;
    if !(status == "visaed" || (status == "draft" && !needs_visa)) {
        return Err(AppError::Conflict(Key::ClassOrderWrongStatus));
    }
    let items = repo::items(conn, id).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.employee_id).collect();
    let records = repo::class_records(conn, Some(&ids)).await?;
    for item in &items {
        let (current, _) = standing(records.get(&item.employee_id));
        // Another order may have raised the class since the draft.
        if current != item.from_class.map(|c| c as u8)
            || !rules::is_raise(current, item.to_class as u8)
        {
            return Err(AppError::Conflict(Key::ClassOrderStale));
        }
    }
    let title = if row.kind == "equalization" {
        Key::ClassOrderTitleEqualization
    } else {
        Key::ClassOrderTitlePromotion
    }
    .text(Locale::Ka);
    let new_order = crate::orders::repo::NewOrder {
        number: &row.number,
        order_date: row.order_date,
        issuer: crate::orders::Issuer::Mayor,
        order_type: crate::orders::OrderType::Personnel,
        title,
        effective_date: row.effective_date,
    };
    let existing = crate::orders::repo::find_in_year(conn, &row.number, row.order_date).await?;
    let order_id = match (actor, existing) {
        (Some(actor), _) => crate::orders::repo::insert(conn, actor, new_order).await?,
        (None, Some((id, _))) => id,
        (None, None) => crate::orders::repo::insert_unchecked(conn, None, &new_order).await?,
    };
    let first_paid = first_paid_month(conn, row.order_date).await?;
    for chunk in items.chunks(500) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO employee_classes (employee_id, class_no, effective_date, first_paid_month,
                 basis_through, class_order_id, created_at) ",
        );
        q.push_values(chunk, |mut b, item| {
            b.push_bind(item.employee_id)
                .push_bind(item.to_class)
                .push_bind(row.effective_date)
                .push_bind(first_paid)
                .push_bind(item.basis_through)
                .push_bind(id)
                .push_bind(at);
        });
        q.build().execute(&mut *conn).await?;
    }
    sqlx::query(
        "UPDATE class_orders SET status = 'signed', order_id = $1, signed_by = $2, signed_at = $3
         WHERE id = $4",
    )
    .bind(order_id)
    .bind(actor.map(|a| a.user.id))
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    audit_as(
        conn,
        actor,
        "class_order.sign",
        "class_order",
        id,
        Some(json!({ "status": status })),
        Some(json!({ "status": "signed", "order_id": order_id, "first_paid_month": first_paid })),
    )
    .await?;
    let entries: Vec<(String, serde_json::Value)> = items
        .iter()
        .map(|i| {
            (
                i.employee_id.to_string(),
                json!({ "class": i.to_class, "from": i.from_class, "effective_date": row.effective_date,
                        "class_order_id": id, "order": row.number, "first_paid_month": first_paid }),
            )
        })
        .collect();
    record_many(
        conn,
        actor.map(|a| a.user.id),
        actor.map(|a| a.client_addr.as_str()),
        "employee_class.assign",
        "employee",
        &entries,
        at,
    )
    .await?;
    Ok(())
}

pub async fn sign(actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = state()?.db.write.begin().await?;
    sign_as(&mut tx, Some(actor), id, Utc::now()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn cancel(actor: &Actor, id: i64, reason: &str) -> Result<(), AppError> {
    let reason = required_text("reason", reason)?;
    let mut tx = state()?.db.write.begin().await?;
    let (status, _) = status_of(&mut tx, id).await?;
    if status != "draft" && status != "visaed" {
        return Err(AppError::Conflict(Key::ClassOrderWrongStatus));
    }
    sqlx::query(
        "UPDATE class_orders SET status = 'cancelled', cancelled_by = $1, cancelled_at = $2,
             cancel_reason = $3 WHERE id = $4",
    )
    .bind(actor.user.id)
    .bind(Utc::now())
    .bind(&reason)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit_as(
        &mut tx,
        Some(actor),
        "class_order.cancel",
        "class_order",
        id,
        Some(json!({ "status": status })),
        Some(json!({ "status": "cancelled", "reason": reason })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---- Equalization -------------------------------------------------------------------------

pub async fn old_ranks(db: &SqlitePool) -> Result<OldRanks, AppError> {
    let mut conn = db.acquire().await?;
    let today = crate::org::today();
    let titles = repo::titles(&mut conn, today).await?;
    let rows: Vec<(i64, i64, i64, String, NaiveDate, Option<i64>)> = sqlx::query_as(
        "SELECT r.id, r.employee_id, r.old_rank_class, r.proof_number, r.proof_date, r.confirmed_class
         FROM employee_old_ranks r JOIN employees e ON e.id = r.employee_id
         ORDER BY e.last_name_ka, e.first_name_ka",
    )
    .fetch_all(&mut *conn)
    .await?;
    let in_orders: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT i.old_rank_id, o.id, o.number, o.status FROM class_order_items i
         JOIN class_orders o ON o.id = i.class_order_id
         WHERE i.old_rank_id IS NOT NULL AND o.status <> 'cancelled'",
    )
    .fetch_all(&mut *conn)
    .await?;
    let records = repo::class_records(&mut conn, None).await?;
    let mut out = Vec::new();
    let mut ready = 0;
    for (id, employee, old, proof_number, proof_date, confirmed) in rows {
        let order = in_orders
            .iter()
            .find(|o| o.0 == id)
            .map(|o| (o.1, o.2.clone(), o.3.clone()));
        if confirmed.is_some() && order.is_none() {
            ready += 1;
        }
        let officer = repo::officer(&mut conn, employee, today)
            .await?
            .map(|o| o.officer())
            .ok_or(AppError::NotFound)?;
        out.push(OldRankRow {
            id,
            officer,
            old_rank_class: old as u8,
            old_rank: titles
                .iter()
                .find(|t| t.class_no as i64 == old)
                .map(|t| t.old_rank.clone())
                .unwrap_or_else(|| Bilingual::new("", "")),
            proof_number,
            proof_date,
            confirmed: confirmed.map(|c| c as u8),
            current_class: standing(records.get(&employee)).0,
            order,
        });
    }
    Ok(OldRanks {
        rows: out,
        titles,
        ready,
    })
}

pub async fn record_old_rank(actor: &Actor, fields: [String; 4]) -> Result<i64, AppError> {
    let [personal_number, old_rank_class, proof_number, proof_date] = fields;
    let personal_number = personal_number.trim().to_string();
    if crate::domain::personal_number::PersonalNumber::parse(&personal_number).is_err() {
        return Err(AppError::invalid(
            "personal_number",
            Key::ValidationPersonalNumber,
        ));
    }
    let old_rank_class = class_number("old_rank_class", &old_rank_class)?;
    let proof_number = required_text("proof_number", &proof_number)?;
    let proof_date = required_date("proof_date", &proof_date)?;
    if proof_date > crate::org::today() {
        return Err(AppError::invalid("proof_date", Key::ClassProofInFuture));
    }
    let mut tx = state()?.db.write.begin().await?;
    let employee: i64 = sqlx::query_scalar("SELECT id FROM employees WHERE personal_number = $1")
        .bind(&personal_number)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::invalid("personal_number", Key::ClassNoSuchEmployee))?;
    let exists: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM employee_old_ranks WHERE employee_id = $1")
            .bind(employee)
            .fetch_one(&mut *tx)
            .await?;
    if exists > 0 {
        return Err(AppError::invalid(
            "personal_number",
            Key::ClassOldRankExists,
        ));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO employee_old_ranks (employee_id, old_rank_class, proof_number, proof_date,
             recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(employee)
    .bind(old_rank_class as i64)
    .bind(&proof_number)
    .bind(proof_date)
    .bind(actor.user.id)
    .bind(Utc::now())
    .fetch_one(&mut *tx)
    .await?;
    audit_as(
        &mut tx,
        Some(actor),
        "old_rank.record",
        "employee",
        employee,
        None,
        Some(json!({ "old_rank_class": old_rank_class, "proof_number": proof_number, "proof_date": proof_date })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// An old rank row not yet in an order: (employee, proposal, confirmed).
async fn open_old_rank(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<(i64, i64, Option<i64>), AppError> {
    let row: (i64, i64, Option<i64>) = sqlx::query_as(
        "SELECT employee_id, old_rank_class, confirmed_class FROM employee_old_ranks WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let used: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM class_order_items i JOIN class_orders o ON o.id = i.class_order_id
         WHERE i.old_rank_id = $1 AND o.status <> 'cancelled'",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    if used > 0 {
        return Err(AppError::Conflict(Key::ClassOldRankInOrder));
    }
    Ok(row)
}

pub async fn confirm_old_rank(actor: &Actor, id: i64, class_no: &str) -> Result<(), AppError> {
    let class_no = class_number("class_no", class_no)?;
    let mut tx = state()?.db.write.begin().await?;
    let (employee, proposed, before) = open_old_rank(&mut tx, id).await?;
    sqlx::query(
        "UPDATE employee_old_ranks SET confirmed_class = $1, confirmed_by = $2, confirmed_at = $3 WHERE id = $4",
    )
    .bind(class_no as i64)
    .bind(actor.user.id)
    .bind(Utc::now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit_as(
        &mut tx,
        Some(actor),
        "old_rank.confirm",
        "employee",
        employee,
        Some(json!({ "confirmed_class": before })),
        Some(json!({ "confirmed_class": class_no, "proposed": proposed, "as_proposed": proposed == class_no as i64 })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_old_rank(actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = state()?.db.write.begin().await?;
    let (employee, proposed, confirmed) = open_old_rank(&mut tx, id).await?;
    sqlx::query("DELETE FROM employee_old_ranks WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit_as(
        &mut tx,
        Some(actor),
        "old_rank.remove",
        "employee",
        employee,
        Some(json!({ "old_rank_class": proposed, "confirmed_class": confirmed })),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Every confirmed old rank not yet in an order, as items equalizing from `effective`.
pub async fn equalization_items(
    conn: &mut SqliteConnection,
    effective: NaiveDate,
) -> Result<Vec<NewItem>, AppError> {
    let titles = repo::titles(conn, effective).await?;
    let rows: Vec<(i64, i64, i64, String, NaiveDate)> = sqlx::query_as(
        "SELECT r.id, r.employee_id, r.confirmed_class, r.proof_number, r.proof_date
         FROM employee_old_ranks r
         WHERE r.confirmed_class IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM class_order_items i JOIN class_orders o ON o.id = i.class_order_id
             WHERE i.old_rank_id = r.id AND o.status <> 'cancelled')
         ORDER BY r.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let records = repo::class_records(conn, Some(&ids)).await?;
    let mut items = Vec::new();
    for (id, employee, class_no, proof_number, proof_date) in rows {
        let (current, _) = standing(records.get(&employee));
        if !rules::is_raise(current, class_no as u8) {
            continue;
        }
        let old_rank = titles
            .iter()
            .find(|t| t.class_no as i64 == class_no)
            .map(|t| t.old_rank.clone())
            .unwrap_or_else(|| Bilingual::new("", ""));
        items.push(NewItem {
            employee_id: employee,
            from_class: current,
            to_class: class_no as u8,
            basis: ItemBasis::OldRank {
                old_rank,
                proof_number,
                proof_date,
            },
            // Ratings from the equalization on count towards the next class.
            basis_through: effective.pred_opt().unwrap_or(effective),
            old_rank_id: Some(id),
        });
    }
    Ok(items)
}

pub async fn draft_equalization(actor: &Actor, header: OrderHeader) -> Result<i64, AppError> {
    let mut tx = state()?.db.write.begin().await?;
    let items = equalization_items(&mut tx, header.effective_date).await?;
    // The form has no list to point at: say so for the whole form.
    if items.is_empty() {
        return Err(AppError::Conflict(Key::ClassNothingToEqualize));
    }
    let id = draft_as(
        &mut tx,
        Some(actor),
        "equalization",
        &header,
        &items,
        Utc::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

// ---- Pay ----------------------------------------------------------------------------------

/// One officer's data for the register.
struct PayInputs {
    spans: Vec<repo::SpanRow>,
    classes: Vec<ClassChange>,
}

/// The register of `month`: each officer's salary and bonus under the classes known in this
/// register, plus arrears for orders first paid in it; grouped by unit with totals.
pub async fn register(
    db: &SqlitePool,
    month: NaiveDate,
    unit: Option<i64>,
) -> Result<PayRegister, AppError> {
    let month = month_of(month);
    let mut conn = db.acquire().await?;
    let records = repo::class_records(&mut conn, None).await?;
    let earliest = records
        .values()
        .flatten()
        .filter(|r| r.first_paid_month == month)
        .map(|r| month_of(r.effective_date))
        .min()
        .unwrap_or(month)
        .min(month);
    let spans = repo::salary_spans(&mut conn, earliest, month_end(month)).await?;
    let rates = repo::rate_table(&mut conn).await?;
    let unit_names = repo::unit_names(&mut conn).await?;
    let ids: Vec<i64> = spans.keys().copied().collect();
    let people = repo::people(&mut conn, &ids).await?;
    let mut units: BTreeMap<Option<i64>, Vec<RegisterLine>> = BTreeMap::new();
    for (employee, spans) in spans {
        let inputs = PayInputs {
            classes: records
                .get(&employee)
                .map(|r| r.iter().map(|c| c.change()).collect())
                .unwrap_or_default(),
            spans,
        };
        let salary: Vec<pay::SalarySpan> = inputs.spans.iter().map(|s| s.span.clone()).collect();
        let month_pay = pay::month_pay(month, &salary, &inputs.classes, month, &rates);
        let arrears = pay::arrears(month, &salary, &inputs.classes, &rates);
        if month_pay.segments.is_empty() && arrears.is_empty() {
            continue;
        }
        // The position held at the end of the month (or last held).
        let last_day = month_pay.segments.last().map(|s| s.to).unwrap_or(month);
        let held = inputs
            .spans
            .iter()
            .rev()
            .find(|s| s.span.from <= last_day)
            .or(inputs.spans.last());
        let (person, personal_number) = people.get(&employee).cloned().ok_or(AppError::NotFound)?;
        let unit_id = held.and_then(|s| s.unit_id);
        let total =
            month_pay.salary + month_pay.bonus + arrears.iter().map(|a| a.amount).sum::<Decimal>();
        units.entry(unit_id).or_default().push(RegisterLine {
            officer: OfficerRef {
                person,
                position: held.map(|s| s.title.clone()),
                unit: unit_id.and_then(|u| unit_names.get(&u).cloned()),
            },
            personal_number,
            unit_id,
            pay: month_pay,
            arrears,
            total,
        });
    }
    let unit_options: Vec<(i64, Bilingual)> = units
        .keys()
        .flatten()
        .filter_map(|u| unit_names.get(u).map(|n| (*u, n.clone())))
        .collect();
    let mut register = PayRegister {
        month,
        units: Vec::new(),
        totals: RegisterTotals::default(),
        unit_options,
    };
    for (unit_id, mut lines) in units {
        if unit.is_some() && unit != unit_id {
            continue;
        }
        lines.sort_by(|a, b| a.officer.person.name.ka.cmp(&b.officer.person.name.ka));
        let mut totals = RegisterTotals::default();
        for line in &lines {
            totals.add(line);
            register.totals.add(line);
        }
        register.units.push(RegisterUnit {
            unit_id,
            unit: unit_id.and_then(|u| unit_names.get(&u).cloned()),
            lines,
            totals,
        });
    }
    register.units.sort_by(|a, b| {
        a.unit
            .as_ref()
            .map(|u| u.ka.clone())
            .cmp(&b.unit.as_ref().map(|u| u.ka.clone()))
    });
    register.unit_options.sort_by(|a, b| a.1.ka.cmp(&b.1.ka));
    Ok(register)
}

pub async fn reports(db: &SqlitePool, year: Option<i32>) -> Result<ClassReports, AppError> {
    let today = crate::org::today();
    let year = year.unwrap_or(today.year());
    let mut conn = db.acquire().await?;
    let officers = repo::officers_on(&mut conn, today).await?;
    let records = repo::class_records(&mut conn, None).await?;
    let mut per_class = vec![0i64; MAX_CLASS as usize + 1];
    let mut seen = HashSet::new();
    for o in officers {
        if seen.insert(o.employee_id) {
            let current = records
                .get(&o.employee_id)
                .and_then(|r| {
                    r.iter()
                        .filter(|c| c.effective_date <= today)
                        .map(|c| c.class_no)
                        .max()
                })
                .unwrap_or(0);
            per_class[current as usize] += 1;
        }
    }
    let orders_per_year: Vec<(i32, i64, i64)> = sqlx::query_as(
        "SELECT CAST(SUBSTR(o.order_date, 1, 4) AS INTEGER) AS y, COUNT(DISTINCT o.id), COUNT(i.id)
         FROM class_orders o JOIN class_order_items i ON i.class_order_id = o.id
         WHERE o.status = 'signed' GROUP BY y ORDER BY y",
    )
    .fetch_all(&mut *conn)
    .await?;
    drop(conn);
    let mut months = Vec::new();
    for m in 1..=12 {
        let Some(month) = NaiveDate::from_ymd_opt(year, m, 1) else {
            continue;
        };
        if month > month_of(today) {
            break;
        }
        let r = register(db, month, None).await?;
        let arrears: Vec<pay::ArrearsLine> = r
            .units
            .iter()
            .flat_map(|u| u.lines.iter().flat_map(|l| l.arrears.clone()))
            .collect();
        months.push(MonthTotals {
            month,
            officers: r.totals.officers,
            bonus: r.totals.bonus,
            arrears_total: r.totals.arrears,
            arrears: merge_arrears(arrears),
        });
    }
    Ok(ClassReports {
        on: today,
        per_class,
        orders_per_year,
        year,
        months,
    })
}

/// Arrears of many officers summed per month they are for.
fn merge_arrears(lines: Vec<pay::ArrearsLine>) -> Vec<pay::ArrearsLine> {
    let mut by_month: BTreeMap<NaiveDate, Decimal> = BTreeMap::new();
    for l in lines {
        *by_month.entry(l.month).or_default() += l.amount;
    }
    by_month
        .into_iter()
        .map(|(month, amount)| pay::ArrearsLine {
            month,
            class_before: None,
            class_after: None,
            amount,
        })
        .collect()
}

pub async fn employee_classes(
    db: &SqlitePool,
    id: i64,
    with_pay: bool,
) -> Result<EmployeeClasses, AppError> {
    let today = crate::org::today();
    let mut conn = db.acquire().await?;
    let history = repo::history(&mut conn, id).await?;
    let current = history
        .iter()
        .filter(|h| h.effective_date <= today)
        .map(|h| h.class_no)
        .max();
    let this_month = if with_pay {
        let month = month_of(today);
        let spans = repo::salary_spans(&mut conn, month, month_end(month)).await?;
        let rates = repo::rate_table(&mut conn).await?;
        let records = repo::class_records(&mut conn, Some(&[id])).await?;
        let classes: Vec<ClassChange> = records
            .get(&id)
            .map(|r| r.iter().map(|c| c.change()).collect())
            .unwrap_or_default();
        spans.get(&id).map(|s| {
            let salary: Vec<pay::SalarySpan> = s.iter().map(|s| s.span.clone()).collect();
            pay::month_pay(month, &salary, &classes, month, &rates)
        })
    } else {
        None
    };
    Ok(EmployeeClasses {
        current,
        history,
        this_month,
        links: false,
    })
}
