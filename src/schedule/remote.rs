//! Trips to placements beyond a comfortable day trip, by latest-deadline stabbing with cheapest
//! insertion.
//!
//! The most urgent remote review opens a trip on the latest free working day of its window
//! (interval stabbing: the latest point meets the most later windows) whose week has the hours
//! for it. Waiting reviews whose windows meet the trip's days are tried nearest first, each at
//! its cheapest position (timed by [`super::timing::simulate`]), and kept when the trip's extra
//! cost plus the price of holding them on that day is below the cost of their own round trip
//! and the weeks still have the hours. A review of a child in a far area may join up to
//! `review.area_early_working_days` before it is due — the trip is then its area's round, and
//! since each successor falls due after the round, the area's reviews stay together.

use chrono::NaiveDate;

use super::day_book::{DayBook, DayUse};
use super::queue::{Pending, Queue};
use super::timing::{Timing, Visit, simulate};
use crate::domain::{Caseload, LatLon};
use crate::geo::haversine_miles;
use crate::policy::Policy;

/// Where and how far an IRO travels.
#[derive(Debug, Clone, Copy)]
pub struct Traveller {
    /// Base.
    pub base: LatLon,
    /// Most nights away on one trip (0 if the IRO may not stay overnight).
    pub max_nights: u32,
}

/// The visit of a pending review, held no later than `latest` (a booked one: on its day).
pub fn visit<'c>(caseload: &'c Caseload, p: &Pending, latest: NaiveDate) -> Visit<'c> {
    let child = caseload.child(p.child);
    let (earliest, latest) = match p.booked {
        Some(b) => (b.date, b.date),
        None => (p.earliest, latest),
    };
    Visit {
        child: p.child,
        point: child.location,
        duration: p.duration,
        earliest,
        latest,
        window: p.window,
        away: &child.unavailable,
    }
}

/// The visit of a pending review joining a far area's round: from its round's earliest day.
fn round_visit<'c>(caseload: &'c Caseload, p: &Pending, latest: NaiveDate) -> Visit<'c> {
    Visit {
        earliest: p.round_earliest,
        ..visit(caseload, p, latest)
    }
}

/// Times `visits` from `day` on free days of `book`, if the weeks have the hours.
pub fn timed(
    book: &mut DayBook,
    caseload: &Caseload,
    policy: &Policy,
    who: Traveller,
    visits: &[Visit<'_>],
    day: NaiveDate,
) -> Option<Timing> {
    let t = {
        let ok = |d: NaiveDate| book.free_for_trip(policy, d);
        simulate(who.base, visits, day, &ok, policy, who.max_nights)?
    };
    book.fits(caseload, policy, &t.work).then_some(t)
}

/// The first day of `days` on which a trip for `p` alone fits, with its timing. The review may
/// be held up to `latest`.
pub fn open(
    book: &mut DayBook,
    caseload: &Caseload,
    policy: &Policy,
    who: Traveller,
    p: &Pending,
    latest: NaiveDate,
    days: impl Iterator<Item = NaiveDate>,
) -> Option<(NaiveDate, Timing)> {
    let v = [visit(caseload, p, latest)];
    let work = p.duration + policy.admin_secs();
    for d in days.filter(|&d| d >= p.earliest && d <= latest) {
        if !book.free_for_trip(policy, d) || book.week_room(caseload, policy, d) < work {
            continue;
        }
        if let Some(t) = timed(book, caseload, policy, who, &v, d) {
            return Some((d, t));
        }
    }
    None
}

/// £ of a trip and of holding its members on their days.
fn trip_cost(policy: &Policy, t: &Timing) -> f64 {
    policy.journey_cost(t.miles, t.hours, t.nights)
}

/// The cost of a review's own round trip (the saving threshold for joining another trip);
/// unbounded where none is possible, so it joins any trip that can hold it.
pub fn own_trip_cost(caseload: &Caseload, policy: &Policy, who: Traveller, p: &Pending) -> f64 {
    let leg = policy.leg(who.base, caseload.child(p.child).location);
    policy
        .round_trip(leg, p.duration, who.max_nights > 0)
        .map_or(f64::INFINITY, |t| policy.round_trip_cost(&t))
}

/// How far [`grow`] looks.
#[derive(Debug, Clone, Copy)]
pub struct GrowLimits {
    /// Waiting reviews tried, nearest first.
    pub candidates: usize,
}

/// Inserts waiting reviews of `queue` into the trip of `first` (opened on `day`, timed
/// `timing`) while each saves money; returns the grown timing and the reviews it holds (first
/// included), taken out of the queue.
#[allow(clippy::too_many_arguments)]
pub fn grow(
    book: &mut DayBook,
    caseload: &Caseload,
    policy: &Policy,
    who: Traveller,
    first: (&Pending, NaiveDate),
    day: NaiveDate,
    mut timing: Timing,
    queue: &mut Queue,
    limits: GrowLimits,
) -> (Timing, Vec<Pending>) {
    let (p, first_latest) = first;
    let mut visits = vec![visit(caseload, p, first_latest)];
    let mut members: Vec<usize> = Vec::new();
    let last_day = day + chrono::Duration::days(who.max_nights as i64 + 1);
    let origin = caseload.child(p.child).location;
    let mut cands: Vec<(f64, usize)> = queue
        .waiting()
        .filter(|(_, q)| {
            q.mode == super::Mode::InPerson
                && q.owner == p.owner
                && q.round_earliest <= last_day
                && q.due >= day
        })
        .map(|(i, q)| (haversine_miles(origin, caseload.child(q.child).location), i))
        .collect();
    cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    cands.truncate(limits.candidates);
    let mut cost = trip_cost(policy, &timing);
    for (_, slot) in cands {
        let Some(q) = queue.get(slot).cloned() else {
            continue;
        };
        let v = round_visit(caseload, &q, q.due);
        let held_on = |t: &Timing| {
            t.review_slots()
                .find(|s| s.0 == q.child)
                .map_or(q.due, |s| s.1)
        };
        let mut best: Option<(f64, usize, Timing)> = None;
        for pos in 0..=visits.len() {
            let mut trial = visits.clone();
            trial.insert(pos, v);
            if let Some(t) = timed(book, caseload, policy, who, &trial, day) {
                // A review with a date in the previous plan joins only a trip whose days hold
                // that date (half grown, the trip may time it on another of its days: the
                // finished trip, grown as before, holds it where the previous plan did), and
                // moves only if no such trip takes it.
                if q.preferred
                    .is_some_and(|x| x != held_on(&t) && !(day..=last_day).contains(&x))
                {
                    continue;
                }
                let c = trip_cost(policy, &t);
                if best.as_ref().is_none_or(|b| c < b.0) {
                    best = Some((c, pos, t));
                }
            }
        }
        if let Some((c, pos, t)) = best {
            let held_on = held_on(&t);
            let child = caseload.child(q.child);
            let price = c - cost + policy.timing_cost(child, q.due_of(), held_on);
            if price < own_trip_cost(caseload, policy, who, &q) - 1e-6 {
                visits.insert(pos, v);
                members.push(slot);
                timing = t;
                cost = c;
            }
        }
    }
    let mut held = vec![p.clone()];
    held.extend(members.into_iter().filter_map(|m| queue.take(m)));
    (timing, held)
}

/// Fixes a trip in the diary: its days and its work.
pub fn commit(book: &mut DayBook, timing: &Timing) {
    for d in timing.days() {
        book.mark(d, DayUse::Trip);
    }
    book.add_work(&timing.work);
}
