//! The bundled council: a synthetic Dorset calibrated to the IRO annual report 2018/19.
//!
//! 59 % of children live inside Dorset Council's area (sectors of `E06000059`, clustered around
//! its towns); 41 % outside, in clusters whose shares were set by hand from the report's list of
//! where out-of-county children live (nearer clusters larger). BCP (Bournemouth, Christchurch and
//! Poole, `E06000058`) is a separate council since April 2019 and counts as outside. Posts and
//! bases follow the report's staffing table (9 posts, one 37-hour vacancy, 7.61 FTE filled).

use rand::SeedableRng;
use rand_pcg::Pcg64;

use super::build::{self, Cluster, CouncilSpec, IroRow};
use super::geography::{BCP_LA, DORSET_LA, Geography, england_or_wales};
use super::output::Writer;
use super::sample::apportion;
use super::{Options, Summary};
use crate::domain::WeekdaySet;
use crate::error::{Error, Result};

/// Default number of children (Dorset 2018/19: about 450 looked-after children).
pub const CHILDREN: usize = 455;

/// Share of children living inside Dorset Council's area (report: 41 % outside).
pub const IN_COUNTY_SHARE: f64 = 0.59;

/// Dorset Council's County Hall, Colliton Park, Dorchester.
pub const COUNTY_HALL: &str = "DT1 1XJ";

/// In-county towns: (place as the gazetteer resolves it, weight, radius in miles). Weights
/// follow the towns' populations, with Weymouth and Portland raised (higher rates of children
/// in care in the more deprived south of the county).
pub const TOWNS: &[(&str, f64, f64)] = &[
    ("Weymouth", 22.0, 5.0),
    ("Dorchester", 13.0, 6.0),
    ("Bridport", 8.0, 6.0),
    ("Sherborne", 6.0, 6.0),
    ("Blandford Forum", 7.0, 6.0),
    ("Shaftesbury", 5.0, 5.0),
    ("Gillingham, Dorset", 6.0, 5.0),
    ("Wimborne Minster", 7.0, 4.0),
    ("Ferndown", 8.0, 3.0),
    ("Verwood", 5.0, 4.0),
    ("Swanage", 4.0, 4.0),
    ("Wareham", 5.0, 5.0),
    ("Lyme Regis", 2.0, 4.0),
    ("Sturminster Newton", 2.0, 5.0),
];

/// Out-of-county clusters: (label, place, children out of 187, radius in miles).
/// `place = None` means the whole of BCP's area.
pub const OUT_OF_COUNTY: &[(&str, Option<&str>, f64, f64)] = &[
    ("Bournemouth, Christchurch & Poole", None, 68.0, 0.0),
    ("Yeovil (Somerset)", Some("Yeovil"), 12.0, 5.0),
    ("Taunton (Somerset)", Some("Taunton"), 8.0, 5.0),
    ("Exeter (Devon)", Some("Exeter"), 10.0, 5.0),
    ("Plymouth (Devon)", Some("Plymouth"), 7.0, 5.0),
    ("Salisbury (Wiltshire)", Some("Salisbury"), 10.0, 5.0),
    ("Swindon (Wiltshire)", Some("Swindon"), 6.0, 5.0),
    ("Southampton (Hampshire)", Some("Southampton"), 10.0, 5.0),
    ("Portsmouth (Hampshire)", Some("Portsmouth"), 6.0, 5.0),
    ("Bristol", Some("Bristol"), 10.0, 5.0),
    ("Birmingham", Some("Birmingham"), 10.0, 6.0),
    ("Wolverhampton", Some("Wolverhampton"), 4.0, 4.0),
    ("Coventry", Some("Coventry"), 3.0, 4.0),
    ("Wrexham (North Wales)", Some("Wrexham"), 5.0, 5.0),
    ("Rhyl (North Wales)", Some("Rhyl"), 3.0, 4.0),
    ("Newcastle upon Tyne", Some("Newcastle upon Tyne"), 5.0, 5.0),
    ("London", Some("London"), 10.0, 10.0),
];

/// IRO posts: (hours, base, working days, overnight, vacant). Bases are County Hall or a home
/// base in a Dorset town (written as the town's nearest Dorset Council sector).
pub const POSTS: &[(f64, &str, &str, bool, bool)] = &[
    (37.0, COUNTY_HALL, "Mon,Tue,Wed,Thu,Fri", true, false),
    (37.0, COUNTY_HALL, "Mon,Tue,Wed,Thu,Fri", true, false),
    (37.0, "Weymouth", "Mon,Tue,Wed,Thu,Fri", true, false),
    (37.0, "Wimborne Minster", "Mon,Tue,Wed,Thu,Fri", true, false),
    (37.0, COUNTY_HALL, "Mon,Tue,Wed,Thu,Fri", true, true),
    (30.0, "Bridport", "Mon,Tue,Wed,Thu", true, false),
    (25.0, COUNTY_HALL, "Mon,Tue,Wed", true, false),
    (23.0, "Blandford Forum", "Tue,Wed,Thu", true, false),
    (18.5, "Sherborne", "Mon,Tue,Wed", false, false),
];

fn in_dorset(s: &crate::geo::Sector) -> bool {
    s.la_code == DORSET_LA
}

fn outside_dorset(s: &crate::geo::Sector) -> bool {
    s.la_code != DORSET_LA && england_or_wales(s)
}

/// The clusters for `n` children.
///
/// # Errors
/// [`Error::Usage`] if a town does not resolve or has no sector nearby (a gazetteer problem).
pub fn clusters(geo: &Geography<'_>, n: usize) -> Result<Vec<Cluster>> {
    let n_in = (n as f64 * IN_COUNTY_SHARE).round() as usize;
    let n_out = n - n_in;
    let in_parts = apportion(n_in, &TOWNS.iter().map(|t| t.1).collect::<Vec<_>>());
    let out_parts = apportion(
        n_out,
        &OUT_OF_COUNTY.iter().map(|c| c.2).collect::<Vec<_>>(),
    );
    let mut out = Vec::new();
    for (&(town, _, radius), &count) in TOWNS.iter().zip(&in_parts) {
        let p = geo.point_of(town)?;
        let pool = geo.pool_within(p, radius, in_dorset);
        if pool.is_empty() {
            return Err(Error::Usage(format!(
                "generate: no Dorset Council sector within {radius} miles of {town}"
            )));
        }
        out.push(Cluster {
            name: town.to_string(),
            pool,
            children: count,
            in_area: true,
            place_label: None,
        });
    }
    for (&(label, place, _, radius), &count) in OUT_OF_COUNTY.iter().zip(&out_parts) {
        let (pool, place_label) = match place {
            None => (geo.pool_la(BCP_LA, |_| true), None),
            Some(place) => {
                let p = geo.point_of(place)?;
                let label = geo.resolves(place).then(|| place.to_string());
                (geo.pool_within(p, radius, outside_dorset), label)
            }
        };
        if pool.is_empty() {
            return Err(Error::Usage(format!(
                "generate: no postcode sector found for the {label} cluster"
            )));
        }
        out.push(Cluster {
            name: label.to_string(),
            pool,
            children: count,
            in_area: false,
            place_label,
        });
    }
    Ok(out)
}

/// The nine posts.
///
/// # Errors
/// [`Error::Usage`] if a base town does not resolve.
pub fn posts(geo: &Geography<'_>) -> Result<Vec<IroRow>> {
    let sectors = geo.sectors();
    let mut rows = Vec::new();
    for (k, &(hours, base, days, overnight, vacant)) in POSTS.iter().enumerate() {
        let base = if base == COUNTY_HALL {
            base.to_string()
        } else {
            let p = geo.point_of(base)?;
            let s = geo.nearest_sector(p, in_dorset).ok_or_else(|| {
                Error::Usage(format!("generate: no Dorset Council sector near {base}"))
            })?;
            sectors[s].code.clone()
        };
        let working_days = WeekdaySet::parse(days)
            .map_err(|d| Error::Usage(format!("generate: bad working day '{d}'")))?;
        rows.push(IroRow {
            iro_id: format!("IRO{:02}", k + 1),
            base,
            hours_per_week: hours,
            working_days,
            overnight,
            vacant,
        });
    }
    Ok(rows)
}

/// Generates the Dorset profile into `options.out`.
///
/// # Errors
/// As [`super::generate`].
pub fn generate(
    options: &Options,
    ctx: &build::Context<'_>,
    geo: &Geography<'_>,
) -> Result<Summary> {
    let n = options.children.unwrap_or(CHILDREN);
    let clusters = clusters(geo, n)?;
    let mut iros = posts(geo)?;
    if let Some(m) = options.iros {
        // More or fewer posts than Dorset's nine: repeat the pattern with fresh ids.
        iros = (0..m)
            .map(|k| IroRow {
                iro_id: format!("IRO{:02}", k + 1),
                ..iros[k % iros.len()].clone()
            })
            .collect();
    }
    let home = geo.point_of(COUNTY_HALL)?;
    let spec = CouncilSpec {
        id_prefix: String::new(),
        home,
        clusters,
        iros,
        sectors: geo.sectors(),
        as_of: options.as_of,
    };
    let mut rng = Pcg64::seed_from_u64(options.seed);
    let rows = build::children(&mut rng, ctx, &spec);
    let mut writer = Writer::create(&options.out, false)?;
    writer.council(
        None,
        &rows,
        &spec.iros,
        crate::config::CaseloadBand::default().fte_hours,
    )?;
    writer.summary.out_of_area = rows
        .iter()
        .filter(|r| !spec.clusters[r.cluster].in_area)
        .count();
    writer.summary.clusters = spec
        .clusters
        .iter()
        .map(|c| (c.name.clone(), c.in_area, c.children))
        .collect();
    writer.finish()
}
