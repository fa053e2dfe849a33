//! 2-opt*: exchange the tails of two routes after `u` and after `v` (Potvin & Rousseau 1995,
//! "An exchange heuristic for routeing problems with time windows", JORS 46(12)).

use super::super::data::Data;
use super::super::state::State;
use super::{Positions, delta_two, piece};

/// Delta of joining `u` to the tail after `v` and `v` to the tail after `u`.
pub(crate) fn evaluate(data: &Data, s: &State, pos: &Positions, u: usize, v: usize) -> Option<i64> {
    let (ra, i) = pos[u];
    let (rb, j) = pos[v];
    if ra == rb {
        return None;
    }
    let a = &s.routes[ra];
    let b = &s.routes[rb];
    let tail_b = piece(data, b, j + 1, b.len() + 1, a.worker)?;
    let tail_a = piece(data, a, i + 1, a.len() + 1, b.worker)?;
    let new_a = data.join(&a.fwd[i], &tail_b);
    let new_b = data.join(&b.fwd[j], &tail_a);
    delta_two(data, s, (ra, &new_a, false), (rb, &new_b))
}

/// Exchanges the tails.
pub(crate) fn apply(data: &Data, s: &mut State, pos: &Positions, u: usize, v: usize) {
    let (ra, i) = pos[u];
    let (rb, j) = pos[v];
    let tail_a = s.routes[ra].jobs.split_off(i);
    let tail_b = s.routes[rb].jobs.split_off(j);
    s.routes[ra].jobs.extend(tail_b);
    s.routes[rb].jobs.extend(tail_a);
    s.routes[ra].update(data);
    s.routes[rb].update(data);
}

#[cfg(test)]
mod tests {
    use super::super::OPERATORS;
    use super::super::tests::exercise;

    #[test]
    fn evaluated_delta_matches_recomputed_cost() {
        assert!(exercise(&OPERATORS[3]) > 50);
    }
}
