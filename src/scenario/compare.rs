//! Baseline and scenarios planned in parallel, with each figure's saving against the baseline.

use rayon::prelude::*;
use serde::Serialize;

use super::Scenario;
use super::projection::{ProjectionStats, project};
use crate::domain::Caseload;
use crate::error::Result;
use crate::io::outputs::Cell;
use crate::pipeline::{PlanResult, try_plan};

/// Working weeks in a year, used to turn drive hours into an FTE equivalent (52 weeks less
/// leave, bank holidays and training, as in Dorset's report).
pub const WORKING_WEEKS: f64 = 44.0;

/// Weeks in a year, for weekly placement costs.
pub const WEEKS_PER_YEAR: f64 = 52.0;

/// The figures of one plan (baseline or scenario). Money in £ a year, CO2 in tonnes.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Children planned in the year (known and projected, leavers included).
    pub children: f64,
    /// Mean children in care over the horizon (each child weighted by its share of the horizon
    /// in care): the caseload the service carries on average.
    pub children_in_care: f64,
    /// Reviews in the horizon.
    pub reviews: f64,
    /// Reviews of children known today.
    pub reviews_known: f64,
    /// Reviews of projected arrivals.
    pub reviews_projected: f64,
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub drive_hours: f64,
    /// Driving hours as FTE: hours / (fte_hours × working weeks).
    pub drive_fte: f64,
    /// Hotel nights.
    pub hotel_nights: f64,
    /// Mileage £.
    pub cost_mileage: f64,
    /// Staff time £ (driving).
    pub cost_staff: f64,
    /// Hotel £.
    pub cost_hotel: f64,
    /// Placement £ change against the baseline (weekly costs × 52; negative = cheaper).
    pub cost_placements: f64,
    /// Salary with on-costs of additional (or removed) posts, £ change against the baseline.
    pub cost_posts: f64,
    /// Travel + placement change + post change, £.
    pub cost_total: f64,
    /// Tonnes CO2e.
    pub co2_t: f64,
    /// Reviews on time, %.
    pub on_time_pct: f64,
    /// Smallest caseload per FTE among IROs in post.
    pub caseload_min_per_fte: f64,
    /// Mean caseload per FTE (children / FTE in post).
    pub caseload_mean_per_fte: f64,
    /// Largest caseload per FTE.
    pub caseload_max_per_fte: f64,
    /// FTE in post.
    pub fte: f64,
    /// FTE required: children / target per FTE.
    pub required_fte: f64,
    /// IRO hours a week required: required FTE × FTE hours.
    pub required_hours_per_week: f64,
    /// Children changing IRO.
    pub children_moved: f64,
}

macro_rules! fieldwise {
    ($a:expr, $b:expr, $op:tt, $($f:ident),*) => {
        Figures { $($f: $a.$f $op $b.$f),* }
    };
}

impl Figures {
    /// Figures of a plan, with the costs a scenario's levers carry themselves.
    pub fn of(cl: &Caseload, r: &PlanResult, placements_weekly: f64, posts_annual: f64) -> Figures {
        let s = &r.summary;
        let c = &cl.config.caseload;
        let per_fte: Vec<f64> = s
            .per_iro
            .iter()
            .filter(|i| i.fte > 0.0)
            .map(|i| i.per_fte)
            .collect();
        let cost_placements = placements_weekly * WEEKS_PER_YEAR;
        let children_in_care = mean_in_care(cl);
        let required_fte = children_in_care / c.target_per_fte;
        Figures {
            children: s.children as f64,
            children_in_care,
            reviews: s.reviews as f64,
            reviews_known: s.reviews_known as f64,
            reviews_projected: s.reviews_projected as f64,
            miles: s.miles,
            drive_hours: s.drive_hours,
            drive_fte: s.drive_hours / (c.fte_hours * WORKING_WEEKS),
            hotel_nights: s.hotel_nights as f64,
            cost_mileage: s.cost_mileage,
            cost_staff: s.cost_staff,
            cost_hotel: s.cost_hotel,
            cost_placements,
            cost_posts: posts_annual,
            cost_total: s.cost_total + cost_placements + posts_annual,
            co2_t: s.co2_kg / 1000.0,
            on_time_pct: s.on_time_pct,
            caseload_min_per_fte: per_fte
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min)
                .min(f64::MAX),
            caseload_mean_per_fte: if s.fte > 0.0 {
                children_in_care / s.fte
            } else {
                0.0
            },
            caseload_max_per_fte: per_fte.iter().copied().fold(0.0, f64::max),
            fte: s.fte,
            required_fte,
            required_hours_per_week: required_fte * c.fte_hours,
            children_moved: s.children_moved as f64,
        }
    }

    /// `base − self` for every figure (positive = this plan needs less of it).
    pub fn saving_against(&self, base: &Figures) -> Figures {
        fieldwise!(base, self, -, children, children_in_care, reviews, reviews_known, reviews_projected, miles,
            drive_hours, drive_fte, hotel_nights, cost_mileage, cost_staff, cost_hotel,
            cost_placements, cost_posts, cost_total, co2_t, on_time_pct, caseload_min_per_fte,
            caseload_mean_per_fte, caseload_max_per_fte, fte, required_fte,
            required_hours_per_week, children_moved)
    }

    /// (name, unit, value) of every figure, in a fixed order.
    pub fn rows(&self) -> Vec<(&'static str, &'static str, f64)> {
        vec![
            ("children", "children", self.children),
            ("children_in_care", "children", self.children_in_care),
            ("reviews", "reviews", self.reviews),
            ("reviews_known", "reviews", self.reviews_known),
            ("reviews_projected", "reviews", self.reviews_projected),
            ("miles", "miles", self.miles),
            ("drive_hours", "hours", self.drive_hours),
            ("drive_fte", "FTE", self.drive_fte),
            ("hotel_nights", "nights", self.hotel_nights),
            ("cost_mileage", "GBP", self.cost_mileage),
            ("cost_staff", "GBP", self.cost_staff),
            ("cost_hotel", "GBP", self.cost_hotel),
            ("cost_placements", "GBP", self.cost_placements),
            ("cost_posts", "GBP", self.cost_posts),
            ("cost_total", "GBP", self.cost_total),
            ("co2_t", "t CO2e", self.co2_t),
            ("on_time_pct", "%", self.on_time_pct),
            (
                "caseload_min_per_fte",
                "children/FTE",
                self.caseload_min_per_fte,
            ),
            (
                "caseload_mean_per_fte",
                "children/FTE",
                self.caseload_mean_per_fte,
            ),
            (
                "caseload_max_per_fte",
                "children/FTE",
                self.caseload_max_per_fte,
            ),
            ("fte", "FTE", self.fte),
            ("required_fte", "FTE", self.required_fte),
            (
                "required_hours_per_week",
                "hours/week",
                self.required_hours_per_week,
            ),
            ("children_moved", "children", self.children_moved),
        ]
    }
}

/// Mean number of children in care over the horizon: each child counts for the share of the
/// horizon between its arrival (or the start) and its leaving date (or the end).
pub fn mean_in_care(cl: &Caseload) -> f64 {
    let start = cl.config.horizon.start;
    let end = start
        .checked_add_months(chrono::Months::new(cl.config.horizon.months))
        .unwrap_or(start);
    let span = (end - start).num_days().max(1) as f64;
    cl.children
        .iter()
        .map(|c| {
            let from = c.looked_after_since.max(start);
            let to = c.leaves_care.map_or(end, |l| l.min(end));
            ((to - from).num_days().max(0) as f64 / span).min(1.0)
        })
        .sum()
}

/// One planned scenario (or the baseline).
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    /// Name (`baseline` for the baseline).
    pub name: String,
    /// Description.
    pub description: String,
    /// What the levers did.
    pub notes: Vec<String>,
    /// Figures.
    pub figures: Figures,
    /// Saving against the baseline (`baseline − scenario`; zero for the baseline).
    pub saving: Figures,
    /// The plan's full summary.
    #[serde(skip)]
    pub plan: Option<Box<PlanResult>>,
    /// The caseload planned.
    #[serde(skip)]
    pub caseload: Option<Box<Caseload>>,
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
    /// What the figures assume.
    pub assumptions: Vec<String>,
    /// The baseline first, then each scenario in the order given.
    pub scenarios: Vec<ScenarioResult>,
}

/// Plans the baseline and every scenario in parallel on the same projected year.
///
/// `baseline` is the caseload as loaded; the projection (if `project`) is applied to it first,
/// then each scenario's levers to the projected caseload.
///
/// # Errors
/// [`crate::Error::Input`] with every problem of every scenario (all scenarios are validated
/// before anything is planned); any plan's error (an allocation that cannot be made), named
/// after its scenario — never a plan from a fallback allocation.
pub fn compare(
    baseline: &Caseload,
    scenarios: &[Scenario],
    project_year: bool,
) -> Result<Comparison> {
    let mut base = baseline.clone();
    base.config.projection.enabled = project_year;
    let stats = project(&mut base);
    let mut applied = Vec::new();
    let mut errors = Vec::new();
    for s in scenarios {
        match s.apply(&base) {
            Ok(a) => applied.push((s, a)),
            Err(crate::Error::Input(es)) => errors.extend(es),
            Err(e) => return Err(e),
        }
    }
    if !errors.is_empty() {
        return Err(crate::Error::Input(errors));
    }
    let mut jobs: Vec<(String, String, Vec<String>, Caseload, f64, f64)> = vec![(
        "baseline".into(),
        "today's posts and placements".into(),
        Vec::new(),
        base.clone(),
        0.0,
        0.0,
    )];
    for (s, a) in applied {
        jobs.push((
            s.name.clone(),
            s.description.clone(),
            a.notes,
            a.caseload,
            a.placement_weekly_change,
            a.posts_annual_change,
        ));
    }
    // A plan that cannot be made fails the whole comparison, as `plan` fails: a figure from
    // another allocation than the optimised one would not compare like with like.
    let results: Vec<Result<ScenarioResult>> = jobs
        .into_par_iter()
        .map(|(name, description, notes, cl, weekly, posts)| {
            let r = try_plan(&cl).map_err(|e| in_scenario(&name, e))?;
            let figures = Figures::of(&cl, &r, weekly, posts);
            Ok(ScenarioResult {
                name,
                description,
                notes,
                figures,
                saving: Figures::default(),
                plan: Some(Box::new(r)),
                caseload: Some(Box::new(cl)),
            })
        })
        .collect();
    let mut results = collect_all(results)?;
    let base_fig = results[0].figures.clone();
    for r in &mut results {
        r.saving = r.figures.saving_against(&base_fig);
    }
    let cfg = &base.config;
    let assumptions = vec![
        format!(
            "projection {}: {} arrivals and {} leavers over {} months (seed {})",
            if project_year { "on" } else { "off" },
            stats.arrivals,
            stats.leavers,
            cfg.horizon.months,
            cfg.projection.seed
        ),
        format!(
            "placement £ = weekly cost change × {WEEKS_PER_YEAR} (internal £{}, external £{} a week); a child brought home becomes an internal placement",
            cfg.placements.internal_weekly, cfg.placements.external_weekly
        ),
        format!(
            "an additional post costs £{:.0} a year per FTE with on-costs; a filled vacancy is already budgeted",
            cfg.costs.iro_salary_with_oncosts
        ),
        format!(
            "drive FTE = drive hours / ({} h × {WORKING_WEEKS} working weeks); required FTE = mean children in care / {} per FTE",
            cfg.caseload.fte_hours, cfg.caseload.target_per_fte
        ),
        "saving = baseline − scenario (positive: the scenario needs less)".into(),
    ];
    Ok(Comparison {
        projected: project_year,
        seed: cfg.projection.seed,
        projection: stats,
        assumptions,
        scenarios: results,
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

/// Every plan, or every error of every failed plan (input errors together, in scenario order).
fn collect_all(results: Vec<Result<ScenarioResult>>) -> Result<Vec<ScenarioResult>> {
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

/// The wide comparison: `figure, unit`, a column per scenario (the baseline first), then a
/// `saving: <scenario>` column per scenario after the baseline; a row per figure. It is
/// `comparison.csv` and the Comparison sheet of `comparison.xlsx`.
pub fn comparison_wide(c: &Comparison) -> (Vec<String>, Vec<Vec<Cell>>) {
    let mut header = vec!["figure".to_string(), "unit".to_string()];
    header.extend(c.scenarios.iter().map(|s| s.name.clone()));
    header.extend(
        c.scenarios
            .iter()
            .skip(1)
            .map(|s| format!("saving: {}", s.name)),
    );
    let values: Vec<_> = c.scenarios.iter().map(|s| s.figures.rows()).collect();
    let savings: Vec<_> = c.scenarios.iter().map(|s| s.saving.rows()).collect();
    let mut rows = Vec::new();
    if let Some(first) = values.first() {
        for (k, (name, unit, _)) in first.iter().enumerate() {
            let mut row = vec![
                Cell::Text((*name).to_string()),
                Cell::Text((*unit).to_string()),
            ];
            row.extend(values.iter().map(|v| Cell::Num(v[k].2, 4)));
            row.extend(savings.iter().skip(1).map(|v| Cell::Num(v[k].2, 4)));
            rows.push(row);
        }
    }
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

/// `comparison_long.csv`: one row per scenario and figure:
/// `scenario,figure,unit,value,baseline,saving` (the long form `comparison.csv` had before
/// it became wide).
pub fn comparison_long_csv(c: &Comparison) -> String {
    let mut o = String::from("scenario,figure,unit,value,baseline,saving\n");
    let base = c
        .scenarios
        .first()
        .map(|s| s.figures.clone())
        .unwrap_or_default();
    let base_rows = base.rows();
    for s in &c.scenarios {
        for (((name, unit, v), (_, _, b)), (_, _, d)) in s
            .figures
            .rows()
            .into_iter()
            .zip(&base_rows)
            .zip(s.saving.rows())
        {
            o += &format!(
                "{},{name},{unit},{v:.4},{b:.4},{d:.4}\n",
                csv_field(&s.name)
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

/// The terminal table: one column per scenario, value and (saving).
pub fn comparison_table(c: &Comparison) -> String {
    let mut o = String::new();
    o += &format!("{:<24}", "figure");
    for s in &c.scenarios {
        o += &format!("{:>24}", truncate(&s.name, 23));
    }
    o += "\n";
    let rows: Vec<Vec<(&str, &str, f64)>> = c.scenarios.iter().map(|s| s.figures.rows()).collect();
    let savings: Vec<Vec<(&str, &str, f64)>> =
        c.scenarios.iter().map(|s| s.saving.rows()).collect();
    if let Some(first) = rows.first() {
        for (k, (name, _, _)) in first.iter().enumerate() {
            o += &format!("{name:<24}");
            for (j, r) in rows.iter().enumerate() {
                let v = r[k].2;
                let d = savings[j][k].2;
                let dec = if v.abs() < 100.0 { 1 } else { 0 };
                if j == 0 {
                    o += &format!("{:>24}", format!("{v:.dec$}"));
                } else {
                    o += &format!("{:>24}", format!("{v:.dec$} ({d:+.dec$})"));
                }
            }
            o += "\n";
        }
    }
    o += "(in brackets: saving against the baseline)\n";
    for a in &c.assumptions {
        o += &format!("- {a}\n");
    }
    o
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
