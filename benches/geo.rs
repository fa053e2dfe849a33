//! Offline geography benchmarks: resolving 10,000 postcodes, 1 M haversine distances, and the
//! 8 nearest of 100,000 points for 10,000 queries (each query set built outside the timing).
//!
//! `cargo bench --bench geo`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use iro_planner::domain::LatLon;
use iro_planner::geo::{Gazetteer, PointIndex, haversine_miles};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

/// Random points in a box around Great Britain.
fn uk_points(n: usize, seed: u64) -> Vec<LatLon> {
    let mut rng = Pcg64::seed_from_u64(seed);
    (0..n)
        .filter_map(|_| LatLon::new(rng.random_range(50.0..58.5), rng.random_range(-5.5..1.7)))
        .collect()
}

/// 10,000 full postcodes typed the way users type them: sector codes of the bundled data with a
/// unit, in mixed case and spacing.
fn postcodes(g: &Gazetteer) -> Vec<String> {
    let sectors = g.sectors();
    (0..10_000)
        .map(|i| {
            let s = &sectors[(i * 7919) % sectors.len()].code;
            match i % 3 {
                0 => format!("{s}AB"),
                1 => format!("{}ab", s.to_lowercase().replace(' ', "")),
                _ => format!(" {}  {}XY ", &s[..s.len() - 2], &s[s.len() - 1..]),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let g = Gazetteer::bundled();
    let codes = postcodes(g);
    c.bench_function("resolve 10k postcodes", |b| {
        b.iter(|| {
            let mut ok = 0usize;
            for code in &codes {
                ok += usize::from(g.resolve(black_box(code)).is_ok());
            }
            assert_eq!(ok, codes.len());
            ok
        })
    });

    let pts = uk_points(2_000_000, 1);
    c.bench_function("haversine 1M pairs", |b| {
        b.iter(|| {
            pts.chunks_exact(2)
                .map(|w| haversine_miles(black_box(w[0]), black_box(w[1])))
                .sum::<f64>()
        })
    });

    let base = uk_points(100_000, 2);
    let queries = uk_points(100_000, 3);
    c.bench_function("rstar bulk load 100k points", |b| {
        b.iter(|| PointIndex::new(black_box(&base)))
    });
    let index = PointIndex::new(&base);
    c.bench_function("8-NN of 100k queries among 100k points", |b| {
        b.iter(|| {
            queries
                .iter()
                .map(|&q| index.nearest(black_box(q), 8).len())
                .sum::<usize>()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
