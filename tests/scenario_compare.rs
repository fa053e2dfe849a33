//! The projection is deterministic; compare's figures equal each plan's summary; removing 40
//! children reports the change in required IRO hours and the placement saving.

mod scenario_common;

use std::path::Path;

use iro_planner::scenario::projection::project_always;
use iro_planner::scenario::{Scenario, compare};

#[test]
fn projection_is_deterministic_in_its_seed() {
    let (_d, cl) = scenario_common::council(80);
    let run = |seed: u64| {
        let mut c = cl.clone();
        c.config.projection.seed = seed;
        c.config.projection.entries_per_year = 30.0;
        c.config.projection.exits_per_year = 10.0;
        let stats = project_always(&mut c);
        (stats, c)
    };
    let (s1, a) = run(5);
    let (_, b) = run(5);
    let (_, other) = run(6);
    assert_eq!((s1.arrivals, s1.leavers), (30, 10));
    assert_eq!(a.children, b.children);
    assert_ne!(a.children, other.children);
    let arrivals: Vec<_> = a.children.iter().filter(|c| c.projected).collect();
    assert_eq!(arrivals[0].external_id, "P0001");
    let start = a.config.horizon.start;
    assert!(
        arrivals
            .iter()
            .all(|c| c.looked_after_since >= start && c.reviews_held == 0)
    );
    assert_eq!(
        a.children
            .iter()
            .filter(|c| c.leaves_care.is_some())
            .count(),
        10
    );
}

#[test]
fn compare_figures_equal_each_plans_summary() {
    let (_d, cl) = scenario_common::council(60);
    let s = Scenario::from_toml(
        "name='fill'\n[[lever]]\nkind='fill_vacancy'\nid='VAC1'\nbase='Birmingham'\n",
        Path::new("fill.toml"),
    )
    .unwrap();
    let c = compare(&cl, &[s], true).unwrap();
    assert_eq!(c.scenarios.len(), 2);
    assert!(c.projection.arrivals > 0);
    for r in &c.scenarios {
        let sum = &r.plan.as_ref().unwrap().summary;
        let f = &r.figures;
        assert_eq!(f.reviews, sum.reviews as f64);
        assert_eq!(f.reviews_projected, sum.reviews_projected as f64);
        assert!((f.miles - sum.miles).abs() < 1e-9);
        assert!((f.cost_total - sum.cost_total - f.cost_placements - f.cost_posts).abs() < 1e-6);
        assert!((f.co2_t * 1000.0 - sum.co2_kg).abs() < 1e-6);
        assert_eq!(f.hotel_nights, sum.hotel_nights as f64);
        assert!((c.scenarios[0].figures.miles - f.miles - r.saving.miles).abs() < 1e-9);
    }
    // Both plans carry the same projected arrivals.
    let ids = |k: usize| {
        c.scenarios[k]
            .caseload
            .as_ref()
            .unwrap()
            .children
            .iter()
            .filter(|c| c.projected)
            .map(|c| (c.external_id.clone(), c.looked_after_since))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(0), ids(1));
}

#[test]
fn removing_40_children_needs_about_25_fewer_hours_and_saves_placements() {
    let (_d, cl) = scenario_common::council(120);
    let s = Scenario::from_toml(
        "name='minus40'\n[[lever]]\nkind='remove_children'\ncount=40\nrule='external_first'\n",
        Path::new("m.toml"),
    )
    .unwrap();
    let c = compare(&cl, &[s], false).unwrap();
    let saving = &c.scenarios[1].saving;
    // 40 / 60 per FTE × 37 h = 24.7 h a week.
    assert!(
        (saving.required_hours_per_week - 40.0 / 60.0 * 37.0).abs() < 1e-6,
        "{saving:?}"
    );
    // All 40 external placements of the 120 go first: 40 × £800 × 52.
    assert!((saving.cost_placements - 40.0 * 800.0 * 52.0).abs() < 1e-6);
    assert!(saving.reviews > 0.0);
}

#[test]
fn bundled_dorset_scenarios_parse_and_apply() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dorset");
    if !dir.join("children.csv").exists() {
        return;
    }
    let cl = iro_planner::io::load(&iro_planner::io::InputPaths::from_dir(&dir)).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(dir.join("scenarios")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            let s = Scenario::from_file(&p).unwrap();
            s.apply(&cl)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            n += 1;
        }
    }
    assert!(n >= 6);
}

#[test]
fn compare_command_writes_one_folder_per_scenario_and_the_comparison() {
    let (d, _cl) = scenario_common::council(40);
    let s = d.path().join("move.toml");
    std::fs::write(
        &s,
        "name='move'\n[[lever]]\nkind='move_iro'\nid='IRO2'\nbase='Bristol'\n",
    )
    .unwrap();
    let out = d.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .arg("compare")
        .arg("--data")
        .arg(d.path())
        .arg("--scenario")
        .arg(&s)
        .arg("--out")
        .arg(&out)
        .arg("--no-project")
        .output()
        .unwrap();
    assert!(
        status.status.code().is_some_and(|c| c == 0 || c == 1),
        "{status:?}"
    );
    for f in [
        "baseline/summary.json",
        "move/summary.json",
        "comparison.csv",
        "comparison_long.csv",
        "comparison.json",
        "comparison.xlsx",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let csv = std::fs::read_to_string(out.join("comparison_long.csv")).unwrap();
    assert!(csv.starts_with("scenario,figure,unit,value,baseline,saving\n"));
    assert!(csv.contains("\nmove,cost_total,GBP,"));
    let wide = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(
        wide.starts_with("figure,unit,baseline,move,saving: move\n"),
        "{wide}"
    );
    assert!(wide.contains("\ncost_total,GBP,"));
    let bad = d.path().join("bad.toml");
    std::fs::write(
        &bad,
        "name='bad'\n[[lever]]\nkind='remove_iro'\nid='NOPE'\n",
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(["compare", "--no-project", "--data"])
        .arg(d.path())
        .arg("--scenario")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown IRO id 'NOPE'"));
}
