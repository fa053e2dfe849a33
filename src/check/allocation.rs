//! Allocation rules (DESIGN.md §5): each child exactly one IRO, who is in post (not a vacancy);
//! siblings with the same IRO; locked children kept with their current IRO; excluded IROs never
//! given the case; every IRO within its caseload band maximum unless the summary's `over_band`
//! declares the shortfall; each child with an IRO of its own council unless the service is
//! pooled (`allocation.pooled`); the written continuity columns and one-way miles true to the
//! inputs.

use std::collections::{BTreeMap, HashMap};

use super::{Ctx, Findings, shown, tolerance};
use crate::domain::{ChildId, IroId};

/// The IRO each child was given in `allocation.csv` (first valid row), by child index.
pub fn allocated(ctx: &Ctx<'_>) -> Vec<Option<IroId>> {
    let mut out = vec![None; ctx.caseload.children.len()];
    for row in &ctx.plan.allocation {
        if let (Some(&c), Some(&i)) = (
            ctx.child_by_ext.get(row.child_id.as_str()),
            ctx.iro_by_ext.get(row.iro_id.as_str()),
        ) && out[c.idx()].is_none()
        {
            out[c.idx()] = Some(i);
        }
    }
    out
}

/// Checks the allocation rules.
pub fn check(ctx: &Ctx<'_>, f: &mut Findings) {
    let cl = ctx.caseload;
    let mut rows_of: HashMap<ChildId, Vec<&str>> = HashMap::new();
    for row in &ctx.plan.allocation {
        let Some(&c) = ctx.child_by_ext.get(row.child_id.as_str()) else {
            f.push(format!(
                "allocation.csv:{}: child {} is not in the inputs",
                row.line, row.child_id
            ));
            continue;
        };
        rows_of.entry(c).or_default().push(row.iro_id.as_str());
        let child = cl.child(c);
        let Some(&iro) = ctx.iro_by_ext.get(row.iro_id.as_str()) else {
            f.push(format!(
                "allocation.csv: child {} given unknown IRO {}",
                row.child_id, row.iro_id
            ));
            continue;
        };
        f.check(!cl.iro(iro).vacant, || {
            format!(
                "allocation.csv: child {} given IRO {}, a vacant post",
                row.child_id, row.iro_id
            )
        });
        if child.locked
            && let Some(cur) = child.current_iro
        {
            f.check(cur == iro, || {
                format!(
                    "allocation.csv: child {} is locked to IRO {} but given {}",
                    row.child_id,
                    cl.iro(cur).external_id,
                    row.iro_id
                )
            });
        }
        f.check(!child.exclude_iros.contains(&iro), || {
            format!(
                "allocation.csv: child {} given IRO {}, who is excluded from the case",
                row.child_id, row.iro_id
            )
        });
        if !cl.config.allocation.pooled
            && let (Some(own), Some(theirs)) = (&child.council, &cl.iro(iro).council)
        {
            f.check(own == theirs, || {
                format!(
                    "allocation.csv: child {} of council {own} given IRO {} of council {theirs} \
                     (councils are independent unless planned as a pooled service)",
                    row.child_id, row.iro_id
                )
            });
        }
        let prev = child
            .current_iro
            .map_or("", |p| cl.iro(p).external_id.as_str());
        f.check(row.previous_iro_id == prev, || {
            format!(
                "allocation.csv: child {} previous_iro_id '{}' but the inputs say '{prev}'",
                row.child_id, row.previous_iro_id
            )
        });
        let changed = child.current_iro.is_some_and(|p| p != iro);
        f.check(row.changed == changed, || {
            format!(
                "allocation.csv: child {} changed {} but it should be {changed}",
                row.child_id, row.changed
            )
        });
        let miles = (ctx.leg)(cl.iro(iro).base, child.location).miles;
        f.check(
            (row.miles_one_way - miles).abs() <= tolerance::MILES_PER_LEG,
            || {
                format!(
                    "allocation.csv: child {} miles_one_way {:.2} but the travel model gives {miles:.2}",
                    row.child_id, row.miles_one_way
                )
            },
        );
    }
    for c in cl.child_ids() {
        let ext = &cl.child(c).external_id;
        match rows_of.get(&c).map(Vec::as_slice) {
            None | Some([]) => f.push(format!(
                "allocation.csv: child {ext} has no IRO (missing from the allocation)"
            )),
            Some([_]) => f.checked += 1,
            Some(many) => f.push(format!(
                "allocation.csv: child {ext} given {} IROs ({})",
                many.len(),
                many.join(", ")
            )),
        }
    }
    let alloc = allocated(ctx);
    for item in cl.sibling_items().iter().filter(|g| g.len() > 1) {
        let mut by_iro: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for &c in item {
            if let Some(i) = alloc[c.idx()] {
                by_iro
                    .entry(cl.iro(i).external_id.as_str())
                    .or_default()
                    .push(cl.child(c).external_id.as_str());
            }
        }
        f.check(by_iro.len() <= 1, || {
            let group = cl.child(item[0]).sibling_group.clone().unwrap_or_default();
            let parts: Vec<String> = by_iro
                .iter()
                .map(|(i, cs)| format!("{} with {i}", cs.join(", ")))
                .collect();
            format!(
                "allocation.csv: sibling group {group} split: {}",
                parts.join("; ")
            )
        });
    }
    let declared: HashMap<&str, Option<u64>> = ctx
        .plan
        .summary
        .over_band
        .iter()
        .map(|o| (o.iro_id.as_str(), o.children))
        .collect();
    let mut load = vec![0usize; cl.iros.len()];
    for i in alloc.iter().flatten() {
        load[i.idx()] += 1;
    }
    let bands = cl.bands();
    for i in cl.iro_ids() {
        let n = load[i.idx()];
        let (_, max) = bands[i.idx()];
        let ext = cl.iro(i).external_id.as_str();
        let over = n > max as usize;
        match declared.get(ext) {
            Some(children) => f.check(over && children.is_none_or(|d| d == n as u64), || {
                format!(
                    "summary.json: over_band declares IRO {ext} ({} children) but the allocation \
                     gives {n} children against a band maximum of {max}",
                    shown(*children, |d| d.to_string())
                )
            }),
            None => f.check(!over, || {
                format!(
                    "allocation.csv: IRO {ext} holds {n} children, over the band maximum of {max} \
                     by {}, and summary.json over_band does not declare it",
                    n - max as usize
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::check;
    use crate::domain::IroId;

    #[test]
    fn vacant_post_lock_and_exclusion() {
        let (mut cl, plan) = council();
        cl.iros[0].vacant = true;
        cl.children[0].exclude_iros.push(IroId(0));
        let v = run(&cl, &plan, check);
        assert!(has(&v, &["child C1 given IRO A, a vacant post"]), "{v:#?}");
        assert!(
            has(&v, &["child C1 given IRO A, who is excluded"]),
            "{v:#?}"
        );
    }

    #[test]
    fn lock_to_another_iro() {
        let (mut cl, plan) = council();
        let mut b = cl.iros[0].clone();
        b.external_id = "B".into();
        cl.iros.push(b);
        cl.children[0].current_iro = Some(IroId(1));
        cl.children[0].locked = true;
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["child C1 is locked to IRO B but given A"]),
            "{v:#?}"
        );
        assert!(
            has(&v, &["previous_iro_id 'A' but the inputs say 'B'"]),
            "{v:#?}"
        );
        assert!(has(&v, &["changed false but it should be true"]), "{v:#?}");
    }

    #[test]
    fn unknown_child_and_wrong_miles() {
        let (cl, mut plan) = council();
        let mut extra = plan.allocation[0].clone();
        extra.child_id = "ZZ".into();
        plan.allocation.push(extra);
        plan.allocation[0].miles_one_way += 1.0;
        let v = run(&cl, &plan, check);
        assert!(has(&v, &["child ZZ is not in the inputs"]), "{v:#?}");
        assert!(
            has(&v, &["miles_one_way 7.00 but the travel model gives 6.00"]),
            "{v:#?}"
        );
    }

    #[test]
    fn over_band_declared_wrongly() {
        let (cl, mut plan) = council();
        plan.summary
            .over_band
            .push(crate::check::read::SummaryOverBand {
                iro_id: "A".into(),
                children: Some(1),
            });
        let v = run(&cl, &plan, check);
        assert!(
            has(&v, &["over_band declares IRO A (1 children)"]),
            "{v:#?}"
        );
    }

    #[test]
    fn over_band_undeclared() {
        let (mut cl, plan) = council();
        cl.iros[0].max_caseload = Some(0);
        let v = run(&cl, &plan, check);
        assert!(
            has(
                &v,
                &["IRO A holds 1 children, over the band maximum of 0 by 1"]
            ),
            "{v:#?}"
        );
    }
}
