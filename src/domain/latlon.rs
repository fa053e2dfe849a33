//! A WGS84 point.

/// A WGS84 latitude/longitude in degrees, validated on construction.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LatLon {
    lat: f64,
    lon: f64,
}

impl LatLon {
    /// A point; `None` unless −90 ≤ lat ≤ 90, −180 ≤ lon ≤ 180 and both finite.
    pub fn new(lat: f64, lon: f64) -> Option<Self> {
        (lat.is_finite()
            && lon.is_finite()
            && (-90.0..=90.0).contains(&lat)
            && (-180.0..=180.0).contains(&lon))
        .then_some(LatLon { lat, lon })
    }

    /// Latitude in degrees.
    pub fn lat(self) -> f64 {
        self.lat
    }

    /// Longitude in degrees.
    pub fn lon(self) -> f64 {
        self.lon
    }

    /// True if the point lies in a box around the United Kingdom, Isle of Man and Channel
    /// Islands (49.8–60.9° N, 8.7° W–1.8° E).
    pub fn in_uk_box(self) -> bool {
        (49.8..=60.9).contains(&self.lat) && (-8.7..=1.8).contains(&self.lon)
    }
}
