//! The naive baseline: what an unplanned service would spend. Each review is held on its due
//! date (or its IRO's last working day before it, inside the same early window the plan may
//! use), by one round trip of its own — overnight where the policy's hotel rule says so —
//! under the same virtual-review policy as the plan. A review whose IRO has no working day in
//! its window (away) is held on the window's last working day by a colleague, priced as the
//! same round trip; with no working day left in the horizon its chain ends. Each chain always
//! moves forward, so the baseline always ends.

use chrono::NaiveDate;
use serde::Serialize;

use crate::cost::Figures;
use crate::domain::{Caseload, IroId};
use crate::policy::Policy;

/// Figures of the naive plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NaiveFigures {
    /// Reviews held in the horizon.
    pub reviews: usize,
    /// Travel figures.
    pub figures: Figures,
}

impl Serialize for NaiveFigures {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Out {
            reviews: usize,
            miles: f64,
            drive_hours: f64,
            hotel_nights: u32,
            cost_mileage: f64,
            cost_staff: f64,
            cost_hotel: f64,
            cost_total: f64,
            co2_kg: f64,
        }
        let f = &self.figures;
        Out {
            reviews: self.reviews,
            miles: f.miles,
            drive_hours: f.drive_hours,
            hotel_nights: f.nights,
            cost_mileage: f.mileage_cost,
            cost_staff: f.staff_cost,
            cost_hotel: f.hotel_cost,
            cost_total: f.total(),
            co2_kg: f.co2_kg,
        }
        .serialize(s)
    }
}

/// The naive plan's figures for a given allocation.
pub fn naive_figures(caseload: &Caseload, allocation: &[IroId]) -> NaiveFigures {
    let policy = Policy::new(caseload);
    let cfg = policy.config();
    let mut reviews = 0;
    let (mut miles, mut hours, mut nights) = (0.0, 0.0, 0u32);
    for c in caseload.child_ids() {
        let child = caseload.child(c);
        let owner = allocation[c.idx()];
        let iro = caseload.iro(owner);
        let leg = policy.leg(iro.base, child.location);
        let may_stay = cfg.overnight.allowed && iro.overnight;
        let trip = policy.round_trip(leg, policy.review_secs(child), may_stay);
        let end = policy.chain_end(child);
        let mut due = policy.next_review(child);
        let mut not_before = child
            .last_review
            .map_or(child.looked_after_since, |d| d.succ_opt().unwrap_or(d))
            .max(policy.start);
        while due.date <= end {
            let earliest = policy.earliest(child, due, not_before);
            // The IRO's last working day in the window, else (away) the window's last working
            // day, else the first working day after it, in the horizon.
            let window = || earliest.iter_days().take_while(|d| *d <= due.date);
            let working = |d: &NaiveDate| policy.calendar().is_working_day(*d) && *d <= policy.end;
            let held = window()
                .filter(|&d| policy.works_on(owner, d))
                .last()
                .or_else(|| window().filter(working).last())
                .or_else(|| {
                    due.date
                        .max(earliest)
                        .iter_days()
                        .take_while(|d| *d <= policy.end)
                        .find(working)
                });
            let Some(held) = held else { break };
            reviews += 1;
            let in_person = !policy.is_virtual(child, due.number, leg.miles);
            if let (true, Some(t)) = (in_person, trip) {
                miles += t.miles;
                hours += t.hours;
                nights += t.nights;
            }
            due = policy.successor(due.number, held);
            not_before = held.succ_opt().unwrap_or(held);
        }
    }
    NaiveFigures {
        reviews,
        figures: Figures::of(cfg, miles, hours, nights),
    }
}
