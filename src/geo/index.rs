//! A spatial index over points for nearest-base and nearby-placement queries.
//!
//! An R*-tree (Beckmann, Kriegel, Schneider & Seeger 1990; the `rstar` crate, bulk-loaded with
//! the OMT algorithm of Lee & Lee 2003) over each point's 3-D unit vector
//! (cos φ cos λ, cos φ sin λ, sin φ). The straight-line (chord) distance c between unit vectors is
//! monotone in the great-circle angle θ = 2 asin(c / 2), so nearest-by-chord is
//! nearest-by-great-circle with no seam at the antimeridian and no distortion at high latitude,
//! unlike an index over raw degrees. Distances returned are the haversine miles of
//! [`haversine_miles`], the same figure the rest of the crate uses; candidates are gathered with a
//! small slack so that rounding in the chord cannot drop a point the haversine ranks in.
//!
//! Results are ordered by distance, then by index, so equal distances come out the same way on
//! every run.
//!
//! # Units
//! Degrees in, statute miles out.

use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::domain::LatLon;

use super::distance::{EARTH_RADIUS_MILES, haversine_miles};

/// Relative and absolute slack on squared chord lengths when gathering candidates: floating
/// point error in a chord of unit vectors is ~1e-16, far below both.
const REL_SLACK: f64 = 1e-9;
const ABS_SLACK: f64 = 1e-15;

type Entry = GeomWithData<[f64; 3], usize>;

fn unit_vector(p: LatLon) -> [f64; 3] {
    let (lat, lon) = (p.lat().to_radians(), p.lon().to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// A spatial index over points (rstar), for nearest-base and nearby-placement queries.
#[derive(Debug)]
pub struct PointIndex {
    tree: RTree<Entry>,
    points: Vec<LatLon>,
}

impl PointIndex {
    /// Builds the index; point `i` keeps index `i`.
    pub fn new(points: &[LatLon]) -> PointIndex {
        let entries = points
            .iter()
            .enumerate()
            .map(|(i, &p)| Entry::new(unit_vector(p), i))
            .collect();
        PointIndex {
            tree: RTree::bulk_load(entries),
            points: points.to_vec(),
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// True if there are no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The point with index `i`.
    pub fn point(&self, i: usize) -> Option<LatLon> {
        self.points.get(i).copied()
    }

    /// Sorts candidate indices by (haversine miles from `p`, index).
    fn ranked(&self, p: LatLon, candidates: impl Iterator<Item = usize>) -> Vec<(usize, f64)> {
        let mut out: Vec<(usize, f64)> = candidates
            .map(|i| (i, haversine_miles(p, self.points[i])))
            .collect();
        out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The `k` nearest points to `p` by great-circle distance, nearest first: (index, miles).
    /// Fewer if the index holds fewer than `k` points.
    ///
    /// # Example
    /// ```
    /// use iro_planner::domain::LatLon;
    /// use iro_planner::geo::PointIndex;
    /// let bases = [LatLon::new(50.72, -2.44).unwrap(), LatLon::new(52.48, -1.90).unwrap()];
    /// let index = PointIndex::new(&bases);
    /// let wrexham = LatLon::new(53.05, -2.99).unwrap();
    /// assert_eq!(index.nearest(wrexham, 1)[0].0, 1); // Birmingham is nearer than Dorchester
    /// ```
    pub fn nearest(&self, p: LatLon, k: usize) -> Vec<(usize, f64)> {
        if k == 0 || self.points.is_empty() {
            return Vec::new();
        }
        let q = unit_vector(p);
        let mut candidates = Vec::with_capacity(k + 1);
        let mut kth: Option<f64> = None;
        for (entry, d2) in self.tree.nearest_neighbor_iter_with_distance_2(&q) {
            if let Some(t) = kth
                && d2 > t + t * REL_SLACK + ABS_SLACK
            {
                break;
            }
            candidates.push(entry.data);
            if kth.is_none() && candidates.len() == k {
                kth = Some(d2);
            }
        }
        let mut out = self.ranked(p, candidates.into_iter());
        out.truncate(k);
        out
    }

    /// Every point within `miles` great-circle miles of `p`: (index, miles), nearest first.
    /// Empty for a negative or non-finite radius.
    pub fn within(&self, p: LatLon, miles: f64) -> Vec<(usize, f64)> {
        if miles.is_nan() || miles < 0.0 || self.points.is_empty() {
            return Vec::new();
        }
        let angle = miles / EARTH_RADIUS_MILES;
        let candidates: Vec<usize> = if angle >= std::f64::consts::PI {
            (0..self.points.len()).collect()
        } else {
            let chord = 2.0 * (angle / 2.0).sin();
            let r2 = chord * chord;
            self.tree
                .locate_within_distance(unit_vector(p), r2 + r2 * REL_SLACK + ABS_SLACK)
                .map(|e| e.data)
                .collect()
        };
        let mut out = self.ranked(p, candidates.into_iter());
        out.retain(|&(_, d)| d <= miles);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(lat: f64, lon: f64) -> LatLon {
        LatLon::new(lat, lon).expect("valid test point")
    }

    fn brute(points: &[LatLon], q: LatLon) -> Vec<(usize, f64)> {
        let mut all: Vec<(usize, f64)> = points
            .iter()
            .enumerate()
            .map(|(i, &x)| (i, haversine_miles(q, x)))
            .collect();
        all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        all
    }

    #[test]
    fn empty_and_degenerate_queries() {
        let empty = PointIndex::new(&[]);
        assert!(empty.nearest(p(50.0, -2.0), 3).is_empty());
        assert!(empty.within(p(50.0, -2.0), 100.0).is_empty());
        let one = PointIndex::new(&[p(50.0, -2.0)]);
        assert!(one.nearest(p(50.0, -2.0), 0).is_empty());
        assert_eq!(one.nearest(p(50.0, -2.0), 5), vec![(0, 0.0)]);
        assert!(one.within(p(50.0, -2.0), f64::NAN).is_empty());
        assert!(one.within(p(50.0, -2.0), -1.0).is_empty());
        assert_eq!(one.within(p(-50.0, 178.0), 1e6).len(), 1);
    }

    #[test]
    fn ties_are_broken_by_index() {
        let x = p(52.0, -1.0);
        let index = PointIndex::new(&[p(51.0, 0.0), x, x, p(53.0, -1.0), x]);
        let near = index.nearest(x, 2);
        assert_eq!(near, vec![(1, 0.0), (2, 0.0)]);
        let all = index.within(x, 0.0);
        assert_eq!(all.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 2, 4]);
    }

    #[test]
    fn works_across_the_antimeridian() {
        let index = PointIndex::new(&[p(0.0, 179.9), p(0.0, 170.0)]);
        assert_eq!(index.nearest(p(0.0, -179.9), 1)[0].0, 0);
    }

    fn uk_point() -> impl Strategy<Value = LatLon> {
        (49.8f64..60.9, -8.7f64..1.8).prop_map(|(lat, lon)| p(lat, lon))
    }

    proptest! {
        #[test]
        fn nearest_and_within_match_brute_force(
            mut points in prop::collection::vec(uk_point(), 0..200),
            dups in prop::collection::vec(0usize..200, 0..20),
            q in uk_point(),
            k in 0usize..12,
            radius in 0.0f64..150.0,
        ) {
            // Duplicated points exercise the tie rule.
            for d in dups {
                if let Some(&x) = points.get(d) {
                    points.push(x);
                }
            }
            let index = PointIndex::new(&points);
            let truth = brute(&points, q);
            let near = index.nearest(q, k);
            prop_assert_eq!(&near, &truth[..k.min(truth.len())].to_vec());
            let inside: Vec<(usize, f64)> =
                truth.iter().copied().filter(|&(_, d)| d <= radius).collect();
            prop_assert_eq!(index.within(q, radius), inside);
        }
    }
}
