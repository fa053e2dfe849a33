//! An independent checker of a routing [`Solution`]: recomputes every rule and figure from the
//! [`Problem`] alone, sharing no code with the solver.

use super::model::{Problem, Solution};

/// Checks `solution` against `problem`: every job served at most once and otherwise listed as
/// unassigned; each worker used at most once; departures, service starts and arrivals consistent
/// with travel times, windows, shifts and `max_duration`; `max_travel`; each group's work limit;
/// capacity; restrictions; and the reported cost, distance and travel time.
///
/// # Errors
/// Every violation found, as readable messages.
pub fn check(problem: &Problem, solution: &Solution) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    let n = problem.jobs.len();
    let m = &problem.matrix;
    // Indices outside the matrix make every other rule meaningless.
    for (j, job) in problem.jobs.iter().enumerate() {
        if job.location >= m.len() {
            errors.push(format!(
                "job {j}: location {} outside the matrix",
                job.location
            ));
        }
    }
    for (w, wk) in problem.workers.iter().enumerate() {
        if wk.start >= m.len() || wk.end >= m.len() {
            errors.push(format!("worker {w}: depot outside the matrix"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut seen = vec![0u32; n];
    let mut group_work = vec![0i64; problem.group_limits.len()];
    let mut worker_used = vec![false; problem.workers.len()];
    let (mut cost, mut distance, mut travel) = (0i64, 0i64, 0i64);
    let arc = |a: usize, b: usize| -> i64 {
        (problem.distance_weight * m.distance(a, b) as f64
            + problem.time_weight * m.time(a, b) as f64)
            .round() as i64
    };
    for (k, route) in solution.routes.iter().enumerate() {
        let Some(wk) = problem.workers.get(route.worker) else {
            errors.push(format!("route {k}: worker {} does not exist", route.worker));
            continue;
        };
        if std::mem::replace(&mut worker_used[route.worker], true) {
            errors.push(format!("worker {} has more than one route", route.worker));
        }
        if route.jobs.is_empty() {
            errors.push(format!("route {k}: empty route reported"));
            continue;
        }
        if route.starts.len() != route.jobs.len() {
            errors.push(format!(
                "route {k}: {} starts for {} jobs",
                route.starts.len(),
                route.jobs.len()
            ));
            continue;
        }
        if route.depart < wk.shift.start {
            errors.push(format!(
                "route {k}: departs at {} before the shift starts at {}",
                route.depart, wk.shift.start
            ));
        }
        cost += wk.fixed_cost;
        let mut t = route.depart;
        let mut at = wk.start;
        let mut load = 0;
        let mut route_travel = 0i64;
        let mut work = 0i64;
        for (&j, &start) in route.jobs.iter().zip(&route.starts) {
            let Some(job) = problem.jobs.get(j) else {
                errors.push(format!("route {k}: job {j} does not exist"));
                continue;
            };
            seen[j] += 1;
            let arrival = t + m.time(at, job.location);
            if start < arrival {
                errors.push(format!(
                    "job {j}: starts at {start} before arriving at {arrival}"
                ));
            }
            if !job.windows.is_empty()
                && !job
                    .windows
                    .iter()
                    .any(|w| w.start <= start && start <= w.end)
            {
                errors.push(format!("job {j}: starts at {start} outside its windows"));
            }
            if let Some(Some(list)) = problem.allowed.get(j) {
                match list.iter().find(|(w, _)| *w == route.worker) {
                    Some(&(_, extra)) => cost += extra,
                    None => {
                        errors.push(format!("job {j}: not allowed for worker {}", route.worker))
                    }
                }
            }
            cost += arc(at, job.location);
            distance += m.distance(at, job.location);
            travel += m.time(at, job.location);
            route_travel += m.time(at, job.location);
            work += m.time(at, job.location) + job.service + job.extra_work;
            load += job.demand;
            t = start + job.service;
            at = job.location;
        }
        let arrival = t + m.time(at, wk.end);
        cost += arc(at, wk.end);
        distance += m.distance(at, wk.end);
        travel += m.time(at, wk.end);
        route_travel += m.time(at, wk.end);
        work += m.time(at, wk.end);
        if let Some(limit) = wk.max_travel
            && route_travel > limit
        {
            errors.push(format!(
                "route {k}: travels {route_travel} over the maximum {limit}"
            ));
        }
        match wk.group.map(|g| group_work.get_mut(g)) {
            Some(Some(w)) => *w += work,
            Some(None) => errors.push(format!("route {k}: worker's group has no limit")),
            None => {}
        }
        if route.arrive < arrival {
            errors.push(format!(
                "route {k}: reports arrival {} before reaching the end at {arrival}",
                route.arrive
            ));
        }
        if route.arrive.max(arrival) > wk.shift.end {
            errors.push(format!(
                "route {k}: ends at {} after the shift ends at {}",
                route.arrive.max(arrival),
                wk.shift.end
            ));
        }
        if let Some(d) = wk.max_duration
            && route.arrive.max(arrival) - route.depart > d
        {
            errors.push(format!(
                "route {k}: lasts {} over the maximum {d}",
                route.arrive.max(arrival) - route.depart
            ));
        }
        if load > wk.capacity {
            errors.push(format!(
                "route {k}: load {load} over capacity {}",
                wk.capacity
            ));
        }
    }
    for (g, (&used, &limit)) in group_work.iter().zip(&problem.group_limits).enumerate() {
        if used > limit {
            errors.push(format!("group {g}: work {used} over its limit {limit}"));
        }
    }
    for &j in &solution.unassigned {
        match seen.get_mut(j) {
            Some(c) => *c += 1,
            None => errors.push(format!("unassigned job {j} does not exist")),
        }
    }
    for (j, &c) in seen.iter().enumerate() {
        if c != 1 {
            errors.push(format!(
                "job {j}: appears {c} times (expected once, routed or unassigned)"
            ));
        }
    }
    cost += problem
        .unassigned_penalty
        .saturating_mul(solution.unassigned.len() as i64);
    if cost != solution.cost {
        errors.push(format!(
            "cost: reported {}, recomputed {cost}",
            solution.cost
        ));
    }
    if distance != solution.distance {
        errors.push(format!(
            "distance: reported {}, recomputed {distance}",
            solution.distance
        ));
    }
    if travel != solution.travel_time {
        errors.push(format!(
            "travel time: reported {}, recomputed {travel}",
            solution.travel_time
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
