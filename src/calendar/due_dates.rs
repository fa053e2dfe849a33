//! Statutory review due dates: reg. 33 of the Care Planning, Placement and Case Review
//! (England) Regulations 2010 (SI 2010/959).
//!
//! - reg. 33(1): the first review within `first_within_working_days` (20) working days of the
//!   date the child became looked after — the 20th working day after that date;
//! - reg. 33(2): the second within `second_within_months` (3) months of the first;
//! - reg. 33(3): each later one within `subsequent_within_months` (6) months of the previous.
//!
//! A month is a calendar month from the day the previous review was *held*; where the resulting
//! month is shorter, the due date is its last day (31 Jan + 3 months = 30 Apr). A due date on a
//! weekend or bank holiday stays the statutory date: the review is then held on a working day
//! before it, no earlier than [`Calendar::earliest_for`].

use chrono::{Months, NaiveDate};

use super::Calendar;
use crate::config::Review;

/// `date` plus `months` calendar months; a day past the month's end becomes its last day
/// (31 Jan + 1 month = 28/29 Feb). Saturates at [`NaiveDate::MAX`].
///
/// ```
/// use chrono::NaiveDate;
/// use iro_planner::calendar::add_months_clamped;
/// let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
/// assert_eq!(add_months_clamped(d, 3).to_string(), "2026-04-30");
/// ```
pub fn add_months_clamped(date: NaiveDate, months: u32) -> NaiveDate {
    // chrono clamps to the month's last day, which is what reg. 33 practice does.
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

impl Calendar {
    /// Due date of the first review: `first_within_working_days` working days after the child
    /// became looked after (reg. 33(1)).
    pub fn first_review_due(&self, looked_after_since: NaiveDate, rules: &Review) -> NaiveDate {
        self.add_working_days(looked_after_since, rules.first_within_working_days)
    }

    /// Due date of review number `next_number` (2 = second review) when the previous review was
    /// held on `previous_held`: 3 calendar months for the second, 6 for later ones, clamped to
    /// the month's last day (reg. 33(2)–(3)). A `next_number` below 2 is treated as 2 (the first
    /// review has no previous one: use [`Calendar::first_review_due`]).
    pub fn next_review_due(
        previous_held: NaiveDate,
        next_number: u32,
        rules: &Review,
    ) -> NaiveDate {
        let months = if next_number <= 2 {
            rules.second_within_months
        } else {
            rules.subsequent_within_months
        };
        add_months_clamped(previous_held, months)
    }

    /// The next review a child's history calls for: its statutory number and due date, from
    /// the date the child became looked after, the last review held and the number held
    /// (reg. 33). `None` when reviews were held but the last date is unknown.
    pub fn next_review(
        &self,
        looked_after_since: NaiveDate,
        last_review: Option<NaiveDate>,
        reviews_held: u32,
        rules: &Review,
    ) -> Option<(u32, NaiveDate)> {
        if reviews_held == 0 {
            return Some((1, self.first_review_due(looked_after_since, rules)));
        }
        let number = reviews_held.saturating_add(1);
        Some((
            number,
            Calendar::next_review_due(last_review?, number, rules),
        ))
    }

    /// The earliest date a review due on `due` may be held: `early_working_days` working days
    /// before its last working day on or before `due`. The window `earliest..=due` then holds
    /// `early_working_days + 1` working days.
    pub fn earliest_for(&self, due: NaiveDate, rules: &Review) -> NaiveDate {
        self.sub_working_days(self.working_day_on_or_before(due), rules.early_working_days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months_clamped(date(2026, 1, 31), 1), date(2026, 2, 28));
        assert_eq!(add_months_clamped(date(2028, 1, 31), 1), date(2028, 2, 29));
        assert_eq!(add_months_clamped(date(2026, 8, 31), 6), date(2027, 2, 28));
        assert_eq!(add_months_clamped(date(2026, 3, 15), 0), date(2026, 3, 15));
        assert_eq!(
            add_months_clamped(date(2026, 11, 30), 14),
            date(2028, 1, 30)
        );
        assert_eq!(add_months_clamped(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    #[test]
    fn review_numbers_pick_the_right_interval() {
        let rules = Review::default();
        let held = date(2027, 1, 20);
        assert_eq!(
            Calendar::next_review_due(held, 2, &rules),
            date(2027, 4, 20)
        );
        assert_eq!(
            Calendar::next_review_due(held, 3, &rules),
            date(2027, 7, 20)
        );
        assert_eq!(
            Calendar::next_review_due(held, 9, &rules),
            date(2027, 7, 20)
        );
        assert_eq!(
            Calendar::next_review_due(held, 0, &rules),
            date(2027, 4, 20)
        );
    }

    #[test]
    fn rules_come_from_config() {
        let cal = Calendar::england_wales(2026, 2027);
        let rules = Review {
            first_within_working_days: 5,
            second_within_months: 1,
            subsequent_within_months: 2,
            early_working_days: 0,
            ..Review::default()
        };
        // Mon 7 Dec 2026 + 5 working days = Mon 14 Dec.
        assert_eq!(
            cal.first_review_due(date(2026, 12, 7), &rules),
            date(2026, 12, 14)
        );
        assert_eq!(
            Calendar::next_review_due(date(2026, 12, 31), 2, &rules),
            date(2027, 1, 31)
        );
        assert_eq!(
            Calendar::next_review_due(date(2026, 12, 31), 3, &rules),
            date(2027, 2, 28)
        );
        // Due Sun 28 Feb 2027 with no early days: held Fri 26 Feb at the earliest and latest.
        assert_eq!(
            cal.earliest_for(date(2027, 2, 28), &rules),
            date(2027, 2, 26)
        );
    }

    #[test]
    fn earliest_counts_back_from_the_last_working_day() {
        let cal = Calendar::england_wales(2026, 2027);
        let rules = Review {
            early_working_days: 20,
            ..Review::default()
        };
        // Due Sun 28 Feb 2027 → last working day Fri 26 Feb → 20 working days back = Fri 29 Jan.
        assert_eq!(
            cal.earliest_for(date(2027, 2, 28), &rules),
            date(2027, 1, 29)
        );
        assert_eq!(
            cal.working_days_between(date(2027, 1, 29), date(2027, 2, 26)),
            20
        );
    }
}
