//! `caseload_band`: the caseload band per FTE.
//!
//! ```toml
//! [[lever]]
//! kind = "caseload_band"
//! min = 45
//! max = 65
//! ```

use serde::Deserialize;

use super::{Apply, Effect, Outcome, Problem};
use crate::domain::Caseload;

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    min: f64,
    max: f64,
}

/// A caseload band, children per FTE.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseloadBand {
    /// Minimum children per FTE.
    pub min: f64,
    /// Maximum children per FTE.
    pub max: f64,
}

impl CaseloadBand {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// Either end outside the band's bounds in `config.toml`, or min above max.
    pub fn validate(t: Toml) -> Outcome<CaseloadBand> {
        let (min, max) = (t.min, t.max);
        let mut problems: Vec<Problem> = [
            super::bounded::<crate::config::CaseloadBand>("min", "band_min_per_fte", min).err(),
            super::bounded::<crate::config::CaseloadBand>("max", "band_max_per_fte", max).err(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if problems.is_empty() && min > max {
            problems.push(Problem::new(
                format!("band {min}–{max}"),
                "min ≤ max (children per FTE)",
            ));
        }
        if problems.is_empty() {
            Ok(CaseloadBand { min, max })
        } else {
            Err(problems)
        }
    }
}

impl Apply for CaseloadBand {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let c = &mut cl.config.caseload;
        c.band_min_per_fte = self.min;
        c.band_max_per_fte = self.max;
        Ok(Effect::note(format!(
            "caseload band {}–{} per FTE",
            self.min, self.max
        )))
    }
}
