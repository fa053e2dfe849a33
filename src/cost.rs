//! Figures of a plan: miles, hours, £ and CO2 per trip, per IRO and in total.
//!
//! Trip figures are recomputed from the stops with the travel model (each consecutive pair of
//! stops is one journey), so they follow the model whatever built the trip.

use serde::Serialize;

use crate::config::Config;
use crate::domain::Caseload;
use crate::geo::TravelModel;
use crate::schedule::{Plan, Trip};

/// Figures of one trip.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TripFigures {
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub drive_hours: f64,
    /// Hotel nights.
    pub nights: u32,
    /// Mileage £.
    pub mileage_cost: f64,
    /// Staff time driving, £.
    pub staff_cost: f64,
    /// Hotel £.
    pub hotel_cost: f64,
    /// kg CO2e (car miles and hotel nights).
    pub co2_kg: f64,
}

impl TripFigures {
    /// Total £.
    pub fn total(&self) -> f64 {
        self.mileage_cost + self.staff_cost + self.hotel_cost
    }

    fn add(&mut self, o: &TripFigures) {
        self.miles += o.miles;
        self.drive_hours += o.drive_hours;
        self.nights += o.nights;
        self.mileage_cost += o.mileage_cost;
        self.staff_cost += o.staff_cost;
        self.hotel_cost += o.hotel_cost;
        self.co2_kg += o.co2_kg;
    }
}

/// The figures of a trip under a travel model and cost rates.
pub fn trip_figures(trip: &Trip, travel: &TravelModel, config: &Config) -> TripFigures {
    let mut miles = 0.0;
    let mut hours = 0.0;
    for w in trip.stops.windows(2) {
        let leg = travel.leg(w[0].point, w[1].point);
        miles += leg.miles;
        hours += leg.hours;
    }
    let nights = trip.nights();
    let c = &config.costs;
    TripFigures {
        miles,
        drive_hours: hours,
        nights,
        mileage_cost: miles * c.mileage_per_mile,
        staff_cost: hours * c.staff_per_hour,
        hotel_cost: nights as f64 * c.hotel_per_night,
        co2_kg: miles * c.co2_kg_per_mile + nights as f64 * c.co2_kg_per_hotel_night,
    }
}

/// Per-IRO figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IroFigures {
    /// IRO id.
    pub iro_id: String,
    /// FTE.
    pub fte: f64,
    /// Children held.
    pub children: usize,
    /// Band minimum.
    pub band_min: u32,
    /// Band maximum.
    pub band_max: u32,
    /// Children per FTE.
    pub per_fte: f64,
    /// Reviews chaired in the horizon.
    pub reviews: usize,
    /// Trips.
    pub trips: usize,
    /// Travel figures.
    #[serde(flatten)]
    pub travel: TripFigures,
}

/// Every trip's figures, and per-IRO and total sums.
#[derive(Debug, Clone)]
pub struct PlanFigures {
    /// Per trip, in plan order.
    pub trips: Vec<TripFigures>,
    /// Per IRO, in input order.
    pub iros: Vec<IroFigures>,
    /// Sum over trips.
    pub total: TripFigures,
}

/// Computes the figures of a plan.
pub fn plan_figures(caseload: &Caseload, plan: &Plan) -> PlanFigures {
    let cfg = &caseload.config;
    let travel = TravelModel::new(&cfg.travel, caseload.matrix.clone());
    let trips: Vec<TripFigures> = plan
        .trips
        .iter()
        .map(|t| trip_figures(t, &travel, cfg))
        .collect();
    let bands = caseload.bands();
    let mut iros: Vec<IroFigures> = caseload
        .iro_ids()
        .map(|i| {
            let (band_min, band_max) = bands[i.idx()];
            let fte = caseload.fte(i);
            let children = plan.allocation.iter().filter(|&&a| a == i).count();
            IroFigures {
                iro_id: caseload.iro(i).external_id.clone(),
                fte,
                children,
                band_min,
                band_max,
                per_fte: if fte > 0.0 {
                    children as f64 / fte
                } else {
                    0.0
                },
                reviews: plan.reviews.iter().filter(|r| r.iro == i).count(),
                trips: 0,
                travel: TripFigures::default(),
            }
        })
        .collect();
    let mut total = TripFigures::default();
    for (t, f) in plan.trips.iter().zip(&trips) {
        let row: &mut IroFigures = &mut iros[t.iro.idx()];
        row.trips += 1;
        row.travel.add(f);
        total.add(f);
    }
    PlanFigures { trips, iros, total }
}
