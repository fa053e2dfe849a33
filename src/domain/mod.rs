//! Plain data of a council's IRO service, with invariants enforced by constructors.
//!
//! Children and IROs live in a [`Caseload`], which hands out small `Copy` ids
//! ([`ChildId`], [`IroId`]) that index its vectors. External ids (the strings in the CSV files)
//! stay on the records for output only.

mod latlon;
mod weekdays;

pub use latlon::LatLon;
pub use weekdays::WeekdaySet;

use chrono::NaiveDate;

use crate::config::{ClockSpan, Config, TimeOfDay};

/// Index of a child in [`Caseload::children`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChildId(pub u32);

/// Index of an IRO (post) in [`Caseload::iros`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IroId(pub u32);

impl ChildId {
    /// The index as `usize`.
    pub fn idx(self) -> usize {
        self.0 as usize
    }
}

impl IroId {
    /// The index as `usize`.
    pub fn idx(self) -> usize {
        self.0 as usize
    }
}

/// Whether a child's reviews may be held virtually.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewMode {
    /// Every review is held where the child lives (the default).
    #[default]
    InPerson,
    /// Reviews may be held virtually where the review-mode policy allows.
    VirtualAllowed,
}

/// Who provides a placement: drives the weekly placement cost used by placement levers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacementType {
    /// The council's own foster carers or homes.
    Internal,
    /// Independent fostering agencies or private residential homes.
    External,
    /// Placed with parents or others with parental responsibility (SSDA903 `PR0`): no
    /// placement fee.
    WithParents,
}

impl PlacementType {
    /// As written in `children.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlacementType::Internal => "internal",
            PlacementType::External => "external",
            PlacementType::WithParents => "with_parents",
        }
    }
}

/// A looked-after child (pseudonymous: an id, never a name).
#[derive(Debug, Clone, PartialEq)]
pub struct Child {
    /// The id from `children.csv`.
    pub external_id: String,
    /// Where the child lives.
    pub location: LatLon,
    /// The placement as written in the input (postcode, district, place, or `lat,lon`).
    pub placement_label: String,
    /// Date the child became looked after.
    pub looked_after_since: NaiveDate,
    /// Date of the last review held, if any.
    pub last_review: Option<NaiveDate>,
    /// Statutory reviews held so far.
    pub reviews_held: u32,
    /// IRO holding the case today.
    pub current_iro: Option<IroId>,
    /// In a re-plan (`plan --previous`), the IRO the previous plan gave the child, where that
    /// is not its current IRO: for a child whose input names no current IRO the allocation
    /// keeps it as it keeps `current_iro` (see [`Child::continuity_iro`]); for one the previous
    /// plan moved, any other IRO is a second change ([`Child::leaves_planned`]). The output's
    /// `previous_iro_id` and `changed` stay with the input.
    pub planned_iro: Option<IroId>,
    /// Children sharing a group are reviewed by the same IRO.
    pub sibling_group: Option<String>,
    /// Needs a longer review (e.g. disability).
    pub extra_time: bool,
    /// Internal or external placement, where known.
    pub placement_type: Option<PlacementType>,
    /// Whether the review may be virtual.
    pub review_mode: ReviewMode,
    /// Allocation must keep `current_iro`.
    pub locked: bool,
    /// IROs who must not hold this case (e.g. conflict of interest).
    pub exclude_iros: Vec<IroId>,
    /// Council the child belongs to (pooled or multi-council data sets); `None` for one council.
    pub council: Option<String>,
    /// True for a child added by the annual projection (an expected arrival), not known today.
    pub projected: bool,
    /// For a projected child, the date it leaves care; for a known child, its projected exit date.
    pub leaves_care: Option<NaiveDate>,
    /// The input row the child was read from (`None` for a projected arrival).
    pub origin: Option<Origin>,
    /// When in the day the child can be seen (`review_times`, e.g. 15:30–18:00 after school);
    /// `None`: the day's review hours (`[day] start`–`end`).
    pub review_times: Option<ClockSpan>,
    /// Days the child cannot be seen (`unavailable.csv`), inclusive ranges.
    pub unavailable: Vec<(NaiveDate, NaiveDate)>,
    /// Reviews booked on agreed dates (`bookings.csv`, status `booked`), in date order: the
    /// first is the child's next review, the second the one after, and so on.
    pub booked: Vec<Booking>,
}

impl Child {
    /// The IRO continuity keeps the child with: its current IRO, else the one the previous
    /// plan gave it (a re-plan of a council whose input names no current IRO).
    pub fn continuity_iro(&self) -> Option<IroId> {
        self.current_iro.or(self.planned_iro)
    }

    /// Whether giving the child `iro` undoes or re-chooses a move the previous plan made (its
    /// current IRO is set and the previous plan gave it another): in a re-plan that is a second
    /// change for the child, priced as one (`allocation.continuity_cost`), so the moves a band
    /// requires stay with the children and IROs the previous plan chose.
    pub fn leaves_planned(&self, iro: IroId) -> bool {
        self.current_iro.is_some() && self.planned_iro.is_some_and(|p| p != iro)
    }

    /// Whether the child can be seen on `date` (not inside an `unavailable.csv` range).
    pub fn free_on(&self, date: NaiveDate) -> bool {
        !self
            .unavailable
            .iter()
            .any(|&(from, to)| from <= date && date <= to)
    }
}

/// A review booked on a date agreed with the child, carers and social worker: kept exactly,
/// never moved by the planner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booking {
    /// The agreed day.
    pub date: NaiveDate,
    /// The agreed start, if one was agreed.
    pub start: Option<TimeOfDay>,
}

/// Where a record was read from, so that an error found after loading (e.g. by the allocation)
/// names the real file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The input file, as given on the command line.
    pub file: std::sync::Arc<std::path::Path>,
    /// 1-based line of the record.
    pub line: usize,
}

/// An IRO post (filled or vacant).
#[derive(Debug, Clone, PartialEq)]
pub struct Iro {
    /// The id from `iros.csv`.
    pub external_id: String,
    /// Home base or office.
    pub base: LatLon,
    /// The base as written in the input.
    pub base_label: String,
    /// Contracted hours a week.
    pub hours_per_week: f64,
    /// Days of the week this IRO works.
    pub working_days: WeekdaySet,
    /// Overrides the pro-rata caseload maximum.
    pub max_caseload: Option<u32>,
    /// False if this IRO cannot stay away overnight.
    pub overnight: bool,
    /// A vacant post takes no children until a scenario fills it.
    pub vacant: bool,
    /// Council the post belongs to, for multi-council data.
    pub council: Option<String>,
}

/// Upper bound on contracted hours a week: the Working Time Regulations' 48 h average plus
/// overtime.
pub const MAX_HOURS_PER_WEEK: f64 = 60.0;

/// Contracted hours a week of a post: above 0 and at most [`MAX_HOURS_PER_WEEK`].
///
/// # Units: hours a week
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Hours(f64);

/// What is wrong with a value given as contracted hours.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0} hours")]
pub struct HoursError(pub f64);

impl HoursError {
    /// What was expected instead.
    pub const EXPECTED: &'static str = "hours a week above 0 and at most 60";
}

impl Hours {
    /// Contracted hours a week.
    ///
    /// # Errors
    /// [`HoursError`] unless `0 < hours ≤ 60`.
    pub fn new(hours: f64) -> Result<Hours, HoursError> {
        if hours.is_finite() && hours > 0.0 && hours <= MAX_HOURS_PER_WEEK {
            Ok(Hours(hours))
        } else {
            Err(HoursError(hours))
        }
    }

    /// The hours a week.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// What is wrong with an IRO post given to [`Iro::new`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IroError {
    /// The id is empty (or only spaces).
    #[error("empty IRO id")]
    EmptyId,
}

impl Iro {
    /// A post in post (not vacant), with no caseload override and no council: the one
    /// constructor of an IRO from its validated parts, used by the input reader and by the
    /// `add_iro` lever.
    ///
    /// # Errors
    /// [`IroError::EmptyId`] for an empty id.
    pub fn new(
        external_id: &str,
        base: LatLon,
        base_label: String,
        hours: Hours,
        working_days: WeekdaySet,
        overnight: bool,
    ) -> Result<Iro, IroError> {
        let id = external_id.trim();
        if id.is_empty() {
            return Err(IroError::EmptyId);
        }
        Ok(Iro {
            external_id: id.to_string(),
            base,
            base_label,
            hours_per_week: hours.get(),
            working_days,
            max_caseload: None,
            overnight,
            vacant: false,
            council: None,
        })
    }

    /// Full-time equivalent, given the hours of one FTE.
    pub fn fte(&self, fte_hours: f64) -> f64 {
        if self.vacant {
            0.0
        } else {
            self.hours_per_week / fte_hours
        }
    }
}

/// A period of leave or absence, inclusive of both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Absence {
    /// The IRO who is away.
    pub iro: IroId,
    /// First day away.
    pub from: NaiveDate,
    /// Last day away.
    pub to: NaiveDate,
}

/// A council's whole input: children, IROs, absences and configuration.
#[derive(Debug, Clone)]
pub struct Caseload {
    /// Every looked-after child, indexed by [`ChildId`].
    pub children: Vec<Child>,
    /// Every IRO post, indexed by [`IroId`].
    pub iros: Vec<Iro>,
    /// Leave and absences.
    pub absences: Vec<Absence>,
    /// Every number a manager might question.
    pub config: Config,
    /// An optional user travel matrix overriding the distance model.
    pub matrix: Option<crate::geo::TravelMatrix>,
}

impl Caseload {
    /// Ids of every child.
    pub fn child_ids(&self) -> impl Iterator<Item = ChildId> + '_ {
        (0..self.children.len() as u32).map(ChildId)
    }

    /// Ids of every IRO post.
    pub fn iro_ids(&self) -> impl Iterator<Item = IroId> + '_ {
        (0..self.iros.len() as u32).map(IroId)
    }

    /// The child with this id.
    pub fn child(&self, id: ChildId) -> &Child {
        &self.children[id.idx()]
    }

    /// The IRO with this id.
    pub fn iro(&self, id: IroId) -> &Iro {
        &self.iros[id.idx()]
    }

    /// Finds an IRO by its external id.
    pub fn iro_by_external(&self, external: &str) -> Option<IroId> {
        self.iros
            .iter()
            .position(|i| i.external_id == external)
            .map(|p| IroId(p as u32))
    }

    /// Sibling groups: each group's members (children without a group are their own item).
    pub fn sibling_items(&self) -> Vec<Vec<ChildId>> {
        let mut by_group: std::collections::BTreeMap<&str, Vec<ChildId>> = Default::default();
        let mut items = Vec::new();
        for id in self.child_ids() {
            match &self.child(id).sibling_group {
                Some(g) => by_group.entry(g.as_str()).or_default().push(id),
                None => items.push(vec![id]),
            }
        }
        items.extend(by_group.into_values());
        items.sort_by_key(|v| v[0]);
        items
    }

    /// FTE of an IRO under this caseload's configuration.
    pub fn fte(&self, id: IroId) -> f64 {
        self.iro(id).fte(self.config.caseload.fte_hours)
    }

    /// The caseload band (min, max) of an IRO: pro-rata band, or its `max_caseload` override,
    /// scaled by [`Caseload::turnover_factor`] (1 for today's children).
    ///
    /// Linear in the children (the factor); for every IRO at once use [`Caseload::bands`].
    pub fn band(&self, id: IroId) -> (u32, u32) {
        self.band_scaled(id, self.turnover_factor())
    }

    /// The band of every IRO, indexed by [`IroId`] (the turnover factor computed once).
    pub fn bands(&self) -> Vec<(u32, u32)> {
        let f = self.turnover_factor();
        self.iro_ids().map(|i| self.band_scaled(i, f)).collect()
    }

    fn band_scaled(&self, id: IroId, f: f64) -> (u32, u32) {
        let fte = self.fte(id);
        let iro = self.iro(id);
        if iro.vacant {
            return (0, 0);
        }
        let c = &self.config.caseload;
        let min = (c.band_min_per_fte * fte * f).floor() as u32;
        let max = iro.max_caseload.map_or_else(
            || (c.band_max_per_fte * fte * f).floor() as u32,
            |m| (m as f64 * f).floor() as u32,
        );
        (min.min(max), max)
    }

    /// Distinct children over the horizon per child in care at any one time.
    ///
    /// The 50–70 band applies to children held at the same time. In a projected year, arrivals
    /// and leavers mean an IRO holds more distinct children than that over the year, so the band
    /// on distinct children is scaled by this factor (total children / mean children in care).
    /// Exactly 1 when no child arrives or leaves within the horizon.
    pub fn turnover_factor(&self) -> f64 {
        let start = self.config.horizon.start;
        let Some(end) = start.checked_add_months(chrono::Months::new(self.config.horizon.months))
        else {
            return 1.0;
        };
        let days = (end - start).num_days().max(1) as f64;
        let mut in_care_days = 0.0;
        let mut moving = false;
        for c in &self.children {
            let from = c.looked_after_since.max(start);
            let to = c.leaves_care.map_or(end, |l| l.min(end));
            if c.looked_after_since > start || c.leaves_care.is_some_and(|l| l < end) {
                moving = true;
            }
            in_care_days += (to - from).num_days().clamp(0, days as i64) as f64;
        }
        if !moving || in_care_days <= 0.0 {
            return 1.0;
        }
        let mean = in_care_days / days;
        (self.children.len() as f64 / mean).max(1.0)
    }
}
