//! The assignment problem as a mixed-integer programme through `good_lp`, one method per
//! constraint family. The default build solves it with `microlp` (pure Rust, branch and bound
//! with a zero gap tolerance, so a returned solution is proved optimal); the optional `highs`
//! feature uses HiGHS. The same model with continuous `x` gives the LP relaxation bound.

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution as _, SolverModel, Variable, variable,
};

use super::problem::{AssignmentProblem, BinId, ItemId};
use crate::error::{Error, Result};

/// Which MILP solver to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MilpSolver {
    /// `good_lp::microlp`, always available.
    Microlp,
    /// `good_lp::highs`, with the `highs` feature.
    #[cfg(feature = "highs")]
    Highs,
}

/// The model: variables and objective, built once per solve.
struct Model<'a> {
    problem: &'a AssignmentProblem,
    vars: ProblemVariables,
    /// Per item: (variable, bin, cost, changes) of each option.
    x: Vec<Vec<(Variable, BinId, f64, u32)>>,
    /// Per group: (variable, bin, charge) of each charged bin.
    y: Vec<Vec<(Variable, BinId, f64)>>,
    under: Vec<Option<Variable>>,
    over: Vec<Option<Variable>>,
}

impl<'a> Model<'a> {
    fn new(problem: &'a AssignmentProblem, overload: u32, integer: bool) -> Self {
        let mut vars = ProblemVariables::new();
        let x = (0..problem.n_items())
            .map(|i| {
                problem
                    .options(ItemId(i as u32))
                    .map(|c| {
                        let def = if integer {
                            variable().binary()
                        } else {
                            variable().min(0.0).max(1.0)
                        };
                        (vars.add(def), c.bin, c.cost, c.changes)
                    })
                    .collect()
            })
            .collect();
        let y = problem
            .groups()
            .iter()
            .map(|g| {
                g.charges
                    .iter()
                    .filter(|(_, c)| *c > 0.0)
                    .map(|&(b, c)| {
                        let def = if integer {
                            variable().binary()
                        } else {
                            variable().min(0.0).max(1.0)
                        };
                        (vars.add(def), b, c)
                    })
                    .collect()
            })
            .collect();
        let under = problem
            .bins()
            .iter()
            .map(|b| (b.min > 0).then(|| vars.add(variable().min(0.0).max(b.min as f64))))
            .collect();
        let over = problem
            .bins()
            .iter()
            .map(|b| {
                (overload > 0 && b.max > 0).then(|| vars.add(variable().min(0.0).max(overload)))
            })
            .collect();
        Model {
            problem,
            vars,
            x,
            y,
            under,
            over,
        }
    }

    fn objective(&self) -> Expression {
        let mut obj = Expression::default();
        for opts in &self.x {
            for &(v, _, c, _) in opts {
                obj.add_mul(c, v);
            }
        }
        for group in &self.y {
            for &(v, _, c) in group {
                obj.add_mul(c, v);
            }
        }
        let p = self.problem.under_min_penalty();
        for u in self.under.iter().flatten() {
            obj.add_mul(p, *u);
        }
        let w = self.problem.overload_weight();
        for o in self.over.iter().flatten() {
            obj.add_mul(w, *o);
        }
        obj
    }

    /// Load of every bin, `Σ size_i x_ib`.
    fn loads(&self) -> Vec<Expression> {
        let mut loads = vec![Expression::default(); self.problem.n_bins()];
        for (i, opts) in self.x.iter().enumerate() {
            let size = self.problem.size(ItemId(i as u32)) as f64;
            for &(v, b, _, _) in opts {
                loads[b.idx()].add_mul(size, v);
            }
        }
        loads
    }

    fn one_bin_per_item<M: SolverModel>(&self, model: &mut M) {
        for opts in &self.x {
            let sum: Expression = opts.iter().map(|&(v, ..)| v).sum();
            model.add_constraint(sum.eq(1.0));
        }
    }

    fn capacity<M: SolverModel>(&self, model: &mut M, loads: &[Expression]) {
        for (b, bin) in self.problem.bins().iter().enumerate() {
            let mut rhs = Expression::from(bin.max as f64);
            if let Some(o) = self.over[b] {
                rhs += o;
            }
            model.add_constraint(loads[b].clone().leq(rhs));
        }
    }

    fn soft_minimum<M: SolverModel>(&self, model: &mut M, loads: &[Expression]) {
        for (b, bin) in self.problem.bins().iter().enumerate() {
            if let Some(u) = self.under[b] {
                model.add_constraint((loads[b].clone() + u).geq(bin.min as f64));
            }
        }
    }

    /// An item in a charged bin opens its group's charge there: `x_ib ≤ y_gb`.
    fn group_charges<M: SolverModel>(&self, model: &mut M) {
        for (g, group) in self.problem.groups().iter().enumerate() {
            for &(yv, b, _) in &self.y[g] {
                for item in &group.items {
                    for &(xv, xb, _, _) in &self.x[item.idx()] {
                        if xb == b {
                            model.add_constraint(Expression::from(xv).leq(yv));
                        }
                    }
                }
            }
        }
    }

    fn change_budget<M: SolverModel>(&self, model: &mut M) {
        if let Some(n) = self.problem.max_changes() {
            let mut e = Expression::default();
            for opts in &self.x {
                for &(v, _, _, ch) in opts {
                    if ch > 0 {
                        e.add_mul(ch as f64, v);
                    }
                }
            }
            model.add_constraint(e.leq(n as f64));
        }
    }
}

/// Result of one good_lp solve.
pub(crate) struct MilpResult {
    /// Assignment (integer solve) — `None` for the relaxation.
    pub bin_of: Option<Vec<BinId>>,
    /// Objective value including the overload weight.
    pub value: f64,
}

/// Solves the MILP (`integer`) or its LP relaxation with capacities `max + overload`.
/// `Ok(None)` when infeasible.
pub(crate) fn solve(
    problem: &AssignmentProblem,
    overload: u32,
    integer: bool,
    solver: MilpSolver,
) -> Result<Option<MilpResult>> {
    let mut model = Model::new(problem, overload, integer);
    let loads = model.loads();
    let objective = model.objective();
    let vars = std::mem::replace(&mut model.vars, ProblemVariables::new());
    let unsolved = vars.minimise(objective);
    macro_rules! run {
        ($backend:expr) => {{
            let mut m = unsolved.using($backend);
            model.one_bin_per_item(&mut m);
            model.capacity(&mut m, &loads);
            model.soft_minimum(&mut m, &loads);
            model.group_charges(&mut m);
            model.change_budget(&mut m);
            match m.solve() {
                Ok(sol) => {
                    let value = sol.eval(model.objective());
                    let bin_of = integer.then(|| {
                        model
                            .x
                            .iter()
                            .map(|opts| {
                                opts.iter()
                                    .max_by(|a, b| sol.value(a.0).total_cmp(&sol.value(b.0)))
                                    .map_or(BinId(0), |o| o.1)
                            })
                            .collect()
                    });
                    Ok(Some(MilpResult { bin_of, value }))
                }
                Err(ResolutionError::Infeasible) => Ok(None),
                Err(e) => Err(Error::Solver(e.to_string())),
            }
        }};
    }
    match solver {
        MilpSolver::Microlp => run!(good_lp::microlp),
        #[cfg(feature = "highs")]
        MilpSolver::Highs => run!(good_lp::highs),
    }
}
