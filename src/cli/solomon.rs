//! `iro-planner solomon FILE`: the routing core on a Solomon instance.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::route::{SolveOptions, solomon};

/// Longest time limit: the benchmark bar is 10 s an instance; an hour is beyond any use, and a
/// bound keeps a mistyped limit from running for years.
const MAX_TIME_LIMIT_SECS: f64 = 3600.0;

/// Arguments of `solomon`.
#[derive(Debug, clap::Args)]
pub struct SolomonArgs {
    /// Instance file in the Solomon format.
    file: PathBuf,
    /// Time limit in seconds.
    #[arg(long, default_value_t = 10.0)]
    time_limit: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Print the result as one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `solomon`: prints `{"instance", "distance", "vehicles", "seconds", "routes", ...}` with
/// `--json`, else one line.
///
/// # Errors
/// Unreadable or malformed instance; a negative or non-finite time limit.
pub fn run(args: &SolomonArgs) -> Result<()> {
    let time_limit = Duration::try_from_secs_f64(args.time_limit)
        .ok()
        .filter(|d| d.as_secs_f64() <= MAX_TIME_LIMIT_SECS)
        .ok_or_else(|| {
            Error::Usage(format!(
                "--time-limit: '{}' (expected seconds from 0 to {MAX_TIME_LIMIT_SECS})",
                args.time_limit
            ))
        })?;
    let options = SolveOptions {
        time_limit,
        seed: args.seed,
        threads: 1,
        ..SolveOptions::default()
    };
    let report = solomon::solve_file(&args.file, &options)?;
    if args.json {
        let text = serde_json::to_string(&report).map_err(|e| Error::Solver(e.to_string()))?;
        outln!("{text}");
    } else {
        outln!(
            "{}: distance {:.2}, {} vehicles, {} unassigned, {:.1} s",
            report.instance,
            report.distance,
            report.vehicles,
            report.unassigned.len(),
            report.seconds
        );
    }
    Ok(())
}
