//! SQL of promotion and demotion: the attestation conclusion in force, the nominees, the
//! officers with a low result or a "does not fit" conclusion, and a vacancy's moves.
use crate::domain::career::Conclusion;
use crate::domain::competition::MoveState;
use chrono::NaiveDate;
use sqlx::{SqliteConnection, SqlitePool};

/// An officer and the position they hold (not acting) on a day.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct HolderRow {
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub title_ka: String,
    pub title_en: String,
    pub rank: Option<i64>,
}

/// The conclusion in force: the latest concluded attestation of a session the mayor ordered.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct AttestationRow {
    pub session_id: i64,
    pub held_on: NaiveDate,
    pub conclusion: Conclusion,
}

const LATEST: &str = "SELECT t.session_id, s.held_on, t.conclusion FROM attestations t
    JOIN attestation_sessions s ON s.id = t.session_id
    WHERE t.employee_id = $1 AND s.state = 'ordered' AND t.conclusion IS NOT NULL
    ORDER BY s.held_on DESC, t.id DESC LIMIT 1";

pub async fn latest_attestation(
    conn: &mut SqliteConnection,
    employee: i64,
) -> Result<Option<AttestationRow>, sqlx::Error> {
    sqlx::query_as(LATEST)
        .bind(employee)
        .fetch_optional(conn)
        .await
}

const HOLDERS: &str =
    "SELECT e.id AS employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
        e.last_name_en, p.title_ka, p.title_en, p.rank
     FROM assignments a JOIN employees e ON e.id = a.employee_id
     JOIN positions p ON p.id = a.position_id
     WHERE a.basis <> 'acting' AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1)";

/// The conclusion in force of the employee `e.id`, as a correlated subquery.
const CONCLUSION_IN_FORCE: &str = "(SELECT t.conclusion FROM attestations t
      JOIN attestation_sessions s ON s.id = t.session_id
      WHERE t.employee_id = e.id AND s.state = 'ordered' AND t.conclusion IS NOT NULL
      ORDER BY s.held_on DESC, t.id DESC LIMIT 1)";

/// Officers whose conclusion in force is "fits a higher position".
pub async fn nominees(db: &SqlitePool, on: NaiveDate) -> Result<Vec<HolderRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{HOLDERS} AND {CONCLUSION_IN_FORCE} = 'fits_higher'
         ORDER BY e.last_name_ka, e.first_name_ka, e.id"
    ))
    .bind(on)
    .fetch_all(db)
    .await
}

/// Officers who may have a demotion ground: a "does not fit" conclusion in force, or a low
/// (satisfactory or worse) annual result. The rule itself is applied to each.
pub async fn demotion_candidates(
    db: &SqlitePool,
    on: NaiveDate,
) -> Result<Vec<HolderRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{HOLDERS} AND ({CONCLUSION_IN_FORCE} = 'does_not_fit' OR EXISTS (
            SELECT 1 FROM evaluations v JOIN evaluation_results r ON r.evaluation_id = v.id
            WHERE v.employee_id = e.id AND r.rating IN ('satisfactory', 'unsatisfactory')))
         ORDER BY e.last_name_ka, e.first_name_ka, e.id"
    ))
    .bind(on)
    .fetch_all(db)
    .await
}

pub async fn holder(
    conn: &mut SqliteConnection,
    employee: i64,
    on: NaiveDate,
) -> Result<Option<HolderRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{HOLDERS} AND e.id = $2 ORDER BY a.start_date DESC LIMIT 1"
    ))
    .bind(on)
    .bind(employee)
    .fetch_optional(conn)
    .await
}

/// A move proposed for a vacancy (refused ones are left out).
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct VacancyMoveRow {
    pub employee_id: i64,
    pub state: MoveState,
    pub consent_on: Option<NaiveDate>,
}

pub async fn moves_of(
    conn: &mut SqliteConnection,
    vacancy: i64,
) -> Result<Vec<VacancyMoveRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT employee_id, state, consent_on FROM staff_moves
         WHERE vacancy_id = $1 AND state <> 'refused' ORDER BY id",
    )
    .bind(vacancy)
    .fetch_all(conn)
    .await
}
