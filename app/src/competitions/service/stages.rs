//! Each stage's day and place, told to the applicants at least `stage.notice_days` before it
//! (DOMAIN §3.2), and the result notice due `competition.result_notice_days` working days after
//! it. Nothing of a stage is scored before its day.
use super::super::repo::{self, StageRecord};
use super::super::StageView;
use super::{load, role_of};
use crate::domain::competition::{CommissionRole, CompetitionState};
use crate::domain::deadline::{due, Term};
use crate::domain::Role;
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::SqliteConnection;

/// The stages as the pages show them, with the day each one's results are due.
pub(crate) async fn stage_views(
    conn: &mut SqliteConnection,
    stages: &[StageRecord],
) -> Result<Vec<StageView>, AppError> {
    let holidays = if stages.iter().any(|s| s.held_on.is_some()) {
        crate::ssr::repo::holidays(conn).await?
    } else {
        Default::default()
    };
    let mut views = Vec::with_capacity(stages.len());
    for s in stages {
        let results_due = match s.held_on {
            Some(day) => {
                let days =
                    crate::ssr::rules::number(conn, "competition.result_notice_days", day).await?;
                due(day, Term::working_days(days), &holidays)
            }
            None => None,
        };
        views.push(StageView {
            ordinal: s.ordinal,
            rule: s.rule()?,
            held_on: s.held_on,
            venue: s.venue.clone(),
            noticed_on: s.noticed_on,
            results_due,
            closed: s.closed_at.is_some(),
        });
    }
    Ok(views)
}

/// The first day a stage scheduled today may be held: the notice period after today.
pub(crate) async fn earliest_stage_day(
    conn: &mut SqliteConnection,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, AppError> {
    let days = crate::ssr::rules::number(conn, "stage.notice_days", today).await?;
    Ok(due(today, Term::calendar_days(days), &Default::default()))
}

/// Whether a stage may be scheduled (again) in this state of the competition: from the
/// announcement until it begins, and not once a sheet of it is in.
fn schedulable(state: CompetitionState, current: i64, ordinal: i64) -> bool {
    match state {
        CompetitionState::Announced
        | CompetitionState::ApplicationsClosed
        | CompetitionState::FormalCheck => true,
        CompetitionState::Stages => ordinal >= current,
        _ => false,
    }
}

/// HR, the chair and the secretary set the stages' days.
fn sets_days(actor: &Actor, me: Option<CommissionRole>) -> bool {
    actor.has(Role::Hr) || matches!(me, Some(CommissionRole::Chair | CommissionRole::Secretary))
}

/// A stage's day may be set (again) now: the competition's step allows it, the stage has not
/// closed and no sheet of it is in.
fn open_to_schedule(
    c: &repo::CompetitionRecord,
    stage: &StageRecord,
    sheets: &[repo::SheetRecord],
) -> bool {
    schedulable(c.state, c.current_stage, stage.ordinal)
        && stage.closed_at.is_none()
        && !sheets.iter().any(|x| x.ordinal == stage.ordinal)
}

/// The stages the caller may schedule now.
pub(crate) async fn may_schedule(
    conn: &mut SqliteConnection,
    actor: &Actor,
    c: &repo::CompetitionRecord,
    me: Option<CommissionRole>,
    stages: &[StageRecord],
) -> Result<Vec<i64>, AppError> {
    if !sets_days(actor, me) || stages.is_empty() {
        return Ok(Vec::new());
    }
    let sheets = repo::sheets(conn, c.id).await?;
    Ok(stages
        .iter()
        .filter(|s| open_to_schedule(c, s, &sheets))
        .map(|s| s.ordinal)
        .collect())
}

/// The stage is held: scheduled with notice and its day has come. Sheets, absences and the
/// closing of a stage wait for it.
pub(crate) fn check_held(stage: &StageRecord, today: NaiveDate) -> Result<(), AppError> {
    match stage.held_on {
        Some(day) if day <= today => Ok(()),
        _ => Err(AppError::Conflict(Key::ConflictStageNotHeld)),
    }
}

/// HR, or the chair or secretary of the commission, sets a stage's day and place; the
/// applicants still in the competition see it on their status page from today. The day must
/// leave the notice period, fall after the applications close and not before an earlier stage.
pub async fn schedule_stage(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    ordinal: &str,
    held_on: &str,
    venue: &str,
) -> Result<(), AppError> {
    let today = actor.today();
    let mut p = Problems::default();
    let ordinal = p.take(forms::required_id("ordinal", ordinal));
    let day = p.take(forms::required_date("held_on", held_on));
    let venue = p.take(forms::required_text("venue", venue));
    let mut tx = db.write.begin().await?;
    let c = load(&mut tx, id).await?;
    if !sets_days(actor, role_of(&mut tx, id, actor.user.id).await?) {
        return Err(AppError::Forbidden);
    }
    let next = advance(&mut tx, Revised::Competition, id, revision).await?;
    let Some(ordinal) = ordinal else {
        p.finish()?;
        return Err(AppError::invalid("ordinal", Key::ValidationChoice));
    };
    let stages = repo::stages(&mut tx, id).await?;
    let stage = stages
        .iter()
        .find(|s| s.ordinal == ordinal)
        .ok_or(AppError::invalid("ordinal", Key::ValidationChoice))?;
    if !open_to_schedule(&c, stage, &repo::sheets(&mut tx, id).await?) {
        return Err(AppError::Conflict(Key::ConflictCompetitionState));
    }
    if let Some(day) = day {
        let earliest = earliest_stage_day(&mut tx, today).await?;
        let before = stages
            .iter()
            .filter(|s| s.ordinal < ordinal)
            .filter_map(|s| s.held_on)
            .max();
        if day <= c.applications_until || earliest.is_none_or(|e| day < e) {
            p.add("held_on", Key::ValidationStageNotice);
        } else if before.is_some_and(|b| day < b) {
            p.add("held_on", Key::ValidationStageOrder);
        }
    }
    p.finish()?;
    let (Some(day), Some(venue)) = (day, venue) else {
        return Err(AppError::invalid("held_on", Key::ValidationDate));
    };
    repo::schedule_stage(&mut tx, id, ordinal, day, &venue, today).await?;
    audit(
        &mut tx,
        actor,
        "competition.stage_scheduled",
        "competition",
        id,
        stage
            .held_on
            .map(|d| json!({"ordinal": ordinal, "held_on": d, "venue": stage.venue})),
        Some(
            json!({"ordinal": ordinal, "held_on": day, "venue": venue, "noticed_on": today,
            "revision": next}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_is_scheduled_until_it_begins() {
        use CompetitionState::*;
        for state in [Announced, ApplicationsClosed, FormalCheck] {
            assert!(schedulable(state, 0, 1));
        }
        assert!(schedulable(Stages, 2, 2));
        assert!(schedulable(Stages, 2, 3));
        assert!(!schedulable(Stages, 2, 1));
        for state in [Draft, Decided, CandidateDocs, Appointed, Cancelled, Failed] {
            assert!(!schedulable(state, 1, 1));
        }
    }
}
