//! SQL of probations, their quarterly reviews and dismissal grounds.
use crate::domain::probation::{GroundDecision, ProbationState, ReviewOutcome, ReviewState};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{SqliteConnection, SqlitePool};

/// Whether the person has held an officer position before `on` (then no probation).
pub async fn was_officer_before(
    conn: &mut SqliteConnection,
    employee: i64,
    on: NaiveDate,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM assignments a JOIN position_terms t ON t.position_id = a.position_id
           AND t.valid_from <= a.start_date AND (t.valid_to IS NULL OR t.valid_to >= a.start_date)
         WHERE a.employee_id = $1 AND a.start_date < $2 AND t.employment_type = 'officer'
           AND a.basis <> 'acting'",
    )
    .bind(employee)
    .bind(on)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub struct NewProbation {
    pub employee: i64,
    pub assignment: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub months: u32,
    pub rule_valid_from: NaiveDate,
    pub plan: String,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    p: &NewProbation,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO probation_records (employee_id, assignment_id, starts_on, ends_on, months,
             rule_valid_from, plan, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(p.employee)
    .bind(p.assignment)
    .bind(p.starts_on)
    .bind(p.ends_on)
    .bind(i64::from(p.months))
    .bind(p.rule_valid_from)
    .bind(&p.plan)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// Links the probation an appointment started to the competition it came from.
pub async fn link_competition(
    conn: &mut SqliteConnection,
    assignment: i64,
    competition: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE probation_records SET competition_id = $2 WHERE assignment_id = $1 RETURNING id",
    )
    .bind(assignment)
    .bind(competition)
    .fetch_optional(conn)
    .await
}

/// The position's job description, from which a probation plan is drafted.
pub async fn job_description(
    conn: &mut SqliteConnection,
    assignment: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.job_description_ka, p.job_description_en FROM assignments a
         JOIN positions p ON p.id = a.position_id WHERE a.id = $1",
    )
    .bind(assignment)
    .fetch_optional(conn)
    .await
}

/// A probation with its person, position and counts, for lists and the detail page.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct ProbationRow {
    pub id: i64,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub assignment_id: i64,
    pub position_id: i64,
    pub title_ka: String,
    pub title_en: String,
    pub unit_name_ka: Option<String>,
    pub unit_name_en: Option<String>,
    pub competition_id: Option<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub months: i64,
    pub rule_valid_from: NaiveDate,
    pub state: ProbationState,
    pub oath_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub close_reason: Option<String>,
    pub mentor_id: Option<i64>,
    pub plan: String,
    pub revision: i64,
    /// Final negative reviews.
    pub negatives: i64,
    pub reviews: i64,
    pub ground_open: bool,
}

const ROW: &str = "SELECT p.id, p.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
        e.last_name_en, p.assignment_id, a.position_id, pos.title_ka, pos.title_en,
        u.name_ka AS unit_name_ka, u.name_en AS unit_name_en, p.competition_id, p.starts_on,
        p.ends_on, p.months, p.rule_valid_from, p.state, p.oath_on, p.closed_on, p.close_reason,
        p.mentor_id, p.plan, p.revision,
        (SELECT COUNT(*) FROM probation_reviews r WHERE r.probation_id = p.id
           AND r.outcome = 'negative' AND r.state IN ('final', 'acknowledged')) AS negatives,
        (SELECT COUNT(*) FROM probation_reviews r WHERE r.probation_id = p.id) AS reviews,
        EXISTS (SELECT 1 FROM dismissal_grounds g WHERE g.probation_id = p.id
           AND g.decision IS NULL) AS ground_open
     FROM probation_records p JOIN employees e ON e.id = p.employee_id
     JOIN assignments a ON a.id = p.assignment_id JOIN positions pos ON pos.id = a.position_id
     LEFT JOIN org_units u ON u.id = pos.unit_id";

/// Running probations, and those closed on or after `closed_since`, by end date.
pub async fn current(
    db: &SqlitePool,
    closed_since: NaiveDate,
) -> Result<Vec<ProbationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ROW} WHERE p.state = 'running' OR COALESCE(p.oath_on, p.closed_on, p.ends_on) >= $1
         ORDER BY p.state <> 'running', p.ends_on, e.last_name_ka, p.id"
    ))
    .bind(closed_since)
    .fetch_all(db)
    .await
}

pub async fn probation(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<ProbationRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ROW} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Who was on probation when: every record's days, for the evaluation's population.
#[derive(sqlx::FromRow)]
pub struct ProbationSpan {
    pub employee_id: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub state: ProbationState,
    pub oath_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

pub async fn spans_covering(
    db: &SqlitePool,
    day: NaiveDate,
) -> Result<Vec<ProbationSpan>, sqlx::Error> {
    sqlx::query_as(
        "SELECT employee_id, starts_on, ends_on, state, oath_on, closed_on FROM probation_records
         WHERE starts_on <= $1 AND COALESCE(closed_on, oath_on, ends_on) >= $1",
    )
    .bind(day)
    .fetch_all(db)
    .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct ReviewRow {
    pub id: i64,
    pub quarter: i64,
    pub reviewer: String,
    pub outcome: ReviewOutcome,
    pub justification: String,
    pub state: ReviewState,
    pub proposed_at: DateTime<Utc>,
    pub answer_until: NaiveDate,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub final_note: Option<String>,
    pub finalized_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub rule_valid_from: NaiveDate,
}

const REVIEW: &str =
    "SELECT r.id, r.quarter, u.display_name AS reviewer, r.outcome, r.justification,
        r.state, r.proposed_at, r.answer_until, r.answer, r.answered_at, r.final_note,
        r.finalized_at, r.acknowledged_at, r.rule_valid_from
     FROM probation_reviews r JOIN users u ON u.id = r.reviewer_user_id";

pub async fn reviews(
    conn: &mut SqliteConnection,
    probation: i64,
) -> Result<Vec<ReviewRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REVIEW} WHERE r.probation_id = $1 ORDER BY r.quarter"
    ))
    .bind(probation)
    .fetch_all(conn)
    .await
}

/// The reviews of many probations at once (for the lists and the inbox).
#[derive(sqlx::FromRow)]
pub struct ReviewStateRow {
    pub probation_id: i64,
    pub quarter: i64,
    pub state: ReviewState,
    pub answer_until: NaiveDate,
}

pub async fn review_states(db: &SqlitePool) -> Result<Vec<ReviewStateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.probation_id, r.quarter, r.state, r.answer_until FROM probation_reviews r
         JOIN probation_records p ON p.id = r.probation_id
         WHERE p.state = 'running' OR r.state <> 'acknowledged'",
    )
    .fetch_all(db)
    .await
}

pub struct NewReview<'a> {
    pub probation: i64,
    pub quarter: u32,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub due_on: NaiveDate,
    pub reviewer: i64,
    pub outcome: ReviewOutcome,
    pub justification: &'a str,
    pub answer_until: NaiveDate,
    pub rule_valid_from: NaiveDate,
}

/// Writes a quarter's review as proposed (again, while it is only proposed).
pub async fn propose(
    conn: &mut SqliteConnection,
    r: &NewReview<'_>,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO probation_reviews (probation_id, quarter, period_from, period_to, due_on,
             reviewer_user_id, outcome, justification, state, proposed_at, answer_until,
             rule_valid_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $10, $11)
         ON CONFLICT (probation_id, quarter) DO UPDATE SET reviewer_user_id = excluded.reviewer_user_id,
             outcome = excluded.outcome, justification = excluded.justification,
             proposed_at = excluded.proposed_at, answer_until = excluded.answer_until,
             rule_valid_from = excluded.rule_valid_from
           WHERE probation_reviews.state = 'proposed'
         RETURNING id",
    )
    .bind(r.probation)
    .bind(i64::from(r.quarter))
    .bind(r.period_from)
    .bind(r.period_to)
    .bind(r.due_on)
    .bind(r.reviewer)
    .bind(r.outcome)
    .bind(r.justification)
    .bind(at)
    .bind(r.answer_until)
    .bind(r.rule_valid_from)
    .fetch_one(conn)
    .await
}

/// Moves a review from one state to the next (only from `from`), with the step's text.
pub async fn answer(
    conn: &mut SqliteConnection,
    id: i64,
    text: &str,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE probation_reviews SET state = 'answered', answer = $2, answered_at = $3
         WHERE id = $1 AND state = 'proposed'",
    )
    .bind(id)
    .bind(text)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn finalize(
    conn: &mut SqliteConnection,
    id: i64,
    outcome: ReviewOutcome,
    note: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE probation_reviews SET state = 'final', outcome = $2, final_note = $3, finalized_at = $4
         WHERE id = $1 AND state IN ('proposed', 'answered')",
    )
    .bind(id)
    .bind(outcome)
    .bind(note)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn acknowledge(
    conn: &mut SqliteConnection,
    id: i64,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE probation_reviews SET state = 'acknowledged', acknowledged_at = $2
         WHERE id = $1 AND state = 'final'",
    )
    .bind(id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The final outcomes of a probation's reviews in quarter order, with their ids.
pub async fn final_outcomes(
    conn: &mut SqliteConnection,
    probation: i64,
) -> Result<Vec<(i64, i64, ReviewOutcome)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, quarter, outcome FROM probation_reviews
         WHERE probation_id = $1 AND state IN ('final', 'acknowledged') ORDER BY quarter",
    )
    .bind(probation)
    .fetch_all(conn)
    .await
}

pub async fn set_mentor_and_plan(
    conn: &mut SqliteConnection,
    id: i64,
    mentor: Option<i64>,
    plan: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE probation_records SET mentor_id = $2, plan = $3 WHERE id = $1")
        .bind(id)
        .bind(mentor)
        .bind(plan)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn record_oath(
    conn: &mut SqliteConnection,
    id: i64,
    oath_on: NaiveDate,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE probation_records SET state = 'passed', oath_on = $2 WHERE id = $1 AND state = 'running'",
    )
    .bind(id)
    .bind(oath_on)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn close(
    conn: &mut SqliteConnection,
    id: i64,
    state: ProbationState,
    closed_on: NaiveDate,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE probation_records SET state = $2, closed_on = $3, close_reason = $4
         WHERE id = $1 AND state = 'running'",
    )
    .bind(id)
    .bind(state)
    .bind(closed_on)
    .bind(reason)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Mentor candidates: the people holding a position in the probationer's unit or its service
/// on `on`, the probationer excepted.
pub async fn colleagues(
    conn: &mut SqliteConnection,
    position: i64,
    on: NaiveDate,
) -> Result<Vec<(i64, String, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT e.id, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en
         FROM positions me JOIN org_units mu ON mu.id = me.unit_id
         JOIN org_units u ON u.id = COALESCE(mu.parent_id, mu.id)
              OR u.parent_id = COALESCE(mu.parent_id, mu.id)
         JOIN positions p ON p.unit_id = u.id
         JOIN assignments a ON a.position_id = p.id AND a.start_date <= $2
              AND (a.end_date IS NULL OR a.end_date >= $2) AND a.basis <> 'acting'
         JOIN employees e ON e.id = a.employee_id
         WHERE me.id = $1 AND p.id <> $1
         ORDER BY e.last_name_ka, e.first_name_ka",
    )
    .bind(position)
    .bind(on)
    .fetch_all(conn)
    .await
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct GroundRow {
    pub id: i64,
    pub raised_on: NaiveDate,
    pub evidence: String,
    pub rule_valid_from: NaiveDate,
    pub decision: Option<GroundDecision>,
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub order_date: Option<NaiveDate>,
}

pub async fn grounds(
    conn: &mut SqliteConnection,
    probation: i64,
) -> Result<Vec<GroundRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.id, g.raised_on, g.evidence, g.rule_valid_from, g.decision, g.reason,
                u.display_name AS decided_by, g.decided_on, g.order_id, o.number AS order_number,
                o.order_date
         FROM dismissal_grounds g LEFT JOIN users u ON u.id = g.decided_by
         LEFT JOIN orders o ON o.id = g.order_id
         WHERE g.probation_id = $1 ORDER BY g.id",
    )
    .bind(probation)
    .fetch_all(conn)
    .await
}

pub async fn raise_ground(
    conn: &mut SqliteConnection,
    employee: i64,
    probation: i64,
    raised_on: NaiveDate,
    evidence: &str,
    rule_valid_from: NaiveDate,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO dismissal_grounds (kind, employee_id, probation_id, raised_on, evidence,
             rule_valid_from)
         VALUES ('probation', $1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(employee)
    .bind(probation)
    .bind(raised_on)
    .bind(evidence)
    .bind(rule_valid_from)
    .fetch_one(conn)
    .await
}

pub struct Decision<'a> {
    pub ground: i64,
    pub decision: GroundDecision,
    pub reason: &'a str,
    pub by: i64,
    pub on: NaiveDate,
    pub order: Option<i64>,
}

pub async fn decide_ground(
    conn: &mut SqliteConnection,
    d: &Decision<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE dismissal_grounds SET decision = $2, reason = $3, decided_by = $4, decided_on = $5,
             order_id = $6
         WHERE id = $1 AND decision IS NULL",
    )
    .bind(d.ground)
    .bind(d.decision)
    .bind(d.reason)
    .bind(d.by)
    .bind(d.on)
    .bind(d.order)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Open dismissal grounds, for the inbox of HR and the mayor.
#[derive(sqlx::FromRow)]
pub struct OpenGround {
    pub probation_id: i64,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub raised_on: NaiveDate,
}

pub async fn open_grounds(db: &SqlitePool) -> Result<Vec<OpenGround>, sqlx::Error> {
    sqlx::query_as(
        "SELECT g.probation_id, g.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en,
                e.last_name_en, g.raised_on
         FROM dismissal_grounds g JOIN employees e ON e.id = g.employee_id
         WHERE g.decision IS NULL AND g.kind = 'probation' ORDER BY g.raised_on",
    )
    .fetch_all(db)
    .await
}

/// A person by name, for links.
pub async fn person(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<crate::domain::PersonRef>, sqlx::Error> {
    let row: Option<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, first_name_ka, last_name_ka, first_name_en, last_name_en FROM employees
         WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(id, fk, lk, fe, le)| crate::domain::PersonRef::named(id, &fk, &lk, &fe, &le)))
}

/// A first appointment as an officer without competition that carries no probation yet.
#[derive(sqlx::FromRow)]
pub struct StartCandidateRow {
    pub assignment_id: i64,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub title_ka: String,
    pub title_en: String,
    pub start_date: NaiveDate,
}

const CANDIDATE: &str = "SELECT a.id AS assignment_id, a.employee_id, e.first_name_ka,
        e.last_name_ka, e.first_name_en, e.last_name_en, p.title_ka, p.title_en, a.start_date
     FROM assignments a JOIN employees e ON e.id = a.employee_id
     JOIN positions p ON p.id = a.position_id
     JOIN position_terms t ON t.position_id = a.position_id AND t.valid_from <= a.start_date
          AND (t.valid_to IS NULL OR t.valid_to >= a.start_date) AND t.employment_type = 'officer'
     WHERE a.basis = 'without_competition' AND a.end_date IS NULL
       AND NOT EXISTS (SELECT 1 FROM probation_records r WHERE r.assignment_id = a.id)
       AND NOT EXISTS (SELECT 1 FROM assignments b JOIN position_terms bt
              ON bt.position_id = b.position_id AND bt.valid_from <= b.start_date
             AND (bt.valid_to IS NULL OR bt.valid_to >= b.start_date)
           WHERE b.employee_id = a.employee_id AND b.start_date < a.start_date
             AND bt.employment_type = 'officer' AND b.basis <> 'acting')";

pub async fn start_candidates(
    db: &SqlitePool,
    since: NaiveDate,
) -> Result<Vec<StartCandidateRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{CANDIDATE} AND a.start_date >= $1 ORDER BY a.start_date DESC"
    ))
    .bind(since)
    .fetch_all(db)
    .await
}

pub async fn start_candidate(
    conn: &mut SqliteConnection,
    assignment: i64,
) -> Result<Option<StartCandidateRow>, sqlx::Error> {
    sqlx::query_as(&format!("{CANDIDATE} AND a.id = $1"))
        .bind(assignment)
        .fetch_optional(conn)
        .await
}
