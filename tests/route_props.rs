//! Property tests of the routing core: on small random instances every solution passes the
//! independent checker and is never worse than the construction.

use std::time::Duration;

use iro_planner::route::{
    Job, Matrix, Problem, SolveOptions, TimeWindow, Worker, check, construct, solve,
};
use proptest::prelude::*;

/// Random instance: `n` jobs on a 100×100 grid, `k` workers, some with windows on two "days",
/// restrictions and a maximum duration.
fn instance(seed: u64, n: usize, k: usize, rich: bool) -> Problem {
    // A small deterministic generator keeps the case readable from its seed alone.
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move |m: i64| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % m as u64) as i64
    };
    let pts: Vec<(i64, i64)> = (0..n + 2).map(|_| (next(100), next(100))).collect();
    let m = pts.len();
    let mut dist = Vec::new();
    let mut time = Vec::new();
    for a in &pts {
        for b in &pts {
            let d = (((a.0 - b.0).pow(2) + (a.1 - b.1).pow(2)) as f64)
                .sqrt()
                .round() as i64;
            dist.push(d);
            time.push(d / 2 + 1);
        }
    }
    let day = 1000;
    let jobs = (0..n)
        .map(|j| {
            let s = next(300);
            let w = 30 + next(200);
            let mut windows = vec![TimeWindow::new(s, s + w).unwrap()];
            if rich && j % 3 == 0 {
                windows.push(TimeWindow::new(day + s, day + s + w).unwrap());
            }
            Job {
                location: j + 2,
                service: next(20),
                demand: 1 + next(5),
                windows,
                extra_work: if rich { next(10) } else { 0 },
            }
        })
        .collect();
    let workers = (0..k)
        .map(|w| {
            let off = if rich && w % 2 == 1 { day } else { 0 };
            Worker {
                start: if rich { w % 2 } else { 0 },
                end: 0,
                shift: TimeWindow::new(off, off + 500).unwrap(),
                capacity: 15,
                max_duration: if rich && w % 3 == 0 { Some(300) } else { None },
                fixed_cost: if rich { 20 } else { 0 },
                max_travel: (rich && w % 4 == 1).then_some(200),
                // Rich instances pair the workers under a shared work limit.
                group: rich.then_some(w / 2),
            }
        })
        .collect();
    let allowed = if rich {
        (0..n)
            .map(|j| (j % 5 == 0).then(|| vec![(0, 7), (1 % k, 0)]))
            .collect()
    } else {
        Vec::new()
    };
    Problem {
        jobs,
        workers,
        matrix: Matrix::new(m, dist, time).unwrap(),
        distance_weight: 1.0,
        time_weight: if rich { 0.5 } else { 0.0 },
        unassigned_penalty: 5_000,
        allowed,
        group_limits: if rich {
            vec![600; k.div_ceil(2)]
        } else {
            Vec::new()
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn solutions_are_feasible_and_no_worse_than_construction(
        seed in 0u64..1_000_000, n in 1usize..25, k in 1usize..6, rich: bool, threads in 1usize..3,
    ) {
        let p = instance(seed, n, k, rich);
        let start = construct(&p).unwrap();
        prop_assert!(check(&p, &start).is_ok(), "{:?}", check(&p, &start));
        let options = SolveOptions {
            time_limit: Duration::from_secs(60),
            max_iterations: Some(300),
            seed,
            threads,
            ..SolveOptions::default()
        };
        let s = solve(&p, &options);
        prop_assert!(check(&p, &s).is_ok(), "{:?}", check(&p, &s));
        prop_assert!(s.cost <= start.cost, "{} > construction {}", s.cost, start.cost);
    }
}

#[test]
fn same_seed_same_solution_when_stopped_by_iterations() {
    let p = instance(7, 40, 6, true);
    let options = SolveOptions {
        time_limit: Duration::from_secs(600),
        max_iterations: Some(2_000),
        seed: 3,
        ..SolveOptions::default()
    };
    assert_eq!(solve(&p, &options), solve(&p, &options));
}

#[test]
fn no_improvement_stop_ends_the_run() {
    let p = instance(11, 30, 4, false);
    let options = SolveOptions {
        time_limit: Duration::from_secs(600),
        no_improvement: Some(200),
        ..SolveOptions::default()
    };
    let s = solve(&p, &options);
    assert!(check(&p, &s).is_ok());
}

#[test]
fn job_with_a_window_on_another_day_goes_to_that_day() {
    // Two workers = two days; the job's only window is on day 2.
    let d = vec![0, 10, 10, 0];
    let p = Problem {
        jobs: vec![Job {
            location: 1,
            service: 5,
            demand: 1,
            windows: vec![TimeWindow::new(1100, 1200).unwrap()],
            extra_work: 0,
        }],
        workers: vec![
            Worker {
                start: 0,
                end: 0,
                shift: TimeWindow::new(0, 500).unwrap(),
                capacity: 9,
                max_duration: None,
                fixed_cost: 0,
                max_travel: None,
                group: None,
            },
            Worker {
                start: 0,
                end: 0,
                shift: TimeWindow::new(1000, 1500).unwrap(),
                capacity: 9,
                max_duration: Some(25),
                fixed_cost: 0,
                max_travel: None,
                group: None,
            },
        ],
        matrix: Matrix::new(2, d.clone(), d).unwrap(),
        distance_weight: 1.0,
        time_weight: 0.0,
        unassigned_penalty: 1000,
        allowed: Vec::new(),
        group_limits: Vec::new(),
    };
    let s = solve(
        &p,
        &SolveOptions {
            max_iterations: Some(50),
            ..SolveOptions::default()
        },
    );
    assert!(check(&p, &s).is_ok(), "{:?}", check(&p, &s));
    assert_eq!(s.routes.len(), 1);
    let r = &s.routes[0];
    assert_eq!(r.worker, 1);
    // Departs late enough to arrive exactly at the window's start: duration 10 + 5 + 10.
    assert_eq!((r.depart, r.starts[0], r.arrive), (1090, 1100, 1115));
}

#[test]
fn impossible_jobs_are_reported_unassigned() {
    let d = vec![0, 10, 10, 0];
    let p = Problem {
        jobs: vec![
            Job {
                location: 1,
                service: 0,
                demand: 1,
                windows: vec![TimeWindow::new(0, 5).unwrap()],
                extra_work: 0,
            },
            Job {
                location: 1,
                service: 0,
                demand: 50,
                windows: Vec::new(),
                extra_work: 0,
            },
        ],
        workers: vec![Worker {
            start: 0,
            end: 0,
            shift: TimeWindow::new(0, 100).unwrap(),
            capacity: 9,
            max_duration: None,
            fixed_cost: 0,
            max_travel: None,
            group: None,
        }],
        matrix: Matrix::new(2, d.clone(), d).unwrap(),
        distance_weight: 1.0,
        time_weight: 0.0,
        unassigned_penalty: 1000,
        allowed: Vec::new(),
        group_limits: Vec::new(),
    };
    let s = solve(
        &p,
        &SolveOptions {
            max_iterations: Some(50),
            ..SolveOptions::default()
        },
    );
    assert_eq!(s.unassigned, vec![0, 1]);
    assert_eq!(s.cost, 2000);
    assert!(check(&p, &s).is_ok());
}

#[test]
fn invalid_problem_does_not_panic() {
    let p = Problem {
        jobs: vec![Job {
            location: 7,
            service: 0,
            demand: 0,
            windows: Vec::new(),
            extra_work: 0,
        }],
        workers: Vec::new(),
        matrix: Matrix::new(1, vec![0], vec![0]).unwrap(),
        distance_weight: 1.0,
        time_weight: 0.0,
        unassigned_penalty: 3,
        allowed: Vec::new(),
        group_limits: Vec::new(),
    };
    let s = solve(&p, &SolveOptions::default());
    assert_eq!(s.unassigned, vec![0]);
}

#[test]
fn checker_catches_a_late_service() {
    let p = instance(5, 10, 3, false);
    let mut s = solve(
        &p,
        &SolveOptions {
            max_iterations: Some(100),
            ..SolveOptions::default()
        },
    );
    let r = &mut s.routes[0];
    r.starts[0] = p.jobs[r.jobs[0]].windows[0].end + 1;
    assert!(check(&p, &s).is_err());
}

/// An IRO-shaped instance: 300 jobs with one window on each of 60 days, 300 workers (5 per day,
/// each a day's shift), most unused. Run with `--ignored --nocapture` in release to see timing.
#[test]
#[ignore = "slow in debug builds; a scale check, run on demand"]
fn iro_shaped_instance_scales() {
    let n = 300;
    let days = 60;
    let per_day = 5;
    let mut x: u64 = 99;
    let mut next = move |m: i64| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) % m as u64) as i64
    };
    let pts: Vec<(i64, i64)> = (0..n + 1).map(|_| (next(200_000), next(200_000))).collect();
    let m = pts.len();
    let mut dist = Vec::new();
    let mut time = Vec::new();
    for a in &pts {
        for b in &pts {
            let d = (((a.0 - b.0).pow(2) + (a.1 - b.1).pow(2)) as f64)
                .sqrt()
                .round() as i64;
            dist.push(d);
            time.push(720 + d / 23);
        }
    }
    let day = 86_400;
    let jobs = (0..n)
        .map(|j| {
            let first = next(days - 10);
            Job {
                location: j + 1,
                service: 5_400,
                demand: 1,
                windows: (first..first + 10)
                    .map(|d| TimeWindow::new(d * day + 9 * 3600, d * day + 15 * 3600).unwrap())
                    .collect(),
                extra_work: 0,
            }
        })
        .collect();
    let workers = (0..days * per_day)
        .map(|w| {
            let d = w / per_day;
            Worker {
                start: 0,
                end: 0,
                shift: TimeWindow::new(d * day + 8 * 3600, d * day + 18 * 3600).unwrap(),
                capacity: 4,
                max_duration: Some(10 * 3600),
                fixed_cost: 0,
                max_travel: None,
                group: None,
            }
        })
        .collect();
    let p = Problem {
        jobs,
        workers,
        matrix: Matrix::new(m, dist.clone(), time).unwrap(),
        distance_weight: 1.0,
        time_weight: 0.0,
        unassigned_penalty: 10_000_000,
        allowed: Vec::new(),
        group_limits: Vec::new(),
    };
    let t = std::time::Instant::now();
    let start = construct(&p).unwrap();
    let built = t.elapsed();
    let s = solve(
        &p,
        &SolveOptions {
            time_limit: Duration::from_secs(2),
            ..SolveOptions::default()
        },
    );
    println!(
        "construct {:?} cost {} routes {}; solve cost {} routes {} unassigned {}",
        built,
        start.cost,
        start.routes.len(),
        s.cost,
        s.routes.len(),
        s.unassigned.len()
    );
    assert!(check(&p, &s).is_ok());
    assert!(s.cost <= start.cost);
}
