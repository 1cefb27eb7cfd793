//! The competition reports and the mayor's integrity view, computed from the records (a
//! municipality holds tens of competitions a year, so they are counted here, not cached).
use super::super::repo;
use super::super::{
    CompetitionReports, CompetitionYear, IntegrityView, MemberDeviation, OverdueVacancy,
    StagePassRate,
};
use crate::domain::competition::{mean_deviation, CompetitionState};
use crate::domain::deadline::DeadlineStatus;
use crate::domain::{Bilingual, Role};
use crate::error::AppError;
use crate::ssr::{Actor, Db};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn share(part: i64, whole: i64) -> Decimal {
    if whole == 0 {
        Decimal::ZERO
    } else {
        (Decimal::from(part * 100) / Decimal::from(whole)).round_dp(1)
    }
}

pub async fn reports(db: &Db, actor: &Actor) -> Result<CompetitionReports, AppError> {
    let today = actor.today();
    let facts = repo::competition_facts(&db.read).await?;
    let mut years: BTreeMap<i64, Vec<&repo::CompetitionFacts>> = BTreeMap::new();
    for f in &facts {
        years.entry(f.year).or_default().push(f);
    }
    let years = years
        .into_iter()
        .rev()
        .map(|(year, list)| {
            let count = |s: CompetitionState| list.iter().filter(|f| f.state == s).count() as i64;
            let applicants: i64 = list.iter().map(|f| f.applicants).sum();
            let filled: Vec<i64> = list
                .iter()
                .filter(|f| f.state == CompetitionState::Appointed)
                .filter_map(|f| f.ended_on.map(|e| (e - f.vacancy_opened_on).num_days()))
                .collect();
            CompetitionYear {
                year: year as i32,
                competitions: list.len() as i64,
                appointed: count(CompetitionState::Appointed),
                failed: count(CompetitionState::Failed),
                cancelled: count(CompetitionState::Cancelled),
                applicants,
                applicants_per_vacancy: (Decimal::from(applicants)
                    / Decimal::from(list.len().max(1) as i64))
                .round_dp(1),
                days_to_fill: (!filled.is_empty()).then(|| {
                    (Decimal::from(filled.iter().sum::<i64>()) / Decimal::from(filled.len() as i64))
                        .round_dp(0)
                }),
                reviews: list.iter().map(|f| f.reviews).sum(),
                reviews_upheld: list.iter().map(|f| f.reviews_upheld).sum(),
            }
        })
        .collect();
    let pass_rates = repo::pass_counts(&db.read)
        .await?
        .into_iter()
        .map(|p| StagePassRate {
            year: p.year as i32,
            kind: p.kind,
            scored: p.scored,
            passed: p.passed,
            rate: share(p.passed, p.scored),
        })
        .collect();
    let mut overdue = Vec::new();
    {
        let live = repo::live_vacancies(&db.read).await?;
        let mut clocks = crate::org::service::VacancyClocks::new(today);
        let mut conn = db.read.acquire().await?;
        for v in live {
            let event = v.opened_on.pred_opt().unwrap_or(v.opened_on);
            let Some(clock) = clocks.clock(&mut conn, event).await? else {
                continue;
            };
            let decision_late =
                v.decision.is_none() && clock.decision_status == DeadlineStatus::Overdue;
            let fill_late = clock.fill_status == DeadlineStatus::Overdue;
            if decision_late || fill_late {
                overdue.push(OverdueVacancy {
                    position: Bilingual::new(v.title_ka, v.title_en),
                    unit: v
                        .unit_ka
                        .zip(v.unit_en)
                        .map(|(ka, en)| Bilingual::new(ka, en)),
                    state: v.state,
                    opened_on: v.opened_on,
                    decision_late,
                    decision_due: clock.decision_due,
                    fill_due: clock.fill_due,
                    fill_late,
                });
            }
        }
        drop(conn);
    }
    let integrity = if actor.has(Role::Mayor) {
        Some(integrity(db, &facts, today).await?)
    } else {
        None
    };
    Ok(CompetitionReports {
        years,
        pass_rates,
        overdue,
        integrity,
    })
}

async fn integrity(
    db: &Db,
    facts: &[repo::CompetitionFacts],
    today: chrono::NaiveDate,
) -> Result<IntegrityView, AppError> {
    let min_group = {
        crate::ssr::rules::number(&mut *db.read.acquire().await?, "integrity.min_group", today)
            .await?
    };
    let decided: Vec<_> = facts.iter().filter(|f| f.has_winner).collect();
    let shown = decided.len() >= min_group as usize;
    let won = decided.iter().filter(|f| f.winner_acted).count() as i64;
    // Each sheet against the mean of the other members' sheets for the same applicant and
    // stage (a sheet with no other member to compare with does not count).
    let sheets = repo::panel_sheets(&db.read).await?;
    let mut groups: BTreeMap<(i64, i64, i64), Vec<&repo::PanelSheet>> = BTreeMap::new();
    for s in &sheets {
        groups
            .entry((s.competition_id, s.ordinal, s.application_id))
            .or_default()
            .push(s);
    }
    let mut by_member: BTreeMap<(String, i64), Vec<(Decimal, Decimal, Decimal)>> = BTreeMap::new();
    for group in groups.values().filter(|g| g.len() > 1) {
        let scores: Vec<Decimal> = group
            .iter()
            .map(|s| repo::decimal(&s.score))
            .collect::<Result<_, _>>()?;
        let sum: Decimal = scores.iter().sum();
        for (s, own) in group.iter().zip(&scores) {
            let others = (sum - own) / Decimal::from(group.len() as i64 - 1);
            by_member
                .entry((s.display_name.clone(), s.user_id))
                .or_default()
                .push((*own, others, repo::decimal(&s.max_points)?));
        }
    }
    let members = by_member
        .into_iter()
        .map(|((name, _), pairs)| MemberDeviation {
            name,
            sheets: pairs.len() as i64,
            deviation: mean_deviation(&pairs, min_group as usize)
                .map(|d| (d * Decimal::ONE_HUNDRED).round_dp(1)),
        })
        .collect();
    Ok(IntegrityView {
        decided: decided.len() as i64,
        won_by_acting: shown.then_some(won),
        acting_share: shown.then(|| share(won, decided.len() as i64)),
        members,
        min_group: i64::from(min_group),
    })
}

/// The interview kit: the competencies of the method in force for the position's rank (the
/// managerial ones for a head), numbered, with the interview stage's rating anchors.
pub async fn interview_kit(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> Result<super::super::InterviewKit, AppError> {
    use crate::domain::competition::{rating_anchors, StageKind, StageRule};
    let mut conn = db.read.acquire().await?;
    let c = super::load(&mut conn, id).await?;
    let oversight = actor.has(Role::Hr) || actor.has(Role::Mayor);
    if !oversight
        && super::role_of(&mut conn, id, actor.user.id)
            .await?
            .is_none()
    {
        return Err(AppError::Forbidden);
    }
    let stages = repo::stages(&mut conn, id).await?;
    let rule = match stages.iter().find(|s| s.kind == StageKind::Interview) {
        Some(s) => s.rule()?,
        None => StageRule {
            kind: StageKind::Interview,
            max_points: Decimal::TEN,
            weight: Decimal::ONE,
            pass_ratio: Decimal::from(
                crate::ssr::rules::number(&mut conn, "stage.pass_percent", actor.today()).await?,
            ) / Decimal::ONE_HUNDRED,
        },
    };
    let (rank, head) = repo::position_level(&mut conn, c.position_id)
        .await?
        .unwrap_or((None, false));
    let rank = rank.map(|r| r.to_string());
    let questions = repo::competencies_on(&mut conn, actor.today())
        .await?
        .into_iter()
        .filter(|k| !k.managerial || head)
        .filter(|k| {
            rank.as_ref()
                .is_none_or(|r| k.ranks.split(',').any(|x| x.trim() == r))
        })
        .enumerate()
        .map(|(i, k)| super::super::KitQuestion {
            number: i + 1,
            competency: Bilingual::new(k.name_ka, k.name_en),
            descriptor: Bilingual::new(k.descriptor_ka, k.descriptor_en),
        })
        .collect();
    let members = repo::members(&mut conn, id)
        .await?
        .into_iter()
        .map(|m| Bilingual::new(m.display_name, m.name_en))
        .collect();
    Ok(super::super::InterviewKit {
        competition_id: id,
        title: Bilingual::new(c.title_ka.clone(), c.title_en.clone()),
        unit: Bilingual::both(c.unit_ka.clone(), c.unit_en.clone()),
        anchors: rating_anchors(&rule),
        rule,
        questions,
        members,
    })
}
