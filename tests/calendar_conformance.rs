//! Conformance suite for the statutory calendar: England & Wales bank holidays, working days and
//! reg. 33 review due dates (Care Planning, Placement and Case Review (England) Regulations 2010).
//!
//! Every expected value in [`CASES`] was worked out by hand from a printed calendar (the working
//! is in each case's comment) and cross-checked with a day-by-day count; the bank holidays of
//! 2024–2030 are checked against the bundled GOV.UK extract
//! `data/calendar/bank_holidays_england_wales_2024_2030.csv`.

use chrono::{Datelike, NaiveDate};
use iro_planner::calendar::{Calendar, add_months_clamped, bank_holidays, easter_sunday};
use iro_planner::config::Review;
use proptest::prelude::*;

/// What a case checks, with its expected answer (dates as `YYYY-MM-DD`).
enum Check {
    /// `easter_sunday(year)`.
    Easter { year: i32, want: &'static str },
    /// `holiday_name(date)`; `None` = not a bank holiday.
    Holiday {
        date: &'static str,
        want: Option<&'static str>,
    },
    /// `is_working_day(date)`.
    Working { date: &'static str, want: bool },
    /// `add_working_days(from, n)`.
    Add {
        from: &'static str,
        n: u32,
        want: &'static str,
    },
    /// `sub_working_days(from, n)`.
    Sub {
        from: &'static str,
        n: u32,
        want: &'static str,
    },
    /// `working_days_between(from, to)`.
    Between {
        from: &'static str,
        to: &'static str,
        want: i64,
    },
    /// `first_review_due(entry)` with default rules (20 working days).
    FirstDue {
        entry: &'static str,
        want: &'static str,
    },
    /// `next_review_due(held, number)` with default rules (3 months, then 6).
    NextDue {
        held: &'static str,
        number: u32,
        want: &'static str,
    },
    /// `earliest_for(due)` with a 20-working-day early window (the cases were written for it;
    /// the window is a parameter, see `review.early_working_days`).
    Earliest {
        due: &'static str,
        want: &'static str,
    },
    /// `add_months_clamped(date, months)`.
    Months {
        date: &'static str,
        months: u32,
        want: &'static str,
    },
}

struct Case {
    name: &'static str,
    check: Check,
}

use Check::*;

const CASES: &[Case] = &[
    // --- reg. 33(1): first review, 20 working days after becoming looked after -------------
    Case {
        // Dec 21-24 (4); 25 Xmas, 28 Boxing sub; 29-31 (7); Jan 1; Jan 4-8 (12), 11-15 (17), 18-20.
        name: "first review across Christmas 2026 with Boxing Day substitute Mon 28 Dec",
        check: FirstDue {
            entry: "2026-12-18",
            want: "2027-01-20",
        },
    },
    Case {
        // Jan 4-8 (5), 11-15 (10), 18-22 (15), 25-29 (20).
        name: "entry on a Saturday counts from the Monday",
        check: FirstDue {
            entry: "2027-01-02",
            want: "2027-01-29",
        },
    },
    Case {
        // Mon 29 Easter Monday; Mar 30-Apr 2 (4); Apr 5-9 (9), 12-16 (14), 19-23 (19), Mon 26.
        name: "entry on Good Friday 2027 skips Easter Monday",
        check: FirstDue {
            entry: "2027-03-26",
            want: "2027-04-26",
        },
    },
    Case {
        // Mar 24-27 (4), Mar 30-Apr 2 (8); Fri 3 GF, Mon 6 EM; Apr 7-10 (12), 13-17 (17), 20-22.
        name: "first review across Easter 2026",
        check: FirstDue {
            entry: "2026-03-23",
            want: "2026-04-22",
        },
    },
    Case {
        // Mon 4 Early May; 5-8 (4), 11-15 (9), 18-22 (14); Mon 25 Spring; 26-29 (18); Jun 1-2.
        name: "first review across both May bank holidays 2026",
        check: FirstDue {
            entry: "2026-05-01",
            want: "2026-06-02",
        },
    },
    Case {
        // Mon 28 sub; 29-31 (3); Jan 1; Jan 4-8 (8), 11-15 (13), 18-22 (18), 25-26 (20).
        name: "entry on Christmas Day 2026 (a bank holiday)",
        check: FirstDue {
            entry: "2026-12-25",
            want: "2027-01-26",
        },
    },
    Case {
        // 27, 28 subs; 29-31 (3); Mon 3 Jan NY sub; 4-7 (7), 10-14 (12), 17-21 (17), 24-26 (20).
        name: "entry Fri 24 Dec 2027: Christmas, Boxing and New Year substitutes",
        check: FirstDue {
            entry: "2027-12-24",
            want: "2028-01-26",
        },
    },
    // --- reg. 33(2)-(3): months from the review held, clamped to the month's end -------------
    Case {
        name: "held 31 Aug 2026 (a bank holiday): next 6-monthly review due 28 Feb 2027",
        check: NextDue {
            held: "2026-08-31",
            number: 3,
            want: "2027-02-28",
        },
    },
    Case {
        name: "held 30 Nov 2027: second review due 29 Feb 2028 (leap year)",
        check: NextDue {
            held: "2027-11-30",
            number: 2,
            want: "2028-02-29",
        },
    },
    Case {
        name: "held 29 Feb 2028: 6 months later is 29 Aug 2028",
        check: NextDue {
            held: "2028-02-29",
            number: 4,
            want: "2028-08-29",
        },
    },
    Case {
        name: "held 31 Jan 2026: second review due 30 Apr 2026",
        check: NextDue {
            held: "2026-01-31",
            number: 2,
            want: "2026-04-30",
        },
    },
    Case {
        name: "held 31 Aug 2028: 6 months to a non-leap February, 28 Feb 2029",
        check: NextDue {
            held: "2028-08-31",
            number: 3,
            want: "2029-02-28",
        },
    },
    Case {
        name: "31 Jan + 3 months = 30 Apr",
        check: Months {
            date: "2026-01-31",
            months: 3,
            want: "2026-04-30",
        },
    },
    Case {
        name: "31 Jan 2028 + 1 month = 29 Feb 2028 (leap)",
        check: Months {
            date: "2028-01-31",
            months: 1,
            want: "2028-02-29",
        },
    },
    Case {
        name: "31 Jan 2027 + 1 month = 28 Feb 2027",
        check: Months {
            date: "2027-01-31",
            months: 1,
            want: "2027-02-28",
        },
    },
    Case {
        name: "29 Feb 2028 + 12 months = 28 Feb 2029",
        check: Months {
            date: "2028-02-29",
            months: 12,
            want: "2029-02-28",
        },
    },
    Case {
        name: "31 Oct 2026 + 6 months crosses the year: 30 Apr 2027",
        check: Months {
            date: "2026-10-31",
            months: 6,
            want: "2027-04-30",
        },
    },
    // --- how early a review may be held ---------------------------------------------------------
    Case {
        // Due Sun 28 Feb → Fri 26 Feb; back 25-22 (4), 19-15 (9), 12-8 (14), 5-1 (19), Fri 29 Jan.
        name: "review due on a Sunday: window counts back from the Friday",
        check: Earliest {
            due: "2027-02-28",
            want: "2027-01-29",
        },
    },
    Case {
        // Back from Wed 20 Jan: 19-18 (2), 15-11 (7), 8-4 (12); Jan 1; Dec 31-29 (15); 28, 25;
        // Dec 24-21 (19), Fri 18 (20).
        name: "early window across Christmas 2026",
        check: Earliest {
            due: "2027-01-20",
            want: "2026-12-18",
        },
    },
    Case {
        // Due Tue 28 Dec (Boxing sub) → Fri 24 Dec; 23-20 (4), 17-13 (9), 10-6 (14),
        // Dec 3-Nov 29 (19), Fri 26 Nov (20).
        name: "review due on a substitute day: window counts back from Fri 24 Dec 2027",
        check: Earliest {
            due: "2027-12-28",
            want: "2027-11-26",
        },
    },
    // --- working-day arithmetic -----------------------------------------------------------------
    Case {
        name: "first working day after Sat 26 Dec 2026 is Tue 29 Dec",
        check: Add {
            from: "2026-12-26",
            n: 1,
            want: "2026-12-29",
        },
    },
    Case {
        name: "adding zero working days returns the date itself, even a Sunday",
        check: Add {
            from: "2027-02-28",
            n: 0,
            want: "2027-02-28",
        },
    },
    Case {
        // Back from Mon 4 Jan: Jan 1 hol; Dec 31, 30, 29 (3); 28, 25 hol; Thu 24 (4).
        name: "4 working days before Mon 4 Jan 2027 is Thu 24 Dec 2026",
        check: Sub {
            from: "2027-01-04",
            n: 4,
            want: "2026-12-24",
        },
    },
    Case {
        // (Dec 24, Jan 4]: 25, 28, Jan 1 holidays; 29, 30, 31, Jan 4.
        name: "working days from Christmas Eve 2026 to 4 Jan 2027",
        check: Between {
            from: "2026-12-24",
            to: "2027-01-04",
            want: 4,
        },
    },
    Case {
        name: "working days between is negative backwards",
        check: Between {
            from: "2027-01-04",
            to: "2026-12-24",
            want: -4,
        },
    },
    Case {
        // 2024 (leap, starts Mon): 52 weeks = 260 weekdays + Mon 30, Tue 31 Dec = 262; minus 8
        // bank holidays (all on weekdays); Jan 1 itself is outside the half-open range anyway.
        name: "working days in 2024 after New Year's Day",
        check: Between {
            from: "2024-01-01",
            to: "2024-12-31",
            want: 254,
        },
    },
    Case {
        name: "Boxing Day substitute Mon 28 Dec 2026 is not a working day",
        check: Working {
            date: "2026-12-28",
            want: false,
        },
    },
    Case {
        name: "Spring bank holiday moved away: Mon 30 May 2022 is a working day",
        check: Working {
            date: "2022-05-30",
            want: true,
        },
    },
    Case {
        name: "Early May moved to VE day: Mon 4 May 2020 is a working day",
        check: Working {
            date: "2020-05-04",
            want: true,
        },
    },
    // --- Easter (anonymous Gregorian algorithm) ---------------------------------------------
    Case {
        name: "Easter 2024",
        check: Easter {
            year: 2024,
            want: "2024-03-31",
        },
    },
    Case {
        name: "Easter 2025",
        check: Easter {
            year: 2025,
            want: "2025-04-20",
        },
    },
    Case {
        name: "Easter 2026",
        check: Easter {
            year: 2026,
            want: "2026-04-05",
        },
    },
    Case {
        name: "Easter 2027",
        check: Easter {
            year: 2027,
            want: "2027-03-28",
        },
    },
    Case {
        name: "Easter 2038 (latest possible date)",
        check: Easter {
            year: 2038,
            want: "2038-04-25",
        },
    },
    Case {
        name: "Easter 2285 (earliest possible date)",
        check: Easter {
            year: 2285,
            want: "2285-03-22",
        },
    },
    // --- substitute days ------------------------------------------------------------------------
    Case {
        name: "Christmas 2021 on a Saturday: substitute Mon 27",
        check: Holiday {
            date: "2021-12-27",
            want: Some("Christmas Day (substitute day)"),
        },
    },
    Case {
        name: "Boxing Day 2021 on a Sunday: substitute Tue 28",
        check: Holiday {
            date: "2021-12-28",
            want: Some("Boxing Day (substitute day)"),
        },
    },
    Case {
        name: "Christmas 2022 on a Sunday: Boxing Day keeps Mon 26",
        check: Holiday {
            date: "2022-12-26",
            want: Some("Boxing Day"),
        },
    },
    Case {
        name: "Christmas 2022 on a Sunday: substitute Tue 27",
        check: Holiday {
            date: "2022-12-27",
            want: Some("Christmas Day (substitute day)"),
        },
    },
    Case {
        name: "Christmas 2027 on a Saturday: substitute Mon 27",
        check: Holiday {
            date: "2027-12-27",
            want: Some("Christmas Day (substitute day)"),
        },
    },
    Case {
        name: "Boxing Day 2027 on a Sunday: substitute Tue 28",
        check: Holiday {
            date: "2027-12-28",
            want: Some("Boxing Day (substitute day)"),
        },
    },
    Case {
        name: "Christmas Day 2027 itself (a Saturday) is not a bank holiday",
        check: Holiday {
            date: "2027-12-25",
            want: None,
        },
    },
    Case {
        name: "Christmas 2032 on a Saturday: substitute Mon 27",
        check: Holiday {
            date: "2032-12-27",
            want: Some("Christmas Day (substitute day)"),
        },
    },
    Case {
        name: "Boxing Day 2032 on a Sunday: substitute Tue 28",
        check: Holiday {
            date: "2032-12-28",
            want: Some("Boxing Day (substitute day)"),
        },
    },
    Case {
        name: "New Year's Day 2033 on a Saturday: substitute Mon 3 Jan",
        check: Holiday {
            date: "2033-01-03",
            want: Some("New Year's Day (substitute day)"),
        },
    },
    Case {
        name: "Boxing Day 2026 on a Saturday: substitute Mon 28",
        check: Holiday {
            date: "2026-12-28",
            want: Some("Boxing Day (substitute day)"),
        },
    },
    // --- one-off days ---------------------------------------------------------------------------
    Case {
        name: "2022 Spring bank holiday moved to Thu 2 June",
        check: Holiday {
            date: "2022-06-02",
            want: Some("Spring bank holiday"),
        },
    },
    Case {
        name: "2022 Platinum Jubilee Fri 3 June",
        check: Holiday {
            date: "2022-06-03",
            want: Some("Platinum Jubilee bank holiday"),
        },
    },
    Case {
        name: "2022 State Funeral of Queen Elizabeth II",
        check: Holiday {
            date: "2022-09-19",
            want: Some("Bank Holiday for the State Funeral of Queen Elizabeth II"),
        },
    },
    Case {
        name: "2023 Coronation of King Charles III",
        check: Holiday {
            date: "2023-05-08",
            want: Some("Bank holiday for the coronation of King Charles III"),
        },
    },
    Case {
        name: "2023 Early May still Mon 1 May beside the Coronation",
        check: Holiday {
            date: "2023-05-01",
            want: Some("Early May bank holiday"),
        },
    },
    Case {
        name: "2020 Early May moved to Fri 8 May (VE day)",
        check: Holiday {
            date: "2020-05-08",
            want: Some("Early May bank holiday (VE day)"),
        },
    },
    Case {
        name: "1995 Early May moved to Mon 8 May (VE day)",
        check: Holiday {
            date: "1995-05-08",
            want: Some("Early May bank holiday (VE day)"),
        },
    },
    Case {
        name: "1995 Mon 1 May not a holiday",
        check: Holiday {
            date: "1995-05-01",
            want: None,
        },
    },
    Case {
        name: "1999 Millennium bank holiday",
        check: Holiday {
            date: "1999-12-31",
            want: Some("Millennium bank holiday"),
        },
    },
    Case {
        name: "2002 Golden Jubilee Mon 3 June",
        check: Holiday {
            date: "2002-06-03",
            want: Some("Golden Jubilee bank holiday"),
        },
    },
    Case {
        name: "2002 Spring bank holiday moved to Tue 4 June",
        check: Holiday {
            date: "2002-06-04",
            want: Some("Spring bank holiday"),
        },
    },
    Case {
        name: "2011 Royal Wedding Fri 29 April",
        check: Holiday {
            date: "2011-04-29",
            want: Some("Royal Wedding bank holiday"),
        },
    },
    Case {
        name: "2012 Spring bank holiday moved to Mon 4 June",
        check: Holiday {
            date: "2012-06-04",
            want: Some("Spring bank holiday"),
        },
    },
    Case {
        name: "2012 Diamond Jubilee Tue 5 June",
        check: Holiday {
            date: "2012-06-05",
            want: Some("Queen's Diamond Jubilee"),
        },
    },
    Case {
        name: "2012 Mon 28 May not a holiday",
        check: Holiday {
            date: "2012-05-28",
            want: None,
        },
    },
];

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad date {s}: {e}"))
}

/// Runs one case; `Err` describes the mismatch.
fn run(cal: &Calendar, case: &Case) -> Result<(), String> {
    let rules = Review {
        early_working_days: 20,
        ..Review::default()
    };
    let (got, want): (String, String) = match case.check {
        Easter { year, want } => (easter_sunday(year).to_string(), want.into()),
        Holiday { date, want } => (
            format!("{:?}", cal.holiday_name(d(date))),
            format!("{want:?}"),
        ),
        Working { date, want } => (cal.is_working_day(d(date)).to_string(), want.to_string()),
        Add { from, n, want } => (cal.add_working_days(d(from), n).to_string(), want.into()),
        Sub { from, n, want } => (cal.sub_working_days(d(from), n).to_string(), want.into()),
        Between { from, to, want } => (
            cal.working_days_between(d(from), d(to)).to_string(),
            want.to_string(),
        ),
        FirstDue { entry, want } => (
            cal.first_review_due(d(entry), &rules).to_string(),
            want.into(),
        ),
        NextDue { held, number, want } => (
            Calendar::next_review_due(d(held), number, &rules).to_string(),
            want.into(),
        ),
        Earliest { due, want } => (cal.earliest_for(d(due), &rules).to_string(), want.into()),
        Months { date, months, want } => {
            (add_months_clamped(d(date), months).to_string(), want.into())
        }
    };
    if got == want {
        Ok(())
    } else {
        Err(format!("{}: got {got}, want {want}", case.name))
    }
}

#[test]
fn named_cases() {
    assert!(CASES.len() >= 40, "only {} cases", CASES.len());
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CASES.len(), "case names must be unique");
    // Once with a calendar storing the years, once computing every year on the fly.
    for cal in [
        Calendar::england_wales(1990, 2300),
        Calendar::england_wales(1800, 1800),
    ] {
        let failures: Vec<String> = CASES.iter().filter_map(|c| run(&cal, c).err()).collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[test]
fn bank_holidays_match_the_gov_uk_extract_2024_2030() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/calendar/bank_holidays_england_wales_2024_2030.csv"
    );
    let mut reader = csv::Reader::from_path(path).expect("bundled CSV opens");
    let mut expected: Vec<(NaiveDate, String, String)> = Vec::new();
    for row in reader.records() {
        let row = row.expect("CSV row reads");
        expected.push((d(&row[0]), row[1].to_string(), row[2].to_string()));
    }
    assert_eq!(expected.len(), 56, "7 years x 8 holidays");

    let computed: Vec<(NaiveDate, String, String)> = (2024..=2030)
        .flat_map(bank_holidays)
        .map(|h| (h.date, h.date.weekday().to_string(), h.name.to_string()))
        .collect();
    assert_eq!(computed, expected);

    let cal = Calendar::england_wales(2024, 2030);
    for (date, _, name) in &expected {
        assert_eq!(cal.holiday_name(*date), Some(name.as_str()), "{date}");
        assert!(!cal.is_working_day(*date), "{date}");
    }
    let listed = cal.holidays_between(d("2024-01-01"), d("2030-12-31"));
    assert_eq!(listed.len(), expected.len());
}

/// Days in the month of `date`.
fn month_len(date: NaiveDate) -> u32 {
    (28..=31)
        .rev()
        .find(|&day| NaiveDate::from_ymd_opt(date.year(), date.month(), day).is_some())
        .unwrap_or(28)
}

/// A date in 1985–2115; the calendar below stores only 2000–2060, so both the stored and the
/// computed-on-the-fly paths are exercised.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let base = d("1985-01-01");
    (0u64..(130 * 366)).prop_map(move |k| base + chrono::Days::new(k))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn add_lands_on_a_working_day_exactly_n_away(date in any_date(), n in 0u32..3_000) {
        let cal = Calendar::england_wales(2000, 2060);
        let got = cal.add_working_days(date, n);
        prop_assert_eq!(cal.working_days_between(date, got), i64::from(n));
        if n > 0 {
            prop_assert!(cal.is_working_day(got), "{} + {} = {}", date, n, got);
            prop_assert!(got > date);
            // Nothing earlier would do: the day before is strictly fewer working days away.
            let before = got.pred_opt().unwrap();
            prop_assert_eq!(cal.working_days_between(date, before), i64::from(n) - 1);
        }
    }

    /// For a working day d, sub(add(d, n), n) == d; for any date and n >= 1 it is the latest
    /// working day on or before d.
    #[test]
    fn sub_undoes_add(date in any_date(), n in 0u32..3_000) {
        let cal = Calendar::england_wales(2000, 2060);
        let back = cal.sub_working_days(cal.add_working_days(date, n), n);
        if n == 0 {
            prop_assert_eq!(back, date);
        } else {
            prop_assert_eq!(back, cal.working_day_on_or_before(date));
        }
        if cal.is_working_day(date) {
            prop_assert_eq!(back, date);
        }
        let fwd = cal.add_working_days(cal.sub_working_days(date, n), n);
        if cal.is_working_day(date) {
            prop_assert_eq!(fwd, date);
        }
    }

    #[test]
    fn sub_lands_on_a_working_day_exactly_n_back(date in any_date(), n in 1u32..3_000) {
        let cal = Calendar::england_wales(2000, 2060);
        let got = cal.sub_working_days(date, n);
        prop_assert!(cal.is_working_day(got));
        // Working days in [got, date) = (got - 1, date - 1].
        let (a, b) = (got.pred_opt().unwrap(), date.pred_opt().unwrap());
        prop_assert_eq!(cal.working_days_between(a, b), i64::from(n));
    }

    #[test]
    fn between_is_additive_and_matches_a_day_walk(
        a in any_date(), b in any_date(), span in 0u64..120,
    ) {
        let cal = Calendar::england_wales(2000, 2060);
        prop_assert_eq!(
            cal.working_days_between(a, b),
            -cal.working_days_between(b, a)
        );
        let c = a + chrono::Days::new(span);
        prop_assert_eq!(
            cal.working_days_between(a, c),
            cal.working_days_between(a, b) + cal.working_days_between(b, c)
        );
        let walked = a.iter_days().skip(1).take_while(|x| *x <= c)
            .filter(|x| cal.is_working_day(*x)).count() as i64;
        prop_assert_eq!(cal.working_days_between(a, c), walked);
    }

    #[test]
    fn add_months_moves_exactly_that_many_months(date in any_date(), months in 0u32..400) {
        let got = add_months_clamped(date, months);
        let month_index = |x: NaiveDate| i64::from(x.year()) * 12 + i64::from(x.month0());
        prop_assert_eq!(month_index(got) - month_index(date), i64::from(months));
        prop_assert_eq!(got.day(), date.day().min(month_len(got)));
        prop_assert!(got >= date);
    }

    #[test]
    fn review_window_is_well_formed(date in any_date(), number in 2u32..10) {
        let cal = Calendar::england_wales(2000, 2060);
        let rules = Review::default();
        let due = Calendar::next_review_due(date, number, &rules);
        let earliest = cal.earliest_for(due, &rules);
        let last = cal.working_day_on_or_before(due);
        prop_assert!(cal.is_working_day(earliest));
        prop_assert!(earliest <= last && last <= due);
        prop_assert_eq!(
            cal.working_days_between(earliest, last),
            i64::from(rules.early_working_days)
        );
        let first = cal.first_review_due(date, &rules);
        prop_assert!(cal.is_working_day(first));
        prop_assert_eq!(
            cal.working_days_between(date, first),
            i64::from(rules.first_within_working_days)
        );
    }
}
