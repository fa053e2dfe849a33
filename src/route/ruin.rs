//! Ruin by adjacent string removal — the "SISR" ruin of Christiaens & Vanden Berghe 2020,
//! "Slack induction by string removals for vehicle routing problems", Transportation Science
//! 54(2), Algorithm 2.
//!
//! Starting from a random seed job, walk its neighbours by increasing distance; from each route
//! met for the first time remove a string (consecutive jobs) containing that neighbour, or with
//! probability one half a "split string" that keeps a few consecutive jobs in the middle. Removing
//! nearby strings from several routes creates slack where the recreate step can repair well.

use rand::Rng;

use super::data::Data;
use super::params::SearchParams;
use super::state::{NOWHERE, State};

/// Removes strings from `state`; appends the removed jobs to `removed`. Routes that become
/// empty are dropped.
pub(crate) fn strings<R: Rng>(
    data: &Data,
    state: &mut State,
    params: &SearchParams,
    rng: &mut R,
    removed: &mut Vec<usize>,
) {
    let assigned: usize = state.routes.iter().map(|r| r.len()).sum();
    if assigned == 0 {
        return;
    }
    let pos = state.positions(data.n_jobs);
    let avg_len = assigned as f64 / state.routes.len().max(1) as f64;
    let l_max = params.max_string_len.min(avg_len);
    let k_max = (4.0 * params.mean_removed / (1.0 + l_max) - 1.0).max(1.0);
    let k = (rng.random_range(1.0..k_max + 1.0) as usize).max(1);
    // Seed: a random assigned job.
    let mut nth = rng.random_range(0..assigned);
    let mut seed = 0;
    for r in &state.routes {
        if nth < r.len() {
            seed = r.jobs[nth];
            break;
        }
        nth -= r.len();
    }
    let mut masks: Vec<(usize, Vec<bool>)> = Vec::new();
    for c in std::iter::once(seed).chain(data.neighbours[seed].iter().copied()) {
        if masks.len() >= k {
            break;
        }
        let (r, node) = pos[c];
        if (r, node) == NOWHERE || masks.iter().any(|(m, _)| *m == r) {
            continue;
        }
        let route = &state.routes[r];
        let len = route.len();
        let i = node - 1; // index of c in route.jobs
        let lt_max = (len as f64).min(l_max).max(1.0);
        let l = (rng.random_range(1.0..lt_max + 1.0) as usize).clamp(1, len);
        let mut mask = vec![false; len];
        if l == len || rng.random::<f64>() < params.split_rate {
            // Plain string of length l containing i.
            let lo = i.saturating_sub(l - 1);
            let hi = i.min(len - l);
            let from = rng.random_range(lo..=hi);
            mask[from..from + l].iter_mut().for_each(|x| *x = true);
        } else {
            // Split string: l + m jobs containing i, of which m consecutive ones are kept.
            let mut m = 1;
            while l + m < len && rng.random::<f64>() < params.split_depth {
                m += 1;
            }
            let total = (l + m).min(len);
            let lo = i.saturating_sub(total - 1);
            let hi = i.min(len - total);
            let from = rng.random_range(lo..=hi);
            mask[from..from + total].iter_mut().for_each(|x| *x = true);
            let keep_from = from + rng.random_range(0..=total - m);
            mask[keep_from..keep_from + m]
                .iter_mut()
                .for_each(|x| *x = false);
        }
        masks.push((r, mask));
    }
    for (r, mask) in masks {
        let route = &mut state.routes[r];
        let mut k = 0;
        route.jobs.retain(|&j| {
            let drop = mask[k];
            k += 1;
            if drop {
                removed.push(j);
            }
            !drop
        });
        route.update(data);
    }
    state.prune();
    state.refresh_groups(data);
}
