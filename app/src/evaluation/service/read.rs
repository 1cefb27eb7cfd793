//! Reading one evaluation: who may, and what they may do next.
use super::*;

// ---- One evaluation: reading --------------------------------------------------------------

/// How the actor relates to an evaluation.
pub(super) struct Relation {
    pub(super) officer: bool,
    pub(super) evaluator: bool,
    pub(super) hr: bool,
    pub(super) mayor: bool,
    pub(super) reviewer: bool,
}

impl Relation {
    pub(super) fn of(actor: &Actor, st: &EvalState, appeal: Option<&repo::AppealRecord>) -> Self {
        let me = actor.user.employee_id;
        let evaluator = me.is_some() && me == st.evaluator_id;
        let reviewer = appeal.is_some_and(|a| match a.reviewer_user_id {
            Some(user) => user == actor.user.id,
            None => actor.has(Role::Mayor),
        }) && !evaluator;
        Relation {
            officer: me == Some(st.employee_id),
            evaluator,
            hr: actor.has(Role::Hr),
            mayor: actor.has(Role::Mayor),
            reviewer,
        }
    }

    /// Confidentiality: the officer, the evaluator, HR, the mayor and the appeal reviewer.
    pub(super) fn may_read(&self) -> bool {
        self.officer || self.evaluator || self.hr || self.mayor || self.reviewer
    }
}

pub(super) fn date_of(t: Option<chrono::DateTime<Utc>>) -> Option<NaiveDate> {
    t.map(|t| (t + Duration::hours(4)).date_naive())
}

pub(super) fn capabilities(
    rel: &Relation,
    st: &EvalState,
    appeal: Option<&repo::AppealRecord>,
    settings: &MethodSettings,
    today: NaiveDate,
) -> Capabilities {
    let open = st.cycle_status == "open";
    let stage = st.stage();
    let ack_due =
        date_of(st.rated_at).map(|d| d + Duration::days(i64::from(settings.acknowledge_days)));
    Capabilities {
        plan: open && rel.evaluator && matches!(stage, Stage::Planning | Stage::PlanConfirmation),
        confirm_plan: open && rel.officer && stage == Stage::PlanConfirmation,
        self_assess: open && rel.officer && stage == Stage::SelfAssessment,
        rate: open && rel.evaluator && stage == Stage::Rating,
        answer: open && rel.officer && stage == Stage::Acknowledgement,
        finalize: open
            && rel.hr
            && (stage == Stage::Finalization
                || (stage == Stage::Acknowledgement
                    && ack_due.is_some_and(|d| rules::overdue(d, today)))),
        appeal: rel.officer
            && stage == Stage::Finalized
            && appeal.is_none()
            && appeal_due(st, settings).is_some_and(|d| !rules::overdue(d, today)),
        decide: rel.reviewer && stage == Stage::Appealed,
        manage: rel.hr && (open || stage == Stage::Appealed),
    }
}

pub(super) fn appeal_due(st: &EvalState, settings: &MethodSettings) -> Option<NaiveDate> {
    date_of(st.finalized_at).map(|d| d + Duration::days(i64::from(settings.appeal_days)))
}

pub async fn read(actor: &Actor, id: i64, today: NaiveDate) -> Result<EvaluationDetail, AppError> {
    let db = state()?.db;
    let mut conn = db.read.acquire().await?;
    let st = repo::state(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let appeal = repo::appeal(&mut conn, id).await?;
    let rel = Relation::of(actor, &st, appeal.as_ref());
    if !rel.may_read() {
        return Err(AppError::Forbidden);
    }
    let settings = st.settings()?;
    let stage = st.stage();
    let catalogue = repo::competencies(&mut conn, st.method_id).await?;
    let stored = repo::scores(&mut conn, id).await?;
    let chosen: Vec<i64> = if stored.is_empty() {
        catalogue
            .iter()
            .filter(|c| rules::applies_to_rank(&c.ranks, st.rank))
            .map(|c| c.id)
            .collect()
    } else {
        stored.iter().map(|s| s.competency_id).collect()
    };
    let planning = matches!(stage, Stage::Planning | Stage::PlanConfirmation);
    // The officer does not see the evaluator's scores before they are submitted.
    let scores_visible = !matches!(stage, Stage::Rating) || !rel.officer || rel.evaluator;
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
    let results = repo::results(&mut conn, id).await?;
    let can = capabilities(&rel, &st, appeal.as_ref(), &settings, today);
    let row = repo::rows(
        &db.read,
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
    let cycle = repo::cycles(&db.read, Some(st.cycle_id))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    drop(conn);
    // Confidential: the read itself is recorded.
    let mut tx = db.write.begin().await?;
    audit(
        &mut tx,
        actor,
        "evaluation.read",
        "evaluation",
        id,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    let stamp = |t: Option<chrono::DateTime<Utc>>| t.map(repo::stamp);
    Ok(EvaluationDetail {
        row,
        cycle,
        rank: st.rank,
        lines,
        chosen,
        objectives: st.objectives.clone(),
        self_comment: st.self_comment.clone(),
        summary_comment: st.summary_comment.clone().filter(|_| scores_visible),
        plan_submitted_at: stamp(st.plan_submitted_at),
        plan_confirmed_at: stamp(st.plan_confirmed_at),
        self_submitted_at: stamp(st.self_submitted_at),
        rated_at: stamp(st.rated_at),
        acknowledged_at: stamp(st.acknowledged_at),
        objection: st.objection.clone(),
        finalized_at: stamp(st.finalized_at),
        hr_note: st.hr_note.clone(),
        results,
        appeal: appeal.map(|a| AppealView {
            decision_due: a.filed_at.date_naive()
                + Duration::days(i64::from(settings.appeal_decision_days)),
            filed_at: repo::stamp(a.filed_at),
            grounds: a.grounds,
            reviewer: a.reviewer,
            decided_at: a.decided_at.map(repo::stamp),
            decision: a.decision,
            reasoning: a.reasoning,
        }),
        acknowledge_due: date_of(st.rated_at)
            .map(|d| d + Duration::days(i64::from(settings.acknowledge_days))),
        appeal_due: appeal_due(&st, &settings),
        settings,
        can,
    })
}
