//! The steps of one evaluation, the computed result and appeals.
use super::read::{appeal_due, date_of, Relation};
use super::*;

// ---- One evaluation: steps ----------------------------------------------------------------

/// Loads the evaluation inside the transaction and checks the step: the actor's relation
/// (`allowed`), the cycle being open (except for appeals) and the stage machine.
pub(super) async fn begin_step(
    conn: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
    step: Step,
    allowed: impl Fn(&Relation) -> bool,
) -> Result<(EvalState, MethodSettings, Stage), AppError> {
    let st = repo::state(conn, id).await?.ok_or(AppError::NotFound)?;
    let appeal = repo::appeal(conn, id).await?;
    let rel = Relation::of(actor, &st, appeal.as_ref());
    if !rel.may_read() {
        return Err(AppError::NotFound);
    }
    if !allowed(&rel) {
        return Err(AppError::Forbidden);
    }
    if st.cycle_status != "open" && !matches!(step, Step::Appeal | Step::DecideAppeal) {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let settings = st.settings()?;
    let next = rules::next_stage(st.stage(), step, settings.self_assessment)
        .ok_or(AppError::Conflict(Key::EvalWrongStage))?;
    Ok((st, settings, next))
}

pub(super) async fn set_stage(
    conn: &mut SqliteConnection,
    id: i64,
    stage: Stage,
    column: Option<&str>,
) -> Result<(), sqlx::Error> {
    let sql = match column {
        Some(c) => {
            format!("UPDATE evaluations SET stage = $1, updated_at = $2, {c} = $2 WHERE id = $3")
        }
        None => "UPDATE evaluations SET stage = $1, updated_at = $2 WHERE id = $3".to_string(),
    };
    sqlx::query(&sql)
        .bind(stage.code())
        .bind(Utc::now())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One text column of the evaluation (objectives, comments, objection).
async fn set_text(
    conn: &mut SqliteConnection,
    id: i64,
    column: &str,
    value: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE evaluations SET {column} = $1 WHERE id = $2"
    ))
    .bind(value)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn submit_plan(
    actor: &Actor,
    id: i64,
    objectives: &str,
    chosen: &[i64],
) -> Result<(), AppError> {
    let objectives = long_text("objectives", objectives)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, _, next) = begin_step(&mut tx, actor, id, Step::SubmitPlan, |r| r.evaluator).await?;
    let catalogue: HashSet<i64> = repo::competencies(&mut tx, st.method_id)
        .await?
        .iter()
        .map(|c| c.id)
        .collect();
    let chosen: Vec<i64> = chosen
        .iter()
        .copied()
        .filter(|c| catalogue.contains(c))
        .collect();
    if chosen.is_empty() {
        return Err(AppError::invalid("chosen", Key::EvalChooseCompetency));
    }
    sqlx::query("DELETE FROM evaluation_scores WHERE evaluation_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for competency in &chosen {
        sqlx::query("INSERT INTO evaluation_scores (evaluation_id, competency_id) VALUES ($1, $2)")
            .bind(id)
            .bind(competency)
            .execute(&mut *tx)
            .await?;
    }
    set_text(&mut tx, id, "objectives", Some(&objectives)).await?;
    set_stage(&mut tx, id, next, Some("plan_submitted_at")).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.plan",
        "evaluation",
        id,
        Some(json!({ "stage": st.stage, "objectives": st.objectives })),
        Some(json!({ "stage": next.code(), "objectives": objectives, "competencies": chosen })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn confirm_plan(actor: &Actor, id: i64) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, _, next) = begin_step(&mut tx, actor, id, Step::ConfirmPlan, |r| r.officer).await?;
    set_stage(&mut tx, id, next, Some("plan_confirmed_at")).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.confirm_plan",
        "evaluation",
        id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Parses `scores[<competency id>]` for exactly the planned competencies.
pub(super) fn parse_scores(
    planned: &[repo::ScoreRecord],
    input: &HashMap<String, String>,
    settings: &MethodSettings,
) -> Result<Vec<(i64, u8)>, AppError> {
    let mut out = Vec::new();
    for line in planned {
        let text = input
            .get(&line.competency_id.to_string())
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| AppError::invalid("scores", Key::EvalScoreMissing))?;
        let score: u8 = text
            .parse()
            .ok()
            .filter(|s| settings.scale().contains(s))
            .ok_or_else(|| AppError::invalid("scores", Key::EvalScoreOutOfScale))?;
        out.push((line.competency_id, score));
    }
    if out.is_empty() {
        return Err(AppError::invalid("scores", Key::EvalScoreMissing));
    }
    Ok(out)
}

pub async fn submit_self(
    actor: &Actor,
    id: i64,
    input: &HashMap<String, String>,
    comment: &str,
) -> Result<(), AppError> {
    let comment = optional_long_text("comment", comment)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, settings, next) = begin_step(&mut tx, actor, id, Step::SubmitSelfAssessment, |r| {
        r.officer
    })
    .await?;
    let planned = repo::scores(&mut tx, id).await?;
    let scores = parse_scores(&planned, input, &settings)?;
    for (competency, score) in &scores {
        sqlx::query("UPDATE evaluation_scores SET self_score = $1 WHERE evaluation_id = $2 AND competency_id = $3")
            .bind(i64::from(*score))
            .bind(id)
            .bind(competency)
            .execute(&mut *tx)
            .await?;
    }
    set_text(&mut tx, id, "self_comment", comment.as_deref()).await?;
    set_stage(&mut tx, id, next, Some("self_submitted_at")).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.self_assessment",
        "evaluation",
        id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "self_scores": scores, "comment": comment })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn submit_rating(
    actor: &Actor,
    id: i64,
    input: &HashMap<String, String>,
    comments: &HashMap<String, String>,
    summary_comment: &str,
) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, settings, next) =
        begin_step(&mut tx, actor, id, Step::SubmitRating, |r| r.evaluator).await?;
    let planned = repo::scores(&mut tx, id).await?;
    let scores = parse_scores(&planned, input, &settings)?;
    let mut lines = Vec::new();
    for (competency, score) in &scores {
        let comment = comments
            .get(&competency.to_string())
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        if comment.as_ref().is_some_and(|c| c.chars().count() > 5_000) {
            return Err(AppError::invalid("comments", Key::ValidationTooLong));
        }
        let extreme = *score == settings.scale_min || *score == settings.scale_max;
        if settings.comment_required_for_extremes && extreme && comment.is_none() {
            return Err(AppError::invalid("comments", Key::EvalCommentRequired));
        }
        lines.push((*competency, *score, comment));
    }
    let summary_comment = long_text("summary_comment", summary_comment)?;
    let values: Vec<u8> = lines.iter().map(|l| l.1).collect();
    let mark = final_mark(&values, &settings)
        .map_err(|_| AppError::invalid("scores", Key::EvalScoreMissing))?;
    for (competency, score, comment) in &lines {
        sqlx::query("UPDATE evaluation_scores SET score = $1, comment = $2 WHERE evaluation_id = $3 AND competency_id = $4")
            .bind(i64::from(*score))
            .bind(comment)
            .bind(id)
            .bind(competency)
            .execute(&mut *tx)
            .await?;
    }
    set_text(&mut tx, id, "summary_comment", Some(&summary_comment)).await?;
    set_stage(&mut tx, id, next, Some("rated_at")).await?;
    audit(&mut tx, actor, "evaluation.rate", "evaluation", id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "scores": lines, "mean": mark.mean, "rating": mark.rating.code(), "summary_comment": summary_comment }))).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn answer(actor: &Actor, id: i64, answer: &str, objection: &str) -> Result<(), AppError> {
    let (step, objection) = match answer.trim() {
        "acknowledge" => (Step::Acknowledge, None),
        "object" => (Step::Object, Some(long_text("objection", objection)?)),
        _ => return Err(AppError::invalid("answer", Key::ValidationChoice)),
    };
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, _, next) = begin_step(&mut tx, actor, id, step, |r| r.officer).await?;
    set_text(&mut tx, id, "objection", objection.as_deref()).await?;
    set_stage(&mut tx, id, next, Some("acknowledged_at")).await?;
    audit(
        &mut tx,
        actor,
        if objection.is_some() {
            "evaluation.object"
        } else {
            "evaluation.acknowledge"
        },
        "evaluation",
        id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "objection": objection })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The result of one evaluation from its stored scores, with the inputs that make it
/// re-verifiable: scores by competency code, scale, bands, method version and the rule.
pub fn compute_result<C: AsRef<str>>(
    evaluation_id: i64,
    scores: &[(C, i64)],
    settings: &MethodSettings,
    method: (i64, i64),
    version: i64,
    appeal_id: Option<i64>,
) -> Result<NewResult, AppError> {
    let values: Vec<u8> = scores
        .iter()
        .map(|(_, s)| u8::try_from(*s).unwrap_or(0))
        .collect();
    let mark =
        final_mark(&values, settings).map_err(|_| AppError::Conflict(Key::EvalScoreMissing))?;
    let inputs = ResultInputs {
        scores: scores.iter().map(|(code, s)| (code.as_ref(), *s)).collect(),
        sum: mark.sum,
        count: mark.count,
        mean: mark.mean,
        scale: [settings.scale_min, settings.scale_max],
        bands: &settings.bands,
        method_id: method.0,
        method_version: method.1,
        rule: rules::FINAL_MARK_RULE,
    };
    Ok(NewResult {
        evaluation_id,
        version,
        final_mark: mark.mean.to_string(),
        rating: mark.rating.code(),
        sum: i64::from(mark.sum),
        count: i64::from(mark.count),
        method_id: method.0,
        inputs_json: serde_json::to_string(&inputs).map_err(AppError::internal)?,
        appeal_id,
    })
}

/// What is stored with every result so it can be re-verified: the scores by competency code,
/// the sum, count and mean, the scale, the bands, the method version and the rule.
#[derive(serde::Serialize)]
struct ResultInputs<'a> {
    scores: Vec<(&'a str, i64)>,
    sum: u32,
    count: u32,
    mean: rust_decimal::Decimal,
    scale: [u8; 2],
    bands: &'a rules::Bands,
    method_id: i64,
    method_version: i64,
    rule: &'static str,
}

pub(super) async fn method_version(
    conn: &mut SqliteConnection,
    method_id: i64,
) -> Result<i64, AppError> {
    Ok(repo::method(conn, method_id)
        .await?
        .ok_or(AppError::NotFound)?
        .version)
}

pub async fn finalize_one(actor: &Actor, id: i64, today: NaiveDate) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let st = repo::state(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let settings = st.settings()?;
    let step = if st.stage() == Stage::Acknowledgement {
        let due =
            date_of(st.rated_at).map(|d| d + Duration::days(i64::from(settings.acknowledge_days)));
        if !due.is_some_and(|d| rules::overdue(d, today)) {
            return Err(AppError::Conflict(Key::EvalAwaitingAnswer));
        }
        Step::FinalizeUnacknowledged
    } else {
        Step::Finalize
    };
    let (st, settings, next) = begin_step(&mut tx, actor, id, step, |r| r.hr).await?;
    let scores: Vec<(String, i64)> = repo::scores(&mut tx, id)
        .await?
        .into_iter()
        .filter_map(|s| s.score.map(|v| (s.code, v)))
        .collect();
    let version = method_version(&mut tx, st.method_id).await?;
    let result = compute_result(id, &scores, &settings, (st.method_id, version), 1, None)?;
    let now = Utc::now();
    repo::insert_results(
        &mut tx,
        std::slice::from_ref(&result),
        Some(actor.user.id),
        now,
    )
    .await?;
    sqlx::query(
        "UPDATE evaluations SET stage = $1, finalized_at = $2, finalized_by = $3, updated_at = $2,
             result_id = (SELECT id FROM evaluation_results WHERE evaluation_id = $4 AND version = 1)
         WHERE id = $4",
    )
    .bind(next.code())
    .bind(now)
    .bind(actor.user.id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit(&mut tx, actor, "evaluation.finalize", "evaluation", id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "final_mark": result.final_mark, "rating": result.rating, "unanswered": step == Step::FinalizeUnacknowledged }))).await?;
    tx.commit().await?;
    Ok(())
}

/// Finalizes every evaluation of the cycle that is ready, in one transaction with one audit
/// row each. Built for 50,000 officers: one read of the scores, multi-row writes.
pub async fn appeal(
    actor: &Actor,
    id: i64,
    grounds: &str,
    today: NaiveDate,
) -> Result<(), AppError> {
    let grounds = long_text("grounds", grounds)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, settings, next) = begin_step(&mut tx, actor, id, Step::Appeal, |r| r.officer).await?;
    if repo::appeal(&mut tx, id).await?.is_some() {
        return Err(AppError::Conflict(Key::EvalAlreadyAppealed));
    }
    if !appeal_due(&st, &settings).is_some_and(|d| !rules::overdue(d, today)) {
        return Err(AppError::Conflict(Key::EvalAppealWindowClosed));
    }
    let appeal_id: i64 = sqlx::query_scalar(
        "INSERT INTO evaluation_appeals (evaluation_id, filed_at, grounds) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(id)
    .bind(Utc::now())
    .bind(&grounds)
    .fetch_one(&mut *tx)
    .await?;
    set_stage(&mut tx, id, next, None).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.appeal",
        "evaluation",
        id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "appeal_id": appeal_id, "grounds": grounds })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn decide(
    actor: &Actor,
    id: i64,
    decision: &str,
    reasoning: &str,
    input: &HashMap<String, String>,
) -> Result<(), AppError> {
    let changed = match decision.trim() {
        "upheld" => false,
        "changed" => true,
        _ => return Err(AppError::invalid("decision", Key::ValidationChoice)),
    };
    let reasoning = long_text("reasoning", reasoning)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, settings, next) =
        begin_step(&mut tx, actor, id, Step::DecideAppeal, |r| r.reviewer).await?;
    let appeal = repo::appeal(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let mut new_result = None;
    if changed {
        let planned = repo::scores(&mut tx, id).await?;
        let scores = parse_scores(&planned, input, &settings)?;
        let codes: HashMap<i64, String> = planned
            .iter()
            .map(|p| (p.competency_id, p.code.clone()))
            .collect();
        let by_code: Vec<(String, i64)> = scores
            .iter()
            .map(|(c, s)| (codes.get(c).cloned().unwrap_or_default(), i64::from(*s)))
            .collect();
        let version: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_results WHERE evaluation_id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let method = method_version(&mut tx, st.method_id).await?;
        let result = compute_result(
            id,
            &by_code,
            &settings,
            (st.method_id, method),
            version,
            Some(appeal.id),
        )?;
        repo::insert_results(
            &mut tx,
            std::slice::from_ref(&result),
            Some(actor.user.id),
            now,
        )
        .await?;
        sqlx::query(
            "UPDATE evaluations SET result_id = (SELECT id FROM evaluation_results
                 WHERE evaluation_id = $1 AND version = $2) WHERE id = $1",
        )
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        new_result = Some(result);
    }
    sqlx::query(
        "UPDATE evaluation_appeals SET decided_at = $1, decision = $2, reasoning = $3, decided_by = $4 WHERE id = $5",
    )
    .bind(now)
    .bind(if changed { "changed" } else { "upheld" })
    .bind(&reasoning)
    .bind(actor.user.id)
    .bind(appeal.id)
    .execute(&mut *tx)
    .await?;
    set_stage(&mut tx, id, next, None).await?;
    audit(&mut tx, actor, "evaluation.appeal_decided", "evaluation", id,
        Some(json!({ "stage": st.stage, "result_id": st.result_id })),
        Some(json!({ "stage": next.code(), "decision": if changed { "changed" } else { "upheld" }, "reasoning": reasoning,
                     "final_mark": new_result.as_ref().map(|r| r.final_mark.clone()),
                     "rating": new_result.as_ref().map(|r| r.rating) }))).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn manage(
    actor: &Actor,
    id: i64,
    action: &str,
    reason: &str,
    person: &str,
) -> Result<(), AppError> {
    let reason = long_text("reason", reason)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let st = repo::state(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let before = json!({ "stage": st.stage, "evaluator_id": st.evaluator_id, "exempt_reason": st.exempt_reason });
    let after = match action.trim() {
        "exempt" | "include" => {
            let step = if action.trim() == "exempt" {
                Step::Exempt
            } else {
                Step::Include
            };
            let (_, _, next) = begin_step(&mut tx, actor, id, step, |r| r.hr).await?;
            let exempt_reason = (next == Stage::Exempt).then_some(Exemption::ByHr.code());
            sqlx::query("UPDATE evaluations SET exempt_reason = $1, hr_note = $2 WHERE id = $3")
                .bind(exempt_reason)
                .bind(&reason)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            set_stage(&mut tx, id, next, None).await?;
            json!({ "stage": next.code(), "exempt_reason": exempt_reason, "reason": reason })
        }
        "reassign" => {
            if st.cycle_status != "open" || st.stage().is_final() || st.stage() == Stage::Exempt {
                return Err(AppError::Conflict(Key::EvalWrongStage));
            }
            let evaluator: i64 =
                sqlx::query_scalar("SELECT id FROM employees WHERE personal_number = $1")
                    .bind(person.trim())
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| AppError::invalid("person", Key::EvalPersonNotFound))?;
            if evaluator == st.employee_id {
                return Err(AppError::invalid("person", Key::EvalSelfEvaluator));
            }
            sqlx::query("UPDATE evaluations SET evaluator_id = $1, hr_note = $2, updated_at = $3 WHERE id = $4")
                .bind(evaluator)
                .bind(&reason)
                .bind(Utc::now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            json!({ "evaluator_id": evaluator, "reason": reason })
        }
        "delegate" => {
            if st.stage() != Stage::Appealed {
                return Err(AppError::Conflict(Key::EvalWrongStage));
            }
            let (user, employee): (i64, Option<i64>) = sqlx::query_as(
                "SELECT id, employee_id FROM users WHERE username = $1 AND is_active = 1",
            )
            .bind(person.trim())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::invalid("person", Key::EvalReviewerInvalid))?;
            if employee.is_some()
                && (employee == st.evaluator_id || employee == Some(st.employee_id))
            {
                return Err(AppError::invalid("person", Key::EvalReviewerInvalid));
            }
            sqlx::query(
                "UPDATE evaluation_appeals SET reviewer_user_id = $1 WHERE evaluation_id = $2",
            )
            .bind(user)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            json!({ "reviewer_user_id": user, "reason": reason })
        }
        _ => return Err(AppError::invalid("action", Key::ValidationChoice)),
    };
    audit(
        &mut tx,
        actor,
        &format!("evaluation.{}", action.trim()),
        "evaluation",
        id,
        Some(before),
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
