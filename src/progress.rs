//! Progress reporting on long runs (a national plan takes a minute or two).
//!
//! A thin wrapper over [`indicatif`]: the library reports stages and counts to a [`Progress`];
//! the command line decides whether anything is drawn. It draws on standard error, and only
//! when standard output is a terminal and `--quiet` was not given, so piped or redirected runs
//! (CI, scripts, `plan > log`) stay byte-for-byte free of progress noise. Nothing drawn ever
//! names a child: stages and counts only.

use std::io::IsTerminal as _;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress reporter: drawn, or hidden (every call a no-op).
#[derive(Debug, Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Reports nothing.
    pub fn hidden() -> Progress {
        Progress { bar: None }
    }

    /// Draws on standard error when standard output is a terminal and `quiet` is false.
    pub fn for_terminal(quiet: bool) -> Progress {
        if quiet || !std::io::stdout().is_terminal() {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar: Some(bar) }
    }

    /// True when something is drawn.
    pub fn is_visible(&self) -> bool {
        self.bar.is_some()
    }

    /// Starts a stage of `len` steps (`None`: a spinner with the elapsed time).
    pub fn stage(&self, name: &str, len: Option<u64>) {
        let Some(bar) = &self.bar else { return };
        let template = if len.is_some() {
            "{spinner} {msg:<12} [{bar:30}] {pos}/{len} {elapsed_precise} (eta {eta})"
        } else {
            "{spinner} {msg:<12} {elapsed_precise}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.reset();
        bar.set_length(len.unwrap_or(0));
        bar.set_position(0);
        bar.set_message(name.to_string());
    }

    /// `n` more steps of the current stage done (callable from several threads).
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// Clears the line: the run's own output follows.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_quiet_draw_nothing() {
        assert!(!Progress::hidden().is_visible());
        assert!(!Progress::for_terminal(true).is_visible());
        // Under `cargo test` stdout is captured, not a terminal.
        let p = Progress::for_terminal(false);
        if !std::io::stdout().is_terminal() {
            assert!(!p.is_visible());
        }
        p.stage("x", Some(3));
        p.inc(1);
        p.finish();
    }
}
