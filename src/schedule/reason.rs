//! Why a review is late, forced virtual, unscheduled or flagged — a code a manager can filter
//! on and a suggested action (the way vrp-cli answers "why is this job unassigned").

use serde::Serialize;

/// A reason code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The IRO's hours that week (and every colleague's who could cover) were full.
    Capacity,
    /// The IRO was absent for the whole window and no cover could be found.
    Absence,
    /// The review was already overdue when the plan starts.
    OverdueAtStart,
    /// No in-person trip is possible (beyond a day's reach of an IRO who cannot stay away).
    Reach,
    /// A booked date breaks a rule and was kept as booked.
    Booking,
    /// The child is unavailable on every day that would have kept it on time.
    Availability,
}

impl Reason {
    /// The code as written in the outputs.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Capacity => "capacity",
            Reason::Absence => "absence",
            Reason::OverdueAtStart => "overdue_at_start",
            Reason::Reach => "reach",
            Reason::Booking => "booking",
            Reason::Availability => "availability",
        }
    }

    /// What a manager could do about it.
    pub fn action(self) -> &'static str {
        match self {
            Reason::Capacity => {
                "free IRO hours in that week (move other work, add sessional hours) or allow cover"
            }
            Reason::Absence => "arrange cover: a colleague with spare hours or an agency IRO",
            Reason::OverdueAtStart => "hold as soon as possible; record why it was overdue",
            Reason::Reach => {
                "allocate the child to an IRO who can stay overnight, or agree a virtual review"
            }
            Reason::Booking => "check the booked date with the child, carers and social worker",
            Reason::Availability => "agree another date or time with the child and carers",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
