//! Faults the runner meets in production: its backend terminated, the server crashing,
//! the network link cut. Each must leave the database at a recorded migration boundary,
//! release the lock, and let a rerun complete. The test decides when each fault happens
//! (a migration blocks on an advisory lock the test holds), never a sleep.
//!
//! Disk-full and quota errors are out of scope: Postgres rolls the transaction back like any
//! other error, and nothing here could make them happen on purpose.

use std::sync::Arc;
use std::time::Duration;

use dibs_runner::{RunOptions, RunSummary, RunnerError};
use dibs_testdb::{Binaries, Cluster, free_port};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::support::{advisory_locks, count, fresh, migrations, run};

/// Waits (bounded) until a session of this database waits for a lock; returns its pid.
async fn lock_waiter(client: &tokio_postgres::Client) -> i32 {
    for _ in 0..600 {
        let rows = client
            .query(
                "SELECT pid FROM pg_stat_activity
                  WHERE wait_event_type = 'Lock' AND datname = current_database()",
                &[],
            )
            .await
            .unwrap();
        if let Some(row) = rows.first() {
            return row.get(0);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no runner reached the lock the test holds");
}

fn spawn_run(
    url: String,
    prefixes: &'static [&'static str],
) -> JoinHandle<Result<RunSummary, RunnerError>> {
    tokio::spawn(async move {
        let client = Arc::new(dibs_postgres::connect(&url).await.unwrap());
        run(&client, &migrations(prefixes), &RunOptions::default()).await
    })
}

async fn tables_named(client: &tokio_postgres::Client, name: &str) -> i64 {
    count(
        client,
        &format!("SELECT count(*) FROM pg_tables WHERE tablename = '{name}'"),
    )
    .await
}

async fn history_rows(client: &tokio_postgres::Client) -> i64 {
    let exists = count(
        client,
        "SELECT count(*) FROM pg_tables WHERE tablename = '__dibs_migrations'",
    )
    .await;
    if exists == 0 {
        return 0;
    }
    count(client, "SELECT count(*) FROM __dibs_migrations").await
}

#[tokio::test]
async fn a_terminated_backend_mid_migration_leaves_a_boundary_and_a_rerun_completes() {
    let (client, url) = fresh().await;
    client
        .batch_execute("SELECT pg_advisory_lock(4242)")
        .await
        .unwrap();
    let runner = spawn_run(url.clone(), &["20250401"]);
    let pid = lock_waiter(&client).await;
    client
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .await
        .unwrap();
    let err = runner.await.unwrap().unwrap_err();
    assert!(
        err.to_string().contains("20250401000000-blocks-midway"),
        "{err}"
    );
    client
        .batch_execute("SELECT pg_advisory_unlock(4242)")
        .await
        .unwrap();
    assert_eq!(
        tables_named(&client, "before_block").await,
        0,
        "rolled back whole"
    );
    assert_eq!(history_rows(&client).await, 0);
    assert_eq!(
        advisory_locks(&client).await,
        0,
        "the runner's lock ended with it"
    );
    let summary = run(&client, &migrations(&["20250401"]), &RunOptions::default())
        .await
        .unwrap();
    assert_eq!(summary.applied.len(), 1);
    assert_eq!(tables_named(&client, "after_block").await, 1);
}

#[tokio::test]
async fn a_terminated_backend_mid_backfill_resumes_from_the_last_batch() {
    let (client, url) = fresh().await;
    run(
        &client,
        &migrations(&["20250501000000"]),
        &RunOptions::default(),
    )
    .await
    .unwrap();
    let holder = dibs_postgres::connect(&url).await.unwrap();
    holder
        .batch_execute("BEGIN; SELECT * FROM bf WHERE id = 50500 FOR UPDATE")
        .await
        .unwrap();
    let runner = spawn_run(url.clone(), &["20250501"]);
    let pid = lock_waiter(&client).await;
    client
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .await
        .unwrap();
    assert!(runner.await.unwrap().is_err());
    holder.batch_execute("COMMIT").await.unwrap();
    assert_eq!(
        count(&client, "SELECT count(*) FROM bf WHERE touched = 1").await,
        50000,
        "batches before the held row stay committed"
    );
    assert_eq!(advisory_locks(&client).await, 0);
    let summary = run(&client, &migrations(&["20250501"]), &RunOptions::default())
        .await
        .unwrap();
    assert_eq!(summary.applied.len(), 1);
    assert_eq!(
        count(&client, "SELECT count(*) FROM bf WHERE touched <> 1").await,
        0,
        "every row touched exactly once"
    );
    assert_eq!(count(&client, "SELECT count(*) FROM bf_log").await, 1);
}

/// A durable cluster of this test's own: it is crashed on purpose. Removed when the test
/// process exits, like the shared one.
fn private_cluster() -> Cluster {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let dir = std::env::temp_dir().join(format!("dibs-crash-{}-{nanos:x}", std::process::id()));
    let cluster = Cluster::new(
        Binaries::locate().expect("server binaries"),
        dir,
        free_port().unwrap(),
    )
    .durable();
    cluster.init().unwrap();
    cluster
        .remove_when_process_exits(std::process::id())
        .unwrap();
    cluster.start().unwrap();
    cluster
}

#[tokio::test]
async fn a_server_crash_mid_migration_leaves_a_boundary_and_a_rerun_completes() {
    let cluster = private_cluster();
    let url = cluster.url("postgres");
    let client = dibs_postgres::connect(&url).await.unwrap();
    run(
        &Arc::new(dibs_postgres::connect(&url).await.unwrap()),
        &migrations(&["20250301000000"]),
        &RunOptions::default(),
    )
    .await
    .unwrap();
    client
        .batch_execute("SELECT pg_advisory_lock(4242)")
        .await
        .unwrap();
    let runner = spawn_run(url.clone(), &["20250301000000", "20250401"]);
    lock_waiter(&client).await;
    cluster.crash(Duration::from_secs(30)).unwrap();
    assert!(runner.await.unwrap().is_err());
    cluster.clear_stale_pid_file().unwrap();
    cluster.start().unwrap();
    let client = Arc::new(dibs_postgres::connect(&url).await.unwrap());
    assert_eq!(
        history_rows(&client).await,
        1,
        "the migration before the crash stays"
    );
    assert_eq!(tables_named(&client, "before_block").await, 0);
    let summary = run(
        &client,
        &migrations(&["20250301000000", "20250401"]),
        &RunOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(summary.applied, ["20250401000000-blocks-midway"]);
    cluster.stop(Duration::from_secs(30)).unwrap();
}

/// Forwards loopback TCP to the server until `cut` closes every link at once, as a
/// failing network path or a restarted load balancer does.
struct Proxy {
    port: u16,
    links: Arc<std::sync::Mutex<Vec<JoinHandle<()>>>>,
    accept: JoinHandle<()>,
}

impl Proxy {
    async fn start(server_port: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let links: Arc<std::sync::Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accept_links = links.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let link = tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(("127.0.0.1", server_port)).await
                    else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                });
                accept_links.lock().unwrap().push(link);
            }
        });
        Proxy {
            port,
            links,
            accept,
        }
    }

    /// Drops both ends of every link: each side sees its peer vanish mid-conversation.
    fn cut(&self) {
        self.accept.abort();
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }
}

fn port_of(url: &str) -> u16 {
    let after_host = url.rsplit_once(':').unwrap().1;
    after_host.split('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_network_cut_mid_statement_is_noticed_and_a_rerun_completes() {
    let (client, url) = fresh().await;
    let proxy = Proxy::start(port_of(&url)).await;
    let through_proxy = url.replace(
        &format!(":{}/", port_of(&url)),
        &format!(":{}/", proxy.port),
    );
    client
        .batch_execute("SELECT pg_advisory_lock(4242)")
        .await
        .unwrap();
    let runner = spawn_run(through_proxy, &["20250401"]);
    let waiter = lock_waiter(&client).await;
    proxy.cut();
    let started = std::time::Instant::now();
    let outcome = tokio::time::timeout(Duration::from_secs(60), runner)
        .await
        .expect("the runner noticed the cut instead of hanging");
    assert!(outcome.unwrap().is_err());
    assert!(started.elapsed() < Duration::from_secs(30));
    // The server ends the orphaned session (its connection check, Postgres 14+), or at the
    // latest when the lock wait ends and it cannot answer: either way it rolls back.
    client
        .batch_execute("SELECT pg_advisory_unlock(4242)")
        .await
        .unwrap();
    for _ in 0..600 {
        let alive = count(
            &client,
            &format!("SELECT count(*) FROM pg_stat_activity WHERE pid = {waiter}"),
        )
        .await;
        if alive == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(tables_named(&client, "before_block").await, 0);
    assert_eq!(advisory_locks(&client).await, 0);
    let summary = run(&client, &migrations(&["20250401"]), &RunOptions::default())
        .await
        .unwrap();
    assert_eq!(summary.applied.len(), 1);
}
