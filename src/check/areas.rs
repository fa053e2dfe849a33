//! Far areas (issue 13; config `[areas]`, `overnight.remote_drive_hours`): `summary.json`'s
//! `far` and `areas` recomputed from the inputs and the plan's files, when present.
//!
//! - **far**: a child whose placement is at least `overnight.remote_drive_hours` one way (the
//!   travel model) from every base of its service's posts in post (its council's posts and
//!   posts of no council; every post when `allocation.pooled`);
//! - **areas**: the far children of one service within `areas.radius_miles` (great-circle) of
//!   one another, directly or through others; listed by size, then by the first child's row
//!   in `children.csv`;
//! - per area: `children`, `iros` (the IROs holding them in `allocation.csv`, as a set),
//!   `rounds` (trips holding a review of the area), `reviews` (its reviews held on trips),
//!   `miles` and `nights` (each trip's `trips.csv` miles and nights shared by its reviews);
//! - `far`: `children` (in areas), `trips` (trips holding a far review), `reviews`,
//!   `reviews_per_trip`, `reviews_on_trips` and `reviews_on_trips_per_trip` (every review those
//!   trips hold, far or met on the way), `miles` (of those trips), `areas_split` (areas of
//!   three children or more held by more than two IROs), `multi_area_trips` (trips holding
//!   reviews of two areas or more).
//!
//! Area names come from the gazetteer and are not checked. Miles allow
//! [`tolerance::MILES_PER_LEG`] per trip summed (trips.csv rounds each).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Ctx, Findings, tolerance};
use crate::domain::ChildId;

/// The far areas of the inputs: each a list of children, in `children.csv` order.
fn areas(ctx: &Ctx<'_>) -> Vec<Vec<ChildId>> {
    let cl = ctx.caseload;
    let cfg = &cl.config;
    let pooled = cfg.allocation.pooled;
    let service = |c: Option<&String>| if pooled { None } else { c.cloned() };
    // The bases of each service's posts in post; posts of no council serve every service.
    let mut bases: HashMap<Option<String>, Vec<crate::domain::LatLon>> = HashMap::new();
    for i in cl.iro_ids().map(|i| cl.iro(i)).filter(|i| !i.vacant) {
        bases
            .entry(service(i.council.as_ref()))
            .or_default()
            .push(i.base);
    }
    let anyone: Vec<_> = bases.get(&None).cloned().unwrap_or_default();
    let mut by_service: BTreeMap<Option<String>, Vec<ChildId>> = BTreeMap::new();
    for c in cl.child_ids() {
        let child = cl.child(c);
        let own = service(child.council.as_ref());
        let mut serving = bases.get(&own).map_or(&[][..], Vec::as_slice).iter();
        let extra = if own.is_some() { &anyone[..] } else { &[] };
        let mut any = false;
        let far = serving.by_ref().chain(extra).all(|&b| {
            any = true;
            (ctx.leg)(b, child.location).hours >= cfg.overnight.remote_drive_hours
        });
        if far && any {
            by_service.entry(own).or_default().push(c);
        }
    }
    let radius = cfg.areas.radius_miles;
    let mut out = Vec::new();
    for children in by_service.into_values() {
        // Single linkage: grow each area from its first child by every child within the radius.
        let mut area_of: Vec<Option<usize>> = vec![None; children.len()];
        let mut found: Vec<Vec<usize>> = Vec::new();
        for start in 0..children.len() {
            if area_of[start].is_some() {
                continue;
            }
            let id = found.len();
            area_of[start] = Some(id);
            let mut members = vec![start];
            let mut k = 0;
            while k < members.len() {
                let p = cl.child(children[members[k]]).location;
                for j in 0..children.len() {
                    if area_of[j].is_none()
                        && crate::geo::haversine_miles(p, cl.child(children[j]).location) <= radius
                    {
                        area_of[j] = Some(id);
                        members.push(j);
                    }
                }
                k += 1;
            }
            members.sort_unstable();
            found.push(members);
        }
        out.extend(
            found
                .into_iter()
                .map(|m| m.into_iter().map(|j| children[j]).collect::<Vec<_>>()),
        );
    }
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}

/// One area's figures.
#[derive(Debug, Default)]
struct Figures {
    iros: BTreeSet<String>,
    rounds: u64,
    reviews: u64,
    miles: f64,
    nights: f64,
}

/// Checks `summary.json`'s `far` and `areas`.
pub fn check(ctx: &Ctx<'_>, f: &mut Findings) {
    let s = &ctx.plan.summary;
    if s.far.is_none() && s.areas.is_none() {
        return;
    }
    let list = areas(ctx);
    let mut area_of: HashMap<&str, usize> = HashMap::new();
    for (a, members) in list.iter().enumerate() {
        for &c in members {
            area_of.insert(ctx.caseload.child(c).external_id.as_str(), a);
        }
    }
    let mut figures: Vec<Figures> = list.iter().map(|_| Figures::default()).collect();
    for row in &ctx.plan.allocation {
        if let Some(&a) = area_of.get(row.child_id.as_str()) {
            figures[a].iros.insert(row.iro_id.clone());
        }
    }
    // Per trip: all its reviews, and its reviews by area.
    let mut per_trip: BTreeMap<&str, (u64, BTreeMap<usize, u64>)> = BTreeMap::new();
    for r in &ctx.plan.reviews {
        if let Some(t) = r.trip_id.as_deref() {
            let e = per_trip.entry(t).or_default();
            e.0 += 1;
            if let Some(&a) = area_of.get(r.child_id.as_str()) {
                *e.1.entry(a).or_default() += 1;
            }
        }
    }
    let trip_row: HashMap<&str, (f64, u32)> = (ctx.plan.trips.iter())
        .map(|t| (t.trip_id.as_str(), (t.miles, t.nights)))
        .collect();
    let (mut trips, mut reviews, mut miles, mut multi) = (0u64, 0u64, 0.0, 0u64);
    let mut on_trips = 0u64;
    for (t, (all, by_area)) in &per_trip {
        if by_area.is_empty() {
            continue;
        }
        let (m, nights) = trip_row.get(t).copied().unwrap_or_default();
        trips += 1;
        on_trips += all;
        miles += m;
        multi += u64::from(by_area.len() > 1);
        for (&a, &n) in by_area {
            let share = n as f64 / (*all).max(1) as f64;
            let g = &mut figures[a];
            g.rounds += 1;
            g.reviews += n;
            g.miles += m * share;
            g.nights += f64::from(nights) * share;
            reviews += n;
        }
    }
    let tol = |n: u64| 0.01 + tolerance::MILES_PER_LEG * n as f64;
    if let Some(far) = &s.far {
        let children: usize = list.iter().map(Vec::len).sum();
        let split = (list.iter().zip(&figures))
            .filter(|(m, g)| m.len() >= 3 && g.iros.len() > 2)
            .count();
        let ints = [
            ("children", far.children, children as u64),
            ("trips", far.trips, trips),
            ("reviews", far.reviews, reviews),
            ("reviews_on_trips", far.reviews_on_trips, on_trips),
            ("areas_split", far.areas_split, split as u64),
            ("multi_area_trips", far.multi_area_trips, multi),
        ];
        for (name, written, expected) in ints {
            f.check(written == Some(expected), || {
                format!(
                    "summary.json: far.{name} {} but the inputs and the plan's files give \
                     {expected}",
                    written.map_or_else(|| "missing".into(), |w| w.to_string())
                )
            });
        }
        let per_trip = reviews as f64 / trips.max(1) as f64;
        let on_trips_per_trip = on_trips as f64 / trips.max(1) as f64;
        let reals = [
            ("miles", far.miles, miles, tol(trips)),
            ("reviews_per_trip", far.reviews_per_trip, per_trip, 0.001),
            (
                "reviews_on_trips_per_trip",
                far.reviews_on_trips_per_trip,
                on_trips_per_trip,
                0.001,
            ),
        ];
        for (name, written, expected, tol) in reals {
            f.check(written.is_some_and(|w| (w - expected).abs() <= tol), || {
                format!(
                    "summary.json: far.{name} {} but the inputs and the plan's files give \
                     {expected:.3}",
                    written.map_or_else(|| "missing".into(), |w| format!("{w:.3}"))
                )
            });
        }
    }
    if let Some(written) = &s.areas {
        f.check(written.len() == list.len(), || {
            format!(
                "summary.json: {} far areas but the inputs give {} (placements {} or more hours \
                 from every base, within {} miles of one another)",
                written.len(),
                list.len(),
                ctx.caseload.config.overnight.remote_drive_hours,
                ctx.caseload.config.areas.radius_miles
            )
        });
        for (i, (w, (members, g))) in written.iter().zip(list.iter().zip(&figures)).enumerate() {
            let who = format!("summary.json: area {} ({})", i + 1, w.name);
            f.check(w.children == members.len() as u64, || {
                format!(
                    "{who} has {} children but the inputs give {}",
                    w.children,
                    members.len()
                )
            });
            let iros: BTreeSet<String> = w.iros.iter().cloned().collect();
            f.check(iros == g.iros, || {
                format!(
                    "{who} is held by {:?} but allocation.csv gives {:?}",
                    iros, g.iros
                )
            });
            let ints = [
                ("rounds", w.rounds, g.rounds),
                ("reviews", w.reviews, g.reviews),
            ];
            for (name, written, expected) in ints {
                f.check(written == expected, || {
                    format!("{who} {name} {written} but the plan's files give {expected}")
                });
            }
            let reals = [("miles", w.miles, g.miles), ("nights", w.nights, g.nights)];
            for (name, written, expected) in reals {
                f.check((written - expected).abs() <= tol(g.rounds), || {
                    format!("{who} {name} {written:.2} but the plan's files give {expected:.2}")
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::check;

    #[test]
    fn a_near_council_has_no_far_trips() {
        let (cl, mut plan) = council();
        assert!(run(&cl, &plan, check).is_empty());
        if let Some(far) = plan.summary.far.as_mut() {
            far.trips = Some(1);
            far.children = None;
        }
        plan.summary.areas = Some(vec![Default::default()]);
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["far.trips 1 but the inputs and the plan's files give 0"]
            ),
            "{v:#?}"
        );
        assert!(has(&v, &["far.children missing but"]), "{v:#?}");
        assert!(
            has(&v, &["summary.json: 1 far areas but the inputs give 0"]),
            "{v:#?}"
        );
        assert_eq!(v.len(), 3, "{v:#?}");
    }
}
