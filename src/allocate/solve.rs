//! Solving an [`AssignmentProblem`]: choose the least overload, pick a backend, report the
//! answer with a lower bound so its quality is stated, not assumed.
//!
//! 1. **Overload.** The flow LP ([`super::flow`]) is solved with capacities `max`; if some
//!    supply cannot be routed, a bisection finds the least uniform overload `T` for which the LP
//!    is feasible (the integer problem may need `T + 1`, `T + 2`, … when items are larger than
//!    one unit; the loop allows that).
//! 2. **Backend.** Unit items without a change budget form a transportation problem whose LP
//!    optimum is integral: the flow answer is optimal and its cost is its own bound. Otherwise,
//!    small problems go to the MILP ([`super::milp`], microlp by default: proved optimal), large
//!    ones to the flow LP rounded by [`super::repair`], with the LP value as the bound.
//! 3. **Change budget on the flow path.** A Lagrangian relaxation of `Σ changes ≤ N`
//!    (Fisher 1981, *Management Science* 27(1)): every change costs `λ` more; bisection on `λ`
//!    finds the cheapest price that keeps the rounded answer within budget; every `L(λ) − λN` is
//!    a valid lower bound and the best is reported.

use std::time::Instant;

use super::flow::{self, FlowSolution, solve_with_caps};
use super::milp::{self, MilpSolver};
use super::problem::{AssignmentProblem, BinId};
use super::repair;
use crate::error::{Error, Result};

/// How to solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Flow when it is exact or the problem is large; MILP otherwise.
    #[default]
    Auto,
    /// Always the MILP (exact; slow beyond a few thousand options with microlp).
    Milp,
    /// Always the flow LP (exact for unit items; rounded and bounded otherwise).
    Flow,
}

/// What solved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// good_lp with microlp (branch and bound, zero gap tolerance).
    Microlp,
    /// good_lp with HiGHS.
    Highs,
    /// Successive-shortest-path min-cost flow (own implementation).
    MinCostFlow,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Microlp => "microlp MILP",
            Backend::Highs => "HiGHS MILP",
            Backend::MinCostFlow => "min-cost flow",
        })
    }
}

/// Options of [`solve`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolveOptions {
    /// Backend choice.
    pub method: Method,
    /// Under [`Method::Auto`], the MILP is used only up to this many (item, bin) options.
    pub milp_max_options: usize,
    /// Use HiGHS instead of microlp for the MILP (needs the `highs` feature; ignored without).
    pub prefer_highs: bool,
    /// Bisection steps on the change price when a change budget binds on the flow path.
    pub lagrange_steps: u32,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            method: Method::Auto,
            // microlp proves 450 × 9 optimal in well under a second; 5,000 × 60 takes minutes.
            milp_max_options: 20_000,
            prefer_highs: false,
            lagrange_steps: 16,
        }
    }
}

/// Dual values of the flow LP (per unit of size): a pair (i, b) left out of the candidates
/// could lower the LP only if `unit_cost(i, b) + item[i] − bin[b] < 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Duals {
    /// Per item.
    pub item: Vec<f64>,
    /// Per bin.
    pub bin: Vec<f64>,
}

/// An answer with its bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Bin of each item.
    pub bin_of: Vec<BinId>,
    /// Σ costs + under-minimum penalty (overload is reported apart, never priced in).
    pub objective: f64,
    /// A proved lower bound on `objective` over every assignment with the same least uniform
    /// overload (when rounding groups needed more overload than the LP: over every assignment
    /// that loads no bin above this answer's load).
    pub lower_bound: f64,
    /// The LP relaxation's value (equal to `lower_bound` on the flow path).
    pub lp_bound: f64,
    /// `(objective − lower_bound) / max(|objective|, 1)`.
    pub gap: f64,
    /// Uniform overload allowed above every bin's max (0 unless the items cannot fit).
    pub overload: u32,
    /// Units beyond the total of bin maxima.
    pub shortfall: u64,
    /// Units changed.
    pub changes: u64,
    /// Wall time of the solve, seconds.
    pub seconds: f64,
    /// What produced the assignment.
    pub backend: Backend,
    /// Duals of the flow LP without a change budget, when they certify the reported bound.
    pub duals: Option<Duals>,
}

/// Solves an assignment problem.
///
/// # Errors
/// [`Error::Solver`] if the problem is malformed, the change budget is below the changes every
/// assignment must make, or the MILP solver fails.
pub fn solve(problem: &AssignmentProblem, options: &SolveOptions) -> Result<Solution> {
    let started = Instant::now();
    problem.validate()?;
    let forced: u64 = (0..problem.n_items())
        .map(|i| {
            problem
                .options(super::problem::ItemId(i as u32))
                .map(|c| c.changes as u64)
                .min()
                .unwrap_or(0)
        })
        .sum();
    if let Some(n) = problem.max_changes()
        && forced > n as u64
    {
        return Err(Error::Solver(format!(
            "change budget {n} is below the {forced} changes that locks and exclusions force"
        )));
    }
    let (mut overload, mut lp) = least_overload(problem)?;
    let unit = problem.sizes().iter().all(|&s| s == 1);
    let n_options: usize = (0..problem.n_items())
        .map(|i| problem.options(super::problem::ItemId(i as u32)).count())
        .sum();
    let use_flow = match options.method {
        Method::Flow => true,
        Method::Milp => false,
        Method::Auto => {
            (unit && problem.max_changes().is_none()) || n_options > options.milp_max_options
        }
    };
    let total = problem.total_size() as u32;
    let mut sol = loop {
        let attempt = if use_flow {
            flow_path(problem, &lp, overload, options)?
        } else {
            milp_path(problem, &lp, overload, options)?
        };
        match attempt {
            Some(s) => break s,
            None if overload < total => {
                overload += 1;
                lp = flow::solve(problem, 0.0, overload);
            }
            None => {
                return Err(Error::Solver(
                    "no assignment satisfies the change budget and capacities".into(),
                ));
            }
        }
    };
    sol.shortfall = problem.total_size().saturating_sub(problem.total_max());
    sol.seconds = started.elapsed().as_secs_f64();
    Ok(sol)
}

/// The least uniform overload at which the flow LP routes every unit, and that LP.
fn least_overload(problem: &AssignmentProblem) -> Result<(u32, FlowSolution)> {
    let lp = flow::solve(problem, 0.0, 0);
    if lp.routed {
        return Ok((0, lp));
    }
    let total = problem.total_size() as u32;
    // No uniform overload below `floor` can hold the shortfall.
    let open = problem.bins().iter().filter(|b| b.max > 0).count().max(1) as u64;
    let floor = problem
        .total_size()
        .saturating_sub(problem.total_max())
        .div_ceil(open)
        .max(1) as u32;
    // Gallop up from the floor, then bisect; `best` is always the LP at `hi`.
    let (mut lo, mut step) = (floor, 1u32);
    let (mut hi, mut best) = loop {
        let t = (lo + step - 1).min(total);
        let f = flow::solve(problem, 0.0, t);
        if f.routed {
            break (t, f);
        }
        if t == total {
            return Err(Error::Solver(
                "some item has no option with any capacity (only vacant bins)".into(),
            ));
        }
        lo = t + 1;
        step *= 2;
    };
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let f = flow::solve(problem, 0.0, mid);
        if f.routed {
            hi = mid;
            best = f;
        } else {
            lo = mid + 1;
        }
    }
    Ok((hi, best))
}

fn finish(
    problem: &AssignmentProblem,
    bin_of: Vec<BinId>,
    lower_total: f64,
    lp_total: f64,
    overload: u32,
    backend: Backend,
    duals: Option<Duals>,
) -> Solution {
    let e = problem.evaluate(&bin_of);
    // Bounds priced the overload at the overload weight; the answer's own overload is paid
    // exactly once by any assignment with this overload, so it comes off both.
    let w = problem.overload_weight() * e.total_overload as f64;
    let lower_bound = (lower_total - w).min(e.objective);
    let gap = (e.objective - lower_bound).max(0.0) / e.objective.abs().max(1.0);
    Solution {
        bin_of,
        objective: e.objective,
        lower_bound,
        lp_bound: lp_total - w,
        gap,
        overload,
        shortfall: 0,
        changes: e.changes,
        seconds: 0.0,
        backend,
        duals,
    }
}

/// Total load above bin maxima in an LP flow.
fn lp_overload(problem: &AssignmentProblem, lp: &FlowSolution) -> f64 {
    let mut loads = vec![0u64; problem.n_bins()];
    for fl in &lp.flows {
        for &(b, f) in fl {
            loads[b as usize] += f as u64;
        }
    }
    problem
        .bins()
        .iter()
        .zip(&loads)
        .map(|(b, &l)| l.saturating_sub(b.max as u64) as f64)
        .sum()
}

fn duals_of(lp: &FlowSolution) -> Duals {
    Duals {
        item: lp.item_potential.clone(),
        bin: lp.bin_potential.clone(),
    }
}

fn flow_path(
    problem: &AssignmentProblem,
    lp: &FlowSolution,
    overload: u32,
    options: &SolveOptions,
) -> Result<Option<Solution>> {
    let budget = problem.max_changes();
    let within = |b: &[BinId]| budget.is_none_or(|n| problem.evaluate(b).changes <= n as u64);
    if let Some(bin_of) = repair::round(problem, lp, overload)
        && within(&bin_of)
    {
        let e = problem.evaluate(&bin_of);
        let w = problem.overload_weight();
        let lower = if e.total_overload as f64 > lp_overload(problem, lp) + 1e-9 {
            // Rounding needed more overload than the LP: compare like with like — the LP
            // with each IRO's capacity raised to this answer's load, overload unpriced,
            // bounds every assignment that overloads no IRO more than this one does.
            let cap = problem
                .bins()
                .iter()
                .zip(&e.loads)
                .map(|(b, &l)| if b.max == 0 { 0 } else { b.max.max(l as u32) })
                .collect();
            solve_with_caps(problem, cap, 0.0).cost + w * e.total_overload as f64
        } else {
            lp.cost
        };
        return Ok(Some(finish(
            problem,
            bin_of,
            lower,
            lp.cost,
            overload,
            Backend::MinCostFlow,
            Some(duals_of(lp)),
        )));
    }
    let Some(n) = budget else {
        return Ok(None);
    };
    // Lagrangian: price changes until the answer keeps within the budget.
    let n = n as f64;
    let mut best_bound = f64::NEG_INFINITY;
    let mut best: Option<(f64, Vec<BinId>)> = None;
    let mut consider = |f: &FlowSolution, price: f64, best: &mut Option<(f64, Vec<BinId>)>| {
        best_bound = best_bound.max(f.cost - price * n);
        if let Some(b) = repair::round(problem, f, overload)
            && within(&b)
        {
            let v = problem.evaluate(&b).objective;
            if best.as_ref().is_none_or(|(bv, _)| v < *bv) {
                *best = Some((v, b));
            }
            true
        } else {
            false
        }
    };
    consider(lp, 0.0, &mut best);
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let mut steps = 0;
    while !consider(&flow::solve(problem, hi, overload), hi, &mut best) {
        lo = hi;
        hi *= 2.0;
        steps += 1;
        if steps > 60 {
            return Ok(None);
        }
    }
    for _ in 0..options.lagrange_steps {
        let mid = 0.5 * (lo + hi);
        if consider(&flow::solve(problem, mid, overload), mid, &mut best) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(best.map(|(_, bin_of)| {
        finish(
            problem,
            bin_of,
            best_bound,
            best_bound,
            overload,
            Backend::MinCostFlow,
            None,
        )
    }))
}

fn milp_path(
    problem: &AssignmentProblem,
    lp: &FlowSolution,
    overload: u32,
    options: &SolveOptions,
) -> Result<Option<Solution>> {
    let (solver, backend) = milp_solver(options);
    let Some(int) = milp::solve(problem, overload, true, solver)? else {
        return Ok(None);
    };
    let relax = milp::solve(problem, overload, false, solver)?;
    let lp_total = relax.map_or(f64::NEG_INFINITY, |r| r.value);
    let Some(bin_of) = int.bin_of else {
        return Ok(None);
    };
    // Branch and bound with a zero gap tolerance: the integer value is its own bound.
    let duals = problem.max_changes().is_none().then(|| duals_of(lp));
    Ok(Some(finish(
        problem, bin_of, int.value, lp_total, overload, backend, duals,
    )))
}

fn milp_solver(options: &SolveOptions) -> (MilpSolver, Backend) {
    #[cfg(feature = "highs")]
    if options.prefer_highs {
        return (MilpSolver::Highs, Backend::Highs);
    }
    let _ = options.prefer_highs;
    (MilpSolver::Microlp, Backend::Microlp)
}
