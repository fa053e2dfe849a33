//! `config.toml`: any text parses into a configuration within every bound, or into errors
//! that name the file; never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = iro_planner::config::Config::from_toml(text, Path::new("config.toml")) {
        // An accepted configuration is within its bounds.
        assert!(config.validate(Path::new("config.toml")).is_empty());
    }
});
