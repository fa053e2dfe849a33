//! `remove_children`: fewer looked-after children (e.g. Dorset's "reduce to around 400"). Only
//! children known today are candidates: projected arrivals are the same in every scenario.
//! Each child removed saves its weekly placement cost.
//!
//! ```toml
//! [[lever]]
//! kind = "remove_children"
//! count = 55
//! rule = "external_first"   # or "furthest_first", "random" (with seed)
//! # ids = ["C001", "C002"]  # or exactly these children
//! ```

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_pcg::Pcg64;
use serde::Deserialize;

use super::{Apply, Effect, Outcome, Problem};
use crate::domain::{Caseload, PlacementType};
use crate::geo::TravelModel;

/// Which children `remove_children` takes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RemoveRule {
    /// External placements first (dearest), farthest first among them.
    #[default]
    ExternalFirst,
    /// Farthest from the council's IRO bases first.
    FurthestFirst,
    /// A seeded random choice.
    Random,
}

/// The TOML form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toml {
    count: Option<u32>,
    #[serde(default)]
    rule: RemoveRule,
    seed: Option<u64>,
    ids: Option<Vec<String>>,
}

/// Which children leave the caseload.
#[derive(Debug, Clone, PartialEq)]
pub enum Which {
    /// How many, chosen by a rule (`seed` for `random`; default the projection's seed).
    Count {
        /// How many.
        count: u32,
        /// Which first.
        rule: RemoveRule,
        /// Seed for `random`.
        seed: Option<u64>,
    },
    /// Exactly these children.
    Ids(Vec<String>),
}

/// Fewer children.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoveChildren {
    /// Which.
    pub which: Which,
}

impl RemoveChildren {
    /// Validates the TOML form.
    ///
    /// # Errors
    /// Neither `count` nor `ids` given.
    pub fn validate(t: Toml) -> Outcome<RemoveChildren> {
        let which = match (t.ids, t.count) {
            (Some(ids), _) => Which::Ids(ids),
            (None, Some(count)) => Which::Count {
                count,
                rule: t.rule,
                seed: t.seed,
            },
            (None, None) => {
                return Err(vec![Problem::new(
                    "neither count nor ids given",
                    "count = N or ids = [..]",
                )]);
            }
        };
        Ok(RemoveChildren { which })
    }

    /// Indices of the children to remove, ascending.
    fn choose(&self, cl: &Caseload) -> Outcome<Vec<usize>> {
        let (n, rule, seed) = match &self.which {
            Which::Ids(ids) => {
                let mut out = Vec::new();
                let mut unknown = Vec::new();
                for id in ids {
                    match cl.children.iter().position(|c| &c.external_id == id) {
                        Some(k) => out.push(k),
                        None => unknown.push(id.as_str()),
                    }
                }
                if !unknown.is_empty() {
                    return Err(vec![Problem::new(
                        format!("unknown child id(s) {}", unknown.join(", ")),
                        "ids from children.csv",
                    )]);
                }
                out.sort_unstable();
                out.dedup();
                return Ok(out);
            }
            Which::Count { count, rule, seed } => (*count as usize, *rule, *seed),
        };
        let known: Vec<usize> = (0..cl.children.len())
            .filter(|&k| !cl.children[k].projected)
            .collect();
        if n > known.len() {
            return Err(vec![Problem::new(
                format!("count {n} is more than the {} children known", known.len()),
                format!("a count from 0 to {}", known.len()),
            )]);
        }
        let travel = TravelModel::new(&cl.config.travel, cl.matrix.clone());
        let far = |k: usize| super::miles_to_nearest_base(cl, &travel, cl.children[k].location);
        let mut order = known;
        match rule {
            RemoveRule::Random => {
                let mut rng = Pcg64::seed_from_u64(seed.unwrap_or(cl.config.projection.seed));
                order.shuffle(&mut rng);
            }
            RemoveRule::FurthestFirst => {
                let d: Vec<f64> = order.iter().map(|&k| far(k)).collect();
                let mut idx: Vec<usize> = (0..order.len()).collect();
                idx.sort_by(|&a, &b| d[b].total_cmp(&d[a]).then(a.cmp(&b)));
                order = idx.into_iter().map(|j| order[j]).collect();
            }
            RemoveRule::ExternalFirst => {
                let key: Vec<(bool, f64)> = order
                    .iter()
                    .map(|&k| {
                        (
                            cl.children[k].placement_type != Some(PlacementType::External),
                            far(k),
                        )
                    })
                    .collect();
                let mut idx: Vec<usize> = (0..order.len()).collect();
                idx.sort_by(|&a, &b| {
                    key[a]
                        .0
                        .cmp(&key[b].0)
                        .then(key[b].1.total_cmp(&key[a].1))
                        .then(a.cmp(&b))
                });
                order = idx.into_iter().map(|j| order[j]).collect();
            }
        }
        order.truncate(n);
        order.sort_unstable();
        Ok(order)
    }
}

impl Apply for RemoveChildren {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let chosen = self.choose(cl)?;
        let weekly: f64 = chosen
            .iter()
            .map(|&c| super::weekly_cost(&cl.config.placements, cl.children[c].placement_type))
            .sum();
        let mut keep = vec![true; cl.children.len()];
        for &c in &chosen {
            keep[c] = false;
        }
        let mut k = keep.iter();
        cl.children.retain(|_| *k.next().unwrap_or(&true));
        Ok(Effect {
            placement_weekly: -weekly,
            ..Effect::note(format!("removed {} children", chosen.len()))
        })
    }
}
