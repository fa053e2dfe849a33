//! `bring_home`: the `count` farthest out-of-area placements of children known today are
//! brought into the council — to the given towns in turn, or to the nearest in-area postcode
//! sector. A placement brought home becomes an internal one (the weekly cost change is the
//! lever's own).
//!
//! ```toml
//! [[lever]]
//! kind = "bring_home"
//! count = 20
//! to = ["Dorchester", "Weymouth"]   # default: the nearest in-area sector
//! ```

use serde::Deserialize;

use super::{Apply, BaseSpec, Effect, Named, Outcome, Problem};
use crate::domain::{Caseload, LatLon, PlacementType};
use crate::geo::{Gazetteer, TravelModel};

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    count: u32,
    to: Option<Vec<String>>,
}

impl Toml {
    /// What the lever names in the caseload, checked even when its values are bad.
    pub(super) fn names(&self) -> Vec<Named> {
        self.to
            .iter()
            .flatten()
            .map(|t| Named::Place("to", t.clone()))
            .collect()
    }
}

/// Out-of-area placements brought home.
#[derive(Debug, Clone, PartialEq)]
pub struct BringHome {
    /// How many, farthest first.
    pub count: u32,
    /// Where to, in turn (empty: the nearest in-area sector).
    pub to: Vec<BaseSpec>,
}

impl BringHome {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// A destination that is neither a name nor a UK point.
    pub fn validate(t: Toml) -> Outcome<BringHome> {
        let mut to = Vec::new();
        let mut problems = Vec::new();
        for s in t.to.unwrap_or_default() {
            match BaseSpec::parse(&s) {
                Ok(b) => to.push(b),
                Err(p) => problems.push(Problem::new(
                    p.problem.replacen("base:", "to:", 1),
                    p.expected,
                )),
            }
        }
        if problems.is_empty() {
            Ok(BringHome { count: t.count, to })
        } else {
            Err(problems)
        }
    }
}

impl Apply for BringHome {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let g = Gazetteer::bundled();
        let home = super::home_la_code(cl).ok_or_else(|| {
            vec![Problem::new(
                "no IRO base locates the council",
                "IRO bases inside the council",
            )]
        })?;
        let travel = TravelModel::new(&cl.config.travel, cl.matrix.clone());
        let mut out_of_area: Vec<(usize, f64)> = (0..cl.children.len())
            .filter(|&k| !cl.children[k].projected)
            .filter(|&k| {
                g.nearest_sector(cl.children[k].location)
                    .is_some_and(|(s, _)| s.la_code != home)
            })
            .map(|k| {
                let miles = super::miles_to_nearest_base(cl, &travel, cl.children[k].location);
                (k, miles)
            })
            .collect();
        if self.count as usize > out_of_area.len() {
            return Err(vec![Problem::new(
                format!(
                    "count {} is more than the {} children placed out of area",
                    self.count,
                    out_of_area.len()
                ),
                format!("a count from 0 to {}", out_of_area.len()),
            )]);
        }
        out_of_area.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out_of_area.truncate(self.count as usize);
        let mut targets: Vec<(LatLon, String)> = Vec::new();
        let mut bad = Vec::new();
        for b in &self.to {
            match b.resolve() {
                Ok(t) => targets.push(t),
                Err(p) => bad.push(p.problem.replacen("base: ", "", 1)),
            }
        }
        if !bad.is_empty() {
            return Err(vec![Problem::new(
                format!("to: {}", bad.join("; ")),
                "postcodes or place names",
            )]);
        }
        let home_sectors: Vec<&crate::geo::Sector> =
            g.sectors().iter().filter(|s| s.la_code == home).collect();
        let p = &cl.config.placements;
        let mut weekly = 0.0;
        for (j, &(k, _)) in out_of_area.iter().enumerate() {
            let child = &cl.children[k];
            let (point, label) = if targets.is_empty() {
                let near = home_sectors.iter().min_by(|a, b| {
                    crate::geo::haversine_miles(a.point, child.location)
                        .total_cmp(&crate::geo::haversine_miles(b.point, child.location))
                });
                match near {
                    Some(s) => (s.point, s.code.clone()),
                    None => {
                        return Err(vec![Problem::new(
                            "no in-area postcode sector",
                            "a council in the gazetteer",
                        )]);
                    }
                }
            } else {
                targets[j % targets.len()].clone()
            };
            if child.placement_type.is_some() {
                // Brought home into the council's own provision.
                weekly += p.internal_weekly - super::weekly_cost(p, child.placement_type);
            }
            let c = &mut cl.children[k];
            c.location = point;
            c.placement_label = label;
            if c.placement_type.is_some() {
                c.placement_type = Some(PlacementType::Internal);
            }
        }
        Ok(Effect {
            placement_weekly: weekly,
            ..Effect::note(format!("brought {} children home", out_of_area.len()))
        })
    }
}
