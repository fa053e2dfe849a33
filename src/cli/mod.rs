//! The command line: parses arguments into validated options and calls the library.

/// Writes a line to standard output; if the reader has gone (`iro-planner plan | head`), ends
/// the process quietly with 141 (128 + SIGPIPE, as a shell reports it) instead of panicking.
/// Output files are written before anything is printed, so nothing is left half-done.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// As [`outln!`], without the newline.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(format_args!($($arg)*))
    };
}

/// The body of [`outln!`] / [`out!`].
pub fn write_stdout(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    // A progress line on the terminal is cleared before the command's own output.
    if let Some(p) = PROGRESS.get() {
        p.finish();
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        eprintln!("error: writing to standard output: {e}");
        std::process::exit(2);
    }
}

/// Prints input warnings on stderr, one a line: `warning: file:line: column: problem`.
pub fn print_warnings<W: std::fmt::Display>(warnings: impl IntoIterator<Item = W>) {
    if let Some(p) = PROGRESS.get() {
        p.finish();
    }
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// The run's progress reporter (one per process: the command line runs one command).
static PROGRESS: std::sync::OnceLock<crate::progress::Progress> = std::sync::OnceLock::new();

pub mod bases;
pub mod compare;
pub mod generate;
pub mod import;
pub mod plan;
pub mod rota;
pub mod solomon;
pub mod template;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::{Error, Result};
use crate::io::InputPaths;

/// Plans the work of Independent Reviewing Officers.
#[derive(Debug, Parser)]
#[command(name = "iro-planner", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Worker threads for the parallel stages (default: one per core).
    #[arg(long, global = true)]
    pub threads: Option<usize>,
    /// No progress bars (they are drawn on stderr only when stdout is a terminal).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Allocate children to IROs and schedule every review of the horizon; write the plan.
    Plan(plan::PlanArgs),
    /// Allocate children to IROs only: per-IRO table, required FTE, price of continuity.
    Allocate(plan::AllocateArgs),
    /// Re-check a written plan against its inputs (independent of the planner).
    Check(plan::CheckArgs),
    /// Print and write one week's itinerary per IRO.
    Rota(rota::RotaArgs),
    /// Generate a synthetic council.
    Generate(generate::GenerateArgs),
    /// Solve a Solomon VRPTW instance with the routing core.
    Solomon(solomon::SolomonArgs),
    /// Plan the baseline and what-if scenarios; compare their figures.
    Compare(compare::CompareArgs),
    /// Rank candidate bases for a vacancy or an additional IRO.
    Bases(bases::BasesArgs),
    /// Turn a council's own data into input files (the DfE SSDA903 return).
    Import(import::ImportArgs),
    /// Write empty input files with their headers, a commented config and columns.toml.
    Template(template::TemplateArgs),
}

/// Where the inputs are: a data folder, or individual files.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// Data folder with children.csv, iros.csv and optional config.toml, absences.csv,
    /// bookings.csv, unavailable.csv, columns.toml, matrix.csv.
    #[arg(long, default_value = "data/dorset")]
    pub data: PathBuf,
    /// children.csv (overrides the data folder's).
    #[arg(long)]
    pub children: Option<PathBuf>,
    /// iros.csv (overrides the data folder's).
    #[arg(long)]
    pub iros: Option<PathBuf>,
    /// config.toml (overrides the data folder's).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// bookings.csv: reviews booked (kept on their dates) or held (overrides the data
    /// folder's; `--state FILE` with child_id,date is the same, every row held).
    #[arg(long, visible_alias = "state")]
    pub bookings: Option<PathBuf>,
    /// unavailable.csv: days children cannot be seen (overrides the data folder's).
    #[arg(long)]
    pub unavailable: Option<PathBuf>,
}

impl DataArgs {
    /// The input paths.
    ///
    /// # Errors
    /// [`Error::Usage`] if the data folder or a named file does not exist.
    pub fn paths(&self) -> Result<InputPaths> {
        let mut p = InputPaths::from_dir(&self.data);
        if let Some(c) = &self.children {
            p.children = c.clone();
        }
        if let Some(c) = &self.iros {
            p.iros = c.clone();
        }
        if let Some(c) = &self.config {
            p.config = Some(c.clone());
        }
        if let Some(b) = &self.bookings {
            p.bookings = Some(b.clone());
        }
        if let Some(u) = &self.unavailable {
            p.unavailable = Some(u.clone());
        }
        let optional = [&p.config, &p.bookings, &p.unavailable];
        for f in [&p.children, &p.iros]
            .into_iter()
            .chain(optional.into_iter().flatten())
        {
            if !f.exists() {
                return Err(Error::Usage(format!(
                    "{}: no such file (give --data DIR with children.csv and iros.csv, or the files)",
                    f.display()
                )));
            }
        }
        Ok(p)
    }
}

/// A date on the command line (`YYYY-MM-DD`), within the dates the planner accepts
/// ([`crate::config::check_date`]): an error here is a usage error (exit 2) before any work.
///
/// # Errors
/// What is wrong and what was expected.
pub fn date_arg(text: &str) -> std::result::Result<chrono::NaiveDate, String> {
    let d = crate::io::dates::parse_date(text, crate::config::DateFormat::Auto)
        .map_err(|e| e.to_string())?;
    crate::config::check_date(d).map_err(|expected| format!("'{text}': expected {expected}"))
}

/// Runs a parsed command; returns the process exit code.
///
/// # Errors
/// Any library error (the caller maps it to an exit code).
pub fn run(cli: Cli) -> Result<i32> {
    if let Some(n) = cli.threads {
        if n == 0 {
            return Err(Error::Usage("--threads 0: expected at least 1".into()));
        }
        // Fails only if the global pool was already built (a second call in one process):
        // the first setting stands.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let progress = PROGRESS.get_or_init(|| crate::progress::Progress::for_terminal(cli.quiet));
    // Commands other than `plan` show one stage with the elapsed time (an allocation of a
    // million children takes a minute); `plan` reports its stages itself.
    let stage = |name: &str| progress.stage(name, None);
    let result = match cli.command {
        Command::Plan(a) => plan::run_plan(&a, progress),
        Command::Allocate(a) => {
            stage("allocating");
            plan::run_allocate(&a)
        }
        Command::Check(a) => {
            stage("checking");
            plan::run_check(&a)
        }
        Command::Rota(a) => rota::run(&a, progress),
        Command::Generate(a) => {
            stage("generating");
            generate::run(&a).map(|()| 0)
        }
        Command::Solomon(a) => {
            stage("solving");
            solomon::run(&a).map(|()| 0)
        }
        Command::Compare(a) => {
            stage("comparing");
            compare::run(&a)
        }
        Command::Bases(a) => {
            stage("ranking");
            bases::run(&a)
        }
        Command::Import(a) => {
            stage("importing");
            import::run(&a)
        }
        Command::Template(a) => template::run(&a).map(|()| 0),
    };
    progress.finish();
    result
}
