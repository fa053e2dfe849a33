//! What a post holds in a plan: its children by area and its nights away — for the decision
//! paragraph ("the Birmingham IRO would hold 50 children in Birmingham (20), Wolverhampton
//! (8) …, with 10 nights away").
//!
//! Areas are named by [`area_names`], the one place that names them: a child in one of the
//! plan's far areas ([`crate::policy::Areas`]) by that area's name, any other by the principal
//! town of its whereabouts ([`Gazetteer::principal_town`]).

use serde::Serialize;

use crate::domain::{Caseload, ChildId, IroId, LatLon};
use crate::geo::Gazetteer;
use crate::pipeline::PlanResult;
use crate::policy::Policy;

/// A town within this many miles names a place by the most populous such town (Aston and
/// Acocks Green are Birmingham); short of the next town (Dorchester is 7 miles from
/// Weymouth).
pub const AREA_RADIUS_MILES: f64 = 6.0;

/// Areas listed by name before the rest are counted together.
pub const AREAS_LISTED: usize = 5;

/// The name of the town a point is in or by: the most populous town within
/// [`AREA_RADIUS_MILES`], else the nearest.
pub fn area_name(p: LatLon) -> String {
    Gazetteer::bundled()
        .principal_town(p, AREA_RADIUS_MILES)
        .map_or_else(
            || format!("{:.2},{:.2}", p.lat(), p.lon()),
            |t| t.name.clone(),
        )
}

/// The area of each of `children` in caseload `cl`: its far area's name where the plan has
/// one, else [`area_name`] of its placement.
pub fn area_names(cl: &Caseload, children: &[ChildId]) -> Vec<String> {
    let areas = Policy::new(cl).far_areas(cl);
    children
        .iter()
        .map(|&c| {
            areas
                .of(c)
                .map_or_else(|| area_name(cl.child(c).location), |a| a.name.clone())
        })
        .collect()
}

/// Children of one area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaCount {
    /// Area name.
    pub area: String,
    /// Children placed there.
    pub children: usize,
}

/// What one post holds in a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostHolding {
    /// The post.
    pub iro_id: String,
    /// The area of its base.
    pub base_area: String,
    /// Children it holds.
    pub children: usize,
    /// Its children by area, most first (ties by name).
    pub areas: Vec<AreaCount>,
    /// Its hotel nights in the plan.
    pub nights: u32,
    /// Its road miles in the plan.
    pub miles: f64,
}

impl PostHolding {
    /// What `iro` holds in plan `r` of caseload `cl`.
    pub fn of(cl: &Caseload, r: &PlanResult, iro: IroId) -> PostHolding {
        let held: Vec<ChildId> = cl
            .child_ids()
            .filter(|c| r.plan.allocation.get(c.idx()) == Some(&iro))
            .collect();
        let mut by_area: std::collections::BTreeMap<String, usize> = Default::default();
        for name in area_names(cl, &held) {
            *by_area.entry(name).or_default() += 1;
        }
        let mut areas: Vec<AreaCount> = by_area
            .into_iter()
            .map(|(area, children)| AreaCount { area, children })
            .collect();
        areas.sort_by(|a, b| b.children.cmp(&a.children).then(a.area.cmp(&b.area)));
        let figures = r.figures.iros.get(iro.idx());
        PostHolding {
            iro_id: cl.iro(iro).external_id.clone(),
            base_area: area_name(cl.iro(iro).base),
            children: areas.iter().map(|a| a.children).sum(),
            areas,
            nights: figures.map_or(0, |f| f.travel.nights),
            miles: figures.map_or(0.0, |f| f.travel.miles),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ll(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("valid test point")
    }

    #[test]
    fn towns_name_their_whereabouts_and_suburbs_their_city() {
        assert_eq!(area_name(ll(52.4862, -1.8904)), "Birmingham");
        // DT1 1XJ, in Dorchester; Weymouth is 7 miles away.
        assert_eq!(area_name(ll(50.7155, -2.4397)), "Dorchester");
        assert_eq!(area_name(ll(50.6145, -2.4599)), "Weymouth");
        // Aston, 2 miles from the centre of Birmingham.
        assert_eq!(area_name(ll(52.5000, -1.8833)), "Birmingham");
        assert_eq!(area_name(ll(52.5862, -2.1286)), "Wolverhampton");
    }
}
