//! Appointing a runner-up from a competition's reserve list (valid `competition.reserve_months`
//! after the decision) to an equivalent vacancy: one of the same rank, decided for a competition
//! that has not been announced yet. The mayor's order appoints as for a winner, and the draft
//! competition is cancelled: it is no longer needed.
use super::super::repo::{self, ReserveRow};
use super::super::{ReserveCandidate, VacancyRecord};
use super::load;
use super::outcome::appoint_applicant;
use crate::domain::competition::{ApplicationState, CompetitionState, VacancyState};
use crate::domain::Bilingual;
use crate::error::AppError;
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::ssr::audit::{audit, log_read};
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::SqliteConnection;

/// A vacancy takes a runner-up when it was decided for a competition not yet announced and its
/// position has a rank (an officer's post).
fn takes_reserve(
    state: VacancyState,
    rank: Option<i64>,
    competition: Option<CompetitionState>,
) -> bool {
    state == VacancyState::Competition
        && rank.is_some()
        && competition.is_none_or(|s| s == CompetitionState::Draft)
}

/// The reserve lists equivalent to a vacancy: competitions for a position of the same rank.
fn equivalent(rows: &[ReserveRow], rank: Option<i64>) -> Vec<&ReserveRow> {
    rows.iter()
        .filter(|r| r.rank.is_some() && r.rank == rank)
        .collect()
}

fn candidate(r: &ReserveRow) -> Result<ReserveCandidate, AppError> {
    Ok(ReserveCandidate {
        application_id: r.application_id,
        name: Bilingual::new(
            format!("{} {}", r.first_name_ka, r.last_name_ka),
            format!("{} {}", r.first_name_en, r.last_name_en),
        ),
        competition_id: r.competition_id,
        competition: Bilingual::new(r.title_ka.clone(), r.title_en.clone()),
        total: r.total.as_deref().map(repo::decimal).transpose()?,
        place: r.place,
        reserve_until: r.reserve_until,
    })
}

/// Fills in the runners-up each board vacancy may take; the applicants shown are logged.
pub(crate) async fn attach_candidates(
    db: &Db,
    actor: &Actor,
    conn: &mut SqliteConnection,
    vacancies: &mut [VacancyRecord],
) -> Result<(), AppError> {
    let rows = repo::reserve_lists(conn, actor.today()).await?;
    if rows.is_empty() {
        return Ok(());
    }
    for v in vacancies.iter_mut() {
        let matching = equivalent(&rows, v.rank);
        if matching.is_empty() || !takes_reserve(v.state, v.rank, None) {
            continue;
        }
        let competition = match v.competition_id {
            Some(id) => Some(load(conn, id).await?.state),
            None => None,
        };
        if !takes_reserve(v.state, v.rank, competition) {
            continue;
        }
        v.reserve = matching
            .into_iter()
            .map(candidate)
            .collect::<Result<_, _>>()?;
        let shown: Vec<i64> = v.reserve.iter().map(|c| c.application_id).collect();
        log_read(
            db,
            actor,
            "competition.reserve_viewed",
            "vacancy",
            v.id,
            Some(json!({"applications": shown})),
        )
        .await?;
    }
    Ok(())
}

/// The mayor's order appointing a runner-up from an equivalent reserve list to the vacancy.
pub async fn appoint_from_reserve(
    db: &Db,
    actor: &Actor,
    vacancy_id: i64,
    revision: i64,
    application: &str,
    order: OrderInput,
    start: NaiveDate,
) -> Result<i64, AppError> {
    let application = forms::required_id("application_id", application)?;
    let today = actor.today();
    let mut tx = db.write.begin().await?;
    let v = repo::vacancy(&mut tx, vacancy_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let next = advance(&mut tx, Revised::Vacancy, vacancy_id, revision).await?;
    let draft = match v.competition_id {
        Some(id) => Some(load(&mut tx, id).await?),
        None => None,
    };
    if !takes_reserve(v.state, v.rank, draft.as_ref().map(|c| c.state)) {
        return Err(AppError::Conflict(Key::ConflictVacancyState));
    }
    let rows = repo::reserve_lists(&mut tx, today).await?;
    if !equivalent(&rows, v.rank)
        .iter()
        .any(|r| r.application_id == application)
    {
        return Err(AppError::invalid("application_id", Key::ValidationChoice));
    }
    let a = repo::application(&mut tx, application)
        .await?
        .ok_or(AppError::NotFound)?;
    debug_assert_eq!(a.state, ApplicationState::Reserve);
    let done = appoint_applicant(&mut tx, actor, &a, v.position_id, order, start).await?;
    if let Some(c) = draft {
        let reason = "filled from a reserve list";
        repo::set_ended(
            &mut tx,
            c.id,
            CompetitionState::Cancelled,
            today,
            Some(reason),
            None,
        )
        .await?;
        audit(
            &mut tx,
            actor,
            "competition.cancelled",
            "competition",
            c.id,
            Some(json!({"state": c.state})),
            Some(json!({"state": CompetitionState::Cancelled, "reason": reason})),
        )
        .await?;
    }
    repo::set_vacancy_reserve(&mut tx, vacancy_id, application).await?;
    super::vacancies::move_vacancy(&mut tx, actor, vacancy_id, VacancyState::Filled).await?;
    audit(
        &mut tx,
        actor,
        "vacancy.filled_from_reserve",
        "vacancy",
        vacancy_id,
        Some(json!({"state": v.state})),
        Some(
            json!({"application_id": application, "competition_id": a.competition_id,
            "employee_id": done.employee, "assignment_id": done.assignment,
            "probation_id": done.probation, "order_id": done.order_id, "revision": next}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(done.employee)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_ranked_vacancy_decided_for_an_unannounced_competition_takes_a_runner_up() {
        use CompetitionState as C;
        use VacancyState as V;
        assert!(takes_reserve(V::Competition, Some(3), None));
        assert!(takes_reserve(V::Competition, Some(3), Some(C::Draft)));
        assert!(!takes_reserve(V::Competition, Some(3), Some(C::Announced)));
        assert!(!takes_reserve(V::Competition, None, Some(C::Draft)));
        for state in [
            V::Open,
            V::DecisionPending,
            V::Mobility,
            V::Acting,
            V::Filled,
        ] {
            assert!(!takes_reserve(state, Some(3), None));
        }
    }
}
