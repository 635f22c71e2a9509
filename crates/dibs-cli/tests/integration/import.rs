//! `dibs import`: another tool's migrations become the db crate's; its history is checked
//! first, against checksums Postgres computes (not dibs's own code).

use std::path::{Path, PathBuf};

use dibs_testdb::TestServer;

use crate::common::{dibs_command, text};

/// A project with a db crate `imp-db` (sources only) and a sqlx migrations directory.
fn project(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("dibs-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("imp-db/src")).unwrap();
    std::fs::create_dir_all(dir.join("migrations")).unwrap();
    std::fs::write(dir.join("dibs.toml"), "[db]\ncrate = \"imp-db\"\n").unwrap();
    std::fs::write(
        dir.join("imp-db/Cargo.toml"),
        "[package]\nname = \"imp-db\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    let files: [(&str, &str); 4] = [
        (
            "1_create_users.sql",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
        ),
        (
            "2_index_email.sql",
            "-- no-transaction\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n",
        ),
        (
            "3_add_name.up.sql",
            "ALTER TABLE users ADD COLUMN name text;\n",
        ),
        (
            "3_add_name.down.sql",
            "ALTER TABLE users DROP COLUMN name;\n",
        ),
    ];
    for (file, sql) in files {
        std::fs::write(dir.join("migrations").join(file), sql).unwrap();
    }
    let migrations = dir.join("migrations");
    (dir, migrations)
}

/// What sqlx-cli leaves after applying the files up to `through`: its table, the
/// migrations' effects, and a row per file with Postgres's own SHA-384 of it.
async fn applied_by_sqlx(migrations: &Path, through: i64) -> String {
    let url = TestServer::shared().fresh_database().await.unwrap().url;
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(
            "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL,
               installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL,
               checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL)",
        )
        .await
        .unwrap();
    for (version, file) in [(1, "1_create_users.sql"), (2, "2_index_email.sql")] {
        if version > through {
            break;
        }
        let sql = std::fs::read_to_string(migrations.join(file)).unwrap();
        client.batch_execute(&sql).await.unwrap();
        client
            .execute(
                "INSERT INTO _sqlx_migrations VALUES ($1, 'x', now(), true, sha384(convert_to($2, 'UTF8')), 1)",
                &[&version, &sql],
            )
            .await
            .unwrap();
    }
    url
}

fn import(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["import", "sqlx"];
    all.extend_from_slice(args);
    dibs_command(dir, &all).output().unwrap()
}

#[tokio::test]
async fn an_edited_or_missing_file_is_refused_before_anything_is_written() {
    let (dir, migrations) = project("refused");
    let url = applied_by_sqlx(&migrations, 2).await;
    std::fs::write(
        migrations.join("1_create_users.sql"),
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
    )
    .unwrap();
    let out = import(&dir, &["--database-url", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("1_create_users.sql was edited after it was applied"),
        "{}",
        text(&out)
    );
    assert!(
        !dir.join("imp-db/src/migrations").exists(),
        "nothing written"
    );

    std::fs::remove_file(migrations.join("1_create_users.sql")).unwrap();
    let out = import(&dir, &["--database-url", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("sqlx recorded version 1 as applied, but no file in --dir has it"),
        "{}",
        text(&out)
    );
    assert!(
        !dir.join("imp-db/src/migrations").exists(),
        "nothing written"
    );
}

#[tokio::test]
async fn a_failed_row_is_refused() {
    let (dir, migrations) = project("failedrow");
    let url = applied_by_sqlx(&migrations, 1).await;
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(
            "INSERT INTO _sqlx_migrations VALUES (2, 'index email', now(), false, '\\x00', 1)",
        )
        .await
        .unwrap();
    let out = import(&dir, &["--database-url", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("2_index_email.sql failed when it was applied"),
        "{}",
        text(&out)
    );
    assert!(
        !dir.join("imp-db/src/migrations").exists(),
        "nothing written"
    );
}

#[tokio::test]
async fn a_database_without_the_history_table_is_named() {
    let (dir, _) = project("nohistory");
    let url = TestServer::shared().fresh_database().await.unwrap().url;
    let out = import(&dir, &["--database-url", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("_sqlx_migrations is not in the database"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("--no-record"), "{}", text(&out));
}

#[test]
fn files_become_modules_with_the_same_sql_in_order_and_reruns_keep_them() {
    let (dir, _) = project("write");
    let out = import(&dir, &["--no-record"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let src = dir.join("imp-db/src/migrations");
    let registry = std::fs::read_to_string(src.join("mod.rs")).unwrap();
    let modules: Vec<&str> = registry.lines().filter(|l| l.starts_with("mod ")).collect();
    assert_eq!(
        modules,
        [
            "mod m19700101000001_create_users;",
            "mod m19700101000002_index_email;",
            "mod m19700101000003_add_name;"
        ]
    );
    let index = std::fs::read_to_string(src.join("m19700101000002_index_email.rs")).unwrap();
    assert!(
        index.contains("#[migration(\"19700101000002-index-email\", no_transaction)]"),
        "{index}"
    );
    assert!(
        index.contains("CREATE INDEX CONCURRENTLY users_email ON users (email);"),
        "{index}"
    );
    let users = std::fs::read_to_string(src.join("m19700101000001_create_users.rs")).unwrap();
    assert!(
        users.contains("#[migration(\"19700101000001-create-users\")]"),
        "{users}"
    );
    // A rerun writes nothing over the modules (hand edits stay).
    std::fs::write(src.join("m19700101000003_add_name.rs"), "// edited\n").unwrap();
    let out = import(&dir, &["--no-record"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("kept"), "{}", text(&out));
    assert_eq!(
        std::fs::read_to_string(src.join("m19700101000003_add_name.rs")).unwrap(),
        "// edited\n"
    );
    assert_eq!(
        std::fs::read_to_string(src.join("mod.rs"))
            .unwrap()
            .matches("mod m19700101000003_add_name;")
            .count(),
        1
    );
}
