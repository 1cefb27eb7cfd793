//! Professional classes I–XII (კლასი) and the class bonus (კლასის დანამატი): the rules and
//! rates as effective-dated data, who qualifies for the next class, class orders (draft →
//! legal visa → the mayor's signature), the equalization of old class ranks and the monthly
//! pay register with arrears.
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::class::{ClassOrderKind, ClassOrderStatus, Qualification};
use crate::domain::pay::{ArrearsLine, MonthPay};
use crate::domain::rule::Certainty;
use crate::domain::{Bilingual, PersonRef};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::prelude::*;
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
    /// The act as a person cites it, with what it says about the value.
    pub source: Bilingual,
    pub certainty: Certainty,
}

/// One effective-dated value with its legal source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleValue {
    pub key: String,
    /// The class for a bonus rate.
    pub class_no: Option<u8>,
    pub value: String,
    pub valid_from: NaiveDate,
    pub source: Bilingual,
    pub certainty: Certainty,
    /// In force today.
    pub current: bool,
    /// Takes effect after today.
    pub future: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassSettings {
    /// The revision the settings forms send back.
    pub revision: i64,
    /// The day the settings were read (new values must start after it).
    pub today: NaiveDate,
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

/// A qualifying officer already in an unsigned order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerInOrder {
    pub officer: OfficerRef,
    pub order: OrderLink,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    pub on: NaiveDate,
    pub eligible: Vec<EligibleOfficer>,
    /// Qualifying officers already in an unsigned order.
    pub in_orders: Vec<OfficerInOrder>,
    /// Officers whose count waits for an appeal decision.
    pub awaiting_appeal: Vec<OfficerRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassOrderRow {
    pub id: i64,
    pub kind: ClassOrderKind,
    pub number: String,
    pub order_date: NaiveDate,
    pub effective_date: NaiveDate,
    pub status: ClassOrderStatus,
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
    /// The day the order was read (the visa form proposes it).
    pub today: NaiveDate,
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
    /// The equalization order that includes it.
    pub order: Option<OrderLink>,
}

/// A class order, for links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLink {
    pub id: i64,
    pub number: String,
    pub status: ClassOrderStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldRanks {
    pub rows: Vec<OldRankRow>,
    pub titles: Vec<ClassTitle>,
    /// Confirmed and not yet in an order.
    pub ready: i64,
    /// The day the list was read (proof dates may not be later).
    pub today: NaiveDate,
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
    /// Units for the filter.
    pub unit_options: Vec<UnitChoice>,
    /// Set when HR closed the month: the register is then as stored and never changes.
    pub closed: Option<RegisterClosure>,
    /// HR may close it: the month has begun, it is open and the month before is closed (or
    /// nothing is closed yet).
    pub can_close: bool,
    /// HR may reopen it: it is closed and the next month is not.
    pub can_reopen: bool,
}

/// Who closed a register, when, under which pay rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterClosure {
    pub by: String,
    pub at: String,
    pub rule_version: String,
}

/// A unit in a filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitChoice {
    pub id: i64,
    pub name: Bilingual,
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
    pub kind: ClassOrderKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmployeeClasses {
    /// The day the classes were read.
    pub on: NaiveDate,
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

/// Signed class orders of a year and the officers they gave a class.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct OrdersInYear {
    pub year: i32,
    pub orders: i64,
    pub officers: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassReports {
    pub on: NaiveDate,
    /// Officers serving today by class; index 0 = no class yet.
    pub per_class: Vec<i64>,
    pub orders_per_year: Vec<OrdersInYear>,
    pub year: i32,
    pub months: Vec<MonthTotals>,
}

// ---- Forms --------------------------------------------------------------------------------

/// A bonus rate for a class from a future date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateForm {
    pub class_no: String,
    /// Percent of the official salary.
    pub rate: String,
    pub valid_from: String,
    /// The legal source in Georgian and English (both required, as for every bilingual text).
    pub legal_source_ka: String,
    pub legal_source_en: String,
    pub certainty: String,
}

/// A class rule's value from a future date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleForm {
    pub key: String,
    pub value: String,
    pub valid_from: String,
    /// The legal source in Georgian and English (both required, as for every bilingual text).
    pub legal_source_ka: String,
    pub legal_source_en: String,
    pub certainty: String,
}

/// A class order's number and dates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderHeaderForm {
    pub number: String,
    pub order_date: String,
    /// The classes take effect from it (it may precede the order).
    pub effective_date: String,
}

/// An officer's old class rank with the order that gave it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OldRankForm {
    pub personal_number: String,
    pub old_rank_class: String,
    pub proof_number: String,
    pub proof_date: String,
}

// ---- Settings -----------------------------------------------------------------------------

/// Access: HR and the mayor. Class titles, bonus rates and promotion rules, past and future.
#[server(prefix = "/api", endpoint = "classes/settings")]
pub async fn get_class_settings() -> Result<ClassSettings, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::settings(&call.db, call.today()).await
    })
    .await
}

/// Access: HR. A new bonus rate for a class from a future date.
#[server(prefix = "/api", endpoint = "classes/rate")]
pub async fn set_class_rate(
    revision: i64,
    #[server(flatten)] form: RateForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::RateInput::parse(&form, call.today())?;
        service::set_rate(&call.db, &call.actor, revision, input).await?;
        redirect("/class-settings");
        Ok(())
    })
    .await
}

/// Access: HR. A new value of a class rule from a future date.
#[server(prefix = "/api", endpoint = "classes/rule")]
pub async fn set_class_rule(
    revision: i64,
    #[server(flatten)] form: RuleForm,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let input = service::RuleInput::parse(&form, call.today())?;
        service::set_rule(&call.db, &call.actor, revision, input).await?;
        redirect("/class-settings");
        Ok(())
    })
    .await
}

// ---- Eligibility and orders ---------------------------------------------------------------

/// Access: HR and the mayor. Officers who qualify for the next class today, with the reason.
#[server(prefix = "/api", endpoint = "classes/eligibility")]
pub async fn get_class_eligibility() -> Result<Eligibility, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        let mut conn = call.db.read.acquire().await?;
        service::eligibility(&mut conn, call.today()).await
    })
    .await
}

/// Access: HR. Drafts a class order for the officers picked (`pick[<employee id>]`); each must
/// still qualify, checked again here.
#[server(prefix = "/api", endpoint = "classes/orders/draft")]
pub async fn draft_class_order(
    #[server(flatten)] header: OrderHeaderForm,
    pick: Option<HashMap<String, String>>,
) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let header = service::OrderHeader::parse(&header)?;
        let picked = forms::ticked_ids(&pick);
        let id = service::draft_promotion(&call.db, &call.actor, header, &picked).await?;
        redirect(&format!("/class-orders/{id}"));
        Ok(id)
    })
    .await
}

/// Access: HR and the mayor. Class orders of a year (all years when none).
#[server(prefix = "/api", endpoint = "classes/orders")]
pub async fn list_class_orders(year: Option<i32>) -> Result<Vec<ClassOrderRow>, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        Ok(repo::orders(&call.db.read, year).await?)
    })
    .await
}

/// Access: HR and the mayor.
#[server(prefix = "/api", endpoint = "classes/order")]
pub async fn get_class_order(id: i64) -> Result<ClassOrderDetail, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::order_detail(&call.db, &call.actor, id).await
    })
    .await
}

/// Access: HR, recording the legal department's visa on a draft.
#[server(prefix = "/api", endpoint = "classes/orders/visa")]
pub async fn visa_class_order(id: i64, visa_by: String, visa_date: String) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let visa = service::Visa::parse(&visa_by, &visa_date)?;
        service::visa(&call.db, &call.actor, id, visa).await?;
        redirect(&format!("/class-orders/{id}"));
        Ok(())
    })
    .await
}

/// Access: the mayor. Signs: the order enters the registry and the classes take effect.
#[server(prefix = "/api", endpoint = "classes/orders/sign")]
pub async fn sign_class_order(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    serve(Access::MAYOR, |call| async move {
        forms::confirmed(&confirm)?;
        service::sign(&call.db, &call.actor, id).await?;
        redirect(&format!("/class-orders/{id}"));
        Ok(())
    })
    .await
}

/// Access: HR. Cancels an unsigned order (its officers qualify again).
#[server(prefix = "/api", endpoint = "classes/orders/cancel")]
pub async fn cancel_class_order(
    id: i64,
    reason: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        let reason = forms::required_text("reason", &reason)?;
        service::cancel(&call.db, &call.actor, id, reason).await?;
        redirect(&format!("/class-orders/{id}"));
        Ok(())
    })
    .await
}

// ---- Equalization -------------------------------------------------------------------------

/// Access: HR and the mayor. Old class ranks recorded for equalization.
#[server(prefix = "/api", endpoint = "classes/old-ranks")]
pub async fn list_old_ranks() -> Result<OldRanks, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::old_ranks(&call.db, call.today()).await
    })
    .await
}

/// Access: HR. Records an officer's old class rank with the order that gave it.
#[server(prefix = "/api", endpoint = "classes/old-ranks/record")]
pub async fn record_old_rank(#[server(flatten)] form: OldRankForm) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let input = service::OldRankInput::parse(&form, call.today())?;
        let id = service::record_old_rank(&call.db, &call.actor, input).await?;
        redirect("/equalization");
        Ok(id)
    })
    .await
}

/// Access: HR. Confirms the class proposed for an old rank (or another, with the reason in
/// the audit row).
#[server(prefix = "/api", endpoint = "classes/old-ranks/confirm")]
pub async fn confirm_old_rank(id: i64, class_no: String) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let class_no = service::class_number("class_no", &class_no)?;
        service::confirm_old_rank(&call.db, &call.actor, id, class_no).await?;
        redirect("/equalization");
        Ok(())
    })
    .await
}

/// Access: HR. Removes an old rank not yet in an order.
#[server(prefix = "/api", endpoint = "classes/old-ranks/remove")]
pub async fn remove_old_rank(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        forms::confirmed(&confirm)?;
        service::remove_old_rank(&call.db, &call.actor, id).await?;
        redirect("/equalization");
        Ok(())
    })
    .await
}

/// Access: HR. One order equalizing every confirmed old rank not yet in an order.
#[server(prefix = "/api", endpoint = "classes/equalization/draft")]
pub async fn draft_equalization_order(
    #[server(flatten)] header: OrderHeaderForm,
) -> Result<i64, AppError> {
    serve(Access::HR, |call| async move {
        let header = service::OrderHeader::parse(&header)?;
        let id = service::draft_equalization(&call.db, &call.actor, header).await?;
        redirect(&format!("/class-orders/{id}"));
        Ok(id)
    })
    .await
}

// ---- Pay ----------------------------------------------------------------------------------

/// Access: HR and the mayor. The register of a month (`YYYY-MM`; this month when none).
#[server(prefix = "/api", endpoint = "classes/register")]
pub async fn get_pay_register(
    month: Option<String>,
    unit: Option<i64>,
) -> Result<PayRegister, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        let month = service::parse_month(month)?
            .unwrap_or_else(|| crate::domain::pay::month_of(call.today()));
        let register = service::register_for(&call.db, &call.actor, month, unit).await?;
        let filter = serde_json::json!({ "unit": unit });
        crate::ssr::audit::log_read(
            &call.db,
            &call.actor,
            "pay_register.read",
            "pay_register",
            month,
            Some(filter),
        )
        .await?;
        Ok(register)
    })
    .await
}

/// Access: HR. Closes a month's register once it is paid (a deliberate confirmation): its
/// lines are stored and never change; what becomes due for it later is paid as arrears in the
/// first open register.
#[server(prefix = "/api", endpoint = "classes/register/close")]
pub async fn close_pay_register(month: String, confirm: Option<String>) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        crate::ssr::forms::confirmed(&confirm)?;
        let month = service::parse_month(Some(month))?
            .ok_or_else(|| AppError::invalid("month", crate::i18n::Key::ValidationRequired))?;
        service::close_register(&call.db, &call.actor, month).await?;
        redirect(&format!("/pay-register?month={}", month.format("%Y-%m")));
        Ok(())
    })
    .await
}

/// Access: HR. Reopens a closed register, with a reason, while no later one is closed.
#[server(prefix = "/api", endpoint = "classes/register/reopen")]
pub async fn reopen_pay_register(
    month: String,
    reason: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    serve(Access::HR, |call| async move {
        let month = service::parse_month(Some(month))?
            .ok_or_else(|| AppError::invalid("month", crate::i18n::Key::ValidationRequired))?;
        let reason = crate::ssr::forms::long_text("reason", &reason)?;
        crate::ssr::forms::confirmed(&confirm)?;
        service::reopen_register(&call.db, &call.actor, month, &reason).await?;
        redirect(&format!("/pay-register?month={}", month.format("%Y-%m")));
        Ok(())
    })
    .await
}

/// Access: HR and the mayor. Officers per class, orders per year, bonus per month.
#[server(prefix = "/api", endpoint = "classes/reports")]
pub async fn get_class_reports(year: Option<i32>) -> Result<ClassReports, AppError> {
    serve(Access::OVERSIGHT, |call| async move {
        service::reports(&call.db, year, call.today()).await
    })
    .await
}

/// Access: whoever may read the personal file; the amounts only for the officer, HR and the
/// mayor.
#[server(prefix = "/api", endpoint = "classes/employee")]
pub async fn get_employee_classes(id: i64) -> Result<EmployeeClasses, AppError> {
    serve(Access::SignedIn, |call| async move {
        let scope = crate::org::service::people_scope(&call.db, &call.actor).await?;
        let pay = scope.open_file(id)?;
        let mut classes = service::employee_classes(&call.db, id, pay, call.today()).await?;
        classes.links = crate::org::service::sees_all_salaries(&call.actor);
        if call.actor.user.employee_id != Some(id) {
            crate::ssr::audit::log_read(
                &call.db,
                &call.actor,
                "employee_classes.read",
                "employee",
                id,
                None,
            )
            .await?;
        }
        Ok(classes)
    })
    .await
}
