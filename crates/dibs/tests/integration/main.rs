//! Rust declarations against a real Postgres: collect, normalize, apply, converge.

mod declarations;
mod edits;
mod errors;
mod objects;
mod support;
mod types;
