//! The `my-app-db` binary in direct mode: what CI and operators run.

use std::process::{Command, Output};

use dibs_testdb::SUPERUSER_PASSWORD;

use crate::support::{count, fresh};

pub(crate) fn my_app_db(args: &[&str]) -> Output {
    // Run from an empty directory with no DATABASE_URL, so only the flag can point anywhere.
    let dir = std::env::temp_dir().join(format!("my-app-db-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Command::new(env!("CARGO_BIN_EXE_my-app-db"))
        .args(args)
        .current_dir(&dir)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run my-app-db")
}

pub(crate) fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn no_database_url_is_an_error_never_a_default() {
    let out = my_app_db(&["migrate"]);
    assert_eq!(out.status.code(), Some(1));
    let text = text(&out);
    assert!(
        text.contains("--database-url") && text.contains("DATABASE_URL"),
        "{text}"
    );
}

#[tokio::test]
async fn migrate_status_diff_and_repair() {
    let (client, url) = fresh().await;
    let out = my_app_db(&["status", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("pending   20260101000000-initial-schema"),
        "{}",
        text(&out)
    );
    // Read-only: status created nothing.
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_tables WHERE tablename LIKE '\\_\\_dibs%'"
        )
        .await,
        0
    );

    let out = my_app_db(&["migrate", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Applied 7 migrations."),
        "{}",
        text(&out)
    );

    let out = my_app_db(&["diff", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    client
        .batch_execute("ALTER TABLE comments DROP COLUMN metadata")
        .await
        .unwrap();
    let out = my_app_db(&["diff", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("ADD COLUMN metadata jsonb"),
        "{}",
        text(&out)
    );

    client
        .batch_execute("UPDATE __dibs_migrations SET checksum = 'old' WHERE id = '20260110000000-seed-demo-data'")
        .await
        .unwrap();
    let out = my_app_db(&["status", "--database-url", &url]);
    assert!(
        text(&out).contains("modified  20260110000000-seed-demo-data"),
        "{}",
        text(&out)
    );
    let out = my_app_db(&["migrate", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("repair --migration 20260110000000-seed-demo-data"),
        "{}",
        text(&out)
    );
    let out = my_app_db(&[
        "repair",
        "--migration",
        "20260110000000-seed-demo-data",
        "--database-url",
        &url,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = my_app_db(&["migrate", "--database-url", &url]);
    assert!(text(&out).contains("Nothing to apply"), "{}", text(&out));
}

#[tokio::test]
async fn json_lines_dry_run_and_bad_input() {
    let (client, url) = fresh().await;
    let out = my_app_db(&["migrate", "--dry-run", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Would run 20260101000000-initial-schema"),
        "{}",
        text(&out)
    );
    assert_eq!(
        count(
            &client,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        )
        .await,
        0
    );

    let out = my_app_db(&[
        "migrate",
        "--json",
        "--migration",
        "20260101000000-initial-schema",
        "--database-url",
        &url,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.lines().all(|l| l.starts_with('{')), "{stdout}");
    assert!(stdout.contains("MigrationFinished"), "{stdout}");

    let out = my_app_db(&[
        "migrate",
        "--migration",
        "20990101-nope",
        "--database-url",
        &url,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("unknown migration 20990101-nope"),
        "{}",
        text(&out)
    );

    let wrong = url.replace(SUPERUSER_PASSWORD, "wrong-secret-1");
    let out = my_app_db(&["migrate", "--database-url", &wrong]);
    assert_eq!(out.status.code(), Some(1));
    let text = text(&out);
    assert!(
        !text.contains("wrong-secret-1") && !text.contains(SUPERUSER_PASSWORD),
        "{text}"
    );
    assert!(text.contains("check the user name and password"), "{text}");
}
