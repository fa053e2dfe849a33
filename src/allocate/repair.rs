//! Rounding the LP flow to an assignment: each split item goes whole to the bin holding most of
//! it, then every over-capacity bin sheds the items whose cheapest feasible move costs least
//! (a greedy repair in the spirit of the GAP heuristics of Martello & Toth, *Knapsack
//! Problems*, 1990, ch. 7). Moves never break a lock, an exclusion or the change budget.

use super::flow::FlowSolution;
use super::problem::{AssignmentProblem, BinId, ItemId};

/// An integer assignment from the flow, or `None` if the repair could not restore capacity
/// `max + overload` (the caller then allows one more unit of overload).
pub(crate) fn round(
    problem: &AssignmentProblem,
    flow: &FlowSolution,
    overload: u32,
) -> Option<Vec<BinId>> {
    let n = problem.n_items();
    let mut bin_of = Vec::with_capacity(n);
    for (i, fl) in flow.flows.iter().enumerate() {
        let cost = |b: u32| {
            problem
                .options(ItemId(i as u32))
                .find(|c| c.bin.0 == b)
                .map_or(f64::INFINITY, |c| c.cost)
        };
        let best = fl
            .iter()
            .max_by(|x, y| x.1.cmp(&y.1).then(cost(y.0).total_cmp(&cost(x.0))))
            .map(|&(b, _)| BinId(b))?;
        bin_of.push(best);
    }
    let cap: Vec<u64> = problem
        .bins()
        .iter()
        .map(|b| {
            if b.max == 0 {
                0
            } else {
                (b.max + overload) as u64
            }
        })
        .collect();
    let e = problem.evaluate(&bin_of);
    let mut loads = e.loads;
    let mut changes = e.changes;
    let budget = problem.max_changes().map_or(u64::MAX, |n| n as u64);
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); problem.n_bins()];
    for (i, b) in bin_of.iter().enumerate() {
        members[b.idx()].push(i as u32);
    }
    let p = problem.under_min_penalty();
    let under = |b: usize, l: u64| p * (problem.bins()[b].min as u64).saturating_sub(l) as f64;
    for b in 0..problem.n_bins() {
        while loads[b] > cap[b] {
            // The cheapest move of one item out of b into a bin with room.
            let mut best: Option<(f64, usize, usize, BinId)> = None;
            for (pos, &j) in members[b].iter().enumerate() {
                let item = ItemId(j);
                if problem.locked(item).is_some() {
                    continue;
                }
                let size = problem.size(item) as u64;
                let Some(here) = problem.options(item).find(|c| c.bin.idx() == b) else {
                    continue;
                };
                for c in problem.options(item) {
                    let t = c.bin.idx();
                    if t == b || loads[t] + size > cap[t] {
                        continue;
                    }
                    if changes - here.changes as u64 + c.changes as u64 > budget {
                        continue;
                    }
                    let delta = c.cost - here.cost + under(t, loads[t] + size) - under(t, loads[t])
                        + under(b, loads[b] - size)
                        - under(b, loads[b]);
                    if best.is_none_or(|(d, ..)| delta < d) {
                        best = Some((delta, pos, j as usize, c.bin));
                    }
                }
            }
            let (_, pos, j, to) = best?;
            let item = ItemId(j as u32);
            let size = problem.size(item) as u64;
            let old = problem.options(item).find(|c| c.bin.idx() == b)?;
            let new = problem.options(item).find(|c| c.bin == to)?;
            changes = changes - old.changes as u64 + new.changes as u64;
            members[b].swap_remove(pos);
            members[to.idx()].push(j as u32);
            loads[b] -= size;
            loads[to.idx()] += size;
            bin_of[j] = to;
        }
    }
    Some(bin_of)
}

/// Consolidates each group of items with a fixed charge into one bin where that lowers the
/// objective: all the group's movable items go to the bin where the whole objective
/// ([`AssignmentProblem::evaluate`]: costs, every group's charges — groups may overlap — and
/// the bins' under-minimum penalties) is least, within capacity `max + overload` and the
/// change budget. A local search for the flow path, which cannot see fixed charges; the MILP
/// solves groups exactly.
pub(crate) fn consolidate_groups(
    problem: &AssignmentProblem,
    mut bin_of: Vec<BinId>,
    overload: u32,
) -> Vec<BinId> {
    if problem.groups().is_empty() {
        return bin_of;
    }
    let cap = |b: usize| {
        let max = problem.bins()[b].max;
        if max == 0 { 0 } else { (max + overload) as u64 }
    };
    let budget = problem.max_changes().map_or(u64::MAX, |n| n as u64);
    let option = |i: ItemId, b: BinId| problem.options(i).find(|c| c.bin == b);
    let mut now = problem.evaluate(&bin_of).objective;
    for group in problem.groups() {
        let mut targets: Vec<BinId> = group.charges.iter().map(|(b, _)| *b).collect();
        targets.extend(group.items.iter().map(|i| bin_of[i.idx()]));
        targets.sort_unstable();
        targets.dedup();
        let mut best: Option<(f64, Vec<BinId>)> = None;
        'target: for &t in &targets {
            let mut trial = bin_of.clone();
            let mut moved = false;
            for &i in &group.items {
                let from = bin_of[i.idx()];
                if from == t {
                    continue;
                }
                if problem.locked(i).is_some() || option(i, from).is_none() {
                    continue 'target;
                }
                if option(i, t).is_none() {
                    continue 'target;
                }
                trial[i.idx()] = t;
                moved = true;
            }
            if !moved {
                continue;
            }
            let e = problem.evaluate(&trial);
            if e.changes > budget || e.loads[t.idx()] > cap(t.idx()) {
                continue;
            }
            if e.objective < now - 1e-9 && best.as_ref().is_none_or(|(o, _)| e.objective < *o) {
                best = Some((e.objective, trial));
            }
        }
        if let Some((o, trial)) = best {
            now = o;
            bin_of = trial;
        }
    }
    bin_of
}
