//! The Dorset profile: determinism, calibration shares, siblings, reg. 33 histories, resolvable
//! placements and bases, and caseloads inside the band.

mod synth_common;

use std::collections::{BTreeMap, HashMap};

use iro_planner::calendar::Calendar;
use iro_planner::config::{Config, Review};
use iro_planner::geo::{Gazetteer, PointIndex};
use iro_planner::synth::Profile;
use synth_common::{as_of, date, read, run};

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    ["children.csv", "iros.csv", "config.toml", "README.md"]
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read(dir.join(f)).expect("file written"),
            )
        })
        .collect()
}

#[test]
fn same_seed_same_bytes_other_seed_other_children() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let c = tempfile::tempdir().expect("tempdir");
    run(a.path(), Profile::Dorset, 1, None, None);
    run(b.path(), Profile::Dorset, 1, None, None);
    run(c.path(), Profile::Dorset, 2, None, None);
    // README and config name the output folder, which differs; compare the data files.
    let fa = files(a.path());
    let fb = files(b.path());
    assert_eq!(fa[0], fb[0]);
    assert_eq!(fa[1], fb[1]);
    assert_ne!(fa[0], files(c.path())[0]);
}

/// Local-authority code of each child's placement, found independently of the generator.
fn la_of(gaz: &Gazetteer, index: &PointIndex, placement: &str) -> String {
    let r = gaz
        .resolve(placement)
        .unwrap_or_else(|e| panic!("placement '{placement}' does not resolve: {e}"));
    let (i, _) = index.nearest(r.point, 1)[0];
    gaz.sectors()[i].la_code.clone()
}

#[test]
fn dorset_matches_its_calibration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = run(dir.path(), Profile::Dorset, 1, None, None);
    let children = read(&dir.path().join("children.csv"));
    let iros = read(&dir.path().join("iros.csv"));
    assert_eq!(children.len(), 455);
    assert_eq!(summary.children, 455);

    let gaz = Gazetteer::bundled();
    let points: Vec<_> = gaz.sectors().iter().map(|s| s.point).collect();
    let index = PointIndex::new(&points);
    let by_code: HashMap<&str, &str> = gaz
        .sectors()
        .iter()
        .map(|s| (s.code.as_str(), s.la_code.as_str()))
        .collect();

    // Shares: 41 % outside Dorset Council (BCP counts as outside), per the 2018/19 report.
    let mut outside = 0;
    let mut sector_codes = 0;
    for c in &children {
        let p = c["placement"].as_str();
        let la = match by_code.get(p) {
            Some(la) => {
                sector_codes += 1;
                la.to_string()
            }
            None => la_of(gaz, &index, p),
        };
        outside += usize::from(la != "E06000059");
    }
    let share = outside as f64 / children.len() as f64;
    assert!((0.39..=0.43).contains(&share), "outside share {share}");
    assert!(sector_codes as f64 >= 0.95 * children.len() as f64);

    let count = |col: &str, v: &str| children.iter().filter(|c| c[col] == v).count() as f64;
    let n = children.len() as f64;
    assert!((0.05..=0.13).contains(&(count("extra_time", "true") / n)));
    let virtual_share = count("review_mode", "virtual_allowed") / n;
    assert!(
        virtual_share > 0.0 && virtual_share < 0.08,
        "{virtual_share}"
    );
    assert!(count("placement_type", "external") > 0.0 && count("placement_type", "internal") > 0.0);

    // Siblings: ≈ 15 % in groups of 2–3, one IRO, one entry date, mostly one sector.
    let mut groups: BTreeMap<&str, Vec<&HashMap<String, String>>> = BTreeMap::new();
    for c in &children {
        if !c["sibling_group"].is_empty() {
            groups
                .entry(c["sibling_group"].as_str())
                .or_default()
                .push(c);
        }
    }
    let in_groups: usize = groups.values().map(Vec::len).sum();
    assert!(
        (0.09..=0.21).contains(&(in_groups as f64 / n)),
        "{in_groups}"
    );
    let mut together = 0;
    for m in groups.values() {
        assert!((2..=3).contains(&m.len()));
        assert!(m.iter().all(|c| c["current_iro"] == m[0]["current_iro"]));
        assert!(
            m.iter()
                .all(|c| c["looked_after_since"] == m[0]["looked_after_since"])
        );
        together += usize::from(m.iter().all(|c| c["placement"] == m[0]["placement"]));
    }
    assert!(
        together * 10 >= groups.len() * 6,
        "{together} of {}",
        groups.len()
    );

    // IROs: 9 posts = 7.61 FTE (281.5 hours), one of them a vacant 37-hour post, so 6.61 FTE
    // filled; bases that resolve.
    assert_eq!(iros.len(), 9);
    let hours: Vec<f64> = iros
        .iter()
        .map(|i| i["hours_per_week"].parse().expect("hours"))
        .collect();
    assert_eq!(
        hours,
        vec![37.0, 37.0, 37.0, 37.0, 37.0, 30.0, 25.0, 23.0, 18.5]
    );
    let vacant: Vec<_> = iros.iter().filter(|i| i["vacant"] == "true").collect();
    assert_eq!(vacant.len(), 1);
    assert_eq!(vacant[0]["hours_per_week"], "37");
    let establishment: f64 = hours.iter().sum::<f64>() / 37.0;
    assert!((establishment - 7.61).abs() < 0.01, "{establishment}");
    let filled: f64 = iros
        .iter()
        .zip(&hours)
        .filter(|(i, _)| i["vacant"] != "true")
        .map(|(_, h)| h / 37.0)
        .sum();
    assert!((filled - 6.61).abs() < 0.01, "{filled}");
    assert_eq!(iros.iter().filter(|i| i["overnight"] == "false").count(), 1);
    assert!(iros.iter().any(|i| i["base"] == "DT1 1XJ"));
    for i in &iros {
        let la = la_of(gaz, &index, &i["base"]);
        assert_eq!(la, "E06000059", "base {} is not in Dorset", i["base"]);
    }

    // Caseloads: every filled post inside its pro-rata band of 50–70 per FTE; vacant holds none.
    let band = Config::default().caseload;
    for (i, h) in iros.iter().zip(&hours) {
        let load = children
            .iter()
            .filter(|c| c["current_iro"] == i["iro_id"])
            .count() as f64;
        if i["vacant"] == "true" {
            assert_eq!(load, 0.0);
        } else {
            let fte = h / band.fte_hours;
            assert!(
                load >= band.band_min_per_fte * fte && load <= band.band_max_per_fte * fte,
                "{} holds {load} at {fte} FTE",
                i["iro_id"]
            );
        }
    }

    // The config parses, with the bundled horizon.
    let cfg = Config::from_file(&dir.path().join("config.toml")).expect("config parses");
    assert_eq!(cfg.horizon.start, date("2026-12-01"));
    assert_eq!(cfg.horizon.months, 12);
    let mut expected = Config::default();
    expected.horizon = cfg.horizon.clone();
    assert_eq!(cfg, expected, "config.toml holds the defaults");
}

/// Reviews a child would have had by `as_of` if every review were held exactly `early` working
/// days before its due date — recomputed here from reg. 33, not with the generator's code.
fn reviews_if_held_early(
    cal: &Calendar,
    rules: &Review,
    since: chrono::NaiveDate,
    early: u32,
) -> u32 {
    let mut due = cal.first_review_due(since, rules);
    let mut held = 0;
    let mut last = since;
    loop {
        let mut on = cal.sub_working_days(cal.working_day_on_or_before(due), early);
        if on <= last {
            on = cal.add_working_days(last, 1);
        }
        if on > as_of() {
            return held;
        }
        held += 1;
        last = on;
        due = Calendar::next_review_due(on, held + 1, rules);
    }
}

#[test]
fn histories_are_consistent_with_reg_33() {
    let dir = tempfile::tempdir().expect("tempdir");
    run(dir.path(), Profile::Dorset, 3, None, None);
    let children = read(&dir.path().join("children.csv"));
    let cal = Calendar::england_wales(2009, 2029);
    let rules = Review::default();
    let mut next_due_ok = 0;
    let mut recent = 0;
    let mut long = 0;
    for c in &children {
        let since = date(&c["looked_after_since"]);
        let held: u32 = c["reviews_held"].parse().expect("count");
        assert!(since <= as_of());
        let next_due = if c["last_review"].is_empty() {
            assert_eq!(held, 0, "{c:?}");
            recent += 1;
            cal.first_review_due(since, &rules)
        } else {
            let last = date(&c["last_review"]);
            assert!(held >= 1 && last > since && last <= as_of(), "{c:?}");
            assert!(cal.is_working_day(last), "{c:?}");
            Calendar::next_review_due(last, held + 1, &rules)
        };
        next_due_ok += usize::from(next_due >= as_of());
        // Held on time, at most `early_working_days` early: the count lies between the two
        // extremes.
        let fewest = reviews_if_held_early(&cal, &rules, since, 0);
        let most = reviews_if_held_early(&cal, &rules, since, rules.early_working_days);
        assert!(
            (fewest..=most).contains(&held),
            "{c:?}: {held} reviews, expected {fewest}..={most}"
        );
        long += usize::from((as_of() - since).num_days() > 365);
    }
    assert!(next_due_ok * 100 >= children.len() * 99);
    assert!(recent > 0, "some children entered care in the last weeks");
    assert!(
        long * 2 > children.len(),
        "most have been in care over a year"
    );
}
