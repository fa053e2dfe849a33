//! The three HTML reports, built through the library: the public plan report hides every id,
//! the comparison marks every scenario figure and opens with its decision, the bases report
//! ranks candidates by net saving with the salary.
//! With `REPORT_RENDER_DIR` set, the reports are also written to `<dir>/{plan,public,compare,
//! bases}/report.html` (plus the plan's `summary.json`) for `scripts/browser_test.sh`.

use std::path::Path;

use iro_planner::domain::Hours;
use iro_planner::io::{InputPaths, load};
use iro_planner::report::{
    ReportOptions, bases_html, compare_html, decision, decision_text, plan_html, plan_html_with,
};
use iro_planner::scenario::bases::{BasesRequest, Candidate, Question, bases};
use iro_planner::scenario::levers::MoveIro;
use iro_planner::scenario::{BaseSpec, Lever, Scenario, compare};

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

/// A vacant post shows 0.00 FTE and band 0–0: the caseload tables (the terminal's and the
/// report's, and the report's miles table) say it is vacant, so it does not read as an IRO with
/// no hours.
#[test]
fn a_vacant_post_is_labelled_in_the_caseload_tables() {
    let tmp = tempfile::tempdir().expect("tempdir");
    council(tmp.path());
    std::fs::write(
        tmp.path().join("iros.csv"),
        "iro_id,base,hours_per_week,vacant\nNORTH,DT11,37,\nSOUTH,DT1,37,\nGAP,DT4,37,true\n",
    )
    .expect("write iros.csv");
    let caseload = load(&InputPaths::from_dir(tmp.path())).expect("the council loads");
    let r = iro_planner::pipeline::try_plan(&caseload).expect("plans");

    let table = iro_planner::cli::plan::summary_table(&r.summary);
    let row = |id: &str| {
        (table.lines())
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("no {id} row in\n{table}"))
            .to_string()
    };
    assert!(row("GAP").ends_with("vacant post"), "{table}");
    assert!(!row("NORTH").contains("vacant"), "{table}");

    let html = plan_html(&caseload, &r);
    assert!(
        html.contains("<tr><td class=\"l\">GAP (vacant)</td><td>0.00</td>"),
        "the report's caseload table names GAP without saying it is vacant"
    );
    assert!(
        html.contains("<tr><td class=\"l\">GAP (vacant)</td><td>0</td><td data-figure"),
        "the report's miles table names GAP without saying it is vacant"
    );
    assert!(html.contains("<tr><td class=\"l\">NORTH</td>"));
}

/// The map's rings count children far from their own IRO's base, the Far areas section
/// children far from every base: each says which, and with how many hours, so the two counts
/// do not read as one figure that disagrees with itself (a ring read "far: 44", the section 40).
#[test]
fn the_two_far_counts_say_what_each_counts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let caseload = council(tmp.path());
    let r = iro_planner::pipeline::try_plan(&caseload).expect("plans");
    let html = plan_html(&caseload, &r);
    assert!(
        html.contains("Dashed rings: children placed at least 2.0 hours' drive from their own IRO's base, by place, with how many ("),
        "map caption"
    );
    assert!(
        html.contains(
            "in all; the Far areas section counts those 2.0 hours or more from every base)"
        )
    );
    assert!(
        html.contains("children live 2.0 hours' drive or more from every IRO base (beyond a comfortable day trip), in"),
        "far areas paragraph"
    );
    assert!(
        !html.contains(">far: "),
        "a ring is labelled with an unexplained 'far: N'"
    );
    assert!(
        html.contains(" children</text>"),
        "a ring says how many children"
    );
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

    let moved = Scenario::new(
        "NORTH moved to <Birmingham>",
        "the NORTH post works from Birmingham",
        vec![Lever::MoveIro(MoveIro {
            id: "NORTH".into(),
            base: BaseSpec::Text("Birmingham".into()),
        })],
    );
    let c = compare(&caseload, &[moved], false).expect("compares");
    let cmp = compare_html(&c);
    assert!(cmp.contains("NORTH moved to &lt;Birmingham&gt;"));
    assert!(!cmp.contains("<Birmingham>"));
    for f in ["cost_total", "saving", "miles", "co2_kg", "on_time_pct"] {
        let key = format!("data-figure=\"scenario.0.{f}\"");
        assert!(cmp.contains(&key), "missing {key}");
    }
    let saving0 = format!(
        "data-figure=\"scenario.0.saving\" data-value=\"{}\"",
        c.scenarios[1].saving.cost_total
    );
    assert!(cmp.contains(&saving0));
    let paragraph = decision_text(&decision(&c, 1));
    assert!(
        paragraph.starts_with("Moving NORTH's base to Birmingham"),
        "{paragraph}"
    );
    assert!(cmp.contains("Moving NORTH&#39;s base to Birmingham"));
    // Without projection no sentence speaks of a projected year.
    assert!(!cmp.contains("projected year"), "projection is off");
    assert!(cmp.contains("on today&#39;s children"));
    save("compare", &cmp, Some(&summary));

    let named = |n: &str| Candidate::named(n).expect("known place");
    let req = BasesRequest {
        question: Question::Additional {
            hours: Hours::new(37.0).expect("valid hours"),
        },
        candidates: Vec::new(),
        include: vec![named("Exeter"), named("Birmingham"), named("Bristol")],
        top: 0,
        project: false,
    };
    let r = bases(&caseload, &req).expect("bases");
    let bases = bases_html(&r, &caseload);
    // Ranked by net saving, best first, each with its salary.
    let nets: Vec<f64> = r.rows.iter().map(|x| x.net()).collect();
    assert!(nets.windows(2).all(|w| w[0] >= w[1]), "{nets:?}");
    let first = &r.rows[0];
    assert!(bases.contains(&format!(
        "data-figure=\"candidate.0.net\" data-value=\"{}\"",
        first.net()
    )));
    assert!(bases.contains("data-figure=\"candidate.0.salary\" data-value=\"67000\""));
    assert!(bases.contains("salary with"), "salary column");
    assert!(bases.find(&first.name).is_some());
    save("bases", &bases, None);
}
