//! Who qualifies for the next class: each officer's finalized ratings since their last class,
//! under the promotion rules in force.
use super::super::repo::{self, ClassRecord, PeriodRating};
use super::super::{Eligibility, EligibleOfficer, OfficerInOrder};
use super::settings::rules_on;
use crate::domain::class as rules;
use crate::domain::evaluation::Rating;
use crate::error::AppError;
use chrono::NaiveDate;
use sqlx::SqliteConnection;
use std::collections::HashSet;

/// The officer's current class (never lowered: the highest signed) and the end of the last
/// period it was given for.
pub fn standing(records: Option<&Vec<ClassRecord>>) -> (Option<u8>, Option<NaiveDate>) {
    records
        .and_then(|r| r.iter().max_by_key(|c| c.class_no))
        .map_or((None, None), |c| {
            (Some(c.class_no as u8), Some(c.basis_through))
        })
}

/// Who qualifies for the next class on `on`, from the periods ended before it.
pub async fn eligibility(
    conn: &mut SqliteConnection,
    on: NaiveDate,
) -> Result<Eligibility, AppError> {
    let class_rules = rules_on(conn, on).await?;
    let officers = repo::officers_on(conn, on).await?;
    let records = repo::class_records(conn).await?;
    let ratings = repo::period_ratings(conn, on).await?;
    let pending = repo::pending_items(conn).await?;
    // A year in which an officer served but has no evaluation at all counts as unrated
    // (DOMAIN §4.3); that matters only when unrated years break a streak.
    let periods_ended = if class_rules.skip_unrated_years {
        Vec::new()
    } else {
        repo::ended_periods(conn, on).await?
    };
    let served = match periods_ended.first() {
        Some((_, first_start, _)) => repo::salary_spans(conn, *first_start, on).await?,
        None => Default::default(),
    };
    let mut result = Eligibility {
        on,
        eligible: Vec::new(),
        in_orders: Vec::new(),
        awaiting_appeal: Vec::new(),
    };
    let mut seen = HashSet::new();
    for row in officers {
        if !seen.insert(row.employee_id) {
            continue;
        }
        let (current, since) = standing(records.get(&row.employee_id));
        let periods: Vec<&PeriodRating> = ratings
            .get(&row.employee_id)
            .map(|p| {
                p.iter()
                    .filter(|p| since.is_none_or(|s| p.period_end > s))
                    .collect()
            })
            .unwrap_or_default();
        if periods.iter().any(|p| p.appealed) {
            result.awaiting_appeal.push(row.officer());
            continue;
        }
        let mut rated: Vec<(i32, Option<Rating>)> =
            periods.iter().map(|p| (p.year, p.rating)).collect();
        for (year, start, end) in &periods_ended {
            let after_basis = since.is_none_or(|s| *end > s);
            let evaluated = periods.iter().any(|p| p.period_end == *end);
            let serving = served.get(&row.employee_id).is_some_and(|spans| {
                spans
                    .iter()
                    .any(|s| s.span.from <= *end && s.span.to.is_none_or(|t| t >= *start))
            });
            if after_basis && !evaluated && serving {
                rated.push((*year, None));
            }
        }
        let years = rules::years_from_periods(&rated, class_rules.skip_unrated_years);
        let Some(qualification) = rules::qualification(current, &years, &class_rules) else {
            continue;
        };
        match pending.get(&row.employee_id) {
            Some(order) => result.in_orders.push(OfficerInOrder {
                officer: row.officer(),
                order: order.clone(),
            }),
            None => result.eligible.push(EligibleOfficer {
                officer: row.officer(),
                current,
                qualification,
            }),
        }
    }
    Ok(result)
}
