//! Re-planning with minimal change (`plan --previous OUTDIR`): after new facts (a new child, a
//! placement move, an absence, reviews held or booked) the plan keeps every review of the
//! previous plan on its date unless a rule moves it, and says what changed and why.
//!
//! The previous plan is read back from its files (the output contract, with the checker's
//! reader [`crate::check::read`]); its dates become the scheduler's preferred days
//! ([`crate::schedule::Previous`]: moving a review off its date is priced far above what a move
//! could save in travel). [`changes`] then compares the two plans review by review — date,
//! chairing IRO and trip (a trip is the same when it runs on the same days for the same IRO
//! with the same children) — and gives each change a reason.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::check::Findings;
use crate::check::read::{PlanFiles, ReviewRow, read_plan};
use crate::domain::{Caseload, ChildId};
use crate::error::{Error, InputError, Result};
use crate::io::outputs::trip_id;
use crate::policy::Policy;
use crate::schedule::{Plan, PlannedReview};

/// A plan written earlier, read back.
#[derive(Debug, Clone)]
pub struct PreviousPlan {
    /// Its folder.
    pub dir: PathBuf,
    files: PlanFiles,
}

impl PreviousPlan {
    /// Reads the plan written in `dir`.
    ///
    /// # Errors
    /// [`Error::Usage`] if the folder holds no plan; [`Error::Input`] if its files do not keep
    /// the output contract.
    pub fn read(dir: &Path) -> Result<PreviousPlan> {
        if !dir.join("reviews.csv").exists() {
            return Err(Error::Usage(format!(
                "--previous {}: no plan there (expected a folder written by `plan`)",
                dir.display()
            )));
        }
        let mut findings = Findings::default();
        let files = read_plan(dir, &mut findings)?;
        if !findings.violations.is_empty() {
            return Err(Error::Input(
                findings
                    .violations
                    .into_iter()
                    .map(|v| InputError::file(dir, v))
                    .collect(),
            ));
        }
        Ok(PreviousPlan {
            dir: dir.to_path_buf(),
            files,
        })
    }

    /// Gives each child of `caseload` the IRO the previous plan allocated it to, where that is
    /// not its current IRO, as its `planned_iro`, so a re-plan keeps the children with their
    /// IROs as it keeps the reviews on their dates. For a child whose input names no current
    /// IRO the allocation prices a move away from it as a change of IRO; for a child the
    /// previous plan moved, any IRO but that one is a second change
    /// ([`crate::domain::Child::leaves_planned`]), so a band's required moves stay with the
    /// same children and IROs. As with a current IRO, one whose post has since fallen vacant (or
    /// who is now excluded from the case) is kept here, so the move away is made and
    /// explained (`vacancy`, `reach`) as it would be for a current IRO. The input's
    /// `current_iro` is left alone, so `allocation.csv`'s `previous_iro_id` and `changed`
    /// still describe the input. Projected arrivals are left as they are, and so is a child
    /// whose previous IRO is of another council when councils are planned apart (the
    /// previous plan was `--pooled`, this one is not), as for a current IRO.
    ///
    /// Returns a warning for each IRO of the previous plan no longer in `iros.csv`: its
    /// children are allocated afresh, with no move listed.
    pub fn keep_allocation(&self, caseload: &mut Caseload) -> Vec<String> {
        let previous = iro_of_child(&self.files);
        let pooled = caseload.config.allocation.pooled;
        let mut gone: BTreeMap<&str, usize> = BTreeMap::new();
        let iros: Vec<_> = caseload
            .children
            .iter()
            .map(|c| {
                if c.projected {
                    return None;
                }
                let ext = *previous.get(c.external_id.as_str())?;
                let Some(iro) = caseload.iro_by_external(ext) else {
                    if c.current_iro.is_none() {
                        *gone.entry(ext).or_default() += 1;
                    }
                    return None;
                };
                if c.current_iro == Some(iro) {
                    return None;
                }
                let apart =
                    !pooled && c.council.is_some() && caseload.iro(iro).council != c.council;
                (!apart).then_some(iro)
            })
            .collect();
        for (c, iro) in caseload.children.iter_mut().zip(iros) {
            c.planned_iro = iro;
        }
        gone.into_iter()
            .map(|(iro, n)| {
                format!(
                    "--previous {}: IRO {iro} of the previous plan is not in iros.csv; its {n} \
                     child(ren) are allocated afresh",
                    self.dir.display()
                )
            })
            .collect()
    }

    /// The previous dates of the children still in `caseload`, for the scheduler.
    pub fn dates(&self, caseload: &Caseload) -> crate::schedule::Previous {
        let ids = child_ids(caseload);
        let previous = crate::schedule::Previous::new(self.files.reviews.iter().filter_map(|r| {
            ids.get(r.child_id.as_str())
                .map(|&c| (c, r.review_number, r.date))
        }));
        match self.files.summary.horizon_start {
            Some(start) => previous.starting(start),
            None => previous,
        }
    }
}

/// The IRO a plan gave each child (`allocation.csv`), by child id.
fn iro_of_child(files: &PlanFiles) -> HashMap<&str, &str> {
    files
        .allocation
        .iter()
        .map(|a| (a.child_id.as_str(), a.iro_id.as_str()))
        .collect()
}

fn child_ids(caseload: &Caseload) -> HashMap<&str, ChildId> {
    caseload
        .child_ids()
        .map(|c| (caseload.child(c).external_id.as_str(), c))
        .collect()
}

/// Why a review changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeReason {
    /// A booking fixed its new date.
    Booking,
    /// Its previous date has passed and it is not recorded as held.
    Passed,
    /// Its due date moved (the review before it was held on another day).
    DueDate,
    /// Its IRO cannot work on the previous date (leave or absence).
    Absence,
    /// The child cannot be seen on the previous date.
    Availability,
    /// Its chair has fewer hours that week than the previous plan gave it (a week the plan
    /// now starts in, or one with less leave-free time): the weekly-hours rule moves it.
    Capacity,
    /// The child's placement moved.
    Placement,
    /// The child has another IRO.
    Allocation,
    /// A colleague or an agency chairs it (or no longer does).
    Cover,
    /// Held in person instead of virtually, or the other way round.
    Mode,
    /// Other reviews joined or left its trip.
    Trip,
    /// A child new to the plan.
    NewChild,
    /// It falls due in the part of the horizon the previous plan did not cover.
    Horizon,
    /// The child is no longer in the inputs.
    Left,
    /// It could not be held inside the horizon (see its reason in reviews.csv).
    Unscheduled,
    /// Moved by the planner with no rule forcing it (the week's hours went to other changes).
    Replanned,
}

impl ChangeReason {
    /// The code as written.
    pub fn code(self) -> &'static str {
        match self {
            ChangeReason::Booking => "booking",
            ChangeReason::Passed => "passed",
            ChangeReason::DueDate => "due_date",
            ChangeReason::Absence => "absence",
            ChangeReason::Availability => "availability",
            ChangeReason::Capacity => "capacity",
            ChangeReason::Placement => "placement",
            ChangeReason::Allocation => "allocation",
            ChangeReason::Cover => "cover",
            ChangeReason::Mode => "mode",
            ChangeReason::Trip => "trip",
            ChangeReason::NewChild => "new_child",
            ChangeReason::Horizon => "horizon",
            ChangeReason::Left => "left",
            ChangeReason::Unscheduled => "unscheduled",
            ChangeReason::Replanned => "replanned",
        }
    }
}

/// One review that changed between the previous plan and this one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Child id.
    pub child_id: String,
    /// Statutory review number.
    pub review_number: u32,
    /// What changed: `date`, `iro`, `trip` (joined by `;`), `added` or `removed`.
    pub change: String,
    /// Date in the previous plan.
    pub previous_date: Option<NaiveDate>,
    /// Date now.
    pub date: Option<NaiveDate>,
    /// Chair in the previous plan (empty: an agency).
    pub previous_iro_id: String,
    /// Chair now.
    pub iro_id: String,
    /// Trip in the previous plan.
    pub previous_trip_id: String,
    /// Trip now.
    pub trip_id: String,
    /// Why.
    pub reason: ChangeReason,
    /// More on why (ids only).
    pub detail: String,
}

/// A trip as compared between plans: its IRO, days and children.
type TripKey = (String, NaiveDate, NaiveDate, BTreeSet<String>);

/// Why a review's trip changed, when that is all that changed — or when its date moved too
/// because others joined its trip and none left (a round that grows is timed afresh, and its
/// reviews' days may shift): "joined: C1 C2; left: C3", each part only where someone joined
/// or left; for a trip with the same children on other days, its days then and now.
fn trip_change(what: &[&str], before: Option<&TripKey>, now: Option<&TripKey>) -> Option<String> {
    let none = BTreeSet::new();
    let (was, is) = (before.map_or(&none, |t| &t.3), now.map_or(&none, |t| &t.3));
    let joined: Vec<&str> = is.difference(was).map(String::as_str).collect();
    let left: Vec<&str> = was.difference(is).map(String::as_str).collect();
    let grew = !joined.is_empty() && left.is_empty();
    if !(what == ["trip"] || (what == ["date", "trip"] && grew)) {
        return None;
    }
    let mut parts = Vec::new();
    if !joined.is_empty() {
        parts.push(format!("joined: {}", joined.join(" ")));
    }
    if !left.is_empty() {
        parts.push(format!("left: {}", left.join(" ")));
    }
    if let (true, Some(b), Some(n)) = (parts.is_empty(), before, now) {
        parts.push(format!(
            "the same children, the trip {} to {} now, {} to {} before",
            n.1, n.2, b.1, b.2
        ));
    }
    Some(parts.join("; "))
}

/// Every review whose date, chair or trip changed between `previous` and `plan`, with why.
pub fn changes(caseload: &Caseload, previous: &PreviousPlan, plan: &Plan) -> Vec<Change> {
    let prev = &previous.files;
    let policy = Policy::new(caseload);
    let ids = child_ids(caseload);
    let ext = |c: ChildId| caseload.child(c).external_id.as_str();
    let iro_ext = |r: &PlannedReview| {
        r.chair_iro()
            .map_or_else(String::new, |i| caseload.iro(i).external_id.clone())
    };
    // Trips of the previous plan and of this one, by id. The stops are grouped by trip in one
    // pass: a scan of every stop for each trip is quadratic (110 s of a national re-plan).
    let mut children_of: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for s in &prev.stops {
        if let Some(c) = &s.child_id {
            children_of
                .entry(s.trip_id.as_str())
                .or_default()
                .insert(c.clone());
        }
    }
    let mut prev_trips: HashMap<&str, TripKey> = HashMap::new();
    for t in &prev.trips {
        let children = children_of.remove(t.trip_id.as_str()).unwrap_or_default();
        prev_trips.insert(
            t.trip_id.as_str(),
            (t.iro_id.clone(), t.start_date, t.end_date, children),
        );
    }
    let new_trip = |i: usize| -> TripKey {
        let t = &plan.trips[i];
        let children = t
            .stops
            .iter()
            .filter_map(|s| s.child.map(|c| ext(c).to_string()))
            .collect();
        (
            caseload.iro(t.iro).external_id.clone(),
            t.start_date(),
            t.end_date(),
            children,
        )
    };
    let prev_point: HashMap<(&str, NaiveDate), crate::domain::LatLon> = prev
        .stops
        .iter()
        .filter_map(|s| Some(((s.child_id.as_deref()?, s.date), s.point)))
        .collect();
    let prev_alloc = iro_of_child(prev);
    let prev_end = prev.summary.horizon_end;
    // Each IRO-week's hours in the previous plan (`weeks.csv`), to tell a week that shrank.
    let prev_limit: HashMap<(&str, NaiveDate), f64> = (prev.weeks.iter().flatten())
        .map(|w| ((w.iro_id.as_str(), w.week_start), w.limit_hours))
        .collect();
    let shrank = |chair: &str, date: NaiveDate| -> Option<(f64, f64)> {
        let i = caseload.iro_by_external(chair)?;
        let monday = Policy::week_of(date);
        let before = *prev_limit.get(&(chair, monday))?;
        let now = policy.week_limit(caseload.iro(i), i, monday) as f64 / 3600.0;
        (now < before - 0.005).then_some((now, before))
    };
    let mut by_review: HashMap<(&str, u32), &ReviewRow> = prev
        .reviews
        .iter()
        .map(|r| ((r.child_id.as_str(), r.review_number), r))
        .collect();
    let mut out = Vec::new();
    for r in &plan.reviews {
        let child = caseload.child(r.child);
        let id = child.external_id.as_str();
        let trip_now = r.trip.map(|t| new_trip(t.idx()));
        let trip_text = r.trip.map_or_else(String::new, |t| trip_id(t.idx()));
        let Some(p) = by_review.remove(&(id, r.number)) else {
            let reason = if !prev_alloc.contains_key(id) {
                ChangeReason::NewChild
            } else if prev_end.is_some_and(|e| r.due > e) {
                ChangeReason::Horizon
            } else if child.booked.iter().any(|b| b.date == r.date) {
                ChangeReason::Booking
            } else {
                ChangeReason::DueDate
            };
            out.push(Change {
                child_id: id.to_string(),
                review_number: r.number,
                change: "added".into(),
                previous_date: None,
                date: Some(r.date),
                previous_iro_id: String::new(),
                iro_id: iro_ext(r),
                previous_trip_id: String::new(),
                trip_id: trip_text,
                reason,
                detail: String::new(),
            });
            continue;
        };
        let prev_chair = p.chair.clone().unwrap_or_default();
        let trip_before = p.trip_id.as_deref().and_then(|t| prev_trips.get(t));
        let mut what = Vec::new();
        if p.date != r.date {
            what.push("date");
        }
        if prev_chair != iro_ext(r) {
            what.push("iro");
        }
        if trip_before != trip_now.as_ref() {
            what.push("trip");
        }
        if what.is_empty() {
            continue;
        }
        let moved_placement = prev_point
            .get(&(id, p.date))
            .is_some_and(|&pt| crate::geo::haversine_miles(pt, child.location) > 0.5);
        let (reason, detail) = if child.booked.iter().any(|b| b.date == r.date) && p.date != r.date
        {
            (ChangeReason::Booking, String::new())
        } else if p.date < plan.horizon_start {
            (
                ChangeReason::Passed,
                format!("planned {} and not recorded held", p.date),
            )
        } else if p.due_date != r.due {
            (
                ChangeReason::DueDate,
                format!("due {} now, {} before", r.due, p.due_date),
            )
        } else if moved_placement {
            (ChangeReason::Placement, String::new())
        } else if prev_alloc
            .get(id)
            .is_some_and(|&a| a != caseload.iro(r.iro).external_id)
        {
            (ChangeReason::Allocation, String::new())
        } else if caseload
            .iro_by_external(&prev_chair)
            .is_some_and(|i| !policy.works_on(i, p.date))
        {
            (
                ChangeReason::Absence,
                format!("IRO {prev_chair} does not work on {}", p.date),
            )
        } else if !child.free_on(p.date) {
            (
                ChangeReason::Availability,
                format!("the child cannot be seen on {}", p.date),
            )
        } else if let Some((now, before)) = (p.date != r.date)
            .then(|| shrank(&prev_chair, p.date))
            .flatten()
        {
            (
                ChangeReason::Capacity,
                format!(
                    "IRO {prev_chair} has {now:.2} h in the week of {} now, {before:.2} h before",
                    p.date
                ),
            )
        } else if what.contains(&"iro") {
            (ChangeReason::Cover, String::new())
        } else if (p.trip_id.is_none()) != (r.trip.is_none()) {
            (ChangeReason::Mode, String::new())
        } else if let Some(detail) = trip_change(&what, trip_before, trip_now.as_ref()) {
            (ChangeReason::Trip, detail)
        } else {
            (ChangeReason::Replanned, String::new())
        };
        out.push(Change {
            child_id: id.to_string(),
            review_number: r.number,
            change: what.join(";"),
            previous_date: Some(p.date),
            date: Some(r.date),
            previous_iro_id: prev_chair,
            iro_id: iro_ext(r),
            previous_trip_id: p.trip_id.clone().unwrap_or_default(),
            trip_id: trip_text,
            reason,
            detail,
        });
    }
    // Reviews of the previous plan not held in this one.
    let unscheduled: HashMap<(&str, u32), ()> = plan
        .unscheduled
        .iter()
        .map(|u| ((ext(u.child), u.number), ()))
        .collect();
    let mut rest: Vec<&ReviewRow> = by_review.into_values().collect();
    rest.sort_by_key(|r| (r.child_id.clone(), r.review_number));
    for p in rest {
        let reason = match ids.get(p.child_id.as_str()) {
            None => ChangeReason::Left,
            Some(&c) => {
                let child = caseload.child(c);
                if p.review_number <= child.reviews_held {
                    // Held: a change only if held on another day than planned.
                    if child.last_review == Some(p.date) || p.review_number < child.reviews_held {
                        continue;
                    }
                    out.push(Change {
                        child_id: p.child_id.clone(),
                        review_number: p.review_number,
                        change: "date".into(),
                        previous_date: Some(p.date),
                        date: child.last_review,
                        previous_iro_id: p.chair.clone().unwrap_or_default(),
                        iro_id: String::new(),
                        previous_trip_id: p.trip_id.clone().unwrap_or_default(),
                        trip_id: String::new(),
                        reason: ChangeReason::Passed,
                        detail: "held on another day than planned".into(),
                    });
                    continue;
                }
                if unscheduled.contains_key(&(p.child_id.as_str(), p.review_number)) {
                    ChangeReason::Unscheduled
                } else {
                    ChangeReason::DueDate
                }
            }
        };
        out.push(Change {
            child_id: p.child_id.clone(),
            review_number: p.review_number,
            change: "removed".into(),
            previous_date: Some(p.date),
            date: None,
            previous_iro_id: p.chair.clone().unwrap_or_default(),
            iro_id: String::new(),
            previous_trip_id: p.trip_id.clone().unwrap_or_default(),
            trip_id: String::new(),
            reason,
            detail: String::new(),
        });
    }
    out.sort_by(|a, b| {
        (a.previous_date.or(a.date), &a.child_id, a.review_number).cmp(&(
            b.previous_date.or(b.date),
            &b.child_id,
            b.review_number,
        ))
    });
    out
}

/// The changes on the terminal: counts by reason, then each change (up to `max` rows; every
/// change is in `changes.csv`).
pub fn changes_text(changes: &[Change], max: usize) -> String {
    if changes.is_empty() {
        return "Re-plan: no review changed date, IRO or trip\n".into();
    }
    let mut by: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in changes {
        *by.entry(c.reason.code()).or_default() += 1;
    }
    let counts: Vec<String> = by.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let mut o = format!(
        "Re-plan: {} review(s) changed (by reason: {}); listed in changes.csv\n",
        changes.len(),
        counts.join(", ")
    );
    // An empty chair of a review that is held is an agency's.
    let chair = |id: &str| {
        if id.is_empty() {
            "agency".to_string()
        } else {
            format!("IRO {id}")
        }
    };
    for c in changes.iter().take(max) {
        // An added review has no previous date or chair, a removed one none now: only the side
        // that has a review is shown. A chair is shown where it changed (held on another day
        // than planned, who chaired is not recorded).
        let when = match (c.previous_date, c.date) {
            (None, Some(d)) => format!("{d} ({})", chair(&c.iro_id)),
            (Some(p), None) => format!("was {p} ({})", chair(&c.previous_iro_id)),
            (Some(p), Some(d)) => {
                let days = if p == d {
                    p.to_string()
                } else {
                    format!("{p} → {d}")
                };
                if c.change.split(';').any(|w| w == "iro") {
                    let (was, is) = (chair(&c.previous_iro_id), chair(&c.iro_id));
                    format!("{days} ({was} → {is})")
                } else {
                    days
                }
            }
            (None, None) => "no date".to_string(),
        };
        o += &format!(
            "  {} review {} {}: {when}; {}{}\n",
            c.child_id,
            c.review_number,
            c.change,
            c.reason.code(),
            if c.detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.detail)
            }
        );
    }
    if changes.len() > max {
        o += &format!("  … {} more in changes.csv\n", changes.len() - max);
    }
    o
}

#[cfg(test)]
mod tests {
    use super::{Change, ChangeReason, TripKey, changes_text, trip_change};
    use chrono::NaiveDate;

    fn trip(members: &[&str]) -> TripKey {
        let d = NaiveDate::from_ymd_opt(2027, 11, 22).expect("date");
        (
            "IRO07".into(),
            d,
            d,
            members.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn a_round_that_grew_explains_its_reviews_new_days() {
        let (before, grown) = (trip(&["C1", "C2"]), trip(&["C1", "C2", "C3"]));
        // Only the trip changed: who joined and who left.
        assert_eq!(
            trip_change(&["trip"], Some(&before), Some(&trip(&["C1", "C3"]))).as_deref(),
            Some("joined: C3; left: C2")
        );
        // The date moved too because C3 joined and nobody left: still the trip's doing.
        assert_eq!(
            trip_change(&["date", "trip"], Some(&before), Some(&grown)).as_deref(),
            Some("joined: C3")
        );
        // A date moved on a trip someone left, or with no one joining: not explained here.
        let shrunk = trip(&["C1"]);
        assert_eq!(
            trip_change(&["date", "trip"], Some(&grown), Some(&shrunk)),
            None
        );
        assert_eq!(
            trip_change(&["date", "trip"], Some(&before), Some(&before)),
            None
        );
        assert_eq!(trip_change(&["date"], Some(&before), Some(&grown)), None);
    }

    /// A trip that only lost a review says who left, with no empty "joined:"; one with the
    /// same children on other days says so.
    #[test]
    fn a_trip_change_names_only_who_joined_or_left() {
        let before = trip(&["C1", "C2"]);
        assert_eq!(
            trip_change(&["trip"], Some(&before), Some(&trip(&["C1"]))).as_deref(),
            Some("left: C2")
        );
        let mut later = before.clone();
        later.2 = later.1.succ_opt().expect("date");
        assert_eq!(
            trip_change(&["trip"], Some(&before), Some(&later)).as_deref(),
            Some(
                "the same children, the trip 2027-11-22 to 2027-11-23 now, 2027-11-22 to 2027-11-22 before"
            )
        );
    }

    fn change(
        change: &str,
        dates: [Option<&str>; 2],
        chairs: [&str; 2],
        reason: ChangeReason,
    ) -> Change {
        let d = |s: Option<&str>| s.map(|s| s.parse::<NaiveDate>().expect("date"));
        Change {
            child_id: "C1".into(),
            review_number: 4,
            change: change.into(),
            previous_date: d(dates[0]),
            date: d(dates[1]),
            previous_iro_id: chairs[0].into(),
            iro_id: chairs[1].into(),
            previous_trip_id: String::new(),
            trip_id: String::new(),
            reason,
            detail: String::new(),
        }
    }

    /// The line of one change on the terminal (after the counts line).
    fn line(c: Change) -> String {
        let text = changes_text(&[c], 10);
        text.lines()
            .nth(1)
            .expect("a line for the change")
            .to_string()
    }

    /// An added review has no previous date or chair, a removed one none now: the terminal
    /// shows the side that has a review, not "- → 2026-12-15 (IRO  → A)".
    #[test]
    fn added_and_removed_reviews_show_the_side_they_have() {
        let added = change(
            "added",
            [None, Some("2026-12-15")],
            ["", "A"],
            ChangeReason::NewChild,
        );
        assert_eq!(
            line(added),
            "  C1 review 4 added: 2026-12-15 (IRO A); new_child"
        );
        let removed = change(
            "removed",
            [Some("2026-12-15"), None],
            ["A", ""],
            ChangeReason::Left,
        );
        assert_eq!(
            line(removed),
            "  C1 review 4 removed: was 2026-12-15 (IRO A); left"
        );
    }

    /// A chair is shown where it changed, an empty one (a review held) as an agency; a review
    /// held on another day than planned, whose chair is not recorded, shows no chair; a day
    /// that did not change is shown once.
    #[test]
    fn a_changed_chair_is_named_and_an_agency_said() {
        let agency = change(
            "iro;trip",
            [Some("2026-12-15"), Some("2026-12-15")],
            ["A", ""],
            ChangeReason::Cover,
        );
        assert_eq!(
            line(agency),
            "  C1 review 4 iro;trip: 2026-12-15 (IRO A → agency); cover"
        );
        let held = change(
            "date",
            [Some("2026-12-15"), Some("2026-12-14")],
            ["A", ""],
            ChangeReason::Passed,
        );
        assert_eq!(
            line(held),
            "  C1 review 4 date: 2026-12-15 → 2026-12-14; passed"
        );
    }
}
