//! Allocation at council, regional and national scale on synthetic data.
//!
//! `cargo run --release --example allocate_scale [-- --groups]`
//!
//! Points are generated here with `rand` (not through `geo`): IRO bases uniform over a box the
//! size of England, 60 % of children near a random base (their council), 40 % anywhere (placed
//! out of area). Cost per child and IRO: 2 reviews a year × (round-trip road miles × £0.45 +
//! round-trip hours × £40), road miles = 1.2 × straight-line. Candidates: the 8 nearest bases
//! (all bases for the council case). Prints size, time, peak memory (VmHWM), objective, bound, gap.

use std::time::Instant;

use iro_planner::allocate::{AssignmentProblem, BinId, SolveOptions, solve};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

/// Miles between two (lat, lon) points, equirectangular (good enough for synthetic costs).
fn miles(a: (f64, f64), b: (f64, f64)) -> f64 {
    let x = (b.1 - a.1).to_radians() * ((a.0 + b.0) / 2.0).to_radians().cos();
    let y = (b.0 - a.0).to_radians();
    3958.8 * (x * x + y * y).sqrt()
}

fn cost(d: f64) -> f64 {
    let road = 1.2 * d;
    let hours = if road > 0.0 { 0.2 + road / 52.0 } else { 0.0 };
    2.0 * (2.0 * road * 0.45 + 2.0 * hours * 40.0)
}

fn run(children: usize, iros: usize, k: usize, groups: bool, seed: u64) {
    let mut rng = Pcg64::seed_from_u64(seed);
    let bases: Vec<(f64, f64)> = (0..iros)
        .map(|_| (rng.random_range(50.5..55.0), rng.random_range(-4.5..1.5)))
        .collect();
    let mut p = AssignmentProblem::new(500.0);
    let mut fte_total = 0.0;
    let bins: Vec<BinId> = (0..iros)
        .map(|_| {
            let fte: f64 = if rng.random_bool(0.85) {
                1.0
            } else {
                rng.random_range(0.6..1.0)
            };
            fte_total += fte;
            p.add_bin((50.0 * fte) as u32, (70.0 * fte) as u32)
        })
        .collect();
    let started = Instant::now();
    let mut placed = 0;
    let mut dists: Vec<(f64, usize)> = Vec::with_capacity(iros);
    while placed < children {
        let size = if groups && rng.random_bool(0.15) {
            rng.random_range(2..=3).min(children - placed)
        } else {
            1
        };
        let at = if rng.random_bool(0.6) {
            let b = bases[rng.random_range(0..iros)];
            (
                b.0 + rng.random_range(-0.15..0.15),
                b.1 + rng.random_range(-0.25..0.25),
            )
        } else {
            (rng.random_range(50.5..55.0), rng.random_range(-4.5..1.5))
        };
        dists.clear();
        dists.extend(bases.iter().enumerate().map(|(i, &b)| (miles(at, b), i)));
        let k = k.min(iros);
        if k < iros {
            dists.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0));
        }
        let item = p.add_item(size as u32);
        for &(d, b) in &dists[..k] {
            p.allow(item, bins[b], size as f64 * cost(d));
        }
        placed += size;
    }
    let built = started.elapsed().as_secs_f64();
    let s = match solve(&p, &SolveOptions::default()) {
        Ok(s) => s,
        Err(e) => {
            println!("{children} × {iros}: {e}");
            return;
        }
    };
    println!(
        "{children:>6} children ({} items{}) × {iros:>5} IROs ({fte_total:.0} FTE), k={k}: \
         build {built:.2} s, solve {:.2} s [{}], peak {:.0} MiB, objective £{:.0}, \
         bound £{:.0}, gap {:.2e}, overload {}",
        p.n_items(),
        if groups { ", sibling groups" } else { "" },
        s.seconds,
        s.backend,
        peak_mib(),
        s.objective,
        s.lower_bound,
        s.gap,
        s.overload
    );
}

fn main() {
    let groups = std::env::args().any(|a| a == "--groups");
    let only_small = std::env::args().any(|a| a == "--small");
    run(450, 9, 9, groups, 1);
    run(5_000, 60, 8, groups, 2);
    if let Some(n) = std::env::args().find_map(|a| a.strip_prefix("--children=")?.parse().ok()) {
        run(n, n / 60, 8, groups, 4);
    }
    if !only_small {
        run(84_000, 1_400, 8, groups, 3);
    }
}
