//! The independent checker of a written plan.
//!
//! INTERFACE STUB — the checker engineer replaces this.

use std::path::Path;

use crate::domain::Caseload;
use crate::error::Result;

/// The outcome of a check: every violation found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Violations, one line each.
    pub violations: Vec<String>,
    /// Number of facts checked.
    pub checked: usize,
}

impl CheckReport {
    /// True if nothing is violated.
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for v in &self.violations {
            writeln!(f, "VIOLATION: {v}")?;
        }
        writeln!(
            f,
            "{} checks, {} violations",
            self.checked,
            self.violations.len()
        )
    }
}

/// Re-checks the plan written in `dir` against the inputs.
///
/// # Errors
/// If the plan's files cannot be read.
pub fn check_plan_dir(caseload: &Caseload, dir: &Path) -> Result<CheckReport> {
    let _ = (caseload, dir);
    Ok(CheckReport::default())
}
