//! Probation (გამოსაცდელი ვადა), DOMAIN §3.4: who is on it, its quarters counted from the
//! appointment, the quarterly reviews with the probationer's right to be heard, and when the
//! reviews raise a dismissal ground. The mayor decides that ground; nothing here dismisses.
use super::common::term_end;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// Where a probation stands.
    pub enum ProbationState {
        Running = "running" => ProbationRunning,
        /// Passed: an officer from the oath day.
        Passed = "passed" => ProbationPassed,
        /// Failed: the mayor decided a dismissal ground.
        Failed = "failed" => ProbationFailed,
        /// Ended otherwise (the appointment ended before the term).
        Ended = "ended" => ProbationEnded,
    }
}

coded_enum! {
    /// The supervisor's conclusion on one quarter.
    pub enum ReviewOutcome {
        Positive = "positive" => ProbationPositive,
        Negative = "negative" => ProbationNegative,
    }
}

coded_enum! {
    /// A quarterly review on its way to the file.
    pub enum ReviewState {
        /// Written by the supervisor and shown to the probationer, who may answer.
        Proposed = "proposed" => ProbationReviewProposed,
        /// The probationer answered in writing; the supervisor has to read it before finalizing.
        Answered = "answered" => ProbationReviewAnswered,
        /// Final: it counts. The probationer still has to acknowledge it.
        Final = "final" => ProbationReviewFinal,
        Acknowledged = "acknowledged" => ProbationReviewAcknowledged,
    }
}

impl ReviewState {
    /// Whether the review counts towards the probation's outcome.
    pub fn is_final(self) -> bool {
        matches!(self, ReviewState::Final | ReviewState::Acknowledged)
    }
}

coded_enum! {
    /// What the mayor decides on a dismissal ground.
    pub enum GroundDecision {
        /// The appointment ends by order.
        Dismiss = "dismiss" => GroundDismiss,
        /// The probation goes on; the reason is recorded.
        Continue = "continue" => GroundContinue,
    }
}

/// One quarter of a probation: its days and the day its review is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarter {
    /// 1, 2, 3…
    pub number: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub review_due: NaiveDate,
}

/// The quarters of a probation of `months` starting on `start`: quarter k ends on the last
/// day of a 3k-month term (DOMAIN §0.2); a term that is not a whole number of quarters ends
/// with a shorter last one on the probation's last day. Each review is due `due_days` after
/// its quarter ends.
pub fn quarters(start: NaiveDate, months: u32, due_days: u32) -> Vec<Quarter> {
    let mut out = Vec::new();
    let mut from = start;
    let mut k = 1;
    while 3 * (k - 1) < months {
        let Some(to) = term_end(start, (3 * k).min(months)) else {
            break;
        };
        let Some(review_due) = to.checked_add_days(Days::new(u64::from(due_days))) else {
            break;
        };
        out.push(Quarter {
            number: k,
            from,
            to,
            review_due,
        });
        let Some(next) = to.succ_opt() else { break };
        from = next;
        k += 1;
    }
    out
}

/// The last day of probation: the day before the oath, the day it was closed, or (running)
/// its term's last day. What happens when nobody acts by then is configured
/// (`probation.pass_by_default`); until someone records it, the person counts as on
/// probation through the term.
pub fn last_day(
    state: ProbationState,
    ends_on: NaiveDate,
    oath_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
) -> NaiveDate {
    match state {
        ProbationState::Running => ends_on,
        ProbationState::Passed => oath_on.and_then(|d| d.pred_opt()).unwrap_or(ends_on),
        ProbationState::Failed | ProbationState::Ended => closed_on.unwrap_or(ends_on),
    }
}

/// Whether the final outcomes, in quarter order, raise the dismissal ground: `needed`
/// negatives (consecutive ones when the rule says so).
pub fn raises_ground(outcomes: &[ReviewOutcome], needed: u32, consecutive: bool) -> bool {
    if needed == 0 {
        return false;
    }
    if consecutive {
        let mut run = 0;
        for o in outcomes {
            run = if *o == ReviewOutcome::Negative {
                run + 1
            } else {
                0
            };
            if run >= needed {
                return true;
            }
        }
        false
    } else {
        outcomes
            .iter()
            .filter(|o| **o == ReviewOutcome::Negative)
            .count() as u32
            >= needed
    }
}

/// What someone may do with a probation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    /// Supervisor: write a quarter's review.
    Review,
    /// Probationer: answer a proposed review in writing.
    Answer,
    /// Supervisor: make a review final (after the answer, or once the answer window passed).
    Finalize,
    /// Probationer: acknowledge a final review.
    Acknowledge,
    /// HR: name the mentor, keep the plan.
    Manage,
    /// HR: record the oath that ends a passed probation.
    RecordOath,
    /// The mayor: decide a dismissal ground.
    DecideGround,
}

/// Who the caller is to a probation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub probationer: bool,
    /// The direct supervisor of the probationer's position.
    pub supervisor: bool,
    pub mentor: bool,
    pub hr: bool,
    pub mayor: bool,
}

impl Relation {
    /// Nobody acts on their own probation except as its subject: a probationer who is also HR
    /// or the mayor takes only the probationer's steps on it.
    pub fn takes(&self, step: Step) -> bool {
        match step {
            Step::Answer | Step::Acknowledge => self.probationer,
            _ if self.probationer => false,
            Step::Review | Step::Finalize => self.supervisor,
            Step::Manage | Step::RecordOath => self.hr,
            Step::DecideGround => self.mayor && !self.supervisor,
        }
    }

    /// Whether the caller may read it at all.
    pub fn reads(&self) -> bool {
        self.probationer || self.supervisor || self.mentor || self.hr || self.mayor
    }
}

/// The facts a step is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub today: NaiveDate,
    pub state: ProbationState,
    /// The quarter the step is about, when it is about one.
    pub quarter: Option<Quarter>,
    /// That quarter's review, if written.
    pub review: Option<ReviewState>,
    /// The last day the probationer may answer a proposed review.
    pub answer_until: Option<NaiveDate>,
    /// An undecided dismissal ground is open.
    pub ground_open: bool,
    /// The probation's term has run (its last day is before today).
    pub term_over: bool,
}

/// Why a step is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    NotYours,
    /// The probation is no longer running.
    NotRunning,
    /// The quarter has not ended yet.
    QuarterNotOver,
    /// The review is not in the state this step needs.
    WrongState,
    /// The probationer may still answer.
    AwaitingAnswer,
    /// The days to answer have passed.
    AnswerWindowClosed,
    /// No ground waits for a decision.
    NoGround,
    /// The oath ends a probation only after its term, and not while a ground is open.
    NotYetPassed,
}

/// Whether `rel` may take `step` now: the one rule the server applies and the page asks.
pub fn check_step(step: Step, rel: &Relation, f: &Facts) -> Result<(), Refusal> {
    if !rel.takes(step) {
        return Err(Refusal::NotYours);
    }
    let running = f.state == ProbationState::Running;
    match step {
        Step::Review => {
            if !running {
                return Err(Refusal::NotRunning);
            }
            let q = f.quarter.ok_or(Refusal::WrongState)?;
            if f.today < q.to {
                return Err(Refusal::QuarterNotOver);
            }
            // A proposed review may be rewritten until the probationer answers.
            match f.review {
                None | Some(ReviewState::Proposed) => Ok(()),
                Some(_) => Err(Refusal::WrongState),
            }
        }
        Step::Answer => match f.review {
            Some(ReviewState::Proposed) if f.answer_until.is_some_and(|d| f.today <= d) => Ok(()),
            Some(ReviewState::Proposed) => Err(Refusal::AnswerWindowClosed),
            _ => Err(Refusal::WrongState),
        },
        Step::Finalize => match f.review {
            Some(ReviewState::Answered) => Ok(()),
            Some(ReviewState::Proposed) if f.answer_until.is_some_and(|d| f.today > d) => Ok(()),
            Some(ReviewState::Proposed) => Err(Refusal::AwaitingAnswer),
            _ => Err(Refusal::WrongState),
        },
        Step::Acknowledge => match f.review {
            Some(ReviewState::Final) => Ok(()),
            _ => Err(Refusal::WrongState),
        },
        Step::Manage => running.then_some(()).ok_or(Refusal::NotRunning),
        Step::RecordOath => {
            if !running {
                return Err(Refusal::NotRunning);
            }
            if !f.term_over || f.ground_open {
                return Err(Refusal::NotYetPassed);
            }
            Ok(())
        }
        Step::DecideGround => {
            if !running {
                return Err(Refusal::NotRunning);
            }
            f.ground_open.then_some(()).ok_or(Refusal::NoGround)
        }
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
    fn quarters_follow_the_month_rule() {
        let q = quarters(d(2026, 1, 15), 12, 10);
        assert_eq!(q.len(), 4);
        assert_eq!((q[0].from, q[0].to), (d(2026, 1, 15), d(2026, 4, 14)));
        assert_eq!(q[0].review_due, d(2026, 4, 24));
        assert_eq!((q[1].from, q[1].to), (d(2026, 4, 15), d(2026, 7, 14)));
        assert_eq!(q[3].to, d(2027, 1, 14));
    }

    #[test]
    fn quarters_at_month_ends_and_29_february() {
        // From 30 November 2027: three months end on 29 February 2028 (leap year).
        let q = quarters(d(2027, 11, 30), 12, 10);
        assert_eq!(q[0].to, d(2028, 2, 29));
        assert_eq!(q[1].from, d(2028, 3, 1));
        assert_eq!(q[1].to, d(2028, 5, 29));
        // From 29 November 2026 three months end on 28 February 2027.
        assert_eq!(quarters(d(2026, 11, 29), 12, 10)[0].to, d(2027, 2, 28));
        // From 31 August: 30 November, then the day before 31 February → 28 February.
        let q = quarters(d(2026, 8, 31), 12, 10);
        assert_eq!(q[0].to, d(2026, 11, 30));
        assert_eq!(q[1].from, d(2026, 12, 1));
        assert_eq!(q[1].to, d(2027, 2, 28));
        // From 29 February 2028: the last quarter ends 28 February 2029.
        assert_eq!(quarters(d(2028, 2, 29), 12, 10)[3].to, d(2029, 2, 28));
    }

    #[test]
    fn a_term_not_in_whole_quarters_ends_with_a_short_one() {
        let q = quarters(d(2016, 1, 1), 4, 10);
        assert_eq!(q.len(), 2);
        assert_eq!(q[1].from, d(2016, 4, 1));
        assert_eq!(q[1].to, d(2016, 4, 30));
        assert_eq!(quarters(d(2016, 1, 1), 6, 10).len(), 2);
        assert!(quarters(d(2016, 1, 1), 0, 10).is_empty());
    }

    #[test]
    fn two_negatives_raise_the_ground() {
        use ReviewOutcome::*;
        assert!(!raises_ground(&[Negative], 2, false));
        assert!(raises_ground(&[Negative, Positive, Negative], 2, false));
        assert!(!raises_ground(&[Negative, Positive, Negative], 2, true));
        assert!(raises_ground(&[Positive, Negative, Negative], 2, true));
        assert!(!raises_ground(
            &[Positive, Positive, Positive, Positive],
            2,
            false
        ));
        assert!(!raises_ground(&[Negative, Negative], 0, false));
    }

    #[test]
    fn last_day_of_probation() {
        use ProbationState::*;
        let end = d(2026, 12, 31);
        assert_eq!(last_day(Running, end, None, None), end);
        assert_eq!(
            last_day(Passed, end, Some(d(2027, 1, 5)), None),
            d(2027, 1, 4)
        );
        assert_eq!(
            last_day(Failed, end, None, Some(d(2026, 8, 1))),
            d(2026, 8, 1)
        );
    }

    fn facts(today: NaiveDate, review: Option<ReviewState>) -> Facts {
        let q = quarters(d(2026, 1, 15), 12, 10)[0];
        Facts {
            today,
            state: ProbationState::Running,
            quarter: Some(q),
            review,
            answer_until: Some(d(2026, 4, 20)),
            ground_open: false,
            term_over: false,
        }
    }

    #[test]
    fn the_review_waits_for_the_quarter_and_the_answer() {
        let sup = Relation {
            supervisor: true,
            ..Relation::default()
        };
        let me = Relation {
            probationer: true,
            ..Relation::default()
        };
        assert_eq!(
            check_step(Step::Review, &sup, &facts(d(2026, 4, 13), None)),
            Err(Refusal::QuarterNotOver)
        );
        assert_eq!(
            check_step(Step::Review, &sup, &facts(d(2026, 4, 14), None)),
            Ok(())
        );
        let proposed = Some(ReviewState::Proposed);
        assert_eq!(
            check_step(Step::Answer, &me, &facts(d(2026, 4, 20), proposed)),
            Ok(())
        );
        assert_eq!(
            check_step(Step::Finalize, &sup, &facts(d(2026, 4, 20), proposed)),
            Err(Refusal::AwaitingAnswer)
        );
        assert_eq!(
            check_step(Step::Finalize, &sup, &facts(d(2026, 4, 21), proposed)),
            Ok(())
        );
        assert_eq!(
            check_step(Step::Answer, &me, &facts(d(2026, 4, 21), proposed)),
            Err(Refusal::AnswerWindowClosed)
        );
        let answered = Some(ReviewState::Answered);
        assert_eq!(
            check_step(Step::Review, &sup, &facts(d(2026, 4, 16), answered)),
            Err(Refusal::WrongState)
        );
        assert_eq!(
            check_step(Step::Finalize, &sup, &facts(d(2026, 4, 16), answered)),
            Ok(())
        );
        assert_eq!(
            check_step(
                Step::Acknowledge,
                &me,
                &facts(d(2026, 4, 22), Some(ReviewState::Final))
            ),
            Ok(())
        );
    }

    #[test]
    fn nobody_acts_on_their_own_probation_except_as_its_subject() {
        let hr_probationer = Relation {
            probationer: true,
            hr: true,
            mayor: true,
            supervisor: true,
            ..Relation::default()
        };
        for step in [
            Step::Review,
            Step::Finalize,
            Step::Manage,
            Step::RecordOath,
            Step::DecideGround,
        ] {
            assert!(!hr_probationer.takes(step), "{step:?}");
        }
        assert!(hr_probationer.takes(Step::Answer));
        // The mayor who reviewed as supervisor does not decide the ground.
        let mayor_supervisor = Relation {
            supervisor: true,
            mayor: true,
            ..Relation::default()
        };
        assert!(!mayor_supervisor.takes(Step::DecideGround));
    }

    #[test]
    fn the_oath_only_after_the_term_and_without_an_open_ground() {
        let hr = Relation {
            hr: true,
            ..Relation::default()
        };
        let mut f = facts(d(2027, 1, 15), None);
        assert_eq!(
            check_step(Step::RecordOath, &hr, &f),
            Err(Refusal::NotYetPassed)
        );
        f.term_over = true;
        assert_eq!(check_step(Step::RecordOath, &hr, &f), Ok(()));
        f.ground_open = true;
        assert_eq!(
            check_step(Step::RecordOath, &hr, &f),
            Err(Refusal::NotYetPassed)
        );
        f.state = ProbationState::Failed;
        assert_eq!(
            check_step(Step::RecordOath, &hr, &f),
            Err(Refusal::NotRunning)
        );
    }

    proptest! {
        /// Quarters tile the term: consecutive, none empty, the last ending on the term's
        /// last day.
        #[test]
        fn quarters_tile_the_term(days in 0i64..20_000, months in 1u32..=24) {
            let start = d(1990, 1, 1) + chrono::Duration::days(days);
            let q = quarters(start, months, 10);
            prop_assert_eq!(q.len() as u32, months.div_ceil(3));
            prop_assert_eq!(q[0].from, start);
            prop_assert_eq!(q.last().unwrap().to, term_end(start, months).unwrap());
            for w in q.windows(2) {
                prop_assert_eq!(w[0].to.succ_opt().unwrap(), w[1].from);
            }
            for x in &q {
                prop_assert!(x.from <= x.to);
                prop_assert!(x.review_due > x.to);
            }
        }

        /// The count rule is monotone: one more negative never clears a raised ground.
        #[test]
        fn more_negatives_never_clear_the_ground(v in proptest::collection::vec(any::<bool>(), 0..8), needed in 1u32..4, consecutive: bool) {
            let outcomes: Vec<ReviewOutcome> = v.iter().map(|n| if *n { ReviewOutcome::Negative } else { ReviewOutcome::Positive }).collect();
            let mut more = outcomes.clone();
            more.push(ReviewOutcome::Negative);
            if raises_ground(&outcomes, needed, consecutive) {
                prop_assert!(raises_ground(&more, needed, consecutive));
            }
        }
    }
}
