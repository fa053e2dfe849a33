//! The CSV readers (`children.csv`, `iros.csv`, `absences.csv`, `matrix.csv`) through
//! `io::load`: the first byte picks the file the rest of the input replaces; the others are the
//! bundled council's. Any input must load or return errors, never panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const DORSET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/dorset");
const ABSENCES: &str = "iro_id,from,to\nIRO01,2026-12-21,2027-01-01\n";
const MATRIX: &str = "from,to,miles,hours\nDT1,DT4,9,0.4\n";

/// A folder per process with the bundled inputs; each run overwrites one of them.
fn folder() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("iro-fuzz-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp folder");
        dir
    })
}

fn reset(dir: &Path) {
    for f in ["children.csv", "iros.csv"] {
        std::fs::copy(Path::new(DORSET).join(f), dir.join(f)).expect("copy bundled input");
    }
    std::fs::write(dir.join("absences.csv"), ABSENCES).expect("write");
    std::fs::write(dir.join("matrix.csv"), MATRIX).expect("write");
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let dir = folder();
    reset(dir);
    let file = ["children.csv", "iros.csv", "absences.csv", "matrix.csv"][which as usize % 4];
    std::fs::write(dir.join(file), rest).expect("write fuzzed input");
    let paths = iro_planner::io::InputPaths::from_dir(dir);
    let _ = iro_planner::io::load_with_config(&paths, iro_planner::config::Config::default());
});
