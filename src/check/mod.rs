//! The independent checker of a written plan (STYLE.md rule 7).
//!
//! Reads a plan from its files — the output contract of DESIGN.md §4, never the planner's Rust
//! structs — and recomputes every hard rule of DESIGN.md §5 and every figure from the inputs
//! alone. It shares no code with the code under test (`allocate`, `schedule`, `cost`,
//! `pipeline`); it uses only the input layer and the reference infrastructure: `calendar` (bank
//! holidays, working days, reg. 33 due dates, availability) and `geo::TravelModel` (legs).
//! The approach follows the solution checker of reinterpretcat/vrp (`vrp-pragmatic/src/checker`,
//! one file per rule family: assignment, capacity, limits, routing, …): a solution is read
//! back in its *output* format and re-derived constraint by constraint, each breach one finding.
//!
//! One rule family per file:
//! - [`read`]: parsing the files (a breach of the file contract is a finding);
//! - [`allocation`]: each child one IRO in post, siblings together, locks, exclusions, bands;
//! - [`reviews`]: every review due in the horizon present once, due dates (reg. 33 chains
//!   recomputed from the held dates), windows, working days, times, virtual-review policy;
//! - [`reviews`]: … also who chairs (the chair, cover by a colleague or an agency), the
//!   first review not too soon after entry, unscheduled reviews ending their chain, reasons;
//! - [`trips`]: stop sequences, travel times with driving breaks, day lengths, hotels, lunch
//!   stops, trip days, review stops, trips owned by the reviews' chairs;
//! - [`workload`]: each chair's working week (meetings + admin + driving within its share of
//!   contracted hours), lunch break, daily driving, and `weeks.csv`;
//! - [`figures`]: miles, hours, £ and CO2 of trips, caseloads and the summary;
//! - [`bookings`]: booked reviews held exactly as booked (day, and start when agreed), no
//!   review on a day its child cannot be seen, a reason `booking` only on a booked review;
//! - [`areas`]: `summary.json`'s far areas and far figures.
//!
//! A booked review is kept as booked even where that breaks a rule; it then says so with the
//! reason `booking`, and the rules its day breaks (its chair's availability, its window, its
//! child's days and hours, the day's lunch and reviews, its trip's days, its week's hours)
//! give way for it — every other rule still holds.
//!
//! Each finding is one line naming the file, the row or id, and what is wrong, e.g.
//! `reviews.csv: child C017 review 4 held 2027-03-06, a Saturday`.

pub mod allocation;
pub mod areas;
pub mod bookings;
pub mod figures;
pub mod read;
pub mod reviews;
pub mod trips;
pub mod workload;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::calendar::{Availability, Calendar, add_months_clamped};
use crate::domain::{Caseload, ChildId, IroId, LatLon};
use crate::error::Result;
use crate::geo::{Leg, TravelModel};

use read::{Cover, PlanFiles, ReviewRow};

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
    workload::check(&ctx, &mut findings);
    figures::check(&ctx, &mut findings);
    bookings::check(&ctx, &mut findings);
    areas::check(&ctx, &mut findings);
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

/// A value a plan's file may lack, as a finding shows it: `show(v)`, or `missing`.
pub(crate) fn shown<T>(v: Option<T>, show: impl FnOnce(T) -> String) -> String {
    v.map_or_else(|| "missing".to_string(), show)
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
    /// The days of each chair holding a booked review flagged `booking` (see the module doc).
    pub booking_days: std::collections::HashSet<(IroId, NaiveDate)>,
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
        let mut ctx = Ctx {
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
            booking_days: Default::default(),
        };
        ctx.booking_days = (plan.reviews.iter())
            .filter(|r| ctx.flagged_booking(r))
            .filter_map(|r| Some((ctx.chair(r)?, r.date)))
            .collect();
        ctx
    }

    /// True if `r` is a booked review (its child has a booking that day) flagged `booking`:
    /// kept as booked, with the rules it breaks stated by the flag.
    pub fn flagged_booking(&self, r: &ReviewRow) -> bool {
        r.reason == Some(read::Reason::Booking)
            && self
                .child_by_ext
                .get(r.child_id.as_str())
                .is_some_and(|&c| {
                    self.caseload
                        .child(c)
                        .booked
                        .iter()
                        .any(|b| b.date == r.date)
                })
    }

    /// True if the week of `date` holds a day of `iro` with a flagged booking.
    pub fn booking_week(&self, iro: IroId, date: NaiveDate) -> bool {
        let week = read::IsoWeek::of(date);
        week.days().any(|d| self.booking_days.contains(&(iro, d)))
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

    /// The IRO of ours who chairs a held review: `None` for an agency, an empty chair or an
    /// unknown one (the review rules report those).
    pub fn chair(&self, r: &ReviewRow) -> Option<IroId> {
        if r.cover == Some(Cover::Agency) {
            return None;
        }
        r.chair
            .as_deref()
            .and_then(|c| self.iro_by_ext.get(c).copied())
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

/// A tiny council and a valid plan of it, built in memory, for the rule families' unit tests.
/// Journeys use a flat fake model (60 miles a degree, 0.2 h + miles / 52 mph), so the tests
/// do not depend on the geography data.
#[cfg(test)]
pub(crate) mod fixture {
    use chrono::NaiveDate;

    use super::read::*;
    use crate::config::Config;
    use crate::domain::{Caseload, Child, Iro, IroId, LatLon, ReviewMode, WeekdaySet};
    use crate::geo::Leg;

    pub fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    pub fn fake_leg(a: LatLon, b: LatLon) -> Leg {
        let miles = 60.0 * ((a.lat() - b.lat()).powi(2) + (a.lon() - b.lon()).powi(2)).sqrt();
        let hours = if miles > 0.0 { 0.2 + miles / 52.0 } else { 0.0 };
        Leg { miles, hours }
    }

    pub fn pt(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("test point")
    }

    /// IRO A (base 50.7,-2.4) holds child C1 (50.8,-2.4, 6 miles away), whose 4th review is
    /// due 2027-03-01 and is held on Friday 2027-02-26 on a day trip; the horizon is
    /// 2027-01-01 to 2027-03-31.
    pub fn council() -> (Caseload, PlanFiles) {
        let mut config = Config::default();
        config.horizon.start = d("2027-01-01");
        config.horizon.months = 3;
        let iro = Iro {
            external_id: "A".into(),
            base: pt(50.7, -2.4),
            base_label: "base".into(),
            hours_per_week: 37.0,
            working_days: WeekdaySet::MON_FRI,
            max_caseload: None,
            overnight: true,
            vacant: false,
            council: None,
        };
        let child = Child {
            external_id: "C1".into(),
            location: pt(50.8, -2.4),
            placement_label: "here".into(),
            looked_after_since: d("2024-01-10"),
            last_review: Some(d("2026-09-01")),
            reviews_held: 3,
            current_iro: Some(IroId(0)),
            planned_iro: None,
            sibling_group: None,
            extra_time: false,
            placement_type: None,
            review_mode: ReviewMode::InPerson,
            locked: false,
            exclude_iros: Vec::new(),
            council: None,
            projected: false,
            leaves_care: None,
            origin: None,
            review_times: None,
            unavailable: Vec::new(),
            booked: Vec::new(),
        };
        let caseload = Caseload {
            children: vec![child],
            iros: vec![iro],
            absences: Vec::new(),
            config,
            matrix: None,
        };
        let leg = fake_leg(pt(50.7, -2.4), pt(50.8, -2.4));
        let mins = (leg.hours * 60.0).ceil() as i64;
        let c = &caseload.config.costs;
        let plan = PlanFiles {
            allocation: vec![AllocRow {
                line: 2,
                child_id: "C1".into(),
                iro_id: "A".into(),
                previous_iro_id: "A".into(),
                changed: false,
                miles_one_way: leg.miles,
            }],
            reviews: vec![ReviewRow {
                line: 2,
                child_id: "C1".into(),
                iro_id: "A".into(),
                review_number: 4,
                due_date: d("2027-03-01"),
                date: d("2027-02-26"),
                start: Hm(540),
                end: Hm(630),
                mode: Mode::InPerson,
                trip_id: Some("T1".into()),
                on_time: true,
                chair: Some("A".into()),
                cover: None,
                reason: None,
                action: String::new(),
            }],
            unscheduled: Vec::new(),
            trips: vec![TripRow {
                line: 2,
                trip_id: "T1".into(),
                iro_id: "A".into(),
                start_date: d("2027-02-26"),
                end_date: d("2027-02-26"),
                nights: 0,
                reviews: 1,
                miles: 2.0 * leg.miles,
                drive_hours: 2.0 * leg.hours,
                mileage_cost: 2.0 * leg.miles * c.mileage_per_mile,
                staff_cost: 2.0 * leg.hours * c.staff_per_hour,
                hotel_cost: 0.0,
                co2_kg: 2.0 * leg.miles * c.co2_kg_per_mile,
            }],
            stops: vec![
                stop(1, Kind::Base, None, 540 - mins, 540 - mins, pt(50.7, -2.4)),
                stop(2, Kind::Review, Some("C1"), 540, 630, pt(50.8, -2.4)),
                stop(3, Kind::Base, None, 630 + mins, 630 + mins, pt(50.7, -2.4)),
            ],
            caseloads: vec![CaseloadRow {
                line: 2,
                iro_id: "A".into(),
                fte: 1.0,
                children: 1,
                band_min: 50,
                band_max: 70,
                reviews: 1,
                miles: 2.0 * leg.miles,
                drive_hours: 2.0 * leg.hours,
                nights: 0,
            }],
            // Week 2027-W08 (22–26 Feb), all five days available: 37 h × 0.85 = 31.45 h.
            weeks: Some(vec![WeekRow {
                line: 2,
                iro_id: "A".into(),
                week: "2027-W08".parse().expect("week"),
                week_start: d("2027-02-22"),
                available_days: 5,
                limit_hours: 31.45,
                meeting_hours: 1.5,
                admin_hours: 2.0,
                drive_hours: 2.0 * leg.hours,
                total_hours: 3.5 + 2.0 * leg.hours,
                reviews: 1,
                admin_carried_hours: Some(0.0),
            }]),
            summary: SummaryFile {
                horizon_start: Some(d("2027-01-01")),
                horizon_end: Some(d("2027-03-31")),
                children: Some(1),
                reviews: Some(1),
                reviews_late: Some(0),
                on_time_pct: Some(100.0),
                miles: Some(2.0 * leg.miles),
                drive_hours: Some(2.0 * leg.hours),
                hotel_nights: Some(0),
                cost_mileage: Some(2.0 * leg.miles * c.mileage_per_mile),
                cost_staff: Some(2.0 * leg.hours * c.staff_per_hour),
                cost_hotel: Some(0.0),
                cost_total: Some(
                    2.0 * leg.miles * c.mileage_per_mile + 2.0 * leg.hours * c.staff_per_hour,
                ),
                co2_kg: Some(2.0 * leg.miles * c.co2_kg_per_mile),
                per_iro: Some(vec![SummaryIro {
                    iro_id: "A".into(),
                    children: Some(1),
                    reviews: Some(1),
                    miles: Some(2.0 * leg.miles),
                    drive_hours: Some(2.0 * leg.hours),
                    nights: Some(0),
                }]),
                over_band: Vec::new(),
                late_reviews: Vec::new(),
                forced_virtual_reviews: Vec::new(),
                reviews_unscheduled: Some(0),
                cost_agency: Some(0.0),
                reviews_covered: Some(Vec::new()),
                areas: Some(Vec::new()),
                far: Some(super::read::SummaryFar {
                    children: Some(0),
                    trips: Some(0),
                    reviews: Some(0),
                    reviews_per_trip: Some(0.0),
                    reviews_on_trips: Some(0),
                    reviews_on_trips_per_trip: Some(0.0),
                    miles: Some(0.0),
                    areas_split: Some(0),
                    multi_area_trips: Some(0),
                }),
            },
        };
        (caseload, plan)
    }

    fn stop(seq: u32, kind: Kind, child: Option<&str>, a: i64, b: i64, p: LatLon) -> StopRow {
        StopRow {
            line: seq as usize + 1,
            trip_id: "T1".into(),
            seq,
            kind,
            child_id: child.map(str::to_string),
            date: d("2027-02-26"),
            arrive: Hm(a),
            depart: Hm(b),
            point: p,
        }
    }

    /// Runs one rule family on the council and plan.
    pub fn run(
        caseload: &Caseload,
        plan: &PlanFiles,
        family: fn(&super::Ctx<'_>, &mut super::Findings),
    ) -> Vec<String> {
        let ctx = super::Ctx::new(caseload, plan, &fake_leg);
        let mut f = super::Findings::default();
        family(&ctx, &mut f);
        f.violations
    }

    /// True if some violation contains every needle.
    pub fn has(v: &[String], needles: &[&str]) -> bool {
        v.iter().any(|x| needles.iter().all(|n| x.contains(n)))
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;

    #[test]
    fn the_valid_fixture_passes_every_family() {
        let (cl, plan) = council();
        for family in [
            super::allocation::check,
            super::reviews::check,
            super::trips::check,
            super::workload::check,
            super::figures::check,
            super::bookings::check,
            super::areas::check,
        ] {
            let v = run(&cl, &plan, family);
            assert!(v.is_empty(), "{v:#?}");
        }
    }

    #[test]
    fn reasons_for_an_unavailable_day() {
        let (mut cl, plan) = council();
        cl.absences.push(crate::domain::Absence {
            iro: crate::domain::IroId(0),
            from: d("2027-02-01"),
            to: d("2027-02-02"),
        });
        let leg = fake_leg;
        let ctx = super::Ctx::new(&cl, &plan, &leg);
        let a = crate::domain::IroId(0);
        assert_eq!(ctx.unavailable_because(a, d("2027-02-26")), None);
        assert_eq!(
            ctx.unavailable_because(a, d("2027-02-27")).as_deref(),
            Some("a Saturday")
        );
        assert!(
            ctx.unavailable_because(a, d("2027-03-26"))
                .is_some_and(|s| s.starts_with("a bank holiday"))
        );
        assert_eq!(
            ctx.unavailable_because(a, d("2027-02-02")).as_deref(),
            Some("a day IRO A is absent")
        );
    }
}
