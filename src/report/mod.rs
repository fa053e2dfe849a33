//! Reports: per-IRO calendars (ICS) and the HTML reports (plan, comparison, candidate bases),
//! drawn with hand-written inline SVG ([`svg`], [`map`], [`charts`]).

mod charts;
mod compare;
mod html;
mod ics;
mod map;
mod rota;
mod svg;

pub use compare::{
    Part, bases_html, bases_table, compare_html, comparison_table, decision, decision_text,
    fmt_figure,
};
pub use html::{PUBLIC_GRID_DEG, ReportOptions, busiest_week, plan_html, plan_html_with};
pub use ics::{
    calendar_ics, calendar_ics_between, calendar_names, write_calendars, write_calendars_between,
};
pub use rota::itinerary;
pub use svg::fmt_gbp;
