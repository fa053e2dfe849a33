//! Recreate by greedy insertion with blinks (Christiaens & Vanden Berghe 2020, Algorithm 3).
//!
//! Removed jobs are sorted by one of four orders (random, decreasing demand, decreasing or
//! increasing distance from the depot, drawn with weights 4:4:2:1), then each goes to its cheapest
//! feasible place, where every candidate position is skipped with a small probability. Jobs
//! that fit nowhere are left unassigned and penalised.

use rand::Rng;
use rand::seq::SliceRandom;

use super::data::Data;
use super::insert;
use super::params::SearchParams;
use super::state::State;

/// Inserts `jobs` (and every job already unassigned) into `state`. With `existing_first`, a new
/// route is opened only for a job that fits in no existing route.
pub(crate) fn blinks<R: Rng>(
    data: &Data,
    state: &mut State,
    params: &SearchParams,
    rng: &mut R,
    jobs: &mut Vec<usize>,
    existing_first: bool,
) {
    jobs.append(&mut state.unassigned);
    jobs.retain(|&j| {
        if data.servable[j] {
            true
        } else {
            state.unassigned.push(j);
            false
        }
    });
    jobs.shuffle(rng);
    let p = data.problem;
    let depot = p.workers.first().map_or(0, |w| w.start);
    let far = |j: usize| data.cost(depot, p.jobs[j].location);
    match rng.random_range(0..11) {
        0..4 => {}
        4..8 => jobs.sort_by_key(|&j| std::cmp::Reverse(p.jobs[j].demand)),
        8..10 => jobs.sort_by_key(|&j| std::cmp::Reverse(far(j))),
        _ => jobs.sort_by_key(|&j| far(j)),
    }
    let mut free = insert::free_workers(data, state);
    for &j in jobs.iter() {
        let mut found = None;
        if existing_first {
            found = insert::best_place(data, state, &[], j, params.blink_rate, rng);
        }
        if found.is_none() {
            found = insert::best_place(data, state, &free, j, params.blink_rate, rng);
        }
        match found {
            Some((_, place)) => {
                if insert::apply(data, state, j, place) {
                    free = insert::free_workers(data, state);
                }
            }
            None => state.unassigned.push(j),
        }
    }
    jobs.clear();
}
