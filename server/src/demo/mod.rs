//! The demo municipality, loaded once into an empty database when `MOKHELE_DEMO=1`: a mayor's
//! office with 8 services and 17 departments, about 120 staff, a user per role, eight years and
//! more of evaluations, classes and their orders.
//!
//! History keeps its calendar dates (the 2019 reorganization, the 2020 report's orders, the
//! 2020 equalization, the cycles from 2018). The live part — the open cycle half-way through,
//! waiting and overdue tasks, the latest qualifications for a class — is placed relative to the
//! day the demo is loaded ([`Timeline`]), so a demo loaded next year is as coherent as one
//! loaded today. Past steps are taken through the services as the demo's HR user and mayor
//! (with the time they were taken); the bulk of the evaluation history is written through the
//! evaluation repository without audit rows.
mod attestation;
mod classes;
mod competitions;
mod discipline;
mod evaluations;
pub mod probation;
mod repo;
mod structure;
mod work_plans;

pub use structure::ORDERS_2020;

use app::auth::repo::{insert_user, NewUser};
use app::domain::Role;
use app::org::repo as org;
use app::ssr::audit::{record, AuditEntry};
use app::ssr::AppState;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// (username, password, roles) — also listed in the README.
pub const DEMO_USERS: &[(&str, &str, &[Role])] = &[
    ("hr", "Mokhele-HR-2026", &[Role::Hr, Role::Employee]),
    // A colleague: separation of duties leaves each HR specialist's own evaluation to another.
    ("hr2", "Mokhele-HR2-2026", &[Role::Hr, Role::Employee]),
    (
        "manager",
        "Mokhele-Manager-2026",
        &[Role::Manager, Role::Employee],
    ),
    ("employee", "Mokhele-Employee-2026", &[Role::Employee]),
    ("mayor", "Mokhele-Mayor-2026", &[Role::Mayor]),
    (
        "commission",
        "Mokhele-Commission-2026",
        &[Role::Commission, Role::Employee],
    ),
    // The other two members of the demo's competition commissions.
    (
        "commission2",
        "Mokhele-Commission2-2026",
        &[Role::Commission, Role::Employee],
    ),
    (
        "commission3",
        "Mokhele-Commission3-2026",
        &[Role::Commission, Role::Employee],
    ),
];

/// Where the demo's live part sits.
pub struct Timeline {
    /// When the demo is loaded.
    pub now: DateTime<Utc>,
    /// The year of the cycle that is half-way through: the year two months ago, so that in
    /// January and February the past year's evaluation is still going on.
    pub live_year: i32,
}

impl Timeline {
    pub fn at(now: DateTime<Utc>) -> Self {
        let today = app::domain::common::georgia_date(now);
        Timeline {
            now,
            live_year: (today - Duration::days(60)).year(),
        }
    }
}

/// 08:00 UTC (noon in Georgia) of a day: when the demo's past steps were taken.
pub(crate) fn at(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(year, month, day)
        .map(on)
        .unwrap_or_default()
}

pub(crate) fn on(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(8, 0, 0).unwrap_or_default().and_utc()
}

/// Loads the demo unless an institution already exists. Returns whether it loaded.
pub async fn load_if_empty(state: &AppState) -> Result<bool, Box<dyn std::error::Error>> {
    if org::count_institutions(&state.db.read).await? > 0 {
        return Ok(false);
    }
    let timeline = Timeline::at(state.clock.now());
    let now = timeline.now;
    // Hash before the transaction: hashing is slow and the writer should not wait on it.
    let mut hashes = Vec::new();
    for (_, password, _) in DEMO_USERS {
        hashes.push(state.passwords.hash(password).await?);
    }
    let mut tx = state.db.write.begin().await?;
    let staff = structure::build_structure(&mut tx, now).await?;
    probation::backfill(&mut tx, &timeline).await?;
    let links = [
        staff.hr_specialists.first().copied(),
        staff.hr_specialists.get(2).copied(),
        staff.hr_head,
        staff.hr_specialists.get(1).copied(),
        Some(staff.mayor),
        staff.legal_specialist,
        staff.hr_specialists.get(3).copied(),
        staff.hr_specialists.get(4).copied(),
    ];
    for (((username, _, roles), hash), employee) in DEMO_USERS.iter().zip(&hashes).zip(links) {
        let display = match employee {
            Some(id) => org::employee_display_name(&mut tx, id).await?,
            None => (*username).to_string(),
        };
        insert_user(
            &mut tx,
            NewUser {
                created_at: now,
                username,
                display_name: &display,
                password_hash: hash,
                must_change_password: false,
                employee_id: employee,
                roles,
            },
        )
        .await?;
    }
    record(
        &mut tx,
        AuditEntry {
            at: now,
            actor_user_id: None,
            action: "demo.loaded",
            entity: "institution",
            entity_id: None,
            before: None,
            after: Some(serde_json::json!({ "live_year": timeline.live_year })),
            client_addr: None,
        },
    )
    .await?;
    tx.commit().await?;
    let db = &state.db;
    let hr = app::auth::service::actor_for(db, "hr", now)
        .await?
        .ok_or("no demo HR user")?;
    let colleague = app::auth::service::actor_for(db, "hr2", now)
        .await?
        .ok_or("no second demo HR user")?;
    let mayor = app::auth::service::actor_for(db, "mayor", now)
        .await?
        .ok_or("no demo mayor")?;
    let people = evaluations::DemoPeople {
        hr: staff.hr_specialists.first().copied(),
        employee: staff.hr_specialists.get(1).copied(),
        manager: staff.hr_head,
    };
    evaluations::load(db, [&hr, &colleague], &people, &timeline).await?;
    classes::load(db, &hr, &mayor, &timeline).await?;
    {
        // Positions added after the structure (later years) get their texts too.
        let mut tx = db.write.begin().await?;
        repo::describe_positions(&mut tx).await?;
        tx.commit().await?;
    }
    competitions::load(state, &hr, &mayor).await?;
    {
        let mut tx = db.write.begin().await?;
        probation::close_past(&mut tx, &timeline).await?;
        tx.commit().await?;
    }
    let manager = app::auth::service::actor_for(db, "manager", now)
        .await?
        .ok_or("no demo manager")?;
    probation::live(state, &hr, &manager, &timeline, people.employee).await?;
    let members = work_plans::load(state, &hr, &manager, &timeline, people.employee).await?;
    discipline::load(state, &hr, &manager, &timeline, &members).await?;
    attestation::load(state, &hr, &mayor, timeline.now).await?;
    attestation::promotion(state, &hr, timeline.now).await?;
    Ok(true)
}
