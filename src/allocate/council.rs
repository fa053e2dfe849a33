//! The domain adapter: a [`Caseload`] becomes an [`AssignmentProblem`] (sibling groups are
//! items, IROs are bins with their caseload band), and the answer comes back as an
//! [`AllocationResult`].
//!
//! Cost of child `c` with IRO `i`, £ a year:
//! `reviews(c) × in_person(c, i) × (2 miles × mileage + 2 hours × staff [+ hotel])`
//! `+ continuity_cost` if `i` is not the child's current IRO, plus the under-band penalty per
//! child an IRO falls below its band minimum. `reviews(c)` counts the statutory reviews falling
//! due in the horizon at reg. 33 cadence ([`Policy::expected_reviews`]); the hotel rule and
//! the virtual-review share are the policy's ([`Policy::round_trip`],
//! [`Policy::in_person_share`]).

use super::problem::{AssignmentProblem, BinId, ItemId};
use super::solve::{Solution, solve};
use super::{AllocateOptions, AllocationResult, Change, IroRow, Pruning};
use crate::domain::{Caseload, ChildId, IroId, LatLon};
use crate::error::{Error, InputError, Result};
use crate::geo::Leg;
use crate::policy::Policy;

/// Nearest-base queries over a fixed set of points.
pub trait NearestBases: Sync {
    /// The `k` nearest points to `p`, nearest first: (index into the points, great-circle
    /// miles).
    fn nearest(&self, p: LatLon, k: usize) -> Vec<(usize, f64)>;
}

impl NearestBases for crate::geo::PointIndex {
    fn nearest(&self, p: LatLon, k: usize) -> Vec<(usize, f64)> {
        crate::geo::PointIndex::nearest(self, p, k)
    }
}

/// Travel and nearest-base look-ups the adapter needs (the `geo` module provides both; tests
/// can provide their own).
pub trait Geography: Sync {
    /// The spatial index type.
    type Index: NearestBases;
    /// An index over `points`.
    fn index(&self, points: &[LatLon]) -> Self::Index;
    /// One-way journey from `a` to `b`.
    fn leg(&self, a: LatLon, b: LatLon) -> Leg;
    /// Whether every leg is at least `road_factor` × great-circle miles, timed by the model
    /// (false when a user matrix may override it). Pruning is certified only when this holds.
    fn monotone(&self) -> bool;
}

/// The `geo` module's travel model and spatial index.
pub struct GeoModel {
    model: crate::geo::TravelModel,
    has_matrix: bool,
}

impl GeoModel {
    /// From a caseload's travel configuration and matrix.
    pub fn new(caseload: &Caseload) -> Self {
        GeoModel {
            model: crate::geo::TravelModel::new(&caseload.config.travel, caseload.matrix.clone()),
            has_matrix: caseload.matrix.is_some(),
        }
    }
}

impl Geography for GeoModel {
    type Index = crate::geo::PointIndex;
    fn index(&self, points: &[LatLon]) -> Self::Index {
        crate::geo::PointIndex::new(points)
    }
    fn leg(&self, a: LatLon, b: LatLon) -> Leg {
        self.model.leg(a, b)
    }
    fn monotone(&self) -> bool {
        !self.has_matrix
    }
}

/// Per (child, IRO): expected annual miles, hours, hotel nights and £ of travel.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Travel {
    pub miles: f64,
    pub hours: f64,
    pub nights: f64,
    pub cost: f64,
}

/// [`Travel`] of child `c` with IRO `i`, whose [`Policy::expected_reviews`] is `expected`
/// (it depends on the child only, so the candidate builder computes it once per child): each
/// review held in person is one round trip by the policy's hotel rule.
pub(crate) fn travel<G: Geography>(
    caseload: &Caseload,
    policy: &Policy,
    geo: &G,
    c: ChildId,
    i: IroId,
    expected: f64,
) -> Travel {
    let child = caseload.child(c);
    let iro = caseload.iro(i);
    let leg = geo.leg(iro.base, child.location);
    let reviews = expected * policy.in_person_share(child, leg.miles);
    // An IRO who cannot make the trip at all is excluded by the reach rule; price the
    // overnight trip so that the cost stays finite either way.
    let trip = policy
        .round_trip(leg, policy.review_secs(child), iro.overnight)
        .or_else(|| policy.round_trip(leg, policy.review_secs(child), true))
        .unwrap_or(crate::policy::RoundTrip {
            miles: 2.0 * leg.miles,
            hours: 2.0 * leg.hours,
            nights: 1,
        });
    let miles = trip.miles * reviews;
    let hours = trip.hours * reviews;
    let nights = trip.nights as f64 * reviews;
    Travel {
        miles,
        hours,
        nights,
        cost: reviews * policy.round_trip_cost(&trip),
    }
}

/// £ a year of the rounds an IRO makes to a far area: as many as the area's most frequently
/// reviewed child needs (its reviews held in person) — more when one week of the IRO's hours
/// cannot hold all the area's reviews (meetings and admin) besides the drive — each a round
/// trip from the IRO's base to the area's centre by the policy's rules (overnight where they
/// need it).
fn area_charge<G: Geography>(
    caseload: &Caseload,
    policy: &Policy,
    geo: &G,
    area: &crate::policy::Area,
    iro: &crate::domain::Iro,
) -> f64 {
    let rounds = area
        .children
        .iter()
        .map(|&c| {
            let child = caseload.child(c);
            let miles = geo.leg(iro.base, child.location).miles;
            policy.expected_reviews(child) * policy.in_person_share(child, miles)
        })
        .fold(0.0, f64::max)
        .ceil();
    let review = policy.area_review_secs(caseload, area);
    let leg = geo.leg(iro.base, area.centre);
    let local = policy.local_leg(caseload, area, &|a, b| geo.leg(a, b));
    let per_round = f64::from(policy.round_capacity(iro, leg, review, local));
    let rounds = rounds * (area.children.len() as f64 / per_round).ceil().max(1.0);
    let trip = policy
        .round_trip(leg, review, iro.overnight)
        .or_else(|| policy.round_trip(leg, review, true));
    trip.map_or(0.0, |t| rounds * policy.round_trip_cost(&t))
}

/// Pairs of far areas of one service that one IRO holding both would visit on one trip when
/// their reviews fall due together, each area in at most one pair (the pairs saving most
/// first), with the saving per bin ([`Policy::two_area_saving`], at most either area's charge
/// there). The allocation charges each area of a pair that much less in the bin and the two
/// areas together that much, so an IRO holding both pays it once (overlapping groups).
#[allow(clippy::type_complexity)]
fn two_area_pairs<G: Geography>(
    caseload: &Caseload,
    policy: &Policy,
    geo: &G,
    areas: &crate::policy::Areas,
    charges: &[Vec<(BinId, f64)>],
    iro_of_bin: &[IroId],
) -> Vec<(usize, usize, Vec<(BinId, f64)>)> {
    let list = &areas.list;
    let mut found: Vec<(f64, usize, usize, Vec<(BinId, f64)>)> = Vec::new();
    for a in 0..list.len() {
        for b in a + 1..list.len() {
            if list[a].council != list[b].council {
                continue;
            }
            let review = policy.area_review_secs(caseload, &list[a]);
            let mut discount = Vec::new();
            for &(bin, ca) in &charges[a] {
                let Some(&(_, cb)) = charges[b].iter().find(|(x, _)| *x == bin) else {
                    continue;
                };
                let iro = caseload.iro(iro_of_bin[bin.idx()]);
                let saving = policy.two_area_saving(
                    iro,
                    (list[a].centre, list[a].children.len()),
                    (list[b].centre, list[b].children.len()),
                    review,
                    &|x, y| geo.leg(x, y),
                );
                let d = saving.unwrap_or(0.0).min(ca).min(cb);
                if d > 0.0 {
                    discount.push((bin, d));
                }
            }
            let best = discount.iter().map(|(_, d)| *d).fold(0.0, f64::max);
            if best > 0.0 {
                found.push((best, a, b, discount));
            }
        }
    }
    found.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut paired = vec![false; list.len()];
    let mut out = Vec::new();
    for (_, a, b, d) in found {
        if !paired[a] && !paired[b] {
            paired[a] = true;
            paired[b] = true;
            out.push((a, b, d));
        }
    }
    out
}

/// £ a year a far child adds to its area's rounds: for each review held in person, the drive
/// from the area's centre and back, and — in an area with more children than one day holds
/// (`review.max_per_day`), whose rounds run to more days — its share of a hotel night.
fn round_share<G: Geography>(
    caseload: &Caseload,
    policy: &Policy,
    geo: &G,
    c: ChildId,
    (base, centre): (LatLon, LatLon),
    expected: f64,
    area_size: usize,
) -> f64 {
    let child = caseload.child(c);
    let local = geo.leg(centre, child.location);
    let reviews = expected * policy.in_person_share(child, geo.leg(base, child.location).miles);
    let cfg = policy.config();
    let per_day = cfg.review.max_per_day.max(1) as usize;
    let night_share = if area_size > per_day {
        cfg.costs.hotel_per_night / per_day as f64
    } else {
        0.0
    };
    reviews * (policy.journey_cost(2.0 * local.miles, 2.0 * local.hours, 0) + night_share)
}

/// The problem built from a caseload, and what is needed to read the answer back.
pub(crate) struct Built {
    pub problem: AssignmentProblem,
    pub items: Vec<Vec<ChildId>>,
    /// Bin → IRO (vacancies and zero-capacity posts have no bin).
    pub iro_of_bin: Vec<IroId>,
    /// Whether each item's candidates are every eligible IRO.
    pub exhaustive: bool,
    /// Per item: great-circle miles to the nearest eligible IRO left out (∞ if none).
    pub pruned_beyond: Vec<f64>,
}

pub(crate) fn build<G: Geography>(
    caseload: &Caseload,
    options: &AllocateOptions,
    geo: &G,
    k: usize,
) -> Result<Built> {
    let config = &caseload.config;
    let policy = Policy::new(caseload);
    let mut errors = Vec::new();
    // Councils already reported as having no IRO in post (one error each, not one per child).
    let mut no_post_reported: std::collections::HashSet<Option<u32>> = Default::default();
    let (continuity, under_band) = options.weights.unwrap_or((
        config.allocation.continuity_cost,
        config.allocation.under_band_penalty,
    ));
    let mut problem = AssignmentProblem::new(under_band);
    let mut bin_of_iro: Vec<Option<BinId>> = vec![None; caseload.iros.len()];
    let mut iro_of_bin = Vec::new();
    let bands = caseload.bands();
    for i in caseload.iro_ids() {
        let (min, max) = bands[i.idx()];
        if !caseload.iro(i).vacant && max > 0 {
            bin_of_iro[i.idx()] = Some(problem.add_bin(min, max));
            iro_of_bin.push(i);
        }
    }
    // Bins open to each council (pooled, or a child without a council: every bin), each with
    // its spatial index.
    // Councils as small integers (`None`: no council, or pooled), so that the per-item checks
    // below compare numbers, not strings (a million children × a council's bins).
    let pooled = options.pooled || caseload.config.allocation.pooled;
    let mut council_ids: std::collections::HashMap<&str, u32> = Default::default();
    let names = caseload
        .children
        .iter()
        .map(|c| c.council.as_deref())
        .chain(caseload.iros.iter().map(|i| i.council.as_deref()));
    let ids: Vec<Option<u32>> = names
        .map(|c| {
            let c = c.filter(|_| !pooled)?;
            let next = council_ids.len() as u32;
            Some(*council_ids.entry(c).or_insert(next))
        })
        .collect();
    let (child_council, iro_council) = ids.split_at(caseload.children.len());
    let same = |a: Option<u32>, b: Option<u32>| a.is_none() || b.is_none() || a == b;
    let mut groups: std::collections::BTreeMap<Option<u32>, (Vec<usize>, G::Index)> =
        Default::default();
    let items = caseload.sibling_items();
    for members in &items {
        let council = child_council[members[0].idx()];
        groups.entry(council).or_insert_with(|| {
            let bins: Vec<usize> = (0..iro_of_bin.len())
                .filter(|&b| same(council, iro_council[iro_of_bin[b].idx()]))
                .collect();
            let pts: Vec<LatLon> = bins
                .iter()
                .map(|&b| caseload.iro(iro_of_bin[b]).base)
                .collect();
            let index = geo.index(&pts);
            (bins, index)
        });
    }
    let mut exhaustive = true;
    let mut pruned_beyond = Vec::with_capacity(items.len());
    // Far areas: their children share rounds, priced as a fixed charge per IRO serving the area
    // (added below, once the candidate bins are known) plus each child's marginal cost.
    let areas = policy.far_areas_with(caseload, &|a, b| geo.leg(a, b));
    let area_of_item = |members: &[ChildId]| {
        members
            .iter()
            .find_map(|&c| areas.of_child.get(c.idx()).copied().flatten())
    };
    let mut area_items: Vec<Vec<ItemId>> = vec![Vec::new(); areas.list.len()];
    let mut area_bins: Vec<std::collections::BTreeSet<usize>> =
        vec![Default::default(); areas.list.len()];
    for members in &items {
        let item = problem.add_item(members.len() as u32);
        let area = area_of_item(members);
        let council = child_council[members[0].idx()];
        let Some((open, index)) = groups.get(&council) else {
            // Every council seen above has an entry.
            pruned_beyond.push(f64::INFINITY);
            continue;
        };
        let excluded: Vec<IroId> = members
            .iter()
            .flat_map(|&c| {
                caseload.child(c).exclude_iros.iter().copied().chain(
                    options
                        .unreachable
                        .get(c.idx())
                        .into_iter()
                        .flatten()
                        .copied(),
                )
            })
            .collect();
        let allowed = |b: usize| {
            let iro = iro_of_bin[b];
            !excluded.contains(&iro)
                && members
                    .iter()
                    .all(|&c| same(child_council[c.idx()], iro_council[iro.idx()]))
        };
        // `open` already holds exactly the bins allowed for the first member's council.
        let plain =
            excluded.is_empty() && members.iter().all(|&c| child_council[c.idx()] == council);
        let n_allowed = if plain {
            open.len()
        } else {
            open.iter().filter(|&&b| allowed(b)).count()
        };
        let mut beyond = f64::INFINITY;
        let mut chosen: Vec<usize> = if open.len() <= options.exhaustive_up_to.max(k) {
            open.iter().copied().filter(|&b| allowed(b)).collect()
        } else {
            let mut set = Vec::new();
            for &c in members {
                let near = index.nearest(caseload.child(c).location, k + excluded.len());
                let kept: Vec<(usize, f64)> = near
                    .into_iter()
                    .map(|(p, miles)| (open[p], miles))
                    .filter(|&(b, _)| allowed(b))
                    .take(k)
                    .collect();
                // Every allowed bin left out is at least as far as the farthest kept one.
                beyond = beyond.min(kept.last().map_or(0.0, |&(_, m)| m));
                for (b, _) in kept {
                    if !set.contains(&b) {
                        set.push(b);
                    }
                }
            }
            set
        };
        for &c in members {
            let child = caseload.child(c);
            for keep in [child.current_iro, child.planned_iro].into_iter().flatten() {
                if let Some(b) = bin_of_iro.get(keep.idx()).copied().flatten()
                    && allowed(b.idx())
                    && !chosen.contains(&b.idx())
                {
                    chosen.push(b.idx());
                }
            }
        }
        if chosen.len() >= n_allowed {
            beyond = f64::INFINITY;
        } else {
            exhaustive = false;
        }
        pruned_beyond.push(beyond);
        let expected: Vec<f64> = members
            .iter()
            .map(|&c| policy.expected_reviews(caseload.child(c)))
            .collect();
        if let Some(a) = area {
            area_items[a].push(item);
            area_bins[a].extend(chosen.iter().copied());
        }
        for &b in &chosen {
            let iro = iro_of_bin[b];
            let mut cost = 0.0;
            let mut changes = 0;
            for (&c, &e) in members.iter().zip(&expected) {
                cost += match areas.of(c) {
                    Some(a) => round_share(
                        caseload,
                        &policy,
                        geo,
                        c,
                        (caseload.iro(iro).base, a.centre),
                        e,
                        a.children.len(),
                    ),
                    None => travel(caseload, &policy, geo, c, iro, e).cost,
                };
                let child = caseload.child(c);
                if child.continuity_iro().is_some_and(|cur| cur != iro) {
                    cost += continuity;
                    changes += 1;
                }
                if child.leaves_planned(iro) {
                    cost += config.allocation.continuity_cost;
                }
            }
            problem.allow_move(item, BinId(b as u32), cost, changes);
        }
        // Locks.
        let mut lock: Option<IroId> = None;
        for &c in members {
            let child = caseload.child(c);
            if !child.locked {
                continue;
            }
            match child.current_iro {
                None => errors.push(at_row(
                    child,
                    "locked",
                    format!(
                        "child {} is locked but has no current_iro",
                        child.external_id
                    ),
                    "a current_iro to keep, or locked = false",
                )),
                Some(cur) => {
                    let ok = bin_of_iro
                        .get(cur.idx())
                        .copied()
                        .flatten()
                        .is_some_and(|b| chosen.contains(&b.idx()));
                    if !ok {
                        errors.push(at_row(
                            child,
                            "locked",
                            format!(
                                "child {} is locked to IRO {}, who is vacant, excluded or of \
                                 another council",
                                child.external_id,
                                caseload.iro(cur).external_id
                            ),
                            "a lock to an IRO who may hold the case",
                        ));
                    } else if lock.is_some_and(|l| l != cur) {
                        errors.push(at_row(
                            child,
                            "locked",
                            format!(
                                "child {}: sibling group locked to two different IROs",
                                child.external_id
                            ),
                            "siblings locked to the same IRO",
                        ));
                    } else {
                        lock = Some(cur);
                    }
                }
            }
        }
        if let Some(l) = lock
            && let Some(b) = bin_of_iro[l.idx()]
        {
            problem.lock(item, b);
        }
        if chosen.is_empty() {
            if open.is_empty() {
                if no_post_reported.insert(council) {
                    errors.push(no_iro_in_post(caseload.child(members[0])));
                }
            } else {
                errors.push(no_eligible_iro(
                    caseload,
                    options,
                    members,
                    open,
                    &iro_of_bin,
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let mut charges: Vec<Vec<(BinId, f64)>> = areas
        .list
        .iter()
        .zip(&area_bins)
        .map(|(a, bins)| {
            bins.iter()
                .map(|&b| {
                    let iro = caseload.iro(iro_of_bin[b]);
                    (BinId(b as u32), area_charge(caseload, &policy, geo, a, iro))
                })
                .collect()
        })
        .collect();
    let pairs = if config.areas.two_area_trips {
        two_area_pairs(caseload, &policy, geo, &areas, &charges, &iro_of_bin)
    } else {
        Vec::new()
    };
    for (a, b, discount) in &pairs {
        for k in [*a, *b] {
            for (bin, c) in &mut charges[k] {
                let d = discount
                    .iter()
                    .find(|(x, _)| x == bin)
                    .map_or(0.0, |(_, d)| *d);
                // d is at most c (two_area_pairs), so this stays a charge.
                *c = (*c - d).max(0.0);
            }
        }
    }
    for (its, c) in area_items.iter().zip(charges) {
        problem.add_group(its.clone(), c);
    }
    for (a, b, discount) in pairs {
        let mut both = area_items[a].clone();
        both.extend(&area_items[b]);
        problem.add_group(both, discount);
    }
    let budget = options.max_changes.or(config.allocation.max_changes);
    problem.limit_changes(budget);
    Ok(Built {
        problem,
        items,
        iro_of_bin,
        exhaustive,
        pruned_beyond,
    })
}

/// An error at the input row of `child` (its file and line), in `column`.
fn at_row(
    child: &crate::domain::Child,
    column: &str,
    problem: String,
    expected: &str,
) -> InputError {
    match &child.origin {
        Some(o) => InputError::at(o.file.as_ref(), o.line, column, problem, expected),
        // A projected arrival has no row: name it as the projection.
        None => InputError::file("(projected arrivals)", problem)
            .with_column(column)
            .with_expected(expected),
    }
}

/// No IRO in post who may hold the child's council (or anyone): reported once, at the first
/// such child's row.
fn no_iro_in_post(child: &crate::domain::Child) -> InputError {
    match &child.council {
        Some(c) => at_row(
            child,
            "council",
            format!(
                "no IRO in post serves council '{c}' (child {})",
                child.external_id
            ),
            "an IRO in post in the council (iros.csv: vacant = false, a council column)",
        ),
        None => {
            let mut e = at_row(
                child,
                "child_id",
                format!(
                    "no IRO is in post to hold child {} or any other: every post is vacant or \
                     has max_caseload 0",
                    child.external_id
                ),
                "at least one IRO in post in iros.csv",
            );
            e.column = None;
            e
        }
    }
}

/// Every IRO in post who may hold the item is excluded: by the reach rule
/// ([`AllocateOptions::unreachable`]: the placement is beyond the IRO's reach in a working
/// day) or by a member's `exclude_iros`. The error is at the first member's row, in the column
/// that explains it: `placement` where the reach rule excludes any of them, else
/// `exclude_iros`.
fn no_eligible_iro(
    caseload: &Caseload,
    options: &AllocateOptions,
    members: &[ChildId],
    open: &[usize],
    iro_of_bin: &[IroId],
) -> InputError {
    let first = caseload.child(members[0]);
    let posts: Vec<IroId> = open.iter().map(|&b| iro_of_bin[b]).collect();
    let by = |excluded: &dyn Fn(ChildId, IroId) -> bool| {
        posts
            .iter()
            .filter(|&&i| members.iter().any(|&c| excluded(c, i)))
            .map(|&i| caseload.iro(i).external_id.as_str())
            .collect::<Vec<_>>()
    };
    let unreachable = by(&|c, i| {
        options
            .unreachable
            .get(c.idx())
            .is_some_and(|u| u.contains(&i))
    });
    let listed = by(&|c, i| caseload.child(c).exclude_iros.contains(&i));
    let whose = if members.len() > 1 {
        format!("child {} (with its siblings)", first.external_id)
    } else {
        format!("child {}", first.external_id)
    };
    if !unreachable.is_empty() {
        let mut problem = format!(
            "{whose} can be held by no IRO in post: placement '{}' is beyond a working day's \
             reach of {}",
            first.placement_label,
            unreachable.join(", ")
        );
        if !listed.is_empty() {
            problem += &format!(", and exclude_iros lists {}", listed.join(", "));
        }
        at_row(
            first,
            "placement",
            problem,
            "a placement an IRO in post can reach, an IRO who may stay overnight \
             (iros.csv overnight, config overnight.allowed), or review_mode = virtual_allowed",
        )
    } else {
        at_row(
            first,
            "exclude_iros",
            format!(
                "{whose} can be held by no IRO in post: exclude_iros lists every one ({})",
                listed.join(", ")
            ),
            "at least one IRO in post left out of exclude_iros",
        )
    }
}

/// Solves with `k` candidates, widening `k` while the restricted problem overloads an IRO that
/// the full problem need not (capacity is enough in total).
pub(crate) fn solve_adaptive<G: Geography>(
    caseload: &Caseload,
    options: &AllocateOptions,
    geo: &G,
) -> Result<(Built, Solution, usize)> {
    let mut k = (options
        .candidates
        .unwrap_or(caseload.config.allocation.candidates) as usize)
        .max(1);
    loop {
        let built = build(caseload, options, geo, k)?;
        let sol = solve(&built.problem, &options.solve)?;
        let n_bins = built.problem.n_bins();
        if sol.overload == 0 || sol.shortfall > 0 || built.exhaustive || k >= n_bins {
            return Ok((built, sol, k));
        }
        k = (k * 2).min(n_bins);
    }
}

/// Whether pruning could have cut the optimum: LP pricing with a lower bound on every left-out
/// pair's cost (farther than the k-th nearest base, so at least that travel, plus continuity).
pub(crate) fn check_pruning<G: Geography>(
    caseload: &Caseload,
    built: &Built,
    sol: &Solution,
    geo: &G,
) -> Pruning {
    if built.exhaustive {
        return Pruning::Exhaustive;
    }
    // Far areas' children cost their share of rounds plus a fixed charge: the per-pair
    // travel bound below does not hold for them.
    if !built.problem.groups().is_empty() {
        return Pruning::NotChecked;
    }
    let (Some(duals), true) = (&sol.duals, geo.monotone()) else {
        return Pruning::NotChecked;
    };
    let config = &caseload.config;
    let policy = Policy::new(caseload);
    let t = &config.travel;
    let k = &config.costs;
    let max_bin = duals.bin.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut cut = 0;
    for (item, members) in built.items.iter().enumerate() {
        let r = built.pruned_beyond[item];
        if !r.is_finite() {
            continue;
        }
        let road = r * t.road_factor;
        let per_review = 2.0 * road * k.mileage_per_mile
            + 2.0 * (t.fixed_hours + road / t.mph) * k.staff_per_hour;
        let mut lb = 0.0;
        for &c in members {
            let child = caseload.child(c);
            let share = policy
                .in_person_share(child, f64::INFINITY)
                .min(policy.in_person_share(child, 0.0));
            lb += policy.expected_reviews(child) * share * per_review;
            if child.continuity_iro().is_some() {
                lb += config.allocation.continuity_cost;
            }
        }
        let size = members.len() as f64;
        if lb / size + duals.item[item] - max_bin < -1e-6 {
            cut += 1;
        }
    }
    if cut == 0 {
        Pruning::ProvedSafe
    } else {
        Pruning::MayHaveCut { items: cut }
    }
}

/// Reads the solution back into domain terms.
pub(crate) fn result<G: Geography>(
    caseload: &Caseload,
    built: &Built,
    sol: &Solution,
    k: usize,
    pruning: Pruning,
    geo: &G,
) -> AllocationResult {
    let policy = Policy::new(caseload);
    let mut assignment = vec![IroId(0); caseload.children.len()];
    for (item, members) in built.items.iter().enumerate() {
        let iro = built.iro_of_bin[sol.bin_of[item].idx()];
        for &c in members {
            assignment[c.idx()] = iro;
        }
    }
    let bands = caseload.bands();
    let mut rows: Vec<IroRow> = caseload
        .iro_ids()
        .map(|i| {
            let (band_min, band_max) = bands[i.idx()];
            IroRow::empty(i, caseload.fte(i), band_min, band_max)
        })
        .collect();
    let mut changes = Vec::new();
    for c in caseload.child_ids() {
        let i = assignment[c.idx()];
        let expected = policy.expected_reviews(caseload.child(c));
        let tr = travel(caseload, &policy, geo, c, i, expected);
        let row = &mut rows[i.idx()];
        row.children += 1;
        row.reviews += expected;
        row.miles += tr.miles;
        row.hours += tr.hours;
        row.hotel_nights += tr.nights;
        row.travel_cost += tr.cost;
        if let Some(cur) = caseload.child(c).continuity_iro()
            && cur != i
        {
            changes.push(Change {
                child: c,
                from: cur,
                to: i,
            });
        }
    }
    let n = caseload.children.len() as f64;
    let cb = &caseload.config.caseload;
    AllocationResult {
        assignment,
        rows,
        changes,
        objective: sol.objective,
        lower_bound: sol.lower_bound,
        gap: sol.gap,
        seconds: sol.seconds,
        backend: sol.backend,
        shortfall_children: sol.shortfall,
        shortfall_fte: sol.shortfall as f64 / cb.band_max_per_fte,
        worst_overload: sol.overload,
        required_fte_band: n / cb.band_max_per_fte,
        required_fte_target: n / cb.target_per_fte,
        candidates: k,
        pruning,
    }
}
