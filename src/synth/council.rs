//! Any English council around a home place or county (issue 6).
//!
//! In area: the postcode sectors of the home's local authority (the `la_code` of the sector
//! nearest the home; for a county, of every place in it), widened to every sector within
//! [`IN_AREA_MILES`] when the authority has few sectors. Out of area, [`OUT_OF_AREA_SHARE`] of
//! the children: [`NEIGHBOUR_SHARE`] of them just over the border (sectors within
//! [`NEIGHBOUR_MILES`]), the rest in clusters around the nearest big towns, chosen and weighted
//! by a gravity model, population / (distance + 20 miles)^1.3 (Zipf 1946, *The P1 P2/D
//! hypothesis*) — which reproduces what placement data show: most out-of-area children nearby,
//! a tail in the large cities.

use rand::SeedableRng;
use rand_pcg::Pcg64;

use super::build::{self, Cluster, CouncilSpec, IroRow};
use super::geography::{Geography, england_or_wales};
use super::output::Writer;
use super::sample::{Pool, apportion};
use super::{Options, Summary};
use crate::domain::{LatLon, WeekdaySet};
use crate::error::{Error, Result};
use crate::geo::{Sector, haversine_miles};

/// Default children of a council (England's median council looks after about 400; Dorset 455).
pub const CHILDREN: usize = 455;
/// Share of children placed outside their council's area (England 2024: ≈ 40 %).
pub const OUT_OF_AREA_SHARE: f64 = 0.41;
/// Of the out-of-area children, the share just over the border.
pub const NEIGHBOUR_SHARE: f64 = 0.45;
/// Radius of the area when the authority alone has few sectors, miles.
pub const IN_AREA_MILES: f64 = 15.0;
/// An authority with fewer sectors than this is widened by [`IN_AREA_MILES`].
pub const MIN_AREA_SECTORS: usize = 15;
/// "Just over the border": within this many miles of home, miles.
pub const NEIGHBOUR_MILES: f64 = 30.0;
/// A big town has at least this population (GeoNames).
pub const BIG_TOWN_POPULATION: u64 = 100_000;
/// Number of big-town clusters.
pub const TOWN_CLUSTERS: usize = 10;
/// Radius of a big-town cluster, miles.
pub const TOWN_RADIUS_MILES: f64 = 5.0;
/// Children per FTE used to size the IRO service (mid-band of 50–70, IRO Handbook 2010).
pub const CHILDREN_PER_FTE: f64 = 60.0;

/// A council's home: its office point and its area.
#[derive(Debug, Clone)]
pub struct Home {
    /// Name (the council column).
    pub name: String,
    /// The office.
    pub point: LatLon,
    /// Local authorities of the area.
    pub la_codes: Vec<String>,
    /// If set, sectors within this many miles also count as in area.
    pub radius: Option<f64>,
}

impl Home {
    /// True if the sector is inside the area.
    pub fn contains(&self, s: &Sector) -> bool {
        self.la_codes.contains(&s.la_code)
            || self
                .radius
                .is_some_and(|r| haversine_miles(self.point, s.point) <= r)
    }

    /// The home of a place, postcode or county name.
    ///
    /// # Errors
    /// [`Error::Usage`] if the text is neither a place nor a county of the gazetteer.
    pub fn resolve(geo: &Geography<'_>, text: &str) -> Result<Home> {
        let sectors = geo.sectors();
        let county: Vec<_> = geo
            .gazetteer
            .places()
            .iter()
            .filter(|p| p.county.eq_ignore_ascii_case(text.trim()) && p.country_part == "ENG")
            .collect();
        let (name, point, seeds): (String, LatLon, Vec<LatLon>) = match geo.gazetteer.resolve(text)
        {
            Ok(r) => (r.label.clone(), r.point, vec![r.point]),
            Err(e) => {
                let Some(top) = county.iter().max_by_key(|p| p.population) else {
                    return Err(Error::Usage(format!(
                        "generate: --home: {e} (expected an English place or county)"
                    )));
                };
                (
                    top.county.clone(),
                    top.point,
                    county.iter().map(|p| p.point).collect(),
                )
            }
        };
        // A council of England (or Wales): a home whose nearest sector is Scottish is refused
        // rather than silently moved south.
        if let Some(s) = geo.nearest_sector(point, |_| true)
            && !england_or_wales(&sectors[s])
        {
            return Err(Error::Usage(format!(
                "generate: --home '{text}' is in {} (expected a place or county in England)",
                sectors[s].country
            )));
        }
        let mut la_codes: Vec<String> = Vec::new();
        for p in seeds {
            if let Some(s) = geo.nearest_sector(p, england_or_wales)
                && !la_codes.contains(&sectors[s].la_code)
            {
                la_codes.push(sectors[s].la_code.clone());
            }
        }
        if la_codes.is_empty() {
            return Err(Error::Usage(format!(
                "generate: --home '{text}' is not in England or Wales"
            )));
        }
        let size: usize = la_codes.iter().map(|l| geo.la_sectors(l).len()).sum();
        Ok(Home {
            name,
            point,
            la_codes,
            radius: (size < MIN_AREA_SECTORS).then_some(IN_AREA_MILES),
        })
    }
}

/// Big towns of England and Wales: (name, point, population).
pub fn big_towns(geo: &Geography<'_>) -> Vec<(String, LatLon, u64)> {
    geo.gazetteer
        .places()
        .iter()
        .filter(|p| {
            p.population >= BIG_TOWN_POPULATION
                && (p.country_part == "ENG" || p.country_part == "WLS")
        })
        .map(|p| (p.name.clone(), p.point, p.population))
        .collect()
}

/// The clusters of a council of `n` children.
pub fn clusters(
    geo: &Geography<'_>,
    home: &Home,
    towns: &[(String, LatLon, u64)],
    n: usize,
    out_share: f64,
) -> Vec<Cluster> {
    let n_out = (n as f64 * out_share).round() as usize;
    let n_in = n - n_out;
    let sectors = geo.sectors();
    let mut in_pool = Pool::new(
        home.la_codes
            .iter()
            .flat_map(|la| geo.la_sectors(la).iter().copied())
            .filter(|&i| england_or_wales(&sectors[i]))
            .map(|i| (i, sectors[i].postcode_units)),
    );
    if let Some(r) = home.radius {
        in_pool = geo.pool_within(home.point, r, |s| home.contains(s) && england_or_wales(s));
    }
    let outside = |s: &Sector| !home.contains(s) && england_or_wales(s);
    let neighbours = geo.pool_within(home.point, NEIGHBOUR_MILES, outside);

    // Gravity-weighted big towns outside the area.
    let mut candidates: Vec<(f64, &(String, LatLon, u64))> = towns
        .iter()
        .filter(|t| haversine_miles(home.point, t.1) > NEIGHBOUR_MILES * 0.5)
        .map(|t| {
            let d = haversine_miles(home.point, t.1);
            (t.2 as f64 / (d + 20.0).powf(1.3), t)
        })
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.0.cmp(&b.1.0)));
    let mut town_clusters: Vec<(f64, String, Pool)> = Vec::new();
    for (w, t) in candidates {
        if town_clusters.len() >= TOWN_CLUSTERS {
            break;
        }
        let pool = geo.pool_within(t.1, TOWN_RADIUS_MILES, outside);
        if !pool.is_empty() {
            town_clusters.push((w, t.0.clone(), pool));
        }
    }

    let mut weights = vec![if neighbours.is_empty() {
        0.0
    } else {
        NEIGHBOUR_SHARE
    }];
    let town_total: f64 = town_clusters.iter().map(|c| c.0).sum();
    for c in &town_clusters {
        weights.push((1.0 - NEIGHBOUR_SHARE) * c.0 / town_total.max(f64::MIN_POSITIVE));
    }
    let parts = apportion(n_out, &weights);
    let mut out = vec![Cluster {
        name: format!("{} (in area)", home.name),
        pool: in_pool,
        children: n_in,
        in_area: true,
        place_label: None,
    }];
    out.push(Cluster {
        name: format!("{} (neighbouring areas)", home.name),
        pool: neighbours,
        children: parts.first().copied().unwrap_or(0),
        in_area: false,
        place_label: None,
    });
    for ((_, name, pool), &count) in town_clusters.into_iter().zip(parts.iter().skip(1)) {
        let place_label = geo.resolves(&name).then(|| name.clone());
        out.push(Cluster {
            name,
            pool,
            children: count,
            in_area: false,
            place_label,
        });
    }
    // A cluster with no sector cannot hold children: give them to the area itself.
    let lost: usize = out
        .iter()
        .filter(|c| c.pool.is_empty())
        .map(|c| c.children)
        .sum();
    out.retain(|c| !c.pool.is_empty());
    if let Some(first) = out.first_mut() {
        first.children += lost;
    }
    out
}

/// How many posts to make.
#[derive(Debug, Clone, Copy)]
pub struct Staffing<'a> {
    /// Children the service holds.
    pub children: usize,
    /// Posts wanted; `None` = enough for [`CHILDREN_PER_FTE`].
    pub posts: Option<usize>,
    /// Prefix of post ids.
    pub prefix: &'a str,
    /// Hours of one FTE.
    pub fte_hours: f64,
}

/// Weekly hours and working days of a council's `k`-th post in [`posts`]: mostly full time,
/// the 4th of every 7 a four-day 30 h post and the 7th a 18.5 h half post (the mix of Dorset's
/// team).
fn post_pattern(k: usize) -> (f64, &'static str) {
    match k % 7 {
        3 => (30.0, "Mon,Tue,Wed,Thu"),
        6 => (18.5, "Mon,Tue,Wed"),
        _ => (37.0, "Mon,Tue,Wed,Thu,Fri"),
    }
}

/// Fewest posts (in [`posts`]' pattern) whose caseload band maxima hold `children`, so that a
/// synthetic council is not short of capacity by construction.
pub fn posts_to_hold(children: usize, band_max_per_fte: f64, fte_hours: f64) -> usize {
    let mut capacity = 0.0;
    let mut k = 0;
    while capacity < children as f64 {
        capacity += (band_max_per_fte * post_pattern(k).0 / fte_hours).floor();
        k += 1;
    }
    k.max(1)
}

/// `m` posts (or enough to hold `n` children at 60 per FTE): mostly full time, some part time;
/// the first post and every third at the council office, others at home bases in the area.
pub fn posts<R: rand::Rng + ?Sized>(
    rng: &mut R,
    geo: &Geography<'_>,
    home: &Home,
    area: &Pool,
    staffing: &Staffing<'_>,
) -> Vec<IroRow> {
    let Staffing {
        children: n,
        posts: m,
        prefix,
        fte_hours,
    } = *staffing;
    let sectors = geo.sectors();
    let office = geo
        .nearest_sector(home.point, |s| home.contains(s))
        .or_else(|| geo.nearest_sector(home.point, |_| true))
        .map(|s| sectors[s].code.clone())
        .unwrap_or_else(|| format!("{:.5} {:.5}", home.point.lat(), home.point.lon()));
    let pattern = |k: usize| -> (f64, WeekdaySet) {
        let (hours, days) = post_pattern(k);
        (
            hours,
            WeekdaySet::parse(days).unwrap_or(WeekdaySet::MON_FRI),
        )
    };
    let needed_fte = n as f64 / CHILDREN_PER_FTE;
    let mut rows = Vec::new();
    let mut fte = 0.0;
    let mut k = 0;
    loop {
        match m {
            Some(m) if k >= m => break,
            None if fte >= needed_fte && k > 0 => break,
            _ => {}
        }
        let (hours, days) = pattern(k);
        let base = if k % 3 == 0 {
            office.clone()
        } else {
            area.sample(rng)
                .map(|s| sectors[s].code.clone())
                .unwrap_or_else(|| office.clone())
        };
        rows.push(IroRow {
            iro_id: format!("{prefix}IRO{:03}", k + 1),
            base,
            hours_per_week: hours,
            working_days: days,
            overnight: k % 9 != 8,
            vacant: false,
        });
        fte += hours / fte_hours;
        k += 1;
    }
    rows
}

/// Generates the council profile into `options.out`.
///
/// # Errors
/// As [`super::generate`].
pub fn generate(
    options: &Options,
    ctx: &build::Context<'_>,
    geo: &Geography<'_>,
) -> Result<Summary> {
    let text = options
        .home
        .as_deref()
        .ok_or_else(|| Error::Usage("generate: --profile council needs --home".into()))?;
    let home = Home::resolve(geo, text)?;
    let n = options.children.unwrap_or(CHILDREN);
    let towns = big_towns(geo);
    let clusters = clusters(geo, &home, &towns, n, OUT_OF_AREA_SHARE);
    let mut rng = Pcg64::seed_from_u64(options.seed);
    let area = clusters
        .iter()
        .find(|c| c.in_area)
        .map(|c| c.pool.clone())
        .unwrap_or_default();
    let fte_hours = crate::config::CaseloadBand::default().fte_hours;
    let staffing = Staffing {
        children: n,
        posts: options.iros,
        prefix: "",
        fte_hours,
    };
    let iros = posts(&mut rng, geo, &home, &area, &staffing);
    let spec = CouncilSpec {
        id_prefix: String::new(),
        home: home.point,
        clusters,
        iros,
        sectors: geo.sectors(),
        as_of: options.as_of,
    };
    let rows = build::children(&mut rng, ctx, &spec);
    let mut writer = Writer::create(&options.out, false)?;
    writer.council(None, &rows, &spec.iros, fte_hours)?;
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
