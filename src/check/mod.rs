//! The independent checker of a written plan (STYLE.md rule 7).
//!
//! Reads a plan from its files — the output contract of DESIGN.md §4, never the planner's Rust
//! structs — and recomputes every hard rule of DESIGN.md §5 and every figure from the inputs
//! alone. It shares no code with the code under test (`allocate`, `schedule`, `cost`,
//! `pipeline`); it uses only the input layer and the reference infrastructure: `calendar` (bank
//! holidays, working days, reg. 33 due dates, availability) and `geo::TravelModel` (legs).
//! The approach follows the solution checker of reinterpretcat/vrp (`vrp-cli`'s `checker`):
//! a plan is re-derived constraint by constraint, and each breach is one finding.
//!
//! One rule family per file:
//! - [`read`]: parsing the files (a breach of the file contract is a finding);
//! - [`allocation`]: each child one IRO in post, siblings together, locks, exclusions, bands;
//! - [`reviews`]: every review due in the horizon present once, due dates (reg. 33 chains
//!   recomputed from the held dates), windows, working days, times, virtual-review policy;
//! - [`trips`]: stop sequences, travel times, day lengths, hotels, trip days, review stops;
//! - [`figures`]: miles, hours, £ and CO2 of trips, caseloads and the summary.
//!
//! Each finding is one line naming the file, the row or id, and what is wrong, e.g.
//! `reviews.csv: child C017 review 4 held 2027-03-06, a Saturday`.

pub mod allocation;
pub mod figures;
pub mod read;
pub mod reviews;
pub mod trips;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::calendar::{Availability, Calendar, add_months_clamped};
use crate::domain::{Caseload, ChildId, IroId, LatLon};
use crate::error::Result;
use crate::geo::{Leg, TravelModel};

use read::PlanFiles;

/// The outcome of a check: every violation found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Violations, one line each.
    pub violations: Vec<String>,
    /// Number of facts checked.
    pub checked: usize,
}

impl CheckReport {
    /// True if nothing is violated.
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for v in &self.violations {
            writeln!(f, "VIOLATION: {v}")?;
        }
        writeln!(
            f,
            "{} checks, {} violations",
            self.checked,
            self.violations.len()
        )
    }
}

/// Re-checks the plan written in `dir` against the inputs.
///
/// # Errors
/// If the plan's files cannot be read.
pub fn check_plan_dir(caseload: &Caseload, dir: &Path) -> Result<CheckReport> {
    let travel = TravelModel::new(&caseload.config.travel, caseload.matrix.clone());
    check_plan_dir_with(caseload, dir, &|a, b| travel.leg(a, b))
}

/// As [`check_plan_dir`], with the journey between two points given by `leg` (road miles and
/// hours) instead of the configured travel model.
///
/// # Errors
/// If the plan's files cannot be read.
pub fn check_plan_dir_with(
    caseload: &Caseload,
    dir: &Path,
    leg: &dyn Fn(LatLon, LatLon) -> Leg,
) -> Result<CheckReport> {
    let mut findings = Findings::default();
    let plan = read::read_plan(dir, &mut findings)?;
    let ctx = Ctx::new(caseload, &plan, leg);
    allocation::check(&ctx, &mut findings);
    reviews::check(&ctx, &mut findings);
    trips::check(&ctx, &mut findings);
    figures::check(&ctx, &mut findings);
    Ok(CheckReport {
        violations: findings.violations,
        checked: findings.checked,
    })
}

/// Violations found so far and the number of facts checked.
#[derive(Debug, Default)]
pub struct Findings {
    /// One line each.
    pub violations: Vec<String>,
    /// Facts checked.
    pub checked: usize,
}

impl Findings {
    /// Counts one fact; records `msg` if it does not hold.
    pub fn check(&mut self, ok: bool, msg: impl FnOnce() -> String) {
        self.checked += 1;
        if !ok {
            self.violations.push(msg());
        }
    }

    /// Records a violation.
    pub fn push(&mut self, msg: String) {
        self.checked += 1;
        self.violations.push(msg);
    }
}

/// Tolerances for comparing recomputed figures with printed, rounded ones.
pub mod tolerance {
    /// Road miles per leg (stops store lat/lon with 6 decimals, not the planner's exact points).
    pub const MILES_PER_LEG: f64 = 0.05;
    /// Hours per leg, for the same reason.
    pub const HOURS_PER_LEG: f64 = 0.001;
    /// Minutes on any recomputed journey time.
    pub const MINUTES: i64 = 1;
    /// Degrees between a stop and the point it should be at (6-decimal rounding).
    pub const DEGREES: f64 = 1e-5;
}

/// Everything the rule families share: the inputs, derived facts and the plan read.
pub struct Ctx<'a> {
    /// The inputs.
    pub caseload: &'a Caseload,
    /// The plan as written.
    pub plan: &'a PlanFiles,
    /// Journey between two points.
    pub leg: &'a dyn Fn(LatLon, LatLon) -> Leg,
    /// Bank holidays and working days.
    pub calendar: Calendar,
    /// First day of the horizon.
    pub horizon_start: NaiveDate,
    /// Last day of the horizon.
    pub horizon_end: NaiveDate,
    /// Children by external id.
    pub child_by_ext: HashMap<&'a str, ChildId>,
    /// IROs by external id.
    pub iro_by_ext: HashMap<&'a str, IroId>,
    /// When each IRO works.
    pub availability: Vec<Availability>,
}

impl<'a> Ctx<'a> {
    /// Derives the shared facts.
    pub fn new(
        caseload: &'a Caseload,
        plan: &'a PlanFiles,
        leg: &'a dyn Fn(LatLon, LatLon) -> Leg,
    ) -> Ctx<'a> {
        let h = &caseload.config.horizon;
        let horizon_end = add_months_clamped(h.start, h.months)
            .pred_opt()
            .unwrap_or(h.start);
        let availability = caseload
            .iro_ids()
            .map(|i| {
                Availability::new(
                    caseload.iro(i).working_days,
                    caseload
                        .absences
                        .iter()
                        .filter(|a| a.iro == i)
                        .map(|a| (a.from, a.to))
                        .collect(),
                )
            })
            .collect();
        Ctx {
            caseload,
            plan,
            leg,
            calendar: Calendar::for_horizon(h.start, h.months),
            horizon_start: h.start,
            horizon_end,
            child_by_ext: caseload
                .child_ids()
                .map(|c| (caseload.child(c).external_id.as_str(), c))
                .collect(),
            iro_by_ext: caseload
                .iro_ids()
                .map(|i| (caseload.iro(i).external_id.as_str(), i))
                .collect(),
            availability,
        }
    }

    /// Why `iro` cannot work on `date`, or `None` if it can.
    pub fn unavailable_because(&self, iro: IroId, date: NaiveDate) -> Option<String> {
        let a = &self.availability[iro.idx()];
        if a.is_available(&self.calendar, date) {
            return None;
        }
        let name = &self.caseload.iro(iro).external_id;
        let weekday = date.format("%A");
        Some(if let Some(h) = self.calendar.holiday_name(date) {
            format!("a bank holiday ({h})")
        } else if !self.calendar.is_working_day(date) {
            format!("a {weekday}")
        } else if !a.pattern.contains_date(date) {
            format!("a {weekday}, not a working day of IRO {name}")
        } else if a.is_absent(date) {
            format!("a day IRO {name} is absent")
        } else {
            format!("a day IRO {name} does not work")
        })
    }

    /// True if two points are the same place, up to the 6-decimal rounding of the files.
    pub fn same_point(a: LatLon, b: LatLon) -> bool {
        (a.lat() - b.lat()).abs() <= tolerance::DEGREES
            && (a.lon() - b.lon()).abs() <= tolerance::DEGREES
    }
}

/// Absolute minutes of a date and a time of day (for spans across midnight).
pub fn abs_minutes(date: NaiveDate, minutes: i64) -> i64 {
    use chrono::Datelike;
    date.num_days_from_ce() as i64 * 1440 + minutes
}
