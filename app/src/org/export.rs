//! The organisation's downloads: the structure, a unit's staff list, vacancies, the staff
//! report.
use super::service;
use crate::domain::common::date_text;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::export::{Export, ExportCall, Table};
use crate::ssr::Access;

pub const EXPORTS: &[Export] = &[
    Export {
        name: "units",
        access: Access::READERS,
        build: |x| Box::pin(units(x)),
    },
    Export {
        name: "staff-list",
        access: Access::READERS,
        build: |x| Box::pin(staff_list(x)),
    },
    Export {
        name: "vacancies",
        access: Access::OVERSIGHT,
        build: |x| Box::pin(vacancies(x)),
    },
    Export {
        name: "staff-report",
        access: Access::OVERSIGHT,
        build: |x| Box::pin(staff_report(x)),
    },
];

async fn units(x: ExportCall) -> Result<Table, AppError> {
    let on = service::as_of(&x.param("as_of"), x.call.today())?;
    let tree = service::tree(&x.call.db, on).await?;
    Ok(Table {
        name: "units",
        headers: x.headers(&[
            Key::OrgCode,
            Key::ColUnit,
            Key::OrgHead,
            Key::StatPositions,
            Key::StatStaff,
            Key::OrgVacancies,
        ]),
        rows: tree
            .units
            .iter()
            .map(|u| {
                vec![
                    u.code.clone(),
                    x.name(&u.name),
                    u.head.as_ref().map(|p| x.name(&p.name)).unwrap_or_default(),
                    u.positions.to_string(),
                    u.staff.to_string(),
                    u.vacancies.to_string(),
                ]
            })
            .collect(),
    })
}

async fn staff_list(x: ExportCall) -> Result<Table, AppError> {
    let scope = service::people_scope(&x.call.db, &x.call.actor).await?;
    let on = service::as_of(&x.param("as_of"), x.call.today())?;
    let unit = x.number("unit").ok_or(AppError::NotFound)?;
    let staff = service::unit_staff(&x.call.db, unit, on, &scope).await?;
    let mut headers = x.headers(&[
        Key::ColPosition,
        Key::OrgHolder,
        Key::ColRank,
        Key::ColCategory,
        Key::OrgEmployment,
    ]);
    if scope.sees_salaries() {
        headers.push(x.text(Key::ColSalary));
    }
    Ok(Table {
        name: "staff-list",
        headers,
        rows: staff
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![
                    x.name(&r.title),
                    r.holder
                        .as_ref()
                        .map(|p| x.name(&p.name))
                        .unwrap_or_else(|| x.text(Key::OrgVacant)),
                    r.rank.map(|n| n.to_string()).unwrap_or_default(),
                    x.name_or_empty(&r.category),
                    x.text(r.employment_type.key()),
                ];
                if let Some(salary) = r.salary {
                    row.push(salary.to_string());
                }
                row
            })
            .collect(),
    })
}

async fn vacancies(x: ExportCall) -> Result<Table, AppError> {
    let on = service::as_of(&x.param("as_of"), x.call.today())?;
    let rows = service::vacancies(&x.call.db, on).await?;
    Ok(Table {
        name: "vacancies",
        headers: x.headers(&[
            Key::ColUnit,
            Key::ColPosition,
            Key::ColRank,
            Key::ColCategory,
            Key::ColSalary,
            Key::VacancyOpenedOn,
            Key::VacancyDecisionDue,
            Key::VacancyFillDue,
        ]),
        rows: rows
            .iter()
            .map(|v| {
                let day = |d: Option<chrono::NaiveDate>| d.map(date_text).unwrap_or_default();
                vec![
                    x.name_or_empty(&v.unit),
                    x.name(&v.title),
                    v.rank.map(|n| n.to_string()).unwrap_or_default(),
                    x.name_or_empty(&v.category),
                    v.salary.to_string(),
                    day(v.clock.as_ref().map(|c| c.opened_on)),
                    day(v.clock.as_ref().map(|c| c.decision_due)),
                    day(v.clock.as_ref().map(|c| c.fill_due)),
                ]
            })
            .collect(),
    })
}

async fn staff_report(x: ExportCall) -> Result<Table, AppError> {
    let on = service::as_of(&x.param("as_of"), x.call.today())?;
    let report = service::staff_report(&x.call.db, on).await?;
    Ok(Table {
        name: "staff-report",
        headers: x.headers(&[Key::ColCategory, Key::ColWomen, Key::ColMen, Key::ColTotal]),
        rows: report
            .rows
            .iter()
            .chain(std::iter::once(&report.total))
            .map(|r| {
                vec![
                    x.text(r.group.key()),
                    r.women.to_string(),
                    r.men.to_string(),
                    r.total().to_string(),
                ]
            })
            .collect(),
    })
}
