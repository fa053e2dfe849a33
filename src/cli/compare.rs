//! `compare`: a baseline (today's, or a scenario) and each scenario planned on the same
//! projected year.

use std::path::PathBuf;

use clap::Args;

use super::DataArgs;
use crate::error::{Error, Result};
use crate::io::outputs::{Staging, write_json};
use crate::scenario::{Request, Scenario, compare_with, comparison_csv, comparison_long_csv};

/// Arguments of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Inputs.
    #[command(flatten)]
    pub data: DataArgs,
    /// Scenario TOML files (repeat the flag).
    #[arg(long = "scenario", required = true)]
    pub scenarios: Vec<PathBuf>,
    /// A scenario TOML file as the baseline (default: today's posts and placements), e.g. the
    /// vacancy filled at its own base; each scenario is planned on top of it.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Output folder: `baseline/`, one folder per scenario, `comparison.csv` (wide),
    /// `comparison_long.csv`, `comparison.json`, `comparison.xlsx`, `report.html`.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Project arrivals and leavers over the horizon (overrides config).
    #[arg(long, conflicts_with = "no_project")]
    pub project: bool,
    /// Plan today's children only (overrides config).
    #[arg(long)]
    pub no_project: bool,
    /// No ranges: skip planning each scenario again under low- and high-travel assumptions.
    #[arg(long)]
    pub no_ranges: bool,
}

/// Reads scenario files, collecting the files that are not scenarios' TOML; every other
/// problem stays in its scenario for [`crate::scenario::validate`] to report with the problems
/// against the data.
fn read_all(paths: &[PathBuf], errors: &mut Vec<crate::InputError>) -> Result<Vec<Scenario>> {
    let mut out = Vec::new();
    for p in paths {
        match Scenario::read_file(p) {
            Ok(s) => out.push(s),
            Err(Error::Input(es)) => errors.extend(es),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Runs `compare`; exit 1 if any plan has a shortfall (late review, IRO over band) or fails
/// the checker — each named.
///
/// # Errors
/// Bad inputs or scenario files (every problem of every file), unwritable output.
pub fn run(args: &CompareArgs) -> Result<i32> {
    Staging::check_target(&args.out)?;
    let loaded = match super::plan::load_report(&args.data, None, None) {
        Ok(l) => l,
        Err(Error::Input(mut errors)) => {
            // The scenario files' own problems in the same run; checking them against the data
            // waits for data that loads.
            let mut read = Vec::new();
            let files: Vec<PathBuf> = args
                .scenarios
                .iter()
                .chain(&args.baseline)
                .cloned()
                .collect();
            for s in read_all(&files, &mut read)? {
                read.extend(s.file_errors());
            }
            errors.extend(read);
            return Err(Error::Input(errors));
        }
        Err(e) => return Err(e),
    };
    let caseload = loaded.caseload;
    // The inputs' findings hold for every scenario planned from them.
    let quality = crate::quality::DataQuality::assess(&caseload, Some(&loaded.report));
    let options = crate::report::ReportOptions {
        data_quality: Some(quality),
        ..Default::default()
    };
    let mut errors = Vec::new();
    let scenarios = read_all(&args.scenarios, &mut errors)?;
    let baseline = read_all(args.baseline.as_slice(), &mut errors)?.pop();
    let baseline_unreadable = args.baseline.is_some() && baseline.is_none();
    errors.extend(crate::scenario::name_clashes(&scenarios));
    let project = if args.project {
        true
    } else if args.no_project {
        false
    } else {
        caseload.config.projection.enabled
    };
    let request = Request {
        baseline: baseline.as_ref(),
        scenarios: &scenarios,
        project,
        ranges: !args.no_ranges,
    };
    // Every scenario's problems, in the file or against the data, in one run (without a
    // readable baseline, the scenarios cannot be checked as they would be planned).
    if !baseline_unreadable && let Err(e) = crate::scenario::validate(&caseload, &request) {
        match e {
            Error::Input(es) => errors.extend(es),
            e => return Err(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let c = compare_with(&caseload, &request)?;
    // Everything is staged, every plan checked in the staging folder, then swapped in whole.
    let mut staging = Staging::new(&args.out, "compare")?;
    let mut failed: Vec<String> = Vec::new();
    let mut checked = Vec::new();
    for s in &c.scenarios {
        if let (Some(cl), Some(r)) = (&s.caseload, &s.plan) {
            staging.within(&s.name, |st| {
                super::plan::write_plan_into(st, cl, r, &options)
            })?;
            failed.extend(
                r.shortfalls()
                    .into_iter()
                    .map(|f| format!("{}: {f}", s.name)),
            );
            // Every scenario's plan is re-checked against its own (adjusted) inputs.
            let report = crate::check::check_plan_dir(cl, &staging.staged(&s.name))?;
            if !report.is_ok() {
                failed.push(format!(
                    "{}: the checker found {} violation(s)",
                    s.name,
                    report.violations.len()
                ));
            }
            checked.push((s.name.clone(), report));
        }
    }
    write_json(&mut staging, "comparison.json", &c)?;
    staging.write("comparison.csv", &comparison_csv(&c)?)?;
    staging.write("comparison_long.csv", comparison_long_csv(&c).as_bytes())?;
    staging.write("comparison.xlsx", &crate::io::xlsx::comparison_xlsx(&c)?)?;
    staging.write("report.html", crate::report::compare_html(&c).as_bytes())?;
    staging.commit()?;
    for (name, report) in &checked {
        outln!(
            "checker on {name}: {} checks, {} violations",
            report.checked,
            report.violations.len()
        );
        for v in report.violations.iter().take(20) {
            outln!("  VIOLATION: {v}");
        }
    }
    for k in 1..c.scenarios.len() {
        outln!(
            "\n{}: {}",
            c.scenarios[k].name,
            crate::report::decision_text(&crate::report::decision(&c, k))
        );
    }
    outln!("");
    out!("{}", crate::report::comparison_table(&c));
    outln!("comparison written to {}", args.out.display());
    if !failed.is_empty() {
        outln!("exit 1: a hard rule could not be met (the plans are written):");
        for f in &failed {
            outln!("  {f}");
        }
    }
    Ok(i32::from(!failed.is_empty()))
}
