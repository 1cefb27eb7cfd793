//! SQL of the evaluation feature. Writes take the transaction's connection; reads a pool.
use super::{Competency, CycleRow, EvalRow, ResultVersion};
use crate::domain::evaluation::{MethodSettings, Stage};
use crate::org::repo::person;
use crate::org::Bilingual;
use crate::page::{offset, Page, PAGE_SIZE};
use chrono::{Duration, NaiveDate};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqlitePool};
use std::collections::{BTreeMap, HashMap};

#[derive(sqlx::FromRow)]
pub struct MethodRecord {
    pub id: i64,
    pub version: i64,
    pub valid_from: NaiveDate,
    pub order_number: String,
    pub order_date: NaiveDate,
    pub settings_json: String,
    pub sources_json: String,
}

impl MethodRecord {
    pub fn settings(&self) -> Result<MethodSettings, serde_json::Error> {
        serde_json::from_str(&self.settings_json)
    }

    pub fn sources(&self) -> BTreeMap<String, (String, String)> {
        serde_json::from_str(&self.sources_json).unwrap_or_default()
    }
}

const METHOD_SELECT: &str = "SELECT id, version, valid_from, order_number, order_date, settings_json, sources_json FROM evaluation_methods";

pub async fn method(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<MethodRecord>, sqlx::Error> {
    sqlx::query_as(&format!("{METHOD_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The version in force on `on`: the latest that started on or before it.
pub async fn method_on(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Option<MethodRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{METHOD_SELECT} WHERE valid_from <= $1 ORDER BY valid_from DESC, version DESC LIMIT 1"
    ))
    .bind(on)
    .fetch_optional(conn)
    .await
}

pub async fn method_versions(db: &SqlitePool) -> Result<Vec<(i64, i64, NaiveDate)>, sqlx::Error> {
    sqlx::query_as("SELECT id, version, valid_from FROM evaluation_methods ORDER BY version DESC")
        .fetch_all(db)
        .await
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
    kind: String,
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
    status: String,
    method_version: i64,
    total: i64,
    settled: i64,
    exempt: i64,
}

/// Cycles, newest first, with their counts (or just `id`).
pub async fn cycles(db: &SqlitePool, id: Option<i64>) -> Result<Vec<CycleRow>, sqlx::Error> {
    let rows: Vec<CycleRecord> = sqlx::query_as(
        "SELECT c.id, c.year, c.period_no, c.period_start, c.period_end, c.planning_due,
                c.rating_due, c.summary_due, c.status, m.version AS method_version,
                (SELECT COUNT(*) FROM evaluations e WHERE e.cycle_id = c.id) AS total,
                (SELECT COUNT(*) FROM evaluations e WHERE e.cycle_id = c.id
                    AND e.stage IN ('finalized', 'exempt')) AS settled,
                (SELECT COUNT(*) FROM evaluations e WHERE e.cycle_id = c.id
                    AND e.stage = 'exempt') AS exempt
         FROM evaluation_cycles c JOIN evaluation_methods m ON m.id = c.method_id
         WHERE ($1 IS NULL OR c.id = $1)
         ORDER BY c.period_start DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CycleRow {
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
        })
        .collect())
}

/// A member of a new cycle's population (or an exempt officer, with the reason).
pub struct NewEvaluation {
    pub employee_id: i64,
    pub position_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub rank: Option<i64>,
    pub evaluator_id: Option<i64>,
    pub stage: Stage,
    pub exempt_reason: Option<&'static str>,
    pub hr_note: Option<String>,
}

/// Inserts many evaluations with multi-row statements (50,000 officers in well under a second).
pub async fn insert_evaluations(
    conn: &mut SqliteConnection,
    cycle_id: i64,
    rows: &[NewEvaluation],
) -> Result<(), sqlx::Error> {
    let now = chrono::Utc::now();
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
                .push_bind(r.stage.code())
                .push_bind(r.exempt_reason)
                .push_bind(r.hr_note.clone())
                .push_bind(now);
        });
        q.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Officers' service for the population: every non-acting assignment on an officer's
/// position that started by `until`, with the position's unit and rank.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct ServiceRow {
    pub employee_id: i64,
    pub position_id: i64,
    pub unit_id: Option<i64>,
    pub rank: Option<i64>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub basis: String,
}

pub async fn officer_service(
    db: &SqlitePool,
    until: NaiveDate,
) -> Result<Vec<ServiceRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.employee_id, a.position_id, p.unit_id, p.rank, a.start_date, a.end_date, a.basis
         FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE p.employment_type = 'officer' AND a.basis <> 'acting' AND a.start_date <= $1
         ORDER BY a.employee_id, a.start_date",
    )
    .bind(until)
    .fetch_all(db)
    .await
}

// ---- Evaluation rows ----------------------------------------------------------------------

#[derive(Clone, Debug, Default)]
pub struct EvalFilter {
    pub cycle_id: Option<i64>,
    pub stage: Option<String>,
    pub q: Option<String>,
    pub employee_id: Option<i64>,
    pub evaluator_id: Option<i64>,
    pub id: Option<i64>,
    pub ids: Option<Vec<i64>>,
    /// Only stages that still need someone (not finalized or exempt).
    pub pending: bool,
    pub open_cycles_only: bool,
}

#[derive(sqlx::FromRow)]
struct EvalRecord {
    id: i64,
    cycle_id: i64,
    period_start: NaiveDate,
    period_end: NaiveDate,
    planning_due: NaiveDate,
    rating_due: NaiveDate,
    summary_due: NaiveDate,
    settings_json: String,
    employee_id: i64,
    e_first_ka: String,
    e_last_ka: String,
    e_first_en: String,
    e_last_en: String,
    title_ka: Option<String>,
    title_en: Option<String>,
    unit_ka: Option<String>,
    unit_en: Option<String>,
    evaluator_id: Option<i64>,
    v_first_ka: Option<String>,
    v_last_ka: Option<String>,
    v_first_en: Option<String>,
    v_last_en: Option<String>,
    stage: String,
    exempt_reason: Option<String>,
    final_mark: Option<String>,
    rating: Option<String>,
    rated_at: Option<chrono::DateTime<chrono::Utc>>,
    filed_at: Option<chrono::DateTime<chrono::Utc>>,
    reminded_at: Option<chrono::DateTime<chrono::Utc>>,
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
        q.push(" AND e.id IN (");
        let mut list = q.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        list.push_unseparated(")");
        if ids.is_empty() {
            q.push(" AND 0");
        }
    }
    if let Some(cycle) = f.cycle_id {
        q.push(" AND e.cycle_id = ").push_bind(cycle);
    }
    if let Some(stage) = f.stage.as_deref().filter(|s| !s.is_empty()) {
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
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let like = format!("%{}%", text.to_lowercase());
        q.push(" AND (lower(emp.first_name_ka || ' ' || emp.last_name_ka) LIKE ")
            .push_bind(like.clone())
            .push(" OR lower(emp.first_name_en || ' ' || emp.last_name_en) LIKE ")
            .push_bind(like)
            .push(" OR emp.personal_number = ")
            .push_bind(text.to_string())
            .push(")");
    }
}

/// Evaluation rows with the current stage's deadline (`today` decides what is overdue).
pub async fn rows(
    db: &SqlitePool,
    filter: &EvalFilter,
    limit: Option<(i64, i64)>,
    today: NaiveDate,
) -> Result<Vec<EvalRow>, sqlx::Error> {
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
    let records: Vec<EvalRecord> = q.build_query_as().fetch_all(db).await?;
    let mut settings: HashMap<i64, Option<MethodSettings>> = HashMap::new();
    Ok(records
        .into_iter()
        .map(|r| {
            let s = settings
                .entry(r.cycle_id)
                .or_insert_with(|| serde_json::from_str(&r.settings_json).ok())
                .clone();
            to_row(r, s.as_ref(), today)
        })
        .collect())
}

pub async fn page(
    db: &SqlitePool,
    filter: &EvalFilter,
    page: Option<i64>,
    today: NaiveDate,
) -> Result<Page<EvalRow>, sqlx::Error> {
    let (page, skip) = offset(page);
    let mut count = QueryBuilder::new("SELECT COUNT(*)");
    count.push(EVAL_FROM);
    push_filter(&mut count, filter);
    let total: i64 = count.build_query_scalar().fetch_one(db).await?;
    let items = rows(db, filter, Some((PAGE_SIZE, skip)), today).await?;
    Ok(Page {
        items,
        total,
        page,
        per_page: PAGE_SIZE,
    })
}

/// The pending evaluations of a cycle with only what their deadline needs: (id, stage,
/// deadline, overdue). Cheap for 50,000 rows; the dashboard loads full rows for a few.
pub async fn pending_deadlines(
    db: &SqlitePool,
    cycle_id: i64,
    today: NaiveDate,
) -> Result<Vec<(i64, Stage, Option<NaiveDate>, bool)>, sqlx::Error> {
    type Row = (
        i64,
        String,
        Option<chrono::DateTime<chrono::Utc>>,
        Option<chrono::DateTime<chrono::Utc>>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.id, e.stage, e.rated_at, ap.filed_at FROM evaluations e
         LEFT JOIN evaluation_appeals ap ON ap.evaluation_id = e.id
         WHERE e.cycle_id = $1 AND e.stage NOT IN ('finalized', 'exempt') ORDER BY e.id",
    )
    .bind(cycle_id)
    .fetch_all(db)
    .await?;
    let (planning, rating, summary, settings_json): (NaiveDate, NaiveDate, NaiveDate, String) =
        sqlx::query_as(
            "SELECT c.planning_due, c.rating_due, c.summary_due, m.settings_json
             FROM evaluation_cycles c JOIN evaluation_methods m ON m.id = c.method_id WHERE c.id = $1",
        )
        .bind(cycle_id)
        .fetch_one(db)
        .await?;
    let settings: Option<MethodSettings> = serde_json::from_str(&settings_json).ok();
    Ok(rows
        .into_iter()
        .map(|(id, stage, rated, filed)| {
            let stage = Stage::parse(&stage).unwrap_or(Stage::Planning);
            let due = stage_due(
                stage,
                (planning, rating, summary),
                rated.map(|t| t.date_naive()),
                filed.map(|t| t.date_naive()),
                settings.as_ref(),
            );
            let overdue = due.is_some_and(|d| crate::domain::evaluation::overdue(d, today));
            (id, stage, due, overdue)
        })
        .collect())
}

/// The deadline of the stage an evaluation is in.
pub fn stage_due(
    stage: Stage,
    cycle: (NaiveDate, NaiveDate, NaiveDate),
    rated_on: Option<NaiveDate>,
    appealed_on: Option<NaiveDate>,
    settings: Option<&MethodSettings>,
) -> Option<NaiveDate> {
    let (planning, rating, summary) = cycle;
    match stage {
        Stage::Planning | Stage::PlanConfirmation => Some(planning),
        Stage::SelfAssessment | Stage::Rating => Some(rating),
        Stage::Acknowledgement => rated_on
            .zip(settings)
            .map(|(d, s)| d + Duration::days(i64::from(s.acknowledge_days))),
        Stage::Finalization => Some(summary),
        Stage::Appealed => appealed_on
            .zip(settings)
            .map(|(d, s)| d + Duration::days(i64::from(s.appeal_decision_days))),
        Stage::Finalized | Stage::Exempt => None,
    }
}

fn to_row(r: EvalRecord, settings: Option<&MethodSettings>, today: NaiveDate) -> EvalRow {
    let stage = Stage::parse(&r.stage).unwrap_or(Stage::Planning);
    let due = stage_due(
        stage,
        (r.planning_due, r.rating_due, r.summary_due),
        r.rated_at.map(|t| t.date_naive()),
        r.filed_at.map(|t| t.date_naive()),
        settings,
    );
    let evaluator = match (
        r.evaluator_id,
        r.v_first_ka,
        r.v_last_ka,
        r.v_first_en,
        r.v_last_en,
    ) {
        (Some(id), Some(a), Some(b), Some(c), Some(d)) => Some(person(id, &a, &b, &c, &d)),
        _ => None,
    };
    EvalRow {
        id: r.id,
        cycle_id: r.cycle_id,
        period: crate::domain::evaluation::period_label(r.period_start, r.period_end),
        employee: person(
            r.employee_id,
            &r.e_first_ka,
            &r.e_last_ka,
            &r.e_first_en,
            &r.e_last_en,
        ),
        position: r
            .title_ka
            .zip(r.title_en)
            .map(|(ka, en)| Bilingual::new(ka, en)),
        unit: r
            .unit_ka
            .zip(r.unit_en)
            .map(|(ka, en)| Bilingual::new(ka, en)),
        evaluator,
        stage: r.stage,
        exempt_reason: r.exempt_reason,
        mark: r
            .final_mark
            .and_then(|m| m.parse().ok())
            .map(crate::domain::evaluation::display_mark),
        rating: r.rating,
        due,
        overdue: due.is_some_and(|d| crate::domain::evaluation::overdue(d, today)),
        reminded: r.reminded_at.map(|t| t.date_naive()),
    }
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
    pub stage: String,
    pub cycle_status: String,
    pub method_id: i64,
    pub settings_json: String,
    pub objectives: Option<String>,
    pub self_comment: Option<String>,
    pub summary_comment: Option<String>,
    pub plan_submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub plan_confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub self_submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub rated_at: Option<chrono::DateTime<chrono::Utc>>,
    pub acknowledged_at: Option<chrono::DateTime<chrono::Utc>>,
    pub objection: Option<String>,
    pub finalized_at: Option<chrono::DateTime<chrono::Utc>>,
    pub hr_note: Option<String>,
    pub result_id: Option<i64>,
    pub exempt_reason: Option<String>,
}

impl EvalState {
    pub fn stage(&self) -> Stage {
        Stage::parse(&self.stage).unwrap_or(Stage::Planning)
    }

    pub fn settings(&self) -> Result<MethodSettings, crate::error::AppError> {
        serde_json::from_str(&self.settings_json).map_err(crate::error::AppError::internal)
    }
}

pub async fn state(conn: &mut SqliteConnection, id: i64) -> Result<Option<EvalState>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, e.cycle_id, e.employee_id, e.evaluator_id, e.rank, e.stage,
                c.status AS cycle_status, c.method_id, m.settings_json, e.objectives,
                e.self_comment, e.summary_comment, e.plan_submitted_at, e.plan_confirmed_at,
                e.self_submitted_at, e.rated_at, e.acknowledged_at, e.objection, e.finalized_at,
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

#[derive(sqlx::FromRow)]
struct ResultRecord {
    version: i64,
    final_mark: String,
    rating: String,
    score_sum: i64,
    score_count: i64,
    created_at: chrono::DateTime<chrono::Utc>,
    appeal_id: Option<i64>,
    inputs_json: String,
}

pub async fn results(
    conn: &mut SqliteConnection,
    evaluation_id: i64,
) -> Result<Vec<ResultVersion>, sqlx::Error> {
    let rows: Vec<ResultRecord> = sqlx::query_as(
        "SELECT version, final_mark, rating, score_sum, score_count, created_at, appeal_id, inputs_json
         FROM evaluation_results WHERE evaluation_id = $1 ORDER BY version DESC",
    )
    .bind(evaluation_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ResultVersion {
            version: r.version,
            display: r
                .final_mark
                .parse()
                .map(crate::domain::evaluation::display_mark)
                .unwrap_or_default(),
            final_mark: r.final_mark,
            rating: r.rating,
            sum: r.score_sum,
            count: r.score_count,
            created_at: stamp(r.created_at),
            by_appeal: r.appeal_id.is_some(),
            inputs_json: r.inputs_json,
        })
        .collect())
}

/// A timestamp as shown: Georgian local time to the minute.
pub fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    (t + Duration::hours(4))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct AppealRecord {
    pub id: i64,
    pub filed_at: chrono::DateTime<chrono::Utc>,
    pub grounds: String,
    pub reviewer_user_id: Option<i64>,
    pub reviewer: Option<String>,
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
    pub decision: Option<String>,
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

/// A computed result to store (immutable).
pub struct NewResult {
    pub evaluation_id: i64,
    pub version: i64,
    pub final_mark: String,
    pub rating: &'static str,
    pub sum: i64,
    pub count: i64,
    pub method_id: i64,
    pub inputs_json: String,
    pub appeal_id: Option<i64>,
}

pub async fn insert_results(
    conn: &mut SqliteConnection,
    rows: &[NewResult],
    user_id: Option<i64>,
    at: chrono::DateTime<chrono::Utc>,
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
