//! Configuration: every number a manager might question, with its source.
//!
//! Read from `config.toml`; every field has a default (the values of DESIGN.md §3), so an empty
//! file is a valid configuration. [`Config::validate`] checks ranges and reports every problem,
//! each at the line of its key.
//!
//! # Bounds
//! Every number has an accepted range with its reason, declared once in a [`bounds!`] table
//! next to its section's struct; [`Config::validate`] checks them all. A number outside every
//! plausible value is rejected at the input instead of overflowing an integer, exhausting memory
//! or making a search run forever far downstream (issue 17). To add a field: add it to its
//! struct and a line to that section's `bounds!` table (a test fails for a number without one).
//! Dates everywhere in the inputs lie in [`EARLIEST_DATE`]..=[`LATEST_DATE`] ([`check_date`]).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, InputError, Result};

/// The accepted range of one configurable number and the reason for it.
pub struct Bound<S> {
    /// Key within its section, as written in `config.toml`.
    pub key: &'static str,
    /// The value (`None`: an optional number left unset).
    pub value: fn(&S) -> Option<f64>,
    /// Smallest value accepted.
    pub min: f64,
    /// Largest value accepted.
    pub max: f64,
    /// Unit, for messages.
    pub unit: &'static str,
    /// Where the range comes from.
    pub source: &'static str,
}

impl<S> Bound<S> {
    /// True if `v` is a finite number within the range.
    pub fn admits(&self, v: f64) -> bool {
        v.is_finite() && (self.min..=self.max).contains(&v)
    }

    /// What was expected, for messages: `0 to 10 £ a mile (HMRC …)`.
    pub fn expected(&self) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        format!("{} to {}{unit} ({})", self.min, self.max, self.source)
    }
}

/// A section of the configuration whose numbers are bounded.
pub trait Bounded: Sized + 'static {
    /// The section's table name in `config.toml`.
    const SECTION: &'static str;
    /// A bound for every number of the section.
    const BOUNDS: &'static [Bound<Self>];

    /// Every number outside its bound: (`section.key`, value, expected).
    fn out_of_bounds(&self) -> Vec<(String, f64, String)> {
        Self::BOUNDS
            .iter()
            .filter_map(|b| {
                let v = (b.value)(self)?;
                (!b.admits(v)).then(|| (format!("{}.{}", Self::SECTION, b.key), v, b.expected()))
            })
            .collect()
    }
}

/// A number a bound can read: the config's numeric field types.
pub trait Number {
    /// The value as `f64` (`None` for an unset option).
    fn number(&self) -> Option<f64>;
}

impl Number for f64 {
    fn number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl Number for u32 {
    fn number(&self) -> Option<f64> {
        Some(f64::from(*self))
    }
}

impl Number for u64 {
    fn number(&self) -> Option<f64> {
        Some(*self as f64)
    }
}

impl<T: Number> Number for Option<T> {
    fn number(&self) -> Option<f64> {
        self.as_ref().and_then(Number::number)
    }
}

/// Declares the bounds of a section: `key: MIN ..= MAX "unit", "source";` per number.
macro_rules! bounds {
    ($section:ty, $name:literal {
        $($key:ident: $min:literal ..= $max:literal $unit:literal, $source:literal;)*
    }) => {
        impl Bounded for $section {
            const SECTION: &'static str = $name;
            const BOUNDS: &'static [Bound<Self>] = &[$(Bound {
                key: stringify!($key),
                value: |s: &$section| Number::number(&s.$key),
                min: $min as f64,
                max: $max as f64,
                unit: $unit,
                source: $source,
            }),*];
        }
    };
}

/// Earliest date accepted anywhere in the inputs.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Latest date accepted anywhere in the inputs.
pub const LATEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// What is wrong with a `[low, high]` range of the value `key` of section `S`, if anything:
/// each end lies within the value's own bound, and low ≤ high.
fn range_problem<S: Bounded>(key: &str, [lo, hi]: [f64; 2]) -> Option<String> {
    let b = S::BOUNDS.iter().find(|b| b.key == key)?;
    (!(b.admits(lo) && b.admits(hi) && lo <= hi))
        .then(|| format!("[low, high] with low ≤ high, each {}", b.expected()))
}

/// Checks a date read from an input (CSV cell, horizon start, command-line date, scenario).
///
/// Every looked-after child's history and any plan lie between [`EARLIEST_DATE`] and
/// [`LATEST_DATE`]; bounding dates there keeps every date computation of the planner (a
/// 36-month horizon, reg. 33 chains, working-day counts) far from chrono's limits (±262,143
/// years), where date arithmetic would overflow.
///
/// # Errors
/// What was expected, for the caller's message.
pub fn check_date(d: NaiveDate) -> std::result::Result<NaiveDate, String> {
    if (EARLIEST_DATE..=LATEST_DATE).contains(&d) {
        Ok(d)
    } else {
        Err(format!("a date from {EARLIEST_DATE} to {LATEST_DATE}"))
    }
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Planning horizon.
    pub horizon: Horizon,
    /// Caseload band per full-time IRO.
    pub caseload: CaseloadBand,
    /// Statutory review timescales and review lengths.
    pub review: Review,
    /// The IRO's working day.
    pub day: WorkingDay,
    /// The IRO's working week: hours available for reviews, their travel and admin.
    pub workload: Workload,
    /// Who chairs a review that falls in its IRO's absence.
    pub absence: AbsenceCover,
    /// Far areas: placements beyond a comfortable day trip, grouped so that one IRO visits
    /// them in rounds.
    pub areas: Areas,
    /// Travel model.
    pub travel: Travel,
    /// Overnight trips.
    pub overnight: Overnight,
    /// Cost and emission rates.
    pub costs: Costs,
    /// Weekly placement costs.
    pub placements: Placements,
    /// Allocation weights.
    pub allocation: Allocation,
    /// Virtual-review policy.
    pub virtual_reviews: VirtualReviews,
    /// Annual projection of arrivals and departures.
    pub projection: Projection,
    /// How the input files are read.
    pub input: Input,
    /// Placements reached across the sea (ferry or flight).
    pub crossings: Crossings,
}

/// Planning horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Horizon {
    /// First day planned. Children who became looked after later than this are an input error.
    pub start: NaiveDate,
    /// Length of the horizon in calendar months.
    pub months: u32,
}

impl Default for Horizon {
    fn default() -> Self {
        Horizon {
            // The bundled council's planning year (the data set is dated 2026-11-30).
            start: NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid constant date"),
            months: 12,
        }
    }
}

bounds!(Horizon, "horizon" {
    months: 1 ..= 36 "months", "a year's reviews, up to three years; further reg. 33 cycles only repeat";
});

/// Caseload band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseloadBand {
    /// Hours a week of one full-time IRO (Dorset: 37).
    pub fte_hours: f64,
    /// Minimum children per FTE (IRO Handbook 2010: 50–70).
    pub band_min_per_fte: f64,
    /// Maximum children per FTE (IRO Handbook 2010: 50–70).
    pub band_max_per_fte: f64,
    /// Target children per FTE used for "required FTE" (mid-band).
    pub target_per_fte: f64,
}

impl Default for CaseloadBand {
    fn default() -> Self {
        CaseloadBand {
            fte_hours: 37.0,
            band_min_per_fte: 50.0,
            band_max_per_fte: 70.0,
            target_per_fte: 60.0,
        }
    }
}

bounds!(CaseloadBand, "caseload" {
    fte_hours: 1 ..= 60 "hours a week", "Dorset 37; the Working Time Regulations 1998 cap the average week at 48 h, 60 allows overtime";
    band_min_per_fte: 0 ..= 200 "children per FTE", "IRO Handbook 2010: 50-70; 200 is beyond any service";
    band_max_per_fte: 1 ..= 200 "children per FTE", "IRO Handbook 2010: 50-70; 200 is beyond any service";
    target_per_fte: 1 ..= 200 "children per FTE", "mid-band 60 (IRO Handbook 2010: 50-70)";
});

/// Statutory timescales (Care Planning, Placement and Case Review (England) Regulations 2010,
/// reg. 33) and review lengths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Review {
    /// First review within this many working days of becoming looked after (reg. 33(1)).
    pub first_within_working_days: u32,
    /// Second review within this many calendar months of the first (reg. 33(2)).
    pub second_within_months: u32,
    /// Later reviews within this many calendar months of the previous one (reg. 33(3)).
    pub subsequent_within_months: u32,
    /// A review may be held up to this many working days before it is due (local practice:
    /// two working weeks keeps the review near its date, so a chain does not shorten and
    /// add reviews; holding earlier is priced per day, [`Review::early_cost_per_day`]).
    pub early_working_days: u32,
    /// Narrow and wide early window for the ranges of `compare` and `bases`, working days
    /// (local practice runs from one to three working weeks; a wider window lets more reviews
    /// share a trip).
    pub early_working_days_range: [u32; 2],
    /// The first review is held no sooner than this many working days after the child became
    /// looked after (the care plan needs time to take shape; reg. 33(1) only sets the latest).
    pub first_not_before_working_days: u32,
    /// £ per calendar day a review is held before its due date: a small price so that ties go
    /// to the due date (a review's staff time, 3.5 h × £40, spread over a 6-month interval is
    /// £0.77 a day; rounded up to £1).
    pub early_cost_per_day: f64,
    /// A review of a child in a far area may be held up to this many working days before it
    /// is due to join its area's round (priced like any early day), so that the area's
    /// reviews fall due together after one round.
    pub area_early_working_days: u32,
    /// Length of a review meeting, hours.
    pub length_hours: f64,
    /// Additional time for a child who needs it (e.g. disability), hours.
    pub extra_time_hours: f64,
    /// Most reviews one IRO chairs in a day.
    pub max_per_day: u32,
}

impl Default for Review {
    fn default() -> Self {
        Review {
            first_within_working_days: 20,
            second_within_months: 3,
            subsequent_within_months: 6,
            early_working_days: 10,
            early_working_days_range: [5, 15],
            first_not_before_working_days: 10,
            early_cost_per_day: 1.0,
            area_early_working_days: 20,
            length_hours: 1.5,
            extra_time_hours: 0.5,
            max_per_day: 4,
        }
    }
}

bounds!(Review, "review" {
    first_within_working_days: 1 ..= 60 "working days", "reg. 33(1): 20 working days";
    second_within_months: 1 ..= 24 "months", "reg. 33(2): 3 months";
    subsequent_within_months: 1 ..= 24 "months", "reg. 33(3): 6 months";
    early_working_days: 0 ..= 60 "working days", "local practice, default 10; at most a quarter of a year";
    first_not_before_working_days: 0 ..= 59 "working days", "default 10; fewer than first_within_working_days";
    early_cost_per_day: 0 ..= 1000 "£ a day", "default £1: a review's staff time spread over its interval";
    area_early_working_days: 0 ..= 60 "working days", "default 20: a far area's round; at least early_working_days";
    length_hours: 0.25 ..= 8 "hours", "a meeting of a quarter hour to a working day (default 1.5 h)";
    extra_time_hours: 0 ..= 4 "hours", "default 0.5 h; half a working day at most";
    max_per_day: 1 ..= 20 "reviews", "Dorset 4; more than any working day holds";
});

/// A time of day, `HH:MM`, stored as minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay(u32);

impl TimeOfDay {
    /// From hours and minutes; `None` if out of range.
    pub fn hm(h: u32, m: u32) -> Option<Self> {
        (h < 24 && m < 60).then_some(TimeOfDay(h * 60 + m))
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u32 {
        self.0
    }

    /// Seconds after midnight.
    pub fn seconds(self) -> i64 {
        self.0 as i64 * 60
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl std::str::FromStr for TimeOfDay {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let (h, m) = s
            .trim()
            .split_once(':')
            .ok_or_else(|| format!("'{s}' is not HH:MM"))?;
        let h: u32 = h.parse().map_err(|_| format!("'{s}' is not HH:MM"))?;
        let m: u32 = m.parse().map_err(|_| format!("'{s}' is not HH:MM"))?;
        TimeOfDay::hm(h, m).ok_or_else(|| format!("'{s}' is not a time of day"))
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The working day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkingDay {
    /// Reviews start no earlier than this (Dorset's office hours).
    pub start: TimeOfDay,
    /// Reviews end no later than this.
    pub end: TimeOfDay,
    /// Earliest departure from base or hotel.
    pub earliest_departure: TimeOfDay,
    /// Latest return to base or arrival at a hotel.
    pub latest_return: TimeOfDay,
    /// Longest working day including travel, hours.
    pub max_hours: f64,
    /// Lunch break, minutes, taken inside [`WorkingDay::lunch_window`] on any day with work
    /// (Working Time Regulations 1998, reg. 12: a 20-minute rest in a day over 6 hours; Dorset
    /// practice 30 minutes).
    pub lunch_minutes: u32,
    /// When the lunch break is taken.
    pub lunch_window: ClockSpan,
    /// Most driving in one day, hours (council lone-working and driving-at-work policies
    /// commonly cap a day's driving at 6 hours).
    pub max_drive_hours: f64,
    /// A break is due after this many hours of continuous driving (Highway Code rule 91:
    /// a break of at least 15 minutes every two hours).
    pub drive_break_after_hours: f64,
    /// Length of each driving break, minutes (Highway Code rule 91).
    pub drive_break_minutes: u32,
}

impl Default for WorkingDay {
    fn default() -> Self {
        WorkingDay {
            start: TimeOfDay(9 * 60),
            end: TimeOfDay(17 * 60),
            earliest_departure: TimeOfDay(7 * 60),
            latest_return: TimeOfDay(19 * 60),
            max_hours: 10.0,
            lunch_minutes: 30,
            lunch_window: ClockSpan {
                from: TimeOfDay(11 * 60 + 30),
                to: TimeOfDay(14 * 60 + 30),
            },
            max_drive_hours: 6.0,
            drive_break_after_hours: 2.0,
            drive_break_minutes: 15,
        }
    }
}

bounds!(WorkingDay, "day" {
    max_hours: 1 ..= 16 "hours", "default 10 h; the Working Time Regulations' 11 h daily rest leaves 13 h, 16 h allows an exceptional day";
    lunch_minutes: 0 ..= 120 "minutes", "Working Time Regulations 1998 reg. 12: 20 minutes; Dorset 30";
    max_drive_hours: 0.5 ..= 16 "hours", "council driving-at-work policies: about 6 h a day";
    drive_break_after_hours: 0.5 ..= 16 "hours", "Highway Code rule 91: a break every 2 hours";
    drive_break_minutes: 0 ..= 120 "minutes", "Highway Code rule 91: at least 15 minutes";
});

/// A span of the day, `HH:MM-HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSpan {
    /// Start.
    pub from: TimeOfDay,
    /// End.
    pub to: TimeOfDay,
}

impl std::fmt::Display for ClockSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.from, self.to)
    }
}

impl std::str::FromStr for ClockSpan {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let (a, b) = s
            .split_once('-')
            .ok_or_else(|| format!("'{s}' is not HH:MM-HH:MM"))?;
        let (from, to): (TimeOfDay, TimeOfDay) = (a.parse()?, b.parse()?);
        if from >= to {
            return Err(format!("'{s}' ends before it starts"));
        }
        Ok(ClockSpan { from, to })
    }
}

impl Serialize for ClockSpan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for ClockSpan {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The working week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workload {
    /// Hours of preparation, consulting the child and recording per review, besides the
    /// meeting (IRO Handbook 2010 ch. 3–4; services' own time studies give 1.5–3 h).
    pub admin_hours_per_review: f64,
    /// Share of contracted hours available for reviews, their travel and admin; the rest goes
    /// to other duties (case tracking between reviews, dispute resolution, supervision,
    /// training). Each IRO-week holds meetings + admin + driving within hours × this share,
    /// pro rata in weeks with leave or bank holidays.
    pub share_of_hours: f64,
    /// A review's admin (the record of the review) may be done in the week it is held or in
    /// the next this many weeks: an IRO back from a three-day round writes it up the week
    /// after. The IRO Handbook (2010) asks for the written record within 20 working days; 0
    /// keeps every review's admin in its own week.
    pub admin_carry_weeks: u32,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            admin_hours_per_review: 2.0,
            share_of_hours: 0.85,
            admin_carry_weeks: 1,
        }
    }
}

bounds!(Workload, "workload" {
    admin_hours_per_review: 0 ..= 24 "hours", "services' time studies: 1.5-3 h a review";
    share_of_hours: 0.01 ..= 1 "", "a share of contracted hours, default 0.85";
    admin_carry_weeks: 0 ..= 4 "weeks", "the record of a review is due within 20 working days";
});

/// Far areas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Areas {
    /// Placements at least `overnight.remote_drive_hours` one way from every IRO base of their
    /// service are far; far placements within this many miles of each other (great-circle,
    /// chained) form one area — about a region's width, so that one round reaches them in a
    /// day or two (the North Wales coast to Wrexham is about 35 miles).
    pub radius_miles: f64,
    /// Whether the allocation prices trips visiting two far areas of a service (Birmingham,
    /// then North Wales): one IRO holding both is charged less, by the rounds the two areas
    /// share where their rounds have room (`Policy::two_area_saving`). Off by default. On, most
    /// generated councils save (measured 2026-11-28 on 22 councils of seeds 1 and 11: £9,764 a
    /// year together; Cornwall £3,134, Cumbria £2,536, Northumberland £1,575), but where one
    /// IRO then holds a full area and a small one, trips to the small one take the full one's
    /// reviews early and split its rounds (generated Devon £1,353 a year more, Dorset £608,
    /// Somerset £357 with its areas above their reference; the bundled `reallocate` scenario
    /// £389 more). Trips still visit two areas whenever one IRO holds both.
    pub two_area_trips: bool,
}

impl Default for Areas {
    fn default() -> Self {
        Areas {
            radius_miles: 40.0,
            two_area_trips: false,
        }
    }
}

bounds!(Areas, "areas" {
    radius_miles: 1 ..= 200 "miles", "about a region's width, default 40";
});

/// Who chairs a review that falls due while its IRO is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CoverPolicy {
    /// A colleague of the same service with spare hours that week; the child keeps its IRO.
    #[default]
    Colleague,
    /// An agency IRO, at [`AbsenceCover::agency_cost_per_review`].
    Agency,
    /// Nobody: the review waits for its IRO and is late.
    None,
}

impl CoverPolicy {
    /// `colleague` / `agency` / `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            CoverPolicy::Colleague => "colleague",
            CoverPolicy::Agency => "agency",
            CoverPolicy::None => "none",
        }
    }
}

/// Absence cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AbsenceCover {
    /// Who chairs a review its IRO cannot hold because of absence.
    pub cover: CoverPolicy,
    /// £ per review chaired by an agency IRO (sessional IRO rates £35–£45 an hour × about
    /// 7 hours: the meeting, preparation, recording and travel).
    pub agency_cost_per_review: f64,
}

impl Default for AbsenceCover {
    fn default() -> Self {
        AbsenceCover {
            cover: CoverPolicy::Colleague,
            agency_cost_per_review: 300.0,
        }
    }
}

bounds!(AbsenceCover, "absence" {
    agency_cost_per_review: 0 ..= 100000 "£ a review", "sessional IRO rates £35-£45 an hour × about 7 hours";
});

/// Travel model: road miles = great-circle miles × road factor; hours = fixed + miles / speed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Travel {
    /// Road distance over great-circle distance (typical UK circuity 1.2–1.3).
    pub road_factor: f64,
    /// Low and high road factor for the ranges of `compare` and `bases` (the spread of UK road
    /// circuity: long motorway journeys near 1.15, rural lanes near 1.30).
    pub road_factor_range: [f64; 2],
    /// Fixed time per journey (parking, walking in), hours.
    pub fixed_hours: f64,
    /// Average road speed, miles per hour.
    pub mph: f64,
    /// How far average speed may be from `mph` either way, as a share, for the ranges of
    /// `compare` and `bases` (±15 %: a quiet day against a congested one on the same route).
    pub mph_spread: f64,
    /// Optional travel matrix CSV (`from,to,miles,hours`, from/to any postcode, place or
    /// `lat lon`), relative to the data folder; overrides the model for the pairs it lists.
    pub matrix: Option<PathBuf>,
}

impl Default for Travel {
    fn default() -> Self {
        Travel {
            road_factor: 1.2,
            road_factor_range: [1.15, 1.30],
            fixed_hours: 0.2,
            mph: 52.0,
            mph_spread: 0.15,
            matrix: None,
        }
    }
}

bounds!(Travel, "travel" {
    road_factor: 1 ..= 3 "", "road over great-circle distance: typical UK circuity 1.2-1.3";
    fixed_hours: 0 ..= 2 "hours", "parking and walking in, default 0.2 h a journey";
    mph: 5 ..= 90 "mph", "average road speed, default 52 mph; the UK limit is 70 mph, 5 mph is walking pace";
    mph_spread: 0 ..= 0.9 "", "speed either way for the ranges, default 0.15 (±15 %): a quiet day against a congested one";
});

/// Overnight stays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Overnight {
    /// Whether overnight trips may be planned at all.
    pub allowed: bool,
    /// Longest one-way drive in a day trip, hours; farther placements need an overnight stay.
    pub max_one_way_drive_hours: f64,
    /// Placements at least this far (one-way drive hours) are planned as trips that may stay
    /// overnight when that is cheaper than day trips.
    pub remote_drive_hours: f64,
    /// Most nights in one trip.
    pub max_nights: u32,
    /// Shortest drive home (hours) from where a night is spent: nearer, the IRO goes home —
    /// no service books a hotel half an hour from the IRO's own front door.
    pub min_hotel_drive_hours: f64,
}

impl Default for Overnight {
    fn default() -> Self {
        Overnight {
            allowed: true,
            max_one_way_drive_hours: 4.0,
            remote_drive_hours: 2.0,
            max_nights: 3,
            min_hotel_drive_hours: 1.0,
        }
    }
}

bounds!(Overnight, "overnight" {
    max_one_way_drive_hours: 0.5 ..= 16 "hours", "default 4 h; a drive no longer than a working day";
    remote_drive_hours: 0 ..= 16 "hours", "default 2 h; a drive no longer than a working day";
    max_nights: 0 ..= 10 "nights", "default 3; a trip of two working weeks at most";
    min_hotel_drive_hours: 0 ..= 16 "hours", "default 1 h: within an hour's drive of home the IRO goes home";
});

/// Cost and emission rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Costs {
    /// Mileage, £ per mile (HMRC approved mileage allowance, first 10,000 miles: 45p).
    pub mileage_per_mile: f64,
    /// Low and high mileage rate for the ranges, £ per mile (HMRC approved mileage allowance:
    /// 45p for the first 10,000 business miles in a tax year, 25p after).
    pub mileage_per_mile_range: [f64; 2],
    /// Staff time, £ per productive hour (≈ £67k a year with on-costs).
    pub staff_per_hour: f64,
    /// Low and high staff rate for the ranges, £ per hour (salary £46.5k–£56k with about 28 %
    /// on-costs, over 37 h × 44 working weeks: £36.6–£44.0, rounded out to £35–£45).
    pub staff_per_hour_range: [f64; 2],
    /// Hotel, £ per night (typical council cap outside London £90–£100).
    pub hotel_per_night: f64,
    /// Low and high hotel rate for the ranges, £ per night (the same council caps).
    pub hotel_per_night_range: [f64; 2],
    /// kg CO2e per mile, average car, unknown fuel (DESNZ 2025 conversion factors).
    pub co2_kg_per_mile: f64,
    /// kg CO2e per UK hotel night (DESNZ 2025 conversion factors).
    pub co2_kg_per_hotel_night: f64,
    /// Annual cost of one full-time IRO with on-costs (salary £46.5k–£56k plus NI and pension).
    pub iro_salary_with_oncosts: f64,
}

impl Default for Costs {
    fn default() -> Self {
        Costs {
            mileage_per_mile: 0.45,
            mileage_per_mile_range: [0.25, 0.45],
            staff_per_hour: 40.0,
            staff_per_hour_range: [35.0, 45.0],
            hotel_per_night: 100.0,
            hotel_per_night_range: [90.0, 100.0],
            co2_kg_per_mile: 0.26915,
            co2_kg_per_hotel_night: 10.4,
            iro_salary_with_oncosts: 67_000.0,
        }
    }
}

bounds!(Costs, "costs" {
    mileage_per_mile: 0 ..= 10 "£ a mile", "HMRC approved mileage allowance 45p; no vehicle costs £10 a mile";
    staff_per_hour: 0 ..= 1000 "£ an hour", "about £40 with on-costs; above any salary";
    hotel_per_night: 0 ..= 2000 "£ a night", "council caps £90-£100 outside London";
    co2_kg_per_mile: 0 ..= 5 "kg CO2e a mile", "DESNZ 2025: 0.27 kg for an average car, under 1 kg for any car or van";
    co2_kg_per_hotel_night: 0 ..= 500 "kg CO2e a night", "DESNZ 2025: 10.4 kg a UK hotel night";
    iro_salary_with_oncosts: 0 ..= 1000000 "£ a year", "about £67,000 with on-costs";
});

/// Weekly placement costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Placements {
    /// In-house fostering, £ a week.
    pub internal_weekly: f64,
    /// Agency or private placement, £ a week.
    pub external_weekly: f64,
}

impl Default for Placements {
    fn default() -> Self {
        Placements {
            internal_weekly: 375.0,
            external_weekly: 800.0,
        }
    }
}

bounds!(Placements, "placements" {
    internal_weekly: 0 ..= 100000 "£ a week", "£375 in-house, £800 agency fostering; above any placement";
    external_weekly: 0 ..= 100000 "£ a week", "£375 in-house, £800 agency fostering; above any placement";
});

/// Allocation weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Allocation {
    /// £ a year charged for each child moved away from its current IRO (continuity of the
    /// relationship has value; the IRO Handbook asks for continuity).
    pub continuity_cost: f64,
    /// Most children that may change IRO in all (required moves included); `None` = no limit.
    pub max_changes: Option<u32>,
    /// Optimised moves allowed beyond those a vacancy, the band or reach requires: `0` (the
    /// default: continuity, IRO Handbook 2010 §2.17 — a child should keep its IRO), a number,
    /// or `"all"` (`plan --rebalance N|all` sets it for one run).
    pub rebalance: Rebalance,
    /// £ a year per child an IRO is below the band minimum.
    pub under_band_penalty: f64,
    /// Candidate IROs per child before the band check widens it.
    pub candidates: u32,
    /// With a `council` column: `false` keeps each council's children with its own IROs
    /// (independent services, the law today); `true` plans one pooled service in which any
    /// IRO may hold any council's child (a shared regional service, as a what-if).
    pub pooled: bool,
}

impl Default for Allocation {
    fn default() -> Self {
        Allocation {
            continuity_cost: 150.0,
            max_changes: None,
            rebalance: Rebalance::Limit(0),
            under_band_penalty: 500.0,
            candidates: 8,
            pooled: false,
        }
    }
}

bounds!(Allocation, "allocation" {
    continuity_cost: 0 ..= 1000000 "£ a year", "default £150; above an IRO's salary it is a lock";
    max_changes: 0 ..= 10000000 "children", "above England's 84,000 looked-after children it is no limit";
    rebalance: 0 ..= 10000000 "moves", "a number of moves or \"all\"; above England's 84,000 looked-after children it is all";
    under_band_penalty: 0 ..= 1000000 "£ a year", "default £500; above an IRO's salary";
    candidates: 1 ..= 1000 "IROs", "default 8 nearest; more makes a national problem's candidate lists outgrow memory";
});

/// How many optimised moves an allocation may make beyond the required ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebalance {
    /// At most this many.
    Limit(u32),
    /// As many as pay for their continuity cost.
    All,
}

impl std::str::FromStr for Rebalance {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        if s.trim().eq_ignore_ascii_case("all") {
            return Ok(Rebalance::All);
        }
        s.trim()
            .parse()
            .map(Rebalance::Limit)
            .map_err(|_| format!("'{s}' is not a number of moves or 'all'"))
    }
}

impl std::fmt::Display for Rebalance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rebalance::Limit(n) => write!(f, "{n}"),
            Rebalance::All => f.write_str("all"),
        }
    }
}

impl Serialize for Rebalance {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Rebalance::Limit(n) => s.serialize_u32(*n),
            Rebalance::All => s.serialize_str("all"),
        }
    }
}

impl<'de> Deserialize<'de> for Rebalance {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(u32),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(n) => Ok(Rebalance::Limit(n)),
            Raw::S(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

impl Number for Rebalance {
    fn number(&self) -> Option<f64> {
        match self {
            Rebalance::Limit(n) => Some(f64::from(*n)),
            Rebalance::All => None,
        }
    }
}

/// Virtual-review policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VirtualReviews {
    /// Reviews of children whose placement is at least this many road miles from the IRO's base
    /// may be virtual; `None` = no distance rule.
    pub over_miles: Option<f64>,
    /// With a rule above (or `review_mode = virtual_allowed`), only every other review is
    /// virtual, so the child still sees the IRO in person at least once a year.
    pub alternate: bool,
}

impl Default for VirtualReviews {
    fn default() -> Self {
        VirtualReviews {
            over_miles: None,
            alternate: true,
        }
    }
}

bounds!(VirtualReviews, "virtual_reviews" {
    over_miles: 0 ..= 1000 "miles", "no UK journey is longer (Land's End to John o' Groats: about 840 road miles)";
});

/// Annual projection of arrivals and departures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Projection {
    /// Whether to project arrivals and departures over the horizon.
    pub enabled: bool,
    /// Children entering care a year. Default 240: calibrated so that the bundled council's
    /// projected year holds ≈ 1,210 reviews against Dorset's 1,241 in 2018/19 (a snapshot of
    /// today's children has fewer early-stage children than a year of real arrivals).
    pub entries_per_year: f64,
    /// Children leaving care a year.
    pub exits_per_year: f64,
    /// Seed for the projection (same seed = same projected year in every scenario).
    pub seed: u64,
}

impl Default for Projection {
    fn default() -> Self {
        Projection {
            enabled: false,
            entries_per_year: 240.0,
            exits_per_year: 200.0,
            seed: 2019,
        }
    }
}

bounds!(Projection, "projection" {
    entries_per_year: 0 ..= 100000 "children a year", "England: about 33,000 entries a year (DfE 2024); default 240";
    exits_per_year: 0 ..= 100000 "children a year", "England: about 33,000 exits a year (DfE 2024); default 200";
    seed: 0 ..= 1.8446744073709552e19 "", "any 64-bit seed";
});

/// The 1-based line of a dotted key (`costs.mileage_per_mile`) in TOML text, or of its
/// nearest table header when the key itself is not written (a default in a written section);
/// `None` if neither is in the text.
pub fn toml_key_line(text: &str, dotted: &str) -> Option<usize> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let line = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let mut table = doc.get_ref();
    let mut found = None;
    for part in dotted.split('.') {
        let Some((k, v)) = table.iter().find(|(k, _)| k.get_ref().as_ref() == part) else {
            return found;
        };
        found = Some(line(k.span().start));
        match v.get_ref() {
            toml::de::DeValue::Table(t) => table = t,
            _ => return found,
        }
    }
    found
}

/// A deserialiser's message in a manager's words: Rust's type names (`expected f64`) as
/// what to write.
fn plain_types(message: &str) -> String {
    [
        ("expected f64", "expected a number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
    ]
    .iter()
    .fold(message.to_string(), |m, (rust, plain)| {
        m.replace(rust, plain)
    })
}

/// The dotted key (`travel.road_factor`) at byte `at` of TOML text, and for a plain
/// `key = value` entry its byte range (key to end of value); `None` if `at` is in no key or
/// entry or the text does not parse. A table's key (`[travl]`) has no range: blanking it would
/// move its entries into the table before it.
fn toml_entry_at(text: &str, at: usize) -> Option<(String, Option<std::ops::Range<usize>>)> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    let mut path: Vec<String> = Vec::new();
    loop {
        let mut inner = None;
        for (k, v) in table.iter() {
            let (ks, vs) = (k.span(), v.span());
            let key = k.get_ref().to_string();
            if let toml::de::DeValue::Table(t) = v.get_ref() {
                let holds = t.iter().any(|(k2, v2)| {
                    (k2.span().start..v2.span().end.max(k2.span().end)).contains(&at)
                });
                if holds {
                    inner = Some((key, t));
                    break;
                }
                if ks.contains(&at) {
                    path.push(key);
                    // An inline table (`foo = { a = 1 }`) is one entry; a `[table]` is not.
                    let inline = text.get(vs.start..).is_some_and(|v| v.starts_with('{'));
                    let range = inline.then(|| ks.start..vs.end.max(ks.end));
                    return Some((path.join("."), range));
                }
            } else {
                let range = ks.start..vs.end.max(ks.end);
                if range.contains(&at) {
                    path.push(key);
                    return Some((path.join("."), Some(range)));
                }
            }
        }
        let (key, t) = inner?;
        path.push(key);
        table = t;
    }
}

/// Which written forms of a date the input files use (`input.date_format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateFormat {
    /// ISO `YYYY-MM-DD` or UK day-first `dd/mm/yyyy` (the default).
    #[default]
    Auto,
    /// ISO `YYYY-MM-DD` only.
    Iso,
    /// UK day-first `dd/mm/yyyy` only.
    Uk,
    /// US month-first `mm/dd/yyyy` (or ISO): for a whole export written month-first.
    Us,
}

/// How the input files are read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Input {
    /// Written form of dates in every CSV input: `auto` (ISO or UK day-first, the forms
    /// case-management exports and the DfE SSDA903 return use), `iso`, `uk`, or `us`.
    pub date_format: DateFormat,
    /// The data are stale (a warning and a data-quality finding) when the horizon starts more
    /// than this many days after the newest date in them. Local practice: at Dorset's 1,241
    /// reviews a year about five reviews are held each working day, so a four-week-old extract
    /// misses about 100 reviews, each then planned as overdue.
    pub stale_after_days: u32,
}

impl Default for Input {
    fn default() -> Self {
        Input {
            date_format: DateFormat::Auto,
            stale_after_days: 28,
        }
    }
}

bounds!(Input, "input" {
    stale_after_days: 0 ..= 3660 "days", "default 28: about 100 of Dorset's reviews; ten years at most";
});

/// How a journey across the sea is costed: a placement in Northern Ireland, the Isle of Man,
/// the Channel Islands, the Isles of Scilly, the Isle of Wight or a Scottish island, reached
/// from Great Britain's mainland (or between two of them). Such a journey replaces the road
/// model's figures (a user travel matrix still wins for the pairs it lists).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Crossings {
    /// Door-to-door hours one way: drive to the airport or port, check-in (domestic flights ask
    /// for 1–2 hours), about an hour in the air (Bristol or Birmingham to Belfast), transfer at
    /// the far end. Local assumption; a ferry (Cairnryan–Belfast 2 h 15 min sailing) is longer.
    pub hours_each_way: f64,
    /// Car miles one way (to and from the airport or port at both ends), claimed at
    /// `costs.mileage_per_mile`; the flown or sailed part is not car mileage.
    pub car_miles_each_way: f64,
    /// Fare one way, £ (a domestic flight booked a few weeks ahead; local assumption). Reported
    /// in the data-quality report with the number of crossings; not in the trip costs.
    pub fare_each_way: f64,
    /// kg CO2e one way per passenger (DESNZ 2025 conversion factors, domestic flight, average
    /// passenger with radiative forcing ≈ 0.27 kg per passenger-km × ≈ 370 km). Reported with
    /// the fares.
    pub co2_kg_each_way: f64,
}

impl Default for Crossings {
    fn default() -> Self {
        Crossings {
            hours_each_way: 4.0,
            car_miles_each_way: 40.0,
            fare_each_way: 100.0,
            co2_kg_each_way: 100.0,
        }
    }
}

bounds!(Crossings, "crossings" {
    hours_each_way: 0 ..= 24 "hours", "default 4: to the airport, check-in, an hour's flight, transfer";
    car_miles_each_way: 0 ..= 1000 "miles", "default 40: to and from the airport at both ends";
    fare_each_way: 0 ..= 10000 "£", "default £100: a domestic flight booked ahead";
    co2_kg_each_way: 0 ..= 10000 "kg", "DESNZ 2025 domestic flight ≈ 100 kg one way";
});

impl Costs {
    /// £ of travel: mileage + staff time driving + hotel nights.
    pub fn travel(&self, miles: f64, drive_hours: f64, nights: u32) -> f64 {
        miles * self.mileage_per_mile
            + drive_hours * self.staff_per_hour
            + nights as f64 * self.hotel_per_night
    }
}

impl Config {
    /// Reads a TOML file; every problem is reported with file and key.
    ///
    /// # Errors
    /// [`Error::Input`] if the file cannot be parsed or a value is out of range.
    pub fn from_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Config::from_toml(&text, path)
    }

    /// Parses TOML text (the path is for messages only).
    ///
    /// # Errors
    /// [`Error::Input`] if the text cannot be parsed or a value is out of range.
    pub fn from_toml(text: &str, path: &Path) -> Result<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (config, mut errors) = Config::deserialize_all(text, path);
        if let Some(c) = &config {
            errors.extend(
                c.problems()
                    .into_iter()
                    .map(|(key, problem, expected)| InputError {
                        file: path.to_path_buf(),
                        line: toml_key_line(text, &key),
                        column: Some(key),
                        problem,
                        expected: Some(expected),
                    }),
            );
        }
        match config {
            Some(config) if errors.is_empty() => Ok(config),
            _ => Err(Error::Input(errors)),
        }
    }

    /// Deserialises TOML text, reporting every unknown key and every value of the wrong type
    /// (each at its line and dotted key), not only the first: after each such error the entry
    /// is blanked out and the text read again. The config is that of the text without the bad
    /// entries (`None` if it could not be read), so its ranges can be checked too.
    fn deserialize_all(text: &str, path: &Path) -> (Option<Config>, Vec<InputError>) {
        let mut text = text.to_string();
        let mut errors: Vec<InputError> = Vec::new();
        // Each round blanks one entry, so the rounds are at most the text's entries.
        loop {
            let e = match toml::from_str::<Config>(&text) {
                Ok(config) => {
                    errors.sort_by_key(|e| e.line);
                    return (Some(config), errors);
                }
                Err(e) => e,
            };
            // Blanking an entry can break what holds it (`{ a = 1, b = "x" }` leaves a
            // trailing comma): a syntax error found only then is not the user's.
            if !errors.is_empty() && toml::de::DeTable::parse(&text).is_err() {
                errors.sort_by_key(|e| e.line);
                return (None, errors);
            }
            let span = e.span();
            let at = span.as_ref().map(|s| s.start.min(text.len()));
            let entry = at.and_then(|at| toml_entry_at(&text, at));
            errors.push(InputError {
                file: path.to_path_buf(),
                line: at.map(|at| text[..at].matches('\n').count() + 1),
                column: entry.as_ref().map(|(key, _)| key.clone()),
                problem: plain_types(e.message().trim_end()),
                expected: None,
            });
            // An entry that is not a plain value (a table, a syntax error) cannot be blanked
            // without changing what follows it: the errors so far are all that is certain.
            let Some((_, Some(range))) = entry else {
                errors.sort_by_key(|e| e.line);
                return (None, errors);
            };
            let blank: String = text[range.clone()]
                .chars()
                .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
                .collect();
            text.replace_range(range, &blank);
        }
    }

    /// Checks every range; returns all problems found (without lines: see
    /// [`Config::from_toml`] for errors located at their key).
    pub fn validate(&self, path: &Path) -> Vec<InputError> {
        self.problems()
            .into_iter()
            .map(|(key, problem, expected)| InputError {
                file: path.to_path_buf(),
                line: None,
                column: Some(key),
                problem,
                expected: Some(expected),
            })
            .collect()
    }

    /// Every problem: (`section.key`, what is wrong, what was expected). First each number
    /// against its bound, then the rules between fields.
    fn problems(&self) -> Vec<(String, String, String)> {
        let mut out: Vec<(String, String, String)> = [
            self.horizon.out_of_bounds(),
            self.caseload.out_of_bounds(),
            self.review.out_of_bounds(),
            self.day.out_of_bounds(),
            self.travel.out_of_bounds(),
            self.workload.out_of_bounds(),
            self.areas.out_of_bounds(),
            self.input.out_of_bounds(),
            self.crossings.out_of_bounds(),
            self.absence.out_of_bounds(),
            self.overnight.out_of_bounds(),
            self.costs.out_of_bounds(),
            self.placements.out_of_bounds(),
            self.allocation.out_of_bounds(),
            self.virtual_reviews.out_of_bounds(),
            self.projection.out_of_bounds(),
        ]
        .into_iter()
        .flatten()
        .map(|(key, v, expected)| (key, format!("invalid value {v}"), expected))
        .collect();
        let mut check = |ok: bool, key: &str, value: String, expected: &str| {
            if !ok {
                out.push((
                    key.to_string(),
                    format!("invalid value {value}"),
                    expected.to_string(),
                ));
            }
        };
        if let Err(expected) = check_date(self.horizon.start) {
            check(
                false,
                "horizon.start",
                self.horizon.start.to_string(),
                &expected,
            );
        }
        let c = &self.caseload;
        check(
            c.band_min_per_fte <= c.band_max_per_fte,
            "caseload.band_min_per_fte",
            c.band_min_per_fte.to_string(),
            "no more than band_max_per_fte",
        );
        let r = &self.review;
        let d = &self.day;
        check(
            d.start < d.end,
            "day.start",
            d.start.to_string(),
            "a time before day.end",
        );
        check(
            d.earliest_departure <= d.start,
            "day.earliest_departure",
            d.earliest_departure.to_string(),
            "a time no later than day.start",
        );
        check(
            d.latest_return >= d.end,
            "day.latest_return",
            d.latest_return.to_string(),
            "a time no earlier than day.end",
        );
        check(
            f64::from(d.end.minutes().saturating_sub(d.start.minutes())) / 60.0
                >= r.length_hours + r.extra_time_hours,
            "day.end",
            d.end.to_string(),
            "a working day long enough for one review with extra time",
        );
        check(
            r.first_not_before_working_days < r.first_within_working_days,
            "review.first_not_before_working_days",
            r.first_not_before_working_days.to_string(),
            "fewer working days than review.first_within_working_days",
        );
        check(
            r.area_early_working_days >= r.early_working_days && r.area_early_working_days <= 60,
            "review.area_early_working_days",
            r.area_early_working_days.to_string(),
            "review.early_working_days to 60 working days",
        );
        check(
            d.lunch_window.to.minutes() - d.lunch_window.from.minutes() >= d.lunch_minutes,
            "day.lunch_window",
            d.lunch_window.to_string(),
            "a window at least day.lunch_minutes long",
        );
        let t = &self.travel;
        let k = &self.costs;
        let early = r.early_working_days_range.map(f64::from);
        for (key, problem, value) in [
            (
                "travel.road_factor_range",
                range_problem::<Travel>("road_factor", t.road_factor_range),
                t.road_factor_range,
            ),
            (
                "review.early_working_days_range",
                range_problem::<Review>("early_working_days", early),
                early,
            ),
            (
                "costs.mileage_per_mile_range",
                range_problem::<Costs>("mileage_per_mile", k.mileage_per_mile_range),
                k.mileage_per_mile_range,
            ),
            (
                "costs.staff_per_hour_range",
                range_problem::<Costs>("staff_per_hour", k.staff_per_hour_range),
                k.staff_per_hour_range,
            ),
            (
                "costs.hotel_per_night_range",
                range_problem::<Costs>("hotel_per_night", k.hotel_per_night_range),
                k.hotel_per_night_range,
            ),
        ] {
            if let Some(expected) = problem {
                check(
                    false,
                    key,
                    format!("[{}, {}]", value[0], value[1]),
                    &expected,
                );
            }
        }
        out
    }

    /// Length of a review for a child, hours.
    pub fn review_hours(&self, extra_time: bool) -> f64 {
        self.review.length_hours
            + if extra_time {
                self.review.extra_time_hours
            } else {
                0.0
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_defaults() {
        let c = Config::from_toml("", Path::new("config.toml")).unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn reports_every_bad_value() {
        let text = "[caseload]\nband_max_per_fte = -1\n[travel]\nmph = 0\n";
        let Err(Error::Input(errs)) = Config::from_toml(text, Path::new("c.toml")) else {
            panic!("expected input errors")
        };
        assert!(
            errs.iter()
                .any(|e| e.column.as_deref() == Some("travel.mph"))
        );
        assert!(
            errs.iter()
                .any(|e| e.column.as_deref() == Some("caseload.band_max_per_fte"))
        );
    }

    #[test]
    fn every_unknown_key_and_wrong_type_is_named_at_its_key() {
        // Only the first was reported, without its key: "invalid type: string "1.2x",
        // expected f64" hid the unknown key and the out-of-range speed after it.
        let text = "[review]\nmax_per_dya = 4\n\n[travel]\nroad_factor = \"1.2x\"\nmph = 0\n\
                    [areas]\nfoo = { a = 1 }\n";
        let Err(Error::Input(errs)) = Config::from_toml(text, Path::new("c.toml")) else {
            panic!("expected input errors")
        };
        let got: Vec<_> = errs.iter().map(|e| (e.line, e.column.as_deref())).collect();
        assert!(
            errs[1].problem.contains("expected a number"),
            "{}",
            errs[1].problem
        );
        assert_eq!(
            got,
            [
                (Some(2), Some("review.max_per_dya")),
                (Some(5), Some("travel.road_factor")),
                (Some(8), Some("areas.foo")),
                (Some(6), Some("travel.mph")),
            ],
            "{errs:?}"
        );
    }

    #[test]
    fn range_error_names_the_line_of_its_key() {
        let text =
            "[horizon]\nmonths = 12\n\n[costs]\nhotel_per_night = 90\nmileage_per_mile = 1e308\n";
        let Err(Error::Input(errs)) = Config::from_toml(text, Path::new("c.toml")) else {
            panic!("expected input errors")
        };
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].column.as_deref(), Some("costs.mileage_per_mile"));
        assert_eq!(errs[0].line, Some(6));
        let shown = errs[0].to_string();
        assert!(
            shown.starts_with("c.toml:6: costs.mileage_per_mile:"),
            "{shown}"
        );
        assert!(
            shown.contains("HMRC"),
            "the bound says where it comes from: {shown}"
        );
    }

    #[test]
    fn a_rule_between_fields_names_the_section_when_its_key_is_default() {
        // band_min (default 50) above band_max 40: band_min is not written; its section is.
        let text = "[caseload]\nband_max_per_fte = 40\n";
        let Err(Error::Input(errs)) = Config::from_toml(text, Path::new("c.toml")) else {
            panic!("expected input errors")
        };
        assert_eq!(errs[0].column.as_deref(), Some("caseload.band_min_per_fte"));
        assert_eq!(errs[0].line, Some(1));
    }

    #[test]
    fn unbounded_numbers_are_rejected_at_the_input() {
        // Each of these broke a later stage: 1e308 £ gave an internal solver error, 2^64-1 £ a
        // mile made local search run forever, 1e308 arrivals a year panicked (capacity
        // overflow) and 1e7 exhausted memory.
        for (text, key) in [
            ("[costs]\nstaff_per_hour = 1e308\n", "costs.staff_per_hour"),
            (
                "[costs]\nmileage_per_mile = 18446744073709551615.0\n",
                "costs.mileage_per_mile",
            ),
            (
                "[projection]\nentries_per_year = 1e308\n",
                "projection.entries_per_year",
            ),
            (
                "[projection]\nentries_per_year = 1e7\n",
                "projection.entries_per_year",
            ),
            (
                "[allocation]\ncandidates = 4000000000\n",
                "allocation.candidates",
            ),
            ("[review]\nmax_per_day = 4000000000\n", "review.max_per_day"),
            (
                "[virtual_reviews]\nover_miles = 1e300\n",
                "virtual_reviews.over_miles",
            ),
        ] {
            let Err(Error::Input(errs)) = Config::from_toml(text, Path::new("c.toml")) else {
                panic!("{text}: expected input errors")
            };
            assert_eq!(errs[0].column.as_deref(), Some(key), "{text}");
            assert_eq!(errs[0].line, Some(2), "{text}");
        }
    }

    #[test]
    fn dates_near_chronos_limits_are_rejected() {
        let text = "[horizon]\nstart = \"9999-06-01\"\n";
        let Err(Error::Input(errs)) = Config::from_toml(text, Path::new("c.toml")) else {
            panic!("expected input errors")
        };
        assert_eq!(errs[0].column.as_deref(), Some("horizon.start"));
        assert!(check_date(NaiveDate::MAX).is_err());
        assert!(check_date(NaiveDate::MIN).is_err());
        assert!(check_date(Horizon::default().start).is_ok());
    }

    /// Every number of the configuration (as the defaults serialise) has a bound: a field
    /// added without one fails here.
    #[test]
    fn every_configurable_number_has_a_bound() {
        fn keys<S: Bounded>() -> Vec<String> {
            S::BOUNDS
                .iter()
                .map(|b| format!("{}.{}", S::SECTION, b.key))
                .collect()
        }
        let bounded: Vec<String> = [
            keys::<Horizon>(),
            keys::<CaseloadBand>(),
            keys::<Review>(),
            keys::<WorkingDay>(),
            keys::<Workload>(),
            keys::<Areas>(),
            keys::<Input>(),
            keys::<Crossings>(),
            keys::<AbsenceCover>(),
            keys::<Travel>(),
            keys::<Overnight>(),
            keys::<Costs>(),
            keys::<Placements>(),
            keys::<Allocation>(),
            keys::<VirtualReviews>(),
            keys::<Projection>(),
        ]
        .concat();
        let mut c = Config::default();
        // Optional numbers set, so that they serialise.
        c.allocation.max_changes = Some(1);
        c.virtual_reviews.over_miles = Some(1.0);
        let value = toml::Value::try_from(&c).expect("serialises");
        let mut missing = Vec::new();
        for (section, table) in value.as_table().expect("a table") {
            for (key, v) in table.as_table().into_iter().flatten() {
                let k = format!("{section}.{key}");
                if (v.is_integer() || v.is_float()) && !bounded.contains(&k) {
                    missing.push(k);
                }
            }
        }
        assert!(missing.is_empty(), "numbers without a bound: {missing:?}");
        for k in &bounded {
            let (section, key) = k.split_once('.').expect("dotted");
            assert!(
                value.get(section).and_then(|t| t.get(key)).is_some(),
                "a bound for a key that is not in the configuration: {k}"
            );
        }
    }

    #[test]
    fn defaults_are_within_their_bounds() {
        assert!(Config::default().validate(Path::new("c.toml")).is_empty());
    }

    #[test]
    fn unknown_key_names_its_line() {
        let text = "[travel]\nmph = 50\nspeed = 3\n";
        let Err(Error::Input(errs)) = Config::from_toml(text, Path::new("c.toml")) else {
            panic!("expected input errors")
        };
        assert_eq!(errs[0].line, Some(3));
    }
}
