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

    /// Rounds an area needs per review cycle when each holds at most `per_round` reviews: its
    /// children's next due dates, placed on the six-month cycle of their later reviews, covered
    /// by as few windows of `review.area_early_working_days` (a round may hold a review that
    /// early) as there can be, each holding at most `per_round` (fewest over every starting
    /// point). Never fewer than `ceil(children / per_round)`, nor more than the children.
    pub fn area_rounds_per_cycle(
        &self,
        caseload: &Caseload,
        area: &Area,
        per_round: usize,
    ) -> usize {
        let start = self.config.horizon.start;
        // Working days to calendar days: five in seven.
        let window = i64::from(self.config.review.area_early_working_days) * 7 / 5;
        let mut days: Vec<i64> = area
            .children
            .iter()
            .map(|&c| {
                let due = self.next_review(caseload.child(c)).date;
                (due - start).num_days().rem_euclid(CYCLE_DAYS)
            })
            .collect();
        days.sort_unstable();
        cover_circle(&days, window, per_round.max(1), CYCLE_DAYS)
    }
}

/// Days of the later reviews' cycle (six months, reg. 33(2)(c)).
const CYCLE_DAYS: i64 = 182;

/// Fewest windows of `window` days, each holding at most `cap` points, that cover `days`
/// (sorted, on a circle of `period` days), over every starting point; greedy from each start
/// (optimal on a line for a given start).
fn cover_circle(days: &[i64], window: i64, cap: usize, period: i64) -> usize {
    let n = days.len();
    if n == 0 {
        return 0;
    }
    (0..n)
        .map(|s| {
            let mut rounds = 0;
            let mut k = 0;
            while k < n {
                let first = days[(s + k) % n] + if s + k >= n { period } else { 0 };
                let mut held = 0;
                while k < n && held < cap {
                    let d = days[(s + k) % n] + if s + k >= n { period } else { 0 };
                    if d - first > window {
                        break;
                    }
                    held += 1;
                    k += 1;
                }
                rounds += 1;
            }
            rounds
        })
        .min()
        .unwrap_or(0)
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

#[cfg(test)]
mod round_tests {
    use super::cover_circle;

    #[test]
    fn windows_cover_the_circle() {
        // Three reviews a week apart: one round of up to 3, two rounds of up to 2.
        assert_eq!(cover_circle(&[0, 7, 14], 28, 3, 182), 1);
        assert_eq!(cover_circle(&[0, 7, 14], 28, 2, 182), 2);
        // Spread over the cycle: each its own round whatever the cap.
        assert_eq!(cover_circle(&[0, 60, 120], 28, 5, 182), 3);
        // Across the cycle's end: 175 and 3 are 10 days apart on the circle.
        assert_eq!(cover_circle(&[3, 90, 175], 28, 5, 182), 2);
        assert_eq!(cover_circle(&[], 28, 5, 182), 0);
    }
}
