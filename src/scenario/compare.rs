//! A baseline and scenarios planned in parallel on the same projected year; each figure's
//! value, difference and verdict against the baseline, each saving with its range.
//!
//! The baseline is today's posts and placements, or itself a scenario
//! ([`Request::baseline`]): with "vacancy filled in Dorchester" as the baseline, "vacancy
//! filled in Birmingham" is compared like with like. Each scenario is then planned on top of
//! the baseline scenario ([`Scenario::over`]).

use rayon::prelude::*;
use serde::Serialize;

use super::Scenario;
use super::figures::{
    FIGURES, FigureDef, FigureValues, Figures, Savings, Verdict, Verdicts, WEEKS_PER_YEAR,
    WORKING_WEEKS,
};
use super::holding::PostHolding;
use super::levers::{Effect, PostChange};
use super::projection::{ProjectionStats, project};
use super::ranges::Assumptions;
use crate::domain::Caseload;
use crate::error::Result;
use crate::io::outputs::Cell;
use crate::pipeline::{PlanResult, try_plan};

/// What to compare.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The baseline scenario (`None`: today's posts and placements).
    pub baseline: Option<&'a Scenario>,
    /// The scenarios, in order.
    pub scenarios: &'a [Scenario],
    /// Project arrivals and leavers over the horizon.
    pub project: bool,
    /// Plan each scenario again under low- and high-travel assumptions for the ranges
    /// ([`super::ranges`]).
    pub ranges: bool,
}

/// The smallest and largest saving of each figure over the assumption sets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SavingRange {
    /// Smallest saving.
    pub low: Savings,
    /// Largest saving.
    pub high: Savings,
}

/// One planned scenario (or the baseline).
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    /// Name (`baseline` for the baseline).
    pub name: String,
    /// Description.
    pub description: String,
    /// What the levers did (for a scenario on top of a baseline scenario, the baseline's
    /// levers first).
    pub notes: Vec<String>,
    /// What each lever did.
    pub changes: Vec<Effect>,
    /// How many of `changes` come from the baseline scenario.
    pub inherited: usize,
    /// Figures.
    pub figures: Figures,
    /// Scenario − baseline, every figure (zero for the baseline).
    pub difference: FigureValues,
    /// Better or worse than the baseline, every figure ([`super::figures::Direction`]).
    pub better: Verdicts,
    /// Baseline − scenario, for money, miles, hours and CO2 only (zero for the baseline).
    pub saving: Savings,
    /// The saving's range over the low- and high-travel assumptions (`None` without ranges).
    pub saving_range: Option<SavingRange>,
    /// What the post this scenario changes would hold (the last post its own levers change).
    pub post: Option<PostHolding>,
    /// The plan's full summary.
    #[serde(skip)]
    pub plan: Option<Box<PlanResult>>,
    /// The caseload planned.
    #[serde(skip)]
    pub caseload: Option<Box<Caseload>>,
}

impl ScenarioResult {
    /// The post changes of this scenario's own levers (not the baseline scenario's).
    pub fn own_posts(&self) -> impl Iterator<Item = &PostChange> {
        self.changes
            .iter()
            .skip(self.inherited)
            .filter_map(|e| e.post.as_ref())
    }
}

/// Baseline and scenarios on the same projected year.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Whether the projection of arrivals and leavers was applied.
    pub projected: bool,
    /// Projection seed.
    pub seed: u64,
    /// Arrivals and leavers of the projection.
    pub projection: ProjectionStats,
    /// The scenario used as the baseline (`None`: today's posts and placements).
    pub baseline_scenario: Option<String>,
    /// What the figures assume.
    pub assumptions: Vec<String>,
    /// The figure-direction table: every figure's key, label, unit, measure and direction.
    pub figure_table: &'static [FigureDef],
    /// The baseline first, then each scenario in the order given.
    pub scenarios: Vec<ScenarioResult>,
}

/// One figure across a comparison: the row of a table with a column per scenario (the
/// terminal table, the long CSV, the report, a wide CSV or spreadsheet).
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// The figure.
    pub def: &'static FigureDef,
    /// Value per scenario (baseline first).
    pub values: Vec<f64>,
    /// Scenario − baseline per scenario.
    pub differences: Vec<f64>,
    /// Verdict per scenario.
    pub verdicts: Vec<Verdict>,
    /// Saving per scenario, for money, miles, hours and CO2 (`None` otherwise).
    pub savings: Vec<Option<f64>>,
    /// Saving range (low, high) per scenario, where ranges were computed.
    pub ranges: Vec<Option<(f64, f64)>>,
}

impl Comparison {
    /// Every figure as a row with a column per scenario, in [`FIGURES`] order.
    pub fn rows(&self) -> Vec<FigureRow> {
        FIGURES
            .iter()
            .map(|def| {
                let all = |f: &dyn Fn(&ScenarioResult) -> f64| -> Vec<f64> {
                    self.scenarios.iter().map(f).collect()
                };
                FigureRow {
                    def,
                    values: all(&|s| s.figures.get(def.key)),
                    differences: all(&|s| s.difference.get(def.key).unwrap_or(0.0)),
                    verdicts: self
                        .scenarios
                        .iter()
                        .map(|s| s.better.get(def.key).unwrap_or(Verdict::Same))
                        .collect(),
                    savings: self
                        .scenarios
                        .iter()
                        .map(|s| s.saving.get(def.key))
                        .collect(),
                    ranges: self
                        .scenarios
                        .iter()
                        .map(|s| {
                            let r = s.saving_range.as_ref()?;
                            Some((r.low.get(def.key)?, r.high.get(def.key)?))
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

/// Plans the baseline (today's) and every scenario in parallel on the same projected year,
/// with ranges.
///
/// # Errors
/// As [`compare_with`].
pub fn compare(
    baseline: &Caseload,
    scenarios: &[Scenario],
    project_year: bool,
) -> Result<Comparison> {
    compare_with(
        baseline,
        &Request {
            baseline: None,
            scenarios,
            project: project_year,
            ranges: true,
        },
    )
}

/// One plan to make: a scenario under one set of assumptions.
struct Job {
    scenario: usize,
    set: Assumptions,
    caseload: Caseload,
}

/// Plans the baseline and every scenario in parallel on the same projected year.
///
/// `caseload` is as loaded; the projection (if `req.project`) is applied to it first, then the
/// baseline scenario's levers, then each scenario's on top of them.
///
/// # Errors
/// [`crate::Error::Input`] with every problem of every scenario (all scenarios are validated
/// before anything is planned); any plan's error (an allocation that cannot be made), named
/// after its scenario — never a plan from a fallback allocation.
pub fn compare_with(caseload: &Caseload, req: &Request) -> Result<Comparison> {
    let Prepared {
        base,
        stats,
        planned,
        applied,
    } = prepare(caseload, req)?;
    let sets: &[Assumptions] = if req.ranges {
        &Assumptions::ALL
    } else {
        &Assumptions::ALL[..1]
    };
    let jobs: Vec<Job> = applied
        .iter()
        .enumerate()
        .flat_map(|(k, a)| {
            sets.iter().map(move |&set| {
                let mut caseload = a.caseload.clone();
                caseload.config = set.apply(&caseload.config);
                Job {
                    scenario: k,
                    set,
                    caseload,
                }
            })
        })
        .collect();
    let plans: Vec<Result<(usize, Assumptions, Caseload, PlanResult)>> = jobs
        .into_par_iter()
        .map(|j| {
            let r = try_plan(&j.caseload).map_err(|e| in_scenario(&planned[j.scenario].0, e))?;
            Ok((j.scenario, j.set, j.caseload, r))
        })
        .collect();
    let plans = collect_all(plans)?;
    // Figures per scenario and set.
    let mut by_set: Vec<Vec<Option<Figures>>> = vec![vec![None; sets.len()]; planned.len()];
    let mut central: Vec<Option<(Caseload, PlanResult)>> =
        (0..planned.len()).map(|_| None).collect();
    for (k, set, cl, r) in plans {
        let a = &applied[k];
        let f = Figures::of(&cl, &r, a.placement_weekly_change, a.posts_annual_change);
        let s = sets.iter().position(|x| *x == set).unwrap_or(0);
        by_set[k][s] = Some(f);
        if set == Assumptions::Central {
            central[k] = Some((cl, r));
        }
    }
    let figures_of = |k: usize, s: usize| by_set[k][s].clone().unwrap_or_default();
    let mut results = Vec::new();
    for (k, ((name, description, scenario), a)) in planned.iter().zip(applied).enumerate() {
        let figures = figures_of(k, 0);
        let base_fig = figures_of(0, 0);
        let difference = FigureValues::difference(&base_fig, &figures);
        let saving_range = req.ranges.then(|| {
            let savings: Vec<Savings> = (0..sets.len())
                .map(|s| Savings::between(&figures_of(0, s), &figures_of(k, s)))
                .collect();
            SavingRange {
                low: savings.iter().fold(savings[0], |m, x| m.zip(x, f64::min)),
                high: savings.iter().fold(savings[0], |m, x| m.zip(x, f64::max)),
            }
        });
        let (cl, r) = central[k]
            .take()
            .ok_or_else(|| crate::Error::Solver(format!("scenario '{name}': no central plan")))?;
        let own = a.effects.iter().skip(scenario.inherited);
        let post = own
            .filter_map(|e| e.post.as_ref())
            .rfind(|p| !cl.iro(p.iro).vacant)
            .map(|p| PostHolding::of(&cl, &r, p.iro));
        results.push(ScenarioResult {
            name: name.clone(),
            description: description.clone(),
            notes: a.notes,
            changes: a.effects,
            inherited: scenario.inherited,
            better: Verdicts::of(&difference),
            saving: Savings::between(&base_fig, &figures),
            difference,
            figures,
            saving_range,
            post,
            plan: Some(Box::new(r)),
            caseload: Some(Box::new(cl)),
        });
    }
    let cfg = &base.config;
    let mut assumptions = vec![
        format!(
            "projection {}: {} arrivals and {} leavers over {} months (seed {})",
            if req.project { "on" } else { "off" },
            stats.arrivals,
            stats.leavers,
            cfg.horizon.months,
            cfg.projection.seed
        ),
        match req.baseline {
            Some(b) => format!(
                "baseline: the scenario '{}' ({}); each scenario is planned on top of it, its own levers replacing the baseline's where both set the same thing",
                b.name, b.description
            ),
            None => "baseline: today's posts and placements".into(),
        },
        format!(
            "road miles = straight-line miles × {}; hours = {} h + miles / {} mph; {}p a mile, £{} an hour of staff time, £{} a hotel night",
            cfg.travel.road_factor,
            cfg.travel.fixed_hours,
            cfg.travel.mph,
            cfg.costs.mileage_per_mile * 100.0,
            cfg.costs.staff_per_hour,
            cfg.costs.hotel_per_night
        ),
        format!(
            "travel cash = mileage + hotels; staff time on the road = drive hours × £{}; travel total = cash + staff time; all-in = travel total + posts + placements + agency cover (£{} a review an agency chairs)",
            cfg.costs.staff_per_hour, cfg.absence.agency_cost_per_review
        ),
        format!(
            "placements £ = weekly cost change × {WEEKS_PER_YEAR} (internal £{}, external £{} a week); a child brought home becomes an internal placement",
            cfg.placements.internal_weekly, cfg.placements.external_weekly
        ),
        format!(
            "an additional post costs {} a year per FTE with on-costs; a filled vacancy is already budgeted",
            crate::report::fmt_gbp(cfg.costs.iro_salary_with_oncosts)
        ),
        format!(
            "drive FTE = drive hours / ({} h × {WORKING_WEEKS} working weeks); required FTE = mean children in care / {} per FTE; caseloads per FTE count children in care at a time (distinct children over the year / the turnover factor, as the band is scaled)",
            cfg.caseload.fte_hours, cfg.caseload.target_per_fte
        ),
        "saving = baseline − scenario (positive: the scenario needs less), for money, miles, hours and CO2 only; difference = scenario − baseline".into(),
    ];
    if req.ranges {
        assumptions.push(Assumptions::describe(cfg));
    }
    Ok(Comparison {
        projected: req.project,
        seed: cfg.projection.seed,
        projection: stats,
        baseline_scenario: req.baseline.map(|b| b.name.clone()),
        assumptions,
        figure_table: FIGURES,
        scenarios: results,
    })
}

/// Checks every scenario of a request against the caseload, as [`compare_with`] does before
/// it plans anything, without planning.
///
/// # Errors
/// [`crate::Error::Input`] with every problem of every scenario.
pub fn validate(caseload: &Caseload, req: &Request) -> Result<()> {
    prepare(caseload, req).map(|_| ())
}

/// The projection's figures, and every scenario with its levers applied.
struct Prepared {
    /// The projected baseline.
    base: Caseload,
    stats: ProjectionStats,
    /// Name, description and scenario (on top of the baseline scenario); the baseline first.
    planned: Vec<(String, String, Scenario)>,
    applied: Vec<super::Applied>,
}

/// Projects the year and applies every scenario's levers, collecting every problem.
fn prepare(caseload: &Caseload, req: &Request) -> Result<Prepared> {
    let mut base = caseload.clone();
    base.config.projection.enabled = req.project;
    let stats = project(&mut base);
    let mut planned: Vec<(String, String, Scenario)> = Vec::new();
    let base_scenario = match req.baseline {
        Some(b) => b.clone(),
        None => Scenario::new("baseline", "today's posts and placements", Vec::new()),
    };
    let base_description = if req.baseline.is_some() {
        base_scenario.description.clone()
    } else {
        "today's posts and placements".to_string()
    };
    planned.push(("baseline".into(), base_description, base_scenario.clone()));
    for s in req.scenarios {
        planned.push((
            s.name.clone(),
            s.description.clone(),
            s.over(&base_scenario),
        ));
    }
    let mut applied = Vec::new();
    let mut errors = Vec::new();
    for (_, _, s) in &planned {
        match s.apply(&base) {
            Ok(a) => applied.push(a),
            Err(crate::Error::Input(es)) => errors.extend(es),
            Err(e) => return Err(e),
        }
    }
    if !errors.is_empty() {
        return Err(crate::Error::Input(errors));
    }
    Ok(Prepared {
        base,
        stats,
        planned,
        applied,
    })
}

/// Names the scenario whose plan failed in each of its errors.
fn in_scenario(name: &str, e: crate::Error) -> crate::Error {
    match e {
        crate::Error::Input(es) => crate::Error::Input(
            es.into_iter()
                .map(|mut x| {
                    x.problem = format!("{} (planning scenario '{name}')", x.problem);
                    x
                })
                .collect(),
        ),
        crate::Error::Solver(m) => crate::Error::Solver(format!("scenario '{name}': {m}")),
        other => other,
    }
}

/// Every plan, or every error of every failed plan (input errors together).
fn collect_all<T>(results: Vec<Result<T>>) -> Result<Vec<T>> {
    let mut ok = Vec::new();
    let mut input = Vec::new();
    let mut other = None;
    for r in results {
        match r {
            Ok(s) => ok.push(s),
            Err(crate::Error::Input(es)) => input.extend(es),
            Err(e) => {
                other.get_or_insert(e);
            }
        }
    }
    if !input.is_empty() {
        return Err(crate::Error::Input(input));
    }
    match other {
        Some(e) => Err(e),
        None => Ok(ok),
    }
}

/// A number as written in the CSV: whole for counts, four decimals otherwise.
fn csv_number(def: &FigureDef, v: f64) -> String {
    if def.is_count() {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.4}")
    }
}

/// The wide comparison: `figure, unit`, a column per scenario (the baseline first), then a
/// `saving: <scenario>` column per scenario after the baseline (empty for a figure without a
/// saving: not money, miles, hours or CO2); then per scenario after the baseline its
/// `difference: `, `better: ` (better, worse, same, or empty for context), `saving low: ` and
/// `saving high: ` columns; then each figure's `label` and `direction`. A row per figure, in
/// [`FIGURES`] order. It is `comparison.csv` and the Comparison sheet of `comparison.xlsx`.
pub fn comparison_wide(c: &Comparison) -> (Vec<String>, Vec<Vec<Cell>>) {
    let after: Vec<&str> = c
        .scenarios
        .iter()
        .skip(1)
        .map(|s| s.name.as_str())
        .collect();
    let mut header = vec!["figure".to_string(), "unit".to_string()];
    header.extend(c.scenarios.iter().map(|s| s.name.clone()));
    for prefix in [
        "saving",
        "difference",
        "better",
        "saving low",
        "saving high",
    ] {
        header.extend(after.iter().map(|n| format!("{prefix}: {n}")));
    }
    header.extend(["label".to_string(), "direction".to_string()]);
    let rows = c
        .rows()
        .into_iter()
        .map(|row| {
            let num = |v: f64| {
                if row.def.is_count() {
                    Cell::Int(v.round() as i64)
                } else {
                    Cell::Num(v, 4)
                }
            };
            let maybe = |v: Option<f64>| v.map_or(Cell::Text(String::new()), |x| Cell::Num(x, 4));
            let n = c.scenarios.len();
            let mut cells = vec![
                Cell::Text(row.def.key.to_string()),
                Cell::Text(row.def.unit.to_string()),
            ];
            cells.extend(row.values.iter().map(|&v| num(v)));
            cells.extend((1..n).map(|j| maybe(row.savings[j])));
            cells.extend((1..n).map(|j| num(row.differences[j])));
            cells.extend((1..n).map(|j| Cell::Text(row.verdicts[j].as_str().to_string())));
            cells.extend((1..n).map(|j| maybe(row.ranges[j].map(|r| r.0))));
            cells.extend((1..n).map(|j| maybe(row.ranges[j].map(|r| r.1))));
            let direction = serde_json::to_value(row.def.direction)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            cells.extend([Cell::Text(row.def.label.to_string()), Cell::Text(direction)]);
            cells
        })
        .collect();
    (header, rows)
}

/// `comparison.csv`: the wide comparison ([`comparison_wide`]).
///
/// # Errors
/// If a row cannot be written.
pub fn comparison_csv(c: &Comparison) -> crate::Result<Vec<u8>> {
    let (header, rows) = comparison_wide(c);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    crate::io::outputs::csv_bytes(
        &header,
        rows.iter().map(|r| r.iter().map(Cell::text).collect()),
    )
}

/// `comparison_long.csv` (the long form `comparison.csv` had before it became wide): one row
/// per scenario and figure,
/// `scenario,figure,unit,value,baseline,saving,difference,better,saving_low,saving_high`
/// (`saving` and its range only for money, miles, hours and CO2; `better` is `better`,
/// `worse`, `same` or empty for a figure that is context).
pub fn comparison_long_csv(c: &Comparison) -> String {
    let mut o = String::from(
        "scenario,figure,unit,value,baseline,saving,difference,better,saving_low,saving_high\n",
    );
    let rows = c.rows();
    for (j, s) in c.scenarios.iter().enumerate() {
        for row in &rows {
            let n = |v: f64| csv_number(row.def, v);
            let (lo, hi) = row.ranges[j].map_or((String::new(), String::new()), |(l, h)| {
                (format!("{l:.4}"), format!("{h:.4}"))
            });
            o += &format!(
                "{},{},{},{},{},{},{},{},{lo},{hi}\n",
                csv_field(&s.name),
                row.def.key,
                row.def.unit,
                n(row.values[j]),
                n(row.values[0]),
                row.savings[j].map_or(String::new(), |v| format!("{v:.4}")),
                n(row.differences[j]),
                row.verdicts[j].as_str(),
            );
        }
    }
    o
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
