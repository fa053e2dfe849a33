//! The `rota --state` file (reviews held since the data were written) applied to the bundled
//! council: rows are applied or reported, never a panic.
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

fn state_file() -> &'static Path {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| {
        std::env::temp_dir().join(format!("iro-fuzz-state-{}.csv", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    std::fs::write(state_file(), data).expect("write fuzzed state");
    let mut caseload = council().clone();
    let _ = iro_planner::cli::rota::apply_state(&mut caseload, state_file());
});
