//! Reports: per-IRO calendars (ICS) and the HTML reports (plan, comparison, candidate bases),
//! drawn with hand-written inline SVG ([`svg`], [`map`], [`charts`]).

mod charts;
mod html;
mod ics;
mod map;
mod rota;
mod svg;

pub use html::{
    PUBLIC_GRID_DEG, ReportOptions, ScenarioBar, bases_html, busiest_week, compare_html, plan_html,
    plan_html_with,
};
pub use ics::{
    calendar_ics, calendar_ics_between, calendar_names, write_calendars, write_calendars_between,
};
pub use rota::itinerary;
