//! The library knows what operators paste: every AADSTS code of Microsoft's reference has an
//! entry of its own with its official name and Microsoft's lookup link, every entry links its
//! authoritative page, the well-known ID tables match Microsoft's pages, and the realistic
//! pastes are mostly real ones.

use crate::util::{root, shipped, shipped_index};
use std::collections::{BTreeMap, BTreeSet};

/// Code -> official name (empty where the reference gives none), from the checked-in table.
fn reference() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("tests/data/aadsts-reference.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (code, name) = l.split_once('\t').unwrap_or((l, ""));
            (code.trim().to_owned(), name.trim().to_owned())
        })
        .collect()
}

#[test]
fn every_reference_code_has_its_own_entry_with_name_and_lookup_link() {
    let reference = reference();
    assert_eq!(
        reference.len(),
        345,
        "the February 2025 reference has 345 codes"
    );
    let lib = shipped();
    let mut problems = Vec::new();
    for (code, name) in &reference {
        let file = root().join(format!("flows/entra/aadsts/{code}.yaml"));
        if !file.is_file() {
            problems.push(format!("{code}: no flows/entra/aadsts/{code}.yaml"));
            continue;
        }
        let Some(entry) = lib
            .entries()
            .iter()
            .find(|e| e.codes.first().is_some_and(|c| c == code) && e.product == "Entra ID")
        else {
            problems.push(format!(
                "{code}: no Entra ID entry whose first code is {code}"
            ));
            continue;
        };
        if !name.is_empty() && !entry.codes.iter().any(|c| c == name) {
            problems.push(format!(
                "{code}: {} lacks the official name {name}",
                entry.id
            ));
        }
        let digits = code.trim_start_matches("AADSTS");
        let want = format!("https://login.microsoftonline.com/error?code={digits}");
        if entry.link.as_deref() != Some(want.as_str()) {
            problems.push(format!(
                "{code}: {} links {:?}, not {want}",
                entry.id, entry.link
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Needs ../shared/refs (only in the project's workplace); skips when it is absent.
#[test]
fn the_checked_in_code_table_matches_microsofts_reference() {
    let path = root().join("../shared/refs/entra-error-codes.md");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: ../shared/refs is not present on this machine");
        return;
    };
    let re = regex::Regex::new(r"(?m)^\|\s*(AADSTS\d+)").unwrap();
    let codes: BTreeSet<String> = re.captures_iter(&text).map(|c| c[1].to_owned()).collect();
    let table: BTreeSet<String> = reference().into_keys().collect();
    assert_eq!(codes, table);
}

#[test]
fn every_known_error_links_its_authoritative_page() {
    let missing: Vec<&str> = shipped()
        .entries()
        .iter()
        .filter(|e| !e.link.as_deref().is_some_and(|l| l.starts_with("https://")))
        .map(|e| e.id.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "entries without an https link: {missing:?}"
    );
}

#[test]
fn breadth_beyond_the_source_documents() {
    let lib = shipped();
    let count = |product: &str| {
        lib.entries()
            .iter()
            .filter(|e| e.product == product)
            .count()
    };
    for (product, at_least) in [
        ("MSAL", 25),
        ("Microsoft Graph", 15),
        ("Exchange Online", 10),
        ("Microsoft Teams", 8),
        ("Intune", 20),
        ("Azure AD B2C", 20),
    ] {
        let n = count(product);
        assert!(n >= at_least, "{product}: {n} entries, want {at_least}+");
    }
}

/// Needs ../shared/refs; skips when it is absent. The ID tables are the reference's facts.
#[test]
fn id_tables_match_microsofts_pages() {
    let apps = root().join("../shared/refs/first-party-app-ids.md");
    let roles = root().join("../shared/refs/entra-role-ids.md");
    let (Ok(apps), Ok(roles)) = (
        std::fs::read_to_string(apps),
        std::fs::read_to_string(roles),
    ) else {
        eprintln!("skipped: ../shared/refs is not present on this machine");
        return;
    };
    let guid = regex::Regex::new(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
    )
    .unwrap();
    let app_row = regex::Regex::new(r"(?m)^\|([^|\n]+)\|([^|\n]+)\|\s*$").unwrap();
    let mut n_apps = 0;
    for row in app_row.captures_iter(&apps) {
        for id in guid.find_iter(&row[2]) {
            n_apps += 1;
            assert_eq!(
                tshoot::ids::app_name(id.as_str()),
                Some(row[1].trim()),
                "{}",
                id.as_str()
            );
        }
    }
    let role_row =
        regex::Regex::new(r"(?m)^> \| \[([^\]]+)\]\([^)]*\) \|.*\| ([0-9a-f-]{36}) \|\s*$")
            .unwrap();
    let mut n_roles = 0;
    for row in role_row.captures_iter(&roles) {
        n_roles += 1;
        assert_eq!(
            tshoot::ids::role_name(&row[2]),
            Some(row[1].trim()),
            "{}",
            &row[2]
        );
    }
    assert_eq!((n_apps, n_roles), tshoot::ids::table_sizes());
    assert!(n_apps >= 120 && n_roles >= 120);
}

#[test]
fn search_names_the_well_known_ids_in_a_paste() {
    let index = shipped_index();
    let r = index.search_pasted(
        "AADSTS65001: The user or administrator has not consented to use the application with \
         ID '04b07795-8ddb-461a-bbee-02f9e1bf7b46' named 'Microsoft Azure CLI'. Send an \
         interactive authorization request for this user and resource '00000003-0000-0000-c000-000000000000'.",
        5,
    );
    let names: Vec<&str> = r.ids.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["Microsoft Azure CLI", "Microsoft Graph"]);
}

#[test]
fn most_realistic_pastes_are_real() {
    let dir = root().join("tests/fixtures/errors");
    let mut real = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        if text
            .lines()
            .take(5)
            .any(|l| l.starts_with("source: https://"))
        {
            real += 1;
        }
    }
    assert!(real >= 150, "{real} real pastes, want 150+");
}
