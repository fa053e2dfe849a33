//! Solomon VRPTW benchmark instances (Solomon 1987, "Algorithms for the vehicle routing and
//! scheduling problems with time window constraints", Operations Research 35(2)): reading,
//! translation to a [`Problem`], solving, and a checker in double precision independent of
//! the solver.
//!
//! Conventions (the distance-minimising variant): Euclidean distances in `f64` without rounding;
//! at most the instance's vehicles, each with its capacity; service must *start* by the due date;
//! every vehicle returns to the depot by the depot's due date. Inside the core, distances are
//! integers scaled by [`SCALE`] (rounded) and travel times are scaled and rounded *up*, so a
//! route feasible in integers is feasible in `f64`. The reported distance is recomputed in `f64`.
//!
//! # Units
//! Those of the file (distance = time, dimensionless).

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use super::model::{Job, Matrix, Problem, SolveOptions, TimeWindow, Worker};
use super::params::SearchParams;
use crate::error::{Error, InputError, Result};

/// Integer units per unit of the file, inside the core.
pub const SCALE: f64 = 100_000.0;

/// Tolerance of the `f64` checker on times (file units).
const EPS: f64 = 1e-6;

/// One row of the customer table; row 0 is the depot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Customer {
    /// Number as in the file.
    pub id: usize,
    /// X coordinate.
    pub x: f64,
    /// Y coordinate.
    pub y: f64,
    /// Demand.
    pub demand: f64,
    /// Ready time (earliest service start).
    pub ready: f64,
    /// Due date (latest service start; for the depot, latest return).
    pub due: f64,
    /// Service duration.
    pub service: f64,
}

/// A Solomon instance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instance {
    /// Name (first line of the file).
    pub name: String,
    /// Vehicles available.
    pub vehicles: usize,
    /// Capacity of each vehicle.
    pub capacity: f64,
    /// Depot (index 0) then customers, in file order.
    pub customers: Vec<Customer>,
}

/// What `iro-planner solomon` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SolomonReport {
    /// Instance name.
    pub instance: String,
    /// Total distance, recomputed in `f64`.
    pub distance: f64,
    /// Vehicles used.
    pub vehicles: usize,
    /// Wall-clock seconds of the solve.
    pub seconds: f64,
    /// Customer ids of each route, as in the file.
    pub routes: Vec<Vec<usize>>,
    /// Customers not served (ids); empty on every feasible instance.
    pub unassigned: Vec<usize>,
}

/// Most customer rows (depot included) an instance may have: twice the largest
/// Gehring & Homberger (1999) instances (1,000 customers). The core's travel matrix is dense,
/// `n²` entries, so the bound also bounds memory (2,001² × 16 bytes ≈ 64 MB).
pub const MAX_CUSTOMERS: usize = 2_001;

/// Most vehicles an instance may declare. Solomon's instances have 25, Gehring & Homberger's
/// at most 250; no route serves fewer than one customer, so the core never gets more vehicles
/// than customers whatever the file says.
pub const MAX_VEHICLES: f64 = 100_000.0;

/// Largest magnitude of a coordinate, demand, capacity or time. Solomon's times are below
/// 3,400, Gehring & Homberger's below 10⁵; inside the core a value is scaled by [`SCALE`] into
/// an `i64`, so 10⁹ keeps every route's sums (≤ [`MAX_CUSTOMERS`] legs) far from overflow.
pub const MAX_MAGNITUDE: f64 = 1e9;

/// Parses an instance; `file` names it in errors.
///
/// Lines are the instance name, a `VEHICLE` section (`NUMBER CAPACITY` header, then one row)
/// and a `CUSTOMER` section (`CUST NO. …` header, then one row per customer, the depot first).
///
/// # Errors
/// [`Error::Input`] listing every malformed line (a row that is not 7 numbers, a customer id
/// that is not a whole number or is repeated, numbers out of bounds, a row outside its
/// section), or a missing vehicle section or depot.
pub fn parse(text: &str, file: &Path) -> Result<Instance> {
    let mut errors = Vec::new();
    let mut lines = text.lines().enumerate();
    let name = lines
        .by_ref()
        .map(|(_, l)| l.trim())
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string();
    let mut vehicles = None;
    let mut customers: Vec<Customer> = Vec::new();
    let mut first_line_of: std::collections::HashMap<usize, usize> = Default::default();
    let mut section = "";
    let bounded = |x: f64| x.is_finite() && x.abs() <= MAX_MAGNITUDE;
    for (k, line) in lines {
        let line_no = k + 1;
        let fields: Vec<&str> = line.split_whitespace().collect();
        let Some(first) = fields.first() else {
            continue;
        };
        let word = first.to_ascii_uppercase();
        match word.as_str() {
            "VEHICLE" => {
                section = "vehicle";
                continue;
            }
            "CUSTOMER" => {
                section = "customer";
                continue;
            }
            // Column headers of the two sections.
            "NUMBER" if section == "vehicle" => continue,
            "CUST" if section == "customer" => continue,
            _ => {}
        }
        let nums: Vec<Option<f64>> = fields.iter().map(|f| f.parse::<f64>().ok()).collect();
        match section {
            "vehicle" if vehicles.is_none() => match (nums.first(), nums.get(1), nums.len()) {
                (Some(Some(v)), Some(Some(c)), 2)
                    if (1.0..=MAX_VEHICLES).contains(v)
                        && v.fract() == 0.0
                        && bounded(*c)
                        && *c >= 0.0 =>
                {
                    vehicles = Some((*v as usize, *c));
                }
                _ => errors.push(InputError::at(
                    file,
                    line_no,
                    "VEHICLE",
                    format!("'{}' is not a vehicle count and capacity", line.trim()),
                    format!(
                        "two numbers: NUMBER (a whole number from 1 to {MAX_VEHICLES}) and \
                         CAPACITY (0 to {MAX_MAGNITUDE:e})"
                    ),
                )),
            },
            "customer" => {
                let v: Vec<f64> = nums.iter().filter_map(|x| *x).collect();
                let ok = nums.len() == 7
                    && v.len() == 7
                    && v.iter().all(|&x| bounded(x))
                    && v[0] >= 0.0
                    && v[0].fract() == 0.0
                    && v[3] >= 0.0
                    && v[4] <= v[5]
                    && v[6] >= 0.0;
                if !ok {
                    errors.push(InputError::at(
                        file,
                        line_no,
                        "CUSTOMER",
                        format!("'{}' is not a valid customer row", line.trim()),
                        format!(
                            "7 numbers: id (a whole number) x y demand ready due service, with \
                             ready <= due, no negative id, demand or service, each at most \
                             {MAX_MAGNITUDE:e} in size"
                        ),
                    ));
                    continue;
                }
                let id = v[0] as usize;
                if let Some(first) = first_line_of.insert(id, line_no) {
                    first_line_of.insert(id, first);
                    errors.push(InputError::at(
                        file,
                        line_no,
                        "CUST NO.",
                        format!("customer {id} again (first on line {first})"),
                        "each customer number once",
                    ));
                    continue;
                }
                if customers.len() == MAX_CUSTOMERS {
                    errors.push(InputError::at(
                        file,
                        line_no,
                        "CUSTOMER",
                        format!("more than {MAX_CUSTOMERS} customer rows"),
                        format!("at most {MAX_CUSTOMERS} rows, the depot included"),
                    ));
                    break;
                }
                customers.push(Customer {
                    id,
                    x: v[1],
                    y: v[2],
                    demand: v[3],
                    ready: v[4],
                    due: v[5],
                    service: v[6],
                });
            }
            _ => errors.push(InputError::at(
                file,
                line_no,
                if section.is_empty() {
                    "line"
                } else {
                    "VEHICLE"
                },
                format!("'{}' is outside the VEHICLE and CUSTOMER rows", line.trim()),
                "the instance name, a VEHICLE section with one NUMBER CAPACITY row, then a \
                 CUSTOMER section",
            )),
        }
    }
    if vehicles.is_none() {
        errors.push(InputError::file(
            file,
            "no VEHICLE section with NUMBER and CAPACITY",
        ));
    }
    if customers.is_empty() {
        errors.push(InputError::file(
            file,
            "no CUSTOMER rows (expected the depot then customers)",
        ));
    }
    match vehicles {
        Some((vehicles, capacity)) if errors.is_empty() => Ok(Instance {
            name,
            vehicles,
            capacity,
            customers,
        }),
        _ => Err(Error::Input(errors)),
    }
}

/// Reads and parses an instance file.
///
/// # Errors
/// [`Error::Io`] if unreadable; [`Error::Input`] if malformed.
pub fn read(path: &Path) -> Result<Instance> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(&text, path)
}

fn euclid(a: &Customer, b: &Customer) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

fn scaled(v: f64) -> i64 {
    (v * SCALE).round() as i64
}

/// The routing problem of an instance: job `k` is customer row `k + 1`; location 0 the depot.
///
/// # Errors
/// [`Error::Input`] if the instance has no depot row.
pub fn problem(instance: &Instance) -> Result<Problem> {
    let c = &instance.customers;
    let n = c.len();
    let mut distance = Vec::with_capacity(n * n);
    let mut time = Vec::with_capacity(n * n);
    for a in c {
        for b in c {
            let d = euclid(a, b) * SCALE;
            distance.push(d.round() as i64);
            time.push(d.ceil() as i64);
        }
    }
    let Some(depot) = c.first() else {
        return Err(Error::Input(vec![InputError::file(
            &instance.name,
            "no depot row",
        )]));
    };
    let window = |s: f64, e: f64| TimeWindow {
        start: scaled(s),
        end: scaled(e).max(scaled(s)),
    };
    let jobs = c[1..]
        .iter()
        .enumerate()
        .map(|(k, cu)| Job {
            location: k + 1,
            service: scaled(cu.service),
            demand: scaled(cu.demand),
            windows: vec![window(cu.ready, cu.due)],
            extra_work: 0,
        })
        .collect();
    let worker = Worker {
        start: 0,
        end: 0,
        shift: window(depot.ready, depot.due),
        capacity: scaled(instance.capacity),
        max_duration: None,
        fixed_cost: 0,
        max_travel: None,
        group: None,
    };
    Ok(Problem {
        jobs,
        // No route serves fewer than one customer: more vehicles than customers change nothing.
        workers: vec![worker; instance.vehicles.min(n.saturating_sub(1)).max(1)],
        matrix: Matrix::new(n, distance, time).map_err(Error::Solver)?,
        distance_weight: 1.0,
        time_weight: 0.0,
        group_limits: Vec::new(),
        // Far above any route cost (total distance × SCALE is below 1e10 on these instances).
        unassigned_penalty: 1_000_000_000_000,
        allowed: Vec::new(),
    })
}

/// Checks routes (customer ids) against the instance in `f64`, independently of the solver:
/// each customer at most once, at most `vehicles` routes, capacity, service starting by each
/// due date (waiting allowed), return to the depot by its due date. Returns the total distance.
///
/// # Errors
/// Every violation found.
pub fn check_routes(
    instance: &Instance,
    routes: &[Vec<usize>],
) -> std::result::Result<f64, Vec<String>> {
    let mut errors = Vec::new();
    let c = &instance.customers;
    let index = |id: usize| c.iter().position(|x| x.id == id);
    let mut served = vec![false; c.len()];
    if routes.len() > instance.vehicles {
        errors.push(format!(
            "{} routes for {} vehicles",
            routes.len(),
            instance.vehicles
        ));
    }
    let Some(depot) = c.first() else {
        return Err(vec!["no depot row".into()]);
    };
    let mut total = 0.0;
    for (k, route) in routes.iter().enumerate() {
        let mut at = depot;
        let mut t = depot.ready;
        let mut load = 0.0;
        for &id in route {
            let Some(i) = index(id).filter(|&i| i > 0) else {
                errors.push(format!("route {k}: unknown customer {id}"));
                continue;
            };
            if std::mem::replace(&mut served[i], true) {
                errors.push(format!("customer {id} served twice"));
            }
            let cu = &c[i];
            let d = euclid(at, cu);
            total += d;
            t = (t + d).max(cu.ready);
            if t > cu.due + EPS {
                errors.push(format!(
                    "route {k}: customer {id} starts at {t:.4} after its due {}",
                    cu.due
                ));
            }
            t += cu.service;
            load += cu.demand;
            at = cu;
        }
        let d = euclid(at, depot);
        total += d;
        if t + d > depot.due + EPS {
            errors.push(format!(
                "route {k}: returns at {:.4} after the depot's due {}",
                t + d,
                depot.due
            ));
        }
        if load > instance.capacity + EPS {
            errors.push(format!(
                "route {k}: load {load} over capacity {}",
                instance.capacity
            ));
        }
    }
    for (i, s) in served.iter().enumerate().skip(1) {
        if !s {
            errors.push(format!("customer {} not served", c[i].id));
        }
    }
    if errors.is_empty() {
        Ok(total)
    } else {
        Err(errors)
    }
}

/// Solves a parsed instance.
///
/// # Errors
/// As [`problem`].
pub fn solve_instance(instance: &Instance, options: &SolveOptions) -> Result<SolomonReport> {
    solve_instance_with(instance, options, &SearchParams::default())
}

/// Solves a parsed instance with explicit search parameters.
///
/// # Errors
/// As [`problem`].
pub fn solve_instance_with(
    instance: &Instance,
    options: &SolveOptions,
    params: &SearchParams,
) -> Result<SolomonReport> {
    let started = Instant::now();
    let p = problem(instance)?;
    let solution = super::try_solve(&p, options, params)?;
    let seconds = started.elapsed().as_secs_f64();
    let c = &instance.customers;
    let id = |job: usize| c[job + 1].id;
    let mut distance = 0.0;
    let mut routes = Vec::with_capacity(solution.routes.len());
    for r in &solution.routes {
        // Job k is row k + 1; row 0 is the depot.
        let mut prev = 0;
        for &j in &r.jobs {
            distance += euclid(&c[prev], &c[j + 1]);
            prev = j + 1;
        }
        distance += euclid(&c[prev], &c[0]);
        routes.push(r.jobs.iter().map(|&j| id(j)).collect());
    }
    Ok(SolomonReport {
        instance: instance.name.clone(),
        distance,
        vehicles: routes.len(),
        seconds,
        routes,
        unassigned: solution.unassigned.iter().map(|&j| id(j)).collect(),
    })
}

/// Reads and solves an instance file.
///
/// # Errors
/// As [`read`].
pub fn solve_file(path: &Path, options: &SolveOptions) -> Result<SolomonReport> {
    let instance = read(path)?;
    solve_instance(&instance, options)
}
