//! Registering orders, and finding the order a personnel change cites. Other features register
//! their orders here (class orders, the evaluation method), so the registry has one door.
use super::repo::{self, NewOrder};
use super::{NewOrderForm, OrderCounts, OrderDetail, OrderFields};
use crate::domain::order::{Issuer, OrderType};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::audit::audit;
use crate::ssr::forms;
use crate::ssr::{Actor, Db};
use chrono::{Datelike, NaiveDate};
use sqlx::SqliteConnection;

/// The annual table for `year` (the latest year with orders when None, else this year).
pub async fn counts(db: &Db, year: Option<i32>, today: NaiveDate) -> Result<OrderCounts, AppError> {
    let years = repo::years(&db.read).await?;
    let year = year
        .or_else(|| years.first().copied())
        .unwrap_or(today.year());
    let mut counts = OrderCounts {
        year,
        years,
        ..Default::default()
    };
    for row in repo::year_counts(&db.read, year).await? {
        match (row.issuer, row.order_type) {
            (Issuer::Deputy, _) => counts.deputy += row.orders,
            (Issuer::Mayor, OrderType::Main) => counts.main += row.orders,
            (Issuer::Mayor, OrderType::LeaveTripOther) => counts.leave_trip_other += row.orders,
            (Issuer::Mayor, OrderType::Personnel) => counts.personnel += row.orders,
        }
    }
    Ok(counts)
}

pub async fn detail(db: &Db, id: i64) -> Result<OrderDetail, AppError> {
    let order = repo::order(&db.read, id).await?.ok_or(AppError::NotFound)?;
    Ok(OrderDetail {
        order,
        effects: repo::effects(&db.read, id).await?,
        unit_events: repo::unit_events(&db.read, id).await?,
    })
}

/// An order to register, checked.
pub struct NewOrderInput {
    pub number: String,
    pub order_date: NaiveDate,
    pub issuer: Issuer,
    pub order_type: OrderType,
    pub title: String,
    pub effective_date: NaiveDate,
}

impl NewOrderInput {
    /// Every field checked, every problem reported at once.
    pub fn parse(form: &NewOrderForm) -> Result<Self, AppError> {
        let mut p = crate::error::Problems::default();
        let number = p.take(forms::required_text("number", &form.number));
        let order_date = p.take(forms::required_date("order_date", &form.order_date));
        let issuer = p.take(forms::choice("issuer", &form.issuer));
        let order_type = p.take(forms::choice("order_type", &form.order_type));
        let title = p.take(forms::required_text("title", &form.title));
        let effective_date = p.take(forms::optional_date("effective_date", &form.effective_date));
        p.finish()?;
        match (
            number,
            order_date,
            issuer,
            order_type,
            title,
            effective_date,
        ) {
            (
                Some(number),
                Some(order_date),
                Some(issuer),
                Some(order_type),
                Some(title),
                Some(effective),
            ) => Ok(NewOrderInput {
                number,
                order_date,
                issuer,
                order_type,
                title,
                effective_date: effective.unwrap_or(order_date),
            }),
            _ => Err(AppError::Conflict(Key::ValidationRequired)),
        }
    }
}

pub async fn create(db: &Db, actor: &Actor, input: NewOrderInput) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let id = register(
        &mut tx,
        actor,
        &NewOrder {
            number: &input.number,
            order_date: input.order_date,
            issuer: input.issuer,
            order_type: input.order_type,
            title: &input.title,
            effective_date: input.effective_date,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Registers an order and audits it, inside the caller's transaction. The number must be new
/// within its year.
pub async fn register(
    conn: &mut SqliteConnection,
    actor: &Actor,
    order: &NewOrder<'_>,
) -> Result<i64, AppError> {
    if repo::find_in_year(conn, order.number, order.order_date)
        .await?
        .is_some()
    {
        return Err(AppError::invalid("number", Key::ValidationOrderNumberTaken));
    }
    let id = repo::insert(conn, Some(actor.user.id), order, actor.at).await?;
    audit(
        conn,
        actor,
        "order.created",
        "order",
        id,
        None,
        Some(serde_json::json!({
            "number": order.number, "order_date": order.order_date, "issuer": order.issuer,
            "order_type": order.order_type, "title": order.title, "effective_date": order.effective_date,
        })),
    )
    .await?;
    Ok(id)
}

/// The order a personnel change is made by: its number and date.
pub struct OrderInput {
    pub number: String,
    pub date: NaiveDate,
    /// None: the workflow's default kind.
    pub order_type: Option<OrderType>,
    pub issuer: Issuer,
}

impl OrderInput {
    /// Every problem of the order's fields at once.
    pub fn parse(fields: &OrderFields) -> Result<Self, AppError> {
        let mut p = crate::error::Problems::default();
        let order_type = match fields.order_type.trim() {
            "" => Some(None),
            code => p.take(
                forms::choice::<OrderType>("order_type", code).and_then(|kind| {
                    if kind.may_change_staff() {
                        Ok(Some(kind))
                    } else {
                        Err(AppError::invalid("order_type", Key::ValidationChoice))
                    }
                }),
            ),
        };
        let issuer = match fields.issuer.trim() {
            "" => Some(Issuer::Mayor),
            code => p.take(forms::choice("issuer", code)),
        };
        let number = p.take(forms::required_text("order_number", &fields.order_number));
        let date = p.take(forms::required_date("order_date", &fields.order_date));
        p.finish()?;
        match (number, date, order_type, issuer) {
            (Some(number), Some(date), Some(order_type), Some(issuer)) => Ok(OrderInput {
                number,
                date,
                order_type,
                issuer,
            }),
            _ => Err(AppError::invalid("order_number", Key::ValidationRequired)),
        }
    }

    /// The registry entry of this order: the one already registered under that number in that
    /// year (it must be a personnel or main order), or a new one of the kind HR picked (by
    /// default `default_type`: main for changes of the structure, personnel for appointments,
    /// ends and movements, as the seed's registry counts them) and its issuer.
    pub async fn resolve(
        &self,
        conn: &mut SqliteConnection,
        actor: &Actor,
        title: &str,
        effective_date: NaiveDate,
        default_type: OrderType,
    ) -> Result<i64, AppError> {
        if let Some(found) = repo::find_in_year(conn, &self.number, self.date).await? {
            if !found.order_type.may_change_staff() {
                return Err(AppError::invalid(
                    "order_number",
                    Key::ValidationOrderNotPersonnel,
                ));
            }
            return Ok(found.id);
        }
        register(
            conn,
            actor,
            &NewOrder {
                number: &self.number,
                order_date: self.date,
                issuer: self.issuer,
                order_type: self.order_type.unwrap_or(default_type),
                title,
                effective_date,
            },
        )
        .await
    }
}
