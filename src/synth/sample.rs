//! Weighted sampling and apportionment, the two primitives every profile is built from.
//!
//! - [`Pool`]: a set of postcode sectors with a cumulative weight table (weight = the sector's
//!   postcode units, a proxy for households), sampled by binary search in O(log n) per draw —
//!   the inverse-transform method (Devroye 1986, *Non-Uniform Random Variate Generation*, §III.2).
//! - [`apportion`]: splits a whole number of children over shares by the largest-remainder
//!   (Hamilton) method, so a profile's cluster sizes are exact and reproducible rather than drawn.

use rand::Rng;

/// Sectors (indices into the gazetteer's sector list) with cumulative weights.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    sectors: Vec<u32>,
    cumulative: Vec<u64>,
}

impl Pool {
    /// A pool from `(sector index, weight)` pairs; zero weights are kept at weight 1 so that a
    /// sector with no recorded units can still be drawn.
    pub fn new(items: impl IntoIterator<Item = (usize, u32)>) -> Pool {
        let mut sectors = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u64;
        for (idx, w) in items {
            total += u64::from(w.max(1));
            sectors.push(idx as u32);
            cumulative.push(total);
        }
        Pool {
            sectors,
            cumulative,
        }
    }

    /// Number of sectors.
    pub fn len(&self) -> usize {
        self.sectors.len()
    }

    /// True if the pool holds no sector.
    pub fn is_empty(&self) -> bool {
        self.sectors.is_empty()
    }

    /// The sector indices of the pool.
    pub fn sectors(&self) -> impl Iterator<Item = usize> + '_ {
        self.sectors.iter().map(|&s| s as usize)
    }

    /// Draws a sector index with probability proportional to its weight; `None` if empty.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> Option<usize> {
        let total = *self.cumulative.last()?;
        let x = rng.random_range(0..total);
        // First cumulative weight strictly above x.
        let pos = self.cumulative.partition_point(|&c| c <= x);
        self.sectors.get(pos).map(|&s| s as usize)
    }
}

/// Splits `total` into whole parts proportional to `weights` (largest-remainder method).
/// Ties go to the earlier weight, so the result is deterministic. All-zero weights give zeros.
pub fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().filter(|w| w.is_finite() && **w > 0.0).sum();
    if weights.is_empty() || sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights
        .iter()
        .map(|&w| {
            if w.is_finite() && w > 0.0 {
                total as f64 * w / sum
            } else {
                0.0
            }
        })
        .collect();
    let mut parts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let given: usize = parts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take(total.saturating_sub(given)) {
        parts[i] += 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64;

    #[test]
    fn apportion_sums_and_follows_weights() {
        let parts = apportion(455, &[59.0, 15.0, 26.0]);
        assert_eq!(parts.iter().sum::<usize>(), 455);
        // 268.45, 68.25, 118.3: the spare child goes to the largest remainder.
        assert_eq!(parts, vec![269, 68, 118]);
        assert_eq!(apportion(3, &[1.0, 1.0, 1.0, 1.0]), vec![1, 1, 1, 0]);
        assert_eq!(apportion(5, &[0.0, 0.0]), vec![0, 0]);
        assert_eq!(apportion(5, &[]), Vec::<usize>::new());
    }

    #[test]
    fn pool_samples_in_proportion_to_weight() {
        let pool = Pool::new([(7, 1), (9, 3)]);
        let mut rng = Pcg64::seed_from_u64(1);
        let mut nine = 0;
        for _ in 0..4000 {
            match pool.sample(&mut rng) {
                Some(9) => nine += 1,
                Some(7) => {}
                other => panic!("unexpected draw {other:?}"),
            }
        }
        // Expected 3000; 5 standard deviations ≈ 137.
        assert!((2860..=3140).contains(&nine), "{nine}");
        assert!(Pool::default().sample(&mut rng).is_none());
    }
}
