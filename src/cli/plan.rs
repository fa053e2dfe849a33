//! `plan` and `check`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::DataArgs;
use crate::error::{Error, Result};
use crate::io::outputs::{
    AllocationSummary, Staging, allocation_sheet, write_json, write_plan_csvs,
};
use crate::pipeline::{PlanResult, Summary};
use crate::progress::Progress;
use crate::quality::DataQuality;

/// Arguments of `plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Inputs.
    #[command(flatten)]
    pub data: DataArgs,
    /// Output folder.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// How the plan is made.
    #[command(flatten)]
    pub how: PlanHowArgs,
    /// Write a report for a public paper: no child ids, IROs numbered, locations coarsened.
    #[arg(long)]
    pub public: bool,
}

/// How a plan is made: shared by `plan` and `rota` (a rota is a week of this same plan).
#[derive(Debug, Clone, Args)]
pub struct PlanHowArgs {
    /// Horizon overrides.
    #[command(flatten)]
    pub horizon: HorizonArgs,
    /// With a `council` column: plan one pooled service (any IRO may hold any council's
    /// child) instead of independent councils (overrides config `allocation.pooled`).
    #[arg(long)]
    pub pooled: bool,
    /// Optimised moves allowed beyond those a vacancy, the band or reach requires: a number or
    /// `all` (overrides config `allocation.rebalance`; default: continuity, no optimised move).
    #[arg(long, value_name = "N|all")]
    pub rebalance: Option<crate::config::Rebalance>,
    /// The folder of a previous plan: re-plan keeping its reviews' dates unless a rule moves
    /// them, and list every change and why (terminal and `changes.csv`).
    #[arg(long, value_name = "OUTDIR")]
    pub previous: Option<PathBuf>,
}

/// A plan made from the command line, with what it was made from.
pub struct Made {
    /// The inputs.
    pub caseload: crate::domain::Caseload,
    /// The data-quality findings of the inputs.
    pub quality: DataQuality,
    /// The plan.
    pub result: PlanResult,
    /// With `--previous`: every review that changed, and why.
    pub changes: Option<Vec<crate::replan::Change>>,
}

/// Loads the inputs and makes the plan `plan` makes (and `rota` shows a week of).
///
/// # Errors
/// Bad inputs or options, an unreadable previous plan, a solver failure.
pub fn make_plan(data: &DataArgs, how: &PlanHowArgs, progress: &Progress) -> Result<Made> {
    progress.stage("loading", None);
    let loaded = load_report(data, how.horizon.start, how.horizon.months)?;
    let mut caseload = loaded.caseload;
    caseload.config.allocation.pooled |= how.pooled;
    if let Some(r) = how.rebalance {
        caseload.config.allocation.rebalance = r;
    }
    let quality = DataQuality::assess(&caseload, Some(&loaded.report));
    let previous = match &how.previous {
        Some(dir) => Some(crate::replan::PreviousPlan::read(dir)?),
        None => None,
    };
    if let Some(p) = &previous {
        super::print_warnings(p.keep_allocation(&mut caseload));
    }
    let options = crate::schedule::ScheduleOptions {
        previous: previous
            .as_ref()
            .map(|p| std::sync::Arc::new(p.dates(&caseload))),
        ..Default::default()
    };
    let result = crate::pipeline::try_plan_with_options(&caseload, &options, progress)?;
    let changes = previous
        .as_ref()
        .map(|p| crate::replan::changes(&caseload, p, &result.plan));
    Ok(Made {
        caseload,
        quality,
        result,
        changes,
    })
}

/// Arguments of `allocate`.
#[derive(Debug, Args)]
pub struct AllocateArgs {
    /// Inputs.
    #[command(flatten)]
    pub data: DataArgs,
    /// Most children that may change IRO (overrides config).
    #[arg(long)]
    pub max_changes: Option<u32>,
    /// Also print the price of continuity: the objective for these change budgets.
    #[arg(long, value_delimiter = ',')]
    pub continuity: Vec<u32>,
    /// Output folder for `allocation.csv` and `summary.json`.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Horizon overrides (the reviews expected in it weigh the travel).
    #[command(flatten)]
    pub horizon: HorizonArgs,
}

/// The planning horizon from the command line, overriding `config.toml`'s `[horizon]`.
#[derive(Debug, Clone, Args)]
pub struct HorizonArgs {
    /// First day of the horizon (overrides config; YYYY-MM-DD or dd/mm/yyyy).
    #[arg(long, value_parser = super::date_arg)]
    pub start: Option<NaiveDate>,
    /// Horizon length in months (overrides config).
    #[arg(long)]
    pub months: Option<u32>,
}

/// Runs `allocate`: writes `allocation.csv` and `summary.json`, prints the per-IRO table and
/// required FTE.
///
/// # Errors
/// Bad inputs, a solver failure or an unwritable output folder.
pub fn run_allocate(args: &AllocateArgs) -> Result<i32> {
    let caseload = load(&args.data, args.horizon.start, args.horizon.months)?;
    let policy = crate::policy::Policy::new(&caseload);
    let options = crate::allocate::AllocateOptions {
        max_changes: args.max_changes,
        unreachable: crate::pipeline::reach_limits(&caseload, &policy),
        ..Default::default()
    };
    let r = crate::allocate::allocate(&caseload, &options)?;
    let mut staging = Staging::new(&args.out, "allocate")?;
    staging.write(
        "allocation.csv",
        &allocation_sheet(&caseload, &r.assignment).csv()?,
    )?;
    write_json(
        &mut staging,
        "summary.json",
        &AllocationSummary::of(&caseload, &r),
    )?;
    staging.commit()?;
    out!("{}", r.table(&caseload));
    outln!("allocation written to {}", args.out.display());
    if !args.continuity.is_empty() {
        let curve = crate::allocate::continuity_curve(&caseload, &options, &args.continuity)?;
        outln!("price of continuity (children allowed to move → £ a year):");
        let mut prev: Option<(u32, f64)> = None;
        for (n, obj) in curve {
            match prev {
                Some((pn, po)) if n > pn => outln!(
                    "  {n:>5} moves: £{obj:>10.0}  (£{:.0} saved per extra move)",
                    (po - obj) / (n - pn) as f64
                ),
                _ => outln!("  {n:>5} moves: £{obj:>10.0}"),
            }
            prev = Some((n, obj));
        }
    }
    Ok(if r.shortfall_children > 0 { 1 } else { 0 })
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Inputs the plan was made from.
    #[command(flatten)]
    pub data: DataArgs,
    /// Folder of the written plan.
    #[arg(long, default_value = "out")]
    pub plan: PathBuf,
    /// The plan was made with `plan --pooled` (children may be held by other councils' IROs).
    #[arg(long)]
    pub pooled: bool,
    /// The plan was made with `plan --start` (same day).
    #[arg(long, value_parser = super::date_arg)]
    pub start: Option<NaiveDate>,
    /// The plan was made with `plan --months` (same length).
    #[arg(long)]
    pub months: Option<u32>,
}

/// Loads the caseload with command-line overrides applied before validation; prints the
/// input warnings on stderr.
///
/// # Errors
/// Bad inputs or options.
pub fn load(
    data: &DataArgs,
    start: Option<NaiveDate>,
    months: Option<u32>,
) -> Result<crate::domain::Caseload> {
    load_report(data, start, months).map(|l| l.caseload)
}

/// As [`load`], keeping what reading found (for the data-quality report).
///
/// # Errors
/// Bad inputs or options.
pub fn load_report(
    data: &DataArgs,
    start: Option<NaiveDate>,
    months: Option<u32>,
) -> Result<crate::io::Loaded> {
    let paths = data.paths()?;
    if let Some(m) = months
        && !(1..=36).contains(&m)
    {
        return Err(Error::Usage(format!("--months {m}: expected 1 to 36")));
    }
    let loaded = crate::io::load_full(&paths, |config| {
        if let Some(s) = start {
            config.horizon.start = s;
        }
        if let Some(m) = months {
            config.horizon.months = m;
        }
    })?;
    super::print_warnings(&loaded.report.warnings);
    Ok(loaded)
}

/// Writes every output file of a plan.
///
/// # Errors
/// If a file cannot be written.
pub fn write_plan(
    out: &std::path::Path,
    caseload: &crate::domain::Caseload,
    r: &PlanResult,
) -> Result<()> {
    write_plan_with(out, caseload, r, &crate::report::ReportOptions::default())
}

/// As [`write_plan`], with report options.
///
/// # Errors
/// If a file cannot be written.
pub fn write_plan_with(
    out: &std::path::Path,
    caseload: &crate::domain::Caseload,
    r: &PlanResult,
    options: &crate::report::ReportOptions,
) -> Result<()> {
    let mut staging = Staging::new(out, "plan")?;
    write_plan_into(&mut staging, caseload, r, options)?;
    staging.commit()
}

/// Writes every output file of a plan into `staging` (at its current folder).
///
/// # Errors
/// If a file cannot be written.
pub fn write_plan_into(
    staging: &mut Staging,
    caseload: &crate::domain::Caseload,
    r: &PlanResult,
    options: &crate::report::ReportOptions,
) -> Result<()> {
    let quality = options
        .data_quality
        .clone()
        .unwrap_or_else(|| DataQuality::assess(caseload, None))
        .with_plan(caseload, &r.plan);
    let options = crate::report::ReportOptions {
        data_quality: Some(quality.clone()),
        ..options.clone()
    };
    write_plan_csvs(staging, caseload, &r.plan, &r.figures)?;
    crate::io::outputs::write_weeks_csv(staging, caseload, &r.weeks)?;
    write_json(staging, "summary.json", &r.summary)?;
    write_json(staging, "data_quality.json", &quality)?;
    staging.write("data_quality.txt", quality.to_text().as_bytes())?;
    let tempdir = staging.staged("");
    let xlsx = crate::io::xlsx::plan_xlsx(caseload, r, &quality, &tempdir)?;
    staging.write("plan.xlsx", &xlsx)?;
    crate::report::write_calendars(staging, caseload, &r.plan)?;
    let html = crate::report::plan_html_with(caseload, r, &options);
    staging.write("report.html", html.as_bytes())
}

/// Runs `plan`.
///
/// # Errors
/// Bad inputs or unwritable output.
pub fn run_plan(args: &PlanArgs, progress: &Progress) -> Result<i32> {
    let t0 = std::time::Instant::now();
    Staging::check_target(&args.out)?;
    let Made {
        caseload,
        quality,
        result: mut r,
        changes,
    } = make_plan(&args.data, &args.how, progress)?;
    r.summary.solver.total_seconds = t0.elapsed().as_secs_f64();
    let options = crate::report::ReportOptions {
        hide_ids: args.public,
        data_quality: Some(quality),
        ..Default::default()
    };
    progress.stage("writing", None);
    let mut staging = Staging::new(&args.out, "plan")?;
    write_plan_into(&mut staging, &caseload, &r, &options)?;
    if let Some(c) = &changes {
        staging.write("changes.csv", &crate::io::outputs::changes_sheet(c).csv()?)?;
    }
    staging.commit()?;
    progress.finish();
    out!("{}", summary_table_for(&r.summary, &caseload));
    if let Some(c) = &changes {
        out!("{}", crate::replan::changes_text(c, MAX_CHANGE_ROWS));
    }
    outln!("plan written to {}", args.out.display());
    let failed = r.shortfalls();
    if !failed.is_empty() {
        outln!("exit 1: a hard rule could not be met (the plan is written):");
        for f in &failed {
            outln!("  {f}");
        }
    }
    Ok(i32::from(!failed.is_empty()))
}

/// Changes listed on the terminal after a re-plan (every one is in `changes.csv`).
const MAX_CHANGE_ROWS: usize = 200;

/// Runs `check`.
///
/// # Errors
/// Bad inputs.
pub fn run_check(args: &CheckArgs) -> Result<i32> {
    let mut caseload = load(&args.data, args.start, args.months)?;
    caseload.config.allocation.pooled |= args.pooled;
    let report = crate::check::check_plan_dir(&caseload, &args.plan)?;
    out!("{report}");
    Ok(if report.is_ok() { 0 } else { 1 })
}

/// Above this many IROs the terminal shows one row per council (or the busiest IROs); every
/// IRO is in `caseloads.csv` and `summary.json` whatever the size.
const MAX_IRO_ROWS: usize = 40;

/// The terminal summary of a plan: per-IRO rows for a council, per-council rows for a data set
/// of several councils with more than [`MAX_IRO_ROWS`] IROs.
pub fn summary_table_for(s: &Summary, caseload: &crate::domain::Caseload) -> String {
    let councils: std::collections::BTreeSet<Option<&str>> =
        caseload.iros.iter().map(|i| i.council.as_deref()).collect();
    if s.per_iro.len() <= MAX_IRO_ROWS {
        return summary_table(s);
    }
    let mut o = summary_head(s);
    if councils.len() > 1 {
        o += &council_rows(s, caseload);
    } else {
        o += &format!(
            "{} IROs: the {} with most miles (every IRO in caseloads.csv)\n",
            s.per_iro.len(),
            MAX_IRO_ROWS
        );
        let mut rows: Vec<&crate::cost::IroFigures> = s.per_iro.iter().collect();
        rows.sort_by(|a, b| b.travel.miles.total_cmp(&a.travel.miles));
        o += &iro_rows(rows.into_iter().take(MAX_IRO_ROWS));
    }
    o += &summary_tail(s);
    o
}

/// One row per council: children, IROs, FTE, reviews, trips, miles, £ (travel), IROs over band.
fn council_rows(s: &Summary, caseload: &crate::domain::Caseload) -> String {
    #[derive(Default)]
    struct Row {
        iros: usize,
        fte: f64,
        children: usize,
        reviews: usize,
        trips: usize,
        miles: f64,
        cost: f64,
        over: usize,
    }
    let council_of: std::collections::HashMap<&str, &str> = caseload
        .iros
        .iter()
        .map(|i| {
            (
                i.external_id.as_str(),
                i.council.as_deref().unwrap_or("(none)"),
            )
        })
        .collect();
    let mut rows: std::collections::BTreeMap<&str, Row> = std::collections::BTreeMap::new();
    for f in &s.per_iro {
        let council = council_of
            .get(f.iro_id.as_str())
            .copied()
            .unwrap_or("(none)");
        let r = rows.entry(council).or_default();
        r.iros += usize::from(f.fte > 0.0);
        r.fte += f.fte;
        r.children += f.children;
        r.reviews += f.reviews;
        r.trips += f.trips;
        r.miles += f.travel.miles;
        r.cost += f.travel.total();
        r.over += usize::from(f.children > f.band_max as usize);
    }
    let mut o = format!(
        "{:<28}{:>6}{:>8}{:>9}{:>9}{:>7}{:>10}{:>11}{:>6}\n",
        "council", "IROs", "FTE", "children", "reviews", "trips", "miles", "£", "over"
    );
    for (name, r) in &rows {
        let name: String = name.chars().take(27).collect();
        o += &format!(
            "{:<28}{:>6}{:>8.2}{:>9}{:>9}{:>7}{:>10.0}{:>11.0}{:>6}\n",
            name, r.iros, r.fte, r.children, r.reviews, r.trips, r.miles, r.cost, r.over
        );
    }
    o
}

/// The terminal summary of a plan with a row for every IRO.
pub fn summary_table(s: &Summary) -> String {
    let mut o = summary_head(s);
    o += &iro_rows(s.per_iro.iter());
    o += &summary_tail(s);
    o
}

fn summary_head(s: &Summary) -> String {
    let mut o = String::new();
    let n = &s.naive;
    o += &format!(
        "Plan {} to {}: {} children ({} known, {} projected), {} IROs in post ({:.2} FTE)\n",
        s.horizon_start,
        s.horizon_end,
        s.children,
        s.children_known,
        s.children_projected,
        s.iros_in_post,
        s.fte
    );
    o += &format!(
        "Reviews {} ({} virtual), late {}, unscheduled {}, on time {:.1}%; naive diary {} reviews\n",
        s.reviews,
        s.reviews_virtual,
        s.reviews_late,
        s.reviews_unscheduled,
        s.on_time_pct,
        n.reviews
    );
    o += &format!(
        "Held a median {:.0} days before due; fullest IRO-week {:.0}% of its hours ({} over); {} covered by colleagues or agency\n",
        s.review_timing.median_days_early,
        s.workload.max_week_share * 100.0,
        s.workload.iro_weeks_over,
        s.reviews_covered.len()
    );
    if !s.areas.is_empty() {
        o += &format!(
            "Far areas: {} children in {} areas; {} far trips hold {} far reviews ({:.2} a trip) and {} reviews in all ({:.2} a trip), {:.0} miles; {} trips visit two areas or more\n",
            s.far.children,
            s.areas.len(),
            s.far.trips,
            s.far.reviews,
            s.far.reviews_per_trip,
            s.far.reviews_on_trips,
            s.far.reviews_on_trips_per_trip,
            s.far.miles,
            s.far.multi_area_trips
        );
    }
    let n = &n.figures;
    o += &format!("{:<16}{:>12}{:>12}{:>12}\n", "", "plan", "naive", "saving");
    let row = |name: &str, p: f64, b: f64, d: usize| {
        format!(
            "{:<16}{:>12.*}{:>12.*}{:>12.*}\n",
            name,
            d,
            p,
            d,
            b,
            d,
            b - p
        )
    };
    o += &row("miles", s.miles, n.miles, 0);
    o += &row("drive hours", s.drive_hours, n.drive_hours, 1);
    o += &row("hotel nights", s.hotel_nights as f64, n.nights as f64, 0);
    o += &row("mileage £", s.cost_mileage, n.mileage_cost, 0);
    o += &row("staff time £", s.cost_staff, n.staff_cost, 0);
    o += &row("hotel £", s.cost_hotel, n.hotel_cost, 0);
    o += &row("total £", s.cost_total, n.total(), 0);
    o += &row("CO2 kg", s.co2_kg, n.co2_kg, 0);
    o
}

fn iro_rows<'a>(rows: impl Iterator<Item = &'a crate::cost::IroFigures>) -> String {
    let mut o = format!(
        "{:<8}{:>6}{:>9}{:>7}{:>9}{:>9}{:>7}{:>9}{:>8}\n",
        "IRO", "FTE", "children", "band", "per FTE", "reviews", "trips", "miles", "nights"
    );
    for r in rows {
        o += &format!(
            "{:<8}{:>6.2}{:>9}{:>7}{:>9.1}{:>9}{:>7}{:>9.0}{:>8}{}\n",
            r.iro_id,
            r.fte,
            r.children,
            format!("{}-{}", r.band_min, r.band_max),
            r.per_fte,
            r.reviews,
            r.trips,
            r.travel.miles,
            r.travel.nights,
            if r.vacant { "  vacant post" } else { "" }
        );
    }
    o
}

fn summary_tail(s: &Summary) -> String {
    let mut o = String::new();
    if !s.moves.is_empty() {
        o += &format!("{} child(ren) change IRO:\n", s.moves.len());
        for m in s.moves.iter().take(MAX_IRO_ROWS) {
            o += &format!(
                "  {} {} → {} ({}; saves £{:.0} a year in travel)\n",
                m.child_id,
                m.from_iro_id,
                m.to_iro_id,
                serde_json::to_value(m.reason)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                m.saves_per_year
            );
        }
        if s.moves.len() > MAX_IRO_ROWS {
            o += &format!(
                "  … {} more (see summary.json)\n",
                s.moves.len() - MAX_IRO_ROWS
            );
        }
    }
    if !s.forced_virtual_reviews.is_empty() {
        o += &format!(
            "{} review(s) held virtually because no in-person trip was possible (see summary.json)\n",
            s.forced_virtual_reviews.len()
        );
    }
    for ob in s.over_band.iter().take(MAX_IRO_ROWS) {
        o += &format!(
            "IRO {} holds {} children, {} over the band maximum {}\n",
            ob.iro_id, ob.children, ob.over_by, ob.band_max
        );
    }
    if s.over_band.len() > MAX_IRO_ROWS {
        o += &format!(
            "… {} more IROs over their band maximum (see summary.json)\n",
            s.over_band.len() - MAX_IRO_ROWS
        );
    }
    if s.reviews_late > 0 || s.reviews_unscheduled > 0 {
        let mut by_reason: std::collections::BTreeMap<&str, usize> = Default::default();
        for r in &s.late_reviews {
            *by_reason
                .entry(r.reason.map_or("unknown", |x| x.code()))
                .or_default() += 1;
        }
        for r in &s.unscheduled_reviews {
            *by_reason.entry(r.reason.code()).or_default() += 1;
        }
        let reasons: Vec<String> = by_reason.iter().map(|(k, v)| format!("{k} {v}")).collect();
        o += &format!(
            "WARNING: {} late and {} unscheduled review(s) (reasons: {}), listed in summary.json and reviews.csv\n",
            s.reviews_late,
            s.reviews_unscheduled,
            reasons.join(", ")
        );
    }
    o += &format!(
        "allocation: {} ({:.3}s); schedule {:.3}s; total {:.3}s\n",
        s.solver.backend, s.solver.seconds, s.solver.schedule_seconds, s.solver.total_seconds
    );
    o
}
