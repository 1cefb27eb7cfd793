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
    let officers: Vec<i64> = board
        .due
        .iter()
        .filter(|d| !d.scheduled && !member_people.contains(&Some(d.person.id)))
        .take(3)
        .map(|d| d.person.id)
        .collect();
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
    let votes = ["fits_position", "fits_higher", "fits_position"];
    for (n, a) in session.officers.iter().enumerate() {
        for (k, m) in members.iter().enumerate() {
            // The third member recuses on the first officer: they work in the same unit.
            let (vote, note) = if n == 0 && k == 2 {
                ("recused", "ვმუშაობ იმავე სამსახურში.")
            } else {
                (votes[n % votes.len()], "")
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
