//! The generic assignment problem: items of integer size into bins with a soft minimum and a
//! hard maximum, each item restricted to a candidate list. It knows nothing about children or
//! IROs.
//!
//! ```text
//! minimise   Σ_i Σ_{b∈C(i)} c_ib x_ib  +  Σ_g Σ_b F_gb y_gb  +  p Σ_b max(0, min_b − load_b)
//! subject to Σ_{b∈C(i)} x_ib = 1                 (one bin per item)
//!            x_ib ≤ y_gb  for i in group g       (a group pays F_gb once in each bin it uses)
//!            load_b = Σ_i size_i x_ib ≤ max_b     (capacity; + overload T when short)
//!            x_ib = 1 for a locked pair
//!            Σ_i Σ_b changes_ib x_ib ≤ N          (optional change budget)
//!            x_ib ∈ {0, 1}
//! ```
//! Groups (sets of items with a fixed charge per bin: the trips an IRO makes to a far area,
//! shared by the children placed there) make the problem a capacitated facility-location
//! problem; the MILP solves it exactly. Groups may overlap: two areas' groups, each charged a
//! little less, and their union charged the difference, price the rounds one IRO holding both
//! areas makes to both on one trip (a bin using either pays the union's charge once).
//! Exclusions are simply absent candidates. When the items do not fit (Σ size > Σ max, or the
//! candidate lists make it so), the solver first finds the smallest uniform overload `T` that
//! makes the problem feasible, then solves with capacities `max_b + T` on bins with `max_b > 0`
//! (a bin of capacity 0 — a vacancy — never takes an item), each overloaded unit weighted by
//! [`AssignmentProblem::overload_weight`] so the total overload is minimised too.

use crate::error::{Error, Result};

/// Index of an item in an [`AssignmentProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId(pub u32);

/// Index of a bin in an [`AssignmentProblem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BinId(pub u32);

impl ItemId {
    /// The index as `usize`.
    pub fn idx(self) -> usize {
        self.0 as usize
    }
}

impl BinId {
    /// The index as `usize`.
    pub fn idx(self) -> usize {
        self.0 as usize
    }
}

/// A bin: soft minimum load, hard maximum load (units of item size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bin {
    /// Soft: each unit below costs the under-minimum penalty.
    pub min: u32,
    /// Hard: never exceeded unless the items cannot fit at all (then by the least worst overload).
    pub max: u32,
}

/// One permitted (item, bin) pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The bin.
    pub bin: BinId,
    /// Cost of putting the item there (≥ 0, finite).
    pub cost: f64,
    /// Units counted against the change budget if the item goes there.
    pub changes: u32,
}

/// A group of items that pays a fixed charge once for each bin any of its items uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Its items (an item may be in several groups: see the module notes).
    pub items: Vec<ItemId>,
    /// The charge per bin (bins not listed charge nothing).
    pub charges: Vec<(BinId, f64)>,
}

impl Group {
    /// The charge for using `bin`.
    pub fn charge(&self, bin: BinId) -> f64 {
        self.charges
            .iter()
            .find(|(b, _)| *b == bin)
            .map_or(0.0, |(_, c)| *c)
    }
}

/// An assignment problem; build it with [`AssignmentProblem::add_bin`],
/// [`AssignmentProblem::add_item`], [`AssignmentProblem::allow`] and friends.
#[derive(Debug, Clone, Default)]
pub struct AssignmentProblem {
    sizes: Vec<u32>,
    bins: Vec<Bin>,
    candidates: Vec<Vec<Candidate>>,
    locks: Vec<Option<BinId>>,
    under_min_penalty: f64,
    max_changes: Option<u32>,
    groups: Vec<Group>,
}

impl AssignmentProblem {
    /// An empty problem; `under_min_penalty` is the cost of each unit a bin falls below its min.
    pub fn new(under_min_penalty: f64) -> Self {
        AssignmentProblem {
            under_min_penalty,
            ..Default::default()
        }
    }

    /// Adds a bin with a soft minimum and hard maximum load.
    pub fn add_bin(&mut self, min: u32, max: u32) -> BinId {
        self.bins.push(Bin { min, max });
        BinId(self.bins.len() as u32 - 1)
    }

    /// Adds an item of `size` units (a sibling group of `size` children).
    pub fn add_item(&mut self, size: u32) -> ItemId {
        self.sizes.push(size);
        self.candidates.push(Vec::new());
        self.locks.push(None);
        ItemId(self.sizes.len() as u32 - 1)
    }

    /// Permits `item` in `bin` at `cost`, without counting a change.
    pub fn allow(&mut self, item: ItemId, bin: BinId, cost: f64) {
        self.allow_move(item, bin, cost, 0);
    }

    /// Permits `item` in `bin` at `cost`, counting `changes` units against the change budget.
    pub fn allow_move(&mut self, item: ItemId, bin: BinId, cost: f64, changes: u32) {
        self.candidates[item.idx()].push(Candidate { bin, cost, changes });
    }

    /// Marks `bin` as the item's current bin: every other candidate (already added) costs
    /// `change_cost` more and counts `size` changes.
    pub fn set_current(&mut self, item: ItemId, bin: BinId, change_cost: f64) {
        let size = self.sizes[item.idx()];
        for c in &mut self.candidates[item.idx()] {
            if c.bin != bin {
                c.cost += change_cost;
                c.changes = size;
            }
        }
    }

    /// Fixes `item` to `bin` (which must be one of its candidates).
    pub fn lock(&mut self, item: ItemId, bin: BinId) {
        self.locks[item.idx()] = Some(bin);
    }

    /// Adds a group: `items` pay `charges` (bin, £) once for each bin any of them uses.
    pub fn add_group(&mut self, items: Vec<ItemId>, charges: Vec<(BinId, f64)>) {
        self.groups.push(Group { items, charges });
    }

    /// Every group.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// A lower bound on the fixed charges of any assignment: every group uses at least one bin
    /// its items may take, so pays at least the cheapest charge among them.
    pub fn charge_floor(&self) -> f64 {
        self.groups
            .iter()
            .map(|g| {
                g.items
                    .iter()
                    .flat_map(|&i| self.options(i))
                    .map(|c| g.charge(c.bin))
                    .fold(f64::INFINITY, f64::min)
            })
            .filter(|c| c.is_finite())
            .sum()
    }

    /// At most `n` units may change (`None`: no limit).
    pub fn limit_changes(&mut self, n: Option<u32>) {
        self.max_changes = n;
    }

    /// Number of items.
    pub fn n_items(&self) -> usize {
        self.sizes.len()
    }

    /// Number of bins.
    pub fn n_bins(&self) -> usize {
        self.bins.len()
    }

    /// Size of an item, in units.
    pub fn size(&self, item: ItemId) -> u32 {
        self.sizes[item.idx()]
    }

    /// Every item's size.
    pub fn sizes(&self) -> &[u32] {
        &self.sizes
    }

    /// A bin.
    pub fn bin(&self, bin: BinId) -> Bin {
        self.bins[bin.idx()]
    }

    /// Every bin.
    pub fn bins(&self) -> &[Bin] {
        &self.bins
    }

    /// The lock of an item, if any.
    pub fn locked(&self, item: ItemId) -> Option<BinId> {
        self.locks[item.idx()]
    }

    /// The change budget.
    pub fn max_changes(&self) -> Option<u32> {
        self.max_changes
    }

    /// Cost per unit below a bin's minimum.
    pub fn under_min_penalty(&self) -> f64 {
        self.under_min_penalty
    }

    /// The pairs an item may take: its candidates, or only the locked one.
    pub fn options(&self, item: ItemId) -> impl Iterator<Item = Candidate> + '_ {
        let lock = self.locks[item.idx()];
        self.candidates[item.idx()]
            .iter()
            .copied()
            .filter(move |c| lock.is_none_or(|b| b == c.bin))
    }

    /// Every candidate listed for an item, ignoring its lock.
    pub fn candidates(&self, item: ItemId) -> &[Candidate] {
        &self.candidates[item.idx()]
    }

    /// Total size of all items.
    pub fn total_size(&self) -> u64 {
        self.sizes.iter().map(|&s| s as u64).sum()
    }

    /// Total of bin maxima.
    pub fn total_max(&self) -> u64 {
        self.bins.iter().map(|b| b.max as u64).sum()
    }

    /// Weight of one overloaded unit: more than any assignment's whole cost, so overload is
    /// minimised first (lexicographically) whenever it is needed at all.
    pub fn overload_weight(&self) -> f64 {
        let worst: f64 = (0..self.n_items())
            .map(|i| {
                self.candidates[i]
                    .iter()
                    .map(|c| c.cost)
                    .fold(0.0, f64::max)
            })
            .sum();
        let charges: f64 = self
            .groups
            .iter()
            .flat_map(|g| g.charges.iter().map(|(_, c)| c))
            .sum();
        1.0 + worst + charges + self.under_min_penalty * self.total_max() as f64
    }

    /// Checks the problem is well formed: sizes ≥ 1, finite non-negative costs, candidate bins
    /// in range and distinct, every item has an option, locks name a candidate.
    ///
    /// # Errors
    /// [`Error::Solver`] listing every malformed item (the domain adapter checks user input
    /// before building, so this is a programming error there).
    pub fn validate(&self) -> Result<()> {
        let mut problems = Vec::new();
        if !(self.under_min_penalty.is_finite() && self.under_min_penalty >= 0.0) {
            problems.push(format!(
                "under-minimum penalty {} is not a non-negative number",
                self.under_min_penalty
            ));
        }
        for i in 0..self.n_items() {
            if self.sizes[i] == 0 {
                problems.push(format!("item {i} has size 0"));
            }
            let mut seen = std::collections::HashSet::new();
            for c in &self.candidates[i] {
                if c.bin.idx() >= self.bins.len() {
                    problems.push(format!("item {i}: bin {} does not exist", c.bin.0));
                }
                if !(c.cost.is_finite() && c.cost >= 0.0) {
                    problems.push(format!("item {i}: cost {} in bin {}", c.cost, c.bin.0));
                }
                if !seen.insert(c.bin) {
                    problems.push(format!("item {i}: bin {} listed twice", c.bin.0));
                }
            }
            if self.options(ItemId(i as u32)).next().is_none() {
                problems.push(match self.locks[i] {
                    Some(b) => format!("item {i} is locked to bin {}, not a candidate", b.0),
                    None => format!("item {i} has no candidate bin"),
                });
            }
        }
        for (g, group) in self.groups.iter().enumerate() {
            let mut seen = std::collections::HashSet::new();
            for &i in &group.items {
                if i.idx() >= self.n_items() {
                    problems.push(format!("group {g}: item {} does not exist", i.0));
                } else if !seen.insert(i) {
                    problems.push(format!("group {g}: item {} listed twice", i.0));
                }
            }
            for &(b, c) in &group.charges {
                if b.idx() >= self.bins.len() || !(c.is_finite() && c >= 0.0) {
                    problems.push(format!("group {g}: charge {c} in bin {}", b.0));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Solver(format!(
                "malformed assignment problem: {}",
                problems.join("; ")
            )))
        }
    }

    /// Figures of an assignment, recomputed from the problem alone (the checker's view).
    pub fn evaluate(&self, bin_of: &[BinId]) -> Evaluation {
        let mut loads = vec![0u64; self.bins.len()];
        let mut cost = 0.0;
        let mut changes = 0u64;
        for (i, &b) in bin_of.iter().enumerate() {
            loads[b.idx()] += self.sizes[i] as u64;
            if let Some(c) = self.candidates[i].iter().find(|c| c.bin == b) {
                cost += c.cost;
                changes += c.changes as u64;
            }
        }
        let mut fixed = 0.0;
        for g in &self.groups {
            let mut used: Vec<BinId> = g
                .items
                .iter()
                .filter_map(|i| bin_of.get(i.idx()).copied())
                .collect();
            used.sort_unstable();
            used.dedup();
            fixed += used.iter().map(|&b| g.charge(b)).sum::<f64>();
        }
        let cost = cost + fixed;
        let under: u64 = self
            .bins
            .iter()
            .zip(&loads)
            .map(|(b, &l)| (b.min as u64).saturating_sub(l))
            .sum();
        let overloads: Vec<u64> = self
            .bins
            .iter()
            .zip(&loads)
            .map(|(b, &l)| l.saturating_sub(b.max as u64))
            .collect();
        Evaluation {
            cost,
            fixed_charges: fixed,
            under_min_units: under,
            under_min_cost: under as f64 * self.under_min_penalty,
            objective: cost + under as f64 * self.under_min_penalty,
            worst_overload: overloads.iter().copied().max().unwrap_or(0),
            total_overload: overloads.iter().sum(),
            changes,
            loads,
        }
    }

    /// Every hard rule an assignment breaks, given the overload `allowed` per bin (0 unless
    /// the items cannot fit). Empty when the assignment is feasible.
    pub fn violations(&self, bin_of: &[BinId], allowed: u32) -> Vec<String> {
        let mut out = Vec::new();
        if bin_of.len() != self.n_items() {
            out.push(format!(
                "{} items assigned, expected {}",
                bin_of.len(),
                self.n_items()
            ));
            return out;
        }
        for (i, &b) in bin_of.iter().enumerate() {
            if !self.options(ItemId(i as u32)).any(|c| c.bin == b) {
                out.push(format!("item {i} in bin {} which is not an option", b.0));
            }
        }
        let e = self.evaluate(bin_of);
        for (b, (bin, &l)) in self.bins.iter().zip(&e.loads).enumerate() {
            let cap = if bin.max == 0 { 0 } else { bin.max + allowed };
            if l > cap as u64 {
                out.push(format!("bin {b} holds {l}, capacity {cap}"));
            }
        }
        if let Some(n) = self.max_changes
            && e.changes > n as u64
        {
            out.push(format!("{} changes, budget {n}", e.changes));
        }
        out
    }
}

/// Figures of one assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Σ candidate costs and the groups' fixed charges.
    pub cost: f64,
    /// The groups' fixed charges (included in `cost`).
    pub fixed_charges: f64,
    /// Units below bin minima, summed.
    pub under_min_units: u64,
    /// Their penalty.
    pub under_min_cost: f64,
    /// `cost + under_min_cost`: the objective (overload is reported apart).
    pub objective: f64,
    /// Largest load above a bin's max.
    pub worst_overload: u64,
    /// Total load above bin maxima.
    pub total_overload: u64,
    /// Units counted as changes.
    pub changes: u64,
    /// Load of every bin.
    pub loads: Vec<u64>,
}
