//! `tana plan` on the demo (the golden test): the State's requested
//! workstreams come first, in an order that respects their dependencies;
//! every need is in exactly one workstream; each workstream names a
//! provider or says that none fits; the funded/unfunded split follows the
//! funds and their earmarks; the programmes under way are found as
//! overlaps. The text is snapshotted.

use std::path::Path;
use std::process::{Command, Output};

use insta_cmd::assert_cmd_snapshot;

use crate::common::tana_bin;

fn tana(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(tana_bin())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "tana {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    tana(dir.path(), &["demo", "-o", "demo"]);
    dir
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_demo_plan_follows_the_request_the_funds_and_the_programmes() {
    let dir = demo();
    let plan: serde_json::Value =
        serde_json::from_slice(&tana(dir.path(), &["plan", "demo/examplia.yaml", "--json"]).stdout)
            .unwrap();
    assert_eq!(plan["tana-plan"], 1);
    assert_eq!(plan["indicative"], true);
    assert_eq!(plan["currency"], "USD");
    requested_first_in_dependency_order(&plan);
    every_need_once(dir.path(), &plan);
    a_provider_or_none_fits(&plan);
    funds_follow_their_earmarks(&plan);
    programmes_are_found(dir.path(), &plan);
}

fn workstreams(plan: &serde_json::Value) -> &Vec<serde_json::Value> {
    plan["workstreams"].as_array().unwrap()
}

fn requested_first_in_dependency_order(plan: &serde_json::Value) {
    let requested = strings(&plan["request"]["workstreams"]);
    assert_eq!(
        requested,
        ["WS.LAW", "WS.ENFORCE", "WS.ISSUANCE", "WS.SAFEGUARDS"]
    );
    let order: Vec<&str> = workstreams(plan)
        .iter()
        .map(|w| w["id"].as_str().unwrap_or("-"))
        .collect();
    // The request's components all appear, first.
    let mut first: Vec<&str> = order[..requested.len()].to_vec();
    first.sort_unstable();
    let mut asked: Vec<&str> = requested.iter().map(String::as_str).collect();
    asked.sort_unstable();
    assert_eq!(first, asked, "{order:?}");
    let at = |id: &str| order.iter().position(|o| *o == id).unwrap();
    for w in workstreams(plan) {
        for before in strings(&w["sequence"]["after"]) {
            assert!(at(&before) < at(w["id"].as_str().unwrap()), "{order:?}");
        }
    }
    assert!(
        at("WS.LAW") < at("WS.ENFORCE"),
        "legislation before the training on it"
    );
}

fn every_need_once(dir: &Path, plan: &serde_json::Value) {
    let scores: serde_json::Value =
        serde_json::from_slice(&tana(dir, &["score", "demo/examplia.yaml", "--json"]).stdout)
            .unwrap();
    let mut from_score: Vec<String> = scores["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    let mut in_plan: Vec<String> = workstreams(plan)
        .iter()
        .flat_map(|w| w["needs"].as_array().unwrap().iter())
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    from_score.sort();
    in_plan.sort();
    assert_eq!(from_score, in_plan);
}

fn a_provider_or_none_fits(plan: &serde_json::Value) {
    for w in workstreams(plan)
        .iter()
        .filter(|w| !w["needs"].as_array().unwrap().is_empty())
    {
        let providers = w["broker"]["providers"].as_array().unwrap();
        let none = w["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "no-provider");
        assert!(providers.is_empty() == none, "{}", w["id"]);
        assert!(
            w["size"]["cost"]["low"].as_u64().unwrap() > 0,
            "sized: {}",
            w["id"]
        );
    }
}

/// F1 (committed, WS.ENFORCE) and F2 (pledged, WS.LAW and WS.ENFORCE) pay
/// only for those two; everything else is unfunded and says so.
fn funds_follow_their_earmarks(plan: &serde_json::Value) {
    let funds = plan["funds"].as_array().unwrap();
    let earmark = |id: &str| {
        strings(
            &funds
                .iter()
                .find(|f| f["id"] == id)
                .unwrap_or_else(|| panic!("{id} in {funds:?}"))["earmark"],
        )
    };
    assert_eq!(earmark("F1"), ["WS.ENFORCE"]);
    assert_eq!(earmark("F2"), ["WS.LAW", "WS.ENFORCE"]);
    for w in workstreams(plan) {
        let id = w["id"].as_str().unwrap();
        let status = w["funding"]["status"].as_str().unwrap();
        for allocation in w["funding"]["allocations"].as_array().unwrap() {
            let fund = allocation["fund"].as_str().unwrap();
            let marks = earmark(fund);
            assert!(
                marks.is_empty() || marks.iter().any(|m| m == id),
                "{fund} paid for {id}"
            );
        }
        if id == "WS.LAW" || id == "WS.ENFORCE" {
            assert!(status == "funded" || status == "partly", "{id}: {status}");
        } else {
            assert_eq!(status, "unfunded", "{id}: no fund may pay for it");
            assert!(
                w["missing"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m["kind"] == "no-funds")
            );
        }
    }
    let enforce = workstreams(plan)
        .iter()
        .find(|w| w["id"] == "WS.ENFORCE")
        .unwrap();
    assert!(
        enforce["funding"]["allocations"][0]["fund"] == "F1",
        "the narrower earmark first: {}",
        enforce["funding"]
    );
    let law = workstreams(plan)
        .iter()
        .find(|w| w["id"] == "WS.LAW")
        .unwrap();
    assert!(
        law["text"]["funding"]
            .as_str()
            .unwrap()
            .starts_with("funded")
    );
    assert!(law["text"]["title"].as_str().unwrap().contains("(WS.LAW)"));
}

/// Every programme under way is found as an overlap, named.
fn programmes_are_found(dir: &Path, plan: &serde_json::Value) {
    let session = std::fs::read_to_string(dir.join("demo/examplia.yaml")).unwrap();
    for programme in ["P1", "P2", "P3"] {
        assert!(
            session.contains(&format!("id: {programme}")),
            "{programme} in the demo"
        );
        assert!(
            workstreams(plan).iter().any(|w| w["overlaps"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["programme"] == programme && !o["name"].as_str().unwrap().is_empty())),
            "{programme} overlaps a workstream"
        );
    }
    let law = workstreams(plan)
        .iter()
        .find(|w| w["id"] == "WS.LAW")
        .unwrap();
    assert!(
        !law["overlaps"].as_array().unwrap().is_empty(),
        "the Council of Europe's work on the law"
    );
}

#[test]
fn the_demo_plan_text_is_golden() {
    let dir = demo();
    let mut command = Command::new(tana_bin());
    command
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["plan", "demo/examplia.yaml"]);
    assert_cmd_snapshot!(command);
}

#[test]
fn plan_takes_an_inventory_file_and_refuses_a_broken_one_with_its_locations() {
    let dir = demo();
    let fixtures = crate::common::fixtures();
    let good = fixtures.join("good/inventory.yaml");
    let output = tana(
        dir.path(),
        &[
            "plan",
            "demo/examplia.yaml",
            "--json",
            "--inventory",
            good.to_str().unwrap(),
        ],
    );
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let law = plan["workstreams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "WS.LAW")
        .unwrap();
    // The demo State has only signed the Budapest Convention: the test
    // programme, for parties, fits by mandate but not by its condition.
    assert_eq!(law["broker"]["providers"], serde_json::json!([]));
    let near = &law["broker"]["near"][0];
    assert_eq!(near["id"], "PRV.TEST.PROGRAMME");
    assert_eq!(near["misses"][0]["kind"], "condition");
    assert_eq!(near["misses"][0]["held"], "false");
    assert_eq!(law["broker"]["materials"][0]["id"], "MAT.TEST.HANDBOOK");
    assert!(
        law["missing"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "no-provider")
    );
    let bad = fixtures.join("bad/inventory-problems.yaml");
    let output = Command::new(tana_bin())
        .current_dir(dir.path())
        .args([
            "plan",
            "demo/examplia.yaml",
            "--inventory",
            bad.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("inventory-problems.yaml:11:11: `handbok`"),
        "{stderr}"
    );
}
