//! Reading and validating inputs; writing outputs.
//!
//! | file | what |
//! |---|---|
//! | [`dates`] | the one date parser (ISO or UK day-first; US refused with a message) |
//! | [`bookings`] | `bookings.csv` (reviews booked or held) and `unavailable.csv` (days a child cannot be seen) |
//! | [`columns`] | `columns.toml`: a council's header names → our columns |
//! | [`csvread`] | CSV text decoding (UTF-8, UTF-16, Windows-1252), headers, line numbers, cells |
//! | `inputs` | the council's files → a validated [`crate::domain::Caseload`] and an [`InputReport`] |
//! | [`outputs`] | the plan's CSV and JSON files, staged and moved into place |
//! | [`xlsx`] | `plan.xlsx` and `comparison.xlsx` |

pub mod bookings;
pub mod columns;
pub mod csvread;
pub mod dates;
mod inputs;
pub mod outputs;
pub mod xlsx;

pub use inputs::{
    ABSENCES, CHILDREN, IROS, InputPaths, InputReport, Loaded, load, load_full, load_with_config,
};
