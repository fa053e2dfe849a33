//! The routing problem and its solution: plain data, validated at construction.
//!
//! # Units
//! Time and distance are integers in whatever unit the caller chooses (the IRO schedule uses
//! seconds and metres; the Solomon reader uses scaled hundred-thousandths). Costs are integers
//! (e.g. pence); the arc cost is `round(distance_weight * distance + time_weight * time)`.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

/// A closed interval `[start, end]` in which a service may *start*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct TimeWindow {
    /// Earliest start.
    pub start: i64,
    /// Latest start.
    pub end: i64,
}

/// A time window whose start is after its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidWindow {
    /// The offending start.
    pub start: i64,
    /// The offending end.
    pub end: i64,
}

impl fmt::Display for InvalidWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "time window [{}, {}] ends before it starts",
            self.start, self.end
        )
    }
}

impl std::error::Error for InvalidWindow {}

impl TimeWindow {
    /// A window `[start, end]`.
    ///
    /// # Errors
    /// [`InvalidWindow`] if `start > end`.
    pub fn new(start: i64, end: i64) -> Result<Self, InvalidWindow> {
        if start > end {
            Err(InvalidWindow { start, end })
        } else {
            Ok(TimeWindow { start, end })
        }
    }

    /// The intersection with `other`, if any.
    pub fn intersect(&self, other: &TimeWindow) -> Option<TimeWindow> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start <= end).then_some(TimeWindow { start, end })
    }

    /// Whether `t` lies in the window.
    pub fn contains(&self, t: i64) -> bool {
        self.start <= t && t <= self.end
    }
}

/// A dense travel matrix over `n` locations: distance and time, row-major (`from * n + to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    n: usize,
    distance: Vec<i64>,
    time: Vec<i64>,
}

impl Matrix {
    /// A matrix of `n` locations.
    ///
    /// # Errors
    /// A message if either vector is not `n * n` long or holds a negative value.
    pub fn new(n: usize, distance: Vec<i64>, time: Vec<i64>) -> Result<Matrix, String> {
        let want = n
            .checked_mul(n)
            .ok_or_else(|| format!("matrix of {n} locations is too large"))?;
        if distance.len() != want || time.len() != want {
            return Err(format!(
                "matrix of {n} locations needs {want} entries, got {} distances and {} times",
                distance.len(),
                time.len()
            ));
        }
        if let Some(k) = distance.iter().chain(&time).position(|&v| v < 0) {
            return Err(format!("negative matrix entry at index {}", k % want));
        }
        Ok(Matrix { n, distance, time })
    }

    /// Number of locations.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether the matrix has no location.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Distance from `i` to `j`. Panics if out of range (indices are validated by the solver).
    pub fn distance(&self, i: usize, j: usize) -> i64 {
        self.distance[i * self.n + j]
    }

    /// Travel time from `i` to `j`.
    pub fn time(&self, i: usize, j: usize) -> i64 {
        self.time[i * self.n + j]
    }
}

/// A visit to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Index into the matrix.
    pub location: usize,
    /// Service duration.
    pub service: i64,
    /// Demand counted against the worker's capacity.
    pub demand: i64,
    /// Windows in which service may start (any one). Empty = always.
    pub windows: Vec<TimeWindow>,
    /// Work the job adds to its worker's group beyond its service (e.g. preparation done
    /// elsewhere); 0 for none. See [`Problem::group_limits`].
    pub extra_work: i64,
}

/// A worker's shift (one route at most).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    /// Start location (matrix index).
    pub start: usize,
    /// End location (matrix index).
    pub end: usize,
    /// Leave `start` no earlier than `shift.start`, reach `end` no later than `shift.end`.
    pub shift: TimeWindow,
    /// Maximum summed demand.
    pub capacity: i64,
    /// Maximum `arrive - depart`.
    pub max_duration: Option<i64>,
    /// Cost of using this worker at all.
    pub fixed_cost: i64,
    /// Maximum summed travel time of the route (e.g. a daily driving cap).
    pub max_travel: Option<i64>,
    /// The group whose work limit this worker shares ([`Problem::group_limits`]), if any.
    pub group: Option<usize>,
}

/// A vehicle routing problem with time windows (VRPTW), heterogeneous shifts and restrictions.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Visits.
    pub jobs: Vec<Job>,
    /// Shifts; most may stay unused.
    pub workers: Vec<Worker>,
    /// Travel matrix.
    pub matrix: Matrix,
    /// Weight of distance in the arc cost.
    pub distance_weight: f64,
    /// Weight of time in the arc cost.
    pub time_weight: f64,
    /// Cost per unassigned job.
    pub unassigned_penalty: i64,
    /// Work limit of each worker group: the routes of a group's workers together hold at most
    /// this much work — service, the jobs' `extra_work` and travel, waiting excluded (e.g. a
    /// driver's weekly hours shared by the daily shifts of one week). Empty = no groups.
    pub group_limits: Vec<i64>,
    /// Optional per-job restriction: if `Some` for job `j`, `j` may only go to the listed workers,
    /// each with an extra assignment cost (a worker listed twice: the first entry counts). An
    /// empty vector means no restrictions at all.
    pub allowed: Vec<Option<Vec<(usize, i64)>>>,
}

/// When to stop and how to search.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Wall-clock limit.
    pub time_limit: Duration,
    /// Iteration limit (ruin-and-recreate steps, per thread). With it, a run is deterministic
    /// for a given seed when it stops by iterations rather than by time.
    pub max_iterations: Option<u64>,
    /// Stop after this many iterations without improving the best solution.
    pub no_improvement: Option<u64>,
    /// Random seed.
    pub seed: u64,
    /// Independent restarts run in parallel (rayon); the best is returned. 0 or 1 = one.
    pub threads: usize,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: Duration::from_secs(1),
            max_iterations: None,
            no_improvement: None,
            seed: 1,
            threads: 1,
        }
    }
}

/// One worker's route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    /// Worker index.
    pub worker: usize,
    /// Jobs in visiting order.
    pub jobs: Vec<usize>,
    /// Service start time of each job.
    pub starts: Vec<i64>,
    /// Departure from the worker's start (as late as possible for a minimal duration).
    pub depart: i64,
    /// Arrival at the worker's end.
    pub arrive: i64,
}

/// A solution: routes of used workers only, and every job not served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Solution {
    /// Non-empty routes, ordered by worker.
    pub routes: Vec<Route>,
    /// Jobs not served, ascending.
    pub unassigned: Vec<usize>,
    /// Objective: arc costs + fixed costs + assignment costs + penalties.
    pub cost: i64,
    /// Summed distance of all routes.
    pub distance: i64,
    /// Summed travel time of all routes (excluding service and waiting).
    pub travel_time: i64,
}
