//! The promotion check and the demotion grounds, read from the evidence trail: the attestation
//! conclusion in force, qualification trainings in the attested period, the monthly and annual
//! ratings of the last months, sanctions in force and the move's consent. The rules are
//! `domain::career`; the numbers are effective-dated settings. Every read is logged.
use super::repo::{self, AttestationRow, HolderRow, VacancyMoveRow};
use super::{
    AttestationRef, CandidateCheck, DemotionGround, Nominee, PromotionBoard, PromotionRanking,
    PromotionVacancy, RatingLine,
};
use crate::attestation::{SanctionLine, TrainingLine};
use crate::competitions::repo::VacancyRow;
use crate::domain::career::{
    demotion_ground, promotion_check, rank_candidates, Candidate, Conclusion, PromotionFacts,
    SanctionKind,
};
use crate::domain::competition::{FillingDecision, MoveKind};
use crate::domain::evaluation::Rating;
use crate::domain::work_plan::month_of;
use crate::domain::{Bilingual, PersonRef};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::audit::log_read;
use crate::ssr::rules::number;
use crate::ssr::{Actor, Db};
use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use sqlx::SqliteConnection;

fn person(h: &HolderRow) -> PersonRef {
    PersonRef::named(
        h.employee_id,
        &h.first_name_ka,
        &h.last_name_ka,
        &h.first_name_en,
        &h.last_name_en,
    )
}

fn position(h: &HolderRow) -> Bilingual {
    Bilingual::new(h.title_ka.clone(), h.title_en.clone())
}

fn attestation_ref(a: AttestationRow) -> AttestationRef {
    AttestationRef {
        session_id: a.session_id,
        held_on: a.held_on,
        conclusion: a.conclusion,
    }
}

fn vacancy_view(v: VacancyRow) -> PromotionVacancy {
    PromotionVacancy {
        id: v.id,
        position_id: v.position_id,
        title: Bilingual::new(v.title_ka, v.title_en),
        unit: v
            .unit_ka
            .zip(v.unit_en)
            .map(|(ka, en)| Bilingual::new(ka, en)),
        rank: v.rank,
        state: v.state,
    }
}

/// Annual results as rating lines, oldest first: (line, final mark).
async fn annual(
    conn: &mut SqliteConnection,
    employee: i64,
) -> Result<Vec<(RatingLine, String)>, AppError> {
    Ok(
        crate::attestation::repo::annual_results(conn, employee, NaiveDate::MIN)
            .await?
            .into_iter()
            .filter_map(|(_, from, to, mark, rating)| {
                Some((
                    RatingLine {
                        from,
                        to,
                        monthly: false,
                        rating: Rating::parse(&rating)?,
                    },
                    mark,
                ))
            })
            .collect(),
    )
}

fn low(r: Rating) -> bool {
    matches!(r, Rating::Satisfactory | Rating::Unsatisfactory)
}

pub async fn board(db: &Db, actor: &Actor) -> Result<PromotionBoard, AppError> {
    let today = actor.today();
    log_read(
        db,
        actor,
        "promotion.board_read",
        "institution",
        "all",
        None,
    )
    .await?;
    let low_in_row = number(
        &mut *db.read.acquire().await?,
        "demotion.low_results_in_row",
        today,
    )
    .await?;
    let vacancies = crate::competitions::repo::live_vacancies(&db.read)
        .await?
        .into_iter()
        .filter(|v| v.decision == Some(FillingDecision::Promotion))
        .map(vacancy_view)
        .collect();
    let mut nominees = Vec::new();
    for h in repo::nominees(&db.read, today).await? {
        if let Some(a) =
            repo::latest_attestation(&mut *db.read.acquire().await?, h.employee_id).await?
        {
            nominees.push(Nominee {
                person: person(&h),
                position: position(&h),
                rank: h.rank,
                attestation: attestation_ref(a),
            });
        }
    }
    let mut demotion = Vec::new();
    for h in repo::demotion_candidates(&db.read, today).await? {
        let attestation =
            repo::latest_attestation(&mut *db.read.acquire().await?, h.employee_id).await?;
        let results = annual(&mut *db.read.acquire().await?, h.employee_id).await?;
        let ratings: Vec<Rating> = results.iter().map(|(l, _)| l.rating).collect();
        let conclusion = attestation.as_ref().map(|a| a.conclusion);
        if !demotion_ground(conclusion, &ratings, low_in_row as usize) {
            continue;
        }
        let n = low_in_row as usize;
        let tail: Vec<RatingLine> = results
            .iter()
            .skip(results.len().saturating_sub(n))
            .map(|(l, _)| l.clone())
            .collect();
        let low_results = if n > 0 && tail.len() == n && tail.iter().all(|l| low(l.rating)) {
            tail
        } else {
            Vec::new()
        };
        demotion.push(DemotionGround {
            person: person(&h),
            position: position(&h),
            attestation: attestation
                .filter(|a| a.conclusion == Conclusion::DoesNotFit)
                .map(attestation_ref),
            low_results,
        });
    }
    Ok(PromotionBoard {
        today,
        vacancies,
        nominees,
        demotion,
        low_in_row,
    })
}

/// What the check reads, set once per request.
struct CheckRules {
    today: NaiveDate,
    high_months: u32,
    attested_years: u32,
}

/// One candidate's check, with the candidate as the ranking sees it.
async fn check(
    db: &Db,
    conn: &mut SqliteConnection,
    h: &HolderRow,
    moves: &[VacancyMoveRow],
    r: &CheckRules,
) -> Result<(CandidateCheck, Candidate), AppError> {
    let id = h.employee_id;
    let today = r.today;
    let attestation = repo::latest_attestation(conn, id).await?;
    // A qualification upgrade counts within the period the attestation looked at.
    let attested_from = attestation
        .as_ref()
        .map_or(today, |a| a.held_on)
        .checked_sub_months(Months::new(r.attested_years * 12))
        .unwrap_or(NaiveDate::MIN);
    let qualification = crate::attestation::repo::trainings(conn, id, attested_from)
        .await?
        .into_iter()
        .filter(|(_, ends_on, _, qualification)| *qualification && *ends_on <= today)
        .map(|(course, ends_on, hours, qualification)| TrainingLine {
            course,
            ends_on,
            hours,
            qualification,
        })
        .next_back();
    // The last full months before this one, and the annual results ending in them.
    let this_month = month_of(today);
    let first_month = this_month
        .checked_sub_months(Months::new(r.high_months))
        .unwrap_or(this_month);
    let last_day = this_month.pred_opt().unwrap_or(this_month);
    let mut recent: Vec<RatingLine> =
        crate::work_plans::service::evaluations_between(db, id, first_month, last_day)
            .await?
            .into_iter()
            .map(|m| RatingLine {
                from: m.month,
                to: m
                    .month
                    .checked_add_months(Months::new(1))
                    .and_then(|n| n.checked_sub_days(Days::new(1)))
                    .unwrap_or(m.month),
                monthly: true,
                rating: m.rating,
            })
            .collect();
    let results = annual(conn, id).await?;
    recent.extend(
        results
            .iter()
            .filter(|(l, _)| l.to >= first_month && l.to <= today)
            .map(|(l, _)| l.clone()),
    );
    recent.sort_by_key(|l| (l.to, l.monthly));
    let latest = results.last();
    let negative = recent
        .iter()
        .chain(latest.map(|(l, _)| l))
        .find(|l| l.rating == Rating::Unsatisfactory)
        .cloned();
    let sanctions: Vec<SanctionLine> =
        crate::attestation::repo::sanctions_in_force(conn, id, today)
            .await?
            .into_iter()
            .filter_map(|(kind, valid_from, valid_to)| {
                Some(SanctionLine {
                    kind: SanctionKind::parse(&kind)?,
                    valid_from,
                    valid_to,
                })
            })
            .collect();
    let live = moves.iter().find(|m| m.employee_id == id);
    let consent_on = live.and_then(|m| m.consent_on);
    let facts = PromotionFacts {
        consent: consent_on.is_some(),
        qualification_upgraded: qualification.is_some(),
        attestation: attestation.as_ref().map(|a| a.conclusion),
        recent_ratings: recent.iter().map(|l| l.rating).collect(),
        sanction_in_force: !sanctions.is_empty(),
        negative_from_superior: negative.is_some(),
    };
    let conditions = promotion_check(&facts);
    let eligible = conditions.iter().all(|(_, ok)| *ok);
    // The exact mean ranks; the page shows it as every evaluation screen does.
    let exact = latest.and_then(|(_, m)| m.parse::<Decimal>().ok());
    let mark = exact.map(crate::domain::evaluation::display_mark);
    let candidate = Candidate {
        employee_id: id,
        attestation: facts.attestation,
        mark: exact.unwrap_or_default(),
    };
    Ok((
        CandidateCheck {
            place: 0,
            person: person(h),
            position: position(h),
            rank: h.rank,
            move_state: live.map(|m| m.state),
            consent_on,
            qualification,
            attestation: attestation.map(attestation_ref),
            recent,
            mark,
            sanctions,
            negative,
            conditions,
            eligible,
        },
        candidate,
    ))
}

/// The candidates for a vacancy decided for a promotion: the commission's nominees whose own
/// rank is lower than the position's, and whoever a move proposes. Those who meet every
/// condition come first; within each group the better attestation, then the higher annual
/// mark (seed 004 art. 22(4)).
pub async fn ranking(db: &Db, actor: &Actor, vacancy: i64) -> Result<PromotionRanking, AppError> {
    let today = actor.today();
    let v = crate::competitions::repo::vacancy(&mut *db.read.acquire().await?, vacancy)
        .await?
        .ok_or(AppError::NotFound)?;
    if v.decision != Some(FillingDecision::Promotion) {
        return Err(AppError::Conflict(Key::PromotionNotDecided));
    }
    log_read(db, actor, "promotion.check_read", "vacancy", vacancy, None).await?;
    let version = crate::ssr::repo::rule_setting(
        &mut *db.read.acquire().await?,
        "promotion.high_evaluation_months",
        today,
    )
    .await?
    .ok_or_else(|| AppError::internal("promotion.high_evaluation_months not configured"))?;
    let rules = CheckRules {
        today,
        high_months: number(
            &mut *db.read.acquire().await?,
            "promotion.high_evaluation_months",
            today,
        )
        .await?,
        attested_years: number(
            &mut *db.read.acquire().await?,
            "attestation.interval_years",
            today,
        )
        .await?,
    };
    let moves = repo::moves_of(&mut *db.read.acquire().await?, vacancy).await?;
    let mut holders: Vec<HolderRow> = repo::nominees(&db.read, today)
        .await?
        .into_iter()
        .filter(|h| MoveKind::Promotion.rank_allows(h.rank, v.rank, false))
        .collect();
    for m in &moves {
        if !holders.iter().any(|h| h.employee_id == m.employee_id) {
            if let Some(h) =
                repo::holder(&mut *db.read.acquire().await?, m.employee_id, today).await?
            {
                holders.push(h);
            }
        }
    }
    let mut checks = Vec::new();
    let mut candidates = Vec::new();
    for h in &holders {
        let (c, candidate) = check(db, &mut *db.read.acquire().await?, h, &moves, &rules).await?;
        checks.push(c);
        candidates.push(candidate);
    }
    let order: Vec<i64> = rank_candidates(candidates)
        .into_iter()
        .map(|c| c.employee_id)
        .collect();
    checks.sort_by_key(|c| (!c.eligible, order.iter().position(|id| *id == c.person.id)));
    for (n, c) in checks.iter_mut().enumerate() {
        c.place = n + 1;
    }
    Ok(PromotionRanking {
        vacancy: vacancy_view(v),
        on: today,
        high_months: rules.high_months,
        rule_valid_from: version.valid_from,
        candidates: checks,
    })
}

/// The conditions a promotion move's officer does not meet on a day (empty: they may be
/// promoted). The mayor's order of a promotion move asks this first.
pub async fn unmet_conditions(
    db: &Db,
    conn: &mut SqliteConnection,
    vacancy: i64,
    employee: i64,
    on: NaiveDate,
) -> Result<Vec<crate::domain::career::PromotionCondition>, AppError> {
    let Some(h) = repo::holder(conn, employee, on).await? else {
        return Err(AppError::Conflict(Key::PromotionNoPosition));
    };
    let rules = CheckRules {
        today: on,
        high_months: number(conn, "promotion.high_evaluation_months", on).await?,
        attested_years: number(conn, "attestation.interval_years", on).await?,
    };
    let moves = repo::moves_of(conn, vacancy).await?;
    let (c, _) = check(db, conn, &h, &moves, &rules).await?;
    Ok(c.conditions
        .into_iter()
        .filter(|(_, ok)| !ok)
        .map(|(condition, _)| condition)
        .collect())
}
