//! Scheduling cases, every plan re-checked by the independent checker: working patterns, bank
//! holidays, absences, chained reviews, overnight trips, virtual reviews, late-review reporting,
//! ICS validity and the weekly rota.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Datelike, NaiveDate, Weekday};
use iro_planner::calendar::Calendar;
use iro_planner::check::check_plan_dir;
use iro_planner::io::{InputPaths, load};
use iro_planner::pipeline::{PlanResult, try_plan};

struct Council {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn council(children: &str, iros: &str, config: &str, absences: Option<&str>) -> Council {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_path_buf();
    std::fs::write(path.join("children.csv"), children).expect("write");
    std::fs::write(path.join("iros.csv"), iros).expect("write");
    let cfg = format!("[horizon]\nstart = \"2026-12-01\"\nmonths = 12\n{config}");
    std::fs::write(path.join("config.toml"), cfg).expect("write");
    if let Some(a) = absences {
        std::fs::write(path.join("absences.csv"), a).expect("write");
    }
    Council { _dir: dir, path }
}

/// Plans, writes and checks; returns the plan and the output folder.
fn plan_and_check(c: &Council) -> (PlanResult, PathBuf) {
    let caseload = load(&InputPaths::from_dir(&c.path)).expect("inputs load");
    let r = try_plan(&caseload).expect("plans");
    let out = c.path.join("out");
    iro_planner::cli::plan::write_plan(&out, &caseload, &r).expect("writes");
    let report = check_plan_dir(&caseload, &out).expect("check reads the plan");
    assert!(report.is_ok(), "checker found violations:\n{report}");
    (r, out)
}

const TWO_IROS: &str = "iro_id,base,hours_per_week,working_days,overnight\n\
A,DT1 1XJ,37,\"Mon,Tue,Wed,Thu,Fri\",true\n\
B,Weymouth,22.2,\"Mon,Tue,Wed\",true\n";

fn child_rows(rows: &[&str]) -> String {
    let mut s = String::from(
        "child_id,placement,looked_after_since,last_review,reviews_held,current_iro,sibling_group,extra_time,review_mode\n",
    );
    for r in rows {
        s += r;
        s += "\n";
    }
    s
}

#[test]
fn working_patterns_and_bank_holidays_are_respected() {
    let rows: Vec<String> = (0..12)
        .map(|i| {
            format!(
                "C{i},DT{},2025-0{}-1{},2026-{:02}-1{},3,{},,,",
                1 + i % 5,
                1 + i % 8,
                i % 9,
                6 + i % 5,
                i % 9,
                if i % 2 == 0 { "A" } else { "B" }
            )
        })
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let c = council(&child_rows(&refs), TWO_IROS, "", None);
    let (r, _) = plan_and_check(&c);
    let cal = Calendar::for_horizon(r.plan.horizon_start, 12);
    assert!(!r.plan.reviews.is_empty());
    for rev in &r.plan.reviews {
        assert!(cal.is_working_day(rev.date), "{rev:?} on a non-working day");
        if r.plan.allocation[rev.child.idx()].0 == 1 {
            assert!(
                matches!(
                    rev.date.weekday(),
                    Weekday::Mon | Weekday::Tue | Weekday::Wed
                ),
                "part-timer reviewing on {}",
                rev.date.weekday()
            );
        }
    }
    assert_eq!(r.summary.reviews_late, 0);
}

#[test]
fn absences_are_never_worked_and_late_reviews_are_reported() {
    // A lone IRO absent for three months: reviews due then are held late, listed, never dropped.
    let rows = [
        "C1,DT1,2024-01-10,2026-08-03,5,A,,,",
        "C2,DT2,2024-01-10,2026-08-10,5,A,,,",
        "C3,DT4,2024-01-10,2026-11-02,5,A,,,",
    ];
    let iros = "iro_id,base,hours_per_week\nA,DT1 1XJ,37\n";
    let absences = "iro_id,from,to\nA,2026-12-21,2027-03-19\n";
    let c = council(&child_rows(&rows), iros, "", Some(absences));
    let (r, _) = plan_and_check(&c);
    let from = NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
    let to = NaiveDate::from_ymd_opt(2027, 3, 19).unwrap();
    for rev in &r.plan.reviews {
        assert!(
            !(from..=to).contains(&rev.date),
            "review during absence: {rev:?}"
        );
    }
    for t in &r.plan.trips {
        for s in &t.stops {
            assert!(!(from..=to).contains(&s.date));
        }
    }
    // C1 and C2 are due in February (6 months after August): both late, and reported.
    assert!(r.summary.reviews_late >= 2, "{:?}", r.summary.late_reviews);
    assert_eq!(r.summary.late_reviews.len(), r.summary.reviews_late);
    assert!(r.has_shortfall());
    // Every review of the year is still there.
    let per_child = |id: &str| {
        r.plan
            .reviews
            .iter()
            .filter(|x| r_child_id(&c, x.child.idx()) == id)
            .count()
    };
    assert!(per_child("C1") >= 1 && per_child("C2") >= 1 && per_child("C3") >= 2);
}

fn r_child_id(c: &Council, idx: usize) -> String {
    let caseload = load(&InputPaths::from_dir(&c.path)).expect("loads");
    caseload.children[idx].external_id.clone()
}

#[test]
fn chained_reviews_follow_the_held_dates() {
    // Entered care 2026-11-20: 1st within 20 working days, 2nd within 3 months of the 1st, 3rd
    // within 6 months of the 2nd: three reviews in the year, each due from the previous held.
    let rows = [
        "N1,DT1,2026-11-20,,0,A,,,",
        "N2,B1,2026-06-01,2026-06-25,1,A,,,",
    ];
    let c = council(&child_rows(&rows), TWO_IROS, "", None);
    let (r, _) = plan_and_check(&c);
    let caseload = load(&InputPaths::from_dir(&c.path)).unwrap();
    let cal = Calendar::for_horizon(r.plan.horizon_start, 12);
    let mut n1: Vec<_> = r
        .plan
        .reviews
        .iter()
        .filter(|x| x.child.idx() == 0)
        .collect();
    n1.sort_by_key(|x| x.number);
    assert_eq!(
        n1.iter().map(|x| x.number).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(
        n1[0].due,
        cal.first_review_due(
            caseload.children[0].looked_after_since,
            &caseload.config.review
        )
    );
    assert_eq!(
        n1[1].due,
        Calendar::next_review_due(n1[0].date, 2, &caseload.config.review)
    );
    assert_eq!(
        n1[2].due,
        Calendar::next_review_due(n1[1].date, 3, &caseload.config.review)
    );
    // N2 held its 1st review in June: the 2nd was due in September (before the plan), so it is
    // overdue at the start; it is held late, then the 3rd six months after it.
    let n2: Vec<_> = r
        .plan
        .reviews
        .iter()
        .filter(|x| x.child.idx() == 1)
        .collect();
    assert_eq!(n2[0].number, 2);
    assert!(!n2[0].on_time);
}

#[test]
fn far_placements_get_overnight_trips_and_never_for_an_iro_who_cannot_stay() {
    let rows = [
        "F1,Newcastle,2024-01-10,2026-09-03,5,A,,,",
        "F2,Newcastle,2024-01-10,2026-09-08,5,A,,,",
        "F3,Rhyl,2024-01-10,2026-10-01,5,B,,,",
        "H1,DT1,2024-01-10,2026-10-01,5,B,,,",
    ];
    let iros = "iro_id,base,hours_per_week,overnight\nA,DT1 1XJ,37,true\nB,DT1 1XJ,37,false\n";
    let c = council(&child_rows(&rows), iros, "", None);
    let (r, _) = plan_and_check(&c);
    // The far children are held by the IRO who can stay away; the trips have nights.
    for k in 0..3 {
        assert_eq!(
            r.plan.allocation[k].0, 0,
            "far child {k} given to the IRO who cannot stay"
        );
    }
    assert!(r.summary.hotel_nights > 0);
    assert!(
        r.plan
            .trips
            .iter()
            .filter(|t| t.iro.0 == 1)
            .all(|t| t.nights() == 0)
    );
    // The two Newcastle reviews, due five days apart, share one trip.
    let trip_of = |child: usize| {
        r.plan
            .reviews
            .iter()
            .find(|x| x.child.idx() == child && x.number == 6)
            .and_then(|x| x.trip)
    };
    assert!(trip_of(0).is_some());
    assert_eq!(trip_of(0), trip_of(1));
}

#[test]
fn virtual_reviews_alternate_where_allowed() {
    let rows = [
        "V1,DT2,2024-01-10,2026-07-03,5,A,,,virtual_allowed",
        "V2,Birmingham,2024-01-10,2026-07-03,5,A,,,",
    ];
    // Distance rule: placements over 100 road miles may be virtual every other review.
    let c = council(
        &child_rows(&rows),
        TWO_IROS,
        "[virtual_reviews]\nover_miles = 100.0\n",
        None,
    );
    let (r, _) = plan_and_check(&c);
    for k in 0..2 {
        let modes: Vec<_> = r
            .plan
            .reviews
            .iter()
            .filter(|x| x.child.idx() == k)
            .map(|x| (x.number, x.mode))
            .collect();
        assert!(modes.len() >= 2, "{modes:?}");
        for (n, m) in modes {
            let expect_virtual = n % 2 == 0;
            assert_eq!(
                m == iro_planner::schedule::Mode::Virtual,
                expect_virtual,
                "child {k} review {n}"
            );
        }
    }
    assert!(r.summary.reviews_virtual >= 2);
}

#[test]
fn calendars_parse_back_as_rfc5545() {
    let rows = [
        "I1,DT1,2024-01-10,2026-09-03,5,A,,,",
        "I2,Newcastle,2024-01-10,2026-09-08,5,A,,true,",
    ];
    let c = council(&child_rows(&rows), TWO_IROS, "", None);
    let (r, out) = plan_and_check(&c);
    let text = std::fs::read_to_string(out.join("calendars/A.ics")).expect("ics written");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    // Unfold, then parse every content line as NAME[;params]:value.
    let unfolded = text.replace("\r\n ", "");
    let mut depth = 0i32;
    let mut events = 0;
    let mut reviews = 0;
    let mut props: Vec<String> = Vec::new();
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').expect("content line has a colon");
        // Parameters (`DTSTART;TZID=Europe/London`) apart from the name.
        let name = name.split(';').next().expect("a name");
        match (name, value) {
            ("BEGIN", v) => {
                depth += 1;
                if v == "VEVENT" {
                    props.clear();
                }
            }
            ("END", "VEVENT") => {
                depth -= 1;
                events += 1;
                for required in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
                    assert!(
                        props.iter().any(|p| p == required),
                        "VEVENT without {required}"
                    );
                }
                props.clear();
            }
            ("END", _) => depth -= 1,
            ("DTSTART" | "DTEND", v) => {
                chrono::NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").expect("local date-time");
                props.push(name.to_string());
            }
            ("SUMMARY", v) => {
                if v.starts_with("Review") {
                    reviews += 1;
                }
                props.push(name.to_string());
            }
            _ => props.push(name.to_string()),
        }
    }
    assert_eq!(depth, 0, "BEGIN/END balanced");
    for raw in text.split("\r\n") {
        assert!(raw.len() <= 75, "line longer than 75 octets: {raw}");
    }
    let a_reviews = r.plan.reviews.iter().filter(|x| x.iro.0 == 0).count();
    assert_eq!(reviews, a_reviews);
    assert!(events > reviews, "travel and hotel events too");
}

fn run(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs")
}

#[test]
fn weekly_rota_prints_and_writes_the_week() {
    let rows = [
        "R1,DT1,2024-01-10,2026-07-15,5,A,,,",
        "R2,DT4,2024-01-10,2026-07-16,5,A,,,",
        "R3,BH1,2024-01-10,2026-07-14,5,B,,,",
    ];
    let c = council(&child_rows(&rows), TWO_IROS, "", None);
    let data = c.path.to_str().unwrap();
    let out = c.path.join("rota");
    let o = run(
        &[
            "rota",
            "--data",
            data,
            "--week",
            "2027-01-13",
            "--out",
            out.to_str().unwrap(),
        ],
        &c.path,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("IRO A") && text.contains("IRO B"), "{text}");
    assert!(
        text.contains("review of R1") || text.contains("review of R2"),
        "{text}"
    );
    let csv = std::fs::read_to_string(out.join("rota.csv")).expect("rota.csv");
    assert!(csv.starts_with("iro_id,trip_id,seq,kind"));
    assert!(out.join("calendars/A.ics").exists());
    // With the state of reviews already held, R1's review is not planned again that week. A
    // held review lies before the plan (issue 15: a held date after the start is an input
    // error), so the plan, and the rota as its week, start on the Monday after it.
    let state = c.path.join("held.csv");
    std::fs::write(&state, "child_id,date\nR1,2027-01-08\n").unwrap();
    let week_from = |extra: &[&str]| {
        let mut args = vec![
            "rota",
            "--data",
            data,
            "--week",
            "2027-01-13",
            "--start",
            "2027-01-11",
            "--out",
        ];
        args.push(out.to_str().unwrap());
        args.extend_from_slice(extra);
        let o = run(&args, &c.path);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    // Without it, R1 (due 15 January) is reviewed that week.
    assert!(week_from(&[]).contains("review of R1"));
    let o = run(
        &[
            "rota",
            "--data",
            data,
            "--week",
            "2027-01-13",
            "--start",
            "2027-01-11",
            "--out",
            out.to_str().unwrap(),
            "--state",
            state.to_str().unwrap(),
        ],
        &c.path,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("review of R1"));
}

/// Regression: a first drive so long that lunch cannot wait until after the meeting (Ulverston
/// to south London, 5.5 h) made the trip infeasible, and the review went to a colleague farther
/// away. Lunch is now taken on arrival, before the meeting.
#[test]
fn lunch_on_arrival_after_a_long_first_drive() {
    let rows = ["L1,SE5 8,2020-01-01,2026-06-15,5,A,,,"];
    let iros = "iro_id,base,hours_per_week,overnight\nA,LA12 9,37,true\nB,CA1 9,37,true\n";
    let c = council(&child_rows(&rows), iros, "", None);
    let (r, _) = plan_and_check(&c);
    let first = &r.plan.reviews[0];
    assert_eq!(
        first.cover(),
        None,
        "held by the child's own IRO: {first:?}"
    );
    let trip = &r.plan.trips[first.trip.expect("in person").idx()];
    let kinds: Vec<&str> = trip.stops.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(&kinds[..3], &["base", "lunch", "review"], "{kinds:?}");
}

/// Regression (issue 17, hang): an IRO absent for seven months from the horizon's start left
/// the naive baseline repeating one due date for ever. Every chain now moves forward; the
/// review is held late, with its reason, when the IRO is back.
#[test]
fn chain_generation_always_advances_when_an_iro_is_absent_for_months() {
    let iros = "iro_id,base,hours_per_week\nA,DT1 1XJ,37\n";
    let children = "child_id,placement,looked_after_since,last_review,reviews_held\n\
                    C1,DT4 9,2025-01-01,2026-06-15,3\n";
    let c = council(
        children,
        iros,
        "",
        Some("iro_id,from,to\nA,2026-12-01,2027-06-30\n"),
    );
    let (r, _) = plan_and_check(&c);
    let review = &r.plan.reviews[0];
    assert!(!review.on_time);
    assert_eq!(review.date, NaiveDate::from_ymd_opt(2027, 7, 1).unwrap());
    assert_eq!(review.reason, Some(iro_planner::schedule::Reason::Absence));
    // The naive baseline holds the review on its due date by a colleague, and the next one
    // six months later: it ends too.
    assert_eq!(r.summary.naive.reviews, 2);
}

/// A review falling in its IRO's absence is chaired by a colleague, on time; the child keeps
/// its IRO.
#[test]
fn a_colleague_covers_a_review_during_an_absence() {
    let rows = ["A1,DT1,2024-01-10,2026-06-20,5,A,,,"];
    let c = council(
        &child_rows(&rows),
        TWO_IROS,
        "",
        Some("iro_id,from,to\nA,2026-12-01,2027-01-31\n"),
    );
    let (r, _) = plan_and_check(&c);
    let first = r
        .plan
        .reviews
        .iter()
        .find(|x| x.number == 6)
        .expect("review 6 planned");
    assert!(first.on_time, "{first:?}");
    assert_eq!(first.cover(), Some("colleague"));
    assert_eq!(first.iro.0, 0, "the child keeps its IRO");
    assert_eq!(r.summary.reviews_covered.len(), 1);
}

/// With too few IRO hours, every review written keeps every hard rule (the checker passes) and
/// what cannot be held is late or unscheduled, each with a reason (issue 17).
#[test]
fn a_shortage_keeps_every_hard_rule() {
    let rows: Vec<String> = (0..60)
        .map(|i| {
            format!(
                "S{i},DT{},2025-01-1{},2026-06-{:02},3,A,,,",
                1 + i % 9,
                i % 9,
                1 + i % 28
            )
        })
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let iros = "iro_id,base,hours_per_week,working_days\nA,DT1 1XJ,7.4,Mon\n";
    let c = council(&child_rows(&refs), iros, "", None);
    let (r, _) = plan_and_check(&c);
    assert!(r.summary.reviews_late + r.summary.reviews_unscheduled > 0);
    assert!(r.summary.late_reviews.iter().all(|l| l.reason.is_some()));
    assert!(r.has_shortfall());
    assert_eq!(r.summary.workload.iro_weeks_over, 0);
}

/// Two children in Newcastle: one due on Tuesday 9 February 2027, one whose round window (20
/// working days before its due date, 10 March) opens the day after. One round holds both: it
/// holds the first on its day, stays the night and holds the second when its window opens.
/// The checker passes the short day before the night away.
#[test]
fn a_round_stays_a_night_for_a_review_whose_window_opens_the_next_day() {
    let rows = [
        "N1,NE4 7,2020-01-10,2026-08-09,5,A,,,",
        "N2,NE4 5,2020-01-10,2026-09-10,5,A,,,",
    ];
    let iros = "iro_id,base,hours_per_week,overnight\nA,DT1 1XJ,37,true\n";
    let c = council(&child_rows(&rows), iros, "", None);
    let (r, _) = plan_and_check(&c);
    let first = |child: u32, number: u32| {
        r.plan
            .reviews
            .iter()
            .find(|x| x.child.0 == child && x.number == number)
            .unwrap_or_else(|| panic!("review {number} of child {child}"))
    };
    let (n1, n2) = (first(0, 6), first(1, 6));
    let d = |s: &str| s.parse::<NaiveDate>().expect("date");
    assert_eq!(n1.due, d("2027-02-09"), "{n1:?}");
    assert_eq!(n2.due, d("2027-03-10"), "{n2:?}");
    assert!(n1.trip.is_some() && n1.trip == n2.trip, "{n1:?}\n{n2:?}");
    assert!(n1.date <= n1.due && n2.date > n1.due, "{n1:?}\n{n2:?}");
}

/// Three children of one far area whose reviews fall due within three weeks are seen on one
/// round (the later ones up to `review.area_early_working_days` early).
#[test]
fn a_far_area_is_seen_in_one_round() {
    let rows = [
        "N1,NE4 7,2020-01-10,2026-09-01,5,A,,,",
        "N2,NE4 5,2020-01-10,2026-09-08,5,A,,,",
        "N3,NE6 1,2020-01-10,2026-09-20,5,A,,,",
    ];
    let iros = "iro_id,base,hours_per_week,overnight\nA,DT1 1XJ,37,true\n";
    let c = council(&child_rows(&rows), iros, "", None);
    let (r, _) = plan_and_check(&c);
    let trips: std::collections::BTreeSet<_> = r
        .plan
        .reviews
        .iter()
        .filter(|x| x.number == 6)
        .map(|x| x.trip)
        .collect();
    assert_eq!(trips.len(), 1, "one round for the three: {trips:?}");
    assert_eq!(r.summary.areas.len(), 1);
    assert_eq!(r.summary.areas[0].children, 3);
}

/// Two far areas of one service (Birmingham and Wrexham, 60 miles apart, each beyond a day
/// trip from Dorchester) whose reviews fall due together, and two IROs in Dorchester with no
/// child yet: the allocation gives both areas to one IRO (a trip visiting both costs less than
/// a round trip to each), and the plan visits both on one trip (`areas.two_area_trips` on).
#[test]
fn two_far_areas_due_together_share_an_iro_and_a_trip() {
    let rows = [
        "W1,LL11 1,2020-01-10,2026-09-01,5,,,,",
        "W2,LL11 2,2020-01-10,2026-09-05,5,,,,",
        "W3,LL12 7,2020-01-10,2026-09-09,5,,,,",
        "M1,B1 1,2020-01-10,2026-09-02,5,,,,",
        "M2,B5 4,2020-01-10,2026-09-06,5,,,,",
        "M3,B12 9,2020-01-10,2026-09-10,5,,,,",
    ];
    let iros = "iro_id,base,hours_per_week,overnight\nA,DT1 1XJ,37,true\nB,DT1 1XJ,37,true\n";
    let c = council(
        &child_rows(&rows),
        iros,
        "[areas]\ntwo_area_trips = true\n",
        None,
    );
    let (r, _) = plan_and_check(&c);
    assert_eq!(r.summary.areas.len(), 2, "{:?}", r.summary.areas);
    let holders: std::collections::BTreeSet<_> = r
        .summary
        .areas
        .iter()
        .flat_map(|a| a.iros.iter().cloned())
        .collect();
    assert_eq!(holders.len(), 1, "one IRO holds both areas: {holders:?}");
    assert!(
        r.summary.far.multi_area_trips >= 1,
        "a trip visits both areas: {:?}",
        r.summary.far
    );
}

#[test]
fn a_far_area_goes_to_an_iro_who_can_stay_away() {
    // Five Birmingham children, about three hours' drive from Bury St Edmunds. An IRO who may
    // not stay overnight makes day trips there, each with room for one review besides the
    // drive and lunch: ten trips a year. One who may stay away holds the five on one round,
    // twice a year. (The area's charge once counted a week's hours for both, so the day-trip
    // IRO looked cheaper: no hotel.)
    let rows = [
        "M1,B1 1,2020-01-10,2026-09-01,5,,,,",
        "M2,B5 4,2020-01-10,2026-09-03,5,,,,",
        "M3,B12 9,2020-01-10,2026-09-05,5,,,,",
        "M4,B15 2,2020-01-10,2026-09-08,5,,,,",
        "M5,B16 8,2020-01-10,2026-09-10,5,,,,",
    ];
    let iros = "iro_id,base,hours_per_week,overnight\nA,IP31 2,37,false\nB,IP31 2,37,true\n";
    let c = council(&child_rows(&rows), iros, "", None);
    let (r, _) = plan_and_check(&c);
    assert_eq!(r.summary.areas.len(), 1, "{:?}", r.summary.areas);
    assert_eq!(
        r.summary.areas[0].iros,
        vec!["B".to_string()],
        "{:?}",
        r.summary.areas
    );
    assert!(
        r.summary.far.reviews as f64 >= 2.5 * r.summary.far.trips as f64,
        "{:?}",
        r.summary.far
    );
}

#[test]
fn a_full_round_leaves_its_latest_due_reviews_to_the_next() {
    // Sixteen Birmingham children due in the first fortnight of March, more than one round's
    // week holds; the nearer a placement is to the first one due, the later it falls due. A
    // round that fills with its nearest reviews leaves the earliest due, which need a round of
    // their own before it; one that takes them earliest due first leaves the latest due, and
    // the rounds of the cycle follow each other in due order.
    let places = [
        "B13 9", "B10 9", "B20 3", "B29 7", "B16 0", "B7 4", "B18 6", "B12 0", "B4 7", "B5 5",
        "B3 1", "B15 1", "B1 2", "B17 0", "B11 3",
    ];
    let mut rows = vec!["M00,B1 1,2020-01-10,2026-09-01,5,,,,".to_string()];
    rows.extend(
        places
            .iter()
            .enumerate()
            .map(|(i, pc)| format!("M{:02},{pc},2020-01-10,2026-09-{:02},5,,,,", i + 1, i + 2)),
    );
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let iros = "iro_id,base,hours_per_week,overnight\nA,DT1 1XJ,37,true\n";
    let c = council(&child_rows(&rows), iros, "", None);
    let (r, _) = plan_and_check(&c);
    let spring = |d: NaiveDate| d < NaiveDate::from_ymd_opt(2027, 5, 1).expect("date");
    let mut rounds: std::collections::BTreeMap<_, Vec<NaiveDate>> = Default::default();
    for v in r.plan.reviews.iter().filter(|v| spring(v.due)) {
        let trip = v.trip.expect("held on a round");
        rounds.entry(trip).or_default().push(v.due);
    }
    assert!(rounds.len() >= 2, "one round holds all sixteen: {rounds:?}");
    let mut by_start: Vec<(NaiveDate, NaiveDate, NaiveDate)> = rounds
        .iter()
        .map(|(t, dues)| {
            let start = r.plan.trips[t.idx()].start_date();
            let lo = dues.iter().min().copied().expect("a review");
            let hi = dues.iter().max().copied().expect("a review");
            (start, lo, hi)
        })
        .collect();
    by_start.sort();
    for w in by_start.windows(2) {
        assert!(
            w[0].2 <= w[1].1,
            "a round leaves a review due before one it holds: {by_start:?}"
        );
    }
}

/// Ten Birmingham children due within a fortnight, held by one full-time IRO from Dorchester.
fn ten_in_birmingham(config: &str) -> (PlanResult, PathBuf, Council) {
    let places = [
        "B1 1", "B5 4", "B12 9", "B15 2", "B16 8", "B17 9", "B29 6", "B13 8", "B14 7", "B11 1",
    ];
    let rows: Vec<String> = places
        .iter()
        .enumerate()
        .map(|(i, pc)| format!("M{i},{pc},2020-01-10,2026-09-{:02},5,,,,", 1 + i))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let iros = "iro_id,base,hours_per_week,overnight\nA,DT1 1XJ,37,true\n";
    let c = council(&child_rows(&rows), iros, config, None);
    let (r, out) = plan_and_check(&c);
    (r, out, c)
}

#[test]
fn a_rounds_admin_is_written_up_the_week_after() {
    // Ten reviews on one round: the journey (about 7 h there and back with breaks), ten
    // meetings and their local driving fill most of a 31.45-h week; their 20 h of admin does
    // not fit beside them, and is done the week after (`workload.admin_carry_weeks` 1).
    let (r, out, _c) = ten_in_birmingham("");
    assert_eq!(
        r.summary.far.trips, 2,
        "two rounds for the twenty reviews of the year: {:?}",
        r.summary.far
    );
    let weeks = std::fs::read_to_string(out.join("weeks.csv")).expect("weeks.csv");
    // A week after a round holds admin but no review of its own.
    let carried = weeks.lines().skip(1).any(|l| {
        let cells: Vec<&str> = l.split(',').collect();
        cells[9] == "0" && cells[6].parse::<f64>().is_ok_and(|a| a > 1.0)
    });
    assert!(carried, "no week does a round's admin:\n{weeks}");
    // Keeping every review's admin in its own week, a round holds fewer: more trips.
    let (own, _, _c) = ten_in_birmingham("[workload]\nadmin_carry_weeks = 0\n");
    assert!(
        own.summary.far.trips > r.summary.far.trips,
        "{:?} vs {:?}",
        own.summary.far,
        r.summary.far
    );
}

#[test]
fn hand_broken_far_figures() {
    // The checker recomputes summary.json's far areas from the inputs and the plan's files.
    let (_, out, c) = ten_in_birmingham("");
    let caseload = load(&InputPaths::from_dir(&c.path)).expect("inputs load");
    let path = out.join("summary.json");
    let text = std::fs::read_to_string(&path).expect("summary.json");
    let mut s: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        s["areas"].as_array().map(Vec::len),
        Some(1),
        "{}",
        s["areas"]
    );
    let trips = s["far"]["trips"].as_u64().expect("far.trips");
    s["far"]["trips"] = (trips + 1).into();
    s["far"]["miles"] = 1.0.into();
    let on_trips = s["far"]["reviews_on_trips"]
        .as_u64()
        .expect("far.reviews_on_trips");
    s["far"]["reviews_on_trips"] = (on_trips + 2).into();
    s["areas"][0]["rounds"] = 7.into();
    s["areas"][0]["iros"] = serde_json::json!(["A", "B"]);
    std::fs::write(&path, s.to_string()).expect("write");
    let report = check_plan_dir(&caseload, &out).expect("check reads the plan");
    let v = report.violations.join("\n");
    for needle in [
        format!("summary.json: far.trips {} but the inputs and the plan's files give {trips}", trips + 1),
        "summary.json: far.miles 1.000 but".to_string(),
        format!(
            "summary.json: far.reviews_on_trips {} but the inputs and the plan's files give {on_trips}",
            on_trips + 2
        ),
        "summary.json: area 1 (Birmingham) rounds 7 but the plan's files give".to_string(),
        "summary.json: area 1 (Birmingham) is held by {\"A\", \"B\"} but allocation.csv gives {\"A\"}".to_string(),
    ] {
        assert!(v.contains(&needle), "no violation {needle:?} in:\n{v}");
    }
    assert_eq!(report.violations.len(), 5, "{v}");
}

/// Two Newcastle children of an IRO away through December, due three days apart: the colleague
/// who covers holds both on one trip, the second joining the trip the first opened (each once
/// took a 700-mile trip of its own). The children keep their IRO.
#[test]
fn a_colleague_covering_two_far_reviews_holds_them_on_one_trip() {
    let rows = [
        "N1,NE4 7,2024-01-10,2026-06-15,5,A,,,",
        "N2,NE4 5,2024-01-10,2026-06-18,5,A,,,",
    ];
    let iros = "iro_id,base,hours_per_week,overnight\nA,DT1 1XJ,37,true\nB,DT1 1XJ,37,true\n";
    let c = council(
        &child_rows(&rows),
        iros,
        "",
        Some("iro_id,from,to\nA,2026-12-01,2027-01-31\n"),
    );
    let (r, _) = plan_and_check(&c);
    let covered: Vec<_> = r.plan.reviews.iter().filter(|x| x.number == 6).collect();
    assert_eq!(covered.len(), 2, "{covered:?}");
    for x in &covered {
        assert!(x.on_time, "{x:?}");
        assert_eq!(x.cover(), Some("colleague"), "{x:?}");
        assert_eq!(x.iro.0, 0, "the child keeps its IRO: {x:?}");
    }
    assert!(
        covered[0].trip.is_some() && covered[0].trip == covered[1].trip,
        "one trip holds both: {covered:?}"
    );
}

/// A plan starting on a Saturday, a review due that Saturday: no working day is left before
/// it, so it is late in any plan — overdue at the start, held by its own IRO on the Monday.
/// It was given reason `absence` (no IRO is absent) and a colleague's cover.
#[test]
fn a_review_due_on_the_first_weekend_of_a_plan_is_overdue_at_the_start_not_an_absence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path();
    // Review 6 falls due six months after 2026-06-05: Saturday 2026-12-05.
    let children = child_rows(&["C1,DT1,2024-01-10,2026-06-05,5,A,,,"]);
    std::fs::write(path.join("children.csv"), children).expect("write");
    std::fs::write(path.join("iros.csv"), TWO_IROS).expect("write");
    std::fs::write(
        path.join("config.toml"),
        "[horizon]\nstart = \"2026-12-05\"\nmonths = 3\n",
    )
    .expect("write");
    let c = Council {
        path: path.to_path_buf(),
        _dir: dir,
    };
    let (r, _) = plan_and_check(&c);
    let due = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let rev = r
        .plan
        .reviews
        .iter()
        .find(|x| x.due == due)
        .expect("the review due on the first Saturday is planned");
    assert!(!rev.on_time, "{rev:?}");
    assert_eq!(
        rev.reason,
        Some(iro_planner::schedule::Reason::OverdueAtStart),
        "{rev:?}"
    );
    assert_eq!(rev.cover(), None, "its IRO is not away: {rev:?}");
}
