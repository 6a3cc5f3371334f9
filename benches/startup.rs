//! Start-up to the first frame: read the built-in library (from the build-time snapshot, as
//! `tshoot` does, and from YAML, as with the operator's own flows), build or read the search
//! index, create the wizard state and draw the home screen once (into ratatui's TestBackend,
//! so the figure is the program's own work, not the terminal's).
//!
//! Run: `cargo bench --bench startup`. Figures go in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark set-up may panic

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::SystemTime;
use tshoot::flow::{Sources, load};
use tshoot::search::Index;
use tshoot::tui::App;
use tshoot::tui::theme::Theme;
use tshoot::tui::ui::view;

fn startup(c: &mut Criterion) {
    c.bench_function("startup/load + validate", |b| {
        b.iter(|| {
            black_box(load(&Sources {
                builtin: true,
                paths: vec![],
            }))
        });
    });
    c.bench_function("startup/snapshot library", |b| {
        b.iter(|| black_box(tshoot::snapshot::library().unwrap()));
    });
    c.bench_function("startup/snapshot library + index", |b| {
        b.iter(|| black_box(tshoot::snapshot::library_and_index().unwrap()));
    });
    let loaded = load(&Sources {
        builtin: true,
        paths: vec![],
    });
    c.bench_function("startup/index", |b| {
        b.iter(|| black_box(Index::build(&loaded.library)));
    });
    let index = Index::build(&loaded.library);
    c.bench_function("startup/draw home 80x24", |b| {
        let app = App::new(&loaded.library, &index, SystemTime::now());
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        b.iter(|| {
            terminal.draw(|f| view(f, &app, &Theme::plain())).unwrap();
        });
    });
    // With the operator's own flows there is no ready index: it is built on the other core
    // while the first frame is drawn.
    c.bench_function(
        "startup/first frame, index built in parallel (as with own flows)",
        |b| {
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let start = std::time::Instant::now();
                    let library = tshoot::snapshot::library().unwrap();
                    std::thread::scope(|s| {
                        let building = s.spawn(|| Index::build(&library));
                        let empty_library = tshoot::flow::Library::default();
                        let empty = Index::build(&empty_library);
                        let app = App::new(&library, &empty, SystemTime::now());
                        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
                        terminal.draw(|f| view(f, &app, &Theme::plain())).unwrap();
                        total += start.elapsed();
                        black_box(building.join().unwrap());
                    });
                }
                total
            });
        },
    );
    c.bench_function(
        "startup/first frame, snapshot library + index + draw (as tshoot)",
        |b| {
            b.iter(|| {
                let (library, index) = tshoot::snapshot::library_and_index().unwrap();
                let app = App::new(&library, &index, SystemTime::now());
                let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
                terminal.draw(|f| view(f, &app, &Theme::plain())).unwrap();
                black_box(terminal.backend().buffer().area);
            });
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = startup
}
criterion_main!(benches);
