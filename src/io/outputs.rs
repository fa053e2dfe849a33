//! Writing a plan: the output contract of DESIGN.md §4 (file and column names are fixed).
//!
//! Files are written into a staging folder inside the output folder and moved into place only
//! when every file has been written, so a failure leaves no half-written plan.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// A staging folder whose files move into the target folder on [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    files: Vec<PathBuf>,
}

impl Staging {
    /// Creates `<target>/.staging-<pid>`.
    ///
    /// # Errors
    /// If the folder cannot be created.
    pub fn new(target: &Path) -> Result<Staging> {
        let dir = target.join(format!(".staging-{}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            files: Vec::new(),
        })
    }

    /// Writes a file (relative path) into the staging folder.
    ///
    /// # Errors
    /// If the file cannot be written.
    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        self.files.push(PathBuf::from(rel));
        Ok(())
    }

    /// Moves every staged file into the target folder.
    ///
    /// # Errors
    /// If a file cannot be moved.
    pub fn commit(self) -> Result<()> {
        for rel in &self.files {
            let to = self.target.join(rel);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            fs::rename(self.dir.join(rel), &to).map_err(|e| Error::io(&to, e))?;
        }
        let _ = fs::remove_dir_all(&self.dir);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
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
        ],
        rows: plan
            .reviews
            .iter()
            .map(|r| {
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
        ],
        rows: plan
            .trips
            .iter()
            .enumerate()
            .flat_map(|(i, t)| {
                t.stops.iter().enumerate().map(move |(seq, s)| {
                    vec![
                        Cell::Text(trip_id(i)),
                        count(seq + 1),
                        text(s.kind.as_str()),
                        Cell::Text(
                            s.child.map_or_else(String::new, |c| {
                                caseload.child(c).external_id.clone()
                            }),
                        ),
                        Cell::Date(s.date),
                        Cell::Time(s.arrive),
                        Cell::Time(s.depart),
                        Cell::Num(s.point.lat(), 6),
                        Cell::Num(s.point.lon(), 6),
                    ]
                })
            })
            .collect(),
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
