//! Caseload allocation: which IRO holds each looked-after child.
//!
//! The model (issue 3): each sibling group is one item of its size; each filled IRO post is a
//! bin with its caseload band (`min` soft, `max` hard); the objective is the expected annual
//! travel cost of each child's statutory reviews from the IRO's base, plus a continuity cost
//! per child moved away from its current IRO, plus a penalty per child below an IRO's band
//! minimum. Locks, exclusions, vacancies and an optional change budget are hard.
//!
//! Layers, each in its own file:
//! - [`problem`]: the generic assignment problem (items, bins, candidates) and its checker —
//!   nothing about children;
//! - [`solve`]: overload, backend choice and bounds — `flow` (own successive-shortest-path
//!   min-cost flow: exact for unit items, the transportation LP otherwise), `milp` (good_lp,
//!   microlp by default: exact with sibling groups and change budgets at council scale),
//!   `repair` (rounds the flow LP's split groups);
//! - `council`: the domain adapter (costs, candidates from the k nearest bases, pruning
//!   certificate) behind [`allocate`], [`continuity_curve`] and [`AllocationResult::table`];
//! - `split`: independent councils solved as separate problems in parallel (rayon), each small
//!   enough for the exact MILP with its far areas' fixed charges.
//!
//! Why these backends (DESIGN.md §6): microlp proves a 450 × 9 council optimal in well under a
//! second but needs minutes at 5,000 × 60 and gives no answer at national scale; the unit-load
//! core is a transportation problem, whose LP optimum is integral, so a min-cost flow solves it
//! exactly in seconds and its duals price the candidate pairs left out.

mod council;
mod flow;
mod milp;
pub mod problem;
mod repair;
pub mod solve;
mod split;

use std::fmt::Write as _;

pub use council::{GeoModel, Geography, NearestBases};
pub use problem::{AssignmentProblem, Bin, BinId, Candidate, Evaluation, ItemId};
pub use solve::{Backend, Duals, Method, Solution, SolveOptions, solve};

use crate::domain::{Caseload, ChildId, IroId};
use crate::error::Result;

/// Options of [`allocate`]; the defaults read everything else from `caseload.config`.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocateOptions {
    /// Solver choice and limits.
    pub solve: SolveOptions,
    /// Overrides `config.allocation.max_changes` when set.
    pub max_changes: Option<u32>,
    /// Overrides `config.allocation.candidates` (k nearest bases) when set.
    pub candidates: Option<u32>,
    /// When a child's council has at most this many eligible IROs, all are candidates (no
    /// pruning at all). 0 means "only k".
    pub exhaustive_up_to: usize,
    /// Children of one council may be held by another council's IROs (a pooled service).
    pub pooled: bool,
    /// Per child (indexed by [`ChildId`]; empty = none), IROs who cannot hold it because they
    /// cannot reach its placement (a rule of the schedule, from [`crate::policy::Policy`]),
    /// besides the child's own `exclude_iros`.
    pub unreachable: Vec<Vec<IroId>>,
    /// Overrides `config.allocation.continuity_cost` and `under_band_penalty` when set (the
    /// weights of the continuity-first stage that finds the moves the band and reach require).
    pub weights: Option<(f64, f64)>,
}

impl Default for AllocateOptions {
    /// Every IRO a candidate up to 16 posts per council, else the k nearest; one council.
    fn default() -> Self {
        AllocateOptions {
            solve: SolveOptions::default(),
            max_changes: None,
            candidates: None,
            exhaustive_up_to: 16,
            pooled: false,
            unreachable: Vec::new(),
            weights: None,
        }
    }
}

/// Whether leaving pairs out of the candidate lists could have cut the optimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Pruning {
    /// Every eligible IRO was a candidate for every child: nothing was pruned.
    Exhaustive,
    /// LP pricing: every left-out pair is farther than the farthest kept base, so costs at
    /// least that travel plus continuity, and that lower bound has a non-negative reduced cost
    /// against the flow duals — adding the pairs could not lower the LP bound.
    ProvedSafe,
    /// For this many items some left-out pair could not be priced out: the optimum may be cut
    /// (raise `allocation.candidates`).
    MayHaveCut {
        /// Items concerned.
        items: usize,
    },
    /// Not checked: a user travel matrix can break the distance argument, or a change budget
    /// binds (the duals are of another problem).
    NotChecked,
}

/// One IRO's line of the allocation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IroRow {
    /// The post.
    #[serde(skip)]
    pub iro: IroId,
    /// Children held.
    pub children: u32,
    /// Full-time equivalent (0 for a vacancy).
    pub fte: f64,
    /// Band minimum (soft).
    pub band_min: u32,
    /// Band maximum (hard).
    pub band_max: u32,
    /// Expected statutory reviews in the year.
    pub reviews: f64,
    /// Expected annual road miles (round trips).
    pub miles: f64,
    /// Expected annual driving hours.
    pub hours: f64,
    /// Expected hotel nights.
    pub hotel_nights: f64,
    /// Expected annual travel cost, £ (mileage + staff time + hotels).
    pub travel_cost: f64,
}

impl IroRow {
    /// A row holding nobody yet: the IRO's FTE and band, no children, no travel.
    pub(crate) fn empty(iro: IroId, fte: f64, band_min: u32, band_max: u32) -> IroRow {
        IroRow {
            iro,
            children: 0,
            fte,
            band_min,
            band_max,
            reviews: 0.0,
            miles: 0.0,
            hours: 0.0,
            hotel_nights: 0.0,
            travel_cost: 0.0,
        }
    }
}

/// A child moved away from its current IRO (in a re-plan, for a child whose input names
/// none, the IRO the previous plan gave it: [`crate::domain::Child::continuity_iro`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The child.
    pub child: ChildId,
    /// Its current IRO, or the previous plan's.
    pub from: IroId,
    /// Its IRO in the allocation.
    pub to: IroId,
}

/// The allocation and how good it is.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationResult {
    /// IRO of each child, indexed by [`ChildId`]; never a vacancy.
    pub assignment: Vec<IroId>,
    /// One row per IRO post (vacancies included, empty), indexed by [`IroId`].
    pub rows: Vec<IroRow>,
    /// Children moved away from their current IRO.
    pub changes: Vec<Change>,
    /// Objective, £ a year: travel + continuity + under-band penalty.
    pub objective: f64,
    /// A proved lower bound on the objective (LP or branch-and-bound).
    pub lower_bound: f64,
    /// `(objective − lower_bound) / objective`.
    pub gap: f64,
    /// Solve time, seconds.
    pub seconds: f64,
    /// What solved it.
    pub backend: Backend,
    /// Children beyond the total band maximum (0 when capacity suffices).
    pub shortfall_children: u64,
    /// The same in FTE at `band_max_per_fte`.
    pub shortfall_fte: f64,
    /// Uniform overload above band max that was needed (the least possible worst overload).
    pub worst_overload: u32,
    /// FTE that keeps every IRO within the band maximum: children / `band_max_per_fte`.
    pub required_fte_band: f64,
    /// FTE at the target caseload: children / `target_per_fte`.
    pub required_fte_target: f64,
    /// Candidates per child (k) after adapting.
    pub candidates: usize,
    /// Whether pruning could have cut the optimum.
    pub pruning: Pruning,
}

/// Allocates every child to an IRO with the `geo` travel model and spatial index.
///
/// # Errors
/// [`crate::Error::Input`] for a lock that cannot be kept or a child no IRO may hold;
/// [`crate::Error::Solver`] if a change budget is below the changes locks force.
pub fn allocate(caseload: &Caseload, options: &AllocateOptions) -> Result<AllocationResult> {
    allocate_with(caseload, options, &GeoModel::new(caseload))
}

/// [`allocate`] with a given geography (tests, or callers with their own travel model).
///
/// # Errors
/// As [`allocate`].
pub fn allocate_with<G: Geography + Sync>(
    caseload: &Caseload,
    options: &AllocateOptions,
    geo: &G,
) -> Result<AllocationResult> {
    let pooled = options.pooled || caseload.config.allocation.pooled;
    if !pooled && options.max_changes.is_none() && caseload.config.allocation.max_changes.is_none()
    {
        let parts = split::by_council(caseload, options);
        if parts.len() > 1 {
            return split::solve(caseload, parts, geo);
        }
    }
    allocate_one(caseload, options, geo)
}

/// One allocation problem for the whole caseload.
fn allocate_one<G: Geography>(
    caseload: &Caseload,
    options: &AllocateOptions,
    geo: &G,
) -> Result<AllocationResult> {
    let (built, sol, k) = council::solve_adaptive(caseload, options, geo)?;
    let pruning = council::check_pruning(caseload, &built, &sol, geo);
    Ok(council::result(caseload, &built, &sol, k, pruning, geo))
}

/// The price of continuity: the objective with `max_changes = n` for each `n`, so a manager
/// sees what each extra move saves. Pairs `(n, objective)` in the order given.
///
/// # Errors
/// As [`allocate`].
pub fn continuity_curve(
    caseload: &Caseload,
    options: &AllocateOptions,
    budgets: &[u32],
) -> Result<Vec<(u32, f64)>> {
    continuity_curve_with(caseload, options, budgets, &GeoModel::new(caseload))
}

/// [`continuity_curve`] with a given geography.
///
/// # Errors
/// As [`allocate`].
pub fn continuity_curve_with<G: Geography>(
    caseload: &Caseload,
    options: &AllocateOptions,
    budgets: &[u32],
    geo: &G,
) -> Result<Vec<(u32, f64)>> {
    budgets
        .iter()
        .map(|&n| {
            let opts = AllocateOptions {
                max_changes: Some(n),
                ..options.clone()
            };
            let (_, sol, _) = council::solve_adaptive(caseload, &opts, geo)?;
            Ok((n, sol.objective))
        })
        .collect()
}

impl AllocationResult {
    /// A per-IRO table, totals, required FTE and solver statistics, for the terminal.
    pub fn table(&self, caseload: &Caseload) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<12} {:>5} {:>8} {:>9} {:>7} {:>9} {:>7} {:>6} {:>9}",
            "IRO", "FTE", "children", "band", "reviews", "miles", "hours", "nights", "travel £"
        );
        let mut t = IroRow::empty(IroId(0), 0.0, 0, 0);
        for r in &self.rows {
            let iro = caseload.iro(r.iro);
            let flag = if iro.vacant {
                " vacant"
            } else if r.children > r.band_max {
                " over"
            } else if r.children < r.band_min {
                " under"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{:<12} {:>5.2} {:>8} {:>9} {:>7.0} {:>9.0} {:>7.0} {:>6.0} {:>9.0}{flag}",
                iro.external_id,
                r.fte,
                r.children,
                format!("{}–{}", r.band_min, r.band_max),
                r.reviews,
                r.miles,
                r.hours,
                r.hotel_nights,
                r.travel_cost
            );
            t.children += r.children;
            t.fte += r.fte;
            t.band_min += r.band_min;
            t.band_max += r.band_max;
            t.reviews += r.reviews;
            t.miles += r.miles;
            t.hours += r.hours;
            t.hotel_nights += r.hotel_nights;
            t.travel_cost += r.travel_cost;
        }
        let _ = writeln!(
            out,
            "{:<12} {:>5.2} {:>8} {:>9} {:>7.0} {:>9.0} {:>7.0} {:>6.0} {:>9.0}",
            "total",
            t.fte,
            t.children,
            format!("{}–{}", t.band_min, t.band_max),
            t.reviews,
            t.miles,
            t.hours,
            t.hotel_nights,
            t.travel_cost
        );
        let cb = &caseload.config.caseload;
        let _ = writeln!(
            out,
            "required FTE: {:.2} to keep within {} per FTE, {:.2} at the target {} per FTE \
             (in post: {:.2}; {:+.1} hours a week at target)",
            self.required_fte_band,
            cb.band_max_per_fte,
            self.required_fte_target,
            cb.target_per_fte,
            t.fte,
            (self.required_fte_target - t.fte) * cb.fte_hours
        );
        if self.shortfall_children > 0 || self.worst_overload > 0 {
            let _ = writeln!(
                out,
                "SHORTFALL: {} children ({:.2} FTE) beyond band maximum; worst overload {} \
                 children above an IRO's maximum",
                self.shortfall_children, self.shortfall_fte, self.worst_overload
            );
        }
        let _ = writeln!(
            out,
            "changes: {} children moved from their current IRO",
            self.changes.len()
        );
        let pruning = match self.pruning {
            Pruning::Exhaustive => "none (every eligible IRO a candidate)".to_string(),
            Pruning::ProvedSafe => format!(
                "{} nearest bases; proved not to cut the optimum of the LP",
                self.candidates
            ),
            Pruning::MayHaveCut { items } => format!(
                "{} nearest bases; MAY have cut the optimum for {items} children or groups",
                self.candidates
            ),
            Pruning::NotChecked => format!("{} nearest bases; not checked", self.candidates),
        };
        let _ = writeln!(
            out,
            "objective £{:.2} a year, lower bound £{:.2}, gap {:.2e}, {:.3} s, {}; candidates: {pruning}",
            self.objective, self.lower_bound, self.gap, self.seconds, self.backend
        );
        out
    }
}
