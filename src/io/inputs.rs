//! Reading and validating a council's inputs into a [`Caseload`].
//!
//! Every problem in every file is collected before anything is returned, and each is reported
//! as `file:line: column: problem (expected …)`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::columns::ColumnMap;
use super::csvread::{Cells, Diagnostics, Schema, Table, decode};
use crate::calendar::Calendar;
use crate::config::{Config, DateFormat};
use crate::domain::{
    Absence, Caseload, Child, Hours, HoursError, Iro, IroId, LatLon, PlacementType, ReviewMode,
    WeekdaySet,
};
use crate::error::{Error, InputError, InputWarning, Result};
use crate::geo::{Gazetteer, Precision, TravelMatrix};

/// The columns of `children.csv` (DESIGN.md §3, plus `locked`, `exclude_iros`, `council`).
pub const CHILDREN: Schema = Schema {
    name: "children",
    columns: &[
        "child_id",
        "placement",
        "lat",
        "lon",
        "looked_after_since",
        "last_review",
        "reviews_held",
        "current_iro",
        "sibling_group",
        "extra_time",
        "placement_type",
        "review_mode",
        "locked",
        "exclude_iros",
        "council",
        "review_times",
    ],
    may_be_empty: false,
};

/// The columns of `iros.csv`.
pub const IROS: Schema = Schema {
    name: "iros",
    columns: &[
        "iro_id",
        "base",
        "lat",
        "lon",
        "hours_per_week",
        "working_days",
        "max_caseload",
        "overnight",
        "vacant",
        "council",
    ],
    may_be_empty: false,
};

/// The columns of `absences.csv`.
pub const ABSENCES: Schema = Schema {
    name: "absences",
    columns: &["iro_id", "from", "to"],
    may_be_empty: true,
};

/// The files `columns.toml` may map, with their columns.
pub const MAPPABLE: &[(&str, &[&str])] = &[
    ("children", CHILDREN.columns),
    ("iros", IROS.columns),
    ("absences", ABSENCES.columns),
    ("bookings", super::bookings::BOOKINGS.columns),
    ("unavailable", super::bookings::UNAVAILABLE.columns),
];

/// Where a council's input files are.
#[derive(Debug, Clone)]
pub struct InputPaths {
    /// `children.csv`.
    pub children: PathBuf,
    /// `iros.csv`.
    pub iros: PathBuf,
    /// `config.toml` (defaults if absent).
    pub config: Option<PathBuf>,
    /// `absences.csv` (none if absent).
    pub absences: Option<PathBuf>,
    /// A travel matrix CSV overriding the model (also settable in config).
    pub matrix: Option<PathBuf>,
    /// `columns.toml`: header aliases (none if absent).
    pub columns: Option<PathBuf>,
    /// `bookings.csv`: reviews booked or held (none if absent).
    pub bookings: Option<PathBuf>,
    /// `unavailable.csv`: days children cannot be seen (none if absent).
    pub unavailable: Option<PathBuf>,
}

impl InputPaths {
    /// The standard files of a data folder; optional files are used only if present.
    pub fn from_dir(dir: &Path) -> InputPaths {
        let opt = |name: &str| {
            let p = dir.join(name);
            p.exists().then_some(p)
        };
        InputPaths {
            children: dir.join("children.csv"),
            iros: dir.join("iros.csv"),
            config: opt("config.toml"),
            absences: opt("absences.csv"),
            matrix: opt("matrix.csv"),
            columns: opt("columns.toml"),
            bookings: opt("bookings.csv"),
            unavailable: opt("unavailable.csv"),
        }
    }
}

/// What reading the inputs found besides the caseload: warnings and facts for the
/// data-quality report.
#[derive(Debug, Clone, Default)]
pub struct InputReport {
    /// Every warning, in file order (unused columns, non-UTF-8 text, stale data).
    pub warnings: Vec<InputWarning>,
    /// How each child's placement was located, by child id.
    pub precision: HashMap<String, Precision>,
    /// The newest date in `children.csv` (entry or last review): how fresh the extract is.
    pub newest_date: Option<NaiveDate>,
}

/// A validated caseload with what reading it found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The caseload.
    pub caseload: Caseload,
    /// Warnings and data-quality facts.
    pub report: InputReport,
}

/// Reads and validates every input file.
///
/// # Errors
/// [`Error::Input`] with every problem found in every file; [`Error::Io`] if a required file
/// cannot be read.
pub fn load(paths: &InputPaths) -> Result<Caseload> {
    load_full(paths, |_| {}).map(|l| l.caseload)
}

/// As [`load`], with a configuration already read (scenarios adjust it).
///
/// # Errors
/// As [`load`].
pub fn load_with_config(paths: &InputPaths, config: Config) -> Result<Caseload> {
    read_all(paths, config, true, Diagnostics::default()).map(|l| l.caseload)
}

/// Reads and validates every input file, applying `adjust` (command-line overrides such as
/// `--start`) to the configuration read. Every file is read even when another has errors — a
/// bad `config.toml` does not hide the errors of `children.csv` — and all errors are
/// returned together.
///
/// # Errors
/// As [`load`].
pub fn load_full(paths: &InputPaths, adjust: impl FnOnce(&mut Config)) -> Result<Loaded> {
    let mut diag = Diagnostics::default();
    let mut config_ok = true;
    let mut config = match &paths.config {
        Some(p) => match Config::from_file(p) {
            Ok(c) => c,
            Err(Error::Input(es)) => {
                diag.errors.extend(es);
                config_ok = false;
                Config::default()
            }
            Err(e) => return Err(e),
        },
        None => Config::default(),
    };
    adjust(&mut config);
    read_all(paths, config, config_ok, diag)
}

/// Reads the CSV files under `config`. With `config_ok` false (the configuration had errors
/// and defaults stand in) checks against the horizon are skipped: they would be guesses.
fn read_all(
    paths: &InputPaths,
    config: Config,
    config_ok: bool,
    mut diag: Diagnostics,
) -> Result<Loaded> {
    let gazetteer = Gazetteer::bundled();
    let columns = match &paths.columns {
        Some(p) => match ColumnMap::from_file(p, MAPPABLE) {
            Ok(m) => m,
            Err(Error::Input(es)) => {
                diag.errors.extend(es);
                ColumnMap::new()
            }
            Err(e) => return Err(e),
        },
        None => ColumnMap::new(),
    };
    let dates = config.input.date_format;
    let calendar = Calendar::for_horizon(config.horizon.start, config.horizon.months);
    let as_of = config_ok.then_some(config.horizon.start);
    let mut report = InputReport::default();
    let iros = match Table::read(&paths.iros, &IROS, &columns, &mut diag)? {
        Some(t) => read_iros(&t, gazetteer, &mut diag.errors),
        None => Vec::new(),
    };
    let children = match Table::read(&paths.children, &CHILDREN, &columns, &mut diag)? {
        Some(t) => {
            let ctx = ChildContext {
                iros: &iros,
                config: &config,
                as_of,
                dates,
                calendar: &calendar,
                gazetteer,
            };
            let from = diag.errors.len();
            let children = read_children(&t, &ctx, &mut report, &mut diag.errors);
            crate::error::merge_repeats(&mut diag.errors, from, &["current_iro", "exclude_iros"]);
            children
        }
        None => Vec::new(),
    };
    let absences = match &paths.absences {
        Some(p) => match Table::read(p, &ABSENCES, &columns, &mut diag)? {
            Some(t) => {
                let from = diag.errors.len();
                let absences = read_absences(&t, &iros, dates, &mut diag.errors);
                crate::error::merge_repeats(&mut diag.errors, from, &["iro_id"]);
                absences
            }
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let mut children = children;
    if let Some(p) = &paths.unavailable
        && let Some(t) = Table::read(p, &super::bookings::UNAVAILABLE, &columns, &mut diag)?
    {
        super::bookings::read_unavailable(&t, &mut children, dates, &mut diag.errors);
    }
    if let Some(p) = &paths.bookings
        && let Some(t) = Table::read(p, &super::bookings::BOOKINGS, &columns, &mut diag)?
    {
        let ctx = super::bookings::BookingContext {
            config: &config,
            as_of,
            calendar: &calendar,
        };
        let held = super::bookings::read_bookings(&t, &mut children, &ctx, &mut diag.errors);
        report.newest_date = report.newest_date.max(held);
    }
    let matrix_path = paths.matrix.clone().or_else(|| {
        config.travel.matrix.as_ref().map(|m| {
            let base = paths.children.parent().unwrap_or(Path::new("."));
            base.join(m)
        })
    });
    let matrix = match matrix_path {
        Some(p) => read_matrix(&p, gazetteer, &mut diag),
        None => None,
    };
    if config_ok {
        stale_warning(&paths.children, &config, &mut report);
    }
    if !diag.errors.is_empty() {
        return Err(Error::Input(diag.errors));
    }
    diag.warnings.append(&mut report.warnings);
    report.warnings = diag.warnings;
    let matrix = crate::geo::with_crossings(
        matrix,
        children
            .iter()
            .map(|c| (c.location, c.placement_label.as_str()))
            .chain(iros.iter().map(|i| (i.base, i.base_label.as_str()))),
        &config.crossings,
        gazetteer,
    );
    Ok(Loaded {
        caseload: Caseload {
            children,
            iros,
            absences,
            config,
            matrix,
        },
        report,
    })
}

/// A user travel matrix: read as text like every CSV (Windows-1252 with a warning), then
/// parsed by [`TravelMatrix::from_csv_str`].
fn read_matrix(path: &Path, gazetteer: &Gazetteer, diag: &mut Diagnostics) -> Option<TravelMatrix> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diag.errors
                .push(InputError::file(path, format!("cannot read the file: {e}")));
            return None;
        }
    };
    let text = match decode(path, &bytes, &mut diag.warnings) {
        Ok(t) => t,
        Err(e) => {
            diag.errors.push(e);
            return None;
        }
    };
    match TravelMatrix::from_csv_str(&text, path, gazetteer) {
        Ok(m) => Some(m),
        Err(e) => {
            diag.errors.extend(e);
            None
        }
    }
}

/// A warning when the horizon starts long after the newest date in the data: reviews held
/// since the extract are missing and would be planned as overdue.
fn stale_warning(children: &Path, config: &Config, report: &mut InputReport) {
    let Some(newest) = report.newest_date else {
        return;
    };
    let start = config.horizon.start;
    let gap = (start - newest).num_days();
    let limit = i64::from(config.input.stale_after_days);
    if gap > limit {
        report.warnings.push(InputWarning {
            file: children.to_path_buf(),
            line: None,
            column: None,
            problem: format!(
                "stale data: the newest date in the file is {newest}, {gap} days before the plan \
                 starts ({start}); reviews held since then are missing, so they are planned as \
                 overdue"
            ),
            expected: Some(format!(
                "an extract taken within {limit} days of the start (input.stale_after_days), or \
                 --start nearer the extract"
            )),
        });
    }
}

/// Resolves the location of a row: `lat`,`lon` columns if both given, else the text column.
/// Returns the point, its label and how precisely it was located.
fn location(
    table: &Table,
    row: &csv::StringRecord,
    line: usize,
    text_column: &str,
    gazetteer: &Gazetteer,
    cells: &mut Cells<'_>,
) -> Option<(LatLon, String, Precision)> {
    let lat = table.get(row, "lat");
    let lon = table.get(row, "lon");
    if lat.is_some() || lon.is_some() {
        let (Some(lat_t), Some(lon_t)) = (lat, lon) else {
            let missing = if lat.is_none() { "lat" } else { "lon" };
            cells.err(
                line,
                missing,
                "empty while the other coordinate is given".into(),
                "both lat and lon",
            );
            return None;
        };
        let la = cells.number(line, "lat", lat_t);
        let lo = cells.number(line, "lon", lon_t);
        let (la, lo) = (la?, lo?);
        let Some(p) = LatLon::new(la, lo) else {
            cells.err(
                line,
                "lat",
                format!("'{lat_t},{lon_t}' is out of range"),
                "latitude −90..90 and longitude −180..180",
            );
            return None;
        };
        if !p.in_uk_box() {
            cells.err(
                line,
                "lat",
                format!("'{lat_t},{lon_t}' is outside the United Kingdom"),
                "a UK point (latitude 49.8–60.9, longitude −8.7–1.8)",
            );
            return None;
        }
        let label = table
            .get(row, text_column)
            .map_or_else(|| format!("{la:.5},{lo:.5}"), str::to_string);
        return Some((p, label, Precision::Exact));
    }
    let Some(text) = table.get(row, text_column) else {
        cells.err(
            line,
            text_column,
            "empty".into(),
            "a postcode, sector, district or place name, or lat and lon columns",
        );
        return None;
    };
    match gazetteer.resolve(text) {
        Ok(r) => Some((r.point, text.to_string(), r.precision)),
        Err(e) => {
            cells.err(
                line,
                text_column,
                e.to_string(),
                "a GB postcode, sector, district, place name, or lat/lon columns",
            );
            None
        }
    }
}

fn read_iros(table: &Table, gazetteer: &Gazetteer, errors: &mut Vec<InputError>) -> Vec<Iro> {
    let mut required = vec!["iro_id", "hours_per_week"];
    if !(table.has("lat") && table.has("lon")) {
        required.push("base");
    }
    if !table.require(&required, errors) {
        return Vec::new();
    }
    let mut cells = Cells {
        path: &table.path,
        errors,
        dates: DateFormat::Auto,
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (line, row) in &table.rows {
        let line = *line;
        let id = table.get(row, "iro_id");
        let Some(id) = id else {
            cells.err(line, "iro_id", "empty".into(), "a unique IRO id");
            continue;
        };
        if let Some(first) = seen.get(id) {
            cells.err(
                line,
                "iro_id",
                format!("duplicate id '{id}' (first on line {first})"),
                "each IRO once",
            );
            continue;
        }
        seen.insert(id.to_string(), line);
        let base = location(table, row, line, "base", gazetteer, &mut cells);
        let hours = table
            .get(row, "hours_per_week")
            .and_then(|t| cells.number(line, "hours_per_week", t));
        let hours = match hours.map(Hours::new) {
            Some(Ok(h)) => Some(h),
            Some(Err(e)) => {
                cells.err(line, "hours_per_week", e.to_string(), HoursError::EXPECTED);
                None
            }
            None => {
                if table.get(row, "hours_per_week").is_none() {
                    cells.err(
                        line,
                        "hours_per_week",
                        "empty".into(),
                        "contracted hours a week",
                    );
                }
                None
            }
        };
        let working_days = match table.get(row, "working_days") {
            Some(t) => match WeekdaySet::parse(t) {
                Ok(s) => Some(s),
                Err(bad) => {
                    cells.err(
                        line,
                        "working_days",
                        format!("unknown day '{bad}'"),
                        "days like Mon,Tue,Wed",
                    );
                    None
                }
            },
            // An explicitly empty cell is not "Mon–Fri": it may be a part-timer's days lost in
            // an export. Only a file without the column means every IRO works Mon–Fri.
            None if table.is_blank(row, "working_days") => {
                cells.err(
                    line,
                    "working_days",
                    "empty".into(),
                    "days like Mon,Tue,Wed (write Mon,Tue,Wed,Thu,Fri for full time, or leave the \
                     column out if every IRO works Monday to Friday)",
                );
                None
            }
            None => Some(WeekdaySet::MON_FRI),
        };
        let max_caseload = match table.get(row, "max_caseload") {
            Some(t) => match cells.count(line, "max_caseload", t) {
                Some(0) => {
                    cells.err(
                        line,
                        "max_caseload",
                        "0".into(),
                        "a positive number of children",
                    );
                    None
                }
                x => x,
            },
            None => None,
        };
        let overnight = table
            .get(row, "overnight")
            .map_or(Some(true), |t| cells.boolean(line, "overnight", t));
        let vacant = table
            .get(row, "vacant")
            .map_or(Some(false), |t| cells.boolean(line, "vacant", t));
        if let (Some((base, label, _)), Some(hours), Some(wd), Some(on), Some(vac)) =
            (base, hours, working_days, overnight, vacant)
            && let Ok(iro) = Iro::new(id, base, label, hours, wd, on)
        {
            out.push(Iro {
                max_caseload,
                vacant: vac,
                council: table.get(row, "council").map(str::to_string),
                ..iro
            });
        } else {
            // Keep ids resolvable for children.csv even when the row has other problems.
            out.push(Iro {
                external_id: id.to_string(),
                base: LatLon::new(0.0, 0.0).expect("valid constant"),
                base_label: String::new(),
                hours_per_week: 0.0,
                working_days: WeekdaySet::MON_FRI,
                max_caseload: None,
                overnight: false,
                vacant: true,
                council: None,
            });
        }
    }
    out
}

/// What reading `children.csv` needs besides the table.
struct ChildContext<'a> {
    iros: &'a [Iro],
    config: &'a Config,
    /// The planning start, for "in the future" checks; `None` if the configuration is bad.
    as_of: Option<NaiveDate>,
    dates: DateFormat,
    calendar: &'a Calendar,
    gazetteer: &'a Gazetteer,
}

fn read_children(
    table: &Table,
    ctx: &ChildContext<'_>,
    report: &mut InputReport,
    errors: &mut Vec<InputError>,
) -> Vec<Child> {
    let mut required = vec!["child_id", "looked_after_since"];
    if !(table.has("lat") && table.has("lon")) {
        required.push("placement");
    }
    // A count of reviews held means nothing without the date of the last: a renamed or
    // missing last_review column is one error on the header line (naming a column that looks
    // like it), not a guess and not an error per row.
    if table.has("reviews_held") {
        required.push("last_review");
    }
    if !table.require(&required, errors) {
        return Vec::new();
    }
    let (iros, config, calendar, gazetteer) = (ctx.iros, ctx.config, ctx.calendar, ctx.gazetteer);
    let iro_index: HashMap<&str, usize> = iros
        .iter()
        .enumerate()
        .map(|(i, r)| (r.external_id.as_str(), i))
        .collect();
    let mut cells = Cells {
        path: &table.path,
        errors,
        dates: ctx.dates,
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut lines = Vec::new();
    let file: std::sync::Arc<Path> = table.path.as_path().into();
    for (line, row) in &table.rows {
        let line = *line;
        let Some(id) = table.get(row, "child_id") else {
            cells.err(line, "child_id", "empty".into(), "a unique pseudonymous id");
            continue;
        };
        if let Some(first) = seen.get(id) {
            cells.err(
                line,
                "child_id",
                format!("duplicate id '{id}' (first on line {first})"),
                "each child once",
            );
            continue;
        }
        seen.insert(id.to_string(), line);
        let before = cells.errors.len();
        let loc = location(table, row, line, "placement", gazetteer, &mut cells);
        let since = match table.get(row, "looked_after_since") {
            Some(t) => cells.date(line, "looked_after_since", t),
            None => {
                cells.err(
                    line,
                    "looked_after_since",
                    "empty".into(),
                    ctx.dates.expected(),
                );
                None
            }
        };
        if let (Some(s), Some(as_of)) = (since, ctx.as_of)
            && s > as_of
        {
            cells.err(
                line,
                "looked_after_since",
                format!("'{s}' is in the future (plan starts {as_of})"),
                "a date on or before the planning start",
            );
        }
        let last = table
            .get(row, "last_review")
            .and_then(|t| cells.date(line, "last_review", t));
        if let (Some(l), Some(s)) = (last, since)
            && l < s
        {
            {
                cells.err(
                    line,
                    "last_review",
                    format!("'{l}' is before looked_after_since '{s}'"),
                    "a review held after the child became looked after",
                );
            }
        }
        if let (Some(l), Some(as_of)) = (last, ctx.as_of)
            && l > as_of
        {
            cells.err(
                line,
                "last_review",
                format!("'{l}' is in the future (plan starts {as_of})"),
                "a review already held",
            );
        }
        let held_text = table.get(row, "reviews_held");
        let held = held_text.and_then(|t| cells.count(line, "reviews_held", t));
        let reviews_held = match (held_text, held, last, since) {
            (Some(_), Some(0), Some(l), _) => {
                cells.err(
                    line,
                    "reviews_held",
                    format!("0 but last_review is '{l}'"),
                    "at least 1 when a last review is given",
                );
                0
            }
            // Only an empty cell: a last_review that failed to parse has its own error.
            (Some(_), Some(n), None, _) if n > 0 && table.get(row, "last_review").is_none() => {
                cells.err(
                    line,
                    "last_review",
                    format!("empty but reviews_held is {n}"),
                    "the date of the last review held",
                );
                n
            }
            (Some(_), Some(n), _, _) => n,
            (Some(_), None, _, _) => 0,
            (None, _, None, _) => 0,
            (None, _, Some(l), Some(s)) => {
                // Without a count, a review held before the second could fall due is the first.
                let first_due = calendar.first_review_due(s, &config.review);
                let second_due = Calendar::next_review_due(first_due, 2, &config.review);
                if l < second_due { 1 } else { 2 }
            }
            (None, _, Some(_), None) => 1,
        };
        let current_iro = match table.get(row, "current_iro") {
            Some(t) => match iro_index.get(t) {
                Some(&i) => {
                    if iros[i].vacant && !iros[i].base_label.is_empty() {
                        cells.err(
                            line,
                            "current_iro",
                            format!("'{t}' is a vacant post"),
                            "the id of an IRO in post",
                        );
                    }
                    Some(IroId(i as u32))
                }
                None => {
                    cells.err(
                        line,
                        "current_iro",
                        format!("unknown IRO '{t}'"),
                        "an iro_id from iros.csv",
                    );
                    None
                }
            },
            None => None,
        };
        let flag = |cells: &mut Cells<'_>, col: &str| {
            table
                .get(row, col)
                .map_or(Some(false), |t| cells.boolean(line, col, t))
        };
        let extra_time = flag(&mut cells, "extra_time").unwrap_or(false);
        let locked = flag(&mut cells, "locked").unwrap_or(false);
        if locked && current_iro.is_none() && table.get(row, "current_iro").is_none() {
            cells.err(
                line,
                "locked",
                "true but current_iro is empty".into(),
                "a current_iro to lock to",
            );
        }
        let placement_type = match table.get(row, "placement_type") {
            Some(t) => match t.to_ascii_lowercase().as_str() {
                "internal" => Some(PlacementType::Internal),
                "external" => Some(PlacementType::External),
                "with_parents" | "with parents" | "parents" => Some(PlacementType::WithParents),
                _ => {
                    cells.err(
                        line,
                        "placement_type",
                        format!("'{t}' is not a placement type"),
                        "internal, external or with_parents",
                    );
                    None
                }
            },
            None => None,
        };
        let review_mode = match table.get(row, "review_mode") {
            Some(t) => match t.to_ascii_lowercase().as_str() {
                "in_person" | "in person" | "inperson" => ReviewMode::InPerson,
                "virtual_allowed" | "virtual" => ReviewMode::VirtualAllowed,
                _ => {
                    cells.err(
                        line,
                        "review_mode",
                        format!("'{t}' is not a review mode"),
                        "in_person or virtual_allowed",
                    );
                    ReviewMode::InPerson
                }
            },
            None => ReviewMode::InPerson,
        };
        let mut exclude_iros = Vec::new();
        if let Some(t) = table.get(row, "exclude_iros") {
            for tok in t.split([';', ',', ' ']).filter(|s| !s.is_empty()) {
                match iro_index.get(tok) {
                    Some(&i) => exclude_iros.push(IroId(i as u32)),
                    None => cells.err(
                        line,
                        "exclude_iros",
                        format!("unknown IRO '{tok}'"),
                        "iro_ids from iros.csv separated by ;",
                    ),
                }
            }
        }
        if locked
            && let Some(c) = current_iro
            && exclude_iros.contains(&c)
        {
            cells.err(
                line,
                "exclude_iros",
                format!(
                    "excludes '{}', the IRO it is locked to",
                    iros[c.idx()].external_id
                ),
                "a lock and an exclusion that agree",
            );
        }
        let review_times = table
            .get(row, "review_times")
            .and_then(|t| read_review_times(&mut cells, line, t, config, extra_time));
        if cells.errors.len() > before {
            continue;
        }
        let (Some((location, label, precision)), Some(since)) = (loc, since) else {
            continue;
        };
        for d in std::iter::once(since).chain(last) {
            report.newest_date = Some(report.newest_date.map_or(d, |n| n.max(d)));
        }
        report.precision.insert(id.to_string(), precision);
        lines.push(line);
        out.push(Child {
            external_id: id.to_string(),
            location,
            placement_label: label,
            looked_after_since: since,
            last_review: last,
            reviews_held,
            current_iro,
            planned_iro: None,
            sibling_group: table.get(row, "sibling_group").map(str::to_string),
            extra_time,
            placement_type,
            review_mode,
            locked,
            exclude_iros,
            council: table.get(row, "council").map(str::to_string),
            projected: false,
            leaves_care: None,
            origin: Some(crate::domain::Origin {
                file: file.clone(),
                line,
            }),
            review_times,
            unavailable: Vec::new(),
            booked: Vec::new(),
        });
    }
    check_sibling_locks(&out, &lines, iros, &mut cells);
    out
}

/// A child's `review_times` (`15:30-18:00`): long enough for its review and inside the IRO's
/// working day (from the earliest departure to the latest return).
fn read_review_times(
    cells: &mut Cells<'_>,
    line: usize,
    text: &str,
    config: &Config,
    extra_time: bool,
) -> Option<crate::config::ClockSpan> {
    let cleaned: String = text
        .replace(['\u{2013}', '\u{2014}'], "-")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let span: crate::config::ClockSpan = match cleaned.parse() {
        Ok(s) => s,
        Err(e) => {
            cells.err(
                line,
                "review_times",
                e,
                "the hours the child can be seen, HH:MM-HH:MM (e.g. 15:30-18:00)",
            );
            return None;
        }
    };
    let minutes = span.to.minutes() - span.from.minutes();
    let review = (config.review_hours(extra_time) * 60.0).round() as u32;
    let day = &config.day;
    if minutes < review {
        cells.err(
            line,
            "review_times",
            format!(
                "'{text}' is {minutes} minutes, shorter than the child's review ({review} minutes)"
            ),
            "a span at least as long as the review (review.hours, extra_time)",
        );
        return None;
    }
    if span.from < day.earliest_departure || span.to > day.latest_return {
        cells.err(
            line,
            "review_times",
            format!(
                "'{text}' is outside the working day {}-{}",
                day.earliest_departure, day.latest_return
            ),
            "hours between day.earliest_departure and day.latest_return",
        );
        return None;
    }
    Some(span)
}

/// A sibling group is held by one IRO: two locks to different IROs, or a lock to an IRO another
/// member excludes, cannot both hold.
fn check_sibling_locks(children: &[Child], lines: &[usize], iros: &[Iro], cells: &mut Cells<'_>) {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in children.iter().enumerate() {
        if let Some(g) = &c.sibling_group {
            groups.entry(g.as_str()).or_default().push(i);
        }
    }
    for (group, members) in groups {
        let locks: Vec<(usize, IroId)> = members
            .iter()
            .filter(|&&m| children[m].locked)
            .filter_map(|&m| children[m].current_iro.map(|c| (m, c)))
            .collect();
        let Some(&(first, iro)) = locks.first() else {
            continue;
        };
        for &(m, other) in &locks[1..] {
            if other != iro {
                cells.err(
                    lines[m],
                    "sibling_group",
                    format!(
                        "group '{group}' is locked to '{}' here but to '{}' on line {}",
                        iros[other.idx()].external_id,
                        iros[iro.idx()].external_id,
                        lines[first]
                    ),
                    "siblings locked to the same IRO",
                );
            }
        }
        for &m in &members {
            if children[m].exclude_iros.contains(&iro) {
                cells.err(
                    lines[m],
                    "exclude_iros",
                    format!(
                        "excludes '{}', to whom sibling group '{group}' is locked on line {}",
                        iros[iro.idx()].external_id,
                        lines[first]
                    ),
                    "siblings that can share one IRO",
                );
            }
        }
    }
}

fn read_absences(
    table: &Table,
    iros: &[Iro],
    dates: DateFormat,
    errors: &mut Vec<InputError>,
) -> Vec<Absence> {
    if !table.require(&["iro_id", "from", "to"], errors) {
        return Vec::new();
    }
    let mut cells = Cells {
        path: &table.path,
        errors,
        dates,
    };
    let mut out = Vec::new();
    for (line, row) in &table.rows {
        let line = *line;
        let iro = match table.get(row, "iro_id") {
            Some(t) => match iros.iter().position(|r| r.external_id == t) {
                Some(i) => Some(IroId(i as u32)),
                None => {
                    cells.err(
                        line,
                        "iro_id",
                        format!("unknown IRO '{t}'"),
                        "an iro_id from iros.csv",
                    );
                    None
                }
            },
            None => {
                cells.err(line, "iro_id", "empty".into(), "an iro_id from iros.csv");
                None
            }
        };
        let from = table
            .get(row, "from")
            .and_then(|t| cells.date(line, "from", t));
        let to = table.get(row, "to").and_then(|t| cells.date(line, "to", t));
        if table.get(row, "from").is_none() {
            cells.err(line, "from", "empty".into(), dates.expected());
        }
        if table.get(row, "to").is_none() {
            cells.err(line, "to", "empty".into(), dates.expected());
        }
        if let (Some(iro), Some(from), Some(to)) = (iro, from, to) {
            if to < from {
                cells.err(
                    line,
                    "to",
                    format!("'{to}' is before from '{from}'"),
                    "an end on or after the start",
                );
            } else {
                out.push(Absence { iro, from, to });
            }
        }
    }
    out
}
