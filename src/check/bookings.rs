//! Bookings and the child's days (`bookings.csv`, `unavailable.csv`): a booked review is held
//! exactly as booked — on its day and, where a start was agreed, at that start (the child's
//! k-th booking is its review `reviews_held + k`, counted after the reviews recorded held) —
//! no review falls on a day its child cannot be seen, and the reason `booking` is given only to
//! a booked review. (The child's review times are a review rule, in [`super::reviews`].)

use std::collections::HashMap;

use super::read::{Reason, ReviewRow};
use super::{Ctx, Findings};

/// Checks the booking rules.
pub fn check(ctx: &Ctx<'_>, f: &mut Findings) {
    let cl = ctx.caseload;
    let held: HashMap<(&str, u32), &ReviewRow> = ctx
        .plan
        .reviews
        .iter()
        .map(|r| ((r.child_id.as_str(), r.review_number), r))
        .collect();
    let unscheduled: HashMap<(&str, u32), usize> = ctx
        .plan
        .unscheduled
        .iter()
        .map(|u| ((u.child_id.as_str(), u.review_number), u.line))
        .collect();
    for c in cl.child_ids() {
        let child = cl.child(c);
        let id = child.external_id.as_str();
        for (k, b) in child.booked.iter().enumerate() {
            if b.date > ctx.horizon_end {
                continue;
            }
            let n = child.reviews_held + 1 + k as u32;
            match held.get(&(id, n)) {
                Some(r) => {
                    f.check(r.date == b.date, || {
                        format!(
                            "reviews.csv:{}: child {id} review {n} held {}, but it is booked on \
                             {} (bookings.csv; a booking is never moved)",
                            r.line, r.date, b.date
                        )
                    });
                    if let Some(s) = b.start {
                        f.check(r.start.0 == i64::from(s.minutes()), || {
                            format!(
                                "reviews.csv:{}: child {id} review {n} starts {}, but its booking \
                                 agrees {s}",
                                r.line, r.start
                            )
                        });
                    }
                }
                None => {
                    if let Some(line) = unscheduled.get(&(id, n)) {
                        f.push(format!(
                            "reviews.csv:{line}: child {id} review {n} is booked on {} but not \
                             held (a booking is kept even where it breaks a rule)",
                            b.date
                        ));
                    }
                }
            }
        }
    }
    for r in &ctx.plan.reviews {
        let Some(&c) = ctx.child_by_ext.get(r.child_id.as_str()) else {
            continue;
        };
        let child = cl.child(c);
        let booked = ctx.flagged_booking(r);
        f.check(child.free_on(r.date) || booked, || {
            let (from, to) = child
                .unavailable
                .iter()
                .copied()
                .find(|&(a, b)| a <= r.date && r.date <= b)
                .unwrap_or((r.date, r.date));
            format!(
                "reviews.csv:{}: child {} review {} held {}, a day the child cannot be seen \
                 (unavailable.csv: {from} to {to})",
                r.line, r.child_id, r.review_number, r.date
            )
        });
        if r.reason == Some(Reason::Booking) {
            f.check(child.booked.iter().any(|b| b.date == r.date), || {
                format!(
                    "reviews.csv:{}: child {} review {} gives reason booking, but no review of \
                     the child is booked on {} (bookings.csv)",
                    r.line, r.child_id, r.review_number, r.date
                )
            });
        }
    }
}
