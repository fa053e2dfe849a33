//! A small council written to a temporary folder, for scenario tests.
#![allow(dead_code)]

use std::path::Path;

use iro_planner::domain::Caseload;
use iro_planner::io::{InputPaths, load};

const PLACES: &[&str] = &[
    "DT1 1",
    "DT4 9",
    "BH21 1",
    "DT6 9",
    "Birmingham",
    "Bristol",
    "DT11 7",
    "Wolverhampton",
];

/// Writes a council of `n` children and four IROs (one vacant) into `dir`.
pub fn write_council(dir: &Path, n: usize) {
    let mut c = String::from(
        "child_id,placement,looked_after_since,last_review,reviews_held,current_iro,placement_type\n",
    );
    for k in 0..n {
        let place = PLACES[k % PLACES.len()];
        let iro = if k % 2 == 0 { "IRO1" } else { "IRO2" };
        let ptype = if k % 3 == 0 { "external" } else { "internal" };
        let month = 6 + (k % 5);
        c += &format!("C{k:03},{place},2024-01-15,2026-{month:02}-10,3,{iro},{ptype}\n");
    }
    std::fs::write(dir.join("children.csv"), c).unwrap();
    std::fs::write(
        dir.join("iros.csv"),
        "iro_id,base,hours_per_week,working_days,vacant\n\
         IRO1,DT1 1XJ,37,\"Mon,Tue,Wed,Thu,Fri\",false\n\
         IRO2,BH21 1,37,\"Mon,Tue,Wed,Thu,Fri\",false\n\
         IRO3,DT1 1XJ,18.5,\"Mon,Tue,Wed\",false\n\
         VAC1,DT1 1XJ,37,\"Mon,Tue,Wed,Thu,Fri\",true\n",
    )
    .unwrap();
}

/// A loaded small council.
pub fn council(n: usize) -> (tempfile::TempDir, Caseload) {
    let dir = tempfile::tempdir().unwrap();
    write_council(dir.path(), n);
    let cl = load(&InputPaths::from_dir(dir.path())).unwrap();
    (dir, cl)
}
