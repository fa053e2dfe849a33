//! Real council exports in, Excel out (issue 14) and the reading traps of issue 17.
//!
//! A council's files as case-management systems and Excel write them — UK dates, Windows line
//! endings, renamed headers, an extra names column, Windows-1252 text — must plan exactly as
//! the same data in our own form; what cannot be read must be named (file, line, column),
//! never silently ignored. Each regression test is named after the cause it guards.

use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use iro_planner::Error;
use iro_planner::io::{InputPaths, load, load_full};

mod cli_common;
use cli_common::{run, s, stderr};

/// A small generated council (80 children, two IROs) in `dir/name`.
fn council(dir: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    let o = run(&[
        "generate",
        "--profile",
        "council",
        "--home",
        "Norwich",
        "--children",
        "80",
        "--iros",
        "2",
        "--seed",
        "3",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    out
}

fn plan(data: &Path, out: &Path) -> Output {
    let o = run(&["plan", "--data", s(data), "--out", s(out), "-q"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    o
}

/// Every `YYYY-MM-DD` in `text` rewritten as `dd/mm/yyyy`.
fn uk_dates(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let iso = i + 10 <= b.len()
            && b[i..i + 4].iter().all(u8::is_ascii_digit)
            && b[i + 4] == b'-'
            && b[i + 5..i + 7].iter().all(u8::is_ascii_digit)
            && b[i + 7] == b'-'
            && b[i + 8..i + 10].iter().all(u8::is_ascii_digit);
        if iso {
            out.push_str(&format!(
                "{}/{}/{}",
                &text[i + 8..i + 10],
                &text[i + 5..i + 7],
                &text[i..i + 4]
            ));
            i += 10;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

fn same_plan(a: &Path, b: &Path) {
    for f in [
        "allocation.csv",
        "reviews.csv",
        "trips.csv",
        "caseloads.csv",
    ] {
        let x = std::fs::read(a.join(f)).expect("read");
        let y = std::fs::read(b.join(f)).expect("read");
        assert!(x == y, "{f} differs");
    }
}

#[test]
fn uk_dates_plan_identically_to_iso_dates() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let iso = council(tmp.path(), "iso");
    let uk = council(tmp.path(), "uk");
    let children = std::fs::read_to_string(uk.join("children.csv")).expect("read");
    std::fs::write(uk.join("children.csv"), uk_dates(&children)).expect("write");
    assert!(
        std::fs::read_to_string(uk.join("children.csv"))
            .expect("read")
            .contains("/20")
    );
    plan(&iso, &tmp.path().join("a"));
    plan(&uk, &tmp.path().join("b"));
    same_plan(&tmp.path().join("a"), &tmp.path().join("b"));
}

/// The council's children.csv as a Norfolk-style export: other header names and order, an
/// extra names column with a Windows-1252 "Zoë", lower-case postcodes, UK dates, CRLF.
fn norfolk_export(children_csv: &str) -> Vec<u8> {
    let mut lines = children_csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).expect("column");
    let mut out: Vec<u8> = b"Name,Date of Last Review,Person ID,Placement Postcode,CLA Start Date,Number of Reviews,Allocated IRO\r\n".to_vec();
    for (k, line) in lines.enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let name: &[u8] = if k == 3 { b"Zo\xeb" } else { b"Sam" };
        out.extend_from_slice(name);
        let rest = format!(
            ",{},{},{},{},{},{}\r\n",
            f[col("last_review")],
            f[col("child_id")],
            f[col("placement")].to_lowercase(),
            f[col("looked_after_since")],
            f[col("reviews_held")],
            f[col("current_iro")]
        );
        out.extend_from_slice(uk_dates(&rest).as_bytes());
    }
    out
}

const MAPPING: &str = "[children]\n\
child_id = \"Person ID\"\n\
placement = \"Placement Postcode\"\n\
looked_after_since = \"CLA Start Date\"\n\
last_review = \"Date of Last Review\"\n\
reviews_held = \"Number of Reviews\"\n\
current_iro = \"Allocated IRO\"\n";

/// The same council with only the columns the export keeps (so the plans can be compared).
fn keep_export_columns(dir: &Path) {
    let text = std::fs::read_to_string(dir.join("children.csv")).expect("read");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let keep = [
        "child_id",
        "placement",
        "looked_after_since",
        "last_review",
        "reviews_held",
        "current_iro",
    ];
    let idx: Vec<usize> = keep
        .iter()
        .map(|k| header.iter().position(|h| h == k).expect("column"))
        .collect();
    let mut out = keep.join(",") + "\n";
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        out += &idx.iter().map(|&i| f[i]).collect::<Vec<_>>().join(",");
        out += "\n";
    }
    std::fs::write(dir.join("children.csv"), out).expect("write");
}

#[test]
fn norfolk_style_export_maps_through_columns_toml_and_plans_identically() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ours = council(tmp.path(), "ours");
    let theirs = council(tmp.path(), "theirs");
    let text = std::fs::read_to_string(theirs.join("children.csv")).expect("read");
    std::fs::write(theirs.join("children.csv"), norfolk_export(&text)).expect("write");
    std::fs::write(theirs.join("columns.toml"), MAPPING).expect("write");
    keep_export_columns(&ours);
    plan(&ours, &tmp.path().join("a"));
    let o = plan(&theirs, &tmp.path().join("b"));
    same_plan(&tmp.path().join("a"), &tmp.path().join("b"));
    let err = stderr(&o);
    assert!(err.contains("children.csv:5: not UTF-8"), "{err}");
    assert!(
        err.contains("children.csv:1: Name: column not used"),
        "{err}"
    );
    assert!(!err.contains("Zo"), "never a name on stderr: {err}");
    let dq = std::fs::read_to_string(tmp.path().join("b/data_quality.txt")).expect("dq");
    assert!(dq.contains("Name: column not used"), "{dq}");
}

#[test]
fn renamed_optional_header_without_a_mapping_is_named_in_a_warning() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = council(tmp.path(), "c");
    let text = std::fs::read_to_string(data.join("children.csv")).expect("read");
    std::fs::write(
        data.join("children.csv"),
        text.replacen("sibling_group", "Sibling Group ID", 1),
    )
    .expect("write");
    let o = plan(&data, &tmp.path().join("out"));
    let err = stderr(&o);
    assert!(
        err.contains(
            "children.csv:1: Sibling Group ID: column not used: it looks like 'sibling_group'"
        ),
        "{err}"
    );
}

#[test]
fn renamed_last_review_was_silently_ignored() {
    // Regression (issue 14): "Date of Last Review" was ignored and every child planned as if
    // never reviewed (58 false late reviews). With reviews_held present, last_review is
    // required: one error on the header line, naming the column that looks like it.
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = council(tmp.path(), "c");
    let text = std::fs::read_to_string(data.join("children.csv")).expect("read");
    std::fs::write(
        data.join("children.csv"),
        text.replacen("last_review", "Date of Last Review", 1),
    )
    .expect("write");
    let out = tmp.path().join("out");
    let o = run(&["plan", "--data", s(&data), "--out", s(&out), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("1 input error"), "{err}");
    assert!(
        err.contains("children.csv:1: last_review: missing required column")
            && err.contains("'Date of Last Review' looks like it"),
        "{err}"
    );
    assert!(!out.exists());
}

const ONE_IRO: &[u8] = b"iro_id,base,hours_per_week\nA,DT1 1XJ,37\n";

/// A data folder holding these files.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    dir
}

/// What loading the folder finds, errors and warnings alike, as `file:line: column: …`.
fn findings(dir: &tempfile::TempDir) -> Vec<String> {
    match load_full(&InputPaths::from_dir(dir.path()), |_| {}) {
        Ok(l) => l.report.warnings.iter().map(ToString::to_string).collect(),
        Err(Error::Input(e)) => e.iter().map(ToString::to_string).collect(),
        Err(e) => panic!("{e}"),
    }
}

/// The input errors of loading the folder (a panic if it loads).
fn errors(dir: &tempfile::TempDir) -> Vec<iro_planner::InputError> {
    match load(&InputPaths::from_dir(dir.path())) {
        Err(Error::Input(errs)) => errs,
        other => panic!("expected input errors, got {other:?}"),
    }
}

#[test]
fn crlf_errors_name_the_right_line() {
    let dir = folder(&[
        ("iros.csv", b"iro_id,base,hours_per_week\r\nA,DT1 1XJ,37\r\n"),
        (
            "children.csv",
            b"child_id,placement,looked_after_since\r\nC1,DT1,2025-01-01\r\nC2,DT1,2025-13-01\r\n\r\nC3,Nowhereville,2025-01-01\r\n",
        ),
    ]);
    let errs = errors(&dir);
    let lines: Vec<Option<usize>> = errs.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![Some(3), Some(5)], "{errs:#?}");
}

#[test]
fn windows_1252_file_loads_with_a_warning_naming_the_line() {
    let dir = folder(&[
        ("iros.csv", ONE_IRO),
        (
            "children.csv",
            b"child_id,placement,looked_after_since,note\nC1,DT1,2025-01-01,ok\nC2,DT4,2025-01-01,Zo\xeb\n",
        ),
    ]);
    let w = findings(&dir);
    assert!(
        w.iter().any(|w| w.contains("children.csv:3: not UTF-8")),
        "{w:#?}"
    );
    assert!(load(&InputPaths::from_dir(dir.path())).is_ok());
}

#[test]
fn false_second_error_after_a_bad_date() {
    // Regression (issue 14): a last_review that failed to parse also raised "last_review:
    // empty but reviews_held is 2".
    let dir = folder(&[
        ("iros.csv", ONE_IRO),
        (
            "children.csv",
            b"child_id,placement,looked_after_since,last_review,reviews_held\nC1,DT1,2025-01-01,31/02/2026,2\n",
        ),
    ]);
    let errs = errors(&dir);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    let e = errs[0].to_string();
    assert!(
        e.contains("children.csv:2: last_review: '31/02/2026'"),
        "{e}"
    );
}

#[test]
fn duplicate_header_used_the_last_column() {
    // Regression (issue 17): with two `placement` columns the reader silently used the last.
    let dir = folder(&[
        ("iros.csv", ONE_IRO),
        (
            "children.csv",
            b"child_id,placement,looked_after_since,Placement\nC1,DT1,2025-01-01,NE1\n",
        ),
    ]);
    let e = errors(&dir)[0].to_string();
    assert!(
        e.contains("children.csv:1: placement:") && e.contains("'placement' and 'Placement'"),
        "{e}"
    );
}

#[test]
fn empty_working_days_cell_meant_mon_fri() {
    // Regression (issue 17): an empty working_days cell silently meant Monday to Friday. A
    // file without the column still means Monday to Friday for everyone.
    let dir = folder(&[
        (
            "iros.csv",
            b"iro_id,base,hours_per_week,working_days\nA,DT1 1XJ,37,\"Mon,Tue\"\nB,DT1 1XJ,18.5,\n",
        ),
        (
            "children.csv",
            b"child_id,placement,looked_after_since\nC1,DT1,2025-01-01\n",
        ),
    ]);
    let e = errors(&dir)[0].to_string();
    assert!(e.contains("iros.csv:3: working_days: empty"), "{e}");
}

#[test]
fn bad_config_hid_the_errors_of_children_csv() {
    // Regression (issue 17): a config error returned at once, hiding children.csv's errors.
    let dir = folder(&[
        ("iros.csv", ONE_IRO),
        (
            "children.csv",
            b"child_id,placement,looked_after_since\nC1,Nowhereville,2025-01-01\n",
        ),
        ("config.toml", b"[travel]\nmph = -1\n"),
    ]);
    let all = findings(&dir);
    assert!(all.iter().any(|e| e.contains("travel.mph")), "{all:#?}");
    assert!(
        all.iter().any(|e| e.contains("children.csv:2: placement")),
        "{all:#?}"
    );
}

#[test]
fn invalid_utf8_in_matrix_was_reported_as_a_byte_offset() {
    // Regression (issue 17): a non-UTF-8 matrix.csv was "not UTF-8 text (byte 57)". It is
    // now read as Windows-1252 with a warning naming the line.
    let dir = folder(&[
        ("iros.csv", ONE_IRO),
        (
            "children.csv",
            b"child_id,placement,looked_after_since\nC1,DT4,2025-01-01\n",
        ),
        (
            "matrix.csv",
            b"from,to,miles,hours\nDT1,DT4,9,0.4\nDT1,DT4 9,9,0.4 \xe9\n",
        ),
    ]);
    let all = findings(&dir);
    assert!(
        all.iter()
            .any(|w| w.contains("matrix.csv:3") && !w.contains("byte")),
        "{all:#?}"
    );
}

#[test]
fn long_candidate_line_made_suggestions_slow() {
    // Regression (issue 17): a 100,000-character line in a candidates file was compared with
    // every place name (> 20 s). Over-long text gets no suggestions and a clipped message.
    let dir = tempfile::tempdir().expect("tempdir");
    let cands = dir.path().join("candidates.txt");
    std::fs::write(
        &cands,
        format!("Dorchester\n{}\n", "Weymouth".repeat(12_500)),
    )
    .expect("w");
    let o = run(&[
        "bases",
        "--data",
        "data/dorset",
        "--candidates",
        s(&cands),
        "--out",
        s(&dir.path().join("out")),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(":2: candidate: unknown place name"), "{err}");
    assert!(
        err.len() < 2_000,
        "the message is clipped: {} bytes",
        err.len()
    );
}

#[test]
fn stale_data_is_a_warning_and_a_finding() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = council(tmp.path(), "c");
    let out = tmp.path().join("out");
    let o = run(&[
        "plan",
        "--data",
        s(&data),
        "--out",
        s(&out),
        "-q",
        "--start",
        "01/04/2027",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(stderr(&o).contains("stale data"), "{}", stderr(&o));
    let q: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data_quality.json")).expect("dq"))
            .expect("json");
    assert!(q["stale"]["days_before_start"].as_i64().expect("days") > 100);
    assert!(!q["overdue_at_start"].as_array().expect("list").is_empty());
    let html = std::fs::read_to_string(out.join("report.html")).expect("html");
    assert!(html.contains("<h2>Data quality</h2>"));
}

#[test]
fn a_belfast_placement_is_flagged_and_reached_by_the_crossing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = council(tmp.path(), "c");
    let text = std::fs::read_to_string(data.join("children.csv")).expect("read");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "placement")
        .expect("placement");
    let mut f: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    f[col] = "BT1 1".into();
    let id = f[0].clone();
    lines[1] = f.join(",");
    std::fs::write(data.join("children.csv"), lines.join("\n") + "\n").expect("write");
    let out = tmp.path().join("out");
    plan(&data, &out);
    let q: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data_quality.json")).expect("dq"))
            .expect("json");
    let remote = q["outside_england_wales"].as_array().expect("list");
    assert_eq!(remote.len(), 1, "{remote:?}");
    assert_eq!(remote[0]["child_id"], id.as_str());
    assert_eq!(remote[0]["region"], "northern_ireland");
    assert_eq!(remote[0]["across_sea"], true);
    let journeys = q["crossings"]["journeys"].as_u64().expect("journeys");
    assert!(journeys >= 2, "there and back for each review: {journeys}");
    let caseload = load(&InputPaths::from_dir(&data)).expect("loads");
    let report = iro_planner::check::check_plan_dir(&caseload, &out).expect("checks");
    assert!(report.is_ok(), "{report}");
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("opens");
    wb.worksheet_range(name).expect("sheet")
}

#[test]
fn plan_xlsx_has_the_sheets_and_typed_cells() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = council(tmp.path(), "c");
    let out = tmp.path().join("out");
    plan(&data, &out);
    let path = out.join("plan.xlsx");
    let wb: Xlsx<_> = open_workbook(&path).expect("opens");
    assert_eq!(
        wb.sheet_names(),
        vec![
            "Summary",
            "Caseloads",
            "Allocation",
            "Reviews",
            "Trips",
            "Data quality"
        ]
    );
    let reviews = sheet(&path, "Reviews");
    let header: Vec<String> = reviews
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header.last().map(String::as_str), Some("placement"));
    let row = reviews.rows().nth(1).expect("a review");
    assert!(
        matches!(row[2], Data::Float(_)),
        "review_number: {:?}",
        row[2]
    );
    assert!(row[3].is_datetime(), "due_date: {:?}", row[3]);
    assert!(row[4].is_datetime(), "date: {:?}", row[4]);
    assert!(matches!(row[9], Data::Bool(_)), "on_time: {:?}", row[9]);
    // The same review as reviews.csv.
    let csv = std::fs::read_to_string(out.join("reviews.csv")).expect("csv");
    let first: Vec<&str> = csv.lines().nth(1).expect("row").split(',').collect();
    assert_eq!(row[0].to_string(), first[0]);
    let due = row[3].as_date().expect("a date");
    assert_eq!(due.to_string(), first[3]);
    let summary = sheet(&path, "Summary");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("json"))
            .expect("parses");
    let miles = summary.rows().find(|r| r[0] == "miles").expect("miles row");
    let Data::Float(m) = miles[1] else {
        panic!("miles is a number: {:?}", miles[1])
    };
    assert!((m - json["miles"].as_f64().expect("miles")).abs() < 1e-6);
    let start = summary
        .rows()
        .find(|r| r[0] == "horizon_start")
        .expect("start row");
    assert!(start[1].is_datetime());
    let trips = sheet(&path, "Trips");
    assert!(matches!(
        trips.rows().nth(1).expect("trip")[6],
        Data::Float(_)
    ));
}

#[test]
fn comparison_is_wide_in_csv_and_xlsx() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = council(tmp.path(), "c");
    let scen = tmp.path().join("hours.toml");
    let iros = std::fs::read_to_string(data.join("iros.csv")).expect("iros");
    let first_iro = iros
        .lines()
        .nth(1)
        .expect("iro")
        .split(',')
        .next()
        .expect("id");
    std::fs::write(
        &scen,
        format!("name = \"more_hours\"\n[[lever]]\nkind = \"change_hours\"\nid = \"{first_iro}\"\nhours = 30\n"),
    )
    .expect("write");
    let out = tmp.path().join("out");
    let o = run(&[
        "compare",
        "--data",
        s(&data),
        "--scenario",
        s(&scen),
        "--out",
        s(&out),
        "-q",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let wide = std::fs::read_to_string(out.join("comparison.csv")).expect("csv");
    assert!(
        wide.starts_with("figure,unit,baseline,more_hours,saving: more_hours,"),
        "{wide}"
    );
    let range = sheet(&out.join("comparison.xlsx"), "Comparison");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("h")
        .iter()
        .map(|c| c.to_string())
        .collect();
    // Today's columns first; difference, better or worse, the saving's range, label and
    // direction after them.
    assert_eq!(
        header[..5],
        [
            "figure",
            "unit",
            "baseline",
            "more_hours",
            "saving: more_hours"
        ]
    );
    assert_eq!(header[5], "difference: more_hours");
    let cost = range
        .rows()
        .find(|r| r[0] == "cost_total")
        .expect("cost_total");
    assert!(
        cost[2..6].iter().all(|c| matches!(c, Data::Float(_))),
        "{cost:?}"
    );
    let long = std::fs::read_to_string(out.join("comparison_long.csv")).expect("long");
    assert!(long.starts_with("scenario,figure,unit,value,baseline,saving,"));
    assert!(out.join("more_hours/data_quality.txt").exists());
}

#[test]
fn allocate_writes_the_allocation_and_its_summary() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = council(tmp.path(), "c");
    let out = tmp.path().join("out");
    let o = run(&[
        "allocate",
        "--data",
        s(&data),
        "--out",
        s(&out),
        "--start",
        "2027-01-04",
        "--months",
        "6",
        "-q",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("allocation.csv")).expect("csv");
    assert!(csv.starts_with("child_id,iro_id,previous_iro_id,changed,miles_one_way\n"));
    assert_eq!(csv.lines().count(), 81);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("json"))
            .expect("parses");
    assert_eq!(json["horizon_start"], "2027-01-04");
    assert_eq!(json["horizon_months"], 6);
    assert!(json["solver"]["objective"].is_number());
    assert!(json["solver"]["gap"].is_number());
}

#[test]
fn template_inputs_load_once_rows_are_added() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("t");
    let o = run(&["template", "--out", s(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in [
        "children.csv",
        "iros.csv",
        "absences.csv",
        "bookings.csv",
        "unavailable.csv",
        "config.toml",
        "columns.toml",
    ] {
        assert!(dir.join(f).exists(), "{f}");
    }
    // The optional files the engine reads are written too, with the headers it reads.
    for (f, header) in [
        ("bookings.csv", "child_id,date,start,status\n"),
        ("unavailable.csv", "child_id,from,to\n"),
    ] {
        let text = std::fs::read_to_string(dir.join(f)).expect("read");
        assert_eq!(text, header, "{f}");
    }
    let add = |f: &str, row: &str| {
        let mut t = std::fs::read_to_string(dir.join(f)).expect("read");
        t.push_str(row);
        std::fs::write(dir.join(f), t).expect("write");
    };
    add(
        "iros.csv",
        "A,DT1 1XJ,37,\"Mon,Tue,Wed,Thu,Fri\",,true,false,Dorset\n",
    );
    add(
        "children.csv",
        "C1,DT4 9,01/06/2025,01/07/2026,3,A,,false,internal,in_person,false,,15:30-18:00,Dorset\n",
    );
    add("bookings.csv", "C1,2027-01-12,10:00,booked\n");
    add("unavailable.csv", "C1,2027-02-01,2027-02-05\n");
    let c = load(&InputPaths::from_dir(&dir)).expect("the filled template loads");
    assert_eq!(
        (c.children.len(), c.iros.len(), c.absences.len()),
        (1, 1, 0)
    );
    assert_eq!(c.children[0].booked.len(), 1);
    assert_eq!(c.children[0].unavailable.len(), 1);
    // Every optional column of docs/inputs.md is in the headers: the child's review times and
    // council, the post's council.
    assert!(c.children[0].review_times.is_some());
    assert_eq!(c.children[0].council.as_deref(), Some("Dorset"));
    assert_eq!(c.iros[0].council.as_deref(), Some("Dorset"));
}
