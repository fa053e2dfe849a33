//! Runs the routing core on Solomon instances and compares with the best known distances.
//!
//! `cargo run --release --example solomon_bench -- [DIR] [--time-limit S] [--only C1,R2..]
//! [--seed N] [--iterations N] [--param name=value]...`. DIR defaults to `../shared/benchmarks/solomon` (relative to the crate root).
//! One thread per instance. Prints per instance: distance, vehicles, best known, gap %, seconds,
//! feasibility by the independent f64 checker; then the mean and max gap.

use std::path::PathBuf;
use std::time::Duration;

use iro_planner::route::solomon;
use iro_planner::route::{SearchParams, SolveOptions};

fn main() -> anyhow::Result<()> {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/benchmarks/solomon");
    let mut limit = 10.0;
    let mut only: Vec<String> = Vec::new();
    let mut iterations = None;
    let mut seed = 1;
    let mut params = SearchParams::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--time-limit" => {
                limit = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--time-limit S"))?
                    .parse()?
            }
            "--seed" => {
                seed = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--seed N"))?
                    .parse()?
            }
            "--only" => {
                only = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--only C1,R2.."))?
                    .split(',')
                    .map(|s| s.trim().to_uppercase())
                    .collect()
            }
            // Tuning knobs: `--param name=value` for the SearchParams fields below.
            "--param" => {
                let kv = args
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("--param name=value"))?;
                let (k, v) = kv
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("--param name=value"))?;
                match k {
                    "start_temperature" => params.start_temperature = v.parse()?,
                    "end_temperature" => params.end_temperature = v.parse()?,
                    "mean_removed" => params.mean_removed = v.parse()?,
                    "max_string_len" => params.max_string_len = v.parse()?,
                    "route_removal_rate" => params.route_removal_rate = v.parse()?,
                    "blink_rate" => params.blink_rate = v.parse()?,
                    "local_search" => params.local_search = v.parse()?,
                    "elimination_repairs" => params.elimination_repairs = v.parse()?,
                    "local_search_each" => params.local_search_each = v.parse()?,
                    "granularity" => params.granularity = v.parse()?,
                    "reduce_at" => params.reduce_at = v.parse()?,
                    "reduce_share" => params.reduce_share = v.parse()?,
                    _ => anyhow::bail!("unknown parameter {k}"),
                }
            }
            "--iterations" => {
                iterations = Some(
                    args.next()
                        .ok_or_else(|| anyhow::anyhow!("--iterations N"))?
                        .parse()?,
                )
            }
            other => dir = PathBuf::from(other),
        }
    }
    let bks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("BKS.json"))?)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().to_uppercase())
                .unwrap_or_default();
            only.is_empty() || only.iter().any(|o| stem.starts_with(o.as_str()))
        })
        .collect();
    files.sort();
    let options = SolveOptions {
        time_limit: Duration::from_secs_f64(limit),
        seed,
        threads: 1,
        max_iterations: iterations,
        ..SolveOptions::default()
    };
    println!(
        "{:<8} {:>10} {:>4} {:>10} {:>7} {:>7}  feasible",
        "instance", "distance", "veh", "bks", "gap%", "sec"
    );
    let (mut gaps, mut infeasible) = (Vec::new(), 0);
    for f in &files {
        let instance = solomon::read(f)?;
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().to_uppercase())
            .unwrap_or_default();
        let report = solomon::solve_instance_with(&instance, &options, &params)?;
        let feasible = solomon::check_routes(&instance, &report.routes);
        // The stored R109 distance is below the proven optimum for one-decimal distances.
        let best = if stem == "R109" {
            Some(1146.9)
        } else {
            bks[format!("{stem}_distance")]["best_known_cost"].as_f64()
        };
        let gap = best.map(|b| 100.0 * (report.distance - b) / b);
        if let Some(g) = gap {
            gaps.push(g);
        }
        let ok = match &feasible {
            Ok(d) if (d - report.distance).abs() < 1e-6 => "yes".to_string(),
            Ok(d) => format!("distance mismatch {d:.4}"),
            Err(e) => {
                infeasible += 1;
                format!("NO: {}", e.join("; "))
            }
        };
        println!(
            "{:<8} {:>10.2} {:>4} {:>10} {:>7} {:>7.1}  {ok}",
            stem,
            report.distance,
            report.vehicles,
            best.map_or("-".into(), |b| format!("{b:.2}")),
            gap.map_or("-".into(), |g| format!("{g:.2}")),
            report.seconds,
        );
    }
    let mean = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
    let max = gaps.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    println!(
        "instances {}  mean gap {mean:.2} %  max gap {max:.2} %  infeasible {infeasible}  (time limit {limit} s, seed {seed})",
        files.len()
    );
    Ok(())
}
