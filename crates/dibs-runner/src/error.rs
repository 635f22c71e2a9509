//! Runner errors. Each names the migration, the statement and the fix.

use dibs_postgres::{DbError, ServerError};

/// An error inside a migration function (`?` on ctx calls, or the migration's own).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MigrationError {
    #[error("statement failed: {server}\n  statement: {statement}{}", position_marker(statement, server.position))]
    Statement {
        statement: String,
        server: Box<ServerError>,
    },
    #[error("database error: {0}")]
    Database(#[from] DbError),
    #[error("{0}")]
    Message(String),
    /// A migration outside a transaction left INVALID indexes (a failed concurrent build).
    #[error("left INVALID indexes behind: {}", indexes.join(", "))]
    InvalidIndexes { indexes: Vec<String> },
}

impl MigrationError {
    pub fn new(message: impl Into<String>) -> MigrationError {
        MigrationError::Message(message.into())
    }

    pub(crate) fn statement(statement: &str, err: tokio_postgres::Error) -> MigrationError {
        match ServerError::from_client(&err) {
            Some(server) => MigrationError::Statement {
                statement: statement.to_string(),
                server: Box::new(server),
            },
            None => MigrationError::Database(DbError::query(format!("running {statement}"), err)),
        }
    }
}

/// A caret under the character the server pointed at, for single-line statements.
fn position_marker(statement: &str, position: Option<u32>) -> String {
    match position {
        Some(p) if !statement.contains('\n') && p >= 1 => {
            format!("\n             {}^", " ".repeat(p as usize - 1))
        }
        _ => String::new(),
    }
}

/// Why a run could not proceed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunnerError {
    #[error("migration id {id} is declared twice: at {first} and at {second}")]
    DuplicateId {
        id: String,
        first: String,
        second: String,
    },
    /// The cause is shown in the message itself (not as an error source), so that it is
    /// printed once, where it reads naturally.
    #[error("while running migration {id}: {error}")]
    Migration {
        id: String,
        error: Box<MigrationError>,
    },
    #[error(
        "while running migration {id}: {error}\n  the database already had {tables} table(s) \
         but no dibs history: the history table was dropped, or the schema was loaded from a \
         dump, so these migrations may have run before. If the database already has their \
         schema, record them with `dibs baseline` (it checks that first); otherwise restore the \
         history table or start from an empty database"
    )]
    Untracked {
        id: String,
        tables: u64,
        error: Box<MigrationError>,
    },
    #[error(
        "this role cannot create the dibs history tables in schema {schema} ({reason}); run \
         migrate as a role that may create tables there (the schema's owner, or after GRANT \
         CREATE ON SCHEMA {schema} TO the role), or create the history once with such a role"
    )]
    HistoryPermission { schema: String, reason: String },
    #[error(
        "migration {id} is not applied, so there is no recorded checksum to repair; `repair` is \
         for an applied migration whose code was edited on purpose. Run `migrate` to apply it"
    )]
    NotApplied { id: String },
    #[error(transparent)]
    Verify(#[from] crate::verify::VerifyError),
    #[error("unknown migration {id}: no migration with that id is compiled into this binary")]
    UnknownMigration { id: String },
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(
        "gave up on {id} after {attempts} lock timeouts; another session holds a lock on its tables"
    )]
    LockTimeouts { id: String, attempts: u32 },
    #[error(
        "gave up after {waited_secs} s waiting for another runner to release the migration lock \
         (held by {holder}); let it finish, stop it, or wait longer with --lock-wait-secs"
    )]
    LockWait { waited_secs: u64, holder: String },
    #[error(
        "migration {id} left INVALID indexes behind ({}), so it is not recorded as applied; \
         a concurrent index build failed (lock or statement timeout, deadlock, duplicate keys). \
         Fix the cause and rerun: the runner drops these indexes and the migration builds them again",
        indexes.join(", ")
    )]
    InvalidIndexLeft { id: String, indexes: Vec<String> },
    #[error(
        "this connection goes through a connection pooler (PgBouncer or similar: its cancel key \
         names process {key_pid}, the backend is {backend_pid}). Migrations need one session for \
         their lock and settings, which a transaction pooler does not keep. Run migrations over a \
         direct connection to Postgres: the pooler's upstream host and port in --database-url \
         (or DATABASE_URL)"
    )]
    Pooler { key_pid: i32, backend_pid: i32 },
    #[error(
        "history table name {name:?} must be 1 to 63 bytes (with its `_progress` suffix for the \
         progress table); Postgres would truncate it. Choose a shorter name in the db crate's settings"
    )]
    HistoryName { name: String },
}
