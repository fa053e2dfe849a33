//! A user travel matrix: measured road miles and hours between locations, overriding the model.
//!
//! The CSV has a header row and either the columns `from,to,miles,hours` (from/to: anything
//! [`Gazetteer::resolve`] accepts, or a point written `lat lon`, `lat;lon` or `lat,lon`) or the
//! columns `from_lat,from_lon,to_lat,to_lon,miles,hours`. Other columns are ignored; a UTF-8 BOM
//! and CRLF line endings are accepted. Every bad row is reported, not only the first.
//!
//! Entries are keyed by their two points rounded to 1e-4° (about 11 m north–south), so a leg is
//! found whether its end was typed as `DT1 1XJ` or as the sector's coordinates. A pair listed one
//! way is used both ways unless the reverse is listed too.
//!
//! # Units
//! Statute miles and hours.

use std::collections::HashMap;
use std::path::Path;

use crate::domain::LatLon;
use crate::error::InputError;

use super::gazetteer::Gazetteer;
use super::regions::Region;
use super::travel::Leg;

/// Points are keyed in units of 1e-4° of latitude and longitude.
const KEY_SCALE: f64 = 1e4;

/// A point rounded to 1e-4°.
type Key = (i32, i32);

fn key(p: LatLon) -> Key {
    // |lat| ≤ 90, |lon| ≤ 180: at most 1.8e6, well inside i32.
    (
        (p.lat() * KEY_SCALE).round() as i32,
        (p.lon() * KEY_SCALE).round() as i32,
    )
}

/// A user travel matrix: road miles and hours between named locations, overriding the model;
/// and the placements across the sea, whose journeys are a crossing ([`with_crossings`]).
#[derive(Debug, Clone, Default)]
pub struct TravelMatrix {
    legs: HashMap<(Key, Key), Leg>,
    /// Points across the sea, with their region.
    across_sea: HashMap<Key, Region>,
    /// The journey between two regions across the sea (`crossings` in config).
    crossing: Leg,
}

const EXPECTED_PLACE: &str = "a postcode, postcode district, place name, or 'lat lon'";
const EXPECTED_COLUMNS: &str =
    "columns from,to,miles,hours or from_lat,from_lon,to_lat,to_lon,miles,hours";

/// How the rows name their two ends.
enum Ends {
    Named { from: usize, to: usize },
    Coords([usize; 4]),
}

impl TravelMatrix {
    /// An empty matrix (the model applies everywhere).
    pub fn new() -> TravelMatrix {
        TravelMatrix::default()
    }

    /// Number of listed (directed) pairs.
    pub fn len(&self) -> usize {
        self.legs.len()
    }

    /// True if nothing is listed and no point is across the sea.
    pub fn is_empty(&self) -> bool {
        self.legs.is_empty() && self.across_sea.is_empty()
    }

    /// The crossing leg between `a` and `b` if they lie in different regions and one of them
    /// is across the sea (a point not registered is on Great Britain's mainland).
    pub fn crossing(&self, a: LatLon, b: LatLon) -> Option<Leg> {
        if self.across_sea.is_empty() {
            return None;
        }
        let (ra, rb) = (self.across_sea.get(&key(a)), self.across_sea.get(&key(b)));
        match (ra, rb) {
            (None, None) => None,
            (Some(x), Some(y)) if x == y => None,
            _ => Some(self.crossing),
        }
    }

    /// Lists the leg from `from` to `to` (replacing any listed before).
    pub fn insert(&mut self, from: LatLon, to: LatLon, leg: Leg) {
        self.legs.insert((key(from), key(to)), leg);
    }

    /// Reads `from,to,miles,hours` (from/to: anything [`Gazetteer::resolve`] accepts, or
    /// `lat lon`); pairs are matched by location rounded to 1e-4°, and used both ways unless the
    /// reverse pair is listed too.
    ///
    /// # Errors
    /// Every bad row, as [`InputError`]s: an unreadable or empty file, a missing column, an
    /// unknown place, bad coordinates, a negative or non-numeric figure, a pair listed twice.
    pub fn from_csv(path: &Path, gazetteer: &Gazetteer) -> Result<TravelMatrix, Vec<InputError>> {
        let bytes = std::fs::read(path)
            .map_err(|e| vec![InputError::file(path, format!("cannot read the file: {e}"))])?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            vec![InputError {
                file: path.to_path_buf(),
                line: Some(line),
                column: None,
                problem: "not UTF-8 text".into(),
                expected: Some("UTF-8 text (Excel: Save As > CSV UTF-8)".into()),
            }]
        })?;
        TravelMatrix::from_csv_str(&text, path, gazetteer)
    }

    /// As [`TravelMatrix::from_csv`], from text already read (`path` is for messages).
    ///
    /// # Errors
    /// As [`TravelMatrix::from_csv`].
    pub fn from_csv_str(
        text: &str,
        path: &Path,
        gazetteer: &Gazetteer,
    ) -> Result<TravelMatrix, Vec<InputError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(vec![
                InputError::file(path, "empty file").with_expected(EXPECTED_COLUMNS),
            ]);
        }
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.to_ascii_lowercase()).collect(),
            Err(e) => return Err(vec![InputError::file(path, format!("bad header row: {e}"))]),
        };
        let col = |name: &str| headers.iter().position(|h| h == name);
        let mut errors = Vec::new();
        let ends = match (col("from"), col("to")) {
            (Some(from), Some(to)) => Some(Ends::Named { from, to }),
            _ => {
                let cols = ["from_lat", "from_lon", "to_lat", "to_lon"].map(col);
                if let [Some(a), Some(b), Some(c), Some(d)] = cols {
                    Some(Ends::Coords([a, b, c, d]))
                } else {
                    for name in ["from", "to"] {
                        if col(name).is_none() {
                            errors.push(missing_column(path, name));
                        }
                    }
                    None
                }
            }
        };
        let miles_col = col("miles");
        let hours_col = col("hours");
        for (name, c) in [("miles", miles_col), ("hours", hours_col)] {
            if c.is_none() {
                errors.push(missing_column(path, name));
            }
        }
        let (Some(ends), Some(miles_col), Some(hours_col)) = (ends, miles_col, hours_col) else {
            return Err(errors);
        };

        let mut matrix = TravelMatrix::new();
        let mut first_line: HashMap<(Key, Key), usize> = HashMap::new();
        for (n, record) in reader.records().enumerate() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(n + 2, |p| p.line() as usize);
                    errors.push(InputError {
                        file: path.to_path_buf(),
                        line: Some(line),
                        column: None,
                        problem: format!("unreadable row: {e}"),
                        expected: None,
                    });
                    continue;
                }
            };
            let line = record.position().map_or(n + 2, |p| p.line() as usize);
            if record.iter().all(str::is_empty) {
                continue;
            }
            let field = |i: usize| record.get(i).unwrap_or("");
            let before = errors.len();
            let (from, to) = match &ends {
                Ends::Named { from, to } => (
                    place(
                        path,
                        line,
                        &headers[*from],
                        field(*from),
                        gazetteer,
                        &mut errors,
                    ),
                    place(
                        path,
                        line,
                        &headers[*to],
                        field(*to),
                        gazetteer,
                        &mut errors,
                    ),
                ),
                Ends::Coords([a, b, c, d]) => (
                    point_columns(path, line, &headers, [*a, *b], &record, &mut errors),
                    point_columns(path, line, &headers, [*c, *d], &record, &mut errors),
                ),
            };
            let miles = figure(path, line, "miles", field(miles_col), "miles", &mut errors);
            let hours = figure(path, line, "hours", field(hours_col), "hours", &mut errors);
            if errors.len() > before {
                continue;
            }
            let (Some(from), Some(to), Some(miles), Some(hours)) = (from, to, miles, hours) else {
                continue;
            };
            let k = (key(from), key(to));
            if let Some(first) = first_line.get(&k) {
                errors.push(InputError::at(
                    path,
                    line,
                    "to",
                    format!(
                        "the pair {} → {} is listed twice",
                        field_text(&ends, &record, 0),
                        field_text(&ends, &record, 1)
                    ),
                    format!("each pair once (first listed on line {first})"),
                ));
                continue;
            }
            first_line.insert(k, line);
            matrix.legs.insert(k, Leg { miles, hours });
        }
        if errors.is_empty() {
            Ok(matrix)
        } else {
            Err(errors)
        }
    }

    /// The listed leg between two points, if any: `from → to` as listed, else `to → from`.
    pub fn get(&self, from: LatLon, to: LatLon) -> Option<Leg> {
        let (a, b) = (key(from), key(to));
        self.legs
            .get(&(a, b))
            .or_else(|| self.legs.get(&(b, a)))
            .copied()
    }
}

/// Registers the placements and bases across the sea (Northern Ireland, the islands: see
/// [`Gazetteer::region`]) so that a journey to or from them is the configured crossing, not a
/// drive. `points` are (point, the text it was written as). Returns `matrix` unchanged when no
/// point is across the sea.
pub fn with_crossings<'a>(
    matrix: Option<TravelMatrix>,
    points: impl IntoIterator<Item = (LatLon, &'a str)>,
    crossings: &crate::config::Crossings,
    gazetteer: &Gazetteer,
) -> Option<TravelMatrix> {
    let mut across = HashMap::new();
    for (p, label) in points {
        if let std::collections::hash_map::Entry::Vacant(e) = across.entry(key(p)) {
            e.insert(gazetteer.region(p, label));
        }
    }
    across.retain(|_, r: &mut Region| r.across_sea());
    if across.is_empty() {
        return matrix;
    }
    let mut m = matrix.unwrap_or_default();
    m.across_sea = across;
    m.crossing = Leg {
        miles: crossings.car_miles_each_way,
        hours: crossings.hours_each_way,
    };
    Some(m)
}

fn missing_column(path: &Path, name: &str) -> InputError {
    InputError::file(path, format!("missing column '{name}'"))
        .with_column(name)
        .with_expected(EXPECTED_COLUMNS)
}

/// The text of one end of a row, for messages.
fn field_text(ends: &Ends, record: &csv::StringRecord, which: usize) -> String {
    match ends {
        Ends::Named { from, to } => record
            .get(if which == 0 { *from } else { *to })
            .unwrap_or("")
            .to_string(),
        Ends::Coords(c) => {
            let (a, b) = if which == 0 {
                (c[0], c[1])
            } else {
                (c[2], c[3])
            };
            format!(
                "{} {}",
                record.get(a).unwrap_or(""),
                record.get(b).unwrap_or("")
            )
        }
    }
}

/// `lat lon`, `lat;lon` or `lat,lon`: `None` if the text is not two numbers.
fn coordinates(text: &str) -> Option<(f64, f64)> {
    let parts: Vec<&str> = text
        .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [a, b] => Some((a.parse().ok()?, b.parse().ok()?)),
        _ => None,
    }
}

fn place(
    path: &Path,
    line: usize,
    column: &str,
    text: &str,
    gazetteer: &Gazetteer,
    errors: &mut Vec<InputError>,
) -> Option<LatLon> {
    if text.is_empty() {
        errors.push(InputError::at(
            path,
            line,
            column,
            "missing value",
            EXPECTED_PLACE,
        ));
        return None;
    }
    if let Some((lat, lon)) = coordinates(text) {
        let p = LatLon::new(lat, lon);
        if p.is_none() {
            errors.push(InputError::at(
                path,
                line,
                column,
                format!("coordinates '{text}' out of range"),
                "latitude −90 to 90 and longitude −180 to 180, in degrees",
            ));
        }
        return p;
    }
    match gazetteer.resolve(text) {
        Ok(r) => Some(r.point),
        Err(e) => {
            errors.push(InputError::at(
                path,
                line,
                column,
                e.to_string(),
                EXPECTED_PLACE,
            ));
            None
        }
    }
}

fn point_columns(
    path: &Path,
    line: usize,
    headers: &[String],
    [lat_col, lon_col]: [usize; 2],
    record: &csv::StringRecord,
    errors: &mut Vec<InputError>,
) -> Option<LatLon> {
    let mut degrees = |c: usize, range: f64| -> Option<f64> {
        let text = record.get(c).unwrap_or("");
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= range => Some(v),
            _ => {
                errors.push(InputError::at(
                    path,
                    line,
                    &headers[c],
                    format!("invalid coordinate '{text}'"),
                    format!("degrees between −{range} and {range}"),
                ));
                None
            }
        }
    };
    let lat = degrees(lat_col, 90.0);
    let lon = degrees(lon_col, 180.0);
    LatLon::new(lat?, lon?)
}

fn figure(
    path: &Path,
    line: usize,
    column: &str,
    text: &str,
    unit: &str,
    errors: &mut Vec<InputError>,
) -> Option<f64> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
        _ => {
            let problem = if text.is_empty() {
                "missing value".to_string()
            } else {
                format!("invalid value '{text}'")
            };
            errors.push(InputError::at(
                path,
                line,
                column,
                problem,
                format!("a non-negative number of {unit}"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::bundled()
    }

    fn read(text: &str) -> Result<TravelMatrix, Vec<InputError>> {
        TravelMatrix::from_csv_str(text, Path::new("matrix.csv"), g())
    }

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("valid test point")
    }

    #[test]
    fn named_and_coordinate_ends_both_directions() {
        let m = read(
            "\u{feff}from,to,miles,hours,note\r\nDT1 1XJ,Birmingham,150.5,3.1,x\r\n50.5 -2.5,51;-2,10,0.5,\r\n",
        )
        .expect("valid matrix");
        assert_eq!(m.len(), 2);
        let dt1 = g().resolve("DT1 1").expect("sector").point;
        let brum = g().resolve("Birmingham").expect("place").point;
        let leg = Leg {
            miles: 150.5,
            hours: 3.1,
        };
        assert_eq!(m.get(dt1, brum), Some(leg));
        assert_eq!(m.get(brum, dt1), Some(leg), "reverse used when not listed");
        assert_eq!(
            m.get(p(50.50004, -2.5), p(51.0, -2.0)).map(|l| l.miles),
            Some(10.0)
        );
        assert_eq!(m.get(p(50.5002, -2.5), p(51.0, -2.0)), None);
    }

    #[test]
    fn listed_reverse_wins_over_mirror() {
        let m = read("from,to,miles,hours\n50 -2,51 -2,80,2\n51 -2,50 -2,90,2.5\n").expect("ok");
        assert_eq!(
            m.get(p(50.0, -2.0), p(51.0, -2.0)).map(|l| l.miles),
            Some(80.0)
        );
        assert_eq!(
            m.get(p(51.0, -2.0), p(50.0, -2.0)).map(|l| l.miles),
            Some(90.0)
        );
    }

    #[test]
    fn coordinate_columns_form() {
        let m =
            read("from_lat,from_lon,to_lat,to_lon,miles,hours\n50,-2,51,-2,80,2\n").expect("ok");
        assert_eq!(
            m.get(p(51.0, -2.0), p(50.0, -2.0)).map(|l| l.hours),
            Some(2.0)
        );
    }

    #[test]
    fn every_bad_row_is_reported() {
        let errs = read(
            "from,to,miles,hours\n\
             Dorchestr,B1,10,1\n\
             DT1,B1,-3,1\n\
             DT1,B1,ten,\n\
             95 0,B1,1,1\n\
             DT1,B1,1,1\n\
             B1,DT1,1,1\n\
             DT1,B1,2,2\n",
        )
        .unwrap_err();
        let summary: Vec<(Option<usize>, Option<&str>)> =
            errs.iter().map(|e| (e.line, e.column.as_deref())).collect();
        assert_eq!(
            summary,
            vec![
                (Some(2), Some("from")),
                (Some(3), Some("miles")),
                (Some(4), Some("miles")),
                (Some(4), Some("hours")),
                (Some(5), Some("from")),
                (Some(8), Some("to")),
            ]
        );
        assert!(
            errs[0].to_string().contains("did you mean Dorchester"),
            "{}",
            errs[0]
        );
        assert!(
            errs[5].to_string().contains("first listed on line 6"),
            "{}",
            errs[5]
        );
    }

    #[test]
    fn missing_columns_and_empty_files() {
        let errs = read("from,miles\nDT1,1\n").unwrap_err();
        let cols: Vec<_> = errs.iter().map(|e| e.column.clone()).collect();
        assert_eq!(cols, vec![Some("to".into()), Some("hours".into())]);
        assert!(errs.iter().all(|e| e.line.is_none()));
        assert_eq!(read("").unwrap_err().len(), 1);
        assert_eq!(read("\u{feff}\r\n").unwrap_err().len(), 1);
        assert!(
            read("from,to,miles,hours\n")
                .expect("header only")
                .is_empty()
        );
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.csv");
        std::fs::write(
            &path,
            b"from,to,miles,hours\nDT1,DT4,9,0.4\nYnys M\xf4n,DT4,9,1\n",
        )
        .expect("write");
        let errs = TravelMatrix::from_csv(&path, g()).unwrap_err();
        assert_eq!(errs[0].line, Some(3), "{errs:?}");
        assert!(!errs[0].problem.contains("byte"), "{}", errs[0]);
    }

    #[test]
    fn a_point_across_the_sea_is_reached_by_the_crossing() {
        let belfast = g().resolve("BT1").expect("BT1").point;
        let dorchester = g().resolve("DT1 1").expect("DT1 1").point;
        let lisburn = g().resolve("BT28").expect("BT28").point;
        let c = crate::config::Crossings::default();
        let m = with_crossings(
            None,
            [(belfast, "BT1"), (dorchester, "DT1 1"), (lisburn, "BT28")],
            &c,
            g(),
        )
        .expect("a crossing");
        let leg = m.crossing(dorchester, belfast).expect("crosses");
        assert_eq!(
            (leg.miles, leg.hours),
            (c.car_miles_each_way, c.hours_each_way)
        );
        assert_eq!(m.crossing(belfast, lisburn), None, "same region: by road");
        assert!(with_crossings(None, [(dorchester, "DT1 1")], &c, g()).is_none());
    }

    #[test]
    fn file_reading() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("m.csv");
        std::fs::write(&path, "from,to,miles,hours\nDT1,DT4,9,0.4\n").expect("write");
        let m = TravelMatrix::from_csv(&path, g()).expect("ok");
        assert_eq!(m.len(), 1);
        let errs = TravelMatrix::from_csv(&dir.path().join("absent.csv"), g()).unwrap_err();
        assert_eq!(errs[0].file, dir.path().join("absent.csv"));
    }
}
