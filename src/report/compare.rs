//! The comparison (`compare`) and the candidate bases (`bases`): their terminal tables, the
//! decision paragraph a board can read, and their HTML reports.
//!
//! The decision paragraph is generated from the figures: every number in it is a
//! [`Part::Figure`] naming the `comparison.json` path it comes from, and the HTML carries that
//! path and the exact value (`data-figure="scenarios.2.saving.cost_travel"`), so a test can
//! check the paragraph says what `comparison.json` says.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::charts::{Bar, HBarChart, hbar_chart};
use super::html::{PAGE_END, card, page_start};
use super::map::{MapBase, MapCandidate, MapPlacement, MapSpec, candidates_overlap, render_map};
use super::svg::{esc, fmt_1, fmt_gbp, fmt_int};
use crate::scenario::bases::{BasesResult, Question};
use crate::scenario::figures::{FigureDef, Verdict};
use crate::scenario::holding::area_name;
use crate::scenario::levers::{PostChange, PostChangeKind};
use crate::scenario::{Comparison, ScenarioResult};

/// A figure's value as shown: whole numbers with thousands separators, or its decimals; a
/// minus sign (−) for a negative value.
pub fn fmt_figure(def: &FigureDef, v: f64) -> String {
    let text = if def.decimals == 0 {
        fmt_int(v.abs())
    } else {
        let s = format!("{:.*}", def.decimals, v.abs());
        match s.split_once('.') {
            Some((int, frac)) => format!("{}.{frac}", fmt_int(int.parse().unwrap_or(0.0))),
            None => s,
        }
    };
    let zero = text.chars().all(|c| !c.is_ascii_digit() || c == '0');
    if v < 0.0 && !zero {
        format!("−{text}")
    } else {
        text
    }
}

fn with_unit(def: &FigureDef, v: f64) -> String {
    match def.unit {
        "GBP" => {
            let s = fmt_figure(def, v);
            match s.strip_prefix('−') {
                Some(rest) => format!("−£{rest}"),
                None => format!("£{s}"),
            }
        }
        "%" => format!("{} %", fmt_figure(def, v)),
        _ => fmt_figure(def, v),
    }
}

fn baseline_heading(c: &Comparison) -> String {
    match &c.baseline_scenario {
        Some(b) => format!("baseline: {b}"),
        None => "baseline (today)".into(),
    }
}

/// The terminal table: a row per figure (its label and unit); per scenario its value, then for
/// the scenarios after the baseline the difference and whether it is better or worse; then the
/// savings, with their range, for money, miles, hours and CO2 only.
pub fn comparison_table(c: &Comparison) -> String {
    let label = |d: &FigureDef| {
        let unit = if d.unit == "GBP" { "£" } else { d.unit };
        format!("{} ({unit})", d.label)
    };
    let rows = c.rows();
    let n = c.scenarios.len();
    // Cells first (a header row, then a row per figure), so each column is as wide as it needs.
    let mut table: Vec<Vec<String>> = vec![
        std::iter::once("figure".to_string())
            .chain((0..n).map(|j| {
                if j == 0 {
                    baseline_heading(c)
                } else {
                    c.scenarios[j].name.clone()
                }
            }))
            .collect(),
    ];
    for row in &rows {
        let mut cells = vec![label(row.def)];
        for j in 0..n {
            let v = fmt_figure(row.def, row.values[j]);
            cells.push(if j == 0 {
                v
            } else {
                let d = row.differences[j];
                let plus = if d > 0.0 && row.verdicts[j] != Verdict::Same {
                    "+"
                } else {
                    ""
                };
                match row.verdicts[j].as_str() {
                    "" => format!("{v} ({plus}{})", fmt_figure(row.def, d)),
                    verdict => format!("{v} ({plus}{} {verdict})", fmt_figure(row.def, d)),
                }
            });
        }
        table.push(cells);
    }
    let mut savings: Vec<Vec<String>> = vec![
        std::iter::once("saving a year (baseline − scenario)".to_string())
            .chain(std::iter::once(String::new()))
            .chain(c.scenarios.iter().skip(1).map(|s| s.name.clone()))
            .collect(),
    ];
    for row in rows.iter().filter(|r| r.def.is_saving()) {
        let mut cells = vec![label(row.def), String::new()];
        for j in 1..n {
            let v = fmt_figure(row.def, row.savings[j].unwrap_or(0.0));
            cells.push(match row.ranges[j] {
                Some((lo, hi)) => format!(
                    "{v} [{} to {}]",
                    fmt_figure(row.def, lo),
                    fmt_figure(row.def, hi)
                ),
                None => v,
            });
        }
        savings.push(cells);
    }
    let width = |k: usize| {
        table
            .iter()
            .chain(&savings)
            .map(|r| r.get(k).map_or(0, |c| c.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..=n).map(width).collect();
    let render = |rows: &[Vec<String>]| -> String {
        let mut o = String::new();
        for r in rows {
            for (k, cell) in r.iter().enumerate() {
                let pad = widths[k].saturating_sub(cell.chars().count());
                if k == 0 {
                    o += &format!("{cell}{}", " ".repeat(pad));
                } else {
                    o += &format!("  {}{cell}", " ".repeat(pad));
                }
            }
            o = o.trim_end().to_string();
            o += "\n";
        }
        o
    };
    let mut o = render(&table);
    o += "(in brackets: scenario − baseline, and whether the scenario is better or worse)\n\n";
    o += &render(&savings);
    if c.scenarios.iter().any(|s| s.saving_range.is_some()) {
        o += "(in square brackets: the saving under low- and high-travel assumptions)\n";
    }
    for a in &c.assumptions {
        o += &format!("- {a}\n");
    }
    o
}

/// A piece of the decision paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Words.
    Text(String),
    /// A number, with the `comparison.json` path it comes from and its exact value.
    Figure {
        /// Path in `comparison.json`, e.g. `scenarios.2.saving.cost_travel`.
        path: String,
        /// The value at that path.
        value: f64,
        /// As shown (absolute where the words carry the sign).
        text: String,
    },
}

/// The decision paragraph as plain text.
pub fn decision_text(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.as_str(),
            Part::Figure { text, .. } => text.as_str(),
        })
        .collect()
}

fn place(p: &PostChange) -> String {
    area_name(p.base)
}

/// What the scenario does, as the subject of a sentence: "Filling the vacant post IRO05 in
/// Birmingham instead of Dorchester", or the scenario's name and description.
fn subject(c: &Comparison, s: &ScenarioResult) -> String {
    let own: Vec<&PostChange> = s.own_posts().collect();
    let base = &c.scenarios[0];
    let [p] = own.as_slice() else {
        return format!(
            "The scenario “{}” ({})",
            s.name,
            s.description.trim_end_matches('.')
        );
    };
    let instead = base
        .own_posts()
        .find(|b| b.iro_id == p.iro_id && b.kind == p.kind)
        .map(place);
    let what = match p.kind {
        PostChangeKind::Filled => format!("Filling the vacant post {} in {}", p.iro_id, place(p)),
        PostChangeKind::Added => format!("An additional {} h post in {}", p.hours, place(p)),
        PostChangeKind::Moved => format!("Moving {}'s base to {}", p.iro_id, place(p)),
        PostChangeKind::Removed => format!("Deleting the post {}", p.iro_id),
        PostChangeKind::Hours => format!("{} working {} hours a week", p.iro_id, p.hours),
    };
    match (instead, p.kind) {
        (Some(v), _) if v == place(p) => format!("{what}, as the baseline does,"),
        (Some(v), _) => format!("{what} instead of {v}"),
        (None, PostChangeKind::Filled) if c.baseline_scenario.is_none() => {
            format!("{what} (against leaving it vacant)")
        }
        _ => what,
    }
}

/// The year the figures are on: the projected one (only when projection is on) or today's
/// children.
fn which_year(c: &Comparison) -> String {
    if c.projected {
        format!(
            "the same projected year ({} arrivals, {} leavers)",
            c.projection.arrivals, c.projection.leavers
        )
    } else {
        "today's children (no projection of arrivals and leavers)".to_string()
    }
}

/// The decision paragraph under construction: words and figures of `comparison.json`.
struct Paragraph {
    parts: Vec<Part>,
}

impl Paragraph {
    fn text(&mut self, t: &str) -> &mut Self {
        self.parts.push(Part::Text(t.to_string()));
        self
    }

    /// The figure at `scenarios.<j>.<field>`, formatted as the figure its last key names —
    /// by magnitude when the words carry the sign, else signed.
    fn figure(&mut self, j: usize, field: &str, value: f64, signed: bool) -> &mut Self {
        let key = field.rsplit('.').next().unwrap_or(field);
        let text = match crate::scenario::figures::figure(key) {
            Some(d) => with_unit(d, if signed { value } else { value.abs() }),
            None => fmt_int(value),
        };
        self.parts.push(Part::Figure {
            path: format!("scenarios.{j}.{field}"),
            value,
            text,
        });
        self
    }

    /// "<scenario's figure> (baseline <baseline's figure>)".
    fn against_baseline(&mut self, c: &Comparison, k: usize, key: &str) -> &mut Self {
        let field = format!("figures.{key}");
        self.figure(k, &field, c.scenarios[k].figures.get(key), true)
            .text(" (baseline ")
            .figure(0, &field, c.scenarios[0].figures.get(key), true)
            .text(")")
    }
}

/// Who chairs the reviews the child's own IRO cannot: colleagues (by name, most first) and an
/// agency, each against the baseline; nothing when neither plan needs cover.
fn cover(p: &mut Paragraph, c: &Comparison, k: usize) {
    let (s, b) = (&c.scenarios[k].figures, &c.scenarios[0].figures);
    let any = |f: &crate::scenario::figures::Figures| {
        f.reviews_covered_colleague + f.reviews_covered_agency > 0
    };
    if !any(s) && !any(b) {
        return;
    }
    p.text(" Reviews a colleague chairs in cover: ")
        .against_baseline(c, k, "reviews_covered_colleague");
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    if let Some(plan) = &c.scenarios[k].plan {
        for r in &plan.summary.reviews_covered {
            if r.cover == "colleague" {
                *by.entry(r.chair_iro_id.as_str()).or_default() += 1;
            }
        }
    }
    let mut by: Vec<(&str, usize)> = by.into_iter().collect();
    by.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if !by.is_empty() {
        let who: Vec<String> = by.iter().map(|(i, n)| format!("{i} {n}")).collect();
        p.text(&format!(", chaired by {}", who.join(", ")));
    }
    p.text("; by an agency IRO: ")
        .against_baseline(c, k, "reviews_covered_agency")
        .text(".");
}

/// "less"/"fewer" for a saving, "more" for a cost: the words carry a part's sign.
fn less(v: f64, fewer: bool) -> &'static str {
    match (v >= 0.0, fewer) {
        (true, true) => " fewer",
        (true, false) => " less",
        (false, _) => " more",
    }
}

/// Where the post the scenario changes would stand: its children by area and nights away.
fn holding(p: &mut Paragraph, k: usize, h: &crate::scenario::holding::PostHolding) {
    use crate::scenario::holding::AREAS_LISTED;
    let mut areas: String = h
        .areas
        .iter()
        .take(AREAS_LISTED)
        .map(|a| format!("{} ({})", a.area, a.children))
        .collect::<Vec<_>>()
        .join(", ");
    let rest: usize = h.areas.iter().skip(AREAS_LISTED).map(|a| a.children).sum();
    if rest > 0 {
        areas += &format!(" and {rest} elsewhere");
    }
    p.text(&format!(
        " The {} IRO ({}) would hold ",
        h.base_area, h.iro_id
    ))
    .figure(k, "post.children", h.children as f64, false)
    .text(&format!(" children, in {areas}, with "))
    .figure(k, "post.nights", f64::from(h.nights), false)
    .text(" nights away.");
}

/// The decision paragraph of scenario `k` (k ≥ 1) against the baseline, from the figures:
/// what it does; the travel saved a year split into cash and staff time, and CO2; money apart
/// from travel and the all-in total, where any; children changing IRO; what the changed post
/// would hold; reviews on time; the range; what it assumes.
pub fn decision(c: &Comparison, k: usize) -> Vec<Part> {
    let s = &c.scenarios[k];
    let v = &s.saving;
    let mut p = Paragraph { parts: Vec::new() };
    let saves = v.cost_travel >= 0.0;
    p.text(&subject(c, s))
        .text(if saves { " saves " } else { " costs " })
        .figure(k, "saving.cost_travel", v.cost_travel, false)
        .text(if saves {
            " a year in travel ("
        } else {
            " a year more in travel ("
        })
        .figure(k, "saving.cost_travel_cash", v.cost_travel_cash, false)
        .text(&format!(
            "{} cash for mileage and hotels, ",
            less(v.cost_travel_cash, false)
        ))
        .figure(k, "saving.drive_hours", v.drive_hours, false)
        .text(&format!(
            "{} staff hours on the road, worth ",
            less(v.drive_hours, true)
        ))
        .figure(k, "saving.cost_staff", v.cost_staff, false)
        .text(if v.co2_t >= 0.0 {
            ") and saves "
        } else {
            ") and adds "
        })
        .figure(k, "saving.co2_t", v.co2_t, false)
        .text(" t CO2e a year.");
    let others: Vec<(&str, &str, f64)> = [
        ("cost_posts", "posts (salaries)", v.cost_posts),
        ("cost_placements", "placements", v.cost_placements),
        ("cost_agency", "agency cover", v.cost_agency),
    ]
    .into_iter()
    .filter(|(_, _, x)| x.abs() >= 0.5)
    .collect();
    if !others.is_empty() {
        p.text(" Apart from travel: ");
        for (n, (key, label, x)) in others.iter().enumerate() {
            p.text(if n > 0 { ", " } else { "" })
                .figure(k, &format!("saving.{key}"), *x, false)
                .text(&format!("{} on {label}", less(*x, false)));
        }
        let all_in = v.cost_total >= 0.0;
        p.text(if all_in {
            "; all-in it saves "
        } else {
            "; all-in it costs "
        })
        .figure(k, "saving.cost_total", v.cost_total, false)
        .text(if all_in { " a year." } else { " a year more." });
    }
    p.text(" Children changing IRO: ")
        .against_baseline(c, k, "children_moved")
        .text(".");
    if let Some(h) = &s.post {
        holding(&mut p, k, h);
    }
    p.text(" Reviews on time: ")
        .against_baseline(c, k, "on_time_pct")
        .text(".");
    cover(&mut p, c, k);
    if let Some(r) = &s.saving_range {
        p.text(" Under low- and high-travel assumptions the travel saving is ")
            .figure(k, "saving_range.low.cost_travel", r.low.cost_travel, true)
            .text(" to ")
            .figure(k, "saving_range.high.cost_travel", r.high.cost_travel, true)
            .text(" a year.");
    }
    if let Some(cl) = &s.caseload {
        let cfg = &cl.config;
        let year = which_year(c);
        p.text(&format!(
            " Assumes road miles {} × straight line at {} mph, {}p a mile, £{} an hour of staff time, £{} a hotel night, on {year}.",
            cfg.travel.road_factor,
            cfg.travel.mph,
            cfg.costs.mileage_per_mile * 100.0,
            cfg.costs.staff_per_hour,
            cfg.costs.hotel_per_night,
        ));
    }
    p.parts
}

fn decision_html(parts: &[Part]) -> String {
    let mut h = String::new();
    for p in parts {
        match p {
            Part::Text(t) => h += &esc(t),
            Part::Figure { path, value, text } => {
                let _ = write!(
                    h,
                    r#"<b data-figure="{}" data-value="{value}">{}</b>"#,
                    esc(path),
                    esc(text)
                );
            }
        }
    }
    h
}

fn verdict_cell(v: Verdict) -> String {
    match v {
        Verdict::Better => "<td class=\"l better\">better</td>".into(),
        Verdict::Worse => "<td class=\"l worse\">worse</td>".into(),
        Verdict::Same => "<td class=\"l same\">same</td>".into(),
        Verdict::Neither => "<td class=\"l\"></td>".into(),
    }
}

/// The comparison report of `compare`: the decision paragraph of every scenario, the
/// scenarios at a glance, each scenario's figures against the baseline (value, difference,
/// better or worse; saving and range for money, miles, hours and CO2), who changes IRO, and
/// what the figures assume. Figures of the at-a-glance table carry
/// `data-figure="scenario.<k>.<field>"` (k counts the scenarios after the baseline).
pub fn compare_html(c: &Comparison) -> String {
    let title = "What-if comparison";
    let mut h = page_start(title);
    let b = &c.scenarios[0];
    let summary = b.plan.as_ref().map(|p| &p.summary);
    let horizon = summary.map_or(String::new(), |s| {
        format!(
            "{} to {}: {} children, {} IROs in post, {} reviews. ",
            s.horizon_start,
            s.horizon_end,
            fmt_int(s.children as f64),
            s.iros_in_post,
            fmt_int(s.reviews as f64)
        )
    });
    let year = format!(
        "Savings are annual figures on {}, against the baseline.",
        which_year(c)
    );
    // Today's baseline has no description of its own beyond "today's posts and placements".
    let baseline = match &c.baseline_scenario {
        Some(n) => format!(
            "Baseline: the scenario {n}: {}",
            b.description.trim_end_matches('.')
        ),
        None => "Baseline: today's posts and placements".to_string(),
    };
    let _ = writeln!(
        h,
        "<header><h1>{title}</h1><p class=\"sub\">{}. {horizon}{year}</p></header>",
        esc(&baseline)
    );
    h.push_str("<section><h2>The decision</h2>");
    for k in 1..c.scenarios.len() {
        let _ = write!(
            h,
            "<h3>{}</h3><p class=\"decision\" data-scenario=\"{}\">{}</p>",
            esc(&c.scenarios[k].name),
            esc(&c.scenarios[k].name),
            decision_html(&decision(c, k))
        );
    }
    h.push_str("</section>\n");
    glance(&mut h, c);
    for k in 1..c.scenarios.len() {
        detail(&mut h, c, k);
        moves(&mut h, c, k);
    }
    h.push_str("<section><h2>What the figures assume</h2><ul>");
    for a in &c.assumptions {
        let _ = write!(h, "<li>{}</li>", esc(a));
    }
    if let Some(s) = summary {
        for a in &s.assumptions {
            let _ = write!(h, "<li>{}</li>", esc(a));
        }
    }
    h.push_str("</ul></section>\n");
    h += PAGE_END;
    h
}

/// The scenarios at a glance: a table and bar charts.
fn glance(h: &mut String, c: &Comparison) {
    let b = &c.scenarios[0];
    h.push_str("<section><h2>Scenarios at a glance</h2><div class=\"cards\">");
    h.push_str(&card(
        "baseline.cost_travel",
        b.figures.cost_travel,
        &fmt_gbp(b.figures.cost_travel),
        "baseline travel (cash + staff time) a year",
        "",
    ));
    h.push_str(&card(
        "baseline.miles",
        b.figures.miles,
        &fmt_int(b.figures.miles),
        "baseline road miles a year",
        "",
    ));
    h.push_str(&card(
        "baseline.co2_kg",
        b.figures.co2_t * 1000.0,
        &fmt_int(b.figures.co2_t * 1000.0),
        "baseline kg CO2e a year",
        "",
    ));
    h.push_str(&card(
        "baseline.on_time_pct",
        b.figures.on_time_pct,
        &format!("{} %", fmt_1(b.figures.on_time_pct)),
        "baseline reviews on time",
        "",
    ));
    h.push_str("</div>");
    h.push_str("<table><tr><th class=\"l\">scenario</th><th>travel saved<br>£ a year</th><th>range<br>(low–high travel)</th><th>of which cash<br>£</th><th>staff hours<br>saved</th><th>all-in saved<br>£ a year</th><th>all-in<br>£ a year</th><th>road miles</th><th>kg CO2e</th><th>on time %</th><th>children<br>moved</th></tr>");
    for (k, s) in c.scenarios.iter().skip(1).enumerate() {
        let cell = |field: &str, v: f64, text: String| {
            format!(
                r#"<td data-scenario="{}" data-figure="scenario.{k}.{field}" data-value="{v}">{}</td>"#,
                esc(&s.name),
                esc(&text)
            )
        };
        let range = s.saving_range.map_or("–".to_string(), |r| {
            format!(
                "{} to {}",
                fmt_gbp(r.low.cost_travel),
                fmt_gbp(r.high.cost_travel)
            )
        });
        let _ = write!(
            h,
            "<tr><td class=\"l\">{}</td>{}<td class=\"nw\">{}</td>{}{}{}{}{}{}{}<td>{}</td></tr>",
            esc(&s.name),
            cell(
                "saving_travel",
                s.saving.cost_travel,
                fmt_gbp(s.saving.cost_travel)
            ),
            esc(&range),
            cell(
                "saving_cash",
                s.saving.cost_travel_cash,
                fmt_gbp(s.saving.cost_travel_cash)
            ),
            cell(
                "saving_drive_hours",
                s.saving.drive_hours,
                fmt_int(s.saving.drive_hours)
            ),
            cell("saving", s.saving.cost_total, fmt_gbp(s.saving.cost_total)),
            cell(
                "cost_total",
                s.figures.cost_total,
                fmt_gbp(s.figures.cost_total)
            ),
            cell("miles", s.figures.miles, fmt_int(s.figures.miles)),
            cell(
                "co2_kg",
                s.figures.co2_t * 1000.0,
                fmt_int(s.figures.co2_t * 1000.0)
            ),
            cell(
                "on_time_pct",
                s.figures.on_time_pct,
                fmt_1(s.figures.on_time_pct)
            ),
            fmt_int(s.figures.children_moved as f64),
        );
    }
    h.push_str("</table><p class=\"note\">Travel = cash (mileage + hotels) + staff time on the road. All-in adds posts (salaries), placements and agency cover; placements never enter travel.</p>");
    let named = |f: &dyn Fn(&ScenarioResult) -> f64| -> Vec<Bar> {
        c.scenarios
            .iter()
            .skip(1)
            .enumerate()
            .map(|(k, s)| Bar {
                label: s.name.clone(),
                value: f(s),
                colour: Some(k),
            })
            .collect()
    };
    let whiskers: Vec<(f64, f64)> = c
        .scenarios
        .iter()
        .skip(1)
        .map(|s| {
            s.saving_range
                .map_or((s.saving.cost_travel, s.saving.cost_travel), |r| {
                    (r.low.cost_travel, r.high.cost_travel)
                })
        })
        .collect();
    let saving = hbar_chart(&HBarChart {
        title: "Travel saved against the baseline, £ a year",
        bars: &named(&|s| s.saving.cost_travel),
        band: None,
        fmt: fmt_gbp,
        signed_colours: true,
        whiskers: &whiskers,
    });
    let with_base = |f: &dyn Fn(&ScenarioResult) -> f64| -> Vec<Bar> {
        let mut v = vec![Bar {
            label: "baseline".into(),
            value: f(b),
            colour: None,
        }];
        v.extend(named(f));
        v
    };
    let plain = |title: &str, f: &dyn Fn(&ScenarioResult) -> f64, fmt: fn(f64) -> String| {
        hbar_chart(&HBarChart {
            title,
            bars: &with_base(f),
            band: None,
            fmt,
            signed_colours: false,
            whiskers: &[],
        })
    };
    let travel = plain(
        "Travel (cash + staff time), £ a year",
        &|s| s.figures.cost_travel,
        fmt_gbp,
    );
    let miles = plain("Road miles a year", &|s| s.figures.miles, fmt_int);
    let on_time = plain("Reviews on time, %", &|s| s.figures.on_time_pct, |v| {
        format!("{v:.1}%")
    });
    let _ = writeln!(
        h,
        "<figure class=\"chart\">{saving}<figcaption>Travel saved against the baseline (green: cheaper; red: dearer); the whisker is the range under low- and high-travel assumptions.</figcaption></figure><figure class=\"chart\">{travel}<figcaption>Travel cost a year: mileage, hotels and staff time on the road.</figcaption></figure><figure class=\"chart\">{miles}<figcaption>Road miles a year.</figcaption></figure><figure class=\"chart\">{on_time}<figcaption>Share of reviews on time.</figcaption></figure></section>"
    );
}

/// One scenario's figures against the baseline.
fn detail(h: &mut String, c: &Comparison, k: usize) {
    let s = &c.scenarios[k];
    let _ = write!(
        h,
        "<section><h2>{} against the baseline</h2><p class=\"sub\">{}</p><table><tr><th class=\"l\">figure</th><th class=\"l\">unit</th><th>baseline</th><th>{}</th><th>difference</th><th class=\"l\">better or worse</th><th>saving a year</th><th>range (low–high travel)</th></tr>",
        esc(&s.name),
        esc(&s.description),
        esc(&s.name)
    );
    for row in c.rows() {
        let d = row.def;
        let unit = if d.unit == "GBP" { "£ a year" } else { d.unit };
        let diff = row.differences[k];
        let plus = if diff > 0.0 && row.verdicts[k] != Verdict::Same {
            "+"
        } else {
            ""
        };
        let saving = row.savings[k].map_or(String::new(), |v| fmt_figure(d, v));
        let range = row.ranges[k].map_or(String::new(), |(lo, hi)| {
            format!("{} to {}", fmt_figure(d, lo), fmt_figure(d, hi))
        });
        let _ = write!(
            h,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{plus}{}</td>{}<td>{}</td><td class=\"nw\">{}</td></tr>",
            esc(d.label),
            esc(unit),
            fmt_figure(d, row.values[0]),
            fmt_figure(d, row.values[k]),
            fmt_figure(d, diff),
            verdict_cell(row.verdicts[k]),
            saving,
            range
        );
    }
    h.push_str("</table><p class=\"note\">Difference = scenario − baseline; saving = baseline − scenario, given for money, miles, hours and CO2 only.</p></section>\n");
}

/// Who changes IRO in scenario `k`.
fn moves(h: &mut String, c: &Comparison, k: usize) {
    let s = &c.scenarios[k];
    let (Some(r), Some(cl)) = (&s.plan, &s.caseload) else {
        return;
    };
    let m = &r.summary.moves;
    let _ = write!(
        h,
        "<section><h2>Who changes IRO: {}</h2><p>{} children change IRO; a child moves only where a vacancy, the caseload band or reach requires it, or where optimised moves are allowed.</p>",
        esc(&s.name),
        fmt_int(m.len() as f64)
    );
    if !m.is_empty() {
        h.push_str("<table><tr><th class=\"l\">child</th><th class=\"l\">placed near</th><th class=\"l\">from</th><th class=\"l\">to</th><th class=\"l\">why</th><th>travel saved a year</th></tr>");
        for mv in m {
            let area = cl
                .children
                .iter()
                .find(|ch| ch.external_id == mv.child_id)
                .map_or(String::new(), |ch| area_name(ch.location));
            let reason = serde_json::to_value(mv.reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = write!(
                h,
                "<tr><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td class=\"l\">{}</td><td>{}</td></tr>",
                esc(&mv.child_id),
                esc(&area),
                esc(&mv.from_iro_id),
                esc(&mv.to_iro_id),
                esc(&reason),
                fmt_gbp(mv.saves_per_year)
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>\n");
}

/// The terminal table of `bases`.
pub fn bases_table(r: &BasesResult) -> String {
    let names: Vec<String> = r
        .rows
        .iter()
        .map(|row| {
            if row.included {
                format!("{} (named)", row.name)
            } else {
                row.name.clone()
            }
        })
        .collect();
    let w = names
        .iter()
        .map(|n| n.chars().count())
        .chain(std::iter::once("candidate base".len()))
        .max()
        .unwrap_or(0)
        + 1;
    let mut o = format!(
        "{:>4}  {:<w$}{:>12} {:>23} {:>11} {:>12} {:>23} {:>11}  {}\n",
        "rank",
        "candidate base",
        "travel £",
        "range (low–high travel)",
        "salary £",
        "net £",
        "net range",
        "miles",
        "tied?"
    );
    for (row, name) in r.rows.iter().zip(&names) {
        let (nlo, nhi) = row.net_range();
        o += &format!(
            "{:>4}  {:<w$}{:>12} {:>23} {:>11} {:>12} {:>23} {:>11}  {}\n",
            row.rank,
            name,
            fmt_gbp(row.travel()),
            format!(
                "{} to {}",
                fmt_gbp(row.saving_range.low.cost_travel),
                fmt_gbp(row.saving_range.high.cost_travel)
            ),
            fmt_gbp(row.salary),
            fmt_gbp(row.net()),
            format!("{} to {}", fmt_gbp(nlo), fmt_gbp(nhi)),
            fmt_int(row.saving.miles),
            if row.tied { "tied with #1" } else { "" }
        );
    }
    o += &format!("savings a year against {}.\n", r.comparator);
    o += &robustness(r);
    o += "\n";
    o
}

/// Whether the ranking is robust, in a sentence.
fn robustness(r: &BasesResult) -> String {
    let tied: Vec<&str> = r
        .rows
        .iter()
        .filter(|x| x.tied)
        .map(|x| x.name.as_str())
        .collect();
    let tied = tied.join("; ");
    let n = r.rows.iter().filter(|x| x.tied).count();
    match (r.rows.first(), n == 0) {
        (None, _) => "No candidate was planned.".into(),
        (Some(lead), true) => format!(
            "The ranking is robust: no other candidate's range overlaps {}'s.",
            lead.name
        ),
        (Some(lead), false) => not_robust(n, r.rows.len(), &lead.name, &tied),
    }
}

/// `n` of `of` candidates tie with the leader `lead` (their names `tied`), in a sentence.
fn not_robust(n: usize, of: usize, lead: &str, tied: &str) -> String {
    let (has, they) = if n == 1 {
        ("has", "it is")
    } else {
        ("have", "they are")
    };
    format!(
        "The ranking is not robust: {n} of the {of} candidates {has} a range overlapping {lead}'s ({tied}), so {they} tied with it under the travel assumptions' uncertainty."
    )
}

/// The `bases` report: the candidates planned in full, ranked by net saving, on a map of the
/// placements and today's IRO bases, with a table of travel saved (and its range), salary,
/// net saving (and its range) and ties. Figures carry `data-figure="candidate.<k>.<field>"`.
pub fn bases_html(r: &BasesResult, caseload: &crate::domain::Caseload) -> String {
    let title = match &r.question {
        Question::Vacancy { id } => format!("Where should the vacant post {id} be based?"),
        Question::Additional { .. } => "Where should an additional IRO be based?".to_string(),
    };
    let mut spec = MapSpec {
        title: "Candidate IRO bases".into(),
        ..Default::default()
    };
    for c in &caseload.children {
        spec.placements.push(MapPlacement {
            at: c.location,
            colour: c.current_iro.map_or(6, |i| i.idx()),
        });
    }
    // IROs sharing a base share one square and one label.
    let mut bases: Vec<(crate::domain::LatLon, usize, Vec<String>)> = Vec::new();
    for iro in caseload.iro_ids() {
        let i = caseload.iro(iro);
        if i.vacant {
            continue;
        }
        match bases.iter_mut().find(|(p, _, _)| *p == i.base) {
            Some((_, _, ids)) => ids.push(i.external_id.clone()),
            None => bases.push((i.base, iro.idx(), vec![i.external_id.clone()])),
        }
    }
    for (at, colour, ids) in bases {
        spec.bases.push(MapBase {
            at,
            colour,
            label: ids.join(", "),
        });
    }
    for row in &r.rows {
        spec.candidates.push(MapCandidate {
            at: row.point,
            rank: row.rank,
            label: row.name.split(',').next().unwrap_or(&row.name).to_string(),
        });
    }
    // Candidates too close to tell apart on the whole map get a close-up of their own.
    let close_up = if candidates_overlap(&spec) {
        let close = MapSpec {
            title: "Candidate IRO bases, close up".into(),
            close_up: true,
            ..spec.clone()
        };
        format!(
            "<figure class=\"bigmap\">{}<figcaption>Close-up of the shortlist: the numbered discs overlap on the whole map above.</figcaption></figure>",
            render_map(&close)
        )
    } else {
        String::new()
    };
    let mut h = page_start(&title);
    let _ = write!(
        h,
        "<header><h1>{}</h1><p class=\"sub\">{} candidates screened; the best {} planned in full with the same model as <code>compare</code>, each against {}. {} children, {} IROs in post.</p><p class=\"{}\">{}</p></header><section><div class=\"stack\"><figure class=\"bigmap\">{}<figcaption>Black numbered discs: candidate bases by rank (names in the table); the best is drawn on top. Squares: today's IRO bases. Dots: placements, coloured by current IRO (grey: none).</figcaption></figure>{close_up}<div>",
        esc(&title),
        fmt_int(r.screened as f64),
        r.rows.len(),
        esc(&r.comparator),
        fmt_int(caseload.children.len() as f64),
        caseload.iros.iter().filter(|i| !i.vacant).count(),
        if r.robust { "sub" } else { "warn" },
        esc(&robustness(r)),
        render_map(&spec)
    );
    h.push_str("<table class=\"bases\"><tr><th>rank</th><th class=\"l\">candidate base</th><th>travel saved<br>£ a year</th><th>range<br>(low–high travel)</th><th>salary with<br>on-costs £</th><th>net saved<br>£ a year</th><th>net range</th><th>road miles<br>saved</th><th class=\"l\">tied with #1?</th></tr>");
    for (k, row) in r.rows.iter().enumerate() {
        let cell = |field: &str, v: f64, text: String| {
            format!(
                r#"<td data-figure="candidate.{k}.{field}" data-value="{v}">{}</td>"#,
                esc(&text)
            )
        };
        let (nlo, nhi) = row.net_range();
        let salary = if row.salary == 0.0 {
            "budgeted".to_string()
        } else {
            fmt_gbp(row.salary)
        };
        let _ = write!(
            h,
            "<tr{}><td>{}</td><td class=\"l\">{}{}</td>{}<td class=\"nw\">{} to {}</td>{}{}<td class=\"nw\">{} to {}</td>{}<td class=\"l\">{}</td></tr>",
            if row.tied { " class=\"tie\"" } else { "" },
            row.rank,
            esc(&row.name),
            if row.included { " (named)" } else { "" },
            cell("saving", row.travel(), fmt_gbp(row.travel())),
            fmt_gbp(row.saving_range.low.cost_travel),
            fmt_gbp(row.saving_range.high.cost_travel),
            cell("salary", row.salary, salary),
            cell("net", row.net(), fmt_gbp(row.net())),
            fmt_gbp(nlo),
            fmt_gbp(nhi),
            cell("miles", row.saving.miles, fmt_int(row.saving.miles)),
            if row.tied { "tied" } else { "" }
        );
    }
    h.push_str("</table><p class=\"note\">Travel = mileage + hotels + staff time on the road. Net = all-in: travel less the post's salary with on-costs (a budgeted vacancy adds none) and any change in agency cover. Ranges: every plan made again under low- and high-travel assumptions (speed, road factor, early window, rates); a candidate whose net range overlaps the leader's is tied with it.</p></div></div></section>\n");
    h += PAGE_END;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_shown_with_separators_and_a_minus() {
        let money = crate::scenario::figures::figure("cost_total").expect("known");
        assert_eq!(fmt_figure(money, 19_247.4), "19,247");
        assert_eq!(fmt_figure(money, -2_251_522.0), "−2,251,522");
        assert_eq!(fmt_figure(money, -0.2), "0");
        assert_eq!(with_unit(money, -120.0), "−£120");
        let co2 = crate::scenario::figures::figure("co2_t").expect("known");
        assert_eq!(fmt_figure(co2, 4.04), "4.0");
        assert_eq!(fmt_figure(co2, 1234.56), "1,234.6");
    }

    #[test]
    fn a_tie_of_one_candidate_is_singular() {
        assert_eq!(
            not_robust(1, 2, "Taunton", "Exeter"),
            "The ranking is not robust: 1 of the 2 candidates has a range overlapping Taunton's (Exeter), so it is tied with it under the travel assumptions' uncertainty."
        );
        assert!(not_robust(2, 5, "A", "B; C").contains(
            "2 of the 5 candidates have a range overlapping A's (B; C), so they are tied"
        ));
    }

    #[test]
    fn decision_text_joins_words_and_figures() {
        let parts = vec![
            Part::Text("saves ".into()),
            Part::Figure {
                path: "scenarios.1.saving.cost_travel".into(),
                value: 10.0,
                text: "£10".into(),
            },
            Part::Text(" a year".into()),
        ];
        assert_eq!(decision_text(&parts), "saves £10 a year");
    }
}
