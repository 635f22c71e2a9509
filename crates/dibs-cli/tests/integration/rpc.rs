//! The real `dibs` binary driving the example's real db binary over RPC.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use dibs_testdb::TestServer;

use crate::common::{dibs_command, text};

/// The example's db binary, brought up to date once per test run (a stale one would speak
/// an older protocol).
pub(crate) fn example_binary() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let target = std::env::current_exe()
                .unwrap()
                .parent()
                .unwrap()
                .parent()
                .unwrap()
                .to_path_buf();
            let status = Command::new(env!("CARGO"))
                .args(["build", "--locked", "-p", "my-app-db"])
                .status()
                .unwrap();
            assert!(status.success());
            target.join("my-app-db")
        })
        .clone()
}

fn project(name: &str, dibs_toml: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dibs-rpc-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("dibs.toml"), dibs_toml).unwrap();
    dir
}

/// A project whose `binary` is a link to the example's, under a name of its own, so that
/// looking for leftover processes sees only this test's.
fn example_project(name: &str) -> (PathBuf, PathBuf) {
    let dir = project(name, "");
    let binary = dir.join(format!("my-app-db-{name}"));
    let _ = std::fs::remove_file(&binary);
    std::fs::hard_link(example_binary(), &binary).unwrap();
    std::fs::write(
        dir.join("dibs.toml"),
        format!(
            "[db]\ncrate = \"my-app-db\"\nbinary = \"{}\"\n",
            binary.display()
        ),
    )
    .unwrap();
    (dir, binary)
}

fn dibs(dir: &Path, args: &[&str]) -> Output {
    dibs_command(dir, args).output().unwrap()
}

fn serving_processes(binary: &Path) -> usize {
    let out = Command::new("pgrep")
        .args(["-f", &format!("{} serve", binary.display())])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).lines().count()
}

async fn fresh_url() -> String {
    TestServer::shared().fresh_database().await.unwrap().url
}

#[tokio::test]
async fn status_migrate_diff_through_the_db_binary() {
    let (dir, binary) = example_project("flow");
    let url = fresh_url().await;
    let out = dibs(&dir, &["status", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("pending   20260101000000-initial-schema"),
        "{}",
        text(&out)
    );

    let out = dibs(&dir, &["diff", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("CREATE TABLE public.tasks"),
        "{}",
        text(&out)
    );

    let out = dibs(&dir, &["migrate", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let output = text(&out);
    assert!(
        output.contains("Running 20260118000000-add-task-search-title"),
        "{output}"
    );
    assert!(
        output.contains("Backfilling public.tasks: 120000 / 120000"),
        "{output}"
    );
    assert!(output.contains("Applied 7 migrations."), "{output}");

    let out = dibs(&dir, &["diff", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = dibs(&dir, &["status", "--json", "--database-url", &url]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\"applied\""),
        "{}",
        text(&out)
    );

    // An edited migration: status shows it, migrate refuses, repair is reachable from dibs.
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute("UPDATE __dibs_migrations SET checksum = 'old' WHERE id = '20260110000000-seed-demo-data'")
        .await
        .unwrap();
    let out = dibs(&dir, &["status", "--database-url", &url]);
    assert!(
        text(&out).contains("modified  20260110000000-seed-demo-data"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("dibs repair --migration ID"),
        "{}",
        text(&out)
    );
    let out = dibs(&dir, &["migrate", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = dibs(
        &dir,
        &[
            "repair",
            "--migration",
            "20260110000000-seed-demo-data",
            "--database-url",
            &url,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = dibs(&dir, &["migrate", "--database-url", &url]);
    assert!(text(&out).contains("Nothing to apply"), "{}", text(&out));

    // The history lost (a restored dump): baseline refuses a hand edit, then records.
    client
        .batch_execute(
            "DROP TABLE __dibs_migrations, __dibs_migration_progress;
             CREATE INDEX by_hand ON tasks (id)",
        )
        .await
        .unwrap();
    let out = dibs(&dir, &["baseline", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("DROP INDEX public.by_hand"),
        "{}",
        text(&out)
    );
    client.batch_execute("DROP INDEX by_hand").await.unwrap();
    let out = dibs(&dir, &["baseline", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("Recorded 7 migration(s) as applied"),
        "{}",
        text(&out)
    );
    let out = dibs(&dir, &["migrate", "--database-url", &url]);
    assert!(text(&out).contains("Nothing to apply"), "{}", text(&out));
    assert_eq!(serving_processes(&binary), 0, "no db binary left running");
}

/// The migration that `dibs migrate` announces after the seeded ones, blocked by `holder`.
const BLOCKED: &str = "20260118000000-add-task-search-title";

/// Holds the table the next migration alters (in a transaction `holder` keeps open), starts
/// `dibs migrate` and reads its output up to the announcement of that migration, which can
/// only finish after `holder` lets go. Returns the running CLI, the rest of its output and
/// what it printed so far.
async fn migrate_until_blocked(
    dir: &Path,
    url: &str,
    holder: &tokio_postgres::Client,
) -> (
    std::process::Child,
    std::io::Lines<BufReader<std::process::ChildStdout>>,
    Vec<String>,
) {
    holder
        .batch_execute("BEGIN; LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let mut child = dibs_command(dir, &["migrate", "--database-url", url])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut seen = Vec::new();
    loop {
        let line = match lines.next() {
            Some(Ok(line)) => line,
            other => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("dibs migrate ended before announcing {BLOCKED}: {other:?} {seen:?}");
            }
        };
        seen.push(line.clone());
        if line.starts_with(&format!("Running {BLOCKED}")) {
            return (child, lines, seen);
        }
    }
}

#[tokio::test]
async fn events_arrive_while_the_migration_still_runs() {
    let (dir, binary) = example_project("live");
    let (url, holder) = seeded_with_holder(&dir).await;
    let (mut child, lines, seen) = migrate_until_blocked(&dir, &url, &holder).await;
    // The event arrived, and the migration cannot finish before we let go of the lock:
    // it is (or is about to be) waiting for it.
    let mut waiting = 0i64;
    for _ in 0..200 {
        waiting = holder
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        if waiting == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(waiting, 1, "{seen:?}");
    holder.batch_execute("COMMIT").await.unwrap();
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    assert!(child.wait().unwrap().success(), "{seen:?} {rest:?}");
    assert!(
        rest.iter().any(|l| l == "Applied 5 migrations."),
        "{rest:?}"
    );
    assert_eq!(serving_processes(&binary), 0, "no db binary left running");
}

#[test]
fn bad_config_and_broken_crates_fail_clearly() {
    let dir = project("typo", "[db]\ncrate = \"my-app-db\"\nbinray = \"x\"\n");
    let out = dibs(
        &dir,
        &["status", "--database-url", "postgres://localhost/x"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("dibs.toml:3: unknown key `binray`"),
        "{}",
        text(&out)
    );

    let empty = std::env::temp_dir().join(format!("dibs-rpc-none-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let out = dibs(
        &empty,
        &["migrate", "--database-url", "postgres://localhost/x"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("no dibs.toml"), "{}", text(&out));

    // A db crate that does not compile.
    let broken = project("broken", "[db]\ncrate = \"broken-db\"\n");
    std::fs::create_dir_all(broken.join("src")).unwrap();
    std::fs::write(
        broken.join("Cargo.toml"),
        "[package]\nname = \"broken-db\"\nversion = \"0.0.0\"\nedition = \"2021\"\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        broken.join("src/main.rs"),
        "fn main() { this is not rust }\n",
    )
    .unwrap();
    let out = dibs(
        &broken,
        &["status", "--database-url", "postgres://localhost/x"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("broken-db failed to compile"),
        "{}",
        text(&out)
    );

    // `binary` missing, or older than the db crate's sources (a warning, checked while
    // the binary starts).
    let missing = project(
        "missing",
        "[db]\ncrate = \"x\"\nbinary = \"/nonexistent/db\"\n",
    );
    let out = dibs(
        &missing,
        &["status", "--database-url", "postgres://localhost/x"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("/nonexistent/db (from dibs.toml) does not exist"),
        "{}",
        text(&out)
    );
    let (stale, _) = example_project("stale");
    std::fs::create_dir_all(stale.join("src")).unwrap();
    std::fs::write(
        stale.join("Cargo.toml"),
        "[package]\nname = \"my-app-db\"\nversion = \"0.0.0\"\n",
    )
    .unwrap();
    std::fs::write(stale.join("src/main.rs"), "fn main() {}\n").unwrap();
    let out = dibs(
        &stale,
        &["status", "--database-url", "postgres://127.0.0.1:1/x"],
    );
    assert!(
        text(&out).contains("is older than the sources of my-app-db"),
        "{}",
        text(&out)
    );

    // A "db binary" that dies before serving.
    let dead = project("dead", "[db]\ncrate = \"x\"\nbinary = \"/bin/false\"\n");
    let out = dibs(
        &dead,
        &["status", "--database-url", "postgres://localhost/x"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("exited before it started serving"),
        "{}",
        text(&out)
    );
}

#[tokio::test]
async fn a_killed_cli_leaves_no_db_binary_and_no_half_applied_migration() {
    let (dir, binary) = example_project("killed");
    let (url, holder) = seeded_with_holder(&dir).await;
    for signal in ["-INT", "-TERM", "-KILL"] {
        let (mut child, _lines, _) = migrate_until_blocked(&dir, &url, &holder).await;
        Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        if signal == "-INT" {
            assert_eq!(status.code(), Some(130), "Ctrl-C exits with 130");
        }
        // The db binary notices its connection is gone and exits (bounded wait, no sleep loop
        // beyond it).
        let mut gone = false;
        for _ in 0..100 {
            if serving_processes(&binary) == 0 {
                gone = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(gone, "db binary still running after {signal}");
        holder.batch_execute("COMMIT").await.unwrap();
        // Nothing half-applied: the interrupted migration is not recorded, its column absent.
        let applied: i64 = holder
            .query_one(
                "SELECT count(*) FROM __dibs_migrations WHERE id = $1",
                &[&BLOCKED],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(applied, 0);
    }
    let out = dibs(&dir, &["migrate", "--database-url", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[tokio::test]
async fn the_db_binary_answers_only_its_own_cli() {
    let (_dir, binary) = example_project("token");
    let mut child = tokio::process::Command::new(&binary)
        .arg("serve")
        .env(dibs_proto::TOKEN_ENV, "the-right-token")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines =
        tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(child.stdout.take().unwrap()));
    let first = lines.next_line().await.unwrap().unwrap();
    let port: u16 = first
        .strip_prefix(dibs_proto::LISTENING_PREFIX)
        .unwrap()
        .parse()
        .unwrap();
    let connect = || async move {
        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        // Loopback only.
        assert!(stream.peer_addr().unwrap().ip().is_loopback());
        stream
    };
    let greet = |token: &'static str, protocol_version: u32| async move {
        let mut stream = connect().await;
        let hello = dibs_proto::greeting::Greeting {
            protocol_version,
            dibs_version: "test".into(),
            token: token.into(),
        };
        dibs_proto::greeting::write(&mut stream, &hello)
            .await
            .unwrap();
        let reply: dibs_proto::greeting::GreetingReply =
            dibs_proto::greeting::read(&mut stream).await.unwrap();
        (stream, reply)
    };
    let (_, reply) = greet("guessed", dibs_proto::PROTOCOL_VERSION).await;
    let reason = reply.refused.expect("a wrong token is refused");
    assert!(reason.contains("wrong token"), "{reason}");
    let (_, reply) = greet("the-right-token", dibs_proto::PROTOCOL_VERSION + 1).await;
    let reason = reply.refused.expect("another protocol is refused");
    assert!(reason.contains("protocol mismatch"), "{reason}");
    // Something that is not dibs gets an answer too, and the binary keeps waiting.
    let mut stranger = connect().await;
    tokio::io::AsyncWriteExt::write_all(&mut stranger, b"GET / HTTP/1.1\r\n\r\n")
        .await
        .unwrap();
    let reply: dibs_proto::greeting::GreetingReply =
        dibs_proto::greeting::read(&mut stranger).await.unwrap();
    assert!(reply.refused.is_some());

    let (stream, reply) = greet("the-right-token", dibs_proto::PROTOCOL_VERSION).await;
    assert_eq!(reply.refused, None);
    assert_eq!(reply.protocol_version, dibs_proto::PROTOCOL_VERSION);
    let client = vox::initiator_conduit(
        vox::BareConduit::new(vox_stream::StreamLink::tcp(stream)),
        dibs_proto::greeting::session_start(vox::SessionRole::Initiator),
    )
    .establish::<dibs_proto::DibsDbClient>()
    .await
    .unwrap();
    // Greeted: calls are answered (this one fails on its own terms, not as a refusal).
    let err = remote_error(
        client
            .migrate_status("postgres://127.0.0.1:1/x".into())
            .await,
    );
    assert_eq!(err.kind, dibs_proto::ErrorKind::Database);
    drop(client);
    // The connection closed: the binary exits by itself.
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success());
}

fn remote_error<T>(result: Result<T, vox::VoxError<dibs_proto::RpcError>>) -> dibs_proto::RpcError {
    match result {
        Err(vox::VoxError::User(e)) => e,
        Err(other) => panic!("not an error of the db binary: {other:?}"),
        Ok(_) => panic!("succeeded"),
    }
}

/// A database with the example migrated up to the seed, and a second session to hold locks
/// in it.
async fn seeded_with_holder(dir: &Path) -> (String, tokio_postgres::Client) {
    let url = fresh_url().await;
    let out = dibs(
        dir,
        &[
            "migrate",
            "--migration",
            "20260110000000-seed-demo-data",
            "--database-url",
            &url,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let (holder, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    (url, holder)
}
