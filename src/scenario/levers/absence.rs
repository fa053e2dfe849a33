//! `absence`: IROs away for a period (inclusive of both days).
//!
//! ```toml
//! [[lever]]
//! kind = "absence"
//! iros = ["IRO01", "IRO03"]
//! from = 2027-01-04
//! to = 2027-03-31
//! ```

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Apply, DateText, Effect, Named, Outcome, Problem};
use crate::domain::Caseload;

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    iros: Vec<String>,
    from: DateText,
    to: DateText,
}

impl Toml {
    /// What the lever names in the caseload, checked even when its values are bad.
    pub(super) fn names(&self) -> Vec<Named> {
        self.iros.iter().cloned().map(Named::Iro).collect()
    }
}

/// IROs away.
#[derive(Debug, Clone, PartialEq)]
pub struct Absence {
    /// IRO ids.
    pub iros: Vec<String>,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
}

impl Absence {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// Bad dates, or `from` after `to`.
    pub fn validate(t: Toml) -> Outcome<Absence> {
        match (t.from.date(), t.to.date()) {
            (Ok(from), Ok(to)) if from <= to => Ok(Absence {
                iros: t.iros,
                from,
                to,
            }),
            (Ok(f), Ok(t)) => Err(vec![Problem::new(
                format!("from {f} is after to {t}"),
                "from ≤ to",
            )]),
            (f, t) => Err([f.err(), t.err()].into_iter().flatten().collect()),
        }
    }
}

impl Apply for Absence {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let mut problems = Vec::new();
        for id in &self.iros {
            match super::find_iro(cl, id) {
                Ok(k) => cl.absences.push(crate::domain::Absence {
                    iro: k,
                    from: self.from,
                    to: self.to,
                }),
                Err(p) => problems.push(p),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Effect::note(format!(
            "{} IROs away {} to {}",
            self.iros.len(),
            self.from,
            self.to
        )))
    }
}
