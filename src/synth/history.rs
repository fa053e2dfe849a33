//! Time in care and a review history consistent with reg. 33.
//!
//! A child's history is replayed forward from the day it became looked after: the first review
//! is due 20 working days later (reg. 33(1)), the second 3 months after the first was held
//! (reg. 33(2)), then every 6 months (reg. 33(3)) — due dates come from [`crate::calendar`], so
//! the generator and the planner agree on them. Each review is held on its due date or a few
//! working days before it (a working service holds reviews on time; the spread of "how early"
//! is [`Timing::early_weights`]). The replay stops at the first review that would be held after
//! the as-of date, so `last_review` and `reviews_held` are right and the next due date is on or
//! after the as-of date.

use chrono::{Days, NaiveDate};
use rand::Rng;

use crate::calendar::Calendar;
use crate::config::Review;

/// The history of one child (or sibling group) as of the snapshot date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct History {
    /// Date the child became looked after.
    pub looked_after_since: NaiveDate,
    /// Date the last review was held, if any.
    pub last_review: Option<NaiveDate>,
    /// Reviews held so far.
    pub reviews_held: u32,
    /// Due date of the next review (on or after the as-of date).
    pub next_due: NaiveDate,
}

/// The distribution of time in care and of how early reviews are held.
#[derive(Debug, Clone)]
pub struct Timing {
    /// Time in care bands `(min days, max days, weight)` before the as-of date.
    pub in_care_days: Vec<(u64, u64, f64)>,
    /// Bands `(min, max, weight)` of working days a review is held before its due date.
    pub early_weights: Vec<(u32, u32, f64)>,
}

impl Default for Timing {
    /// Time in care roughly as in DfE *Children looked after in England* (SSDA903): about a
    /// third of children in care under a year, the median near two years, a long tail of
    /// children in care since early childhood. Reviews: half on the due date or within two
    /// working days before it, a tail up to 15 working days early.
    fn default() -> Self {
        Timing {
            in_care_days: vec![
                (0, 27, 0.05),
                (28, 182, 0.10),
                (183, 365, 0.18),
                (366, 1826, 0.47),
                (1827, 4745, 0.20),
            ],
            early_weights: vec![(0, 2, 0.5), (3, 8, 0.35), (9, 15, 0.15)],
        }
    }
}

fn pick_band<R: Rng + ?Sized, T: Copy>(rng: &mut R, bands: &[(T, T, f64)]) -> Option<(T, T)> {
    let total: f64 = bands.iter().map(|b| b.2.max(0.0)).sum();
    if total <= 0.0 {
        return None;
    }
    let mut x = rng.random::<f64>() * total;
    for &(lo, hi, w) in bands {
        let w = w.max(0.0);
        if x < w {
            return Some((lo, hi));
        }
        x -= w;
    }
    bands.last().map(|b| (b.0, b.1))
}

impl Timing {
    /// Draws the date a child became looked after (on or before `as_of`).
    pub fn draw_entry<R: Rng + ?Sized>(&self, rng: &mut R, as_of: NaiveDate) -> NaiveDate {
        let days = match pick_band(rng, &self.in_care_days) {
            Some((lo, hi)) if hi >= lo => rng.random_range(lo..=hi),
            _ => 0,
        };
        as_of.checked_sub_days(Days::new(days)).unwrap_or(as_of)
    }

    /// Draws how many working days before its due date a review was held. This is the
    /// service's past practice, not the planning rule: the plan's early window
    /// (`review.early_working_days`) applies to reviews still to be held, not to history.
    pub fn draw_early<R: Rng + ?Sized>(&self, rng: &mut R) -> u32 {
        match pick_band(rng, &self.early_weights) {
            Some((lo, hi)) if hi >= lo => rng.random_range(lo..=hi),
            _ => 0,
        }
    }
}

/// Replays the reviews of a child who became looked after on `entry`, up to `as_of`.
pub fn replay<R: Rng + ?Sized>(
    rng: &mut R,
    calendar: &Calendar,
    rules: &Review,
    timing: &Timing,
    entry: NaiveDate,
    as_of: NaiveDate,
) -> History {
    let mut due = calendar.first_review_due(entry, rules);
    let mut last: Option<NaiveDate> = None;
    let mut held = 0u32;
    loop {
        let on = calendar.working_day_on_or_before(due);
        let early = timing.draw_early(rng);
        let mut date = calendar.sub_working_days(on, early);
        // A review is never held before the previous one (or, for the first, before entry).
        let floor = last.unwrap_or(entry);
        if date <= floor {
            date = on.max(calendar.add_working_days(floor, 1));
        }
        if date > as_of {
            break;
        }
        held += 1;
        last = Some(date);
        due = Calendar::next_review_due(date, held + 1, rules);
    }
    History {
        looked_after_since: entry,
        last_review: last,
        reviews_held: held,
        next_due: due,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn replay_is_consistent_with_reg_33() {
        let cal = Calendar::england_wales(2010, 2028);
        let rules = Review::default();
        let timing = Timing::default();
        let as_of = d(2026, 11, 30);
        let mut rng = Pcg64::seed_from_u64(7);
        for _ in 0..500 {
            let entry = timing.draw_entry(&mut rng, as_of);
            let h = replay(&mut rng, &cal, &rules, &timing, entry, as_of);
            assert!(entry <= as_of);
            assert!(h.next_due >= as_of, "{h:?}");
            match h.last_review {
                None => {
                    assert_eq!(h.reviews_held, 0);
                    assert_eq!(h.next_due, cal.first_review_due(entry, &rules));
                }
                Some(last) => {
                    assert!(last > entry && last <= as_of, "{h:?}");
                    assert!(cal.is_working_day(last), "{h:?}");
                    assert_eq!(
                        h.next_due,
                        Calendar::next_review_due(last, h.reviews_held + 1, &rules)
                    );
                }
            }
        }
    }

    #[test]
    fn a_child_in_care_for_a_year_has_had_three_or_four_reviews() {
        // Entry 2025-11-28: first due ≈ 2025-12-29 (20 working days), second ≈ 3 months later,
        // third ≈ 6 months after that (Sept 2026): the fourth falls in 2027.
        let cal = Calendar::england_wales(2024, 2028);
        let rules = Review::default();
        let timing = Timing::default();
        let mut rng = Pcg64::seed_from_u64(3);
        let h = replay(
            &mut rng,
            &cal,
            &rules,
            &timing,
            d(2025, 11, 28),
            d(2026, 11, 30),
        );
        assert_eq!(h.reviews_held, 3, "{h:?}");
    }

    #[test]
    fn entry_yesterday_has_no_review_yet() {
        let cal = Calendar::england_wales(2025, 2028);
        let rules = Review::default();
        let mut rng = Pcg64::seed_from_u64(3);
        let h = replay(
            &mut rng,
            &cal,
            &rules,
            &Timing::default(),
            d(2026, 11, 29),
            d(2026, 11, 30),
        );
        assert_eq!((h.reviews_held, h.last_review), (0, None));
        // 20th working day after Sun 29 Nov 2026, skipping 25 and 28 Dec (Boxing Day substitute).
        assert_eq!(h.next_due, d(2026, 12, 29));
    }
}
