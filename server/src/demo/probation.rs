//! Probation in the demo. The structure's first appointments by competition carry the
//! probation the rule of their day gave them, passed with the oath the day after the term;
//! and two probationers are mid-term now in the manager's department: one with a negative
//! first quarter and a second quarter waiting for its review, one with a positive first
//! quarter and a mentor.
use super::{on, Timeline};
use app::auth::repo::{insert_user, NewUser};
use app::domain::common::{georgia_date, term_end};
use app::domain::probation::ReviewOutcome;
use app::domain::staff::{AssignmentBasis, EmploymentType, Gender};
use app::domain::{Bilingual, Role};
use app::orders::service::OrderInput;
use app::org::repo::{self as org, NewPosition};
use app::people::repo::{insert_employee, EmployeeDetails};
use app::people::service::AppointInput;
use app::probation::{repo as probation, service};
use app::ssr::{Actor, AppState};
use chrono::{Datelike, Days, Months, NaiveDate};
use sqlx::SqliteConnection;

/// The demo user who is on probation.
pub const PROBATIONER: (&str, &str) = ("probationer", "Mokhele-Probationer-2026");

/// Records the probation of every first appointment by competition the structure made, from
/// the rule in force on its first day (none before the 2015 law's rule took effect); a term
/// already over is passed, with the oath the day after it.
pub async fn backfill(
    conn: &mut SqliteConnection,
    timeline: &Timeline,
) -> Result<(), Box<dyn std::error::Error>> {
    let today = georgia_date(timeline.now);
    for (employee, assignment, start) in super::repo::first_competition_appointments(conn).await? {
        let Some(rule) = app::ssr::repo::rule_setting(conn, "probation.months", start).await?
        else {
            continue;
        };
        let months: u32 = rule.value.trim().parse()?;
        let Some(ends_on) = term_end(start, months) else {
            continue;
        };
        let id = probation::insert(
            conn,
            &probation::NewProbation {
                employee,
                assignment,
                starts_on: start,
                ends_on,
                months,
                rule_valid_from: rule.valid_from,
                plan: String::new(),
            },
            on(start),
        )
        .await?;
        if ends_on < today {
            probation::record_oath(conn, id, ends_on + Days::new(1)).await?;
        }
    }
    Ok(())
}

/// Passes every probation whose term is over (the demo's past competitions appointed their
/// winners years ago), with the oath the day after the term.
pub async fn close_past(
    conn: &mut SqliteConnection,
    timeline: &Timeline,
) -> Result<(), Box<dyn std::error::Error>> {
    let today = georgia_date(timeline.now);
    for (id, ends_on) in super::repo::running_probations_over(conn, today).await? {
        probation::record_oath(conn, id, ends_on + Days::new(1)).await?;
    }
    Ok(())
}

/// The first day of the month `back` months before today's.
fn month_start(today: NaiveDate, back: u32) -> NaiveDate {
    today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(back)))
        .unwrap_or(today)
}

/// Two probationers mid-term in the HR department, each appointed by competition to a new
/// position, reviewed by the department's head (the demo manager).
pub async fn live(
    state: &AppState,
    hr: &Actor,
    manager: &Actor,
    timeline: &Timeline,
    mentor: Option<i64>,
) -> Result<(), Box<dyn std::error::Error>> {
    let db = &state.db;
    let today = georgia_date(timeline.now);
    let unit = super::repo::post_of_employee(&db.read, manager.user.employee_id.unwrap_or(0))
        .await?
        .and_then(|(unit, _)| unit)
        .ok_or("the demo manager holds no position")?;
    let people = [
        (
            ("ნინო", "Nino"),
            ("ბერიძე", "Beridze"),
            Gender::Female,
            7,
            "50001234567",
        ),
        (
            ("ლევან", "Levan"),
            ("კაპანაძე", "Kapanadze"),
            Gender::Male,
            4,
            "50007654321",
        ),
    ];
    let mut probations = Vec::new();
    for (n, (first, last, gender, back, number)) in people.into_iter().enumerate() {
        let start = month_start(today, back);
        let mut tx = db.write.begin().await?;
        let institution = org::institution_id(&mut tx).await?;
        let title = Bilingual::new("უმცროსი სპეციალისტი", "Junior Specialist");
        let duties = Bilingual::new(
            "საჯარო მოხელეთა პირადი საქმეების წარმოება; ვაკანსიებისა და კონკურსების დოკუმენტაციის მომზადება; შეფასების ციკლის მონაცემების აღრიცხვა.",
            "Keeps public servants' personal files; prepares the documents of vacancies and competitions; records the evaluation cycle's data.",
        );
        let empty = Bilingual::default();
        let position = org::insert_position(
            &mut tx,
            NewPosition {
                institution_id: institution,
                unit_id: Some(unit),
                title: &title,
                rank: Some(4),
                employment_type: EmploymentType::Officer,
                salary_tetri: 110_000,
                is_head: false,
                valid_from: start,
                category_id: None,
                salary_coefficient: None,
                job_description: &duties,
                requirements_min: &empty,
                requirements_extra: &empty,
            },
        )
        .await?;
        super::repo::categorize_positions(&mut tx).await?;
        let employee = insert_employee(
            &mut tx,
            institution,
            EmployeeDetails {
                personal_number: number,
                first_name: &Bilingual::new(first.0, first.1),
                last_name: &Bilingual::new(last.0, last.1),
                gender,
                birth_date: NaiveDate::from_ymd_opt(1996, 3, 14).unwrap_or(start),
                email: None,
                phone: None,
                notes: "",
            },
            on(start),
        )
        .await?;
        app::people::service::appoint_in(
            &mut tx,
            &hr.at(on(start)),
            employee,
            AppointInput {
                position_id: position,
                basis: AssignmentBasis::Competition,
                start,
                end: None,
                acting_reason: None,
                order: OrderInput {
                    number: format!("#2-2/{}", 700 + n),
                    date: start,
                    order_type: None,
                    issuer: app::domain::order::Issuer::Mayor,
                },
            },
        )
        .await?;
        let id = super::repo::probation_of_employee(&mut tx, employee)
            .await?
            .ok_or("no probation started")?;
        if n == 0 {
            let hash = state.passwords.hash(PROBATIONER.1).await?;
            let display = org::employee_display_name(&mut tx, employee).await?;
            insert_user(
                &mut tx,
                NewUser {
                    created_at: timeline.now,
                    username: PROBATIONER.0,
                    display_name: &display,
                    password_hash: &hash,
                    must_change_password: false,
                    employee_id: Some(employee),
                    roles: &[Role::Employee],
                },
            )
            .await?;
        }
        tx.commit().await?;
        probations.push((id, start, employee));
    }
    // The mentor and plan, kept by HR on the first day.
    for (id, start, _) in &probations {
        let detail = service::detail(db, &hr.at(on(*start)), *id).await?;
        service::manage(
            db,
            &hr.at(on(*start)),
            *id,
            detail.revision,
            mentor,
            &detail.plan,
        )
        .await?;
    }
    // Quarter 1 of each: reviewed two days after it ended, final after the answer window.
    let probationer = app::auth::service::actor_for(db, PROBATIONER.0, timeline.now)
        .await?
        .ok_or("no demo probationer")?;
    for (n, (id, start, _)) in probations.iter().enumerate() {
        let q1_end = term_end(*start, 3).ok_or("no quarter")?;
        let (outcome, text) = if n == 0 {
            (
                ReviewOutcome::Negative,
                "პირადი საქმეების აღრიცხვა ვადაში არ სრულდებოდა; ორი ანგარიში დაგვიანებით იქნა წარმოდგენილი.",
            )
        } else {
            (
                ReviewOutcome::Positive,
                "დავალებები დროულად და ხარისხიანად სრულდება; კარგად ერგება გუნდს.",
            )
        };
        let reviewed = q1_end + Days::new(2);
        service::review(db, &manager.at(on(reviewed)), *id, 1, outcome, text).await?;
        if n == 0 {
            service::answer(
                db,
                &probationer.at(on(reviewed + Days::new(1))),
                *id,
                1,
                "დაგვიანება გამოიწვია ახალი პროგრამის დანერგვამ; ამჟამად ყველა ანგარიში დროულად მიდის.",
            )
            .await?;
        }
        let finalized = reviewed + Days::new(8);
        service::finalize(db, &manager.at(on(finalized)), *id, 1, outcome, None).await?;
        if n == 0 {
            service::acknowledge(db, &probationer.at(on(finalized + Days::new(1))), *id, 1).await?;
        }
    }
    Ok(())
}
