//! Scenario files: parsed, then applied to the bundled council (levers validated against it).
//! Any text gives a scenario, or errors naming the file; never a panic.
#![no_main]

mod common;

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `merge` levers resolve their folder next to the scenario file.
    let path = PathBuf::from(common::DORSET).join("scenarios/fuzzed.toml");
    if let Ok(s) = iro_planner::scenario::Scenario::from_toml(text, &path) {
        assert!(iro_planner::scenario::name_problem(&s.name).is_none());
        let _ = s.apply(common::council());
    }
});
