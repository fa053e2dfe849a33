//! Far areas: placements beyond a comfortable day trip — at least
//! `overnight.remote_drive_hours` one way from every IRO base in post of the child's service —
//! grouped so that one IRO visits them together in rounds. Far placements within
//! `areas.radius_miles` of each other (chained: single-linkage clustering) form one area, named
//! after the towns its children live in or by ("Birmingham / Coventry", "Rhyl").
//!
//! Areas belong to a caseload (its bases): with an IRO based in Birmingham, the West Midlands
//! is no longer far.

use std::collections::{BTreeMap, HashMap};

use super::Policy;
use crate::domain::{Caseload, ChildId, IroId, LatLon};
use crate::geo::{Gazetteer, Leg, PointIndex};

/// One far area.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Towns its children live nearest, most common first.
    pub name: String,
    /// The placement nearest the area's middle (a real point rounds can be priced to).
    pub centre: LatLon,
    /// Its children.
    pub children: Vec<ChildId>,
    /// The service it belongs to (`None`: a single or pooled service).
    pub council: Option<String>,
}

/// The far areas of a caseload.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Areas {
    /// Every area, largest first.
    pub list: Vec<Area>,
    /// The area of each child (indexed by [`ChildId`]), `None` if not far.
    pub of_child: Vec<Option<usize>>,
}

impl Areas {
    /// The area of a child, if it is far.
    pub fn of(&self, c: ChildId) -> Option<&Area> {
        self.of_child
            .get(c.idx())
            .copied()
            .flatten()
            .map(|a| &self.list[a])
    }
}

impl Policy {
    /// Whether a placement at `point` is far from `base`: beyond a comfortable day trip.
    pub fn far_from(&self, base: LatLon, point: LatLon) -> bool {
        self.leg(base, point).hours >= self.config.overnight.remote_drive_hours
    }

    /// The far areas of `caseload`.
    pub fn far_areas(&self, caseload: &Caseload) -> Areas {
        self.far_areas_with(caseload, &|a, b| self.leg(a, b))
    }

    /// [`Policy::far_areas`] with the journey between two points given by `leg` (the
    /// allocation's geography).
    pub fn far_areas_with(
        &self,
        caseload: &Caseload,
        leg: &dyn Fn(LatLon, LatLon) -> Leg,
    ) -> Areas {
        let far_from = |base: LatLon, point: LatLon| {
            leg(base, point).hours >= self.config.overnight.remote_drive_hours
        };
        let pooled = self.config.allocation.pooled;
        let key = |c: Option<&str>| if pooled { None } else { c.map(str::to_string) };
        let mut bases: HashMap<Option<String>, Vec<LatLon>> = HashMap::new();
        for i in caseload.iro_ids() {
            let iro = caseload.iro(i);
            if !iro.vacant {
                bases
                    .entry(key(iro.council.as_deref()))
                    .or_default()
                    .push(iro.base);
            }
        }
        let unbound: Vec<LatLon> = bases.get(&None).cloned().unwrap_or_default();
        // Far children by service.
        let mut far: BTreeMap<Option<String>, Vec<ChildId>> = BTreeMap::new();
        for c in caseload.child_ids() {
            let child = caseload.child(c);
            let k = key(child.council.as_deref());
            let own = bases.get(&k).map_or(&[][..], Vec::as_slice);
            let all = own
                .iter()
                .chain(if k.is_some() { &unbound[..] } else { &[] });
            let mut any = false;
            let mut near = false;
            for &b in all {
                any = true;
                if !far_from(b, child.location) {
                    near = true;
                    break;
                }
            }
            if any && !near {
                far.entry(k).or_default().push(c);
            }
        }
        let mut list = Vec::new();
        for (council, children) in far {
            for members in clusters(caseload, &children, self.config.areas.radius_miles) {
                list.push(Area {
                    name: area_name(caseload, &members),
                    centre: medoid(caseload, &members),
                    children: members,
                    council: council.clone(),
                });
            }
        }
        list.sort_by(|a, b| {
            b.children
                .len()
                .cmp(&a.children.len())
                .then(a.children[0].cmp(&b.children[0]))
        });
        let mut of_child = vec![None; caseload.children.len()];
        for (k, a) in list.iter().enumerate() {
            for &c in &a.children {
                of_child[c.idx()] = Some(k);
            }
        }
        Areas { list, of_child }
    }

    /// Most reviews one round to a far area can hold in a full week of `iro`'s hours
    /// ([`Policy::week_limit`] of a week at work): the week less the journey there and back
    /// (breaks included), each review's meeting, admin and `local`, the drive to its placement
    /// within the area. At least one.
    pub fn round_capacity(
        &self,
        iro: &crate::domain::Iro,
        to_area: Leg,
        review: i64,
        local: Leg,
    ) -> u32 {
        let week = iro.hours_per_week * self.config.workload.share_of_hours * 3600.0;
        let journey = 2 * self.day.journey_secs(to_area.hours);
        let each = review + self.admin_secs() + self.day.journey_secs(local.hours);
        let room = week - journey as f64;
        if each <= 0 || room <= 0.0 {
            return 1;
        }
        ((room / each as f64).floor() as u32).max(1)
    }

    /// The IROs holding each area's children under `allocation`, per area (ascending).
    pub fn area_iros(areas: &Areas, allocation: &[IroId]) -> Vec<Vec<IroId>> {
        areas
            .list
            .iter()
            .map(|a| {
                let mut v: Vec<IroId> = a.children.iter().map(|c| allocation[c.idx()]).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect()
    }
}

/// Single-linkage clusters of `children` at `radius` miles, each in child order.
fn clusters(caseload: &Caseload, children: &[ChildId], radius: f64) -> Vec<Vec<ChildId>> {
    let points: Vec<LatLon> = children
        .iter()
        .map(|&c| caseload.child(c).location)
        .collect();
    let index = PointIndex::new(&points);
    let mut parent: Vec<usize> = (0..children.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, &p) in points.iter().enumerate() {
        for (j, _) in index.within(p, radius) {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<ChildId>> = BTreeMap::new();
    for (i, &c) in children.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(c);
    }
    groups.into_values().collect()
}

/// Miles within which the most populous town names a placement's whereabouts.
const NAMING_MILES: f64 = 8.0;

/// The towns the members live in or by (the most populous town within [`NAMING_MILES`]): the
/// most common, with the second where it holds at least a third as many ("Birmingham /
/// Coventry").
fn area_name(caseload: &Caseload, members: &[ChildId]) -> String {
    let g = Gazetteer::bundled();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &c in members {
        if let Some(town) = g.principal_town(caseload.child(c).location, NAMING_MILES) {
            *counts.entry(town.name.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match ranked.as_slice() {
        [] => "far placements".into(),
        [(a, _)] => (*a).to_string(),
        [(a, na), (b, nb), ..] if 3 * nb >= *na => format!("{a} / {b}"),
        [(a, _), ..] => (*a).to_string(),
    }
}

/// The member placement nearest the members' mean position.
fn medoid(caseload: &Caseload, members: &[ChildId]) -> LatLon {
    let pts: Vec<LatLon> = members
        .iter()
        .map(|&c| caseload.child(c).location)
        .collect();
    let n = pts.len().max(1) as f64;
    let (la, lo) = pts
        .iter()
        .fold((0.0, 0.0), |(a, b), p| (a + p.lat(), b + p.lon()));
    let mean = LatLon::new(la / n, lo / n).unwrap_or(pts[0]);
    pts.iter()
        .copied()
        .min_by(|a, b| {
            crate::geo::haversine_miles(*a, mean).total_cmp(&crate::geo::haversine_miles(*b, mean))
        })
        .unwrap_or(mean)
}
