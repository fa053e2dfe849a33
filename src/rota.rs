//! The weekly rota: one ISO week (Monday to Sunday) of a plan — a view, not a second
//! optimisation. The same inputs, horizon and options give the same plan as `plan`, so every
//! review in the rota has the date, time and trip (and trip id) it has in the plan.
//!
//! [`Week::of`] selects the week's reviews, the trips running in it (a trip that starts the
//! Sunday before and returns on Monday is in both weeks) and the week's late and unscheduled
//! reviews; `io::outputs::rota_sheet` writes `rota.csv`, `report::itinerary` the terminal
//! text, `report::write_calendars_between` the calendars.

use chrono::{Datelike, Duration, NaiveDate};

use crate::error::{Error, Result};
use crate::schedule::{Plan, PlannedReview, Trip, TripId, UnscheduledReview};

/// One week of a plan.
#[derive(Debug, Clone)]
pub struct Week<'p> {
    /// The plan it is a view of.
    pub plan: &'p Plan,
    /// Monday.
    pub monday: NaiveDate,
    /// Sunday.
    pub sunday: NaiveDate,
    /// Trips with a day in the week, with their ids in the plan.
    pub trips: Vec<(TripId, &'p Trip)>,
    /// Reviews held in the week.
    pub reviews: Vec<&'p PlannedReview>,
    /// Reviews falling due in the week that no day could hold.
    pub unscheduled: Vec<&'p UnscheduledReview>,
}

impl<'p> Week<'p> {
    /// The week of `plan` holding `day`.
    ///
    /// # Errors
    /// [`Error::Usage`] if the week has no day inside the plan's horizon.
    pub fn of(plan: &'p Plan, day: NaiveDate) -> Result<Week<'p>> {
        let monday = day - Duration::days(day.weekday().num_days_from_monday() as i64);
        let sunday = monday + Duration::days(6);
        if sunday < plan.horizon_start || monday > plan.horizon_end {
            return Err(Error::Usage(format!(
                "--week {day}: the week {monday} to {sunday} is outside the plan \
                 ({} to {}); give --start (and --months) so that the plan covers it",
                plan.horizon_start, plan.horizon_end
            )));
        }
        let inside = |d: NaiveDate| monday <= d && d <= sunday;
        Ok(Week {
            plan,
            monday,
            sunday,
            trips: plan
                .trips
                .iter()
                .enumerate()
                .filter(|(_, t)| t.start_date() <= sunday && t.end_date() >= monday)
                .map(|(i, t)| (TripId(i as u32), t))
                .collect(),
            reviews: plan.reviews.iter().filter(|r| inside(r.date)).collect(),
            unscheduled: plan.unscheduled.iter().filter(|u| inside(u.due)).collect(),
        })
    }

    /// The week's reviews held after their due date.
    pub fn late(&self) -> impl Iterator<Item = &&'p PlannedReview> {
        self.reviews.iter().filter(|r| !r.on_time)
    }

    /// True if a review of the week is late or could not be held: the rota is written, the
    /// shortfall stated, and the exit code is 1.
    pub fn has_shortfall(&self) -> bool {
        self.late().next().is_some() || !self.unscheduled.is_empty()
    }

    /// The days of the week.
    pub fn range(&self) -> (NaiveDate, NaiveDate) {
        (self.monday, self.sunday)
    }
}
