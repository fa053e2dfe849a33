//! The HTML report says what `summary.json` says: every number marked
//! `data-figure="<key>" data-value="<v>"` in `report.html` is checked against the summary, and
//! the printed text against the value rounded as the report rounds it.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Postcode districts of a small council around Dorchester, with a few far placements.
const PLACES: [&str; 12] = [
    "DT1", "DT2", "DT4", "BH15", "BH21", "DT11", "BA20", "SP8", "B15", "CF10", "LL57", "NE1",
];

fn write_council(dir: &Path) {
    let mut children = String::from(
        "child_id,placement,looked_after_since,last_review,reviews_held,current_iro\n",
    );
    for k in 0..36 {
        let place = PLACES[k % PLACES.len()];
        let iro = ["A1", "B2"][k % 2];
        // A spread of review histories: some new to care, most on six-monthly reviews.
        let (since, last, held) = match k % 4 {
            0 => ("2026-11-10", "", 0),
            1 => ("2026-06-01", "2026-06-20", 1),
            _ => ("2024-03-01", "2026-07-15", 4),
        };
        children += &format!("C{k:03},{place},{since},{last},{held},{iro}\n");
    }
    std::fs::write(dir.join("children.csv"), children).expect("write children.csv");
    std::fs::write(
        dir.join("iros.csv"),
        "iro_id,base,hours_per_week\nA1,DT1,37\nB2,BH15,18.5\n",
    )
    .expect("write iros.csv");
}

/// Every `(key, value, text)` marked in the report.
fn figures(html: &str) -> Vec<(String, f64, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(p) = rest.find("data-figure=\"") {
        rest = &rest[p + 13..];
        let key_end = rest.find('"').expect("closing quote");
        let key = rest[..key_end].to_string();
        let v = rest
            .find("data-value=\"")
            .expect("data-value follows data-figure");
        let after = &rest[v + 12..];
        let value: f64 = after[..after.find('"').expect("quote")]
            .parse()
            .expect("numeric data-value");
        let text_start = after.find('>').expect("tag end") + 1;
        let text_end = after.find('<').expect("text end");
        out.push((key, value, after[text_start..text_end].to_string()));
    }
    out
}

/// The summary value for a report key (`table.x` is `x`; `per_iro.<k>.cost_total` is the sum of
/// the IRO's three cost fields).
fn summary_value(summary: &Value, key: &str) -> f64 {
    let key = key.strip_prefix("table.").unwrap_or(key);
    let parts: Vec<&str> = key.split('.').collect();
    if parts.len() == 3 && parts[0] == "per_iro" {
        let row = &summary["per_iro"][parts[1].parse::<usize>().expect("index")];
        if parts[2] == "cost_total" {
            return ["mileage_cost", "staff_cost", "hotel_cost"]
                .iter()
                .map(|f| row[*f].as_f64().expect("cost field"))
                .sum();
        }
        return row[parts[2]].as_f64().expect("per-IRO field");
    }
    let mut v = summary;
    for p in parts {
        v = &v[p];
    }
    v.as_f64()
        .unwrap_or_else(|| panic!("summary.json has no number at {key}"))
}

fn printed(text: &str) -> f64 {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    cleaned.parse().unwrap_or(f64::NAN)
}

#[test]
fn report_figures_equal_summary_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&data).expect("mkdir");
    write_council(&data);
    let status = Command::new(env!("CARGO_BIN_EXE_iro-planner"))
        .args(["plan", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .args(["--start", "2026-12-01", "--months", "6"])
        .output()
        .expect("run iro-planner");
    assert!(
        matches!(status.status.code(), Some(0) | Some(1)),
        "plan failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("summary.json")).expect("summary.json"),
    )
    .expect("summary.json parses");
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    let figs = figures(&html);
    for required in [
        "cost_total",
        "miles",
        "co2_kg",
        "on_time_pct",
        "reviews_late",
        "naive.cost_total",
        "saving_vs_naive.cost_total",
        "per_iro.0.children",
        "per_iro.1.miles",
    ] {
        assert!(
            figs.iter().any(|(k, _, _)| k == required),
            "report has no data-figure=\"{required}\""
        );
    }
    for (key, value, text) in &figs {
        let want = summary_value(&summary, key);
        assert!(
            (value - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{key}: report value {value}, summary.json {want}"
        );
        // The printed text is the value as rounded for display (whole units, or 0.1 for %).
        let shown = printed(text);
        let step = if key.ends_with("_pct") { 0.1 } else { 1.0 };
        assert!(
            (shown - want).abs() <= step / 2.0 + 1e-9,
            "{key}: report prints {text:?}, summary.json {want}"
        );
    }
    // The plan's total cost is printed with a pound sign and thousands separators.
    let total = summary["cost_total"].as_f64().expect("cost_total");
    assert!(html.contains(&format!("£{}", thousands(total))));
    // Self-contained: no script, nothing fetched from elsewhere.
    assert!(!html.contains("<script"));
    assert!(!html.contains("https://"), "no external resources");
}

fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.round().abs());
    let mut o = String::new();
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            o.push(',');
        }
        o.push(ch);
    }
    o
}
