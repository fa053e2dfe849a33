//! Solomon reader and solver on bundled instances, checked in f64 by the independent checker.

use std::path::Path;
use std::time::Duration;

use iro_planner::route::SolveOptions;
use iro_planner::route::solomon;

fn bench(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/benchmarks/solomon")
        .join(name)
}

#[test]
fn c101_reaches_the_optimum_feasibly() {
    let path = bench("C101.txt");
    if !path.exists() {
        eprintln!("skipped: {} not present", path.display());
        return;
    }
    let instance = solomon::read(&path).unwrap();
    assert_eq!((instance.vehicles, instance.customers.len()), (25, 101));
    let options = SolveOptions {
        time_limit: Duration::from_secs(600),
        max_iterations: Some(500),
        ..SolveOptions::default()
    };
    let report = solomon::solve_instance(&instance, &options).unwrap();
    let d = solomon::check_routes(&instance, &report.routes).unwrap();
    assert!((d - report.distance).abs() < 1e-9);
    assert!(report.unassigned.is_empty());
    // C101's optimum is 828.94 with 10 routes.
    assert!(report.distance < 828.94 * 1.01, "{}", report.distance);
}

#[test]
fn r1_instance_is_feasible_with_the_fleet() {
    let path = bench("R105.txt");
    if !path.exists() {
        return;
    }
    let instance = solomon::read(&path).unwrap();
    let options = SolveOptions {
        time_limit: Duration::from_secs(600),
        max_iterations: Some(300),
        seed: 2,
        ..SolveOptions::default()
    };
    let report = solomon::solve_instance(&instance, &options).unwrap();
    assert!(solomon::check_routes(&instance, &report.routes).is_ok());
    assert!(report.vehicles <= instance.vehicles);
}

#[test]
fn malformed_rows_are_all_reported_with_lines() {
    let text = "X1\n\nVEHICLE\nNUMBER CAPACITY\n 2 10\n\nCUSTOMER\nCUST NO. ...\n 0 0 0 0 0 100 0\n 1 5 5 1 50 10 1\n 2 5 x 1 0 10 1\n";
    let err = solomon::parse(text, Path::new("x.txt"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("x.txt:10"), "{err}");
    assert!(err.contains("x.txt:11"), "{err}");
}

#[test]
fn checker_rejects_a_late_route() {
    let text = "X2\nVEHICLE\nNUMBER CAPACITY\n 1 10\nCUSTOMER\n 0 0 0 0 0 100 0\n 1 3 4 1 0 4 1\n";
    let instance = solomon::parse(text, Path::new("x.txt")).unwrap();
    // Arrives at 5 > due 4.
    assert!(solomon::check_routes(&instance, &[vec![1]]).is_err());
    let ok = "X3\nVEHICLE\nNUMBER CAPACITY\n 1 10\nCUSTOMER\n 0 0 0 0 0 100 0\n 1 3 4 1 0 5 1\n";
    let instance = solomon::parse(ok, Path::new("x.txt")).unwrap();
    assert_eq!(solomon::check_routes(&instance, &[vec![1]]).unwrap(), 10.0);
}

const HEAD: &str = "X9\nVEHICLE\nNUMBER CAPACITY\n 2 10\nCUSTOMER\nCUST NO. XCOORD.\n";

#[test]
fn a_customer_id_that_is_not_a_number_is_an_error_not_a_skipped_row() {
    let text = format!("{HEAD} 0 0 0 0 0 100 0\n one 5 5 1 0 50 1\n 2 6 6 1 0 50 1\n");
    let err = solomon::parse(&text, Path::new("x.txt"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("x.txt:8: CUSTOMER:"), "{err}");
}

#[test]
fn a_duplicate_customer_id_is_an_error_naming_both_lines() {
    let text = format!("{HEAD} 0 0 0 0 0 100 0\n 1 5 5 1 0 50 1\n 1 6 6 1 0 50 1\n");
    let err = solomon::parse(&text, Path::new("x.txt"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("x.txt:9: CUST NO.: customer 1 again (first on line 8)"),
        "{err}"
    );
}

#[test]
fn unbounded_vehicle_counts_and_magnitudes_are_errors_not_panics() {
    for (vehicle_row, customer_row) in [
        (" 1e30 10", " 1 5 5 1 0 50 1"),
        (" 100000000 10", " 1 5 5 1 0 50 1"),
        (" 2 1e300", " 1 5 5 1 0 50 1"),
        (" 2 10", " 1 1e300 5 1 0 50 1"),
        (" 2 10", " 18446744073709551616 5 5 1 0 50 1"),
    ] {
        let text = format!(
            "X9\nVEHICLE\nNUMBER CAPACITY\n{vehicle_row}\nCUSTOMER\n 0 0 0 0 0 100 0\n{customer_row}\n"
        );
        let e = solomon::parse(&text, Path::new("x.txt"));
        assert!(e.is_err(), "{vehicle_row} / {customer_row}");
    }
}

#[test]
fn more_vehicles_than_customers_solve_with_one_route_per_customer_at_most() {
    let text =
        "X9\nVEHICLE\nNUMBER CAPACITY\n 90000 10\nCUSTOMER\n 0 0 0 0 0 100 0\n 1 5 5 1 0 50 1\n";
    let instance = solomon::parse(text, Path::new("x.txt")).expect("parses");
    let options = iro_planner::route::SolveOptions {
        time_limit: std::time::Duration::from_millis(200),
        threads: 1,
        ..Default::default()
    };
    let report = solomon::solve_instance(&instance, &options).expect("solves");
    assert_eq!(report.routes, vec![vec![1]]);
}
