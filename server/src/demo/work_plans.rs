//! A year of monthly work plans and reports in the HR department (the demo manager's): each
//! member drafts the month's plan on its first day, the head approves it the next day, the
//! report comes by the first Friday of the next month and is evaluated two days later. Now:
//! the demo employee's last month waits for the head's evaluation and this month's plans are
//! approved; the month before last is published. Returns the department's members who write
//! plans.
use super::{on, Timeline};
use app::domain::career::monthly_report_due;
use app::domain::common::georgia_date;
use app::domain::evaluation::Rating;
use app::domain::work_plan::month_of;
use app::ssr::{Actor, AppState};
use app::work_plans::{repo, service};
use chrono::{Days, Months};

const PLANS: [&str; 4] = [
    "1. პირადი საქმეების განახლება ახალი ბრძანებების მიხედვით.\n2. ვაკანსიების აღრიცხვა და სტრუქტურული ერთეულების მოთხოვნების შეჯამება.\n3. თვის ანგარიშების მომზადება.",
    "1. კონკურსის დოკუმენტაციის მომზადება.\n2. საკონკურსო კომისიის სხდომების ოქმების აღრიცხვა.\n3. მოქალაქეთა მიმართვებზე პასუხების მომზადება.",
    "1. შეფასების ციკლის მონაცემების შეგროვება.\n2. კლასის დანამატების უწყისის შემოწმება.\n3. გადამზადების საჭიროებების სიის განახლება.",
    "1. საშტატო ნუსხის ცვლილებების პროექტის მომზადება.\n2. მოხელეთა შვებულებების გრაფიკის შედგენა.\n3. არქივისთვის საქმეების გადაცემა.",
];

const REPORTS: [&str; 3] = [
    "გეგმით გათვალისწინებული სამუშაო სრულად შესრულდა; განახლდა 14 პირადი საქმე, მომზადდა 3 ბრძანების პროექტი.",
    "სამუშაოს უმეტესი ნაწილი შესრულდა; ერთი დავალება გადავიდა მომდევნო თვეზე სტრუქტურული ერთეულის მონაცემების დაგვიანების გამო.",
    "შესრულდა ყველა დავალება, დამატებით მომზადდა ორი წერილობითი პასუხი მოქალაქეებისთვის.",
];

const COMMENTS: [(&str, Rating); 4] = [
    (
        "სამუშაო შესრულებულია დროულად და ხარისხიანად.",
        Rating::Excellent,
    ),
    (
        "გეგმა შესრულებულია; ანგარიში შეიძლება იყოს უფრო კონკრეტული.",
        Rating::Good,
    ),
    ("გეგმა შესრულებულია, ერთი დავალების გარდა.", Rating::Good),
    (
        "რამდენიმე დავალება დაგვიანდა; საჭიროა ვადების დაცვა.",
        Rating::Satisfactory,
    ),
];

pub async fn load(
    state: &AppState,
    hr: &Actor,
    manager: &Actor,
    timeline: &Timeline,
    employee: Option<i64>,
) -> Result<Vec<i64>, Box<dyn std::error::Error>> {
    let db = &state.db;
    let today = georgia_date(timeline.now);
    let this_month = month_of(today);
    let boss = manager
        .user
        .employee_id
        .ok_or("the demo manager has no file")?;
    let unit = super::repo::post_of_employee(&db.read, boss)
        .await?
        .and_then(|(unit, _)| unit)
        .ok_or("the demo manager holds no position")?;
    let members = super::repo::unit_members(&db.read, unit, today).await?;
    let mut writers = Vec::new();
    for (n, (member, start)) in members.iter().enumerate() {
        if *member == boss {
            continue;
        }
        let Some(user) = super::repo::user_of_employee(&db.read, *member).await? else {
            // Plans are written by people who sign in; the others' months stay empty.
            continue;
        };
        let officer = app::auth::service::actor_for(db, &user, timeline.now)
            .await?
            .ok_or("no demo user")?;
        writers.push(*member);
        for back in (0..=12u32).rev() {
            let month = this_month
                .checked_sub_months(Months::new(back))
                .ok_or("month")?;
            if month < month_of(*start) {
                continue;
            }
            let drafted = month.max(*start);
            let k = n + back as usize;
            let id =
                service::start(db, &officer.at(on(drafted)), month, PLANS[k % PLANS.len()]).await?;
            service::submit(db, &officer.at(on(drafted)), id, 0).await?;
            let approved = drafted + Days::new(1);
            service::decide_plan(db, &manager.at(on(approved)), id, 1, true, None).await?;
            if back == 0 {
                continue;
            }
            let due = monthly_report_due(month).ok_or("due day")?;
            // Now and then a report comes a few days late.
            let reported = if k % 5 == 3 {
                due + Days::new(3)
            } else {
                due - Days::new(1)
            };
            let reported = reported.min(today);
            service::report(
                db,
                &officer.at(on(reported)),
                id,
                2,
                REPORTS[k % REPORTS.len()],
            )
            .await?;
            let evaluated = reported + Days::new(2);
            if (back == 1 && Some(*member) == employee) || evaluated > today {
                continue;
            }
            let (comments, rating) = COMMENTS[k % COMMENTS.len()];
            let instructions = (rating == Rating::Satisfactory)
                .then_some("მომდევნო თვეში ანგარიშები წარადგინეთ ვადაში.");
            service::evaluate(
                db,
                &manager.at(on(evaluated)),
                id,
                3,
                &repo::Evaluation {
                    rating,
                    comments,
                    instructions,
                },
            )
            .await?;
        }
    }
    let published = this_month
        .checked_sub_months(Months::new(2))
        .ok_or("month")?;
    let day = monthly_report_due(published).ok_or("due day")? + Days::new(10);
    service::publish(db, &hr.at(on(day)), unit, published).await?;
    Ok(writers)
}
