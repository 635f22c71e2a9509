//! The `dibs` command: parse, run, render any error once, exit with a documented code.

mod args;
mod commands;
mod config;
mod exit;
mod generate;
mod import;
mod init;
mod output;
mod rpc;
mod spawn;

use std::process::ExitCode;

fn main() -> ExitCode {
    dibs_service::restore_sigpipe();
    let args = match dibs_service::parse_args::<args::Cli>() {
        Ok(args) => args,
        Err(code) => return code,
    };
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
            // flight rolls back to its last committed step. SIGTERM (a CI runner's
            // cancel, `kill`) and SIGHUP (a closed terminal) are handled the same way, or
            // the db binary, in its own process group, would outlive the CLI.
            () = interrupted() => None,
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

/// Resolves on the first SIGINT, SIGTERM or SIGHUP.
async fn interrupted() {
    use tokio::signal::unix::SignalKind;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = signalled(SignalKind::terminate()) => {}
        () = signalled(SignalKind::hangup()) => {}
    }
}

/// Resolves when `kind` arrives; never, if it cannot be listened for.
async fn signalled(kind: tokio::signal::unix::SignalKind) {
    match tokio::signal::unix::signal(kind) {
        Ok(mut signal) => drop(signal.recv().await),
        Err(_) => std::future::pending().await,
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
