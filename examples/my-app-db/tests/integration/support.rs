//! Helpers: databases, migration selection, runs.

use std::sync::Arc;

use dibs_runner::{CollectingReporter, Event, MigrationDecl, RunOptions, RunSummary, RunnerError};
use dibs_testdb::TestServer;
use tokio_postgres::Client;

pub async fn fresh() -> (Arc<Client>, String) {
    let db = TestServer::shared()
        .fresh_database()
        .await
        .expect("database");
    let client = dibs_postgres::connect(&db.url).await.expect("connect");
    (Arc::new(client), db.url)
}

/// Registered migrations whose ids start with one of `prefixes`, in run order.
pub fn migrations(prefixes: &[&str]) -> Vec<&'static MigrationDecl> {
    dibs_runner::registered()
        .expect("ids are unique")
        .into_iter()
        .filter(|m| prefixes.iter().any(|p| m.id.starts_with(p)))
        .collect()
}

/// The example crate's own migrations.
pub fn example() -> Vec<&'static MigrationDecl> {
    // Referencing the library links it, and with it the migrations it registers.
    let _linked: fn() -> std::process::ExitCode = my_app_db::run_service;
    migrations(&["2026"])
}

pub async fn run(
    client: &Arc<Client>,
    set: &[&'static MigrationDecl],
    options: &RunOptions,
) -> Result<RunSummary, RunnerError> {
    dibs_runner::run(
        client.clone(),
        set,
        options,
        Box::new(CollectingReporter::default()),
    )
    .await
}

pub async fn run_collecting(
    client: &Arc<Client>,
    set: &[&'static MigrationDecl],
) -> (Result<RunSummary, RunnerError>, Vec<Event>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let result = dibs_runner::run(client.clone(), set, &RunOptions::default(), Box::new(tx)).await;
    let mut events = Vec::new();
    while let Ok(event) = rx.try_recv() {
        events.push(event);
    }
    (result, events)
}

pub async fn count(client: &Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).await.expect(sql).get(0)
}

/// Advisory locks held in the current database by anyone.
pub async fn advisory_locks(client: &Client) -> i64 {
    count(
        client,
        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
          WHERE l.locktype = 'advisory' AND d.datname = current_database()",
    )
    .await
}
