//! Running the binary from integration tests.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `iro-planner` with these arguments.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(args)
        .output()
        .expect("runs")
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The run's standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Blanks `children.csv`'s `current_iro` column in the data folder `data` (the file must quote
/// no field, as the bundled and generated ones): a council whose input names no current IRO,
/// as an SSDA903 import without `--current-iro`.
pub fn blank_current_iro(data: &Path) {
    let path = data.join("children.csv");
    let text = std::fs::read_to_string(&path).expect("reads children.csv");
    let mut lines = text.lines();
    let header = lines.next().expect("a header");
    let col = header
        .split(',')
        .position(|h| h == "current_iro")
        .expect("a current_iro column");
    let mut out = format!("{header}\n");
    for l in lines {
        let mut f: Vec<&str> = l.split(',').collect();
        f[col] = "";
        out += &(f.join(",") + "\n");
    }
    std::fs::write(&path, out).expect("writes children.csv");
}
