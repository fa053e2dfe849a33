//! Levers: each one edits a copy of the baseline caseload.
//!
//! A lever is read in two steps, one file per lever kind:
//! 1. **validate**: its TOML form (`[[lever]] kind = "…"`, the field names of the scenario
//!    docs) becomes a typed lever — hours are [`Hours`], bases a [`BaseSpec`], dates
//!    [`NaiveDate`] — with every problem of the values collected;
//! 2. **apply**: the typed lever edits the caseload and returns its [`Effect`] (what it did,
//!    and the placement and salary costs it carries itself), or every problem it meets against
//!    the caseload (unknown IRO id, unknown place, impossible count).
//!
//! [`apply`] is a fold of the levers over a copy of the baseline. A removed post becomes vacant
//! rather than disappearing, so the `IroId`s held by children and absences stay valid.
//!
//! | file | kind | effect |
//! |---|---|---|
//! | [`add_iro`] | `add_iro` | an additional post, with its salary |
//! | [`remove_iro`] | `remove_iro` | a post deleted (vacant; its salary saved) |
//! | [`move_iro`] | `move_iro` | an IRO works from another base |
//! | [`change_hours`] | `change_hours` | contracted hours change (salary pro rata) |
//! | [`fill_vacancy`] | `fill_vacancy` | a budgeted vacancy filled, optionally elsewhere |
//! | [`remove_children`] | `remove_children` | fewer children (placement costs saved) |
//! | [`bring_home`] | `bring_home` | out-of-area placements brought into the council |
//! | [`review_mode`] | `review_mode` | virtual-review policy |
//! | [`caseload_band`] | `caseload_band` | caseload band per FTE |
//! | [`absence`] | `absence` | IROs away for a period |
//! | [`continuity`] | `continuity` | continuity budget and rebalancing |
//! | [`merge`] | `merge` | another council's data merged in (a shared service) |

pub mod absence;
pub mod add_iro;
pub mod bring_home;
pub mod caseload_band;
pub mod change_hours;
pub mod continuity;
pub mod fill_vacancy;
pub mod merge;
pub mod move_iro;
pub mod remove_children;
pub mod remove_iro;
pub mod review_mode;

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use absence::Absence;
pub use add_iro::AddIro;
pub use bring_home::BringHome;
pub use caseload_band::CaseloadBand;
pub use change_hours::ChangeHours;
pub use continuity::Continuity;
pub use fill_vacancy::FillVacancy;
pub use merge::Merge;
pub use move_iro::MoveIro;
pub use remove_children::{RemoveChildren, RemoveRule};
pub use remove_iro::RemoveIro;
pub use review_mode::ReviewMode;

use super::Scenario;
use crate::domain::{Caseload, Hours, IroId, LatLon};
use crate::error::{Error, InputError, Result};
use crate::geo::{Gazetteer, TravelModel};

/// What is wrong with a lever's value, and what was expected instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong (names the value).
    pub problem: String,
    /// What was expected.
    pub expected: String,
    /// An error already located in another file (a `merge`d council's inputs), reported as is.
    pub located: Option<Box<InputError>>,
    /// The IRO id this problem says is unknown, if that is the problem.
    pub unknown_iro: Option<String>,
}

impl Problem {
    /// A problem and its expectation.
    pub fn new(problem: impl Into<String>, expected: impl Into<String>) -> Problem {
        Problem {
            problem: problem.into(),
            expected: expected.into(),
            located: None,
            unknown_iro: None,
        }
    }

    /// An error of another input file, reported as it is.
    pub fn located(e: InputError) -> Problem {
        Problem {
            problem: e.problem.clone(),
            expected: e.expected.clone().unwrap_or_default(),
            located: Some(Box::new(e)),
            unknown_iro: None,
        }
    }

    /// An IRO id that is not in the caseload.
    pub(crate) fn unknown_iro(cl: &Caseload, id: &str) -> Problem {
        let known: Vec<&str> = cl.iros.iter().map(|i| i.external_id.as_str()).collect();
        Problem {
            unknown_iro: Some(id.to_string()),
            ..Problem::new(
                format!("unknown IRO id '{id}'"),
                format!("one of {}", known.join(", ")),
            )
        }
    }
}

/// A lever's result: its effect, or every problem found.
pub type Outcome<T> = std::result::Result<T, Vec<Problem>>;

/// Something a lever names outside itself: an IRO of the caseload, or a place.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Named {
    /// An IRO id.
    Iro(String),
    /// A place as written, with the field it is in.
    Place(&'static str, String),
}

/// A lever whose values failed validation. It is never applied and changes nothing: applied,
/// it returns its value problems together with every name it gives (IRO ids, places) that the
/// caseload as the levers before it left it, or the gazetteer, does not know — so one run
/// reports both kinds of error, not the second only once the first is mended.
#[derive(Debug, Clone, PartialEq)]
pub struct Unchecked {
    kind: &'static str,
    problems: Vec<Problem>,
    names: Vec<Named>,
    /// The id an `add_iro` would have added: later levers naming it are not blamed for it.
    declares: Option<String>,
}

impl Unchecked {
    /// The problems of its values.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl Apply for Unchecked {
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        let mut problems = self.problems.clone();
        for name in &self.names {
            match name {
                Named::Iro(id) => problems.extend(find_iro(cl, id.trim()).err()),
                // A place that does not parse is already one of the value problems.
                Named::Place(field, text) => {
                    if let Ok(b) = BaseSpec::parse(text)
                        && let Err(p) = b.resolve()
                    {
                        problems.push(Problem {
                            problem: p.problem.replacen("base:", &format!("{field}:"), 1),
                            ..p
                        });
                    }
                }
            }
        }
        Err(problems)
    }
}

/// Validated contracted hours of a lever's `hours` field.
pub(crate) fn hours(h: f64) -> std::result::Result<Hours, Problem> {
    Hours::new(h)
        .map_err(|_| Problem::new(format!("hours {h}"), crate::domain::HoursError::EXPECTED))
}

/// A lever's number against the bound of the configuration value it sets (`S::SECTION.key`):
/// a lever is held to the same bounds, with their sources, as `config.toml`.
pub(crate) fn bounded<S: crate::config::Bounded>(
    field: &str,
    key: &str,
    v: f64,
) -> std::result::Result<(), Problem> {
    match S::BOUNDS.iter().find(|b| b.key == key) {
        Some(b) if !b.admits(v) => Err(Problem::new(
            format!("{field} {v} is out of range for {}.{key}", S::SECTION),
            b.expected(),
        )),
        _ => Ok(()),
    }
}

/// Salary with on-costs of `hours` a week, £ a year (pro rata to one FTE).
pub(crate) fn salary(cl: &Caseload, hours: f64) -> f64 {
    hours / cl.config.caseload.fte_hours * cl.config.costs.iro_salary_with_oncosts
}

/// The IRO post named `id`.
pub(crate) fn find_iro(cl: &Caseload, id: &str) -> std::result::Result<IroId, Problem> {
    cl.iro_by_external(id)
        .ok_or_else(|| Problem::unknown_iro(cl, id))
}

/// Where a post is based, as written: a postcode, district or place name that the gazetteer
/// resolves, or a point (written `"lat,lon"` in a scenario file, or given by `bases`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BaseSpec {
    /// A postcode, district or place name.
    Text(String),
    /// A point inside the United Kingdom, with the label it is shown by.
    Point {
        /// The point.
        at: LatLon,
        /// How it is shown.
        label: String,
    },
}

/// Expected form of a base.
pub(crate) const BASE_EXPECTED: &str = "a postcode, district or place name, or \"lat,lon\"";

impl BaseSpec {
    /// Reads a base as written in a scenario file: `lat,lon` in degrees becomes a
    /// [`BaseSpec::Point`], anything else a [`BaseSpec::Text`] for the gazetteer.
    ///
    /// # Errors
    /// An empty text, or a point outside the United Kingdom.
    pub fn parse(text: &str) -> std::result::Result<BaseSpec, Problem> {
        let t = text.trim();
        if let Some((a, b)) = t.split_once(',')
            && let (Ok(lat), Ok(lon)) = (a.trim().parse::<f64>(), b.trim().parse::<f64>())
        {
            return LatLon::new(lat, lon)
                .filter(|p| p.in_uk_box())
                .map(|at| BaseSpec::Point {
                    at,
                    label: format!("{lat:.5},{lon:.5}"),
                })
                .ok_or_else(|| {
                    Problem::new(
                        format!("base: lat,lon '{t}' is not in the United Kingdom"),
                        "a UK point (latitude 49.8–60.9, longitude −8.7–1.8)",
                    )
                });
        }
        if t.is_empty() {
            return Err(Problem::new("base: empty", BASE_EXPECTED));
        }
        Ok(BaseSpec::Text(t.to_string()))
    }

    /// The point and its label: a point as given, a text through the bundled gazetteer.
    ///
    /// # Errors
    /// A text the gazetteer does not know (the problem names the closest known names).
    pub fn resolve(&self) -> std::result::Result<(LatLon, String), Problem> {
        match self {
            BaseSpec::Point { at, label } => Ok((*at, label.clone())),
            BaseSpec::Text(t) => Gazetteer::bundled()
                .resolve(t)
                .map(|r| (r.point, r.label))
                .map_err(|e| {
                    Problem::new(format!("base: {e}"), "a postcode, district or place name")
                }),
        }
    }
}

/// A date written either as a TOML date (`2027-01-04`) or a string (`"2027-01-04"`,
/// `"04/01/2027"`: read by the inputs' one date parser, [`crate::io::dates`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum DateText {
    /// A quoted date.
    Text(String),
    /// A TOML date literal.
    Toml(toml::value::Datetime),
}

impl DateText {
    /// The date.
    ///
    /// # Errors
    /// A text that is not a date, or a date outside the years the inputs accept.
    pub fn date(&self) -> std::result::Result<NaiveDate, Problem> {
        let s = match self {
            DateText::Text(s) => s.clone(),
            DateText::Toml(d) => d.to_string(),
        };
        let expected = format!(
            "a date as YYYY-MM-DD or dd/mm/yyyy from {} to {}",
            crate::config::EARLIEST_DATE,
            crate::config::LATEST_DATE
        );
        let d = crate::io::dates::parse_date(&s, crate::config::DateFormat::Auto)
            .map_err(|e| Problem::new(e.to_string(), expected.clone()))?;
        crate::config::check_date(d)
            .map_err(|_| Problem::new(format!("date '{s}' is out of range"), expected))
    }
}

/// How a lever changed an IRO post, for the decision paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PostChangeKind {
    /// An additional post.
    Added,
    /// A vacancy filled.
    Filled,
    /// A base moved.
    Moved,
    /// A post deleted.
    Removed,
    /// Contracted hours changed.
    Hours,
}

/// A post a lever changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostChange {
    /// The post.
    #[serde(skip)]
    pub iro: IroId,
    /// Its id.
    pub iro_id: String,
    /// What changed.
    pub kind: PostChangeKind,
    /// Its base after the change.
    pub base: LatLon,
    /// Its base as labelled.
    pub base_label: String,
    /// Its contracted hours after the change.
    pub hours: f64,
}

/// What one lever did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// In words (ids only, never a name).
    pub note: String,
    /// Change in placement cost, £ a week (negative = saving).
    pub placement_weekly: f64,
    /// Change in salary of posts with on-costs, £ a year.
    pub posts_annual: f64,
    /// The post it changed, if any.
    pub post: Option<PostChange>,
}

impl Effect {
    /// An effect with no cost of its own.
    pub fn note(note: impl Into<String>) -> Effect {
        Effect {
            note: note.into(),
            placement_weekly: 0.0,
            posts_annual: 0.0,
            post: None,
        }
    }
}

/// A lever's TOML form: the fields of each kind, as the scenario docs name them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum LeverToml {
    AddIro(add_iro::Toml),
    RemoveIro(remove_iro::Toml),
    MoveIro(move_iro::Toml),
    ChangeHours(change_hours::Toml),
    FillVacancy(fill_vacancy::Toml),
    RemoveChildren(remove_children::Toml),
    BringHome(bring_home::Toml),
    ReviewMode(review_mode::Toml),
    CaseloadBand(caseload_band::Toml),
    Absence(absence::Toml),
    Continuity(continuity::Toml),
    Merge(merge::Toml),
}

impl LeverToml {
    /// The kind, as written in the file.
    fn kind(&self) -> &'static str {
        match self {
            LeverToml::AddIro(_) => "add_iro",
            LeverToml::RemoveIro(_) => "remove_iro",
            LeverToml::MoveIro(_) => "move_iro",
            LeverToml::ChangeHours(_) => "change_hours",
            LeverToml::FillVacancy(_) => "fill_vacancy",
            LeverToml::RemoveChildren(_) => "remove_children",
            LeverToml::BringHome(_) => "bring_home",
            LeverToml::ReviewMode(_) => "review_mode",
            LeverToml::CaseloadBand(_) => "caseload_band",
            LeverToml::Absence(_) => "absence",
            LeverToml::Continuity(_) => "continuity",
            LeverToml::Merge(_) => "merge",
        }
    }

    /// What the lever names outside itself (IRO ids, places).
    fn names(&self) -> Vec<Named> {
        match self {
            LeverToml::AddIro(t) => t.names(),
            LeverToml::MoveIro(t) => t.names(),
            LeverToml::ChangeHours(t) => t.names(),
            LeverToml::FillVacancy(t) => t.names(),
            LeverToml::BringHome(t) => t.names(),
            LeverToml::Absence(t) => t.names(),
            LeverToml::RemoveIro(_)
            | LeverToml::RemoveChildren(_)
            | LeverToml::ReviewMode(_)
            | LeverToml::CaseloadBand(_)
            | LeverToml::Continuity(_)
            | LeverToml::Merge(_) => Vec::new(),
        }
    }
}

/// One validated lever of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub enum Lever {
    /// An additional post: it carries its salary with on-costs.
    AddIro(AddIro),
    /// A post is deleted (becomes vacant; its salary is saved).
    RemoveIro(RemoveIro),
    /// An IRO works from another base.
    MoveIro(MoveIro),
    /// An IRO's contracted hours change (the salary change is counted pro rata).
    ChangeHours(ChangeHours),
    /// A vacant, budgeted post is filled (no additional salary), optionally at another base.
    FillVacancy(FillVacancy),
    /// Fewer looked-after children.
    RemoveChildren(RemoveChildren),
    /// Out-of-area placements brought back into the council.
    BringHome(BringHome),
    /// Virtual-review policy.
    ReviewMode(ReviewMode),
    /// Caseload band per FTE.
    CaseloadBand(CaseloadBand),
    /// IROs away for a period (inclusive).
    Absence(Absence),
    /// Continuity budget for reallocation.
    Continuity(Continuity),
    /// A shared service: another council's data folder merged in.
    Merge(Merge),
    /// A lever whose values are bad: never applied, only its names checked.
    Unchecked(Unchecked),
}

/// One lever applies itself to a caseload.
pub(crate) trait Apply {
    /// Edits `cl` and returns what it did, or every problem met against the caseload.
    fn apply(&self, cl: &mut Caseload) -> Outcome<Effect>;
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

    /// Validates a lever's TOML form; `dir` is the scenario file's folder (for `merge`). A
    /// lever with bad values becomes [`Lever::Unchecked`], holding their problems.
    pub(crate) fn validate(raw: LeverToml, dir: &Path) -> Lever {
        let kind = raw.kind();
        let names = raw.names();
        let declares = match &raw {
            LeverToml::AddIro(t) => t.declares(),
            _ => None,
        };
        Lever::validated(raw, dir).unwrap_or_else(|problems| {
            Lever::Unchecked(Unchecked {
                kind,
                problems,
                names,
                declares,
            })
        })
    }

    fn validated(raw: LeverToml, dir: &Path) -> Outcome<Lever> {
        Ok(match raw {
            LeverToml::AddIro(t) => Lever::AddIro(AddIro::validate(t)?),
            LeverToml::RemoveIro(t) => Lever::RemoveIro(RemoveIro::validate(t)),
            LeverToml::MoveIro(t) => Lever::MoveIro(MoveIro::validate(t)?),
            LeverToml::ChangeHours(t) => Lever::ChangeHours(ChangeHours::validate(t)?),
            LeverToml::FillVacancy(t) => Lever::FillVacancy(FillVacancy::validate(t)?),
            LeverToml::RemoveChildren(t) => Lever::RemoveChildren(RemoveChildren::validate(t)?),
            LeverToml::BringHome(t) => Lever::BringHome(BringHome::validate(t)?),
            LeverToml::ReviewMode(t) => Lever::ReviewMode(ReviewMode::validate(t)?),
            LeverToml::CaseloadBand(t) => Lever::CaseloadBand(CaseloadBand::validate(t)?),
            LeverToml::Absence(t) => Lever::Absence(Absence::validate(t)?),
            LeverToml::Continuity(t) => Lever::Continuity(Continuity::validate(t)?),
            LeverToml::Merge(t) => Lever::Merge(Merge::validate(t, dir)),
        })
    }

    /// The kind, as written in the file.
    pub fn kind(&self) -> &'static str {
        match self {
            Lever::AddIro(_) => "add_iro",
            Lever::RemoveIro(_) => "remove_iro",
            Lever::MoveIro(_) => "move_iro",
            Lever::ChangeHours(_) => "change_hours",
            Lever::FillVacancy(_) => "fill_vacancy",
            Lever::RemoveChildren(_) => "remove_children",
            Lever::BringHome(_) => "bring_home",
            Lever::ReviewMode(_) => "review_mode",
            Lever::CaseloadBand(_) => "caseload_band",
            Lever::Absence(_) => "absence",
            Lever::Continuity(_) => "continuity",
            Lever::Merge(_) => "merge",
            Lever::Unchecked(u) => u.kind,
        }
    }

    /// What the lever sets, for a scenario planned on top of a baseline scenario: a lever of
    /// the scenario replaces the baseline's lever with the same key (the same kind on the same
    /// post, or the same policy). Absences add up and have no key.
    pub fn key(&self) -> Option<(&'static str, String)> {
        let id = match self {
            Lever::AddIro(l) => l.id.clone(),
            Lever::RemoveIro(l) => l.id.clone(),
            Lever::MoveIro(l) => l.id.clone(),
            Lever::ChangeHours(l) => l.id.clone(),
            Lever::FillVacancy(l) => l.id.clone(),
            Lever::Merge(l) => l.data.display().to_string(),
            Lever::Absence(_) | Lever::Unchecked(_) => return None,
            Lever::RemoveChildren(_)
            | Lever::BringHome(_)
            | Lever::ReviewMode(_)
            | Lever::CaseloadBand(_)
            | Lever::Continuity(_) => String::new(),
        };
        Some((self.kind(), id))
    }

    fn as_apply(&self) -> &dyn Apply {
        match self {
            Lever::AddIro(l) => l,
            Lever::RemoveIro(l) => l,
            Lever::MoveIro(l) => l,
            Lever::ChangeHours(l) => l,
            Lever::FillVacancy(l) => l,
            Lever::RemoveChildren(l) => l,
            Lever::BringHome(l) => l,
            Lever::ReviewMode(l) => l,
            Lever::CaseloadBand(l) => l,
            Lever::Absence(l) => l,
            Lever::Continuity(l) => l,
            Lever::Merge(l) => l,
            Lever::Unchecked(l) => l,
        }
    }

    /// Applies this lever to `cl`.
    ///
    /// # Errors
    /// Every problem met against the caseload.
    pub fn apply(&self, cl: &mut Caseload) -> Outcome<Effect> {
        self.as_apply().apply(cl)
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
    /// What each lever did, in order (the first [`Scenario::inherited`] from the baseline
    /// scenario).
    pub effects: Vec<Effect>,
}

/// Applies a scenario's levers, in order, to a copy of `baseline`: a fold of
/// [`Lever::apply`]. A lever that changes the configuration is held to the configuration's
/// bounds.
///
/// # Errors
/// [`Error::Input`] with every lever problem (file, line, lever index and kind, value,
/// expected).
pub fn apply(scenario: &Scenario, baseline: &Caseload) -> Result<Applied> {
    let start = Applied {
        caseload: baseline.clone(),
        placement_weekly_change: 0.0,
        posts_annual_change: 0.0,
        notes: Vec::new(),
        effects: Vec::new(),
    };
    // Ids a bad `add_iro` would have added: a later lever naming one is not blamed for it.
    let mut declared: Vec<&str> = Vec::new();
    let (applied, errors) = scenario.levers.iter().enumerate().fold(
        (start, scenario.errors.clone()),
        |(mut acc, mut errors), (i, lever)| {
            let config_before = acc.caseload.config.clone();
            let outcome = lever.apply(&mut acc.caseload).map_err(|problems| {
                problems
                    .into_iter()
                    .filter(|p| {
                        p.unknown_iro
                            .as_deref()
                            .is_none_or(|id| !declared.contains(&id))
                    })
                    .collect::<Vec<_>>()
            });
            if let Lever::Unchecked(u) = lever {
                declared.extend(u.declares.as_deref());
            }
            match outcome {
                Ok(effect) => {
                    acc.placement_weekly_change += effect.placement_weekly;
                    acc.posts_annual_change += effect.posts_annual;
                    acc.notes.push(effect.note.clone());
                    acc.effects.push(effect);
                }
                Err(problems) => {
                    errors.extend(problems.into_iter().map(|p| scenario.error(i, lever, p)));
                }
            }
            if acc.caseload.config != config_before {
                let bad = acc.caseload.config.validate(&scenario.source);
                if !bad.is_empty() {
                    errors.extend(bad.into_iter().map(|e| {
                        let key = e.column.unwrap_or_default();
                        let p = Problem::new(
                            format!("{} for {key}", e.problem),
                            e.expected.unwrap_or_default(),
                        );
                        scenario.error(i, lever, p)
                    }));
                    acc.caseload.config = config_before;
                }
            }
            (acc, errors)
        },
    );
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    Ok(applied)
}

impl Scenario {
    /// The input error of lever `i`'s problem: file, line, `lever N (kind)`, problem, expected.
    pub(crate) fn error(&self, i: usize, lever: &Lever, p: Problem) -> InputError {
        if let Some(e) = p.located {
            return *e;
        }
        let at = self.lever_at.get(i);
        let number = at.map_or(i + 1, |a| a.number);
        let (column, line) = if i < self.inherited {
            (format!("baseline lever {number} ({})", lever.kind()), None)
        } else {
            (
                format!("lever {number} ({})", lever.kind()),
                at.and_then(|a| a.line),
            )
        };
        InputError {
            file: self.source.clone(),
            line,
            column: Some(column),
            problem: p.problem,
            expected: (!p.expected.is_empty()).then_some(p.expected),
        }
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
pub(crate) fn miles_to_nearest_base(caseload: &Caseload, travel: &TravelModel, p: LatLon) -> f64 {
    caseload
        .iros
        .iter()
        .filter(|i| !i.vacant)
        .map(|i| travel.miles(i.base, p))
        .fold(f64::INFINITY, f64::min)
}

/// Weekly cost of a placement of this type, £.
pub(crate) fn weekly_cost(
    c: &crate::config::Placements,
    t: Option<crate::domain::PlacementType>,
) -> f64 {
    match t {
        Some(crate::domain::PlacementType::Internal) => c.internal_weekly,
        Some(crate::domain::PlacementType::External) => c.external_weekly,
        // No placement fee is paid for a child placed with parents.
        Some(crate::domain::PlacementType::WithParents) | None => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lat_lon_base_is_a_point_and_a_name_is_text() {
        let p = BaseSpec::parse("52.48, -1.89").unwrap();
        assert!(matches!(p, BaseSpec::Point { at, .. } if (at.lat() - 52.48).abs() < 1e-9));
        assert_eq!(
            BaseSpec::parse(" Birmingham ").unwrap(),
            BaseSpec::Text("Birmingham".into())
        );
        assert!(BaseSpec::parse("48.0,-30.0").is_err(), "outside the UK");
        assert!(BaseSpec::parse("  ").is_err());
    }

    #[test]
    fn a_point_resolves_to_itself() {
        let at = LatLon::new(52.5, -1.9).unwrap();
        let b = BaseSpec::Point {
            at,
            label: "Brum".into(),
        };
        assert_eq!(b.resolve().unwrap(), (at, "Brum".to_string()));
    }
}
