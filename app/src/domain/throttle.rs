//! Sign-in throttling: after too many failures inside a window a key (an account or a client
//! address) is locked for a while. The state is stored per key; these functions decide.
//!
//! Every attempt is counted *before* its password is checked (the service does it in one
//! write transaction), so parallel guesses cannot slip past the limit; a correct password
//! then clears the account's count and gives the address its attempt back.
//!
//! A lock is a way to shut someone out, too: anybody who knows a username could keep its
//! owner locked out by guessing wrong. So a lock caused by others does not stop an address
//! that has no failures of its own and from which the account signed in before
//! ([`KNOWN_ADDRESS_DAYS`]). An attacker rotating addresses gains nothing by it (new
//! addresses are not known), while the owner at their usual desk still gets in.
use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottlePolicy {
    pub max_failures: u32,
    pub window: Duration,
    pub lockout: Duration,
}

impl ThrottlePolicy {
    /// Per account: five wrong passwords in 15 minutes lock the account for 15 minutes.
    pub fn per_account() -> Self {
        ThrottlePolicy {
            max_failures: 5,
            window: Duration::minutes(15),
            lockout: Duration::minutes(15),
        }
    }

    /// Per client address: looser, because an office may share one address.
    pub fn per_address() -> Self {
        ThrottlePolicy {
            max_failures: 30,
            window: Duration::minutes(15),
            lockout: Duration::minutes(15),
        }
    }
}

/// How long an address counts as the account's own after a successful sign-in from it.
pub const KNOWN_ADDRESS_DAYS: i64 = 90;

/// The decision on one attempt, before its password is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Locked: refused without checking the password (nothing is counted).
    Refused,
    /// May try; these states already count the attempt as a failure.
    Counted {
        account: ThrottleState,
        address: ThrottleState,
    },
}

/// Decides an attempt from the stored states of the account and the address. `known_address`:
/// the account signed in from this address within [`KNOWN_ADDRESS_DAYS`].
pub fn admit(
    account: Option<&ThrottleState>,
    address: Option<&ThrottleState>,
    known_address: bool,
    now: DateTime<Utc>,
) -> Admission {
    let (per_account, per_address) = (ThrottlePolicy::per_account(), ThrottlePolicy::per_address());
    if per_address.locked_until(address, now).is_some() {
        return Admission::Refused;
    }
    let clean_address = address.is_none_or(|s| per_address.failures_in_window(s, now) == 0);
    if per_account.locked_until(account, now).is_some() && !(known_address && clean_address) {
        return Admission::Refused;
    }
    Admission::Counted {
        account: per_account.after_failure(account, now),
        address: per_address.after_failure(address, now),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThrottleState {
    pub failures: u32,
    pub window_started_at: DateTime<Utc>,
    pub locked_until: Option<DateTime<Utc>>,
}

impl ThrottlePolicy {
    /// `Some(until)` when the key may not try now.
    pub fn locked_until(
        &self,
        state: Option<&ThrottleState>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        state
            .and_then(|s| s.locked_until)
            .filter(|until| now < *until)
    }

    /// The failures that still count at `now` (none once the window or the lock is over).
    pub fn failures_in_window(&self, state: &ThrottleState, now: DateTime<Utc>) -> u32 {
        let live = match state.locked_until {
            Some(until) => now < until,
            None => now < state.window_started_at + self.window,
        };
        if live {
            state.failures
        } else {
            0
        }
    }

    /// The state after one more failure at `now`.
    pub fn after_failure(
        &self,
        state: Option<&ThrottleState>,
        now: DateTime<Utc>,
    ) -> ThrottleState {
        let fresh = ThrottleState {
            failures: 0,
            window_started_at: now,
            locked_until: None,
        };
        let mut next = match state {
            // Still locked: keep counting, the lock stands.
            Some(s) if self.locked_until(Some(s), now).is_some() => *s,
            // Unlocked and inside the window: failures add up.
            Some(s) if s.locked_until.is_none() && now < s.window_started_at + self.window => *s,
            // No history, an expired window or an expired lock: start over.
            _ => fresh,
        };
        next.failures += 1;
        if next.failures >= self.max_failures && next.locked_until.is_none() {
            next.locked_until = Some(now + self.lockout);
        }
        next
    }
}

/// Public pages (the staff figures, vacancies, applications): at most `limit` requests per
/// client address in each fixed `window`, so one address cannot flood what anyone may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateWindow {
    pub started: DateTime<Utc>,
    pub count: u32,
}

/// Counts one request against the address's window: `(allowed, the window after it)`. A new
/// window starts when the last one has run out; a refused request is not counted.
pub fn allow(
    window: Option<RateWindow>,
    now: DateTime<Utc>,
    limit: u32,
    length: Duration,
) -> (bool, RateWindow) {
    match window {
        Some(w) if now < w.started + length => {
            if w.count >= limit {
                (false, w)
            } else {
                (
                    true,
                    RateWindow {
                        started: w.started,
                        count: w.count + 1,
                    },
                )
            }
        }
        _ => (
            limit > 0,
            RateWindow {
                started: now,
                count: u32::from(limit > 0),
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0)
            .single()
            .expect("valid")
            + Duration::seconds(seconds)
    }

    #[test]
    fn locks_at_the_fifth_failure_and_unlocks_after_the_lockout() {
        let p = ThrottlePolicy::per_account();
        let mut s = None;
        for i in 0..4 {
            s = Some(p.after_failure(s.as_ref(), at(i)));
            assert_eq!(p.locked_until(s.as_ref(), at(i)), None);
        }
        s = Some(p.after_failure(s.as_ref(), at(4)));
        assert_eq!(p.locked_until(s.as_ref(), at(4)), Some(at(4 + 900)));
        assert!(p.locked_until(s.as_ref(), at(903)).is_some());
        assert_eq!(p.locked_until(s.as_ref(), at(904)), None);
        // After the lockout, the count starts again.
        let after = p.after_failure(s.as_ref(), at(904));
        assert_eq!(after.failures, 1);
        assert_eq!(after.locked_until, None);
    }

    #[test]
    fn failures_outside_the_window_do_not_add_up() {
        let p = ThrottlePolicy::per_account();
        let mut s = None;
        for i in 0..4 {
            s = Some(p.after_failure(s.as_ref(), at(i * 60)));
        }
        let later = p.after_failure(s.as_ref(), at(15 * 60 + 1));
        assert_eq!(later.failures, 1);
        assert_eq!(p.locked_until(Some(&later), at(15 * 60 + 1)), None);
    }

    #[test]
    fn the_owner_at_a_known_clean_address_passes_a_lock_others_caused() {
        let p = ThrottlePolicy::per_account();
        let mut account = None;
        for i in 0..5 {
            account = Some(p.after_failure(account.as_ref(), at(i)));
        }
        let attacker = Some(ThrottlePolicy::per_address().after_failure(None, at(4)));
        assert_eq!(
            admit(account.as_ref(), attacker.as_ref(), true, at(5)),
            Admission::Refused
        );
        assert_eq!(
            admit(account.as_ref(), None, false, at(5)),
            Admission::Refused,
            "a new address"
        );
        let Admission::Counted {
            account: next,
            address,
        } = admit(account.as_ref(), None, true, at(5))
        else {
            panic!("the owner's usual address is let through");
        };
        assert_eq!(
            (next.failures, address.failures),
            (6, 1),
            "and still counted"
        );
    }

    #[test]
    fn a_locked_address_is_refused_whatever_the_account() {
        let p = ThrottlePolicy::per_address();
        let mut s = None;
        for i in 0..30 {
            s = Some(p.after_failure(s.as_ref(), at(i)));
        }
        assert_eq!(admit(None, s.as_ref(), true, at(31)), Admission::Refused);
    }

    proptest! {
        /// However the attempts interleave, no more than the limit are checked before the lock.
        #[test]
        fn counted_attempts_never_exceed_the_limit(n in 1usize..60) {
            let mut account = None;
            let mut checked = 0;
            for i in 0..n {
                if let Admission::Counted { account: a, .. } = admit(account.as_ref(), None, false, at(i as i64)) {
                    checked += 1;
                    account = Some(a);
                }
            }
            prop_assert!(checked <= ThrottlePolicy::per_account().max_failures as usize);
        }

        #[test]
        fn never_locked_below_the_limit(gaps in proptest::collection::vec(0i64..2000, 0..4)) {
            let p = ThrottlePolicy::per_account();
            let mut s = None;
            let mut t = 0;
            for g in gaps {
                t += g;
                s = Some(p.after_failure(s.as_ref(), at(t)));
                prop_assert!(p.locked_until(s.as_ref(), at(t)).is_none());
            }
        }

        #[test]
        fn a_burst_at_the_limit_always_locks(start in 0i64..100_000, limit in 1u32..40) {
            let p = ThrottlePolicy { max_failures: limit, ..ThrottlePolicy::per_account() };
            let mut s = None;
            for i in 0..limit {
                s = Some(p.after_failure(s.as_ref(), at(start + i64::from(i))));
            }
            let now = at(start + i64::from(limit));
            prop_assert!(p.locked_until(s.as_ref(), now).is_some());
        }
    }

    #[test]
    fn public_requests_are_limited_per_window() {
        let t0 = at(0);
        let minute = Duration::minutes(1);
        let mut window = None;
        for _ in 0..3 {
            let (ok, w) = allow(window, t0, 3, minute);
            assert!(ok);
            window = Some(w);
        }
        let (ok, w) = allow(window, t0 + Duration::seconds(59), 3, minute);
        assert!(!ok, "the fourth in the same minute is refused");
        assert_eq!(w.count, 3, "a refusal is not counted");
        let (ok, w) = allow(Some(w), t0 + minute, 3, minute);
        assert!(
            ok && w.count == 1 && w.started == t0 + minute,
            "a new window"
        );
    }
}
