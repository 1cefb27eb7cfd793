//! The orders registry (ბრძანებების რეესტრი): every individual legal act of the mayor and the
//! deputies, classified by type and issuer as the annual report counts them (DOMAIN.md §6.1).
//! Personnel changes (appointment, dismissal, transfer, reorganization) link to their order.
#[cfg(feature = "ssr")]
pub mod repo;

use crate::error::AppError;
use crate::org::PersonRef;
use crate::page::Page;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How the annual report classifies an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderType {
    /// "Main" (ძირითადი) orders.
    Main,
    /// Leave, business trips and other.
    LeaveTripOther,
    /// Appointment, dismissal, transfer (დანიშვნა, გათავისუფლება, გადაადგილება).
    Personnel,
}

impl OrderType {
    pub const ALL: [OrderType; 3] = [
        OrderType::Main,
        OrderType::LeaveTripOther,
        OrderType::Personnel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderType::Main => "main",
            OrderType::LeaveTripOther => "leave_trip_other",
            OrderType::Personnel => "personnel",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// Who signed the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Issuer {
    Mayor,
    Deputy,
}

impl Issuer {
    pub const ALL: [Issuer; 2] = [Issuer::Mayor, Issuer::Deputy];

    pub fn code(self) -> &'static str {
        match self {
            Issuer::Mayor => "mayor",
            Issuer::Deputy => "deputy",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: i64,
    pub number: String,
    pub order_date: NaiveDate,
    pub issuer: String,
    pub order_type: String,
    pub title: String,
    pub effective_date: NaiveDate,
}

/// A personnel change made by an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEffect {
    pub assignment_id: i64,
    pub employee: PersonRef,
    pub position: crate::org::Bilingual,
    /// "start" (appointment) or "end" (dismissal, transfer out).
    pub change: String,
    pub date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub order: OrderRow,
    pub effects: Vec<OrderEffect>,
    pub unit_events: Vec<(crate::org::Bilingual, String, NaiveDate)>,
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
    pub order_type: Option<String>,
    pub issuer: Option<String>,
    pub q: Option<String>,
    pub page: Option<i64>,
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "orders/list")]
pub async fn list_orders(
    year: Option<i32>,
    order_type: Option<String>,
    issuer: Option<String>,
    q: Option<String>,
    page: Option<i64>,
) -> Result<Page<OrderRow>, AppError> {
    crate::ssr::respond(
        async move {
            let filter = OrderFilter {
                year,
                order_type,
                issuer,
                q,
                page,
            };
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            Ok(repo::list(&state()?.db.read, &filter).await?)
        }
        .await,
    )
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "orders/counts")]
pub async fn get_order_counts(year: Option<i32>) -> Result<OrderCounts, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            Ok(repo::counts(&state()?.db.read, year).await?)
        }
        .await,
    )
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "orders/get")]
pub async fn get_order(id: i64) -> Result<OrderDetail, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            repo::detail(&state()?.db.read, id)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Access: HR. Registers an order that has no personnel effect in the system (main, leave…).
#[server(prefix = "/api", endpoint = "orders/create")]
pub async fn create_order(
    number: String,
    order_date: String,
    issuer: String,
    order_type: String,
    title: String,
    effective_date: String,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::i18n::Key;
            use crate::org::service::{required_date, required_text};
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let number = required_text("number", &number)?;
            let order_date = required_date("order_date", &order_date)?;
            let issuer = Issuer::parse(issuer.trim())
                .ok_or_else(|| AppError::invalid("issuer", Key::ValidationChoice))?;
            let order_type = OrderType::parse(order_type.trim())
                .ok_or_else(|| AppError::invalid("order_type", Key::ValidationChoice))?;
            let title = required_text("title", &title)?;
            let effective_date = if effective_date.trim().is_empty() {
                order_date
            } else {
                required_date("effective_date", &effective_date)?
            };
            let state = crate::ssr::state()?;
            let mut tx = state.db.write.begin().await?;
            let new = repo::NewOrder {
                number: &number,
                order_date,
                issuer,
                order_type,
                title: &title,
                effective_date,
            };
            let id = repo::insert(&mut tx, &actor, new).await?;
            tx.commit().await?;
            leptos_axum::redirect(&format!("/orders/{id}"));
            Ok(id)
        }
        .await,
    )
}
