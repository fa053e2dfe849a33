//! Caseload allocation (placeholder docs, rewritten below).

mod flow;
mod milp;
pub mod problem;
mod repair;
pub mod solve;

pub use problem::{AssignmentProblem, Bin, BinId, Candidate, Evaluation, ItemId};
pub use solve::{Backend, Duals, Method, Solution, SolveOptions, solve};
