//! The demo's evaluations: a finalized and closed cycle for every year from 2018 to the one
//! before the live year (roughly the national 2018 split: 41% excellent, 58% good, 1%
//! satisfactory), two appeals of the last of them, and the live year's cycle half-way through
//! with each demo user having something to do. The live part is dated relative to the day the
//! demo is loaded; the history keeps its calendar dates.
use super::repo as demo;
use super::structure::Lcg;
use super::{at, Timeline};
use app::domain::evaluation::{applies_to_rank, AppealDecision, MethodSettings, Stage};
use app::evaluation::repo::{self, ScoreLineInput};
use app::evaluation::service::{self, compute_result, MethodRef};
use app::evaluation::Competency;
use app::ssr::{Actor, Db};
use chrono::{DateTime, Duration, Utc};

/// The demo users' employee records, so the live cycle gives each of them something to do.
pub(super) struct DemoPeople {
    pub hr: Option<i64>,
    pub employee: Option<i64>,
    pub manager: Option<i64>,
}

const OBJECTIVES: &[&str] = &[
    "1. სამსახურის წლიური გეგმის შესაბამისი ამოცანების დროულად შესრულება.\n2. მოქალაქეთა მომართვებზე პასუხი კანონით დადგენილ ვადაში.\n3. ერთი პროფესიული ტრენინგის გავლა.",
    "1. ბიუჯეტის შესრულების კვარტალური ანგარიშების მომზადება.\n2. შიდა პროცედურების აღწერის განახლება.\n3. ახალი თანამშრომლის დახმარება.",
    "1. მუნიციპალური პროგრამების მონიტორინგი.\n2. სამართლებრივი აქტების პროექტების მომზადება.\n3. ელექტრონული საქმისწარმოების სრულად დანერგვა.",
];
const SELF_COMMENT: &str = "წლის ამოცანები შევასრულე; მსურს ტრენინგი პროექტების მართვაში.";
const SUMMARY_COMMENT: &str =
    "წლის განმავლობაში ამოცანები შესრულდა; განხილულია განვითარების საჭიროებები.";
const PRAISE: &str = "გამორჩეული შედეგი; დავალებები შესრულებულია ვადაზე ადრე.";
const CONCERN: &str = "საჭიროებს გაუმჯობესებას; შეთანხმდა ტრენინგი.";

/// Scores whose mean falls in the wanted band on the 1–4 scale (DOMAIN.md §4.1 bands).
fn scores_for(rng: &mut Lcg, n: usize, band: usize) -> Vec<u8> {
    let (base, other) = match band {
        0 => (4, 3),
        1 => (3, 4),
        _ => (2, 3),
    };
    // Fewer than half of the scores differ, so the mean stays in the band of `base`.
    let k = rng.next(n.div_ceil(2));
    let mut v: Vec<u8> = (0..n).map(|i| if i < k { other } else { base }).collect();
    v.rotate_left(rng.next(n));
    v
}

/// When each step of a cycle's evaluations was taken.
struct StepDates {
    plan: DateTime<Utc>,
    confirm: DateTime<Utc>,
    self_assessment: DateTime<Utc>,
    rating: DateTime<Utc>,
    answer: DateTime<Utc>,
}

impl StepDates {
    /// History was planned in January and rated the January after.
    fn history(year: i32) -> Self {
        StepDates {
            plan: at(year, 1, 28),
            confirm: at(year, 1, 30),
            self_assessment: at(year + 1, 1, 15),
            rating: at(year + 1, 1, 20),
            answer: at(year + 1, 1, 25),
        }
    }

    /// The live cycle: planned weeks ago, scored two days ago (the answers still within their
    /// window), answered yesterday.
    fn live(t: &Timeline) -> Self {
        let plan = at(t.live_year, 1, 28).min(t.now - Duration::days(30));
        StepDates {
            plan,
            confirm: plan + Duration::days(2),
            self_assessment: t.now - Duration::days(18),
            rating: t.now - Duration::days(2),
            answer: t.now - Duration::days(1),
        }
    }
}

/// The stage each member of the live cycle is left at: a spread, and a task for each demo user.
fn live_stage(i: usize, employee: i64, people: &DemoPeople) -> Stage {
    if Some(employee) == people.employee {
        return Stage::Acknowledgement;
    }
    if Some(employee) == people.hr {
        return Stage::SelfAssessment;
    }
    if Some(employee) == people.manager {
        return Stage::PlanConfirmation;
    }
    use Stage::*;
    [
        Planning,
        PlanConfirmation,
        SelfAssessment,
        Rating,
        Rating,
        Rating,
        Rating,
        Acknowledgement,
        Finalization,
        Rating,
    ][i % 10]
}

/// Walks one evaluation to `target` through the repository's step writes (no audit: this is
/// history being seeded, not people acting).
async fn walk(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
    target: Stage,
    plan: (&str, &[&Competency]),
    (scores, self_scores): (&[u8], &[u8]),
    dates: &StepDates,
) -> Result<(), sqlx::Error> {
    let order = |s: Stage| Stage::ALL.iter().position(|x| *x == s);
    let passed = |s: Stage| order(target) > order(s);
    let (objectives, chosen) = plan;
    if passed(Stage::Planning) {
        let ids: Vec<i64> = chosen.iter().map(|c| c.id).collect();
        repo::record_plan(
            conn,
            id,
            objectives,
            &ids,
            Stage::PlanConfirmation,
            dates.plan,
        )
        .await?;
    }
    if passed(Stage::PlanConfirmation) {
        repo::record_plan_confirmed(conn, id, Stage::SelfAssessment, dates.confirm).await?;
    }
    if passed(Stage::SelfAssessment) {
        let pairs: Vec<(i64, u8)> = chosen
            .iter()
            .map(|c| c.id)
            .zip(self_scores.iter().copied())
            .collect();
        repo::record_self_assessment(
            conn,
            id,
            &pairs,
            Some(SELF_COMMENT),
            Stage::Rating,
            dates.self_assessment,
        )
        .await?;
    }
    if passed(Stage::Rating) {
        let lines: Vec<ScoreLineInput> = chosen
            .iter()
            .zip(scores)
            .map(|(c, &score)| ScoreLineInput {
                competency_id: c.id,
                score,
                comment: match score {
                    4 => Some(PRAISE.into()),
                    s if s <= 2 => Some(CONCERN.into()),
                    _ => None,
                },
            })
            .collect();
        repo::record_rating(
            conn,
            id,
            &lines,
            SUMMARY_COMMENT,
            Stage::Acknowledgement,
            dates.rating,
        )
        .await?;
    }
    if passed(Stage::Acknowledgement) {
        repo::record_answer(conn, id, None, Stage::Finalization, dates.answer).await?;
    }
    Ok(())
}

/// `hr`: two HR specialists; each finalizes what the other may not (their own evaluation).
pub(super) async fn load(
    db: &Db,
    [hr, colleague]: [&Actor; 2],
    people: &DemoPeople,
    t: &Timeline,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut rng = Lcg(2018);
    let competencies = {
        let mut conn = db.read.acquire().await?;
        repo::competencies(&mut conn, 1).await?
    };
    for year in 2018..=t.live_year {
        let live = year == t.live_year;
        let cycle = service::open_cycle(db, &hr.at(at(year, 1, 10)), year, 1).await?;
        let dates = if live {
            StepDates::live(t)
        } else {
            StepDates::history(year)
        };
        let mut tx = db.write.begin().await?;
        let members = demo::evaluations_in_planning(&mut tx, cycle).await?;
        for (i, member) in members.iter().enumerate() {
            let chosen: Vec<&Competency> = competencies
                .iter()
                .filter(|c| applies_to_rank(&c.ranks, member.rank))
                .collect();
            let target = if live {
                live_stage(i, member.employee_id, people)
            } else {
                Stage::Finalization
            };
            let roll = rng.next(100);
            let band = if roll < 41 {
                0
            } else if roll < 99 {
                1
            } else {
                2
            };
            let scores = scores_for(&mut rng, chosen.len(), band);
            let self_scores = scores_for(&mut rng, chosen.len(), band.min(1));
            let objectives = OBJECTIVES[i % OBJECTIVES.len()];
            walk(
                &mut tx,
                member.id,
                target,
                (objectives, &chosen),
                (&scores, &self_scores),
                &dates,
            )
            .await?;
        }
        tx.commit().await?;
        if live {
            continue;
        }
        service::finalize_ready(db, &hr.at(at(year + 1, 2, 10)), cycle).await?;
        service::finalize_ready(db, &colleague.at(at(year + 1, 2, 11)), cycle).await?;
        service::close_cycle(db, &hr.at(at(year + 1, 3, 1)), cycle).await?;
        if year == t.live_year - 1 {
            appeals(db, cycle, year + 1, t.now).await?;
        }
    }
    Ok(())
}

/// Two appeals of the last closed cycle's results, filed in the February after it: one
/// decided by the mayor (changed: a result version 2), one waiting for the decision.
async fn appeals(
    db: &Db,
    cycle: i64,
    year: i32,
    now: DateTime<Utc>,
) -> Result<(), Box<dyn std::error::Error>> {
    let settings = MethodSettings::default_1_4();
    let mut tx = db.write.begin().await?;
    let picked = demo::good_results(&mut tx, cycle).await?;
    let mayor = app::auth::repo::active_user(&mut tx, "mayor")
        .await?
        .ok_or("no mayor")?;
    for (n, id) in picked.iter().enumerate() {
        let appeal = repo::insert_appeal(
            &mut tx,
            *id,
            "შემფასებელმა არ გაითვალისწინა წლის განმავლობაში შესრულებული დამატებითი დავალებები.",
            at(year, 2, 20 + n as u32),
        )
        .await?;
        if n > 0 {
            repo::set_stage(&mut tx, *id, Stage::Appealed, at(year, 2, 20 + n as u32)).await?;
            continue;
        }
        // Decided: three of the scores of 3 raised to 4.
        let mut raised = 0;
        let changed: Vec<(String, i64)> = repo::scores(&mut tx, *id)
            .await?
            .into_iter()
            .filter_map(|s| s.score.map(|score| (s.code, score)))
            .map(|(code, s)| {
                if s == 3 && raised < 3 {
                    raised += 1;
                    (code, 4)
                } else {
                    (code, s)
                }
            })
            .collect();
        let method = MethodRef { id: 1, version: 1 };
        let result = compute_result(*id, &changed, &settings, method, 2, Some(appeal))
            .map_err(|e| format!("{e:?}"))?;
        let decided = at(year, 3, 12).min(now - Duration::days(1));
        repo::insert_results(&mut tx, std::slice::from_ref(&result), mayor.id, decided).await?;
        repo::set_result_version(&mut tx, *id, 2).await?;
        repo::record_decision(
            &mut tx,
            appeal,
            AppealDecision::Changed,
            "საჩივარი ნაწილობრივ დაკმაყოფილდა: დამატებითი დავალებები დადასტურდა.",
            mayor.id,
            decided,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
