//! Command-line arguments (clap), in one place.

use clap::{Args, Parser, Subcommand};

/// Postgres schema and migrations for Rust.
#[derive(Debug, Parser)]
#[command(name = "dibs", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// `diff --from --to`: the one command that reads two catalogs at once.
    pub fn reads_two_databases(&self) -> bool {
        matches!(&self.command, Command::Diff(args) if args.from.is_some())
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare the db crate's declared schema with the database (or, with --from and
    /// --to, two databases). Exit status: 0 when equal, 2 when different, 1 on error.
    Diff(DiffArgs),
    /// Show each migration: applied, pending, modified or missing.
    Status(TargetArgs),
    /// Run pending migrations, with live output and progress bars.
    Migrate(MigrateArgs),
    /// Record the current checksum of an applied migration whose code was edited on purpose.
    Repair(RepairArgs),
    /// Record migrations as applied without running them, on a database that already has
    /// their schema (an existing project adopting dibs, a restored dump). Checked first:
    /// the migrations are built in a scratch database and compared.
    Baseline(BaselineArgs),
    /// Import the migrations sqlx-cli, refinery or diesel applied: each becomes a dibs
    /// migration running the same SQL, and what their history says ran is recorded in
    /// dibs's (through `baseline`, which checks the schema first).
    Import(ImportArgs),
    /// Add dibs to this Cargo project: a db crate (lib + bin), dibs.toml, and the crate in
    /// the workspace's members.
    Init(InitArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write a migration from the diff between the database and the declared schema,
    /// verified first on a scratch copy in the development database.
    Generate(GenerateArgs),
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

/// Which database: flag, else DATABASE_URL (environment or .env), else `database_url` in
/// dibs.toml, else the development database.
#[derive(Debug, Args)]
pub struct TargetArgs {
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RepairArgs {
    #[arg(long, value_name = "ID")]
    pub migration: String,
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Record migrations up to and including this one (default: all of them).
    #[arg(long, value_name = "ID")]
    pub migration: Option<String>,
    /// Record them even when the database differs from what they produce (the difference
    /// is printed).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The tool whose migrations to import.
    #[arg(value_enum)]
    pub tool: crate::import::Tool,
    /// Its migrations directory.
    #[arg(long, value_name = "DIR", default_value = "migrations")]
    pub dir: std::path::PathBuf,
    /// The database the tool migrated (its history table says what ran).
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// Only write the migrations; read no history and record nothing.
    #[arg(long)]
    pub no_record: bool,
    /// Record what the tool applied even if the database differs from what it produces.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The db crate's name (default: `<package or directory>-db`).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Depend on a dibs checkout by path instead of the published crates.
    #[arg(long, value_name = "DIR")]
    pub dibs_path: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What the migration does, e.g. "add user bio".
    pub name: String,
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub run: dibs_service::RunFlags,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Database whose schema is changed (postgres://user:password@host:port/db); with --to.
    #[arg(long, value_name = "URL", requires = "to")]
    pub from: Option<String>,
    /// Database whose schema is the goal; with --from.
    #[arg(long, value_name = "URL", requires = "from")]
    pub to: Option<String>,
    /// Without --from/--to: the database to compare with the declared schema.
    #[arg(long, value_name = "URL", conflicts_with_all = ["from", "to"])]
    pub database_url: Option<String>,
    /// Schemas to compare (repeatable). With --from/--to the default is every user
    /// schema of either database; against the declared schema, `public`.
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
    /// Schemas to leave out of a --from/--to comparison (repeatable).
    #[arg(long = "exclude-schema", value_name = "NAME", requires = "from")]
    pub exclude_schemas: Vec<String>,
    /// Publications to leave out of a --from/--to comparison (repeatable), such as one
    /// that replication infrastructure owns.
    #[arg(long = "exclude-publication", value_name = "NAME", requires = "from")]
    pub exclude_publications: Vec<String>,
    /// Compare privileges too (GRANT/REVOKE, default privileges) in a --from/--to
    /// comparison; the db crate's `Settings { privileges }` decides for the declared schema.
    #[arg(long, requires = "from")]
    pub privileges: bool,
    /// Compare owners too (`ALTER … OWNER TO`) in a --from/--to comparison: what the
    /// plan creates is owned by the role connecting to --from. The db crate's
    /// `Settings { owner }` decides for the declared schema.
    #[arg(long, requires = "from")]
    pub owners: bool,
    /// Print the typed change list as JSON instead of SQL.
    #[arg(long)]
    pub json: bool,
}
