//! The server tests run against: `DIBS_TEST_DATABASE_URL`, or a throwaway cluster started
//! once per test process and removed when the process exits.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::cluster::{Binaries, Cluster, free_port};
use crate::error::ClusterError;
use dibs_postgres::with_database;

/// Variable naming an existing server for tests. Never `DATABASE_URL`: that is the app's.
pub const TEST_URL_VAR: &str = "DIBS_TEST_DATABASE_URL";

/// A server for tests: gives each test a fresh database of its own.
#[derive(Debug)]
pub struct TestServer {
    /// URL of the maintenance database, used to create the per-test databases.
    admin_url: String,
    prefix: String,
    cluster: Option<Cluster>,
}

/// A database created for one test.
#[derive(Debug, Clone)]
pub struct TestDatabase {
    pub name: String,
    pub url: String,
}

static SERVER: OnceLock<Result<TestServer, String>> = OnceLock::new();
static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestServer {
    /// The process-wide server, started on first use. Panics with the setup error, since a
    /// test cannot proceed without it and the message says how to fix the machine.
    pub fn shared() -> &'static TestServer {
        match SERVER.get_or_init(|| TestServer::start().map_err(|e| error_chain(&e))) {
            Ok(server) => server,
            Err(message) => panic!("no PostgreSQL for tests: {message}"),
        }
    }

    fn start() -> Result<TestServer, ClusterError> {
        let nonce = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let prefix = format!("dibs_t{}_{:x}", std::process::id(), nonce);
        if let Ok(url) = std::env::var(TEST_URL_VAR) {
            return Ok(TestServer {
                admin_url: url,
                prefix,
                cluster: None,
            });
        }
        let binaries = Binaries::locate()?;
        let dir =
            std::env::temp_dir().join(format!("dibs-test-{}-{:x}", std::process::id(), nonce));
        let cluster = Cluster::new(binaries, dir, free_port()?);
        cluster.init()?;
        cluster.remove_when_process_exits(std::process::id())?;
        cluster.start()?;
        Ok(TestServer {
            admin_url: cluster.url("postgres"),
            prefix,
            cluster: Some(cluster),
        })
    }

    /// The throwaway cluster, when the tests started one.
    pub fn cluster(&self) -> Option<&Cluster> {
        self.cluster.as_ref()
    }

    /// URL of the server's maintenance database.
    pub fn admin_url(&self) -> &str {
        &self.admin_url
    }

    /// Creates a new, empty database with a unique name.
    pub async fn fresh_database(&self) -> Result<TestDatabase, ClusterError> {
        let name = format!(
            "{}_{}",
            self.prefix,
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let (client, connection) = tokio_postgres::connect(&self.admin_url, tokio_postgres::NoTls)
            .await
            .map_err(ClusterError::Connect)?;
        tokio::spawn(connection);
        client
            .batch_execute(&format!(
                "CREATE DATABASE {} TEMPLATE template0",
                dibs_schema::Ident(&name)
            ))
            .await
            .map_err(|source| ClusterError::CreateDatabase {
                name: name.clone(),
                source,
            })?;
        let url = with_database(&self.admin_url, &name);
        Ok(TestDatabase { name, url })
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
