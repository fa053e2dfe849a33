//! The self-contained HTML report (inline CSS; no scripts, fonts or images fetched).

use crate::domain::Caseload;
use crate::pipeline::PlanResult;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The report of one plan.
pub fn plan_html(caseload: &Caseload, r: &PlanResult) -> String {
    let s = &r.summary;
    let n = &s.naive;
    let _ = caseload;
    let mut h = String::new();
    h += "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>IRO plan</title>";
    h += "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#eee}td:first-child,th:first-child{text-align:left}</style></head><body>";
    h += &format!(
        "<h1>IRO plan {} to {}</h1><p>{} children, {} reviews, {:.1}% on time, {} trips.</p>",
        s.horizon_start, s.horizon_end, s.children, s.reviews, s.on_time_pct, s.trips
    );
    h += "<h2>Travel against the naive plan</h2><table><tr><th>figure</th><th>plan</th><th>naive</th><th>saving</th></tr>";
    for (name, p, b) in [
        ("miles", s.miles, n.miles),
        ("drive hours", s.drive_hours, n.drive_hours),
        ("hotel nights", s.hotel_nights as f64, n.hotel_nights as f64),
        ("total £", s.cost_total, n.cost_total),
        ("CO2 kg", s.co2_kg, n.co2_kg),
    ] {
        h += &format!(
            "<tr><td>{}</td><td>{:.0}</td><td>{:.0}</td><td>{:.0}</td></tr>",
            esc(name),
            p,
            b,
            b - p
        );
    }
    h += "</table><h2>Caseloads</h2><table><tr><th>IRO</th><th>FTE</th><th>children</th><th>band</th><th>reviews</th><th>miles</th><th>nights</th></tr>";
    for i in &s.per_iro {
        h += &format!(
            "<tr><td>{}</td><td>{:.2}</td><td>{}</td><td>{}–{}</td><td>{}</td><td>{:.0}</td><td>{}</td></tr>",
            esc(&i.iro_id),
            i.fte,
            i.children,
            i.band_min,
            i.band_max,
            i.reviews,
            i.travel.miles,
            i.travel.nights
        );
    }
    h += "</table></body></html>\n";
    h
}
