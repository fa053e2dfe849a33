//! Ranges, not false precision: every plan of a comparison is made again under a low-travel
//! and a high-travel set of assumptions, and each saving is reported as the smallest and
//! largest it takes over the three sets (central, low, high).
//!
//! The sets move every travel assumption the same way, from the ranges next to each value in
//! `config.toml` ([`crate::config`]):
//!
//! | assumption | low travel | high travel |
//! |---|---|---|
//! | average speed | `mph × (1 + mph_spread)` | `mph × (1 − mph_spread)` |
//! | road factor | `road_factor_range[0]` | `road_factor_range[1]` |
//! | early window | `early_working_days_range[1]` (wide) | `early_working_days_range[0]` (narrow) |
//! | £ a mile, £ an hour, £ a night | the low end of each `…_range` | the high end |
//!
//! Each set is a whole plan — allocation and schedule — so a saving that depends on where the
//! plan puts a trip or a night away moves with it. A travel matrix, where given, overrides the
//! speed and road factor for the pairs it lists.

use serde::Serialize;

use crate::config::Config;

/// A set of travel assumptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assumptions {
    /// The configuration as given.
    Central,
    /// Cheaper travel: faster, straighter roads, a wider early window, low rates.
    LowTravel,
    /// Dearer travel: slower, more winding roads, a narrower early window, high rates.
    HighTravel,
}

impl Assumptions {
    /// The three sets, central first.
    pub const ALL: [Assumptions; 3] = [
        Assumptions::Central,
        Assumptions::LowTravel,
        Assumptions::HighTravel,
    ];

    /// `config` under this set.
    pub fn apply(self, config: &Config) -> Config {
        let mut c = config.clone();
        let (low, k) = match self {
            Assumptions::Central => return c,
            Assumptions::LowTravel => (true, 0),
            Assumptions::HighTravel => (false, 1),
        };
        let t = &mut c.travel;
        t.mph *= if low {
            1.0 + t.mph_spread
        } else {
            1.0 - t.mph_spread
        };
        t.road_factor = t.road_factor_range[k];
        let r = &mut c.review;
        r.early_working_days = r.early_working_days_range[1 - k];
        let m = &mut c.costs;
        m.mileage_per_mile = m.mileage_per_mile_range[k];
        m.staff_per_hour = m.staff_per_hour_range[k];
        m.hotel_per_night = m.hotel_per_night_range[k];
        c
    }

    /// What the low and high sets assume, in words.
    pub fn describe(config: &Config) -> String {
        let t = &config.travel;
        let r = &config.review;
        let m = &config.costs;
        format!(
            "ranges: each plan made again under low- and high-travel assumptions — speed {:.0}–{:.0} mph (±{:.0} %), road factor {}–{}, early window {}–{} working days, {:.0}p–{:.0}p a mile, £{}–£{} an hour, £{}–£{} a night",
            t.mph * (1.0 - t.mph_spread),
            t.mph * (1.0 + t.mph_spread),
            t.mph_spread * 100.0,
            t.road_factor_range[0],
            t.road_factor_range[1],
            r.early_working_days_range[0],
            r.early_working_days_range[1],
            m.mileage_per_mile_range[0] * 100.0,
            m.mileage_per_mile_range[1] * 100.0,
            m.staff_per_hour_range[0],
            m.staff_per_hour_range[1],
            m.hotel_per_night_range[0],
            m.hotel_per_night_range[1],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn low_and_high_take_the_ends_of_each_range() {
        let c = Config::default();
        let low = Assumptions::LowTravel.apply(&c);
        let high = Assumptions::HighTravel.apply(&c);
        assert!((low.travel.mph - 52.0 * 1.15).abs() < 1e-9);
        assert!((high.travel.mph - 52.0 * 0.85).abs() < 1e-9);
        assert_eq!(
            (low.travel.road_factor, high.travel.road_factor),
            (1.15, 1.30)
        );
        assert_eq!(
            (
                low.review.early_working_days,
                high.review.early_working_days
            ),
            (15, 5)
        );
        assert_eq!(
            (low.costs.mileage_per_mile, high.costs.mileage_per_mile),
            (0.25, 0.45)
        );
        assert_eq!(
            (low.costs.staff_per_hour, high.costs.staff_per_hour),
            (35.0, 45.0)
        );
        assert_eq!(
            (low.costs.hotel_per_night, high.costs.hotel_per_night),
            (90.0, 100.0)
        );
        assert_eq!(Assumptions::Central.apply(&c), c);
    }
}
