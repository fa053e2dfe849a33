//! Relocate: move job `u` right after (or right before) job `v`, in the same or another route.

use super::super::data::Data;
use super::super::state::State;
use super::{Positions, chain, delta_one, delta_two};

/// Delta of moving `u` right after `v`.
pub(crate) fn evaluate_after(
    data: &Data,
    s: &State,
    pos: &Positions,
    u: usize,
    v: usize,
) -> Option<i64> {
    let (rb, j) = pos[v];
    evaluate(data, s, pos, u, rb, j)
}

/// Delta of moving `u` right before `v`.
pub(crate) fn evaluate_before(
    data: &Data,
    s: &State,
    pos: &Positions,
    u: usize,
    v: usize,
) -> Option<i64> {
    let (rb, j) = pos[v];
    evaluate(data, s, pos, u, rb, j - 1)
}

/// Moves `u` right after `v`.
pub(crate) fn apply_after(data: &Data, s: &mut State, pos: &Positions, u: usize, v: usize) {
    let (rb, j) = pos[v];
    apply(data, s, pos, u, rb, j);
}

/// Moves `u` right before `v`.
pub(crate) fn apply_before(data: &Data, s: &mut State, pos: &Positions, u: usize, v: usize) {
    let (rb, j) = pos[v];
    apply(data, s, pos, u, rb, j - 1);
}

/// Delta of moving `u` to route `rb` after node `k`.
fn evaluate(data: &Data, s: &State, pos: &Positions, u: usize, rb: usize, k: usize) -> Option<i64> {
    let (ra, i) = pos[u];
    let a = &s.routes[ra];
    if ra == rb {
        if k == i || k + 1 == i {
            return None;
        }
        let seg = if i < k {
            chain(
                data,
                &[
                    a.fwd[i - 1],
                    a.range(data, i + 1, k),
                    a.node(data, i),
                    a.bwd[k + 1],
                ],
            )
        } else {
            chain(
                data,
                &[
                    a.fwd[k],
                    a.node(data, i),
                    a.range(data, k + 1, i - 1),
                    a.bwd[i + 1],
                ],
            )
        };
        return delta_one(data, s, ra, &seg);
    }
    let b = &s.routes[rb];
    let ub = *data.visit(b.worker, u)?;
    let new_b = chain(data, &[b.fwd[k], ub, b.bwd[k + 1]]);
    let new_a = data.join(&a.fwd[i - 1], &a.bwd[i + 1]);
    delta_two(data, s, (ra, &new_a, a.len() == 1), (rb, &new_b))
}

fn apply(data: &Data, s: &mut State, pos: &Positions, u: usize, rb: usize, k: usize) {
    let (ra, i) = pos[u];
    let job = s.routes[ra].jobs.remove(i - 1);
    let at = if ra == rb && k > i { k - 1 } else { k };
    s.routes[rb].jobs.insert(at, job);
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
        assert!(exercise(&OPERATORS[0]) > 100);
        assert!(exercise(&OPERATORS[1]) > 100);
    }
}
