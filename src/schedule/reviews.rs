//! The statutory review chain of a child (reg. 33): which review is next and when it is due.

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::config::Review;
use crate::domain::Child;

/// The first review of a child that is still to be held: (review number, due date).
pub fn next_review(child: &Child, calendar: &Calendar, rules: &Review) -> (u32, NaiveDate) {
    match (child.reviews_held, child.last_review) {
        (0, _) | (_, None) => (
            1,
            calendar.first_review_due(child.looked_after_since, rules),
        ),
        (n, Some(last)) => (n + 1, Calendar::next_review_due(last, n + 1, rules)),
    }
}

/// The review after review `number` held on `held`: (number + 1, due date).
pub fn successor(number: u32, held: NaiveDate, rules: &Review) -> (u32, NaiveDate) {
    (
        number + 1,
        Calendar::next_review_due(held, number + 1, rules),
    )
}

/// The first day a review due on `due` may be held: `early_working_days` before it, never
/// before the child became looked after, the previous review, or the plan's start.
pub fn earliest_day(
    due: NaiveDate,
    not_before: NaiveDate,
    calendar: &Calendar,
    rules: &Review,
) -> NaiveDate {
    calendar.earliest_for(due, rules).max(not_before)
}
