//! Virtual reviews at the office: on a working day with no trip, back to back from the start
//! of the child's review hours, leaving the lunch break free, at most `review.max_per_day` a
//! day, within the week's hours.

use chrono::NaiveDate;

use super::day_book::{DayBook, DayUse};
use crate::domain::Caseload;
use crate::policy::Policy;

/// The start of a meeting of `duration` seconds at the office on `date` inside `window`
/// (seconds after midnight), if the day has room (not a travel day, reviews a day, review
/// hours, lunch).
pub fn slot(
    book: &DayBook,
    policy: &Policy,
    date: NaiveDate,
    duration: i64,
    window: (i64, i64),
) -> Option<i64> {
    if !policy.works_on(book.iro(), date)
        || matches!(book.day(date), Some(DayUse::Trip | DayUse::Near))
        || book.office(date).len() >= policy.day.max_reviews as usize
    {
        return None;
    }
    free_start(book, policy, date, duration, window)
}

/// The earliest start inside `window` of a meeting of `duration` that overlaps no meeting of
/// the day and leaves the lunch break free: at the window's opening, straight after a
/// meeting, or after a lunch break taken then.
pub fn free_start(
    book: &DayBook,
    policy: &Policy,
    date: NaiveDate,
    duration: i64,
    window: (i64, i64),
) -> Option<i64> {
    let rules = &policy.day;
    let slots = book.office(date);
    let fits = |s: i64| {
        let clear = slots.iter().all(|&(a, b)| s + duration <= a || s >= b);
        let mut busy = slots.to_vec();
        busy.push((s, s + duration));
        s >= window.0 && s + duration <= window.1 && clear && rules.lunch_fits(&busy)
    };
    let mut starts: Vec<i64> = std::iter::once(window.0)
        .chain(slots.iter().map(|&(_, e)| e))
        .flat_map(|s| [s, s.max(rules.lunch_from) + rules.lunch])
        .collect();
    starts.sort_unstable();
    starts.into_iter().find(|&s| fits(s))
}

/// Books the first day of `days` with room for the meeting that week and its admin that week
/// or, where it has none, the next ([`DayBook::carrying`]); returns the date and start.
pub fn place(
    book: &mut DayBook,
    caseload: &Caseload,
    policy: &Policy,
    days: impl Iterator<Item = NaiveDate>,
    duration: i64,
    window: (i64, i64),
) -> Option<(NaiveDate, i64)> {
    for d in days {
        if let Some(s) = slot(book, policy, d, duration, window)
            && let Some(work) = fits(book, caseload, policy, d, duration)
        {
            book.book_office(d, (s, s + duration));
            book.add_work(&work);
            return Some((d, s));
        }
    }
    None
}

/// A virtual review's work on `d` laid out by week if it fits: the meeting that week, its
/// admin that week or carried ([`DayBook::carrying`]).
pub fn fits(
    book: &mut DayBook,
    caseload: &Caseload,
    policy: &Policy,
    d: NaiveDate,
    duration: i64,
) -> Option<Vec<(NaiveDate, i64)>> {
    let admin = policy.admin_secs();
    book.carrying(caseload, policy, &[(d, duration + admin)], &[(d, admin)])
}
