//! The self-contained HTML reports: the plan report (`plan`) here, the scenario comparison
//! (`compare`) and the candidate-base map (`bases`) in [`super::compare`], on the same page
//! frame.
//!
//! Each report is one file a manager can open offline, print to PDF or attach to a board paper:
//! inline CSS, inline SVG ([`super::map`], [`super::charts`]), no scripts, fonts or images
//! fetched from anywhere. `@media print` rules keep each section on one page where it fits and
//! drop screen-only decoration.
//!
//! Every headline number carries `data-figure="<summary.json key>"` and `data-value="<exact
//! value>"` attributes, so a test (`tests/report_figures.rs`) can check that the report says
//! what `summary.json` says. Children appear by id only (never by name); with
//! [`ReportOptions::hide_ids`] no child id appears at all, IROs are numbered instead of named,
//! and placements are drawn on a coarse grid, for a public paper.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate};

use super::charts::{Bar, HBarChart, MonthColumn, hbar_chart, monthly_chart};
use super::map::{MapBase, MapCluster, MapPlacement, MapSpec, MapTrip, render_map};
use super::svg::{colour, esc, fmt_1, fmt_gbp, fmt_int};
use crate::domain::{Caseload, IroId, LatLon};
use crate::geo::TravelModel;
use crate::pipeline::{PlanResult, Summary};
use crate::schedule::{Plan, StopKind};

/// Options of the plan report.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// For a public paper: no child ids, IROs numbered rather than named, placements coarsened
    /// to [`PUBLIC_GRID_DEG`].
    pub hide_ids: bool,
    /// Monday (or any day) of the week whose trips are drawn; `None` = the busiest week.
    pub week: Option<NaiveDate>,
    /// The data-quality findings of the inputs (a section of the report when given).
    pub data_quality: Option<crate::quality::DataQuality>,
}

/// Grid, in degrees (about 7 miles north–south), that placements are snapped to on the map of
/// a public report, so a dot cannot point at a child's home.
pub const PUBLIC_GRID_DEG: f64 = 0.1;

/// Grid cell, in degrees of latitude (about 35 miles), that far placements are grouped by into
/// clusters on the map; the longitude cell is this over cos 54°, so cells are roughly square.
const CLUSTER_CELL_DEG: f64 = 0.5;

const CSS: &str = r#"
*{box-sizing:border-box}
body{font-family:Helvetica,Arial,sans-serif;color:#222;margin:0 auto;max-width:1120px;padding:1.2em 1.5em;line-height:1.35}
h1{font-size:1.6em;margin:.1em 0 .2em}
h2{font-size:1.2em;border-bottom:2px solid #0072B2;padding-bottom:.15em;margin:1.5em 0 .6em}
.sub{color:#555;margin:0 0 1em}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(165px,1fr));gap:.7em;margin:.6em 0}
.card{border:1px solid #d6d6d6;border-radius:6px;padding:.55em .8em;background:#f8f9fb}
.card .v{font-size:1.55em;font-weight:bold;display:block}
.card .k{color:#555;font-size:.85em}
.card.good .v{color:#1d6b40}
.card.bad .v{color:#a8321f}
table{border-collapse:collapse;font-size:.88em;margin:.4em 0}
td,th{border-bottom:1px solid #ddd;padding:3px 9px;text-align:right;vertical-align:top}
th{background:#eef1f5}
td:first-child,th:first-child{text-align:left}
td.l,th.l{text-align:left}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:1.2em}
.mapbox{display:grid;grid-template-columns:minmax(0,600px) 1fr;gap:1.2em;align-items:start}
figure{margin:0}
figure.chart svg{max-width:780px}
td.nw,td:not(.l):not(:first-child){white-space:nowrap}
figcaption{font-size:.85em;color:#444;margin:.3em 0}
.legend{font-size:.85em;margin:.3em 0;padding:0;list-style:none}
.legend li{margin:.15em 0}
.sw{display:inline-block;width:11px;height:11px;margin-right:5px;vertical-align:-1px;border:1px solid #0003}
.sq{border:2px solid #111}
.note{color:#555;font-size:.85em}
.warn{color:#8a4b00;background:#fff4e0;border-left:4px solid #e69f00;padding:.3em .6em}
p.decision{font-size:1.05em;line-height:1.5;max-width:62em}
h3{font-size:1.05em;margin:1em 0 .3em}
td.better{color:#1d6b40;font-weight:bold}
td.worse{color:#a8321f;font-weight:bold}
td.same{color:#777}
tr.tie td{background:#fff8e6}
table.bases th{vertical-align:bottom}
figure.bigmap{max-width:760px;margin-bottom:1em}
svg .halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
@page{size:A4;margin:14mm}
@media print{
 body{max-width:none;padding:0;font-size:9.5pt}
 section{break-inside:avoid;page-break-inside:avoid}
 h2{break-after:avoid;page-break-after:avoid}
 .pb{break-before:page;page-break-before:always}
 .mapbox,.grid2{display:block}
 .mapbox figure{max-width:150mm}
 .card{background:none}
 table{page-break-inside:auto}
 tr{page-break-inside:avoid}
}
"#;

pub(super) fn page_start(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>\n",
        esc(title)
    )
}

pub(super) const PAGE_END: &str = "<p class=\"note\">Made by iro-planner. Child ids only: this report holds no names. Map outline: Natural Earth (public domain).</p>\n</body></html>\n";

/// A figure cell: `<td data-figure=… data-value=…>text</td>` (or a `span` in a card).
pub(super) fn fig(tag: &str, key: &str, value: f64, text: &str) -> String {
    format!(
        r#"<{tag} data-figure="{}" data-value="{}">{}</{tag}>"#,
        esc(key),
        value,
        esc(text)
    )
}

pub(super) fn card(key: &str, value: f64, text: &str, label: &str, class: &str) -> String {
    format!(
        r#"<div class="card {class}"><span class="v" data-figure="{}" data-value="{value}">{}</span><span class="k">{}</span></div>"#,
        esc(key),
        esc(text),
        esc(label)
    )
}

/// How an IRO is named in the report.
fn iro_label(caseload: &Caseload, iro: IroId, hide_ids: bool) -> String {
    if hide_ids {
        format!("IRO {}", iro.idx() + 1)
    } else {
        caseload.iro(iro).external_id.clone()
    }
}

fn snap(p: LatLon, grid: f64) -> LatLon {
    LatLon::new(
        (p.lat() / grid).round() * grid,
        (p.lon() / grid).round() * grid,
    )
    .unwrap_or(p)
}

/// Monday of the week holding the most in-person reviews on trips (the earliest if tied).
pub fn busiest_week(plan: &Plan) -> Option<NaiveDate> {
    let mut counts: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for t in &plan.trips {
        for s in t.stops.iter().filter(|s| s.kind == StopKind::Review) {
            *counts.entry(monday(s.date)).or_default() += 1;
        }
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|&(_, n)| n == best).map(|(d, _)| d)
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// Children whose placement is at least `remote_drive_hours` (config: overnight) one way from
/// their IRO's base, grouped into grid cells.
fn far_clusters(caseload: &Caseload, allocation: &[IroId]) -> Vec<MapCluster> {
    let cfg = &caseload.config;
    let travel = TravelModel::new(&cfg.travel, caseload.matrix.clone());
    let lon_cell = CLUSTER_CELL_DEG / 0.587_785_252_292_473_1;
    let mut cells: BTreeMap<(i64, i64), (f64, f64, usize)> = BTreeMap::new();
    for c in caseload.child_ids() {
        let Some(&iro) = allocation.get(c.idx()) else {
            continue;
        };
        let child = caseload.child(c);
        let hours = travel.leg(caseload.iro(iro).base, child.location).hours;
        if hours < cfg.overnight.remote_drive_hours {
            continue;
        }
        let key = (
            (child.location.lat() / CLUSTER_CELL_DEG).floor() as i64,
            (child.location.lon() / lon_cell).floor() as i64,
        );
        let e = cells.entry(key).or_insert((0.0, 0.0, 0));
        e.0 += child.location.lat();
        e.1 += child.location.lon();
        e.2 += 1;
    }
    cells
        .into_values()
        .filter_map(|(la, lo, n)| {
            Some(MapCluster {
                at: LatLon::new(la / n as f64, lo / n as f64)?,
                children: n,
            })
        })
        .collect()
}

/// The report of one plan (child ids shown, busiest week's trips).
pub fn plan_html(caseload: &Caseload, r: &PlanResult) -> String {
    plan_html_with(caseload, r, &ReportOptions::default())
}

/// The report of one plan with options.
pub fn plan_html_with(caseload: &Caseload, r: &PlanResult, opts: &ReportOptions) -> String {
    let s = &r.summary;
    let plan = &r.plan;
    let cfg = &caseload.config;
    let hide = opts.hide_ids;
    let mut h = page_start(&format!(
        "IRO plan {} to {}",
        s.horizon_start, s.horizon_end
    ));
    let _ = writeln!(
        h,
        "<header><h1>IRO plan, {} to {}</h1><p class=\"sub\">{} children ({} known today, {} projected arrivals), {} IROs in post ({} FTE), {} statutory reviews in {} trips.</p></header>",
        s.horizon_start,
        s.horizon_end,
        fmt_int(s.children as f64),
        fmt_int(s.children_known as f64),
        fmt_int(s.children_projected as f64),
        s.iros_in_post,
        esc(&format!("{:.2}", s.fte)),
        fmt_int(s.reviews as f64),
        fmt_int(s.trips as f64),
    );
    headline(&mut h, s);
    map_section(&mut h, caseload, r, opts);
    caseload_section(&mut h, caseload, s, hide);
    reviews_section(&mut h, plan, s);
    travel_section(&mut h, caseload, s, hide);
    late_section(&mut h, s, hide);
    workload_section(&mut h, s);
    areas_section(
        &mut h,
        s,
        caseload.config.overnight.remote_drive_hours,
        hide,
    );
    cover_section(&mut h, s, hide);
    moves_section(&mut h, s, hide);
    if let Some(q) = &opts.data_quality {
        quality_section(&mut h, q, hide);
    }
    h += "<section><h2>What the figures assume</h2><ul>";
    for a in &s.assumptions {
        let _ = write!(h, "<li>{}</li>", esc(a));
    }
    let _ = writeln!(
        h,
        "<li>Caseload band {}–{} children per full-time IRO ({} hours a week).</li></ul><p class=\"note\">Allocation: {}; objective {}, gap {}; {} s to plan.</p></section>",
        fmt_int(cfg.caseload.band_min_per_fte),
        fmt_int(cfg.caseload.band_max_per_fte),
        fmt_1(cfg.caseload.fte_hours),
        esc(&s.solver.backend),
        esc(&fmt_gbp(s.solver.objective)),
        if s.solver.gap.is_finite() {
            format!("{:.2}%", 100.0 * s.solver.gap)
        } else {
            "–".into()
        },
        esc(&format!("{:.2}", s.solver.total_seconds)),
    );
    h += PAGE_END;
    h
}

/// The data-quality findings: one line each, then the children concerned (ids only, and not
/// in a public report).
fn quality_section(h: &mut String, q: &crate::quality::DataQuality, hide: bool) {
    h.push_str("<section><h2>Data quality</h2><ul>");
    for line in q.summary_lines() {
        let _ = write!(h, "<li>{}</li>", esc(&line));
    }
    h.push_str("</ul>");
    if !hide && !q.overdue_at_start.is_empty() {
        h.push_str("<table><tr><th class=\"l\">overdue at the start</th><th>review</th><th>due</th><th>days overdue</th></tr>");
        for o in &q.overdue_at_start {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"nw\">{}</td><td>{}</td></tr>",
                esc(&o.child_id),
                o.review_number,
                o.due_date,
                o.days_overdue
            );
        }
        h.push_str("</table>");
    }
    if !hide && !q.outside_england_wales.is_empty() {
        h.push_str("<table><tr><th class=\"l\">placed outside England and Wales or across the sea</th><th class=\"l\">placement</th><th class=\"l\">where</th></tr>");
        for r in &q.outside_england_wales {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}{}</td></tr>",
                esc(&r.child_id),
                esc(&r.placement),
                esc(r.region.name()),
                if r.across_sea {
                    " (ferry or flight)"
                } else {
                    ""
                }
            );
        }
        h.push_str("</table>");
    }
    if !q.warnings.is_empty() {
        h.push_str("<p class=\"note\">Input warnings:</p><ul class=\"note\">");
        for w in &q.warnings {
            let _ = write!(h, "<li>{}</li>", esc(w));
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>");
}

/// A headline table row: label, summary key, plan, naive, saving, formatter.
type HeadlineRow<'a> = (&'a str, &'a str, f64, f64, f64, fn(f64) -> String);

fn headline(h: &mut String, s: &Summary) {
    let n = &s.naive.figures;
    let sv = &s.saving_vs_naive;
    h.push_str("<section><h2>Headline figures</h2><div class=\"cards\">");
    h.push_str(&card(
        "cost_total",
        s.cost_total,
        &fmt_gbp(s.cost_total),
        "travel cost in the horizon (mileage, staff time driving, hotels)",
        "",
    ));
    h.push_str(&card(
        "saving_vs_naive.cost_total",
        sv.cost_total,
        &fmt_gbp(sv.cost_total),
        &format!(
            "saved against the naive plan ({}% of {})",
            fmt_1(sv.cost_pct),
            fmt_gbp(n.total())
        ),
        if sv.cost_total >= 0.0 { "good" } else { "bad" },
    ));
    h.push_str(&card(
        "on_time_pct",
        s.on_time_pct,
        &format!("{}%", fmt_1(s.on_time_pct)),
        &format!(
            "of {} reviews on time ({} late)",
            fmt_int(s.reviews as f64),
            fmt_int(s.reviews_late as f64)
        ),
        if s.reviews_late == 0 { "good" } else { "bad" },
    ));
    h.push_str(&card(
        "miles",
        s.miles,
        &fmt_int(s.miles),
        "road miles driven",
        "",
    ));
    h.push_str(&card(
        "co2_kg",
        s.co2_kg,
        &fmt_int(s.co2_kg),
        "kg CO2e (car and hotel nights)",
        "",
    ));
    h.push_str("</div>\n<table><tr><th>figure</th><th>plan</th><th>naive baseline</th><th>saving</th></tr>");
    let rows: [HeadlineRow; 8] = [
        (
            "total £",
            "cost_total",
            s.cost_total,
            n.total(),
            sv.cost_total,
            fmt_gbp,
        ),
        (
            "mileage £",
            "cost_mileage",
            s.cost_mileage,
            n.mileage_cost,
            n.mileage_cost - s.cost_mileage,
            fmt_gbp,
        ),
        (
            "staff time driving £",
            "cost_staff",
            s.cost_staff,
            n.staff_cost,
            n.staff_cost - s.cost_staff,
            fmt_gbp,
        ),
        (
            "hotel £",
            "cost_hotel",
            s.cost_hotel,
            n.hotel_cost,
            n.hotel_cost - s.cost_hotel,
            fmt_gbp,
        ),
        ("miles", "miles", s.miles, n.miles, sv.miles, fmt_int),
        (
            "driving hours",
            "drive_hours",
            s.drive_hours,
            n.drive_hours,
            sv.drive_hours,
            fmt_int,
        ),
        (
            "hotel nights",
            "hotel_nights",
            s.hotel_nights as f64,
            n.nights as f64,
            sv.hotel_nights as f64,
            fmt_int,
        ),
        ("kg CO2e", "co2_kg", s.co2_kg, n.co2_kg, sv.co2_kg, fmt_int),
    ];
    for (label, key, p, b, save, f) in rows {
        let saving_key = match key {
            "cost_mileage" | "cost_staff" | "cost_hotel" => String::new(),
            k => format!("saving_vs_naive.{k}"),
        };
        let naive_key = match key {
            "hotel_nights" => "naive.hotel_nights".to_string(),
            k => format!("naive.{k}"),
        };
        let saving_cell = if saving_key.is_empty() {
            format!("<td>{}</td>", esc(&f(save)))
        } else {
            fig("td", &saving_key, save, &f(save))
        };
        let _ = write!(
            h,
            "<tr><td>{}</td>{}{}{}</tr>",
            esc(label),
            fig("td", &format!("table.{key}"), p, &f(p)),
            fig("td", &naive_key, b, &f(b)),
            saving_cell
        );
    }
    let _ = writeln!(
        h,
        "</table><p class=\"note\">The naive baseline holds each review on its due date with one round trip from the IRO's base; the plan groups nearby reviews into trips, staying overnight where that is cheaper. {} reviews are virtual.</p></section>",
        fmt_int(s.reviews_virtual as f64)
    );
}

fn map_section(h: &mut String, caseload: &Caseload, r: &PlanResult, opts: &ReportOptions) {
    let plan = &r.plan;
    let hide = opts.hide_ids;
    let week = opts.week.map(monday).or_else(|| busiest_week(plan));
    let mut spec = MapSpec {
        title: "Map of placements, IRO bases and trips".into(),
        ..Default::default()
    };
    for c in caseload.child_ids() {
        let Some(&iro) = plan.allocation.get(c.idx()) else {
            continue;
        };
        let at = caseload.child(c).location;
        spec.placements.push(MapPlacement {
            at: if hide { snap(at, PUBLIC_GRID_DEG) } else { at },
            colour: iro.idx(),
        });
    }
    for iro in caseload.iro_ids() {
        let i = caseload.iro(iro);
        if i.vacant {
            continue;
        }
        spec.bases.push(MapBase {
            at: i.base,
            colour: iro.idx(),
            label: iro_label(caseload, iro, hide),
        });
    }
    spec.clusters = far_clusters(caseload, &plan.allocation);
    if hide {
        // A cluster of one child is centred on that child's placement: coarsen it too.
        for c in &mut spec.clusters {
            c.at = snap(c.at, PUBLIC_GRID_DEG);
        }
    }
    let in_week = |d: NaiveDate| week.is_some_and(|w| d >= w && d < w + Duration::days(7));
    let week_trips: Vec<usize> = plan
        .trips
        .iter()
        .enumerate()
        .filter(|(_, t)| in_week(t.start_date()))
        .map(|(k, _)| k)
        .collect();
    for &k in &week_trips {
        let t = &plan.trips[k];
        spec.trips.push(MapTrip {
            stops: t
                .stops
                .iter()
                .map(|s| {
                    if hide {
                        snap(s.point, PUBLIC_GRID_DEG)
                    } else {
                        s.point
                    }
                })
                .collect(),
            hotels: t
                .stops
                .iter()
                .filter(|s| s.kind == StopKind::Hotel)
                .map(|s| {
                    if hide {
                        snap(s.point, PUBLIC_GRID_DEG)
                    } else {
                        s.point
                    }
                })
                .collect(),
            colour: t.iro.idx(),
        });
    }
    let far: usize = spec.clusters.iter().map(|c| c.children).sum();
    let week_text = match week {
        Some(w) => format!(
            "the week of Monday {} ({} trips{})",
            w,
            week_trips.len(),
            if opts.week.is_none() {
                ", the busiest of the plan"
            } else {
                ""
            }
        ),
        None => "no week (the plan has no trips)".into(),
    };
    let _ = write!(
        h,
        "<section class=\"pb\"><h2>Map: where the children live and the trips of one week</h2><div class=\"mapbox\"><figure>{}<figcaption>Dots: placements, coloured by IRO{}. Squares: IRO bases. Lines: trips of {}; triangles: hotel nights. Dashed rings: children placed at least {h} hours' drive from their own IRO's base, by place, with how many ({} in all; the Far areas section counts those {h} hours or more from every base).</figcaption></figure><div><ul class=\"legend\">",
        render_map(&spec),
        if hide { " (shown on a 0.1° grid)" } else { "" },
        esc(&week_text),
        fmt_int(far as f64),
        h = fmt_1(caseload.config.overnight.remote_drive_hours),
    );
    for iro in caseload.iro_ids() {
        if caseload.iro(iro).vacant {
            continue;
        }
        let n = plan.allocation.iter().filter(|&&a| a == iro).count();
        let _ = write!(
            h,
            "<li><span class=\"sw\" style=\"background:{}\"></span>{} — {} children{}</li>",
            colour(iro.idx()),
            esc(&iro_label(caseload, iro, hide)),
            fmt_int(n as f64),
            if hide {
                String::new()
            } else {
                format!(", base {}", esc(&caseload.iro(iro).base_label))
            }
        );
    }
    h.push_str("</ul>");
    if !week_trips.is_empty() {
        h.push_str("<table><tr><th>trip</th><th class=\"l\">IRO</th><th>days</th><th>reviews</th><th>nights</th><th>miles</th><th class=\"l\">children</th></tr>");
        for &k in &week_trips {
            let t = &plan.trips[k];
            let f = r.figures.trips.get(k).copied().unwrap_or_default();
            let children: Vec<String> = t
                .stops
                .iter()
                .filter_map(|s| s.child)
                .map(|c| caseload.child(c).external_id.clone())
                .collect();
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"l\">{}</td><td class=\"nw\">{}{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td></tr>",
                esc(&crate::io::outputs::trip_id(k)),
                esc(&iro_label(caseload, t.iro, hide)),
                t.start_date().format("%a %d %b"),
                if t.end_date() != t.start_date() {
                    format!("–{}", t.end_date().format("%a %d %b"))
                } else {
                    String::new()
                },
                t.reviews(),
                t.nights(),
                fmt_int(f.miles),
                if hide {
                    "(hidden)".to_string()
                } else {
                    esc(&children.join(", "))
                }
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</div></div></section>\n");
}

/// An IRO as the per-IRO charts and tables name it: "IRO05 (vacant)" for a vacant post, whose
/// 0.00 FTE, band 0–0 and zero miles would otherwise read as an IRO with no hours.
fn iro_cell(caseload: &Caseload, k: usize, i: &crate::cost::IroFigures, hide: bool) -> String {
    let label = iro_label(caseload, IroId(k as u32), hide);
    if i.vacant {
        format!("{label} (vacant)")
    } else {
        label
    }
}

fn caseload_section(h: &mut String, caseload: &Caseload, s: &Summary, hide: bool) {
    let band = &caseload.config.caseload;
    let bars: Vec<Bar> = s
        .per_iro
        .iter()
        .enumerate()
        .map(|(k, i)| Bar {
            label: iro_cell(caseload, k, i, hide),
            value: i.per_fte,
            colour: Some(k),
        })
        .collect();
    let chart = hbar_chart(&HBarChart {
        title: "Caseload per FTE by IRO against the band",
        bars: &bars,
        band: Some((band.band_min_per_fte, band.band_max_per_fte)),
        fmt: |v| format!("{v:.0}"),
        signed_colours: false,
        whiskers: &[],
    });
    let _ = write!(
        h,
        "<section class=\"pb\"><h2>Caseload per FTE by IRO</h2><figure class=\"chart\">{chart}<figcaption>Children per full-time equivalent; the shaded band is {}–{} per FTE.</figcaption></figure><table><tr><th class=\"l\">IRO</th><th>FTE</th><th>children</th><th>band</th><th>per FTE</th><th>reviews</th><th>trips</th></tr>",
        fmt_int(band.band_min_per_fte),
        fmt_int(band.band_max_per_fte)
    );
    for (k, i) in s.per_iro.iter().enumerate() {
        let flag = if i.children > i.band_max as usize {
            " style=\"color:#a8321f;font-weight:bold\""
        } else {
            ""
        };
        let _ = write!(
            h,
            "<tr><td class=\"l\">{}</td><td>{:.2}</td>{}<td{flag}>{}–{}</td><td>{}</td>{}<td>{}</td></tr>",
            esc(&iro_cell(caseload, k, i, hide)),
            i.fte,
            fig(
                "td",
                &format!("per_iro.{k}.children"),
                i.children as f64,
                &fmt_int(i.children as f64)
            ),
            i.band_min,
            i.band_max,
            fmt_1(i.per_fte),
            fig(
                "td",
                &format!("per_iro.{k}.reviews"),
                i.reviews as f64,
                &fmt_int(i.reviews as f64)
            ),
            i.trips
        );
    }
    h.push_str("</table></section>\n");
}

fn reviews_section(h: &mut String, plan: &Plan, s: &Summary) {
    let mut months: Vec<(i32, u32)> = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(s.horizon_start.year(), s.horizon_start.month(), 1);
    while let Some(m) = d {
        if m > s.horizon_end {
            break;
        }
        months.push((m.year(), m.month()));
        d = crate::calendar::add_months_clamped(m, 1).into();
        if months.len() > 48 {
            break;
        }
    }
    let cols: Vec<MonthColumn> = months
        .iter()
        .map(|&(y, m)| {
            let of = plan
                .reviews
                .iter()
                .filter(|r| r.date.year() == y && r.date.month() == m);
            let (mut on, mut late) = (0, 0);
            for r in of {
                if r.on_time {
                    on += 1;
                } else {
                    late += 1;
                }
            }
            MonthColumn {
                label: NaiveDate::from_ymd_opt(y, m, 1)
                    .map(|d| d.format("%b %y").to_string())
                    .unwrap_or_default(),
                on_time: on,
                late,
            }
        })
        .collect();
    let chart = monthly_chart("Reviews per month, on time and late", &cols);
    let _ = writeln!(
        h,
        "<section><h2>Reviews per month and on-time %</h2><figure class=\"chart\">{chart}<figcaption>Blue: held on or before the statutory due date; red: late. The percentage above each column is that month's on-time share. Over the horizon: {} of {} reviews on time ({}%).</figcaption></figure></section>",
        fmt_int((s.reviews - s.reviews_late) as f64),
        fmt_int(s.reviews as f64),
        fmt_1(s.on_time_pct),
    );
}

fn travel_section(h: &mut String, caseload: &Caseload, s: &Summary, hide: bool) {
    let mk = |f: &dyn Fn(&crate::cost::IroFigures) -> f64| -> Vec<Bar> {
        s.per_iro
            .iter()
            .enumerate()
            .map(|(k, i)| Bar {
                label: iro_cell(caseload, k, i, hide),
                value: f(i),
                colour: Some(k),
            })
            .collect()
    };
    let miles = mk(&|i| i.travel.miles);
    let cost = mk(&|i| i.travel.total());
    let miles_chart = hbar_chart(&HBarChart {
        title: "Miles by IRO",
        bars: &miles,
        band: None,
        fmt: fmt_int,
        signed_colours: false,
        whiskers: &[],
    });
    let cost_chart = hbar_chart(&HBarChart {
        title: "Travel cost by IRO",
        bars: &cost,
        band: None,
        fmt: fmt_gbp,
        signed_colours: false,
        whiskers: &[],
    });
    let _ = write!(
        h,
        "<section class=\"pb\"><h2>Miles and £ by IRO</h2><figure class=\"chart\">{miles_chart}<figcaption>Road miles in the horizon.</figcaption></figure><figure class=\"chart\">{cost_chart}<figcaption>Mileage, staff time driving and hotels, £.</figcaption></figure><table><tr><th class=\"l\">IRO</th><th>trips</th><th>miles</th><th>driving hours</th><th>nights</th><th>mileage £</th><th>staff £</th><th>hotel £</th><th>total £</th><th>kg CO2e</th></tr>"
    );
    for (k, i) in s.per_iro.iter().enumerate() {
        let t = &i.travel;
        let _ = write!(
            h,
            "<tr><td class=\"l\">{}</td><td>{}</td>{}<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td></tr>",
            esc(&iro_cell(caseload, k, i, hide)),
            i.trips,
            fig(
                "td",
                &format!("per_iro.{k}.miles"),
                t.miles,
                &fmt_int(t.miles)
            ),
            fmt_1(t.drive_hours),
            t.nights,
            fmt_gbp(t.mileage_cost),
            fmt_gbp(t.staff_cost),
            fmt_gbp(t.hotel_cost),
            fig(
                "td",
                &format!("per_iro.{k}.cost_total"),
                t.total(),
                &fmt_gbp(t.total())
            ),
            fmt_int(t.co2_kg),
        );
    }
    let _ = writeln!(
        h,
        "<tr><th class=\"l\">all</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></table></section>",
        fmt_int(s.trips as f64),
        fmt_int(s.miles),
        fmt_1(s.drive_hours),
        s.hotel_nights,
        fmt_gbp(s.cost_mileage),
        fmt_gbp(s.cost_staff),
        fmt_gbp(s.cost_hotel),
        fmt_gbp(s.cost_total),
        fmt_int(s.co2_kg),
    );
}

fn late_section(h: &mut String, s: &Summary, hide: bool) {
    let _ = write!(
        h,
        "<section><h2>Late reviews</h2><p>{} {} held after the due date{}</p>",
        fig(
            "span",
            "reviews_late",
            s.reviews_late as f64,
            &fmt_int(s.reviews_late as f64)
        ),
        if s.reviews_late == 1 {
            "review is"
        } else {
            "reviews are"
        },
        if s.reviews_late == 0 { "." } else { ":" }
    );
    if !s.late_reviews.is_empty() {
        h.push_str("<table><tr><th class=\"l\">child</th><th class=\"l\">IRO</th><th>review</th><th>due</th><th>held</th><th>days late</th><th class=\"l\">reason</th><th class=\"l\">suggested action</th></tr>");
        let iro_index: BTreeMap<&str, usize> = s
            .per_iro
            .iter()
            .enumerate()
            .map(|(k, i)| (i.iro_id.as_str(), k))
            .collect();
        for l in &s.late_reviews {
            let iro = if hide {
                iro_index
                    .get(l.iro_id.as_str())
                    .map(|k| format!("IRO {}", k + 1))
                    .unwrap_or_default()
            } else {
                l.iro_id.clone()
            };
            let _ = write!(
                h,
                "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td></tr>",
                if hide {
                    "(hidden)".to_string()
                } else {
                    esc(&l.child_id)
                },
                esc(&iro),
                l.review_number,
                l.due_date,
                l.date,
                l.days_late,
                l.reason.map_or("", |r| r.code()),
                esc(l.action.unwrap_or_default())
            );
        }
        h.push_str("</table>");
    }
    if !s.unscheduled_reviews.is_empty() {
        let _ = write!(
            h,
            "<p>{} {} could not be held inside the horizon under the hard rules (working week, day, absences):</p><table><tr><th class=\"l\">child</th><th>review</th><th>due</th><th class=\"l\">reason</th><th class=\"l\">suggested action</th></tr>",
            fig(
                "span",
                "reviews_unscheduled",
                s.reviews_unscheduled as f64,
                &fmt_int(s.reviews_unscheduled as f64)
            ),
            if s.reviews_unscheduled == 1 {
                "review"
            } else {
                "reviews"
            }
        );
        for u in s.unscheduled_reviews.iter().take(200) {
            let _ = write!(
                h,
                "<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td></tr>",
                if hide {
                    "(hidden)".to_string()
                } else {
                    esc(&u.child_id)
                },
                u.review_number,
                u.due_date,
                u.reason.code(),
                esc(u.action)
            );
        }
        h.push_str("</table>");
        if s.unscheduled_reviews.len() > 200 {
            let _ = write!(
                h,
                "<p class=\"note\">… and {} more in summary.json and reviews.csv.</p>",
                s.unscheduled_reviews.len() - 200
            );
        }
    }
    if !s.over_band.is_empty() {
        h.push_str("<p><strong>Over the caseload band:</strong> ");
        let items: Vec<String> = s
            .over_band
            .iter()
            .enumerate()
            .map(|(k, o)| {
                format!(
                    "{} holds {} (maximum {})",
                    if hide {
                        format!("post {}", k + 1)
                    } else {
                        esc(&o.iro_id)
                    },
                    o.children,
                    o.band_max
                )
            })
            .collect();
        h.push_str(&items.join("; "));
        h.push_str("</p>");
    }
    h.push_str("</section>\n");
}

fn workload_section(h: &mut String, s: &Summary) {
    let w = &s.workload;
    let t = &s.review_timing;
    let _ = write!(
        h,
        "<section><h2>The working week</h2><p>Every IRO-week holds its meetings, {} hours of admin per review and its driving within {}% of contracted hours (pro rata in weeks with leave or bank holidays); {}: {} IRO-weeks over; the fullest is at {}% of its hours and holds {} reviews. Reviews are held a median {} days before they are due ({} three weeks or more early). Each IRO's week by week hours are in <code>weeks.csv</code>.</p>",
        fmt_1(w.admin_hours_per_review),
        fmt_int(w.share_of_hours * 100.0),
        match w.admin_carry_weeks {
            0 => "each review's admin is done in its own week".to_string(),
            1 => "a review's admin may be written up the week after (back from a round away)"
                .to_string(),
            n => format!("a review's admin may be written up in the {n} weeks after"),
        },
        fig(
            "span",
            "workload.iro_weeks_over",
            w.iro_weeks_over as f64,
            &fmt_int(w.iro_weeks_over as f64)
        ),
        fmt_int(w.max_week_share * 100.0),
        w.max_reviews_in_a_week,
        fig(
            "span",
            "review_timing.median_days_early",
            t.median_days_early,
            &fmt_1(t.median_days_early)
        ),
        fmt_int(t.early_3_weeks_or_more as f64)
    );
    if !w.reviews_by_month.is_empty() {
        h.push_str("<table><tr><th class=\"l\">month</th>");
        for (m, _) in &w.reviews_by_month {
            let _ = write!(h, "<th>{}</th>", esc(m));
        }
        h.push_str("</tr><tr><td class=\"l\">reviews held</td>");
        for (_, n) in &w.reviews_by_month {
            let _ = write!(h, "<td>{n}</td>");
        }
        h.push_str("</tr></table>");
    }
    h.push_str("</section>\n");
}

/// The far areas: children `remote_hours` or more from every base (`overnight.remote_drive_hours`).
fn areas_section(h: &mut String, s: &Summary, remote_hours: f64, hide: bool) {
    if s.areas.is_empty() {
        return;
    }
    let f = &s.far;
    let _ = write!(
        h,
        "<section><h2>Far areas</h2><p>{} children live {} hours' drive or more from every IRO base (beyond a comfortable day trip), in {} areas. One IRO visits an area in rounds: a review there may be held up to {} working days early to join its round, so the area's reviews fall due together afterwards. {} far trips hold {} far reviews ({} a trip) over {} miles, and {} reviews in all with those met on the way ({} a trip); {} of them visit two areas or more.</p><table><tr><th class=\"l\">area</th><th>children</th><th class=\"l\">IROs</th><th>rounds</th><th>reviews</th><th>reviews a round</th><th>miles</th><th>hotel nights</th></tr>",
        fmt_int(f.children as f64),
        fmt_1(remote_hours),
        s.areas.len(),
        f.area_early_working_days,
        fmt_int(f.trips as f64),
        fmt_int(f.reviews as f64),
        fig(
            "span",
            "far.reviews_per_trip",
            f.reviews_per_trip,
            &fmt_1(f.reviews_per_trip)
        ),
        fig("span", "far.miles", f.miles, &fmt_int(f.miles)),
        fmt_int(f.reviews_on_trips as f64),
        fig(
            "span",
            "far.reviews_on_trips_per_trip",
            f.reviews_on_trips_per_trip,
            &fmt_1(f.reviews_on_trips_per_trip)
        ),
        fmt_int(f.multi_area_trips as f64),
    );
    for a in &s.areas {
        let iros = if hide {
            format!("{}", a.iros.len())
        } else {
            esc(&a.iros.join(", "))
        };
        let _ = write!(
            h,
            "<tr><td class=\"l\">{}</td><td>{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&a.name),
            a.children,
            iros,
            a.rounds,
            a.reviews,
            fmt_1(a.reviews_per_round),
            fmt_int(a.miles),
            fmt_1(a.nights)
        );
    }
    h.push_str("</table></section>\n");
}

fn cover_section(h: &mut String, s: &Summary, hide: bool) {
    if s.reviews_covered.is_empty() {
        return;
    }
    let mut by: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for c in &s.reviews_covered {
        *by.entry((c.cover, c.chair_iro_id.as_str())).or_default() += 1;
    }
    let _ = write!(
        h,
        "<section><h2>Cover</h2><p>{} reviews are chaired by someone other than the child's IRO (absence, or a week with no hours left); the child keeps its IRO.</p><table><tr><th class=\"l\">cover</th><th class=\"l\">chaired by</th><th>reviews</th></tr>",
        fmt_int(s.reviews_covered.len() as f64)
    );
    for (k, ((cover, chair), n)) in by.iter().enumerate() {
        let who = if chair.is_empty() {
            "agency IRO".to_string()
        } else if hide {
            format!("colleague {}", k + 1)
        } else {
            esc(chair)
        };
        let _ = write!(
            h,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td></tr>",
            esc(cover),
            who,
            n
        );
    }
    h.push_str("</table>");
    if s.cost_agency > 0.0 {
        let _ = write!(h, "<p>Agency cover costs {}.</p>", fmt_gbp(s.cost_agency));
    }
    h.push_str("</section>\n");
}

fn moves_section(h: &mut String, s: &Summary, hide: bool) {
    let _ = write!(
        h,
        "<section><h2>Children changing IRO</h2><p>{} children change IRO. Continuity comes first: a child moves only where a vacancy, the caseload band or reach requires it, or where optimised moves are allowed (<code>allocation.rebalance</code>).</p>",
        fig(
            "span",
            "children_moved",
            s.children_moved as f64,
            &fmt_int(s.children_moved as f64)
        )
    );
    if !s.moves.is_empty() {
        h.push_str("<table><tr><th class=\"l\">child</th><th class=\"l\">from</th><th class=\"l\">to</th><th class=\"l\">why</th><th>travel saved a year</th></tr>");
        for m in &s.moves {
            let reason = serde_json::to_value(m.reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = write!(
                h,
                "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td></tr>",
                if hide {
                    "(hidden)".to_string()
                } else {
                    esc(&m.child_id)
                },
                if hide {
                    "–".into()
                } else {
                    esc(&m.from_iro_id)
                },
                if hide {
                    "–".into()
                } else {
                    esc(&m.to_iro_id)
                },
                esc(&reason),
                fmt_gbp(m.saves_per_year)
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn monday_of_week() {
        assert_eq!(monday(d(2026, 12, 3)), d(2026, 11, 30));
        assert_eq!(monday(d(2026, 11, 30)), d(2026, 11, 30));
        assert_eq!(monday(d(2026, 12, 6)), d(2026, 11, 30));
    }

    #[test]
    fn figure_cells_carry_exact_values() {
        let c = fig("td", "cost_total", 1234.5678, "£1,235");
        assert_eq!(
            c,
            r#"<td data-figure="cost_total" data-value="1234.5678">£1,235</td>"#
        );
        let k = card("miles", 10.0, "10", "miles", "");
        assert!(
            k.contains(r#"<span class="v" data-figure="miles" data-value="10">10</span>"#),
            "{k}"
        );
    }

    #[test]
    fn snapping_coarsens_points() {
        let p = LatLon::new(50.7149, -2.4373).expect("valid");
        let q = snap(p, PUBLIC_GRID_DEG);
        assert!((q.lat() - 50.7).abs() < 1e-9);
        assert!((q.lon() + 2.4).abs() < 1e-9);
    }
}
