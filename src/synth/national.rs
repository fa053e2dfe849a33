//! England in one folder: ≈ 150 councils, ≈ 84,000 children, ≈ 1,400 IROs (issue 6).
//!
//! Councils are centred on England's largest towns, taken in order of population and skipped
//! when within [`HOME_SPACING_MILES`] of a town already taken (a greedy spread, so that
//! neighbouring suburbs do not become separate councils). Children are shared between councils
//! in proportion to population, capped at [`POPULATION_CAP`] (GeoNames counts Greater London as
//! one place of 9 million; London's 33 boroughs look after about an eighth of England's
//! children, not a third). Each council is then built like [`super::council`] with
//! [`OUT_OF_AREA_SHARE`] out of area, and written straight to the files, so memory holds one
//! council at a time and a million children stream through.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use super::build::{self, CouncilSpec};
use super::council::{self, Home};
use super::geography::{Geography, england_or_wales};
use super::output::Writer;
use super::sample::apportion;
use super::{Options, Summary};
use crate::error::Result;
use crate::geo::haversine_miles;

/// Default children (DfE, Children looked after in England 2024: 83,630).
pub const CHILDREN: usize = 84_000;
/// Default IRO posts (about one per 60 children).
pub const IROS: usize = 1_400;
/// Councils.
pub const COUNCILS: usize = 150;
/// Share of children placed outside their council (DfE 2024: ≈ 40 %).
pub const OUT_OF_AREA_SHARE: f64 = 0.40;
/// Two council homes are at least this far apart, miles (relaxed if fewer than
/// [`COUNCILS`] towns qualify).
pub const HOME_SPACING_MILES: f64 = 10.0;
/// Population counted for one council at most.
pub const POPULATION_CAP: f64 = 1_000_000.0;

/// The council homes: (name, point, population), largest first.
pub fn homes(geo: &Geography<'_>, count: usize) -> Vec<(String, crate::domain::LatLon, u64)> {
    let mut places: Vec<_> = geo
        .gazetteer
        .places()
        .iter()
        .filter(|p| p.country_part == "ENG")
        .collect();
    places.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
    let mut spacing = HOME_SPACING_MILES;
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < count && spacing >= 1.0 {
        for (i, p) in places.iter().enumerate() {
            if chosen.len() >= count {
                break;
            }
            if chosen.contains(&i) {
                continue;
            }
            if chosen
                .iter()
                .all(|&j| haversine_miles(places[j].point, p.point) >= spacing)
            {
                chosen.push(i);
            }
        }
        spacing /= 2.0;
    }
    let mut names: std::collections::HashMap<String, usize> = Default::default();
    chosen
        .into_iter()
        .map(|i| {
            let p = places[i];
            let seen = names.entry(p.name.clone()).or_insert(0);
            *seen += 1;
            let name = if *seen > 1 {
                format!("{}, {}", p.name, p.county)
            } else {
                p.name.clone()
            };
            (name, p.point, p.population)
        })
        .collect()
}

/// Generates the national profile into `options.out`.
///
/// # Errors
/// As [`super::generate`].
pub fn generate(
    options: &Options,
    ctx: &build::Context<'_>,
    geo: &Geography<'_>,
) -> Result<Summary> {
    let n = options.children.unwrap_or(CHILDREN);
    // One post per 60 children unless told: 84,000 children → 1,400 posts.
    let m = options
        .iros
        .unwrap_or_else(|| (n as f64 * IROS as f64 / CHILDREN as f64).round() as usize);
    let homes = homes(geo, options.councils.unwrap_or(COUNCILS));
    let weights: Vec<f64> = homes
        .iter()
        .map(|h| (h.2 as f64).min(POPULATION_CAP))
        .collect();
    let children = apportion(n, &weights);
    // Posts follow each council's children (not its population), and unless the posts were
    // given, no council gets fewer than its band maxima need: 84,000 children → ≈ 1,400 posts
    // with no council short of capacity.
    let shares: Vec<f64> = children.iter().map(|&c| c as f64).collect();
    let mut posts = apportion(m, &shares);
    if options.iros.is_none() {
        let band = crate::config::CaseloadBand::default();
        for (p, &c) in posts.iter_mut().zip(&children) {
            *p = (*p).max(council::posts_to_hold(
                c,
                band.band_max_per_fte,
                band.fte_hours,
            ));
        }
    }
    let towns = council::big_towns(geo);
    let sectors = geo.sectors();
    let fte_hours = crate::config::CaseloadBand::default().fte_hours;
    let mut master = Pcg64::seed_from_u64(options.seed);
    let mut writer = Writer::create(&options.out, true)?;
    let mut per_council = Vec::with_capacity(homes.len());
    let mut out_of_area = 0usize;
    for (k, (name, point, _)) in homes.iter().enumerate() {
        // One seed per council, drawn in order, so councils are independent streams.
        let mut rng = Pcg64::seed_from_u64(master.random());
        let n_c = children[k];
        if n_c == 0 {
            continue;
        }
        let la = geo
            .nearest_sector(*point, england_or_wales)
            .map(|s| sectors[s].la_code.clone());
        let size = la.as_deref().map_or(0, |l| geo.la_sectors(l).len());
        let home = Home {
            name: name.clone(),
            point: *point,
            la_codes: la.into_iter().collect(),
            radius: (size < council::MIN_AREA_SECTORS).then_some(council::IN_AREA_MILES / 2.0),
        };
        let clusters = council::clusters(geo, &home, &towns, n_c, OUT_OF_AREA_SHARE);
        let area = clusters
            .iter()
            .find(|c| c.in_area)
            .map(|c| c.pool.clone())
            .unwrap_or_default();
        let prefix = format!("N{:03}-", k + 1);
        let iros = council::posts(
            &mut rng,
            geo,
            &home,
            &area,
            &council::Staffing {
                children: n_c,
                posts: Some(posts[k].max(1)),
                prefix: &prefix,
                fte_hours,
            },
        );
        let spec = CouncilSpec {
            id_prefix: prefix,
            home: home.point,
            clusters,
            iros,
            sectors,
            as_of: options.as_of,
        };
        let rows = build::children(&mut rng, ctx, &spec);
        let out_c = rows
            .iter()
            .filter(|r| !spec.clusters[r.cluster].in_area)
            .count();
        out_of_area += out_c;
        writer.council(Some(name), &rows, &spec.iros, fte_hours)?;
        per_council.push((name.clone(), true, rows.len()));
    }
    writer.summary.out_of_area = out_of_area;
    writer.summary.clusters = per_council;
    writer.finish()
}
