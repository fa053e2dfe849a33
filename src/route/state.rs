//! The working solution: used routes with prefix/suffix segments, and the unassigned jobs.
//!
//! A route of `k` jobs has nodes `0..=k+1`: node 0 the start depot, node `i` the job `jobs[i-1]`,
//! node `k+1` the end depot. `fwd[i]` summarises nodes `0..=i` and `bwd[i]` nodes `i..=k+1`, so
//! inserting between nodes `i` and `i+1` costs one `fwd[i] ⊕ visit ⊕ bwd[i+1]`.

use super::data::Data;
use super::model::{Route, Solution};
use super::segment::Segment;

/// Where a job is: route index and node index (1-based within the route).
pub(crate) const NOWHERE: (usize, usize) = (usize::MAX, usize::MAX);

/// One used worker's route.
#[derive(Debug)]
pub(crate) struct RouteState {
    pub worker: usize,
    pub jobs: Vec<usize>,
    pub fwd: Vec<Segment>,
    pub bwd: Vec<Segment>,
    /// Route cost (fixed cost included), 0 if empty.
    pub cost: i64,
}

// Written out so that `clone_from` reuses the vectors: the search clones its current solution
// once per iteration.
impl Clone for RouteState {
    fn clone(&self) -> Self {
        RouteState {
            worker: self.worker,
            jobs: self.jobs.clone(),
            fwd: self.fwd.clone(),
            bwd: self.bwd.clone(),
            cost: self.cost,
        }
    }

    fn clone_from(&mut self, other: &Self) {
        self.worker = other.worker;
        self.jobs.clone_from(&other.jobs);
        self.fwd.clone_from(&other.fwd);
        self.bwd.clone_from(&other.bwd);
        self.cost = other.cost;
    }
}

impl RouteState {
    /// A route of `worker` visiting `jobs` (the pairs must be feasible).
    pub fn new(data: &Data, worker: usize, jobs: Vec<usize>) -> Self {
        let mut r = RouteState {
            worker,
            jobs,
            fwd: Vec::new(),
            bwd: Vec::new(),
            cost: 0,
        };
        r.update(data);
        r
    }

    /// Number of jobs.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    /// The whole route summary.
    pub fn total(&self) -> &Segment {
        &self.fwd[self.jobs.len() + 1]
    }

    /// Segment of node `i` alone.
    pub fn node(&self, data: &Data, i: usize) -> Segment {
        if i == 0 {
            data.start_seg[self.worker]
        } else if i == self.jobs.len() + 1 {
            data.end_seg[self.worker]
        } else {
            visit_of(data, self.worker, self.jobs[i - 1])
        }
    }

    /// Segment of nodes `i..=j` (`i <= j`), computed in O(j - i) (O(1) at either end).
    pub fn range(&self, data: &Data, i: usize, j: usize) -> Segment {
        if i == 0 {
            return self.fwd[j];
        }
        if j == self.jobs.len() + 1 {
            return self.bwd[i];
        }
        let mut s = self.node(data, i);
        for k in i + 1..=j {
            s = data.join(&s, &self.node(data, k));
        }
        s
    }

    /// Recomputes the prefix and suffix summaries and the cost.
    pub fn update(&mut self, data: &Data) {
        let k = self.jobs.len();
        self.fwd.clear();
        self.bwd.clear();
        let mut s = data.start_seg[self.worker];
        self.fwd.push(s);
        for &j in &self.jobs {
            s = data.join(&s, &visit_of(data, self.worker, j));
            self.fwd.push(s);
        }
        self.fwd.push(data.join(&s, &data.end_seg[self.worker]));
        self.bwd.resize(k + 2, data.end_seg[self.worker]);
        let mut s = data.end_seg[self.worker];
        for i in (0..k).rev() {
            s = data.join(&visit_of(data, self.worker, self.jobs[i]), &s);
            self.bwd[i + 1] = s;
        }
        self.bwd[0] = data.join(&data.start_seg[self.worker], &s);
        self.cost = data.route_cost(self.worker, &self.fwd[k + 1], k == 0);
    }
}

/// Visit segment of a pair known to be feasible. An infeasible pair (a bug) is given an
/// impossible window so that the route reads as infeasible rather than panicking.
#[inline]
pub(crate) fn visit_of(data: &Data, worker: usize, job: usize) -> Segment {
    match data.visit(worker, job) {
        Some(s) => *s,
        None => {
            let loc = data.problem.jobs[job].location;
            Segment::visit(
                loc,
                0,
                i64::MAX / 8,
                i64::MIN / 8,
                0,
                i64::MAX / 8,
                i64::MAX / 8,
            )
        }
    }
}

/// A whole working solution.
#[derive(Debug)]
pub(crate) struct State {
    pub routes: Vec<RouteState>,
    /// Per worker: whether it has a route in `routes`.
    pub used: Vec<bool>,
    pub unassigned: Vec<usize>,
    pub penalty: i64,
    /// Work used per worker group (see [`crate::route::Problem::group_limits`]); kept current
    /// by [`State::refresh_groups`] after every change of routes.
    pub group_use: Vec<i64>,
}

impl Clone for State {
    fn clone(&self) -> Self {
        State {
            routes: self.routes.clone(),
            used: self.used.clone(),
            unassigned: self.unassigned.clone(),
            penalty: self.penalty,
            group_use: self.group_use.clone(),
        }
    }

    fn clone_from(&mut self, other: &Self) {
        self.routes.clone_from(&other.routes);
        self.used.clone_from(&other.used);
        self.unassigned.clone_from(&other.unassigned);
        self.penalty = other.penalty;
        self.group_use.clone_from(&other.group_use);
    }
}

impl State {
    /// Every job unassigned.
    pub fn empty(data: &Data) -> Self {
        State {
            routes: Vec::new(),
            used: vec![false; data.problem.workers.len()],
            unassigned: (0..data.n_jobs).collect(),
            penalty: data.problem.unassigned_penalty,
            group_use: vec![0; data.problem.group_limits.len()],
        }
    }

    /// Recomputes the work used by each group from the routes.
    pub fn refresh_groups(&mut self, data: &Data) {
        if self.group_use.is_empty() {
            return;
        }
        self.group_use.iter_mut().for_each(|u| *u = 0);
        for r in &self.routes {
            if let Some(g) = data.group(r.worker)
                && !r.jobs.is_empty()
            {
                self.group_use[g] += r.total().work;
            }
        }
    }

    /// Most work route `r` may hold with every other route as it is (`i64::MAX` without a
    /// group).
    pub fn room(&self, data: &Data, r: usize) -> i64 {
        let route = &self.routes[r];
        let own = if route.jobs.is_empty() {
            0
        } else {
            route.total().work
        };
        self.room_for(data, route.worker, own)
    }

    /// Most work a route of `worker` that now holds `own` may hold.
    pub fn room_for(&self, data: &Data, worker: usize, own: i64) -> i64 {
        match data.group(worker) {
            Some(g) => data.problem.group_limits[g] - self.group_use[g] + own,
            None => i64::MAX,
        }
    }

    /// Whether replacing route `a` by `new_a` (`empty_a`: it then serves no job) and route `b`
    /// by `new_b` (indices, `a != b`) keeps every group within its limit.
    pub fn groups_fit_pair(
        &self,
        data: &Data,
        (a, new_a, empty_a): (usize, &Segment, bool),
        (b, new_b): (usize, &Segment),
    ) -> bool {
        if self.group_use.is_empty() {
            return true;
        }
        let own = |r: &RouteState| if r.jobs.is_empty() { 0 } else { r.total().work };
        let work_a = if empty_a { 0 } else { new_a.work };
        let (ra, rb) = (&self.routes[a], &self.routes[b]);
        match (data.group(ra.worker), data.group(rb.worker)) {
            (Some(ga), Some(gb)) if ga == gb => {
                let used = self.group_use[ga] - own(ra) - own(rb) + work_a + new_b.work;
                used <= data.problem.group_limits[ga]
            }
            _ => work_a <= self.room(data, a) && new_b.work <= self.room(data, b),
        }
    }

    /// Objective value.
    pub fn cost(&self) -> i64 {
        self.routes.iter().map(|r| r.cost).sum::<i64>()
            + self.penalty.saturating_mul(self.unassigned.len() as i64)
    }

    /// Drops empty routes, freeing their workers.
    pub fn prune(&mut self) {
        let used = &mut self.used;
        self.routes.retain(|r| {
            if r.jobs.is_empty() {
                used[r.worker] = false;
                false
            } else {
                true
            }
        });
    }

    /// Position of every job: `(route, node)` or [`NOWHERE`].
    pub fn positions(&self, n_jobs: usize) -> Vec<(usize, usize)> {
        let mut pos = vec![NOWHERE; n_jobs];
        for (r, route) in self.routes.iter().enumerate() {
            for (i, &j) in route.jobs.iter().enumerate() {
                pos[j] = (r, i + 1);
            }
        }
        pos
    }

    /// The public solution, with service start times.
    pub fn to_solution(&self, data: &Data) -> Solution {
        let p = data.problem;
        let mut routes: Vec<Route> = Vec::new();
        let (mut distance, mut travel_time) = (0i64, 0i64);
        for r in self.routes.iter().filter(|r| !r.jobs.is_empty()) {
            let wk = &p.workers[r.worker];
            // Departing at the earliest start achieving the minimal duration avoids waiting
            // that could have been spent at the depot.
            let depart = r.total().earliest;
            let mut t = depart;
            let mut at = wk.start;
            let mut starts = Vec::with_capacity(r.jobs.len());
            for &j in &r.jobs {
                let job = &p.jobs[j];
                let v = visit_of(data, r.worker, j);
                distance += p.matrix.distance(at, job.location);
                travel_time += p.matrix.time(at, job.location);
                let s = (t + p.matrix.time(at, job.location)).max(v.earliest);
                starts.push(s);
                t = s + job.service;
                at = job.location;
            }
            distance += p.matrix.distance(at, wk.end);
            travel_time += p.matrix.time(at, wk.end);
            routes.push(Route {
                worker: r.worker,
                jobs: r.jobs.clone(),
                starts,
                depart,
                arrive: t + p.matrix.time(at, wk.end),
            });
        }
        routes.sort_by_key(|r| r.worker);
        let mut unassigned = self.unassigned.clone();
        unassigned.sort_unstable();
        Solution {
            routes,
            unassigned,
            cost: self.cost(),
            distance,
            travel_time,
        }
    }
}
