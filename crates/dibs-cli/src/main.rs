//! The `dibs` command: parse, run, render any error once, exit with a documented code.

mod args;
mod commands;
mod config;
mod exit;
mod generate;
mod output;
mod rpc;
mod spawn;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    dibs_service::restore_sigpipe();
    let args = args::Cli::parse();
    let runtime = match runtime(&args) {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: could not start the async runtime: {err}");
            return ExitCode::from(exit::ERROR);
        }
    };
    let outcome = runtime.block_on(async {
        tokio::select! {
            result = commands::run(args) => Some(result),
            // Dropping the command ends the db binary (kill_on_drop); a migration in
            // flight rolls back to its last committed step.
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    let Some(outcome) = outcome else {
        eprintln!("interrupted: work committed so far is kept; run the command again to continue");
        return ExitCode::from(exit::INTERRUPTED);
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            output::print_error(err.as_ref());
            ExitCode::from(exit::ERROR)
        }
    }
}

/// Most commands wait on the db binary or one database: one thread starts and wakes
/// quickest (≈0.5 ms of a 10 ms `dibs status`). Reading two databases decodes both
/// catalogs in parallel.
fn runtime(args: &args::Cli) -> std::io::Result<tokio::runtime::Runtime> {
    if args.reads_two_databases() {
        dibs_service::runtime()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    }
}
