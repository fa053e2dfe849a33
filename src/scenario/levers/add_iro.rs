//! `add_iro`: an additional post, carrying its salary with on-costs.
//!
//! ```toml
//! [[lever]]
//! kind = "add_iro"
//! id = "BHM"
//! base = "Birmingham"        # or "52.48,-1.89"
//! hours = 37                 # default one FTE
//! working_days = "Mon,Tue,Wed,Thu,Fri"
//! overnight = true
//! ```

use serde::Deserialize;

use super::{Apply, BaseSpec, Effect, Named, Outcome, PostChange, PostChangeKind, Problem};
use crate::domain::{Caseload, Hours, Iro, IroId, WeekdaySet};

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    id: String,
    base: String,
    hours: Option<f64>,
    working_days: Option<String>,
    overnight: Option<bool>,
}

impl Toml {
    /// What the lever names in the caseload, checked even when its values are bad.
    pub(super) fn names(&self) -> Vec<Named> {
        vec![Named::Place("base", self.base.clone())]
    }

    /// The id the post would have: later levers naming it are not blamed for its bad values.
    pub(super) fn declares(&self) -> Option<String> {
        Some(self.id.trim().to_string()).filter(|id| !id.is_empty())
    }
}

/// An additional post.
#[derive(Debug, Clone, PartialEq)]
pub struct AddIro {
    /// New IRO id (must be new).
    pub id: String,
    /// Where it is based.
    pub base: BaseSpec,
    /// Contracted hours a week (`None`: one FTE).
    pub hours: Option<Hours>,
    /// Working days.
    pub working_days: WeekdaySet,
    /// May stay away overnight.
    pub overnight: bool,
}

impl AddIro {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// Every bad value: empty id, hours, working days, base.
    pub fn validate(t: Toml) -> Outcome<AddIro> {
        let mut problems = Vec::new();
        if t.id.trim().is_empty() {
            problems.push(Problem::new("id is empty", "a new IRO id"));
        }
        let hours = match t.hours.map(super::hours) {
            Some(Err(p)) => {
                problems.push(p);
                None
            }
            Some(Ok(h)) => Some(h),
            None => None,
        };
        let working_days = match t.working_days.as_deref().map(WeekdaySet::parse) {
            None => WeekdaySet::MON_FRI,
            Some(Ok(d)) => d,
            Some(Err(tok)) => {
                problems.push(Problem::new(
                    format!("working_days: unknown day '{tok}'"),
                    "days like Mon,Tue,Wed",
                ));
                WeekdaySet::MON_FRI
            }
        };
        let base = BaseSpec::parse(&t.base).map_err(|p| problems.push(p));
        match base {
            Ok(base) if problems.is_empty() => Ok(AddIro {
                id: t.id.trim().to_string(),
                base,
                hours,
                working_days,
                overnight: t.overnight.unwrap_or(true),
            }),
            _ => Err(problems),
        }
    }
}

impl Apply for AddIro {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let mut problems = Vec::new();
        if cl.iro_by_external(&self.id).is_some() {
            problems.push(Problem::new(
                format!("id '{}' already exists", self.id),
                "a new IRO id",
            ));
        }
        let fte_hours = cl.config.caseload.fte_hours;
        let hours = match self.hours {
            Some(h) => Ok(h),
            None => super::hours(fte_hours),
        };
        let hours = hours.map_err(|p| problems.push(p));
        let base = self.base.resolve().map_err(|p| problems.push(p));
        let (Ok(hours), Ok((at, label))) = (hours, base) else {
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let iro = Iro::new(
            &self.id,
            at,
            label.clone(),
            hours,
            self.working_days,
            self.overnight,
        )
        .map_err(|e| vec![Problem::new(e.to_string(), "a new IRO id")])?;
        let k = IroId(cl.iros.len() as u32);
        cl.iros.push(iro);
        Ok(Effect {
            note: format!("added IRO {} at {label} ({} h)", self.id, hours.get()),
            placement_weekly: 0.0,
            posts_annual: super::salary(cl, hours.get()),
            post: Some(PostChange {
                iro: k,
                iro_id: self.id.clone(),
                kind: PostChangeKind::Added,
                base: at,
                base_label: label,
                hours: hours.get(),
            }),
        })
    }
}
