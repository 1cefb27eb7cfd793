//! The inbox's vacancy and competition tasks, each with its deadline from the rules: HR's
//! decisions, formal checks, winners' documents, acting appointments ending and moves; the
//! mayor's move orders and review decisions; each commission member's declaration and scoring.
use super::super::repo;
use crate::domain::competition::{CommissionRole, CompetitionState, MoveState, StageKind};
use crate::domain::deadline::{status, DeadlineStatus};
use crate::domain::task::{Task, TaskKind};
use crate::domain::{Bilingual, PersonRef, Role};
use crate::error::AppError;
use crate::ssr::{Actor, Db};
use chrono::{Days, NaiveDate};

fn task(
    kind: TaskKind,
    subject: Bilingual,
    count: i64,
    link: String,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> Task {
    Task {
        kind,
        person: None,
        subject,
        count,
        link,
        due,
        overdue: due.is_some_and(|d| today > d),
        reminded: None,
    }
}

/// A post as the inbox names it: its title, and its unit where it has one ("Senior specialist,
/// Finance Service"), so two vacancies with one title tell apart.
fn post(title_ka: &str, title_en: &str, unit_ka: Option<&str>, unit_en: Option<&str>) -> Bilingual {
    let with = |title: &str, unit: Option<&str>| match unit {
        Some(unit) => format!("{title}, {unit}"),
        None => title.to_string(),
    };
    Bilingual::new(with(title_ka, unit_ka), with(title_en, unit_en))
}

/// The current stage waits for its day to be set.
fn unscheduled(c: &repo::CompetitionRecord, stages: &[repo::StageRecord]) -> bool {
    stages
        .iter()
        .any(|s| s.ordinal == c.current_stage && s.held_on.is_none())
}

pub async fn tasks(db: &Db, actor: &Actor) -> Result<Vec<Task>, AppError> {
    let today = actor.today();
    let mut out = Vec::new();
    let hr = actor.has(Role::Hr);
    let mayor = actor.has(Role::Mayor);
    if hr {
        let warn =
            crate::ssr::rules::number(&mut *db.read.acquire().await?, "vacancy.warn_days", today)
                .await?;
        let live = repo::live_vacancies(&db.read).await?;
        let mut clocks = crate::org::service::VacancyClocks::new(today);
        let mut conn = db.read.acquire().await?;
        for v in live {
            let event = v.opened_on.pred_opt().unwrap_or(v.opened_on);
            let Some(clock) = clocks.clock(&mut conn, event).await? else {
                continue;
            };
            let near = |due| status(today, due, warn) != DeadlineStatus::Upcoming;
            let (kind, due) = if v.decision.is_none() && near(clock.decision_due) {
                (TaskKind::VacancyDecision, clock.decision_due)
            } else if near(clock.fill_due) {
                (TaskKind::VacancyFill, clock.fill_due)
            } else {
                continue;
            };
            out.push(task(
                kind,
                post(
                    &v.title_ka,
                    &v.title_en,
                    v.unit_ka.as_deref(),
                    v.unit_en.as_deref(),
                ),
                1,
                "/competitions".into(),
                Some(due),
                today,
            ));
        }
        drop(conn);
        let counts: std::collections::HashMap<i64, i64> = repo::applicant_counts(&db.read)
            .await?
            .into_iter()
            .collect();
        for c in repo::competitions(&db.read, &[CompetitionState::Stages]).await? {
            let stages = repo::stages(&mut *db.read.acquire().await?, c.id).await?;
            if unscheduled(&c, &stages) {
                out.push(task(
                    TaskKind::StageSchedule,
                    post(
                        &c.title_ka,
                        &c.title_en,
                        c.unit_ka.as_deref(),
                        c.unit_en.as_deref(),
                    ),
                    1,
                    format!("/competitions/{}", c.id),
                    None,
                    today,
                ));
            }
        }
        for c in repo::competitions(
            &db.read,
            &[
                CompetitionState::ApplicationsClosed,
                CompetitionState::FormalCheck,
                CompetitionState::CandidateDocs,
            ],
        )
        .await?
        {
            let link = format!("/competitions/{}", c.id);
            if c.state != CompetitionState::CandidateDocs {
                let n = counts.get(&c.id).copied().unwrap_or(0);
                out.push(task(
                    TaskKind::FormalCheck,
                    post(
                        &c.title_ka,
                        &c.title_en,
                        c.unit_ka.as_deref(),
                        c.unit_en.as_deref(),
                    ),
                    n,
                    link,
                    None,
                    today,
                ));
            } else {
                out.push(task(
                    TaskKind::WinnerDocs,
                    post(
                        &c.title_ka,
                        &c.title_en,
                        c.unit_ka.as_deref(),
                        c.unit_en.as_deref(),
                    ),
                    1,
                    link,
                    c.docs_due,
                    today,
                ));
            }
        }
        let acting_warn =
            crate::ssr::rules::number(&mut *db.read.acquire().await?, "acting.warning_days", today)
                .await?;
        let until = today
            .checked_add_days(Days::new(u64::from(acting_warn)))
            .unwrap_or(today);
        for a in repo::acting_ending(&db.read, today, until).await? {
            let mut t = task(
                TaskKind::ActingEnds,
                Bilingual::new(a.title_ka.clone(), a.title_en.clone()),
                1,
                format!("/employees/{}", a.employee_id),
                Some(a.end_date),
                today,
            );
            t.person = Some(PersonRef::named(
                a.employee_id,
                &a.first_name_ka,
                &a.last_name_ka,
                &a.first_name_en,
                &a.last_name_en,
            ));
            out.push(t);
        }
    }
    if hr || mayor {
        for m in repo::live_moves(&db.read).await? {
            let kind = match m.state {
                MoveState::Proposed | MoveState::Consented if hr => TaskKind::MoveStep,
                MoveState::HeadsAgreed if mayor => TaskKind::MoveOrder,
                _ => continue,
            };
            out.push(task(
                kind,
                Bilingual::new(
                    format!("{} {}", m.first_name_ka, m.last_name_ka),
                    format!("{} {}", m.first_name_en, m.last_name_en),
                ),
                1,
                "/competitions".into(),
                Some(m.starts_on),
                today,
            ));
        }
    }
    if mayor {
        for r in repo::pending_reviews(&db.read).await? {
            out.push(task(
                TaskKind::ReviewDecide,
                Bilingual::new(r.title_ka, r.title_en),
                r.pending,
                format!("/competitions/{}", r.competition_id),
                None,
                today,
            ));
        }
    }
    if actor.has(Role::Commission) {
        for id in repo::competitions_of_member(&db.read, actor.user.id).await? {
            let Some(c) = repo::competition(&mut *db.read.acquire().await?, id).await? else {
                continue;
            };
            if !matches!(
                c.state,
                CompetitionState::FormalCheck | CompetitionState::Stages
            ) {
                continue;
            }
            let declared = repo::declarations(&mut *db.read.acquire().await?, id)
                .await?
                .iter()
                .any(|d| d.user_id == actor.user.id);
            let scored = repo::sheets(&mut *db.read.acquire().await?, id)
                .await?
                .iter()
                .any(|s| s.user_id == actor.user.id && s.ordinal == c.current_stage);
            // A test's points are entered by the secretary alone.
            let role = repo::members(&mut *db.read.acquire().await?, id)
                .await?
                .into_iter()
                .find(|m| m.user_id == actor.user.id)
                .map(|m| m.role);
            let stages = repo::stages(&mut *db.read.acquire().await?, id).await?;
            let stage = stages
                .iter()
                .find(|s| s.ordinal == c.current_stage && c.state == CompetitionState::Stages);
            let held = stage.is_some_and(|s| s.held_on.is_some_and(|d| d <= today));
            if let Some(s) = stage.filter(|_| held && role == Some(CommissionRole::Chair)) {
                let views =
                    super::stage_views(&mut *db.read.acquire().await?, std::slice::from_ref(s))
                        .await?;
                out.push(task(
                    TaskKind::StageResults,
                    post(
                        &c.title_ka,
                        &c.title_en,
                        c.unit_ka.as_deref(),
                        c.unit_en.as_deref(),
                    ),
                    1,
                    format!("/competitions/{id}/scoring"),
                    views.first().and_then(|v| v.results_due),
                    today,
                ));
            }
            if matches!(
                role,
                Some(CommissionRole::Chair | CommissionRole::Secretary)
            ) && !hr
                && c.state == CompetitionState::Stages
                && unscheduled(&c, &stages)
            {
                out.push(task(
                    TaskKind::StageSchedule,
                    post(
                        &c.title_ka,
                        &c.title_en,
                        c.unit_ka.as_deref(),
                        c.unit_en.as_deref(),
                    ),
                    1,
                    format!("/competitions/{id}"),
                    None,
                    today,
                ));
            }
            let i_score = stage.is_some_and(|s| {
                s.kind != StageKind::Test || role == Some(CommissionRole::Secretary)
            });
            let to_score = held && i_score && !scored;
            if !declared || to_score {
                out.push(task(
                    TaskKind::CommissionScore,
                    post(
                        &c.title_ka,
                        &c.title_en,
                        c.unit_ka.as_deref(),
                        c.unit_en.as_deref(),
                    ),
                    1,
                    format!("/competitions/{id}/scoring"),
                    None,
                    today,
                ));
            }
        }
    }
    Ok(out)
}
