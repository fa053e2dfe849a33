//! Exact LP relaxation of the assignment problem as a min-cost flow, by successive shortest
//! paths with node potentials (Edmonds & Karp 1972; Tomizawa 1971; see Ahuja, Magnanti & Orlin,
//! *Network Flows*, 1993, §9.7).
//!
//! Network: every item is a supply node of its size; arcs item → candidate bin cost
//! `cost / size` per unit; every bin drains to one sink through a convex piecewise-linear arc —
//! `−p` per unit up to `min` (the under-minimum penalty, avoided), `0` up to `max`, the overload
//! weight up to `max + T`. With unit items this *is* the problem (a transportation problem: its
//! LP optimum is integral); with larger items it is the LP relaxation, items splitting across
//! bins, and [`super::repair`] rounds it.
//!
//! Items are routed one at a time: a Dijkstra search on reduced costs from the item to the sink
//! stops as soon as the sink is settled, and only the settled nodes' potentials move (the
//! capped update `π(v) += d(v) − d(t)`), so an item whose nearest bin has room costs a handful
//! of operations. Reduced costs stay non-negative on every residual arc, so at the end the
//! potentials are an optimal dual: [`FlowSolution::item_potential`] and
//! [`FlowSolution::bin_potential`] price any pair left out of the candidate lists.
//!
//! [`FlowSolution::bound`] turns those potentials into a lower bound by weak duality (Lagrangian
//! relaxation of flow conservation; Ahuja, Magnanti & Orlin §16, Fisher 1981). It is valid for
//! *any* potentials — it does not trust the primal search to be exact — and equals
//! [`FlowSolution::cost`] when the potentials are optimal, which the tests check.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::problem::{AssignmentProblem, ItemId};

/// Below this, a reduced cost is rounding noise.
const EPS: f64 = 1e-9;

/// Optimal flow of the LP relaxation.
#[derive(Debug, Clone)]
pub(crate) struct FlowSolution {
    /// Per item: (bin, units) with units > 0.
    pub flows: Vec<Vec<(u32, u32)>>,
    /// LP objective: Σ unit costs (with the change price) + under-min penalty + overload weight.
    pub cost: f64,
    /// False if some supply could not reach the sink (capacity short at this overload).
    pub routed: bool,
    /// Dual of each item node.
    pub item_potential: Vec<f64>,
    /// Dual of each bin node.
    pub bin_potential: Vec<f64>,
    /// Units above bin maxima in this flow (the slope of the LP value in the overload weight).
    pub overload: u64,
    /// Lower bound on the LP (hence on every integer assignment's priced cost at these
    /// capacities and prices), from the potentials by weak duality; ≤ `cost`, equal at
    /// optimality up to rounding. See [`Network::dual_bound`].
    pub bound: f64,
}

#[derive(Clone, Copy, PartialEq)]
struct Entry {
    dist: f64,
    node: u32,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap.
        other
            .dist
            .total_cmp(&self.dist)
            .then(other.node.cmp(&self.node))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Solves the LP with each change priced at `change_price` per unit and capacities
/// `max + overload` on bins with `max > 0`.
pub(crate) fn solve(problem: &AssignmentProblem, change_price: f64, overload: u32) -> FlowSolution {
    let cap = problem
        .bins()
        .iter()
        .map(|b| if b.max == 0 { 0 } else { b.max + overload })
        .collect();
    Network::new(problem, change_price, cap, problem.overload_weight()).run()
}

/// [`solve`] with load above `max` priced at `weight` a unit instead of the problem's overload
/// weight (the bound's search over overload prices).
pub(crate) fn solve_priced(
    problem: &AssignmentProblem,
    change_price: f64,
    overload: u32,
    weight: f64,
) -> FlowSolution {
    let cap = problem
        .bins()
        .iter()
        .map(|b| if b.max == 0 { 0 } else { b.max + overload })
        .collect();
    Network::new(problem, change_price, cap, weight).run()
}

/// A bound on the rounding error of a floating-point sum of `terms` terms whose magnitudes
/// (each with the operands that produced it) add up to `scale`: recursive summation errs by
/// at most `(terms − 1)·u·Σ|x|` (Higham, *Accuracy and Stability of Numerical Algorithms*,
/// 2002, §4.2), each term by a few `u` more; `u = f64::EPSILON / 2`.
pub(crate) fn rounding_margin(terms: usize, scale: f64) -> f64 {
    (terms as f64 + 16.0) * f64::EPSILON * scale
}

struct Network<'a> {
    problem: &'a AssignmentProblem,
    n: usize,
    m: usize,
    order: Vec<u32>,
    start: Vec<u32>,
    cand_bin: Vec<u32>,
    unit_cost: Vec<f64>,
    cap: Vec<u32>,
    load: Vec<u32>,
    flows: Vec<Vec<(u32, u32)>>,
    /// Per bin: (item, unit cost) of every item with flow there.
    members: Vec<Vec<(u32, f64)>>,
    pi: Vec<f64>,
    penalty: f64,
    weight: f64,
}

impl<'a> Network<'a> {
    fn new(problem: &'a AssignmentProblem, change_price: f64, cap: Vec<u32>, weight: f64) -> Self {
        let n = problem.n_items();
        let m = problem.n_bins();
        let mut start = Vec::with_capacity(n + 1);
        let mut cand_bin = Vec::new();
        let mut unit_cost = Vec::new();
        start.push(0);
        // Internal numbering groups items by their cheapest bin: the members of a bin then
        // sit close together in memory, and the search (memory-bound) runs several times
        // faster. `order[internal] = original`.
        let cheapest = |i: usize| {
            problem
                .options(ItemId(i as u32))
                .min_by(|a, b| a.cost.total_cmp(&b.cost))
                .map_or(0, |c| c.bin.0)
        };
        let mut order: Vec<u32> = (0..n as u32).collect();
        let key: Vec<u32> = (0..n).map(cheapest).collect();
        order.sort_by_key(|&i| key[i as usize]);
        for &orig in &order {
            let size = problem.size(ItemId(orig)) as f64;
            for c in problem.options(ItemId(orig)) {
                cand_bin.push(c.bin.0);
                unit_cost.push((c.cost + change_price * c.changes as f64) / size);
            }
            start.push(cand_bin.len() as u32);
        }
        Network {
            problem,
            n,
            m,
            order,
            start,
            cand_bin,
            unit_cost,
            cap,
            load: vec![0; m],
            flows: vec![Vec::new(); n],
            members: vec![Vec::new(); m],
            pi: vec![0.0; n + m + 1],
            penalty: problem.under_min_penalty(),
            weight,
        }
    }

    /// Marginal cost of one more unit in bin `b`, shifted by `+p` so it is never negative
    /// (every unit crosses exactly one bin arc, so the shift is a constant), and the units
    /// left at that price. `None` when the bin is full.
    fn marginal(&self, b: usize) -> Option<(f64, u32)> {
        let bin = self.problem.bins()[b];
        let l = self.load[b];
        if l < bin.min.min(bin.max) {
            Some((0.0, bin.min.min(bin.max) - l))
        } else if l < bin.max {
            Some((self.penalty, bin.max - l))
        } else if l < self.cap[b] {
            Some((self.penalty + self.weight, self.cap[b] - l))
        } else {
            None
        }
    }

    fn unit_cost_of(&self, item: usize, bin: u32) -> f64 {
        let (s, e) = (self.start[item] as usize, self.start[item + 1] as usize);
        (s..e)
            .find(|&k| self.cand_bin[k] == bin)
            .map_or(0.0, |k| self.unit_cost[k])
    }

    fn run(mut self) -> FlowSolution {
        let total = self.n + self.m + 1;
        let sink = (self.n + self.m) as u32;
        let mut dist = vec![f64::INFINITY; total];
        let mut pred = vec![u32::MAX; total];
        let mut settled = vec![false; total];
        let mut touched: Vec<u32> = Vec::new();
        let mut settled_list: Vec<u32> = Vec::new();
        let mut heap = BinaryHeap::new();
        let mut routed = true;
        let mut position = vec![0u32; self.n];
        for (internal, &orig) in self.order.iter().enumerate() {
            position[orig as usize] = internal as u32;
        }
        // Routed in the caller's order (internal numbering is only for locality).
        'items: for &i in &position {
            let i = i as usize;
            let mut remaining = self.problem.size(ItemId(self.order[i]));
            while remaining > 0 {
                for &v in &touched {
                    dist[v as usize] = f64::INFINITY;
                    pred[v as usize] = u32::MAX;
                    settled[v as usize] = false;
                }
                touched.clear();
                settled_list.clear();
                heap.clear();
                // Items never enter the heap: a unit item has one incoming residual arc (from
                // its bin), so its label is final when that bin is settled, and its out-arcs
                // are relaxed at once; a split item is simply rescanned if its label drops.
                macro_rules! scan_item {
                    ($j:expr, $dj:expr) => {{
                        let (j, dj) = ($j, $dj);
                        let (s, e) = (self.start[j] as usize, self.start[j + 1] as usize);
                        for k in s..e {
                            let b = self.n + self.cand_bin[k] as usize;
                            if settled[b] {
                                continue;
                            }
                            let rc = self.unit_cost[k] + self.pi[j] - self.pi[b];
                            let nd = dj + rc.max(0.0);
                            // A label no shorter than the sink's cannot lead to a shorter path.
                            if nd + EPS < dist[b] && nd < dist[sink as usize] {
                                if dist[b] == f64::INFINITY {
                                    touched.push(b as u32);
                                }
                                dist[b] = nd;
                                pred[b] = j as u32;
                                heap.push(Entry {
                                    dist: nd,
                                    node: b as u32,
                                });
                            }
                        }
                    }};
                }
                dist[i] = 0.0;
                touched.push(i as u32);
                scan_item!(i, 0.0);
                let mut reached = false;
                while let Some(Entry { dist: d, node: u }) = heap.pop() {
                    let ui = u as usize;
                    if settled[ui] || d > dist[ui] {
                        continue;
                    }
                    settled[ui] = true;
                    settled_list.push(u);
                    if u == sink {
                        reached = true;
                        break;
                    }
                    let b = ui - self.n;
                    if let Some((mc, _)) = self.marginal(b) {
                        let rc = (mc + self.pi[ui] - self.pi[sink as usize]).max(0.0);
                        let si = sink as usize;
                        if d + rc + EPS < dist[si] {
                            if dist[si] == f64::INFINITY {
                                touched.push(sink);
                            }
                            dist[si] = d + rc;
                            pred[si] = u;
                            heap.push(Entry {
                                dist: d + rc,
                                node: sink,
                            });
                        }
                        if rc <= EPS {
                            // Nothing in the heap is nearer than `d`: the sink's distance is
                            // final, and the zero-cost plateau need not be explored.
                            settled[si] = true;
                            settled_list.push(sink);
                            reached = true;
                            break;
                        }
                    }
                    for m in 0..self.members[b].len() {
                        let (j, c) = self.members[b][m];
                        let j = j as usize;
                        let nd = d + (-c + self.pi[ui] - self.pi[j]).max(0.0);
                        if nd + EPS < dist[j] && nd < dist[sink as usize] {
                            if dist[j] == f64::INFINITY {
                                touched.push(j as u32);
                            }
                            dist[j] = nd;
                            pred[j] = u;
                            scan_item!(j, nd);
                        }
                    }
                }
                if !reached {
                    routed = false;
                    break 'items;
                }
                let big_d = dist[sink as usize];
                for &v in &settled_list {
                    self.pi[v as usize] += dist[v as usize] - big_d;
                }
                for &v in &touched {
                    let vi = v as usize;
                    if vi < self.n && dist[vi] < big_d {
                        self.pi[vi] += dist[vi] - big_d;
                    }
                }
                remaining -= self.augment(i, remaining, &pred, sink);
            }
        }
        self.finish(routed)
    }

    /// Pushes as much as the path from `item` to the sink allows; returns the units pushed.
    fn augment(&mut self, item: usize, remaining: u32, pred: &[u32], sink: u32) -> u32 {
        let mut path = Vec::new();
        let mut v = sink;
        while v as usize != item {
            path.push(v);
            v = pred[v as usize];
        }
        path.push(item as u32);
        path.reverse();
        // path = item, bin, item, bin, …, bin, sink
        let last_bin = path[path.len() - 2] as usize - self.n;
        let mut delta = remaining;
        if let Some((_, room)) = self.marginal(last_bin) {
            delta = delta.min(room);
        }
        for w in path[1..path.len() - 1].windows(2) {
            let (u, v) = (w[0] as usize, w[1] as usize);
            if u >= self.n && v < self.n {
                let b = (u - self.n) as u32;
                let f = self.flows[v]
                    .iter()
                    .find(|&&(bb, _)| bb == b)
                    .map_or(0, |&(_, f)| f);
                delta = delta.min(f);
            }
        }
        for w in path[..path.len() - 1].windows(2) {
            let (u, v) = (w[0] as usize, w[1] as usize);
            if u < self.n {
                self.add_flow(u, (v - self.n) as u32, delta as i64);
            } else {
                self.add_flow(v, (u - self.n) as u32, -(delta as i64));
            }
        }
        self.load[last_bin] += delta;
        delta
    }

    fn add_flow(&mut self, item: usize, bin: u32, delta: i64) {
        let flows = &mut self.flows[item];
        if let Some(p) = flows.iter().position(|&(b, _)| b == bin) {
            let nf = flows[p].1 as i64 + delta;
            if nf <= 0 {
                flows.swap_remove(p);
                let mem = &mut self.members[bin as usize];
                if let Some(q) = mem.iter().position(|&(j, _)| j as usize == item) {
                    mem.swap_remove(q);
                }
            } else {
                flows[p].1 = nf as u32;
            }
        } else if delta > 0 {
            flows.push((bin, delta as u32));
            let c = self.unit_cost_of(item, bin);
            self.members[bin as usize].push((item as u32, c));
        }
    }

    /// The real (unshifted) cost of load `l` at bin `b`: `p·(min − l)⁺ + weight·(l − max)⁺`.
    fn bin_cost(&self, b: usize, l: u32) -> f64 {
        let bin = self.problem.bins()[b];
        self.penalty * bin.min.saturating_sub(l) as f64
            + self.weight * l.saturating_sub(bin.max) as f64
    }

    /// A lower bound on this LP from the potentials, by weak duality.
    ///
    /// Relax flow conservation at item `i` (multiplier `u_i`, per unit) and at bin `b`
    /// (`y_b`): for every flow `f ≥ 0` with loads `L_b ∈ [0, cap_b]` that conserves flow,
    ///
    /// ```text
    /// Σ a_ib f_ib + Σ φ_b(L_b) = Σ_i s_i u_i + Σ_ib (a_ib − u_i + y_b) f_ib + Σ_b (φ_b(L_b) − y_b L_b)
    ///                          ≥ Σ_i s_i u_i + Σ_b min_{0≤L≤cap_b} (φ_b(L) − y_b L)
    /// ```
    ///
    /// whenever `u_i ≤ a_ib + y_b` for every candidate pair (so the middle sum is ≥ 0). `φ_b` is
    /// convex piecewise linear with kinks at `min` and `max`, so the inner minimum is attained
    /// at one of `0, min, max, cap` (clamped to `[0, cap]`). Every integer assignment within
    /// the capacities is such a flow, so the bound holds for it too. The prices come from the
    /// potentials — `y_b = π(sink) − π(b) − p` (the network shifts every bin arc by `+p`) and
    /// `u_i = min(π(sink) − π(i) − p, min_b (a_ib + y_b))` — so they are optimal when the
    /// search was exact (then the bound equals the cost), and the bound stays valid when it
    /// was not. Taking `u_i` no larger than `π(sink) − π(i) − p` keeps the pruning
    /// certificate of [`FlowSolution::item_potential`] sound for this bound too: a pair left
    /// out with a non-negative reduced cost satisfies `u_i ≤ a_ib + y_b` as well.
    ///
    /// Rounding: the sum is taken in floating point, and with a large change price the
    /// terms are huge and cancel (the old `LP(λ) − λN`, taken at `λ ≈ 3.6·10¹⁶`, came out 11
    /// above the optimum of 83 — `flow_bound_regression_change_budget_penalty` in
    /// `tests/allocate_core.rs`). So the result is lowered by
    /// [`rounding_margin`] of the terms' magnitudes: the bound stays a bound, and a price
    /// whose terms drown the answer in rounding simply gives a weak one.
    fn dual_bound(&self) -> f64 {
        let sink = self.pi[self.n + self.m];
        let y: Vec<f64> = (0..self.m)
            .map(|b| sink - self.pi[self.n + b] - self.penalty)
            .collect();
        let (mut bound, mut scale) = (0.0, 0.0);
        for i in 0..self.n {
            let (s, e) = (self.start[i] as usize, self.start[i + 1] as usize);
            let (mut u, mut mag) = (sink - self.pi[i] - self.penalty, 0.0f64);
            for k in s..e {
                let (a, yb) = (self.unit_cost[k], y[self.cand_bin[k] as usize]);
                u = u.min(a + yb);
                mag = mag.max(a.abs() + yb.abs());
            }
            let size = self.problem.size(ItemId(self.order[i])) as f64;
            bound += size * u;
            scale += size * mag.max(u.abs());
        }
        for (b, bin) in self.problem.bins().iter().enumerate() {
            let cap = self.cap[b];
            let (mut v, mut mag) = (f64::INFINITY, 0.0f64);
            for l in [0, bin.min.min(cap), bin.max.min(cap), cap] {
                let (phi, yl) = (self.bin_cost(b, l), y[b] * l as f64);
                v = v.min(phi - yl);
                mag = mag.max(phi.abs() + yl.abs());
            }
            bound += v;
            scale += mag;
        }
        bound - rounding_margin(self.n + self.m, scale)
    }

    fn finish(self, routed: bool) -> FlowSolution {
        let mut cost = 0.0;
        for (i, fl) in self.flows.iter().enumerate() {
            for &(b, f) in fl {
                cost += self.unit_cost_of(i, b) * f as f64;
            }
        }
        let mut overload = 0u64;
        for (b, bin) in self.problem.bins().iter().enumerate() {
            let l = self.load[b];
            cost += self.bin_cost(b, l);
            overload += l.saturating_sub(bin.max) as u64;
        }
        let bound = if routed {
            self.dual_bound()
        } else {
            f64::NEG_INFINITY
        };
        let mut flows = vec![Vec::new(); self.n];
        let mut item_potential = vec![0.0; self.n];
        for (internal, fl) in self.flows.into_iter().enumerate() {
            let orig = self.order[internal] as usize;
            flows[orig] = fl;
            item_potential[orig] = self.pi[internal];
        }
        FlowSolution {
            flows,
            cost,
            routed,
            item_potential,
            bin_potential: self.pi[self.n..self.n + self.m].to_vec(),
            overload,
            bound,
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_pcg::Pcg64;

    use super::*;

    /// A random problem: groups up to 3, some exclusions, soft minima, changes, locks.
    fn random(rng: &mut Pcg64) -> AssignmentProblem {
        let mut p = AssignmentProblem::new(rng.random_range(0.0..50.0));
        let bins: Vec<_> = (0..rng.random_range(1..5))
            .map(|_| {
                let max = rng.random_range(0..8);
                p.add_bin(rng.random_range(0..=max), max)
            })
            .collect();
        for _ in 0..rng.random_range(1..10) {
            let item = p.add_item(rng.random_range(1..=3));
            for &b in &bins {
                if rng.random_bool(0.8) {
                    p.allow(item, b, rng.random_range(0.0..100.0));
                }
            }
            if p.candidates(item).is_empty() {
                p.allow(item, bins[0], 50.0);
            }
            let cur = p.candidates(item)[0].bin;
            p.set_current(item, cur, rng.random_range(0.0..30.0));
            if rng.random_bool(0.1) {
                p.lock(item, cur);
            }
        }
        p
    }

    #[test]
    fn dual_bound_certifies_the_flow_optimal() {
        // Weak duality makes `bound` valid whatever the potentials; equality with the primal
        // cost proves both optimal, i.e. the successive-shortest-path search is exact.
        let mut rng = Pcg64::seed_from_u64(7);
        let mut checked = 0;
        for _ in 0..3000 {
            let p = random(&mut rng);
            let price = if rng.random_bool(0.5) {
                rng.random_range(0.0..20.0)
            } else {
                0.0
            };
            let overload = rng.random_range(0..4);
            let weight = rng.random_range(0.0..200.0);
            let f = solve_priced(&p, price, overload, weight);
            if !f.routed {
                continue;
            }
            checked += 1;
            let tol = 1e-7 * f.cost.abs().max(1.0);
            assert!(f.bound <= f.cost + tol, "bound {} cost {}", f.bound, f.cost);
            assert!(f.bound >= f.cost - tol, "bound {} cost {}", f.bound, f.cost);
        }
        assert!(checked > 1000, "only {checked} routed");
    }

    #[test]
    fn overload_counts_units_above_max() {
        let mut p = AssignmentProblem::new(0.0);
        let a = p.add_bin(0, 1);
        for _ in 0..3 {
            let it = p.add_item(1);
            p.allow(it, a, 1.0);
        }
        let f = solve_priced(&p, 0.0, 2, 10.0);
        assert!(f.routed);
        assert_eq!(f.overload, 2);
        assert!((f.cost - 23.0).abs() < 1e-9);
        assert!((f.bound - 23.0).abs() < 1e-9);
    }
}
