//! The projection is deterministic; compare's figures equal each plan's summary; removing 40
//! children reports the change in required IRO hours and the placement saving; a scenario as
//! the baseline gives the like-for-like saving; caseloads per FTE on the band's scale; exit 1
//! names the rule that failed; the bundled scenarios, planned on top of the vacancy filled in
//! Dorchester, all pass the checker.

mod scenario_common;

use std::path::Path;

use iro_planner::scenario::projection::project_always;
use iro_planner::scenario::{Request, Scenario, compare, compare_with};

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
        assert_eq!(f.reviews, sum.reviews as u64);
        assert_eq!(f.reviews_projected, sum.reviews_projected as u64);
        assert!((f.miles - sum.miles).abs() < 1e-9);
        // Travel is the plan's travel; all-in adds posts, placements and agency cover.
        assert!((f.cost_travel - sum.cost_total).abs() < 1e-6);
        assert!((f.cost_travel_cash - sum.cost_mileage - sum.cost_hotel).abs() < 1e-6);
        assert!(
            (f.cost_total - f.cost_travel - f.cost_placements - f.cost_posts - f.cost_agency).abs()
                < 1e-6
        );
        assert!((f.co2_t * 1000.0 - sum.co2_kg).abs() < 1e-6);
        assert_eq!(f.hotel_nights, u64::from(sum.hotel_nights));
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
    let r = &c.scenarios[1];
    let hours = r.difference.get("required_hours_per_week").unwrap();
    // 40 / 60 per FTE × 37 h = 24.7 h a week fewer.
    assert!((hours + 40.0 / 60.0 * 37.0).abs() < 1e-6, "{hours}");
    // All 40 external placements of the 120 go first: 40 × £800 × 52.
    assert!((r.saving.cost_placements - 40.0 * 800.0 * 52.0).abs() < 1e-6);
    // Placements stay out of travel: the all-in saving is travel + placements.
    assert!((r.saving.cost_total - r.saving.cost_travel - r.saving.cost_placements).abs() < 1e-6);
    assert!(r.difference.get("reviews").unwrap() < 0.0);
}

#[test]
fn bundled_dorset_scenarios_parse_and_apply() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dorset");
    if !dir.join("children.csv").exists() {
        return;
    }
    let cl = iro_planner::io::load(&iro_planner::io::InputPaths::from_dir(&dir)).unwrap();
    let baseline = Scenario::from_file(&dir.join("scenarios/vacancy_dorchester.toml")).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(dir.join("scenarios")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            let s = Scenario::from_file(&p).unwrap();
            s.apply(&cl)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            // Each also applies on top of the fair baseline (the vacancy filled in Dorchester).
            s.over(&baseline)
                .apply(&cl)
                .unwrap_or_else(|e| panic!("{} over the baseline: {e}", p.display()));
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
    // Today's columns first, new ones after them.
    assert!(csv.starts_with(
        "scenario,figure,unit,value,baseline,saving,difference,better,saving_low,saving_high\n"
    ));
    assert!(csv.contains("\nmove,cost_total,GBP,"));
    // No saving for a figure that is not money, miles, hours or CO2; counts are whole.
    for line in csv.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        let def = iro_planner::scenario::figures::figure(cols[1]).unwrap();
        assert_eq!(cols[5].is_empty(), !def.is_saving(), "{line}");
        if def.is_count() {
            assert!(!cols[3].contains('.') && !cols[6].contains('.'), "{line}");
        }
    }
    let wide = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(
        wide.starts_with("figure,unit,baseline,move,saving: move,difference: move,better: move,"),
        "{wide}"
    );
    assert!(wide.contains("\ncost_total,GBP,"));
    // The wide form too leaves the saving empty where there is none.
    let on_time = wide
        .lines()
        .find(|l| l.starts_with("on_time_pct,"))
        .unwrap();
    assert_eq!(on_time.split(',').nth(4), Some(""), "{on_time}");
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

fn fill(name: &str, base: Option<&str>) -> Scenario {
    let base = base.map_or(String::new(), |b| format!("base='{b}'\n"));
    Scenario::from_toml(
        &format!("name='{name}'\n[[lever]]\nkind='fill_vacancy'\nid='VAC1'\n{base}"),
        Path::new("fill.toml"),
    )
    .unwrap()
}

#[test]
fn a_scenario_replaces_the_baseline_scenarios_lever_on_the_same_post() {
    let dorchester = fill("dorchester", Some("DT1 1XJ"));
    let on_top = fill("birmingham", Some("Birmingham")).over(&dorchester);
    assert_eq!(on_top.levers.len(), 1, "the baseline's filling is replaced");
    assert_eq!(on_top.inherited, 0);
    let fewer = Scenario::from_toml(
        "name='fewer'\n[[lever]]\nkind='remove_children'\ncount=5\n",
        Path::new("fewer.toml"),
    )
    .unwrap()
    .over(&dorchester);
    assert_eq!(
        fewer.levers.len(),
        2,
        "fewer children with the vacancy filled"
    );
    assert_eq!(fewer.inherited, 1);
    assert_eq!(fewer.levers[0], dorchester.levers[0]);
}

#[test]
fn against_a_baseline_scenario_the_saving_is_the_difference_of_the_two_scenarios() {
    let (_d, cl) = scenario_common::council(60);
    let dorchester = fill("dorchester", Some("DT1 1XJ"));
    let birmingham = fill("birmingham", Some("Birmingham"));
    let both = compare(&cl, &[dorchester.clone(), birmingham.clone()], false).unwrap();
    let fair = compare_with(
        &cl,
        &Request {
            baseline: Some(&dorchester),
            scenarios: std::slice::from_ref(&birmingham),
            project: false,
            ranges: false,
        },
    )
    .unwrap();
    assert_eq!(fair.baseline_scenario.as_deref(), Some("dorchester"));
    let (d, b) = (&both.scenarios[1].figures, &both.scenarios[2].figures);
    let s = &fair.scenarios[1].saving;
    assert!((s.cost_travel - (d.cost_travel - b.cost_travel)).abs() < 1e-6);
    assert!((s.cost_travel_cash - (d.cost_travel_cash - b.cost_travel_cash)).abs() < 1e-6);
    assert!((s.drive_hours - (d.drive_hours - b.drive_hours)).abs() < 1e-6);
    // Both fill a budgeted vacancy: no salary either side.
    assert_eq!(s.cost_posts, 0.0);
    assert!(fair.scenarios[1].saving_range.is_none());
    // The Birmingham post is the one described.
    let post = fair.scenarios[1].post.as_ref().unwrap();
    assert_eq!(
        (post.iro_id.as_str(), post.base_area.as_str()),
        ("VAC1", "Birmingham")
    );
}

#[test]
fn caseloads_per_fte_use_the_turnover_scaled_band_so_the_minimum_is_not_above_the_mean() {
    let (_d, cl) = scenario_common::council(80);
    let c = compare_with(
        &cl,
        &Request {
            baseline: None,
            scenarios: &[fill("filled", None)],
            project: true,
            ranges: false,
        },
    )
    .unwrap();
    assert!(c.projection.arrivals > 0 && c.projection.leavers > 0);
    for s in &c.scenarios {
        let f = &s.figures;
        assert!(
            f.caseload_min_per_fte <= f.caseload_mean_per_fte + 1e-9
                && f.caseload_mean_per_fte <= f.caseload_max_per_fte + 1e-9,
            "{}: {} / {} / {}",
            s.name,
            f.caseload_min_per_fte,
            f.caseload_mean_per_fte,
            f.caseload_max_per_fte
        );
        // Each IRO's caseload per FTE is its distinct children over the turnover factor:
        // on the same scale as its band.
        let cl = s.caseload.as_ref().unwrap();
        let turnover = cl.turnover_factor();
        assert!(turnover > 1.0);
        let plan = s.plan.as_ref().unwrap();
        let max = plan
            .summary
            .per_iro
            .iter()
            .filter(|i| i.fte > 0.0)
            .map(|i| i.per_fte / turnover)
            .fold(0.0, f64::max);
        assert!((f.caseload_max_per_fte - max).abs() < 1e-9);
    }
}

#[test]
fn exit_1_names_the_rule_that_failed() {
    let (d, _cl) = scenario_common::council(40);
    let s = d.path().join("away.toml");
    std::fs::write(
        &s,
        "name='away'\n[[lever]]\nkind='absence'\niros=['IRO1','IRO2','IRO3']\nfrom=2026-12-01\nto=2027-11-30\n",
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(["compare", "--no-project", "--no-ranges", "--data"])
        .arg(d.path())
        .arg("--scenario")
        .arg(&s)
        .arg("--out")
        .arg(d.path().join("out"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    let at = stdout
        .find("exit 1: a hard rule could not be met")
        .unwrap_or_else(|| panic!("{stdout}"));
    let why = &stdout[at..];
    assert!(
        why.lines().skip(1).any(|l| l.starts_with("  away: ")),
        "{why}"
    );
}

/// The fair Birmingham question in one command on the bundled Dorset data: every bundled
/// scenario planned on top of the vacancy filled in Dorchester, each plan passing the checker,
/// and the Birmingham paragraph splitting the saving into cash and staff time with a range.
#[test]
fn the_bundled_scenarios_run_against_the_vacancy_baseline_and_pass_the_checker() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dorset");
    let scenarios = dir.join("scenarios");
    let out = tempfile::tempdir().unwrap();
    let names = [
        "midlands_iro",
        "reduce_to_400",
        "bring_home_20",
        "virtual_far_reviews",
        "three_iros_absent",
        "reallocate",
    ];
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_iro-planner"));
    cmd.args(["--quiet", "compare", "--data"])
        .arg(&dir)
        .arg("--baseline")
        .arg(scenarios.join("vacancy_dorchester.toml"))
        .arg("--out")
        .arg(out.path().join("out"));
    for n in names {
        cmd.arg("--scenario")
            .arg(scenarios.join(format!("{n}.toml")));
    }
    let o = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    for n in std::iter::once("baseline").chain(names) {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("checker on {n}: ")))
            .unwrap_or_else(|| panic!("no checker line for {n}: {stdout}"));
        assert!(line.ends_with(", 0 violations"), "{line}");
    }
    let birmingham = stdout
        .lines()
        .find(|l| l.starts_with("midlands_iro: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    for words in [
        "Filling the vacant post IRO05 in Birmingham instead of Dorchester saves £",
        "less cash for mileage and hotels",
        "staff hours on the road, worth £",
        "Under low- and high-travel assumptions the travel saving is £",
    ] {
        assert!(birmingham.contains(words), "{words}: {birmingham}");
    }
}

/// Issue 12: the comparison says how many reviews were covered and by whom — figures equal to
/// the scenario plan's own `reviews_covered` rows, and a sentence naming the colleagues.
#[test]
fn the_comparison_says_how_many_reviews_were_covered_and_by_whom() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dorset");
    let out = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(["--quiet", "compare", "--no-ranges", "--data"])
        .arg(&dir)
        .arg("--scenario")
        .arg(dir.join("scenarios/three_iros_absent.toml"))
        .arg("--out")
        .arg(out.path().join("out"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{stdout}");
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let c = read(&out.path().join("out/comparison.json"));
    let s = read(&out.path().join("out/three_iros_absent/summary.json"));
    let rows = s["reviews_covered"].as_array().unwrap();
    let count = |kind: &str| rows.iter().filter(|r| r["cover"] == kind).count() as u64;
    let f = &c["scenarios"][1]["figures"];
    assert_eq!(
        f["reviews_covered_colleague"].as_u64(),
        Some(count("colleague"))
    );
    assert_eq!(f["reviews_covered_agency"].as_u64(), Some(count("agency")));
    assert!(count("colleague") > 0, "three IROs off: colleagues cover");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("three_iros_absent: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.contains("Reviews a colleague chairs in cover: "),
        "{line}"
    );
    let chair = rows
        .iter()
        .find(|r| r["cover"] == "colleague")
        .and_then(|r| r["chair_iro_id"].as_str())
        .unwrap();
    assert!(
        line.contains("chaired by ") && line.contains(chair),
        "{line}"
    );
}
