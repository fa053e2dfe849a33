//! The gazetteer: postcode sectors, districts and places of the United Kingdom, and
//! [`Gazetteer::resolve`], which turns what a user typed into a point.
//!
//! # Resolution rules
//! Text is trimmed. If it looks like a postcode (letters and digits, starting with a letter,
//! containing a digit; case and spacing forgiven — see `postcode`):
//! - a full postcode (`DT1 1XJ`) → its sector's centroid (`DT1 1`), else its district's (`DT1`);
//! - a sector (`DT1 1`) → the sector, else its district;
//! - an outward code (`DT1`, `B1`) → the district (OS Code-Point Open; Northern Ireland, Isle of
//!   Man and Channel Islands from the GeoNames fallback file), else its sector reading (`SP84` →
//!   `SP8 4`);
//! - otherwise [`ResolveError::Unknown`] (kind `postcode`, `postcode sector` or
//!   `postcode district`) suggesting known districts within one edit (Levenshtein 1966).
//!
//! Anything else is a place name, compared after normalising case, hyphens and full stops:
//! 1. the checked places of `key_places.csv` first, by name or by an alias of a named office
//!    (`County Hall, Dorchester` for "Dorset Council, County Hall, Colliton Park, Dorchester");
//! 2. common short names (`Newcastle` → Newcastle upon Tyne, `Hull`, `Wimborne`, `Blandford`;
//!    the table is `names::ALIASES`);
//! 3. the places of `gb_places.csv` (GeoNames, population ≥ 1,000) with exactly that name.
//!    Same-named places in one county are one place: the most populous wins. Same-named places
//!    in **different counties** are ambiguous ([`ResolveError::Ambiguous`], listing qualified
//!    names such as `Gillingham, Dorset` / `Gillingham, Medway`) — unless the most populous is
//!    at least [`DOMINANT_POPULATION_RATIO`] (20) times as populous as the most populous one in
//!    any other county, in which case it is what anyone means (`Birmingham`, `London`): that
//!    place is returned;
//! 4. a qualified name, `Name, County` or `Name (County)`: the places of that name whose county
//!    matches (GeoNames admin2, its ceremonial county such as Kent for Medway, or the country;
//!    see `names`), then rule 3 among them;
//! 5. otherwise [`ResolveError::Unknown`] (kind `place name`) with up to three suggestions, the
//!    most similar names by Jaro-Winkler similarity (Winkler 1990) of at least
//!    [`SUGGESTION_MIN_SIMILARITY`].
//!
//! Places outside the UK box ([`LatLon::in_uk_box`]; GeoNames lists Dhekelia, Cyprus) are left
//! out. One county is corrected from the notes of `key_places.csv`: Wimborne Minster lies in the
//! Dorset Council area, not Bournemouth, Christchurch and Poole as GeoNames says.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::domain::LatLon;

use super::index::PointIndex;
use super::names::{self, normalise};
use super::postcode::{self, PostcodeText};

const SECTORS_CSV: &str = include_str!("../../data/geo/uk_postcode_sectors.csv");
const DISTRICTS_CSV: &str = include_str!("../../data/geo/uk_postcode_districts.csv");
const OUTCODES_CSV: &str = include_str!("../../data/geo/uk_outcodes_with_fallback.csv");
const PLACES_CSV: &str = include_str!("../../data/geo/gb_places.csv");
const KEY_PLACES_CSV: &str = include_str!("../../data/geo/key_places.csv");

/// A place at least this many times as populous as every same-named place in other counties is
/// what a bare name means (Birmingham, 1.16 M, against a hamlet); below it the name is ambiguous
/// (Gillingham, Medway 101 k against Gillingham, Dorset 8.8 k: 11×).
pub const DOMINANT_POPULATION_RATIO: u64 = 20;

/// The least Jaro-Winkler similarity for a place name to be suggested.
pub const SUGGESTION_MIN_SIMILARITY: f64 = 0.8;

/// How many suggestions an unknown name gets.
const MAX_SUGGESTIONS: usize = 3;

/// Names longer than this (in bytes, normalised) get no suggestions: the longest place name of
/// the gazetteer is under 40 characters, and comparing a runaway cell (a whole line pasted
/// into one field) with every name would take seconds per cell.
pub const MAX_SUGGESTION_TEXT: usize = 64;

/// County corrections by GeoNames id, from the notes of `key_places.csv`.
const COUNTY_CORRECTIONS: &[(u64, &str)] = &[
    // "GeoNames admin2 says BCP; actually Dorset Council area".
    (2633863, "Dorset"),
];

/// Words naming the building of an office; `Devon County Hall, Exeter` is also reached as
/// `County Hall, Exeter`.
const BUILDINGS: &[&str] = &["County Hall", "Civic Centre", "Town Hall"];

/// How precisely a placement was located.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// Lat/lon given directly.
    Exact,
    /// Postcode sector centroid (a full postcode resolves to its sector).
    Sector,
    /// Postcode district centroid.
    District,
    /// Town or city point from the gazetteer.
    Place,
}

/// A resolved location.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The point used for travel.
    pub point: LatLon,
    /// How it was found.
    pub precision: Precision,
    /// Canonical label (e.g. `DT1 1`, `Birmingham`, `Gillingham, Dorset`).
    pub label: String,
}

/// Why a placement or base could not be resolved. `Display` gives the message with suggestions.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    /// Not a known postcode, sector, district or place.
    #[error("unknown {kind} '{}'{}", clip(.text), suggest(.suggestions))]
    Unknown {
        /// What the text looked like: "postcode", "postcode sector", "postcode district",
        /// "place name".
        kind: &'static str,
        /// The text given.
        text: String,
        /// Closest known names.
        suggestions: Vec<String>,
    },
    /// A place name shared by several places; needs a county qualifier.
    #[error("place name '{}' is ambiguous: add a county, e.g. {}", clip(.text), .options.join(" or "))]
    Ambiguous {
        /// The text given.
        text: String,
        /// Qualified names that would resolve, e.g. `Gillingham, Dorset`.
        options: Vec<String>,
    },
}

/// The text of a message: at most 60 characters.
fn clip(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(60).collect::<String>())
    }
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", s.join(", "))
    }
}

/// A postcode sector centroid (OS Code-Point Open).
#[derive(Debug, Clone, PartialEq)]
pub struct Sector {
    /// Sector code, e.g. `DT1 1`.
    pub code: String,
    /// Centroid.
    pub point: LatLon,
    /// Postcode units in the sector (a proxy for population).
    pub postcode_units: u32,
    /// ONS code of the local authority holding most of its postcodes (e.g. `E06000059`, Dorset).
    pub la_code: String,
    /// `England`, `Wales`, `Scotland`.
    pub country: String,
}

/// A town or city (GeoNames cities1000).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Name, e.g. `Birmingham`.
    pub name: String,
    /// Point.
    pub point: LatLon,
    /// Population.
    pub population: u64,
    /// County or unitary authority (GeoNames admin2).
    pub county: String,
    /// `ENG`, `WLS`, `SCT`, `NIR`.
    pub country_part: String,
}

/// A postcode district centroid.
#[derive(Debug, Clone)]
struct District {
    point: LatLon,
}

/// A checked place of `key_places.csv`.
#[derive(Debug, Clone)]
struct KeyPlace {
    name: String,
    point: LatLon,
}

/// Postcode sectors, districts and places of Great Britain (bundled data, OGL / CC BY 4.0).
#[derive(Debug)]
pub struct Gazetteer {
    sectors: Vec<Sector>,
    sector_index: HashMap<String, usize>,
    districts: HashMap<String, District>,
    /// Every district code, sorted (for suggestions).
    district_codes: Vec<String>,
    places: Vec<Place>,
    /// Normalised name → places of that name, most populous first.
    place_names: HashMap<String, Vec<usize>>,
    key_places: Vec<KeyPlace>,
    /// Normalised name or office alias → key place.
    key_names: HashMap<String, usize>,
    /// (normalised, display, population) of every distinct name, for suggestions.
    suggestion_pool: Vec<(String, String, u64)>,
    /// Spatial index over sector centroids, built on first use.
    sector_index_spatial: OnceLock<PointIndex>,
    /// Spatial index over towns (places of at least [`TOWN_POPULATION`]) and their place
    /// indices, built on first use.
    town_index: OnceLock<(PointIndex, Vec<usize>)>,
}

/// The population from which a place names the towns placements are described by ("near
/// Wrexham", the "Rhyl / Prestatyn" area): small enough for market towns, large enough that a
/// village does not name a county's children.
pub const TOWN_POPULATION: u64 = 10_000;

/// One row of a bundled CSV file: its fields, trimmed and unquoted.
type Row = Vec<Cow<'static, str>>;

/// A bundled CSV table's rows with a column look-up by header name.
///
/// The bundled files are plain RFC 4180 CSV without line breaks inside fields, so a small
/// splitter that borrows from the compiled-in text does; the `csv` crate's owned records made
/// parsing several times slower, and parsing happens on every start.
struct Table {
    /// Column names in order (a linear search of a dozen short names beats hashing).
    headers: Vec<&'static str>,
    rows: Vec<Row>,
}

/// Splits one line into fields; a quoted field may hold commas and doubled quotes.
fn split_line(line: &'static str) -> Row {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        let field;
        if let Some(quoted) = rest.trim_start().strip_prefix('"') {
            // The closing quote is a quote not followed by another quote.
            let bytes = quoted.as_bytes();
            let mut i = 0;
            let mut doubled = false;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        doubled = true;
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            let inner = &quoted[..i.min(quoted.len())];
            field = if doubled {
                Cow::Owned(inner.replace("\"\"", "\""))
            } else {
                Cow::Borrowed(inner)
            };
            let after = &quoted[(i + 1).min(quoted.len())..];
            rest = after.find(',').map_or("", |c| &after[c..]);
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            field = Cow::Borrowed(rest[..end].trim());
            rest = &rest[end..];
        }
        fields.push(field);
        match rest.strip_prefix(',') {
            Some(r) => rest = r,
            None => return fields,
        }
    }
}

impl Table {
    fn parse(text: &'static str) -> Table {
        let mut lines = text
            .strip_prefix('\u{feff}')
            .unwrap_or(text)
            .lines()
            .filter(|l| !l.trim().is_empty());
        let headers = lines
            .next()
            .map(|h| h.split(',').map(str::trim).collect())
            .unwrap_or_default();
        let rows = lines.map(split_line).collect();
        Table { headers, rows }
    }

    fn get<'a>(&self, row: &'a Row, column: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .position(|h| *h == column)
            .and_then(|i| row.get(i))
            .map(|f| f.as_ref())
    }

    fn point(&self, row: &Row) -> Option<LatLon> {
        let lat = self.get(row, "latitude")?.parse().ok()?;
        let lon = self.get(row, "longitude")?.parse().ok()?;
        LatLon::new(lat, lon)
    }
}

impl Gazetteer {
    /// The gazetteer built from the data compiled into the binary (`data/geo`), parsed once.
    pub fn bundled() -> &'static Gazetteer {
        static BUNDLED: OnceLock<Gazetteer> = OnceLock::new();
        BUNDLED.get_or_init(|| Gazetteer::parse_bundled().0)
    }

    /// The gazetteer and the number of rows that could not be read (zero for the shipped data,
    /// which a test checks; a bad row is skipped rather than a panic).
    fn parse_bundled() -> (Gazetteer, usize) {
        let mut skipped = 0;

        let table = Table::parse(SECTORS_CSV);
        let mut sectors = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let sector = (|| {
                Some(Sector {
                    code: table.get(row, "sector")?.to_string(),
                    point: table.point(row)?,
                    postcode_units: table.get(row, "postcode_units")?.parse().ok()?,
                    la_code: table.get(row, "main_la_code")?.to_string(),
                    country: table.get(row, "country")?.to_string(),
                })
            })();
            match sector {
                Some(s) => sectors.push(s),
                None => skipped += 1,
            }
        }
        let sector_index = sectors
            .iter()
            .enumerate()
            .map(|(i, s)| (s.code.clone(), i))
            .collect();

        let mut districts = HashMap::new();
        // Code-Point Open first; the fallback file only fills districts it lacks (BT, IM, JE, GY).
        for text in [DISTRICTS_CSV, OUTCODES_CSV] {
            let table = Table::parse(text);
            for row in &table.rows {
                match (table.get(row, "outcode"), table.point(row)) {
                    (Some(code), Some(point)) => {
                        districts
                            .entry(code.to_string())
                            .or_insert(District { point });
                    }
                    _ => skipped += 1,
                }
            }
        }
        let mut district_codes: Vec<String> = districts.keys().cloned().collect();
        district_codes.sort();

        let table = Table::parse(PLACES_CSV);
        let mut places = Vec::with_capacity(table.rows.len());
        for row in &table.rows {
            let place = (|| {
                let id: u64 = table.get(row, "geonameid")?.parse().ok()?;
                let county = COUNTY_CORRECTIONS
                    .iter()
                    .find(|(cid, _)| *cid == id)
                    .map(|(_, c)| *c)
                    .or(table.get(row, "admin2"))?;
                Some(Place {
                    name: table.get(row, "name")?.to_string(),
                    point: table.point(row)?,
                    population: table.get(row, "population")?.parse().ok()?,
                    county: county.to_string(),
                    country_part: table.get(row, "country_part")?.to_string(),
                })
            })();
            match place {
                Some(p) if p.point.in_uk_box() => places.push(p),
                Some(_) => {}
                None => skipped += 1,
            }
        }
        let mut place_names: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            place_names.entry(normalise(&p.name)).or_default().push(i);
        }
        for ids in place_names.values_mut() {
            // Most populous first; file order breaks ties, so the choice is deterministic.
            ids.sort_by_key(|&i| (std::cmp::Reverse(places[i].population), i));
        }

        let table = Table::parse(KEY_PLACES_CSV);
        let mut key_places = Vec::new();
        for row in &table.rows {
            match (table.get(row, "place"), table.point(row)) {
                (Some(name), Some(point)) => key_places.push(KeyPlace {
                    name: name.to_string(),
                    point,
                }),
                _ => skipped += 1,
            }
        }
        let key_names = key_place_names(&key_places);

        let mut suggestion_pool: Vec<(String, String, u64)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for k in &key_places {
            if seen.insert(normalise(&k.name)) {
                suggestion_pool.push((normalise(&k.name), k.name.clone(), u64::MAX));
            }
        }
        for p in &places {
            if seen.insert(normalise(&p.name)) {
                suggestion_pool.push((normalise(&p.name), p.name.clone(), p.population));
            }
        }

        let gazetteer = Gazetteer {
            sectors,
            sector_index,
            districts,
            district_codes,
            places,
            place_names,
            key_places,
            key_names,
            suggestion_pool,
            sector_index_spatial: OnceLock::new(),
            town_index: OnceLock::new(),
        };
        (gazetteer, skipped)
    }

    /// Every postcode sector (for synthetic data and nearest-sector queries).
    pub fn sectors(&self) -> &[Sector] {
        &self.sectors
    }

    /// Every place of the gazetteer (towns and cities with population ≥ 1,000).
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The postcode sector whose centroid is nearest to `p`, with the great-circle miles to it
    /// (e.g. to find the local authority of a placement given as lat/lon). The index over the
    /// 10,847 centroids is built on the first call.
    ///
    /// # Example
    /// ```
    /// use iro_planner::domain::LatLon;
    /// use iro_planner::geo::Gazetteer;
    /// let g = Gazetteer::bundled();
    /// let (s, miles) = g.nearest_sector(LatLon::new(50.7135, -2.4352).unwrap()).unwrap();
    /// assert_eq!((s.code.as_str(), s.la_code.as_str()), ("DT1 1", "E06000059"));
    /// assert!(miles < 0.1);
    /// ```
    pub fn nearest_sector(&self, p: LatLon) -> Option<(&Sector, f64)> {
        let index = self.sector_index_spatial.get_or_init(|| {
            let points: Vec<LatLon> = self.sectors.iter().map(|s| s.point).collect();
            PointIndex::new(&points)
        });
        let &(i, miles) = index.nearest(p, 1).first()?;
        Some((&self.sectors[i], miles))
    }

    /// The town (a place of at least [`TOWN_POPULATION`]) nearest to `p`, with the
    /// great-circle miles to it: how a placement or a hotel is described to a person.
    ///
    /// # Example
    /// ```
    /// use iro_planner::domain::LatLon;
    /// use iro_planner::geo::Gazetteer;
    /// let g = Gazetteer::bundled();
    /// let (town, _) = g.nearest_town(LatLon::new(52.48, -1.90).unwrap()).unwrap();
    /// assert_eq!(town.name, "Birmingham");
    /// ```
    pub fn nearest_town(&self, p: LatLon) -> Option<(&Place, f64)> {
        let (index, ids) = self.town_index.get_or_init(|| self.build_town_index());
        let &(k, miles) = index.nearest(p, 1).first()?;
        Some((&self.places[ids[k]], miles))
    }

    /// The most populous town within `miles` of `p` (else the nearest town): the name people
    /// use for where `p` is ("Birmingham" for Acocks Green, "London" for Catford).
    pub fn principal_town(&self, p: LatLon, miles: f64) -> Option<&Place> {
        let (index, ids) = self.town_index.get_or_init(|| self.build_town_index());
        index
            .within(p, miles)
            .into_iter()
            .map(|(k, _)| &self.places[ids[k]])
            .max_by(|a, b| a.population.cmp(&b.population).then(b.name.cmp(&a.name)))
            .or_else(|| self.nearest_town(p).map(|(t, _)| t))
    }

    fn build_town_index(&self) -> (PointIndex, Vec<usize>) {
        let ids: Vec<usize> = (0..self.places.len())
            .filter(|&i| self.places[i].population >= TOWN_POPULATION)
            .collect();
        let points: Vec<LatLon> = ids.iter().map(|&i| self.places[i].point).collect();
        (PointIndex::new(&points), ids)
    }

    /// The centroid of a postcode district (`DT1`), if known.
    pub fn district(&self, code: &str) -> Option<LatLon> {
        self.districts
            .get(code.trim().to_ascii_uppercase().as_str())
            .map(|d| d.point)
    }

    /// Resolves a postcode (`DT1 1XJ`), sector (`DT1 1`), district (`DT1`), or place name
    /// (`Birmingham`, `Gillingham, Dorset`). Case and spacing are forgiven. The rules are in the
    /// module documentation.
    ///
    /// # Errors
    /// [`ResolveError`] with the closest known names.
    ///
    /// # Example
    /// ```
    /// use iro_planner::geo::{Gazetteer, Precision};
    /// let g = Gazetteer::bundled();
    /// let r = g.resolve("dt11xj").unwrap();
    /// assert_eq!((r.label.as_str(), r.precision), ("DT1 1", Precision::Sector));
    /// assert!(g.resolve("Gillingham").is_err()); // Kent or Dorset?
    /// ```
    pub fn resolve(&self, text: &str) -> Result<Resolved, ResolveError> {
        match postcode::parse(text) {
            Some(pc) => self.resolve_postcode(text.trim(), pc),
            None => self.resolve_place(text.trim()),
        }
    }

    fn sector(&self, code: &str) -> Option<Resolved> {
        let s = &self.sectors[*self.sector_index.get(code)?];
        Some(Resolved {
            point: s.point,
            precision: Precision::Sector,
            label: s.code.clone(),
        })
    }

    fn district_resolved(&self, code: &str) -> Option<Resolved> {
        let (code, d) = self.districts.get_key_value(code)?;
        Some(Resolved {
            point: d.point,
            precision: Precision::District,
            label: code.clone(),
        })
    }

    fn resolve_postcode(&self, text: &str, pc: PostcodeText) -> Result<Resolved, ResolveError> {
        let unknown = |kind, near: &str| ResolveError::Unknown {
            kind,
            text: text.to_string(),
            suggestions: self.suggest_districts(near),
        };
        match pc {
            PostcodeText::Full { outward, sector } => self
                .sector(&postcode::sector_code(&outward, &sector))
                .or_else(|| self.district_resolved(&outward))
                .ok_or_else(|| unknown("postcode", &outward)),
            PostcodeText::Sector { outward, sector } => self
                .sector(&postcode::sector_code(&outward, &sector))
                .or_else(|| self.district_resolved(&outward))
                .ok_or_else(|| unknown("postcode sector", &outward)),
            PostcodeText::Outward { code, as_sector } => self
                .district_resolved(&code)
                .or_else(|| {
                    let (o, s) = as_sector.as_ref()?;
                    self.sector(&postcode::sector_code(o, s))
                })
                .ok_or_else(|| unknown("postcode district", &code)),
            PostcodeText::Malformed { compact } => {
                // Suggest the longest known district the text starts with.
                let suggestions = (2..=compact.len().min(4))
                    .rev()
                    .map(|n| &compact[..n])
                    .find(|p| self.districts.contains_key(*p))
                    .map(|p| vec![p.to_string()])
                    .unwrap_or_default();
                Err(ResolveError::Unknown {
                    kind: "postcode",
                    text: text.to_string(),
                    suggestions,
                })
            }
        }
    }

    /// Known districts within one edit of `code`, closest first.
    fn suggest_districts(&self, code: &str) -> Vec<String> {
        if code.len() > MAX_SUGGESTION_TEXT {
            return Vec::new();
        }
        let mut near: Vec<(usize, bool, &String)> = self
            .district_codes
            .iter()
            .filter_map(|d| {
                let dist = strsim::levenshtein(code, d);
                // A suggestion sharing the postcode area is likelier to be a typo than a new area.
                let other_area = d
                    .bytes()
                    .take(2)
                    .filter(u8::is_ascii_alphabetic)
                    .ne(code.bytes().take(2).filter(u8::is_ascii_alphabetic));
                (dist <= 1).then_some((dist, other_area, d))
            })
            .collect();
        near.sort();
        near.into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|(_, _, d)| d.clone())
            .collect()
    }

    fn key_resolved(&self, k: usize) -> Resolved {
        let k = &self.key_places[k];
        Resolved {
            point: k.point,
            precision: Precision::Place,
            label: k.name.clone(),
        }
    }

    /// The county a place is grouped and qualified by: its admin2, or its country if none.
    fn county_of(&self, i: usize) -> &str {
        let p = &self.places[i];
        if p.county.is_empty() {
            names::country_name(&p.country_part)
        } else {
            names::short_county(&p.county)
        }
    }

    fn qualified(&self, i: usize) -> String {
        format!("{}, {}", self.places[i].name, self.county_of(i))
    }

    /// True if places of this name lie in more than one county.
    fn name_is_shared(&self, i: usize) -> bool {
        self.place_names
            .get(&normalise(&self.places[i].name))
            .is_some_and(|ids| ids.iter().any(|&j| self.county_of(j) != self.county_of(i)))
    }

    fn place_resolved(&self, i: usize) -> Resolved {
        let label = if self.name_is_shared(i) {
            self.qualified(i)
        } else {
            self.places[i].name.clone()
        };
        Resolved {
            point: self.places[i].point,
            precision: Precision::Place,
            label,
        }
    }

    /// Rule 3 of the module doc among `ids` (most populous first).
    fn choose(&self, text: &str, ids: &[usize]) -> Result<Resolved, ResolveError> {
        let &top = ids.first().ok_or_else(|| ResolveError::Unknown {
            kind: "place name",
            text: text.to_string(),
            suggestions: Vec::new(),
        })?;
        let rival = ids
            .iter()
            .copied()
            .find(|&j| self.county_of(j) != self.county_of(top));
        match rival {
            None => Ok(self.place_resolved(top)),
            Some(r)
                if self.places[top].population
                    >= DOMINANT_POPULATION_RATIO.saturating_mul(self.places[r].population) =>
            {
                Ok(self.place_resolved(top))
            }
            Some(_) => Err(ResolveError::Ambiguous {
                text: text.to_string(),
                options: self.options(ids),
            }),
        }
    }

    /// One qualified name per county, most populous first.
    fn options(&self, ids: &[usize]) -> Vec<String> {
        let mut counties = Vec::new();
        let mut options = Vec::new();
        for &i in ids {
            let c = self.county_of(i);
            if !counties.contains(&c) {
                counties.push(c);
                options.push(self.qualified(i));
            }
        }
        options
    }

    /// The place name after the alias table.
    fn dealias(normalised: &str) -> Option<String> {
        names::ALIASES
            .iter()
            .find(|(alias, _)| *alias == normalised)
            .map(|(_, target)| normalise(target))
    }

    fn resolve_place(&self, text: &str) -> Result<Resolved, ResolveError> {
        let n = normalise(text);
        if n.is_empty() {
            return Err(ResolveError::Unknown {
                kind: "place name",
                text: text.to_string(),
                suggestions: Vec::new(),
            });
        }
        if let Some(&k) = self.key_names.get(&n) {
            return Ok(self.key_resolved(k));
        }
        if let Some(target) = Self::dealias(&n) {
            if let Some(&k) = self.key_names.get(&target) {
                return Ok(self.key_resolved(k));
            }
            if let Some(ids) = self.place_names.get(&target) {
                return self.choose(text, ids);
            }
        }
        if let Some(ids) = self.place_names.get(&n) {
            return self.choose(text, ids);
        }
        let mut name_part = n;
        if let Some((name, county)) = names::split_qualifier(text) {
            let raw = normalise(name);
            let mut candidates = vec![raw.clone()];
            candidates.extend(Self::dealias(&raw));
            let mut known_name = None;
            for cand in &candidates {
                let Some(ids) = self.place_names.get(cand) else {
                    continue;
                };
                known_name.get_or_insert(ids);
                let tiers: Vec<(usize, Option<u8>)> = ids
                    .iter()
                    .map(|&i| {
                        let p = &self.places[i];
                        (i, names::county_match(county, &p.county, &p.country_part))
                    })
                    .collect();
                if let Some(best) = tiers.iter().filter_map(|t| t.1).min() {
                    let matching: Vec<usize> = tiers
                        .iter()
                        .filter(|t| t.1 == Some(best))
                        .map(|t| t.0)
                        .collect();
                    return self.choose(text, &matching);
                }
            }
            if let Some(ids) = known_name {
                // The name exists, but not in that county: offer the counties where it does.
                let mut options = self.options(ids);
                if options.len() == 1 {
                    options = vec![self.places[ids[0]].name.clone()];
                }
                options.truncate(MAX_SUGGESTIONS);
                return Err(ResolveError::Unknown {
                    kind: "place name",
                    text: text.to_string(),
                    suggestions: options,
                });
            }
            name_part = raw;
        }
        Err(ResolveError::Unknown {
            kind: "place name",
            text: text.to_string(),
            suggestions: self.suggest_places(&name_part),
        })
    }

    /// Up to three known names most similar to `normalised` (Jaro-Winkler), the more populous
    /// first among equals.
    fn suggest_places(&self, normalised: &str) -> Vec<String> {
        if normalised.len() > MAX_SUGGESTION_TEXT {
            return Vec::new();
        }
        let mut scored: Vec<(f64, u64, &str)> = self
            .suggestion_pool
            .iter()
            .filter_map(|(n, display, pop)| {
                let s = strsim::jaro_winkler(normalised, n);
                (s >= SUGGESTION_MIN_SIMILARITY).then_some((s, *pop, display.as_str()))
            })
            .collect();
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then_with(|| a.2.cmp(b.2))
        });
        scored
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|(_, _, d)| d.to_string())
            .collect()
    }
}

/// Names under which each key place is found: its own name and, for a named office
/// (`Dorset Council, County Hall, Colliton Park, Dorchester`), every shorter list of its parts
/// that keeps the town (`County Hall, Dorchester`, `Dorset Council, Dorchester`, …) and the bare
/// building with the town (`County Hall, Exeter` for `Devon County Hall, Exeter`). An alias shared
/// by two key places is dropped; an own name always stands.
fn key_place_names(key_places: &[KeyPlace]) -> HashMap<String, usize> {
    let mut aliases: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, place) in key_places.iter().enumerate() {
        let parts: Vec<&str> = place.name.split(',').map(str::trim).collect();
        let Some((town, rest)) = parts.split_last() else {
            continue;
        };
        let mut add = |alias: String| {
            let e = aliases.entry(normalise(&alias)).or_default();
            if !e.contains(&k) {
                e.push(k);
            }
        };
        // Subsets of up to 8 leading parts (offices have at most 3 before the town).
        let n = rest.len().min(8);
        for mask in 1u32..(1 << n) {
            let mut chosen: Vec<&str> = (0..n)
                .filter(|b| mask & (1 << b) != 0)
                .map(|b| rest[b])
                .collect();
            chosen.push(town);
            add(chosen.join(", "));
        }
        for part in rest {
            for b in BUILDINGS {
                if part.len() > b.len()
                    && part.to_ascii_lowercase().ends_with(&b.to_ascii_lowercase())
                {
                    add(format!("{b}, {town}"));
                }
            }
        }
    }
    let mut names: HashMap<String, usize> = aliases
        .into_iter()
        .filter(|(_, ks)| ks.len() == 1)
        .map(|(a, ks)| (a, ks[0]))
        .collect();
    for (k, place) in key_places.iter().enumerate() {
        names.insert(normalise(&place.name), k);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::bundled()
    }

    fn near(p: LatLon, lat: f64, lon: f64, tol: f64) -> bool {
        (p.lat() - lat).abs() < tol && (p.lon() - lon).abs() < tol
    }

    #[test]
    fn split_line_handles_quotes() {
        let f = split_line(r#"1,"Bournemouth, Christchurch and Poole Council", x ,"a ""b""",,"#);
        let want = [
            "1",
            "Bournemouth, Christchurch and Poole Council",
            "x",
            "a \"b\"",
            "",
            "",
        ];
        assert_eq!(f, want);
        assert_eq!(split_line(""), [""]);
        assert_eq!(split_line("\"unterminated"), ["unterminated"]);
    }

    #[test]
    fn bundled_data_parses_completely() {
        let (g, skipped) = Gazetteer::parse_bundled();
        assert_eq!(skipped, 0);
        assert_eq!(g.sectors().len(), 10_847);
        // 4,638 rows less Dhekelia (Cyprus).
        assert_eq!(g.places().len(), 4_637);
        assert_eq!(g.district_codes.len(), 3_004);
        assert_eq!(g.key_places.len(), 50);
    }

    #[test]
    fn sectors_carry_their_local_authority() {
        let s = g().sectors().iter().find(|s| s.code == "DT1 1");
        let s = s.expect("DT1 1 is a sector");
        assert_eq!(s.la_code, "E06000059");
        assert_eq!(s.country, "England");
        assert!(s.postcode_units > 0);
    }

    #[test]
    fn full_postcode_resolves_to_its_sector() {
        for text in ["DT1 1XJ", "dt11xj", "DT1  1XJ", " dt1 1xj "] {
            let r = g().resolve(text).expect(text);
            assert_eq!(r.label, "DT1 1", "{text}");
            assert_eq!(r.precision, Precision::Sector);
            assert!(near(r.point, 50.71, -2.44, 0.01), "{:?}", r.point);
        }
    }

    #[test]
    fn unknown_sector_of_known_district_falls_back_to_district() {
        // DT1 5 does not exist; DT1 does.
        assert!(g().sector("DT1 5").is_none());
        for text in ["DT1 5ZZ", "DT1 5"] {
            let r = g().resolve(text).expect(text);
            assert_eq!(
                (r.label.as_str(), r.precision),
                ("DT1", Precision::District)
            );
        }
    }

    #[test]
    fn districts_and_fallback_districts() {
        let r = g().resolve("B1").expect("B1");
        assert_eq!((r.label.as_str(), r.precision), ("B1", Precision::District));
        assert!(near(r.point, 52.48, -1.90, 0.03), "{:?}", r.point);
        let r = g().resolve("dt11").expect("DT11 is Blandford");
        assert_eq!(r.label, "DT11");
        let r = g()
            .resolve("BT1 1AA")
            .expect("Belfast from the fallback file");
        assert_eq!(
            (r.label.as_str(), r.precision),
            ("BT1", Precision::District)
        );
    }

    #[test]
    fn sector_reading_of_an_unknown_district() {
        // SP84 is not a district, SP8 4 is a sector (Gillingham, Dorset).
        let r = g().resolve("SP84").expect("SP8 4");
        assert_eq!(
            (r.label.as_str(), r.precision),
            ("SP8 4", Precision::Sector)
        );
    }

    #[test]
    fn unknown_postcodes() {
        let e = g().resolve("ZZ9").unwrap_err();
        let ResolveError::Unknown {
            kind, suggestions, ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!(*kind, "postcode district");
        assert!(suggestions.is_empty(), "{suggestions:?}");
        assert_eq!(e.to_string(), "unknown postcode district 'ZZ9'");

        let e = g().resolve("DT99 1AB").unwrap_err();
        let ResolveError::Unknown {
            kind, suggestions, ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!(*kind, "postcode");
        assert!(suggestions.contains(&"DT9".to_string()), "{suggestions:?}");

        let e = g().resolve("DT1 1X").unwrap_err();
        assert!(e.to_string().contains("did you mean DT1"), "{e}");
    }

    #[test]
    fn key_places_and_offices() {
        let r = g().resolve("Dorchester").expect("Dorchester");
        assert_eq!(r.label, "Dorchester");
        assert_eq!(r.precision, Precision::Place);
        for text in [
            "Dorset Council, County Hall, Colliton Park, Dorchester",
            "County Hall, Dorchester",
            "county hall,  dorchester",
            "Dorset Council, Dorchester",
        ] {
            let r = g().resolve(text).expect(text);
            assert!(near(r.point, 50.71672, -2.44068, 1e-6), "{text}");
        }
        let r = g()
            .resolve("County Hall, Exeter")
            .expect("Devon County Hall");
        assert!(near(r.point, 50.71456, -3.51749, 1e-6));
        let r = g()
            .resolve("Civic Centre, Poole")
            .expect("BCP civic centre");
        assert!(near(r.point, 50.72271, -1.96283, 1e-6));
    }

    #[test]
    fn aliases() {
        let r = g().resolve("Newcastle").expect("Newcastle");
        assert_eq!(r.label, "Newcastle upon Tyne");
        let r = g().resolve("wimborne").expect("Wimborne");
        assert_eq!(r.label, "Wimborne Minster");
        // The County Down Newcastle is still reachable.
        let r = g()
            .resolve("Newcastle, Northern Ireland")
            .expect("Newcastle NI");
        assert!(r.point.lon() < -5.0);
        let r = g().resolve("Newcastle, Tyne and Wear").expect("Tyneside");
        assert!(near(r.point, 54.97, -1.61, 0.01));
    }

    #[test]
    fn dominant_place_wins_otherwise_ambiguous() {
        let r = g().resolve("Newport, Wales").expect("Newport, Wales");
        assert!(near(r.point, 51.59, -3.0, 0.01), "{r:?}");
        let e = g().resolve("Newport").unwrap_err();
        let ResolveError::Ambiguous { options, .. } = &e else {
            panic!("{e:?}")
        };
        assert!(
            options.contains(&"Newport, Isle of Wight".to_string()),
            "{options:?}"
        );
        assert_eq!(options[0], "Newport, Newport");
    }

    #[test]
    fn every_ambiguity_option_resolves_back_to_itself() {
        let g = g();
        let mut checked = 0;
        for ids in g.place_names.values() {
            let name = &g.places[ids[0]].name;
            if let Err(ResolveError::Ambiguous { options, .. }) = g.resolve(name) {
                for o in &options {
                    let r = g.resolve(o).unwrap_or_else(|e| panic!("{o}: {e}"));
                    assert_eq!(&r.label, o);
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn qualifier_in_a_county_without_that_name() {
        let e = g().resolve("Wrexham, Dorset").unwrap_err();
        let ResolveError::Unknown { suggestions, .. } = e else {
            panic!()
        };
        assert_eq!(suggestions, vec!["Wrexham".to_string()]);
    }

    #[test]
    fn unknown_place_names_get_suggestions() {
        let e = g().resolve("Dorchestr").unwrap_err();
        let ResolveError::Unknown {
            kind, suggestions, ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!(*kind, "place name");
        assert_eq!(suggestions.first().map(String::as_str), Some("Dorchester"));
        assert!(suggestions.len() <= 3);
        assert!(
            e.to_string()
                .starts_with("unknown place name 'Dorchestr' (did you mean Dorchester")
        );
        let e = g().resolve("").unwrap_err();
        assert!(matches!(e, ResolveError::Unknown { .. }));
    }

    #[test]
    fn overlong_text_gets_no_suggestions() {
        // Regression (issue 17): a 100,000-character cell compared by Jaro-Winkler with every
        // place name took over 20 s; such text is no place name.
        let long = "Dorchester ".repeat(10_000);
        let ResolveError::Unknown { suggestions, .. } = g().resolve(&long).unwrap_err() else {
            panic!("unknown")
        };
        assert!(suggestions.is_empty());
    }

    #[test]
    fn nearest_sector_of_each_sector_centroid_is_itself() {
        let g = g();
        for s in g.sectors().iter().step_by(97) {
            let (found, miles) = g.nearest_sector(s.point).expect("non-empty");
            assert_eq!(miles, 0.0);
            assert_eq!(found.point, s.point);
        }
    }

    #[test]
    fn places_exclude_points_outside_the_uk() {
        assert!(g().places().iter().all(|p| p.point.in_uk_box()));
        let w = g().places().iter().find(|p| p.name == "Wimborne Minster");
        assert_eq!(w.map(|p| p.county.as_str()), Some("Dorset"));
    }
}
