//! Wall-clock times as stored in sessions: RFC 3339 text, readable in the file.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::time::{Duration, SystemTime};

/// A point in time, stored as RFC 3339 (UTC, seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp(pub SystemTime);

impl Stamp {
    /// Time elapsed from `self` to `now` (zero if `now` is earlier).
    pub fn elapsed_at(self, now: SystemTime) -> Duration {
        now.duration_since(self.0).unwrap_or_default()
    }

    /// RFC 3339 text, e.g. `2026-11-25T13:01:42Z`.
    pub fn rfc3339(self) -> String {
        humantime::format_rfc3339_seconds(self.0).to_string()
    }
}

impl From<SystemTime> for Stamp {
    fn from(t: SystemTime) -> Self {
        Stamp(t)
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        humantime::parse_rfc3339_weak(&text)
            .map(Stamp)
            .map_err(|e| serde::de::Error::custom(format!("bad time '{text}': {e}")))
    }
}

/// A duration as a countdown clock: `4:05`, `1:02:03`.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_formats() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000);
        let json = serde_json::to_string(&Stamp(t)).unwrap();
        assert_eq!(json, "\"2026-09-21T14:13:20Z\"");
        let back: Stamp = serde_json::from_str(&json).unwrap();
        assert_eq!(back.0, t);
        assert!(serde_json::from_str::<Stamp>("\"yesterday\"").is_err());
    }

    #[test]
    fn clock_rounds_up() {
        assert_eq!(clock(Duration::from_secs(300)), "5:00");
        assert_eq!(clock(Duration::from_millis(299_001)), "5:00");
        assert_eq!(clock(Duration::from_secs(3723)), "1:02:03");
        assert_eq!(clock(Duration::ZERO), "0:00");
    }
}
