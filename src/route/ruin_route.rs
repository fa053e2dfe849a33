//! Ruin by removing one whole route, chosen at random.
//!
//! String removal rarely empties a long route, so a solution with one route too many (typical on
//! clustered instances with wide windows) can be a deep local optimum. Removing a route outright
//! and reinserting its jobs into the *other* routes first (see [`super::recreate`]) is the route
//! elimination move of fleet-minimisation phases (e.g. Nagata & Bräysy 2009; SISR's own fleet
//! minimisation), used here as an occasional ruin inside the same annealing.
//!
//! [`eliminate`] then repairs with the fleet fixed: a few string ruin-and-recreate steps that
//! keep a candidate when it leaves fewer jobs out (then lower cost) — a short version of SISR's
//! fleet minimisation (Christiaens & Vanden Berghe 2020, §5). Jobs still left out finally get
//! new routes, so the result is a complete candidate for the annealing to accept or not.

use rand::Rng;

use super::data::Data;
use super::params::SearchParams;
use super::state::State;
use super::{recreate, ruin};

/// Empties a random route; appends its jobs to `removed`.
pub(crate) fn whole<R: Rng>(data: &Data, state: &mut State, rng: &mut R, removed: &mut Vec<usize>) {
    if state.routes.is_empty() {
        return;
    }
    let r = rng.random_range(0..state.routes.len());
    let route = &mut state.routes[r];
    removed.append(&mut route.jobs);
    route.update(data);
    state.prune();
    state.refresh_groups(data);
}

/// Removes a random route and reinserts its jobs into the other routes, repairing for up to
/// `params.elimination_repairs` steps before opening new routes for what is left. The jobs in
/// `touched` are those moved.
pub(crate) fn eliminate<R: Rng>(
    data: &Data,
    state: &mut State,
    params: &SearchParams,
    rng: &mut R,
    removed: &mut Vec<usize>,
    touched: &mut Vec<usize>,
) {
    whole(data, state, rng, removed);
    touched.clone_from(removed);
    recreate::blinks(data, state, params, rng, removed, true, true);
    let mut work = state.clone();
    for _ in 0..params.elimination_repairs {
        if state.unassigned.iter().all(|&j| !data.servable[j]) {
            break;
        }
        work.clone_from(state);
        ruin::strings(data, &mut work, params, rng, removed);
        touched.extend_from_slice(removed);
        recreate::blinks(data, &mut work, params, rng, removed, true, true);
        let better = (work.unassigned.len(), work.cost()) < (state.unassigned.len(), state.cost());
        if better {
            std::mem::swap(state, &mut work);
        }
    }
    recreate::blinks(data, state, params, rng, removed, true, false);
}
