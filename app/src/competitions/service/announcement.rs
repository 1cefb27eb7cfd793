//! Drafting the announcement (texts, stages, commission) and announcing it by the mayor's
//! order; applications close by themselves after the deadline.
use super::super::repo::{self, AnnouncementTexts};
use super::super::{AnnouncementForm, CommissionForm, StagesForm};
use super::load;
use crate::domain::competition::{
    check_stages, CommissionRole, CompetitionState, StageKind, StageRule, StageRulesProblem,
};
use crate::domain::order::OrderType;
use crate::error::{AppError, Problems};
use crate::i18n::Key;
use crate::orders::service::OrderInput;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{forms, Actor, Db};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::SqliteConnection;

pub struct AnnouncementInput {
    pub title: (String, String),
    pub duties: (String, String),
    pub requirements: (String, String),
    pub questions: (String, String),
    pub applications_until: NaiveDate,
    pub anonymous_written: bool,
    pub rescore_gap: Decimal,
}

impl AnnouncementInput {
    /// Every field checked at once; the deadline must lie ahead.
    pub fn parse(form: &AnnouncementForm, today: NaiveDate) -> Result<Self, AppError> {
        let mut p = Problems::default();
        let text = |p: &mut Problems, field: &str, value: &str| {
            p.take(forms::long_text(field, value)).unwrap_or_default()
        };
        let title = (
            text(&mut p, "title_ka", &form.title_ka),
            text(&mut p, "title_en", &form.title_en),
        );
        let duties = (
            text(&mut p, "duties_ka", &form.duties_ka),
            text(&mut p, "duties_en", &form.duties_en),
        );
        let requirements = (
            text(&mut p, "requirements_ka", &form.requirements_ka),
            text(&mut p, "requirements_en", &form.requirements_en),
        );
        let questions = (
            p.take(forms::optional_text(
                "questions_ka",
                &form.questions_ka,
                2_000,
            ))
            .unwrap_or_default(),
            p.take(forms::optional_text(
                "questions_en",
                &form.questions_en,
                2_000,
            ))
            .unwrap_or_default(),
        );
        let until = p.take(forms::required_date(
            "applications_until",
            &form.applications_until,
        ));
        if until.is_some_and(|d| d <= today) {
            p.add("applications_until", Key::ValidationFutureDate);
        }
        let gap = p.take(forms::decimal("rescore_gap", &form.rescore_gap));
        if gap.is_some_and(|g| g <= Decimal::ZERO || g > Decimal::ONE) {
            p.add("rescore_gap", Key::ValidationShare);
        }
        p.finish()?;
        Ok(AnnouncementInput {
            title,
            duties,
            requirements,
            questions,
            applications_until: until.unwrap_or(today),
            anonymous_written: forms::checked(&form.anonymous_written),
            rescore_gap: gap.unwrap_or(Decimal::ONE),
        })
    }
}

async fn draft_at(
    conn: &mut SqliteConnection,
    id: i64,
    revision: i64,
    allowed: &[CompetitionState],
) -> Result<(repo::CompetitionRecord, i64), AppError> {
    let c = load(conn, id).await?;
    let next = advance(conn, Revised::Competition, id, revision).await?;
    if !allowed.contains(&c.state) {
        return Err(AppError::Conflict(Key::ConflictCompetitionState));
    }
    Ok((c, next))
}

pub async fn save_announcement(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    a: AnnouncementInput,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let (c, next) = draft_at(&mut tx, id, revision, &[CompetitionState::Draft]).await?;
    // The window is at least the rule's days from today (it is announced later, not earlier).
    let min_days =
        crate::ssr::rules::number(&mut tx, "competition.min_application_days", actor.today())
            .await?;
    if (a.applications_until - actor.today()).num_days() < i64::from(min_days) {
        return Err(AppError::invalid(
            "applications_until",
            Key::ValidationApplicationWindow,
        ));
    }
    repo::update_announcement(
        &mut tx,
        id,
        &AnnouncementTexts {
            title: (&a.title.0, &a.title.1),
            duties: (&a.duties.0, &a.duties.1),
            requirements: (&a.requirements.0, &a.requirements.1),
            questions: (&a.questions.0, &a.questions.1),
            applications_until: a.applications_until,
            anonymous_written: a.anonymous_written,
            rescore_gap: a.rescore_gap,
        },
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "competition.announcement_saved",
        "competition",
        id,
        Some(
            json!({"title_ka": c.title_ka, "applications_until": c.applications_until,
            "duties_ka": c.duties_ka, "requirements_ka": c.requirements_ka}),
        ),
        Some(
            json!({"title_ka": a.title.0, "applications_until": a.applications_until,
            "duties_ka": a.duties.0, "requirements_ka": a.requirements.0, "revision": next}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The stage rows of the form, in order; a row without a kind ends the list.
pub fn parse_stages(form: &StagesForm) -> Result<Vec<StageRule>, AppError> {
    let get = |map: &Option<std::collections::HashMap<String, String>>, i: usize| {
        map.as_ref()
            .and_then(|m| m.get(&i.to_string()))
            .cloned()
            .unwrap_or_default()
    };
    let mut p = Problems::default();
    let mut stages = Vec::new();
    for i in 1..=4 {
        let kind = get(&form.stage_kind, i);
        if kind.trim().is_empty() {
            break;
        }
        let kind = p.take(forms::choice::<StageKind>(
            &format!("stage_kind[{i}]"),
            &kind,
        ));
        let max = p.take(forms::decimal(
            &format!("stage_max[{i}]"),
            &get(&form.stage_max, i),
        ));
        let weight = p.take(forms::decimal(
            &format!("stage_weight[{i}]"),
            &get(&form.stage_weight, i),
        ));
        let pass = p.take(forms::decimal(
            &format!("stage_pass[{i}]"),
            &get(&form.stage_pass, i),
        ));
        if let (Some(kind), Some(max_points), Some(weight), Some(pass)) = (kind, max, weight, pass)
        {
            stages.push(StageRule {
                kind,
                max_points,
                weight,
                pass_ratio: pass / Decimal::ONE_HUNDRED,
            });
        }
    }
    p.finish()?;
    match check_stages(&stages) {
        Ok(()) => Ok(stages),
        Err(StageRulesProblem::NoStages) => {
            Err(AppError::invalid("stage_kind[1]", Key::ValidationRequired))
        }
        Err(StageRulesProblem::OutOfRange(i)) => Err(AppError::invalid(
            &format!("stage_max[{}]", i + 1),
            Key::ValidationStageRange,
        )),
        Err(StageRulesProblem::WeightsDoNotAddUp) => Err(AppError::invalid(
            "stage_weight[1]",
            Key::ValidationWeightsSum,
        )),
    }
}

pub async fn save_stages(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    stages: Vec<StageRule>,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let (_, next) = draft_at(&mut tx, id, revision, &[CompetitionState::Draft]).await?;
    let old = repo::stages(&mut tx, id).await?;
    let before = super::stage_views(&mut tx, &old).await?;
    repo::replace_stages(&mut tx, id, &stages).await?;
    audit(
        &mut tx,
        actor,
        "competition.stages_saved",
        "competition",
        id,
        Some(json!({"stages": before.iter().map(|s| s.rule).collect::<Vec<_>>()})),
        Some(json!({"stages": stages, "revision": next})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The chair, the secretary and the members ticked (`member[<user id>]`).
pub fn parse_commission(form: &CommissionForm) -> Result<Vec<(i64, CommissionRole)>, AppError> {
    let mut p = Problems::default();
    let chair = p.take(forms::required_id("chair", &form.chair));
    let secretary = p.take(forms::required_id("secretary", &form.secretary));
    p.finish()?;
    let (Some(chair), Some(secretary)) = (chair, secretary) else {
        return Err(AppError::invalid("chair", Key::ValidationRequired));
    };
    if chair == secretary {
        return Err(AppError::invalid(
            "secretary",
            Key::ValidationChairNotSecretary,
        ));
    }
    let mut members = vec![
        (chair, CommissionRole::Chair),
        (secretary, CommissionRole::Secretary),
    ];
    for id in forms::ticked_ids(&form.member) {
        if id != chair && id != secretary {
            members.push((id, CommissionRole::Member));
        }
    }
    Ok(members)
}

/// Sets the commission before anyone declared: members hold the commission role, there are at
/// least the rule's number, and none is the vacancy's applicant-to-be's colleague check's
/// business (declarations do that per applicant).
pub async fn set_commission(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    members: Vec<(i64, CommissionRole)>,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let (_, next) = draft_at(
        &mut tx,
        id,
        revision,
        &[CompetitionState::Draft, CompetitionState::Announced],
    )
    .await?;
    if !repo::declarations(&mut tx, id).await?.is_empty() {
        return Err(AppError::Conflict(Key::ConflictCommissionDeclared));
    }
    let candidates: Vec<i64> = repo::commission_candidates(&mut tx)
        .await?
        .into_iter()
        .map(|c| c.user_id)
        .collect();
    if members.iter().any(|(u, _)| !candidates.contains(u)) {
        return Err(AppError::invalid("chair", Key::ValidationChoice));
    }
    let min = crate::ssr::rules::number(&mut tx, "commission.min_members", actor.today()).await?;
    if members.len() < min as usize {
        return Err(AppError::invalid("member", Key::ValidationCommissionSize));
    }
    let before: Vec<_> = repo::members(&mut tx, id)
        .await?
        .into_iter()
        .map(|m| json!({"user_id": m.user_id, "role": m.role}))
        .collect();
    repo::replace_members(&mut tx, id, &members).await?;
    audit(
        &mut tx,
        actor,
        "competition.commission_set",
        "competition",
        id,
        Some(json!({"members": before})),
        Some(json!({"members": members.iter().map(|(u, r)| json!({"user_id": u, "role": r})).collect::<Vec<_>>(),
            "revision": next})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The mayor announces a complete draft by an order: stages and a commission in place, the
/// application window at least the rule's days from today.
pub async fn announce(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    order: OrderInput,
) -> Result<(), AppError> {
    let today = actor.today();
    let mut tx = db.write.begin().await?;
    let (c, next) = draft_at(&mut tx, id, revision, &[CompetitionState::Draft]).await?;
    let stages: Vec<StageRule> = repo::stages(&mut tx, id)
        .await?
        .iter()
        .map(|s| s.rule())
        .collect::<Result<_, _>>()?;
    if check_stages(&stages).is_err() {
        return Err(AppError::Conflict(Key::ConflictCompetitionIncomplete));
    }
    let members = repo::members(&mut tx, id).await?;
    let min = crate::ssr::rules::number(&mut tx, "commission.min_members", today).await?;
    if members.len() < min as usize {
        return Err(AppError::Conflict(Key::ConflictCompetitionIncomplete));
    }
    let min_days =
        crate::ssr::rules::number(&mut tx, "competition.min_application_days", today).await?;
    if (c.applications_until - today).num_days() < i64::from(min_days) {
        return Err(AppError::Conflict(Key::ValidationApplicationWindow));
    }
    let title = format!(
        "{} — {}",
        c.title_ka,
        c.kind.key().text(crate::i18n::Locale::Ka)
    );
    let order_id = order
        .resolve(&mut tx, actor, &title, order.date, OrderType::Personnel)
        .await?;
    repo::set_announced(&mut tx, id, order_id, today).await?;
    audit(
        &mut tx,
        actor,
        "competition.announced",
        "competition",
        id,
        Some(json!({"state": c.state})),
        Some(
            json!({"state": CompetitionState::Announced, "order_id": order_id,
            "applications_until": c.applications_until, "revision": next}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Closes the application window of every announced competition whose deadline passed, and
/// begins their formal check.
pub async fn close_applications(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    at: DateTime<Utc>,
) -> Result<usize, AppError> {
    let due = repo::past_deadline(conn, today).await?;
    for id in &due {
        repo::set_state(conn, *id, CompetitionState::FormalCheck).await?;
        crate::ssr::audit::record(
            conn,
            crate::ssr::audit::AuditEntry {
                at,
                actor_user_id: None,
                action: "competition.applications_closed",
                entity: "competition",
                entity_id: Some(id.to_string()),
                before: Some(json!({"state": CompetitionState::Announced})),
                after: Some(json!({"state": CompetitionState::FormalCheck})),
                client_addr: None,
            },
        )
        .await?;
    }
    Ok(due.len())
}
