//! The command line: parses arguments into validated options and calls the library.

pub mod generate;
pub mod solomon;
