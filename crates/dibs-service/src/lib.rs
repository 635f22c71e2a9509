//! The db crate's binary: one call in `main` gives it `migrate`, `status`, `diff` and
//! `repair`, run directly against a database (CI, k8s init containers, production).
//!
//! ```no_run
//! fn main() -> std::process::ExitCode {
//!     dibs_service::main(dibs_service::Settings::default())
//! }
//! ```

mod args;
mod commands;
mod database_url;
mod early;
mod error;
pub mod report;
mod serve;
mod settings;

pub use args::{RunFlags, run_options};
pub use commands::baseline::{forced_warning, recorded_lines};
pub use database_url::from_dotenv;
pub use error::ServiceError;
pub use settings::Settings;

use std::process::ExitCode;

/// Exit code when `diff` finds drift.
pub const EXIT_DRIFT: u8 = 2;

/// Parses the command line, runs the command, renders any error once, and returns the
/// exit code: 0 success (or in sync), 1 error, 2 drift.
pub fn main(settings: Settings) -> ExitCode {
    restore_sigpipe();
    let args = match parse_args::<args::Cli>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: could not start the async runtime: {err}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(args, settings)) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            report::print_error(&err);
            ExitCode::from(1)
        }
    }
}

/// Parses the command line. A usage error exits 1, not clap's 2: for `diff`, 2 means drift,
/// and a CI step must not read a mistyped flag as "the schema differs".
pub fn parse_args<T: clap::Parser>() -> Result<T, ExitCode> {
    T::try_parse().map_err(|err| {
        let _ = err.print();
        if err.use_stderr() {
            ExitCode::from(1)
        } else {
            // --help and --version
            ExitCode::SUCCESS
        }
    })
}

/// The async runtime the db binary and the dibs CLI run on: two workers are plenty for a
/// command-line tool that mostly waits on Postgres.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    grow_heaps_in_large_steps();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

/// Lets a closed pipe end the process quietly (`my-app-db status | head -1`), as command
/// line tools do, instead of a panic from `println!` on a broken pipe.
pub fn restore_sigpipe() {
    // SAFETY: called at the start of main, before any thread exists; resetting a signal's
    // disposition to the default has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Reading a big catalog allocates tens of megabytes in a burst on the worker threads.
/// glibc grows a thread's heap 128 KiB at a time, each step an `mprotect` that takes the
/// process-wide memory lock the other threads' page faults wait on: that was an eighth of
/// `dibs diff`'s CPU on a 1730-table schema. Growing by 64 MiB (address space only; pages
/// are still touched on use) removes it.
fn grow_heaps_in_large_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a malloc tuning parameter; it is called before the
    // runtime's threads exist.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}
