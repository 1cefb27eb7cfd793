//! Vacancies and competitions (კონკურსი) as pure rules: their states and the transitions the
//! law allows (DOMAIN §3.1–3.2), and the scoring arithmetic of §4.2 in exact decimals. Stage
//! definitions (maximum points, weight, pass ratio) are per-municipality configuration stored
//! with each competition; nothing here is a legal constant.
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

coded_enum! {
    /// A vacancy's state (ვაკანსია, DOMAIN §3.1).
    pub enum VacancyState {
        /// Open from the day after the position fell vacant.
        Open = "open" => VacancyStateOpen,
        /// Requirements and job description are in place; the mayor decides how to fill it.
        DecisionPending = "decision_pending" => VacancyStateDecisionPending,
        /// To be filled by competition.
        Competition = "competition" => VacancyStateCompetition,
        /// To be filled by mobility.
        Mobility = "mobility" => VacancyStateMobility,
        /// To be filled by placing a reserve officer (released in a reorganization).
        ReservePlacement = "reserve_placement" => VacancyStateReservePlacement,
        /// Held by an acting officer meanwhile.
        Acting = "acting" => VacancyStateActing,
        /// Filled by an appointment order.
        Filled = "filled" => VacancyStateFilled,
        /// The position was abolished.
        Cancelled = "cancelled" => VacancyStateCancelled,
    }
}

impl VacancyState {
    /// The states a vacancy may go to from this one (§3.1): a failed competition returns it to
    /// the decision; acting may come from any unfilled state.
    pub fn next(self) -> &'static [VacancyState] {
        use VacancyState::*;
        match self {
            Open => &[DecisionPending, Acting, Cancelled],
            DecisionPending => &[Competition, Mobility, ReservePlacement, Acting, Cancelled],
            Competition | Mobility | ReservePlacement => &[Filled, DecisionPending, Acting],
            Acting => &[
                DecisionPending,
                Competition,
                Mobility,
                ReservePlacement,
                Filled,
            ],
            Filled | Cancelled => &[],
        }
    }

    pub fn may_go(self, to: VacancyState) -> bool {
        self.next().contains(&to)
    }
}

coded_enum! {
    /// The kind of competition (DOMAIN §3.2).
    pub enum CompetitionKind {
        /// Open: anyone eligible.
        Open = "open" => CompetitionKindOpen,
        /// Closed: officers of the public service only.
        Closed = "closed" => CompetitionKindClosed,
        /// Internal: officers of this institution only.
        Internal = "internal" => CompetitionKindInternal,
        /// Simplified public: labour-contract hiring.
        Simplified = "simplified" => CompetitionKindSimplified,
    }
}

coded_enum! {
    /// A competition's state (DOMAIN §3.2). Stages run one after another inside `Stages`; the
    /// stage reached is kept beside the state.
    pub enum CompetitionState {
        Draft = "draft" => CompetitionStateDraft,
        /// Announced by the mayor's order; applications are taken until the deadline.
        Announced = "announced" => CompetitionStateAnnounced,
        ApplicationsClosed = "applications_closed" => CompetitionStateApplicationsClosed,
        /// Each application checked against each requirement.
        FormalCheck = "formal_check" => CompetitionStateFormalCheck,
        /// Test, written task, interview: the configured stages in order.
        Stages = "stages" => CompetitionStateStages,
        /// Ranked; the winner is notified.
        Decided = "decided" => CompetitionStateDecided,
        /// Waiting for the winner's documents.
        CandidateDocs = "candidate_docs" => CompetitionStateCandidateDocs,
        /// The mayor's appointment order was issued.
        Appointed = "appointed" => CompetitionStateAppointed,
        Cancelled = "cancelled" => CompetitionStateCancelled,
        /// Nobody qualified, or the winner declined with no runner-up accepting.
        Failed = "failed" => CompetitionStateFailed,
    }
}

impl CompetitionState {
    /// The main path, in order.
    pub const PATH: &'static [CompetitionState] = &[
        CompetitionState::Draft,
        CompetitionState::Announced,
        CompetitionState::ApplicationsClosed,
        CompetitionState::FormalCheck,
        CompetitionState::Stages,
        CompetitionState::Decided,
        CompetitionState::CandidateDocs,
        CompetitionState::Appointed,
    ];

    /// The states a competition may go to from this one: the next on the path; cancelled from
    /// any state before the decision; failed from the checks, the stages or the decision (a
    /// winner declining with nobody after them fails it from the documents too).
    pub fn next(self) -> Vec<CompetitionState> {
        use CompetitionState::*;
        let mut next: Vec<CompetitionState> = Self::PATH
            .iter()
            .position(|s| *s == self)
            .and_then(|i| Self::PATH.get(i + 1))
            .copied()
            .into_iter()
            .collect();
        if matches!(
            self,
            Draft | Announced | ApplicationsClosed | FormalCheck | Stages
        ) {
            next.push(Cancelled);
        }
        if matches!(self, FormalCheck | Stages | Decided | CandidateDocs) {
            next.push(Failed);
        }
        next
    }

    pub fn may_go(self, to: CompetitionState) -> bool {
        self.next().contains(&to)
    }

    /// Applicants may apply or amend their application.
    pub fn takes_applications(self) -> bool {
        self == CompetitionState::Announced
    }
}

coded_enum! {
    /// What a stage asks of the applicant.
    pub enum StageKind {
        /// Test: points per correct answer.
        Test = "test" => StageKindTest,
        /// Written task or essay, scored by each member (may be marked anonymously).
        Written = "written" => StageKindWritten,
        /// Interview (გასაუბრება), scored by each member present.
        Interview = "interview" => StageKindInterview,
    }
}

/// A stage as the competition configures it (DOMAIN §4.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRule {
    pub kind: StageKind,
    /// Maximum points `M_k`.
    pub max_points: Decimal,
    /// Weight `w_k` in the total; the weights of a competition add up to 1.
    pub weight: Decimal,
    /// The share of the maximum needed to pass (`stage.pass_ratio`, 0.60 by default).
    pub pass_ratio: Decimal,
}

/// Why a competition's stage rules cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageRulesProblem {
    NoStages,
    /// A maximum of zero or less, a weight or pass ratio outside 0..=1.
    OutOfRange(usize),
    WeightsDoNotAddUp,
}

/// Checks a competition's stages: at least one, each in range, weights adding up to exactly 1.
pub fn check_stages(stages: &[StageRule]) -> Result<(), StageRulesProblem> {
    if stages.is_empty() {
        return Err(StageRulesProblem::NoStages);
    }
    for (i, s) in stages.iter().enumerate() {
        let share = Decimal::ZERO..=Decimal::ONE;
        if s.max_points <= Decimal::ZERO
            || !share.contains(&s.weight)
            || !share.contains(&s.pass_ratio)
        {
            return Err(StageRulesProblem::OutOfRange(i));
        }
    }
    if stages.iter().map(|s| s.weight).sum::<Decimal>() != Decimal::ONE {
        return Err(StageRulesProblem::WeightsDoNotAddUp);
    }
    Ok(())
}

/// Equal weights over `n` stages (the default), the last taking what rounding leaves so they
/// add up to exactly 1.
pub fn equal_weights(n: usize) -> Vec<Decimal> {
    if n == 0 {
        return Vec::new();
    }
    let each = (Decimal::ONE / Decimal::from(n as u64)).round_dp(4);
    let mut weights = vec![each; n];
    weights[n - 1] = Decimal::ONE - each * Decimal::from((n - 1) as u64);
    weights
}

/// One applicant's result in one stage, from the scores of the members present and not
/// recused (for a test, one score: the points).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageResult {
    /// Σ of the members' scores.
    pub sum: Decimal,
    /// How many members scored (m).
    pub members: u32,
    /// The mean `Σ / m`, exact to 28 digits (shown with 2 decimals).
    pub mean: Decimal,
    pub passed: bool,
}

/// A stage's result: the mean over the members who scored; passed when
/// `mean / M ≥ pass_ratio`, decided without dividing (`Σ ≥ pass_ratio × m × M`), so a mean
/// like 20/3 is never rounded into or out of a pass. `None` when nobody scored.
pub fn stage_result(scores: &[Decimal], rule: &StageRule) -> Option<StageResult> {
    if scores.is_empty() {
        return None;
    }
    let sum: Decimal = scores.iter().sum();
    let members = scores.len() as u32;
    let m = Decimal::from(members);
    Some(StageResult {
        sum,
        members,
        mean: sum / m,
        passed: sum >= rule.pass_ratio * m * rule.max_points,
    })
}

/// The total of an applicant who passed every stage: `Σ_k w_k · (mean_k / M_k) × 100`, each
/// term computed as `w_k × Σ_k × 100 / (m_k × M_k)` so the division comes last (DOMAIN §4.2:
/// 0.6 × 20/30 × 100 is exactly 40). `None` when a stage is missing or failed.
pub fn total(results: &[Option<StageResult>], rules: &[StageRule]) -> Option<Decimal> {
    if results.len() != rules.len() {
        return None;
    }
    let mut total = Decimal::ZERO;
    for (result, rule) in results.iter().zip(rules) {
        let result = result.as_ref().filter(|r| r.passed)?;
        total += rule.weight * result.sum * Decimal::ONE_HUNDRED
            / (Decimal::from(result.members) * rule.max_points);
    }
    Some(total)
}

/// An applicant's place in the ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    pub applicant: i64,
    pub total: Decimal,
    /// 1 for the highest total; applicants with equal totals share a place.
    pub place: u32,
    /// Shares the place with another: the chair decides, with a recorded reason.
    pub tied: bool,
}

/// Ranks the totals, highest first (equal totals share a place and are marked tied; the order
/// among them is by applicant for a stable list until the chair decides).
pub fn rank(totals: &[(i64, Decimal)]) -> Vec<Ranked> {
    let mut sorted: Vec<(i64, Decimal)> = totals.to_vec();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ranked: Vec<Ranked> = Vec::with_capacity(sorted.len());
    for (i, (applicant, total)) in sorted.iter().enumerate() {
        let place = match ranked.last() {
            Some(prev) if prev.total == *total => prev.place,
            _ => i as u32 + 1,
        };
        ranked.push(Ranked {
            applicant: *applicant,
            total: *total,
            place,
            tied: false,
        });
    }
    let places: Vec<u32> = ranked.iter().map(|r| r.place).collect();
    for r in &mut ranked {
        r.tied = places.iter().filter(|p| **p == r.place).count() > 1;
    }
    ranked
}

/// Members' scores for one applicant that differ by more than `gap` points: the chair opens a
/// re-score round with a recorded reason.
pub fn spread_exceeds(scores: &[Decimal], gap: Decimal) -> bool {
    match (scores.iter().max(), scores.iter().min()) {
        (Some(max), Some(min)) => max - min > gap,
        _ => false,
    }
}

/// Whether the members present make a quorum: more than `share` of the commission (`> 50 %`
/// by default, §3.2), counting those recused for an applicant as absent for that applicant.
pub fn quorum(members: u32, present: u32, recused: u32, share: Decimal) -> bool {
    let voting = present.saturating_sub(recused);
    members > 0 && Decimal::from(voting) > share * Decimal::from(members)
}

coded_enum! {
    /// What opened a vacancy (seed 004 art. 18(1)).
    pub enum VacancyOpening {
        /// A new position was approved.
        NewPosition = "new_position" => VacancyOpeningNewPosition,
        /// The holder's dismissal took effect (not a staff reduction).
        Dismissal = "dismissal" => VacancyOpeningDismissal,
        /// A position that needs a competition was filled without one.
        NoCompetition = "no_competition" => VacancyOpeningNoCompetition,
    }
}

coded_enum! {
    /// How the mayor decided to fill a vacancy (DOMAIN §3.1), recorded with the order.
    pub enum FillingDecision {
        CompetitionOpen = "competition_open" => FillingDecisionCompetitionOpen,
        CompetitionClosed = "competition_closed" => FillingDecisionCompetitionClosed,
        CompetitionInternal = "competition_internal" => FillingDecisionCompetitionInternal,
        Mobility = "mobility" => FillingDecisionMobility,
        Promotion = "promotion" => FillingDecisionPromotion,
        Transfer = "transfer" => FillingDecisionTransfer,
        Acting = "acting" => FillingDecisionActing,
        /// Placing an officer of the reserve (released in a reorganization).
        Reserve = "reserve" => FillingDecisionReserve,
    }
}

impl FillingDecision {
    /// The competition this decision announces, if it is one.
    pub fn competition_kind(self) -> Option<CompetitionKind> {
        match self {
            FillingDecision::CompetitionOpen => Some(CompetitionKind::Open),
            FillingDecision::CompetitionClosed => Some(CompetitionKind::Closed),
            FillingDecision::CompetitionInternal => Some(CompetitionKind::Internal),
            _ => None,
        }
    }

    /// The state the vacancy goes to.
    pub fn vacancy_state(self) -> VacancyState {
        match self {
            FillingDecision::CompetitionOpen
            | FillingDecision::CompetitionClosed
            | FillingDecision::CompetitionInternal => VacancyState::Competition,
            FillingDecision::Mobility | FillingDecision::Promotion | FillingDecision::Transfer => {
                VacancyState::Mobility
            }
            FillingDecision::Acting => VacancyState::Acting,
            FillingDecision::Reserve => VacancyState::ReservePlacement,
        }
    }
}

coded_enum! {
    /// Where an application stands.
    pub enum ApplicationState {
        Submitted = "submitted" => ApplicationStateSubmitted,
        /// Passed the formal check.
        Admitted = "admitted" => ApplicationStateAdmitted,
        /// Failed the formal check (with a coded reason).
        Rejected = "rejected" => ApplicationStateRejected,
        /// Did not pass a stage.
        NotPassed = "not_passed" => ApplicationStateNotPassed,
        /// Passed every stage.
        Passed = "passed" => ApplicationStatePassed,
        Winner = "winner" => ApplicationStateWinner,
        /// On the reserve list.
        Reserve = "reserve" => ApplicationStateReserve,
        /// The winner declined.
        Declined = "declined" => ApplicationStateDeclined,
        Appointed = "appointed" => ApplicationStateAppointed,
    }
}

coded_enum! {
    /// Why an application failed the formal check.
    pub enum FormalReason {
        RequirementNotMet = "requirement_not_met" => FormalReasonRequirementNotMet,
        Incomplete = "incomplete" => FormalReasonIncomplete,
        Late = "late" => FormalReasonLate,
        NotEligible = "not_eligible" => FormalReasonNotEligible,
    }
}

coded_enum! {
    /// A member's place on the commission.
    pub enum CommissionRole {
        Chair = "chair" => CommissionRoleChair,
        Secretary = "secretary" => CommissionRoleSecretary,
        Member = "member" => CommissionRoleMember,
    }
}

coded_enum! {
    /// An applicant's request for a review of a stage result, decided by someone who did not
    /// score the applicant.
    pub enum ReviewState {
        Pending = "pending" => ReviewStatePending,
        /// The result is corrected as the decision says.
        Upheld = "upheld" => ReviewStateUpheld,
        Rejected = "rejected" => ReviewStateRejected,
    }
}

coded_enum! {
    /// A way to fill a vacancy without competition (DOMAIN §3.3; seed 004 art. 22–23).
    pub enum MoveKind {
        /// Mobility (მობილობა): to a position of the same rank.
        Mobility = "mobility" => MoveKindMobility,
        /// Promotion (დაწინაურება): to a higher rank.
        Promotion = "promotion" => MoveKindPromotion,
        /// Service transfer (სამსახურებრივი გადაყვანა): to the same or a lower rank.
        Transfer = "transfer" => MoveKindTransfer,
        /// Acting (მოვალეობის შემსრულებელი): on top of one's own position, for a limited time.
        Acting = "acting" => MoveKindActing,
    }
}

impl MoveKind {
    /// The move a vacancy decision calls for.
    pub fn of_decision(decision: FillingDecision) -> Option<MoveKind> {
        match decision {
            FillingDecision::Mobility => Some(MoveKind::Mobility),
            FillingDecision::Promotion => Some(MoveKind::Promotion),
            FillingDecision::Transfer => Some(MoveKind::Transfer),
            FillingDecision::Acting => Some(MoveKind::Acting),
            _ => None,
        }
    }

    /// Whether a move from a position of rank `from` to one of rank `to` is of this kind
    /// (rank I is the highest, so a smaller number is a higher rank). Mobility keeps the rank
    /// (a lower one only where `allow_lower` is configured and the officer consented); a
    /// transfer goes to the same or a lower rank (seed 004 art. 23(1)); a promotion to a higher
    /// one (art. 22). Acting does not change one's own position.
    pub fn rank_allows(self, from: Option<i64>, to: Option<i64>, allow_lower: bool) -> bool {
        match (self, from, to) {
            (MoveKind::Acting, _, _) => true,
            (_, Some(from), Some(to)) => match self {
                MoveKind::Mobility => to == from || (allow_lower && to > from),
                MoveKind::Transfer => to >= from,
                MoveKind::Promotion => to < from,
                MoveKind::Acting => true,
            },
            _ => false,
        }
    }
}

coded_enum! {
    /// Where a move stands (DOMAIN §3.3): proposed, the officer's written consent, both heads'
    /// agreement, the mayor's order; refused before the order.
    pub enum MoveState {
        Proposed = "proposed" => MoveStateProposed,
        Consented = "consented" => MoveStateConsented,
        HeadsAgreed = "heads_agreed" => MoveStateHeadsAgreed,
        Ordered = "ordered" => MoveStateOrdered,
        Refused = "refused" => MoveStateRefused,
    }
}

impl MoveState {
    pub fn next(self) -> &'static [MoveState] {
        use MoveState::*;
        match self {
            Proposed => &[Consented, Refused],
            Consented => &[HeadsAgreed, Refused],
            HeadsAgreed => &[Ordered, Refused],
            Ordered | Refused => &[],
        }
    }

    pub fn may_go(self, to: MoveState) -> bool {
        self.next().contains(&to)
    }
}

/// How far one member's marks lie from the rest of the panel: the mean over their sheets of
/// (own score − mean of the other members' scores for the same applicant and stage), as a
/// share of the stage's maximum. `None` under `min_group` sheets, so that small groups do
/// not point at a person.
pub fn mean_deviation(pairs: &[(Decimal, Decimal, Decimal)], min_group: usize) -> Option<Decimal> {
    if pairs.len() < min_group.max(1) {
        return None;
    }
    let sum: Decimal = pairs
        .iter()
        .filter(|(_, _, max)| !max.is_zero())
        .map(|(own, others, max)| (own - others) / max)
        .sum();
    Some((sum / Decimal::from(pairs.len())).round_dp(4))
}

coded_enum! {
    /// A level of an interview answer on the printed kit, against the competency's descriptor.
    pub enum RatingAnchor {
        /// Below the pass mark: no example, or one that contradicts the descriptor.
        Below = "below" => RatingAnchorBelow,
        /// From the pass mark: a concrete example that matches the descriptor.
        Meets = "meets" => RatingAnchorMeets,
        /// Half-way from the pass mark to the maximum: several examples with results.
        Exceeds = "exceeds" => RatingAnchorExceeds,
    }
}

/// The points from which each anchor level starts for an interview stage: 0, the pass mark,
/// and half-way from the pass mark to the maximum.
pub fn rating_anchors(rule: &StageRule) -> Vec<(RatingAnchor, Decimal)> {
    let pass = (rule.max_points * rule.pass_ratio).round_dp(2);
    let strong = ((pass + rule.max_points) / Decimal::TWO).round_dp(2);
    vec![
        (RatingAnchor::Below, Decimal::ZERO),
        (RatingAnchor::Meets, pass),
        (RatingAnchor::Exceeds, strong),
    ]
}

/// The anonymous code a written task is marked under: a letter and the application's place in
/// a shuffled order, never its id.
pub fn blind_code(seed: u32) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let letter = LETTERS[(seed as usize) % LETTERS.len()] as char;
    format!("{letter}-{:04}", (seed / LETTERS.len() as u32) % 10_000)
}

/// A receipt code as the applicant types it: upper case, without spaces and dashes, so
/// `k7qx-m2pa 9drt` and `K7QXM2PA9DRT` are the same code.
pub fn normalize_receipt(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A receipt code from random bytes: 16 characters of Crockford's base32 (80 bits) in four
/// groups, with no letters that look like digits.
pub fn receipt_code(random: &[u8; 10]) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bits: u128 = 0;
    for b in random {
        bits = (bits << 8) | u128::from(*b);
    }
    let chars: Vec<char> = (0..16)
        .map(|i| ALPHABET[((bits >> (75 - 5 * i)) & 31) as usize] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn n(text: &str) -> Decimal {
        text.parse().expect("number")
    }

    #[test]
    fn interview_anchors_start_at_zero_the_pass_mark_and_half_way_up() {
        let rules = test_and_interview();
        let anchors = rating_anchors(&rules[1]);
        let starts: Vec<Decimal> = anchors.iter().map(|(_, from)| *from).collect();
        assert_eq!(starts, [n("0"), n("6"), n("8")]);
    }

    #[test]
    fn a_move_keeps_to_its_rank_rule() {
        use MoveKind::*;
        assert!(Mobility.rank_allows(Some(3), Some(3), false));
        assert!(!Mobility.rank_allows(Some(3), Some(4), false));
        assert!(Mobility.rank_allows(Some(3), Some(4), true));
        assert!(!Mobility.rank_allows(Some(3), Some(2), true));
        assert!(Transfer.rank_allows(Some(2), Some(2), false));
        assert!(Transfer.rank_allows(Some(2), Some(4), false));
        assert!(!Transfer.rank_allows(Some(2), Some(1), false));
        assert!(Promotion.rank_allows(Some(3), Some(2), false));
        assert!(!Promotion.rank_allows(Some(3), Some(3), false));
        assert!(!Transfer.rank_allows(None, Some(3), false));
        assert!(Acting.rank_allows(None, None, false));
    }

    #[test]
    fn a_member_deviation_is_hidden_under_three_sheets() {
        let sheets = [(n("8"), n("6"), n("10")), (n("9"), n("8"), n("10"))];
        assert_eq!(mean_deviation(&sheets, 3), None);
        let three = [
            (n("8"), n("6"), n("10")),
            (n("9"), n("8"), n("10")),
            (n("5"), n("6"), n("10")),
        ];
        // (0.2 + 0.1 − 0.1) / 3
        assert_eq!(mean_deviation(&three, 3), Some(n("0.0667")));
    }

    proptest! {
        /// No move skips a state: every path from `Proposed` to `Ordered` passes through
        /// consent and the heads' agreement.
        #[test]
        fn no_move_skips_a_state(steps in proptest::collection::vec(0usize..5, 0..8)) {
            let mut state = MoveState::Proposed;
            let mut seen = vec![state];
            for i in steps {
                let next = state.next();
                if next.is_empty() { break; }
                state = next[i % next.len()];
                seen.push(state);
            }
            if state == MoveState::Ordered {
                prop_assert!(seen.contains(&MoveState::Consented));
                prop_assert!(seen.contains(&MoveState::HeadsAgreed));
            }
        }
    }

    fn test_and_interview() -> [StageRule; 2] {
        [
            StageRule {
                kind: StageKind::Test,
                max_points: n("20"),
                weight: n("0.4"),
                pass_ratio: n("0.60"),
            },
            StageRule {
                kind: StageKind::Interview,
                max_points: n("10"),
                weight: n("0.6"),
                pass_ratio: n("0.60"),
            },
        ]
    }

    /// DOMAIN §4.2's worked example: A 78.00, B 76.00 exactly, A wins.
    #[test]
    fn the_worked_example_gives_78_and_76() {
        let rules = test_and_interview();
        let a = [
            stage_result(&[n("15")], &rules[0]),
            stage_result(&[n("8"), n("7"), n("9")], &rules[1]),
        ];
        let b = [
            stage_result(&[n("18")], &rules[0]),
            stage_result(&[n("7"), n("6"), n("7")], &rules[1]),
        ];
        assert_eq!(total(&a, &rules), Some(n("78")));
        assert_eq!(total(&b, &rules), Some(n("76")));
        let ranking = rank(&[(2, n("76")), (1, n("78"))]);
        assert_eq!((ranking[0].applicant, ranking[0].place), (1, 1));
        assert_eq!((ranking[1].applicant, ranking[1].place), (2, 2));
        assert!(ranking.iter().all(|r| !r.tied));
        check_stages(&rules).expect("valid");
    }

    #[test]
    fn a_pass_is_decided_exactly_at_the_boundary() {
        let rules = test_and_interview();
        // 6 of 10 from three members (18/30) is exactly 0.60: a pass; 17.99 is not.
        let at = stage_result(&[n("6"), n("6"), n("6")], &rules[1]).expect("scored");
        assert!(at.passed);
        let below = stage_result(&[n("6"), n("6"), n("5.99")], &rules[1]).expect("scored");
        assert!(!below.passed);
        // A failed stage means no total.
        let failed = [stage_result(&[n("11")], &rules[0]), Some(at)];
        assert_eq!(total(&failed, &rules), None);
    }

    #[test]
    fn a_recused_or_missing_member_is_not_counted() {
        let rules = test_and_interview();
        // Two members scored (the third recused): mean over two.
        let two = stage_result(&[n("8"), n("9")], &rules[1]).expect("scored");
        assert_eq!((two.members, two.mean), (2, n("8.5")));
        assert_eq!(stage_result(&[], &rules[1]), None);
        assert_eq!(
            total(&[stage_result(&[n("15")], &rules[0]), None], &rules),
            None
        );
    }

    #[test]
    fn equal_totals_share_a_place_and_are_marked_for_the_chair() {
        let ranking = rank(&[(1, n("80")), (2, n("78")), (3, n("80")), (4, n("70"))]);
        let places: Vec<_> = ranking
            .iter()
            .map(|r| (r.applicant, r.place, r.tied))
            .collect();
        assert_eq!(
            places,
            [(1, 1, true), (3, 1, true), (2, 3, false), (4, 4, false)]
        );
    }

    #[test]
    fn a_wide_spread_calls_for_a_rescore() {
        assert!(spread_exceeds(&[n("9"), n("4"), n("8")], n("4")));
        assert!(!spread_exceeds(&[n("9"), n("5"), n("8")], n("4")));
        assert!(!spread_exceeds(&[], n("4")));
    }

    #[test]
    fn a_quorum_is_more_than_half_of_the_members_not_recused() {
        let half = n("0.5");
        assert!(quorum(5, 3, 0, half));
        assert!(!quorum(5, 3, 1, half));
        assert!(!quorum(4, 2, 0, half));
        assert!(!quorum(0, 0, 0, half));
    }

    #[test]
    fn stage_rules_are_checked() {
        let rules = test_and_interview();
        assert_eq!(check_stages(&[]), Err(StageRulesProblem::NoStages));
        let mut heavy = rules;
        heavy[1].weight = n("0.7");
        assert_eq!(
            check_stages(&heavy),
            Err(StageRulesProblem::WeightsDoNotAddUp)
        );
        let mut zero = rules;
        zero[0].max_points = Decimal::ZERO;
        assert_eq!(check_stages(&zero), Err(StageRulesProblem::OutOfRange(0)));
        for k in 1..=7 {
            assert_eq!(equal_weights(k).iter().sum::<Decimal>(), Decimal::ONE);
        }
    }

    #[test]
    fn vacancies_end_filled_or_cancelled_and_go_nowhere_after() {
        use VacancyState::*;
        assert!(Open.may_go(DecisionPending));
        assert!(!Open.may_go(Competition), "the decision comes first");
        assert!(
            Competition.may_go(DecisionPending),
            "a failed competition returns"
        );
        assert!(
            !Competition.may_go(Cancelled),
            "cancelled only before the decision"
        );
        assert!(Filled.next().is_empty() && Cancelled.next().is_empty());
    }

    #[test]
    fn competitions_cancel_only_before_the_decision_and_fail_only_after_the_checks_begin() {
        use CompetitionState::*;
        for s in CompetitionState::ALL {
            assert_eq!(
                s.may_go(Cancelled),
                matches!(
                    s,
                    Draft | Announced | ApplicationsClosed | FormalCheck | Stages
                )
            );
            assert_eq!(
                s.may_go(Failed),
                matches!(s, FormalCheck | Stages | Decided | CandidateDocs)
            );
        }
        assert!(Appointed.next().is_empty() && Cancelled.next().is_empty());
        assert!(Announced.takes_applications() && !ApplicationsClosed.takes_applications());
    }

    proptest! {
        /// No transition skips a state of the path: each allowed move is to the next state,
        /// or out of the path (cancelled, failed).
        #[test]
        fn no_transition_skips_a_state(from in 0usize..10, to in 0usize..10) {
            let all = CompetitionState::ALL;
            let (from, to) = (all[from], all[to]);
            if from.may_go(to) {
                let path = CompetitionState::PATH;
                match (path.iter().position(|s| *s == from), path.iter().position(|s| *s == to)) {
                    (Some(i), Some(j)) => prop_assert_eq!(j, i + 1),
                    (Some(_), None) => prop_assert!(matches!(to, CompetitionState::Cancelled | CompetitionState::Failed)),
                    (None, _) => prop_assert!(false, "terminal states go nowhere"),
                }
            }
        }

        /// A total is between 0 and 100, and raising one member's score never lowers it.
        #[test]
        fn totals_stay_in_range_and_follow_the_scores(
            test in 12u32..=20, s1 in 6u32..=10, s2 in 6u32..=10, s3 in 6u32..=9,
        ) {
            let rules = test_and_interview();
            let result = |s3: u32| total(&[
                stage_result(&[Decimal::from(test)], &rules[0]),
                stage_result(&[Decimal::from(s1), Decimal::from(s2), Decimal::from(s3)], &rules[1]),
            ], &rules);
            let (low, high) = (result(s3), result(s3 + 1));
            prop_assert!(low.is_some() && high.is_some());
            let (low, high) = (low.unwrap_or_default(), high.unwrap_or_default());
            prop_assert!(low >= Decimal::ZERO && high <= Decimal::ONE_HUNDRED);
            prop_assert!(high > low);
        }
    }

    #[test]
    fn receipt_codes_are_sixteen_unambiguous_characters_and_normalize() {
        let code = receipt_code(&[0xff; 10]);
        assert_eq!(code, "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        assert_eq!(receipt_code(&[0; 10]), "0000-0000-0000-0000");
        let code = receipt_code(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(code.len(), 19);
        assert!(!code.contains(['I', 'L', 'O', 'U']));
        assert_eq!(
            normalize_receipt(&code.to_lowercase().replace('-', " ")),
            code.replace('-', "")
        );
    }

    #[test]
    fn decisions_lead_to_their_vacancy_state() {
        for d in FillingDecision::ALL {
            assert!(VacancyState::DecisionPending.may_go(d.vacancy_state()));
            assert_eq!(
                d.competition_kind().is_some(),
                d.vacancy_state() == VacancyState::Competition
            );
        }
        assert_eq!(blind_code(0), "A-0000");
        assert_ne!(blind_code(1), blind_code(2));
    }
}
