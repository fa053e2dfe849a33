//! Working days, England & Wales bank holidays, and statutory review due dates (reg. 33).
//!
//! INTERFACE STUB — the calendar helper replaces the bodies; signatures are the contract.

use chrono::NaiveDate;

use crate::config::Review;
use crate::domain::WeekdaySet;

/// England & Wales bank holidays over a range of years, plus working-day arithmetic.
#[derive(Debug, Clone)]
pub struct Calendar {
    _private: (),
}

impl Calendar {
    /// Bank holidays of England & Wales for `from_year..=to_year`, computed from the rules
    /// (Easter, substitute days) plus the one-off days table.
    pub fn england_wales(from_year: i32, to_year: i32) -> Calendar {
        let _ = (from_year, to_year);
        unimplemented!()
    }

    /// A calendar covering every date a plan starting at `start` over `months` may touch
    /// (a year either side).
    pub fn for_horizon(start: NaiveDate, months: u32) -> Calendar {
        let _ = (start, months);
        unimplemented!()
    }

    /// True on an England & Wales bank holiday.
    pub fn is_bank_holiday(&self, date: NaiveDate) -> bool {
        let _ = date;
        unimplemented!()
    }

    /// The bank holiday's name, if `date` is one.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        let _ = date;
        unimplemented!()
    }

    /// True on a statutory working day: Monday to Friday and not a bank holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        let _ = date;
        unimplemented!()
    }

    /// The `n`th working day after `date` (`n = 0` returns `date` itself).
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let _ = (date, n);
        unimplemented!()
    }

    /// The `n`th working day before `date` (`n = 0` returns `date` itself).
    pub fn sub_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let _ = (date, n);
        unimplemented!()
    }

    /// Working days in the half-open range `(from, to]`; negative if `to < from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let _ = (from, to);
        unimplemented!()
    }

    /// The latest working day on or before `date`.
    pub fn working_day_on_or_before(&self, date: NaiveDate) -> NaiveDate {
        let _ = date;
        unimplemented!()
    }

    /// Due date of the first review: `first_within_working_days` working days after the child
    /// became looked after (reg. 33(1)).
    pub fn first_review_due(&self, looked_after_since: NaiveDate, rules: &Review) -> NaiveDate {
        let _ = (looked_after_since, rules);
        unimplemented!()
    }

    /// Due date of review number `next_number` (2 = second review) when the previous review was
    /// held on `previous_held`: 3 calendar months for the second, 6 for later ones, clamped to
    /// the month's last day (reg. 33(2)–(3)).
    pub fn next_review_due(
        previous_held: NaiveDate,
        next_number: u32,
        rules: &Review,
    ) -> NaiveDate {
        let _ = (previous_held, next_number, rules);
        unimplemented!()
    }

    /// The earliest date a review due on `due` may be held: `early_working_days` working days
    /// before its last working day on or before `due`.
    pub fn earliest_for(&self, due: NaiveDate, rules: &Review) -> NaiveDate {
        let _ = (due, rules);
        unimplemented!()
    }
}

/// `date` plus `months` calendar months; a day past the month's end becomes its last day
/// (31 Jan + 1 month = 28/29 Feb).
pub fn add_months_clamped(date: NaiveDate, months: u32) -> NaiveDate {
    let _ = (date, months);
    unimplemented!()
}

/// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let _ = year;
    unimplemented!()
}

/// When an IRO can work: weekly pattern, bank holidays and absences.
#[derive(Debug, Clone)]
pub struct Availability {
    /// Days of the week worked.
    pub pattern: WeekdaySet,
    /// Inclusive absence periods.
    pub absences: Vec<(NaiveDate, NaiveDate)>,
}

impl Availability {
    /// True if the IRO works on `date`: a statutory working day, in the pattern, not absent.
    pub fn is_available(&self, calendar: &Calendar, date: NaiveDate) -> bool {
        let _ = (calendar, date);
        unimplemented!()
    }

    /// Every available date in `from..=to`.
    pub fn available_days(
        &self,
        calendar: &Calendar,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        let _ = (calendar, from, to);
        unimplemented!()
    }
}
