//! Attestation (ატესტაცია, seed 004 art. 21–23, DOMAIN §3.7): sessions of the
//! competition-attestation commission, the members' votes with recusals, and the conclusion the
//! votes carry. The mayor's order makes a session's conclusions effective.
use super::career::Conclusion;
use serde::{Deserialize, Serialize};

coded_enum! {
    /// Where a commission session stands.
    pub enum SessionState {
        /// Scheduled: the officers are notified, the dossiers gathered, the members vote.
        Scheduled = "scheduled" => AttestationScheduled,
        /// Every officer has a conclusion; the mayor's order follows.
        Concluded = "concluded" => AttestationConcluded,
        /// The mayor's order is issued: the conclusions are effective.
        Ordered = "ordered" => AttestationOrdered,
    }
}

/// One member's vote on one officer: a conclusion, or recused for a conflict of interest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Vote {
    For(Conclusion),
    Recused,
}

/// What the votes carry: the conclusion most members voted for, the chair's vote breaking a tie;
/// `None` while the quorum (a share of the members, in percent, not recused and voting) is
/// not met or a tie has no chair's vote among the tied.
pub fn carried(
    votes: &[Vote],
    chair: Option<Vote>,
    members: usize,
    quorum_percent: u32,
) -> Option<Conclusion> {
    let cast: Vec<Conclusion> = votes
        .iter()
        .filter_map(|v| match v {
            Vote::For(c) => Some(*c),
            Vote::Recused => None,
        })
        .collect();
    if cast.is_empty() || cast.len() * 100 < members * quorum_percent as usize {
        return None;
    }
    let count = |c: Conclusion| cast.iter().filter(|v| **v == c).count();
    let best = Conclusion::ALL.iter().map(|c| count(*c)).max()?;
    let tied: Vec<Conclusion> = Conclusion::ALL
        .iter()
        .copied()
        .filter(|c| count(*c) == best)
        .collect();
    match tied.as_slice() {
        [one] => Some(*one),
        _ => match chair {
            Some(Vote::For(c)) if tied.contains(&c) => Some(c),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Conclusion::*;

    #[test]
    fn the_majority_carries_and_the_chair_breaks_a_tie() {
        let v = |c| Vote::For(c);
        assert_eq!(
            carried(
                &[v(FitsPosition), v(FitsPosition), v(FitsHigher)],
                None,
                3,
                50
            ),
            Some(FitsPosition)
        );
        assert_eq!(
            carried(
                &[v(FitsPosition), v(FitsHigher)],
                Some(v(FitsHigher)),
                3,
                50
            ),
            Some(FitsHigher)
        );
        assert_eq!(
            carried(&[v(FitsPosition), v(FitsHigher)], None, 3, 50),
            None
        );
        // One recused of three: two votes still make the quorum of 50 %.
        assert_eq!(
            carried(&[v(DoesNotFit), Vote::Recused, v(DoesNotFit)], None, 3, 50),
            Some(DoesNotFit)
        );
        // Two recused of three: one vote is below it.
        assert_eq!(
            carried(
                &[Vote::Recused, Vote::Recused, v(FitsPosition)],
                None,
                3,
                50
            ),
            None
        );
        assert_eq!(carried(&[], None, 3, 50), None);
    }

    proptest! {
        #[test]
        fn a_unanimous_quorate_vote_carries(n in 1usize..7, c in 0usize..3) {
            let conclusion = Conclusion::ALL[c];
            let votes = vec![Vote::For(conclusion); n];
            prop_assert_eq!(carried(&votes, None, n, 50), Some(conclusion));
        }

        #[test]
        fn what_carries_was_voted(votes in proptest::collection::vec(0usize..4, 0..7), chair in 0usize..4) {
            let to_vote = |i: usize| if i == 3 { Vote::Recused } else { Vote::For(Conclusion::ALL[i]) };
            let votes: Vec<Vote> = votes.into_iter().map(to_vote).collect();
            if let Some(c) = carried(&votes, Some(to_vote(chair)), votes.len(), 50) {
                prop_assert!(votes.contains(&Vote::For(c)));
            }
        }
    }
}
