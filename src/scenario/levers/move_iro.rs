//! `move_iro`: an IRO works from another base.
//!
//! ```toml
//! [[lever]]
//! kind = "move_iro"
//! id = "IRO02"
//! base = "Bristol"
//! ```

use serde::Deserialize;

use super::{Apply, BaseSpec, Effect, Named, Outcome, PostChange, PostChangeKind};
use crate::domain::Caseload;

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    id: String,
    base: String,
}

impl Toml {
    /// What the lever names in the caseload, checked even when its values are bad.
    pub(super) fn names(&self) -> Vec<Named> {
        vec![
            Named::Iro(self.id.clone()),
            Named::Place("base", self.base.clone()),
        ]
    }
}

/// A post's base moved.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveIro {
    /// IRO id.
    pub id: String,
    /// New base.
    pub base: BaseSpec,
}

impl MoveIro {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// A base that is neither a name nor a UK point.
    pub fn validate(t: Toml) -> Outcome<MoveIro> {
        Ok(MoveIro {
            id: t.id.trim().to_string(),
            base: BaseSpec::parse(&t.base).map_err(|p| vec![p])?,
        })
    }
}

impl Apply for MoveIro {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let k = super::find_iro(cl, &self.id);
        let base = self.base.resolve();
        let (Ok(k), Ok((at, label))) = (&k, &base) else {
            return Err([k.err(), base.err()].into_iter().flatten().collect());
        };
        let iro = &mut cl.iros[k.idx()];
        iro.base = *at;
        iro.base_label = label.clone();
        Ok(Effect {
            note: format!("moved IRO {} to {label}", self.id),
            placement_weekly: 0.0,
            posts_annual: 0.0,
            post: Some(PostChange {
                iro: *k,
                iro_id: self.id.clone(),
                kind: PostChangeKind::Moved,
                base: *at,
                base_label: label.clone(),
                hours: iro.hours_per_week,
            }),
        })
    }
}
