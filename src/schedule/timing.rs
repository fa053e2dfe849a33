//! Times a trip: given an ordered list of visits and a first day, walks the IRO's clock through
//! each working day — departing so as to arrive for the first review at the start of review
//! hours, holding reviews within review hours, taking a lunch break inside the lunch window,
//! a driving break after each stretch of continuous driving, staying at a hotel where the day
//! runs out (day length, latest return, reviews a day, daily driving cap), and splitting a
//! journey too long for one day at an en-route hotel, or ending the day early to hold a visit
//! that may wait ([`Visit::wait`]) on the day its window opens. Returns `None` when the order
//! cannot be held on those days.
//!
//! Lunch is taken as late as it still fits: before a journey (where the IRO is), or on arrival
//! before the meeting (at the placement), whichever ends the meeting earlier; a day whose work
//! leaves a free half hour in the window needs no stop.
//!
//! Units: seconds after midnight; every journey is rounded up to whole minutes
//! ([`DayRules::drive_secs`]) so that written `HH:MM` times recompute exactly.

use chrono::NaiveDate;

use super::{Stop, StopKind};
use crate::domain::{ChildId, LatLon};
use crate::policy::{DayRules, Policy};

/// A review to hold on a trip.
#[derive(Debug, Clone, Copy)]
pub struct Visit<'a> {
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
    /// When in the day the meeting may be held, seconds after midnight (it lies inside).
    pub window: (i64, i64),
    /// Days the child cannot be seen, inclusive ranges.
    pub away: &'a [(NaiveDate, NaiveDate)],
    /// Whether the trip may end a day early and hold it the next day, when its window opens
    /// after the day the trip reaches it.
    pub wait: bool,
}

/// A timed trip.
#[derive(Debug, Clone)]
pub struct Timing {
    /// Stops: base, reviews, lunches and hotels, base.
    pub stops: Vec<Stop>,
    /// Hotel nights.
    pub nights: u32,
    /// Road miles.
    pub miles: f64,
    /// Driving hours.
    pub hours: f64,
    /// Work per date, seconds: meetings, their admin and driving.
    pub work: Vec<(NaiveDate, i64)>,
}

impl Timing {
    /// Days the trip occupies.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        let (first, last) = (self.stops[0].date, self.last_date());
        first.iter_days().take_while(move |d| *d <= last)
    }

    /// The day the trip is back at the base.
    pub fn last_date(&self) -> NaiveDate {
        self.stops[self.stops.len() - 1].date
    }

    /// The date the trip holds `child`'s review, if it holds one.
    pub fn date_of(&self, child: ChildId) -> Option<NaiveDate> {
        self.review_slots().find(|s| s.0 == child).map(|s| s.1)
    }

    /// Each review stop: child, date, start and end (a review stop's `arrive` is its start).
    pub fn review_slots(&self) -> impl Iterator<Item = (ChildId, NaiveDate, i64, i64)> + '_ {
        self.stops
            .iter()
            .filter(|s| s.kind == StopKind::Review)
            .filter_map(|s| Some((s.child?, s.date, s.arrive, s.depart)))
    }
}

struct Clock<'a> {
    rules: &'a DayRules,
    policy: &'a Policy,
    admin: i64,
    stops: Vec<Stop>,
    work: Vec<(NaiveDate, i64)>,
    date: NaiveDate,
    /// The IRO's base, where the trip starts and ends.
    base: LatLon,
    pos: LatLon,
    /// Departure time today, once the day has started.
    day_start: Option<i64>,
    now: i64,
    reviews_today: u32,
    drive_today: i64,
    lunch_done: bool,
    nights: u32,
    max_nights: u32,
    miles: f64,
    hours: f64,
}

impl Clock<'_> {
    /// Sets the departure time of the last stop (base or hotel) when the day starts.
    fn start_day(&mut self, depart: i64) {
        self.day_start = Some(depart);
        // Free time before a late departure holds lunch.
        self.lunch_done = depart >= self.rules.lunch_from + self.rules.lunch;
        if let Some(last) = self.stops.last_mut() {
            last.depart = depart;
            if last.kind == StopKind::Base {
                last.arrive = depart;
            }
        }
    }

    /// Drives a leg of `miles`/`hours`, `drive` seconds at the wheel. The leg's work is its
    /// time with breaks, the measure the routing core plans weeks with (a little above the
    /// driving hours alone).
    fn drive(&mut self, miles: f64, hours: f64, drive: i64) {
        self.miles += miles;
        self.hours += hours;
        self.drive_today += drive;
        self.work.push((self.date, self.rules.journey_secs(hours)));
    }

    /// A lunch stop at the current position from `at`.
    fn lunch(&mut self, at: i64) {
        let end = at + self.rules.lunch;
        self.stops.push(Stop {
            kind: StopKind::Lunch,
            child: None,
            date: self.date,
            arrive: at,
            depart: end,
            point: self.pos,
        });
        self.now = end;
        self.lunch_done = true;
    }

    /// Whether lunch may still wait until after work ending at `end`.
    fn lunch_can_follow(&self, end: i64) -> bool {
        self.lunch_done || end.max(self.rules.lunch_from) + self.rules.lunch <= self.rules.lunch_to
    }

    /// Spends the night at the current position; false if not allowed (no night within
    /// reach of home: [`Policy::hotel_allowed`]).
    fn overnight(&mut self, day_ok: &dyn Fn(NaiveDate) -> bool, arrive: i64) -> bool {
        if self.nights >= self.max_nights
            || !self.lunch_can_follow(arrive)
            || !self.policy.hotel_allowed(self.base, self.pos)
        {
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
        self.drive_today = 0;
        self.lunch_done = false;
        true
    }

    /// Drives towards `to` as far as the day allows — from its start on a fresh day, or from
    /// now on a day already started (within the day's length, return time and driving cap,
    /// leaving room for lunch) — and stops at an en-route hotel.
    fn split_leg(&mut self, to: LatLon, day_ok: &dyn Fn(NaiveDate) -> bool) -> bool {
        let leg = self.policy.leg(self.pos, to);
        let rules = self.rules;
        let (dep, from) = match self.day_start {
            None => (rules.earliest_departure, rules.earliest_departure),
            Some(s) => (s, self.now),
        };
        let mut lunch_first = None;
        let mut end_by = (dep + rules.max_length).min(rules.latest_return);
        if !self.lunch_done && from < rules.lunch_to - rules.lunch {
            if self.day_start.is_some() && from >= rules.lunch_from {
                // Lunch now, then drive.
                lunch_first = Some(from);
            } else {
                // The drive must end early enough for lunch after it.
                end_by = end_by.min(rules.lunch_to - rules.lunch);
            }
        }
        let start = lunch_first.map_or(from, |l| l + rules.lunch);
        let drive_left = rules.max_drive - self.drive_today;
        let span = end_by - start;
        if leg.hours <= 0.0 || span <= 0 || drive_left <= 0 {
            return false;
        }
        // Shrink the fraction until the part fits (journey time is affine in miles) and the
        // hotel is not within reach of home.
        let mut frac = (span.min(drive_left) as f64 / 3600.0 / leg.hours).min(0.95);
        let (mid, part) = loop {
            let mid = interpolate(self.pos, to, frac);
            let part = self.policy.leg(self.pos, mid);
            if rules.journey_secs(part.hours) <= span
                && DayRules::drive_secs(part.hours) <= drive_left
                && self.policy.hotel_allowed(self.base, mid)
            {
                break (mid, part);
            }
            frac *= 0.8;
            if frac < 0.01 {
                return false;
            }
        };
        if self.day_start.is_none() {
            self.start_day(dep);
        }
        if let Some(l) = lunch_first {
            self.lunch(l);
        }
        let arrive = start + rules.journey_secs(part.hours);
        self.drive(part.miles, part.hours, DayRules::drive_secs(part.hours));
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
    visits: &[Visit<'_>],
    first_day: NaiveDate,
    day_ok: &dyn Fn(NaiveDate) -> bool,
    policy: &Policy,
    max_nights: u32,
) -> Option<Timing> {
    if !day_ok(first_day) {
        return None;
    }
    let rules = &policy.day;
    let mut c = Clock {
        rules,
        policy,
        admin: policy.admin_secs(),
        stops: vec![Stop {
            kind: StopKind::Base,
            child: None,
            date: first_day,
            arrive: rules.earliest_departure,
            depart: rules.earliest_departure,
            point: base,
        }],
        work: Vec::new(),
        date: first_day,
        base,
        pos: base,
        day_start: None,
        now: rules.earliest_departure,
        reviews_today: 0,
        drive_today: 0,
        lunch_done: false,
        nights: 0,
        max_nights,
        miles: 0.0,
        hours: 0.0,
    };
    for v in visits {
        let mut guard = 0;
        loop {
            guard += 1;
            if guard > (max_nights as usize + 3) * 3 || c.date > v.latest {
                return None;
            }
            if c.date < v.earliest {
                // Not yet in its window: the day ends here and the trip goes on tomorrow (a
                // round's later reviews follow its first days' ones); a trip not yet started
                // leaves on another day.
                if v.wait && c.day_start.is_some() && c.overnight(day_ok, c.now) {
                    continue;
                }
                return None;
            }
            if try_visit(&mut c, v) {
                break;
            }
            let leg = policy.leg(c.pos, v.point);
            let long = rules.journey_secs(leg.hours) > rules.longest_drive()
                || DayRules::drive_secs(leg.hours) > rules.max_drive;
            let ok = if c.day_start.is_some() {
                // A journey longer than any day: cover part of it today, else stop here.
                (long && c.split_leg(v.point, day_ok)) || c.overnight(day_ok, c.now)
            } else if c.stops.len() > 1
                || c.pos != base
                || rules.journey_secs(leg.hours) > rules.longest_drive()
                || DayRules::drive_secs(leg.hours) > rules.max_drive
            {
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
        if guard > (max_nights as usize + 3) * 3 {
            return None;
        }
        if try_home(&mut c, base) {
            break;
        }
        let leg = policy.leg(c.pos, base);
        let long = rules.journey_secs(leg.hours) > rules.longest_drive()
            || DayRules::drive_secs(leg.hours) > rules.max_drive;
        let ok = if c.day_start.is_some() {
            (long && c.split_leg(base, day_ok)) || c.overnight(day_ok, c.now)
        } else {
            c.split_leg(base, day_ok)
        };
        if !ok {
            return None;
        }
    }
    let admin = c.admin;
    let mut work = c.work;
    work.extend(
        c.stops
            .iter()
            .filter(|s| s.kind == StopKind::Review)
            .map(|s| (s.date, s.depart - s.arrive + admin)),
    );
    Some(Timing {
        stops: c.stops,
        nights: c.nights,
        miles: c.miles,
        hours: c.hours,
        work,
    })
}

/// Holds `v` today if the day allows: journey (with breaks), lunch, review hours, reviews a day,
/// day length, driving cap.
fn try_visit(c: &mut Clock<'_>, v: &Visit<'_>) -> bool {
    let rules = c.rules;
    let (open, close) = v.window;
    if v.away.iter().any(|&(a, b)| a <= c.date && c.date <= b) {
        return false;
    }
    let leg = c.policy.leg(c.pos, v.point);
    let journey = rules.journey_secs(leg.hours);
    let drive = DayRules::drive_secs(leg.hours);
    if c.reviews_today >= rules.max_reviews || c.drive_today + drive > rules.max_drive {
        return false;
    }
    let (dep, mut arrive) = match c.day_start {
        None => {
            let dep = (open - journey).max(rules.earliest_departure);
            (dep, dep + journey)
        }
        Some(s) => (s, c.now + journey),
    };
    let mut start = arrive.max(open);
    // Lunch before the journey, or on arrival, when it cannot wait until after the meeting.
    let mut lunch_at: Option<(i64, bool)> = None;
    let lunch_free =
        c.lunch_done || (c.day_start.is_none() && dep >= rules.lunch_from + rules.lunch);
    if !lunch_free && (start + v.duration).max(rules.lunch_from) + rules.lunch > rules.lunch_to {
        // Before the journey only once the day has started (not at home before leaving).
        let before = c.now.max(rules.lunch_from);
        let on_arrival = arrive.max(rules.lunch_from);
        let start_before = (before + rules.lunch + journey).max(open);
        let start_after = (on_arrival + rules.lunch).max(open);
        let fits = |at: i64| at + rules.lunch <= rules.lunch_to;
        let fits_before = |at: i64| c.day_start.is_some() && fits(at);
        match (fits_before(before), fits(on_arrival)) {
            (true, true) if start_before <= start_after => lunch_at = Some((before, true)),
            (_, true) => lunch_at = Some((on_arrival, false)),
            (true, false) => lunch_at = Some((before, true)),
            (false, false) => return false,
        }
        let (at, before_leg) = lunch_at.unwrap_or((before, true));
        if before_leg {
            arrive = at + rules.lunch + journey;
            start = arrive.max(open);
        } else {
            start = (at + rules.lunch).max(open);
        }
    }
    let end = start + v.duration;
    if end > close || end - dep > rules.max_length || end > rules.latest_return {
        return false;
    }
    if c.day_start.is_none() {
        c.start_day(dep);
    }
    if let Some((at, true)) = lunch_at {
        c.lunch(at);
    }
    c.drive(leg.miles, leg.hours, drive);
    c.pos = v.point;
    if let Some((at, false)) = lunch_at {
        c.now = arrive;
        c.lunch(at);
    }
    c.stops.push(Stop {
        kind: StopKind::Review,
        child: Some(v.child),
        date: c.date,
        arrive: start,
        depart: end,
        point: v.point,
    });
    c.now = end;
    c.reviews_today += 1;
    true
}

/// Drives home today if the day allows.
fn try_home(c: &mut Clock<'_>, base: LatLon) -> bool {
    let rules = c.rules;
    let leg = c.policy.leg(c.pos, base);
    let journey = rules.journey_secs(leg.hours);
    let drive = DayRules::drive_secs(leg.hours);
    if c.drive_today + drive > rules.max_drive {
        return false;
    }
    let (dep, mut arrive) = match c.day_start {
        None => (rules.earliest_departure, rules.earliest_departure + journey),
        Some(s) => (s, c.now + journey),
    };
    let mut lunch_before = None;
    if !c.lunch_can_follow(arrive) && c.day_start.is_some() {
        let at = c.now.max(rules.lunch_from);
        if at + rules.lunch > rules.lunch_to {
            return false;
        }
        lunch_before = Some(at);
        arrive = at + rules.lunch + journey;
    } else if !c.lunch_can_follow(arrive) {
        return false;
    }
    if arrive > rules.latest_return || arrive - dep > rules.max_length {
        return false;
    }
    if c.day_start.is_none() {
        c.start_day(dep);
    }
    if let Some(at) = lunch_before {
        c.lunch(at);
    }
    c.drive(leg.miles, leg.hours, drive);
    c.stops.push(Stop {
        kind: StopKind::Base,
        child: None,
        date: c.date,
        arrive,
        depart: arrive,
        point: base,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::domain::Caseload;

    fn policy() -> Policy {
        Policy::new(&Caseload {
            children: Vec::new(),
            iros: Vec::new(),
            absences: Vec::new(),
            config: Config::default(),
            matrix: None,
        })
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn at(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("point")
    }

    /// A 90-minute review in Lambeth, held between `earliest` and `latest`.
    fn london(child: u32, earliest: &str, latest: &str, wait: bool) -> Visit<'static> {
        Visit {
            child: ChildId(child),
            point: at(51.47, -0.12),
            duration: 5400,
            earliest: date(earliest),
            latest: date(latest),
            window: (9 * 3600, 17 * 3600),
            away: &[],
            wait,
        }
    }

    /// From Dorchester on Tuesday 9 March 2027: one review that day, one whose window opens on
    /// the Wednesday.
    fn round(wait: bool) -> Option<Timing> {
        let visits = [
            london(0, "2027-03-09", "2027-03-09", false),
            london(1, "2027-03-10", "2027-03-12", wait),
        ];
        let weekdays = |d: NaiveDate| chrono::Datelike::weekday(&d).number_from_monday() <= 5;
        simulate(
            at(50.71, -2.44),
            &visits,
            date("2027-03-09"),
            &weekdays,
            &policy(),
            2,
        )
    }

    #[test]
    fn a_round_ends_its_day_early_for_a_review_whose_window_opens_tomorrow() {
        let t = round(true).expect("the round waits a night for its second review");
        let held: Vec<NaiveDate> = t.review_slots().map(|s| s.1).collect();
        assert_eq!(held, [date("2027-03-09"), date("2027-03-10")]);
        assert!(t.nights >= 1);
        assert!(t.stops.iter().any(|s| s.kind == StopKind::Hotel));
    }

    #[test]
    fn a_visit_that_may_not_wait_is_not_held_before_its_window() {
        assert!(round(false).is_none());
    }

    /// The same round from a base in Wimbledon, 8 miles from the placement: no night at a
    /// hotel within an hour of home (`overnight.min_hotel_drive_hours`) — the IRO goes home —
    /// so the order cannot be held on these days; with the rule off, it stays the night.
    #[test]
    fn no_night_is_spent_within_reach_of_home() {
        let visits = [
            london(0, "2027-03-09", "2027-03-09", false),
            london(1, "2027-03-10", "2027-03-12", true),
        ];
        let weekdays = |d: NaiveDate| chrono::Datelike::weekday(&d).number_from_monday() <= 5;
        let wimbledon = at(51.42, -0.21);
        let mut policy = policy();
        let day = date("2027-03-09");
        assert!(simulate(wimbledon, &visits, day, &weekdays, &policy, 2).is_none());
        let mut config = policy.config().clone();
        config.overnight.min_hotel_drive_hours = 0.0;
        policy = Policy::new(&Caseload {
            children: Vec::new(),
            iros: Vec::new(),
            absences: Vec::new(),
            config,
            matrix: None,
        });
        let t = simulate(wimbledon, &visits, day, &weekdays, &policy, 2).expect("a night away");
        assert_eq!(t.nights, 1);
        // Far from home the night is kept (the Dorchester round above).
        assert!(round(true).is_some_and(|t| t.nights >= 1));
    }
}
