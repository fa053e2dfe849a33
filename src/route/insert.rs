//! Cheapest feasible insertion of one job, evaluated in O(1) per position with the route's
//! prefix/suffix segments; shared by construction and recreate.

use rand::Rng;

use super::data::Data;
use super::state::{RouteState, State};

/// Where to insert a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// Into `routes[route]` after node `after` (0 = right after the start depot).
    Existing { route: usize, after: usize },
    /// Open a new route for `worker`.
    New { worker: usize },
}

/// Best insertion of `job` into `route`, whose work may grow to `room` (its group's limit
/// less the other routes' work): `(delta, after)`. Each position is skipped with probability
/// `blink` (SISR's "blinks").
pub(crate) fn best_in_route<R: Rng>(
    data: &Data,
    route: &RouteState,
    room: i64,
    job: usize,
    blink: f64,
    rng: &mut R,
) -> Option<(i64, usize)> {
    let v = data.visit(route.worker, job)?;
    let wk = &data.problem.workers[route.worker];
    if route.total().load + v.load > wk.capacity || route.total().work + v.work > room {
        return None;
    }
    let mut best: Option<(i64, usize)> = None;
    for after in 0..=route.len() {
        if blink > 0.0 && rng.random::<f64>() < blink {
            continue;
        }
        // Cheap bound: the prefix alone already reaches the visit too late, and so will every
        // longer prefix when travel times obey the triangle inequality (if they do not, only
        // some positions go unexamined; feasibility is never assumed).
        let pre = &route.fwd[after];
        if pre.earliest + pre.duration + data.time(pre.last, v.first) > v.latest + pre.time_warp {
            break;
        }
        let s = data.join(&data.join(pre, v), &route.bwd[after + 1]);
        if !data.feasible(route.worker, &s) || s.work > room {
            continue;
        }
        let d = data.route_cost(route.worker, &s, false) - route.cost;
        if best.is_none_or(|(b, _)| d < b) {
            best = Some((d, after));
        }
    }
    best
}

/// Cost of opening a new route of `worker` for `job` alone, if feasible with the work left to
/// its group in `state`.
pub(crate) fn new_route_cost(data: &Data, state: &State, worker: usize, job: usize) -> Option<i64> {
    let v = data.visit(worker, job)?;
    let s = data.join(
        &data.join(&data.start_seg[worker], v),
        &data.end_seg[worker],
    );
    (data.feasible(worker, &s) && s.work <= state.room_for(data, worker, 0))
        .then(|| data.route_cost(worker, &s, false))
}

/// A free worker of each class (the lowest index), for opening new routes.
pub(crate) fn free_workers(data: &Data, state: &State) -> Vec<usize> {
    data.class_workers
        .iter()
        .filter_map(|ws| ws.iter().copied().find(|&w| !state.used[w]))
        .collect()
}

/// Best place for `job` over every route and every free class: `(delta, place)`.
pub(crate) fn best_place<R: Rng>(
    data: &Data,
    state: &State,
    free: &[usize],
    job: usize,
    blink: f64,
    rng: &mut R,
) -> Option<(i64, Place)> {
    let mut best: Option<(i64, Place)> = None;
    for (r, route) in state.routes.iter().enumerate() {
        if let Some((d, after)) = best_in_route(data, route, state.room(data, r), job, blink, rng)
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, Place::Existing { route: r, after }));
        }
    }
    for &w in free {
        if let Some(d) = new_route_cost(data, state, w, job)
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, Place::New { worker: w }));
        }
    }
    best
}

/// Applies an insertion. Returns whether a new route was opened.
pub(crate) fn apply(data: &Data, state: &mut State, job: usize, place: Place) -> bool {
    let opened = match place {
        Place::Existing { route, after } => {
            let r = &mut state.routes[route];
            r.jobs.insert(after, job);
            r.update(data);
            false
        }
        Place::New { worker } => {
            state.used[worker] = true;
            state.routes.push(RouteState::new(data, worker, vec![job]));
            true
        }
    };
    state.refresh_groups(data);
    opened
}
