//! Or-opt: move the string of `k` jobs starting at `u` (k = 2 or 3) right after `v`
//! (Or 1976), in the same or another route.

use super::super::data::Data;
use super::super::state::State;
use super::{Positions, chain, delta_one, delta_two, piece};

/// Delta of moving two jobs starting at `u` after `v`.
pub(crate) fn evaluate2(
    data: &Data,
    s: &State,
    pos: &Positions,
    u: usize,
    v: usize,
) -> Option<i64> {
    evaluate(data, s, pos, u, v, 2)
}

/// Delta of moving three jobs starting at `u` after `v`.
pub(crate) fn evaluate3(
    data: &Data,
    s: &State,
    pos: &Positions,
    u: usize,
    v: usize,
) -> Option<i64> {
    evaluate(data, s, pos, u, v, 3)
}

/// Moves two jobs starting at `u` after `v`.
pub(crate) fn apply2(data: &Data, s: &mut State, pos: &Positions, u: usize, v: usize) {
    apply(data, s, pos, u, v, 2);
}

/// Moves three jobs starting at `u` after `v`.
pub(crate) fn apply3(data: &Data, s: &mut State, pos: &Positions, u: usize, v: usize) {
    apply(data, s, pos, u, v, 3);
}

fn evaluate(data: &Data, s: &State, pos: &Positions, u: usize, v: usize, k: usize) -> Option<i64> {
    let (ra, i) = pos[u];
    let (rb, j) = pos[v];
    let a = &s.routes[ra];
    let last = i + k - 1;
    if last > a.len() {
        return None;
    }
    if ra == rb {
        if j + 1 >= i && j <= last {
            return None;
        }
        let string = a.range(data, i, last);
        let seg = if j > last {
            chain(
                data,
                &[
                    a.fwd[i - 1],
                    a.range(data, last + 1, j),
                    string,
                    a.bwd[j + 1],
                ],
            )
        } else {
            chain(
                data,
                &[
                    a.fwd[j],
                    string,
                    a.range(data, j + 1, i - 1),
                    a.bwd[last + 1],
                ],
            )
        };
        return delta_one(data, s, ra, &seg);
    }
    let b = &s.routes[rb];
    let string = piece(data, a, i, last, b.worker)?;
    let new_b = chain(data, &[b.fwd[j], string, b.bwd[j + 1]]);
    let new_a = data.join(&a.fwd[i - 1], &a.bwd[last + 1]);
    delta_two(data, s, (ra, &new_a, a.len() == k), (rb, &new_b))
}

fn apply(data: &Data, s: &mut State, pos: &Positions, u: usize, v: usize, k: usize) {
    let (ra, i) = pos[u];
    let (rb, _) = pos[v];
    let string: Vec<usize> = s.routes[ra].jobs.drain(i - 1..i - 1 + k).collect();
    let at = s.routes[rb]
        .jobs
        .iter()
        .position(|&x| x == v)
        .map_or(0, |p| p + 1);
    s.routes[rb].jobs.splice(at..at, string);
    s.routes[ra].update(data);
    if ra != rb {
        s.routes[rb].update(data);
    }
}

#[cfg(test)]
mod tests {
    use super::super::OPERATORS;
    use super::super::tests::exercise;

    #[test]
    fn evaluated_delta_matches_recomputed_cost() {
        assert!(exercise(&OPERATORS[5]) > 50);
        assert!(exercise(&OPERATORS[6]) > 20);
    }
}
