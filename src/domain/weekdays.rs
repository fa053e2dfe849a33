//! A set of days of the week.

use chrono::{Datelike, NaiveDate, Weekday};

/// A set of weekdays, stored as a bit mask (bit 0 = Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WeekdaySet(u8);

impl Default for WeekdaySet {
    fn default() -> Self {
        WeekdaySet::MON_FRI
    }
}

impl WeekdaySet {
    /// Monday to Friday.
    pub const MON_FRI: WeekdaySet = WeekdaySet(0b0001_1111);

    /// The empty set.
    pub const EMPTY: WeekdaySet = WeekdaySet(0);

    /// Adds a day.
    pub fn with(self, day: Weekday) -> Self {
        WeekdaySet(self.0 | (1 << day.num_days_from_monday()))
    }

    /// True if the set holds this day of the week.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// True if the date falls on a day in the set.
    pub fn contains_date(self, date: NaiveDate) -> bool {
        self.contains(date.weekday())
    }

    /// Number of days in the set.
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// True if no day is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Parses `Mon,Tue,Wed` (also full names, any case, `;` or `,` or spaces as separators).
    /// Returns the unknown token on failure.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut set = WeekdaySet::EMPTY;
        for tok in text
            .split([',', ';', ' ', '|'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let day: Weekday = tok.parse().map_err(|_| tok.to_string())?;
            set = set.with(day);
        }
        if set.is_empty() {
            return Err(text.to_string());
        }
        Ok(set)
    }

    /// Days in the set, Monday first.
    pub fn days(self) -> impl Iterator<Item = Weekday> {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .filter(move |d| self.contains(*d))
    }
}

impl std::fmt::Display for WeekdaySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = self.days().map(|d| d.to_string()).collect();
        write!(f, "{}", names.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_long_names() {
        let s = WeekdaySet::parse("Mon, tuesday;Wed").unwrap();
        assert!(s.contains(Weekday::Mon) && s.contains(Weekday::Tue) && s.contains(Weekday::Wed));
        assert!(!s.contains(Weekday::Thu));
        assert_eq!(s.len(), 3);
        assert_eq!(WeekdaySet::parse("Mon,Funday"), Err("Funday".to_string()));
        assert!(WeekdaySet::parse("").is_err());
    }
}
