//! The report's charts as plain inline SVG: horizontal bars (with an optional shaded band and
//! negative values), and monthly stacked columns with an on-time percentage.
//!
//! Hand-written rather than drawn by a plotting crate: none is a dependency here (plotters is
//! not in `Cargo.toml`), and bar charts are a few rectangles. Every label is escaped by
//! [`super::svg::Svg`].
//!
//! # Units
//! SVG user units; values are in whatever unit the caller's formatter prints.

use super::svg::{Svg, colour, nice_max};

/// One horizontal bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Label on the left.
    pub label: String,
    /// Value (may be negative).
    pub value: f64,
    /// Palette index, or `None` for the neutral colour.
    pub colour: Option<usize>,
}

/// A horizontal bar chart.
#[derive(Debug, Clone)]
pub struct HBarChart<'a> {
    /// Accessible name.
    pub title: &'a str,
    /// Bars, top to bottom.
    pub bars: &'a [Bar],
    /// A shaded band (e.g. the 50–70 caseload band), in value units.
    pub band: Option<(f64, f64)>,
    /// Formats a value for its label.
    pub fmt: fn(f64) -> String,
    /// Colour positive and negative bars green and red (for savings) instead of by palette.
    pub signed_colours: bool,
    /// A range (low, high) per bar, drawn as a whisker across it; empty for none.
    pub whiskers: &'a [(f64, f64)],
}

/// Label column width: at least this, and wide enough for the longest label at about 6.2
/// units a character (11-unit Helvetica).
const MIN_LABEL_W: f64 = 110.0;
const PLOT_W: f64 = 400.0;
const VALUE_W: f64 = 90.0;
const ROW_H: f64 = 22.0;
const NEUTRAL: &str = "#6b7f99";
const GOOD: &str = "#2e8b57";
const BAD: &str = "#c0392b";

/// Draws a horizontal bar chart.
pub fn hbar_chart(c: &HBarChart) -> String {
    let top = 10.0;
    let axis_h = 22.0;
    let height = top + ROW_H * c.bars.len().max(1) as f64 + axis_h;
    let longest = c
        .bars
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0);
    let label_w = MIN_LABEL_W.max(6.2 * longest as f64 + 12.0);
    let mut s = Svg::new(label_w + PLOT_W + VALUE_W, height, c.title);
    let ends = c.whiskers.iter().flat_map(|&(a, b)| [a, b]);
    let values = || c.bars.iter().map(|b| b.value).chain(ends.clone());
    let mut hi = values().fold(0.0, f64::max);
    let lo = values().fold(0.0, f64::min);
    if let Some((_, b1)) = c.band {
        hi = hi.max(b1 * 1.15);
    }
    let (lo, hi) = if lo < 0.0 && hi > 0.0 {
        // Both signs: a symmetric axis, so the quarter ticks fall on round numbers and zero.
        let m = nice_max(hi.max(-lo));
        (-m, m)
    } else {
        (
            if lo < 0.0 { -nice_max(-lo) } else { 0.0 },
            if hi > 0.0 { nice_max(hi) } else { 0.0 },
        )
    };
    let span = (hi - lo).max(1e-9);
    let xv = |v: f64| label_w + (v - lo) / span * PLOT_W;
    let plot_bottom = top + ROW_H * c.bars.len().max(1) as f64;
    if let Some((b0, b1)) = c.band {
        s.rect(
            xv(b0),
            top - 4.0,
            xv(b1) - xv(b0),
            plot_bottom - top + 4.0,
            "#2e8b57",
            r#"fill-opacity="0.13""#,
        );
    }
    // Axis ticks at quarters of the range.
    for k in 0..=4 {
        let v = lo + span * k as f64 / 4.0;
        let x = xv(v);
        s.line(x, top - 4.0, x, plot_bottom, "#e3e3e3", 1.0);
        s.text(x, plot_bottom + 14.0, "middle", 10.0, &(c.fmt)(v));
    }
    for (k, b) in c.bars.iter().enumerate() {
        let y = top + ROW_H * k as f64;
        let fill = if c.signed_colours {
            if b.value >= 0.0 { GOOD } else { BAD }
        } else {
            b.colour.map_or(NEUTRAL, colour)
        };
        let (x0, x1) = (xv(b.value.min(0.0)), xv(b.value.max(0.0)));
        s.rect(x0, y + 3.0, x1 - x0, ROW_H - 6.0, fill, "");
        if let Some(&(w0, w1)) = c.whiskers.get(k) {
            let ym = y + ROW_H / 2.0;
            s.line(xv(w0), ym, xv(w1), ym, "#222", 1.4);
            s.line(xv(w0), ym - 5.0, xv(w0), ym + 5.0, "#222", 1.4);
            s.line(xv(w1), ym - 5.0, xv(w1), ym + 5.0, "#222", 1.4);
        }
        s.text(label_w - 6.0, y + ROW_H / 2.0 + 4.0, "end", 11.0, &b.label);
        s.text(
            label_w + PLOT_W + 6.0,
            y + ROW_H / 2.0 + 4.0,
            "start",
            11.0,
            &(c.fmt)(b.value),
        );
    }
    s.line(xv(0.0), top - 4.0, xv(0.0), plot_bottom, "#555", 1.0);
    if let Some((b0, b1)) = c.band {
        s.text(
            0.5 * (xv(b0) + xv(b1)),
            top + 2.0 - 4.0 + 10.0,
            "middle",
            9.0,
            &format!("band {}–{}", (c.fmt)(b0), (c.fmt)(b1)),
        );
    }
    s.finish()
}

/// One month's column.
#[derive(Debug, Clone)]
pub struct MonthColumn {
    /// Label, e.g. `Jan 27`.
    pub label: String,
    /// Reviews held on or before their due date.
    pub on_time: usize,
    /// Reviews held late.
    pub late: usize,
}

/// Reviews per month, stacked on-time/late, with the on-time percentage above each column.
pub fn monthly_chart(title: &str, months: &[MonthColumn]) -> String {
    let (left, top, bottom) = (40.0, 24.0, 28.0);
    let plot_h = 180.0;
    let col_w = 44.0;
    let width = left + col_w * months.len().max(1) as f64 + 10.0;
    let mut s = Svg::new(width.max(320.0), top + plot_h + bottom, title);
    let max = months.iter().map(|m| m.on_time + m.late).max().unwrap_or(0) as f64;
    let hi = nice_max(max);
    let yv = |v: f64| top + plot_h - v / hi * plot_h;
    for k in 0..=4 {
        let v = hi * k as f64 / 4.0;
        s.line(left, yv(v), width - 6.0, yv(v), "#e3e3e3", 1.0);
        s.text(left - 4.0, yv(v) + 3.5, "end", 10.0, &format!("{v:.0}"));
    }
    for (k, m) in months.iter().enumerate() {
        let x = left + col_w * k as f64 + 6.0;
        let bw = col_w - 12.0;
        let on = m.on_time as f64;
        let late = m.late as f64;
        s.rect(x, yv(on), bw, yv(0.0) - yv(on), colour(0), "");
        s.rect(x, yv(on + late), bw, yv(on) - yv(on + late), "#c0392b", "");
        let total = m.on_time + m.late;
        let pct = if total > 0 {
            format!("{:.0}%", 100.0 * on / total as f64)
        } else {
            "–".into()
        };
        s.text(x + bw / 2.0, yv(on + late) - 4.0, "middle", 9.5, &pct);
        s.text(x + bw / 2.0, top + plot_h + 14.0, "middle", 10.0, &m.label);
    }
    s.line(left, yv(0.0), width - 6.0, yv(0.0), "#555", 1.0);
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt0(v: f64) -> String {
        format!("{v:.0}")
    }

    #[test]
    fn band_is_shaded_and_labels_escaped() {
        let bars = vec![Bar {
            label: "IRO <1>".into(),
            value: 64.0,
            colour: Some(0),
        }];
        let svg = hbar_chart(&HBarChart {
            title: "Caseload per FTE",
            bars: &bars,
            band: Some((50.0, 70.0)),
            fmt: fmt0,
            signed_colours: false,
            whiskers: &[],
        });
        assert!(svg.contains("fill-opacity=\"0.13\""));
        assert!(svg.contains("IRO &lt;1&gt;"));
        assert!(svg.contains(">64<"));
    }

    #[test]
    fn negative_bars_extend_left_of_zero() {
        let bars = vec![
            Bar {
                label: "a".into(),
                value: 100.0,
                colour: None,
            },
            Bar {
                label: "b".into(),
                value: -50.0,
                colour: None,
            },
        ];
        let svg = hbar_chart(&HBarChart {
            title: "savings",
            bars: &bars,
            band: None,
            fmt: fmt0,
            signed_colours: true,
            whiskers: &[(80.0, 130.0), (-60.0, -40.0)],
        });
        assert!(svg.contains(GOOD) && svg.contains(BAD));
    }

    #[test]
    fn monthly_columns_show_on_time_share() {
        let svg = monthly_chart(
            "reviews",
            &[MonthColumn {
                label: "Jan 27".into(),
                on_time: 3,
                late: 1,
            }],
        );
        assert!(svg.contains(">75%<"));
        assert!(svg.contains(">Jan 27<"));
    }
}
