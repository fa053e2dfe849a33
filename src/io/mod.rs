//! Reading and validating inputs; writing outputs.

pub mod csvread;
mod inputs;
pub mod outputs;

pub use inputs::{InputPaths, load, load_with_config};
