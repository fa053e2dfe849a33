//! Offline geography: postcode and place resolution, distances, the travel model, a spatial index.
//!
//! Everything here works without a network: the reference data (`data/geo`) is compiled into the
//! binary and parsed once, in a few milliseconds, on first use.
//!
//! | file | what | algorithm |
//! |---|---|---|
//! | [`gazetteer`](Gazetteer) | postcode sectors, districts and places; [`Gazetteer::resolve`] | hash look-ups; Jaro-Winkler / Levenshtein suggestions |
//! | `postcode` | postcode syntax (full postcode, sector, outward code) | BS 7666 outward/inward code patterns |
//! | `names` | place-name and county normalisation, aliases, ceremonial counties | table look-ups |
//! | [`distance`](haversine_miles) | great-circle miles | haversine on the GRS80 mean-radius sphere (`geo` crate) |
//! | [`travel`](TravelModel) | road miles and hours of a journey | great-circle × road factor; fixed + miles / mph; matrix override |
//! | [`matrix`](TravelMatrix) | a user's travel matrix CSV | points keyed at 1e-4° |
//! | [`index`](PointIndex) | nearest and within-radius queries | R*-tree (`rstar`) over 3-D unit vectors |
//! | [`regions`](Region) | England, Wales, Scotland, Northern Ireland, islands: jurisdiction and sea crossings | postcode areas and districts; position boxes; nearest sector |
//!
//! # Units
//! Degrees (WGS84) for points, statute miles for distances, hours for durations.
//!
//! # Data
//! Contains Ordnance Survey data © Crown copyright and database right 2025.
//! Contains Royal Mail data © Royal Mail copyright and database right 2025.
//! Contains National Statistics data © Crown copyright and database right 2025.
//! Place and postal data from GeoNames (www.geonames.org), CC BY 4.0.

mod distance;
mod gazetteer;
mod index;
mod matrix;
mod names;
mod postcode;
mod regions;
mod travel;

pub use distance::{EARTH_RADIUS_MILES, haversine_miles};
pub use gazetteer::{Gazetteer, Place, Precision, ResolveError, Resolved, Sector, TOWN_POPULATION};
pub use index::PointIndex;
pub use matrix::{TravelMatrix, with_crossings};
pub use regions::Region;
pub use travel::{Leg, TravelModel};

/// A postcode, sector or district written the usual way (`dt11xj` → `DT1 1XJ`); `None` for a
/// place name.
pub(crate) use postcode::written as postcode_written;
