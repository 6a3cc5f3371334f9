//! Times in a transcript: local time with its UTC offset, so a reader in another time zone
//! knows what "14:02" meant, and durations in words.

use crate::engine::Stamp;
use jiff::tz::{Offset, TimeZone};
use std::time::Duration;

/// The time zone a transcript is written in.
#[derive(Debug, Clone)]
pub struct Clock {
    tz: TimeZone,
}

impl Clock {
    /// The system's time zone (`TZ`, or the platform's setting); UTC when none is known.
    pub fn local() -> Clock {
        Clock {
            tz: TimeZone::try_system().unwrap_or(TimeZone::UTC),
        }
    }

    /// A fixed offset from UTC in hours (tests and reproducible output).
    pub fn fixed(hours: i8) -> Clock {
        Clock {
            tz: TimeZone::fixed(Offset::constant(hours)),
        }
    }

    /// `2026-11-25 14:01:42 +01:00`.
    pub fn full(&self, t: Stamp) -> String {
        self.format(t, "%Y-%m-%d %H:%M:%S %:z")
    }

    /// `2026-11-25`.
    pub fn day(&self, t: Stamp) -> String {
        self.format(t, "%Y-%m-%d")
    }

    /// `14:01:42`, with the date in front when it is not `first_day`.
    pub fn short(&self, t: Stamp, first_day: &str) -> String {
        if self.day(t) == first_day {
            self.format(t, "%H:%M:%S")
        } else {
            self.format(t, "%Y-%m-%d %H:%M:%S")
        }
    }

    fn format(&self, t: Stamp, pattern: &str) -> String {
        match jiff::Timestamp::try_from(t.0) {
            Ok(ts) => ts.to_zoned(self.tz.clone()).strftime(pattern).to_string(),
            // Outside jiff's range (years beyond 9999): the stored RFC 3339 text.
            Err(_) => t.rfc3339(),
        }
    }
}

/// A duration in words, to the second: `18m 21s`, `2h 3m`.
pub fn duration(d: Duration) -> String {
    humantime::format_duration(Duration::from_secs(d.as_secs())).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn local_time_carries_its_offset() {
        let t = Stamp(UNIX_EPOCH + Duration::from_secs(1_795_611_702));
        assert_eq!(Clock::fixed(1).full(t), "2026-11-25 14:01:42 +01:00");
        assert_eq!(Clock::fixed(-5).full(t), "2026-11-25 08:01:42 -05:00");
        assert_eq!(Clock::fixed(1).short(t, "2026-11-25"), "14:01:42");
        assert_eq!(
            Clock::fixed(11).short(t, "2026-11-25"),
            "2026-11-26 00:01:42"
        );
        assert_eq!(duration(Duration::from_millis(1_101_900)), "18m 21s");
    }
}
