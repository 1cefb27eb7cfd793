//! The evaluation downloads: a cycle's results (confidential: HR and the mayor, each download
//! logged) and the distribution by service with small groups suppressed.
use super::{repo, service};
use crate::domain::evaluation::{Rating, MIN_GROUP};
use crate::domain::Coded;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ssr::export::{Export, ExportCall, Table};
use crate::ssr::Access;

pub const EXPORTS: &[Export] = &[
    Export {
        name: "evaluations",
        access: Access::OVERSIGHT,
        build: |x| Box::pin(evaluations(x)),
    },
    Export {
        name: "evaluation-distribution",
        access: Access::OVERSIGHT,
        build: |x| Box::pin(distribution(x)),
    },
];

async fn evaluations(x: ExportCall) -> Result<Table, AppError> {
    let cycle = x.number("cycle").ok_or(AppError::NotFound)?;
    let filter = repo::EvalFilter {
        cycle_id: Some(cycle),
        stage: x.param("stage").and_then(|c| Coded::parse(&c)),
        q: x.param("q"),
        ..Default::default()
    };
    let rows = service::rows(&x.call.db, &filter, None, x.call.today()).await?;
    Ok(Table {
        name: "evaluations",
        headers: x.headers(&[
            Key::EvalPeriod,
            Key::ColName,
            Key::ColPosition,
            Key::ColUnit,
            Key::EvalEvaluator,
            Key::EvalStage,
            Key::EvalMark,
            Key::EvalRating,
        ]),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.period.clone(),
                    x.name(&r.employee.name),
                    x.name_or_empty(&r.position),
                    x.name_or_empty(&r.unit),
                    r.evaluator
                        .as_ref()
                        .map(|e| x.name(&e.name))
                        .unwrap_or_default(),
                    x.text(r.stage.key()),
                    r.mark.clone().unwrap_or_default(),
                    r.rating.map(|r| x.text(r.key())).unwrap_or_default(),
                ]
            })
            .collect(),
    })
}

/// Counts of a group, or "<3" in every cell when fewer than three people would be identified.
fn cells(counts: &[i64], total: i64) -> Vec<String> {
    if total < MIN_GROUP {
        vec!["<3".to_string(); counts.len() + 1]
    } else {
        counts
            .iter()
            .chain(std::iter::once(&total))
            .map(|n| n.to_string())
            .collect()
    }
}

async fn distribution(x: ExportCall) -> Result<Table, AppError> {
    let cycle = x.number("cycle").ok_or(AppError::NotFound)?;
    let d = service::dashboard(&x.call.db, cycle, x.call.today()).await?;
    let mut headers = x.headers(&[Key::ColUnit]);
    headers.extend(Rating::BEST_FIRST.iter().map(|r| x.text(r.key())));
    headers.push(x.text(Key::ReportTotal));
    let mut rows: Vec<Vec<String>> = d
        .distribution
        .iter()
        .map(|u| {
            let mut row = vec![x.name(&u.unit)];
            row.extend(cells(&u.counts, u.total));
            row
        })
        .collect();
    let mut total = vec![x.text(Key::ReportTotal)];
    total.extend(cells(&d.rating_totals, d.rating_totals.iter().sum()));
    rows.push(total);
    Ok(Table {
        name: "evaluation-distribution",
        headers,
        rows,
    })
}
