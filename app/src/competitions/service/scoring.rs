//! The commission's work: declarations of interest, blind score sheets, re-score rounds,
//! closing a stage with its results stored, the ranking and a tie decided by the chair.
use super::super::repo::{self, NewSheet, NewStageResult, SheetRecord, StageRecord};
use super::super::{ScoringView, SheetRow};
use super::{load, role_of, stage_views};
use crate::domain::competition::{
    quorum, rank, spread_exceeds, stage_result, total, ApplicationState, CommissionRole,
    CompetitionState, StageKind, StageResult,
};
use crate::domain::deadline::{due, Term};
use crate::domain::Bilingual;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::audit::audit;
use crate::ssr::revision::{advance, Revised};
use crate::ssr::{Actor, Db};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::SqliteConnection;
use std::collections::HashMap;

/// Everything a stage's scoring depends on, loaded once.
struct Panel {
    members: Vec<repo::MemberRecord>,
    /// (member, application) pairs with a declared conflict.
    conflicts: Vec<(i64, i64)>,
    declared: Vec<i64>,
    sheets: Vec<SheetRecord>,
    rescores: Vec<repo::RescoreRecord>,
    /// (stage, member) absent from that stage's session.
    absent: Vec<(i64, i64)>,
}

impl Panel {
    async fn load(conn: &mut SqliteConnection, competition: i64) -> Result<Self, AppError> {
        let declarations = repo::declarations(conn, competition).await?;
        let mut declared: Vec<i64> = declarations.iter().map(|d| d.user_id).collect();
        declared.sort_unstable();
        declared.dedup();
        Ok(Panel {
            members: repo::members(conn, competition).await?,
            conflicts: declarations
                .iter()
                .filter(|d| d.conflict)
                .map(|d| (d.user_id, d.application_id))
                .collect(),
            declared,
            sheets: repo::sheets(conn, competition).await?,
            rescores: repo::rescores(conn, competition).await?,
            absent: repo::absences(conn, competition).await?,
        })
    }

    /// Who scores a stage: a test's points are entered once, by the secretary; the other
    /// stages by every member.
    fn scorers(&self, kind: StageKind) -> Vec<i64> {
        self.members
            .iter()
            .filter(|m| kind != StageKind::Test || m.role == CommissionRole::Secretary)
            .map(|m| m.user_id)
            .collect()
    }

    fn recused(&self, user: i64, application: i64) -> bool {
        self.conflicts.contains(&(user, application))
    }

    fn is_absent(&self, ordinal: i64, user: i64) -> bool {
        self.absent.contains(&(ordinal, user))
    }

    /// The member submitted a sheet in this stage (then they were present).
    fn scored_in(&self, ordinal: i64, user: i64) -> bool {
        self.sheets
            .iter()
            .any(|s| s.ordinal == ordinal && s.user_id == user)
    }

    /// Members present at a stage's session.
    fn present(&self, ordinal: i64) -> u32 {
        self.members
            .iter()
            .filter(|m| !self.is_absent(ordinal, m.user_id))
            .count() as u32
    }

    /// The scorers of one applicant in a stage: those present and without a conflict.
    fn expected(&self, kind: StageKind, ordinal: i64, application: i64) -> Vec<i64> {
        self.scorers(kind)
            .into_iter()
            .filter(|u| !self.recused(*u, application) && !self.is_absent(ordinal, *u))
            .collect()
    }

    fn round(&self, ordinal: i64, application: i64) -> i64 {
        1 + self
            .rescores
            .iter()
            .filter(|r| r.ordinal == ordinal && r.application_id == application)
            .count() as i64
    }

    fn sheets_of(&self, ordinal: i64, application: i64, round: i64) -> Vec<&SheetRecord> {
        self.sheets
            .iter()
            .filter(|s| s.ordinal == ordinal && s.application_id == application && s.round == round)
            .collect()
    }

    fn complete(&self, kind: StageKind, ordinal: i64, application: i64) -> bool {
        let round = self.round(ordinal, application);
        let submitted: Vec<i64> = self
            .sheets_of(ordinal, application, round)
            .iter()
            .map(|s| s.user_id)
            .collect();
        let expected = self.expected(kind, ordinal, application);
        !expected.is_empty() && expected.iter().all(|u| submitted.contains(u))
    }

    fn scores(&self, ordinal: i64, application: i64) -> Result<Vec<Decimal>, AppError> {
        let round = self.round(ordinal, application);
        Ok(self
            .sheets_of(ordinal, application, round)
            .iter()
            .map(|s| repo::decimal(&s.score))
            .collect::<Result<_, _>>()?)
    }
}

fn current_stage(
    c: &repo::CompetitionRecord,
    stages: &[StageRecord],
) -> Result<StageRecord, AppError> {
    if c.state != CompetitionState::Stages {
        return Err(AppError::Conflict(Key::ConflictCompetitionState));
    }
    stages
        .iter()
        .find(|s| s.ordinal == c.current_stage)
        .cloned()
        .ok_or(AppError::Conflict(Key::ConflictCompetitionState))
}

async fn member(
    conn: &mut SqliteConnection,
    actor: &Actor,
    competition: i64,
) -> Result<CommissionRole, AppError> {
    // Not found before not allowed: the existence of an id is no secret, its content is.
    load(conn, competition).await?;
    role_of(conn, competition, actor.user.id)
        .await?
        .ok_or(AppError::Forbidden)
}

/// What the chair's step on the current stage works on, the competition loaded at the
/// revision the form was loaded with.
struct ChairStep {
    competition: repo::CompetitionRecord,
    /// The competition's next revision.
    next: i64,
    stages: Vec<StageRecord>,
    stage: StageRecord,
    panel: Panel,
}

async fn chair_at_stage(
    tx: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
    revision: i64,
) -> Result<ChairStep, AppError> {
    if member(tx, actor, id).await? != CommissionRole::Chair {
        return Err(AppError::Forbidden);
    }
    let c = load(tx, id).await?;
    let next = advance(tx, Revised::Competition, id, revision).await?;
    let stages = repo::stages(tx, id).await?;
    let stage = current_stage(&c, &stages)?;
    super::stages::check_held(&stage, actor.today())?;
    let panel = Panel::load(tx, id).await?;
    Ok(ChairStep {
        competition: c,
        next,
        stages,
        stage,
        panel,
    })
}

/// Applicants still in the competition (admitted and not failed a stage).
fn in_stages(apps: &[repo::ApplicationRecord]) -> Vec<&repo::ApplicationRecord> {
    apps.iter()
        .filter(|a| a.state == ApplicationState::Admitted)
        .collect()
}

pub async fn scoring(db: &Db, actor: &Actor, id: i64) -> Result<ScoringView, AppError> {
    let mut conn = db.read.acquire().await?;
    let me = member(&mut conn, actor, id).await?;
    let c = load(&mut conn, id).await?;
    let panel = Panel::load(&mut conn, id).await?;
    let apps = repo::applications(&mut conn, id).await?;
    let declared = panel.declared.contains(&actor.user.id);
    let title = Bilingual::new(c.title_ka.clone(), c.title_en.clone());
    let mut view = ScoringView {
        competition_id: id,
        title,
        state: c.state,
        me,
        declared,
        to_declare: Vec::new(),
        stage: None,
        held: false,
        i_score: false,
        rows: Vec::new(),
        absent: Vec::new(),
        may_mark_absent: Vec::new(),
        revision: c.revision,
    };
    if !declared {
        // Names only, to declare on: nothing of the applications themselves.
        view.to_declare = apps
            .iter()
            .filter(|a| a.state != ApplicationState::Rejected)
            .map(|a| (a.id, a.name()))
            .collect();
        return Ok(view);
    }
    let stages = repo::stages(&mut conn, id).await?;
    let Ok(stage) = current_stage(&c, &stages) else {
        return Ok(view);
    };
    let rule = stage.rule()?;
    let blind = c.anonymous_written && rule.kind == StageKind::Written;
    view.held = super::stages::check_held(&stage, actor.today()).is_ok();
    view.i_score = view.held && panel.scorers(rule.kind).contains(&actor.user.id);
    for a in in_stages(&apps) {
        let round = panel.round(stage.ordinal, a.id);
        let sheets = panel.sheets_of(stage.ordinal, a.id, round);
        let expected = panel.expected(rule.kind, stage.ordinal, a.id);
        let complete = panel.complete(rule.kind, stage.ordinal, a.id);
        let scores = panel.scores(stage.ordinal, a.id)?;
        view.rows.push(SheetRow {
            application_id: a.id,
            label: if blind {
                a.blind_code.clone()
            } else {
                a.name().ka
            },
            recused: panel.recused(actor.user.id, a.id),
            round,
            mine: sheets
                .iter()
                .find(|s| s.user_id == actor.user.id)
                .map(|s| repo::decimal(&s.score))
                .transpose()?,
            submitted: sheets.len() as i64,
            expected: expected.len() as i64,
            // Blind until every present member has submitted.
            others: if complete {
                sheets
                    .iter()
                    .map(|s| Ok((s.display_name.clone(), repo::decimal(&s.score)?)))
                    .collect::<Result<_, sqlx::Error>>()?
            } else {
                Vec::new()
            },
            spread: complete
                && spread_exceeds(&scores, repo::decimal(&c.rescore_gap)? * rule.max_points),
            rescores: panel
                .rescores
                .iter()
                .filter(|r| r.ordinal == stage.ordinal && r.application_id == a.id)
                .map(|r| (r.round, r.reason.clone()))
                .collect(),
        });
    }
    view.stage = stage_views(&mut conn, std::slice::from_ref(&stage))
        .await?
        .pop();
    view.absent = panel
        .members
        .iter()
        .filter(|m| panel.is_absent(stage.ordinal, m.user_id))
        .map(|m| Bilingual::new(m.display_name.clone(), m.name_en.clone()))
        .collect();
    if me == CommissionRole::Chair && view.held {
        // Who may still be recorded absent: present members with no sheet in this stage.
        view.may_mark_absent = panel
            .members
            .iter()
            .filter(|m| {
                !panel.is_absent(stage.ordinal, m.user_id)
                    && !panel.scored_in(stage.ordinal, m.user_id)
            })
            .map(|m| {
                (
                    m.user_id,
                    Bilingual::new(m.display_name.clone(), m.name_en.clone()),
                )
            })
            .collect();
    }
    Ok(view)
}

/// The chair records a member absent from the current stage's session, before the member
/// scored in it: their sheets are not expected, and the quorum counts the members present.
pub async fn mark_absent(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    user: i64,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    let ChairStep {
        next, stage, panel, ..
    } = chair_at_stage(&mut tx, actor, id, revision).await?;
    if !panel.members.iter().any(|m| m.user_id == user) {
        return Err(AppError::invalid("user_id", Key::ValidationChoice));
    }
    if panel.scored_in(stage.ordinal, user) || panel.is_absent(stage.ordinal, user) {
        return Err(AppError::Conflict(Key::ConflictAbsentAfterScoring));
    }
    repo::insert_absence(&mut tx, id, stage.ordinal, user).await?;
    audit(
        &mut tx,
        actor,
        "competition.member_absent",
        "competition",
        id,
        None,
        Some(json!({"ordinal": stage.ordinal, "user_id": user, "revision": next})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A member's declaration on every applicant at once (before seeing any application); ticked
/// ones are conflicts and recuse the member from that applicant.
pub async fn declare(
    db: &Db,
    actor: &Actor,
    id: i64,
    conflicts: &[i64],
    note: &str,
) -> Result<(), AppError> {
    let note = crate::ssr::forms::optional_text("note", note, 2_000)?;
    let mut tx = db.write.begin().await?;
    member(&mut tx, actor, id).await?;
    let c = load(&mut tx, id).await?;
    if matches!(
        c.state,
        CompetitionState::Draft
            | CompetitionState::Announced
            | CompetitionState::Appointed
            | CompetitionState::Cancelled
            | CompetitionState::Failed
    ) {
        return Err(AppError::Conflict(Key::ConflictCompetitionState));
    }
    let panel = Panel::load(&mut tx, id).await?;
    if panel.declared.contains(&actor.user.id) {
        return Err(AppError::Conflict(Key::ConflictAlreadyDeclared));
    }
    let apps = repo::applications(&mut tx, id).await?;
    if conflicts.iter().any(|c| !apps.iter().any(|a| a.id == *c)) {
        return Err(AppError::invalid("conflict", Key::ValidationChoice));
    }
    for a in apps
        .iter()
        .filter(|a| a.state != ApplicationState::Rejected)
    {
        let conflict = conflicts.contains(&a.id);
        let text = if conflict { note.as_str() } else { "" };
        repo::insert_declaration(&mut tx, id, actor.user.id, a.id, conflict, text, actor.at)
            .await?;
    }
    audit(
        &mut tx,
        actor,
        "competition.declared",
        "competition",
        id,
        None,
        Some(json!({"user_id": actor.user.id, "conflicts": conflicts, "note": note})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Submits one sheet of the current stage: locked once in; refused to a member who declared
/// a conflict with the applicant, who does not score this stage, or outside 0..=max.
pub async fn submit_sheet(
    db: &Db,
    actor: &Actor,
    id: i64,
    application: i64,
    score: Decimal,
    comment: &str,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    member(&mut tx, actor, id).await?;
    let c = load(&mut tx, id).await?;
    let stages = repo::stages(&mut tx, id).await?;
    let stage = current_stage(&c, &stages)?;
    super::stages::check_held(&stage, actor.today())?;
    let rule = stage.rule()?;
    let panel = Panel::load(&mut tx, id).await?;
    if !panel.declared.contains(&actor.user.id) {
        return Err(AppError::Conflict(Key::ConflictDeclareFirst));
    }
    if panel.recused(actor.user.id, application) {
        return Err(AppError::Conflict(Key::ConflictRecused));
    }
    if panel.is_absent(stage.ordinal, actor.user.id) {
        return Err(AppError::Conflict(Key::ConflictAbsentAfterScoring));
    }
    if !panel.scorers(rule.kind).contains(&actor.user.id) {
        return Err(AppError::Forbidden);
    }
    let apps = repo::applications(&mut tx, id).await?;
    if !in_stages(&apps).iter().any(|a| a.id == application) {
        return Err(AppError::NotFound);
    }
    if score < Decimal::ZERO || score > rule.max_points {
        return Err(AppError::invalid("score", Key::ValidationScoreRange));
    }
    let round = panel.round(stage.ordinal, application);
    let sheet = NewSheet {
        competition: id,
        ordinal: stage.ordinal,
        application,
        user: actor.user.id,
        round,
        score,
        comment,
    };
    if !repo::insert_sheet(&mut tx, &sheet, actor.at).await? {
        return Err(AppError::Conflict(Key::ConflictSheetLocked));
    }
    audit(
        &mut tx,
        actor,
        "score_sheet.submitted",
        "application",
        application,
        None,
        Some(
            json!({"competition_id": id, "stage": stage.ordinal, "round": round,
            "score": score.to_string(), "comment": comment}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The chair opens a new round for one applicant whose scores spread too far; the earlier
/// round's sheets are kept.
pub async fn open_rescore(
    db: &Db,
    actor: &Actor,
    id: i64,
    application: i64,
    reason: &str,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    if member(&mut tx, actor, id).await? != CommissionRole::Chair {
        return Err(AppError::Forbidden);
    }
    let c = load(&mut tx, id).await?;
    let stages = repo::stages(&mut tx, id).await?;
    let stage = current_stage(&c, &stages)?;
    let rule = stage.rule()?;
    let panel = Panel::load(&mut tx, id).await?;
    let gap = repo::decimal(&c.rescore_gap)? * rule.max_points;
    if !panel.complete(rule.kind, stage.ordinal, application)
        || !spread_exceeds(&panel.scores(stage.ordinal, application)?, gap)
    {
        return Err(AppError::Conflict(Key::ConflictNoSpread));
    }
    let round = panel.round(stage.ordinal, application) + 1;
    repo::insert_rescore(
        &mut tx,
        id,
        stage.ordinal,
        application,
        round,
        reason,
        actor.user.id,
        actor.at,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "competition.rescore_opened",
        "application",
        application,
        None,
        Some(
            json!({"competition_id": id, "stage": stage.ordinal, "round": round, "reason": reason}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The chair closes the current stage once every applicant's sheets are in: each result is
/// stored with its inputs and rule; those below the pass mark leave; after the last stage the
/// ranking decides the winner (a shared first place waits for the chair's decision).
pub async fn close_stage(db: &Db, actor: &Actor, id: i64, revision: i64) -> Result<(), AppError> {
    let today = actor.today();
    let mut tx = db.write.begin().await?;
    let ChairStep {
        competition: c,
        next,
        stages,
        stage,
        panel,
    } = chair_at_stage(&mut tx, actor, id, revision).await?;
    let rule = stage.rule()?;
    let apps = repo::applications(&mut tx, id).await?;
    let gap = repo::decimal(&c.rescore_gap)? * rule.max_points;
    let share = Decimal::from(
        crate::ssr::rules::number(&mut tx, "commission.quorum_percent", today).await?,
    ) / Decimal::ONE_HUNDRED;
    let members = panel.members.len() as u32;
    let mut passed = 0;
    let mut results = Vec::new();
    for a in in_stages(&apps) {
        if !panel.complete(rule.kind, stage.ordinal, a.id) {
            return Err(AppError::Conflict(Key::ConflictSheetsMissing));
        }
        let scores = panel.scores(stage.ordinal, a.id)?;
        if rule.kind != StageKind::Test {
            let present = panel.present(stage.ordinal);
            let recused = present - panel.expected(rule.kind, stage.ordinal, a.id).len() as u32;
            if !quorum(members, present, recused, share) {
                return Err(AppError::Conflict(Key::ConflictNoQuorum));
            }
            if panel.round(stage.ordinal, a.id) == 1 && spread_exceeds(&scores, gap) {
                return Err(AppError::Conflict(Key::ConflictSpreadNeedsRescore));
            }
        }
        let result =
            stage_result(&scores, &rule).ok_or(AppError::Conflict(Key::ConflictSheetsMissing))?;
        repo::insert_stage_result(
            &mut tx,
            &NewStageResult {
                competition: id,
                ordinal: stage.ordinal,
                application: a.id,
                sum: result.sum,
                members: result.members,
                mean: result.mean,
                passed: result.passed,
                rule_json: &serde_json::to_string(&rule).map_err(AppError::internal)?,
            },
            actor.at,
        )
        .await?;
        if result.passed {
            passed += 1;
        } else {
            repo::set_application_state(&mut tx, a.id, ApplicationState::NotPassed).await?;
        }
        results.push(json!({"application_id": a.id, "scores": scores.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            "mean": result.mean.round_dp(4).to_string(), "passed": result.passed}));
    }
    repo::close_stage(&mut tx, id, stage.ordinal, actor.at).await?;
    audit(
        &mut tx,
        actor,
        "competition.stage_closed",
        "competition",
        id,
        None,
        Some(json!({"stage": stage.ordinal, "rule": rule, "results": results, "revision": next})),
    )
    .await?;
    let last = stage.ordinal == stages.iter().map(|s| s.ordinal).max().unwrap_or(0);
    if passed == 0 {
        super::outcome::fail_in(&mut tx, actor, &c, "stages: nobody passed").await?;
    } else if !last {
        repo::set_current_stage(&mut tx, id, stage.ordinal + 1).await?;
    } else {
        decide_ranking(&mut tx, actor, &c, &stages).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Totals and places of those who passed every stage; a sole first place wins at once.
pub(crate) async fn decide_ranking(
    conn: &mut SqliteConnection,
    actor: &Actor,
    c: &repo::CompetitionRecord,
    stages: &[StageRecord],
) -> Result<(), AppError> {
    let rules: Vec<_> = stages.iter().map(|s| s.rule()).collect::<Result<_, _>>()?;
    let stored = repo::stage_results(conn, c.id).await?;
    let apps = repo::applications(conn, c.id).await?;
    let mut totals = Vec::new();
    for a in in_stages(&apps) {
        let results: Vec<Option<StageResult>> = stages
            .iter()
            .map(|s| {
                stored
                    .iter()
                    .find(|r| r.ordinal == s.ordinal && r.application_id == a.id)
                    .map(|r| {
                        Ok::<_, sqlx::Error>(StageResult {
                            sum: repo::decimal(&r.score_sum)?,
                            members: r.members as u32,
                            mean: repo::decimal(&r.mean)?,
                            passed: r.passed,
                        })
                    })
                    .transpose()
            })
            .collect::<Result<_, _>>()?;
        if let Some(t) = total(&results, &rules) {
            totals.push((a.id, t));
        }
    }
    let ranked = rank(&totals);
    let sole_winner = ranked.first().filter(|r| !r.tied).map(|r| r.applicant);
    for r in &ranked {
        repo::set_result(
            conn,
            r.applicant,
            ApplicationState::Passed,
            Some(r.total),
            Some(i64::from(r.place)),
            None,
        )
        .await?;
    }
    repo::set_state(conn, c.id, CompetitionState::Decided).await?;
    audit(
        conn,
        actor,
        "competition.ranked",
        "competition",
        c.id,
        None,
        Some(json!({"ranking": ranked.iter().map(|r| json!({"application_id": r.applicant,
            "total": r.total.round_dp(4).to_string(), "place": r.place, "tied": r.tied})).collect::<Vec<_>>()})),
    )
    .await?;
    if let Some(winner) = sole_winner {
        settle_winner(conn, actor, c.id, winner, None).await?;
    }
    Ok(())
}

/// Makes `winner` the winner and puts the others who passed on the reserve list until the
/// rule's months from today.
pub(crate) async fn settle_winner(
    conn: &mut SqliteConnection,
    actor: &Actor,
    competition: i64,
    winner: i64,
    tie_reason: Option<&str>,
) -> Result<(), AppError> {
    let today = actor.today();
    let months = crate::ssr::rules::number(conn, "competition.reserve_months", today).await?;
    let reserve_until = due(today, Term::months(months), &Default::default());
    repo::set_winner(conn, competition, Some(winner), tie_reason).await?;
    for a in repo::applications(conn, competition).await? {
        let total = a.total.as_deref().map(repo::decimal).transpose()?;
        if a.id == winner {
            repo::set_result(conn, a.id, ApplicationState::Winner, total, a.place, None).await?;
        } else if matches!(a.state, ApplicationState::Passed | ApplicationState::Winner) {
            repo::set_result(
                conn,
                a.id,
                ApplicationState::Reserve,
                total,
                a.place,
                reserve_until,
            )
            .await?;
        }
    }
    Ok(())
}

/// The chair decides a shared first place, with the reason the minutes record.
pub async fn break_tie(
    db: &Db,
    actor: &Actor,
    id: i64,
    revision: i64,
    winner: i64,
    reason: &str,
) -> Result<(), AppError> {
    let mut tx = db.write.begin().await?;
    if member(&mut tx, actor, id).await? != CommissionRole::Chair {
        return Err(AppError::Forbidden);
    }
    let c = load(&mut tx, id).await?;
    let next = advance(&mut tx, Revised::Competition, id, revision).await?;
    if c.state != CompetitionState::Decided || c.winner_id.is_some() {
        return Err(AppError::Conflict(Key::ConflictCompetitionState));
    }
    let tied = tied_first(&repo::applications(&mut tx, id).await?);
    if !tied.contains(&winner) {
        return Err(AppError::invalid("application_id", Key::ValidationChoice));
    }
    settle_winner(&mut tx, actor, id, winner, Some(reason)).await?;
    audit(
        &mut tx,
        actor,
        "competition.tie_broken",
        "competition",
        id,
        None,
        Some(json!({"winner": winner, "tied": tied, "reason": reason, "revision": next})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The applicants sharing the first place (empty without a tie).
pub(crate) fn tied_first(apps: &[repo::ApplicationRecord]) -> Vec<i64> {
    let first: Vec<i64> = apps
        .iter()
        .filter(|a| a.place == Some(1) && a.state == ApplicationState::Passed)
        .map(|a| a.id)
        .collect();
    if first.len() > 1 {
        first
    } else {
        Vec::new()
    }
}

/// Each applicant's stage means and passes, by stage.
pub(crate) fn results_by_applicant(
    stored: &[repo::StageResultRecord],
) -> Result<HashMap<(i64, i64), (Decimal, bool)>, AppError> {
    stored
        .iter()
        .map(|r| {
            Ok((
                (r.application_id, r.ordinal),
                (repo::decimal(&r.mean)?, r.passed),
            ))
        })
        .collect()
}
