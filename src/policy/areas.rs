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

    /// The length of one review of `area` (its first child's: the rounds' prices assume one).
    pub fn area_review_secs(&self, caseload: &Caseload, area: &Area) -> i64 {
        area.children
            .first()
            .map_or(0, |&c| self.review_secs(caseload.child(c)))
    }

    /// The mean journey from `area`'s centre to its placements (by `leg`): the local drive each
    /// review adds to a round.
    pub fn local_leg(
        &self,
        caseload: &Caseload,
        area: &Area,
        leg: &dyn Fn(LatLon, LatLon) -> Leg,
    ) -> Leg {
        let n = area.children.len().max(1) as f64;
        area.children
            .iter()
            .map(|&c| leg(area.centre, caseload.child(c).location))
            .fold(Leg::default(), |a, l| Leg {
                miles: a.miles + l.miles / n,
                hours: a.hours + l.hours / n,
            })
    }

    /// Most reviews one round to a far area can hold in a full week of `iro`'s hours
    /// ([`Policy::week_limit`] of a week at work): the week less the journey there and back
    /// (breaks included), each review's meeting, admin and `local`, the drive to its placement
    /// within the area. With `workload.admin_carry_weeks` the admin may be done in the weeks
    /// after: the trip's week then holds the journey, meetings and local driving, and the
    /// admin what that week and the next ones have left (at most their whole hours — the
    /// scheduler fits what the IRO's real weeks hold). A round is also no more days than
    /// `overnight.max_nights` allow, and holds what those days hold (`round_days_hold`:
    /// the first and last days' reviews around the drives, at most `review.max_per_day` a
    /// day); an IRO who may not stay away makes day trips. At least one.
    pub fn round_capacity(
        &self,
        iro: &crate::domain::Iro,
        to_area: Leg,
        review: i64,
        local: Leg,
    ) -> u32 {
        let week = iro.hours_per_week * self.config.workload.share_of_hours * 3600.0;
        let one_way = self.day.journey_secs(to_area.hours);
        let local = self.day.journey_secs(local.hours);
        let journey = 2 * one_way;
        let on_site = review + local;
        let each = on_site + self.admin_secs();
        let room = week - journey as f64;
        if each <= 0 || room <= 0.0 {
            return 1;
        }
        let carry = f64::from(self.admin_carry_weeks());
        let n = if carry == 0.0 || on_site <= 0 {
            room / each as f64
        } else {
            (room / on_site as f64).min((room + carry * week) / each as f64)
        };
        let days = if self.may_stay_away(iro.overnight) {
            self.config.overnight.max_nights.saturating_add(1)
        } else {
            1
        };
        let by_days = self.round_days_hold(days, one_way, review, local);
        (n.floor() as u32).min(by_days).max(1)
    }

    /// Reviews of `review` seconds, `local` seconds' drive apart, that a round of `days` days
    /// holds `one_way` seconds' journey (breaks included) from home: the first day from arrival
    /// to the end of the review day, the last day from the start of the review day until the
    /// drive home must leave, the days between whole, each less lunch and at most
    /// `review.max_per_day` (a day trip: its one day less both drives). The day's length
    /// (`day.max_hours`) and the latest return bound the first and last days.
    fn round_days_hold(&self, days: u32, one_way: i64, review: i64, local: i64) -> u32 {
        let d = &self.day;
        let per_day = d.max_reviews.max(1);
        let each = review + local;
        if each <= 0 {
            return per_day.saturating_mul(days);
        }
        // n reviews take n meetings and the n - 1 drives between them, and lunch.
        let fits = |from: i64, to: i64| -> u32 {
            let room = to - from - d.lunch + local;
            u32::try_from((room / each).max(0))
                .unwrap_or(u32::MAX)
                .min(per_day)
        };
        let arrive = (d.earliest_departure + one_way).max(d.review_start);
        if days <= 1 {
            let home_by = d.latest_return.min(d.earliest_departure + d.max_length);
            return fits(arrive, d.review_end.min(home_by - one_way));
        }
        let first = fits(
            arrive,
            d.review_end.min(d.earliest_departure + d.max_length),
        );
        let middle = fits(
            d.review_start,
            d.review_end.min(d.review_start + d.max_length),
        );
        let home_by = d.latest_return.min(d.review_start + d.max_length);
        let last = fits(d.review_start, d.review_end.min(home_by - one_way));
        first
            .saturating_add(middle.saturating_mul(days - 2))
            .saturating_add(last)
    }

    /// Rounds a year one IRO makes to `n` far children whose due dates spread evenly over the
    /// six-monthly review interval `L`: each round takes the reviews falling due within
    /// `review.area_early_working_days` (`w`, in calendar days) of its first, and the next
    /// round waits for the next review due, about `L / n` later; so a round spans `w + L / n`
    /// of the interval and a year holds `365 n / (n w + L)` rounds (the reference
    /// schedule: 7.9 for 10 children, 9.4 for 17).
    pub fn expected_rounds(&self, n: usize) -> f64 {
        if n == 0 {
            return 0.0;
        }
        let rules = &self.config.review;
        let w = f64::from(rules.area_early_working_days) * 7.0 / 5.0;
        let interval = f64::from(rules.subsequent_within_months) * 365.25 / 12.0;
        let n = n as f64;
        365.25 * n / (n * w + interval)
    }

    /// £ a year one IRO saves by holding both of two far areas — of `n` children around `a` and
    /// `m` around `b` — visiting both on one trip whenever their reviews fall due together:
    /// the rounds the two areas share ([`Policy::expected_rounds`] of each, less that of both
    /// together; each at least the reviews a year over what one round holds in the IRO's week,
    /// [`Policy::round_capacity`]) times what one trip from `base` to `a`, on to `b` and home
    /// saves against a round trip to each, scaled by the room the fuller area's rounds leave
    /// (an area whose rounds its own reviews fill shares none). `None` when the IRO could not
    /// make such a trip (more nights than allowed, or any night for an IRO who may not stay
    /// away).
    pub fn two_area_saving(
        &self,
        iro: &crate::domain::Iro,
        (a, n): (LatLon, usize),
        (b, m): (LatLon, usize),
        review: i64,
        leg: &dyn Fn(LatLon, LatLon) -> Leg,
    ) -> Option<f64> {
        let (base, overnight) = (iro.base, iro.overnight);
        let (to_a, between, from_b) = (leg(base, a), leg(a, b), leg(b, base));
        let ta = self.round_trip(to_a, review, overnight)?;
        let tb = self.round_trip(from_b, review, overnight)?;
        let drive: i64 = [to_a, between, from_b]
            .iter()
            .map(|l| super::DayRules::drive_secs(l.hours))
            .sum();
        let days = (drive + self.day.max_drive - 1) / self.day.max_drive.max(1);
        let nights = ((days.max(2) - 1) as u32).max(ta.nights).max(tb.nights);
        if nights > 0 && !self.may_stay_away(overnight) || nights > self.config.overnight.max_nights
        {
            return None;
        }
        let both = self.journey_cost(
            to_a.miles + between.miles + from_b.miles,
            to_a.hours + between.hours + from_b.hours,
            nights,
        );
        let apart = self.round_trip_cost(&ta) + self.round_trip_cost(&tb);
        // Rounds are also bounded below by the reviews one week of the IRO's hours holds on
        // each (two a child a year): a trip to both holds fewer, its drive being longer.
        let yearly = |k: usize| 2.0 * k as f64;
        let rounds = |k: usize, cap: u32| self.expected_rounds(k).max(yearly(k) / f64::from(cap));
        let local = Leg::default();
        let cap_a = self.round_capacity(iro, to_a, review, local);
        let cap_b = self.round_capacity(iro, from_b, review, local);
        let loop_leg = Leg {
            miles: (to_a.miles + between.miles + from_b.miles) / 2.0,
            hours: (to_a.hours + between.hours + from_b.hours) / 2.0,
        };
        let cap_ab = self.round_capacity(iro, loop_leg, review, local);
        let (rounds_a, rounds_b) = (rounds(n, cap_a), rounds(m, cap_b));
        let shared = (rounds_a + rounds_b - rounds(n + m, cap_ab)).max(0.0);
        // A round shared saves only where a round has room for the other area's reviews:
        // scaled by the room the fuller area's rounds leave (none when its rounds are full;
        // a capacity is at least one, so only an empty area has no rounds).
        let fill = |k: usize, cap: u32, r: f64| {
            if r > 0.0 {
                yearly(k) / (f64::from(cap) * r)
            } else {
                1.0
            }
        };
        let room = (1.0 - fill(n, cap_a, rounds_a).max(fill(m, cap_b, rounds_b))).clamp(0.0, 1.0);
        Some((room * shared * (apart - both)).max(0.0))
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

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::domain::{Caseload, Iro, LatLon};
    use crate::geo::Leg;

    fn policy() -> crate::policy::Policy {
        crate::policy::Policy::new(&Caseload {
            children: Vec::new(),
            iros: Vec::new(),
            absences: Vec::new(),
            config: Config::default(),
            matrix: None,
        })
    }

    /// The point at `lat`, `lon`.
    fn at(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("point")
    }

    /// A road leg: 1.2 × the straight line, at 45 mph.
    fn road(a: LatLon, b: LatLon) -> Leg {
        let miles = 1.2 * crate::geo::haversine_miles(a, b);
        Leg {
            miles,
            hours: miles / 45.0,
        }
    }

    /// A full-time IRO based at `base` who may stay overnight.
    fn full_time(base: LatLon, label: &str) -> Iro {
        Iro {
            external_id: "A".into(),
            base,
            base_label: label.into(),
            hours_per_week: 37.0,
            working_days: crate::domain::WeekdaySet::default(),
            max_caseload: None,
            overnight: true,
            vacant: false,
            council: None,
        }
    }

    #[test]
    fn expected_rounds_follow_the_reference_schedule() {
        let p = policy();
        assert_eq!(p.expected_rounds(0), 0.0);
        // One child: two rounds a year, a little less as the window eats the interval.
        assert!((1.5..=2.0).contains(&p.expected_rounds(1)));
        let ten = p.expected_rounds(10);
        assert!((7.5..=8.3).contains(&ten), "{ten}");
        // More children, more rounds, but fewer than their reviews.
        assert!(p.expected_rounds(17) > ten && p.expected_rounds(17) < 34.0);
    }

    #[test]
    fn a_round_holds_what_its_days_hold() {
        let p = policy();
        let iro = full_time(at(52.25, 0.71), "IP31 2");
        let to_area = Leg {
            miles: 140.0,
            hours: 2.9,
        };
        let local = Leg {
            miles: 4.0,
            hours: 0.2,
        };
        let review = 5400;
        let away = p.round_capacity(&iro, to_area, review, local);
        let cfg = p.config();
        assert!(away <= cfg.review.max_per_day * (cfg.overnight.max_nights + 1));
        assert!(away >= 4, "{away}");
        // Day trips only: two drives of about three hours (with a break each) and lunch leave
        // a working day room for two reviews, fewer than a round that stays away holds.
        let home = Iro {
            overnight: false,
            ..iro.clone()
        };
        let day = p.round_capacity(&home, to_area, review, local);
        assert_eq!(day, 2);
        assert!(day < away);
        // London from Cornwall, five and a half hours each way: the first afternoon holds two
        // reviews, the last morning one before the drive home, the days between four each.
        let london = Leg {
            miles: 280.0,
            hours: 5.5,
        };
        let far = p.round_capacity(&iro, london, review, local);
        assert!(
            far < cfg.review.max_per_day * (cfg.overnight.max_nights + 1),
            "{far}"
        );
        assert!((8..=11).contains(&far), "{far}");
        // Near enough, a day holds more.
        let near = Leg {
            miles: 60.0,
            hours: 1.2,
        };
        let n = p.round_capacity(&home, near, review, local);
        assert!((2..=cfg.review.max_per_day).contains(&n), "{n}");
    }

    #[test]
    fn two_areas_on_one_trip_save_by_the_rounds_they_share() {
        let p = policy();
        let iro = full_time(at(50.71, -2.44), "DT1 1XJ");
        let review = 5400;
        // Birmingham then Wrexham: on the way, a saving.
        let bham = at(52.48, -1.89);
        let wrexham = at(53.05, -3.0);
        let s = p
            .two_area_saving(&iro, (bham, 8), (wrexham, 6), review, &road)
            .expect("a trip");
        assert!(s > 0.0, "{s}");
        // Two lone children rarely fall due together: fewer shared rounds, less saved.
        let lone = p
            .two_area_saving(&iro, (bham, 1), (wrexham, 1), review, &road)
            .expect("a trip");
        assert!(lone < s / 3.0, "{lone} {s}");
        // An IRO who may not stay away cannot make either trip.
        let home = Iro {
            overnight: false,
            ..iro
        };
        assert!(
            p.two_area_saving(&home, (bham, 8), (wrexham, 6), review, &road)
                .is_none()
        );
    }

    #[test]
    fn an_area_whose_rounds_are_full_shares_none() {
        let p = policy();
        let iro = full_time(at(50.23, -5.23), "TR15 9");
        let review = 5400;
        let (london, bristol) = (at(51.5, -0.12), at(51.45, -2.59));
        // Ten children in London leave its rounds room for Bristol's reviews on the way.
        let some = p
            .two_area_saving(&iro, (london, 10), (bristol, 10), review, &road)
            .expect("a trip");
        assert!(some > 0.0, "{some}");
        // A hundred fill every round London needs (more reviews a year than rounds taking
        // those due together hold): a round to both would leave London reviews behind.
        let full = p
            .two_area_saving(&iro, (london, 100), (bristol, 10), review, &road)
            .expect("a trip");
        assert_eq!(full, 0.0);
        // The fuller the rounds, the less they share.
        let fuller = p
            .two_area_saving(&iro, (london, 40), (bristol, 10), review, &road)
            .expect("a trip");
        assert!(fuller < some, "{fuller} {some}");
    }
}
