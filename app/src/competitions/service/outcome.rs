//! The competition page, the winner's notification and documents, the appointment order (the
//! employee, the assignment and a probation record), a failed competition, and the minutes.
use super::super::repo;
use super::super::{ApplicantRow, CompetitionDetail, MemberView, Minutes, MinutesStage};
use super::scoring::{results_by_applicant, settle_winner, tied_first};
use super::{announcement_of, appoint_order, load, role_of, stage_views};
use crate::domain::common::georgia_date;
use crate::domain::competition::{ApplicationState, CompetitionState, VacancyState};
use crate::domain::deadline::{due, Term};
use crate::domain::personal_number::PersonalNumber;
use crate::domain::staff::AssignmentBasis;
use crate::domain::{Bilingual, Role};
use crate::error::AppError;
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::people::service::{AppointInput, EmployeeInput};
use crate::ssr::audit::{audit, log_read};
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{Actor, Db};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::SqliteConnection;

fn members_view(members: &[repo::MemberRecord], declared: &[i64]) -> Vec<MemberView> {
    members
        .iter()
        .map(|m| MemberView {
            user_id: m.user_id,
            name: Bilingual::new(m.display_name.clone(), m.name_en.clone()),
            role: m.role,
            declared: declared.contains(&m.user_id),
        })
        .collect()
}

async fn applicant_rows(
    conn: &mut SqliteConnection,
    c: &repo::CompetitionRecord,
    stages: usize,
    members: &[repo::MemberRecord],
) -> Result<Vec<ApplicantRow>, AppError> {
    let apps = repo::applications(conn, c.id).await?;
    let results = results_by_applicant(&repo::stage_results(conn, c.id).await?)?;
    let declarations = repo::declarations(conn, c.id).await?;
    // Whoever acted in the position since the vacancy was decided on.
    let since = c.announced_on.unwrap_or(c.applications_until);
    let acting = repo::acting_holders(conn, c.position_id, since).await?;
    let mut rows: Vec<ApplicantRow> = apps
        .iter()
        .map(|a| {
            Ok(ApplicantRow {
                id: a.id,
                name: a.name(),
                blind_code: a.blind_code.clone(),
                state: a.state,
                formal_reason: a.formal_reason,
                submitted_on: georgia_date(a.submitted_at),
                stages: (1..=stages as i64)
                    .map(|k| results.get(&(a.id, k)).copied())
                    .collect(),
                total: a.total.as_deref().map(repo::decimal).transpose()?,
                place: a.place,
                acting_holder: acting.contains(&a.personal_number),
                recused: declarations
                    .iter()
                    .filter(|d| d.application_id == a.id && d.conflict)
                    .filter_map(|d| members.iter().find(|m| m.user_id == d.user_id))
                    .map(|m| m.display_name.clone())
                    .collect(),
                revision: a.revision,
            })
        })
        .collect::<Result<_, AppError>>()?;
    rows.sort_by_key(|r| (r.place.unwrap_or(i64::MAX), r.id));
    Ok(rows)
}

pub async fn detail(db: &Db, actor: &Actor, id: i64) -> Result<CompetitionDetail, AppError> {
    let mut conn = db.read.acquire().await?;
    let c = load(&mut conn, id).await?;
    let me = role_of(&mut conn, id, actor.user.id).await?;
    let oversight = actor.has(Role::Hr) || actor.has(Role::Mayor);
    if me.is_none() && !oversight {
        return Err(AppError::Forbidden);
    }
    let stages = repo::stages(&mut conn, id).await?;
    let members = repo::members(&mut conn, id).await?;
    let declarations = repo::declarations(&mut conn, id).await?;
    let mut declared: Vec<i64> = declarations.iter().map(|d| d.user_id).collect();
    declared.dedup();
    let i_declared = declared.contains(&actor.user.id);
    let sees_applicants = oversight || i_declared;
    let applicants = if sees_applicants {
        applicant_rows(&mut conn, &c, stages.len(), &members).await?
    } else {
        Vec::new()
    };
    let candidates = if actor.has(Role::Hr)
        && matches!(
            c.state,
            CompetitionState::Draft | CompetitionState::Announced
        ) {
        repo::commission_candidates(&mut conn)
            .await?
            .into_iter()
            .map(|m| (m.user_id, Bilingual::new(m.display_name, m.name_en)))
            .collect()
    } else {
        Vec::new()
    };
    let tie = if c.winner_id.is_none() && c.state == CompetitionState::Decided {
        tied_first(&repo::applications(&mut conn, id).await?)
    } else {
        Vec::new()
    };
    let probation = repo::probation_of_competition(&mut conn, id).await?;
    let reviews = if oversight {
        super::reviews::review_rows(&mut conn, actor, id).await?
    } else {
        Vec::new()
    };
    let stage_views = stage_views(&mut conn, &stages).await?;
    let earliest_stage_day = super::stages::earliest_stage_day(&mut conn, actor.today()).await?;
    let may_schedule = super::stages::may_schedule(&mut conn, actor, &c, me, &stages).await?;
    drop(conn);
    if sees_applicants && !applicants.is_empty() {
        log_read(
            db,
            actor,
            "competition.applicants_viewed",
            "competition",
            id,
            None,
        )
        .await?;
    }
    Ok(CompetitionDetail {
        id,
        vacancy_id: c.vacancy_id,
        position_id: c.position_id,
        state: c.state,
        announcement: announcement_of(&c, &stages)?,
        questions_text: Bilingual::new(c.questions_ka.clone(), c.questions_en.clone()),
        anonymous_written: c.anonymous_written,
        rescore_gap: repo::decimal(&c.rescore_gap)?,
        stages: stage_views,
        earliest_stage_day,
        may_schedule,
        current_stage: c.current_stage,
        commission: members_view(&members, &declared),
        me,
        i_declared,
        applicants,
        tie,
        winner: c.winner_id,
        tie_reason: c.tie_reason.clone(),
        notified_on: c.notified_on,
        docs_due: c.docs_due,
        appoint_order: appoint_order(&c),
        probation: probation.map(|(_, from, to)| (from, to)),
        appointee: probation.map(|(employee, _, _)| employee),
        failure_reason: c.failure_reason.clone(),
        candidates,
        reviews,
        takes_entries: actor.has(Role::Hr) && super::applications::takes_entries(&c),
        revision: c.revision,
    })
}

async fn at_state(
    conn: &mut SqliteConnection,
    id: i64,
    revision: i64,
    state: CompetitionState,
) -> Result<(repo::CompetitionRecord, i64), AppError> {
    let c = load(conn, id).await?;
    let next = advance(conn, Revised::Competition, id, revision).await?;
    if c.state != state {
        return Err(AppError::Conflict(Key::ConflictCompetitionState));
    }
    Ok((c, next))
}

async fn notify_in(
    conn: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
    winner: i64,
) -> Result<NaiveDate, AppError> {
    let today = actor.today();
    let days = crate::ssr::rules::number(conn, "competition.docs_days", today).await?;
    let docs_due = due(today, Term::calendar_days(days), &Default::default())
        .ok_or(AppError::Conflict(Key::ConflictCompetitionState))?;
    repo::set_notified(conn, id, today, docs_due).await?;
    audit(
        conn,
        actor,
        "competition.winner_notified",
        "competition",
        id,
        None,
        Some(json!({"winner": winner, "notified_on": today, "docs_due": docs_due})),
    )
    .await?;
    Ok(docs_due)
}

/// HR notifies the winner (their status page shows it, with the documents' deadline).
pub async fn notify_winner(db: &Db, actor: &Actor, id: i64, revision: i64) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let (c, _) = at_state(&mut tx, id, revision, CompetitionState::Decided).await?;
    let winner = c
        .winner_id
        .ok_or(AppError::Conflict(Key::ConflictTieOpen))?;
    notify_in(&mut tx, actor, id, winner).await?;
    tx.commit().await?;
    Ok(())
}

/// The winner declined: the next on the reserve list becomes the winner and is notified; with
/// nobody left the competition fails.
pub async fn winner_declined(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let (c, _) = at_state(&mut tx, id, revision, CompetitionState::CandidateDocs).await?;
    let winner = c
        .winner_id
        .ok_or(AppError::Conflict(Key::ConflictCompetitionState))?;
    repo::set_application_state(&mut tx, winner, ApplicationState::Declined).await?;
    audit(
        &mut tx,
        actor,
        "application.declined",
        "application",
        winner,
        None,
        Some(json!({"competition_id": id})),
    )
    .await?;
    let mut reserve: Vec<_> = repo::applications(&mut tx, id)
        .await?
        .into_iter()
        .filter(|a| a.state == ApplicationState::Reserve)
        .collect();
    reserve.sort_by_key(|a| (a.place.unwrap_or(i64::MAX), a.id));
    match reserve.first() {
        Some(next) => {
            settle_winner(&mut tx, actor, id, next.id, None).await?;
            notify_in(&mut tx, actor, id, next.id).await?;
        }
        None => fail_in(&mut tx, actor, &c, "winner declined; no runner-up").await?,
    }
    tx.commit().await?;
    Ok(())
}

/// What an appointment from a competition made.
pub(crate) struct Appointed {
    pub employee: i64,
    pub assignment: i64,
    pub probation: Option<i64>,
    pub order_id: i64,
}

/// Appoints an applicant of competition `competition` to `position` inside the caller's
/// transaction: their file (found by personal number, or opened from the application), the
/// assignment by competition, a probation record for a first appointment as an officer; the
/// application is marked appointed.
pub(crate) async fn appoint_applicant(
    tx: &mut SqliteConnection,
    actor: &Actor,
    a: &repo::ApplicationRecord,
    position: i64,
    order: OrderInput,
    start: NaiveDate,
) -> Result<Appointed, AppError> {
    let employee = match repo::employee_by_personal_number(tx, &a.personal_number).await? {
        Some(id) => id,
        None => {
            let input = EmployeeInput {
                personal_number: PersonalNumber::parse(&a.personal_number).map_err(|_| {
                    AppError::invalid("personal_number", Key::ValidationPersonalNumber)
                })?,
                first_name: Bilingual::new(a.first_name_ka.clone(), a.first_name_en.clone()),
                last_name: Bilingual::new(a.last_name_ka.clone(), a.last_name_en.clone()),
                gender: a.gender,
                birth_date: a.birth_date,
                email: Some(a.email.clone()),
                phone: a.phone.clone(),
                notes: String::new(),
            };
            let id = crate::people::service::insert_employee(tx, &input, actor).await?;
            audit(
                tx,
                actor,
                "employee.created",
                "employee",
                id,
                None,
                Some(input.json()),
            )
            .await?;
            id
        }
    };
    let assignment = crate::people::service::appoint_in(
        tx,
        actor,
        employee,
        AppointInput {
            position_id: position,
            basis: AssignmentBasis::Competition,
            start,
            end: None,
            acting_reason: None,
            order,
        },
    )
    .await?;
    let probation =
        crate::probation::service::link_competition(tx, assignment, a.competition_id).await?;
    let order_id = repo::assignment_order(tx, assignment)
        .await?
        .ok_or_else(|| AppError::internal("an appointment without its order"))?;
    repo::set_application_state(tx, a.id, ApplicationState::Appointed).await?;
    Ok(Appointed {
        employee,
        assignment,
        probation,
        order_id,
    })
}

/// The mayor's appointment order for the winner (see [`appoint_applicant`]); the competition
/// and the vacancy close.
pub async fn appoint_winner(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    order: OrderInput,
    start: NaiveDate,
) -> Result<i64, AppError> {
    let mut tx = db.write.begin().await?;
    let (c, next) = at_state(&mut tx, id, revision, CompetitionState::CandidateDocs).await?;
    let winner = c
        .winner_id
        .ok_or(AppError::Conflict(Key::ConflictCompetitionState))?;
    let a = repo::application(&mut tx, winner)
        .await?
        .ok_or(AppError::NotFound)?;
    let done = appoint_applicant(&mut tx, actor, &a, c.position_id, order, start).await?;
    repo::set_ended(
        &mut tx,
        id,
        CompetitionState::Appointed,
        actor.today(),
        None,
        Some(done.order_id),
    )
    .await?;
    super::vacancies::move_vacancy(&mut tx, actor, c.vacancy_id, VacancyState::Filled).await?;
    audit(
        &mut tx,
        actor,
        "competition.appointed",
        "competition",
        id,
        Some(json!({"state": c.state})),
        Some(
            json!({"state": CompetitionState::Appointed, "employee_id": done.employee,
            "assignment_id": done.assignment, "probation_id": done.probation,
            "order_id": done.order_id, "revision": next}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(done.employee)
}

/// Records a failed competition inside the caller's transaction; the vacancy returns to the
/// decision.
pub(crate) async fn fail_in(
    conn: &mut SqliteConnection,
    actor: &Actor,
    c: &repo::CompetitionRecord,
    reason: &str,
) -> Result<(), AppError> {
    if !c.state.may_go(CompetitionState::Failed) {
        return Err(AppError::Conflict(Key::ConflictCompetitionState));
    }
    repo::set_ended(
        conn,
        c.id,
        CompetitionState::Failed,
        actor.today(),
        Some(reason),
        None,
    )
    .await?;
    audit(
        conn,
        actor,
        "competition.failed",
        "competition",
        c.id,
        Some(json!({"state": c.state})),
        Some(json!({"state": CompetitionState::Failed, "reason": reason})),
    )
    .await?;
    super::vacancies::move_vacancy(conn, actor, c.vacancy_id, VacancyState::DecisionPending).await
}

pub async fn fail(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    reason: &str,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let c = load(&mut tx, id).await?;
    advance(&mut tx, Revised::Competition, id, revision).await?;
    fail_in(&mut tx, actor, &c, reason).await?;
    tx.commit().await?;
    Ok(())
}

/// The minutes, from the records: who sat and who recused, every sheet of every round, the
/// means, the ranking, the tie's reason and the outcome.
pub async fn minutes(db: &Db, actor: &Actor, id: i64) -> Result<Minutes, AppError> {
    let mut conn = db.read.acquire().await?;
    let c = load(&mut conn, id).await?;
    super::applications::may_read(&mut conn, actor, id, None).await?;
    let stages = repo::stages(&mut conn, id).await?;
    let members = repo::members(&mut conn, id).await?;
    let declarations = repo::declarations(&mut conn, id).await?;
    let mut declared: Vec<i64> = declarations.iter().map(|d| d.user_id).collect();
    declared.dedup();
    let apps = repo::applications(&mut conn, id).await?;
    let label = |app: i64| {
        apps.iter()
            .find(|a| a.id == app)
            .map(|a| a.name().ka)
            .unwrap_or_default()
    };
    let member_name = |user: i64| {
        members
            .iter()
            .find(|m| m.user_id == user)
            .map(|m| m.display_name.clone())
            .unwrap_or_default()
    };
    let sheets = repo::sheets(&mut conn, id).await?;
    let rescores = repo::rescores(&mut conn, id).await?;
    let results = repo::stage_results(&mut conn, id).await?;
    let views = stage_views(&mut conn, &stages).await?;
    let absences = repo::absences(&mut conn, id).await?;
    let mut minutes_stages = Vec::new();
    for v in views {
        minutes_stages.push(MinutesStage {
            absent: absences
                .iter()
                .filter(|(ordinal, _)| *ordinal == v.ordinal)
                .map(|(_, user)| member_name(*user))
                .collect(),
            sheets: sheets
                .iter()
                .filter(|s| s.ordinal == v.ordinal)
                .map(|s| {
                    Ok((
                        label(s.application_id),
                        s.display_name.clone(),
                        s.round,
                        repo::decimal(&s.score)?,
                    ))
                })
                .collect::<Result<_, sqlx::Error>>()?,
            rescores: rescores
                .iter()
                .filter(|r| r.ordinal == v.ordinal)
                .map(|r| {
                    (
                        label(r.application_id),
                        r.round,
                        r.reason.clone(),
                        r.opened_by_name.clone(),
                    )
                })
                .collect(),
            results: results
                .iter()
                .filter(|r| r.ordinal == v.ordinal)
                .map(|r| {
                    Ok((
                        label(r.application_id),
                        r.members,
                        repo::decimal(&r.mean)?,
                        r.passed,
                    ))
                })
                .collect::<Result<_, sqlx::Error>>()?,
            stage: v,
        });
    }
    let applicants = applicant_rows(&mut conn, &c, stages.len(), &members).await?;
    let announcement = announcement_of(&c, &stages)?;
    Ok(Minutes {
        competition_id: id,
        title: announcement.title,
        kind: c.kind,
        state: c.state,
        announce_order: announcement.order,
        applications_until: c.applications_until,
        commission: members_view(&members, &declared),
        applicants,
        declarations: declarations
            .iter()
            .map(|d| {
                (
                    member_name(d.user_id),
                    label(d.application_id),
                    d.conflict,
                    d.note.clone(),
                )
            })
            .collect(),
        stages: minutes_stages,
        tie_reason: c.tie_reason.clone(),
        winner: c
            .winner_id
            .and_then(|w| apps.iter().find(|a| a.id == w))
            .map(repo::ApplicationRecord::name),
        appoint_order: appoint_order(&c),
        failure_reason: c.failure_reason.clone(),
        reviews: super::reviews::review_rows(&mut conn, actor, id).await?,
        generated_on: actor.today(),
    })
}
