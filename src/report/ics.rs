//! Per-IRO calendars, RFC 5545: one event per review (with its place and town, the child id
//! and, for a colleague's cover, the child's own IRO), one per travel leg that takes time (none between two
//! stops at the same place) and one per hotel night. Times are local times in `Europe/London`
//! (TZID with its VTIMEZONE, RFC 5545 §3.6.5): a floating time is read as UTC by some calendar
//! services, which would move every review an hour in British Summer Time.
//!
//! Re-importing a calendar updates its events rather than duplicating them, so every UID is
//! stable: a review's from its child, statutory number and chairing IRO; a leg's from its IRO
//! and the date and time it sets off; a hotel night's from its IRO and date — never from a
//! trip's running number, which changes whenever an earlier trip is added. DTSTAMP is in UTC
//! (RFC 5545 §3.8.7.2) and is the plan's first day at midnight, so the same inputs give the
//! same file byte for byte and a plan that starts later stamps its events later.

use chrono::NaiveDate;

use crate::domain::{Caseload, IroId};
use crate::error::Result;
use crate::io::outputs::{Staging, hhmm, trip_id};
use crate::places::{review_place, stop_place};
use crate::schedule::{Plan, StopKind};

fn stamp(date: NaiveDate, secs: i64) -> String {
    let m = secs.div_euclid(60);
    format!("{}T{:02}{:02}00", date.format("%Y%m%d"), m / 60, m % 60)
}

/// The time zone of every DTSTART and DTEND: the service's (England and Wales) civil time.
const TZID: &str = "Europe/London";

/// `Europe/London` since 1996 (EU summer time: the last Sunday of March at 01:00 UTC to the
/// last Sunday of October at 01:00 UTC), as RFC 5545 §3.6.5 asks a calendar using a TZID to
/// carry it.
const VTIMEZONE: [&str; 17] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19960331T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// A UID: letters, digits, `-`, `_` and `.` kept, anything else as `_`.
fn uid(parts: &[&str]) -> String {
    let raw = parts.join("-");
    let safe: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}@iro-planner")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1).
fn fold(line: &str, out: &mut String) {
    let mut count = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if count + len > 75 {
            out.push_str("\r\n ");
            count = 1;
        }
        out.push(ch);
        count += len;
    }
    out.push_str("\r\n");
}

/// The calendar of one IRO.
pub fn calendar_ics(caseload: &Caseload, plan: &Plan, iro: IroId) -> String {
    calendar_ics_between(caseload, plan, iro, None)
}

/// The calendar of one IRO; with `range`, only the reviews held and the trips running in it.
pub fn calendar_ics_between(
    caseload: &Caseload,
    plan: &Plan,
    iro: IroId,
    range: Option<(NaiveDate, NaiveDate)>,
) -> String {
    let iro_ext = &caseload.iro(iro).external_id;
    let dtstamp = format!("{}T000000Z", plan.horizon_start.format("%Y%m%d"));
    let inside = |from: NaiveDate, to: NaiveDate| range.is_none_or(|(a, b)| from <= b && to >= a);
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//iro-planner//plan//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        format!("X-WR-CALNAME:{}", esc(&format!("IRO {iro_ext} reviews"))),
        format!("X-WR-TIMEZONE:{TZID}"),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| l.to_string()));
    let mut event = |uid: String,
                     start: String,
                     end: String,
                     summary: String,
                     location: Option<String>,
                     desc: String| {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{uid}"));
        lines.push(format!("DTSTAMP:{dtstamp}"));
        lines.push(format!("DTSTART;TZID={TZID}:{start}"));
        lines.push(format!("DTEND;TZID={TZID}:{end}"));
        lines.push(format!("SUMMARY:{}", esc(&summary)));
        if let Some(l) = location {
            lines.push(format!("LOCATION:{}", esc(&l)));
        }
        lines.push(format!("DESCRIPTION:{}", esc(&desc)));
        lines.push("END:VEVENT".into());
    };
    // The plan's reviews and trips are sorted by IRO: take this IRO's run of each.
    let chair = crate::schedule::Chair::Iro(iro);
    let reviews = &plan.reviews[plan.reviews.partition_point(|r| r.chair < chair)..];
    let reviews = &reviews[..reviews.partition_point(|r| r.chair == chair)];
    let first_trip = plan.trips.partition_point(|t| t.iro < iro);
    let trips = &plan.trips[first_trip..];
    let trips = &trips[..trips.partition_point(|t| t.iro == iro)];
    for r in reviews.iter().filter(|r| inside(r.date, r.date)) {
        let child = caseload.child(r.child);
        let number = r.number.to_string();
        event(
            uid(&["review", &child.external_id, &number, iro_ext]),
            stamp(r.date, r.start),
            stamp(r.date, r.end),
            format!(
                "Review {} of child {} ({}){}",
                r.number,
                child.external_id,
                r.mode.as_str(),
                if r.cover().is_some() {
                    format!(" covering for {}", caseload.iro(r.iro).external_id)
                } else {
                    String::new()
                }
            ),
            Some(review_place(caseload, r).line()),
            format!(
                "Statutory review {} due {}{}",
                r.number,
                r.due,
                r.trip
                    .map(|t| format!("; trip {}", trip_id(t.idx())))
                    .unwrap_or_default()
            ),
        );
    }
    for (ti, t) in trips.iter().enumerate().map(|(k, t)| (first_trip + k, t)) {
        if !inside(t.start_date(), t.end_date()) {
            continue;
        }
        for w in t.stops.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let dep_date = if a.kind == StopKind::Hotel {
                a.date.succ_opt().unwrap_or(a.date)
            } else {
                a.date
            };
            let (from, to) = (stop_place(caseload, t, a), stop_place(caseload, t, b));
            // A review stop records the meeting's start; travel ends at or before it.
            let arrive = b.arrive;
            let dep_day = dep_date.format("%Y%m%d").to_string();
            // No journey (the next review, lunch or the hotel is where the IRO already is):
            // no travel event, only the hotel night's.
            let moves = b.date > dep_date || arrive > a.depart;
            if moves {
                event(
                    uid(&["leg", iro_ext, &dep_day, &hhmm(a.depart).replace(':', "")]),
                    stamp(dep_date, a.depart),
                    stamp(b.date, arrive.max(a.depart)),
                    format!("Travel: {} to {}", from.line(), to.line()),
                    Some(to.line()),
                    format!(
                        "Trip {} ({} to {})",
                        trip_id(ti),
                        a.kind.as_str(),
                        b.kind.as_str()
                    ),
                );
            }
            if b.kind == StopKind::Hotel {
                let night = b.date.format("%Y%m%d").to_string();
                event(
                    uid(&["hotel", iro_ext, &night]),
                    stamp(b.date, b.arrive),
                    stamp(b.date.succ_opt().unwrap_or(b.date), b.depart),
                    "Hotel night".into(),
                    Some(to.line()),
                    format!("Trip {}", trip_id(ti)),
                );
            }
        }
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for l in &lines {
        fold(l, &mut out);
    }
    out
}

/// Writes `calendars/<name>.ics` for every IRO in post, named by [`calendar_names`].
///
/// # Errors
/// If a file cannot be written.
pub fn write_calendars(staging: &mut Staging, caseload: &Caseload, plan: &Plan) -> Result<()> {
    write_calendars_between(staging, caseload, plan, None)
}

/// As [`write_calendars`], with only the events in `range` (the week of a rota).
///
/// # Errors
/// If a file cannot be written.
pub fn write_calendars_between(
    staging: &mut Staging,
    caseload: &Caseload,
    plan: &Plan,
    range: Option<(NaiveDate, NaiveDate)>,
) -> Result<()> {
    for (iro, name) in caseload.iro_ids().zip(calendar_names(caseload)) {
        if let Some(name) = name {
            staging.write(
                &format!("calendars/{name}.ics"),
                calendar_ics_between(caseload, plan, iro, range).as_bytes(),
            )?;
        }
    }
    Ok(())
}

/// Longest id used as a file name as it is; a longer one is cut and given its hash.
const MAX_PLAIN_ID: usize = 48;

/// The calendar file name (without `.ics`) of every IRO, by [`IroId`] (`None` for a vacancy).
///
/// An id of ASCII letters, digits, `-` and `_` (at most 48 characters, not a Windows device
/// name) is its own name, so `calendars/<iro_id>.ics` holds for every ordinary id. Any other id
/// is made safe by [`sanitise`] and given 8 hex digits of its FNV-1a hash (`IRO 1` →
/// `IRO_1-…`), so that two ids never share a file (`IRO 1` and `IRO_1`). Names are unique in
/// any letter case (one file on Windows and macOS): a later clash takes `-2`, `-3` ….
pub fn calendar_names(caseload: &Caseload) -> Vec<Option<String>> {
    let mut used = std::collections::HashSet::new();
    caseload
        .iros
        .iter()
        .map(|iro| {
            if iro.vacant {
                return None;
            }
            let id = &iro.external_id;
            let plain = sanitise(id) == *id
                && id.len() <= MAX_PLAIN_ID
                && crate::io::outputs::portable_name_problem(id).is_none();
            let base = if plain {
                id.clone()
            } else {
                let cut: String = sanitise(id).chars().take(MAX_PLAIN_ID).collect();
                format!("{cut}-{:08x}", fnv1a(id))
            };
            let mut name = base.clone();
            let mut k = 1;
            while !used.insert(name.to_ascii_lowercase()) {
                k += 1;
                name = format!("{base}-{k}");
            }
            Some(name)
        })
        .collect()
}

/// FNV-1a, 32 bits (Fowler, Noll, Vo): a stable hash for file names, the same on every run.
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// A file-name-safe version of an id.
pub fn sanitise(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
