//! The RPC contract between the `dibs` CLI and an app's db binary (`my-app-db serve`).
//!
//! The CLI compiles in no schema: it spawns the db binary, which listens on loopback,
//! and calls these methods. Every connection opens with a [`greeting`] in which both sides
//! check [`PROTOCOL_VERSION`] and the per-spawn token; nothing is answered before it.

pub mod greeting;

pub use dibs_runner::Event;
use dibs_schema::{Plan, Schema};

/// Bumped on any incompatible change to the methods or types below, and with every vox
/// upgrade (sessions start without vox's schema exchange, see [`greeting`]).
pub const PROTOCOL_VERSION: u32 = 9;

/// Environment variable the CLI uses to hand the spawned binary its token.
pub const TOKEN_ENV: &str = "DIBS_RPC_TOKEN";

/// Environment variable through which the CLI announces the database it is about to ask
/// about, so the db binary can open that connection while the session is set up.
pub const PRECONNECT_ENV: &str = "DIBS_PRECONNECT_URL";

/// Environment variable naming the read-only call the CLI will make first, on the
/// database in [`PRECONNECT_ENV`], so that the db binary can start answering it before the
/// session is up.
pub const PREFETCH_ENV: &str = "DIBS_PREFETCH";

/// The calls the CLI may announce at spawn: read-only ones, whose early answer is the
/// same as a slightly earlier call's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefetch {
    MigrateStatus,
    SchemaDiff,
}

impl Prefetch {
    pub fn env_value(self) -> &'static str {
        match self {
            Prefetch::MigrateStatus => "migrate.status",
            Prefetch::SchemaDiff => "schema.diff",
        }
    }

    pub fn from_env_value(value: &str) -> Option<Prefetch> {
        [Prefetch::MigrateStatus, Prefetch::SchemaDiff]
            .into_iter()
            .find(|p| p.env_value() == value)
    }
}

/// First line the serving binary prints on stdout: `DIBS-LISTENING <port>`.
pub const LISTENING_PREFIX: &str = "DIBS-LISTENING ";

/// One migration's state, for `dibs status`.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct MigrationStatus {
    pub id: String,
    pub state: MigrationState,
    pub applied_at: Option<String>,
}

/// Where a migration stands; the runner's `State` without its data, for the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[facet(rename_all = "lowercase")]
#[repr(u8)]
pub enum MigrationState {
    Applied,
    Pending,
    /// Applied, but its code changed since: migrate refuses until repaired or reverted.
    Modified,
    /// Applied, but no longer compiled into the db binary.
    Missing,
}

impl MigrationState {
    /// The word `status` prints.
    pub fn label(self) -> &'static str {
        match self {
            MigrationState::Applied => "applied",
            MigrationState::Pending => "pending",
            MigrationState::Modified => "modified",
            MigrationState::Missing => "missing",
        }
    }
}

impl MigrationStatus {
    pub fn new(id: String, state: &dibs_runner::State) -> MigrationStatus {
        use dibs_runner::State;
        let (state, applied_at) = match state {
            State::Applied { applied_at } => (MigrationState::Applied, Some(applied_at)),
            State::Pending => (MigrationState::Pending, None),
            State::Modified { applied_at } => (MigrationState::Modified, Some(applied_at)),
            State::Missing { applied_at } => (MigrationState::Missing, Some(applied_at)),
        };
        MigrationStatus {
            id,
            state,
            applied_at: applied_at.cloned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct RunRequest {
    pub database_url: String,
    /// Stop after this migration (inclusive).
    pub migration: Option<String>,
    pub dry_run: bool,
    pub allow_out_of_order: bool,
    /// Per-statement wait for a table lock before the attempt is retried.
    pub lock_timeout_ms: u64,
    /// Per-statement limit; 0 for none.
    pub statement_timeout_ms: u64,
    /// Attempts after lock timeouts before the run fails.
    pub lock_retries: u32,
    /// How long to wait for another runner holding the migration lock.
    pub lock_wait_secs: u64,
}

#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct RunReply {
    pub applied: Vec<String>,
}

/// An error the db binary reports to the CLI: its message (already redacted) and a kind
/// the CLI can act on.
#[derive(Debug, Clone, PartialEq, facet::Facet)]
pub struct RpcError {
    pub kind: ErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, facet::Facet)]
#[repr(u8)]
pub enum ErrorKind {
    /// The database could not be reached or answered with an error.
    Database,
    /// The schema declared in the db crate is invalid.
    Declarations,
    /// Migrations refused to run (edited, missing, out of order, failed).
    Migrations,
    /// The diff could not be planned (an unmanaged object in the way, a cycle).
    Plan,
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RpcError {}

/// What a baseline recorded.
#[derive(Debug, Clone, Default, PartialEq, facet::Facet)]
pub struct BaselineReply {
    /// Migrations now recorded as applied, in order (none when all were applied already).
    pub recorded: Vec<String>,
    /// With `force`, the statements that would have made the database match, if any.
    pub forced_diff: Option<String>,
}

/// What the db binary answers.
#[vox::service]
pub trait DibsDb {
    /// The schema declared in the db crate, normalized by no server (as declared).
    async fn schema_collect(&self) -> Result<Schema, RpcError>;
    /// The plan from the database to the declared schema.
    async fn schema_diff(&self, database_url: String) -> Result<Plan, RpcError>;
    async fn migrate_status(&self, database_url: String) -> Result<Vec<MigrationStatus>, RpcError>;
    /// Re-records the checksum of an applied migration whose code was edited on purpose.
    async fn migrate_repair(&self, database_url: String, migration: String)
    -> Result<(), RpcError>;
    /// Records migrations as applied without running them, after proving the database
    /// has their schema (`force` records them anyway, and the reply carries the diff).
    async fn migrate_baseline(
        &self,
        database_url: String,
        migration: Option<String>,
        force: bool,
    ) -> Result<BaselineReply, RpcError>;
    /// Runs migrations, streaming the runner's events while it works.
    async fn migrate_run(
        &self,
        request: RunRequest,
        events: vox::Tx<Event>,
    ) -> Result<RunReply, RpcError>;
}
