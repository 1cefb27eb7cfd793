//! The demo's competitions. History keeps its dates: the seed's competition of 2020 and one in
//! 2021 and 2023, finished with an appointment. The live part is placed relative to the day
//! the demo is loaded: one announced and taking applications, one whose application window has
//! just closed (waiting for HR's formal check), each decided, drafted and announced through
//! the services as HR and the mayor.
use super::on;
use app::competitions::repo as competitions;
use app::competitions::service::{self, AnnouncementInput, DecisionInput};
use app::competitions::ApplicationForm;
use app::domain::competition::FillingDecision;
use app::orders::service::OrderInput;
use app::ssr::access::RequestAuth;
use app::ssr::{Actor, AppState, PublicCall};
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

type Error = Box<dyn std::error::Error>;

/// (personal number, first ka, last ka, first en, last en, gender, birth date)
const APPLICANTS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "01024051111",
        "მარიამ",
        "ჩიქოვანი",
        "Mariam",
        "Chikovani",
        "female",
        "1993-03-14",
    ),
    (
        "01024052222",
        "ლევან",
        "ხარაიშვილი",
        "Levan",
        "Kharaishvili",
        "male",
        "1988-11-02",
    ),
    (
        "01024053333",
        "თამარ",
        "ნოზაძე",
        "Tamar",
        "Nozadze",
        "female",
        "1996-07-21",
    ),
    (
        "01024054444",
        "დავით",
        "მესხი",
        "Davit",
        "Meskhi",
        "male",
        "1990-01-30",
    ),
    (
        "01024055555",
        "ეკა",
        "ბოლქვაძე",
        "Eka",
        "Bolkvadze",
        "female",
        "1985-09-09",
    ),
];

fn form(i: usize) -> ApplicationForm {
    let (number, first_ka, last_ka, first_en, last_en, gender, birth) = APPLICANTS[i];
    ApplicationForm {
        personal_number: number.into(),
        first_name_ka: first_ka.into(),
        last_name_ka: last_ka.into(),
        first_name_en: first_en.into(),
        last_name_en: last_en.into(),
        gender: gender.into(),
        birth_date: birth.into(),
        email: format!("{}@example.ge", first_en.to_lowercase()),
        phone: String::new(),
        education: "თბილისის სახელმწიფო უნივერსიტეტი, საჯარო მმართველობის მაგისტრი".into(),
        experience: "სამი წელი მუნიციპალურ სამსახურში".into(),
        relations: String::new(),
        accommodation: String::new(),
        truthful: Some("yes".into()),
    }
}

/// Decides a vacancy for an open competition on `day`, with its stages and commission;
/// the mayor announces it on `announce_on` with applications until `until`.
async fn announced(
    state: &AppState,
    hr: &Actor,
    mayor: &Actor,
    vacancy: i64,
    number: u32,
    day: NaiveDate,
    until: NaiveDate,
) -> Result<i64, Error> {
    let db = &state.db;
    let hr = hr.at(on(day));
    let order = |n: String, date: NaiveDate| OrderInput {
        number: n,
        date,
        order_type: None,
        issuer: app::domain::order::Issuer::Mayor,
    };
    let revision = {
        let mut conn = db.read.acquire().await?;
        competitions::vacancy(&mut conn, vacancy)
            .await?
            .ok_or("vacancy")?
            .revision
    };
    let id = service::decide(
        db,
        &hr,
        vacancy,
        revision,
        DecisionInput {
            decision: FillingDecision::CompetitionOpen,
            reason: None,
            order: order(format!("2-{number}"), day),
        },
    )
    .await?
    .ok_or("no competition drafted")?;
    let c = {
        let mut conn = db.read.acquire().await?;
        competitions::competition(&mut conn, id)
            .await?
            .ok_or("competition")?
    };
    service::save_announcement(
        db,
        &hr,
        id,
        c.revision,
        AnnouncementInput {
            title: (c.title_ka.clone(), c.title_en.clone()),
            duties: (c.duties_ka.clone(), c.duties_en.clone()),
            requirements: (c.requirements_ka.clone(), c.requirements_en.clone()),
            questions: (
                "რატომ გსურთ ამ თანამდებობაზე მუშაობა?".into(),
                "Why do you want to work in this position?".into(),
            ),
            applications_until: until,
            anonymous_written: true,
            rescore_gap: "0.3".parse()?,
        },
    )
    .await?;
    let users = |name: &str| {
        let name = name.to_string();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE username = $1")
                .bind(name)
                .fetch_one(&db.read)
                .await
        }
    };
    let members = vec![
        (
            users("commission").await?,
            app::domain::competition::CommissionRole::Chair,
        ),
        (
            users("commission2").await?,
            app::domain::competition::CommissionRole::Secretary,
        ),
        (
            users("commission3").await?,
            app::domain::competition::CommissionRole::Member,
        ),
    ];
    service::set_commission(db, &hr, id, c.revision + 1, members).await?;
    service::announce(
        db,
        &mayor.at(on(day)),
        id,
        c.revision + 2,
        order(format!("2-{}", number + 1), day),
    )
    .await?;
    Ok(id)
}

async fn apply(
    state: &AppState,
    competition: i64,
    who: usize,
    day: NaiveDate,
) -> Result<(), Error> {
    let call = PublicCall {
        state: state.clone(),
        auth: RequestAuth {
            session: None,
            client_addr: "demo".into(),
        },
        now: on(day),
    };
    let answers = Some(HashMap::from([(
        "1".to_string(),
        "მინდა ჩემი ცოდნა ქალაქის სამსახურში გამოვიყენო.".to_string(),
    )]));
    service::apply(&state.db, &call, competition, &form(who), &answers).await?;
    Ok(())
}

/// Where the demo's stages are held.
const VENUE: &str = "მერიის შენობა, საკონფერენციო დარბაზი";

/// HR sets each stage's day (and the place) on `day`, with the notice the rules ask for.
async fn schedule(
    state: &AppState,
    hr: &Actor,
    competition: i64,
    day: NaiveDate,
    held_on: &[NaiveDate],
) -> Result<(), Error> {
    for (k, held) in held_on.iter().enumerate() {
        let revision = {
            let mut conn = state.db.read.acquire().await?;
            competitions::competition(&mut conn, competition)
                .await?
                .ok_or("competition")?
                .revision
        };
        service::schedule_stage(
            &state.db,
            &hr.at(on(day)),
            competition,
            revision,
            &(k + 1).to_string(),
            &held.to_string(),
            VENUE,
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn load(state: &AppState, hr: &Actor, mayor: &Actor) -> Result<(), Error> {
    history(state).await?;
    let today = app::domain::common::georgia_date(hr.at);
    let db = &state.db;
    {
        let mut tx = db.write.begin().await?;
        service::sync_vacancies(&mut tx, today, hr.at).await?;
        tx.commit().await?;
    }
    let open: Vec<i64> = sqlx::query_scalar(
        "SELECT v.id FROM vacancies v JOIN positions p ON p.id = v.position_id
         WHERE v.state = 'open' AND p.rank IS NOT NULL AND p.is_head = 0 ORDER BY v.id LIMIT 2",
    )
    .fetch_all(&db.read)
    .await?;
    let [first, second] = open[..] else {
        return Ok(());
    };
    // Applications closed two days ago: HR's formal check is next.
    let decided = today - Duration::days(30);
    let closed = announced(
        state,
        hr,
        mayor,
        first,
        901,
        decided,
        today - Duration::days(2),
    )
    .await?;
    for who in 0..3 {
        apply(state, closed, who, today - Duration::days(10)).await?;
    }
    // Both stages today, told five days ago.
    schedule(
        state,
        hr,
        closed,
        today - Duration::days(5),
        &[today, today],
    )
    .await?;
    // Announced three days ago, open for another twelve.
    let open_now = today - Duration::days(3);
    let taking = announced(
        state,
        hr,
        mayor,
        second,
        905,
        open_now,
        today + Duration::days(12),
    )
    .await?;
    for who in 3..5 {
        apply(state, taking, who, today - Duration::days(1)).await?;
    }
    schedule(
        state,
        hr,
        taking,
        today - Duration::days(1),
        &[today + Duration::days(15), today + Duration::days(16)],
    )
    .await?;
    let mut tx = db.write.begin().await?;
    service::close_applications(&mut tx, today, hr.at).await?;
    tx.commit().await?;
    Ok(())
}

/// Applicants of the historical competitions besides the winner: (first ka, last ka, first en,
/// last en, gender).
const PAST_APPLICANTS: &[(&str, &str, &str, &str, &str)] = &[
    ("ნინო", "გელაშვილი", "Nino", "Gelashvili", "female"),
    ("გიორგი", "ლომიძე", "Giorgi", "Lomidze", "male"),
    ("სალომე", "ქავთარაძე", "Salome", "Kavtaradze", "female"),
    ("ირაკლი", "ცინცაძე", "Irakli", "Tsintsadze", "male"),
];

/// Scores of the historical competitions, per applicant: the test's points (of 20, the
/// secretary's entry) and the interview's three members (chair, secretary, member, of 10);
/// `None` for the one who failed the formal check. The chair marks a little higher than the
/// rest, the member a little lower, so the integrity view has something to show.
const PAST_SCORES: &[Option<(u32, [u32; 3])>] = &[
    Some((17, [9, 8, 8])),
    Some((15, [8, 7, 6])),
    Some((14, [7, 6, 5])),
    Some((10, [0, 0, 0])),
    None,
];

/// The finished competitions of past years, written as they ended: the seed's one competition
/// of 2020 (seed 000) and one each in 2021 and 2023, each ending in the appointment of an
/// officer who still holds the post. Their orders are the registry's own, so the 2020 order
/// counts stay as the annual report has them.
pub(super) async fn history(state: &AppState) -> Result<(), Error> {
    use app::competitions::repo::{ApplicantDetails, NewStageResult};
    use app::domain::competition::{
        rank, stage_result, total, ApplicationState, CommissionRole, CompetitionKind, FormalReason,
        StageKind, StageRule, VacancyOpening,
    };
    use rust_decimal::Decimal;
    let db = &state.db;
    let mut tx = db.write.begin().await?;
    let mut members = Vec::new();
    for (name, role) in [
        ("commission", CommissionRole::Chair),
        ("commission2", CommissionRole::Secretary),
        ("commission3", CommissionRole::Member),
    ] {
        let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
        members.push((id, role));
    }
    let rules = [
        StageRule {
            kind: StageKind::Test,
            max_points: 20.into(),
            weight: "0.4".parse()?,
            pass_ratio: "0.6".parse()?,
        },
        StageRule {
            kind: StageKind::Interview,
            max_points: 10.into(),
            weight: "0.6".parse()?,
            pass_ratio: "0.6".parse()?,
        },
    ];
    for year in [2020, 2021, 2023] {
        let Some(w) = super::repo::competition_appointment(&mut tx, year).await? else {
            continue;
        };
        let start = w.start_date;
        let opened = start - Duration::days(80);
        let decided = opened + Duration::days(10);
        let announced = opened + Duration::days(12);
        let until = announced + Duration::days(14);
        let closed = [until + Duration::days(7), until + Duration::days(14)];
        let notified = until + Duration::days(15);
        let texts = competitions::position_texts(&mut tx, w.position_id)
            .await?
            .ok_or("position texts")?;
        let salary = app::org::repo::terms_on(&mut tx, w.position_id, start)
            .await?
            .map(|t| Decimal::new(t.salary_tetri, 2))
            .unwrap_or_default();
        let vacancy = competitions::insert_vacancy(
            &mut tx,
            w.position_id,
            opened,
            VacancyOpening::Dismissal,
            on(opened),
        )
        .await?;
        let decision_order = super::repo::order_before(&mut tx, decided).await?;
        super::repo::finish_vacancy(&mut tx, vacancy, (decided, decision_order), start).await?;
        let id = competitions::insert_competition(
            &mut tx,
            &competitions::NewCompetition {
                vacancy_id: vacancy,
                kind: CompetitionKind::Open,
                texts: &texts,
                salary,
                applications_until: until,
            },
            on(decided),
        )
        .await?;
        competitions::replace_stages(&mut tx, id, &rules).await?;
        competitions::replace_members(&mut tx, id, &members).await?;
        let announce_order = super::repo::order_before(&mut tx, announced).await?;
        super::repo::finish_competition(
            &mut tx,
            id,
            (announce_order, announced),
            notified,
            (start, w.order_id),
        )
        .await?;
        // The applications: the winner first, then the others.
        let mut apps = Vec::new();
        for (i, scores) in PAST_SCORES.iter().enumerate() {
            let (number, first, last, gender, birth) = if i == 0 {
                (
                    w.personal_number.clone(),
                    (w.first_name_ka.clone(), w.first_name_en.clone()),
                    (w.last_name_ka.clone(), w.last_name_en.clone()),
                    w.gender.clone(),
                    w.birth_date,
                )
            } else {
                let (fk, lk, fe, le, g) = PAST_APPLICANTS[i - 1];
                (
                    format!("01{year:04}{i:05}"),
                    (fk.to_string(), fe.to_string()),
                    (lk.to_string(), le.to_string()),
                    g.to_string(),
                    NaiveDate::from_ymd_opt(1985 + i as i32, 4, 10).ok_or("date")?,
                )
            };
            let email = format!("{}@example.ge", first.1.to_lowercase());
            let app_id = competitions::insert_application(
                &mut tx,
                id,
                &format!("demo-history-{year}-{i}"),
                &app::domain::competition::blind_code(year as u32 * 7 + i as u32),
                false,
                &ApplicantDetails {
                    personal_number: &number,
                    first_name: (&first.0, &first.1),
                    last_name: (&last.0, &last.1),
                    gender: app::domain::staff::Gender::parse(&gender).ok_or("gender")?,
                    birth_date: birth,
                    email: &email,
                    phone: None,
                    education: "თბილისის სახელმწიფო უნივერსიტეტი",
                    experience: "მუნიციპალურ სამსახურში მუშაობის გამოცდილება",
                    answers: "[]",
                    relations: "",
                    accommodation: "",
                },
                on(announced + Duration::days(2 + i as i64)),
            )
            .await?;
            match scores {
                None => {
                    competitions::set_formal_check(
                        &mut tx,
                        app_id,
                        ApplicationState::Rejected,
                        Some(FormalReason::RequirementNotMet),
                        None,
                    )
                    .await?
                }
                Some(s) => {
                    competitions::set_formal_check(
                        &mut tx,
                        app_id,
                        ApplicationState::Admitted,
                        None,
                        None,
                    )
                    .await?;
                    apps.push((app_id, *s));
                }
            }
        }
        // Declarations (no conflict), the sheets, and each stage's results.
        for (user, _) in &members {
            for (app_id, _) in &apps {
                competitions::insert_declaration(
                    &mut tx,
                    id,
                    *user,
                    *app_id,
                    false,
                    "",
                    on(until + Duration::days(2)),
                )
                .await?;
            }
        }
        let mut results: Vec<(i64, [Option<app::domain::competition::StageResult>; 2])> =
            Vec::new();
        for (app_id, (test, interview)) in &apps {
            let test_scores = [Decimal::from(*test)];
            let test_result = stage_result(&test_scores, &rules[0]);
            competitions::insert_sheet(
                &mut tx,
                &competitions::NewSheet {
                    competition: id,
                    ordinal: 1,
                    application: *app_id,
                    user: members[1].0,
                    round: 1,
                    score: test_scores[0],
                    comment: "",
                },
                on(closed[0]),
            )
            .await?;
            let mut pair = [test_result, None];
            if test_result.is_some_and(|r| r.passed) {
                let scores: Vec<Decimal> = interview.iter().map(|s| Decimal::from(*s)).collect();
                for ((user, _), score) in members.iter().zip(&scores) {
                    competitions::insert_sheet(
                        &mut tx,
                        &competitions::NewSheet {
                            competition: id,
                            ordinal: 2,
                            application: *app_id,
                            user: *user,
                            round: 1,
                            score: *score,
                            comment: "",
                        },
                        on(closed[1]),
                    )
                    .await?;
                }
                pair[1] = stage_result(&scores, &rules[1]);
            }
            for (k, r) in pair.iter().enumerate() {
                if let Some(r) = r {
                    competitions::insert_stage_result(
                        &mut tx,
                        &NewStageResult {
                            competition: id,
                            ordinal: k as i64 + 1,
                            application: *app_id,
                            sum: r.sum,
                            members: r.members,
                            mean: r.mean,
                            passed: r.passed,
                            rule_json: &serde_json::to_string(&rules[k])?,
                        },
                        on(closed[k]),
                    )
                    .await?;
                }
            }
            results.push((*app_id, pair));
        }
        for (k, day) in closed.iter().enumerate() {
            let noticed = *day - Duration::days(7);
            competitions::schedule_stage(&mut tx, id, k as i64 + 1, *day, VENUE, noticed).await?;
            competitions::close_stage(&mut tx, id, k as i64 + 1, on(*day)).await?;
        }
        let totals: Vec<(i64, Decimal)> = results
            .iter()
            .filter_map(|(a, pair)| total(pair, &rules).map(|t| (*a, t)))
            .collect();
        let ranking = rank(&totals);
        let reserve_until = app::domain::common::term_end(start, 12);
        for (app_id, _) in &results {
            match ranking.iter().find(|r| r.applicant == *app_id) {
                Some(r) if r.place == 1 => {
                    competitions::set_result(
                        &mut tx,
                        *app_id,
                        ApplicationState::Appointed,
                        Some(r.total),
                        Some(i64::from(r.place)),
                        None,
                    )
                    .await?;
                    competitions::set_winner(&mut tx, id, Some(*app_id), None).await?;
                }
                Some(r) => {
                    competitions::set_result(
                        &mut tx,
                        *app_id,
                        ApplicationState::Reserve,
                        Some(r.total),
                        Some(i64::from(r.place)),
                        reserve_until,
                    )
                    .await?
                }
                None => {
                    competitions::set_application_state(
                        &mut tx,
                        *app_id,
                        ApplicationState::NotPassed,
                    )
                    .await?
                }
            }
        }
    }
    tx.commit().await?;
    Ok(())
}
