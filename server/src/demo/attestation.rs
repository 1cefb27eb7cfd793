//! Attestation in the demo: a session of the competition-attestation commission held two
//! months ago for three officers who were due, voted, concluded and ordered by the mayor;
//! the rest of the officers due are left for HR to schedule.
use super::on;
use app::attestation::service;
use app::domain::common::georgia_date;
use app::domain::order::Issuer;
use app::orders::service::OrderInput;
use app::ssr::{Actor, AppState};
use chrono::{Days, Months};

pub async fn load(
    state: &AppState,
    hr: &Actor,
    mayor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Box<dyn std::error::Error>> {
    let db = &state.db;
    let today = georgia_date(now);
    let held_on = today.checked_sub_months(Months::new(2)).ok_or("date")?;
    let scheduled_on = held_on - Days::new(14);
    let members: Vec<Actor> = {
        let mut out = Vec::new();
        for name in ["commission", "commission2", "commission3"] {
            out.push(
                app::auth::service::actor_for(db, name, now)
                    .await?
                    .ok_or("no demo commission member")?,
            );
        }
        out
    };
    let member_people: Vec<Option<i64>> = members.iter().map(|m| m.user.employee_id).collect();
    let board = service::board(db, &hr.at(on(scheduled_on))).await?;
    let mut officers: Vec<i64> = board
        .due
        .iter()
        .filter(|d| !d.scheduled && !member_people.contains(&Some(d.person.id)))
        .map(|d| d.person.id)
        .collect();
    // One officer, found fit for a higher position, is the one of the lowest rank among those
    // due, so a vacancy a rank above can be decided for promotion.
    let mut lowest = (0, None);
    for (n, id) in officers.iter().enumerate() {
        let rank = super::repo::post_of_employee(&db.read, *id)
            .await?
            .and_then(|(_, rank)| rank);
        if rank > lowest.1 {
            lowest = (n, rank);
        }
    }
    let nominee = officers.get(lowest.0).copied();
    officers.retain(|id| Some(*id) != nominee);
    officers.truncate(2);
    officers.extend(nominee);
    let id = service::schedule(
        db,
        &hr.at(on(scheduled_on)),
        service::SessionInput {
            held_on,
            place: "მერიის სხდომათა დარბაზი".into(),
            chair: members[0].user.id,
            members: members.iter().map(|m| m.user.id).collect(),
            officers,
        },
    )
    .await?;
    let session = service::detail(db, &hr.at(on(held_on)), id).await?;
    for (n, a) in session.officers.iter().enumerate() {
        let carried = if Some(a.person.id) == nominee {
            "fits_higher"
        } else {
            "fits_position"
        };
        for (k, m) in members.iter().enumerate() {
            // The third member recuses on the first officer: they work in the same unit.
            let (vote, note) = if n == 0 && k == 2 {
                ("recused", "ვმუშაობ იმავე სამსახურში.")
            } else {
                (carried, "")
            };
            service::vote(db, &m.at(on(held_on)), a.id, vote, note).await?;
        }
        service::conclude(
            db,
            &members[0].at(on(held_on)),
            a.id,
            "დოსიეს მიხედვით მოხელე ასრულებს თანამდებობრივ მოვალეობებს; წლიური შეფასებები კარგია.",
        )
        .await?;
    }
    let ordered = held_on + Days::new(5);
    let detail = service::detail(db, &mayor.at(on(ordered)), id).await?;
    service::order(
        db,
        &mayor.at(on(ordered)),
        id,
        detail.revision,
        OrderInput {
            number: "#2-4/310".into(),
            date: ordered,
            order_type: None,
            issuer: Issuer::Mayor,
        },
    )
    .await?;
    Ok(())
}

/// A position a rank above the officer the commission nominated, approved ten days ago in
/// the nominee's unit, its vacancy decided to be filled by promotion today, so the promotion
/// check has a candidate to explain (the other vacancies stay open for competitions).
pub async fn promotion(
    state: &AppState,
    hr: &Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Box<dyn std::error::Error>> {
    use app::competitions::service::{decide, sync_vacancies, DecisionInput};
    use app::domain::competition::FillingDecision;
    use app::domain::staff::EmploymentType;
    use app::domain::Bilingual;
    use app::org::service::{create_position, PositionInput};
    let db = &state.db;
    let today = georgia_date(now);
    let approved = today - Days::new(10);
    let board = app::promotion::service::board(db, &hr.at(on(today))).await?;
    let Some(nominee) = board.nominees.first() else {
        return Ok(());
    };
    let (Some((Some(unit), _)), Some(rank)) = (
        super::repo::post_of_employee(&db.read, nominee.person.id).await?,
        nominee.rank.filter(|r| *r > 1),
    ) else {
        return Ok(());
    };
    let category = {
        let mut conn = db.read.acquire().await?;
        app::org::repo::category_by_number(&mut conn, rank - 1, 1).await?
    };
    let bi = |ka: &str, en: &str| Bilingual::new(ka.to_string(), en.to_string());
    let position = create_position(
        db,
        &hr.at(on(approved)),
        PositionInput {
            unit_id: Some(unit),
            title: bi(
                "პირველი კატეგორიის უფროსი სპეციალისტი",
                "Senior Specialist, 1st category",
            ),
            category_id: category,
            employment_type: EmploymentType::Officer,
            salary: None,
            is_head: false,
            valid_from: approved,
            job_description: bi(
                "ერთეულის კომპეტენციის საკითხების მომზადება და შესრულება; უმცროსი სპეციალისტების მუშაობის კოორდინაცია.",
                "Prepares and carries out the unit's matters; coordinates the junior specialists' work.",
            ),
            requirements_min: bi(
                "უმაღლესი განათლება (ბაკალავრი); 1 წლის სამუშაო გამოცდილება.",
                "Higher education (bachelor's); 1 year of work experience.",
            ),
            requirements_extra: bi(
                "საქართველოს კანონმდებლობის ცოდნა.",
                "Knowledge of Georgian legislation.",
            ),
        },
    )
    .await?;
    {
        let mut tx = db.write.begin().await?;
        sync_vacancies(&mut tx, today, now).await?;
        tx.commit().await?;
    }
    let vacancies = app::competitions::repo::live_vacancies(&db.read).await?;
    let Some(v) = vacancies
        .into_iter()
        .find(|v| v.position_id == position && v.decision.is_none())
    else {
        return Ok(());
    };
    decide(
        db,
        &hr.at(on(today)),
        v.id,
        v.revision,
        DecisionInput {
            decision: FillingDecision::Promotion,
            reason: Some(
                "ატესტაციის კომისიამ მოხელე მიიჩნია მაღალი თანამდებობის შესაფერისად.".into(),
            ),
            order: OrderInput {
                number: "#2-4/322".into(),
                date: today,
                order_type: None,
                issuer: Issuer::Mayor,
            },
        },
    )
    .await?;
    Ok(())
}
