//! Solomon instances: parsed, turned into the routing core's problem, and checked with one
//! route per customer. Any text gives an instance or errors with lines; never a panic.
#![no_main]

use std::path::Path;

use iro_planner::route::solomon;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(instance) = solomon::parse(text, Path::new("instance.txt")) else {
        return;
    };
    let _ = solomon::problem(&instance);
    let routes: Vec<Vec<usize>> = instance
        .customers
        .iter()
        .skip(1)
        .map(|c| vec![c.id])
        .collect();
    let _ = solomon::check_routes(&instance, &routes);
});
