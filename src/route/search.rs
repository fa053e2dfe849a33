//! The metaheuristic: simulated annealing over ruin-and-recreate steps (SISR, Christiaens &
//! Vanden Berghe 2020, Algorithm 1), started from regret insertion and polished by local search.
//!
//! Each step removes adjacent strings ([`super::ruin`]) and reinserts the jobs with blinks
//! ([`super::recreate`]); the candidate replaces the current solution when its cost is below
//! `current − T·ln U`, `U ~ U(0,1)`, with `T` cooling geometrically from a start to an end
//! temperature over the run (by iterations when an iteration limit is set, else by time).
//! A new best solution is descended with the local-search operators of [`super::local`].

use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::construct;
use super::data::Data;
use super::fleet;
use super::local;
use super::model::SolveOptions;
use super::params::SearchParams;
use super::recreate;
use super::ruin;
use super::ruin_route;
use super::state::State;

/// One independent run from `seed`.
///
/// With an iteration limit (the IRO scheduler's deterministic mode) this is one annealing over
/// the whole budget. Bounded by time only, the budget is split: an annealing over the first
/// `params.reduce_at` of the time, then an attempt to serve its best with one route fewer
/// ([`fleet::reduce_one`], for at most `params.reduce_share` of the time), then a second
/// annealing from the result over what is left; the better of the two bests is returned.
/// The second leg escapes a wrong number of routes, and is a restart from a good solution if
/// the reduction fails.
pub(crate) fn run(
    data: &Data,
    options: &SolveOptions,
    params: &SearchParams,
    seed: u64,
    started: Instant,
) -> State {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut current = construct::regret(data, &mut rng);
    if params.local_search {
        local::descend(data, &mut current, params.granularity);
    }
    let limit = options.time_limit.as_secs_f64().max(1e-9);
    let split = params.reduce_at.clamp(0.0, 1.0) * limit;
    if options.max_iterations.is_some() || split <= 0.0 || split >= limit {
        return anneal(
            data, options, params, &mut rng, current, started, 0.0, limit,
        );
    }
    let first = anneal(
        data, options, params, &mut rng, current, started, 0.0, split,
    );
    let mut start = first.clone();
    let reduce_until = split + params.reduce_share.max(0.0) * limit;
    fleet::reduce_one(data, &mut start, params, &mut rng, started, reduce_until);
    let from = started.elapsed().as_secs_f64().min(limit);
    let second = anneal(data, options, params, &mut rng, start, started, from, limit);
    if second.cost() < first.cost() {
        second
    } else {
        first
    }
}

/// Simulated annealing from `current` between `from` and `to` seconds after `started` (the
/// temperature falls over that window, or over the iterations when they are limited).
#[allow(clippy::too_many_arguments)]
fn anneal(
    data: &Data,
    options: &SolveOptions,
    params: &SearchParams,
    rng: &mut Pcg64Mcg,
    mut current: State,
    started: Instant,
    from: f64,
    to: f64,
) -> State {
    let mut best = current.clone();
    let mut best_cost = best.cost();
    let mut current_cost = best_cost;
    let routed: i64 = current.routes.iter().map(|r| r.cost).sum();
    let arcs = current
        .routes
        .iter()
        .map(|r| r.len() + 1)
        .sum::<usize>()
        .max(1);
    let mean_arc = (routed as f64 / arcs as f64).max(1.0);
    let t0 = params.start_temperature * mean_arc;
    let t1 = params.end_temperature * mean_arc;
    let span = (to - from).max(1e-9);

    let mut candidate = current.clone();
    let mut removed = Vec::new();
    let mut touched = Vec::new();
    let mut iteration: u64 = 0;
    let mut since_best: u64 = 0;
    loop {
        if options.max_iterations.is_some_and(|m| iteration >= m)
            || options.no_improvement.is_some_and(|m| since_best >= m)
        {
            break;
        }
        let elapsed = started.elapsed().as_secs_f64();
        if elapsed >= to || data.n_jobs == 0 {
            break;
        }
        let progress = match options.max_iterations {
            Some(m) => iteration as f64 / m.max(1) as f64,
            None => ((elapsed - from) / span).clamp(0.0, 1.0),
        };
        let temperature = t0 * (t1 / t0).powf(progress);
        candidate.clone_from(&current);
        if candidate.routes.len() > 1 && rng.random::<f64>() < params.route_removal_rate {
            ruin_route::eliminate(
                data,
                &mut candidate,
                params,
                rng,
                &mut removed,
                &mut touched,
            );
        } else {
            ruin::strings(data, &mut candidate, params, rng, &mut removed);
            touched.clone_from(&removed);
            recreate::blinks(
                data,
                &mut candidate,
                params,
                rng,
                &mut removed,
                false,
                false,
            );
        }
        if params.local_search_each {
            local::descend_from(data, &mut candidate, &touched, params.granularity);
        }
        let cost = candidate.cost();
        let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
        if (cost as f64) < current_cost as f64 - temperature * u.ln() {
            std::mem::swap(&mut current, &mut candidate);
            current_cost = cost;
            if cost < best_cost {
                if params.local_search {
                    local::descend(data, &mut current, params.granularity);
                    current_cost = current.cost();
                }
                best.clone_from(&current);
                best_cost = current_cost;
                since_best = 0;
            }
        }
        iteration += 1;
        since_best += 1;
    }
    best
}
