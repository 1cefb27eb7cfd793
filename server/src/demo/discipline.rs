//! A few disciplinary sanctions (one in force, one served, one lifted early) and training
//! records and needs in the demo.
use super::{on, Timeline};
use app::discipline::service as discipline;
use app::domain::career::SanctionKind;
use app::domain::common::georgia_date;
use app::domain::order::Issuer;
use app::orders::service::OrderInput;
use app::ssr::{Actor, AppState};
use app::training::service as training;
use chrono::{Days, Months, NaiveDate};

fn order(number: &str, date: NaiveDate) -> OrderInput {
    OrderInput {
        number: number.into(),
        date,
        order_type: None,
        issuer: Issuer::Mayor,
    }
}

pub async fn load(
    state: &AppState,
    hr: &Actor,
    manager: &Actor,
    timeline: &Timeline,
    members: &[i64],
) -> Result<(), Box<dyn std::error::Error>> {
    let db = &state.db;
    let today = georgia_date(timeline.now);
    let back = |months: u32| {
        today
            .checked_sub_months(Months::new(months))
            .unwrap_or(today)
    };
    let people = super::repo::staff_without_accounts(&db.read, today, 3).await?;
    let sanctions = [
        (
            SanctionKind::Reprimand,
            "სამსახურებრივი დოკუმენტების წარდგენის ვადის სისტემატური დარღვევა.",
            back(3),
            Some(back(3) + Months::new(6) - Days::new(1)),
            None,
        ),
        (
            SanctionKind::SevereReprimand,
            "მოქალაქის განცხადებაზე პასუხის გაცემის ვადის დარღვევა.",
            back(20),
            Some(back(20) + Months::new(12) - Days::new(1)),
            None,
        ),
        (
            SanctionKind::Reprimand,
            "სამსახურში დაგვიანება ზედიზედ რამდენჯერმე.",
            back(8),
            Some(back(8) + Months::new(6) - Days::new(1)),
            Some(back(6)),
        ),
    ];
    for (n, ((kind, reason, from, to, lifted), person)) in
        sanctions.into_iter().zip(&people).enumerate()
    {
        let id = discipline::record(
            db,
            &hr.at(on(from)),
            discipline::SanctionInput {
                person: super::repo::personal_number(&db.read, *person).await?,
                kind,
                reason: reason.into(),
                valid_from: from,
                valid_to: to,
                order: order(&format!("#2-3/{}", 90 + n), from),
            },
        )
        .await?;
        if let Some(day) = lifted {
            discipline::lift(
                db,
                &hr.at(on(day)),
                id,
                0,
                day,
                "თანამშრომელმა გამოასწორა დარღვევა; უფროსის წარდგინებით.",
            )
            .await?;
        }
    }
    // Trainings of the HR department's people, one meeting a need the head raised.
    let courses = [
        (
            "საჯარო სამსახურის შესავალი კურსი",
            "საჯარო სამსახურის ბიურო",
            40,
            true,
        ),
        (
            "ადამიანური რესურსების მართვა საჯარო სექტორში",
            "საჯარო მმართველობის სკოლა",
            24,
            false,
        ),
        (
            "საქმისწარმოება და ელექტრონული დოკუმენტბრუნვა",
            "მუნიციპალური განვითარების ფონდი",
            16,
            false,
        ),
    ];
    for (n, member) in members.iter().enumerate() {
        let (course, provider, hours, qualification) = courses[n % courses.len()];
        let person = super::repo::personal_number(&db.read, *member).await?;
        let starts = back(5 + n as u32 % 4);
        let need = if n == 0 {
            let at = manager.at(on(starts - Days::new(20)));
            Some(training::raise(db, &at, &person, "საქმისწარმოების ელექტრონული სისტემა").await?)
        } else {
            None
        };
        training::record(
            db,
            &hr.at(on(starts + Days::new(10))),
            training::TrainingInput {
                person,
                course: course.into(),
                provider: provider.into(),
                starts_on: starts,
                ends_on: starts + Days::new(4),
                hours,
                certificate: format!("CSB-{}-{:04}", starts.format("%Y"), 120 + n),
                qualification,
                need,
            },
        )
        .await?;
    }
    // And one need still open: the newest probationer's.
    if let Some(last) = members.last() {
        training::raise(
            db,
            &manager.at(timeline.now),
            &super::repo::personal_number(&db.read, *last).await?,
            "საჯარო სამსახურის ეთიკა და ინტერესთა კონფლიქტი",
        )
        .await?;
    }
    Ok(())
}
