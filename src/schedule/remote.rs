//! Trips to placements beyond a comfortable day trip, by latest-deadline stabbing with cheapest
//! insertion.
//!
//! The most urgent remote review opens a trip on a free working day of its window whose week
//! has the hours for it: the latest such days are tried (interval stabbing: the latest point
//! meets the most later windows), each trip grown, and the one saving most is kept
//! ([`best_round`]). Waiting reviews whose windows meet the trip's days are tried — the first
//! review's far-area mates earliest due first, then the others nearest first — each at
//! its cheapest position (timed by [`super::timing::simulate`]), and kept when the trip's extra
//! cost plus the price of holding them on that day is below the cost of their own round trip
//! and the weeks still have the hours. A review of a child in a far area may join up to
//! `review.area_early_working_days` before it is due — the trip is then its area's round, and
//! since each successor falls due after the round, the area's reviews stay together. A round
//! may end a day early and stay the night to hold an area review whose window opens the next
//! day. The kept trip's reviews are then each moved to the place in its order that saves most
//! ([`relocate`]).

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
        wait: false,
    }
}

/// The visit of a pending review joining a far area's round: from its round's earliest day.
/// With `wait` (a review of the round's own area), the trip may end a day early to hold it
/// the next day, when its window opens then: a round leaving on a Tuesday holds the area's
/// reviews whose windows open on the Wednesday, instead of leaving on the Wednesday with a
/// day fewer before the weekend. A review met on the way has a trip of its own to wait for.
fn round_visit<'c>(
    caseload: &'c Caseload,
    p: &Pending,
    latest: NaiveDate,
    wait: bool,
) -> Visit<'c> {
    Visit {
        earliest: p.round_earliest,
        wait,
        ..visit(caseload, p, latest)
    }
}

/// Times `visits` from `day` on free days of `book`, if the weeks have the hours (see
/// [`lay_out`]).
pub fn timed(
    book: &mut DayBook,
    caseload: &Caseload,
    policy: &Policy,
    who: Traveller,
    visits: &[Visit<'_>],
    day: NaiveDate,
) -> Option<Timing> {
    let mut t = {
        let ok = |d: NaiveDate| book.free_for_trip(policy, d);
        simulate(who.base, visits, day, &ok, policy, who.max_nights)?
    };
    lay_out(book, caseload, policy, &mut t).then_some(t)
}

/// Whether a timed trip fits the diary's weeks, its reviews' admin done in their week or,
/// where that week has no room, carried to the next (`workload.admin_carry_weeks`: back from
/// a round away, the IRO writes it up). On success the timing's work is laid out by week as
/// [`DayBook::add_work`] commits it (and [`DayBook::remove_work`] releases it).
pub fn lay_out(book: &mut DayBook, caseload: &Caseload, policy: &Policy, t: &mut Timing) -> bool {
    let admin: Vec<(NaiveDate, i64)> = t
        .review_slots()
        .map(|(_, d, _, _)| (d, policy.admin_secs()))
        .collect();
    match book.carrying(caseload, policy, &t.work, &admin) {
        Some(work) => {
            t.work = work;
            true
        }
        None => false,
    }
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
    // The meeting at least must fit its week (its admin may be carried).
    let work = p.duration;
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
pub(crate) fn trip_cost(policy: &Policy, t: &Timing) -> f64 {
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
    /// Days a trip is tried leaving on, latest first (see [`best_round`]).
    pub opening_days: usize,
    /// £ of moving a review off its date in the previous plan, when re-planning (see
    /// [`relocate`]).
    pub move_penalty: f64,
}

/// A trip grown from its first review: its timing, the waiting reviews it takes (their queue
/// slots) and what it saves against each review's own round trip.
#[derive(Debug, Clone)]
pub struct Grown<'c> {
    /// Day the trip leaves.
    pub day: NaiveDate,
    /// The grown trip.
    pub timing: Timing,
    /// Queue slots of the waiting reviews it holds besides the first.
    pub members: Vec<usize>,
    /// £: the own round trips of its reviews less the trip and the price of holding each on
    /// its day (each own trip capped, so a review no trip of its own could hold still counts).
    pub saving: f64,
    /// Its visits in the order the timing holds them.
    visits: Vec<Visit<'c>>,
    /// The reviews of `visits`, in the same order.
    held: Vec<Pending>,
}

/// The own round trip of a review, capped for comparing trips (a review no round trip of its
/// own can hold is worth this much to a trip that takes it).
const NO_OWN_TRIP: f64 = 1.0e6;

/// Opens the trip of `first` on each day of `days` it fits (latest first, at most
/// `limits.opening_days` of them), grows each with waiting reviews and returns the one that
/// saves most (the latest day among equals). Trying more than the latest day lets a far area's
/// round leave on the day that takes most of the area's waiting reviews, instead of the latest
/// day the first review alone fits, where a later review may not fit beside it. The kept trip's
/// order is then mended ([`relocate`]), its saving counting what that saves.
#[allow(clippy::too_many_arguments)]
pub fn best_round<'c>(
    book: &mut DayBook,
    caseload: &'c Caseload,
    policy: &Policy,
    who: Traveller,
    first: (&Pending, NaiveDate),
    days: &[NaiveDate],
    queue: &Queue,
    limits: GrowLimits,
) -> Option<Grown<'c>> {
    let (p, latest) = first;
    let mut best: Option<Grown<'c>> = None;
    let mut tried = 0;
    let mut from = 0;
    while tried < limits.opening_days.max(1) && from < days.len() {
        let Some((day, timing)) = open(
            book,
            caseload,
            policy,
            who,
            p,
            latest,
            days[from..].iter().copied(),
        ) else {
            break;
        };
        from = days
            .iter()
            .position(|&d| d == day)
            .map_or(days.len(), |k| k + 1);
        tried += 1;
        let g = grow(
            book, caseload, policy, who, first, day, timing, queue, limits,
        );
        if best.as_ref().is_none_or(|b| g.saving > b.saving + 1e-6) {
            best = Some(g);
        }
    }
    let mut g = best?;
    let priced = Priced {
        caseload,
        policy,
        move_penalty: limits.move_penalty,
    };
    if let Some((t, saved)) = relocate(
        book,
        &priced,
        who,
        g.day,
        &mut g.visits,
        &mut g.held,
        g.timing.clone(),
    ) {
        g.saving += saved;
        g.timing = t;
    }
    Some(g)
}

/// Takes the members of a grown trip out of the queue: the reviews it holds, `first` first.
pub fn take_members(queue: &mut Queue, first: &Pending, members: &[usize]) -> Vec<Pending> {
    let mut held = vec![first.clone()];
    held.extend(members.iter().filter_map(|&m| queue.take(m)));
    held
}

/// Inserts waiting reviews of `queue` into the trip of `first` (opened on `day`, timed
/// `timing`) while each saves money; returns the grown trip (the queue is left as it is: see
/// [`take_members`]).
#[allow(clippy::too_many_arguments)]
pub fn grow<'c>(
    book: &mut DayBook,
    caseload: &'c Caseload,
    policy: &Policy,
    who: Traveller,
    first: (&Pending, NaiveDate),
    day: NaiveDate,
    mut timing: Timing,
    queue: &Queue,
    limits: GrowLimits,
) -> Grown<'c> {
    let (p, first_latest) = first;
    let mut visits = vec![visit(caseload, p, first_latest)];
    // The reviews of `visits`, in the same order.
    let mut held: Vec<Pending> = vec![p.clone()];
    let mut members: Vec<usize> = Vec::new();
    let last_day = day + chrono::Duration::days(who.max_nights as i64 + 1);
    let origin = caseload.child(p.child).location;
    let far = policy.far_from(who.base, origin);
    let radius = policy.config().areas.radius_miles;
    let mut cands: Vec<(bool, Option<NaiveDate>, f64, usize)> = queue
        .waiting()
        .filter(|(_, q)| {
            q.mode == super::Mode::InPerson
                && q.owner == p.owner
                && q.round_earliest <= last_day
                && q.due >= day
        })
        .map(|(i, q)| {
            let at = caseload.child(q.child).location;
            let miles = haversine_miles(origin, at);
            // The first review's far-area mates come first: the round's hours go to the
            // area's reviews before reviews met on the way, which have day trips of their own.
            // Mates go earliest due first, so the ones a full round leaves are those that can
            // wait for the next round.
            let mate = far && miles <= radius && policy.far_from(who.base, at);
            (!mate, mate.then_some(q.due), miles, i)
        })
        .collect();
    cands.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    cands.truncate(limits.candidates);
    let mut cost = trip_cost(policy, &timing);
    let first_held = timing.date_of(p.child).unwrap_or(day);
    let mut saving = own_trip_cost(caseload, policy, who, p).min(NO_OWN_TRIP)
        - cost
        - policy.timing_cost(caseload.child(p.child), p.due_of(), first_held);
    for (other, _, _, slot) in cands {
        let Some(q) = queue.get(slot).cloned() else {
            continue;
        };
        let v = round_visit(caseload, &q, q.due, !other);
        let held_on = |t: &Timing| t.date_of(q.child).unwrap_or(q.due);
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
            let own = own_trip_cost(caseload, policy, who, &q);
            if price < own - 1e-6 {
                visits.insert(pos, v);
                held.insert(pos, q.clone());
                members.push(slot);
                timing = t;
                cost = c;
                saving += own.min(NO_OWN_TRIP) - price;
            }
        }
    }
    Grown {
        day,
        timing,
        members,
        saving,
        visits,
        held,
    }
}

/// What [`relocate`] minimises: a trip, the holding of its reviews on their days and, when
/// re-planning, the moves of reviews off their dates in the previous plan.
struct Priced<'a> {
    caseload: &'a Caseload,
    policy: &'a Policy,
    /// £ a review held off its previous date costs.
    move_penalty: f64,
}

impl Priced<'_> {
    /// £ of trip `t` holding `held` (its reviews, in any order).
    fn cost(&self, held: &[Pending], t: &Timing) -> f64 {
        let holding: f64 = held
            .iter()
            .map(|q| {
                let on = t.date_of(q.child).unwrap_or(q.due);
                let moved = q.preferred.is_some_and(|x| x != on);
                self.policy
                    .timing_cost(self.caseload.child(q.child), q.due_of(), on)
                    + if moved { self.move_penalty } else { 0.0 }
            })
            .sum();
        trip_cost(self.policy, t) + holding
    }
}

/// Passes of [`relocate`] over a trip's reviews at most (a trip of 15 reviews: 630 timings).
const RELOCATE_PASSES: usize = 3;

/// Moves each review of a grown trip to the place in its order that makes the trip cheapest
/// ([`Priced`]), while any move saves: cheapest insertion fixes each review's place when it
/// joins, and the reviews that join later may make another place cheaper. Re-planning, a move
/// that takes a review off its previous date costs what moving it costs, so the re-planned
/// trip keeps the dates the first plan's trip had. Returns the improved timing and what the
/// moves save, if any move saved.
fn relocate(
    book: &mut DayBook,
    priced: &Priced<'_>,
    who: Traveller,
    day: NaiveDate,
    visits: &mut Vec<Visit<'_>>,
    held: &mut Vec<Pending>,
    mut timing: Timing,
) -> Option<(Timing, f64)> {
    let n = visits.len();
    if n < 2 {
        return None;
    }
    let (caseload, policy) = (priced.caseload, priced.policy);
    let start = priced.cost(held, &timing);
    let mut cost = start;
    for _ in 0..RELOCATE_PASSES {
        let mut moved = false;
        for i in 0..n {
            let mut best: Option<(f64, usize, Timing)> = None;
            for j in (0..n).filter(|&j| j != i) {
                let mut trial = visits.clone();
                move_to(&mut trial, i, j);
                let Some(t) = timed(book, caseload, policy, who, &trial, day) else {
                    continue;
                };
                let mut h = held.clone();
                move_to(&mut h, i, j);
                let c = priced.cost(&h, &t);
                if c < cost - 1e-6 && best.as_ref().is_none_or(|b| c < b.0) {
                    best = Some((c, j, t));
                }
            }
            if let Some((c, j, t)) = best {
                move_to(visits, i, j);
                move_to(held, i, j);
                timing = t;
                cost = c;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    (cost < start).then_some((timing, start - cost))
}

/// Moves the item at `i` so that it stands at `j`.
fn move_to<T>(v: &mut Vec<T>, i: usize, j: usize) {
    let x = v.remove(i);
    v.insert(j, x);
}

/// Fixes a trip in the diary: its days and its work.
pub fn commit(book: &mut DayBook, timing: &Timing) {
    for d in timing.days() {
        book.mark(d, DayUse::Trip);
    }
    book.add_work(&timing.work);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChildId, IroId};
    use crate::io::{InputPaths, load};

    /// Three children due on Wednesday 10 March 2027 — in Reading, in Stratford (east London)
    /// and in Slough, between the two — and an IRO in Dorchester who may stay away.
    fn london() -> (tempfile::TempDir, Caseload) {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path();
        let rows = "child_id,placement,looked_after_since,last_review,reviews_held\n\
                    R,RG1 1,2020-01-10,2026-09-10,5\n\
                    E,E15 1,2020-01-10,2026-09-10,5\n\
                    S,SL1 1,2020-01-10,2026-09-10,5\n";
        std::fs::write(p.join("children.csv"), rows).expect("write");
        std::fs::write(
            p.join("iros.csv"),
            "iro_id,base,hours_per_week,overnight\nA,DT1 1XJ,37,true\n",
        )
        .expect("write");
        std::fs::write(
            p.join("config.toml"),
            "[horizon]\nstart = \"2026-12-01\"\nmonths = 12\n",
        )
        .expect("write");
        let caseload = load(&InputPaths::from_dir(p)).expect("inputs load");
        (dir, caseload)
    }

    #[test]
    fn relocation_mends_an_order_that_doubles_back() {
        let (_dir, caseload) = london();
        let policy = Policy::new(&caseload);
        let who = Traveller {
            base: caseload.iro(IroId(0)).base,
            max_nights: 2,
        };
        let day: NaiveDate = "2027-03-10".parse().expect("date");
        let mut book = DayBook::new(IroId(0));
        // Reading, Stratford, then back to Slough: an order cheapest insertion can leave.
        let mut held: Vec<Pending> = (0..3)
            .map(|c| {
                let child = caseload.child(ChildId(c));
                let due = policy.next_review(child);
                assert_eq!(due.date, day, "due on the trip's day");
                Pending::new(&caseload, &policy, IroId(0), ChildId(c), due, policy.start)
            })
            .collect();
        let mut visits: Vec<Visit<'_>> = held.iter().map(|p| visit(&caseload, p, p.due)).collect();
        let zigzag =
            timed(&mut book, &caseload, &policy, who, &visits, day).expect("the three fit one day");
        let priced = Priced {
            caseload: &caseload,
            policy: &policy,
            move_penalty: 500.0,
        };
        let mended = relocate(
            &mut book,
            &priced,
            who,
            day,
            &mut visits,
            &mut held,
            zigzag.clone(),
        )
        .expect("a cheaper order")
        .0;
        assert!(
            mended.miles < zigzag.miles - 1.0,
            "{} against {}",
            mended.miles,
            zigzag.miles
        );
        // Reading and Slough are now next to each other.
        let order: Vec<u32> = mended.review_slots().map(|s| s.0.0).collect();
        let (w, k) = (
            order.iter().position(|&c| c == 0),
            order.iter().position(|&c| c == 2),
        );
        assert_eq!(w.zip(k).map(|(a, b)| a.abs_diff(b)), Some(1), "{order:?}");
    }
}
