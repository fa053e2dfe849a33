//! Review rules (DESIGN.md §5; Care Planning, Placement and Case Review (England) Regulations
//! 2010, reg. 33).
//!
//! Each child's chain of reviews in the horizon is recomputed from the inputs: the first review
//! still to hold is due `first_review_due(looked_after_since)` if none has been held, else
//! `next_review_due(last_review, reviews_held + 1)`; every later one is due from the date the
//! previous one was *actually held* (as written in `reviews.csv`), and the chain ends at the
//! first due date after the horizon. Every review of the chain must be written exactly once,
//! with its statutory number and due date, on a day its IRO works, inside its window
//! (`earliest_for(due)`, after the previous review, not before the horizon), `on_time` true
//! exactly when held on or before the due date (a late one listed in the summary), within the
//! working day, of the child's review length, virtual only where policy allows, and at most
//! `review.max_per_day` a day per IRO without overlapping.
//!
//! The window opens `review.early_working_days` working days before the due date
//! (`review.area_early_working_days` for a child placed at least `overnight.remote_drive_hours`
//! one way from its IRO's base: far reviews join their area's round); a first
//! review is also held no sooner than `review.first_not_before_working_days` working days after
//! the child became looked after (unless that day is after its due date). A review that could
//! not be held ([`UnscheduledRow`]) ends its chain: no later review of the child may follow it.
//!
//! Who chairs (issue 12): `iro_id` is the child's allocated IRO; `chair_iro_id` the IRO who
//! chairs and travels — an IRO in post, the child's own unless `cover` is `colleague`, and empty
//! exactly when `cover` is `agency` (an agency chairs without a trip of ours). Availability,
//! `max_per_day` and overlaps are the chair's. Every late, forced-virtual or unscheduled review
//! gives a reason code.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use super::read::{Cover, Mode, Reason, ReviewRow, UnscheduledRow};
use super::{Ctx, Findings, allocation};
use crate::calendar::Calendar;
use crate::domain::{ChildId, IroId, ReviewMode};

/// A row of `reviews.csv`: a review held, or one that could not be.
#[derive(Clone, Copy)]
enum Entry<'p> {
    Held(&'p ReviewRow),
    Unscheduled(&'p UnscheduledRow),
}

impl Entry<'_> {
    fn line(self) -> usize {
        match self {
            Entry::Held(r) => r.line,
            Entry::Unscheduled(u) => u.line,
        }
    }

    fn due_date(self) -> NaiveDate {
        match self {
            Entry::Held(r) => r.due_date,
            Entry::Unscheduled(u) => u.due_date,
        }
    }
}

/// Checks the review rules.
pub fn check(ctx: &Ctx<'_>, f: &mut Findings) {
    let cl = ctx.caseload;
    let mut by_child: HashMap<ChildId, Vec<Entry<'_>>> = HashMap::new();
    let entries = (ctx.plan.reviews.iter())
        .map(|r| (r.child_id.as_str(), Entry::Held(r)))
        .chain((ctx.plan.unscheduled.iter()).map(|u| (u.child_id.as_str(), Entry::Unscheduled(u))));
    for (child, e) in entries {
        match ctx.child_by_ext.get(child) {
            Some(&c) => by_child.entry(c).or_default().push(e),
            None => f.push(format!(
                "reviews.csv:{}: child {child} is not in the inputs",
                e.line()
            )),
        }
    }
    let alloc = allocation::allocated(ctx);
    let late_listed: HashSet<(&str, u32)> = ctx
        .plan
        .summary
        .late_reviews
        .iter()
        .map(|l| (l.child_id.as_str(), l.review_number))
        .collect();
    for c in cl.child_ids() {
        let rows = by_child.remove(&c).unwrap_or_default();
        chain(ctx, f, c, rows, &late_listed);
    }
    for r in &ctx.plan.reviews {
        let Some(&c) = ctx.child_by_ext.get(r.child_id.as_str()) else {
            continue;
        };
        one_review(ctx, f, c, r, alloc[c.idx()]);
    }
    for u in &ctx.plan.unscheduled {
        let Some(&c) = ctx.child_by_ext.get(u.child_id.as_str()) else {
            continue;
        };
        one_unscheduled(ctx, f, u, alloc[c.idx()]);
    }
    per_day(ctx, f);
    reasons(ctx, f);
}

/// True if the summary declares this review held virtually for want of an in-person trip.
fn declared_forced(ctx: &Ctx<'_>, child: &str, number: u32) -> bool {
    ctx.plan
        .summary
        .forced_virtual_reviews
        .iter()
        .any(|l| l.child_id == child && l.review_number == number)
}

/// The reg. 33 chain of one child.
fn chain(
    ctx: &Ctx<'_>,
    f: &mut Findings,
    c: ChildId,
    rows: Vec<Entry<'_>>,
    late_listed: &HashSet<(&str, u32)>,
) {
    let child = ctx.caseload.child(c);
    let rules = &ctx.caseload.config.review;
    let ext = &child.external_id;
    let mut by_number: BTreeMap<u32, Vec<Entry<'_>>> = BTreeMap::new();
    for e in rows {
        let number = match e {
            Entry::Held(r) => r.review_number,
            Entry::Unscheduled(u) => u.review_number,
        };
        by_number.entry(number).or_default().push(e);
    }
    let (mut number, mut due) = match (child.reviews_held, child.last_review) {
        (0, _) | (_, None) => (
            1,
            ctx.calendar
                .first_review_due(child.looked_after_since, rules),
        ),
        (n, Some(last)) => (
            n.saturating_add(1),
            Calendar::next_review_due(last, n.saturating_add(1), rules),
        ),
    };
    let mut not_before = child
        .last_review
        .map_or(child.looked_after_since, |d| d.succ_opt().unwrap_or(d));
    let mut previous_virtual = false;
    // The first review that could not be held: the chain stops there.
    let mut stopped_at = None;
    // A child leaving care (projection) has no review falling due after it leaves.
    let chain_end = child
        .leaves_care
        .map_or(ctx.horizon_end, |l| l.min(ctx.horizon_end));
    while due <= chain_end {
        let Some(held) = by_number.remove(&number) else {
            f.push(format!(
                "reviews.csv: child {ext} review {number} due {due} is missing"
            ));
            return;
        };
        f.check(held.len() == 1, || {
            format!(
                "reviews.csv: child {ext} review {number} is held {} times",
                held.len()
            )
        });
        f.check(held[0].due_date() == due, || {
            format!(
                "reviews.csv: child {ext} review {number} due_date {} but reg. 33 gives {due}",
                held[0].due_date()
            )
        });
        let r = match held[0] {
            Entry::Held(r) => r,
            Entry::Unscheduled(_) => {
                stopped_at = Some(number);
                break;
            }
        };
        // A child placed beyond a day trip from its IRO's base (far: at least
        // `overnight.remote_drive_hours` one way) may be seen up to
        // `review.area_early_working_days` early, to join its area's round.
        let far = ctx
            .iro_by_ext
            .get(r.iro_id.as_str())
            .map(|&i| (ctx.leg)(ctx.caseload.iro(i).base, child.location).hours)
            .is_some_and(|h| h >= ctx.caseload.config.overnight.remote_drive_hours);
        let window = crate::config::Review {
            early_working_days: if far {
                rules.area_early_working_days.max(rules.early_working_days)
            } else {
                rules.early_working_days
            },
            ..rules.clone()
        };
        let earliest = ctx
            .calendar
            .earliest_for(due, &window)
            .max(not_before)
            .max(ctx.horizon_start);
        let booked = ctx.flagged_booking(r);
        f.check(r.date >= earliest || booked, || {
            format!(
                "reviews.csv: child {ext} review {number} held {}, before its window opens on \
                 {earliest}",
                r.date
            )
        });
        if number == 1 && !booked {
            first_not_too_soon(ctx, f, c, r, due);
        }
        let on_time = r.date <= due;
        f.check(r.on_time == on_time, || {
            format!(
                "reviews.csv: child {ext} review {number} held {} (due {due}) but on_time is {}",
                r.date, r.on_time
            )
        });
        if !on_time {
            f.check(late_listed.contains(&(ext.as_str(), number)), || {
                format!(
                    "summary.json: late_reviews does not list child {ext} review {number} held \
                     {}, {} days after its due date {due}",
                    r.date,
                    (r.date - due).num_days()
                )
            });
        }
        // A declared forced-virtual review is a stated shortfall, not a policy choice.
        let virtual_now = r.mode == Mode::Virtual && !declared_forced(ctx, ext, number);
        if ctx.caseload.config.virtual_reviews.alternate {
            f.check(!(virtual_now && previous_virtual), || {
                format!(
                    "reviews.csv: child {ext} reviews {} and {number} are both virtual (policy: \
                     every other review in person)",
                    number - 1
                )
            });
        }
        previous_virtual = virtual_now;
        not_before = r.date.succ_opt().unwrap_or(r.date);
        number = number.saturating_add(1);
        due = Calendar::next_review_due(r.date, number, rules);
    }
    for (n, rows) in by_number {
        for e in rows {
            f.push(match stopped_at {
                Some(s) => format!(
                    "reviews.csv:{}: child {ext} review {n} follows review {s}, which could not \
                     be scheduled (the chain stops at an unscheduled review)",
                    e.line()
                ),
                None => format!(
                    "reviews.csv:{}: child {ext} review {n} (due_date {}) is not a review falling \
                     due in the horizon (the chain gives review {number} next, due {due})",
                    e.line(),
                    e.due_date()
                ),
            });
        }
    }
}

/// A first review is held no sooner than `first_not_before_working_days` working days after the
/// child became looked after, unless that day is after its due date.
fn first_not_too_soon(ctx: &Ctx<'_>, f: &mut Findings, c: ChildId, r: &ReviewRow, due: NaiveDate) {
    let child = ctx.caseload.child(c);
    let n = ctx.caseload.config.review.first_not_before_working_days;
    let not_before = ctx.calendar.add_working_days(child.looked_after_since, n);
    if not_before > due {
        return;
    }
    f.check(r.date >= not_before, || {
        format!(
            "reviews.csv: child {} review 1 held {}, sooner than {n} working days after the child \
             became looked after on {} (not before {not_before})",
            r.child_id, r.date, child.looked_after_since
        )
    });
}

/// Rules of one review row on its own.
fn one_review(
    ctx: &Ctx<'_>,
    f: &mut Findings,
    c: ChildId,
    r: &ReviewRow,
    allocated: Option<crate::domain::IroId>,
) {
    let cl = ctx.caseload;
    let cfg = &cl.config;
    let child = cl.child(c);
    let who = format!(
        "reviews.csv: child {} review {}",
        r.child_id, r.review_number
    );
    let Some(own) = childs_iro(ctx, f, &who, &r.iro_id, allocated) else {
        return;
    };
    let chair = chair(ctx, f, &who, r, own);
    let booked = ctx.flagged_booking(r);
    if let Some(chair) = chair {
        let why = ctx.unavailable_because(chair, r.date);
        f.check(why.is_none() || booked, || {
            format!("{who} held {}, {}", r.date, why.clone().unwrap_or_default())
        });
    }
    // The child's review times where given (`children.csv` review_times), else the day's.
    match child.review_times {
        Some(times) => {
            let (from, to) = (times.from.minutes() as i64, times.to.minutes() as i64);
            f.check((r.start.0 >= from && r.end.0 <= to) || booked, || {
                format!(
                    "{who} from {} to {}, outside the child's review times {times}",
                    r.start, r.end
                )
            });
        }
        None => {
            let (day_start, day_end) =
                (cfg.day.start.minutes() as i64, cfg.day.end.minutes() as i64);
            f.check(
                (r.start.0 >= day_start && r.end.0 <= day_end) || booked,
                || {
                    format!(
                        "{who} from {} to {}, outside the working day {}–{}",
                        r.start, r.end, cfg.day.start, cfg.day.end
                    )
                },
            );
        }
    }
    let length = (cfg.review_hours(child.extra_time) * 60.0).round() as i64;
    f.check(r.end.0 - r.start.0 == length, || {
        format!(
            "{who} lasts {} minutes but should last {length}",
            r.end.0 - r.start.0
        )
    });
    match r.mode {
        Mode::Virtual => {
            // The journey saved is the chair's (an agency's: the child's own IRO's).
            let base = cl.iro(chair.unwrap_or(own)).base;
            let miles = (ctx.leg)(base, child.location).miles;
            let allowed = child.review_mode == ReviewMode::VirtualAllowed
                || cfg.virtual_reviews.over_miles.is_some_and(|m| miles >= m)
                || declared_forced(ctx, &child.external_id, r.review_number);
            f.check(allowed, || {
                format!(
                    "{who} held virtually, but the child's review_mode is in_person and its \
                     placement is {miles:.1} road miles from the base (policy: {})",
                    cfg.virtual_reviews
                        .over_miles
                        .map_or("no distance rule".to_string(), |m| format!(
                            "virtual from {m} miles"
                        ))
                )
            });
            f.check(r.trip_id.is_none(), || {
                format!(
                    "{who} is virtual but names trip {}",
                    r.trip_id.as_deref().unwrap_or_default()
                )
            });
        }
        // An agency's journey is not ours: it has no trip (checked in `chair`).
        Mode::InPerson if r.cover == Some(Cover::Agency) => {}
        Mode::InPerson => f.check(r.trip_id.is_some(), || {
            format!("{who} is in person but names no trip")
        }),
    }
}

/// `iro_id` of a review row: an IRO of the inputs, the one the child is allocated to.
fn childs_iro(
    ctx: &Ctx<'_>,
    f: &mut Findings,
    who: &str,
    iro_id: &str,
    allocated: Option<IroId>,
) -> Option<IroId> {
    let Some(&iro) = ctx.iro_by_ext.get(iro_id) else {
        f.push(format!("{who} names unknown IRO {iro_id}"));
        return None;
    };
    if let Some(a) = allocated {
        f.check(a == iro, || {
            format!(
                "{who} names IRO {iro_id} but the child is allocated to {}",
                ctx.caseload.iro(a).external_id
            )
        });
    }
    Some(iro)
}

/// The chair of a held review, checked against `cover`: the IRO of ours who chairs, or `None`
/// for an agency (or a chair that is not valid, reported here).
fn chair(ctx: &Ctx<'_>, f: &mut Findings, who: &str, r: &ReviewRow, own: IroId) -> Option<IroId> {
    let cover = r.cover.map_or("empty", Cover::as_str);
    let Some(ext) = r.chair.as_deref() else {
        f.check(r.cover == Some(Cover::Agency), || {
            format!(
                "{who} has no chair_iro_id but cover is {cover} (only an agency chairs without one)"
            )
        });
        f.check(r.trip_id.is_none(), || {
            let trip = r.trip_id.as_deref().unwrap_or_default();
            format!(
                "{who} is chaired by an agency but names trip {trip} (an agency travels on no \
                 trip of ours)"
            )
        });
        return None;
    };
    if r.cover == Some(Cover::Agency) {
        f.push(format!(
            "{who} is covered by an agency but names chair {ext} (an agency chair is left empty)"
        ));
        return None;
    }
    let Some(&chair) = ctx.iro_by_ext.get(ext) else {
        f.push(format!("{who} chaired by unknown IRO {ext}"));
        return None;
    };
    f.check(!ctx.caseload.iro(chair).vacant, || {
        format!("{who} chaired by IRO {ext}, a vacant post")
    });
    let covered = chair != own;
    f.check(covered == (r.cover == Some(Cover::Colleague)), || {
        if covered {
            format!(
                "{who} chaired by IRO {ext}, not the child's IRO {}, but cover is {cover} \
                 (expected colleague)",
                r.iro_id
            )
        } else {
            format!("{who} chaired by the child's own IRO {ext}, but cover is {cover}")
        }
    });
    Some(chair)
}

/// Rules of a review that could not be held, on its own.
fn one_unscheduled(ctx: &Ctx<'_>, f: &mut Findings, u: &UnscheduledRow, allocated: Option<IroId>) {
    let who = format!(
        "reviews.csv: child {} review {}",
        u.child_id, u.review_number
    );
    childs_iro(ctx, f, &who, &u.iro_id, allocated);
    f.check(!u.on_time, || {
        format!("{who} could not be scheduled (no date) but on_time is true")
    });
}

/// Every late, forced-virtual or unscheduled review says why, with a reason code (a reason on
/// an on-time review is a flag, e.g. `booking`, and is allowed).
fn reasons(ctx: &Ctx<'_>, f: &mut Findings) {
    let missing = |line: usize, child: &str, n: u32, what: String| {
        format!(
            "reviews.csv:{line}: child {child} review {n} {what} but gives no reason (expected \
             {})",
            Reason::CODES
        )
    };
    for r in &ctx.plan.reviews {
        let late = !r.on_time || r.date > r.due_date;
        if late {
            f.check(r.reason.is_some(), || {
                let what = format!("is late (held {}, due {})", r.date, r.due_date);
                missing(r.line, &r.child_id, r.review_number, what)
            });
        }
        if declared_forced(ctx, &r.child_id, r.review_number) {
            f.check(r.reason.is_some(), || {
                let what = "is declared forced virtual".to_string();
                missing(r.line, &r.child_id, r.review_number, what)
            });
        }
    }
    for u in &ctx.plan.unscheduled {
        f.check(u.reason.is_some(), || {
            let what = format!("(due {}) could not be scheduled", u.due_date);
            missing(u.line, &u.child_id, u.review_number, what)
        });
    }
}

/// At most `max_per_day` reviews per chair per day, none overlapping (an agency's are nobody's).
fn per_day(ctx: &Ctx<'_>, f: &mut Findings) {
    let max = ctx.caseload.config.review.max_per_day as usize;
    let mut days: BTreeMap<(IroId, NaiveDate), Vec<&ReviewRow>> = BTreeMap::new();
    for r in &ctx.plan.reviews {
        if let Some(chair) = ctx.chair(r) {
            days.entry((chair, r.date)).or_default().push(r);
        }
    }
    for ((iro, date), mut rows) in days {
        if ctx.booking_days.contains(&(iro, date)) {
            continue;
        }
        let iro = &ctx.caseload.iro(iro).external_id;
        f.check(rows.len() <= max, || {
            format!(
                "reviews.csv: IRO {iro} chairs {} reviews on {date}, more than {max}",
                rows.len()
            )
        });
        rows.sort_by_key(|r| (r.start, r.end));
        for w in rows.windows(2) {
            f.check(w[1].start >= w[0].end, || {
                format!(
                    "reviews.csv: IRO {iro} on {date}: child {}'s review {}–{} overlaps child \
                     {}'s {}–{}",
                    w[0].child_id, w[0].start, w[0].end, w[1].child_id, w[1].start, w[1].end
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::super::read::{Cover, Mode, PlanFiles, Reason, SummaryLate, UnscheduledRow};
    use super::check;
    use chrono::Weekday;

    use crate::domain::{Caseload, ReviewMode, WeekdaySet};

    /// The fixture with a second IRO, B (same base), working `days`, or a vacancy.
    fn with_b(days: WeekdaySet, vacant: bool) -> (Caseload, PlanFiles) {
        let (mut cl, plan) = council();
        let mut b = cl.iros[0].clone();
        b.external_id = "B".into();
        b.working_days = days;
        b.vacant = vacant;
        cl.iros.push(b);
        (cl, plan)
    }

    /// B covers the fixture's review as a colleague.
    fn covered_by_b(plan: &mut PlanFiles) {
        plan.reviews[0].chair = Some("B".into());
        plan.reviews[0].cover = Some(Cover::Colleague);
    }

    /// The fixture's child new to care on `since`, its review written as review 1.
    fn new_to_care(since: &str) -> (Caseload, PlanFiles) {
        let (mut cl, mut plan) = council();
        cl.children[0].looked_after_since = d(since);
        cl.children[0].reviews_held = 0;
        cl.children[0].last_review = None;
        plan.reviews[0].review_number = 1;
        (cl, plan)
    }

    /// The fixture's review 4 could not be held.
    fn unscheduled(on_time: bool, reason: Option<Reason>) -> UnscheduledRow {
        UnscheduledRow {
            line: 2,
            child_id: "C1".into(),
            iro_id: "A".into(),
            review_number: 4,
            due_date: d("2027-03-01"),
            on_time,
            reason,
            action: String::new(),
        }
    }

    #[test]
    fn the_early_window_follows_config() {
        // No working day early: the window opens on the due date, Monday 1 March.
        let (mut cl, plan) = council();
        cl.config.review.early_working_days = 0;
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv: child C1 review 4 held 2027-02-26, before its window opens on 2027-03-01"
            ]
        );
    }

    /// The fixture's child moved 3 degrees north of the base (180 fake miles, 3.7 h one way:
    /// far), its review held on `date`.
    fn far_child_held(date: &str) -> Vec<String> {
        let (mut cl, mut plan) = council();
        cl.children[0].location = pt(53.7, -2.4);
        plan.reviews[0].date = d(date);
        run(&cl, &plan, check)
    }

    #[test]
    fn a_far_child_may_join_its_round_up_to_twenty_working_days_early() {
        // Due Mon 1 Mar 2027: 20 working days back is Mon 1 Feb (no bank holiday between).
        let v = far_child_held("2027-02-01");
        assert!(
            !has(&v, &["before its window opens"]),
            "a far review 20 working days early: {v:#?}"
        );
    }

    #[test]
    fn a_far_child_held_before_its_round_window() {
        // Fri 29 Jan is 21 working days before Mon 1 Mar.
        let v = far_child_held("2027-01-29");
        assert!(
            has(
                &v,
                &["review 4 held 2027-01-29, before its window opens on 2027-02-01"]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn a_first_review_too_soon_after_entry() {
        // In care from Wed 17 Feb: due 20 working days later (Wed 17 Mar); with a 15-day early
        // window it may be held from Wed 24 Feb, but not before 10 working days in care (Wed
        // 3 Mar).
        let (mut cl, mut plan) = new_to_care("2027-02-17");
        cl.config.review.early_working_days = 15;
        plan.reviews[0].due_date = d("2027-03-17");
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv: child C1 review 1 held 2027-02-26, sooner than 10 working days after \
                 the child became looked after on 2027-02-17 (not before 2027-03-03)"
            ]
        );
    }

    #[test]
    fn no_first_review_limit_after_its_due_date() {
        // In care from Mon 1 Feb: due Mon 1 Mar; 25 working days would be Mon 8 Mar, after the
        // due date, so the rule gives way to the deadline.
        let (mut cl, plan) = new_to_care("2027-02-01");
        cl.config.review.first_not_before_working_days = 25;
        let v = run(&cl, &plan, check);
        assert!(v.is_empty(), "{v:#?}");
    }

    #[test]
    fn colleague_cover_by_the_childs_own_iro() {
        let (cl, mut plan) = council();
        plan.reviews[0].cover = Some(Cover::Colleague);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv: child C1 review 4 chaired by the child's own IRO A, but cover is colleague"
            ]
        );
    }

    #[test]
    fn a_colleague_chairs_without_cover() {
        let (cl, mut plan) = with_b(WeekdaySet::MON_FRI, false);
        plan.reviews[0].chair = Some("B".into());
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv: child C1 review 4 chaired by IRO B, not the child's IRO A, but \
                 cover is empty (expected colleague)"
            ]
        );
    }

    #[test]
    fn a_vacancy_chairs() {
        let (cl, mut plan) = with_b(WeekdaySet::MON_FRI, true);
        covered_by_b(&mut plan);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec!["reviews.csv: child C1 review 4 chaired by IRO B, a vacant post"]
        );
    }

    #[test]
    fn no_chair_without_agency_cover() {
        let (cl, mut plan) = council();
        plan.reviews[0].chair = None;
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["review 4 has no chair_iro_id but cover is empty (only an agency chairs"]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn an_agency_review_names_a_chair() {
        let (cl, mut plan) = council();
        plan.reviews[0].cover = Some(Cover::Agency);
        plan.reviews[0].trip_id = None;
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv: child C1 review 4 is covered by an agency but names chair A (an \
                 agency chair is left empty)"
            ]
        );
    }

    #[test]
    fn an_agency_review_on_a_trip() {
        let (cl, mut plan) = council();
        plan.reviews[0].cover = Some(Cover::Agency);
        plan.reviews[0].chair = None;
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv: child C1 review 4 is chaired by an agency but names trip T1 (an \
                 agency travels on no trip of ours)"
            ]
        );
    }

    #[test]
    fn an_agency_review_in_person_needs_no_trip_of_ours() {
        let (cl, mut plan) = council();
        plan.reviews[0].cover = Some(Cover::Agency);
        plan.reviews[0].chair = None;
        plan.reviews[0].trip_id = None;
        let v = run(&cl, &plan, check);
        assert!(v.is_empty(), "{v:#?}");
    }

    #[test]
    fn availability_is_the_chairs() {
        // B works Monday to Thursday; the review is on a Friday.
        let days = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu];
        let (cl, mut plan) = with_b(
            days.into_iter().fold(WeekdaySet::EMPTY, WeekdaySet::with),
            false,
        );
        covered_by_b(&mut plan);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv: child C1 review 4 held 2027-02-26, a Friday, not a working day of IRO B"
            ]
        );
    }

    #[test]
    fn reviews_a_day_are_counted_for_the_chair() {
        let (mut cl, mut plan) = with_b(WeekdaySet::MON_FRI, false);
        cl.config.review.max_per_day = 0;
        covered_by_b(&mut plan);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec!["reviews.csv: IRO B chairs 1 reviews on 2027-02-26, more than 0"]
        );
    }

    #[test]
    fn iro_id_is_the_childs_allocated_iro() {
        let (cl, mut plan) = with_b(WeekdaySet::MON_FRI, false);
        plan.reviews[0].iro_id = "B".into();
        plan.reviews[0].cover = Some(Cover::Colleague);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec!["reviews.csv: child C1 review 4 names IRO B but the child is allocated to A"]
        );
    }

    #[test]
    fn an_unscheduled_review_ends_its_chain() {
        // With 9 months, review 5 would fall due in the horizon after review 4 — but review 4
        // could not be held, so nothing follows it.
        let (mut cl, mut plan) = council();
        cl.config.horizon.months = 9;
        plan.reviews.clear();
        plan.unscheduled
            .push(unscheduled(false, Some(Reason::Capacity)));
        let v = run(&cl, &plan, check);
        assert!(v.is_empty(), "{v:#?}");
    }

    #[test]
    fn a_review_after_an_unscheduled_one() {
        let (mut cl, mut plan) = council();
        cl.config.horizon.months = 9;
        plan.reviews[0].review_number = 5;
        plan.reviews[0].due_date = d("2027-08-26");
        plan.unscheduled
            .push(unscheduled(false, Some(Reason::Capacity)));
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv:2: child C1 review 5 follows review 4, which could not be scheduled \
                 (the chain stops at an unscheduled review)"
            ]
        );
    }

    #[test]
    fn an_unscheduled_review_on_time() {
        let (cl, mut plan) = council();
        plan.reviews.clear();
        plan.unscheduled
            .push(unscheduled(true, Some(Reason::Capacity)));
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv: child C1 review 4 could not be scheduled (no date) but on_time is true"
            ]
        );
    }

    #[test]
    fn an_unscheduled_review_without_a_reason() {
        let (cl, mut plan) = council();
        plan.reviews.clear();
        plan.unscheduled.push(unscheduled(false, None));
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "reviews.csv:2: child C1 review 4 (due 2027-03-01) could not be scheduled but \
                 gives no reason (expected capacity, absence, overdue_at_start, reach, booking or \
                 availability)"
            ]
        );
    }

    #[test]
    fn a_late_review_without_a_reason() {
        let (cl, mut plan) = council();
        plan.reviews[0].date = d("2027-03-02");
        plan.reviews[0].on_time = false;
        plan.summary.late_reviews.push(SummaryLate {
            child_id: "C1".into(),
            review_number: 4,
        });
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &[
                    "reviews.csv:2: child C1 review 4 is late (held 2027-03-02, due 2027-03-01) but gives no reason"
                ]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn a_forced_virtual_review_without_a_reason() {
        let (cl, mut plan) = council();
        plan.reviews[0].mode = Mode::Virtual;
        plan.reviews[0].trip_id = None;
        plan.summary.forced_virtual_reviews.push(SummaryLate {
            child_id: "C1".into(),
            review_number: 4,
        });
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &["child C1 review 4 is declared forced virtual but gives no reason"]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn a_reason_on_an_on_time_review_is_a_flag() {
        let (cl, mut plan) = council();
        plan.reviews[0].reason = Some(Reason::Booking);
        let v = run(&cl, &plan, check);
        assert!(v.is_empty(), "{v:#?}");
    }

    #[test]
    fn review_before_its_window_and_on_time_flag() {
        let (cl, mut plan) = council();
        plan.reviews[0].date = d("2027-01-04");
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["review 4 held 2027-01-04, before its window opens"]),
            "{v:#?}"
        );
        plan.reviews[0].date = d("2027-03-02");
        let v = run(&cl, &plan, check);
        assert!(has(&v, &["(due 2027-03-01) but on_time is true"]), "{v:#?}");
        assert!(
            has(&v, &["late_reviews does not list child C1 review 4"]),
            "{v:#?}"
        );
    }

    #[test]
    fn the_chain_continues_from_the_held_date() {
        // With a 9-month horizon review 5 is due 6 months after review 4 was *held*.
        let (mut cl, plan) = council();
        cl.config.horizon.months = 9;
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["child C1 review 5 due 2027-08-26 is missing"]),
            "{v:#?}"
        );
    }

    #[test]
    fn first_review_from_looked_after_since() {
        let (mut cl, mut plan) = council();
        cl.children[0].reviews_held = 0;
        cl.children[0].last_review = None;
        cl.children[0].looked_after_since = d("2026-12-18");
        let v = run(&cl, &plan, check);
        // 20 working days after 2026-12-18 (Christmas and New Year off) is 2027-01-20.
        assert!(
            has(&v, &["child C1 review 1 due 2027-01-20 is missing"]),
            "{v:#?}"
        );
        plan.reviews[0].review_number = 1;
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["due_date 2027-03-01 but reg. 33 gives 2027-01-20"]),
            "{v:#?}"
        );
    }

    #[test]
    fn duplicate_review_and_extra_review() {
        let (cl, mut plan) = council();
        let mut again = plan.reviews[0].clone();
        again.review_number = 5;
        plan.reviews.push(again);
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["child C1 review 5", "is not a review falling due"]),
            "{v:#?}"
        );
        let mut twice = plan.reviews[0].clone();
        twice.review_number = 4;
        plan.reviews.push(twice);
        let v = run(&cl, &plan, check);
        assert!(has(&v, &["review 4 is held 2 times"]), "{v:#?}");
        assert!(has(&v, &["overlaps"]), "{v:#?}");
    }

    #[test]
    fn times_length_and_virtual_policy() {
        let (mut cl, mut plan) = council();
        plan.reviews[0].start.0 = 8 * 60;
        plan.reviews[0].mode = Mode::Virtual;
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["from 08:00 to 10:30, outside the working day"]),
            "{v:#?}"
        );
        assert!(has(&v, &["lasts 150 minutes but should last 90"]), "{v:#?}");
        assert!(
            has(
                &v,
                &["held virtually, but the child's review_mode is in_person"]
            ),
            "{v:#?}"
        );
        assert!(has(&v, &["is virtual but names trip T1"]), "{v:#?}");
        cl.children[0].review_mode = ReviewMode::VirtualAllowed;
        let v = run(&cl, &plan, check);
        assert!(!has(&v, &["held virtually"]), "{v:#?}");
    }

    #[test]
    fn too_many_reviews_a_day() {
        let (mut cl, plan) = council();
        cl.config.review.max_per_day = 0;
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["IRO A chairs 1 reviews on 2027-02-26, more than 0"]),
            "{v:#?}"
        );
    }
}
