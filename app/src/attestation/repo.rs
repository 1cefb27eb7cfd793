//! SQL of attestation: who is due, sessions, members, attested officers and votes.
use crate::domain::attestation::SessionState;
use crate::domain::career::Conclusion;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{SqliteConnection, SqlitePool};

/// An officer holding an officer position today, with the day that appointment began and the
/// day of their last effective attestation.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct OfficerRow {
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub position_id: i64,
    pub title_ka: String,
    pub title_en: String,
    pub appointed_on: NaiveDate,
    pub last_attested: Option<NaiveDate>,
    /// Already on a session not yet ordered.
    pub scheduled: bool,
}

const OFFICERS: &str = "SELECT e.id AS employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
        e.last_name_en, a.position_id, p.title_ka, p.title_en, a.start_date AS appointed_on,
        (SELECT MAX(s.held_on) FROM attestations t JOIN attestation_sessions s ON s.id = t.session_id
          WHERE t.employee_id = e.id AND s.state = 'ordered' AND t.conclusion IS NOT NULL) AS last_attested,
        EXISTS (SELECT 1 FROM attestations t JOIN attestation_sessions s ON s.id = t.session_id
          WHERE t.employee_id = e.id AND s.state <> 'ordered') AS scheduled
     FROM assignments a JOIN employees e ON e.id = a.employee_id
     JOIN positions p ON p.id = a.position_id
     JOIN position_terms pt ON pt.position_id = a.position_id AND pt.valid_from <= $1
       AND (pt.valid_to IS NULL OR pt.valid_to >= $1) AND pt.employment_type = 'officer'
     WHERE a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1) AND a.basis <> 'acting'";

/// Every officer today (the due list is computed from their days).
pub async fn officers(db: &SqlitePool, on: NaiveDate) -> Result<Vec<OfficerRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{OFFICERS} ORDER BY e.last_name_ka, e.first_name_ka, e.id"
    ))
    .bind(on)
    .fetch_all(db)
    .await
}

pub async fn officer(
    conn: &mut SqliteConnection,
    employee: i64,
    on: NaiveDate,
) -> Result<Option<OfficerRow>, sqlx::Error> {
    sqlx::query_as(&format!("{OFFICERS} AND e.id = $2 LIMIT 1"))
        .bind(on)
        .bind(employee)
        .fetch_optional(conn)
        .await
}

pub async fn insert_session(
    conn: &mut SqliteConnection,
    held_on: NaiveDate,
    place: &str,
    by: i64,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO attestation_sessions (held_on, place, state, created_by, created_at)
         VALUES ($1, $2, 'scheduled', $3, $4) RETURNING id",
    )
    .bind(held_on)
    .bind(place)
    .bind(by)
    .bind(at)
    .fetch_one(conn)
    .await
}

pub async fn insert_member(
    conn: &mut SqliteConnection,
    session: i64,
    user: i64,
    chair: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO attestation_members (session_id, user_id, role) VALUES ($1, $2, $3)")
        .bind(session)
        .bind(user)
        .bind(if chair { "chair" } else { "member" })
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn insert_attestation(
    conn: &mut SqliteConnection,
    session: i64,
    o: &OfficerRow,
    due_on: NaiveDate,
    rule_valid_from: NaiveDate,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO attestations (session_id, employee_id, position_id, due_on, rule_valid_from)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(session)
    .bind(o.employee_id)
    .bind(o.position_id)
    .bind(due_on)
    .bind(rule_valid_from)
    .fetch_one(conn)
    .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct SessionRow {
    pub id: i64,
    pub held_on: NaiveDate,
    pub place: String,
    pub state: SessionState,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub order_date: Option<NaiveDate>,
    pub revision: i64,
    pub officers: i64,
    pub concluded: i64,
}

const SESSION: &str = "SELECT s.id, s.held_on, s.place, s.state, s.order_id, o.number AS order_number,
        o.order_date, s.revision,
        (SELECT COUNT(*) FROM attestations t WHERE t.session_id = s.id) AS officers,
        (SELECT COUNT(*) FROM attestations t WHERE t.session_id = s.id AND t.conclusion IS NOT NULL) AS concluded
     FROM attestation_sessions s LEFT JOIN orders o ON o.id = s.order_id";

pub async fn sessions(db: &SqlitePool) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SESSION} ORDER BY s.held_on DESC, s.id DESC LIMIT 100"
    ))
    .fetch_all(db)
    .await
}

pub async fn session(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SESSION} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn sessions_of_member(db: &SqlitePool, user: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT session_id FROM attestation_members WHERE user_id = $1")
        .bind(user)
        .fetch_all(db)
        .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct MemberRow {
    pub user_id: i64,
    pub display_name: String,
    pub employee_id: Option<i64>,
    pub chair: bool,
}

pub async fn members(
    conn: &mut SqliteConnection,
    session: i64,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.user_id, u.display_name, u.employee_id, m.role = 'chair' AS chair
         FROM attestation_members m JOIN users u ON u.id = m.user_id
         WHERE m.session_id = $1 ORDER BY m.role = 'chair' DESC, u.display_name",
    )
    .bind(session)
    .fetch_all(conn)
    .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct AttestedRow {
    pub id: i64,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub position_id: i64,
    pub title_ka: String,
    pub title_en: String,
    pub due_on: NaiveDate,
    pub conclusion: Option<Conclusion>,
    pub reasoning: Option<String>,
    pub dossier: Option<String>,
    pub rule_valid_from: NaiveDate,
    pub concluded_at: Option<DateTime<Utc>>,
}

const ATTESTED: &str =
    "SELECT t.id, t.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
        e.last_name_en, t.position_id, p.title_ka, p.title_en, t.due_on, t.conclusion, t.reasoning,
        t.dossier, t.rule_valid_from, t.concluded_at
     FROM attestations t JOIN employees e ON e.id = t.employee_id
     JOIN positions p ON p.id = t.position_id";

pub async fn attested(
    conn: &mut SqliteConnection,
    session: i64,
) -> Result<Vec<AttestedRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ATTESTED} WHERE t.session_id = $1 ORDER BY e.last_name_ka, e.first_name_ka, t.id"
    ))
    .bind(session)
    .fetch_all(conn)
    .await
}

pub async fn attestation(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<(i64, AttestedRow)>, sqlx::Error> {
    let session: Option<i64> =
        sqlx::query_scalar("SELECT session_id FROM attestations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(session) = session else {
        return Ok(None);
    };
    let row = sqlx::query_as(&format!("{ATTESTED} WHERE t.id = $1"))
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(Some((session, row)))
}

/// Votes of a session: (attestation, user, vote code, note).
pub async fn votes(
    conn: &mut SqliteConnection,
    session: i64,
) -> Result<Vec<(i64, i64, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.attestation_id, v.user_id, v.vote, v.note FROM attestation_votes v
         JOIN attestations t ON t.id = v.attestation_id WHERE t.session_id = $1",
    )
    .bind(session)
    .fetch_all(conn)
    .await
}

pub async fn put_vote(
    conn: &mut SqliteConnection,
    attestation: i64,
    user: i64,
    vote: &str,
    note: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO attestation_votes (attestation_id, user_id, vote, note, voted_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (attestation_id, user_id) DO UPDATE SET vote = $3, note = $4, voted_at = $5",
    )
    .bind(attestation)
    .bind(user)
    .bind(vote)
    .bind(note)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn conclude(
    conn: &mut SqliteConnection,
    id: i64,
    conclusion: Conclusion,
    reasoning: &str,
    dossier: &str,
    by: i64,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE attestations SET conclusion = $2, reasoning = $3, dossier = $4, concluded_by = $5,
             concluded_at = $6 WHERE id = $1 AND conclusion IS NULL",
    )
    .bind(id)
    .bind(conclusion)
    .bind(reasoning)
    .bind(dossier)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_state(
    conn: &mut SqliteConnection,
    session: i64,
    state: SessionState,
    order: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE attestation_sessions SET state = $2, order_id = COALESCE($3, order_id) WHERE id = $1")
        .bind(session)
        .bind(state)
        .bind(order)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn commission_users(db: &SqlitePool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = 'commission' AND u.is_active = 1 ORDER BY u.display_name",
    )
    .fetch_all(db)
    .await
}

// ---- The dossier ------------------------------------------------------------------------

/// Final annual results since a day: (evaluation, period start, end, mark, rating code).
pub async fn annual_results(
    conn: &mut SqliteConnection,
    employee: i64,
    since: NaiveDate,
) -> Result<Vec<(i64, NaiveDate, NaiveDate, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, c.period_start, c.period_end, r.final_mark, r.rating FROM evaluations e
         JOIN evaluation_cycles c ON c.id = e.cycle_id
         JOIN evaluation_results r ON r.evaluation_id = e.id
           AND r.version = (SELECT MAX(x.version) FROM evaluation_results x WHERE x.evaluation_id = e.id)
         WHERE e.employee_id = $1 AND c.period_end >= $2 ORDER BY c.period_start",
    )
    .bind(employee)
    .bind(since)
    .fetch_all(conn)
    .await
}

/// Final probation reviews: (probation, quarter, outcome code).
pub async fn probation_reviews(
    conn: &mut SqliteConnection,
    employee: i64,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, r.quarter, r.outcome FROM probation_reviews r
         JOIN probation_records p ON p.id = r.probation_id
         WHERE p.employee_id = $1 AND r.state IN ('final', 'acknowledged') ORDER BY p.id, r.quarter",
    )
    .bind(employee)
    .fetch_all(conn)
    .await
}

/// Trainings since a day: (course, ends on, hours, qualification).
pub async fn trainings(
    conn: &mut SqliteConnection,
    employee: i64,
    since: NaiveDate,
) -> Result<Vec<(String, NaiveDate, i64, bool)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT course, ends_on, hours, qualification FROM training_records
         WHERE employee_id = $1 AND ends_on >= $2 ORDER BY starts_on",
    )
    .bind(employee)
    .bind(since)
    .fetch_all(conn)
    .await
}

/// Sanctions in force on a day: (kind code, from, to).
pub async fn sanctions_in_force(
    conn: &mut SqliteConnection,
    employee: i64,
    on: NaiveDate,
) -> Result<Vec<(String, NaiveDate, Option<NaiveDate>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, valid_from, valid_to FROM sanctions WHERE employee_id = $1
           AND valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2) ORDER BY valid_from",
    )
    .bind(employee)
    .bind(on)
    .fetch_all(conn)
    .await
}

pub async fn user_employee(
    conn: &mut SqliteConnection,
    user: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT employee_id FROM users WHERE id = $1")
        .bind(user)
        .fetch_optional(conn)
        .await
        .map(Option::flatten)
}
