//! Where to base a post — the vacancy, or an additional one: screen, then plan the best few
//! in full with the same model as `compare`.
//!
//! Screening is allocation-level: a child costs `reviews a year × round-trip visit cost` from its
//! IRO's base, the policy's round trip ([`Policy::round_trip`]: mileage, staff time, and the
//! hotel nights the plan's day rules need — the same rules as the plan). A candidate base takes, among the children it
//! would serve more cheaply, the ones it saves most on, up to its band maximum; the screen's
//! figure is that saving. This is the greedy bound of the transportation problem with one new
//! column and is cheap enough to run for thousands of candidates in parallel (`rayon`).
//!
//! The best few and every named candidate are then planned in full by [`compare_with`], with
//! ranges: for a vacancy each candidate is "the vacancy filled there" against "the vacancy
//! filled at its own base" (both budgeted), for an additional post "a post added there"
//! against today's posts, net of its salary. The saving shown for a town is therefore
//! `compare`'s for the same scenario. Candidates whose net-saving range overlaps the leader's
//! are tied with it, and the ranking is not robust where any is.

use rayon::prelude::*;
use serde::Serialize;

use super::Scenario;
use super::compare::{Comparison, Request, SavingRange, compare_with};
use super::levers::{AddIro, BaseSpec, FillVacancy, Lever};
use crate::domain::{Caseload, Hours, LatLon, WeekdaySet};
use crate::error::{Error, Result};
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
    /// How a scenario names its base: the text as given for a named candidate (so that it
    /// resolves exactly as in a scenario file), the point for a screened one.
    #[serde(skip)]
    pub base: BaseSpec,
}

impl Candidate {
    /// A candidate at a point.
    pub fn at(name: &str, point: LatLon) -> Candidate {
        Candidate {
            name: name.to_string(),
            point,
            base: BaseSpec::Point {
                at: point,
                label: name.to_string(),
            },
        }
    }

    /// A named candidate, resolved by the gazetteer as a scenario's `base` is.
    ///
    /// # Errors
    /// [`Error::Usage`] for a name the gazetteer does not know.
    pub fn named(name: &str) -> Result<Candidate> {
        let spec = BaseSpec::Text(name.trim().to_string());
        let (point, _) = spec
            .resolve()
            .map_err(|p| Error::Usage(format!("candidate '{name}': {}", p.problem)))?;
        Ok(Candidate {
            name: name.trim().to_string(),
            point,
            base: spec,
        })
    }
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
        .map(|p| {
            let name = if p.county.is_empty() {
                p.name.clone()
            } else {
                format!("{}, {}", p.name, p.county)
            };
            Candidate::at(&name, p.point)
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
            LatLon::new(la / n, lo / n).map(|point| Candidate::at(&name, point))
        })
        .collect()
}

/// The question `bases` answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Where to base a vacant, budgeted post (against filling it at its own base).
    Vacancy {
        /// The vacancy's IRO id.
        id: String,
    },
    /// Where to base an additional post (against today's posts, net of its salary).
    Additional {
        /// Its contracted hours.
        hours: Hours,
    },
}

/// A validated `bases` request.
#[derive(Debug, Clone)]
pub struct BasesRequest {
    /// Vacancy or additional post.
    pub question: Question,
    /// Candidates screened.
    pub candidates: Vec<Candidate>,
    /// Candidates always planned in full and shown.
    pub include: Vec<Candidate>,
    /// How many of the best screened candidates are planned in full.
    pub top: usize,
    /// Project arrivals and leavers.
    pub project: bool,
}

/// One candidate planned in full.
#[derive(Debug, Clone, Serialize)]
pub struct BaseRow {
    /// Rank by net saving, 1 = best.
    pub rank: usize,
    /// Candidate name.
    pub name: String,
    /// Point.
    pub point: LatLon,
    /// Named with `--include`.
    pub included: bool,
    /// The screen's estimate, £ a year.
    pub screen_saving: f64,
    /// The scenario's name in the comparison.
    pub scenario: String,
    /// Every saving against the comparator, as `compare` reports it.
    pub saving: super::figures::Savings,
    /// Their range over the low- and high-travel assumptions.
    pub saving_range: SavingRange,
    /// Salary with on-costs of the post, £ a year (0 for a budgeted vacancy).
    pub salary: f64,
    /// Tied with the leader: its net-saving range overlaps the leader's.
    pub tied: bool,
}

impl BaseRow {
    /// Travel £ saved a year (cash + staff time).
    pub fn travel(&self) -> f64 {
        self.saving.cost_travel
    }

    /// Net £ saved a year: all-in, so net of an additional post's salary.
    pub fn net(&self) -> f64 {
        self.saving.cost_total
    }

    /// Net saving's range (low, high).
    pub fn net_range(&self) -> (f64, f64) {
        (
            self.saving_range.low.cost_total,
            self.saving_range.high.cost_total,
        )
    }
}

/// The answer of `bases`.
#[derive(Debug, Clone)]
pub struct BasesResult {
    /// The question.
    pub question: Question,
    /// What each candidate is compared against, in words.
    pub comparator: String,
    /// Candidates screened.
    pub screened: usize,
    /// Candidates planned in full, best net saving first.
    pub rows: Vec<BaseRow>,
    /// Whether the ranking is robust: no candidate's range overlaps the leader's.
    pub robust: bool,
    /// The comparison behind the rows.
    pub comparison: Comparison,
}

/// Screens every candidate, plans the best `top` and every included one in full against the
/// comparator, with ranges, and ranks them by net saving.
///
/// # Errors
/// An unknown or non-vacant `Question::Vacancy` id; a plan's error.
pub fn bases(cl: &Caseload, req: &BasesRequest) -> Result<BasesResult> {
    let mut projected = cl.clone();
    projected.config.projection.enabled = req.project;
    super::projection::project(&mut projected);
    let (hours, baseline, comparator) = match &req.question {
        Question::Vacancy { id } => {
            let k = cl
                .iro_by_external(id)
                .filter(|&k| cl.iro(k).vacant)
                .ok_or_else(|| {
                    let vacant: Vec<&str> = cl
                        .iros
                        .iter()
                        .filter(|i| i.vacant)
                        .map(|i| i.external_id.as_str())
                        .collect();
                    Error::Usage(format!(
                        "--vacancy {id}: not a vacant post of iros.csv (expected {})",
                        if vacant.is_empty() {
                            "a post marked vacant in iros.csv; there is none: --additional asks where to base a new post".to_string()
                        } else {
                            format!("one of {}", vacant.join(", "))
                        }
                    ))
                })?;
            let iro = cl.iro(k);
            let base = Scenario::new(
                "vacancy_at_its_base",
                &format!(
                    "the vacancy {id} filled at its own base, {}",
                    iro.base_label
                ),
                vec![Lever::FillVacancy(FillVacancy {
                    id: id.clone(),
                    base: None,
                    hours: None,
                })],
            );
            let comparator = format!(
                "the vacancy {id} filled at its own base ({}, {}): both budgeted, no salary added",
                iro.base_label,
                super::holding::area_name(iro.base)
            );
            (iro.hours_per_week, Some(base), comparator)
        }
        Question::Additional { hours } => (
            hours.get(),
            None,
            format!(
                "today's posts: an additional {} h post, net of its salary with on-costs",
                hours.get()
            ),
        ),
    };
    // Named candidates first; a screened candidate at the same point as one before it is the
    // same plan and is dropped.
    let mut seen = std::collections::HashSet::new();
    let all: Vec<Candidate> = req
        .include
        .iter()
        .chain(&req.candidates)
        .filter(|c| seen.insert((c.point.lat().to_bits(), c.point.lon().to_bits())))
        .cloned()
        .collect();
    let screened = screen(&projected, &all, hours);
    let is_named = |c: &Candidate| req.include.iter().any(|x| x.name == c.name);
    let mut chosen: Vec<(Candidate, bool)> = screened
        .iter()
        .take(req.top)
        .map(|s| (s.candidate.clone(), is_named(&s.candidate)))
        .collect();
    for c in &req.include {
        if !chosen.iter().any(|(x, _)| x.name == c.name) {
            chosen.push((c.clone(), true));
        }
    }
    let scenarios: Vec<Scenario> = chosen
        .iter()
        .enumerate()
        .map(|(k, (c, _))| {
            let lever = match &req.question {
                Question::Vacancy { id } => Lever::FillVacancy(FillVacancy {
                    id: id.clone(),
                    base: Some(c.base.clone()),
                    hours: None,
                }),
                Question::Additional { hours } => Lever::AddIro(AddIro {
                    id: "NEW".into(),
                    base: c.base.clone(),
                    hours: Some(*hours),
                    working_days: WeekdaySet::MON_FRI,
                    overnight: true,
                }),
            };
            Scenario::new(&format!("base{:02}", k + 1), &c.name, vec![lever])
        })
        .collect();
    let comparison = compare_with(
        cl,
        &Request {
            baseline: baseline.as_ref(),
            scenarios: &scenarios,
            project: req.project,
            ranges: true,
        },
    )?;
    let mut rows: Vec<BaseRow> = comparison
        .scenarios
        .iter()
        .skip(1)
        .zip(&chosen)
        .map(|(s, (c, included))| BaseRow {
            rank: 0,
            name: c.name.clone(),
            point: c.point,
            included: *included,
            screen_saving: screened
                .iter()
                .find(|x| x.candidate.name == c.name)
                .map_or(0.0, |x| x.saving),
            scenario: s.name.clone(),
            saving: s.saving,
            saving_range: s.saving_range.unwrap_or_default(),
            salary: 0.0 - s.saving.cost_posts,
            tied: false,
        })
        .collect();
    rows.sort_by(|a, b| b.net().total_cmp(&a.net()).then(a.name.cmp(&b.name)));
    let leader_low = rows.first().map_or(0.0, |r| r.net_range().0);
    for (k, r) in rows.iter_mut().enumerate() {
        r.rank = k + 1;
        r.tied = k > 0 && r.net_range().1 >= leader_low;
    }
    let robust = !rows.iter().any(|r| r.tied);
    Ok(BasesResult {
        question: req.question.clone(),
        comparator,
        screened: screened.len(),
        rows,
        robust,
        comparison,
    })
}

/// `bases.csv`: a row per candidate planned in full, best first:
/// `rank,candidate,screen_saving,travel_saving,net_saving,miles_saving,salary,` then the
/// ranges `travel_saving_low,travel_saving_high,net_saving_low,net_saving_high`, `tied`
/// (with the leader), `cash_saving,staff_hours_saving,co2_saving_t,included,lat,lon`.
pub fn bases_csv(r: &BasesResult) -> String {
    let mut o = String::from(
        "rank,candidate,screen_saving,travel_saving,net_saving,miles_saving,salary,travel_saving_low,travel_saving_high,net_saving_low,net_saving_high,tied,cash_saving,staff_hours_saving,co2_saving_t,included,lat,lon\n",
    );
    for row in &r.rows {
        let (lo, hi) = (&row.saving_range.low, &row.saving_range.high);
        o += &format!(
            "{},\"{}\",{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{:.2},{},{:.2},{:.2},{:.3},{},{:.5},{:.5}\n",
            row.rank,
            row.name.replace('"', "\"\""),
            row.screen_saving,
            row.travel(),
            row.net(),
            row.saving.miles,
            row.salary,
            lo.cost_travel,
            hi.cost_travel,
            lo.cost_total,
            hi.cost_total,
            row.tied,
            row.saving.cost_travel_cash,
            row.saving.drive_hours,
            row.saving.co2_t,
            row.included,
            row.point.lat(),
            row.point.lon(),
        );
    }
    o
}
