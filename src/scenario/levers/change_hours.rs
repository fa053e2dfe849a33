//! `change_hours`: an IRO's contracted hours change; the salary change is counted pro rata
//! (nothing for a vacant post).
//!
//! ```toml
//! [[lever]]
//! kind = "change_hours"
//! id = "IRO06"
//! hours = 37
//! ```

use serde::Deserialize;

use super::{Apply, Effect, Named, Outcome, PostChange, PostChangeKind};
use crate::domain::{Caseload, Hours};

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    id: String,
    hours: f64,
}

impl Toml {
    /// What the lever names in the caseload, checked even when its values are bad.
    pub(super) fn names(&self) -> Vec<Named> {
        vec![Named::Iro(self.id.clone())]
    }
}

/// New contracted hours of a post.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeHours {
    /// IRO id.
    pub id: String,
    /// New hours a week.
    pub hours: Hours,
}

impl ChangeHours {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// Hours outside (0, 60].
    pub fn validate(t: Toml) -> Outcome<ChangeHours> {
        Ok(ChangeHours {
            id: t.id.trim().to_string(),
            hours: super::hours(t.hours).map_err(|p| vec![p])?,
        })
    }
}

impl Apply for ChangeHours {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let k = super::find_iro(cl, &self.id).map_err(|p| vec![p])?;
        let h = self.hours.get();
        let posts_annual = if cl.iro(k).vacant {
            0.0
        } else {
            super::salary(cl, h - cl.iro(k).hours_per_week)
        };
        let iro = &mut cl.iros[k.idx()];
        iro.hours_per_week = h;
        Ok(Effect {
            note: format!("IRO {} works {h} h a week", self.id),
            placement_weekly: 0.0,
            posts_annual,
            post: Some(PostChange {
                iro: k,
                iro_id: self.id.clone(),
                kind: PostChangeKind::Hours,
                base: iro.base,
                base_label: iro.base_label.clone(),
                hours: h,
            }),
        })
    }
}
