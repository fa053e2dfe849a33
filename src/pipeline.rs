//! The `plan` pipeline: load → allocate → schedule → figures → summary.
//!
//! The allocation keeps every child with its current IRO unless a vacancy, the caseload band
//! or reach requires a move (`allocation.rebalance` / `plan --rebalance N` allows optimised
//! moves on top); every move is listed with its reason and what it saves.

use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Rebalance;
use crate::cost::{IroFigures, PlanFigures, plan_figures};
use crate::domain::{Caseload, ChildId, IroId};
use crate::geo::PointIndex;
use crate::policy::Policy;
use crate::progress::Progress;
use crate::schedule::naive::{NaiveFigures, naive_figures};
use crate::schedule::{Mode, Plan, Reason, ScheduleOptions, schedule_with_progress};

/// How the allocation was found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AllocationStats {
    /// Solver used.
    pub backend: String,
    /// Objective, £ a year.
    pub objective: f64,
    /// Lower bound, £ a year.
    pub lower_bound: f64,
    /// Relative gap.
    pub gap: f64,
    /// Solve time.
    pub seconds: f64,
    /// Children moved away from their current IRO.
    pub changes: usize,
}

/// Why a child moves away from its current IRO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveReason {
    /// The current post is vacant.
    Vacancy,
    /// The current IRO cannot reach the placement (no overnight stays, beyond a day trip).
    Reach,
    /// A caseload band requires it (an IRO over its maximum, or one below its minimum).
    Band,
    /// An optimised move allowed by `allocation.rebalance`.
    Optimised,
}

/// A child moved away from its current IRO.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    /// The child.
    pub child: ChildId,
    /// Its current IRO (or the previous plan's: [`crate::domain::Child::continuity_iro`]).
    pub from: IroId,
    /// Its IRO in the plan.
    pub to: IroId,
    /// Why.
    pub reason: MoveReason,
}

/// A child → IRO assignment with its statistics.
#[derive(Debug, Clone)]
pub struct Allocated {
    /// IRO per child.
    pub assignment: Vec<IroId>,
    /// Statistics.
    pub stats: AllocationStats,
    /// Every child moved, with its reason.
    pub moves: Vec<Move>,
}

/// Provisional allocation: keep each child's current IRO where it is in post, otherwise the
/// nearest IRO in post with room under the band maximum (siblings follow their first member).
/// A cheap screen (`bases`), never a stand-in for a failed solve: every command that plans
/// fails with the solver's error, as `plan` does.
pub fn provisional_allocation(caseload: &Caseload) -> Allocated {
    let t0 = Instant::now();
    let posts: Vec<IroId> = caseload
        .iro_ids()
        .filter(|&i| !caseload.iro(i).vacant)
        .collect();
    let index = PointIndex::new(
        &posts
            .iter()
            .map(|&i| caseload.iro(i).base)
            .collect::<Vec<_>>(),
    );
    let bands = caseload.bands();
    let mut load = vec![0u32; caseload.iros.len()];
    let mut assignment = vec![IroId(0); caseload.children.len()];
    let mut changes = 0;
    for item in caseload.sibling_items() {
        let first = caseload.child(item[0]);
        let keep = first
            .continuity_iro()
            .filter(|&c| !caseload.iro(c).vacant && !first.exclude_iros.contains(&c));
        let chosen = keep.unwrap_or_else(|| {
            let near = index.nearest(first.location, posts.len());
            near.iter()
                .map(|&(k, _)| posts[k])
                .find(|&i| load[i.idx()] + item.len() as u32 <= bands[i.idx()].1)
                .or_else(|| near.first().map(|&(k, _)| posts[k]))
                .unwrap_or(IroId(0))
        });
        for &c in &item {
            assignment[c.idx()] = chosen;
            if caseload
                .child(c)
                .continuity_iro()
                .is_some_and(|p| p != chosen)
            {
                changes += 1;
            }
        }
        load[chosen.idx()] += item.len() as u32;
    }
    let moves = moves_of(caseload, &assignment, &[], &Policy::new(caseload));
    Allocated {
        assignment,
        stats: AllocationStats {
            backend: "provisional (current IRO, else nearest with room)".into(),
            objective: f64::NAN,
            lower_bound: f64::NAN,
            gap: f64::NAN,
            seconds: t0.elapsed().as_secs_f64(),
            changes,
        },
        moves,
    }
}

/// A late review, for the summary.
#[derive(Debug, Clone, Serialize)]
pub struct LateReview {
    /// Child id.
    pub child_id: String,
    /// IRO id.
    pub iro_id: String,
    /// Statutory review number.
    pub review_number: u32,
    /// Due date.
    pub due_date: NaiveDate,
    /// Date held.
    pub date: NaiveDate,
    /// Calendar days late.
    pub days_late: i64,
    /// Reason code.
    pub reason: Option<Reason>,
    /// Suggested action.
    pub action: Option<&'static str>,
}

/// A review that no day inside the horizon could hold under the hard rules.
#[derive(Debug, Clone, Serialize)]
pub struct UnscheduledReviewRow {
    /// Child id.
    pub child_id: String,
    /// IRO id.
    pub iro_id: String,
    /// Statutory review number.
    pub review_number: u32,
    /// Due date.
    pub due_date: NaiveDate,
    /// Reason code.
    pub reason: Reason,
    /// Suggested action.
    pub action: &'static str,
}

/// A review chaired by someone other than the child's IRO.
#[derive(Debug, Clone, Serialize)]
pub struct CoveredReview {
    /// Child id.
    pub child_id: String,
    /// Statutory review number.
    pub review_number: u32,
    /// The child's IRO.
    pub iro_id: String,
    /// Who chaired: a colleague's id, empty for an agency.
    pub chair_iro_id: String,
    /// `colleague` or `agency`.
    pub cover: &'static str,
    /// Date held.
    pub date: NaiveDate,
}

/// A child moved, for the summary.
#[derive(Debug, Clone, Serialize)]
pub struct MoveRow {
    /// Child id.
    pub child_id: String,
    /// Its current IRO (in a re-plan, for a child whose input names none, the IRO the
    /// previous plan gave it).
    pub from_iro_id: String,
    /// Its IRO in the plan.
    pub to_iro_id: String,
    /// Why.
    pub reason: MoveReason,
    /// Expected annual travel £ saved by the move (negative: it costs more travel).
    pub saves_per_year: f64,
}

/// One far area of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct AreaSummary {
    /// Towns its children live nearest.
    pub name: String,
    /// Children placed there.
    pub children: usize,
    /// IROs holding them.
    pub iros: Vec<String>,
    /// Trips (rounds) holding at least one in-person review there.
    pub rounds: usize,
    /// In-person reviews held there.
    pub reviews: usize,
    /// Reviews per round.
    pub reviews_per_round: f64,
    /// Road miles of its rounds, a trip visiting several areas shared by its reviews.
    pub miles: f64,
    /// Hotel nights of its rounds, shared the same way.
    pub nights: f64,
}

/// Far areas together.
#[derive(Debug, Clone, Serialize, Default)]
pub struct FarSummary {
    /// Children in far areas.
    pub children: usize,
    /// Trips holding far reviews.
    pub trips: usize,
    /// In-person far reviews.
    pub reviews: usize,
    /// Far reviews per far trip.
    pub reviews_per_trip: f64,
    /// Every review the far trips hold: their far reviews and the reviews met on the way (a
    /// trip to three children in Birmingham that holds two in Oxford on the way holds five).
    pub reviews_on_trips: usize,
    /// Reviews a far trip holds, far or met on the way: how full the far trips are where a
    /// council has few far children, whose far reviews alone cannot fill a trip.
    pub reviews_on_trips_per_trip: f64,
    /// Road miles of far trips.
    pub miles: f64,
    /// Areas of three or more children held by more than two IROs.
    pub areas_split: usize,
    /// Far trips visiting two or more areas (Birmingham, then North Wales).
    pub multi_area_trips: usize,
    /// Working days early a far review may be held to join its area's round.
    pub area_early_working_days: u32,
}

/// When reviews are held against their due dates.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewTiming {
    /// Median calendar days before the due date, over reviews held on time.
    pub median_days_early: f64,
    /// Mean calendar days before the due date, over reviews held on time.
    pub mean_days_early: f64,
    /// Reviews held 21 or more days before their due date.
    pub early_3_weeks_or_more: usize,
    /// First reviews held sooner than `review.first_not_before_working_days` after entry.
    pub first_reviews_too_soon: usize,
}

/// The working week, over every IRO-week of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct WorkloadSummary {
    /// Admin hours counted per review.
    pub admin_hours_per_review: f64,
    /// Share of contracted hours available for reviews, travel and admin.
    pub share_of_hours: f64,
    /// Weeks after its own in which a review's admin may be done (written up on return from a
    /// round away).
    pub admin_carry_weeks: u32,
    /// IRO-weeks with meetings + admin + driving above their limit.
    pub iro_weeks_over: usize,
    /// The fullest IRO-week as a share of its limit.
    pub max_week_share: f64,
    /// Most reviews an IRO-week holds.
    pub max_reviews_in_a_week: usize,
    /// Reviews held in each calendar month (`YYYY-MM`), for the load's evenness.
    pub reviews_by_month: Vec<(String, usize)>,
}

/// An IRO over its band maximum (capacity short).
#[derive(Debug, Clone, Serialize)]
pub struct OverBand {
    /// IRO id.
    pub iro_id: String,
    /// Children held.
    pub children: usize,
    /// Band maximum.
    pub band_max: u32,
    /// Children over.
    pub over_by: usize,
}

/// Solver statistics.
#[derive(Debug, Clone, Serialize)]
pub struct SolverStats {
    /// Allocation objective, £ a year.
    pub objective: f64,
    /// Allocation lower bound.
    pub lower_bound: f64,
    /// Allocation gap.
    pub gap: f64,
    /// Allocation seconds.
    pub seconds: f64,
    /// Allocation backend.
    pub backend: String,
    /// Scheduling seconds.
    pub schedule_seconds: f64,
    /// Whole pipeline seconds.
    pub total_seconds: f64,
}

/// Savings of the plan against the naive baseline.
#[derive(Debug, Clone, Serialize)]
pub struct Savings {
    /// Miles saved.
    pub miles: f64,
    /// Driving hours saved.
    pub drive_hours: f64,
    /// Hotel nights saved (negative: more nights).
    pub hotel_nights: i64,
    /// £ saved.
    pub cost_total: f64,
    /// kg CO2e saved.
    pub co2_kg: f64,
    /// £ saved as a share of the naive cost, %.
    pub cost_pct: f64,
}

/// `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// First day planned.
    pub horizon_start: NaiveDate,
    /// Last day planned.
    pub horizon_end: NaiveDate,
    /// Children.
    pub children: usize,
    /// Children known today.
    pub children_known: usize,
    /// Children added by the projection.
    pub children_projected: usize,
    /// IROs in post.
    pub iros_in_post: usize,
    /// FTE in post.
    pub fte: f64,
    /// Reviews due in the horizon (held and unscheduled).
    pub reviews: usize,
    /// Reviews of children known today.
    pub reviews_known: usize,
    /// Reviews of projected arrivals.
    pub reviews_projected: usize,
    /// Virtual reviews.
    pub reviews_virtual: usize,
    /// Reviews held after their due date.
    pub reviews_late: usize,
    /// Reviews no day inside the horizon could hold.
    pub reviews_unscheduled: usize,
    /// Share held on time, % (unscheduled reviews are not on time).
    pub on_time_pct: f64,
    /// Trips.
    pub trips: usize,
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub drive_hours: f64,
    /// Hotel nights.
    pub hotel_nights: u32,
    /// Mileage £.
    pub cost_mileage: f64,
    /// Staff time £ (driving).
    pub cost_staff: f64,
    /// Hotel £.
    pub cost_hotel: f64,
    /// Travel £: mileage + staff time driving + hotels (agency cover is apart).
    pub cost_total: f64,
    /// Agency cover £ (`absence.agency_cost_per_review` per review an agency chairs).
    pub cost_agency: f64,
    /// kg CO2e.
    pub co2_kg: f64,
    /// Children changing IRO.
    pub children_moved: usize,
    /// Every child moved, with its reason and what it saves.
    pub moves: Vec<MoveRow>,
    /// Per-IRO figures.
    pub per_iro: Vec<IroFigures>,
    /// IROs over their band maximum.
    pub over_band: Vec<OverBand>,
    /// Every late review, with its reason.
    pub late_reviews: Vec<LateReview>,
    /// Every review no day could hold, with its reason.
    pub unscheduled_reviews: Vec<UnscheduledReviewRow>,
    /// Reviews held virtually only because no in-person trip was possible (policy breached).
    pub forced_virtual_reviews: Vec<LateReview>,
    /// Reviews chaired by a colleague or an agency while the child's IRO is away.
    pub reviews_covered: Vec<CoveredReview>,
    /// When reviews are held against their due dates.
    pub review_timing: ReviewTiming,
    /// The working week.
    pub workload: WorkloadSummary,
    /// Far areas: placements beyond a comfortable day trip from every base, visited in rounds.
    pub areas: Vec<AreaSummary>,
    /// Far areas together.
    pub far: FarSummary,
    /// The naive baseline (each review on its due date, one round trip each, the same policy).
    pub naive: NaiveFigures,
    /// Savings against the naive baseline.
    pub saving_vs_naive: Savings,
    /// Solver statistics.
    pub solver: SolverStats,
    /// What the figures assume.
    pub assumptions: Vec<String>,
}

/// Everything `plan` produces.
#[derive(Debug, Clone)]
pub struct PlanResult {
    /// The plan.
    pub plan: Plan,
    /// Its figures.
    pub figures: PlanFigures,
    /// Each IRO-week's hours.
    pub weeks: Vec<crate::schedule::WeekLoad>,
    /// The summary.
    pub summary: Summary,
}

impl PlanResult {
    /// True if a hard rule could not be met (a late or unscheduled review, an IRO over band, a
    /// review forced virtual).
    pub fn has_shortfall(&self) -> bool {
        self.summary.reviews_late > 0
            || self.summary.reviews_unscheduled > 0
            || !self.summary.over_band.is_empty()
            || !self.summary.forced_virtual_reviews.is_empty()
    }

    /// What fell short, one line each (empty when nothing did).
    pub fn shortfalls(&self) -> Vec<String> {
        let s = &self.summary;
        let mut out = Vec::new();
        if s.reviews_late > 0 {
            out.push(format!("{} review(s) held late", s.reviews_late));
        }
        if s.reviews_unscheduled > 0 {
            out.push(format!(
                "{} review(s) could not be held inside the horizon",
                s.reviews_unscheduled
            ));
        }
        if !s.over_band.is_empty() {
            out.push(format!(
                "{} IRO(s) over their caseload band maximum",
                s.over_band.len()
            ));
        }
        if !s.forced_virtual_reviews.is_empty() {
            out.push(format!(
                "{} review(s) held virtually because no in-person trip was possible",
                s.forced_virtual_reviews.len()
            ));
        }
        out
    }
}

/// Plans a caseload with a given allocation.
pub fn plan_with(caseload: &Caseload, allocated: Allocated) -> PlanResult {
    plan_with_progress(caseload, allocated, &Progress::hidden())
}

/// As [`plan_with`], reporting the scheduling stage to `progress`.
pub fn plan_with_progress(
    caseload: &Caseload,
    allocated: Allocated,
    progress: &Progress,
) -> PlanResult {
    plan_with_options(caseload, allocated, &ScheduleOptions::default(), progress)
}

/// As [`plan_with_progress`], with scheduler options (a previous plan's dates to keep).
pub fn plan_with_options(
    caseload: &Caseload,
    allocated: Allocated,
    options: &ScheduleOptions,
    progress: &Progress,
) -> PlanResult {
    let t0 = Instant::now();
    let plan = schedule_with_progress(caseload, &allocated.assignment, options, progress);
    progress.stage("costing", None);
    let schedule_seconds = t0.elapsed().as_secs_f64();
    let figures = plan_figures(caseload, &plan);
    let weeks = crate::schedule::week_loads(caseload, &plan);
    let naive = naive_figures(caseload, &allocated.assignment);
    let summary = summarise(
        caseload,
        &plan,
        &figures,
        &weeks,
        &allocated,
        naive,
        schedule_seconds,
    );
    PlanResult {
        plan,
        figures,
        weeks,
        summary,
    }
}

/// For each child (indexed by [`ChildId`]), the IROs in post who cannot hold it because they
/// cannot reach its placement: a review held in person there needs a night away
/// ([`Policy::round_trip`]) and the IRO may not stay overnight. Locked children keep their IRO.
pub fn reach_limits(caseload: &Caseload, policy: &Policy) -> Vec<Vec<IroId>> {
    let cfg = &caseload.config;
    let no_overnight: Vec<IroId> = caseload
        .iro_ids()
        .filter(|&i| {
            !caseload.iro(i).vacant && (!caseload.iro(i).overnight || !cfg.overnight.allowed)
        })
        .collect();
    if no_overnight.is_empty() {
        return Vec::new();
    }
    // Only IROs who may hold the child matter: with independent councils, those of its own
    // council (or of none) — this keeps a million children × thousands of posts linear.
    let pooled = cfg.allocation.pooled;
    let mut by_council: std::collections::HashMap<Option<&str>, Vec<IroId>> = Default::default();
    for &i in &no_overnight {
        let council = caseload.iro(i).council.as_deref().filter(|_| !pooled);
        by_council.entry(council).or_default().push(i);
    }
    let unbound: &[IroId] = by_council.get(&None).map_or(&[], Vec::as_slice);
    caseload
        .children
        .iter()
        .map(|child| {
            if child.review_mode != crate::domain::ReviewMode::InPerson {
                return Vec::new();
            }
            let (own, others): (&[IroId], &[IroId]) = match child.council.as_deref() {
                Some(c) if !pooled => {
                    (by_council.get(&Some(c)).map_or(&[], Vec::as_slice), unbound)
                }
                _ => (&no_overnight, &[]),
            };
            let review = policy.review_secs(child);
            own.iter()
                .chain(others)
                .copied()
                .filter(|&i| {
                    let leg = policy.leg(caseload.iro(i).base, child.location);
                    policy.round_trip(leg, review, false).is_none()
                        && !(child.locked && child.current_iro == Some(i))
                })
                .collect()
        })
        .collect()
}

/// The weight per move of the continuity-first stage, £: far above any one child's annual
/// travel, so that stage makes only the moves the band and reach require, choosing among them
/// by travel. A child below an IRO's band minimum weighs twice as much, so a move that fills a
/// post up to its band is made.
const REQUIRED_MOVE_WEIGHT: f64 = 10_000.0;

/// The allocation of the plan: continuity first — only the moves a vacancy, the band or reach
/// requires — then up to `allocation.rebalance` optimised moves (DESIGN.md §1; IRO Handbook).
///
/// # Errors
/// A solver failure, or a child no IRO may hold.
pub fn optimised_allocation(caseload: &Caseload) -> crate::Result<Allocated> {
    let policy = Policy::new(caseload);
    let base = crate::allocate::AllocateOptions {
        unreachable: reach_limits(caseload, &policy),
        ..Default::default()
    };
    let alloc = crate::allocate::allocate;
    let r = match caseload.config.allocation.rebalance {
        Rebalance::All => alloc(caseload, &base)?,
        Rebalance::Limit(n) => {
            let strict = crate::allocate::AllocateOptions {
                weights: Some((REQUIRED_MOVE_WEIGHT, 2.0 * REQUIRED_MOVE_WEIGHT)),
                ..base.clone()
            };
            let mut first = alloc(caseload, &strict)?;
            let required = first.changes.len() as u32;
            let cap = caseload.config.allocation.max_changes;
            if n == 0 || cap.is_some_and(|c| c <= required) {
                // Report the objective at the real weights: the same assignment, re-priced.
                // Both weights of the strict stage come off: each move's and each child short
                // of a band minimum's.
                let a = &caseload.config.allocation;
                let under: u32 = first
                    .rows
                    .iter()
                    .map(|row| row.band_min.saturating_sub(row.children))
                    .sum();
                let shift = (REQUIRED_MOVE_WEIGHT - a.continuity_cost) * required as f64
                    + (2.0 * REQUIRED_MOVE_WEIGHT - a.under_band_penalty) * f64::from(under);
                first.objective -= shift;
                first.lower_bound -= shift;
                first
            } else {
                let budget = required.saturating_add(n).min(cap.unwrap_or(u32::MAX));
                let opts = crate::allocate::AllocateOptions {
                    max_changes: Some(budget),
                    ..base.clone()
                };
                alloc(caseload, &opts)?
            }
        }
    };
    let moves = moves_of(caseload, &r.assignment, &base.unreachable, &policy);
    Ok(Allocated {
        assignment: r.assignment.clone(),
        stats: AllocationStats {
            backend: r.backend.to_string(),
            objective: r.objective,
            lower_bound: r.lower_bound,
            gap: r.gap,
            seconds: r.seconds,
            changes: r.changes.len(),
        },
        moves,
    })
}

/// Every child moved away from its current IRO (in a re-plan, from the IRO the previous plan
/// gave a child whose input names none: [`crate::domain::Child::continuity_iro`]), with the
/// reason: its post is vacant, its IRO cannot reach it, the band required it (its IRO is over
/// its maximum, or the IRO it joins was below its minimum), or an optimised move.
pub fn moves_of(
    caseload: &Caseload,
    assignment: &[IroId],
    unreachable: &[Vec<IroId>],
    _policy: &Policy,
) -> Vec<Move> {
    let bands = caseload.bands();
    let mut current = vec![0u32; caseload.iros.len()];
    for c in &caseload.children {
        if let Some(i) = c.continuity_iro() {
            current[i.idx()] += 1;
        }
    }
    caseload
        .child_ids()
        .filter_map(|c| {
            let from = caseload.child(c).continuity_iro()?;
            let to = assignment[c.idx()];
            (from != to).then(|| {
                let reason = if caseload.iro(from).vacant {
                    MoveReason::Vacancy
                } else if unreachable.get(c.idx()).is_some_and(|u| u.contains(&from))
                    || caseload.child(c).exclude_iros.contains(&from)
                {
                    MoveReason::Reach
                } else if current[from.idx()] > bands[from.idx()].1
                    || current[to.idx()] < bands[to.idx()].0
                {
                    MoveReason::Band
                } else {
                    MoveReason::Optimised
                };
                Move {
                    child: c,
                    from,
                    to,
                    reason,
                }
            })
        })
        .collect()
}

/// Plans a caseload end to end: allocation, schedule, figures.
///
/// # Errors
/// A solver failure.
pub fn try_plan(caseload: &Caseload) -> crate::Result<PlanResult> {
    try_plan_with(caseload, &Progress::hidden())
}

/// As [`try_plan`], reporting its stages to `progress`.
///
/// # Errors
/// A solver failure.
pub fn try_plan_with(caseload: &Caseload, progress: &Progress) -> crate::Result<PlanResult> {
    try_plan_with_options(caseload, &ScheduleOptions::default(), progress)
}

/// As [`try_plan_with`], with scheduler options (a previous plan's dates to keep).
///
/// # Errors
/// A solver failure.
pub fn try_plan_with_options(
    caseload: &Caseload,
    options: &ScheduleOptions,
    progress: &Progress,
) -> crate::Result<PlanResult> {
    let t0 = Instant::now();
    progress.stage("allocating", None);
    let allocated = optimised_allocation(caseload)?;
    let mut r = plan_with_options(caseload, allocated, options, progress);
    r.summary.solver.total_seconds = t0.elapsed().as_secs_f64();
    Ok(r)
}

/// Each far area's children, IROs, rounds, reviews and miles, and the far areas together.
pub fn area_summaries(
    caseload: &Caseload,
    policy: &Policy,
    plan: &Plan,
    figures: &PlanFigures,
) -> (Vec<AreaSummary>, FarSummary) {
    let areas = policy.far_areas(caseload);
    let iros = Policy::area_iros(&areas, &plan.allocation);
    let mut out: Vec<AreaSummary> = areas
        .list
        .iter()
        .zip(&iros)
        .map(|(a, i)| AreaSummary {
            name: a.name.clone(),
            children: a.children.len(),
            iros: i
                .iter()
                .map(|&i| caseload.iro(i).external_id.clone())
                .collect(),
            rounds: 0,
            reviews: 0,
            reviews_per_round: 0.0,
            miles: 0.0,
            nights: 0.0,
        })
        .collect();
    // Per trip: its reviews by area.
    let mut per_trip: Vec<(usize, std::collections::BTreeMap<usize, usize>)> =
        vec![(0, Default::default()); plan.trips.len()];
    for r in &plan.reviews {
        if let Some(t) = r.trip {
            let entry = &mut per_trip[t.idx()];
            entry.0 += 1;
            if let Some(a) = areas.of_child.get(r.child.idx()).copied().flatten() {
                *entry.1.entry(a).or_default() += 1;
            }
        }
    }
    let mut far = FarSummary {
        children: areas.list.iter().map(|a| a.children.len()).sum(),
        area_early_working_days: policy.config().review.area_early_working_days,
        ..Default::default()
    };
    for (t, (all, by_area)) in per_trip.iter().enumerate() {
        if by_area.is_empty() {
            continue;
        }
        far.trips += 1;
        far.reviews_on_trips += all;
        far.miles += figures.trips[t].miles;
        if by_area.len() > 1 {
            far.multi_area_trips += 1;
        }
        for (&a, &n) in by_area {
            let share = n as f64 / (*all).max(1) as f64;
            let s = &mut out[a];
            s.rounds += 1;
            s.reviews += n;
            far.reviews += n;
            s.miles += figures.trips[t].miles * share;
            s.nights += figures.trips[t].nights as f64 * share;
        }
    }
    for s in &mut out {
        s.reviews_per_round = s.reviews as f64 / s.rounds.max(1) as f64;
    }
    far.reviews_per_trip = far.reviews as f64 / far.trips.max(1) as f64;
    far.reviews_on_trips_per_trip = far.reviews_on_trips as f64 / far.trips.max(1) as f64;
    far.areas_split = out
        .iter()
        .filter(|a| a.children >= 3 && a.iros.len() > 2)
        .count();
    (out, far)
}

fn median(mut v: Vec<i64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    }
}

fn summarise(
    caseload: &Caseload,
    plan: &Plan,
    figures: &PlanFigures,
    weeks: &[crate::schedule::WeekLoad],
    allocated: &Allocated,
    naive: NaiveFigures,
    schedule_seconds: f64,
) -> Summary {
    let policy = Policy::new(caseload);
    let t = &figures.total;
    let reviews = plan.reviews_due();
    let ext_child = |c: ChildId| caseload.child(c).external_id.clone();
    let ext_iro = |i: IroId| caseload.iro(i).external_id.clone();
    let listed = |r: &crate::schedule::PlannedReview| LateReview {
        child_id: ext_child(r.child),
        iro_id: ext_iro(r.iro),
        review_number: r.number,
        due_date: r.due,
        date: r.date,
        days_late: (r.date - r.due).num_days().max(0),
        reason: r.reason,
        action: r.reason.map(Reason::action),
    };
    let late: Vec<LateReview> = plan
        .reviews
        .iter()
        .filter(|r| !r.on_time)
        .map(listed)
        .collect();
    let unscheduled: Vec<UnscheduledReviewRow> = plan
        .unscheduled
        .iter()
        .map(|u| UnscheduledReviewRow {
            child_id: ext_child(u.child),
            iro_id: ext_iro(u.iro),
            review_number: u.number,
            due_date: u.due,
            reason: u.reason,
            action: u.reason.action(),
        })
        .collect();
    let projected = |c: crate::domain::ChildId| caseload.child(c).projected;
    let reviews_projected = plan.reviews.iter().filter(|r| projected(r.child)).count()
        + plan
            .unscheduled
            .iter()
            .filter(|r| projected(r.child))
            .count();
    let over_band = figures
        .iros
        .iter()
        .filter(|r| r.children > r.band_max as usize)
        .map(|r| OverBand {
            iro_id: r.iro_id.clone(),
            children: r.children,
            band_max: r.band_max,
            over_by: r.children - r.band_max as usize,
        })
        .collect();
    let cfg = &caseload.config;
    let cost_total = t.total();
    let n = &naive.figures;
    let saving = Savings {
        miles: n.miles - t.miles,
        drive_hours: n.drive_hours - t.drive_hours,
        hotel_nights: n.nights as i64 - t.nights as i64,
        cost_total: n.total() - cost_total,
        co2_kg: n.co2_kg - t.co2_kg,
        cost_pct: if n.total() > 0.0 {
            100.0 * (n.total() - cost_total) / n.total()
        } else {
            0.0
        },
    };
    let covered: Vec<CoveredReview> = plan
        .reviews
        .iter()
        .filter_map(|r| {
            Some(CoveredReview {
                child_id: ext_child(r.child),
                review_number: r.number,
                iro_id: ext_iro(r.iro),
                chair_iro_id: r.chair_iro().map_or_else(String::new, ext_iro),
                cover: r.cover()?,
                date: r.date,
            })
        })
        .collect();
    let agency = plan
        .reviews
        .iter()
        .filter(|r| r.chair == crate::schedule::Chair::Agency)
        .count();
    let early: Vec<i64> = plan
        .reviews
        .iter()
        .filter(|r| r.on_time)
        .map(|r| (r.due - r.date).num_days())
        .collect();
    let first_floor = |r: &crate::schedule::PlannedReview| {
        let child = caseload.child(r.child);
        let floor = policy.calendar().add_working_days(
            child.looked_after_since,
            cfg.review.first_not_before_working_days,
        );
        r.number == 1 && r.date < floor.min(r.due)
    };
    let review_timing = ReviewTiming {
        median_days_early: median(early.clone()),
        mean_days_early: if early.is_empty() {
            0.0
        } else {
            early.iter().sum::<i64>() as f64 / early.len() as f64
        },
        early_3_weeks_or_more: early.iter().filter(|&&d| d >= 21).count(),
        first_reviews_too_soon: plan.reviews.iter().filter(|r| first_floor(r)).count(),
    };
    let mut by_month: std::collections::BTreeMap<String, usize> = Default::default();
    for r in &plan.reviews {
        *by_month
            .entry(r.date.format("%Y-%m").to_string())
            .or_default() += 1;
    }
    let workload = WorkloadSummary {
        admin_hours_per_review: cfg.workload.admin_hours_per_review,
        share_of_hours: cfg.workload.share_of_hours,
        admin_carry_weeks: cfg.workload.admin_carry_weeks,
        iro_weeks_over: weeks
            .iter()
            .filter(|w| w.total_hours() > w.limit_hours + 1.0 / 60.0)
            .count(),
        max_week_share: weeks
            .iter()
            .filter(|w| w.limit_hours > 0.0)
            .map(|w| w.total_hours() / w.limit_hours)
            .fold(0.0, f64::max),
        max_reviews_in_a_week: weeks.iter().map(|w| w.reviews).max().unwrap_or(0),
        reviews_by_month: by_month.into_iter().collect(),
    };
    let moves: Vec<MoveRow> = allocated
        .moves
        .iter()
        .map(|m| {
            let child = caseload.child(m.child);
            let per_year = |i: IroId| {
                let leg = policy.leg(caseload.iro(i).base, child.location);
                let trip = policy
                    .round_trip(leg, policy.review_secs(child), true)
                    .map_or(0.0, |t| policy.round_trip_cost(&t));
                policy.expected_reviews(child) * policy.in_person_share(child, leg.miles) * trip
            };
            MoveRow {
                child_id: child.external_id.clone(),
                from_iro_id: ext_iro(m.from),
                to_iro_id: ext_iro(m.to),
                reason: m.reason,
                saves_per_year: per_year(m.from) - per_year(m.to),
            }
        })
        .collect();
    let (areas, far) = area_summaries(caseload, &policy, plan, figures);
    let held_on_time = plan.reviews.iter().filter(|r| r.on_time).count();
    let naive_reviews = naive.reviews;
    Summary {
        horizon_start: plan.horizon_start,
        horizon_end: plan.horizon_end,
        children: caseload.children.len(),
        children_known: caseload.children.iter().filter(|c| !c.projected).count(),
        children_projected: caseload.children.iter().filter(|c| c.projected).count(),
        iros_in_post: caseload.iros.iter().filter(|i| !i.vacant).count(),
        fte: caseload.iro_ids().map(|i| caseload.fte(i)).sum(),
        reviews,
        reviews_known: reviews - reviews_projected,
        reviews_projected,
        reviews_virtual: plan
            .reviews
            .iter()
            .filter(|r| r.mode == Mode::Virtual)
            .count(),
        reviews_late: late.len(),
        reviews_unscheduled: unscheduled.len(),
        on_time_pct: if reviews > 0 {
            100.0 * held_on_time as f64 / reviews as f64
        } else {
            100.0
        },
        trips: plan.trips.len(),
        miles: t.miles,
        drive_hours: t.drive_hours,
        hotel_nights: t.nights,
        cost_mileage: t.mileage_cost,
        cost_staff: t.staff_cost,
        cost_hotel: t.hotel_cost,
        cost_total,
        cost_agency: agency as f64 * cfg.absence.agency_cost_per_review,
        co2_kg: t.co2_kg,
        children_moved: allocated.stats.changes,
        moves,
        per_iro: figures.iros.clone(),
        over_band,
        late_reviews: late,
        unscheduled_reviews: unscheduled,
        forced_virtual_reviews: plan
            .reviews
            .iter()
            .filter(|r| r.forced_virtual)
            .map(listed)
            .collect(),
        reviews_covered: covered,
        review_timing,
        workload,
        areas,
        far,
        naive,
        saving_vs_naive: saving,
        solver: SolverStats {
            objective: allocated.stats.objective,
            lower_bound: allocated.stats.lower_bound,
            gap: allocated.stats.gap,
            seconds: allocated.stats.seconds,
            backend: allocated.stats.backend.clone(),
            schedule_seconds,
            total_seconds: 0.0,
        },
        assumptions: vec![
            format!(
                "road miles = great-circle miles x {}; hours = {} + miles / {} mph{}",
                cfg.travel.road_factor,
                cfg.travel.fixed_hours,
                cfg.travel.mph,
                if caseload.matrix.is_some() {
                    " (a user travel matrix overrides listed pairs)"
                } else {
                    ""
                }
            ),
            format!(
                "costs: {}p/mile, £{}/h staff time driving, £{}/hotel night; CO2e {} kg/mile, {} kg/night",
                cfg.costs.mileage_per_mile * 100.0,
                cfg.costs.staff_per_hour,
                cfg.costs.hotel_per_night,
                cfg.costs.co2_kg_per_mile,
                cfg.costs.co2_kg_per_hotel_night
            ),
            format!(
                "working week: meetings + {} h admin per review (done that week or up to {} after) + driving within {:.0}% of contracted hours; lunch {} min in {}; at most {} h driving a day, a {}-min break every {} h",
                cfg.workload.admin_hours_per_review,
                cfg.workload.admin_carry_weeks,
                cfg.workload.share_of_hours * 100.0,
                cfg.day.lunch_minutes,
                cfg.day.lunch_window,
                cfg.day.max_drive_hours,
                cfg.day.drive_break_minutes,
                cfg.day.drive_break_after_hours
            ),
            format!(
                "reviews held up to {} working days before they are due (first review not sooner than {} working days after entry); absence cover: {}",
                cfg.review.early_working_days,
                cfg.review.first_not_before_working_days,
                cfg.absence.cover.as_str()
            ),
            format!(
                "naive baseline: each review on its due date (or the IRO's working day before), one round trip each, the same virtual-review and hotel rules: {} reviews against the plan's {}",
                naive_reviews, reviews
            ),
        ],
    }
}
