//! `bases`: where should the next IRO be based?

use std::path::PathBuf;

use clap::Args;

use super::DataArgs;
use crate::error::{Error, Result};
use crate::geo::Gazetteer;
use crate::scenario::bases::{Candidate, districts, screen, towns};
use crate::scenario::{Lever, Scenario, compare};

/// Smallest town population screened with `--candidates towns`.
const TOWN_MIN_POPULATION: u64 = 20_000;

/// Most candidates planned in full: each is a whole plan of the council (a second or so), and
/// the screen already ranks every candidate.
const MAX_TOP: usize = 100;

/// Arguments of `bases`.
#[derive(Debug, Args)]
pub struct BasesArgs {
    /// Inputs.
    #[command(flatten)]
    pub data: DataArgs,
    /// Candidates: `towns` (population ≥ 20,000), `districts` (postcode districts), or a file
    /// with one place or postcode a line.
    #[arg(long, default_value = "towns")]
    pub candidates: String,
    /// Hours a week of the additional post.
    #[arg(long, default_value_t = 37.0)]
    pub hours: f64,
    /// Candidates planned in full after the screen.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Named candidates always planned in full (repeat the flag).
    #[arg(long)]
    pub include: Vec<String>,
    /// Project arrivals and leavers (overrides config).
    #[arg(long)]
    pub project: bool,
    /// Output folder for `bases.csv`.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
}

fn resolve(name: &str) -> Result<Candidate> {
    Gazetteer::bundled()
        .resolve(name)
        .map(|r| Candidate {
            name: name.trim().to_string(),
            point: r.point,
        })
        .map_err(|e| Error::Usage(format!("candidate '{name}': {e}")))
}

/// Runs `bases`.
///
/// # Errors
/// Bad inputs, unknown candidate names, unwritable output.
pub fn run(args: &BasesArgs) -> Result<i32> {
    crate::io::outputs::Staging::check_target(&args.out)?;
    if !(args.hours.is_finite() && args.hours > 0.0 && args.hours <= 60.0) {
        return Err(Error::Usage(format!(
            "--hours {}: expected above 0 and at most 60",
            args.hours
        )));
    }
    if args.top > MAX_TOP {
        return Err(Error::Usage(format!(
            "--top {}: expected at most {MAX_TOP} candidates planned in full",
            args.top
        )));
    }
    let mut caseload = super::plan::load(&args.data, None, None)?;
    if args.project {
        caseload.config.projection.enabled = true;
    }
    let project = caseload.config.projection.enabled;
    let mut projected = caseload.clone();
    crate::scenario::projection::project(&mut projected);
    let candidates = match args.candidates.as_str() {
        "towns" => towns(TOWN_MIN_POPULATION),
        "districts" => districts(),
        file => {
            let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
            let mut out = Vec::new();
            let mut errors = Vec::new();
            for (n, line) in text.lines().enumerate() {
                let l = line.trim();
                if l.is_empty() || l.starts_with('#') {
                    continue;
                }
                match Gazetteer::bundled().resolve(l) {
                    Ok(r) => out.push(Candidate {
                        name: l.to_string(),
                        point: r.point,
                    }),
                    Err(e) => errors.push(crate::InputError::at(
                        file,
                        n + 1,
                        "candidate",
                        e.to_string(),
                        "a place name or postcode",
                    )),
                }
            }
            if !errors.is_empty() {
                return Err(Error::Input(errors));
            }
            out
        }
    };
    let mut included = Vec::new();
    for name in &args.include {
        included.push(resolve(name)?);
    }
    let mut all = candidates;
    all.extend(included.iter().cloned());
    let screened = screen(&projected, &all, args.hours);
    let mut chosen: Vec<Candidate> = screened
        .iter()
        .take(args.top)
        .map(|s| s.candidate.clone())
        .collect();
    for c in &included {
        if !chosen.iter().any(|x| x.name == c.name) {
            chosen.push(c.clone());
        }
    }
    let id = "NEW";
    let mut plans = Vec::new();
    for (k, c) in chosen.iter().enumerate() {
        let mut s = Scenario {
            name: format!("base{:02}", k + 1),
            description: c.name.clone(),
            levers: Vec::new(),
            source: PathBuf::from("bases"),
            lever_lines: Vec::new(),
            name_line: None,
        };
        s.levers.push(Lever::AddIro {
            id: id.into(),
            base: format!("{},{}", c.point.lat(), c.point.lon()),
            hours: Some(args.hours),
            working_days: None,
            overnight: None,
        });
        s.lever_lines.push(None);
        plans.push(s);
    }
    let c = compare(&caseload, &plans, project)?;
    let mut rows: Vec<(String, f64, f64, f64, f64)> = c
        .scenarios
        .iter()
        .skip(1)
        .map(|s| {
            let screen_saving = screened
                .iter()
                .find(|x| x.candidate.name == s.description)
                .map_or(0.0, |x| x.saving);
            let travel = s.saving.cost_mileage + s.saving.cost_staff + s.saving.cost_hotel;
            (
                s.description.clone(),
                screen_saving,
                travel,
                s.saving.cost_total,
                s.saving.miles,
            )
        })
        .collect();
    rows.sort_by(|a, b| b.2.total_cmp(&a.2));
    let mut o = format!(
        "{:>4}  {:<34}{:>14} {:>15} {:>16} {:>12}\n",
        "rank", "candidate base", "screen £", "travel £ saved", "net of salary £", "miles saved"
    );
    let mut csv =
        String::from("rank,candidate,screen_saving,travel_saving,net_saving,miles_saving\n");
    for (k, (name, s, t, net, m)) in rows.iter().enumerate() {
        o += &format!(
            "{:>4}  {:<34}{:>14.0} {:>15.0} {:>16.0} {:>12.0}\n",
            k + 1,
            name,
            s,
            t,
            net,
            m
        );
        csv += &format!(
            "{},\"{}\",{s:.2},{t:.2},{net:.2},{m:.2}\n",
            k + 1,
            name.replace('"', "\"\"")
        );
    }
    let mut staging = crate::io::outputs::Staging::new(&args.out, "bases")?;
    staging.write("bases.csv", csv.as_bytes())?;
    let ranked: Vec<(String, crate::domain::LatLon, f64)> = rows
        .iter()
        .filter_map(|(name, _, travel, _, _)| {
            chosen
                .iter()
                .find(|c| &c.name == name)
                .map(|c| (name.clone(), c.point, *travel))
        })
        .collect();
    let html = crate::report::bases_html(&ranked, &caseload);
    staging.write("bases.html", html.as_bytes())?;
    staging.commit()?;
    out!("{o}");
    outln!(
        "screened {} candidates; planned {} in full ({} h post, salary with on-costs £{:.0} a year per FTE)",
        screened.len(),
        rows.len(),
        args.hours,
        caseload.config.costs.iro_salary_with_oncosts
    );
    outln!(
        "ranking written to {} (bases.csv, bases.html)",
        args.out.display()
    );
    Ok(0)
}
