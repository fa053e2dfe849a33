//! Great-circle distance.
//!
//! The haversine formula (Sinnott 1984, "Virtues of the Haversine", Sky & Telescope 68(2):159) on
//! a sphere of the GRS80 mean radius R₁ = 6,371,008.8 m (Moritz 2000), as implemented by
//! [`geo::Haversine`]. On a sphere the error against the WGS84 ellipsoid is at most about 0.5 %,
//! far below the uncertainty of the road factor that multiplies it.
//!
//! # Units
//! Degrees in, statute miles (1,609.344 m) out.

use geo::{Distance, Haversine, Point};

use crate::domain::LatLon;

/// Metres in a statute mile (international yard and pound agreement, 1959).
const METRES_PER_MILE: f64 = 1_609.344;

/// The radius of the sphere used for every distance here, in statute miles (GRS80 mean radius).
pub const EARTH_RADIUS_MILES: f64 = Haversine.radius() / METRES_PER_MILE;

/// Great-circle distance in miles (haversine, mean Earth radius; `geo` crate).
///
/// # Units
/// Statute miles.
///
/// # Example
/// ```
/// use iro_planner::domain::LatLon;
/// use iro_planner::geo::haversine_miles;
/// let dorchester = LatLon::new(50.71667, -2.43333).unwrap();
/// let birmingham = LatLon::new(52.48142, -1.89983).unwrap();
/// let d = haversine_miles(dorchester, birmingham);
/// assert!((d - 124.0).abs() < 1.0);
/// ```
pub fn haversine_miles(a: LatLon, b: LatLon) -> f64 {
    let pa = Point::new(a.lon(), a.lat());
    let pb = Point::new(b.lon(), b.lat());
    Haversine.distance(pa, pb) / METRES_PER_MILE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("valid test point")
    }

    #[test]
    fn dorchester_to_birmingham_is_about_124_miles() {
        // Checked against an independent Python haversine (R = 6,371,008.8 m): 124.063 miles.
        let d = haversine_miles(p(50.71667, -2.43333), p(52.48142, -1.89983));
        assert!((d - 124.063).abs() < 0.01, "{d}");
    }

    #[test]
    fn one_degree_of_latitude_is_about_69_miles() {
        let d = haversine_miles(p(50.0, -2.0), p(51.0, -2.0));
        assert!((d - 69.09).abs() < 0.01, "{d}");
    }

    #[test]
    fn symmetric_and_zero_on_the_same_point() {
        let a = p(53.04664, -2.99132);
        let b = p(54.97328, -1.61396);
        assert_eq!(haversine_miles(a, a), 0.0);
        assert!((haversine_miles(a, b) - haversine_miles(b, a)).abs() < 1e-9);
    }

    #[test]
    fn radius_is_the_grs80_mean_radius_in_miles() {
        assert!((EARTH_RADIUS_MILES - 3958.76).abs() < 0.01);
    }
}
