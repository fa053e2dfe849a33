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
    /// Unless 0 ≤ min ≤ max and max > 0.
    pub fn validate(t: Toml) -> Outcome<CaseloadBand> {
        let (min, max) = (t.min, t.max);
        if min.is_finite() && max.is_finite() && min >= 0.0 && min <= max && max > 0.0 {
            Ok(CaseloadBand { min, max })
        } else {
            Err(vec![Problem::new(
                format!("band {min}–{max}"),
                "0 ≤ min ≤ max, max > 0 (children per FTE)",
            )])
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
