//! What-if scenarios: levers applied to a baseline [`Caseload`], compared on the same projected
//! year.
//!
//! | file | what | algorithm |
//! |---|---|---|
//! | `mod` | scenario TOML: name, description, `[[lever]]` list; validation | serde, every problem collected |
//! | [`levers`] | each lever's effect on a caseload | direct edits (IRO posts, children, config) |
//! | [`projection`] | the projected year: arrivals and leavers | seeded uniform arrival times (a Poisson process conditioned on its count) |
//! | [`compare`](compare()) | baseline and every scenario planned in parallel; savings | `rayon`; figures from [`crate::pipeline`] |
//! | [`bases`] | where to base the next IRO | allocation-level screen (each child the cheaper of its current and the candidate's visit cost, up to the band maximum), then full plans of the best few |
//!
//! The order matters for a fair answer (DESIGN.md §1): the projection is applied to the baseline
//! first, then each scenario's levers to the projected caseload, so every scenario is planned on
//! the same children and arrivals.
//!
//! # Example scenario
//! ```toml
//! name = "midlands_iro"
//! description = "Fill the vacant 37-hour post in Birmingham"
//! [[lever]]
//! kind = "fill_vacancy"
//! id = "IRO05"
//! base = "Birmingham"
//! ```

pub mod bases;
mod compare;
pub mod levers;
pub mod projection;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use compare::{
    Comparison, Figures, ScenarioResult, compare, comparison_csv, comparison_long_csv,
    comparison_table, comparison_wide,
};
pub use levers::{Applied, Lever, RemoveRule, apply};

use crate::error::{Error, InputError, Result};

/// A scenario: a named list of levers.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Short name (also the output folder name).
    pub name: String,
    /// What the scenario asks.
    pub description: String,
    /// Levers, applied in order.
    pub levers: Vec<Lever>,
    /// File it was read from (for messages and relative `merge` paths).
    pub source: PathBuf,
    /// 1-based line of each lever's `[[lever]]` header, where found.
    pub lever_lines: Vec<Option<usize>>,
    /// 1-based line of the `name` key (`None`: the name is the file's).
    pub name_line: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    lever: Vec<toml::Value>,
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// Lines of each `[[lever]]` header, in order.
fn lever_header_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            t.starts_with("[[lever]]")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Why a scenario name cannot name its output folder inside `compare`'s, or `None`: it must
/// be a portable folder name ([`crate::io::outputs::portable_name_problem`]) and none of the
/// names `compare` writes itself ([`crate::io::outputs::COMPARE_FILES`], in any letter case).
pub fn name_problem(name: &str) -> Option<String> {
    if let Some(p) = crate::io::outputs::portable_name_problem(name) {
        return Some(p);
    }
    crate::io::outputs::COMPARE_FILES
        .iter()
        .find(|f| f.eq_ignore_ascii_case(name))
        .map(|f| format!("is the name of compare's own '{f}'"))
}

/// Scenarios whose names clash (equal in any letter case: one folder on Windows and macOS),
/// each reported at the later file's `name` line, naming the earlier file.
pub fn name_clashes(scenarios: &[Scenario]) -> Vec<InputError> {
    let mut first: std::collections::HashMap<String, &Scenario> = Default::default();
    let mut errors = Vec::new();
    for s in scenarios {
        match first.get(&s.name.to_lowercase()) {
            Some(earlier) => errors.push(InputError {
                file: s.source.clone(),
                line: s.name_line,
                column: Some("name".into()),
                problem: format!(
                    "scenario name {:?} is also the name of {} ({:?}); names are output folders",
                    s.name,
                    earlier.source.display(),
                    earlier.name
                ),
                expected: Some("a name of its own (letter case aside)".into()),
            }),
            None => {
                first.insert(s.name.to_lowercase(), s);
            }
        }
    }
    errors
}

impl Scenario {
    /// Reads a scenario file.
    ///
    /// # Errors
    /// [`Error::Io`] if unreadable; [`Error::Input`] listing every malformed lever.
    pub fn from_file(path: &Path) -> Result<Scenario> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Scenario::from_toml(&text, path)
    }

    /// Parses scenario TOML (the path names the file in messages). Only the syntax and the
    /// kinds of lever are checked here; [`Scenario::validate`] checks the levers against a
    /// caseload (IRO ids, places, counts).
    ///
    /// # Errors
    /// [`Error::Input`] with one entry per problem: file, line, `lever N (kind)`, what is wrong
    /// and what was expected.
    pub fn from_toml(text: &str, path: &Path) -> Result<Scenario> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawScenario = toml::from_str(text).map_err(|e| {
            Error::Input(vec![InputError {
                file: path.to_path_buf(),
                line: e.span().map(|s| line_of(text, s.start)),
                column: None,
                problem: e.message().trim().to_string(),
                expected: None,
            }])
        })?;
        let headers = lever_header_lines(text);
        let mut errors = Vec::new();
        let mut levers = Vec::new();
        let mut lever_lines = Vec::new();
        for (i, value) in raw.lever.into_iter().enumerate() {
            let line = headers.get(i).copied();
            let kind = value
                .get("kind")
                .and_then(|k| k.as_str())
                .unwrap_or("?")
                .to_string();
            match value.try_into::<Lever>() {
                Ok(l) => {
                    levers.push(l);
                    lever_lines.push(line);
                }
                Err(e) => errors.push(InputError {
                    file: path.to_path_buf(),
                    line,
                    column: Some(format!("lever {} ({kind})", i + 1)),
                    problem: e.message().trim().to_string(),
                    expected: Some(format!(
                        "kind one of {} with its fields (see scenario docs)",
                        Lever::KINDS.join(", ")
                    )),
                }),
            }
        }
        let name = match raw.name {
            Some(n) if !n.trim().is_empty() => n.trim().to_string(),
            _ => path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "scenario".into()),
        };
        if let Some(problem) = name_problem(&name) {
            errors.push(InputError {
                file: path.to_path_buf(),
                line: crate::config::toml_key_line(text, "name"),
                column: Some("name".into()),
                problem: format!("scenario name {:?} {problem}", name),
                expected: Some(format!(
                    "a folder name of at most {} letters, digits, spaces, '-', '_' or '.', other \
                     than {}",
                    crate::io::outputs::MAX_NAME_CHARS,
                    crate::io::outputs::COMPARE_FILES.join(", ")
                )),
            });
        }
        if !errors.is_empty() {
            return Err(Error::Input(errors));
        }
        Ok(Scenario {
            name,
            description: raw.description,
            levers,
            source: path.to_path_buf(),
            lever_lines,
            name_line: crate::config::toml_key_line(text, "name"),
        })
    }

    /// Applies this scenario's levers to a (projected) baseline.
    ///
    /// # Errors
    /// [`Error::Input`] listing every lever that does not fit the caseload (unknown IRO id,
    /// unknown place, impossible hours, bad counts).
    pub fn apply(&self, baseline: &crate::domain::Caseload) -> Result<Applied> {
        apply(self, baseline)
    }

    /// Checks the levers against a caseload without keeping the result.
    ///
    /// # Errors
    /// As [`Scenario::apply`].
    pub fn validate(&self, baseline: &crate::domain::Caseload) -> Result<()> {
        self.apply(baseline).map(|_| ())
    }
}
