//! `iro-planner generate`: writes a synthetic council (or all of England) to a data folder.
//!
//! Raw flags become a validated [`crate::synth::Options`] before any work; the generation
//! itself is [`crate::synth::generate`].

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::synth::{self, Options, Profile};

/// Arguments of `generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// Which data set: `dorset` (the bundled council), `council` (any English council around
    /// `--home`) or `national` (≈ 150 councils in one folder with a `council` column).
    #[arg(long, value_enum, default_value = "dorset")]
    pub profile: Profile,
    /// Seed of the random stream: the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output folder (default `data/<profile>`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Home of the council: a place name, postcode or county (`--profile council`).
    #[arg(long)]
    pub home: Option<String>,
    /// Number of children (default: 455 for a council, 84,000 national).
    #[arg(long)]
    pub children: Option<usize>,
    /// Number of IRO posts (default: Dorset's 9; about one per 60 children otherwise).
    #[arg(long)]
    pub iros: Option<usize>,
    /// Councils of the national profile, the largest towns first (default 150; a smaller
    /// sample of England keeps councils of realistic size).
    #[arg(long)]
    pub councils: Option<usize>,
    /// Snapshot date: review histories are replayed up to this day (YYYY-MM-DD); the planning
    /// horizon in the written config starts the next day.
    #[arg(long, value_parser = super::date_arg, default_value = "2026-11-30")]
    pub as_of: NaiveDate,
    /// Also write the children as the DfE SSDA903 return (header.csv, episodes.csv,
    /// reviews.csv, current_iro.csv) in `<out>/ssda903/`, to try `import ssda903` on.
    #[arg(long)]
    pub ssda903: bool,
}

impl GenerateArgs {
    /// The validated options.
    pub fn options(&self) -> Options {
        Options {
            profile: self.profile,
            seed: self.seed,
            out: self
                .out
                .clone()
                .unwrap_or_else(|| PathBuf::from("data").join(self.profile.name())),
            home: self.home.clone(),
            children: self.children,
            iros: self.iros,
            councils: self.councils,
            as_of: self.as_of,
        }
    }
}

/// Runs `generate` and prints what was written.
///
/// # Errors
/// Bad options (e.g. a `--home` that does not resolve) or an unwritable output folder.
pub fn run(args: &GenerateArgs) -> crate::Result<()> {
    let options = args.options();
    let s = synth::generate(&options)?;
    let pct = |a: usize| {
        if s.children == 0 {
            0.0
        } else {
            100.0 * a as f64 / s.children as f64
        }
    };
    outln!(
        "wrote {}: {} children in {} council(s), {:.1} % out of area, {:.1} % in sibling \
         groups, {} IRO posts ({:.2} FTE filled)",
        options.out.display(),
        s.children,
        s.councils,
        pct(s.out_of_area),
        pct(s.in_sibling_groups),
        s.iro_posts,
        s.filled_fte
    );
    if args.ssda903 {
        let truth = crate::io::load(&crate::io::InputPaths::from_dir(&options.out))?;
        let dir = options.out.join("ssda903");
        let e = synth::ssda903::export_dir(&truth, options.as_of, options.seed, &dir)?;
        outln!(
            "wrote {}: the SSDA903 return of those children on {} ({} with several episodes, {} \
             with an earlier period, {} who left and {} who start after that day)",
            dir.display(),
            options.as_of,
            e.multi_episode,
            e.earlier_period,
            e.left_before,
            e.start_after
        );
    }
    Ok(())
}
