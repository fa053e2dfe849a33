//! Virtual reviews at the office: on a working day with no trip, back to back from the start
//! of review hours, leaving the lunch break free, at most `review.max_per_day` a day, within
//! the week's hours.

use chrono::NaiveDate;

use super::day_book::{DayBook, DayUse};
use crate::domain::Caseload;
use crate::policy::Policy;

/// The start of a meeting of `duration` seconds at the office on `date`, if the day has room
/// (not a travel day, reviews a day, review hours, lunch).
pub fn slot(book: &DayBook, policy: &Policy, date: NaiveDate, duration: i64) -> Option<i64> {
    if !policy.works_on(book.iro(), date)
        || matches!(book.day(date), Some(DayUse::Trip | DayUse::Near))
    {
        return None;
    }
    let rules = &policy.day;
    let slots = book.office(date);
    if slots.len() >= rules.max_reviews as usize {
        return None;
    }
    let last_end = slots
        .iter()
        .map(|&(_, e)| e)
        .max()
        .unwrap_or(rules.review_start);
    let fits = |s: i64| {
        let mut busy = slots.to_vec();
        busy.push((s, s + duration));
        s + duration <= rules.review_end && rules.lunch_fits(&busy)
    };
    // Straight after the last meeting, or after a lunch break taken then.
    let after_lunch = last_end.max(rules.lunch_from) + rules.lunch;
    [last_end, after_lunch].into_iter().find(|&s| fits(s))
}

/// Books the first day of `days` with room for the meeting and its admin that week; returns
/// the date and start.
pub fn place(
    book: &mut DayBook,
    caseload: &Caseload,
    policy: &Policy,
    days: impl Iterator<Item = NaiveDate>,
    duration: i64,
) -> Option<(NaiveDate, i64)> {
    let work = duration + policy.admin_secs();
    for d in days {
        if let Some(s) = slot(book, policy, d, duration)
            && book.fits(caseload, policy, &[(d, work)])
        {
            book.book_office(d, (s, s + duration));
            book.add_work(&[(d, work)]);
            return Some((d, s));
        }
    }
    None
}
