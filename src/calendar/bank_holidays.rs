//! England & Wales bank holidays of one year, computed from the rules plus a table of one-off days.
//!
//! # Rules
//! The eight regular days are those of the Banking and Financial Dealings Act 1971, Schedule 1,
//! as extended by royal proclamation (New Year's Day from 1974, Early May from 1978):
//! New Year's Day, Good Friday, Easter Monday, the first and last Mondays of May, the last
//! Monday of August, Christmas Day and Boxing Day. A Christmas Day, Boxing Day or New Year's Day
//! that falls on a weekend gives a *substitute day* on the next weekday not already a holiday:
//!
//! | 25 Dec is | bank holidays                                              |
//! |-----------|------------------------------------------------------------|
//! | Friday    | Fri 25 Christmas Day, Mon 28 Boxing Day (substitute day)    |
//! | Saturday  | Mon 27 Christmas Day (sub.), Tue 28 Boxing Day (sub.)       |
//! | Sunday    | Mon 26 Boxing Day, Tue 27 Christmas Day (substitute day)    |
//! | other     | 25 Christmas Day, 26 Boxing Day                             |
//!
//! Names follow the GOV.UK bank-holidays feed (`https://www.gov.uk/bank-holidays`), with a plain
//! apostrophe. The rules in force since 1978 are applied to every year (proleptically): dates
//! before 1978 are not historical.
//!
//! Easter Sunday comes from the anonymous Gregorian algorithm (Nature, 1876; Butcher's
//! *Ecclesiastical Calendar*, 1876; Meeus, *Astronomical Algorithms*, 2nd ed. 1998, ch. 8).
//!
//! # One-off days
//! [`ONE_OFFS`] lists the days proclaimed for a single year since 1978: a day moved (the
//! regular day it replaces is dropped) or an extra day added.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// One bank holiday: its date and its GOV.UK name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BankHoliday {
    /// The day off (always a Monday to Friday).
    pub date: NaiveDate,
    /// Name as published on GOV.UK, e.g. `Boxing Day (substitute day)`.
    pub name: &'static str,
}

/// The regular holidays, so that a one-off can say which one it moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    NewYear,
    GoodFriday,
    EasterMonday,
    EarlyMay,
    Spring,
    Summer,
    Christmas,
    Boxing,
}

/// A day proclaimed for one year only.
struct OneOff {
    date: (i32, u32, u32),
    name: &'static str,
    /// The regular holiday of that year this day replaces; `None` for an extra day.
    replaces: Option<Rule>,
}

/// One-off changes since 1978 (proclamations under s.1(3) of the 1971 Act), oldest first.
const ONE_OFFS: &[OneOff] = &[
    // Wedding of the Prince of Wales and Lady Diana Spencer.
    OneOff {
        date: (1981, 7, 29),
        name: "Royal Wedding bank holiday",
        replaces: None,
    },
    // 50th anniversary of VE day: Early May moved from Mon 1 May.
    OneOff {
        date: (1995, 5, 8),
        name: "Early May bank holiday (VE day)",
        replaces: Some(Rule::EarlyMay),
    },
    OneOff {
        date: (1999, 12, 31),
        name: "Millennium bank holiday",
        replaces: None,
    },
    // Golden Jubilee: Spring moved from Mon 27 May to Tue 4 June, extra Mon 3 June.
    OneOff {
        date: (2002, 6, 3),
        name: "Golden Jubilee bank holiday",
        replaces: None,
    },
    OneOff {
        date: (2002, 6, 4),
        name: "Spring bank holiday",
        replaces: Some(Rule::Spring),
    },
    // Wedding of Prince William and Catherine Middleton.
    OneOff {
        date: (2011, 4, 29),
        name: "Royal Wedding bank holiday",
        replaces: None,
    },
    // Diamond Jubilee: Spring moved from Mon 28 May to Mon 4 June, extra Tue 5 June.
    OneOff {
        date: (2012, 6, 4),
        name: "Spring bank holiday",
        replaces: Some(Rule::Spring),
    },
    OneOff {
        date: (2012, 6, 5),
        name: "Queen's Diamond Jubilee",
        replaces: None,
    },
    // 75th anniversary of VE day: Early May moved from Mon 4 May to Fri 8 May.
    OneOff {
        date: (2020, 5, 8),
        name: "Early May bank holiday (VE day)",
        replaces: Some(Rule::EarlyMay),
    },
    // Platinum Jubilee: Spring moved from Mon 30 May to Thu 2 June, extra Fri 3 June.
    OneOff {
        date: (2022, 6, 2),
        name: "Spring bank holiday",
        replaces: Some(Rule::Spring),
    },
    OneOff {
        date: (2022, 6, 3),
        name: "Platinum Jubilee bank holiday",
        replaces: None,
    },
    OneOff {
        date: (2022, 9, 19),
        name: "Bank Holiday for the State Funeral of Queen Elizabeth II",
        replaces: None,
    },
    OneOff {
        date: (2023, 5, 8),
        name: "Bank holiday for the coronation of King Charles III",
        replaces: None,
    },
];

/// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, also called Meeus/Jones/
/// Butcher). Years outside chrono's range (±262,000) are clamped to it.
///
/// ```
/// use iro_planner::calendar::easter_sunday;
/// assert_eq!(easter_sunday(2026).to_string(), "2026-04-05");
/// ```
pub fn easter_sunday(year: i32) -> NaiveDate {
    let year = year.clamp(NaiveDate::MIN.year(), NaiveDate::MAX.year());
    let y = i64::from(year);
    // Euclidean division keeps the arithmetic valid for proleptic (negative) years.
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    // n is in 107..=149, so month is 3 or 4 and day 1..=31 of March or 1..=26 of April.
    let month = (n / 31) as u32;
    let day = (n % 31 + 1) as u32;
    NaiveDate::from_ymd_opt(year, month, day)
        .expect("a March or April day of a year inside chrono's range exists")
}

/// Every England & Wales bank holiday of `year`, sorted by date. Empty for a year outside
/// chrono's range.
///
/// ```
/// use iro_planner::calendar::bank_holidays;
/// let days = bank_holidays(2026);
/// assert_eq!(days.len(), 8);
/// assert_eq!(days[7].name, "Boxing Day (substitute day)"); // Mon 28 Dec 2026
/// ```
pub fn bank_holidays(year: i32) -> Vec<BankHoliday> {
    // The rule each day came from (`None` for an extra one-off day), so a one-off can move it.
    let mut days: Vec<(Option<Rule>, NaiveDate, &'static str)> = Vec::with_capacity(10);
    let mut push = |rule: Rule, month: u32, day: u32, name: &'static str| {
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            days.push((Some(rule), date, name));
        }
    };

    match weekday_of(year, 1, 1) {
        Some(Weekday::Sat) => push(Rule::NewYear, 1, 3, "New Year's Day (substitute day)"),
        Some(Weekday::Sun) => push(Rule::NewYear, 1, 2, "New Year's Day (substitute day)"),
        _ => push(Rule::NewYear, 1, 1, "New Year's Day"),
    }

    if NaiveDate::from_ymd_opt(year, 1, 1).is_some() {
        let easter = easter_sunday(year);
        if let Some(friday) = easter.checked_sub_days(Days::new(2)) {
            push(
                Rule::GoodFriday,
                friday.month(),
                friday.day(),
                "Good Friday",
            );
        }
        if let Some(monday) = easter.checked_add_days(Days::new(1)) {
            push(
                Rule::EasterMonday,
                monday.month(),
                monday.day(),
                "Easter Monday",
            );
        }
    }

    if let Some(d) = nth_monday(year, 5, 1) {
        push(Rule::EarlyMay, 5, d, "Early May bank holiday");
    }
    if let Some(d) = last_monday(year, 5) {
        push(Rule::Spring, 5, d, "Spring bank holiday");
    }
    if let Some(d) = last_monday(year, 8) {
        push(Rule::Summer, 8, d, "Summer bank holiday");
    }

    match weekday_of(year, 12, 25) {
        Some(Weekday::Fri) => {
            push(Rule::Christmas, 12, 25, "Christmas Day");
            push(Rule::Boxing, 12, 28, "Boxing Day (substitute day)");
        }
        Some(Weekday::Sat) => {
            push(Rule::Christmas, 12, 27, "Christmas Day (substitute day)");
            push(Rule::Boxing, 12, 28, "Boxing Day (substitute day)");
        }
        Some(Weekday::Sun) => {
            push(Rule::Boxing, 12, 26, "Boxing Day");
            push(Rule::Christmas, 12, 27, "Christmas Day (substitute day)");
        }
        _ => {
            push(Rule::Christmas, 12, 25, "Christmas Day");
            push(Rule::Boxing, 12, 26, "Boxing Day");
        }
    }

    for one_off in ONE_OFFS.iter().filter(|o| o.date.0 == year) {
        if let Some(rule) = one_off.replaces {
            days.retain(|(r, _, _)| *r != Some(rule));
        }
        let (y, m, d) = one_off.date;
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            days.push((one_off.replaces, date, one_off.name));
        }
    }

    let mut out: Vec<BankHoliday> = days
        .into_iter()
        .map(|(_, date, name)| BankHoliday { date, name })
        .collect();
    out.sort_unstable();
    out
}

fn weekday_of(year: i32, month: u32, day: u32) -> Option<Weekday> {
    NaiveDate::from_ymd_opt(year, month, day).map(|d| d.weekday())
}

/// Day of the month of the `n`th Monday (1-based) of `month`.
fn nth_monday(year: i32, month: u32, n: u8) -> Option<u32> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n).map(|d| d.day())
}

/// Day of the month of the last Monday of `month` (not December).
fn last_monday(year: i32, month: u32) -> Option<u32> {
    let last = NaiveDate::from_ymd_opt(year, month + 1, 1)?.checked_sub_days(Days::new(1))?;
    let back = u64::from(last.weekday().num_days_from_monday());
    last.checked_sub_days(Days::new(back)).map(|d| d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn names(year: i32) -> Vec<(String, &'static str)> {
        bank_holidays(year)
            .into_iter()
            .map(|h| (h.date.to_string(), h.name))
            .collect()
    }

    #[test]
    fn easter_matches_known_dates() {
        // Published Easter Sundays, including the extremes of the Gregorian range.
        for (y, m, d) in [
            (1818, 3, 22),
            (1943, 4, 25),
            (2000, 4, 23),
            (2024, 3, 31),
            (2025, 4, 20),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), date(y, m, d), "Easter {y}");
        }
    }

    #[test]
    fn easter_is_a_sunday_in_its_window_for_many_years() {
        for y in 1583..=4099 {
            let e = easter_sunday(y);
            assert_eq!(e.weekday(), Weekday::Sun, "{y}");
            assert!(e >= date(y, 3, 22) && e <= date(y, 4, 25), "{y}: {e}");
        }
    }

    #[test]
    fn easter_does_not_panic_at_extremes() {
        for y in [i32::MIN, -262_143, -1, 0, 1, 262_142, i32::MAX] {
            assert_eq!(easter_sunday(y).weekday(), Weekday::Sun, "{y}");
        }
    }

    #[test]
    fn christmas_on_each_weekday() {
        // 2026: Fri; 2027: Sat; 2022: Sun; 2028: Mon.
        assert_eq!(
            &names(2026)[6..],
            &[
                ("2026-12-25".into(), "Christmas Day"),
                ("2026-12-28".into(), "Boxing Day (substitute day)")
            ]
        );
        assert_eq!(
            &names(2027)[6..],
            &[
                ("2027-12-27".into(), "Christmas Day (substitute day)"),
                ("2027-12-28".into(), "Boxing Day (substitute day)")
            ]
        );
        assert_eq!(
            &names(2022)[8..],
            &[
                ("2022-12-26".into(), "Boxing Day"),
                ("2022-12-27".into(), "Christmas Day (substitute day)")
            ]
        );
        assert_eq!(
            &names(2028)[6..],
            &[
                ("2028-12-25".into(), "Christmas Day"),
                ("2028-12-26".into(), "Boxing Day")
            ]
        );
    }

    #[test]
    fn one_offs_move_or_add() {
        let y2022 = names(2022);
        assert_eq!(y2022.len(), 10, "{y2022:?}");
        assert!(y2022.contains(&("2022-06-02".into(), "Spring bank holiday")));
        assert!(!y2022.iter().any(|(d, _)| d == "2022-05-30"));
        let y1995 = names(1995);
        assert!(y1995.contains(&("1995-05-08".into(), "Early May bank holiday (VE day)")));
        assert!(!y1995.iter().any(|(d, _)| d == "1995-05-01"));
        let y2012 = names(2012);
        assert!(y2012.contains(&("2012-06-04".into(), "Spring bank holiday")));
        assert!(y2012.contains(&("2012-06-05".into(), "Queen's Diamond Jubilee")));
        assert!(!y2012.iter().any(|(d, _)| d == "2012-05-28"));
        assert_eq!(names(2020).len(), 8);
        assert!(names(2020).contains(&("2020-05-08".into(), "Early May bank holiday (VE day)")));
    }

    #[test]
    fn every_holiday_is_a_distinct_weekday() {
        for y in 1583..=3000 {
            let days = bank_holidays(y);
            assert!(days.len() >= 8, "{y}");
            for w in days.windows(2) {
                assert!(w[0].date < w[1].date, "{y}: duplicate or unsorted {w:?}");
            }
            for h in &days {
                assert!(
                    h.date.weekday().num_days_from_monday() < 5,
                    "{y}: {h:?} on a weekend"
                );
                assert_eq!(h.date.year(), y);
            }
        }
    }

    #[test]
    fn out_of_range_year_is_empty_not_a_panic() {
        assert!(bank_holidays(i32::MAX).is_empty());
        assert!(bank_holidays(i32::MIN).is_empty());
        assert!(!bank_holidays(NaiveDate::MAX.year()).is_empty());
        assert!(!bank_holidays(NaiveDate::MIN.year()).is_empty());
    }
}
