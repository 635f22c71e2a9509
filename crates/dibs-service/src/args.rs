//! Command-line arguments of the db binary.

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(about = "Schema and migrations for this app's database (dibs)")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Connection {
    /// Database to work on; default: DATABASE_URL from the environment or `.env`.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Print events as JSON lines instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations.
    Migrate {
        #[command(flatten)]
        connection: Connection,
        #[command(flatten)]
        run: RunFlags,
    },
    /// Show each migration: applied, pending, modified or missing.
    Status {
        #[command(flatten)]
        connection: Connection,
    },
    /// Compare the schema declared in this crate with the database (exit 2 on drift).
    Diff {
        #[command(flatten)]
        connection: Connection,
    },
    /// Answer the dibs CLI over RPC on a loopback port (started by `dibs`, not by hand).
    Serve,
    /// Record the current checksum of an applied migration whose code was edited on purpose.
    Repair {
        #[command(flatten)]
        connection: Connection,
        #[arg(long, value_name = "ID")]
        migration: String,
    },
    /// Record migrations as applied without running them, on a database that already has
    /// their schema (checked: they are built in a scratch database and compared).
    Baseline {
        #[command(flatten)]
        connection: Connection,
        /// Record migrations up to and including this one (default: all of them).
        #[arg(long, value_name = "ID")]
        migration: Option<String>,
        /// Record them even when the database differs from what they produce.
        #[arg(long)]
        force: bool,
    },
}

/// How a run goes; the same flags on `my-app-db migrate` and `dibs migrate`, which sends
/// them to the db binary in its `RunRequest`.
#[derive(Debug, Clone, Args)]
pub struct RunFlags {
    /// Stop after this migration (inclusive).
    #[arg(long, value_name = "ID")]
    pub migration: Option<String>,
    /// List what would run and its source; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apply pending migrations older than the newest applied one.
    #[arg(long)]
    pub allow_out_of_order: bool,
    /// Give up waiting for a table lock after this many milliseconds (then retry).
    #[arg(long, default_value_t = 5000, value_name = "MS")]
    pub lock_timeout_ms: u64,
    /// Cancel any statement running longer than this (0: no limit).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub statement_timeout_ms: u64,
    /// Retries of a migration after lock timeouts before the run fails.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub lock_retries: u32,
    /// Wait at most this long for another runner to finish (deploys start runners together).
    #[arg(long, default_value_t = 600, value_name = "SECONDS")]
    pub lock_wait_secs: u64,
    /// Show each statement in full (a terminal otherwise shortens long ones to a line).
    #[arg(long, short)]
    pub verbose: bool,
}

impl RunFlags {
    pub fn request(&self, database_url: String) -> dibs_proto::RunRequest {
        dibs_proto::RunRequest {
            database_url,
            migration: self.migration.clone(),
            dry_run: self.dry_run,
            allow_out_of_order: self.allow_out_of_order,
            lock_timeout_ms: self.lock_timeout_ms,
            statement_timeout_ms: self.statement_timeout_ms,
            lock_retries: self.lock_retries,
            lock_wait_secs: self.lock_wait_secs,
        }
    }
}

/// The runner's options for a request, with the history table the db crate declares.
pub fn run_options(
    request: &dibs_proto::RunRequest,
    history: &dibs_runner::History,
) -> dibs_runner::RunOptions {
    use std::time::Duration;
    dibs_runner::RunOptions {
        target: match &request.migration {
            Some(id) => dibs_runner::Target::Migration(id.clone()),
            None => dibs_runner::Target::Latest,
        },
        dry_run: request.dry_run,
        allow_out_of_order: request.allow_out_of_order,
        lock_timeout: Duration::from_millis(request.lock_timeout_ms),
        statement_timeout: (request.statement_timeout_ms > 0)
            .then(|| Duration::from_millis(request.statement_timeout_ms)),
        lock_retries: request.lock_retries,
        lock_wait: Duration::from_secs(request.lock_wait_secs),
        history: history.clone(),
    }
}
