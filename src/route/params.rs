//! Search parameters of the ruin-and-recreate metaheuristic, with their sources.
//!
//! These tune the algorithm, not the service: they are not a manager's numbers and so live with
//! the solver rather than in `config.toml`.

/// Parameters of [`super::solve_with`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchParams {
    /// Average number of jobs removed per ruin (SISR's c̄ = 10; 15 measured better here on the
    /// long routes of Solomon's R2/RC2 at a few seconds per instance).
    pub mean_removed: f64,
    /// Maximum string length (SISR's L^max = 10).
    pub max_string_len: f64,
    /// Probability of a plain string rather than a split string (SISR: 0.5).
    pub split_rate: f64,
    /// Probability of keeping one more job inside a split string (geometric; SISR's split
    /// depth parameter, chosen here so that on average two jobs are kept).
    pub split_depth: f64,
    /// Probability of skipping an insertion position (SISR's blink rate 0.01).
    pub blink_rate: f64,
    /// Start temperature of simulated annealing, as a multiple of the construction's mean arc
    /// cost. SISR uses 100 on Solomon distances (mean arc ≈ 10) over far longer runs; a cooler
    /// start suits runs of seconds.
    pub start_temperature: f64,
    /// Final temperature, as a multiple of the mean arc cost (SISR: 1 on Solomon ≈ 0.1).
    pub end_temperature: f64,
    /// Probability that a ruin removes one whole route instead of strings (route elimination;
    /// chosen by tuning on Solomon C2, where one route too many is a deep local optimum).
    pub route_removal_rate: f64,
    /// Repair steps with the fleet fixed after removing a route (see `ruin_route`). Off by
    /// default: at 50 it reached fewer routes but often longer distances (R211, RC208), and
    /// the annealing rarely recovered within seconds.
    pub elimination_repairs: usize,
    /// Share of a time-limited run after which the search tries to remove one route
    /// ([`super::fleet`]) and anneals again from there; 1 or more disables the split. Not
    /// used when an iteration limit is set.
    pub reduce_at: f64,
    /// Share of a time-limited run that the one-route reduction may take at most.
    pub reduce_share: f64,
    /// Run the local-search descent on every new best solution.
    pub local_search: bool,
    /// After every recreate, descend with moves of the reinserted jobs (measured: lower mean gap
    /// on R2/RC2 at equal time, fewer but better iterations).
    pub local_search_each: bool,
    /// Neighbours per job considered by local-search moves (granular neighbourhood, Toth & Vigo
    /// 2003; HGS uses 40).
    pub granularity: usize,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            mean_removed: 15.0,
            max_string_len: 10.0,
            split_rate: 0.5,
            split_depth: 0.5,
            blink_rate: 0.01,
            start_temperature: 1.0,
            end_temperature: 0.01,
            route_removal_rate: 0.02,
            elimination_repairs: 0,
            reduce_at: 0.5,
            reduce_share: 0.15,
            local_search: true,
            local_search_each: true,
            granularity: 40,
        }
    }
}
