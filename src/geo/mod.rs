//! Offline geography: postcode/place resolution, distances, the travel model, a spatial index.
//!
//! INTERFACE STUB — the geo helper replaces the bodies; signatures are the contract.

use std::path::Path;

use crate::config::Travel;
use crate::domain::LatLon;
use crate::error::InputError;

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
    /// Canonical label (e.g. `DT1 1`, `Birmingham`).
    pub label: String,
}

/// Why a placement or base could not be resolved. `Display` gives the message with suggestions.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    /// Not a known postcode, sector, district or place.
    #[error("unknown {kind} '{text}'{}", suggest(.suggestions))]
    Unknown {
        /// What the text looked like: "postcode", "postcode district", "place name".
        kind: &'static str,
        /// The text given.
        text: String,
        /// Closest known names.
        suggestions: Vec<String>,
    },
    /// A place name shared by several places; needs a county qualifier.
    #[error("place name '{text}' is ambiguous: add a county, e.g. {}", .options.join(" or "))]
    Ambiguous {
        /// The text given.
        text: String,
        /// Qualified names that would resolve, e.g. `Gillingham, Dorset`.
        options: Vec<String>,
    },
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

/// Postcode sectors, districts and places of Great Britain (bundled data, OGL / CC BY 4.0).
#[derive(Debug)]
pub struct Gazetteer {
    _private: (),
}

impl Gazetteer {
    /// The gazetteer built from the data compiled into the binary (`data/geo`), parsed once.
    pub fn bundled() -> &'static Gazetteer {
        unimplemented!()
    }

    /// Every postcode sector (for synthetic data and nearest-sector queries).
    pub fn sectors(&self) -> &[Sector] {
        unimplemented!()
    }

    /// Every place of the gazetteer (towns and cities with population ≥ 1,000).
    pub fn places(&self) -> &[Place] {
        unimplemented!()
    }

    /// Resolves a postcode (`DT1 1XJ`), sector (`DT1 1`), district (`DT1`), or place name
    /// (`Birmingham`, `Gillingham, Dorset`). Case and spacing are forgiven.
    ///
    /// # Errors
    /// [`ResolveError`] with the closest known names.
    pub fn resolve(&self, text: &str) -> Result<Resolved, ResolveError> {
        let _ = text;
        unimplemented!()
    }
}

/// Great-circle distance in miles (haversine, mean Earth radius; `geo` crate).
pub fn haversine_miles(a: LatLon, b: LatLon) -> f64 {
    let _ = (a, b);
    unimplemented!()
}

/// One journey: road miles and hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leg {
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub hours: f64,
}

/// A user travel matrix: road miles and hours between named locations, overriding the model.
#[derive(Debug, Clone, Default)]
pub struct TravelMatrix {
    _private: (),
}

impl TravelMatrix {
    /// Reads `from,to,miles,hours` (from/to: anything [`Gazetteer::resolve`] accepts, or
    /// `lat lon`); pairs are matched by location rounded to 1e-4°, and used both ways unless the
    /// reverse pair is listed too.
    ///
    /// # Errors
    /// Every bad row, as [`InputError`]s.
    pub fn from_csv(path: &Path, gazetteer: &Gazetteer) -> Result<TravelMatrix, Vec<InputError>> {
        let _ = (path, gazetteer);
        unimplemented!()
    }

    /// The listed leg between two points, if any.
    pub fn get(&self, from: LatLon, to: LatLon) -> Option<Leg> {
        let _ = (from, to);
        unimplemented!()
    }
}

/// Road miles = great-circle miles × road factor; hours = fixed + miles / mph; a matrix entry
/// overrides both. A zero-length journey takes no time.
#[derive(Debug, Clone)]
pub struct TravelModel {
    _private: (),
}

impl TravelModel {
    /// The model from configuration and an optional matrix.
    pub fn new(travel: &Travel, matrix: Option<TravelMatrix>) -> TravelModel {
        let _ = (travel, matrix);
        unimplemented!()
    }

    /// The journey from `a` to `b`.
    pub fn leg(&self, a: LatLon, b: LatLon) -> Leg {
        let _ = (a, b);
        unimplemented!()
    }
}

/// A spatial index over points (rstar), for nearest-base and nearby-placement queries.
#[derive(Debug)]
pub struct PointIndex {
    _private: (),
}

impl PointIndex {
    /// Builds the index; point `i` keeps index `i`.
    pub fn new(points: &[LatLon]) -> PointIndex {
        let _ = points;
        unimplemented!()
    }

    /// The `k` nearest points to `p` by great-circle distance, nearest first: (index, miles).
    pub fn nearest(&self, p: LatLon, k: usize) -> Vec<(usize, f64)> {
        let _ = (p, k);
        unimplemented!()
    }

    /// Every point within `miles` great-circle miles of `p`: (index, miles), nearest first.
    pub fn within(&self, p: LatLon, miles: f64) -> Vec<(usize, f64)> {
        let _ = (p, miles);
        unimplemented!()
    }
}
