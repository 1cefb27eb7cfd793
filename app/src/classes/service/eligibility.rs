//! Who qualifies for the next class: each officer's finalized ratings since their last class,
//! under the promotion rules in force.
use super::super::repo::{self, ClassRecord, PeriodRating};
use super::super::{Eligibility, EligibleOfficer, OfficerInOrder};
use super::settings::rules_on;
use crate::domain::class as rules;
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
        let years = rules::years_from_periods(
            &periods
                .iter()
                .map(|p| (p.year, p.rating))
                .collect::<Vec<_>>(),
        );
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
