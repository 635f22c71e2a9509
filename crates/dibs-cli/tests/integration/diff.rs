//! `dibs diff --from URL --to URL`: output, exit codes, errors.

use std::path::Path;
use std::process::Output;

use dibs_testdb::{SUPERUSER_PASSWORD, TestServer};

use crate::common::dibs_command;

async fn database(sql: &str) -> String {
    let db = TestServer::shared()
        .fresh_database()
        .await
        .expect("database");
    let (client, connection) = tokio_postgres::connect(&db.url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(connection);
    client.batch_execute(sql).await.expect("setup");
    db.url
}

fn dibs(args: &[&str]) -> Output {
    dibs_command(Path::new("."), args)
        .output()
        .expect("run dibs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn equal_databases_exit_zero_with_no_output() {
    let a = database("CREATE TABLE t (id int PRIMARY KEY)").await;
    let b = database("CREATE TABLE t (id int PRIMARY KEY)").await;
    let out = dibs(&["diff", "--from", &a, "--to", &b]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
}

#[tokio::test]
async fn differences_print_sql_and_exit_two() {
    let a = database(
        "CREATE TABLE users (id int PRIMARY KEY, legacy text);
         CREATE TEXT SEARCH CONFIGURATION only_here (COPY = pg_catalog.simple);",
    )
    .await;
    let b = database(
        "CREATE TYPE mood AS ENUM ('ok', 'great');
         CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, mood mood);
         CREATE INDEX users_email_idx ON users (email);",
    )
    .await;
    let out = dibs(&["diff", "--from", &a, "--to", &b]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("not handled: text search configuration public.only_here (only in --from)"),
        "{stderr}"
    );
    insta::assert_snapshot!("diff_sql", text(&out.stdout));
}

#[tokio::test]
async fn json_lists_typed_changes() {
    let a = database("").await;
    let b = database("CREATE TABLE t (id bigint)").await;
    let out = dibs(&["diff", "--from", &a, "--to", &b, "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let json = text(&out.stdout);
    assert!(json.trim_start().starts_with('{'), "{json}");
    assert!(json.contains("\"CreateTable\""), "{json}");
    assert!(json.contains("\"safety\""), "{json}");
}

#[tokio::test]
async fn bad_connections_exit_one_and_never_show_the_password() {
    let good = database("").await;
    let wrong = good.replace(SUPERUSER_PASSWORD, "hunter2-wrong");
    let out = dibs(&["diff", "--from", &wrong, "--to", &good]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("check the user name and password"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("hunter2-wrong") && !stderr.contains(SUPERUSER_PASSWORD),
        "{stderr}"
    );

    let out = dibs(&[
        "diff",
        "--from",
        "postgres://u:pw@localhost:notaport/db",
        "--to",
        &good,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("invalid database URL"),
        "{}",
        text(&out.stderr)
    );

    // Passwords that break URL parsing (unencoded `/ ? # @`) or key=value strings with
    // spaces around `=` are never echoed either.
    for (bad, secret) in [
        ("postgres://spec:Sp3c/?@#:x@127.0.0.1:1/db", "Sp3c"),
        ("host=127.0.0.1 port=1 password = s3cret-kv", "s3cret-kv"),
    ] {
        let out = dibs(&["diff", "--from", bad, "--to", &good]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert!(!stderr.contains(secret), "{stderr}");
    }
}

#[tokio::test]
async fn blocked_changes_are_refused_with_the_blocker_named() {
    let a = database(
        "CREATE TABLE t (a int, b int); CREATE SCHEMA other; CREATE TABLE other.audit (v int);
         CREATE RULE uses_b AS ON INSERT TO other.audit DO ALSO UPDATE t SET b = b WHERE b = NEW.v;",
    )
    .await;
    let b =
        database("CREATE TABLE t (a int); CREATE SCHEMA other; CREATE TABLE other.audit (v int);")
            .await;
    // Rules inside the compared schemas are rebuilt; one outside them blocks the drop.
    let out = dibs(&["diff", "--from", &a, "--to", &b, "--schema", "public"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("rule uses_b on table other.audit depends on column public.t.b"),
        "{stderr}"
    );
    assert_eq!(text(&out.stdout), "");
}

#[tokio::test]
async fn every_user_schema_is_compared_unless_narrowed_or_excluded() {
    let a = database("CREATE TABLE t (id int)").await;
    let b = database(
        "CREATE TABLE t (id int); CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int);
         CREATE SCHEMA audit; CREATE TABLE audit.log (id int);",
    )
    .await;
    let out = dibs(&["diff", "--from", &a, "--to", &b]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let sql = text(&out.stdout);
    assert!(sql.contains("CREATE TABLE billing.invoices"), "{sql}");
    assert!(sql.contains("CREATE TABLE audit.log"), "{sql}");

    let out = dibs(&[
        "diff",
        "--from",
        &a,
        "--to",
        &b,
        "--exclude-schema",
        "audit",
    ]);
    let sql = text(&out.stdout);
    assert!(
        sql.contains("billing.invoices") && !sql.contains("audit"),
        "{sql}"
    );

    let out = dibs(&["diff", "--from", &a, "--to", &b, "--schema", "public"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    // A schema neither side has would diff nothing and hide drift.
    for name in ["nope", "Public"] {
        let out = dibs(&["diff", "--from", &a, "--to", &b, "--schema", name]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
        let stderr = text(&out.stderr);
        assert!(stderr.contains("exists in neither database"), "{stderr}");
    }
}

#[tokio::test]
async fn publications_are_compared_unless_excluded_by_name() {
    let a = database("CREATE TABLE t (id int PRIMARY KEY)").await;
    let b = database(
        "CREATE TABLE t (id int PRIMARY KEY); CREATE PUBLICATION feed FOR TABLE t;
         CREATE PUBLICATION cdc_owned FOR ALL TABLES;",
    )
    .await;
    let out = dibs(&["diff", "--from", &a, "--to", &b]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let sql = text(&out.stdout);
    assert!(
        sql.contains("CREATE PUBLICATION feed FOR TABLE public.t")
            && sql.contains("CREATE PUBLICATION cdc_owned FOR ALL TABLES"),
        "{sql}"
    );
    let out = dibs(&[
        "diff",
        "--from",
        &b,
        "--to",
        &a,
        "--exclude-publication",
        "cdc_owned",
    ]);
    let sql = text(&out.stdout);
    assert!(
        sql.contains("DROP PUBLICATION feed") && !sql.contains("cdc_owned"),
        "{sql}"
    );
}

/// Quotes, spaces, dots, unicode, reserved words and 63-byte names in schemas, types,
/// tables, columns, indexes, constraints, views and functions: the printed SQL applies and
/// the second diff is empty.
#[tokio::test]
async fn hostile_identifiers_converge_db_to_db() {
    let hostile = r#"
        CREATE SCHEMA "we""ird.schema";
        CREATE TYPE "we""ird.schema"."Mood 😀" AS ENUM ('it''s', 'a.b', 'ünï');
        CREATE TABLE "we""ird.schema"."tab.le ""x""" (
          "select" int PRIMARY KEY,
          "col with space" text NOT NULL DEFAULT 'a''b',
          "ça" "we""ird.schema"."Mood 😀",
          "UPPER" int CONSTRAINT "check.it" CHECK ("UPPER" > 0),
          a_column_name_that_is_exactly_sixty_three_bytes_long_abcdefghijk int);
        CREATE INDEX "idx.with""quote" ON "we""ird.schema"."tab.le ""x""" ("col with space");
        COMMENT ON TABLE "we""ird.schema"."tab.le ""x""" IS 'it''s';
        CREATE TABLE "order" ("group" int REFERENCES "we""ird.schema"."tab.le ""x""" ("select"));
        CREATE VIEW "v i e w" AS SELECT "group" FROM "order";
        CREATE FUNCTION "we""ird.schema"."fn.dot"("in put" int) RETURNS int LANGUAGE sql AS 'SELECT $1';
        CREATE TABLE an_identifier_longer_than_sixty_three_bytes_is_truncated_by_postgres_xx (id int);
    "#;
    let from = database("").await;
    let to = database(hostile).await;
    let out = dibs(&["diff", "--from", &from, "--to", &to]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let sql = text(&out.stdout);
    let (client, connection) = tokio_postgres::connect(&from, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(&sql)
        .await
        .unwrap_or_else(|e| panic!("{e:?}\n{sql}"));
    let again = dibs(&["diff", "--from", &from, "--to", &to]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}{}",
        text(&again.stdout),
        text(&again.stderr)
    );
    // And back: the hostile schema is taken down again.
    let empty = database("").await;
    let down = dibs(&["diff", "--from", &from, "--to", &empty]);
    client.batch_execute(&text(&down.stdout)).await.unwrap();
    let gone = dibs(&["diff", "--from", &from, "--to", &empty]);
    assert_eq!(gone.status.code(), Some(0), "{}", text(&gone.stdout));
}
