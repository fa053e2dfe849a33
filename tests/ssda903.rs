//! `import ssda903`: the DfE SSDA903 return (header, episodes, reviews) → `children.csv`.
//!
//! The round trip takes a generated council whose truth is known, writes it as an SSDA903
//! return, imports it and compares child by child, then plans the imported council. The
//! named cases take hand-written returns, one rule each (see `src/import/ssda903.rs`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use iro_planner::Error;
use iro_planner::domain::PlacementType;
use iro_planner::geo::Gazetteer;
use iro_planner::import::ssda903::{Imported, ImportedChild, Options, SkipReason, import};
use iro_planner::io::{InputPaths, load};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

mod cli_common;
use cli_common::{run, s, stderr};

/// `import ssda903` of the return in `from` on 1 August 2024 into `out`.
fn import_cli(from: &Path, out: &Path) -> std::process::Output {
    run(&[
        "import",
        "ssda903",
        "--from",
        s(from),
        "--snapshot",
        "2024-08-01",
        "--out",
        s(out),
    ])
}

#[test]
fn generated_council_round_trips_through_ssda903_and_plans_cleanly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let truth_dir = tmp.path().join("truth");
    let o = run(&[
        "generate",
        "--profile",
        "council",
        "--home",
        "Leeds",
        "--children",
        "90",
        "--iros",
        "2",
        "--seed",
        "11",
        "--out",
        s(&truth_dir),
        "--ssda903",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let data = tmp.path().join("imported");
    let ret = truth_dir.join("ssda903");
    let o = run(&[
        "import",
        "ssda903",
        "--from",
        s(&ret),
        "--snapshot",
        "30/11/2026",
        "--current-iro",
        s(&ret.join("current_iro.csv")),
        "--out",
        s(&data),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["children.csv", "import_report.txt", "import_report.json"] {
        assert!(data.join(f).exists(), "{f}");
    }
    std::fs::copy(truth_dir.join("iros.csv"), data.join("iros.csv")).expect("copy");
    std::fs::copy(truth_dir.join("config.toml"), data.join("config.toml")).expect("copy");

    let truth = load(&InputPaths::from_dir(&truth_dir)).expect("truth loads");
    let imported = load(&InputPaths::from_dir(&data)).expect("import loads");
    assert_eq!(imported.children.len(), truth.children.len());
    let g = Gazetteer::bundled();
    for t in &truth.children {
        let i = imported
            .children
            .iter()
            .find(|c| c.external_id == t.external_id)
            .unwrap_or_else(|| panic!("{} imported", t.external_id));
        let id = &t.external_id;
        assert_eq!(i.looked_after_since, t.looked_after_since, "{id} entry");
        assert_eq!(i.last_review, t.last_review, "{id} last review");
        assert_eq!(i.reviews_held, t.reviews_held, "{id} reviews held");
        assert_eq!(i.placement_type, t.placement_type, "{id} placement type");
        let sector = match g.resolve(&t.placement_label) {
            Ok(r) if r.precision == iro_planner::geo::Precision::Sector => r.label,
            _ => g.nearest_sector(t.location).expect("sector").0.code.clone(),
        };
        assert_eq!(i.placement_label, sector, "{id} placement sector");
        let iro = |c: &iro_planner::domain::Child, cl: &iro_planner::domain::Caseload| {
            c.current_iro.map(|x| cl.iro(x).external_id.clone())
        };
        assert_eq!(iro(i, &imported), iro(t, &truth), "{id} current IRO");
    }

    let out = tmp.path().join("plan");
    let o = run(&["plan", "--data", s(&data), "--out", s(&out), "-q"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let report = iro_planner::check::check_plan_dir(&imported, &out).expect("checks");
    assert!(report.is_ok(), "{report}");
}

/// A return in a temporary folder: `episodes` and `reviews` are the rows after the header.
struct Return {
    dir: tempfile::TempDir,
}

const EPISODE_HEADER: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";

impl Return {
    fn new(episodes: &str, reviews: &str) -> Return {
        Return::with_headers(
            EPISODE_HEADER,
            episodes,
            "CHILD,DOB,REVIEW,REVIEW_CODE\n",
            reviews,
        )
    }

    fn with_headers(eh: &str, episodes: &str, rh: &str, reviews: &str) -> Return {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("episodes.csv"), format!("{eh}{episodes}")).expect("w");
        std::fs::write(dir.path().join("reviews.csv"), format!("{rh}{reviews}")).expect("w");
        Return { dir }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn import(&self, snapshot: NaiveDate) -> Result<Imported, Error> {
        import(&Options {
            from: self.path(),
            snapshot,
            current_iro: None,
        })
    }
}

fn child<'a>(i: &'a Imported, id: &str) -> &'a ImportedChild {
    i.children
        .iter()
        .find(|c| c.child_id == id)
        .unwrap_or_else(|| panic!("{id} in {:?}", i.children))
}

#[test]
fn multi_episode_period_starts_at_its_first_episode() {
    // Three episodes, each ending the day the next begins: one period from 01/02/2024.
    let r = Return::new(
        "A,01/02/2024,S,C2,N1,U1,PR1,10/06/2024,,P1,DT1 1,DT1 1,\n\
         A,10/06/2024,P,C2,N1,U4,PR4,03/03/2025,,P1,DT1 1,B1 1,\n\
         A,03/03/2025,L,C2,N1,U1,PR1,,,,DT1 1,DT4 9,\n",
        "A,01/01/2015,01/03/2024,PN1\nA,01/01/2015,01/06/2024,PN1\nA,01/01/2015,20/11/2025,PN1\n",
    );
    let i = r.import(d(2026, 1, 15)).expect("imports");
    let a = child(&i, "A");
    assert_eq!(a.looked_after_since, d(2024, 2, 1));
    assert_eq!(a.placement, "DT4 9", "the open episode's placement");
    assert_eq!(a.placement_type, Some(PlacementType::Internal));
    assert_eq!((a.reviews_held, a.last_review), (3, Some(d(2025, 11, 20))));
    assert_eq!(i.report.episodes_used, 3);
}

#[test]
fn a_gap_starts_a_new_period() {
    // The first period ends 01/05/2024; the second begins 20/05/2024: a gap. Reviews of the
    // first period do not count, and the first review of the second is review 1.
    let r = Return::new(
        "B,01/01/2023,S,V2,N1,U1,PR1,01/05/2024,E4A,,DT1 1,DT1 1,\n\
         B,20/05/2024,S,C2,N1,U4,PR2,,,,DT1 1,BH8 9,\n",
        "B,01/01/2015,01/02/2023,PN1\nB,01/01/2015,01/05/2023,PN1\nB,01/01/2015,10/06/2024,PN1\n",
    );
    let i = r.import(d(2024, 8, 1)).expect("imports");
    let b = child(&i, "B");
    assert_eq!(b.looked_after_since, d(2024, 5, 20));
    assert_eq!((b.reviews_held, b.last_review), (1, Some(d(2024, 6, 10))));
    assert_eq!(b.placement_type, Some(PlacementType::External));
    assert_eq!(i.report.reviews_earlier_period, 2);
    assert!(
        i.report
            .episodes_skipped
            .iter()
            .any(|s| s.reason == SkipReason::EarlierPeriod && s.episodes == 1)
    );
    // A period beginning the day the previous ended, but marked RNE = S, is also new.
    let r = Return::new(
        "C,01/01/2023,S,V2,N1,U1,PR1,01/05/2024,E4A,,DT1 1,DT1 1,\n\
         C,01/05/2024,S,C2,N1,U1,PR0,,,,DT1 1,DT1 1,\n",
        "",
    );
    let c = r.import(d(2024, 8, 1)).expect("imports");
    assert_eq!(child(&c, "C").looked_after_since, d(2024, 5, 1));
    assert_eq!(
        child(&c, "C").placement_type,
        Some(PlacementType::WithParents)
    );
}

#[test]
fn children_who_left_before_the_snapshot_are_not_imported() {
    let r = Return::new(
        "L,01/01/2023,S,V2,N1,U1,PR1,01/05/2024,E4A,,DT1 1,DT1 1,\n\
         T,01/01/2023,S,V2,N1,U1,PR1,01/08/2024,E4A,,DT1 1,DT1 1,\n\
         F,02/08/2024,S,V2,N1,U1,PR1,,,,DT1 1,DT1 1,\n\
         K,01/01/2023,S,V2,N1,U1,PR1,01/09/2024,E4A,,DT1 1,DT1 1,\n",
        "L,01/01/2015,01/02/2023,PN1\n",
    );
    // L left before; T ceased on the snapshot day (an episode ceases on DEC); F starts after;
    // K leaves after the snapshot, so is looked after on it.
    let i = r.import(d(2024, 8, 1)).expect("imports");
    let ids: Vec<&str> = i.children.iter().map(|c| c.child_id.as_str()).collect();
    assert_eq!(ids, vec!["K"]);
    let left = i
        .report
        .episodes_skipped
        .iter()
        .find(|s| s.reason == SkipReason::LeftBeforeSnapshot)
        .expect("left");
    assert_eq!(left.children, vec!["L".to_string(), "T".to_string()]);
    assert_eq!(i.report.reviews_other_children, 1);
}

#[test]
fn blank_and_unknown_postcodes_are_reported_and_exit_1() {
    let r = Return::new(
        "A,01/01/2024,S,C2,N1,U1,PR1,,,,DT1 1,,\n\
         B,01/01/2024,S,C2,N1,U1,PR1,,,,DT1 1,ZZ9 9,\n\
         C,01/01/2024,S,C2,N1,U1,PR1,,,,DT1 1,DT1,\n",
        "",
    );
    let i = r.import(d(2024, 8, 1)).expect("imports");
    let problems: Vec<(&str, usize)> = i
        .report
        .postcodes_not_found
        .iter()
        .map(|p| (p.child_id.as_str(), p.line))
        .collect();
    assert_eq!(problems, vec![("A", 2), ("B", 3)]);
    assert_eq!(
        i.report
            .placements_by_precision
            .get("postcode district only"),
        Some(&1)
    );
    let out = r.dir.path().join("data");
    let o = import_cli(&r.path(), &out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("children.csv")).expect("written");
    assert_eq!(csv.lines().count(), 4, "every child is written: {csv}");
    let text = std::fs::read_to_string(out.join("import_report.txt")).expect("report");
    assert!(text.contains("episodes.csv:3"), "{text}");
}

#[test]
fn bad_dates_are_errors_with_file_line_column_and_nothing_is_written() {
    let r = Return::new(
        "A,31/02/2024,S,C2,N1,U1,PR1,,,,DT1 1,DT1 1,\n\
         B,01/01/2024,S,C2,N1,U1,PR1,12/31/2024,,,DT1 1,DT1 1,\n\
         C,01/01/2024,S,C2,N1,U1,PR9,,,,DT1 1,DT1 1,\n",
        "A,01/01/2015,soon,PN1\n",
    );
    let Err(Error::Input(errs)) = r.import(d(2024, 8, 1)) else {
        panic!("expected input errors")
    };
    let msgs: Vec<String> = errs.iter().map(ToString::to_string).collect();
    let has = |needles: &[&str]| msgs.iter().any(|m| needles.iter().all(|n| m.contains(n)));
    assert!(has(&["episodes.csv:2", "DECOM", "31/02/2024"]), "{msgs:#?}");
    assert!(
        has(&["episodes.csv:3", "DEC", "12/31/2024", "US"]),
        "{msgs:#?}"
    );
    assert!(
        has(&["episodes.csv:4", "PLACE_PROVIDER", "PR9"]),
        "{msgs:#?}"
    );
    assert!(has(&["reviews.csv:2", "REVIEW", "soon"]), "{msgs:#?}");
    let out = r.dir.path().join("data");
    let o = import_cli(&r.path(), &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists(), "nothing written on bad input");
}

#[test]
fn headers_in_any_order_and_case_with_extra_columns() {
    let r = Return::with_headers(
        "pl_post,Child,Notes,DEC,DECOM,rne,PLACE_PROVIDER\n",
        "DT4 9,A,anything,,01/01/2024,S,PR3\n",
        "REVIEW_CODE,REVIEW,CHILD\n",
        "PN1,01/02/2024,A\n",
    );
    let i = r.import(d(2024, 8, 1)).expect("imports");
    let a = child(&i, "A");
    assert_eq!((a.placement.as_str(), a.reviews_held), ("DT4 9", 1));
    assert_eq!(a.placement_type, Some(PlacementType::External));
    assert!(
        i.report.warnings.iter().any(|w| w.contains("Notes")),
        "{:?}",
        i.report.warnings
    );
}

#[test]
fn reviews_overdue_at_the_snapshot_are_listed() {
    // Looked after since 01/01/2024, one review on 01/02/2024: the second was due three
    // months later, 01/05/2024 — 92 days overdue on 01/08/2024.
    let r = Return::new(
        "A,01/01/2024,S,C2,N1,U1,PR1,,,,DT1 1,DT1 1,\n",
        "A,01/01/2015,01/02/2024,PN1\n",
    );
    let i = r.import(d(2024, 8, 1)).expect("imports");
    let o = &i.report.reviews_overdue;
    assert_eq!(o.len(), 1);
    assert_eq!((o[0].review_number, o[0].due_date), (2, d(2024, 5, 1)));
    assert_eq!(o[0].days_overdue, 92);
}

#[test]
fn overlapping_episodes_are_warned_even_when_not_both_open() {
    // The second episode begins 01/03/2024, before the first ends on 01/06/2024; only the
    // second is open on the snapshot. The period is one (continuous), but the overlap is
    // suspicious input and gets a warning naming the file and line.
    let r = Return::new(
        "A,01/01/2024,S,C2,N1,U1,PR1,01/06/2024,,P1,DT1 1,DT1 1,\n\
         A,01/03/2024,P,C2,N1,U1,PR1,,,,DT1 1,DT4 9,\n",
        "",
    );
    let i = r.import(d(2024, 8, 1)).expect("imports");
    assert_eq!(child(&i, "A").looked_after_since, d(2024, 1, 1));
    assert!(
        i.report
            .warnings
            .iter()
            .any(|w| w.contains("episodes.csv:3") && w.contains("overlapping")),
        "{:?}",
        i.report.warnings
    );
    // Episodes that end the day the next begins are not warned about.
    let r = Return::new(
        "A,01/01/2024,S,C2,N1,U1,PR1,01/03/2024,,P1,DT1 1,DT1 1,\n\
         A,01/03/2024,P,C2,N1,U1,PR1,,,,DT1 1,DT4 9,\n",
        "",
    );
    let i = r.import(d(2024, 8, 1)).expect("imports");
    assert!(i.report.warnings.is_empty(), "{:?}", i.report.warnings);
}

#[test]
fn a_review_outside_every_episode_of_care_is_warned() {
    // A's only period starts 01/03/2024 (RNE = S): a review on 01/01/2024, before the child
    // became looked after, is suspicious (a typo, or another child's row) and is warned with
    // the file, line and column; the review in the period counts as before.
    let r = Return::new(
        "A,01/03/2024,S,C2,N1,U1,PR1,,,,DT1 1,DT4 9,\n",
        "A,01/01/2015,01/01/2024,PN1\nA,01/01/2015,20/03/2024,PN1\n",
    );
    let i = r.import(d(2024, 8, 1)).expect("imports");
    assert_eq!(child(&i, "A").reviews_held, 1);
    assert!(
        i.report
            .warnings
            .iter()
            .any(|w| w.contains("reviews.csv:2: REVIEW") && w.contains("01/01/2024")),
        "{:?}",
        i.report.warnings
    );
    // Before the file's first episode where that one does not start a period (RNE = P: the
    // period began before the file), and inside an earlier period: no warning.
    let r = Return::new(
        "B,01/03/2024,P,C2,N1,U1,PR1,,,,DT1 1,DT4 9,\n\
         C,01/01/2023,S,V2,N1,U1,PR1,01/05/2023,E4A,,DT1 1,DT1 1,\n\
         C,20/05/2024,S,C2,N1,U4,PR2,,,,DT1 1,BH8 9,\n",
        "B,01/01/2015,01/01/2024,PN1\nC,01/01/2015,01/02/2023,PN1\n",
    );
    let i = r.import(d(2024, 8, 1)).expect("imports");
    assert!(i.report.warnings.is_empty(), "{:?}", i.report.warnings);
}
