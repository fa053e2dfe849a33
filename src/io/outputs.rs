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
    let travel = crate::geo::TravelModel::new(&caseload.config.travel, caseload.matrix.clone());
    let alloc = csv_bytes(
        &[
            "child_id",
            "iro_id",
            "previous_iro_id",
            "changed",
            "miles_one_way",
        ],
        caseload.child_ids().map(|c| {
            let child = caseload.child(c);
            let iro = plan.allocation[c.idx()];
            let prev = child.current_iro;
            vec![
                child.external_id.clone(),
                caseload.iro(iro).external_id.clone(),
                prev.map_or_else(String::new, |p| caseload.iro(p).external_id.clone()),
                (prev.is_some_and(|p| p != iro)).to_string(),
                format!(
                    "{:.2}",
                    travel.leg(caseload.iro(iro).base, child.location).miles
                ),
            ]
        }),
    )?;
    staging.write("allocation.csv", &alloc)?;
    let reviews = csv_bytes(
        &[
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
        ],
        plan.reviews
            .iter()
            .map(|r| {
                vec![
                    caseload.child(r.child).external_id.clone(),
                    caseload.iro(r.iro).external_id.clone(),
                    r.number.to_string(),
                    r.due.to_string(),
                    r.date.to_string(),
                    hhmm(r.start),
                    hhmm(r.end),
                    r.mode.as_str().to_string(),
                    r.trip.map_or_else(String::new, |t| trip_id(t.idx())),
                    r.on_time.to_string(),
                    r.chair_iro()
                        .map_or_else(String::new, |c| caseload.iro(c).external_id.clone()),
                    r.cover().unwrap_or_default().to_string(),
                    r.reason.map_or("", |x| x.code()).to_string(),
                    r.reason.map_or("", |x| x.action()).to_string(),
                ]
            })
            .chain(plan.unscheduled.iter().map(|u| {
                vec![
                    caseload.child(u.child).external_id.clone(),
                    caseload.iro(u.iro).external_id.clone(),
                    u.number.to_string(),
                    u.due.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "false".to_string(),
                    String::new(),
                    String::new(),
                    u.reason.code().to_string(),
                    u.reason.action().to_string(),
                ]
            })),
    )?;
    staging.write("reviews.csv", &reviews)?;
    let trips = csv_bytes(
        &[
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
        plan.trips
            .iter()
            .zip(&figures.trips)
            .enumerate()
            .map(|(i, (t, f))| {
                vec![
                    trip_id(i),
                    caseload.iro(t.iro).external_id.clone(),
                    t.start_date().to_string(),
                    t.end_date().to_string(),
                    t.nights().to_string(),
                    t.reviews().to_string(),
                    format!("{:.3}", f.miles),
                    format!("{:.4}", f.drive_hours),
                    format!("{:.2}", f.mileage_cost),
                    format!("{:.2}", f.staff_cost),
                    format!("{:.2}", f.hotel_cost),
                    format!("{:.3}", f.co2_kg),
                ]
            }),
    )?;
    staging.write("trips.csv", &trips)?;
    let stops = csv_bytes(
        &[
            "trip_id", "seq", "kind", "child_id", "date", "arrive", "depart", "lat", "lon",
        ],
        plan.trips.iter().enumerate().flat_map(|(i, t)| {
            t.stops.iter().enumerate().map(move |(seq, s)| {
                vec![
                    trip_id(i),
                    (seq + 1).to_string(),
                    s.kind.as_str().to_string(),
                    s.child
                        .map_or_else(String::new, |c| caseload.child(c).external_id.clone()),
                    s.date.to_string(),
                    hhmm(s.arrive),
                    hhmm(s.depart),
                    format!("{:.6}", s.point.lat()),
                    format!("{:.6}", s.point.lon()),
                ]
            })
        }),
    )?;
    staging.write("trip_stops.csv", &stops)?;
    let caseloads = csv_bytes(
        &[
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
        figures.iros.iter().map(|r| {
            vec![
                r.iro_id.clone(),
                format!("{:.4}", r.fte),
                r.children.to_string(),
                r.band_min.to_string(),
                r.band_max.to_string(),
                r.reviews.to_string(),
                format!("{:.2}", r.travel.miles),
                format!("{:.3}", r.travel.drive_hours),
                r.travel.nights.to_string(),
            ]
        }),
    )?;
    staging.write("caseloads.csv", &caseloads)?;
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
            ]
        }),
    )?;
    staging.write("weeks.csv", &bytes)
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
