//! Several councils in one data folder (issue 6): independent councils by default, one pooled
//! service with `--pooled`; the checker enforces the council rule unless told the plan is
//! pooled. Also the global `--threads` / `--quiet` flags of the command line.

mod cli_common;

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(args)
        .output()
        .expect("runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("reads")).expect("json")
}

/// (child council, IRO council) of every allocation row.
fn pairs(data: &Path, out: &Path) -> Vec<(String, String)> {
    let council_of = |file: &str, id_col: &str| {
        let mut r = csv::Reader::from_path(data.join(file)).expect("csv");
        let h = r.headers().expect("headers").clone();
        let (ci, ii) = (
            h.iter().position(|x| x == "council").expect("council"),
            h.iter().position(|x| x == id_col).expect("id"),
        );
        r.records()
            .map(|x| {
                let x = x.expect("record");
                (x[ii].to_string(), x[ci].to_string())
            })
            .collect::<std::collections::HashMap<_, _>>()
    };
    let child = council_of("children.csv", "child_id");
    let iro = council_of("iros.csv", "iro_id");
    let mut r = csv::Reader::from_path(out.join("allocation.csv")).expect("allocation");
    let h = r.headers().expect("headers").clone();
    let (ci, ii) = (
        h.iter().position(|x| x == "child_id").expect("child_id"),
        h.iter().position(|x| x == "iro_id").expect("iro_id"),
    );
    r.records()
        .map(|x| {
            let x = x.expect("record");
            (child[&x[ci]].clone(), iro[&x[ii]].clone())
        })
        .collect()
}

/// 700 children in 3 councils (national profile, seed 5) written to `d`.
fn three_councils(d: &str) {
    let o = run(&[
        "generate",
        "--profile",
        "national",
        "--children",
        "700",
        "--councils",
        "3",
        "--seed",
        "5",
        "--out",
        d,
    ]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn independent_and_pooled_councils() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (indep, pooled) = (dir.path().join("indep"), dir.path().join("pooled"));
    let d = data.to_str().expect("utf-8");
    three_councils(d);
    let (i, p) = (
        indep.to_str().expect("utf-8"),
        pooled.to_str().expect("utf-8"),
    );

    // Pooling is a reallocation what-if: both plans may move children (`--rebalance all`).
    let o = run(&[
        "plan",
        "--data",
        d,
        "--out",
        i,
        "--quiet",
        "--threads",
        "1",
        "--rebalance",
        "all",
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    // Piped output: no progress bar characters.
    assert!(!text(&o).contains('\r'));
    assert!(
        pairs(&data, &indep).iter().all(|(c, i)| c == i),
        "independent councils keep their children"
    );
    let o = run(&["check", "--data", d, "--plan", i]);
    assert!(o.status.success(), "{}", text(&o));

    let o = run(&[
        "plan",
        "--data",
        d,
        "--out",
        p,
        "--pooled",
        "--rebalance",
        "all",
    ]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    let o = run(&["check", "--data", d, "--plan", p, "--pooled"]);
    assert!(o.status.success(), "{}", text(&o));
    // Pooling only removes a constraint: the pooled optimum cannot be worse than the
    // independent one, so the pooled lower bound is at most the independent objective (each
    // council is solved exactly, by the MILP). 700 children pooled with far areas' charges are
    // beyond the MILP's size: the flow path rounds the charges, so its objective may sit above
    // the independent optimum by at most its gap — and it stays within 1 % of it.
    let solver = |dir: &Path| json(&dir.join("summary.json"))["solver"].clone();
    let (si, sp) = (solver(&indep), solver(&pooled));
    let f = |s: &serde_json::Value, k: &str| s[k].as_f64().expect("solver figure");
    let (a, b, lb) = (
        f(&si, "objective"),
        f(&sp, "objective"),
        f(&sp, "lower_bound"),
    );
    assert!(f(&si, "gap") <= 1e-6, "independent councils exact: {si}");
    assert!(
        lb <= a + 1e-6 * a.abs(),
        "pooled bound {lb} vs independent {a}"
    );
    if sp["backend"].as_str().is_some_and(|b| b.contains("MILP")) {
        assert!(b <= a + 1e-6 * a.abs(), "pooled {b} vs independent {a}");
    }
    assert!(b <= a * 1.01, "pooled {b} vs independent {a}");
    // A pooled plan that crosses councils breaks the independent rule, and the checker says so.
    let crossed = pairs(&data, &pooled).iter().filter(|(c, i)| c != i).count();
    // (Seed 5 puts Manchester children nearer Birmingham's IROs: pooling moves some.)
    assert!(crossed > 0, "the pooled plan should cross councils here");
    let o = run(&["check", "--data", d, "--plan", p]);
    assert!(!o.status.success());
    assert!(text(&o).contains("of council"), "{}", text(&o));
}

#[test]
fn threads_zero_is_a_usage_error() {
    let o = run(&[
        "plan",
        "--threads",
        "0",
        "--out",
        "/nonexistent/never-written",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--threads 0"), "{}", text(&o));
}

#[test]
fn many_iros_summarised_per_council_and_bands_agree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    let (d, o) = (data.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    let g = run(&[
        "generate",
        "--profile",
        "national",
        "--children",
        "2600",
        "--councils",
        "2",
        "--out",
        d,
    ]);
    assert!(g.status.success(), "{}", text(&g));
    let caseload =
        iro_planner::io::load(&iro_planner::io::InputPaths::from_dir(&data)).expect("loads");
    assert!(caseload.iros.len() > 40, "{} IROs", caseload.iros.len());
    // The bands of every IRO at once are the bands one at a time.
    let bands = caseload.bands();
    for i in caseload.iro_ids() {
        assert_eq!(bands[i.idx()], caseload.band(i));
    }
    let p = run(&["plan", "--data", d, "--out", o]);
    assert!(p.status.code().is_some_and(|c| c <= 1), "{}", text(&p));
    let stdout = String::from_utf8_lossy(&p.stdout);
    // More than 40 IROs in several councils: one row per council, not per IRO.
    assert!(stdout.contains("council "), "{stdout}");
    assert!(!stdout.contains("per FTE"), "{stdout}");
    let councils: std::collections::BTreeSet<&str> = caseload
        .iros
        .iter()
        .filter_map(|i| i.council.as_deref())
        .collect();
    assert_eq!(councils.len(), 2);
    for c in councils {
        assert!(
            stdout.lines().any(|l| l.starts_with(&c[..c.len().min(27)])),
            "no row for {c}: {stdout}"
        );
    }
    let c = run(&["check", "--data", d, "--plan", o]);
    assert!(c.status.success(), "{}", text(&c));
}

/// Independent councils are solved one problem each (in parallel) and put back together: every
/// child keeps an IRO of its own council, the answer is proved optimal council by council (a
/// small set: each council within the exact MILP), and the figures are the councils' sums.
#[test]
fn councils_solved_apart_are_exact_and_put_back_together() {
    use iro_planner::allocate::{AllocateOptions, Backend, allocate};
    use iro_planner::io::{InputPaths, load};
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let d = data.to_str().expect("utf-8");
    three_councils(d);
    let caseload = load(&InputPaths::from_dir(&data)).expect("load");
    let r = allocate(&caseload, &AllocateOptions::default()).expect("allocate");
    assert_eq!(r.assignment.len(), caseload.children.len());
    assert_eq!(r.rows.len(), caseload.iros.len());
    for (c, &i) in caseload.child_ids().zip(&r.assignment) {
        assert_eq!(
            caseload.child(c).council,
            caseload.iro(i).council,
            "a child allocated across councils"
        );
    }
    for row in &r.rows {
        let held = r.assignment.iter().filter(|&&i| i == row.iro).count();
        assert_eq!(row.children as usize, held, "row of {:?}", row.iro);
    }
    assert!(
        matches!(r.backend, Backend::Microlp | Backend::Highs),
        "{:?}",
        r.backend
    );
    assert!(r.lower_bound <= r.objective + 1e-6 * r.objective.abs());
    assert!(r.gap < 1e-6, "gap {}", r.gap);
}

/// Children with no current IRO in the input, planned `--pooled` and then re-planned as
/// independent councils (`--previous`): a child the pooled plan gave another council's IRO
/// is allocated within its own council with no move listed, as for a current IRO of another
/// council, so the summary's moves and `children_moved` agree and the checker passes.
#[test]
fn a_pooled_plan_re_planned_apart_keeps_its_moves_consistent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (pooled, apart) = (dir.path().join("pooled"), dir.path().join("apart"));
    let d = data.to_str().expect("utf-8");
    three_councils(d);
    cli_common::blank_current_iro(&data);
    let (p, a) = (
        pooled.to_str().expect("utf-8"),
        apart.to_str().expect("utf-8"),
    );
    let o = run(&["plan", "--data", d, "--out", p, "--quiet", "--pooled"]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    let crossed = pairs(&data, &pooled).iter().filter(|(c, i)| c != i).count();
    assert!(crossed > 0, "the pooled plan should cross councils here");
    let o = run(&["plan", "--data", d, "--out", a, "--quiet", "--previous", p]);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{}", text(&o));
    assert!(
        pairs(&data, &apart).iter().all(|(c, i)| c == i),
        "independent councils keep their children"
    );
    let s = json(&apart.join("summary.json"));
    let moves = s["moves"].as_array().expect("moves");
    assert_eq!(
        s["children_moved"].as_u64(),
        Some(moves.len() as u64),
        "{moves:?}"
    );
    let o = run(&["check", "--data", d, "--plan", a]);
    assert!(o.status.success(), "{}", text(&o));
}
