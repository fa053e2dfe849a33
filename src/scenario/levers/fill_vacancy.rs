//! `fill_vacancy`: a vacant, budgeted post is filled — no additional salary — at its own base
//! or another, with its own hours or others.
//!
//! ```toml
//! [[lever]]
//! kind = "fill_vacancy"
//! id = "IRO05"
//! base = "Birmingham"   # default: the vacancy's base
//! hours = 37            # default: the vacancy's hours
//! ```

use serde::Deserialize;

use super::{Apply, BaseSpec, Effect, Named, Outcome, PostChange, PostChangeKind, Problem};
use crate::domain::{Caseload, Hours};

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    id: String,
    base: Option<String>,
    hours: Option<f64>,
}

impl Toml {
    /// What the lever names in the caseload, checked even when its values are bad.
    pub(super) fn names(&self) -> Vec<Named> {
        let mut n = vec![Named::Iro(self.id.clone())];
        n.extend(self.base.iter().map(|b| Named::Place("base", b.clone())));
        n
    }
}

/// A vacancy filled.
#[derive(Debug, Clone, PartialEq)]
pub struct FillVacancy {
    /// IRO id of the vacancy.
    pub id: String,
    /// Base of the filled post (`None`: the vacancy's base).
    pub base: Option<BaseSpec>,
    /// Hours of the filled post (`None`: the vacancy's).
    pub hours: Option<Hours>,
}

impl FillVacancy {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// Bad hours or base (both reported).
    pub fn validate(t: Toml) -> Outcome<FillVacancy> {
        let base = t.base.as_deref().map(BaseSpec::parse).transpose();
        let hours = t.hours.map(super::hours).transpose();
        match (base, hours) {
            (Ok(base), Ok(hours)) => Ok(FillVacancy {
                id: t.id.trim().to_string(),
                base,
                hours,
            }),
            (b, h) => Err([b.err(), h.err()].into_iter().flatten().collect()),
        }
    }
}

impl Apply for FillVacancy {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let k = super::find_iro(cl, &self.id).map_err(|p| vec![p])?;
        if !cl.iro(k).vacant {
            return Err(vec![Problem::new(
                format!("IRO '{}' is not a vacant post", self.id),
                "the id of a vacancy (vacant = true)",
            )]);
        }
        let base = self.base.as_ref().map(BaseSpec::resolve).transpose();
        let base = base.map_err(|p| vec![p])?;
        let iro = &mut cl.iros[k.idx()];
        if let Some((at, label)) = base {
            iro.base = at;
            iro.base_label = label;
        }
        if let Some(h) = self.hours {
            iro.hours_per_week = h.get();
        }
        iro.vacant = false;
        Ok(Effect {
            note: format!("filled vacancy {} at {}", self.id, iro.base_label),
            placement_weekly: 0.0,
            posts_annual: 0.0,
            post: Some(PostChange {
                iro: k,
                iro_id: self.id.clone(),
                kind: PostChangeKind::Filled,
                base: iro.base,
                base_label: iro.base_label.clone(),
                hours: iro.hours_per_week,
            }),
        })
    }
}
