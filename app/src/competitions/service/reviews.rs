//! Applicants' review requests: asked with the receipt code within the configured working
//! days of a stage result (`competition.review_days`), decided once by HR or the mayor, never
//! by someone who scored the applicant.
use super::super::repo::{self, ReviewRecord, StageRecord};
use super::super::{OwnReview, ReviewRow};
use super::applications::{audit_public, by_code};
use super::stage_views;
use crate::domain::common::georgia_date;
use crate::domain::competition::{ApplicationState, CompetitionState, ReviewState};
use crate::domain::deadline::{due, Term};
use crate::domain::{Bilingual, Role};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, with_revision, Revised};
use crate::ssr::{forms, Actor, Db, PublicCall};
use chrono::NaiveDate;
use serde_json::json;
use sqlx::SqliteConnection;

/// The last day a review of a stage's result may be asked: the configured working days from
/// the day the stage closed (the result notice), over the holiday table.
pub(crate) async fn review_until(
    conn: &mut SqliteConnection,
    stage: &StageRecord,
) -> Result<Option<NaiveDate>, AppError> {
    let Some(closed) = stage.closed_at.map(georgia_date) else {
        return Ok(None);
    };
    let days = crate::ssr::rules::number(conn, "competition.review_days", closed).await?;
    let holidays = crate::ssr::repo::holidays(conn).await?;
    Ok(due(closed, Term::working_days(days), &holidays))
}

pub(crate) fn own_review(r: &ReviewRecord) -> OwnReview {
    OwnReview {
        reason: r.reason.clone(),
        requested_on: georgia_date(r.requested_at),
        state: r.state,
        decision: r.decision.clone(),
    }
}

/// Asks for a review of one stage result, within the window, once per stage.
pub async fn request_review(
    db: &Db,
    call: &PublicCall,
    code: &str,
    ordinal: i64,
    reason: &str,
) -> Result<(), AppError> {
    let today = georgia_date(call.now);
    let reason = forms::long_text("reason", reason)?;
    let mut tx = db.write.begin().await?;
    let a = by_code(&mut tx, code).await?;
    let stage = repo::stages(&mut tx, a.competition_id)
        .await?
        .into_iter()
        .find(|s| s.ordinal == ordinal)
        .ok_or(AppError::NotFound)?;
    let has_result = repo::stage_results(&mut tx, a.competition_id)
        .await?
        .iter()
        .any(|r| r.ordinal == ordinal && r.application_id == a.id);
    let until = review_until(&mut tx, &stage).await?;
    if !has_result || until.is_none_or(|u| today > u) {
        return Err(AppError::Conflict(Key::ConflictReviewClosed));
    }
    let id = repo::insert_review(&mut tx, a.competition_id, a.id, ordinal, &reason, call.now)
        .await?
        .ok_or(AppError::Conflict(Key::ConflictReviewAsked))?;
    audit_public(
        &mut tx,
        call,
        "competition_review.requested",
        id,
        json!({"competition_id": a.competition_id, "application_id": a.id, "ordinal": ordinal}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How a review is decided: upheld or rejected, with the written reasons.
pub struct ReviewDecision {
    pub outcome: ReviewState,
    pub decision: String,
}

impl ReviewDecision {
    pub fn parse(
        outcome: &str,
        decision: &str,
        confirm: &Option<String>,
    ) -> Result<Self, AppError> {
        let mut p = crate::error::Problems::default();
        let outcome = match forms::choice::<ReviewState>("outcome", outcome) {
            Ok(ReviewState::Pending) | Err(_) => {
                p.add("outcome", Key::ValidationChoice);
                None
            }
            Ok(o) => Some(o),
        };
        let decision = p.take(forms::long_text("decision", decision));
        p.take(forms::confirmed(confirm));
        p.finish()?;
        match (outcome, decision) {
            (Some(outcome), Some(decision)) => Ok(ReviewDecision { outcome, decision }),
            _ => Err(AppError::invalid("outcome", Key::ValidationChoice)),
        }
    }
}

/// Whether the actor may decide reviews of this competition's applicant: HR or the mayor, not
/// on the commission's sheets for that applicant.
async fn may_decide(
    conn: &mut SqliteConnection,
    actor: &Actor,
    application: i64,
) -> Result<bool, AppError> {
    Ok((actor.has(Role::Hr) || actor.has(Role::Mayor))
        && !repo::scored_applicant(conn, application, actor.user.id).await?)
}

pub async fn decide_review(
    db: &Db,
    actor: &Actor,
    competition: i64,
    review: i64,
    revision: i64,
    input: ReviewDecision,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let r = repo::review(&mut tx, review)
        .await?
        .filter(|r| r.competition_id == competition)
        .ok_or(AppError::NotFound)?;
    if !may_decide(&mut tx, actor, r.application_id).await? {
        return Err(AppError::Forbidden);
    }
    let next = advance(&mut tx, Revised::Review, review, revision).await?;
    if r.state != ReviewState::Pending {
        return Err(AppError::Conflict(Key::ConflictReviewDecided));
    }
    repo::decide_review(
        &mut tx,
        review,
        input.outcome,
        &input.decision,
        actor.user.id,
        actor.at,
    )
    .await?;
    let effect = if input.outcome == ReviewState::Upheld {
        uphold(&mut tx, actor, &r).await?
    } else {
        ReviewEffect::None
    };
    audit(
        &mut *tx,
        actor,
        "competition_review.decided",
        "competition_review",
        review,
        Some(json!({"state": r.state, "revision": r.revision})),
        Some(with_revision(
            json!({"state": input.outcome, "decision": input.decision, "effect": effect}),
            Revised::Review,
            next,
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What an upheld review changed in the competition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum ReviewEffect {
    /// Nothing: rejected, or the applicant had passed, or the winner was already notified.
    None,
    /// The applicant goes on to the next stage.
    Restored,
    /// The applicant, back after the last stage, is ranked anew with the others.
    Reranked,
}

/// An upheld review of a stage the applicant had not passed lets them through it while the
/// competition can still take them: during the stages, or after the last stage until the
/// winner is notified (then the ranking is made again).
async fn uphold(
    conn: &mut SqliteConnection,
    actor: &Actor,
    r: &ReviewRecord,
) -> Result<ReviewEffect, AppError> {
    let c = super::load(conn, r.competition_id).await?;
    let failed = repo::stage_results(conn, c.id)
        .await?
        .iter()
        .any(|x| x.ordinal == r.ordinal && x.application_id == r.application_id && !x.passed);
    let stages = repo::stages(conn, c.id).await?;
    let last = stages.iter().map(|s| s.ordinal).max() == Some(r.ordinal);
    let effect = match c.state {
        _ if !failed => ReviewEffect::None,
        // Only the stage just closed: a later one has gone on without them.
        CompetitionState::Stages if r.ordinal + 1 == c.current_stage => ReviewEffect::Restored,
        CompetitionState::Decided if last && c.notified_on.is_none() => ReviewEffect::Reranked,
        _ => ReviewEffect::None,
    };
    if effect == ReviewEffect::None {
        return Ok(effect);
    }
    repo::uphold_stage_result(conn, c.id, r.ordinal, r.application_id, r.id).await?;
    repo::set_application_state(conn, r.application_id, ApplicationState::Admitted).await?;
    if effect == ReviewEffect::Reranked {
        repo::reopen_ranking(conn, c.id).await?;
        super::scoring::decide_ranking(conn, actor, &c, &stages).await?;
    }
    Ok(effect)
}

/// The competition's review requests as the page and the minutes show them.
pub(crate) async fn review_rows(
    conn: &mut SqliteConnection,
    actor: &Actor,
    competition: i64,
) -> Result<Vec<ReviewRow>, AppError> {
    let stages = repo::stages(conn, competition).await?;
    let stages = stage_views(conn, &stages).await?;
    let upheld: Vec<i64> = repo::stage_results(conn, competition)
        .await?
        .iter()
        .filter_map(|x| x.upheld_review_id)
        .collect();
    let mut rows = Vec::new();
    for r in repo::reviews(conn, competition).await? {
        let Some(stage) = stages.iter().find(|s| s.ordinal == r.ordinal).cloned() else {
            continue;
        };
        let may =
            r.state == ReviewState::Pending && may_decide(conn, actor, r.application_id).await?;
        rows.push(ReviewRow {
            id: r.id,
            applicant: Bilingual::new(
                format!("{} {}", r.first_name_ka, r.last_name_ka),
                format!("{} {}", r.first_name_en, r.last_name_en),
            ),
            stage,
            reason: r.reason.clone(),
            requested_on: georgia_date(r.requested_at),
            state: r.state,
            decision: r.decision.clone(),
            decided_by: r.decided_by_name.clone(),
            decided_on: r.decided_at.map(georgia_date),
            may_decide: may,
            let_through: upheld.contains(&r.id),
            revision: r.revision,
        });
    }
    Ok(rows)
}
