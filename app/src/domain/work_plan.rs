//! Monthly work plans and reports (სამუშაო გეგმა, ანგარიში; seed 004 art. 32–34, DOMAIN
//! §3.10): the officer drafts the month's plan, the supervisor approves it; the officer reports
//! by the first Friday of the next month and the supervisor evaluates the report.
use super::evaluation::Rating;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// Where a month's plan and report stand.
    pub enum MonthlyState {
        /// Being written by the officer (also after the supervisor returned it).
        Draft = "draft" => MonthlyDraft,
        /// Waiting for the supervisor's approval.
        Submitted = "submitted" => MonthlySubmitted,
        /// Approved: the officer works to it and reports on it.
        Approved = "approved" => MonthlyApproved,
        /// The report is in, waiting for the supervisor's evaluation.
        Reported = "reported" => MonthlyReported,
        /// Evaluated by the supervisor: it counts as evidence.
        Evaluated = "evaluated" => MonthlyEvaluated,
    }
}

/// The first day of the month `day` falls in (how a month is stored).
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The month written `yyyy-mm` or `mm.yyyy` (how forms and addresses carry it).
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let (y, m) = if let Some((m, y)) = t.split_once('.') {
        (y, m)
    } else {
        let (y, m) = t.split_once('-')?;
        (y, m.get(..2).unwrap_or(m))
    };
    let (y, m): (i32, u32) = (y.trim().parse().ok()?, m.trim().parse().ok()?);
    (1900..=2200)
        .contains(&y)
        .then(|| NaiveDate::from_ymd_opt(y, m, 1))
        .flatten()
}

/// `mm.yyyy`, the Georgian way of writing a month.
pub fn month_text(month: NaiveDate) -> String {
    format!("{:02}.{}", month.month(), month.year())
}

/// `yyyy-mm`, the month in an address.
pub fn month_code(month: NaiveDate) -> String {
    format!("{}-{:02}", month.year(), month.month())
}

/// A month's supervisor evaluation, shown as evidence elsewhere (the annual scoring, the
/// probation review, the attestation dossier).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyEvaluation {
    pub id: i64,
    pub month: NaiveDate,
    pub rating: Rating,
    pub comments: Option<String>,
    pub evaluated_by: Option<String>,
}

/// A step on a month's plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkStep {
    /// Officer: write or rewrite the draft.
    Draft,
    /// Officer: send the draft for approval.
    Submit,
    /// Supervisor: approve the plan.
    Approve,
    /// Supervisor: return the plan with a note.
    Return,
    /// Officer: hand in (or correct, until evaluated) the month's report.
    Report,
    /// Supervisor: evaluate the report.
    Evaluate,
}

/// Who the caller is to a plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkRelation {
    pub officer: bool,
    /// The direct supervisor of the officer's position.
    pub supervisor: bool,
    pub hr: bool,
    pub mayor: bool,
}

impl WorkRelation {
    /// Nobody approves or evaluates their own plan.
    pub fn takes(&self, step: WorkStep) -> bool {
        match step {
            WorkStep::Draft | WorkStep::Submit | WorkStep::Report => self.officer,
            WorkStep::Approve | WorkStep::Return | WorkStep::Evaluate => {
                self.supervisor && !self.officer
            }
        }
    }

    pub fn reads(&self) -> bool {
        self.officer || self.supervisor || self.hr || self.mayor
    }
}

/// Why a step is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkRefusal {
    NotYours,
    WrongState,
    /// A report is about a month that has begun.
    MonthNotStarted,
}

/// Whether a step may be taken on a plan of `month` in `state` on `today`.
pub fn check_work_step(
    step: WorkStep,
    rel: &WorkRelation,
    state: MonthlyState,
    month: NaiveDate,
    today: NaiveDate,
) -> Result<(), WorkRefusal> {
    use MonthlyState::*;
    if !rel.takes(step) {
        return Err(WorkRefusal::NotYours);
    }
    let ok = match step {
        WorkStep::Draft | WorkStep::Submit => state == Draft,
        WorkStep::Approve | WorkStep::Return => state == Submitted,
        WorkStep::Report => {
            if today < month_of(month) {
                return Err(WorkRefusal::MonthNotStarted);
            }
            matches!(state, Approved | Reported)
        }
        WorkStep::Evaluate => state == Reported,
    };
    ok.then_some(()).ok_or(WorkRefusal::WrongState)
}

/// A report handed in after its due day is late.
pub fn report_late(due: NaiveDate, reported_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    reported_on.unwrap_or(today) > due
}

/// The mark of the monthly evaluations in a span, worst counts: promotion asks for a high
/// evaluation over the last 6 months (seed 004 art. 22(2)(b)), so every month must be high.
pub fn all_high(ratings: &[Rating]) -> bool {
    !ratings.is_empty() && ratings.iter().all(|r| *r >= Rating::Good)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_read_and_write_the_georgian_way() {
        assert_eq!(parse_month("2026-11"), Some(d(2026, 11, 1)));
        assert_eq!(parse_month("2026-11-17"), Some(d(2026, 11, 1)));
        assert_eq!(parse_month("11.2026"), Some(d(2026, 11, 1)));
        assert_eq!(parse_month("13.2026"), None);
        assert_eq!(parse_month("november"), None);
        assert_eq!(month_text(d(2026, 3, 1)), "03.2026");
        assert_eq!(month_code(d(2026, 3, 1)), "2026-03");
    }

    #[test]
    fn the_officer_writes_and_the_supervisor_decides() {
        let officer = WorkRelation {
            officer: true,
            ..Default::default()
        };
        let boss = WorkRelation {
            supervisor: true,
            ..Default::default()
        };
        let today = d(2026, 11, 20);
        let nov = d(2026, 11, 1);
        let dec = d(2026, 12, 1);
        use MonthlyState::*;
        assert_eq!(
            check_work_step(WorkStep::Draft, &officer, Draft, dec, today),
            Ok(())
        );
        assert_eq!(
            check_work_step(WorkStep::Approve, &officer, Submitted, nov, today),
            Err(WorkRefusal::NotYours)
        );
        assert_eq!(
            check_work_step(WorkStep::Approve, &boss, Submitted, nov, today),
            Ok(())
        );
        assert_eq!(
            check_work_step(WorkStep::Draft, &officer, Approved, nov, today),
            Err(WorkRefusal::WrongState)
        );
        // December's report cannot be written in November.
        assert_eq!(
            check_work_step(WorkStep::Report, &officer, Approved, dec, today),
            Err(WorkRefusal::MonthNotStarted)
        );
        assert_eq!(
            check_work_step(WorkStep::Report, &officer, Reported, nov, today),
            Ok(())
        );
        assert_eq!(
            check_work_step(WorkStep::Evaluate, &boss, Reported, nov, today),
            Ok(())
        );
        assert_eq!(
            check_work_step(WorkStep::Report, &officer, Evaluated, nov, today),
            Err(WorkRefusal::WrongState)
        );
        // A supervisor who is the officer (a head's own plan) does not approve it.
        let both = WorkRelation {
            officer: true,
            supervisor: true,
            ..Default::default()
        };
        assert!(!both.takes(WorkStep::Evaluate));
    }

    #[test]
    fn a_report_is_late_after_its_due_day() {
        let due = d(2026, 12, 4);
        assert!(!report_late(due, Some(d(2026, 12, 4)), d(2026, 12, 20)));
        assert!(report_late(due, Some(d(2026, 12, 5)), d(2026, 12, 20)));
        assert!(report_late(due, None, d(2026, 12, 5)));
        assert!(!report_late(due, None, d(2026, 12, 1)));
    }

    proptest! {
        #[test]
        fn months_round_trip(y in 1990i32..2100, m in 1u32..=12, day in 1u32..=28) {
            let month = month_of(d(y, m, day));
            prop_assert_eq!(parse_month(&month_code(month)), Some(month));
            prop_assert_eq!(parse_month(&month_text(month)), Some(month));
        }

        #[test]
        fn nobody_decides_on_their_own_plan(step in 0usize..6, hr: bool, mayor: bool, sup: bool) {
            let steps = [WorkStep::Draft, WorkStep::Submit, WorkStep::Approve, WorkStep::Return,
                WorkStep::Report, WorkStep::Evaluate];
            let rel = WorkRelation { officer: true, supervisor: sup, hr, mayor };
            let s = steps[step];
            let decides = matches!(s, WorkStep::Approve | WorkStep::Return | WorkStep::Evaluate);
            prop_assert_eq!(rel.takes(s), !decides);
        }
    }
}
