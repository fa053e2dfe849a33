//! Configuration: every number a manager might question, with its source.
//!
//! Read from `config.toml`; every field has a default (the values of DESIGN.md §3), so an empty
//! file is a valid configuration. [`Config::validate`] checks ranges and reports every problem.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, InputError, Result};

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
            length_hours: 1.5,
            extra_time_hours: 0.5,
            max_per_day: 4,
        }
    }
}

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
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            admin_hours_per_review: 2.0,
            share_of_hours: 0.85,
        }
    }
}

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
}

impl Default for Overnight {
    fn default() -> Self {
        Overnight {
            allowed: true,
            max_one_way_drive_hours: 4.0,
            remote_drive_hours: 2.0,
            max_nights: 3,
        }
    }
}

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
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            Error::Input(vec![InputError {
                file: path.to_path_buf(),
                line,
                column: None,
                problem: e.message().to_string(),
                expected: None,
            }])
        })?;
        let errors = config.validate(path);
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(Error::Input(errors))
        }
    }

    /// Checks every range; returns all problems found.
    pub fn validate(&self, path: &Path) -> Vec<InputError> {
        let mut errors = Vec::new();
        let mut check = |ok: bool, key: &str, value: String, expected: &str| {
            if !ok {
                errors.push(InputError {
                    file: path.to_path_buf(),
                    line: None,
                    column: Some(key.to_string()),
                    problem: format!("invalid value {value}"),
                    expected: Some(expected.to_string()),
                });
            }
        };
        let pos = |x: f64| x.is_finite() && x > 0.0;
        let nonneg = |x: f64| x.is_finite() && x >= 0.0;
        let h = &self.horizon;
        check(
            (1..=36).contains(&h.months),
            "horizon.months",
            h.months.to_string(),
            "1 to 36 months",
        );
        let c = &self.caseload;
        check(
            pos(c.fte_hours) && c.fte_hours <= 60.0,
            "caseload.fte_hours",
            c.fte_hours.to_string(),
            "hours between 0 and 60",
        );
        check(
            pos(c.band_max_per_fte),
            "caseload.band_max_per_fte",
            c.band_max_per_fte.to_string(),
            "a positive number",
        );
        check(
            nonneg(c.band_min_per_fte) && c.band_min_per_fte <= c.band_max_per_fte,
            "caseload.band_min_per_fte",
            c.band_min_per_fte.to_string(),
            "between 0 and band_max_per_fte",
        );
        check(
            pos(c.target_per_fte),
            "caseload.target_per_fte",
            c.target_per_fte.to_string(),
            "a positive number",
        );
        let r = &self.review;
        check(
            (1..=60).contains(&r.first_within_working_days),
            "review.first_within_working_days",
            r.first_within_working_days.to_string(),
            "1 to 60 working days",
        );
        check(
            (1..=24).contains(&r.second_within_months),
            "review.second_within_months",
            r.second_within_months.to_string(),
            "1 to 24 months",
        );
        check(
            (1..=24).contains(&r.subsequent_within_months),
            "review.subsequent_within_months",
            r.subsequent_within_months.to_string(),
            "1 to 24 months",
        );
        check(
            r.early_working_days <= 60,
            "review.early_working_days",
            r.early_working_days.to_string(),
            "0 to 60 working days",
        );
        check(
            pos(r.length_hours) && r.length_hours <= 8.0,
            "review.length_hours",
            r.length_hours.to_string(),
            "hours between 0 and 8",
        );
        check(
            nonneg(r.extra_time_hours) && r.extra_time_hours <= 4.0,
            "review.extra_time_hours",
            r.extra_time_hours.to_string(),
            "hours between 0 and 4",
        );
        check(
            r.max_per_day >= 1,
            "review.max_per_day",
            r.max_per_day.to_string(),
            "at least 1",
        );
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
            pos(d.max_hours) && d.max_hours <= 16.0,
            "day.max_hours",
            d.max_hours.to_string(),
            "hours between 0 and 16",
        );
        check(
            (d.end.minutes() - d.start.minutes()) as f64 / 60.0
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
            nonneg(r.early_cost_per_day) && r.early_cost_per_day <= 1_000.0,
            "review.early_cost_per_day",
            r.early_cost_per_day.to_string(),
            "£0 to £1,000 a day",
        );
        check(
            d.lunch_minutes <= 120,
            "day.lunch_minutes",
            d.lunch_minutes.to_string(),
            "0 to 120 minutes",
        );
        check(
            d.lunch_window.to.minutes() - d.lunch_window.from.minutes() >= d.lunch_minutes,
            "day.lunch_window",
            d.lunch_window.to_string(),
            "a window at least day.lunch_minutes long",
        );
        check(
            pos(d.max_drive_hours) && d.max_drive_hours <= 16.0,
            "day.max_drive_hours",
            d.max_drive_hours.to_string(),
            "hours between 0 and 16",
        );
        check(
            d.drive_break_after_hours.is_finite()
                && d.drive_break_after_hours >= 0.5
                && d.drive_break_after_hours <= 16.0,
            "day.drive_break_after_hours",
            d.drive_break_after_hours.to_string(),
            "hours between 0.5 and 16",
        );
        check(
            d.drive_break_minutes <= 120,
            "day.drive_break_minutes",
            d.drive_break_minutes.to_string(),
            "0 to 120 minutes",
        );
        let w = &self.workload;
        check(
            nonneg(w.admin_hours_per_review) && w.admin_hours_per_review <= 24.0,
            "workload.admin_hours_per_review",
            w.admin_hours_per_review.to_string(),
            "hours between 0 and 24",
        );
        check(
            pos(w.share_of_hours) && w.share_of_hours <= 1.0,
            "workload.share_of_hours",
            w.share_of_hours.to_string(),
            "a share above 0 and at most 1",
        );
        check(
            nonneg(self.absence.agency_cost_per_review)
                && self.absence.agency_cost_per_review <= 100_000.0,
            "absence.agency_cost_per_review",
            self.absence.agency_cost_per_review.to_string(),
            "£0 to £100,000",
        );
        let t = &self.travel;
        check(
            t.road_factor.is_finite() && t.road_factor >= 1.0 && t.road_factor <= 3.0,
            "travel.road_factor",
            t.road_factor.to_string(),
            "a factor between 1 and 3",
        );
        check(
            nonneg(t.fixed_hours) && t.fixed_hours <= 2.0,
            "travel.fixed_hours",
            t.fixed_hours.to_string(),
            "hours between 0 and 2",
        );
        check(
            pos(t.mph) && t.mph <= 90.0,
            "travel.mph",
            t.mph.to_string(),
            "a speed between 0 and 90 mph",
        );
        let [lo, hi] = t.road_factor_range;
        check(
            lo.is_finite() && hi.is_finite() && 1.0 <= lo && lo <= hi && hi <= 3.0,
            "travel.road_factor_range",
            format!("[{lo}, {hi}]"),
            "[low, high] with 1 ≤ low ≤ high ≤ 3",
        );
        check(
            nonneg(t.mph_spread) && t.mph_spread < 1.0,
            "travel.mph_spread",
            t.mph_spread.to_string(),
            "a share from 0 to below 1 (0.15 = ±15 %)",
        );
        let [lo, hi] = self.review.early_working_days_range;
        check(
            lo <= hi && hi <= 60,
            "review.early_working_days_range",
            format!("[{lo}, {hi}]"),
            "[narrow, wide] working days with narrow ≤ wide ≤ 60",
        );
        let o = &self.overnight;
        check(
            pos(o.max_one_way_drive_hours),
            "overnight.max_one_way_drive_hours",
            o.max_one_way_drive_hours.to_string(),
            "a positive number of hours",
        );
        check(
            nonneg(o.remote_drive_hours),
            "overnight.remote_drive_hours",
            o.remote_drive_hours.to_string(),
            "a non-negative number of hours",
        );
        check(
            o.max_nights <= 10,
            "overnight.max_nights",
            o.max_nights.to_string(),
            "0 to 10 nights",
        );
        let k = &self.costs;
        for (key, v) in [
            ("costs.mileage_per_mile", k.mileage_per_mile),
            ("costs.staff_per_hour", k.staff_per_hour),
            ("costs.hotel_per_night", k.hotel_per_night),
            ("costs.co2_kg_per_mile", k.co2_kg_per_mile),
            ("costs.co2_kg_per_hotel_night", k.co2_kg_per_hotel_night),
            ("costs.iro_salary_with_oncosts", k.iro_salary_with_oncosts),
            (
                "placements.internal_weekly",
                self.placements.internal_weekly,
            ),
            (
                "placements.external_weekly",
                self.placements.external_weekly,
            ),
            (
                "allocation.continuity_cost",
                self.allocation.continuity_cost,
            ),
            (
                "allocation.under_band_penalty",
                self.allocation.under_band_penalty,
            ),
            (
                "projection.entries_per_year",
                self.projection.entries_per_year,
            ),
            ("projection.exits_per_year", self.projection.exits_per_year),
        ] {
            check(nonneg(v), key, v.to_string(), "a non-negative number");
        }
        for (key, [lo, hi]) in [
            ("costs.mileage_per_mile_range", k.mileage_per_mile_range),
            ("costs.staff_per_hour_range", k.staff_per_hour_range),
            ("costs.hotel_per_night_range", k.hotel_per_night_range),
        ] {
            check(
                nonneg(lo) && nonneg(hi) && lo <= hi,
                key,
                format!("[{lo}, {hi}]"),
                "[low, high] with 0 ≤ low ≤ high",
            );
        }
        check(
            self.allocation.candidates >= 1,
            "allocation.candidates",
            self.allocation.candidates.to_string(),
            "at least 1",
        );
        if let Some(m) = self.virtual_reviews.over_miles {
            check(
                nonneg(m),
                "virtual_reviews.over_miles",
                m.to_string(),
                "a non-negative number of miles",
            );
        }
        errors
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
    fn unknown_key_names_its_line() {
        let text = "[travel]\nmph = 50\nspeed = 3\n";
        let Err(Error::Input(errs)) = Config::from_toml(text, Path::new("c.toml")) else {
            panic!("expected input errors")
        };
        assert_eq!(errs[0].line, Some(3));
    }
}
