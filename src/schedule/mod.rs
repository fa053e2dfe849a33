//! Review scheduling: every statutory review in the horizon gets a date, a time and a trip.
//!
//! Per IRO (in parallel, rayon), reviews are generated in due-date order as a rolling chain: a
//! review's successor is due 3 or 6 calendar months after the date it is actually *held*, so it
//! enters the queue only once its predecessor is placed (reg. 33 counts from the held date).
//! Trips are built by latest-deadline stabbing ([`trips`]): the most urgent pending review opens a
//! trip on the latest free working day in its window; nearby pending reviews whose windows contain
//! the trip's days are inserted at their cheapest position while that costs less than their own
//! round trip. A trip may run over several days with hotel nights ([`timing`]) when that is
//! cheaper — the West Midlands visited once for two days instead of four day trips.
//! The naive baseline ([`naive`]) holds each review on its due date with one round trip each.

pub mod day_routes;
pub mod naive;
pub mod reviews;
pub mod timing;
pub mod trips;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::calendar::Calendar;
use crate::domain::{Caseload, ChildId, IroId, LatLon};
use crate::geo::TravelModel;
use crate::progress::Progress;

/// How a review is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// At the child's placement.
    InPerson,
    /// By video: no travel, still a slot in the IRO's day.
    Virtual,
}

impl Mode {
    /// `in_person` / `virtual`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::InPerson => "in_person",
            Mode::Virtual => "virtual",
        }
    }
}

/// One statutory review, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedReview {
    /// The child.
    pub child: ChildId,
    /// The IRO chairing it.
    pub iro: IroId,
    /// Statutory count: 1 = first review after becoming looked after.
    pub number: u32,
    /// Statutory due date (may be a weekend).
    pub due: NaiveDate,
    /// Date held.
    pub date: NaiveDate,
    /// Start, seconds after midnight.
    pub start: i64,
    /// End, seconds after midnight.
    pub end: i64,
    /// In person or virtual.
    pub mode: Mode,
    /// Index into [`Plan::trips`] for an in-person review.
    pub trip: Option<usize>,
    /// Held on or before its due date.
    pub on_time: bool,
    /// Held virtually although policy asks for in person, because no in-person trip was
    /// possible (e.g. beyond a day's reach of an IRO who cannot stay overnight): a shortfall,
    /// listed in the summary.
    pub forced_virtual: bool,
}

/// What a trip stop is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopKind {
    /// The IRO's base (first and last stop).
    Base,
    /// A review at a placement.
    Review,
    /// An overnight stay; departs the next morning.
    Hotel,
}

impl StopKind {
    /// `base` / `review` / `hotel`.
    pub fn as_str(self) -> &'static str {
        match self {
            StopKind::Base => "base",
            StopKind::Review => "review",
            StopKind::Hotel => "hotel",
        }
    }
}

/// A stop of a trip. Times are seconds after midnight of `date`; a hotel stop departs on the
/// following day at `depart`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// Kind of stop.
    pub kind: StopKind,
    /// The child reviewed, for a review stop.
    pub child: Option<ChildId>,
    /// Date of arrival.
    pub date: NaiveDate,
    /// Arrival time (base: departure time for the first stop).
    pub arrive: i64,
    /// Departure time (next day for a hotel).
    pub depart: i64,
    /// Where.
    pub point: LatLon,
}

/// A trip: from the base, through reviews (and hotels), back to the base.
#[derive(Debug, Clone, PartialEq)]
pub struct Trip {
    /// The IRO travelling.
    pub iro: IroId,
    /// Stops in order: base, …, base.
    pub stops: Vec<Stop>,
}

impl Trip {
    /// First day.
    pub fn start_date(&self) -> NaiveDate {
        self.stops[0].date
    }

    /// Last day.
    pub fn end_date(&self) -> NaiveDate {
        self.stops[self.stops.len() - 1].date
    }

    /// Hotel nights.
    pub fn nights(&self) -> u32 {
        self.stops
            .iter()
            .filter(|s| s.kind == StopKind::Hotel)
            .count() as u32
    }

    /// Reviews held on the trip.
    pub fn reviews(&self) -> usize {
        self.stops
            .iter()
            .filter(|s| s.kind == StopKind::Review)
            .count()
    }
}

/// Options of the scheduler (algorithm settings, not service rules: those are in config).
#[derive(Debug, Clone)]
pub struct ScheduleOptions {
    /// Candidate reviews considered for insertion into each remote trip (nearest first).
    pub insertion_candidates: usize,
    /// Rolling block length, days; shorter than the shortest review interval less the look-back.
    /// Zero or less plans every review as a stabbing trip (no routing core).
    pub block_days: i64,
    /// Days before a block whose day routes may take more reviews.
    pub lookback_days: i64,
    /// Days after a block where a late review may be placed.
    pub late_days: i64,
    /// Pence per day late: far above any travel saving, so lateness is a last resort.
    pub late_penalty_per_day: i64,
    /// Late days offered to each near review (the first free days after its due date): enough
    /// for a fallback when its on-time days are full, few enough that the routing core does
    /// not search weeks of days no on-time plan uses. A review that still finds no day gets a
    /// trip of its own.
    pub late_options: usize,
    /// Routing-core iterations per block.
    pub route_iterations: u64,
    /// Routing-core iterations without improvement before stopping.
    pub route_no_improvement: u64,
    /// Seed of the routing core (plans are deterministic for a seed).
    pub seed: u64,
}

impl Default for ScheduleOptions {
    fn default() -> Self {
        ScheduleOptions {
            insertion_candidates: 40,
            block_days: 42,
            lookback_days: 35,
            late_days: 28,
            late_penalty_per_day: 1_000_000,
            late_options: 5,
            route_iterations: 250,
            route_no_improvement: 100,
            seed: 1,
        }
    }
}

/// A scheduled plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// First day of the horizon.
    pub horizon_start: NaiveDate,
    /// Last day of the horizon.
    pub horizon_end: NaiveDate,
    /// The IRO of each child (indexed by [`ChildId`]).
    pub allocation: Vec<IroId>,
    /// Every review, sorted by IRO, date and start time.
    pub reviews: Vec<PlannedReview>,
    /// Every trip, sorted by IRO and start date.
    pub trips: Vec<Trip>,
}

/// When an IRO can work: weekly pattern, bank holidays and the IRO's absences.
pub fn availability(caseload: &Caseload, iro: IroId) -> crate::calendar::Availability {
    crate::calendar::Availability {
        pattern: caseload.iro(iro).working_days,
        absences: caseload
            .absences
            .iter()
            .filter(|a| a.iro == iro)
            .map(|a| (a.from, a.to))
            .collect(),
    }
}

/// The last day of a horizon.
pub fn horizon_end(start: NaiveDate, months: u32) -> NaiveDate {
    crate::calendar::add_months_clamped(start, months)
        .pred_opt()
        .unwrap_or(start)
}

/// Schedules every review of every child with its allocated IRO.
pub fn schedule(caseload: &Caseload, allocation: &[IroId], options: &ScheduleOptions) -> Plan {
    schedule_with_progress(caseload, allocation, options, &Progress::hidden())
}

/// As [`schedule`], reporting one step per IRO scheduled.
pub fn schedule_with_progress(
    caseload: &Caseload,
    allocation: &[IroId],
    options: &ScheduleOptions,
    progress: &Progress,
) -> Plan {
    let cfg = &caseload.config;
    let start = cfg.horizon.start;
    let end = horizon_end(start, cfg.horizon.months);
    let calendar = Calendar::for_horizon(start, cfg.horizon.months);
    let travel = TravelModel::new(&cfg.travel, caseload.matrix.clone());
    let mut children_of: Vec<Vec<ChildId>> = vec![Vec::new(); caseload.iros.len()];
    for c in caseload.child_ids() {
        if let Some(list) = children_of.get_mut(allocation[c.idx()].idx()) {
            list.push(c);
        }
    }
    progress.stage("scheduling", Some(caseload.iros.len() as u64));
    let per_iro: Vec<(Vec<PlannedReview>, Vec<Trip>)> = caseload
        .iro_ids()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&iro| {
            let r = trips::schedule_iro(
                caseload,
                iro,
                &children_of[iro.idx()],
                &calendar,
                &travel,
                start,
                end,
                options,
            );
            progress.inc(1);
            r
        })
        .collect();
    let mut reviews = Vec::new();
    let mut all_trips = Vec::new();
    for (mut r, t) in per_iro {
        let offset = all_trips.len();
        for rev in &mut r {
            if let Some(t) = rev.trip.as_mut() {
                *t += offset;
            }
        }
        reviews.extend(r);
        all_trips.extend(t);
    }
    reviews.sort_by_key(|r| (r.iro, r.date, r.start, r.child));
    Plan {
        horizon_start: start,
        horizon_end: end,
        allocation: allocation.to_vec(),
        reviews,
        trips: all_trips,
    }
}
