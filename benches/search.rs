//! Search latency: typed queries (1–12 characters) and pasted errors (200 B – 20 KiB), over
//! the shipped library and generated libraries of 10k and 100k entries.
//!
//! Run: `cargo bench --bench search`. Figures go in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up may panic

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tshoot::flow::{Sources, load};
use tshoot::search::{Index, SyntheticItem};

const WORDS: &[&str] = &[
    "token",
    "consent",
    "tenant",
    "refresh",
    "expired",
    "license",
    "mailbox",
    "policy",
    "device",
    "partner",
    "connector",
    "unauthorized",
    "timeout",
    "grant",
    "secret",
    "redirect",
    "federation",
    "session",
    "account",
    "locked",
    "audit",
    "permission",
    "exchange",
    "teams",
    "intune",
    "graph",
];

/// A deterministic generated library of `n` entries that look like real catalog entries.
pub fn generated(n: usize) -> Index {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut word = move || WORDS[(next() % WORDS.len() as u64) as usize];
    let items = (0..n)
        .map(|i| {
            let title = format!("{} {} {} failure {i}", word(), word(), word());
            SyntheticItem {
                id: format!("gen-{i}"),
                title: title.clone(),
                product: ["CIPP", "Entra ID", "Cloud App Security"][i % 3].to_owned(),
                codes: vec![format!("AADSTS{}", 100_000 + i)],
                signatures: vec![format!("the {} {} was {}", word(), word(), word())],
                cause: format!("{} {} {} {} {}", word(), word(), word(), word(), word()),
            }
        })
        .collect();
    Index::synthetic(items)
}

fn paste(bytes: usize) -> String {
    let core = "Connect-MgGraph : AADSTS50020: User account 'ops@contoso.com' from identity provider 'https://sts.windows.net/1b2c/' does not exist in tenant 'Fabrikam' and cannot access the application. Trace ID: 3f2a9c1e-0b7d-4e55-9a10-6c1d2e3f4a5b Correlation ID: 8e7d6c5b-4a39-4281-b7c6-d5e4f3a2b1c0 Timestamp: 2026-11-23 10:01:02Z\n";
    let filler = "   at Microsoft.Graph.PowerShell.Authentication.Helpers.AuthenticationHelpers.SignInAsync(IAuthContext authContext) in C:\\src\\Auth.cs:line 187\n";
    let mut s = String::from(core);
    while s.len() < bytes {
        s.push_str(filler);
    }
    s.truncate(bytes);
    s
}

fn bench(c: &mut Criterion) {
    let shipped = Index::build(
        &load(&Sources {
            builtin: true,
            paths: Vec::new(),
        })
        .library,
    );
    let libraries = [
        ("shipped", shipped),
        ("10k", generated(10_000)),
        ("100k", generated(100_000)),
    ];
    let typed = ["c", "co", "cons", "consent", "token refr", "aadsts500200"];
    let mut g = c.benchmark_group("typed");
    for (name, index) in &libraries {
        for q in typed {
            g.bench_with_input(
                BenchmarkId::new(*name, format!("{}ch", q.len())),
                q,
                |b, q| b.iter(|| black_box(index.search_typed(q, 50))),
            );
        }
    }
    g.finish();
    let mut g = c.benchmark_group("pasted");
    for (name, index) in &libraries {
        for size in [200, 2_000, 20_000] {
            let text = paste(size);
            g.bench_with_input(
                BenchmarkId::new(*name, format!("{size}B")),
                &text,
                |b, t| b.iter(|| black_box(index.search_pasted(t, 50))),
            );
        }
    }
    g.finish();
    let mut g = c.benchmark_group("startup");
    g.bench_function("load+index shipped library", |b| {
        b.iter(|| {
            let l = load(&Sources {
                builtin: true,
                paths: Vec::new(),
            });
            black_box(Index::build(&l.library))
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
