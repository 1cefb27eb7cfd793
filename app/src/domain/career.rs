//! The rest of the evidence trail's rules (seed 004 art. 21–23, 33; DOMAIN §3.7–3.10): when a
//! monthly report is due, when an officer is due for attestation, whether a disciplinary
//! sanction is in force on a day, and the promotion check with each condition explained.
use super::common::term_end;
use super::evaluation::Rating;
use chrono::{Datelike, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The officer's monthly report is due on the first Friday of the next month (seed 004
/// art. 33(4)).
pub fn monthly_report_due(month: NaiveDate) -> Option<NaiveDate> {
    let next = month.with_day(1)?.checked_add_months(Months::new(1))?;
    let ahead =
        (Weekday::Fri.num_days_from_monday() + 7 - next.weekday().num_days_from_monday()) % 7;
    next.checked_add_days(chrono::Days::new(u64::from(ahead)))
}

/// The last day by which an officer is to be attested: `interval_years` counted from the last
/// attestation, or from the appointment when there was none (seed 004 art. 21(1); DOMAIN §0.2).
pub fn attestation_due(
    appointed_on: NaiveDate,
    last_attested: Option<NaiveDate>,
    interval_years: u32,
) -> Option<NaiveDate> {
    term_end(last_attested.unwrap_or(appointed_on), interval_years * 12)
}

/// A disciplinary sanction is in force from its first day through its last (open-ended until
/// lifted).
pub fn sanction_in_force(
    valid_from: NaiveDate,
    valid_to: Option<NaiveDate>,
    on: NaiveDate,
) -> bool {
    valid_from <= on && valid_to.is_none_or(|to| on <= to)
}

coded_enum! {
    /// The commission's conclusion on an attested officer (DOMAIN §3.7), worst first.
    pub enum Conclusion {
        /// Does not fit the position: a ground for demotion.
        DoesNotFit = "does_not_fit" => AttestationDoesNotFit,
        FitsPosition = "fits_position" => AttestationFitsPosition,
        /// Fits a higher position: a promotion candidate.
        FitsHigher = "fits_higher" => AttestationFitsHigher,
    }
}

coded_enum! {
    /// A condition of promotion (seed 004 art. 22–23), each checked on its own.
    pub enum PromotionCondition {
        /// The officer's written consent.
        Consent = "consent" => PromotionConsent,
        /// Qualification upgraded, and the attestation found the officer fits a higher position.
        QualifiedAndAttested = "qualified_and_attested" => PromotionQualifiedAndAttested,
        /// A high evaluation over the last 6 months.
        HighEvaluation = "high_evaluation" => PromotionHighEvaluation,
        /// No disciplinary sanction in force.
        NoSanction = "no_sanction" => PromotionNoSanction,
        /// No negative evaluation from the superior.
        NoNegativeFromSuperior = "no_negative" => PromotionNoNegative,
    }
}

/// What the promotion check looks at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotionFacts {
    pub consent: bool,
    pub qualification_upgraded: bool,
    pub attestation: Option<Conclusion>,
    /// The ratings of the evaluations (monthly and annual) that cover the last 6 months.
    pub recent_ratings: Vec<Rating>,
    pub sanction_in_force: bool,
    pub negative_from_superior: bool,
}

/// Each condition with whether it holds; promotion needs all of them.
pub fn promotion_check(f: &PromotionFacts) -> Vec<(PromotionCondition, bool)> {
    use PromotionCondition::*;
    vec![
        (Consent, f.consent),
        (
            QualifiedAndAttested,
            f.qualification_upgraded && f.attestation == Some(Conclusion::FitsHigher),
        ),
        (
            HighEvaluation,
            super::work_plan::all_high(&f.recent_ratings),
        ),
        (NoSanction, !f.sanction_in_force),
        (NoNegativeFromSuperior, !f.negative_from_superior),
    ]
}

pub fn may_be_promoted(f: &PromotionFacts) -> bool {
    promotion_check(f).iter().all(|(_, ok)| *ok)
}

/// A candidate for one higher position: the better attestation conclusion first, then the
/// higher evaluation mark (seed 004 art. 22(4)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub employee_id: i64,
    pub attestation: Option<Conclusion>,
    pub mark: rust_decimal::Decimal,
}

pub fn rank_candidates(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| {
        b.attestation
            .cmp(&a.attestation)
            .then(b.mark.cmp(&a.mark))
            .then(a.employee_id.cmp(&b.employee_id))
    });
    candidates
}

/// A demotion ground: the commission found the officer does not fit, or the last
/// `regular` evaluations were all low (satisfactory or worse).
pub fn demotion_ground(
    attestation: Option<Conclusion>,
    last_ratings: &[Rating],
    regular: usize,
) -> bool {
    attestation == Some(Conclusion::DoesNotFit)
        || (regular > 0
            && last_ratings.len() >= regular
            && last_ratings[last_ratings.len() - regular..]
                .iter()
                .all(|r| matches!(r, Rating::Satisfactory | Rating::Unsatisfactory)))
}

coded_enum! {
    /// A disciplinary sanction's kind (დისციპლინური სახდელი).
    pub enum SanctionKind {
        /// შენიშვნა
        Reprimand = "reprimand" => SanctionReprimand,
        /// საყვედური / მკაცრი საყვედური
        SevereReprimand = "severe_reprimand" => SanctionSevereReprimand,
        /// ხელფასის დაკავება
        SalaryCut = "salary_cut" => SanctionSalaryCut,
        /// ჩამოქვეითება
        Demotion = "demotion" => SanctionDemotion,
        /// სამსახურიდან გათავისუფლება
        Dismissal = "dismissal" => SanctionDismissal,
    }
}

/// Whether a disciplinary dismissal on `dismissed_on` still bars an appointment starting on
/// `start`: for `block_months` counted by the month rule (DOMAIN §0.2).
pub fn dismissal_bars_appointment(
    dismissed_on: NaiveDate,
    start: NaiveDate,
    block_months: u32,
) -> bool {
    block_months > 0
        && start >= dismissed_on
        && term_end(dismissed_on, block_months).is_some_and(|last| start <= last)
}

/// The number of unsatisfactory results at the end of a person's annual ratings (oldest first):
/// `consecutive` of them raise a dismissal ground (DOMAIN §3.9).
pub fn trailing_unsatisfactory(ratings: &[Rating]) -> usize {
    ratings
        .iter()
        .rev()
        .take_while(|r| **r == Rating::Unsatisfactory)
        .count()
}

coded_enum! {
    /// Where a training need comes from.
    pub enum NeedSource {
        /// An unsatisfactory annual result (DOMAIN §3.9).
        Evaluation = "evaluation" => TrainingFromEvaluation,
        /// A supervisor's monthly evaluation.
        Monthly = "monthly" => TrainingFromMonthly,
        /// Raised by HR or the supervisor.
        Hr = "hr" => TrainingFromHr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_report_is_due_on_the_first_friday_of_the_next_month() {
        // November 2026's report: 1 December 2026 is a Tuesday → Friday 4 December.
        assert_eq!(monthly_report_due(d(2026, 11, 17)), Some(d(2026, 12, 4)));
        // January 2027's: 1 February 2027 is a Monday → Friday 5 February.
        assert_eq!(monthly_report_due(d(2027, 1, 1)), Some(d(2027, 2, 5)));
        // When the 1st is a Friday it is that day: 1 May 2026 is a Friday (April's report).
        assert_eq!(monthly_report_due(d(2026, 4, 30)), Some(d(2026, 5, 1)));
        // December's is due in January of the next year: 1 January 2027 is a Friday.
        assert_eq!(monthly_report_due(d(2026, 12, 31)), Some(d(2027, 1, 1)));
        // February of a leap year: 1 March 2028 is a Wednesday → 3 March.
        assert_eq!(monthly_report_due(d(2028, 2, 29)), Some(d(2028, 3, 3)));
    }

    #[test]
    fn attestation_every_three_years_from_the_appointment_or_the_last_one() {
        assert_eq!(
            attestation_due(d(2020, 3, 1), None, 3),
            Some(d(2023, 2, 28))
        );
        assert_eq!(
            attestation_due(d(2020, 3, 1), Some(d(2023, 1, 20)), 3),
            Some(d(2026, 1, 19))
        );
        // From 29 February: the day before 29 February three years on → 28 February.
        assert_eq!(
            attestation_due(d(2024, 2, 29), None, 3),
            Some(d(2027, 2, 28))
        );
    }

    #[test]
    fn sanctions_in_force_on_a_day() {
        assert!(!sanction_in_force(
            d(2026, 3, 1),
            Some(d(2027, 2, 28)),
            d(2026, 2, 28)
        ));
        assert!(sanction_in_force(
            d(2026, 3, 1),
            Some(d(2027, 2, 28)),
            d(2026, 3, 1)
        ));
        assert!(sanction_in_force(
            d(2026, 3, 1),
            Some(d(2027, 2, 28)),
            d(2027, 2, 28)
        ));
        assert!(!sanction_in_force(
            d(2026, 3, 1),
            Some(d(2027, 2, 28)),
            d(2027, 3, 1)
        ));
        assert!(sanction_in_force(d(2026, 3, 1), None, d(2040, 1, 1)));
    }

    fn eligible() -> PromotionFacts {
        PromotionFacts {
            consent: true,
            qualification_upgraded: true,
            attestation: Some(Conclusion::FitsHigher),
            recent_ratings: vec![Rating::Excellent],
            sanction_in_force: false,
            negative_from_superior: false,
        }
    }

    #[test]
    fn each_promotion_condition_alone_and_together() {
        assert!(may_be_promoted(&eligible()));
        let breaks: Vec<(PromotionCondition, fn(&mut PromotionFacts))> = vec![
            (PromotionCondition::Consent, |f| f.consent = false),
            (PromotionCondition::QualifiedAndAttested, |f| {
                f.qualification_upgraded = false
            }),
            (PromotionCondition::QualifiedAndAttested, |f| {
                f.attestation = Some(Conclusion::FitsPosition)
            }),
            (PromotionCondition::HighEvaluation, |f| {
                f.recent_ratings = vec![Rating::Good, Rating::Satisfactory]
            }),
            (PromotionCondition::HighEvaluation, |f| {
                f.recent_ratings.clear()
            }),
            (PromotionCondition::NoSanction, |f| {
                f.sanction_in_force = true
            }),
            (PromotionCondition::NoNegativeFromSuperior, |f| {
                f.negative_from_superior = true
            }),
        ];
        for (condition, break_it) in breaks {
            let mut f = eligible();
            break_it(&mut f);
            let failed: Vec<_> = promotion_check(&f)
                .into_iter()
                .filter(|c| !c.1)
                .map(|c| c.0)
                .collect();
            assert_eq!(failed, [condition]);
            assert!(!may_be_promoted(&f));
        }
    }

    #[test]
    fn candidates_rank_by_attestation_then_mark() {
        let c = |id, a, mark: &str| Candidate {
            employee_id: id,
            attestation: a,
            mark: mark.parse().unwrap(),
        };
        let ranked = rank_candidates(vec![
            c(1, Some(Conclusion::FitsPosition), "4.00"),
            c(2, Some(Conclusion::FitsHigher), "3.60"),
            c(3, Some(Conclusion::FitsHigher), "3.80"),
            c(4, None, "4.00"),
        ]);
        let ids: Vec<i64> = ranked.iter().map(|c| c.employee_id).collect();
        assert_eq!(ids, [3, 2, 1, 4]);
    }

    #[test]
    fn demotion_grounds() {
        use Rating::*;
        assert!(demotion_ground(
            Some(Conclusion::DoesNotFit),
            &[Excellent],
            2
        ));
        assert!(demotion_ground(
            None,
            &[Good, Satisfactory, Unsatisfactory],
            2
        ));
        assert!(!demotion_ground(None, &[Satisfactory, Good], 2));
        assert!(!demotion_ground(None, &[Satisfactory], 2));
    }

    proptest! {
        /// The due day is always a Friday in the next month, within its first seven days.
        #[test]
        fn report_due_is_the_first_friday(days in 0i64..40_000) {
            let month = d(1990, 1, 1) + chrono::Duration::days(days);
            let due = monthly_report_due(month).unwrap();
            prop_assert_eq!(due.weekday(), Weekday::Fri);
            prop_assert!(due.day() <= 7);
            let next = month.with_day(1).unwrap().checked_add_months(Months::new(1)).unwrap();
            prop_assert_eq!((due.year(), due.month()), (next.year(), next.month()));
        }
    }
    #[test]
    fn a_disciplinary_dismissal_bars_appointment_for_its_months() {
        // Dismissed 31.01.2026, barred 12 months: through 30.01.2027 (the month rule).
        let on = d(2026, 1, 31);
        assert!(dismissal_bars_appointment(on, d(2026, 1, 31), 12));
        assert!(dismissal_bars_appointment(on, d(2027, 1, 30), 12));
        assert!(!dismissal_bars_appointment(on, d(2027, 1, 31), 12));
        assert!(!dismissal_bars_appointment(on, d(2025, 12, 1), 12));
        assert!(!dismissal_bars_appointment(on, d(2026, 2, 1), 0));
    }

    #[test]
    fn unsatisfactory_results_count_from_the_latest() {
        use Rating::*;
        assert_eq!(trailing_unsatisfactory(&[]), 0);
        assert_eq!(trailing_unsatisfactory(&[Unsatisfactory, Good]), 0);
        assert_eq!(trailing_unsatisfactory(&[Good, Unsatisfactory]), 1);
        assert_eq!(
            trailing_unsatisfactory(&[Unsatisfactory, Unsatisfactory, Unsatisfactory]),
            3
        );
        use crate::domain::work_plan::all_high;
        assert!(all_high(&[Good, Excellent]));
        assert!(!all_high(&[Good, Satisfactory]));
        assert!(!all_high(&[]));
    }
}
