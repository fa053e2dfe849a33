//! Regression tests of issue 17 ("no input can hang, crash, half-write or quietly break a
//! rule"): one test per cause, named after it, each running the binary as a user would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_iro-planner");

fn run(args: &[&str], cwd: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--quiet")
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, text).expect("write input");
    p
}

/// One IRO in post who may not stay overnight, a vacancy, and a child in Newcastle that no IRO
/// in post can reach and return from in one working day: the allocation cannot be made.
fn unreachable_child(dir: &Path) {
    write(
        dir,
        "d/iros.csv",
        "iro_id,base,hours_per_week,vacant,overnight\n\
         A,DT1 1XJ,37,false,false\n\
         V,DT1 1XJ,37,true,true\n",
    );
    write(
        dir,
        "d/children.csv",
        "child_id,placement,looked_after_since,last_review,reviews_held\n\
         C1,DT4 9,2025-01-01,2026-06-15,3\n\
         C2,Newcastle,2025-01-01,2026-06-15,3\n",
    );
}

#[test]
fn silent_fallback_rota_fails_as_plan_does_when_no_allocation_exists() {
    let tmp = tempfile::tempdir().expect("tempdir");
    unreachable_child(tmp.path());
    let plan = run(&["plan", "--data", "d", "--out", "p"], tmp.path());
    assert_eq!(code(&plan), 2, "{}", stderr(&plan));
    let rota = run(
        &["rota", "--data", "d", "--week", "2026-12-07", "--out", "r"],
        tmp.path(),
    );
    assert_eq!(
        code(&rota),
        2,
        "rota must fail as plan does: {}",
        stderr(&rota)
    );
    assert!(stderr(&rota).contains("C2"), "{}", stderr(&rota));
    assert!(!tmp.path().join("r").exists(), "nothing written on exit 2");
}

#[test]
fn silent_fallback_compare_fails_naming_the_scenario_that_cannot_be_allocated() {
    let tmp = tempfile::tempdir().expect("tempdir");
    unreachable_child(tmp.path());
    // The baseline plans (its one child is near); the scenario removes the only IRO in post.
    write(
        tmp.path(),
        "d/children.csv",
        "child_id,placement,looked_after_since,last_review,reviews_held\n\
         C1,DT4 9,2025-01-01,2026-06-15,3\n",
    );
    write(
        tmp.path(),
        "s.toml",
        "name = \"no_posts\"\n[[lever]]\nkind = \"remove_iro\"\nid = \"A\"\n",
    );
    let cmp = run(
        &[
            "compare",
            "--data",
            "d",
            "--scenario",
            "s.toml",
            "--out",
            "c",
        ],
        tmp.path(),
    );
    assert_eq!(code(&cmp), 2, "{}", stderr(&cmp));
    assert!(stderr(&cmp).contains("no_posts"), "{}", stderr(&cmp));
    assert!(!tmp.path().join("c").exists(), "nothing written on exit 2");
}
