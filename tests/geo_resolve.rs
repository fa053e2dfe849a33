//! Conformance cases for offline geography: each named case is what a user types and what the
//! gazetteer must answer. Distances are checked against independent computations noted inline.

use iro_planner::config::Travel;
use iro_planner::domain::LatLon;
use iro_planner::geo::{
    Gazetteer, Leg, PointIndex, Precision, ResolveError, TravelMatrix, TravelModel, haversine_miles,
};

fn g() -> &'static Gazetteer {
    Gazetteer::bundled()
}

fn p(lat: f64, lon: f64) -> LatLon {
    LatLon::new(lat, lon).expect("valid test point")
}

fn close(a: LatLon, lat: f64, lon: f64, tol: f64) -> bool {
    (a.lat() - lat).abs() <= tol && (a.lon() - lon).abs() <= tol
}

/// (text typed, expected label, expected precision, approximate lat, lon)
const RESOLVES: &[(&str, &str, Precision, f64, f64)] = &[
    ("DT1 1XJ", "DT1 1", Precision::Sector, 50.71, -2.44),
    ("dt11xj", "DT1 1", Precision::Sector, 50.71, -2.44),
    ("DT1  1XJ", "DT1 1", Precision::Sector, 50.71, -2.44),
    ("DT1 1", "DT1 1", Precision::Sector, 50.71, -2.44),
    ("DT1 5AB", "DT1", Precision::District, 50.71, -2.45),
    ("DT1", "DT1", Precision::District, 50.71, -2.45),
    ("B1", "B1", Precision::District, 52.48, -1.91),
    ("LL18 1AB", "LL18 1", Precision::Sector, 53.32, -3.49),
    ("BT1 1AA", "BT1", Precision::District, 54.58, -5.93),
    ("Birmingham", "Birmingham", Precision::Place, 52.48, -1.90),
    ("birmingham", "Birmingham", Precision::Place, 52.48, -1.90),
    ("London", "London", Precision::Place, 51.51, -0.13),
    (
        "Newcastle upon Tyne",
        "Newcastle upon Tyne",
        Precision::Place,
        54.97,
        -1.61,
    ),
    (
        "Newcastle",
        "Newcastle upon Tyne",
        Precision::Place,
        54.97,
        -1.61,
    ),
    ("Wrexham", "Wrexham", Precision::Place, 53.05, -2.99),
    ("Rhyl", "Rhyl", Precision::Place, 53.32, -3.49),
    ("Dorchester", "Dorchester", Precision::Place, 50.72, -2.43),
    (
        "Gillingham, Dorset",
        "Gillingham, Dorset",
        Precision::Place,
        51.04,
        -2.28,
    ),
    (
        "Gillingham (Dorset)",
        "Gillingham (Dorset)",
        Precision::Place,
        51.04,
        -2.28,
    ),
    (
        "Gillingham, Medway",
        "Gillingham, Medway",
        Precision::Place,
        51.39,
        0.55,
    ),
    // GeoNames puts this Gillingham in Medway, a unitary authority of the ceremonial county of
    // Kent (Lieutenancies Act 1997), so "Kent" is accepted as its county.
    (
        "Gillingham (Kent)",
        "Gillingham, Medway",
        Precision::Place,
        51.39,
        0.55,
    ),
    (
        "Gillingham, Kent",
        "Gillingham, Medway",
        Precision::Place,
        51.39,
        0.55,
    ),
    (
        "Newport, Isle of Wight",
        "Newport, Isle of Wight",
        Precision::Place,
        50.70,
        -1.29,
    ),
    (
        "Stoke on Trent",
        "Stoke-on-Trent",
        Precision::Place,
        53.00,
        -2.19,
    ),
    (
        "County Hall, Dorchester",
        "Dorset Council, County Hall, Colliton Park, Dorchester",
        Precision::Place,
        50.72,
        -2.44,
    ),
];

#[test]
fn named_resolutions() {
    for &(text, label, precision, lat, lon) in RESOLVES {
        let r = g()
            .resolve(text)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(r.label, label, "{text:?}");
        assert_eq!(r.precision, precision, "{text:?}");
        assert!(close(r.point, lat, lon, 0.02), "{text:?}: {:?}", r.point);
    }
}

#[test]
fn gillingham_alone_is_ambiguous_and_names_dorset() {
    let e = g().resolve("Gillingham").unwrap_err();
    let ResolveError::Ambiguous { text, options } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(text, "Gillingham");
    assert_eq!(options, &["Gillingham, Medway", "Gillingham, Dorset"]);
    let msg = e.to_string();
    assert!(msg.contains("add a county"), "{msg}");
    assert!(msg.contains("Gillingham, Dorset"), "{msg}");
}

#[test]
fn newport_is_ambiguous_between_wales_and_the_isle_of_wight() {
    let Err(ResolveError::Ambiguous { options, .. }) = g().resolve("Newport") else {
        panic!("Newport should be ambiguous")
    };
    assert!(
        options.iter().any(|o| o == "Newport, Newport"),
        "{options:?}"
    );
    assert!(
        options.iter().any(|o| o == "Newport, Isle of Wight"),
        "{options:?}"
    );
}

#[test]
fn unknown_place_suggests_the_nearest_spelling() {
    let e = g().resolve("Dorchestr").unwrap_err();
    let ResolveError::Unknown {
        kind, suggestions, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*kind, "place name");
    assert_eq!(suggestions[0], "Dorchester");
    assert!(suggestions.len() <= 3);
}

#[test]
fn unknown_district() {
    let e = g().resolve("ZZ9").unwrap_err();
    assert!(
        matches!(&e, ResolveError::Unknown { kind: "postcode district", suggestions, .. } if suggestions.is_empty()),
        "{e:?}"
    );
    assert_eq!(e.to_string(), "unknown postcode district 'ZZ9'");
    // A near miss gets suggestions.
    let e = g().resolve("DT0").unwrap_err();
    let ResolveError::Unknown { suggestions, .. } = &e else {
        panic!("{e:?}")
    };
    assert!(suggestions.contains(&"DT1".to_string()), "{suggestions:?}");
}

#[test]
fn haversine_dorchester_to_birmingham() {
    // Independent computation (haversine, R = 6,371,008.8 m): 124.06 miles; the crow flies
    // about 124 miles from Dorchester to Birmingham.
    let d = haversine_miles(p(50.71667, -2.43333), p(52.48142, -1.89983));
    assert!((d - 124.06).abs() < 0.05, "{d}");
}

#[test]
fn travel_model_defaults() {
    let m = TravelModel::new(&Travel::default(), None);
    let (a, b) = (p(50.71667, -2.43333), p(52.48142, -1.89983));
    let d = haversine_miles(a, b);
    let leg = m.leg(a, b);
    assert!((leg.miles - 1.2 * d).abs() < 1e-9);
    assert!((leg.hours - (0.2 + 1.2 * d / 52.0)).abs() < 1e-9);
    assert_eq!(
        m.leg(a, a),
        Leg {
            miles: 0.0,
            hours: 0.0
        }
    );
}

#[test]
fn matrix_overrides_the_model_both_ways() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("matrix.csv");
    std::fs::write(
        &path,
        "from,to,miles,hours\r\nDT1 1XJ,Birmingham,151,3.25\r\n",
    )
    .expect("write");
    let matrix = TravelMatrix::from_csv(&path, g()).expect("valid matrix");
    let m = TravelModel::new(&Travel::default(), Some(matrix));
    let dt1 = g().resolve("DT1 1").expect("sector").point;
    let brum = g().resolve("Birmingham").expect("place").point;
    let listed = Leg {
        miles: 151.0,
        hours: 3.25,
    };
    assert_eq!(m.leg(dt1, brum), listed);
    assert_eq!(m.leg(brum, dt1), listed);
    // Pairs not listed still follow the model.
    let wrexham = g().resolve("Wrexham").expect("place").point;
    assert_eq!(m.leg(dt1, wrexham), m.model_leg(dt1, wrexham));
}

#[test]
fn matrix_reports_every_bad_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("matrix.csv");
    std::fs::write(
        &path,
        "from,to,miles,hours\nGillingham,B1,1,1\nDT1,ZZ9,x,1\n",
    )
    .expect("write");
    let errs = TravelMatrix::from_csv(&path, g()).unwrap_err();
    let lines: Vec<_> = errs.iter().map(|e| (e.line, e.column.clone())).collect();
    assert_eq!(
        lines,
        vec![
            (Some(2), Some("from".into())),
            (Some(3), Some("to".into())),
            (Some(3), Some("miles".into())),
        ]
    );
    let first = errs[0].to_string();
    assert!(
        first.starts_with(&format!("{}:2: from: ", path.display())),
        "{first}"
    );
    assert!(first.contains("ambiguous"), "{first}");
}

#[test]
fn nearest_base_for_far_placements() {
    // Bases: Dorchester, Birmingham, Newcastle.
    let bases: Vec<LatLon> = ["Dorchester", "Birmingham", "Newcastle"]
        .iter()
        .map(|t| g().resolve(t).expect("base").point)
        .collect();
    let index = PointIndex::new(&bases);
    let nearest = |t: &str| index.nearest(g().resolve(t).expect("placement").point, 1)[0].0;
    assert_eq!(nearest("Wrexham"), 1);
    assert_eq!(nearest("Sunderland"), 2);
    assert_eq!(nearest("Weymouth"), 0);
    let around_dorchester = index.within(bases[0], 130.0);
    assert_eq!(
        around_dorchester.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![0, 1]
    );
}

#[test]
fn every_key_place_resolves_by_its_own_name() {
    let text = include_str!("../data/geo/key_places.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut n = 0;
    for row in reader.records() {
        let row = row.expect("csv row");
        let name = &row[0];
        let r = g().resolve(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let lat: f64 = row[1].parse().expect("lat");
        let lon: f64 = row[2].parse().expect("lon");
        assert!(close(r.point, lat, lon, 1e-6), "{name}");
        n += 1;
    }
    assert_eq!(n, 50);
}

#[test]
fn every_sector_resolves_to_itself() {
    for s in g().sectors() {
        let r = g()
            .resolve(&s.code)
            .unwrap_or_else(|e| panic!("{}: {e}", s.code));
        assert_eq!((r.label.as_str(), r.point), (s.code.as_str(), s.point));
        let compact = s.code.replace(' ', "").to_lowercase() + "zz";
        assert_eq!(g().resolve(&compact).map(|r| r.label), Ok(s.code.clone()));
    }
}

#[test]
fn every_place_is_reachable_by_name_or_qualified_name() {
    let places = g().places();
    // Only the most populous of a name within one county is reachable (rule 3).
    let mut first: std::collections::HashMap<(String, &str), usize> = Default::default();
    for (i, p) in places.iter().enumerate() {
        let e = first
            .entry((p.name.to_lowercase(), p.county.as_str()))
            .or_insert(i);
        if places[*e].population < p.population {
            *e = i;
        }
    }
    for (i, p) in places.iter().enumerate() {
        if first[&(p.name.to_lowercase(), p.county.as_str())] != i {
            continue;
        }
        let by_name = g().resolve(&p.name);
        let point = match by_name {
            Ok(r) if close(r.point, p.point.lat(), p.point.lon(), 1e-3) => r.point,
            _ => {
                let Err(ResolveError::Ambiguous { options, .. }) = g().resolve(&p.name) else {
                    // Resolved to another, dominant place: the qualified name must reach it.
                    let county = if p.county.is_empty() {
                        "England".to_string()
                    } else {
                        p.county.clone()
                    };
                    let text = format!("{} ({})", p.name, county);
                    let r = g().resolve(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
                    assert!(close(r.point, p.point.lat(), p.point.lon(), 1e-3), "{text}");
                    continue;
                };
                let hit = options.iter().find_map(|o| {
                    g().resolve(o)
                        .ok()
                        .filter(|r| close(r.point, p.point.lat(), p.point.lon(), 1e-3))
                });
                hit.unwrap_or_else(|| panic!("{} ({}) not among {options:?}", p.name, p.county))
                    .point
            }
        };
        assert!(close(point, p.point.lat(), p.point.lon(), 1e-3));
    }
}

proptest::proptest! {
    // Unknown text is scored against every place name for suggestions: slow-ish in a debug
    // build, so fewer cases than the default 256.
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn resolve_never_panics(text in "\\PC{0,24}") {
        let _ = g().resolve(&text);
    }

    #[test]
    fn resolve_never_panics_on_postcode_like_text(text in "[A-Za-z]{1,2}[0-9]{1,2}[A-Za-z ]{0,2}[0-9]?[A-Za-z]{0,3}") {
        let _ = g().resolve(&text);
    }
}
