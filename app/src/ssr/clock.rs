//! The one source of the current time. The server reads the system clock; tests pin it (and
//! move it when a scenario needs days to pass); the end-to-end server starts it at a chosen
//! instant and lets it run, so sessions still age. Every rule that depends on "today" gets the
//! date from here, through the request's [`Actor`](super::Actor) or an explicit argument.
use crate::domain::common::georgia_date;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Clone, Debug)]
pub struct Clock(Arc<Source>);

#[derive(Debug)]
enum Source {
    System,
    /// Stands still at the instant inside until set or advanced (tests).
    Pinned(Mutex<DateTime<Utc>>),
    /// Runs at the real pace from a chosen start (the end-to-end server, demos of a date).
    Running {
        start: DateTime<Utc>,
        since: Instant,
    },
}

impl Clock {
    pub fn system() -> Self {
        Clock(Arc::new(Source::System))
    }

    pub fn pinned(at: DateTime<Utc>) -> Self {
        Clock(Arc::new(Source::Pinned(Mutex::new(at))))
    }

    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Clock(Arc::new(Source::Running {
            start,
            since: Instant::now(),
        }))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &*self.0 {
            Source::System => Utc::now(),
            Source::Pinned(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
            Source::Running { start, since } => {
                *start + Duration::from_std(since.elapsed()).unwrap_or_default()
            }
        }
    }

    /// Today in Georgia.
    pub fn today(&self) -> NaiveDate {
        georgia_date(self.now())
    }

    /// Moves a pinned clock (tests: "a week later"). Other clocks ignore it.
    pub fn advance(&self, by: Duration) {
        if let Source::Pinned(at) = &*self.0 {
            let mut at = at.lock().unwrap_or_else(|e| e.into_inner());
            *at += by;
        }
    }

    /// Sets a pinned clock to `to`. Other clocks ignore it.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Source::Pinned(at) = &*self.0 {
            *at.lock().unwrap_or_else(|e| e.into_inner()) = to;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_pinned_clock_stands_still_until_moved() {
        let at = Utc
            .with_ymd_and_hms(2031, 3, 14, 6, 0, 0)
            .single()
            .unwrap_or_default();
        let clock = Clock::pinned(at);
        assert_eq!(clock.now(), at);
        clock.advance(Duration::days(8));
        assert_eq!(
            clock.today(),
            NaiveDate::from_ymd_opt(2031, 3, 22).unwrap_or_default()
        );
        let running = Clock::starting_at(at);
        assert!(running.now() >= at && running.now() < at + Duration::minutes(1));
    }
}
