//! Writing a generated data set: `children.csv` and `iros.csv` streamed row by row (columns
//! per DESIGN.md §3, plus `council` for multi-council sets), `config.toml` with sourced
//! defaults, and a `README.md` stating how the set was made.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::build::{ChildRow, IroRow};
use super::{Options, Profile, Summary};
use crate::config::Config;
use crate::domain::{PlacementType, ReviewMode};
use crate::error::{Error, Result};

/// Streaming writer of the two CSV files.
pub struct Writer {
    children: csv::Writer<BufWriter<File>>,
    iros: csv::Writer<BufWriter<File>>,
    children_path: PathBuf,
    iros_path: PathBuf,
    with_council: bool,
    /// Running figures.
    pub summary: Summary,
}

fn csv_err(path: &Path, e: csv::Error) -> Error {
    Error::io(path, std::io::Error::other(e))
}

impl Writer {
    /// Creates `dir` (if need be), `children.csv` and `iros.csv` in it and writes their
    /// headers. Called once everything that may fail on the options has been checked, so a
    /// bad option leaves nothing on disk.
    ///
    /// # Errors
    /// [`Error::Io`] if a file cannot be created.
    pub fn create(dir: &Path, with_council: bool) -> Result<Writer> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let children_path = dir.join("children.csv");
        let iros_path = dir.join("iros.csv");
        let open = |p: &Path| -> Result<csv::Writer<BufWriter<File>>> {
            let f = File::create(p).map_err(|e| Error::io(p, e))?;
            Ok(csv::Writer::from_writer(BufWriter::with_capacity(
                1 << 16,
                f,
            )))
        };
        let mut w = Writer {
            children: open(&children_path)?,
            iros: open(&iros_path)?,
            children_path,
            iros_path,
            with_council,
            summary: Summary::default(),
        };
        let mut ch = vec![
            "child_id",
            "placement",
            "looked_after_since",
            "last_review",
            "reviews_held",
            "current_iro",
            "sibling_group",
            "extra_time",
            "placement_type",
            "review_mode",
        ];
        let mut ir = vec![
            "iro_id",
            "base",
            "hours_per_week",
            "working_days",
            "overnight",
            "vacant",
        ];
        if with_council {
            ch.insert(0, "council");
            ir.insert(0, "council");
        }
        w.children
            .write_record(&ch)
            .map_err(|e| csv_err(&w.children_path, e))?;
        w.iros
            .write_record(&ir)
            .map_err(|e| csv_err(&w.iros_path, e))?;
        Ok(w)
    }

    /// Writes one council's rows and adds them to the running summary.
    ///
    /// # Errors
    /// [`Error::Io`] on a write failure.
    pub fn council(
        &mut self,
        council: Option<&str>,
        children: &[ChildRow],
        iros: &[IroRow],
        fte_hours: f64,
    ) -> Result<()> {
        let council = council.unwrap_or("");
        let s = &mut self.summary;
        s.councils += 1;
        for c in children {
            let h = &c.history;
            let since = h.looked_after_since.to_string();
            let last = h.last_review.map(|d| d.to_string()).unwrap_or_default();
            let held = h.reviews_held.to_string();
            let mut rec: Vec<&str> = Vec::with_capacity(11);
            if self.with_council {
                rec.push(council);
            }
            rec.extend_from_slice(&[
                &c.child_id,
                &c.placement,
                &since,
                &last,
                &held,
                &c.current_iro,
                c.sibling_group.as_deref().unwrap_or(""),
                if c.extra_time { "true" } else { "false" },
                c.placement_type.as_str(),
                match c.review_mode {
                    ReviewMode::InPerson => "in_person",
                    ReviewMode::VirtualAllowed => "virtual_allowed",
                },
            ]);
            self.children
                .write_record(&rec)
                .map_err(|e| csv_err(&self.children_path, e))?;
            s.children += 1;
            s.in_sibling_groups += usize::from(c.sibling_group.is_some());
            s.extra_time += usize::from(c.extra_time);
            s.external += usize::from(c.placement_type == PlacementType::External);
            s.virtual_allowed += usize::from(c.review_mode == ReviewMode::VirtualAllowed);
            s.no_review_yet += usize::from(h.reviews_held == 0);
        }
        for i in iros {
            let hours = format_hours(i.hours_per_week);
            let days = i.working_days.to_string();
            let mut rec: Vec<&str> = Vec::with_capacity(7);
            if self.with_council {
                rec.push(council);
            }
            rec.extend_from_slice(&[
                &i.iro_id,
                &i.base,
                &hours,
                &days,
                if i.overnight { "true" } else { "false" },
                if i.vacant { "true" } else { "false" },
            ]);
            self.iros
                .write_record(&rec)
                .map_err(|e| csv_err(&self.iros_path, e))?;
            s.iro_posts += 1;
            if !i.vacant {
                s.filled_fte += i.hours_per_week / fte_hours;
            }
        }
        Ok(())
    }

    /// Flushes both files and returns the summary.
    ///
    /// # Errors
    /// [`Error::Io`] on a write failure.
    pub fn finish(mut self) -> Result<Summary> {
        self.children
            .flush()
            .map_err(|e| Error::io(&self.children_path, e))?;
        self.iros
            .flush()
            .map_err(|e| Error::io(&self.iros_path, e))?;
        Ok(self.summary)
    }
}

fn format_hours(h: f64) -> String {
    if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h}")
    }
}

/// `config.toml`: the defaults of [`Config::default`] with their sources, horizon set.
pub fn config_toml(config: &Config, start: NaiveDate, months: u32, options: &Options) -> String {
    config_text(
        config,
        &format!(
            "# iro-planner configuration for a synthetic data set (profile {}, seed {}).\n\
             # Every value is the project default (src/config.rs); change any of them here.",
            options.profile.name(),
            options.seed
        ),
        &format!(
            "the day after the data set's snapshot date {}",
            options.as_of
        ),
        start,
        months,
    )
}

/// A whole `config.toml`: `heading` (comment lines), then every section of `config` with the
/// source of each value in a comment; `horizon_note` says where the start date comes from.
pub fn config_text(
    config: &Config,
    heading: &str,
    horizon_note: &str,
    start: NaiveDate,
    months: u32,
) -> String {
    let c = config;
    let date_format = match c.input.date_format {
        crate::config::DateFormat::Auto => "auto",
        crate::config::DateFormat::Iso => "iso",
        crate::config::DateFormat::Uk => "uk",
        crate::config::DateFormat::Us => "us",
    };
    format!(
        r#"{heading}

[horizon]
# First day planned ({horizon_note}) and length in months.
start = "{start}"
months = {months}

[caseload]
# Hours a week of one full-time IRO (Dorset: 37).
fte_hours = {fte_hours:?}
# Children per full-time IRO, pro rata for part-time (IRO Handbook 2010: 50-70).
band_min_per_fte = {bmin:?}
band_max_per_fte = {bmax:?}
# Target used for "required FTE" (mid-band).
target_per_fte = {target:?}

[review]
# Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33:
# first review within 20 working days of becoming looked after, the second within 3 months
# of the first, then at intervals of not more than 6 months.
first_within_working_days = {first}
second_within_months = {second}
subsequent_within_months = {subsequent}
# A review may be held this many working days before it is due (local practice: two working
# weeks keeps a chain from shortening and adding reviews); each day early is priced (£ a day)
# so that ties go to the due date; the first review not sooner than this after entry.
early_working_days = {early}
# Narrow and wide early window for the ranges of `compare` and `bases` (one to three weeks).
early_working_days_range = [{early_lo}, {early_hi}]
early_cost_per_day = {early_cost:?}
first_not_before_working_days = {first_floor}
# A review in a far area may be held up to this many working days early to join its round.
area_early_working_days = {area_early}
# Length of a review meeting, and extra time for a child who needs it (e.g. disability), hours.
length_hours = {length:?}
extra_time_hours = {extra:?}
# Most reviews one IRO chairs in a day.
max_per_day = {max_per_day}

[day]
# Office hours for reviews, earliest departure / latest return, longest day incl. travel (h).
start = "{d_start}"
end = "{d_end}"
earliest_departure = "{d_dep}"
latest_return = "{d_ret}"
max_hours = {d_max:?}
# Lunch break (minutes) inside its window on any day with work (Working Time Regulations 1998
# reg. 12; Dorset practice 30 minutes); most driving in a day (council driving-at-work policy);
# a break of 15 minutes after each 2 hours of continuous driving (Highway Code rule 91).
lunch_minutes = {lunch}
lunch_window = "{lunch_window}"
max_drive_hours = {max_drive:?}
drive_break_after_hours = {break_after:?}
drive_break_minutes = {break_minutes}

[workload]
# Preparation, consulting the child and recording per review (hours), and the share of
# contracted hours available for reviews, their travel and admin (the rest: other duties).
# Each IRO-week: meetings + admin + driving <= hours x share, pro rata with leave. A review's
# admin may be done in its week or the next admin_carry_weeks (the record of a review is due
# within 20 working days, IRO Handbook 2010): back from a round away, an IRO writes it up after.
admin_hours_per_review = {admin:?}
share_of_hours = {share:?}
admin_carry_weeks = {carry}

[areas]
# Placements at least overnight.remote_drive_hours from every base are far; far placements
# within this many miles of each other form one area, visited in rounds by one IRO (a
# region's width: the North Wales coast to Wrexham is about 35 miles).
radius_miles = {radius:?}
# true: the allocation charges one IRO holding two far areas of the service less, for the trips
# visiting both (Birmingham, then North Wales); off by default (it can pair the wrong areas).
two_area_trips = {two_area}

[absence]
# Who chairs a review its IRO cannot hold (absent, or the week full): colleague | agency | none.
cover = "{cover}"
# Sessional IRO rates of about £35-£45 an hour x 7 hours.
agency_cost_per_review = {agency:?}

[travel]
# Road miles = great-circle miles x road factor (typical UK circuity 1.2-1.3).
road_factor = {road:?}
# Low and high road factor for the ranges of `compare` and `bases` (motorway 1.15, rural 1.30).
road_factor_range = [{road_lo:?}, {road_hi:?}]
# Hours = fixed time per journey (parking, walking in) + miles / average speed.
fixed_hours = {fixed:?}
mph = {mph:?}
# Speed either way for the ranges, as a share (0.15 = +-15 %: a quiet day against a busy one).
mph_spread = {mph_spread:?}
# matrix = "matrix.csv"   # optional user travel matrix overriding the model

[overnight]
allowed = {o_allowed}
# Longest one-way drive in a day trip; placements this far or farther may be visited on trips
# with an overnight stay when cheaper; most nights in one trip.
max_one_way_drive_hours = {o_max:?}
remote_drive_hours = {o_remote:?}
max_nights = {o_nights}
# No night away within this many hours' drive of the IRO's base: nearer, the IRO goes home.
min_hotel_drive_hours = {o_hotel:?}

[costs]
# HMRC approved mileage allowance, first 10,000 miles: 45p a mile.
mileage_per_mile = {mileage:?}
# Ranges of `compare` and `bases`: HMRC 45p for the first 10,000 business miles a year, 25p after;
# salary £46.5k-£56k with on-costs over 37 h x 44 weeks; the same hotel caps.
mileage_per_mile_range = [{mileage_lo:?}, {mileage_hi:?}]
# Staff time per productive hour (IRO salary £46.5k-£56k; about £67k a year with on-costs).
staff_per_hour = {staff:?}
staff_per_hour_range = [{staff_lo:?}, {staff_hi:?}]
# Hotel, a night (typical council cap outside London £90-£100).
hotel_per_night = {hotel:?}
hotel_per_night_range = [{hotel_lo:?}, {hotel_hi:?}]
# DESNZ 2025 GHG conversion factors: average car, unknown fuel; one UK hotel night.
co2_kg_per_mile = {co2_mile:?}
co2_kg_per_hotel_night = {co2_night:?}
# Annual cost of one full-time IRO with employer NI and pension.
iro_salary_with_oncosts = {salary:?}

[placements]
# Weekly placement cost: in-house fostering; independent agency or private provider.
internal_weekly = {internal:?}
external_weekly = {external:?}

[allocation]
# £ a year for each child moved away from its current IRO (continuity, IRO Handbook).
continuity_cost = {continuity:?}
# max_changes = 40        # most children that may change IRO (default: no limit)
# Optimised moves beyond those a vacancy, the band or reach requires (0 = continuity; "all").
rebalance = {rebalance}
# £ a year per child an IRO is below the band minimum.
under_band_penalty = {under:?}
# Candidate IROs per child before the band check widens it.
candidates = {candidates}
# With a `council` column: true = one pooled service (any IRO may hold any council's child);
# false = independent councils (`plan --pooled` sets it for one run).
pooled = {pooled}

[virtual_reviews]
# over_miles = 150.0      # reviews at least this far may be virtual (default: no rule)
# Only every other review virtual, so the child sees the IRO in person at least once a year.
alternate = {alternate}

[projection]
# Project arrivals and departures over the horizon (`compare --project`). 240 entries a year is
# calibrated so the projected year has about 1,210 reviews (Dorset 2018/19: 1,241).
enabled = {p_enabled}
entries_per_year = {p_entries:?}
exits_per_year = {p_exits:?}
seed = {p_seed}

[input]
# How dates are written in the CSV inputs: "auto" (ISO YYYY-MM-DD or UK dd/mm/yyyy, as
# case-management exports and the DfE SSDA903 return write them), "iso", "uk", or "us" for an
# export written month-first throughout.
date_format = "{date_format}"
# Warn when the plan starts more than this many days after the newest date in the data (at
# about five reviews a working day, a four-week-old extract misses about 100 reviews).
stale_after_days = {stale}

[crossings]
# A placement across the sea (Northern Ireland, Isle of Man, Channel Islands, Isles of Scilly,
# Isle of Wight, Scottish islands) is reached by ferry or flight: door-to-door hours and car
# miles each way replace the road model (check-in 1-2 h, about an hour in the air).
hours_each_way = {x_hours:?}
car_miles_each_way = {x_miles:?}
# Fare and kg CO2e each way (domestic flight; DESNZ 2025, average passenger with radiative
# forcing); reported in data_quality.txt, not in the trip costs.
fare_each_way = {x_fare:?}
co2_kg_each_way = {x_co2:?}
"#,
        stale = c.input.stale_after_days,
        x_hours = c.crossings.hours_each_way,
        x_miles = c.crossings.car_miles_each_way,
        x_fare = c.crossings.fare_each_way,
        x_co2 = c.crossings.co2_kg_each_way,
        fte_hours = c.caseload.fte_hours,
        bmin = c.caseload.band_min_per_fte,
        bmax = c.caseload.band_max_per_fte,
        target = c.caseload.target_per_fte,
        first = c.review.first_within_working_days,
        second = c.review.second_within_months,
        subsequent = c.review.subsequent_within_months,
        early = c.review.early_working_days,
        early_lo = c.review.early_working_days_range[0],
        early_hi = c.review.early_working_days_range[1],
        early_cost = c.review.early_cost_per_day,
        first_floor = c.review.first_not_before_working_days,
        area_early = c.review.area_early_working_days,
        radius = c.areas.radius_miles,
        two_area = c.areas.two_area_trips,
        lunch = c.day.lunch_minutes,
        lunch_window = c.day.lunch_window,
        max_drive = c.day.max_drive_hours,
        break_after = c.day.drive_break_after_hours,
        break_minutes = c.day.drive_break_minutes,
        admin = c.workload.admin_hours_per_review,
        share = c.workload.share_of_hours,
        carry = c.workload.admin_carry_weeks,
        cover = c.absence.cover.as_str(),
        agency = c.absence.agency_cost_per_review,
        rebalance = match c.allocation.rebalance {
            crate::config::Rebalance::All => "\"all\"".to_string(),
            crate::config::Rebalance::Limit(n) => n.to_string(),
        },
        length = c.review.length_hours,
        extra = c.review.extra_time_hours,
        max_per_day = c.review.max_per_day,
        d_start = c.day.start,
        d_end = c.day.end,
        d_dep = c.day.earliest_departure,
        d_ret = c.day.latest_return,
        d_max = c.day.max_hours,
        road = c.travel.road_factor,
        road_lo = c.travel.road_factor_range[0],
        road_hi = c.travel.road_factor_range[1],
        mph_spread = c.travel.mph_spread,
        fixed = c.travel.fixed_hours,
        mph = c.travel.mph,
        o_allowed = c.overnight.allowed,
        o_max = c.overnight.max_one_way_drive_hours,
        o_remote = c.overnight.remote_drive_hours,
        o_hotel = c.overnight.min_hotel_drive_hours,
        o_nights = c.overnight.max_nights,
        mileage = c.costs.mileage_per_mile,
        mileage_lo = c.costs.mileage_per_mile_range[0],
        mileage_hi = c.costs.mileage_per_mile_range[1],
        staff = c.costs.staff_per_hour,
        staff_lo = c.costs.staff_per_hour_range[0],
        staff_hi = c.costs.staff_per_hour_range[1],
        hotel = c.costs.hotel_per_night,
        hotel_lo = c.costs.hotel_per_night_range[0],
        hotel_hi = c.costs.hotel_per_night_range[1],
        co2_mile = c.costs.co2_kg_per_mile,
        co2_night = c.costs.co2_kg_per_hotel_night,
        salary = c.costs.iro_salary_with_oncosts,
        internal = c.placements.internal_weekly,
        external = c.placements.external_weekly,
        continuity = c.allocation.continuity_cost,
        under = c.allocation.under_band_penalty,
        candidates = c.allocation.candidates,
        pooled = c.allocation.pooled,
        alternate = c.virtual_reviews.alternate,
        p_enabled = c.projection.enabled,
        p_entries = c.projection.entries_per_year,
        p_exits = c.projection.exits_per_year,
        p_seed = c.projection.seed,
    )
}

fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// The folder's README: the command that made it, the calibration, and that it is synthetic.
pub fn readme(options: &Options, s: &Summary) -> String {
    let mut cmd = format!(
        "iro-planner generate --profile {} --seed {}",
        options.profile.name(),
        options.seed
    );
    if let Some(h) = &options.home {
        cmd.push_str(&format!(" --home '{h}'"));
    }
    if let Some(n) = options.children {
        cmd.push_str(&format!(" --children {n}"));
    }
    if let Some(m) = options.iros {
        cmd.push_str(&format!(" --iros {m}"));
    }
    cmd.push_str(&format!(
        " --as-of {} --out {}",
        options.as_of,
        options.out.display()
    ));
    let title = match options.profile {
        Profile::Dorset => "Bundled council: a synthetic Dorset".to_string(),
        Profile::Council => format!(
            "Synthetic council around {}",
            options.home.as_deref().unwrap_or("?")
        ),
        Profile::National => "Synthetic England: councils in one folder".to_string(),
    };
    let mut t = format!(
        "# {title}\n\n\
         **Synthetic data.** No row describes a real child or a real member of staff: ids are \
         pseudonymous, placements are real postcode *sectors* (about 3,000 addresses each) drawn \
         at random, and every date is generated. Made by the project's own generator:\n\n\
         ```\n{cmd}\n```\n\n\
         The same command and seed give byte-identical files. Snapshot date (histories replayed \
         up to): {as_of}.\n\n",
        as_of = options.as_of
    );
    if options.profile == Profile::Dorset {
        t.push_str(
            "## What it imitates\n\n\
             Dorset Council's IRO service as described in its Independent Reviewing Officer \
             annual report 2018/19: about 450 looked-after children, 41 % of them placed outside \
             the county (Bournemouth/Poole/Christchurch, Somerset, Devon, Wiltshire, Hampshire, \
             Bristol, the West Midlands, North Wales, Newcastle, London), 9 IRO posts of 37, 37, \
             37, 37, 37 (vacant), 30, 25, 23 and 18.5 hours = 7.61 FTE (281.5 hours; with the \
             37-hour vacancy, 6.61 FTE are filled), 1,241 reviews a year, 78.9 % held on \
             time. The generator matches the counts and shares; review \
             timeliness is an *output* of planning, not an input (every history here is on \
             time, as in a working service).\n\n\
             Outside-county shares were set by hand from the report's list: nearer clusters \
             larger (BCP, which is a separate council since 2019, the largest), Birmingham area \
             15–20 children, North Wales 6–10, Newcastle 4–6, London 8–12.\n\n",
        );
    }
    t.push_str(&format!(
        "## Figures of this set\n\n\
         | figure | value |\n|---|---|\n\
         | councils | {} |\n| children | {} |\n| outside their council's area | {} ({:.1} %) |\n\
         | in sibling groups (2–3) | {} ({:.1} %) |\n| extra time | {} ({:.1} %) |\n\
         | external placements | {} ({:.1} %) |\n| virtual reviews allowed | {} ({:.1} %) |\n\
         | no review held yet | {} |\n| IRO posts | {} |\n| filled FTE (37 h) | {:.2} |\n\n",
        s.councils,
        s.children,
        s.out_of_area,
        pct(s.out_of_area, s.children),
        s.in_sibling_groups,
        pct(s.in_sibling_groups, s.children),
        s.extra_time,
        pct(s.extra_time, s.children),
        s.external,
        pct(s.external, s.children),
        s.virtual_allowed,
        pct(s.virtual_allowed, s.children),
        s.no_review_yet,
        s.iro_posts,
        s.filled_fte,
    ));
    if options.profile == Profile::National {
        t.push_str(
            "## Children per council\n\n\
             Each council is built like the council profile (40 % of its children out of area); \
             children are shared in proportion to the home town's population, capped at one \
             million.\n\n| council | children | share |\n|---|---|---|\n",
        );
        for (name, _, n) in &s.clusters {
            t.push_str(&format!(
                "| {name} | {n} | {:.2} % |\n",
                pct(*n, s.children)
            ));
        }
    } else {
        t.push_str(
            "## Children per cluster\n\n| cluster | in area | children | share |\n|---|---|---|---|\n",
        );
        for (name, in_area, n) in &s.clusters {
            t.push_str(&format!(
                "| {name} | {} | {n} | {:.1} % |\n",
                if *in_area { "yes" } else { "no" },
                pct(*n, s.children)
            ));
        }
    }
    t.push_str(
        "\n## How it is made\n\n\
         - Placements: each cluster is the set of postcode sectors near a town (or a local \
         authority's sectors); a sector is drawn with probability proportional to its postcode \
         units. A few rows give a place name instead, to exercise the resolver.\n\
         - Siblings: 15 % of children (exact up to rounding, shared between clusters by size) \
         are in sibling groups of 2–3 (30 % trios), entering care together, in the same sector \
         (85 %) or the same cluster, always with one IRO.\n\
         - Extra time: 9 % of children (a random subset); external placements 25 % in area, \
         70 % out of area; virtual reviews allowed 1 % in area, 6 % out of area.\n\
         - Time in care: 5 % under 4 weeks, 10 % 1–6 months, 18 % 6–12 months, 47 % 1–5 years, \
         20 % 5–13 years.\n\
         - Reviews (reg. 33): first due 20 working days after entry, second 3 months after the \
         first, then every 6 months, each held on its due date or up to 15 working days before \
         it; `last_review` and `reviews_held` are the last held on or before the snapshot date.\n\
         - Today's allocation (`current_iro`): families swept by bearing from the office and \
         shared between filled posts in proportion to their hours, then 30 % of families \
         swapped at random — within the caseload band, not travel-optimal.\n\n\
         Geography: Contains OS data © Crown copyright and database right 2025; Royal Mail data \
         © Royal Mail copyright and database right 2025; National Statistics data © Crown \
         copyright and database right 2025. Places from GeoNames (CC BY 4.0).\n",
    );
    t
}
