//! Figures of a plan: miles, hours, £ and CO2 per trip, per IRO and in total.
//!
//! Trip figures are recomputed from the stops with the travel model (each consecutive pair of
//! stops is one journey), so they follow the model whatever built the trip.

use serde::Serialize;

use crate::config::Config;
use crate::domain::Caseload;
use crate::geo::TravelModel;
use crate::schedule::{Plan, Trip};

/// Travel figures: miles, driving hours, hotel nights, £ by kind and CO2 — of a trip, an IRO,
/// a plan, the naive baseline or a scenario. They add and subtract as values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Figures {
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

/// The figures of one trip.
pub type TripFigures = Figures;

impl Figures {
    /// The figures of travelling `miles` in `drive_hours` with `nights` in hotels, at the
    /// configured rates.
    pub fn of(config: &Config, miles: f64, drive_hours: f64, nights: u32) -> Figures {
        let c = &config.costs;
        Figures {
            miles,
            drive_hours,
            nights,
            mileage_cost: miles * c.mileage_per_mile,
            staff_cost: drive_hours * c.staff_per_hour,
            hotel_cost: nights as f64 * c.hotel_per_night,
            co2_kg: miles * c.co2_kg_per_mile + nights as f64 * c.co2_kg_per_hotel_night,
        }
    }

    /// Total £.
    pub fn total(&self) -> f64 {
        self.mileage_cost + self.staff_cost + self.hotel_cost
    }
}

impl std::ops::AddAssign for Figures {
    fn add_assign(&mut self, o: Figures) {
        self.miles += o.miles;
        self.drive_hours += o.drive_hours;
        self.nights += o.nights;
        self.mileage_cost += o.mileage_cost;
        self.staff_cost += o.staff_cost;
        self.hotel_cost += o.hotel_cost;
        self.co2_kg += o.co2_kg;
    }
}

impl std::ops::Add for Figures {
    type Output = Figures;
    fn add(mut self, o: Figures) -> Figures {
        self += o;
        self
    }
}

/// The difference `a − b` of two sets of figures (a saving when `a` is the baseline); hotel
/// nights as a signed count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FiguresDelta {
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub drive_hours: f64,
    /// Hotel nights.
    pub nights: i64,
    /// Mileage £.
    pub mileage_cost: f64,
    /// Staff time driving, £.
    pub staff_cost: f64,
    /// Hotel £.
    pub hotel_cost: f64,
    /// kg CO2e.
    pub co2_kg: f64,
}

impl FiguresDelta {
    /// Total £.
    pub fn total(&self) -> f64 {
        self.mileage_cost + self.staff_cost + self.hotel_cost
    }
}

impl std::ops::Sub for Figures {
    type Output = FiguresDelta;
    fn sub(self, o: Figures) -> FiguresDelta {
        FiguresDelta {
            miles: self.miles - o.miles,
            drive_hours: self.drive_hours - o.drive_hours,
            nights: self.nights as i64 - o.nights as i64,
            mileage_cost: self.mileage_cost - o.mileage_cost,
            staff_cost: self.staff_cost - o.staff_cost,
            hotel_cost: self.hotel_cost - o.hotel_cost,
            co2_kg: self.co2_kg - o.co2_kg,
        }
    }
}

impl std::iter::Sum for Figures {
    fn sum<I: Iterator<Item = Figures>>(iter: I) -> Figures {
        iter.fold(Figures::default(), |a, b| a + b)
    }
}

/// The figures of a trip under a travel model and cost rates.
pub fn trip_figures(trip: &Trip, travel: &TravelModel, config: &Config) -> Figures {
    let (mut miles, mut hours) = (0.0, 0.0);
    for w in trip.stops.windows(2) {
        let leg = travel.leg(w[0].point, w[1].point);
        miles += leg.miles;
        hours += leg.hours;
    }
    Figures::of(config, miles, hours, trip.nights())
}

/// Per-IRO figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IroFigures {
    /// IRO id.
    pub iro_id: String,
    /// FTE.
    pub fte: f64,
    /// True for a vacant post (`vacant` in `iros.csv`): it holds no children until filled.
    pub vacant: bool,
    /// Children held.
    pub children: usize,
    /// Band minimum.
    pub band_min: u32,
    /// Band maximum.
    pub band_max: u32,
    /// Children per FTE.
    pub per_fte: f64,
    /// Reviews of its children due in the horizon (held by anyone, or unscheduled); the reviews
    /// it chairs are in `weeks.csv`.
    pub reviews: usize,
    /// Trips.
    pub trips: usize,
    /// Travel figures.
    #[serde(flatten)]
    pub travel: Figures,
}

/// Every trip's figures, and per-IRO and total sums.
#[derive(Debug, Clone)]
pub struct PlanFigures {
    /// Per trip, in plan order.
    pub trips: Vec<Figures>,
    /// Per IRO, in input order.
    pub iros: Vec<IroFigures>,
    /// Sum over trips.
    pub total: Figures,
}

/// Computes the figures of a plan.
pub fn plan_figures(caseload: &Caseload, plan: &Plan) -> PlanFigures {
    let cfg = &caseload.config;
    let travel = TravelModel::new(&cfg.travel, caseload.matrix.clone());
    let trips: Vec<Figures> = plan
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
                vacant: caseload.iro(i).vacant,
                children,
                band_min,
                band_max,
                per_fte: if fte > 0.0 {
                    children as f64 / fte
                } else {
                    0.0
                },
                reviews: plan.reviews.iter().filter(|r| r.iro == i).count()
                    + plan.unscheduled.iter().filter(|r| r.iro == i).count(),
                trips: 0,
                travel: TripFigures::default(),
            }
        })
        .collect();
    let mut total = Figures::default();
    for (t, f) in plan.trips.iter().zip(&trips) {
        let row: &mut IroFigures = &mut iros[t.iro.idx()];
        row.trips += 1;
        row.travel += *f;
        total += *f;
    }
    PlanFigures { trips, iros, total }
}
