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
//!    ones to the flow LP rounded by [`super::repair`], with a Lagrangian bound (below).
//! 3. **Change budget on the flow path.** A Lagrangian relaxation of `Σ changes ≤ N`
//!    (Fisher 1981, *Management Science* 27(1)): every change costs `λ` more; bisection on `λ`
//!    finds the cheapest price that keeps the rounded answer within budget.
//! 4. **The flow path's bound.** Let `x̂` be the answer, `Ô` its total overload, `N` the change
//!    budget (the `λ` term is absent without one), and `D(λ, μ)` the weak-duality bound
//!    ([`FlowSolution::bound`]) of the LP at capacities `max + T` with changes priced at `λ`
//!    and overloaded units at `μ`. For every integer `x` within `max + T`, with `changes(x) ≤ N`
//!    and total overload `O(x) ≤ Ô`, and every `λ, μ ≥ 0`:
//!
//!    ```text
//!    obj(x) = c(x) + p·under(x)
//!           ≥ c(x) + λ·changes(x) + p·under(x) + μ·O(x) − λN − μÔ   (changes ≤ N, O(x) ≤ Ô)
//!           ≥ D(λ, μ) − λN − μÔ                                      (x is a flow of that LP)
//!    ```
//!
//!    so the reported bound is the best `D(λ, μ) − λN − μÔ` over the prices tried. It bounds
//!    every assignment that overloads no more in total than the answer — the solver's own
//!    order (least overload first, then `obj`), and the set the brute-force tests compare
//!    against. At `μ = w` (the overload weight) it is the classic "LP value minus the answer's
//!    overload"; when rounding sibling groups needed more overload than the LP, `w·(Ô − O_LP)`
//!    would swamp it, so a cutting-plane search over `μ ∈ [0, w]` (Kelley 1960 on the concave,
//!    piecewise-linear `μ ↦ LP(μ) − μÔ`, whose slope is `O_LP(μ) − Ô`) finds a price where
//!    it is tight. `D` comes from the potentials, not the primal cost, so an inexact LP search
//!    could only weaken the bound, never make it wrong.

use std::time::Instant;

use super::flow::{self, FlowSolution};
use super::milp::{self, MilpSolver};
use super::problem::{AssignmentProblem, BinId, Evaluation};
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
    /// Steps of each price search on the flow path: bisection on the change price when a change
    /// budget binds, and the cutting-plane search on the overload price for the bound.
    pub lagrange_steps: u32,
    /// The overload-price search stops once further steps could close no more than this
    /// fraction of the gap still open (each step is a full LP solve: 9 s at national scale).
    pub bound_tolerance: f64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            method: Method::Auto,
            // microlp proves 450 × 9 optimal in well under a second; 5,000 × 60 takes minutes.
            milp_max_options: 20_000,
            prefer_highs: false,
            lagrange_steps: 16,
            // 1 % of the gap: the reported gap is then within 1 % of what the search could
            // reach; at national scale 2–3 LP solves instead of 6–7.
            bound_tolerance: 0.01,
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
    /// A proved lower bound on `objective` over every assignment within capacity
    /// `max + overload` and the change budget whose total overload is no more than this
    /// answer's (with no overload: over every feasible assignment).
    pub lower_bound: f64,
    /// The LP relaxation's bound on the same set (equal to `lower_bound` on the flow path).
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
    // Fixed group charges are beyond a flow: the MILP unless the problem is too large.
    let charged = problem
        .groups()
        .iter()
        .any(|g| g.charges.iter().any(|(_, c)| *c > 0.0));
    let use_flow = match options.method {
        Method::Flow => true,
        Method::Milp => false,
        Method::Auto => {
            (unit && problem.max_changes().is_none() && !charged)
                || n_options > options.milp_max_options
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

/// The solution, given bounds already on the scale of the reported objective (overload
/// unpriced).
fn finish(
    problem: &AssignmentProblem,
    bin_of: Vec<BinId>,
    lower: f64,
    lp: f64,
    overload: u32,
    backend: Backend,
    duals: Option<Duals>,
) -> Solution {
    let e = problem.evaluate(&bin_of);
    let lower_bound = lower.min(e.objective);
    let gap = (e.objective - lower_bound).max(0.0) / e.objective.abs().max(1.0);
    Solution {
        bin_of,
        objective: e.objective,
        lower_bound,
        lp_bound: lp,
        gap,
        overload,
        shortfall: 0,
        changes: e.changes,
        seconds: 0.0,
        backend,
        duals,
    }
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
        .map(|b| repair::consolidate_groups(problem, b, overload))
        && within(&bin_of)
    {
        // λ = 0 drops the budget term: valid with or without a budget.
        let e = problem.evaluate(&bin_of);
        let (lower, at) = overload_priced_bound(problem, lp, 0.0, overload, &e, options);
        let duals = Some(duals_of(at.as_ref().unwrap_or(lp)));
        return Ok(Some(finish(
            problem,
            bin_of,
            lower,
            lower,
            overload,
            Backend::MinCostFlow,
            duals,
        )));
    }
    let Some(n) = budget else {
        return Ok(None);
    };
    // Lagrangian: price changes until the answer keeps within the budget.
    let n = n as f64;
    // The best `D(λ, w) − λN` (the answer's overload comes off at the end) and its LP.
    let mut best_dual: Option<(f64, f64, FlowSolution)> = None;
    let mut best: Option<(f64, Vec<BinId>)> = None;
    let mut consider = |f: FlowSolution, price: f64, best: &mut Option<(f64, Vec<BinId>)>| {
        let rounded = repair::round(problem, &f, overload);
        let value = f.bound - price * n - flow::rounding_margin(2, f.bound.abs() + price * n);
        if best_dual.as_ref().is_none_or(|(v, ..)| value > *v) {
            best_dual = Some((value, price, f));
        }
        if let Some(b) = rounded
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
    consider(lp.clone(), 0.0, &mut best);
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let mut steps = 0;
    while !consider(flow::solve(problem, hi, overload), hi, &mut best) {
        lo = hi;
        hi *= 2.0;
        steps += 1;
        if steps > 60 {
            return Ok(None);
        }
    }
    for _ in 0..options.lagrange_steps {
        let mid = 0.5 * (lo + hi);
        if consider(flow::solve(problem, mid, overload), mid, &mut best) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let Some((_, bin_of)) = best else {
        return Ok(None);
    };
    let lower = best_dual.map_or(f64::NEG_INFINITY, |(_, price, f)| {
        let e = problem.evaluate(&bin_of);
        let (d, _) = overload_priced_bound(problem, &f, price, overload, &e, options);
        d - price * n - flow::rounding_margin(2, d.abs() + price * n)
    });
    Ok(Some(finish(
        problem,
        bin_of,
        lower,
        lower,
        overload,
        Backend::MinCostFlow,
        None,
    )))
}

/// `max_μ D(λ, μ) − μÔ` over the overload prices tried (module doc, step 4), given the LP
/// `at_w` at change price `λ` and overload weight `w` and the answer's evaluation (`Ô`, and
/// its objective for the stopping rule); also the LP of a better price than `w`, if one was
/// found (its potentials then certify the bound).
///
/// The function `g(μ) = LP(μ) − μÔ` is concave and piecewise linear with slope
/// `O_LP(μ) − Ô` (the LP's overload falls as its price rises). If the slope at `w` is not
/// negative, `w` maximises it on `[0, w]`; if the slope at `0` is not positive, `0` does;
/// otherwise Kelley's cutting planes: the supporting lines at the two ends of the bracket
/// meet at the next price to try, and a price whose value reaches that meeting point is
/// optimal. Every price tried is a valid bound; the search only picks which.
fn overload_priced_bound(
    problem: &AssignmentProblem,
    at_w: &FlowSolution,
    change_price: f64,
    overload: u32,
    answer: &Evaluation,
    options: &SolveOptions,
) -> (f64, Option<FlowSolution>) {
    let o_hat = answer.total_overload;
    let w = problem.overload_weight();
    let o_hat_f = o_hat as f64;
    let priced =
        |d: f64, mu: f64| d - mu * o_hat_f - flow::rounding_margin(2, d.abs() + mu * o_hat_f);
    let mut best = priced(at_w.bound, w);
    if at_w.overload >= o_hat {
        return (best, None);
    }
    let mut best_lp = None;
    // (price, primal g, slope) of the bracket's ends.
    let point =
        |mu: f64, f: &FlowSolution| (mu, f.cost - mu * o_hat_f, f.overload as f64 - o_hat_f);
    let mut hi = point(w, at_w);
    let zero = flow::solve_priced(problem, change_price, overload, 0.0);
    let mut lo = point(0.0, &zero);
    if priced(zero.bound, 0.0) > best {
        best = priced(zero.bound, 0.0);
        best_lp = Some(zero.clone());
    }
    if zero.overload <= o_hat {
        return (best, best_lp);
    }
    for _ in 0..options.lagrange_steps {
        let (mu_lo, g_lo, s_lo) = lo;
        let (mu_hi, g_hi, s_hi) = hi;
        let mu = (g_hi - g_lo + s_lo * mu_lo - s_hi * mu_hi) / (s_lo - s_hi);
        if !(mu > mu_lo && mu < mu_hi) {
            break;
        }
        let roof = g_lo + s_lo * (mu - mu_lo);
        // No price in the bracket gives more than `roof`: stop when that would close little.
        if roof - best <= options.bound_tolerance * (answer.objective - best).max(0.0) {
            break;
        }
        let f = flow::solve_priced(problem, change_price, overload, mu);
        let d = priced(f.bound, mu);
        let here = point(mu, &f);
        let tight = here.1 >= roof - 1e-9 * roof.abs().max(1.0);
        if d > best {
            best = d;
            best_lp = Some(f);
        }
        if tight || here.2 == 0.0 {
            break;
        }
        if here.2 > 0.0 {
            lo = here;
        } else {
            hi = here;
        }
    }
    (best, best_lp)
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
    // Branch and bound with a zero gap tolerance: the integer value (overload priced at `w`)
    // is its own bound. Every assignment that overloads no more than this answer pays at most
    // `w·Ô` of it, so the bound on the unpriced objective is the value less `w·Ô`.
    let w = problem.overload_weight() * problem.evaluate(&bin_of).total_overload as f64;
    let duals = problem.max_changes().is_none().then(|| duals_of(lp));
    Ok(Some(finish(
        problem,
        bin_of,
        int.value - w,
        lp_total - w,
        overload,
        backend,
        duals,
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
