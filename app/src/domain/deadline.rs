//! The one deadline helper of vacancies and competitions (issue 14): a term counted from the
//! day after the event that starts it, in calendar days, working days (weekends and the holiday
//! table skipped) or months (DOMAIN §0.2 through `common::term_end`). Every amount comes from an
//! effective-dated rule setting with its source; nothing here is a legal constant.
use super::common::term_end;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

coded_enum! {
    /// How a rule counts its term.
    pub enum DeadlineUnit {
        /// Calendar days.
        CalendarDays = "calendar_days" => DeadlineUnitCalendarDays,
        /// Working days: Monday to Friday except the holidays in HR's table.
        WorkingDays = "working_days" => DeadlineUnitWorkingDays,
        /// Months (DOMAIN §0.2).
        Months = "months" => DeadlineUnitMonths,
    }
}

/// A term as a rule states it: "14 days", "5 working days", "3 months".
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Term {
    pub amount: u32,
    pub unit: DeadlineUnit,
}

impl Term {
    pub fn calendar_days(amount: u32) -> Self {
        Term {
            amount,
            unit: DeadlineUnit::CalendarDays,
        }
    }

    pub fn working_days(amount: u32) -> Self {
        Term {
            amount,
            unit: DeadlineUnit::WorkingDays,
        }
    }

    pub fn months(amount: u32) -> Self {
        Term {
            amount,
            unit: DeadlineUnit::Months,
        }
    }
}

/// Monday to Friday and not in the holiday table.
pub fn is_working_day(date: NaiveDate, holidays: &BTreeSet<NaiveDate>) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// The day a vacancy opens and a term's counting starts: the day after the event (seed 004
/// art. 18(1): "the day after" the position is approved or the dismissal takes effect).
pub fn day_after(event: NaiveDate) -> Option<NaiveDate> {
    event.succ_opt()
}

/// The last day of `term` counted from the day after `event`: the n-th calendar day after it,
/// the n-th working day after it, or the end of a term of n months starting the day after
/// (DOMAIN §0.2). `None` past the calendar's end.
pub fn due(event: NaiveDate, term: Term, holidays: &BTreeSet<NaiveDate>) -> Option<NaiveDate> {
    match term.unit {
        DeadlineUnit::CalendarDays => event.checked_add_days(Days::new(u64::from(term.amount))),
        DeadlineUnit::WorkingDays => {
            let mut day = event;
            let mut counted = 0;
            while counted < term.amount {
                day = day.succ_opt()?;
                if is_working_day(day, holidays) {
                    counted += 1;
                }
            }
            Some(day)
        }
        DeadlineUnit::Months => term_end(day_after(event)?, term.amount),
    }
}

coded_enum! {
    /// Where a deadline stands on a day.
    pub enum DeadlineStatus {
        /// More than the warning period away.
        Upcoming = "upcoming" => DeadlineStatusUpcoming,
        /// Within the warning period (the inbox warns).
        DueSoon = "due_soon" => DeadlineStatusDueSoon,
        /// Passed without the step being taken.
        Overdue = "overdue" => DeadlineStatusOverdue,
    }
}

/// A deadline's standing on `today`, warning `warn_days` calendar days before it (the due day
/// itself is still in time).
pub fn status(today: NaiveDate, due: NaiveDate, warn_days: u32) -> DeadlineStatus {
    if today > due {
        DeadlineStatus::Overdue
    } else if (due - today).num_days() <= i64::from(warn_days) {
        DeadlineStatus::DueSoon
    } else {
        DeadlineStatus::Upcoming
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn none() -> BTreeSet<NaiveDate> {
        BTreeSet::new()
    }

    #[test]
    fn a_vacancy_opens_the_day_after_and_its_decision_is_due_14_days_later() {
        // Dismissal takes effect 31 January; the vacancy opens 1 February.
        assert_eq!(day_after(d(2027, 1, 31)), Some(d(2027, 2, 1)));
        assert_eq!(
            due(d(2027, 1, 31), Term::calendar_days(14), &none()),
            Some(d(2027, 2, 14))
        );
        // Over a year end and through 29 February.
        assert_eq!(
            due(d(2027, 12, 25), Term::calendar_days(14), &none()),
            Some(d(2028, 1, 8))
        );
        assert_eq!(
            due(d(2028, 2, 20), Term::calendar_days(9), &none()),
            Some(d(2028, 2, 29))
        );
    }

    #[test]
    fn months_follow_the_one_rule() {
        // Opens 1 October (event 30 September): filled within 3 months means by 31 December.
        assert_eq!(
            due(d(2027, 9, 30), Term::months(3), &none()),
            Some(d(2027, 12, 31))
        );
        // Opens 31 August: to 30 November.
        assert_eq!(
            due(d(2027, 8, 30), Term::months(3), &none()),
            Some(d(2027, 11, 30))
        );
        // Opens 30 November 2027: to 29 February 2028.
        assert_eq!(
            due(d(2027, 11, 29), Term::months(3), &none()),
            Some(d(2028, 2, 29))
        );
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // Friday 8 January 2027; Monday 11th … with 14 January (a holiday in the table).
        let holidays: BTreeSet<NaiveDate> = [d(2027, 1, 14)].into_iter().collect();
        assert_eq!(
            due(d(2027, 1, 8), Term::working_days(5), &none()),
            Some(d(2027, 1, 15))
        );
        assert_eq!(
            due(d(2027, 1, 8), Term::working_days(5), &holidays),
            Some(d(2027, 1, 18))
        );
        // An event on a Saturday counts from Monday.
        assert_eq!(
            due(d(2027, 1, 9), Term::working_days(1), &none()),
            Some(d(2027, 1, 11))
        );
        assert!(!is_working_day(d(2027, 1, 9), &none()));
        assert!(!is_working_day(d(2027, 1, 14), &holidays));
    }

    #[test]
    fn the_due_day_is_still_in_time() {
        let due_day = d(2027, 2, 14);
        assert_eq!(status(d(2027, 2, 1), due_day, 3), DeadlineStatus::Upcoming);
        assert_eq!(status(d(2027, 2, 11), due_day, 3), DeadlineStatus::DueSoon);
        assert_eq!(status(due_day, due_day, 3), DeadlineStatus::DueSoon);
        assert_eq!(status(d(2027, 2, 15), due_day, 3), DeadlineStatus::Overdue);
    }

    proptest! {
        /// Every term ends after its event; working days end on a working day and never
        /// before the same number of calendar days.
        #[test]
        fn terms_end_after_the_event(day in 0i64..4000, amount in 1u32..40, holiday in 0i64..60) {
            let event = d(2025, 1, 1) + chrono::Duration::days(day);
            let holidays: BTreeSet<NaiveDate> =
                [event + chrono::Duration::days(holiday)].into_iter().collect();
            let calendar = due(event, Term::calendar_days(amount), &holidays).expect("day");
            let working = due(event, Term::working_days(amount), &holidays).expect("day");
            let months = due(event, Term::months(amount.min(24)), &holidays).expect("day");
            prop_assert!(calendar > event && working > event && months > event);
            prop_assert!(working >= calendar);
            prop_assert!(is_working_day(working, &holidays));
        }
    }
}
