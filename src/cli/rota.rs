//! `rota --week YYYY-MM-DD`: who reviews whom, where, that week.
//!
//! Plans from the week's Monday (so the week is planned in the context of the months after it),
//! then prints and writes only that week. With `--state FILE` (child_id, date of reviews already
//! held) it starts from what has happened since the data were written, so it can run every week.

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use clap::Args;

use super::DataArgs;
use crate::domain::Caseload;
use crate::error::{Error, InputError, Result};
use crate::io::columns::ColumnMap;
use crate::io::csvread::{Cells, Diagnostics, Schema, Table};
use crate::io::outputs::{Staging, csv_bytes, hhmm, trip_id};
use crate::schedule::{Plan, StopKind};

/// Arguments of `rota`.
#[derive(Debug, Args)]
pub struct RotaArgs {
    /// Inputs.
    #[command(flatten)]
    pub data: DataArgs,
    /// Any day of the week to print (the rota runs Monday to Sunday; YYYY-MM-DD or dd/mm/yyyy).
    #[arg(long, value_parser = super::date_arg)]
    pub week: NaiveDate,
    /// Reviews held since the data were written: CSV with child_id, date.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Output folder for rota.csv and calendars/.
    #[arg(long, default_value = "out/rota")]
    pub out: PathBuf,
    /// Months planned from the week's Monday (context for the week's choices).
    #[arg(long, default_value_t = 6)]
    pub months: u32,
}

/// The columns of a `--state` file.
const STATE: Schema = Schema {
    name: "state",
    columns: &["child_id", "date"],
    may_be_empty: true,
};

/// Applies reviews already held to the children (last_review, reviews_held).
///
/// # Errors
/// Every bad row of the state file.
pub fn apply_state(caseload: &mut Caseload, path: &std::path::Path) -> Result<()> {
    let mut diag = Diagnostics::default();
    let Some(table) = Table::read(path, &STATE, &ColumnMap::new(), &mut diag)? else {
        return Err(Error::Input(diag.errors));
    };
    super::print_warnings(&diag.warnings);
    let mut errors: Vec<InputError> = diag.errors;
    if !table.require(&["child_id", "date"], &mut errors) {
        return Err(Error::Input(errors));
    }
    let index: HashMap<String, usize> = caseload
        .children
        .iter()
        .enumerate()
        .map(|(i, c)| (c.external_id.clone(), i))
        .collect();
    let mut held: Vec<(usize, NaiveDate)> = Vec::new();
    {
        let mut cells = Cells {
            path: &table.path,
            errors: &mut errors,
            dates: caseload.config.input.date_format,
        };
        for (line, row) in &table.rows {
            let id = table.get(row, "child_id").unwrap_or("");
            let child = index.get(id).copied();
            if child.is_none() {
                cells.err(
                    *line,
                    "child_id",
                    format!("unknown child '{id}'"),
                    "a child_id from children.csv",
                );
            }
            let date = match table.get(row, "date") {
                Some(t) => cells.date(*line, "date", t),
                None => {
                    cells.err(
                        *line,
                        "date",
                        "empty".into(),
                        "the date the review was held",
                    );
                    None
                }
            };
            if let (Some(c), Some(d)) = (child, date) {
                if d < caseload.children[c].looked_after_since {
                    cells.err(
                        *line,
                        "date",
                        format!("'{d}' is before the child became looked after"),
                        "a review date after looked_after_since",
                    );
                } else {
                    held.push((c, d));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    held.sort();
    for (c, d) in held {
        let child = &mut caseload.children[c];
        if child.last_review.is_none_or(|l| d > l) {
            child.last_review = Some(d);
            child.reviews_held += 1;
        }
    }
    Ok(())
}

/// The plan restricted to `from..=to`: trips starting and reviews held in the range.
pub fn restrict(plan: &Plan, from: NaiveDate, to: NaiveDate) -> Plan {
    let keep: Vec<usize> = (0..plan.trips.len())
        .filter(|&i| (from..=to).contains(&plan.trips[i].start_date()))
        .collect();
    let mut new_index = HashMap::new();
    for (n, &o) in keep.iter().enumerate() {
        new_index.insert(o, n);
    }
    let reviews = plan
        .reviews
        .iter()
        .filter(|r| (from..=to).contains(&r.date))
        .map(|r| {
            let mut r = r.clone();
            r.trip = r
                .trip
                .and_then(|t| new_index.get(&t.idx()).copied())
                .map(|n| crate::schedule::TripId(n as u32));
            r
        })
        .collect();
    Plan {
        horizon_start: from,
        horizon_end: to,
        allocation: plan.allocation.clone(),
        reviews,
        unscheduled: Vec::new(),
        trips: keep.iter().map(|&i| plan.trips[i].clone()).collect(),
    }
}

/// The printed itinerary of a week.
pub fn itinerary(caseload: &Caseload, week: &Plan) -> String {
    let mut o = String::new();
    for iro in caseload.iro_ids() {
        if caseload.iro(iro).vacant {
            continue;
        }
        let trips: Vec<(usize, &crate::schedule::Trip)> = week
            .trips
            .iter()
            .enumerate()
            .filter(|(_, t)| t.iro == iro)
            .collect();
        let office: Vec<&crate::schedule::PlannedReview> = week
            .reviews
            .iter()
            .filter(|r| r.chair_iro() == Some(iro) && r.trip.is_none())
            .collect();
        o += &format!("IRO {}\n", caseload.iro(iro).external_id);
        if trips.is_empty() && office.is_empty() {
            o += "  no reviews this week\n";
        }
        for (i, t) in trips {
            o += &format!(
                "  {} {}:\n",
                trip_id(i),
                t.start_date().format("%a %Y-%m-%d")
            );
            for (k, s) in t.stops.iter().enumerate() {
                let line = match s.kind {
                    StopKind::Base if k == 0 => format!("depart base {}", hhmm(s.depart)),
                    StopKind::Base => {
                        format!("return to base {} {}", s.date.format("%a"), hhmm(s.arrive))
                    }
                    StopKind::Review => {
                        let c = caseload.child(s.child.expect("review stop has a child"));
                        format!(
                            "{} review of {} {}-{} at {}",
                            s.date.format("%a"),
                            c.external_id,
                            hhmm(s.arrive),
                            hhmm(s.depart),
                            c.placement_label
                        )
                    }
                    StopKind::Lunch => format!(
                        "{} lunch {}-{}",
                        s.date.format("%a"),
                        hhmm(s.arrive),
                        hhmm(s.depart)
                    ),
                    StopKind::Hotel => format!(
                        "{} hotel from {} (near {:.3},{:.3}), leave {}",
                        s.date.format("%a"),
                        hhmm(s.arrive),
                        s.point.lat(),
                        s.point.lon(),
                        hhmm(s.depart)
                    ),
                };
                o += &format!("    {line}\n");
            }
        }
        for r in office {
            o += &format!(
                "  {} virtual review of {} {}-{}\n",
                r.date.format("%a %Y-%m-%d"),
                caseload.child(r.child).external_id,
                hhmm(r.start),
                hhmm(r.end)
            );
        }
    }
    o
}

/// Runs `rota`.
///
/// # Errors
/// Bad inputs or unwritable output.
pub fn run(args: &RotaArgs) -> Result<i32> {
    Staging::check_target(&args.out)?;
    let monday =
        args.week - chrono::Duration::days(args.week.weekday().num_days_from_monday() as i64);
    let sunday = monday + chrono::Duration::days(6);
    let mut caseload = super::plan::load(&args.data, Some(monday), Some(args.months))?;
    if let Some(state) = &args.state {
        apply_state(&mut caseload, state)?;
    }
    let r = crate::pipeline::try_plan(&caseload)?;
    let week = restrict(&r.plan, monday, sunday);
    let mut staging = Staging::new(&args.out, "rota")?;
    let stops = week.trips.iter().enumerate().flat_map(|(i, t)| {
        let caseload = &caseload;
        t.stops.iter().enumerate().map(move |(k, s)| {
            vec![
                caseload.iro(t.iro).external_id.clone(),
                trip_id(i),
                (k + 1).to_string(),
                s.kind.as_str().to_string(),
                s.child
                    .map_or_else(String::new, |c| caseload.child(c).external_id.clone()),
                s.date.to_string(),
                hhmm(s.arrive),
                hhmm(s.depart),
                format!("{:.6}", s.point.lat()),
                format!("{:.6}", s.point.lon()),
            ]
        })
    });
    let office = week.reviews.iter().filter(|r| r.trip.is_none()).map(|r| {
        vec![
            caseload.iro(r.iro).external_id.clone(),
            String::new(),
            "1".into(),
            "virtual".into(),
            caseload.child(r.child).external_id.clone(),
            r.date.to_string(),
            hhmm(r.start),
            hhmm(r.end),
            String::new(),
            String::new(),
        ]
    });
    let bytes = csv_bytes(
        &[
            "iro_id", "trip_id", "seq", "kind", "child_id", "date", "arrive", "depart", "lat",
            "lon",
        ],
        stops.chain(office),
    )?;
    staging.write("rota.csv", &bytes)?;
    crate::report::write_calendars(&mut staging, &caseload, &week)?;
    staging.commit()?;
    out!("{}", itinerary(&caseload, &week));
    outln!(
        "rota for {monday} to {sunday} written to {}",
        args.out.display()
    );
    Ok(0)
}
