//! The projected year: seeded arrivals into care and leavers over the horizon.
//!
//! A snapshot of today's children under-counts a year's work: children enter care (first review
//! within 20 working days, second within 3 months) and leave it all year. This module adds
//! `round(entries_per_year × months / 12)` arrivals at independent uniform dates over the horizon
//! — a homogeneous Poisson process conditioned on its count, so the number is stable across
//! seeds and only the dates and places vary — and marks `round(exits_per_year × months / 12)`
//! children known today as leaving at uniform dates (the scheduler ends their reviews there).
//!
//! An arrival is placed like today's placements (the default of issue 8): a known child is drawn
//! at random and the arrival takes its placement area, jittered by up to [`JITTER_MILES`] so it
//! stays in the same neighbourhood; it takes that child's placement type, extra time and review
//! mode too.
//!
//! The same seed gives the same projected year; [`project`] is applied to the baseline before
//! any lever so that every scenario shares it.

use chrono::{Days, Months, NaiveDate};
use rand::seq::index::sample;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::domain::{Caseload, Child, LatLon};

/// Largest jitter of an arrival's location from the sampled placement, miles. Placement data is
/// at postcode-sector precision (a sector is a few miles across), so a jitter of this size keeps
/// an arrival in a comparable neighbourhood without stacking arrivals on one point.
pub const JITTER_MILES: f64 = 2.0;

const MILES_PER_DEGREE_LAT: f64 = 69.0;

/// Statistics of a projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ProjectionStats {
    /// Arrivals added.
    pub arrivals: usize,
    /// Known children given a leaving date.
    pub leavers: usize,
}

fn horizon(cl: &Caseload) -> (NaiveDate, NaiveDate) {
    let h = &cl.config.horizon;
    let end = h
        .start
        .checked_add_months(Months::new(h.months))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .unwrap_or(h.start);
    (h.start, end)
}

fn uniform_date(rng: &mut Pcg64, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0) as u64;
    from.checked_add_days(Days::new(rng.random_range(0..=span)))
        .unwrap_or(from)
}

/// Adds the projected arrivals and leavers to `cl` (if `config.projection.enabled`, else does
/// nothing). Deterministic in `config.projection.seed`.
pub fn project(cl: &mut Caseload) -> ProjectionStats {
    if !cl.config.projection.enabled {
        return ProjectionStats {
            arrivals: 0,
            leavers: 0,
        };
    }
    project_always(cl)
}

/// As [`project`], ignoring `enabled`.
pub fn project_always(cl: &mut Caseload) -> ProjectionStats {
    let p = cl.config.projection.clone();
    let years = cl.config.horizon.months as f64 / 12.0;
    let (start, end) = horizon(cl);
    let mut rng = Pcg64::seed_from_u64(p.seed);
    let known: Vec<usize> = (0..cl.children.len())
        .filter(|&k| !cl.children[k].projected)
        .collect();
    // Leavers: a seeded sample of today's children, each with a uniform leaving date.
    let n_exits = ((p.exits_per_year * years).round().max(0.0) as usize).min(known.len());
    let mut leavers = 0;
    for j in sample(&mut rng, known.len(), n_exits).into_iter() {
        let date = uniform_date(&mut rng, start, end);
        let c = &mut cl.children[known[j]];
        if c.leaves_care.is_none() {
            c.leaves_care = Some(date);
            leavers += 1;
        }
    }
    // Arrivals: placed like a randomly drawn child of today, with a small jitter.
    let n_entries = (p.entries_per_year * years).round().max(0.0) as usize;
    let mut dates: Vec<NaiveDate> = (0..n_entries)
        .map(|_| uniform_date(&mut rng, start, end))
        .collect();
    dates.sort();
    let mut arrivals = 0;
    if known.is_empty() {
        return ProjectionStats { arrivals, leavers };
    }
    for (n, date) in dates.into_iter().enumerate() {
        let template = cl.children[known[rng.random_range(0..known.len())]].clone();
        let r = JITTER_MILES * rng.random::<f64>().sqrt();
        let theta = std::f64::consts::TAU * rng.random::<f64>();
        let lat = template.location.lat() + r * theta.sin() / MILES_PER_DEGREE_LAT;
        let cos = template.location.lat().to_radians().cos().max(0.1);
        let lon = template.location.lon() + r * theta.cos() / (MILES_PER_DEGREE_LAT * cos);
        let location = LatLon::new(lat, lon).unwrap_or(template.location);
        cl.children.push(Child {
            external_id: format!("P{:04}", n + 1),
            location,
            placement_label: template.placement_label.clone(),
            looked_after_since: date,
            last_review: None,
            reviews_held: 0,
            current_iro: None,
            planned_iro: None,
            sibling_group: None,
            extra_time: template.extra_time,
            placement_type: template.placement_type,
            review_mode: template.review_mode,
            locked: false,
            exclude_iros: Vec::new(),
            council: template.council.clone(),
            projected: true,
            leaves_care: None,
            origin: None,
            review_times: None,
            unavailable: Vec::new(),
            booked: Vec::new(),
        });
        arrivals += 1;
    }
    ProjectionStats { arrivals, leavers }
}
