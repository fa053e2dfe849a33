//! Bad inputs get clear errors naming file, line, column, value and what was expected; all at
//! once; exit code 2; nothing written. Good-but-odd inputs (BOM, CRLF) are accepted.

use std::path::{Path, PathBuf};
use std::process::Command;

use iro_planner::Error;
use iro_planner::io::{InputPaths, load};

const IROS: &str = "iro_id,base,hours_per_week,working_days,vacant\n\
A,DT1 1XJ,37,\"Mon,Tue,Wed,Thu,Fri\",false\n\
B,Weymouth,30,\"Mon,Tue,Wed,Thu\",false\n\
V,DT1,37,\"Mon,Tue,Wed,Thu,Fri\",true\n";

const CHILDREN: &str = "child_id,placement,looked_after_since,last_review,reviews_held,current_iro,sibling_group\n\
C1,DT1 2,2024-03-01,2026-09-01,4,A,\n\
C2,B1,2025-06-10,2026-07-15,2,B,g1\n\
C3,B1,2025-06-10,2026-07-15,2,B,g1\n";

fn council(children: &str, iros: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().to_path_buf();
    std::fs::write(p.join("children.csv"), children).expect("write");
    std::fs::write(p.join("iros.csv"), iros).expect("write");
    std::fs::write(
        p.join("config.toml"),
        "[horizon]\nstart = \"2026-12-01\"\nmonths = 12\n",
    )
    .expect("write");
    (dir, p)
}

fn errors(children: &str, iros: &str) -> Vec<String> {
    let (_d, p) = council(children, iros);
    match load(&InputPaths::from_dir(&p)) {
        Ok(_) => Vec::new(),
        Err(Error::Input(errs)) => errs.iter().map(|e| e.to_string()).collect(),
        Err(e) => vec![format!("other error: {e}")],
    }
}

fn assert_one(errs: &[String], needles: &[&str]) {
    assert!(
        errs.iter().any(|e| needles.iter().all(|n| e.contains(n))),
        "no error containing {needles:?} in {errs:#?}"
    );
}

#[test]
fn good_council_loads() {
    let (_d, p) = council(CHILDREN, IROS);
    let c = load(&InputPaths::from_dir(&p)).expect("loads");
    assert_eq!(c.children.len(), 3);
    assert_eq!(c.iros.len(), 3);
    assert!(c.iros[2].vacant);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let children = format!("\u{feff}{}", CHILDREN.replace('\n', "\r\n"));
    let iros = format!("\u{feff}{}", IROS.replace('\n', "\r\n"));
    let (_d, p) = council(&children, &iros);
    let c = load(&InputPaths::from_dir(&p)).expect("BOM and CRLF load");
    assert_eq!(c.children[0].external_id, "C1");
    assert_eq!(c.iros[0].external_id, "A");
}

#[test]
fn missing_required_column() {
    let errs = errors("child_id,placement\nC1,DT1\n", IROS);
    assert_one(
        &errs,
        &[
            "children.csv",
            "looked_after_since",
            "missing required column",
        ],
    );
}

#[test]
fn duplicate_ids() {
    let c = format!("{CHILDREN}C1,DT1,2024-01-01,,,A,\n");
    let errs = errors(&c, IROS);
    assert_one(
        &errs,
        &["children.csv:5", "child_id", "duplicate id 'C1'", "line 2"],
    );
    let i = format!("{IROS}A,DT1,37,,\n");
    assert_one(
        &errors(CHILDREN, &i),
        &["iros.csv:5", "iro_id", "duplicate id 'A'"],
    );
}

#[test]
fn impossible_and_unparsable_dates() {
    let c = "child_id,placement,looked_after_since\nC1,DT1,2026-02-30\nC2,DT1,01/30/2026\nC3,DT1,30/01/2026\n";
    let errs = errors(c, IROS);
    assert_one(
        &errs,
        &[
            "children.csv:2",
            "looked_after_since",
            "2026-02-30",
            "YYYY-MM-DD",
        ],
    );
    assert_one(
        &errs,
        &["children.csv:3", "looked_after_since", "01/30/2026", "US"],
    );
    assert!(
        !errs.iter().any(|e| e.contains("children.csv:4")),
        "a UK date is a date: {errs:#?}"
    );
}

#[test]
fn future_entry_and_review_before_entry() {
    let c = "child_id,placement,looked_after_since,last_review,reviews_held\n\
             C1,DT1,2027-01-05,,\n\
             C2,DT1,2025-05-01,2025-04-01,1\n";
    let errs = errors(c, IROS);
    assert_one(
        &errs,
        &[
            "children.csv:2",
            "looked_after_since",
            "2027-01-05",
            "future",
        ],
    );
    assert_one(
        &errs,
        &[
            "children.csv:3",
            "last_review",
            "2025-04-01",
            "before looked_after_since",
        ],
    );
}

#[test]
fn unknown_places_suggest_close_names() {
    let c =
        "child_id,placement,looked_after_since\nC1,Dorchestr,2025-01-01\nC2,ZZ9 9ZZ,2025-01-01\n";
    let errs = errors(c, IROS);
    assert_one(
        &errs,
        &["children.csv:2", "placement", "Dorchestr", "Dorchester"],
    );
    assert_one(&errs, &["children.csv:3", "placement", "ZZ9"]);
}

#[test]
fn ambiguous_place_needs_a_county() {
    let c = "child_id,placement,looked_after_since\nC1,Gillingham,2025-01-01\n";
    let errs = errors(c, IROS);
    assert_one(
        &errs,
        &["children.csv:2", "placement", "Gillingham", "Dorset"],
    );
}

#[test]
fn coordinates_out_of_range_or_abroad() {
    let c = "child_id,lat,lon,looked_after_since\nC1,95,0,2025-01-01\nC2,48.85,2.35,2025-01-01\nC3,52.48,-1.90,2025-01-01\n";
    let errs = errors(c, IROS);
    assert_one(&errs, &["children.csv:2", "out of range"]);
    assert_one(&errs, &["children.csv:3", "outside the United Kingdom"]);
    assert!(
        !errs.iter().any(|e| e.contains("children.csv:4")),
        "{errs:#?}"
    );
}

#[test]
fn hours_must_be_positive_and_at_most_60() {
    let i = "iro_id,base,hours_per_week\nA,DT1,0\nB,DT1,70\nC,DT1,-3\n";
    let errs = errors(
        "child_id,placement,looked_after_since\nC1,DT1,2025-01-01\n",
        i,
    );
    assert_one(&errs, &["iros.csv:2", "hours_per_week"]);
    assert_one(&errs, &["iros.csv:3", "hours_per_week", "70"]);
    assert_one(&errs, &["iros.csv:4", "hours_per_week"]);
}

#[test]
fn unknown_current_iro() {
    let c = "child_id,placement,looked_after_since,current_iro\nC1,DT1,2025-01-01,Z\n";
    assert_one(
        &errors(c, IROS),
        &["children.csv:2", "current_iro", "unknown IRO 'Z'"],
    );
}

#[test]
fn one_missing_iro_named_by_many_children_is_one_error_with_its_rows() {
    // 70 children of an IRO missing from iros.csv gave 70 near-identical errors.
    let mut c = String::from("child_id,placement,looked_after_since,current_iro\n");
    for k in 0..70 {
        c += &format!(
            "C{k},DT1,2025-01-01,{}\n",
            if k % 2 == 0 { "GONE" } else { "A" }
        );
    }
    c += "Z1,DT1,2025-01-01,Z\n";
    let errs = errors(&c, IROS);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_one(
        &errs,
        &[
            "children.csv:2: current_iro: unknown IRO 'GONE' on 35 rows (lines 2, 4, 6, 8, 10, …)",
            "(expected an iro_id from iros.csv)",
        ],
    );
    assert_one(&errs, &["children.csv:72: current_iro: unknown IRO 'Z' ("]);
}

#[test]
fn sibling_group_locked_to_different_iros() {
    let c = "child_id,placement,looked_after_since,current_iro,sibling_group,locked\n\
             C1,DT1,2025-01-01,A,g,true\n\
             C2,DT1,2025-01-01,B,g,true\n";
    assert_one(
        &errors(c, IROS),
        &["children.csv:3", "sibling_group", "'g'", "line 2"],
    );
}

#[test]
fn empty_files() {
    assert_one(&errors("", IROS), &["children.csv", "empty"]);
    assert_one(
        &errors(CHILDREN, "iro_id,base,hours_per_week\n"),
        &["iros.csv", "no rows"],
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let c = "child_id,placement,looked_after_since,current_iro\n\
             C1,Nowhereville,2025-01-01,A\n\
             C2,DT1,2025-13-01,A\n\
             C3,DT1,2025-01-01,Q\n";
    let i = format!("{IROS}D,DT1,99,,\n");
    let errs = errors(c, &i);
    assert!(errs.len() >= 4, "{errs:#?}");
}

fn run(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs")
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let c =
        "child_id,placement,looked_after_since\nC1,Nowhereville,2025-01-01\nC2,DT1,2025-02-30\n";
    let (_d, p) = council(c, IROS);
    let out = p.join("out");
    let o = run(
        &[
            "plan",
            "--data",
            p.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &p,
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("children.csv:2: placement:"), "{err}");
    assert!(err.contains("children.csv:3: looked_after_since:"), "{err}");
    assert!(!out.exists(), "nothing may be written on bad input");
}
