//! Working time: the IRO's day (review hours, departure and return, longest day, reviews a
//! day, lunch, driving cap and breaks) and week (contracted hours × the share available for
//! reviews, their travel and admin, pro rata in weeks with leave or bank holidays).

use chrono::{Datelike, Duration, NaiveDate};

use super::Policy;
use crate::config::Config;
use crate::domain::IroId;

/// The working-day rules in seconds after midnight or seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayRules {
    /// Reviews start no earlier than this.
    pub review_start: i64,
    /// Reviews end no later than this.
    pub review_end: i64,
    /// Earliest departure from base or hotel.
    pub earliest_departure: i64,
    /// Latest return to base or arrival at a hotel.
    pub latest_return: i64,
    /// Longest working day including travel.
    pub max_length: i64,
    /// Most reviews a day.
    pub max_reviews: u32,
    /// Lunch break length.
    pub lunch: i64,
    /// Lunch starts no earlier than this.
    pub lunch_from: i64,
    /// Lunch ends no later than this.
    pub lunch_to: i64,
    /// Most driving in a day.
    pub max_drive: i64,
    /// A break is due after this much continuous driving.
    pub break_after: i64,
    /// Length of a driving break.
    pub break_length: i64,
}

impl DayRules {
    /// From configuration.
    pub fn new(config: &Config) -> DayRules {
        let d = &config.day;
        DayRules {
            review_start: d.start.seconds(),
            review_end: d.end.seconds(),
            earliest_departure: d.earliest_departure.seconds(),
            latest_return: d.latest_return.seconds(),
            max_length: (d.max_hours * 3600.0).round() as i64,
            max_reviews: config.review.max_per_day,
            lunch: d.lunch_minutes as i64 * 60,
            lunch_from: d.lunch_window.from.seconds(),
            lunch_to: d.lunch_window.to.seconds(),
            max_drive: (d.max_drive_hours * 3600.0).round() as i64,
            break_after: (d.drive_break_after_hours * 3600.0).round() as i64,
            break_length: d.drive_break_minutes as i64 * 60,
        }
    }

    /// Driving seconds of a journey of `hours`, rounded up to whole minutes (written `HH:MM`
    /// times then recompute exactly).
    pub fn drive_secs(hours: f64) -> i64 {
        if hours.is_finite() && hours > 0.0 {
            ((hours * 60.0).ceil() as i64) * 60
        } else {
            0
        }
    }

    /// Breaks due on one journey of `drive` seconds of continuous driving: one after each full
    /// `break_after` (Highway Code rule 91), none at the very end.
    pub fn breaks(&self, drive: i64) -> i64 {
        if drive <= 0 || self.break_after <= 0 {
            0
        } else {
            (drive - 1) / self.break_after
        }
    }

    /// Time a journey of `hours` takes, breaks included.
    pub fn journey_secs(&self, hours: f64) -> i64 {
        let drive = Self::drive_secs(hours);
        drive + self.breaks(drive) * self.break_length
    }

    /// The longest time a fresh day can spend on one journey: within the departure-to-return
    /// window, the day's length and its driving cap.
    pub fn longest_drive(&self) -> i64 {
        (self.latest_return - self.earliest_departure)
            .min(self.max_length)
            .min(self.max_drive)
    }

    /// Whether the work intervals of a day leave `lunch` seconds free inside the lunch window.
    /// `busy` are `(from, to)` intervals in seconds after midnight, in any order.
    pub fn lunch_fits(&self, busy: &[(i64, i64)]) -> bool {
        let mut inside: Vec<(i64, i64)> = busy
            .iter()
            .map(|&(a, b)| (a.max(self.lunch_from), b.min(self.lunch_to)))
            .filter(|(a, b)| a < b)
            .collect();
        inside.sort_unstable();
        let mut free_from = self.lunch_from;
        for (a, b) in inside {
            if a - free_from >= self.lunch {
                return true;
            }
            free_from = free_from.max(b);
        }
        self.lunch_to - free_from >= self.lunch
    }
}

/// One IRO-week's work for [`Policy::carry_admin`], seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WeekWork {
    /// The week's limit ([`Policy::week_limit`]).
    pub limit: i64,
    /// Meetings and driving in the week.
    pub fixed: i64,
    /// Admin of the reviews held in the week.
    pub admin: i64,
}

/// What [`Policy::carry_admin`] finds for one week, seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdminDone {
    /// Admin done in the week.
    pub done: i64,
    /// … of which of reviews held in earlier weeks.
    pub carried_in: i64,
    /// Admin whose last week it is that no week had room for.
    pub overdue: i64,
}

impl Policy {
    /// Seconds of admin (preparation, consulting the child, recording) per review.
    pub fn admin_secs(&self) -> i64 {
        (self.config.workload.admin_hours_per_review * 3600.0).round() as i64
    }

    /// Weeks after its own in which a review's admin may still be done
    /// (`workload.admin_carry_weeks`).
    pub fn admin_carry_weeks(&self) -> u32 {
        self.config.workload.admin_carry_weeks
    }

    /// The working-week rule with admin carried (`workload.admin_carry_weeks`): given an IRO's
    /// consecutive weeks — each its limit, the work fixed in it (meetings and driving) and the
    /// admin of the reviews held in it, seconds — the admin done in each week, and the admin
    /// whose last week it is that no week had room for (overdue: the week is over its limit by
    /// that much, besides any fixed work beyond the limit). Admin is done as early as there is room, the oldest
    /// first (earliest deadline first: if any order keeps every week within its limit, this
    /// one does). With no carry every review's admin is done in its own week.
    pub fn carry_admin(&self, weeks: &[WeekWork]) -> Vec<AdminDone> {
        let carry = self.admin_carry_weeks() as usize;
        // (last week index, seconds) of admin still to do, oldest first.
        let mut open: std::collections::VecDeque<(usize, i64)> = Default::default();
        let mut out = Vec::with_capacity(weeks.len());
        for (i, w) in weeks.iter().enumerate() {
            open.push_back((i + carry, w.admin));
            let mut room = (w.limit - w.fixed).max(0);
            let mut week = AdminDone::default();
            for item in open.iter_mut() {
                let take = item.1.min(room);
                item.1 -= take;
                room -= take;
                week.done += take;
                if item.0 < i + carry {
                    week.carried_in += take;
                }
            }
            while let Some(&(last, left)) = open.front() {
                if left == 0 || last <= i {
                    week.overdue += if last <= i { left } else { 0 };
                    open.pop_front();
                } else {
                    break;
                }
            }
            out.push(week);
        }
        out
    }

    /// The Monday of the ISO week of `date`.
    pub fn week_of(date: NaiveDate) -> NaiveDate {
        date - Duration::days(date.weekday().num_days_from_monday() as i64)
    }

    /// Days of the week starting `monday` on which `iro` works inside the horizon.
    pub fn available_days_in_week(&self, iro: IroId, monday: NaiveDate) -> u32 {
        monday
            .iter_days()
            .take(7)
            .filter(|&d| self.works_on(iro, d))
            .count() as u32
    }

    /// Seconds an IRO may spend on meetings, admin and driving in the week starting `monday`:
    /// contracted hours × `workload.share_of_hours`, pro rata to the days it works that week
    /// inside the horizon over the days of its weekly pattern.
    pub fn week_limit(&self, iro: &crate::domain::Iro, id: IroId, monday: NaiveDate) -> i64 {
        let pattern = iro.working_days.len() as f64;
        if pattern <= 0.0 || iro.vacant {
            return 0;
        }
        let share = self.available_days_in_week(id, monday) as f64 / pattern;
        let hours = iro.hours_per_week * self.config.workload.share_of_hours * share.min(1.0);
        (hours * 3600.0).floor() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(carry: u32) -> Policy {
        let mut config = Config::default();
        config.workload.admin_carry_weeks = carry;
        Policy::new(&crate::domain::Caseload {
            children: Vec::new(),
            iros: Vec::new(),
            absences: Vec::new(),
            config,
            matrix: None,
        })
    }

    /// (done, overdue) of each week.
    fn done(p: &Policy, weeks: &[WeekWork]) -> Vec<(i64, i64)> {
        p.carry_admin(weeks)
            .iter()
            .map(|w| (w.done, w.overdue))
            .collect()
    }

    fn week(limit: i64, fixed: i64, admin: i64) -> WeekWork {
        WeekWork {
            limit,
            fixed,
            admin,
        }
    }

    #[test]
    fn admin_is_done_in_its_week_where_there_is_room() {
        let weeks = [week(10, 4, 5), week(10, 2, 3)];
        assert_eq!(done(&policy(1), &weeks), vec![(5, 0), (3, 0)]);
        assert_eq!(done(&policy(0), &weeks), vec![(5, 0), (3, 0)]);
    }

    #[test]
    fn a_rounds_admin_is_carried_to_the_next_week_oldest_first() {
        // A round fills week 0 (8 of 10 fixed); its 9 h of admin: 2 then, 7 the week after,
        // before that week's own 1 h, whose deadline is later (both fit week 1's 9 h).
        let weeks = [week(10, 8, 9), week(10, 1, 1), week(10, 0, 0)];
        assert_eq!(done(&policy(1), &weeks), vec![(2, 0), (8, 0), (0, 0)]);
        let carried: Vec<i64> = policy(1)
            .carry_admin(&weeks)
            .iter()
            .map(|w| w.carried_in)
            .collect();
        assert_eq!(carried, vec![0, 7, 0]);
        // With room for only 7 in week 1, the round's admin goes first; week 1's own waits.
        let tight = [week(10, 8, 9), week(10, 3, 1), week(10, 0, 0)];
        assert_eq!(done(&policy(1), &tight), vec![(2, 0), (7, 0), (1, 0)]);
        // Without carry the round's week is 7 h over.
        assert_eq!(done(&policy(0), &weeks), vec![(2, 7), (1, 0), (0, 0)]);
    }

    #[test]
    fn carried_admin_past_its_last_week_is_overdue_there() {
        // Week 1 (absent, limit 0) holds nothing; one week of carry ends there.
        let weeks = [week(10, 9, 4), week(0, 0, 0), week(10, 0, 0)];
        assert_eq!(done(&policy(1), &weeks), vec![(1, 0), (0, 3), (0, 0)]);
        // Two weeks of carry reach week 2.
        assert_eq!(done(&policy(2), &weeks), vec![(1, 0), (0, 0), (3, 0)]);
    }

    fn rules() -> DayRules {
        DayRules::new(&Config::default())
    }

    #[test]
    fn breaks_follow_rule_91() {
        let r = rules();
        assert_eq!(r.breaks(0), 0);
        assert_eq!(r.breaks(2 * 3600), 0);
        assert_eq!(r.breaks(2 * 3600 + 60), 1);
        assert_eq!(r.breaks(4 * 3600), 1);
        assert_eq!(r.breaks(4 * 3600 + 60), 2);
        // 2 h 30 of driving takes 2 h 45 with its break.
        assert_eq!(r.journey_secs(2.5), 2 * 3600 + 45 * 60);
    }

    #[test]
    fn drive_secs_round_up_to_minutes() {
        assert_eq!(DayRules::drive_secs(0.0), 0);
        assert_eq!(DayRules::drive_secs(1.0 / 120.0), 60);
        assert_eq!(DayRules::drive_secs(1.0), 3600);
        assert_eq!(DayRules::drive_secs(f64::NAN), 0);
    }

    #[test]
    fn lunch_needs_a_free_half_hour_in_the_window() {
        let r = rules();
        let h = |h: i64, m: i64| h * 3600 + m * 60;
        // No work at all.
        assert!(r.lunch_fits(&[]));
        // Meetings 9:00–12:00 and 12:20–15:00: only 20 minutes free.
        assert!(!r.lunch_fits(&[(h(9, 0), h(12, 0)), (h(12, 20), h(15, 0))]));
        // Meetings 9:00–12:00 and 12:30–15:00: exactly 30 minutes.
        assert!(r.lunch_fits(&[(h(12, 30), h(15, 0)), (h(9, 0), h(12, 0))]));
        // Work until 14:00, free from then to the window's end.
        assert!(r.lunch_fits(&[(h(9, 0), h(14, 0))]));
        assert!(!r.lunch_fits(&[(h(9, 0), h(14, 1))]));
        // Work from 12:00: 11:30–12:00 is free.
        assert!(r.lunch_fits(&[(h(12, 0), h(17, 0))]));
    }

    #[test]
    fn weeks_start_on_monday() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(Policy::week_of(d("2026-12-03")), d("2026-11-30"));
        assert_eq!(Policy::week_of(d("2026-11-30")), d("2026-11-30"));
        assert_eq!(Policy::week_of(d("2026-12-06")), d("2026-11-30"));
    }
}
