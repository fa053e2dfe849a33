//! Which part of the British Isles a placement is in, and whether it is reached across the sea.
//!
//! English children's services place children across the UK and its islands. Two facts
//! matter to an IRO service: a placement **outside England and Wales** is under another
//! jurisdiction (Scotland, Northern Ireland, the Crown Dependencies), and a placement **across
//! the sea** (Northern Ireland, the Isle of Man, the Channel Islands, the Isles of Scilly, the
//! Isle of Wight, Scottish islands) is reached by ferry or flight, not by road.
//!
//! # Rules
//! 1. A placement written as a postcode (full, sector or district) is classified by its
//!    postcode area and district (Royal Mail postcode areas: `BT` Northern Ireland, `IM` Isle
//!    of Man, `JE`/`GY` Channel Islands, `ZE` Shetland, `HS` Western Isles, `KW15`–`KW17`
//!    Orkney, `TR21`–`TR25` Isles of Scilly, `PO30`–`PO41` Isle of Wight, `KA27`–`KA28` Arran
//!    and Cumbrae, `PA20` Bute, `PA41`–`PA49` and `PA60`–`PA78` Islay, Jura, Colonsay, Mull,
//!    Iona, Tiree and Coll, `PH42`–`PH44` the Small Isles). Skye (`IV41`–`IV56`) and Anglesey
//!    are bridged: mainland.
//! 2. Otherwise (a place name, coordinates): a point in Northern Ireland, the Isle of Man or
//!    the Channel Islands is recognised by its position (boxes that leave out Kintyre and the
//!    Galloway coast); any other point takes the postcode district of the nearest postcode
//!    sector centroid, then rule 1, then that sector's country.

use serde::Serialize;

use crate::domain::LatLon;

use super::gazetteer::Gazetteer;
use super::postcode::{self, PostcodeText};

/// A part of the British Isles, as it matters to reaching and reviewing a placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// England's mainland (and islands joined by road).
    England,
    /// Wales (Anglesey is bridged).
    Wales,
    /// Scotland's mainland (Skye is bridged).
    Scotland,
    /// Northern Ireland.
    NorthernIreland,
    /// The Isle of Man (a Crown Dependency).
    IsleOfMan,
    /// Jersey and Guernsey (Crown Dependencies).
    ChannelIslands,
    /// The Isles of Scilly (England).
    IslesOfScilly,
    /// The Isle of Wight (England).
    IsleOfWight,
    /// Shetland, Orkney, the Western Isles and the Inner Hebrides without a bridge.
    ScottishIslands,
}

impl Region {
    /// In England or Wales (the jurisdiction of an English council's care plan).
    pub fn in_england_wales(self) -> bool {
        matches!(
            self,
            Region::England | Region::Wales | Region::IslesOfScilly | Region::IsleOfWight
        )
    }

    /// Reached from Great Britain's mainland by ferry or flight.
    pub fn across_sea(self) -> bool {
        !matches!(self, Region::England | Region::Wales | Region::Scotland)
    }

    /// Name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Region::England => "England",
            Region::Wales => "Wales",
            Region::Scotland => "Scotland",
            Region::NorthernIreland => "Northern Ireland",
            Region::IsleOfMan => "Isle of Man",
            Region::ChannelIslands => "Channel Islands",
            Region::IslesOfScilly => "Isles of Scilly",
            Region::IsleOfWight => "Isle of Wight",
            Region::ScottishIslands => "Scottish islands",
        }
    }
}

/// Postcode districts across the sea: (area, first district number, last), rule 1.
const ISLAND_DISTRICTS: &[(&str, u32, u32, Region)] = &[
    ("KW", 15, 17, Region::ScottishIslands),
    ("TR", 21, 25, Region::IslesOfScilly),
    ("PO", 30, 41, Region::IsleOfWight),
    ("KA", 27, 28, Region::ScottishIslands),
    ("PA", 20, 20, Region::ScottishIslands),
    ("PA", 41, 49, Region::ScottishIslands),
    ("PA", 60, 78, Region::ScottishIslands),
    ("PH", 42, 44, Region::ScottishIslands),
];

/// The region of an outward code by rule 1, `None` where the country decides.
fn region_of_outward(outward: &str) -> Option<Region> {
    let area: String = outward
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let number: Option<u32> = outward[area.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok();
    match area.as_str() {
        "BT" => return Some(Region::NorthernIreland),
        "IM" => return Some(Region::IsleOfMan),
        "JE" | "GY" => return Some(Region::ChannelIslands),
        "ZE" | "HS" => return Some(Region::ScottishIslands),
        _ => {}
    }
    let n = number?;
    ISLAND_DISTRICTS
        .iter()
        .find(|(a, lo, hi, _)| *a == area && (*lo..=*hi).contains(&n))
        .map(|t| t.3)
}

/// The region by position alone, where position settles it (rule 2).
fn region_by_position(p: LatLon) -> Option<Region> {
    let (lat, lon) = (p.lat(), p.lon());
    // Northern Ireland west of the North Channel; north of 55.25° only west of Kintyre.
    let ni = (54.0..=55.35).contains(&lat)
        && (-8.2..=-5.35).contains(&lon)
        && (lat < 55.25 || lon < -5.9);
    if ni {
        return Some(Region::NorthernIreland);
    }
    if (54.03..=54.42).contains(&lat) && (-4.85..=-4.3).contains(&lon) {
        return Some(Region::IsleOfMan);
    }
    if (49.1..49.8).contains(&lat) && (-2.8..=-1.9).contains(&lon) {
        return Some(Region::ChannelIslands);
    }
    None
}

fn country(name: &str) -> Region {
    match name {
        "Wales" => Region::Wales,
        "Scotland" => Region::Scotland,
        _ => Region::England,
    }
}

impl Gazetteer {
    /// The region of a placement at `point`, written as `label` (the text the user gave). The
    /// rules are in the module documentation.
    ///
    /// # Example
    /// ```
    /// use iro_planner::geo::{Gazetteer, Region};
    /// let g = Gazetteer::bundled();
    /// let belfast = g.resolve("BT1 1AA").unwrap().point;
    /// assert_eq!(g.region(belfast, "BT1 1AA"), Region::NorthernIreland);
    /// let newport = g.resolve("PO30 1").unwrap().point;
    /// assert_eq!(g.region(newport, "PO30 1"), Region::IsleOfWight);
    /// let dorchester = g.resolve("DT1 1XJ").unwrap().point;
    /// assert_eq!(g.region(dorchester, "Dorchester"), Region::England);
    /// ```
    pub fn region(&self, point: LatLon, label: &str) -> Region {
        let outward = match postcode::parse(label) {
            Some(PostcodeText::Full { outward, .. } | PostcodeText::Sector { outward, .. }) => {
                Some(outward)
            }
            Some(PostcodeText::Outward { code, .. }) => Some(code),
            _ => None,
        };
        if let Some(r) = outward.as_deref().and_then(region_of_outward) {
            return r;
        }
        if outward.is_none()
            && let Some(r) = region_by_position(point)
        {
            return r;
        }
        match self.nearest_sector(point) {
            Some((s, _)) => {
                let outward = s.code.split(' ').next().unwrap_or("");
                region_of_outward(outward).unwrap_or_else(|| country(&s.country))
            }
            None => Region::England,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(text: &str) -> Region {
        let g = Gazetteer::bundled();
        let p = g
            .resolve(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .point;
        g.region(p, text)
    }

    #[test]
    fn postcodes_by_area_and_district() {
        assert_eq!(region("BT1"), Region::NorthernIreland);
        assert_eq!(region("IM1"), Region::IsleOfMan);
        assert_eq!(region("ZE1 0"), Region::ScottishIslands);
        assert_eq!(region("KW15"), Region::ScottishIslands);
        assert_eq!(region("KW1"), Region::Scotland);
        assert_eq!(region("TR21"), Region::IslesOfScilly);
        assert_eq!(region("TR1"), Region::England);
        assert_eq!(region("PO30"), Region::IsleOfWight);
        assert_eq!(region("PO1"), Region::England);
        assert_eq!(region("IV51"), Region::Scotland, "Skye is bridged");
        assert_eq!(region("LL65"), Region::Wales, "Anglesey is bridged");
        assert_eq!(region("G1 1"), Region::Scotland);
    }

    #[test]
    fn place_names_by_position() {
        assert_eq!(region("Belfast"), Region::NorthernIreland);
        let g = Gazetteer::bundled();
        let douglas = LatLon::new(54.15, -4.48).expect("point");
        assert_eq!(g.region(douglas, "54.15,-4.48"), Region::IsleOfMan);
        assert_eq!(region("Stornoway"), Region::ScottishIslands);
        assert_eq!(
            region("Campbeltown"),
            Region::Scotland,
            "Kintyre is not Ulster"
        );
        assert_eq!(region("Stranraer"), Region::Scotland);
        assert_eq!(region("Birmingham"), Region::England);
        assert_eq!(region("Cardiff"), Region::Wales);
    }

    #[test]
    fn jurisdiction_and_sea() {
        assert!(Region::IsleOfWight.in_england_wales() && Region::IsleOfWight.across_sea());
        assert!(!Region::Scotland.in_england_wales() && !Region::Scotland.across_sea());
        assert!(!Region::NorthernIreland.in_england_wales());
    }
}
