//! Reviews: how long one lasts, whether it is virtual, when it may be held and what holding it
//! costs — the price every review in the horizon carries (meeting + admin at the staff rate),
//! so that a chain shortened by early holding pays for the review it adds, and a small price
//! per day early so that ties go to the due date.

use chrono::NaiveDate;

use super::Policy;
use crate::calendar::Calendar;
use crate::domain::{Child, ReviewMode};

/// The reg. 33 chain position of a review still to be held: its number and due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// Statutory count: 1 = the first review after becoming looked after.
    pub number: u32,
    /// Statutory due date.
    pub date: NaiveDate,
}

impl Policy {
    /// Length of a child's review meeting, seconds.
    pub fn review_secs(&self, child: &Child) -> i64 {
        (self.config.review_hours(child.extra_time) * 3600.0).round() as i64
    }

    /// When in the day a child's review may be held, seconds after midnight (the meeting lies
    /// inside): its `review_times`, else the day's review hours. With [`Child::free_on`] (the
    /// days it can be seen) this is the one answer to "when may this child be seen".
    pub fn review_window(&self, child: &Child) -> (i64, i64) {
        child
            .review_times
            .map_or((self.day.review_start, self.day.review_end), |s| {
                (s.from.seconds(), s.to.seconds())
            })
    }

    /// Whether a child's reviews may ever be virtual: its `review_mode` allows it or its
    /// placement is at least `virtual_reviews.over_miles` road miles from the IRO's base.
    pub fn may_be_virtual(&self, child: &Child, miles: f64) -> bool {
        child.review_mode == ReviewMode::VirtualAllowed
            || self
                .config
                .virtual_reviews
                .over_miles
                .is_some_and(|m| miles >= m)
    }

    /// Whether review `number` of a child placed `miles` from its IRO's base is held virtually:
    /// where it may be, every review, or with `alternate` every other one (even numbers), so
    /// the child still sees the IRO in person.
    pub fn is_virtual(&self, child: &Child, number: u32, miles: f64) -> bool {
        self.may_be_virtual(child, miles)
            && (!self.config.virtual_reviews.alternate || number.is_multiple_of(2))
    }

    /// Share of a child's reviews held in person (for expected annual costs).
    pub fn in_person_share(&self, child: &Child, miles: f64) -> f64 {
        match (
            self.may_be_virtual(child, miles),
            self.config.virtual_reviews.alternate,
        ) {
            (false, _) => 1.0,
            (true, true) => 0.5,
            (true, false) => 0.0,
        }
    }

    /// The first review of a child still to be held.
    pub fn next_review(&self, child: &Child) -> Due {
        let rules = &self.config.review;
        match (child.reviews_held, child.last_review) {
            (0, _) | (_, None) => Due {
                number: 1,
                date: self
                    .calendar
                    .first_review_due(child.looked_after_since, rules),
            },
            (n, Some(last)) => Due {
                number: n + 1,
                date: Calendar::next_review_due(last, n + 1, rules),
            },
        }
    }

    /// The review after review `number` held on `held`.
    pub fn successor(&self, number: u32, held: NaiveDate) -> Due {
        Due {
            number: number + 1,
            date: Calendar::next_review_due(held, number + 1, &self.config.review),
        }
    }

    /// The first day a review may be held: `review.early_working_days` before it is due, never
    /// before `not_before` (the day after the previous review, or the horizon's start), and a
    /// first review no sooner than `review.first_not_before_working_days` after the child became
    /// looked after (unless that is after the due date).
    pub fn earliest(&self, child: &Child, due: Due, not_before: NaiveDate) -> NaiveDate {
        self.earliest_within(
            child,
            due,
            not_before,
            self.config.review.early_working_days,
        )
    }

    /// [`Policy::earliest`] for a review of a child in a far area joining its area's round:
    /// `review.area_early_working_days` before it is due.
    pub fn earliest_in_round(&self, child: &Child, due: Due, not_before: NaiveDate) -> NaiveDate {
        self.earliest_within(
            child,
            due,
            not_before,
            self.config.review.area_early_working_days,
        )
    }

    fn earliest_within(
        &self,
        child: &Child,
        due: Due,
        not_before: NaiveDate,
        early_working_days: u32,
    ) -> NaiveDate {
        let rules = &self.config.review;
        let window = crate::config::Review {
            early_working_days,
            ..rules.clone()
        };
        let mut earliest = self
            .calendar
            .earliest_for(due.date, &window)
            .max(not_before);
        if due.number == 1 {
            let floor = self.calendar.add_working_days(
                child.looked_after_since,
                rules.first_not_before_working_days,
            );
            earliest = earliest.max(floor.min(due.date));
        }
        earliest.max(self.start)
    }

    /// £ of staff time a review takes: the meeting and its admin.
    pub fn review_cost(&self, child: &Child) -> f64 {
        (self.review_secs(child) + self.admin_secs()) as f64 / 3600.0
            * self.config.costs.staff_per_hour
    }

    /// £ of holding a review on `date` rather than on its due date: the small price per day
    /// early, plus a whole review's cost for each extra review its chain then holds inside the
    /// horizon (each later review assumed held on its due date).
    pub fn timing_cost(&self, child: &Child, due: Due, date: NaiveDate) -> f64 {
        let early = (due.date - date).num_days().max(0);
        if early == 0 {
            return 0.0;
        }
        let extra = self.reviews_after(child, due.number, date)
            - self.reviews_after(child, due.number, due.date.max(date));
        early as f64 * self.config.review.early_cost_per_day
            + extra.max(0) as f64 * self.review_cost(child)
    }

    /// Reviews a chain holds inside the horizon after review `number` is held on `held`, each
    /// on its due date.
    pub fn reviews_after(&self, child: &Child, number: u32, held: NaiveDate) -> i64 {
        let end = self.chain_end(child);
        let mut count = 0;
        let mut at = self.successor(number, held);
        // Bounded: a review interval is at least a month.
        while at.date <= end && count < 64 {
            count += 1;
            at = self.successor(at.number, at.date);
        }
        count
    }

    /// Statutory reviews expected for a child in the horizon, each held on its due date (an
    /// overdue one on the first day): a cost weight for the allocation.
    pub fn expected_reviews(&self, child: &Child) -> f64 {
        let end = self.chain_end(child);
        let mut due = self.next_review(child);
        let mut count = 0.0;
        while due.date <= end && count < 64.0 {
            count += 1.0;
            due = self.successor(due.number, due.date.max(self.start));
        }
        count
    }
}
