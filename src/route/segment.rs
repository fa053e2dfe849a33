//! Time-window segments: O(1) feasibility and cost of concatenated route pieces.
//!
//! Each contiguous piece σ of a route is summarised by its minimal duration `D`, time warp `TW`,
//! earliest and latest start `E`, `L` of its first service, cost and load. Two summaries
//! concatenate in O(1), so the prefix and suffix of every position are kept per route and a move
//! is evaluated by concatenating three or four of them (Vidal, Crainic, Gendreau & Prins 2013,
//! "A hybrid genetic algorithm with adaptive diversity management for a large class of vehicle
//! routing problems with time-windows", Computers & Operations Research 40(1), §4.2).
//!
//! The solver keeps every route free of time warp (a hard constraint); `TW` is still carried so
//! a concatenation says *how* infeasible it is. Because a route's `D` is the minimal duration
//! over all departure times, `D ≤ max_duration` is exact (Savelsbergh 1992's "latest departure").
//!
//! # Units
//! The caller's integer time and cost units.

/// Summary of a contiguous sequence of visits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment {
    /// Matrix location of the first visit.
    pub first: usize,
    /// Matrix location of the last visit.
    pub last: usize,
    /// Minimal duration, from the first service start to the end of the last service.
    pub duration: i64,
    /// Minimal time warp (lateness that would be needed); 0 = feasible.
    pub time_warp: i64,
    /// Earliest start of the first service achieving `duration`.
    pub earliest: i64,
    /// Latest start of the first service achieving `duration`.
    pub latest: i64,
    /// Arc costs inside the segment plus assignment costs of its jobs.
    pub cost: i64,
    /// Summed demand.
    pub load: i64,
    /// Work: service times, the jobs' extra work and travel times (waiting excluded), counted
    /// against the worker's group limit.
    pub work: i64,
    /// Summed travel time of the arcs inside the segment.
    pub travel: i64,
}

impl Segment {
    /// A single visit at `location`, with service `service`, window `[start, end]`, and
    /// `work` (its service plus any extra work).
    pub fn visit(
        location: usize,
        service: i64,
        start: i64,
        end: i64,
        cost: i64,
        load: i64,
        work: i64,
    ) -> Self {
        Segment {
            first: location,
            last: location,
            duration: service,
            time_warp: 0,
            earliest: start,
            latest: end,
            cost,
            load,
            work,
            travel: 0,
        }
    }

    /// `self ⊕ next`, where `travel` and `arc_cost` belong to the arc `self.last → next.first`.
    #[inline]
    pub fn then(&self, next: &Segment, travel: i64, arc_cost: i64) -> Segment {
        let delta = self.duration - self.time_warp + travel;
        let wait = (next.earliest - delta - self.latest).max(0);
        let warp = (self.earliest + delta - next.latest).max(0);
        Segment {
            first: self.first,
            last: next.last,
            duration: self.duration + next.duration + travel + wait,
            time_warp: self.time_warp + next.time_warp + warp,
            earliest: (next.earliest - delta).max(self.earliest) - wait,
            latest: (next.latest - delta).min(self.latest) + warp,
            cost: self.cost + next.cost + arc_cost,
            load: self.load + next.load,
            work: self.work + next.work + travel,
            travel: self.travel + next.travel + travel,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_is_added_to_duration() {
        // a: service 2 in [0, 10]; b: service 1 in [20, 30]; travel 3.
        let a = Segment::visit(0, 2, 0, 10, 0, 1, 2);
        let b = Segment::visit(1, 1, 20, 30, 0, 1, 1);
        let ab = a.then(&b, 3, 3);
        // Starting a at 10 reaches b at 15, waits 5: duration 2+3+5+1 = 11.
        assert_eq!(ab.duration, 11);
        assert_eq!(ab.time_warp, 0);
        assert_eq!(ab.earliest, 10);
        assert_eq!(ab.latest, 10);
        assert_eq!(ab.cost, 3);
        assert_eq!(ab.load, 2);
        // Work counts service and travel, not the wait.
        assert_eq!(ab.work, 2 + 3 + 1);
        assert_eq!(ab.travel, 3);
    }

    #[test]
    fn lateness_is_time_warp() {
        let a = Segment::visit(0, 5, 10, 10, 0, 0, 5);
        let b = Segment::visit(1, 0, 0, 12, 0, 0, 0);
        let ab = a.then(&b, 4, 4);
        assert_eq!(ab.time_warp, 7);
    }

    #[test]
    fn concatenation_is_associative() {
        let s = [
            Segment::visit(0, 1, 0, 5, 1, 1, 1),
            Segment::visit(1, 2, 3, 9, 0, 2, 2),
            Segment::visit(2, 0, 20, 21, 0, 3, 0),
        ];
        let left = s[0].then(&s[1], 2, 2).then(&s[2], 4, 4);
        let right = s[0].then(&s[1].then(&s[2], 4, 4), 2, 2);
        assert_eq!(left, right);
    }
}
