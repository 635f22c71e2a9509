//! A runner in a child process, so tests can SIGKILL it at a point they control.
//!
//! The test binary re-runs itself with `--exact child::runner_process`; with
//! `DIBS_CHILD_URL` unset that test does nothing (it is how the child is entered, not a
//! test of its own).

use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use crate::support::migrations;

const URL_VAR: &str = "DIBS_CHILD_URL";
const PREFIXES_VAR: &str = "DIBS_CHILD_PREFIXES";

/// Starts a child process running the migrations with the given id prefixes.
pub fn spawn(url: &str, prefixes: &[&str]) -> Child {
    Command::new(std::env::current_exe().expect("test binary path"))
        .args([
            "--exact",
            "child::runner_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(URL_VAR, url)
        .env(PREFIXES_VAR, prefixes.join(","))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child runner")
}

#[tokio::test]
async fn runner_process() {
    let Ok(url) = std::env::var(URL_VAR) else {
        return;
    };
    let prefixes = std::env::var(PREFIXES_VAR).unwrap_or_default();
    let prefixes: Vec<&str> = prefixes.split(',').collect();
    let client = Arc::new(dibs_postgres::connect(&url).await.expect("child connects"));
    let set = migrations(&prefixes);
    dibs_runner::run(
        client,
        &set,
        &Default::default(),
        Box::new(dibs_runner::CollectingReporter::default()),
    )
    .await
    .expect("child run");
}
