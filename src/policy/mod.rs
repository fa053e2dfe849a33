//! The owner of the service's rules: every planner part asks this module, built once from the
//! configuration, what a journey costs, when a hotel is needed, whether a review is virtual, how
//! long it lasts, when it may be held, what it costs to hold it early, how long the horizon is
//! and how much an IRO may work in a day and a week. The independent checker (`check`) keeps
//! its own copy of these rules on purpose: it is the witness, not a user.
//!
//! | file | rules |
//! |---|---|
//! | [`journey`] | travel model, journey £ (mileage + staff time + hotel), driving time with breaks, the hotel rule of a round trip |
//! | [`review`] | review length, virtual-review policy, the early window and first-review floor, the price of a review and of holding it early, expected reviews a year |
//! | [`working_time`] | the working day (review hours, departure and return, length, lunch, driving cap) and the working week (hours × share, pro rata) |
//!
//! # Units
//! Times of day and durations in seconds unless a name says hours; money in £; distances in
//! road miles.

pub mod areas;
pub mod journey;
pub mod review;
pub mod working_time;

use chrono::NaiveDate;

use crate::calendar::{Availability, Calendar, add_months_clamped};
use crate::config::Config;
use crate::domain::LatLon;
use crate::domain::{Caseload, Child, IroId};
use crate::geo::{Leg, TravelModel};

pub use areas::{Area, Areas};
pub use journey::RoundTrip;
pub use working_time::{AdminDone, DayRules, WeekWork};

/// The service's rules for one caseload.
#[derive(Debug, Clone)]
pub struct Policy {
    config: Config,
    travel: TravelModel,
    calendar: Calendar,
    availability: Vec<Availability>,
    /// First day planned.
    pub start: NaiveDate,
    /// Last day planned.
    pub end: NaiveDate,
    /// The working day, in seconds.
    pub day: DayRules,
}

impl Policy {
    /// The rules of `caseload`: its configuration, travel model, calendar and IROs' availability.
    pub fn new(caseload: &Caseload) -> Policy {
        let config = caseload.config.clone();
        let start = config.horizon.start;
        let end = horizon_end(start, config.horizon.months);
        Policy {
            travel: TravelModel::new(&config.travel, caseload.matrix.clone()),
            calendar: Calendar::for_horizon(start, config.horizon.months),
            availability: caseload
                .iro_ids()
                .map(|i| {
                    Availability::new(
                        caseload.iro(i).working_days,
                        caseload
                            .absences
                            .iter()
                            .filter(|a| a.iro == i)
                            .map(|a| (a.from, a.to))
                            .collect(),
                    )
                })
                .collect(),
            day: DayRules::new(&config),
            start,
            end,
            config,
        }
    }

    /// The configuration the rules come from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The calendar of the horizon (bank holidays, working days).
    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The travel model.
    pub fn travel(&self) -> &TravelModel {
        &self.travel
    }

    /// The journey between two points.
    pub fn leg(&self, a: LatLon, b: LatLon) -> Leg {
        self.travel.leg(a, b)
    }

    /// When an IRO works.
    pub fn availability(&self, iro: IroId) -> &Availability {
        &self.availability[iro.idx()]
    }

    /// Whether an IRO works on `date` (and `date` is inside the horizon).
    pub fn works_on(&self, iro: IroId, date: NaiveDate) -> bool {
        date >= self.start
            && date <= self.end
            && self.availability[iro.idx()].is_available(&self.calendar, date)
    }

    /// Whether a review due on `due` is overdue when the plan starts: due before the first day
    /// from the horizon's start that `iro` works by its weekly pattern and the calendar (not a
    /// weekend or bank holiday; leave aside, as a colleague covers a review its IRO's leave
    /// keeps from it); without an IRO, before the first working day. Such a review is late in
    /// any plan (reason `overdue_at_start`): a plan starting on a Saturday cannot hold a review
    /// due that weekend on time.
    pub fn overdue_at_start(&self, iro: Option<IroId>, due: NaiveDate) -> bool {
        let works = |d: &NaiveDate| {
            self.calendar.is_working_day(*d)
                && iro.is_none_or(|i| self.availability[i.idx()].pattern.contains_date(*d))
        };
        !self
            .start
            .iter_days()
            .take_while(|d| *d <= due)
            .any(|d| works(&d))
    }

    /// The last due date of a child's chain in the horizon: the horizon's end, or the day the
    /// child leaves care (a review falling due after that is not held).
    pub fn chain_end(&self, child: &Child) -> NaiveDate {
        child.leaves_care.map_or(self.end, |l| l.min(self.end))
    }
}

/// The last day of a horizon of `months` from `start`.
pub fn horizon_end(start: NaiveDate, months: u32) -> NaiveDate {
    add_months_clamped(start, months)
        .pred_opt()
        .unwrap_or(start)
}
