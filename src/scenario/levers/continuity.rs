//! `continuity`: the continuity budget for reallocation.
//!
//! ```toml
//! [[lever]]
//! kind = "continuity"
//! max_changes = 40   # most children that may change IRO
//! cost = 150.0       # £ a year per child moved
//! rebalance = "all"  # optimised moves beyond the required ones: a number or "all"
//! ```

use serde::Deserialize;

use super::{Apply, Effect, Outcome, Problem};
use crate::config::{Allocation, Rebalance};
use crate::domain::Caseload;

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    max_changes: Option<u32>,
    cost: Option<f64>,
    rebalance: Option<Rebalance>,
}

/// A continuity budget.
#[derive(Debug, Clone, PartialEq)]
pub struct Continuity {
    /// Most children that may change IRO.
    pub max_changes: Option<u32>,
    /// £ a year per child moved.
    pub cost: Option<f64>,
    /// Optimised moves beyond the required ones.
    pub rebalance: Option<Rebalance>,
}

impl Continuity {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// A cost or a number of changes outside the bounds of `allocation`'s values.
    pub fn validate(t: Toml) -> Outcome<Continuity> {
        let problems: Vec<Problem> = [
            t.cost
                .and_then(|c| super::bounded::<Allocation>("cost", "continuity_cost", c).err()),
            t.max_changes.and_then(|m| {
                super::bounded::<Allocation>("max_changes", "max_changes", f64::from(m)).err()
            }),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Continuity {
            max_changes: t.max_changes,
            cost: t.cost,
            rebalance: t.rebalance,
        })
    }
}

impl Apply for Continuity {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let a = &mut cl.config.allocation;
        if let Some(r) = self.rebalance {
            a.rebalance = r;
        }
        if let Some(c) = self.cost {
            a.continuity_cost = c;
        }
        if self.max_changes.is_some() {
            a.max_changes = self.max_changes;
        }
        Ok(Effect::note("continuity budget changed"))
    }
}
