//! `review_mode`: the virtual-review policy.
//!
//! ```toml
//! [[lever]]
//! kind = "review_mode"
//! virtual_over_miles = 100.0   # reviews this many road miles away or more may be virtual
//! alternate = true             # only every other review virtual
//! ```

use serde::Deserialize;

use super::{Apply, Effect, Outcome};
use crate::config::VirtualReviews;
use crate::domain::Caseload;

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    virtual_over_miles: Option<f64>,
    alternate: Option<bool>,
}

/// A virtual-review policy.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewMode {
    /// Reviews at least this many road miles from the IRO's base may be virtual.
    pub virtual_over_miles: Option<f64>,
    /// Only every other review virtual.
    pub alternate: Option<bool>,
}

impl ReviewMode {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// Miles outside `virtual_reviews.over_miles`' bound.
    pub fn validate(t: Toml) -> Outcome<ReviewMode> {
        if let Some(m) = t.virtual_over_miles {
            super::bounded::<VirtualReviews>("virtual_over_miles", "over_miles", m)
                .map_err(|p| vec![p])?;
        }
        Ok(ReviewMode {
            virtual_over_miles: t.virtual_over_miles,
            alternate: t.alternate,
        })
    }
}

impl Apply for ReviewMode {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let v = &mut cl.config.virtual_reviews;
        if let Some(m) = self.virtual_over_miles {
            v.over_miles = Some(m);
        }
        if let Some(a) = self.alternate {
            v.alternate = a;
        }
        Ok(Effect::note("review-mode policy changed"))
    }
}
