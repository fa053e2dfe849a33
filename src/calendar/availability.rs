//! When one IRO can hold a review: a statutory working day, on a day of their weekly pattern,
//! outside every absence (leave, training), absences being inclusive date ranges.

use chrono::NaiveDate;

use super::Calendar;
use crate::domain::WeekdaySet;

/// When an IRO can work: weekly pattern, bank holidays and absences.
#[derive(Debug, Clone, Default)]
pub struct Availability {
    /// Days of the week worked.
    pub pattern: WeekdaySet,
    /// Inclusive absence periods. A period whose end is before its start is empty.
    pub absences: Vec<(NaiveDate, NaiveDate)>,
}

impl Availability {
    /// A pattern and absences (any order; overlapping periods are fine).
    pub fn new(pattern: WeekdaySet, absences: Vec<(NaiveDate, NaiveDate)>) -> Self {
        Availability { pattern, absences }
    }

    /// True if `date` falls in an absence period.
    pub fn is_absent(&self, date: NaiveDate) -> bool {
        self.absences
            .iter()
            .any(|&(from, to)| from <= date && date <= to)
    }

    /// True if the IRO works on `date`: a statutory working day, in the pattern, not absent.
    pub fn is_available(&self, calendar: &Calendar, date: NaiveDate) -> bool {
        self.pattern.contains_date(date) && calendar.is_working_day(date) && !self.is_absent(date)
    }

    /// Every available date in `from..=to` (empty if `to < from`), in order.
    pub fn available_days(
        &self,
        calendar: &Calendar,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| self.is_available(calendar, *d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn pattern_holidays_and_absences_all_apply() {
        let cal = Calendar::england_wales(2026, 2027);
        let part_time = WeekdaySet::EMPTY
            .with(Weekday::Mon)
            .with(Weekday::Tue)
            .with(Weekday::Fri);
        let iro = Availability::new(part_time, vec![(date(2027, 1, 4), date(2027, 1, 5))]);
        // 21 Dec 2026 – 12 Jan 2027: Mon 21, Tue 22, (Fri 25 Xmas), (Mon 28 Boxing sub), Tue 29,
        // (Fri 1 Jan), (Mon 4, Tue 5 absent), Fri 8, Mon 11, Tue 12.
        let got = iro.available_days(&cal, date(2026, 12, 21), date(2027, 1, 12));
        let want = [
            date(2026, 12, 21),
            date(2026, 12, 22),
            date(2026, 12, 29),
            date(2027, 1, 8),
            date(2027, 1, 11),
            date(2027, 1, 12),
        ];
        assert_eq!(got, want);
        assert!(!iro.is_available(&cal, date(2026, 12, 23))); // a Wednesday
        assert!(iro.is_absent(date(2027, 1, 5)));
        assert!(!iro.is_absent(date(2027, 1, 6)));
    }

    #[test]
    fn empty_and_inverted_ranges() {
        let cal = Calendar::england_wales(2026, 2026);
        let iro = Availability::new(
            WeekdaySet::MON_FRI,
            vec![(date(2026, 6, 10), date(2026, 6, 1))],
        );
        assert!(
            iro.available_days(&cal, date(2026, 6, 5), date(2026, 6, 4))
                .is_empty()
        );
        assert!(iro.is_available(&cal, date(2026, 6, 5))); // the inverted absence is empty
        assert_eq!(
            iro.available_days(&cal, NaiveDate::MAX, NaiveDate::MAX),
            Vec::<NaiveDate>::new()
        );
    }
}
