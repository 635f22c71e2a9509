//! The schema of my-app: table structs the app imports, and (with the `migrations`
//! feature, on by default) the migrations the `my-app-db` binary runs.

mod objects;
mod tables;

pub use objects::*;
pub use tables::*;

#[cfg(feature = "migrations")]
pub mod migrations;

/// Runs the migration binary's command line (`migrate`, `status`, `diff`, `repair`) with
/// this crate's schema settings. Calling it from `main` also links this library, and with
/// it every table and migration it registers.
#[cfg(feature = "migrations")]
pub fn run_service() -> std::process::ExitCode {
    dibs_service::main(dibs_service::Settings::default())
}
