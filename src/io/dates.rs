//! The one date parser of every input: ISO `YYYY-MM-DD` or UK `dd/mm/yyyy` (`d/m/yyyy`).
//!
//! Case-management systems (Mosaic, Liquidlogic LCS, Eclipse) and Excel in a UK locale write
//! day-first dates, and the DfE's SSDA903 return specifies `dd/mm/yyyy`; our own files and
//! the DESIGN contract write ISO. Both are read, in any mix, unless `input.date_format` in
//! `config.toml` pins one form ([`DateFormat`]).
//!
//! # Rules
//! - ISO: `2026-12-01` (a time after it — `2026-12-01T00:00:00`, `2026-12-01 00:00` — is
//!   ignored, as exports of date columns often carry midnight).
//! - UK: day, month, four-digit year separated by `/`, `-` or `.`: `01/12/2026`, `1/12/2026`,
//!   `1.12.2026` (a trailing time is ignored too).
//! - A day-first reading that is impossible but would be a real date month-first
//!   (`12/31/2026`) is a US date: an error that says so, since guessing per row would give
//!   silently wrong dates for every day ≤ 12. `input.date_format = "us"` reads a whole council
//!   month-first.
//! - Two-digit years (`01/12/26`) are refused: the century is a guess.
//!
//! ```
//! use chrono::NaiveDate;
//! use iro_planner::io::dates::{DateFormat, parse_date};
//! let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
//! assert_eq!(parse_date("2026-12-01", DateFormat::Auto), Ok(d));
//! assert_eq!(parse_date("01/12/2026", DateFormat::Auto), Ok(d));
//! assert_eq!(parse_date("1/12/2026 00:00", DateFormat::Auto), Ok(d));
//! assert!(parse_date("12/31/2026", DateFormat::Auto).unwrap_err().to_string().contains("US"));
//! ```

use chrono::NaiveDate;

pub use crate::config::DateFormat;

impl DateFormat {
    /// What a date of this format looks like, for "(expected …)".
    pub fn expected(self) -> &'static str {
        match self {
            DateFormat::Auto => "a date as YYYY-MM-DD or dd/mm/yyyy",
            DateFormat::Iso => "a date as YYYY-MM-DD (config input.date_format = \"iso\")",
            DateFormat::Uk => "a date as dd/mm/yyyy (config input.date_format = \"uk\")",
            DateFormat::Us => {
                "a date as mm/dd/yyyy or YYYY-MM-DD (config input.date_format = \"us\")"
            }
        }
    }
}

/// Why a date could not be read. `Display` is the problem, quoting the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is no date form at all.
    #[error("cannot read date '{0}'")]
    Unreadable(String),
    /// The form is right but no such day exists (`2026-02-30`, `31/04/2026`).
    #[error("'{0}' is not a calendar date")]
    NoSuchDay(String),
    /// Day-first is impossible, month-first would work: a US date.
    #[error(
        "'{0}' reads only as a US month/day date; UK dates are day/month (set input.date_format = \"us\" in config.toml if the whole export is month-first)"
    )]
    UsOnly(String),
    /// Two-digit year.
    #[error("'{0}' has a two-digit year")]
    TwoDigitYear(String),
    /// A form the configured format excludes.
    #[error("'{text}' is not in the configured {format} form")]
    WrongForm {
        /// The text.
        text: String,
        /// The configured form's name.
        format: &'static str,
    },
}

/// Text longer than this is not a date (bounds the work on a malformed cell).
const MAX_DATE_TEXT: usize = 40;

/// Parses one date cell (already trimmed or not) under `format`.
///
/// # Errors
/// [`DateError`] naming the text and, for a US-only date, saying so.
pub fn parse_date(text: &str, format: DateFormat) -> Result<NaiveDate, DateError> {
    let t = text.trim();
    if t.len() > MAX_DATE_TEXT {
        let short: String = t.chars().take(20).collect();
        return Err(DateError::Unreadable(format!("{short}…")));
    }
    let t = strip_time(t);
    if let Some((y, m, d)) = iso_parts(t) {
        if format == DateFormat::Uk {
            return Err(DateError::WrongForm {
                text: text.trim().to_string(),
                format: "UK dd/mm/yyyy",
            });
        }
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| DateError::NoSuchDay(t.into()));
    }
    let Some((a, b, y, year_digits)) = slash_parts(t) else {
        return Err(DateError::Unreadable(t.into()));
    };
    if year_digits != 4 {
        return Err(DateError::TwoDigitYear(t.into()));
    }
    match format {
        DateFormat::Iso => Err(DateError::WrongForm {
            text: t.into(),
            format: "ISO YYYY-MM-DD",
        }),
        DateFormat::Us => {
            NaiveDate::from_ymd_opt(y, a, b).ok_or_else(|| DateError::NoSuchDay(t.into()))
        }
        DateFormat::Auto | DateFormat::Uk => match NaiveDate::from_ymd_opt(y, b, a) {
            Some(d) => Ok(d),
            None if b > 12 && NaiveDate::from_ymd_opt(y, a, b).is_some() => {
                Err(DateError::UsOnly(t.into()))
            }
            None => Err(DateError::NoSuchDay(t.into())),
        },
    }
}

/// The date part of `date[ T]time`: a time of day after a space or `T` is dropped.
fn strip_time(t: &str) -> &str {
    match t.find([' ', 'T']) {
        Some(i) if is_time(t[i + 1..].trim()) => &t[..i],
        _ => t,
    }
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, optionally with a trailing `Z`.
fn is_time(t: &str) -> bool {
    let t = t.strip_suffix('Z').unwrap_or(t);
    let mut parts = t.split(':');
    let ok = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.len() <= 2 && digits(p));
    let (h, m) = (parts.next(), parts.next());
    if !(ok(h) && ok(m)) {
        return false;
    }
    match parts.next() {
        None => true,
        Some(s) => {
            let secs = s.split('.').next().unwrap_or("");
            !secs.is_empty() && secs.len() <= 2 && digits(secs) && parts.next().is_none()
        }
    }
}

fn digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD` (month and day one or two digits).
fn iso_parts(t: &str) -> Option<(i32, u32, u32)> {
    let mut it = t.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 || !digits(y) {
        return None;
    }
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && digits(s))
            .then(|| s.parse().ok())
            .flatten()
    };
    Some((y.parse().ok()?, num(m)?, num(d)?))
}

/// `a/b/year` with one separator of `/`, `-`, `.`: (a, b, year, digits in the year).
fn slash_parts(t: &str) -> Option<(u32, u32, i32, usize)> {
    let sep = t.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut it = t.split(sep);
    let (a, b, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let small = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && digits(s))
            .then(|| s.parse().ok())
            .flatten()
    };
    if y.is_empty() || y.len() > 4 || !digits(y) {
        return None;
    }
    Some((small(a)?, small(b)?, y.parse().ok()?, y.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn iso_and_uk_forms_read_the_same_day() {
        for t in [
            "2026-12-01",
            "2026-12-1",
            "01/12/2026",
            "1/12/2026",
            "01-12-2026",
            "1.12.2026",
            " 01/12/2026 ",
            "01/12/2026 00:00",
            "01/12/2026 00:00:00",
            "2026-12-01T00:00:00",
            "2026-12-01 00:00:00.000",
        ] {
            assert_eq!(parse_date(t, DateFormat::Auto), Ok(d(2026, 12, 1)), "{t}");
        }
    }

    #[test]
    fn a_date_that_could_only_be_us_says_so() {
        let e = parse_date("12/31/2026", DateFormat::Auto).unwrap_err();
        assert_eq!(e, DateError::UsOnly("12/31/2026".into()));
        assert!(e.to_string().contains("US month/day"), "{e}");
        assert_eq!(
            parse_date("12/31/2026", DateFormat::Us),
            Ok(d(2026, 12, 31))
        );
        assert_eq!(parse_date("03/04/2026", DateFormat::Us), Ok(d(2026, 3, 4)));
    }

    #[test]
    fn impossible_days_are_not_us_dates() {
        assert_eq!(
            parse_date("31/04/2026", DateFormat::Auto),
            Err(DateError::NoSuchDay("31/04/2026".into()))
        );
        assert_eq!(
            parse_date("2026-02-30", DateFormat::Auto),
            Err(DateError::NoSuchDay("2026-02-30".into()))
        );
        assert_eq!(
            parse_date("13/13/2026", DateFormat::Auto),
            Err(DateError::NoSuchDay("13/13/2026".into()))
        );
    }

    #[test]
    fn configured_forms_exclude_the_other() {
        assert!(matches!(
            parse_date("01/12/2026", DateFormat::Iso),
            Err(DateError::WrongForm { .. })
        ));
        assert!(matches!(
            parse_date("2026-12-01", DateFormat::Uk),
            Err(DateError::WrongForm { .. })
        ));
        assert_eq!(parse_date("01/12/2026", DateFormat::Uk), Ok(d(2026, 12, 1)));
    }

    #[test]
    fn unreadable_and_two_digit_years() {
        for t in [
            "",
            "soon",
            "2026/12",
            "1/2/3/2026",
            "2026-12-01x",
            "01/12/2026 noon",
        ] {
            assert!(
                matches!(
                    parse_date(t, DateFormat::Auto),
                    Err(DateError::Unreadable(_))
                ),
                "{t}"
            );
        }
        assert_eq!(
            parse_date("01/12/26", DateFormat::Auto),
            Err(DateError::TwoDigitYear("01/12/26".into()))
        );
        let long = "1".repeat(10_000);
        assert!(parse_date(&long, DateFormat::Auto).is_err());
    }
}
