//! `compare`: the baseline and each scenario planned on the same projected year.

use std::path::PathBuf;

use clap::Args;

use super::DataArgs;
use crate::error::{Error, Result};
use crate::io::outputs::{Staging, write_json};
use crate::scenario::{Scenario, compare, comparison_csv, comparison_long_csv, comparison_table};

/// Arguments of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Inputs.
    #[command(flatten)]
    pub data: DataArgs,
    /// Scenario TOML files (repeat the flag).
    #[arg(long = "scenario", required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Output folder: `baseline/`, one folder per scenario, `comparison.csv` (wide),
    /// `comparison_long.csv`, `comparison.json`, `comparison.xlsx`.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
    /// Project arrivals and leavers over the horizon (overrides config).
    #[arg(long, conflicts_with = "no_project")]
    pub project: bool,
    /// Plan today's children only (overrides config).
    #[arg(long)]
    pub no_project: bool,
}

/// Runs `compare`; exit 1 if any plan has a shortfall (late review or IRO over band).
///
/// # Errors
/// Bad inputs or scenario files (every problem of every file), unwritable output.
pub fn run(args: &CompareArgs) -> Result<i32> {
    Staging::check_target(&args.out)?;
    let loaded = super::plan::load_report(&args.data, None, None)?;
    let caseload = loaded.caseload;
    // The inputs' findings hold for every scenario planned from them.
    let quality = crate::quality::DataQuality::assess(&caseload, Some(&loaded.report));
    let options = crate::report::ReportOptions {
        data_quality: Some(quality),
        ..Default::default()
    };
    let mut scenarios = Vec::new();
    let mut errors = Vec::new();
    for p in &args.scenarios {
        match Scenario::from_file(p) {
            Ok(s) => scenarios.push(s),
            Err(Error::Input(es)) => errors.extend(es),
            Err(e) => return Err(e),
        }
    }
    errors.extend(crate::scenario::name_clashes(&scenarios));
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let project = if args.project {
        true
    } else if args.no_project {
        false
    } else {
        caseload.config.projection.enabled
    };
    let c = compare(&caseload, &scenarios, project)?;
    // Everything is staged, every plan checked in the staging folder, then swapped in whole.
    let mut staging = Staging::new(&args.out, "compare")?;
    let mut shortfall = false;
    let mut checked = Vec::new();
    for s in &c.scenarios {
        if let (Some(cl), Some(r)) = (&s.caseload, &s.plan) {
            staging.within(&s.name, |st| {
                super::plan::write_plan_into(st, cl, r, &options)
            })?;
            shortfall |= r.has_shortfall();
            // Every scenario's plan is re-checked against its own (adjusted) inputs.
            let report = crate::check::check_plan_dir(cl, &staging.staged(&s.name))?;
            shortfall |= !report.is_ok();
            checked.push((s.name.clone(), report));
        }
    }
    write_json(&mut staging, "comparison.json", &c)?;
    staging.write("comparison.csv", &comparison_csv(&c)?)?;
    staging.write("comparison_long.csv", comparison_long_csv(&c).as_bytes())?;
    staging.write("comparison.xlsx", &crate::io::xlsx::comparison_xlsx(&c)?)?;
    if let Some(base) = c.scenarios.first().and_then(|s| s.plan.as_ref()) {
        // The baseline is drawn from its summary; bars are the scenarios after it.
        let bars: Vec<crate::report::ScenarioBar> = c
            .scenarios
            .iter()
            .skip(1)
            .map(|s| crate::report::ScenarioBar {
                name: s.name.clone(),
                cost_total: s.figures.cost_total,
                miles: s.figures.miles,
                co2_kg: s.figures.co2_t * 1000.0,
                on_time_pct: s.figures.on_time_pct,
                saving: s.saving.cost_total,
            })
            .collect();
        let html = crate::report::compare_html("What-if comparison", &bars, &base.summary);
        staging.write("report.html", html.as_bytes())?;
    }
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
    out!("{}", comparison_table(&c));
    outln!("comparison written to {}", args.out.display());
    Ok(i32::from(shortfall))
}
