//! Swap: exchange jobs `u` and `v`, in the same or different routes.

use super::super::data::Data;
use super::super::state::State;
use super::{Positions, chain, delta_one, delta_two};

/// Delta of exchanging `u` and `v`.
pub(crate) fn evaluate(data: &Data, s: &State, pos: &Positions, u: usize, v: usize) -> Option<i64> {
    let (ra, i) = pos[u];
    let (rb, j) = pos[v];
    if ra == rb {
        let r = &s.routes[ra];
        let (x, y) = (i.min(j), i.max(j));
        let seg = if y == x + 1 {
            chain(
                data,
                &[r.fwd[x - 1], r.node(data, y), r.node(data, x), r.bwd[y + 1]],
            )
        } else {
            chain(
                data,
                &[
                    r.fwd[x - 1],
                    r.node(data, y),
                    r.range(data, x + 1, y - 1),
                    r.node(data, x),
                    r.bwd[y + 1],
                ],
            )
        };
        return delta_one(data, s, ra, &seg);
    }
    let a = &s.routes[ra];
    let b = &s.routes[rb];
    let va = *data.visit(a.worker, v)?;
    let ub = *data.visit(b.worker, u)?;
    let new_a = chain(data, &[a.fwd[i - 1], va, a.bwd[i + 1]]);
    let new_b = chain(data, &[b.fwd[j - 1], ub, b.bwd[j + 1]]);
    delta_two(data, s, (ra, &new_a, false), (rb, &new_b))
}

/// Exchanges `u` and `v`.
pub(crate) fn apply(data: &Data, s: &mut State, pos: &Positions, u: usize, v: usize) {
    let (ra, i) = pos[u];
    let (rb, j) = pos[v];
    s.routes[ra].jobs[i - 1] = v;
    s.routes[rb].jobs[j - 1] = u;
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
        assert!(exercise(&OPERATORS[2]) > 100);
    }
}
