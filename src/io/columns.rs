//! `columns.toml`: a council's own header names mapped to iro-planner's columns.
//!
//! One table per input file; each key is our column, each value the export's header (or a
//! list of them). Headers are compared after [`normalise_header`], so case, spaces, hyphens
//! and underscores never matter.
//!
//! ```toml
//! # Mosaic-style export headers
//! [children]
//! child_id = "Person ID"
//! placement = ["Placement Postcode", "PL_POST"]
//! looked_after_since = "CLA Start Date"
//! last_review = "Date of Last Review"
//! reviews_held = "Number of Reviews"
//! current_iro = "Allocated IRO"
//!
//! [iros]
//! iro_id = "Worker ID"
//! base = "Office Postcode"
//! hours_per_week = "Contracted Hours"
//! ```
//!
//! Every problem is an error naming the line: a table for a file we do not read, a key that
//! is not one of that file's columns (with the closest name), one header mapped to two columns.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, InputError, Result};

/// Aliases of one input file: normalised header → our column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnMap {
    files: HashMap<String, HashMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Alias {
    One(String),
    Many(Vec<String>),
}

/// Header text → comparable name: lower case, runs of spaces, `_`, `-`, `.` and `/` as one
/// `_`, no leading or trailing `_`.
///
/// ```
/// use iro_planner::io::columns::normalise_header;
/// assert_eq!(normalise_header(" Looked-After  Since "), "looked_after_since");
/// assert_eq!(normalise_header("PL_POST"), "pl_post");
/// ```
pub fn normalise_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut gap = false;
    for ch in h.trim().chars() {
        if ch.is_whitespace() || matches!(ch, '_' | '-' | '.' | '/') {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('_');
        }
        gap = false;
        out.extend(ch.to_lowercase());
    }
    out
}

/// Headers longer than this are never compared for resemblance (bounds the work).
const MAX_RESEMBLANCE_LEN: usize = 64;

/// True if a header looks like a renamed `column`: every word of the column is among the
/// header's words (`Date of Last Review` ~ `last_review`), or the two are near spellings
/// (Jaro-Winkler ≥ 0.94, Winkler 1990: `lastreview`, `child-id`).
pub fn resembles(header: &str, column: &str) -> bool {
    if header.len() > MAX_RESEMBLANCE_LEN {
        return false;
    }
    let h = normalise_header(header);
    let words: Vec<&str> = h.split('_').collect();
    let all_words = column.split('_').all(|w| words.contains(&w));
    all_words || strsim::jaro_winkler(&h.replace('_', ""), &column.replace('_', "")) >= 0.94
}

impl ColumnMap {
    /// No aliases.
    pub fn new() -> ColumnMap {
        ColumnMap::default()
    }

    /// Our column for a normalised header of `file`, if mapped.
    pub fn canonical(&self, file: &str, normalised: &str) -> Option<&str> {
        self.files.get(file)?.get(normalised).map(String::as_str)
    }

    /// Reads `columns.toml`, checking every table and key against the files and columns we
    /// read (`known`: file name → its columns).
    ///
    /// # Errors
    /// [`Error::Io`] if unreadable; [`Error::Input`] with every problem.
    pub fn from_file(path: &Path, known: &[(&str, &[&str])]) -> Result<ColumnMap> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        ColumnMap::from_toml(&text, path, known)
    }

    /// As [`ColumnMap::from_file`], from text (the path is for messages).
    ///
    /// # Errors
    /// [`Error::Input`] with every problem.
    pub fn from_toml(text: &str, path: &Path, known: &[(&str, &[&str])]) -> Result<ColumnMap> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let line_of = |byte: usize| text[..byte.min(text.len())].matches('\n').count() + 1;
        type Raw = BTreeMap<String, BTreeMap<String, toml::Spanned<Alias>>>;
        let raw: Raw = toml::from_str(text).map_err(|e| {
            Error::Input(vec![InputError {
                file: path.to_path_buf(),
                line: e.span().map(|s| line_of(s.start)),
                column: None,
                problem: e.message().trim().to_string(),
                expected: Some(
                    "tables like [children] with lines like last_review = \"Date of Last Review\""
                        .into(),
                ),
            }])
        })?;
        let mut errors = Vec::new();
        let mut map = ColumnMap::default();
        for (file, keys) in raw {
            let first_line = keys.values().map(|v| line_of(v.span().start)).min();
            let Some((_, columns)) = known.iter().find(|(f, _)| *f == file) else {
                let files: Vec<&str> = known.iter().map(|k| k.0).collect();
                errors.push(InputError {
                    file: path.to_path_buf(),
                    line: first_line,
                    column: Some(format!("[{file}]")),
                    problem: format!("no input file is called '{file}'"),
                    expected: Some(format!("one of [{}]", files.join("], ["))),
                });
                continue;
            };
            let aliases = map.files.entry(file.clone()).or_default();
            for (column, value) in keys {
                let line = line_of(value.span().start);
                let key = format!("{file}.{column}");
                if !columns.contains(&column.as_str()) {
                    let near = columns
                        .iter()
                        .map(|c| (strsim::jaro_winkler(&column, c), *c))
                        .filter(|(s, _)| *s >= 0.8)
                        .max_by(|a, b| a.0.total_cmp(&b.0));
                    errors.push(InputError::at(
                        path,
                        line,
                        key,
                        format!(
                            "'{column}' is not a column of {file}.csv{}",
                            near.map_or(String::new(), |(_, c)| format!(" (did you mean {c}?)"))
                        ),
                        format!("one of {}", columns.join(", ")),
                    ));
                    continue;
                }
                let headers = match value.into_inner() {
                    Alias::One(h) => vec![h],
                    Alias::Many(hs) => hs,
                };
                for h in headers {
                    let n = normalise_header(&h);
                    if n.is_empty() {
                        errors.push(InputError::at(
                            path,
                            line,
                            key.clone(),
                            "an empty header name",
                            "the header as the export writes it",
                        ));
                        continue;
                    }
                    match aliases.get(&n) {
                        Some(other) if other != &column => errors.push(InputError::at(
                            path,
                            line,
                            key.clone(),
                            format!("the header '{h}' is also mapped to '{other}'"),
                            "each header mapped to one column",
                        )),
                        _ => {
                            aliases.insert(n, column.clone());
                        }
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(Error::Input(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[(&str, &[&str])] = &[
        ("children", &["child_id", "placement", "last_review"]),
        ("iros", &["iro_id", "base"]),
    ];

    fn read(text: &str) -> Result<ColumnMap> {
        ColumnMap::from_toml(text, Path::new("columns.toml"), KNOWN)
    }

    #[test]
    fn aliases_map_normalised_headers() {
        let m = read(
            "[children]\nlast_review = \"Date of Last Review\"\nplacement = [\"PL_POST\", \"Placement Postcode\"]\n",
        )
        .expect("valid");
        assert_eq!(
            m.canonical("children", "date_of_last_review"),
            Some("last_review")
        );
        assert_eq!(m.canonical("children", "pl_post"), Some("placement"));
        assert_eq!(
            m.canonical("children", "placement_postcode"),
            Some("placement")
        );
        assert_eq!(m.canonical("iros", "pl_post"), None);
    }

    #[test]
    fn every_problem_names_its_line() {
        let Err(Error::Input(errs)) = read(
            "[children]\nlast_reveiw = \"Date\"\nplacement = \"X\"\nchild_id = \"X\"\n[staff]\niro_id = \"W\"\n",
        ) else {
            panic!("expected errors")
        };
        let got: Vec<(Option<usize>, String)> = errs
            .iter()
            .map(|e| (e.line, e.column.clone().unwrap_or_default()))
            .collect();
        assert!(
            got.contains(&(Some(2), "children.last_reveiw".into())),
            "{got:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.problem.contains("did you mean last_review")),
            "{errs:?}"
        );
        assert!(
            got.iter().any(|g| g.0 == Some(6) && g.1 == "[staff]"),
            "{got:?}"
        );
        assert!(
            errs.iter().any(|e| e.problem.contains("also mapped")),
            "{errs:?}"
        );
    }

    #[test]
    fn resemblance_of_renamed_headers() {
        assert!(resembles("Date of Last Review", "last_review"));
        assert!(resembles("LastReview", "last_review"));
        assert!(!resembles("Name", "last_review"));
        assert!(!resembles(&"x".repeat(100), "last_review"));
    }
}
