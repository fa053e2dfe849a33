//! Working-time rules (issue 12; DESIGN.md §3 "Working time", config `[workload]` and `[day]`),
//! recomputed for each IRO who chairs, from the reviews it chairs and the trips it owns:
//!
//! - **the week**: per ISO week, meeting hours (Σ end − start of the reviews it chairs, in
//!   person and virtual) + `workload.admin_hours_per_review` × those reviews + driving hours
//!   (the travel model's hours of every leg of its trips, each counted on the date the leg
//!   arrives) ≤ `hours_per_week × workload.share_of_hours × available / pattern`, where
//!   a review's admin may instead be done in any of the `workload.admin_carry_weeks` weeks
//!   after its own (the record written up on return from a round): the rule holds when some
//!   way of doing every review's admin in its weeks keeps every week within its limit —
//!   recomputed by doing admin as early as there is room, oldest first (earliest deadline
//!   first, which finds such a way whenever one exists); a week's admin is the admin done in
//!   it plus the admin whose last week it is that did not fit;
//!   `pattern` is the number of weekdays in the IRO's `working_days` and `available` the days
//!   of that week inside the horizon on which it can work (a working day, in its pattern, not a
//!   bank holiday, not absent). Agency-chaired reviews count for nobody;
//! - **lunch**: on every date with work, some `day.lunch_minutes` inside `day.lunch_window`
//!   meet no work — no meeting and no leg, a leg lasting from the previous stop's departure
//!   (a hotel's: the morning after) to its arrival. Lunch stops are not work; free time before
//!   the day starts or after it ends counts;
//! - **daily driving**: the legs arriving on one date total at most `day.max_drive_hours`;
//! - **`weeks.csv`** (when the plan has one): a row for every IRO-week with work, its figures
//!   equal to the ones recomputed here (`admin_carried_hours`, the admin of earlier weeks'
//!   reviews done in the week, when the column is there).
//!
//! Limits allow one minute ([`tolerance::MINUTES`]); `weeks.csv` figures, printed rounded,
//! 0.01 h.
//!
//! # Units
//! Hours for weekly and driving figures; minutes after midnight for intervals of a day.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, Weekday};

use super::read::{Hm, IsoWeek};
use super::{Ctx, Findings, abs_minutes, tolerance, trips};
use crate::domain::IroId;

/// Printed `weeks.csv` figures are compared within this many hours.
const WEEK_FIGURE_HOURS: f64 = 0.01;

/// The hour limits' tolerance.
fn slack_hours() -> f64 {
    tolerance::MINUTES as f64 / 60.0
}

/// One chair's work on one date.
#[derive(Debug, Default)]
struct Day {
    /// Meetings and legs, as half-open minutes after the date's midnight (a leg that left the
    /// day before starts below zero).
    work: Vec<(i64, i64)>,
    meeting_minutes: i64,
    reviews: u32,
    drive_hours: f64,
}

/// One chair's work in one ISO week.
#[derive(Debug, Default, Clone, Copy)]
struct Week {
    meeting_hours: f64,
    admin_hours: f64,
    /// Of `admin_hours`, admin of reviews held in earlier weeks.
    admin_carried_hours: f64,
    drive_hours: f64,
    reviews: u32,
}

impl Week {
    fn total_hours(self) -> f64 {
        self.meeting_hours + self.admin_hours + self.drive_hours
    }
}

/// Checks the working-time rules.
pub fn check(ctx: &Ctx<'_>, f: &mut Findings) {
    let days = days(ctx);
    for (&(iro, date), day) in &days {
        if !ctx.booking_days.contains(&(iro, date)) {
            lunch(ctx, f, iro, date, day);
        }
        driving(ctx, f, iro, date, day);
    }
    let weeks = weeks(ctx, &days);
    for (&(iro, week), w) in &weeks {
        if !ctx.booking_week(iro, week.monday()) {
            week_limit(ctx, f, iro, week, *w);
        }
    }
    weeks_file(ctx, f, &weeks);
}

/// Every chair's work, by date: the reviews it chairs and the legs of the trips it owns.
fn days(ctx: &Ctx<'_>) -> BTreeMap<(IroId, NaiveDate), Day> {
    let mut out: BTreeMap<(IroId, NaiveDate), Day> = BTreeMap::new();
    for r in &ctx.plan.reviews {
        let Some(chair) = ctx.chair(r) else {
            continue;
        };
        let day = out.entry((chair, r.date)).or_default();
        day.work.push((r.start.0, r.end.0));
        day.meeting_minutes += r.end.0 - r.start.0;
        day.reviews += 1;
    }
    let mut owner: HashMap<&str, IroId> = HashMap::new();
    for t in &ctx.plan.trips {
        if let Some(&iro) = ctx.iro_by_ext.get(t.iro_id.as_str()) {
            owner.entry(t.trip_id.as_str()).or_insert(iro);
        }
    }
    for (trip, stops) in trips::stops_by_trip(ctx) {
        let Some(&iro) = owner.get(trip) else {
            continue;
        };
        for w in stops.windows(2) {
            let (from, to) = (w[0], w[1]);
            let day = out.entry((iro, to.date)).or_default();
            let left = trips::departs_at(from) - abs_minutes(to.date, 0);
            day.work.push((left, to.arrive.0));
            day.drive_hours += (ctx.leg)(from.point, to.point).hours;
        }
    }
    out
}

/// The days summed by ISO week, each review's admin done in its week or carried to the
/// `workload.admin_carry_weeks` after (earliest deadline first).
fn weeks(
    ctx: &Ctx<'_>,
    days: &BTreeMap<(IroId, NaiveDate), Day>,
) -> BTreeMap<(IroId, IsoWeek), Week> {
    let admin = ctx.caseload.config.workload.admin_hours_per_review;
    let mut own: BTreeMap<(IroId, NaiveDate), Week> = BTreeMap::new();
    for (&(iro, date), day) in days {
        let w = own.entry((iro, IsoWeek::of(date).monday())).or_default();
        w.meeting_hours += day.meeting_minutes as f64 / 60.0;
        w.drive_hours += day.drive_hours;
        w.reviews += day.reviews;
    }
    let carry = i64::from(ctx.caseload.config.workload.admin_carry_weeks);
    let mut out: BTreeMap<(IroId, IsoWeek), Week> = BTreeMap::new();
    // Each IRO's first and last week with work of its own (the map is in week order).
    let mut span: BTreeMap<IroId, (NaiveDate, NaiveDate)> = BTreeMap::new();
    for &(iro, monday) in own.keys() {
        span.entry(iro).or_insert((monday, monday)).1 = monday;
    }
    for (iro, (first, last)) in span {
        // (last Monday it may be done in, hours left) of admin still to do, oldest first.
        let mut todo: std::collections::VecDeque<(NaiveDate, f64)> = Default::default();
        let mut monday = first;
        while monday <= last + chrono::Duration::weeks(carry) {
            let mut w = own.get(&(iro, monday)).copied().unwrap_or_default();
            todo.push_back((
                monday + chrono::Duration::weeks(carry),
                admin * f64::from(w.reviews),
            ));
            let week = IsoWeek::of(monday);
            let mut room = (limit(ctx, iro, week).1 - w.meeting_hours - w.drive_hours).max(0.0);
            let this_week = todo.back().map(|t| t.0);
            for item in &mut todo {
                let take = item.1.min(room);
                item.1 -= take;
                room -= take;
                w.admin_hours += take;
                if Some(item.0) != this_week {
                    w.admin_carried_hours += take;
                }
            }
            while let Some(&(by, left)) = todo.front() {
                if by <= monday {
                    w.admin_hours += left;
                } else if left > 0.0 {
                    break;
                }
                todo.pop_front();
            }
            if w.meeting_hours > 0.0 || w.drive_hours > 0.0 || w.reviews > 0 || w.admin_hours > 1e-9
            {
                out.insert((iro, week), w);
            }
            monday += chrono::Duration::weeks(1);
        }
    }
    out
}

/// Weekdays (Monday to Friday) in the IRO's `working_days`: the days its contracted hours cover.
fn pattern_days(ctx: &Ctx<'_>, iro: IroId) -> u32 {
    let pattern = ctx.availability[iro.idx()].pattern;
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]
    .into_iter()
    .filter(|&d| pattern.contains(d))
    .count() as u32
}

/// The days of `week` inside the horizon on which `iro` can work, and its hour limit that week.
fn limit(ctx: &Ctx<'_>, iro: IroId, week: IsoWeek) -> (u32, f64) {
    let a = &ctx.availability[iro.idx()];
    let available = week
        .days()
        .filter(|&d| d >= ctx.horizon_start && d <= ctx.horizon_end)
        .filter(|&d| a.is_available(&ctx.calendar, d))
        .count() as u32;
    let pattern = pattern_days(ctx, iro);
    if pattern == 0 {
        return (available, 0.0);
    }
    let hours = ctx.caseload.iro(iro).hours_per_week;
    let share = ctx.caseload.config.workload.share_of_hours;
    let limit = hours * share * f64::from(available) / f64::from(pattern);
    (available, limit)
}

/// Meetings + admin + driving within the week's limit.
fn week_limit(ctx: &Ctx<'_>, f: &mut Findings, iro: IroId, week: IsoWeek, w: Week) {
    let (available, limit) = limit(ctx, iro, week);
    let total = w.total_hours();
    f.check(total <= limit + slack_hours(), || {
        let the_iro = ctx.caseload.iro(iro);
        let pattern_days = pattern_days(ctx, iro);
        format!(
            "reviews.csv, trip_stops.csv: IRO {} week {week} works {total:.2} h (meetings {:.2} \
             + admin {:.2} done or due that week, {} reviews held + driving {:.2}), over its limit of {limit:.2} h \
             ({} h × share {} × {available} of {pattern_days} days available)",
            the_iro.external_id,
            w.meeting_hours,
            w.admin_hours,
            w.reviews,
            w.drive_hours,
            the_iro.hours_per_week,
            ctx.caseload.config.workload.share_of_hours
        )
    });
}

/// The longest stretch of `window` (half-open minutes of the day) that meets no interval of
/// `work` (half-open; empty intervals meet nothing).
fn longest_free(window: (i64, i64), work: &[(i64, i64)]) -> i64 {
    let mut busy: Vec<(i64, i64)> = work.iter().copied().filter(|(s, e)| s < e).collect();
    busy.sort_unstable();
    let (mut cursor, mut best) = (window.0, 0);
    for (s, e) in busy {
        if s >= window.1 {
            break;
        }
        best = best.max(s - cursor);
        cursor = cursor.max(e);
    }
    best.max(window.1 - cursor)
}

/// A lunch break free of work inside the lunch window.
fn lunch(ctx: &Ctx<'_>, f: &mut Findings, iro: IroId, date: NaiveDate, day: &Day) {
    let d = &ctx.caseload.config.day;
    let window = (
        i64::from(d.lunch_window.from.minutes()),
        i64::from(d.lunch_window.to.minutes()),
    );
    let need = i64::from(d.lunch_minutes);
    let free = longest_free(window, &day.work);
    f.check(free >= need, || {
        let mut meets: Vec<(i64, i64)> = (day.work.iter().copied())
            .filter(|&(s, e)| s < e && s < window.1 && e > window.0)
            .collect();
        meets.sort_unstable();
        let shown: Vec<String> = meets
            .iter()
            .map(|&(s, e)| format!("{}–{}", Hm(s.max(0)), Hm(e)))
            .collect();
        format!(
            "reviews.csv, trip_stops.csv: IRO {} on {date} has no {need}-minute lunch break \
             inside {}: its longest stretch free of work there is {free} minutes (work {})",
            ctx.caseload.iro(iro).external_id,
            d.lunch_window,
            shown.join(", ")
        )
    });
}

/// At most `day.max_drive_hours` of driving arriving on one date.
fn driving(ctx: &Ctx<'_>, f: &mut Findings, iro: IroId, date: NaiveDate, day: &Day) {
    let max = ctx.caseload.config.day.max_drive_hours;
    f.check(day.drive_hours <= max + slack_hours(), || {
        format!(
            "trip_stops.csv: IRO {} drives {:.2} h on {date}, more than day.max_drive_hours {max}",
            ctx.caseload.iro(iro).external_id,
            day.drive_hours
        )
    });
}

/// `weeks.csv`: a row for every IRO-week with work, each figure equal to the recomputed one.
fn weeks_file(ctx: &Ctx<'_>, f: &mut Findings, weeks: &BTreeMap<(IroId, IsoWeek), Week>) {
    let Some(rows) = &ctx.plan.weeks else {
        return;
    };
    let mut seen: BTreeMap<(IroId, IsoWeek), usize> = BTreeMap::new();
    for row in rows {
        let Some(&iro) = ctx.iro_by_ext.get(row.iro_id.as_str()) else {
            f.push(format!(
                "weeks.csv:{}: IRO {} is not in the inputs",
                row.line, row.iro_id
            ));
            continue;
        };
        *seen.entry((iro, row.week)).or_default() += 1;
        let w = weeks.get(&(iro, row.week)).copied().unwrap_or_default();
        let (available, limit) = limit(ctx, iro, row.week);
        let who = format!(
            "weeks.csv:{}: IRO {} week {}",
            row.line, row.iro_id, row.week
        );
        f.check(row.week_start == row.week.monday(), || {
            format!(
                "{who} week_start {} but the week starts on Monday {}",
                row.week_start,
                row.week.monday()
            )
        });
        f.check(row.available_days == available, || {
            format!(
                "{who} available_days {} but the calendar, pattern, absences and horizon give \
                 {available}",
                row.available_days
            )
        });
        f.check(row.reviews == w.reviews, || {
            format!(
                "{who} reviews {} but the IRO chairs {} that week",
                row.reviews, w.reviews
            )
        });
        let figures = [
            ("limit_hours", row.limit_hours, limit),
            ("meeting_hours", row.meeting_hours, w.meeting_hours),
            ("admin_hours", row.admin_hours, w.admin_hours),
            ("drive_hours", row.drive_hours, w.drive_hours),
            ("total_hours", row.total_hours, w.total_hours()),
        ];
        let carried = row
            .admin_carried_hours
            .map(|x| ("admin_carried_hours", x, w.admin_carried_hours));
        for (name, written, expected) in figures.into_iter().chain(carried) {
            f.check((written - expected).abs() <= WEEK_FIGURE_HOURS, || {
                format!("{who} {name} {written:.2} but the plan's files give {expected:.2}")
            });
        }
    }
    for (&(iro, week), &n) in &seen {
        f.check(n == 1, || {
            format!(
                "weeks.csv: IRO {} week {week} has {n} rows",
                ctx.caseload.iro(iro).external_id
            )
        });
    }
    for (&(iro, week), w) in weeks {
        f.check(seen.contains_key(&(iro, week)), || {
            format!(
                "weeks.csv: IRO {} week {week} has {:.2} h of work but no row",
                ctx.caseload.iro(iro).external_id,
                w.total_hours()
            )
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::super::read::Hm;
    use super::{check, longest_free};

    // The fixture's day: 08:41 drive, 09:00–10:30 review, 10:30–10:49 drive (legs of 0.2 h +
    // 6 miles / 52 mph = 0.3154 h, 19 minutes); its week 2027-W08: 1.5 h meeting + 2 h admin
    // + 0.6308 h driving = 4.1308 h against 37 h × 0.85 = 31.45 h.

    #[test]
    fn a_week_over_its_hours() {
        let (mut cl, mut plan) = council();
        cl.config.workload.admin_hours_per_review = 30.0;
        cl.config.workload.admin_carry_weeks = 0;
        if let Some(w) = plan.weeks.as_mut() {
            w[0].admin_hours = 30.0;
            w[0].total_hours = 32.13;
        }
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &[
                    "IRO A week 2027-W08 works 32.13 h (meetings 1.50 + admin 30.00 done or due \
                     that week, 1 reviews held + driving 0.63), over its limit of 31.45 h"
                ]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn a_week_with_leave_has_a_pro_rata_limit() {
        // Absent on Monday 22 Feb: 4 of 5 days, 37 × 0.85 × 4 / 5 = 25.16 h; 1.5 + 24 + 0.63
        // = 26.13 h is within the full week's 31.45 h but not within this one's.
        let (mut cl, mut plan) = council();
        cl.absences.push(crate::domain::Absence {
            iro: crate::domain::IroId(0),
            from: d("2027-02-22"),
            to: d("2027-02-22"),
        });
        cl.config.workload.admin_hours_per_review = 24.0;
        cl.config.workload.admin_carry_weeks = 0;
        if let Some(w) = plan.weeks.as_mut() {
            w[0].available_days = 4;
            w[0].limit_hours = 25.16;
            w[0].admin_hours = 24.0;
            w[0].total_hours = 26.13;
        }
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &[
                    "works 26.13 h",
                    "over its limit of 25.16 h (37 h × share 0.85 × 4 of 5 days available)"
                ]
            ),
            "{v:#?}"
        );
    }

    /// The fixture with 30 h of admin for its review: 1.5 + 0.63 + 29.32 h of it fill week
    /// W08's 31.45 h, the other 0.68 h carried to W09 (`workload.admin_carry_weeks` 1).
    fn carried() -> (crate::domain::Caseload, super::super::read::PlanFiles) {
        let (mut cl, mut plan) = council();
        cl.config.workload.admin_hours_per_review = 30.0;
        cl.config.workload.admin_carry_weeks = 1;
        if let Some(w) = plan.weeks.as_mut() {
            w[0].admin_hours = 29.32;
            w[0].total_hours = 31.45;
            let mut next = w[0].clone();
            next.line = 3;
            next.week = super::super::read::IsoWeek::of(d("2027-03-01"));
            next.week_start = d("2027-03-01");
            next.meeting_hours = 0.0;
            next.drive_hours = 0.0;
            next.admin_hours = 0.68;
            next.admin_carried_hours = Some(0.68);
            next.total_hours = 0.68;
            next.reviews = 0;
            w.push(next);
        }
        (cl, plan)
    }

    #[test]
    fn admin_carried_to_the_next_week_keeps_both_within_their_limits() {
        let (cl, plan) = carried();
        let v = run(&cl, &plan, check);
        assert!(v.is_empty(), "{v:#?}");
    }

    #[test]
    fn weeks_file_says_how_much_admin_was_carried_in() {
        let (cl, mut plan) = carried();
        if let Some(w) = plan.weeks.as_mut() {
            w[1].admin_carried_hours = Some(0.0);
        }
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &[
                    "weeks.csv:3: IRO A week 2027-W09 admin_carried_hours 0.00 but the plan's files give 0.68"
                ]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn carried_admin_no_week_has_room_for() {
        // Absent all week W09 (limit 0): the 0.68 h carried from W08 has nowhere to go.
        let (mut cl, mut plan) = carried();
        cl.absences.push(crate::domain::Absence {
            iro: crate::domain::IroId(0),
            from: d("2027-03-01"),
            to: d("2027-03-05"),
        });
        if let Some(w) = plan.weeks.as_mut() {
            w[1].available_days = 0;
            w[1].limit_hours = 0.0;
            // Nothing done there: the 0.68 h is overdue, not carried in.
            w[1].admin_carried_hours = Some(0.0);
        }
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &[
                    "IRO A week 2027-W09 works 0.68 h (meetings 0.00 + admin 0.68 done or due \
                     that week, 0 reviews held + driving 0.00), over its limit of 0.00 h"
                ]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn weeks_file_without_the_carried_admin() {
        // The plan's files carry 0.68 h into W09; a weeks.csv keeping all of it in W08 is
        // wrong on both weeks.
        let (cl, mut plan) = carried();
        if let Some(w) = plan.weeks.as_mut() {
            w[0].admin_hours = 30.0;
            w[0].total_hours = 32.13;
            w.pop();
        }
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["week 2027-W08 admin_hours 30.00 but the plan's files give 29.32"]
            ),
            "{v:#?}"
        );
        assert!(
            has(
                &v,
                &["weeks.csv: IRO A week 2027-W09 has 0.68 h of work but no row"]
            ),
            "{v:#?}"
        );
    }

    /// The fixture's day moved `minutes` later (review row and stops alike).
    fn shifted(minutes: i64) -> (crate::domain::Caseload, super::super::read::PlanFiles) {
        let (cl, mut plan) = council();
        plan.reviews[0].start.0 += minutes;
        plan.reviews[0].end.0 += minutes;
        for s in &mut plan.stops {
            s.arrive.0 += minutes;
            s.depart.0 += minutes;
        }
        (cl, plan)
    }

    #[test]
    fn no_lunch_break_in_the_window() {
        // Review 12:15–13:45: drives 11:56–12:15 and 13:45–14:04 leave 26 minutes free at
        // each end of 11:30–14:30.
        let (cl, plan) = shifted(195);
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &[
                    "IRO A on 2027-02-26 has no 30-minute lunch break inside 11:30-14:30",
                    "is 26 minutes",
                    "11:56–12:15, 12:15–13:45, 13:45–14:04",
                ]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn a_lunch_stop_is_not_work() {
        // Review 11:00–12:30, lunch where the review was 12:30–13:00, home 13:19: the lunch
        // stop itself leaves 12:30–13:00 free (the other free stretch, 13:19–14:30, is not
        // what this test is about, so the window is narrowed to 12:00–13:15).
        let (mut cl, mut plan) = shifted(120);
        cl.config.day.lunch_window = "12:00-13:15".parse().expect("span");
        let mut lunch = plan.stops[1].clone();
        lunch.kind = super::super::read::Kind::Lunch;
        lunch.child_id = None;
        lunch.arrive = Hm(750);
        lunch.depart = Hm(780);
        plan.stops.insert(2, lunch);
        plan.stops[3].arrive = Hm(799);
        plan.stops[3].depart = Hm(799);
        for (i, s) in plan.stops.iter_mut().enumerate() {
            s.seq = i as u32 + 1;
        }
        let v = run(&cl, &plan, check);
        assert!(v.is_empty(), "{v:#?}");
    }

    #[test]
    fn too_much_driving_in_a_day() {
        let (mut cl, plan) = council();
        cl.config.day.max_drive_hours = 0.5;
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &["IRO A drives 0.63 h on 2027-02-26, more than day.max_drive_hours 0.5"]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn weeks_file_figure_differs() {
        let (cl, mut plan) = council();
        if let Some(w) = plan.weeks.as_mut() {
            w[0].drive_hours = 1.0;
        }
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &[
                    "weeks.csv:2: IRO A week 2027-W08 drive_hours 1.00 but the plan's files give 0.63"
                ]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn weeks_file_misses_a_week_with_work() {
        let (cl, mut plan) = council();
        plan.weeks = Some(Vec::new());
        let v = run(&cl, &plan, check);
        assert_eq!(v.len(), 1, "{v:#?}");
        assert!(
            has(
                &v,
                &["weeks.csv: IRO A week 2027-W08 has 4.13 h of work but no row"]
            ),
            "{v:#?}"
        );
    }

    #[test]
    fn weeks_file_limit_and_week_start() {
        let (cl, mut plan) = council();
        if let Some(w) = plan.weeks.as_mut() {
            w[0].week_start = d("2027-02-21");
            w[0].limit_hours = 37.0;
        }
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["week 2027-W08 week_start 2027-02-21 but the week starts on Monday 2027-02-22"]
            ),
            "{v:#?}"
        );
        assert!(
            has(&v, &["limit_hours 37.00 but the plan's files give 31.45"]),
            "{v:#?}"
        );
    }

    #[test]
    fn agency_reviews_count_for_nobody() {
        // An agency chairs: no work of ours that week, so the week's row has nothing to match.
        let (cl, mut plan) = council();
        plan.reviews[0].chair = None;
        plan.reviews[0].cover = Some(super::super::read::Cover::Agency);
        plan.reviews[0].trip_id = None;
        plan.trips.clear();
        plan.stops.clear();
        plan.weeks = Some(Vec::new());
        let v = run(&cl, &plan, check);
        assert!(v.is_empty(), "{v:#?}");
    }

    #[test]
    fn free_time_in_the_window() {
        let window = (690, 870); // 11:30–14:30
        assert_eq!(longest_free(window, &[]), 180);
        // Work 09:00–12:15 and 12:35–17:00 leaves 20 minutes.
        assert_eq!(longest_free(window, &[(540, 735), (755, 1020)]), 20);
        // A day ending at 12:00 leaves 12:00–14:30; one starting at 14:00 leaves 11:30–14:00.
        assert_eq!(longest_free(window, &[(540, 720)]), 150);
        assert_eq!(longest_free(window, &[(840, 1000)]), 150);
        // Touching intervals and empty ones block nothing between them.
        assert_eq!(
            longest_free(window, &[(600, 720), (720, 720), (750, 900)]),
            30
        );
        // Overlapping and unsorted intervals.
        assert_eq!(
            longest_free(window, &[(800, 900), (600, 760), (700, 780)]),
            20
        );
    }
}
