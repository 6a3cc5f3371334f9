//! Wait durations written by authors, such as `5m`, `30m` or `1h 30m`.

use std::time::Duration;

/// The longest wait a step may ask for.
pub const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// Parses a duration; the error says what was expected.
pub fn parse(text: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(text.trim()).map_err(|e| {
        format!("'{text}' is not a duration ({e}); write it like 30s, 5m, 1h or 1h 30m")
    })?;
    if d.is_zero() {
        return Err(format!("'{text}' is zero; leave `wait` out instead"));
    }
    if d > MAX_WAIT {
        return Err(format!("'{text}' is longer than the 24h a step may wait"));
    }
    Ok(d)
}

/// Formats a duration for people: `5m`, `1h 30m`, `45s`.
pub fn format(d: Duration) -> String {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s}s"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        assert_eq!(parse("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse("30min"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse("90s"), Ok(Duration::from_secs(90)));
    }

    #[test]
    fn rejects_bad_ones() {
        assert!(parse("five minutes").is_err());
        assert!(parse("5").is_err());
        assert!(parse("0s").is_err());
        assert!(parse("2d").is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(format(Duration::from_secs(300)), "5m");
        assert_eq!(format(Duration::from_secs(5430)), "1h 30m 30s");
        assert_eq!(format(Duration::from_secs(0)), "0s");
    }
}
