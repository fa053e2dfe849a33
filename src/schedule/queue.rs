//! The review chains of one IRO's children: a priority queue of the reviews waiting for a date,
//! most urgent (earliest due) first. A review enters once its predecessor is held, since its
//! due date counts from that day (reg. 33).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;

use super::Mode;
use crate::domain::{Booking, Caseload, ChildId, IroId};
use crate::policy::Policy;
use crate::policy::review::Due;

/// A review waiting for a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The child.
    pub child: ChildId,
    /// The child's IRO.
    pub owner: IroId,
    /// Statutory count.
    pub number: u32,
    /// Statutory due date.
    pub due: NaiveDate,
    /// First day it may be held.
    pub earliest: NaiveDate,
    /// First day it may be held to join its far area's round (`earliest` if not far from its
    /// IRO's base).
    pub round_earliest: NaiveDate,
    /// Virtual or in person, by policy.
    pub mode: Mode,
    /// Meeting length, seconds.
    pub duration: i64,
    /// Held virtually only because no in-person trip was possible.
    pub forced: bool,
    /// Why its IRO could not hold it on time, once known (it is then placed late or covered);
    /// for a booked review, [`super::Reason::Booking`] when the booking breaks a rule.
    pub reason: Option<super::Reason>,
    /// When in the day it may be held, seconds after midnight (the meeting lies inside):
    /// [`Policy::review_window`], or exactly the agreed slot of a booking with a start.
    pub window: (i64, i64),
    /// The date (and start) agreed: kept exactly, never moved.
    pub booked: Option<Booking>,
    /// Its date in a previous plan (`plan --previous`): kept where the rules allow.
    pub preferred: Option<NaiveDate>,
}

impl Pending {
    /// The review `due` of `child`, held by `owner`, no earlier than `not_before`.
    pub fn new(
        caseload: &Caseload,
        policy: &Policy,
        owner: IroId,
        child: ChildId,
        due: Due,
        not_before: NaiveDate,
    ) -> Pending {
        let c = caseload.child(child);
        let base = caseload.iro(owner).base;
        let miles = policy.leg(base, c.location).miles;
        let earliest = policy.earliest(c, due, not_before);
        Pending {
            child,
            owner,
            number: due.number,
            due: due.date,
            earliest,
            round_earliest: if policy.far_from(base, c.location) {
                policy.earliest_in_round(c, due, not_before).min(earliest)
            } else {
                earliest
            },
            mode: if policy.is_virtual(c, due.number, miles) {
                Mode::Virtual
            } else {
                Mode::InPerson
            },
            duration: policy.review_secs(c),
            forced: false,
            reason: None,
            window: policy.review_window(c),
            booked: None,
            preferred: None,
        }
    }

    /// The review held as booked: on the booked day, at the agreed start if there is one.
    pub fn with_booking(mut self, b: Booking) -> Pending {
        if let Some(s) = b.start {
            self.window = (s.seconds(), s.seconds() + self.duration);
        }
        self.booked = Some(b);
        self
    }

    /// Whether the child can be seen on `date` (the one test every placement applies).
    pub fn free_on(&self, caseload: &Caseload, date: NaiveDate) -> bool {
        caseload.child(self.child).free_on(date)
    }

    /// Days it may be held on, most preferred first: its date in a previous plan if still
    /// allowed, then on time, latest first; or, when `late` is set, from the day after its due
    /// date (or its earliest day) up to `late`, earliest first. Days the child cannot be seen
    /// are left out.
    pub fn days(&self, caseload: &Caseload, late: Option<NaiveDate>) -> Vec<NaiveDate> {
        let mut days: Vec<NaiveDate> = match late {
            None => {
                let mut d: Vec<NaiveDate> = self
                    .earliest
                    .iter_days()
                    .take_while(|d| *d <= self.due)
                    .collect();
                d.reverse();
                d
            }
            Some(until) => self
                .earliest
                .max(self.due.succ_opt().unwrap_or(self.due))
                .iter_days()
                .take_while(|d| *d <= until)
                .collect(),
        };
        days.retain(|&d| self.free_on(caseload, d));
        if let Some(pos) = self
            .preferred
            .and_then(|p| days.iter().position(|&d| d == p))
        {
            let d = days.remove(pos);
            days.insert(0, d);
        }
        days
    }

    /// The chain position.
    pub fn due_of(&self) -> Due {
        Due {
            number: self.number,
            date: self.due,
        }
    }

    /// Already overdue before the first day it may be held.
    pub fn overdue(&self) -> bool {
        self.due < self.earliest
    }
}

/// Reviews waiting for a date, earliest due first.
#[derive(Debug, Default, Clone)]
pub struct Queue {
    heap: BinaryHeap<Reverse<(NaiveDate, NaiveDate, ChildId, usize)>>,
    items: Vec<Option<Pending>>,
}

impl Queue {
    /// Adds a review.
    pub fn push(&mut self, p: Pending) {
        self.heap
            .push(Reverse((p.due, p.earliest, p.child, self.items.len())));
        self.items.push(Some(p));
    }

    /// Removes and returns the most urgent review if it is due before `before`.
    pub fn pop_due_before(&mut self, before: NaiveDate) -> Option<Pending> {
        while let Some(Reverse((due, _, _, idx))) = self.heap.peek().copied() {
            if due >= before {
                return None;
            }
            self.heap.pop();
            if let Some(p) = self.items[idx].take() {
                return Some(p);
            }
        }
        None
    }

    /// Reviews still waiting, with their slot (for taking one out with [`Queue::take`]).
    pub fn waiting(&self) -> impl Iterator<Item = (usize, &Pending)> {
        self.items
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)))
    }

    /// The review waiting in `slot`, if still there.
    pub fn get(&self, slot: usize) -> Option<&Pending> {
        self.items.get(slot).and_then(Option::as_ref)
    }

    /// Takes a waiting review out of the queue.
    pub fn take(&mut self, slot: usize) -> Option<Pending> {
        self.items.get_mut(slot).and_then(Option::take)
    }

    /// Whether no review waits.
    pub fn is_empty(&self) -> bool {
        self.items.iter().all(Option::is_none)
    }
}
