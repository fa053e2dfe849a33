//! The range of a saving on a tiny council, by hand: one IRO, one child, two reviews a year,
//! each a day trip there and back; the scenario moves the IRO's base closer. The saving is
//! `reviews × 2 legs × Δmiles × (£ a mile + £ an hour / mph)` (the fixed time per journey and
//! the trips' count are the same in both plans), under the central, low- and high-travel
//! assumptions of config's ranges.

use std::path::Path;

use iro_planner::geo::EARTH_RADIUS_MILES;
use iro_planner::io::{InputPaths, load};
use iro_planner::scenario::{Scenario, compare};

/// Child at 51.0° N; the IRO at 50.6° N today and 50.9° N in the scenario, all on 2° W:
/// great-circle miles along a meridian are the radius times the latitude difference.
fn council(dir: &Path) {
    std::fs::write(
        dir.join("children.csv"),
        "child_id,lat,lon,looked_after_since,last_review,reviews_held,current_iro\n\
         C1,51.0,-2.0,2024-01-15,2026-09-15,3,A\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("iros.csv"),
        "iro_id,lat,lon,hours_per_week\nA,50.6,-2.0,37\n",
    )
    .unwrap();
}

#[test]
fn the_range_of_a_saving_on_a_tiny_council_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    council(dir.path());
    let cl = load(&InputPaths::from_dir(dir.path())).unwrap();
    let s = Scenario::from_toml(
        "name='closer'\n[[lever]]\nkind='move_iro'\nid='A'\nbase='50.9,-2.0'\n",
        Path::new("closer.toml"),
    )
    .unwrap();
    let c = compare(&cl, &[s], false).unwrap();
    let r = &c.scenarios[1];
    // Reviews due 2027-03-15 and 2027-09-15: two in the year, both in person, no hotel.
    assert_eq!(r.figures.reviews, 2);
    assert_eq!(r.figures.hotel_nights, 0);
    let delta = EARTH_RADIUS_MILES * 0.3_f64.to_radians();
    // saving = 2 reviews × 2 legs × road factor × Δ × (£/mile + £/hour ÷ mph)
    let saving = |road: f64, per_mile: f64, per_hour: f64, mph: f64| {
        2.0 * 2.0 * road * delta * (per_mile + per_hour / mph)
    };
    let central = saving(1.2, 0.45, 40.0, 52.0);
    let low = saving(1.15, 0.25, 35.0, 52.0 * 1.15);
    let high = saving(1.30, 0.45, 45.0, 52.0 * 0.85);
    let got = r.saving.cost_travel;
    assert!((got - central).abs() < 1e-6, "central {got} vs {central}");
    let range = r.saving_range.expect("ranges computed");
    let (lo, hi) = (range.low.cost_travel, range.high.cost_travel);
    let want_lo = central.min(low).min(high);
    let want_hi = central.max(low).max(high);
    assert!((lo - want_lo).abs() < 1e-6, "low {lo} vs {want_lo}");
    assert!((hi - want_hi).abs() < 1e-6, "high {hi} vs {want_hi}");
    // Miles saved: 2 reviews × 2 legs × road factor × Δ, between 1.15 and 1.30.
    assert!((range.low.miles - 4.0 * 1.15 * delta).abs() < 1e-6);
    assert!((range.high.miles - 4.0 * 1.30 * delta).abs() < 1e-6);
}
