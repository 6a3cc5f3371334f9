//! Walks every path of every shipped flow from its start: each path must end (at an end, a
//! search hand-over or a goto that hands over), and every node must lie on some path.

use std::collections::HashSet;
use tshoot::flow::{Flow, NodeKind, Sources, load};

/// Depth-first over simple paths; returns the number of complete paths.
fn walk(
    flow: &Flow,
    node: &str,
    on_path: &mut Vec<String>,
    seen: &mut HashSet<String>,
    dead: &mut Vec<String>,
) -> usize {
    let n = flow
        .node(node)
        .unwrap_or_else(|| panic!("{}: node '{node}' missing", flow.id));
    seen.insert(node.to_owned());
    if n.kind.is_terminal() {
        return 1;
    }
    on_path.push(node.to_owned());
    let mut complete = 0;
    let nexts = n.kind.successors();
    if nexts.is_empty() {
        dead.push(format!("{} > {}", flow.id, on_path.join(" > ")));
    }
    for (next, _) in nexts {
        if on_path.iter().any(|p| p == next) {
            continue; // a loop back; the validator guarantees an exit exists elsewhere
        }
        complete += walk(flow, next, on_path, seen, dead);
    }
    on_path.pop();
    complete
}

#[test]
fn every_flow_can_be_walked_to_an_end_on_every_path() {
    let loaded = load(&Sources {
        builtin: true,
        paths: Vec::new(),
    });
    assert!(loaded.library.flows().len() >= 10);
    for flow in loaded.library.flows() {
        let mut seen = HashSet::new();
        let mut dead = Vec::new();
        let paths = walk(flow, &flow.start, &mut Vec::new(), &mut seen, &mut dead);
        assert!(paths > 0, "{}: no path reaches an end", flow.id);
        assert!(dead.is_empty(), "dead ends: {dead:?}");
        let unvisited: Vec<&str> = flow
            .nodes
            .iter()
            .map(|n| n.id.as_str())
            .filter(|id| !seen.contains(*id))
            .collect();
        assert!(
            unvisited.is_empty(),
            "{}: nodes on no path: {unvisited:?}",
            flow.id
        );
        for node in &flow.nodes {
            if let NodeKind::Goto { flow: target, .. } = &node.kind {
                assert!(
                    loaded.library.flow(target).is_some(),
                    "{}: goto {target}",
                    flow.id
                );
            }
        }
    }
}

/// What driving the runner down every path found.
#[derive(Default)]
struct Walked {
    /// Walks that finished, by outcome (`None`: a hand-over to the search).
    finished: usize,
    /// Resolved ends where "Is the error gone?" was answered both ways.
    asked: usize,
    /// Runs tried, to bound the walk.
    runs: usize,
}

/// Drives `run` down every answer (each step skipped, each input filled in), and at each
/// resolved end answers "Is the error gone?" yes and no. A "no" that goes on in the triage
/// flow is not followed further (triage is walked as a flow of its own).
fn drive(lib: &tshoot::flow::Library, run: &tshoot::engine::Run, walked: &mut Walked) {
    use tshoot::flow::Outcome;
    let at = std::time::SystemTime::UNIX_EPOCH;
    walked.runs += 1;
    if walked.runs > 200_000 {
        return;
    }
    let cur = run.current(lib).expect("the walk stands on a node");
    let (flow, node) = (cur.flow.id.clone(), cur.node.id.clone());
    // A loop back is followed once.
    let seen = run
        .visits
        .iter()
        .filter(|v| v.flow == flow && v.node == node)
        .count();
    if seen > 2 {
        return;
    }
    let next = |f: &dyn Fn(&mut tshoot::engine::Run) -> bool, walked: &mut Walked| {
        let mut r = run.clone();
        if f(&mut r) {
            drive(lib, &r, walked);
        }
    };
    match &cur.node.kind {
        NodeKind::Question { choices, .. } => {
            for i in 0..choices.len() {
                next(&|r| r.choose(lib, i, at).is_ok(), walked);
            }
        }
        NodeKind::Checklist { .. } | NodeKind::Step { .. } => next(
            &|r| {
                let n = r.visits.last().map_or(0, |v| v.steps.len());
                (0..n).all(|i| r.skip_step(lib, i, "walked", at).is_ok())
                    && r.proceed(lib, at).is_ok()
            },
            walked,
        ),
        // A token input gets tokens of each shape the shipped flows branch on.
        NodeKind::Input {
            kind: tshoot::flow::InputKind::Token,
            ..
        } => {
            for token in walk_tokens() {
                next(&|r| r.submit_input(lib, &token, at).is_ok(), walked);
            }
        }
        NodeKind::Input { .. } => next(&|r| r.submit_input(lib, "contoso.com", at).is_ok(), walked),
        NodeKind::End { .. } if run.asks_if_gone(lib) => {
            walked.asked += 1;
            let mut yes = run.clone();
            yes.answer_gone(lib, true, at).unwrap();
            assert!(yes.is_finished(lib), "{flow}/{node}");
            assert_eq!(yes.outcome(lib), Some(Outcome::Resolved), "{flow}/{node}");
            let mut no = run.clone();
            no.answer_gone(lib, false, at).unwrap();
            let now = no.current(lib).unwrap();
            if now.flow.id == tshoot::engine::TRIAGE_FLOW && now.visit.confirmed.is_none() {
                assert!(!no.is_finished(lib), "{flow}/{node}: goes on in triage");
            } else {
                assert_eq!(no.outcome(lib), Some(Outcome::Escalate), "{flow}/{node}");
            }
            walked.finished += 1;
        }
        NodeKind::End { .. } | NodeKind::Search { .. } if run.is_finished(lib) => {
            walked.finished += 1;
        }
        // The end of a flow entered with goto returns; any other kind goes on as it can.
        _ => next(&|r| r.proceed(lib, at).is_ok(), walked),
    }
}

#[test]
fn the_runner_reaches_every_end_and_asks_at_each_resolved_one() {
    let loaded = load(&Sources {
        builtin: true,
        paths: Vec::new(),
    });
    let lib = &loaded.library;
    let mut walked = Walked::default();
    for flow in lib.flows() {
        let before = walked.finished;
        let run =
            tshoot::engine::Run::start(lib, &flow.id, std::time::SystemTime::UNIX_EPOCH).unwrap();
        drive(lib, &run, &mut walked);
        assert!(
            walked.finished > before,
            "{}: the runner finished no walk",
            flow.id
        );
    }
    assert!(
        walked.runs <= 200_000,
        "the walk was cut short: {}",
        walked.runs
    );
    assert!(walked.asked > 10, "resolved ends asked: {}", walked.asked);
}

/// Tokens for walking token inputs: expired, for the wrong API, app-only with and without
/// roles, delegated with and without scopes (the walk starts at the Unix epoch).
fn walk_tokens() -> Vec<String> {
    use serde_json::json;
    use tshoot::token::testing::token;
    let graph = "https://graph.microsoft.com";
    let later = 4_000_000_000_i64;
    [
        json!({"aud": graph, "exp": 1, "idtyp": "user", "scp": "User.Read"}),
        json!({"aud": "https://graph.windows.net", "exp": later, "idtyp": "user", "scp": "User.Read"}),
        json!({"aud": "https://outlook.office365.com", "exp": later, "idtyp": "app", "roles": ["Exchange.ManageAsApp"]}),
        json!({"aud": graph, "exp": later, "idtyp": "app", "roles": ["User.Read.All"]}),
        json!({"aud": graph, "exp": later, "idtyp": "app"}),
        json!({"aud": graph, "exp": later, "idtyp": "user", "scp": "Mail.Read User.Read"}),
        json!({"aud": graph, "exp": later, "idtyp": "user"}),
    ]
    .iter()
    .map(token)
    .collect()
}
