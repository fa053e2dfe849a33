//! Working days, England & Wales bank holidays, and statutory review due dates (reg. 33).
//!
//! One file per concern:
//! - [`bank_holidays`](fn@bank_holidays): the holidays of any year, from the Banking and
//!   Financial Dealings Act 1971 rules, substitute days, Easter (anonymous Gregorian algorithm)
//!   and a table of one-off proclamations;
//! - `working_days`: working-day arithmetic in O(log h) (h = stored holidays): weekdays are
//!   counted in closed form, holidays by binary search in a sorted vector of day numbers;
//! - `due_dates`: reg. 33 of the Care Planning, Placement and Case Review (England)
//!   Regulations 2010 (SI 2010/959): first review within 20 working days of becoming looked
//!   after, second within 3 months of the first, later ones within 6 months of the previous —
//!   every figure from [`crate::config::Review`];
//! - [`Availability`]: an IRO's weekly pattern, bank holidays and absences.
//!
//! # Units
//! Dates are [`NaiveDate`]s (the civil date in England); durations are whole days, working days
//! or calendar months, as each function says.
//!
//! # Range
//! A [`Calendar`] stores the holidays of the years it was built for; a date outside them is still
//! answered correctly, by computing that year's holidays on the fly (slower). Arithmetic that
//! would leave chrono's date range (about ±262,000 years) saturates at [`NaiveDate::MIN`] /
//! [`NaiveDate::MAX`] instead of panicking.

mod availability;
mod bank_holidays;
mod due_dates;
mod working_days;

use chrono::{Datelike, NaiveDate};

pub use availability::Availability;
pub use bank_holidays::{BankHoliday, bank_holidays, easter_sunday};
pub use due_dates::add_months_clamped;

/// Most years a calendar stores; further years are computed on demand. Bounds memory when a
/// caller asks for an absurd range (a horizon of a million months): answers stay correct.
const MAX_STORED_YEARS: i32 = 2_000;

/// England & Wales bank holidays over a range of years, plus working-day arithmetic.
///
/// ```
/// use chrono::NaiveDate;
/// use iro_planner::calendar::Calendar;
/// let cal = Calendar::england_wales(2026, 2027);
/// let entry = NaiveDate::from_ymd_opt(2026, 12, 18).unwrap();
/// // 20 working days across Christmas (25 Dec, Boxing Day substitute 28 Dec, 1 Jan).
/// assert_eq!(cal.add_working_days(entry, 20).to_string(), "2027-01-20");
/// ```
#[derive(Debug, Clone)]
pub struct Calendar {
    /// First stored year.
    first_year: i32,
    /// Last stored year (`>= first_year`).
    last_year: i32,
    /// Holidays of `first_year..=last_year`, sorted by date.
    holidays: Vec<BankHoliday>,
    /// The same dates as day numbers ([`Datelike::num_days_from_ce`]), for binary search.
    days: Vec<i32>,
    /// Day numbers of 1 Jan `first_year` and 31 Dec `last_year`: the stored span.
    span: (i32, i32),
}

impl Calendar {
    /// Bank holidays of England & Wales for `from_year..=to_year`, computed from the rules
    /// (Easter, substitute days) plus the one-off days table. The bounds may be given in either
    /// order; years outside chrono's range are clamped to it.
    pub fn england_wales(from_year: i32, to_year: i32) -> Calendar {
        let (min, max) = (NaiveDate::MIN.year(), NaiveDate::MAX.year());
        let (lo, hi) = if from_year <= to_year {
            (from_year, to_year)
        } else {
            (to_year, from_year)
        };
        let first_year = lo.clamp(min, max);
        let last_year = hi
            .clamp(min, max)
            .min(first_year.saturating_add(MAX_STORED_YEARS - 1));
        let holidays: Vec<BankHoliday> = (first_year..=last_year).flat_map(bank_holidays).collect();
        let days = holidays.iter().map(|h| h.date.num_days_from_ce()).collect();
        let day_of = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).map(|x| x.num_days_from_ce());
        // Both dates exist: the years were clamped to chrono's range.
        let span = (
            day_of(first_year, 1, 1).unwrap_or(i32::MIN),
            day_of(last_year, 12, 31).unwrap_or(i32::MIN),
        );
        Calendar {
            first_year,
            last_year,
            holidays,
            days,
            span,
        }
    }

    /// A calendar covering every date a plan starting at `start` over `months` may touch
    /// (a year either side).
    pub fn for_horizon(start: NaiveDate, months: u32) -> Calendar {
        let end = add_months_clamped(start, months);
        Calendar::england_wales(start.year().saturating_sub(1), end.year().saturating_add(1))
    }

    /// The stored years, `first..=last`. Dates outside are answered too, only more slowly.
    pub fn years(&self) -> (i32, i32) {
        (self.first_year, self.last_year)
    }

    /// True on an England & Wales bank holiday.
    pub fn is_bank_holiday(&self, date: NaiveDate) -> bool {
        self.holiday_name(date).is_some()
    }

    /// The bank holiday's name, if `date` is one (GOV.UK wording, e.g. `Spring bank holiday`).
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        if self.stores(date.year()) {
            let dn = date.num_days_from_ce();
            self.days
                .binary_search(&dn)
                .ok()
                .map(|i| self.holidays[i].name)
        } else {
            bank_holidays(date.year())
                .into_iter()
                .find(|h| h.date == date)
                .map(|h| h.name)
        }
    }

    /// Bank holidays in `from..=to`, sorted (empty if `to < from`).
    pub fn holidays_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<BankHoliday> {
        if to < from {
            return Vec::new();
        }
        (from.year()..=to.year())
            .flat_map(|y| {
                if self.stores(y) {
                    let (a, b) = self.year_slice(y);
                    self.holidays[a..b].to_vec()
                } else {
                    bank_holidays(y)
                }
            })
            .filter(|h| h.date >= from && h.date <= to)
            .collect()
    }

    /// True on a statutory working day: Monday to Friday and not a bank holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        date.weekday().num_days_from_monday() < 5 && !self.is_bank_holiday(date)
    }

    fn stores(&self, year: i32) -> bool {
        year >= self.first_year && year <= self.last_year
    }

    /// Index range of a stored year's holidays in `self.holidays`.
    fn year_slice(&self, year: i32) -> (usize, usize) {
        let a = self.holidays.partition_point(|h| h.date.year() < year);
        let b = self.holidays.partition_point(|h| h.date.year() <= year);
        (a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn stored_and_computed_years_agree() {
        let cal = Calendar::england_wales(2020, 2024);
        let far = Calendar::england_wales(1900, 1901);
        let mut d = date(2019, 1, 1);
        while d < date(2026, 1, 1) {
            assert_eq!(cal.holiday_name(d), far.holiday_name(d), "{d}");
            assert_eq!(cal.is_working_day(d), far.is_working_day(d), "{d}");
            d = d.succ_opt().unwrap();
        }
    }

    #[test]
    fn names_and_weekends() {
        let cal = Calendar::england_wales(2026, 2027);
        assert_eq!(
            cal.holiday_name(date(2026, 12, 28)),
            Some("Boxing Day (substitute day)")
        );
        assert_eq!(cal.holiday_name(date(2026, 12, 26)), None); // a Saturday
        assert!(!cal.is_working_day(date(2026, 12, 26)));
        assert!(!cal.is_working_day(date(2026, 12, 28)));
        assert!(cal.is_working_day(date(2026, 12, 29)));
    }

    #[test]
    fn bounds_in_either_order_and_clamped() {
        assert_eq!(Calendar::england_wales(2030, 2020).years(), (2020, 2030));
        let huge = Calendar::england_wales(i32::MIN, i32::MAX);
        assert_eq!(huge.years().0, NaiveDate::MIN.year());
        assert_eq!(huge.years().1 - huge.years().0 + 1, MAX_STORED_YEARS);
        assert!(huge.is_bank_holiday(date(2026, 12, 25)));
        let h = Calendar::for_horizon(date(2026, 12, 1), 12);
        assert_eq!(h.years(), (2025, 2028));
    }

    #[test]
    fn holidays_between_spans_stored_and_computed_years() {
        let cal = Calendar::england_wales(2025, 2025);
        let got = cal.holidays_between(date(2024, 12, 25), date(2026, 1, 1));
        assert_eq!(got.len(), 2 + 8 + 1);
        assert_eq!(got[0].date, date(2024, 12, 25));
        assert_eq!(got[10].name, "New Year's Day");
        assert!(
            cal.holidays_between(date(2025, 2, 1), date(2025, 1, 1))
                .is_empty()
        );
    }
}
