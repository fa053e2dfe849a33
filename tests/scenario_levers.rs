//! Each lever applied to a small council; bad scenario files give clear errors.

mod scenario_common;

use std::path::Path;

use iro_planner::Error;
use iro_planner::domain::PlacementType;
use iro_planner::scenario::Scenario;

fn scenario(text: &str) -> Scenario {
    Scenario::from_toml(text, Path::new("s.toml")).unwrap()
}

fn errors(text: &str, cl: &iro_planner::domain::Caseload) -> Vec<String> {
    let r = Scenario::from_toml(text, Path::new("s.toml")).and_then(|s| s.apply(cl).map(|_| ()));
    match r {
        Err(Error::Input(es)) => es.iter().map(|e| e.to_string()).collect(),
        other => panic!("expected input errors, got {other:?}"),
    }
}

#[test]
fn add_iro_carries_its_salary() {
    let (_d, cl) = scenario_common::council(40);
    let a = scenario("name='x'\n[[lever]]\nkind='add_iro'\nid='BHM'\nbase='Birmingham'\nhours=37\nworking_days='Mon,Tue,Wed,Thu,Fri'\n")
        .apply(&cl)
        .unwrap();
    assert_eq!(a.caseload.iros.len(), cl.iros.len() + 1);
    let new = a.caseload.iros.last().unwrap();
    assert_eq!(new.external_id, "BHM");
    assert!((new.base.lat() - 52.48).abs() < 0.1);
    assert!((a.posts_annual_change - cl.config.costs.iro_salary_with_oncosts).abs() < 1e-6);
}

#[test]
fn remove_move_change_hours_fill_vacancy() {
    let (_d, cl) = scenario_common::council(40);
    let a = scenario(
        "name='x'\n\
         [[lever]]\nkind='remove_iro'\nid='IRO3'\n\
         [[lever]]\nkind='move_iro'\nid='IRO2'\nbase='Bristol'\n\
         [[lever]]\nkind='change_hours'\nid='IRO1'\nhours=30\n\
         [[lever]]\nkind='fill_vacancy'\nid='VAC1'\nbase='Birmingham'\n",
    )
    .apply(&cl)
    .unwrap();
    let c = &a.caseload;
    assert!(c.iros[2].vacant);
    assert!((c.iros[1].base.lat() - 51.45).abs() < 0.1);
    assert_eq!(c.iros[0].hours_per_week, 30.0);
    assert!(!c.iros[3].vacant && (c.iros[3].base.lat() - 52.48).abs() < 0.1);
    let s = cl.config.costs.iro_salary_with_oncosts;
    // IRO3 (0.5 FTE) removed, IRO1 loses 7 h; the vacancy is budgeted.
    let expected = -0.5 * s - 7.0 / 37.0 * s;
    assert!(
        (a.posts_annual_change - expected).abs() < 1e-6,
        "{}",
        a.posts_annual_change
    );
}

#[test]
fn remove_children_rules_and_placement_saving() {
    let (_d, cl) = scenario_common::council(60);
    let a =
        scenario("name='x'\n[[lever]]\nkind='remove_children'\ncount=10\nrule='external_first'\n")
            .apply(&cl)
            .unwrap();
    assert_eq!(a.caseload.children.len(), 50);
    // 20 of 60 are external: the 10 removed are all external.
    assert!((a.placement_weekly_change + 10.0 * 800.0).abs() < 1e-9);
    let ids = scenario("name='x'\n[[lever]]\nkind='remove_children'\nids=['C001','C002']\n")
        .apply(&cl)
        .unwrap();
    assert_eq!(ids.caseload.children.len(), 58);
    assert!((ids.placement_weekly_change + 2.0 * 375.0).abs() < 1e-9);
    let r1 =
        scenario("name='x'\n[[lever]]\nkind='remove_children'\ncount=5\nrule='random'\nseed=3\n")
            .apply(&cl)
            .unwrap();
    let r2 =
        scenario("name='x'\n[[lever]]\nkind='remove_children'\ncount=5\nrule='random'\nseed=3\n")
            .apply(&cl)
            .unwrap();
    let ids = |a: &iro_planner::scenario::Applied| {
        a.caseload
            .children
            .iter()
            .map(|c| c.external_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&r1), ids(&r2));
    let far =
        scenario("name='x'\n[[lever]]\nkind='remove_children'\ncount=5\nrule='furthest_first'\n")
            .apply(&cl)
            .unwrap();
    // The farthest placements are Wolverhampton and Birmingham.
    assert!(far.caseload.children.len() == 55);
    assert!(
        far.caseload
            .children
            .iter()
            .filter(|c| c.placement_label.contains("Wolverhampton"))
            .count()
            < cl.children
                .iter()
                .filter(|c| c.placement_label.contains("Wolverhampton"))
                .count()
    );
}

#[test]
fn bring_home_moves_out_of_area_children_into_the_council() {
    let (_d, cl) = scenario_common::council(40);
    let a = scenario("name='x'\n[[lever]]\nkind='bring_home'\ncount=4\n")
        .apply(&cl)
        .unwrap();
    let moved: Vec<_> = cl
        .children
        .iter()
        .zip(&a.caseload.children)
        .filter(|(b, c)| b.location != c.location)
        .collect();
    assert_eq!(moved.len(), 4);
    for (before, after) in &moved {
        assert!(after.location.lat() < 51.2, "moved into Dorset");
        assert_eq!(after.placement_type, Some(PlacementType::Internal));
        assert!(before.placement_label.contains("ham")); // Birmingham or Wolverhampton
    }
    let to = scenario("name='x'\n[[lever]]\nkind='bring_home'\ncount=2\nto=['Dorchester']\n")
        .apply(&cl)
        .unwrap();
    assert_eq!(
        to.caseload
            .children
            .iter()
            .filter(|c| c.placement_label == "Dorchester")
            .count(),
        2
    );
}

#[test]
fn config_levers() {
    let (_d, cl) = scenario_common::council(20);
    let a = scenario(
        "name='x'\n\
         [[lever]]\nkind='review_mode'\nvirtual_over_miles=100\nalternate=false\n\
         [[lever]]\nkind='caseload_band'\nmin=45\nmax=65\n\
         [[lever]]\nkind='absence'\niros=['IRO1','IRO2']\nfrom=2027-01-04\nto='2027-03-31'\n\
         [[lever]]\nkind='continuity'\nmax_changes=5\ncost=300\n",
    )
    .apply(&cl)
    .unwrap();
    let c = &a.caseload.config;
    assert_eq!(c.virtual_reviews.over_miles, Some(100.0));
    assert!(!c.virtual_reviews.alternate);
    assert_eq!(
        (c.caseload.band_min_per_fte, c.caseload.band_max_per_fte),
        (45.0, 65.0)
    );
    assert_eq!(a.caseload.absences.len(), cl.absences.len() + 2);
    assert_eq!(c.allocation.max_changes, Some(5));
    assert_eq!(c.allocation.continuity_cost, 300.0);
}

#[test]
fn merge_appends_another_council() {
    let (d, cl) = scenario_common::council(20);
    let other = d.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    scenario_common::write_council(&other, 10);
    let text = "name='x'\n[[lever]]\nkind='merge'\ndata='other'\n";
    let s = Scenario::from_toml(text, &d.path().join("s.toml")).unwrap();
    let a = s.apply(&cl).unwrap();
    assert_eq!(a.caseload.children.len(), 30);
    assert_eq!(a.caseload.iros.len(), 8);
    let merged = &a.caseload.children[20];
    assert_eq!(merged.external_id, "other-C000");
    assert_eq!(merged.current_iro.map(|i| i.0), Some(4));
}

#[test]
fn bad_scenarios_name_file_line_lever_and_expectation() {
    let (_d, cl) = scenario_common::council(20);
    let e = errors("name='x'\n[[lever]]\nkind='teleport'\n", &cl);
    assert!(
        e[0].starts_with("s.toml:2: lever 1 (teleport): unknown variant `teleport`"),
        "{e:?}"
    );
    let e = errors("name='x'\n\n[[lever]]\nkind='remove_iro'\nid='IRO9'\n", &cl);
    assert!(
        e[0].contains("s.toml:3: lever 1 (remove_iro): unknown IRO id 'IRO9'"),
        "{e:?}"
    );
    assert!(e[0].contains("IRO1"), "lists known ids: {e:?}");
    let e = errors(
        "name='x'\n[[lever]]\nkind='change_hours'\nid='IRO1'\nhours=0\n[[lever]]\nkind='add_iro'\nid='N'\nbase='Dorchester'\nhours=80\n",
        &cl,
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].contains("hours 0") && e[1].contains("s.toml:6: lever 2 (add_iro): hours 80"),
        "{e:?}"
    );
    let e = errors(
        "name='x'\n[[lever]]\nkind='move_iro'\nid='IRO1'\nbase='Birmingam'\n",
        &cl,
    );
    assert!(
        e[0].contains("base: unknown place name 'Birmingam'") && e[0].contains("Birmingham"),
        "{e:?}"
    );
    let e = errors(
        "name='x'\n[[lever]]\nkind='remove_children'\ncount=500\n",
        &cl,
    );
    assert!(
        e[0].contains("count 500 is more than the 20 children known"),
        "{e:?}"
    );
    let e = errors("name='x'\n[[lever]]\nkind='fill_vacancy'\nid='IRO1'\n", &cl);
    assert!(e[0].contains("not a vacant post"), "{e:?}");
    let e = errors(
        "name='x'\n[[lever]]\nkind='remove_iro'\nid='IRO1'\ncolour='red'\n",
        &cl,
    );
    assert!(e[0].contains("colour"), "{e:?}");
}

#[test]
fn a_bad_lever_is_reported_with_its_unknown_names_and_does_not_blame_later_levers() {
    let (_d, cl) = scenario_common::council(20);
    let s = Scenario::read(
        "name='x'\n[[lever]]\nkind='add_iro'\nid='NEW'\nbase='Atlantis'\nhours=99\n\
         [[lever]]\nkind='move_iro'\nid='NEW'\nbase='Birmingham'\n",
        Path::new("s.toml"),
    )
    .expect("a scenario's tables");
    let e = match s.apply(&cl) {
        Err(Error::Input(es)) => es.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
        other => panic!("expected input errors, got {other:?}"),
    };
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].starts_with("s.toml:2: lever 1 (add_iro): hours 99"),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("s.toml:2: lever 1 (add_iro): base: unknown place name 'Atlantis'"),
        "{e:?}"
    );
}
