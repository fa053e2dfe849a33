//! A seeded mutation fuzzer over every command, on the stable toolchain (issue 17).
//!
//! Each case copies the bundled inputs (a slice of `data/dorset`, its config and scenarios, an
//! `absences.csv`, a `rota --state` file, a candidates file, a written plan for `check` and a
//! Solomon instance, `tests/fixtures/fuzz/`), mutates one to three of them (cells set to
//! awkward values, rows and columns dropped or repeated, headers renamed or repeated, TOML
//! values replaced, bytes flipped, files cut short) and runs one command of the release or test
//! binary on them, sometimes with odd arguments. Every case must:
//! - exit with 0, 1 or 2 (never a signal, never another code);
//! - print no panic;
//! - finish within a generous time limit (the child is killed and the case fails), within a
//!   memory cap (an allocation failure aborts: a crash);
//! - on exit 2, leave the case folder exactly as it was (nothing written, nothing half-written);
//! - on exit 0 or 1, leave no staging folder behind.
//!
//! `cargo test --test fuzz_inputs` runs [`DEFAULT_CASES`] cases from a fixed seed. Longer runs:
//! `IRO_FUZZ_CASES=2000 IRO_FUZZ_SEED=$RANDOM cargo test --release --test fuzz_inputs --
//! --nocapture`. `IRO_FUZZ_TIMEOUT_SECS` sets the per-case limit, `IRO_FUZZ_MEMORY_MB` the
//! memory cap (an input that asks for more fails as a crash), `IRO_FUZZ_VERBOSE=1` prints every
//! case. A failing case is copied, inputs and command line, to
//! `target/tmp/fuzz-failures/seed-<seed>-case-<n>/` (`command.txt` holds the reproducer).
//!
//! The `fuzz/` folder holds the coverage-guided (`cargo fuzz`, nightly) targets of the readers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

const BIN: &str = env!("CARGO_BIN_EXE_iro-planner");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Cases run by default (CI).
const DEFAULT_CASES: usize = 60;
/// Seed of the default run.
const DEFAULT_SEED: u64 = 17;
/// Default per-case limit: far above any case's run time (a second or two), so that only a
/// hang trips it.
const DEFAULT_TIMEOUT_SECS: u64 = 120;
/// Children of the bundled council kept in the base inputs (a slice keeps cases quick; every
/// reader sees the same columns and kinds of rows).
const BASE_CHILDREN: usize = 120;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// The files of a case, by path relative to the case folder.
type Files = BTreeMap<String, Vec<u8>>;

fn read(rel: &str) -> Vec<u8> {
    let p = Path::new(ROOT).join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The council's inputs: a slice of the bundled children, its IROs and config, an absences
/// file.
fn council_files() -> Files {
    let mut f = Files::new();
    let children = String::from_utf8(read("data/dorset/children.csv")).expect("utf-8");
    let slice: String = children
        .lines()
        .take(BASE_CHILDREN + 1)
        .map(|l| format!("{l}\n"))
        .collect();
    f.insert("d/children.csv".into(), slice.into_bytes());
    f.insert("d/iros.csv".into(), read("data/dorset/iros.csv"));
    f.insert("d/config.toml".into(), read("data/dorset/config.toml"));
    f.insert(
        "d/absences.csv".into(),
        read("tests/fixtures/fuzz/absences.csv"),
    );
    f
}

/// The unmutated inputs every case starts from: the council, its scenarios, the other
/// commands' files, and `plan_dir`'s plan for `check`.
fn base_files(plan_dir: &Path) -> Files {
    let mut f = council_files();
    for s in [
        "midlands_iro",
        "vacancy_dorchester",
        "reduce_to_400",
        "bring_home_20",
        "virtual_far_reviews",
        "three_iros_absent",
    ] {
        f.insert(
            format!("scenarios/{s}.toml"),
            read(&format!("data/dorset/scenarios/{s}.toml")),
        );
    }
    f.insert("held.csv".into(), read("tests/fixtures/fuzz/held.csv"));
    f.insert(
        "candidates.txt".into(),
        read("tests/fixtures/fuzz/candidates.txt"),
    );
    f.insert(
        "solomon.txt".into(),
        read("tests/fixtures/fuzz/solomon_C101.txt"),
    );
    for name in [
        "allocation.csv",
        "reviews.csv",
        "trips.csv",
        "trip_stops.csv",
        "caseloads.csv",
        "summary.json",
    ] {
        let bytes = std::fs::read(plan_dir.join(name)).expect("the seed plan");
        f.insert(format!("plan/{name}"), bytes);
    }
    f
}

/// Plans the unmutated council once, for `check` cases to mutate.
fn seed_plan(tmp: &Path) -> PathBuf {
    write_files(tmp, &council_files());
    let out = tmp.join("seed-plan");
    let o = Command::new(BIN)
        .args(["plan", "--quiet", "--threads", "1", "--data"])
        .arg(tmp.join("d"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("the binary runs");
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "the seed plan: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

fn write_files(dir: &Path, files: &Files) {
    for (rel, bytes) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write input");
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// Awkward values for a CSV cell or a command-line number or date.
const CELLS: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "1",
    "37",
    "61",
    "0.5",
    "1e308",
    "-1e308",
    "1e-300",
    "NaN",
    "inf",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "99999999999999999999999",
    "+262142-06-01",
    "-262143-01-01",
    "9999-12-31",
    "0001-01-01",
    "1899-12-31",
    "2199-12-31",
    "2026-02-30",
    "2026-12-01",
    "2027-06-30",
    "31/12/2026",
    "01/13/2026",
    "true",
    "false",
    "yes",
    "maybe",
    "IRO01",
    "IRO 1",
    "IRO_1",
    "C00001",
    "C00002",
    "DT1 1XJ",
    "DT4",
    "ZZ9 9ZZ",
    "Newcastle",
    "Belfast",
    "Birmingham",
    "52.48,-1.90",
    "Mon",
    "Mon,Tue,Wed",
    "Tue;Thu",
    "internal",
    "external",
    "virtual_allowed",
    "in_person",
    "g1",
    "\u{0}",
    "é",
    "\"",
    ",",
    "\n",
    "\r",
    "Ω≈ç√",
    "\u{feff}",
];

/// Values a column holds in earnest, awkward ones included: mutations that pass validation and
/// reach the planner.
fn plausible(header: &str) -> &'static [&'static str] {
    match header.trim().to_ascii_lowercase().as_str() {
        "child_id" => &["C00001", "C99999", "IRO01", "c00002"],
        "iro_id" => &["IRO01", "IRO02", "IRO05", "NEW", "IRO 1", "iro01"],
        "placement" | "base" => &[
            "DT1 1XJ",
            "DT4",
            "Newcastle",
            "Belfast",
            "LL18",
            "Birmingham",
            "TR1",
            "KW1",
            "HS1",
            "ZE1",
            "BT1",
            "Penzance",
            "SW1A 1AA",
        ],
        "looked_after_since" => &[
            "2026-11-30",
            "2026-12-01",
            "2026-11-01",
            "2010-01-01",
            "1950-06-01",
            "2024-02-29",
        ],
        "last_review" => &["", "2026-11-30", "2026-06-01", "2000-01-01", "2026-11-29"],
        "reviews_held" => &["0", "1", "2", "99", ""],
        "current_iro" => &["", "IRO05", "IRO01", "IRO09", "IRO02"],
        "sibling_group" => &["g1", "", "g2"],
        "extra_time" | "overnight" | "vacant" | "locked" => &["true", "false"],
        "placement_type" => &["internal", "external", ""],
        "review_mode" => &["virtual_allowed", "in_person"],
        "exclude_iros" => &[
            "IRO01",
            "IRO01;IRO02;IRO03;IRO04;IRO06;IRO07;IRO08;IRO09",
            "",
        ],
        "hours_per_week" => &["1", "7.5", "18.5", "37", "60", "0.1"],
        // Weekend-only days once hung the planner (issue 17 item 1).
        "working_days" => &[
            "Mon",
            "Fri",
            "Mon,Wed,Fri",
            "Tue,Thu",
            "Mon,Sat",
            "Sat,Sun",
            "Sun",
        ],
        "max_caseload" => &["1", "5", "200", ""],
        "from" | "to" | "date" => &[
            "2026-12-01",
            "2026-12-05",
            "2027-01-10",
            "2027-02-01",
            "2027-11-30",
            "2026-11-01",
            "2026-12-25",
        ],
        "council" => &["Dorset", "Leeds", ""],
        _ => &[],
    }
}

/// Configuration keys (section, key) with awkward values inside their bounds, or just outside.
const CONFIG_KEYS: &[(&str, &str, &[&str])] = &[
    ("horizon", "months", &["1", "36", "37", "0"]),
    (
        "horizon",
        "start",
        &[
            "\"2026-12-01\"",
            "\"2027-06-15\"",
            "\"1900-01-01\"",
            "\"2199-12-01\"",
        ],
    ),
    ("caseload", "band_max_per_fte", &["1", "200", "201", "10"]),
    ("caseload", "band_min_per_fte", &["0", "70", "200"]),
    ("caseload", "fte_hours", &["1", "60", "20"]),
    ("caseload", "target_per_fte", &["1", "200"]),
    ("review", "max_per_day", &["1", "20"]),
    ("review", "length_hours", &["0.25", "8"]),
    ("review", "extra_time_hours", &["4", "0"]),
    ("review", "early_working_days", &["0", "60"]),
    ("review", "first_within_working_days", &["1", "60"]),
    ("review", "second_within_months", &["1", "24"]),
    ("review", "subsequent_within_months", &["1", "24"]),
    ("day", "max_hours", &["1", "16"]),
    ("day", "start", &["\"06:00\"", "\"15:00\""]),
    ("day", "end", &["\"23:59\"", "\"10:30\""]),
    ("day", "earliest_departure", &["\"00:00\""]),
    ("day", "latest_return", &["\"23:59\""]),
    ("travel", "road_factor", &["1", "3"]),
    ("travel", "mph", &["5", "90"]),
    ("travel", "fixed_hours", &["0", "2"]),
    ("travel", "matrix", &["\"matrix.csv\"", "\"../held.csv\""]),
    ("overnight", "allowed", &["false"]),
    ("overnight", "max_one_way_drive_hours", &["0.5", "16"]),
    ("overnight", "remote_drive_hours", &["0", "16"]),
    ("overnight", "max_nights", &["0", "10"]),
    ("overnight", "min_hotel_drive_hours", &["0", "16"]),
    ("costs", "mileage_per_mile", &["0", "10", "10.01"]),
    ("costs", "staff_per_hour", &["0", "1000"]),
    ("costs", "hotel_per_night", &["2000", "0"]),
    ("allocation", "continuity_cost", &["0", "1000000"]),
    ("allocation", "max_changes", &["0", "1"]),
    ("allocation", "candidates", &["1", "1000"]),
    ("allocation", "pooled", &["true"]),
    ("virtual_reviews", "over_miles", &["0", "1000"]),
    ("virtual_reviews", "alternate", &["false"]),
    ("projection", "enabled", &["true"]),
    // Within the bound of 100,000 but kept small: a plan of tens of thousands of arrivals on
    // nine IROs is the shortage stress test, not an input-robustness case.
    ("projection", "entries_per_year", &["0", "2000"]),
    ("projection", "exits_per_year", &["1000"]),
    ("projection", "seed", &["18446744073709551615"]),
];

/// Sets `key = value` in `[section]` of TOML text (replacing the key if it is there).
fn set_key(text: &str, section: &str, key: &str, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header = format!("[{section}]");
    let Some(h) = lines.iter().position(|l| l.trim() == header) else {
        return format!("{text}\n{header}\n{key} = {value}\n");
    };
    let end = (h + 1..lines.len())
        .find(|&i| lines[i].trim_start().starts_with('['))
        .unwrap_or(lines.len());
    let line = format!("{key} = {value}");
    match (h + 1..end).find(|&i| lines[i].split('=').next().is_some_and(|k| k.trim() == key)) {
        Some(i) => lines[i] = line,
        None => lines.insert(h + 1, line),
    }
    lines.join("\n") + "\n"
}

/// Awkward TOML values.
const TOML_VALUES: &[&str] = &[
    "0",
    "-1",
    "1",
    "0.0",
    "1e308",
    "-1e308",
    "1e-300",
    "nan",
    "inf",
    "-inf",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "18446744073709551615",
    "true",
    "\"\"",
    "\"x\"",
    "\"2026-12-01\"",
    "\"9999-12-31\"",
    "\"+262142-06-01\"",
    "2026-12-01",
    "9999-12-31",
    "0001-01-01",
    "\"25:00\"",
    "\"00:00\"",
    "\"23:59\"",
    "[]",
    "[1, 2]",
    "{}",
    "\"IRO01\"",
    "\"IRO99\"",
    "[\"IRO01\", \"IRO01\"]",
    "\"Birmingham\"",
    "\"Nowhereville\"",
    "\"52.48,-1.90\"",
    "\"90,180\"",
    "\"matrix.csv\"",
    "\"../d\"",
    "\"comparison.csv\"",
    "\"report.html\"",
    "\"baseline\"",
    "\"Baseline\"",
    "\"a\\u0000b\"",
    "\"CON\"",
    "\" lead\"",
];

/// Levers a mutation may add to a scenario.
const LEVERS: &[&str] = &[
    "[[lever]]\nkind = \"add_iro\"\nid = \"NEW\"\nbase = \"Birmingham\"\nhours = 60\n",
    "[[lever]]\nkind = \"add_iro\"\nid = \"IRO01\"\nbase = \"Leeds\"\n",
    "[[lever]]\nkind = \"remove_iro\"\nid = \"IRO02\"\n",
    "[[lever]]\nkind = \"move_iro\"\nid = \"IRO03\"\nbase = \"Newcastle\"\n",
    "[[lever]]\nkind = \"change_hours\"\nid = \"IRO04\"\nhours = 1e308\n",
    "[[lever]]\nkind = \"fill_vacancy\"\nid = \"IRO05\"\nbase = \"Exeter\"\n",
    "[[lever]]\nkind = \"remove_children\"\ncount = 4294967295\n",
    "[[lever]]\nkind = \"remove_children\"\ncount = 10\nrule = \"random\"\nseed = 18446744073709551615\n",
    "[[lever]]\nkind = \"remove_children\"\nids = [\"C00001\", \"C00001\", \"NOPE\"]\n",
    "[[lever]]\nkind = \"bring_home\"\ncount = 3\nto = [\"DT1\", \"Nowhereville\"]\n",
    "[[lever]]\nkind = \"review_mode\"\nvirtual_over_miles = 1e308\nalternate = false\n",
    "[[lever]]\nkind = \"caseload_band\"\nmin = 70\nmax = 50\n",
    "[[lever]]\nkind = \"caseload_band\"\nmin = 0\nmax = 1e308\n",
    "[[lever]]\nkind = \"absence\"\niros = [\"IRO01\"]\nfrom = \"2027-01-04\"\nto = \"2027-01-08\"\n",
    "[[lever]]\nkind = \"continuity\"\nmax_changes = 0\ncost = 1e308\n",
    "[[lever]]\nkind = \"merge\"\ndata = \"../d\"\n",
    "[[lever]]\nkind = \"merge\"\ndata = \"../nowhere\"\n",
    "[[lever]]\nkind = \"unknown\"\n",
];

struct Rand(Pcg64);

impl Rand {
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { self.0.random_range(0..n) }
    }
    fn chance(&mut self, p: f64) -> bool {
        self.0.random_bool(p)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        items.choose(&mut self.0).expect("a non-empty list")
    }
    fn pick_str(&mut self, items: &[&str]) -> String {
        self.pick(items).to_string()
    }
}

/// A CSV file's records (flexible: rows may differ in length).
fn records(bytes: &[u8]) -> Option<Vec<Vec<String>>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    r.records()
        .map(|rec| rec.ok().map(|r| r.iter().map(str::to_string).collect()))
        .collect()
}

fn to_csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("write to memory");
    }
    w.into_inner().expect("flush to memory")
}

/// Byte-level damage: cut short, flip, insert, BOM, CRLF, another separator.
fn mutate_bytes(r: &mut Rand, b: &mut Vec<u8>, log: &mut Vec<String>) {
    match r.below(7) {
        0 => {
            let at = r.below(b.len() + 1);
            b.truncate(at);
            log.push(format!("cut at byte {at}"));
        }
        1 if !b.is_empty() => {
            let at = r.below(b.len());
            b[at] ^= 1 << r.below(8);
            log.push(format!("flipped a bit of byte {at}"));
        }
        2 => {
            let at = r.below(b.len() + 1);
            let junk: &[&[u8]] = &[b"\xff\xfe", b"\0", b"\"", b",,,", b"\n\n", b"\xe2\x82"];
            let j = r.pick(junk);
            b.splice(at..at, j.iter().copied());
            log.push(format!("inserted {j:?} at byte {at}"));
        }
        3 => {
            b.splice(0..0, *b"\xef\xbb\xbf");
            log.push("BOM".into());
        }
        4 => {
            *b = String::from_utf8_lossy(b)
                .replace('\n', "\r\n")
                .into_bytes();
            log.push("CRLF".into());
        }
        5 => {
            *b = String::from_utf8_lossy(b).replace(',', ";").into_bytes();
            log.push("';' for ','".into());
        }
        _ => {
            b.clear();
            log.push("emptied".into());
        }
    }
}

/// A structural CSV mutation (or byte-level damage, now and then).
fn mutate_csv(r: &mut Rand, b: &mut Vec<u8>, log: &mut Vec<String>) {
    let Some(mut rows) = records(b).filter(|rows| !rows.is_empty()) else {
        mutate_bytes(r, b, log);
        return;
    };
    if r.chance(0.1) {
        mutate_bytes(r, b, log);
        return;
    }
    let n = rows.len();
    match r.below(12) {
        0..=5 => {
            let row = if n > 1 { 1 + r.below(n - 1) } else { 0 };
            let col = r.below(rows[row].len().max(1));
            let header = rows[0].get(col).cloned().unwrap_or_default();
            let earnest = plausible(&header);
            let mut v = if !earnest.is_empty() && r.chance(0.75) {
                r.pick(earnest).to_string()
            } else {
                r.pick(CELLS).to_string()
            };
            if r.chance(0.05) {
                v = "x".repeat(r.below(5000) + 300);
            }
            log.push(format!("cell {row}:{header} = {v:?}"));
            if let Some(c) = rows[row].get_mut(col) {
                *c = v;
            }
        }
        6 if n > 1 => {
            let row = 1 + r.below(n - 1);
            rows.remove(row);
            log.push(format!("row {row} removed"));
        }
        7 => {
            let row = r.below(n);
            let copy = rows[row].clone();
            rows.insert(row, copy);
            log.push(format!("row {row} repeated"));
        }
        8 => {
            let col = r.below(rows[0].len().max(1));
            for row in &mut rows {
                if col < row.len() {
                    row.remove(col);
                }
            }
            log.push(format!("column {col} removed"));
        }
        9 if rows[0].len() > 1 => {
            let a = r.below(rows[0].len());
            let b2 = r.below(rows[0].len());
            rows[0][a] = rows[0][b2].clone();
            log.push(format!("header {a} renamed to {:?}", rows[0][b2]));
        }
        10 => {
            let row = r.below(n);
            if r.chance(0.5) {
                rows[row].push("extra".into());
                log.push(format!("row {row}: a cell added"));
            } else {
                rows[row].pop();
                log.push(format!("row {row}: last cell dropped"));
            }
        }
        _ => {
            rows.truncate(1 + r.below(2));
            log.push(format!("cut to {} rows", rows.len()));
        }
    }
    *b = to_csv(&rows);
}

/// A config mutation: mostly a key set to an awkward value of its own kind, else as any TOML.
fn mutate_config(r: &mut Rand, b: &mut Vec<u8>, log: &mut Vec<String>) {
    if r.chance(0.6) {
        let (section, key, values) = *r.pick(CONFIG_KEYS);
        let v = r.pick(values);
        *b = set_key(&String::from_utf8_lossy(b), section, key, v).into_bytes();
        log.push(format!("[{section}] {key} = {v}"));
    } else {
        mutate_toml(r, b, &[], log);
    }
}

/// A TOML mutation: a value replaced, a line dropped or repeated, a lever added.
fn mutate_toml(r: &mut Rand, b: &mut Vec<u8>, extra: &[&str], log: &mut Vec<String>) {
    if r.chance(0.15) {
        mutate_bytes(r, b, log);
        return;
    }
    if !extra.is_empty() && r.chance(0.4) {
        let add = r.pick(extra);
        b.extend_from_slice(format!("\n{add}").as_bytes());
        log.push(format!("added {add:?}"));
        return;
    }
    let text = String::from_utf8_lossy(b).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let values: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains('=') && !lines[i].trim_start().starts_with('#'))
        .collect();
    match r.below(4) {
        0 | 1 if !values.is_empty() => {
            let i = *r.pick(&values);
            let key = lines[i].split('=').next().unwrap_or("").trim().to_string();
            let v = r.pick(TOML_VALUES);
            lines[i] = format!("{key} = {v}");
            log.push(format!("line {}: {key} = {v}", i + 1));
        }
        2 if !lines.is_empty() => {
            let i = r.below(lines.len());
            if r.chance(0.5) {
                lines.remove(i);
                log.push(format!("line {} removed", i + 1));
            } else {
                let l = lines[i].clone();
                lines.insert(i, l);
                log.push(format!("line {} repeated", i + 1));
            }
        }
        _ => {
            let v = r.pick(TOML_VALUES);
            lines.insert(0, format!("name = {v}"));
            log.push(format!("name = {v}"));
        }
    }
    *b = (lines.join("\n") + "\n").into_bytes();
}

/// A Solomon instance mutation: a number replaced, a line dropped or repeated, bytes damaged.
fn mutate_solomon(r: &mut Rand, b: &mut Vec<u8>, log: &mut Vec<String>) {
    if r.chance(0.2) {
        mutate_bytes(r, b, log);
        return;
    }
    let text = String::from_utf8_lossy(b).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return;
    }
    let i = r.below(lines.len());
    match r.below(3) {
        0 => {
            let mut fields: Vec<String> = lines[i].split_whitespace().map(str::to_string).collect();
            if !fields.is_empty() {
                let k = r.below(fields.len());
                let v = *r.pick(&[
                    "1e30",
                    "100000000",
                    "-1",
                    "0",
                    "nan",
                    "inf",
                    "1e308",
                    "x",
                    "3.5",
                    "one",
                    "18446744073709551616",
                    "1",
                ]);
                fields[k] = v.to_string();
                log.push(format!("line {}: field {k} = {v}", i + 1));
            }
            lines[i] = fields.join(" ");
        }
        1 => {
            lines.remove(i);
            log.push(format!("line {} removed", i + 1));
        }
        _ => {
            let l = lines[i].clone();
            lines.insert(i, l);
            log.push(format!("line {} repeated", i + 1));
        }
    }
    *b = (lines.join("\n") + "\n").into_bytes();
}

/// Mutates the file at `rel` by its kind.
fn mutate_file(r: &mut Rand, files: &mut Files, rel: &str, log: &mut Vec<String>) {
    let mut m = Vec::new();
    let Some(b) = files.get_mut(rel) else {
        return;
    };
    if rel.ends_with(".csv") || rel.ends_with(".txt") && rel != "solomon.txt" {
        mutate_csv(r, b, &mut m);
    } else if rel == "d/config.toml" {
        mutate_config(r, b, &mut m);
    } else if rel.ends_with(".toml") {
        mutate_toml(r, b, LEVERS, &mut m);
    } else if rel == "solomon.txt" {
        mutate_solomon(r, b, &mut m);
    } else {
        mutate_bytes(r, b, &mut m);
    }
    log.push(format!("{rel}: {}", m.join("; ")));
}

// ---------------------------------------------------------------------------------------------
// Cases

/// One case: the files, the command line, and what was done to them.
struct Case {
    files: Files,
    args: Vec<String>,
    log: Vec<String>,
}

fn arg(r: &mut Rand, good: &[&str]) -> String {
    if r.chance(0.85) {
        r.pick(good).to_string()
    } else {
        r.pick(CELLS).to_string()
    }
}

/// Mutates 1..=3 of `candidates` (paths of `files`).
fn mutate_some(r: &mut Rand, c: &mut Case, candidates: &[&str]) {
    let k = *r.pick(&[1, 1, 1, 1, 1, 1, 2, 2, 2, 3]);
    for _ in 0..k {
        let rel = *r.pick(candidates);
        mutate_file(r, &mut c.files, rel, &mut c.log);
    }
}

const INPUTS: &[&str] = &[
    "d/children.csv",
    "d/iros.csv",
    "d/config.toml",
    "d/absences.csv",
];

fn make_case(r: &mut Rand, base: &Files) -> Case {
    let mut c = Case {
        files: base.clone(),
        args: Vec::new(),
        log: Vec::new(),
    };
    let s = |v: &str| v.to_string();
    match r.below(8) {
        0 => {
            mutate_some(r, &mut c, INPUTS);
            c.args = vec![s("plan"), s("--data"), s("d"), s("--out"), s("out")];
            if r.chance(0.3) {
                c.args
                    .extend([s("--start"), arg(r, &["2026-12-01", "2027-03-31"])]);
            }
            if r.chance(0.3) {
                c.args.extend([s("--months"), arg(r, &["1", "6", "36"])]);
            }
            if r.chance(0.2) {
                c.args.push(r.pick_str(&["--public", "--pooled"]));
            }
        }
        1 => {
            mutate_some(r, &mut c, INPUTS);
            c.args = vec![s("allocate"), s("--data"), s("d")];
            if r.chance(0.4) {
                c.args.extend([s("--max-changes"), arg(r, &["0", "5"])]);
            }
            if r.chance(0.3) {
                c.args
                    .extend([s("--continuity"), arg(r, &["0,10,20", "5"])]);
            }
        }
        2 => {
            let plan_files: Vec<&str> = base
                .keys()
                .filter(|k| k.starts_with("plan/"))
                .map(String::as_str)
                .collect();
            let mut pool = plan_files.clone();
            pool.extend_from_slice(INPUTS);
            mutate_some(r, &mut c, &pool);
            c.args = vec![s("check"), s("--data"), s("d"), s("--plan"), s("plan")];
            if r.chance(0.2) {
                c.args.extend([s("--months"), arg(r, &["6", "12"])]);
            }
        }
        3 => {
            mutate_some(r, &mut c, &["d/children.csv", "d/iros.csv", "held.csv"]);
            c.args = vec![
                s("rota"),
                s("--data"),
                s("d"),
                s("--out"),
                s("out/rota"),
                s("--week"),
                arg(r, &["2026-12-07", "2027-01-13", "2026-11-30"]),
            ];
            if r.chance(0.7) {
                c.args.extend([s("--state"), s("held.csv")]);
            }
            if r.chance(0.3) {
                c.args.extend([s("--months"), arg(r, &["1", "3"])]);
            }
        }
        4 => {
            let scen: Vec<String> = base
                .keys()
                .filter(|k| k.starts_with("scenarios/"))
                .cloned()
                .collect();
            let a = r.pick(&scen).clone();
            let b = r.pick(&scen).clone();
            mutate_file(r, &mut c.files, &a, &mut c.log);
            if r.chance(0.3) {
                mutate_some(r, &mut c, INPUTS);
            }
            c.args = vec![s("compare"), s("--data"), s("d"), s("--out"), s("out")];
            c.args.extend([s("--scenario"), a.clone()]);
            if r.chance(0.4) && a != b {
                c.args.extend([s("--scenario"), b]);
            }
            if r.chance(0.3) {
                c.args.push(r.pick_str(&["--project", "--no-project"]));
            }
        }
        5 => {
            if r.chance(0.5) {
                mutate_file(r, &mut c.files, "candidates.txt", &mut c.log);
            } else {
                mutate_some(r, &mut c, INPUTS);
            }
            c.args = vec![
                s("bases"),
                s("--data"),
                s("d"),
                s("--out"),
                s("out"),
                s("--candidates"),
                s("candidates.txt"),
                s("--top"),
                arg(r, &["0", "1", "2"]),
            ];
            if r.chance(0.3) {
                c.args.extend([s("--hours"), arg(r, &["18.5", "37"])]);
            }
            if r.chance(0.2) {
                c.args
                    .extend([s("--include"), arg(r, &["Taunton", "Nowhereville"])]);
            }
        }
        6 => {
            mutate_file(r, &mut c.files, "solomon.txt", &mut c.log);
            c.args = vec![
                s("solomon"),
                s("solomon.txt"),
                s("--time-limit"),
                // Never a long limit: a run of 1e9 s is a request, not a hang.
                r.pick_str(&["0.2", "0", "-1", "nan", "inf", "1e308", "x", "0.05"]),
            ];
            if r.chance(0.3) {
                c.args.extend([s("--seed"), arg(r, &["7"])]);
            }
            if r.chance(0.3) {
                c.args.push(s("--json"));
            }
        }
        _ => {
            let profile = *r.pick(&["dorset", "council", "national", "county"]);
            c.args = vec![
                s("generate"),
                s("--profile"),
                s(profile),
                s("--out"),
                s("gen"),
                s("--seed"),
                arg(r, &["1", "2"]),
            ];
            // Small sets only: the national profile's default is 84,000 children.
            let children = if r.chance(0.7) {
                r.pick_str(&["1", "40", "150"])
            } else {
                r.pick_str(&["0", "-5", "x", "5000001", "18446744073709551616"])
            };
            c.args.extend([s("--children"), children]);
            if profile == "national" || r.chance(0.2) {
                c.args.extend([s("--councils"), arg(r, &["1", "2"])]);
            }
            if profile == "council" || r.chance(0.2) {
                c.args
                    .extend([s("--home"), arg(r, &["Leeds", "Devon", "Nowhereville"])]);
            }
            if r.chance(0.3) {
                c.args.extend([s("--iros"), arg(r, &["1", "3"])]);
            }
            if r.chance(0.3) {
                c.args
                    .extend([s("--as-of"), arg(r, &["2026-11-30", "2020-02-29"])]);
            }
        }
    }
    c
}

// ---------------------------------------------------------------------------------------------
// Running

/// Every path under `dir` with its size: what "nothing written" is checked against.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let meta = std::fs::symlink_metadata(&p).expect("metadata");
            let rel = p.strip_prefix(dir).expect("inside").to_path_buf();
            out.insert(rel, if meta.is_dir() { u64::MAX } else { meta.len() });
            if meta.is_dir() {
                stack.push(p);
            }
        }
    }
    out
}

/// The memory cap of a case, MB (`IRO_FUZZ_MEMORY_MB`; default 4 GB, far above any case).
fn memory_mb() -> u64 {
    env_or("IRO_FUZZ_MEMORY_MB", 4096)
}

enum Outcome {
    Exited(Option<i32>, String),
    TimedOut,
}

fn run_case(dir: &Path, args: &[String], limit: Duration) -> Outcome {
    // A NUL cannot be passed on a command line at all: it stands for itself as text.
    let args: Vec<String> = args.iter().map(|a| a.replace('\0', "\\0")).collect();
    // A memory cap, so that an input asking for terabytes fails (and is reported) instead of
    // swapping the machine: `ulimit -v` in a shell that then runs the binary.
    let mut cmd = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!(
                "ulimit -v {}; exec \"$0\" \"$@\"",
                memory_mb() * 1024
            ))
            .arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    let mut child = cmd
        .args(&args)
        .args(["--quiet", "--threads", "1"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Drain stderr on a thread so that a chatty child never blocks on a full pipe.
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let t0 = Instant::now();
    loop {
        match child.try_wait().expect("wait") {
            Some(status) => {
                let stderr = reader.join().unwrap_or_default();
                return Outcome::Exited(status.code(), stderr);
            }
            None if t0.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome::TimedOut;
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

/// Runs one case; `Err` describes what went wrong.
fn check_case(dir: &Path, c: &Case, limit: Duration) -> Result<(i32, String), String> {
    write_files(dir, &c.files);
    let before = snapshot(dir);
    let (code, stderr) = match run_case(dir, &c.args, limit) {
        Outcome::TimedOut => return Err(format!("no exit within {} s", limit.as_secs())),
        Outcome::Exited(None, e) => return Err(format!("killed by a signal\n{e}")),
        Outcome::Exited(Some(code), e) => (code, e),
    };
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        return Err(format!("panic (exit {code}):\n{stderr}"));
    }
    if !matches!(code, 0..=2) {
        return Err(format!("exit {code}, expected 0, 1 or 2:\n{stderr}"));
    }
    let after = snapshot(dir);
    if code == 2 && after != before {
        let added: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        return Err(format!(
            "exit 2 but the folder changed (new: {added:?}):\n{stderr}"
        ));
    }
    let leftovers: Vec<_> = after
        .keys()
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with('.') && (n.contains(".staging-") || n.contains(".old-"))
            })
        })
        .collect();
    if !leftovers.is_empty() {
        return Err(format!("staging left behind: {leftovers:?}"));
    }
    Ok((code, stderr))
}

/// Copies a failing case where it can be rerun: its files and its command line.
fn keep_failure(dir: &Path, seed: u64, n: usize, c: &Case, why: &str) -> PathBuf {
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz-failures")
        .join(format!("seed-{seed}-case-{n}"));
    let _ = std::fs::remove_dir_all(&keep);
    write_files(&keep, &c.files);
    let _ = dir;
    let cmd = format!(
        "cd {} && iro-planner {} --quiet --threads 1\n# {}\n# {}\n",
        keep.display(),
        c.args
            .iter()
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(" "),
        c.log.join("\n# "),
        why.lines().next().unwrap_or("")
    );
    std::fs::write(keep.join("command.txt"), cmd).expect("write command");
    keep
}

#[test]
fn mutated_inputs_never_hang_crash_or_half_write() {
    let cases: usize = env_or("IRO_FUZZ_CASES", DEFAULT_CASES);
    let seed: u64 = env_or("IRO_FUZZ_SEED", DEFAULT_SEED);
    let limit = Duration::from_secs(env_or("IRO_FUZZ_TIMEOUT_SECS", DEFAULT_TIMEOUT_SECS));
    let verbose = std::env::var("IRO_FUZZ_VERBOSE").is_ok_and(|v| v == "1");
    let tmp = tempfile::tempdir().expect("tempdir");
    let plan_dir = seed_plan(&tmp.path().join("seed"));
    let base = base_files(&plan_dir);
    let mut r = Rand(Pcg64::seed_from_u64(seed));
    let mut failures = Vec::new();
    let mut codes = [0usize; 3];
    for n in 0..cases {
        let c = make_case(&mut r, &base);
        let dir = tmp.path().join(format!("case-{n}"));
        let result = check_case(&dir, &c, limit);
        if verbose {
            let shown = match &result {
                Ok((code, e)) => format!("exit {code} {}", e.lines().nth(1).unwrap_or("").trim()),
                Err(e) => format!("FAILED {}", e.lines().next().unwrap_or("")),
            };
            eprintln!("case {n}: {:?} -> {shown}\n  {}", c.args, c.log.join(" | "));
        }
        match result {
            Ok((code, _)) => codes[code as usize] += 1,
            Err(why) => {
                let keep = keep_failure(&dir, seed, n, &c, &why);
                failures.push(format!(
                    "case {n}: {}\n  args: {:?}\n  mutations: {}\n  kept in {}\n  {}",
                    why.lines().next().unwrap_or(""),
                    c.args,
                    c.log.join(" | "),
                    keep.display(),
                    why.lines().skip(1).take(6).collect::<Vec<_>>().join("\n  ")
                ));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    eprintln!(
        "fuzz: seed {seed}, {cases} cases: exit 0 ×{}, 1 ×{}, 2 ×{}; {} failures",
        codes[0],
        codes[1],
        codes[2],
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed (seed {seed}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
