//! Shared by the targets: the bundled council, loaded once per process.

use std::path::Path;
use std::sync::OnceLock;

use iro_planner::domain::Caseload;

/// The bundled council's data folder.
pub const DORSET: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/dorset");

/// The bundled council.
pub fn council() -> &'static Caseload {
    static C: OnceLock<Caseload> = OnceLock::new();
    C.get_or_init(|| {
        iro_planner::io::load(&iro_planner::io::InputPaths::from_dir(Path::new(DORSET)))
            .expect("the bundled council loads")
    })
}
