//! The runner's guarantees, each on a fresh database.

use std::time::Duration;

use dibs_runner::{Event, RunOptions, RunnerError, Target, VerifyError};

use crate::child;
use crate::support::{advisory_locks, count, example, fresh, migrations, run, run_collecting};

#[tokio::test]
async fn example_applies_then_rerun_is_a_no_op() {
    let (client, _) = fresh().await;
    let (result, events) = run_collecting(&client, &example()).await;
    assert_eq!(result.unwrap().applied.len(), 7);
    // The backfill reported progress up to every row.
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::Progress {
                done: 120000,
                total: 120000,
                ..
            }
        )),
        "{events:?}"
    );
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM tasks WHERE search_title = lower(title)"
        )
        .await,
        120000
    );
    let again = run(&client, &example(), &RunOptions::default())
        .await
        .unwrap();
    assert!(again.applied.is_empty());
    assert_eq!(
        count(&client, "SELECT count(*) FROM __dibs_migrations").await,
        7
    );
}

#[tokio::test]
async fn target_stops_at_the_named_migration() {
    let (client, _) = fresh().await;
    let options = RunOptions {
        target: Target::Migration("20260110000000-seed-demo-data".into()),
        ..RunOptions::default()
    };
    let summary = run(&client, &example(), &options).await.unwrap();
    assert_eq!(
        summary.applied,
        [
            "20260101000000-initial-schema",
            "20260110000000-seed-demo-data"
        ]
    );
    // Asking again for an applied migration runs nothing, not the ones after it.
    let again = run(&client, &example(), &options).await.unwrap();
    assert!(again.applied.is_empty(), "{:?}", again.applied);
    let initial = RunOptions {
        target: Target::Migration("20260101000000-initial-schema".into()),
        ..RunOptions::default()
    };
    let again = run(&client, &example(), &initial).await.unwrap();
    assert!(again.applied.is_empty(), "{:?}", again.applied);
    let unknown = RunOptions {
        target: Target::Migration("20990101-nope".into()),
        ..RunOptions::default()
    };
    let err = run(&client, &example(), &unknown).await.unwrap_err();
    assert!(matches!(err, RunnerError::UnknownMigration { .. }), "{err}");
}

#[tokio::test]
async fn a_failing_migration_rolls_back_records_nothing_and_unlocks() {
    let (client, _) = fresh().await;
    let err = run(&client, &migrations(&["20250201"]), &RunOptions::default())
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("20250201000000-creates-then-fails"), "{text}");
    assert!(
        text.contains("no_such_table") && text.contains("42P01"),
        "{text}"
    );
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"
        )
        .await,
        0
    );
    assert_eq!(
        count(&client, "SELECT count(*) FROM __dibs_migrations").await,
        0
    );
    assert_eq!(advisory_locks(&client).await, 0);
}

#[tokio::test]
async fn edited_migration_is_refused_until_repaired() {
    let (client, _) = fresh().await;
    let set = migrations(&["20250301000000"]);
    run(&client, &set, &RunOptions::default()).await.unwrap();
    client
        .batch_execute("UPDATE __dibs_migrations SET checksum = 'recorded-before-edit'")
        .await
        .unwrap();
    let err = run(&client, &set, &RunOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            RunnerError::Verify(VerifyError::ChecksumMismatch { .. })
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("repair --migration 20250301000000-counter-table"),
        "{err}"
    );
    dibs_runner::repair(
        &client,
        &set,
        &dibs_runner::History::default(),
        "20250301000000-counter-table",
    )
    .await
    .unwrap();
    run(&client, &set, &RunOptions::default())
        .await
        .expect("repaired");
}

#[tokio::test]
async fn reformatting_does_not_change_checksums_but_edits_do() {
    let set = migrations(&["20250601"]);
    let checksum = |suffix: &str| {
        set.iter()
            .find(|m| m.id.ends_with(suffix))
            .unwrap()
            .checksum
    };
    assert_eq!(checksum("-formatted"), checksum("-reformatted"));
    assert_ne!(checksum("-formatted"), checksum("-edited"));
}

#[tokio::test]
async fn concurrent_runners_apply_each_migration_once() {
    let (client, url) = fresh().await;
    let set = migrations(&["20250301"]);
    let mut runners = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let url = url.clone();
        let set = set.clone();
        runners.spawn(async move {
            let client = std::sync::Arc::new(dibs_postgres::connect(&url).await.unwrap());
            run(&client, &set, &RunOptions::default())
                .await
                .map(|s| s.applied.len())
        });
    }
    let mut applied = 0;
    while let Some(done) = runners.join_next().await {
        applied += done.unwrap().unwrap();
    }
    assert_eq!(applied, 3, "each migration applied by exactly one runner");
    assert_eq!(count(&client, "SELECT count(*) FROM run_counter").await, 2);
    assert_eq!(
        count(&client, "SELECT count(*) FROM __dibs_migrations").await,
        3
    );
    assert_eq!(advisory_locks(&client).await, 0);
}

/// Waits (bounded) until some session waits for a lock in this database.
async fn wait_for_lock_waiter(client: &tokio_postgres::Client) {
    for _ in 0..600 {
        let waiting = count(
            client,
            "SELECT count(*) FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND datname = current_database()",
        )
        .await;
        if waiting > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the child never reached the lock the test holds");
}

#[tokio::test]
async fn killed_mid_migration_leaves_a_boundary_and_a_rerun_completes() {
    let (client, url) = fresh().await;
    client
        .batch_execute("SELECT pg_advisory_lock(4242)")
        .await
        .unwrap();
    let mut child = child::spawn(&url, &["20250401"]);
    wait_for_lock_waiter(&client).await;
    child.kill().expect("SIGKILL the child");
    child.wait().unwrap();
    client
        .batch_execute("SELECT pg_advisory_unlock(4242)")
        .await
        .unwrap();
    // The killed transaction rolled back: nothing of the migration, no history row.
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'before_block'"
        )
        .await,
        0
    );
    assert_eq!(
        count(&client, "SELECT count(*) FROM __dibs_migrations").await,
        0
    );
    let summary = run(&client, &migrations(&["20250401"]), &RunOptions::default())
        .await
        .unwrap();
    assert_eq!(summary.applied.len(), 1);
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'after_block'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn killed_backfill_resumes_without_redoing_committed_batches() {
    let (client, url) = fresh().await;
    run(
        &client,
        &migrations(&["20250501000000"]),
        &RunOptions::default(),
    )
    .await
    .unwrap();
    // Hold a row in the middle: the backfill commits batches up to it, then waits.
    let (holder, _) = fresh_connection(&url).await;
    holder
        .batch_execute("BEGIN; SELECT * FROM bf WHERE id = 50500 FOR UPDATE")
        .await
        .unwrap();
    let mut child = child::spawn(&url, &["20250501"]);
    wait_for_lock_waiter(&client).await;
    child.kill().expect("SIGKILL the child");
    child.wait().unwrap();
    holder.batch_execute("COMMIT").await.unwrap();
    let committed = count(&client, "SELECT count(*) FROM bf WHERE touched = 1").await;
    assert_eq!(
        committed, 50000,
        "batches before the held row were committed"
    );
    let (result, events) = run_collecting(&client, &migrations(&["20250501"])).await;
    result.unwrap();
    // The step before the backfill was committed by the killed run and is skipped now.
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::StatementSkipped { .. })),
        "{events:?}"
    );
    assert_eq!(count(&client, "SELECT count(*) FROM bf_log").await, 1);
    assert_eq!(
        count(&client, "SELECT count(*) FROM bf WHERE touched = 1").await,
        100000
    );
    assert_eq!(
        count(&client, "SELECT count(*) FROM bf WHERE touched <> 1").await,
        0
    );
    assert_eq!(
        count(&client, "SELECT count(*) FROM __dibs_migration_progress").await,
        0
    );
}

async fn fresh_connection(url: &str) -> (tokio_postgres::Client, ()) {
    (dibs_postgres::connect(url).await.unwrap(), ())
}

#[tokio::test]
async fn a_non_superuser_owning_the_database_can_migrate() {
    let (admin, url) = fresh().await;
    let role = format!("app_{}", std::process::id());
    for statement in [
        format!("CREATE ROLE {role} LOGIN PASSWORD 'app-pw' NOSUPERUSER NOCREATEDB"),
        format!("CREATE DATABASE {role}_db OWNER {role}"),
    ] {
        admin.batch_execute(&statement).await.unwrap();
    }
    let app_url = with_user(
        &dibs_postgres::with_database(&url, &format!("{role}_db")),
        &role,
        "app-pw",
    );
    let app = std::sync::Arc::new(
        dibs_postgres::connect(&app_url)
            .await
            .expect("connect as the app role"),
    );
    let is_super: bool = app
        .query_one(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(!is_super);
    let summary = run(&app, &example(), &RunOptions::default())
        .await
        .expect("migrate as the owner");
    assert_eq!(summary.applied.len(), 7);
    assert_eq!(advisory_locks(&app).await, 0);
}

/// `url` with another user and password.
pub(crate) fn with_user(url: &str, user: &str, password: &str) -> String {
    let start = url.find("://").map(|i| i + 3).unwrap_or(0);
    let at = url[start..]
        .find('@')
        .map(|i| i + start + 1)
        .unwrap_or(start);
    format!("{}{user}:{password}@{}", &url[..start], &url[at..])
}

#[tokio::test]
async fn lock_timeouts_are_retried_then_reported() {
    let (client, url) = fresh().await;
    run(
        &client,
        &migrations(&["20250301000000"]),
        &RunOptions::default(),
    )
    .await
    .unwrap();
    // Another session holds the table the next migration writes to.
    let holder = dibs_postgres::connect(&url).await.unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE run_counter IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let options = RunOptions {
        lock_timeout: Duration::from_millis(100),
        lock_retries: 2,
        ..RunOptions::default()
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let set = migrations(&["20250301000000", "20250301000001"]);
    let err = dibs_runner::run(client.clone(), &set, &options, Box::new(tx))
        .await
        .unwrap_err();
    assert!(
        matches!(err, RunnerError::LockTimeouts { attempts: 3, .. }),
        "{err}"
    );
    let mut retries = 0;
    while let Ok(event) = rx.try_recv() {
        retries += usize::from(matches!(event, Event::Retrying { .. }));
    }
    assert_eq!(retries, 2);
    assert_eq!(advisory_locks(&client).await, 0);
    holder.batch_execute("COMMIT").await.unwrap();
    run(&client, &set, &options).await.expect("lock gone");
}

#[tokio::test]
async fn a_commit_midway_lets_a_new_enum_label_be_used_and_a_rerun_resumes_after_it() {
    let (client, _) = fresh().await;
    let err = run(&client, &migrations(&["20250701"]), &RunOptions::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("commit_gate"), "{err}");
    // The label was committed; the table after the commit was rolled back.
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_enum WHERE enumlabel = 'two'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'phased'"
        )
        .await,
        0
    );
    client
        .batch_execute("CREATE TABLE commit_gate ()")
        .await
        .unwrap();
    let (result, events) = run_collecting(&client, &migrations(&["20250701"])).await;
    result.unwrap();
    let skipped = events
        .iter()
        .filter(|e| matches!(e, Event::StatementSkipped { .. }))
        .count();
    assert_eq!(skipped, 2, "{events:?}");
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'phased'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&client, "SELECT count(*) FROM __dibs_migrations").await,
        1
    );
}
