//! Construction by regret-2 insertion (Potvin & Rousseau 1993, "A parallel route building
//! algorithm for the vehicle routing and scheduling problem with time windows", EJOR 66).
//!
//! Repeatedly inserts the job whose cheapest feasible insertion is most *regretted*: the largest
//! difference between its best and second-best route (a new route counts as one option per
//! worker class). Jobs that fit nowhere stay unassigned.

use rand::Rng;

use super::data::Data;
use super::insert::{self, Place};
use super::state::State;

/// Builds a solution from scratch.
pub(crate) fn regret<R: Rng>(data: &Data, rng: &mut R) -> State {
    let mut state = State::empty(data);
    let mut pending: Vec<usize> = state.unassigned.drain(..).collect();
    pending.retain(|&j| {
        if data.servable[j] {
            true
        } else {
            state.unassigned.push(j);
            false
        }
    });
    while !pending.is_empty() {
        let free = insert::free_workers(data, &state);
        // (regret, -best, job, place)
        let mut chosen: Option<(i64, i64, usize, Place)> = None;
        let mut dead = Vec::new();
        for (k, &j) in pending.iter().enumerate() {
            let mut best: Option<(i64, Place)> = None;
            let mut second: Option<i64> = None;
            let mut offer = |d: i64, p: Place| match best {
                Some((b, _)) if d >= b => {
                    if second.is_none_or(|s| d < s) {
                        second = Some(d);
                    }
                }
                _ => {
                    second = best.map(|(b, _)| b);
                    best = Some((d, p));
                }
            };
            for (r, route) in state.routes.iter().enumerate() {
                let room = state.room(data, r);
                if let Some((d, after)) = insert::best_in_route(data, route, room, j, 0.0, rng) {
                    offer(d, Place::Existing { route: r, after });
                }
            }
            for &w in &free {
                if let Some(d) = insert::new_route_cost(data, &state, w, j) {
                    offer(d, Place::New { worker: w });
                }
            }
            let Some((b, place)) = best else {
                dead.push(k);
                continue;
            };
            // A job with a single option is urgent: give it the largest regret.
            let reg = second.map_or(i64::MAX / 4, |s| s - b);
            let key = (reg, -b);
            if chosen.is_none_or(|(cr, cb, _, _)| key > (cr, cb)) {
                chosen = Some((key.0, key.1, j, place));
            }
        }
        if !dead.is_empty() {
            let mut k = 0;
            pending.retain(|&j| {
                let keep = !dead.contains(&k);
                k += 1;
                if !keep {
                    state.unassigned.push(j);
                }
                keep
            });
        }
        let Some((_, _, job, place)) = chosen else {
            break;
        };
        pending.retain(|&x| x != job);
        insert::apply(data, &mut state, job, place);
    }
    state
}
