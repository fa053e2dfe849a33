//! `iro-planner generate`: synthetic councils (owned by the synth engineer).
//!
//! INTERFACE STUB: `GenerateArgs` (clap `Args`) and `run`.

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {}

/// Runs `generate`.
///
/// # Errors
/// Bad options or unwritable output.
pub fn run(args: &GenerateArgs) -> crate::Result<()> {
    let _ = args;
    Err(crate::Error::Usage("generate: not yet implemented".into()))
}
