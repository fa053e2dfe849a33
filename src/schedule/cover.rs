//! Absence cover: a review its IRO cannot hold on time (absent through its window, or its
//! weeks full) is chaired by a colleague of the same service with the hours that week — the
//! nearest few bases are tried and the cheapest extra travel wins, joining one of the
//! colleague's near day routes or trips where it fits (a trip keeps each review it holds on
//! its date) — or by an agency IRO
//! (`absence.agency_cost_per_review`), per `absence.cover`. The child keeps its IRO. What no
//! cover can hold on time is held late by its own IRO, or by a colleague, as early as possible
//! inside the horizon; what cannot be held at all inside the horizon is reported unscheduled
//! with its reason.

use chrono::NaiveDate;

use super::iro::{Held, IroPlanner, NearDay};
use super::queue::Pending;
use super::timing::Timing;
use super::{Mode, Reason, ScheduleOptions, office, remote};
use crate::config::CoverPolicy;
use crate::domain::{Caseload, IroId};
use crate::geo::haversine_miles;
use crate::policy::Policy;

/// A review its IRO could not hold on time, and why.
#[derive(Debug, Clone)]
pub struct Request {
    /// The review.
    pub p: Pending,
    /// Why its IRO could not hold it.
    pub reason: Reason,
}

/// Places every request; returns the reviews held, by their owners, for their successors.
pub fn cover(
    caseload: &Caseload,
    policy: &Policy,
    options: &ScheduleOptions,
    planners: &mut [IroPlanner],
    mut requests: Vec<Request>,
) -> Vec<(IroId, Held)> {
    requests.sort_by_key(|r| (r.p.due, r.p.child));
    let mode = policy.config().absence.cover;
    let mut held = Vec::new();
    for mut r in requests {
        r.p.reason = Some(r.reason);
        let p = &r.p;
        let owner = p.owner;
        let date = if p.overdue() {
            None
        } else {
            match mode {
                CoverPolicy::Colleague => colleague(caseload, policy, options, planners, p, None),
                CoverPolicy::Agency => {
                    let day = (p.earliest..=p.due)
                        .rev_days()
                        .find(|&d| policy.calendar().is_working_day(d) && p.free_on(caseload, d));
                    if let Some(d) = day {
                        planners[owner.idx()].agency(p, d);
                    }
                    day
                }
                CoverPolicy::None => None,
            }
        };
        // Held by someone else: the owner queues the successor now. Held late by the owner
        // itself: it queues the successor at its next block.
        let date = match date {
            Some(d) => Some(d),
            None => match late(caseload, policy, options, planners, p, mode, r.reason) {
                Late::Owner => continue,
                Late::Colleague(d) => Some(d),
                Late::Nobody => None,
            },
        };
        match date {
            Some(date) => held.push((
                owner,
                Held {
                    child: p.child,
                    number: p.number,
                    date,
                },
            )),
            None => planners[owner.idx()].unscheduled(p, r.reason),
        }
    }
    held
}

/// Inclusive date ranges walked backwards.
trait RevDays {
    fn rev_days(self) -> Box<dyn Iterator<Item = NaiveDate>>;
}

impl RevDays for std::ops::RangeInclusive<NaiveDate> {
    fn rev_days(self) -> Box<dyn Iterator<Item = NaiveDate>> {
        let (a, b) = self.into_inner();
        let mut days: Vec<NaiveDate> = a.iter_days().take_while(|d| *d <= b).collect();
        days.reverse();
        Box::new(days.into_iter())
    }
}

/// The colleagues who may chair a review of `owner`'s child: in post, of the same service,
/// nearest base first.
fn colleagues(
    caseload: &Caseload,
    policy: &Policy,
    owner: IroId,
    p: &Pending,
    k: usize,
) -> Vec<IroId> {
    let child = caseload.child(p.child);
    let council = caseload.iro(owner).council.as_deref();
    let pooled = policy.config().allocation.pooled;
    let mut list: Vec<(f64, IroId)> = caseload
        .iro_ids()
        .filter(|&i| i != owner && !caseload.iro(i).vacant)
        .filter(|&i| pooled || caseload.iro(i).council.as_deref() == council)
        .filter(|&i| !child.exclude_iros.contains(&i))
        .map(|i| (haversine_miles(caseload.iro(i).base, child.location), i))
        .collect();
    list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    list.into_iter().take(k).map(|(_, i)| i).collect()
}

/// Where a colleague holds a covered review.
enum Place {
    /// On its near day route of that date, re-timed.
    NearDay(NaiveDate, NearDay),
    /// On one of its trips, re-timed.
    Trip(usize, Timing),
    /// At the office or on a trip of its own.
    Alone,
}

/// Places `p` with the colleague whose extra travel is least: on time, or late up to `late`.
fn colleague(
    caseload: &Caseload,
    policy: &Policy,
    options: &ScheduleOptions,
    planners: &mut [IroPlanner],
    p: &Pending,
    late: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let mut best: Option<(f64, IroId, Place)> = None;
    for c in colleagues(caseload, policy, p.owner, p, options.cover_candidates) {
        let planner = &mut planners[c.idx()];
        let days = p.days(caseload, late);
        if p.mode == Mode::InPerson {
            // Joining a near day route of the colleague.
            for &d in &days {
                if planner.has_near_day(d)
                    && let Some((cost, n)) = planner.try_near_day(caseload, policy, p, d)
                    && best.as_ref().is_none_or(|b| cost < b.0)
                {
                    best = Some((cost, c, Place::NearDay(d, n)));
                }
            }
            // Joining one of its trips.
            if let Some((cost, k, t)) = planner.try_trip(caseload, policy, p, &days)
                && best.as_ref().is_none_or(|b| cost < b.0)
            {
                best = Some((cost, c, Place::Trip(k, t)));
            }
        }
        // A trip of its own (or an office slot), priced as its own round trip.
        let leg = policy.leg(planner.who.base, caseload.child(p.child).location);
        let own = if p.mode == Mode::Virtual {
            Some(0.0)
        } else {
            policy
                .round_trip(leg, p.duration, planner.who.max_nights > 0)
                .map(|t| policy.round_trip_cost(&t))
        };
        if let Some(cost) = own
            && best.as_ref().is_none_or(|b| cost < b.0)
            && can_place_alone(caseload, policy, planner, p, &days, late)
        {
            best = Some((cost, c, Place::Alone));
        }
    }
    let (_, c, place) = best?;
    let planner = &mut planners[c.idx()];
    match place {
        Place::NearDay(d, n) => {
            planner.replace_near_day(d, n);
            Some(d)
        }
        Place::Trip(k, t) => planner.replace_trip(caseload, policy, k, t, p),
        Place::Alone => place_alone(caseload, policy, options, planner, p, late),
    }
}

/// Whether `planner` could hold `p` at the office or on a trip of its own.
fn can_place_alone(
    caseload: &Caseload,
    policy: &Policy,
    planner: &mut IroPlanner,
    p: &Pending,
    days: &[NaiveDate],
    late: Option<NaiveDate>,
) -> bool {
    match p.mode {
        Mode::Virtual => days.iter().any(|&d| {
            office::slot(&planner.book, policy, d, p.duration, p.window).is_some()
                && office::fits(&mut planner.book, caseload, policy, d, p.duration).is_some()
        }),
        Mode::InPerson => remote::open(
            &mut planner.book,
            caseload,
            policy,
            planner.who,
            p,
            late.unwrap_or(p.due),
            days.iter().copied(),
        )
        .is_some(),
    }
}

/// Holds `p` with `planner` alone (office or own trip); returns the date.
fn place_alone(
    caseload: &Caseload,
    policy: &Policy,
    options: &ScheduleOptions,
    planner: &mut IroPlanner,
    p: &Pending,
    late: Option<NaiveDate>,
) -> Option<NaiveDate> {
    match p.mode {
        Mode::Virtual => planner.place_virtual(caseload, policy, p, late),
        Mode::InPerson => planner.place_in_person(caseload, policy, options, p, late),
    }
}

/// Who held a review late.
enum Late {
    Owner,
    Colleague(NaiveDate),
    Nobody,
}

/// Holds `p` late: by a colleague within [`ScheduleOptions::late_cover_days`] when its IRO is
/// away, else by its own IRO as early as it can inside the horizon, else by any colleague who
/// can.
fn late(
    caseload: &Caseload,
    policy: &Policy,
    options: &ScheduleOptions,
    planners: &mut [IroPlanner],
    p: &Pending,
    mode: CoverPolicy,
    reason: Reason,
) -> Late {
    let from = p.due.max(p.earliest);
    let soon = Some((from + chrono::Duration::days(options.late_cover_days)).min(policy.end));
    let until = Some(policy.end);
    let colleague_in = |planners: &mut [IroPlanner], until| {
        (mode == CoverPolicy::Colleague)
            .then(|| colleague(caseload, policy, options, planners, p, until))
            .flatten()
    };
    // Its IRO is away: a colleague soon after the due date, so the child does not wait for
    // the IRO's return; later than that the colleagues' hours go to their own on-time
    // reviews, and the review waits for its IRO.
    if reason == Reason::Absence
        && let Some(d) = colleague_in(planners, soon)
    {
        return Late::Colleague(d);
    }
    let own = &mut planners[p.owner.idx()];
    if place_alone(caseload, policy, options, own, p, until).is_some() {
        return Late::Owner;
    }
    if let Some(d) = colleague_in(planners, until) {
        return Late::Colleague(d);
    }
    Late::Nobody
}
