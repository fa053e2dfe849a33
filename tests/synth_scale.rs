//! The council and national profiles at reduced sizes.

mod synth_common;

use std::collections::{HashMap, HashSet};

use iro_planner::geo::{Gazetteer, PointIndex, haversine_miles};
use iro_planner::synth::{self, Options, Profile};
use synth_common::{as_of, read, run};

#[test]
fn council_around_leeds_has_sensible_shares() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = run(dir.path(), Profile::Council, 4, Some("Leeds"), Some(600));
    let children = read(&dir.path().join("children.csv"));
    let iros = read(&dir.path().join("iros.csv"));
    assert_eq!(children.len(), 600);
    let out = s.out_of_area as f64 / 600.0;
    assert!((0.38..=0.44).contains(&out), "{out}");
    // About one FTE per 60 children.
    let fte: f64 = iros
        .iter()
        .map(|i| i["hours_per_week"].parse::<f64>().expect("hours") / 37.0)
        .sum();
    assert!((10.0..=11.5).contains(&fte), "{fte}");
    let ids: HashSet<&str> = iros.iter().map(|i| i["iro_id"].as_str()).collect();
    assert!(
        children
            .iter()
            .all(|c| ids.contains(c["current_iro"].as_str()))
    );
    let gaz = Gazetteer::bundled();
    for c in &children {
        assert!(gaz.resolve(&c["placement"]).is_ok(), "{}", c["placement"]);
    }
    for i in &iros {
        assert!(gaz.resolve(&i["base"]).is_ok(), "{}", i["base"]);
    }
}

#[test]
fn council_needs_a_home_that_resolves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut options = Options {
        profile: Profile::Council,
        seed: 1,
        out: dir.path().to_path_buf(),
        home: None,
        children: None,
        iros: None,
        councils: None,
        as_of: as_of(),
    };
    assert!(synth::generate(&options).is_err());
    options.home = Some("Qqqzzxville".into());
    let err = synth::generate(&options).expect_err("unknown home");
    assert_eq!(err.exit_code(), 2);
    options.home = Some("Glasgow".into());
    assert!(
        synth::generate(&options).is_err(),
        "Glasgow is not an English council"
    );
    options.home = Some("Leeds".into());
    options.children = Some(0);
    assert!(synth::generate(&options).is_err());
}

#[test]
fn national_at_reduced_size_has_councils_and_shares() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = run(dir.path(), Profile::National, 9, None, Some(5_000));
    let children = read(&dir.path().join("children.csv"));
    let iros = read(&dir.path().join("iros.csv"));
    assert_eq!(children.len(), 5_000);
    assert!(children.iter().all(|c| !c["council"].is_empty()));
    assert!(iros.iter().all(|i| !i["council"].is_empty()));
    let councils: HashSet<&str> = children.iter().map(|c| c["council"].as_str()).collect();
    assert!((140..=150).contains(&councils.len()), "{}", councils.len());
    assert_eq!(s.councils, councils.len());
    // Ids are unique across councils and each child's IRO belongs to its council.
    let iro_council: HashMap<&str, &str> = iros
        .iter()
        .map(|i| (i["iro_id"].as_str(), i["council"].as_str()))
        .collect();
    assert_eq!(iro_council.len(), iros.len());
    let ids: HashSet<&str> = children.iter().map(|c| c["child_id"].as_str()).collect();
    assert_eq!(ids.len(), children.len());
    for c in &children {
        assert_eq!(
            iro_council.get(c["current_iro"].as_str()),
            Some(&c["council"].as_str())
        );
    }
    let out = s.out_of_area as f64 / 5_000.0;
    assert!((0.37..=0.43).contains(&out), "{out}");
    // Recomputed from the files: a child is out of its council when its sector's authority is
    // not the authority of the council's home town (and it is not next door).
    let gaz = Gazetteer::bundled();
    let points: Vec<_> = gaz.sectors().iter().map(|s| s.point).collect();
    let index = PointIndex::new(&points);
    let la_at = |p| gaz.sectors()[index.nearest(p, 1)[0].0].la_code.clone();
    let mut home: HashMap<&str, (iro_planner::domain::LatLon, String)> = HashMap::new();
    let (mut counted, mut away) = (0usize, 0usize);
    for c in &children {
        let council = c["council"].as_str();
        if !home.contains_key(council) {
            let Ok(r) = gaz.resolve(council) else {
                continue;
            };
            home.insert(council, (r.point, la_at(r.point)));
        }
        let (hp, hla) = &home[council];
        let p = gaz
            .resolve(&c["placement"])
            .expect("placement resolves")
            .point;
        counted += 1;
        away += usize::from(la_at(p) != *hla && haversine_miles(*hp, p) > 8.0);
    }
    let away = away as f64 / counted as f64;
    assert!(
        counted > 4_000 && (0.34..=0.46).contains(&away),
        "{away} of {counted}"
    );
    // ≈ 1,400 posts for 84,000 children scales to ≈ 83 for 5,000 (at least one per council).
    assert!((80..=200).contains(&iros.len()), "{}", iros.len());
    // The biggest council is London or Birmingham (population-weighted, capped).
    let mut per: HashMap<&str, usize> = HashMap::new();
    for c in &children {
        *per.entry(c["council"].as_str()).or_default() += 1;
    }
    let (biggest, _) = per.iter().max_by_key(|(k, v)| (**v, *k)).expect("councils");
    assert!(["London", "Birmingham"].contains(biggest), "{biggest}");
    // No council is short of capacity: its posts' band maxima (70 per 37 h) hold its children.
    let mut capacity: HashMap<&str, f64> = HashMap::new();
    for i in &iros {
        let hours: f64 = i["hours_per_week"].parse().expect("hours");
        *capacity.entry(i["council"].as_str()).or_default() += (70.0 * hours / 37.0).floor();
    }
    for (council, n) in &per {
        assert!(capacity[council] >= *n as f64, "{council}: {n} children");
    }
}

#[test]
fn national_with_fewer_councils() {
    let dir = tempfile::tempdir().expect("tempdir");
    let options = Options {
        profile: Profile::National,
        seed: 3,
        out: dir.path().to_path_buf(),
        home: None,
        children: Some(1_200),
        iros: None,
        councils: Some(2),
        as_of: as_of(),
    };
    let s = synth::generate(&options).expect("generates");
    let children = read(&dir.path().join("children.csv"));
    let councils: HashSet<&str> = children.iter().map(|c| c["council"].as_str()).collect();
    assert_eq!((s.councils, councils.len(), children.len()), (2, 2, 1_200));
    let bad = Options {
        councils: Some(0),
        ..options
    };
    assert!(synth::generate(&bad).is_err());
}
