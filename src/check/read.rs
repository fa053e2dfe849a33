//! Reading a written plan from its files (the output contract, DESIGN.md §4), by column name.
//!
//! A missing file is an error (there is nothing to check); a missing column or an unparsable
//! value is a violation of the contract, reported with `file:line: column:` and the row is left
//! out of the other checks (so one bad cell does not cascade into dozens of findings).

use std::collections::HashMap;
use std::fmt::Display;
use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
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
}

impl FromStr for Kind {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        match s {
            "base" => Ok(Kind::Base),
            "review" => Ok(Kind::Review),
            "hotel" => Ok(Kind::Hotel),
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

/// A row of `reviews.csv`.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub line: usize,
    pub child_id: String,
    pub iro_id: String,
    pub review_number: u32,
    pub due_date: NaiveDate,
    pub date: NaiveDate,
    pub start: Hm,
    pub end: Hm,
    pub mode: Mode,
    pub trip_id: Option<String>,
    pub on_time: bool,
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
}

/// Every file of a written plan.
#[derive(Debug, Clone, Default)]
pub struct PlanFiles {
    pub allocation: Vec<AllocRow>,
    pub reviews: Vec<ReviewRow>,
    pub trips: Vec<TripRow>,
    pub stops: Vec<StopRow>,
    pub caseloads: Vec<CaseloadRow>,
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
    let reviews = Table::read(dir, "reviews.csv")?.rows(findings, |r, f| {
        let trip = r.text("trip_id", f)?;
        Some(ReviewRow {
            line: r.line,
            child_id: r.text("child_id", f)?.to_string(),
            iro_id: r.text("iro_id", f)?.to_string(),
            review_number: r.parse("review_number", "a review number", f)?,
            due_date: r.parse("due_date", "a date YYYY-MM-DD", f)?,
            date: r.parse("date", "a date YYYY-MM-DD", f)?,
            start: r.parse("start", "a time HH:MM", f)?,
            end: r.parse("end", "a time HH:MM", f)?,
            mode: r.parse("mode", "in_person or virtual", f)?,
            trip_id: (!trip.is_empty()).then(|| trip.to_string()),
            on_time: r.parse("on_time", "true or false", f)?,
        })
    });
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
            kind: r.parse("kind", "base, review or hotel", f)?,
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
        trips,
        stops,
        caseloads,
        summary,
    })
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
