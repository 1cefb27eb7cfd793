//! Vacancy records: opened by themselves the day after a position falls vacant, closed when it
//! is filled or abolished, and the mayor's decision on how to fill one.
use super::super::repo::{self, NewCompetition};
use super::super::{CompetitionRow, DecisionForm, VacancyBoard, VacancyRecord};
use crate::domain::competition::{FillingDecision, VacancyOpening, VacancyState};
use crate::domain::deadline::{day_after, due, Term};
use crate::domain::order::OrderType;
use crate::domain::Bilingual;
use crate::error::AppError;
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

/// The end reason of an assignment ended by a staff reduction: its position opens no vacancy
/// (seed 004 art. 18(1)).
pub const STAFF_REDUCTION: &str = "staff_reduction";

/// Brings vacancy records up to `today` inside the caller's transaction: opens one for every
/// position vacant since the day after its last holder left (or it was approved), closes those
/// filled or abolished. Returns how many it opened.
pub async fn sync_vacancies(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut opened = 0;
    for v in repo::unrecorded_vacancies(conn, today).await? {
        if v.last_end_reason.as_deref() == Some(STAFF_REDUCTION) {
            continue;
        }
        let (event, by) = match v.last_held {
            Some(last) if last >= v.valid_from => (last, VacancyOpening::Dismissal),
            _ => (v.valid_from, VacancyOpening::NewPosition),
        };
        let Some(opened_on) = day_after(event).filter(|d| *d <= today) else {
            continue;
        };
        let id = repo::insert_vacancy(conn, v.position_id, opened_on, by, at).await?;
        crate::ssr::audit::record(
            conn,
            crate::ssr::audit::AuditEntry {
                at,
                actor_user_id: None,
                action: "vacancy.opened",
                entity: "vacancy",
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(
                    json!({"position_id": v.position_id, "opened_on": opened_on, "opened_by": by}),
                ),
                client_addr: None,
            },
        )
        .await?;
        opened += 1;
    }
    for v in repo::settled_vacancies(conn, today).await? {
        let (state, on) = match (v.filled_on, v.ended_on) {
            (Some(on), _) => (VacancyState::Filled, on),
            (None, Some(on)) => (VacancyState::Cancelled, on),
            (None, None) => continue,
        };
        repo::close_vacancy(conn, v.id, state, on).await?;
        crate::ssr::audit::record(
            conn,
            crate::ssr::audit::AuditEntry {
                at,
                actor_user_id: None,
                action: "vacancy.closed",
                entity: "vacancy",
                entity_id: Some(v.id.to_string()),
                before: None,
                after: Some(json!({"state": state, "closed_on": on})),
                client_addr: None,
            },
        )
        .await?;
    }
    Ok(opened)
}

/// The scheduled step (at start and hourly): vacancy records and competitions whose
/// application window ended.
pub async fn bring_competitions_up_to(
    db: &Db,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> Result<usize, AppError> {
    let mut tx = db.write.begin().await?;
    let opened = sync_vacancies(&mut tx, today, at).await?;
    super::announcement::close_applications(&mut tx, today, at).await?;
    super::applications::purge(&mut tx, today, at).await?;
    tx.commit().await?;
    Ok(opened)
}

fn record(row: repo::VacancyRow, clock: Option<crate::org::VacancyClock>) -> VacancyRecord {
    VacancyRecord {
        id: row.id,
        position_id: row.position_id,
        position: Bilingual::new(row.title_ka, row.title_en),
        unit: row
            .unit_ka
            .zip(row.unit_en)
            .map(|(ka, en)| Bilingual::new(ka, en)),
        rank: row.rank,
        state: row.state,
        opened_on: row.opened_on,
        opened_by: row.opened_by,
        decision: row.decision,
        decision_reason: row.decision_reason,
        decided_on: row.decided_on,
        decision_order: super::order_ref(row.order_id, row.order_number, row.order_date),
        clock,
        competition_id: row.competition_id,
        moves: Vec::new(),
        reserve: Vec::new(),
        revision: row.revision,
    }
}

/// The open vacancy records with their clocks, and every competition.
pub async fn board(db: &Db, actor: &Actor) -> Result<VacancyBoard, AppError> {
    let today = actor.today();
    if !actor.has(crate::domain::Role::Hr) && !actor.has(crate::domain::Role::Mayor) {
        // A commission member sees the competitions they sit on, nothing else.
        let mine = repo::competitions_of_member(&db.read, actor.user.id).await?;
        let mut board = competitions_board(db, Vec::new()).await?;
        board.competitions.retain(|c| mine.contains(&c.id));
        return Ok(board);
    }
    {
        let mut tx = db.write.begin().await?;
        sync_vacancies(&mut tx, today, actor.at).await?;
        tx.commit().await?;
    }
    let mut moves = repo::live_moves(&db.read).await?;
    let mut vacancies = Vec::new();
    let live = repo::live_vacancies(&db.read).await?;
    let mut clocks = crate::org::service::VacancyClocks::new(today);
    let mut conn = db.read.acquire().await?;
    for row in live {
        // The clock counts from the event: the day before the vacancy opened.
        let event = row.opened_on.pred_opt().unwrap_or(row.opened_on);
        let clock = clocks.clock(&mut conn, event).await?;
        let mut v = record(row, clock);
        let (mine, rest): (Vec<_>, Vec<_>) = moves.into_iter().partition(|m| m.vacancy_id == v.id);
        moves = rest;
        v.moves = mine.into_iter().map(super::moves::move_view).collect();
        vacancies.push(v);
    }
    drop(conn);
    super::reserve::attach_candidates(db, actor, &mut *db.read.acquire().await?, &mut vacancies)
        .await?;
    competitions_board(db, vacancies).await
}

async fn competitions_board(
    db: &Db,
    vacancies: Vec<VacancyRecord>,
) -> Result<VacancyBoard, AppError> {
    let counts: std::collections::HashMap<i64, i64> = repo::applicant_counts(&db.read)
        .await?
        .into_iter()
        .collect();
    let competitions = repo::competitions(&db.read, &[])
        .await?
        .into_iter()
        .map(|c| CompetitionRow {
            applicants: counts.get(&c.id).copied().unwrap_or(0),
            id: c.id,
            vacancy_id: c.vacancy_id,
            title: Bilingual::new(c.title_ka, c.title_en),
            unit: c
                .unit_ka
                .zip(c.unit_en)
                .map(|(ka, en)| Bilingual::new(ka, en)),
            kind: c.kind,
            state: c.state,
            applications_until: c.applications_until,
        })
        .collect();
    Ok(VacancyBoard {
        vacancies,
        competitions,
    })
}

pub struct DecisionInput {
    pub decision: FillingDecision,
    pub reason: Option<String>,
    pub order: OrderInput,
}

impl DecisionInput {
    pub fn parse(form: &DecisionForm) -> Result<Self, AppError> {
        let mut problems = crate::error::Problems::default();
        let decision = problems.take(forms::choice("decision", &form.decision));
        let reason = problems.take(forms::optional_long_text("reason", &form.reason));
        let order = problems.take(OrderInput::parse(&form.order));
        problems.take(forms::confirmed(&form.confirm));
        problems.finish()?;
        match (decision, reason, order) {
            (Some(decision), Some(reason), Some(order)) => Ok(DecisionInput {
                decision,
                reason,
                order,
            }),
            _ => Err(AppError::invalid("decision", Key::ValidationRequired)),
        }
    }
}

/// Records the decision on a vacancy loaded at `revision`; a competition decision drafts the
/// competition (returned) from the position's texts and terms, its deadline the rule's minimum.
pub async fn decide(
    db: &Db,
    actor: &Actor,
    vacancy_id: i64,
    revision: i64,
    input: DecisionInput,
) -> Result<Option<i64>, AppError> {
    let today = actor.today();
    let mut tx = db.write.begin().await?;
    let vacancy = repo::vacancy(&mut tx, vacancy_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = advance(&mut tx, Revised::Vacancy, vacancy_id, revision).await?;
    let target = input.decision.vacancy_state();
    // Open → decision pending happens with the decision itself once the texts exist.
    let from = if vacancy.state == VacancyState::Open {
        VacancyState::DecisionPending
    } else {
        vacancy.state
    };
    if !from.may_go(target) {
        return Err(AppError::Conflict(Key::ConflictVacancyState));
    }
    let texts = repo::position_texts(&mut tx, vacancy.position_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if texts.job_description_ka.trim().is_empty() || texts.requirements_min_ka.trim().is_empty() {
        // Seed 004 art. 17: the job description and requirements come first.
        return Err(AppError::Conflict(Key::ConflictVacancyNeedsTexts));
    }
    let title = format!(
        "{} — {}",
        texts.title_ka,
        input.decision.key().text(crate::i18n::Locale::Ka)
    );
    let order_id = input
        .order
        .resolve(
            &mut tx,
            actor,
            &title,
            input.order.date,
            OrderType::Personnel,
        )
        .await?;
    repo::set_vacancy_decision(
        &mut tx,
        vacancy_id,
        input.decision,
        input.reason.as_deref(),
        order_id,
        today,
    )
    .await?;
    let mut competition = None;
    if let Some(kind) = input.decision.competition_kind() {
        let terms = crate::org::repo::terms_on(&mut tx, vacancy.position_id, today).await?;
        let salary = rust_decimal::Decimal::new(terms.map(|t| t.salary_tetri).unwrap_or(0), 2);
        let days =
            crate::ssr::rules::number(&mut tx, "competition.min_application_days", today).await?;
        let until = due(today, Term::calendar_days(days + 7), &Default::default())
            .ok_or(AppError::invalid("applications_until", Key::ValidationDate))?;
        let id = repo::insert_competition(
            &mut tx,
            &NewCompetition {
                vacancy_id,
                kind,
                texts: &texts,
                salary,
                applications_until: until,
            },
            actor.at,
        )
        .await?;
        let rules = crate::domain::competition::equal_weights(2);
        let pass = rust_decimal::Decimal::from(
            crate::ssr::rules::number(&mut tx, "stage.pass_percent", today).await?,
        ) / rust_decimal::Decimal::ONE_HUNDRED;
        use crate::domain::competition::{StageKind, StageRule};
        repo::replace_stages(
            &mut tx,
            id,
            &[
                StageRule {
                    kind: StageKind::Written,
                    max_points: 10.into(),
                    weight: rules[0],
                    pass_ratio: pass,
                },
                StageRule {
                    kind: StageKind::Interview,
                    max_points: 10.into(),
                    weight: rules[1],
                    pass_ratio: pass,
                },
            ],
        )
        .await?;
        audit(
            &mut tx,
            actor,
            "competition.drafted",
            "competition",
            id,
            None,
            Some(json!({"vacancy_id": vacancy_id, "kind": kind, "applications_until": until})),
        )
        .await?;
        competition = Some(id);
    }
    audit(
        &mut tx,
        actor,
        "vacancy.decided",
        "vacancy",
        vacancy_id,
        Some(json!({"state": vacancy.state})),
        Some(
            json!({"state": target, "decision": input.decision, "reason": input.reason,
            "order_id": order_id, "revision": next}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(competition)
}

/// Sets a vacancy's state inside a competition's transaction (filled, back to the decision).
pub async fn move_vacancy(
    conn: &mut SqliteConnection,
    actor: &Actor,
    vacancy_id: i64,
    to: VacancyState,
) -> Result<(), AppError> {
    let vacancy = repo::vacancy(conn, vacancy_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if vacancy.state == to {
        return Ok(());
    }
    if !vacancy.state.may_go(to) {
        return Err(AppError::Conflict(Key::ConflictVacancyState));
    }
    if to == VacancyState::Filled {
        repo::close_vacancy(conn, vacancy_id, to, actor.today()).await?;
    } else {
        repo::set_vacancy_state(conn, vacancy_id, to).await?;
    }
    audit(
        conn,
        actor,
        "vacancy.state_changed",
        "vacancy",
        vacancy_id,
        Some(json!({"state": vacancy.state})),
        Some(json!({"state": to})),
    )
    .await?;
    Ok(())
}
