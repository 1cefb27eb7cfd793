//! The rules and transactions of vacancies and competitions, as plain functions of (database,
//! actor, input).
pub mod announcement;
pub mod applications;
pub mod moves;
pub mod outcome;
pub mod reports;
pub mod reserve;
pub mod reviews;
pub mod scoring;
pub mod stages;
pub mod tasks;
pub mod vacancies;

pub use announcement::*;
pub use applications::*;
pub use moves::*;
pub use outcome::*;
pub use reports::*;
pub use reserve::appoint_from_reserve;
pub use reviews::*;
pub use scoring::*;
pub use stages::schedule_stage;
pub(crate) use stages::stage_views;
pub use tasks::tasks;
pub use vacancies::*;

use super::repo::{self, CompetitionRecord, StageRecord};
use super::Announcement;
use crate::domain::competition::CommissionRole;
use crate::domain::{Bilingual, OrderRef};
use crate::error::AppError;
use sqlx::SqliteConnection;

pub(crate) async fn load(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<CompetitionRecord, AppError> {
    repo::competition(conn, id).await?.ok_or(AppError::NotFound)
}

/// The questions of an announcement, line by line in both languages.
pub(crate) fn questions(ka: &str, en: &str) -> Vec<Bilingual> {
    let ka: Vec<&str> = ka
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let en: Vec<&str> = en
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (0..ka.len().max(en.len()))
        .map(|i| {
            let k = ka.get(i).or(en.get(i)).copied().unwrap_or_default();
            let e = en.get(i).or(ka.get(i)).copied().unwrap_or_default();
            Bilingual::new(k.to_string(), e.to_string())
        })
        .collect()
}

pub(crate) fn order_ref(
    id: Option<i64>,
    number: Option<String>,
    date: Option<chrono::NaiveDate>,
) -> Option<OrderRef> {
    match (id, number, date) {
        (Some(id), Some(number), Some(order_date)) => Some(OrderRef {
            id,
            number,
            order_date,
        }),
        _ => None,
    }
}

pub(crate) fn announcement_of(
    c: &CompetitionRecord,
    stages: &[StageRecord],
) -> Result<Announcement, AppError> {
    Ok(Announcement {
        title: Bilingual::new(c.title_ka.clone(), c.title_en.clone()),
        unit: Bilingual::both(c.unit_ka.clone(), c.unit_en.clone()),
        kind: c.kind,
        duties: Bilingual::new(c.duties_ka.clone(), c.duties_en.clone()),
        requirements: Bilingual::new(c.requirements_ka.clone(), c.requirements_en.clone()),
        questions: questions(&c.questions_ka, &c.questions_en),
        salary: repo::decimal(&c.salary)?,
        applications_until: c.applications_until,
        stages: stages.iter().map(|s| s.rule()).collect::<Result<_, _>>()?,
        announced_on: c.announced_on,
        order: order_ref(
            c.announce_order_id,
            c.announce_order_number.clone(),
            c.announce_order_date,
        ),
    })
}

pub(crate) fn appoint_order(c: &CompetitionRecord) -> Option<OrderRef> {
    order_ref(
        c.appoint_order_id,
        c.appoint_order_number.clone(),
        c.appoint_order_date,
    )
}

/// The caller's place on this competition's commission.
pub(crate) async fn role_of(
    conn: &mut SqliteConnection,
    competition: i64,
    user: i64,
) -> Result<Option<CommissionRole>, AppError> {
    Ok(repo::members(conn, competition)
        .await?
        .into_iter()
        .find(|m| m.user_id == user)
        .map(|m| m.role))
}
