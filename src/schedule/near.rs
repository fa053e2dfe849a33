//! Near reviews (within a day's reach) as a routing problem for the generic core
//! ([`crate::route`]): each free working day of the IRO is a worker (base to base, shift from
//! earliest departure to latest return, at most `day.max_hours` long, at most
//! `day.max_drive_hours` of driving, capacity = reviews a day), the days of one ISO week form a
//! group sharing the hours left that week (meetings + admin + driving), and each review is a job
//! with one time window per allowed day and an assignment cost: the price of holding it early
//! ([`Policy::timing_cost`]) or a lateness penalty. The core chooses the day of every review and
//! the order of each day, so nearby reviews share a day — this is where day trips are saved —
//! without overfilling a week.
//!
//! Journeys include their driving breaks. The lunch break is kept free by planning each day
//! `day.lunch_minutes` shorter at its end (review window, return, length): [`super::timing`]
//! then inserts the break, which moves what follows by at most that much.
//!
//! Units inside the core: seconds (journeys rounded up to whole minutes, as [`super::timing`]),
//! hundredths of a mile, and pence.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::LatLon;
use crate::policy::Policy;
use crate::route::{self, Job, Matrix, Problem, SolveOptions, TimeWindow, Worker};

const DAY: i64 = 86_400;

/// A review for the day-route problem.
#[derive(Debug, Clone)]
pub struct DayJob {
    /// Placement.
    pub point: LatLon,
    /// Meeting length, seconds.
    pub duration: i64,
    /// Allowed days with an extra cost in pence (the timing price, or a lateness penalty).
    pub days: Vec<(NaiveDate, i64)>,
    /// If set, the job must stay on this day (already decided in an earlier block).
    pub locked: Option<NaiveDate>,
    /// When in the day the meeting may be held, seconds after midnight (it lies inside).
    pub window: (i64, i64),
}

/// Search effort for one block.
#[derive(Debug, Clone)]
pub struct Effort {
    /// Iterations of the core's ruin-and-recreate.
    pub iterations: u64,
    /// Stop after this many iterations without improvement.
    pub no_improvement: u64,
    /// Seed.
    pub seed: u64,
}

/// The chosen day and order of each job; jobs the core could not place are returned apart.
pub struct DayRoutes {
    /// (day, job indices in visiting order).
    pub routes: Vec<(NaiveDate, Vec<usize>)>,
    /// Jobs without a feasible day.
    pub unassigned: Vec<usize>,
}

/// Solves one block: `days` are the IRO's free working days (ascending) that may hold reviews,
/// `week_room` the seconds left in each ISO week (keyed by its Monday) for these days' work.
/// Returned days are always members of `days`.
pub fn solve_block(
    policy: &Policy,
    base: LatLon,
    jobs: &[DayJob],
    days: &[NaiveDate],
    week_room: &BTreeMap<NaiveDate, i64>,
    effort: &Effort,
) -> DayRoutes {
    // Only days some job may use become workers: the look-back and late days no job can take
    // would be empty routes the core keeps trying to open.
    let usable: std::collections::BTreeSet<NaiveDate> = jobs
        .iter()
        .flat_map(|j| j.locked.into_iter().chain(j.days.iter().map(|&(d, _)| d)))
        .filter(|d| days.binary_search(d).is_ok())
        .collect();
    let days: Vec<NaiveDate> = usable.into_iter().collect();
    if jobs.is_empty() || days.is_empty() {
        return DayRoutes {
            routes: Vec::new(),
            unassigned: (0..jobs.len()).collect(),
        };
    }
    let rules = &policy.day;
    let origin = days[0];
    let offset = |d: NaiveDate| (d - origin).num_days() * DAY;
    let day_index = |d: NaiveDate| days.binary_search(&d).ok();
    // Locations: 0 = base, 1 + j = job j.
    let points: Vec<LatLon> = std::iter::once(base)
        .chain(jobs.iter().map(|j| j.point))
        .collect();
    let n = points.len();
    let mut distance = vec![0i64; n * n];
    let mut time = vec![0i64; n * n];
    for a in 0..n {
        for b in 0..n {
            if a != b {
                let leg = policy.leg(points[a], points[b]);
                distance[a * n + b] = (leg.miles * 100.0).round() as i64;
                time[a * n + b] = rules.journey_secs(leg.hours);
            }
        }
    }
    let Ok(matrix) = Matrix::new(n, distance, time) else {
        return DayRoutes {
            routes: Vec::new(),
            unassigned: (0..jobs.len()).collect(),
        };
    };
    let weeks: Vec<NaiveDate> = days
        .iter()
        .map(|&d| Policy::week_of(d))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let lunch = rules.lunch;
    let workers: Vec<Worker> = days
        .iter()
        .map(|&d| Worker {
            start: 0,
            end: 0,
            shift: TimeWindow {
                start: offset(d) + rules.earliest_departure,
                end: offset(d) + rules.latest_return - lunch,
            },
            capacity: rules.max_reviews as i64,
            max_duration: Some(rules.max_length - lunch),
            fixed_cost: 0,
            max_travel: Some(rules.max_drive),
            group: weeks.binary_search(&Policy::week_of(d)).ok(),
        })
        .collect();
    let group_limits: Vec<i64> = weeks
        .iter()
        .map(|w| week_room.get(w).copied().unwrap_or(0).max(0))
        .collect();
    let admin = policy.admin_secs();
    let mut route_jobs = Vec::with_capacity(jobs.len());
    let mut allowed = Vec::with_capacity(jobs.len());
    for (k, j) in jobs.iter().enumerate() {
        let options: Vec<(NaiveDate, i64)> = match j.locked {
            Some(d) => vec![(d, 0)],
            None => j.days.clone(),
        };
        let mut windows = Vec::new();
        let mut allow = Vec::new();
        // The latest start leaves room for a lunch break inserted before the meeting, unless
        // the window is too tight for that (a booked start, short review times).
        let latest_start = j.window.1 - j.duration;
        let latest_start = (latest_start - lunch).max(j.window.0.min(latest_start));
        for (d, extra) in options {
            let Some(w) = day_index(d) else { continue };
            let s = offset(d) + j.window.0;
            let e = offset(d) + latest_start;
            if e >= s {
                windows.push(TimeWindow { start: s, end: e });
                allow.push((w, extra));
            }
        }
        if windows.is_empty() {
            // No allowed day at all: a window that no worker meets keeps the job unassigned.
            windows.push(TimeWindow {
                start: -DAY,
                end: -DAY,
            });
        }
        route_jobs.push(Job {
            location: 1 + k,
            service: j.duration,
            demand: 1,
            windows,
            extra_work: admin,
        });
        allowed.push(Some(allow));
    }
    let costs = &policy.config().costs;
    let problem = Problem {
        jobs: route_jobs,
        workers,
        matrix,
        // Pence per hundredth of a mile = £ per mile; pence per second of driving.
        distance_weight: costs.mileage_per_mile,
        time_weight: costs.staff_per_hour * 100.0 / 3600.0,
        unassigned_penalty: 100_000_000,
        allowed,
        group_limits,
    };
    let options = SolveOptions {
        time_limit: std::time::Duration::from_secs(5),
        max_iterations: Some(effort.iterations),
        no_improvement: Some(effort.no_improvement),
        seed: effort.seed,
        threads: 1,
    };
    let solution = route::solve(&problem, &options);
    DayRoutes {
        routes: solution
            .routes
            .iter()
            .map(|r| (days[r.worker], r.jobs.clone()))
            .collect(),
        unassigned: solution.unassigned,
    }
}
