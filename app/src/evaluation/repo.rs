//! SQL of the evaluation feature: every query, each decoding into a named row. Writes take the
//! transaction's connection, reads a pool. Nothing here decides: deadlines, stages and marks
//! are the domain's and the services'.
use super::{Competency, CycleRow, MethodVersionRef, SettingSource};
use crate::domain::common::overlap;
use crate::domain::evaluation::{
    AppealDecision, CompetencyKind, CycleStatus, Exemption, MethodSettings, Rating, Stage,
};
use crate::domain::rule::Certainty;
use crate::domain::staff::AssignmentBasis;
use crate::domain::{Bilingual, PersonRef};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use std::collections::BTreeMap;

fn decode_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

// ---- Methods and competencies -------------------------------------------------------------

#[derive(sqlx::FromRow)]
pub struct MethodRecord {
    pub id: i64,
    pub version: i64,
    pub valid_from: NaiveDate,
    pub order_number: String,
    pub order_date: NaiveDate,
    pub settings_json: String,
    pub sources_json: String,
    pub revision: i64,
}

impl MethodRecord {
    pub fn settings(&self) -> Result<MethodSettings, sqlx::Error> {
        decode_json(&self.settings_json)
    }

    /// Where each setting comes from: stored as setting → [Georgian, English, certainty]
    /// (versions adopted before the English text was kept store [text, certainty]).
    pub fn sources(&self) -> Result<BTreeMap<String, SettingSource>, sqlx::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Cited(String, String, Certainty),
            Plain(String, Certainty),
        }
        let stored: BTreeMap<String, Stored> = decode_json(&self.sources_json)?;
        Ok(stored
            .into_iter()
            .map(|(key, stored)| {
                let (source, certainty) = match stored {
                    Stored::Cited(ka, en, certainty) => (Bilingual::new(ka, en), certainty),
                    Stored::Plain(text, certainty) => {
                        (Bilingual::new(text.clone(), text), certainty)
                    }
                };
                (key, SettingSource { source, certainty })
            })
            .collect())
    }
}

pub async fn method(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<MethodRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, version, valid_from, order_number, order_date, settings_json, sources_json, revision
         FROM evaluation_methods WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The version in force on `on`: the latest that started on or before it.
pub async fn method_on(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Option<MethodRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, version, valid_from, order_number, order_date, settings_json, sources_json, revision
         FROM evaluation_methods WHERE valid_from <= $1 ORDER BY valid_from DESC, version DESC LIMIT 1",
    )
    .bind(on)
    .fetch_optional(conn)
    .await
}

pub async fn method_versions(db: &SqlitePool) -> Result<Vec<MethodVersionRef>, sqlx::Error> {
    sqlx::query_as("SELECT id, version, valid_from FROM evaluation_methods ORDER BY version DESC")
        .fetch_all(db)
        .await
}

pub async fn next_method_version(conn: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_methods")
        .fetch_one(conn)
        .await
}

pub struct NewMethod<'a> {
    pub version: i64,
    pub valid_from: NaiveDate,
    pub order_number: &'a str,
    pub order_date: NaiveDate,
    pub settings_json: &'a str,
    pub sources_json: &'a str,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_method(
    conn: &mut SqliteConnection,
    m: NewMethod<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO evaluation_methods (version, valid_from, order_number, order_date,
             settings_json, sources_json, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(m.version)
    .bind(m.valid_from)
    .bind(m.order_number)
    .bind(m.order_date)
    .bind(m.settings_json)
    .bind(m.sources_json)
    .bind(m.created_by)
    .bind(m.created_at)
    .fetch_one(conn)
    .await
}

/// A new version starts with a copy of the catalogue of the version it follows.
pub async fn copy_competencies(
    conn: &mut SqliteConnection,
    from_method: i64,
    to_method: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO competencies (method_id, code, kind, ranks, name_ka, name_en, descriptor_ka,
             descriptor_en, sort_order)
         SELECT $1, code, kind, ranks, name_ka, name_en, descriptor_ka, descriptor_en, sort_order
         FROM competencies WHERE method_id = $2",
    )
    .bind(to_method)
    .bind(from_method)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn method_in_use(
    conn: &mut SqliteConnection,
    method_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_cycles WHERE method_id = $1")
        .bind(method_id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

#[derive(sqlx::FromRow)]
struct CompetencyRecord {
    id: i64,
    code: String,
    kind: CompetencyKind,
    ranks: String,
    name_ka: String,
    name_en: String,
    descriptor_ka: String,
    descriptor_en: String,
}

impl From<CompetencyRecord> for Competency {
    fn from(r: CompetencyRecord) -> Self {
        Competency {
            id: r.id,
            code: r.code,
            kind: r.kind,
            ranks: r.ranks,
            name: Bilingual::new(r.name_ka, r.name_en),
            descriptor: Bilingual::new(r.descriptor_ka, r.descriptor_en),
        }
    }
}

/// A method version's catalogue, in its order.
pub async fn competencies(
    conn: &mut SqliteConnection,
    method_id: i64,
) -> Result<Vec<Competency>, sqlx::Error> {
    let rows: Vec<CompetencyRecord> = sqlx::query_as(
        "SELECT id, code, kind, ranks, name_ka, name_en, descriptor_ka, descriptor_en
         FROM competencies WHERE method_id = $1 ORDER BY sort_order, id",
    )
    .bind(method_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Competency::from).collect())
}

/// A competency's place in its catalogue (finalizing orders the scores by it).
#[derive(sqlx::FromRow)]
pub struct CompetencyOrder {
    pub id: i64,
    pub sort_order: i64,
    pub code: String,
}

pub async fn competency_order(
    conn: &mut SqliteConnection,
    method_id: i64,
) -> Result<Vec<CompetencyOrder>, sqlx::Error> {
    sqlx::query_as("SELECT id, sort_order, code FROM competencies WHERE method_id = $1")
        .bind(method_id)
        .fetch_all(conn)
        .await
}

pub async fn competency_code_taken(
    conn: &mut SqliteConnection,
    method_id: i64,
    code: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM competencies WHERE method_id = $1 AND code = $2")
            .bind(method_id)
            .bind(code)
            .fetch_one(conn)
            .await?;
    Ok(n > 0)
}

pub struct NewCompetency<'a> {
    pub method_id: i64,
    pub code: &'a str,
    pub kind: CompetencyKind,
    pub ranks: &'a str,
    pub name: &'a Bilingual,
    pub descriptor: &'a Bilingual,
}

/// Adds a competency at the end of its catalogue.
pub async fn insert_competency(
    conn: &mut SqliteConnection,
    c: NewCompetency<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO competencies (method_id, code, kind, ranks, name_ka, name_en, descriptor_ka,
             descriptor_en, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
             (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM competencies WHERE method_id = $1))
         RETURNING id",
    )
    .bind(c.method_id)
    .bind(c.code)
    .bind(c.kind)
    .bind(c.ranks)
    .bind(&c.name.ka)
    .bind(&c.name.en)
    .bind(&c.descriptor.ka)
    .bind(&c.descriptor.en)
    .fetch_one(conn)
    .await
}

/// A competency's method and code.
#[derive(sqlx::FromRow)]
pub struct CompetencyOwner {
    pub method_id: i64,
    pub code: String,
}

pub async fn competency_owner(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<CompetencyOwner>, sqlx::Error> {
    sqlx::query_as("SELECT method_id, code FROM competencies WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn delete_competency(conn: &mut SqliteConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM competencies WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

// ---- Cycles -------------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct CycleRecord {
    id: i64,
    year: i64,
    period_no: i64,
    period_start: NaiveDate,
    period_end: NaiveDate,
    planning_due: NaiveDate,
    rating_due: NaiveDate,
    summary_due: NaiveDate,
    status: CycleStatus,
    method_version: i64,
    total: i64,
    settled: i64,
    exempt: i64,
}

impl From<CycleRecord> for CycleRow {
    fn from(r: CycleRecord) -> Self {
        CycleRow {
            id: r.id,
            year: r.year as i32,
            period_no: r.period_no,
            period_start: r.period_start,
            period_end: r.period_end,
            planning_due: r.planning_due,
            rating_due: r.rating_due,
            summary_due: r.summary_due,
            status: r.status,
            method_version: r.method_version,
            total: r.total,
            settled: r.settled,
            exempt: r.exempt,
        }
    }
}

/// Every cycle, newest first, with its counts.
pub async fn cycles(db: &SqlitePool) -> Result<Vec<CycleRow>, sqlx::Error> {
    let rows: Vec<CycleRecord> = sqlx::query_as(
        "SELECT c.id, c.year, c.period_no, c.period_start, c.period_end, c.planning_due,
                c.rating_due, c.summary_due, c.status, m.version AS method_version,
                (SELECT COUNT(*) FROM evaluations e WHERE e.cycle_id = c.id) AS total,
                (SELECT COUNT(*) FROM evaluations e WHERE e.cycle_id = c.id
                    AND e.stage IN ('finalized', 'exempt')) AS settled,
                (SELECT COUNT(*) FROM evaluations e WHERE e.cycle_id = c.id
                    AND e.stage = 'exempt') AS exempt
         FROM evaluation_cycles c JOIN evaluation_methods m ON m.id = c.method_id
         ORDER BY c.period_start DESC",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// One cycle with its counts.
pub async fn cycle(db: &SqlitePool, id: i64) -> Result<Option<CycleRow>, sqlx::Error> {
    let row: Option<CycleRecord> = sqlx::query_as(
        "SELECT c.id, c.year, c.period_no, c.period_start, c.period_end, c.planning_due,
                c.rating_due, c.summary_due, c.status, m.version AS method_version,
                (SELECT COUNT(*) FROM evaluations e WHERE e.cycle_id = c.id) AS total,
                (SELECT COUNT(*) FROM evaluations e WHERE e.cycle_id = c.id
                    AND e.stage IN ('finalized', 'exempt')) AS settled,
                (SELECT COUNT(*) FROM evaluations e WHERE e.cycle_id = c.id
                    AND e.stage = 'exempt') AS exempt
         FROM evaluation_cycles c JOIN evaluation_methods m ON m.id = c.method_id
         WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(Into::into))
}

/// The open cycles (HR's finalization tasks).
pub async fn open_cycle_ids(db: &SqlitePool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM evaluation_cycles WHERE status = 'open' ORDER BY period_start",
    )
    .fetch_all(db)
    .await
}

/// What a cycle's rules need: its status, deadlines and the method's settings.
#[derive(sqlx::FromRow)]
pub struct CycleTerms {
    pub status: CycleStatus,
    pub method_id: i64,
    pub planning_due: NaiveDate,
    pub rating_due: NaiveDate,
    pub summary_due: NaiveDate,
    pub settings_json: String,
}

impl CycleTerms {
    pub fn settings(&self) -> Result<MethodSettings, sqlx::Error> {
        decode_json(&self.settings_json)
    }
}

pub async fn cycle_terms(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<CycleTerms>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.status, c.method_id, c.planning_due, c.rating_due, c.summary_due, m.settings_json
         FROM evaluation_cycles c JOIN evaluation_methods m ON m.id = c.method_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn cycle_exists(
    conn: &mut SqliteConnection,
    institution_id: i64,
    year: i32,
    period_no: u32,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluation_cycles WHERE institution_id = $1 AND year = $2 AND period_no = $3",
    )
    .bind(institution_id)
    .bind(year)
    .bind(period_no)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub struct NewCycle {
    pub institution_id: i64,
    pub method_id: i64,
    pub year: i32,
    pub period_no: u32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub deadlines: crate::domain::evaluation::CycleDeadlines,
    pub opened_by: i64,
    pub opened_at: DateTime<Utc>,
}

pub async fn insert_cycle(conn: &mut SqliteConnection, c: NewCycle) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO evaluation_cycles (institution_id, method_id, year, period_no, period_start,
             period_end, planning_due, rating_due, summary_due, status, opened_by, opened_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(c.institution_id)
    .bind(c.method_id)
    .bind(c.year)
    .bind(c.period_no)
    .bind(c.period_start)
    .bind(c.period_end)
    .bind(c.deadlines.planning)
    .bind(c.deadlines.rating)
    .bind(c.deadlines.summary)
    .bind(CycleStatus::Open)
    .bind(c.opened_by)
    .bind(c.opened_at)
    .fetch_one(conn)
    .await
}

pub async fn close_cycle(
    conn: &mut SqliteConnection,
    id: i64,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE evaluation_cycles SET status = $1, closed_by = $2, closed_at = $3 WHERE id = $4",
    )
    .bind(CycleStatus::Closed)
    .bind(by)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many evaluations of a cycle are not settled (neither finalized nor exempt).
pub async fn unsettled(conn: &mut SqliteConnection, cycle_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluations WHERE cycle_id = $1 AND stage NOT IN ('finalized', 'exempt')",
    )
    .bind(cycle_id)
    .fetch_one(conn)
    .await
}

/// A member of a new cycle's population (or an exempt officer, with the reason).
pub struct NewEvaluation {
    pub employee_id: i64,
    pub position_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub rank: Option<i64>,
    pub evaluator_id: Option<i64>,
    pub stage: Stage,
    pub exempt_reason: Option<Exemption>,
    pub hr_note: Option<String>,
}

/// Inserts many evaluations with multi-row statements (50,000 officers in well under a second).
pub async fn insert_evaluations(
    conn: &mut SqliteConnection,
    cycle_id: i64,
    rows: &[NewEvaluation],
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(2_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO evaluations (cycle_id, employee_id, position_id, unit_id, rank, evaluator_id,
             stage, exempt_reason, hr_note, updated_at) ",
        );
        q.push_values(chunk, |mut b, r| {
            b.push_bind(cycle_id)
                .push_bind(r.employee_id)
                .push_bind(r.position_id)
                .push_bind(r.unit_id)
                .push_bind(r.rank)
                .push_bind(r.evaluator_id)
                .push_bind(r.stage)
                .push_bind(r.exempt_reason)
                .push_bind(r.hr_note.clone())
                .push_bind(at);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// The evaluation of an employee in a cycle.
pub async fn evaluation_of(
    conn: &mut SqliteConnection,
    cycle_id: i64,
    employee_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM evaluations WHERE cycle_id = $1 AND employee_id = $2")
        .bind(cycle_id)
        .bind(employee_id)
        .fetch_optional(conn)
        .await
}

/// Officers' service for the population: every non-acting assignment that started by `until`,
/// for the days the position's terms in force made it an officer's position (a head of a
/// primary unit serves as an officer until the 2024 amendment's date and not after), with the
/// position's unit and rank.
#[derive(Clone, Debug)]
pub struct ServiceRow {
    pub employee_id: i64,
    pub position_id: i64,
    pub unit_id: Option<i64>,
    pub rank: Option<i64>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub basis: AssignmentBasis,
}

#[derive(sqlx::FromRow)]
struct ServiceRecord {
    employee_id: i64,
    position_id: i64,
    unit_id: Option<i64>,
    rank: Option<i64>,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    terms_from: NaiveDate,
    terms_to: Option<NaiveDate>,
    basis: AssignmentBasis,
}

pub async fn officer_service(
    db: &SqlitePool,
    until: NaiveDate,
) -> Result<Vec<ServiceRow>, sqlx::Error> {
    let rows: Vec<ServiceRecord> = sqlx::query_as(
        "SELECT a.employee_id, a.position_id, p.unit_id, p.rank, a.start_date, a.end_date,
                t.valid_from AS terms_from, t.valid_to AS terms_to, a.basis
         FROM assignments a JOIN positions p ON p.id = a.position_id
         JOIN position_terms t ON t.position_id = p.id AND t.employment_type = 'officer'
         WHERE a.basis <> 'acting' AND a.start_date <= $1 AND t.valid_from <= $1
           AND (t.valid_to IS NULL OR a.end_date IS NULL OR t.valid_to >= a.start_date)
         ORDER BY a.employee_id, a.start_date, t.valid_from",
    )
    .bind(until)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let (start_date, end_date) =
                overlap((r.start_date, r.end_date), (r.terms_from, r.terms_to))?;
            Some(ServiceRow {
                employee_id: r.employee_id,
                position_id: r.position_id,
                unit_id: r.unit_id,
                rank: r.rank,
                start_date,
                end_date,
                basis: r.basis,
            })
        })
        .collect())
}

/// The position an employee held last by `on` (any kind), for someone HR adds to a cycle.
#[derive(sqlx::FromRow, Clone, Copy, Debug)]
pub struct HeldPosition {
    pub position_id: i64,
    pub unit_id: Option<i64>,
    pub rank: Option<i64>,
}

pub async fn last_position(
    db: &SqlitePool,
    employee_id: i64,
    on: NaiveDate,
) -> Result<Option<HeldPosition>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id AS position_id, p.unit_id, p.rank FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE a.employee_id = $1 AND a.start_date <= $2 ORDER BY a.start_date DESC LIMIT 1",
    )
    .bind(employee_id)
    .bind(on)
    .fetch_optional(db)
    .await
}

// ---- Evaluation rows ----------------------------------------------------------------------

#[derive(Clone, Debug, Default)]
pub struct EvalFilter {
    pub cycle_id: Option<i64>,
    pub stage: Option<Stage>,
    pub q: Option<String>,
    pub employee_id: Option<i64>,
    pub evaluator_id: Option<i64>,
    pub id: Option<i64>,
    pub ids: Option<Vec<i64>>,
    /// Only stages that still need someone (not finalized or exempt).
    pub pending: bool,
    pub open_cycles_only: bool,
}

/// An evaluation as lists show it, with what its deadline needs.
#[derive(sqlx::FromRow)]
pub struct EvalRecord {
    pub id: i64,
    pub cycle_id: i64,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub planning_due: NaiveDate,
    pub rating_due: NaiveDate,
    pub summary_due: NaiveDate,
    pub settings_json: String,
    pub employee_id: i64,
    pub e_first_ka: String,
    pub e_last_ka: String,
    pub e_first_en: String,
    pub e_last_en: String,
    pub title_ka: Option<String>,
    pub title_en: Option<String>,
    pub unit_ka: Option<String>,
    pub unit_en: Option<String>,
    pub evaluator_id: Option<i64>,
    pub v_first_ka: Option<String>,
    pub v_last_ka: Option<String>,
    pub v_first_en: Option<String>,
    pub v_last_en: Option<String>,
    pub stage: Stage,
    pub exempt_reason: Option<Exemption>,
    pub final_mark: Option<String>,
    pub rating: Option<Rating>,
    pub rated_at: Option<DateTime<Utc>>,
    pub filed_at: Option<DateTime<Utc>>,
    pub reminded_at: Option<DateTime<Utc>>,
}

impl EvalRecord {
    pub fn employee(&self) -> PersonRef {
        PersonRef::named(
            self.employee_id,
            &self.e_first_ka,
            &self.e_last_ka,
            &self.e_first_en,
            &self.e_last_en,
        )
    }

    pub fn evaluator(&self) -> Option<PersonRef> {
        match (
            self.evaluator_id,
            &self.v_first_ka,
            &self.v_last_ka,
            &self.v_first_en,
            &self.v_last_en,
        ) {
            (Some(id), Some(a), Some(b), Some(c), Some(d)) => {
                Some(PersonRef::named(id, a, b, c, d))
            }
            _ => None,
        }
    }
}

const EVAL_FROM: &str = "
    FROM evaluations e
    JOIN evaluation_cycles c ON c.id = e.cycle_id
    JOIN evaluation_methods m ON m.id = c.method_id
    JOIN employees emp ON emp.id = e.employee_id
    LEFT JOIN positions p ON p.id = e.position_id
    LEFT JOIN org_units u ON u.id = e.unit_id
    LEFT JOIN employees ev ON ev.id = e.evaluator_id
    LEFT JOIN evaluation_results r ON r.id = e.result_id
    LEFT JOIN evaluation_appeals ap ON ap.evaluation_id = e.id";

const EVAL_COLUMNS: &str = "SELECT e.id, e.cycle_id, c.period_start, c.period_end, c.planning_due,
    c.rating_due, c.summary_due, m.settings_json, emp.id AS employee_id,
    emp.first_name_ka AS e_first_ka, emp.last_name_ka AS e_last_ka,
    emp.first_name_en AS e_first_en, emp.last_name_en AS e_last_en,
    p.title_ka, p.title_en, u.name_ka AS unit_ka, u.name_en AS unit_en,
    ev.id AS evaluator_id, ev.first_name_ka AS v_first_ka, ev.last_name_ka AS v_last_ka,
    ev.first_name_en AS v_first_en, ev.last_name_en AS v_last_en,
    e.stage, e.exempt_reason, r.final_mark, r.rating, e.rated_at, ap.filed_at,
    (SELECT MAX(sent_at) FROM evaluation_reminders rm WHERE rm.evaluation_id = e.id) AS reminded_at";

fn push_filter<'a>(q: &mut QueryBuilder<'a, Sqlite>, f: &'a EvalFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(id) = f.id {
        q.push(" AND e.id = ").push_bind(id);
    }
    if let Some(ids) = &f.ids {
        if ids.is_empty() {
            q.push(" AND 0");
        } else {
            q.push(" AND e.id IN (");
            let mut list = q.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            list.push_unseparated(")");
        }
    }
    if let Some(cycle) = f.cycle_id {
        q.push(" AND e.cycle_id = ").push_bind(cycle);
    }
    if let Some(stage) = f.stage {
        q.push(" AND e.stage = ").push_bind(stage);
    }
    if let Some(employee) = f.employee_id {
        q.push(" AND e.employee_id = ").push_bind(employee);
    }
    if let Some(evaluator) = f.evaluator_id {
        q.push(" AND e.evaluator_id = ").push_bind(evaluator);
    }
    if f.pending {
        q.push(" AND e.stage NOT IN ('finalized', 'exempt')");
    }
    if f.open_cycles_only {
        q.push(" AND c.status = 'open'");
    }
    let text = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(phrase) = text.and_then(crate::ssr::repo::name_search) {
        q.push(" AND emp.id IN (SELECT rowid FROM employee_names WHERE employee_names MATCH ")
            .push_bind(phrase)
            .push(")");
    } else if let Some(text) = text {
        let like = crate::ssr::repo::like_pattern(text, false);
        q.push(" AND (lower(emp.first_name_ka || ' ' || emp.last_name_ka) LIKE ")
            .push_bind(like.clone())
            .push(" ESCAPE '\\' OR lower(emp.first_name_en || ' ' || emp.last_name_en) LIKE ")
            .push_bind(like)
            .push(" ESCAPE '\\' OR emp.personal_number = ")
            .push_bind(text.to_string())
            .push(")");
    }
}

/// Evaluation records matching the filter, newest period first, by name; a page of them when
/// `limit` is (limit, offset).
pub async fn records(
    db: &SqlitePool,
    filter: &EvalFilter,
    limit: Option<(i64, i64)>,
) -> Result<Vec<EvalRecord>, sqlx::Error> {
    let mut q = QueryBuilder::new(EVAL_COLUMNS);
    q.push(EVAL_FROM);
    push_filter(&mut q, filter);
    q.push(" ORDER BY c.period_start DESC, emp.last_name_ka, emp.first_name_ka, e.id");
    if let Some((limit, offset)) = limit {
        q.push(" LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(offset);
    }
    q.build_query_as().fetch_all(db).await
}

pub async fn count(db: &SqlitePool, filter: &EvalFilter) -> Result<i64, sqlx::Error> {
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    count.push(EVAL_FROM);
    push_filter(&mut count, filter);
    count.build_query_scalar().fetch_one(db).await
}

/// A pending evaluation with only what its deadline needs (cheap for 50,000 rows).
#[derive(sqlx::FromRow)]
pub struct PendingRecord {
    pub id: i64,
    pub stage: Stage,
    pub rated_at: Option<DateTime<Utc>>,
    pub filed_at: Option<DateTime<Utc>>,
}

/// The cycle's unsettled evaluations; with `finalizable_only`, only those that may be ready to
/// finalize (awaiting finalization or the officer's answer), read through the stage index.
pub async fn pending(
    db: &SqlitePool,
    cycle_id: i64,
    finalizable_only: bool,
) -> Result<Vec<PendingRecord>, sqlx::Error> {
    let stages = if finalizable_only {
        "e.stage IN ('finalization', 'acknowledgement')"
    } else {
        "e.stage NOT IN ('finalized', 'exempt')"
    };
    sqlx::query_as(&format!(
        "SELECT e.id, e.stage, e.rated_at, ap.filed_at FROM evaluations e
         LEFT JOIN evaluation_appeals ap ON ap.evaluation_id = e.id
         WHERE e.cycle_id = $1 AND {stages} ORDER BY e.id"
    ))
    .bind(cycle_id)
    .fetch_all(db)
    .await
}

/// Appeals waiting for this user's decision: delegated to them, or to the mayor by default;
/// never one the user evaluated.
pub async fn appeals_to_decide(
    db: &SqlitePool,
    user_id: i64,
    is_mayor: bool,
    employee_id: Option<i64>,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT e.id FROM evaluations e JOIN evaluation_appeals a ON a.evaluation_id = e.id
         WHERE e.stage = 'appealed' AND a.decided_at IS NULL
           AND (a.reviewer_user_id = $1 OR (a.reviewer_user_id IS NULL AND $2))
           AND (e.evaluator_id IS NULL OR e.evaluator_id <> COALESCE($3, -1))",
    )
    .bind(user_id)
    .bind(is_mayor)
    .bind(employee_id)
    .fetch_all(db)
    .await
}

// ---- Dashboard aggregates -----------------------------------------------------------------

/// How many evaluations of a service (a department counts with its service) are in a stage.
#[derive(sqlx::FromRow)]
pub struct StageCount {
    pub service_id: Option<i64>,
    pub stage: Stage,
    pub evaluations: i64,
}

pub async fn stage_counts(db: &SqlitePool, cycle_id: i64) -> Result<Vec<StageCount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(u.parent_id, u.id) AS service_id, e.stage, COUNT(*) AS evaluations
         FROM evaluations e LEFT JOIN org_units u ON u.id = e.unit_id WHERE e.cycle_id = $1
         GROUP BY 1, 2",
    )
    .bind(cycle_id)
    .fetch_all(db)
    .await
}

/// How many results of a service are in a band.
#[derive(sqlx::FromRow)]
pub struct RatingCount {
    pub service_id: Option<i64>,
    pub rating: Rating,
    pub evaluations: i64,
}

pub async fn rating_counts(
    db: &SqlitePool,
    cycle_id: i64,
) -> Result<Vec<RatingCount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(u.parent_id, u.id) AS service_id, r.rating, COUNT(*) AS evaluations
         FROM evaluations e JOIN evaluation_results r ON r.id = e.result_id
         LEFT JOIN org_units u ON u.id = e.unit_id WHERE e.cycle_id = $1 GROUP BY 1, 2",
    )
    .bind(cycle_id)
    .fetch_all(db)
    .await
}

#[derive(sqlx::FromRow)]
struct UnitNameRecord {
    id: i64,
    name_ka: String,
    name_en: String,
}

/// Every unit's name, past ones included.
pub async fn unit_names(
    db: &SqlitePool,
) -> Result<std::collections::HashMap<i64, Bilingual>, sqlx::Error> {
    let rows: Vec<UnitNameRecord> = sqlx::query_as("SELECT id, name_ka, name_en FROM org_units")
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, Bilingual::new(r.name_ka, r.name_en)))
        .collect())
}

// ---- One evaluation -----------------------------------------------------------------------

/// The stored state of one evaluation that the rules need.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct EvalState {
    pub id: i64,
    pub cycle_id: i64,
    pub employee_id: i64,
    pub evaluator_id: Option<i64>,
    pub rank: Option<i64>,
    pub stage: Stage,
    pub cycle_status: CycleStatus,
    pub method_id: i64,
    pub settings_json: String,
    pub objectives: Option<String>,
    pub self_comment: Option<String>,
    pub summary_comment: Option<String>,
    pub plan_submitted_at: Option<DateTime<Utc>>,
    pub plan_confirmed_at: Option<DateTime<Utc>>,
    pub self_submitted_at: Option<DateTime<Utc>>,
    pub rated_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub objection: Option<String>,
    pub finalized_at: Option<DateTime<Utc>>,
    /// The day the officer received the final result (the appeal window runs from it).
    pub received_on: Option<NaiveDate>,
    pub hr_note: Option<String>,
    pub result_id: Option<i64>,
    pub exempt_reason: Option<Exemption>,
}

impl EvalState {
    pub fn settings(&self) -> Result<MethodSettings, sqlx::Error> {
        decode_json(&self.settings_json)
    }
}

pub async fn state(conn: &mut SqliteConnection, id: i64) -> Result<Option<EvalState>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, e.cycle_id, e.employee_id, e.evaluator_id, e.rank, e.stage,
                c.status AS cycle_status, c.method_id, m.settings_json, e.objectives,
                e.self_comment, e.summary_comment, e.plan_submitted_at, e.plan_confirmed_at,
                e.self_submitted_at, e.rated_at, e.acknowledged_at, e.objection, e.finalized_at, e.received_on,
                e.hr_note, e.result_id, e.exempt_reason
         FROM evaluations e JOIN evaluation_cycles c ON c.id = e.cycle_id
         JOIN evaluation_methods m ON m.id = c.method_id WHERE e.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

#[derive(sqlx::FromRow)]
pub struct ScoreRecord {
    pub competency_id: i64,
    pub code: String,
    pub self_score: Option<i64>,
    pub score: Option<i64>,
    pub comment: Option<String>,
}

/// The planned competencies of an evaluation with their scores, in catalogue order.
pub async fn scores(
    conn: &mut SqliteConnection,
    evaluation_id: i64,
) -> Result<Vec<ScoreRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.competency_id, k.code, s.self_score, s.score, s.comment
         FROM evaluation_scores s JOIN competencies k ON k.id = s.competency_id
         WHERE s.evaluation_id = $1 ORDER BY k.sort_order, k.id",
    )
    .bind(evaluation_id)
    .fetch_all(conn)
    .await
}

/// The evaluator's plan: the competencies to assess (replacing any earlier plan), the
/// objectives, and the next stage.
pub async fn record_plan(
    conn: &mut SqliteConnection,
    id: i64,
    objectives: &str,
    competencies: &[i64],
    next: Stage,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM evaluation_scores WHERE evaluation_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for competency in competencies {
        sqlx::query("INSERT INTO evaluation_scores (evaluation_id, competency_id) VALUES ($1, $2)")
            .bind(id)
            .bind(competency)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "UPDATE evaluations SET objectives = $1, stage = $2, plan_submitted_at = $3, updated_at = $3
         WHERE id = $4",
    )
    .bind(objectives)
    .bind(next)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn record_plan_confirmed(
    conn: &mut SqliteConnection,
    id: i64,
    next: Stage,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE evaluations SET stage = $1, plan_confirmed_at = $2, updated_at = $2 WHERE id = $3",
    )
    .bind(next)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The officer's self-assessment: (competency, score) pairs and the comment.
pub async fn record_self_assessment(
    conn: &mut SqliteConnection,
    id: i64,
    scores: &[(i64, u8)],
    comment: Option<&str>,
    next: Stage,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for (competency, score) in scores {
        sqlx::query(
            "UPDATE evaluation_scores SET self_score = $1 WHERE evaluation_id = $2 AND competency_id = $3",
        )
        .bind(i64::from(*score))
        .bind(id)
        .bind(competency)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "UPDATE evaluations SET self_comment = $1, stage = $2, self_submitted_at = $3, updated_at = $3
         WHERE id = $4",
    )
    .bind(comment)
    .bind(next)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A competency's score with the evaluator's comment.
pub struct ScoreLineInput {
    pub competency_id: i64,
    pub score: u8,
    pub comment: Option<String>,
}

/// The evaluator's scores and summary comment.
pub async fn record_rating(
    conn: &mut SqliteConnection,
    id: i64,
    lines: &[ScoreLineInput],
    summary_comment: &str,
    next: Stage,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for line in lines {
        sqlx::query(
            "UPDATE evaluation_scores SET score = $1, comment = $2 WHERE evaluation_id = $3 AND competency_id = $4",
        )
        .bind(i64::from(line.score))
        .bind(&line.comment)
        .bind(id)
        .bind(line.competency_id)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "UPDATE evaluations SET summary_comment = $1, stage = $2, rated_at = $3, updated_at = $3
         WHERE id = $4",
    )
    .bind(summary_comment)
    .bind(next)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The officer's answer: acknowledged, or with an objection.
pub async fn record_answer(
    conn: &mut SqliteConnection,
    id: i64,
    objection: Option<&str>,
    next: Stage,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE evaluations SET objection = $1, stage = $2, acknowledged_at = $3, updated_at = $3
         WHERE id = $4",
    )
    .bind(objection)
    .bind(next)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The final result of one evaluation: its first result version becomes the one in force.
pub async fn record_finalized(
    conn: &mut SqliteConnection,
    id: i64,
    next: Stage,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE evaluations SET stage = $1, finalized_at = $2, finalized_by = $3, updated_at = $2,
             result_id = (SELECT id FROM evaluation_results WHERE evaluation_id = $4 AND version = 1),
             received_on = CASE WHEN acknowledged_at IS NULL THEN NULL ELSE $5 END
         WHERE id = $4",
    )
    .bind(next)
    .bind(at)
    .bind(by)
    .bind(id)
    .bind(crate::domain::common::georgia_date(at))
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks finalized exactly the evaluations of a cycle that got their first result at `at`.
pub async fn record_finalized_in_bulk(
    conn: &mut SqliteConnection,
    cycle_id: i64,
    by: i64,
    at: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE evaluations SET stage = $1, finalized_at = $2, finalized_by = $3,
             updated_at = $2, result_id = r.id,
             received_on = CASE WHEN evaluations.acknowledged_at IS NULL THEN NULL ELSE $5 END
         FROM evaluation_results r
         WHERE r.evaluation_id = evaluations.id AND r.version = 1 AND r.created_at = $2
           AND evaluations.cycle_id = $4 AND evaluations.result_id IS NULL
           AND evaluations.stage IN ('finalization', 'acknowledgement')",
    )
    .bind(Stage::Finalized)
    .bind(at)
    .bind(by)
    .bind(cycle_id)
    .bind(crate::domain::common::georgia_date(at))
    .execute(conn)
    .await?
    .rows_affected())
}

/// An evaluation ready to finalize with its scores packed as "competency:score,…" (one row
/// each instead of one per score: 7× fewer rows for 50,000 officers).
#[derive(sqlx::FromRow)]
pub struct ReadyRecord {
    pub id: i64,
    pub stage: Stage,
    pub packed_scores: String,
}

/// The evaluations of a cycle that are answered, or unanswered and scored before `cutoff`;
/// never those of `exclude` (the finalizing HR user's employee record) as officer or evaluator.
pub async fn ready_to_finalize(
    conn: &mut SqliteConnection,
    cycle_id: i64,
    cutoff: DateTime<Utc>,
    exclude: Option<i64>,
) -> Result<Vec<ReadyRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, e.stage, group_concat(s.competency_id || ':' || s.score, ',') AS packed_scores
         FROM evaluations e JOIN evaluation_scores s ON s.evaluation_id = e.id
         WHERE e.cycle_id = $1 AND s.score IS NOT NULL
           AND (e.stage = 'finalization' OR (e.stage = 'acknowledgement' AND e.rated_at < $2))
           AND ($3 IS NULL OR (e.employee_id <> $3 AND (e.evaluator_id IS NULL OR e.evaluator_id <> $3)))
         GROUP BY e.id, e.stage",
    )
    .bind(cycle_id)
    .bind(cutoff)
    .bind(exclude)
    .fetch_all(conn)
    .await
}

pub async fn set_stage(
    conn: &mut SqliteConnection,
    id: i64,
    stage: Stage,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE evaluations SET stage = $1, updated_at = $2 WHERE id = $3")
        .bind(stage)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// HR takes an evaluation out of the cycle or brings it back, with the reason.
pub async fn set_exemption(
    conn: &mut SqliteConnection,
    id: i64,
    stage: Stage,
    reason: Option<Exemption>,
    note: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE evaluations SET stage = $1, exempt_reason = $2, hr_note = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(stage)
    .bind(reason)
    .bind(note)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_evaluator(
    conn: &mut SqliteConnection,
    id: i64,
    evaluator: i64,
    note: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE evaluations SET evaluator_id = $1, hr_note = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(evaluator)
    .bind(note)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

// ---- Results ------------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
pub struct ResultRecord {
    pub version: i64,
    pub final_mark: String,
    pub rating: Rating,
    pub score_sum: i64,
    pub score_count: i64,
    pub created_at: DateTime<Utc>,
    pub appeal_id: Option<i64>,
    pub inputs_json: String,
}

/// An evaluation's result versions, newest first.
pub async fn results(
    conn: &mut SqliteConnection,
    evaluation_id: i64,
) -> Result<Vec<ResultRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, final_mark, rating, score_sum, score_count, created_at, appeal_id, inputs_json
         FROM evaluation_results WHERE evaluation_id = $1 ORDER BY version DESC",
    )
    .bind(evaluation_id)
    .fetch_all(conn)
    .await
}

pub async fn next_result_version(
    conn: &mut SqliteConnection,
    evaluation_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_results WHERE evaluation_id = $1",
    )
    .bind(evaluation_id)
    .fetch_one(conn)
    .await
}

/// A computed result to store (immutable).
pub struct NewResult {
    pub evaluation_id: i64,
    pub version: i64,
    pub final_mark: String,
    pub rating: Rating,
    pub sum: i64,
    pub count: i64,
    pub method_id: i64,
    pub inputs_json: String,
    pub appeal_id: Option<i64>,
}

pub async fn insert_results(
    conn: &mut SqliteConnection,
    rows: &[NewResult],
    user_id: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(2_000) {
        let mut q: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO evaluation_results (evaluation_id, version, final_mark, rating, score_sum,
             score_count, method_id, inputs_json, appeal_id, created_by, created_at) ",
        );
        q.push_values(chunk, |mut b, r| {
            b.push_bind(r.evaluation_id)
                .push_bind(r.version)
                .push_bind(r.final_mark.clone())
                .push_bind(r.rating)
                .push_bind(r.sum)
                .push_bind(r.count)
                .push_bind(r.method_id)
                .push_bind(r.inputs_json.clone())
                .push_bind(r.appeal_id)
                .push_bind(user_id)
                .push_bind(at);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Puts a result version in force (an appeal's decision).
pub async fn set_result_version(
    conn: &mut SqliteConnection,
    evaluation_id: i64,
    version: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE evaluations SET result_id = (SELECT id FROM evaluation_results
             WHERE evaluation_id = $1 AND version = $2) WHERE id = $1",
    )
    .bind(evaluation_id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(())
}

// ---- Appeals and reminders ----------------------------------------------------------------

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct AppealRecord {
    pub id: i64,
    pub filed_at: DateTime<Utc>,
    pub grounds: String,
    pub reviewer_user_id: Option<i64>,
    pub reviewer: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision: Option<AppealDecision>,
    pub reasoning: Option<String>,
}

pub async fn appeal(
    conn: &mut SqliteConnection,
    evaluation_id: i64,
) -> Result<Option<AppealRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.filed_at, a.grounds, a.reviewer_user_id, u.display_name AS reviewer,
                a.decided_at, a.decision, a.reasoning
         FROM evaluation_appeals a LEFT JOIN users u ON u.id = a.reviewer_user_id
         WHERE a.evaluation_id = $1",
    )
    .bind(evaluation_id)
    .fetch_optional(conn)
    .await
}

pub async fn insert_appeal(
    conn: &mut SqliteConnection,
    evaluation_id: i64,
    grounds: &str,
    at: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO evaluation_appeals (evaluation_id, filed_at, grounds) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(evaluation_id)
    .bind(at)
    .bind(grounds)
    .fetch_one(conn)
    .await
}

pub async fn record_decision(
    conn: &mut SqliteConnection,
    appeal_id: i64,
    decision: AppealDecision,
    reasoning: &str,
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE evaluation_appeals SET decided_at = $1, decision = $2, reasoning = $3, decided_by = $4 WHERE id = $5",
    )
    .bind(at)
    .bind(decision)
    .bind(reasoning)
    .bind(by)
    .bind(appeal_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_reviewer(
    conn: &mut SqliteConnection,
    evaluation_id: i64,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE evaluation_appeals SET reviewer_user_id = $1 WHERE evaluation_id = $2")
        .bind(user_id)
        .bind(evaluation_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_reminders(
    conn: &mut SqliteConnection,
    evaluations: &[i64],
    by: i64,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for chunk in evaluations.chunks(5_000) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO evaluation_reminders (evaluation_id, sent_by, sent_at) ",
        );
        q.push_values(chunk, |mut b, id| {
            b.push_bind(*id).push_bind(by).push_bind(at);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// HR records the day an officer who had not answered received the final result.
pub async fn record_delivery(
    conn: &mut SqliteConnection,
    id: i64,
    on: NaiveDate,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE evaluations SET received_on = $1, updated_at = $2 WHERE id = $3")
        .bind(on)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
