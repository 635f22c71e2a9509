//! Errors from starting and using local clusters.

/// Why a local cluster could not be created, started or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClusterError {
    #[error(
        "PostgreSQL server binaries (initdb, pg_ctl) not found in {searched}; install them \
         (Debian/Ubuntu: `apt-get install postgresql`) or set DIBS_PG_BIN to their directory; \
         or use an existing server instead: DATABASE_URL (or --database-url) for dibs commands, \
         DIBS_TEST_DATABASE_URL for the tests"
    )]
    BinariesNotFound { searched: String },
    #[error("could not run {what}")]
    Spawn {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{what} failed:\n{output}")]
    CommandFailed { what: &'static str, output: String },
    #[error("I/O error on the cluster directory")]
    Io(#[source] std::io::Error),
    #[error("could not connect to the local cluster")]
    Connect(#[source] tokio_postgres::Error),
    #[error("could not create database {name}")]
    CreateDatabase {
        name: String,
        #[source]
        source: tokio_postgres::Error,
    },
}
