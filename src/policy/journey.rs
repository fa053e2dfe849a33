//! Journeys: what travel costs and when a round trip needs a hotel.
//!
//! Journey £ = miles × mileage rate + driving hours × staff rate + nights × hotel rate
//! (`[costs]`). A round trip from a base to one placement is a day trip when the two drives
//! (with their breaks), the review and a lunch break fit the working day, the drives fit the
//! daily driving cap and one way is no longer than `overnight.max_one_way_drive_hours`;
//! otherwise it stays away — one night, or more when the driving cap needs more days — if the
//! IRO may stay overnight, and cannot be made at all if not.

use super::Policy;
use crate::domain::LatLon;
use crate::geo::Leg;

/// A round trip from a base to one placement and back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoundTrip {
    /// Road miles, both ways.
    pub miles: f64,
    /// Driving hours, both ways.
    pub hours: f64,
    /// Hotel nights.
    pub nights: u32,
}

impl Policy {
    /// £ of travel: mileage + staff time driving + hotel nights.
    pub fn journey_cost(&self, miles: f64, drive_hours: f64, nights: u32) -> f64 {
        self.config.costs.travel(miles, drive_hours, nights)
    }

    /// £ of a round trip.
    pub fn round_trip_cost(&self, t: &RoundTrip) -> f64 {
        self.journey_cost(t.miles, t.hours, t.nights)
    }

    /// Whether an IRO who may (`overnight`) or may not stay overnight can make a trip with a
    /// night away under the service's rules (`overnight.allowed`, `overnight.max_nights`).
    pub fn may_stay_away(&self, overnight: bool) -> bool {
        let rules = &self.config.overnight;
        overnight && rules.allowed && rules.max_nights > 0
    }

    /// Whether an IRO based at `base` may spend a night at `at`: only where the drive home is at
    /// least `overnight.min_hotel_drive_hours` (nearer, the IRO goes home).
    pub fn hotel_allowed(&self, base: LatLon, at: LatLon) -> bool {
        self.leg(at, base).hours >= self.config.overnight.min_hotel_drive_hours
    }

    /// Whether a review of `review` seconds at the end of `leg` can be held on a day trip.
    pub fn day_trip_fits(&self, leg: Leg, review: i64) -> bool {
        let d = &self.day;
        let one_way = d.journey_secs(leg.hours);
        let day = 2 * one_way + review + d.lunch;
        let driving = 2 * super::DayRules::drive_secs(leg.hours);
        day <= d.max_length.min(d.latest_return - d.earliest_departure)
            && driving <= d.max_drive
            && leg.hours <= self.config.overnight.max_one_way_drive_hours
    }

    /// The round trip for one review of `review` seconds at the end of `leg`, by an IRO who
    /// may (`overnight`) or may not stay away; `None` if it cannot be made at all.
    pub fn round_trip(&self, leg: Leg, review: i64, overnight: bool) -> Option<RoundTrip> {
        let nights = if self.day_trip_fits(leg, review) {
            0
        } else if self.may_stay_away(overnight) {
            // Days needed by the driving cap, and at least two when a day is too short.
            let driving = 2 * super::DayRules::drive_secs(leg.hours);
            let days = (driving + self.day.max_drive - 1) / self.day.max_drive.max(1);
            let nights = (days.max(2) - 1) as u32;
            if nights > self.config.overnight.max_nights {
                return None;
            }
            nights
        } else {
            return None;
        };
        Some(RoundTrip {
            miles: 2.0 * leg.miles,
            hours: 2.0 * leg.hours,
            nights,
        })
    }
}
