//! The figure-direction table: for every figure of a comparison, which way is better and
//! whether it has a saving, as named cases taken from what the figure means — not from the
//! code's table. Every mismatch is reported at once.

use iro_planner::scenario::figures::{Direction, FIGURES, Measure, Verdict, figure};

use Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower, Neutral};

/// (figure, direction, has a saving, whole number): the rule, one line per figure.
const EXPECTED: &[(&str, Direction, bool, bool)] = &[
    // Context: how many children and reviews there are is neither better nor worse.
    ("children", Neutral, false, true),
    ("children_in_care", Neutral, false, false),
    ("reviews", Neutral, false, true),
    ("reviews_known", Neutral, false, true),
    ("reviews_projected", Neutral, false, true),
    // Timeliness: fewer late reviews, more on time.
    ("reviews_late", Lower, false, true),
    ("on_time_pct", Higher, false, false),
    // Cover: a colleague chairing is how a service absorbs absence (context); an agency IRO is
    // an outside cost and a stranger to the child.
    ("reviews_covered_colleague", Neutral, false, true),
    ("reviews_covered_agency", Lower, false, true),
    // Travel: less is better, and a saving is meaningful.
    ("miles", Lower, true, false),
    ("drive_hours", Lower, true, false),
    ("drive_fte", Lower, false, false),
    ("hotel_nights", Lower, false, true),
    ("cost_mileage", Lower, true, false),
    ("cost_hotel", Lower, true, false),
    ("cost_travel_cash", Lower, true, false),
    ("cost_staff", Lower, true, false),
    ("cost_travel", Lower, true, false),
    // Money apart from travel.
    ("cost_posts", Lower, true, false),
    ("cost_placements", Lower, true, false),
    ("cost_agency", Lower, true, false),
    ("cost_total", Lower, true, false),
    ("co2_t", Lower, true, false),
    // Caseloads: lighter and less overloaded is better; the smallest is context (a low
    // minimum is an IRO with room, not a cost).
    ("caseload_min_per_fte", Neutral, false, false),
    ("caseload_mean_per_fte", Lower, false, false),
    ("caseload_max_per_fte", Lower, false, false),
    ("fte", Neutral, false, false),
    ("required_fte", Lower, false, false),
    ("required_hours_per_week", Lower, false, false),
    // Continuity: fewer children changing IRO.
    ("children_moved", Lower, false, true),
];

#[test]
fn every_figure_has_the_direction_and_saving_its_meaning_gives() {
    let mut wrong = Vec::new();
    for &(key, direction, saving, count) in EXPECTED {
        match figure(key) {
            None => wrong.push(format!("{key}: not in the table")),
            Some(d) => {
                if d.direction != direction {
                    wrong.push(format!(
                        "{key}: direction {:?}, expected {direction:?}",
                        d.direction
                    ));
                }
                if d.is_saving() != saving {
                    wrong.push(format!(
                        "{key}: saving {}, expected {saving}",
                        d.is_saving()
                    ));
                }
                if d.is_count() != count {
                    wrong.push(format!(
                        "{key}: whole number {}, expected {count}",
                        d.is_count()
                    ));
                }
            }
        }
    }
    for d in FIGURES {
        if !EXPECTED.iter().any(|e| e.0 == d.key) {
            wrong.push(format!("{}: in the table but has no expected case", d.key));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn savings_are_for_money_miles_hours_and_co2_only() {
    for d in FIGURES {
        let expected = matches!(
            d.measure,
            Measure::Money | Measure::Miles | Measure::Hours | Measure::Co2
        );
        assert_eq!(d.is_saving(), expected, "{}", d.key);
    }
}

#[test]
fn a_difference_is_judged_by_its_direction() {
    let f = |k: &str| figure(k).expect("known figure");
    // 90.7 % on time against 100 %: worse, never a "saving" of 9.3.
    assert_eq!(f("on_time_pct").verdict(90.7 - 100.0), Verdict::Worse);
    assert_eq!(f("on_time_pct").verdict(0.4), Verdict::Better);
    assert_eq!(f("cost_travel").verdict(-19_247.0), Verdict::Better);
    assert_eq!(f("cost_travel").verdict(525.0), Verdict::Worse);
    assert_eq!(f("caseload_max_per_fte").verdict(2.0), Verdict::Worse);
    assert_eq!(f("children_moved").verdict(13.0), Verdict::Worse);
    // Below the shown precision: the same.
    assert_eq!(f("cost_travel").verdict(0.4), Verdict::Same);
    assert_eq!(f("co2_t").verdict(0.04), Verdict::Same);
    // Context figures are neither better nor worse.
    assert_eq!(f("reviews").verdict(-2.0), Verdict::Neither);
    assert_eq!(f("children").verdict(-55.0), Verdict::Neither);
}
