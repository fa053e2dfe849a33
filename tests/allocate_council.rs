//! The domain adapter on small hand-made councils, with a test geography (no `geo` module):
//! every hard rule checked on the answer, the objective recomputed independently.

use chrono::NaiveDate;
use iro_planner::allocate::{
    AllocateOptions, Geography, NearestBases, Pruning, allocate_with, continuity_curve_with,
};
use iro_planner::config::Config;
use iro_planner::domain::{Caseload, Child, Iro, IroId, LatLon, ReviewMode, WeekdaySet};
use iro_planner::geo::Leg;
use iro_planner::policy::Policy;

fn miles(a: LatLon, b: LatLon) -> f64 {
    let (la1, la2) = (a.lat().to_radians(), b.lat().to_radians());
    let dla = la2 - la1;
    let dlo = (b.lon() - a.lon()).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 3958.8 * h.sqrt().asin()
}

struct TestGeo;
struct Brute(Vec<LatLon>);

impl NearestBases for Brute {
    fn nearest(&self, p: LatLon, k: usize) -> Vec<(usize, f64)> {
        let mut v: Vec<(usize, f64)> = self
            .0
            .iter()
            .enumerate()
            .map(|(i, &q)| (i, miles(p, q)))
            .collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1));
        v.truncate(k);
        v
    }
}

impl Geography for TestGeo {
    type Index = Brute;
    fn index(&self, points: &[LatLon]) -> Brute {
        Brute(points.to_vec())
    }
    fn leg(&self, a: LatLon, b: LatLon) -> Leg {
        let m = 1.2 * miles(a, b);
        Leg {
            miles: m,
            hours: if m > 0.0 { 0.2 + m / 52.0 } else { 0.0 },
        }
    }
    fn monotone(&self) -> bool {
        true
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn child(id: &str, lat: f64, lon: f64, current: Option<u32>) -> Child {
    Child {
        external_id: id.into(),
        location: LatLon::new(lat, lon).unwrap(),
        placement_label: String::new(),
        looked_after_since: date("2024-01-10"),
        last_review: Some(date("2026-09-01")),
        reviews_held: 4,
        current_iro: current.map(IroId),
        planned_iro: None,
        sibling_group: None,
        extra_time: false,
        placement_type: None,
        review_mode: ReviewMode::InPerson,
        locked: false,
        exclude_iros: vec![],
        council: None,
        projected: false,
        leaves_care: None,
        origin: None,
        review_times: None,
        unavailable: Vec::new(),
        booked: Vec::new(),
    }
}

fn iro(id: &str, lat: f64, lon: f64, max: u32, vacant: bool) -> Iro {
    Iro {
        external_id: id.into(),
        base: LatLon::new(lat, lon).unwrap(),
        base_label: String::new(),
        hours_per_week: 37.0,
        working_days: WeekdaySet::default(),
        max_caseload: Some(max),
        overnight: true,
        vacant,
        council: None,
    }
}

/// Dorchester, Bournemouth, Birmingham (vacant); children around them.
fn council() -> Caseload {
    let iros = vec![
        iro("dor", 50.71, -2.44, 4, false),
        iro("bou", 50.72, -1.88, 4, false),
        iro("bham", 52.48, -1.89, 4, true),
    ];
    let children = vec![
        child("c0", 50.72, -2.43, Some(1)),
        child("c1", 50.70, -2.45, Some(0)),
        child("c2", 50.73, -1.87, Some(0)),
        child("c3", 52.47, -1.90, Some(1)),
        child("c4", 50.71, -1.90, None),
        child("c5", 50.60, -2.00, Some(0)),
        child("c6", 50.65, -2.30, Some(1)),
    ];
    Caseload {
        children,
        iros,
        absences: vec![],
        config: Config::default(),
        matrix: None,
    }
}

/// Every hard rule, recomputed from the caseload.
fn check(cl: &Caseload, r: &iro_planner::allocate::AllocationResult, max_changes: Option<u32>) {
    assert_eq!(r.assignment.len(), cl.children.len());
    let mut load = vec![0u32; cl.iros.len()];
    for (c, &i) in r.assignment.iter().enumerate() {
        let ch = &cl.children[c];
        assert!(!cl.iro(i).vacant, "child {c} given a vacancy");
        assert!(!ch.exclude_iros.contains(&i), "exclusion broken for {c}");
        if ch.locked {
            assert_eq!(Some(i), ch.current_iro, "lock broken for {c}");
        }
        load[i.idx()] += 1;
    }
    for i in cl.iro_ids() {
        assert!(load[i.idx()] <= cl.band(i).1 + r.worst_overload);
        assert_eq!(r.rows[i.idx()].children, load[i.idx()]);
    }
    for a in cl.child_ids() {
        for b in cl.child_ids() {
            let (ca, cb) = (cl.child(a), cl.child(b));
            if ca.sibling_group.is_some() && ca.sibling_group == cb.sibling_group {
                assert_eq!(
                    r.assignment[a.idx()],
                    r.assignment[b.idx()],
                    "siblings split"
                );
            }
        }
    }
    let moved = cl
        .child_ids()
        .filter(|&c| {
            cl.child(c)
                .current_iro
                .is_some_and(|i| i != r.assignment[c.idx()])
        })
        .count();
    assert_eq!(moved, r.changes.len());
    if let Some(n) = max_changes {
        assert!(moved <= n as usize);
    }
    // The objective from first principles: travel (each expected review one round trip, by the
    // policy's hotel rule) + continuity + under-band penalty.
    let k = &cl.config.costs;
    let policy = Policy::new(cl);
    let mut obj = 0.0;
    for c in cl.child_ids() {
        let i = r.assignment[c.idx()];
        let leg = TestGeo.leg(cl.iro(i).base, cl.child(c).location);
        let n = policy.expected_reviews(cl.child(c));
        let nights = policy
            .round_trip(leg, policy.review_secs(cl.child(c)), true)
            .map_or(1, |t| t.nights);
        obj += n
            * (2.0 * leg.miles * k.mileage_per_mile
                + 2.0 * leg.hours * k.staff_per_hour
                + nights as f64 * k.hotel_per_night);
        if cl.child(c).current_iro.is_some_and(|cur| cur != i) {
            obj += cl.config.allocation.continuity_cost;
        }
    }
    for i in cl.iro_ids() {
        obj += cl.config.allocation.under_band_penalty
            * cl.band(i).0.saturating_sub(load[i.idx()]) as f64;
    }
    assert!(
        (obj - r.objective).abs() < 1e-6 * obj.max(1.0),
        "objective {obj} vs {}",
        r.objective
    );
    assert!(r.lower_bound <= r.objective + 1e-6);
}

#[test]
fn council_is_optimal_and_keeps_every_rule() {
    let cl = council();
    let r = allocate_with(&cl, &AllocateOptions::default(), &TestGeo).unwrap();
    check(&cl, &r, None);
    assert!(r.gap <= 1e-6);
    assert_eq!(r.pruning, Pruning::Exhaustive);
    // c3 lives in Birmingham, but the Birmingham post is vacant.
    assert_ne!(r.assignment[3], IroId(2));
    let table = r.table(&cl);
    assert!(table.contains("total"));
    assert!(table.contains("required FTE"));
    assert!(table.contains("vacant"));
}

#[test]
fn locks_exclusions_and_siblings() {
    let mut cl = council();
    cl.children[0].locked = true; // keeps bou although it lives near dor
    cl.children[2].exclude_iros = vec![IroId(1)]; // near bou, but may not have bou
    cl.children[4].sibling_group = Some("g".into());
    cl.children[6].sibling_group = Some("g".into());
    let r = allocate_with(&cl, &AllocateOptions::default(), &TestGeo).unwrap();
    check(&cl, &r, None);
    assert_eq!(r.assignment[0], IroId(1));
    assert_eq!(r.assignment[2], IroId(0));
}

#[test]
fn change_budget_and_price_of_continuity() {
    let mut cl = council();
    cl.config.allocation.continuity_cost = 0.0;
    let free = allocate_with(&cl, &AllocateOptions::default(), &TestGeo).unwrap();
    assert!(free.changes.len() >= 2, "the fixture should want moves");
    for n in 0..=2 {
        let opts = AllocateOptions {
            max_changes: Some(n),
            ..AllocateOptions::default()
        };
        let r = allocate_with(&cl, &opts, &TestGeo).unwrap();
        check(&cl, &r, Some(n));
    }
    let curve =
        continuity_curve_with(&cl, &AllocateOptions::default(), &[0, 1, 2, 10], &TestGeo).unwrap();
    assert_eq!(curve.len(), 4);
    for w in curve.windows(2) {
        assert!(
            w[1].1 <= w[0].1 + 1e-9,
            "more moves never cost more: {curve:?}"
        );
    }
    assert!((curve[3].1 - free.objective).abs() < 1e-6);
}

#[test]
fn shortfall_is_reported_not_an_error() {
    let mut cl = council();
    for i in 0..6 {
        cl.children.push(child(&format!("x{i}"), 50.7, -2.2, None));
    }
    let r = allocate_with(&cl, &AllocateOptions::default(), &TestGeo).unwrap();
    // 13 children, 8 places: 5 short, the least worst overload is 3 (7 + 6).
    assert_eq!(r.shortfall_children, 5);
    assert_eq!(r.worst_overload, 3);
    check(&cl, &r, None);
    assert!(r.table(&cl).contains("SHORTFALL"));
}

#[test]
fn impossible_lock_is_an_input_error() {
    let mut cl = council();
    cl.children[3].current_iro = Some(IroId(2));
    cl.children[3].locked = true; // locked to the vacancy
    let e = allocate_with(&cl, &AllocateOptions::default(), &TestGeo).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.to_string().contains("c3"));
}

#[test]
fn pruned_candidates_are_certified() {
    // 30 IROs on a line, 200 children: k = 3 nearest, exhaustive only below 2 posts.
    let mut cl = council();
    cl.iros = (0..30)
        .map(|i| iro(&format!("i{i}"), 51.0, -3.0 + 0.1 * i as f64, 9, false))
        .collect();
    cl.children = (0..200)
        .map(|c| {
            child(
                &format!("c{c}"),
                51.05,
                -3.0 + 0.0145 * c as f64,
                Some(c % 30),
            )
        })
        .collect();
    let opts = AllocateOptions {
        candidates: Some(3),
        exhaustive_up_to: 2,
        ..AllocateOptions::default()
    };
    let r = allocate_with(&cl, &opts, &TestGeo).unwrap();
    check(&cl, &r, None);
    assert!(matches!(
        r.pruning,
        Pruning::ProvedSafe | Pruning::MayHaveCut { .. }
    ));
    if r.pruning == Pruning::ProvedSafe {
        let all = AllocateOptions {
            exhaustive_up_to: 100,
            ..AllocateOptions::default()
        };
        let full = allocate_with(&cl, &all, &TestGeo).unwrap();
        assert!((full.objective - r.objective).abs() < 1e-6 * full.objective);
    }
}

/// Statutory cadence (reg. 33): named cases.
#[test]
fn expected_reviews_follow_the_cadence() {
    let config = Config::default(); // year from 2026-12-01
    let mut c = child("n", 50.7, -2.4, None);
    // New: first due 20 weekdays after 2026-11-01 (27 Nov, overdue → held 1 Dec), then
    // 1 Mar, 1 Sep 2027.
    c.looked_after_since = date("2026-11-01");
    c.reviews_held = 0;
    c.last_review = None;
    let expected = |c: &Child| {
        let cl = Caseload {
            children: vec![c.clone()],
            iros: Vec::new(),
            absences: Vec::new(),
            config: config.clone(),
            matrix: None,
        };
        Policy::new(&cl).expected_reviews(c)
    };
    assert_eq!(expected(&c), 3.0);
    // Established: last 15 Oct 2026 → 15 Apr, 15 Oct 2027.
    c.looked_after_since = date("2020-01-01");
    c.reviews_held = 5;
    c.last_review = Some(date("2026-10-15"));
    assert_eq!(expected(&c), 2.0);
    // Leaving care in March: only the April review would fall after.
    c.leaves_care = Some(date("2027-03-31"));
    assert_eq!(expected(&c), 0.0);
}
