//! `bases`: where should a post be based — the vacancy, or an additional post?

use std::path::PathBuf;

use clap::Args;

use super::DataArgs;
use crate::domain::Hours;
use crate::error::{Error, Result};
use crate::geo::Gazetteer;
use crate::io::outputs::Staging;
use crate::scenario::bases::{
    BasesRequest, Candidate, Question, bases, bases_csv, districts, towns,
};

/// Smallest town population screened with `--candidates towns`.
const TOWN_MIN_POPULATION: u64 = 20_000;

/// Most candidates planned in full: each is a whole plan of the council (a second or so, three
/// with the ranges), and the screen already ranks every candidate.
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
    /// The vacancy to place (default: the first vacant post of iros.csv, if any); each
    /// candidate is compared with filling it at its own base.
    #[arg(long, conflicts_with = "additional")]
    pub vacancy: Option<String>,
    /// Place an additional post instead (net of its salary), even if there is a vacancy.
    #[arg(long)]
    pub additional: bool,
    /// Hours a week of an additional post (default: one FTE).
    #[arg(long)]
    pub hours: Option<f64>,
    /// Candidates planned in full after the screen.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Named candidates always planned in full and shown (repeat the flag).
    #[arg(long)]
    pub include: Vec<String>,
    /// Project arrivals and leavers (overrides config).
    #[arg(long)]
    pub project: bool,
    /// Output folder for `bases.csv` and `bases.html`.
    #[arg(long, default_value = "out")]
    pub out: PathBuf,
}

/// Reads a candidates file: one place or postcode a line (`#` comments).
fn candidates_file(file: &str) -> Result<Vec<Candidate>> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        match Gazetteer::bundled().resolve(l) {
            Ok(r) => out.push(Candidate::at(l, r.point)),
            Err(e) => errors.push(crate::InputError::at(
                file,
                n + 1,
                "candidate",
                e.to_string(),
                "a place name or postcode",
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::Input(errors))
    }
}

/// Turns the flags into a validated request.
fn request(args: &BasesArgs, caseload: &crate::domain::Caseload) -> Result<BasesRequest> {
    if args.top == 0 || args.top > MAX_TOP {
        return Err(Error::Usage(format!(
            "--top {}: expected 1 to {MAX_TOP} candidates planned in full",
            args.top
        )));
    }
    let hours = args.hours.unwrap_or(caseload.config.caseload.fte_hours);
    let hours = Hours::new(hours).map_err(|e| {
        Error::Usage(format!(
            "--hours: {e}: expected {}",
            crate::domain::HoursError::EXPECTED
        ))
    })?;
    let first_vacancy = caseload
        .iros
        .iter()
        .find(|i| i.vacant)
        .map(|i| i.external_id.clone());
    let question = match (&args.vacancy, args.additional, first_vacancy) {
        (Some(id), _, _) => Question::Vacancy { id: id.clone() },
        (None, false, Some(id)) if args.hours.is_none() => Question::Vacancy { id },
        _ => Question::Additional { hours },
    };
    let candidates = match args.candidates.as_str() {
        "towns" => towns(TOWN_MIN_POPULATION),
        "districts" => districts(),
        file => candidates_file(file)?,
    };
    let include = args
        .include
        .iter()
        .map(|n| Candidate::named(n))
        .collect::<Result<Vec<_>>>()?;
    Ok(BasesRequest {
        question,
        candidates,
        include,
        top: args.top,
        project: args.project || caseload.config.projection.enabled,
    })
}

/// Runs `bases`; exit 1 if a plan of the shortlist has a shortfall (each named).
///
/// # Errors
/// Bad inputs, unknown candidate names or vacancy, unwritable output.
pub fn run(args: &BasesArgs) -> Result<i32> {
    Staging::check_target(&args.out)?;
    let caseload = super::plan::load(&args.data, None, None)?;
    let req = request(args, &caseload)?;
    let r = bases(&caseload, &req)?;
    let mut staging = Staging::new(&args.out, "bases")?;
    staging.write("bases.csv", bases_csv(&r).as_bytes())?;
    let html = crate::report::bases_html(&r, &caseload);
    staging.write("bases.html", html.as_bytes())?;
    staging.commit()?;
    out!("{}", crate::report::bases_table(&r));
    outln!(
        "screened {} candidates; planned {} in full with the same model as compare (salary with on-costs {} a year per FTE)",
        r.screened,
        r.rows.len(),
        crate::report::fmt_gbp(caseload.config.costs.iro_salary_with_oncosts)
    );
    outln!(
        "ranking written to {} (bases.csv, bases.html)",
        args.out.display()
    );
    let failed: Vec<String> = r
        .comparison
        .scenarios
        .iter()
        .filter_map(|s| Some((s, s.plan.as_ref()?)))
        .flat_map(|(s, p)| {
            p.shortfalls()
                .into_iter()
                .map(move |f| format!("{} ({}): {f}", s.name, s.description))
        })
        .collect();
    if !failed.is_empty() {
        outln!("exit 1: a hard rule could not be met in a plan of the shortlist:");
        for f in &failed {
            outln!("  {f}");
        }
    }
    Ok(i32::from(!failed.is_empty()))
}
