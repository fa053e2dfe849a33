//! "Would it make economic sense to base an IRO in the Midlands?" — end to end on the bundled
//! council: the vacant 37-hour post filled in Birmingham against the same post filled in
//! Dorchester, on the same projected year.
//!
//! `cargo run --release --example birmingham [DATA_DIR]`

use std::path::PathBuf;

use iro_planner::io::{InputPaths, load};
use iro_planner::scenario::{Scenario, compare, comparison_table};

fn main() -> anyhow::Result<()> {
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "data/dorset".into()),
    );
    let caseload = load(&InputPaths::from_dir(&data))?;
    let scenarios = [
        Scenario::from_file(&data.join("scenarios/vacancy_dorchester.toml"))?,
        Scenario::from_file(&data.join("scenarios/midlands_iro.toml"))?,
    ];
    let c = compare(&caseload, &scenarios, true)?;
    print!("{}", comparison_table(&c));
    let (dor, bhm) = (&c.scenarios[1].figures, &c.scenarios[2].figures);
    let saved = dor.cost_total - bhm.cost_total;
    println!();
    println!(
        "Filling the vacant post in Birmingham rather than Dorchester: {:+.0} miles, {:+.0} drive hours, {:+.0} hotel nights, {:+.1} t CO2e a year saved;",
        dor.miles - bhm.miles,
        dor.drive_hours - bhm.drive_hours,
        dor.hotel_nights - bhm.hotel_nights,
        dor.co2_t - bhm.co2_t
    );
    println!(
        "annual saving £{saved:.0} ({}), on time {:.1}% (Birmingham) vs {:.1}% (Dorchester).",
        if saved > 0.0 {
            "Birmingham is cheaper"
        } else {
            "Dorchester is cheaper"
        },
        bhm.on_time_pct,
        dor.on_time_pct
    );
    if let Some(plan) = &c.scenarios[2].plan {
        println!("Caseloads with the post in Birmingham:");
        for i in &plan.summary.per_iro {
            println!(
                "  {:<8} {:>3} children ({}-{}), {:>6.0} miles",
                i.iro_id, i.children, i.band_min, i.band_max, i.travel.miles
            );
        }
    }
    Ok(())
}
