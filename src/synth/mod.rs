//! Synthetic councils: realistic, reproducible input folders for testing and benchmarking.
//!
//! Three profiles, one engine ([`build`]):
//! - [`dorset`]: the bundled council `data/dorset/`, calibrated to Dorset's IRO annual report
//!   2018/19 (≈ 450 children, 41 % placed out of county, 9 posts = 7.61 FTE filled);
//! - [`council`]: any English council around a home place or county;
//! - [`national`]: ≈ 150 councils and ≈ 84,000 children (DfE, *Children looked after in
//!   England* 2024: 83,630) in one folder with a `council` column, streamed so that a million
//!   children fit in memory.
//!
//! Every profile places children in real postcode sectors drawn from clusters (sectors near a
//! town, weighted by postcode units — [`sample::Pool`]), forms sibling groups, replays each
//! child's reg. 33 review history ([`history`]) and allocates them to IROs the way a service
//! does by patch ([`build`]). A run is a pure function of its options: the only randomness is a
//! `Pcg64` (O'Neill 2014, *PCG: A Family of Simple Fast Space-Efficient Statistically Good
//! Algorithms for Random Number Generation*) seeded from `--seed`. [`ssda903`] writes a
//! generated council as the DfE's SSDA903 return, to test the importer against a known truth.

pub mod build;
pub mod council;
pub mod dorset;
pub mod geography;
pub mod history;
pub mod national;
pub mod output;
pub mod sample;
pub mod ssda903;

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::calendar::Calendar;
use crate::config::Config;
use crate::error::{Error, Result};

/// Which kind of data set to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Profile {
    /// The bundled council, calibrated to Dorset 2018/19.
    Dorset,
    /// Any English council around `--home`.
    Council,
    /// England: ≈ 150 councils in one folder.
    National,
}

impl Profile {
    /// Lower-case name (`dorset`, `council`, `national`).
    pub fn name(self) -> &'static str {
        match self {
            Profile::Dorset => "dorset",
            Profile::Council => "council",
            Profile::National => "national",
        }
    }
}

/// Validated options of one generation run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Profile.
    pub profile: Profile,
    /// Seed of the random stream.
    pub seed: u64,
    /// Output folder.
    pub out: PathBuf,
    /// Home place or county (council profile).
    pub home: Option<String>,
    /// Number of children (profile default if `None`).
    pub children: Option<usize>,
    /// Number of IRO posts (profile default if `None`).
    pub iros: Option<usize>,
    /// Councils of the national profile (default [`national::COUNCILS`]; ignored otherwise).
    pub councils: Option<usize>,
    /// Snapshot date: histories are replayed up to this day.
    pub as_of: NaiveDate,
}

/// Largest number of children a run accepts (a stress test is 1,000,000).
pub const MAX_CHILDREN: usize = 5_000_000;

/// Largest number of IRO posts a run accepts: England has about 1,400 IROs; a hundred times
/// that bounds memory whatever `--iros` says.
pub const MAX_IROS: usize = 100_000;

/// Figures of a generated data set, for the README and the terminal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Councils (1 except national).
    pub councils: usize,
    /// Children written.
    pub children: usize,
    /// Children placed outside their council's area.
    pub out_of_area: usize,
    /// Children in sibling groups.
    pub in_sibling_groups: usize,
    /// Children needing extra time.
    pub extra_time: usize,
    /// External placements.
    pub external: usize,
    /// Children whose reviews may be virtual.
    pub virtual_allowed: usize,
    /// Children with no review held yet.
    pub no_review_yet: usize,
    /// IRO posts written.
    pub iro_posts: usize,
    /// Filled FTE (37 h = 1).
    pub filled_fte: f64,
    /// Children per cluster: (name, in area, children) — one council's clusters, or for the
    /// national profile one line per council.
    pub clusters: Vec<(String, bool, usize)>,
}

/// The calendar used to replay histories from `from` to a year after `as_of`.
fn calendar_for(from: NaiveDate, as_of: NaiveDate) -> Calendar {
    Calendar::england_wales(from.year() - 1, as_of.year() + 2)
}

/// Earliest entry date the default timing can draw.
fn earliest_entry(as_of: NaiveDate, timing: &history::Timing) -> NaiveDate {
    let max_days = timing.in_care_days.iter().map(|b| b.1).max().unwrap_or(0);
    as_of
        .checked_sub_days(chrono::Days::new(max_days))
        .unwrap_or(as_of)
}

/// Generates the data set described by `options` into `options.out`.
///
/// # Errors
/// [`Error::Usage`] for impossible options (e.g. a home that does not resolve, zero children),
/// [`Error::Io`] if the folder cannot be written.
pub fn generate(options: &Options) -> Result<Summary> {
    if let Some(n) = options.children
        && !(1..=MAX_CHILDREN).contains(&n)
    {
        return Err(Error::Usage(format!(
            "generate: --children {n} is out of range (expected 1 to {MAX_CHILDREN})"
        )));
    }
    if let Some(n) = options.iros
        && !(1..=MAX_IROS).contains(&n)
    {
        return Err(Error::Usage(format!(
            "generate: --iros {n} is out of range (expected 1 to {MAX_IROS} IRO posts)"
        )));
    }
    if let Some(k) = options.councils
        && !(1..=national::COUNCILS).contains(&k)
    {
        return Err(Error::Usage(format!(
            "generate: --councils {k} is out of range (expected 1 to {})",
            national::COUNCILS
        )));
    }
    if options.profile == Profile::Council && options.home.is_none() {
        return Err(Error::Usage(
            "generate: --profile council needs --home <place or county>, e.g. --home Leeds".into(),
        ));
    }
    let config = Config::default();
    let timing = history::Timing::default();
    let calendar = calendar_for(earliest_entry(options.as_of, &timing), options.as_of);
    let ctx = build::Context {
        calendar: &calendar,
        rules: &config.review,
        timing: &timing,
        rates: &build::Rates::default(),
    };
    let gazetteer = crate::geo::Gazetteer::bundled();
    let geography = geography::Geography::new(gazetteer);
    let summary = match options.profile {
        Profile::Dorset => dorset::generate(options, &ctx, &geography)?,
        Profile::Council => council::generate(options, &ctx, &geography)?,
        Profile::National => national::generate(options, &ctx, &geography)?,
    };
    let (start, months) = horizon_for(options);
    write_text(
        &options.out.join("config.toml"),
        &output::config_toml(&config, start, months, options),
    )?;
    write_text(
        &options.out.join("README.md"),
        &output::readme(options, &summary),
    )?;
    Ok(summary)
}

/// The planning horizon written to `config.toml`: the day after the snapshot, 12 months.
pub fn horizon_for(options: &Options) -> (NaiveDate, u32) {
    let start = options.as_of.succ_opt().unwrap_or(options.as_of);
    (start, 12)
}

fn write_text(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}
