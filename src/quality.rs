//! The data-quality report (`data_quality.txt`, `data_quality.json`, a section of
//! `report.html`, a sheet of `plan.xlsx`): what a manager should know about the inputs before
//! trusting a plan made from them.
//!
//! | finding | why it matters |
//! |---|---|
//! | geocoding precision | a full postcode is located at its sector's centroid (≈ 3,000 addresses); a district or a place name is coarser, so those journeys are rougher |
//! | overdue at the horizon start | reviews already late when the plan starts are late in the plan whatever it does (reason `overdue_at_start`) |
//! | stale data | a horizon starting long after the newest date in the data plans reviews held since the extract as overdue |
//! | outside England and Wales | another jurisdiction (Scotland, Northern Ireland, Crown Dependencies) |
//! | across the sea | reached by ferry or flight: costed by config `[crossings]`; fares reported here |
//! | warnings | every input warning (unused columns, Windows-1252 text) |
//!
//! Overdue reviews are found from each child's entry date, last review and reviews held by
//! reg. 33 (see [`crate::calendar`]), independently of the schedule; a review is overdue at the
//! start by the rule the schedule gives it reason `overdue_at_start` by,
//! [`Policy::overdue_at_start`](crate::policy::Policy::overdue_at_start): due before the first
//! day its IRO (the child's current IRO; without one, any) works from the horizon's start.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::calendar::Calendar;
use crate::config::Config;
use crate::domain::{Caseload, Child};
use crate::geo::{Gazetteer, Precision, Region};
use crate::io::InputReport;
use crate::schedule::Plan;

/// A child whose placement is located only at district or place level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coarse {
    /// Child id.
    pub child_id: String,
    /// The placement as written.
    pub placement: String,
    /// How it was located.
    pub precision: Precision,
}

/// A review already overdue on a day (the horizon start, or an import's snapshot).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overdue {
    /// Child id.
    pub child_id: String,
    /// Statutory number of the overdue review (1 = first of the period of care).
    pub review_number: u32,
    /// Its due date (reg. 33).
    pub due_date: NaiveDate,
    /// Calendar days overdue on that day (0 for one due on that day or a day after it that
    /// comes before the first day its IRO works, as on a plan starting on a Saturday).
    pub days_overdue: i64,
}

impl std::fmt::Display for Overdue {
    /// `C00017  review 4 due 2026-11-01 (30 days overdue)`; `C00326  review 4 due 2026-12-05
    /// (before the first day its IRO works)`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (c, n, due) = (&self.child_id, self.review_number, self.due_date);
        match self.days_overdue {
            0 => write!(
                f,
                "{c}  review {n} due {due} (before the first day its IRO works)"
            ),
            days => write!(f, "{c}  review {n} due {due} ({days} days overdue)"),
        }
    }
}

/// The data are older than the horizon start by more than the configured limit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stale {
    /// The newest date in `children.csv`.
    pub newest_date: NaiveDate,
    /// Days from it to the horizon start.
    pub days_before_start: i64,
    /// `input.stale_after_days`.
    pub limit_days: u32,
}

/// A placement outside England and Wales, or across the sea.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Remote {
    /// Child id.
    pub child_id: String,
    /// The placement as written.
    pub placement: String,
    /// Where it is.
    pub region: Region,
    /// Reached by ferry or flight.
    pub across_sea: bool,
}

/// How journeys across the sea are costed, and what the plan's crossings cost besides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossings {
    /// Door-to-door hours one way (in the plan's staff time).
    pub hours_each_way: f64,
    /// Car miles one way (in the plan's mileage).
    pub car_miles_each_way: f64,
    /// Fare one way, £ (not in the plan's trip costs).
    pub fare_each_way: f64,
    /// kg CO2e one way (not in the plan's CO2).
    pub co2_kg_each_way: f64,
    /// One-way journeys across the sea in the plan (`None` before planning).
    pub journeys: Option<usize>,
    /// Fares of those journeys, £.
    pub fares: Option<f64>,
    /// kg CO2e of those journeys.
    pub co2_kg: Option<f64>,
}

/// Placements by how precisely they were located.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Geocoding {
    /// Given as latitude and longitude.
    pub exact: usize,
    /// At a postcode sector's centroid (full postcodes are located at their sector).
    pub sector: usize,
    /// At a postcode district's centroid only.
    pub district: usize,
    /// At a town or place only.
    pub place: usize,
}

/// The whole data-quality report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataQuality {
    /// First day of the horizon.
    pub horizon_start: NaiveDate,
    /// Children known today (projected arrivals are not data).
    pub children: usize,
    /// Placements by precision.
    pub geocoding: Geocoding,
    /// Placements located only at district or place level.
    pub located_coarsely: Vec<Coarse>,
    /// Reviews already overdue on the first day of the horizon.
    pub overdue_at_start: Vec<Overdue>,
    /// Set when the data are stale.
    pub stale: Option<Stale>,
    /// Placements outside England and Wales or across the sea.
    pub outside_england_wales: Vec<Remote>,
    /// Costing of journeys across the sea.
    pub crossings: Crossings,
    /// Every input warning, as `file:line: column: problem`.
    pub warnings: Vec<String>,
}

/// The next review due for a child on the data as given: review number and due date
/// (reg. 33); `None` for a child with reviews held but no date (which validation refuses).
pub fn next_due(child: &Child, calendar: &Calendar, config: &Config) -> Option<(u32, NaiveDate)> {
    let rules = &config.review;
    let number = child.reviews_held.saturating_add(1);
    if child.reviews_held == 0 {
        return Some((
            1,
            calendar.first_review_due(child.looked_after_since, rules),
        ));
    }
    let last = child.last_review?;
    Some((number, Calendar::next_review_due(last, number, rules)))
}

impl DataQuality {
    /// Assesses a caseload as loaded; `report` adds what reading found (precision, warnings,
    /// the newest date). Without it precision is found again from each placement's label.
    pub fn assess(caseload: &Caseload, report: Option<&InputReport>) -> DataQuality {
        let config = &caseload.config;
        let start = config.horizon.start;
        let calendar = Calendar::for_horizon(start, config.horizon.months);
        let policy = crate::policy::Policy::new(caseload);
        let gazetteer = Gazetteer::bundled();
        let known: Vec<&Child> = caseload.children.iter().filter(|c| !c.projected).collect();
        let mut geocoding = Geocoding::default();
        let mut located_coarsely = Vec::new();
        let mut overdue_at_start = Vec::new();
        let mut outside_england_wales = Vec::new();
        let mut newest: Option<NaiveDate> = None;
        for c in &known {
            let precision = report
                .and_then(|r| r.precision.get(&c.external_id).copied())
                .or_else(|| {
                    gazetteer
                        .resolve(&c.placement_label)
                        .ok()
                        .map(|r| r.precision)
                })
                .unwrap_or(Precision::Exact);
            match precision {
                Precision::Exact => geocoding.exact += 1,
                Precision::Sector => geocoding.sector += 1,
                Precision::District => geocoding.district += 1,
                Precision::Place => geocoding.place += 1,
            }
            if matches!(precision, Precision::District | Precision::Place) {
                located_coarsely.push(Coarse {
                    child_id: c.external_id.clone(),
                    placement: c.placement_label.clone(),
                    precision,
                });
            }
            if let Some((number, due)) = next_due(c, &calendar, config)
                && policy.overdue_at_start(c.current_iro, due)
            {
                overdue_at_start.push(Overdue {
                    child_id: c.external_id.clone(),
                    review_number: number,
                    due_date: due,
                    days_overdue: (start - due).num_days().max(0),
                });
            }
            let region = gazetteer.region(c.location, &c.placement_label);
            if !region.in_england_wales() || region.across_sea() {
                outside_england_wales.push(Remote {
                    child_id: c.external_id.clone(),
                    placement: c.placement_label.clone(),
                    region,
                    across_sea: region.across_sea(),
                });
            }
            for d in std::iter::once(c.looked_after_since).chain(c.last_review) {
                newest = Some(newest.map_or(d, |n| n.max(d)));
            }
        }
        let newest = report.and_then(|r| r.newest_date).or(newest);
        let stale = newest.and_then(|n| {
            let days = (start - n).num_days();
            (days > i64::from(config.input.stale_after_days)).then_some(Stale {
                newest_date: n,
                days_before_start: days,
                limit_days: config.input.stale_after_days,
            })
        });
        let x = &config.crossings;
        DataQuality {
            horizon_start: start,
            children: known.len(),
            geocoding,
            located_coarsely,
            overdue_at_start,
            stale,
            outside_england_wales,
            crossings: Crossings {
                hours_each_way: x.hours_each_way,
                car_miles_each_way: x.car_miles_each_way,
                fare_each_way: x.fare_each_way,
                co2_kg_each_way: x.co2_kg_each_way,
                journeys: None,
                fares: None,
                co2_kg: None,
            },
            warnings: report
                .map(|r| r.warnings.iter().map(ToString::to_string).collect())
                .unwrap_or_default(),
        }
    }

    /// Counts the plan's journeys across the sea and what their fares and CO2 add.
    pub fn with_plan(mut self, caseload: &Caseload, plan: &Plan) -> DataQuality {
        let journeys = caseload.matrix.as_ref().map_or(0, |m| {
            plan.trips
                .iter()
                .flat_map(|t| t.stops.windows(2))
                .filter(|w| m.get(w[0].point, w[1].point).is_none())
                .filter(|w| m.crossing(w[0].point, w[1].point).is_some())
                .count()
        });
        let x = &mut self.crossings;
        x.journeys = Some(journeys);
        x.fares = Some(journeys as f64 * x.fare_each_way);
        x.co2_kg = Some(journeys as f64 * x.co2_kg_each_way);
        self
    }

    /// True if there is nothing to report but the precision counts.
    pub fn is_clean(&self) -> bool {
        self.located_coarsely.is_empty()
            && self.overdue_at_start.is_empty()
            && self.stale.is_none()
            && self.outside_england_wales.is_empty()
            && self.warnings.is_empty()
    }

    /// Placements outside England and Wales by region.
    pub fn regions(&self) -> BTreeMap<Region, usize> {
        let mut m = BTreeMap::new();
        for r in &self.outside_england_wales {
            *m.entry(r.region).or_insert(0) += 1;
        }
        m
    }

    /// `data_quality.txt`: the findings in words, then the lists.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "Data quality of the inputs, plan starting {}\n",
            self.horizon_start
        );
        for line in self.summary_lines() {
            let _ = writeln!(o, "- {line}");
        }
        if !self.located_coarsely.is_empty() {
            let _ = writeln!(o, "\nPlacements located only at district or place level:");
            for c in &self.located_coarsely {
                let _ = writeln!(
                    o,
                    "  {}  {}  ({})",
                    c.child_id,
                    c.placement,
                    precision_name(c.precision)
                );
            }
        }
        if !self.overdue_at_start.is_empty() {
            let _ = writeln!(o, "\nReviews overdue on {}:", self.horizon_start);
            for r in &self.overdue_at_start {
                let _ = writeln!(o, "  {r}");
            }
        }
        if !self.outside_england_wales.is_empty() {
            let _ = writeln!(
                o,
                "\nPlacements outside England and Wales or across the sea:"
            );
            for r in &self.outside_england_wales {
                let _ = writeln!(
                    o,
                    "  {}  {}  {}{}",
                    r.child_id,
                    r.placement,
                    r.region.name(),
                    if r.across_sea {
                        " (ferry or flight)"
                    } else {
                        ""
                    }
                );
            }
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(o, "\nInput warnings:");
            for w in &self.warnings {
                let _ = writeln!(o, "  {w}");
            }
        }
        o
    }

    /// One sentence per finding (the text report's and the HTML section's list).
    pub fn summary_lines(&self) -> Vec<String> {
        let g = &self.geocoding;
        let mut lines = vec![format!(
            "{} children: {} placements located at a postcode sector (a full postcode is located at its sector's centroid), {} by coordinates, {} only at postcode district level, {} only by place name",
            self.children, g.sector, g.exact, g.district, g.place
        )];
        lines.push(if self.overdue_at_start.is_empty() {
            format!("no review is overdue on {}", self.horizon_start)
        } else {
            format!(
                "{} review(s) already overdue on {} (late in any plan; the longest by {} days)",
                self.overdue_at_start.len(),
                self.horizon_start,
                self.overdue_at_start
                    .iter()
                    .map(|o| o.days_overdue)
                    .max()
                    .unwrap_or(0)
            )
        });
        if let Some(s) = &self.stale {
            lines.push(format!(
                "stale data: the newest date in the data is {}, {} days before the plan starts (limit {} days, input.stale_after_days); reviews held since then are missing and planned as overdue",
                s.newest_date, s.days_before_start, s.limit_days
            ));
        }
        let regions = self.regions();
        if regions.is_empty() {
            lines.push("every placement is in England or Wales and reached by road".into());
        } else {
            let list: Vec<String> = regions
                .iter()
                .map(|(r, n)| format!("{} {}", n, r.name()))
                .collect();
            lines.push(format!(
                "placements outside England and Wales or across the sea: {}",
                list.join(", ")
            ));
        }
        let x = &self.crossings;
        if self.outside_england_wales.iter().any(|r| r.across_sea) {
            let mut line = format!(
                "a journey across the sea is costed as {} door-to-door hours and {} car miles each way (config [crossings]); fares £{} and {} kg CO2e each way are not in the trip costs",
                x.hours_each_way, x.car_miles_each_way, x.fare_each_way, x.co2_kg_each_way
            );
            if let (Some(j), Some(f), Some(c)) = (x.journeys, x.fares, x.co2_kg) {
                let _ = write!(
                    line,
                    ": the plan makes {j} such journeys, £{f:.0} in fares and {c:.0} kg CO2e besides"
                );
            }
            lines.push(line);
        }
        if !self.warnings.is_empty() {
            lines.push(format!(
                "{} input warning(s), listed below",
                self.warnings.len()
            ));
        }
        lines
    }
}

/// Words for a precision.
pub fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Exact => "coordinates",
        Precision::Sector => "postcode sector",
        Precision::District => "postcode district only",
        Precision::Place => "place name only",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{LatLon, ReviewMode};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child(id: &str, place: &str, since: NaiveDate, last: Option<NaiveDate>, held: u32) -> Child {
        let g = Gazetteer::bundled();
        Child {
            external_id: id.into(),
            location: g
                .resolve(place)
                .map(|r| r.point)
                .unwrap_or_else(|_| LatLon::new(50.7, -2.4).unwrap()),
            placement_label: place.into(),
            looked_after_since: since,
            last_review: last,
            reviews_held: held,
            current_iro: None,
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
        }
    }

    fn caseload(children: Vec<Child>) -> Caseload {
        Caseload {
            children,
            iros: Vec::new(),
            absences: Vec::new(),
            config: Config::default(),
            matrix: None,
        }
    }

    #[test]
    fn overdue_at_start_by_reg_33() {
        // Default horizon starts 2026-12-01. A last review on 2026-05-01 (review 3) makes
        // review 4 due six months later, 2026-11-01: 30 days overdue on the start.
        let cl = caseload(vec![
            child("A", "DT1 1", d(2025, 1, 6), Some(d(2026, 5, 1)), 3),
            child("B", "DT1 1", d(2025, 1, 6), Some(d(2026, 9, 1)), 3),
        ]);
        let q = DataQuality::assess(&cl, None);
        assert_eq!(
            q.overdue_at_start,
            vec![Overdue {
                child_id: "A".into(),
                review_number: 4,
                due_date: d(2026, 11, 1),
                days_overdue: 30,
            }]
        );
    }

    /// A plan starting on Saturday 2026-12-05 cannot hold a review due that day: it is late
    /// in the plan (reason `overdue_at_start`), so overdue at the start here too; one due on
    /// the Monday is not.
    #[test]
    fn a_review_due_on_the_first_weekend_of_a_plan_is_overdue_at_the_start() {
        let mut cl = caseload(vec![
            child("A", "DT1 1", d(2025, 1, 6), Some(d(2026, 6, 5)), 3),
            child("B", "DT1 1", d(2025, 1, 6), Some(d(2026, 6, 7)), 3),
        ]);
        cl.config.horizon.start = d(2026, 12, 5);
        let q = DataQuality::assess(&cl, None);
        assert_eq!(
            q.overdue_at_start,
            vec![Overdue {
                child_id: "A".into(),
                review_number: 4,
                due_date: d(2026, 12, 5),
                days_overdue: 0,
            }]
        );
        assert_eq!(
            q.overdue_at_start[0].to_string(),
            "A  review 4 due 2026-12-05 (before the first day its IRO works)"
        );
    }

    #[test]
    fn precision_and_regions() {
        let cl = caseload(vec![
            child("A", "DT1 1XJ", d(2026, 6, 1), Some(d(2026, 7, 1)), 1),
            child("B", "DT1", d(2026, 6, 1), Some(d(2026, 7, 1)), 1),
            child("C", "Birmingham", d(2026, 6, 1), Some(d(2026, 7, 1)), 1),
            child("D", "BT1 1AA", d(2026, 6, 1), Some(d(2026, 7, 1)), 1),
            child("E", "G1 1", d(2026, 6, 1), Some(d(2026, 7, 1)), 1),
        ]);
        let q = DataQuality::assess(&cl, None);
        assert_eq!(
            q.geocoding,
            Geocoding {
                exact: 0,
                sector: 2,
                district: 2,
                place: 1
            }
        );
        let remote: Vec<(&str, Region, bool)> = q
            .outside_england_wales
            .iter()
            .map(|r| (r.child_id.as_str(), r.region, r.across_sea))
            .collect();
        assert_eq!(
            remote,
            vec![
                ("D", Region::NorthernIreland, true),
                ("E", Region::Scotland, false)
            ]
        );
    }

    #[test]
    fn stale_when_the_newest_date_is_older_than_the_limit() {
        let cl = caseload(vec![child(
            "A",
            "DT1 1",
            d(2026, 1, 5),
            Some(d(2026, 10, 1)),
            2,
        )]);
        let q = DataQuality::assess(&cl, None);
        assert_eq!(
            q.stale,
            Some(Stale {
                newest_date: d(2026, 10, 1),
                days_before_start: 61,
                limit_days: 28
            })
        );
        let fresh = caseload(vec![child(
            "A",
            "DT1 1",
            d(2026, 1, 5),
            Some(d(2026, 11, 20)),
            2,
        )]);
        assert_eq!(DataQuality::assess(&fresh, None).stale, None);
    }
}
