//! Independent councils (a `council` column, not pooled) share no IRO: the allocation falls
//! apart into one problem per council, solved in parallel (rayon). Each is council-sized, so
//! the exact MILP can take it, far areas' fixed charges included; the answers are put back
//! together with their objectives and bounds summed.
//!
//! A change budget couples the councils, so with one the caseload is solved whole.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::{AllocateOptions, AllocationResult, Change, Geography, Pruning, allocate_one};
use crate::domain::{Caseload, ChildId, IroId};
use crate::error::Result;

/// One council's sub-caseload and how its ids map back.
pub(crate) struct Part {
    caseload: Caseload,
    options: AllocateOptions,
    /// Child of the part → child of the whole.
    children: Vec<ChildId>,
    /// IRO of the part → IRO of the whole.
    iros: Vec<IroId>,
}

/// The caseload split by council: each council's children with its own IROs (and those of no
/// council). A child without a council, or IROs of no council with children of several
/// councils, keep the caseload whole (one part).
pub(crate) fn by_council(caseload: &Caseload, options: &AllocateOptions) -> Vec<Part> {
    let mut councils: BTreeMap<&str, (Vec<ChildId>, Vec<IroId>)> = BTreeMap::new();
    for c in caseload.child_ids() {
        match caseload.child(c).council.as_deref() {
            Some(k) => councils.entry(k).or_default().0.push(c),
            None => return Vec::new(),
        }
    }
    for i in caseload.iro_ids() {
        match caseload.iro(i).council.as_deref() {
            Some(k) => councils.entry(k).or_default().1.push(i),
            None => return Vec::new(),
        }
    }
    councils
        .into_values()
        .filter(|(children, _)| !children.is_empty())
        .map(|(children, iros)| part(caseload, options, children, iros))
        .collect()
}

fn part(
    caseload: &Caseload,
    options: &AllocateOptions,
    children: Vec<ChildId>,
    iros: Vec<IroId>,
) -> Part {
    let mut new_iro: Vec<Option<IroId>> = vec![None; caseload.iros.len()];
    for (k, &i) in iros.iter().enumerate() {
        new_iro[i.idx()] = Some(IroId(k as u32));
    }
    let map = |i: &IroId| new_iro[i.idx()];
    let sub_children = children
        .iter()
        .map(|&c| {
            let mut ch = caseload.child(c).clone();
            ch.current_iro = ch.current_iro.as_ref().and_then(map);
            ch.planned_iro = ch.planned_iro.as_ref().and_then(map);
            ch.exclude_iros = ch.exclude_iros.iter().filter_map(map).collect();
            ch
        })
        .collect();
    let sub_options = AllocateOptions {
        unreachable: children
            .iter()
            .map(|c| {
                options
                    .unreachable
                    .get(c.idx())
                    .map_or_else(Vec::new, |u| u.iter().filter_map(map).collect())
            })
            .collect(),
        ..options.clone()
    };
    Part {
        caseload: Caseload {
            children: sub_children,
            iros: iros.iter().map(|&i| caseload.iro(i).clone()).collect(),
            absences: caseload
                .absences
                .iter()
                .filter_map(|a| map(&a.iro).map(|iro| crate::domain::Absence { iro, ..*a }))
                .collect(),
            config: caseload.config.clone(),
            matrix: caseload.matrix.clone(),
        },
        options: sub_options,
        children,
        iros,
    }
}

/// Solves every part in parallel and puts the answers together.
pub(crate) fn solve<G: Geography + Sync>(
    caseload: &Caseload,
    parts: Vec<Part>,
    geo: &G,
) -> Result<AllocationResult> {
    let solved: Vec<Result<AllocationResult>> = parts
        .par_iter()
        .map(|p| allocate_one(&p.caseload, &p.options, geo))
        .collect();
    let mut input_errors = Vec::new();
    let mut results = Vec::with_capacity(parts.len());
    for r in solved {
        match r {
            Ok(r) => results.push(r),
            Err(crate::Error::Input(es)) => input_errors.extend(es),
            Err(e) => return Err(e),
        }
    }
    if !input_errors.is_empty() {
        return Err(crate::Error::Input(input_errors));
    }
    let mut assignment = vec![IroId(0); caseload.children.len()];
    let mut rows: Vec<Option<super::IroRow>> = vec![None; caseload.iros.len()];
    let mut changes = Vec::new();
    let mut merged = MergedFigures::default();
    for (p, r) in parts.iter().zip(results) {
        for (k, &c) in p.children.iter().enumerate() {
            assignment[c.idx()] = p.iros[r.assignment[k].idx()];
        }
        merged.add(&r);
        for row in r.rows {
            let iro = p.iros[row.iro.idx()];
            rows[iro.idx()] = Some(super::IroRow { iro, ..row });
        }
        changes.extend(r.changes.iter().map(|ch| Change {
            child: p.children[ch.child.idx()],
            from: p.iros[ch.from.idx()],
            to: p.iros[ch.to.idx()],
        }));
    }
    let cb = &caseload.config.caseload;
    let n = caseload.children.len() as f64;
    let rows = caseload
        .iro_ids()
        .map(|i| {
            rows[i.idx()]
                .clone()
                .unwrap_or_else(|| super::IroRow::empty(i, caseload.fte(i), 0, 0))
        })
        .collect();
    Ok(AllocationResult {
        assignment,
        rows,
        changes,
        objective: merged.objective,
        lower_bound: merged.lower_bound,
        gap: (merged.objective - merged.lower_bound).max(0.0) / merged.objective.abs().max(1.0),
        seconds: merged.seconds,
        backend: merged.backend.unwrap_or(super::Backend::MinCostFlow),
        shortfall_children: merged.shortfall,
        shortfall_fte: merged.shortfall as f64 / cb.band_max_per_fte,
        worst_overload: merged.worst_overload,
        required_fte_band: n / cb.band_max_per_fte,
        required_fte_target: n / cb.target_per_fte,
        candidates: merged.candidates,
        pruning: merged.pruning.unwrap_or(Pruning::Exhaustive),
    })
}

/// Sums and summaries over the councils' answers.
#[derive(Default)]
struct MergedFigures {
    objective: f64,
    lower_bound: f64,
    seconds: f64,
    backend: Option<super::Backend>,
    shortfall: u64,
    worst_overload: u32,
    candidates: usize,
    pruning: Option<Pruning>,
}

impl MergedFigures {
    fn add(&mut self, r: &AllocationResult) {
        self.objective += r.objective;
        self.lower_bound += r.lower_bound;
        // The councils run in parallel: the longest is the wall time of the whole.
        self.seconds = self.seconds.max(r.seconds);
        // The weakest backend names the whole: the flow if any council needed it.
        self.backend = Some(match (self.backend, r.backend) {
            (Some(super::Backend::MinCostFlow), _) | (_, super::Backend::MinCostFlow) => {
                super::Backend::MinCostFlow
            }
            (_, b) => b,
        });
        self.shortfall += r.shortfall_children;
        self.worst_overload = self.worst_overload.max(r.worst_overload);
        self.candidates = self.candidates.max(r.candidates);
        self.pruning = Some(match (self.pruning, r.pruning) {
            (Some(Pruning::MayHaveCut { items: a }), Pruning::MayHaveCut { items: b }) => {
                Pruning::MayHaveCut { items: a + b }
            }
            (Some(p @ Pruning::MayHaveCut { .. }), _) | (_, p @ Pruning::MayHaveCut { .. }) => p,
            (Some(Pruning::NotChecked), _) | (_, Pruning::NotChecked) => Pruning::NotChecked,
            (Some(Pruning::ProvedSafe), _) | (_, Pruning::ProvedSafe) => Pruning::ProvedSafe,
            _ => Pruning::Exhaustive,
        });
    }
}
