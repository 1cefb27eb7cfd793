//! Evaluation rules with their transactions. Every step: load, check who may do it and that the
//! stage allows it (`domain::evaluation::next_stage`), validate, write, audit — in one
//! transaction. Reads of an evaluation are logged.
use super::repo::{self, EvalFilter, EvalState, NewEvaluation, NewResult};
use super::*;
use crate::domain::evaluation::{
    self as rules, final_mark, Exemption, MethodSettings, Rating, Stage, Step, Stint,
};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::Key;
use crate::org::service::{audit, required_date, required_text};
use crate::ssr::audit::{record, AuditEntry};
use crate::ssr::{state, Actor};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::{HashMap, HashSet};

/// Free text of a form (objectives, comments): required, at most 5,000 characters.
fn long_text(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, Key::ValidationRequired));
    }
    if value.chars().count() > 5_000 {
        return Err(AppError::invalid(field, Key::ValidationTooLong));
    }
    Ok(value.to_string())
}

fn optional_long_text(field: &str, value: &str) -> Result<Option<String>, AppError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        long_text(field, value).map(Some)
    }
}

// ---- Method -------------------------------------------------------------------------------

pub async fn method_page(db: &SqlitePool, version: Option<i64>) -> Result<MethodPage, AppError> {
    let mut conn = db.acquire().await?;
    let record = match version {
        Some(id) => repo::method(&mut conn, id).await?,
        None => repo::method_on(&mut conn, crate::org::today()).await?,
    }
    .ok_or(AppError::NotFound)?;
    let shown = MethodVersion {
        id: record.id,
        version: record.version,
        valid_from: record.valid_from,
        order_number: record.order_number.clone(),
        order_date: record.order_date,
        settings: record.settings().map_err(AppError::internal)?,
        sources: record.sources(),
        competencies: repo::competencies(&mut conn, record.id).await?,
        in_use: repo::method_in_use(&mut conn, record.id).await?,
    };
    Ok(MethodPage {
        versions: repo::method_versions(db).await?,
        shown,
    })
}

pub struct MethodForm {
    pub order_number: String,
    pub order_date: String,
    pub valid_from: String,
    /// "1-4" or "1-5".
    pub scale: String,
    /// excellent, good, satisfactory lower bounds.
    pub bands: [String; 3],
    /// min_service_months, periods_per_year, planning, rating, summary, acknowledge, appeal,
    /// appeal decision days.
    pub numbers: [String; 8],
    pub self_assessment: bool,
    pub comment_required_for_extremes: bool,
}

const NUMBER_FIELDS: [&str; 8] = [
    "min_service_months",
    "periods_per_year",
    "planning_days",
    "rating_days",
    "summary_days",
    "acknowledge_days",
    "appeal_days",
    "appeal_decision_days",
];

impl MethodForm {
    fn settings(&self) -> Result<MethodSettings, AppError> {
        let base = MethodSettings::default_1_4();
        let mut s = match self.scale.trim() {
            "1-4" => base,
            "1-5" => base.preset_1_5(),
            _ => return Err(AppError::invalid("scale", Key::ValidationChoice)),
        };
        let mut bands = Vec::new();
        for (field, text) in ["excellent", "good", "satisfactory"]
            .iter()
            .zip(&self.bands)
        {
            let value: rust_decimal::Decimal = text
                .trim()
                .replace(',', ".")
                .parse()
                .map_err(|_| AppError::invalid(field, Key::ValidationNumber))?;
            bands.push(value);
        }
        s.bands = rules::Bands {
            excellent: bands[0],
            good: bands[1],
            satisfactory: bands[2],
        };
        let mut numbers = [0u32; 8];
        for (i, (field, text)) in NUMBER_FIELDS.iter().zip(&self.numbers).enumerate() {
            numbers[i] = text
                .trim()
                .parse()
                .map_err(|_| AppError::invalid(field, Key::ValidationNumber))?;
        }
        let [msm, ppy, pd, rd, sd, ad, apd, add] = numbers;
        s.min_service_months = msm;
        s.periods_per_year = ppy;
        s.planning_days = pd;
        s.rating_days = rd;
        s.summary_days = sd;
        s.acknowledge_days = ad;
        s.appeal_days = apd;
        s.appeal_decision_days = add;
        s.self_assessment = self.self_assessment;
        s.comment_required_for_extremes = self.comment_required_for_extremes;
        if let Some((field, problem)) = s.problems().first() {
            let key = match problem {
                rules::MethodProblem::Scale => Key::EvalProblemScale,
                rules::MethodProblem::Bands => Key::EvalProblemBands,
                rules::MethodProblem::Range => Key::EvalProblemRange,
                rules::MethodProblem::Order => Key::EvalProblemOrder,
            };
            return Err(AppError::invalid(field, key));
        }
        Ok(s)
    }
}

pub async fn adopt_method(actor: &Actor, form: MethodForm) -> Result<i64, AppError> {
    let order_number = required_text("order_number", &form.order_number)?;
    let order_date = required_date("order_date", &form.order_date)?;
    let valid_from = required_date("valid_from", &form.valid_from)?;
    let settings = form.settings()?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let current = repo::method_on(&mut tx, valid_from)
        .await?
        .ok_or(AppError::NotFound)?;
    if valid_from <= current.valid_from {
        return Err(AppError::invalid("valid_from", Key::EvalMethodDateTooEarly));
    }
    let version: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_methods")
            .fetch_one(&mut *tx)
            .await?;
    let settings_json = serde_json::to_string(&settings).map_err(AppError::internal)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evaluation_methods (version, valid_from, order_number, order_date,
             settings_json, sources_json, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(version)
    .bind(valid_from)
    .bind(&order_number)
    .bind(order_date)
    .bind(&settings_json)
    .bind(&current.sources_json)
    .bind(actor.user.id)
    .bind(Utc::now())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO competencies (method_id, code, kind, ranks, name_ka, name_en, descriptor_ka,
             descriptor_en, sort_order)
         SELECT $1, code, kind, ranks, name_ka, name_en, descriptor_ka, descriptor_en, sort_order
         FROM competencies WHERE method_id = $2",
    )
    .bind(id)
    .bind(current.id)
    .execute(&mut *tx)
    .await?;
    // The adopting order goes into the registry as a main order, unless already there.
    if crate::orders::repo::find_in_year(&mut tx, &order_number, order_date)
        .await?
        .is_none()
    {
        crate::orders::repo::insert(
            &mut tx,
            actor,
            crate::orders::repo::NewOrder {
                number: &order_number,
                order_date,
                issuer: crate::orders::Issuer::Mayor,
                order_type: crate::orders::OrderType::Main,
                title: Key::EvalMethodOrderTitle.text(crate::i18n::Locale::Ka),
                effective_date: valid_from,
            },
        )
        .await?;
    }
    audit(
        &mut tx,
        actor,
        "evaluation_method.adopt",
        "evaluation_method",
        id,
        Some(json!({ "version": current.version, "settings": serde_json::from_str::<serde_json::Value>(&current.settings_json).unwrap_or_default() })),
        Some(json!({ "version": version, "valid_from": valid_from, "order": order_number, "settings": settings })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn editable_method(conn: &mut SqliteConnection, method_id: i64) -> Result<(), AppError> {
    repo::method(conn, method_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if repo::method_in_use(conn, method_id).await? {
        return Err(AppError::Conflict(Key::EvalMethodInUse));
    }
    Ok(())
}

pub async fn add_competency(
    actor: &Actor,
    method_id: i64,
    fields: [String; 7],
) -> Result<i64, AppError> {
    let [code, kind, ranks, name_ka, name_en, descriptor_ka, descriptor_en] = fields;
    let code = required_text("code", &code)?.to_uppercase();
    if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || code.len() > 30 {
        return Err(AppError::invalid("code", Key::EvalCompetencyCode));
    }
    let kind = rules::CompetencyKind::parse(kind.trim())
        .ok_or_else(|| AppError::invalid("kind", Key::ValidationChoice))?;
    let ranks: Vec<i64> = ranks
        .split(',')
        .map(|r| r.trim().parse::<i64>())
        .collect::<Result<_, _>>()
        .ok()
        .filter(|r: &Vec<i64>| !r.is_empty() && r.iter().all(|n| (1..=4).contains(n)))
        .ok_or_else(|| AppError::invalid("ranks", Key::EvalRanks))?;
    let ranks = ranks
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let name = crate::org::service::bilingual("name", &name_ka, &name_en)?;
    let descriptor_ka = long_text("descriptor_ka", &descriptor_ka)?;
    let descriptor_en = long_text("descriptor_en", &descriptor_en)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    editable_method(&mut tx, method_id).await?;
    let taken: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM competencies WHERE method_id = $1 AND code = $2")
            .bind(method_id)
            .bind(&code)
            .fetch_one(&mut *tx)
            .await?;
    if taken > 0 {
        return Err(AppError::invalid("code", Key::EvalCompetencyCodeTaken));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO competencies (method_id, code, kind, ranks, name_ka, name_en, descriptor_ka,
             descriptor_en, sort_order)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
             (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM competencies WHERE method_id = $1))
         RETURNING id",
    )
    .bind(method_id)
    .bind(&code)
    .bind(kind.code())
    .bind(&ranks)
    .bind(&name.ka)
    .bind(&name.en)
    .bind(&descriptor_ka)
    .bind(&descriptor_en)
    .fetch_one(&mut *tx)
    .await?;
    audit(
        &mut tx,
        actor,
        "competency.create",
        "competency",
        id,
        None,
        Some(json!({ "method_id": method_id, "code": code, "kind": kind.code(), "ranks": ranks, "name": name })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove_competency(actor: &Actor, id: i64) -> Result<i64, AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (method_id, code): (i64, String) =
        sqlx::query_as("SELECT method_id, code FROM competencies WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
    editable_method(&mut tx, method_id).await?;
    sqlx::query("DELETE FROM competencies WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        actor,
        "competency.delete",
        "competency",
        id,
        Some(json!({ "method_id": method_id, "code": code })),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(method_id)
}

// ---- Opening a cycle ----------------------------------------------------------------------

/// The population of a period: every officer who served in it, evaluated or exempt with the
/// reason (`rules::eligibility`), with the direct supervisor at the period's end as evaluator.
pub async fn population(
    db: &SqlitePool,
    start: NaiveDate,
    end: NaiveDate,
    settings: &MethodSettings,
    probation_months: u32,
) -> Result<Vec<NewEvaluation>, AppError> {
    let service = repo::officer_service(db, end).await?;
    let snapshot = crate::org::service::snapshot(db, end).await?;
    let mut by_employee: Vec<(i64, Vec<repo::ServiceRow>)> = Vec::new();
    for row in service {
        match by_employee.last_mut() {
            Some((id, rows)) if *id == row.employee_id => rows.push(row),
            _ => by_employee.push((row.employee_id, vec![row])),
        }
    }
    let mut out = Vec::new();
    for (employee_id, rows) in by_employee {
        let touches = rows
            .iter()
            .any(|r| r.start_date <= end && r.end_date.is_none_or(|e| e >= start));
        if !touches {
            continue;
        }
        let stints: Vec<Stint> = rows
            .iter()
            .map(|r| Stint {
                start: r.start_date,
                end: r.end_date,
            })
            .collect();
        let first = &rows[0];
        let exemption = match rules::eligibility(&stints, start, end, settings.min_service_months) {
            Err(e) => Some(e),
            Ok(())
                if rules::on_probation(
                    first.start_date,
                    first.basis == "competition",
                    end,
                    probation_months,
                ) =>
            {
                Some(Exemption::OnProbation)
            }
            Ok(()) => None,
        };
        // The position held at the period's end, else the last one held in it.
        let held = rows
            .iter()
            .rev()
            .find(|r| r.start_date <= end && r.end_date.is_none_or(|e| e >= end))
            .or_else(|| rows.last())
            .unwrap_or(first);
        let evaluator = if exemption.is_none() {
            snapshot.direct_supervisor(held.position_id)
        } else {
            None
        };
        out.push(NewEvaluation {
            employee_id,
            position_id: Some(held.position_id),
            unit_id: held.unit_id,
            rank: held.rank,
            evaluator_id: evaluator.filter(|e| *e != employee_id),
            stage: if exemption.is_some() {
                Stage::Exempt
            } else {
                Stage::Planning
            },
            exempt_reason: exemption.map(Exemption::code),
            hr_note: None,
        });
    }
    Ok(out)
}

/// Opens the cycle of `year`/`period_no` under the method in force at the period's start.
/// `actor` is None for the demo loader.
pub async fn open_cycle_as(
    db: &crate::ssr::Db,
    actor: Option<&Actor>,
    year: i32,
    period_no: u32,
    opened_at: chrono::DateTime<Utc>,
) -> Result<i64, AppError> {
    let mut conn = db.read.acquire().await?;
    let jan = NaiveDate::from_ymd_opt(year, 1, 1)
        .ok_or_else(|| AppError::invalid("year", Key::ValidationNumber))?;
    let method = repo::method_on(&mut conn, jan)
        .await?
        .ok_or(AppError::Conflict(Key::EvalNoMethod))?;
    let settings = method.settings().map_err(AppError::internal)?;
    let (start, end) = rules::period(year, period_no, settings.periods_per_year)
        .ok_or_else(|| AppError::invalid("period_no", Key::EvalPeriodInvalid))?;
    let probation_months = crate::rules::number(&mut conn, "probation.months", end).await?;
    drop(conn);
    let deadlines = rules::cycle_deadlines(start, end, &settings);
    let members = population(&db.read, start, end, &settings, probation_months).await?;
    let institution: i64 = sqlx::query_scalar("SELECT MIN(id) FROM institutions")
        .fetch_one(&db.read)
        .await?;
    let mut tx = db.write.begin().await?;
    let exists: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluation_cycles WHERE institution_id = $1 AND year = $2 AND period_no = $3",
    )
    .bind(institution)
    .bind(year)
    .bind(period_no)
    .fetch_one(&mut *tx)
    .await?;
    if exists > 0 {
        return Err(AppError::invalid("year", Key::EvalCycleExists));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO evaluation_cycles (institution_id, method_id, year, period_no, period_start,
             period_end, planning_due, rating_due, summary_due, status, opened_by, opened_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11) RETURNING id",
    )
    .bind(institution)
    .bind(method.id)
    .bind(year)
    .bind(period_no)
    .bind(start)
    .bind(end)
    .bind(deadlines.planning)
    .bind(deadlines.rating)
    .bind(deadlines.summary)
    .bind(actor.map(|a| a.user.id))
    .bind(opened_at)
    .fetch_one(&mut *tx)
    .await?;
    repo::insert_evaluations(&mut tx, id, &members).await?;
    let evaluated = members.iter().filter(|m| m.stage != Stage::Exempt).count();
    record(
        &mut tx,
        AuditEntry {
            actor_user_id: actor.map(|a| a.user.id),
            action: "evaluation_cycle.open",
            entity: "evaluation_cycle",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(json!({
                "year": year, "period_no": period_no, "period": [start, end],
                "method_version": method.version, "deadlines": deadlines,
                "evaluated": evaluated, "exempt": members.len() - evaluated,
            })),
            client_addr: actor.map(|a| a.client_addr.as_str()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn open_cycle(actor: &Actor, year: i32, period_no: u32) -> Result<i64, AppError> {
    open_cycle_as(&state()?.db, Some(actor), year, period_no, Utc::now()).await
}

pub async fn add_to_cycle(
    actor: &Actor,
    cycle_id: i64,
    personal_number: &str,
    reason: &str,
) -> Result<i64, AppError> {
    let reason = long_text("reason", reason)?;
    let db = state()?.db;
    let cycle = repo::cycles(&db.read, Some(cycle_id))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    if cycle.status != "open" {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let employee: i64 = sqlx::query_scalar("SELECT id FROM employees WHERE personal_number = $1")
        .bind(personal_number.trim())
        .fetch_optional(&db.read)
        .await?
        .ok_or_else(|| AppError::invalid("personal_number", Key::EvalPersonNotFound))?;
    // The position held at the period's end (or the latest), for reports and the evaluator.
    let held: Option<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, p.unit_id, p.rank FROM assignments a JOIN positions p ON p.id = a.position_id
         WHERE a.employee_id = $1 AND a.start_date <= $2 ORDER BY a.start_date DESC LIMIT 1",
    )
    .bind(employee)
    .bind(cycle.period_end)
    .fetch_optional(&db.read)
    .await?;
    let evaluator = match held {
        Some((position, _, _)) => crate::org::service::snapshot(&db.read, cycle.period_end)
            .await?
            .direct_supervisor(position)
            .filter(|e| *e != employee),
        None => None,
    };
    let mut tx = db.write.begin().await?;
    let already: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluations WHERE cycle_id = $1 AND employee_id = $2",
    )
    .bind(cycle_id)
    .bind(employee)
    .fetch_one(&mut *tx)
    .await?;
    if already > 0 {
        return Err(AppError::invalid(
            "personal_number",
            Key::EvalAlreadyInCycle,
        ));
    }
    repo::insert_evaluations(
        &mut tx,
        cycle_id,
        &[NewEvaluation {
            employee_id: employee,
            position_id: held.map(|h| h.0),
            unit_id: held.and_then(|h| h.1),
            rank: held.and_then(|h| h.2),
            evaluator_id: evaluator,
            stage: Stage::Planning,
            exempt_reason: None,
            hr_note: Some(reason.clone()),
        }],
    )
    .await?;
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM evaluations WHERE cycle_id = $1 AND employee_id = $2")
            .bind(cycle_id)
            .bind(employee)
            .fetch_one(&mut *tx)
            .await?;
    audit(
        &mut tx,
        actor,
        "evaluation.add",
        "evaluation",
        id,
        None,
        Some(json!({ "cycle_id": cycle_id, "employee_id": employee, "evaluator_id": evaluator, "reason": reason })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

// ---- Dashboard, lists, inbox --------------------------------------------------------------

async fn unit_names(db: &SqlitePool) -> Result<HashMap<i64, Bilingual>, AppError> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name_ka, name_en FROM org_units")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, ka, en)| (id, Bilingual::new(ka, en)))
        .collect())
}

fn outside_units() -> Bilingual {
    Bilingual::new(
        Key::EvalNoUnit.text(crate::i18n::Locale::Ka).to_string(),
        Key::EvalNoUnit.text(crate::i18n::Locale::En).to_string(),
    )
}

pub async fn dashboard(db: &SqlitePool, id: i64, today: NaiveDate) -> Result<Dashboard, AppError> {
    let cycle = repo::cycles(db, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let names = unit_names(db).await?;
    // Progress and results are grouped by service (a department counts with its service).
    let progress_rows: Vec<(Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT COALESCE(u.parent_id, u.id), e.stage, COUNT(*) FROM evaluations e
         LEFT JOIN org_units u ON u.id = e.unit_id WHERE e.cycle_id = $1 GROUP BY 1, 2",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut progress: HashMap<Option<i64>, UnitProgress> = HashMap::new();
    let mut stage_totals = vec![0; Stage::ALL.len()];
    for (unit, stage, n) in progress_rows {
        let entry = progress.entry(unit).or_insert_with(|| UnitProgress {
            unit: unit
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_else(outside_units),
            stages: vec![0; Stage::ALL.len()],
            total: 0,
        });
        if let Some(i) = Stage::ALL.iter().position(|s| s.code() == stage) {
            entry.stages[i] += n;
            stage_totals[i] += n;
        }
        entry.total += n;
    }
    let mut progress: Vec<UnitProgress> = progress.into_values().collect();
    progress.sort_by(|a, b| a.unit.ka.cmp(&b.unit.ka));

    let rating_rows: Vec<(Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT COALESCE(u.parent_id, u.id), r.rating, COUNT(*) FROM evaluations e
         JOIN evaluation_results r ON r.id = e.result_id
         LEFT JOIN org_units u ON u.id = e.unit_id WHERE e.cycle_id = $1 GROUP BY 1, 2",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut distribution: HashMap<Option<i64>, UnitDistribution> = HashMap::new();
    let mut rating_totals = vec![0; Rating::ALL.len()];
    for (unit, rating, n) in rating_rows {
        let entry = distribution
            .entry(unit)
            .or_insert_with(|| UnitDistribution {
                unit: unit
                    .and_then(|u| names.get(&u).cloned())
                    .unwrap_or_else(outside_units),
                ratings: vec![0; Rating::ALL.len()],
                total: 0,
            });
        if let Some(i) = Rating::ALL.iter().position(|r| r.code() == rating) {
            entry.ratings[i] += n;
            rating_totals[i] += n;
        }
        entry.total += n;
    }
    let mut distribution: Vec<UnitDistribution> = distribution.into_values().collect();
    distribution.sort_by(|a, b| a.unit.ka.cmp(&b.unit.ka));

    let pending = repo::pending_deadlines(db, id, today).await?;
    let ready_to_finalize = pending
        .iter()
        .filter(|(_, stage, _, overdue)| is_ready(*stage, *overdue))
        .count() as i64;
    let overdue_ids: Vec<i64> = pending
        .iter()
        .filter(|p| p.3)
        .map(|p| p.0)
        .take(100)
        .collect();
    let overdue = repo::rows(
        db,
        &EvalFilter {
            ids: Some(overdue_ids),
            ..Default::default()
        },
        None,
        today,
    )
    .await?;
    Ok(Dashboard {
        can_close: cycle.status == "open" && cycle.settled == cycle.total,
        cycle,
        progress,
        stage_totals,
        distribution,
        rating_totals,
        overdue,
        ready_to_finalize,
    })
}

/// Waiting for HR: answered, or unanswered after the acknowledgement window.
fn is_ready(stage: Stage, overdue: bool) -> bool {
    stage == Stage::Finalization || (stage == Stage::Acknowledgement && overdue)
}

pub async fn mine(
    db: &SqlitePool,
    actor: &Actor,
    today: NaiveDate,
) -> Result<MyEvaluationLists, AppError> {
    let Some(me) = actor.user.employee_id else {
        return Ok(MyEvaluationLists {
            to_review: reviews(db, actor, today).await?,
            ..Default::default()
        });
    };
    let mine = repo::rows(
        db,
        &EvalFilter {
            employee_id: Some(me),
            ..Default::default()
        },
        None,
        today,
    )
    .await?;
    let to_evaluate = repo::rows(
        db,
        &EvalFilter {
            evaluator_id: Some(me),
            open_cycles_only: true,
            ..Default::default()
        },
        None,
        today,
    )
    .await?;
    Ok(MyEvaluationLists {
        mine,
        to_evaluate,
        to_review: reviews(db, actor, today).await?,
    })
}

/// Appeals waiting for this user's decision: delegated to them, or to the mayor by default.
async fn reviews(
    db: &SqlitePool,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<EvalRow>, AppError> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT e.id FROM evaluations e JOIN evaluation_appeals a ON a.evaluation_id = e.id
         WHERE e.stage = 'appealed' AND a.decided_at IS NULL
           AND (a.reviewer_user_id = $1 OR (a.reviewer_user_id IS NULL AND $2))
           AND (e.evaluator_id IS NULL OR e.evaluator_id <> COALESCE($3, -1))",
    )
    .bind(actor.user.id)
    .bind(actor.has(Role::Mayor))
    .bind(actor.user.employee_id)
    .fetch_all(db)
    .await?;
    let mut out = Vec::new();
    for id in ids {
        out.extend(
            repo::rows(
                db,
                &EvalFilter {
                    id: Some(id),
                    ..Default::default()
                },
                None,
                today,
            )
            .await?,
        );
    }
    Ok(out)
}

pub async fn tasks(
    db: &SqlitePool,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<Task>, AppError> {
    let mut out = Vec::new();
    let task = |kind: &str, row: &EvalRow| Task {
        kind: kind.to_string(),
        person: Some(row.employee.clone()),
        period: row.period.clone(),
        count: 1,
        link: format!("/evaluations/{}", row.id),
        due: row.due,
        overdue: row.overdue,
        reminded: row.reminded,
    };
    if let Some(me) = actor.user.employee_id {
        let as_evaluator = repo::rows(
            db,
            &EvalFilter {
                evaluator_id: Some(me),
                pending: true,
                open_cycles_only: true,
                ..Default::default()
            },
            None,
            today,
        )
        .await?;
        for row in &as_evaluator {
            match Stage::parse(&row.stage) {
                Some(Stage::Planning) => out.push(task("plan", row)),
                Some(Stage::Rating) => out.push(task("rate", row)),
                _ => {}
            }
        }
        let own = repo::rows(
            db,
            &EvalFilter {
                employee_id: Some(me),
                pending: true,
                ..Default::default()
            },
            None,
            today,
        )
        .await?;
        for row in &own {
            match Stage::parse(&row.stage) {
                Some(Stage::PlanConfirmation) => out.push(task("confirm_plan", row)),
                Some(Stage::SelfAssessment) => out.push(task("self_assess", row)),
                Some(Stage::Acknowledgement) => out.push(task("answer", row)),
                _ => {}
            }
        }
    }
    for row in reviews(db, actor, today).await? {
        out.push(task("decide", &row));
    }
    if actor.has(Role::Hr) {
        for cycle in repo::cycles(db, None).await? {
            if cycle.status != "open" {
                continue;
            }
            let n = repo::pending_deadlines(db, cycle.id, today)
                .await?
                .iter()
                .filter(|(_, stage, _, overdue)| is_ready(*stage, *overdue))
                .count() as i64;
            if n > 0 {
                out.push(Task {
                    kind: "finalize".into(),
                    person: None,
                    period: cycle.label(),
                    count: n,
                    link: format!("/cycles/{}", cycle.id),
                    due: Some(cycle.summary_due),
                    overdue: rules::overdue(cycle.summary_due, today),
                    reminded: None,
                });
            }
        }
    }
    out.sort_by_key(|t| (!t.overdue, t.due));
    Ok(out)
}

// ---- One evaluation: reading --------------------------------------------------------------

/// How the actor relates to an evaluation.
struct Relation {
    officer: bool,
    evaluator: bool,
    hr: bool,
    mayor: bool,
    reviewer: bool,
}

impl Relation {
    fn of(actor: &Actor, st: &EvalState, appeal: Option<&repo::AppealRecord>) -> Self {
        let me = actor.user.employee_id;
        let evaluator = me.is_some() && me == st.evaluator_id;
        let reviewer = appeal.is_some_and(|a| match a.reviewer_user_id {
            Some(user) => user == actor.user.id,
            None => actor.has(Role::Mayor),
        }) && !evaluator;
        Relation {
            officer: me == Some(st.employee_id),
            evaluator,
            hr: actor.has(Role::Hr),
            mayor: actor.has(Role::Mayor),
            reviewer,
        }
    }

    /// Confidentiality: the officer, the evaluator, HR, the mayor and the appeal reviewer.
    fn may_read(&self) -> bool {
        self.officer || self.evaluator || self.hr || self.mayor || self.reviewer
    }
}

fn date_of(t: Option<chrono::DateTime<Utc>>) -> Option<NaiveDate> {
    t.map(|t| (t + Duration::hours(4)).date_naive())
}

fn capabilities(
    rel: &Relation,
    st: &EvalState,
    appeal: Option<&repo::AppealRecord>,
    settings: &MethodSettings,
    today: NaiveDate,
) -> Capabilities {
    let open = st.cycle_status == "open";
    let stage = st.stage();
    let ack_due =
        date_of(st.rated_at).map(|d| d + Duration::days(i64::from(settings.acknowledge_days)));
    Capabilities {
        plan: open && rel.evaluator && matches!(stage, Stage::Planning | Stage::PlanConfirmation),
        confirm_plan: open && rel.officer && stage == Stage::PlanConfirmation,
        self_assess: open && rel.officer && stage == Stage::SelfAssessment,
        rate: open && rel.evaluator && stage == Stage::Rating,
        answer: open && rel.officer && stage == Stage::Acknowledgement,
        finalize: open
            && rel.hr
            && (stage == Stage::Finalization
                || (stage == Stage::Acknowledgement
                    && ack_due.is_some_and(|d| rules::overdue(d, today)))),
        appeal: rel.officer
            && stage == Stage::Finalized
            && appeal.is_none()
            && appeal_due(st, settings).is_some_and(|d| !rules::overdue(d, today)),
        decide: rel.reviewer && stage == Stage::Appealed,
        manage: rel.hr && (open || stage == Stage::Appealed),
    }
}

fn appeal_due(st: &EvalState, settings: &MethodSettings) -> Option<NaiveDate> {
    date_of(st.finalized_at).map(|d| d + Duration::days(i64::from(settings.appeal_days)))
}

pub async fn read(actor: &Actor, id: i64, today: NaiveDate) -> Result<EvaluationDetail, AppError> {
    let db = state()?.db;
    let mut conn = db.read.acquire().await?;
    let st = repo::state(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let appeal = repo::appeal(&mut conn, id).await?;
    let rel = Relation::of(actor, &st, appeal.as_ref());
    if !rel.may_read() {
        return Err(AppError::Forbidden);
    }
    let settings = st.settings()?;
    let stage = st.stage();
    let catalogue = repo::competencies(&mut conn, st.method_id).await?;
    let stored = repo::scores(&mut conn, id).await?;
    let chosen: Vec<i64> = if stored.is_empty() {
        catalogue
            .iter()
            .filter(|c| rules::applies_to_rank(&c.ranks, st.rank))
            .map(|c| c.id)
            .collect()
    } else {
        stored.iter().map(|s| s.competency_id).collect()
    };
    let planning = matches!(stage, Stage::Planning | Stage::PlanConfirmation);
    // The officer does not see the evaluator's scores before they are submitted.
    let scores_visible = !matches!(stage, Stage::Rating) || !rel.officer || rel.evaluator;
    let lines: Vec<ScoreLine> = catalogue
        .iter()
        .filter(|c| planning || chosen.contains(&c.id))
        .map(|c| {
            let s = stored.iter().find(|s| s.competency_id == c.id);
            ScoreLine {
                competency: c.clone(),
                self_score: s.and_then(|s| s.self_score),
                score: s.and_then(|s| s.score).filter(|_| scores_visible),
                comment: s.and_then(|s| s.comment.clone()).filter(|_| scores_visible),
            }
        })
        .collect();
    let results = repo::results(&mut conn, id).await?;
    let can = capabilities(&rel, &st, appeal.as_ref(), &settings, today);
    let row = repo::rows(
        &db.read,
        &EvalFilter {
            id: Some(id),
            ..Default::default()
        },
        None,
        today,
    )
    .await?
    .into_iter()
    .next()
    .ok_or(AppError::NotFound)?;
    let cycle = repo::cycles(&db.read, Some(st.cycle_id))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    drop(conn);
    // Confidential: the read itself is recorded.
    let mut tx = db.write.begin().await?;
    audit(
        &mut tx,
        actor,
        "evaluation.read",
        "evaluation",
        id,
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    let stamp = |t: Option<chrono::DateTime<Utc>>| t.map(repo::stamp);
    Ok(EvaluationDetail {
        row,
        cycle,
        rank: st.rank,
        lines,
        chosen,
        objectives: st.objectives.clone(),
        self_comment: st.self_comment.clone(),
        summary_comment: st.summary_comment.clone().filter(|_| scores_visible),
        plan_submitted_at: stamp(st.plan_submitted_at),
        plan_confirmed_at: stamp(st.plan_confirmed_at),
        self_submitted_at: stamp(st.self_submitted_at),
        rated_at: stamp(st.rated_at),
        acknowledged_at: stamp(st.acknowledged_at),
        objection: st.objection.clone(),
        finalized_at: stamp(st.finalized_at),
        hr_note: st.hr_note.clone(),
        results,
        appeal: appeal.map(|a| AppealView {
            decision_due: a.filed_at.date_naive()
                + Duration::days(i64::from(settings.appeal_decision_days)),
            filed_at: repo::stamp(a.filed_at),
            grounds: a.grounds,
            reviewer: a.reviewer,
            decided_at: a.decided_at.map(repo::stamp),
            decision: a.decision,
            reasoning: a.reasoning,
        }),
        acknowledge_due: date_of(st.rated_at)
            .map(|d| d + Duration::days(i64::from(settings.acknowledge_days))),
        appeal_due: appeal_due(&st, &settings),
        settings,
        can,
    })
}

// ---- One evaluation: steps ----------------------------------------------------------------

/// Loads the evaluation inside the transaction and checks the step: the actor's relation
/// (`allowed`), the cycle being open (except for appeals) and the stage machine.
async fn begin_step(
    conn: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
    step: Step,
    allowed: impl Fn(&Relation) -> bool,
) -> Result<(EvalState, MethodSettings, Stage), AppError> {
    let st = repo::state(conn, id).await?.ok_or(AppError::NotFound)?;
    let appeal = repo::appeal(conn, id).await?;
    let rel = Relation::of(actor, &st, appeal.as_ref());
    if !rel.may_read() {
        return Err(AppError::NotFound);
    }
    if !allowed(&rel) {
        return Err(AppError::Forbidden);
    }
    if st.cycle_status != "open" && !matches!(step, Step::Appeal | Step::DecideAppeal) {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let settings = st.settings()?;
    let next = rules::next_stage(st.stage(), step, settings.self_assessment)
        .ok_or(AppError::Conflict(Key::EvalWrongStage))?;
    Ok((st, settings, next))
}

async fn set_stage(
    conn: &mut SqliteConnection,
    id: i64,
    stage: Stage,
    column: Option<&str>,
) -> Result<(), sqlx::Error> {
    let sql = match column {
        Some(c) => {
            format!("UPDATE evaluations SET stage = $1, updated_at = $2, {c} = $2 WHERE id = $3")
        }
        None => "UPDATE evaluations SET stage = $1, updated_at = $2 WHERE id = $3".to_string(),
    };
    sqlx::query(&sql)
        .bind(stage.code())
        .bind(Utc::now())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn submit_plan(
    actor: &Actor,
    id: i64,
    objectives: &str,
    chosen: &[i64],
) -> Result<(), AppError> {
    let objectives = long_text("objectives", objectives)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, _, next) = begin_step(&mut tx, actor, id, Step::SubmitPlan, |r| r.evaluator).await?;
    let catalogue: HashSet<i64> = repo::competencies(&mut tx, st.method_id)
        .await?
        .iter()
        .map(|c| c.id)
        .collect();
    let chosen: Vec<i64> = chosen
        .iter()
        .copied()
        .filter(|c| catalogue.contains(c))
        .collect();
    if chosen.is_empty() {
        return Err(AppError::invalid("chosen", Key::EvalChooseCompetency));
    }
    sqlx::query("DELETE FROM evaluation_scores WHERE evaluation_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for competency in &chosen {
        sqlx::query("INSERT INTO evaluation_scores (evaluation_id, competency_id) VALUES ($1, $2)")
            .bind(id)
            .bind(competency)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE evaluations SET objectives = $1 WHERE id = $2")
        .bind(&objectives)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    set_stage(&mut tx, id, next, Some("plan_submitted_at")).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.plan",
        "evaluation",
        id,
        Some(json!({ "stage": st.stage, "objectives": st.objectives })),
        Some(json!({ "stage": next.code(), "objectives": objectives, "competencies": chosen })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn confirm_plan(actor: &Actor, id: i64) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, _, next) = begin_step(&mut tx, actor, id, Step::ConfirmPlan, |r| r.officer).await?;
    set_stage(&mut tx, id, next, Some("plan_confirmed_at")).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.confirm_plan",
        "evaluation",
        id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Parses `scores[<competency id>]` for exactly the planned competencies.
fn parse_scores(
    planned: &[repo::ScoreRecord],
    input: &HashMap<String, String>,
    settings: &MethodSettings,
) -> Result<Vec<(i64, u8)>, AppError> {
    let mut out = Vec::new();
    for line in planned {
        let text = input
            .get(&line.competency_id.to_string())
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| AppError::invalid("scores", Key::EvalScoreMissing))?;
        let score: u8 = text
            .parse()
            .ok()
            .filter(|s| settings.scale().contains(s))
            .ok_or_else(|| AppError::invalid("scores", Key::EvalScoreOutOfScale))?;
        out.push((line.competency_id, score));
    }
    if out.is_empty() {
        return Err(AppError::invalid("scores", Key::EvalScoreMissing));
    }
    Ok(out)
}

pub async fn submit_self(
    actor: &Actor,
    id: i64,
    input: &HashMap<String, String>,
    comment: &str,
) -> Result<(), AppError> {
    let comment = optional_long_text("comment", comment)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, settings, next) = begin_step(&mut tx, actor, id, Step::SubmitSelfAssessment, |r| {
        r.officer
    })
    .await?;
    let planned = repo::scores(&mut tx, id).await?;
    let scores = parse_scores(&planned, input, &settings)?;
    for (competency, score) in &scores {
        sqlx::query("UPDATE evaluation_scores SET self_score = $1 WHERE evaluation_id = $2 AND competency_id = $3")
            .bind(i64::from(*score))
            .bind(id)
            .bind(competency)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE evaluations SET self_comment = $1 WHERE id = $2")
        .bind(&comment)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    set_stage(&mut tx, id, next, Some("self_submitted_at")).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.self_assessment",
        "evaluation",
        id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "self_scores": scores, "comment": comment })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn submit_rating(
    actor: &Actor,
    id: i64,
    input: &HashMap<String, String>,
    comments: &HashMap<String, String>,
    summary_comment: &str,
) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, settings, next) =
        begin_step(&mut tx, actor, id, Step::SubmitRating, |r| r.evaluator).await?;
    let planned = repo::scores(&mut tx, id).await?;
    let scores = parse_scores(&planned, input, &settings)?;
    let mut lines = Vec::new();
    for (competency, score) in &scores {
        let comment = comments
            .get(&competency.to_string())
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        if comment.as_ref().is_some_and(|c| c.chars().count() > 5_000) {
            return Err(AppError::invalid("comments", Key::ValidationTooLong));
        }
        let extreme = *score == settings.scale_min || *score == settings.scale_max;
        if settings.comment_required_for_extremes && extreme && comment.is_none() {
            return Err(AppError::invalid("comments", Key::EvalCommentRequired));
        }
        lines.push((*competency, *score, comment));
    }
    let summary_comment = long_text("summary_comment", summary_comment)?;
    let values: Vec<u8> = lines.iter().map(|l| l.1).collect();
    let mark = final_mark(&values, &settings)
        .map_err(|_| AppError::invalid("scores", Key::EvalScoreMissing))?;
    for (competency, score, comment) in &lines {
        sqlx::query("UPDATE evaluation_scores SET score = $1, comment = $2 WHERE evaluation_id = $3 AND competency_id = $4")
            .bind(i64::from(*score))
            .bind(comment)
            .bind(id)
            .bind(competency)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE evaluations SET summary_comment = $1 WHERE id = $2")
        .bind(&summary_comment)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    set_stage(&mut tx, id, next, Some("rated_at")).await?;
    audit(&mut tx, actor, "evaluation.rate", "evaluation", id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "scores": lines, "mean": mark.mean, "rating": mark.rating.code(), "summary_comment": summary_comment }))).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn answer(actor: &Actor, id: i64, answer: &str, objection: &str) -> Result<(), AppError> {
    let (step, objection) = match answer.trim() {
        "acknowledge" => (Step::Acknowledge, None),
        "object" => (Step::Object, Some(long_text("objection", objection)?)),
        _ => return Err(AppError::invalid("answer", Key::ValidationChoice)),
    };
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, _, next) = begin_step(&mut tx, actor, id, step, |r| r.officer).await?;
    sqlx::query("UPDATE evaluations SET objection = $1 WHERE id = $2")
        .bind(&objection)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    set_stage(&mut tx, id, next, Some("acknowledged_at")).await?;
    audit(
        &mut tx,
        actor,
        if objection.is_some() {
            "evaluation.object"
        } else {
            "evaluation.acknowledge"
        },
        "evaluation",
        id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "objection": objection })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The result of one evaluation from its stored scores, with the inputs that make it
/// re-verifiable: scores by competency code, scale, bands, method version and the rule.
pub fn compute_result<C: AsRef<str>>(
    evaluation_id: i64,
    scores: &[(C, i64)],
    settings: &MethodSettings,
    method: (i64, i64),
    version: i64,
    appeal_id: Option<i64>,
) -> Result<NewResult, AppError> {
    let values: Vec<u8> = scores
        .iter()
        .map(|(_, s)| u8::try_from(*s).unwrap_or(0))
        .collect();
    let mark =
        final_mark(&values, settings).map_err(|_| AppError::Conflict(Key::EvalScoreMissing))?;
    let inputs = ResultInputs {
        scores: scores.iter().map(|(code, s)| (code.as_ref(), *s)).collect(),
        sum: mark.sum,
        count: mark.count,
        mean: mark.mean,
        scale: [settings.scale_min, settings.scale_max],
        bands: &settings.bands,
        method_id: method.0,
        method_version: method.1,
        rule: rules::FINAL_MARK_RULE,
    };
    Ok(NewResult {
        evaluation_id,
        version,
        final_mark: mark.mean.to_string(),
        rating: mark.rating.code(),
        sum: i64::from(mark.sum),
        count: i64::from(mark.count),
        method_id: method.0,
        inputs_json: serde_json::to_string(&inputs).map_err(AppError::internal)?,
        appeal_id,
    })
}

/// What is stored with every result so it can be re-verified: the scores by competency code,
/// the sum, count and mean, the scale, the bands, the method version and the rule.
#[derive(serde::Serialize)]
struct ResultInputs<'a> {
    scores: Vec<(&'a str, i64)>,
    sum: u32,
    count: u32,
    mean: rust_decimal::Decimal,
    scale: [u8; 2],
    bands: &'a rules::Bands,
    method_id: i64,
    method_version: i64,
    rule: &'static str,
}

async fn method_version(conn: &mut SqliteConnection, method_id: i64) -> Result<i64, AppError> {
    Ok(repo::method(conn, method_id)
        .await?
        .ok_or(AppError::NotFound)?
        .version)
}

pub async fn finalize_one(actor: &Actor, id: i64, today: NaiveDate) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let st = repo::state(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let settings = st.settings()?;
    let step = if st.stage() == Stage::Acknowledgement {
        let due =
            date_of(st.rated_at).map(|d| d + Duration::days(i64::from(settings.acknowledge_days)));
        if !due.is_some_and(|d| rules::overdue(d, today)) {
            return Err(AppError::Conflict(Key::EvalAwaitingAnswer));
        }
        Step::FinalizeUnacknowledged
    } else {
        Step::Finalize
    };
    let (st, settings, next) = begin_step(&mut tx, actor, id, step, |r| r.hr).await?;
    let scores: Vec<(String, i64)> = repo::scores(&mut tx, id)
        .await?
        .into_iter()
        .filter_map(|s| s.score.map(|v| (s.code, v)))
        .collect();
    let version = method_version(&mut tx, st.method_id).await?;
    let result = compute_result(id, &scores, &settings, (st.method_id, version), 1, None)?;
    let now = Utc::now();
    repo::insert_results(
        &mut tx,
        std::slice::from_ref(&result),
        Some(actor.user.id),
        now,
    )
    .await?;
    sqlx::query(
        "UPDATE evaluations SET stage = $1, finalized_at = $2, finalized_by = $3, updated_at = $2,
             result_id = (SELECT id FROM evaluation_results WHERE evaluation_id = $4 AND version = 1)
         WHERE id = $4",
    )
    .bind(next.code())
    .bind(now)
    .bind(actor.user.id)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    audit(&mut tx, actor, "evaluation.finalize", "evaluation", id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "final_mark": result.final_mark, "rating": result.rating, "unanswered": step == Step::FinalizeUnacknowledged }))).await?;
    tx.commit().await?;
    Ok(())
}

/// Finalizes every evaluation of the cycle that is ready, in one transaction with one audit
/// row each. Built for 50,000 officers: one read of the scores, multi-row writes.
pub async fn finalize_ready(
    actor: &Actor,
    cycle_id: i64,
    today: NaiveDate,
) -> Result<u64, AppError> {
    finalize_ready_as(&state()?.db, Some(actor), cycle_id, today, Utc::now()).await
}

pub async fn finalize_ready_as(
    db: &crate::ssr::Db,
    actor: Option<&Actor>,
    cycle_id: i64,
    today: NaiveDate,
    now: chrono::DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut tx = db.write.begin().await?;
    let (status, method_id, settings_json): (String, i64, String) = sqlx::query_as(
        "SELECT c.status, c.method_id, m.settings_json FROM evaluation_cycles c
         JOIN evaluation_methods m ON m.id = c.method_id WHERE c.id = $1",
    )
    .bind(cycle_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if status != "open" {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let settings: MethodSettings =
        serde_json::from_str(&settings_json).map_err(AppError::internal)?;
    let version = method_version(&mut tx, method_id).await?;
    // Unanswered past the window: rated before today − acknowledge_days.
    let window_start = today - Duration::days(i64::from(settings.acknowledge_days));
    let cutoff = chrono::NaiveDateTime::from(window_start) - Duration::hours(4);
    // Competencies once; then one row per ready evaluation with its scores concatenated
    // ("competency:score,…"), 7× fewer rows than reading the scores one by one.
    let catalogue: HashMap<i64, (i64, String)> = sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT id, sort_order, code FROM competencies WHERE method_id = $1",
    )
    .bind(method_id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(id, order, code)| (id, (order, code)))
    .collect();
    let ready_rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT e.id, e.stage, group_concat(s.competency_id || ':' || s.score, ',')
         FROM evaluations e JOIN evaluation_scores s ON s.evaluation_id = e.id
         WHERE e.cycle_id = $1 AND s.score IS NOT NULL
           AND (e.stage = 'finalization' OR (e.stage = 'acknowledgement' AND e.rated_at < $2))
         GROUP BY e.id, e.stage",
    )
    .bind(cycle_id)
    .bind(cutoff.and_utc())
    .fetch_all(&mut *tx)
    .await?;
    if ready_rows.is_empty() {
        return Ok(0);
    }
    let mut ready: HashMap<i64, String> = HashMap::with_capacity(ready_rows.len());
    let mut results = Vec::with_capacity(ready_rows.len());
    for (id, stage, packed) in ready_rows {
        let mut own: Vec<(i64, &str, i64)> = packed
            .split(',')
            .filter_map(|pair| {
                let (competency, score) = pair.split_once(':')?;
                let (order, code) = catalogue.get(&competency.parse::<i64>().ok()?)?;
                Some((*order, code.as_str(), score.parse().ok()?))
            })
            .collect();
        own.sort_unstable();
        let by_code: Vec<(&str, i64)> =
            own.iter().map(|(_, code, score)| (*code, *score)).collect();
        results.push(compute_result(
            id,
            &by_code,
            &settings,
            (method_id, version),
            1,
            None,
        )?);
        ready.insert(id, stage);
    }
    results.sort_by_key(|r| r.evaluation_id);
    let user = actor.map(|a| a.user.id);
    repo::insert_results(&mut tx, &results, user, now).await?;
    // Exactly the evaluations that got a result now.
    let updated = sqlx::query(
        "UPDATE evaluations SET stage = 'finalized', finalized_at = $1, finalized_by = $2,
             updated_at = $1, result_id = r.id
         FROM evaluation_results r
         WHERE r.evaluation_id = evaluations.id AND r.version = 1 AND r.created_at = $1
           AND evaluations.cycle_id = $3 AND evaluations.result_id IS NULL
           AND evaluations.stage IN ('finalization', 'acknowledgement')",
    )
    .bind(now)
    .bind(user)
    .bind(cycle_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let entries: Vec<(String, serde_json::Value)> = results
        .iter()
        .map(|r| {
            (
                r.evaluation_id.to_string(),
                json!({ "stage": "finalized", "final_mark": r.final_mark, "rating": r.rating,
                        "unanswered": ready.get(&r.evaluation_id).is_some_and(|s| s == "acknowledgement") }),
            )
        })
        .collect();
    crate::ssr::audit::record_many(
        &mut tx,
        user,
        actor.map(|a| a.client_addr.as_str()),
        "evaluation.finalize",
        "evaluation",
        &entries,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(updated)
}

pub async fn remind_overdue(
    actor: &Actor,
    cycle_id: i64,
    today: NaiveDate,
) -> Result<u64, AppError> {
    let db = state()?.db;
    let cycle = repo::cycles(&db.read, Some(cycle_id))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    if cycle.status != "open" {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let overdue: Vec<i64> = repo::pending_deadlines(&db.read, cycle_id, today)
        .await?
        .into_iter()
        .filter(|p| p.3)
        .map(|p| p.0)
        .collect();
    let now = Utc::now();
    let mut tx = db.write.begin().await?;
    for chunk in overdue.chunks(5_000) {
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO evaluation_reminders (evaluation_id, sent_by, sent_at) ",
        );
        q.push_values(chunk, |mut b, id| {
            b.push_bind(*id).push_bind(actor.user.id).push_bind(now);
        });
        q.build().execute(&mut *tx).await?;
    }
    audit(
        &mut tx,
        actor,
        "evaluation_cycle.remind",
        "evaluation_cycle",
        cycle_id,
        None,
        Some(json!({ "reminded": overdue.len() })),
    )
    .await?;
    tx.commit().await?;
    Ok(overdue.len() as u64)
}

pub async fn close_cycle(actor: &Actor, cycle_id: i64) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let status: String = sqlx::query_scalar("SELECT status FROM evaluation_cycles WHERE id = $1")
        .bind(cycle_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    if status != "open" {
        return Err(AppError::Conflict(Key::EvalCycleClosed));
    }
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM evaluations WHERE cycle_id = $1 AND stage NOT IN ('finalized', 'exempt')",
    )
    .bind(cycle_id)
    .fetch_one(&mut *tx)
    .await?;
    if pending > 0 {
        return Err(AppError::Conflict(Key::EvalCyclePending));
    }
    sqlx::query("UPDATE evaluation_cycles SET status = 'closed', closed_by = $1, closed_at = $2 WHERE id = $3")
        .bind(actor.user.id)
        .bind(Utc::now())
        .bind(cycle_id)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        actor,
        "evaluation_cycle.close",
        "evaluation_cycle",
        cycle_id,
        Some(json!({ "status": "open" })),
        Some(json!({ "status": "closed" })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn appeal(
    actor: &Actor,
    id: i64,
    grounds: &str,
    today: NaiveDate,
) -> Result<(), AppError> {
    let grounds = long_text("grounds", grounds)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, settings, next) = begin_step(&mut tx, actor, id, Step::Appeal, |r| r.officer).await?;
    if repo::appeal(&mut tx, id).await?.is_some() {
        return Err(AppError::Conflict(Key::EvalAlreadyAppealed));
    }
    if !appeal_due(&st, &settings).is_some_and(|d| !rules::overdue(d, today)) {
        return Err(AppError::Conflict(Key::EvalAppealWindowClosed));
    }
    let appeal_id: i64 = sqlx::query_scalar(
        "INSERT INTO evaluation_appeals (evaluation_id, filed_at, grounds) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(id)
    .bind(Utc::now())
    .bind(&grounds)
    .fetch_one(&mut *tx)
    .await?;
    set_stage(&mut tx, id, next, None).await?;
    audit(
        &mut tx,
        actor,
        "evaluation.appeal",
        "evaluation",
        id,
        Some(json!({ "stage": st.stage })),
        Some(json!({ "stage": next.code(), "appeal_id": appeal_id, "grounds": grounds })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn decide(
    actor: &Actor,
    id: i64,
    decision: &str,
    reasoning: &str,
    input: &HashMap<String, String>,
) -> Result<(), AppError> {
    let changed = match decision.trim() {
        "upheld" => false,
        "changed" => true,
        _ => return Err(AppError::invalid("decision", Key::ValidationChoice)),
    };
    let reasoning = long_text("reasoning", reasoning)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let (st, settings, next) =
        begin_step(&mut tx, actor, id, Step::DecideAppeal, |r| r.reviewer).await?;
    let appeal = repo::appeal(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let mut new_result = None;
    if changed {
        let planned = repo::scores(&mut tx, id).await?;
        let scores = parse_scores(&planned, input, &settings)?;
        let codes: HashMap<i64, String> = planned
            .iter()
            .map(|p| (p.competency_id, p.code.clone()))
            .collect();
        let by_code: Vec<(String, i64)> = scores
            .iter()
            .map(|(c, s)| (codes.get(c).cloned().unwrap_or_default(), i64::from(*s)))
            .collect();
        let version: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_results WHERE evaluation_id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let method = method_version(&mut tx, st.method_id).await?;
        let result = compute_result(
            id,
            &by_code,
            &settings,
            (st.method_id, method),
            version,
            Some(appeal.id),
        )?;
        repo::insert_results(
            &mut tx,
            std::slice::from_ref(&result),
            Some(actor.user.id),
            now,
        )
        .await?;
        sqlx::query(
            "UPDATE evaluations SET result_id = (SELECT id FROM evaluation_results
                 WHERE evaluation_id = $1 AND version = $2) WHERE id = $1",
        )
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        new_result = Some(result);
    }
    sqlx::query(
        "UPDATE evaluation_appeals SET decided_at = $1, decision = $2, reasoning = $3, decided_by = $4 WHERE id = $5",
    )
    .bind(now)
    .bind(if changed { "changed" } else { "upheld" })
    .bind(&reasoning)
    .bind(actor.user.id)
    .bind(appeal.id)
    .execute(&mut *tx)
    .await?;
    set_stage(&mut tx, id, next, None).await?;
    audit(&mut tx, actor, "evaluation.appeal_decided", "evaluation", id,
        Some(json!({ "stage": st.stage, "result_id": st.result_id })),
        Some(json!({ "stage": next.code(), "decision": if changed { "changed" } else { "upheld" }, "reasoning": reasoning,
                     "final_mark": new_result.as_ref().map(|r| r.final_mark.clone()),
                     "rating": new_result.as_ref().map(|r| r.rating) }))).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn manage(
    actor: &Actor,
    id: i64,
    action: &str,
    reason: &str,
    person: &str,
) -> Result<(), AppError> {
    let reason = long_text("reason", reason)?;
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let st = repo::state(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let before = json!({ "stage": st.stage, "evaluator_id": st.evaluator_id, "exempt_reason": st.exempt_reason });
    let after = match action.trim() {
        "exempt" | "include" => {
            let step = if action.trim() == "exempt" {
                Step::Exempt
            } else {
                Step::Include
            };
            let (_, _, next) = begin_step(&mut tx, actor, id, step, |r| r.hr).await?;
            let exempt_reason = (next == Stage::Exempt).then_some(Exemption::ByHr.code());
            sqlx::query("UPDATE evaluations SET exempt_reason = $1, hr_note = $2 WHERE id = $3")
                .bind(exempt_reason)
                .bind(&reason)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            set_stage(&mut tx, id, next, None).await?;
            json!({ "stage": next.code(), "exempt_reason": exempt_reason, "reason": reason })
        }
        "reassign" => {
            if st.cycle_status != "open" || st.stage().is_final() || st.stage() == Stage::Exempt {
                return Err(AppError::Conflict(Key::EvalWrongStage));
            }
            let evaluator: i64 =
                sqlx::query_scalar("SELECT id FROM employees WHERE personal_number = $1")
                    .bind(person.trim())
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| AppError::invalid("person", Key::EvalPersonNotFound))?;
            if evaluator == st.employee_id {
                return Err(AppError::invalid("person", Key::EvalSelfEvaluator));
            }
            sqlx::query("UPDATE evaluations SET evaluator_id = $1, hr_note = $2, updated_at = $3 WHERE id = $4")
                .bind(evaluator)
                .bind(&reason)
                .bind(Utc::now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            json!({ "evaluator_id": evaluator, "reason": reason })
        }
        "delegate" => {
            if st.stage() != Stage::Appealed {
                return Err(AppError::Conflict(Key::EvalWrongStage));
            }
            let (user, employee): (i64, Option<i64>) = sqlx::query_as(
                "SELECT id, employee_id FROM users WHERE username = $1 AND is_active = 1",
            )
            .bind(person.trim())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| AppError::invalid("person", Key::EvalReviewerInvalid))?;
            if employee.is_some()
                && (employee == st.evaluator_id || employee == Some(st.employee_id))
            {
                return Err(AppError::invalid("person", Key::EvalReviewerInvalid));
            }
            sqlx::query(
                "UPDATE evaluation_appeals SET reviewer_user_id = $1 WHERE evaluation_id = $2",
            )
            .bind(user)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            json!({ "reviewer_user_id": user, "reason": reason })
        }
        _ => return Err(AppError::invalid("action", Key::ValidationChoice)),
    };
    audit(
        &mut tx,
        actor,
        &format!("evaluation.{}", action.trim()),
        "evaluation",
        id,
        Some(before),
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
