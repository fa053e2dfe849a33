//! The weekly rota on the terminal: per IRO, the days away on leave, each trip's stops with
//! places people can use, then the virtual reviews at the office, the hours of write-ups
//! carried from the week before and the IRO's children whose reviews someone else chairs this
//! week (a colleague's cover, named on both IROs' rotas, or an agency); then the week's late,
//! flagged (a booking that breaks a rule, a review forced virtual) and unscheduled reviews
//! with their reasons and suggested actions.

use crate::domain::Caseload;
use crate::io::outputs::{hhmm, trip_id};
use crate::places::{review_place, stop_place};
use crate::rota::Week;
use crate::schedule::{Chair, PlannedReview, StopKind};

/// ` (covering for IRO07)` after a review a colleague chairs for the child's own IRO.
fn covering(caseload: &Caseload, r: &PlannedReview) -> String {
    if r.cover().is_some() {
        format!(" (covering for {})", caseload.iro(r.iro).external_id)
    } else {
        String::new()
    }
}

/// The printed itinerary of a week.
pub fn itinerary(caseload: &Caseload, week: &Week<'_>) -> String {
    let mut o = format!("Rota for {} to {}\n", week.monday, week.sunday);
    // Hours of admin each IRO does this week for reviews of the weeks before (a round's
    // write-ups, `workload.admin_carry_weeks`).
    let carried: std::collections::HashMap<_, f64> =
        crate::schedule::week_loads(caseload, week.plan)
            .into_iter()
            .filter(|w| w.monday == week.monday && w.admin_carried_hours > 0.0)
            .map(|w| (w.iro, w.admin_carried_hours))
            .collect();
    for iro in caseload.iro_ids() {
        if caseload.iro(iro).vacant {
            continue;
        }
        let trips: Vec<_> = week.trips.iter().filter(|(_, t)| t.iro == iro).collect();
        let office: Vec<_> = week
            .reviews
            .iter()
            .filter(|r| r.chair_iro() == Some(iro) && r.trip.is_none())
            .collect();
        o += &format!("IRO {}\n", caseload.iro(iro).external_id);
        for a in caseload
            .absences
            .iter()
            .filter(|a| a.iro == iro && a.from <= week.sunday && a.to >= week.monday)
        {
            o += &format!("  away {} to {}\n", a.from, a.to);
        }
        if trips.is_empty() && office.is_empty() {
            o += "  no reviews this week\n";
        }
        if let Some(h) = carried.get(&iro) {
            o += &format!("  write-ups of last week's reviews: {h:.1} h of admin\n");
        }
        for (id, t) in trips {
            o += &format!(
                "  {} {}:\n",
                trip_id(id.idx()),
                t.start_date().format("%a %Y-%m-%d")
            );
            for (k, s) in t.stops.iter().enumerate() {
                let place = stop_place(caseload, t, s).line();
                let day = s.date.format("%a");
                let line = match s.kind {
                    StopKind::Base if k == 0 => format!("depart {place} {}", hhmm(s.depart)),
                    StopKind::Base => format!("return to {place} {day} {}", hhmm(s.arrive)),
                    StopKind::Review => {
                        let child = s.child.map_or("", |c| &caseload.child(c).external_id);
                        let cover = week
                            .reviews
                            .iter()
                            .find(|r| {
                                Some(r.child) == s.child && r.date == s.date && r.trip == Some(*id)
                            })
                            .map_or_else(String::new, |r| covering(caseload, r));
                        format!(
                            "{day} review of {child} {}-{} at {place}{cover}",
                            hhmm(s.arrive),
                            hhmm(s.depart),
                        )
                    }
                    StopKind::Lunch => {
                        format!("{day} lunch {}-{}", hhmm(s.arrive), hhmm(s.depart))
                    }
                    StopKind::Hotel => format!(
                        "{day} {place} from {}, leave {}",
                        hhmm(s.arrive),
                        hhmm(s.depart)
                    ),
                };
                o += &format!("    {line}\n");
            }
        }
        for r in office {
            o += &format!(
                "  {} {} review of {} {}-{}{}\n",
                r.date.format("%a %Y-%m-%d"),
                review_place(caseload, r).label,
                caseload.child(r.child).external_id,
                hhmm(r.start),
                hhmm(r.end),
                covering(caseload, r)
            );
        }
        let mut covered: Vec<_> = week
            .reviews
            .iter()
            .filter(|r| r.iro == iro && r.cover().is_some())
            .collect();
        covered.sort_by_key(|r| (r.date, r.start));
        for r in covered {
            let chair = match r.chair {
                Chair::Iro(c) => caseload.iro(c).external_id.as_str(),
                Chair::Agency => "an agency IRO",
            };
            o += &format!(
                "  covered: review {} of {} {} {}-{} chaired by {chair}\n",
                r.number,
                caseload.child(r.child).external_id,
                r.date.format("%a %Y-%m-%d"),
                hhmm(r.start),
                hhmm(r.end)
            );
        }
    }
    for r in week.late() {
        let reason = r.reason.map_or("unknown", |x| x.code());
        o += &format!(
            "WARNING: review {} of {} held {} is {} days late (due {}); reason {reason}: {}\n",
            r.number,
            caseload.child(r.child).external_id,
            r.date,
            (r.date - r.due).num_days(),
            r.due,
            r.reason.map_or("", |x| x.action())
        );
    }
    // Held on time but flagged (a booking that breaks a rule, a review forced virtual): the
    // IRO following the rota needs to know as much as about a late one.
    for r in week.reviews.iter().filter(|r| r.on_time) {
        if let Some(reason) = r.reason {
            o += &format!(
                "WARNING: review {} of {} on {} {}-{} is flagged; reason {}: {}\n",
                r.number,
                caseload.child(r.child).external_id,
                r.date.format("%a %Y-%m-%d"),
                hhmm(r.start),
                hhmm(r.end),
                reason.code(),
                reason.action()
            );
        }
    }
    for u in &week.unscheduled {
        o += &format!(
            "WARNING: review {} of {} due {} could not be held inside the plan; reason {}: {}\n",
            u.number,
            caseload.child(u.child).external_id,
            u.due,
            u.reason.code(),
            u.reason.action()
        );
    }
    o
}
