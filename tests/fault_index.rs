//! docs/fault-tests.md, the index from the fault table (`faults.md`, in the
//! design folder outside the repository) into the tests, names only tests
//! that exist, and gives every row at least one: the index cannot rot.

use crate::common::repo;

/// The `file::function` names in the index's table rows, by row.
fn rows(index: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut rows = Vec::new();
    for line in index.lines() {
        let Some(row) = line.strip_prefix("| ") else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").collect();
        if cells.len() < 3 || cells[1] == "tests" || cells[1].starts_with("---") {
            continue;
        }
        let names = cells[1]
            .split('`')
            .skip(1)
            .step_by(2)
            .map(|name| {
                let (file, function) = name
                    .rsplit_once("::")
                    .unwrap_or_else(|| panic!("`{name}` is not file::function"));
                (file.to_string(), function.to_string())
            })
            .collect();
        rows.push((cells[0].to_string(), names));
    }
    rows
}

/// Whether `source` defines the test `name`: a `#[test]` function (perhaps
/// under `cfg_attr` or inside `proptest!`), or a `bad_fixture!` line.
fn defines_test(source: &str, name: &str) -> bool {
    if source.contains(&format!("bad_fixture!({name},")) {
        return true;
    }
    let lines: Vec<&str> = source.lines().collect();
    lines.iter().enumerate().any(|(i, line)| {
        line.trim_start().starts_with(&format!("fn {name}("))
            && lines[i.saturating_sub(8)..i].iter().any(|above| {
                let above = above.trim();
                above == "#[test]"
                    || above.starts_with("proptest!")
                    || above.starts_with("#![proptest")
            })
    })
}

#[test]
fn every_test_the_fault_index_names_exists() {
    let index = std::fs::read_to_string(repo().join("docs/fault-tests.md")).unwrap();
    let rows = rows(&index);
    assert!(rows.len() >= 46, "the index has {} rows", rows.len());
    let mut missing = Vec::new();
    for (row, names) in &rows {
        assert!(!names.is_empty(), "the row {row:?} names no test");
        for (file, function) in names {
            let path = repo().join(file);
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{row:?}: {}: {e}", path.display()));
            if !defines_test(&source, function) {
                missing.push(format!("{file}::{function} (row {row:?})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not tests in the repository: {missing:#?}"
    );
}

#[test]
fn the_fault_index_catches_a_name_that_does_not_exist() {
    let index =
        "| fault | tests | what |\n|---|---|---|\n| x | `tests/faults.rs::no_such_test` | y |\n";
    let rows = rows(index);
    assert_eq!(rows.len(), 1);
    let (file, function) = &rows[0].1[0];
    let source = std::fs::read_to_string(repo().join(file)).unwrap();
    assert!(!defines_test(&source, function));
    assert!(defines_test(
        &source,
        "power_two_instances_open_the_same_session_the_second_refuses"
    ));
}
