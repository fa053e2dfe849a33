//! `iro-planner solomon FILE`: the routing core on a Solomon instance (owned by the route engineer).
//!
//! INTERFACE STUB: `SolomonArgs` (clap `Args`) and `run`.

/// Arguments of `solomon`.
#[derive(Debug, clap::Args)]
pub struct SolomonArgs {}

/// Runs `solomon`.
///
/// # Errors
/// Unreadable or malformed instance.
pub fn run(args: &SolomonArgs) -> crate::Result<()> {
    let _ = args;
    Err(crate::Error::Usage("solomon: not yet implemented".into()))
}
