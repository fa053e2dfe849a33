//! Local search: one operator per file, each separating *evaluate* (the cost change of a move,
//! `None` if infeasible or void) from *apply*.
//!
//! Moves are evaluated in O(1) from prefix/suffix segments when the routes' workers are of the
//! same class, otherwise by re-summarising the moved piece for the receiving worker. Only pairs
//! `(u, v)` with `v` among the `granularity` nearest neighbours of `u` are tried — granular
//! neighbourhoods (Toth & Vigo 2003, "The granular tabu search and its application to the
//! vehicle-routing problem", INFORMS J. Computing 15(4)). [`descend`] applies the first improving
//! move until none is left.

pub(crate) mod or_opt;
pub(crate) mod relocate;
pub(crate) mod swap;
pub(crate) mod two_opt;
pub(crate) mod two_opt_star;

use super::data::Data;
use super::segment::Segment;
use super::state::{NOWHERE, RouteState, State};

/// Positions of every job, `(route, node)`.
pub(crate) type Positions = Vec<(usize, usize)>;

/// An operator: evaluate a move on the pair `(u, v)`, and apply it.
pub(crate) struct Operator {
    /// Named in test failures.
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: &'static str,
    pub evaluate: fn(&Data, &State, &Positions, usize, usize) -> Option<i64>,
    pub apply: fn(&Data, &mut State, &Positions, usize, usize),
}

/// Every operator, in the order the descent tries them.
pub(crate) const OPERATORS: [Operator; 7] = [
    Operator {
        name: "relocate_after",
        evaluate: relocate::evaluate_after,
        apply: relocate::apply_after,
    },
    Operator {
        name: "relocate_before",
        evaluate: relocate::evaluate_before,
        apply: relocate::apply_before,
    },
    Operator {
        name: "swap",
        evaluate: swap::evaluate,
        apply: swap::apply,
    },
    Operator {
        name: "two_opt_star",
        evaluate: two_opt_star::evaluate,
        apply: two_opt_star::apply,
    },
    Operator {
        name: "two_opt",
        evaluate: two_opt::evaluate,
        apply: two_opt::apply,
    },
    Operator {
        name: "or_opt_2",
        evaluate: or_opt::evaluate2,
        apply: or_opt::apply2,
    },
    Operator {
        name: "or_opt_3",
        evaluate: or_opt::evaluate3,
        apply: or_opt::apply3,
    },
];

/// First-improvement descent over all operators and granular neighbour pairs.
pub(crate) fn descend(data: &Data, state: &mut State, granularity: usize) {
    let all: Vec<usize> = (0..data.n_jobs).collect();
    descend_from(data, state, &all, granularity);
}

/// The same descent with `u` restricted to `jobs` (e.g. those just reinserted).
pub(crate) fn descend_from(data: &Data, state: &mut State, jobs: &[usize], granularity: usize) {
    let mut pos = state.positions(data.n_jobs);
    // Bounded for safety: every applied move strictly lowers an integer cost anyway.
    for _ in 0..10_000 {
        let mut improved = false;
        for &u in jobs {
            if pos[u] == NOWHERE {
                continue;
            }
            'pairs: for &v in data.neighbours[u].iter().take(granularity) {
                if pos[v] == NOWHERE {
                    continue;
                }
                for op in &OPERATORS {
                    if let Some(d) = (op.evaluate)(data, state, &pos, u, v)
                        && d < 0
                    {
                        (op.apply)(data, state, &pos, u, v);
                        state.prune();
                        state.refresh_groups(data);
                        pos = state.positions(data.n_jobs);
                        improved = true;
                        break 'pairs;
                    }
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Nodes `i..=j` of `route` (`i <= j`) summarised for `worker`; `None` if a job cannot go to
/// `worker`.
pub(crate) fn piece(
    data: &Data,
    route: &RouteState,
    i: usize,
    j: usize,
    worker: usize,
) -> Option<Segment> {
    if data.class_of[worker] == data.class_of[route.worker] {
        return Some(route.range(data, i, j));
    }
    let node = |k: usize| -> Option<Segment> {
        if k == 0 {
            Some(data.start_seg[worker])
        } else if k == route.len() + 1 {
            Some(data.end_seg[worker])
        } else {
            data.visit(worker, route.jobs[k - 1]).copied()
        }
    };
    let mut s = node(i)?;
    for k in i + 1..=j {
        s = data.join(&s, &node(k)?);
    }
    Some(s)
}

/// Nodes `i..=j` reversed (`i <= j`, jobs only), for the route's own worker.
pub(crate) fn reversed(data: &Data, route: &RouteState, i: usize, j: usize) -> Segment {
    let mut s = route.node(data, j);
    for k in (i..j).rev() {
        s = data.join(&s, &route.node(data, k));
    }
    s
}

/// Joins pieces left to right.
pub(crate) fn chain(data: &Data, pieces: &[Segment]) -> Segment {
    let mut s = pieces[0];
    for p in &pieces[1..] {
        s = data.join(&s, p);
    }
    s
}

/// Cost of a complete route summary, or `None` if infeasible. `empty` = it serves no job.
pub(crate) fn priced(data: &Data, worker: usize, s: &Segment, empty: bool) -> Option<i64> {
    data.feasible(worker, s)
        .then(|| data.route_cost(worker, s, empty))
}

/// Cost change of replacing route `r` of `state` by `seg`, or `None` if the new route is
/// infeasible or its group would go over its limit.
pub(crate) fn delta_one(data: &Data, state: &State, r: usize, seg: &Segment) -> Option<i64> {
    let route = &state.routes[r];
    if seg.work > state.room(data, r) {
        return None;
    }
    Some(priced(data, route.worker, seg, false)? - route.cost)
}

/// Cost change of replacing routes `a` and `b` by `new_a` and `new_b` (`empty_a`: the new
/// route `a` serves no job), or `None` if either is infeasible or a group goes over its limit.
pub(crate) fn delta_two(
    data: &Data,
    state: &State,
    (a, new_a, empty_a): (usize, &Segment, bool),
    (b, new_b): (usize, &Segment),
) -> Option<i64> {
    let (ra, rb) = (&state.routes[a], &state.routes[b]);
    let cost_a = priced(data, ra.worker, new_a, empty_a)?;
    let cost_b = priced(data, rb.worker, new_b, false)?;
    state
        .groups_fit_pair(data, (a, new_a, empty_a), (b, new_b))
        .then(|| cost_a + cost_b - ra.cost - rb.cost)
}

#[cfg(test)]
pub(crate) mod tests {
    //! Shared test harness: every operator's evaluated delta must equal the recomputed cost
    //! change, and the result must stay feasible.

    use rand::{Rng, SeedableRng};
    use rand_pcg::Pcg64Mcg;

    use super::super::construct;
    use super::super::data::Data;
    use super::super::model::{Job, Matrix, Problem, TimeWindow, Worker};
    use super::*;

    /// A random instance on a grid, with windows tight enough to bind.
    pub fn random_problem(seed: u64, n: usize, workers: usize, mixed: bool) -> Problem {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let pts: Vec<(i64, i64)> = (0..n + 2)
            .map(|_| (rng.random_range(0..100), rng.random_range(0..100)))
            .collect();
        let m = pts.len();
        let mut dist = Vec::with_capacity(m * m);
        for a in &pts {
            for b in &pts {
                let d = (((a.0 - b.0).pow(2) + (a.1 - b.1).pow(2)) as f64)
                    .sqrt()
                    .ceil() as i64;
                dist.push(d);
            }
        }
        let jobs = (0..n)
            .map(|k| {
                let s = rng.random_range(0..400);
                Job {
                    location: k + 2,
                    service: rng.random_range(0..10),
                    demand: rng.random_range(1..10),
                    windows: vec![TimeWindow::new(s, s + rng.random_range(20..300)).unwrap()],
                    extra_work: if mixed { rng.random_range(0..5) } else { 0 },
                }
            })
            .collect();
        let n_workers = workers;
        let workers: Vec<Worker> = (0..workers)
            .map(|w| Worker {
                start: if mixed { w % 2 } else { 0 },
                end: 0,
                shift: TimeWindow::new(0, if mixed && w % 3 == 0 { 450 } else { 600 }).unwrap(),
                capacity: 40,
                max_duration: if mixed && w % 2 == 1 { Some(400) } else { None },
                fixed_cost: if mixed { 7 } else { 0 },
                max_travel: (mixed && w % 4 == 2).then_some(250),
                // Mixed instances put the workers in pairs sharing a work limit.
                group: mixed.then_some(w / 2),
            })
            .collect();
        let allowed = if mixed {
            (0..n)
                .map(|j| (j % 4 == 0).then(|| vec![(0, 5), (1, 0), (2 % workers.len().max(1), 3)]))
                .collect()
        } else {
            Vec::new()
        };
        Problem {
            jobs,
            workers,
            matrix: Matrix::new(m, dist.clone(), dist).unwrap(),
            distance_weight: 1.0,
            time_weight: 0.0,
            unassigned_penalty: 10_000,
            group_limits: if mixed {
                vec![450; n_workers.div_ceil(2)]
            } else {
                Vec::new()
            },
            allowed,
        }
    }

    /// Checks `op` on every pair of a few random instances; returns how many moves were applied.
    pub fn exercise(op: &Operator) -> usize {
        let mut applied = 0;
        for seed in 0..12 {
            let p = random_problem(seed, 30, 8, seed % 2 == 1);
            let data = Data::new(&p).unwrap();
            let mut rng = Pcg64Mcg::seed_from_u64(seed);
            let state = construct::regret(&data, &mut rng);
            let pos = state.positions(data.n_jobs);
            let before = state.cost();
            for u in 0..data.n_jobs {
                for v in 0..data.n_jobs {
                    if u == v || pos[u] == NOWHERE || pos[v] == NOWHERE {
                        continue;
                    }
                    if let Some(d) = (op.evaluate)(&data, &state, &pos, u, v) {
                        let mut s = state.clone();
                        (op.apply)(&data, &mut s, &pos, u, v);
                        s.prune();
                        // Recompute every route from scratch.
                        for r in &mut s.routes {
                            r.update(&data);
                            assert!(
                                data.feasible(r.worker, r.total()),
                                "{}: infeasible",
                                op.name
                            );
                        }
                        s.refresh_groups(&data);
                        for (g, &used) in s.group_use.iter().enumerate() {
                            assert!(
                                used <= p.group_limits[g],
                                "{}: group {g} over its limit",
                                op.name
                            );
                        }
                        let mut all: Vec<usize> =
                            s.routes.iter().flat_map(|r| r.jobs.clone()).collect();
                        all.extend(&s.unassigned);
                        all.sort_unstable();
                        assert_eq!(
                            all,
                            (0..data.n_jobs).collect::<Vec<_>>(),
                            "{}: jobs lost",
                            op.name
                        );
                        assert_eq!(s.cost() - before, d, "{}: delta of ({u}, {v})", op.name);
                        applied += 1;
                    }
                }
            }
        }
        applied
    }
}
