//! The scale report (issue 6): for each size of a synthetic national placement set, the wall
//! time of every stage, the peak memory reported by the OS and the quality of the answer.
//!
//! ```text
//! cargo run --release --example scale                       # 1k, 10k, 84k planned; 1M allocated
//! cargo run --release --example scale -- --sizes 1000,10000 --plan-up-to 10000
//! cargo run --release --example scale -- --threads 1 --check
//! ```
//!
//! Each size runs in a child process of this program (`--one N`), so that its peak resident
//! memory (`VmHWM` from `/proc/self/status`; Linux only, "n/a" elsewhere) is its own and not
//! the high-water mark of the sizes before it. A size is generated with the national profile
//! (`generate --profile national --children N`: ≈ 150 councils, IROs at about one per 60
//! children) into a temporary folder, loaded from the CSV files like `plan --data`, allocated,
//! and — up to `--plan-up-to` children — scheduled for the whole year, costed and written
//! (CSV, JSON, ICS, HTML) like `plan`; above it only allocated (the issue's one-million stress
//! test). With `--check` the written plan is re-checked by the independent checker, and any
//! violation makes the run fail (CI runs `--sizes 1000,3000 --check` as a smoke test).
//!
//! Columns: `gen` generation (not part of a plan), `load` reading and geocoding the CSVs,
//! `alloc` the allocation solve, `sched` scheduling + costing, `write` every output file,
//! `e2e` = load + alloc + sched + write (what `iro-planner plan` does), `peak MB` the child's
//! VmHWM, `gap` the allocation's relative gap to its lower bound, `on time` the share of the
//! year's reviews held by their due date.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use iro_planner::io::{InputPaths, load};
use iro_planner::pipeline::{optimised_allocation, plan_with};
use iro_planner::synth::{self, Profile};

/// One size's figures, printed by the child as one JSON line after [`ROW`].
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
struct Row {
    children: usize,
    iros: usize,
    councils: usize,
    reviews: usize,
    gen_s: f64,
    load_s: f64,
    alloc_s: f64,
    sched_s: f64,
    write_s: f64,
    check_s: Option<f64>,
    violations: Option<usize>,
    peak_mb: Option<f64>,
    gap: f64,
    backend: String,
    on_time_pct: Option<f64>,
    late: Option<usize>,
    over_band: usize,
    planned: bool,
}

impl Row {
    /// What `plan` does (load + allocate + schedule + write); load + allocate for a size that
    /// is only allocated (its schedule and write times are zero).
    fn e2e(&self) -> f64 {
        self.load_s + self.alloc_s + self.sched_s + self.write_s
    }
}

/// Marks the child's result line.
const ROW: &str = "ROW ";

/// Peak resident set size of this process, MB (Linux `VmHWM`).
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Runs one size in this process and returns its figures.
fn one(children: usize, plan: bool, check: bool, dir: &Path) -> Result<Row, String> {
    let data = dir.join(format!("national-{children}"));
    let t = Instant::now();
    let generated = synth::generate(&synth::Options {
        profile: Profile::National,
        seed: 1,
        out: data.clone(),
        home: None,
        children: Some(children),
        iros: None,
        // Councils of about England's mean size (84,000 / 150 = 560 children), at most 150.
        councils: Some((children as f64 / 560.0).round().clamp(1.0, 150.0) as usize),
        // The snapshot of the bundled data (`generate`'s default).
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).ok_or("bad date")?,
    })
    .map_err(|e| e.to_string())?;
    let gen_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let caseload = load(&InputPaths::from_dir(&data)).map_err(|e| e.to_string())?;
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let allocated = optimised_allocation(&caseload).map_err(|e| e.to_string())?;
    let alloc_s = t.elapsed().as_secs_f64();
    let mut row = Row {
        children: caseload.children.len(),
        iros: caseload.iros.iter().filter(|i| !i.vacant).count(),
        councils: generated.councils,
        gen_s,
        load_s,
        alloc_s,
        gap: allocated.stats.gap,
        backend: allocated.stats.backend.clone(),
        ..Row::default()
    };
    let bands = caseload.bands();
    let mut load_of = vec![0u32; caseload.iros.len()];
    for i in &allocated.assignment {
        load_of[i.idx()] += 1;
    }
    row.over_band = load_of
        .iter()
        .zip(&bands)
        .filter(|(n, b)| **n > b.1)
        .count();
    if plan {
        let t = Instant::now();
        let r = plan_with(&caseload, allocated);
        row.sched_s = t.elapsed().as_secs_f64();
        let out = dir.join(format!("plan-{children}"));
        let t = Instant::now();
        iro_planner::cli::plan::write_plan(&out, &caseload, &r).map_err(|e| e.to_string())?;
        row.write_s = t.elapsed().as_secs_f64();
        row.reviews = r.summary.reviews;
        row.on_time_pct = Some(r.summary.on_time_pct);
        row.late = Some(r.summary.reviews_late);
        row.planned = true;
        if check {
            let t = Instant::now();
            let report =
                iro_planner::check::check_plan_dir(&caseload, &out).map_err(|e| e.to_string())?;
            row.check_s = Some(t.elapsed().as_secs_f64());
            row.violations = Some(report.violations.len());
        }
    }
    row.peak_mb = peak_mb();
    Ok(row)
}

struct Args {
    sizes: Vec<usize>,
    plan_up_to: usize,
    threads: Option<usize>,
    check: bool,
    one: Option<usize>,
    dir: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        sizes: vec![1_000, 10_000, 84_000, 1_000_000],
        plan_up_to: 84_000,
        threads: None,
        check: false,
        one: None,
        dir: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--sizes" => {
                a.sizes = value("--sizes")?
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("--sizes: {e}"))?
            }
            "--plan-up-to" => {
                a.plan_up_to = value("--plan-up-to")?
                    .parse()
                    .map_err(|e| format!("--plan-up-to: {e}"))?
            }
            "--threads" => {
                a.threads = Some(
                    value("--threads")?
                        .parse()
                        .map_err(|e| format!("--threads: {e}"))?,
                )
            }
            "--check" => a.check = true,
            "--one" => a.one = Some(value("--one")?.parse().map_err(|e| format!("--one: {e}"))?),
            "--dir" => a.dir = Some(PathBuf::from(value("--dir")?)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn main() -> Result<(), String> {
    let args = parse_args()?;
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    if let Some(n) = args.one {
        let dir = args.dir.ok_or("--one needs --dir")?;
        let row = one(n, n <= args.plan_up_to, args.check, &dir)?;
        let json = serde_json::to_string(&row).map_err(|e| e.to_string())?;
        println!("{ROW}{json}");
        return Ok(());
    }
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    println!(
        "iro-planner scale report: {} threads, {} cores, national profile (seed 1), plan up to {} children",
        threads,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        args.plan_up_to
    );
    println!(
        "{:>9} {:>6} {:>8} {:>7} {:>7} {:>7} {:>8} {:>7} {:>8} {:>8} {:>9} {:>8} {:>7}  backend",
        "children",
        "IROs",
        "reviews",
        "gen s",
        "load s",
        "alloc s",
        "sched s",
        "write s",
        "e2e s",
        "peak MB",
        "gap",
        "on time",
        "over"
    );
    let mut rows = Vec::new();
    for &n in &args.sizes {
        let mut cmd = Command::new(&exe);
        cmd.args(["--one", &n.to_string(), "--dir"])
            .arg(tmp.path())
            .args(["--plan-up-to", &args.plan_up_to.to_string()])
            .args(["--threads", &threads.to_string()]);
        if args.check {
            cmd.arg("--check");
        }
        let out = cmd.output().map_err(|e| e.to_string())?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let row = stdout
            .lines()
            .find_map(|l| serde_json::from_str::<Row>(l.strip_prefix(ROW)?).ok());
        let Some(row) = row else {
            return Err(format!(
                "size {n} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        };
        let dash = "-".to_string();
        println!(
            "{:>9} {:>6} {:>8} {:>7.2} {:>7.2} {:>7.2} {:>8} {:>7} {:>8} {:>8} {:>9.2e} {:>8} {:>7}  {}",
            row.children,
            row.iros,
            if row.planned {
                row.reviews.to_string()
            } else {
                dash.clone()
            },
            row.gen_s,
            row.load_s,
            row.alloc_s,
            if row.planned {
                format!("{:.2}", row.sched_s)
            } else {
                dash.clone()
            },
            if row.planned {
                format!("{:.2}", row.write_s)
            } else {
                dash.clone()
            },
            format!("{:.2}{}", row.e2e(), if row.planned { "" } else { "*" }),
            row.peak_mb.map_or("n/a".into(), |m| format!("{m:.0}")),
            row.gap,
            row.on_time_pct.map_or(dash.clone(), |p| format!("{p:.2}%")),
            row.over_band,
            row.backend
        );
        if let (Some(c), Some(v)) = (row.check_s, row.violations) {
            println!("{:>9} checked in {c:.2}s: {v} violation(s)", "");
        }
        // Free the size's files before the next one.
        let _ = std::fs::remove_dir_all(tmp.path().join(format!("national-{n}")));
        let _ = std::fs::remove_dir_all(tmp.path().join(format!("plan-{n}")));
        rows.push(row);
    }
    let violations: usize = rows.iter().filter_map(|r| r.violations).sum();
    println!("* allocated only: e2e is load + allocation");
    println!("`over`: IROs over their band maximum (a capacity shortfall the plan declares)");
    // Growth between consecutive sizes: the exponent k in time ∝ children^k.
    for w in rows.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let ratio = b.children as f64 / a.children as f64;
        let exp = |x: f64, y: f64| {
            if x > 0.0 && y > 0.0 {
                format!("{:.2}", (y / x).ln() / ratio.ln())
            } else {
                "-".into()
            }
        };
        let both_planned = a.planned && b.planned;
        println!(
            "growth {:>7} → {:>7}: ×{:.1} children; exponent k (time ∝ n^k): load {}, alloc {}, sched {}, e2e {}, memory {}",
            a.children,
            b.children,
            ratio,
            exp(a.load_s, b.load_s),
            exp(a.alloc_s, b.alloc_s),
            if both_planned {
                exp(a.sched_s, b.sched_s)
            } else {
                "-".into()
            },
            if both_planned {
                exp(a.e2e(), b.e2e())
            } else {
                "-".into()
            },
            match (a.peak_mb, b.peak_mb) {
                (Some(x), Some(y)) => exp(x, y),
                _ => "-".into(),
            }
        );
    }
    if violations > 0 {
        return Err(format!("{violations} checker violation(s): see above"));
    }
    Ok(())
}
