//! `import ssda903 --from DIR --snapshot DATE [--current-iro FILE] --out DATA_DIR`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use crate::error::{Error, Result};
use crate::import::ssda903;
use crate::io::outputs::{Staging, write_json};

/// Arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What to import.
    #[command(subcommand)]
    pub kind: ImportKind,
}

/// Importable sources.
#[derive(Debug, Subcommand)]
pub enum ImportKind {
    /// The DfE SSDA903 return (header.csv, episodes.csv, reviews.csv) → children.csv.
    Ssda903(Ssda903Args),
}

/// Arguments of `import ssda903`.
#[derive(Debug, Args)]
pub struct Ssda903Args {
    /// Folder with the return's header.csv, episodes.csv and reviews.csv.
    #[arg(long)]
    pub from: PathBuf,
    /// The day the children are taken as of (YYYY-MM-DD or dd/mm/yyyy).
    #[arg(long, value_parser = super::date_arg)]
    pub snapshot: NaiveDate,
    /// CSV `child_id,iro_id`: each child's IRO today (the return has no IRO).
    #[arg(long)]
    pub current_iro: Option<PathBuf>,
    /// Data folder to write children.csv, import_report.txt and import_report.json into
    /// (iros.csv and config.toml there are left as they are).
    #[arg(long)]
    pub out: PathBuf,
}

/// Runs `import`: exit 0, or 1 when children were written without a placement that locates
/// them (listed in the report: give them one before planning).
///
/// # Errors
/// Every bad row of the return (nothing written), an unreadable file, an unwritable folder.
pub fn run(args: &ImportArgs) -> Result<i32> {
    let ImportKind::Ssda903(a) = &args.kind;
    if !a.from.is_dir() {
        return Err(Error::Usage(format!(
            "--from {}: no such folder (expected the folder of the return's CSV files)",
            a.from.display()
        )));
    }
    let imported = ssda903::import(&ssda903::Options {
        from: a.from.clone(),
        snapshot: a.snapshot,
        current_iro: a.current_iro.clone(),
    })?;
    let report = &imported.report;
    super::print_warnings(&report.warnings);
    let mut staging = Staging::new(&a.out, "import")?;
    staging.write("children.csv", &ssda903::children_csv(&imported.children)?)?;
    staging.write("import_report.txt", report.to_text().as_bytes())?;
    write_json(&mut staging, "import_report.json", report)?;
    staging.commit()?;
    outln!(
        "{} children looked after on {} written to {} ({} reviews overdue, {} placements not found; see import_report.txt)",
        report.children_found,
        report.snapshot,
        a.out.join("children.csv").display(),
        report.reviews_overdue.len(),
        report.postcodes_not_found.len()
    );
    Ok(i32::from(!report.postcodes_not_found.is_empty()))
}
