//! SQL of vacancies and competitions: every query, each decoding into a named row. Writes take
//! the transaction's connection, reads a pool or a connection. Nothing here decides.
use crate::domain::competition::{
    ApplicationState, CommissionRole, CompetitionKind, CompetitionState, FillingDecision,
    FormalReason, MoveKind, MoveState, ReviewState, StageKind, StageRule, VacancyOpening,
    VacancyState,
};
use crate::domain::staff::Gender;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{SqliteConnection, SqlitePool};

/// A decimal stored as text (scores, salaries, weights keep every digit).
pub fn decimal(text: &str) -> Result<Decimal, sqlx::Error> {
    text.parse()
        .map_err(|e: rust_decimal::Error| sqlx::Error::Decode(Box::new(e)))
}

// ---- Vacancies ----------------------------------------------------------------------------

/// A position vacant on a day with no live vacancy record, and what made it vacant.
#[derive(sqlx::FromRow)]
pub struct UnrecordedVacancy {
    pub position_id: i64,
    pub valid_from: NaiveDate,
    pub last_held: Option<NaiveDate>,
    pub last_end_reason: Option<String>,
}

/// Positions in effect and without a holder on `on` that have no open vacancy record.
pub async fn unrecorded_vacancies(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Vec<UnrecordedVacancy>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id AS position_id, p.valid_from,
            (SELECT MAX(a.end_date) FROM assignments a WHERE a.position_id = p.id
               AND a.basis <> 'acting' AND a.end_date < $1) AS last_held,
            (SELECT a.end_reason FROM assignments a WHERE a.position_id = p.id
               AND a.basis <> 'acting' AND a.end_date < $1 ORDER BY a.end_date DESC LIMIT 1) AS last_end_reason
         FROM positions p
         WHERE p.valid_from <= $1 AND (p.valid_to IS NULL OR p.valid_to >= $1)
           AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.position_id = p.id AND a.basis <> 'acting'
               AND a.start_date <= $1 AND (a.end_date IS NULL OR a.end_date >= $1))
           AND NOT EXISTS (SELECT 1 FROM vacancies v WHERE v.position_id = p.id
               AND v.state NOT IN ('filled', 'cancelled'))",
    )
    .bind(on)
    .fetch_all(conn)
    .await
}

pub async fn insert_vacancy(
    conn: &mut SqliteConnection,
    position_id: i64,
    opened_on: NaiveDate,
    opened_by: VacancyOpening,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO vacancies (position_id, opened_on, opened_by, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(position_id)
    .bind(opened_on)
    .bind(opened_by)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// Live vacancy records whose position has a holder on `on` (filled) or has ended (cancelled).
#[derive(sqlx::FromRow)]
pub struct SettledVacancy {
    pub id: i64,
    pub filled_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
}

pub async fn settled_vacancies(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Vec<SettledVacancy>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.id,
            (SELECT MIN(a.start_date) FROM assignments a WHERE a.position_id = v.position_id
               AND a.basis <> 'acting' AND a.start_date >= v.opened_on AND a.start_date <= $1
               AND (a.end_date IS NULL OR a.end_date >= $1)) AS filled_on,
            (SELECT p.valid_to FROM positions p WHERE p.id = v.position_id AND p.valid_to < $1) AS ended_on
         FROM vacancies v WHERE v.state NOT IN ('filled', 'cancelled')",
    )
    .bind(on)
    .fetch_all(conn)
    .await
    .map(|rows: Vec<SettledVacancy>| {
        rows.into_iter()
            .filter(|r| r.filled_on.is_some() || r.ended_on.is_some())
            .collect()
    })
}

pub async fn close_vacancy(
    conn: &mut SqliteConnection,
    id: i64,
    state: VacancyState,
    on: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE vacancies SET state = $1, closed_on = $2, revision = revision + 1 WHERE id = $3",
    )
    .bind(state)
    .bind(on)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
pub struct VacancyRow {
    pub id: i64,
    pub position_id: i64,
    pub title_ka: String,
    pub title_en: String,
    pub unit_ka: Option<String>,
    pub unit_en: Option<String>,
    pub rank: Option<i64>,
    pub state: VacancyState,
    pub opened_on: NaiveDate,
    pub opened_by: VacancyOpening,
    pub decision: Option<FillingDecision>,
    pub decision_reason: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub order_date: Option<NaiveDate>,
    pub competition_id: Option<i64>,
    pub revision: i64,
}

const VACANCY_SELECT: &str = "SELECT v.id, v.position_id, p.title_ka, p.title_en, u.name_ka AS unit_ka,
        u.name_en AS unit_en, p.rank, v.state, v.opened_on, v.opened_by, v.decision, v.decision_reason,
        v.decided_on, o.id AS order_id, o.number AS order_number, o.order_date,
        (SELECT MAX(c.id) FROM competitions c WHERE c.vacancy_id = v.id) AS competition_id, v.revision
    FROM vacancies v JOIN positions p ON p.id = v.position_id
    LEFT JOIN org_units u ON u.id = p.unit_id LEFT JOIN orders o ON o.id = v.decision_order_id";

/// Vacancy records not yet filled or cancelled, oldest first.
pub async fn live_vacancies(db: &SqlitePool) -> Result<Vec<VacancyRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{VACANCY_SELECT} WHERE v.state NOT IN ('filled', 'cancelled') ORDER BY v.opened_on, v.id"
    ))
    .fetch_all(db)
    .await
}

pub async fn vacancy(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<VacancyRow>, sqlx::Error> {
    sqlx::query_as(&format!("{VACANCY_SELECT} WHERE v.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn set_vacancy_decision(
    conn: &mut SqliteConnection,
    id: i64,
    decision: FillingDecision,
    reason: Option<&str>,
    order_id: i64,
    on: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE vacancies SET state = $1, decision = $2, decision_reason = $3, decision_order_id = $4,
             decided_on = $5 WHERE id = $6",
    )
    .bind(decision.vacancy_state())
    .bind(decision)
    .bind(reason)
    .bind(order_id)
    .bind(on)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn set_vacancy_state(
    conn: &mut SqliteConnection,
    id: i64,
    state: VacancyState,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE vacancies SET state = $1, revision = revision + 1 WHERE id = $2")
        .bind(state)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The texts an announcement is drafted from.
#[derive(sqlx::FromRow)]
pub struct PositionTexts {
    pub title_ka: String,
    pub title_en: String,
    pub job_description_ka: String,
    pub job_description_en: String,
    pub requirements_min_ka: String,
    pub requirements_min_en: String,
    pub requirements_extra_ka: String,
    pub requirements_extra_en: String,
}

pub async fn position_texts(
    conn: &mut SqliteConnection,
    position_id: i64,
) -> Result<Option<PositionTexts>, sqlx::Error> {
    sqlx::query_as(
        "SELECT title_ka, title_en, job_description_ka, job_description_en, requirements_min_ka,
            requirements_min_en, requirements_extra_ka, requirements_extra_en
         FROM positions WHERE id = $1",
    )
    .bind(position_id)
    .fetch_optional(conn)
    .await
}

// ---- Competitions -------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
pub struct CompetitionRecord {
    pub id: i64,
    pub vacancy_id: i64,
    pub position_id: i64,
    pub unit_ka: Option<String>,
    pub unit_en: Option<String>,
    pub kind: CompetitionKind,
    pub state: CompetitionState,
    pub title_ka: String,
    pub title_en: String,
    pub duties_ka: String,
    pub duties_en: String,
    pub requirements_ka: String,
    pub requirements_en: String,
    pub questions_ka: String,
    pub questions_en: String,
    pub salary: String,
    pub applications_until: NaiveDate,
    pub anonymous_written: bool,
    pub rescore_gap: String,
    pub announce_order_id: Option<i64>,
    pub announce_order_number: Option<String>,
    pub announce_order_date: Option<NaiveDate>,
    pub announced_on: Option<NaiveDate>,
    pub current_stage: i64,
    pub winner_id: Option<i64>,
    pub tie_reason: Option<String>,
    pub notified_on: Option<NaiveDate>,
    pub docs_due: Option<NaiveDate>,
    pub appoint_order_id: Option<i64>,
    pub appoint_order_number: Option<String>,
    pub appoint_order_date: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub failure_reason: Option<String>,
    pub revision: i64,
}

const COMPETITION_SELECT: &str = "SELECT c.id, c.vacancy_id, v.position_id, u.name_ka AS unit_ka,
        u.name_en AS unit_en, c.kind, c.state, c.title_ka, c.title_en, c.duties_ka, c.duties_en,
        c.requirements_ka, c.requirements_en, c.questions_ka, c.questions_en, c.salary,
        c.applications_until, c.anonymous_written, c.rescore_gap, c.announce_order_id,
        ao.number AS announce_order_number, ao.order_date AS announce_order_date, c.announced_on,
        c.current_stage, c.winner_id, c.tie_reason, c.notified_on, c.docs_due, c.appoint_order_id,
        po.number AS appoint_order_number, po.order_date AS appoint_order_date, c.ended_on,
        c.failure_reason, c.revision
    FROM competitions c JOIN vacancies v ON v.id = c.vacancy_id JOIN positions p ON p.id = v.position_id
    LEFT JOIN org_units u ON u.id = p.unit_id LEFT JOIN orders ao ON ao.id = c.announce_order_id
    LEFT JOIN orders po ON po.id = c.appoint_order_id";

pub async fn competition(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<CompetitionRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{COMPETITION_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Competitions in these states, newest first (all when `states` is empty).
pub async fn competitions(
    db: &SqlitePool,
    states: &[CompetitionState],
) -> Result<Vec<CompetitionRecord>, sqlx::Error> {
    let codes: Vec<&str> = states.iter().map(|s| s.code()).collect();
    sqlx::query_as(&format!(
        "{COMPETITION_SELECT} WHERE ($1 = '' OR instr($1, ',' || c.state || ',') > 0)
         ORDER BY c.applications_until DESC, c.id DESC"
    ))
    .bind(if codes.is_empty() {
        String::new()
    } else {
        format!(",{},", codes.join(","))
    })
    .fetch_all(db)
    .await
}

/// Applications per competition (not purged ones too: counts stay).
pub async fn applicant_counts(db: &SqlitePool) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT competition_id, COUNT(*) FROM applications GROUP BY competition_id")
        .fetch_all(db)
        .await
}

pub struct NewCompetition<'a> {
    pub vacancy_id: i64,
    pub kind: CompetitionKind,
    pub texts: &'a PositionTexts,
    pub salary: Decimal,
    pub applications_until: NaiveDate,
}

pub async fn insert_competition(
    conn: &mut SqliteConnection,
    c: &NewCompetition<'_>,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let join = |a: &str, b: &str| {
        [a.trim(), b.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    sqlx::query_scalar(
        "INSERT INTO competitions (vacancy_id, kind, title_ka, title_en, duties_ka, duties_en,
             requirements_ka, requirements_en, salary, applications_until, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(c.vacancy_id)
    .bind(c.kind)
    .bind(&c.texts.title_ka)
    .bind(&c.texts.title_en)
    .bind(&c.texts.job_description_ka)
    .bind(&c.texts.job_description_en)
    .bind(join(
        &c.texts.requirements_min_ka,
        &c.texts.requirements_extra_ka,
    ))
    .bind(join(
        &c.texts.requirements_min_en,
        &c.texts.requirements_extra_en,
    ))
    .bind(c.salary.to_string())
    .bind(c.applications_until)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// The announcement's texts as HR edits them.
pub struct AnnouncementTexts<'a> {
    pub title: (&'a str, &'a str),
    pub duties: (&'a str, &'a str),
    pub requirements: (&'a str, &'a str),
    pub questions: (&'a str, &'a str),
    pub applications_until: NaiveDate,
    pub anonymous_written: bool,
    pub rescore_gap: Decimal,
}

pub async fn update_announcement(
    conn: &mut SqliteConnection,
    id: i64,
    a: &AnnouncementTexts<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE competitions SET title_ka = $1, title_en = $2, duties_ka = $3, duties_en = $4,
             requirements_ka = $5, requirements_en = $6, questions_ka = $7, questions_en = $8,
             applications_until = $9, anonymous_written = $10, rescore_gap = $11 WHERE id = $12",
    )
    .bind(a.title.0)
    .bind(a.title.1)
    .bind(a.duties.0)
    .bind(a.duties.1)
    .bind(a.requirements.0)
    .bind(a.requirements.1)
    .bind(a.questions.0)
    .bind(a.questions.1)
    .bind(a.applications_until)
    .bind(a.anonymous_written)
    .bind(a.rescore_gap.to_string())
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn set_state(
    conn: &mut SqliteConnection,
    id: i64,
    state: CompetitionState,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE competitions SET state = $1 WHERE id = $2")
        .bind(state)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_announced(
    conn: &mut SqliteConnection,
    id: i64,
    order_id: i64,
    on: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE competitions SET state = 'announced', announce_order_id = $1, announced_on = $2 WHERE id = $3",
    )
    .bind(order_id)
    .bind(on)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Announced competitions whose application window ended before `on`.
pub async fn past_deadline(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM competitions WHERE state = 'announced' AND applications_until < $1",
    )
    .bind(on)
    .fetch_all(conn)
    .await
}

pub async fn set_current_stage(
    conn: &mut SqliteConnection,
    id: i64,
    stage: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE competitions SET current_stage = $1 WHERE id = $2")
        .bind(stage)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_winner(
    conn: &mut SqliteConnection,
    id: i64,
    winner: Option<i64>,
    tie_reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE competitions SET winner_id = $1, tie_reason = COALESCE($2, tie_reason) WHERE id = $3")
        .bind(winner)
        .bind(tie_reason)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// An upheld review lets an applicant through a stage they had not passed (the computed
/// result stays as it was).
pub async fn uphold_stage_result(
    conn: &mut SqliteConnection,
    competition: i64,
    ordinal: i64,
    application: i64,
    review: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE stage_results SET upheld_review_id = $1
         WHERE competition_id = $2 AND ordinal = $3 AND application_id = $4",
    )
    .bind(review)
    .bind(competition)
    .bind(ordinal)
    .bind(application)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Undoes a ranking not yet notified: those ranked are back in the stages, no winner.
pub async fn reopen_ranking(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET state = 'admitted', total = NULL, place = NULL, reserve_until = NULL
         WHERE competition_id = $1 AND state IN ('passed', 'winner', 'reserve')",
    )
    .bind(competition)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE competitions SET winner_id = NULL, tie_reason = NULL WHERE id = $1")
        .bind(competition)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_notified(
    conn: &mut SqliteConnection,
    id: i64,
    on: NaiveDate,
    docs_due: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE competitions SET state = 'candidate_docs', notified_on = $1, docs_due = $2 WHERE id = $3",
    )
    .bind(on)
    .bind(docs_due)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn set_ended(
    conn: &mut SqliteConnection,
    id: i64,
    state: CompetitionState,
    on: NaiveDate,
    failure_reason: Option<&str>,
    appoint_order_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE competitions SET state = $1, ended_on = $2, failure_reason = $3,
             appoint_order_id = COALESCE($4, appoint_order_id) WHERE id = $5",
    )
    .bind(state)
    .bind(on)
    .bind(failure_reason)
    .bind(appoint_order_id)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

// ---- Reserve lists ------------------------------------------------------------------------

/// A runner-up on a competition's reserve list that has not lapsed, with the rank of the
/// position competed for.
#[derive(sqlx::FromRow)]
pub struct ReserveRow {
    pub application_id: i64,
    pub competition_id: i64,
    pub title_ka: String,
    pub title_en: String,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub total: Option<String>,
    pub place: Option<i64>,
    pub reserve_until: NaiveDate,
    pub rank: Option<i64>,
}

/// Every reserve list still valid on `today` (few rows: the runners-up of recent competitions).
pub async fn reserve_lists(
    conn: &mut SqliteConnection,
    today: NaiveDate,
) -> Result<Vec<ReserveRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id AS application_id, c.id AS competition_id, c.title_ka, c.title_en,
                a.first_name_ka, a.last_name_ka, a.first_name_en, a.last_name_en, a.total, a.place,
                a.reserve_until, p.rank
         FROM applications a JOIN competitions c ON c.id = a.competition_id
         JOIN vacancies v ON v.id = c.vacancy_id JOIN positions p ON p.id = v.position_id
         WHERE a.state = 'reserve' AND a.reserve_until >= $1
         ORDER BY c.id, a.place, a.id",
    )
    .bind(today)
    .fetch_all(conn)
    .await
}

/// Records that a vacancy was filled from a reserve list.
pub async fn set_vacancy_reserve(
    conn: &mut SqliteConnection,
    vacancy: i64,
    application: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE vacancies SET reserve_application_id = $1 WHERE id = $2")
        .bind(application)
        .bind(vacancy)
        .execute(conn)
        .await
        .map(|_| ())
}

// ---- Stages -------------------------------------------------------------------------------

#[derive(Clone, sqlx::FromRow)]
pub struct StageRecord {
    pub ordinal: i64,
    pub kind: StageKind,
    pub max_points: String,
    pub weight: String,
    pub pass_ratio: String,
    /// The day the stage is held, with its place, once HR or the chair scheduled it.
    pub held_on: Option<NaiveDate>,
    pub venue: String,
    /// The day applicants were told of it.
    pub noticed_on: Option<NaiveDate>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl StageRecord {
    pub fn rule(&self) -> Result<StageRule, sqlx::Error> {
        Ok(StageRule {
            kind: self.kind,
            max_points: decimal(&self.max_points)?,
            weight: decimal(&self.weight)?,
            pass_ratio: decimal(&self.pass_ratio)?,
        })
    }
}

pub async fn stages(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Vec<StageRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ordinal, kind, max_points, weight, pass_ratio, held_on, venue, noticed_on, closed_at
         FROM competition_stages
         WHERE competition_id = $1 ORDER BY ordinal",
    )
    .bind(competition)
    .fetch_all(conn)
    .await
}

pub async fn replace_stages(
    conn: &mut SqliteConnection,
    competition: i64,
    stages: &[StageRule],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM competition_stages WHERE competition_id = $1")
        .bind(competition)
        .execute(&mut *conn)
        .await?;
    for (i, s) in stages.iter().enumerate() {
        sqlx::query(
            "INSERT INTO competition_stages (competition_id, ordinal, kind, max_points, weight, pass_ratio)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(competition)
        .bind(i as i64 + 1)
        .bind(s.kind)
        .bind(s.max_points.to_string())
        .bind(s.weight.to_string())
        .bind(s.pass_ratio.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Sets a stage's day and place and the day applicants were told.
pub async fn schedule_stage(
    conn: &mut SqliteConnection,
    competition: i64,
    ordinal: i64,
    held_on: NaiveDate,
    venue: &str,
    noticed_on: NaiveDate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE competition_stages SET held_on = $1, venue = $2, noticed_on = $3
         WHERE competition_id = $4 AND ordinal = $5",
    )
    .bind(held_on)
    .bind(venue)
    .bind(noticed_on)
    .bind(competition)
    .bind(ordinal)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn close_stage(
    conn: &mut SqliteConnection,
    competition: i64,
    ordinal: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE competition_stages SET closed_at = $1 WHERE competition_id = $2 AND ordinal = $3",
    )
    .bind(at)
    .bind(competition)
    .bind(ordinal)
    .execute(conn)
    .await
    .map(|_| ())
}

// ---- Commission ---------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
pub struct MemberRecord {
    pub user_id: i64,
    pub display_name: String,
    pub name_en: String,
    pub role: CommissionRole,
}

pub async fn members(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Vec<MemberRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.user_id, u.display_name, COALESCE(e.first_name_en || ' ' || e.last_name_en, u.display_name) AS name_en,
            m.role FROM commission_members m
         JOIN users u ON u.id = m.user_id LEFT JOIN employees e ON e.id = u.employee_id WHERE m.competition_id = $1
         ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'secretary' THEN 1 ELSE 2 END, u.display_name",
    )
    .bind(competition)
    .fetch_all(conn)
    .await
}

pub async fn replace_members(
    conn: &mut SqliteConnection,
    competition: i64,
    members: &[(i64, CommissionRole)],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM commission_members WHERE competition_id = $1")
        .bind(competition)
        .execute(&mut *conn)
        .await?;
    for (user, role) in members {
        sqlx::query(
            "INSERT INTO commission_members (competition_id, user_id, role) VALUES ($1, $2, $3)",
        )
        .bind(competition)
        .bind(user)
        .bind(role)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Active users holding the commission role: who HR may put on a commission.
#[derive(sqlx::FromRow)]
pub struct CommissionCandidate {
    pub user_id: i64,
    pub display_name: String,
    pub name_en: String,
    pub employee_id: Option<i64>,
}

pub async fn commission_candidates(
    conn: &mut SqliteConnection,
) -> Result<Vec<CommissionCandidate>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name,
            COALESCE(e.first_name_en || ' ' || e.last_name_en, u.display_name) AS name_en, u.employee_id
         FROM users u LEFT JOIN employees e ON e.id = u.employee_id
         JOIN user_roles r ON r.user_id = u.id AND r.role = 'commission'
         WHERE u.is_active = 1 ORDER BY u.display_name",
    )
    .fetch_all(conn)
    .await
}

/// Competitions this user sits on, newest first.
pub async fn competitions_of_member(db: &SqlitePool, user: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT competition_id FROM commission_members WHERE user_id = $1 ORDER BY competition_id DESC",
    )
    .bind(user)
    .fetch_all(db)
    .await
}

#[derive(sqlx::FromRow)]
pub struct DeclarationRecord {
    pub user_id: i64,
    pub application_id: i64,
    pub conflict: bool,
    pub note: String,
}

pub async fn declarations(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Vec<DeclarationRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT user_id, application_id, conflict, note FROM commission_declarations
         WHERE competition_id = $1",
    )
    .bind(competition)
    .fetch_all(conn)
    .await
}

pub async fn insert_declaration(
    conn: &mut SqliteConnection,
    competition: i64,
    user: i64,
    application: i64,
    conflict: bool,
    note: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO commission_declarations (competition_id, user_id, application_id, conflict, note, declared_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(competition)
    .bind(user)
    .bind(application)
    .bind(conflict)
    .bind(note)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ())
}

// ---- Applications -------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
pub struct ApplicationRecord {
    pub id: i64,
    pub competition_id: i64,
    pub blind_code: String,
    pub personal_number: String,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: String,
    pub phone: Option<String>,
    pub education: String,
    pub experience: String,
    pub answers: String,
    pub relations: String,
    pub accommodation: String,
    pub state: ApplicationState,
    pub formal_reason: Option<FormalReason>,
    pub formal_note: Option<String>,
    pub total: Option<String>,
    pub place: Option<i64>,
    pub reserve_until: Option<NaiveDate>,
    pub submitted_at: DateTime<Utc>,
    pub amended_at: Option<DateTime<Utc>>,
    pub purged_at: Option<DateTime<Utc>>,
    pub revision: i64,
}

impl ApplicationRecord {
    /// The applicant's full name in both scripts.
    pub fn name(&self) -> crate::domain::Bilingual {
        crate::domain::Bilingual::new(
            format!("{} {}", self.first_name_ka, self.last_name_ka),
            format!("{} {}", self.first_name_en, self.last_name_en),
        )
    }
}

const APPLICATION_SELECT: &str = "SELECT id, competition_id, blind_code, personal_number, first_name_ka,
        last_name_ka, first_name_en, last_name_en, gender, birth_date, email, phone, education,
        experience, answers, relations, accommodation, state, formal_reason, formal_note, total, place,
        reserve_until, submitted_at, amended_at, purged_at, revision
    FROM applications";

pub async fn applications(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Vec<ApplicationRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{APPLICATION_SELECT} WHERE competition_id = $1 ORDER BY last_name_ka, first_name_ka, id"
    ))
    .bind(competition)
    .fetch_all(conn)
    .await
}

pub async fn application(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<ApplicationRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{APPLICATION_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn application_by_receipt(
    conn: &mut SqliteConnection,
    receipt_hash: &str,
) -> Result<Option<ApplicationRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{APPLICATION_SELECT} WHERE receipt_hash = $1 AND purged_at IS NULL"
    ))
    .bind(receipt_hash)
    .fetch_optional(conn)
    .await
}

pub async fn personal_number_applied(
    conn: &mut SqliteConnection,
    competition: i64,
    personal_number: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM applications WHERE competition_id = $1 AND personal_number = $2",
    )
    .bind(competition)
    .bind(personal_number)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// An applicant's details as the form gives them.
pub struct ApplicantDetails<'a> {
    pub personal_number: &'a str,
    pub first_name: (&'a str, &'a str),
    pub last_name: (&'a str, &'a str),
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub email: &'a str,
    pub phone: Option<&'a str>,
    pub education: &'a str,
    pub experience: &'a str,
    pub answers: &'a str,
    pub relations: &'a str,
    pub accommodation: &'a str,
}

pub async fn insert_application(
    conn: &mut SqliteConnection,
    competition: i64,
    receipt_hash: &str,
    blind_code: &str,
    entered: bool,
    d: &ApplicantDetails<'_>,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO applications (competition_id, receipt_hash, blind_code, source, personal_number,
             first_name_ka, last_name_ka, first_name_en, last_name_en, gender, birth_date, email, phone,
             education, experience, answers, relations, accommodation, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         RETURNING id",
    )
    .bind(competition)
    .bind(receipt_hash)
    .bind(blind_code)
    .bind(if entered { "entered" } else { "public" })
    .bind(d.personal_number)
    .bind(d.first_name.0)
    .bind(d.last_name.0)
    .bind(d.first_name.1)
    .bind(d.last_name.1)
    .bind(d.gender)
    .bind(d.birth_date)
    .bind(d.email)
    .bind(d.phone)
    .bind(d.education)
    .bind(d.experience)
    .bind(d.answers)
    .bind(d.relations)
    .bind(d.accommodation)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// An amendment before the deadline: everything but the personal number.
pub async fn amend_application(
    conn: &mut SqliteConnection,
    id: i64,
    d: &ApplicantDetails<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET first_name_ka = $1, last_name_ka = $2, first_name_en = $3,
             last_name_en = $4, gender = $5, birth_date = $6, email = $7, phone = $8, education = $9,
             experience = $10, answers = $11, relations = $12, accommodation = $13, amended_at = $14,
             revision = revision + 1
         WHERE id = $15",
    )
    .bind(d.first_name.0)
    .bind(d.last_name.0)
    .bind(d.first_name.1)
    .bind(d.last_name.1)
    .bind(d.gender)
    .bind(d.birth_date)
    .bind(d.email)
    .bind(d.phone)
    .bind(d.education)
    .bind(d.experience)
    .bind(d.answers)
    .bind(d.relations)
    .bind(d.accommodation)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn set_formal_check(
    conn: &mut SqliteConnection,
    id: i64,
    state: ApplicationState,
    reason: Option<FormalReason>,
    note: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET state = $1, formal_reason = $2, formal_note = $3 WHERE id = $4",
    )
    .bind(state)
    .bind(reason)
    .bind(note)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn set_application_state(
    conn: &mut SqliteConnection,
    id: i64,
    state: ApplicationState,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE applications SET state = $1 WHERE id = $2")
        .bind(state)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_result(
    conn: &mut SqliteConnection,
    id: i64,
    state: ApplicationState,
    total: Option<Decimal>,
    place: Option<i64>,
    reserve_until: Option<NaiveDate>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET state = $1, total = $2, place = $3, reserve_until = $4 WHERE id = $5",
    )
    .bind(state)
    .bind(total.map(|t| t.to_string()))
    .bind(place)
    .bind(reserve_until)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Unsuccessful applications of competitions that ended before `before`, not yet purged.
pub async fn purgeable(
    conn: &mut SqliteConnection,
    before: NaiveDate,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.competition_id FROM applications a JOIN competitions c ON c.id = a.competition_id
         WHERE a.purged_at IS NULL AND c.ended_on IS NOT NULL AND c.ended_on < $1
           AND a.state NOT IN ('appointed', 'winner')
           AND (a.reserve_until IS NULL OR a.reserve_until < $1)",
    )
    .bind(before)
    .fetch_all(conn)
    .await
}

/// Blanks an application's personal data, keeping its state, marks and counts.
pub async fn purge_application(
    conn: &mut SqliteConnection,
    id: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET personal_number = 'purged-' || id, first_name_ka = '', last_name_ka = '',
             first_name_en = '', last_name_en = '', email = '', phone = NULL, education = '',
             experience = '', answers = '[]', relations = '', accommodation = '', formal_note = NULL,
             purged_at = $1
         WHERE id = $2",
    )
    .bind(at)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

// ---- Score sheets -------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
pub struct SheetRecord {
    pub ordinal: i64,
    pub application_id: i64,
    pub user_id: i64,
    pub display_name: String,
    pub round: i64,
    pub score: String,
    pub comment: String,
    pub submitted_at: DateTime<Utc>,
}

pub async fn sheets(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Vec<SheetRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.ordinal, s.application_id, s.user_id, u.display_name, s.round, s.score, s.comment,
            s.submitted_at
         FROM score_sheets s JOIN users u ON u.id = s.user_id
         WHERE s.competition_id = $1 ORDER BY s.ordinal, s.application_id, s.round, u.display_name",
    )
    .bind(competition)
    .fetch_all(conn)
    .await
}

pub struct NewSheet<'a> {
    pub competition: i64,
    pub ordinal: i64,
    pub application: i64,
    pub user: i64,
    pub round: i64,
    pub score: Decimal,
    pub comment: &'a str,
}

/// Inserts a submitted sheet; false when this member already submitted one for the round.
pub async fn insert_sheet(
    conn: &mut SqliteConnection,
    s: &NewSheet<'_>,
    at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO score_sheets (competition_id, ordinal, application_id, user_id, round, score, comment, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
    )
    .bind(s.competition)
    .bind(s.ordinal)
    .bind(s.application)
    .bind(s.user)
    .bind(s.round)
    .bind(s.score.to_string())
    .bind(s.comment)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
pub struct RescoreRecord {
    pub ordinal: i64,
    pub application_id: i64,
    pub round: i64,
    pub reason: String,
    pub opened_by_name: String,
}

pub async fn rescores(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Vec<RescoreRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.ordinal, r.application_id, r.round, r.reason, u.display_name AS opened_by_name
         FROM rescore_rounds r JOIN users u ON u.id = r.opened_by
         WHERE r.competition_id = $1 ORDER BY r.ordinal, r.application_id, r.round",
    )
    .bind(competition)
    .fetch_all(conn)
    .await
}

pub async fn insert_rescore(
    conn: &mut SqliteConnection,
    competition: i64,
    ordinal: i64,
    application: i64,
    round: i64,
    reason: &str,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO rescore_rounds (competition_id, ordinal, application_id, round, reason, opened_by, opened_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(competition)
    .bind(ordinal)
    .bind(application)
    .bind(round)
    .bind(reason)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ())
}

#[derive(sqlx::FromRow)]
pub struct StageResultRecord {
    pub ordinal: i64,
    pub application_id: i64,
    pub score_sum: String,
    pub members: i64,
    pub mean: String,
    /// Passed as computed, or let through by an upheld review.
    pub passed: bool,
    pub upheld_review_id: Option<i64>,
}

pub async fn stage_results(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Vec<StageResultRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ordinal, application_id, score_sum, members, mean,
                (passed OR upheld_review_id IS NOT NULL) AS passed, upheld_review_id
         FROM stage_results WHERE competition_id = $1 ORDER BY ordinal, application_id",
    )
    .bind(competition)
    .fetch_all(conn)
    .await
}

pub struct NewStageResult<'a> {
    pub competition: i64,
    pub ordinal: i64,
    pub application: i64,
    pub sum: Decimal,
    pub members: u32,
    pub mean: Decimal,
    pub passed: bool,
    pub rule_json: &'a str,
}

pub async fn insert_stage_result(
    conn: &mut SqliteConnection,
    r: &NewStageResult<'_>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO stage_results (competition_id, ordinal, application_id, score_sum, members, mean,
             passed, rule_json, computed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(r.competition)
    .bind(r.ordinal)
    .bind(r.application)
    .bind(r.sum.to_string())
    .bind(i64::from(r.members))
    .bind(r.mean.to_string())
    .bind(r.passed)
    .bind(r.rule_json)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ())
}

// ---- Appointment --------------------------------------------------------------------------

pub async fn employee_by_personal_number(
    conn: &mut SqliteConnection,
    personal_number: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM employees WHERE personal_number = $1")
        .bind(personal_number)
        .fetch_optional(conn)
        .await
}

/// The probation and the employee an appointment by this competition started.
pub async fn probation_of_competition(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Option<(i64, NaiveDate, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT employee_id, starts_on, ends_on FROM probation_records WHERE competition_id = $1
         ORDER BY id DESC LIMIT 1",
    )
    .bind(competition)
    .fetch_optional(conn)
    .await
}

/// Personal numbers of whoever has acted in the position since `since`.
pub async fn acting_holders(
    conn: &mut SqliteConnection,
    position: i64,
    since: NaiveDate,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT e.personal_number FROM assignments a JOIN employees e ON e.id = a.employee_id
         WHERE a.position_id = $1 AND a.basis = 'acting' AND (a.end_date IS NULL OR a.end_date >= $2)",
    )
    .bind(position)
    .bind(since)
    .fetch_all(conn)
    .await
}

/// The order an assignment was made by.
pub async fn assignment_order(
    conn: &mut SqliteConnection,
    assignment: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT order_id FROM assignments WHERE id = $1")
        .bind(assignment)
        .fetch_one(conn)
        .await
}

// ---- Review requests ----------------------------------------------------------------------

#[derive(sqlx::FromRow)]
pub struct ReviewRecord {
    pub id: i64,
    pub competition_id: i64,
    pub application_id: i64,
    pub ordinal: i64,
    pub reason: String,
    pub requested_at: DateTime<Utc>,
    pub state: ReviewState,
    pub decision: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub revision: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
}

const REVIEW_SELECT: &str = "SELECT r.id, r.competition_id, r.application_id, r.ordinal, r.reason,
        r.requested_at, r.state, r.decision, u.display_name AS decided_by_name, r.decided_at,
        r.revision, a.first_name_ka, a.last_name_ka, a.first_name_en, a.last_name_en
    FROM competition_reviews r JOIN applications a ON a.id = r.application_id
    LEFT JOIN users u ON u.id = r.decided_by";

pub async fn reviews(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Vec<ReviewRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REVIEW_SELECT} WHERE r.competition_id = $1 ORDER BY r.requested_at, r.id"
    ))
    .bind(competition)
    .fetch_all(conn)
    .await
}

pub async fn review(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<ReviewRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{REVIEW_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Inserts a request; `None` when the applicant already asked about this stage.
pub async fn insert_review(
    conn: &mut SqliteConnection,
    competition: i64,
    application: i64,
    ordinal: i64,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO competition_reviews (competition_id, application_id, ordinal, reason, requested_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(competition)
    .bind(application)
    .bind(ordinal)
    .bind(reason)
    .bind(at)
    .fetch_optional(conn)
    .await
}

pub async fn decide_review(
    conn: &mut SqliteConnection,
    id: i64,
    state: ReviewState,
    decision: &str,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE competition_reviews SET state = $2, decision = $3, decided_by = $4, decided_at = $5
         WHERE id = $1",
    )
    .bind(id)
    .bind(state)
    .bind(decision)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Pending requests per competition (the inbox of whoever decides them).
#[derive(sqlx::FromRow)]
pub struct PendingReviews {
    pub competition_id: i64,
    pub title_ka: String,
    pub title_en: String,
    pub pending: i64,
    pub first_requested: DateTime<Utc>,
}

pub async fn pending_reviews(db: &SqlitePool) -> Result<Vec<PendingReviews>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.competition_id, c.title_ka, c.title_en, COUNT(*) AS pending,
            MIN(r.requested_at) AS first_requested
         FROM competition_reviews r JOIN competitions c ON c.id = r.competition_id
         WHERE r.state = 'pending' GROUP BY r.competition_id, c.title_ka, c.title_en
         ORDER BY r.competition_id",
    )
    .fetch_all(db)
    .await
}

/// Whether a user submitted any sheet for an applicant (a scorer never decides their review).
pub async fn scored_applicant(
    conn: &mut SqliteConnection,
    application: i64,
    user: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM score_sheets WHERE application_id = $1 AND user_id = $2",
    )
    .bind(application)
    .bind(user)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

// ---- Moves (mobility, promotion, transfer, acting) ----------------------------------------

#[derive(sqlx::FromRow)]
pub struct MoveRecord {
    pub id: i64,
    pub vacancy_id: i64,
    pub kind: MoveKind,
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub starts_on: NaiveDate,
    pub acting_until: Option<NaiveDate>,
    pub state: MoveState,
    pub consent_on: Option<NaiveDate>,
    pub consent_note: String,
    pub sending_head: String,
    pub receiving_head: String,
    pub agreed_on: Option<NaiveDate>,
    pub refusal_reason: Option<String>,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub order_date: Option<NaiveDate>,
    pub revision: i64,
}

const MOVE_SELECT: &str = "SELECT m.id, m.vacancy_id, m.kind, m.employee_id, e.first_name_ka,
        e.last_name_ka, e.first_name_en, e.last_name_en, m.starts_on, m.acting_until, m.state,
        m.consent_on, m.consent_note, m.sending_head, m.receiving_head, m.agreed_on,
        m.refusal_reason, m.order_id, o.number AS order_number, o.order_date, m.revision
    FROM staff_moves m JOIN employees e ON e.id = m.employee_id
    LEFT JOIN orders o ON o.id = m.order_id";

pub async fn staff_move(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<MoveRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{MOVE_SELECT} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Every move of the live vacancies, newest first.
pub async fn live_moves(db: &SqlitePool) -> Result<Vec<MoveRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{MOVE_SELECT} JOIN vacancies v ON v.id = m.vacancy_id
         WHERE v.state NOT IN ('filled', 'cancelled') OR m.state NOT IN ('ordered', 'refused')
         ORDER BY m.id DESC"
    ))
    .fetch_all(db)
    .await
}

pub struct NewMove {
    pub vacancy: i64,
    pub kind: MoveKind,
    pub employee: i64,
    pub starts_on: NaiveDate,
    pub acting_until: Option<NaiveDate>,
}

/// Inserts a proposal; `None` while the vacancy already has a live one.
pub async fn insert_move(
    conn: &mut SqliteConnection,
    m: &NewMove,
    at: DateTime<Utc>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO staff_moves (vacancy_id, kind, employee_id, starts_on, acting_until, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(m.vacancy)
    .bind(m.kind)
    .bind(m.employee)
    .bind(m.starts_on)
    .bind(m.acting_until)
    .bind(at)
    .fetch_optional(conn)
    .await
}

pub async fn set_move_consent(
    conn: &mut SqliteConnection,
    id: i64,
    on: NaiveDate,
    note: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE staff_moves SET state = 'consented', consent_on = $2, consent_note = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(on)
    .bind(note)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_move_agreed(
    conn: &mut SqliteConnection,
    id: i64,
    on: NaiveDate,
    sending: &str,
    receiving: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE staff_moves SET state = 'heads_agreed', agreed_on = $2, sending_head = $3,
            receiving_head = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(on)
    .bind(sending)
    .bind(receiving)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_move_refused(
    conn: &mut SqliteConnection,
    id: i64,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_moves SET state = 'refused', refusal_reason = $2 WHERE id = $1")
        .bind(id)
        .bind(reason)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_move_ordered(
    conn: &mut SqliteConnection,
    id: i64,
    order: i64,
    assignment: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE staff_moves SET state = 'ordered', order_id = $2, assignment_id = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(order)
    .bind(assignment)
    .execute(conn)
    .await?;
    Ok(())
}

/// The rank of the position an employee holds (not acting) on a day, if it has one.
pub async fn own_rank_on(
    conn: &mut SqliteConnection,
    employee: i64,
    day: NaiveDate,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT p.rank FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE a.employee_id = $1 AND a.basis <> 'acting' AND a.start_date <= $2
           AND (a.end_date IS NULL OR a.end_date >= $2)
         ORDER BY a.start_date DESC LIMIT 1",
    )
    .bind(employee)
    .bind(day)
    .fetch_optional(conn)
    .await
    .map(Option::flatten)
}

/// Acting appointments ending between two days (the inbox warns HR before they end).
#[derive(sqlx::FromRow)]
pub struct ActingEnding {
    pub employee_id: i64,
    pub first_name_ka: String,
    pub last_name_ka: String,
    pub first_name_en: String,
    pub last_name_en: String,
    pub title_ka: String,
    pub title_en: String,
    pub end_date: NaiveDate,
}

pub async fn acting_ending(
    db: &SqlitePool,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ActingEnding>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.employee_id, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en,
            p.title_ka, p.title_en, a.end_date
         FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
         WHERE a.basis = 'acting' AND a.end_date BETWEEN $1 AND $2 ORDER BY a.end_date",
    )
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await
}

// ---- Reports ------------------------------------------------------------------------------

/// One announced competition with what the reports count of it.
#[derive(sqlx::FromRow)]
pub struct CompetitionFacts {
    pub id: i64,
    pub year: i64,
    pub state: CompetitionState,
    pub vacancy_opened_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub has_winner: bool,
    pub applicants: i64,
    pub reviews: i64,
    pub reviews_upheld: i64,
    /// The winner had acted in the position since the vacancy opened.
    pub winner_acted: bool,
}

pub async fn competition_facts(db: &SqlitePool) -> Result<Vec<CompetitionFacts>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, CAST(strftime('%Y', c.announced_on) AS INTEGER) AS year, c.state,
            v.opened_on AS vacancy_opened_on, c.ended_on, c.winner_id IS NOT NULL AS has_winner,
            (SELECT COUNT(*) FROM applications a WHERE a.competition_id = c.id) AS applicants,
            (SELECT COUNT(*) FROM competition_reviews r WHERE r.competition_id = c.id) AS reviews,
            (SELECT COUNT(*) FROM competition_reviews r WHERE r.competition_id = c.id
               AND r.state = 'upheld') AS reviews_upheld,
            EXISTS (SELECT 1 FROM applications w JOIN employees e ON e.personal_number = w.personal_number
                    JOIN assignments s ON s.employee_id = e.id
                    WHERE w.id = c.winner_id AND s.position_id = v.position_id AND s.basis = 'acting'
                      AND s.start_date <= COALESCE(c.ended_on, '9999-12-31')
                      AND (s.end_date IS NULL OR s.end_date >= v.opened_on)) AS winner_acted
         FROM competitions c JOIN vacancies v ON v.id = c.vacancy_id
         WHERE c.announced_on IS NOT NULL ORDER BY c.announced_on DESC",
    )
    .fetch_all(db)
    .await
}

#[derive(sqlx::FromRow)]
pub struct PassCount {
    pub year: i64,
    pub kind: StageKind,
    pub scored: i64,
    pub passed: i64,
}

pub async fn pass_counts(db: &SqlitePool) -> Result<Vec<PassCount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(strftime('%Y', c.announced_on) AS INTEGER) AS year, s.kind,
            COUNT(*) AS scored, SUM(r.passed) AS passed
         FROM stage_results r
         JOIN competition_stages s ON s.competition_id = r.competition_id AND s.ordinal = r.ordinal
         JOIN competitions c ON c.id = r.competition_id
         GROUP BY year, s.kind ORDER BY year DESC, s.kind",
    )
    .fetch_all(db)
    .await
}

/// Every member's sheet of the last round for its applicant and stage, with the stage's
/// maximum (the integrity view compares each with the rest of the panel).
#[derive(sqlx::FromRow)]
pub struct PanelSheet {
    pub competition_id: i64,
    pub ordinal: i64,
    pub application_id: i64,
    pub user_id: i64,
    pub display_name: String,
    pub score: String,
    pub max_points: String,
}

pub async fn panel_sheets(db: &SqlitePool) -> Result<Vec<PanelSheet>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.competition_id, s.ordinal, s.application_id, s.user_id, u.display_name, s.score,
            st.max_points
         FROM score_sheets s JOIN users u ON u.id = s.user_id
         JOIN competition_stages st ON st.competition_id = s.competition_id AND st.ordinal = s.ordinal
         WHERE s.round = (SELECT MAX(x.round) FROM score_sheets x WHERE x.competition_id = s.competition_id
                            AND x.ordinal = s.ordinal AND x.application_id = s.application_id)
         ORDER BY s.competition_id, s.ordinal, s.application_id",
    )
    .fetch_all(db)
    .await
}

/// A competency of the evaluation method in force on a day (the interview kit asks about the
/// position's competencies).
#[derive(sqlx::FromRow)]
pub struct KitCompetency {
    pub managerial: bool,
    pub ranks: String,
    pub name_ka: String,
    pub name_en: String,
    pub descriptor_ka: String,
    pub descriptor_en: String,
}

pub async fn competencies_on(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Vec<KitCompetency>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.kind = 'managerial' AS managerial, c.ranks, c.name_ka, c.name_en, c.descriptor_ka,
            c.descriptor_en
         FROM competencies c
         WHERE c.method_id = (SELECT id FROM evaluation_methods WHERE valid_from <= $1
                              ORDER BY valid_from DESC, version DESC LIMIT 1)
         ORDER BY c.sort_order, c.code",
    )
    .bind(on)
    .fetch_all(conn)
    .await
}

/// A position's rank and whether it heads its unit.
pub async fn position_level(
    conn: &mut SqliteConnection,
    position: i64,
) -> Result<Option<(Option<i64>, bool)>, sqlx::Error> {
    sqlx::query_as("SELECT rank, is_head FROM positions WHERE id = $1")
        .bind(position)
        .fetch_optional(conn)
        .await
}

// ---- Absences -----------------------------------------------------------------------------

/// (stage, member) pairs recorded absent from a stage's session.
pub async fn absences(
    conn: &mut SqliteConnection,
    competition: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT ordinal, user_id FROM stage_absences WHERE competition_id = $1")
        .bind(competition)
        .fetch_all(conn)
        .await
}

pub async fn insert_absence(
    conn: &mut SqliteConnection,
    competition: i64,
    ordinal: i64,
    user: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO stage_absences (competition_id, ordinal, user_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(competition)
    .bind(ordinal)
    .bind(user)
    .execute(conn)
    .await?;
    Ok(())
}
