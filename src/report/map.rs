//! The report's map: Great Britain drawn from the bundled Natural Earth outline, with
//! placements, IRO bases, far clusters, trips and candidate bases on top, as inline SVG.
//!
//! # Algorithm
//! The outline (`data/geo/uk_ireland_outline_50m.geojson`, Natural Earth 1:50m admin-0, public
//! domain) is compiled in with `include_str!` and parsed once with `serde_json`. Points are
//! projected with an equirectangular projection whose x axis is scaled by cos 54° (the latitude
//! of the middle of Great Britain): `x = (lon − lon₀)·cos 54°·k`, `y = (lat₁ − lat)·k`. At GB's
//! latitudes (50–59° N) that keeps shapes within ±8 % of true proportions, which is plenty for a
//! board paper, and needs no projection library. The frame fits the data (every point drawn plus
//! a margin) and is clamped to a box around GB, so a council whose children all live in the
//! south is not drawn as a speck on a map of the whole island; land outside the frame is clipped.
//!
//! # Units
//! Input in WGS84 degrees; output in SVG user units, [`MAP_WIDTH`] wide.

use std::fmt::Write as _;
use std::sync::OnceLock;

use super::svg::{colour, esc, fmt_int};
use crate::domain::LatLon;

/// Width of the map in SVG user units.
pub const MAP_WIDTH: f64 = 640.0;

/// cos 54°: the x scale of the projection.
const COS_54: f64 = 0.587_785_252_292_473_1;

/// Miles per degree of latitude (mean Earth radius 3,958.8 miles × π / 180), for the scale bar.
const MILES_PER_DEGREE_LAT: f64 = 69.093;

/// The box the frame is clamped to: Great Britain with Northern Ireland, Isle of Man and the
/// Isles of Scilly (degrees: lon min, lon max, lat min, lat max).
const GB_BOX: (f64, f64, f64, f64) = (-8.3, 1.9, 49.8, 60.9);

/// Margin around the data, degrees of latitude.
const MARGIN_DEG: f64 = 0.35;

/// Smallest latitude span of the frame, degrees (about 170 miles), so a compact caseload still
/// shows enough coastline to be recognised.
const MIN_LAT_SPAN_DEG: f64 = 2.5;

/// Margin around the candidates of a close-up, degrees of latitude (about 5 miles).
const CLOSE_MARGIN_DEG: f64 = 0.08;

/// Smallest latitude span of a close-up, degrees (about 20 miles).
const CLOSE_MIN_LAT_SPAN_DEG: f64 = 0.3;

/// Radius of a candidate's numbered disc, SVG units.
const DISC_R: f64 = 9.0;

/// Tallest aspect (height / width) of the frame; a narrower box is widened.
const MAX_ASPECT: f64 = 1.5;

const OUTLINE_GEOJSON: &str = include_str!("../../data/geo/uk_ireland_outline_50m.geojson");

/// One land polygon ring (lon, lat), with whether it belongs to the United Kingdom.
struct Ring {
    uk: bool,
    points: Vec<(f64, f64)>,
}

/// The outline rings, parsed once. A malformed file (it is compiled in, so this is a build
/// defect, not a user error) yields an empty outline rather than a panic.
fn outline() -> &'static [Ring] {
    static RINGS: OnceLock<Vec<Ring>> = OnceLock::new();
    RINGS.get_or_init(|| parse_outline(OUTLINE_GEOJSON))
}

fn parse_outline(text: &str) -> Vec<Ring> {
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut rings = Vec::new();
    let features = doc["features"].as_array().cloned().unwrap_or_default();
    for f in &features {
        let name = f["properties"]["name"].as_str().unwrap_or("");
        let uk = name != "Ireland";
        let geom = &f["geometry"];
        let polygons: Vec<&serde_json::Value> = match geom["type"].as_str() {
            Some("Polygon") => vec![&geom["coordinates"]],
            Some("MultiPolygon") => geom["coordinates"]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for poly in polygons {
            // Only the outer ring: the outline has no lakes worth drawing at this scale.
            if let Some(outer) = poly.as_array().and_then(|r| r.first()) {
                let points: Vec<(f64, f64)> = outer
                    .as_array()
                    .map(|pts| {
                        pts.iter()
                            .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
                            .collect()
                    })
                    .unwrap_or_default();
                if points.len() >= 3 {
                    rings.push(Ring { uk, points });
                }
            }
        }
    }
    rings
}

/// The projection and the frame of one map.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    lon_min: f64,
    lat_max: f64,
    /// SVG units per degree of latitude.
    k: f64,
    height: f64,
}

impl Frame {
    /// The frame that shows every point with a margin, clamped to Great Britain; the whole of
    /// GB when there are no points.
    pub fn fit(points: impl IntoIterator<Item = LatLon>) -> Frame {
        Frame::fit_within(points, MARGIN_DEG, MIN_LAT_SPAN_DEG)
    }

    /// The frame showing `points` with `margin` degrees around them and a latitude span of
    /// at least `min_span` degrees.
    fn fit_within(points: impl IntoIterator<Item = LatLon>, margin: f64, min_span: f64) -> Frame {
        let (gx0, gx1, gy0, gy1) = GB_BOX;
        let mut b: Option<(f64, f64, f64, f64)> = None;
        for p in points {
            let (lon, lat) = (p.lon().clamp(gx0, gx1), p.lat().clamp(gy0, gy1));
            b = Some(match b {
                None => (lon, lon, lat, lat),
                Some((a, c, d, e)) => (a.min(lon), c.max(lon), d.min(lat), e.max(lat)),
            });
        }
        let (mut x0, mut x1, mut y0, mut y1) = match b {
            None => GB_BOX,
            Some((a, c, d, e)) => (
                a - margin / COS_54,
                c + margin / COS_54,
                d - margin,
                e + margin,
            ),
        };
        if y1 - y0 < min_span {
            let mid = 0.5 * (y0 + y1);
            y0 = mid - 0.5 * min_span;
            y1 = mid + 0.5 * min_span;
        }
        // Widen a tall, narrow box (and heighten a flat one) towards a readable aspect.
        let lon_span_for = |lat_span: f64| lat_span / MAX_ASPECT / COS_54;
        if x1 - x0 < lon_span_for(y1 - y0) {
            let mid = 0.5 * (x0 + x1);
            let half = 0.5 * lon_span_for(y1 - y0);
            x0 = mid - half;
            x1 = mid + half;
        }
        if (y1 - y0) < 0.5 * (x1 - x0) * COS_54 {
            let mid = 0.5 * (y0 + y1);
            let half = 0.25 * (x1 - x0) * COS_54;
            y0 = mid - half;
            y1 = mid + half;
        }
        let (x0, x1) = (x0.max(gx0), x1.min(gx1));
        let (y0, y1) = (y0.max(gy0), y1.min(gy1));
        let k = MAP_WIDTH / ((x1 - x0).max(1e-6) * COS_54);
        Frame {
            lon_min: x0,
            lat_max: y1,
            k,
            height: ((y1 - y0) * k).max(1.0),
        }
    }

    /// Projects a longitude/latitude to SVG coordinates.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.lon_min) * COS_54 * self.k,
            (self.lat_max - lat) * self.k,
        )
    }

    fn pt(&self, p: LatLon) -> (f64, f64) {
        self.project(p.lon(), p.lat())
    }

    /// Height in SVG units.
    pub fn height(&self) -> f64 {
        self.height
    }
}

/// A placement dot.
#[derive(Debug, Clone)]
pub struct MapPlacement {
    /// Where the child lives (or a coarsened point, for a public report).
    pub at: LatLon,
    /// Palette index of the IRO holding the case.
    pub colour: usize,
}

/// An IRO base marker (a square).
#[derive(Debug, Clone)]
pub struct MapBase {
    /// The base.
    pub at: LatLon,
    /// Palette index of the IRO.
    pub colour: usize,
    /// Label drawn beside it.
    pub label: String,
}

/// A trip drawn as a polyline through its stops.
#[derive(Debug, Clone)]
pub struct MapTrip {
    /// Stops in order, base to base.
    pub stops: Vec<LatLon>,
    /// Hotel stops (drawn as triangles).
    pub hotels: Vec<LatLon>,
    /// Palette index of the IRO.
    pub colour: usize,
}

/// A cluster of far placements (a dashed ring with the number of children).
#[derive(Debug, Clone)]
pub struct MapCluster {
    /// Centre of the cluster.
    pub at: LatLon,
    /// Children in it.
    pub children: usize,
}

/// A candidate base (a numbered star-like marker).
#[derive(Debug, Clone)]
pub struct MapCandidate {
    /// Where.
    pub at: LatLon,
    /// Rank, 1 = best.
    pub rank: usize,
    /// Label (place name).
    pub label: String,
}

/// Everything drawn on one map.
#[derive(Debug, Clone, Default)]
pub struct MapSpec {
    /// Accessible name of the drawing.
    pub title: String,
    /// Placement dots.
    pub placements: Vec<MapPlacement>,
    /// IRO bases.
    pub bases: Vec<MapBase>,
    /// Far clusters.
    pub clusters: Vec<MapCluster>,
    /// Trips.
    pub trips: Vec<MapTrip>,
    /// Candidate bases.
    pub candidates: Vec<MapCandidate>,
    /// A close-up: the frame fits the candidates alone (everything else is drawn where it
    /// falls inside it), for shortlists too close together to tell apart on the whole map.
    pub close_up: bool,
}

impl MapSpec {
    fn all_points(&self) -> Vec<LatLon> {
        let mut v: Vec<LatLon> = self.placements.iter().map(|p| p.at).collect();
        v.extend(self.bases.iter().map(|b| b.at));
        v.extend(self.candidates.iter().map(|c| c.at));
        v.extend(self.trips.iter().flat_map(|t| t.stops.iter().copied()));
        v
    }

    fn frame(&self) -> Frame {
        if self.close_up {
            Frame::fit_within(
                self.candidates.iter().map(|c| c.at),
                CLOSE_MARGIN_DEG,
                CLOSE_MIN_LAT_SPAN_DEG,
            )
        } else {
            Frame::fit(self.all_points())
        }
    }
}

/// Whether two candidates' numbered discs overlap on this map (then a close-up is needed to
/// read their ranks).
pub fn candidates_overlap(spec: &MapSpec) -> bool {
    let f = spec.frame();
    let pts: Vec<(f64, f64)> = spec.candidates.iter().map(|c| f.pt(c.at)).collect();
    pts.iter().enumerate().any(|(i, a)| {
        pts[i + 1..]
            .iter()
            .any(|b| (a.0 - b.0).hypot(a.1 - b.1) < 2.0 * DISC_R)
    })
}

/// The scale bar's length in miles: the longest of 50, 20, 10, 5, 2 or 1 miles that fits in
/// a quarter of the map's width.
fn scale_bar_miles(f: &Frame) -> f64 {
    let units_per_mile = f.k / MILES_PER_DEGREE_LAT;
    [50.0, 20.0, 10.0, 5.0, 2.0, 1.0]
        .into_iter()
        .find(|m| m * units_per_mile <= MAP_WIDTH / 4.0)
        .unwrap_or(1.0)
}

/// Draws a map as an `<svg>` element.
pub fn render_map(spec: &MapSpec) -> String {
    let f = spec.frame();
    let (w, h) = (MAP_WIDTH, f.height());
    let clip = if spec.close_up {
        "mapclip-close"
    } else {
        "mapclip"
    };
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="100%" role="img" aria-label="{}" font-family="Helvetica, Arial, sans-serif" class="map">"#,
        esc(&spec.title)
    );
    let _ = write!(
        o,
        r##"<defs><clipPath id="{clip}"><rect x="0" y="0" width="{w:.0}" height="{h:.0}"/></clipPath></defs><rect x="0" y="0" width="{w:.0}" height="{h:.0}" fill="#dde9f2"/><g clip-path="url(#{clip})">"##
    );
    for ring in outline() {
        let fill = if ring.uk { "#f4f2ea" } else { "#e9e9e9" };
        let mut d = String::new();
        let mut last: Option<(f64, f64)> = None;
        for (k, &(lon, lat)) in ring.points.iter().enumerate() {
            let (x, y) = f.project(lon, lat);
            // Drop vertices under half a unit from the previous one: invisible, and they make
            // up most of the outline's bytes on a zoomed-out map.
            if let Some((lx, ly)) = last
                && (x - lx).abs() < 0.5
                && (y - ly).abs() < 0.5
                && k + 1 < ring.points.len()
            {
                continue;
            }
            let _ = write!(d, "{}{x:.1} {y:.1}", if last.is_none() { "M" } else { "L" });
            last = Some((x, y));
        }
        let _ = write!(
            o,
            r##"<path d="{d}Z" fill="{fill}" stroke="#9a9a8f" stroke-width="0.7"/>"##
        );
    }
    for c in &spec.clusters {
        let (x, y) = f.pt(c.at);
        let r = 10.0 + 3.0 * (c.children as f64).sqrt();
        let _ = write!(
            o,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="#d55e00" fill-opacity="0.08" stroke="#d55e00" stroke-width="1.4" stroke-dasharray="4 3"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#a04000" class="halo">{}</text>"##,
            x + r + 2.0,
            y - r + 8.0,
            esc(&match c.children {
                1 => "1 child".to_string(),
                n => format!("{n} children"),
            })
        );
    }
    for t in &spec.trips {
        let pts: Vec<String> = t
            .stops
            .iter()
            .map(|&p| {
                let (x, y) = f.pt(p);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            o,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2.2" stroke-opacity="0.9" stroke-linejoin="round" stroke-linecap="round"/>"#,
            pts.join(" "),
            colour(t.colour)
        );
        for &hp in &t.hotels {
            let (x, y) = f.pt(hp);
            let _ = write!(
                o,
                r##"<path d="M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z" fill="#fff" stroke="{}" stroke-width="1.5"/>"##,
                x,
                y - 6.0,
                x - 5.0,
                y + 4.0,
                x + 5.0,
                y + 4.0,
                colour(t.colour)
            );
        }
    }
    for p in &spec.placements {
        let (x, y) = f.pt(p.at);
        let _ = write!(
            o,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="3.2" fill="{}" stroke="#fff" stroke-width="0.8"/>"##,
            colour(p.colour)
        );
    }
    // Markers first, then labels where they do not cover a marker or another label.
    let mut labels = Labels::new(w, h);
    for b in &spec.bases {
        let (x, y) = f.pt(b.at);
        labels.occupy(Rect::around(x, y, 6.0));
        let _ = write!(
            o,
            r##"<rect x="{:.1}" y="{:.1}" width="11" height="11" fill="{}" stroke="#111" stroke-width="1.6"/>"##,
            x - 5.5,
            y - 5.5,
            colour(b.colour),
        );
    }
    // The best candidate is drawn last, on top of any it overlaps.
    let mut by_rank: Vec<&MapCandidate> = spec.candidates.iter().collect();
    by_rank.sort_by_key(|c| std::cmp::Reverse(c.rank));
    for c in by_rank {
        let (x, y) = f.pt(c.at);
        labels.occupy(Rect::around(x, y, DISC_R));
        let _ = write!(
            o,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="{DISC_R}" fill="#111"/><text x="{x:.1}" y="{:.1}" font-size="10" fill="#fff" text-anchor="middle" font-weight="bold">{}</text>"##,
            y + 3.5,
            c.rank,
        );
    }
    for b in &spec.bases {
        let (x, y) = f.pt(b.at);
        if let Some((lx, ly)) = labels.place(x, y, 8.0, &b.label) {
            let _ = write!(
                o,
                r##"<text x="{lx:.1}" y="{ly:.1}" font-size="11" font-weight="bold" class="halo">{}</text>"##,
                esc(&b.label)
            );
        }
    }
    for c in &spec.candidates {
        let (x, y) = f.pt(c.at);
        if let Some((lx, ly)) = labels.place(x, y, 11.0, &c.label) {
            let _ = write!(
                o,
                r##"<text x="{lx:.1}" y="{ly:.1}" font-size="11" class="halo">{}</text>"##,
                esc(&c.label)
            );
        }
    }
    o += "</g>";
    // Scale bar, bottom left.
    let miles = scale_bar_miles(&f);
    let bar = miles / MILES_PER_DEGREE_LAT * f.k;
    let (bx, by) = (12.0, h - 14.0);
    let _ = write!(
        o,
        r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="22" fill="#fff" fill-opacity="0.8"/><line x1="{bx:.1}" y1="{by:.1}" x2="{:.1}" y2="{by:.1}" stroke="#222" stroke-width="2"/><text x="{bx:.1}" y="{:.1}" font-size="10">{} miles</text>"##,
        bx - 4.0,
        by - 14.0,
        bar + 8.0,
        bx + bar,
        by - 4.0,
        fmt_int(miles)
    );
    let _ = write!(
        o,
        r##"<text x="{:.1}" y="{:.1}" font-size="9" text-anchor="end" fill="#666">Outline: Natural Earth 1:50m</text>"##,
        w - 6.0,
        h - 6.0
    );
    o += "</svg>";
    o
}

/// Width of a character of an 11-unit Helvetica label, SVG units (bold, to be safe).
const CHAR_W: f64 = 6.6;

/// Height of a label line, SVG units.
const LINE_H: f64 = 12.0;

/// An axis-aligned box, SVG units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    /// A square of half-side `r` around a point.
    fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Greedy label placement: each label takes the first of four positions around its marker
/// (right, left, above, below) that stays on the map and covers no marker and no label placed
/// before it; a label with no free position is left out (the marker stays, and the report's
/// table names it).
struct Labels {
    width: f64,
    height: f64,
    taken: Vec<Rect>,
}

impl Labels {
    fn new(width: f64, height: f64) -> Labels {
        Labels {
            width,
            height,
            taken: Vec::new(),
        }
    }

    fn occupy(&mut self, r: Rect) {
        self.taken.push(r);
    }

    /// Where to write `text` (its baseline's left end) next to a marker of half-size `gap`
    /// at (x, y), if anywhere.
    fn place(&mut self, x: f64, y: f64, gap: f64, text: &str) -> Option<(f64, f64)> {
        let tw = CHAR_W * text.chars().count() as f64;
        let candidates = [
            (x + gap + 2.0, y - LINE_H / 2.0),
            (x - gap - 2.0 - tw, y - LINE_H / 2.0),
            (x - tw / 2.0, y - gap - 2.0 - LINE_H),
            (x - tw / 2.0, y + gap + 2.0),
        ];
        for (lx, ly) in candidates {
            let r = Rect {
                x0: lx,
                y0: ly,
                x1: lx + tw,
                y1: ly + LINE_H,
            };
            let inside = r.x0 >= 0.0 && r.y0 >= 0.0 && r.x1 <= self.width && r.y1 <= self.height;
            if inside && !self.taken.iter().any(|t| t.overlaps(&r)) {
                self.taken.push(r);
                return Some((lx, ly + LINE_H - 3.0));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ll(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("valid test point")
    }

    #[test]
    fn outline_parses_the_bundled_file() {
        let rings = outline();
        assert!(rings.len() > 10, "rings: {}", rings.len());
        assert!(rings.iter().any(|r| !r.uk), "Ireland is drawn too");
    }

    #[test]
    fn projection_keeps_east_right_and_north_up() {
        let f = Frame::fit([ll(50.7, -2.4), ll(52.5, -1.9)]);
        let (x_dorchester, y_dorchester) = f.project(-2.4, 50.7);
        let (x_brum, y_brum) = f.project(-1.9, 52.5);
        assert!(x_brum > x_dorchester);
        assert!(y_brum < y_dorchester);
        // A degree of longitude is cos 54° of a degree of latitude.
        let (x1, _) = f.project(-1.0, 51.0);
        let (x2, _) = f.project(0.0, 51.0);
        let (_, y1) = f.project(0.0, 51.0);
        let (_, y2) = f.project(0.0, 50.0);
        assert!(((x2 - x1) / (y2 - y1) - COS_54).abs() < 1e-9);
    }

    #[test]
    fn frame_fits_data_within_gb() {
        let pts = [ll(50.7, -2.4), ll(52.5, -1.9), ll(55.0, -1.6)];
        let f = Frame::fit(pts);
        for p in pts {
            let (x, y) = f.pt(p);
            assert!((0.0..=MAP_WIDTH).contains(&x), "x {x}");
            assert!((0.0..=f.height()).contains(&y), "y {y}");
        }
        // Far from the whole island: Shetland (60.3° N) is outside the frame.
        let (_, y) = f.project(-1.2, 60.3);
        assert!(y < 0.0);
        // An empty map shows all of GB.
        let g = Frame::fit([]);
        let (_, y) = g.project(-1.2, 60.3);
        assert!(y > 0.0);
    }

    #[test]
    fn crowded_labels_are_left_out_rather_than_overlapping() {
        let spec = MapSpec {
            title: "t".into(),
            candidates: (1..=6)
                .map(|rank| MapCandidate {
                    at: ll(52.48 + 0.001 * rank as f64, -1.9),
                    rank,
                    label: format!("Town{rank}"),
                })
                .collect(),
            ..Default::default()
        };
        let svg = render_map(&spec);
        // Every disc is drawn, its rank inside it; not every name fits beside six
        // overlapping discs.
        for rank in 1..=6 {
            assert!(svg.contains(&format!(">{rank}</text>")), "rank {rank}");
        }
        let named = (1..=6)
            .filter(|k| svg.contains(&format!(">Town{k}<")))
            .count();
        assert!((1..6).contains(&named), "{named} labels");
    }

    #[test]
    fn a_close_up_separates_discs_that_overlap_on_the_whole_map() {
        // Six towns a few miles apart in the West Midlands, with a placement in Dorset that
        // makes the whole map span the south of England.
        let candidates: Vec<MapCandidate> = [
            (52.55, -2.02),
            (52.53, -2.06),
            (52.52, -1.99),
            (52.50, -1.98),
            (52.50, -1.88),
            (52.48, -1.90),
        ]
        .into_iter()
        .enumerate()
        .map(|(k, (lat, lon))| MapCandidate {
            at: ll(lat, lon),
            rank: k + 1,
            label: format!("Town{}", k + 1),
        })
        .collect();
        let whole = MapSpec {
            title: "t".into(),
            placements: vec![MapPlacement {
                at: ll(50.7, -2.4),
                colour: 0,
            }],
            candidates,
            ..Default::default()
        };
        assert!(candidates_overlap(&whole));
        let close = MapSpec {
            close_up: true,
            ..whole.clone()
        };
        assert!(!candidates_overlap(&close));
        let svg = render_map(&close);
        for k in 1..=6 {
            assert!(svg.contains(&format!(">Town{k}<")), "Town{k} is labelled");
        }
        // Its own clip path, and a scale bar shorter than 50 miles.
        assert!(svg.contains("id=\"mapclip-close\""));
        assert!(!svg.contains(">50 miles<"));
        // The best candidate is drawn last, on top.
        let last_disc = svg.rfind("fill=\"#111\"/>").expect("discs drawn");
        assert!(svg[last_disc..].starts_with("fill=\"#111\"/><text"));
        assert!(svg[last_disc..].contains(">1</text>"));
        assert!(!svg[last_disc..].contains(">2</text>"));
    }

    #[test]
    fn labels_are_escaped() {
        let spec = MapSpec {
            title: "t".into(),
            bases: vec![MapBase {
                at: ll(50.7, -2.4),
                colour: 0,
                label: "<b>&".into(),
            }],
            ..Default::default()
        };
        let svg = render_map(&spec);
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(!svg.contains("<b>"));
    }
}
