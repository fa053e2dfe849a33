//! Places people can use: a review or a trip stop named as the input gave it (a postcode,
//! sector or place name) with its town from the gazetteer (of at least
//! [`crate::geo::TOWN_POPULATION`] people: the largest within three miles, else the nearest), and a hotel as "hotel near Wrexham"
//! rather than a pair of coordinates. Used by `reviews.csv`, `trip_stops.csv`, `rota.csv`,
//! the calendars and the rota on the terminal.

use crate::domain::{Caseload, LatLon};
use crate::geo::Gazetteer;
use crate::schedule::{Mode, PlannedReview, Stop, StopKind, Trip};

/// Where something happens, for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// As given in the inputs (`DT1 1`, `Birmingham`), or what the stop is (`hotel near
    /// Wrexham`, `lunch near Stafford`, `virtual (video)`).
    pub label: String,
    /// The nearest town (empty where there is no place, as for a virtual review).
    pub town: String,
}

impl Place {
    /// One line: `DT1 1, Dorchester`; the town is left out when the label already names it.
    pub fn line(&self) -> String {
        if self.town.is_empty()
            || self
                .label
                .to_lowercase()
                .contains(&self.town.to_lowercase())
        {
            self.label.clone()
        } else {
            format!("{}, {}", self.label, self.town)
        }
    }
}

/// Miles within which the largest town names a place ("Birmingham" for Hockley).
const TOWN_MILES: f64 = 3.0;

/// The town of `p`: the largest within [`TOWN_MILES`], else the nearest (empty if the
/// gazetteer has none).
pub fn town(p: LatLon) -> String {
    Gazetteer::bundled()
        .principal_town(p, TOWN_MILES)
        .map_or_else(String::new, |t| t.name.clone())
}

/// A placement or base as given, a postcode in its usual capitals and spacing (`dt1 2` is shown
/// `DT1 2`, so a lower-case export names places as the council's own files do).
fn as_given(label: &str) -> String {
    crate::geo::postcode_written(label).unwrap_or_else(|| label.trim().to_string())
}

/// Where a review is held: the child's placement as given, or a video call.
pub fn review_place(caseload: &Caseload, r: &PlannedReview) -> Place {
    let child = caseload.child(r.child);
    match r.mode {
        Mode::Virtual => Place {
            label: "virtual (video)".into(),
            town: String::new(),
        },
        Mode::InPerson => Place {
            label: as_given(&child.placement_label),
            town: town(child.location),
        },
    }
}

/// Where a trip stop is: the IRO's base or the child's placement as given, or a hotel or
/// lunch stop near a town.
pub fn stop_place(caseload: &Caseload, trip: &Trip, s: &Stop) -> Place {
    let here = town(s.point);
    let label = match s.kind {
        StopKind::Base => as_given(&caseload.iro(trip.iro).base_label),
        StopKind::Review => s.child.map_or_else(String::new, |c| {
            as_given(&caseload.child(c).placement_label)
        }),
        StopKind::Hotel => format!("hotel near {here}"),
        StopKind::Lunch => format!("lunch near {here}"),
    };
    Place { label, town: here }
}
