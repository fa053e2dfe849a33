//! The gazetteer seen from the generator: sector pools around a point or inside a local
//! authority, nearest sectors, and names resolved to points.

use std::collections::HashMap;

use super::sample::Pool;
use crate::domain::LatLon;
use crate::error::{Error, Result};
use crate::geo::{Gazetteer, PointIndex, Sector};

/// ONS code of Dorset Council (the unitary authority since April 2019).
pub const DORSET_LA: &str = "E06000059";
/// ONS code of Bournemouth, Christchurch and Poole Council.
pub const BCP_LA: &str = "E06000058";

/// Sectors with a spatial index and a local-authority lookup.
pub struct Geography<'g> {
    /// The gazetteer.
    pub gazetteer: &'g Gazetteer,
    index: PointIndex,
    by_la: HashMap<&'g str, Vec<usize>>,
}

/// True for a sector in England or Wales (where the placements of an English council are).
pub fn england_or_wales(s: &Sector) -> bool {
    s.country == "England" || s.country == "Wales"
}

impl<'g> Geography<'g> {
    /// Indexes the gazetteer's sectors.
    pub fn new(gazetteer: &'g Gazetteer) -> Geography<'g> {
        let sectors = gazetteer.sectors();
        let points: Vec<LatLon> = sectors.iter().map(|s| s.point).collect();
        let mut by_la: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in sectors.iter().enumerate() {
            by_la.entry(s.la_code.as_str()).or_default().push(i);
        }
        Geography {
            gazetteer,
            index: PointIndex::new(&points),
            by_la,
        }
    }

    /// Every sector.
    pub fn sectors(&self) -> &'g [Sector] {
        self.gazetteer.sectors()
    }

    /// Resolves a place name, postcode or sector to a point.
    ///
    /// # Errors
    /// [`Error::Usage`] naming the text and the resolver's suggestions.
    pub fn point_of(&self, text: &str) -> Result<LatLon> {
        self.gazetteer
            .resolve(text)
            .map(|r| r.point)
            .map_err(|e| Error::Usage(format!("generate: {e}")))
    }

    /// True if `text` resolves.
    pub fn resolves(&self, text: &str) -> bool {
        self.gazetteer.resolve(text).is_ok()
    }

    /// The nearest sector to `p` satisfying `keep`, searching outwards up to 200 sectors.
    pub fn nearest_sector(&self, p: LatLon, keep: impl Fn(&Sector) -> bool) -> Option<usize> {
        let sectors = self.sectors();
        self.index
            .nearest(p, 200)
            .into_iter()
            .map(|(i, _)| i)
            .find(|&i| sectors.get(i).is_some_and(&keep))
    }

    /// Sectors within `miles` of `p` satisfying `keep`, weighted by postcode units.
    pub fn pool_within(&self, p: LatLon, miles: f64, keep: impl Fn(&Sector) -> bool) -> Pool {
        let sectors = self.sectors();
        Pool::new(
            self.index
                .within(p, miles)
                .into_iter()
                .filter(|&(i, _)| sectors.get(i).is_some_and(&keep))
                .map(|(i, _)| (i, sectors[i].postcode_units)),
        )
    }

    /// Sector indices of a local authority.
    pub fn la_sectors(&self, la_code: &str) -> &[usize] {
        self.by_la.get(la_code).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Sectors of a local authority satisfying `keep`, weighted by postcode units.
    pub fn pool_la(&self, la_code: &str, keep: impl Fn(&Sector) -> bool) -> Pool {
        let sectors = self.sectors();
        Pool::new(
            self.la_sectors(la_code)
                .iter()
                .filter(|&&i| keep(&sectors[i]))
                .map(|&i| (i, sectors[i].postcode_units)),
        )
    }
}
