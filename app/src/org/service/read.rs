//! The organisation on a date: the tree with its figures, a unit's staff list, vacancies, the
//! staff report, one position, and whose records a caller may see.
use super::super::repo::{self, StaffLine, UnitRecord};
use super::super::{
    OrgOptions, OrgTree, PositionDetail, PositionOption, StaffReport, UnitStaff, UnitSummary,
    Vacancy, VacancyClock,
};
use crate::domain::scope::PeopleScope;
use crate::domain::structure::{units_as_of, OrgSnapshot, UnitRow};
use crate::domain::{Bilingual, Role};
use crate::error::AppError;
use crate::ssr::{Actor, Db};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The date of an "as of" query: empty means today.
pub fn as_of(text: &Option<String>, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let on = crate::ssr::forms::optional_date("as_of", text.as_deref().unwrap_or_default())?;
    Ok(on.unwrap_or(today))
}

/// HR and the mayor see everyone's salaries.
pub fn sees_all_salaries(actor: &Actor) -> bool {
    actor.has(Role::Hr) || actor.has(Role::Mayor)
}

/// Whose records the actor may read today: HR and the mayor everyone, a manager the people
/// their positions supervise (through the structure), everybody their own file.
pub async fn people_scope(db: &Db, actor: &Actor) -> Result<PeopleScope, AppError> {
    if sees_all_salaries(actor) {
        return Ok(PeopleScope::All);
    }
    let me = actor.user.employee_id;
    let (ids, positions) = match me {
        Some(employee) if actor.has(Role::Manager) => {
            let structure = snapshot(db, actor.today()).await?;
            (
                structure.subordinates(employee),
                structure.supervised_positions(employee),
            )
        }
        _ => Default::default(),
    };
    Ok(PeopleScope::Only { ids, me, positions })
}

/// The units that existed on `on` with their names and parents then, and their records.
struct UnitsOn {
    rows: Vec<UnitRow>,
    records: HashMap<i64, UnitRecord>,
}

impl UnitsOn {
    fn sort_key(&self, id: i64) -> (i64, i64) {
        (self.records.get(&id).map_or(0, |r| r.sort_order), id)
    }

    fn code(&self, id: i64) -> String {
        self.records
            .get(&id)
            .map(|r| r.code.clone())
            .unwrap_or_default()
    }

    fn children(&self, parent: i64) -> Vec<&UnitRow> {
        let mut children: Vec<&UnitRow> = self
            .rows
            .iter()
            .filter(|u| u.parent_id == Some(parent))
            .collect();
        children.sort_by_key(|u| self.sort_key(u.id));
        children
    }
}

async fn units_on(db: &Db, on: NaiveDate) -> Result<UnitsOn, AppError> {
    let records = repo::units(&db.read).await?;
    let events = repo::unit_events(&db.read).await?;
    let current: Vec<UnitRow> = records.iter().map(UnitRecord::row).collect();
    Ok(UnitsOn {
        rows: units_as_of(&current, &events, on),
        records: records.into_iter().map(|r| (r.id, r)).collect(),
    })
}

/// The structure on `on` for supervision and scope decisions.
pub async fn snapshot(db: &Db, on: NaiveDate) -> Result<OrgSnapshot, AppError> {
    let units = units_on(db, on).await?;
    let (positions, holdings) = repo::supervision_parts(&db.read, on).await?;
    Ok(OrgSnapshot::new(units.rows, positions, holdings))
}

fn summarize(unit: &UnitRow, units: &UnitsOn, lines: &[StaffLine], members: &[i64]) -> UnitSummary {
    let mine: Vec<&StaffLine> = lines
        .iter()
        .filter(|l| l.unit_id.is_some_and(|u| members.contains(&u)))
        .collect();
    let head = lines
        .iter()
        .find(|l| l.unit_id == Some(unit.id) && l.row.is_head)
        .and_then(|l| l.row.holder.clone().or_else(|| l.row.acting.clone()));
    UnitSummary {
        id: unit.id,
        parent_id: unit.parent_id,
        is_service: unit.is_service,
        code: units.code(unit.id),
        name: Bilingual::new(unit.name_ka.clone(), unit.name_en.clone()),
        head,
        positions: mine.len() as i64,
        staff: mine.iter().filter(|l| l.row.holder.is_some()).count() as i64,
        vacancies: mine.iter().filter(|l| l.row.vacant()).count() as i64,
        valid_from: unit.valid_from,
        valid_to: unit.valid_to,
        revision: units.records.get(&unit.id).map_or(1, |r| r.revision),
    }
}

/// Services, each followed by its departments; figures of a service include its departments.
pub async fn tree(db: &Db, on: NaiveDate) -> Result<OrgTree, AppError> {
    let units = units_on(db, on).await?;
    let lines = repo::staff_lines(&db.read, on).await?;
    let mut services: Vec<&UnitRow> = units
        .rows
        .iter()
        .filter(|u| u.parent_id.is_none())
        .collect();
    services.sort_by_key(|u| units.sort_key(u.id));
    let mut summaries = Vec::new();
    for service in services {
        let departments = units.children(service.id);
        let mut members = vec![service.id];
        members.extend(departments.iter().map(|d| d.id));
        summaries.push(summarize(service, &units, &lines, &members));
        for department in departments {
            summaries.push(summarize(department, &units, &lines, &[department.id]));
        }
    }
    let leadership = lines
        .iter()
        .filter(|l| l.unit_id.is_none())
        .map(|l| l.row.clone())
        .collect();
    // Figures for managers too; salaries only where the caller may see them (set by the caller).
    Ok(OrgTree {
        as_of: on,
        institution: repo::institution_name(&db.read).await?,
        units: summaries,
        leadership,
        categories: repo::categories(&db.read, on).await?,
    })
}

/// One unit's staff list. Managers reach only units where everyone is theirs to see.
pub async fn unit_staff(
    db: &Db,
    unit_id: i64,
    on: NaiveDate,
    scope: &PeopleScope,
) -> Result<UnitStaff, AppError> {
    let units = units_on(db, on).await?;
    let unit = units
        .rows
        .iter()
        .find(|u| u.id == unit_id)
        .ok_or(AppError::NotFound)?;
    let lines = repo::staff_lines(&db.read, on).await?;
    let subunits = units.children(unit_id);
    let mut members = vec![unit_id];
    members.extend(subunits.iter().map(|u| u.id));
    let own: Vec<&StaffLine> = lines
        .iter()
        .filter(|l| l.unit_id == Some(unit_id))
        .collect();
    let positions: Vec<i64> = own.iter().map(|l| l.row.position_id).collect();
    if !scope.can_open_unit(&positions) {
        return Err(AppError::Forbidden);
    }
    let show_salary = scope.sees_salaries();
    Ok(UnitStaff {
        as_of: on,
        parent: unit
            .parent_id
            .and_then(|p| units.rows.iter().find(|u| u.id == p))
            .map(|p| Bilingual::new(p.name_ka.clone(), p.name_en.clone())),
        unit: summarize(unit, &units, &lines, &members),
        subunits: subunits
            .iter()
            .map(|u| summarize(u, &units, &lines, &[u.id]))
            .collect(),
        rows: own
            .into_iter()
            .map(|l| {
                let mut row = l.row.clone();
                if !show_salary {
                    row.salary = None;
                }
                row
            })
            .collect(),
        history: repo::unit_history(&db.read, unit_id).await?,
    })
}

/// Vacant positions on `on` with their unit.
pub async fn vacancies(db: &Db, on: NaiveDate) -> Result<Vec<Vacancy>, AppError> {
    let units = units_on(db, on).await?;
    let lines: Vec<_> = repo::staff_lines(&db.read, on)
        .await?
        .into_iter()
        .filter(|l| l.row.vacant())
        .collect();
    let ids: Vec<i64> = lines.iter().map(|l| l.row.position_id).collect();
    let mut clocks = std::collections::HashMap::new();
    let mut conn = db.read.acquire().await?;
    for v in repo::vacant_since(&db.read, &ids, on).await? {
        // The event: the last holder's last day, or the day the position was created.
        let event = v.last_held.unwrap_or(v.valid_from);
        clocks.insert(v.id, vacancy_clock(&mut conn, event, on).await?);
    }
    Ok(lines
        .into_iter()
        .map(|l| Vacancy {
            clock: clocks.remove(&l.row.position_id).flatten(),
            position_id: l.row.position_id,
            unit_id: l.unit_id,
            unit: l
                .unit_id
                .and_then(|id| units.rows.iter().find(|u| u.id == id))
                .map(|u| Bilingual::new(u.name_ka.clone(), u.name_en.clone())),
            title: l.row.title,
            rank: l.row.rank,
            category: l.row.category,
            salary: l.row.salary.unwrap_or_default(),
            acting: l.row.acting,
        })
        .collect())
}

/// A vacancy's clock from the event that opened it (seed 004 art. 18(1): the day after), under
/// the rules in force on its opening day.
pub async fn vacancy_clock(
    conn: &mut sqlx::SqliteConnection,
    event: NaiveDate,
    on: NaiveDate,
) -> Result<Option<VacancyClock>, AppError> {
    use crate::domain::deadline::{day_after, due, status, Term};
    use crate::ssr::rules::number;
    let Some(opened_on) = day_after(event) else {
        return Ok(None);
    };
    let decision_days = number(conn, "vacancy.decision_days", opened_on).await?;
    let fill_months = number(conn, "vacancy.fill_months", opened_on).await?;
    let warn = number(conn, "vacancy.warn_days", opened_on).await?;
    let holidays = crate::ssr::repo::holidays(conn).await?;
    let (Some(decision_due), Some(fill_due)) = (
        due(event, Term::calendar_days(decision_days), &holidays),
        due(event, Term::months(fill_months), &holidays),
    ) else {
        return Ok(None);
    };
    Ok(Some(VacancyClock {
        opened_on,
        decision_due,
        decision_status: status(on, decision_due, warn),
        fill_due,
        fill_status: status(on, fill_due, warn),
    }))
}

pub async fn staff_report(db: &Db, on: NaiveDate) -> Result<StaffReport, AppError> {
    let rows = repo::staff_report_rows(&db.read, on).await?;
    let total = super::super::ReportRow {
        group: crate::domain::staff::StaffGroup::Total,
        women: rows.iter().map(|g| g.women).sum(),
        men: rows.iter().map(|g| g.men).sum(),
    };
    Ok(StaffReport {
        as_of: on,
        rows,
        total,
    })
}

/// The choices of HR's editing forms on `today`.
pub async fn options(db: &Db, today: NaiveDate) -> Result<OrgOptions, AppError> {
    Ok(OrgOptions {
        units: repo::unit_options(&db.read, today).await?,
        categories: repo::categories(&db.read, today).await?,
        vacant_positions: vacancies(db, today).await?,
        positions: repo::staff_lines(&db.read, today)
            .await?
            .into_iter()
            .map(|l| PositionOption {
                id: l.row.position_id,
                unit_id: l.unit_id,
                title: l.row.title,
                holder: l.row.holder,
            })
            .collect(),
    })
}

/// One position with its texts and holders. Outside HR and the mayor, only a position held by
/// someone in the caller's scope, and without pay.
pub async fn position(
    db: &Db,
    id: i64,
    scope: &PeopleScope,
    today: NaiveDate,
) -> Result<PositionDetail, AppError> {
    let record = repo::position_record(&db.read, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The staff-list line as on its last day in effect (today for a current position).
    let on = record.valid_to.map_or(today, |to| to.min(today));
    let row = repo::staff_lines(&db.read, on)
        .await?
        .into_iter()
        .find(|l| l.row.position_id == id)
        .map(|l| l.row)
        .ok_or(AppError::NotFound)?;
    let categories = repo::categories(&db.read, today)
        .await?
        .into_iter()
        .filter(|c| row.rank.is_none_or(|r| r == c.rank))
        .collect();
    let mut detail = PositionDetail {
        row,
        unit_id: record.unit_id,
        unit: Bilingual::both(record.unit_ka, record.unit_en),
        valid_from: record.valid_from,
        valid_to: record.valid_to,
        coefficient: record
            .salary_coefficient
            .map(|c| Decimal::from_str_exact(&c))
            .transpose()
            .map_err(AppError::internal)?,
        job_description: Bilingual::new(
            record.texts.job_description_ka,
            record.texts.job_description_en,
        ),
        requirements_min: Bilingual::new(
            record.texts.requirements_min_ka,
            record.texts.requirements_min_en,
        ),
        requirements_extra: Bilingual::new(
            record.texts.requirements_extra_ka,
            record.texts.requirements_extra_en,
        ),
        holders: repo::position_holders(&db.read, id).await?,
        terms: super::terms_of(&mut *db.read.acquire().await?, id).await?,
        categories,
        editable: false,
    };
    if !scope.sees_salaries() {
        detail.terms.clear();
        let holder = detail.row.holder.as_ref().map(|h| h.id);
        if !holder.is_some_and(|h| scope.can_see(h)) {
            return Err(AppError::Forbidden);
        }
        detail.row.salary = None;
        detail.coefficient = None;
    }
    Ok(detail)
}
