//! Organisation rules with their transactions: each change validates, writes and audits in one
//! transaction; reads assemble the structure on a date.
use super::repo;
use super::{Bilingual, EmploymentType, OrgTree, StaffRow, UnitStaff, UnitSummary, Vacancy};
use crate::domain::csv_import::parse_date;
use crate::domain::structure::{units_as_of, OrgSnapshot, UnitBefore, UnitRow};
use crate::error::AppError;
use crate::i18n::Key;
use crate::orders::{repo as orders, Issuer, OrderType};
use crate::ssr::audit::{record, AuditEntry};
use crate::ssr::scope::PeopleScope;
use crate::ssr::{state, Actor};
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::{SqliteConnection, SqlitePool};

// ---- Input checks shared by the forms -----------------------------------------------------

pub fn required_text(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, Key::ValidationRequired));
    }
    if value.chars().count() > 500 {
        return Err(AppError::invalid(field, Key::ValidationTooLong));
    }
    Ok(value.to_string())
}

/// Ending or removing something needs the confirmation box ticked.
pub fn confirmed(confirm: &Option<String>) -> Result<(), AppError> {
    match confirm.as_deref() {
        Some("yes") | Some("on") | Some("true") => Ok(()),
        _ => Err(AppError::invalid("confirm", Key::ValidationConfirm)),
    }
}

pub fn required_date(field: &str, value: &str) -> Result<NaiveDate, AppError> {
    if value.trim().is_empty() {
        return Err(AppError::invalid(field, Key::ValidationRequired));
    }
    parse_date(value).ok_or_else(|| AppError::invalid(field, Key::ValidationDate))
}

pub fn optional_date(field: &str, value: &str) -> Result<Option<NaiveDate>, AppError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        required_date(field, value).map(Some)
    }
}

pub fn optional_id(field: &str, value: &str) -> Result<Option<i64>, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse::<i64>()
        .map(Some)
        .map_err(|_| AppError::invalid(field, Key::ValidationChoice))
}

/// Both language versions are required: the Georgian one for documents, the English one for
/// the English interface.
pub fn bilingual(field: &str, ka: &str, en: &str) -> Result<Bilingual, AppError> {
    Ok(Bilingual {
        ka: required_text(&format!("{field}_ka"), ka)?,
        en: required_text(&format!("{field}_en"), en)?,
    })
}

/// The order a personnel change is made by: its number and date. An order already registered
/// under that number in that year is reused; otherwise a personnel order is registered.
pub struct OrderInput {
    pub number: String,
    pub date: NaiveDate,
}

impl OrderInput {
    pub fn parse(number: &str, date: &str) -> Result<Self, AppError> {
        Ok(OrderInput {
            number: required_text("order_number", number)?,
            date: required_date("order_date", date)?,
        })
    }

    pub async fn resolve(
        &self,
        conn: &mut SqliteConnection,
        actor: &Actor,
        title: &str,
        effective_date: NaiveDate,
    ) -> Result<i64, AppError> {
        if let Some((id, kind)) = orders::find_in_year(conn, &self.number, self.date).await? {
            if kind != OrderType::Personnel.code() && kind != OrderType::Main.code() {
                return Err(AppError::invalid(
                    "order_number",
                    Key::ValidationOrderNotPersonnel,
                ));
            }
            return Ok(id);
        }
        orders::insert(
            conn,
            actor,
            orders::NewOrder {
                number: &self.number,
                order_date: self.date,
                issuer: Issuer::Mayor,
                order_type: OrderType::Personnel,
                title,
                effective_date,
            },
        )
        .await
    }
}

pub async fn audit(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    entity: &str,
    id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), sqlx::Error> {
    audit_as(conn, Some(actor), action, entity, id, before, after).await
}

/// An audit row by `actor`, or by the system (the demo loader) when None.
pub async fn audit_as(
    conn: &mut SqliteConnection,
    actor: Option<&Actor>,
    action: &str,
    entity: &str,
    id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), sqlx::Error> {
    record(
        conn,
        AuditEntry {
            actor_user_id: actor.map(|a| a.user.id),
            action,
            entity,
            entity_id: Some(id.to_string()),
            before,
            after,
            client_addr: actor.map(|a| a.client_addr.as_str()),
        },
    )
    .await
}

// ---- Reads --------------------------------------------------------------------------------

async fn units_on(
    db: &SqlitePool,
    on: NaiveDate,
) -> Result<(Vec<UnitRow>, Vec<(i64, String, i64)>), AppError> {
    let rows = repo::unit_rows(db).await?;
    let events = repo::unit_events(db).await?;
    let extra: Vec<(i64, String, i64)> = rows
        .iter()
        .map(|(u, code, order)| (u.id, code.clone(), *order))
        .collect();
    let current: Vec<UnitRow> = rows.into_iter().map(|(u, _, _)| u).collect();
    Ok((units_as_of(&current, &events, on), extra))
}

/// The structure on `on` for supervision and scope decisions.
pub async fn snapshot(db: &SqlitePool, on: NaiveDate) -> Result<OrgSnapshot, AppError> {
    let (units, _) = units_on(db, on).await?;
    let (positions, holdings) = repo::supervision_parts(db, on).await?;
    Ok(OrgSnapshot::new(units, positions, holdings))
}

fn summarize(
    unit: &UnitRow,
    extra: &[(i64, String, i64)],
    rows: &[(StaffRow, Option<i64>, Option<i64>)],
    members: &[i64],
) -> UnitSummary {
    let mine: Vec<&StaffRow> = rows
        .iter()
        .filter(|(_, unit_id, _)| unit_id.is_some_and(|u| members.contains(&u)))
        .map(|(r, _, _)| r)
        .collect();
    let head = rows
        .iter()
        .find(|(r, unit_id, _)| *unit_id == Some(unit.id) && r.is_head)
        .and_then(|(r, _, _)| r.holder.clone().or_else(|| r.acting.clone()));
    UnitSummary {
        id: unit.id,
        parent_id: unit.parent_id,
        is_service: unit.is_service,
        code: extra
            .iter()
            .find(|(id, _, _)| *id == unit.id)
            .map(|(_, c, _)| c.clone())
            .unwrap_or_default(),
        name: Bilingual::new(unit.name_ka.clone(), unit.name_en.clone()),
        head,
        positions: mine.len() as i64,
        staff: mine.iter().filter(|r| r.holder.is_some()).count() as i64,
        vacancies: mine.iter().filter(|r| r.vacant()).count() as i64,
        valid_from: unit.valid_from,
        valid_to: unit.valid_to,
    }
}

fn sort_key(extra: &[(i64, String, i64)], id: i64) -> i64 {
    extra
        .iter()
        .find(|(u, _, _)| *u == id)
        .map(|(_, _, o)| *o)
        .unwrap_or_default()
}

/// Services, each followed by its departments; figures of a service include its departments.
pub async fn tree(db: &SqlitePool, on: NaiveDate) -> Result<OrgTree, AppError> {
    let (units, extra) = units_on(db, on).await?;
    let rows = repo::staff_rows(db, on).await?;
    let mut services: Vec<&UnitRow> = units.iter().filter(|u| u.parent_id.is_none()).collect();
    services.sort_by_key(|u| (sort_key(&extra, u.id), u.id));
    let mut summaries = Vec::new();
    for service in services {
        let mut departments: Vec<&UnitRow> = units
            .iter()
            .filter(|u| u.parent_id == Some(service.id))
            .collect();
        departments.sort_by_key(|u| (sort_key(&extra, u.id), u.id));
        let mut members = vec![service.id];
        members.extend(departments.iter().map(|d| d.id));
        summaries.push(summarize(service, &extra, &rows, &members));
        for department in departments {
            summaries.push(summarize(department, &extra, &rows, &[department.id]));
        }
    }
    let leadership = rows
        .iter()
        .filter(|(_, unit, _)| unit.is_none())
        .map(|(r, _, _)| r.clone())
        .collect();
    // Figures for managers too; salaries only where the caller may see them (set by the caller).
    Ok(OrgTree {
        as_of: on,
        institution: repo::institution_name(db).await?,
        units: summaries,
        leadership,
        categories: repo::categories(db, on).await?,
    })
}

/// One unit's staff list. Managers reach only units where everyone is theirs to see.
pub async fn unit_staff(
    db: &SqlitePool,
    unit_id: i64,
    on: NaiveDate,
    scope: &PeopleScope,
) -> Result<UnitStaff, AppError> {
    let (units, extra) = units_on(db, on).await?;
    let unit = units
        .iter()
        .find(|u| u.id == unit_id)
        .ok_or(AppError::NotFound)?;
    let mut rows = repo::staff_rows(db, on).await?;
    let mut members = vec![unit_id];
    let mut subunits: Vec<&UnitRow> = units
        .iter()
        .filter(|u| u.parent_id == Some(unit_id))
        .collect();
    subunits.sort_by_key(|u| (sort_key(&extra, u.id), u.id));
    members.extend(subunits.iter().map(|u| u.id));
    if let PeopleScope::Only { ids, .. } = scope {
        let own_rows: Vec<&StaffRow> = rows
            .iter()
            .filter(|(_, u, _)| *u == Some(unit_id))
            .map(|(r, _, _)| r)
            .collect();
        let allowed = own_rows.iter().all(|r| {
            r.holder
                .as_ref()
                .is_none_or(|h| ids.contains(&h.id) || scope.is_self(h.id))
        }) && !own_rows.is_empty();
        if !allowed {
            return Err(AppError::Forbidden);
        }
    }
    let summary = summarize(unit, &extra, &rows, &members);
    let subunits = subunits
        .into_iter()
        .map(|u| summarize(u, &extra, &rows, &[u.id]))
        .collect();
    rows.retain(|(_, u, _)| *u == Some(unit_id));
    let show_salary = scope.sees_salaries();
    let rows = rows
        .into_iter()
        .map(|(mut r, _, _)| {
            if !show_salary {
                r.salary = None;
            }
            r
        })
        .collect();
    Ok(UnitStaff {
        as_of: on,
        parent: unit
            .parent_id
            .and_then(|p| units.iter().find(|u| u.id == p))
            .map(|p| Bilingual::new(p.name_ka.clone(), p.name_en.clone())),
        unit: summary,
        subunits,
        rows,
        history: repo::unit_history(db, unit_id).await?,
    })
}

pub async fn vacancies(db: &SqlitePool, on: NaiveDate) -> Result<Vec<Vacancy>, AppError> {
    let (units, _) = units_on(db, on).await?;
    let rows = repo::staff_rows(db, on).await?;
    Ok(repo::vacancies_from(&rows, &units))
}

// ---- Changes ------------------------------------------------------------------------------

pub struct UnitInput {
    pub parent_id: Option<i64>,
    pub code: String,
    pub name: Bilingual,
    pub valid_from: NaiveDate,
    pub order: OrderInput,
}

impl UnitInput {
    pub fn parse(
        parent_id: &str,
        code: &str,
        name_ka: &str,
        name_en: &str,
        valid_from: &str,
        order_number: &str,
        order_date: &str,
    ) -> Result<Self, AppError> {
        let code = required_text("code", code)?.to_uppercase();
        if !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') || code.len() > 20 {
            return Err(AppError::invalid("code", Key::ValidationUnitCode));
        }
        Ok(UnitInput {
            parent_id: optional_id("parent_id", parent_id)?,
            code,
            name: bilingual("name", name_ka, name_en)?,
            valid_from: required_date("valid_from", valid_from)?,
            order: OrderInput::parse(order_number, order_date)?,
        })
    }
}

pub async fn create_unit(actor: &Actor, input: UnitInput) -> Result<i64, AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let taken: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM org_units WHERE code = $1 AND (valid_to IS NULL OR valid_to >= $2)",
    )
    .bind(&input.code)
    .bind(input.valid_from)
    .fetch_optional(&mut *tx)
    .await?;
    if taken.is_some() {
        return Err(AppError::invalid("code", Key::ValidationUnitCodeTaken));
    }
    let (institution_id, kind) = match input.parent_id {
        Some(parent) => {
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT institution_id, kind FROM org_units WHERE id = $1 AND valid_to IS NULL",
            )
            .bind(parent)
            .fetch_optional(&mut *tx)
            .await?;
            match row {
                Some((inst, kind)) if kind == "service" => (inst, super::UnitKind::Department),
                _ => return Err(AppError::invalid("parent_id", Key::ValidationParentService)),
            }
        }
        None => {
            let (inst,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM institutions")
                .fetch_one(&mut *tx)
                .await?;
            (inst, super::UnitKind::Service)
        }
    };
    let title = format!("{} — {}", input.name.ka, input.code);
    let order_id = input
        .order
        .resolve(&mut tx, actor, &title, input.valid_from)
        .await?;
    let id = repo::insert_unit(
        &mut tx,
        repo::NewUnit {
            institution_id,
            parent_id: input.parent_id,
            kind,
            code: &input.code,
            name: &input.name,
            sort_order: 100,
            valid_from: input.valid_from,
        },
    )
    .await?;
    let after = json!({"code": input.code, "name_ka": input.name.ka, "name_en": input.name.en,
        "parent_id": input.parent_id, "kind": kind.code(), "valid_from": input.valid_from});
    insert_event(
        &mut tx,
        id,
        "create",
        input.valid_from,
        order_id,
        None,
        Some(after.clone()),
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "unit.created",
        "org_unit",
        id,
        None,
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_event(
    conn: &mut SqliteConnection,
    unit_id: i64,
    kind: &str,
    effective: NaiveDate,
    order_id: i64,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO org_unit_events (unit_id, event_type, effective_date, order_id, before_json, after_json, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(unit_id)
    .bind(kind)
    .bind(effective)
    .bind(order_id)
    .bind(before.map(|v| v.to_string()))
    .bind(after.map(|v| v.to_string()))
    .bind(Utc::now())
    .execute(conn)
    .await?;
    Ok(())
}

pub enum UnitChange {
    Rename(Bilingual),
    Move(i64),
    Abolish,
}

impl UnitChange {
    pub fn parse(
        change: &str,
        name_ka: &str,
        name_en: &str,
        parent_id: &str,
    ) -> Result<Self, AppError> {
        match change.trim() {
            "rename" => Ok(UnitChange::Rename(bilingual("name", name_ka, name_en)?)),
            "move" => optional_id("parent_id", parent_id)?
                .map(UnitChange::Move)
                .ok_or_else(|| AppError::invalid("parent_id", Key::ValidationRequired)),
            "abolish" => Ok(UnitChange::Abolish),
            _ => Err(AppError::invalid("change", Key::ValidationChoice)),
        }
    }
}

pub async fn change_unit(
    actor: &Actor,
    unit_id: i64,
    change: UnitChange,
    effective: NaiveDate,
    order: OrderInput,
) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let unit: Option<(String, String, Option<i64>, String, NaiveDate, String)> = sqlx::query_as(
        "SELECT name_ka, name_en, parent_id, kind, valid_from, code FROM org_units WHERE id = $1 AND valid_to IS NULL",
    )
    .bind(unit_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((name_ka, name_en, parent_id, kind, valid_from, code)) = unit else {
        return Err(AppError::NotFound);
    };
    if effective <= valid_from {
        return Err(AppError::invalid(
            "effective_date",
            Key::ValidationAfterStart,
        ));
    }
    let before = json!({"name_ka": name_ka, "name_en": name_en, "parent_id": parent_id});
    let (kind_code, action, title) = match &change {
        UnitChange::Rename(_) => ("rename", "unit.renamed", format!("{name_ka} — {code}")),
        UnitChange::Move(_) => ("move", "unit.moved", format!("{name_ka} — {code}")),
        UnitChange::Abolish => ("abolish", "unit.abolished", format!("{name_ka} — {code}")),
    };
    let order_id = order.resolve(&mut tx, actor, &title, effective).await?;
    let (event_before, after) = match change {
        UnitChange::Rename(name) => {
            sqlx::query("UPDATE org_units SET name_ka = $1, name_en = $2 WHERE id = $3")
                .bind(&name.ka)
                .bind(&name.en)
                .bind(unit_id)
                .execute(&mut *tx)
                .await?;
            (
                UnitBefore {
                    name_ka: Some(name_ka),
                    name_en: Some(name_en),
                    parent_id: None,
                },
                json!({"name_ka": name.ka, "name_en": name.en, "parent_id": parent_id}),
            )
        }
        UnitChange::Move(new_parent) => {
            let target: Option<(String,)> =
                sqlx::query_as("SELECT kind FROM org_units WHERE id = $1 AND valid_to IS NULL")
                    .bind(new_parent)
                    .fetch_optional(&mut *tx)
                    .await?;
            if kind != "department"
                || target.map(|t| t.0) != Some("service".into())
                || Some(new_parent) == parent_id
            {
                return Err(AppError::invalid("parent_id", Key::ValidationParentService));
            }
            sqlx::query("UPDATE org_units SET parent_id = $1 WHERE id = $2")
                .bind(new_parent)
                .bind(unit_id)
                .execute(&mut *tx)
                .await?;
            (
                UnitBefore {
                    name_ka: None,
                    name_en: None,
                    parent_id,
                },
                json!({"name_ka": name_ka, "name_en": name_en, "parent_id": new_parent}),
            )
        }
        UnitChange::Abolish => {
            // Positions must be ended or moved first: an abolished unit keeps nobody.
            let (open,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM positions WHERE unit_id = $1 AND (valid_to IS NULL OR valid_to >= $2)",
            )
            .bind(unit_id)
            .bind(effective)
            .fetch_one(&mut *tx)
            .await?;
            let (children,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM org_units WHERE parent_id = $1 AND (valid_to IS NULL OR valid_to >= $2)",
            )
            .bind(unit_id)
            .bind(effective)
            .fetch_one(&mut *tx)
            .await?;
            if open > 0 || children > 0 {
                return Err(AppError::invalid("change", Key::ValidationUnitNotEmpty));
            }
            let last_day = effective.pred_opt().unwrap_or(effective);
            sqlx::query("UPDATE org_units SET valid_to = $1 WHERE id = $2")
                .bind(last_day)
                .bind(unit_id)
                .execute(&mut *tx)
                .await?;
            (UnitBefore::default(), json!({"valid_to": last_day}))
        }
    };
    let before_json = serde_json::to_value(&event_before).map_err(AppError::internal)?;
    insert_event(
        &mut tx,
        unit_id,
        kind_code,
        effective,
        order_id,
        Some(before_json),
        Some(after.clone()),
    )
    .await?;
    audit(
        &mut tx,
        actor,
        action,
        "org_unit",
        unit_id,
        Some(before),
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub struct PositionInput {
    pub unit_id: Option<i64>,
    pub title: Bilingual,
    pub category_id: Option<i64>,
    pub employment_type: EmploymentType,
    /// None: computed as base salary × the category's coefficient.
    pub salary: Option<Decimal>,
    pub is_head: bool,
    pub valid_from: NaiveDate,
    pub job_description: Bilingual,
    pub requirements_min: Bilingual,
    pub requirements_extra: Bilingual,
}

/// GEL to tetri, refusing fractions of a tetri.
pub fn to_tetri(field: &str, amount: Decimal) -> Result<i64, AppError> {
    let tetri = amount * Decimal::ONE_HUNDRED;
    if tetri.fract() != Decimal::ZERO || amount < Decimal::ZERO {
        return Err(AppError::invalid(field, Key::ValidationMoney));
    }
    i64::try_from(tetri.trunc()).map_err(|_| AppError::invalid(field, Key::ValidationMoney))
}

pub async fn create_position(actor: &Actor, input: PositionInput) -> Result<i64, AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let id = insert_position_checked(&mut tx, &input).await?;
    let after = position_json(&input);
    audit(
        &mut tx,
        actor,
        "position.created",
        "position",
        id,
        None,
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub fn position_json(input: &PositionInput) -> serde_json::Value {
    json!({"unit_id": input.unit_id, "title_ka": input.title.ka, "title_en": input.title.en,
        "category_id": input.category_id, "employment_type": input.employment_type.code(),
        "salary": input.salary, "is_head": input.is_head, "valid_from": input.valid_from})
}

/// Validates against the database and inserts; used by the form and the import.
pub async fn insert_position_checked(
    conn: &mut SqliteConnection,
    input: &PositionInput,
) -> Result<i64, AppError> {
    let institution_id = match input.unit_id {
        Some(unit) => {
            let row: Option<(i64,)> = sqlx::query_as(
                "SELECT institution_id FROM org_units WHERE id = $1 AND valid_to IS NULL",
            )
            .bind(unit)
            .fetch_optional(&mut *conn)
            .await?;
            row.ok_or_else(|| AppError::invalid("unit_id", Key::ValidationChoice))?
                .0
        }
        None => {
            let (inst,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM institutions")
                .fetch_one(&mut *conn)
                .await?;
            inst
        }
    };
    let category: Option<(i64, String)> = match input.category_id {
        Some(category) => {
            let row: Option<(i64, String)> =
                sqlx::query_as("SELECT rank, coefficient FROM position_categories WHERE id = $1")
                    .bind(category)
                    .fetch_optional(&mut *conn)
                    .await?;
            Some(row.ok_or_else(|| AppError::invalid("category_id", Key::ValidationChoice))?)
        }
        None => None,
    };
    let rank = category.as_ref().map(|(rank, _)| *rank);
    // The salary as entered, or base × coefficient under the rule in force on valid_from.
    let (salary, coefficient) = match (input.salary, &category) {
        (Some(salary), _) => (salary, None),
        (None, Some((_, coefficient))) => {
            let coefficient = Decimal::from_str_exact(coefficient).map_err(AppError::internal)?;
            let (base, _) = crate::rules::setting(conn, "pay.base_salary", input.valid_from)
                .await?
                .ok_or_else(|| AppError::invalid("salary", Key::ValidationRequired))?;
            let base = Decimal::from_str_exact(&base).map_err(AppError::internal)?;
            (
                crate::domain::pay::official_salary(base, coefficient),
                Some(coefficient),
            )
        }
        (None, None) => return Err(AppError::invalid("salary", Key::ValidationSalaryOrCategory)),
    };
    let salary_tetri = to_tetri("salary", salary)?;
    if input.employment_type == EmploymentType::Officer && rank.is_none() {
        return Err(AppError::invalid(
            "category_id",
            Key::ValidationOfficerNeedsCategory,
        ));
    }
    if input.is_head {
        if let Some(unit) = input.unit_id {
            let (heads,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM positions WHERE unit_id = $1 AND is_head = 1 AND (valid_to IS NULL OR valid_to >= $2)",
            )
            .bind(unit)
            .bind(input.valid_from)
            .fetch_one(&mut *conn)
            .await?;
            if heads > 0 {
                return Err(AppError::invalid("is_head", Key::ValidationUnitHasHead));
            }
        }
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri, is_head,
                                valid_from, category_id, job_description_ka, job_description_en, requirements_min_ka,
                                requirements_min_en, requirements_extra_ka, requirements_extra_en, salary_coefficient)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(institution_id)
    .bind(input.unit_id)
    .bind(&input.title.ka)
    .bind(&input.title.en)
    .bind(rank)
    .bind(input.employment_type.code())
    .bind(salary_tetri)
    .bind(input.is_head)
    .bind(input.valid_from)
    .bind(input.category_id)
    .bind(&input.job_description.ka)
    .bind(&input.job_description.en)
    .bind(&input.requirements_min.ka)
    .bind(&input.requirements_min.en)
    .bind(&input.requirements_extra.ka)
    .bind(&input.requirements_extra.en)
    .bind(coefficient.map(|c| c.to_string()))
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn set_supervision(
    actor: &Actor,
    unit_id: i64,
    position: Option<i64>,
    reports_to: Option<i64>,
    deputy: Option<i64>,
) -> Result<(), AppError> {
    let db = state()?.db;
    let today = crate::org::today();
    let snapshot = snapshot(&db.read, today).await?;
    let mut tx = db.write.begin().await?;
    let unit: Option<(String, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT kind, parent_id, supervisor_position_id FROM org_units WHERE id = $1 AND valid_to IS NULL")
            .bind(unit_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((kind, _, current_deputy)) = unit else {
        return Err(AppError::NotFound);
    };
    if kind == "service" && deputy != current_deputy {
        if let Some(d) = deputy {
            let outside: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM positions WHERE id = $1 AND unit_id IS NULL AND valid_to IS NULL",
            )
            .bind(d)
            .fetch_optional(&mut *tx)
            .await?;
            if outside.is_none() {
                return Err(AppError::invalid(
                    "deputy_position_id",
                    Key::ValidationChoice,
                ));
            }
        }
        sqlx::query("UPDATE org_units SET supervisor_position_id = $1 WHERE id = $2")
            .bind(deputy)
            .bind(unit_id)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            actor,
            "unit.supervisor_set",
            "org_unit",
            unit_id,
            Some(json!({"supervisor_position_id": current_deputy})),
            Some(json!({"supervisor_position_id": deputy})),
        )
        .await?;
    }
    if let Some(position) = position {
        let row: Option<(Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT unit_id, reports_to_position_id FROM positions WHERE id = $1 AND valid_to IS NULL",
        )
        .bind(position)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((position_unit, before)) = row else {
            return Err(AppError::invalid("position_id", Key::ValidationChoice));
        };
        if position_unit != Some(unit_id) {
            return Err(AppError::invalid("position_id", Key::ValidationChoice));
        }
        if let Some(target) = reports_to {
            if snapshot.supervising_position(target).is_none() && !snapshot_has(&snapshot, target) {
                return Err(AppError::invalid("reports_to", Key::ValidationChoice));
            }
            if snapshot.override_creates_cycle(position, target) {
                return Err(AppError::invalid(
                    "reports_to",
                    Key::ValidationSupervisionCycle,
                ));
            }
        }
        sqlx::query("UPDATE positions SET reports_to_position_id = $1 WHERE id = $2")
            .bind(reports_to)
            .bind(position)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            actor,
            "position.supervisor_override",
            "position",
            position,
            Some(json!({"reports_to_position_id": before})),
            Some(json!({"reports_to_position_id": reports_to})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

fn snapshot_has(snapshot: &OrgSnapshot, position: i64) -> bool {
    // The mayor has no supervisor yet is a valid target.
    snapshot.occupant(position).is_some() || snapshot.vacant_positions().contains(&position)
}

/// Ends a position; returns its unit.
pub async fn end_position(
    actor: &Actor,
    position: i64,
    end: NaiveDate,
    order: OrderInput,
) -> Result<Option<i64>, AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let row: Option<(Option<i64>, String, NaiveDate)> = sqlx::query_as(
        "SELECT unit_id, title_ka, valid_from FROM positions WHERE id = $1 AND valid_to IS NULL",
    )
    .bind(position)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((unit, title, valid_from)) = row else {
        return Err(AppError::invalid("position_id", Key::ValidationChoice));
    };
    if end < valid_from {
        return Err(AppError::invalid("end_date", Key::ValidationAfterStart));
    }
    let (held,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM assignments WHERE position_id = $1 AND (end_date IS NULL OR end_date > $2)",
    )
    .bind(position)
    .bind(end)
    .fetch_one(&mut *tx)
    .await?;
    if held > 0 {
        return Err(AppError::invalid(
            "position_id",
            Key::ValidationPositionStillHeld,
        ));
    }
    let order_id = order.resolve(&mut tx, actor, &title, end).await?;
    sqlx::query("UPDATE positions SET valid_to = $1 WHERE id = $2")
        .bind(end)
        .bind(position)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        actor,
        "position.ended",
        "position",
        position,
        Some(json!({"valid_to": null})),
        Some(json!({"valid_to": end, "order_id": order_id})),
    )
    .await?;
    tx.commit().await?;
    Ok(unit)
}

pub async fn position(db: &SqlitePool, id: i64) -> Result<super::PositionDetail, AppError> {
    #[derive(sqlx::FromRow)]
    struct Record {
        unit_id: Option<i64>,
        unit_ka: Option<String>,
        unit_en: Option<String>,
        valid_from: NaiveDate,
        valid_to: Option<NaiveDate>,
        salary_coefficient: Option<String>,
        job_description_ka: String,
        job_description_en: String,
        requirements_min_ka: String,
        requirements_min_en: String,
        requirements_extra_ka: String,
        requirements_extra_en: String,
    }
    let record: Record = sqlx::query_as(
        "SELECT p.unit_id, u.name_ka AS unit_ka, u.name_en AS unit_en, p.valid_from, p.valid_to, p.salary_coefficient,
                p.job_description_ka, p.job_description_en, p.requirements_min_ka, p.requirements_min_en,
                p.requirements_extra_ka, p.requirements_extra_en
         FROM positions p LEFT JOIN org_units u ON u.id = p.unit_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    // The staff-list line as on its last day in effect (today for a current position).
    let on = record
        .valid_to
        .map_or(crate::org::today(), |to| to.min(crate::org::today()));
    let row = repo::staff_rows(db, on)
        .await?
        .into_iter()
        .find(|(r, _, _)| r.position_id == id)
        .map(|(r, _, _)| r)
        .ok_or(AppError::NotFound)?;
    let holders: Vec<(i64, String, String, String, String, String, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT e.id, e.first_name_ka, e.last_name_ka, e.first_name_en, e.last_name_en, a.basis, a.start_date, a.end_date
         FROM assignments a JOIN employees e ON e.id = a.employee_id WHERE a.position_id = $1
         ORDER BY a.start_date DESC, a.id DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let pair =
        |ka: Option<String>, en: Option<String>| ka.zip(en).map(|(ka, en)| Bilingual { ka, en });
    Ok(super::PositionDetail {
        row,
        unit_id: record.unit_id,
        unit: pair(record.unit_ka, record.unit_en),
        valid_from: record.valid_from,
        valid_to: record.valid_to,
        coefficient: record
            .salary_coefficient
            .and_then(|c| Decimal::from_str_exact(&c).ok()),
        job_description: Bilingual::new(record.job_description_ka, record.job_description_en),
        requirements_min: Bilingual::new(record.requirements_min_ka, record.requirements_min_en),
        requirements_extra: Bilingual::new(
            record.requirements_extra_ka,
            record.requirements_extra_en,
        ),
        holders: holders
            .into_iter()
            .map(
                |(eid, fka, lka, fen, len, basis, start_date, end_date)| super::PositionHolder {
                    person: repo::person(eid, &fka, &lka, &fen, &len),
                    basis,
                    start_date,
                    end_date,
                },
            )
            .collect(),
        editable: false,
    })
}

pub struct PositionTexts {
    pub title: Bilingual,
    pub job_description: Bilingual,
    pub requirements_min: Bilingual,
    pub requirements_extra: Bilingual,
}

pub async fn update_position(actor: &Actor, id: i64, texts: PositionTexts) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let before: Option<(String, String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT title_ka, title_en, job_description_ka, job_description_en, requirements_min_ka, requirements_min_en,
                requirements_extra_ka, requirements_extra_en FROM positions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(b) = before else {
        return Err(AppError::NotFound);
    };
    sqlx::query(
        "UPDATE positions SET title_ka = $1, title_en = $2, job_description_ka = $3, job_description_en = $4,
                requirements_min_ka = $5, requirements_min_en = $6, requirements_extra_ka = $7, requirements_extra_en = $8
         WHERE id = $9",
    )
    .bind(&texts.title.ka)
    .bind(&texts.title.en)
    .bind(&texts.job_description.ka)
    .bind(&texts.job_description.en)
    .bind(&texts.requirements_min.ka)
    .bind(&texts.requirements_min.en)
    .bind(&texts.requirements_extra.ka)
    .bind(&texts.requirements_extra.en)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let json_of = |t: [&str; 8]| {
        json!({"title_ka": t[0], "title_en": t[1], "job_description_ka": t[2],
        "job_description_en": t[3], "requirements_min_ka": t[4], "requirements_min_en": t[5],
        "requirements_extra_ka": t[6], "requirements_extra_en": t[7]})
    };
    let before = json_of([&b.0, &b.1, &b.2, &b.3, &b.4, &b.5, &b.6, &b.7]);
    let after = json_of([
        &texts.title.ka,
        &texts.title.en,
        &texts.job_description.ka,
        &texts.job_description.en,
        &texts.requirements_min.ka,
        &texts.requirements_min.en,
        &texts.requirements_extra.ka,
        &texts.requirements_extra.en,
    ]);
    audit(
        &mut tx,
        actor,
        "position.updated",
        "position",
        id,
        Some(before),
        Some(after),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// See [`super::merge_unit`]. One transaction; one audit row for the merge and one for each
/// position and assignment it ends or creates.
pub async fn merge_unit(
    actor: &Actor,
    source: i64,
    target: i64,
    effective: NaiveDate,
    order: OrderInput,
) -> Result<(), AppError> {
    let db = state()?.db;
    let mut tx = db.write.begin().await?;
    let unit = |id: i64| {
        sqlx::query_as::<_, (String, String, NaiveDate, Option<i64>)>(
            "SELECT kind, name_ka, valid_from, parent_id FROM org_units WHERE id = $1 AND valid_to IS NULL",
        )
        .bind(id)
    };
    let (kind, name_ka, valid_from, parent) = unit(source)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let target_row = unit(target).fetch_optional(&mut *tx).await?;
    match &target_row {
        Some((target_kind, _, _, _)) if *target_kind == kind && target != source => {}
        _ => return Err(AppError::invalid("target_id", Key::ValidationMergeTarget)),
    }
    if effective <= valid_from {
        return Err(AppError::invalid(
            "effective_date",
            Key::ValidationAfterStart,
        ));
    }
    let last_day = effective.pred_opt().unwrap_or(effective);
    let order_id = order.resolve(&mut tx, actor, &name_ka, effective).await?;
    let (target_heads,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM positions WHERE unit_id = $1 AND is_head = 1 AND valid_to IS NULL",
    )
    .bind(target)
    .fetch_one(&mut *tx)
    .await?;

    let positions: Vec<(i64, bool)> = sqlx::query_as(
        "SELECT id, is_head FROM positions WHERE unit_id = $1 AND (valid_to IS NULL OR valid_to >= $2)",
    )
    .bind(source)
    .bind(effective)
    .fetch_all(&mut *tx)
    .await?;
    for (old, is_head) in positions {
        // The same line of the staff list, in the other unit; a head position stays a head
        // only when the other unit has none.
        let keep_head = is_head && target_heads == 0;
        let (new,): (i64,) = sqlx::query_as(
            "INSERT INTO positions (institution_id, unit_id, title_ka, title_en, rank, employment_type, salary_tetri,
                                    is_head, valid_from, category_id, salary_coefficient, job_description_ka,
                                    job_description_en, requirements_min_ka, requirements_min_en, requirements_extra_ka,
                                    requirements_extra_en, code)
             SELECT institution_id, $1, title_ka, title_en, rank, employment_type, salary_tetri, $2, $3, category_id,
                    salary_coefficient, job_description_ka, job_description_en, requirements_min_ka, requirements_min_en,
                    requirements_extra_ka, requirements_extra_en, code
             FROM positions WHERE id = $4 RETURNING id",
        )
        .bind(target)
        .bind(keep_head)
        .bind(effective)
        .bind(old)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE positions SET valid_to = $1 WHERE id = $2")
            .bind(last_day)
            .bind(old)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, actor, "position.moved_by_merge", "position", new, None,
            Some(json!({"from_position_id": old, "unit_id": target, "valid_from": effective, "order_id": order_id}))).await?;
        // Holders move with their position.
        let holders: Vec<(i64, i64, NaiveDate, Option<NaiveDate>)> = sqlx::query_as(
            "SELECT id, employee_id, start_date, end_date FROM assignments
             WHERE position_id = $1 AND (end_date IS NULL OR end_date >= $2)",
        )
        .bind(old)
        .bind(effective)
        .fetch_all(&mut *tx)
        .await?;
        for (assignment, employee, start, end) in holders {
            if start >= effective {
                // Not begun yet: it simply belongs to the new line.
                sqlx::query("UPDATE assignments SET position_id = $1 WHERE id = $2")
                    .bind(new)
                    .bind(assignment)
                    .execute(&mut *tx)
                    .await?;
                continue;
            }
            let reorganization = super::AssignmentBasis::Reorganization;
            repo::close_assignment(
                &mut tx,
                assignment,
                last_day,
                reorganization.code(),
                order_id,
            )
            .await?;
            let moved = repo::insert_assignment(
                &mut tx,
                repo::NewAssignment {
                    employee_id: employee,
                    position_id: new,
                    start: effective,
                    end,
                    basis: reorganization,
                    order_id: Some(order_id),
                },
            )
            .await?;
            audit(&mut tx, actor, "assignment.moved_by_merge", "assignment", moved,
                Some(json!({"assignment_id": assignment, "position_id": old, "end_date": end})),
                Some(json!({"position_id": new, "start_date": effective, "end_date": end, "basis": "reorganization"}))).await?;
        }
    }
    // A merged service's departments go under the other service.
    let children: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM org_units WHERE parent_id = $1 AND valid_to IS NULL")
            .bind(source)
            .fetch_all(&mut *tx)
            .await?;
    for (child,) in children {
        sqlx::query("UPDATE org_units SET parent_id = $1 WHERE id = $2")
            .bind(target)
            .bind(child)
            .execute(&mut *tx)
            .await?;
        let before = serde_json::to_value(UnitBefore {
            name_ka: None,
            name_en: None,
            parent_id: Some(source),
        })
        .map_err(AppError::internal)?;
        insert_event(
            &mut tx,
            child,
            "move",
            effective,
            order_id,
            Some(before),
            Some(json!({"parent_id": target})),
        )
        .await?;
    }
    sqlx::query("UPDATE org_units SET valid_to = $1 WHERE id = $2")
        .bind(last_day)
        .bind(source)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO org_unit_events (unit_id, event_type, effective_date, order_id, successor_unit_id, before_json, after_json, created_at)
         VALUES ($1, 'merge', $2, $3, $4, $5, $6, $7)",
    )
    .bind(source)
    .bind(effective)
    .bind(order_id)
    .bind(target)
    .bind(json!({"parent_id": parent}).to_string())
    .bind(json!({"valid_to": last_day, "successor_unit_id": target}).to_string())
    .bind(chrono::Utc::now())
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        actor,
        "unit.merged",
        "org_unit",
        source,
        Some(json!({"valid_to": null})),
        Some(json!({"valid_to": last_day, "successor_unit_id": target, "order_id": order_id})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
