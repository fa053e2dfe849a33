//! Hand-written SVG and HTML primitives shared by the map and the charts.
//!
//! The report draws its charts as plain inline SVG rather than through a plotting crate: no
//! plotting crate is a dependency of this project (plotters is not in `Cargo.toml`), and the
//! handful of shapes the report needs (rectangles, polylines, circles, text) are a few lines
//! each. Every piece of text that reaches the page goes through [`esc`], so an id holding `<`,
//! `&` or a quote cannot break the document.
//!
//! # Units
//! Coordinates are SVG user units (one CSS pixel at 100 % zoom); each chart sets its own
//! `viewBox` so it scales to the page width on screen and in print.

use std::fmt::Write as _;

/// Escapes text for HTML/SVG element content and double-quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// A whole number with thousands separators and a minus sign (`−12,346`); `–` for a
/// non-finite value.
pub fn fmt_int(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let r = v.round();
    let neg = r < 0.0;
    let digits = format!("{:.0}", r.abs());
    let mut o = String::new();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            o.push(',');
        }
        o.push(ch);
    }
    if neg && o != "0" {
        format!("−{o}")
    } else {
        o
    }
}

/// Pounds, whole: `£12,346` (`−£120` for a negative amount).
pub fn fmt_gbp(v: f64) -> String {
    let s = fmt_int(v);
    match s.strip_prefix('−') {
        Some(rest) => format!("−£{rest}"),
        None if s == "–" => s,
        None => format!("£{s}"),
    }
}

/// One decimal: `78.9`.
pub fn fmt_1(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.1}")
    } else {
        "–".into()
    }
}

/// A categorical palette (Okabe–Ito, then Tableau 10), chosen to stay distinguishable for the
/// common colour-vision deficiencies and in greyscale print as far as ten colours allow.
const PALETTE: [&str; 14] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#7f7f7f", "#8c564b",
    "#bcbd22", "#17becf", "#9467bd", "#F0E442", "#1f77b4", "#2ca02c",
];

/// The colour of series `k` (cycles past the palette's end).
pub fn colour(k: usize) -> &'static str {
    PALETTE[k % PALETTE.len()]
}

/// An SVG document under construction: a `viewBox` of `width × height` user units.
pub struct Svg {
    body: String,
    width: f64,
    height: f64,
    label: String,
}

impl Svg {
    /// An empty drawing; `label` is its accessible name (`aria-label`).
    pub fn new(width: f64, height: f64, label: &str) -> Svg {
        Svg {
            body: String::new(),
            width,
            height,
            label: label.to_string(),
        }
    }

    /// A rectangle; `extra` holds further attributes (already escaped).
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let _ = write!(
            self.body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{}"{}{extra}/>"#,
            w.max(0.0),
            h.max(0.0),
            esc(fill),
            if extra.is_empty() { "" } else { " " }
        );
    }

    /// A line segment.
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = write!(
            self.body,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{}" stroke-width="{width}"/>"#,
            esc(stroke)
        );
    }

    /// Text; `anchor` is `start`, `middle` or `end`. The text is escaped here.
    pub fn text(&mut self, x: f64, y: f64, anchor: &str, size: f64, text: &str) {
        let _ = write!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="{size}">{}</text>"#,
            esc(text)
        );
    }

    /// The finished `<svg>` element.
    pub fn finish(self) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="100%" role="img" aria-label="{label}" font-family="Helvetica, Arial, sans-serif">{body}</svg>"#,
            w = self.width,
            h = self.height,
            label = esc(&self.label),
            body = self.body
        )
    }
}

/// A "nice" axis maximum at or above `v` (1, 2, 2.5 or 5 × a power of ten).
pub fn nice_max(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= v {
            return m * p;
        }
    }
    10.0 * p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(fmt_int(0.4), "0");
        assert_eq!(fmt_int(-0.4), "0");
        assert_eq!(fmt_int(999.5), "1,000");
        assert_eq!(fmt_int(1234567.0), "1,234,567");
        assert_eq!(fmt_int(-12345.0), "−12,345");
        assert_eq!(fmt_gbp(-120.0), "−£120");
        assert_eq!(fmt_gbp(45000.2), "£45,000");
        assert_eq!(fmt_int(f64::NAN), "–");
    }

    #[test]
    fn nice_axis() {
        assert_eq!(nice_max(73.0), 100.0);
        assert_eq!(nice_max(180.0), 200.0);
        assert_eq!(nice_max(2100.0), 2500.0);
        assert_eq!(nice_max(0.0), 1.0);
    }

    #[test]
    fn svg_text_is_escaped() {
        let mut s = Svg::new(10.0, 10.0, "a<b");
        s.text(1.0, 2.0, "start", 10.0, "x&y");
        let out = s.finish();
        assert!(out.contains("x&amp;y"));
        assert!(out.contains(r#"aria-label="a&lt;b""#));
        assert!(!out.contains("x&y"));
    }
}
