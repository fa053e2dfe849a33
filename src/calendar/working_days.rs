//! Working-day arithmetic without day-by-day loops.
//!
//! Dates become day numbers (`num_days_from_ce`: 0001-01-01 = 1, a Monday). Weekdays in a range
//! are counted in closed form — five in every seven-day block plus the remainder — and bank
//! holidays (all Monday–Friday by construction) by binary search in the calendar's sorted day
//! numbers, so [`Calendar::working_days_between`] costs O(log h).
//!
//! [`Calendar::add_working_days`] jumps to the `n`th *weekday* after the date in O(1), counts the
//! holidays it skipped over, and jumps again by that many weekdays, until a jump skips none.
//! Each jump covers exactly the weekdays still owed, so the result is never overshot; two or
//! three jumps suffice in practice (a year has at most ten holidays). Subtraction mirrors it.
//!
//! # Units
//! Day numbers are `i64` days; counts are working days.

use chrono::{Datelike, NaiveDate};

use super::{Calendar, bank_holidays};

/// Day number of a date: days from the common era (0001-01-01 = 1).
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// The date of a day number, saturating at chrono's range.
fn from_day_number(n: i64) -> NaiveDate {
    let min = day_number(NaiveDate::MIN);
    let max = day_number(NaiveDate::MAX);
    match i32::try_from(n.clamp(min, max)) {
        Ok(n) => NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MAX),
        Err(_) => NaiveDate::MAX,
    }
}

/// 0 = Monday … 6 = Sunday (day 1 is a Monday).
fn weekday_index(n: i64) -> i64 {
    (n - 1).rem_euclid(7)
}

/// Weekdays (Mon–Fri) among days `..=n`, relative to an arbitrary origin: only differences
/// mean anything. `weekdays_upto(b) - weekdays_upto(a)` counts the weekdays in `(a, b]`.
fn weekdays_upto(n: i64) -> i64 {
    let k = n - 1;
    k.div_euclid(7) * 5 + (k.rem_euclid(7) + 1).min(5)
}

/// The `n`th weekday after day `x` (`n >= 1`); a weekend `x` counts from the Friday before,
/// which has the same weekdays after it.
fn nth_weekday_after(x: i64, n: i64) -> i64 {
    let w = weekday_index(x);
    let (x, w) = if w >= 5 { (x - (w - 4), 4) } else { (x, w) };
    let mut days = n / 5 * 7 + n % 5;
    if w + n % 5 >= 5 {
        days += 2; // the remainder crosses a weekend
    }
    x + days
}

/// The `n`th weekday before day `x` (`n >= 1`); a weekend `x` counts from the Monday after,
/// which has the same weekdays before it.
fn nth_weekday_before(x: i64, n: i64) -> i64 {
    let w = weekday_index(x);
    let (x, w) = if w >= 5 { (x + (7 - w), 0) } else { (x, w) };
    let mut days = n / 5 * 7 + n % 5;
    if n % 5 > w {
        days += 2; // the remainder crosses a weekend
    }
    x - days
}

impl Calendar {
    /// Bank holidays with day number in `(a, b]` (0 if `b <= a`).
    fn holidays_in(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let stored = self.days.partition_point(|&d| i64::from(d) <= b)
            - self.days.partition_point(|&d| i64::from(d) <= a);
        let mut count = stored as i64;
        if a >= i64::from(self.span.0) - 1 && b <= i64::from(self.span.1) {
            return count; // the usual case: the whole range is stored
        }
        let (ya, yb) = (from_day_number(a + 1).year(), from_day_number(b).year());
        let outside = |y: &i32| *y < self.first_year || *y > self.last_year;
        let before = ya..=yb.min(self.first_year - 1);
        let after = ya.max(self.last_year + 1)..=yb;
        for y in before.chain(after).filter(outside) {
            count += bank_holidays(y)
                .iter()
                .map(|h| day_number(h.date))
                .filter(|&d| d > a && d <= b)
                .count() as i64;
        }
        count
    }

    /// The `n`th working day after `date` (`n = 0` returns `date` itself). `date` need not be a
    /// working day: the first working day after a Saturday is the Monday (or Tuesday after a
    /// bank-holiday Monday).
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return date;
        }
        let mut x = day_number(date);
        let mut owed = i64::from(n);
        loop {
            let y = nth_weekday_after(x, owed);
            if y > day_number(NaiveDate::MAX) {
                return NaiveDate::MAX; // only further jumps forward could follow
            }
            let skipped = self.holidays_in(x, y);
            x = y;
            if skipped == 0 {
                return from_day_number(x);
            }
            owed = skipped;
        }
    }

    /// The `n`th working day before `date` (`n = 0` returns `date` itself).
    pub fn sub_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return date;
        }
        let mut x = day_number(date);
        let mut owed = i64::from(n);
        loop {
            let y = nth_weekday_before(x, owed);
            if y < day_number(NaiveDate::MIN) {
                return NaiveDate::MIN; // only further jumps back could follow
            }
            // Holidays in [y, x) = in (y - 1, x - 1].
            let skipped = self.holidays_in(y - 1, x - 1);
            x = y;
            if skipped == 0 {
                return from_day_number(x);
            }
            owed = skipped;
        }
    }

    /// Working days in the half-open range `(from, to]`; negative if `to < from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b) = (day_number(from), day_number(to));
        if b < a {
            return -self.working_days_between(to, from);
        }
        weekdays_upto(b) - weekdays_upto(a) - self.holidays_in(a, b)
    }

    /// The latest working day on or before `date`.
    pub fn working_day_on_or_before(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        // At most five steps back (e.g. Tue 28 Dec → Fri 24 Dec); stops at chrono's minimum.
        while !self.is_working_day(d) {
            match d.pred_opt() {
                Some(p) => d = p,
                None => break,
            }
        }
        d
    }

    /// The earliest working day on or after `date`.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_working_day(d) {
            match d.succ_opt() {
                Some(s) => d = s,
                None => break,
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn day_numbers_agree_with_chrono_weekdays() {
        let mut d = date(1999, 12, 20);
        for _ in 0..30 {
            let n = day_number(d);
            assert_eq!(
                weekday_index(n),
                i64::from(d.weekday().num_days_from_monday())
            );
            assert_eq!(from_day_number(n), d);
            d = d.succ_opt().unwrap();
        }
        assert_eq!(weekday_index(day_number(date(1, 1, 1))), 0);
        let bce = date(-5, 3, 1); // proleptic, negative day number
        assert_eq!(
            weekday_index(day_number(bce)),
            i64::from(bce.weekday().num_days_from_monday())
        );
    }

    #[test]
    fn weekday_jumps_match_a_slow_walk() {
        // Every start day of a fortnight, every n up to 30, against stepping day by day.
        let base = day_number(date(2026, 3, 2));
        for x in base..base + 14 {
            for n in 1..=30 {
                let (mut up, mut down, mut left_up, mut left_down) = (x, x, n, n);
                while left_up > 0 {
                    up += 1;
                    if weekday_index(up) < 5 {
                        left_up -= 1;
                    }
                }
                while left_down > 0 {
                    down -= 1;
                    if weekday_index(down) < 5 {
                        left_down -= 1;
                    }
                }
                assert_eq!(nth_weekday_after(x, n), up, "after {x} by {n}");
                assert_eq!(nth_weekday_before(x, n), down, "before {x} by {n}");
                assert_eq!(weekdays_upto(up) - weekdays_upto(x), n);
            }
        }
    }

    /// Brute-force reference: step day by day.
    fn slow_add(cal: &Calendar, d: NaiveDate, n: u32) -> NaiveDate {
        let (mut d, mut left) = (d, n);
        while left > 0 {
            d = d.succ_opt().unwrap();
            if cal.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    #[test]
    fn add_and_sub_match_brute_force_over_a_decade() {
        let cal = Calendar::england_wales(2024, 2030);
        let mut d = date(2020, 1, 1); // starts outside the stored years on purpose
        while d < date(2032, 1, 1) {
            for n in [0, 1, 2, 5, 20, 61, 300] {
                let fwd = cal.add_working_days(d, n);
                assert_eq!(fwd, slow_add(&cal, d, n), "add {d} {n}");
                assert_eq!(cal.working_days_between(d, fwd), i64::from(n));
                if cal.is_working_day(d) {
                    assert_eq!(cal.sub_working_days(fwd, n), d, "sub {fwd} {n}");
                }
            }
            d = d.checked_add_days(chrono::Days::new(3)).unwrap();
        }
    }

    #[test]
    fn between_is_antisymmetric_and_zero_on_same_day() {
        let cal = Calendar::england_wales(2026, 2027);
        let (a, b) = (date(2026, 12, 18), date(2027, 1, 20));
        assert_eq!(cal.working_days_between(a, b), 20);
        assert_eq!(cal.working_days_between(b, a), -20);
        assert_eq!(cal.working_days_between(a, a), 0);
    }

    #[test]
    fn on_or_before_and_after() {
        let cal = Calendar::england_wales(2027, 2028);
        // Tue 28 Dec 2027 (Boxing sub) → Fri 24 Dec; → Wed 29 Dec.
        assert_eq!(
            cal.working_day_on_or_before(date(2027, 12, 28)),
            date(2027, 12, 24)
        );
        assert_eq!(
            cal.working_day_on_or_after(date(2027, 12, 25)),
            date(2027, 12, 29)
        );
        assert_eq!(
            cal.working_day_on_or_before(date(2027, 12, 29)),
            date(2027, 12, 29)
        );
    }

    #[test]
    fn saturates_at_chrono_range_instead_of_panicking() {
        let cal = Calendar::england_wales(2026, 2026);
        assert_eq!(
            cal.add_working_days(NaiveDate::MAX, u32::MAX),
            NaiveDate::MAX
        );
        assert_eq!(
            cal.sub_working_days(NaiveDate::MIN, u32::MAX),
            NaiveDate::MIN
        );
        let _ = cal.working_day_on_or_before(NaiveDate::MIN);
        let _ = cal.working_day_on_or_after(NaiveDate::MAX);
    }
}
