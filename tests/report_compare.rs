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

/// The value at a dotted path (`scenarios.1.saving.cost_travel`) of a JSON document.
fn at_path<'a>(json: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    path.split('.')
        .try_fold(json, |v, key| match key.parse::<usize>() {
            Ok(k) => v.get(k),
            Err(_) => v.get(key),
        })
}

/// Every `(path, value, text)` of the decision paragraphs' figures.
fn decision_figures(html: &str) -> Vec<(String, f64, String)> {
    let mut out = Vec::new();
    for para in html.split("<p class=\"decision\"").skip(1) {
        let para = &para[..para.find("</p>").unwrap()];
        for piece in para.split("<b data-figure=\"").skip(1) {
            let (path, rest) = piece.split_once("\" data-value=\"").unwrap();
            let (value, rest) = rest.split_once("\">").unwrap();
            let text = &rest[..rest.find("</b>").unwrap()];
            out.push((path.to_string(), value.parse().unwrap(), text.to_string()));
        }
    }
    out
}

#[test]
fn the_decision_paragraphs_numbers_equal_comparison_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    scenario_common::write_council(&data, 48);
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let home = write(
        "home.toml",
        "name='home'\ndescription='the vacancy filled in Dorchester'\n[[lever]]\nkind='fill_vacancy'\nid='VAC1'\nbase='DT1 1XJ'\n",
    );
    let bhm = write(
        "bhm.toml",
        "name='bhm'\ndescription='the vacancy filled in Birmingham'\n[[lever]]\nkind='fill_vacancy'\nid='VAC1'\nbase='Birmingham'\n",
    );
    let fewer = write(
        "fewer.toml",
        "name='fewer'\n[[lever]]\nkind='remove_children'\ncount=6\n",
    );
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(["compare", "--no-project", "--data"])
        .arg(&data)
        .arg("--baseline")
        .arg(&home)
        .arg("--scenario")
        .arg(&bhm)
        .arg("--scenario")
        .arg(&fewer)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.code().is_some_and(|c| c <= 1), "{stdout}");
    assert!(!stdout.contains("VIOLATION"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("comparison.json")).unwrap())
            .unwrap();
    assert_eq!(json["baseline_scenario"], "home");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let figures = decision_figures(&html);
    // Travel, cash, staff hours and £, CO2, children moved (and the baseline's), on time
    // (and the baseline's), the range — and for Birmingham what its post holds.
    assert!(figures.len() >= 2 * 11, "{figures:?}");
    for key in ["post.children", "post.nights", "saving.cost_travel_cash"] {
        assert!(
            figures
                .iter()
                .any(|(p, _, _)| p == &format!("scenarios.1.{key}")),
            "no {key}"
        );
    }
    for (path, value, text) in &figures {
        let want = at_path(&json, path)
            .and_then(serde_json::Value::as_f64)
            .unwrap_or_else(|| panic!("{path} not in comparison.json"));
        assert!(
            (value - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{path}: paragraph {value} vs comparison.json {want}"
        );
        // The words show the magnitude, rounded as shown.
        let digits: String = text
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let shown: f64 = digits
            .parse()
            .unwrap_or_else(|_| panic!("{path}: '{text}'"));
        let decimals = digits.split_once('.').map_or(0, |(_, f)| f.len());
        let rounded =
            (want.abs() * 10f64.powi(decimals as i32)).round() / 10f64.powi(decimals as i32);
        assert!(
            (shown - rounded).abs() < 1e-9,
            "{path}: shows '{text}' for {want}"
        );
    }
    // The paragraph opens with the like-for-like question.
    assert!(
        html.contains("Filling the vacant post VAC1 in Birmingham instead of Dorchester"),
        "subject"
    );
    // No saving written for a figure that is not money, miles, hours or CO2.
    for s in json["scenarios"].as_array().unwrap() {
        for key in s["saving"].as_object().unwrap().keys() {
            let def = iro_planner::scenario::figures::figure(key).unwrap();
            assert!(def.is_saving(), "saving.{key} written");
        }
        assert!(s["figures"]["children_moved"].is_u64(), "counts are whole");
        assert!(s["difference"]["children_moved"].is_i64());
    }
}

/// The header names the baseline once: today's has no description beyond its name
/// (it read "Baseline: today's posts and placements: today's posts and placements.").
#[test]
fn the_header_names_todays_baseline_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    scenario_common::write_council(&data, 24);
    let fewer = dir.path().join("fewer.toml");
    std::fs::write(
        &fewer,
        "name='fewer'\n[[lever]]\nkind='remove_children'\ncount=2\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(["compare", "--no-ranges", "--quiet", "--data"])
        .arg(&data)
        .arg("--scenario")
        .arg(&fewer)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let at = html.find("<p class=\"sub\">").expect("a header line") + 15;
    let sub = &html[at..at + html[at..].find("</p>").unwrap()];
    assert_eq!(
        sub.matches("posts and placements").count(),
        1,
        "header: {sub}"
    );
    assert!(
        sub.starts_with("Baseline: today&#39;s posts and placements. ")
            || sub.starts_with("Baseline: today's posts and placements. "),
        "header: {sub}"
    );
}
