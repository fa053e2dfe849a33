//! Figures (DESIGN.md §4): each trip's road miles and driving hours are the sum over its
//! consecutive stops of the travel model's legs; its £ and CO2 follow the configured rates
//! (`costs.*`); `caseloads.csv` and `summary.json` are the sums of the trips, reviews and
//! allocation as written. Printed values are rounded, so comparisons allow a small tolerance
//! that grows with the number of values summed.
//!
//! Counting reviews: `reviews` is every row of `reviews.csv`, held or unscheduled (an IRO's
//! `reviews` in `caseloads.csv` and `per_iro` are the rows naming it as the child's IRO);
//! `reviews_late` the reviews held after their due date; `on_time_pct` the reviews held on
//! time over all rows; `reviews_unscheduled` the rows without a date; `cost_agency` the
//! agency-chaired rows at `absence.agency_cost_per_review`; `reviews_covered` the rows with a
//! `cover`.

use std::collections::{BTreeSet, HashMap};

use super::read::{Cover, TripRow};
use super::{Ctx, Findings, allocation, shown, tolerance, trips};

/// True if `written` equals `expected` within `tol`.
fn near(written: f64, expected: f64, tol: f64) -> bool {
    (written - expected).abs() <= tol
}

/// Checks every figure.
pub fn check(ctx: &Ctx<'_>, f: &mut Findings) {
    trip_figures(ctx, f);
    caseloads(ctx, f);
    summary(ctx, f);
}

/// Trip miles and hours from the stops; £ and CO2 from the rates.
fn trip_figures(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.caseload.config.costs;
    let stops = trips::stops_by_trip(ctx);
    for t in &ctx.plan.trips {
        let Some(st) = stops.get(t.trip_id.as_str()) else {
            continue;
        };
        let (mut miles, mut hours) = (0.0, 0.0);
        for w in st.windows(2) {
            let leg = (ctx.leg)(w[0].point, w[1].point);
            miles += leg.miles;
            hours += leg.hours;
        }
        let legs = st.len().saturating_sub(1) as f64;
        let id = &t.trip_id;
        let tol_miles = tolerance::MILES_PER_LEG * legs + 0.001;
        let tol_hours = tolerance::HOURS_PER_LEG * legs + 0.0001;
        f.check(near(t.miles, miles, tol_miles), || {
            format!(
                "trips.csv: trip {id} miles {:.3} but its stops give {miles:.3}",
                t.miles
            )
        });
        f.check(near(t.drive_hours, hours, tol_hours), || {
            format!(
                "trips.csv: trip {id} drive_hours {:.4} but its stops give {hours:.4}",
                t.drive_hours
            )
        });
        let nights = t.nights as f64;
        let money = [
            (
                "mileage_cost",
                t.mileage_cost,
                miles * c.mileage_per_mile,
                tol_miles * c.mileage_per_mile + 0.006,
            ),
            (
                "staff_cost",
                t.staff_cost,
                hours * c.staff_per_hour,
                tol_hours * c.staff_per_hour + 0.006,
            ),
            (
                "hotel_cost",
                t.hotel_cost,
                nights * c.hotel_per_night,
                0.006,
            ),
            (
                "co2_kg",
                t.co2_kg,
                miles * c.co2_kg_per_mile + nights * c.co2_kg_per_hotel_night,
                tol_miles * c.co2_kg_per_mile + 0.001,
            ),
        ];
        for (name, written, expected, tol) in money {
            f.check(near(written, expected, tol), || {
                format!("trips.csv: trip {id} {name} {written:.3} but the rates give {expected:.3}")
            });
        }
    }
}

/// Per-IRO sums of what was written.
#[derive(Debug, Default, Clone)]
struct IroSums {
    children: u64,
    reviews: u64,
    trips: u64,
    miles: f64,
    drive_hours: f64,
    nights: u64,
}

fn iro_sums<'p>(ctx: &Ctx<'p>) -> HashMap<&'p str, IroSums> {
    let cl = ctx.caseload;
    let mut sums: HashMap<&str, IroSums> = cl
        .iros
        .iter()
        .map(|i| (i.external_id.as_str(), IroSums::default()))
        .collect();
    for i in allocation::allocated(ctx).into_iter().flatten() {
        if let Some(s) = sums.get_mut(cl.iro(i).external_id.as_str()) {
            s.children += 1;
        }
    }
    let own = (ctx.plan.reviews.iter().map(|r| r.iro_id.as_str()))
        .chain(ctx.plan.unscheduled.iter().map(|u| u.iro_id.as_str()));
    for iro in own {
        if let Some(s) = sums.get_mut(iro) {
            s.reviews += 1;
        }
    }
    for t in &ctx.plan.trips {
        if let Some(s) = sums.get_mut(t.iro_id.as_str()) {
            s.trips += 1;
            s.miles += t.miles;
            s.drive_hours += t.drive_hours;
            s.nights += t.nights as u64;
        }
    }
    sums
}

/// `caseloads.csv`: one row per IRO, figures equal to the sums.
fn caseloads(ctx: &Ctx<'_>, f: &mut Findings) {
    let cl = ctx.caseload;
    let sums = iro_sums(ctx);
    let bands = cl.bands();
    let mut rows: HashMap<&str, usize> = HashMap::new();
    for row in &ctx.plan.caseloads {
        *rows.entry(row.iro_id.as_str()).or_default() += 1;
        let Some(&i) = ctx.iro_by_ext.get(row.iro_id.as_str()) else {
            f.push(format!(
                "caseloads.csv:{}: IRO {} is not in the inputs",
                row.line, row.iro_id
            ));
            continue;
        };
        let s = &sums[row.iro_id.as_str()];
        let id = &row.iro_id;
        let (min, max) = bands[i.idx()];
        let fte = cl.fte(i);
        let n = s.trips as f64;
        f.check(near(row.fte, fte, 0.0001), || {
            format!(
                "caseloads.csv: IRO {id} fte {} but the inputs give {fte:.4}",
                row.fte
            )
        });
        f.check(
            row.band_min == min as u64 && row.band_max == max as u64,
            || {
                format!(
                    "caseloads.csv: IRO {id} band {}–{} but the inputs give {min}–{max}",
                    row.band_min, row.band_max
                )
            },
        );
        f.check(row.children == s.children, || {
            format!(
                "caseloads.csv: IRO {id} children {} but allocation.csv gives {}",
                row.children, s.children
            )
        });
        f.check(row.reviews == s.reviews, || {
            format!(
                "caseloads.csv: IRO {id} reviews {} but reviews.csv gives {}",
                row.reviews, s.reviews
            )
        });
        f.check(near(row.miles, s.miles, 0.006 + 0.0005 * n), || {
            format!(
                "caseloads.csv: IRO {id} miles {:.2} but its trips sum to {:.2}",
                row.miles, s.miles
            )
        });
        f.check(
            near(row.drive_hours, s.drive_hours, 0.0006 + 0.00005 * n),
            || {
                format!(
                    "caseloads.csv: IRO {id} drive_hours {:.3} but its trips sum to {:.3}",
                    row.drive_hours, s.drive_hours
                )
            },
        );
        f.check(row.nights == s.nights, || {
            format!(
                "caseloads.csv: IRO {id} nights {} but its trips sum to {}",
                row.nights, s.nights
            )
        });
    }
    for i in &cl.iros {
        let n = rows.get(i.external_id.as_str()).copied().unwrap_or(0);
        f.check(n == 1, || {
            format!(
                "caseloads.csv: IRO {} has {n} rows (expected 1)",
                i.external_id
            )
        });
    }
}

/// `summary.json`: totals equal to the sums of the written rows.
fn summary(ctx: &Ctx<'_>, f: &mut Findings) {
    let s = &ctx.plan.summary;
    let trips: &[TripRow] = &ctx.plan.trips;
    let n = trips.len() as f64;
    let sum = |g: fn(&TripRow) -> f64| trips.iter().map(g).sum::<f64>();
    let held = ctx.plan.reviews.len() as u64;
    let unscheduled = ctx.plan.unscheduled.len() as u64;
    let reviews = held + unscheduled;
    let late = ctx
        .plan
        .reviews
        .iter()
        .filter(|r| r.date > r.due_date)
        .count() as u64;
    let ints = [
        ("children", s.children, ctx.caseload.children.len() as u64),
        ("reviews", s.reviews, reviews),
        ("reviews_late", s.reviews_late, late),
        (
            "hotel_nights",
            s.hotel_nights,
            trips.iter().map(|t| t.nights as u64).sum(),
        ),
    ];
    for (name, written, expected) in ints {
        match written {
            None => f.push(format!("summary.json: field {name} is missing")),
            Some(w) => f.check(w == expected, || {
                format!("summary.json: {name} {w} but the plan's files give {expected}")
            }),
        }
    }
    let on_time = if reviews > 0 {
        100.0 * (held - late) as f64 / reviews as f64
    } else {
        100.0
    };
    let (miles, hours) = (sum(|t| t.miles), sum(|t| t.drive_hours));
    let (mileage, staff, hotel) = (
        sum(|t| t.mileage_cost),
        sum(|t| t.staff_cost),
        sum(|t| t.hotel_cost),
    );
    let floats = [
        ("on_time_pct", s.on_time_pct, on_time, 0.01),
        ("miles", s.miles, miles, 0.01 + 0.0005 * n),
        ("drive_hours", s.drive_hours, hours, 0.001 + 0.00005 * n),
        ("cost_mileage", s.cost_mileage, mileage, 0.01 + 0.005 * n),
        ("cost_staff", s.cost_staff, staff, 0.01 + 0.005 * n),
        ("cost_hotel", s.cost_hotel, hotel, 0.01 + 0.005 * n),
        (
            "cost_total",
            s.cost_total,
            mileage + staff + hotel,
            0.03 + 0.015 * n,
        ),
        ("co2_kg", s.co2_kg, sum(|t| t.co2_kg), 0.01 + 0.0005 * n),
    ];
    for (name, written, expected, tol) in floats {
        match written {
            None => f.push(format!("summary.json: field {name} is missing")),
            Some(w) => f.check(near(w, expected, tol), || {
                format!("summary.json: {name} {w:.3} but the plan's files give {expected:.3}")
            }),
        }
    }
    cover(ctx, f);
    if let (Some(a), Some(b)) = (s.horizon_start, s.horizon_end) {
        f.check(a == ctx.horizon_start && b == ctx.horizon_end, || {
            format!(
                "summary.json: horizon {a}–{b} but the inputs give {}–{}",
                ctx.horizon_start, ctx.horizon_end
            )
        });
    } else {
        f.push("summary.json: horizon_start or horizon_end is missing".to_string());
    }
    let sums = iro_sums(ctx);
    let Some(per_iro) = &s.per_iro else {
        f.push("summary.json: field per_iro is missing".to_string());
        return;
    };
    for p in per_iro {
        let Some(x) = sums.get(p.iro_id.as_str()) else {
            f.push(format!(
                "summary.json: per_iro names unknown IRO {}",
                p.iro_id
            ));
            continue;
        };
        let id = &p.iro_id;
        let n = x.trips as f64;
        let ok = p.children == Some(x.children)
            && p.reviews == Some(x.reviews)
            && p.nights == Some(x.nights)
            && p.miles.is_some_and(|m| near(m, x.miles, 0.01 + 0.0005 * n))
            && p.drive_hours
                .is_some_and(|h| near(h, x.drive_hours, 0.001 + 0.00005 * n));
        f.check(ok, || {
            format!(
                "summary.json: per_iro {id} (children {}, reviews {}, miles {}, hours {}, \
                 nights {}) differs from the plan's files (children {}, reviews {}, \
                 miles {:.2}, hours {:.3}, nights {})",
                shown(p.children, |n| n.to_string()),
                shown(p.reviews, |n| n.to_string()),
                shown(p.miles, |m| format!("{m:.2}")),
                shown(p.drive_hours, |h| format!("{h:.3}")),
                shown(p.nights, |n| n.to_string()),
                x.children,
                x.reviews,
                x.miles,
                x.drive_hours,
                x.nights
            )
        });
    }
    f.check(per_iro.len() == ctx.caseload.iros.len(), || {
        format!(
            "summary.json: per_iro has {} entries for {} IROs",
            per_iro.len(),
            ctx.caseload.iros.len()
        )
    });
}

/// The issue-12 summary fields, each checked when present: unscheduled reviews, agency cost and
/// the covered reviews.
fn cover(ctx: &Ctx<'_>, f: &mut Findings) {
    let s = &ctx.plan.summary;
    if let Some(w) = s.reviews_unscheduled {
        let n = ctx.plan.unscheduled.len() as u64;
        f.check(w == n, || {
            format!(
                "summary.json: reviews_unscheduled {w} but reviews.csv has {n} rows without a date"
            )
        });
    }
    let agency = (ctx.plan.reviews.iter())
        .filter(|r| r.cover == Some(Cover::Agency))
        .count();
    if let Some(w) = s.cost_agency {
        let rate = ctx.caseload.config.absence.agency_cost_per_review;
        let expected = agency as f64 * rate;
        f.check(near(w, expected, 0.01), || {
            format!(
                "summary.json: cost_agency {w:.2} but {agency} agency-chaired reviews at {rate} \
                 give {expected:.2}"
            )
        });
    }
    let Some(listed) = &s.reviews_covered else {
        return;
    };
    // (child, number, iro, chair, cover, date) of each covered review.
    let key = |child: &str, n: u32, iro: &str, chair: Option<&str>, cover: &str, date: String| {
        let chair = chair.unwrap_or("").to_string();
        (
            child.to_string(),
            n,
            iro.to_string(),
            chair,
            cover.to_string(),
            date,
        )
    };
    let rows: BTreeSet<_> = (ctx.plan.reviews.iter())
        .filter_map(|r| {
            let cover = r.cover?.as_str();
            let chair = r.chair.as_deref();
            let date = r.date.to_string();
            Some(key(
                &r.child_id,
                r.review_number,
                &r.iro_id,
                chair,
                cover,
                date,
            ))
        })
        .collect();
    let written: BTreeSet<_> = (listed.iter())
        .map(|c| {
            let chair = c.chair_iro_id.as_deref();
            let date = c.date.clone().unwrap_or_default();
            key(
                &c.child_id,
                c.review_number,
                &c.iro_id,
                chair,
                &c.cover,
                date,
            )
        })
        .collect();
    let show = |k: &(String, u32, String, String, String, String)| {
        let chair = if k.3.is_empty() { "an agency" } else { &k.3 };
        format!(
            "child {} review {} of IRO {} chaired by {chair} ({}) on {}",
            k.0, k.1, k.2, k.4, k.5
        )
    };
    for k in rows.difference(&written) {
        f.push(format!(
            "summary.json: reviews_covered does not list {} (reviews.csv has it)",
            show(k)
        ));
    }
    for k in written.difference(&rows) {
        f.push(format!(
            "summary.json: reviews_covered lists {}, which reviews.csv does not have",
            show(k)
        ));
    }
    f.check(written.len() == listed.len(), || {
        format!(
            "summary.json: reviews_covered lists {} entries for {} distinct reviews",
            listed.len(),
            written.len()
        )
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::super::read::{Cover, Reason, SummaryCovered, UnscheduledRow};
    use super::check;

    /// The fixture plus an unscheduled review 5 of C1 (figures do not follow chains), with the
    /// counts of the caseload and per-IRO rows made to match: two rows, one held on time.
    fn with_unscheduled() -> (crate::domain::Caseload, super::super::read::PlanFiles) {
        let (cl, mut plan) = council();
        plan.unscheduled.push(UnscheduledRow {
            line: 3,
            child_id: "C1".into(),
            iro_id: "A".into(),
            review_number: 5,
            due_date: d("2027-08-26"),
            on_time: false,
            reason: Some(Reason::Capacity),
            action: String::new(),
        });
        plan.caseloads[0].reviews = 2;
        if let Some(p) = plan.summary.per_iro.as_mut() {
            p[0].reviews = Some(2);
        }
        plan.summary.reviews = Some(2);
        plan.summary.reviews_unscheduled = Some(1);
        plan.summary.on_time_pct = Some(50.0);
        (cl, plan)
    }

    /// The fixture's review chaired by an agency, listed as covered and costed at £300.
    fn with_agency() -> (crate::domain::Caseload, super::super::read::PlanFiles) {
        let (cl, mut plan) = council();
        plan.reviews[0].chair = None;
        plan.reviews[0].cover = Some(Cover::Agency);
        plan.summary.cost_agency = Some(300.0);
        plan.summary.reviews_covered = Some(vec![SummaryCovered {
            child_id: "C1".into(),
            review_number: 4,
            iro_id: "A".into(),
            chair_iro_id: Some(String::new()),
            cover: "agency".into(),
            date: Some("2027-02-26".into()),
        }]);
        (cl, plan)
    }

    #[test]
    fn unscheduled_rows_count_as_reviews_not_on_time() {
        let (cl, plan) = with_unscheduled();
        let v = run(&cl, &plan, check);
        assert!(v.is_empty(), "{v:#?}");
    }

    #[test]
    fn on_time_pct_over_all_rows() {
        let (cl, mut plan) = with_unscheduled();
        plan.summary.on_time_pct = Some(100.0);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec!["summary.json: on_time_pct 100.000 but the plan's files give 50.000"]
        );
    }

    /// A hand-edited figure is shown as a plain number, a field the file lacks as `missing` —
    /// not as Rust's `Some(112.0)` / `None`.
    #[test]
    fn per_iro_differing_shows_plain_values() {
        let (cl, mut plan) = council();
        if let Some(p) = plan.summary.per_iro.as_mut() {
            p[0].miles = Some(112.0);
            p[0].nights = None;
        }
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "summary.json: per_iro A (children 1, reviews 1, miles 112.00, hours 0.631, \
                 nights missing) differs from the plan's files (children 1, reviews 1, miles \
                 12.00, hours 0.631, nights 0)"
            ]
        );
    }

    #[test]
    fn reviews_unscheduled_miscounted() {
        let (cl, mut plan) = with_unscheduled();
        plan.summary.reviews_unscheduled = Some(0);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec!["summary.json: reviews_unscheduled 0 but reviews.csv has 1 rows without a date"]
        );
    }

    #[test]
    fn agency_reviews_are_listed_and_costed() {
        let (cl, plan) = with_agency();
        let v = run(&cl, &plan, check);
        assert!(v.is_empty(), "{v:#?}");
    }

    #[test]
    fn cost_agency_wrong() {
        let (cl, mut plan) = with_agency();
        plan.summary.cost_agency = Some(0.0);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec!["summary.json: cost_agency 0.00 but 1 agency-chaired reviews at 300 give 300.00"]
        );
    }

    #[test]
    fn a_covered_review_not_listed() {
        let (cl, mut plan) = with_agency();
        plan.summary.reviews_covered = Some(Vec::new());
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "summary.json: reviews_covered does not list child C1 review 4 of IRO A chaired \
                 by an agency (agency) on 2027-02-26 (reviews.csv has it)"
            ]
        );
    }

    #[test]
    fn a_covered_review_listed_that_is_not_covered() {
        let (cl, mut plan) = council();
        plan.summary.reviews_covered = Some(vec![SummaryCovered {
            child_id: "C1".into(),
            review_number: 4,
            iro_id: "A".into(),
            chair_iro_id: Some("B".into()),
            cover: "colleague".into(),
            date: Some("2027-02-26".into()),
        }]);
        let v = run(&cl, &plan, check);
        assert_eq!(
            v,
            vec![
                "summary.json: reviews_covered lists child C1 review 4 of IRO A chaired by B \
                 (colleague) on 2027-02-26, which reviews.csv does not have"
            ]
        );
    }

    #[test]
    fn trip_figures_follow_the_stops_and_rates() {
        let (cl, mut plan) = council();
        plan.trips[0].miles += 0.2;
        plan.trips[0].staff_cost += 1.0;
        plan.trips[0].hotel_cost = 100.0;
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["trips.csv: trip T1 miles 12.200 but its stops give 12.000"]
            ),
            "{v:#?}"
        );
        assert!(has(&v, &["trip T1 staff_cost"]), "{v:#?}");
        assert!(
            has(&v, &["trip T1 hotel_cost 100.000 but the rates give 0.000"]),
            "{v:#?}"
        );
    }

    #[test]
    fn caseloads_follow_the_plan() {
        let (cl, mut plan) = council();
        plan.caseloads[0].children = 2;
        plan.caseloads[0].band_max = 60;
        plan.caseloads[0].miles = 20.0;
        plan.caseloads[0].nights = 1;
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["IRO A children 2 but allocation.csv gives 1"]),
            "{v:#?}"
        );
        assert!(
            has(&v, &["IRO A band 50–60 but the inputs give 50–70"]),
            "{v:#?}"
        );
        assert!(
            has(&v, &["IRO A miles 20.00 but its trips sum to 12.00"]),
            "{v:#?}"
        );
        assert!(
            has(&v, &["IRO A nights 1 but its trips sum to 0"]),
            "{v:#?}"
        );
        plan.caseloads.clear();
        let v = run(&cl, &plan, check);
        assert!(has(&v, &["caseloads.csv: IRO A has 0 rows"]), "{v:#?}");
    }

    #[test]
    fn summary_follows_the_files() {
        let (cl, mut plan) = council();
        plan.summary.reviews = Some(2);
        plan.summary.cost_total = Some(1.0);
        plan.summary.co2_kg = None;
        plan.summary.horizon_end = Some(d("2027-04-30"));
        if let Some(p) = plan.summary.per_iro.as_mut() {
            p[0].reviews = Some(3);
        }
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["summary.json: reviews 2 but the plan's files give 1"]),
            "{v:#?}"
        );
        assert!(has(&v, &["summary.json: cost_total 1.000"]), "{v:#?}");
        assert!(
            has(&v, &["summary.json: field co2_kg is missing"]),
            "{v:#?}"
        );
        assert!(
            has(&v, &["summary.json: horizon 2027-01-01–2027-04-30"]),
            "{v:#?}"
        );
        assert!(has(&v, &["summary.json: per_iro A"]), "{v:#?}");
    }
}
