//! "Would it make economic sense to base an IRO in the Midlands?" — end to end on the bundled
//! council: the vacant 37-hour post filled in Birmingham against the same post filled in
//! Dorchester (the baseline), with the saving split into cash and staff time and its range.
//! The same answer as `iro-planner compare --baseline
//! data/dorset/scenarios/vacancy_dorchester.toml --scenario
//! data/dorset/scenarios/midlands_iro.toml`.
//!
//! `cargo run --release --example birmingham [DATA_DIR]`

use std::path::PathBuf;

use iro_planner::io::{InputPaths, load};
use iro_planner::report::{comparison_table, decision, decision_text};
use iro_planner::scenario::{Request, Scenario, compare_with};

fn main() -> anyhow::Result<()> {
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "data/dorset".into()),
    );
    let caseload = load(&InputPaths::from_dir(&data))?;
    let dorchester = Scenario::from_file(&data.join("scenarios/vacancy_dorchester.toml"))?;
    let birmingham = Scenario::from_file(&data.join("scenarios/midlands_iro.toml"))?;
    let project = caseload.config.projection.enabled;
    let c = compare_with(
        &caseload,
        &Request {
            baseline: Some(&dorchester),
            scenarios: std::slice::from_ref(&birmingham),
            project,
            ranges: true,
        },
    )?;
    println!("{}\n", decision_text(&decision(&c, 1)));
    print!("{}", comparison_table(&c));
    if let Some(plan) = &c.scenarios[1].plan {
        println!("Caseloads with the post in Birmingham:");
        for i in &plan.summary.per_iro {
            println!(
                "  {:<8} {:>3} children ({}-{}), {:>6.0} miles, {:>2} nights",
                i.iro_id, i.children, i.band_min, i.band_max, i.travel.miles, i.travel.nights
            );
        }
    }
    Ok(())
}
