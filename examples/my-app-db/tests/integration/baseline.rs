//! `my-app-db baseline`: a database that has the schema but no dibs history (an existing
//! project, a restored dump) is recorded as migrated, only after proving it.

use crate::cli::{my_app_db, text};
use crate::support::{count, fresh};

const THIRD: &str = "20260118000000-add-task-search-title";

/// A database migrated by dibs up to `through`, whose history is then dropped: what a
/// project that applied the same SQL with another tool looks like.
async fn schema_without_history(
    through: Option<&str>,
) -> (std::sync::Arc<tokio_postgres::Client>, String) {
    let (client, url) = fresh().await;
    let mut args = vec!["migrate", "--database-url", &url];
    if let Some(id) = through {
        args.extend(["--migration", id]);
    }
    let out = my_app_db(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    client
        .batch_execute("DROP TABLE __dibs_migrations, __dibs_migration_progress")
        .await
        .unwrap();
    (client, url)
}

async fn history_rows(client: &tokio_postgres::Client) -> i64 {
    count(
        client,
        "SELECT CASE WHEN to_regclass('__dibs_migrations') IS NULL THEN -1
                ELSE (xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM __dibs_migrations', false, true, '')))[1]::text::bigint END",
    )
    .await
}

#[tokio::test]
async fn a_matching_database_is_recorded_and_migrate_then_runs_nothing() {
    let (client, url) = schema_without_history(None).await;
    let out = my_app_db(&["baseline", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Recorded 7 migration(s) as applied without running them."),
        "{}",
        text(&out)
    );
    assert_eq!(history_rows(&client).await, 7);
    let marked = count(
        &client,
        "SELECT count(*) FROM __dibs_migrations WHERE dibs_version LIKE '% (baseline)' AND duration_ms = 0",
    )
    .await;
    assert_eq!(marked, 7);
    let out = my_app_db(&["migrate", "--database-url", &url]);
    assert!(text(&out).contains("Nothing to apply"), "{}", text(&out));
    // A second baseline has nothing left to record.
    let out = my_app_db(&["baseline", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Nothing to record"), "{}", text(&out));
}

#[tokio::test]
async fn a_baseline_up_to_a_migration_leaves_the_rest_to_migrate() {
    let (client, url) = schema_without_history(Some(THIRD)).await;
    // Recording everything would be a lie: the later migrations' objects are missing.
    let out = my_app_db(&["baseline", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(history_rows(&client).await, -1, "a refusal creates nothing");
    let out = my_app_db(&["baseline", "--migration", THIRD, "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("recorded  {THIRD}")),
        "{}",
        text(&out)
    );
    assert_eq!(history_rows(&client).await, 3);
    let out = my_app_db(&["migrate", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Applied 4 migrations."),
        "{}",
        text(&out)
    );
    let out = my_app_db(&["diff", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[tokio::test]
async fn a_database_that_differs_is_refused_with_the_diff_unless_forced() {
    let (client, url) = schema_without_history(None).await;
    client
        .batch_execute("ALTER TABLE tasks ADD COLUMN added_by_hand integer")
        .await
        .unwrap();
    let out = my_app_db(&["baseline", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let shown = text(&out);
    assert!(shown.contains("refused"), "{shown}");
    assert!(
        shown.contains("added_by_hand"),
        "the diff is shown: {shown}"
    );
    assert!(shown.contains("--force"), "the override is named: {shown}");
    assert_eq!(history_rows(&client).await, -1);

    let out = my_app_db(&["baseline", "--force", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: --force"), "{stderr}");
    assert!(stderr.contains("added_by_hand"), "{stderr}");
    assert_eq!(history_rows(&client).await, 7);
}

#[tokio::test]
async fn an_unknown_migration_is_a_clear_error() {
    let (client, url) = schema_without_history(None).await;
    let out = my_app_db(&[
        "baseline",
        "--migration",
        "2099-nope",
        "--database-url",
        &url,
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("unknown migration 2099-nope"),
        "{}",
        text(&out)
    );
    assert_eq!(history_rows(&client).await, -1);
}
