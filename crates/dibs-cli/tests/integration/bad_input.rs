//! Bad input, as one table: each case is a command (the `dibs` CLI or the example's db
//! binary), its setup, and what the user sees. Every case must exit 1 with no panic and no
//! password in the output, leave nothing half-applied, and print what the snapshot shows
//! (a clear message naming the fix). Dynamic parts (ports, database names, directories)
//! are replaced by placeholders before the snapshot.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dibs_testdb::{SUPERUSER_PASSWORD, TestServer};

use crate::common::{dibs_command, text};

enum Program {
    Dibs,
    Db,
}

struct Case {
    name: &'static str,
    program: Program,
    /// Directory the command runs in (a project for `dibs`).
    dir: PathBuf,
    args: Vec<String>,
    /// What must not appear in the output besides the superuser password.
    secrets: Vec<String>,
}

impl Case {
    fn new(name: &'static str, program: Program, dir: &Path, args: &[&str]) -> Case {
        Case {
            name,
            program,
            dir: dir.to_path_buf(),
            args: args.iter().map(|a| a.to_string()).collect(),
            secrets: Vec::new(),
        }
    }

    fn secret(mut self, secret: &str) -> Case {
        self.secrets.push(secret.to_string());
        self
    }

    fn run(&self) -> Output {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let mut command = match self.program {
            Program::Dibs => dibs_command(&self.dir, &args),
            Program::Db => {
                let mut c = Command::new(crate::rpc::example_binary());
                c.args(&args)
                    .current_dir(&self.dir)
                    .env_remove("DATABASE_URL");
                c
            }
        };
        command.output().expect("run the command")
    }
}

fn dir(name: &str, dibs_toml: Option<&str>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dibs-bad-{}/{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(toml) = dibs_toml {
        std::fs::write(dir.join("dibs.toml"), toml).unwrap();
    }
    dir
}

/// A project whose db binary is the example's.
fn example_project(name: &str) -> PathBuf {
    dir(
        name,
        Some(&format!(
            "[db]\ncrate = \"my-app-db\"\nbinary = \"{}\"\n",
            crate::rpc::example_binary().display()
        )),
    )
}

async fn admin() -> tokio_postgres::Client {
    let (client, connection) =
        tokio_postgres::connect(TestServer::shared().admin_url(), tokio_postgres::NoTls)
            .await
            .unwrap();
    tokio::spawn(connection);
    client
}

async fn database(sql: &str) -> (String, String) {
    let db = TestServer::shared().fresh_database().await.unwrap();
    let (client, connection) = tokio_postgres::connect(&db.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client.batch_execute(sql).await.unwrap();
    (db.url, db.name)
}

fn with_user(url: &str, user: &str, password: &str) -> String {
    let start = url.find("://").unwrap() + 3;
    let at = url.rfind('@').unwrap();
    format!("{}{user}:{password}{}", &url[..start], &url[at..])
}

fn port_of(url: &str) -> String {
    let at = url.rfind('@').unwrap();
    let host_port = &url[at + 1..];
    host_port
        .split('/')
        .next()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .to_string()
}

/// A TCP server that accepts connections and never answers.
fn silent_server() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

/// Runs `migrate` of the example to completion on `url`.
fn migrate(url: &str) {
    let out = Command::new(crate::rpc::example_binary())
        .args(["migrate", "--database-url", url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_matrix() {
    let admin = admin().await;
    let plain = dir("plain", None);
    // Postgres 15 and later grant no CREATE on public by default; older versions do.
    let (url, name) = database("REVOKE CREATE ON SCHEMA public FROM PUBLIC").await;
    let port = port_of(&url);
    let mut replacements: Vec<(String, String)> = vec![
        (
            std::env::temp_dir()
                .join(format!("dibs-bad-{}", std::process::id()))
                .display()
                .to_string(),
            "TMP".into(),
        ),
        (
            crate::rpc::example_binary().display().to_string(),
            "MY_APP_DB".into(),
        ),
        (format!(":{port}/"), ":PORT/".into()),
        (format!("port={port} "), "port=PORT ".into()),
        (name.clone(), "DB".into()),
    ];
    let role_suffix = std::process::id();

    // Databases in the states the cases need.
    let (tampered, tampered_name) = database("").await;
    migrate(&tampered);
    let t = tokio_postgres::connect(&tampered, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(t.1);
    t.0.batch_execute(
        "UPDATE __dibs_migrations SET checksum = 'tampered' WHERE id = '20260110000000-seed-demo-data'",
    )
    .await
    .unwrap();
    let (dropped, dropped_name) = database("").await;
    migrate(&dropped);
    let d = tokio_postgres::connect(&dropped, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(d.1);
    d.0.batch_execute("DROP TABLE __dibs_migrations, __dibs_migration_progress")
        .await
        .unwrap();
    replacements.push((tampered_name, "TAMPERED_DB".into()));
    replacements.push((dropped_name, "DROPPED_DB".into()));
    let nocreatedb = format!("bad_nocreatedb_{role_suffix}");
    let reader = format!("bad_reader_{role_suffix}");
    admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {nocreatedb}; DROP ROLE IF EXISTS {reader};
             CREATE ROLE {nocreatedb} LOGIN PASSWORD 'nocreate-pw' NOCREATEDB;
             CREATE ROLE {reader} LOGIN PASSWORD 'reader-pw';"
        ))
        .await
        .unwrap();
    replacements.push((nocreatedb.clone(), "ROLE_NOCREATEDB".into()));
    replacements.push((reader.clone(), "ROLE_READER".into()));
    let silent = silent_server();
    replacements.push((format!(":{silent}/"), ":SILENT_PORT/".into()));

    let wrong_password = url.replace(SUPERUSER_PASSWORD, "wr0ng-s3cret");
    let missing_db = url.replace(&format!("/{name}"), "/no_such_database");
    let missing_role = with_user(&url, "no_such_role", "whatever-pw");
    let project = example_project("project");
    let key_value = format!(
        "host=127.0.0.1 port={port} user=postgres password={SUPERUSER_PASSWORD} dbname={name}"
    );
    let cases = vec![
        Case::new(
            "empty URL",
            Program::Db,
            &plain,
            &["status", "--database-url", ""],
        ),
        Case::new(
            "malformed URL with an unencoded password",
            Program::Db,
            &plain,
            &[
                "status",
                "--database-url",
                "postgres://spec:Sp3c/?@#:x@127.0.0.1:notaport/db",
            ],
        )
        .secret("Sp3c"),
        Case::new(
            "unknown URL parameter",
            Program::Db,
            &plain,
            &["status", "--database-url", &format!("{url}?frobnicate=1")],
        ),
        Case::new(
            "not a postgres URL",
            Program::Db,
            &plain,
            &[
                "status",
                "--database-url",
                "mysql://root:my-s3cret@127.0.0.1/app",
            ],
        )
        .secret("my-s3cret"),
        Case::new(
            "unreachable server",
            Program::Db,
            &plain,
            &[
                "status",
                "--database-url",
                "postgres://u:unreach-pw@127.0.0.1:1/x",
            ],
        )
        .secret("unreach-pw"),
        Case::new(
            "server that never answers",
            Program::Db,
            &plain,
            &[
                "status",
                "--database-url",
                &format!("postgres://u:silent-pw@127.0.0.1:{silent}/x?connect_timeout=2"),
            ],
        )
        .secret("silent-pw"),
        Case::new(
            "wrong password",
            Program::Db,
            &plain,
            &["migrate", "--database-url", &wrong_password],
        )
        .secret("wr0ng-s3cret"),
        Case::new(
            "missing database",
            Program::Db,
            &plain,
            &["migrate", "--database-url", &missing_db],
        ),
        Case::new(
            "missing role",
            Program::Db,
            &plain,
            &["status", "--database-url", &missing_role],
        )
        .secret("whatever-pw"),
        Case::new(
            "sslmode=require against a server without TLS",
            Program::Db,
            &plain,
            &[
                "status",
                "--database-url",
                &format!("{url}?sslmode=require"),
            ],
        ),
        Case::new(
            "unknown migration id",
            Program::Db,
            &plain,
            &[
                "migrate",
                "--migration",
                "20990101-nope",
                "--database-url",
                &url,
            ],
        ),
        Case::new(
            "unknown migration id, libpq key=value connection string",
            Program::Db,
            &plain,
            &[
                "migrate",
                "--migration",
                "20990101-nope",
                "--database-url",
                &key_value,
            ],
        ),
        Case::new(
            "repair of a pending migration",
            Program::Db,
            &plain,
            &[
                "repair",
                "--migration",
                "20260101000000-initial-schema",
                "--database-url",
                &url,
            ],
        ),
        Case::new(
            "tampered history row",
            Program::Db,
            &plain,
            &["migrate", "--database-url", &tampered],
        ),
        Case::new(
            "history table dropped by hand",
            Program::Db,
            &plain,
            &["migrate", "--database-url", &dropped],
        ),
        Case::new(
            "role without CREATEDB runs diff",
            Program::Db,
            &plain,
            &[
                "diff",
                "--database-url",
                &with_user(&url, &nocreatedb, "nocreate-pw"),
            ],
        )
        .secret("nocreate-pw"),
        Case::new(
            "read-only role runs migrate with migrations pending",
            Program::Db,
            &plain,
            &[
                "migrate",
                "--database-url",
                &with_user(&url, &reader, "reader-pw"),
            ],
        )
        .secret("reader-pw"),
        Case::new("mistyped subcommand", Program::Db, &plain, &["migrat"]),
        Case::new(
            "dibs outside a project",
            Program::Dibs,
            &plain,
            &["status", "--database-url", &url],
        ),
        Case::new(
            "broken dibs.toml",
            Program::Dibs,
            &dir("broken", Some("[db\ncrate = \"my-app-db\"\n")),
            &["status", "--database-url", &url],
        ),
        Case::new(
            "mistyped dibs.toml key",
            Program::Dibs,
            &dir(
                "typo",
                Some("[db]\ncrate = \"my-app-db\"\nbinray = \"x\"\n"),
            ),
            &["status", "--database-url", &url],
        ),
        Case::new(
            "binary missing",
            Program::Dibs,
            &dir(
                "missing",
                Some("[db]\ncrate = \"x\"\nbinary = \"/nonexistent/db\"\n"),
            ),
            &["status", "--database-url", &url],
        ),
        Case::new(
            "binary that is not a db binary",
            Program::Dibs,
            &dir(
                "yes",
                Some("[db]\ncrate = \"x\"\nbinary = \"/usr/bin/yes\"\n"),
            ),
            &["status", "--database-url", &url],
        ),
        Case::new(
            "--from without --to",
            Program::Dibs,
            &plain,
            &["diff", "--from", &url],
        ),
        Case::new(
            "a schema neither database has",
            Program::Dibs,
            &plain,
            &["diff", "--from", &url, "--to", &url, "--schema", "nope"],
        ),
        Case::new(
            "a schema name in the wrong case",
            Program::Dibs,
            &plain,
            &["diff", "--from", &url, "--to", &url, "--schema", "Public"],
        ),
        Case::new(
            "unknown migration id through the CLI",
            Program::Dibs,
            &project,
            &[
                "migrate",
                "--migration",
                "20990101-nope",
                "--database-url",
                &url,
            ],
        ),
    ];

    let mut report = String::new();
    for case in &cases {
        let out = case.run();
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(1), "{}: {shown}", case.name);
        assert!(!shown.contains("panicked"), "{}: {shown}", case.name);
        for secret in case
            .secrets
            .iter()
            .map(String::as_str)
            .chain([SUPERUSER_PASSWORD])
        {
            assert!(
                !shown.contains(secret),
                "{}: shows {secret}: {shown}",
                case.name
            );
        }
        let mut shown = shown;
        for (from, to) in &replacements {
            shown = shown.replace(from, to);
        }
        report.push_str(&format!("## {}\nexit 1\n{}\n", case.name, shown.trim_end()));
    }
    insta::assert_snapshot!(report);

    // Nothing half-applied: the database the failing cases pointed at is still empty.
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(tables, 0);
    admin
        .batch_execute(&format!(
            "DROP OWNED BY {reader}; DROP ROLE {reader}; DROP ROLE {nocreatedb}"
        ))
        .await
        .unwrap();
}
