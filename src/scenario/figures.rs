//! The figures of one plan (baseline or scenario), what each one means, and which way is
//! better.
//!
//! [`FIGURES`] is the figure-direction table: every figure's key (its name in
//! `comparison.json`), label, unit, [`Measure`] and [`Direction`]. A *saving* (baseline −
//! scenario) is given only for money, miles, hours and CO2 ([`Measure::is_saving`]); every
//! figure has a *difference* (scenario − baseline) and a [`Verdict`] (better, worse, the same,
//! or neither way for a figure that is context, such as the number of children).
//!
//! Money is split so that no figure mixes kinds: travel cash (mileage + hotels), staff time on
//! the road, posts (salaries), placements and agency cover are each their own figure; the
//! travel total is cash + staff time; the all-in total adds posts, placements and agency cover.
//! Placements never enter a travel figure.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::domain::Caseload;
use crate::pipeline::PlanResult;

/// Working weeks in a year, used to turn drive hours into an FTE equivalent (52 weeks less
/// leave, bank holidays and training, as in Dorset's report).
pub const WORKING_WEEKS: f64 = 44.0;

/// Weeks in a year, for weekly placement costs.
pub const WEEKS_PER_YEAR: f64 = 52.0;

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// £ a year.
    Money,
    /// Road miles a year.
    Miles,
    /// Hours a year.
    Hours,
    /// Tonnes CO2e a year.
    Co2,
    /// A whole number (children, reviews, nights).
    Count,
    /// Anything else (a share, a ratio, FTE).
    Other,
}

impl Measure {
    /// Whether a saving (baseline − scenario) is meaningful: money, miles, hours and CO2.
    pub fn is_saving(self) -> bool {
        matches!(
            self,
            Measure::Money | Measure::Miles | Measure::Hours | Measure::Co2
        )
    }
}

/// Which way a figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Less is better (cost, miles, late reviews, children moved).
    LowerIsBetter,
    /// More is better (reviews on time).
    HigherIsBetter,
    /// Neither: context (children, reviews, FTE in post).
    Neutral,
}

/// A difference judged by its figure's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The scenario is better on this figure.
    Better,
    /// The scenario is worse on this figure.
    Worse,
    /// No difference at the figure's precision.
    Same,
    /// A difference, but the figure is context (neither better nor worse).
    Neither,
}

impl Verdict {
    /// As written in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::Same => "same",
            Verdict::Neither => "",
        }
    }
}

/// One row of the figure-direction table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FigureDef {
    /// Key in `comparison.json` (`figures.<key>`).
    pub key: &'static str,
    /// What it is, for a reader.
    pub label: &'static str,
    /// Unit.
    pub unit: &'static str,
    /// What it measures.
    pub measure: Measure,
    /// Which way is better.
    pub direction: Direction,
    /// Decimals shown (a difference below half the last one is "the same").
    pub decimals: usize,
}

impl FigureDef {
    /// Whether this figure has a saving.
    pub fn is_saving(&self) -> bool {
        self.measure.is_saving()
    }

    /// Whether values are whole numbers.
    pub fn is_count(&self) -> bool {
        self.measure == Measure::Count
    }

    /// The verdict on `difference` = scenario − baseline.
    pub fn verdict(&self, difference: f64) -> Verdict {
        let tolerance = 0.5 * 10f64.powi(-(self.decimals as i32));
        if difference.abs() < tolerance {
            return Verdict::Same;
        }
        match (self.direction, difference < 0.0) {
            (Direction::Neutral, _) => Verdict::Neither,
            (Direction::LowerIsBetter, true) | (Direction::HigherIsBetter, false) => {
                Verdict::Better
            }
            _ => Verdict::Worse,
        }
    }
}

const fn def(
    key: &'static str,
    label: &'static str,
    unit: &'static str,
    measure: Measure,
    direction: Direction,
    decimals: usize,
) -> FigureDef {
    FigureDef {
        key,
        label,
        unit,
        measure,
        direction,
        decimals,
    }
}

use Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower, Neutral};
use Measure::{Co2, Count, Hours, Miles, Money, Other};

/// The figure-direction table, in the order of [`Figures`]' fields.
#[rustfmt::skip]
pub const FIGURES: &[FigureDef] = &[
    def("children", "children planned in the year", "children", Count, Neutral, 0),
    def("children_in_care", "mean children in care", "children", Other, Neutral, 1),
    def("reviews", "reviews due", "reviews", Count, Neutral, 0),
    def("reviews_known", "reviews of children known today", "reviews", Count, Neutral, 0),
    def("reviews_projected", "reviews of projected arrivals", "reviews", Count, Neutral, 0),
    def("reviews_late", "reviews held late", "reviews", Count, Lower, 0),
    def("on_time_pct", "reviews on time", "%", Other, Higher, 1),
    def("reviews_covered_colleague", "reviews a colleague chairs (cover)", "reviews", Count, Neutral, 0),
    def("reviews_covered_agency", "reviews an agency IRO chairs", "reviews", Count, Lower, 0),
    def("miles", "road miles", "miles", Miles, Lower, 0),
    def("drive_hours", "staff hours on the road", "hours", Hours, Lower, 0),
    def("drive_fte", "staff time on the road as FTE", "FTE", Other, Lower, 2),
    def("hotel_nights", "hotel nights", "nights", Count, Lower, 0),
    def("cost_mileage", "mileage", "GBP", Money, Lower, 0),
    def("cost_hotel", "hotels", "GBP", Money, Lower, 0),
    def("cost_travel_cash", "travel cash (mileage + hotels)", "GBP", Money, Lower, 0),
    def("cost_staff", "staff time on the road", "GBP", Money, Lower, 0),
    def("cost_travel", "travel total (cash + staff time)", "GBP", Money, Lower, 0),
    def("cost_posts", "posts: salary change against today's", "GBP", Money, Lower, 0),
    def("cost_placements", "placements: cost change against today's", "GBP", Money, Lower, 0),
    def("cost_agency", "agency cover", "GBP", Money, Lower, 0),
    def("cost_total", "all-in (travel, agency, post and placement changes)", "GBP", Money, Lower, 0),
    def("co2_t", "CO2e", "t", Co2, Lower, 1),
    def("caseload_min_per_fte", "smallest caseload per FTE", "children/FTE", Other, Neutral, 1),
    def("caseload_mean_per_fte", "mean caseload per FTE", "children/FTE", Other, Lower, 1),
    def("caseload_max_per_fte", "largest caseload per FTE", "children/FTE", Other, Lower, 1),
    def("fte", "FTE in post", "FTE", Other, Neutral, 2),
    def("required_fte", "FTE the children need", "FTE", Other, Lower, 2),
    def("required_hours_per_week", "IRO hours a week the children need", "hours/week", Other, Lower, 0),
    def("children_moved", "children changing IRO", "children", Count, Lower, 0),
];

/// The definition of a figure by key.
pub fn figure(key: &str) -> Option<&'static FigureDef> {
    FIGURES.iter().find(|d| d.key == key)
}

/// The figures of one plan. Money in £ a year, CO2 in tonnes; counts are whole numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Children planned in the year (known and projected, leavers included).
    pub children: u64,
    /// Mean children in care over the horizon (each child weighted by its share of the horizon
    /// in care): the caseload the service carries on average.
    pub children_in_care: f64,
    /// Reviews in the horizon.
    pub reviews: u64,
    /// Reviews of children known today.
    pub reviews_known: u64,
    /// Reviews of projected arrivals.
    pub reviews_projected: u64,
    /// Reviews held late.
    pub reviews_late: u64,
    /// Reviews on time, %.
    pub on_time_pct: f64,
    /// Reviews a colleague chairs for the child's IRO (absence, or a week with no hours left).
    pub reviews_covered_colleague: u64,
    /// Reviews an agency IRO chairs.
    pub reviews_covered_agency: u64,
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub drive_hours: f64,
    /// Driving hours as FTE: hours / (fte_hours × working weeks).
    pub drive_fte: f64,
    /// Hotel nights.
    pub hotel_nights: u64,
    /// Mileage £.
    pub cost_mileage: f64,
    /// Hotel £.
    pub cost_hotel: f64,
    /// Travel cash £: mileage + hotels.
    pub cost_travel_cash: f64,
    /// Staff time on the road £ (driving hours × the staff rate).
    pub cost_staff: f64,
    /// Travel total £: cash + staff time.
    pub cost_travel: f64,
    /// Salary with on-costs of additional (or removed) posts, £ change against today's.
    pub cost_posts: f64,
    /// Placement £ change against today's (weekly costs × 52; negative = cheaper).
    pub cost_placements: f64,
    /// Agency cover £ (reviews an agency chairs).
    pub cost_agency: f64,
    /// All-in £: travel total + agency cover + the changes in posts and placements.
    pub cost_total: f64,
    /// Tonnes CO2e.
    pub co2_t: f64,
    /// Smallest caseload per FTE among IROs in post, on the turnover-scaled band's scale
    /// (children in care at a time).
    pub caseload_min_per_fte: f64,
    /// Mean caseload per FTE, on the same scale.
    pub caseload_mean_per_fte: f64,
    /// Largest caseload per FTE, on the same scale.
    pub caseload_max_per_fte: f64,
    /// FTE in post.
    pub fte: f64,
    /// FTE required: mean children in care / target per FTE.
    pub required_fte: f64,
    /// IRO hours a week required: required FTE × FTE hours.
    pub required_hours_per_week: f64,
    /// Children changing IRO.
    pub children_moved: u64,
}

impl Figures {
    /// Figures of a plan, with the costs a scenario's levers carry themselves (placements £ a
    /// week, posts £ a year).
    ///
    /// Caseloads per FTE are on the scale of the band: with a projected year an IRO holds
    /// more distinct children than it holds at once, so each IRO's distinct children are
    /// divided by the caseload's turnover factor ([`Caseload::turnover_factor`]) — the factor
    /// its band is scaled by — and so is the mean: the minimum is never above the mean.
    pub fn of(cl: &Caseload, r: &PlanResult, placements_weekly: f64, posts_annual: f64) -> Figures {
        let s = &r.summary;
        let c = &cl.config.caseload;
        let turnover = cl.turnover_factor();
        let per_fte: Vec<f64> = s
            .per_iro
            .iter()
            .filter(|i| i.fte > 0.0)
            .map(|i| i.per_fte / turnover)
            .collect();
        let cost_placements = placements_weekly * WEEKS_PER_YEAR;
        let children_in_care = mean_in_care(cl);
        let required_fte = children_in_care / c.target_per_fte;
        let cash = s.cost_mileage + s.cost_hotel;
        let travel = cash + s.cost_staff;
        let held: usize = s
            .per_iro
            .iter()
            .filter(|i| i.fte > 0.0)
            .map(|i| i.children)
            .sum();
        let covered =
            |kind: &str| s.reviews_covered.iter().filter(|c| c.cover == kind).count() as u64;
        Figures {
            children: s.children as u64,
            children_in_care,
            reviews: s.reviews as u64,
            reviews_known: s.reviews_known as u64,
            reviews_projected: s.reviews_projected as u64,
            reviews_late: s.reviews_late as u64,
            on_time_pct: s.on_time_pct,
            reviews_covered_colleague: covered("colleague"),
            reviews_covered_agency: covered("agency"),
            miles: s.miles,
            drive_hours: s.drive_hours,
            drive_fte: s.drive_hours / (c.fte_hours * WORKING_WEEKS),
            hotel_nights: u64::from(s.hotel_nights),
            cost_mileage: s.cost_mileage,
            cost_hotel: s.cost_hotel,
            cost_travel_cash: cash,
            cost_staff: s.cost_staff,
            cost_travel: travel,
            cost_posts: posts_annual,
            cost_placements,
            cost_agency: s.cost_agency,
            cost_total: travel + posts_annual + cost_placements + s.cost_agency,
            co2_t: s.co2_kg / 1000.0,
            caseload_min_per_fte: if per_fte.is_empty() {
                0.0
            } else {
                per_fte.iter().copied().fold(f64::INFINITY, f64::min)
            },
            caseload_mean_per_fte: if s.fte > 0.0 {
                held as f64 / turnover / s.fte
            } else {
                0.0
            },
            caseload_max_per_fte: per_fte.iter().copied().fold(0.0, f64::max),
            fte: s.fte,
            required_fte,
            required_hours_per_week: required_fte * c.fte_hours,
            children_moved: s.children_moved as u64,
        }
    }

    /// Every figure's value, in [`FIGURES`] order.
    pub fn values(&self) -> Vec<f64> {
        FIGURES.iter().map(|d| self.get(d.key)).collect()
    }

    /// A figure's value by key (0 for an unknown key).
    pub fn get(&self, key: &str) -> f64 {
        match key {
            "children" => self.children as f64,
            "children_in_care" => self.children_in_care,
            "reviews" => self.reviews as f64,
            "reviews_known" => self.reviews_known as f64,
            "reviews_projected" => self.reviews_projected as f64,
            "reviews_late" => self.reviews_late as f64,
            "on_time_pct" => self.on_time_pct,
            "reviews_covered_colleague" => self.reviews_covered_colleague as f64,
            "reviews_covered_agency" => self.reviews_covered_agency as f64,
            "miles" => self.miles,
            "drive_hours" => self.drive_hours,
            "drive_fte" => self.drive_fte,
            "hotel_nights" => self.hotel_nights as f64,
            "cost_mileage" => self.cost_mileage,
            "cost_hotel" => self.cost_hotel,
            "cost_travel_cash" => self.cost_travel_cash,
            "cost_staff" => self.cost_staff,
            "cost_travel" => self.cost_travel,
            "cost_posts" => self.cost_posts,
            "cost_placements" => self.cost_placements,
            "cost_agency" => self.cost_agency,
            "cost_total" => self.cost_total,
            "co2_t" => self.co2_t,
            "caseload_min_per_fte" => self.caseload_min_per_fte,
            "caseload_mean_per_fte" => self.caseload_mean_per_fte,
            "caseload_max_per_fte" => self.caseload_max_per_fte,
            "fte" => self.fte,
            "required_fte" => self.required_fte,
            "required_hours_per_week" => self.required_hours_per_week,
            "children_moved" => self.children_moved as f64,
            _ => 0.0,
        }
    }

    /// (name, unit, value) of every figure, in [`FIGURES`] order.
    pub fn rows(&self) -> Vec<(&'static str, &'static str, f64)> {
        FIGURES
            .iter()
            .map(|d| (d.key, d.unit, self.get(d.key)))
            .collect()
    }
}

/// Mean number of children in care over the horizon: each child counts for the share of the
/// horizon between its arrival (or the start) and its leaving date (or the end).
pub fn mean_in_care(cl: &Caseload) -> f64 {
    let start = cl.config.horizon.start;
    let end = start
        .checked_add_months(chrono::Months::new(cl.config.horizon.months))
        .unwrap_or(start);
    let span = (end - start).num_days().max(1) as f64;
    cl.children
        .iter()
        .map(|c| {
            let from = c.looked_after_since.max(start);
            let to = c.leaves_care.map_or(end, |l| l.min(end));
            ((to - from).num_days().max(0) as f64 / span).min(1.0)
        })
        .sum()
}

/// Declares [`Savings`] and its methods from one list of fields (each a [`FIGURES`] key).
macro_rules! savings {
    ($($(#[doc = $doc:literal])* $f:ident,)*) => {
        /// Savings against the baseline (`baseline − scenario`: positive when the scenario
        /// needs less) of the figures that have one: money, miles, hours and CO2.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
        pub struct Savings {
            $($(#[doc = $doc])* pub $f: f64,)*
        }

        impl Savings {
            /// `base − scenario` of every saving figure.
            pub fn between(base: &Figures, scenario: &Figures) -> Savings {
                Savings {
                    $($f: base.get(stringify!($f)) - scenario.get(stringify!($f)),)*
                }
            }

            /// A saving by figure key (`None` for a figure without one).
            pub fn get(&self, key: &str) -> Option<f64> {
                match key {
                    $(stringify!($f) => Some(self.$f),)*
                    _ => None,
                }
            }

            /// Field by field, `f` of two savings (e.g. `f64::min` for the smaller).
            pub fn zip(&self, other: &Savings, f: fn(f64, f64) -> f64) -> Savings {
                Savings {
                    $($f: f(self.$f, other.$f),)*
                }
            }
        }
    };
}

savings! {
    /// Road miles.
    miles,
    /// Staff hours on the road.
    drive_hours,
    /// Mileage £.
    cost_mileage,
    /// Hotel £.
    cost_hotel,
    /// Travel cash £ (mileage + hotels).
    cost_travel_cash,
    /// Staff time on the road £.
    cost_staff,
    /// Travel total £ (cash + staff time).
    cost_travel,
    /// Posts £.
    cost_posts,
    /// Placements £.
    cost_placements,
    /// Agency cover £.
    cost_agency,
    /// All-in £.
    cost_total,
    /// Tonnes CO2e.
    co2_t,
}

/// One value per figure in [`FIGURES`] order (a difference), written as a JSON object with
/// whole numbers for counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureValues(pub Vec<f64>);

impl FigureValues {
    /// `scenario − base` of every figure.
    pub fn difference(base: &Figures, scenario: &Figures) -> FigureValues {
        FigureValues(
            scenario
                .values()
                .iter()
                .zip(base.values())
                .map(|(s, b)| s - b)
                .collect(),
        )
    }

    /// A value by key.
    pub fn get(&self, key: &str) -> Option<f64> {
        let k = FIGURES.iter().position(|d| d.key == key)?;
        self.0.get(k).copied()
    }
}

impl Serialize for FigureValues {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (d, v) in FIGURES.iter().zip(&self.0) {
            if d.is_count() {
                m.serialize_entry(d.key, &(v.round() as i64))?;
            } else {
                m.serialize_entry(d.key, v)?;
            }
        }
        m.end()
    }
}

/// One verdict per figure in [`FIGURES`] order, written as a JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdicts(pub Vec<Verdict>);

impl Verdicts {
    /// The verdict on each figure of a difference.
    pub fn of(difference: &FigureValues) -> Verdicts {
        Verdicts(
            FIGURES
                .iter()
                .zip(&difference.0)
                .map(|(d, v)| d.verdict(*v))
                .collect(),
        )
    }

    /// A verdict by key.
    pub fn get(&self, key: &str) -> Option<Verdict> {
        let k = FIGURES.iter().position(|d| d.key == key)?;
        self.0.get(k).copied()
    }
}

impl Serialize for Verdicts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (d, v) in FIGURES.iter().zip(&self.0) {
            m.serialize_entry(d.key, v)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of<T: Serialize>(v: &T) -> Vec<String> {
        match serde_json::to_value(v).expect("serialises") {
            serde_json::Value::Object(m) => m.keys().cloned().collect(),
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn the_table_lists_every_figure_in_field_order() {
        let mut fields = keys_of(&Figures::default());
        let mut table: Vec<String> = FIGURES.iter().map(|d| d.key.to_string()).collect();
        // serde_json's map sorts keys unless preserve_order is on: compare as sets and sizes.
        fields.sort();
        table.sort();
        assert_eq!(fields, table);
    }

    #[test]
    fn savings_are_exactly_the_money_miles_hours_and_co2_figures() {
        let mut saving = keys_of(&Savings::default());
        let mut table: Vec<String> = FIGURES
            .iter()
            .filter(|d| d.is_saving())
            .map(|d| d.key.to_string())
            .collect();
        saving.sort();
        table.sort();
        assert_eq!(saving, table);
    }

    #[test]
    fn get_reads_every_field() {
        let f = Figures {
            children: 1,
            children_in_care: 2.0,
            reviews: 3,
            reviews_known: 4,
            reviews_projected: 5,
            reviews_late: 6,
            on_time_pct: 7.0,
            reviews_covered_colleague: 29,
            reviews_covered_agency: 30,
            miles: 8.0,
            drive_hours: 9.0,
            drive_fte: 10.0,
            hotel_nights: 11,
            cost_mileage: 12.0,
            cost_hotel: 13.0,
            cost_travel_cash: 14.0,
            cost_staff: 15.0,
            cost_travel: 16.0,
            cost_posts: 17.0,
            cost_placements: 18.0,
            cost_agency: 19.0,
            cost_total: 20.0,
            co2_t: 21.0,
            caseload_min_per_fte: 22.0,
            caseload_mean_per_fte: 23.0,
            caseload_max_per_fte: 24.0,
            fte: 25.0,
            required_fte: 26.0,
            required_hours_per_week: 27.0,
            children_moved: 28,
        };
        let json = serde_json::to_value(&f).expect("serialises");
        for d in FIGURES {
            assert_eq!(json[d.key].as_f64(), Some(f.get(d.key)), "{}", d.key);
        }
    }
}
