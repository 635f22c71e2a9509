//! Local PostgreSQL clusters from the system's binaries: throwaway ones for tests, and the
//! building blocks the CLI's development database uses.

mod cluster;
mod dev;
mod error;
mod test_server;

pub use cluster::{Binaries, Cluster, SUPERUSER_PASSWORD, free_port};
pub use dev::{DEV_DATABASE, DevDatabase, DevStatus};
pub use dibs_postgres::with_database;
pub use error::ClusterError;
pub use test_server::{TestDatabase, TestServer};
