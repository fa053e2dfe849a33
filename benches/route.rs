//! Criterion benchmarks of the routing core: a fixed number of ruin-and-recreate iterations on
//! Solomon instances (deterministic work, so the time per run is comparable across commits).
//!
//! Needs in Cargo.toml: `[[bench]] name = "route" harness = false`.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use iro_planner::route::{SolveOptions, solomon, solve};

fn solomon_iterations(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/solomon");
    let mut group = c.benchmark_group("route");
    group.sample_size(10);
    for name in ["C101", "R101", "RC208"] {
        let Ok(instance) = solomon::read(&dir.join(format!("{name}.txt"))) else {
            continue;
        };
        let Ok(problem) = solomon::problem(&instance) else {
            continue;
        };
        let options = SolveOptions {
            time_limit: Duration::from_secs(3600),
            max_iterations: Some(2_000),
            ..SolveOptions::default()
        };
        group.bench_function(format!("{name}_2000_iterations"), |b| {
            b.iter(|| solve(&problem, &options).cost)
        });
    }
    group.finish();
}

criterion_group!(benches, solomon_iterations);
criterion_main!(benches);
