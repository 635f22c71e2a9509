//! The development database: a cluster per project, started on demand from the system's
//! binaries, reused by later commands, kept outside `target/` so `cargo clean` spares it.
//!
//! Commands that may start or stop it take an exclusive file lock first, so concurrent
//! `dibs` commands share one server instead of racing to create two.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use dibs_schema::{Ident, Literal};

use crate::cluster::{Binaries, Cluster, free_port};
use crate::error::ClusterError;

/// Name of the database the development cluster serves to the app.
pub const DEV_DATABASE: &str = "dev";

/// Where a project's development cluster lives, and what state it is in.
#[derive(Debug)]
pub struct DevDatabase {
    dir: PathBuf,
}

/// The state `dibs db status` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DevStatus {
    NotCreated,
    Stopped,
    Running { port: u16, pid: u32 },
}

fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// Base directory for development clusters: `DIBS_DEV_DIR`, or a directory the server's
/// user can reach (as root the server runs as `postgres`, who cannot enter `/root`).
fn base_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DIBS_DEV_DIR") {
        return PathBuf::from(dir);
    }
    if is_root() {
        return PathBuf::from("/var/lib/dibs/dev");
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(std::env::temp_dir);
    data.join("dibs/dev")
}

/// FNV-1a of the project path: a stable key, short enough for socket paths.
fn key(project: &Path) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in project.as_os_str().as_encoded_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let name: String = project
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .take(24)
                .collect()
        })
        .unwrap_or_default();
    format!("{name}-{hash:016x}")
}

impl DevDatabase {
    /// The development database of the project rooted at `project`.
    pub fn for_project(project: &Path) -> DevDatabase {
        let project = project
            .canonicalize()
            .unwrap_or_else(|_| project.to_path_buf());
        DevDatabase {
            dir: base_dir().join(key(&project)),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn lock(&self) -> Result<File, ClusterError> {
        let parent = self.dir.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent).map_err(ClusterError::Io)?;
        if is_root() {
            // The server (as postgres) must be able to traverse to its directory. Only the
            // search bit is added: other bits (the sticky bit of /tmp) are kept.
            use std::os::unix::fs::PermissionsExt;
            for dir in parent
                .ancestors()
                .take_while(|d| !d.as_os_str().is_empty() && *d != Path::new("/"))
            {
                let Ok(meta) = std::fs::metadata(dir) else {
                    continue;
                };
                let mode = meta.permissions().mode();
                if mode & 0o011 != 0o011 {
                    let _ = std::fs::set_permissions(
                        dir,
                        std::fs::Permissions::from_mode(mode | 0o011),
                    );
                }
            }
        }
        let file = File::create(self.dir.with_extension("lock")).map_err(ClusterError::Io)?;
        file.lock().map_err(ClusterError::Io)?;
        Ok(file)
    }

    fn port_file(&self) -> PathBuf {
        self.dir.join("port")
    }

    fn cluster(&self) -> Result<Cluster, ClusterError> {
        let port = std::fs::read_to_string(self.port_file())
            .ok()
            .and_then(|p| p.trim().parse().ok())
            .map_or_else(free_port, Ok)?;
        Ok(Cluster::new(Binaries::locate()?, self.dir.clone(), port).durable())
    }

    pub fn status(&self) -> Result<DevStatus, ClusterError> {
        if !self.dir.join("data/PG_VERSION").exists() {
            return Ok(DevStatus::NotCreated);
        }
        let cluster = self.cluster()?;
        Ok(match cluster.running_pid() {
            Some(pid) => DevStatus::Running {
                port: cluster.port,
                pid,
            },
            None => DevStatus::Stopped,
        })
    }

    /// Creates and starts the cluster as needed, and returns the app database's URL.
    pub async fn start(&self) -> Result<String, ClusterError> {
        let _lock = self.lock()?;
        let mut cluster = self.cluster()?;
        if !cluster.is_initialized() {
            cluster.init_trusting_loopback()?;
        }
        if cluster.running_pid().is_none() {
            cluster.clear_stale_pid_file()?;
            if std::net::TcpListener::bind(("127.0.0.1", cluster.port)).is_err() {
                // Someone else took the port while we were stopped: move.
                cluster =
                    Cluster::new(Binaries::locate()?, self.dir.clone(), free_port()?).durable();
            }
            cluster.start()?;
            std::fs::write(self.port_file(), cluster.port.to_string()).map_err(ClusterError::Io)?;
        }
        create_database(&cluster).await?;
        Ok(cluster.trusted_url(DEV_DATABASE))
    }

    /// The URL, if the cluster runs.
    pub fn url(&self) -> Result<Option<String>, ClusterError> {
        Ok(match self.status()? {
            DevStatus::Running { .. } => Some(self.cluster()?.trusted_url(DEV_DATABASE)),
            _ => None,
        })
    }

    pub fn stop(&self) -> Result<(), ClusterError> {
        let _lock = self.lock()?;
        if self.dir.join("data/PG_VERSION").exists() {
            self.cluster()?.stop(Duration::from_secs(30))?;
        }
        Ok(())
    }

    /// Stops the cluster and deletes it with all its data.
    pub fn reset(&self) -> Result<(), ClusterError> {
        self.stop()?;
        let _lock = self.lock()?;
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir).map_err(ClusterError::Io)?;
        }
        Ok(())
    }
}

async fn create_database(cluster: &Cluster) -> Result<(), ClusterError> {
    let (client, connection) =
        tokio_postgres::connect(&cluster.trusted_url("postgres"), tokio_postgres::NoTls)
            .await
            .map_err(ClusterError::Connect)?;
    tokio::spawn(connection);
    let exists = client
        .query_one(
            &format!(
                "SELECT count(*) FROM pg_database WHERE datname = {}",
                Literal(DEV_DATABASE)
            ),
            &[],
        )
        .await
        .map_err(ClusterError::Connect)?
        .get::<_, i64>(0)
        > 0;
    if !exists {
        client
            .batch_execute(&format!("CREATE DATABASE {}", Ident(DEV_DATABASE)))
            .await
            .map_err(|source| ClusterError::CreateDatabase {
                name: DEV_DATABASE.to_string(),
                source,
            })?;
    }
    Ok(())
}
