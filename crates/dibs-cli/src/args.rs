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
    /// The development database: a local PostgreSQL cluster for this project.
    #[command(subcommand)]
    Db(DbCommand),
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create (on first use) and start the development database; prints its URL.
    Start,
    /// Stop it; its data stays.
    Stop,
    /// Whether it exists and runs, where, and on which port.
    Status,
    /// Print the URL the app can use (starts the database if needed).
    Url,
    /// Stop it and delete all its data.
    Reset,
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
