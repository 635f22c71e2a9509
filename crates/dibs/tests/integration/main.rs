//! Rust declarations against a real Postgres: collect, normalize, apply, converge.

mod declarations;
mod edits;
mod errors;
mod identifiers;
mod objects;
mod support;
mod types;
