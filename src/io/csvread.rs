//! Shared CSV reading: text decoding, header mapping, line numbers, per-cell error collection.
//!
//! Every CSV input goes through [`Table::read`]:
//! - **Text.** UTF-8, with or without a byte-order mark; UTF-16 with its mark; otherwise the
//!   bytes that are not UTF-8 are read as Windows-1252 (a superset of Latin-1, what Excel on
//!   Windows saves as "CSV"), the rest of the file staying UTF-8, and a warning names the
//!   lines read so. An Excel workbook saved under a `.csv` name is an error that says so.
//! - **Lines.** Each row's line is counted from the bytes (LF, CRLF or a lone CR end a line),
//!   so messages name the line a text editor shows, whatever the line endings and however
//!   many quoted line breaks come before.
//! - **Headers.** Matched without regard to case, spaces, hyphens or underscores
//!   (`Looked After Since` is `looked_after_since`), or through the aliases of `columns.toml`
//!   ([`ColumnMap`]). A column that is neither is a warning (naming the column our reader
//!   expected if the header resembles one). Two headers meaning one column is an error on the
//!   header line: the reader would otherwise use one of them silently.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::columns::{ColumnMap, normalise_header, resembles};
use super::dates::{DateFormat, parse_date};
use crate::error::{Error, InputError, InputWarning};

/// Problems (fatal) and warnings (not) found while reading inputs.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    /// Errors: the run stops with all of them.
    pub errors: Vec<InputError>,
    /// Warnings: reported on stderr and in the data-quality report.
    pub warnings: Vec<InputWarning>,
}

/// The columns a reader uses, by the name of the file in `columns.toml`.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// The file's table in `columns.toml` (`children`, `iros`, `absences`, …).
    pub name: &'static str,
    /// Every column the reader looks at; any other column is reported as unused.
    pub columns: &'static [&'static str],
    /// A header without rows is a valid file (no absences, no reviews yet); otherwise it is
    /// an error.
    pub may_be_empty: bool,
}

/// A CSV file read into memory with its header index.
pub struct Table {
    /// The file, for messages.
    pub path: PathBuf,
    headers: HashMap<String, usize>,
    /// Header texts that matched no column (for "did you mean" on a missing column).
    unused: Vec<String>,
    /// Line of the header row.
    pub(crate) header_line: usize,
    /// Each row with its 1-based line number.
    pub rows: Vec<(usize, csv::StringRecord)>,
}

/// Line starts of a text: the line of a byte offset is found by binary search.
struct Lines {
    starts: Vec<usize>,
    /// Where each line break is (to step over them).
    breaks: Vec<bool>,
}

impl Lines {
    fn of(text: &[u8]) -> Lines {
        let mut starts = vec![0];
        for (i, &b) in text.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if text.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        Lines {
            starts,
            breaks: text.iter().map(|&b| b == b'\n' || b == b'\r').collect(),
        }
    }

    /// 1-based line of the record starting at `byte`. The CSV reader reports a record as
    /// starting where the previous one's terminator ended, which for CRLF is the `\n` (and
    /// for skipped blank lines, their breaks): those are stepped over, or every line of a
    /// Windows file would be named one too low.
    fn line(&self, byte: u64) -> usize {
        let mut b = usize::try_from(byte).unwrap_or(usize::MAX);
        while self.breaks.get(b).copied().unwrap_or(false) {
            b += 1;
        }
        self.starts.partition_point(|&s| s <= b).max(1)
    }
}

/// The text of a CSV file's bytes: UTF-8 (a BOM dropped), UTF-16 by its BOM; bytes that are
/// not UTF-8 (with a UTF-8 BOM or none) are read as Windows-1252 and the rest as UTF-8, with a
/// warning naming the lines read as Windows-1252.
///
/// # Errors
/// An Excel workbook (a zip file) given as CSV.
pub fn decode<'a>(
    path: &Path,
    bytes: &'a [u8],
    warnings: &mut Vec<InputWarning>,
) -> Result<Cow<'a, str>, InputError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(InputError::file(
            path,
            "this is a zip file (an Excel .xlsx workbook?), not CSV text",
        )
        .with_expected("the sheet saved as CSV (File > Save As > CSV UTF-8)"));
    }
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding == encoding_rs::UTF_8 {
            let body = &bytes[bom..];
            if std::str::from_utf8(body).is_err() {
                // A UTF-8 file with Windows-1252 text pasted in: its UTF-8 kept, the rest
                // read as Windows-1252, and said so (decoding it with U+FFFD was silent).
                let (text, lines) = utf8_else_windows_1252(body);
                warnings.push(not_utf8(path, &lines, "after a UTF-8 byte-order mark"));
                return Ok(Cow::Owned(text));
            }
        }
        let (text, malformed) = encoding.decode_with_bom_removal(bytes);
        if malformed {
            warnings.push(InputWarning {
                file: path.to_path_buf(),
                line: None,
                column: None,
                problem: format!(
                    "not {} text throughout: characters it cannot read are replaced by U+FFFD (\u{FFFD})",
                    encoding.name()
                ),
                expected: Some("UTF-8 text (Excel: Save As > CSV UTF-8)".into()),
            });
        }
        return Ok(text);
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(Cow::Borrowed(t)),
        Err(_) => {
            // Windows-1252 text in a file that is UTF-8 elsewhere (a '£' typed in Excel on
            // Windows, another pasted from the web) keeps both: decoding the whole file as
            // Windows-1252 turned every UTF-8 '£' into 'Â£'.
            let (text, lines) = utf8_else_windows_1252(bytes);
            warnings.push(not_utf8(path, &lines, ""));
            Ok(Cow::Owned(text))
        }
    }
}

/// How many lines a warning lists.
const LINES_LISTED: usize = 10;

/// The warning for text that is not UTF-8 on `lines` (ascending, at least one; `context`, if
/// any, says where).
fn not_utf8(path: &Path, lines: &[usize], context: &str) -> InputWarning {
    let context = if context.is_empty() {
        String::new()
    } else {
        format!(" {context}")
    };
    let mut listed: Vec<String> = lines
        .iter()
        .take(LINES_LISTED)
        .map(|l| l.to_string())
        .collect();
    if lines.len() > LINES_LISTED {
        listed.push(format!("… ({} lines)", lines.len()));
    }
    let on = match lines.len() {
        1 => format!("line {}", listed.join(", ")),
        _ => format!("lines {}", listed.join(", ")),
    };
    InputWarning {
        file: path.to_path_buf(),
        line: lines.first().copied(),
        column: None,
        problem: format!(
            "not UTF-8 text{context} on {on}: read as Windows-1252 (Latin-1), as Excel on \
             Windows saves CSV, the rest of the file as UTF-8; check accented letters"
        ),
        expected: Some("UTF-8 text (Excel: Save As > CSV UTF-8)".into()),
    }
}

/// UTF-8 where the bytes are UTF-8, each byte of an invalid sequence as Windows-1252; with the
/// 1-based lines holding such bytes, ascending.
fn utf8_else_windows_1252(all: &[u8]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(all.len());
    let mut bad_at = Vec::new();
    let mut bytes = all;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                break;
            }
            Err(e) => {
                let (good, bad) = bytes.split_at(e.valid_up_to());
                out.push_str(&String::from_utf8_lossy(good));
                bad_at.push(all.len() - bad.len());
                let n = e.error_len().unwrap_or(bad.len());
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bad[..n]);
                out.push_str(&text);
                bytes = &bad[n..];
            }
        }
    }
    let starts = Lines::of(all).starts;
    let mut lines: Vec<usize> = bad_at
        .into_iter()
        .map(|b| starts.partition_point(|&s| s <= b))
        .collect();
    lines.dedup();
    (out, lines)
}

impl Table {
    /// Reads a CSV file. A missing file is an I/O error; an empty file, a file with only a
    /// header, a duplicated column or unreadable rows are input errors (in `diag`, with
    /// `None` returned when nothing usable is left); unused columns and a non-UTF-8 file are
    /// warnings.
    ///
    /// # Errors
    /// [`Error::Io`] if the file cannot be read.
    pub fn read(
        path: &Path,
        schema: &Schema,
        columns: &ColumnMap,
        diag: &mut Diagnostics,
    ) -> Result<Option<Table>, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(Table::parse(path, &bytes, schema, columns, diag))
    }

    /// Parses CSV bytes (the path is for messages).
    pub fn parse(
        path: &Path,
        bytes: &[u8],
        schema: &Schema,
        columns: &ColumnMap,
        diag: &mut Diagnostics,
    ) -> Option<Table> {
        let text = match decode(path, bytes, &mut diag.warnings) {
            Ok(t) => t,
            Err(e) => {
                diag.errors.push(e);
                return None;
            }
        };
        if text.chars().all(char::is_whitespace) {
            diag.errors.push(
                InputError::file(path, "file is empty")
                    .with_expected("a header row and one row per record"),
            );
            return None;
        }
        let lines = Lines::of(text.as_bytes());
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header_record = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                diag.errors.push(InputError {
                    file: path.to_path_buf(),
                    line: Some(1),
                    column: None,
                    problem: format!("unreadable header: {e}"),
                    expected: Some("a header row of column names".into()),
                });
                return None;
            }
        };
        let header_line = header_record.position().map_or(1, |p| lines.line(p.byte()));
        let (headers, unused) =
            map_headers(path, header_line, &header_record, schema, columns, diag)?;
        let mut rows = Vec::new();
        for rec in reader.records() {
            match rec {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| lines.line(p.byte()));
                    if r.iter().all(|c| c.is_empty()) {
                        continue;
                    }
                    rows.push((line, r));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| lines.line(p.byte()));
                    diag.errors.push(InputError {
                        file: path.to_path_buf(),
                        line: Some(line),
                        column: None,
                        problem: format!("unreadable row: {e}"),
                        expected: Some("CSV text".into()),
                    });
                }
            }
        }
        if rows.is_empty() && !schema.may_be_empty {
            diag.errors.push(
                InputError::file(path, "file has a header but no rows")
                    .with_expected("one row per record"),
            );
            return None;
        }
        Some(Table {
            path: path.to_path_buf(),
            headers,
            unused,
            header_line,
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
                let mut expected = format!(
                    "a header row with '{c}' (found: {})",
                    known
                        .iter()
                        .map(|s| s.as_str())
                        .chain(self.unused.iter().map(String::as_str))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                if let Some(h) = self.unused.iter().find(|h| resembles(h, c)) {
                    expected += &format!(
                        "; the column '{h}' looks like it: map it in columns.toml with {c} = \"{h}\""
                    );
                }
                errors.push(
                    InputError {
                        file: self.path.clone(),
                        line: Some(self.header_line),
                        column: Some((*c).to_string()),
                        problem: format!("missing required column '{c}'"),
                        expected: None,
                    }
                    .with_expected(expected),
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

    /// True if the file has the column and this row's cell is empty: an explicitly empty cell,
    /// as opposed to a column left out.
    pub fn is_blank(&self, row: &csv::StringRecord, column: &str) -> bool {
        self.has(column) && self.get(row, column).is_none()
    }
}

/// Column name → index for a header row; an error for a column given twice; a warning for
/// each column nothing reads. `None` if a column is duplicated (the rows would be ambiguous).
fn map_headers(
    path: &Path,
    line: usize,
    record: &csv::StringRecord,
    schema: &Schema,
    columns: &ColumnMap,
    diag: &mut Diagnostics,
) -> Option<(HashMap<String, usize>, Vec<String>)> {
    let mut headers: HashMap<String, usize> = HashMap::new();
    let mut texts: HashMap<String, &str> = HashMap::new();
    let mut unused = Vec::new();
    let mut duplicated = false;
    for (i, raw) in record.iter().enumerate() {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let norm = normalise_header(raw);
        let canonical = schema
            .columns
            .iter()
            .find(|c| **c == norm)
            .map(|c| (*c).to_string())
            .or_else(|| columns.canonical(schema.name, &norm).map(str::to_string));
        let Some(canonical) = canonical else {
            unused.push(raw.to_string());
            continue;
        };
        if let Some(first) = texts.get(&canonical) {
            diag.errors.push(InputError {
                file: path.to_path_buf(),
                line: Some(line),
                column: Some(canonical.clone()),
                problem: if *first == raw {
                    format!("the column '{raw}' appears twice")
                } else {
                    format!("the headers '{first}' and '{raw}' are both the column '{canonical}'")
                },
                expected: Some("each column once (which one is meant?)".into()),
            });
            duplicated = true;
            continue;
        }
        texts.insert(canonical.clone(), raw);
        headers.insert(canonical, i);
    }
    for h in &unused {
        let like = schema
            .columns
            .iter()
            .find(|c| !headers.contains_key(**c) && resembles(h, c));
        let problem = match like {
            Some(c) => format!(
                "column not used: it looks like '{c}' but is not that name; map it in \
                 columns.toml with [{}] {c} = \"{h}\"",
                schema.name
            ),
            None => "column not used (neither an iro-planner column nor mapped in columns.toml)"
                .to_string(),
        };
        diag.warnings.push(InputWarning {
            file: path.to_path_buf(),
            line: Some(line),
            column: Some(h.clone()),
            problem,
            expected: None,
        });
    }
    (!duplicated).then_some((headers, unused))
}

/// Collects cell errors for one file.
pub struct Cells<'a> {
    /// The file.
    pub path: &'a Path,
    /// Errors so far.
    pub errors: &'a mut Vec<InputError>,
    /// How dates are written.
    pub dates: DateFormat,
}

impl Cells<'_> {
    /// Records an error at a cell.
    pub fn err(&mut self, line: usize, column: &str, problem: String, expected: &str) {
        self.errors
            .push(InputError::at(self.path, line, column, problem, expected));
    }

    /// Parses a date (ISO or UK, per [`Cells::dates`]; see [`super::dates`]).
    pub fn date(&mut self, line: usize, column: &str, text: &str) -> Option<NaiveDate> {
        match parse_date(text, self.dates) {
            Ok(d) => match crate::config::check_date(d) {
                Ok(d) => Some(d),
                Err(expected) => {
                    self.err(line, column, format!("'{text}' is out of range"), &expected);
                    None
                }
            },
            Err(e) => {
                self.err(line, column, e.to_string(), self.dates.expected());
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
                    format!("'{}' is not true or false", clip(text)),
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
                    format!("'{}' is not a number", clip(text)),
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
                    format!("'{}' is not a whole number", clip(text)),
                    "a whole number ≥ 0",
                );
                None
            }
        }
    }
}

/// A cell's text for a message: at most 60 characters.
pub fn clip(text: &str) -> Cow<'_, str> {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(format!("{}…", text.chars().take(MAX).collect::<String>()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        name: "children",
        columns: &["child_id", "placement", "last_review"],
        may_be_empty: false,
    };

    fn parse(bytes: &[u8]) -> (Option<Table>, Diagnostics) {
        let mut d = Diagnostics::default();
        let t = Table::parse(
            Path::new("c.csv"),
            bytes,
            &SCHEMA,
            &ColumnMap::default(),
            &mut d,
        );
        (t, d)
    }

    #[test]
    fn line_numbers_count_crlf_lone_cr_and_quoted_breaks() {
        let (t, _) = parse(b"child_id,placement\r\nA,DT1\r\n\r\nB,\"DT1\r\n1\"\r\nC,DT4\r\n");
        let lines: Vec<usize> = t.expect("table").rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![2, 4, 6]);
        let (t, _) = parse(b"child_id\rA\rB\r");
        let lines: Vec<usize> = t.expect("table").rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![2, 3]);
    }

    #[test]
    fn headers_match_without_case_spaces_or_underscores() {
        let (t, d) = parse(b"Child ID, PLACEMENT ,Last-Review\nA,DT1,2026-01-01\n");
        let t = t.expect("table");
        assert!(t.has("child_id") && t.has("placement") && t.has("last_review"));
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn windows_1252_is_read_with_a_warning_naming_the_line() {
        let (t, d) = parse(b"child_id,placement,note\nA,DT1,ok\nB,DT1,Zo\xeb\n");
        let t = t.expect("table");
        assert_eq!(t.rows.len(), 2);
        let w: Vec<_> = d.warnings.iter().filter(|w| w.column.is_none()).collect();
        assert_eq!(w.len(), 1, "{:?}", d.warnings);
        assert_eq!(w[0].line, Some(3));
        assert!(!w[0].to_string().contains("Zo"), "never quote the text");
    }

    #[test]
    fn windows_1252_after_a_utf8_bom_is_read_with_a_warning_naming_the_line() {
        // Read silently as U+FFFD before: a UTF-8 byte-order mark hid the bytes.
        let (t, d) =
            parse(b"\xef\xbb\xbfchild_id,placement,note\nA,DT1,\xc2\xa3ok\nB,DT1,Zo\xeb\n");
        let t = t.expect("table");
        assert_eq!(t.rows.len(), 2);
        let w: Vec<_> = d.warnings.iter().filter(|w| w.column.is_none()).collect();
        assert_eq!(w.len(), 1, "{:?}", d.warnings);
        assert_eq!(w[0].line, Some(3));
        let text = decode(
            Path::new("x.csv"),
            b"\xef\xbb\xbfa\xc2\xa3,Zo\xeb\n",
            &mut Vec::new(),
        )
        .expect("text");
        assert_eq!(
            text, "a\u{a3},Zo\u{eb}\n",
            "UTF-8 kept, the rest Windows-1252"
        );
    }

    #[test]
    fn windows_1252_without_a_bom_keeps_the_utf8_of_other_lines_and_names_every_line() {
        // The whole file was decoded as Windows-1252: line 2's UTF-8 '£' became 'Â£'.
        let bytes =
            b"child_id,placement,note\nA,DT1,\xc2\xa3ok\nB,DT1,Zo\xeb\nC,DT1,x\nD,DT1,Ren\xe9e\n";
        let mut w = Vec::new();
        let text = decode(Path::new("x.csv"), bytes, &mut w).expect("text");
        assert_eq!(
            text,
            "child_id,placement,note\nA,DT1,\u{a3}ok\nB,DT1,Zo\u{eb}\nC,DT1,x\nD,DT1,Ren\u{e9}e\n"
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, Some(3));
        assert!(w[0].problem.contains("lines 3, 5"), "{w:?}");
    }

    #[test]
    fn an_excel_workbook_is_named() {
        let (t, d) = parse(b"PK\x03\x04rest");
        assert!(t.is_none());
        assert!(d.errors[0].problem.contains("xlsx"), "{:?}", d.errors);
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "child_id\nA\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (t, d) = parse(&bytes);
        assert_eq!(t.expect("table").rows.len(), 1);
        assert!(d.warnings.is_empty());
    }
}
