//! Table-driven convergence cases: for each (before, after) pair, the plan applied to
//! `before` yields `after`, and the plan back yields `before` again.
//!
//! Cases live in `tests/cases/<kind>.sql`, one file per object kind, as
//! `-- case: name`, `-- before`, `-- after` sections; `-- requires: 15` skips a case on
//! older servers (syntax they lack). Snapshots hold each plan's SQL with the hazards of
//! every change that is not plainly safe, as Postgres 15 deparses it: other versions print
//! some expressions differently, so `scripts/pg-versions.sh` lets snapshot mismatches pass
//! for them (`INSTA_FORCE_PASS`) and checks convergence alone.

use std::fmt::Write;

use crate::common::{converge, database_with, read};

struct Case {
    name: String,
    /// Lowest server major version that has the syntax the case uses.
    requires: u32,
    before: String,
    after: String,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut current: Option<Case> = None;
    let mut section = "";
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("-- case: ") {
            cases.extend(current.take());
            current = Some(Case {
                name: name.trim().to_string(),
                requires: 0,
                before: String::new(),
                after: String::new(),
            });
            section = "";
        } else if let Some(major) = line.strip_prefix("-- requires: ") {
            if let Some(case) = current.as_mut() {
                case.requires = major.trim().parse().expect("-- requires: <major version>");
            }
        } else if line.trim() == "-- before" {
            section = "before";
        } else if line.trim() == "-- after" {
            section = "after";
        } else if let Some(case) = current.as_mut() {
            let target = match section {
                "before" => &mut case.before,
                "after" => &mut case.after,
                _ => continue,
            };
            target.push_str(line);
            target.push('\n');
        }
    }
    cases.extend(current);
    cases
}

/// The test server's major version.
async fn server_major() -> u32 {
    let (client, _) = database_with("").await;
    let num: String = client
        .query_one("SHOW server_version_num", &[])
        .await
        .unwrap()
        .get(0);
    num.parse::<u32>().unwrap() / 10000
}

/// Runs one case both ways and returns the forward and backward SQL.
async fn run_case(case: &Case) -> String {
    let (mut forward, _) = database_with(&case.before).await;
    let (mut target_after, _) = database_with(&case.after).await;
    let after = read(&mut target_after).await;
    let forward_plan = converge(&mut forward, &after).await;
    let (mut target_before, _) = database_with(&case.before).await;
    let before = read(&mut target_before).await;
    // `forward` now has the `after` schema: take it back.
    let backward_plan = converge(&mut forward, &before).await;
    let mut out = String::new();
    writeln!(out, "-- forward").unwrap();
    out.push_str(&with_hazards(&forward_plan));
    writeln!(out, "-- backward").unwrap();
    out.push_str(&with_hazards(&backward_plan));
    out
}

/// The plan's SQL, each change's statements after a line with its hazards when it has any.
fn with_hazards(plan: &dibs_schema::Plan) -> String {
    let mut out = String::new();
    for change in &plan.changes {
        let h = change.hazards;
        if h != dibs_schema::Hazards::SAFE {
            let rewrites = if h.rewrites_table { ", rewrites" } else { "" };
            writeln!(out, "--   {:?}, lock {:?}{rewrites}", h.safety, h.lock).unwrap();
        }
        for statement in &change.sql {
            writeln!(out, "{statement};").unwrap();
        }
    }
    out
}

async fn run_file(kind: &str, text: &str) {
    let mut cases = parse_cases(text);
    assert!(!cases.is_empty(), "no cases in {kind}.sql");
    let major = server_major().await;
    cases.retain(|case| case.requires <= major);
    let mut set = tokio::task::JoinSet::new();
    for (index, case) in cases.into_iter().enumerate() {
        set.spawn(async move {
            let sql = run_case(&case).await;
            (index, case.name, sql)
        });
    }
    let mut results = Vec::new();
    let mut failures = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(result) => results.push(result),
            Err(err) => failures.push(panic_message(err)),
        }
    }
    if !failures.is_empty() {
        panic!(
            "{} case(s) of {kind} failed:\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }
    results.sort_by_key(|(index, _, _)| *index);
    for (_, name, sql) in results {
        insta::assert_snapshot!(format!("{kind}__{name}"), sql);
    }
}

fn panic_message(err: tokio::task::JoinError) -> String {
    match err.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked".into()),
        Err(err) => err.to_string(),
    }
}

macro_rules! case_file {
    ($test:ident, $kind:literal) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $test() {
            run_file($kind, include_str!(concat!("cases/", $kind, ".sql"))).await;
        }
    };
}

case_file!(tables, "tables");
case_file!(columns, "columns");
case_file!(constraints, "constraints");
case_file!(indexes, "indexes");
case_file!(types, "types");
case_file!(sequences, "sequences");
case_file!(partitions, "partitions");
case_file!(policies, "policies");
case_file!(extensions, "extensions");
case_file!(privileges, "privileges");
case_file!(rules_statistics, "rules_statistics");
case_file!(inheritance, "inheritance");
case_file!(collations, "collations");
case_file!(publications, "publications");
case_file!(owners, "owners");
case_file!(foreign, "foreign");
case_file!(objects, "objects");
case_file!(regressions, "regressions");
