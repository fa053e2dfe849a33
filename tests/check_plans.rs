//! The independent checker on real plans: a small council is planned by the binary, the checker
//! passes on the plan as written, and reports the specific violation in each hand-broken copy.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Datelike, NaiveDate, Weekday};
use iro_planner::check::{CheckReport, check_plan_dir};
use iro_planner::domain::Caseload;
use iro_planner::io::{InputPaths, load};

/// IRO B cannot stay overnight, works Monday to Thursday and is capped at 3 children while 4
/// are locked to it (so the plan must declare B over band); V is a vacancy.
const IROS: &str = "iro_id,base,hours_per_week,working_days,max_caseload,overnight,vacant\n\
A,DT1 1XJ,37,\"Mon,Tue,Wed,Thu,Fri\",,true,false\n\
B,BH1,30,\"Mon,Tue,Wed,Thu\",3,false,false\n\
C,DT4,37,\"Mon,Tue,Wed,Thu,Fri\",,true,false\n\
V,DT1,37,\"Mon,Tue,Wed,Thu,Fri\",,true,true\n";

/// Placements in Dorset, Bournemouth, Birmingham, North Wales and Newcastle; two sibling
/// groups; children new to care (first reviews over Christmas) and long-standing ones.
const CHILDREN: &str = "child_id,placement,looked_after_since,last_review,reviews_held,current_iro,sibling_group,extra_time,locked\n\
C01,DT1 2,2024-03-01,2026-09-01,4,A,,false,false\n\
C02,B1,2025-06-10,2026-07-15,2,A,g1,false,false\n\
C03,B1,2025-06-10,2026-07-15,2,A,g1,true,false\n\
C04,LL18,2023-01-05,2026-10-20,6,A,,false,false\n\
C05,NE1,2022-05-01,2026-08-11,8,A,,false,false\n\
C06,NE1,2024-11-12,2026-11-02,3,A,,false,false\n\
C07,B15,2026-11-20,,0,,,false,false\n\
C08,DT2,2026-11-25,,0,,,true,false\n\
C09,BH8,2025-02-01,2026-06-20,2,B,,false,true\n\
C10,BH1,2024-07-07,2026-10-01,3,B,g2,false,true\n\
C11,BH1,2024-07-07,2026-10-01,3,B,g2,false,true\n\
C12,BH2,2023-09-09,2026-09-29,5,B,,false,true\n\
C13,DT4,2021-04-04,2026-07-01,9,C,,false,false\n\
C14,DT3,2025-10-10,2026-10-30,2,C,,false,false\n\
C15,LL11,2024-01-15,2026-08-28,4,C,,false,false\n\
C16,BS1,2025-03-03,2026-09-15,3,C,,true,false\n\
C17,EX1,2026-10-01,2026-10-28,1,C,,false,false\n\
C18,DT11,2020-12-12,2026-11-10,10,,,false,false\n";

const CONFIG: &str = "[horizon]\nstart = \"2026-12-01\"\nmonths = 12\n";

struct Planned {
    _dir: tempfile::TempDir,
    data: PathBuf,
    out: PathBuf,
}

fn write_council(dir: &Path, iros: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join("children.csv"), CHILDREN).expect("write");
    std::fs::write(dir.join("iros.csv"), iros).expect("write");
    std::fs::write(dir.join("config.toml"), CONFIG).expect("write");
}

fn plan() -> Planned {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    write_council(&data, IROS);
    let status = Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .arg("plan")
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run plan");
    assert!(
        matches!(status.status.code(), Some(0 | 1)),
        "plan failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    Planned {
        _dir: dir,
        data,
        out,
    }
}

fn caseload(data: &Path) -> Caseload {
    load(&InputPaths::from_dir(data)).expect("inputs load")
}

/// A copy of the plan with one file rewritten by `edit`, checked against `caseload`.
fn broken(
    p: &Planned,
    caseload: &Caseload,
    file: &str,
    edit: impl FnOnce(String) -> String,
) -> CheckReport {
    let copy = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(&p.out).expect("read out") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).expect("copy");
        }
    }
    let path = copy.path().join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, edit(text)).expect("write");
    check_plan_dir(caseload, copy.path()).expect("check runs")
}

fn assert_reports(report: &CheckReport, needles: &[&str]) {
    assert!(
        report
            .violations
            .iter()
            .any(|v| needles.iter().all(|n| v.contains(n))),
        "no violation containing {needles:?} in:\n{report}"
    );
}

/// Rows of a CSV text as (header, rows of cells); the plan's cells hold no commas or quotes.
fn table(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap_or("")
        .split(',')
        .map(str::to_string)
        .collect();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn untable(header: &[String], rows: &[Vec<String>]) -> String {
    let mut s = header.join(",");
    s.push('\n');
    for r in rows {
        s.push_str(&r.join(","));
        s.push('\n');
    }
    s
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

#[test]
fn checker_passes_the_plan_and_catches_each_hand_broken_copy() {
    let p = plan();
    let cl = caseload(&p.data);
    let ok = check_plan_dir(&cl, &p.out).expect("check runs");
    assert!(ok.is_ok(), "the plan as written should pass:\n{ok}");
    assert!(ok.checked > 100, "too few facts checked: {}", ok.checked);

    let reviews = std::fs::read_to_string(p.out.join("reviews.csv")).expect("reviews");
    let (rh, rrows) = table(&reviews);
    let (c_child, c_num, c_date, c_due) = (
        col(&rh, "child_id"),
        col(&rh, "review_number"),
        col(&rh, "date"),
        col(&rh, "due_date"),
    );
    let first = rrows.first().expect("the plan has reviews").clone();

    // 1. A review moved to a Saturday.
    let mut sat = date(&first[c_date]);
    while sat.weekday() != Weekday::Sat {
        sat = sat.pred_opt().expect("date");
    }
    let r = broken(&p, &cl, "reviews.csv", |t| {
        let (h, mut rows) = table(&t);
        rows[0][c_date] = sat.to_string();
        untable(&h, &rows)
    });
    assert_reports(
        &r,
        &[
            &format!("child {} review {}", first[c_child], first[c_num]),
            &format!("held {sat}, a Saturday"),
        ],
    );

    // 2. A review moved to a bank holiday (Christmas Day 2026, a Friday).
    let r = broken(&p, &cl, "reviews.csv", |t| {
        let (h, mut rows) = table(&t);
        rows[0][c_date] = "2026-12-25".into();
        untable(&h, &rows)
    });
    assert_reports(&r, &["held 2026-12-25, a bank holiday"]);

    // 3. A review deleted.
    let r = broken(&p, &cl, "reviews.csv", |t| {
        let (h, mut rows) = table(&t);
        rows.remove(0);
        untable(&h, &rows)
    });
    assert_reports(
        &r,
        &[
            &format!("child {} review {}", first[c_child], first[c_num]),
            "is missing",
        ],
    );

    // 4. A due date altered.
    let r = broken(&p, &cl, "reviews.csv", |t| {
        let (h, mut rows) = table(&t);
        let d = date(&rows[0][c_due]).succ_opt().expect("date");
        rows[0][c_due] = d.to_string();
        untable(&h, &rows)
    });
    assert_reports(&r, &["due_date", "but reg. 33 gives"]);

    // 5. Trip miles changed.
    let r = broken(&p, &cl, "trips.csv", |t| {
        let (h, mut rows) = table(&t);
        let m = col(&h, "miles");
        let miles: f64 = rows[0][m].parse().expect("miles");
        rows[0][m] = format!("{:.3}", miles + 10.0);
        untable(&h, &rows)
    });
    assert_reports(&r, &["trips.csv: trip T00001 miles", "but its stops give"]);

    // 6. A child given two IROs.
    let r = broken(&p, &cl, "allocation.csv", |t| {
        let (h, mut rows) = table(&t);
        let i = col(&h, "iro_id");
        let mut extra = rows[0].clone();
        extra[i] = if extra[i] == "C" {
            "A".into()
        } else {
            "C".into()
        };
        rows.push(extra);
        untable(&h, &rows)
    });
    assert_reports(&r, &["allocation.csv: child C01 given 2 IROs"]);

    // 7. A child deleted from the allocation.
    let r = broken(&p, &cl, "allocation.csv", |t| {
        let (h, mut rows) = table(&t);
        rows.retain(|r| r[0] != "C13");
        untable(&h, &rows)
    });
    assert_reports(&r, &["allocation.csv: child C13 has no IRO"]);

    // 8. Siblings split.
    let r = broken(&p, &cl, "allocation.csv", |t| {
        let (h, mut rows) = table(&t);
        let i = col(&h, "iro_id");
        for r in rows.iter_mut().filter(|r| r[0] == "C03") {
            r[i] = if r[i] == "C" { "A".into() } else { "C".into() };
        }
        untable(&h, &rows)
    });
    assert_reports(&r, &["sibling group g1 split"]);

    // 9. A hotel for an IRO who cannot stay overnight: the plan's hotel trips, checked against
    // inputs where that IRO has overnight = false.
    let stops = std::fs::read_to_string(p.out.join("trip_stops.csv")).expect("stops");
    assert!(stops.contains(",hotel,"), "the council should need hotels");
    let trips = std::fs::read_to_string(p.out.join("trips.csv")).expect("trips");
    let (th, trows) = table(&trips);
    let hotel_iro = trows
        .iter()
        .find(|r| r[col(&th, "nights")] != "0")
        .map(|r| r[col(&th, "iro_id")].clone())
        .expect("a trip with nights");
    let strict = tempfile::tempdir().expect("tempdir");
    let iros = IROS
        .lines()
        .map(|l| {
            if l.starts_with(&format!("{hotel_iro},")) {
                l.replace(",true,false", ",false,false")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    write_council(strict.path(), &iros);
    let no_nights = caseload(strict.path());
    let r = check_plan_dir(&no_nights, &p.out).expect("check runs");
    assert_reports(
        &r,
        &[
            &format!("of IRO {hotel_iro} stays"),
            "the IRO cannot stay overnight",
        ],
    );

    // 10. A day longer than day.max_hours (10 h): a day trip leaving at 07:00, home at 18:30.
    let day_trip = trows
        .iter()
        .find(|r| r[col(&th, "nights")] == "0")
        .map(|r| r[col(&th, "trip_id")].clone())
        .expect("a day trip");
    let r = broken(&p, &cl, "trip_stops.csv", |t| {
        let (h, mut rows) = table(&t);
        let (tid, arr, dep) = (col(&h, "trip_id"), col(&h, "arrive"), col(&h, "depart"));
        let idx: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i][tid] == day_trip)
            .collect();
        let (a, b) = (idx[0], idx[idx.len() - 1]);
        rows[a][arr] = "07:00".into();
        rows[a][dep] = "07:00".into();
        rows[b][arr] = "18:30".into();
        rows[b][dep] = "18:30".into();
        untable(&h, &rows)
    });
    assert_reports(
        &r,
        &[
            &format!("trip {day_trip} day"),
            "lasts 11h30",
            "longer than day.max_hours",
        ],
    );

    // 11. A caseload over band left undeclared: B holds (at least) 4 locked children against a
    // maximum of 3; the plan declares it, the broken copy does not.
    let summary = std::fs::read_to_string(p.out.join("summary.json")).expect("summary");
    assert!(summary.contains("\"over_band\""));
    let r = broken(&p, &cl, "summary.json", |t| {
        let mut v: serde_json::Value = serde_json::from_str(&t).expect("json");
        v["over_band"] = serde_json::json!([]);
        serde_json::to_string_pretty(&v).expect("json")
    });
    assert_reports(
        &r,
        &[
            "IRO B holds",
            "over the band maximum of 3",
            "does not declare it",
        ],
    );

    // 12. A late review not listed in the summary.
    let r = broken(&p, &cl, "reviews.csv", |t| {
        let (h, mut rows) = table(&t);
        let on_time = col(&h, "on_time");
        let d = date(&rows[0][c_due]) + chrono::Duration::days(3);
        rows[0][c_date] = d.to_string();
        rows[0][on_time] = "false".into();
        untable(&h, &rows)
    });
    assert_reports(&r, &["summary.json: late_reviews does not list"]);
}

#[test]
fn check_command_exit_codes() {
    let p = plan();
    let run = |plan_dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_iro-planner"))
            .arg("check")
            .arg("--data")
            .arg(&p.data)
            .arg("--plan")
            .arg(plan_dir)
            .output()
            .expect("run check")
    };
    let ok = run(&p.out);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains(" 0 violations"));
    let bad = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(&p.out).expect("read out") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("type").is_file() {
            std::fs::copy(entry.path(), bad.path().join(entry.file_name())).expect("copy");
        }
    }
    let alloc = std::fs::read_to_string(bad.path().join("allocation.csv")).expect("read");
    let alloc: String = alloc
        .lines()
        .filter(|l| !l.starts_with("C05,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(bad.path().join("allocation.csv"), alloc).expect("write");
    let out = run(bad.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("VIOLATION: allocation.csv: child C05 has no IRO"),
        "{text}"
    );
    // A plan folder that is not there is an error, not a pass.
    let missing = run(&bad.path().join("nope"));
    assert_eq!(missing.status.code(), Some(2));
}
