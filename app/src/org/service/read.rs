//! The organisation on a date: the tree with its figures, a unit's staff list, vacancies, the
//! staff report, one position, and whose records a caller may see.
use super::super::repo::{self, LinesOf, UnitRecord};
use super::super::{
    ListChoices, OrgOptions, OrgTree, PositionDetail, PositionOption, StaffReport, StaffRow,
    UnitStaff, UnitSummary, Vacancy, VacancyClock, VacantChoice, VacantChoices,
};
use crate::domain::scope::PeopleScope;
use crate::domain::structure::{units_as_of, OrgSnapshot, UnitRow};
use crate::domain::{Bilingual, PersonRef, Role};
use crate::error::AppError;
use crate::ssr::shared::structure_value;
use crate::ssr::{Actor, Db};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

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
            let scope = manager_scope(db, employee, actor.today()).await?;
            (scope.0.clone(), scope.1.clone())
        }
        _ => Default::default(),
    };
    Ok(PeopleScope::Only { ids, me, positions })
}

/// A manager's people and the positions they supervise.
type ManagerScope = Arc<(HashSet<i64>, HashSet<i64>)>;

/// Each manager's scope on a day, computed on a manager's first request (a walk of the whole
/// structure) and shared until the structure changes.
#[derive(Default)]
struct ManagerScopes(std::sync::Mutex<HashMap<i64, ManagerScope>>);

async fn manager_scope(db: &Db, employee: i64, on: NaiveDate) -> Result<ManagerScope, AppError> {
    let scopes = structure_value(db, on, || async { Ok(ManagerScopes::default()) }).await?;
    let known = scopes
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&employee)
        .cloned();
    if let Some(scope) = known {
        return Ok(scope);
    }
    let structure = snapshot(db, on).await?;
    let scope = Arc::new((
        structure.subordinates(employee),
        structure.supervised_positions(employee),
    ));
    scopes
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(employee, scope.clone());
    Ok(scope)
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

/// The structure on `on` for supervision and scope decisions, shared until it changes.
pub async fn snapshot(db: &Db, on: NaiveDate) -> Result<Arc<OrgSnapshot>, AppError> {
    structure_value(db, on, || async {
        let units = units_on(db, on).await?;
        let (positions, holdings) = repo::supervision_parts(&db.read, on).await?;
        Ok(OrgSnapshot::new(units.rows, positions, holdings))
    })
    .await
}

/// A unit's own figures on the staff list.
#[derive(Clone, Copy, Default)]
struct Figures {
    positions: i64,
    staff: i64,
    vacancies: i64,
}

impl Figures {
    fn add(&mut self, other: Figures) {
        self.positions += other.positions;
        self.staff += other.staff;
        self.vacancies += other.vacancies;
    }
}

fn summarize(
    unit: &UnitRow,
    units: &UnitsOn,
    figures: Figures,
    head: Option<PersonRef>,
) -> UnitSummary {
    UnitSummary {
        id: unit.id,
        parent_id: unit.parent_id,
        is_service: unit.is_service,
        code: units.code(unit.id),
        name: Bilingual::new(unit.name_ka.clone(), unit.name_en.clone()),
        head,
        positions: figures.positions,
        staff: figures.staff,
        vacancies: figures.vacancies,
        valid_from: unit.valid_from,
        valid_to: unit.valid_to,
        revision: units.records.get(&unit.id).map_or(1, |r| r.revision),
    }
}

/// Services, each followed by its departments; figures of a service include its departments.
/// Computed in one pass over the staff list and shared until the structure changes.
pub async fn tree(db: &Db, on: NaiveDate) -> Result<Arc<OrgTree>, AppError> {
    structure_value(db, on, || build_tree(db, on)).await
}

async fn build_tree(db: &Db, on: NaiveDate) -> Result<OrgTree, AppError> {
    let units = units_on(db, on).await?;
    let lines = repo::staff_lines(&db.read, on, LinesOf::All).await?;
    let mut own: HashMap<i64, Figures> = HashMap::new();
    let mut heads: HashMap<i64, PersonRef> = HashMap::new();
    let mut leadership = Vec::new();
    for line in lines {
        let Some(unit) = line.unit_id else {
            leadership.push(line.row);
            continue;
        };
        let figures = own.entry(unit).or_default();
        figures.positions += 1;
        figures.staff += i64::from(line.row.holder.is_some());
        figures.vacancies += i64::from(line.row.vacant());
        // The staff list comes heads first: a unit's head is its first head line's holder.
        if line.row.is_head && !heads.contains_key(&unit) {
            if let Some(person) = line.row.holder.or(line.row.acting) {
                heads.insert(unit, person);
            }
        }
    }
    let mut services: Vec<&UnitRow> = units
        .rows
        .iter()
        .filter(|u| u.parent_id.is_none())
        .collect();
    services.sort_by_key(|u| units.sort_key(u.id));
    let mut summaries = Vec::new();
    for service in services {
        let departments = units.children(service.id);
        let mut total = own.get(&service.id).copied().unwrap_or_default();
        for department in &departments {
            total.add(own.get(&department.id).copied().unwrap_or_default());
        }
        summaries.push(summarize(
            service,
            &units,
            total,
            heads.get(&service.id).cloned(),
        ));
        for department in departments {
            summaries.push(summarize(
                department,
                &units,
                own.get(&department.id).copied().unwrap_or_default(),
                heads.get(&department.id).cloned(),
            ));
        }
    }
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
    let tree = tree(db, on).await?;
    let unit = tree
        .units
        .iter()
        .find(|u| u.id == unit_id)
        .ok_or(AppError::NotFound)?;
    let rows: Vec<StaffRow> = repo::staff_lines(&db.read, on, LinesOf::Unit(unit_id))
        .await?
        .into_iter()
        .map(|l| l.row)
        .collect();
    let positions: Vec<i64> = rows.iter().map(|r| r.position_id).collect();
    if !scope.can_open_unit(&positions) {
        return Err(AppError::Forbidden);
    }
    let show_salary = scope.sees_salaries();
    Ok(UnitStaff {
        as_of: on,
        parent: unit
            .parent_id
            .and_then(|p| tree.units.iter().find(|u| u.id == p))
            .map(|p| p.name.clone()),
        unit: unit.clone(),
        subunits: tree
            .units
            .iter()
            .filter(|u| u.parent_id == Some(unit_id))
            .cloned()
            .collect(),
        rows: rows
            .into_iter()
            .map(|mut row| {
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
    let lines: Vec<_> = repo::staff_lines(&db.read, on, LinesOf::All)
        .await?
        .into_iter()
        .filter(|l| l.row.vacant())
        .collect();
    let ids: Vec<i64> = lines.iter().map(|l| l.row.position_id).collect();
    let mut clocks = std::collections::HashMap::new();
    let vacant = repo::vacant_since(&db.read, &ids, on).await?;
    let (mut conn, mut clock) = (db.read.acquire().await?, VacancyClocks::new(on));
    for v in vacant {
        // The event: the last holder's last day, or the day the position was created.
        let event = v.last_held.unwrap_or(v.valid_from);
        clocks.insert(v.id, clock.clock(&mut conn, event).await?);
    }
    drop(conn);
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
    VacancyClocks::new(on).clock(conn, event).await
}

/// The clocks of many vacancies on `on`: the holidays are read once and the rules once per
/// opening day, not four queries per vacancy (a list of 500 vacancies made 2,000).
pub struct VacancyClocks {
    on: NaiveDate,
    holidays: Option<std::collections::BTreeSet<NaiveDate>>,
    /// (decision days, fill months, warning days) in force on an opening day.
    rules: HashMap<NaiveDate, (u32, u32, u32)>,
}

impl VacancyClocks {
    pub fn new(on: NaiveDate) -> Self {
        VacancyClocks {
            on,
            holidays: None,
            rules: HashMap::new(),
        }
    }

    pub async fn clock(
        &mut self,
        conn: &mut sqlx::SqliteConnection,
        event: NaiveDate,
    ) -> Result<Option<VacancyClock>, AppError> {
        use crate::domain::deadline::{day_after, due, status, Term};
        use crate::ssr::rules::number;
        let Some(opened_on) = day_after(event) else {
            return Ok(None);
        };
        let (decision_days, fill_months, warn) = match self.rules.get(&opened_on) {
            Some(rules) => *rules,
            None => {
                let rules = (
                    number(conn, "vacancy.decision_days", opened_on).await?,
                    number(conn, "vacancy.fill_months", opened_on).await?,
                    number(conn, "vacancy.warn_days", opened_on).await?,
                );
                self.rules.insert(opened_on, rules);
                rules
            }
        };
        if self.holidays.is_none() {
            self.holidays = Some(crate::ssr::repo::holidays(conn).await?);
        }
        let holidays = self.holidays.as_ref().expect("holidays were just read");
        let (Some(decision_due), Some(fill_due)) = (
            due(event, Term::calendar_days(decision_days), holidays),
            due(event, Term::months(fill_months), holidays),
        ) else {
            return Ok(None);
        };
        Ok(Some(VacancyClock {
            opened_on,
            decision_due,
            decision_status: status(self.on, decision_due, warn),
            fill_due,
            fill_status: status(self.on, fill_due, warn),
        }))
    }
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

/// Today's vacant positions with their units, shared until the structure changes (the
/// appointment form; without the clocks and the whole staff list the editing forms carry).
pub async fn vacant_choices(db: &Db, today: NaiveDate) -> Result<Arc<VacantChoices>, AppError> {
    structure_value(db, today, || async {
        let tree = tree(db, today).await?;
        let unit_name = |id: Option<i64>| {
            id.and_then(|id| tree.units.iter().find(|u| u.id == id))
                .map(|u| u.name.clone())
        };
        let lines = repo::staff_lines(&db.read, today, LinesOf::All).await?;
        Ok(VacantChoices(
            lines
                .into_iter()
                .filter(|l| l.row.vacant())
                .map(|l| VacantChoice {
                    position_id: l.row.position_id,
                    unit: unit_name(l.unit_id),
                    title: l.row.title,
                })
                .collect(),
        ))
    })
    .await
}

/// The staff list's filter choices on `today`, shared until the structure changes.
pub async fn list_choices(db: &Db, today: NaiveDate) -> Result<Arc<ListChoices>, AppError> {
    structure_value(db, today, || async {
        Ok(ListChoices {
            units: repo::unit_options(&db.read, today).await?,
            categories: repo::categories(&db.read, today).await?,
        })
    })
    .await
}

/// The choices of HR's editing forms on `today`.
pub async fn options(db: &Db, today: NaiveDate) -> Result<OrgOptions, AppError> {
    Ok(OrgOptions {
        units: repo::unit_options(&db.read, today).await?,
        categories: repo::categories(&db.read, today).await?,
        vacant_positions: vacancies(db, today).await?,
        positions: repo::staff_lines(&db.read, today, LinesOf::All)
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
    let row = repo::staff_lines(&db.read, on, LinesOf::Position(id))
        .await?
        .into_iter()
        .next()
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
