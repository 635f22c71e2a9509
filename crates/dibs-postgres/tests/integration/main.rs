//! Integration tests of the Postgres side, against a real server (one test binary).

mod common;
mod convergence;
mod errors;
mod introspection;
mod random_schemas;
mod scratch;
mod tls;
