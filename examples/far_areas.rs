//! Far areas of a plan against a simple reference schedule (issue 13).
//!
//! For each far area (placements beyond a day trip from every base, grouped by
//! `areas.radius_miles`): its children, the IROs holding them, the rounds (trips) and reviews
//! of the plan and their road miles — and the miles of a reference schedule: the area held by
//! one IRO (the one holding most of its children in the plan), every review of the area due
//! within 28 days of the area's next due review held on one trip on that review's due date,
//! visiting the placements nearest first, each successor due 3 or 6 months after that trip.
//! The reference ignores the working day and week, hotels and reg. 33 windows: it is a yardstick
//! for the plan's far travel, not a plan.
//!
//! A second reference ("week ref") is the same schedule with each round holding no more reviews
//! than one week of the holding IRO's hours can ([`Policy::round_capacity`]: the week less the
//! drive there and back, each review's meeting, admin and local drive); reviews left over go on
//! a round a week later. Where an area has more reviews falling due together than a week holds
//! (45 children in London for an IRO based in Carlisle), no plan that keeps the working-week
//! rule can reach the first reference; the second says what one can.
//!
//! The last column, and the end of the `far:` line, give the reference's reviews a round: for
//! an area of a few children whose reviews fall due months apart, no plan that holds a review
//! at most about 28 days early makes fewer rounds, so the plan's far reviews a trip is measured
//! against it, not against a fixed bar alone.
//!
//! Where an area has more children than one IRO's caseload band holds (104 children in London
//! for Cornwall, against a band of 70), no plan can hold it by one IRO: both references are
//! then made for each IRO holding part of it in the plan, on that IRO's part, and added.
//!
//! Run: `cargo run --release --example far_areas -- [DATA_DIR] [--rebalance N|all]`
//! (default `data/dorset`).

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{Duration, NaiveDate};
use iro_planner::cli::DataArgs;
use iro_planner::cli::plan::load;
use iro_planner::config::Rebalance;
use iro_planner::domain::{Caseload, ChildId, IroId, LatLon};
use iro_planner::pipeline;
use iro_planner::policy::{Area, Policy};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    match run(&mut std::io::stdout().lock()) {
        // Piped into `head`: the reader has what it wanted.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        r => r,
    }
}

fn run(out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut data = std::path::PathBuf::from("data/dorset");
    let mut rebalance = None;
    while let Some(a) = args.next() {
        if a == "--rebalance" {
            rebalance = Some(
                args.next()
                    .ok_or("--rebalance needs N or all")?
                    .parse::<Rebalance>()?,
            );
        } else {
            data = a.into();
        }
    }
    let data_args = DataArgs {
        data,
        children: None,
        iros: None,
        config: None,
        bookings: None,
        unavailable: None,
    };
    let mut caseload = load(&data_args, None, None)?;
    if let Some(r) = rebalance {
        caseload.config.allocation.rebalance = r;
    }
    let r = pipeline::try_plan(&caseload)?;
    let policy = Policy::new(&caseload);
    let areas = policy.far_areas(&caseload);
    writeln!(
        out,
        "{:<34}{:>9}{:>6}{:>8}{:>9}{:>7}{:>11}{:>11}{:>8}{:>11}{:>8}{:>7}",
        "area",
        "children",
        "IROs",
        "rounds",
        "reviews",
        "/round",
        "plan mi",
        "ref mi",
        "rounds",
        "week ref",
        "rounds",
        "/round"
    )?;
    let mut plan_total = 0.0;
    let (mut plain_total, mut week_total) = (Reference::default(), Reference::default());
    for (a, s) in areas.list.iter().zip(&r.summary.areas) {
        let plain = reference(&caseload, &policy, &r.plan.allocation, a, false);
        let week = reference(&caseload, &policy, &r.plan.allocation, a, true);
        plan_total += s.miles;
        plain_total = plain_total + plain;
        week_total = week_total + week;
        writeln!(
            out,
            "{:<34}{:>9}{:>6}{:>8}{:>9}{:>7.2}{:>11.0}{:>11.0}{:>8}{:>11.0}{:>8}{:>7.2}",
            a.name,
            s.children,
            s.iros.len(),
            s.rounds,
            s.reviews,
            s.reviews_per_round,
            s.miles,
            plain.miles,
            plain.rounds,
            week.miles,
            week.rounds,
            plain.per_round()
        )?;
    }
    let f = &r.summary.far;
    writeln!(
        out,
        "far: {} children, {} trips, {} reviews ({:.2} a trip; {:.2} with those met on the way), {:.0} miles (areas' share {:.0}); \
         reference {:.0} miles (within a week's hours {:.0}); areas of 3+ held by more than 2 \
         IROs: {}; trips visiting two areas or more: {}; the reference's rounds hold {} reviews \
         on {} rounds ({:.2} a round)",
        f.children,
        f.trips,
        f.reviews,
        f.reviews_per_trip,
        f.reviews_on_trips_per_trip,
        f.miles,
        plan_total,
        plain_total.miles,
        week_total.miles,
        f.areas_split,
        f.multi_area_trips,
        plain_total.reviews,
        plain_total.rounds,
        plain_total.per_round()
    )?;
    let s = &r.summary;
    writeln!(
        out,
        "plan: {} reviews (naive {}: ×{:.3}), {} late, {} unscheduled, {:.0} miles, £{:.0}, {} moves, {} IRO-weeks over",
        s.reviews,
        s.naive.reviews,
        s.reviews as f64 / s.naive.reviews.max(1) as f64,
        s.reviews_late,
        s.reviews_unscheduled,
        s.miles,
        s.cost_total,
        s.children_moved,
        s.workload.iro_weeks_over
    )?;
    Ok(())
}

/// What a reference schedule makes of an area.
#[derive(Debug, Clone, Copy, Default)]
struct Reference {
    /// Road miles of its rounds.
    miles: f64,
    /// Rounds (trips).
    rounds: usize,
    /// Reviews its rounds hold.
    reviews: usize,
}

impl Reference {
    /// Reviews a round holds. Each reference round goes on the latest day its first review
    /// allows and takes every review due within 28 days (about what
    /// `review.area_early_working_days` allows a plan): for fixed windows that stabbing needs
    /// the fewest rounds, so this is about the most reviews a round of any plan holds on the
    /// area's reviews, and a yardstick for the plan's far reviews a trip.
    fn per_round(&self) -> f64 {
        self.reviews as f64 / self.rounds.max(1) as f64
    }
}

impl std::ops::Add for Reference {
    type Output = Reference;

    fn add(self, o: Reference) -> Reference {
        Reference {
            miles: self.miles + o.miles,
            rounds: self.rounds + o.rounds,
            reviews: self.reviews + o.reviews,
        }
    }
}

/// The reference schedule for one area; with `week`, each round holds at most what one week
/// of the holding IRO's hours can, the rest going a week later.
fn reference(
    caseload: &Caseload,
    policy: &Policy,
    allocation: &[IroId],
    area: &Area,
    week: bool,
) -> Reference {
    let children = &area.children;
    let mut count: BTreeMap<IroId, usize> = BTreeMap::new();
    for c in children {
        *count.entry(allocation[c.idx()]).or_default() += 1;
    }
    let Some((&iro, _)) = count
        .iter()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(**i)))
    else {
        return Reference::default();
    };
    // More children than one IRO's band holds: the band forbids one holder, so each IRO
    // holding part of the area in the plan makes the reference schedule for its part.
    if children.len() > caseload.band(iro).1 as usize && count.len() > 1 {
        return count.keys().fold(Reference::default(), |sum, &i| {
            let part: Vec<ChildId> = children
                .iter()
                .copied()
                .filter(|c| allocation[c.idx()] == i)
                .collect();
            sum + schedule(caseload, policy, i, area, &part, week)
        });
    }
    schedule(caseload, policy, iro, area, children, week)
}

/// The reference schedule of `children` (of `area`) held by `iro`.
fn schedule(
    caseload: &Caseload,
    policy: &Policy,
    iro: IroId,
    area: &Area,
    children: &[ChildId],
    week: bool,
) -> Reference {
    let base = caseload.iro(iro).base;
    let capacity = if week {
        let local = policy.local_leg(caseload, area, &|a, b| policy.leg(a, b));
        let review = policy.area_review_secs(caseload, area);
        policy.round_capacity(
            caseload.iro(iro),
            policy.leg(base, area.centre),
            review,
            local,
        ) as usize
    } else {
        usize::MAX
    };
    let mut due: BTreeMap<ChildId, (u32, NaiveDate)> = children
        .iter()
        .filter_map(|&c| {
            let child = caseload.child(c);
            let d = policy.next_review(child);
            (d.date <= policy.chain_end(child)).then_some((c, (d.number, d.date)))
        })
        .collect();
    let (mut miles, mut rounds, mut reviews) = (0.0, 0, 0);
    let mut last: Option<NaiveDate> = None;
    while let Some((_, &(_, first))) = due.iter().min_by_key(|(_, (_, d))| *d) {
        let mut t = first.max(policy.start);
        if let Some(l) = last {
            t = t.max(l + Duration::days(7));
        }
        if t > policy.end {
            break;
        }
        let mut batch: Vec<(NaiveDate, ChildId)> = due
            .iter()
            .filter(|(_, (_, d))| *d <= t + Duration::days(28))
            .map(|(c, (_, d))| (*d, *c))
            .collect();
        batch.sort_unstable();
        batch.truncate(capacity);
        let mut at = base;
        let mut left: Vec<LatLon> = batch
            .iter()
            .map(|&(_, c)| caseload.child(c).location)
            .collect();
        while !left.is_empty() {
            let k = (0..left.len())
                .min_by(|&a, &b| {
                    policy
                        .leg(at, left[a])
                        .miles
                        .total_cmp(&policy.leg(at, left[b]).miles)
                })
                .unwrap_or(0);
            miles += policy.leg(at, left[k]).miles;
            at = left.swap_remove(k);
        }
        miles += policy.leg(at, base).miles;
        rounds += 1;
        reviews += batch.len();
        if week {
            last = Some(t);
        }
        for (_, c) in batch {
            let (n, _) = due[&c];
            let next = policy.successor(n, t);
            if next.date > policy.chain_end(caseload.child(c)) {
                due.remove(&c);
            } else {
                due.insert(c, (next.number, next.date));
            }
        }
    }
    Reference {
        miles,
        rounds,
        reviews,
    }
}
