//! Per-IRO calendars, RFC 5545: one event per review (with location and child id), one per
//! travel leg and one per hotel night. Times are floating local times (UK working hours).

use chrono::NaiveDate;

use crate::domain::{Caseload, IroId};
use crate::error::Result;
use crate::io::outputs::{Staging, trip_id};
use crate::schedule::{Plan, StopKind};

fn stamp(date: NaiveDate, secs: i64) -> String {
    let m = secs.div_euclid(60);
    format!("{}T{:02}{:02}00", date.format("%Y%m%d"), m / 60, m % 60)
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
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
    let iro_ext = &caseload.iro(iro).external_id;
    let dtstamp = stamp(plan.horizon_start, 0);
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//iro-planner//plan//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        format!("X-WR-CALNAME:{}", esc(&format!("IRO {iro_ext} reviews"))),
    ];
    let mut event = |uid: String,
                     start: String,
                     end: String,
                     summary: String,
                     location: Option<String>,
                     desc: String| {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{uid}@iro-planner"));
        lines.push(format!("DTSTAMP:{dtstamp}"));
        lines.push(format!("DTSTART:{start}"));
        lines.push(format!("DTEND:{end}"));
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
    for r in reviews {
        let child = caseload.child(r.child);
        let loc = match r.mode {
            crate::schedule::Mode::Virtual => "Virtual (video)".to_string(),
            crate::schedule::Mode::InPerson => format!(
                "{} ({:.5},{:.5})",
                child.placement_label,
                child.location.lat(),
                child.location.lon()
            ),
        };
        event(
            format!("review-{}-{}", child.external_id, r.number),
            stamp(r.date, r.start),
            stamp(r.date, r.end),
            format!(
                "Review {} of child {} ({})",
                r.number,
                child.external_id,
                r.mode.as_str()
            ),
            Some(loc),
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
        for (k, w) in t.stops.windows(2).enumerate() {
            let (a, b) = (&w[0], &w[1]);
            let dep_date = if a.kind == StopKind::Hotel {
                a.date.succ_opt().unwrap_or(a.date)
            } else {
                a.date
            };
            // A review stop records the meeting's start; travel ends at or before it.
            let arrive = b.arrive;
            event(
                format!("{}-leg{}", trip_id(ti), k + 1),
                stamp(dep_date, a.depart),
                stamp(b.date, arrive.max(a.depart)),
                format!("Travel ({} to {})", a.kind.as_str(), b.kind.as_str()),
                None,
                format!("Trip {}", trip_id(ti)),
            );
            if b.kind == StopKind::Hotel {
                event(
                    format!("{}-hotel{}", trip_id(ti), k + 1),
                    stamp(b.date, b.arrive),
                    stamp(b.date.succ_opt().unwrap_or(b.date), b.depart),
                    "Hotel night".into(),
                    Some(format!("near {:.4},{:.4}", b.point.lat(), b.point.lon())),
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
    for (iro, name) in caseload.iro_ids().zip(calendar_names(caseload)) {
        if let Some(name) = name {
            staging.write(
                &format!("calendars/{name}.ics"),
                calendar_ics(caseload, plan, iro).as_bytes(),
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
