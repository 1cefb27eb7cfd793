//! Reading evaluations: list rows with their deadlines, one evaluation with what the reader
//! may do next, and who may read it.
use super::super::repo::{self, AppealRecord, EvalFilter, EvalRecord, EvalState};
use super::super::{AppealView, EvalRow, EvaluationDetail, ResultVersion, ScoreLine};
use crate::domain::common::{georgia_date, stamp};
use crate::domain::evaluation::{
    self as rules, acknowledge_due, appeal_due, applies_to_rank, decision_due, display_mark,
    stage_due, Capabilities, CycleDeadlines, EvalFacts, MethodSettings, Relation, Stage,
};
use crate::domain::{Bilingual, Role};
use crate::error::AppError;
use crate::page::{offset, Page, PAGE_SIZE};
use crate::ssr::{Actor, Db};
use chrono::NaiveDate;
use std::collections::HashMap;

/// How the actor relates to an evaluation. Separation of duties is decided here: on their own
/// evaluation someone is only its officer (never HR, the mayor or the reviewer), and whoever
/// evaluates it neither decides its appeal nor acts on it as HR.
pub fn relation(actor: &Actor, st: &EvalState, appeal: Option<&AppealRecord>) -> Relation {
    let me = actor.user.employee_id;
    let officer = me == Some(st.employee_id);
    let evaluator = me.is_some() && me == st.evaluator_id;
    let involved = officer || evaluator;
    let reviewer = !involved
        && appeal.is_some_and(|a| match a.reviewer_user_id {
            Some(user) => user == actor.user.id,
            None => actor.has(Role::Mayor),
        });
    Relation {
        officer,
        evaluator,
        hr: actor.has(Role::Hr) && !involved,
        mayor: actor.has(Role::Mayor) && !officer,
        reviewer,
    }
}

/// What the rules need to know about an evaluation on `today`.
pub fn facts(
    st: &EvalState,
    appeal: Option<&AppealRecord>,
    settings: &MethodSettings,
    today: NaiveDate,
) -> EvalFacts {
    EvalFacts {
        stage: st.stage,
        cycle: st.cycle_status,
        self_assessment: settings.self_assessment,
        acknowledge_due: st
            .rated_at
            .map(|t| acknowledge_due(georgia_date(t), settings)),
        appeal_due: st.received_on.map(|on| appeal_due(on, settings)),
        appealed: appeal.is_some(),
        today,
    }
}

/// A list row from its record: the deadline of its stage and whether it has passed on `today`.
pub fn to_row(r: EvalRecord, settings: &MethodSettings, today: NaiveDate) -> EvalRow {
    let due = stage_due(
        r.stage,
        &CycleDeadlines {
            planning: r.planning_due,
            rating: r.rating_due,
            summary: r.summary_due,
        },
        r.rated_at.map(georgia_date),
        r.filed_at.map(georgia_date),
        settings,
    );
    EvalRow {
        id: r.id,
        cycle_id: r.cycle_id,
        period: rules::period_label(r.period_start, r.period_end),
        employee: r.employee(),
        evaluator: r.evaluator(),
        position: Bilingual::both(r.title_ka, r.title_en),
        unit: Bilingual::both(r.unit_ka, r.unit_en),
        stage: r.stage,
        exempt_reason: r.exempt_reason,
        mark: r.final_mark.and_then(|m| m.parse().ok()).map(display_mark),
        rating: r.rating,
        due,
        overdue: due.is_some_and(|d| rules::overdue(d, today)),
        reminded: r.reminded_at.map(georgia_date),
    }
}

/// Rows matching a filter (a page of them when `limit` is given), each with its deadline.
pub async fn rows(
    db: &Db,
    filter: &EvalFilter,
    limit: Option<(i64, i64)>,
    today: NaiveDate,
) -> Result<Vec<EvalRow>, AppError> {
    let records = repo::records(&db.read, filter, limit).await?;
    // Cycles share a method's settings: parse each once.
    let mut settings: HashMap<i64, MethodSettings> = HashMap::new();
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let s = match settings.get(&r.cycle_id) {
            Some(s) => s.clone(),
            None => {
                let s: MethodSettings =
                    serde_json::from_str(&r.settings_json).map_err(AppError::internal)?;
                settings.insert(r.cycle_id, s.clone());
                s
            }
        };
        out.push(to_row(r, &s, today));
    }
    Ok(out)
}

pub async fn page(
    db: &Db,
    filter: &EvalFilter,
    page: Option<i64>,
    today: NaiveDate,
) -> Result<Page<EvalRow>, AppError> {
    let (page, skip) = offset(page);
    Ok(Page {
        total: repo::count(&db.read, filter).await?,
        items: rows(db, filter, Some((PAGE_SIZE, skip)), today).await?,
        page,
        per_page: PAGE_SIZE,
    })
}

fn result_version(r: repo::ResultRecord) -> ResultVersion {
    ResultVersion {
        version: r.version,
        display: r.final_mark.parse().map(display_mark).unwrap_or_default(),
        final_mark: r.final_mark,
        rating: r.rating,
        sum: r.score_sum,
        count: r.score_count,
        created_at: stamp(r.created_at),
        by_appeal: r.appeal_id.is_some(),
        inputs_json: r.inputs_json,
    }
}

/// One evaluation as the actor may see it; the read itself is recorded.
pub async fn read(db: &Db, actor: &Actor, id: i64) -> Result<EvaluationDetail, AppError> {
    let today = actor.today();
    let mut conn = db.read.acquire().await?;
    let st = repo::state(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let appeal = repo::appeal(&mut conn, id).await?;
    let rel = relation(actor, &st, appeal.as_ref());
    if !rel.may_read() {
        return Err(AppError::Forbidden);
    }
    let settings = st.settings()?;
    let catalogue = repo::competencies(&mut conn, st.method_id).await?;
    let stored = repo::scores(&mut conn, id).await?;
    let chosen: Vec<i64> = if stored.is_empty() {
        catalogue
            .iter()
            .filter(|c| applies_to_rank(&c.ranks, st.rank))
            .map(|c| c.id)
            .collect()
    } else {
        stored.iter().map(|s| s.competency_id).collect()
    };
    let planning = matches!(st.stage, Stage::Planning | Stage::PlanConfirmation);
    // The officer does not see the evaluator's scores before they are submitted.
    let scores_visible = st.stage != Stage::Rating || !rel.officer || rel.evaluator;
    let lines: Vec<ScoreLine> = catalogue
        .iter()
        .filter(|c| planning || chosen.contains(&c.id))
        .map(|c| {
            let s = stored.iter().find(|s| s.competency_id == c.id);
            ScoreLine {
                competency: c.clone(),
                self_score: s.and_then(|s| s.self_score),
                score: s.and_then(|s| s.score).filter(|_| scores_visible),
                comment: s.and_then(|s| s.comment.clone()).filter(|_| scores_visible),
            }
        })
        .collect();
    let results = repo::results(&mut conn, id)
        .await?
        .into_iter()
        .map(result_version)
        .collect();
    let facts = facts(&st, appeal.as_ref(), &settings, today);
    // Never hold a connection while waiting for another (the pool could run dry).
    drop(conn);
    let row = rows(
        db,
        &EvalFilter {
            id: Some(id),
            ..Default::default()
        },
        None,
        today,
    )
    .await?
    .into_iter()
    .next()
    .ok_or(AppError::NotFound)?;
    let cycle = repo::cycle(&db.read, st.cycle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Confidential: the read itself is recorded.
    crate::ssr::audit::log_read(db, actor, "evaluation.read", "evaluation", id, None).await?;
    let at = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(stamp);
    let monthly = crate::work_plans::service::evaluations_between(
        db,
        st.employee_id,
        cycle.period_start,
        cycle.period_end,
    )
    .await?;
    Ok(EvaluationDetail {
        monthly,
        row,
        cycle,
        rank: st.rank,
        lines,
        chosen,
        objectives: st.objectives.clone(),
        self_comment: st.self_comment.clone(),
        summary_comment: st.summary_comment.clone().filter(|_| scores_visible),
        plan_submitted_at: at(st.plan_submitted_at),
        plan_confirmed_at: at(st.plan_confirmed_at),
        self_submitted_at: at(st.self_submitted_at),
        rated_at: at(st.rated_at),
        acknowledged_at: at(st.acknowledged_at),
        objection: st.objection.clone(),
        finalized_at: at(st.finalized_at),
        hr_note: st.hr_note.clone(),
        results,
        appeal: appeal.map(|a| AppealView {
            decision_due: decision_due(georgia_date(a.filed_at), &settings),
            filed_at: stamp(a.filed_at),
            grounds: a.grounds,
            reviewer: a.reviewer,
            decided_at: a.decided_at.map(stamp),
            decision: a.decision,
            reasoning: a.reasoning,
        }),
        acknowledge_due: facts.acknowledge_due,
        received_on: st.received_on,
        appeal_due: facts.appeal_due,
        can: Capabilities::of(&rel, &facts),
        settings,
    })
}
