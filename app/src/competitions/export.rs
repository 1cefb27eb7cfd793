//! The competition reports as downloads: competitions per year, pass rates per stage, the
//! vacancies past their deadlines, and (the mayor's) integrity view by member.
use super::service;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::export::{Export, ExportCall, Table};
use crate::ssr::Access;

pub const EXPORTS: &[Export] = &[
    Export {
        name: "competitions-by-year",
        access: Access::OVERSIGHT,
        build: |x| Box::pin(by_year(x)),
    },
    Export {
        name: "competition-pass-rates",
        access: Access::OVERSIGHT,
        build: |x| Box::pin(pass_rates(x)),
    },
    Export {
        name: "vacancies-overdue",
        access: Access::OVERSIGHT,
        build: |x| Box::pin(overdue(x)),
    },
    Export {
        name: "competition-integrity",
        access: Access::MAYOR,
        build: |x| Box::pin(integrity(x)),
    },
];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

async fn by_year(x: ExportCall) -> Result<Table, AppError> {
    let r = service::reports(&x.call.db, &x.call.actor).await?;
    Ok(Table {
        name: "competitions-by-year",
        headers: x.headers(&[
            Key::ReportYear,
            Key::ReportCompetitions,
            Key::CompetitionStateAppointed,
            Key::CompetitionStateFailed,
            Key::CompetitionStateCancelled,
            Key::Applicants,
            Key::ReportApplicantsPerVacancy,
            Key::ReportDaysToFill,
            Key::ReportReviews,
            Key::ReportReviewsUpheld,
        ]),
        rows: r
            .years
            .iter()
            .map(|y| {
                vec![
                    y.year.to_string(),
                    y.competitions.to_string(),
                    y.appointed.to_string(),
                    y.failed.to_string(),
                    y.cancelled.to_string(),
                    y.applicants.to_string(),
                    y.applicants_per_vacancy.to_string(),
                    opt(y.days_to_fill),
                    y.reviews.to_string(),
                    y.reviews_upheld.to_string(),
                ]
            })
            .collect(),
    })
}

async fn pass_rates(x: ExportCall) -> Result<Table, AppError> {
    let r = service::reports(&x.call.db, &x.call.actor).await?;
    Ok(Table {
        name: "competition-pass-rates",
        headers: x.headers(&[
            Key::ReportYear,
            Key::StageCol,
            Key::ReportScored,
            Key::StagePassed,
            Key::ReportPassRate,
        ]),
        rows: r
            .pass_rates
            .iter()
            .map(|p| {
                vec![
                    p.year.to_string(),
                    x.text(crate::domain::Coded::key(p.kind)),
                    p.scored.to_string(),
                    p.passed.to_string(),
                    p.rate.to_string(),
                ]
            })
            .collect(),
    })
}

async fn overdue(x: ExportCall) -> Result<Table, AppError> {
    let r = service::reports(&x.call.db, &x.call.actor).await?;
    Ok(Table {
        name: "vacancies-overdue",
        headers: x.headers(&[
            Key::ColUnit,
            Key::ColPosition,
            Key::ColStatus,
            Key::VacancyOpenedOn,
            Key::VacancyDecisionDue,
            Key::VacancyFillDue,
        ]),
        rows: r
            .overdue
            .iter()
            .map(|v| {
                vec![
                    x.name_or_empty(&v.unit),
                    x.name(&v.position),
                    x.text(crate::domain::Coded::key(v.state)),
                    v.opened_on.format("%d.%m.%Y").to_string(),
                    v.decision_due.format("%d.%m.%Y").to_string(),
                    v.fill_due.format("%d.%m.%Y").to_string(),
                ]
            })
            .collect(),
    })
}

async fn integrity(x: ExportCall) -> Result<Table, AppError> {
    let r = service::reports(&x.call.db, &x.call.actor).await?;
    let i = r.integrity.ok_or(AppError::Forbidden)?;
    Ok(Table {
        name: "competition-integrity",
        headers: x.headers(&[
            Key::CommissionMember,
            Key::ReportSheets,
            Key::ReportDeviation,
        ]),
        rows: i
            .members
            .iter()
            .map(|m| vec![m.name.clone(), m.sheets.to_string(), opt(m.deviation)])
            .collect(),
    })
}
