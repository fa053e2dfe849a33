//! The review chains of one IRO's children: a priority queue of the reviews waiting for a date,
//! most urgent (earliest due) first. A review enters once its predecessor is held, since its
//! due date counts from that day (reg. 33).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;

use super::Mode;
use crate::domain::{Caseload, ChildId, IroId};
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
    /// Why its IRO could not hold it on time, once known (it is then placed late or covered).
    pub reason: Option<super::Reason>,
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
        }
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
