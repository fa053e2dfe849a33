//! Trip rules (DESIGN.md §5): a trip is a sequence of stops that starts and ends at its IRO's
//! base, with hotel nights between days; every journey takes at least the travel model's time
//! (`ceil(hours × 60)` whole minutes, less a minute's tolerance for the 6-decimal stop
//! coordinates) plus a `day.drive_break_minutes` break after each `day.drive_break_after_hours`
//! of it (Highway Code rule 91: `breaks = max(0, ceil(hours / after) − 1)`); a lunch stop is
//! taken where the previous stop was, and names no child; each day departs no earlier than `day.earliest_departure`, arrives at the hotel
//! or base no later than `day.latest_return`, and lasts at most `day.max_hours`; every trip day
//! is a working day of the IRO and no two trips of one IRO share a day; hotels only for IROs who
//! may stay away and where config allows, at most `overnight.max_nights`, and none nearer home
//! than `overnight.min_hotel_drive_hours` (the drive home); each in-person review
//! is exactly one review stop of its trip, at the child's placement, at the written times, on a
//! trip of the IRO who chairs it.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::read::{Kind, Mode, ReviewRow, StopRow, TripRow};
use super::{Ctx, Findings, abs_minutes, tolerance};
use crate::domain::IroId;

/// Longest span of a trip the day-by-day checks walk (far more than any `overnight.max_nights`).
const MAX_TRIP_DAYS: i64 = 31;

/// The absolute minute a stop is left (a hotel is left the next morning).
pub fn departs_at(s: &StopRow) -> i64 {
    let day = if s.kind == Kind::Hotel { 1440 } else { 0 };
    abs_minutes(s.date, s.depart.0) + day
}

/// The date a stop is left.
fn departs_on(s: &StopRow) -> NaiveDate {
    if s.kind == Kind::Hotel {
        s.date.succ_opt().unwrap_or(s.date)
    } else {
        s.date
    }
}

/// The stops of every trip, in `seq` order.
pub fn stops_by_trip<'p>(ctx: &Ctx<'p>) -> BTreeMap<&'p str, Vec<&'p StopRow>> {
    let mut out: BTreeMap<&str, Vec<&StopRow>> = BTreeMap::new();
    for s in &ctx.plan.stops {
        out.entry(s.trip_id.as_str()).or_default().push(s);
    }
    for v in out.values_mut() {
        v.sort_by_key(|s| s.seq);
    }
    out
}

/// Checks the trip rules.
pub fn check(ctx: &Ctx<'_>, f: &mut Findings) {
    let stops = stops_by_trip(ctx);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for t in &ctx.plan.trips {
        *seen.entry(t.trip_id.as_str()).or_default() += 1;
    }
    for (id, n) in &seen {
        f.check(*n == 1, || {
            format!("trips.csv: trip {id} is listed {n} times")
        });
    }
    for id in stops.keys() {
        f.check(seen.contains_key(id), || {
            format!("trip_stops.csv: trip {id} has stops but is not in trips.csv")
        });
    }
    let mut reviews_of: HashMap<(&str, &str), Vec<&ReviewRow>> = HashMap::new();
    for r in &ctx.plan.reviews {
        if let Some(t) = &r.trip_id {
            reviews_of
                .entry((t.as_str(), r.child_id.as_str()))
                .or_default()
                .push(r);
        }
    }
    let mut days_of: BTreeMap<(IroId, NaiveDate), Vec<&str>> = BTreeMap::new();
    for t in &ctx.plan.trips {
        let Some(&iro) = ctx.iro_by_ext.get(t.iro_id.as_str()) else {
            f.push(format!(
                "trips.csv: trip {} belongs to unknown IRO {}",
                t.trip_id, t.iro_id
            ));
            continue;
        };
        let Some(st) = stops.get(t.trip_id.as_str()).filter(|s| s.len() >= 2) else {
            f.push(format!(
                "trip_stops.csv: trip {} has fewer than two stops",
                t.trip_id
            ));
            continue;
        };
        one_trip(ctx, f, t, iro, st, &reviews_of);
        // A trip longer than its nights allow is reported by `one_trip`; a hand-edited date
        // far away must not make the day walk below run for years.
        let span = (t.end_date - t.start_date).num_days();
        if !(0..=MAX_TRIP_DAYS).contains(&span) {
            f.push(format!(
                "trips.csv: trip {} runs {} to {}, not a trip of at most {MAX_TRIP_DAYS} days",
                t.trip_id, t.start_date, t.end_date
            ));
            continue;
        }
        let mut d = t.start_date;
        while d <= t.end_date {
            days_of
                .entry((iro, d))
                .or_default()
                .push(t.trip_id.as_str());
            let why = ctx.unavailable_because(iro, d);
            let booked = ctx.booking_days.contains(&(iro, d));
            f.check(why.is_none() || booked, || {
                format!(
                    "trips.csv: trip {} of IRO {} travels on {d}, {}",
                    t.trip_id,
                    t.iro_id,
                    why.clone().unwrap_or_default()
                )
            });
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
    }
    for ((iro, date), ids) in days_of {
        f.check(ids.len() == 1, || {
            format!(
                "trips.csv: trips {} of IRO {} share {date}",
                ids.join(" and "),
                ctx.caseload.iro(iro).external_id
            )
        });
    }
    let trip_iro: HashMap<&str, &str> = ctx
        .plan
        .trips
        .iter()
        .map(|t| (t.trip_id.as_str(), t.iro_id.as_str()))
        .collect();
    for r in &ctx.plan.reviews {
        if r.mode != Mode::InPerson {
            continue;
        }
        let Some(trip) = &r.trip_id else { continue };
        let who = format!(
            "reviews.csv: child {} review {}",
            r.child_id, r.review_number
        );
        let Some(st) = stops.get(trip.as_str()) else {
            f.push(format!("{who} names trip {trip}, which has no stops"));
            continue;
        };
        let matching: Vec<&&StopRow> = st
            .iter()
            .filter(|s| {
                s.kind == Kind::Review
                    && s.child_id.as_deref() == Some(r.child_id.as_str())
                    && s.date == r.date
            })
            .collect();
        match matching.as_slice() {
            [] => f.push(format!(
                "{who} held {} on trip {trip}, but the trip has no stop for it that day",
                r.date
            )),
            [s] => f.check(s.arrive == r.start && s.depart == r.end, || {
                format!(
                    "{who} is {}–{} but its stop in trip {trip} is {}–{}",
                    r.start, r.end, s.arrive, s.depart
                )
            }),
            many => f.push(format!(
                "{who} appears as {} stops of trip {trip}",
                many.len()
            )),
        }
        // An agency-chaired review names no trip at all (a review rule).
        if let (Some(owner), Some(chair)) = (trip_iro.get(trip.as_str()), &r.chair) {
            f.check(owner == chair, || {
                format!("{who} chaired by {chair} but held on trip {trip} of IRO {owner}")
            });
        }
    }
}

/// The rules of one trip's stops.
fn one_trip(
    ctx: &Ctx<'_>,
    f: &mut Findings,
    t: &TripRow,
    iro: IroId,
    st: &[&StopRow],
    reviews_of: &HashMap<(&str, &str), Vec<&ReviewRow>>,
) {
    let cl = ctx.caseload;
    let cfg = &cl.config;
    let d = &cfg.day;
    let the_iro = cl.iro(iro);
    let id = &t.trip_id;
    for (i, s) in st.iter().enumerate() {
        f.check(s.seq as usize == i + 1, || {
            format!(
                "trip_stops.csv:{}: trip {id} stop seq {} out of sequence (expected {})",
                s.line,
                s.seq,
                i + 1
            )
        });
    }
    let (first, last) = (st[0], st[st.len() - 1]);
    for (which, s) in [("first", first), ("last", last)] {
        f.check(
            s.kind == Kind::Base && super::Ctx::same_point(s.point, the_iro.base),
            || {
                format!(
                    "trip_stops.csv: trip {id} {which} stop is not at the base of IRO {}",
                    t.iro_id
                )
            },
        );
    }
    for s in &st[1..st.len() - 1] {
        f.check(s.kind != Kind::Base, || {
            format!(
                "trip_stops.csv: trip {id} stop {} returns to base mid-trip",
                s.seq
            )
        });
    }
    f.check(
        t.start_date == first.date && t.end_date == last.date,
        || {
            format!(
                "trips.csv: trip {id} runs {}–{} but its stops run {}–{}",
                t.start_date, t.end_date, first.date, last.date
            )
        },
    );
    let nights = st.iter().filter(|s| s.kind == Kind::Hotel).count() as u32;
    let reviews = st.iter().filter(|s| s.kind == Kind::Review).count() as u32;
    f.check(t.nights == nights, || {
        format!(
            "trips.csv: trip {id} nights {} but it has {nights} hotel stops",
            t.nights
        )
    });
    f.check(t.reviews == reviews, || {
        format!(
            "trips.csv: trip {id} reviews {} but it has {reviews} review stops",
            t.reviews
        )
    });
    if nights > 0 {
        f.check(cfg.overnight.allowed, || {
            format!("trip_stops.csv: trip {id} stays {nights} night(s) at a hotel, but overnight.allowed is false")
        });
        f.check(the_iro.overnight, || {
            format!(
                "trip_stops.csv: trip {id} of IRO {} stays {nights} night(s) at a hotel, but the IRO cannot stay overnight",
                t.iro_id
            )
        });
    }
    // No night within reach of home: the drive home from the hotel at least
    // `overnight.min_hotel_drive_hours` (a minute's tolerance for the written coordinates).
    for s in st.iter().filter(|s| s.kind == Kind::Hotel) {
        let home = (ctx.leg)(s.point, the_iro.base).hours;
        f.check(
            home * 60.0 + 1.0 >= cfg.overnight.min_hotel_drive_hours * 60.0,
            || {
                format!(
                    "trip_stops.csv:{}: trip {id} spends the night at a hotel {:.0} minutes' drive from the base of IRO {}, nearer than overnight.min_hotel_drive_hours = {}",
                    s.line,
                    home * 60.0,
                    t.iro_id,
                    cfg.overnight.min_hotel_drive_hours
                )
            },
        );
    }
    f.check(nights <= cfg.overnight.max_nights, || {
        format!(
            "trip_stops.csv: trip {id} stays {nights} nights, more than overnight.max_nights = {}",
            cfg.overnight.max_nights
        )
    });
    // Journeys: on the day the previous stop is left, and no faster than the model with its
    // driving breaks.
    for w in st.windows(2) {
        let (a, b) = (w[0], w[1]);
        f.check(b.date == departs_on(a), || {
            format!(
                "trip_stops.csv: trip {id} stop {} is reached on {} but stop {} is left on {}",
                b.seq,
                b.date,
                a.seq,
                departs_on(a)
            )
        });
        let hours = (ctx.leg)(a.point, b.point).hours;
        let driving = (hours * 60.0).ceil() as i64;
        let breaks = drive_breaks(hours, d.drive_break_after_hours);
        let need = driving + breaks * i64::from(d.drive_break_minutes);
        let took = abs_minutes(b.date, b.arrive.0) - departs_at(a);
        f.check(took >= need - tolerance::MINUTES, || {
            let with_breaks = if breaks > 0 {
                format!(
                    " ({driving} minutes' driving and {breaks} break(s) of {} minutes)",
                    d.drive_break_minutes
                )
            } else {
                String::new()
            };
            format!(
                "trip_stops.csv: trip {id} drives from stop {} to stop {} in {took} minutes, the travel model needs {need}{with_breaks}",
                a.seq, b.seq
            )
        });
        f.check(b.kind == Kind::Hotel || b.depart >= b.arrive, || {
            format!(
                "trip_stops.csv: trip {id} stop {} departs {} before it arrives {}",
                b.seq, b.depart, b.arrive
            )
        });
    }
    lunch_stops(f, id, st);
    // Days: from a departure (base or hotel) to the next arrival at a hotel or the base.
    let anchors: Vec<&StopRow> = st
        .iter()
        .copied()
        .filter(|s| matches!(s.kind, Kind::Base | Kind::Hotel))
        .collect();
    let max_minutes = (d.max_hours * 60.0).round() as i64;
    for w in anchors.windows(2) {
        let (from, to) = (w[0], w[1]);
        let day = departs_on(from);
        f.check(from.depart.0 >= d.earliest_departure.minutes() as i64, || {
            format!(
                "trip_stops.csv: trip {id} leaves at {} on {day}, before day.earliest_departure {}",
                from.depart, d.earliest_departure
            )
        });
        f.check(to.arrive.0 <= d.latest_return.minutes() as i64, || {
            format!(
                "trip_stops.csv: trip {id} arrives at the {} at {} on {}, after day.latest_return {}",
                if to.kind == Kind::Hotel { "hotel" } else { "base" },
                to.arrive,
                to.date,
                d.latest_return
            )
        });
        let length = abs_minutes(to.date, to.arrive.0) - departs_at(from);
        f.check(length <= max_minutes, || {
            format!(
                "trip_stops.csv: trip {id} day {day} lasts {}h{:02} ({} to {}), longer than day.max_hours {}",
                length / 60,
                length % 60,
                from.depart,
                to.arrive,
                d.max_hours
            )
        });
    }
    // Review stops: at the child's placement, for a review written in reviews.csv.
    for s in st.iter().filter(|s| s.kind == Kind::Review) {
        let Some(child_ext) = s.child_id.as_deref() else {
            f.push(format!(
                "trip_stops.csv:{}: trip {id} review stop {} names no child",
                s.line, s.seq
            ));
            continue;
        };
        let Some(&c) = ctx.child_by_ext.get(child_ext) else {
            f.push(format!(
                "trip_stops.csv:{}: trip {id} stop {} names unknown child {child_ext}",
                s.line, s.seq
            ));
            continue;
        };
        f.check(super::Ctx::same_point(s.point, cl.child(c).location), || {
            format!(
                "trip_stops.csv: trip {id} stop {} for child {child_ext} is not at the child's placement",
                s.seq
            )
        });
        let written = reviews_of
            .get(&(id.as_str(), child_ext))
            .is_some_and(|rs| rs.iter().any(|r| r.date == s.date));
        f.check(written, || {
            format!(
                "trip_stops.csv: trip {id} stop {} reviews child {child_ext} on {}, but reviews.csv has no such review on this trip",
                s.seq, s.date
            )
        });
    }
}

/// Breaks a leg of `hours` needs: one after each `after` hours of driving
/// (`day.drive_break_after_hours`), none after the last stretch. The leg's hours are recomputed
/// from 6-decimal stop coordinates, so a leg within [`tolerance::HOURS_PER_LEG`] of a multiple
/// of the stretch is given the benefit.
fn drive_breaks(hours: f64, after: f64) -> i64 {
    if after <= 0.0 {
        return 0;
    }
    let stretches = ((hours - tolerance::HOURS_PER_LEG) / after).ceil() as i64;
    (stretches - 1).max(0)
}

/// A lunch stop is taken where the IRO is — where the previous stop was, or on arrival where
/// the next stop is (the legs around it: one of them a zero journey) — names no child, and is
/// neither the first nor the last stop (those are the base, checked above).
fn lunch_stops(f: &mut Findings, id: &str, st: &[&StopRow]) {
    for (k, w) in st.windows(2).enumerate() {
        let (prev, s) = (w[0], w[1]);
        if s.kind != Kind::Lunch {
            continue;
        }
        let at_next = st
            .get(k + 2)
            .is_some_and(|next| super::Ctx::same_point(s.point, next.point));
        f.check(super::Ctx::same_point(s.point, prev.point) || at_next, || {
            format!(
                "trip_stops.csv: trip {id} lunch stop {} is neither where stop {} was nor where the next stop is (lunch is taken where the IRO is)",
                s.seq, prev.seq
            )
        });
        f.check(s.child_id.is_none(), || {
            format!(
                "trip_stops.csv:{}: trip {id} lunch stop {} names child {}",
                s.line,
                s.seq,
                s.child_id.as_deref().unwrap_or_default()
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::super::read::{Cover, Hm, Kind};
    use super::{check, drive_breaks};

    #[test]
    fn breaks_after_each_two_hours_of_driving() {
        // Highway Code rule 91: a break after each 2 h; none after the last stretch.
        for (hours, breaks) in [
            (0.5, 0),
            (2.0, 0),
            (2.0005, 0),
            (2.5, 1),
            (4.0, 1),
            (4.1, 2),
            (6.5, 3),
        ] {
            assert_eq!(drive_breaks(hours, 2.0), breaks, "{hours} h");
        }
    }

    #[test]
    fn a_leg_without_its_driving_break() {
        // With a break after each 0.25 h, the 0.3154 h leg (19 minutes) needs one 15-minute
        // break: 34 minutes.
        let (mut cl, plan) = council();
        cl.config.day.drive_break_after_hours = 0.25;
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &[
                    "trip T1 drives from stop 1 to stop 2 in 19 minutes, the travel model needs \
                     34 (19 minutes' driving and 1 break(s) of 15 minutes)"
                ]
            ),
            "{v:#?}"
        );
    }

    /// The fixture with a lunch stop where the review was, 10:30–11:00, home at 11:19.
    fn with_lunch() -> (crate::domain::Caseload, super::super::read::PlanFiles) {
        let (cl, mut plan) = council();
        let mut lunch = plan.stops[1].clone();
        lunch.kind = Kind::Lunch;
        lunch.child_id = None;
        lunch.arrive = Hm(630);
        lunch.depart = Hm(660);
        plan.stops.insert(2, lunch);
        plan.stops[3].arrive = Hm(679);
        plan.stops[3].depart = Hm(679);
        for (i, s) in plan.stops.iter_mut().enumerate() {
            s.seq = i as u32 + 1;
            s.line = i + 2;
        }
        (cl, plan)
    }

    #[test]
    fn a_lunch_stop_passes_every_family() {
        let (cl, plan) = with_lunch();
        for family in [
            super::super::allocation::check,
            super::super::reviews::check,
            check,
            super::super::workload::check,
            super::super::figures::check,
        ] {
            let v = run(&cl, &plan, family);
            assert!(v.is_empty(), "{v:#?}");
        }
    }

    #[test]
    fn a_lunch_stop_away_from_the_previous_stop() {
        let (cl, mut plan) = with_lunch();
        plan.stops[2].point = pt(50.75, -2.4);
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["trip T1 lunch stop 3 is neither where stop 2 was"]),
            "{v:#?}"
        );
    }

    #[test]
    fn a_lunch_stop_naming_a_child() {
        let (cl, mut plan) = with_lunch();
        plan.stops[2].child_id = Some("C1".into());
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec!["trip_stops.csv:4: trip T1 lunch stop 3 names child C1"]
        );
    }

    #[test]
    fn a_lunch_stop_ending_before_it_starts() {
        let (cl, mut plan) = with_lunch();
        plan.stops[2].depart = Hm(620);
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["trip T1 stop 3 departs 10:20 before it arrives 10:30"]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn a_review_on_a_trip_of_another_iro_than_its_chair() {
        let (mut cl, mut plan) = council();
        let mut b = cl.iros[0].clone();
        b.external_id = "B".into();
        cl.iros.push(b);
        plan.reviews[0].chair = Some("B".into());
        plan.reviews[0].cover = Some(Cover::Colleague);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec!["reviews.csv: child C1 review 4 chaired by B but held on trip T1 of IRO A"]
        );
    }

    #[test]
    fn driving_faster_than_the_model() {
        let (cl, mut plan) = council();
        plan.stops[0].depart = Hm(plan.stops[0].depart.0 + 5);
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["trip T1 drives from stop 1 to stop 2 in 14 minutes, the travel model needs 19"]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn departure_return_and_day_length() {
        let (mut cl, mut plan) = council();
        plan.stops[0].depart = Hm(6 * 60);
        plan.stops[2].arrive = Hm(19 * 60 + 30);
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["leaves at 06:00 on 2027-02-26, before day.earliest_departure"]
            ),
            "{v:#?}"
        );
        assert!(
            has(
                &v,
                &["arrives at the base at 19:30", "after day.latest_return"]
            ),
            "{v:#?}"
        );
        cl.config.day.max_hours = 1.5;
        let v = run(&cl, &council().1, check);
        assert!(
            has(
                &v,
                &["day 2027-02-26 lasts 2h08", "longer than day.max_hours 1.5"]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn hotel_rules() {
        let (mut cl, mut plan) = council();
        // Turn the trip into two days: a hotel at the placement after the review.
        let mut hotel = plan.stops[1].clone();
        hotel.kind = Kind::Hotel;
        hotel.child_id = None;
        hotel.arrive = Hm(630);
        hotel.depart = Hm(8 * 60);
        plan.stops.insert(2, hotel);
        plan.stops[3].date = d("2027-03-01");
        plan.stops[3].arrive = Hm(8 * 60 + 19);
        for (i, s) in plan.stops.iter_mut().enumerate() {
            s.seq = i as u32 + 1;
        }
        plan.trips[0].end_date = d("2027-03-01");
        plan.trips[0].nights = 1;
        let v = run(&cl, &plan, check);
        // Friday night to Monday is not "the next day".
        assert!(
            has(
                &v,
                &["stop 4 is reached on 2027-03-01 but stop 3 is left on 2027-02-27"]
            ),
            "{v:#?}"
        );
        assert!(has(&v, &["travels on 2027-02-27, a Saturday"]), "{v:#?}");
        // The placement is 19 minutes from the base: no service books that hotel.
        let near = "nearer than overnight.min_hotel_drive_hours = 1";
        assert!(
            has(
                &v,
                &[
                    "trip T1 spends the night at a hotel 19 minutes' drive",
                    near
                ]
            ),
            "{v:#?}"
        );
        cl.config.overnight.min_hotel_drive_hours = 0.25;
        let v = run(&cl, &plan, check);
        assert!(!has(&v, &["spends the night at a hotel"]), "{v:#?}");
        cl.iros[0].overnight = false;
        cl.config.overnight.max_nights = 0;
        let v = run(&cl, &plan, check);
        assert!(has(&v, &["the IRO cannot stay overnight"]), "{v:#?}");
        assert!(has(&v, &["more than overnight.max_nights = 0"]), "{v:#?}");
        cl.config.overnight.allowed = false;
        let v = run(&cl, &plan, check);
        assert!(has(&v, &["overnight.allowed is false"]), "{v:#?}");
    }

    #[test]
    fn review_stop_must_match_the_review() {
        let (cl, mut plan) = council();
        plan.stops[1].depart = Hm(640);
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["is 09:00–10:30 but its stop in trip T1 is 09:00–10:40"]
            ),
            "{v:#?}"
        );
        let (cl, mut plan) = council();
        plan.stops[1].point = pt(51.0, -2.4);
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["stop 2 for child C1 is not at the child's placement"]),
            "{v:#?}"
        );
        let (cl, mut plan) = council();
        plan.stops.remove(1);
        plan.stops[1].seq = 2;
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["but the trip has no stop for it that day"]),
            "{v:#?}"
        );
        assert!(
            has(
                &v,
                &["trips.csv: trip T1 reviews 1 but it has 0 review stops"]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn trips_sharing_a_day_and_base_stops() {
        let (cl, mut plan) = council();
        let mut t2 = plan.trips[0].clone();
        t2.trip_id = "T2".into();
        plan.trips.push(t2);
        let mut s2: Vec<_> = plan.stops.clone();
        for s in &mut s2 {
            s.trip_id = "T2".into();
        }
        s2[0].point = pt(50.0, -2.0);
        plan.stops.extend(s2);
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["trips T1 and T2 of IRO A share 2027-02-26"]),
            "{v:#?}"
        );
        assert!(
            has(&v, &["trip T2 first stop is not at the base of IRO A"]),
            "{v:#?}"
        );
        assert!(
            has(
                &v,
                &[
                    "trip_stops.csv: trip T2 stop 2 reviews child C1 on 2027-02-26, but reviews.csv has no such review"
                ]
            ),
            "{v:#?}"
        );
    }
}
