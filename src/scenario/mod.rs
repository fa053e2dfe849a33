//! What-if scenarios: levers applied to a baseline [`Caseload`], compared on the same projected
//! year.
//!
//! | file | what | algorithm |
//! |---|---|---|
//! | `mod` | scenario TOML: name, description, `[[lever]]` list; validation; a scenario on top of a baseline scenario | serde, every problem collected |
//! | [`levers`] | one file per lever: validate into a typed lever, apply it, return its effect | direct edits (IRO posts, children, config); `apply` is a fold |
//! | [`projection`] | the projected year: arrivals and leavers | seeded uniform arrival times (a Poisson process conditioned on its count) |
//! | [`figures`] | a plan's figures, the figure-direction table, savings | money split by kind: travel cash, staff time, posts, placements, agency cover |
//! | [`ranges`] | low- and high-travel assumption sets | every plan made again under each; a saving's range is its smallest and largest |
//! | [`holding`] | what a post holds: children by area, nights away | nearest sizeable town names an area |
//! | [`compare`](compare()) | baseline (today's, or a scenario) and every scenario planned in parallel | `rayon`; figures from [`crate::pipeline`] |
//! | [`bases`] | where to base a post: the vacancy, or an additional one | allocation-level screen, then the shortlist planned in full by [`compare_with`]; ties where ranges overlap |
//!
//! The order matters for a fair answer (DESIGN.md §1): the projection is applied to the baseline
//! first, then the baseline scenario's levers, then each scenario's, so every scenario is planned
//! on the same children and arrivals.
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
pub mod figures;
pub mod holding;
pub mod levers;
pub mod projection;
pub mod ranges;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use compare::{
    Comparison, FigureRow, Request, SavingRange, ScenarioResult, compare, compare_with,
    comparison_csv, comparison_long_csv, comparison_wide, validate,
};
pub use figures::{FIGURES, FigureDef, Figures, Savings, Verdict};
pub use levers::{Applied, BaseSpec, Effect, Lever, RemoveRule, apply};

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
    /// Where each lever is written in its file.
    pub lever_at: Vec<LeverAt>,
    /// Problems found reading the file that are not a lever's values (a `[[lever]]` that is no
    /// lever, a bad name): [`Scenario::apply`] reports them first. A lever with bad values is
    /// a [`Lever::Unchecked`] among the levers.
    pub errors: Vec<InputError>,
    /// How many of the first levers come from a baseline scenario ([`Scenario::over`]).
    pub inherited: usize,
    /// 1-based line of the `name` key (`None`: the name is the file's).
    pub name_line: Option<usize>,
}

/// Where a lever is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeverAt {
    /// 1-based number among the `[[lever]]`s of its file.
    pub number: usize,
    /// 1-based line of its `[[lever]]` header, where found.
    pub line: Option<usize>,
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

    /// Reads a scenario file as [`Scenario::read`] does.
    ///
    /// # Errors
    /// [`Error::Io`] if unreadable; [`Error::Input`] if it is not TOML.
    pub fn read_file(path: &Path) -> Result<Scenario> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Scenario::read(&text, path)
    }

    /// Parses scenario TOML (the path names the file in messages). Only the syntax and the
    /// values of the levers are checked here; [`Scenario::validate`] checks the levers against
    /// a caseload (IRO ids, places, counts).
    ///
    /// # Errors
    /// [`Error::Input`] with one entry per problem: file, line, `lever N (kind)`, what is wrong
    /// and what was expected.
    pub fn from_toml(text: &str, path: &Path) -> Result<Scenario> {
        let s = Scenario::read(text, path)?;
        let errors = s.file_errors();
        if !errors.is_empty() {
            return Err(Error::Input(errors));
        }
        Ok(s)
    }

    /// Every problem found reading the file: [`Scenario::errors`], then the value problems of
    /// each [`Lever::Unchecked`].
    pub fn file_errors(&self) -> Vec<InputError> {
        let mut errors = self.errors.clone();
        for (i, lever) in self.levers.iter().enumerate() {
            if let Lever::Unchecked(u) = lever {
                errors.extend(u.problems().iter().map(|p| self.error(i, lever, p.clone())));
            }
        }
        errors
    }

    /// Parses scenario TOML, keeping its problems in the scenario rather than returning them:
    /// a lever with bad values stays as a [`Lever::Unchecked`], so [`Scenario::apply`] reports
    /// them together with the problems against the caseload (an unknown IRO id or place) in
    /// one run, and never plans such a scenario.
    ///
    /// # Errors
    /// [`Error::Input`] if the text is not TOML or not a scenario's tables.
    pub fn read(text: &str, path: &Path) -> Result<Scenario> {
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
        let mut lever_at = Vec::new();
        for (i, value) in raw.lever.into_iter().enumerate() {
            let line = headers.get(i).copied();
            let kind = value
                .get("kind")
                .and_then(|k| k.as_str())
                .unwrap_or("?")
                .to_string();
            let at = |column: String, problem: String, expected: String| InputError {
                file: path.to_path_buf(),
                line,
                column: Some(column),
                problem,
                expected: (!expected.is_empty()).then_some(expected),
            };
            let dir = path.parent().unwrap_or(Path::new("."));
            match value.try_into::<levers::LeverToml>() {
                Ok(raw) => {
                    levers.push(Lever::validate(raw, dir));
                    lever_at.push(LeverAt {
                        number: i + 1,
                        line,
                    });
                }
                Err(e) => errors.push(at(
                    format!("lever {} ({kind})", i + 1),
                    e.message().trim().to_string(),
                    format!(
                        "kind one of {} with its fields (see scenario docs)",
                        Lever::KINDS.join(", ")
                    ),
                )),
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
        Ok(Scenario {
            name,
            description: raw.description,
            levers,
            source: path.to_path_buf(),
            lever_at,
            errors,
            inherited: 0,
            name_line: crate::config::toml_key_line(text, "name"),
        })
    }

    /// A scenario made in code (e.g. by `bases`) rather than read from a file.
    pub fn new(name: &str, description: &str, levers: Vec<Lever>) -> Scenario {
        Scenario {
            name: name.to_string(),
            description: description.to_string(),
            lever_at: (1..=levers.len())
                .map(|number| LeverAt { number, line: None })
                .collect(),
            levers,
            errors: Vec::new(),
            source: PathBuf::from(format!("{name} (made by iro-planner)")),
            inherited: 0,
            name_line: None,
        }
    }

    /// This scenario planned on top of a baseline scenario: the baseline's levers, then this
    /// one's; a baseline lever is dropped where this scenario sets the same thing
    /// ([`Lever::key`]: the same kind on the same post, or the same policy). So with
    /// "vacancy filled in Dorchester" as the baseline, "vacancy filled in Birmingham" replaces
    /// the filling, and "reduce to 400" is planned with the vacancy filled in Dorchester.
    /// The baseline's own problems (a [`Lever::Unchecked`], its [`Scenario::errors`]) are the
    /// baseline's to report, not each scenario's.
    pub fn over(&self, base: &Scenario) -> Scenario {
        let own: Vec<_> = self.levers.iter().filter_map(Lever::key).collect();
        let (kept, mut lever_at): (Vec<Lever>, Vec<LeverAt>) = base
            .levers
            .iter()
            .zip(&base.lever_at)
            .filter(|(l, _)| !matches!(l, Lever::Unchecked(_)))
            .filter(|(l, _)| l.key().is_none_or(|k| !own.contains(&k)))
            .map(|(l, at)| (l.clone(), *at))
            .unzip();
        let inherited = kept.len();
        lever_at.extend(self.lever_at.iter().copied());
        let mut levers = kept;
        levers.extend(self.levers.iter().cloned());
        Scenario {
            name: self.name.clone(),
            description: self.description.clone(),
            levers,
            source: self.source.clone(),
            lever_at,
            errors: self.errors.clone(),
            inherited,
            name_line: self.name_line,
        }
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
