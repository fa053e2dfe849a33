//! The `plan` pipeline: allocate, schedule, cost, summarise.

use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;

use crate::cost::{IroFigures, PlanFigures, plan_figures};
use crate::domain::{Caseload, IroId};
use crate::geo::PointIndex;
use crate::progress::Progress;
use crate::schedule::naive::{NaiveFigures, naive_figures};
use crate::schedule::{Mode, Plan, ScheduleOptions, schedule_with_progress};

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

/// A child → IRO assignment with its statistics.
#[derive(Debug, Clone)]
pub struct Allocated {
    /// IRO per child.
    pub assignment: Vec<IroId>,
    /// Statistics.
    pub stats: AllocationStats,
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
            .current_iro
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
            if caseload.child(c).current_iro.is_some_and(|p| p != chosen) {
                changes += 1;
            }
        }
        load[chosen.idx()] += item.len() as u32;
    }
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
    /// Reviews in the horizon.
    pub reviews: usize,
    /// Reviews of children known today.
    pub reviews_known: usize,
    /// Reviews of projected arrivals.
    pub reviews_projected: usize,
    /// Virtual reviews.
    pub reviews_virtual: usize,
    /// Reviews held after their due date.
    pub reviews_late: usize,
    /// Share on time, %.
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
    /// Total £.
    pub cost_total: f64,
    /// kg CO2e.
    pub co2_kg: f64,
    /// Children changing IRO.
    pub children_moved: usize,
    /// Per-IRO figures.
    pub per_iro: Vec<IroFigures>,
    /// IROs over their band maximum.
    pub over_band: Vec<OverBand>,
    /// Every late review.
    pub late_reviews: Vec<LateReview>,
    /// Reviews held virtually only because no in-person trip was possible (policy breached).
    pub forced_virtual_reviews: Vec<LateReview>,
    /// The naive baseline (each review on its due date, one round trip each).
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
    /// The summary.
    pub summary: Summary,
}

impl PlanResult {
    /// True if a hard rule could not be met (a late review or an IRO over band).
    pub fn has_shortfall(&self) -> bool {
        self.summary.reviews_late > 0
            || !self.summary.over_band.is_empty()
            || !self.summary.forced_virtual_reviews.is_empty()
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
    let t0 = Instant::now();
    let plan = schedule_with_progress(
        caseload,
        &allocated.assignment,
        &ScheduleOptions::default(),
        progress,
    );
    progress.stage("costing", None);
    let schedule_seconds = t0.elapsed().as_secs_f64();
    let figures = plan_figures(caseload, &plan);
    let naive = naive_figures(caseload, &allocated.assignment);
    let summary = summarise(
        caseload,
        &plan,
        &figures,
        &allocated,
        naive,
        schedule_seconds,
    );
    PlanResult {
        plan,
        figures,
        summary,
    }
}

/// The caseload with, for each child, the IROs who may not stay overnight excluded where the
/// child's review cannot be reached and returned from in one working day (a hard rule of the
/// schedule that the allocation must respect).
pub fn with_reach_exclusions(caseload: &Caseload) -> Caseload {
    let cfg = &caseload.config;
    let no_overnight: Vec<IroId> = caseload
        .iro_ids()
        .filter(|&i| {
            !caseload.iro(i).vacant && (!caseload.iro(i).overnight || !cfg.overnight.allowed)
        })
        .collect();
    if no_overnight.is_empty() {
        return caseload.clone();
    }
    let travel = crate::geo::TravelModel::new(&cfg.travel, caseload.matrix.clone());
    let rules = crate::schedule::timing::DayRules::new(cfg);
    // Only IROs who may hold the child matter: with independent councils, those of its own
    // council (or of none) — this keeps a million children × thousands of posts linear.
    let pooled = cfg.allocation.pooled;
    let mut by_council: std::collections::HashMap<Option<&str>, Vec<IroId>> = Default::default();
    for &i in &no_overnight {
        let council = caseload.iro(i).council.as_deref().filter(|_| !pooled);
        by_council.entry(council).or_default().push(i);
    }
    let unbound: &[IroId] = by_council.get(&None).map_or(&[], Vec::as_slice);
    let window = rules.latest_return - rules.earliest_departure;
    let mut out = caseload.clone();
    for child in &mut out.children {
        if child.review_mode != crate::domain::ReviewMode::InPerson {
            continue;
        }
        // A child of a council: its council's IROs and those of none; else every one.
        let (own, others): (&[IroId], &[IroId]) = match child.council.as_deref() {
            Some(c) if !pooled => (by_council.get(&Some(c)).map_or(&[], Vec::as_slice), unbound),
            _ => (&no_overnight, &[]),
        };
        let review = (cfg.review_hours(child.extra_time) * 3600.0).round() as i64;
        for &i in own.iter().chain(others) {
            let leg = travel.leg(caseload.iro(i).base, child.location);
            let day = 2 * crate::schedule::timing::travel_secs(leg.hours) + review;
            if (day > rules.max_length || day > window)
                && !child.exclude_iros.contains(&i)
                && !(child.locked && child.current_iro == Some(i))
            {
                child.exclude_iros.push(i);
            }
        }
    }
    out
}

/// The optimised allocation (issue 3) as the pipeline's [`Allocated`].
///
/// # Errors
/// A solver failure.
pub fn optimised_allocation(caseload: &Caseload) -> crate::Result<Allocated> {
    let reachable = with_reach_exclusions(caseload);
    let r = crate::allocate::allocate(&reachable, &crate::allocate::AllocateOptions::default())?;
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
    })
}

/// Plans a caseload end to end: optimised allocation, schedule, figures.
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
    let t0 = Instant::now();
    progress.stage("allocating", None);
    let allocated = optimised_allocation(caseload)?;
    let mut r = plan_with_progress(caseload, allocated, progress);
    r.summary.solver.total_seconds = t0.elapsed().as_secs_f64();
    Ok(r)
}

fn summarise(
    caseload: &Caseload,
    plan: &Plan,
    figures: &PlanFigures,
    allocated: &Allocated,
    naive: NaiveFigures,
    schedule_seconds: f64,
) -> Summary {
    let t = &figures.total;
    let reviews = plan.reviews.len();
    let listed = |r: &crate::schedule::PlannedReview| LateReview {
        child_id: caseload.child(r.child).external_id.clone(),
        iro_id: caseload.iro(r.iro).external_id.clone(),
        review_number: r.number,
        due_date: r.due,
        date: r.date,
        days_late: (r.date - r.due).num_days().max(0),
    };
    let late: Vec<LateReview> = plan
        .reviews
        .iter()
        .filter(|r| !r.on_time)
        .map(listed)
        .collect();
    let projected = |c: crate::domain::ChildId| caseload.child(c).projected;
    let reviews_projected = plan.reviews.iter().filter(|r| projected(r.child)).count();
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
    let saving = Savings {
        miles: naive.miles - t.miles,
        drive_hours: naive.drive_hours - t.drive_hours,
        hotel_nights: naive.hotel_nights as i64 - t.nights as i64,
        cost_total: naive.cost_total - cost_total,
        co2_kg: naive.co2_kg - t.co2_kg,
        cost_pct: if naive.cost_total > 0.0 {
            100.0 * (naive.cost_total - cost_total) / naive.cost_total
        } else {
            0.0
        },
    };
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
        on_time_pct: if reviews > 0 {
            100.0 * (reviews - late.len()) as f64 / reviews as f64
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
        co2_kg: t.co2_kg,
        children_moved: allocated.stats.changes,
        per_iro: figures.iros.clone(),
        over_band,
        late_reviews: late,
        forced_virtual_reviews: plan
            .reviews
            .iter()
            .filter(|r| r.forced_virtual)
            .map(listed)
            .collect(),
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
            "naive baseline: each review on its due date (or the IRO's working day before), one round trip each".into(),
        ],
    }
}
