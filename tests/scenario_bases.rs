//! `bases` agrees with `compare`: for a vacancy, the saving shown for a town is `compare`'s for
//! "the vacancy filled there" against "the vacancy filled at its own base"; for an additional
//! post, net of its salary; named towns are always shown; overlapping ranges are ties.

mod scenario_common;

use iro_planner::domain::Hours;
use iro_planner::scenario::bases::{BasesRequest, Candidate, Question, bases, bases_csv};
use iro_planner::scenario::{Request, Scenario, compare_with};

fn named(n: &str) -> Candidate {
    Candidate::named(n).unwrap()
}

#[test]
fn the_saving_for_a_town_is_compares_for_the_same_scenario() {
    let (d, cl) = scenario_common::council(48);
    let req = BasesRequest {
        question: Question::Vacancy { id: "VAC1".into() },
        candidates: vec![named("Bristol"), named("Exeter")],
        include: vec![named("Birmingham")],
        top: 1,
        project: false,
    };
    let r = bases(&cl, &req).unwrap();
    // The best screened candidate and the named one (which may be the same).
    assert!((1..=2).contains(&r.rows.len()), "{:?}", r.rows);
    let bhm = r.rows.iter().find(|x| x.name == "Birmingham").unwrap();
    assert!(bhm.included);
    assert_eq!(bhm.salary, 0.0, "a budgeted vacancy adds no salary");

    let scenario = |text: &str| Scenario::from_toml(text, &d.path().join("s.toml")).unwrap();
    let at_home = scenario("name='home'\n[[lever]]\nkind='fill_vacancy'\nid='VAC1'\n");
    let there =
        scenario("name='bhm'\n[[lever]]\nkind='fill_vacancy'\nid='VAC1'\nbase='Birmingham'\n");
    let c = compare_with(
        &cl,
        &Request {
            baseline: Some(&at_home),
            scenarios: std::slice::from_ref(&there),
            project: false,
            ranges: true,
        },
    )
    .unwrap();
    let want = &c.scenarios[1];
    let within = |a: f64, b: f64| (a - b).abs() <= 0.01 * b.abs().max(1.0);
    assert!(
        within(bhm.travel(), want.saving.cost_travel),
        "bases {} vs compare {}",
        bhm.travel(),
        want.saving.cost_travel
    );
    assert!(within(bhm.net(), want.saving.cost_total));
    let range = want.saving_range.unwrap();
    assert!(within(bhm.net_range().0, range.low.cost_total));
    assert!(within(bhm.net_range().1, range.high.cost_total));
}

#[test]
fn an_additional_post_is_net_of_its_salary_and_overlapping_ranges_tie() {
    let (_d, cl) = scenario_common::council(40);
    let req = BasesRequest {
        question: Question::Additional {
            hours: Hours::new(37.0).unwrap(),
        },
        candidates: Vec::new(),
        include: vec![
            named("Birmingham"),
            named("Wolverhampton"),
            named("Norwich"),
        ],
        top: 0,
        project: false,
    };
    let r = bases(&cl, &req).unwrap();
    assert_eq!(r.rows.len(), 3, "named towns are always shown");
    let salary = cl.config.costs.iro_salary_with_oncosts;
    for row in &r.rows {
        assert!((row.salary - salary).abs() < 1e-6);
        // Net = travel saved − salary + agency cover saved (no placements change).
        assert!((row.net() - (row.travel() - salary + row.saving.cost_agency)).abs() < 1e-6);
    }
    // Best net first; a candidate is tied exactly when its range reaches the leader's low end.
    let lead = &r.rows[0];
    assert!(!lead.tied);
    for row in &r.rows[1..] {
        assert!(row.net() <= lead.net());
        assert_eq!(
            row.tied,
            row.net_range().1 >= lead.net_range().0,
            "{}",
            row.name
        );
    }
    assert_eq!(r.robust, !r.rows.iter().any(|x| x.tied));
    // Birmingham and Wolverhampton serve the same Midlands children: their ranges overlap.
    let wol = r.rows.iter().find(|x| x.name == "Wolverhampton").unwrap();
    let bhm = r.rows.iter().find(|x| x.name == "Birmingham").unwrap();
    assert!(wol.tied || bhm.tied, "{:?}", r.rows);
    let csv = bases_csv(&r);
    assert!(
        csv.starts_with(
            "rank,candidate,screen_saving,travel_saving,net_saving,miles_saving,salary,"
        )
    );
    assert_eq!(csv.lines().count(), 4);
}
