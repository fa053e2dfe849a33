//! One IRO's year, block by block: the reviews falling due in a block go to the office
//! (virtual), to remote trips (beyond a comfortable day trip) or to the routing core (near day
//! routes, re-solving the days of the look-back); a review the IRO cannot hold on time becomes
//! a cover request; each review held queues its successor.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use super::cover::Request;
use super::day_book::{DayBook, DayUse};
use super::near::{DayJob, Effort, solve_block};
use super::queue::{Pending, Queue};
use super::remote::{self, GrowLimits, Traveller};
use super::timing::{Timing, Visit, simulate};
use super::{
    Chair, Mode, PlannedReview, Reason, ScheduleOptions, Trip, TripId, UnscheduledReview, office,
};
use crate::config::CoverPolicy;
use crate::domain::{Caseload, ChildId, IroId};
use crate::policy::Policy;

/// A review held, for its successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// The child.
    pub child: ChildId,
    /// Its statutory count.
    pub number: u32,
    /// The day held.
    pub date: NaiveDate,
}

/// A review placed at the office or on a fixed trip.
#[derive(Debug, Clone)]
struct Placed {
    p: Pending,
    date: NaiveDate,
    start: i64,
    end: i64,
    mode: Mode,
    /// Index into `IroPlanner::trips`.
    trip: Option<usize>,
    reason: Option<Reason>,
}

/// A near day route, open to more reviews until its look-back has passed.
#[derive(Debug, Clone)]
pub(crate) struct NearDay {
    pub(crate) reviews: Vec<Pending>,
    pub(crate) timing: Timing,
}

/// One IRO's planning state across the blocks.
#[derive(Debug)]
pub struct IroPlanner {
    /// The IRO.
    pub iro: IroId,
    pub(crate) who: Traveller,
    pub(crate) book: DayBook,
    pub(crate) queue: Queue,
    placed: Vec<Placed>,
    trips: Vec<Timing>,
    pub(crate) near: BTreeMap<NaiveDate, NearDay>,
    held: Vec<Held>,
    unscheduled: Vec<UnscheduledReview>,
    agency: Vec<PlannedReview>,
    /// Booked reviews of this IRO's children, placed before anything else.
    booked: Vec<Pending>,
    /// Dates of a previous plan (`plan --previous`).
    previous: Option<std::sync::Arc<super::Previous>>,
}

impl IroPlanner {
    /// An IRO with an empty diary.
    pub fn new(
        caseload: &Caseload,
        policy: &Policy,
        iro: IroId,
        options: &ScheduleOptions,
    ) -> IroPlanner {
        let cfg = policy.config();
        let the_iro = caseload.iro(iro);
        let max_nights = if cfg.overnight.allowed && the_iro.overnight {
            cfg.overnight.max_nights
        } else {
            0
        };
        IroPlanner {
            iro,
            who: Traveller {
                base: the_iro.base,
                max_nights,
            },
            book: DayBook::new(iro),
            queue: Queue::default(),
            placed: Vec::new(),
            trips: Vec::new(),
            near: BTreeMap::new(),
            held: Vec::new(),
            unscheduled: Vec::new(),
            agency: Vec::new(),
            booked: Vec::new(),
            previous: options.previous.clone(),
        }
    }

    /// The review `due` of `child`, no earlier than `not_before`, with its date in the
    /// previous plan.
    fn pending(
        &self,
        caseload: &Caseload,
        policy: &Policy,
        child: ChildId,
        due: crate::policy::review::Due,
        not_before: NaiveDate,
    ) -> Pending {
        let mut p = Pending::new(caseload, policy, self.iro, child, due, not_before);
        p.preferred = self
            .previous
            .as_ref()
            .and_then(|prev| prev.date_of(child, due.number));
        p
    }

    /// Queues the first review still to be held of one of this IRO's children. Its booked
    /// reviews (the next ones of its chain, in date order) are set aside for
    /// [`IroPlanner::place_booked`], and the review after the last of them is queued.
    pub fn enqueue_first(&mut self, caseload: &Caseload, policy: &Policy, child: ChildId) {
        let c = caseload.child(child);
        let mut due = policy.next_review(c);
        let mut not_before = c
            .last_review
            .map_or(c.looked_after_since, |d| d.succ_opt().unwrap_or(d));
        for &b in &c.booked {
            if due.date > policy.chain_end(c) {
                return;
            }
            let p = self
                .pending(caseload, policy, child, due, not_before)
                .with_booking(b);
            if b.date > policy.end {
                // Booked after the horizon: it cannot be shown, and its chain stops here.
                self.unscheduled(&p, Reason::Booking);
                return;
            }
            self.booked.push(p);
            due = policy.successor(due.number, b.date);
            not_before = b.date.succ_opt().unwrap_or(b.date);
        }
        if due.date <= policy.chain_end(c) {
            let p = self.pending(caseload, policy, child, due, not_before);
            self.queue.push(p);
        }
    }

    /// Queues the successor of a review of this IRO's child held (by anyone) on `held.date`.
    pub fn chain_on(&mut self, caseload: &Caseload, policy: &Policy, held: Held) {
        let c = caseload.child(held.child);
        let next = policy.successor(held.number, held.date);
        if next.date <= policy.chain_end(c) {
            let not_before = held.date.succ_opt().unwrap_or(held.date);
            let p = self.pending(caseload, policy, held.child, next, not_before);
            self.queue.push(p);
        }
    }

    fn remote(&self, caseload: &Caseload, policy: &Policy, p: &Pending) -> bool {
        let leg = policy.leg(self.who.base, caseload.child(p.child).location);
        leg.hours > policy.config().overnight.remote_drive_hours
    }

    /// Whether the IRO can reach the placement in person at all.
    fn reachable(&self, caseload: &Caseload, policy: &Policy, p: &Pending) -> bool {
        let leg = policy.leg(self.who.base, caseload.child(p.child).location);
        policy
            .round_trip(leg, p.duration, self.who.max_nights > 0)
            .is_some()
    }

    /// Why this IRO cannot hold `p` on time: absent on every day of its window, the child
    /// unavailable on every day the IRO works, or busy. A window the horizon's start leaves
    /// without a day the IRO works (a plan starting on a Saturday, a review due that
    /// weekend) is a review late in any plan: overdue at the start, not an absence.
    pub(crate) fn why_not(&self, caseload: &Caseload, policy: &Policy, p: &Pending) -> Reason {
        if p.overdue() {
            return Reason::OverdueAtStart;
        }
        let window = || p.earliest.iter_days().take_while(|d| *d <= p.due);
        let working: Vec<NaiveDate> = window().filter(|&d| policy.works_on(self.iro, d)).collect();
        if working.iter().any(|&d| p.free_on(caseload, d)) {
            Reason::Capacity
        } else if !working.is_empty() {
            Reason::Availability
        } else if window().any(|d| policy.availability(self.iro).is_absent(d)) {
            Reason::Absence
        } else if policy.overdue_at_start(Some(self.iro), p.due) {
            Reason::OverdueAtStart
        } else {
            // Only weekends, bank holidays or days outside the IRO's pattern: its hours.
            Reason::Capacity
        }
    }

    /// Places the booked reviews of this IRO's children on their days, before anything else
    /// is planned: a day's in-person bookings on one trip (a near day route other reviews may
    /// join, or a trip with a night away to a far placement), virtual ones at the office. A
    /// booking is kept even where it breaks a rule — a day the IRO does not work, after its
    /// due date or before its window, a day the child cannot be seen, outside its review
    /// times, a week over its hours — and is then flagged [`Reason::Booking`]. An in-person
    /// booking no trip can hold at its time is held virtually on its day, flagged.
    pub fn place_booked(&mut self, caseload: &Caseload, policy: &Policy) {
        let booked = std::mem::take(&mut self.booked);
        if booked.is_empty() {
            return;
        }
        let booked_days: std::collections::BTreeSet<NaiveDate> = booked
            .iter()
            .filter_map(|p| p.booked)
            .map(|b| b.date)
            .collect();
        let mut by_day: BTreeMap<NaiveDate, Vec<Pending>> = BTreeMap::new();
        for mut p in booked {
            let Some(b) = p.booked else { continue };
            if p.mode == Mode::InPerson && !self.reachable(caseload, policy, &p) {
                p.mode = Mode::Virtual;
                p.forced = true;
            }
            if self.booking_breaks_a_rule(caseload, policy, &p) {
                p.reason = Some(Reason::Booking);
            }
            by_day.entry(b.date).or_default().push(p);
        }
        for (d, ps) in by_day {
            let (mut in_person, mut virtual_): (Vec<Pending>, Vec<Pending>) =
                ps.into_iter().partition(|p| p.mode == Mode::InPerson);
            in_person.sort_by_key(|p| (p.booked.and_then(|b| b.start), p.window, p.child));
            let (kept, timing, rest) =
                self.booked_trip(caseload, policy, d, &in_person, &booked_days);
            for mut p in rest {
                p.mode = Mode::Virtual;
                p.forced = true;
                p.reason = Some(Reason::Booking);
                virtual_.push(p);
            }
            if let Some(t) = timing {
                let far = t.nights > 0 || kept.iter().any(|p| self.remote(caseload, policy, p));
                if far {
                    self.fix_trip(caseload, policy, t, kept);
                } else {
                    self.keep_near_day(
                        d,
                        NearDay {
                            reviews: kept,
                            timing: t,
                        },
                    );
                }
            }
            for p in virtual_ {
                self.place_booked_virtual(caseload, policy, p, d);
            }
        }
        self.flag_full_weeks(caseload, policy);
    }

    /// Whether a booked review, held as booked, breaks a rule of the plan.
    fn booking_breaks_a_rule(&self, caseload: &Caseload, policy: &Policy, p: &Pending) -> bool {
        let Some(b) = p.booked else { return false };
        let window = policy.review_window(caseload.child(p.child));
        let outside_times = b
            .start
            .is_some_and(|s| s.seconds() < window.0 || s.seconds() + p.duration > window.1);
        !policy.works_on(self.iro, b.date)
            || b.date > p.due
            || b.date < p.earliest
            || !p.free_on(caseload, b.date)
            || outside_times
    }

    /// One trip holding as many of a day's in-person bookings as it can (in the order given,
    /// each at its cheapest position): a day trip, else one with nights away on free days that
    /// hold no other booking. Returns the bookings held, the trip, and the rest.
    fn booked_trip(
        &self,
        caseload: &Caseload,
        policy: &Policy,
        d: NaiveDate,
        ps: &[Pending],
        booked_days: &std::collections::BTreeSet<NaiveDate>,
    ) -> (Vec<Pending>, Option<Timing>, Vec<Pending>) {
        if self.book.day(d).is_some() {
            return (Vec::new(), None, ps.to_vec());
        }
        let book = &self.book;
        let iro = self.iro;
        let only = |x: NaiveDate| x == d;
        let away = |x: NaiveDate| {
            x == d
                || (x > d
                    && book.day(x).is_none()
                    && !booked_days.contains(&x)
                    && policy.works_on(iro, x))
        };
        let time = |order: &[Pending]| {
            let visits: Vec<_> = order
                .iter()
                .map(|q| remote::visit(caseload, q, d))
                .collect();
            simulate(self.who.base, &visits, d, &only, policy, 0).or_else(|| {
                (self.who.max_nights > 0)
                    .then(|| {
                        simulate(
                            self.who.base,
                            &visits,
                            d,
                            &away,
                            policy,
                            self.who.max_nights,
                        )
                    })
                    .flatten()
            })
        };
        let mut kept: Vec<Pending> = Vec::new();
        let mut timing: Option<Timing> = None;
        let mut rest = Vec::new();
        for p in ps {
            let mut best: Option<(f64, Vec<Pending>, Timing)> = None;
            for pos in 0..=kept.len() {
                let mut trial = kept.clone();
                trial.insert(pos, p.clone());
                if let Some(t) = time(&trial) {
                    let c = policy.journey_cost(t.miles, t.hours, t.nights);
                    if best.as_ref().is_none_or(|b| c < b.0) {
                        best = Some((c, trial, t));
                    }
                }
            }
            match best {
                Some((_, order, t)) => {
                    kept = order;
                    timing = Some(t);
                }
                None => rest.push(p.clone()),
            }
        }
        (kept, timing, rest)
    }

    /// A booked review held at the office on its day: at its agreed start, else the first
    /// free time in its review hours; flagged where that breaks a rule (a travel day, no free
    /// time, no lunch break, more reviews than a day allows).
    fn place_booked_virtual(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        mut p: Pending,
        d: NaiveDate,
    ) {
        let travel = matches!(self.book.day(d), Some(DayUse::Trip | DayUse::Near));
        let free = office::free_start(&self.book, policy, d, p.duration, p.window);
        let start = match p.booked.and_then(|b| b.start) {
            Some(s) => s.seconds(),
            None => free.unwrap_or(p.window.0),
        };
        self.book.book_office(d, (start, start + p.duration));
        self.book.add_work(&[(d, p.duration + policy.admin_secs())]);
        let slots = self.book.office(d);
        let crowded = slots.len() > policy.day.max_reviews as usize
            || !policy.day.lunch_fits(slots)
            || slots
                .iter()
                .filter(|&&(a, b)| a < start + p.duration && start < b)
                .count()
                > 1;
        if travel || crowded {
            p.reason = Some(Reason::Booking);
        }
        self.record(caseload, &p, d, start, None, policy);
    }

    /// Flags the bookings of weeks their hours cannot hold (bookings alone fill them: nothing
    /// else is placed in a week without room).
    fn flag_full_weeks(&mut self, caseload: &Caseload, policy: &Policy) {
        let full = |book: &mut DayBook, d: NaiveDate| book.week_room(caseload, policy, d) < 0;
        for x in &mut self.placed {
            if x.p.booked.is_some() && full(&mut self.book, x.date) {
                x.p.reason = Some(Reason::Booking);
                x.reason = Some(Reason::Booking);
            }
        }
        for (&d, n) in &mut self.near {
            for p in &mut n.reviews {
                if p.booked.is_some() && full(&mut self.book, d) {
                    p.reason = Some(Reason::Booking);
                }
            }
        }
    }

    /// Plans the reviews due before `block_end`; returns those needing cover.
    pub fn plan_block(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        options: &ScheduleOptions,
        b: NaiveDate,
        block_end: NaiveDate,
        block_no: u64,
    ) -> Vec<Request> {
        // Reviews this IRO held late in the last cover phase queue their successors first.
        self.chain_held(caseload, policy);
        let late_allowed = policy.config().absence.cover == CoverPolicy::None;
        let mut requests = Vec::new();
        let mut near_new = Vec::new();
        // One at a time, so a remote trip can take later reviews of the block still queued.
        while let Some(mut p) = self.queue.pop_due_before(block_end) {
            if p.mode == Mode::InPerson && !self.reachable(caseload, policy, &p) {
                p.mode = Mode::Virtual;
                p.forced = true;
            }
            let done = match p.mode {
                Mode::Virtual => self.place_virtual(caseload, policy, &p, None).is_some(),
                Mode::InPerson if self.remote(caseload, policy, &p) => self
                    .place_in_person(caseload, policy, options, &p, None)
                    .is_some(),
                Mode::InPerson => {
                    near_new.push(p);
                    continue;
                }
            };
            if !done {
                requests.push(p);
            }
        }
        if !near_new.is_empty() {
            let unassigned = self.solve_near(
                caseload,
                policy,
                options,
                b,
                block_end,
                block_no,
                near_new,
                late_allowed,
            );
            for p in unassigned {
                if self
                    .place_in_person(caseload, policy, options, &p, None)
                    .is_none()
                {
                    requests.push(p);
                }
            }
        }
        let requests = requests
            .into_iter()
            .map(|p| Request {
                reason: self.why_not(caseload, policy, &p),
                p,
            })
            .collect();
        self.chain_held(caseload, policy);
        requests
    }

    /// Queues the successors of the reviews of its own children this IRO has held.
    fn chain_held(&mut self, caseload: &Caseload, policy: &Policy) {
        for h in std::mem::take(&mut self.held) {
            self.chain_on(caseload, policy, h);
        }
    }

    /// Holds a virtual review at the office (on time, or late up to `late`); returns its date.
    pub(crate) fn place_virtual(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        p: &Pending,
        late: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let days = p.days(caseload, late);
        let (date, start) = office::place(
            &mut self.book,
            caseload,
            policy,
            days.into_iter(),
            p.duration,
            p.window,
        )?;
        self.record(caseload, p, date, start, None, policy);
        Some(date)
    }

    /// Holds an in-person review (on time, latest day first; or late up to `late`, earliest
    /// day first): a remote one on a trip of its own grown with nearby waiting reviews, a near
    /// one on a near day route (joining one, or opening a day trip that later reviews may
    /// join); returns its date.
    pub(crate) fn place_in_person(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        options: &ScheduleOptions,
        p: &Pending,
        late: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        if self.remote(caseload, policy, p) {
            self.place_remote(caseload, policy, options, p, late)
        } else {
            self.place_near(caseload, policy, p, late)
        }
    }

    /// A near review on the first day (in preference order) whose near day route can take it,
    /// or that is free for a day trip of its own.
    fn place_near(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        p: &Pending,
        late: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let latest = late.unwrap_or(p.due);
        // The meeting at least must fit its week (its admin may be carried, see
        // [`remote::lay_out`]).
        let work = p.duration;
        let day_trip = Traveller {
            max_nights: 0,
            ..self.who
        };
        for d in p.days(caseload, late) {
            if self.book.week_room(caseload, policy, d) < work {
                continue;
            }
            if let Some(n) = self.near.get(&d) {
                if n.reviews.len() >= policy.day.max_reviews as usize {
                    continue;
                }
                if let Some((_, n)) = self.try_near_day(caseload, policy, p, d) {
                    self.replace_near_day(d, n);
                    self.held_near(p, d);
                    return Some(d);
                }
            } else if self.book.free_for_trip(policy, d) {
                let v = [remote::visit(caseload, p, latest.max(d))];
                if let Some(t) = remote::timed(&mut self.book, caseload, policy, day_trip, &v, d) {
                    self.keep_near_day(
                        d,
                        NearDay {
                            reviews: vec![p.clone()],
                            timing: t,
                        },
                    );
                    self.held_near(p, d);
                    return Some(d);
                }
            }
        }
        None
    }

    /// Holds a remote review on a trip of its own, grown with nearby waiting reviews.
    fn place_remote(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        options: &ScheduleOptions,
        p: &Pending,
        late: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let latest = late.unwrap_or(p.due);
        let days = p.days(caseload, late);
        let limits = GrowLimits {
            candidates: options.insertion_candidates,
            opening_days: options.opening_days,
            move_penalty: options.move_penalty as f64 / 100.0,
        };
        let (day, timing, members) = if p.owner == self.iro {
            // A review with a date in the previous plan first tries the days its trip may have
            // left on (its date and the nights before), latest first, as the first plan did:
            // the same waiting reviews then choose the same trip.
            let mut round = |days: &[NaiveDate]| {
                remote::best_round(
                    &mut self.book,
                    caseload,
                    policy,
                    self.who,
                    (p, latest),
                    days,
                    &self.queue,
                    limits,
                )
            };
            let kept = p
                .preferred
                .and_then(|d| round(&leaving_for(&days, d, self.who.max_nights)));
            let g = match kept {
                Some(g) => g,
                None => round(&days)?,
            };
            let members = remote::take_members(&mut self.queue, p, &g.members);
            (g.day, g.timing, members)
        } else {
            // Covering a colleague's review with a date in the previous plan: the trip leaving
            // on that date or the nights before (latest first) that holds it on that date, as
            // the first plan did; else the first day it fits.
            let nights = self.who.max_nights;
            let mut open = |days: &mut dyn Iterator<Item = NaiveDate>| {
                remote::open(&mut self.book, caseload, policy, self.who, p, latest, days)
            };
            let kept = p.preferred.and_then(|x| {
                leaving_for(&days, x, nights).into_iter().find_map(|d| {
                    open(&mut std::iter::once(d)).filter(|(_, t)| t.date_of(p.child) == Some(x))
                })
            });
            let (day, timing) = match kept {
                Some(k) => k,
                None => open(&mut days.into_iter())?,
            };
            (day, timing, vec![p.clone()])
        };
        let date = timing.date_of(p.child).unwrap_or(day);
        self.fix_trip(caseload, policy, timing, members);
        Some(date)
    }

    /// Commits a trip and records its reviews.
    fn fix_trip(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        timing: Timing,
        members: Vec<Pending>,
    ) {
        remote::commit(&mut self.book, &timing);
        let trip = self.trips.len();
        let mut by_child = members;
        for (child, date, s, _) in timing.review_slots() {
            if let Some(pos) = by_child.iter().position(|q| q.child == child) {
                let q = by_child.swap_remove(pos);
                self.record(caseload, &q, date, s, Some(trip), policy);
            }
        }
        self.trips.push(timing);
    }

    /// Why a review held on `date` carries a reason: a booking that breaks a rule, forced
    /// virtual, or late.
    fn reason_of(
        &self,
        caseload: &Caseload,
        policy: &Policy,
        p: &Pending,
        date: NaiveDate,
    ) -> Option<Reason> {
        if p.booked.is_some() && p.reason.is_some() {
            p.reason
        } else if p.forced {
            Some(Reason::Reach)
        } else if date > p.due {
            Some(
                p.reason
                    .unwrap_or_else(|| self.why_not(caseload, policy, p)),
            )
        } else {
            None
        }
    }

    /// Records a review held by this IRO.
    fn record(
        &mut self,
        caseload: &Caseload,
        p: &Pending,
        date: NaiveDate,
        start: i64,
        trip: Option<usize>,
        policy: &Policy,
    ) {
        let reason = self.reason_of(caseload, policy, p, date);
        self.placed.push(Placed {
            p: p.clone(),
            date,
            start,
            end: start + p.duration,
            mode: p.mode,
            trip,
            reason,
        });
        // A booked review's successor is queued with the chain (see `enqueue_first`).
        if p.owner == self.iro && p.booked.is_none() {
            self.held.push(Held {
                child: p.child,
                number: p.number,
                date,
            });
        }
    }

    /// Solves the block's near reviews with the routing core, re-solving the near days of the
    /// look-back; returns the reviews it could not place.
    #[allow(clippy::too_many_arguments)]
    fn solve_near(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        options: &ScheduleOptions,
        b: NaiveDate,
        block_end: NaiveDate,
        block_no: u64,
        near_new: Vec<Pending>,
        late_allowed: bool,
    ) -> Vec<Pending> {
        let from = (b - Duration::days(options.lookback_days)).max(policy.start);
        let last_due = near_new.iter().map(|p| p.due).max().unwrap_or(block_end);
        let mut to = block_end.max(last_due);
        if late_allowed || near_new.iter().any(Pending::overdue) {
            to += Duration::days(options.late_options as i64 * 2 + 7);
        }
        let to = to.min(policy.end);
        // Re-open the look-back's near days: their reviews become locked jobs.
        let reopened: Vec<(NaiveDate, NearDay)> = self
            .near
            .range(from..)
            .map(|(d, n)| (*d, n.clone()))
            .collect();
        for (d, n) in &reopened {
            self.near.remove(d);
            self.book.unmark_near(*d);
            self.book.remove_work(&n.timing.work);
        }
        let free: Vec<NaiveDate> = from
            .iter_days()
            .take_while(|d| *d <= to)
            .filter(|&d| self.book.free_for_near(policy, d))
            .collect();
        let mut week_room: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        for &d in &free {
            let monday = Policy::week_of(d);
            if let std::collections::btree_map::Entry::Vacant(e) = week_room.entry(monday) {
                e.insert(self.book.week_room(caseload, policy, monday));
            }
        }
        let mut jobs: Vec<DayJob> = Vec::new();
        let mut owners: Vec<(Pending, Option<NaiveDate>)> = Vec::new();
        for (d, n) in &reopened {
            for p in &n.reviews {
                jobs.push(DayJob {
                    point: caseload.child(p.child).location,
                    duration: p.duration,
                    days: Vec::new(),
                    locked: Some(*d),
                    window: p.window,
                });
                owners.push((p.clone(), Some(*d)));
            }
        }
        for p in near_new {
            let child = caseload.child(p.child);
            // Moving a review off its date in the previous plan is priced, so it stays there
            // unless a rule forces it away.
            let moved = |d: NaiveDate| {
                if p.preferred.is_some_and(|x| x != d) {
                    options.move_penalty
                } else {
                    0
                }
            };
            let on_time = free
                .iter()
                .filter(|&&d| d >= p.earliest && d <= p.due && child.free_on(d))
                .map(|&d| {
                    let early = (policy.timing_cost(child, p.due_of(), d) * 100.0).round() as i64;
                    (d, early + moved(d))
                });
            let late: Vec<(NaiveDate, i64)> = if late_allowed || p.overdue() {
                free.iter()
                    .filter(|&&d| d > p.due && d >= p.earliest && child.free_on(d))
                    .take(options.late_options)
                    .map(|&d| {
                        let late = (d - p.due).num_days() * options.late_penalty_per_day;
                        (d, late + moved(d))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            jobs.push(DayJob {
                point: child.location,
                duration: p.duration,
                days: on_time.chain(late).collect(),
                locked: None,
                window: p.window,
            });
            owners.push((p, None));
        }
        let solved = solve_block(
            policy,
            self.who.base,
            &jobs,
            &free,
            &week_room,
            &Effort {
                iterations: options.route_iterations,
                no_improvement: options.route_no_improvement,
                seed: options.seed ^ block_no ^ ((self.iro.0 as u64) << 32),
            },
        );
        let mut unassigned: Vec<usize> = solved.unassigned;
        let mut routes: BTreeMap<NaiveDate, Vec<usize>> = solved.routes.into_iter().collect();
        // A day that lost a locked review keeps its previous route; its new reviews go back.
        for (d, n) in &reopened {
            let kept = routes.get(d).map_or(0, |r| {
                r.iter().filter(|&&k| owners[k].1 == Some(*d)).count()
            });
            if kept < n.reviews.len() {
                if let Some(r) = routes.remove(d) {
                    unassigned.extend(r.into_iter().filter(|&k| owners[k].1.is_none()));
                }
                unassigned.retain(|&k| owners[k].1 != Some(*d));
                self.keep_near_day(*d, n.clone());
            }
        }
        for (d, mut order) in routes {
            loop {
                let visits: Vec<_> = order
                    .iter()
                    .map(|&k| remote::visit(caseload, &owners[k].0, d.max(owners[k].0.due)))
                    .collect();
                let only = |x: NaiveDate| x == d;
                let timed =
                    simulate(self.who.base, &visits, d, &only, policy, 0).and_then(|mut t| {
                        remote::lay_out(&mut self.book, caseload, policy, &mut t).then_some(t)
                    });
                if let Some(t) = timed {
                    let reviews = order.iter().map(|&k| owners[k].0.clone()).collect();
                    for &k in &order {
                        if owners[k].1.is_none() {
                            self.held_near(&owners[k].0, d);
                        }
                    }
                    self.keep_near_day(d, NearDay { reviews, timing: t });
                    break;
                }
                // The core and the timing disagree: drop the last new review and try again.
                match order.iter().rposition(|&k| owners[k].1.is_none()) {
                    Some(pos) => unassigned.push(order.remove(pos)),
                    None => {
                        // Only locked reviews: their earlier route still holds.
                        if let Some((_, n)) = reopened.iter().find(|(x, _)| *x == d) {
                            self.keep_near_day(d, n.clone());
                        }
                        break;
                    }
                }
                if order.is_empty() {
                    break;
                }
            }
        }
        unassigned.sort_unstable();
        unassigned.dedup();
        unassigned
            .into_iter()
            .filter(|&k| owners[k].1.is_none())
            .map(|k| owners[k].0.clone())
            .collect()
    }

    /// Keeps a near day route: marks the day and commits its work.
    pub(crate) fn keep_near_day(&mut self, d: NaiveDate, n: NearDay) {
        self.book.mark(d, DayUse::Near);
        self.book.add_work(&n.timing.work);
        self.near.insert(d, n);
    }

    /// A near review held on `d` (its slot is fixed when the day is timed at the end).
    pub(crate) fn held_near(&mut self, p: &Pending, d: NaiveDate) {
        if p.owner == self.iro {
            self.held.push(Held {
                child: p.child,
                number: p.number,
                date: d,
            });
        }
    }

    /// Records a review chaired by an agency IRO on `date`.
    pub(crate) fn agency(&mut self, p: &Pending, date: NaiveDate) {
        self.agency.push(PlannedReview {
            child: p.child,
            iro: p.owner,
            chair: Chair::Agency,
            number: p.number,
            due: p.due,
            date,
            start: p.window.0,
            end: p.window.0 + p.duration,
            mode: p.mode,
            trip: None,
            on_time: date <= p.due,
            forced_virtual: false,
            reason: None,
        });
    }

    /// Records a review no day could hold.
    pub(crate) fn unscheduled(&mut self, p: &Pending, reason: Reason) {
        self.unscheduled.push(UnscheduledReview {
            child: p.child,
            iro: p.owner,
            number: p.number,
            due: p.due,
            reason,
        });
    }

    /// The IRO's reviews (chaired by it, or by an agency for its children), unscheduled reviews
    /// and trips; trips are numbered from `first_trip` in date order.
    pub fn finish(
        mut self,
        caseload: &Caseload,
        policy: &Policy,
        first_trip: usize,
    ) -> (Vec<PlannedReview>, Vec<UnscheduledReview>, Vec<Trip>) {
        // Near days become trips.
        for (_, n) in std::mem::take(&mut self.near) {
            let trip = self.trips.len();
            let mut by_child = n.reviews;
            for (child, date, s, _) in n.timing.review_slots() {
                if let Some(pos) = by_child.iter().position(|q| q.child == child) {
                    let q = by_child.swap_remove(pos);
                    let reason = self.reason_of(caseload, policy, &q, date);
                    self.placed.push(Placed {
                        p: q.clone(),
                        date,
                        start: s,
                        end: s + q.duration,
                        mode: q.mode,
                        trip: Some(trip),
                        reason,
                    });
                }
            }
            self.trips.push(n.timing);
        }
        let mut order: Vec<usize> = (0..self.trips.len()).collect();
        order.sort_by_key(|&i| (self.trips[i].stops[0].date, self.trips[i].stops[0].depart));
        let mut new_index = vec![0; self.trips.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let iro = self.iro;
        let mut reviews: Vec<PlannedReview> = self
            .placed
            .iter()
            .map(|x| PlannedReview {
                child: x.p.child,
                iro: x.p.owner,
                chair: Chair::Iro(iro),
                number: x.p.number,
                due: x.p.due,
                date: x.date,
                start: x.start,
                end: x.end,
                mode: x.mode,
                trip: x.trip.map(|t| TripId((first_trip + new_index[t]) as u32)),
                on_time: x.date <= x.p.due,
                forced_virtual: x.p.forced,
                reason: x.reason,
            })
            .collect();
        reviews.extend(self.agency);
        let mut slots: Vec<Option<Timing>> = self.trips.into_iter().map(Some).collect();
        let trips = order
            .iter()
            .map(|&i| Trip {
                iro,
                stops: slots[i].take().map_or_else(Vec::new, |t| t.stops),
            })
            .collect();
        (reviews, self.unscheduled, trips)
    }

    /// Extra £ of adding `p` to the near day route of `d`, with the new route, if it fits.
    pub(crate) fn try_near_day(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        p: &Pending,
        d: NaiveDate,
    ) -> Option<(f64, NearDay)> {
        let n = self.near.get(&d)?.clone();
        let old_cost = policy.journey_cost(n.timing.miles, n.timing.hours, 0);
        self.book.remove_work(&n.timing.work);
        let mut best: Option<(f64, NearDay)> = None;
        for pos in 0..=n.reviews.len() {
            let mut reviews = n.reviews.clone();
            reviews.insert(pos, p.clone());
            let visits: Vec<_> = reviews
                .iter()
                .map(|q| remote::visit(caseload, q, d.max(q.due)))
                .collect();
            let only = |x: NaiveDate| x == d;
            if let Some(mut t) = simulate(self.who.base, &visits, d, &only, policy, 0)
                && remote::lay_out(&mut self.book, caseload, policy, &mut t)
            {
                let c = policy.journey_cost(t.miles, t.hours, 0) - old_cost;
                if best.as_ref().is_none_or(|b| c < b.0) {
                    best = Some((c, NearDay { reviews, timing: t }));
                }
            }
        }
        self.book.add_work(&n.timing.work);
        best
    }

    /// Replaces the near day route of `d`.
    pub(crate) fn replace_near_day(&mut self, d: NaiveDate, n: NearDay) {
        if let Some(old) = self.near.remove(&d) {
            self.book.remove_work(&old.timing.work);
        }
        self.keep_near_day(d, n);
    }

    /// The cheapest of this IRO's trips that can also hold `p` on one of `days`, with every
    /// review it holds kept on its date (their successors are already due from those dates):
    /// the trip's extra £, the trip and its new timing. A colleague covering a far review joins
    /// a trip that is going there anyway, or one an earlier cover opened.
    pub(crate) fn try_trip(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        p: &Pending,
        days: &[NaiveDate],
    ) -> Option<(f64, usize, Timing)> {
        let (&first, &last) = (days.iter().min()?, days.iter().max()?);
        let mut best: Option<(f64, usize, Timing)> = None;
        for k in 0..self.trips.len() {
            let old = &self.trips[k];
            if old.last_date() < first || old.stops[0].date > last {
                continue;
            }
            let old = old.clone();
            // The reviews it holds, in its order, each pinned to its date.
            let held: Vec<(Pending, NaiveDate)> = old
                .review_slots()
                .filter_map(|(child, d, _, _)| {
                    let x = self
                        .placed
                        .iter()
                        .find(|x| x.trip == Some(k) && x.p.child == child)?;
                    Some((x.p.clone(), d))
                })
                .collect();
            if held.len() != old.review_slots().count() {
                continue;
            }
            let pinned: Vec<_> = held
                .iter()
                .map(|(q, d)| Visit {
                    earliest: *d,
                    latest: *d,
                    ..remote::visit(caseload, q, *d)
                })
                .collect();
            let v = remote::visit(caseload, p, last);
            let old_cost = remote::trip_cost(policy, &old);
            let own_days: Vec<NaiveDate> = old.days().collect();
            self.book.remove_work(&old.work);
            for pos in 0..=pinned.len() {
                let mut visits = pinned.clone();
                visits.insert(pos, v);
                let timed = {
                    let book = &self.book;
                    let ok = |d: NaiveDate| own_days.contains(&d) || book.free_for_trip(policy, d);
                    simulate(
                        self.who.base,
                        &visits,
                        old.stops[0].date,
                        &ok,
                        policy,
                        self.who.max_nights,
                    )
                };
                let Some(mut t) = timed else { continue };
                let kept = held.iter().all(|(q, d)| t.date_of(q.child) == Some(*d));
                let on = t.date_of(p.child).is_some_and(|d| days.contains(&d));
                if !kept || !on || !remote::lay_out(&mut self.book, caseload, policy, &mut t) {
                    continue;
                }
                let c = remote::trip_cost(policy, &t) - old_cost;
                if best.as_ref().is_none_or(|b| c < b.0) {
                    best = Some((c, k, t));
                }
            }
            self.book.add_work(&old.work);
        }
        best
    }

    /// Holds `p` on trip `k`, timed `t` (from [`IroPlanner::try_trip`]); returns its date.
    pub(crate) fn replace_trip(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        k: usize,
        t: Timing,
        p: &Pending,
    ) -> Option<NaiveDate> {
        let (date, start) = t
            .review_slots()
            .find(|s| s.0 == p.child)
            .map(|s| (s.1, s.2))?;
        self.book.remove_work(&self.trips[k].work);
        remote::commit(&mut self.book, &t);
        for x in self.placed.iter_mut().filter(|x| x.trip == Some(k)) {
            if let Some(s) = t.review_slots().find(|s| s.0 == x.p.child) {
                x.start = s.2;
                x.end = s.2 + x.p.duration;
            }
        }
        self.trips[k] = t;
        self.record(caseload, p, date, start, Some(k), policy);
        Some(date)
    }

    /// Whether this IRO has a near day route on `d`.
    pub(crate) fn has_near_day(&self, d: NaiveDate) -> bool {
        self.near.contains_key(&d)
    }
}

/// The days of `days` a trip may leave on to hold a review on `date` (`date` itself and up to
/// `max_nights` before it), latest first: where a re-plan looks first, as the first plan left.
fn leaving_for(days: &[NaiveDate], date: NaiveDate, max_nights: u32) -> Vec<NaiveDate> {
    let mut near: Vec<NaiveDate> = days
        .iter()
        .copied()
        .filter(|&d| d <= date && (date - d).num_days() <= i64::from(max_nights))
        .collect();
    near.sort_unstable_by(|a, b| b.cmp(a));
    near
}
