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

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use super::read::{Mode, ReviewRow};
use super::{Ctx, Findings, allocation};
use crate::calendar::Calendar;
use crate::domain::{ChildId, ReviewMode};

/// Checks the review rules.
pub fn check(ctx: &Ctx<'_>, f: &mut Findings) {
    let cl = ctx.caseload;
    let mut by_child: HashMap<ChildId, Vec<&ReviewRow>> = HashMap::new();
    for r in &ctx.plan.reviews {
        match ctx.child_by_ext.get(r.child_id.as_str()) {
            Some(&c) => by_child.entry(c).or_default().push(r),
            None => f.push(format!(
                "reviews.csv:{}: child {} is not in the inputs",
                r.line, r.child_id
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
    per_day(ctx, f);
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
    rows: Vec<&ReviewRow>,
    late_listed: &HashSet<(&str, u32)>,
) {
    let child = ctx.caseload.child(c);
    let rules = &ctx.caseload.config.review;
    let ext = &child.external_id;
    let mut by_number: BTreeMap<u32, Vec<&ReviewRow>> = BTreeMap::new();
    for r in rows {
        by_number.entry(r.review_number).or_default().push(r);
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
        let r = held[0];
        f.check(r.due_date == due, || {
            format!(
                "reviews.csv: child {ext} review {number} due_date {} but reg. 33 gives {due}",
                r.due_date
            )
        });
        let earliest = ctx
            .calendar
            .earliest_for(due, rules)
            .max(not_before)
            .max(ctx.horizon_start);
        f.check(r.date >= earliest, || {
            format!(
                "reviews.csv: child {ext} review {number} held {}, before its window opens on \
                 {earliest}",
                r.date
            )
        });
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
        for r in rows {
            f.push(format!(
                "reviews.csv:{}: child {ext} review {n} (due_date {}) is not a review falling \
                 due in the horizon (the chain gives review {number} next, due {due})",
                r.line, r.due_date
            ));
        }
    }
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
    let Some(&iro) = ctx.iro_by_ext.get(r.iro_id.as_str()) else {
        f.push(format!("{who} chaired by unknown IRO {}", r.iro_id));
        return;
    };
    if let Some(a) = allocated {
        f.check(a == iro, || {
            format!(
                "{who} chaired by IRO {} but the child is allocated to {}",
                r.iro_id,
                cl.iro(a).external_id
            )
        });
    }
    let why = ctx.unavailable_because(iro, r.date);
    f.check(why.is_none(), || {
        format!("{who} held {}, {}", r.date, why.clone().unwrap_or_default())
    });
    let (day_start, day_end) = (cfg.day.start.minutes() as i64, cfg.day.end.minutes() as i64);
    f.check(r.start.0 >= day_start && r.end.0 <= day_end, || {
        format!(
            "{who} from {} to {}, outside the working day {}–{}",
            r.start, r.end, cfg.day.start, cfg.day.end
        )
    });
    let length = (cfg.review_hours(child.extra_time) * 60.0).round() as i64;
    f.check(r.end.0 - r.start.0 == length, || {
        format!(
            "{who} lasts {} minutes but should last {length}",
            r.end.0 - r.start.0
        )
    });
    match r.mode {
        Mode::Virtual => {
            let miles = (ctx.leg)(cl.iro(iro).base, child.location).miles;
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
                format!("{who} is virtual but names trip {:?}", r.trip_id)
            });
        }
        Mode::InPerson => f.check(r.trip_id.is_some(), || {
            format!("{who} is in person but names no trip")
        }),
    }
}

/// At most `max_per_day` reviews per IRO per day, none overlapping.
fn per_day(ctx: &Ctx<'_>, f: &mut Findings) {
    let max = ctx.caseload.config.review.max_per_day as usize;
    let mut days: BTreeMap<(&str, NaiveDate), Vec<&ReviewRow>> = BTreeMap::new();
    for r in &ctx.plan.reviews {
        days.entry((r.iro_id.as_str(), r.date)).or_default().push(r);
    }
    for ((iro, date), mut rows) in days {
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
    use super::super::read::Mode;
    use super::check;
    use crate::domain::ReviewMode;

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
        assert!(has(&v, &["is virtual but names trip"]), "{v:#?}");
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
