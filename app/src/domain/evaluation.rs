//! The annual evaluation of officers (შეფასება; DOMAIN.md §3.5, §4.1): the methodology an
//! institution adopts, who is evaluated in a period, the stage machine and the final mark.
//! Pure: the server stores and audits, these functions decide.
use super::common::term_end;
use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

coded_enum! {
    /// The four legal rating categories (BAT-110154), worst first (so `<` means worse). The
    /// aliases read results stored before ratings travelled by their codes.
    pub enum Rating {
        /// არადამაკმაყოფილებელი
        #[serde(alias = "Unsatisfactory")]
        Unsatisfactory = "unsatisfactory" => RatingUnsatisfactory,
        /// დამაკმაყოფილებელი
        #[serde(alias = "Satisfactory")]
        Satisfactory = "satisfactory" => RatingSatisfactory,
        /// კარგი
        #[serde(alias = "Good")]
        Good = "good" => RatingGood,
        /// საუკეთესო
        #[serde(alias = "Excellent")]
        Excellent = "excellent" => RatingExcellent,
    }
}

impl Rating {
    /// Best first, as reports list them.
    pub const BEST_FIRST: [Rating; 4] = [
        Rating::Excellent,
        Rating::Good,
        Rating::Satisfactory,
        Rating::Unsatisfactory,
    ];
}

/// Inclusive lower bounds of the bands on the mean; below `satisfactory` is unsatisfactory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    pub excellent: Decimal,
    pub good: Decimal,
    pub satisfactory: Decimal,
}

impl Bands {
    /// The band of a mean, compared at full precision (never after rounding for display).
    pub fn rating(&self, mean: Decimal) -> Rating {
        if mean >= self.excellent {
            Rating::Excellent
        } else if mean >= self.good {
            Rating::Good
        } else if mean >= self.satisfactory {
            Rating::Satisfactory
        } else {
            Rating::Unsatisfactory
        }
    }
}

coded_enum! {
    /// A competency's kind: every officer's, or added for managers (ranks I–II by default).
    pub enum CompetencyKind {
        Core = "core" => CompetencyCore,
        Managerial = "managerial" => CompetencyManagerial,
    }
}

/// The settings of an institution's evaluation method (adopted by a mayor's order). Stored as
/// JSON with each method version and copied into every result computed under it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodSettings {
    pub scale_min: u8,
    pub scale_max: u8,
    pub bands: Bands,
    /// Minimum service inside the period, in calendar months (seed 000: 3).
    pub min_service_months: u32,
    /// 1 (calendar year) or 2 (half years).
    pub periods_per_year: u32,
    /// Planning is due this many days after the period starts.
    pub planning_days: u32,
    /// Scores are due this many days after the period ends.
    pub rating_days: u32,
    /// The summary (HR's finalization) is due this many days after the period ends.
    pub summary_days: u32,
    /// The officer acknowledges or objects within this many days of the scores.
    pub acknowledge_days: u32,
    /// Appeal to the mayor within this many days (or months, by `appeal_unit`) of receiving
    /// the final result.
    pub appeal_days: u32,
    /// Whether the appeal window is counted in calendar days or in months (DOMAIN §0.2).
    #[serde(default)]
    pub appeal_unit: TermUnit,
    /// The appeal is decided within this many days.
    pub appeal_decision_days: u32,
    pub self_assessment: bool,
    /// A comment is required for the lowest and the highest score.
    pub comment_required_for_extremes: bool,
}

impl MethodSettings {
    /// DOMAIN.md defaults: scale 1–4, bands 3.50 / 2.50 / 1.50.
    pub fn default_1_4() -> Self {
        MethodSettings {
            scale_min: 1,
            scale_max: 4,
            bands: Bands {
                excellent: Decimal::new(350, 2),
                good: Decimal::new(250, 2),
                satisfactory: Decimal::new(150, 2),
            },
            min_service_months: 3,
            periods_per_year: 1,
            planning_days: 31,
            rating_days: 30,
            summary_days: 45,
            acknowledge_days: 7,
            appeal_days: 30,
            appeal_unit: TermUnit::Days,
            appeal_decision_days: 30,
            self_assessment: true,
            comment_required_for_extremes: true,
        }
    }

    /// The 1–5 preset: excellent ≥ 4.50, good ≥ 3.50, satisfactory ≥ 2.50.
    pub fn preset_1_5(self) -> Self {
        MethodSettings {
            scale_min: 1,
            scale_max: 5,
            bands: Bands {
                excellent: Decimal::new(450, 2),
                good: Decimal::new(350, 2),
                satisfactory: Decimal::new(250, 2),
            },
            ..self
        }
    }

    /// What is wrong with these settings, as (field, problem) pairs.
    pub fn problems(&self) -> Vec<(&'static str, MethodProblem)> {
        let mut out = Vec::new();
        if self.scale_min < 1 || self.scale_max > 10 || self.scale_min >= self.scale_max {
            out.push(("scale_max", MethodProblem::Scale));
        }
        let (lo, hi) = (Decimal::from(self.scale_min), Decimal::from(self.scale_max));
        let b = self.bands;
        if !(lo < b.satisfactory
            && b.satisfactory < b.good
            && b.good < b.excellent
            && b.excellent <= hi)
        {
            out.push(("excellent", MethodProblem::Bands));
        }
        if !(1..=12).contains(&self.min_service_months) {
            out.push(("min_service_months", MethodProblem::Range));
        }
        if !(1..=2).contains(&self.periods_per_year) {
            out.push(("periods_per_year", MethodProblem::Range));
        }
        // The day counts: every number after the first two.
        for (field, days) in Self::NUMBER_FIELDS.into_iter().zip(self.numbers()).skip(2) {
            if !(1..=365).contains(&days) {
                out.push((field, MethodProblem::Range));
            }
        }
        if self.appeal_unit == TermUnit::Months && self.appeal_days > 12 {
            out.push(("appeal_days", MethodProblem::Range));
        }
        if self.rating_days > self.summary_days {
            out.push(("summary_days", MethodProblem::Order));
        }
        out
    }

    /// The whole-number settings by their form field names (shared by the settings screen, the
    /// adoption form and the server's parsing), in the order of [`Self::numbers`].
    pub const NUMBER_FIELDS: [&'static str; 8] = [
        "min_service_months",
        "periods_per_year",
        "planning_days",
        "rating_days",
        "summary_days",
        "acknowledge_days",
        "appeal_days",
        "appeal_decision_days",
    ];

    pub fn numbers(&self) -> [u32; 8] {
        [
            self.min_service_months,
            self.periods_per_year,
            self.planning_days,
            self.rating_days,
            self.summary_days,
            self.acknowledge_days,
            self.appeal_days,
            self.appeal_decision_days,
        ]
    }

    pub fn set_numbers(&mut self, numbers: [u32; 8]) {
        [
            self.min_service_months,
            self.periods_per_year,
            self.planning_days,
            self.rating_days,
            self.summary_days,
            self.acknowledge_days,
            self.appeal_days,
            self.appeal_decision_days,
        ] = numbers;
    }

    pub fn scale(&self) -> std::ops::RangeInclusive<u8> {
        self.scale_min..=self.scale_max
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodProblem {
    /// The scale must run upwards from at least 1 to at most 10.
    Scale,
    /// Bands must rise strictly inside the scale.
    Bands,
    /// A number outside its allowed range.
    Range,
    /// The summary cannot be due before the scores.
    Order,
}

/// The final mark (DOMAIN.md §4.1) with everything needed to re-verify it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinalMark {
    pub sum: u32,
    pub count: u32,
    /// Σ / n at full `Decimal` precision (28 significant digits for 10/3).
    pub mean: Decimal,
    pub rating: Rating,
}

impl FinalMark {
    /// The mean as shown: two decimals, halves away from zero. The band is not taken from this.
    pub fn display(&self) -> String {
        display_mark(self.mean)
    }
}

pub fn display_mark(mean: Decimal) -> String {
    format!(
        "{:.2}",
        mean.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreProblem {
    /// No competency was scored.
    Empty,
    /// A score outside the scale (whole points only).
    OutOfScale,
}

/// Aggregates of fewer people than this are suppressed in exports (they would identify them).
pub const MIN_GROUP: i64 = 3;

/// The rule stored with every result, in words, so a reader years later knows what was done.
pub const FINAL_MARK_RULE: &str =
    "final = sum(scores) / count(scores), rust_decimal, bands compared at full precision (DOMAIN.md 4.1)";

/// Final mark = arithmetic mean of the competency scores; the band of the unrounded mean.
pub fn final_mark(scores: &[u8], settings: &MethodSettings) -> Result<FinalMark, ScoreProblem> {
    if scores.is_empty() {
        return Err(ScoreProblem::Empty);
    }
    if scores.iter().any(|s| !settings.scale().contains(s)) {
        return Err(ScoreProblem::OutOfScale);
    }
    let sum: u32 = scores.iter().map(|s| u32::from(*s)).sum();
    let count = scores.len() as u32;
    let mean = Decimal::from(sum) / Decimal::from(count);
    Ok(FinalMark {
        sum,
        count,
        mean,
        rating: settings.bands.rating(mean),
    })
}

/// One evaluation period of a year: `number` is 1-based.
pub fn period(year: i32, number: u32, periods_per_year: u32) -> Option<(NaiveDate, NaiveDate)> {
    match (periods_per_year, number) {
        (1, 1) => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        )),
        (2, 1) => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 6, 30)?,
        )),
        (2, 2) => Some((
            NaiveDate::from_ymd_opt(year, 7, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        )),
        _ => None,
    }
}

coded_enum! {
    /// How a term is counted.
    #[derive(Default)]
    pub enum TermUnit {
        /// Calendar days.
        #[default]
        Days = "days" => TermUnitDays,
        /// Months (DOMAIN §0.2).
        Months = "months" => TermUnitMonths,
    }
}

/// The stage deadlines of a cycle, fixed when it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleDeadlines {
    pub planning: NaiveDate,
    pub rating: NaiveDate,
    pub summary: NaiveDate,
}

pub fn cycle_deadlines(start: NaiveDate, end: NaiveDate, s: &MethodSettings) -> CycleDeadlines {
    CycleDeadlines {
        planning: start + Duration::days(i64::from(s.planning_days)),
        rating: end + Duration::days(i64::from(s.rating_days)),
        summary: end + Duration::days(i64::from(s.summary_days)),
    }
}

/// The last day for the officer's answer: `acknowledge_days` after the scores.
pub fn acknowledge_due(rated_on: NaiveDate, settings: &MethodSettings) -> NaiveDate {
    rated_on + Duration::days(i64::from(settings.acknowledge_days))
}

/// The last day to appeal, counted from the day after the officer received the final result:
/// `appeal_days` calendar days, or that many months by DOMAIN §0.2's rule.
pub fn appeal_due(received_on: NaiveDate, settings: &MethodSettings) -> NaiveDate {
    match settings.appeal_unit {
        TermUnit::Days => received_on + Duration::days(i64::from(settings.appeal_days)),
        TermUnit::Months => received_on
            .succ_opt()
            .and_then(|first| term_end(first, settings.appeal_days))
            .unwrap_or(received_on),
    }
}

/// The last day to decide an appeal: `appeal_decision_days` after it was filed.
pub fn decision_due(appealed_on: NaiveDate, settings: &MethodSettings) -> NaiveDate {
    appealed_on + Duration::days(i64::from(settings.appeal_decision_days))
}

/// The deadline of the stage an evaluation is in: the cycle's for planning, scoring and the
/// summary; counted from the scores for the answer and from the filing for an appeal.
pub fn stage_due(
    stage: Stage,
    cycle: &CycleDeadlines,
    rated_on: Option<NaiveDate>,
    appealed_on: Option<NaiveDate>,
    settings: &MethodSettings,
) -> Option<NaiveDate> {
    match stage {
        Stage::Planning | Stage::PlanConfirmation => Some(cycle.planning),
        Stage::SelfAssessment | Stage::Rating => Some(cycle.rating),
        Stage::Acknowledgement => rated_on.map(|d| acknowledge_due(d, settings)),
        Stage::Finalization => Some(cycle.summary),
        Stage::Appealed => appealed_on.map(|d| decision_due(d, settings)),
        Stage::Finalized | Stage::Exempt => None,
    }
}

/// Waiting for HR's finalization: answered, or unanswered after the answer window.
pub fn ready_to_finalize(stage: Stage, overdue: bool) -> bool {
    stage == Stage::Finalization || (stage == Stage::Acknowledgement && overdue)
}

coded_enum! {
    /// Why an officer is not evaluated in a period.
    pub enum Exemption {
        /// Served less than the minimum inside the period.
        TooShort = "too_short" => ExemptTooShort,
        /// Served long enough but no longer holds an officer's position at the period's end.
        LeftService = "left_service" => ExemptLeftService,
        /// Still on probation: probationers get the quarterly probation evaluation instead.
        OnProbation = "on_probation" => ExemptOnProbation,
        /// Exempted by HR, with the reason recorded.
        ByHr = "by_hr" => ExemptByHr,
    }
}

/// A stretch of service on officers' positions (`end` inclusive, `None` = still serving).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stint {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// Who is evaluated (DOMAIN.md §3.5, computation UNCERTAIN, so stated exactly here):
/// service is taken inside the period; assignments that touch or overlap (a transfer) form one
/// continuous stretch; the officer qualifies when some stretch holds a whole term of
/// `min_months` ("not less than three months", seed 000) counted by DOMAIN §0.2's one rule
/// (`term_end`). For the calendar year 2026 with 3 months: service from 1 Oct qualifies (its
/// term ends 31 Dec), from 2 Oct it does not (1 Jan); for the first half-year 1 Apr qualifies.
/// A qualifying officer who no longer serves at the period's end has left service.
pub fn eligibility(
    stints: &[Stint],
    period_start: NaiveDate,
    period_end: NaiveDate,
    min_months: u32,
) -> Result<(), Exemption> {
    let mut clipped: Vec<(NaiveDate, NaiveDate)> = stints
        .iter()
        .filter_map(|s| {
            let start = s.start.max(period_start);
            let end = s.end.unwrap_or(period_end).min(period_end);
            (start <= end).then_some((start, end))
        })
        .collect();
    clipped.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (start, end) in clipped {
        match merged.last_mut() {
            Some(last) if start <= last.1 + Duration::days(1) => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let long_enough = merged
        .iter()
        .any(|(start, end)| term_end(*start, min_months).is_some_and(|due| due <= *end));
    if !long_enough {
        return Err(Exemption::TooShort);
    }
    let serving_at_end = merged.last().is_some_and(|(_, end)| *end == period_end)
        && stints.iter().any(|s| s.end.is_none_or(|e| e >= period_end));
    if !serving_at_end {
        return Err(Exemption::LeftService);
    }
    Ok(())
}

coded_enum! {
    /// Where an evaluation stands (DOMAIN.md §3.5's machine, as the system runs it).
    pub enum Stage {
        /// The evaluator records objectives and competencies (დაგეგმვა).
        Planning = "planning" => StagePlanning,
        /// The officer confirms the plan.
        PlanConfirmation = "plan_confirmation" => StagePlanConfirmation,
        /// The officer assesses themself (when the method uses it).
        SelfAssessment = "self_assessment" => StageSelfAssessment,
        /// The evaluator scores each competency (წლიური შეფასება).
        Rating = "rating" => StageRating,
        /// The officer acknowledges the result or objects (შეჯამება).
        Acknowledgement = "acknowledgement" => StageAcknowledgement,
        /// HR finalizes.
        Finalization = "finalization" => StageFinalization,
        /// Final; changes only through an appeal decision.
        Finalized = "finalized" => StageFinalized,
        /// Appealed to the mayor, awaiting the decision.
        Appealed = "appealed" => StageAppealed,
        /// Not evaluated in this cycle.
        Exempt = "exempt" => StageExempt,
    }
}

impl Stage {
    /// Nothing left to do in the cycle.
    pub fn is_settled(self) -> bool {
        matches!(self, Stage::Finalized | Stage::Exempt)
    }

    /// A result exists and is frozen.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Finalized | Stage::Appealed)
    }
}

/// Something a person does to an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Evaluator: objectives and competencies (may be revised until confirmed).
    SubmitPlan,
    /// Officer: agrees the plan.
    ConfirmPlan,
    /// Officer: self-assessment.
    SubmitSelfAssessment,
    /// Evaluator: scores and summary comment.
    SubmitRating,
    /// Officer: signs.
    Acknowledge,
    /// Officer: signs with a written objection.
    Object,
    /// HR: after acknowledgement.
    Finalize,
    /// HR: the acknowledgement window passed without an answer (recorded as such).
    FinalizeUnacknowledged,
    /// Officer: appeals to the mayor within the window.
    Appeal,
    /// Mayor or delegated reviewer: upholds or changes.
    DecideAppeal,
    /// HR: takes the officer out of the cycle before a result exists.
    Exempt,
    /// HR: brings an exempt officer back in.
    Include,
    /// HR: gives the evaluation another evaluator (the stage stays).
    Reassign,
    /// HR: names who decides the appeal instead of the mayor (the stage stays).
    DelegateAppeal,
    /// HR: records the day an officer who had not answered received the final result (the
    /// appeal window runs from it; the stage stays).
    RecordDelivery,
}

/// The stage after `step`, or `None` when the step is not allowed now. No stage is skipped:
/// self-assessment is passed over only when the method does not use it.
pub fn next_stage(stage: Stage, step: Step, self_assessment: bool) -> Option<Stage> {
    use Stage as S;
    use Step as T;
    Some(match (stage, step) {
        (S::Planning | S::PlanConfirmation, T::SubmitPlan) => S::PlanConfirmation,
        (S::PlanConfirmation, T::ConfirmPlan) if self_assessment => S::SelfAssessment,
        (S::PlanConfirmation, T::ConfirmPlan) => S::Rating,
        (S::SelfAssessment, T::SubmitSelfAssessment) => S::Rating,
        (S::Rating, T::SubmitRating) => S::Acknowledgement,
        (S::Acknowledgement, T::Acknowledge | T::Object) => S::Finalization,
        (S::Acknowledgement, T::FinalizeUnacknowledged) => S::Finalized,
        (S::Finalization, T::Finalize) => S::Finalized,
        (S::Finalized, T::Appeal) => S::Appealed,
        (S::Appealed, T::DecideAppeal) => S::Finalized,
        (S::Planning | S::PlanConfirmation | S::SelfAssessment | S::Rating, T::Exempt) => S::Exempt,
        (S::Exempt, T::Include) => S::Planning,
        _ => return None,
    })
}

coded_enum! {
    /// A cycle is open until HR closes it with nothing pending.
    pub enum CycleStatus {
        Open = "open" => CycleOpen,
        Closed = "closed" => CycleClosed,
    }
}

coded_enum! {
    /// What the mayor (or the delegated reviewer) decided on an appeal.
    pub enum AppealDecision {
        /// The result stands.
        Upheld = "upheld" => EvalUpheld,
        /// New scores: a new result version.
        Changed = "changed" => EvalChanged,
    }
}

// ---- Who may take which step now ----------------------------------------------------------

/// How a person relates to one evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// The evaluated officer.
    pub officer: bool,
    /// The evaluator (plans and scores).
    pub evaluator: bool,
    /// HR acting on someone else's evaluation that they do not evaluate (separation of
    /// duties: nobody acts on their own evaluation except as its officer, and whoever scored
    /// does not decide).
    pub hr: bool,
    /// The mayor, likewise not on their own evaluation.
    pub mayor: bool,
    /// Decides the appeal: the delegated reviewer, or the mayor when none is delegated; never
    /// the evaluator.
    pub reviewer: bool,
}

impl Relation {
    /// Confidentiality: the officer, the evaluator, HR, the mayor and the appeal reviewer.
    pub fn may_read(&self) -> bool {
        self.officer || self.evaluator || self.hr || self.mayor || self.reviewer
    }

    /// Whether this person is the one who takes `step` (before any timing or stage check).
    pub fn takes(&self, step: Step) -> bool {
        match step {
            Step::SubmitPlan | Step::SubmitRating => self.evaluator,
            Step::ConfirmPlan
            | Step::SubmitSelfAssessment
            | Step::Acknowledge
            | Step::Object
            | Step::Appeal => self.officer,
            Step::DecideAppeal => self.reviewer,
            // The appeal is the mayor's to decide, so only the mayor names someone else.
            Step::DelegateAppeal => self.mayor,
            Step::Finalize
            | Step::FinalizeUnacknowledged
            | Step::Exempt
            | Step::Include
            | Step::Reassign
            | Step::RecordDelivery => self.hr,
        }
    }
}

/// What the rules need to know about an evaluation besides who is asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvalFacts {
    pub stage: Stage,
    pub cycle: CycleStatus,
    /// The method has a self-assessment stage.
    pub self_assessment: bool,
    /// The last day for the officer's answer (once scored).
    pub acknowledge_due: Option<NaiveDate>,
    /// The last day to appeal (once the officer received the final result).
    pub appeal_due: Option<NaiveDate>,
    /// An appeal was filed (only one is allowed).
    pub appealed: bool,
    pub today: NaiveDate,
}

/// Why a step is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The step is someone else's.
    NotYours,
    /// The cycle is closed (only appeals go on).
    CycleClosed,
    /// The stage does not allow it.
    WrongStage,
    /// The officer may still answer: HR cannot finalize without the answer yet.
    AwaitingAnswer,
    /// Only one appeal.
    AlreadyAppealed,
    /// The appeal window has passed.
    AppealWindowClosed,
}

/// Whether `rel` may take `step` now, and the stage it leads to. The one place that decides:
/// the server checks every step with it and the screen offers exactly the steps it allows.
pub fn check_step(step: Step, rel: &Relation, facts: &EvalFacts) -> Result<Stage, Refusal> {
    if !rel.takes(step) {
        return Err(Refusal::NotYours);
    }
    let appeal_step = matches!(
        step,
        Step::Appeal | Step::DecideAppeal | Step::DelegateAppeal | Step::RecordDelivery
    );
    if facts.cycle == CycleStatus::Closed && !appeal_step {
        return Err(Refusal::CycleClosed);
    }
    let stage = facts.stage;
    let next = match step {
        Step::Reassign => (!stage.is_final() && stage != Stage::Exempt).then_some(stage),
        Step::DelegateAppeal => (stage == Stage::Appealed).then_some(stage),
        // Once, for a result the officer had not answered (no receipt yet).
        Step::RecordDelivery => {
            (stage == Stage::Finalized && facts.appeal_due.is_none()).then_some(stage)
        }
        Step::FinalizeUnacknowledged if stage == Stage::Acknowledgement => {
            if !facts
                .acknowledge_due
                .is_some_and(|d| overdue(d, facts.today))
            {
                return Err(Refusal::AwaitingAnswer);
            }
            next_stage(stage, step, facts.self_assessment)
        }
        _ => next_stage(stage, step, facts.self_assessment),
    }
    .ok_or(Refusal::WrongStage)?;
    if step == Step::Appeal {
        if facts.appealed {
            return Err(Refusal::AlreadyAppealed);
        }
        // Until the receipt is known the window has not started to run.
        if facts.appeal_due.is_some_and(|d| overdue(d, facts.today)) {
            return Err(Refusal::AppealWindowClosed);
        }
    }
    Ok(next)
}

/// HR's finalization of one evaluation: after the answer, or unanswered once the window passed.
pub fn finalize_step(stage: Stage) -> Step {
    if stage == Stage::Acknowledgement {
        Step::FinalizeUnacknowledged
    } else {
        Step::Finalize
    }
}

/// What a reader may do now: the buttons and forms a screen shows, from [`check_step`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub plan: bool,
    pub confirm_plan: bool,
    pub self_assess: bool,
    pub rate: bool,
    pub answer: bool,
    pub finalize: bool,
    pub appeal: bool,
    pub decide: bool,
    /// HR's changes: exempt, include, another evaluator.
    pub exempt: bool,
    pub include: bool,
    pub reassign: bool,
    /// The mayor names another reviewer for the appeal.
    pub delegate: bool,
    /// HR records when an officer who had not answered received the final result.
    pub record_delivery: bool,
}

impl Capabilities {
    /// Any of HR's changes.
    pub fn manage(&self) -> bool {
        self.exempt || self.include || self.reassign
    }
}

impl Capabilities {
    pub fn of(rel: &Relation, facts: &EvalFacts) -> Self {
        let can = |step: Step| check_step(step, rel, facts).is_ok();
        Capabilities {
            plan: can(Step::SubmitPlan),
            confirm_plan: can(Step::ConfirmPlan),
            self_assess: can(Step::SubmitSelfAssessment),
            rate: can(Step::SubmitRating),
            answer: can(Step::Acknowledge),
            finalize: can(finalize_step(facts.stage)),
            appeal: can(Step::Appeal),
            decide: can(Step::DecideAppeal),
            exempt: can(Step::Exempt),
            include: can(Step::Include),
            reassign: can(Step::Reassign),
            delegate: can(Step::DelegateAppeal),
            record_delivery: can(Step::RecordDelivery),
        }
    }
}

/// The competencies that apply to a rank by default (`ranks` lists the ranks, e.g. "1,2").
pub fn applies_to_rank(ranks: &str, rank: Option<i64>) -> bool {
    let Some(rank) = rank else {
        return ranks.trim().is_empty();
    };
    ranks
        .split(',')
        .filter_map(|r| r.trim().parse::<i64>().ok())
        .any(|r| r == rank)
}

/// Is a deadline passed on `today` (the due day itself is still on time)?
pub fn overdue(due: NaiveDate, today: NaiveDate) -> bool {
    today > due
}

/// The year a period belongs to, for labels.
pub fn period_label(start: NaiveDate, end: NaiveDate) -> String {
    if start.month() == 1 && end.month() == 12 {
        start.year().to_string()
    } else {
        format!("{} {:02}–{:02}", start.year(), start.month(), end.month())
    }
}

#[cfg(test)]
mod appeal_window_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn the_appeal_window_runs_from_receipt_in_days_or_months() {
        let mut s = MethodSettings::default_1_4();
        assert_eq!(appeal_due(d(2026, 1, 31), &s), d(2026, 3, 2));
        s.appeal_unit = TermUnit::Months;
        s.appeal_days = 1;
        // Received 31 Jan: the month runs 1–28 Feb.
        assert_eq!(appeal_due(d(2026, 1, 31), &s), d(2026, 2, 28));
        assert_eq!(appeal_due(d(2026, 1, 14), &s), d(2026, 2, 14));
        assert_eq!(appeal_due(d(2027, 12, 31), &s), d(2028, 1, 31));
        s.appeal_days = 13;
        assert!(s.problems().iter().any(|(f, _)| *f == "appeal_days"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    fn mark(scores: &[u8]) -> FinalMark {
        final_mark(scores, &MethodSettings::default_1_4()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn the_worked_examples_of_the_domain() {
        let m = mark(&[4, 3, 3, 4, 3]);
        assert_eq!(
            (m.sum, m.count, m.mean, m.rating),
            (17, 5, Decimal::new(34, 1), Rating::Good)
        );
        let m = mark(&[4, 4, 4, 3]);
        assert_eq!(
            (m.mean, m.rating),
            (Decimal::new(375, 2), Rating::Excellent)
        );
        let m = mark(&[3, 2, 2, 2, 1, 2, 2]);
        assert_eq!(
            (m.mean, m.rating),
            (Decimal::new(2, 0), Rating::Satisfactory)
        );
        assert_eq!(m.display(), "2.00");
    }

    #[test]
    fn the_boundary_is_inclusive() {
        let m = mark(&[4, 3]);
        assert_eq!(
            (m.mean, m.rating, m.display()),
            (Decimal::new(35, 1), Rating::Excellent, "3.50".into())
        );
        assert_eq!(mark(&[3, 2]).rating, Rating::Good);
        assert_eq!(mark(&[2, 1]).rating, Rating::Satisfactory);
        assert_eq!(mark(&[1, 1]).rating, Rating::Unsatisfactory);
    }

    #[test]
    fn repeating_decimals_keep_full_precision_and_the_band_uses_them() {
        let m = mark(&[4, 3, 3]);
        assert_eq!(m.mean.to_string(), "3.3333333333333333333333333333");
        assert_eq!(m.display(), "3.33");
        assert_eq!(m.rating, Rating::Good);
        // 3.4999… must not be rounded up into excellent: 7 scores summing to 24 = 3.428…
        let bands = MethodSettings::default_1_4().bands;
        assert_eq!(bands.rating(Decimal::new(34999, 4)), Rating::Good);
        // …while 2/3 style means just under a band display rounded but band on the exact value.
        let m = mark(&[4, 4, 4, 4, 4, 2]); // 22/6 = 3.666…
        assert_eq!((m.display(), m.rating), ("3.67".into(), Rating::Excellent));
    }

    #[test]
    fn bad_scores_are_refused() {
        let s = MethodSettings::default_1_4();
        assert_eq!(final_mark(&[], &s), Err(ScoreProblem::Empty));
        assert_eq!(final_mark(&[0, 3], &s), Err(ScoreProblem::OutOfScale));
        assert_eq!(final_mark(&[5], &s), Err(ScoreProblem::OutOfScale));
        let five = s.preset_1_5();
        assert_eq!(
            final_mark(&[5, 4], &five).map(|m| m.rating),
            Ok(Rating::Excellent)
        );
        assert_eq!(
            final_mark(&[4, 3], &five).map(|m| m.rating),
            Ok(Rating::Good)
        );
    }

    #[test]
    fn settings_are_checked() {
        assert!(MethodSettings::default_1_4().problems().is_empty());
        assert!(MethodSettings::default_1_4()
            .preset_1_5()
            .problems()
            .is_empty());
        let mut s = MethodSettings::default_1_4();
        s.bands.good = Decimal::new(360, 2);
        assert_eq!(s.problems(), vec![("excellent", MethodProblem::Bands)]);
        let mut s = MethodSettings::default_1_4();
        s.scale_max = 1;
        assert!(s.problems().iter().any(|p| p.1 == MethodProblem::Scale));
        let mut s = MethodSettings::default_1_4();
        s.periods_per_year = 3;
        s.appeal_days = 0;
        assert_eq!(s.problems().len(), 2);
    }

    #[test]
    fn three_months_in_the_calendar_year() {
        let (start, end) = (d(2026, 1, 1), d(2026, 12, 31));
        let from = |s: NaiveDate| {
            eligibility(
                &[Stint {
                    start: s,
                    end: None,
                }],
                start,
                end,
                3,
            )
        };
        // DOMAIN §0.2: a term from 1 Oct ends 31 Dec, so the last quarter is three months.
        assert_eq!(from(d(2026, 9, 30)), Ok(()));
        assert_eq!(from(d(2026, 10, 1)), Ok(()));
        assert_eq!(from(d(2026, 10, 2)), Err(Exemption::TooShort));
        assert_eq!(from(d(2015, 3, 1)), Ok(()));
        assert_eq!(from(d(2027, 1, 1)), Err(Exemption::TooShort));
        // Served 1 Jan – 31 Mar: three whole months, but gone at the period's end.
        let left = |e: NaiveDate| {
            eligibility(
                &[Stint {
                    start: d(2020, 1, 1),
                    end: Some(e),
                }],
                start,
                end,
                3,
            )
        };
        assert_eq!(left(d(2026, 3, 30)), Err(Exemption::TooShort));
        assert_eq!(left(d(2026, 3, 31)), Err(Exemption::LeftService));
        assert_eq!(left(d(2026, 12, 30)), Err(Exemption::LeftService));
        assert_eq!(left(d(2026, 12, 31)), Ok(()));
    }

    #[test]
    fn a_transfer_does_not_break_service_but_a_gap_does() {
        let (start, end) = (d(2026, 1, 1), d(2026, 12, 31));
        let transfer = [
            Stint {
                start: d(2026, 8, 1),
                end: Some(d(2026, 9, 30)),
            },
            Stint {
                start: d(2026, 10, 1),
                end: None,
            },
        ];
        assert_eq!(eligibility(&transfer, start, end, 3), Ok(()));
        // A day without service between two stints: neither is three months on its own.
        let gap = [
            Stint {
                start: d(2026, 8, 1),
                end: Some(d(2026, 9, 30)),
            },
            Stint {
                start: d(2026, 10, 2),
                end: None,
            },
        ];
        assert_eq!(eligibility(&gap, start, end, 3), Err(Exemption::TooShort));
        // Half-year periods: 1 Jan – 30 Jun, service from 1 Apr qualifies (ends 30 Jun).
        let (h1s, h1e) = period(2026, 1, 2).unwrap_or_default();
        let from = |s| {
            eligibility(
                &[Stint {
                    start: s,
                    end: None,
                }],
                h1s,
                h1e,
                3,
            )
        };
        assert_eq!(from(d(2026, 3, 30)), Ok(()));
        assert_eq!(from(d(2026, 4, 1)), Ok(()));
        assert_eq!(from(d(2026, 4, 2)), Err(Exemption::TooShort));
        // The second half: 1 Oct qualifies for 1 Jul – 31 Dec as well.
        let (h2s, h2e) = period(2026, 2, 2).unwrap_or_default();
        let second = |s| {
            eligibility(
                &[Stint {
                    start: s,
                    end: None,
                }],
                h2s,
                h2e,
                3,
            )
        };
        assert_eq!(second(d(2026, 10, 1)), Ok(()));
        assert_eq!(second(d(2026, 10, 2)), Err(Exemption::TooShort));
    }

    #[test]
    fn periods_and_deadlines() {
        assert_eq!(period(2026, 1, 1), Some((d(2026, 1, 1), d(2026, 12, 31))));
        assert_eq!(period(2026, 2, 2), Some((d(2026, 7, 1), d(2026, 12, 31))));
        assert_eq!(period(2026, 2, 1), None);
        let dl = cycle_deadlines(
            d(2026, 1, 1),
            d(2026, 12, 31),
            &MethodSettings::default_1_4(),
        );
        assert_eq!(dl.planning, d(2026, 2, 1));
        assert_eq!(dl.rating, d(2027, 1, 30));
        assert_eq!(dl.summary, d(2027, 2, 14));
        assert!(!overdue(d(2026, 2, 1), d(2026, 2, 1)));
        assert!(overdue(d(2026, 2, 1), d(2026, 2, 2)));
    }

    #[test]
    fn the_happy_path_walks_every_stage_in_order() {
        let mut stage = Stage::Planning;
        let mut seen = vec![stage];
        for step in [
            Step::SubmitPlan,
            Step::ConfirmPlan,
            Step::SubmitSelfAssessment,
            Step::SubmitRating,
            Step::Acknowledge,
            Step::Finalize,
            Step::Appeal,
            Step::DecideAppeal,
        ] {
            stage = next_stage(stage, step, true).unwrap_or_else(|| panic!("{stage:?} {step:?}"));
            seen.push(stage);
        }
        use Stage::*;
        assert_eq!(
            seen,
            vec![
                Planning,
                PlanConfirmation,
                SelfAssessment,
                Rating,
                Acknowledgement,
                Finalization,
                Finalized,
                Appealed,
                Finalized
            ]
        );
        assert_eq!(
            next_stage(PlanConfirmation, Step::ConfirmPlan, false),
            Some(Rating)
        );
    }

    #[test]
    fn results_exist_only_once_rated_and_exemption_ends_before_them() {
        for stage in [
            Stage::Acknowledgement,
            Stage::Finalization,
            Stage::Finalized,
            Stage::Appealed,
        ] {
            assert_eq!(next_stage(stage, Step::Exempt, true), None);
        }
        assert_eq!(next_stage(Stage::Finalized, Step::SubmitRating, true), None);
        assert_eq!(next_stage(Stage::Finalized, Step::Finalize, true), None);
        assert_eq!(
            next_stage(Stage::Exempt, Step::Include, true),
            Some(Stage::Planning)
        );
    }

    const ALL_STEPS: [Step; 14] = [
        Step::SubmitPlan,
        Step::ConfirmPlan,
        Step::SubmitSelfAssessment,
        Step::SubmitRating,
        Step::Acknowledge,
        Step::Object,
        Step::Finalize,
        Step::FinalizeUnacknowledged,
        Step::Appeal,
        Step::DecideAppeal,
        Step::Exempt,
        Step::Include,
        Step::Reassign,
        Step::DelegateAppeal,
    ];

    fn only(flag: usize) -> Relation {
        Relation {
            officer: flag == 0,
            evaluator: flag == 1,
            hr: flag == 2,
            mayor: flag == 3,
            reviewer: flag == 4,
        }
    }

    fn facts(stage: Stage, today: NaiveDate) -> EvalFacts {
        EvalFacts {
            stage,
            cycle: CycleStatus::Open,
            self_assessment: true,
            acknowledge_due: Some(d(2026, 3, 10)),
            appeal_due: Some(d(2026, 4, 10)),
            appealed: false,
            today,
        }
    }

    #[test]
    fn every_step_belongs_to_exactly_one_party_and_the_mayor_only_names_a_reviewer() {
        for step in ALL_STEPS {
            let takers: Vec<usize> = (0..5).filter(|f| only(*f).takes(step)).collect();
            assert_eq!(takers.len(), 1, "{step:?}: {takers:?}");
            assert_eq!(takers == [3], step == Step::DelegateAppeal, "{step:?}");
        }
    }

    #[test]
    fn hr_finalizes_an_unanswered_result_only_after_the_window() {
        let hr = only(2);
        let step = finalize_step(Stage::Acknowledgement);
        assert_eq!(
            check_step(step, &hr, &facts(Stage::Acknowledgement, d(2026, 3, 10))),
            Err(Refusal::AwaitingAnswer),
            "the last day is still the officer's"
        );
        assert_eq!(
            check_step(step, &hr, &facts(Stage::Acknowledgement, d(2026, 3, 11))),
            Ok(Stage::Finalized)
        );
        assert_eq!(
            check_step(
                finalize_step(Stage::Finalization),
                &hr,
                &facts(Stage::Finalization, d(2026, 3, 1))
            ),
            Ok(Stage::Finalized)
        );
    }

    #[test]
    fn one_appeal_within_its_window_and_appeals_outlive_the_cycle() {
        let officer = only(0);
        let finalized = facts(Stage::Finalized, d(2026, 4, 10));
        assert_eq!(
            check_step(Step::Appeal, &officer, &finalized),
            Ok(Stage::Appealed)
        );
        let late = EvalFacts {
            today: d(2026, 4, 11),
            ..finalized
        };
        assert_eq!(
            check_step(Step::Appeal, &officer, &late),
            Err(Refusal::AppealWindowClosed)
        );
        let again = EvalFacts {
            appealed: true,
            ..finalized
        };
        assert_eq!(
            check_step(Step::Appeal, &officer, &again),
            Err(Refusal::AlreadyAppealed)
        );
        let closed = EvalFacts {
            cycle: CycleStatus::Closed,
            ..finalized
        };
        assert_eq!(
            check_step(Step::Appeal, &officer, &closed),
            Ok(Stage::Appealed)
        );
        let closed_rating = EvalFacts {
            stage: Stage::Rating,
            ..closed
        };
        assert_eq!(
            check_step(Step::SubmitRating, &only(1), &closed_rating),
            Err(Refusal::CycleClosed)
        );
    }

    #[test]
    fn capabilities_offer_exactly_the_steps_the_rules_allow() {
        let planning = facts(Stage::Planning, d(2026, 1, 15));
        assert_eq!(
            Capabilities::of(&only(1), &planning),
            Capabilities {
                plan: true,
                ..Default::default()
            }
        );
        assert_eq!(
            Capabilities::of(&only(0), &planning),
            Capabilities::default()
        );
        assert_eq!(
            Capabilities::of(&only(3), &planning),
            Capabilities::default()
        );
        let hr = Capabilities::of(&only(2), &planning);
        assert!(hr.exempt && hr.reassign && !hr.include && !hr.finalize);
        let finalized = Capabilities::of(&only(2), &facts(Stage::Finalized, d(2026, 4, 1)));
        assert_eq!(
            finalized,
            Capabilities::default(),
            "a final result is changed only on appeal"
        );
        let appealed = facts(Stage::Appealed, d(2026, 4, 1));
        assert!(
            !Capabilities::of(&only(2), &appealed).delegate,
            "not HR's to delegate"
        );
        assert!(
            Capabilities::of(&only(3), &appealed).delegate,
            "the mayor names a reviewer"
        );
    }

    fn any_step() -> impl Strategy<Value = Step> {
        prop::sample::select(vec![
            Step::SubmitPlan,
            Step::ConfirmPlan,
            Step::SubmitSelfAssessment,
            Step::SubmitRating,
            Step::Acknowledge,
            Step::Object,
            Step::Finalize,
            Step::FinalizeUnacknowledged,
            Step::Appeal,
            Step::DecideAppeal,
            Step::Exempt,
            Step::Include,
        ])
    }

    fn order(stage: Stage) -> usize {
        match stage {
            Stage::Exempt | Stage::Planning => 0,
            Stage::PlanConfirmation => 1,
            Stage::SelfAssessment => 2,
            Stage::Rating => 3,
            Stage::Acknowledgement => 4,
            Stage::Finalization => 5,
            Stage::Finalized | Stage::Appealed => 6,
        }
    }

    proptest! {
        #[test]
        fn the_mean_lies_within_the_scale_and_ignores_order(mut scores in prop::collection::vec(1u8..=4, 1..20)) {
            let s = MethodSettings::default_1_4();
            let a = final_mark(&scores, &s).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert!(a.mean >= Decimal::ONE && a.mean <= Decimal::from(4));
            prop_assert!((a.mean * Decimal::from(a.count) - Decimal::from(a.sum)).abs() < Decimal::new(1, 20));
            scores.reverse();
            let b = final_mark(&scores, &s).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(a, b);
        }

        #[test]
        fn the_band_never_falls_as_the_mean_rises(a in 100u32..=400, b in 100u32..=400) {
            let bands = MethodSettings::default_1_4().bands;
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(bands.rating(Decimal::new(lo.into(), 2)) <= bands.rating(Decimal::new(hi.into(), 2)));
        }

        #[test]
        fn nobody_takes_a_step_that_is_not_theirs(step in prop::sample::select(ALL_STEPS.to_vec()), flag in 0usize..5, stage in prop::sample::select(Stage::ALL.to_vec()), day in 1u32..28) {
            let rel = only(flag);
            let result = check_step(step, &rel, &facts(stage, d(2026, 3, day)));
            if !rel.takes(step) {
                prop_assert_eq!(result, Err(Refusal::NotYours));
            }
            // Where the stage machine has the step, the allowed move is the machine's.
            let own_rule = matches!(step, Step::FinalizeUnacknowledged | Step::Reassign | Step::DelegateAppeal);
            if let (Ok(next), false) = (result, own_rule) {
                prop_assert_eq!(Some(next), next_stage(stage, step, true));
            }
        }

        #[test]
        fn no_step_moves_more_than_one_stage_forward(steps in prop::collection::vec(any_step(), 1..40), sa in any::<bool>()) {
            let mut stage = Stage::Planning;
            for step in steps {
                if let Some(next) = next_stage(stage, step, sa) {
                    let jump = order(next) as i64 - order(stage) as i64;
                    let allowed = if sa || stage != Stage::PlanConfirmation { 1 } else { 2 };
                    // Leaving the acknowledgement unanswered skips only the HR queue.
                    let allowed = if step == Step::FinalizeUnacknowledged { 2 } else { allowed };
                    prop_assert!(jump <= allowed, "{:?} -{:?}-> {:?}", stage, step, next);
                    if next == Stage::Exempt { prop_assert!(!stage.is_final()); }
                    stage = next;
                }
            }
        }
    }
}
