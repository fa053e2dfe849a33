//! Times a trip: given an ordered list of visits and a first day, walks the IRO's clock through
//! each working day — departing so as to arrive for the first review at the start of the
//! working day, holding reviews within review hours, staying at a hotel where the day runs out
//! (day length, latest return, reviews a day), and splitting a journey too long for one day at
//! an en-route hotel. Returns `None` when the order cannot be held on those days.
//!
//! Units: seconds after midnight; every journey is rounded up to whole minutes
//! ([`travel_secs`]) so that written `HH:MM` times recompute exactly.

use chrono::NaiveDate;

use super::{Stop, StopKind};
use crate::config::Config;
use crate::domain::{ChildId, LatLon};
use crate::geo::TravelModel;

/// Driving seconds of a journey of `hours`, rounded up to whole minutes.
pub fn travel_secs(hours: f64) -> i64 {
    ((hours * 60.0).ceil() as i64).max(0) * 60
}

/// The working-day rules in seconds.
#[derive(Debug, Clone, Copy)]
pub struct DayRules {
    /// Reviews start no earlier than this.
    pub review_start: i64,
    /// Reviews end no later than this.
    pub review_end: i64,
    /// Earliest departure from base or hotel.
    pub earliest_departure: i64,
    /// Latest return to base or arrival at a hotel.
    pub latest_return: i64,
    /// Longest working day including travel.
    pub max_length: i64,
    /// Most reviews a day.
    pub max_reviews: u32,
}

impl DayRules {
    /// From configuration.
    pub fn new(config: &Config) -> DayRules {
        let d = &config.day;
        DayRules {
            review_start: d.start.seconds(),
            review_end: d.end.seconds(),
            earliest_departure: d.earliest_departure.seconds(),
            latest_return: d.latest_return.seconds(),
            max_length: (d.max_hours * 3600.0).round() as i64,
            max_reviews: config.review.max_per_day,
        }
    }

    /// Longest drive that fits in one fresh day.
    fn max_drive(&self) -> i64 {
        (self.latest_return - self.earliest_departure).min(self.max_length)
    }
}

/// A review to hold on a trip.
#[derive(Debug, Clone, Copy)]
pub struct Visit {
    /// The child.
    pub child: ChildId,
    /// Placement.
    pub point: LatLon,
    /// Meeting length, seconds.
    pub duration: i64,
    /// First allowed date.
    pub earliest: NaiveDate,
    /// Last allowed date.
    pub latest: NaiveDate,
}

/// A timed trip.
#[derive(Debug, Clone)]
pub struct Timing {
    /// Stops: base, reviews and hotels, base.
    pub stops: Vec<Stop>,
    /// Hotel nights.
    pub nights: u32,
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub hours: f64,
}

impl Timing {
    /// Days the trip occupies.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        let first = self.stops[0].date;
        let last = self.stops[self.stops.len() - 1].date;
        first.iter_days().take_while(move |d| *d <= last)
    }

    /// Each review stop: child, date, start and end (a review stop's `arrive` is its start).
    pub fn review_slots(&self) -> impl Iterator<Item = (ChildId, NaiveDate, i64, i64)> + '_ {
        self.stops
            .iter()
            .filter(|s| s.kind == StopKind::Review)
            .map(|s| {
                (
                    s.child.expect("review stop has a child"),
                    s.date,
                    s.arrive,
                    s.depart,
                )
            })
    }
}

struct Clock<'a> {
    rules: &'a DayRules,
    travel: &'a TravelModel,
    stops: Vec<Stop>,
    date: NaiveDate,
    pos: LatLon,
    /// Departure time today, once the day has started.
    day_start: Option<i64>,
    now: i64,
    reviews_today: u32,
    nights: u32,
    max_nights: u32,
    miles: f64,
    hours: f64,
}

impl Clock<'_> {
    /// Sets the departure time of the last stop (base or hotel) when the day starts.
    fn start_day(&mut self, depart: i64) {
        self.day_start = Some(depart);
        if let Some(last) = self.stops.last_mut() {
            last.depart = depart;
            if last.kind == StopKind::Base {
                last.arrive = depart;
            }
        }
    }

    /// Spends the night at the current position; false if not allowed.
    fn overnight(&mut self, day_ok: &dyn Fn(NaiveDate) -> bool, arrive: i64) -> bool {
        if self.nights >= self.max_nights {
            return false;
        }
        let Some(next) = self.date.succ_opt() else {
            return false;
        };
        if !day_ok(next) {
            return false;
        }
        self.stops.push(Stop {
            kind: StopKind::Hotel,
            child: None,
            date: self.date,
            arrive,
            depart: self.rules.earliest_departure,
            point: self.pos,
        });
        self.nights += 1;
        self.date = next;
        self.day_start = None;
        self.reviews_today = 0;
        true
    }

    /// Drives towards `to` as far as a fresh day allows and stops at an en-route hotel.
    fn split_leg(&mut self, to: LatLon, day_ok: &dyn Fn(NaiveDate) -> bool) -> bool {
        let leg = self.travel.leg(self.pos, to);
        let drive = self.rules.max_drive();
        if leg.hours <= 0.0 || drive <= 0 {
            return false;
        }
        // Shrink the fraction until the part fits in a day (journey time is affine in miles).
        let mut frac = (drive as f64 / 3600.0 / leg.hours).min(0.95);
        let (mid, part) = loop {
            let mid = interpolate(self.pos, to, frac);
            let part = self.travel.leg(self.pos, mid);
            if travel_secs(part.hours) <= drive {
                break (mid, part);
            }
            frac *= 0.8;
            if frac < 0.01 {
                return false;
            }
        };
        let dep = self.rules.earliest_departure;
        self.start_day(dep);
        let arrive = dep + travel_secs(part.hours);
        self.miles += part.miles;
        self.hours += part.hours;
        self.pos = mid;
        self.now = arrive;
        self.overnight(day_ok, arrive)
    }
}

/// The point a fraction `f` of the way from `a` to `b` (linear in degrees: adequate over the
/// distances of one day's drive for placing an en-route hotel).
fn interpolate(a: LatLon, b: LatLon, f: f64) -> LatLon {
    LatLon::new(
        a.lat() + (b.lat() - a.lat()) * f,
        a.lon() + (b.lon() - a.lon()) * f,
    )
    .unwrap_or(a)
}

/// Times the visits in order, starting from `base` on `first_day`. `day_ok` says whether the
/// IRO may work on a date (available and not already travelling). `None` if infeasible.
pub fn simulate(
    base: LatLon,
    visits: &[Visit],
    first_day: NaiveDate,
    day_ok: &dyn Fn(NaiveDate) -> bool,
    travel: &TravelModel,
    rules: &DayRules,
    max_nights: u32,
) -> Option<Timing> {
    if !day_ok(first_day) {
        return None;
    }
    let mut c = Clock {
        rules,
        travel,
        stops: vec![Stop {
            kind: StopKind::Base,
            child: None,
            date: first_day,
            arrive: rules.earliest_departure,
            depart: rules.earliest_departure,
            point: base,
        }],
        date: first_day,
        pos: base,
        day_start: None,
        now: rules.earliest_departure,
        reviews_today: 0,
        nights: 0,
        max_nights,
        miles: 0.0,
        hours: 0.0,
    };
    for v in visits {
        let mut guard = 0;
        loop {
            guard += 1;
            if guard > (max_nights as usize + 3) * 2 || c.date > v.latest {
                return None;
            }
            if c.date < v.earliest {
                return None;
            }
            let leg = travel.leg(c.pos, v.point);
            let secs = travel_secs(leg.hours);
            let (dep, arrive) = match c.day_start {
                None => {
                    let dep = (rules.review_start - secs).max(rules.earliest_departure);
                    (dep, dep + secs)
                }
                Some(s) => (s, c.now + secs),
            };
            let start = arrive.max(rules.review_start);
            let end = start + v.duration;
            if end <= rules.review_end
                && c.reviews_today < rules.max_reviews
                && end - dep <= rules.max_length
                && end <= rules.latest_return
            {
                if c.day_start.is_none() {
                    c.start_day(dep);
                }
                c.miles += leg.miles;
                c.hours += leg.hours;
                c.stops.push(Stop {
                    kind: StopKind::Review,
                    child: Some(v.child),
                    date: c.date,
                    arrive: start,
                    depart: end,
                    point: v.point,
                });
                c.pos = v.point;
                c.now = end;
                c.reviews_today += 1;
                break;
            }
            let ok = if c.day_start.is_some() {
                c.overnight(day_ok, c.now)
            } else if c.stops.len() > 1 || c.pos != base || secs > rules.max_drive() {
                // A fresh day cannot reach the visit in time: drive part of the way today.
                c.split_leg(v.point, day_ok)
            } else {
                false
            };
            if !ok {
                return None;
            }
        }
    }
    // Home.
    let mut guard = 0;
    loop {
        guard += 1;
        if guard > (max_nights as usize + 3) * 2 {
            return None;
        }
        let leg = travel.leg(c.pos, base);
        let secs = travel_secs(leg.hours);
        let (dep, arrive) = match c.day_start {
            None => (rules.earliest_departure, rules.earliest_departure + secs),
            Some(s) => (s, c.now + secs),
        };
        if arrive <= rules.latest_return && arrive - dep <= rules.max_length {
            if c.day_start.is_none() {
                c.start_day(dep);
            }
            c.miles += leg.miles;
            c.hours += leg.hours;
            c.stops.push(Stop {
                kind: StopKind::Base,
                child: None,
                date: c.date,
                arrive,
                depart: arrive,
                point: base,
            });
            break;
        }
        let ok = if c.day_start.is_some() {
            c.overnight(day_ok, c.now)
        } else {
            c.split_leg(base, day_ok)
        };
        if !ok {
            return None;
        }
    }
    Some(Timing {
        stops: c.stops,
        nights: c.nights,
        miles: c.miles,
        hours: c.hours,
    })
}
