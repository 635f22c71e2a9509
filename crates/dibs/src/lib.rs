//! dibs: declare Postgres tables as Rust structs with facet, and collect them into the
//! schema model that dibs diffs against a live database.

pub mod attrs;
mod error;
mod reader;
mod register;

pub use error::DeclarationError;
pub use reader::{collect_schema, schema_from_shapes};
pub use register::{ExtensionDecl, SqlDecl, TableDecl};

pub use dibs_schema as schema;

#[cfg(feature = "migrations")]
pub use dibs_macros::migration;
#[cfg(feature = "migrations")]
pub use dibs_runner as runner;
#[cfg(feature = "migrations")]
pub use dibs_runner::{Backfill, MigrationContext, MigrationError};

/// What a migration function returns.
#[cfg(feature = "migrations")]
pub type Result<T, E = MigrationError> = std::result::Result<T, E>;

#[doc(hidden)]
pub use facet;
#[doc(hidden)]
pub use inventory;
