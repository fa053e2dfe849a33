//! Precomputed view of a [`Problem`]: arc costs, the effective window of every (job, worker)
//! pair, worker classes and neighbour lists. Built once per solve.
//!
//! A job's effective window for a worker is the first of its windows that meets the worker's
//! shift, clipped to the shift (service must fit in the shift anyway). The caller guarantees at
//! most one window meets a shift (one window per candidate day), so nothing is lost by the choice.
//! A pair is infeasible when no window meets the shift, the job is not in the worker's allowed
//! list, or the job alone does not fit (capacity, windows, `max_duration`).
//!
//! Workers with identical depots, shift, capacity, limits, fixed cost and per-job data form a
//! *class*: opening a new route is evaluated once per class, which keeps hundreds of unused
//! workers cheap.

use std::collections::HashMap;

use super::model::Problem;
use super::segment::Segment;

/// Precomputed problem data.
pub(crate) struct Data<'a> {
    pub problem: &'a Problem,
    pub n_jobs: usize,
    n_loc: usize,
    /// `round(dw * distance + tw * time)` per arc.
    arc_cost: Vec<i64>,
    /// Per (worker, job): the visit segment, or `None` if infeasible.
    visit: Vec<Option<Segment>>,
    /// Per worker: its start and end depot segments.
    pub start_seg: Vec<Segment>,
    pub end_seg: Vec<Segment>,
    /// Per worker: its class.
    pub class_of: Vec<usize>,
    /// Per class: its workers, ascending.
    pub class_workers: Vec<Vec<usize>>,
    /// Per job: the other jobs by increasing arc cost (both directions averaged).
    pub neighbours: Vec<Vec<usize>>,
    /// Per job: whether any worker can serve it.
    pub servable: Vec<bool>,
}

impl<'a> Data<'a> {
    /// Prepares `problem`. Returns a message if it refers to locations or workers that do not
    /// exist.
    pub fn new(problem: &'a Problem) -> Result<Self, String> {
        let m = &problem.matrix;
        let n_loc = m.len();
        let n_jobs = problem.jobs.len();
        let n_workers = problem.workers.len();
        for (j, job) in problem.jobs.iter().enumerate() {
            if job.location >= n_loc {
                return Err(format!(
                    "job {j}: location {} outside the matrix",
                    job.location
                ));
            }
        }
        for (w, wk) in problem.workers.iter().enumerate() {
            if wk.start >= n_loc || wk.end >= n_loc {
                return Err(format!("worker {w}: depot outside the matrix"));
            }
            if let Some(g) = wk.group
                && g >= problem.group_limits.len()
            {
                return Err(format!("worker {w}: group {g} has no limit"));
            }
        }
        if !problem.allowed.is_empty() && problem.allowed.len() != n_jobs {
            return Err(format!(
                "allowed has {} entries for {n_jobs} jobs",
                problem.allowed.len()
            ));
        }
        let mut arc_cost = Vec::with_capacity(n_loc * n_loc);
        for i in 0..n_loc {
            for j in 0..n_loc {
                let c = problem.distance_weight * m.distance(i, j) as f64
                    + problem.time_weight * m.time(i, j) as f64;
                arc_cost.push(c.round() as i64);
            }
        }
        // Extra assignment cost per (worker, job), None = not allowed.
        let mut extra: Vec<Option<i64>> = vec![Some(0); n_workers * n_jobs];
        for (j, a) in problem.allowed.iter().enumerate() {
            if let Some(list) = a {
                for w in 0..n_workers {
                    extra[w * n_jobs + j] = None;
                }
                for &(w, c) in list {
                    if w >= n_workers {
                        return Err(format!("job {j}: allowed worker {w} does not exist"));
                    }
                    // A worker listed twice: the first entry counts (as in the checker).
                    let e = &mut extra[w * n_jobs + j];
                    if e.is_none() {
                        *e = Some(c);
                    }
                }
            }
        }
        let mut start_seg = Vec::with_capacity(n_workers);
        let mut end_seg = Vec::with_capacity(n_workers);
        let mut visit = vec![None; n_workers * n_jobs];
        for (w, wk) in problem.workers.iter().enumerate() {
            let s = Segment::visit(wk.start, 0, wk.shift.start, wk.shift.end, 0, 0, 0);
            let e = Segment::visit(wk.end, 0, wk.shift.start, wk.shift.end, 0, 0, 0);
            start_seg.push(s);
            end_seg.push(e);
            for (j, job) in problem.jobs.iter().enumerate() {
                let Some(x) = extra[w * n_jobs + j] else {
                    continue;
                };
                let win = if job.windows.is_empty() {
                    Some(wk.shift)
                } else {
                    job.windows.iter().find_map(|tw| tw.intersect(&wk.shift))
                };
                let Some(win) = win else { continue };
                let v = Segment::visit(
                    job.location,
                    job.service,
                    win.start,
                    win.end,
                    x,
                    job.demand,
                    job.service.saturating_add(job.extra_work),
                );
                let alone = s.then(&v, m.time(wk.start, job.location), 0).then(
                    &e,
                    m.time(job.location, wk.end),
                    0,
                );
                let fits = alone.time_warp == 0
                    && alone.load <= wk.capacity
                    && wk.max_duration.is_none_or(|d| alone.duration <= d)
                    && wk.max_travel.is_none_or(|t| alone.travel <= t)
                    && wk
                        .group
                        .is_none_or(|g| alone.work <= problem.group_limits[g]);
                if fits {
                    visit[w * n_jobs + j] = Some(v);
                }
            }
        }
        // Classes: identical worker data and identical per-job visits.
        let mut class_of = vec![0; n_workers];
        let mut class_workers: Vec<Vec<usize>> = Vec::new();
        let mut seen: HashMap<ClassKey, usize> = HashMap::new();
        for (w, wk) in problem.workers.iter().enumerate() {
            let key = ClassKey {
                start: wk.start,
                end: wk.end,
                shift: (wk.shift.start, wk.shift.end),
                capacity: wk.capacity,
                max_duration: wk.max_duration,
                max_travel: wk.max_travel,
                group: wk.group,
                fixed: wk.fixed_cost,
                visits: visit[w * n_jobs..(w + 1) * n_jobs]
                    .iter()
                    .map(|v| v.map(|s| (s.earliest, s.latest, s.cost)))
                    .collect(),
            };
            let next = class_workers.len();
            let c = *seen.entry(key).or_insert(next);
            if c == next {
                class_workers.push(Vec::new());
            }
            class_of[w] = c;
            class_workers[c].push(w);
        }
        let mut neighbours = Vec::with_capacity(n_jobs);
        for i in 0..n_jobs {
            let li = problem.jobs[i].location;
            let mut others: Vec<usize> = (0..n_jobs).filter(|&j| j != i).collect();
            others.sort_by_key(|&j| {
                let lj = problem.jobs[j].location;
                (arc_cost[li * n_loc + lj] + arc_cost[lj * n_loc + li], j)
            });
            neighbours.push(others);
        }
        let servable = (0..n_jobs)
            .map(|j| (0..n_workers).any(|w| visit[w * n_jobs + j].is_some()))
            .collect();
        Ok(Data {
            problem,
            n_jobs,
            n_loc,
            arc_cost,
            visit,
            start_seg,
            end_seg,
            class_of,
            class_workers,
            neighbours,
            servable,
        })
    }

    /// Arc cost between two locations.
    #[inline]
    pub fn cost(&self, i: usize, j: usize) -> i64 {
        self.arc_cost[i * self.n_loc + j]
    }

    /// Travel time between two locations.
    #[inline]
    pub fn time(&self, i: usize, j: usize) -> i64 {
        self.problem.matrix.time(i, j)
    }

    /// Visit segment of `job` for `worker`, `None` if the pair is infeasible.
    #[inline]
    pub fn visit(&self, worker: usize, job: usize) -> Option<&Segment> {
        self.visit[worker * self.n_jobs + job].as_ref()
    }

    /// `a ⊕ b` with the arc between them.
    #[inline]
    pub fn join(&self, a: &Segment, b: &Segment) -> Segment {
        a.then(b, self.time(a.last, b.first), self.cost(a.last, b.first))
    }

    /// Whether a complete route summary (depot to depot) is feasible for `worker`.
    #[inline]
    pub fn feasible(&self, worker: usize, route: &Segment) -> bool {
        let wk = &self.problem.workers[worker];
        route.time_warp == 0
            && route.load <= wk.capacity
            && wk.max_duration.is_none_or(|d| route.duration <= d)
            && wk.max_travel.is_none_or(|t| route.travel <= t)
    }

    /// The group of a worker, if it has one.
    #[inline]
    pub fn group(&self, worker: usize) -> Option<usize> {
        self.problem.workers[worker].group
    }

    /// Cost of a complete route summary (fixed cost included when it serves any job).
    #[inline]
    pub fn route_cost(&self, worker: usize, route: &Segment, empty: bool) -> i64 {
        if empty {
            0
        } else {
            route.cost + self.problem.workers[worker].fixed_cost
        }
    }
}

#[derive(PartialEq, Eq, Hash)]
struct ClassKey {
    start: usize,
    end: usize,
    shift: (i64, i64),
    capacity: i64,
    max_duration: Option<i64>,
    max_travel: Option<i64>,
    group: Option<usize>,
    fixed: i64,
    visits: Vec<Option<(i64, i64, i64)>>,
}
