//! A PostgreSQL cluster started from the system's server binaries: initdb, start, stop.
//!
//! Postgres refuses to run as root, so when we are root the server runs as the `postgres`
//! user; its data and socket directories are created with that user as owner.

use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::ClusterError;

/// Password given to the cluster's `postgres` superuser. The clusters listen on loopback only
/// and exist for tests and development, but TCP uses password authentication so that the
/// password-handling paths (redaction, wrong password) are exercised for real.
pub const SUPERUSER_PASSWORD: &str = "dibs-local";

/// Where the server binaries (`initdb`, `pg_ctl`, `postgres`) live.
#[derive(Debug, Clone)]
pub struct Binaries {
    pub bin_dir: PathBuf,
}

impl Binaries {
    /// Finds the binaries: `DIBS_PG_BIN`, then `PATH`, then the newest `/usr/lib/postgresql/*/bin`.
    pub fn locate() -> Result<Binaries, ClusterError> {
        if let Some(dir) = std::env::var_os("DIBS_PG_BIN") {
            let dir = PathBuf::from(dir);
            return if dir.join("initdb").is_file() {
                Ok(Binaries { bin_dir: dir })
            } else {
                Err(ClusterError::BinariesNotFound {
                    searched: format!("DIBS_PG_BIN={}", dir.display()),
                })
            };
        }
        if let Some(path) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&path) {
                if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
                    return Ok(Binaries { bin_dir: dir });
                }
            }
        }
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
                let bin = entry.path().join("bin");
                bin.join("initdb").is_file().then_some((version, bin))
            })
            .collect();
        versions.sort();
        match versions.pop() {
            Some((_, bin_dir)) => Ok(Binaries { bin_dir }),
            None => Err(ClusterError::BinariesNotFound {
                searched: "DIBS_PG_BIN, PATH and /usr/lib/postgresql/*/bin".into(),
            }),
        }
    }

    fn tool(&self, name: &str) -> PathBuf {
        self.bin_dir.join(name)
    }
}

/// A cluster directory: `data/` holds the cluster, the directory itself holds the socket.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub dir: PathBuf,
    pub port: u16,
    binaries: Binaries,
    /// Keep Postgres's durability settings (a developer's data), instead of the fast,
    /// crash-unsafe ones throwaway test clusters use.
    durable: bool,
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// Runs a server binary, as the `postgres` user when we are root.
fn server_command(program: &Path) -> Command {
    if running_as_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn run(mut cmd: Command, what: &'static str) -> Result<(), ClusterError> {
    let output = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|source| ClusterError::Spawn { what, source })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(ClusterError::CommandFailed {
            what,
            output: String::from_utf8_lossy(&output.stderr).into_owned()
                + &String::from_utf8_lossy(&output.stdout),
        })
    }
}

/// Picks a free loopback port by binding to port 0.
pub fn free_port() -> Result<u16, ClusterError> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(ClusterError::Io)?;
    Ok(listener.local_addr().map_err(ClusterError::Io)?.port())
}

impl Cluster {
    /// A cluster handle for `dir`; nothing is created until [`Cluster::init`].
    pub fn new(binaries: Binaries, dir: PathBuf, port: u16) -> Cluster {
        Cluster {
            dir,
            port,
            binaries,
            durable: false,
        }
    }

    /// This cluster keeps fsync and synchronous commit: data survives a crash.
    pub fn durable(mut self) -> Cluster {
        self.durable = true;
        self
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.join("data")
    }

    pub fn is_initialized(&self) -> bool {
        self.data_dir().join("PG_VERSION").is_file()
    }

    /// Creates the directory (owned by `postgres` when root) and runs initdb without fsync.
    /// TCP connections need the superuser's password ([`SUPERUSER_PASSWORD`]).
    pub fn init(&self) -> Result<(), ClusterError> {
        self.init_with_auth("scram-sha-256")
    }

    /// Like [`Cluster::init`], but loopback TCP connections are trusted: for a developer's
    /// own database, whose URL carries no password to leak.
    pub fn init_trusting_loopback(&self) -> Result<(), ClusterError> {
        self.init_with_auth("trust")
    }

    fn init_with_auth(&self, host_auth: &str) -> Result<(), ClusterError> {
        std::fs::create_dir_all(&self.dir).map_err(ClusterError::Io)?;
        let pwfile = self.dir.join("pwfile");
        std::fs::write(&pwfile, SUPERUSER_PASSWORD).map_err(ClusterError::Io)?;
        if running_as_root() {
            run(
                {
                    let mut c = Command::new("chown");
                    c.arg("-R").arg("postgres:postgres").arg(&self.dir);
                    c
                },
                "chown",
            )?;
        }
        let mut cmd = server_command(&self.binaries.tool("initdb"));
        cmd.arg("-D")
            .arg(self.data_dir())
            .args(["-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"])
            .arg("--auth-local=trust")
            .arg(format!("--auth-host={host_auth}"))
            .arg(format!("--pwfile={}", pwfile.display()));
        run(cmd, "initdb")
    }

    /// Turns on TLS with the given PEM certificate and key, and refuses unencrypted TCP
    /// connections. Call after [`Cluster::init`], before [`Cluster::start`].
    pub fn enable_ssl(&self, cert_pem: &[u8], key_pem: &[u8]) -> Result<(), ClusterError> {
        use std::io::Write;
        use std::os::unix::fs::PermissionsExt;
        let data = self.data_dir();
        std::fs::write(data.join("server.crt"), cert_pem).map_err(ClusterError::Io)?;
        std::fs::write(data.join("server.key"), key_pem).map_err(ClusterError::Io)?;
        std::fs::set_permissions(
            data.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .map_err(ClusterError::Io)?;
        let mut conf = std::fs::OpenOptions::new()
            .append(true)
            .open(data.join("postgresql.conf"))
            .map_err(ClusterError::Io)?;
        writeln!(conf, "ssl = on").map_err(ClusterError::Io)?;
        let hba_path = data.join("pg_hba.conf");
        let hba = std::fs::read_to_string(&hba_path).map_err(ClusterError::Io)?;
        std::fs::write(
            &hba_path,
            format!("hostnossl all all 0.0.0.0/0 reject\n{hba}"),
        )
        .map_err(ClusterError::Io)?;
        if running_as_root() {
            let mut chown = Command::new("chown");
            chown.arg("-R").arg("postgres:postgres").arg(&data);
            run(chown, "chown")?;
        }
        Ok(())
    }

    /// Starts the server on loopback with the socket in the cluster directory and waits for it.
    pub fn start(&self) -> Result<(), ClusterError> {
        let speed = if self.durable {
            ""
        } else {
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        };
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=64MB{speed}",
            self.port,
            self.dir.display()
        );
        let mut cmd = server_command(&self.binaries.tool("pg_ctl"));
        cmd.arg("-D")
            .arg(self.data_dir())
            .args(["-l"])
            .arg(self.dir.join("server.log"))
            .args(["-o", &options, "-w", "-t", "30", "start"]);
        run(cmd, "pg_ctl start").map_err(|err| match err {
            ClusterError::CommandFailed { what, output } => ClusterError::CommandFailed {
                what,
                output: output + &self.log_tail(),
            },
            other => other,
        })
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(10)..].join("\n")
    }

    /// The postmaster's pid, if its pid file names a live postgres process (a pid file
    /// left by a crash, whose pid now belongs to something else, does not count).
    pub fn running_pid(&self) -> Option<u32> {
        let text = std::fs::read_to_string(self.data_dir().join("postmaster.pid")).ok()?;
        let pid: u32 = text.lines().next()?.trim().parse().ok()?;
        let command = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
        matches!(command.trim(), "postgres" | "postmaster").then_some(pid)
    }

    /// Removes a pid file whose server is gone, so that a start after a crash succeeds.
    pub fn clear_stale_pid_file(&self) -> Result<(), ClusterError> {
        let pid_file = self.data_dir().join("postmaster.pid");
        if pid_file.exists() && self.running_pid().is_none() {
            std::fs::remove_file(pid_file).map_err(ClusterError::Io)?;
        }
        Ok(())
    }

    /// Stops the server with a fast shutdown and waits up to `timeout` for it to exit.
    pub fn stop(&self, timeout: Duration) -> Result<(), ClusterError> {
        self.signal_and_wait("-INT", timeout)
    }

    /// Stops the server as a crash would (immediate shutdown: no checkpoint, sessions cut
    /// off); the next start recovers from the WAL. For fault tests.
    pub fn crash(&self, timeout: Duration) -> Result<(), ClusterError> {
        self.signal_and_wait("-QUIT", timeout)
    }

    fn signal_and_wait(&self, signal: &str, timeout: Duration) -> Result<(), ClusterError> {
        let Some(pid) = self.running_pid() else {
            return Ok(());
        };
        run(
            {
                let mut c = Command::new("kill");
                c.args([signal, &pid.to_string()]);
                c
            },
            "kill",
        )?;
        let deadline = Instant::now() + timeout;
        while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    /// URL for `database` as the superuser without a password (trusted loopback).
    pub fn trusted_url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// URL for `database` as the superuser, over TCP on loopback.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://postgres:{SUPERUSER_PASSWORD}@127.0.0.1:{}/{database}",
            self.port
        )
    }

    /// Spawns a detached watchdog that stops the server and removes the cluster directory
    /// once process `owner` has exited. Test harnesses have no global teardown; this is it.
    pub fn remove_when_process_exits(&self, owner: u32) -> Result<(), ClusterError> {
        let data = self.data_dir();
        let script = format!(
            "while kill -0 {owner} 2>/dev/null; do sleep 0.2; done; \
             pid=$(head -n1 '{pidfile}' 2>/dev/null); \
             if [ -n \"$pid\" ]; then kill -QUIT \"$pid\" 2>/dev/null; \
               while kill -0 \"$pid\" 2>/dev/null; do sleep 0.05; done; fi; \
             rm -rf '{dir}'",
            pidfile = data.join("postmaster.pid").display(),
            dir = self.dir.display(),
        );
        Command::new("setsid")
            .args(["sh", "-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| ClusterError::Spawn {
                what: "watchdog",
                source,
            })?;
        Ok(())
    }
}
