//! Errors from talking to Postgres, keeping every field the server sent.

use std::fmt;

/// A message from the server, with the fields that help fix it.
#[derive(Debug, Clone)]
pub struct ServerError {
    pub code: String,
    pub message: String,
    pub detail: Option<String>,
    pub hint: Option<String>,
    /// 1-based character position in the statement, when the server gave one.
    pub position: Option<u32>,
}

impl ServerError {
    /// Extracts the server's fields from a client error, if it came from the server.
    pub fn from_client(err: &tokio_postgres::Error) -> Option<ServerError> {
        let db = err.as_db_error()?;
        Some(ServerError {
            code: db.code().code().to_string(),
            message: db.message().to_string(),
            detail: db.detail().map(str::to_string),
            hint: db.hint().map(str::to_string),
            position: match db.position() {
                Some(tokio_postgres::error::ErrorPosition::Original(p)) => Some(*p),
                _ => None,
            },
        })
    }
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (SQLSTATE {})", self.message, self.code)?;
        if let Some(detail) = &self.detail {
            write!(f, "\n  detail: {detail}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServerError {}

/// Why a database operation failed. Display never includes a password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DbError {
    #[error(
        "invalid database URL {url}: {reason}; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"
    )]
    InvalidUrl { url: String, reason: String },
    #[error("could not connect to {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error(
        "PostgreSQL {found} at {url} is not supported; dibs supports server versions {supported}"
    )]
    UnsupportedVersion {
        url: String,
        found: String,
        supported: &'static str,
    },
    #[error("while {doing}: {server}")]
    Server {
        doing: String,
        server: Box<ServerError>,
    },
    #[error("while {doing}: {reason}")]
    Client { doing: String, reason: String },
    /// A function, trigger or view declared in the db crate that the scratch database
    /// could not build, or that built something else than declared.
    #[error("{declaration}: {reason}")]
    Declaration { declaration: String, reason: String },
    #[error("statement failed: {server}\n  statement: {statement}")]
    Statement {
        statement: String,
        server: Box<ServerError>,
    },
}

impl DbError {
    /// Wraps a client error raised while doing `doing`.
    pub fn query(doing: impl Into<String>, err: tokio_postgres::Error) -> DbError {
        let doing = doing.into();
        match ServerError::from_client(&err) {
            Some(server) => DbError::Server {
                doing,
                server: Box::new(server),
            },
            None => DbError::Client {
                doing,
                reason: err.to_string(),
            },
        }
    }
}
