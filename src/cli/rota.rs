//! `rota --week YYYY-MM-DD`: who reviews whom, where, that week — a week of the plan `plan`
//! makes from the same inputs and options ([`crate::rota`]).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::DataArgs;
use super::plan::{Made, PlanHowArgs, make_plan};
use crate::error::Result;
use crate::io::outputs::{Staging, rota_sheet};
use crate::progress::Progress;
use crate::rota::Week;

/// Arguments of `rota`.
#[derive(Debug, Args)]
pub struct RotaArgs {
    /// Inputs (with `--bookings`/`--state` and `--unavailable`, as for `plan`).
    #[command(flatten)]
    pub data: DataArgs,
    /// Any day of the week to print (the rota runs Monday to Sunday; YYYY-MM-DD or dd/mm/yyyy).
    #[arg(long, value_parser = super::date_arg)]
    pub week: NaiveDate,
    /// Output folder for rota.csv and calendars/.
    #[arg(long, default_value = "out/rota")]
    pub out: PathBuf,
    /// How the plan is made: the same options as `plan` give the same plan.
    #[command(flatten)]
    pub how: PlanHowArgs,
}

/// Runs `rota`: plans as `plan` does, writes and prints the week. Exit code 1 (after writing)
/// when a review of the week is late or could not be held.
///
/// # Errors
/// Bad inputs, a week outside the plan, or unwritable output.
pub fn run(args: &RotaArgs, progress: &Progress) -> Result<i32> {
    Staging::check_target(&args.out)?;
    let Made {
        caseload, result, ..
    } = make_plan(&args.data, &args.how, progress)?;
    let week = Week::of(&result.plan, args.week)?;
    progress.stage("writing", None);
    let mut staging = Staging::new(&args.out, "rota")?;
    staging.write("rota.csv", &rota_sheet(&caseload, &week).csv()?)?;
    crate::report::write_calendars_between(
        &mut staging,
        &caseload,
        &result.plan,
        Some(week.range()),
    )?;
    staging.commit()?;
    progress.finish();
    out!("{}", crate::report::itinerary(&caseload, &week));
    let s = &result.summary;
    if s.reviews_late + s.reviews_unscheduled > 0 {
        outln!(
            "The whole plan ({} to {}) has {} late and {} unscheduled review(s): see `plan`.",
            s.horizon_start,
            s.horizon_end,
            s.reviews_late,
            s.reviews_unscheduled
        );
    }
    outln!(
        "rota for {} to {} written to {}",
        week.monday,
        week.sunday,
        args.out.display()
    );
    Ok(if week.has_shortfall() { 1 } else { 0 })
}
