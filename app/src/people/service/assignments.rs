//! Appointments and their ends, each made by an order.
use super::super::repo;
use super::super::{AppointForm, EndAssignmentForm};
use crate::domain::order::OrderType;
use crate::domain::staff::{AssignmentBasis, EmploymentType};
use crate::domain::structure::{
    acting_needs_reason, check_new_assignment, AssignmentProblem, ExistingAssignment,
};
use crate::error::AppError;
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::org::repo::{self as org, NewAssignment};
use crate::ssr::audit::audit;
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;

fn assignment_error(problem: AssignmentProblem) -> AppError {
    match problem {
        AssignmentProblem::PositionOccupied => {
            AppError::invalid("position_id", Key::ValidationPositionOccupied)
        }
        AssignmentProblem::ActingTooLong => {
            AppError::invalid("end_date", Key::ValidationActingTooLong)
        }
        AssignmentProblem::ActingNeedsEnd => {
            AppError::invalid("end_date", Key::ValidationActingNeedsEnd)
        }
        AssignmentProblem::EndBeforeStart => {
            AppError::invalid("end_date", Key::ValidationAfterStart)
        }
    }
}

pub struct AppointInput {
    pub position_id: i64,
    pub basis: AssignmentBasis,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub acting_reason: Option<String>,
    pub order: OrderInput,
}

impl AppointInput {
    pub fn parse(form: &AppointForm) -> Result<Self, AppError> {
        Ok(AppointInput {
            position_id: forms::required_id("position_id", &form.position_id)?,
            basis: forms::choice("basis", &form.basis)?,
            start: forms::required_date("start_date", &form.start_date)?,
            end: forms::optional_date("end_date", &form.end_date)?,
            acting_reason: forms::optional_long_text("acting_reason", &form.acting_reason)?,
            order: OrderInput::parse(&form.order)?,
        })
    }
}

pub async fn appoint(
    db: &Db,
    actor: &Actor,
    employee_id: i64,
    input: AppointInput,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let id = appoint_in(&mut tx, actor, employee_id, input).await?;
    tx.commit().await?;
    Ok(id)
}

/// Appoints inside the caller's transaction (a competition's appointment order does more in
/// the same one): the age and the position's terms checked, the order registered, a transfer's
/// previous position ended.
pub async fn appoint_in(
    tx: &mut sqlx::SqliteConnection,
    actor: &Actor,
    employee_id: i64,
    input: AppointInput,
) -> Result<i64, AppError> {
    let AppointInput {
        position_id,
        basis,
        start,
        end,
        acting_reason,
        order,
    } = input;
    let employee = repo::employee(&mut *tx, employee_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let position = org::position_span(tx, position_id)
        .await?
        .ok_or_else(|| AppError::invalid("position_id", Key::ValidationChoice))?;
    if start < position.valid_from || position.valid_to.is_some_and(|to| start > to) {
        return Err(AppError::invalid(
            "start_date",
            Key::ValidationPositionNotInEffect,
        ));
    }
    let terms = org::terms_on(tx, position_id, start).await?;
    let officer = terms.is_some_and(|t| t.employment_type == EmploymentType::Officer);
    if officer {
        // An officer is at least 18 on the day the appointment starts (CSB-REC; seed 004
        // art. 19(1)); the age is a rule setting by date.
        let min_age = crate::ssr::rules::number(tx, "appointment.officer_min_age", start).await?;
        if start.years_since(employee.birth_date).unwrap_or(0) < min_age {
            return Err(AppError::invalid(
                "start_date",
                Key::ValidationOfficerTooYoung,
            ));
        }
        // A dismissal for a disciplinary offence bars a new appointment for a while (CSB-REC).
        if crate::discipline::service::dismissal_bars(tx, employee_id, start).await? {
            return Err(AppError::invalid(
                "start_date",
                Key::DisciplineDismissalBars,
            ));
        }
    }
    let existing: Vec<ExistingAssignment> = org::position_assignments(tx, position_id)
        .await?
        .into_iter()
        .map(|a| ExistingAssignment {
            start: a.start_date,
            end: a.end_date,
            acting: a.basis == AssignmentBasis::Acting,
        })
        .collect();
    // The acting limit in force on the start date (rules as data).
    let max_acting = crate::ssr::rules::number(tx, "acting.max_months", start).await?;
    check_new_assignment(
        &existing,
        start,
        end,
        basis == AssignmentBasis::Acting,
        max_acting,
    )
    .map_err(assignment_error)?;
    let acting = basis == AssignmentBasis::Acting;
    if acting && acting_reason.is_none() {
        let target = org::position_place(tx, position_id).await?;
        let mut own = Vec::new();
        for held in org::own_positions_on(tx, employee_id, start).await? {
            own.extend(org::position_place(tx, held).await?);
        }
        if acting_needs_reason(target, &own) {
            return Err(AppError::invalid(
                "acting_reason",
                Key::ValidationActingOtherService,
            ));
        }
    }
    let acting_reason = acting_reason.filter(|_| acting);
    let order_title = format!(
        "{} {} — {}",
        employee.first_name_ka, employee.last_name_ka, position.title_ka
    );
    let order_id = order
        .resolve(tx, actor, &order_title, start, OrderType::Personnel)
        .await?;
    if basis != AssignmentBasis::Acting {
        // A transfer or promotion: the same order ends the position the person holds, the day
        // before the new one starts (acting is on top of one's own position and ends nothing).
        let last_day = start.pred_opt().unwrap_or(start);
        for previous in org::own_positions_running_on(tx, employee_id, start).await? {
            org::close_assignment(tx, previous.id, last_day, basis.code(), order_id).await?;
            audit(
                &mut *tx,
                actor,
                "assignment.ended",
                "assignment",
                previous.id,
                Some(json!({"end_date": previous.end_date})),
                Some(json!({"end_date": last_day, "end_reason": basis, "end_order_id": order_id})),
            )
            .await?;
        }
    }
    let id = org::insert_assignment(
        &mut *tx,
        NewAssignment {
            employee_id,
            position_id,
            start,
            end,
            basis,
            order_id: Some(order_id),
            acting_reason: acting_reason.clone(),
        },
    )
    .await?;
    let after = json!({"employee_id": employee_id, "position_id": position_id, "start_date": start,
        "end_date": end, "basis": basis, "order_id": order_id, "acting_reason": acting_reason});
    audit(
        &mut *tx,
        actor,
        "assignment.created",
        "assignment",
        id,
        None,
        Some(after),
    )
    .await?;
    // A first appointment as an officer by competition starts a probation (DOMAIN §3.4).
    crate::probation::service::start_on_appointment(
        tx,
        actor,
        employee_id,
        id,
        start,
        basis == AssignmentBasis::Competition,
        officer,
    )
    .await?;
    Ok(id)
}

pub struct EndAssignmentInput {
    pub end: NaiveDate,
    pub reason: String,
    pub order: OrderInput,
}

impl EndAssignmentInput {
    pub fn parse(form: &EndAssignmentForm) -> Result<Self, AppError> {
        forms::confirmed(&form.confirm)?;
        Ok(EndAssignmentInput {
            end: forms::required_date("end_date", &form.end_date)?,
            reason: forms::required_text("reason", &form.reason)?,
            order: OrderInput::parse(&form.order)?,
        })
    }
}

/// Ends an assignment; returns whose it was.
pub async fn end_assignment(
    db: &Db,
    actor: &Actor,
    assignment_id: i64,
    input: EndAssignmentInput,
) -> Result<i64, AppError> {
    let EndAssignmentInput { end, reason, order } = input;
    let mut tx = db.write.begin().await?;
    let current = repo::assignment(&mut tx, assignment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if end < current.start_date {
        return Err(AppError::invalid("end_date", Key::ValidationAfterStart));
    }
    if current.end_date.is_some_and(|e| e < actor.today()) {
        return Err(AppError::invalid("end_date", Key::ValidationAlreadyEnded));
    }
    let title = format!(
        "{} {} — {}",
        current.first_name_ka, current.last_name_ka, current.title_ka
    );
    let order_id = order
        .resolve(&mut tx, actor, &title, end, OrderType::Personnel)
        .await?;
    org::close_assignment(&mut tx, assignment_id, end, &reason, order_id).await?;
    audit(
        &mut tx,
        actor,
        "assignment.ended",
        "assignment",
        assignment_id,
        Some(json!({"end_date": current.end_date})),
        Some(json!({"end_date": end, "end_reason": reason, "end_order_id": order_id})),
    )
    .await?;
    tx.commit().await?;
    Ok(current.employee_id)
}
