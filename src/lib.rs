//! iro-planner: plans the work of Independent Reviewing Officers (IROs) in English children's
//! services — which IRO holds each looked-after child, when and where each statutory review is
//! held, and what a change (a new base, fewer children, virtual reviews) would save.
//!
//! Pipeline (dependencies flow down this list):
//! - [`domain`] plain data and invariants; [`config`] every rate and rule with its source;
//! - [`io`] reading and validating inputs (every error at once), writing outputs; [`import`]
//!   a council's SSDA903 return into our inputs;
//! - [`geo`] offline geocoding, travel model, spatial index; [`calendar`] working days, bank
//!   holidays and statutory due dates;
//! - [`allocate`] child → IRO (MILP / min-cost flow); [`route`] a generic VRPTW core that knows
//!   nothing about children; [`schedule`] reviews → dates and trips, through `route`;
//! - [`cost`] figures of a plan; [`check`] an independent checker of a written plan;
//!   [`quality`] the data-quality report of the inputs; [`places`] places named for people;
//! - [`pipeline`] load → allocate → schedule → figures; [`rota`] one week of a plan, a view;
//!   [`replan`] a plan against the previous one (what changed and why);
//! - [`scenario`] what-if levers and comparisons; [`report`] terminal, HTML, ICS;
//! - [`synth`] synthetic councils; [`cli`] the command line.
#![forbid(unsafe_code)]

pub mod allocate;
pub mod calendar;
pub mod check;
pub mod cli;
pub mod config;
pub mod cost;
pub mod domain;
pub mod error;
pub mod geo;
pub mod import;
pub mod io;
pub mod pipeline;
pub mod places;
pub mod policy;
pub mod progress;
pub mod quality;
pub mod replan;
pub mod report;
pub mod rota;
pub mod route;
pub mod scenario;
pub mod schedule;
pub mod synth;

pub use error::{Error, InputError, InputWarning, Result};
