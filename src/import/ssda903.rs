//! The DfE's SSDA903 return (children looked after) → our `children.csv`.
//!
//! Every English council produces the SSDA903 return from its case-management system (Mosaic,
//! Liquidlogic LCS, Eclipse): CSV tables with dates written `dd/mm/yyyy` (DfE, *Children looked
//! after return: technical specification*). Three are read:
//! - `header.csv`: `CHILD, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB` (optional here: used to
//!   cross-check the children of the episodes);
//! - `episodes.csv`: `CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC,
//!   REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN` — one row per episode of care;
//! - `reviews.csv`: `CHILD, DOB, REVIEW, REVIEW_CODE` — one row per statutory review held.
//!
//! Headers may come in any order and any case; columns we do not use are ignored (columns
//! outside the specification are named in a warning). A `columns.toml` in the same folder
//! maps other header names (tables `header`, `episodes`, `reviews`, `current_iro`).
//!
//! # Rules
//! 1. A child is looked after on the snapshot date `S` if one of its episodes is open on it:
//!    `DECOM ≤ S` and (`DEC` empty or `DEC > S`; an episode ceases on `DEC`).
//! 2. The **period of care** is the run of episodes back to the last gap: going back from the
//!    open episode, an earlier episode belongs to the period when it ended on (or after) the day
//!    the next began, unless the next one's `RNE` is `S` (started to be looked after).
//!    `looked_after_since` is the first episode's `DECOM`. If that episode's `RNE` is not `S`
//!    the period may have begun before the file's first episode: the report says so.
//! 3. The placement is the open episode's `PL_POST` (partial postcodes — a sector such as
//!    `DT1 1` — are normal). `PLACE_PROVIDER`: `PR0` (parents) → `with_parents`, `PR1` (the
//!    council's own provision) → `internal`, `PR2`–`PR5` (other councils, the public sector,
//!    private and voluntary providers) → `external`.
//! 4. Reviews held in the period (on or after its start, on or before `S`) are counted;
//!    `last_review` is the latest. Reviews of earlier periods or after `S` are not.
//! 5. `--current-iro FILE` (`child_id,iro_id`) fills `current_iro`; the return has no IRO.
//!
//! Bad rows are errors (`file:line: column: problem (expected …)`, all at once, nothing
//! written); a blank or unknown placement postcode is not: the child is written, listed in
//! the report, and must get a placement before planning.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Calendar;
use crate::config::{DateFormat, Review};
use crate::domain::PlacementType;
use crate::error::{Error, InputError, InputWarning, Result};
use crate::geo::{Gazetteer, Precision};
use crate::io::columns::ColumnMap;
use crate::io::csvread::{Cells, Diagnostics, Schema, Table};
use crate::io::outputs::csv_bytes;
use crate::quality::Overdue;

/// `header.csv` of the return.
pub const HEADER: Schema = Schema {
    name: "header",
    columns: &["child", "sex", "dob", "ethnic", "upn", "mother", "mc_dob"],
    may_be_empty: true,
};

/// `episodes.csv` of the return (with the derived columns some systems add).
pub const EPISODES: Schema = Schema {
    name: "episodes",
    columns: &[
        "child",
        "decom",
        "rne",
        "ls",
        "cin",
        "place",
        "place_provider",
        "dec",
        "rec",
        "reason_place_change",
        "home_post",
        "pl_post",
        "urn",
        "pl_distance",
        "pl_la",
        "pl_location",
    ],
    may_be_empty: false,
};

/// `reviews.csv` of the return.
pub const REVIEWS: Schema = Schema {
    name: "reviews",
    columns: &["child", "dob", "review", "review_code"],
    may_be_empty: true,
};

/// The `--current-iro` file.
pub const CURRENT_IRO: Schema = Schema {
    name: "current_iro",
    columns: &["child_id", "iro_id"],
    may_be_empty: true,
};

/// Where the return is and what to take from it.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder with `header.csv`, `episodes.csv`, `reviews.csv`.
    pub from: PathBuf,
    /// The day the children are taken as of.
    pub snapshot: NaiveDate,
    /// `child_id,iro_id` of each child's IRO today.
    pub current_iro: Option<PathBuf>,
}

/// One child of the import: a row of `children.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedChild {
    /// `CHILD`.
    pub child_id: String,
    /// `PL_POST` of the open episode, as written (may be blank or unknown: see the report).
    pub placement: String,
    /// Start of the current period of care.
    pub looked_after_since: NaiveDate,
    /// Latest review held in the period, on or before the snapshot.
    pub last_review: Option<NaiveDate>,
    /// Reviews held in the period, on or before the snapshot.
    pub reviews_held: u32,
    /// From `--current-iro`.
    pub current_iro: Option<String>,
    /// From `PLACE_PROVIDER`.
    pub placement_type: Option<PlacementType>,
}

/// Why episodes were not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The child's last episode ended on or before the snapshot: no longer looked after.
    LeftBeforeSnapshot,
    /// The child's first episode begins after the snapshot.
    StartsAfterSnapshot,
    /// An episode of an earlier period of care (before a gap).
    EarlierPeriod,
    /// An episode of a looked-after child beginning after the snapshot.
    AfterSnapshot,
}

impl SkipReason {
    fn words(self) -> &'static str {
        match self {
            SkipReason::LeftBeforeSnapshot => "child left care on or before the snapshot",
            SkipReason::StartsAfterSnapshot => "child not yet looked after on the snapshot",
            SkipReason::EarlierPeriod => "earlier period of care (before a gap)",
            SkipReason::AfterSnapshot => "episode begins after the snapshot",
        }
    }
}

/// Episodes skipped for one reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    /// Why.
    pub reason: SkipReason,
    /// How many episodes.
    pub episodes: usize,
    /// Of which children (ids).
    pub children: Vec<String>,
}

/// A placement postcode that does not locate the child.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostcodeProblem {
    /// Child id.
    pub child_id: String,
    /// `episodes.csv` line of the open episode.
    pub line: usize,
    /// `PL_POST` as written (empty if blank).
    pub pl_post: String,
    /// What is wrong.
    pub problem: String,
}

/// `import_report.json` (and, in words, `import_report.txt`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    /// The snapshot date.
    pub snapshot: NaiveDate,
    /// Children looked after on the snapshot (rows of `children.csv`).
    pub children_found: usize,
    /// Episodes read.
    pub episodes_read: usize,
    /// Episodes in the current periods of the children found.
    pub episodes_used: usize,
    /// Episodes not used, by reason.
    pub episodes_skipped: Vec<Skipped>,
    /// Reviews read.
    pub reviews_read: usize,
    /// Reviews counted (held in the current period by the snapshot).
    pub reviews_counted: usize,
    /// Reviews of earlier periods of care (not counted).
    pub reviews_earlier_period: usize,
    /// Reviews dated after the snapshot (not counted).
    pub reviews_after_snapshot: usize,
    /// Reviews of children not looked after on the snapshot.
    pub reviews_other_children: usize,
    /// Placements by how precisely `PL_POST` locates them.
    pub placements_by_precision: BTreeMap<String, usize>,
    /// Blank or unknown placement postcodes.
    pub postcodes_not_found: Vec<PostcodeProblem>,
    /// Children whose period of care may have begun before the file's first episode
    /// (the first episode's `RNE` is not `S`).
    pub period_start_not_in_file: Vec<String>,
    /// Reviews overdue on the snapshot.
    pub reviews_overdue: Vec<Overdue>,
    /// Children with a `current_iro`.
    pub with_current_iro: usize,
    /// Warnings (unused columns, overlapping episodes, …).
    pub warnings: Vec<String>,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// One per child looked after on the snapshot, by id.
    pub children: Vec<ImportedChild>,
    /// What was found.
    pub report: ImportReport,
}

/// One episode row.
#[derive(Debug, Clone)]
struct Episode {
    line: usize,
    decom: NaiveDate,
    dec: Option<NaiveDate>,
    new_period: bool,
    provider: Option<PlacementType>,
    pl_post: String,
}

impl Episode {
    fn open_on(&self, day: NaiveDate) -> bool {
        self.decom <= day && self.dec.is_none_or(|d| d > day)
    }
}

fn read_table(
    dir: &Path,
    name: &str,
    schema: &Schema,
    columns: &ColumnMap,
    diag: &mut Diagnostics,
) -> Result<Option<Table>> {
    let path = dir.join(name);
    if !path.exists() {
        diag.errors.push(
            InputError::file(&path, "no such file")
                .with_expected(format!("the SSDA903 {} table as {name}", schema.name)),
        );
        return Ok(None);
    }
    Table::read(&path, schema, columns, diag)
}

/// Imports the return in `options.from` as of `options.snapshot`.
///
/// # Errors
/// [`Error::Input`] with every bad row of every file (`file:line: column: problem`);
/// [`Error::Io`] if a file cannot be read.
pub fn import(options: &Options) -> Result<Imported> {
    let dir = &options.from;
    let mut diag = Diagnostics::default();
    let mapped = [
        ("header", HEADER.columns),
        ("episodes", EPISODES.columns),
        ("reviews", REVIEWS.columns),
        ("current_iro", CURRENT_IRO.columns),
    ];
    let columns = match dir.join("columns.toml") {
        p if p.exists() => match ColumnMap::from_file(&p, &mapped) {
            Ok(m) => m,
            Err(Error::Input(es)) => {
                diag.errors.extend(es);
                ColumnMap::new()
            }
            Err(e) => return Err(e),
        },
        _ => ColumnMap::new(),
    };
    let header_path = dir.join("header.csv");
    let header = if header_path.exists() {
        Table::read(&header_path, &HEADER, &columns, &mut diag)?
    } else {
        None
    };
    let episodes = read_table(dir, "episodes.csv", &EPISODES, &columns, &mut diag)?;
    let reviews = read_table(dir, "reviews.csv", &REVIEWS, &columns, &mut diag)?;
    let current = match &options.current_iro {
        Some(p) => Table::read(p, &CURRENT_IRO, &columns, &mut diag)?,
        None => None,
    };
    let mut warnings: Vec<InputWarning> = Vec::new();
    let by_child = episodes
        .as_ref()
        .map(|t| read_episodes(t, &mut diag.errors))
        .unwrap_or_default();
    let held = reviews
        .as_ref()
        .map(|t| read_reviews(t, &mut diag.errors))
        .unwrap_or_default();
    let iro_of = current
        .as_ref()
        .map(|t| read_current_iro(t, &mut diag.errors))
        .unwrap_or_default();
    let in_header: Option<Vec<String>> = header.as_ref().map(|t| {
        let mut errors = Vec::new();
        if !t.require(&["child"], &mut errors) {
            diag.errors.extend(errors);
            return Vec::new();
        }
        t.rows
            .iter()
            .filter_map(|(_, r)| t.get(r, "child").map(str::to_string))
            .collect()
    });
    if !diag.errors.is_empty() {
        return Err(Error::Input(diag.errors));
    }
    let episodes_path = dir.join("episodes.csv");
    let reviews_path = dir.join("reviews.csv");
    let imported = assemble(
        options.snapshot,
        [&episodes_path, &reviews_path],
        &by_child,
        &held,
        &iro_of,
        &mut warnings,
    );
    if let Some(ids) = in_header {
        let known: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
        let missing = imported
            .children
            .iter()
            .filter(|c| !known.contains(c.child_id.as_str()))
            .count();
        if missing > 0 {
            warnings.push(InputWarning::file(
                &header_path,
                format!("{missing} children of episodes.csv are not in header.csv"),
            ));
        }
    }
    let mut imported = imported;
    imported.report.warnings = diag
        .warnings
        .iter()
        .chain(&warnings)
        .map(ToString::to_string)
        .collect();
    Ok(imported)
}

/// Episodes by child, sorted by start; every bad cell an error.
fn read_episodes(t: &Table, errors: &mut Vec<InputError>) -> BTreeMap<String, Vec<Episode>> {
    let mut by_child: BTreeMap<String, Vec<Episode>> = BTreeMap::new();
    if !t.require(&["child", "decom", "dec", "pl_post"], errors) {
        return by_child;
    }
    let mut cells = Cells {
        path: &t.path,
        errors,
        dates: DateFormat::Auto,
    };
    for (line, row) in &t.rows {
        let line = *line;
        let Some(child) = t.get(row, "child") else {
            cells.err(line, "CHILD", "empty".into(), "the child's id");
            continue;
        };
        let decom = match t.get(row, "decom") {
            Some(d) => cells.date(line, "DECOM", d),
            None => {
                cells.err(
                    line,
                    "DECOM",
                    "empty".into(),
                    "the date the episode began (dd/mm/yyyy)",
                );
                None
            }
        };
        // `None`: a bad date (an error is recorded); `Some(None)`: blank, the episode is open.
        let dec = match t.get(row, "dec") {
            None => Some(None),
            Some(d) => cells.date(line, "DEC", d).map(Some),
        };
        if let (Some(a), Some(Some(b))) = (decom, dec)
            && b < a
        {
            cells.err(
                line,
                "DEC",
                format!(
                    "{} is before DECOM {}",
                    b.format("%d/%m/%Y"),
                    a.format("%d/%m/%Y")
                ),
                "an episode ending on or after it began",
            );
            continue;
        }
        let provider = match t.get(row, "place_provider").map(str::to_ascii_uppercase) {
            None => None,
            Some(p) => match p.as_str() {
                "PR0" => Some(PlacementType::WithParents),
                "PR1" => Some(PlacementType::Internal),
                "PR2" | "PR3" | "PR4" | "PR5" => Some(PlacementType::External),
                _ => {
                    cells.err(
                        line,
                        "PLACE_PROVIDER",
                        format!("'{p}' is not a provider code"),
                        "PR0 to PR5",
                    );
                    continue;
                }
            },
        };
        let (Some(decom), Some(dec)) = (decom, dec) else {
            continue;
        };
        by_child
            .entry(child.to_string())
            .or_default()
            .push(Episode {
                line,
                decom,
                dec,
                new_period: t
                    .get(row, "rne")
                    .is_some_and(|r| r.eq_ignore_ascii_case("S")),
                provider,
                pl_post: t.get(row, "pl_post").unwrap_or("").to_string(),
            });
    }
    for eps in by_child.values_mut() {
        eps.sort_by_key(|e| (e.decom, e.line));
    }
    by_child
}

/// Review dates (with their lines) by child; a bad date is an error.
fn read_reviews(
    t: &Table,
    errors: &mut Vec<InputError>,
) -> HashMap<String, Vec<(NaiveDate, usize)>> {
    let mut held: HashMap<String, Vec<(NaiveDate, usize)>> = HashMap::new();
    if !t.require(&["child", "review"], errors) {
        return held;
    }
    let mut cells = Cells {
        path: &t.path,
        errors,
        dates: DateFormat::Auto,
    };
    for (line, row) in &t.rows {
        let Some(child) = t.get(row, "child") else {
            cells.err(*line, "CHILD", "empty".into(), "the child's id");
            continue;
        };
        let date = match t.get(row, "review") {
            Some(d) => cells.date(*line, "REVIEW", d),
            None => {
                cells.err(
                    *line,
                    "REVIEW",
                    "empty".into(),
                    "the date the review was held (dd/mm/yyyy)",
                );
                None
            }
        };
        if let Some(d) = date {
            held.entry(child.to_string()).or_default().push((d, *line));
        }
    }
    held
}

/// `child_id → iro_id`; a child listed twice is an error.
fn read_current_iro(t: &Table, errors: &mut Vec<InputError>) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    if !t.require(&["child_id", "iro_id"], errors) {
        return out;
    }
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut cells = Cells {
        path: &t.path,
        errors,
        dates: DateFormat::Auto,
    };
    for (line, row) in &t.rows {
        let (Some(c), Some(i)) = (t.get(row, "child_id"), t.get(row, "iro_id")) else {
            let col = if t.get(row, "child_id").is_none() {
                "child_id"
            } else {
                "iro_id"
            };
            cells.err(*line, col, "empty".into(), "a child id and its IRO's id");
            continue;
        };
        if let Some(f) = first.get(c) {
            cells.err(
                *line,
                "child_id",
                format!("'{c}' is listed twice (first on line {f})"),
                "each child once",
            );
            continue;
        }
        first.insert(c.to_string(), *line);
        out.insert(c.to_string(), i.to_string());
    }
    out
}

/// The children looked after on `snapshot` and the report, by the rules of the module doc.
fn assemble(
    snapshot: NaiveDate,
    [episodes_path, reviews_path]: [&Path; 2],
    by_child: &BTreeMap<String, Vec<Episode>>,
    held: &HashMap<String, Vec<(NaiveDate, usize)>>,
    iro_of: &HashMap<String, String>,
    warnings: &mut Vec<InputWarning>,
) -> Imported {
    let gazetteer = Gazetteer::bundled();
    let rules = Review::default();
    let earliest = by_child
        .values()
        .flat_map(|e| e.first())
        .map(|e| e.decom)
        .min()
        .unwrap_or(snapshot);
    let calendar = Calendar::england_wales(
        chrono::Datelike::year(&earliest),
        chrono::Datelike::year(&snapshot) + 1,
    );
    let mut skipped: BTreeMap<SkipReason, (usize, Vec<String>)> = BTreeMap::new();
    let mut skip = |reason, n: usize, child: &str| {
        if n > 0 {
            let e = skipped.entry(reason).or_insert((0, Vec::new()));
            e.0 += n;
            e.1.push(child.to_string());
        }
    };
    let mut children = Vec::new();
    let mut report = ImportReport {
        snapshot,
        children_found: 0,
        episodes_read: by_child.values().map(Vec::len).sum(),
        episodes_used: 0,
        episodes_skipped: Vec::new(),
        reviews_read: held.values().map(Vec::len).sum(),
        reviews_counted: 0,
        reviews_earlier_period: 0,
        reviews_after_snapshot: 0,
        reviews_other_children: 0,
        placements_by_precision: BTreeMap::new(),
        postcodes_not_found: Vec::new(),
        period_start_not_in_file: Vec::new(),
        reviews_overdue: Vec::new(),
        with_current_iro: 0,
        warnings: Vec::new(),
    };
    for (child, eps) in by_child {
        // The latest episode open on the snapshot (two open episodes overlap: the later
        // one stands, with a warning).
        let open: Vec<usize> = (0..eps.len())
            .filter(|&i| eps[i].open_on(snapshot))
            .collect();
        let Some(&k) = open.last() else {
            let reason = if eps.iter().all(|e| e.decom > snapshot) {
                SkipReason::StartsAfterSnapshot
            } else {
                SkipReason::LeftBeforeSnapshot
            };
            skip(reason, eps.len(), child);
            continue;
        };
        if open.len() > 1 {
            warnings.push(InputWarning {
                file: episodes_path.to_path_buf(),
                line: Some(eps[k].line),
                column: Some("DECOM".into()),
                problem: format!(
                    "child {child}: {} episodes are open on the snapshot (overlapping): the latest is used",
                    open.len()
                ),
                expected: Some("episodes that end when the next begins".into()),
            });
        }
        // Episodes that overlap (one begins before the one before it ends) are suspicious:
        // the first such pair is named, unless both are open on the snapshot (warned above).
        if let Some(i) = (1..eps.len()).find(|&i| {
            let (prev, this) = (&eps[i - 1], &eps[i]);
            prev.dec.is_none_or(|d| d > this.decom)
                && !(prev.open_on(snapshot) && this.open_on(snapshot))
        }) {
            let (prev, this) = (&eps[i - 1], &eps[i]);
            let ends = prev.dec.map_or("is open".to_string(), |d| {
                format!("ends {}", d.format("%d/%m/%Y"))
            });
            warnings.push(InputWarning {
                file: episodes_path.to_path_buf(),
                line: Some(this.line),
                column: Some("DECOM".into()),
                problem: format!(
                    "child {child}: episode begins {} but the episode on line {} {ends} (overlapping)",
                    this.decom.format("%d/%m/%Y"),
                    prev.line
                ),
                expected: Some("episodes that end when the next begins".into()),
            });
        }
        let mut first = k;
        while first > 0 {
            let (prev, this) = (&eps[first - 1], &eps[first]);
            let continuous = prev.dec.is_none_or(|d| d >= this.decom);
            if this.new_period || !continuous {
                break;
            }
            first -= 1;
        }
        skip(SkipReason::EarlierPeriod, first, child);
        skip(SkipReason::AfterSnapshot, eps.len() - k - 1, child);
        report.episodes_used += k + 1 - first;
        let since = eps[first].decom;
        if !eps[first].new_period && first == 0 {
            report.period_start_not_in_file.push(child.clone());
        }
        let rows: &[(NaiveDate, usize)] = held.get(child).map_or(&[], Vec::as_slice);
        // A review held by the snapshot on a day the child was in no episode of care (before
        // the file's first episode only where that one starts a period, RNE = S) is
        // suspicious: the first is named, with how many there are. (Reviews after the
        // snapshot are not counted and are only reported.)
        let outside: Vec<&(NaiveDate, usize)> = rows
            .iter()
            .filter(|(d, _)| {
                let in_care = eps
                    .iter()
                    .any(|e| e.decom <= *d && e.dec.is_none_or(|x| *d <= x));
                *d <= snapshot && !in_care && (*d >= eps[0].decom || eps[0].new_period)
            })
            .collect();
        if let Some(&&(d, line)) = outside.iter().min_by_key(|(_, l)| *l) {
            let more = match outside.len() {
                1 => String::new(),
                n => format!(" ({} more of this child)", n - 1),
            };
            warnings.push(InputWarning {
                file: reviews_path.to_path_buf(),
                line: Some(line),
                column: Some("REVIEW".into()),
                problem: format!(
                    "child {child}: review on {} is not in any of the child's episodes of care{more}",
                    d.format("%d/%m/%Y")
                ),
                expected: Some(
                    "a review held while the child is looked after (DECOM to DEC)".into(),
                ),
            });
        }
        let mut dates: Vec<NaiveDate> = rows.iter().map(|(d, _)| *d).collect();
        dates.sort();
        dates.dedup();
        let counted: Vec<NaiveDate> = dates
            .iter()
            .copied()
            .filter(|d| *d >= since && *d <= snapshot)
            .collect();
        report.reviews_earlier_period += dates.iter().filter(|d| **d < since).count();
        report.reviews_after_snapshot += dates.iter().filter(|d| **d > snapshot).count();
        report.reviews_counted += counted.len();
        let open_ep = &eps[k];
        let placement = open_ep.pl_post.trim().to_string();
        let precision = if placement.is_empty() {
            report.postcodes_not_found.push(PostcodeProblem {
                child_id: child.clone(),
                line: open_ep.line,
                pl_post: String::new(),
                problem: "PL_POST is blank".into(),
            });
            "not found"
        } else {
            match gazetteer.resolve(&placement) {
                Ok(r) => match r.precision {
                    Precision::Sector => "postcode sector",
                    Precision::District => "postcode district only",
                    Precision::Place => "place name only",
                    Precision::Exact => "coordinates",
                },
                Err(e) => {
                    report.postcodes_not_found.push(PostcodeProblem {
                        child_id: child.clone(),
                        line: open_ep.line,
                        pl_post: placement.clone(),
                        problem: e.to_string(),
                    });
                    "not found"
                }
            }
        };
        *report
            .placements_by_precision
            .entry(precision.to_string())
            .or_insert(0) += 1;
        let imported = ImportedChild {
            child_id: child.clone(),
            placement,
            looked_after_since: since,
            last_review: counted.last().copied(),
            reviews_held: u32::try_from(counted.len()).unwrap_or(u32::MAX),
            current_iro: iro_of.get(child).cloned(),
            placement_type: open_ep.provider,
        };
        if let Some((number, due)) = calendar.next_review(
            imported.looked_after_since,
            imported.last_review,
            imported.reviews_held,
            &rules,
        ) && due < snapshot
        {
            report.reviews_overdue.push(Overdue {
                child_id: child.clone(),
                review_number: number,
                due_date: due,
                days_overdue: (snapshot - due).num_days(),
            });
        }
        report.with_current_iro += usize::from(imported.current_iro.is_some());
        children.push(imported);
    }
    let found: std::collections::HashSet<&str> =
        children.iter().map(|c| c.child_id.as_str()).collect();
    report.reviews_other_children = held
        .iter()
        .filter(|(c, _)| !found.contains(c.as_str()))
        .map(|(_, d)| d.len())
        .sum();
    let unknown_iro = iro_of
        .keys()
        .filter(|c| !found.contains(c.as_str()))
        .count();
    if unknown_iro > 0 {
        warnings.push(InputWarning::file(
            episodes_path,
            format!(
                "{unknown_iro} children of --current-iro are not looked after on the snapshot (ignored)"
            ),
        ));
    }
    report.children_found = children.len();
    report.episodes_skipped = skipped
        .into_iter()
        .map(|(reason, (episodes, children))| Skipped {
            reason,
            episodes,
            children,
        })
        .collect();
    Imported { children, report }
}

/// `children.csv` of the imported children (our contract, DESIGN.md §3; ISO dates).
///
/// # Errors
/// If a row cannot be written.
pub fn children_csv(children: &[ImportedChild]) -> Result<Vec<u8>> {
    csv_bytes(
        &[
            "child_id",
            "placement",
            "looked_after_since",
            "last_review",
            "reviews_held",
            "current_iro",
            "placement_type",
        ],
        children.iter().map(|c| {
            vec![
                c.child_id.clone(),
                c.placement.clone(),
                c.looked_after_since.to_string(),
                c.last_review.map(|d| d.to_string()).unwrap_or_default(),
                c.reviews_held.to_string(),
                c.current_iro.clone().unwrap_or_default(),
                c.placement_type
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default(),
            ]
        }),
    )
}

impl ImportReport {
    /// `import_report.txt`: the findings in words, then the lists.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "SSDA903 import as of {}\n", self.snapshot);
        let _ = writeln!(
            o,
            "- {} children looked after on {} (children.csv); {} of {} episodes used",
            self.children_found, self.snapshot, self.episodes_used, self.episodes_read
        );
        for s in &self.episodes_skipped {
            let _ = writeln!(
                o,
                "- {} episode(s) skipped, {}: {} children",
                s.episodes,
                s.reason.words(),
                s.children.len()
            );
        }
        let _ = writeln!(
            o,
            "- reviews: {} read, {} counted (held in the current period by the snapshot), {} of earlier periods, {} after the snapshot, {} of children not looked after on it",
            self.reviews_read,
            self.reviews_counted,
            self.reviews_earlier_period,
            self.reviews_after_snapshot,
            self.reviews_other_children
        );
        let by: Vec<String> = self
            .placements_by_precision
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        let _ = writeln!(o, "- placements located: {}", by.join(", "));
        let _ = writeln!(
            o,
            "- {} review(s) overdue on {}",
            self.reviews_overdue.len(),
            self.snapshot
        );
        let _ = writeln!(
            o,
            "- {} children with a current IRO (--current-iro)",
            self.with_current_iro
        );
        if !self.period_start_not_in_file.is_empty() {
            let _ = writeln!(
                o,
                "- {} children's period of care may have begun before the file's first episode (its RNE is not S): looked_after_since is that episode's DECOM",
                self.period_start_not_in_file.len()
            );
        }
        if !self.postcodes_not_found.is_empty() {
            let _ = writeln!(
                o,
                "\nPlacement postcodes not found ({}): give these children a placement in children.csv before planning:",
                self.postcodes_not_found.len()
            );
            for p in &self.postcodes_not_found {
                let _ = writeln!(
                    o,
                    "  {}  episodes.csv:{}  {}",
                    p.child_id, p.line, p.problem
                );
            }
        }
        if !self.reviews_overdue.is_empty() {
            let _ = writeln!(o, "\nReviews overdue on {}:", self.snapshot);
            for r in &self.reviews_overdue {
                let _ = writeln!(o, "  {r}");
            }
        }
        for s in &self.episodes_skipped {
            let _ = writeln!(
                o,
                "\nSkipped, {} ({} episodes):\n  {}",
                s.reason.words(),
                s.episodes,
                s.children.join(" ")
            );
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(o, "\nWarnings:");
            for w in &self.warnings {
                let _ = writeln!(o, "  {w}");
            }
        }
        o
    }
}
