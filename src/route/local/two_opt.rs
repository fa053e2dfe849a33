//! 2-opt (intra-route): reverse the jobs after `u` up to and including `v`, so that `u` is
//! followed by `v` (Croes 1958). The reversed piece is re-summarised in O(length).

use super::super::data::Data;
use super::super::state::State;
use super::{Positions, chain, delta_one, reversed};

/// Delta of reversing nodes `i+1..=j` where `u` is node `i` and `v` node `j > i + 1`.
pub(crate) fn evaluate(data: &Data, s: &State, pos: &Positions, u: usize, v: usize) -> Option<i64> {
    let (ra, i) = pos[u];
    let (rb, j) = pos[v];
    if ra != rb || j <= i + 1 {
        return None;
    }
    let r = &s.routes[ra];
    let seg = chain(data, &[r.fwd[i], reversed(data, r, i + 1, j), r.bwd[j + 1]]);
    delta_one(data, s, ra, &seg)
}

/// Reverses the piece.
pub(crate) fn apply(data: &Data, s: &mut State, pos: &Positions, u: usize, v: usize) {
    let (ra, i) = pos[u];
    let (_, j) = pos[v];
    s.routes[ra].jobs[i..j].reverse();
    s.routes[ra].update(data);
}

#[cfg(test)]
mod tests {
    use super::super::OPERATORS;
    use super::super::tests::exercise;

    #[test]
    fn evaluated_delta_matches_recomputed_cost() {
        assert!(exercise(&OPERATORS[4]) > 20);
    }
}
