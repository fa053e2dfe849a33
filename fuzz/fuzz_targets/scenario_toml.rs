//! Scenario files: parsed, then applied to the bundled council (levers validated against it).
//! Any text gives a scenario, or errors naming the file; never a panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use iro_planner::domain::Caseload;
use libfuzzer_sys::fuzz_target;

const DORSET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/dorset");

fn council() -> &'static Caseload {
    static C: OnceLock<Caseload> = OnceLock::new();
    C.get_or_init(|| {
        iro_planner::io::load(&iro_planner::io::InputPaths::from_dir(Path::new(DORSET)))
            .expect("the bundled council loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `merge` levers resolve their folder next to the scenario file.
    let path = PathBuf::from(DORSET).join("scenarios/fuzzed.toml");
    if let Ok(s) = iro_planner::scenario::Scenario::from_toml(text, &path) {
        assert!(iro_planner::scenario::name_problem(&s.name).is_none());
        let _ = s.apply(council());
    }
});
