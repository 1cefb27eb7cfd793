//! When a sign-in session ends: after a period without use (idle) or a fixed time after
//! sign-in (absolute), whichever comes first.
use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionTimeouts {
    pub idle: Duration,
    pub absolute: Duration,
}

impl Default for SessionTimeouts {
    /// Thirty idle minutes and a working day: an office PC left signed in does not stay so.
    fn default() -> Self {
        SessionTimeouts {
            idle: Duration::minutes(30),
            absolute: Duration::hours(10),
        }
    }
}

impl SessionTimeouts {
    pub fn is_live(
        &self,
        created_at: DateTime<Utc>,
        last_seen_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        now < created_at + self.absolute && now < last_seen_at + self.idle
    }

    /// Writing `last_seen_at` on every request would make every page view a database write;
    /// once a minute is precise enough for a 30-minute idle timeout.
    pub fn needs_touch(&self, last_seen_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now - last_seen_at >= Duration::minutes(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
            .single()
            .expect("valid")
            + Duration::minutes(minutes)
    }

    #[test]
    fn idle_timeout_is_exclusive() {
        let t = SessionTimeouts::default();
        assert!(t.is_live(at(0), at(0), at(29)));
        assert!(!t.is_live(at(0), at(0), at(30)));
        assert!(t.is_live(at(0), at(100), at(129)));
    }

    #[test]
    fn absolute_timeout_wins_over_activity() {
        let t = SessionTimeouts::default();
        assert!(t.is_live(at(0), at(599), at(599)));
        assert!(!t.is_live(at(0), at(599), at(600)));
    }

    #[test]
    fn touches_at_most_once_a_minute() {
        let t = SessionTimeouts::default();
        assert!(!t.needs_touch(at(0), at(0)));
        assert!(t.needs_touch(at(0), at(1)));
    }
}
