//! The `rota --state` file (reviews held since the data were written) applied to the bundled
//! council: rows are applied or reported, never a panic.
#![no_main]

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn state_file() -> &'static Path {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| {
        std::env::temp_dir().join(format!("iro-fuzz-state-{}.csv", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    std::fs::write(state_file(), data).expect("write fuzzed state");
    let mut caseload = common::council().clone();
    let _ = iro_planner::cli::rota::apply_state(&mut caseload, state_file());
});
