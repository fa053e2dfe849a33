//! The checker on plans of random small councils (and on the bundled council): every plan the
//! binary writes must pass the independent checker. A failure here is a planner bug (or a
//! checker bug) — the violation lines say which rule and which row.

use std::path::Path;
use std::process::Command;

use iro_planner::check::check_plan_dir;
use iro_planner::io::{InputPaths, load};
use rand::{Rng, SeedableRng};

/// Postcode districts and places near and far from Dorset (the bundled gazetteer knows them).
const PLACES: &[&str] = &[
    "DT1", "DT2", "DT3", "DT4", "DT11", "BH1", "BH8", "BH15", "BH23", "SP1", "BA1", "TA1", "EX1",
    "BS1", "B1", "B15", "WV1", "CV1", "LL18", "LL11", "NE1", "SW1A", "M1", "SO14",
];
const BASES: &[&str] = &["DT1", "DT4", "BH1", "DT11", "B1"];

fn plan_and_check(data: &Path, out: &Path) -> Vec<String> {
    let run = Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .arg("plan")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run plan");
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "plan failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let caseload = load(&InputPaths::from_dir(data)).expect("inputs load");
    check_plan_dir(&caseload, out)
        .expect("check runs")
        .violations
}

/// A random council; with `overnight`, every IRO may stay away overnight.
fn random_council(seed: u64, dir: &Path, overnight: bool) {
    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
    let n_iros = rng.random_range(2..=4);
    let mut iros = String::from("iro_id,base,hours_per_week,working_days,overnight\n");
    for i in 0..n_iros {
        let days = if rng.random_bool(0.3) {
            "\"Mon,Tue,Wed\""
        } else {
            "\"Mon,Tue,Wed,Thu,Fri\""
        };
        iros.push_str(&format!(
            "I{i},{},{},{days},{}\n",
            BASES[rng.random_range(0..BASES.len())],
            [37.0, 30.0, 18.5][rng.random_range(0..3)],
            overnight || rng.random_bool(0.8)
        ));
    }
    let mut children = String::from(
        "child_id,placement,looked_after_since,last_review,reviews_held,current_iro,sibling_group,extra_time,review_mode\n",
    );
    let start = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    for c in 0..rng.random_range(5..=25) {
        let since = start - chrono::Duration::days(rng.random_range(1..2000));
        let (last, held) = if (start - since).num_days() < 30 || rng.random_bool(0.1) {
            (String::new(), 0)
        } else {
            let back = rng.random_range(1..(start - since).num_days().min(180));
            (
                (start - chrono::Duration::days(back)).to_string(),
                rng.random_range(1..8),
            )
        };
        let current = if rng.random_bool(0.7) {
            format!("I{}", rng.random_range(0..n_iros))
        } else {
            String::new()
        };
        let group = if rng.random_bool(0.15) { "g1" } else { "" };
        children.push_str(&format!(
            "C{c:02},{},{since},{last},{held},{current},{group},{},{}\n",
            PLACES[rng.random_range(0..PLACES.len())],
            rng.random_bool(0.2),
            if rng.random_bool(0.15) {
                "virtual_allowed"
            } else {
                "in_person"
            }
        ));
    }
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join("iros.csv"), iros).expect("write");
    std::fs::write(dir.join("children.csv"), children).expect("write");
    std::fs::write(
        dir.join("config.toml"),
        "[horizon]\nstart = \"2026-12-01\"\nmonths = 12\n",
    )
    .expect("write");
}

#[test]
fn random_councils_pass_the_checker() {
    random_councils(true);
}

#[test]
fn random_councils_with_day_trip_only_iros_pass_the_checker() {
    random_councils(false);
}

fn random_councils(overnight: bool) {
    let mut failures = Vec::new();
    for seed in 0..24 {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        random_council(seed, &data, overnight);
        let v = plan_and_check(&data, &dir.path().join("out"));
        if !v.is_empty() {
            failures.push(format!("seed {seed}:\n  {}", v.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bundled_council_passes_the_checker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dorset");
    let v = plan_and_check(&data, dir.path());
    assert!(v.is_empty(), "{}", v.join("\n"));
}
