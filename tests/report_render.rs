//! The three HTML reports, built through the library: the public plan report hides every id,
//! the comparison marks every scenario figure, the bases report ranks candidates by saving.
//! With `REPORT_RENDER_DIR` set, the reports are also written to `<dir>/{plan,public,compare,
//! bases}/report.html` (plus the plan's `summary.json`) for `scripts/browser_test.sh`.

use std::path::Path;

use iro_planner::domain::LatLon;
use iro_planner::io::{InputPaths, load};
use iro_planner::report::{
    ReportOptions, ScenarioBar, bases_html, compare_html, plan_html, plan_html_with,
};

const PLACES: [&str; 10] = [
    "DT1", "DT4", "BH15", "BH21", "DT11", "SP8", "B15", "LL57", "NE1", "CF10",
];

fn council(dir: &Path) -> iro_planner::domain::Caseload {
    let mut children = String::from(
        "child_id,placement,looked_after_since,last_review,reviews_held,current_iro\n",
    );
    for k in 0..40 {
        children += &format!(
            "Z{k:03},{},2024-03-01,2026-{:02}-10,4,{}\n",
            PLACES[k % PLACES.len()],
            6 + k % 6,
            ["NORTH", "SOUTH"][k % 2]
        );
    }
    std::fs::write(dir.join("children.csv"), children).expect("write children.csv");
    std::fs::write(
        dir.join("iros.csv"),
        "iro_id,base,hours_per_week\nNORTH,DT11,37\nSOUTH,DT1,37\n",
    )
    .expect("write iros.csv");
    load(&InputPaths::from_dir(dir)).expect("the council loads")
}

fn save(name: &str, html: &str, summary: Option<&str>) {
    if let Some(root) = std::env::var_os("REPORT_RENDER_DIR") {
        let dir = Path::new(&root).join(name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("report.html"), html).expect("write report");
        if let Some(s) = summary {
            std::fs::write(dir.join("summary.json"), s).expect("write summary");
        }
    }
}

#[test]
fn reports_render_and_public_report_hides_ids() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let caseload = council(tmp.path());
    let r = iro_planner::pipeline::try_plan(&caseload).expect("plans");
    let summary = serde_json::to_string(&r.summary).expect("summary serialises");

    let full = plan_html(&caseload, &r);
    assert!(
        full.contains("Z0"),
        "the manager's report lists child ids on trips"
    );
    assert!(full.contains("NORTH"));
    save("plan", &full, Some(&summary));

    let public = plan_html_with(
        &caseload,
        &r,
        &ReportOptions {
            hide_ids: true,
            ..Default::default()
        },
    );
    for k in 0..40 {
        assert!(
            !public.contains(&format!("Z{k:03}")),
            "child id Z{k:03} in the public report"
        );
    }
    assert!(!public.contains("NORTH") && !public.contains("SOUTH"));
    assert!(public.contains("IRO 1"));
    save("public", &public, Some(&summary));

    let bars = vec![
        ScenarioBar {
            name: "vacancy filled in Dorchester".into(),
            cost_total: r.summary.cost_total * 0.97,
            miles: r.summary.miles * 0.96,
            co2_kg: r.summary.co2_kg * 0.96,
            on_time_pct: r.summary.on_time_pct,
            saving: r.summary.cost_total * 0.03,
        },
        ScenarioBar {
            name: "vacancy filled in <Birmingham>".into(),
            cost_total: r.summary.cost_total * 1.05,
            miles: r.summary.miles * 0.8,
            co2_kg: r.summary.co2_kg * 0.8,
            on_time_pct: 100.0,
            saving: -r.summary.cost_total * 0.05,
        },
    ];
    let cmp = compare_html("Where to fill the vacancy", &bars, &r.summary);
    assert!(cmp.contains("vacancy filled in &lt;Birmingham&gt;"));
    assert!(!cmp.contains("<Birmingham>"));
    for k in 0..bars.len() {
        for f in ["cost_total", "saving", "miles", "co2_kg", "on_time_pct"] {
            let key = format!("data-figure=\"scenario.{k}.{f}\"");
            assert!(cmp.contains(&key), "missing {key}");
        }
    }
    let saving1 = format!(
        "data-figure=\"scenario.1.saving\" data-value=\"{}\"",
        bars[1].saving
    );
    assert!(cmp.contains(&saving1));
    save("compare", &cmp, Some(&summary));

    let ll = |lat, lon| LatLon::new(lat, lon).expect("valid point");
    let cands = vec![
        ("Exeter".to_string(), ll(50.72, -3.53), 1200.0),
        ("Birmingham".to_string(), ll(52.48, -1.90), 9800.0),
        ("Bristol".to_string(), ll(51.45, -2.59), 4100.0),
    ];
    let bases = bases_html(&cands, &caseload);
    let b = bases.find("Birmingham").expect("Birmingham listed");
    let br = bases.rfind("Bristol").expect("Bristol listed");
    let e = bases.rfind("Exeter").expect("Exeter listed");
    assert!(b < br && br < e, "candidates ranked by saving");
    assert!(bases.contains("data-figure=\"candidate.0.saving\" data-value=\"9800\""));
    save("bases", &bases, None);
}
