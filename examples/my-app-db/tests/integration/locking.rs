//! Runners started together (a deploy's init containers), runners waiting for each other,
//! and what a concurrent index build leaves behind when it fails or is killed.

use std::sync::Arc;
use std::time::Duration;

use dibs_runner::{Event, History, RunOptions, RunnerError, Target};

use crate::child;
use crate::support::{advisory_locks, count, example, fresh, run};

async fn invalid_indexes(client: &tokio_postgres::Client) -> i64 {
    count(client, "SELECT count(*) FROM pg_index WHERE NOT indisvalid").await
}

/// Eight runners of the example on a fresh database, three times over. The example
/// builds an index concurrently: a runner waiting inside `pg_advisory_lock` would hold a
/// snapshot that build waits for, and one of the two would die as a deadlock.
#[tokio::test]
async fn eight_runners_started_together_all_succeed_with_a_concurrent_index_build() {
    for round in 0..3 {
        let (client, url) = fresh().await;
        let set = example();
        let mut runners = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let url = url.clone();
            let set = set.clone();
            runners.spawn(async move {
                let client = Arc::new(dibs_postgres::connect(&url).await.unwrap());
                run(&client, &set, &RunOptions::default()).await
            });
        }
        let mut applied = 0;
        while let Some(done) = runners.join_next().await {
            let summary = done
                .unwrap()
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            applied += summary.applied.len();
        }
        assert_eq!(applied, 7, "round {round}: each migration applied once");
        assert_eq!(
            count(&client, "SELECT count(*) FROM __dibs_migrations").await,
            7
        );
        assert_eq!(invalid_indexes(&client).await, 0);
        assert_eq!(advisory_locks(&client).await, 0);
    }
}

/// A runner that cannot get the lock says who holds it while it waits, and gives up
/// after its limit with an error naming the holder and the flag.
#[tokio::test]
async fn a_waiting_runner_names_the_holder_and_gives_up_after_its_limit() {
    let (client, url) = fresh().await;
    let holder = dibs_postgres::connect(&url).await.unwrap();
    let holder_pid: i32 = holder
        .query_one("SELECT pg_backend_pid()", &[])
        .await
        .unwrap()
        .get(0);
    holder
        .batch_execute(&format!(
            "SET application_name = 'other deploy'; SELECT pg_advisory_lock({})",
            History::default().lock_key()
        ))
        .await
        .unwrap();
    let options = RunOptions {
        lock_wait: Duration::from_millis(1500),
        ..RunOptions::default()
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let err = dibs_runner::run(client.clone(), &example(), &options, Box::new(tx))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, RunnerError::LockWait { .. }), "{message}");
    let pid = format!("pid {holder_pid} (other deploy");
    assert!(message.contains(&pid), "{message}");
    assert!(message.contains("--lock-wait-secs"), "{message}");
    let mut waiting = Vec::new();
    while let Ok(event) = rx.try_recv() {
        if let Event::WaitingForLock { holder, .. } = event {
            waiting.push(holder);
        }
    }
    assert!(
        !waiting.is_empty() && waiting.iter().all(|h| h.contains(&pid)),
        "{waiting:?}"
    );
    // Runners name their sessions after the program, so a holder is recognisable.
    let name: String = client
        .query_one(
            "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(name.starts_with("integration"), "{name:?}");
    // Nothing ran, and the waiting runner held no lock of its own.
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'tasks'"
        )
        .await,
        0
    );
    assert_eq!(advisory_locks(&client).await, 1);
}

/// The lock is scoped to the history table: an app with its own history table in the same
/// database does not wait for this one's runners.
#[tokio::test]
async fn runners_of_another_history_table_do_not_wait() {
    let (client, url) = fresh().await;
    let holder = dibs_postgres::connect(&url).await.unwrap();
    holder
        .batch_execute(&format!(
            "SELECT pg_advisory_lock({})",
            History::default().lock_key()
        ))
        .await
        .unwrap();
    let history = History::new("ops", "schema history").unwrap();
    let options = RunOptions {
        lock_wait: Duration::from_secs(5),
        history: history.clone(),
        target: Target::Migration("20260101000000-initial-schema".into()),
        ..RunOptions::default()
    };
    let summary = run(&client, &example(), &options).await.unwrap();
    assert_eq!(summary.applied.len(), 1);
    assert_eq!(
        count(&client, r#"SELECT count(*) FROM ops."schema history""#).await,
        1
    );
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_\\_dibs%'"
        )
        .await,
        0,
        "the default history table is not created"
    );
    let states = dibs_runner::status(&client, &example(), &history)
        .await
        .unwrap();
    assert!(matches!(states[0].1, dibs_runner::State::Applied { .. }));
    assert_eq!(states[1].1, dibs_runner::State::Pending);
}

/// A role that may only read runs a `migrate` with nothing pending (an init container
/// of a read-only replica deployment): nothing to create, nothing refused.
#[tokio::test]
async fn a_read_only_role_runs_a_migrate_with_nothing_pending() {
    let (admin, url) = fresh().await;
    run(&admin, &example(), &RunOptions::default())
        .await
        .unwrap();
    let role = format!("reader_{}", std::process::id());
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role};
             CREATE ROLE {role} LOGIN PASSWORD 'reader-pw';
             REVOKE CREATE ON SCHEMA public FROM PUBLIC;
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};"
        ))
        .await
        .unwrap();
    let reader_url = crate::runner::with_user(&url, &role, "reader-pw");
    let reader = Arc::new(dibs_postgres::connect(&reader_url).await.unwrap());
    let summary = run(&reader, &example(), &RunOptions::default())
        .await
        .expect("no-op migrate as a read-only role");
    assert!(summary.applied.is_empty());
    drop(reader);
    admin
        .batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))
        .await
        .unwrap();
}

/// A concurrent build that fails (here on duplicate keys) leaves an INVALID index that
/// `CREATE INDEX CONCURRENTLY IF NOT EXISTS` would skip: the runner drops it first, the
/// migration builds it again, and the run reports it.
#[tokio::test]
async fn an_invalid_index_from_a_failed_build_is_dropped_and_rebuilt() {
    let (client, _) = fresh().await;
    let upto = RunOptions {
        target: Target::Migration("20260118000000-add-task-search-title".into()),
        ..RunOptions::default()
    };
    run(&client, &example(), &upto).await.unwrap();
    let failed = client
        .batch_execute(
            "CREATE UNIQUE INDEX CONCURRENTLY tasks_search_title_idx ON tasks ((search_title IS NULL))",
        )
        .await;
    assert!(failed.is_err(), "duplicate keys fail the build");
    assert_eq!(invalid_indexes(&client).await, 1);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let summary = dibs_runner::run(
        client.clone(),
        &example(),
        &RunOptions::default(),
        Box::new(tx),
    )
    .await
    .unwrap();
    assert_eq!(summary.applied.len(), 4);
    assert_eq!(invalid_indexes(&client).await, 0);
    let mut dropped = Vec::new();
    while let Ok(event) = rx.try_recv() {
        if let Event::InvalidIndexDropped { index, .. } = event {
            dropped.push(index);
        }
    }
    assert_eq!(dropped, ["public.tasks_search_title_idx"]);
    let definition: String = client
        .query_one(
            "SELECT pg_get_indexdef('tasks_search_title_idx'::regclass)",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(definition.contains("(search_title)"), "{definition}");
}

/// SIGKILL of the runner while its concurrent build waits: the build's first transaction
/// has committed an INVALID index. The rerun drops it, builds it, and records the
/// migration once.
#[tokio::test]
async fn a_runner_killed_during_a_concurrent_build_is_completed_by_the_rerun() {
    let (client, url) = fresh().await;
    let upto = RunOptions {
        target: Target::Migration("20260118000000-add-task-search-title".into()),
        ..RunOptions::default()
    };
    run(&client, &example(), &upto).await.unwrap();
    // An open writer makes the build wait (after it created the index) until it ends.
    let writer = dibs_postgres::connect(&url).await.unwrap();
    writer
        .batch_execute("BEGIN; UPDATE tasks SET title = title WHERE id = 1")
        .await
        .unwrap();
    let mut child = child::spawn(&url, &["2026"]);
    let mut building = false;
    for _ in 0..600 {
        // Its first transaction has committed the (still INVALID) index, and it now waits
        // for the writer: killing it earlier would leave nothing behind.
        building = count(
            &client,
            "SELECT count(*) FROM pg_stat_progress_create_index
              WHERE phase LIKE 'waiting for writers%'",
        )
        .await
            > 0
            && invalid_indexes(&client).await == 1;
        if building {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(building, "the child never started its build");
    child.kill().expect("SIGKILL the child");
    child.wait().unwrap();
    // The server ends the killed runner's session once it notices (its connection check),
    // while the writer still holds the build back.
    let mut ended = false;
    for _ in 0..600 {
        ended = count(
            &client,
            "SELECT count(*) FROM pg_stat_progress_create_index",
        )
        .await
            == 0;
        if ended {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ended, "the killed runner's build never ended");
    writer.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(
        invalid_indexes(&client).await,
        1,
        "the killed build left its index"
    );
    let summary = run(&client, &example(), &RunOptions::default())
        .await
        .unwrap();
    assert_eq!(summary.applied.len(), 4);
    assert_eq!(invalid_indexes(&client).await, 0);
    assert_eq!(
        count(&client, "SELECT count(*) FROM __dibs_migrations").await,
        7
    );
}

/// A run killed after the seed consumed identity values: the rerun's seed must not
/// assume `id = 1` (the example once did, and failed on its foreign keys).
#[tokio::test]
async fn the_example_reruns_after_identity_values_were_consumed() {
    let (client, _) = fresh().await;
    let upto = RunOptions {
        target: Target::Migration("20260101000000-initial-schema".into()),
        ..RunOptions::default()
    };
    run(&client, &example(), &upto).await.unwrap();
    // What a rolled-back seed leaves: sequences advanced, no rows.
    client
        .batch_execute(
            "SELECT nextval(pg_get_serial_sequence('organizations', 'id'));
             SELECT nextval(pg_get_serial_sequence('users', 'id')) FROM generate_series(1, 7);
             SELECT nextval(pg_get_serial_sequence('projects', 'id')) FROM generate_series(1, 3);",
        )
        .await
        .unwrap();
    let summary = run(&client, &example(), &RunOptions::default())
        .await
        .unwrap();
    assert_eq!(summary.applied.len(), 6);
    assert_eq!(count(&client, "SELECT count(*) FROM tasks").await, 120000);
}
