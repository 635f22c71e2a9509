//! Starting the app's db binary in serve mode: built with cargo (its progress visible, the
//! executable found from cargo's JSON messages) or taken from `binary` in dibs.toml.
//!
//! The child runs in its own process group, so a Ctrl-C in the terminal reaches only the
//! CLI, which then ends the child; the child also exits by itself when its connection to
//! the CLI closes. `kill_on_drop` covers every other way the CLI can end.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, SystemTime};

use dibs_proto::{LISTENING_PREFIX, TOKEN_ENV};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::config::Config;

#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    #[error("could not run {what}: {source}")]
    Run {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the db crate {krate} failed to compile (see cargo's errors above)")]
    BuildFailed { krate: String },
    #[error(
        "cargo built {krate} but reported no executable for it: is it a binary crate (src/main.rs)?"
    )]
    NoExecutable { krate: String },
    #[error(
        "binary {path} (from dibs.toml) does not exist; build it, or remove `binary` so dibs builds the crate"
    )]
    MissingBinary { path: String },
    #[error(
        "{exe} exited before it started serving ({status}); is its main calling the db crate's run_service()?"
    )]
    EarlyExit { exe: String, status: String },
    #[error(
        "{exe} is not a dibs db binary: asked to serve, it printed {printed:?} instead of \
         `DIBS-LISTENING <port>`; point `binary` in dibs.toml at the db crate's executable \
         (whose main calls run_service()), or remove `binary` so dibs builds the crate"
    )]
    NotServing { exe: String, printed: String },
    #[error("{exe} did not start serving within {seconds}s")]
    Timeout { exe: String, seconds: u64 },
}

#[derive(facet::Facet)]
struct CargoMessage {
    reason: String,
    executable: Option<String>,
    target: Option<CargoTarget>,
}

#[derive(facet::Facet)]
struct CargoTarget {
    name: String,
    kind: Vec<String>,
}

/// Builds the db crate and returns its executable, as cargo reports it.
async fn build(config: &Config) -> Result<PathBuf, SpawnError> {
    let mut child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "-p",
            &config.crate_name,
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(&config.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| SpawnError::Run {
            what: "cargo build".into(),
            source,
        })?;
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let mut executable = None;
    while let Ok(Some(line)) = lines.next_line().await {
        let Ok(message) = facet_json::from_str::<CargoMessage>(&line) else {
            continue;
        };
        if message.reason == "compiler-artifact"
            && let (Some(exe), Some(target)) = (message.executable, message.target)
            && target.kind.iter().any(|k| k == "bin")
            && (target.name == config.crate_name || executable.is_none())
        {
            executable = Some(PathBuf::from(exe));
        }
    }
    let status = child.wait().await.map_err(|source| SpawnError::Run {
        what: "cargo build".into(),
        source,
    })?;
    if !status.success() {
        return Err(SpawnError::BuildFailed {
            krate: config.crate_name.clone(),
        });
    }
    executable.ok_or_else(|| SpawnError::NoExecutable {
        krate: config.crate_name.clone(),
    })
}

fn newest_source(dir: &Path) -> Option<SystemTime> {
    let mut newest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest_source(&path)
        } else {
            entry.metadata().ok()?.modified().ok()
        };
        newest = newest.max(time);
    }
    newest
}

/// The db crate's directory: a Cargo.toml naming the crate, within three levels of the root.
pub fn crate_dir(root: &Path, name: &str, depth: usize) -> Option<PathBuf> {
    let manifest = root.join("Cargo.toml");
    if let Ok(text) = std::fs::read_to_string(&manifest)
        && text
            .lines()
            .any(|l| l.trim().replace(' ', "") == format!("name=\"{name}\""))
    {
        return Some(root.to_path_buf());
    }
    if depth == 0 {
        return None;
    }
    for entry in std::fs::read_dir(root).ok()?.flatten() {
        let path = entry.path();
        let skip = matches!(
            entry.file_name().to_str(),
            Some("target" | ".git" | "node_modules")
        );
        if path.is_dir()
            && !skip
            && let Some(found) = crate_dir(&path, name, depth - 1)
        {
            return Some(found);
        }
    }
    None
}

/// The executable to run: `binary` from dibs.toml, or a fresh cargo build.
pub async fn executable(config: &Config) -> Result<PathBuf, SpawnError> {
    let Some(binary) = &config.binary else {
        return build(config).await;
    };
    if !binary.is_file() {
        return Err(SpawnError::MissingBinary {
            path: binary.display().to_string(),
        });
    }
    Ok(binary.clone())
}

/// Warns when `binary` from dibs.toml is older than the db crate's sources. It walks the
/// crate's files, so it runs while the binary starts.
pub fn warn_if_stale(config: &Config) {
    let Some(binary) = &config.binary else {
        return;
    };
    let Ok(built) = std::fs::metadata(binary).and_then(|m| m.modified()) else {
        return;
    };
    let sources =
        crate_dir(&config.root, &config.crate_name, 3).and_then(|d| newest_source(&d.join("src")));
    if sources.is_some_and(|s| s > built) {
        eprintln!(
            "warning: {} is older than the sources of {}; rebuild it (cargo build -p {}) or remove `binary` from dibs.toml",
            binary.display(),
            config.crate_name,
            config.crate_name
        );
    }
}

/// A running db binary in serve mode.
pub struct Served {
    /// Held so that dropping `Served` ends the child (`kill_on_drop`).
    _child: Child,
    pub port: u16,
    pub token: String,
}

fn random_token() -> String {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    if let Ok(mut random) = std::fs::File::open("/dev/urandom") {
        let _ = random.read_exact(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts `exe serve` and waits for the port it listens on; `preconnect` and `first` are
/// announced to it (see `Project::session`).
pub async fn serve(
    exe: &Path,
    preconnect: Option<&str>,
    first: Option<dibs_proto::Prefetch>,
) -> Result<Served, SpawnError> {
    let token = random_token();
    let shown = exe.display().to_string();
    let mut command = Command::new(exe);
    if let Some(url) = preconnect {
        command.env(dibs_proto::PRECONNECT_ENV, url);
        if let Some(call) = first {
            command.env(dibs_proto::PREFETCH_ENV, call.env_value());
        }
    }
    let mut child = command
        .arg("serve")
        .env(TOKEN_ENV, &token)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .map_err(|source| SpawnError::Run {
            what: shown.clone(),
            source,
        })?;
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let wait = Duration::from_secs(60);
    let first = tokio::time::timeout(wait, lines.next_line())
        .await
        .map_err(|_| SpawnError::Timeout {
            exe: shown.clone(),
            seconds: wait.as_secs(),
        })?;
    let line = match first {
        Ok(Some(line)) => line,
        // Nothing printed: it exited (or closed stdout); say how.
        _ => {
            let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
                .await
                .map(|s| s.map(|s| s.to_string()).unwrap_or_else(|e| e.to_string()))
                .unwrap_or_else(|_| "still running with its output closed".into());
            return Err(SpawnError::EarlyExit { exe: shown, status });
        }
    };
    match line
        .strip_prefix(LISTENING_PREFIX)
        .and_then(|p| p.trim().parse().ok())
    {
        Some(port) => Ok(Served {
            _child: child,
            port,
            token,
        }),
        None => {
            // Something else answered (not a db binary, or one of another dibs): end it
            // now rather than wait for a program that may never exit.
            let _ = child.kill().await;
            let printed: String = line.chars().take(80).collect();
            Err(SpawnError::NotServing {
                exe: shown,
                printed,
            })
        }
    }
}
