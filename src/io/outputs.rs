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
