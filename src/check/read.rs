//! Reading a written plan from its files (the output contract, DESIGN.md §4), by column name.
//!
//! A missing file is an error (there is nothing to check); a missing column or an unparsable
//! value is a violation of the contract, reported with `file:line: column:` and the row is left
//! out of the other checks (so one bad cell does not cascade into dozens of findings).
//!
//! Columns and files added by issue 12 are read leniently, so a plan written before them still
//! reads: without `chair_iro_id` a review is chaired by its `iro_id`; without `cover`, `reason`
//! or `action` they are empty; without `weeks.csv` there is no week table to check; summary
//! fields that are absent are not checked. A review row with an empty `date` is an
//! *unscheduled* review ([`UnscheduledRow`]): it could not be held inside the horizon, and its
//! `start`, `end`, `mode` and `trip_id` must be empty too.

use std::collections::HashMap;
use std::fmt::Display;
use std::path::Path;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use super::Findings;
use crate::config::TimeOfDay;
use crate::domain::LatLon;
use crate::error::{Error, Result};

/// How a review is held, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `in_person`.
    InPerson,
    /// `virtual`.
    Virtual,
}

impl FromStr for Mode {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        match s {
            "in_person" => Ok(Mode::InPerson),
            "virtual" => Ok(Mode::Virtual),
            _ => Err(()),
        }
    }
}

/// What a trip stop is, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `base`.
    Base,
    /// `review`.
    Review,
    /// `hotel`.
    Hotel,
    /// `lunch`: the IRO eats where the previous stop was.
    Lunch,
}

impl FromStr for Kind {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        match s {
            "base" => Ok(Kind::Base),
            "review" => Ok(Kind::Review),
            "hotel" => Ok(Kind::Hotel),
            "lunch" => Ok(Kind::Lunch),
            _ => Err(()),
        }
    }
}

/// Minutes after midnight, parsed from `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hm(pub i64);

impl FromStr for Hm {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        s.parse::<TimeOfDay>().map(|t| Hm(t.minutes() as i64))
    }
}

impl Display for Hm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Who stands in for a review's own IRO, as written in `cover` (empty: nobody does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cover {
    /// `colleague`: another IRO of the service chairs.
    Colleague,
    /// `agency`: an agency IRO chairs (no chair of ours, no trip).
    Agency,
}

impl Cover {
    /// The code as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Cover::Colleague => "colleague",
            Cover::Agency => "agency",
        }
    }
}

/// Why a review is late, forced virtual, unscheduled or flagged, as written in `reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// `capacity`: not enough IRO hours.
    Capacity,
    /// `absence`: its IRO is away.
    Absence,
    /// `overdue_at_start`: already overdue when the horizon starts.
    OverdueAtStart,
    /// `reach`: too far to travel to in time.
    Reach,
    /// `booking`: a fixed booking decided the date.
    Booking,
    /// `availability`: the child is unavailable.
    Availability,
}

impl Reason {
    /// The codes, as the contract lists them.
    pub const CODES: &'static str =
        "capacity, absence, overdue_at_start, reach, booking or availability";
}

/// A `Cover` or `Reason` cell: empty is `None`.
fn optional<T: FromStr>(text: &str) -> std::result::Result<Option<T>, ()> {
    if text.is_empty() {
        Ok(None)
    } else {
        text.parse().map(Some).map_err(|_| ())
    }
}

impl FromStr for Cover {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        match s {
            "colleague" => Ok(Cover::Colleague),
            "agency" => Ok(Cover::Agency),
            _ => Err(()),
        }
    }
}

impl FromStr for Reason {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        match s {
            "capacity" => Ok(Reason::Capacity),
            "absence" => Ok(Reason::Absence),
            "overdue_at_start" => Ok(Reason::OverdueAtStart),
            "reach" => Ok(Reason::Reach),
            "booking" => Ok(Reason::Booking),
            "availability" => Ok(Reason::Availability),
            _ => Err(()),
        }
    }
}

/// An ISO 8601 week, written `YYYY-Www` (`2027-W08`), held as its Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek(NaiveDate);

impl IsoWeek {
    /// The ISO week a date falls in.
    pub fn of(date: NaiveDate) -> IsoWeek {
        let w = date.iso_week();
        IsoWeek(NaiveDate::from_isoywd_opt(w.year(), w.week(), Weekday::Mon).unwrap_or(date))
    }

    /// Its Monday.
    pub fn monday(self) -> NaiveDate {
        self.0
    }

    /// Its seven days, Monday first.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        self.0.iter_days().take(7)
    }
}

impl FromStr for IsoWeek {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        let (y, w) = s.split_once("-W").ok_or(())?;
        let (y, w): (i32, u32) = (y.parse().map_err(|_| ())?, w.parse().map_err(|_| ())?);
        NaiveDate::from_isoywd_opt(y, w, Weekday::Mon)
            .map(IsoWeek)
            .ok_or(())
    }
}

impl Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w = self.0.iso_week();
        write!(f, "{}-W{:02}", w.year(), w.week())
    }
}

/// A row of `allocation.csv`.
#[derive(Debug, Clone)]
pub struct AllocRow {
    pub line: usize,
    pub child_id: String,
    pub iro_id: String,
    pub previous_iro_id: String,
    pub changed: bool,
    pub miles_one_way: f64,
}

/// A row of `reviews.csv` for a review that is held (its `date` is written).
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub line: usize,
    pub child_id: String,
    /// The child's allocated IRO.
    pub iro_id: String,
    pub review_number: u32,
    pub due_date: NaiveDate,
    pub date: NaiveDate,
    pub start: Hm,
    pub end: Hm,
    pub mode: Mode,
    pub trip_id: Option<String>,
    pub on_time: bool,
    /// The IRO who chairs and travels (`chair_iro_id`); `None` where the cell is empty (an
    /// agency chairs). Without the column, the review's `iro_id`.
    pub chair: Option<String>,
    /// Who stands in for the child's IRO, if anyone.
    pub cover: Option<Cover>,
    /// Why the review is late, forced virtual or flagged.
    pub reason: Option<Reason>,
    /// A suggested action (free text).
    pub action: String,
}

/// A row of `reviews.csv` for a review that could not be held inside the horizon under the
/// hard rules (`date`, `start`, `end`, `mode`, `trip_id` empty). Its chain stops there.
#[derive(Debug, Clone)]
pub struct UnscheduledRow {
    pub line: usize,
    pub child_id: String,
    /// The child's allocated IRO.
    pub iro_id: String,
    pub review_number: u32,
    pub due_date: NaiveDate,
    pub on_time: bool,
    pub reason: Option<Reason>,
    pub action: String,
}

/// A row of `weeks.csv`: one IRO's working week, as the planner counts it.
#[derive(Debug, Clone)]
pub struct WeekRow {
    pub line: usize,
    pub iro_id: String,
    pub week: IsoWeek,
    pub week_start: NaiveDate,
    pub available_days: u32,
    pub limit_hours: f64,
    pub meeting_hours: f64,
    pub admin_hours: f64,
    pub drive_hours: f64,
    pub total_hours: f64,
    pub reviews: u32,
    /// Admin of earlier weeks' reviews done in the week (`None` without the column).
    pub admin_carried_hours: Option<f64>,
}

/// A row of `trips.csv`.
#[derive(Debug, Clone)]
pub struct TripRow {
    pub line: usize,
    pub trip_id: String,
    pub iro_id: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub nights: u32,
    pub reviews: u32,
    pub miles: f64,
    pub drive_hours: f64,
    pub mileage_cost: f64,
    pub staff_cost: f64,
    pub hotel_cost: f64,
    pub co2_kg: f64,
}

/// A row of `trip_stops.csv`.
#[derive(Debug, Clone)]
pub struct StopRow {
    pub line: usize,
    pub trip_id: String,
    pub seq: u32,
    pub kind: Kind,
    pub child_id: Option<String>,
    pub date: NaiveDate,
    pub arrive: Hm,
    pub depart: Hm,
    pub point: LatLon,
}

/// A row of `caseloads.csv`.
#[derive(Debug, Clone)]
pub struct CaseloadRow {
    pub line: usize,
    pub iro_id: String,
    pub fte: f64,
    pub children: u64,
    pub band_min: u64,
    pub band_max: u64,
    pub reviews: u64,
    pub miles: f64,
    pub drive_hours: f64,
    pub nights: u64,
}

/// One IRO's figures in `summary.json` (`per_iro`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SummaryIro {
    pub iro_id: String,
    pub children: Option<u64>,
    pub reviews: Option<u64>,
    pub miles: Option<f64>,
    pub drive_hours: Option<f64>,
    pub nights: Option<u64>,
}

/// An entry of `over_band`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SummaryOverBand {
    pub iro_id: String,
    pub children: Option<u64>,
}

/// An entry of `late_reviews`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SummaryLate {
    pub child_id: String,
    pub review_number: u32,
}

/// An entry of `reviews_covered`: a review chaired by someone other than the child's IRO.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SummaryCovered {
    pub child_id: String,
    pub review_number: u32,
    pub iro_id: String,
    /// Empty or absent for an agency.
    pub chair_iro_id: Option<String>,
    pub cover: String,
    /// As written (`YYYY-MM-DD`).
    pub date: Option<String>,
}

/// The fields of `summary.json` the checker recomputes (every one optional here, so a missing
/// field is reported by name rather than failing the whole file).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SummaryFile {
    pub horizon_start: Option<NaiveDate>,
    pub horizon_end: Option<NaiveDate>,
    pub children: Option<u64>,
    pub reviews: Option<u64>,
    pub reviews_late: Option<u64>,
    pub on_time_pct: Option<f64>,
    pub miles: Option<f64>,
    pub drive_hours: Option<f64>,
    pub hotel_nights: Option<u64>,
    pub cost_mileage: Option<f64>,
    pub cost_staff: Option<f64>,
    pub cost_hotel: Option<f64>,
    pub cost_total: Option<f64>,
    pub co2_kg: Option<f64>,
    pub per_iro: Option<Vec<SummaryIro>>,
    pub over_band: Vec<SummaryOverBand>,
    pub late_reviews: Vec<SummaryLate>,
    /// Reviews the planner declares held virtually for want of any in-person trip.
    pub forced_virtual_reviews: Vec<SummaryLate>,
    /// Review rows with no date (issue 12; checked when present).
    pub reviews_unscheduled: Option<u64>,
    /// £ of agency-chaired reviews (issue 12; checked when present).
    pub cost_agency: Option<f64>,
    /// Reviews chaired by a colleague or an agency (issue 12; checked when present).
    pub reviews_covered: Option<Vec<SummaryCovered>>,
    /// Far areas (issue 13; checked when present).
    pub areas: Option<Vec<SummaryArea>>,
    /// The far areas together (issue 13; checked when present).
    pub far: Option<SummaryFar>,
}

/// One far area in `summary.json` (`areas`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SummaryArea {
    pub name: String,
    pub children: u64,
    pub iros: Vec<String>,
    pub rounds: u64,
    pub reviews: u64,
    pub miles: f64,
    pub nights: f64,
}

/// The far areas together in `summary.json` (`far`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SummaryFar {
    pub children: Option<u64>,
    pub trips: Option<u64>,
    pub reviews: Option<u64>,
    pub reviews_per_trip: Option<f64>,
    pub reviews_on_trips: Option<u64>,
    pub reviews_on_trips_per_trip: Option<f64>,
    pub miles: Option<f64>,
    pub areas_split: Option<u64>,
    pub multi_area_trips: Option<u64>,
}

/// Every file of a written plan.
#[derive(Debug, Clone, Default)]
pub struct PlanFiles {
    pub allocation: Vec<AllocRow>,
    /// The reviews held (rows of `reviews.csv` with a date).
    pub reviews: Vec<ReviewRow>,
    /// The reviews that could not be held (rows of `reviews.csv` without a date).
    pub unscheduled: Vec<UnscheduledRow>,
    pub trips: Vec<TripRow>,
    pub stops: Vec<StopRow>,
    pub caseloads: Vec<CaseloadRow>,
    /// `weeks.csv`, if the plan has one.
    pub weeks: Option<Vec<WeekRow>>,
    pub summary: SummaryFile,
}

/// Reads every file of the plan in `dir`; contract breaches go to `findings`.
///
/// # Errors
/// [`Error::Io`] if a file is missing or unreadable.
pub fn read_plan(dir: &Path, findings: &mut Findings) -> Result<PlanFiles> {
    let allocation = Table::read(dir, "allocation.csv")?.rows(findings, |r, f| {
        Some(AllocRow {
            line: r.line,
            child_id: r.text("child_id", f)?.to_string(),
            iro_id: r.text("iro_id", f)?.to_string(),
            previous_iro_id: r.text("previous_iro_id", f)?.to_string(),
            changed: r.parse("changed", "true or false", f)?,
            miles_one_way: r.parse("miles_one_way", "a number of miles", f)?,
        })
    });
    let mut reviews = Vec::new();
    let mut unscheduled = Vec::new();
    for entry in Table::read(dir, "reviews.csv")?.rows(findings, review_entry) {
        match entry {
            ReviewEntry::Held(r) => reviews.push(r),
            ReviewEntry::Unscheduled(u) => unscheduled.push(u),
        }
    }
    let trips = Table::read(dir, "trips.csv")?.rows(findings, |r, f| {
        Some(TripRow {
            line: r.line,
            trip_id: r.text("trip_id", f)?.to_string(),
            iro_id: r.text("iro_id", f)?.to_string(),
            start_date: r.parse("start_date", "a date YYYY-MM-DD", f)?,
            end_date: r.parse("end_date", "a date YYYY-MM-DD", f)?,
            nights: r.parse("nights", "a whole number", f)?,
            reviews: r.parse("reviews", "a whole number", f)?,
            miles: r.parse("miles", "a number", f)?,
            drive_hours: r.parse("drive_hours", "a number", f)?,
            mileage_cost: r.parse("mileage_cost", "a number", f)?,
            staff_cost: r.parse("staff_cost", "a number", f)?,
            hotel_cost: r.parse("hotel_cost", "a number", f)?,
            co2_kg: r.parse("co2_kg", "a number", f)?,
        })
    });
    let stops = Table::read(dir, "trip_stops.csv")?.rows(findings, |r, f| {
        let child = r.text("child_id", f)?;
        let lat: f64 = r.parse("lat", "a latitude", f)?;
        let lon: f64 = r.parse("lon", "a longitude", f)?;
        let Some(point) = LatLon::new(lat, lon) else {
            f.push(format!(
                "trip_stops.csv:{}: lat, lon: {lat}, {lon} is not a point",
                r.line
            ));
            return None;
        };
        Some(StopRow {
            line: r.line,
            trip_id: r.text("trip_id", f)?.to_string(),
            seq: r.parse("seq", "a stop number", f)?,
            kind: r.parse("kind", "base, review, hotel or lunch", f)?,
            child_id: (!child.is_empty()).then(|| child.to_string()),
            date: r.parse("date", "a date YYYY-MM-DD", f)?,
            arrive: r.parse("arrive", "a time HH:MM", f)?,
            depart: r.parse("depart", "a time HH:MM", f)?,
            point,
        })
    });
    let caseloads = Table::read(dir, "caseloads.csv")?.rows(findings, |r, f| {
        Some(CaseloadRow {
            line: r.line,
            iro_id: r.text("iro_id", f)?.to_string(),
            fte: r.parse("fte", "a number", f)?,
            children: r.parse("children", "a whole number", f)?,
            band_min: r.parse("band_min", "a whole number", f)?,
            band_max: r.parse("band_max", "a whole number", f)?,
            reviews: r.parse("reviews", "a whole number", f)?,
            miles: r.parse("miles", "a number", f)?,
            drive_hours: r.parse("drive_hours", "a number", f)?,
            nights: r.parse("nights", "a whole number", f)?,
        })
    });
    let weeks = Table::read_optional(dir, "weeks.csv")?.map(|t| {
        t.rows(findings, |r, f| {
            Some(WeekRow {
                line: r.line,
                iro_id: r.text("iro_id", f)?.to_string(),
                week: r.parse("week", "an ISO week YYYY-Www", f)?,
                week_start: r.parse("week_start", "a date YYYY-MM-DD", f)?,
                available_days: r.parse("available_days", "a whole number", f)?,
                limit_hours: r.parse("limit_hours", "a number", f)?,
                meeting_hours: r.parse("meeting_hours", "a number", f)?,
                admin_hours: r.parse("admin_hours", "a number", f)?,
                drive_hours: r.parse("drive_hours", "a number", f)?,
                total_hours: r.parse("total_hours", "a number", f)?,
                reviews: r.parse("reviews", "a whole number", f)?,
                admin_carried_hours: r.parse_optional(
                    "admin_carried_hours",
                    optional::<f64>,
                    "a number",
                    f,
                )?,
            })
        })
    });
    let path = dir.join("summary.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let summary = match serde_json::from_str::<SummaryFile>(&text) {
        Ok(s) => s,
        Err(e) => {
            findings.push(format!("summary.json: not the expected shape: {e}"));
            SummaryFile::default()
        }
    };
    Ok(PlanFiles {
        allocation,
        reviews,
        unscheduled,
        trips,
        stops,
        caseloads,
        weeks,
        summary,
    })
}

/// A row of `reviews.csv`, held or not.
enum ReviewEntry {
    Held(ReviewRow),
    Unscheduled(UnscheduledRow),
}

/// The columns a held review fills and an unscheduled one leaves empty.
const SLOT_COLUMNS: [&str; 4] = ["start", "end", "mode", "trip_id"];

/// Reads one row of `reviews.csv`.
fn review_entry(r: &Row<'_>, f: &mut Findings) -> Option<ReviewEntry> {
    let child_id = r.text("child_id", f)?.to_string();
    let iro_id = r.text("iro_id", f)?.to_string();
    let review_number = r.parse("review_number", "a review number", f)?;
    let due_date = r.parse("due_date", "a date YYYY-MM-DD", f)?;
    let on_time = r.parse("on_time", "true or false", f)?;
    let reason = r.parse_optional("reason", optional::<Reason>, Reason::CODES, f)?;
    let action = r.optional_text("action").unwrap_or("").to_string();
    if r.text("date", f)?.is_empty() {
        for col in SLOT_COLUMNS {
            let text = r.optional_text(col).unwrap_or("");
            if !text.is_empty() {
                f.push(format!(
                    "reviews.csv:{}: child {child_id} review {review_number} has no date but \
                     {col} '{text}' (an unscheduled review leaves date, start, end, mode and \
                     trip_id empty)",
                    r.line
                ));
            }
        }
        return Some(ReviewEntry::Unscheduled(UnscheduledRow {
            line: r.line,
            child_id,
            iro_id,
            review_number,
            due_date,
            on_time,
            reason,
            action,
        }));
    }
    let trip = r.text("trip_id", f)?;
    let chair = match r.optional_text("chair_iro_id") {
        None => Some(iro_id.clone()),
        Some("") => None,
        Some(c) => Some(c.to_string()),
    };
    Some(ReviewEntry::Held(ReviewRow {
        line: r.line,
        child_id,
        iro_id,
        review_number,
        due_date,
        date: r.parse("date", "a date YYYY-MM-DD", f)?,
        start: r.parse("start", "a time HH:MM", f)?,
        end: r.parse("end", "a time HH:MM", f)?,
        mode: r.parse("mode", "in_person or virtual", f)?,
        trip_id: (!trip.is_empty()).then(|| trip.to_string()),
        on_time,
        chair,
        cover: r.parse_optional("cover", optional::<Cover>, "empty, colleague or agency", f)?,
        reason,
        action,
    }))
}

/// A CSV file read by header name.
struct Table {
    file: &'static str,
    columns: HashMap<String, usize>,
    records: Vec<(usize, csv::StringRecord)>,
    error: Option<String>,
}

impl Table {
    fn read(dir: &Path, file: &'static str) -> Result<Table> {
        let path = dir.join(file);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Table::parse(file, &bytes))
    }

    /// As [`Table::read`], `None` if the file is not there.
    fn read_optional(dir: &Path, file: &'static str) -> Result<Option<Table>> {
        if dir.join(file).exists() {
            Table::read(dir, file).map(Some)
        } else {
            Ok(None)
        }
    }

    fn parse(file: &'static str, bytes: &[u8]) -> Table {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let mut table = Table {
            file,
            columns: HashMap::new(),
            records: Vec::new(),
            error: None,
        };
        match reader.headers() {
            Ok(h) => {
                for (i, name) in h.iter().enumerate() {
                    table.columns.insert(name.trim().to_string(), i);
                }
            }
            Err(e) => table.error = Some(format!("{file}: unreadable header: {e}")),
        }
        for rec in reader.records() {
            match rec {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line() as usize);
                    table.records.push((line, r));
                }
                Err(e) => {
                    table.error = Some(format!("{file}: unreadable row: {e}"));
                    break;
                }
            }
        }
        table
    }

    /// Builds one value per row; rows that fail to parse are reported and skipped.
    fn rows<T>(
        &self,
        findings: &mut Findings,
        build: impl Fn(&Row<'_>, &mut Findings) -> Option<T>,
    ) -> Vec<T> {
        if let Some(e) = &self.error {
            findings.push(e.clone());
        }
        let mut missing_reported = std::collections::HashSet::new();
        let mut out = Vec::with_capacity(self.records.len());
        for (line, rec) in &self.records {
            let row = Row {
                table: self,
                line: *line,
                rec,
                missing: std::cell::RefCell::new(Vec::new()),
            };
            let built = build(&row, findings);
            // A missing column is one finding for the file, not one per row.
            for col in row.missing.into_inner() {
                if missing_reported.insert(col) {
                    findings.push(format!("{}: column {col} is missing", self.file));
                }
            }
            if let Some(v) = built {
                out.push(v);
            }
        }
        out
    }
}

/// One CSV row with typed accessors that report what they cannot parse.
struct Row<'t> {
    table: &'t Table,
    line: usize,
    rec: &'t csv::StringRecord,
    missing: std::cell::RefCell<Vec<&'static str>>,
}

impl Row<'_> {
    fn text(&self, col: &'static str, _f: &mut Findings) -> Option<&str> {
        match self.table.columns.get(col) {
            Some(&i) => Some(self.rec.get(i).unwrap_or("").trim()),
            None => {
                self.missing.borrow_mut().push(col);
                None
            }
        }
    }

    /// The cell of a column a plan may lack (`None` without the column; no finding).
    fn optional_text(&self, col: &str) -> Option<&str> {
        let &i = self.table.columns.get(col)?;
        Some(self.rec.get(i).unwrap_or("").trim())
    }

    /// Parses the cell of a column a plan may lack with `parse` (a missing column reads as an
    /// empty cell); `None` (reported) if the cell cannot be read.
    fn parse_optional<T>(
        &self,
        col: &'static str,
        parse: impl Fn(&str) -> std::result::Result<T, ()>,
        expected: &str,
        f: &mut Findings,
    ) -> Option<T> {
        let text = self.optional_text(col).unwrap_or("");
        match parse(text) {
            Ok(v) => Some(v),
            Err(()) => {
                f.push(format!(
                    "{}:{}: {col}: '{text}' cannot be read (expected {expected})",
                    self.table.file, self.line
                ));
                None
            }
        }
    }

    fn parse<T: FromStr>(&self, col: &'static str, expected: &str, f: &mut Findings) -> Option<T> {
        let text = self.text(col, f)?;
        match text.parse::<T>() {
            Ok(v) => Some(v),
            Err(_) => {
                f.push(format!(
                    "{}:{}: {col}: '{text}' cannot be read (expected {expected})",
                    self.table.file, self.line
                ));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_by_name_in_any_order() {
        let t = Table::parse(
            "allocation.csv",
            b"iro_id,child_id,changed,previous_iro_id,miles_one_way\nI1,C1,false,,3.25\n",
        );
        let mut f = Findings::default();
        let rows = t.rows(&mut f, |r, f| {
            Some(AllocRow {
                line: r.line,
                child_id: r.text("child_id", f)?.to_string(),
                iro_id: r.text("iro_id", f)?.to_string(),
                previous_iro_id: r.text("previous_iro_id", f)?.to_string(),
                changed: r.parse("changed", "true or false", f)?,
                miles_one_way: r.parse("miles_one_way", "a number", f)?,
            })
        });
        assert!(f.violations.is_empty(), "{:?}", f.violations);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].child_id, "C1");
        assert_eq!(rows[0].line, 2);
        assert!((rows[0].miles_one_way - 3.25).abs() < 1e-12);
    }

    #[test]
    fn bad_cell_is_reported_with_line_and_column_and_row_skipped() {
        let t = Table::parse(
            "reviews.csv",
            b"child_id,date\nC1,2027-02-30\nC2,2027-02-03\n",
        );
        let mut f = Findings::default();
        let rows = t.rows(&mut f, |r, f| {
            r.text("child_id", f)?;
            r.parse::<NaiveDate>("date", "a date YYYY-MM-DD", f)
        });
        assert_eq!(rows.len(), 1);
        assert_eq!(f.violations.len(), 1);
        assert!(f.violations[0].starts_with("reviews.csv:2: date: '2027-02-30'"));
    }

    #[test]
    fn missing_column_is_one_finding() {
        let t = Table::parse("trips.csv", b"trip_id\nT1\nT2\n");
        let mut f = Findings::default();
        let rows = t.rows(&mut f, |r, f| r.parse::<f64>("miles", "a number", f));
        assert!(rows.is_empty());
        assert_eq!(f.violations, vec!["trips.csv: column miles is missing"]);
    }

    /// Reads a `reviews.csv` text.
    fn reviews(text: &[u8]) -> (Vec<ReviewEntry>, Vec<String>) {
        let mut f = Findings::default();
        let rows = Table::parse("reviews.csv", text).rows(&mut f, review_entry);
        (rows, f.violations)
    }

    const HEADER: &str =
        "child_id,iro_id,review_number,due_date,date,start,end,mode,trip_id,on_time";

    #[test]
    fn a_plan_without_the_cover_columns_reads_as_chaired_by_its_iro() {
        let text =
            format!("{HEADER}\nC1,A,4,2027-03-01,2027-02-26,09:00,10:30,in_person,T1,true\n");
        let (rows, v) = reviews(text.as_bytes());
        assert!(v.is_empty(), "{v:?}");
        let [ReviewEntry::Held(r)] = rows.as_slice() else {
            panic!("one held review expected");
        };
        assert_eq!(r.chair.as_deref(), Some("A"));
        assert_eq!((r.cover, r.reason, r.action.as_str()), (None, None, ""));
    }

    #[test]
    fn cover_columns_are_read() {
        let text = format!(
            "{HEADER},chair_iro_id,cover,reason,action\n\
             C1,A,4,2027-03-01,2027-02-26,09:00,10:30,in_person,T1,true,B,colleague,absence,ask B\n\
             C2,A,2,2027-03-01,2027-02-26,11:00,12:30,virtual,,true,,agency,,\n"
        );
        let (rows, v) = reviews(text.as_bytes());
        assert!(v.is_empty(), "{v:?}");
        let [ReviewEntry::Held(a), ReviewEntry::Held(b)] = rows.as_slice() else {
            panic!("two held reviews expected");
        };
        assert_eq!(a.chair.as_deref(), Some("B"));
        assert_eq!(a.cover, Some(Cover::Colleague));
        assert_eq!(a.reason, Some(Reason::Absence));
        assert_eq!(a.action, "ask B");
        assert_eq!((b.chair.as_deref(), b.cover), (None, Some(Cover::Agency)));
    }

    #[test]
    fn an_unknown_reason_code_is_reported() {
        let text = format!(
            "{HEADER},reason\nC1,A,4,2027-03-01,2027-03-02,09:00,10:30,in_person,T1,false,busy\n"
        );
        let (rows, v) = reviews(text.as_bytes());
        assert!(rows.is_empty());
        assert_eq!(
            v,
            vec![
                "reviews.csv:2: reason: 'busy' cannot be read (expected capacity, absence, \
                 overdue_at_start, reach, booking or availability)"
            ]
        );
    }

    #[test]
    fn a_row_without_a_date_is_unscheduled() {
        let text = format!("{HEADER},reason\nC1,A,4,2027-03-01,,,,,,false,capacity\n");
        let (rows, v) = reviews(text.as_bytes());
        assert!(v.is_empty(), "{v:?}");
        let [ReviewEntry::Unscheduled(u)] = rows.as_slice() else {
            panic!("one unscheduled review expected");
        };
        assert_eq!((u.review_number, u.reason), (4, Some(Reason::Capacity)));
    }

    #[test]
    fn an_unscheduled_row_with_a_time_or_trip() {
        let text = format!("{HEADER},reason\nC1,A,4,2027-03-01,,09:00,,,T1,false,capacity\n");
        let (_, v) = reviews(text.as_bytes());
        assert_eq!(
            v,
            vec![
                "reviews.csv:2: child C1 review 4 has no date but start '09:00' (an unscheduled \
                 review leaves date, start, end, mode and trip_id empty)",
                "reviews.csv:2: child C1 review 4 has no date but trip_id 'T1' (an unscheduled \
                 review leaves date, start, end, mode and trip_id empty)"
            ]
        );
    }

    #[test]
    fn iso_weeks() {
        let w: IsoWeek = "2027-W08".parse().expect("week");
        assert_eq!(w.monday().to_string(), "2027-02-22");
        assert_eq!(w.to_string(), "2027-W08");
        // 1 Jan 2027 is a Friday of 2026's week 53.
        let first = IsoWeek::of("2027-01-01".parse().expect("date"));
        assert_eq!(first.to_string(), "2026-W53");
        assert_eq!(first.monday().to_string(), "2026-12-28");
        assert!("2027-W54".parse::<IsoWeek>().is_err());
        assert!("2027-08".parse::<IsoWeek>().is_err());
    }

    #[test]
    fn times_parse_to_minutes() {
        assert_eq!("09:30".parse::<Hm>(), Ok(Hm(570)));
        assert!("25:00".parse::<Hm>().is_err());
        assert_eq!(Hm(570).to_string(), "09:30");
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let t = Table::parse("reviews.csv", &bytes);
            let mut f = Findings::default();
            let _ = t.rows(&mut f, |r, f| {
                let _ = r.parse::<Hm>("start", "a time", f);
                r.parse::<NaiveDate>("date", "a date", f)
            });
        }
    }
}
