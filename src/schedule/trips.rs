//! Builds one IRO's trips over the horizon by latest-deadline stabbing with cheapest insertion.
//!
//! The most urgent pending review opens a trip on the latest free working day of its window
//! (interval stabbing: the latest point meets the most later windows). Pending reviews whose
//! windows meet the trip's days are tried nearest first, each at its cheapest position (timed by
//! [`super::timing::simulate`]), and kept when the trip's extra cost (mileage + staff time +
//! hotel) is below the cost of their own round trip. Holding a review fixes its successor's due
//! date, which then joins the queue (rolling chain).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashSet};

use chrono::NaiveDate;

use super::day_routes::{DayJob, Effort, solve_block};
use super::reviews::{earliest_day, next_review, successor};
use super::timing::{DayRules, Timing, Visit, simulate};
use super::{Mode, PlannedReview, ScheduleOptions, Trip};
use crate::calendar::{Availability, Calendar};
use crate::config::Config;
use crate::domain::{Caseload, ChildId, IroId, ReviewMode};
use crate::geo::{TravelModel, haversine_miles};

/// A review waiting for a date.
#[derive(Debug, Clone)]
struct Pending {
    child: ChildId,
    number: u32,
    due: NaiveDate,
    earliest: NaiveDate,
    mode: Mode,
    duration: i64,
    /// Held virtually only because no in-person trip was possible (a declared shortfall).
    forced: bool,
}

/// Days after the horizon's end a late review may still be placed.
const LATE_SEARCH_DAYS: i64 = 366;

/// £ cost of a timed trip.
pub fn trip_cost(t: &Timing, config: &Config) -> f64 {
    config.costs.travel(t.miles, t.hours, t.nights)
}

struct IroState<'a> {
    caseload: &'a Caseload,
    iro: IroId,
    calendar: &'a Calendar,
    travel: &'a TravelModel,
    rules: DayRules,
    availability: Availability,
    /// Days with a trip.
    trip_days: HashSet<NaiveDate>,
    /// Days holding a near day route (decided by the routing core, still open to additions).
    near_days: HashSet<NaiveDate>,
    /// Virtual reviews held at the office each day: (count, time the last one ends).
    office: BTreeMap<NaiveDate, (u32, i64)>,
    max_nights: u32,
    end: NaiveDate,
}

impl IroState<'_> {
    fn available(&self, d: NaiveDate) -> bool {
        self.availability.is_available(self.calendar, d)
    }

    fn free_for_trip(&self, d: NaiveDate) -> bool {
        self.available(d)
            && !self.trip_days.contains(&d)
            && !self.office.contains_key(&d)
            && !self.near_days.contains(&d)
    }

    fn visit(&self, p: &Pending, latest: NaiveDate) -> Visit {
        Visit {
            child: p.child,
            point: self.caseload.child(p.child).location,
            duration: p.duration,
            earliest: p.earliest,
            latest,
        }
    }

    fn simulate(&self, visits: &[Visit], day: NaiveDate) -> Option<Timing> {
        let base = self.caseload.iro(self.iro).base;
        let ok = |d: NaiveDate| self.free_for_trip(d);
        simulate(
            base,
            visits,
            day,
            &ok,
            self.travel,
            &self.rules,
            self.max_nights,
        )
    }

    /// Cost of a review's own round trip (the saving threshold for joining another trip).
    fn own_trip_cost(&self, p: &Pending) -> f64 {
        let base = self.caseload.iro(self.iro).base;
        let leg = self.travel.leg(base, self.caseload.child(p.child).location);
        let cfg = &self.caseload.config;
        let nights = u32::from(leg.hours > cfg.overnight.max_one_way_drive_hours);
        cfg.costs.travel(2.0 * leg.miles, 2.0 * leg.hours, nights)
    }
}

/// Schedules the reviews of one IRO's children.
///
/// Rolling blocks of `options.block_days`: the reviews due before a block's end are taken from
/// the queue; virtual ones go to office days, remote ones (beyond `remote_drive_hours`) open
/// stabbing trips that may stay overnight, and near ones are solved together as day routes by
/// the routing core, on the block's free days plus a look-back over the previous block (whose
/// days keep their reviews but may take more). Successors enter the queue once their
/// predecessor's day is fixed; a block is shorter than the shortest review interval, so a chain
/// never needs two reviews from one block.
#[allow(clippy::too_many_arguments)]
pub fn schedule_iro(
    caseload: &Caseload,
    iro: IroId,
    children: &[ChildId],
    calendar: &Calendar,
    travel: &TravelModel,
    start: NaiveDate,
    end: NaiveDate,
    options: &ScheduleOptions,
) -> (Vec<PlannedReview>, Vec<Trip>) {
    let cfg = &caseload.config;
    let rules_review = &cfg.review;
    let the_iro = caseload.iro(iro);
    let availability = super::availability(caseload, iro);
    let max_nights = if cfg.overnight.allowed && the_iro.overnight {
        cfg.overnight.max_nights
    } else {
        0
    };
    let mut st = IroState {
        caseload,
        iro,
        calendar,
        travel,
        rules: DayRules::new(cfg),
        availability,
        trip_days: HashSet::new(),
        near_days: HashSet::new(),
        office: BTreeMap::new(),
        max_nights,
        end,
    };
    let base = the_iro.base;
    let make = |child: ChildId, number: u32, due: NaiveDate, not_before: NaiveDate| {
        let c = caseload.child(child);
        let duration = (cfg.review_hours(c.extra_time) * 3600.0).round() as i64;
        let far = cfg
            .virtual_reviews
            .over_miles
            .is_some_and(|m| travel.leg(base, c.location).miles >= m);
        let eligible = c.review_mode == ReviewMode::VirtualAllowed || far;
        let virtual_now = eligible && (!cfg.virtual_reviews.alternate || number.is_multiple_of(2));
        Pending {
            child,
            number,
            due,
            earliest: earliest_day(due, not_before.max(start), calendar, rules_review),
            mode: if virtual_now {
                Mode::Virtual
            } else {
                Mode::InPerson
            },
            duration,
            forced: false,
        }
    };
    let remote = |p: &Pending| {
        travel.leg(base, caseload.child(p.child).location).hours > cfg.overnight.remote_drive_hours
    };
    let mut pending: Vec<Option<Pending>> = Vec::new();
    let mut heap: BinaryHeap<Reverse<(NaiveDate, NaiveDate, ChildId, usize)>> = BinaryHeap::new();
    let push = |p: Pending, pending: &mut Vec<Option<Pending>>, heap: &mut BinaryHeap<_>| {
        heap.push(Reverse((p.due, p.earliest, p.child, pending.len())));
        pending.push(Some(p));
    };
    for &c in children {
        let child = caseload.child(c);
        let (number, due) = next_review(child, calendar, rules_review);
        if due <= chain_end(child, end) {
            let not_before = child
                .last_review
                .map_or(child.looked_after_since, |d| d.succ_opt().unwrap_or(d));
            push(make(c, number, due, not_before), &mut pending, &mut heap);
        }
    }
    // Reviews placed: (pending, date, start, end, trip index); trips as timings.
    let mut placed: Vec<(Pending, NaiveDate, i64, i64, Option<usize>)> = Vec::new();
    let mut timings: Vec<Timing> = Vec::new();
    // Near day routes decided so far, in visiting order.
    let mut near: BTreeMap<NaiveDate, Vec<Pending>> = BTreeMap::new();
    let days = |n: i64| chrono::Duration::days(n);
    let mut b = start;
    let mut block_seed = 0u64;
    while let Some(Reverse((next_due, ..))) = heap.peek().cloned() {
        let block_end = b + days(options.block_days);
        if next_due >= block_end {
            b = block_end;
            continue;
        }
        let mut near_new: Vec<Pending> = Vec::new();
        let mut held_now: Vec<(Pending, NaiveDate)> = Vec::new();
        while let Some(Reverse((due, _, _, idx))) = heap.peek().cloned() {
            if due >= block_end {
                break;
            }
            heap.pop();
            let Some(p) = pending[idx].take() else {
                continue;
            };
            if p.mode == Mode::Virtual {
                let (date, s) = place_virtual(&mut st, &p);
                held_now.push((p.clone(), date));
                placed.push((p.clone(), date, s, s + p.duration, None));
            } else if remote(&p) || options.block_days <= 0 {
                if let Some((trip, members)) = remote_trip(&mut st, &p, &mut pending, options) {
                    let trip_idx = timings.len();
                    for (q, date, s, e) in members {
                        held_now.push((q.clone(), date));
                        placed.push((q, date, s, e, Some(trip_idx)));
                    }
                    timings.push(trip);
                } else {
                    let (q, date, s, e) = forced_virtual(&mut st, &p);
                    held_now.push((q.clone(), date));
                    placed.push((q, date, s, e, None));
                }
            } else {
                near_new.push(p);
            }
        }
        if !near_new.is_empty() {
            let from = b - days(options.lookback_days);
            let to = block_end + days(options.late_days);
            let free: Vec<NaiveDate> = from
                .max(start)
                .iter_days()
                .take_while(|d| *d < to)
                .filter(|&d| {
                    st.available(d) && !st.trip_days.contains(&d) && !st.office.contains_key(&d)
                })
                .collect();
            let mut jobs: Vec<DayJob> = Vec::new();
            let mut owners: Vec<Pending> = Vec::new();
            let locked_days: Vec<NaiveDate> = near.range(from..).map(|(d, _)| *d).collect();
            for d in &locked_days {
                for p in near.remove(d).unwrap_or_default() {
                    jobs.push(DayJob {
                        point: caseload.child(p.child).location,
                        duration: p.duration,
                        days: Vec::new(),
                        locked: Some(*d),
                    });
                    owners.push(p);
                }
            }
            let first_new = jobs.len();
            for p in &near_new {
                let on_time = free.iter().filter(|&&d| d >= p.earliest && d <= p.due);
                let late = free
                    .iter()
                    .filter(|&&d| d > p.due && d >= p.earliest)
                    .take(options.late_options);
                let allowed = on_time
                    .chain(late)
                    .map(|&d| {
                        let late = (d - p.due).num_days().max(0);
                        (d, late * options.late_penalty_per_day)
                    })
                    .collect();
                jobs.push(DayJob {
                    point: caseload.child(p.child).location,
                    duration: p.duration,
                    days: allowed,
                    locked: None,
                });
                owners.push(p.clone());
            }
            block_seed += 1;
            let solved = solve_block(
                base,
                &jobs,
                &free,
                travel,
                &st.rules,
                &cfg.costs,
                &Effort {
                    iterations: options.route_iterations,
                    no_improvement: options.route_no_improvement,
                    seed: options.seed ^ block_seed,
                },
            );
            for (d, order) in solved.routes {
                let list: Vec<Pending> = order.iter().map(|&k| owners[k].clone()).collect();
                for &k in &order {
                    if k >= first_new {
                        held_now.push((owners[k].clone(), d));
                    }
                }
                near.insert(d, list);
            }
            st.near_days = near.keys().copied().collect();
            for k in solved.unassigned {
                let p = owners[k].clone();
                // A review kept from an earlier block already queued its successor.
                let new = k >= first_new;
                // Without a feasible day in reach (absence, full days): a separate trip, late
                // if need be; a locked job cannot be unassigned unless its day broke.
                match open_trip(&st, &p) {
                    Some((_, t)) => {
                        for d in t.days() {
                            st.trip_days.insert(d);
                        }
                        let trip_idx = timings.len();
                        for (child, date, s, e) in t.review_slots() {
                            if child == p.child {
                                if new {
                                    held_now.push((p.clone(), date));
                                }
                                placed.push((p.clone(), date, s, e, Some(trip_idx)));
                            }
                        }
                        timings.push(t);
                    }
                    None => {
                        let (q, date, s, e) = forced_virtual(&mut st, &p);
                        if new {
                            held_now.push((q.clone(), date));
                        }
                        placed.push((q, date, s, e, None));
                    }
                }
            }
        }
        for (q, date) in held_now {
            let (n2, due2) = successor(q.number, date, rules_review);
            if due2 <= chain_end(caseload.child(q.child), end) {
                let next = make(q.child, n2, due2, date.succ_opt().unwrap_or(date));
                push(next, &mut pending, &mut heap);
            }
        }
        b = block_end;
    }
    // Time the near day routes.
    for (d, list) in near {
        let visits: Vec<Visit> = list.iter().map(|p| st.visit(p, d.max(p.due))).collect();
        let only = |x: NaiveDate| x == d;
        let timing = simulate(base, &visits, d, &only, travel, &st.rules, 0);
        match timing {
            Some(t) => {
                let trip_idx = timings.len();
                let mut by_child = list.clone();
                for (child, date, s, e) in t.review_slots() {
                    if let Some(pos) = by_child.iter().position(|q| q.child == child) {
                        let q = by_child.swap_remove(pos);
                        placed.push((q, date, s, e, Some(trip_idx)));
                    }
                }
                timings.push(t);
            }
            None => {
                // The core and the timing disagree (should not happen): one trip per review
                // the same day would break "one trip a day", so time them as one trip each on
                // the day and report through the checker rather than hide it.
                for p in list {
                    let v = st.visit(&p, d.max(p.due));
                    if let Some(t) = simulate(base, &[v], d, &only, travel, &st.rules, 0) {
                        let trip_idx = timings.len();
                        for (_, date, s, e) in t.review_slots() {
                            placed.push((p.clone(), date, s, e, Some(trip_idx)));
                        }
                        timings.push(t);
                    }
                }
            }
        }
    }
    let mut out_reviews: Vec<PlannedReview> = placed
        .into_iter()
        .map(|(q, date, s, e, trip)| PlannedReview {
            child: q.child,
            iro,
            number: q.number,
            due: q.due,
            date,
            start: s,
            end: e,
            mode: q.mode,
            trip,
            on_time: date <= q.due,
            forced_virtual: q.forced,
        })
        .collect();
    // Order trips by start date and renumber the reviews' references.
    let mut order: Vec<usize> = (0..timings.len()).collect();
    order.sort_by_key(|&i| (timings[i].stops[0].date, timings[i].stops[0].depart));
    let mut new_index = vec![0; timings.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    for r in &mut out_reviews {
        if let Some(t) = r.trip.as_mut() {
            *t = new_index[*t];
        }
    }
    let mut slots: Vec<Option<Timing>> = timings.into_iter().map(Some).collect();
    let trips = order
        .iter()
        .map(|&i| Trip {
            iro,
            stops: slots[i].take().map_or_else(Vec::new, |t| t.stops),
        })
        .collect();
    (out_reviews, trips)
}

/// A remote review's trip: opened on the latest free day of its window and grown with nearby
/// pending reviews; returns the timing and every review held on it.
#[allow(clippy::type_complexity)]
fn remote_trip(
    st: &mut IroState<'_>,
    p: &Pending,
    pending: &mut [Option<Pending>],
    options: &ScheduleOptions,
) -> Option<(Timing, Vec<(Pending, NaiveDate, i64, i64)>)> {
    let (day, timing) = open_trip(st, p)?;
    let (timing, members) = grow_trip(st, p, day, timing, pending, options.insertion_candidates);
    let mut by_child: Vec<Pending> = vec![p.clone()];
    by_child.extend(members.iter().filter_map(|&m| pending[m].take()));
    for d in timing.days() {
        st.trip_days.insert(d);
    }
    let mut out = Vec::new();
    for (child, date, s, e) in timing.review_slots() {
        if let Some(pos) = by_child.iter().position(|q| q.child == child) {
            let q = by_child.swap_remove(pos);
            out.push((q, date, s, e));
        }
    }
    Some((timing, out))
}

/// No in-person trip is possible at all (e.g. too far without overnight stays): the review is
/// held virtually rather than dropped (the checker reports it unless policy allows it).
fn forced_virtual(st: &mut IroState<'_>, p: &Pending) -> (Pending, NaiveDate, i64, i64) {
    let mut q = p.clone();
    q.mode = Mode::Virtual;
    q.forced = true;
    let (date, s) = place_virtual(st, &q);
    let e = s + q.duration;
    (q, date, s, e)
}

/// The last due date of a child's chain in the horizon: the horizon's end, or the day the child
/// leaves care (a review falling due after that is not held).
pub fn chain_end(child: &crate::domain::Child, end: NaiveDate) -> NaiveDate {
    child.leaves_care.map_or(end, |l| l.min(end))
}

/// Finds the latest free day in the review's window with a feasible trip; else the first
/// feasible day after it (late).
fn open_trip(st: &IroState<'_>, p: &Pending) -> Option<(NaiveDate, Timing)> {
    let mut d = p.due;
    while d >= p.earliest {
        if st.free_for_trip(d)
            && let Some(t) = st.simulate(&[st.visit(p, p.due)], d)
        {
            return Some((d, t));
        }
        d = d.pred_opt()?;
    }
    let limit = st.end + chrono::Duration::days(LATE_SEARCH_DAYS);
    let mut d = p.due.succ_opt()?.max(p.earliest);
    while d <= limit {
        if st.free_for_trip(d)
            && let Some(t) = st.simulate(&[st.visit(p, limit)], d)
        {
            return Some((d, t));
        }
        d = d.succ_opt()?;
    }
    None
}

/// Inserts nearby pending reviews into the trip while each saves money.
fn grow_trip(
    st: &IroState<'_>,
    p: &Pending,
    day: NaiveDate,
    mut timing: Timing,
    pending: &[Option<Pending>],
    max_candidates: usize,
) -> (Timing, Vec<usize>) {
    let cfg = &st.caseload.config;
    let late_limit = st.end + chrono::Duration::days(LATE_SEARCH_DAYS);
    let first_latest = if day > p.due { late_limit } else { p.due };
    let mut visits = vec![st.visit(p, first_latest)];
    let mut members: Vec<usize> = Vec::new();
    let horizon_last = day + chrono::Duration::days(st.max_nights as i64 + 1);
    let origin = st.caseload.child(p.child).location;
    let mut cands: Vec<(f64, usize)> = pending
        .iter()
        .enumerate()
        .filter_map(|(i, q)| q.as_ref().map(|q| (i, q)))
        .filter(|(_, q)| q.mode == Mode::InPerson && q.earliest <= horizon_last && q.due >= day)
        .map(|(i, q)| {
            (
                haversine_miles(origin, st.caseload.child(q.child).location),
                i,
            )
        })
        .collect();
    cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    cands.truncate(max_candidates);
    let mut cost = trip_cost(&timing, cfg);
    for (_, i) in cands {
        let Some(q) = pending[i].as_ref() else {
            continue;
        };
        let v = st.visit(q, q.due);
        let mut best: Option<(f64, usize, Timing)> = None;
        for pos in 0..=visits.len() {
            let mut trial = visits.clone();
            trial.insert(pos, v);
            if let Some(t) = st.simulate(&trial, day) {
                let c = trip_cost(&t, cfg);
                if best.as_ref().is_none_or(|b| c < b.0) {
                    best = Some((c, pos, t));
                }
            }
        }
        if let Some((c, pos, t)) = best
            && c - cost < st.own_trip_cost(q) - 1e-6
        {
            visits.insert(pos, v);
            members.push(i);
            timing = t;
            cost = c;
        }
    }
    (timing, members)
}

/// Places a virtual review at the office on the latest available non-travel day in its window
/// (or the first after it), back to back after that day's earlier virtual reviews; returns the
/// date and the start time.
fn place_virtual(st: &mut IroState<'_>, p: &Pending) -> (NaiveDate, i64) {
    let max = st.rules.max_reviews;
    let fits = |st: &IroState<'_>, d: NaiveDate| {
        let (count, last_end) = st
            .office
            .get(&d)
            .copied()
            .unwrap_or((0, st.rules.review_start));
        st.available(d)
            && !st.trip_days.contains(&d)
            && count < max
            && last_end + p.duration <= st.rules.review_end
    };
    let mut chosen = None;
    let mut d = p.due;
    while d >= p.earliest {
        if fits(st, d) {
            chosen = Some(d);
            break;
        }
        match d.pred_opt() {
            Some(x) => d = x,
            None => break,
        }
    }
    if chosen.is_none() {
        let limit = st.end + chrono::Duration::days(LATE_SEARCH_DAYS);
        let mut d = p.due.succ_opt().unwrap_or(p.due).max(p.earliest);
        while d <= limit {
            if fits(st, d) {
                chosen = Some(d);
                break;
            }
            match d.succ_opt() {
                Some(x) => d = x,
                None => break,
            }
        }
    }
    let date = chosen.unwrap_or(p.due);
    let review_start = st.rules.review_start;
    let slot = st.office.entry(date).or_insert((0, review_start));
    let start = slot.1;
    slot.0 += 1;
    slot.1 = start + p.duration;
    (date, start)
}
