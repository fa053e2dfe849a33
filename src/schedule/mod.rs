//! Review scheduling: every statutory review in the horizon gets a date, a time, a chair and a
//! trip — or, where the hard rules leave no day for it, is reported unscheduled with a reason.
//!
//! The year is planned in rolling blocks ([`ScheduleOptions::block_days`]). In each block every
//! IRO plans its own reviews in parallel (rayon), then reviews their IRO cannot hold on time are
//! covered by colleagues or an agency ([`cover`]), then each review held fixes its successor's
//! due date (reg. 33 counts from the held date), which joins its IRO's queue ([`queue`]).
//! One file per concern:
//!
//! | file | concern |
//! |---|---|
//! | [`queue`] | the review chains: what is due next, its window and mode |
//! | [`day_book`] | one owner of "is this day free" and of each ISO week's hours |
//! | [`office`] | virtual reviews at the office, with a lunch gap |
//! | [`remote`] | trips to placements beyond a comfortable day trip, overnight where cheaper |
//! | [`near`] | day routes to near placements through the routing core, weeks as shared limits |
//! | [`timing`] | timing one trip: departures, lunch, driving breaks and cap, hotels |
//! | [`cover`] | absence cover by colleagues or an agency; late placement as a last resort |
//! | [`iro`] | one IRO's block: the pieces above in order |
//! | [`naive`] | the baseline: each review on its due date, one round trip each |
//! | [`reason`] | why a review is late, forced virtual or unscheduled, and what to do |
//!
//! Every rule (journey cost, hotels, virtual policy, review length and timing price, the
//! working day and week) comes from [`crate::policy::Policy`].

pub mod cover;
pub mod day_book;
pub mod iro;
pub mod naive;
pub mod near;
pub mod office;
pub mod queue;
pub mod reason;
pub mod remote;
pub mod timing;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::domain::{Caseload, ChildId, IroId, LatLon};
use crate::policy::Policy;
use crate::progress::Progress;

pub use reason::Reason;

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

/// Who chairs a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chair {
    /// An IRO of the service: the child's own, or a colleague covering.
    Iro(IroId),
    /// An agency IRO (absence cover bought in).
    Agency,
}

impl Chair {
    /// The chairing IRO of the service, if any.
    pub fn iro(self) -> Option<IroId> {
        match self {
            Chair::Iro(i) => Some(i),
            Chair::Agency => None,
        }
    }
}

/// Index of a trip in [`Plan::trips`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TripId(pub u32);

impl TripId {
    /// The index as `usize`.
    pub fn idx(self) -> usize {
        self.0 as usize
    }
}

/// One statutory review, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedReview {
    /// The child.
    pub child: ChildId,
    /// The child's IRO (as allocated).
    pub iro: IroId,
    /// Who chairs it: the child's IRO, a colleague covering, or an agency.
    pub chair: Chair,
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
    /// The trip of an in-person review chaired by an IRO of the service.
    pub trip: Option<TripId>,
    /// Held on or before its due date.
    pub on_time: bool,
    /// Held virtually although policy asks for in person, because no in-person trip was
    /// possible (e.g. beyond a day's reach of an IRO who cannot stay overnight).
    pub forced_virtual: bool,
    /// Why it is late or forced virtual (or flagged).
    pub reason: Option<Reason>,
}

impl PlannedReview {
    /// The chairing IRO of the service (`None` for agency cover).
    pub fn chair_iro(&self) -> Option<IroId> {
        self.chair.iro()
    }

    /// `colleague` when a colleague chairs, `agency` for an agency, `None` for the child's IRO.
    pub fn cover(&self) -> Option<&'static str> {
        match self.chair {
            Chair::Agency => Some("agency"),
            Chair::Iro(i) if i != self.iro => Some("colleague"),
            Chair::Iro(_) => None,
        }
    }
}

/// A review due in the horizon that could not be held inside it under the hard rules.
#[derive(Debug, Clone, PartialEq)]
pub struct UnscheduledReview {
    /// The child.
    pub child: ChildId,
    /// The child's IRO.
    pub iro: IroId,
    /// Statutory count.
    pub number: u32,
    /// Statutory due date.
    pub due: NaiveDate,
    /// Why no day was found.
    pub reason: Reason,
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
    /// A lunch break where the IRO is.
    Lunch,
}

impl StopKind {
    /// `base` / `review` / `hotel` / `lunch`.
    pub fn as_str(self) -> &'static str {
        match self {
            StopKind::Base => "base",
            StopKind::Review => "review",
            StopKind::Hotel => "hotel",
            StopKind::Lunch => "lunch",
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
    /// Arrival time (base: departure time for the first stop; review: the meeting's start).
    pub arrive: i64,
    /// Departure time (next day for a hotel).
    pub depart: i64,
    /// Where.
    pub point: LatLon,
}

/// A trip: from the base, through reviews (and hotels, lunch), back to the base.
#[derive(Debug, Clone, PartialEq)]
pub struct Trip {
    /// The IRO travelling (the chair of its reviews).
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
    /// Days a remote trip is tried leaving on, latest first, keeping the one that saves most
    /// with the reviews it takes (1: the latest day its first review fits).
    pub opening_days: usize,
    /// Rolling block length, days; shorter than the shortest review interval less the look-back.
    pub block_days: i64,
    /// Days before a block whose day routes may take more reviews.
    pub lookback_days: i64,
    /// Pence per day late: far above any travel saving, so lateness is a last resort.
    pub late_penalty_per_day: i64,
    /// Late days offered to an overdue or uncovered near review in the routing core.
    pub late_options: usize,
    /// Colleagues tried for each review needing cover (nearest bases first).
    pub cover_candidates: usize,
    /// Days after its due date in which a colleague may still hold a review late while its IRO
    /// is away; later, colleagues' hours are kept for their own on-time reviews and the review
    /// waits for its IRO.
    pub late_cover_days: i64,
    /// Routing-core iterations per block.
    pub route_iterations: u64,
    /// Routing-core iterations without improvement before stopping.
    pub route_no_improvement: u64,
    /// Seed of the routing core (plans are deterministic for a seed).
    pub seed: u64,
    /// Pence for moving a review off its date in the previous plan (`plan --previous`): above
    /// the travel a move could save, below a day late, so dates stay unless a rule moves them.
    pub move_penalty: i64,
    /// The previous plan's dates, when re-planning.
    pub previous: Option<std::sync::Arc<Previous>>,
}

/// The dates of a previous plan's reviews, by child and statutory number (`plan --previous`).
#[derive(Debug, Clone, Default)]
pub struct Previous {
    dates: std::collections::HashMap<(ChildId, u32), NaiveDate>,
    /// The previous plan's first day: re-planning keeps its blocks (see [`Previous::blocks_from`]).
    start: Option<NaiveDate>,
}

impl Previous {
    /// From (child, review number, date) triples.
    pub fn new(dates: impl IntoIterator<Item = (ChildId, u32, NaiveDate)>) -> Previous {
        Previous {
            dates: dates.into_iter().map(|(c, n, d)| ((c, n), d)).collect(),
            start: None,
        }
    }

    /// The previous plan started on `start`.
    pub fn starting(mut self, start: NaiveDate) -> Previous {
        self.start = Some(start);
        self
    }

    /// Where a re-plan starting on `start` in blocks of `block` days cuts its first block, and
    /// that block's number: on the previous plan's block boundaries, so that every later block
    /// is cut, numbered and seeded as it was and, with the same reviews in it, routed the same
    /// (a plan started a week later would otherwise cut every block a week later and move
    /// reviews no rule moves). `None` if the previous plan started later.
    fn blocks_from(&self, start: NaiveDate, block: i64) -> Option<(NaiveDate, u64)> {
        let first = self.start?;
        if first > start {
            return None;
        }
        let k = (start - first).num_days() / block;
        Some((first + chrono::Duration::days((k + 1) * block), k as u64))
    }

    /// The date review `number` of `child` had in the previous plan.
    pub fn date_of(&self, child: ChildId, number: u32) -> Option<NaiveDate> {
        self.dates.get(&(child, number)).copied()
    }
}

impl Default for ScheduleOptions {
    fn default() -> Self {
        ScheduleOptions {
            insertion_candidates: 40,
            opening_days: 6,
            block_days: 42,
            lookback_days: 35,
            late_penalty_per_day: 1_000_000,
            late_options: 5,
            cover_candidates: 6,
            late_cover_days: 7,
            route_iterations: 250,
            route_no_improvement: 100,
            seed: 1,
            move_penalty: 50_000,
            previous: None,
        }
    }
}

/// One IRO-week's hours, as planned.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekLoad {
    /// The IRO.
    pub iro: IroId,
    /// Monday of the ISO week.
    pub monday: NaiveDate,
    /// Days the IRO works that week inside the horizon.
    pub available_days: u32,
    /// Hours available for meetings, admin and driving.
    pub limit_hours: f64,
    /// Meeting hours.
    pub meeting_hours: f64,
    /// Admin hours done in the week (its own reviews' and any carried from the weeks
    /// before), plus admin due by the week that did not fit.
    pub admin_hours: f64,
    /// … of which of reviews held in the weeks before (a round's write-ups).
    pub admin_carried_hours: f64,
    /// Driving hours.
    pub drive_hours: f64,
    /// Reviews chaired.
    pub reviews: usize,
}

impl WeekLoad {
    /// Meetings + admin + driving.
    pub fn total_hours(&self) -> f64 {
        self.meeting_hours + self.admin_hours + self.drive_hours
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
    /// Every review held, sorted by chair, date and start time (agency-chaired last).
    pub reviews: Vec<PlannedReview>,
    /// Reviews due in the horizon that no day could hold.
    pub unscheduled: Vec<UnscheduledReview>,
    /// Every trip, sorted by IRO and start date.
    pub trips: Vec<Trip>,
}

impl Plan {
    /// Reviews due in the horizon: held and unscheduled.
    pub fn reviews_due(&self) -> usize {
        self.reviews.len() + self.unscheduled.len()
    }
}

/// Schedules every review of every child with its allocated IRO.
pub fn schedule(caseload: &Caseload, allocation: &[IroId], options: &ScheduleOptions) -> Plan {
    schedule_with_progress(caseload, allocation, options, &Progress::hidden())
}

/// As [`schedule`], reporting progress by block.
pub fn schedule_with_progress(
    caseload: &Caseload,
    allocation: &[IroId],
    options: &ScheduleOptions,
    progress: &Progress,
) -> Plan {
    let policy = Policy::new(caseload);
    let mut planners: Vec<iro::IroPlanner> = caseload
        .iro_ids()
        .map(|i| iro::IroPlanner::new(caseload, &policy, i, options))
        .collect();
    for c in caseload.child_ids() {
        if let Some(p) = planners.get_mut(allocation[c.idx()].idx()) {
            p.enqueue_first(caseload, &policy, c);
        }
    }
    // Booked reviews are fixed points: placed before anything else is planned.
    planners
        .par_iter_mut()
        .for_each(|p| p.place_booked(caseload, &policy));
    let block = options.block_days.max(7);
    let blocks = ((policy.end - policy.start).num_days() / block + 1) as u64;
    progress.stage("scheduling", Some(blocks));
    let mut b = policy.start;
    // Re-planning: the first block ends where the previous plan's block ended.
    let aligned = (options.previous.as_ref()).and_then(|p| p.blocks_from(policy.start, block));
    let mut first_end = aligned.map(|(end, _)| end);
    let mut block_no = aligned.map_or(0, |(_, n)| n);
    while b <= policy.end {
        let block_end = first_end
            .take()
            .unwrap_or(b + chrono::Duration::days(block));
        block_no += 1;
        let requests: Vec<cover::Request> = planners
            .par_iter_mut()
            .flat_map_iter(|p| p.plan_block(caseload, &policy, options, b, block_end, block_no))
            .collect();
        let held_by_cover = cover::cover(caseload, &policy, options, &mut planners, requests);
        for (owner, held) in held_by_cover {
            planners[owner.idx()].chain_on(caseload, &policy, held);
        }
        progress.inc(1);
        b = block_end;
    }
    assemble(caseload, &policy, allocation, planners)
}

/// Gathers every IRO's reviews and trips into one plan, trips numbered in IRO and date order.
fn assemble(
    caseload: &Caseload,
    policy: &Policy,
    allocation: &[IroId],
    planners: Vec<iro::IroPlanner>,
) -> Plan {
    let mut reviews = Vec::new();
    let mut unscheduled = Vec::new();
    let mut trips = Vec::new();
    for p in planners {
        let (r, u, t) = p.finish(caseload, policy, trips.len());
        reviews.extend(r);
        unscheduled.extend(u);
        trips.extend(t);
    }
    reviews.sort_by_key(|r| (r.chair, r.date, r.start, r.child));
    unscheduled.sort_by_key(|r| (r.iro, r.due, r.child));
    Plan {
        horizon_start: policy.start,
        horizon_end: policy.end,
        allocation: allocation.to_vec(),
        reviews,
        unscheduled,
        trips,
    }
}

/// Each IRO-week's hours in a plan, recomputed from its reviews and trips: every week with
/// meetings, driving or admin. A review's admin is done in its week or carried to the next
/// (`workload.admin_carry_weeks`, [`Policy::carry_admin`]); a week's `admin_hours` is the admin
/// done in it plus any whose last week it is and that did not fit (then the week is over).
pub fn week_loads(caseload: &Caseload, plan: &Plan) -> Vec<WeekLoad> {
    use crate::policy::WeekWork;
    use std::collections::BTreeMap;
    let policy = Policy::new(caseload);
    let admin = policy.admin_secs();
    #[derive(Default)]
    struct Own {
        meeting: i64,
        drive_hours: f64,
        reviews: usize,
    }
    let mut own: BTreeMap<(IroId, NaiveDate), Own> = BTreeMap::new();
    for r in &plan.reviews {
        if let Some(chair) = r.chair_iro() {
            let w = own.entry((chair, Policy::week_of(r.date))).or_default();
            w.meeting += r.end - r.start;
            w.reviews += 1;
        }
    }
    for t in &plan.trips {
        for pair in t.stops.windows(2) {
            let hours = policy.leg(pair[0].point, pair[1].point).hours;
            own.entry((t.iro, Policy::week_of(pair[1].date)))
                .or_default()
                .drive_hours += hours;
        }
    }
    let carry = i64::from(policy.admin_carry_weeks());
    let mut out = Vec::with_capacity(own.len());
    let iros: std::collections::BTreeSet<IroId> = own.keys().map(|k| k.0).collect();
    for iro in iros {
        let mine: Vec<(NaiveDate, &Own)> = own
            .range((iro, NaiveDate::MIN)..=(iro, NaiveDate::MAX))
            .map(|(k, v)| (k.1, v))
            .collect();
        let (Some(first), Some(last)) = (mine.first().map(|m| m.0), mine.last().map(|m| m.0))
        else {
            continue;
        };
        let mondays: Vec<NaiveDate> = (0..=(last - first).num_weeks() + carry)
            .map(|k| first + chrono::Duration::weeks(k))
            .collect();
        let empty = Own::default();
        let of = |m: NaiveDate| {
            mine.binary_search_by_key(&m, |x| x.0)
                .map_or(&empty, |i| mine[i].1)
        };
        let limits: Vec<i64> = mondays
            .iter()
            .map(|&m| policy.week_limit(caseload.iro(iro), iro, m))
            .collect();
        let work: Vec<WeekWork> = mondays
            .iter()
            .zip(&limits)
            .map(|(&m, &limit)| {
                let w = of(m);
                WeekWork {
                    limit,
                    fixed: w.meeting + (w.drive_hours * 3600.0).round() as i64,
                    admin: admin * w.reviews as i64,
                }
            })
            .collect();
        for ((&m, &limit), a) in mondays.iter().zip(&limits).zip(policy.carry_admin(&work)) {
            let w = of(m);
            if w.meeting == 0 && w.drive_hours == 0.0 && w.reviews == 0 && a.done + a.overdue == 0 {
                continue;
            }
            out.push(WeekLoad {
                iro,
                monday: m,
                available_days: policy.available_days_in_week(iro, m),
                limit_hours: limit as f64 / 3600.0,
                meeting_hours: w.meeting as f64 / 3600.0,
                admin_hours: (a.done + a.overdue) as f64 / 3600.0,
                admin_carried_hours: a.carried_in as f64 / 3600.0,
                drive_hours: w.drive_hours,
                reviews: w.reviews,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Previous;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn a_replan_cuts_its_blocks_where_the_previous_plan_did() {
        // Previous plan from Tue 1 Dec 2026 in 42-day blocks: 1 Dec, 12 Jan, 23 Feb, …
        let prev = Previous::new([]).starting(d("2026-12-01"));
        // A week later: the first block is the rest of the previous first block (number 0,
        // so the loop numbers it 1 as before).
        assert_eq!(
            prev.blocks_from(d("2026-12-08"), 42),
            Some((d("2027-01-12"), 0))
        );
        // Seven weeks later: inside the second block, which ends on 23 February.
        assert_eq!(
            prev.blocks_from(d("2027-01-19"), 42),
            Some((d("2027-02-23"), 1))
        );
        // On a boundary: a whole block.
        assert_eq!(
            prev.blocks_from(d("2027-01-12"), 42),
            Some((d("2027-02-23"), 1))
        );
        // A previous plan that starts later, or none read: blocks from the new start.
        assert_eq!(prev.blocks_from(d("2026-11-30"), 42), None);
        assert_eq!(Previous::new([]).blocks_from(d("2026-12-08"), 42), None);
    }
}
