//! Professional classes I–XII (კლასი) and the class bonus (კლასის დანამატი): the rules and
//! rates as effective-dated data, who qualifies for the next class, class orders (draft →
//! legal visa → the mayor's signature), the equalization of old class ranks and the monthly
//! pay register with arrears.
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::class::Qualification;
use crate::domain::pay::{ArrearsLine, MonthPay};
use crate::error::AppError;
use crate::org::{Bilingual, PersonRef};
use chrono::NaiveDate;
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A class with the old class rank it equalizes (§5.2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassTitle {
    pub class_no: u8,
    pub name: Bilingual,
    pub old_rank: Bilingual,
    pub source: String,
    pub certainty: String,
}

/// One effective-dated value with its legal source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleValue {
    pub key: String,
    /// The class for a bonus rate.
    pub class_no: Option<u8>,
    pub value: String,
    pub valid_from: NaiveDate,
    pub source: String,
    pub certainty: String,
    /// In force today (otherwise past or future).
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSettings {
    pub titles: Vec<ClassTitle>,
    /// Every rate row, by class then date.
    pub rates: Vec<RuleValue>,
    /// Every `class.*` rule row, by key then date.
    pub rules: Vec<RuleValue>,
}

/// An officer and where they serve today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerRef {
    pub person: PersonRef,
    pub position: Option<Bilingual>,
    pub unit: Option<Bilingual>,
}

/// An officer who qualifies for the next class, with the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibleOfficer {
    pub officer: OfficerRef,
    pub current: Option<u8>,
    pub qualification: Qualification,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    pub on: NaiveDate,
    pub eligible: Vec<EligibleOfficer>,
    /// Qualifying officers already in an unsigned order: (officer, order id, number).
    pub in_orders: Vec<(OfficerRef, i64, String)>,
    /// Officers whose count waits for an appeal decision.
    pub awaiting_appeal: Vec<OfficerRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassOrderRow {
    pub id: i64,
    /// promotion | equalization
    pub kind: String,
    pub number: String,
    pub order_date: NaiveDate,
    pub effective_date: NaiveDate,
    /// draft | visaed | signed | cancelled
    pub status: String,
    pub officers: i64,
    /// The registry entry, once signed.
    pub order_id: Option<i64>,
}

/// Why an officer is in an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemBasis {
    Ratings {
        qualification: Qualification,
        rules: crate::domain::class::ClassRules,
    },
    OldRank {
        old_rank: Bilingual,
        proof_number: String,
        proof_date: NaiveDate,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassOrderItem {
    pub officer: OfficerRef,
    pub from_class: Option<u8>,
    pub to_class: u8,
    pub basis: ItemBasis,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassOrderDetail {
    pub row: ClassOrderRow,
    pub needs_visa: bool,
    pub visa_by: Option<String>,
    pub visa_date: Option<NaiveDate>,
    pub drafted_at: String,
    pub signed_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub first_paid_month: NaiveDate,
    pub items: Vec<ClassOrderItem>,
    pub can_visa: bool,
    pub can_sign: bool,
    pub can_cancel: bool,
}

/// An old class rank recorded for equalization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldRankRow {
    pub id: i64,
    pub officer: OfficerRef,
    pub old_rank_class: u8,
    pub old_rank: Bilingual,
    pub proof_number: String,
    pub proof_date: NaiveDate,
    pub confirmed: Option<u8>,
    pub current_class: Option<u8>,
    /// The equalization order that includes it: (id, number, status).
    pub order: Option<(i64, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldRanks {
    pub rows: Vec<OldRankRow>,
    pub titles: Vec<ClassTitle>,
    /// Confirmed and not yet in an order.
    pub ready: i64,
}

/// One officer's line of the pay register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterLine {
    pub officer: OfficerRef,
    pub personal_number: String,
    pub unit_id: Option<i64>,
    pub pay: MonthPay,
    pub arrears: Vec<ArrearsLine>,
    pub total: Decimal,
}

impl RegisterLine {
    pub fn arrears_total(&self) -> Decimal {
        self.arrears.iter().map(|a| a.amount).sum()
    }
}

/// Sums of a group of register lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterTotals {
    pub officers: i64,
    pub salary: Decimal,
    pub bonus: Decimal,
    pub arrears: Decimal,
    pub total: Decimal,
}

impl RegisterTotals {
    pub fn add(&mut self, line: &RegisterLine) {
        self.officers += 1;
        self.salary += line.pay.salary;
        self.bonus += line.pay.bonus;
        self.arrears += line.arrears_total();
        self.total += line.total;
    }
}

/// The lines of one unit and their totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterUnit {
    pub unit_id: Option<i64>,
    pub unit: Option<Bilingual>,
    pub lines: Vec<RegisterLine>,
    pub totals: RegisterTotals,
}

/// The monthly register of official salaries and class bonuses (gross).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayRegister {
    pub month: NaiveDate,
    pub units: Vec<RegisterUnit>,
    pub totals: RegisterTotals,
    /// Units for the filter: (id, name).
    pub unit_options: Vec<(i64, Bilingual)>,
}

/// A class in an officer's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassHistoryRow {
    pub class_no: u8,
    pub effective_date: NaiveDate,
    pub first_paid_month: NaiveDate,
    pub class_order_id: i64,
    pub order_number: String,
    pub order_date: NaiveDate,
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeClasses {
    pub current: Option<u8>,
    pub history: Vec<ClassHistoryRow>,
    /// This month's pay (only for the officer themself, HR and the mayor).
    pub this_month: Option<MonthPay>,
    /// HR and the mayor may open the orders.
    pub links: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthTotals {
    pub month: NaiveDate,
    pub officers: i64,
    pub bonus: Decimal,
    pub arrears: Vec<ArrearsLine>,
    pub arrears_total: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassReports {
    pub on: NaiveDate,
    /// Officers serving today by class; index 0 = no class yet.
    pub per_class: Vec<i64>,
    /// (year, signed orders, officers given a class).
    pub orders_per_year: Vec<(i32, i64, i64)>,
    pub year: i32,
    pub months: Vec<MonthTotals>,
}

#[cfg(feature = "ssr")]
fn parse_month(text: Option<String>) -> Result<Option<NaiveDate>, AppError> {
    match text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&t, "%Y-%m-%d"))
            .map(|d| Some(crate::domain::pay::month_of(d)))
            .map_err(|_| AppError::invalid("month", crate::i18n::Key::ValidationDate)),
    }
}

// ---- Settings -----------------------------------------------------------------------------

/// Access: HR and the mayor. Class titles, bonus rates and promotion rules, past and future.
#[server(prefix = "/api", endpoint = "classes/settings")]
pub async fn get_class_settings() -> Result<ClassSettings, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            service::settings(&state()?.db.read).await
        }
        .await,
    )
}

/// Access: HR. A new bonus rate for a class from a future date.
#[server(prefix = "/api", endpoint = "classes/rate")]
pub async fn set_class_rate(
    class_no: String,
    rate: String,
    valid_from: String,
    legal_source: String,
    certainty: String,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::set_rate(
                &actor,
                [class_no, rate, valid_from, legal_source, certainty],
            )
            .await?;
            leptos_axum::redirect("/class-settings");
            Ok(())
        }
        .await,
    )
}

/// Access: HR. A new value of a class rule from a future date.
#[server(prefix = "/api", endpoint = "classes/rule")]
pub async fn set_class_rule(
    key: String,
    value: String,
    valid_from: String,
    legal_source: String,
    certainty: String,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::set_rule(&actor, [key, value, valid_from, legal_source, certainty]).await?;
            leptos_axum::redirect("/class-settings");
            Ok(())
        }
        .await,
    )
}

// ---- Eligibility and orders ---------------------------------------------------------------

/// Access: HR and the mayor. Officers who qualify for the next class today, with the reason.
#[server(prefix = "/api", endpoint = "classes/eligibility")]
pub async fn get_class_eligibility() -> Result<Eligibility, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            let mut conn = state()?.db.read.acquire().await?;
            service::eligibility(&mut conn, crate::org::today()).await
        }
        .await,
    )
}

/// Access: HR. Drafts a class order for the officers picked (`pick[<employee id>]`); each must
/// still qualify, checked again here.
#[server(prefix = "/api", endpoint = "classes/orders/draft")]
pub async fn draft_class_order(
    number: String,
    order_date: String,
    effective_date: String,
    pick: Option<HashMap<String, String>>,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let picked: Vec<i64> = pick
                .unwrap_or_default()
                .keys()
                .filter_map(|k| k.parse().ok())
                .collect();
            let header = service::OrderHeader::parse(&number, &order_date, &effective_date)?;
            let id = service::draft_promotion(&actor, header, &picked).await?;
            leptos_axum::redirect(&format!("/class-orders/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// Access: HR and the mayor. Class orders of a year (all years when none).
#[server(prefix = "/api", endpoint = "classes/orders")]
pub async fn list_class_orders(year: Option<i32>) -> Result<Vec<ClassOrderRow>, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            Ok(repo::orders(&state()?.db.read, year).await?)
        }
        .await,
    )
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "classes/order")]
pub async fn get_class_order(id: i64) -> Result<ClassOrderDetail, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            let actor = require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            service::order_detail(&state()?.db.read, &actor, id).await
        }
        .await,
    )
}

/// Access: HR, recording the legal department's visa on a draft.
#[server(prefix = "/api", endpoint = "classes/orders/visa")]
pub async fn visa_class_order(id: i64, visa_by: String, visa_date: String) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::visa(&actor, id, &visa_by, &visa_date).await?;
            leptos_axum::redirect(&format!("/class-orders/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: the mayor. Signs: the order enters the registry and the classes take effect.
#[server(prefix = "/api", endpoint = "classes/orders/sign")]
pub async fn sign_class_order(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Mayor])).await?;
            crate::org::service::confirmed(&confirm)?;
            service::sign(&actor, id).await?;
            leptos_axum::redirect(&format!("/class-orders/{id}"));
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Cancels an unsigned order (its officers qualify again).
#[server(prefix = "/api", endpoint = "classes/orders/cancel")]
pub async fn cancel_class_order(
    id: i64,
    reason: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            crate::org::service::confirmed(&confirm)?;
            service::cancel(&actor, id, &reason).await?;
            leptos_axum::redirect(&format!("/class-orders/{id}"));
            Ok(())
        }
        .await,
    )
}

// ---- Equalization -------------------------------------------------------------------------

/// Access: HR and the mayor. Old class ranks recorded for equalization.
#[server(prefix = "/api", endpoint = "classes/old-ranks")]
pub async fn list_old_ranks() -> Result<OldRanks, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            service::old_ranks(&state()?.db.read).await
        }
        .await,
    )
}

/// Access: HR. Records an officer's old class rank with the order that gave it.
#[server(prefix = "/api", endpoint = "classes/old-ranks/record")]
pub async fn record_old_rank(
    personal_number: String,
    old_rank_class: String,
    proof_number: String,
    proof_date: String,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let id = service::record_old_rank(
                &actor,
                [personal_number, old_rank_class, proof_number, proof_date],
            )
            .await?;
            leptos_axum::redirect("/equalization");
            Ok(id)
        }
        .await,
    )
}

/// Access: HR. Confirms the class proposed for an old rank (or another, with the reason in
/// the audit row).
#[server(prefix = "/api", endpoint = "classes/old-ranks/confirm")]
pub async fn confirm_old_rank(id: i64, class_no: String) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            service::confirm_old_rank(&actor, id, &class_no).await?;
            leptos_axum::redirect("/equalization");
            Ok(())
        }
        .await,
    )
}

/// Access: HR. Removes an old rank not yet in an order.
#[server(prefix = "/api", endpoint = "classes/old-ranks/remove")]
pub async fn remove_old_rank(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            crate::org::service::confirmed(&confirm)?;
            service::remove_old_rank(&actor, id).await?;
            leptos_axum::redirect("/equalization");
            Ok(())
        }
        .await,
    )
}

/// Access: HR. One order equalizing every confirmed old rank not yet in an order.
#[server(prefix = "/api", endpoint = "classes/equalization/draft")]
pub async fn draft_equalization_order(
    number: String,
    order_date: String,
    effective_date: String,
) -> Result<i64, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, Access};
            let actor = require(Access::AnyOf(&[Role::Hr])).await?;
            let header = service::OrderHeader::parse(&number, &order_date, &effective_date)?;
            let id = service::draft_equalization(&actor, header).await?;
            leptos_axum::redirect(&format!("/class-orders/{id}"));
            Ok(id)
        }
        .await,
    )
}

// ---- Pay ----------------------------------------------------------------------------------

/// Access: HR and the mayor. The register of a month (`YYYY-MM`; this month when none).
#[server(prefix = "/api", endpoint = "classes/register")]
pub async fn get_pay_register(
    month: Option<String>,
    unit: Option<i64>,
) -> Result<PayRegister, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            let month = parse_month(month)?
                .unwrap_or_else(|| crate::domain::pay::month_of(crate::org::today()));
            service::register(&state()?.db.read, month, unit).await
        }
        .await,
    )
}

/// Access: HR and the mayor. Officers per class, orders per year, bonus per month.
#[server(prefix = "/api", endpoint = "classes/reports")]
pub async fn get_class_reports(year: Option<i32>) -> Result<ClassReports, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, state, Access};
            require(Access::AnyOf(&[Role::Hr, Role::Mayor])).await?;
            service::reports(&state()?.db.read, year).await
        }
        .await,
    )
}

/// Access: whoever may read the personal file; the amounts only for the officer, HR and the
/// mayor.
#[server(prefix = "/api", endpoint = "classes/employee")]
pub async fn get_employee_classes(id: i64) -> Result<EmployeeClasses, AppError> {
    crate::ssr::respond(
        async move {
            use crate::domain::Role;
            use crate::ssr::{require, scope, state, Access};
            let actor = require(Access::SignedIn).await?;
            let db = state()?.db.read;
            let scope = scope::people_scope(&actor, &db).await?;
            let pay = scope.open_file(id)?;
            let mut classes = service::employee_classes(&db, id, pay).await?;
            classes.links = actor.has(Role::Hr) || actor.has(Role::Mayor);
            Ok(classes)
        }
        .await,
    )
}
