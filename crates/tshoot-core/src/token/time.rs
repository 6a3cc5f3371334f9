//! Token times in admin words: UTC RFC 3339 and a phrase relative to now ("expired 1 h ago",
//! "valid for 43 min more"). The core has no time zone data, so local time is the caller's.

use serde::Serialize;
use std::time::{Duration, SystemTime};

/// The latest moment RFC 3339 can write (9999-12-31T23:59:59Z).
const MAX_RFC3339: i64 = 253_402_300_799;

/// Seconds since the Unix epoch (negative before it).
pub fn unix(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Which time claim, for the phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// `iat`.
    Issued,
    /// `nbf`.
    NotBefore,
    /// `exp`.
    Expires,
}

/// A time claim resolved against now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimePoint {
    /// Seconds since the Unix epoch, as in the token.
    pub unix: i64,
    /// The moment in UTC (`2026-11-25T10:01:42Z`); `None` when out of range.
    pub utc: Option<String>,
    /// Relative to now: "expired 1 h ago", "valid for 43 min more".
    pub relative: String,
}

impl TimePoint {
    /// `at` (claim value) against `now`, both Unix seconds.
    pub fn new(at: i64, now: i64, which: Which) -> Self {
        let utc = (0..=MAX_RFC3339).contains(&at).then(|| {
            let secs = u64::try_from(at).unwrap_or(0);
            humantime::format_rfc3339_seconds(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
                .to_string()
        });
        let past = at <= now;
        let gap = span(at.abs_diff(now));
        let relative = match (which, past) {
            (Which::Issued, true) => format!("issued {gap} ago"),
            (Which::Issued, false) => format!("issued {gap} in the future (check the clock)"),
            (Which::NotBefore, true) => format!("valid since {gap} ago"),
            (Which::NotBefore, false) => format!("not valid for another {gap}"),
            (Which::Expires, true) => format!("expired {gap} ago"),
            (Which::Expires, false) => format!("valid for {gap} more"),
        };
        TimePoint {
            unix: at,
            utc,
            relative,
        }
    }

    /// "2026-11-25T10:01:42Z (expired 1 h ago)".
    pub fn describe(&self) -> String {
        match &self.utc {
            Some(utc) => format!("{utc} ({})", self.relative),
            None => format!("{} (out of range; {})", self.unix, self.relative),
        }
    }
}

/// A duration as people say it: "40 s", "43 min", "1 h", "1 h 5 min", "2 days 3 h".
pub fn span(secs: u64) -> String {
    const MIN: u64 = 60;
    const HOUR: u64 = 3600;
    const DAY: u64 = 86_400;
    if secs < MIN {
        format!("{secs} s")
    } else if secs < HOUR {
        format!("{} min", secs / MIN)
    } else if secs < DAY {
        let (h, m) = (secs / HOUR, secs % HOUR / MIN);
        if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        }
    } else {
        let (d, h) = (secs / DAY, secs % DAY / HOUR);
        let days = if d == 1 {
            "1 day".to_owned()
        } else {
            format!("{d} days")
        };
        if h == 0 {
            days
        } else {
            format!("{days} {h} h")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_naturally() {
        assert_eq!(span(0), "0 s");
        assert_eq!(span(59), "59 s");
        assert_eq!(span(43 * 60 + 20), "43 min");
        assert_eq!(span(3600), "1 h");
        assert_eq!(span(3600 + 5 * 60), "1 h 5 min");
        assert_eq!(span(86_400), "1 day");
        assert_eq!(span(2 * 86_400 + 3 * 3600), "2 days 3 h");
    }

    #[test]
    fn points_say_past_or_future() {
        let now = 1_795_611_702; // 2026-11-25T13:01:42Z
        let exp = TimePoint::new(now - 3600, now, Which::Expires);
        assert_eq!(exp.describe(), "2026-11-25T12:01:42Z (expired 1 h ago)");
        let exp = TimePoint::new(now + 43 * 60, now, Which::Expires);
        assert_eq!(exp.relative, "valid for 43 min more");
        assert_eq!(
            TimePoint::new(now + 120, now, Which::NotBefore).relative,
            "not valid for another 2 min"
        );
        assert_eq!(
            TimePoint::new(now - 120, now, Which::NotBefore).relative,
            "valid since 2 min ago"
        );
        assert_eq!(
            TimePoint::new(now - 60, now, Which::Issued).relative,
            "issued 1 min ago"
        );
        assert!(
            TimePoint::new(now + 60, now, Which::Issued)
                .relative
                .contains("future")
        );
        let far = TimePoint::new(i64::MAX, now, Which::Expires);
        assert_eq!(far.utc, None);
        assert!(far.describe().contains("out of range"));
        assert_eq!(TimePoint::new(i64::MIN, now, Which::Expires).utc, None);
    }

    #[test]
    fn unix_seconds_either_side_of_the_epoch() {
        assert_eq!(unix(SystemTime::UNIX_EPOCH + Duration::from_secs(5)), 5);
        assert_eq!(unix(SystemTime::UNIX_EPOCH - Duration::from_secs(5)), -5);
    }
}
