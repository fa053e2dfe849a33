//! Levers: each one edits a copy of the baseline caseload.
//!
//! A removed post becomes vacant rather than disappearing, so the `IroId`s held by children and
//! absences stay valid. Placement levers record their weekly placement cost change, and post
//! levers their salary change, so the comparison can put them next to the travel figures.

use chrono::NaiveDate;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_pcg::Pcg64;
use serde::Deserialize;

use super::Scenario;
use crate::domain::{Absence, Caseload, Iro, IroId, LatLon, PlacementType, WeekdaySet};
use crate::error::{Error, InputError, Result};
use crate::geo::{Gazetteer, TravelModel};

/// Which children `remove_children` takes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RemoveRule {
    /// External placements first (dearest), farthest first among them.
    #[default]
    ExternalFirst,
    /// Farthest from the council's IRO bases first.
    FurthestFirst,
    /// A seeded random choice.
    Random,
}

/// A date written either as a TOML date (`2027-01-04`) or a string (`"2027-01-04"`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum DateText {
    /// A quoted date.
    Text(String),
    /// A TOML date literal.
    Toml(toml::value::Datetime),
}

impl DateText {
    fn date(&self) -> std::result::Result<NaiveDate, String> {
        let s = match self {
            DateText::Text(s) => s.clone(),
            DateText::Toml(d) => d.to_string(),
        };
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("date '{s}'"))
    }
}

/// One lever of a scenario (`[[lever]] kind = "…"`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Lever {
    /// An additional post: it carries its salary with on-costs.
    AddIro {
        /// New IRO id (must be new).
        id: String,
        /// Base: postcode, district, place name, or `lat,lon`.
        base: String,
        /// Contracted hours a week (default: one FTE).
        hours: Option<f64>,
        /// Working days, e.g. `Mon,Tue,Wed` (default Mon–Fri).
        working_days: Option<String>,
        /// May stay away overnight (default true).
        overnight: Option<bool>,
    },
    /// A post is deleted (becomes vacant; its salary is saved).
    RemoveIro {
        /// IRO id.
        id: String,
    },
    /// An IRO works from another base.
    MoveIro {
        /// IRO id.
        id: String,
        /// New base.
        base: String,
    },
    /// An IRO's contracted hours change (the salary change is counted pro rata).
    ChangeHours {
        /// IRO id.
        id: String,
        /// New hours a week.
        hours: f64,
    },
    /// A vacant, budgeted post is filled (no additional salary), optionally at another base.
    FillVacancy {
        /// IRO id of the vacancy.
        id: String,
        /// Base of the filled post (default: the vacancy's base).
        base: Option<String>,
        /// Hours of the filled post (default: the vacancy's).
        hours: Option<f64>,
    },
    /// Fewer looked-after children (e.g. Dorset's "reduce to around 400").
    RemoveChildren {
        /// How many (or give `ids`).
        count: Option<u32>,
        /// Which first.
        #[serde(default)]
        rule: RemoveRule,
        /// Seed for `random`.
        seed: Option<u64>,
        /// Exactly these children.
        ids: Option<Vec<String>>,
    },
    /// Out-of-area placements brought back into the council.
    BringHome {
        /// How many, farthest first.
        count: u32,
        /// Towns or postcodes to place them in, in turn; default the nearest in-area sector.
        to: Option<Vec<String>>,
    },
    /// Virtual-review policy.
    ReviewMode {
        /// Reviews at least this many road miles from the IRO's base may be virtual.
        virtual_over_miles: Option<f64>,
        /// Only every other review virtual.
        alternate: Option<bool>,
    },
    /// Caseload band per FTE.
    CaseloadBand {
        /// Minimum children per FTE.
        min: f64,
        /// Maximum children per FTE.
        max: f64,
    },
    /// IROs away for a period (inclusive).
    Absence {
        /// IRO ids.
        iros: Vec<String>,
        /// First day away.
        from: DateText,
        /// Last day away.
        to: DateText,
    },
    /// Continuity budget for reallocation.
    Continuity {
        /// Most children that may change IRO.
        max_changes: Option<u32>,
        /// £ a year per child moved.
        cost: Option<f64>,
        /// Optimised moves beyond the required ones: a number or `"all"`.
        rebalance: Option<crate::config::Rebalance>,
    },
    /// A shared service: another council's data folder merged in.
    Merge {
        /// Data folder (relative to the scenario file).
        data: String,
    },
}

impl Lever {
    /// Every lever kind, as written in `kind = "…"`.
    pub const KINDS: &'static [&'static str] = &[
        "add_iro",
        "remove_iro",
        "move_iro",
        "change_hours",
        "fill_vacancy",
        "remove_children",
        "bring_home",
        "review_mode",
        "caseload_band",
        "absence",
        "continuity",
        "merge",
    ];

    /// The kind, as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Lever::AddIro { .. } => "add_iro",
            Lever::RemoveIro { .. } => "remove_iro",
            Lever::MoveIro { .. } => "move_iro",
            Lever::ChangeHours { .. } => "change_hours",
            Lever::FillVacancy { .. } => "fill_vacancy",
            Lever::RemoveChildren { .. } => "remove_children",
            Lever::BringHome { .. } => "bring_home",
            Lever::ReviewMode { .. } => "review_mode",
            Lever::CaseloadBand { .. } => "caseload_band",
            Lever::Absence { .. } => "absence",
            Lever::Continuity { .. } => "continuity",
            Lever::Merge { .. } => "merge",
        }
    }
}

/// A caseload after a scenario's levers, with the costs the levers carry themselves.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The changed caseload.
    pub caseload: Caseload,
    /// Change in placement cost, £ a week (negative = saving).
    pub placement_weekly_change: f64,
    /// Change in salary of posts with on-costs, £ a year (additional posts, removed posts,
    /// changed hours; a filled vacancy is already budgeted and counts nothing).
    pub posts_annual_change: f64,
    /// What each lever did, in words (for the report; ids only).
    pub notes: Vec<String>,
}

/// Upper bound on contracted hours a week (the Working Time Regulations' 48 h plus overtime).
const MAX_HOURS: f64 = 60.0;

struct Ctx<'a> {
    scenario: &'a Scenario,
    errors: Vec<InputError>,
}

impl Ctx<'_> {
    fn err(&mut self, i: usize, lever: &Lever, problem: String, expected: &str) {
        self.errors.push(InputError {
            file: self.scenario.source.clone(),
            line: self.scenario.lever_lines.get(i).copied().flatten(),
            column: Some(format!("lever {} ({})", i + 1, lever.kind())),
            problem,
            expected: (!expected.is_empty()).then(|| expected.to_string()),
        });
    }
}

fn weekly_cost(c: &crate::config::Placements, t: Option<PlacementType>) -> f64 {
    match t {
        Some(PlacementType::Internal) => c.internal_weekly,
        Some(PlacementType::External) => c.external_weekly,
        None => 0.0,
    }
}

/// The council's local-authority code: the one holding most in-post IRO bases.
pub fn home_la_code(caseload: &Caseload) -> Option<String> {
    let g = Gazetteer::bundled();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for i in caseload.iros.iter().filter(|i| !i.vacant) {
        if let Some((s, _)) = g.nearest_sector(i.base) {
            *counts.entry(s.la_code.clone()).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}

/// Road miles from a point to the nearest in-post IRO base.
fn miles_to_nearest_base(caseload: &Caseload, travel: &TravelModel, p: LatLon) -> f64 {
    caseload
        .iros
        .iter()
        .filter(|i| !i.vacant)
        .map(|i| travel.miles(i.base, p))
        .fold(f64::INFINITY, f64::min)
}

fn valid_hours(h: f64) -> bool {
    h.is_finite() && h > 0.0 && h <= MAX_HOURS
}

/// Applies a scenario's levers, in order, to a copy of `baseline`.
///
/// # Errors
/// [`Error::Input`] with every lever problem (file, line, lever index and kind, value, expected).
pub fn apply(scenario: &Scenario, baseline: &Caseload) -> Result<Applied> {
    let g = Gazetteer::bundled();
    let mut cl = baseline.clone();
    let mut ctx = Ctx {
        scenario,
        errors: Vec::new(),
    };
    let mut placement_weekly_change = 0.0;
    let mut posts_annual_change = 0.0;
    let mut notes = Vec::new();
    let resolve = |text: &str| resolve_base(g, text);
    for (i, lever) in scenario.levers.iter().enumerate() {
        let fte_hours = cl.config.caseload.fte_hours;
        let salary = cl.config.costs.iro_salary_with_oncosts;
        let find = |cl: &Caseload, id: &str| cl.iro_by_external(id);
        let known_ids = |cl: &Caseload| {
            cl.iros
                .iter()
                .map(|i| i.external_id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match lever {
            Lever::AddIro {
                id,
                base,
                hours,
                working_days,
                overnight,
            } => {
                let hours = hours.unwrap_or(fte_hours);
                let mut ok = true;
                if find(&cl, id).is_some() || id.trim().is_empty() {
                    ctx.err(
                        i,
                        lever,
                        format!("id '{id}' already exists or is empty"),
                        "a new IRO id",
                    );
                    ok = false;
                }
                if !valid_hours(hours) {
                    ctx.err(
                        i,
                        lever,
                        format!("hours {hours}"),
                        "hours a week above 0 and at most 60",
                    );
                    ok = false;
                }
                let days = match working_days.as_deref().map(WeekdaySet::parse) {
                    None => WeekdaySet::MON_FRI,
                    Some(Ok(d)) => d,
                    Some(Err(tok)) => {
                        ctx.err(
                            i,
                            lever,
                            format!("working_days: unknown day '{tok}'"),
                            "days like Mon,Tue,Wed",
                        );
                        ok = false;
                        WeekdaySet::MON_FRI
                    }
                };
                match resolve(base) {
                    Ok(r) if ok => {
                        cl.iros.push(Iro {
                            external_id: id.clone(),
                            base: r.point,
                            base_label: r.label.clone(),
                            hours_per_week: hours,
                            working_days: days,
                            max_caseload: None,
                            overnight: overnight.unwrap_or(true),
                            vacant: false,
                            council: None,
                        });
                        posts_annual_change += hours / fte_hours * salary;
                        notes.push(format!("added IRO {id} at {} ({hours} h)", r.label));
                    }
                    Ok(_) => {}
                    Err(e) => ctx.err(
                        i,
                        lever,
                        format!("base: {e}"),
                        "a postcode, district or place name",
                    ),
                }
            }
            Lever::RemoveIro { id } => match find(&cl, id) {
                Some(k) => {
                    let iro = &mut cl.iros[k.idx()];
                    if !iro.vacant {
                        posts_annual_change -= iro.hours_per_week / fte_hours * salary;
                    }
                    iro.vacant = true;
                    notes.push(format!("removed IRO {id}"));
                }
                None => ctx.err(
                    i,
                    lever,
                    format!("unknown IRO id '{id}'"),
                    &format!("one of {}", known_ids(&cl)),
                ),
            },
            Lever::MoveIro { id, base } => match (find(&cl, id), resolve(base)) {
                (Some(k), Ok(r)) => {
                    let iro = &mut cl.iros[k.idx()];
                    iro.base = r.point;
                    iro.base_label = r.label.clone();
                    notes.push(format!("moved IRO {id} to {}", r.label));
                }
                (k, r) => {
                    if k.is_none() {
                        ctx.err(
                            i,
                            lever,
                            format!("unknown IRO id '{id}'"),
                            &format!("one of {}", known_ids(&cl)),
                        );
                    }
                    if let Err(e) = r {
                        ctx.err(
                            i,
                            lever,
                            format!("base: {e}"),
                            "a postcode, district or place name",
                        );
                    }
                }
            },
            Lever::ChangeHours { id, hours } => {
                if !valid_hours(*hours) {
                    ctx.err(
                        i,
                        lever,
                        format!("hours {hours}"),
                        "hours a week above 0 and at most 60",
                    );
                }
                match find(&cl, id) {
                    Some(k) if valid_hours(*hours) => {
                        let iro = &mut cl.iros[k.idx()];
                        if !iro.vacant {
                            posts_annual_change +=
                                (hours - iro.hours_per_week) / fte_hours * salary;
                        }
                        iro.hours_per_week = *hours;
                        notes.push(format!("IRO {id} works {hours} h a week"));
                    }
                    Some(_) => {}
                    None => ctx.err(
                        i,
                        lever,
                        format!("unknown IRO id '{id}'"),
                        &format!("one of {}", known_ids(&cl)),
                    ),
                }
            }
            Lever::FillVacancy { id, base, hours } => {
                let place = base.as_deref().map(resolve);
                if let Some(h) = hours.filter(|h| !valid_hours(*h)) {
                    ctx.err(
                        i,
                        lever,
                        format!("hours {h}"),
                        "hours a week above 0 and at most 60",
                    );
                }
                match find(&cl, id) {
                    Some(k) if cl.iro(k).vacant => {
                        let iro = &mut cl.iros[k.idx()];
                        match place {
                            Some(Ok(r)) => {
                                iro.base = r.point;
                                iro.base_label = r.label;
                            }
                            Some(Err(e)) => ctx.err(
                                i,
                                lever,
                                format!("base: {e}"),
                                "a postcode, district or place name",
                            ),
                            None => {}
                        }
                        if let Some(h) = hours.filter(|h| valid_hours(*h)) {
                            iro.hours_per_week = h;
                        }
                        iro.vacant = false;
                        notes.push(format!("filled vacancy {id} at {}", iro.base_label));
                    }
                    Some(_) => ctx.err(
                        i,
                        lever,
                        format!("IRO '{id}' is not a vacant post"),
                        "the id of a vacancy (vacant = true)",
                    ),
                    None => ctx.err(
                        i,
                        lever,
                        format!("unknown IRO id '{id}'"),
                        &format!("one of {}", known_ids(&cl)),
                    ),
                }
            }
            Lever::RemoveChildren {
                count,
                rule,
                seed,
                ids,
            } => {
                let chosen = choose_removals(&cl, *count, *rule, *seed, ids.as_deref());
                match chosen {
                    Ok(set) => {
                        for &c in &set {
                            placement_weekly_change -=
                                weekly_cost(&cl.config.placements, cl.children[c].placement_type);
                        }
                        let n = set.len();
                        let mut keep = vec![true; cl.children.len()];
                        for c in set {
                            keep[c] = false;
                        }
                        let mut k = keep.iter();
                        cl.children.retain(|_| *k.next().unwrap_or(&true));
                        notes.push(format!("removed {n} children"));
                    }
                    Err((p, e)) => ctx.err(i, lever, p, &e),
                }
            }
            Lever::BringHome { count, to } => match bring_home(&mut cl, *count, to.as_deref()) {
                Ok((weekly, n)) => {
                    placement_weekly_change += weekly;
                    notes.push(format!("brought {n} children home"));
                }
                Err((p, e)) => ctx.err(i, lever, p, &e),
            },
            Lever::ReviewMode {
                virtual_over_miles,
                alternate,
            } => {
                if let Some(m) = virtual_over_miles {
                    if !(m.is_finite() && *m >= 0.0) {
                        ctx.err(i, lever, format!("virtual_over_miles {m}"), "miles ≥ 0");
                    } else {
                        cl.config.virtual_reviews.over_miles = Some(*m);
                    }
                }
                if let Some(a) = alternate {
                    cl.config.virtual_reviews.alternate = *a;
                }
                notes.push("review-mode policy changed".into());
            }
            Lever::CaseloadBand { min, max } => {
                if !(min.is_finite() && max.is_finite() && *min >= 0.0 && min <= max && *max > 0.0)
                {
                    ctx.err(
                        i,
                        lever,
                        format!("band {min}–{max}"),
                        "0 ≤ min ≤ max, max > 0 (children per FTE)",
                    );
                } else {
                    cl.config.caseload.band_min_per_fte = *min;
                    cl.config.caseload.band_max_per_fte = *max;
                    notes.push(format!("caseload band {min}–{max} per FTE"));
                }
            }
            Lever::Absence { iros, from, to } => match (from.date(), to.date()) {
                (Ok(f), Ok(t)) if f <= t => {
                    for id in iros {
                        match find(&cl, id) {
                            Some(k) => cl.absences.push(Absence {
                                iro: k,
                                from: f,
                                to: t,
                            }),
                            None => ctx.err(
                                i,
                                lever,
                                format!("unknown IRO id '{id}'"),
                                &format!("one of {}", known_ids(&cl)),
                            ),
                        }
                    }
                    notes.push(format!("{} IROs away {f} to {t}", iros.len()));
                }
                (Ok(f), Ok(t)) => {
                    ctx.err(i, lever, format!("from {f} is after to {t}"), "from ≤ to")
                }
                (f, t) => {
                    for e in [f.err(), t.err()].into_iter().flatten() {
                        ctx.err(i, lever, e, "YYYY-MM-DD");
                    }
                }
            },
            Lever::Continuity {
                max_changes,
                cost,
                rebalance,
            } => {
                if let Some(r) = rebalance {
                    cl.config.allocation.rebalance = *r;
                }
                if let Some(c) = cost {
                    if !(c.is_finite() && *c >= 0.0) {
                        ctx.err(i, lever, format!("cost {c}"), "£ ≥ 0");
                    } else {
                        cl.config.allocation.continuity_cost = *c;
                    }
                }
                if max_changes.is_some() {
                    cl.config.allocation.max_changes = *max_changes;
                }
                notes.push("continuity budget changed".into());
            }
            Lever::Merge { data } => {
                let dir = scenario
                    .source
                    .parent()
                    .unwrap_or(std::path::Path::new("."))
                    .join(data);
                match merge(&mut cl, &dir) {
                    Ok(n) => notes.push(format!("merged {n} children from {}", dir.display())),
                    Err(Error::Input(es)) => ctx.errors.extend(es),
                    Err(e) => ctx.err(
                        i,
                        lever,
                        format!("data '{data}': {e}"),
                        "a data folder with children.csv and iros.csv",
                    ),
                }
            }
        }
    }
    if !ctx.errors.is_empty() {
        return Err(Error::Input(ctx.errors));
    }
    Ok(Applied {
        caseload: cl,
        placement_weekly_change,
        posts_annual_change,
        notes,
    })
}

type LeverErr = (String, String);

/// A base or destination: `lat,lon` in degrees, or anything the gazetteer resolves.
fn resolve_base(g: &Gazetteer, text: &str) -> std::result::Result<crate::geo::Resolved, String> {
    if let Some((a, b)) = text.split_once(',')
        && let (Ok(lat), Ok(lon)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>())
    {
        return LatLon::new(lat, lon)
            .filter(|p| p.in_uk_box())
            .map(|point| crate::geo::Resolved {
                point,
                precision: crate::geo::Precision::Exact,
                label: format!("{lat:.5},{lon:.5}"),
            })
            .ok_or_else(|| format!("lat,lon '{text}' is not in the United Kingdom"));
    }
    g.resolve(text).map_err(|e| e.to_string())
}

/// Indices of the children to remove. Only children known today are candidates: projected
/// arrivals are the same in every scenario.
fn choose_removals(
    cl: &Caseload,
    count: Option<u32>,
    rule: RemoveRule,
    seed: Option<u64>,
    ids: Option<&[String]>,
) -> std::result::Result<Vec<usize>, LeverErr> {
    if let Some(ids) = ids {
        let mut out = Vec::new();
        let mut unknown = Vec::new();
        for id in ids {
            match cl.children.iter().position(|c| &c.external_id == id) {
                Some(k) => out.push(k),
                None => unknown.push(id.as_str()),
            }
        }
        if !unknown.is_empty() {
            return Err((
                format!("unknown child id(s) {}", unknown.join(", ")),
                "ids from children.csv".into(),
            ));
        }
        out.sort_unstable();
        out.dedup();
        return Ok(out);
    }
    let known: Vec<usize> = (0..cl.children.len())
        .filter(|&k| !cl.children[k].projected)
        .collect();
    let n = match count {
        Some(n) if n as usize <= known.len() => n as usize,
        Some(n) => {
            return Err((
                format!("count {n} is more than the {} children known", known.len()),
                format!("a count from 0 to {}", known.len()),
            ));
        }
        None => {
            return Err((
                "neither count nor ids given".into(),
                "count = N or ids = [..]".into(),
            ));
        }
    };
    let travel = TravelModel::new(&cl.config.travel, cl.matrix.clone());
    let far = |k: usize| miles_to_nearest_base(cl, &travel, cl.children[k].location);
    let mut order = known;
    match rule {
        RemoveRule::Random => {
            let mut rng = Pcg64::seed_from_u64(seed.unwrap_or(cl.config.projection.seed));
            order.shuffle(&mut rng);
        }
        RemoveRule::FurthestFirst => {
            let d: Vec<f64> = order.iter().map(|&k| far(k)).collect();
            let mut idx: Vec<usize> = (0..order.len()).collect();
            idx.sort_by(|&a, &b| d[b].total_cmp(&d[a]).then(a.cmp(&b)));
            order = idx.into_iter().map(|j| order[j]).collect();
        }
        RemoveRule::ExternalFirst => {
            let key: Vec<(bool, f64)> = order
                .iter()
                .map(|&k| {
                    (
                        cl.children[k].placement_type != Some(PlacementType::External),
                        far(k),
                    )
                })
                .collect();
            let mut idx: Vec<usize> = (0..order.len()).collect();
            idx.sort_by(|&a, &b| {
                key[a]
                    .0
                    .cmp(&key[b].0)
                    .then(key[b].1.total_cmp(&key[a].1))
                    .then(a.cmp(&b))
            });
            order = idx.into_iter().map(|j| order[j]).collect();
        }
    }
    order.truncate(n);
    order.sort_unstable();
    Ok(order)
}

/// Moves the `count` farthest out-of-area known children into the council; returns the weekly
/// placement cost change (an external placement brought home becomes internal) and how many.
fn bring_home(
    cl: &mut Caseload,
    count: u32,
    to: Option<&[String]>,
) -> std::result::Result<(f64, usize), LeverErr> {
    let g = Gazetteer::bundled();
    let home = home_la_code(cl).ok_or_else(|| {
        (
            "no IRO base locates the council".to_string(),
            "IRO bases inside the council".to_string(),
        )
    })?;
    let travel = TravelModel::new(&cl.config.travel, cl.matrix.clone());
    let mut out_of_area: Vec<(usize, f64)> = (0..cl.children.len())
        .filter(|&k| !cl.children[k].projected)
        .filter(|&k| {
            g.nearest_sector(cl.children[k].location)
                .is_some_and(|(s, _)| s.la_code != home)
        })
        .map(|k| {
            (
                k,
                miles_to_nearest_base(cl, &travel, cl.children[k].location),
            )
        })
        .collect();
    if count as usize > out_of_area.len() {
        return Err((
            format!(
                "count {count} is more than the {} children placed out of area",
                out_of_area.len()
            ),
            format!("a count from 0 to {}", out_of_area.len()),
        ));
    }
    out_of_area.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out_of_area.truncate(count as usize);
    let targets: Vec<(LatLon, String)> = match to {
        Some(list) if !list.is_empty() => {
            let mut t = Vec::new();
            let mut bad = Vec::new();
            for s in list {
                match resolve_base(g, s) {
                    Ok(r) => t.push((r.point, r.label)),
                    Err(e) => bad.push(e),
                }
            }
            if !bad.is_empty() {
                return Err((
                    format!("to: {}", bad.join("; ")),
                    "postcodes or place names".into(),
                ));
            }
            t
        }
        _ => Vec::new(),
    };
    let home_sectors: Vec<&crate::geo::Sector> =
        g.sectors().iter().filter(|s| s.la_code == home).collect();
    let p = &cl.config.placements;
    let mut weekly = 0.0;
    for (j, &(k, _)) in out_of_area.iter().enumerate() {
        let child = &cl.children[k];
        let (point, label) = if targets.is_empty() {
            let near = home_sectors.iter().min_by(|a, b| {
                crate::geo::haversine_miles(a.point, child.location)
                    .total_cmp(&crate::geo::haversine_miles(b.point, child.location))
            });
            match near {
                Some(s) => (s.point, s.code.clone()),
                None => {
                    return Err((
                        "no in-area postcode sector".into(),
                        "a council in the gazetteer".into(),
                    ));
                }
            }
        } else {
            targets[j % targets.len()].clone()
        };
        if child.placement_type == Some(PlacementType::External) {
            weekly += p.internal_weekly - p.external_weekly;
        }
        let c = &mut cl.children[k];
        c.location = point;
        c.placement_label = label;
        if c.placement_type.is_some() {
            c.placement_type = Some(PlacementType::Internal);
        }
    }
    Ok((weekly, out_of_area.len()))
}

/// Appends another council's children and posts (ids prefixed with the folder name where they
/// clash); returns the number of children added.
fn merge(cl: &mut Caseload, dir: &std::path::Path) -> Result<usize> {
    let paths = crate::io::InputPaths::from_dir(dir);
    let other = crate::io::load_with_config(&paths, cl.config.clone())?;
    let council = dir
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "merged".into());
    let offset = cl.iros.len() as u32;
    let shift = |i: IroId| IroId(i.0 + offset);
    for mut iro in other.iros {
        if cl.iro_by_external(&iro.external_id).is_some() {
            iro.external_id = format!("{council}-{}", iro.external_id);
        }
        iro.council = Some(council.clone());
        cl.iros.push(iro);
    }
    let n = other.children.len();
    let existing: std::collections::HashSet<String> =
        cl.children.iter().map(|c| c.external_id.clone()).collect();
    for mut c in other.children {
        if existing.contains(&c.external_id) {
            c.external_id = format!("{council}-{}", c.external_id);
        }
        c.current_iro = c.current_iro.map(shift);
        c.exclude_iros = c.exclude_iros.iter().map(|&i| shift(i)).collect();
        c.sibling_group = c.sibling_group.map(|g| format!("{council}/{g}"));
        c.council = Some(council.clone());
        cl.children.push(c);
    }
    cl.absences
        .extend(other.absences.into_iter().map(|a| Absence {
            iro: shift(a.iro),
            ..a
        }));
    Ok(n)
}
