//! Postgres side of dibs: connecting (with redacted URLs and clear errors), reading a live
//! schema from pg_catalog, and applying DDL.

mod apply;
mod connect;
mod declared;
mod error;
mod introspect;
mod normalize;
pub mod pooler;
mod schemas;
pub mod scratch;
mod tls;
mod url;

pub use apply::apply_statements;
pub use connect::{SUPPORTED_VERSIONS, connect, redact_url};
pub use error::{DbError, ServerError};
pub use introspect::{IntrospectOptions, introspect};
pub use normalize::normalize;
pub use schemas::user_schemas;
pub use tls::{SslMode, TlsSettings};
pub use url::with_database;

/// The connection type `connect` returns, for callers that hold one.
pub use tokio_postgres::Client;
