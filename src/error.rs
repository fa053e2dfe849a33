//! The library's one error type.
//!
//! Input problems are collected, never returned one at a time: [`Error::Input`] carries every
//! [`InputError`] found, each naming file, line, column, the offending value and what was expected.

use std::fmt;
use std::path::PathBuf;

/// One problem in one input file, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// File the problem is in (as given on the command line).
    pub file: PathBuf,
    /// 1-based line number; `None` for a problem with the whole file (e.g. empty, missing column).
    pub line: Option<usize>,
    /// Column (CSV header name or TOML key); `None` where the problem is a whole row or file.
    pub column: Option<String>,
    /// What is wrong, including the offending value where there is one.
    pub problem: String,
    /// What was expected instead.
    pub expected: Option<String>,
}

impl InputError {
    /// A problem at a given line and column.
    pub fn at(
        file: impl Into<PathBuf>,
        line: usize,
        column: impl Into<String>,
        problem: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        let expected = expected.into();
        InputError {
            file: file.into(),
            line: Some(line),
            column: Some(column.into()),
            problem: problem.into(),
            expected: (!expected.is_empty()).then_some(expected),
        }
    }

    /// A problem with a whole file (no line).
    pub fn file(file: impl Into<PathBuf>, problem: impl Into<String>) -> Self {
        InputError {
            file: file.into(),
            line: None,
            column: None,
            problem: problem.into(),
            expected: None,
        }
    }

    /// Sets the column.
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Sets what was expected.
    pub fn with_expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }
}

impl fmt::Display for InputError {
    /// `file:line: column: problem (expected …)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(col) = &self.column {
            write!(f, "{col}: ")?;
        }
        write!(f, "{}", self.problem)?;
        if let Some(exp) = &self.expected {
            write!(f, " (expected {exp})")?;
        }
        Ok(())
    }
}

/// How many lines a [`merge_repeats`] error lists.
const LINES_LISTED: usize = 5;

/// Merges the errors from `errors[from..]` that say the same thing (same file, column, problem
/// and expectation: one unknown IRO id named by 70 children) into the first of them, which
/// then names the number of rows and their first lines: `children.csv:4: current_iro: unknown
/// IRO 'IRO99' on 70 rows (lines 4, 9, 17, 23, 30, …)`. Only errors in `columns` are merged:
/// those whose problem names the value at fault, so searching the file for it finds every
/// row.
pub(crate) fn merge_repeats(errors: &mut Vec<InputError>, from: usize, columns: &[&str]) {
    let mut merged: Vec<(usize, Vec<usize>)> = Vec::new(); // (index kept, its lines)
    let mut kept = Vec::with_capacity(errors.len());
    for (k, e) in errors.drain(..).enumerate() {
        let mergeable = k >= from && e.column.as_deref().is_some_and(|c| columns.contains(&c));
        let same = |o: &InputError| {
            o.file == e.file
                && o.column == e.column
                && o.problem == e.problem
                && o.expected == e.expected
        };
        if mergeable && let Some((_, lines)) = merged.iter_mut().find(|(i, _)| same(&kept[*i])) {
            lines.extend(e.line);
            continue;
        }
        if mergeable {
            merged.push((kept.len(), e.line.into_iter().collect()));
        }
        kept.push(e);
    }
    for (i, lines) in merged {
        if lines.len() > 1 {
            let mut list: Vec<String> = lines
                .iter()
                .take(LINES_LISTED)
                .map(|l| l.to_string())
                .collect();
            if lines.len() > LINES_LISTED {
                list.push("…".into());
            }
            let e = &mut kept[i];
            e.problem = format!(
                "{} on {} rows (lines {})",
                e.problem,
                lines.len(),
                list.join(", ")
            );
        }
    }
    *errors = kept;
}

/// A finding that does not stop a run (an unused column, a file read as Windows-1252, stale
/// data): located like an [`InputError`], printed as `warning: file:line: column: problem`.
pub type InputWarning = InputError;

/// Every error the library returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the inputs; all of them, in file order.
    #[error("{} input error(s):\n{}", .0.len(), join_lines(.0))]
    Input(Vec<InputError>),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A command-line option is invalid.
    #[error("{0}")]
    Usage(String),
    /// A solver failed in a way that is not the user's fault.
    #[error("solver: {0}")]
    Solver(String),
}

fn join_lines(errors: &[InputError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The process exit code this error maps to: 2 for bad input or usage, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) => 2,
            Error::Io { .. } => 2,
            Error::Solver(_) => 1,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
