//! The date the server's sweeps go by: admin relationships' ends, extensions and expiry
//! notices. The system's date; or, for tests only, one that can be moved forward
//! (`serve --test-clock`, then `POST /api/test-clock`), so that a notice 31 days before an end or
//! the end itself is tested by moving time, not by editing rows. Each node has its own.

use shared::date::CalendarDate;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Days added to the system's date; `None` for the system's clock, which can't be moved.
    offset_days: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Self {
        Self { offset_days: None }
    }

    /// A clock tests may move (never in production: `--test-clock`).
    pub fn movable() -> Self {
        Self {
            offset_days: Some(Arc::default()),
        }
    }

    /// A clock `days` away from the system's (demo data dated in the past).
    pub fn shifted(days: i64) -> Self {
        Self {
            offset_days: Some(Arc::new(AtomicI64::new(days))),
        }
    }

    pub fn is_movable(&self) -> bool {
        self.offset_days.is_some()
    }

    /// Today in UTC, as far as the sweeps know.
    pub fn today(&self) -> CalendarDate {
        let today = crate::timestamp::today_utc();
        match &self.offset_days {
            Some(offset) => today.plus_days(offset.load(Ordering::SeqCst)),
            None => today,
        }
    }

    /// Now, as far as the sweeps and new commerce's windows know.
    pub fn now(&self) -> time::OffsetDateTime {
        let now = time::OffsetDateTime::now_utc();
        match &self.offset_days {
            Some(offset) => now + time::Duration::days(offset.load(Ordering::SeqCst)),
            None => now,
        }
    }

    /// Moves a movable clock `days` forward; false (and nothing moves) for the system's.
    pub fn advance(&self, days: u32) -> bool {
        match &self.offset_days {
            Some(offset) => {
                offset.fetch_add(i64::from(days), Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn only_a_movable_clock_moves() {
        let system = Clock::system();
        let today = system.today();
        assert!(!system.advance(3));
        assert_eq!(system.today(), today);
        let movable = Clock::movable();
        let copy = movable.clone();
        assert!(movable.advance(3));
        assert!(movable.advance(28));
        assert_eq!(copy.today(), today.plus_days(31), "clones share the offset");
    }
}
