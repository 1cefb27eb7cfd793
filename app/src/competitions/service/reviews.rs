//! Applicants' review requests: asked with the receipt code within the configured working
//! days of a stage result (`competition.review_days`), decided once by HR or the mayor, never
//! by someone who scored the applicant.
use super::super::repo::{self, ReviewRecord, StageRecord};
use super::super::{OwnReview, ReviewRow};
use super::applications::{audit_public, by_code};
use super::stage_views;
use crate::domain::common::georgia_date;
use crate::domain::competition::ReviewState;
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
    audit(
        &mut *tx,
        actor,
        "competition_review.decided",
        "competition_review",
        review,
        Some(json!({"state": r.state, "revision": r.revision})),
        Some(with_revision(
            json!({"state": input.outcome, "decision": input.decision}),
            Revised::Review,
            next,
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The competition's review requests as the page and the minutes show them.
pub(crate) async fn review_rows(
    conn: &mut SqliteConnection,
    actor: &Actor,
    competition: i64,
) -> Result<Vec<ReviewRow>, AppError> {
    let stages = stage_views(&repo::stages(conn, competition).await?)?;
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
            revision: r.revision,
        });
    }
    Ok(rows)
}
