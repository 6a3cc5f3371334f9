//! The built-in flow files as build.rs parsed them: JSON of the same serde types, so that
//! start-up does not parse YAML for the shipped library.

use super::schema::FlowFile;

/// (path below `flows/`, JSON of its [`FlowFile`]) for every built-in file that parsed.
static PREPARED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_prepared.rs"));

/// The build-time parse of the built-in file at `rel` (e.g. `cipp/consent.yaml`), if there
/// is one; `None` sends the caller to the YAML text, which reports any problem in place.
pub fn parsed(rel: &str) -> Option<FlowFile> {
    let (_, json) = PREPARED.iter().find(|(path, _)| *path == rel)?;
    serde_json::from_str(json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_file_is_prepared_and_matches_its_yaml() {
        let mut n = 0;
        for (rel, _) in PREPARED {
            let yaml = super::super::library::builtin_text(rel).unwrap_or_default();
            let from_yaml = crate::flow::yaml::parse_trusted(rel, &yaml).map_err(|d| d.message);
            let from_json = parsed(rel).ok_or("not prepared");
            assert_eq!(
                format!("{from_yaml:?}"),
                format!("{:?}", from_json.map_err(str::to_owned)),
                "{rel}"
            );
            n += 1;
        }
        assert_eq!(
            n,
            super::super::library::builtin_count(),
            "every built-in file"
        );
    }
}
