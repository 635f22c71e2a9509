//! The runner on real Postgres, with the example's migrations and test-only ones
//! (ids starting 2025, selected per test by prefix).

mod baseline;
mod child;
mod cli;
mod faults;
mod locking;
mod runner;
mod support;
mod test_migrations;
