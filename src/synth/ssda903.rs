//! A council's children written as the DfE SSDA903 return, so the importer can be tested on a
//! council whose truth is known (`generate` → SSDA903 → `import ssda903` → the same children).
//!
//! For each child of the truth (a [`Caseload`] as loaded), the export writes:
//! - its current period of care as one to three **episodes** (placement or legal-status
//!   changes, each ending the day the next begins); the last is open (or, for one child in ten,
//!   ends after the snapshot — still looked after on it); its `PL_POST` is the child's postcode
//!   sector (the nearest sector for a placement given as a place name); its `PLACE_PROVIDER`
//!   follows the placement type (`internal` → PR1, `external` → PR2–PR5, `with_parents` →
//!   PR0);
//! - for about one child in seven, an **earlier period** ending before the current one began
//!   (a gap), with reviews of its own that must not be counted;
//! - its `reviews_held` **reviews**, the last on `last_review`, the others spread over the
//!   period; for one child in ten, a review after the snapshot (not yet held on it).
//!
//! Besides, children who are not looked after on the snapshot: some who **left before** it
//! (one of them on the snapshot day itself: an episode ceases on `DEC`) and some who **start
//! after** it. Dates are `dd/mm/yyyy`, as the DfE specifies. The export is a pure function of
//! the caseload, the snapshot and the seed (`Pcg64`).

use std::path::Path;

use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::domain::{Caseload, Child, PlacementType};
use crate::error::{Error, Result};
use crate::geo::{Gazetteer, Precision};
use crate::io::outputs::csv_bytes;

/// What was written besides the children of the truth.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Children of the truth (looked after on the snapshot).
    pub children: usize,
    /// Of which with more than one episode in the current period.
    pub multi_episode: usize,
    /// Of which with an earlier period of care before a gap.
    pub earlier_period: usize,
    /// Children who left care before (or on) the snapshot.
    pub left_before: usize,
    /// Children whose care begins after the snapshot.
    pub start_after: usize,
}

/// The four files' bytes: `header.csv`, `episodes.csv`, `reviews.csv`, `current_iro.csv`.
#[derive(Debug, Clone)]
pub struct Export {
    /// `header.csv`.
    pub header: Vec<u8>,
    /// `episodes.csv`.
    pub episodes: Vec<u8>,
    /// `reviews.csv`.
    pub reviews: Vec<u8>,
    /// `current_iro.csv` (`child_id,iro_id`, for `--current-iro`).
    pub current_iro: Vec<u8>,
    /// Counts.
    pub summary: ExportSummary,
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn plus(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

fn minus(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(days)).unwrap_or(d)
}

/// The child's placement as a postcode sector: its own if given as a postcode, else the
/// sector nearest its point.
fn sector_of(g: &Gazetteer, child: &Child) -> String {
    match g.resolve(&child.placement_label) {
        Ok(r) if r.precision == Precision::Sector => r.label,
        _ => g
            .nearest_sector(child.location)
            .map_or_else(String::new, |(s, _)| s.code.clone()),
    }
}

/// Episode columns in the order of the specification.
const EPISODE_COLUMNS: [&str; 13] = [
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
];

struct Writer<'a> {
    rng: Pcg64,
    sectors: &'a [crate::geo::Sector],
    header: Vec<Vec<String>>,
    episodes: Vec<Vec<String>>,
    reviews: Vec<Vec<String>>,
}

/// One episode to write.
struct Ep<'a> {
    child: &'a str,
    decom: NaiveDate,
    dec: Option<NaiveDate>,
    rne: &'a str,
    provider: &'a str,
    place: &'a str,
    pl_post: String,
}

impl Writer<'_> {
    fn random_sector(&mut self) -> String {
        let i = self.rng.random_range(0..self.sectors.len());
        self.sectors[i].code.clone()
    }

    fn episode(&mut self, e: Ep<'_>) {
        let ls = ["C2", "V2", "E1"][self.rng.random_range(0..3)];
        let cin = format!("N{}", self.rng.random_range(1..=8));
        let home = self.random_sector();
        self.episodes.push(vec![
            e.child.to_string(),
            dmy(e.decom),
            e.rne.to_string(),
            ls.to_string(),
            cin,
            e.place.to_string(),
            e.provider.to_string(),
            e.dec.map(dmy).unwrap_or_default(),
            if e.dec.is_some() { "E4A" } else { "" }.to_string(),
            String::new(),
            home,
            e.pl_post,
            String::new(),
        ]);
    }

    fn review(&mut self, child: &str, date: NaiveDate, dob: NaiveDate) {
        let code = format!("PN{}", self.rng.random_range(1..=7));
        self.reviews
            .push(vec![child.to_string(), dmy(dob), dmy(date), code]);
    }

    fn header_row(&mut self, child: &str, dob: NaiveDate) {
        let sex = self.rng.random_range(1..=2).to_string();
        self.header.push(vec![
            child.to_string(),
            sex,
            dmy(dob),
            "WBRI".into(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }

    /// A date of birth up to 17 years before `since`.
    fn dob(&mut self, since: NaiveDate) -> NaiveDate {
        minus(since, self.rng.random_range(0..17 * 365))
    }

    /// A child not looked after on the snapshot: one closed episode and a review.
    fn other_child(&mut self, id: &str, decom: NaiveDate, dec: Option<NaiveDate>) {
        let dob = self.dob(decom);
        self.header_row(id, dob);
        let pl_post = self.random_sector();
        self.episode(Ep {
            child: id,
            decom,
            dec,
            rne: "S",
            provider: "PR1",
            place: "U1",
            pl_post,
        });
        if let Some(end) = dec
            && (end - decom).num_days() > 30
        {
            self.review(id, plus(decom, 25), dob);
        }
    }
}

fn provider_for<R: Rng>(rng: &mut R, t: Option<PlacementType>) -> (&'static str, &'static str) {
    match t {
        Some(PlacementType::Internal) => ("PR1", "U1"),
        Some(PlacementType::External) => {
            (["PR2", "PR3", "PR4", "PR5"][rng.random_range(0..4)], "U4")
        }
        Some(PlacementType::WithParents) => ("PR0", "P1"),
        None => ("", "U1"),
    }
}

/// The children of `truth` (known children only) as an SSDA903 return on `snapshot`.
///
/// # Errors
/// If a CSV row cannot be written.
pub fn export(truth: &Caseload, snapshot: NaiveDate, seed: u64) -> Result<Export> {
    let g = Gazetteer::bundled();
    let mut w = Writer {
        rng: Pcg64::seed_from_u64(seed ^ 0x5D_A903),
        sectors: g.sectors(),
        header: Vec::new(),
        episodes: Vec::new(),
        reviews: Vec::new(),
    };
    let mut summary = ExportSummary::default();
    let mut current = Vec::new();
    for child in truth.children.iter().filter(|c| !c.projected) {
        let id = child.external_id.as_str();
        let since = child.looked_after_since;
        let dob = w.dob(since);
        w.header_row(id, dob);
        summary.children += 1;
        if let Some(iro) = child.current_iro {
            current.push(vec![id.to_string(), truth.iro(iro).external_id.clone()]);
        }
        // An earlier period of care, ending at least two days before this one began.
        if w.rng.random_bool(0.15) {
            let end = minus(since, w.rng.random_range(2..=120));
            let start = minus(end, w.rng.random_range(60..=900));
            let pl_post = w.random_sector();
            w.episode(Ep {
                child: id,
                decom: start,
                dec: Some(end),
                rne: "S",
                provider: "PR1",
                place: "U1",
                pl_post,
            });
            w.review(id, plus(start, 28), dob);
            summary.earlier_period += 1;
        }
        // The current period: one to three episodes, each ending the day the next begins.
        let span = (snapshot - since).num_days().max(0) as u64;
        let extra = if span > 60 {
            w.rng.random_range(0..=2usize)
        } else {
            0
        };
        let mut starts = vec![since];
        for _ in 0..extra {
            starts.push(plus(since, w.rng.random_range(1..span)));
        }
        starts.sort();
        starts.dedup();
        summary.multi_episode += usize::from(starts.len() > 1);
        let (last_provider, last_place) = provider_for(&mut w.rng, child.placement_type);
        for (k, &start) in starts.iter().enumerate() {
            let last = k + 1 == starts.len();
            let dec = if last {
                w.rng
                    .random_bool(0.1)
                    .then(|| plus(snapshot, w.rng.random_range(1..=60)))
            } else {
                Some(starts[k + 1])
            };
            let (provider, place, pl_post) = if last {
                (last_provider, last_place, sector_of(g, child))
            } else {
                ("PR4", "U4", w.random_sector())
            };
            let rne = if k == 0 {
                "S"
            } else {
                ["P", "L", "T"][w.rng.random_range(0..3)]
            };
            w.episode(Ep {
                child: id,
                decom: start,
                dec,
                rne,
                provider,
                place,
                pl_post,
            });
        }
        // Reviews held: the last on last_review, the others spread over the period.
        if let Some(last) = child.last_review {
            let n = child.reviews_held.max(1);
            let gap = (last - since).num_days().max(0);
            for j in 1..n {
                let d = plus(since, (gap * i64::from(j) / i64::from(n)) as u64);
                w.review(id, d, dob);
            }
            w.review(id, last, dob);
        }
        if w.rng.random_bool(0.1) {
            let after = plus(snapshot, w.rng.random_range(5..=60));
            w.review(id, after, dob);
        }
    }
    // Children not looked after on the snapshot.
    let others = (summary.children / 20).max(2);
    for k in 0..others {
        let id = format!("X-LEFT{k:04}");
        let end = if k == 0 {
            snapshot // ceased on the snapshot day: no longer looked after on it
        } else {
            minus(snapshot, w.rng.random_range(1..=300))
        };
        let start = minus(end, w.rng.random_range(40..=1200));
        w.other_child(&id, start, Some(end));
        summary.left_before += 1;
    }
    for k in 0..(summary.children / 50).max(1) {
        let id = format!("X-NEW{k:04}");
        let start = plus(snapshot, w.rng.random_range(1..=60));
        w.other_child(&id, start, None);
        summary.start_after += 1;
    }
    let rows = |r: &Vec<Vec<String>>| r.clone().into_iter();
    Ok(Export {
        header: csv_bytes(
            &["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
            rows(&w.header),
        )?,
        episodes: csv_bytes(&EPISODE_COLUMNS, rows(&w.episodes))?,
        reviews: csv_bytes(&["CHILD", "DOB", "REVIEW", "REVIEW_CODE"], rows(&w.reviews))?,
        current_iro: csv_bytes(&["child_id", "iro_id"], current.into_iter())?,
        summary,
    })
}

/// Writes [`export`]'s files into `dir`.
///
/// # Errors
/// If the folder or a file cannot be written.
pub fn export_dir(
    truth: &Caseload,
    snapshot: NaiveDate,
    seed: u64,
    dir: &Path,
) -> Result<ExportSummary> {
    let e = export(truth, snapshot, seed)?;
    std::fs::create_dir_all(dir).map_err(|err| Error::io(dir, err))?;
    for (name, bytes) in [
        ("header.csv", &e.header),
        ("episodes.csv", &e.episodes),
        ("reviews.csv", &e.reviews),
        ("current_iro.csv", &e.current_iro),
    ] {
        let p = dir.join(name);
        std::fs::write(&p, bytes).map_err(|err| Error::io(&p, err))?;
    }
    Ok(e.summary)
}
