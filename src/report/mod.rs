//! Reports: per-IRO calendars (ICS) and the HTML report.

mod html;
mod ics;

pub use html::plan_html;
pub use ics::{calendar_ics, write_calendars};
