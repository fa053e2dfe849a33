//! Turns a council's specification (clusters of placements, IRO posts) into rows.
//!
//! Children are generated a family at a time: a family is one child or a sibling group of 2–3
//! who became looked after together, share a review history, usually live in the same sector
//! and always have the same IRO. Today's allocation (`current_iro`) imitates a service that
//! allocates by patch: families are swept by bearing from the council's office and handed to
//! IROs in turn in proportion to their hours (so caseloads sit inside the pro-rata band), then a
//! share of families is swapped between IROs at random — an allocation that grew case by case,
//! not a travel-optimal one.

use chrono::NaiveDate;
use rand::Rng;
use rand::seq::SliceRandom;

use super::history::{self, Timing};
use super::sample::{Pool, apportion};
use crate::calendar::Calendar;
use crate::config::Review;
use crate::domain::{LatLon, PlacementType, ReviewMode, WeekdaySet};
use crate::geo::Sector;

/// Where a cluster of placements is, and how many children it holds.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Name for the calibration table (e.g. `Birmingham`).
    pub name: String,
    /// Sectors children of this cluster may live in.
    pub pool: Pool,
    /// Children placed here.
    pub children: usize,
    /// Inside the council's own area.
    pub in_area: bool,
    /// A place name that resolves, occasionally written instead of a sector.
    pub place_label: Option<String>,
}

/// An IRO post.
#[derive(Debug, Clone, PartialEq)]
pub struct IroRow {
    /// Post id.
    pub iro_id: String,
    /// Base as written: a postcode, sector or place.
    pub base: String,
    /// Contracted hours.
    pub hours_per_week: f64,
    /// Days worked.
    pub working_days: WeekdaySet,
    /// Can stay away overnight.
    pub overnight: bool,
    /// Vacant post.
    pub vacant: bool,
}

/// One row of `children.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildRow {
    /// Pseudonymous id.
    pub child_id: String,
    /// Sector code (or occasionally a place name).
    pub placement: String,
    /// Reg. 33 history.
    pub history: history::History,
    /// Current IRO's id.
    pub current_iro: String,
    /// Sibling group id.
    pub sibling_group: Option<String>,
    /// Needs a longer review.
    pub extra_time: bool,
    /// Internal or external placement.
    pub placement_type: PlacementType,
    /// Review mode.
    pub review_mode: ReviewMode,
    /// Index of the cluster this child was drawn from (not written).
    pub cluster: usize,
}

/// Rates of the per-child attributes.
#[derive(Debug, Clone)]
pub struct Rates {
    /// Share of children in sibling groups of 2–3 (≈ 15 %), exact up to rounding.
    pub sibling_children: f64,
    /// Of sibling groups, the share of three rather than two.
    pub sibling_three: f64,
    /// Probability that a sibling lives in another sector of the cluster.
    pub sibling_apart: f64,
    /// Children needing extra review time (Dorset 2018/19: ≈ 9 %).
    pub extra_time: f64,
    /// External (agency/private) placement, inside the area.
    pub external_in_area: f64,
    /// External placement, out of area.
    pub external_out_of_area: f64,
    /// Reviews allowed to be virtual, inside the area.
    pub virtual_in_area: f64,
    /// Reviews allowed to be virtual, out of area.
    pub virtual_out_of_area: f64,
    /// A place name instead of a sector (out of area; exercises the resolver).
    pub place_label: f64,
    /// Share of families moved to a random IRO in today's allocation.
    pub allocation_shuffle: f64,
}

impl Default for Rates {
    fn default() -> Self {
        Rates {
            sibling_children: 0.15,
            sibling_three: 0.3,
            sibling_apart: 0.15,
            extra_time: 0.09,
            external_in_area: 0.25,
            external_out_of_area: 0.7,
            virtual_in_area: 0.01,
            virtual_out_of_area: 0.06,
            place_label: 0.03,
            allocation_shuffle: 0.3,
        }
    }
}

/// Everything needed to generate one council.
pub struct CouncilSpec<'a> {
    /// Prefix of ids (`""` for one council, `N042-` in the national set).
    pub id_prefix: String,
    /// The council's office (the sweep centre of today's allocation).
    pub home: LatLon,
    /// Clusters of placements.
    pub clusters: Vec<Cluster>,
    /// IRO posts.
    pub iros: Vec<IroRow>,
    /// Gazetteer sectors (the clusters' pools index this slice).
    pub sectors: &'a [Sector],
    /// Snapshot date.
    pub as_of: NaiveDate,
}

struct Family {
    sectors: Vec<usize>,
    cluster: usize,
    history: history::History,
    placement_type: PlacementType,
    label: Option<String>,
}

/// Shared, read-only context of a generation run.
pub struct Context<'a> {
    /// Calendar covering every entry date.
    pub calendar: &'a Calendar,
    /// Statutory rules.
    pub rules: &'a Review,
    /// Time-in-care distribution.
    pub timing: &'a Timing,
    /// Attribute rates.
    pub rates: &'a Rates,
}

fn bearing(from: LatLon, to: LatLon) -> f64 {
    let dy = to.lat() - from.lat();
    let dx = (to.lon() - from.lon()) * from.lat().to_radians().cos();
    dy.atan2(dx)
}

/// Family sizes of a cluster of `children`, about `grouped` of them in groups of 2–3, in
/// random order.
fn family_sizes<R: Rng + ?Sized>(
    rng: &mut R,
    children: usize,
    grouped: usize,
    p_three: f64,
) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut g = grouped.min(children);
    while g >= 2 {
        // Never leave a single child over: 3 → one trio, 4 → two pairs.
        let size = if g == 3 || (g >= 5 && rng.random_bool(p_three)) {
            3
        } else {
            2
        };
        sizes.push(size);
        g -= size;
    }
    let in_groups: usize = sizes.iter().sum();
    sizes.extend(std::iter::repeat_n(1, children - in_groups));
    sizes.shuffle(rng);
    sizes
}

/// Generates the children of one council (rows in random order, ids assigned in that order).
pub fn children<R: Rng + ?Sized>(
    rng: &mut R,
    ctx: &Context<'_>,
    spec: &CouncilSpec<'_>,
) -> Vec<ChildRow> {
    let rates = ctx.rates;
    let mut families: Vec<Family> = Vec::new();
    // Children in sibling groups: an exact total, shared between clusters by size.
    let total: usize = spec.clusters.iter().map(|c| c.children).sum();
    let sizes: Vec<f64> = spec.clusters.iter().map(|c| c.children as f64).collect();
    let grouped = apportion(
        (total as f64 * rates.sibling_children).round() as usize,
        &sizes,
    );
    // A cluster's single leftover (a group needs two) is carried to the next cluster.
    let mut carry = 0usize;
    for (ci, cluster) in spec.clusters.iter().enumerate() {
        let want = grouped[ci] + carry;
        let sizes = family_sizes(rng, cluster.children, want, rates.sibling_three);
        carry = want.saturating_sub(sizes.iter().filter(|&&s| s > 1).sum());
        for size in sizes {
            let Some(first) = cluster.pool.sample(rng) else {
                break;
            };
            let mut sectors = vec![first];
            for _ in 1..size {
                let s = if rng.random_bool(rates.sibling_apart) {
                    cluster.pool.sample(rng).unwrap_or(first)
                } else {
                    first
                };
                sectors.push(s);
            }
            let entry = ctx.timing.draw_entry(rng, spec.as_of);
            let history =
                history::replay(rng, ctx.calendar, ctx.rules, ctx.timing, entry, spec.as_of);
            let p_external = if cluster.in_area {
                rates.external_in_area
            } else {
                rates.external_out_of_area
            };
            let placement_type = if rng.random_bool(p_external) {
                PlacementType::External
            } else {
                PlacementType::Internal
            };
            let label = match &cluster.place_label {
                Some(name) if size == 1 && rng.random_bool(rates.place_label) => Some(name.clone()),
                _ => None,
            };
            families.push(Family {
                sectors,
                cluster: ci,
                history,
                placement_type,
                label,
            });
        }
    }
    let owners = allocate_today(rng, spec, &families, rates.allocation_shuffle);

    let mut rows = Vec::new();
    for (fi, fam) in families.iter().enumerate() {
        let in_area = spec.clusters[fam.cluster].in_area;
        let p_virtual = if in_area {
            rates.virtual_in_area
        } else {
            rates.virtual_out_of_area
        };
        let mode = if rng.random_bool(p_virtual) {
            ReviewMode::VirtualAllowed
        } else {
            ReviewMode::InPerson
        };
        let group = (fam.sectors.len() > 1).then(|| format!("#{fi}"));
        for &s in &fam.sectors {
            let placement = match &fam.label {
                Some(l) => l.clone(),
                None => spec.sectors[s].code.clone(),
            };
            rows.push(ChildRow {
                child_id: String::new(),
                placement,
                history: fam.history,
                current_iro: spec.iros[owners[fi]].iro_id.clone(),
                sibling_group: group.clone(),
                extra_time: false,
                placement_type: fam.placement_type,
                review_mode: mode,
                cluster: fam.cluster,
            });
        }
    }
    // Extra time: an exact share, drawn as a random subset.
    let n_extra = (rows.len() as f64 * rates.extra_time).round() as usize;
    for i in rand::seq::index::sample(rng, rows.len(), n_extra.min(rows.len())) {
        rows[i].extra_time = true;
    }
    rows.shuffle(rng);
    // Ids in row order; sibling groups numbered in order of first appearance.
    let mut group_ids: std::collections::HashMap<String, String> = Default::default();
    for (i, row) in rows.iter_mut().enumerate() {
        row.child_id = format!("{}C{:05}", spec.id_prefix, i + 1);
        if let Some(g) = row.sibling_group.take() {
            let next = group_ids.len() + 1;
            let id = group_ids
                .entry(g)
                .or_insert_with(|| format!("{}SG{:04}", spec.id_prefix, next))
                .clone();
            row.sibling_group = Some(id);
        }
    }
    rows
}

/// Today's allocation: index into `spec.iros` for each family (never a vacant post).
fn allocate_today<R: Rng + ?Sized>(
    rng: &mut R,
    spec: &CouncilSpec<'_>,
    families: &[Family],
    shuffle: f64,
) -> Vec<usize> {
    let filled: Vec<usize> = (0..spec.iros.len())
        .filter(|&i| !spec.iros[i].vacant)
        .collect();
    if filled.is_empty() {
        return vec![0; families.len()];
    }
    let total_children: usize = families.iter().map(|f| f.sectors.len()).sum();
    let mut order: Vec<usize> = (0..families.len()).collect();
    let key: Vec<f64> = families
        .iter()
        .map(|f| bearing(spec.home, spec.sectors[f.sectors[0]].point))
        .collect();
    order.sort_by(|&a, &b| key[a].total_cmp(&key[b]).then(a.cmp(&b)));
    // Whole-child quotas in proportion to hours (largest remainder), so no post is pushed past
    // its pro-rata share: a service near the top of its band stays inside it.
    let hours: Vec<f64> = filled
        .iter()
        .map(|&i| spec.iros[i].hours_per_week)
        .collect();
    let mut room: Vec<i64> = apportion(total_children, &hours)
        .into_iter()
        .map(|q| q as i64)
        .collect();
    let mut owner = vec![filled[0]; families.len()];
    let mut k = 0usize;
    for &f in &order {
        let size = families[f].sectors.len() as i64;
        // The patch IRO while it has room; a family that does not fit goes to the next post
        // with room, or (fragmentation at the end) to the post with most room left.
        while k < room.len() && room[k] < size {
            k += 1;
        }
        let pick = if k < room.len() && room[k] >= size {
            k
        } else {
            (0..room.len())
                .max_by_key(|&j| (room[j], std::cmp::Reverse(j)))
                .unwrap_or(0)
        };
        room[pick] -= size;
        owner[f] = filled[pick];
    }
    // Swaps between families of the same size keep every caseload unchanged; each swap moves
    // two families, hence half as many swaps as families to move.
    let n = families.len();
    if n >= 2 {
        let swaps = (n as f64 * shuffle / 2.0).round() as usize;
        for _ in 0..swaps {
            let a = rng.random_range(0..n);
            let b = rng.random_range(0..n);
            if families[a].sectors.len() == families[b].sectors.len() {
                owner.swap(a, b);
            }
        }
    }
    owner
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64;
    use std::collections::HashMap;

    fn sector(code: &str, lat: f64, lon: f64) -> Sector {
        Sector {
            code: code.to_string(),
            point: LatLon::new(lat, lon).expect("valid test point"),
            postcode_units: 100,
            la_code: "E06000059".to_string(),
            country: "England".to_string(),
        }
    }

    fn post(id: &str, hours: f64, vacant: bool) -> IroRow {
        IroRow {
            iro_id: id.to_string(),
            base: "DT1 1XJ".to_string(),
            hours_per_week: hours,
            working_days: WeekdaySet::MON_FRI,
            overnight: true,
            vacant,
        }
    }

    #[test]
    fn families_share_iro_and_history_and_caseloads_follow_hours() {
        let sectors = vec![
            sector("DT1 1", 50.71, -2.44),
            sector("DT4 7", 50.61, -2.46),
            sector("B1 1", 52.48, -1.90),
        ];
        let clusters = vec![
            Cluster {
                name: "in".into(),
                pool: Pool::new([(0, 10), (1, 30)]),
                children: 300,
                in_area: true,
                place_label: None,
            },
            Cluster {
                name: "out".into(),
                pool: Pool::new([(2, 5)]),
                children: 200,
                in_area: false,
                place_label: Some("Birmingham".into()),
            },
        ];
        let spec = CouncilSpec {
            id_prefix: String::new(),
            home: sectors[0].point,
            clusters,
            iros: vec![
                post("A", 37.0, false),
                post("B", 37.0, true),
                post("C", 18.5, false),
            ],
            sectors: &sectors,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 30).expect("valid date"),
        };
        let calendar = Calendar::england_wales(2012, 2028);
        let rules = Review::default();
        let timing = Timing::default();
        let rates = Rates::default();
        let ctx = Context {
            calendar: &calendar,
            rules: &rules,
            timing: &timing,
            rates: &rates,
        };
        let rows = children(&mut Pcg64::seed_from_u64(5), &ctx, &spec);
        assert_eq!(rows.len(), 500);
        let again = children(&mut Pcg64::seed_from_u64(5), &ctx, &spec);
        assert_eq!(rows, again);

        let mut load: HashMap<&str, usize> = HashMap::new();
        let mut groups: HashMap<&str, Vec<&ChildRow>> = HashMap::new();
        for r in &rows {
            *load.entry(r.current_iro.as_str()).or_default() += 1;
            if let Some(g) = &r.sibling_group {
                groups.entry(g.as_str()).or_default().push(r);
            }
        }
        assert_eq!(load.get("B"), None, "a vacant post holds no child");
        let a = load.get("A").copied().unwrap_or(0);
        // Hours 37 : 18.5, so A holds two thirds (±3 for family sizes).
        assert!((330..=337).contains(&a), "{a}");
        let in_groups: usize = groups.values().map(Vec::len).sum();
        assert!((40..=110).contains(&in_groups), "{in_groups}");
        for members in groups.values() {
            assert!((2..=3).contains(&members.len()));
            assert!(
                members
                    .iter()
                    .all(|m| m.current_iro == members[0].current_iro)
            );
            assert!(members.iter().all(|m| m.history == members[0].history));
        }
        let labels = rows.iter().filter(|r| r.placement == "Birmingham").count();
        assert!(labels < 20, "{labels}");
    }
}
