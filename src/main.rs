//! The `iro-planner` binary: parses arguments and calls the library.
#![forbid(unsafe_code)]

use clap::Parser;

fn main() {
    let cli = iro_planner::cli::Cli::parse();
    match iro_planner::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(e.exit_code());
        }
    }
}
