//! End-to-end timing of a council plan (issue 5/6 quality bar: a council-sized year in under 2 s).
//!
//! `cargo run --release --example council_plan -- [DATA_DIR] [RUNS]` (default data/dorset, 7 runs)
//! prints, per run, load / allocate / schedule / total seconds, then the medians and the plan's
//! figures against the naive baseline.

use std::time::Instant;

use iro_planner::io::{InputPaths, load};
use iro_planner::pipeline::{optimised_allocation, plan_with};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map_or("data/dorset", String::as_str);
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(7);
    let (mut lt, mut at, mut st, mut tt) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut last = None;
    for run in 0..runs {
        let t0 = Instant::now();
        let caseload = load(&InputPaths::from_dir(std::path::Path::new(dir)))?;
        let t1 = Instant::now();
        let allocated = optimised_allocation(&caseload)?;
        let t2 = Instant::now();
        let r = plan_with(&caseload, allocated);
        let t3 = Instant::now();
        let (l, a, s, t) = (
            (t1 - t0).as_secs_f64(),
            (t2 - t1).as_secs_f64(),
            (t3 - t2).as_secs_f64(),
            (t3 - t0).as_secs_f64(),
        );
        println!("run {run}: load {l:.3}s allocate {a:.3}s schedule+cost {s:.3}s total {t:.3}s");
        lt.push(l);
        at.push(a);
        st.push(s);
        tt.push(t);
        last = Some(r);
    }
    println!(
        "median of {runs}: load {:.3}s allocate {:.3}s schedule+cost {:.3}s total {:.3}s",
        median(lt),
        median(at),
        median(st),
        median(tt)
    );
    if let Some(r) = last {
        let s = &r.summary;
        println!(
            "{} children, {} reviews, {:.1}% on time, {} trips; miles {:.0} (naive {:.0}), £{:.0} (naive £{:.0}), saving {:.1}%",
            s.children,
            s.reviews,
            s.on_time_pct,
            s.trips,
            s.miles,
            s.naive.figures.miles,
            s.cost_total,
            s.naive.figures.total(),
            s.saving_vs_naive.cost_pct
        );
    }
    Ok(())
}
