//! dibs: declare Postgres tables as Rust structs with facet, and collect them into the
//! schema model that dibs diffs against a live database.

pub mod attrs;
mod error;
mod reader;
mod register;

pub use error::DeclarationError;
pub use reader::{collect_schema, schema_from_shapes};
pub use register::TableDecl;

pub use dibs_schema as schema;

#[doc(hidden)]
pub use facet;
#[doc(hidden)]
pub use inventory;
