//! Route elimination with the fleet fixed: the fleet-minimisation phase of SISR (Christiaens &
//! Vanden Berghe 2020, §5), bounded here to removing one route.
//!
//! The annealing over distance can settle on one route too many (Solomon RC103 ends with 12
//! vehicles where the best known distance uses 11): every way to empty a route passes through
//! much longer solutions. [`reduce_one`] removes the shortest route and repairs with string
//! ruin-and-recreate that never opens a route. A candidate is accepted when it leaves fewer
//! jobs out, or when the sum of the *absence counters* of the jobs it leaves out is lower; a
//! job's counter grows each step it is out, so jobs that are hard to place get priority and the
//! search does not cycle on the same leftovers (SISR's acceptance for fleet minimisation).

use std::time::Instant;

use rand::Rng;

use super::data::Data;
use super::local;
use super::params::SearchParams;
use super::recreate;
use super::ruin;
use super::state::State;

/// Tries to serve the jobs of `state` with one route fewer, working until `until` seconds after
/// `started`. On success `state` becomes the reduced solution (descended) and `true` is
/// returned; otherwise `state` is unchanged.
pub(crate) fn reduce_one<R: Rng>(
    data: &Data,
    state: &mut State,
    params: &SearchParams,
    rng: &mut R,
    started: Instant,
    until: f64,
) -> bool {
    let Some(shortest) = (0..state.routes.len()).min_by_key(|&r| state.routes[r].len()) else {
        return false;
    };
    if state.routes.len() < 2 {
        return false;
    }
    let target = state.unassigned.len();
    let mut current = state.clone();
    let mut removed = Vec::new();
    {
        let route = &mut current.routes[shortest];
        removed.append(&mut route.jobs);
        route.update(data);
    }
    current.prune();
    current.refresh_groups(data);
    recreate::blinks(data, &mut current, params, rng, &mut removed, true, true);
    let mut absences = vec![0u64; data.n_jobs];
    let absent = |s: &State, a: &[u64]| s.unassigned.iter().map(|&j| a[j]).sum::<u64>();
    let mut candidate = current.clone();
    while current.unassigned.len() > target {
        if started.elapsed().as_secs_f64() >= until {
            return false;
        }
        candidate.clone_from(&current);
        ruin::strings(data, &mut candidate, params, rng, &mut removed);
        recreate::blinks(data, &mut candidate, params, rng, &mut removed, true, true);
        for &j in &candidate.unassigned {
            absences[j] += 1;
        }
        if candidate.unassigned.len() < current.unassigned.len()
            || absent(&candidate, &absences) < absent(&current, &absences)
        {
            std::mem::swap(&mut current, &mut candidate);
        }
    }
    if params.local_search {
        local::descend(data, &mut current, params.granularity);
    }
    *state = current;
    true
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    use super::super::data::Data;
    use super::super::local::tests::random_problem;
    use super::super::state::{RouteState, State};
    use super::*;

    /// Every job on a route of its own (one worker each): a solution with far too many routes.
    fn one_per_route(data: &Data) -> State {
        let mut s = State::empty(data);
        s.unassigned.clear();
        for j in 0..data.n_jobs {
            s.routes.push(RouteState::new(data, j, vec![j]));
            s.used[j] = true;
        }
        s
    }

    #[test]
    fn removes_a_route_and_keeps_every_job() {
        let mut p = random_problem(3, 12, 12, false);
        for job in &mut p.jobs {
            job.windows = vec![super::super::model::TimeWindow::new(0, 5000).unwrap()];
        }
        for w in &mut p.workers {
            w.shift = super::super::model::TimeWindow::new(0, 10_000).unwrap();
            w.capacity = 1000;
        }
        let data = Data::new(&p).unwrap();
        let mut state = one_per_route(&data);
        let before = state.routes.len();
        let mut rng = Pcg64Mcg::seed_from_u64(1);
        let started = Instant::now();
        let params = SearchParams::default();
        assert!(reduce_one(
            &data, &mut state, &params, &mut rng, started, 60.0
        ));
        // The closing descent may merge further routes.
        assert!(state.routes.len() < before);
        assert!(state.unassigned.is_empty());
        let mut seen: Vec<usize> = state.routes.iter().flat_map(|r| r.jobs.clone()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..data.n_jobs).collect::<Vec<_>>());
        for r in &state.routes {
            assert!(data.feasible(r.worker, r.total()));
        }
    }

    #[test]
    fn leaves_the_state_alone_when_no_route_can_go() {
        // Capacity for one job per route: no route can be emptied.
        let mut p = random_problem(5, 6, 6, false);
        for w in &mut p.workers {
            w.capacity = 9;
        }
        for job in &mut p.jobs {
            job.demand = 9;
        }
        let data = Data::new(&p).unwrap();
        let mut state = one_per_route(&data);
        let cost = state.cost();
        let mut rng = Pcg64Mcg::seed_from_u64(2);
        let started = Instant::now();
        // A budget already spent, so the test cannot loop.
        assert!(!reduce_one(
            &data,
            &mut state,
            &SearchParams::default(),
            &mut rng,
            started,
            0.0
        ));
        assert_eq!(state.cost(), cost);
        assert_eq!(state.routes.len(), 6);
    }
}
