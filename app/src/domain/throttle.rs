//! Sign-in throttling: after too many failures inside a window a key (an account or a client
//! address) is locked for a while. The state is stored per key; these functions decide.
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

    proptest! {
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
}
