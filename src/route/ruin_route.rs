//! Ruin by removing one whole route, chosen at random.
//!
//! String removal rarely empties a long route, so a solution with one route too many (typical on
//! clustered instances with wide windows) can be a deep local optimum. Removing a route outright
//! and reinserting its jobs into the *other* routes first (see [`super::recreate`]) is the route
//! elimination move of fleet-minimisation phases (e.g. Nagata & Bräysy 2009; SISR's own fleet
//! minimisation), used here as an occasional ruin inside the same annealing.

use rand::Rng;

use super::data::Data;
use super::state::State;

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
}
