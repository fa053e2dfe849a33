//! The size ladder (issue 6): every pipeline stage at council, region and national sizes.
//!
//! Sizes, each generated once per run by the library's own generator ([`synth::generate`],
//! seed 1, snapshot 2026-11-30, so the numbers are comparable run to run) into a temporary
//! folder and read back with [`io::load`] — both outside every timing, and only when a
//! benchmark of that size is actually selected:
//! - `council`: `--profile council --home Dorset --children 455` (one council, 9 posts);
//! - `region`: `--profile council --home Birmingham --children 10000 --iros 170`;
//! - `national`: `--profile national --children 84000` (≈ 150 councils, 1,400 posts) — only
//!   when `IRO_BENCH_NATIONAL=1`: one national allocation takes ≈ 1.5 s, but a scheduling or
//!   end-to-end iteration a minute or more on a shared 2-core machine, and criterion takes at
//!   least 10 samples, so select national groups one at a time.
//!
//! Groups (one per stage; the parameter is the size; throughput is children, except the
//! routing core's, which is blocks):
//! 1. `geocoding`: every child's `placement` string, read from the generated `children.csv`,
//!    resolved through [`Gazetteer::bundled`] (postcode sectors, districts, place names).
//! 2. `distance_matrix`: the child × IRO-base legs the allocation prices — as
//!    `allocate::council::build` does: every filled post of the child's council where it has at
//!    most `max(exhaustive_up_to, k)` of them, else the `k = allocation.candidates` nearest bases
//!    from an rstar index (built outside the timing); one [`TravelModel::leg`] per pair.
//! 3. `allocation`: [`pipeline::optimised_allocation`] (reach exclusions, candidate pruning,
//!    MILP or min-cost flow, pruning check).
//! 4. `routing_core`: the routing core on problems of the scheduler's shape — the first 6-week
//!    block of near, in-person reviews of a fixed [`ROUTE_BLOCKS`] IROs (the first filled posts
//!    with any such review, in id order), built as `schedule::trips::schedule_iro`
//!    builds its first block (allowed days, lateness cost, review lengths; remote trips and
//!    virtual reviews taken out first do not block days here) and solved by
//!    [`near::solve_block`] with the scheduler's default effort. The whole scheduler solves
//!    ≈ 9 such blocks per IRO a year; the `scheduling` group measures all of them.
//! 5. `scheduling`: [`schedule::schedule`] for the whole horizon (12 months) with the optimised
//!    allocation computed once outside the timing (rayon over IROs: both cores).
//! 6. `end_to_end`: [`pipeline::try_plan`] — allocation, scheduling, figures and summary; loading
//!    and geocoding the input (group 1) and writing outputs are *excluded*.
//!
//! Run: `cargo bench --bench scale` (council and region: 6.5 minutes on a shared 2-core machine,
//! of which region scheduling and end to end take ≈ 2.2 minutes each, 10 samples of ≈ 13 s);
//! `IRO_BENCH_NATIONAL=1 cargo bench --bench scale -- allocation` (national too, one group);
//! criterion filters select groups or sizes (`-- routing_core/region`).

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main, measurement::WallTime,
};
use iro_planner::allocate::AllocateOptions;
use iro_planner::domain::{Caseload, IroId, LatLon};
use iro_planner::geo::{Gazetteer, PointIndex, TravelModel};
use iro_planner::io::{self, InputPaths};
use iro_planner::pipeline;
use iro_planner::policy::Policy;
use iro_planner::schedule::near::{self, DayJob, Effort};
use iro_planner::schedule::{self, ScheduleOptions};
use iro_planner::synth::{self, Options, Profile};

/// IROs whose first scheduling block the `routing_core` group solves, at every size.
const ROUTE_BLOCKS: usize = 8;

/// Seed of the generator: fixed so that every run measures the same data.
const SEED: u64 = 1;

/// One rung of the ladder: how to generate it, and (lazily) the loaded data.
struct Size {
    name: &'static str,
    profile: Profile,
    home: Option<&'static str>,
    children: usize,
    iros: Option<usize>,
    /// Large sizes take few, flat samples.
    large: bool,
    data: OnceCell<Data>,
    allocation: OnceCell<Vec<IroId>>,
    blocks: OnceCell<Vec<Block>>,
}

/// A generated and loaded data set.
struct Data {
    caseload: Caseload,
    /// The `placement` column of `children.csv`, as written.
    placements: Vec<String>,
}

/// One IRO's first block in the scheduler's shape.
struct Block {
    base: LatLon,
    jobs: Vec<DayJob>,
    days: Vec<NaiveDate>,
    weeks: std::collections::BTreeMap<NaiveDate, i64>,
}

impl Size {
    fn new(
        name: &'static str,
        profile: Profile,
        home: Option<&'static str>,
        children: usize,
        iros: Option<usize>,
        large: bool,
    ) -> Size {
        Size {
            name,
            profile,
            home,
            children,
            iros,
            large,
            data: OnceCell::new(),
            allocation: OnceCell::new(),
            blocks: OnceCell::new(),
        }
    }

    /// Generates and loads the data set on first use (outside any timing).
    fn data(&self) -> &Data {
        self.data.get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary folder for the generated data");
            let options = Options {
                profile: self.profile,
                seed: SEED,
                out: dir.path().to_path_buf(),
                home: self.home.map(str::to_string),
                children: Some(self.children),
                iros: self.iros,
                councils: None,
                as_of: NaiveDate::from_ymd_opt(2026, 11, 30).expect("a valid snapshot date"),
            };
            synth::generate(&options).expect("the generator accepts the ladder's options");
            let caseload = io::load(&InputPaths::from_dir(dir.path()))
                .expect("generated data loads without input errors");
            let placements = placements(&dir.path().join("children.csv"));
            let resolved = placements
                .iter()
                .filter(|p| Gazetteer::bundled().resolve(p).is_ok())
                .count();
            eprintln!(
                "[scale] {}: {} children ({} of {} placements resolve), {} IRO posts",
                self.name,
                caseload.children.len(),
                resolved,
                placements.len(),
                caseload.iros.len()
            );
            Data {
                caseload,
                placements,
            }
        })
    }

    /// The optimised allocation, computed once.
    fn allocation(&self) -> &[IroId] {
        self.allocation.get_or_init(|| {
            pipeline::optimised_allocation(&self.data().caseload)
                .expect("the allocation of generated data solves")
                .assignment
        })
    }

    /// The routing core's problems, built once.
    fn blocks(&self) -> &[Block] {
        self.blocks.get_or_init(|| {
            let blocks = first_blocks(&self.data().caseload, self.allocation(), ROUTE_BLOCKS);
            let jobs: usize = blocks.iter().map(|b| b.jobs.len()).sum();
            eprintln!(
                "[scale] {}: {} first blocks, {} near reviews",
                self.name,
                blocks.len(),
                jobs
            );
            blocks
        })
    }
}

/// The ladder: council and region always, national with `IRO_BENCH_NATIONAL=1`.
fn ladder() -> Vec<Size> {
    let mut sizes = vec![
        Size::new(
            "council",
            Profile::Council,
            Some("Dorset"),
            455,
            None,
            false,
        ),
        Size::new(
            "region",
            Profile::Council,
            Some("Birmingham"),
            10_000,
            Some(170),
            true,
        ),
    ];
    if std::env::var("IRO_BENCH_NATIONAL").is_ok_and(|v| v == "1") {
        sizes.push(Size::new(
            "national",
            Profile::National,
            None,
            84_000,
            None,
            true,
        ));
    }
    sizes
}

/// The `placement` column of a generated `children.csv`.
fn placements(path: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(path).expect("the generated children.csv opens");
    let headers = reader.headers().expect("children.csv has a header").clone();
    let column = headers
        .iter()
        .position(|h| h == "placement")
        .expect("children.csv has a placement column");
    reader
        .records()
        .filter_map(|r| r.ok())
        .filter_map(|r| r.get(column).map(str::to_string))
        .collect()
}

/// Candidate bases per child, as the allocation chooses them: the filled posts of each council
/// (every post when pooled), with an rstar index where there are more than
/// `max(exhaustive_up_to, k)` of them.
struct Candidates {
    /// Council (or `None`: every post) → its bases, and an index over them.
    councils: BTreeMap<Option<String>, (Vec<LatLon>, Option<PointIndex>)>,
    k: usize,
    pooled: bool,
}

impl Candidates {
    fn new(caseload: &Caseload) -> Candidates {
        let k = (caseload.config.allocation.candidates as usize).max(1);
        let exhaustive = AllocateOptions::default().exhaustive_up_to.max(k);
        let pooled = caseload.config.allocation.pooled;
        let filled = || caseload.iros.iter().filter(|i| !i.vacant);
        let mut councils = BTreeMap::new();
        let keys: Vec<Option<String>> = caseload
            .children
            .iter()
            .map(|c| if pooled { None } else { c.council.clone() })
            .collect();
        for key in keys {
            if councils.contains_key(&key) {
                continue;
            }
            let bases: Vec<LatLon> = filled()
                .filter(|i| key.is_none() || i.council.is_none() || i.council == key)
                .map(|i| i.base)
                .collect();
            let index = (bases.len() > exhaustive).then(|| PointIndex::new(&bases));
            councils.insert(key, (bases, index));
        }
        Candidates {
            councils,
            k,
            pooled,
        }
    }

    /// Sum of one-way miles of every child × candidate-base leg (so nothing is optimised away).
    fn legs(&self, caseload: &Caseload, travel: &TravelModel) -> (usize, f64) {
        let mut pairs = 0;
        let mut miles = 0.0;
        for child in &caseload.children {
            let key = if self.pooled { &None } else { &child.council };
            let Some((bases, index)) = self.councils.get(key) else {
                continue;
            };
            match index {
                Some(index) => {
                    for (b, _) in index.nearest(child.location, self.k) {
                        miles += travel.leg(bases[b], child.location).miles;
                        pairs += 1;
                    }
                }
                None => {
                    for &base in bases {
                        miles += travel.leg(base, child.location).miles;
                        pairs += 1;
                    }
                }
            }
        }
        (pairs, miles)
    }
}

/// The first rolling block (`block_days` from the horizon start) of the first `n` filled IROs
/// that have near, in-person reviews in it, built as the scheduler builds it (on-time days
/// priced by the policy's timing cost; weeks with their full hours).
fn first_blocks(caseload: &Caseload, allocation: &[IroId], n: usize) -> Vec<Block> {
    let cfg = &caseload.config;
    let policy = Policy::new(caseload);
    let options = ScheduleOptions::default();
    let start = policy.start;
    let block_end = start + chrono::Duration::days(options.block_days);
    let mut blocks = Vec::new();
    for iro in caseload.iro_ids().filter(|&i| !caseload.iro(i).vacant) {
        if blocks.len() >= n {
            break;
        }
        let base = caseload.iro(iro).base;
        let days: Vec<NaiveDate> = start
            .iter_days()
            .take_while(|d| *d < block_end)
            .filter(|&d| policy.works_on(iro, d))
            .collect();
        let mut jobs = Vec::new();
        for c in caseload.child_ids().filter(|c| allocation[c.idx()] == iro) {
            let child = caseload.child(c);
            let due = policy.next_review(child);
            if due.date >= block_end || due.date > policy.chain_end(child) {
                continue;
            }
            let leg = policy.leg(base, child.location);
            if policy.is_virtual(child, due.number, leg.miles)
                || leg.hours > cfg.overnight.remote_drive_hours
            {
                continue;
            }
            let not_before = child
                .last_review
                .map_or(child.looked_after_since, |d| d.succ_opt().unwrap_or(d));
            let earliest = policy.earliest(child, due, not_before);
            jobs.push(DayJob {
                point: child.location,
                duration: policy.review_secs(child),
                days: days
                    .iter()
                    .filter(|&&d| d >= earliest && d <= due.date)
                    .map(|&d| {
                        (
                            d,
                            (policy.timing_cost(child, due, d) * 100.0).round() as i64,
                        )
                    })
                    .collect(),
                locked: None,
                window: policy.review_window(child),
            });
        }
        if !jobs.is_empty() {
            let weeks = days
                .iter()
                .map(|&d| {
                    let monday = Policy::week_of(d);
                    (monday, policy.week_limit(caseload.iro(iro), iro, monday))
                })
                .collect();
            blocks.push(Block {
                base,
                jobs,
                days,
                weeks,
            });
        }
    }
    blocks
}

/// Criterion settings per size: few flat samples for the large ones, so that the default run
/// stays near ten minutes.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, large: bool, secs: u64) {
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(secs));
    group.sampling_mode(if large {
        SamplingMode::Flat
    } else {
        SamplingMode::Auto
    });
}

fn geocoding(c: &mut Criterion, sizes: &[Size]) {
    let gazetteer = Gazetteer::bundled();
    let mut group = c.benchmark_group("geocoding");
    for size in sizes {
        configure(&mut group, false, 3);
        group.throughput(Throughput::Elements(size.children as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size.name), size, |b, size| {
            let placements = &size.data().placements;
            b.iter(|| {
                placements
                    .iter()
                    .filter(|p| gazetteer.resolve(black_box(p)).is_ok())
                    .count()
            })
        });
    }
    group.finish();
}

fn distance_matrix(c: &mut Criterion, sizes: &[Size]) {
    let mut group = c.benchmark_group("distance_matrix");
    for size in sizes {
        configure(&mut group, false, 3);
        group.throughput(Throughput::Elements(size.children as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size.name), size, |b, size| {
            let caseload = &size.data().caseload;
            let travel = TravelModel::new(&caseload.config.travel, caseload.matrix.clone());
            let candidates = Candidates::new(caseload);
            b.iter(|| candidates.legs(black_box(caseload), &travel))
        });
    }
    group.finish();
}

fn allocation(c: &mut Criterion, sizes: &[Size]) {
    let mut group = c.benchmark_group("allocation");
    for size in sizes {
        configure(&mut group, size.large, if size.large { 20 } else { 5 });
        group.throughput(Throughput::Elements(size.children as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size.name), size, |b, size| {
            let caseload = &size.data().caseload;
            b.iter(|| pipeline::optimised_allocation(black_box(caseload)).map(|a| a.stats.gap))
        });
    }
    group.finish();
}

fn routing_core(c: &mut Criterion, sizes: &[Size]) {
    let mut group = c.benchmark_group("routing_core");
    for size in sizes {
        configure(&mut group, false, 10);
        group.throughput(Throughput::Elements(ROUTE_BLOCKS as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size.name), size, |b, size| {
            let caseload = &size.data().caseload;
            let blocks = size.blocks();
            let policy = Policy::new(caseload);
            let options = ScheduleOptions::default();
            b.iter(|| {
                blocks
                    .iter()
                    .enumerate()
                    .map(|(k, block)| {
                        let effort = Effort {
                            iterations: options.route_iterations,
                            no_improvement: options.route_no_improvement,
                            seed: options.seed ^ (k as u64 + 1),
                        };
                        let solved = near::solve_block(
                            &policy,
                            block.base,
                            black_box(&block.jobs),
                            &block.days,
                            &block.weeks,
                            &effort,
                        );
                        solved.routes.len() + solved.unassigned.len()
                    })
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

fn scheduling(c: &mut Criterion, sizes: &[Size]) {
    let mut group = c.benchmark_group("scheduling");
    for size in sizes {
        configure(&mut group, size.large, if size.large { 60 } else { 10 });
        group.throughput(Throughput::Elements(size.children as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size.name), size, |b, size| {
            let caseload = &size.data().caseload;
            let allocation = size.allocation();
            let options = ScheduleOptions::default();
            b.iter(|| {
                schedule::schedule(black_box(caseload), allocation, &options)
                    .reviews
                    .len()
            })
        });
    }
    group.finish();
}

fn end_to_end(c: &mut Criterion, sizes: &[Size]) {
    let mut group = c.benchmark_group("end_to_end");
    for size in sizes {
        configure(&mut group, size.large, if size.large { 60 } else { 10 });
        group.throughput(Throughput::Elements(size.children as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size.name), size, |b, size| {
            let caseload = &size.data().caseload;
            b.iter(|| pipeline::try_plan(black_box(caseload)).map(|r| r.summary.reviews))
        });
    }
    group.finish();
}

fn ladder_benches(c: &mut Criterion) {
    let sizes = ladder();
    geocoding(c, &sizes);
    distance_matrix(c, &sizes);
    allocation(c, &sizes);
    routing_core(c, &sizes);
    scheduling(c, &sizes);
    end_to_end(c, &sizes);
}

criterion_group!(benches, ladder_benches);
criterion_main!(benches);
