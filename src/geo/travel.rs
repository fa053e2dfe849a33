//! The travel model: road miles and driving hours of one journey.
//!
//! Road miles = great-circle miles × `travel.road_factor` (circuity; about 1.2–1.3 for British
//! roads, Boscoe, Henry & Zandbergen 2012, "A nationwide comparison of driving distance versus
//! straight-line distance", Professional Geographer 64(2)). Hours = `travel.fixed_hours` (parking,
//! walking in) + road miles / `travel.mph`. A journey between identical points is no journey: 0
//! miles and 0 hours, so two reviews at the same address cost no fixed time. A matching entry of
//! the user's [`TravelMatrix`] overrides both figures.
//!
//! # Units
//! Statute miles and hours.

use crate::config::Travel;
use crate::domain::LatLon;

use super::distance::haversine_miles;
use super::matrix::TravelMatrix;

/// One journey: road miles and hours.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Leg {
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub hours: f64,
}

impl Leg {
    /// No journey at all.
    pub const ZERO: Leg = Leg {
        miles: 0.0,
        hours: 0.0,
    };
}

/// Road miles = great-circle miles × road factor; hours = fixed + miles / mph; a matrix entry
/// overrides both. A zero-length journey takes no time.
#[derive(Debug, Clone)]
pub struct TravelModel {
    road_factor: f64,
    fixed_hours: f64,
    mph: f64,
    matrix: Option<TravelMatrix>,
}

impl TravelModel {
    /// The model from configuration and an optional matrix. The configuration is expected to be
    /// validated ([`crate::config::Config::validate`]: road factor ≥ 1, mph > 0).
    pub fn new(travel: &Travel, matrix: Option<TravelMatrix>) -> TravelModel {
        TravelModel {
            road_factor: travel.road_factor,
            fixed_hours: travel.fixed_hours,
            mph: travel.mph,
            matrix: matrix.filter(|m| !m.is_empty()),
        }
    }

    /// The journey from `a` to `b`: the matrix entry if there is one (either direction), else
    /// the sea crossing if one end is across the sea ([`super::with_crossings`]), else the
    /// model.
    ///
    /// # Example
    /// ```
    /// use iro_planner::config::Travel;
    /// use iro_planner::domain::LatLon;
    /// use iro_planner::geo::{TravelModel, haversine_miles};
    /// let m = TravelModel::new(&Travel::default(), None);
    /// let a = LatLon::new(50.71667, -2.43333).unwrap();
    /// let b = LatLon::new(52.48142, -1.89983).unwrap();
    /// let leg = m.leg(a, b);
    /// let d = haversine_miles(a, b);
    /// assert!((leg.miles - 1.2 * d).abs() < 1e-9);
    /// assert!((leg.hours - (0.2 + 1.2 * d / 52.0)).abs() < 1e-9);
    /// ```
    pub fn leg(&self, a: LatLon, b: LatLon) -> Leg {
        if let Some(m) = &self.matrix
            && let Some(leg) = m.get(a, b).or_else(|| m.crossing(a, b))
        {
            return leg;
        }
        self.model_leg(a, b)
    }

    /// The journey by the model alone, ignoring the matrix.
    pub fn model_leg(&self, a: LatLon, b: LatLon) -> Leg {
        let d = haversine_miles(a, b);
        if d == 0.0 {
            return Leg::ZERO;
        }
        let miles = d * self.road_factor;
        Leg {
            miles,
            hours: self.fixed_hours + miles / self.mph,
        }
    }

    /// Road miles of the journey (matrix or model).
    pub fn miles(&self, a: LatLon, b: LatLon) -> f64 {
        self.leg(a, b).miles
    }

    /// Driving hours of the journey (matrix or model).
    pub fn hours(&self, a: LatLon, b: LatLon) -> f64 {
        self.leg(a, b).hours
    }

    /// The user matrix in use, if any.
    pub fn matrix(&self) -> Option<&TravelMatrix> {
        self.matrix.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("valid test point")
    }

    #[test]
    fn defaults_give_fixed_plus_road_miles_over_52() {
        let m = TravelModel::new(&Travel::default(), None);
        let (a, b) = (p(50.71667, -2.43333), p(53.04664, -2.99132));
        let d = haversine_miles(a, b);
        let leg = m.leg(a, b);
        assert!((leg.miles - 1.2 * d).abs() < 1e-9);
        assert!((leg.hours - (0.2 + 1.2 * d / 52.0)).abs() < 1e-9);
        assert_eq!(m.leg(b, a), leg);
    }

    #[test]
    fn configuration_is_used() {
        let t = Travel {
            road_factor: 1.5,
            fixed_hours: 0.0,
            mph: 30.0,
            matrix: None,
            ..Travel::default()
        };
        let m = TravelModel::new(&t, None);
        let (a, b) = (p(50.0, -2.0), p(51.0, -2.0));
        let d = haversine_miles(a, b);
        let leg = m.leg(a, b);
        assert!((leg.miles - 1.5 * d).abs() < 1e-9);
        assert!((leg.hours - 1.5 * d / 30.0).abs() < 1e-9);
    }

    #[test]
    fn same_point_is_no_journey() {
        let m = TravelModel::new(&Travel::default(), None);
        let a = p(50.71667, -2.43333);
        assert_eq!(m.leg(a, a), Leg::ZERO);
        // A metre away is a journey, with its fixed time.
        let b = p(50.71668, -2.43333);
        assert!(m.leg(a, b).hours >= 0.2);
    }
}
