//! Shared CSV reading: BOM and CRLF tolerant, header lookup, per-cell error collection.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, InputError};

/// A CSV file read into memory with its header index.
pub struct Table {
    /// The file, for messages.
    pub path: PathBuf,
    headers: HashMap<String, usize>,
    /// Each row with its 1-based line number.
    pub rows: Vec<(usize, csv::StringRecord)>,
}

impl Table {
    /// Reads a CSV file. A missing file is an I/O error; an empty file, a file with only a
    /// header, or unreadable rows are input errors (pushed to `errors`, returning `None` when
    /// nothing usable is left).
    pub fn read(path: &Path, errors: &mut Vec<InputError>) -> Result<Option<Table>, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(Table::parse(path, &bytes, errors))
    }

    /// Parses CSV bytes (the path is for messages).
    pub fn parse(path: &Path, bytes: &[u8], errors: &mut Vec<InputError>) -> Option<Table> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            errors.push(
                InputError::file(path, "file is empty")
                    .with_expected("a header row and one row per record"),
            );
            return None;
        }
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                errors.push(InputError::file(path, format!("unreadable header: {e}")));
                return None;
            }
        };
        let headers: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_ascii_lowercase(), i))
            .collect();
        let mut rows = Vec::new();
        for rec in reader.records() {
            match rec {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line() as usize);
                    if r.iter().all(|c| c.is_empty()) {
                        continue;
                    }
                    rows.push((line, r));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    errors.push(InputError {
                        file: path.to_path_buf(),
                        line: Some(line),
                        column: None,
                        problem: format!("unreadable row: {e}"),
                        expected: Some("UTF-8 CSV text".into()),
                    });
                }
            }
        }
        if rows.is_empty() {
            errors.push(
                InputError::file(path, "file has a header but no rows")
                    .with_expected("one row per record"),
            );
            return None;
        }
        Some(Table {
            path: path.to_path_buf(),
            headers,
            rows,
        })
    }

    /// True if the file has this column.
    pub fn has(&self, column: &str) -> bool {
        self.headers.contains_key(column)
    }

    /// Reports each missing required column; true if all are present.
    pub fn require(&self, columns: &[&str], errors: &mut Vec<InputError>) -> bool {
        let mut ok = true;
        for c in columns {
            if !self.has(c) {
                let mut known: Vec<&String> = self.headers.keys().collect();
                known.sort();
                errors.push(
                    InputError::file(&self.path, format!("missing required column '{c}'"))
                        .with_column(*c)
                        .with_expected(format!(
                            "a header row with '{c}' (found: {})",
                            known
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                );
                ok = false;
            }
        }
        ok
    }

    /// The trimmed cell, or `None` if the column is absent or the cell empty.
    pub fn get<'a>(&self, row: &'a csv::StringRecord, column: &str) -> Option<&'a str> {
        let i = *self.headers.get(column)?;
        row.get(i).map(str::trim).filter(|s| !s.is_empty())
    }
}

/// Collects cell errors for one file.
pub struct Cells<'a> {
    /// The file.
    pub path: &'a Path,
    /// Errors so far.
    pub errors: &'a mut Vec<InputError>,
}

impl Cells<'_> {
    /// Records an error at a cell.
    pub fn err(&mut self, line: usize, column: &str, problem: String, expected: &str) {
        self.errors
            .push(InputError::at(self.path, line, column, problem, expected));
    }

    /// Parses a date `YYYY-MM-DD`.
    pub fn date(&mut self, line: usize, column: &str, text: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => match crate::config::check_date(d) {
                Ok(d) => Some(d),
                Err(expected) => {
                    self.err(line, column, format!("'{text}' is out of range"), &expected);
                    None
                }
            },
            Err(_) => {
                let looks_like = text.len() == 10 && text.as_bytes()[4] == b'-';
                let problem = if looks_like {
                    format!("'{text}' is not a calendar date")
                } else {
                    format!("cannot read date '{text}'")
                };
                self.err(line, column, problem, "a real date as YYYY-MM-DD");
                None
            }
        }
    }

    /// Parses a boolean (`true/false`, `yes/no`, `y/n`, `1/0`).
    pub fn boolean(&mut self, line: usize, column: &str, text: &str) -> Option<bool> {
        match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => {
                self.err(
                    line,
                    column,
                    format!("'{text}' is not true or false"),
                    "true or false",
                );
                None
            }
        }
    }

    /// Parses a finite number.
    pub fn number(&mut self, line: usize, column: &str, text: &str) -> Option<f64> {
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Some(x),
            _ => {
                self.err(
                    line,
                    column,
                    format!("'{text}' is not a number"),
                    "a number",
                );
                None
            }
        }
    }

    /// Parses a non-negative whole number.
    pub fn count(&mut self, line: usize, column: &str, text: &str) -> Option<u32> {
        match text.parse::<u32>() {
            Ok(x) => Some(x),
            Err(_) => {
                self.err(
                    line,
                    column,
                    format!("'{text}' is not a whole number"),
                    "a whole number ≥ 0",
                );
                None
            }
        }
    }
}
