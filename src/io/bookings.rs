//! `bookings.csv` and `unavailable.csv`: what has been agreed with a child, its carers and its
//! social worker since the data were extracted.
//!
//! - `bookings.csv` (`child_id`, `date`, optional `start`, `status`): a `booked` review is a
//!   fixed point the plan builds around (kept on its day and, when given, its start — never
//!   moved); a `held` review has taken place and starts the next reg. 33 interval (it updates the
//!   child's `last_review` and `reviews_held`, as the older `rota --state` file did). Without a
//!   `status` column every row is `held`: a `--state` file (`child_id,date`) reads unchanged.
//! - `unavailable.csv` (`child_id`, `from`, `to`): days the child cannot be seen (a holiday, a
//!   hospital stay); no review is planned on them.
//!
//! Both are read like every input: columns by name or through `columns.toml` (`[bookings]`,
//! `[unavailable]`), ISO or UK dates, every error at once as `file:line: column: problem
//! (expected …)`.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::csvread::{Cells, Schema, Table};
use crate::calendar::Calendar;
use crate::config::{Config, DateFormat, TimeOfDay};
use crate::domain::{Booking, Child};
use crate::error::InputError;

/// The columns of `bookings.csv` (and of a `--state` file).
pub const BOOKINGS: Schema = Schema {
    name: "bookings",
    columns: &["child_id", "date", "start", "status"],
    may_be_empty: true,
};

/// The columns of `unavailable.csv`.
pub const UNAVAILABLE: Schema = Schema {
    name: "unavailable",
    columns: &["child_id", "from", "to"],
    may_be_empty: true,
};

/// What a booking row says happened or will happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Agreed for a date: the plan keeps it there.
    Booked,
    /// Already held: the next review counts from it.
    Held,
}

/// What reading `bookings.csv` needs besides the table.
pub struct BookingContext<'a> {
    /// The configuration (dates, working day, review length).
    pub config: &'a Config,
    /// The planning start; `None` if the configuration is bad (no checks against it).
    pub as_of: Option<NaiveDate>,
    /// Bank holidays and working days.
    pub calendar: &'a Calendar,
}

fn child_index(children: &[Child]) -> HashMap<&str, usize> {
    children
        .iter()
        .enumerate()
        .map(|(i, c)| (c.external_id.as_str(), i))
        .collect()
}

/// The child of a row, or an error naming the id.
fn child_of(
    table: &Table,
    row: &csv::StringRecord,
    line: usize,
    index: &HashMap<&str, usize>,
    cells: &mut Cells<'_>,
) -> Option<usize> {
    let Some(id) = table.get(row, "child_id") else {
        cells.err(
            line,
            "child_id",
            "empty".into(),
            "a child_id from children.csv",
        );
        return None;
    };
    let found = index.get(id).copied();
    if found.is_none() {
        cells.err(
            line,
            "child_id",
            format!("unknown child '{}'", super::csvread::clip(id)),
            "a child_id from children.csv",
        );
    }
    found
}

/// A required date cell.
fn date_cell(
    table: &Table,
    row: &csv::StringRecord,
    line: usize,
    column: &str,
    what: &str,
    cells: &mut Cells<'_>,
) -> Option<NaiveDate> {
    match table.get(row, column) {
        Some(t) => cells.date(line, column, t),
        None => {
            cells.err(line, column, "empty".into(), what);
            None
        }
    }
}

/// Reads `unavailable.csv` into each child's [`Child::unavailable`].
pub fn read_unavailable(
    table: &Table,
    children: &mut [Child],
    dates: DateFormat,
    errors: &mut Vec<InputError>,
) {
    if !table.require(&["child_id", "from", "to"], errors) {
        return;
    }
    let mut found: Vec<(usize, NaiveDate, NaiveDate)> = Vec::new();
    {
        let index = child_index(children);
        let mut cells = Cells {
            path: &table.path,
            errors,
            dates,
        };
        for (line, row) in &table.rows {
            let line = *line;
            let child = child_of(table, row, line, &index, &mut cells);
            let from = date_cell(table, row, line, "from", "first day away", &mut cells);
            let to = date_cell(table, row, line, "to", "last day away", &mut cells);
            if let (Some(f), Some(t)) = (from, to)
                && t < f
            {
                cells.err(
                    line,
                    "to",
                    format!("'{t}' is before from '{f}'"),
                    "a last day on or after the first",
                );
                continue;
            }
            if let (Some(c), Some(f), Some(t)) = (child, from, to) {
                found.push((c, f, t));
            }
        }
    }
    for (c, f, t) in found {
        children[c].unavailable.push((f, t));
    }
}

/// Reads `bookings.csv`: `held` rows update each child's last review and count, `booked` rows
/// become [`Child::booked`] (in date order). Returns the newest held date (how fresh the data
/// are).
pub fn read_bookings(
    table: &Table,
    children: &mut [Child],
    ctx: &BookingContext<'_>,
    errors: &mut Vec<InputError>,
) -> Option<NaiveDate> {
    if !table.require(&["child_id", "date"], errors) {
        return None;
    }
    let config = ctx.config;
    let before = errors.len();
    let mut rows: Vec<(usize, Status, Booking)> = Vec::new();
    {
        let index = child_index(children);
        let mut cells = Cells {
            path: &table.path,
            errors,
            dates: config.input.date_format,
        };
        let mut seen: HashMap<(usize, NaiveDate), usize> = HashMap::new();
        for (line, row) in &table.rows {
            let line = *line;
            let child = child_of(table, row, line, &index, &mut cells);
            let date = date_cell(table, row, line, "date", "the review's date", &mut cells);
            let status = status(table, row, line, &mut cells);
            let start = table.get(row, "start").and_then(|t| match t.parse() {
                Ok(s) => Some(s),
                Err(e) => {
                    cells.err(line, "start", e, "the agreed start, HH:MM (or empty)");
                    None
                }
            });
            let (Some(c), Some(d), Some(st)) = (child, date, status) else {
                continue;
            };
            if let Some(first) = seen.insert((c, d), line) {
                cells.err(
                    line,
                    "date",
                    format!("a second row for this child on {d} (first on line {first})"),
                    "one review of a child a day",
                );
                continue;
            }
            let ok = check_row(&children[c], d, st, start, line, ctx, &mut cells);
            if ok {
                rows.push((c, st, Booking { date: d, start }));
            }
        }
    }
    if errors.len() > before {
        return None;
    }
    rows.sort_by_key(|r| (r.0, r.2.date));
    let mut newest = None;
    for &(c, st, b) in &rows {
        if st == Status::Held {
            newest = newest.max(Some(b.date));
            let child = &mut children[c];
            if child.last_review.is_none_or(|l| b.date > l) {
                child.last_review = Some(b.date);
                child.reviews_held += 1;
            }
        }
    }
    let mut cells = Cells {
        path: &table.path,
        errors,
        dates: config.input.date_format,
    };
    // Booked reviews follow the last review held (once every held row is applied).
    for (c, st, b) in rows {
        if st != Status::Booked {
            continue;
        }
        let child = &mut children[c];
        if let Some(l) = child.last_review
            && b.date <= l
        {
            let line = line_of(table, &child.external_id, b.date, config.input.date_format);
            cells.err(
                line,
                "date",
                format!("booked on {}, not after the last review held ({l})", b.date),
                "a booked review after the child's last review",
            );
            continue;
        }
        child.booked.push(b);
    }
    newest
}

/// The line of a booking row (for an error found after every row is read).
fn line_of(table: &Table, child: &str, date: NaiveDate, dates: DateFormat) -> usize {
    table
        .rows
        .iter()
        .find(|(_, row)| {
            table.get(row, "child_id") == Some(child)
                && table
                    .get(row, "date")
                    .and_then(|t| super::dates::parse_date(t, dates).ok())
                    == Some(date)
        })
        .map_or(table.header_line, |(l, _)| *l)
}

/// `status`: `booked` or `held`; without the column, `held` (a `--state` file).
fn status(
    table: &Table,
    row: &csv::StringRecord,
    line: usize,
    cells: &mut Cells<'_>,
) -> Option<Status> {
    if !table.has("status") {
        return Some(Status::Held);
    }
    match table
        .get(row, "status")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("booked") => Some(Status::Booked),
        Some("held") => Some(Status::Held),
        Some(other) => {
            cells.err(
                line,
                "status",
                format!("'{}' is not a status", super::csvread::clip(other)),
                "booked (a date agreed) or held (the review took place)",
            );
            None
        }
        None => {
            cells.err(
                line,
                "status",
                "empty".into(),
                "booked (a date agreed) or held (the review took place)",
            );
            None
        }
    }
}

/// The rules of one booking row on its own; false (with errors recorded) if it breaks one.
fn check_row(
    child: &Child,
    date: NaiveDate,
    status: Status,
    start: Option<TimeOfDay>,
    line: usize,
    ctx: &BookingContext<'_>,
    cells: &mut Cells<'_>,
) -> bool {
    let before = cells.errors.len();
    if date < child.looked_after_since {
        cells.err(
            line,
            "date",
            format!(
                "'{date}' is before the child became looked after ({})",
                child.looked_after_since
            ),
            "a review date after looked_after_since",
        );
    }
    match status {
        Status::Held => {
            if let Some(as_of) = ctx.as_of
                && date > as_of
            {
                cells.err(
                    line,
                    "date",
                    format!("held on '{date}', after the plan starts ({as_of})"),
                    "a review already held (on or before the start), or status booked",
                );
            }
        }
        Status::Booked => {
            if let Some(as_of) = ctx.as_of
                && date < as_of
            {
                cells.err(
                    line,
                    "date",
                    format!("booked on '{date}', before the plan starts ({as_of})"),
                    "a date on or after the start (status held if the review took place)",
                );
            }
            if let Some(h) = ctx.calendar.holiday_name(date) {
                cells.err(
                    line,
                    "date",
                    format!("'{date}' is a bank holiday ({h})"),
                    "a working day",
                );
            } else if !ctx.calendar.is_working_day(date) {
                cells.err(
                    line,
                    "date",
                    format!("'{date}' is a {}", date.format("%A")),
                    "a working day",
                );
            }
            if let Some(s) = start {
                let day = &ctx.config.day;
                let length = (ctx.config.review_hours(child.extra_time) * 60.0).round() as u32;
                if s < day.earliest_departure || s.minutes() + length > day.latest_return.minutes()
                {
                    cells.err(
                        line,
                        "start",
                        format!("'{s}' with a {length}-minute review is outside the working day"),
                        &format!(
                            "a start from {} with the review ending by {}",
                            day.earliest_departure, day.latest_return
                        ),
                    );
                }
            }
        }
    }
    cells.errors.len() == before
}
