//! One IRO's diary: the single owner of "is this day free" (a trip, a near day route, office
//! reviews) and of each ISO week's hours (meetings + admin + driving against the week's
//! limit from [`Policy::week_limit`]).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::domain::{Caseload, IroId};
use crate::policy::Policy;

/// What fills a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayUse {
    /// A trip (near or remote) fixed for good.
    Trip,
    /// A near day route, still open to more reviews while its block is re-solved.
    Near,
    /// Virtual reviews at the office.
    Office,
}

/// One IRO's diary.
#[derive(Debug, Clone)]
pub struct DayBook {
    iro: IroId,
    days: HashMap<NaiveDate, DayUse>,
    /// Meetings held at the office each day, `(start, end)` in seconds.
    office: BTreeMap<NaiveDate, Vec<(i64, i64)>>,
    /// Seconds of work committed per ISO week (keyed by its Monday).
    used: HashMap<NaiveDate, i64>,
    /// Each week's limit, computed on first use.
    limits: HashMap<NaiveDate, i64>,
}

impl DayBook {
    /// An empty diary for `iro`.
    pub fn new(iro: IroId) -> DayBook {
        DayBook {
            iro,
            days: HashMap::new(),
            office: BTreeMap::new(),
            used: HashMap::new(),
            limits: HashMap::new(),
        }
    }

    /// The IRO.
    pub fn iro(&self) -> IroId {
        self.iro
    }

    /// What fills `date`, if anything.
    pub fn day(&self, date: NaiveDate) -> Option<DayUse> {
        self.days.get(&date).copied()
    }

    /// A working day of the IRO with nothing in it.
    pub fn free_for_trip(&self, policy: &Policy, date: NaiveDate) -> bool {
        policy.works_on(self.iro, date) && !self.days.contains_key(&date)
    }

    /// A working day free of trips and office reviews (a near day route may be extended).
    pub fn free_for_near(&self, policy: &Policy, date: NaiveDate) -> bool {
        policy.works_on(self.iro, date) && matches!(self.day(date), None | Some(DayUse::Near))
    }

    /// Marks a day.
    pub fn mark(&mut self, date: NaiveDate, use_: DayUse) {
        self.days.insert(date, use_);
    }

    /// Frees a day marked [`DayUse::Near`] (its block is being solved again).
    pub fn unmark_near(&mut self, date: NaiveDate) {
        if self.day(date) == Some(DayUse::Near) {
            self.days.remove(&date);
        }
    }

    /// The office meetings of a day.
    pub fn office(&self, date: NaiveDate) -> &[(i64, i64)] {
        self.office.get(&date).map_or(&[], Vec::as_slice)
    }

    /// Books an office meeting (a travel day stays one: a booked virtual review may fall on
    /// it).
    pub fn book_office(&mut self, date: NaiveDate, slot: (i64, i64)) {
        self.days.entry(date).or_insert(DayUse::Office);
        self.office.entry(date).or_default().push(slot);
    }

    /// Seconds still available in the week of `date`.
    pub fn week_room(&mut self, caseload: &Caseload, policy: &Policy, date: NaiveDate) -> i64 {
        let monday = Policy::week_of(date);
        let iro = self.iro;
        let limit = *self
            .limits
            .entry(monday)
            .or_insert_with(|| policy.week_limit(caseload.iro(iro), iro, monday));
        limit - self.used.get(&monday).copied().unwrap_or(0)
    }

    /// `work` (seconds per date) laid out so that it fits: the admin of its reviews (`admin`
    /// seconds per date, already inside `work`) that its own week has no room for moves to the
    /// next weeks allowed by `workload.admin_carry_weeks` (see [`Policy::admin_carry_weeks`]),
    /// first week first. `None` if it cannot fit. The result, in seconds per week (keyed by
    /// its Monday), is what [`DayBook::add_work`] commits.
    pub fn carrying(
        &mut self,
        caseload: &Caseload,
        policy: &Policy,
        work: &[(NaiveDate, i64)],
        admin: &[(NaiveDate, i64)],
    ) -> Option<Vec<(NaiveDate, i64)>> {
        let mut need: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        for &(d, s) in work {
            *need.entry(Policy::week_of(d)).or_default() += s;
        }
        let mut movable: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        for &(d, s) in admin {
            *movable.entry(Policy::week_of(d)).or_default() += s;
        }
        let weeks: Vec<NaiveDate> = need.keys().copied().collect();
        for monday in weeks {
            let room = self.week_room(caseload, policy, monday);
            let have = need.get(&monday).copied().unwrap_or(0);
            let mut excess = have - room;
            if excess <= 0 {
                continue;
            }
            if excess > movable.get(&monday).copied().unwrap_or(0) {
                return None;
            }
            *need.entry(monday).or_default() -= excess;
            for k in 1..=i64::from(policy.admin_carry_weeks()) {
                let later = monday + chrono::Duration::weeks(k);
                let free = self.week_room(caseload, policy, later)
                    - need.get(&later).copied().unwrap_or(0);
                let take = free.clamp(0, excess);
                if take > 0 {
                    *need.entry(later).or_default() += take;
                    excess -= take;
                }
                if excess == 0 {
                    break;
                }
            }
            if excess > 0 {
                return None;
            }
        }
        Some(need.into_iter().collect())
    }

    /// Commits work (seconds per date).
    pub fn add_work(&mut self, work: &[(NaiveDate, i64)]) {
        for &(d, s) in work {
            *self.used.entry(Policy::week_of(d)).or_default() += s;
        }
    }

    /// Releases work committed earlier.
    pub fn remove_work(&mut self, work: &[(NaiveDate, i64)]) {
        for &(d, s) in work {
            *self.used.entry(Policy::week_of(d)).or_default() -= s;
        }
    }
}
