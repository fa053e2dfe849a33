//! The naive baseline: each review on its due date (or the nearest working day of the IRO
//! before it), one round trip from the base per review, an overnight stay where the round trip
//! does not fit in a day. Its figures are what an unplanned service would spend.

use chrono::NaiveDate;
use serde::Serialize;

use super::reviews::{next_review, successor};
use super::timing::{DayRules, travel_secs};
use crate::calendar::{Availability, Calendar};
use crate::domain::{Caseload, IroId, ReviewMode};
use crate::geo::TravelModel;

/// Figures of the naive plan.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct NaiveFigures {
    /// Reviews in the horizon.
    pub reviews: usize,
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub drive_hours: f64,
    /// Hotel nights.
    pub hotel_nights: u32,
    /// Mileage £.
    pub cost_mileage: f64,
    /// Staff-time £ for driving.
    pub cost_staff: f64,
    /// Hotel £.
    pub cost_hotel: f64,
    /// Total £.
    pub cost_total: f64,
    /// kg CO2e.
    pub co2_kg: f64,
}

/// The naive plan's figures for a given allocation.
pub fn naive_figures(caseload: &Caseload, allocation: &[IroId]) -> NaiveFigures {
    let cfg = &caseload.config;
    let start = cfg.horizon.start;
    let end = super::horizon_end(start, cfg.horizon.months);
    let calendar = Calendar::for_horizon(start, cfg.horizon.months);
    let travel = TravelModel::new(&cfg.travel, caseload.matrix.clone());
    let rules = DayRules::new(cfg);
    let mut f = NaiveFigures::default();
    for c in caseload.child_ids() {
        let child = caseload.child(c);
        let iro = caseload.iro(allocation[c.idx()]);
        let availability = super::availability(caseload, allocation[c.idx()]);
        let leg = travel.leg(iro.base, child.location);
        let (mut number, mut due) = next_review(child, &calendar, &cfg.review);
        while due <= super::trips::chain_end(child, end) {
            let held = held_on(due, start, &availability, &calendar);
            f.reviews += 1;
            let virtual_review = child.review_mode == ReviewMode::VirtualAllowed
                && cfg.virtual_reviews.alternate
                && number % 2 == 0;
            if !virtual_review {
                f.miles += 2.0 * leg.miles;
                f.drive_hours += 2.0 * leg.hours;
                let day = 2 * travel_secs(leg.hours)
                    + (cfg.review_hours(child.extra_time) * 3600.0) as i64;
                if day > rules.max_length {
                    f.hotel_nights += 1;
                }
            }
            (number, due) = successor(number, held, &cfg.review);
        }
    }
    let c = &cfg.costs;
    f.cost_mileage = f.miles * c.mileage_per_mile;
    f.cost_staff = f.drive_hours * c.staff_per_hour;
    f.cost_hotel = f.hotel_nights as f64 * c.hotel_per_night;
    f.cost_total = f.cost_mileage + f.cost_staff + f.cost_hotel;
    f.co2_kg = f.miles * c.co2_kg_per_mile + f.hotel_nights as f64 * c.co2_kg_per_hotel_night;
    f
}

/// The IRO's last working day on or before `due` (not before the horizon's start).
fn held_on(due: NaiveDate, start: NaiveDate, a: &Availability, calendar: &Calendar) -> NaiveDate {
    let mut d = due;
    while d > start {
        if a.is_available(calendar, d) {
            return d;
        }
        d = d.pred_opt().unwrap_or(start);
    }
    start
}
