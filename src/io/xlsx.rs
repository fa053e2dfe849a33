//! Excel workbooks for managers: `plan.xlsx` and `comparison.xlsx` (`rust_xlsxwriter`).
//!
//! Every value is a typed cell — numbers as numbers, dates as dates (`yyyy-mm-dd`), times as
//! times (`hh:mm`), booleans as booleans — so a spreadsheet can sum, filter and chart them
//! without conversion. The sheets hold the same tables as the CSV files ([`Sheet`]), plus what
//! a manager reads first: the summary and the data-quality findings.
//!
//! `plan.xlsx`: Summary, Caseloads, Allocation, Reviews (with each child's placement), Trips,
//! Data quality. `comparison.xlsx`: one sheet, a row per figure and a column per scenario,
//! then a column per scenario's saving against the baseline.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::outputs::{Cell, Sheet, allocation_sheet, caseloads_sheet, reviews_sheet, trips_sheet};
use crate::domain::Caseload;
use crate::error::{Error, Result};
use crate::pipeline::PlanResult;
use crate::quality::{DataQuality, precision_name};
use crate::scenario::{Comparison, comparison_wide};

fn xlsx_err(e: XlsxError) -> Error {
    Error::Solver(format!("xlsx writing: {e}"))
}

/// Cell formats shared by every sheet.
struct Formats {
    bold: Format,
    date: Format,
    time: Format,
    decimals: [Format; 7],
}

impl Formats {
    fn new() -> Formats {
        let dec = |d: usize| {
            if d == 0 {
                Format::new().set_num_format("0")
            } else {
                Format::new().set_num_format(format!("0.{}", "0".repeat(d)))
            }
        };
        Formats {
            bold: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("hh:mm"),
            decimals: [dec(0), dec(1), dec(2), dec(3), dec(4), dec(5), dec(6)],
        }
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    match cell {
        Cell::Text(s) if s.is_empty() => {}
        Cell::Text(s) => {
            ws.write_string(row, col, s)?;
        }
        Cell::Int(n) => {
            // Counts are far below 2^53: exact as an Excel number.
            ws.write_number(row, col, *n as f64)?;
        }
        Cell::Num(x, d) => {
            ws.write_number_with_format(row, col, *x, &f.decimals[(*d).min(6)])?;
        }
        Cell::Date(d) => {
            ws.write_datetime_with_format(row, col, d, &f.date)?;
        }
        Cell::Time(secs) => {
            // An Excel time is a fraction of a day.
            ws.write_number_with_format(row, col, *secs as f64 / 86_400.0, &f.time)?;
        }
        Cell::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

/// Writes a table with a bold, frozen header row, row by row to an anonymous temporary file
/// ("constant memory" mode): a national plan has hundreds of thousands of rows, which held in
/// memory would take about 200 bytes a cell (1.2 GB for 400,000 rows of 14 cells, measured),
/// against 26 MB this way.
fn write_sheet(
    wb: &mut Workbook,
    name: &str,
    sheet: &Sheet,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &f.bold)?;
        ws.set_column_width(col(c), (h.len() as f64 + 2.0).max(11.0))?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            write_cell(ws, r, col(c), cell, f)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// The Summary sheet: each figure of `summary.json` under its key, with its value.
fn summary_sheet(r: &PlanResult) -> Sheet {
    let s = &r.summary;
    let n = |x: f64, d: usize| Cell::Num(x, d);
    let i = |x: usize| Cell::Int(i64::try_from(x).unwrap_or(i64::MAX));
    let rows: Vec<(&str, Cell)> = vec![
        ("horizon_start", Cell::Date(s.horizon_start)),
        ("horizon_end", Cell::Date(s.horizon_end)),
        ("children", i(s.children)),
        ("children_known", i(s.children_known)),
        ("children_projected", i(s.children_projected)),
        ("iros_in_post", i(s.iros_in_post)),
        ("fte", n(s.fte, 2)),
        ("reviews", i(s.reviews)),
        ("reviews_virtual", i(s.reviews_virtual)),
        ("reviews_late", i(s.reviews_late)),
        ("reviews_unscheduled", i(s.reviews_unscheduled)),
        ("on_time_pct", n(s.on_time_pct, 1)),
        ("trips", i(s.trips)),
        ("miles", n(s.miles, 0)),
        ("drive_hours", n(s.drive_hours, 1)),
        ("hotel_nights", Cell::Int(i64::from(s.hotel_nights))),
        ("cost_mileage", n(s.cost_mileage, 2)),
        ("cost_staff", n(s.cost_staff, 2)),
        ("cost_hotel", n(s.cost_hotel, 2)),
        ("cost_total", n(s.cost_total, 2)),
        ("cost_agency", n(s.cost_agency, 2)),
        ("co2_kg", n(s.co2_kg, 0)),
        ("children_moved", i(s.children_moved)),
        ("naive_cost_total", n(s.naive.figures.total(), 2)),
        (
            "saving_vs_naive_cost_total",
            n(s.saving_vs_naive.cost_total, 2),
        ),
        ("solver_objective", n(s.solver.objective, 2)),
        ("solver_gap", n(s.solver.gap, 6)),
    ];
    Sheet {
        header: vec!["figure", "value"],
        rows: rows
            .into_iter()
            .filter(|(_, c)| !matches!(c, Cell::Num(x, _) if !x.is_finite()))
            .map(|(k, v)| vec![Cell::Text(k.to_string()), v])
            .collect(),
    }
}

/// The Data quality sheet: the findings in words, then one row per listed child.
fn quality_sheet(q: &DataQuality) -> Sheet {
    let t = |s: &str| Cell::Text(s.to_string());
    let mut rows: Vec<Vec<Cell>> = q
        .summary_lines()
        .into_iter()
        .map(|l| vec![t("finding"), Cell::Text(l), t(""), t("")])
        .collect();
    for o in &q.overdue_at_start {
        rows.push(vec![
            t("overdue at start"),
            Cell::Text(o.child_id.clone()),
            Cell::Date(o.due_date),
            Cell::Int(o.days_overdue),
        ]);
    }
    for c in &q.located_coarsely {
        rows.push(vec![
            t("located coarsely"),
            Cell::Text(c.child_id.clone()),
            Cell::Text(c.placement.clone()),
            t(precision_name(c.precision)),
        ]);
    }
    for r in &q.outside_england_wales {
        rows.push(vec![
            t(if r.across_sea {
                "across the sea"
            } else {
                "outside England and Wales"
            }),
            Cell::Text(r.child_id.clone()),
            Cell::Text(r.placement.clone()),
            t(r.region.name()),
        ]);
    }
    for w in &q.warnings {
        rows.push(vec![
            t("input warning"),
            Cell::Text(w.clone()),
            t(""),
            t(""),
        ]);
    }
    Sheet {
        header: vec!["kind", "child_id or finding", "detail", "value"],
        rows,
    }
}

/// `plan.xlsx`: Summary, Caseloads, Allocation, Reviews (with the placement), Trips, Data
/// quality. Rows are buffered in anonymous temporary files in `tempdir` (a folder the run
/// writes to anyway: the output folder); the system removes them when they are closed.
///
/// # Errors
/// If the workbook cannot be assembled or `tempdir` is not writable.
pub fn plan_xlsx(
    caseload: &Caseload,
    r: &PlanResult,
    quality: &DataQuality,
    tempdir: &std::path::Path,
) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_tempdir(tempdir).map_err(xlsx_err)?;
    let mut reviews = reviews_sheet(caseload, &r.plan);
    reviews.push_column(
        "placement",
        r.plan
            .reviews
            .iter()
            .map(|rv| Cell::Text(caseload.child(rv.child).placement_label.clone())),
    );
    let mut allocation = allocation_sheet(caseload, &r.plan.allocation);
    allocation.push_column(
        "placement",
        caseload
            .children
            .iter()
            .map(|c| Cell::Text(c.placement_label.clone())),
    );
    let sheets = [
        ("Summary", summary_sheet(r)),
        ("Caseloads", caseloads_sheet(&r.figures)),
        ("Allocation", allocation),
        ("Reviews", reviews),
        ("Trips", trips_sheet(caseload, &r.plan, &r.figures)),
        ("Data quality", quality_sheet(quality)),
    ];
    for (name, sheet) in &sheets {
        write_sheet(&mut wb, name, sheet, &f).map_err(xlsx_err)?;
    }
    wb.save_to_buffer().map_err(xlsx_err)
}

/// `comparison.xlsx`: the wide comparison, then the assumptions.
///
/// # Errors
/// If the workbook cannot be assembled.
pub fn comparison_xlsx(c: &Comparison) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let (header, rows) = comparison_wide(c);
    let ws = wb.add_worksheet();
    ws.set_name("Comparison").map_err(xlsx_err)?;
    for (k, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, col(k), h, &f.bold)
            .map_err(xlsx_err)?;
        ws.set_column_width(col(k), (h.len() as f64 + 2.0).max(14.0))
            .map_err(xlsx_err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (k, cell) in row.iter().enumerate() {
            write_cell(ws, r, col(k), cell, &f).map_err(xlsx_err)?;
        }
    }
    ws.set_freeze_panes(1, 2).map_err(xlsx_err)?;
    let notes = wb.add_worksheet();
    notes.set_name("Assumptions").map_err(xlsx_err)?;
    notes
        .write_string_with_format(0, 0, "assumption", &f.bold)
        .map_err(xlsx_err)?;
    for (r, a) in c.assumptions.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        notes.write_string(r, 0, a).map_err(xlsx_err)?;
    }
    for (r, s) in c.scenarios.iter().enumerate() {
        let r = u32::try_from(r + c.assumptions.len() + 2).unwrap_or(u32::MAX);
        notes
            .write_string(r, 0, format!("{}: {}", s.name, s.description))
            .map_err(xlsx_err)?;
    }
    wb.save_to_buffer().map_err(xlsx_err)
}
