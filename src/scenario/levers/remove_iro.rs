//! `remove_iro`: a post is deleted. It becomes vacant (so ids held by children and absences
//! stay valid) and its salary with on-costs is saved, unless it was vacant already.
//!
//! ```toml
//! [[lever]]
//! kind = "remove_iro"
//! id = "IRO03"
//! ```

use serde::Deserialize;

use super::{Apply, Effect, Outcome, PostChange, PostChangeKind};
use crate::domain::Caseload;

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    id: String,
}

/// A post deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoveIro {
    /// IRO id.
    pub id: String,
}

impl RemoveIro {
    /// The TOML form has nothing to check before the caseload.
    pub fn validate(t: Toml) -> RemoveIro {
        RemoveIro {
            id: t.id.trim().to_string(),
        }
    }
}

impl Apply for RemoveIro {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let k = super::find_iro(cl, &self.id).map_err(|p| vec![p])?;
        let posts_annual = if cl.iro(k).vacant {
            0.0
        } else {
            -super::salary(cl, cl.iro(k).hours_per_week)
        };
        let iro = &mut cl.iros[k.idx()];
        iro.vacant = true;
        Ok(Effect {
            note: format!("removed IRO {}", self.id),
            placement_weekly: 0.0,
            posts_annual,
            post: Some(PostChange {
                iro: k,
                iro_id: self.id.clone(),
                kind: PostChangeKind::Removed,
                base: iro.base,
                base_label: iro.base_label.clone(),
                hours: iro.hours_per_week,
            }),
        })
    }
}
