//! A generic vehicle routing core with time windows (VRPTW). It knows jobs, workers (shifts) and
//! a travel matrix — nothing about children or IROs; `schedule` translates both ways, and the
//! same core solves the Solomon benchmark ([`solomon`]).
//!
//! # Algorithm
//! - [`construct`]: regret-2 insertion (Potvin & Rousseau 1993).
//! - [`search`]: simulated annealing over ruin-and-recreate — adjacent string removal
//!   ([`ruin`]) and greedy insertion with blinks ([`recreate`]), the SISR method of Christiaens
//!   & Vanden Berghe 2020 (Transportation Science 54(2)).
//! - [`fleet`]: a time-limited run anneals for half its time, then tries to serve the best
//!   with one route fewer (SISR's fleet minimisation with absence counters, §5 of the same
//!   paper) and anneals again from there; the better of the two is kept. This escapes a wrong
//!   number of routes (Solomon RC103, R112). Runs bounded by iterations are one annealing.
//! - [`local`]: a granular first-improvement descent, one operator per file (relocate, swap,
//!   2-opt, 2-opt*, or-opt), each with separate *evaluate* and *apply*, run on every new best.
//! - [`segment`]: O(1) time-window feasibility per move by concatenating route summaries
//!   (Vidal et al. 2013).
//! - [`check`]: an independent checker of a [`Solution`] against its [`Problem`].
//!
//! Every route is kept feasible (capacity, windows, shift, maximum duration, restrictions); jobs
//! that fit nowhere are unassigned, penalised and reported. A run is deterministic for a seed
//! when it stops by `max_iterations` or `no_improvement` rather than by time.
//!
//! # Units
//! Integer time, distance and cost in the caller's units (see [`model`]).
//!
//! # Example
//! ```
//! use iro_planner::route::{Job, Matrix, Problem, SolveOptions, TimeWindow, Worker, check, solve};
//! let d = vec![0, 5, 5, 0];
//! let problem = Problem {
//!     jobs: vec![Job { location: 1, service: 1, demand: 1, windows: vec![TimeWindow::new(0, 10).unwrap()],
//!                      extra_work: 0 }],
//!     workers: vec![Worker { start: 0, end: 0, shift: TimeWindow::new(0, 100).unwrap(), capacity: 1,
//!                            max_duration: None, fixed_cost: 0, max_travel: None, group: None }],
//!     matrix: Matrix::new(2, d.clone(), d).unwrap(),
//!     distance_weight: 1.0, time_weight: 0.0, unassigned_penalty: 1000, allowed: Vec::new(),
//!     group_limits: Vec::new(),
//! };
//! let options = SolveOptions { max_iterations: Some(100), ..SolveOptions::default() };
//! let solution = solve(&problem, &options);
//! assert_eq!(solution.distance, 10);
//! assert!(check(&problem, &solution).is_ok());
//! ```

pub mod check;
mod construct;
mod data;
mod fleet;
mod insert;
pub(crate) mod local;
mod model;
mod params;
mod recreate;
mod ruin;
mod ruin_route;
mod search;
mod segment;
pub mod solomon;
mod state;

use std::time::Instant;

use rayon::prelude::*;

pub use check::check;
pub use model::{
    InvalidWindow, Job, Matrix, Problem, Route, Solution, SolveOptions, TimeWindow, Worker,
};
pub use params::SearchParams;

use crate::error::{Error, Result};
use data::Data;

/// Solves `problem` with default search parameters.
///
/// A problem that refers to missing locations or workers (which [`try_solve`] reports) yields
/// a solution with every job unassigned.
pub fn solve(problem: &Problem, options: &SolveOptions) -> Solution {
    try_solve(problem, options, &SearchParams::default()).unwrap_or_else(|_| Solution {
        routes: Vec::new(),
        unassigned: (0..problem.jobs.len()).collect(),
        cost: problem
            .unassigned_penalty
            .saturating_mul(problem.jobs.len() as i64),
        distance: 0,
        travel_time: 0,
    })
}

/// The construction alone (regret insertion, then one local-search descent), without the
/// metaheuristic: the starting point [`solve`] never ends worse than.
///
/// # Errors
/// As [`try_solve`].
pub fn construct(problem: &Problem) -> Result<Solution> {
    use rand::SeedableRng;
    let data = Data::new(problem).map_err(Error::Solver)?;
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(0);
    let mut state = construct::regret(&data, &mut rng);
    local::descend(&data, &mut state, SearchParams::default().granularity);
    Ok(state.to_solution(&data))
}

/// Solves `problem` with explicit search parameters.
///
/// # Errors
/// [`Error::Solver`] if the problem refers to a location outside the matrix, a worker that does
/// not exist, or its `allowed` list does not have one entry per job.
pub fn try_solve(
    problem: &Problem,
    options: &SolveOptions,
    params: &SearchParams,
) -> Result<Solution> {
    let started = Instant::now();
    let data = Data::new(problem).map_err(Error::Solver)?;
    let runs = options.threads.max(1);
    let best = if runs == 1 {
        search::run(&data, options, params, options.seed, started)
    } else {
        (0..runs as u64)
            .into_par_iter()
            .map(|k| {
                search::run(
                    &data,
                    options,
                    params,
                    options.seed.wrapping_add(k),
                    started,
                )
            })
            .min_by_key(|s| s.cost())
            .ok_or_else(|| Error::Solver("no run".into()))?
    };
    Ok(best.to_solution(&data))
}
