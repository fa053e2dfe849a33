//! The compare report's figures equal those in comparison.json, and every scenario's plan
//! passes the independent checker against the scenario's own (adjusted) inputs.

mod scenario_common;

use std::process::Command;

fn data_value(html: &str, figure: &str) -> Option<f64> {
    let key = format!("data-figure=\"{figure}\" data-value=\"");
    let at = html.find(&key)? + key.len();
    let end = html[at..].find('"')? + at;
    html[at..end].parse().ok()
}

#[test]
fn compare_report_matches_comparison_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    scenario_common::write_council(&data, 40);
    let scen = dir.path().join("bhm.toml");
    std::fs::write(
        &scen,
        "name = \"bhm\"\ndescription = \"fill the vacancy in Birmingham\"\n\
         [[lever]]\nkind = \"fill_vacancy\"\nid = \"VAC1\"\nbase = \"Birmingham\"\n\
         [[lever]]\nkind = \"continuity\"\nrebalance = \"all\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(["compare", "--data"])
        .arg(&data)
        .arg("--scenario")
        .arg(&scen)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("checker on baseline:") && stdout.contains("checker on bhm:"),
        "{stdout}"
    );
    assert!(!stdout.contains("VIOLATION"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("comparison.json")).unwrap())
            .unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let scenarios = json["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 2);
    // The baseline is drawn from its summary; the report's scenario k is scenarios[k + 1].
    assert!(
        data_value(&html, "scenario.1.cost_total").is_none(),
        "baseline drawn twice"
    );
    for (k, s) in scenarios.iter().skip(1).enumerate() {
        let f = &s["figures"];
        let pairs = [
            ("cost_total", f["cost_total"].as_f64().unwrap()),
            ("miles", f["miles"].as_f64().unwrap()),
            ("co2_kg", f["co2_t"].as_f64().unwrap() * 1000.0),
            ("on_time_pct", f["on_time_pct"].as_f64().unwrap()),
            ("saving", s["saving"]["cost_total"].as_f64().unwrap()),
        ];
        for (field, want) in pairs {
            let got = data_value(&html, &format!("scenario.{k}.{field}"))
                .unwrap_or_else(|| panic!("report has no scenario.{k}.{field}"));
            assert!(
                (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                "scenario {k} {field}: report {got} vs comparison.json {want}"
            );
        }
    }
    // The Birmingham post takes the Midlands children: miles fall against the baseline.
    let saving_miles = scenarios[1]["saving"]["miles"].as_f64().unwrap();
    assert!(
        saving_miles > 0.0,
        "Birmingham base saves no miles: {saving_miles}"
    );
}
