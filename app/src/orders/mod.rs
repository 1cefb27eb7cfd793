//! The orders registry (ბრძანებების რეესტრი): every individual legal act of the mayor and the
//! deputies, classified by type and issuer as the annual report counts them (DOMAIN.md §6.1).
//! Personnel changes (appointment, dismissal, transfer, reorganization) link to their order.
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::order::{EffectKind, Issuer, OrderType};
use crate::domain::staff::UnitEventType;
use crate::domain::{Bilingual, PersonRef};
use crate::error::AppError;
use crate::page::Page;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub order_date: NaiveDate,
    pub issuer: Issuer,
    pub order_type: OrderType,
    pub title: String,
    pub effective_date: NaiveDate,
}

/// A personnel change made by an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEffect {
    pub assignment_id: i64,
    pub employee: PersonRef,
    pub position: Bilingual,
    pub change: EffectKind,
    pub date: NaiveDate,
}

/// A unit's reorganization step made by an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderUnitEvent {
    pub unit: Bilingual,
    pub event_type: UnitEventType,
    pub effective_date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub order: OrderRow,
    pub effects: Vec<OrderEffect>,
    pub unit_events: Vec<OrderUnitEvent>,
}

/// The annual report's table: mayor's orders by type, and the deputies' orders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCounts {
    pub year: i32,
    pub main: i64,
    pub leave_trip_other: i64,
    pub personnel: i64,
    pub deputy: i64,
    /// Years that have orders, newest first.
    pub years: Vec<i32>,
}

impl OrderCounts {
    pub fn mayor(&self) -> i64 {
        self.main + self.leave_trip_other + self.personnel
    }

    pub fn total(&self) -> i64 {
        self.mayor() + self.deputy
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFilter {
    pub year: Option<i32>,
    pub order_type: Option<OrderType>,
    pub issuer: Option<Issuer>,
    pub q: Option<String>,
    pub page: Option<i64>,
}

/// The order a personnel change is made by, as a form sends it (number and date). Forms of
/// other features include it.
/// Missing fields read as empty, so a form without them is refused at the field, not as
/// unreadable.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrderFields {
    pub order_number: String,
    pub order_date: String,
    /// For an order registered with the change: main or personnel (the workflow's default
    /// when empty) and who issued it (the mayor when empty).
    #[serde(default)]
    pub order_type: String,
    #[serde(default)]
    pub issuer: String,
}

/// The form registering an order without a personnel effect.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrderForm {
    pub number: String,
    pub order_date: String,
    pub issuer: String,
    pub order_type: String,
    pub title: String,
    /// Empty: the order date.
    pub effective_date: String,
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "orders/list")]
pub async fn list_orders(filter: Option<OrderFilter>) -> Result<Page<OrderRow>, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        let filter = filter.unwrap_or_default();
        forms::page(filter.page)?;
        Ok(repo::list(&call.db.read, &filter).await?)
    })
    .await
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "orders/counts")]
pub async fn get_order_counts(year: Option<i32>) -> Result<OrderCounts, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::counts(&call.db, year, call.today()).await
    })
    .await
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "orders/get")]
pub async fn get_order(id: i64) -> Result<OrderDetail, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::detail(&call.db, id).await
    })
    .await
}

/// Access: HR. Registers an order that has no personnel effect in the system (main, leave…).
#[server(prefix = "/api", endpoint = "orders/create")]
pub async fn create_order(#[server(flatten)] form: NewOrderForm) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::NewOrderInput::parse(&form)?;
        let id = service::create(&call.db, &call.actor, input).await?;
        redirect(&format!("/orders/{id}"));
        Ok(id)
    })
    .await
}
