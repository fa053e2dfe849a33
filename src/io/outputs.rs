//! Writing a plan: the output contract of DESIGN.md §4 (file and column names are fixed).
//!
//! # Whole-folder output
//! Every command's files are written into a staging folder beside the output folder
//! ([`Staging`]) and swapped in whole by [`Staging::commit`]: the output folder is renamed aside
//! and the staging folder renamed into its place, so a reader sees the old output or the new,
//! never a mixture, and a failure before the swap leaves the old output untouched and nothing
//! new on disk. Files an earlier run of the same command wrote and this run does not write again
//! (a calendar of an IRO who has left) go with the old folder; entries of other commands (a
//! `rota/` folder inside `out/`) are carried into the new one. A manifest, [`MANIFEST`], records
//! which command wrote which entry. A folder that holds files iro-planner did not write is never
//! replaced ([`Staging::check_target`]).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::cost::PlanFigures;
use crate::domain::Caseload;
use crate::error::{Error, Result};
use crate::schedule::Plan;

/// `HH:MM` of seconds after midnight.
pub fn hhmm(secs: i64) -> String {
    let m = secs.div_euclid(60);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// The id of the `i`th trip.
pub fn trip_id(i: usize) -> String {
    format!("T{:05}", i + 1)
}

/// The manifest in every output folder: `{"written_by": {"<entry>": "<command>"}}` for each
/// top-level entry iro-planner wrote.
pub const MANIFEST: &str = ".iro-planner.json";

/// Files that mark an output folder written before manifests existed.
const LEGACY_MARKERS: &[&str] = &[
    "summary.json",
    "comparison.json",
    "comparison.csv",
    "rota.csv",
    "bases.csv",
];

/// Top-level names `compare` writes beside its scenario folders; no scenario may take one.
pub const COMPARE_FILES: &[&str] = &[
    "baseline",
    "comparison.json",
    "comparison.csv",
    "comparison_long.csv",
    "comparison.xlsx",
    "report.html",
    MANIFEST,
];

/// Longest name of a folder or file made from user text (scenario names, ids), in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// Why `name` cannot name a folder or file portably (Linux, macOS, Windows), or `None`.
///
/// A name is at most [`MAX_NAME_CHARS`] letters, digits, spaces, `-`, `_` and `.`; it neither
/// starts with `.` or a space nor ends with `.` or a space; and it is not a Windows device name
/// (`CON`, `NUL`, `COM1` …, with or without an extension).
pub fn portable_name_problem(name: &str) -> Option<String> {
    let n = name.chars().count();
    if n == 0 {
        return Some("is empty".into());
    }
    if n > MAX_NAME_CHARS {
        return Some(format!("is {n} characters long"));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ')))
    {
        return Some(format!("contains {c:?}"));
    }
    if name.starts_with(['.', ' ']) || name.ends_with(['.', ' ']) {
        return Some("starts or ends with '.' or a space".into());
    }
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    let device = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if device {
        return Some("is a Windows device name".into());
    }
    None
}

/// A staging folder beside the output folder, swapped in whole on [`Staging::commit`].
///
/// Dropped without a commit, it removes itself and any folder it created: nothing is written.
pub struct Staging {
    /// The output folder (absolute).
    target: PathBuf,
    /// The staging folder, a sibling of `target` (same file system: renames are atomic).
    dir: PathBuf,
    /// The command writing (recorded in the manifest).
    command: &'static str,
    /// Relative paths written, by their lower-case form (two names differing only in case
    /// would be one file on a case-insensitive file system).
    written: BTreeMap<String, String>,
    /// Prefix of relative paths (`baseline/` while a scenario's plan is written).
    prefix: String,
    /// Ancestor folders created for the staging folder, deepest first.
    created: Vec<PathBuf>,
}

impl Staging {
    /// Starts writing the output of `command` into `target` (created on commit).
    ///
    /// # Errors
    /// As [`Staging::check_target`]; an I/O error if the staging folder cannot be created.
    pub fn new(target: &Path, command: &'static str) -> Result<Staging> {
        let target = Staging::check_target(target)?;
        let parent = target
            .parent()
            .ok_or_else(|| Error::Usage(format!("{}: not a folder to write", target.display())))?;
        let mut created = Vec::new();
        let mut missing = parent;
        while !missing.exists() {
            created.push(missing.to_path_buf());
            match missing.parent() {
                Some(p) => missing = p,
                None => break,
            }
        }
        let mut staging = Staging {
            dir: sibling(&target, "staging"),
            target,
            command,
            written: BTreeMap::new(),
            prefix: String::new(),
            created,
        };
        fs::create_dir_all(&staging.dir).map_err(|e| Error::io(&staging.dir, e))?;
        // From here on, Drop removes what was made.
        staging.created.retain(|p| p.exists());
        Ok(staging)
    }

    /// The output folder, made absolute; checks that it may be replaced: it does not exist, is
    /// an empty folder, or was written by iro-planner (it holds [`MANIFEST`] or, from before
    /// manifests, a `summary.json`, `comparison.json`, `comparison.csv`, `rota.csv` or
    /// `bases.csv`; or it holds only such folders, as `out/` after a `rota` into `out/rota`).
    /// Commands call it before any work, so that a bad `--out` fails at once.
    ///
    /// # Errors
    /// [`Error::Usage`] for a file, a folder of other files, or a path with no folder name.
    pub fn check_target(target: &Path) -> Result<PathBuf> {
        let abs = absolute(target)?;
        if abs.file_name().is_none() || abs.parent().is_none() {
            return Err(Error::Usage(format!(
                "{}: not a folder to write (give --out a folder of its own)",
                target.display()
            )));
        }
        if !abs.exists() {
            return Ok(abs);
        }
        if !abs.is_dir() {
            return Err(Error::Usage(format!(
                "{}: exists and is not a folder (expected a folder for the output)",
                target.display()
            )));
        }
        // Ours: marked, or holding only output folders of other commands (`out/rota/`); an
        // empty folder holds nothing to lose.
        let marked = |d: &Path| {
            d.join(MANIFEST).exists() || LEGACY_MARKERS.iter().any(|m| d.join(m).exists())
        };
        let ours = marked(&abs) || {
            let entries = fs::read_dir(&abs).map_err(|e| Error::io(&abs, e))?;
            let mut all = true;
            for e in entries {
                let p = e.map_err(|e| Error::io(&abs, e))?.path();
                all &= p.is_dir() && marked(&p);
            }
            all
        };
        if ours {
            Ok(abs)
        } else {
            Err(Error::Usage(format!(
                "{}: the folder holds files iro-planner did not write, and an output folder is \
                 replaced whole (expected a new or empty folder, or one iro-planner wrote)",
                target.display()
            )))
        }
    }

    /// The staging folder's copy of a relative path (to re-read a staged file, e.g. to check
    /// a plan before it is committed).
    pub fn staged(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Writes everything `f` writes under `folder/` (a scenario's plan inside `compare`).
    ///
    /// # Errors
    /// Those of `f`.
    pub fn within<T>(
        &mut self,
        folder: &str,
        f: impl FnOnce(&mut Staging) -> Result<T>,
    ) -> Result<T> {
        let inner = format!("{}{folder}/", self.prefix);
        let saved = std::mem::replace(&mut self.prefix, inner);
        let r = f(self);
        self.prefix = saved;
        r
    }

    /// Writes a file (a relative path, `/`-separated) into the staging folder.
    ///
    /// # Errors
    /// A path that is not a plain relative path, a path already written (in any letter case),
    /// or a file that cannot be written.
    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        let rel = format!("{}{rel}", self.prefix);
        let plain = Path::new(&rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !plain || rel.is_empty() || rel.contains('\0') {
            return Err(Error::Usage(format!(
                "output '{rel}': not a relative path inside the output folder"
            )));
        }
        if let Some(first) = self.written.insert(rel.to_lowercase(), rel.clone()) {
            return Err(Error::Usage(format!(
                "output '{rel}' would overwrite '{first}' (names differ only in letter case or \
                 repeat)"
            )));
        }
        let path = self.dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    /// Swaps the staging folder in for the output folder (see the module docs).
    ///
    /// # Errors
    /// An I/O error; the old output is then restored as it was.
    pub fn commit(self) -> Result<()> {
        let mut owners: BTreeMap<String, String> = BTreeMap::new();
        for rel in self.written.values() {
            let entry = rel.split('/').next().unwrap_or(rel);
            owners.insert(entry.to_string(), self.command.to_string());
        }
        let rewritten: std::collections::BTreeSet<String> =
            owners.keys().map(|k| k.to_lowercase()).collect();
        // Entries of the old folder kept in the new one: neither rewritten now nor written by
        // an earlier run of this command.
        let mut carried: Vec<String> = Vec::new();
        if self.target.is_dir() {
            let old = read_manifest(&self.target);
            let entries = fs::read_dir(&self.target).map_err(|e| Error::io(&self.target, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(&self.target, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let stale = name == MANIFEST
                    || rewritten.contains(&name.to_lowercase())
                    || old.get(&name).is_some_and(|c| c == self.command);
                if stale {
                    continue;
                }
                if let Err(e) = fs::rename(entry.path(), self.dir.join(&name)) {
                    self.restore(&carried);
                    return Err(Error::io(entry.path(), e));
                }
                if let Some(c) = old.get(&name) {
                    owners.insert(name.clone(), c.clone());
                }
                carried.push(name);
            }
        }
        let manifest = serde_json::json!({ "written_by": owners });
        let text = serde_json::to_vec_pretty(&manifest)
            .map_err(|e| Error::Solver(format!("manifest: {e}")))?;
        if let Err(e) = fs::write(self.dir.join(MANIFEST), text) {
            self.restore(&carried);
            return Err(Error::io(self.dir.join(MANIFEST), e));
        }
        let trash = sibling(&self.target, "old");
        let had_old = self.target.exists();
        if had_old && let Err(e) = fs::rename(&self.target, &trash) {
            self.restore(&carried);
            return Err(Error::io(&self.target, e));
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&trash, &self.target);
            }
            self.restore(&carried);
            return Err(Error::io(&self.target, e));
        }
        if had_old {
            let _ = fs::remove_dir_all(&trash);
        }
        // Committed: nothing for Drop to remove.
        let mut done = self;
        done.created.clear();
        done.dir = PathBuf::new();
        Ok(())
    }

    /// Moves carried entries back into the old output folder after a failed commit.
    fn restore(&self, carried: &[String]) {
        for name in carried {
            let _ = fs::rename(self.dir.join(name), self.target.join(name));
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.dir.as_os_str().is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        for p in &self.created {
            // Only folders made for this staging and still empty.
            let _ = fs::remove_dir(p);
        }
    }
}

/// `path` made absolute (not resolving symbolic links of the last component).
fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    // `out/.` and `out/..` name folders whose file name is not the last component.
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Ok(clean)
}

/// A fresh sibling path of `target`: `.<name>.<what>-<pid>-<n>`.
fn sibling(target: &Path, what: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = target
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = target.parent().unwrap_or(Path::new("."));
    loop {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = parent.join(format!(".{name}.{what}-{}-{n}", std::process::id()));
        if !p.exists() {
            return p;
        }
    }
}

/// One cell of an output table: typed, so the CSV and the Excel writers agree on every value
/// (a CSV shows it as text, `plan.xlsx` as a number, date, time or boolean).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number written with this many decimals in CSV.
    Num(f64, usize),
    /// A date (ISO in CSV).
    Date(chrono::NaiveDate),
    /// A time of day, seconds after midnight (`HH:MM` in CSV).
    Time(i64),
    /// `true` / `false`.
    Bool(bool),
}

impl Cell {
    /// The cell as CSV text.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x, d) => format!("{x:.d$}"),
            Cell::Date(d) => d.to_string(),
            Cell::Time(t) => hhmm(*t),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// The owners recorded in a folder's manifest (empty if none or unreadable).
fn read_manifest(dir: &Path) -> BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        written_by: BTreeMap<String, String>,
    }
    fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
        .map(|m| m.written_by)
        .unwrap_or_default()
}

/// An output table: a header and typed rows (one CSV file, one worksheet).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Column names.
    pub header: Vec<&'static str>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The table as CSV bytes.
    ///
    /// # Errors
    /// If a row cannot be written.
    pub fn csv(&self) -> Result<Vec<u8>> {
        csv_bytes(
            &self.header,
            self.rows.iter().map(|r| r.iter().map(Cell::text).collect()),
        )
    }

    /// Appends a column (cells in row order).
    pub fn push_column(&mut self, name: &'static str, cells: impl IntoIterator<Item = Cell>) {
        self.header.push(name);
        for (row, c) in self.rows.iter_mut().zip(cells) {
            row.push(c);
        }
    }
}

/// A CSV file's bytes: the header, then each row.
///
/// # Errors
/// If a row cannot be written.
pub fn csv_bytes(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let to_err = |e: csv::Error| Error::Solver(format!("csv writing: {e}"));
    w.write_record(header).map_err(to_err)?;
    for r in rows {
        w.write_record(&r).map_err(to_err)?;
    }
    w.into_inner()
        .map_err(|e| Error::Solver(format!("csv writing: {e}")))
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn count(n: usize) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `allocation.csv`: child_id, iro_id, previous_iro_id, changed, miles_one_way.
pub fn allocation_sheet(caseload: &Caseload, assignment: &[crate::domain::IroId]) -> Sheet {
    let travel = crate::geo::TravelModel::new(&caseload.config.travel, caseload.matrix.clone());
    Sheet {
        header: vec![
            "child_id",
            "iro_id",
            "previous_iro_id",
            "changed",
            "miles_one_way",
        ],
        rows: caseload
            .child_ids()
            .map(|c| {
                let child = caseload.child(c);
                let iro = assignment[c.idx()];
                let prev = child.current_iro;
                vec![
                    text(&child.external_id),
                    text(&caseload.iro(iro).external_id),
                    Cell::Text(
                        prev.map_or_else(String::new, |p| caseload.iro(p).external_id.clone()),
                    ),
                    Cell::Bool(prev.is_some_and(|p| p != iro)),
                    Cell::Num(travel.leg(caseload.iro(iro).base, child.location).miles, 2),
                ]
            })
            .collect(),
    }
}

/// `summary.json` of `allocate`: the allocation's figures and solver statistics.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AllocationSummary {
    /// First day of the horizon whose expected reviews weigh the travel.
    pub horizon_start: chrono::NaiveDate,
    /// Horizon length, months.
    pub horizon_months: u32,
    /// Children allocated.
    pub children: usize,
    /// IROs in post.
    pub iros_in_post: usize,
    /// FTE in post.
    pub fte: f64,
    /// Children moved away from their current IRO.
    pub children_moved: usize,
    /// Children beyond the band maximum of every IRO (0 if capacity suffices).
    pub shortfall_children: u64,
    /// FTE short.
    pub shortfall_fte: f64,
    /// FTE required to stay within the band maximum.
    pub required_fte_band: f64,
    /// FTE required at the target caseload.
    pub required_fte_target: f64,
    /// Per IRO: children, band and expected travel.
    pub per_iro: Vec<AllocationIro>,
    /// Solver statistics.
    pub solver: AllocationSolver,
}

/// One IRO's row of [`AllocationSummary`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct AllocationIro {
    /// IRO id.
    pub iro_id: String,
    /// FTE.
    pub fte: f64,
    /// Children allocated.
    pub children: u32,
    /// Band minimum.
    pub band_min: u32,
    /// Band maximum.
    pub band_max: u32,
    /// Reviews expected in the horizon.
    pub reviews: f64,
    /// Expected road miles.
    pub miles: f64,
    /// Expected driving hours.
    pub drive_hours: f64,
    /// Expected hotel nights.
    pub hotel_nights: f64,
    /// Expected travel £.
    pub travel_cost: f64,
}

/// Solver statistics of [`AllocationSummary`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct AllocationSolver {
    /// Objective, £ a year.
    pub objective: f64,
    /// Lower bound, £ a year.
    pub lower_bound: f64,
    /// Relative gap.
    pub gap: f64,
    /// Seconds.
    pub seconds: f64,
    /// Backend.
    pub backend: String,
    /// Candidate IROs per child.
    pub candidates: usize,
    /// Whether candidate pruning may have cut the optimum.
    pub pruning: String,
}

impl AllocationSummary {
    /// The summary of an allocation of `caseload`.
    pub fn of(caseload: &Caseload, r: &crate::allocate::AllocationResult) -> AllocationSummary {
        let cfg = &caseload.config;
        AllocationSummary {
            horizon_start: cfg.horizon.start,
            horizon_months: cfg.horizon.months,
            children: caseload.children.len(),
            iros_in_post: caseload.iros.iter().filter(|i| !i.vacant).count(),
            fte: caseload.iro_ids().map(|i| caseload.fte(i)).sum(),
            children_moved: r.changes.len(),
            shortfall_children: r.shortfall_children,
            shortfall_fte: r.shortfall_fte,
            required_fte_band: r.required_fte_band,
            required_fte_target: r.required_fte_target,
            per_iro: r
                .rows
                .iter()
                .map(|row| AllocationIro {
                    iro_id: caseload.iro(row.iro).external_id.clone(),
                    fte: row.fte,
                    children: row.children,
                    band_min: row.band_min,
                    band_max: row.band_max,
                    reviews: row.reviews,
                    miles: row.miles,
                    drive_hours: row.hours,
                    hotel_nights: row.hotel_nights,
                    travel_cost: row.travel_cost,
                })
                .collect(),
            solver: AllocationSolver {
                objective: r.objective,
                lower_bound: r.lower_bound,
                gap: r.gap,
                seconds: r.seconds,
                backend: r.backend.to_string(),
                candidates: r.candidates,
                pruning: format!("{:?}", r.pruning),
            },
        }
    }
}

/// `reviews.csv`: one row per planned review.
pub fn reviews_sheet(caseload: &Caseload, plan: &Plan) -> Sheet {
    Sheet {
        header: vec![
            "child_id",
            "iro_id",
            "review_number",
            "due_date",
            "date",
            "start",
            "end",
            "mode",
            "trip_id",
            "on_time",
            "chair_iro_id",
            "cover",
            "reason",
            "action",
            "place",
            "town",
        ],
        rows: plan
            .reviews
            .iter()
            .map(|r| {
                let place = crate::places::review_place(caseload, r);
                vec![
                    text(&caseload.child(r.child).external_id),
                    text(&caseload.iro(r.iro).external_id),
                    Cell::Int(i64::from(r.number)),
                    Cell::Date(r.due),
                    Cell::Date(r.date),
                    Cell::Time(r.start),
                    Cell::Time(r.end),
                    text(r.mode.as_str()),
                    Cell::Text(r.trip.map_or_else(String::new, |t| trip_id(t.idx()))),
                    Cell::Bool(r.on_time),
                    Cell::Text(
                        r.chair_iro()
                            .map_or_else(String::new, |c| caseload.iro(c).external_id.clone()),
                    ),
                    text(r.cover().unwrap_or_default()),
                    text(r.reason.map_or("", |x| x.code())),
                    text(r.reason.map_or("", |x| x.action())),
                    Cell::Text(place.label),
                    Cell::Text(place.town),
                ]
            })
            .chain(plan.unscheduled.iter().map(|u| {
                let empty = || text("");
                vec![
                    text(&caseload.child(u.child).external_id),
                    text(&caseload.iro(u.iro).external_id),
                    Cell::Int(i64::from(u.number)),
                    Cell::Date(u.due),
                    empty(),
                    empty(),
                    empty(),
                    empty(),
                    empty(),
                    Cell::Bool(false),
                    empty(),
                    empty(),
                    text(u.reason.code()),
                    text(u.reason.action()),
                    empty(),
                    empty(),
                ]
            }))
            .collect(),
    }
}

/// `trips.csv`: one row per trip with its figures.
pub fn trips_sheet(caseload: &Caseload, plan: &Plan, figures: &PlanFigures) -> Sheet {
    Sheet {
        header: vec![
            "trip_id",
            "iro_id",
            "start_date",
            "end_date",
            "nights",
            "reviews",
            "miles",
            "drive_hours",
            "mileage_cost",
            "staff_cost",
            "hotel_cost",
            "co2_kg",
        ],
        rows: plan
            .trips
            .iter()
            .zip(&figures.trips)
            .enumerate()
            .map(|(i, (t, f))| {
                vec![
                    Cell::Text(trip_id(i)),
                    text(&caseload.iro(t.iro).external_id),
                    Cell::Date(t.start_date()),
                    Cell::Date(t.end_date()),
                    Cell::Int(i64::from(t.nights())),
                    count(t.reviews()),
                    Cell::Num(f.miles, 3),
                    Cell::Num(f.drive_hours, 4),
                    Cell::Num(f.mileage_cost, 2),
                    Cell::Num(f.staff_cost, 2),
                    Cell::Num(f.hotel_cost, 2),
                    Cell::Num(f.co2_kg, 3),
                ]
            })
            .collect(),
    }
}

/// `trip_stops.csv`: every stop of every trip.
pub fn stops_sheet(caseload: &Caseload, plan: &Plan) -> Sheet {
    Sheet {
        header: vec![
            "trip_id", "seq", "kind", "child_id", "date", "arrive", "depart", "lat", "lon",
            "place", "town",
        ],
        rows: plan
            .trips
            .iter()
            .enumerate()
            .flat_map(|(i, t)| {
                t.stops
                    .iter()
                    .enumerate()
                    .map(move |(seq, s)| stop_cells(caseload, i, t, seq, s))
            })
            .collect(),
    }
}

/// A stop's cells, from `trip_id` to `town`: the columns `trip_stops.csv` and `rota.csv` share.
fn stop_cells(
    caseload: &Caseload,
    trip: usize,
    t: &crate::schedule::Trip,
    seq: usize,
    s: &crate::schedule::Stop,
) -> Vec<Cell> {
    let place = crate::places::stop_place(caseload, t, s);
    vec![
        Cell::Text(trip_id(trip)),
        count(seq + 1),
        text(s.kind.as_str()),
        Cell::Text(
            s.child
                .map_or_else(String::new, |c| caseload.child(c).external_id.clone()),
        ),
        Cell::Date(s.date),
        Cell::Time(s.arrive),
        Cell::Time(s.depart),
        Cell::Num(s.point.lat(), 6),
        Cell::Num(s.point.lon(), 6),
        Cell::Text(place.label),
        Cell::Text(place.town),
    ]
}

/// `rota.csv`: every stop of the week's trips, then the week's virtual reviews, each with its
/// place as given and its town. Trip ids are the plan's. `iro_id` is who makes the trip (or
/// chairs the virtual review); a review's `holding_iro_id` is the child's own IRO and `cover`
/// says who chairs in its place (`colleague`, `agency`; empty for the child's own IRO).
pub fn rota_sheet(caseload: &Caseload, week: &crate::rota::Week<'_>) -> Sheet {
    let mut rows = Vec::new();
    for (id, t) in &week.trips {
        for (seq, s) in t.stops.iter().enumerate() {
            let review = s.child.and_then(|c| {
                week.reviews
                    .iter()
                    .find(|r| r.child == c && r.date == s.date && r.trip == Some(*id))
            });
            let mut row = vec![text(&caseload.iro(t.iro).external_id)];
            row.extend(stop_cells(caseload, id.idx(), t, seq, s));
            row.extend([
                review.map_or_else(|| text(""), |r| Cell::Int(i64::from(r.number))),
                text(review.map_or("", |r| r.mode.as_str())),
                text(review.and_then(|r| r.reason).map_or("", |x| x.code())),
                text(review.map_or("", |r| &caseload.iro(r.iro).external_id)),
                text(review.and_then(|r| r.cover()).unwrap_or("")),
            ]);
            rows.push(row);
        }
    }
    for r in week.reviews.iter().filter(|r| r.trip.is_none()) {
        let place = crate::places::review_place(caseload, r);
        rows.push(vec![
            Cell::Text(
                r.chair_iro()
                    .map_or_else(String::new, |c| caseload.iro(c).external_id.clone()),
            ),
            text(""),
            Cell::Int(1),
            text(if r.chair_iro().is_some() {
                "virtual"
            } else {
                "agency"
            }),
            text(&caseload.child(r.child).external_id),
            Cell::Date(r.date),
            Cell::Time(r.start),
            Cell::Time(r.end),
            text(""),
            text(""),
            Cell::Text(place.label),
            Cell::Text(place.town),
            Cell::Int(i64::from(r.number)),
            text(r.mode.as_str()),
            text(r.reason.map_or("", |x| x.code())),
            text(&caseload.iro(r.iro).external_id),
            text(r.cover().unwrap_or("")),
        ]);
    }
    Sheet {
        header: vec![
            "iro_id",
            "trip_id",
            "seq",
            "kind",
            "child_id",
            "date",
            "arrive",
            "depart",
            "lat",
            "lon",
            "place",
            "town",
            "review_number",
            "mode",
            "reason",
            "holding_iro_id",
            "cover",
        ],
        rows,
    }
}

/// `caseloads.csv`: one row per IRO post.
pub fn caseloads_sheet(figures: &PlanFigures) -> Sheet {
    Sheet {
        header: vec![
            "iro_id",
            "fte",
            "children",
            "band_min",
            "band_max",
            "reviews",
            "miles",
            "drive_hours",
            "nights",
        ],
        rows: figures
            .iros
            .iter()
            .map(|r| {
                vec![
                    text(&r.iro_id),
                    Cell::Num(r.fte, 4),
                    count(r.children),
                    Cell::Int(i64::from(r.band_min)),
                    Cell::Int(i64::from(r.band_max)),
                    count(r.reviews),
                    Cell::Num(r.travel.miles, 2),
                    Cell::Num(r.travel.drive_hours, 3),
                    Cell::Int(i64::from(r.travel.nights)),
                ]
            })
            .collect(),
    }
}

/// Writes the CSV files of the contract into `staging`.
///
/// # Errors
/// If a file cannot be written.
pub fn write_plan_csvs(
    staging: &mut Staging,
    caseload: &Caseload,
    plan: &Plan,
    figures: &PlanFigures,
) -> Result<()> {
    staging.write(
        "allocation.csv",
        &allocation_sheet(caseload, &plan.allocation).csv()?,
    )?;
    staging.write("reviews.csv", &reviews_sheet(caseload, plan).csv()?)?;
    staging.write("trips.csv", &trips_sheet(caseload, plan, figures).csv()?)?;
    staging.write("trip_stops.csv", &stops_sheet(caseload, plan).csv()?)?;
    staging.write("caseloads.csv", &caseloads_sheet(figures).csv()?)?;
    Ok(())
}

/// Writes `weeks.csv`: each IRO-week's hours against its limit.
///
/// # Errors
/// If the file cannot be written.
pub fn write_weeks_csv(
    staging: &mut Staging,
    caseload: &Caseload,
    weeks: &[crate::schedule::WeekLoad],
) -> Result<()> {
    let bytes = csv_bytes(
        &[
            "iro_id",
            "week",
            "week_start",
            "available_days",
            "limit_hours",
            "meeting_hours",
            "admin_hours",
            "drive_hours",
            "total_hours",
            "reviews",
            "admin_carried_hours",
        ],
        weeks.iter().map(|w| {
            vec![
                caseload.iro(w.iro).external_id.clone(),
                w.monday.format("%G-W%V").to_string(),
                w.monday.to_string(),
                w.available_days.to_string(),
                format!("{:.3}", w.limit_hours),
                format!("{:.3}", w.meeting_hours),
                format!("{:.3}", w.admin_hours),
                format!("{:.3}", w.drive_hours),
                format!("{:.3}", w.total_hours()),
                w.reviews.to_string(),
                format!("{:.3}", w.admin_carried_hours),
            ]
        }),
    )?;
    staging.write("weeks.csv", &bytes)
}

/// `changes.csv`: every review whose date, chairing IRO or trip changed since the previous
/// plan (`plan --previous`), with why.
pub fn changes_sheet(changes: &[crate::replan::Change]) -> Sheet {
    let day = |d: Option<chrono::NaiveDate>| d.map_or_else(|| text(""), Cell::Date);
    Sheet {
        header: vec![
            "child_id",
            "review_number",
            "change",
            "previous_date",
            "date",
            "previous_iro_id",
            "iro_id",
            "previous_trip_id",
            "trip_id",
            "reason",
            "detail",
        ],
        rows: changes
            .iter()
            .map(|c| {
                vec![
                    text(&c.child_id),
                    Cell::Int(i64::from(c.review_number)),
                    text(&c.change),
                    day(c.previous_date),
                    day(c.date),
                    text(&c.previous_iro_id),
                    text(&c.iro_id),
                    text(&c.previous_trip_id),
                    text(&c.trip_id),
                    text(c.reason.code()),
                    text(&c.detail),
                ]
            })
            .collect(),
    }
}

/// Writes a JSON value (pretty) into `staging`.
///
/// # Errors
/// If the file cannot be written.
pub fn write_json(staging: &mut Staging, rel: &str, value: &impl serde::Serialize) -> Result<()> {
    let mut bytes =
        serde_json::to_vec_pretty(value).map_err(|e| Error::Solver(format!("json: {e}")))?;
    bytes.write_all(b"\n").map_err(|e| Error::io(rel, e))?;
    staging.write(rel, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_new_folder_appears_whole_with_its_manifest() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("a/b/out");
        let mut s = Staging::new(&out, "plan").expect("stage");
        s.write("x.csv", b"1").expect("write");
        s.write("calendars/A.ics", b"2").expect("write");
        assert!(!out.exists(), "nothing in place before the commit");
        s.commit().expect("commit");
        assert_eq!(names(&out), [MANIFEST, "calendars", "x.csv"]);
        assert_eq!(
            names(&tmp.path().join("a/b")),
            ["out"],
            "no staging left beside it"
        );
    }

    #[test]
    fn stale_files_of_the_same_command_go_and_other_commands_entries_stay() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("out");
        let mut s = Staging::new(&out, "plan").expect("stage");
        s.write("calendars/OLD.ics", b"old").expect("write");
        s.write("summary.json", b"{}").expect("write");
        s.commit().expect("commit");
        let mut r = Staging::new(&out.join("rota"), "rota").expect("stage");
        r.write("rota.csv", b"r").expect("write");
        r.commit().expect("commit");
        let mut s = Staging::new(&out, "plan").expect("stage");
        s.write("calendars/NEW.ics", b"new").expect("write");
        s.commit().expect("commit");
        assert_eq!(names(&out), [MANIFEST, "calendars", "rota"]);
        assert_eq!(names(&out.join("calendars")), ["NEW.ics"]);
        assert!(out.join("rota/rota.csv").exists());
    }

    #[test]
    fn a_failed_run_leaves_the_old_output_as_it_was() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("out");
        let mut s = Staging::new(&out, "plan").expect("stage");
        s.write("summary.json", b"old").expect("write");
        s.commit().expect("commit");
        let mut s = Staging::new(&out, "plan").expect("stage");
        s.write("summary.json", b"new").expect("write");
        assert!(
            s.write("Summary.JSON", b"clash").is_err(),
            "one file in any case"
        );
        drop(s);
        assert_eq!(fs::read(out.join("summary.json")).expect("read"), b"old");
        assert_eq!(names(tmp.path()), ["out"]);
    }

    #[test]
    fn a_folder_of_other_files_is_never_replaced() {
        let tmp = tempfile::tempdir().expect("tempdir");
        fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
        let e = Staging::new(tmp.path(), "plan").err().expect("refused");
        assert_eq!(e.exit_code(), 2, "{e}");
        assert!(Staging::check_target(&tmp.path().join("new")).is_ok());
        assert!(Staging::check_target(Path::new("/")).is_err());
        assert_eq!(names(tmp.path()), ["notes.txt"]);
    }

    #[test]
    fn a_folder_holding_only_other_outputs_may_be_written() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("out");
        let mut r = Staging::new(&out.join("rota"), "rota").expect("stage");
        r.write("rota.csv", b"r").expect("write");
        r.commit().expect("commit");
        let mut s = Staging::new(&out, "plan").expect("out/ holds only rota/");
        s.write("summary.json", b"{}").expect("write");
        s.commit().expect("commit");
        assert_eq!(names(&out), [MANIFEST, "rota", "summary.json"]);
    }

    #[test]
    fn paths_outside_the_folder_are_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut s = Staging::new(&tmp.path().join("out"), "plan").expect("stage");
        for bad in ["../x", "/etc/x", "a/../../x", "", "a\0b"] {
            assert!(s.write(bad, b"").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn portable_names() {
        for ok in [
            "midlands_iro",
            "Vacancy filled in Dorchester",
            "base-01",
            "v2.1",
        ] {
            assert_eq!(portable_name_problem(ok), None, "{ok}");
        }
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        for bad in [
            "", ".hidden", "a/b", "a\\b", "a\0b", "nul", "COM1.txt", "end.", &long,
        ] {
            assert!(portable_name_problem(bad).is_some(), "{bad:?}");
        }
    }
}
