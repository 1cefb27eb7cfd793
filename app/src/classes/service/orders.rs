//! Class orders: drafted by HR for officers who qualify (or with confirmed old ranks), visaed
//! by the legal department, signed by the mayor; a signed order enters the orders registry and
//! its classes take effect. Which step an order allows is `ClassOrderStatus::after`.
use super::super::repo::{self, ItemRow, NewClass, NewClassOrder, NewItem};
use super::super::{ClassOrderDetail, ClassOrderItem, ItemBasis, OrderHeaderForm};
use super::eligibility::{eligibility, standing};
use super::settings::rules_on;
use crate::domain::class::{self as rules, ClassOrderKind, ClassOrderStatus, ClassOrderStep};
use crate::domain::order::{Issuer, OrderType};
use crate::domain::task::{Task, TaskKind};
use crate::domain::Role;
use crate::error::{AppError, Problems};
use crate::i18n::{Key, Locale};
use crate::orders::repo::NewOrder;
use crate::ssr::audit::{audit, audit_many};
use crate::ssr::{forms, Actor, Db};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use sqlx::SqliteConnection;

/// Number, date and effective date of an order being drafted.
pub struct OrderHeader {
    pub number: String,
    pub order_date: NaiveDate,
    pub effective_date: NaiveDate,
}

impl OrderHeader {
    pub fn parse(form: &OrderHeaderForm) -> Result<Self, AppError> {
        let mut problems = Problems::default();
        let number = problems.take(forms::required_text("number", &form.number));
        let order_date = problems.take(forms::required_date("order_date", &form.order_date));
        let effective_date =
            problems.take(forms::required_date("effective_date", &form.effective_date));
        problems.finish()?;
        match (number, order_date, effective_date) {
            (Some(number), Some(order_date), Some(effective_date)) => Ok(OrderHeader {
                number,
                order_date,
                effective_date,
            }),
            _ => Err(AppError::Request),
        }
    }
}

/// An officer to put in an order.
pub struct DraftItem {
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
) -> Result<Vec<DraftItem>, AppError> {
    let class_rules = rules_on(conn, on).await?;
    let e = eligibility(conn, on).await?;
    let chosen: Vec<DraftItem> = e
        .eligible
        .into_iter()
        .filter(|o| picked.is_none_or(|p| p.contains(&o.officer.person.id)))
        .map(|o| {
            let last_year = o
                .qualification
                .years
                .last()
                .map_or(on.year() - 1, |y| y.year);
            DraftItem {
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

/// Writes a draft order with its items, inside the caller's transaction, with its audit row.
pub async fn draft(
    conn: &mut SqliteConnection,
    actor: &Actor,
    kind: ClassOrderKind,
    header: &OrderHeader,
    items: &[DraftItem],
) -> Result<i64, AppError> {
    if items.is_empty() {
        return Err(AppError::invalid("pick", Key::ClassPickNone));
    }
    // A class takes effect only after the years that earned it (DOMAIN §4.3): never on or
    // before the basis of anyone in the order.
    if items
        .iter()
        .any(|i| header.effective_date <= i.basis_through)
    {
        return Err(AppError::invalid(
            "effective_date",
            Key::ClassEffectiveBeforeBasis,
        ));
    }
    let registered = crate::orders::repo::find_in_year(conn, &header.number, header.order_date)
        .await?
        .is_some();
    if registered || repo::number_in_use(conn, &header.number, header.order_date).await? {
        return Err(AppError::invalid("number", Key::ValidationOrderNumberTaken));
    }
    let needs_visa =
        crate::ssr::rules::number(conn, "class.legal_visa", header.order_date).await? == 1;
    let id = repo::insert_order(
        conn,
        NewClassOrder {
            kind,
            number: &header.number,
            order_date: header.order_date,
            effective_date: header.effective_date,
            needs_visa,
            drafted_by: actor.user.id,
            drafted_at: actor.at,
        },
    )
    .await?;
    let stored: Vec<NewItem> = items
        .iter()
        .map(|item| {
            Ok(NewItem {
                employee_id: item.employee_id,
                from_class: item.from_class,
                to_class: item.to_class,
                basis_json: serde_json::to_string(&item.basis).map_err(AppError::internal)?,
                basis_through: item.basis_through,
                old_rank_id: item.old_rank_id,
            })
        })
        .collect::<Result<_, AppError>>()?;
    repo::insert_items(conn, id, &stored).await?;
    audit(
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

/// HR drafts a class order for the officers picked, each still qualifying today.
pub async fn draft_promotion(
    db: &Db,
    actor: &Actor,
    header: OrderHeader,
    picked: &[i64],
) -> Result<i64, AppError> {
    if picked.is_empty() {
        return Err(AppError::invalid("pick", Key::ClassPickNone));
    }
    let mut tx = db.write.begin().await?;
    let items = promotion_items(&mut tx, actor.today(), Some(picked)).await?;
    let id = draft(&mut tx, actor, ClassOrderKind::Promotion, &header, &items).await?;
    tx.commit().await?;
    Ok(id)
}

/// The month whose register first pays an order of `order_date` signed on `signed_on`
/// (`domain::pay::first_paid_month`; the lag is a rule setting).
pub async fn first_paid_month(
    conn: &mut SqliteConnection,
    order_date: NaiveDate,
    signed_on: NaiveDate,
) -> Result<NaiveDate, AppError> {
    let lag = crate::ssr::rules::number(conn, "class.first_paid_after_months", order_date).await?;
    Ok(crate::domain::pay::first_paid_month(
        order_date, signed_on, lag,
    ))
}

pub async fn order_detail(db: &Db, actor: &Actor, id: i64) -> Result<ClassOrderDetail, AppError> {
    let mut conn = db.read.acquire().await?;
    let state = repo::order_state(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = state.row();
    let mut items = Vec::new();
    for item in repo::items(&mut conn, id).await? {
        items.push(order_item(&mut conn, item, row.order_date).await?);
    }
    let allows = |step| row.status.after(step, state.needs_visa).is_some();
    Ok(ClassOrderDetail {
        first_paid_month: first_paid_month(
            &mut conn,
            row.order_date,
            state
                .signed_at
                .map(crate::domain::common::georgia_date)
                .unwrap_or(actor.today()),
        )
        .await?,
        can_visa: actor.has(Role::Hr) && allows(ClassOrderStep::Visa),
        can_sign: actor.has(Role::Mayor) && allows(ClassOrderStep::Sign),
        can_cancel: actor.has(Role::Hr) && allows(ClassOrderStep::Cancel),
        row,
        needs_visa: state.needs_visa,
        visa_by: state.visa_by,
        visa_date: state.visa_date,
        drafted_at: crate::domain::common::stamp(state.drafted_at),
        signed_at: state.signed_at.map(crate::domain::common::stamp),
        cancel_reason: state.cancel_reason,
        items,
        today: actor.today(),
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

/// Loads an order and checks that it allows `step`: the status it moves to.
async fn begin_step(
    conn: &mut SqliteConnection,
    id: i64,
    step: ClassOrderStep,
) -> Result<(repo::OrderState, ClassOrderStatus), AppError> {
    let state = repo::order_state(conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = state
        .row()
        .status
        .after(step, state.needs_visa)
        .ok_or(AppError::Conflict(Key::ClassOrderWrongStatus))?;
    Ok((state, next))
}

/// The legal department's visa on a draft, as HR records it.
pub struct Visa {
    pub by: String,
    pub date: NaiveDate,
}

impl Visa {
    pub fn parse(by: &str, date: &str) -> Result<Self, AppError> {
        let mut problems = Problems::default();
        let by = problems.take(forms::required_text("visa_by", by));
        let date = problems.take(forms::required_date("visa_date", date));
        problems.finish()?;
        by.zip(date)
            .map(|(by, date)| Visa { by, date })
            .ok_or(AppError::Request)
    }
}

pub async fn visa(db: &Db, actor: &Actor, id: i64, visa: Visa) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let (state, next) = begin_step(&mut tx, id, ClassOrderStep::Visa).await?;
    repo::set_visa(&mut tx, id, &visa.by, visa.date).await?;
    audit(
        &mut tx,
        actor,
        "class_order.visa",
        "class_order",
        id,
        Some(json!({ "status": state.row().status })),
        Some(json!({ "status": next, "visa_by": visa.by, "visa_date": visa.date })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The mayor signs: the order enters the registry (as a personnel order of the mayor), every
/// officer's class takes effect from the effective date (never lowering one), one audit row
/// per officer.
pub async fn sign(db: &Db, actor: &Actor, id: i64) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let (state, next) = begin_step(&mut tx, id, ClassOrderStep::Sign).await?;
    let row = state.row();
    let items = repo::items(&mut tx, id).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.employee_id).collect();
    let records = repo::class_records_of(&mut tx, &ids).await?;
    for item in &items {
        let (current, _) = standing(records.get(&item.employee_id));
        // Another order may have raised the class since the draft.
        if current != item.from_class.map(|c| c as u8)
            || !rules::is_raise(current, item.to_class as u8)
        {
            return Err(AppError::Conflict(Key::ClassOrderStale));
        }
    }
    let title = match row.kind {
        ClassOrderKind::Equalization => Key::ClassOrderTitleEqualization,
        ClassOrderKind::Promotion => Key::ClassOrderTitlePromotion,
    }
    .text(Locale::Ka);
    let order_id = crate::orders::service::register(
        &mut tx,
        actor,
        &NewOrder {
            number: &row.number,
            order_date: row.order_date,
            issuer: Issuer::Mayor,
            // Class and equalization orders are main orders (the seed's #2-1/91 is one).
            order_type: OrderType::Main,
            title,
            effective_date: row.effective_date,
        },
    )
    .await?;
    let first_paid = first_paid_month(&mut tx, row.order_date, actor.today()).await?;
    let classes: Vec<NewClass> = items
        .iter()
        .map(|i| NewClass {
            employee_id: i.employee_id,
            class_no: i.to_class,
            basis_through: i.basis_through,
        })
        .collect();
    repo::insert_classes(
        &mut tx,
        id,
        row.effective_date,
        first_paid,
        &classes,
        actor.at,
    )
    .await?;
    repo::set_signed(&mut tx, id, order_id, actor.user.id, actor.at).await?;
    audit(
        &mut tx,
        actor,
        "class_order.sign",
        "class_order",
        id,
        Some(json!({ "status": row.status })),
        Some(json!({ "status": next, "order_id": order_id, "first_paid_month": first_paid })),
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
    audit_many(
        &mut tx,
        actor,
        "employee_class.assign",
        "employee",
        &entries,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// HR cancels an unsigned order; its officers qualify again.
pub async fn cancel(db: &Db, actor: &Actor, id: i64, reason: String) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let (state, next) = begin_step(&mut tx, id, ClassOrderStep::Cancel).await?;
    repo::set_cancelled(&mut tx, id, &reason, actor.user.id, actor.at).await?;
    audit(
        &mut tx,
        actor,
        "class_order.cancel",
        "class_order",
        id,
        Some(json!({ "status": state.row().status })),
        Some(json!({ "status": next, "reason": reason })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The inbox's class-order tasks: HR records the visa, the mayor signs.
pub async fn tasks(db: &Db, actor: &Actor) -> Result<Vec<Task>, AppError> {
    let mut out = Vec::new();
    for order in repo::unsigned_orders(&db.read).await? {
        let can = |step| order.status.after(step, order.needs_visa).is_some();
        let kind = if actor.has(Role::Hr) && can(ClassOrderStep::Visa) {
            TaskKind::ClassVisa
        } else if actor.has(Role::Mayor) && can(ClassOrderStep::Sign) {
            TaskKind::ClassSign
        } else {
            continue;
        };
        out.push(Task {
            kind,
            person: None,
            subject: crate::domain::Bilingual::same(order.number.clone()),
            count: order.officers,
            link: format!("/class-orders/{}", order.id),
            due: None,
            overdue: false,
            reminded: None,
        });
    }
    Ok(out)
}
