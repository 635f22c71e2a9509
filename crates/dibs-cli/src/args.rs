//! Command-line arguments (clap), in one place.

use clap::{Args, Parser, Subcommand};

/// Postgres schema and migrations for Rust.
#[derive(Debug, Parser)]
#[command(name = "dibs", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the SQL that turns one database's schema into another's.
    ///
    /// Exit status: 0 when equal, 2 when different, 1 on error.
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Database whose schema is changed (postgres://user:password@host:port/db).
    #[arg(long, value_name = "URL")]
    pub from: String,
    /// Database whose schema is the goal.
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// Schemas to compare (repeatable).
    #[arg(long = "schema", value_name = "NAME", default_value = "public")]
    pub schemas: Vec<String>,
    /// Print the typed change list as JSON instead of SQL.
    #[arg(long)]
    pub json: bool,
}
