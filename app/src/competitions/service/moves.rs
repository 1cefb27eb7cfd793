//! Moves that fill a vacancy without competition (DOMAIN §3.3; seed 004 art. 22–23): the
//! proposal checked against the rank rule of its kind, the officer's written consent, both
//! heads' agreement, and the mayor's order, which appoints through the same path as every
//! appointment (age, the position's terms, the acting limit, the previous position ended).
use super::super::repo::{self, MoveRecord, NewMove};
use super::super::{AgreementForm, MoveProposalForm, MoveView};
use super::vacancies::move_vacancy;
use crate::domain::common::term_end;
use crate::domain::competition::{MoveKind, MoveState, VacancyState};
use crate::domain::staff::AssignmentBasis;
use crate::domain::Bilingual;
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::people::service::AppointInput;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, with_revision, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::SqliteConnection;

pub(crate) fn move_view(m: MoveRecord) -> MoveView {
    MoveView {
        id: m.id,
        vacancy_id: m.vacancy_id,
        kind: m.kind,
        employee_id: m.employee_id,
        name: Bilingual::new(
            format!("{} {}", m.first_name_ka, m.last_name_ka),
            format!("{} {}", m.first_name_en, m.last_name_en),
        ),
        starts_on: m.starts_on,
        acting_until: m.acting_until,
        state: m.state,
        consent_on: m.consent_on,
        consent_note: m.consent_note,
        sending_head: m.sending_head,
        receiving_head: m.receiving_head,
        agreed_on: m.agreed_on,
        refusal_reason: m.refusal_reason,
        order: super::order_ref(m.order_id, m.order_number, m.order_date),
        revision: m.revision,
    }
}

pub struct MoveProposal {
    /// The officer, by name or personal number.
    pub person: String,
    pub starts_on: NaiveDate,
    pub acting_until: Option<NaiveDate>,
}

impl MoveProposal {
    pub fn parse(form: &MoveProposalForm) -> Result<Self, AppError> {
        let mut p = Problems::default();
        let person = p.take(forms::person("personal_number", &form.personal_number));
        let starts_on = p.take(forms::required_date("starts_on", &form.starts_on));
        let acting_until = p
            .take(forms::optional_date("acting_until", &form.acting_until))
            .flatten();
        p.finish()?;
        match (person, starts_on) {
            (Some(person), Some(starts_on)) => Ok(MoveProposal {
                person,
                starts_on,
                acting_until,
            }),
            _ => Err(AppError::invalid(
                "personal_number",
                Key::ValidationRequired,
            )),
        }
    }
}

/// Checks a move's rank rule on a day: the officer's own rank against the vacant position's.
async fn check_rank(
    conn: &mut SqliteConnection,
    kind: MoveKind,
    employee: i64,
    position: i64,
    on: NaiveDate,
) -> Result<(), AppError> {
    let from = repo::own_rank_on(conn, employee, on).await?;
    let to = repo::position_level(conn, position)
        .await?
        .and_then(|(rank, _)| rank);
    let allow_lower = crate::ssr::rules::number(conn, "mobility.allow_lower_rank", on).await? == 1;
    if kind.rank_allows(from, to, allow_lower) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "personal_number",
            Key::ValidationMoveRank,
        ))
    }
}

/// HR proposes an officer for a vacancy decided for a move.
pub async fn propose_move(
    db: &Db,
    actor: &Actor,
    vacancy_id: i64,
    revision: i64,
    input: MoveProposal,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let vacancy = repo::vacancy(&mut tx, vacancy_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = advance(&mut tx, Revised::Vacancy, vacancy_id, revision).await?;
    let kind = vacancy
        .decision
        .and_then(MoveKind::of_decision)
        .filter(|_| matches!(vacancy.state, VacancyState::Mobility | VacancyState::Acting))
        .ok_or(AppError::Conflict(Key::ConflictVacancyState))?;
    let mut p = Problems::default();
    let employee = p.take(
        crate::people::service::resolve_person(&mut tx, "personal_number", &input.person).await,
    );
    if let Some(employee) = employee {
        p.take(
            check_rank(
                &mut tx,
                kind,
                employee,
                vacancy.position_id,
                input.starts_on,
            )
            .await,
        );
        // A disciplinary sanction in force blocks a promotion (seed 004 art. 22(3)).
        if kind == MoveKind::Promotion
            && crate::discipline::service::sanction_in_force(&mut tx, employee, input.starts_on)
                .await?
        {
            p.add("personal_number", Key::DisciplineBlocksPromotion);
        }
    }
    let acting_until = if kind == MoveKind::Acting {
        let max = crate::ssr::rules::number(&mut tx, "acting.max_months", input.starts_on).await?;
        match input.acting_until {
            Some(until)
                if until >= input.starts_on
                    && term_end(input.starts_on, max).is_some_and(|last| until <= last) =>
            {
                Some(until)
            }
            _ => {
                p.add("acting_until", Key::ValidationActingUntil);
                None
            }
        }
    } else {
        None
    };
    p.finish()?;
    let employee = employee.ok_or(AppError::NotFound)?;
    let id = repo::insert_move(
        &mut tx,
        &NewMove {
            vacancy: vacancy_id,
            kind,
            employee,
            starts_on: input.starts_on,
            acting_until,
        },
        actor.at,
    )
    .await?
    .ok_or(AppError::Conflict(Key::ConflictMoveLive))?;
    audit(
        &mut *tx,
        actor,
        "staff_move.proposed",
        "staff_move",
        id,
        None,
        Some(
            json!({"vacancy_id": vacancy_id, "kind": kind, "employee_id": employee,
            "starts_on": input.starts_on, "acting_until": acting_until, "vacancy_revision": next}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Loads a move at the revision its form was loaded with, in a state that may go to `to`.
async fn at_step(
    conn: &mut SqliteConnection,
    id: i64,
    revision: i64,
    to: MoveState,
) -> Result<(MoveRecord, i64), AppError> {
    let m = repo::staff_move(conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = advance(conn, Revised::Move, id, revision).await?;
    if !m.state.may_go(to) {
        return Err(AppError::Conflict(Key::ConflictMoveState));
    }
    Ok((m, next))
}

async fn audit_step(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    m: &MoveRecord,
    after: serde_json::Value,
    next: i64,
) -> Result<(), AppError> {
    audit(
        conn,
        actor,
        action,
        "staff_move",
        m.id,
        Some(json!({"state": m.state, "revision": m.revision})),
        Some(with_revision(after, Revised::Move, next)),
    )
    .await?;
    Ok(())
}

/// The officer's written consent, received on a day (not in the future).
pub async fn record_consent(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    on: NaiveDate,
    note: &str,
) -> Result<(), AppError> {
    if on > actor.today() {
        return Err(AppError::invalid("consent_on", Key::ValidationNotFuture));
    }
    let mut tx = db.write.begin().await?;
    let (m, next) = at_step(&mut tx, id, revision, MoveState::Consented).await?;
    repo::set_move_consent(&mut tx, id, on, note).await?;
    audit_step(
        &mut tx,
        actor,
        "staff_move.consented",
        &m,
        json!({"state": MoveState::Consented, "consent_on": on, "consent_note": note}),
        next,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct Agreement {
    pub on: NaiveDate,
    pub sending_head: String,
    pub receiving_head: String,
}

impl Agreement {
    pub fn parse(form: &AgreementForm) -> Result<Self, AppError> {
        let mut p = Problems::default();
        let on = p.take(forms::required_date("agreed_on", &form.agreed_on));
        let sending = p.take(forms::required_text("sending_head", &form.sending_head));
        let receiving = p.take(forms::required_text("receiving_head", &form.receiving_head));
        p.take(forms::confirmed(&form.confirm));
        p.finish()?;
        match (on, sending, receiving) {
            (Some(on), Some(sending_head), Some(receiving_head)) => Ok(Agreement {
                on,
                sending_head,
                receiving_head,
            }),
            _ => Err(AppError::invalid("agreed_on", Key::ValidationRequired)),
        }
    }
}

/// Both heads agreed (the sending and the receiving one, named as they signed).
pub async fn record_agreement(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    input: Agreement,
) -> Result<(), AppError> {
    if input.on > actor.today() {
        return Err(AppError::invalid("agreed_on", Key::ValidationNotFuture));
    }
    let mut tx = db.write.begin().await?;
    let (m, next) = at_step(&mut tx, id, revision, MoveState::HeadsAgreed).await?;
    if m.consent_on.is_some_and(|c| input.on < c) {
        return Err(AppError::invalid(
            "agreed_on",
            Key::ValidationAgreedBeforeConsent,
        ));
    }
    repo::set_move_agreed(
        &mut tx,
        id,
        input.on,
        &input.sending_head,
        &input.receiving_head,
    )
    .await?;
    audit_step(
        &mut tx,
        actor,
        "staff_move.heads_agreed",
        &m,
        json!({"state": MoveState::HeadsAgreed, "agreed_on": input.on,
            "sending_head": input.sending_head, "receiving_head": input.receiving_head}),
        next,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn refuse_move(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    reason: &str,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let (m, next) = at_step(&mut tx, id, revision, MoveState::Refused).await?;
    repo::set_move_refused(&mut tx, id, reason).await?;
    audit_step(
        &mut tx,
        actor,
        "staff_move.refused",
        &m,
        json!({"state": MoveState::Refused, "refusal_reason": reason}),
        next,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The mayor's order: appoints the officer (the rank rule checked again on the day), records
/// the order on the move and moves the vacancy on: filled once a mobility, promotion or
/// transfer starts, held by an acting officer otherwise. Returns the employee.
pub async fn order_move(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    order: OrderInput,
    acting_reason: Option<String>,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let (m, next) = at_step(&mut tx, id, revision, MoveState::Ordered).await?;
    let vacancy = repo::vacancy(&mut tx, m.vacancy_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if matches!(
        vacancy.state,
        VacancyState::Filled | VacancyState::Cancelled
    ) {
        return Err(AppError::Conflict(Key::ConflictVacancyState));
    }
    check_rank(
        &mut tx,
        m.kind,
        m.employee_id,
        vacancy.position_id,
        m.starts_on,
    )
    .await?;
    // A promotion needs every condition of seed 004 art. 22 on the day of the order.
    if m.kind == MoveKind::Promotion
        && !crate::promotion::service::unmet_conditions(
            db,
            &mut tx,
            m.vacancy_id,
            m.employee_id,
            actor.today(),
        )
        .await?
        .is_empty()
    {
        return Err(AppError::Conflict(Key::PromotionConditionsUnmet));
    }
    let basis = match m.kind {
        MoveKind::Mobility => AssignmentBasis::Mobility,
        MoveKind::Promotion => AssignmentBasis::Promotion,
        MoveKind::Transfer => AssignmentBasis::Transfer,
        MoveKind::Acting => AssignmentBasis::Acting,
    };
    let assignment = crate::people::service::appoint_in(
        &mut tx,
        actor,
        m.employee_id,
        AppointInput {
            position_id: vacancy.position_id,
            basis,
            start: m.starts_on,
            end: m.acting_until,
            acting_reason,
            order,
        },
    )
    .await?;
    let order_id = repo::assignment_order(&mut tx, assignment)
        .await?
        .ok_or(AppError::internal("appointment without its order"))?;
    repo::set_move_ordered(&mut tx, id, order_id, assignment).await?;
    audit_step(
        &mut tx,
        actor,
        "staff_move.ordered",
        &m,
        json!({"state": MoveState::Ordered, "order_id": order_id, "assignment_id": assignment}),
        next,
    )
    .await?;
    if m.kind != MoveKind::Acting && m.starts_on <= actor.today() {
        move_vacancy(&mut tx, actor, m.vacancy_id, VacancyState::Filled).await?;
    }
    tx.commit().await?;
    Ok(m.employee_id)
}
