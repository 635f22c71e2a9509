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
        /// Stop after this migration (inclusive).
        #[arg(long, value_name = "ID")]
        migration: Option<String>,
        /// List what would run and its source; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Apply pending migrations older than the newest applied one.
        #[arg(long)]
        allow_out_of_order: bool,
        /// Give up waiting for a table lock after this many milliseconds (then retry).
        #[arg(long, default_value_t = 5000, value_name = "MS")]
        lock_timeout_ms: u64,
        /// Cancel any statement running longer than this (0: no limit).
        #[arg(long, default_value_t = 0, value_name = "MS")]
        statement_timeout_ms: u64,
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
}
