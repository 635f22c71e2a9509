//! Rust declarations against a real Postgres: collect, normalize, apply, converge.

mod declarations;
mod edits;
mod errors;
mod support;
mod types;
