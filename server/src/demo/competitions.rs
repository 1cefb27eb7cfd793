//! The demo's competitions, placed relative to the day the demo is loaded: one announced and
//! taking applications, one whose application window has just closed (waiting for HR's formal
//! check), each decided, drafted and announced through the services as HR and the mayor.
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

pub(super) async fn load(state: &AppState, hr: &Actor, mayor: &Actor) -> Result<(), Error> {
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
    let mut tx = db.write.begin().await?;
    service::close_applications(&mut tx, today, hr.at).await?;
    tx.commit().await?;
    Ok(())
}
