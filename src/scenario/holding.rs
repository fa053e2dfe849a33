//! What a post holds in a plan: its children by area and its nights away — for the decision
//! paragraph ("the Birmingham IRO would hold 50 children in Birmingham (20), Wolverhampton
//! (8) …, with 13 nights away").
//!
//! Areas are named by [`area_name`], the one place that names an area; today it is the nearest
//! sizeable town of the gazetteer.

use serde::Serialize;

use crate::domain::{Caseload, IroId, LatLon};
use crate::geo::{Gazetteer, PointIndex};
use crate::pipeline::PlanResult;

/// Smallest population of a town that names an area: big enough that villages do not, small
/// enough that a county town (Dorchester, about 17,000 in GeoNames) does.
pub const AREA_MIN_POPULATION: u64 = 15_000;

/// A town within this many miles of a larger one is named after the larger (Aston and Acocks
/// Green are Birmingham); far enough for a city's suburbs, short of the next town
/// (Dorchester is 7 miles from Weymouth).
pub const AREA_RADIUS_MILES: f64 = 6.0;

/// Areas listed by name before the rest are counted together.
pub const AREAS_LISTED: usize = 5;

/// The name of the area a point is in: the nearest town of at least [`AREA_MIN_POPULATION`],
/// or the largest such town within [`AREA_RADIUS_MILES`] of it.
///
/// The one function that names an area (a plan's named far areas may replace it).
pub fn area_name(p: LatLon) -> String {
    static AREAS: std::sync::OnceLock<(Vec<String>, PointIndex)> = std::sync::OnceLock::new();
    let (names, index) = AREAS.get_or_init(|| {
        let towns: Vec<_> = Gazetteer::bundled()
            .places()
            .iter()
            .filter(|t| t.population >= AREA_MIN_POPULATION && t.country_part != "NIR")
            .collect();
        let points: Vec<LatLon> = towns.iter().map(|t| t.point).collect();
        let index = PointIndex::new(&points);
        let names = towns
            .iter()
            .map(|t| {
                index
                    .within(t.point, AREA_RADIUS_MILES)
                    .into_iter()
                    .map(|(k, _)| towns[k])
                    .max_by_key(|u| u.population)
                    .map_or_else(|| t.name.clone(), |u| u.name.clone())
            })
            .collect();
        (names, index)
    });
    index.nearest(p, 1).first().map_or_else(
        || format!("{:.2},{:.2}", p.lat(), p.lon()),
        |&(k, _)| names[k].clone(),
    )
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
        let mut by_area: std::collections::BTreeMap<String, usize> = Default::default();
        for c in cl.child_ids() {
            if r.plan.allocation.get(c.idx()) == Some(&iro) {
                *by_area.entry(area_name(cl.child(c).location)).or_default() += 1;
            }
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
    fn towns_name_their_own_areas_and_suburbs_their_city() {
        assert_eq!(area_name(ll(52.4862, -1.8904)), "Birmingham");
        // DT1 1XJ, in Dorchester; Weymouth is 7 miles away.
        assert_eq!(area_name(ll(50.7155, -2.4397)), "Dorchester");
        assert_eq!(area_name(ll(50.6145, -2.4599)), "Weymouth");
        // Aston, 2 miles from the centre of Birmingham.
        assert_eq!(area_name(ll(52.5000, -1.8833)), "Birmingham");
        assert_eq!(area_name(ll(52.5862, -2.1286)), "Wolverhampton");
    }
}
