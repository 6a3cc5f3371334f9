//! Search latency: typed queries (1–12 characters) and pasted errors (200 B – 20 KiB), over
//! the shipped library and generated libraries of 10k and 100k entries.
//!
//! Run: `cargo bench --bench search`. Figures go in BENCHMARKS.md.
//!
//! `cargo bench --bench search -- p99` instead times every keystroke of a few typed queries
//! one by one and prints p50 / p99 / max per library: `Index::search` (each query afresh),
//! `Index::search_incremental` with a `SearchCache` (what the wizard's search box sends), and
//! the two halves of a typed query's answer alone (the typed matcher, and the paste matcher
//! that checks a short query too).

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up may panic

use criterion::{BenchmarkId, Criterion, criterion_group};
use std::hint::black_box;
use std::time::{Duration, Instant};
use tshoot::flow::{Sources, load};
use tshoot::search::{Index, SearchCache, SyntheticItem};

/// A deterministic generated library of `n` entries that look like real catalog entries.
pub fn generated(n: usize) -> Index {
    Index::synthetic(SyntheticItem::generate(
        n,
        SyntheticItem::WORDS,
        0x9e37_79b9_7f4a_7c15,
    ))
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

fn shipped() -> Index {
    Index::build(
        &load(&Sources {
            builtin: true,
            paths: Vec::new(),
        })
        .library,
    )
}

/// What an operator types, one keystroke at a time.
const TYPING: &[&str] = &[
    "consent",
    "token refresh",
    "aadsts500200",
    "box okta",
    "wait 5",
];

fn bench(c: &mut Criterion) {
    let libraries = [
        ("shipped", shipped()),
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
    // Every keystroke of "consent" (7 searches), as the wizard's search box sends them.
    let mut g = c.benchmark_group("keystrokes");
    for (name, index) in &libraries {
        g.bench_function(BenchmarkId::new(*name, "consent, search"), |b| {
            b.iter(|| {
                for k in 1..="consent".len() {
                    black_box(index.search(&"consent"[..k], 50));
                }
            })
        });
        g.bench_function(
            BenchmarkId::new(*name, "consent, search_incremental"),
            |b| {
                b.iter(|| {
                    let mut cache = SearchCache::new();
                    for k in 1..="consent".len() {
                        black_box(index.search_incremental(&"consent"[..k], 50, &mut cache));
                    }
                })
            },
        );
    }
    g.finish();
    let mut g = c.benchmark_group("pasted");
    for (name, index) in &libraries {
        // 90 KB and 1 MB: a long log, matched in its head and tail, codes read from all of it.
        for size in [200, 2_000, 20_000, 90_000, 1_000_000] {
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

/// Times each keystroke of `TYPING` separately, `rounds` times over, and prints percentiles.
fn keystroke_percentiles() {
    let libraries = [
        ("shipped", shipped(), 300),
        ("100k", generated(100_000), 20),
    ];
    println!("library  api                  keystrokes   p50 ms   p99 ms   max ms");
    for (name, index, rounds) in &libraries {
        for api in ["search", "search_incremental", "typed part", "pasted part"] {
            let mut times: Vec<Duration> = Vec::new();
            for _ in 0..*rounds {
                let mut cache = SearchCache::new();
                for text in TYPING {
                    for k in 1..=text.len() {
                        let q = &text[..k];
                        let t = Instant::now();
                        match api {
                            "search" => black_box(index.search(q, 50)),
                            "search_incremental" => {
                                black_box(index.search_incremental(q, 50, &mut cache))
                            }
                            "typed part" => black_box(index.search_typed(q, 50)),
                            _ => black_box(index.search_pasted(q, 50)),
                        };
                        times.push(t.elapsed());
                    }
                }
            }
            times.sort();
            let at = |p: f64| {
                let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
                times[i].as_secs_f64() * 1e3
            };
            println!(
                "{name:8} {api:20} {:10} {:8.3} {:8.3} {:8.3}",
                times.len(),
                at(0.50),
                at(0.99),
                at(1.0),
            );
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = bench
}

fn main() {
    if std::env::args().any(|a| a == "p99") {
        keystroke_percentiles();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
