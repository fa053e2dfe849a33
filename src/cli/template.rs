//! `template --out DIR`: empty input files with their headers, a commented `config.toml` and
//! an example `columns.toml`, to fill in (see docs/inputs.md).

use std::path::PathBuf;

use clap::Args;

use crate::config::Config;
use crate::error::Result;
use crate::io::outputs::Staging;

/// Arguments of `template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Folder to write children.csv, iros.csv, absences.csv, bookings.csv, unavailable.csv,
    /// config.toml and columns.toml into.
    #[arg(long)]
    pub out: PathBuf,
}

/// `children.csv`'s header: the columns of DESIGN.md §3 and the optional ones of docs/inputs.md
/// (lat/lon may replace placement).
const CHILDREN: &str = "child_id,placement,looked_after_since,last_review,reviews_held,current_iro,sibling_group,extra_time,placement_type,review_mode,locked,exclude_iros,review_times,council\n";
const IROS: &str =
    "iro_id,base,hours_per_week,working_days,max_caseload,overnight,vacant,council\n";
const ABSENCES: &str = "iro_id,from,to\n";
/// `bookings.csv`: reviews booked (kept on their day) or already held.
const BOOKINGS: &str = "child_id,date,start,status\n";
/// `unavailable.csv`: days a child cannot be seen.
const UNAVAILABLE: &str = "child_id,from,to\n";

/// `columns.toml`: every line commented, a Mosaic-style example of each kind of mapping.
const COLUMNS: &str = r##"# columns.toml: your export's header names -> iro-planner's columns (docs/inputs.md).
# Optional. One table per input file; each key is our column, each value your header (or a
# list of headers). Case, spaces, hyphens and underscores never matter ("Child ID" is already
# child_id). Remove the leading "# " of the lines you need.
#
# [children]
# child_id = "Person ID"
# placement = ["Placement Postcode", "PL_POST"]
# looked_after_since = "CLA Start Date"
# last_review = "Date of Last Review"
# reviews_held = "Number of Reviews"
# current_iro = "Allocated IRO"
#
# [iros]
# iro_id = "Worker ID"
# base = "Office Postcode"
# hours_per_week = "Contracted Hours"
#
# [absences]
# iro_id = "Worker ID"
# from = "Leave Start"
# to = "Leave End"
"##;

/// Runs `template`.
///
/// # Errors
/// If the folder cannot be written.
pub fn run(args: &TemplateArgs) -> Result<()> {
    let config = Config::default();
    let text = crate::synth::output::config_text(
        &config,
        "# iro-planner configuration. Every value is the project default (src/config.rs), with\n\
         # its source; an empty file means the same. Change what differs for your service.",
        "set it to the day after your data were extracted",
        config.horizon.start,
        config.horizon.months,
    );
    let mut staging = Staging::new(&args.out, "template")?;
    for (name, body) in [
        ("children.csv", CHILDREN),
        ("iros.csv", IROS),
        ("absences.csv", ABSENCES),
        ("bookings.csv", BOOKINGS),
        ("unavailable.csv", UNAVAILABLE),
        ("config.toml", text.as_str()),
        ("columns.toml", COLUMNS),
    ] {
        staging.write(name, body.as_bytes())?;
    }
    staging.commit()?;
    outln!(
        "wrote children.csv, iros.csv, absences.csv, bookings.csv, unavailable.csv, config.toml \
         and columns.toml to {} (columns: docs/inputs.md)",
        args.out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bookings::{BOOKINGS as BOOKING_SCHEMA, UNAVAILABLE as UNAVAILABLE_SCHEMA};
    use crate::io::{CHILDREN as CHILD_SCHEMA, IROS as IRO_SCHEMA};

    #[test]
    fn template_headers_are_known_columns() {
        for (header, schema) in [
            (CHILDREN, &CHILD_SCHEMA),
            (IROS, &IRO_SCHEMA),
            (BOOKINGS, &BOOKING_SCHEMA),
            (UNAVAILABLE, &UNAVAILABLE_SCHEMA),
        ] {
            for col in header.trim().split(',') {
                assert!(schema.columns.contains(&col), "{col}");
            }
        }
    }

    #[test]
    fn template_config_reads_back_as_the_defaults() {
        let config = Config::default();
        let text = crate::synth::output::config_text(
            &config,
            "# t",
            "n",
            config.horizon.start,
            config.horizon.months,
        );
        let back = Config::from_toml(&text, std::path::Path::new("config.toml")).expect("parses");
        assert_eq!(back, config);
        let cols = crate::io::columns::ColumnMap::from_toml(
            COLUMNS,
            std::path::Path::new("columns.toml"),
            &[],
        );
        assert!(cols.is_ok(), "every line commented: {cols:?}");
    }
}
