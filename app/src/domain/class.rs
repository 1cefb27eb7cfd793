//! Professional classes I–XII (კლასი) and who qualifies for the next one (DOMAIN.md §3.6,
//! §4.3, Res. 219). Pure: the server loads ratings and the rules in force, this decides.
use super::evaluation::Rating;
use serde::{Deserialize, Serialize};

/// The highest class.
pub const MAX_CLASS: u8 = 12;

/// Roman numeral of a class (I–XII), as orders and the pay register print it.
pub fn roman(class_no: u8) -> &'static str {
    const ROMAN: [&str; 13] = [
        "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    ROMAN.get(class_no as usize).copied().unwrap_or("")
}

coded_enum! {
    /// Why a class order gives classes.
    pub enum ClassOrderKind {
        /// The next class, earned by the finalized ratings (კლასის მინიჭება).
        Promotion = "promotion" => ClassKindPromotion,
        /// The class equal to an old class rank (გათანაბრება).
        Equalization = "equalization" => ClassKindEqualization,
    }
}

coded_enum! {
    /// A class order's way to the registry: drafted by HR, visaed by the legal department
    /// (when the rule asks for it), signed by the mayor; or cancelled before signing.
    pub enum ClassOrderStatus {
        Draft = "draft" => ClassStatusDraft,
        Visaed = "visaed" => ClassStatusVisaed,
        Signed = "signed" => ClassStatusSigned,
        Cancelled = "cancelled" => ClassStatusCancelled,
    }
}

/// A step on a class order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClassOrderStep {
    /// HR records the legal department's visa.
    Visa,
    /// The mayor signs.
    Sign,
    /// HR cancels an unsigned order.
    Cancel,
}

impl ClassOrderStatus {
    /// The status after `step`, or `None` when the order does not allow it now. The one place
    /// that decides: the server checks each step with it and the order's page offers exactly
    /// these.
    pub fn after(self, step: ClassOrderStep, needs_visa: bool) -> Option<ClassOrderStatus> {
        use ClassOrderStatus as S;
        match (self, step) {
            (S::Draft, ClassOrderStep::Visa) if needs_visa => Some(S::Visaed),
            (S::Visaed, ClassOrderStep::Sign) => Some(S::Signed),
            (S::Draft, ClassOrderStep::Sign) if !needs_visa => Some(S::Signed),
            (S::Draft | S::Visaed, ClassOrderStep::Cancel) => Some(S::Cancelled),
            _ => None,
        }
    }

    /// Drafted or visaed: its officers are spoken for until it is signed or cancelled.
    pub fn is_pending(self) -> bool {
        matches!(self, ClassOrderStatus::Draft | ClassOrderStatus::Visaed)
    }
}

/// The promotion rules in force (`rule_settings` keys `class.*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassRules {
    /// Classes below this one use the lower pair of streaks (default 7: classes I–VI).
    pub upper_from: u8,
    /// Consecutive excellent years for a lower class (2, confirmed).
    pub lower_excellent_years: u8,
    /// Consecutive at-least-good years for a lower class (3, confirmed).
    pub lower_good_years: u8,
    /// The same for classes VII–XII (3 and 4, UNCERTAIN).
    pub upper_excellent_years: u8,
    pub upper_good_years: u8,
    /// A year without a rating (exempt, on leave, not yet serving) is skipped rather than
    /// breaking the streak (default yes, UNCERTAIN).
    pub skip_unrated_years: bool,
}

impl ClassRules {
    /// DOMAIN.md §5.5 defaults.
    pub const DEFAULT: ClassRules = ClassRules {
        upper_from: 7,
        lower_excellent_years: 2,
        lower_good_years: 3,
        upper_excellent_years: 3,
        upper_good_years: 4,
        skip_unrated_years: true,
    };

    /// (excellent years, good years) needed to reach `target`.
    pub fn required(&self, target: u8) -> (u8, u8) {
        if target < self.upper_from {
            (self.lower_excellent_years, self.lower_good_years)
        } else {
            (self.upper_excellent_years, self.upper_good_years)
        }
    }

    /// The settings keys, in the order the settings screen lists them.
    pub const KEYS: [&'static str; 6] = [
        "class.upper_from",
        "class.lower.excellent_years",
        "class.lower.good_years",
        "class.upper.excellent_years",
        "class.upper.good_years",
        "class.skip_unrated_years",
    ];

    /// Builds the rules from `KEYS`' values; `None` when one is missing or out of range.
    pub fn from_values(values: &[u32; 6]) -> Option<ClassRules> {
        let small = |v: u32| u8::try_from(v).ok().filter(|v| (1..=10).contains(v));
        Some(ClassRules {
            upper_from: u8::try_from(values[0])
                .ok()
                .filter(|v| (2..=MAX_CLASS).contains(v))?,
            lower_excellent_years: small(values[1])?,
            lower_good_years: small(values[2])?,
            upper_excellent_years: small(values[3])?,
            upper_good_years: small(values[4])?,
            skip_unrated_years: match values[5] {
                0 => false,
                1 => true,
                _ => return None,
            },
        })
    }
}

/// One year of the officer's record since the last class: the worst finalized rating of its
/// periods (under two periods a year, both halves must meet the level), or `None` when the
/// officer was not rated that year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRating {
    pub year: i32,
    pub rating: Option<Rating>,
}

/// Which streak qualified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Streak {
    Excellent,
    Good,
}

/// An officer's qualification for the next class, with the years that make it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualification {
    pub target: u8,
    pub streak: Streak,
    /// The qualifying years, oldest first.
    pub years: Vec<YearRating>,
}

/// Whether an officer holding `current` (None: no class yet) qualifies for the next class,
/// by DOMAIN §4.3 as amended in 2026-11: walking the years since the previous class's basis in
/// order, the **first** window of `E` consecutive rated years all excellent, or of `G` all at
/// least good, qualifies (whichever completes first; its last year is the new class's basis).
/// A satisfactory or unsatisfactory year before a window completes resets both streaks; an
/// unrated year is skipped or resets them (`skip_unrated_years`); a weaker year after a window
/// completed does not take the class back, and the order's drafting date does not matter.
pub fn qualification(
    current: Option<u8>,
    years: &[YearRating],
    rules: &ClassRules,
) -> Option<Qualification> {
    let target = current.unwrap_or(0) + 1;
    if target > MAX_CLASS {
        return None;
    }
    let (excellent_needed, good_needed) = rules.required(target);
    let mut sorted = years.to_vec();
    sorted.sort_by_key(|y| y.year);
    // The current runs of consecutive excellent and at-least-good years.
    let mut excellent: Vec<YearRating> = Vec::new();
    let mut good: Vec<YearRating> = Vec::new();
    for year in sorted {
        match year.rating {
            None if rules.skip_unrated_years => continue,
            Some(Rating::Excellent) => {
                excellent.push(year);
                good.push(year);
            }
            Some(Rating::Good) => {
                excellent.clear();
                good.push(year);
            }
            None | Some(Rating::Satisfactory) | Some(Rating::Unsatisfactory) => {
                excellent.clear();
                good.clear();
            }
        }
        if excellent.len() >= usize::from(excellent_needed) {
            return Some(Qualification {
                target,
                streak: Streak::Excellent,
                years: excellent.split_off(excellent.len() - usize::from(excellent_needed)),
            });
        }
        if good.len() >= usize::from(good_needed) {
            return Some(Qualification {
                target,
                streak: Streak::Good,
                years: good.split_off(good.len() - usize::from(good_needed)),
            });
        }
    }
    None
}

/// Groups period ratings `(year, rating or None)` into years (two periods a year under the
/// 2024 amendment): a year qualifies only at the level both halves meet, so its rating is the
/// worse of its rated halves; an unrated half is ignored when unrated years are skipped and
/// makes the whole year unrated when they are not.
pub fn years_from_periods(
    periods: &[(i32, Option<Rating>)],
    skip_unrated: bool,
) -> Vec<YearRating> {
    let mut years: Vec<YearRating> = Vec::new();
    let mut unrated_half: Vec<i32> = Vec::new();
    let mut sorted = periods.to_vec();
    sorted.sort_by_key(|(y, _)| *y);
    for (year, rating) in sorted {
        if rating.is_none() {
            unrated_half.push(year);
        }
        match years.last_mut() {
            Some(last) if last.year == year => {
                last.rating = match (last.rating, rating) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            _ => years.push(YearRating { year, rating }),
        }
    }
    if !skip_unrated {
        for y in &mut years {
            if unrated_half.contains(&y.year) {
                y.rating = None;
            }
        }
    }
    years
}

/// Never lowered (§3.6: kept permanently): a new class must be above the current one.
pub fn is_raise(current: Option<u8>, new: u8) -> bool {
    (1..=MAX_CLASS).contains(&new) && current.is_none_or(|c| new > c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Rating::*;

    fn y(year: i32, rating: Rating) -> YearRating {
        YearRating {
            year,
            rating: Some(rating),
        }
    }

    #[test]
    fn the_worked_example_of_the_domain_year_by_year() {
        // DOMAIN.md §4.3: equalized to class IV from 2018-01-01.
        let rules = ClassRules::DEFAULT;
        let mut record = vec![y(2018, Excellent)];
        assert_eq!(qualification(Some(4), &record, &rules), None);
        record.push(y(2019, Excellent));
        let q = qualification(Some(4), &record, &rules).expect("class V after 2019");
        assert_eq!((q.target, q.streak), (5, Streak::Excellent));
        assert_eq!(q.years, vec![y(2018, Excellent), y(2019, Excellent)]);
        // Class V ordered in 2020: the count starts again.
        let mut record = vec![y(2020, Good)];
        assert_eq!(qualification(Some(5), &record, &rules), None);
        record.push(y(2021, Excellent));
        assert_eq!(qualification(Some(5), &record, &rules), None);
        record.push(y(2022, Good));
        let q = qualification(Some(5), &record, &rules).expect("class VI after 2022");
        assert_eq!((q.target, q.streak, q.years.len()), (6, Streak::Good, 3));
        // Class VII: 3 excellent or 4 good; 2023 satisfactory resets.
        let mut record = vec![y(2023, Satisfactory)];
        for year in 2024..=2026 {
            record.push(y(year, Good));
            assert_eq!(qualification(Some(6), &record, &rules), None, "{year}");
        }
        record.push(y(2027, Good));
        let q = qualification(Some(6), &record, &rules).expect("class VII after 2027");
        assert_eq!((q.target, q.streak), (7, Streak::Good));
        assert_eq!(q.years.first().map(|y| y.year), Some(2024));
    }

    #[test]
    fn a_rating_below_good_resets_both_streaks() {
        let rules = ClassRules::DEFAULT;
        let record = [
            y(2018, Excellent),
            y(2019, Unsatisfactory),
            y(2020, Excellent),
        ];
        assert_eq!(qualification(Some(1), &record, &rules), None);
        let record = [
            y(2018, Good),
            y(2019, Good),
            y(2020, Satisfactory),
            y(2021, Good),
        ];
        assert_eq!(qualification(None, &record, &rules), None);
    }

    #[test]
    fn unrated_years_are_skipped_or_reset_as_configured() {
        let gap = [
            y(2018, Excellent),
            YearRating {
                year: 2019,
                rating: None,
            },
            y(2020, Excellent),
        ];
        let skip = ClassRules::DEFAULT;
        assert_eq!(
            qualification(Some(2), &gap, &skip).map(|q| q.target),
            Some(3)
        );
        let strict = ClassRules {
            skip_unrated_years: false,
            ..ClassRules::DEFAULT
        };
        assert_eq!(qualification(Some(2), &gap, &strict), None);
    }

    #[test]
    fn the_upper_classes_use_their_own_streaks() {
        let rules = ClassRules::DEFAULT;
        let two = [y(2020, Excellent), y(2021, Excellent)];
        assert_eq!(
            qualification(Some(5), &two, &rules).map(|q| q.target),
            Some(6)
        );
        assert_eq!(qualification(Some(6), &two, &rules), None);
        let three = [y(2019, Excellent), y(2020, Excellent), y(2021, Excellent)];
        let q = qualification(Some(6), &three, &rules).expect("VII");
        assert_eq!((q.target, q.streak), (7, Streak::Excellent));
        let custom = ClassRules {
            upper_excellent_years: 2,
            ..ClassRules::DEFAULT
        };
        assert_eq!(
            qualification(Some(6), &two, &custom).map(|q| q.target),
            Some(7)
        );
        assert_eq!(
            qualification(Some(12), &three, &rules),
            None,
            "XII is the top"
        );
    }

    #[test]
    fn a_first_class_needs_a_streak_too() {
        let rules = ClassRules::DEFAULT;
        assert_eq!(qualification(None, &[], &rules), None);
        let q = qualification(None, &[y(2020, Good), y(2021, Good), y(2022, Good)], &rules);
        assert_eq!(q.map(|q| q.target), Some(1));
    }

    #[test]
    fn each_class_is_anchored_at_the_first_window() {
        // DOMAIN §4.3 (2026-11): class III, excellent 2022–2024, no order since.
        let rules = ClassRules::DEFAULT;
        let record = [y(2022, Excellent), y(2023, Excellent), y(2024, Excellent)];
        let q = qualification(Some(3), &record, &rules).expect("IV");
        assert_eq!(q.years, vec![y(2022, Excellent), y(2023, Excellent)]);
        // Class IV's basis is 2023: V needs 2024–2025.
        assert_eq!(qualification(Some(4), &[y(2024, Excellent)], &rules), None);
        let q =
            qualification(Some(4), &[y(2024, Excellent), y(2025, Excellent)], &rules).expect("V");
        assert_eq!(q.years.first().map(|y| y.year), Some(2024));
        // A weaker year after the window completed does not take the class back.
        let later = [
            y(2022, Excellent),
            y(2023, Excellent),
            y(2024, Satisfactory),
        ];
        assert_eq!(
            qualification(Some(3), &later, &rules).map(|q| q.years.last().map(|y| y.year)),
            Some(Some(2023))
        );
        // Whichever window completes first: good 2020–2022 completes before excellent 2022–23.
        let mixed = [
            y(2020, Good),
            y(2021, Good),
            y(2022, Excellent),
            y(2023, Excellent),
        ];
        let q = qualification(Some(1), &mixed, &rules).expect("II");
        assert_eq!(
            (q.streak, q.years.last().map(|y| y.year)),
            (Streak::Good, Some(2022))
        );
    }

    #[test]
    fn a_year_qualifies_only_if_both_halves_meet_the_level() {
        let halves = [
            (2025, Some(Excellent)),
            (2025, None),
            (2026, Some(Good)),
            (2026, Some(Excellent)),
        ];
        assert_eq!(
            years_from_periods(&halves, true),
            vec![y(2025, Excellent), y(2026, Good)]
        );
        assert_eq!(
            years_from_periods(&halves, false),
            vec![
                YearRating {
                    year: 2025,
                    rating: None
                },
                y(2026, Good)
            ]
        );
    }

    #[test]
    fn half_years_count_by_their_worse_half() {
        let years = years_from_periods(
            &[
                (2025, Some(Excellent)),
                (2025, Some(Good)),
                (2024, Some(Excellent)),
                (2024, Some(Excellent)),
                (2023, None),
            ],
            true,
        );
        assert_eq!(
            years,
            vec![
                YearRating {
                    year: 2023,
                    rating: None
                },
                y(2024, Excellent),
                y(2025, Good)
            ]
        );
    }

    #[test]
    fn never_lowered() {
        assert!(is_raise(None, 1));
        assert!(is_raise(Some(4), 5));
        assert!(!is_raise(Some(4), 4));
        assert!(!is_raise(Some(4), 3));
        assert!(!is_raise(Some(12), 13));
        assert!(!is_raise(None, 0));
    }

    #[test]
    fn rules_from_settings_values() {
        assert_eq!(
            ClassRules::from_values(&[7, 2, 3, 3, 4, 1]),
            Some(ClassRules::DEFAULT)
        );
        assert_eq!(ClassRules::from_values(&[7, 0, 3, 3, 4, 1]), None);
        assert_eq!(ClassRules::from_values(&[7, 2, 3, 3, 4, 2]), None);
        assert_eq!(ClassRules::from_values(&[13, 2, 3, 3, 4, 1]), None);
    }

    fn rating() -> impl Strategy<Value = Option<Rating>> {
        prop_oneof![
            Just(None),
            Just(Some(Excellent)),
            Just(Some(Good)),
            Just(Some(Satisfactory)),
            Just(Some(Unsatisfactory)),
        ]
    }

    proptest! {
        /// The target is always exactly one class up; the qualifying years are all at the
        /// streak's level, and no earlier part of the record qualifies (the first window).
        #[test]
        fn qualification_is_one_class_up_on_the_first_window(
            current in proptest::option::of(1u8..=12),
            ratings in proptest::collection::vec(rating(), 0..10),
        ) {
            let years: Vec<YearRating> = ratings.iter().enumerate()
                .map(|(i, r)| YearRating { year: 2018 + i as i32, rating: *r }).collect();
            if let Some(q) = qualification(current, &years, &ClassRules::DEFAULT) {
                prop_assert_eq!(q.target, current.unwrap_or(0) + 1);
                prop_assert!(is_raise(current, q.target));
                let level = if q.streak == Streak::Excellent { Excellent } else { Good };
                prop_assert!(q.years.iter().all(|y| y.rating >= Some(level)));
                let basis = q.years.last().map(|y| y.year).unwrap_or_default();
                let before: Vec<YearRating> = years.iter().filter(|y| y.year < basis).copied().collect();
                prop_assert_eq!(qualification(current, &before, &ClassRules::DEFAULT), None);
                // Whatever comes after the window changes nothing.
                let mut after = years.clone();
                after.push(YearRating { year: 2040, rating: Some(Unsatisfactory) });
                prop_assert_eq!(qualification(current, &after, &ClassRules::DEFAULT), Some(q));
            }
        }

        /// A better year never takes a qualification away.
        #[test]
        fn improving_a_year_keeps_a_qualification(
            ratings in proptest::collection::vec(rating(), 1..8),
            at in 0usize..8,
        ) {
            let years: Vec<YearRating> = ratings.iter().enumerate()
                .map(|(i, r)| YearRating { year: 2018 + i as i32, rating: *r }).collect();
            let before = qualification(Some(3), &years, &ClassRules::DEFAULT).is_some();
            let mut better = years.clone();
            let i = at % better.len();
            if better[i].rating.is_some() {
                better[i].rating = Some(Excellent);
            }
            let after = qualification(Some(3), &better, &ClassRules::DEFAULT).is_some();
            prop_assert!(!before || after);
        }
    }
}
