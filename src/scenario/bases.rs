//! Where to base the next IRO: screen, then plan the best few.
//!
//! Screening is allocation-level: a child costs `reviews a year × round-trip visit cost` from its
//! IRO's base, the policy's round trip ([`Policy::round_trip`]: mileage, staff time, and the
//! hotel nights the plan's day rules need — the same rules as the plan). A candidate base takes, among the children it
//! would serve more cheaply, the ones it saves most on, up to its band maximum; the screen's
//! figure is that saving. This is the greedy bound of the transportation problem with one new
//! column and is cheap enough to run for thousands of candidates in parallel (`rayon`). The
//! best few and every named candidate are then planned in full as `add_iro` scenarios.

use rayon::prelude::*;
use serde::Serialize;

use crate::domain::{Caseload, LatLon};
use crate::geo::Gazetteer;
use crate::pipeline::provisional_allocation;
use crate::policy::Policy;

/// One candidate base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// Name (place, district, or as given).
    pub name: String,
    /// Point.
    pub point: LatLon,
}

/// A screened candidate.
#[derive(Debug, Clone, Serialize)]
pub struct Screened {
    /// The candidate.
    pub candidate: Candidate,
    /// Estimated annual travel saving, £.
    pub saving: f64,
    /// Children it would take.
    pub children: usize,
}

/// Visit cost of one review from `base` to `p`, £ (the policy's round trip, overnight where
/// its day rules need it).
fn visit_cost(policy: &Policy, base: LatLon, p: LatLon, review: i64) -> f64 {
    let leg = policy.leg(base, p);
    policy
        .round_trip(leg, review, true)
        .map_or(f64::INFINITY, |t| policy.round_trip_cost(&t))
}

/// Reviews a year of a settled child (12 / subsequent interval).
fn reviews_per_year(cl: &Caseload) -> f64 {
    12.0 / cl.config.review.subsequent_within_months.max(1) as f64
}

/// Screens every candidate for an additional post of `hours` a week; best first.
pub fn screen(cl: &Caseload, candidates: &[Candidate], hours: f64) -> Vec<Screened> {
    let policy = Policy::new(cl);
    let alloc = provisional_allocation(cl);
    let per_year = reviews_per_year(cl);
    let current: Vec<f64> = cl
        .children
        .iter()
        .zip(&alloc.assignment)
        .map(|(c, &i)| {
            per_year * visit_cost(&policy, cl.iro(i).base, c.location, policy.review_secs(c))
        })
        .collect();
    let band_max = (cl.config.caseload.band_max_per_fte * hours / cl.config.caseload.fte_hours)
        .floor()
        .max(0.0) as usize;
    let mut out: Vec<Screened> = candidates
        .par_iter()
        .map(|cand| {
            let mut gains: Vec<f64> = cl
                .children
                .iter()
                .zip(&current)
                .map(|(c, &now)| {
                    now - per_year
                        * visit_cost(&policy, cand.point, c.location, policy.review_secs(c))
                })
                .filter(|g| *g > 0.0)
                .collect();
            gains.sort_by(|a, b| b.total_cmp(a));
            gains.truncate(band_max);
            Screened {
                candidate: cand.clone(),
                saving: gains.iter().sum(),
                children: gains.len(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.saving
            .total_cmp(&a.saving)
            .then(a.candidate.name.cmp(&b.candidate.name))
    });
    out
}

/// Towns of Great Britain with at least `min_population` people.
pub fn towns(min_population: u64) -> Vec<Candidate> {
    Gazetteer::bundled()
        .places()
        .iter()
        .filter(|p| p.population >= min_population && p.country_part != "NIR")
        .map(|p| Candidate {
            name: if p.county.is_empty() {
                p.name.clone()
            } else {
                format!("{}, {}", p.name, p.county)
            },
            point: p.point,
        })
        .collect()
}

/// Postcode districts (centroid of their sectors).
pub fn districts() -> Vec<Candidate> {
    let mut acc: std::collections::BTreeMap<String, (f64, f64, f64)> = Default::default();
    for s in Gazetteer::bundled().sectors() {
        let d = s.code.split(' ').next().unwrap_or(&s.code).to_string();
        let e = acc.entry(d).or_default();
        e.0 += s.point.lat();
        e.1 += s.point.lon();
        e.2 += 1.0;
    }
    acc.into_iter()
        .filter_map(|(name, (la, lo, n))| {
            LatLon::new(la / n, lo / n).map(|point| Candidate { name, point })
        })
        .collect()
}
