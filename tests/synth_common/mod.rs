//! Helpers shared by the synth tests: run the generator into a temporary folder and read the
//! rows back with the csv crate (independently of the generator's own types).
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use iro_planner::synth::{self, Options, Profile, Summary};

pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("valid date")
}

pub fn run(
    dir: &Path,
    profile: Profile,
    seed: u64,
    home: Option<&str>,
    children: Option<usize>,
) -> Summary {
    let options = Options {
        profile,
        seed,
        out: dir.to_path_buf(),
        home: home.map(str::to_string),
        children,
        iros: None,
        councils: None,
        as_of: as_of(),
    };
    synth::generate(&options).expect("generation succeeds")
}

/// Rows of a CSV file as header → value maps.
pub fn read(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("readable csv");
    let headers = r.headers().expect("header row").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("valid row");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("ISO date")
}
